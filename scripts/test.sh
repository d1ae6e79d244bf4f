#!/usr/bin/env bash
# Runs every test of the project, installing what the tests need when it is missing.
# This is the README's test command and what CI (.ci/run) calls.
#   bash scripts/test.sh          everything
#   QUICK=1 bash scripts/test.sh  Rust only (format, lint, unit and integration tests)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

step() { printf '\n==> %s\n' "$*"; }
passed=0; failed=0; failures=()
run() {
  local name=$1; shift
  step "$name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$name"); fi
}

run "toolchain is the stated MSRV (rust-toolchain.toml = rust-version)" scripts/check-toolchain.sh
run "format (cargo fmt --check)" cargo fmt --all -- --check
run "lint (clippy -D warnings)" cargo clippy --workspace --all-targets --quiet -- -D warnings
run "Rust tests (cargo test --workspace; the authority on SQLite)" cargo test --workspace --quiet
run "authority storage and service on PostgreSQL (a throwaway loopback cluster)" bash scripts/postgres-test.sh

run "string resources match core/src/strings.tsv" python3 scripts/gen-strings.py --check
run "release library: no issuing or test API" bindings/scripts/check-release-symbols.sh
run "apps: no authority key, no in-process authority in shipped code" scripts/check-app-keys.sh

if [ -z "${QUICK:-}" ]; then
  run "interop: pycose verifies ours, we verify pycose's" tests/interop/run.sh
  run "FFI: Kotlin on the JVM (and Swift generation)" bindings/scripts/test-kotlin.sh
  run "Android presentation module on the JVM" android/scripts/test-jvm.sh
  run "iOS: Swift bindings generated, Swift parsed, API names checked" ios/scripts/check-swift.sh
  run "fuzzing, short run" fuzz/run-short.sh
fi

echo
echo "test suites: ${passed} passed, ${failed} failed"
if [ "$failed" -ne 0 ]; then
  printf 'failed: %s\n' "${failures[@]}"
  exit 1
fi
