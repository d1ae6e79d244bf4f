# Sourced (not run) by bindings/scripts/test-kotlin.sh and android/scripts/test-jvm.sh: installs
# what the Kotlin tests on the JVM need when it is missing, and names it.
#   kotlinc  from the npm package kotlin-compiler, into .tools/ (git-ignored)
#   JNA      from Debian (libjna-java); JUnit 4 + Hamcrest from Debian (junit4)
#   a JDK    from Debian (default-jdk-headless) if there is no java
# Needs: $root (the repository) and a fail() function. Defines: kotlinc, junit_cp,
# kotlin_stdlib, junit_runner (the shared runner's source) and run_junit JAR CLASS_PREFIX [JAVA_OPTS…].
KOTLIN_VERSION=2.4.20
tools="$root/.tools"
kotlin_home="$tools/node_modules/kotlin-compiler"
java_dir=/usr/share/java

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

kotlinc="$kotlin_home/bin/kotlinc"
junit_cp="$java_dir/jna.jar:$java_dir/junit4.jar:$java_dir/hamcrest-core.jar"
kotlin_stdlib="$kotlin_home/lib/kotlin-stdlib.jar"
junit_runner="$root/scripts/kotlin/JUnitSummary.kt"

# run_junit JAR CLASS_PREFIX [JAVA_OPTION…]: runs every top-level *Test class under
# CLASS_PREFIX (a package path, e.g. vn/gov/vneid/core/test) in JAR; its status is JUnit's.
run_junit() {
  local jar=$1 prefix=$2
  shift 2
  local classes
  mapfile -t classes < <(jar tf "$jar" | grep -E "^$prefix/.*Test\.class$" | grep -v '\$' | sed 's/\.class$//; s#/#.#g' | sort)
  [ "${#classes[@]}" -gt 0 ] || fail "no test classes under $prefix"
  java "$@" -cp "$jar:$junit_cp:$kotlin_stdlib" vn.gov.vneid.testrunner.JUnitSummaryKt "${classes[@]}"
}
