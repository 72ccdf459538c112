#!/usr/bin/env bash
# What including ftpwire costs: compile time of a one-line translation unit that includes the single header,
# against one that includes only <string_view>, for each compiler; prints a Markdown table (README.md).
# Reports CPU time (user + system) per compile, which other load on the machine disturbs less than wall time.
# Uses hyperfine when it is installed, else a loop timed with bash's `time`.
# Usage: tools/measure-include-cost.sh [RUNS]     (default 20 runs per file; env CXXFLAGS adds flags)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-20}
flags="-std=c++17 -O2 ${CXXFLAGS:-}"
work=$(mktemp -d "${TMPDIR:-/tmp}/ftpwire-include-cost.XXXXXX")
trap 'rm -rf "$work"' EXIT

cp "$root/single_include/ftpwire/ftpwire.hpp" "$work/"
printf '#include <string_view>\n' >"$work/baseline.cpp"
printf '#include "ftpwire.hpp"\n' >"$work/ftpwire.cpp"

seconds() {  # compiler, source: mean CPU seconds (user + system) of one compile
    local cxx=$1 src=$2
    local cmd="$cxx $flags -c $work/$src -o /dev/null"
    if command -v hyperfine >/dev/null; then
        hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/t.json" "$cmd" >/dev/null 2>&1
        python3 -c 'import json,sys; r = json.load(open(sys.argv[1]))["results"][0]; print("%.4f" % (r["user"] + r["system"]))' \
            "$work/t.json"
    else
        $cmd  # warm-up, and stop here if it does not compile
        local TIMEFORMAT="%U %S" total
        total=$( { time (for ((i = 0; i < runs; i++)); do $cmd; done) ; } 2>&1)
        python3 -c 'import sys; u, s = sys.argv[1].split(); print("%.4f" % ((float(u) + float(s)) / int(sys.argv[2])))' \
            "$total" "$runs"
    fi
}

lines=$(wc -l <"$work/ftpwire.hpp")
echo "single_include/ftpwire/ftpwire.hpp: $lines lines; flags: $flags; CPU time, mean of $runs runs" \
     "($(command -v hyperfine >/dev/null && echo hyperfine || echo 'bash time loop'))"
echo
echo "| compiler | \`#include <string_view>\` | \`#include \"ftpwire.hpp\"\` | ratio |"
echo "|---|---:|---:|---:|"
for cxx in g++ clang++-14; do
    command -v "$cxx" >/dev/null || continue
    base=$(seconds "$cxx" baseline.cpp)
    full=$(seconds "$cxx" ftpwire.cpp)
    version=$("$cxx" -dumpversion)
    python3 -c 'import sys; b, f = float(sys.argv[2]), float(sys.argv[3]); print("| %s | %.0f ms | %.0f ms | %.2f× |" % (sys.argv[1], b * 1000, f * 1000, f / b))' \
        "$cxx $version" "$base" "$full"
done
