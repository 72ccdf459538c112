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
# Reliability (issue 10): libFuzzer with clang 14, the sanitizer runtimes, valgrind, gcovr, clang-tidy/-format.
$sudo apt-get install -y --no-install-recommends \
    libfuzzer-14-dev libclang-rt-14-dev valgrind gcovr clang-tidy-14 clang-format-14

# Real FTP servers and clients for the integration tests (tests/integration/). vsftpd's postinst starts its
# service through invoke-rc.d and fails the install if that start fails (e.g. a container without systemd
# where port 21 or IPv6 is unavailable). We run our own vsftpd instances, so where nothing already decides
# (no systemd, no policy-rc.d) a temporary policy-rc.d tells invoke-rc.d not to start services.
policy=/usr/sbin/policy-rc.d
temporary_policy=""
if [ ! -d /run/systemd/system ] && [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    temporary_policy=yes
    trap '$sudo rm -f "$policy"' EXIT
fi
$sudo apt-get install -y --no-install-recommends python3-pyftpdlib vsftpd curl
if [ -n "$temporary_policy" ]; then $sudo rm -f "$policy"; trap - EXIT; fi
