#!/usr/bin/env bash
# Shows, from the built artefact, that the library the apps ship holds no issuing code and no
# test support: builds libvneid_ffi with its default features, as the app build scripts do
# (`-p vneid-bindings`, no `--features`), release profile, then reads its symbol tables:
#   - the exported FFI functions (dynamic symbols) must not include any of the test API
#     (LocalAuthority, issue_paper, issue_sample_papers, qr_frame, software_keystore,
#     memory_secret_storage, ManualClock, live_objects);
#   - no function of the core's issuer (`vneid_core::issuer`: root-key generation, certificate
#     and paper issuing) or test support (`vneid_core::testing`) may be in the library at all;
#   - as a control, the same checks must FIND them in the library built with `--features
#     testing`, so a check that cannot fail would fail here.
#
#   bindings/scripts/check-release-symbols.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"

forbidden_exports='localauthority|issue_paper|issue_sample_papers|qr_frame|software_keystore|memory_secret_storage|manualclock|live_objects'
# Legacy and v0 Rust mangling both spell path segments as <length><name>.
forbidden_code='10vneid_core6issuer|10vneid_core7testing'

scan() { # scan LIB → prints "exports=N code=M"
  local lib=$1 exports code
  exports=$(nm -D --defined-only "$lib" | grep -Eci "uniffi_vneid_ffi_.*($forbidden_exports)" || true)
  code=$(nm "$lib" 2>/dev/null | grep -Ec "$forbidden_code" || true)
  echo "exports=$exports code=$code"
}

echo "building libvneid_ffi (release, default features: what the apps ship)" >&2
cargo build -q -p vneid-bindings --lib --release
shipped=$(scan "$target_dir/release/libvneid_ffi.so")
total=$(nm -D --defined-only "$target_dir/release/libvneid_ffi.so" | grep -c 'uniffi_vneid_ffi_fn_' || true)
echo "shipped library: $total exported API functions; forbidden: $shipped" >&2

echo "building libvneid_ffi (release, --features testing: the control)" >&2
# Same target directory: only the crates whose features differ are built again; the shipped
# library was scanned before this build overwrites it.
cargo build -q -p vneid-bindings --lib --release --features testing
control=$(scan "$target_dir/release/libvneid_ffi.so")
echo "control library (testing): forbidden: $control" >&2

ok=1
[ "$shipped" = "exports=0 code=0" ] || { echo "FAIL: the shipped library holds issuing or test code ($shipped)" >&2; ok=0; }
case "$control" in
  exports=0*|*code=0) echo "FAIL: the control build shows none of the test API ($control): the check is blind" >&2; ok=0 ;;
esac
[ "$total" -gt 20 ] || { echo "FAIL: only $total exported API functions: not the FFI library?" >&2; ok=0; }
[ "$ok" = 1 ] && echo "release library: no issuing or test API ($total API functions exported)"
[ "$ok" = 1 ]
