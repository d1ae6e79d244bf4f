#!/usr/bin/env bash
# Short fuzzing run of every target (FUZZ_SECONDS each, default 30), as part of the test command.
# Longer run, e.g. an hour per target:  FUZZ_SECONDS=3600 fuzz/run-short.sh
# One target by hand:                   cd fuzz && cargo fuzz run -s none qr_text
# Stable Rust: no sanitizer (-s none); the core forbids unsafe code, so coverage-guided search
# for panics, hangs and over-allocation is what matters here.
set -euo pipefail
cd "$(dirname "$0")"
secs=${FUZZ_SECONDS:-30}
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --version 0.13.2
fi
targets=$(cargo fuzz list)
cargo fuzz build -s none
for t in $targets; do
  corpus="corpus-run/$t"
  mkdir -p "$corpus"
  # Seeds: committed per-target inputs plus the fixture vectors.
  [ -d "seeds/$t" ] && cp -n seeds/"$t"/* "$corpus"/ 2>/dev/null || true
  case $t in
    qr_text) cp -n ../fixtures/vectors/*.txt "$corpus"/ 2>/dev/null || true ;;
    cose_token|trust_lists|presentation) cp -n ../fixtures/vectors/*.cbor ../fixtures/vectors/*.cose "$corpus"/ 2>/dev/null || true ;;
  esac
  echo "fuzz $t for ${secs}s"
  cargo fuzz run -s none "$t" "$corpus" -- -max_total_time="$secs" -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 2>&1 | grep -E 'stat::number_of_executed_units|Done|ERROR|panicked|crash' || true
  if ls "artifacts/$t"/crash-* "artifacts/$t"/oom-* "artifacts/$t"/timeout-* >/dev/null 2>&1; then
    echo "fuzz target $t found a failure: see fuzz/artifacts/$t"
    exit 1
  fi
done
echo "fuzzing: all targets ran ${secs}s without a failure"
