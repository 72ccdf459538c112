#!/usr/bin/env bash
# Runs every fuzz target longer than CI does (default 10 minutes each, 2 at a time) and prints executions per
# target; the corpora grow in build/fuzz/corpus/ and are reused. Same build and checks as fuzz/run.sh.
# Usage: fuzz/run-long.sh [seconds per target, default 600] [targets run at once, default 2]
set -euo pipefail
exec "$(dirname "$0")/run.sh" "${1:-600}" "${2:-2}"
