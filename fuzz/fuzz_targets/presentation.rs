#![no_main]
//! Paper presentations (VP1:): parsed and verified, never genuine from arbitrary bytes.
use libfuzzer_sys::fuzz_target;
use vneid_core::qrtext::{self, Payload};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let _ = vneid_core::presentation::Presentation::parse(data);
    let (officer, _) = common::officer();
    let v = officer
        .verify_text(&qrtext::encode(Payload::Presentation, data))
        .expect("lists are loaded");
    assert!(!v.is_genuine());
});
