#!/usr/bin/env bash
# Generates the Swift bindings of the Rust core with the project's one generator script,
# bindings/scripts/generate.sh (uniffi library mode: the API is read from the built library),
# and puts them where the iOS packages use them:
#   ios/VNeIDCore/Sources/VneidCore/VneidCore.swift     the Swift API (module VneidCore)
#   ios/build/include/vneid_ffiFFI.h, module.modulemap  the C module the xcframework carries
# Works on Linux too (it is how the bindings are checked on the project's Rust machine).
#
#   ios/scripts/generate-swift-bindings.sh
set -euo pipefail
ios="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$ios/.." && pwd)"
. "$ios/scripts/cargo-path.sh"
# Inside an Xcode build these point cargo's host build at the iOS SDK: unset them.
unset SDKROOT IPHONEOS_DEPLOYMENT_TARGET MACOSX_DEPLOYMENT_TARGET PLATFORM_NAME ARCHS || true

# The API the app ships: no `testing` feature (no LocalAuthority, no software doubles), so the
# names check-swift-syntax.py finds are the ones a release build has. FEATURES=testing adds them.
FEATURES="${FEATURES-}" "$root/bindings/scripts/generate.sh" >/dev/null
gen="$root/bindings/generated/swift"
for f in VneidCore.swift vneid_ffiFFI.h vneid_ffiFFI.modulemap; do
  [ -s "$gen/$f" ] || { echo "generate-swift-bindings: missing $gen/$f" >&2; exit 1; }
done

mkdir -p "$ios/VNeIDCore/Sources/VneidCore" "$ios/build/include"
cp "$gen/VneidCore.swift" "$ios/VNeIDCore/Sources/VneidCore/VneidCore.swift"
cp "$gen/vneid_ffiFFI.h" "$ios/build/include/vneid_ffiFFI.h"
cp "$gen/vneid_ffiFFI.modulemap" "$ios/build/include/module.modulemap"
echo "Swift bindings: $ios/VNeIDCore/Sources/VneidCore/VneidCore.swift ($(wc -l < "$gen/VneidCore.swift") lines)" >&2
