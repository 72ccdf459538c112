#!/usr/bin/env bash
# Instructions per byte of the ftpwire parser on each corpus, counted by callgrind (deterministic, unlike
# time on a shared machine).
#
# usage: bench/callgrind.sh [BUILD_DIR] [MODES...]
#   BUILD_DIR: a build with ftpwire_bench and ftpwire_count_instructions (default build/bench-release;
#              bench/run.sh configures it). MODES default: pull push memchr getline.
# Only ftpwire_bench_measured() is counted (--toggle-collect): reading the file is outside it.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/bench-release}
shift || true
modes=("$@")
if [ ${#modes[@]} -eq 0 ]; then modes=(pull push memchr getline); fi
bench="$build/bench/ftpwire_bench"
counter="$build/bench/ftpwire_count_instructions"
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind not found (apt-get install valgrind)" >&2; exit 2; }
for exe in "$bench" "$counter"; do
    [ -x "$exe" ] || { echo "callgrind.sh: $exe not built (run bench/run.sh or build the bench targets)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bench" --write-corpora "$work" >/dev/null

session_figures=()
printf '%-12s %10s' corpus bytes
for m in "${modes[@]}"; do printf ' %12s' "$m Ir/B"; done
printf '\n'
for corpus in session multiline small adversarial real; do
    file="$work/$corpus.txt"
    [ -f "$file" ] || continue
    bytes=$(stat -c %s "$file")
    printf '%-12s %10d' "$corpus" "$bytes"
    for m in "${modes[@]}"; do
        out="$work/$corpus.$m.out"
        if ! valgrind --tool=callgrind --toggle-collect=ftpwire_bench_measured --callgrind-out-file="$out" \
                "$counter" "$m" "$file" >"$work/stdout" 2>"$work/stderr"; then
            printf ' %12s' "failed"
            continue
        fi
        # "summary: N" (or "totals: N") is the instruction count of the toggled function.
        ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$out")
        per_byte=$(awk -v ir="$ir" -v b="$bytes" 'BEGIN { printf "%.2f", ir / b }')
        printf ' %12s' "$per_byte"
        if [ "$corpus" = session ]; then session_figures+=("$m $per_byte"); fi
    done
    printf '\n'
done
# Target of issue 7: at most 6 instructions per byte on `session`, for each ftpwire mode.
for f in "${session_figures[@]}"; do
    set -- $f
    case $1 in pull|push)
        awk -v m="$1" -v v="$2" 'BEGIN { printf "target <= 6 Ir/B on session, %s: %s (%s)\n", m, v, v <= 6 ? "met" : "missed" }' ;;
    esac
done
