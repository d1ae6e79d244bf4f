#!/usr/bin/env bash
# Compiles the Android app's :presentation module (pure Kotlin, no Android) with the Kotlin
# bindings generated from the real core, and runs its JUnit tests on the JVM against the real
# library. This is what can run here without the Android SDK; see android/README.md.
#
#   android/scripts/test-jvm.sh
#
# Uses the toolchain bindings/scripts/test-kotlin.sh installs, installing what is missing the
# same way: kotlinc (npm kotlin-compiler, into .tools/), JNA (Debian libjna-java), JUnit 4 +
# Hamcrest (Debian junit4), a JDK (Debian default-jdk-headless).
# Ends with the line `N passed, N failed`; exits non-zero if a test failed or none ran.
set -euo pipefail
android="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$android/.." && pwd)"
cd "$root"

KOTLIN_VERSION=2.4.20
tools="$root/.tools"
kotlin_home="$tools/node_modules/kotlin-compiler"
java_dir=/usr/share/java

fail() {
  echo "test-jvm: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

# --- tools (as bindings/scripts/test-kotlin.sh) ---------------------------------------------
sudo_cmd=()
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then sudo_cmd=(sudo); fi
apt_updated=
apt_install() {
  command -v apt-get >/dev/null || fail "missing $*, and no apt-get to install it"
  if [ -z "$apt_updated" ]; then
    "${sudo_cmd[@]}" apt-get update -qq >&2
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "$@" >&2
}
if ! command -v java >/dev/null; then
  echo "installing a JDK (default-jdk-headless)" >&2
  apt_install default-jdk-headless
fi
if [ ! -f "$java_dir/jna.jar" ]; then
  echo "installing JNA (libjna-java)" >&2
  apt_install libjna-java
fi
if [ ! -f "$java_dir/junit4.jar" ] || [ ! -f "$java_dir/hamcrest-core.jar" ]; then
  echo "installing JUnit 4 (junit4)" >&2
  apt_install junit4
fi
if [ ! -x "$kotlin_home/bin/kotlinc" ]; then
  command -v npm >/dev/null || apt_install npm
  echo "installing kotlinc $KOTLIN_VERSION (npm kotlin-compiler) into $tools" >&2
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund "kotlin-compiler@$KOTLIN_VERSION" >&2
fi
[ -x "$kotlin_home/bin/kotlinc" ] || fail "kotlinc not found at $kotlin_home/bin/kotlinc"

# --- the real core, and its Kotlin bindings (library mode, as the Gradle build does) ---------
lib="$("$root/bindings/scripts/generate.sh")" || fail "building the library failed"
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
cp="$java_dir/jna.jar:$java_dir/junit4.jar:$java_dir/hamcrest-core.jar"
mapfile -t main_src < <(find "$android/presentation/src/main/kotlin" -name '*.kt' | sort)
mapfile -t test_src < <(find "$android/presentation/src/test/kotlin" -name '*.kt' | sort)
[ "${#test_src[@]}" -gt 0 ] || fail "no test sources"
# No Android on the class path: an android.* import in :presentation fails here.
if grep -l '^import android' "${main_src[@]}" "${test_src[@]}" >&2; then fail ":presentation imports Android"; fi
echo "compiling bindings + ${#main_src[@]} presentation sources + ${#test_src[@]} test sources (kotlinc $("$kotlin_home/bin/kotlinc" -version 2>&1 | grep -o '[0-9][0-9.]*' | head -1))" >&2
"$kotlin_home/bin/kotlinc" -nowarn -jvm-target 17 -cp "$cp" -d "$out/tests.jar" \
  "$bindings_kt" "${main_src[@]}" "${test_src[@]}" "$android/scripts/JvmTestRunner.kt" >&2 \
  || fail "kotlinc failed"

# --- run -------------------------------------------------------------------------------------
mapfile -t classes < <(jar tf "$out/tests.jar" | grep -E '^vn/gov/vneid/presentation/.*Test\.class$' | grep -v '\$' | sed 's/\.class$//; s#/#.#g' | sort)
[ "${#classes[@]}" -gt 0 ] || fail "no test classes compiled"
echo "running ${#classes[@]} test classes on the JVM with $lib" >&2
set +e
java -Djna.library.path="$(dirname "$lib")" \
  -Dvneid.fixtures="$root/fixtures/vectors" -Dvneid.android="$android" \
  -cp "$out/tests.jar:$cp:$kotlin_home/lib/kotlin-stdlib.jar" \
  vn.gov.vneid.presentation.testrunner.JvmTestRunnerKt "${classes[@]}"
status=$?
set -e
exit "$status"
