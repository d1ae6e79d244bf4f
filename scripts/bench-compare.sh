#!/usr/bin/env bash
# Times the officer's frame -> verdict against zxing-cpp on the standard frame set, in one run.
# Usage: scripts/bench-compare.sh [REPS]   (REPS timed calls per frame and engine; default 20)
# Installs zxing-cpp and numpy from PyPI into .tools/venv-bench (gitignored) on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS="${1:-20}"
VENV=.tools/venv-bench
OUT="${BENCH_OUT:-target/bench-frames}"
if ! "$VENV/bin/python" -c 'import zxingcpp, numpy' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet 'zxing-cpp==3.1.1' 'numpy>=1.26'
fi
cargo run --release --quiet -p vneid-core --example bench_compare -- "$OUT" "$REPS"
"$VENV/bin/python" scripts/bench_compare.py "$OUT" "$REPS"
