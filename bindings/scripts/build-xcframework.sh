#!/usr/bin/env bash
# macOS with Xcode only (NOT run on the Linux development machine: no Apple toolchain there).
#
# Builds the FFI static library for iOS devices (arm64), the iOS simulator (arm64 + x86_64) and
# macOS (arm64 + x86_64), and packs it with the generated C header and module map into
#   bindings/generated/vneid_ffiFFI.xcframework
# next to the generated Swift API, bindings/generated/swift/VneidCore.swift. An iOS app adds
# both (or the Swift package that bindings/scripts/test-swift.sh assembles).
#
#   bindings/scripts/build-xcframework.sh
set -euo pipefail
[ "$(uname -s)" = Darwin ] || { echo "build-xcframework.sh needs macOS with Xcode" >&2; exit 1; }
command -v xcodebuild >/dev/null || { echo "xcodebuild not found: install Xcode" >&2; exit 1; }
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

# Swift bindings, the header and the module map, from a host release build.
# FEATURES (e.g. `testing`) is passed to both the library and the generated API; the shipped
# library is built without it.
PROFILE=release "$here/scripts/generate.sh" >/dev/null

ios=aarch64-apple-ios
sims=(aarch64-apple-ios-sim x86_64-apple-ios)
macs=(aarch64-apple-darwin x86_64-apple-darwin)
rustup target add "$ios" "${sims[@]}" "${macs[@]}"
for t in "$ios" "${sims[@]}" "${macs[@]}"; do
  echo "building for $t" >&2
  cargo build -p vneid-bindings --lib --release --target "$t" ${FEATURES:+--features "$FEATURES"}
done

target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
work="$here/generated/xcframework-build"
rm -rf "$work"
mkdir -p "$work/headers" "$work/ios-simulator" "$work/macos"
cp "$here/generated/swift/vneid_ffiFFI.h" "$work/headers/"
cp "$here/generated/swift/vneid_ffiFFI.modulemap" "$work/headers/module.modulemap"

lib() { echo "$target_dir/$1/release/libvneid_ffi.a"; }
lipo -create "$(lib "${sims[0]}")" "$(lib "${sims[1]}")" -output "$work/ios-simulator/libvneid_ffi.a"
lipo -create "$(lib "${macs[0]}")" "$(lib "${macs[1]}")" -output "$work/macos/libvneid_ffi.a"

out="$here/generated/vneid_ffiFFI.xcframework"
rm -rf "$out"
xcodebuild -create-xcframework \
  -library "$(lib "$ios")" -headers "$work/headers" \
  -library "$work/ios-simulator/libvneid_ffi.a" -headers "$work/headers" \
  -library "$work/macos/libvneid_ffi.a" -headers "$work/headers" \
  -output "$out"
echo "built $out (with $here/generated/swift/VneidCore.swift)" >&2
