//! The uniffi binding generator, for library mode:
//! `uniffi-bindgen generate --library target/debug/libvneid_ffi.so --language kotlin --out-dir …`.
//! `bindings/scripts/generate.sh` runs it.

fn main() {
    uniffi::uniffi_bindgen_main()
}
