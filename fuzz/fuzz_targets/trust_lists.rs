#![no_main]
//! Trust and revocation lists and deltas from the network: refused unless signed by the pinned
//! root; and the revoked-serial decoder on arbitrary bits (it runs only on signed lists, but it
//! must never panic, loop or over-allocate, and whatever it accepts is its own encoding).
use libfuzzer_sys::fuzz_target;
use vneid_core::revoked::RevokedSet;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (officer, root) = common::officer();
    assert!(vneid_core::trust::TrustList::verify(data, root).is_err());
    assert!(vneid_core::trust::RevocationList::verify(data, root).is_err());
    assert!(vneid_core::trust::RevocationDelta::verify(data, root).is_err());
    assert!(officer.update_trust(data, data).is_err());
    assert!(officer.apply_revocation_delta(data).is_err());
    if let [c0, c1, k, bits @ ..] = data {
        let count = u64::from(u16::from_be_bytes([*c0, *c1]));
        if let Ok(set) = RevokedSet::decode(count, *k, bits, "fuzz") {
            assert_eq!(set.len() as u64, count);
            assert_eq!(set.encode(), (*k, bits.to_vec()));
        }
    }
});
