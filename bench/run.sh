#!/usr/bin/env bash
# Reproduces every ftpwire benchmark figure in one step:
#   configures and builds a Release tree (build/bench-release), runs ftpwire_bench (5 repetitions of every
#   benchmark in random order, medians)
#   writing JSON, prints the ratio table (report.py), counts instructions per byte (callgrind.sh, if valgrind
#   is installed) and draws the plot (plot.py, if matplotlib is installed). Everything goes to bench/results/.
#
# usage: bash bench/run.sh [--quick] [--native] [--compiler CXX] [extra Google Benchmark flags...]
#   --quick:  one short run of every benchmark (about a minute), no repetitions, no callgrind; for a first look.
#   --native: build with -march=native (the AVX2 line scan where the CPU has it) into build/bench-native and
#             write to bench/results/native/ instead; the default build targets baseline x86-64 (SSE2).
#   --compiler CXX: build with that C++ compiler (e.g. clang++-14) into build/bench-CXX and write to
#             bench/results/CXX/ (with --native: build/bench-CXX-native, bench/results/CXX-native/).
#   Measure on a quiet machine: timings on a machine other people are compiling on are noise.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
native=0
compiler=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1; shift ;;
        --native) native=1; shift ;;
        --compiler)
            [ $# -ge 2 ] || { echo "run.sh: --compiler needs a compiler (e.g. clang++-14)" >&2; exit 2; }
            compiler=$2; shift 2 ;;
        *) break ;;
    esac
done
build=build/bench-release
out=bench/results
cxx_flags=""
if [ $native = 1 ]; then
    build=build/bench-native
    out=bench/results/native
    cxx_flags="-march=native"
fi
compiler_args=()
if [ -n "$compiler" ]; then
    command -v "$compiler" >/dev/null || { echo "run.sh: compiler $compiler not found" >&2; exit 2; }
    name=$(basename "$compiler")
    build=build/bench-$name
    out=bench/results/$name
    if [ $native = 1 ]; then build=$build-native; out=$out-native; fi
    compiler_args=(-DCMAKE_CXX_COMPILER="$(command -v "$compiler")")
fi
jobs=${FTPWIRE_JOBS:-2}
mkdir -p "$out"

cmake -S . -B "$build" -G Ninja "${compiler_args[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$cxx_flags" -DFTPWIRE_BUILD_BENCH=ON \
    -DFTPWIRE_BUILD_TESTS=OFF -DFTPWIRE_BUILD_TOOLS=OFF -DFTPWIRE_BUILD_EXAMPLES=OFF -DFTPWIRE_INSTALL=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target ftpwire_bench ftpwire_count_instructions

{
    echo "cpu: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) CPUs)"
    echo "compiler: $(grep -m1 '^CMAKE_CXX_COMPILER:' "$build/CMakeCache.txt" | cut -d= -f2) \
$("$(grep -m1 '^CMAKE_CXX_COMPILER:' "$build/CMakeCache.txt" | cut -d= -f2)" --version | head -1), -O3 -DNDEBUG (CMake Release)${cxx_flags:+ $cxx_flags}"
    echo "google benchmark: $(dpkg-query -W -f '${Version}' libbenchmark-dev 2>/dev/null || echo unknown)"
    echo "ftpwire: $(git log -1 --format='%h %cs' 2>/dev/null || echo 'not a git checkout')$(git diff --quiet -- include 2>/dev/null || echo ', include/ has uncommitted changes')"
    echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/machine.txt"

if [ $quick = 1 ]; then
    flags=(--benchmark_min_time=0.05)
else
    # Repetitions interleaved in random order: a parser and the baselines it is compared with are then measured
    # across the same stretch of time, so a busy minute on a shared machine moves all of them instead of one.
    # Two such runs of the parser benchmarks gave getline ratios 0.6 % apart (median; at most 2.8 %), two runs
    # of the same repetitions in order 2.2 % (at most 8.2 %).
    flags=(--benchmark_repetitions=5 --benchmark_enable_random_interleaving=true --benchmark_min_time=0.2
        --benchmark_report_aggregates_only=true)
fi
"$build/bench/ftpwire_bench" "${flags[@]}" "$@" \
    --benchmark_out="$out/results.json" --benchmark_out_format=json
python3 bench/report.py "$out/results.json" | tee "$out/report.txt"
python3 bench/report.py "$out/results.json" --markdown >"$out/report.md"

if [ $quick = 0 ]; then
    if command -v valgrind >/dev/null; then
        bash bench/callgrind.sh "$build" | tee "$out/callgrind.txt"
    else
        echo "run.sh: valgrind not installed, skipping instruction counts" >&2
    fi
fi
if /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
    /usr/bin/python3 bench/plot.py "$out/results.json" "$out/throughput.png"
else
    echo "run.sh: matplotlib not installed (apt-get install python3-matplotlib), skipping the plot" >&2
fi
