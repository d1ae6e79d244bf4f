//! Properties over arbitrary input: no change to a valid token verifies as genuine; encodings
//! round-trip; parsers of outside input never panic and respect their limits.

mod common;

use std::sync::OnceLock;

use common::*;
use proptest::prelude::*;
use vneid_core::certificate::DeviceCertificate;
use vneid_core::qrtext::{self, Payload};
use vneid_core::token::IdentityToken;
use vneid_core::trust::{RevocationList, TrustList};
use vneid_core::verdict::Verdict;

/// One world and one genuine token for all cases (keys are slow to make; the officer's replay
/// cache does not matter since no mutated token is genuine).
fn fixture() -> &'static (World, Vec<u8>) {
    static F: OnceLock<(World, Vec<u8>)> = OnceLock::new();
    F.get_or_init(|| {
        let w = world();
        let qr = w.citizen.make_identity_qr().unwrap();
        let bytes = qrtext::decode(&qr.text).unwrap().1;
        (w, bytes)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_single_byte_change_is_never_genuine(pos in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let (w, bytes) = fixture();
        let i = pos.index(bytes.len());
        prop_assume!(bytes[i] != byte);
        let mut b = bytes.clone();
        b[i] = byte;
        let v = w.officer.verify_text(&qrtext::encode(Payload::Identity, &b)).unwrap();
        prop_assert!(!matches!(v, Verdict::Genuine(_)), "byte {} -> {:#x} verified", i, byte);
    }

    #[test]
    fn inserting_or_deleting_a_byte_is_never_genuine(pos in any::<prop::sample::Index>(), byte in any::<u8>(), insert in any::<bool>()) {
        let (w, bytes) = fixture();
        let mut b = bytes.clone();
        let i = pos.index(b.len());
        if insert { b.insert(i, byte) } else { b.remove(i); }
        let v = w.officer.verify_text(&qrtext::encode(Payload::Identity, &b)).unwrap();
        prop_assert!(!v.is_genuine());
    }

    #[test]
    fn digits_round_trip(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let t = qrtext::encode(Payload::Identity, &bytes);
        prop_assert_eq!(qrtext::decode(&t).unwrap(), (Payload::Identity, bytes));
    }

    #[test]
    fn accepted_digit_strings_are_canonical(s in "[0-9]{0,80}") {
        if let Ok(b) = qrtext::from_digits(&s) {
            prop_assert_eq!(qrtext::to_digits(&b), s);
        }
    }

    #[test]
    fn arbitrary_text_gets_a_verdict_never_a_panic(s in ".{0,300}") {
        let (w, _) = fixture();
        prop_assert!(!w.officer.verify_text(&s).unwrap().is_genuine());
        let s2 = format!("VN2:{s}");
        prop_assert!(!w.officer.verify_text(&s2).unwrap().is_genuine());
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_parsers(b in prop::collection::vec(any::<u8>(), 0..2000)) {
        let (w, _) = fixture();
        let _ = IdentityToken::parse(&b);
        let _ = DeviceCertificate::from_bytes(&b);
        let root = w.authority.root_public_key().unwrap();
        prop_assert!(TrustList::verify(&b, &root).is_err());
        prop_assert!(RevocationList::verify(&b, &root).is_err());
        let v = w.officer.verify_text(&qrtext::encode(Payload::Identity, &b)).unwrap();
        prop_assert!(!v.is_genuine());
    }

    #[test]
    fn oversized_input_is_refused_before_parsing(extra in 1usize..5000) {
        let big = vec![0x40u8; vneid_core::token::MAX_TOKEN_BYTES + extra];
        let too_large = matches!(IdentityToken::parse(&big), Err(vneid_core::Error::TooLarge { .. }));
        prop_assert!(too_large);
        let text = "1".repeat(qrtext::MAX_QR_TEXT + extra);
        let too_large = matches!(qrtext::decode(&text), Err(vneid_core::Error::TooLarge { .. }));
        prop_assert!(too_large);
    }
}
