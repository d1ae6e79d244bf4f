#![no_main]
//! Trust and revocation lists from the network: refused unless signed by the pinned root.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (officer, root) = common::officer();
    assert!(vneid_core::trust::TrustList::verify(data, root).is_err());
    assert!(vneid_core::trust::RevocationList::verify(data, root).is_err());
    assert!(officer.update_trust(data, data).is_err());
});
