#!/usr/bin/env bash
# Frame -> verdict (ours) against zxing-cpp's decode (default and fast settings), interleaved
# frame by frame in one run, on the harsh frame set (issue 14; `standard` for the old set).
# Usage: scripts/bench-compare.sh [REPS] [harsh|standard]
#   REPS: timed calls per frame and engine (default 5); each frame's time is their median.
#   BENCH_SEED=N (environment): a held-out harsh set from another seed (the scanner was
#   tuned on the default seed's frames).
# Installs zxing-cpp and numpy from PyPI into .tools/venv-bench (gitignored) on first use.
# Writes the frames, the tables (table.md), per-frame results (frames.tsv) and the misses
# (misses.md) to $BENCH_OUT (default target/bench-frames).
set -euo pipefail
cd "$(dirname "$0")/.."
REPS="${1:-5}"
SET="${2:-harsh}"
VENV=.tools/venv-bench
OUT="${BENCH_OUT:-target/bench-frames}"
if ! "$VENV/bin/python" -c 'import zxingcpp, numpy' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet 'zxing-cpp==3.1.1' 'numpy>=1.26'
fi
cargo build --release --quiet -p vneid-core --example bench_compare
BIN=target/release/examples/bench_compare
seed_note=""
[ "$SET" = harsh ] && [ -n "${BENCH_SEED:-}" ] && seed_note=" (harsh seed $BENCH_SEED)"
echo "load before the run: $(cat /proc/loadavg)$seed_note" >&2
"$VENV/bin/python" scripts/bench_compare.py "$OUT" "$REPS" "$BIN" "$SET"
