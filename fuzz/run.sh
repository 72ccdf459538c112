#!/usr/bin/env bash
# Builds the fuzz targets (clang++-14, libFuzzer + ASan + UBSan), writes their seed corpora from tests/data/, and
# runs every target for a bounded time, JOBS at a time. Fails on any finding: the input is left in
# build/fuzz/artifacts/<target>-crash-* (turn it into a named test in tests/test_regressions.cpp).
# Usage: fuzz/run.sh [seconds per target, default 60] [targets run at once, default 2]
# Env:   FTPWIRE_FUZZ_BUILD (build directory, default build/fuzz), CXX (default clang++-14)
# The corpus each target grows is kept in <build>/corpus/<target> and reused by the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
jobs=${2:-2}
build=${FTPWIRE_FUZZ_BUILD:-build/fuzz}
cxx=${CXX:-$(command -v clang++-14 || command -v clang++)}

cmake -S fuzz -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
cmake --build "$build" -j "$jobs"
rm -rf "$build/seeds"
python3 fuzz/seeds.py "$build/seeds"
mkdir -p "$build/artifacts" "$build/logs"

# target and the seed directories it reads (besides its own corpus, which comes first and is the one written):
# fuzz/targets.txt without its comments.
mapfile -t targets < <(sed -e 's/#.*//' -e 's/[[:space:]]\+/ /g' -e 's/ $//' fuzz/targets.txt | grep .)
# Flags of one target: the tool prints what it found, which would fill the log (libFuzzer keeps its own reports).
declare -A extra_flags=([fuzz_cli]="-close_fd_mask=3")

run_one() {  # target seed-kinds...
    local target=$1; shift
    local corpus="$build/corpus/$target" seeds=()
    mkdir -p "$corpus"
    for kind in "$@"; do seeds+=("$build/seeds/$kind"); done
    # shellcheck disable=SC2086  # the extra flags are words
    # -seed: the same mutations in every run from the same corpus, so that CI's run repeats what a local run of the
    # same length checked, rather than gating on whatever a new random walk finds first (fuzz/run-long.sh explores).
    "$build/$target" ${extra_flags[$target]:-} -seed=1 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$build/artifacts/$target-" "$corpus" "${seeds[@]}" >"$build/logs/$target.log" 2>&1
}

declare -A pid_of=()
for entry in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    read -r -a words <<<"$entry"
    run_one "${words[@]}" &
    pid_of[${words[0]}]=$!
done

failed=0
printf '\n%-22s %12s %10s %8s  %s\n' target executions exec/s corpus result
for entry in "${targets[@]}"; do
    target=${entry%% *}
    status=0
    wait "${pid_of[$target]}" || status=$?
    log="$build/logs/$target.log"
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    size=$(find "$build/corpus/$target" -type f | wc -l)
    result=ok
    if [ "$status" -ne 0 ]; then result="FAILED (exit $status)"; failed=1; fi
    printf '%-22s %12s %10s %8s  %s\n' "$target" "${runs:-?}" "${rate:-?}" "$size" "$result"
done
if [ "$failed" -ne 0 ]; then
    for entry in "${targets[@]}"; do
        target=${entry%% *}
        if grep -qE '^==[0-9]+==|fuzz check failed|runtime error' "$build/logs/$target.log"; then
            printf '\n---- %s (%s)\n' "$target" "$build/logs/$target.log"
            grep -m1 -B2 -A40 -E 'fuzz check failed|^==[0-9]+==ERROR|runtime error|^expected' "$build/logs/$target.log" | head -60
        fi
    done
    echo "fuzzing found a problem; the inputs are in $build/artifacts/"
    exit 1
fi
