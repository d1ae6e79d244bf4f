#![no_main]
//! COSE/CWT: identity token and device certificate bytes, parsed and verified.
use libfuzzer_sys::fuzz_target;
use vneid_core::qrtext::{self, Payload};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let _ = vneid_core::certificate::DeviceCertificate::from_bytes(data);
    if let Ok(t) = vneid_core::token::IdentityToken::parse(data) {
        assert!(t.verify_device_signature().is_err() || data.len() > 64);
    }
    let (officer, _) = common::officer();
    let v = officer
        .verify_text(&qrtext::encode(Payload::Identity, data))
        .expect("lists are loaded");
    assert!(!v.is_genuine());
});
