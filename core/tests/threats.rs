//! One test (at least) per row of the threat table in DESIGN.md, each making its check fail,
//! plus expiry at 59/60/61 s and clock skew both ways.

mod common;

use std::sync::Arc;

use ciborium::value::Value;
use common::*;
use vneid_core::certificate::{CertificateClaims, DeviceCertificate, Serial};
use vneid_core::clock::Clock;
use vneid_core::cose;
use vneid_core::identity::AssuranceLevel;
use vneid_core::issuer::Authority;
use vneid_core::keys::{Signer, SoftwareSigner};
use vneid_core::qrtext::{self, Payload};
use vneid_core::token::{IdentityToken, TokenId};
use vneid_core::trust::{KeyPurpose, TrustWarning};
use vneid_core::verdict::{Reason, Verdict};
use vneid_core::verifier::Policy;
use vneid_core::Error;

fn reason(v: &Verdict) -> Option<Reason> {
    v.reason()
}

fn genuine(v: &Verdict) -> &vneid_core::verdict::Genuine {
    match v {
        Verdict::Genuine(g) => g,
        Verdict::Fake { reason } => panic!("expected genuine, got fake: {reason:?}"),
        Verdict::CannotVerify { why } => panic!("expected genuine, got cannot verify: {why:?}"),
    }
}

/// Makes a token from `cert` signed by `device` at `iat`, as a (possibly modified) app would,
/// and has the officer verify its QR text.
fn scan_token(w: &World, cert: &DeviceCertificate, device: &dyn Signer, iat: i64) -> Verdict {
    let bytes = IdentityToken::create(cert, device, iat, TokenId::random().unwrap()).unwrap();
    w.officer
        .verify_text(&qrtext::encode(Payload::Identity, &bytes))
        .unwrap()
}

/// Builds a token by hand, for shapes the app never makes.
fn hand_token(cert: &DeviceCertificate, device: &dyn Signer, iat: i64, exp: i64) -> String {
    let claims = Value::Map(vec![
        cose::entry(7, vec![9u8; 16]),
        cose::entry(6, iat),
        cose::entry(4, exp),
    ]);
    let cert_value = cose::from_cbor(cert.to_bytes(), 1024, "cert").unwrap();
    let h = coset::HeaderBuilder::new().value(cose::HEADER_KCWT, cert_value);
    let msg = cose::sign1(h, cose::to_cbor(&claims).unwrap(), device).unwrap();
    qrtext::encode(Payload::Identity, &cose::encode_sign1(msg, true).unwrap())
}

// --- the happy path and the 60-second window -------------------------------------------

#[test]
fn genuine_app_is_genuine_with_attested_subject() {
    let w = world();
    let qr = w.citizen.make_identity_qr().unwrap();
    let v = w.officer.verify_text(&qr.text).unwrap();
    let g = genuine(&v);
    let subject = g
        .subject
        .as_ref()
        .expect("an identity QR names its subject");
    assert_eq!(subject.identity, identity().certified());
    assert_eq!(subject.level, AssuranceLevel::Level2);
    assert_eq!(g.expires_at, T0 + 60);
    assert_eq!(
        g.certificate_serial,
        w.citizen.certificate().unwrap().claims().serial
    );
    assert!(!g.repeat);
    assert!(g.warnings.is_empty());
}

#[test]
fn screenshot_expires_after_60_seconds() {
    for (after, expect_genuine) in [
        (0, true),
        (59, true),
        (60, false),
        (61, false),
        (3600, false),
    ] {
        let w = world();
        let qr = w.citizen.make_identity_qr().unwrap();
        assert_eq!(qr.seconds_left(T0 + after), (60 - after).max(0));
        w.clock.advance(after);
        let v = w.officer.verify_text(&qr.text).unwrap();
        assert_eq!(v.is_genuine(), expect_genuine, "at {after} s");
        if !expect_genuine {
            assert_eq!(reason(&v), Some(Reason::TokenExpired), "at {after} s");
        }
    }
}

#[test]
fn tolerance_does_not_lengthen_the_window() {
    let w = world_with(Policy {
        clock_tolerance_secs: 30,
        ..Policy::default()
    });
    let qr = w.citizen.make_identity_qr().unwrap();
    w.clock.advance(61);
    assert_eq!(
        reason(&w.officer.verify_text(&qr.text).unwrap()),
        Some(Reason::TokenExpired)
    );
}

#[test]
fn phone_clock_ahead_within_tolerance_is_accepted_beyond_it_is_not_yet_valid() {
    // The citizen's phone runs ahead: its token's iat is in the officer's future.
    for (ahead, ok) in [(1, true), (5, true), (6, false), (120, false)] {
        let w = world();
        let qr = w.citizen.make_identity_qr().unwrap();
        w.clock.advance(-ahead);
        let v = w.officer.verify_text(&qr.text).unwrap();
        assert_eq!(v.is_genuine(), ok, "phone {ahead} s ahead");
        if !ok {
            assert_eq!(reason(&v), Some(Reason::NotYetValid));
        }
    }
}

#[test]
fn tolerance_is_configurable() {
    let w = world_with(Policy {
        clock_tolerance_secs: 0,
        ..Policy::default()
    });
    let qr = w.citizen.make_identity_qr().unwrap();
    w.clock.advance(-1);
    assert_eq!(
        reason(&w.officer.verify_text(&qr.text).unwrap()),
        Some(Reason::NotYetValid)
    );
    let w = world_with(Policy {
        clock_tolerance_secs: 10,
        ..Policy::default()
    });
    let qr = w.citizen.make_identity_qr().unwrap();
    w.clock.advance(-10);
    assert!(w.officer.verify_text(&qr.text).unwrap().is_genuine());
}

#[test]
fn phone_clock_behind_shortens_the_window_never_lengthens_it() {
    // The phone is 30 s behind: its token is already 30 s old by the officer's clock.
    let w = world();
    w.clock.advance(-30);
    let qr = w.citizen.make_identity_qr().unwrap();
    w.clock.advance(30 + 29);
    assert!(w.officer.verify_text(&qr.text).unwrap().is_genuine());
    w.clock.advance(1);
    assert_eq!(
        reason(&w.officer.verify_text(&qr.text).unwrap()),
        Some(Reason::TokenExpired)
    );
}

#[test]
fn validity_longer_than_60_seconds_is_fake() {
    let w = world();
    let cert = w.citizen.certificate().unwrap();
    let device = w.citizen.device().as_ref();
    for (exp, expect) in [
        (T0 + 61, Some(Reason::ValidityTooLong)),
        (T0 + 3600, Some(Reason::ValidityTooLong)),
        (T0 - 1, Some(Reason::ValidityTooLong)),
        (T0 + 60, None),
    ] {
        let text = hand_token(cert, device, T0, exp);
        assert_eq!(
            reason(&w.officer.verify_text(&text).unwrap()),
            expect,
            "exp {exp}"
        );
    }
}

// --- fake or cloned apps ----------------------------------------------------------------

#[test]
fn token_signed_by_another_key_is_bad_signature() {
    // A cloned app copied the certificate but not the private key (it never leaves the keystore).
    let w = world();
    let thief = SoftwareSigner::generate().unwrap();
    let cert = w.citizen.certificate().unwrap();
    let v = scan_token(&w, cert, &thief, T0);
    assert_eq!(reason(&v), Some(Reason::BadSignature));
}

#[test]
fn certificate_forged_under_a_trusted_kid_is_bad_signature() {
    // The attacker signs a certificate for their own key and labels it with the real issuer's kid.
    let w = world();
    let forger = SoftwareSigner::generate().unwrap();
    let device = SoftwareSigner::generate().unwrap();
    let claims = w.citizen.certificate().unwrap().claims().clone();
    let claims = CertificateClaims {
        device_key: device.public_key().unwrap(),
        ..claims
    };
    let kid = w.authority.device_issuer().entry.kid.clone();
    let cert = DeviceCertificate::issue(claims, &kid, &forger).unwrap();
    let v = scan_token(&w, &cert, &device, T0);
    assert_eq!(reason(&v), Some(Reason::BadSignature));
}

#[test]
fn every_single_byte_change_is_fake() {
    let w = world();
    let qr = w.citizen.make_identity_qr().unwrap();
    let (_, bytes) = qrtext::decode(&qr.text).unwrap();
    for i in 0..bytes.len() {
        for flip in [0x01u8, 0x80] {
            let mut b = bytes.clone();
            b[i] ^= flip;
            let v = w
                .officer
                .verify_text(&qrtext::encode(Payload::Identity, &b))
                .unwrap();
            assert!(!v.is_genuine(), "byte {i} ^ {flip:#x} still genuine");
        }
    }
    // And a changed digit in the text.
    let mut t = qr.text.into_bytes();
    let last = t.len() - 1;
    t[last] = if t[last] == b'0' { b'1' } else { b'0' };
    let v = w
        .officer
        .verify_text(std::str::from_utf8(&t).unwrap())
        .unwrap();
    assert!(!v.is_genuine());
}

#[test]
fn foreign_authority_is_unknown_issuer() {
    let w = world();
    let foreign = Authority::create(T0).unwrap();
    let mut c = citizen(&w.clock, AssuranceLevel::Level2);
    c.enrol(&foreign).unwrap();
    c.set_qr_verification(true).unwrap();
    let v = w
        .officer
        .verify_text(&c.make_identity_qr().unwrap().text)
        .unwrap();
    assert_eq!(reason(&v), Some(Reason::UnknownIssuer));
}

#[test]
fn issuer_key_for_another_purpose_is_not_valid() {
    // A paper issuer's key is in the trust list, but it may not certify devices.
    let w = world();
    let paper = w.authority.paper_issuer("C08").unwrap();
    assert_eq!(paper.entry.purpose, KeyPurpose::Paper);
    let device = SoftwareSigner::generate().unwrap();
    let claims = CertificateClaims {
        device_key: device.public_key().unwrap(),
        ..w.citizen.certificate().unwrap().claims().clone()
    };
    let cert = DeviceCertificate::issue(claims, &paper.entry.kid, paper.signer.as_ref()).unwrap();
    let v = scan_token(&w, &cert, &device, T0);
    assert_eq!(reason(&v), Some(Reason::IssuerKeyNotValid));
}

#[test]
fn issuer_key_outside_its_validity_is_not_valid() {
    // Issuer keys are valid 5 years; certificates 1 year. Issue a long certificate by hand and
    // move past the issuer key's end.
    let mut w = world();
    let device = SoftwareSigner::generate().unwrap();
    let six_years = 6 * 365 * DAY;
    let claims = CertificateClaims {
        device_key: device.public_key().unwrap(),
        expires_at: T0 + 2 * six_years,
        ..w.citizen.certificate().unwrap().claims().clone()
    };
    let cert = w.authority.issue_certificate(claims).unwrap();
    w.clock.advance(six_years);
    w.refresh_lists();
    let v = scan_token(&w, &cert, &device, w.clock.now());
    assert_eq!(reason(&v), Some(Reason::IssuerKeyNotValid));
}

#[test]
fn expired_certificate_is_fake() {
    let mut w = world();
    w.clock.advance(365 * DAY); // certificates last one year, from yesterday
    w.refresh_lists();
    let qr = w.citizen.make_identity_qr().unwrap();
    let v = w.officer.verify_text(&qr.text).unwrap();
    assert_eq!(reason(&v), Some(Reason::CertificateExpired));
}

#[test]
fn certificate_from_the_future_is_not_yet_valid() {
    let w = world();
    let device = SoftwareSigner::generate().unwrap();
    let claims = CertificateClaims {
        device_key: device.public_key().unwrap(),
        not_before: T0 + 3600,
        ..w.citizen.certificate().unwrap().claims().clone()
    };
    let cert = w.authority.issue_certificate(claims).unwrap();
    let v = scan_token(&w, &cert, &device, T0);
    assert_eq!(reason(&v), Some(Reason::CertificateNotYetValid));
}

// --- stolen phone, level 1 --------------------------------------------------------------

#[test]
fn revoked_device_is_fake_once_the_officer_has_the_new_list() {
    let mut w = world();
    let qr = w.citizen.make_identity_qr().unwrap();
    let serial = w.citizen.certificate().unwrap().claims().serial;
    let bundle = w.authority.revoke(serial, T0).unwrap();
    // Before the update the officer cannot know.
    assert!(w.officer.verify_text(&qr.text).unwrap().is_genuine());
    w.officer
        .update_trust(&bundle.trust_list, &bundle.revocation_list)
        .unwrap();
    let qr = w.citizen.make_identity_qr().unwrap();
    assert_eq!(
        reason(&w.officer.verify_text(&qr.text).unwrap()),
        Some(Reason::Revoked)
    );
    // Another citizen is unaffected.
    let mut other = citizen(&w.clock, AssuranceLevel::Level2);
    other.enrol(&w.authority).unwrap();
    other.set_qr_verification(true).unwrap();
    assert!(w
        .officer
        .verify_text(&other.make_identity_qr().unwrap().text)
        .unwrap()
        .is_genuine());
}

#[test]
fn level_1_account_cannot_turn_the_setting_on() {
    let w = world();
    let mut c = citizen(&w.clock, AssuranceLevel::Level1);
    c.enrol(&w.authority).unwrap();
    assert!(matches!(
        c.set_qr_verification(true),
        Err(Error::LevelTooLow { level: 1 })
    ));
    assert!(!c.qr_verification());
    assert!(matches!(c.make_identity_qr(), Err(Error::QrSettingOff)));
    // Turning it off is always allowed.
    c.set_qr_verification(false).unwrap();
}

#[test]
fn level_1_certificate_is_fake_even_if_a_modified_app_makes_a_qr() {
    let w = world();
    let mut c = citizen(&w.clock, AssuranceLevel::Level1);
    c.enrol(&w.authority).unwrap();
    let cert = c.certificate().unwrap();
    assert_eq!(cert.claims().level, AssuranceLevel::Level1);
    let v = scan_token(&w, cert, c.device().as_ref(), T0);
    assert_eq!(reason(&v), Some(Reason::LevelTooLow));
}

#[test]
fn setting_off_or_not_enrolled_makes_no_qr() {
    let w = world();
    let mut c = citizen(&w.clock, AssuranceLevel::Level2);
    assert!(matches!(
        c.set_qr_verification(true),
        Err(Error::NotEnrolled)
    ));
    c.enrol(&w.authority).unwrap();
    assert!(matches!(c.make_identity_qr(), Err(Error::QrSettingOff)));
    c.set_qr_verification(true).unwrap();
    c.make_identity_qr().unwrap();
    c.set_qr_verification(false).unwrap();
    assert!(matches!(c.make_identity_qr(), Err(Error::QrSettingOff)));
}

#[test]
fn level_1_officer_cannot_sign_in() {
    let w = world();
    let r = vneid_core::flows::OfficerApp::new(
        vneid_core::flows::OfficerAccount {
            full_name: "x".into(),
            level: AssuranceLevel::Level1,
        },
        w.authority.root_public_key().unwrap(),
        Policy::default(),
        Arc::new(w.clock.clone()),
    );
    assert!(matches!(r, Err(Error::LevelTooLow { level: 1 })));
}

// --- replay -------------------------------------------------------------------------------

#[test]
fn second_scan_of_the_same_token_is_a_repeat_never_fresh() {
    let w = world();
    let qr = w.citizen.make_identity_qr().unwrap();
    assert!(!genuine(&w.officer.verify_text(&qr.text).unwrap()).repeat);
    w.clock.advance(10);
    assert!(genuine(&w.officer.verify_text(&qr.text).unwrap()).repeat);
    assert!(genuine(&w.officer.verify_text(&qr.text).unwrap()).repeat);
    // A new QR from the same app is fresh.
    let qr2 = w.citizen.make_identity_qr().unwrap();
    assert!(!genuine(&w.officer.verify_text(&qr2.text).unwrap()).repeat);
}

// --- trust lists --------------------------------------------------------------------------

#[test]
fn old_trust_list_is_refused_and_same_one_is_a_no_op() {
    let mut w = world();
    let old = w.bundle.clone();
    let new = w.authority.publish(T0 + 10).unwrap();
    w.officer
        .update_trust(&new.trust_list, &new.revocation_list)
        .unwrap();
    let (seq, _) = w.officer.trust_sequences();
    assert!(matches!(
        w.officer
            .update_trust(&old.trust_list, &old.revocation_list),
        Err(Error::StaleList { .. })
    ));
    assert_eq!(
        w.officer.trust_sequences().0,
        seq,
        "refused update changed nothing"
    );
    w.officer
        .update_trust(&new.trust_list, &new.revocation_list)
        .unwrap();
}

#[test]
fn old_revocation_list_cannot_unrevoke() {
    let mut w = world();
    let serial = w.citizen.certificate().unwrap().claims().serial;
    let revoked = w.authority.revoke(serial, T0).unwrap();
    w.officer
        .update_trust(&revoked.trust_list, &revoked.revocation_list)
        .unwrap();
    // The attacker replays the list from before the revocation (with the current trust list).
    assert!(matches!(
        w.officer
            .update_trust(&revoked.trust_list, &w.bundle.revocation_list),
        Err(Error::StaleList { .. })
    ));
    let qr = w.citizen.make_identity_qr().unwrap();
    assert_eq!(
        reason(&w.officer.verify_text(&qr.text).unwrap()),
        Some(Reason::Revoked)
    );
}

#[test]
fn lists_not_signed_by_the_pinned_root_are_refused() {
    let w = world();
    let mut foreign = Authority::create(T0).unwrap();
    for _ in 0..5 {
        foreign.publish(T0).unwrap(); // higher sequence numbers do not help
    }
    let f = foreign.publish(T0).unwrap();
    assert!(matches!(
        w.officer
            .update_trust(&f.trust_list, &w.bundle.revocation_list),
        Err(Error::Untrusted { .. })
    ));
    // A revocation list cannot pass as a trust list (content type is signed).
    assert!(matches!(
        w.officer
            .update_trust(&w.bundle.revocation_list, &w.bundle.revocation_list),
        Err(Error::Untrusted { .. })
    ));
}

#[test]
fn stale_lists_are_flagged() {
    let w = world();
    w.clock.advance(8 * DAY); // lists are fresh for a week
    let qr = w.citizen.make_identity_qr().unwrap();
    let v = w.officer.verify_text(&qr.text).unwrap();
    assert_eq!(
        genuine(&v).warnings,
        vec![
            TrustWarning::TrustListStale,
            TrustWarning::RevocationListStale
        ]
    );
}

#[test]
fn no_trust_list_no_verdict() {
    let w = world();
    let o = vneid_core::flows::OfficerApp::new(
        vneid_core::flows::OfficerAccount {
            full_name: "x".into(),
            level: AssuranceLevel::Level2,
        },
        w.authority.root_public_key().unwrap(),
        Policy::default(),
        Arc::new(w.clock.clone()),
    )
    .unwrap();
    let qr = w.citizen.make_identity_qr().unwrap();
    assert!(matches!(o.verify_text(&qr.text), Err(Error::NoTrustList)));
}

// --- hostile input ------------------------------------------------------------------------

#[test]
fn garbage_is_malformed_never_a_panic() {
    let w = world();
    let long = "VN2:".to_owned() + &"1".repeat(100_000);
    let cases = [
        "",
        "hello",
        "VN2:",
        "VN2:1",
        "VN2:00000000000000000",
        "HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N",
        "https://vneid.gov.vn/",
        "\u{0}\u{1}\u{2}",
        long.as_str(),
    ];
    for c in cases {
        let v = w.officer.verify_text(c).unwrap();
        assert_eq!(
            reason(&v),
            Some(Reason::Malformed),
            "{:?}",
            &c[..c.len().min(20)]
        );
    }
    for other in ["VN1:123", "VN3:123", "VP1:123"] {
        assert_eq!(
            reason(&w.officer.verify_text(other).unwrap()),
            Some(Reason::UnsupportedVersion),
            "{other}"
        );
    }
}

#[test]
fn every_truncation_of_a_token_is_malformed() {
    let w = world();
    let qr = w.citizen.make_identity_qr().unwrap();
    let (_, bytes) = qrtext::decode(&qr.text).unwrap();
    for n in 0..bytes.len() {
        let v = w
            .officer
            .verify_text(&qrtext::encode(Payload::Identity, &bytes[..n]))
            .unwrap();
        assert_eq!(reason(&v), Some(Reason::Malformed), "truncated to {n}");
    }
}

#[test]
fn hostile_cbor_shapes_are_malformed() {
    let w = world();
    let shapes: Vec<Vec<u8>> = vec![
        vec![
            0xd2, 0x84, 0x5b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        ], // 2^63-byte bstr
        vec![0x9b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // 2^63-item array
        vec![0x81; 600],                                            // deep nesting
        vec![0xd2, 0x84, 0x40, 0xa0, 0xf6, 0x40],                   // empty Sign1
        vec![0xd2, 0x83, 0x40, 0xa0, 0xf6],                         // 3 items
        vec![0xbf; 50],                                             // indefinite maps
    ];
    for s in shapes {
        let v = w
            .officer
            .verify_text(&qrtext::encode(Payload::Identity, &s))
            .unwrap();
        assert_eq!(reason(&v), Some(Reason::Malformed));
    }
}

#[test]
fn fields_outside_the_signature_are_refused() {
    // Moving the certificate to the unprotected header would let it be swapped freely.
    let w = world();
    let qr = w.citizen.make_identity_qr().unwrap();
    let (_, bytes) = qrtext::decode(&qr.text).unwrap();
    let mut msg = cose::parse_sign1(&bytes, 1024, "t").unwrap();
    msg.unprotected.key_id = b"x".to_vec();
    let text = qrtext::encode(Payload::Identity, &cose::encode_sign1(msg, true).unwrap());
    assert_eq!(
        reason(&w.officer.verify_text(&text).unwrap()),
        Some(Reason::Malformed)
    );
}

#[test]
fn serials_and_token_ids_are_random() {
    let w = world();
    let a = w.citizen.make_identity_qr().unwrap();
    let b = w.citizen.make_identity_qr().unwrap();
    let ta = IdentityToken::parse(&qrtext::decode(&a.text).unwrap().1).unwrap();
    let tb = IdentityToken::parse(&qrtext::decode(&b.text).unwrap().1).unwrap();
    assert_ne!(ta.id, tb.id);
    assert_ne!(Serial::random().unwrap(), Serial::random().unwrap());
}

#[test]
fn a_token_with_extra_claims_is_not_an_identity_token() {
    // E.g. a paper presentation's payload relabelled "VN1:": device-signed, but not this format.
    let w = world();
    let cert = w.citizen.certificate().unwrap();
    let claims = Value::Map(vec![
        cose::entry(7, vec![9u8; 16]),
        cose::entry(6, T0),
        cose::entry(4, T0 + 60),
        cose::entry(-65538, vec![1u8, 2, 3]),
    ]);
    let cert_value = cose::from_cbor(cert.to_bytes(), 1024, "cert").unwrap();
    let h = coset::HeaderBuilder::new().value(cose::HEADER_KCWT, cert_value);
    let msg = cose::sign1(
        h,
        cose::to_cbor(&claims).unwrap(),
        w.citizen.device().as_ref(),
    )
    .unwrap();
    let text = qrtext::encode(Payload::Identity, &cose::encode_sign1(msg, true).unwrap());
    assert_eq!(
        reason(&w.officer.verify_text(&text).unwrap()),
        Some(Reason::Malformed)
    );
}

// --- one encoding per token (issue 12 §3) --------------------------------------------------

/// The genuine token's bytes, freshly made.
fn genuine_bytes(w: &World) -> Vec<u8> {
    let qr = w.citizen.make_identity_qr().unwrap();
    qrtext::decode(&qr.text).unwrap().1
}

fn scan_bytes(w: &World, bytes: &[u8]) -> Verdict {
    w.officer
        .verify_text(&qrtext::encode(Payload::Identity, bytes))
        .unwrap()
}

#[test]
fn a_re_encoded_genuine_token_is_malformed() {
    let w = world();
    let bytes = genuine_bytes(&w);
    // Sanity: the bytes as made are genuine (on a fresh officer: no repeat involved).
    assert!(scan_bytes(&w, &bytes).is_genuine());

    // 1. The outer COSE_Sign1 array as an indefinite-length array (0x9f … 0xff).
    assert_eq!(bytes[0..2], [0xd2, 0x84]);
    let mut indefinite = vec![0xd2, 0x9f];
    indefinite.extend_from_slice(&bytes[2..]);
    indefinite.push(0xff);
    // 2. The array header in long form (0x98 0x04: "array of 4" with a one-byte length).
    let mut long_form = vec![0xd2, 0x98, 0x04];
    long_form.extend_from_slice(&bytes[2..]);
    // 3. The empty unprotected map (0xa0) as an indefinite-length map (0xbf 0xff).
    let protected_len = {
        // bytes[2] starts the protected bstr: 0x58 len or 0x59 len len.
        match bytes[2] {
            0x58 => 2 + bytes[3] as usize,
            0x59 => 3 + (((bytes[3] as usize) << 8) | bytes[4] as usize),
            b => panic!("unexpected protected header start {b:#x}"),
        }
    };
    let unprotected_at = 2 + protected_len;
    assert_eq!(bytes[unprotected_at], 0xa0);
    let mut indefinite_map = bytes[..unprotected_at].to_vec();
    indefinite_map.extend_from_slice(&[0xbf, 0xff]);
    indefinite_map.extend_from_slice(&bytes[unprotected_at + 1..]);
    for (what, b) in [
        ("indefinite array", indefinite),
        ("long-form length", long_form),
        ("indefinite map", indefinite_map),
    ] {
        // Each still decodes as CBOR to the same value…
        let v: Value = ciborium::from_reader(b.as_slice()).unwrap();
        let orig: Value = ciborium::from_reader(bytes.as_slice()).unwrap();
        assert_eq!(v, orig, "{what}: not the same value");
        // …and is refused as a second encoding of it.
        assert_eq!(
            reason(&scan_bytes(&w, &b)),
            Some(Reason::Malformed),
            "{what}"
        );
    }
}

#[test]
fn the_high_s_twin_of_a_genuine_signature_is_malformed() {
    let w = world();
    let bytes = genuine_bytes(&w);
    // The signature is the last 64 bytes (a bstr of 64: 0x58 0x40 then r || s).
    let n = num_bigint::BigUint::parse_bytes(
        b"ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
        16,
    )
    .unwrap();
    let sig_at = bytes.len() - 64;
    assert_eq!(bytes[sig_at - 2..sig_at], [0x58, 0x40]);
    let s = num_bigint::BigUint::from_bytes_be(&bytes[sig_at + 32..]);
    let high = (&n - s).to_bytes_be();
    let mut twin = bytes.clone();
    twin[sig_at + 32..].fill(0);
    let end = twin.len();
    twin[end - high.len()..].copy_from_slice(&high);
    assert_eq!(reason(&scan_bytes(&w, &twin)), Some(Reason::Malformed));
    assert!(scan_bytes(&w, &bytes).is_genuine());
}

#[test]
fn header_parameters_the_format_does_not_have_are_refused() {
    let w = world();
    let cert = w.citizen.certificate().unwrap().clone();
    let device = w.citizen.device().clone();
    let cert_value = cose::from_cbor(cert.to_bytes(), 1024, "cert").unwrap();
    let claims = Value::Map(vec![
        cose::entry(7, vec![3u8; 16]),
        cose::entry(6, T0),
        cose::entry(4, T0 + 60),
    ]);
    let payload = cose::to_cbor(&claims).unwrap();
    let with = |h: coset::HeaderBuilder| {
        let h = h.value(cose::HEADER_KCWT, cert_value.clone());
        let msg = cose::sign1(h, payload.clone(), device.as_ref()).unwrap();
        qrtext::encode(Payload::Identity, &cose::encode_sign1(msg, true).unwrap())
    };
    // The same token with nothing extra is genuine: the refusals below are for the extras.
    assert!(w
        .officer
        .verify_text(&with(coset::HeaderBuilder::new()))
        .unwrap()
        .is_genuine());
    for (what, h) in [
        ("iv", coset::HeaderBuilder::new().iv(vec![1; 12])),
        (
            "partial iv",
            coset::HeaderBuilder::new().partial_iv(vec![1; 4]),
        ),
        (
            "counter signature (7)",
            coset::HeaderBuilder::new().add_counter_signature(
                coset::CoseSignatureBuilder::new()
                    .signature(vec![0; 64])
                    .build(),
            ),
        ),
        ("kid", coset::HeaderBuilder::new().key_id(vec![1, 2])),
        (
            "private label",
            coset::HeaderBuilder::new().value(-70000, Value::Bool(true)),
        ),
    ] {
        assert_eq!(
            reason(&w.officer.verify_text(&with(h)).unwrap()),
            Some(Reason::Malformed),
            "{what}"
        );
    }
}

#[test]
fn another_citizens_token_id_does_not_make_a_first_scan_a_repeat() {
    let w = world();
    // Citizen B (another device, another certificate) copies the cti that A will use.
    let cti = TokenId([0x42; 16]);
    let mut b = citizen(&w.clock, AssuranceLevel::Level2);
    b.enrol(&w.authority).unwrap();
    let b_cert = b.certificate().unwrap().clone();
    let b_token = IdentityToken::create(&b_cert, b.device().as_ref(), T0, cti).unwrap();
    assert!(!genuine(&scan_bytes(&w, &b_token)).repeat);
    // A's first real scan with that cti is fresh, not a repeat.
    let a_cert = w.citizen.certificate().unwrap().clone();
    let a_token = IdentityToken::create(&a_cert, w.citizen.device().as_ref(), T0, cti).unwrap();
    let v = scan_bytes(&w, &a_token);
    assert!(
        !genuine(&v).repeat,
        "keyed by cti alone, A's first scan showed as a repeat"
    );
    // A's second scan of the same token is the repeat.
    assert!(genuine(&scan_bytes(&w, &a_token)).repeat);
}

// --- list rollback and staleness (issue 12 §1) ----------------------------------------------

#[test]
fn an_older_revocation_list_does_not_bring_a_stolen_phone_back() {
    let mut w = world();
    let state = tempfile::tempdir().unwrap();
    w.officer.open_trust_cache(state.path()).unwrap();
    let old = w.bundle.clone();
    // The phone is reported stolen; the officer gets the new lists.
    let serial = w.citizen.certificate().unwrap().claims().serial;
    let revoked = w.authority.revoke(serial, T0).unwrap();
    w.officer
        .update_trust(&revoked.trust_list, &revoked.revocation_list)
        .unwrap();
    let qr = w.citizen.make_identity_qr().unwrap();
    assert_eq!(
        reason(&w.officer.verify_text(&qr.text).unwrap()),
        Some(Reason::Revoked)
    );
    // Someone copies the older lists in: refused, the held newer ones stay.
    let (t, r) = w
        .officer
        .import_lists(Some(&old.trust_list), Some(&old.revocation_list));
    assert!(matches!(t, Some(Err(Error::StaleList { .. }))));
    assert!(matches!(r, Some(Err(Error::StaleList { .. }))));
    let qr = w.citizen.make_identity_qr().unwrap();
    assert_eq!(
        reason(&w.officer.verify_text(&qr.text).unwrap()),
        Some(Reason::Revoked)
    );
    // The app restarts with the old lists handed to it: its state folder still wins.
    let again = officer(&w.clock, &w.authority, &old, Policy::default());
    again.open_trust_cache(state.path()).unwrap();
    let qr = w.citizen.make_identity_qr().unwrap();
    assert_eq!(
        reason(&again.verify_text(&qr.text).unwrap()),
        Some(Reason::Revoked),
        "a restart brought the older revocation list back"
    );
    // A folder pinned to this root refuses to serve another.
    let other = Authority::create(T0).unwrap();
    let foreign = officer_for(&w.clock, &other);
    assert!(foreign.open_trust_cache(state.path()).is_err());
    w.refresh_lists();
}

/// An officer pinned to `authority`'s root, with no lists yet.
fn officer_for(
    clock: &vneid_core::clock::TestClock,
    authority: &Authority,
) -> vneid_core::flows::OfficerApp {
    vneid_core::flows::OfficerApp::new(
        vneid_core::flows::OfficerAccount {
            full_name: "Officer".into(),
            level: AssuranceLevel::Level2,
        },
        authority.root_public_key().unwrap(),
        Policy::default(),
        Arc::new(clock.clone()),
    )
    .unwrap()
}

#[test]
fn another_list_under_the_held_number_is_refused() {
    let w = world();
    // The same sequence number, other bytes (signed again): never two lists under one number.
    let mut trust = vneid_core::trust::TrustList::verify(
        &w.bundle.trust_list,
        &w.authority.root_public_key().unwrap(),
    )
    .unwrap();
    trust.issued_at += 1;
    let (t, _) = w
        .officer
        .import_lists(Some(&resign_trust_list(&w, &trust)), None);
    assert!(matches!(t, Some(Err(Error::StaleList { .. }))));
}

fn resign_trust_list(w: &World, list: &vneid_core::trust::TrustList) -> Vec<u8> {
    // The test authority's root signs it: only the root can make a list the officer reads.
    w.authority.sign_trust_list(list).unwrap()
}

#[test]
fn lists_past_the_staleness_limit_cannot_verify() {
    let w = world();
    let next_update = T0 + 7 * DAY; // the authority's lists are fresh for a week
                                    // Past next_update: genuine, with warnings.
    w.clock.set(next_update + DAY);
    let qr = w.citizen.make_identity_qr().unwrap();
    let v = w.officer.verify_text(&qr.text).unwrap();
    assert!(!genuine(&v).warnings.is_empty());
    // Past next_update + 7 days (the default limit): neither genuine nor fake.
    w.clock.set(next_update + 7 * DAY + 1);
    let qr = w.citizen.make_identity_qr().unwrap();
    for text in [qr.text.as_str(), "garbage"] {
        assert_eq!(
            w.officer.verify_text(text).unwrap(),
            Verdict::CannotVerify {
                why: vneid_core::verdict::Unverifiable::ListsTooOld
            }
        );
    }
    // The limit is the policy's.
    let lenient = world_with(Policy {
        max_list_staleness_secs: 30 * DAY,
        ..Policy::default()
    });
    lenient.clock.set(next_update + 7 * DAY + 1);
    let qr = lenient.citizen.make_identity_qr().unwrap();
    assert!(lenient.officer.verify_text(&qr.text).unwrap().is_genuine());
    assert!(Policy {
        max_list_staleness_secs: 91 * DAY,
        ..Policy::default()
    }
    .check()
    .is_err());
}

// --- what a bystander's photo reveals (issue 13 §1) -----------------------------------------

#[test]
fn the_identity_qr_carries_no_full_id_number() {
    let w = world();
    let qr = w.citizen.make_identity_qr().unwrap();
    assert!(qr.text.starts_with("VN2:"));
    let (_, bytes) = qrtext::decode(&qr.text).unwrap();
    let id = "001090012345";
    // Not as text, not as the integer v1 carried (CBOR uint64 0x1b ‖ 8 bytes, or its 8 bytes).
    let as_int = id.parse::<u64>().unwrap().to_be_bytes();
    let trimmed: Vec<u8> = as_int.iter().copied().skip_while(|b| *b == 0).collect();
    for needle in [id.as_bytes(), &as_int[..], &trimmed[..]] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "the full ID number is in the identity QR's bytes"
        );
    }
    assert!(!qr.text.contains(id));
    // What the officer sees of it is the masked form, from the certificate.
    let v = w.officer.verify_text(&qr.text).unwrap();
    let s = genuine(&v).subject.as_ref().unwrap();
    assert_eq!(s.identity.masked_id.to_string(), "***********5");
}

#[test]
fn a_version_1_qr_is_refused_with_its_own_reason() {
    let w = world();
    let qr = w.citizen.make_identity_qr().unwrap();
    let v1 = qr.text.replacen("VN2:", "VN1:", 1);
    assert_eq!(
        reason(&w.officer.verify_text(&v1).unwrap()),
        Some(Reason::UnsupportedVersion)
    );
}

#[test]
fn the_mask_leaves_at_least_a_hundred_thousand_candidates() {
    // Given the screen (name, date of birth, sex) the province code, the sex/century digit
    // and the birth year are what an attacker can know at best; the 6-digit serial minus the
    // one digit shown is what is left: count the numbers that fit the mask.
    let id = vneid_core::identity::PersonalId::new("001090012345").unwrap();
    let masked = id.masked();
    assert_eq!(masked, "***********5");
    let shown: Vec<(usize, char)> = masked
        .chars()
        .enumerate()
        .filter(|(_, c)| c.is_ascii_digit())
        .collect();
    let known_prefix = &id.reveal()[..6]; // province, sex/century, year: assume all known
    let mut candidates = 0u64;
    for serial in 0..1_000_000u32 {
        let n = format!("{known_prefix}{serial:06}");
        if shown.iter().all(|(i, c)| n.as_bytes()[*i] as char == *c) {
            candidates += 1;
        }
    }
    assert!(candidates >= 100_000, "{candidates}");
}

#[test]
fn a_device_enrolled_under_a_development_policy_is_refused_by_a_production_verifier() {
    let w = world();
    let device = SoftwareSigner::generate().unwrap();
    let claims = CertificateClaims {
        device_key: device.public_key().unwrap(),
        development: true,
        ..w.citizen.certificate().unwrap().claims().clone()
    };
    let cert = w.authority.issue_certificate(claims).unwrap();
    let v = scan_token(&w, &cert, &device, T0);
    assert_eq!(reason(&v), Some(Reason::DevelopmentDevice));
    // A development officer app (UI tests) accepts it.
    let dev = world_with(Policy {
        accept_development_devices: true,
        ..Policy::default()
    });
    let claims = CertificateClaims {
        device_key: device.public_key().unwrap(),
        development: true,
        ..dev.citizen.certificate().unwrap().claims().clone()
    };
    let cert = dev.authority.issue_certificate(claims).unwrap();
    assert!(scan_token(&dev, &cert, &device, T0).is_genuine());
}
