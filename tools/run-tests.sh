#!/usr/bin/env bash
# Builds and runs every test: CMake with g++ and with clang++, and meson.
# Usage: tools/run-tests.sh            (from anywhere; build trees go to build/ci-*)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${FTPWIRE_JOBS:-$(nproc)}
step() { printf '\n==== %s\n' "$*"; }

build_and_test() {  # name, c++ compiler, extra cmake args...
    local name=$1 cxx=$2; shift 2
    step "CMake build + ctest: $name ($cxx)"
    cmake -S . -B "build/ci-$name" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Debug "$@"
    cmake --build "build/ci-$name" -j "$jobs"
    ctest --test-dir "build/ci-$name" -j "$jobs" --output-on-failure
}

# ---- Integration tests against real FTP servers and clients (tests/integration/, ctest label "integration").
# They run inside each ctest below; they need root plus the pyftpdlib, vsftpd and curl tools/setup-debian.sh
# installs, and skip (exit 77) without them. As root (CI) a missing server must fail the run, not skip.
if [ "$(id -u)" -eq 0 ]; then export FTPWIRE_REQUIRE_SERVERS=1; fi

clangxx=$(command -v clang++-14 || command -v clang++)
build_and_test gcc g++
build_and_test clang "$clangxx"

step "meson build + meson test"
rm -rf build/ci-meson
meson setup build/ci-meson >/dev/null
meson test -C build/ci-meson --print-errorlogs

step "all tests passed"
