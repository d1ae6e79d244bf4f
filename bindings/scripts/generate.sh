#!/usr/bin/env bash
# Builds the FFI library and generates the Kotlin and Swift bindings from it (uniffi library
# mode: the API is read from the built library's metadata, names from bindings/uniffi.toml).
#
#   bindings/scripts/generate.sh                    debug build, the API the apps ship
#   FEATURES=testing bindings/scripts/generate.sh   with the test support (LocalAuthority, the
#                                                   software doubles, qr_frame, live_objects)
#   PROFILE=release bindings/scripts/generate.sh
#
# Output (not committed):
#   bindings/generated/kotlin/vn/gov/vneid/core/vneid_ffi.kt
#   bindings/generated/swift/VneidCore.swift, vneid_ffiFFI.h, vneid_ffiFFI.modulemap
# and prints the path of the built library.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
profile="${PROFILE:-debug}"
flag=(); [ "$profile" = release ] && flag=(--release)

target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
# The library and the generator, built together with the same features so that the library
# the bindings are read from is the one the tests load.
features="cli${FEATURES:+,$FEATURES}"
cargo build -p vneid-bindings --features "$features" --lib --bin uniffi-bindgen "${flag[@]}" >&2

case "$(uname -s)" in
  Darwin) lib="$target_dir/$profile/libvneid_ffi.dylib" ;;
  *) lib="$target_dir/$profile/libvneid_ffi.so" ;;
esac
bindgen="$target_dir/$profile/uniffi-bindgen"
out="$here/generated"
rm -rf "$out/kotlin" "$out/swift"
mkdir -p "$out/kotlin" "$out/swift"

"$bindgen" generate --library "$lib" --language kotlin --out-dir "$out/kotlin" --no-format >&2
"$bindgen" generate --library "$lib" --language swift --out-dir "$out/swift" --no-format >&2

# Swift: the modulemap under the name Xcode and SwiftPM look for when the folder is a module.
[ -f "$out/swift/vneid_ffiFFI.modulemap" ] || { echo "no modulemap generated" >&2; exit 1; }
cp "$out/swift/vneid_ffiFFI.modulemap" "$out/swift/module.modulemap"

for f in "$out/kotlin/vn/gov/vneid/core/vneid_ffi.kt" "$out/swift/VneidCore.swift" \
         "$out/swift/vneid_ffiFFI.h"; do
  [ -s "$f" ] || { echo "missing generated file: $f" >&2; exit 1; }
done
echo "generated Kotlin and Swift bindings in $out from $lib" >&2
echo "$lib"
