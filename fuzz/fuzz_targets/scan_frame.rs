#![no_main]
//! Camera frames of any size and content: no panic, bounded work.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if data.len() < 6 {
        return;
    }
    let w = usize::from(u16::from_le_bytes([data[0], data[1]]) % 512);
    let h = usize::from(u16::from_le_bytes([data[2], data[3]]) % 512);
    let pad = usize::from(data[4] % 16);
    let pixels = &data[6..];
    if let Ok(frame) = vneid_core::qr::LumaFrame::new(pixels, w, h, w + pad) {
        let (officer, _) = common::officer();
        if let Some(v) = officer.scan_frame(&frame).expect("lists are loaded") {
            assert!(!v.is_genuine());
        }
    }
});
