#!/usr/bin/env python3
"""Checks the vcpkg port and the Conan recipe as far as possible without vcpkg or Conan (standard library only).

- ports/ftpwire/vcpkg.json parses, names ftpwire at the version of include/ftpwire/version.hpp and needs the
  vcpkg-cmake helpers; portfile.cmake calls them and fixes up the directory cmake/install.cmake installs to.
- conanfile.py and test_package/conanfile.py compile; conanfile.py, loaded against a stand-in for the conan
  module, reports the same version, is a header library whose package_id clears its settings, and names the
  CMake target ftpwire::ftpwire and the pkg-config module ftpwire.
- Both recipes pass the same FTPWIRE_* options as the install tests/package/run.sh tests, and those options
  exist in CMakeLists.txt.
- Conan's exports_sources hold everything that install needs: the install is run from only those files.
- Every versioned reference in README.md (ftpwire/X.Y.Z, vX.Y.Z, "version": ...) is the current version.

Usage: check_recipes.py [--no-install]   (exit 0 ok, 1 a problem found)
"""
import fnmatch
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import types

sys.dont_write_bytecode = True  # importing conanfile.py must leave no __pycache__ in the tree
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
problems = []


def read(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as f:
        return f.read()


def check(ok, message):
    if not ok:
        problems.append(message)
    return ok


def header_version():
    text = read("include", "ftpwire", "version.hpp")
    return ".".join(re.search(r"#define\s+FTPWIRE_VERSION_%s\s+(\d+)" % p, text).group(1)
                    for p in ("MAJOR", "MINOR", "PATCH"))


def run_sh_install_options():
    """The -DFTPWIRE_*=ON/OFF options tests/package/run.sh configures the tested install with."""
    text = read("tests", "package", "run.sh")
    body = re.search(r"install_with_cmake\(\) \{(.*?)\n\}", text, re.S).group(1)
    return {k: v == "ON" for k, v in re.findall(r"-D(FTPWIRE_\w+)=(ON|OFF)", body)}


def cmake_options():
    return set(re.findall(r"option\((FTPWIRE_\w+)", read("CMakeLists.txt")))


def check_vcpkg(version, options):
    try:
        manifest = json.loads(read("ports", "ftpwire", "vcpkg.json"))
    except ValueError as e:
        check(False, "ports/ftpwire/vcpkg.json does not parse: %s" % e)
        return
    check(manifest.get("name") == "ftpwire", "vcpkg.json: name is not ftpwire")
    check(manifest.get("version") == version,
          "vcpkg.json: version %r is not %s (version.hpp)" % (manifest.get("version"), version))
    check(manifest.get("license") == "MIT", "vcpkg.json: license is not MIT")
    host_deps = {d["name"] for d in manifest.get("dependencies", []) if isinstance(d, dict) and d.get("host")}
    check({"vcpkg-cmake", "vcpkg-cmake-config"} <= host_deps,
          "vcpkg.json: vcpkg-cmake and vcpkg-cmake-config must be host dependencies")

    portfile = read("ports", "ftpwire", "portfile.cmake")
    for call in ("vcpkg_cmake_configure", "vcpkg_cmake_install", "vcpkg_cmake_config_fixup",
                 "vcpkg_install_copyright"):
        check(call + "(" in portfile, "portfile.cmake does not call %s" % call)
    check(re.search(r'file\(REMOVE_RECURSE\s+"\$\{CURRENT_PACKAGES_DIR\}/debug"\)', portfile) is not None,
          "portfile.cmake does not remove the debug directory")
    # The default computed when FTPWIRE_INSTALL_CMAKEDIR is left empty.
    config_dir = re.search(r"set\(ftpwire_install_cmakedir\s+\"\$\{CMAKE_INSTALL_DATADIR\}/([^\"\s]+)\"\)",
                           read("cmake", "install.cmake")).group(1)
    fixup = re.search(r"vcpkg_cmake_config_fixup\(CONFIG_PATH\s+(\S+?)\)", portfile)
    check(fixup is not None and fixup.group(1) == "share/" + config_dir,
          "portfile.cmake: vcpkg_cmake_config_fixup(CONFIG_PATH ...) is not share/%s, where "
          "cmake/install.cmake installs ftpwireConfig.cmake" % config_dir)
    port_options = {k: v == "ON" for k, v in re.findall(r"-D(FTPWIRE_\w+)=(ON|OFF)", portfile)}
    check(port_options == options,
          "portfile.cmake passes %s, tests/package/run.sh tests the install with %s" % (port_options, options))

    usage = read("ports", "ftpwire", "usage")
    consumer = read("tests", "package", "find_package", "CMakeLists.txt")
    check("find_package(ftpwire CONFIG REQUIRED)" in usage and "find_package(ftpwire CONFIG REQUIRED)" in consumer,
          "ports/ftpwire/usage and tests/package/find_package disagree on find_package(ftpwire CONFIG REQUIRED)")
    check("ftpwire::ftpwire" in usage, "ports/ftpwire/usage does not name the target ftpwire::ftpwire")


class _Recorder:
    """Stands in for any conan object: records calls and attribute writes, returns itself."""

    def __init__(self, log, name):
        self.__dict__["_log"], self.__dict__["_name"] = log, name

    def __getattr__(self, attr):
        return _Recorder(self._log, self._name + "." + attr)

    def __setattr__(self, attr, value):
        self._log.append((self._name + "." + attr, value))

    def __call__(self, *args, **kwargs):
        self._log.append((self._name, args, kwargs))
        return self


def load_conanfile(path):
    """Imports conanfile.py against stand-in conan modules; returns (module, log of recorded calls)."""
    log = []

    class ConanFile:
        pass

    def recorder(name):
        return lambda *a, **k: _Recorder(log, name)(*a, **k)

    stubs = {
        "conan": {"ConanFile": ConanFile},
        "conan.tools": {},
        "conan.tools.build": {"check_min_cppstd": recorder("check_min_cppstd"), "can_run": lambda self: True},
        "conan.tools.cmake": {"CMake": recorder("CMake"), "cmake_layout": recorder("cmake_layout")},
        "conan.tools.files": {
            "copy": recorder("copy"), "rmdir": recorder("rmdir"),
            "load": lambda self, p: open(p, encoding="utf-8").read(),
        },
    }

    class Toolchain:
        def __init__(self, conanfile):
            self.cache_variables = {}
            log.append(("CMakeToolchain", self))

        def generate(self):
            log.append(("CMakeToolchain.generate",))

    stubs["conan.tools.cmake"]["CMakeToolchain"] = Toolchain
    saved = {name: sys.modules.get(name) for name in stubs}
    try:
        for name, attrs in stubs.items():
            module = types.ModuleType(name)
            module.__dict__.update(attrs)
            sys.modules[name] = module
        spec = importlib.util.spec_from_file_location("ftpwire_conanfile", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        for name, old in saved.items():
            if old is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = old
    return module, log


def check_conan(version, options):
    for path in ("conanfile.py", os.path.join("test_package", "conanfile.py")):
        try:  # what `python3 -m py_compile` checks, without writing a .pyc into the tree
            compile(read(path), path, "exec")
        except SyntaxError as e:
            check(False, "%s does not compile: %s" % (path, e))
            return None
    module, log = load_conanfile(os.path.join(ROOT, "conanfile.py"))
    recipes = [c for c in vars(module).values()
               if isinstance(c, type) and c.__name__ != "ConanFile" and c.__module__ == module.__name__]
    if not check(len(recipes) == 1, "conanfile.py must define exactly one recipe class"):
        return None
    recipe = recipes[0]()
    recipe.recipe_folder = ROOT
    recipe.settings = _Recorder(log, "settings")
    recipe.set_version()
    check(recipe.name == "ftpwire", "conanfile.py: name is not ftpwire")
    check(recipe.version == version, "conanfile.py: version %s is not %s" % (recipe.version, version))
    check(recipe.package_type == "header-library", "conanfile.py: package_type is not header-library")
    check(recipe.license == "MIT", "conanfile.py: license is not MIT")

    recipe.info = _Recorder(log, "info")
    recipe.package_id()
    check(("info.clear", (), {}) in log, "conanfile.py: package_id() does not call self.info.clear()")

    recipe.generate()
    toolchains = [entry[1] for entry in log if entry[0] == "CMakeToolchain"]
    conan_options = toolchains[-1].cache_variables if toolchains else {}
    check(conan_options == options,
          "conanfile.py sets %s, tests/package/run.sh tests the install with %s" % (conan_options, options))
    recipe.package_folder = "/package"
    recipe.source_folder = ROOT
    del log[:]
    recipe.package()
    check(any(entry[0] == "CMake.install" for entry in log), "conanfile.py: package() does not run CMake install")

    recipe.cpp_info = _Recorder(log, "cpp_info")
    recipe.package_info()
    properties = {entry[1][0]: entry[1][1] for entry in log if entry[0] == "cpp_info.set_property"}
    for key, want in (("cmake_file_name", "ftpwire"), ("cmake_target_name", "ftpwire::ftpwire"),
                      ("pkg_config_name", "ftpwire")):
        check(properties.get(key) == want,
              "conanfile.py: package_info() sets %s to %r, not %r" % (key, properties.get(key), want))
    return recipe


def exported_files(patterns):
    """The repository files Conan would export for the given exports_sources patterns."""
    files = []
    for directory, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in (".git", "build")]
        for n in names:
            rel = os.path.relpath(os.path.join(directory, n), ROOT).replace(os.sep, "/")
            if any(fnmatch.fnmatch(rel, p) for p in patterns):
                files.append(rel)
    return sorted(files)


def check_install_from_exports(recipe, options):
    """Runs the recipes' CMake install from only the files Conan exports, and checks the headers arrive."""
    if shutil.which("cmake") is None:
        check(False, "cmake not found: cannot check the install from the exported sources")
        return
    with tempfile.TemporaryDirectory(prefix="ftpwire-recipes.") as tmp:
        src = os.path.join(tmp, "src")
        for rel in exported_files(recipe.exports_sources):
            os.makedirs(os.path.dirname(os.path.join(src, rel)), exist_ok=True)
            shutil.copy2(os.path.join(ROOT, rel), os.path.join(src, rel))
        args = ["-D%s=%s" % (k, "ON" if v else "OFF") for k, v in sorted(options.items())]
        for cmd in (["cmake", "-S", src, "-B", os.path.join(tmp, "build")] + args,
                    ["cmake", "--install", os.path.join(tmp, "build"), "--prefix", os.path.join(tmp, "prefix")]):
            result = subprocess.run(cmd, capture_output=True, text=True)
            if not check(result.returncode == 0, "with only conanfile.py's exports_sources, `%s` fails:\n%s%s"
                         % (" ".join(cmd[:2]), result.stdout[-2000:], result.stderr[-2000:])):
                return
        want = sorted(os.path.relpath(os.path.join(d, n), os.path.join(ROOT, "include"))
                      for d, _, ns in os.walk(os.path.join(ROOT, "include", "ftpwire")) for n in ns
                      if n.endswith(".hpp"))
        inc = os.path.join(tmp, "prefix", "include")
        got = sorted(os.path.relpath(os.path.join(d, n), inc) for d, _, ns in os.walk(inc) for n in ns)
        check(got == want, "the install from the exported sources has headers %s, not %s" % (got, want))


def check_readme_versions(version):
    text = read("README.md")
    section = text.split("## Installation / use in your project", 1)
    if not check(len(section) == 2, 'README.md has no "## Installation / use in your project" section'):
        return
    for found in re.findall(r"(?:ftpwire/|\bv|\"version\": \")(\d+\.\d+\.\d+)", section[1]):
        check(found == version, "README.md installation section mentions version %s, not %s" % (found, version))


def main():
    version = header_version()
    options = run_sh_install_options()
    check(options and set(options) <= cmake_options(),
          "tests/package/run.sh uses options %s that CMakeLists.txt does not define" % sorted(options))
    check_vcpkg(version, options)
    recipe = check_conan(version, options)
    if recipe is not None and "--no-install" not in sys.argv:
        check_install_from_exports(recipe, options)
    check_readme_versions(version)
    for p in problems:
        print("check_recipes: " + p)
    print("check_recipes: %s (version %s, install options %s)"
          % ("ok" if not problems else "%d problem(s)" % len(problems), version,
             " ".join("%s=%s" % (k, "ON" if v else "OFF") for k, v in sorted(options.items()))))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
