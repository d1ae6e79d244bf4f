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

KOTLIN_VERSION=2.4.20
tools="$root/.tools"
kotlin_home="$tools/node_modules/kotlin-compiler"
java_dir=/usr/share/java

fail() {
  echo "test-kotlin: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

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

# --- tools ---------------------------------------------------------------------------------
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

# --- library and bindings ------------------------------------------------------------------
lib="$("$here/scripts/generate.sh")" || fail "building the library or generating the bindings failed"
[ -f "$lib" ] || fail "library not found: $lib"

# --- compile -------------------------------------------------------------------------------
out="$here/generated/kotlin-tests"
rm -rf "$out"
mkdir -p "$out"
cp="$java_dir/jna.jar:$java_dir/junit4.jar:$java_dir/hamcrest-core.jar"
echo "compiling the Kotlin bindings and tests (kotlinc $("$kotlin_home/bin/kotlinc" -version 2>&1 | grep -o '[0-9][0-9.]*' | head -1))" >&2
"$kotlin_home/bin/kotlinc" -nowarn -jvm-target 17 -cp "$cp" -d "$out/tests.jar" \
  "$here/generated/kotlin/vn/gov/vneid/core/vneid_ffi.kt" "$here"/tests/kotlin/*.kt >&2 \
  || fail "kotlinc failed"

# --- run -----------------------------------------------------------------------------------
echo "running JUnit on the JVM with $lib" >&2
set +e
# A fixed, pre-touched heap and a serial collector: the memory test reads the process's RSS,
# which then moves only with native memory.
java -XX:+UseSerialGC -Xms256m -Xmx256m -XX:+AlwaysPreTouch -Djna.library.path="$(dirname "$lib")" \
  -cp "$out/tests.jar:$cp:$kotlin_home/lib/kotlin-stdlib.jar" \
  vn.gov.vneid.core.test.RunTestsKt
status=$?
set -e
exit "$status"
