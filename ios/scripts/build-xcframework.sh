#!/usr/bin/env bash
# Builds the Rust core for iOS as an xcframework of static libraries and generates its Swift
# bindings, for the packages in ios/ (VNeIDCore, and through it VNeIDPresentation and the app).
#
#   ios/scripts/build-xcframework.sh               release build of every slice
#   ios/scripts/build-xcframework.sh --if-changed  nothing to do when no Rust file is newer (the
#                                                  Xcode scheme's pre-build action uses this)
#
# The slices are built by bindings/scripts/build-xcframework.sh: aarch64-apple-ios (devices),
# aarch64-apple-ios-sim + x86_64-apple-ios (simulators), aarch64 + x86_64 macOS (so that
# `swift test` runs the presentation tests against the real core). Needs macOS with Xcode and
# rustup. Output (git-ignored):
#   ios/VNeIDCore/vneid_ffiFFI.xcframework
#   ios/VNeIDCore/Sources/VneidCore/VneidCore.swift
# The library is the one the app ships: the core's default features, no `testing` (no
# in-process issuer, no software doubles), as android/ffi and the Android app build it. The app
# holds no authority key; it reaches the authority's server (ios/README.md).
set -euo pipefail
ios="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$ios/.." && pwd)"
. "$ios/scripts/cargo-path.sh"
# Inside an Xcode build (scheme pre-action) these would leak into cargo's host builds.
unset SDKROOT IPHONEOS_DEPLOYMENT_TARGET MACOSX_DEPLOYMENT_TARGET PLATFORM_NAME ARCHS || true
cd "$root"

out="$ios/VNeIDCore/vneid_ffiFFI.xcframework"
stamp="$ios/build/xcframework.stamp"
if [ "${1:-}" = "--if-changed" ] && [ -d "$out" ] && [ -f "$stamp" ] && \
   [ -f "$ios/VNeIDCore/Sources/VneidCore/VneidCore.swift" ] && \
   [ -z "$(find core qr client attestation bindings Cargo.toml Cargo.lock -newer "$stamp" -type f -print -quit)" ]; then
  echo "xcframework up to date" >&2
  exit 0
fi

# One implementation builds the slices and the xcframework: the bindings' script (device,
# simulator arm64 + x86_64, macOS arm64 + x86_64, so `swift test` runs against the real core).
# This script puts its output where the iOS packages look for it.
export IPHONEOS_DEPLOYMENT_TARGET=16.0 MACOSX_DEPLOYMENT_TARGET=13.0
# No features: the shipped API (FEATURES=testing would add the test support; the app needs none).
export FEATURES=""
"$root/bindings/scripts/build-xcframework.sh"
unset IPHONEOS_DEPLOYMENT_TARGET MACOSX_DEPLOYMENT_TARGET
FEATURES="" "$ios/scripts/generate-swift-bindings.sh"
rm -rf "$out"
cp -R "$root/bindings/generated/vneid_ffiFFI.xcframework" "$out"

mkdir -p "$(dirname "$stamp")"
touch "$stamp"
echo "built $out" >&2
