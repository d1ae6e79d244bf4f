#!/usr/bin/env bash
# The FFI tests: builds the library, generates the Kotlin (and Swift) bindings, compiles the
# Kotlin bindings with the Kotlin tests and runs them with JUnit 4 on the JVM, loading the
# library through JNA. Installs what is missing:
#   kotlinc  from the npm package kotlin-compiler, into .tools/ (git-ignored)
#   JNA      from Debian (libjna-java), JUnit 4 + Hamcrest from Debian (junit4)
#   a JDK    from Debian (default-jdk-headless) if there is no java
# Ends with the line `N passed, N failed`; exits non-zero if any test failed or nothing ran.
#
#   bindings/scripts/test-kotlin.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

fail() {
  echo "test-kotlin: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

# --- tools: kotlinc, JNA, JUnit (shared with android/scripts/test-jvm.sh) ----------------------
# shellcheck source=../../scripts/kotlin-toolchain.sh
source "$root/scripts/kotlin-toolchain.sh"

# --- library and bindings ------------------------------------------------------------------
lib="$(FEATURES=testing "$here/scripts/generate.sh")" || fail "building the library or generating the bindings failed"
[ -f "$lib" ] || fail "library not found: $lib"

# --- compile -------------------------------------------------------------------------------
out="$here/generated/kotlin-tests"
rm -rf "$out"
mkdir -p "$out"
echo "compiling the Kotlin bindings and tests (kotlinc $("$kotlinc" -version 2>&1 | grep -o '[0-9][0-9.]*' | head -1))" >&2
"$kotlinc" -nowarn -jvm-target 17 -cp "$junit_cp" -d "$out/tests.jar" \
  "$here/generated/kotlin/vn/gov/vneid/core/vneid_ffi.kt" "$here"/tests/kotlin/*.kt "$junit_runner" >&2 \
  || fail "kotlinc failed"

# --- run -----------------------------------------------------------------------------------
echo "running JUnit on the JVM with $lib" >&2
set +e
# A fixed, pre-touched heap and a serial collector: the memory test reads the process's RSS,
# which then moves only with native memory.
run_junit "$out/tests.jar" vn/gov/vneid/core/test \
  -XX:+UseSerialGC -Xms256m -Xmx256m -XX:+AlwaysPreTouch -Djna.library.path="$(dirname "$lib")"
status=$?
set -e
exit "$status"
