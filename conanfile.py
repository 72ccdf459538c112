"""Conan 2 recipe for ftpwire, a header-only library.

    conan create . --build=missing          # builds the package and runs test_package/
    conan install --requires=ftpwire/0.1.0  # in a consuming project

package() runs the same CMake install as tests/package/run.sh (cmake/install.cmake); Conan's own
CMakeDeps/PkgConfigDeps generators then describe the package, so the installed share/ files are dropped.
"""
import os
import re

from conan import ConanFile
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeToolchain, cmake_layout
from conan.tools.files import copy, load, rmdir

required_conan_version = ">=2.0"


class FtpwireConan(ConanFile):
    name = "ftpwire"
    description = "Header-only C++17 library that reads, explains and sequences FTP control-connection replies"
    license = "MIT"
    url = "https://github.com/ftpwire/ftpwire"
    homepage = "https://github.com/ftpwire/ftpwire"
    topics = ("ftp", "protocol", "parser", "header-only")
    package_type = "header-library"
    settings = "os", "arch", "compiler", "build_type"
    exports_sources = "CMakeLists.txt", "LICENSE", "cmake/*", "include/*"
    no_copy_source = True

    # The options of the CMake install, the same as tests/package/run.sh and the vcpkg port pass.
    cmake_cache_variables = {
        "FTPWIRE_BUILD_TESTS": False,
        "FTPWIRE_BUILD_TOOLS": False,
        "FTPWIRE_BUILD_BENCH": False,
        "FTPWIRE_BUILD_EXAMPLES": False,
        "FTPWIRE_INSTALL": True,
    }

    def set_version(self):
        # One source of truth: the version macros in include/ftpwire/version.hpp.
        text = load(self, os.path.join(self.recipe_folder, "include", "ftpwire", "version.hpp"))
        parts = [re.search(r"#define\s+FTPWIRE_VERSION_%s\s+(\d+)" % p, text).group(1)
                 for p in ("MAJOR", "MINOR", "PATCH")]
        self.version = ".".join(parts)

    def layout(self):
        cmake_layout(self)

    def package_id(self):
        # Header-only: one package for every os, compiler and build type.
        self.info.clear()

    def validate(self):
        if self.settings.get_safe("compiler.cppstd"):
            check_min_cppstd(self, 17)

    def generate(self):
        toolchain = CMakeToolchain(self)
        for name, value in self.cmake_cache_variables.items():
            toolchain.cache_variables[name] = value
        toolchain.generate()

    def build(self):
        CMake(self).configure()

    def package(self):
        CMake(self).install()
        copy(self, "LICENSE", src=self.source_folder, dst=os.path.join(self.package_folder, "licenses"))
        rmdir(self, os.path.join(self.package_folder, "share"))

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.set_property("cmake_file_name", "ftpwire")
        self.cpp_info.set_property("cmake_target_name", "ftpwire::ftpwire")
        self.cpp_info.set_property("pkg_config_name", "ftpwire")
