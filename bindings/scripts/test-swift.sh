#!/usr/bin/env bash
# macOS with Xcode only (NOT run on the Linux development machine: no Swift toolchain there).
#
# Builds the xcframework, assembles a Swift package under bindings/generated/swift-package/
# (bindings/tests/swift/Package.swift, the generated VneidCore.swift, the XCTest tests from
# bindings/tests/swift/Tests) and runs `swift test`.
#
#   bindings/scripts/test-swift.sh
set -euo pipefail
[ "$(uname -s)" = Darwin ] || { echo "test-swift.sh needs macOS with Xcode" >&2; exit 1; }
here="$(cd "$(dirname "$0")/.." && pwd)"

"$here/scripts/build-xcframework.sh"

pkg="$here/generated/swift-package"
rm -rf "$pkg"
mkdir -p "$pkg/Sources/VneidCore"
cp "$here/tests/swift/Package.swift" "$pkg/"
cp -R "$here/tests/swift/Tests" "$pkg/"
cp "$here/generated/swift/VneidCore.swift" "$pkg/Sources/VneidCore/"
cp -R "$here/generated/vneid_ffiFFI.xcframework" "$pkg/"

cd "$pkg"
swift test
