#!/usr/bin/env bash
# Needs the Android NDK (ANDROID_NDK_HOME) and cargo-ndk (`cargo install cargo-ndk`); NOT run on
# the development machine, which has no Android SDK or NDK.
#
# Builds libvneid_ffi.so for arm64-v8a, armeabi-v7a and x86_64 into
#   bindings/generated/android/jniLibs/<abi>/libvneid_ffi.so      (or the directory given)
# and generates the Kotlin bindings (bindings/generated/kotlin/, package vn.gov.vneid.core).
# The app module copies or points `sourceSets.main.jniLibs.srcDirs` at the jniLibs directory,
# adds the Kotlin file to its sources and depends on "net.java.dev.jna:jna:5.13.0@aar".
#
#   bindings/scripts/build-android-jnilibs.sh [output-dir]     (API level: ANDROID_API, default 24)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
out="${1:-$here/generated/android/jniLibs}"
api="${ANDROID_API:-24}"

[ -n "${ANDROID_NDK_HOME:-${ANDROID_NDK_ROOT:-}}" ] || { echo "set ANDROID_NDK_HOME to the Android NDK" >&2; exit 1; }
command -v cargo-ndk >/dev/null || { echo "cargo-ndk not found: cargo install cargo-ndk" >&2; exit 1; }

rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android
# 16 KB pages (Android 15+ devices) need 16 KB-aligned ELF segments.
export RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-Wl,-z,max-page-size=16384"
cargo ndk -t arm64-v8a -t armeabi-v7a -t x86_64 --platform "$api" -o "$out" \
  build -p vneid-bindings --lib --release ${FEATURES:+--features "$FEATURES"}

# The Kotlin API is read from the host build of the same source.
PROFILE=release "$here/scripts/generate.sh" >/dev/null
find "$out" -name 'libvneid_ffi.so' >&2
echo "Kotlin bindings: $here/generated/kotlin/vn/gov/vneid/core/vneid_ffi.kt" >&2
