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
#   ios/build/demo-authority/      a demo authority (`vneid authority init`) the app bundles, so
#                                  that a citizen phone and an officer phone trust the same keys
set -euo pipefail
ios="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$ios/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
# Inside an Xcode build (scheme pre-action) these would leak into cargo's host builds.
unset SDKROOT IPHONEOS_DEPLOYMENT_TARGET MACOSX_DEPLOYMENT_TARGET PLATFORM_NAME ARCHS || true
cd "$root"

out="$ios/VNeIDCore/vneid_ffiFFI.xcframework"
stamp="$ios/build/xcframework.stamp"
if [ "${1:-}" = "--if-changed" ] && [ -d "$out" ] && [ -f "$stamp" ] && \
   [ -f "$ios/VNeIDCore/Sources/VneidCore/VneidCore.swift" ] && \
   [ -z "$(find core qr bindings Cargo.toml Cargo.lock -newer "$stamp" -type f -print -quit)" ]; then
  echo "xcframework up to date" >&2
  exit 0
fi

# One implementation builds the slices and the xcframework: the bindings' script (device,
# simulator arm64 + x86_64, macOS arm64 + x86_64, so `swift test` runs against the real core).
# This script puts its output where the iOS packages look for it.
export IPHONEOS_DEPLOYMENT_TARGET=16.0 MACOSX_DEPLOYMENT_TARGET=13.0
# The test support (the in-process demo authority) stays in until the app reaches the
# authority service (issue 16).
export FEATURES="${FEATURES-testing}"
"$root/bindings/scripts/build-xcframework.sh"
unset IPHONEOS_DEPLOYMENT_TARGET MACOSX_DEPLOYMENT_TARGET
"$ios/scripts/generate-swift-bindings.sh"
rm -rf "$out"
cp -R "$root/bindings/generated/vneid_ffiFFI.xcframework" "$out"

# A demo authority to bundle (kept once made: both phones of a demo must hold the same one).
if [ ! -d "$ios/build/demo-authority" ]; then
  cargo run -q -p vneid-cli --bin vneid -- authority init "$ios/build/demo-authority" >&2
fi

mkdir -p "$(dirname "$stamp")"
touch "$stamp"
echo "built $out" >&2
