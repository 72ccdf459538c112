#!/usr/bin/env bash
# Installs everything the build, the tests and the benchmarks need on Debian 12 (as root, or with sudo).
set -euo pipefail
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends \
    ca-certificates g++ clang-14 cmake ninja-build make pkg-config git \
    catch2 libbenchmark-dev meson python3
