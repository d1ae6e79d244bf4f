#!/usr/bin/env bash
# Builds the Rust core for iOS as an xcframework of static libraries and generates its Swift
# bindings, for the packages in ios/ (VNeIDCore, and through it VNeIDPresentation and the app).
#
#   ios/scripts/build-xcframework.sh               release build of every slice
#   ios/scripts/build-xcframework.sh --if-changed  nothing to do when no Rust file is newer (the
#                                                  Xcode scheme's pre-build action uses this)
#   PROFILE=debug ios/scripts/build-xcframework.sh
#
# Slices: aarch64-apple-ios (devices), aarch64-apple-ios-sim + x86_64-apple-ios (simulators, one
# fat library), and the Mac this runs on (so that `swift test` runs the presentation tests
# against the real core). Needs macOS with Xcode and rustup. Output (git-ignored):
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
   [ -z "$(find core bindings Cargo.toml Cargo.lock -newer "$stamp" -type f -print -quit)" ]; then
  echo "xcframework up to date" >&2
  exit 0
fi

[ "$(uname -s)" = Darwin ] || { echo "build-xcframework: needs macOS with Xcode" >&2; exit 1; }
command -v xcodebuild >/dev/null || { echo "build-xcframework: needs Xcode (xcodebuild)" >&2; exit 1; }

profile="${PROFILE:-release}"
flag=(); [ "$profile" = release ] && flag=(--release)
host="$(uname -m | sed 's/arm64/aarch64/')-apple-darwin"
targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios "$host")
if command -v rustup >/dev/null; then rustup target add "${targets[@]}" >&2; fi

export IPHONEOS_DEPLOYMENT_TARGET=16.0
for t in "${targets[@]}"; do
  case "$t" in *-apple-darwin) export MACOSX_DEPLOYMENT_TARGET=13.0 ;; esac
  echo "==> cargo build -p vneid-bindings --lib --target $t ($profile)" >&2
  cargo build -p vneid-bindings --lib --target "$t" "${flag[@]}" >&2
done
unset IPHONEOS_DEPLOYMENT_TARGET MACOSX_DEPLOYMENT_TARGET

target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
lib() { echo "$target_dir/$1/$profile/libvneid_ffi.a"; }

# The header and module map, and the Swift bindings, from the same sources.
"$ios/scripts/generate-swift-bindings.sh"

work="$ios/build/xcframework"
rm -rf "$work" "$out"
mkdir -p "$work/ios" "$work/sim" "$work/mac"
cp "$(lib aarch64-apple-ios)" "$work/ios/"
lipo -create "$(lib aarch64-apple-ios-sim)" "$(lib x86_64-apple-ios)" -output "$work/sim/libvneid_ffi.a"
cp "$(lib "$host")" "$work/mac/"
xcodebuild -create-xcframework \
  -library "$work/ios/libvneid_ffi.a" -headers "$ios/build/include" \
  -library "$work/sim/libvneid_ffi.a" -headers "$ios/build/include" \
  -library "$work/mac/libvneid_ffi.a" -headers "$ios/build/include" \
  -output "$out" >&2

# A demo authority to bundle (kept once made: both phones of a demo must hold the same one).
if [ ! -d "$ios/build/demo-authority" ]; then
  cargo run -q -p vneid-cli --bin vneid -- authority init "$ios/build/demo-authority" >&2
fi

mkdir -p "$(dirname "$stamp")"
touch "$stamp"
echo "built $out" >&2
