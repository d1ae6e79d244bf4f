#!/usr/bin/env bash
# Compiles the Android app's :presentation module (pure Kotlin, no Android: threading, the frame
# source, the keystore and secret-storage adapters, the session state holder) with the Kotlin
# bindings generated from the real core, and runs its JUnit tests on the JVM against the real
# library. This is what can run here without the Android SDK; see android/README.md.
# The library is built with the `testing` feature (shared with bindings/scripts/test-kotlin.sh,
# so neither rebuilds it), but :presentation and its tests use only the API the app ships with:
# this script fails if they name the test support, so that `./gradlew :presentation:test`
# (a library without it) runs them too.
#
#   android/scripts/test-jvm.sh
#   VNEID_DEV_AUTHORITY=android/dev-authority.properties android/scripts/test-jvm.sh
#       also runs DevAuthorityTest against a development authority that scripts/dev-authority.sh
#       serves (skipped otherwise)
#
# Uses the toolchain bindings/scripts/test-kotlin.sh installs, installing what is missing the
# same way: kotlinc (npm kotlin-compiler, into .tools/), JNA (Debian libjna-java), JUnit 4 +
# Hamcrest (Debian junit4), a JDK (Debian default-jdk-headless).
# Ends with the line `N passed, N failed`; exits non-zero if a test failed or none ran.
set -euo pipefail
android="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$android/.." && pwd)"
cd "$root"

fail() {
  echo "test-jvm: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

# --- tools: kotlinc, JNA, JUnit (shared with bindings/scripts/test-kotlin.sh) --------------------
# shellcheck source=../../scripts/kotlin-toolchain.sh
source "$root/scripts/kotlin-toolchain.sh"

# --- the real core, and its Kotlin bindings (library mode, as the Gradle build does) ---------
lib="$(FEATURES=testing "$root/bindings/scripts/generate.sh")" || fail "building the library failed"
[ -f "$lib" ] || fail "library not found: $lib"
bindgen="$(dirname "$lib")/uniffi-bindgen"
out="$android/build/jvm-test"
rm -rf "$out"
mkdir -p "$out/generated"
# Our own copy: bindings/generated is rewritten by other scripts.
"$bindgen" generate --library "$lib" --language kotlin --out-dir "$out/generated" --no-format >&2 \
  || fail "uniffi-bindgen failed"
bindings_kt="$out/generated/vn/gov/vneid/core/vneid_ffi.kt"
[ -s "$bindings_kt" ] || fail "no bindings generated"

# --- compile ---------------------------------------------------------------------------------
mapfile -t main_src < <(find "$android/presentation/src/main/kotlin" -name '*.kt' | sort)
mapfile -t test_src < <(find "$android/presentation/src/test/kotlin" -name '*.kt' | sort)
[ "${#test_src[@]}" -gt 0 ] || fail "no test sources"
# No Android on the class path: an android.* import in :presentation fails here.
if grep -l '^import android' "${main_src[@]}" "${test_src[@]}" >&2; then fail ":presentation imports Android"; fi
# Only the shipped API: the `testing` feature's names are not in the app's library.
if grep -nwE 'LocalAuthority|ManualClock|qrFrame|memorySecretStorage|softwareKeystore|liveObjects|NewPaper|FieldEntry' \
    "${main_src[@]}" "${test_src[@]}" >&2; then fail ":presentation uses the testing API"; fi
echo "compiling bindings + ${#main_src[@]} presentation sources + ${#test_src[@]} test sources (kotlinc $("$kotlinc" -version 2>&1 | grep -o '[0-9][0-9.]*' | head -1))" >&2
"$kotlinc" -nowarn -jvm-target 17 -cp "$junit_cp" -d "$out/tests.jar" \
  "$bindings_kt" "${main_src[@]}" "${test_src[@]}" "$junit_runner" >&2 \
  || fail "kotlinc failed"

# --- run -------------------------------------------------------------------------------------
echo "running the :presentation tests on the JVM with $lib" >&2
set +e
run_junit "$out/tests.jar" vn/gov/vneid/presentation -Djna.library.path="$(dirname "$lib")" \
  -Dvneid.fixtures="$root/fixtures/vectors" -Dvneid.android="$android" -Dvneid.devAuthority="${VNEID_DEV_AUTHORITY:-}"
status=$?
set -e
exit "$status"
