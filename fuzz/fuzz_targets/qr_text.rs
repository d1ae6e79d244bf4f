#![no_main]
//! QR text, as a camera or keyboard wedge delivers it: never genuine, never a panic.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (officer, _) = common::officer();
    let text = String::from_utf8_lossy(data);
    let v = officer.verify_text(&text).expect("lists are loaded");
    assert!(!v.is_genuine());
    let _ = vneid_core::qrtext::decode(&text);
});
