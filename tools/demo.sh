#!/usr/bin/env bash
# The main job: build ftpwire in Release and show what it does — explain and compare reply codes, parse a real
# server's reply stream (with typed payloads), check a command sequence, and a short benchmark of the parser
# beside a memchr line splitter and a getline parser.
# Usage: tools/demo.sh   (after tools/setup-debian.sh; the build goes to build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${FTPWIRE_JOBS:-$(nproc)}
show() { printf '\n$ %s\n' "$*"; "$@"; }

cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DFTPWIRE_BUILD_TESTS=OFF \
    -DFTPWIRE_BUILD_EXAMPLES=OFF -DFTPWIRE_BUILD_BENCH=ON >/dev/null
cmake --build build/release -j "$jobs" --target ftpwire_cli ftpwire_bench
ftpwire=build/release/tools/ftpwire

show "$ftpwire" compare 120 503
show "$ftpwire" explain 425
show "$ftpwire" parse --chunk 7 tests/data/servers/vsftpd/normal_session.txt  # recorded from vsftpd 3.0.3
show "$ftpwire" check-sequence USER PASS RNTO || true   # exit status 1: a rule is broken

printf '\n$ build/release/bench/ftpwire_bench (short run; bash bench/run.sh for the full measurement)\n'
build/release/bench/ftpwire_bench --benchmark_min_time=0.05 \
    --benchmark_filter='/(session|multiline)/' \
    --benchmark_out=build/release/demo-bench.json --benchmark_out_format=json >/dev/null
python3 bench/report.py build/release/demo-bench.json
