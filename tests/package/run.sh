#!/usr/bin/env bash
# Consumer tests: builds and runs a small program (tests/package/main.cpp) against ftpwire in each way a C++
# project can use it, each in its own temporary directory (removed on exit), offline:
#   1 find_package   CMake package installed to a temporary prefix (cmake/install.cmake); Conan's
#                    test_package/ built against it too
#   2 add_subdirectory   the source tree vendored into the project; also by a project with its own `ftpwire`
#                    target
#   3 fetchcontent   FetchContent from a file:// git repository holding the current tree, tag v<version>
#   4 pkg_config     ftpwire.pc from the CMake install and from the meson install, one compiler call; each
#                    install also moved to another directory (the .pc finds the prefix from where it is)
#   5 meson          ftpwire as a meson subproject through dependency('ftpwire', fallback: ...)
#   6 single_header  single_include/ftpwire/ftpwire.hpp copied alone; also compiled with g++ and clang++,
#                    C++17 and C++20, -Wall -Wextra -Wpedantic -Werror -fno-exceptions -fno-rtti
#   7 cxx_standard   each public header and the single header compiled as C++11/C++14 (g++, clang++, and a
#                    meson consumer with cpp_std=c++14): the first error is version.hpp's "ftpwire needs C++17"
# Usage: tests/package/run.sh [TEST...]   (default: all; env CXX picks the compiler, default c++)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/tests/package
cxx=${CXX:-c++}
version=$(sed -n 's/^#define FTPWIRE_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)$/\2/p' \
          "$root/include/ftpwire/version.hpp" | paste -sd.)
work=$(mktemp -d "${TMPDIR:-/tmp}/ftpwire-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
tests=("$@")
# meson runs before the tests that share install_with_cmake: its variables once clobbered that function's flag.
all_tests=(single_header meson find_package pkg_config add_subdirectory fetchcontent cxx_standard)
[ ${#tests[@]} -gt 0 ] || tests=("${all_tests[@]}")

step() { printf -- '-- package test: %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }
quiet() {  # runs a command, shows its output only when it fails
    local log=$work/last.log
    if ! "$@" >"$log" 2>&1; then cat "$log" >&2; fail "$*"; fi
}
expect_runs() {  # program: runs it and checks it reports the version in version.hpp
    local out
    out=$("$1") || fail "$1 exited with status $?"
    [[ $out == "ftpwire $version: RNFR 503" ]] || fail "$1 printed '$out', expected 'ftpwire $version: RNFR 503'"
}
new_project() {  # name [directory name]: a fresh directory holding tests/package/<name>/ and main.cpp
    local dir=$work/${2:-$1}
    mkdir -p "$dir"
    if [ -d "$here/$1" ]; then cp -R "$here/$1/." "$dir/"; fi
    cp "$here/main.cpp" "$dir/"
    printf '%s' "$dir"
}
cmake_consumer() {  # source dir, extra cmake args...: configure, build, run
    local src=$1; shift
    quiet cmake -S "$src" -B "$src/build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" "$@"
    quiet cmake --build "$src/build"
    expect_runs "$src/build/app"
}

# The current tree (tracked and new files, nothing ignored), as a git repository tagged v<version>: what a
# user would clone. Every test uses this copy, so the checkout itself stays untouched.
snapshot=$work/ftpwire
mkdir -p "$snapshot"
# A checkout owned by another user is still read as one (git refuses it otherwise: "dubious ownership"); the
# copy belongs to whoever runs this (tar as root would keep the checkout's owner, which git would refuse next).
root_git=(git -c safe.directory="$root" -C "$root")
if "${root_git[@]}" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    ("${root_git[@]}" ls-files -z --cached --others --exclude-standard |
        tar -C "$root" --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -C "$snapshot" --no-same-owner -xf -
else
    tar -C "$root" --exclude=./build --exclude=./.git -cf - . | tar -C "$snapshot" --no-same-owner -xf -
fi
git -C "$snapshot" init -q
git -C "$snapshot" add -A
git -C "$snapshot" -c user.name=ftpwire-tests -c user.email=tests@localhost -c commit.gpgsign=false \
    commit -q -m "snapshot for the package tests"
git -C "$snapshot" tag "v$version"

# The install every recipe uses (vcpkg's portfile and conanfile.py pass the same options).
prefix=$work/prefix
cmake_install_done=false
install_with_cmake() {
    $cmake_install_done && return
    quiet cmake -S "$snapshot" -B "$work/build-install" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
        -DFTPWIRE_BUILD_TESTS=OFF -DFTPWIRE_BUILD_TOOLS=OFF -DFTPWIRE_BUILD_BENCH=OFF \
        -DFTPWIRE_BUILD_EXAMPLES=OFF -DFTPWIRE_INSTALL=ON
    quiet cmake --install "$work/build-install" --prefix "$prefix"
    # Exactly the headers of include/ftpwire/, the CMake package files and ftpwire.pc; nothing else.
    local want got
    want=$( (cd "$snapshot" && find include/ftpwire -name '*.hpp'
             printf '%s\n' share/cmake/ftpwire/ftpwireConfig.cmake share/cmake/ftpwire/ftpwireConfigVersion.cmake \
                           share/cmake/ftpwire/ftpwireTargets.cmake share/pkgconfig/ftpwire.pc) | sort)
    got=$(cd "$prefix" && find . -type f | sed 's|^\./||' | sort)
    [ "$want" = "$got" ] || fail "installed files differ from the expected list:
$(diff <(echo "$want") <(echo "$got") || true)"
    cmake_install_done=true
}
pkg_config_compile() {  # project dir, directory holding ftpwire.pc: one compiler call with pkg-config's flags
    rm -f "$1/app"
    (cd "$1" && export PKG_CONFIG_PATH=$2 &&
        quiet sh -c 'c++ -std=c++17 $(pkg-config --cflags ftpwire) main.cpp -o app')
    expect_runs "$1/app"
}
pc_is_relocatable() {  # ftpwire.pc, the prefix it was installed to: it names no configure-time path
    if grep -F "$2" "$1" >/dev/null; then fail "$1 hard-codes the install prefix $2:
$(cat "$1")"; fi
}

version_compatible() {  # requested version: prints what ftpwireConfigVersion.cmake answers
    local req=$1 script=$work/version-check.cmake
    printf '%s\n' 'cmake_minimum_required(VERSION 3.16)' "set(PACKAGE_FIND_VERSION $req)" "string(REPLACE . \";\" v $req)" \
        'list(GET v 0 PACKAGE_FIND_VERSION_MAJOR)' 'list(GET v 1 PACKAGE_FIND_VERSION_MINOR)' \
        "include($prefix/share/cmake/ftpwire/ftpwireConfigVersion.cmake)" \
        'message("${PACKAGE_VERSION_COMPATIBLE}")' >"$script"
    cmake -P "$script" 2>&1
}

for t in "${tests[@]}"; do
    case $t in
    single_header)
        step "single header copied alone, one compiler call"
        dir=$(new_project single_header)
        mkdir -p "$dir/ftpwire"
        cp "$root/single_include/ftpwire/ftpwire.hpp" "$dir/ftpwire/"
        (cd "$dir" && quiet c++ -std=c++17 -I. main.cpp -o app)
        expect_runs "$dir/app"
        clangxx=$(command -v clang++-14 || command -v clang++ || true)
        [ -n "$clangxx" ] || fail "clang++-14 not found"
        for compiler in g++ "$clangxx"; do
            for std in c++17 c++20; do
                step "single header: $(basename "$compiler") -std=$std, strict warnings, no exceptions/RTTI"
                (cd "$dir" && quiet "$compiler" -std=$std -Wall -Wextra -Wpedantic -Werror -fno-exceptions \
                    -fno-rtti -I. main.cpp -o "app-$std")
                expect_runs "$dir/app-$std"
            done
        done
        ;;
    find_package)
        step "find_package(ftpwire CONFIG REQUIRED) from an installed prefix"
        install_with_cmake
        dir=$(new_project find_package)
        cmake_consumer "$dir" -DCMAKE_PREFIX_PATH="$prefix"
        # Conan's test_package/ is a find_package consumer too: build and run it against the same install.
        cp -R "$root/test_package" "$work/test_package"
        quiet cmake -S "$work/test_package" -B "$work/test_package/build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
            -DCMAKE_PREFIX_PATH="$prefix"
        quiet cmake --build "$work/test_package/build"
        [ "$("$work/test_package/build/test_package")" = "ftpwire $version" ] || fail "test_package/ does not run"
        major=${version%%.*}
        [ "$(version_compatible "$version")" = TRUE ] || fail "ftpwireConfigVersion.cmake rejects $version"
        # SameMajorVersion: any request with the same major version, nothing else.
        [ "$(version_compatible "$major.0")" = TRUE ] || fail "ftpwireConfigVersion.cmake rejects $major.0"
        [ "$(version_compatible "$((major + 1)).0")" = FALSE ] ||
            fail "ftpwireConfigVersion.cmake accepts the next major version $((major + 1)).0"
        if [ "$major" -gt 0 ]; then
            [ "$(version_compatible "$((major - 1)).0")" = FALSE ] ||
                fail "ftpwireConfigVersion.cmake accepts the previous major version $((major - 1)).0"
        fi
        step "find_package: a later -DCMAKE_INSTALL_DATADIR=... moves the package files; an explicit directory stays"
        build=$work/build-install-datadir
        quiet cmake -S "$snapshot" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
            -DFTPWIRE_BUILD_TESTS=OFF -DFTPWIRE_BUILD_TOOLS=OFF -DFTPWIRE_BUILD_BENCH=OFF \
            -DFTPWIRE_BUILD_EXAMPLES=OFF -DFTPWIRE_INSTALL=ON
        quiet cmake "$build" -DCMAKE_INSTALL_DATADIR=data -DFTPWIRE_INSTALL_PKGCONFIGDIR=lib/pkgconfig
        quiet cmake "$build" -DCMAKE_INSTALL_DATADIR=data2
        quiet cmake --install "$build" --prefix "$work/prefix-datadir"
        got=$(cd "$work/prefix-datadir" && find . -type f ! -path './include/*' | sed 's|^\./||' | sort)
        want=$(printf '%s\n' data2/cmake/ftpwire/ftpwireConfig.cmake data2/cmake/ftpwire/ftpwireConfigVersion.cmake \
                              data2/cmake/ftpwire/ftpwireTargets.cmake lib/pkgconfig/ftpwire.pc)
        [ "$want" = "$got" ] || fail "after reconfiguring CMAKE_INSTALL_DATADIR the package files are not where asked:
$(diff <(echo "$want") <(echo "$got") || true)"
        rm -rf "$dir/build"
        cmake_consumer "$dir" -Dftpwire_DIR="$work/prefix-datadir/data2/cmake/ftpwire"
        pkg_config_compile "$dir" "$work/prefix-datadir/lib/pkgconfig"
        ;;
    pkg_config)
        step "pkg-config, ftpwire.pc from the CMake install"
        install_with_cmake
        dir=$(new_project pkg_config)
        [ "$(PKG_CONFIG_PATH=$prefix/share/pkgconfig pkg-config --modversion ftpwire)" = "$version" ] ||
            fail "pkg-config --modversion ftpwire is not $version"
        pkg_config_compile "$dir" "$prefix/share/pkgconfig"
        step "pkg-config, the CMake install copied to another directory"
        pc_is_relocatable "$prefix/share/pkgconfig/ftpwire.pc" "$prefix"
        cp -R "$prefix" "$work/prefix-copied"
        pkg_config_compile "$dir" "$work/prefix-copied/share/pkgconfig"
        step "pkg-config, ftpwire.pc installed to an absolute CMAKE_INSTALL_DATADIR (GNUInstallDirs allows it)"
        quiet cmake -S "$snapshot" -B "$work/build-install-absolute" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
            -DFTPWIRE_BUILD_TESTS=OFF -DFTPWIRE_BUILD_TOOLS=OFF -DFTPWIRE_BUILD_BENCH=OFF \
            -DFTPWIRE_BUILD_EXAMPLES=OFF -DFTPWIRE_INSTALL=ON -DCMAKE_INSTALL_PREFIX="$work/prefix-absolute" \
            -DCMAKE_INSTALL_DATADIR="$work/prefix-absolute/data"
        quiet cmake --install "$work/build-install-absolute"
        pkg_config_compile "$dir" "$work/prefix-absolute/data/pkgconfig"
        step "pkg-config, ftpwire.pc from the meson install"
        quiet meson setup "$work/build-meson-install" "$snapshot" -Dtests=false --prefix "$work/prefix-meson"
        quiet meson install -C "$work/build-meson-install"
        [ -f "$work/prefix-meson/share/pkgconfig/ftpwire.pc" ] || fail "meson does not install share/pkgconfig/ftpwire.pc"
        pkg_config_compile "$dir" "$work/prefix-meson/share/pkgconfig"
        step "pkg-config, the meson install moved to another directory (pkgconfig.relocatable)"
        pc_is_relocatable "$work/prefix-meson/share/pkgconfig/ftpwire.pc" "$work/prefix-meson"
        mv "$work/prefix-meson" "$work/prefix-meson-moved"
        pkg_config_compile "$dir" "$work/prefix-meson-moved/share/pkgconfig"
        ;;
    add_subdirectory)
        step "add_subdirectory(third_party/ftpwire)"
        dir=$(new_project add_subdirectory)
        mkdir -p "$dir/third_party"
        ln -s "$snapshot" "$dir/third_party/ftpwire"
        cmake_consumer "$dir"
        # As a subproject, ftpwire builds none of its own tests, tools or install rules.
        if cmake --build "$dir/build" --target help | grep -E '^(test_|ftpwire_cli|install)' >/dev/null; then
            fail "add_subdirectory(ftpwire) brought in ftpwire's own tests, tool or install target"
        fi
        step "add_subdirectory(third_party/ftpwire) into a project with its own add_executable(ftpwire ...)"
        dir=$(new_project add_subdirectory_name_clash)
        mkdir -p "$dir/third_party"
        ln -s "$snapshot" "$dir/third_party/ftpwire"
        quiet cmake -S "$dir" -B "$dir/build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx"
        quiet cmake --build "$dir/build"
        expect_runs "$dir/build/ftpwire"
        ;;
    fetchcontent)
        step "FetchContent from file://…, tag v$version"
        dir=$(new_project fetchcontent)
        grep -q "GIT_TAG        v$version\$" "$dir/CMakeLists.txt" ||
            fail "tests/package/fetchcontent/CMakeLists.txt does not ask for tag v$version"
        cmake_consumer "$dir" -DFTPWIRE_GIT_REPOSITORY="file://$snapshot"
        step "FetchContent redirected to a local tree with FETCHCONTENT_SOURCE_DIR_FTPWIRE (README)"
        rm -rf "$dir/build"
        cmake_consumer "$dir" -DFTPWIRE_GIT_REPOSITORY=file:///nonexistent -DFETCHCONTENT_SOURCE_DIR_FTPWIRE="$snapshot"
        ;;
    meson)
        step "meson: dependency('ftpwire', fallback: ...) with subprojects/ftpwire"
        dir=$(new_project meson_subproject)
        cp -R "$snapshot" "$dir/subprojects/ftpwire"
        rm -rf "$dir/subprojects/ftpwire/.git"
        # --force-fallback-for: use the subproject even if an ftpwire.pc is installed on this machine.
        quiet env CXX="$cxx" meson setup "$dir/build" "$dir" --force-fallback-for=ftpwire --wrap-mode=nodownload
        quiet meson compile -C "$dir/build"
        expect_runs "$dir/build/app"
        step "meson: the subproject adds nothing to the consumer's install"
        quiet meson install -C "$dir/build" --destdir "$work/meson-consumer-install"
        consumer_files=$( [ ! -d "$work/meson-consumer-install" ] || (cd "$work/meson-consumer-install" &&
                          find . \( -name '*.hpp' -o -name 'ftpwire.pc' \) | head -3))
        [ -z "$consumer_files" ] || fail "installing the meson consumer installed ftpwire's files: $consumer_files"
        ;;
    cxx_standard)
        # Before C++17 a consumer must see version.hpp's #error first, not a cascade about std::string_view.
        # Each public header includes version.hpp before anything else, so each alone says so too.
        want="ftpwire needs C++17 or later"
        first_error() {  # compiler output: its first error line, or nothing
            grep -m1 'error:' <<<"$1" || true
        }
        clangxx=$(command -v clang++-14 || command -v clang++ || true)
        [ -n "$clangxx" ] || fail "clang++-14 not found"
        dir=$work/cxx_standard
        mkdir -p "$dir"
        for header in $(cd "$snapshot" && ls include/ftpwire/*.hpp) single_include/ftpwire/ftpwire.hpp; do
            step "$header as C++11 and C++14, g++ and $(basename "$clangxx"): ftpwire says it needs C++17"
            printf '#include "%s"\nint main() { return 0; }\n' "$snapshot/$header" >"$dir/main.cpp"
            for compiler in g++ "$clangxx"; do
                for std in c++11 c++14; do
                    if out=$("$compiler" -std=$std -fsyntax-only "$dir/main.cpp" 2>&1); then
                        fail "$header compiles as $std with $compiler"
                    fi
                    [[ $(first_error "$out") == *"$want"* ]] ||
                        fail "$header as $std with $compiler: the first error is not \"$want\":
$(head -5 <<<"$out")"
                done
            done
        done
        step "meson consumer built as cpp_std=c++14: ftpwire says it needs C++17"
        dir=$(new_project meson_subproject meson_subproject_cxx14)
        cp -R "$snapshot" "$dir/subprojects/ftpwire"
        rm -rf "$dir/subprojects/ftpwire/.git"
        quiet env CXX="$cxx" meson setup "$dir/build" "$dir" --force-fallback-for=ftpwire --wrap-mode=nodownload \
            -Dcpp_std=c++14
        if out=$(meson compile -C "$dir/build" 2>&1); then fail "the meson consumer compiles as C++14"; fi
        [[ $(first_error "$out") == *"$want"* ]] ||
            fail "meson consumer as C++14: the first error is not \"$want\":
$(grep -m5 'error:' <<<"$out")"
        ;;
    *) fail "unknown package test '$t' (known: ${all_tests[*]})" ;;
    esac
done
printf -- '-- package tests passed: %s\n' "${tests[*]}"
