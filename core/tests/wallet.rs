//! Paper presentations (`VP2:`, protocol v2) through the officer app: a presentation of chosen
//! fields verifies; the full personal ID number is in a presentation's bytes only when the
//! citizen discloses it; a paper is bound to the device key it was issued to; and each check of
//! the verifier has a test that makes it fail — unknown issuer, issuer key not valid, bad paper
//! signature, unknown type, wrong agency, changed value, salt or proof (bad digest), malformed
//! disclosures and proofs, another device (wrong holder), revoked device, revoked paper, the
//! 60-second window, the paper's validity, a repeat scan — plus the sizes of presentation QRs
//! against the v2 targets (issue 13).
//!
//! Hand-made presentations are signed with [`presentation::sign`] (any disclosures and proof, a
//! well-formed envelope) or built as raw CBOR arrays (any shape at all; a test pins the raw
//! builder to the real format, so the two agree byte for byte except the signature).

mod common;

use std::sync::Arc;

use ciborium::value::Value;
use common::*;
use coset::{CborSerializable, CoseSign1, HeaderBuilder, TaggedCborSerializable};
use vneid_core::certificate::Serial;
use vneid_core::clock::Clock;
use vneid_core::cose;
use vneid_core::flows::{CitizenAccount, CitizenApp};
use vneid_core::identity::{date_to_days, parse_date, AssuranceLevel, Identity, PersonalId};
use vneid_core::issuer::samples::sample_contents;
use vneid_core::issuer::Authority;
use vneid_core::keys::{Signer, SoftwareSigner};
use vneid_core::paper::merkle::{self, Hash, HASH_LEN};
use vneid_core::paper::{FieldValue, Holder, Paper, PaperContent, SignedMso, MSO_VERSION};
use vneid_core::presentation;
use vneid_core::qr::{Ecc, QrMatrix};
use vneid_core::qrtext::{self, Payload};
use vneid_core::token::TokenId;
use vneid_core::verdict::{Genuine, Reason, Verdict};
use vneid_core::Error;

fn genuine(v: &Verdict) -> &Genuine {
    match v {
        Verdict::Genuine(g) => g,
        Verdict::Fake { reason } => panic!("expected genuine, got fake: {reason:?}"),
        Verdict::CannotVerify { why } => panic!("expected genuine, got cannot verify: {why:?}"),
    }
}

/// The citizen's four sample papers (cccd, gplx, bhyt, dkx), issued yesterday to the
/// citizen's device.
fn papers(w: &World) -> Vec<Paper> {
    w.authority
        .issue_sample_papers(&identity(), &holder(&w.citizen), T0 - DAY)
        .unwrap()
}

fn gplx(w: &World) -> Paper {
    papers(w).swap_remove(1)
}

fn value_cbor(v: &FieldValue) -> Value {
    match v {
        FieldValue::Text(t) => Value::Text(t.clone()),
        FieldValue::Date(d) => date_to_days(*d).into(),
        FieldValue::TextList(l) => Value::Array(l.iter().map(|t| Value::Text(t.clone())).collect()),
    }
}

/// `[id, value, salt]` for the named fields, as the app would disclose them.
fn disclose(paper: &Paper, keys: &[&str]) -> Vec<Value> {
    paper
        .fields()
        .iter()
        .filter(|f| keys.contains(&f.spec.key))
        .map(|f| {
            Value::Array(vec![
                u64::from(f.spec.id).into(),
                value_cbor(&f.value),
                Value::Bytes(f.salt.to_vec()),
            ])
        })
        .collect()
}

/// The tree leaves of a paper's fields, in id order, recomputed from the held values.
fn leaves(paper: &Paper) -> Vec<Hash> {
    paper
        .fields()
        .iter()
        .map(|f| merkle::leaf(&f.salt, f.spec.id, &value_cbor(&f.value)).unwrap())
        .collect()
}

/// The multi-proof that rebuilds the paper's root from the named fields.
fn proof(paper: &Paper, keys: &[&str]) -> Vec<Hash> {
    let disclosed: Vec<usize> = paper
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| keys.contains(&f.spec.key))
        .map(|(i, _)| i)
        .collect();
    merkle::proof(&leaves(paper), &disclosed)
}

fn text_of(bytes: &[u8]) -> String {
    qrtext::encode(Payload::Presentation, bytes)
}

/// A presentation signed by `device` through the core's own [`presentation::sign`]: any
/// paper, disclosures and proof, `exp = iat + 60`.
fn signed_by(
    device: &dyn Signer,
    paper: &SignedMso,
    disclosed: Vec<Value>,
    proof: &[Hash],
    iat: i64,
) -> String {
    let id = TokenId::random().unwrap();
    text_of(&presentation::sign(device, iat, id, paper, disclosed, proof).unwrap())
}

/// The payload array `[cti, iat, exp, paper, disclosures, proof]`, any values.
fn payload(
    paper_bytes: &[u8],
    disclosed: Vec<Value>,
    proof: &[Hash],
    iat: i64,
    exp: i64,
) -> Vec<Value> {
    vec![
        Value::Bytes(TokenId::random().unwrap().0.to_vec()),
        iat.into(),
        exp.into(),
        Value::Bytes(paper_bytes.to_vec()),
        Value::Array(disclosed),
        Value::Array(proof.iter().map(|h| Value::Bytes(h.to_vec())).collect()),
    ]
}

/// A presentation built by hand, of any payload and protected header, tagged or not, signed
/// with `device`: what a holder who controls a device key could make, for shapes the app
/// never makes.
fn raw_with(device: &dyn Signer, header: HeaderBuilder, payload: Value, tagged: bool) -> String {
    let msg = cose::sign1(header, cose::to_cbor(&payload).unwrap(), device).unwrap();
    text_of(&cose::encode_sign1(msg, tagged).unwrap())
}

fn raw(device: &dyn Signer, payload: Vec<Value>) -> String {
    raw_with(device, HeaderBuilder::new(), Value::Array(payload), true)
}

/// The citizen's own device signs a hand-made presentation of these paper bytes at now.
fn citizen_hand(w: &World, paper_bytes: &[u8], disclosed: Vec<Value>, proof: &[Hash]) -> String {
    let now = w.clock.now();
    raw(
        w.citizen.device().as_ref(),
        payload(paper_bytes, disclosed, proof, now, now + 60),
    )
}

/// As [`citizen_hand`], disclosing the named fields with their honest proof.
fn citizen_shows(w: &World, paper: &Paper, paper_bytes: &[u8], keys: &[&str]) -> String {
    citizen_hand(w, paper_bytes, disclose(paper, keys), &proof(paper, keys))
}

fn scan(w: &World, text: &str) -> Option<Reason> {
    w.officer.verify_text(text).unwrap().reason()
}

/// A presentation of `paper` made by hand with the disclosures `d` (perhaps altered) and the
/// honest proof for `keys`, scanned.
fn scan_disclosed(w: &World, paper: &Paper, d: Vec<Value>, keys: &[&str]) -> Option<Reason> {
    scan(
        w,
        &citizen_hand(w, paper.signed().to_bytes(), d, &proof(paper, keys)),
    )
}

fn present(w: &World, paper: &Paper, fields: &[&str]) -> String {
    w.citizen
        .make_presentation_qr(paper, fields)
        .unwrap()
        .qr
        .text
}

fn content(w: &World, type_code: &str) -> PaperContent {
    sample_contents(&identity(), &holder(&w.citizen), T0 - DAY)
        .unwrap()
        .into_iter()
        .find(|c| c.type_code == type_code)
        .unwrap()
}

/// The MSO array `[version, type, serial, device key, device serial, signed at, valid from,
/// valid until, field ids, root, holder level, device certificate's end]`: the index of each
/// entry.
mod mso_index {
    pub const TYPE: usize = 1;
    pub const DEVICE_KEY: usize = 3;
    pub const DEVICE_SERIAL: usize = 4;
    pub const VALID_UNTIL: usize = 7;
    pub const IDS: usize = 8;
    pub const ROOT: usize = 9;
    pub const LEVEL: usize = 10;
    pub const DEVICE_EXPIRES_AT: usize = 11;
}

/// Re-encodes the issuer-signed paper with its MSO array changed by `f`, keeping the issuer's
/// signature.
fn tamper_mso(paper: &Paper, f: impl FnOnce(&mut Vec<Value>)) -> Vec<u8> {
    let mut msg = CoseSign1::from_slice(paper.signed().to_bytes()).unwrap();
    let payload = msg.payload.take().unwrap();
    let Value::Array(mut a) = cose::from_cbor(&payload, 4096, "mso").unwrap() else {
        panic!("the MSO is an array")
    };
    assert_eq!(a.len(), 12, "the MSO has twelve entries");
    f(&mut a);
    msg.payload = Some(cose::to_cbor(&Value::Array(a)).unwrap());
    msg.to_vec().unwrap()
}

/// An MSO array for the citizen's device, built by hand, with no field.
fn mso_array(w: &World, version: u64, type_code: &str, valid_until: i64) -> Vec<Value> {
    let h = holder(&w.citizen);
    vec![
        version.into(),
        type_code.into(),
        Value::Bytes(vec![1u8; 8]),
        Value::Bytes(h.device_key.compressed().to_vec()),
        Value::Bytes(h.device_serial.0.to_vec()),
        (T0 - DAY).into(),
        (T0 - DAY).into(),
        valid_until.into(),
        Value::Bytes(vec![]),
        Value::Bytes(merkle::root(&[]).to_vec()),
        2.into(),
        h.device_expires_at.into(),
    ]
}

/// Any MSO value, signed by the agency `agency`'s (trusted) paper key.
fn sign_mso(w: &World, agency: &str, mso: Value) -> Vec<u8> {
    let issuer = w.authority.paper_issuer(agency).unwrap();
    let msg = cose::sign1(
        cose::header_with_kid(&issuer.entry.kid),
        cose::to_cbor(&mso).unwrap(),
        issuer.signer.as_ref(),
    )
    .unwrap();
    cose::encode_sign1(msg, false).unwrap()
}

/// An MSO with no field built by hand and signed by the agency `agency`'s paper key.
fn hand_mso(w: &World, agency: &str, version: u64, type_code: &str, valid_until: i64) -> Vec<u8> {
    sign_mso(
        w,
        agency,
        Value::Array(mso_array(w, version, type_code, valid_until)),
    )
}

/// Another person, enrolled with the same authority on their own phone (own device key, own
/// certificate), level 2, the QR setting on.
fn other_citizen(w: &World) -> CitizenApp {
    let other = Identity::new(
        "Lê Thị Cúc",
        parse_date("1995-03-04").unwrap(),
        PersonalId::new("079195000001").unwrap(),
    )
    .unwrap();
    let device: Arc<dyn Signer> = Arc::new(SoftwareSigner::generate().unwrap());
    let mut c = CitizenApp::new(
        CitizenAccount {
            identity: other.clone(),
            level: AssuranceLevel::Level2,
        },
        device,
        Arc::new(w.clock.clone()),
    );
    c.enrol(&w.authority).unwrap();
    c.set_qr_verification(true).unwrap();
    c
}

fn revoke(w: &mut World, serial: Serial) {
    let bundle = w.authority.revoke(serial, w.clock.now()).unwrap();
    w.officer
        .update_trust(&bundle.trust_list, &bundle.revocation_list)
        .unwrap();
    w.bundle = bundle;
}

// --- the happy path ---------------------------------------------------------------------

#[test]
fn presentation_of_chosen_fields_verifies() {
    let w = world();
    let d = tempfile::tempdir().unwrap();
    let secrets = Arc::new(vneid_core::testing::MemorySecretStore::new());
    w.officer
        .open_audit_log(&d.path().join("log"), secrets)
        .unwrap();
    let gplx = gplx(&w);
    let qr = w
        .citizen
        .make_presentation_qr(&gplx, &["expiry_date", "classes", "full_name", "classes"])
        .unwrap();
    assert!(qr.text.starts_with("VP2:"));
    assert_eq!(qr.expires_at, T0 + 60);
    assert_eq!(qr.seconds_left(T0 + 15), 45);
    assert_eq!(qr.fields, ["full_name", "classes", "expiry_date"]);
    assert_eq!(qr.paper_serial, gplx.serial());
    assert_eq!(qr.type_code, "gplx");

    let v = w.officer.verify_text(&qr.text).unwrap();
    let g = genuine(&v);
    // No certificate in a presentation: what it shows of its holder is what was disclosed.
    assert_eq!(g.subject, None);
    // The device it was issued to, by the serial the paper names.
    let device_serial = w.citizen.certificate().unwrap().claims().serial;
    assert_eq!(g.certificate_serial, device_serial);
    assert_eq!((g.issued_at, g.expires_at), (T0, T0 + 60));
    assert!(!g.repeat);
    let p = g.paper.as_ref().expect("a paper");
    assert_eq!(p.type_code, "gplx");
    assert_eq!(p.name_vi, "Giấy phép lái xe");
    assert_eq!(p.name_en, "Driving licence");
    assert_eq!(p.agency, "C08");
    assert_eq!(p.agency_name_vi, "Cục Cảnh sát giao thông");
    assert_eq!(p.serial, gplx.serial());
    assert_eq!(
        (p.valid_from, p.valid_until),
        (gplx.valid_from(), gplx.valid_until())
    );
    // Exactly the chosen fields, in the type's order, with both labels.
    let shown: Vec<_> = p
        .fields
        .iter()
        .map(|f| {
            (
                f.key.as_str(),
                f.label_vi.as_str(),
                f.label_en.as_str(),
                f.text.clone(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (
                "full_name",
                "Họ và tên",
                "Full name",
                "Nguyễn Văn An".to_owned()
            ),
            ("classes", "Hạng", "Classes", "A1, B2".to_owned()),
            (
                "expiry_date",
                "Có giá trị đến",
                "Date of expiry",
                gplx.value("expiry_date").unwrap().plain()
            ),
        ]
    );
    // The same QR again is a repeat, never fresh.
    let again = w.officer.verify_text(&qr.text).unwrap();
    assert!(genuine(&again).repeat);
    // The audit log names the paper type and the device serial, and no personal data: a
    // presentation carries no certificate, so not even the masked ID.
    let log = w.officer.audit_entries();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].paper.as_deref(), Some("gplx"));
    assert_eq!(log[0].serial, Some(device_serial.to_string()));
    assert_eq!(log[0].masked_id, None);
    assert!(!log[0].repeat && log[1].repeat);
    let text = std::fs::read_to_string(d.path().join("log/audit-000001.log")).unwrap();
    assert!(!text.contains("Nguyễn") && !text.contains(identity().personal_id.reveal()));
    assert!(!text.contains("A1") && !text.contains("B2"));
}

#[test]
fn every_sample_paper_presents_every_field() {
    let w = world();
    for paper in papers(&w) {
        let keys: Vec<&str> = paper.fields().iter().map(|f| f.spec.key).collect();
        let v = w.officer.verify_text(&present(&w, &paper, &keys)).unwrap();
        let p = genuine(&v).paper.clone().unwrap();
        assert_eq!(p.type_code, paper.paper_type().code);
        assert_eq!(p.fields.len(), paper.paper_type().fields.len());
        for (shown, held) in p.fields.iter().zip(paper.fields()) {
            assert_eq!(shown.key, held.spec.key);
            assert_eq!(&shown.value, &held.value);
        }
        // Each field alone (a leaf with a full proof of the others).
        for key in &keys {
            let v = w.officer.verify_text(&present(&w, &paper, &[key])).unwrap();
            let p = genuine(&v).paper.clone().unwrap();
            assert_eq!(p.fields.len(), 1);
            assert_eq!(&p.fields[0].key, key);
        }
        // No field at all: the paper's type and validity only.
        let v = w.officer.verify_text(&present(&w, &paper, &[])).unwrap();
        assert!(genuine(&v).paper.as_ref().unwrap().fields.is_empty());
    }
}

#[test]
fn the_id_number_is_masked_on_the_officer_screen_by_default() {
    let w = world();
    let cccd = papers(&w).swap_remove(0);
    let v = w
        .officer
        .verify_text(&present(&w, &cccd, &["number", "full_name"]))
        .unwrap();
    let p = genuine(&v).paper.clone().unwrap();
    let id = identity().personal_id;
    // The one masking rule of the core: the last digit only.
    assert_eq!(p.fields[0].key, "number");
    assert_eq!(p.fields[0].text, "***********5");
    assert_eq!(p.fields[0].text, id.masked());
    assert_eq!(p.fields[0].revealed_text.clone(), "001090012345");
    assert_eq!(p.fields[0].to_string(), "***********5");
    let dbg = format!("{v:?}");
    assert!(!dbg.contains(id.reveal()) && !dbg.contains("090012"));
}

#[test]
fn identity_qr_still_has_no_paper() {
    let w = world();
    let qr = w.citizen.make_identity_qr().unwrap();
    let v = w.officer.verify_text(&qr.text).unwrap();
    let g = genuine(&v);
    assert_eq!(g.paper, None);
    assert!(g.subject.is_some());
}

// --- what a bystander's photo of a presentation reveals ---------------------------------

/// The forms in which the personal ID number could sit in a QR's bytes: its 12 digits, the
/// digits without the leading zeros, the integer as CBOR (as v1's certificate carried it) and
/// as bare big-endian integers. (The shortest, 4 bytes, turns up in ~700 random bytes by chance
/// about once in 6 million presentations.)
fn id_needles() -> Vec<(&'static str, Vec<u8>)> {
    let id = identity().personal_id;
    let n = id.to_u64();
    let mut needles = vec![
        ("the 12 digits", id.reveal().as_bytes().to_vec()),
        (
            "the digits without leading zeros",
            n.to_string().into_bytes(),
        ),
        ("the CBOR integer", cose::to_cbor(&Value::from(n)).unwrap()),
        ("the big-endian u64", n.to_be_bytes().to_vec()),
    ];
    if let Ok(n32) = u32::try_from(n) {
        needles.push(("the big-endian u32", n32.to_be_bytes().to_vec()));
    }
    needles
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Panics if the QR text, or its bytes, hold the ID number in any of the forms.
fn assert_no_id(text: &str, what: &str) {
    let (_, bytes) = qrtext::decode(text).unwrap();
    for (form, needle) in id_needles() {
        assert!(!contains(&bytes, &needle), "{what}: {form} in the bytes");
    }
    assert!(
        !text.contains(identity().personal_id.reveal()),
        "{what}: the 12 digits in the QR text"
    );
}

#[test]
fn the_full_id_number_is_in_a_presentation_only_when_disclosed() {
    let w = world();
    for paper in papers(&w) {
        let code = paper.paper_type().code;
        // On the ID card, `number` is the personal ID number; on the other papers no field
        // holds it (the licence's `number` is the licence's own).
        let keys: Vec<&str> = paper
            .fields()
            .iter()
            .map(|f| f.spec.key)
            .filter(|k| !(code == "cccd" && *k == "number"))
            .collect();
        let mut choices: Vec<Vec<&str>> = vec![vec![], keys.clone()];
        for k in &keys {
            choices.push(vec![*k]);
            choices.push(keys.iter().copied().filter(|x| x != k).collect());
        }
        for fields in choices {
            let qr = present(&w, &paper, &fields);
            assert!(w.officer.verify_text(&qr).unwrap().is_genuine());
            assert_no_id(&qr, &format!("{code} [{}]", fields.join(",")));
        }
    }
    // Disclosed, it is there (and the search finds it: the test above can fail).
    let cccd = papers(&w).swap_remove(0);
    for fields in [&["number"][..], &["number", "full_name", "date_of_birth"]] {
        let qr = present(&w, &cccd, fields);
        let (_, bytes) = qrtext::decode(&qr).unwrap();
        let cbor_text =
            cose::to_cbor(&Value::Text(identity().personal_id.reveal().into())).unwrap();
        assert!(contains(&bytes, &cbor_text), "{fields:?}");
        assert!(contains(&bytes, identity().personal_id.reveal().as_bytes()));
    }
    // Nor is it in the identity QR (which carries only the masked form).
    let id_qr = w.citizen.make_identity_qr().unwrap();
    let (_, bytes) = qrtext::decode(&id_qr.text).unwrap();
    for (form, needle) in id_needles() {
        assert!(!contains(&bytes, &needle), "identity QR: {form}");
    }
}

// --- each check made to fail ------------------------------------------------------------

#[test]
fn hand_made_but_honest_presentation_verifies() {
    // The baseline for the hand-made ones below: without a change, they are genuine.
    let w = world();
    let p = gplx(&w);
    // The test's leaves are the issuer's.
    assert_eq!(merkle::root(&leaves(&p)), p.mso().root);
    let choices: [&[&str]; 3] = [&[], &["classes"], &["number", "expiry_date"]];
    for keys in choices {
        let by_hand = citizen_shows(&w, &p, p.signed().to_bytes(), keys);
        let v = w.officer.verify_text(&by_hand).unwrap();
        assert_eq!(genuine(&v).paper.as_ref().unwrap().fields.len(), keys.len());
        let by_sign = signed_by(
            w.citizen.device().as_ref(),
            p.signed(),
            disclose(&p, keys),
            &proof(&p, keys),
            T0,
        );
        assert!(w.officer.verify_text(&by_sign).unwrap().is_genuine());
    }
    // The raw builder makes the very format `presentation::sign` makes: same protected header,
    // same payload (for the same cti), only the signature differs.
    let id = TokenId([7; 16]);
    let keys = ["classes", "expiry_date"];
    let core = presentation::sign(
        w.citizen.device().as_ref(),
        T0,
        id,
        p.signed(),
        disclose(&p, &keys),
        &proof(&p, &keys),
    )
    .unwrap();
    let mut parts = payload(
        p.signed().to_bytes(),
        disclose(&p, &keys),
        &proof(&p, &keys),
        T0,
        T0 + 60,
    );
    parts[0] = Value::Bytes(id.0.to_vec());
    let hand = qrtext::decode(&raw(w.citizen.device().as_ref(), parts))
        .unwrap()
        .1;
    assert_eq!(core[0], 0xd2, "tagged COSE_Sign1");
    let (a, b) = (
        CoseSign1::from_tagged_slice(&core).unwrap(),
        CoseSign1::from_tagged_slice(&hand).unwrap(),
    );
    assert_eq!(a.protected.original_data, b.protected.original_data);
    assert_eq!(a.payload, b.payload);
    assert!(a.unprotected.is_empty() && b.unprotected.is_empty());
    // And the app's own presentation has that shape too.
    let app = qrtext::decode(&present(&w, &p, &keys)).unwrap().1;
    let c = CoseSign1::from_tagged_slice(&app).unwrap();
    assert_eq!(c.protected.original_data, a.protected.original_data);
}

#[test]
fn changed_value_fails_the_digest() {
    let w = world();
    let p = gplx(&w);
    let keys = ["number", "classes"];
    let mut d = disclose(&p, &keys);
    let Value::Array(item) = &mut d[1] else {
        panic!()
    };
    item[1] = Value::Array(vec!["A1".into(), "B2".into(), "C".into()]);
    assert_eq!(scan_disclosed(&w, &p, d, &keys), Some(Reason::BadDigest));
    // A changed text value, the first leaf.
    let mut d = disclose(&p, &keys);
    let Value::Array(item) = &mut d[0] else {
        panic!()
    };
    item[1] = "010123456788".into();
    assert_eq!(scan_disclosed(&w, &p, d, &keys), Some(Reason::BadDigest));
}

#[test]
fn changed_salt_fails_the_digest() {
    let w = world();
    let p = gplx(&w);
    let mut d = disclose(&p, &["classes"]);
    let Value::Array(item) = &mut d[0] else {
        panic!()
    };
    let Value::Bytes(salt) = &mut item[2] else {
        panic!()
    };
    salt[0] ^= 1;
    assert_eq!(
        scan_disclosed(&w, &p, d, &["classes"]),
        Some(Reason::BadDigest)
    );
}

#[test]
fn changed_proof_hash_fails_the_digest() {
    let w = world();
    let p = gplx(&w);
    let keys = ["classes"];
    let honest = proof(&p, &keys);
    assert!(honest.len() >= 2);
    for i in 0..honest.len() {
        let mut pr = honest.clone();
        pr[i][HASH_LEN - 1] ^= 1;
        assert_eq!(
            scan(
                &w,
                &citizen_hand(&w, p.signed().to_bytes(), disclose(&p, &keys), &pr)
            ),
            Some(Reason::BadDigest),
            "proof hash {i}"
        );
    }
    // The proof of another field, of the same length: not the root.
    let other = proof(&p, &["date_of_birth"]);
    assert_eq!(other.len(), honest.len());
    assert_eq!(
        scan(
            &w,
            &citizen_hand(&w, p.signed().to_bytes(), disclose(&p, &keys), &other)
        ),
        Some(Reason::BadDigest)
    );
    // Two proof hashes swapped.
    let mut swapped = honest.clone();
    swapped.swap(0, 1);
    assert_eq!(
        scan(
            &w,
            &citizen_hand(&w, p.signed().to_bytes(), disclose(&p, &keys), &swapped)
        ),
        Some(Reason::BadDigest)
    );
    // No disclosure: the one proof hash is the root itself; any other is not.
    let mut root = proof(&p, &[]);
    assert_eq!(root, [p.mso().root]);
    root[0][0] ^= 1;
    assert_eq!(
        scan(&w, &citizen_hand(&w, p.signed().to_bytes(), vec![], &root)),
        Some(Reason::BadDigest)
    );
}

#[test]
fn changed_date_fails() {
    let w = world();
    let p = gplx(&w);
    // A disclosed date pushed back a year: its leaf no longer rebuilds the root.
    let mut d = disclose(&p, &["expiry_date"]);
    let Value::Array(item) = &mut d[0] else {
        panic!()
    };
    let days = i64::try_from(item[1].as_integer().unwrap()).unwrap();
    item[1] = (days + 365).into();
    assert_eq!(
        scan_disclosed(&w, &p, d, &["expiry_date"]),
        Some(Reason::BadDigest)
    );
    // The paper's own validity extended in the MSO: the issuer signature no longer matches.
    let signed = tamper_mso(&p, |m| {
        m[mso_index::VALID_UNTIL] = (p.valid_until() + 365 * DAY).into()
    });
    assert_eq!(
        scan(&w, &citizen_shows(&w, &p, &signed, &["classes"])),
        Some(Reason::BadPaperSignature)
    );
}

#[test]
fn a_field_the_paper_lacks_is_malformed() {
    let w = world();
    let mut c = content(&w, "gplx");
    c.fields.retain(|(k, _)| k != "classes");
    let p = w.authority.issue_paper(&c, T0 - DAY).unwrap();
    assert!(!p.mso().ids.contains(&4));
    // `classes` (id 4) is a field of the type, not of this paper: it has no leaf.
    let item = Value::Array(vec![
        4u64.into(),
        Value::Array(vec!["C".into()]),
        Value::Bytes(vec![0; 16]),
    ]);
    for pr in [proof(&p, &[]), proof(&p, &["number"]), vec![]] {
        assert_eq!(
            scan(
                &w,
                &citizen_hand(&w, p.signed().to_bytes(), vec![item.clone()], &pr)
            ),
            Some(Reason::Malformed)
        );
    }
    // Nor next to a genuine one.
    let mut d = disclose(&p, &["number"]);
    d.push(item);
    assert_eq!(
        scan_disclosed(&w, &p, d, &["number"]),
        Some(Reason::Malformed)
    );
    // The same paper without the extra disclosure is genuine (the baseline).
    assert!(w
        .officer
        .verify_text(&citizen_shows(&w, &p, p.signed().to_bytes(), &["number"]))
        .unwrap()
        .is_genuine());
}

#[test]
fn malformed_disclosures_are_malformed() {
    let w = world();
    let p = gplx(&w);
    let s = p.signed().to_bytes();
    let one = || disclose(&p, &["classes"]);
    let pr = proof(&p, &["classes"]);
    let item = |id: Value, value: Value, salt: Value| Value::Array(vec![id, value, salt]);
    let salt = || match &one()[0] {
        Value::Array(a) => a[2].clone(),
        _ => unreachable!(),
    };
    let classes = || Value::Array(vec!["A1".into(), "B2".into()]);
    let mut cases: Vec<(&str, Vec<Value>, Vec<Hash>)> = Vec::new();
    // Repeated.
    let mut d = one();
    d.push(d[0].clone());
    cases.push(("repeated", d, pr.clone()));
    // Out of order (each with its honest proof).
    let mut d = disclose(&p, &["number", "classes"]);
    d.reverse();
    cases.push(("out of order", d, proof(&p, &["number", "classes"])));
    // Unknown ids.
    for id in [0u64, 7, 99, 255, 256, 1 << 40] {
        cases.push((
            "unknown id",
            vec![item(id.into(), classes(), salt())],
            pr.clone(),
        ));
    }
    cases.push((
        "negative id",
        vec![item(Value::from(-4i64), classes(), salt())],
        pr.clone(),
    ));
    cases.push((
        "text id",
        vec![item("4".into(), classes(), salt())],
        pr.clone(),
    ));
    // Wrong kind: a list given as text, a date as text, a text as a date.
    cases.push((
        "list as text",
        vec![item(4u64.into(), "A1, B2".into(), salt())],
        pr.clone(),
    ));
    let dp = proof(&p, &["expiry_date"]);
    let expiry = disclose(&p, &["expiry_date"]);
    let Value::Array(e) = &expiry[0] else {
        unreachable!()
    };
    cases.push((
        "date as text",
        vec![item(
            6u64.into(),
            p.value("expiry_date").unwrap().plain().into(),
            e[2].clone(),
        )],
        dp.clone(),
    ));
    cases.push((
        "list item not text",
        vec![item(
            4u64.into(),
            Value::Array(vec![Value::from(1u64)]),
            salt(),
        )],
        pr.clone(),
    ));
    let np = proof(&p, &["number"]);
    let number = disclose(&p, &["number"]);
    let Value::Array(n) = &number[0] else {
        unreachable!()
    };
    cases.push((
        "text as a date",
        vec![item(1u64.into(), Value::from(20_000u64), n[2].clone())],
        np,
    ));
    // Salts of the wrong length, or not bytes.
    for len in [0usize, 1, 15, 17, 32] {
        let mut b = match salt() {
            Value::Bytes(b) => b,
            _ => unreachable!(),
        };
        b.resize(len, 0);
        cases.push((
            "salt length",
            vec![item(4u64.into(), classes(), Value::Bytes(b))],
            pr.clone(),
        ));
    }
    cases.push((
        "salt as text",
        vec![item(4u64.into(), classes(), "salt".into())],
        pr.clone(),
    ));
    // Not `[id, value, salt]`.
    cases.push((
        "two entries",
        vec![Value::Array(vec![4u64.into(), classes()])],
        pr.clone(),
    ));
    let mut four = match one().remove(0) {
        Value::Array(a) => a,
        _ => unreachable!(),
    };
    four.push(Value::Null);
    cases.push(("four entries", vec![Value::Array(four)], pr.clone()));
    cases.push(("a map", vec![Value::Map(vec![])], pr.clone()));
    cases.push(("bytes", vec![Value::Bytes(vec![4])], pr.clone()));
    // A value over the limits.
    cases.push((
        "long text",
        vec![item(1u64.into(), "x".repeat(201).into(), n[2].clone())],
        proof(&p, &["number"]),
    ));
    for (what, d, pr) in &cases {
        assert_eq!(
            scan(&w, &citizen_hand(&w, s, d.clone(), pr)),
            Some(Reason::Malformed),
            "{what}"
        );
    }
    // A malformed disclosure is refused, not ignored: given with the proof that rebuilds the
    // root without it, alone or after a genuine disclosure.
    for (what, d, _) in cases.iter().filter(|(_, d, _)| d.len() == 1) {
        assert_eq!(
            scan(&w, &citizen_hand(&w, s, d.clone(), &proof(&p, &[]))),
            Some(Reason::Malformed),
            "{what}, alone"
        );
        let mut after = disclose(&p, &["number"]);
        after.extend(d.iter().cloned());
        assert_eq!(
            scan(&w, &citizen_hand(&w, s, after, &proof(&p, &["number"]))),
            Some(Reason::Malformed),
            "{what}, after a genuine one"
        );
    }
    // More than 32 disclosures: refused at parsing.
    let many = vec![one()[0].clone(); 33];
    assert_eq!(
        scan(&w, &citizen_hand(&w, s, many, &pr)),
        Some(Reason::Malformed)
    );
}

#[test]
fn proofs_of_the_wrong_length_are_malformed() {
    let w = world();
    let p = gplx(&w);
    let s = p.signed().to_bytes();
    let choices: [&[&str]; 4] = [
        &[],
        &["classes"],
        &["number", "expiry_date"],
        &["full_name", "classes"],
    ];
    for keys in choices {
        let d = || disclose(&p, keys);
        let honest = proof(&p, keys);
        // Too short: each hash left out, and none at all.
        for i in 0..honest.len() {
            let mut short = honest.clone();
            short.remove(i);
            assert_eq!(
                scan(&w, &citizen_hand(&w, s, d(), &short)),
                Some(Reason::Malformed),
                "{keys:?} without hash {i}"
            );
        }
        if !honest.is_empty() {
            assert_eq!(
                scan(&w, &citizen_hand(&w, s, d(), &[])),
                Some(Reason::Malformed)
            );
        }
        // Too long: a hash added at either end, or one repeated.
        for extra in [[0u8; HASH_LEN], p.mso().root, honest[0]] {
            let mut long = honest.clone();
            long.push(extra);
            assert_eq!(
                scan(&w, &citizen_hand(&w, s, d(), &long)),
                Some(Reason::Malformed),
                "{keys:?} with a hash appended"
            );
            let mut long = honest.clone();
            long.insert(0, extra);
            assert_eq!(
                scan(&w, &citizen_hand(&w, s, d(), &long)),
                Some(Reason::Malformed),
                "{keys:?} with a hash prepended"
            );
        }
    }
    // Every field disclosed: the proof is empty, and one hash is too many.
    let all: Vec<&str> = p.fields().iter().map(|f| f.spec.key).collect();
    assert!(proof(&p, &all).is_empty());
    assert!(w
        .officer
        .verify_text(&citizen_shows(&w, &p, s, &all))
        .unwrap()
        .is_genuine());
    assert_eq!(
        scan(
            &w,
            &citizen_hand(&w, s, disclose(&p, &all), &[p.mso().root])
        ),
        Some(Reason::Malformed)
    );
    // Proof entries of another size than 16 bytes, or not bytes.
    let honest = proof(&p, &["classes"]);
    for bad in [
        Value::Bytes(vec![0; 15]),
        Value::Bytes(vec![0; 17]),
        Value::Bytes(vec![0; 32]),
        Value::Bytes(vec![]),
        Value::Text("x".into()),
        Value::Array(vec![]),
    ] {
        let mut parts = payload(s, disclose(&p, &["classes"]), &honest, T0, T0 + 60);
        let Value::Array(pr) = &mut parts[5] else {
            unreachable!()
        };
        pr[0] = bad.clone();
        assert_eq!(
            scan(&w, &raw(w.citizen.device().as_ref(), parts)),
            Some(Reason::Malformed),
            "{bad:?}"
        );
    }
    // More than 32 proof hashes.
    let parts = payload(s, vec![], &[[0; HASH_LEN]; 33], T0, T0 + 60);
    assert_eq!(
        scan(&w, &raw(w.citizen.device().as_ref(), parts)),
        Some(Reason::Malformed)
    );
}

#[test]
fn malformed_envelopes_are_malformed() {
    let w = world();
    let p = gplx(&w);
    let s = p.signed().to_bytes();
    let dev = w.citizen.device().as_ref();
    let keys = ["classes"];
    let good = || payload(s, disclose(&p, &keys), &proof(&p, &keys), T0, T0 + 60);
    assert!(w
        .officer
        .verify_text(&raw(dev, good()))
        .unwrap()
        .is_genuine());
    // Payloads of another shape.
    let mut shapes: Vec<(&str, Value)> = Vec::new();
    let mut five = good();
    five.pop();
    shapes.push(("five entries", Value::Array(five)));
    let mut seven = good();
    seven.push(Value::Null);
    shapes.push(("seven entries", Value::Array(seven)));
    let mut short_cti = good();
    short_cti[0] = Value::Bytes(vec![1; 15]);
    shapes.push(("15-byte cti", Value::Array(short_cti)));
    let mut text_iat = good();
    text_iat[1] = "now".into();
    shapes.push(("text iat", Value::Array(text_iat)));
    let mut paper_not_bytes = good();
    paper_not_bytes[3] = Value::Array(vec![]);
    shapes.push(("paper not bytes", Value::Array(paper_not_bytes)));
    let mut paper_garbage = good();
    paper_garbage[3] = Value::Bytes(vec![0x84, 1, 2, 3, 4]);
    shapes.push(("paper garbage", Value::Array(paper_garbage)));
    let mut disclosures_map = good();
    disclosures_map[4] = Value::Map(vec![]);
    shapes.push(("disclosures a map", Value::Array(disclosures_map)));
    let mut proof_bytes = good();
    proof_bytes[5] = Value::Bytes(vec![0; 16]);
    shapes.push(("proof bytes", Value::Array(proof_bytes)));
    // The v1 shape: a CWT claims map.
    shapes.push((
        "a v1 claims map",
        Value::Map(vec![
            cose::entry(7, vec![1u8; 16]),
            cose::entry(6, T0),
            cose::entry(4, T0 + 60),
            cose::entry(-65538, s.to_vec()),
            cose::entry(-65539, Value::Array(disclose(&p, &keys))),
        ]),
    ));
    for (what, payload) in shapes {
        assert_eq!(
            scan(&w, &raw_with(dev, HeaderBuilder::new(), payload, true)),
            Some(Reason::Malformed),
            "{what}"
        );
    }
    // Untagged; a header besides the algorithm (a key id, the v1 embedded certificate).
    assert_eq!(
        scan(
            &w,
            &raw_with(dev, HeaderBuilder::new(), Value::Array(good()), false)
        ),
        Some(Reason::Malformed)
    );
    assert_eq!(
        scan(
            &w,
            &raw_with(dev, cose::header_with_kid(b"k"), Value::Array(good()), true)
        ),
        Some(Reason::Malformed)
    );
    let cert = cose::from_cbor(w.citizen.certificate().unwrap().to_bytes(), 1024, "cert").unwrap();
    assert_eq!(
        scan(
            &w,
            &raw_with(
                dev,
                HeaderBuilder::new().value(cose::HEADER_KCWT, cert),
                Value::Array(good()),
                true
            )
        ),
        Some(Reason::Malformed)
    );
    // An unprotected header.
    let mut msg = cose::sign1(
        HeaderBuilder::new(),
        cose::to_cbor(&Value::Array(good())).unwrap(),
        dev,
    )
    .unwrap();
    msg.unprotected = HeaderBuilder::new().key_id(b"k".to_vec()).build();
    assert_eq!(
        scan(&w, &text_of(&cose::encode_sign1(msg, true).unwrap())),
        Some(Reason::Malformed)
    );
    // A paper in the v1 MSO format (or any other version): not read.
    let v1 = hand_mso(&w, "C06", 1, "cccd", T0 + 365 * DAY);
    let r = scan(&w, &citizen_hand(&w, &v1, vec![], &[]));
    assert!(
        matches!(r, Some(Reason::Malformed | Reason::UnsupportedVersion)),
        "{r:?}"
    );
}

#[test]
fn strange_msos_signed_by_a_trusted_issuer_are_malformed() {
    // What an issuer's bug (or a stolen issuer key) could sign: the verifier still reads only
    // the one encoding of the one format.
    let w = world();
    let good = || mso_array(&w, MSO_VERSION, "cccd", T0 + 365 * DAY);
    let ok = sign_mso(&w, "C06", Value::Array(good()));
    assert!(w
        .officer
        .verify_text(&citizen_hand(&w, &ok, vec![], &[]))
        .unwrap()
        .is_genuine());
    let key = holder(&w.citizen).device_key;
    // The same key, uncompressed: a second encoding of it.
    let uncompressed = key.sec1().to_vec();
    let mut cases: Vec<(&str, Value)> = Vec::new();
    let mut with = |what: &'static str, i: usize, v: Value| {
        let mut m = good();
        m[i] = v;
        cases.push((what, Value::Array(m)));
    };
    with("empty type", mso_index::TYPE, "".into());
    with("7-byte serial", 2, Value::Bytes(vec![1; 7]));
    with("9-byte serial", 2, Value::Bytes(vec![1; 9]));
    with(
        "65-byte device key",
        mso_index::DEVICE_KEY,
        Value::Bytes(uncompressed),
    );
    let mut off_curve = key.compressed().to_vec();
    off_curve[0] = 0x05;
    with(
        "not a point",
        mso_index::DEVICE_KEY,
        Value::Bytes(off_curve),
    );
    with("device key as text", mso_index::DEVICE_KEY, "key".into());
    with(
        "7-byte device serial",
        mso_index::DEVICE_SERIAL,
        Value::Bytes(vec![1; 7]),
    );
    with(
        "validity ends at its start",
        mso_index::VALID_UNTIL,
        (T0 - DAY).into(),
    );
    with(
        "ids not increasing",
        mso_index::IDS,
        Value::Bytes(vec![2, 1]),
    );
    with("ids repeated", mso_index::IDS, Value::Bytes(vec![1, 1]));
    with("15-byte root", mso_index::ROOT, Value::Bytes(vec![0; 15]));
    with("32-byte root", mso_index::ROOT, Value::Bytes(vec![0; 32]));
    with("level 0", mso_index::LEVEL, 0.into());
    with("level 3", mso_index::LEVEL, 3.into());
    with("level as text", mso_index::LEVEL, "2".into());
    with(
        "device end as text",
        mso_index::DEVICE_EXPIRES_AT,
        "never".into(),
    );
    let mut thirteen = good();
    thirteen.push(Value::Null);
    cases.push(("thirteen entries", Value::Array(thirteen)));
    let mut nine = good();
    nine.pop();
    cases.push(("nine entries", Value::Array(nine)));
    cases.push(("a map", Value::Map(vec![cose::entry(1, 2)])));
    for (what, mso) in cases {
        let signed = sign_mso(&w, "C06", mso);
        // With no proof hash, and with the one that would be the root of a tree of no
        // disclosed leaf: neither gets past parsing.
        for pr in [&[][..], &[merkle::root(&[])]] {
            let r = scan(&w, &citizen_hand(&w, &signed, vec![], pr));
            assert_eq!(
                r,
                Some(Reason::Malformed),
                "{what}, {} proof hashes",
                pr.len()
            );
        }
    }
}

// --- bound to the device -----------------------------------------------------------------

#[test]
fn a_paper_is_bound_to_the_device_it_was_issued_to() {
    let w = world();
    let mine = gplx(&w);
    let other = other_citizen(&w);
    let theirs = w
        .authority
        .issue_sample_papers(&other.account().identity, &holder(&other), T0 - DAY)
        .unwrap()
        .swap_remove(1);
    assert_ne!(holder(&other), holder(&w.citizen));
    // The baseline: each citizen's own paper, presented by their own app, is genuine.
    assert!(w
        .officer
        .verify_text(&present(&w, &mine, &["classes"]))
        .unwrap()
        .is_genuine());
    let v = w
        .officer
        .verify_text(
            &other
                .make_presentation_qr(&theirs, &["classes"])
                .unwrap()
                .text,
        )
        .unwrap();
    assert_eq!(
        genuine(&v).certificate_serial,
        other.certificate().unwrap().claims().serial
    );

    // Another enrolled citizen presents the first citizen's paper, signed with their own key:
    // their app refuses to make it…
    assert!(matches!(
        other.make_presentation_qr(&mine, &["classes"]),
        Err(Error::InvalidArgument(_))
    ));
    // …and one made by hand, honest in every other way, is refused by the officer.
    let stolen = signed_by(
        other.device().as_ref(),
        mine.signed(),
        disclose(&mine, &["classes"]),
        &proof(&mine, &["classes"]),
        T0,
    );
    assert_eq!(scan(&w, &stolen), Some(Reason::WrongHolder));

    // The right device presents a paper issued to another device key: refused likewise.
    assert!(matches!(
        w.citizen.make_presentation_qr(&theirs, &["classes"]),
        Err(Error::InvalidArgument(_))
    ));
    let borrowed = signed_by(
        w.citizen.device().as_ref(),
        theirs.signed(),
        disclose(&theirs, &["classes"]),
        &proof(&theirs, &["classes"]),
        T0,
    );
    assert_eq!(scan(&w, &borrowed), Some(Reason::WrongHolder));

    // A paper that names this device's certificate serial but another key: it is the key
    // that binds.
    let mut c = content(&w, "gplx");
    c.holder = Holder {
        device_key: other.device().public_key().unwrap(),
        device_serial: holder(&w.citizen).device_serial,
        level: AssuranceLevel::Level2,
        device_expires_at: holder(&w.citizen).device_expires_at,
    };
    let mixed = w.authority.issue_paper(&c, T0 - DAY).unwrap();
    assert!(w
        .citizen
        .make_presentation_qr(&mixed, &["classes"])
        .is_err());
    let text = signed_by(
        w.citizen.device().as_ref(),
        mixed.signed(),
        disclose(&mixed, &["classes"]),
        &proof(&mixed, &["classes"]),
        T0,
    );
    assert_eq!(scan(&w, &text), Some(Reason::WrongHolder));

    // A thief's key that no one enrolled, every shape of presentation.
    let thief = SoftwareSigner::generate().unwrap();
    let choices: [&[&str]; 3] = [&[], &["classes"], &["full_name", "date_of_birth"]];
    for keys in choices {
        let text = signed_by(
            &thief,
            mine.signed(),
            disclose(&mine, keys),
            &proof(&mine, keys),
            T0,
        );
        assert_eq!(scan(&w, &text), Some(Reason::WrongHolder), "{keys:?}");
    }
    let text = raw(
        &thief,
        payload(
            mine.signed().to_bytes(),
            disclose(&mine, &["classes"]),
            &proof(&mine, &["classes"]),
            T0,
            T0 + 60,
        ),
    );
    assert_eq!(scan(&w, &text), Some(Reason::WrongHolder));
}

#[test]
fn a_paper_cannot_be_rebound_to_another_device() {
    let w = world();
    let p = gplx(&w);
    let thief = SoftwareSigner::generate().unwrap();
    // The thief writes their own key into the MSO: the issuer's signature no longer matches.
    let rebound = tamper_mso(&p, |m| {
        m[mso_index::DEVICE_KEY] = Value::Bytes(thief.public_key().unwrap().compressed().to_vec())
    });
    let text = raw(
        &thief,
        payload(
            &rebound,
            disclose(&p, &["classes"]),
            &proof(&p, &["classes"]),
            T0,
            T0 + 60,
        ),
    );
    assert_eq!(scan(&w, &text), Some(Reason::BadPaperSignature));
    // Nor can the device serial be changed (to one not on the revocation list).
    let reserial = tamper_mso(&p, |m| {
        m[mso_index::DEVICE_SERIAL] = Value::Bytes(vec![9; 8])
    });
    assert_eq!(
        scan(&w, &citizen_shows(&w, &p, &reserial, &["classes"])),
        Some(Reason::BadPaperSignature)
    );
    // Nor the root (to one over values of the holder's choosing), nor the field ids.
    let reroot = tamper_mso(&p, |m| m[mso_index::ROOT] = Value::Bytes(vec![0; HASH_LEN]));
    assert_eq!(
        scan(&w, &citizen_shows(&w, &p, &reroot, &["classes"])),
        Some(Reason::BadPaperSignature)
    );
    let reids = tamper_mso(&p, |m| {
        m[mso_index::IDS] = Value::Bytes(vec![1, 2, 3, 4, 5, 7])
    });
    assert_eq!(
        scan(&w, &citizen_hand(&w, &reids, vec![], &proof(&p, &[]))),
        Some(Reason::BadPaperSignature)
    );
}

#[test]
fn a_level_1_account_cannot_present() {
    let w = world();
    let mut c = citizen(&w.clock, AssuranceLevel::Level1);
    c.enrol(&w.authority).unwrap();
    assert!(c.set_qr_verification(true).is_err());
    // No paper is issued to a level-1 account.
    assert!(matches!(
        w.authority
            .issue_sample_papers(&identity(), &holder(&c), T0 - DAY),
        Err(Error::LevelTooLow { level: 1 })
    ));
    // And one signed all the same (an issuer's bug), presented by hand from that device, is
    // refused by the verifier: the MSO carries the level the certificate no longer brings.
    let h = holder(&c);
    let mut m = mso_array(&w, MSO_VERSION, "cccd", T0 + 365 * DAY);
    m[mso_index::DEVICE_KEY] = Value::Bytes(h.device_key.compressed().to_vec());
    m[mso_index::DEVICE_SERIAL] = Value::Bytes(h.device_serial.0.to_vec());
    let now = w.clock.now();
    let show = |m: Vec<Value>| {
        let paper = sign_mso(&w, "C06", Value::Array(m));
        raw(
            c.device().as_ref(),
            payload(&paper, vec![], &[], now, now + 60),
        )
    };
    assert!(w
        .officer
        .verify_text(&show(m.clone()))
        .unwrap()
        .is_genuine());
    m[mso_index::LEVEL] = 1.into();
    assert_eq!(scan(&w, &show(m)), Some(Reason::LevelTooLow));
}

// --- revocation ------------------------------------------------------------------------

#[test]
fn revoked_paper_fails_and_other_papers_do_not() {
    let mut w = world();
    let all = papers(&w);
    let revoked = &all[1];
    revoke(&mut w, revoked.serial());
    assert_eq!(
        scan(&w, &present(&w, revoked, &["classes"])),
        Some(Reason::PaperRevoked)
    );
    assert_eq!(
        scan(&w, &present(&w, revoked, &[])),
        Some(Reason::PaperRevoked)
    );
    // The device is not revoked: its other papers and its identity QR are genuine.
    for p in [&all[0], &all[2], &all[3]] {
        assert!(w
            .officer
            .verify_text(&present(&w, p, &[]))
            .unwrap()
            .is_genuine());
    }
    assert!(w
        .officer
        .verify_text(&w.citizen.make_identity_qr().unwrap().text)
        .unwrap()
        .is_genuine());
}

#[test]
fn a_revoked_phones_papers_are_revoked() {
    let mut w = world();
    let all = papers(&w);
    let other = other_citizen(&w);
    let theirs = w
        .authority
        .issue_sample_papers(&other.account().identity, &holder(&other), T0 - DAY)
        .unwrap();
    // The phone is reported stolen: its certificate serial goes on the list.
    let device_serial = w.citizen.certificate().unwrap().claims().serial;
    revoke(&mut w, device_serial);
    for p in &all {
        assert_eq!(
            scan(&w, &present(&w, p, &[])),
            Some(Reason::Revoked),
            "{p:?}"
        );
        let keys: Vec<&str> = p.fields().iter().map(|f| f.spec.key).collect();
        assert_eq!(scan(&w, &present(&w, p, &keys)), Some(Reason::Revoked));
    }
    // Another phone's papers are not.
    for p in &theirs {
        let qr = other.make_presentation_qr(p, &[]).unwrap();
        let v = w.officer.verify_text(&qr.text).unwrap();
        assert!(v.is_genuine(), "{p:?} {v:?}");
    }
}

#[test]
fn revocation_applies_by_the_device_serial_the_paper_names() {
    let mut w = world();
    // A paper for this device key naming a device serial that is no certificate the officer
    // ever saw: only the paper tells the verifier which serial to look up.
    let named = Serial([0x5a; 8]);
    let mut c = content(&w, "gplx");
    c.holder.device_serial = named;
    let p = w.authority.issue_paper(&c, T0 - DAY).unwrap();
    let v = w
        .officer
        .verify_text(&present(&w, &p, &["classes"]))
        .unwrap();
    assert_eq!(genuine(&v).certificate_serial, named);
    revoke(&mut w, named);
    assert_eq!(
        scan(&w, &present(&w, &p, &["classes"])),
        Some(Reason::Revoked)
    );
    // The citizen's other papers (naming the real serial) are not affected.
    assert!(w
        .officer
        .verify_text(&present(&w, &gplx(&w), &["classes"]))
        .unwrap()
        .is_genuine());
}

#[test]
fn the_first_failed_check_gives_the_reason() {
    // The documented order: issuer checks → disclosures against the root → device signature
    // → device revoked → paper revoked → 60-second window → paper validity.
    let mut w = world();
    let p = gplx(&w);
    let thief = SoftwareSigner::generate().unwrap();
    let s = p.signed().to_bytes();
    let keys = ["classes"];
    let mut bad_value = disclose(&p, &keys);
    let Value::Array(item) = &mut bad_value[0] else {
        panic!()
    };
    item[1] = Value::Array(vec!["C".into()]);
    let device_serial = w.citizen.certificate().unwrap().claims().serial;
    revoke(&mut w, p.serial());
    revoke(&mut w, device_serial);
    // Everything wrong at once: the issuer first.
    let mut bad_sig = s.to_vec();
    let last = bad_sig.len() - 1;
    bad_sig[last] ^= 1;
    let text = raw(
        &thief,
        payload(
            &bad_sig,
            bad_value.clone(),
            &proof(&p, &keys),
            T0 - 3600,
            T0 + 3600,
        ),
    );
    assert_eq!(scan(&w, &text), Some(Reason::BadPaperSignature));
    // Then the disclosures, before the device signature.
    let text = raw(
        &thief,
        payload(s, bad_value, &proof(&p, &keys), T0 - 3600, T0 + 3600),
    );
    assert_eq!(scan(&w, &text), Some(Reason::BadDigest));
    // Then the device signature, before revocation and the window.
    let text = raw(
        &thief,
        payload(
            s,
            disclose(&p, &keys),
            &proof(&p, &keys),
            T0 - 3600,
            T0 + 3600,
        ),
    );
    assert_eq!(scan(&w, &text), Some(Reason::WrongHolder));
    // Then the device, before the paper.
    let dev = w.citizen.device().as_ref();
    let text = raw(
        dev,
        payload(
            s,
            disclose(&p, &keys),
            &proof(&p, &keys),
            T0 - 3600,
            T0 + 3600,
        ),
    );
    assert_eq!(scan(&w, &text), Some(Reason::Revoked));
    // Then the paper, before the window (checked in a world where only the paper is revoked).
    let mut w = world();
    let p = gplx(&w);
    revoke(&mut w, p.serial());
    let dev = w.citizen.device().as_ref();
    let s = p.signed().to_bytes();
    let text = raw(
        dev,
        payload(
            s,
            disclose(&p, &keys),
            &proof(&p, &keys),
            T0 - 3600,
            T0 + 3600,
        ),
    );
    assert_eq!(scan(&w, &text), Some(Reason::PaperRevoked));
    // The window before the paper's validity.
    let mut c = content(&w, "gplx");
    c.valid_until = T0;
    c.valid_from = T0 - 10 * DAY;
    let expired = w.authority.issue_paper(&c, T0 - 2 * DAY).unwrap();
    let text = raw(
        dev,
        payload(
            expired.signed().to_bytes(),
            disclose(&expired, &keys),
            &proof(&expired, &keys),
            T0 - 120,
            T0 - 60,
        ),
    );
    assert_eq!(scan(&w, &text), Some(Reason::TokenExpired));
    assert_eq!(
        scan(&w, &present(&w, &expired, &keys)),
        Some(Reason::PaperExpired)
    );
}

// --- time ------------------------------------------------------------------------------

#[test]
fn expired_paper_is_shown_as_expired() {
    let w = world();
    let mut c = content(&w, "bhyt");
    c.valid_from = T0 - 400 * DAY;
    c.valid_until = T0 + 10;
    let p = w.authority.issue_paper(&c, T0 - DAY).unwrap();
    let qr = present(&w, &p, &["card_number"]);
    assert!(w.officer.verify_text(&qr).unwrap().is_genuine());
    // At the end of its validity (strict, whatever the tolerance).
    w.clock.set(T0 + 10);
    assert_eq!(
        scan(&w, &present(&w, &p, &["card_number"])),
        Some(Reason::PaperExpired)
    );
    // Long expired.
    let mut c = content(&w, "bhyt");
    c.valid_from = T0 - 2 * DAY;
    c.valid_until = T0 - DAY + 1;
    let p = w.authority.issue_paper(&c, T0 - DAY).unwrap();
    assert_eq!(scan(&w, &present(&w, &p, &[])), Some(Reason::PaperExpired));
}

#[test]
fn paper_not_yet_valid_with_tolerance() {
    let w = world();
    let tol = vneid_core::verifier::Policy::default().clock_tolerance_secs;
    for (start, expect) in [
        (T0 + tol, None),
        (T0 + tol + 1, Some(Reason::PaperNotYetValid)),
        (T0 + 30 * DAY, Some(Reason::PaperNotYetValid)),
    ] {
        let mut c = content(&w, "gplx");
        c.valid_from = start;
        let p = w.authority.issue_paper(&c, T0 - DAY).unwrap();
        assert_eq!(scan(&w, &present(&w, &p, &["classes"])), expect, "{start}");
    }
}

#[test]
fn presentation_expires_after_60_seconds() {
    for (after, expect) in [
        (0, None),
        (59, None),
        (60, Some(Reason::TokenExpired)),
        (3600, Some(Reason::TokenExpired)),
    ] {
        let w = world();
        let qr = present(&w, &gplx(&w), &["classes"]);
        w.clock.advance(after);
        assert_eq!(scan(&w, &qr), expect, "after {after} s");
    }
}

#[test]
fn presentation_window_shapes_fail() {
    let w = world();
    let p = gplx(&w);
    let dev = w.citizen.device().as_ref();
    let s = p.signed().to_bytes();
    let keys = ["classes"];
    let d = || disclose(&p, &keys);
    let pr = proof(&p, &keys);
    let tol = vneid_core::verifier::Policy::default().clock_tolerance_secs;
    // Made in the future, through the core's own signing (exp = iat + 60).
    for (iat, expect) in [
        (T0 + tol, None),
        (T0 + tol + 1, Some(Reason::NotYetValid)),
        (T0 + 3600, Some(Reason::NotYetValid)),
        (T0 - 59, None),
        (T0 - 60, Some(Reason::TokenExpired)),
        (T0 - DAY, Some(Reason::TokenExpired)),
    ] {
        assert_eq!(
            scan(&w, &signed_by(dev, p.signed(), d(), &pr, iat)),
            expect,
            "iat {iat}"
        );
    }
    // Windows longer than 60 seconds, or ending before they start (raw payloads).
    for (iat, exp) in [
        (T0, T0 + 3600),
        (T0, T0 + 61),
        (T0 - 3600, T0 + 3600),
        (T0, T0 - 1),
        (T0, i64::MIN),
        (i64::MIN, T0),
    ] {
        assert_eq!(
            scan(&w, &raw(dev, payload(s, d(), &pr, iat, exp))),
            Some(Reason::ValidityTooLong),
            "iat {iat} exp {exp}"
        );
    }
    // A window of exactly 60 seconds, by hand, is genuine (the baseline).
    assert!(w
        .officer
        .verify_text(&raw(dev, payload(s, d(), &pr, T0 - 30, T0 + 30)))
        .unwrap()
        .is_genuine());
}

// --- the paper's issuer ----------------------------------------------------------------

#[test]
fn bad_issuer_signature() {
    let w = world();
    let p = gplx(&w);
    let mut signed = p.signed().to_bytes().to_vec();
    let last = signed.len() - 1;
    signed[last] ^= 1; // inside the signature
    assert_eq!(
        scan(&w, &citizen_shows(&w, &p, &signed, &["classes"])),
        Some(Reason::BadPaperSignature)
    );
    // A value in the MSO changed (the type code, to another of the same agency): also the
    // signature.
    let signed = tamper_mso(&p, |m| m[mso_index::TYPE] = "dkx".into());
    assert_eq!(
        scan(&w, &citizen_hand(&w, &signed, vec![], &proof(&p, &[]))),
        Some(Reason::BadPaperSignature)
    );
    // Another agency's paper signature under this kid: a forged paper.
    let forger = SoftwareSigner::generate().unwrap();
    let c08 = w.authority.paper_issuer("C08").unwrap();
    let forged = Paper::issue(&content(&w, "gplx"), &c08.entry.kid, &forger, T0 - DAY).unwrap();
    assert_eq!(
        scan(&w, &present(&w, &forged, &["classes"])),
        Some(Reason::BadPaperSignature)
    );
}

#[test]
fn wrong_agency_key_fails() {
    let w = world();
    // A driving licence signed by the ID-card police (C06) instead of traffic police (C08).
    let c06 = w.authority.paper_issuer("C06").unwrap();
    let p = Paper::issue(
        &content(&w, "gplx"),
        &c06.entry.kid,
        c06.signer.as_ref(),
        T0 - DAY,
    )
    .unwrap();
    assert_eq!(
        scan(&w, &present(&w, &p, &["classes"])),
        Some(Reason::WrongAgency)
    );
    // An ID card signed by social insurance.
    let bhxh = w.authority.paper_issuer("BHXH").unwrap();
    let p = Paper::issue(
        &content(&w, "cccd"),
        &bhxh.entry.kid,
        bhxh.signer.as_ref(),
        T0 - DAY,
    )
    .unwrap();
    assert_eq!(
        scan(&w, &present(&w, &p, &["full_name"])),
        Some(Reason::WrongAgency)
    );
}

#[test]
fn device_issuer_key_may_not_sign_papers() {
    let w = world();
    let dev = w.authority.device_issuer();
    let p = Paper::issue(
        &content(&w, "cccd"),
        &dev.entry.kid,
        dev.signer.as_ref(),
        T0 - DAY,
    )
    .unwrap();
    assert_eq!(
        scan(&w, &present(&w, &p, &["full_name"])),
        Some(Reason::IssuerKeyNotValid)
    );
}

#[test]
fn paper_from_an_unknown_issuer() {
    let w = world();
    let foreign = Authority::create(T0 - 30 * DAY).unwrap();
    let p = foreign
        .issue_sample_papers(&identity(), &holder(&w.citizen), T0 - DAY)
        .unwrap()
        .swap_remove(1);
    assert_eq!(
        scan(&w, &present(&w, &p, &["classes"])),
        Some(Reason::UnknownIssuer)
    );
}

#[test]
fn unknown_paper_type() {
    let w = world();
    // The hand-built MSO is the real format: with a known type it is genuine…
    let known = hand_mso(&w, "C06", MSO_VERSION, "cccd", T0 + 365 * DAY);
    let v = w
        .officer
        .verify_text(&citizen_hand(&w, &known, vec![], &[]))
        .unwrap();
    assert_eq!(genuine(&v).paper.as_ref().unwrap().type_code, "cccd");
    // …and with a type this app does not know, refused as such.
    let signed = hand_mso(&w, "C06", MSO_VERSION, "passport", T0 + 365 * DAY);
    assert_eq!(
        scan(&w, &citizen_hand(&w, &signed, vec![], &[])),
        Some(Reason::UnknownPaperType)
    );
}

// --- the app ---------------------------------------------------------------------------

#[test]
fn the_setting_gates_presentations() {
    let mut w = world();
    let p = gplx(&w);
    w.citizen.set_qr_verification(false).unwrap();
    assert!(matches!(
        w.citizen.make_presentation_qr(&p, &["classes"]),
        Err(Error::QrSettingOff)
    ));
    w.citizen.set_qr_verification(true).unwrap();
    assert!(matches!(
        w.citizen.make_presentation_qr(&p, &["colour"]),
        Err(Error::InvalidArgument(_))
    ));
    assert!(w.citizen.make_presentation_qr(&p, &["classes"]).is_ok());
}

#[test]
fn a_repeat_scan_is_never_fresh() {
    let w = world();
    let p = gplx(&w);
    let qr = present(&w, &p, &["classes"]);
    assert!(!genuine(&w.officer.verify_text(&qr).unwrap()).repeat);
    for _ in 0..3 {
        assert!(genuine(&w.officer.verify_text(&qr).unwrap()).repeat);
    }
    // The same token id signed again over other disclosures (or another paper of the same
    // device): the same replay key, so a repeat.
    let id = TokenId::random().unwrap();
    let dev = w.citizen.device().as_ref();
    let make = |paper: &Paper, keys: &[&str]| {
        text_of(
            &presentation::sign(
                dev,
                T0,
                id,
                paper.signed(),
                disclose(paper, keys),
                &proof(paper, keys),
            )
            .unwrap(),
        )
    };
    assert!(!genuine(&w.officer.verify_text(&make(&p, &["classes"])).unwrap()).repeat);
    assert!(genuine(&w.officer.verify_text(&make(&p, &["full_name"])).unwrap()).repeat);
    let bhyt = papers(&w).swap_remove(2);
    assert!(genuine(&w.officer.verify_text(&make(&bhyt, &[])).unwrap()).repeat);
    // Once expired, a repeat is expired, not genuine.
    w.clock.advance(60);
    assert_eq!(scan(&w, &qr), Some(Reason::TokenExpired));
}

#[test]
fn garbage_truncated_and_oversized_presentations_are_malformed() {
    let w = world();
    let qr = present(&w, &gplx(&w), &["classes"]);
    let (_, bytes) = qrtext::decode(&qr).unwrap();
    for n in 0..bytes.len() {
        let t = qrtext::encode(Payload::Presentation, &bytes[..n]);
        assert_eq!(scan(&w, &t), Some(Reason::Malformed), "truncated to {n}");
    }
    // A byte added at the end.
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(scan(&w, &text_of(&longer)), Some(Reason::Malformed));
    for garbage in [
        "VP2:",
        "VP2:000",
        "VP2:12x",
        &qrtext::encode(Payload::Presentation, &[0xa0]),
        &qrtext::encode(Payload::Presentation, &[0xd2, 0x84]),
    ] {
        assert_eq!(scan(&w, garbage), Some(Reason::Malformed), "{garbage}");
    }
    // Version 1 (and any other version) of the format: not read.
    for other in ["VP1:123", "VP3:123", &qr.replacen("VP2:", "VP1:", 1)] {
        assert_eq!(
            scan(&w, other),
            Some(Reason::UnsupportedVersion),
            "{other:.8}"
        );
    }
    // Near and past the size limits: refused.
    for len in [1_686, 2_049] {
        let big = w
            .officer
            .verify_text(&qrtext::encode(Payload::Presentation, &vec![0x84; len]))
            .unwrap();
        assert_eq!(big.reason(), Some(Reason::Malformed), "{len}");
    }
    // The verifier directly, with bytes over and far over the limit.
    let store = vneid_core::trust::TrustStore::new(w.authority.root_public_key().unwrap());
    let mut v =
        vneid_core::verifier::Verifier::new(store, Default::default(), Arc::new(w.clock.clone()));
    v.store_mut()
        .update_trust_list(&w.bundle.trust_list)
        .unwrap();
    v.store_mut()
        .update_revocation_list(&w.bundle.revocation_list)
        .unwrap();
    assert!(v
        .check_presentation_bytes(&bytes)
        .unwrap()
        .verdict
        .is_genuine());
    for len in [presentation::MAX_PRESENTATION_BYTES + 1, 100_000] {
        let checked = v.check_presentation_bytes(&vec![0x84; len]).unwrap();
        assert_eq!(checked.verdict.reason(), Some(Reason::Malformed));
        assert_eq!(checked.token_digest, None);
    }
}

/// No single-byte change of a genuine presentation is genuine: every byte, with its lowest
/// and its highest bit flipped, and a changed digit of the QR text.
#[test]
fn every_single_byte_change_of_a_presentation_is_fake() {
    let w = world();
    for (paper, keys) in [
        (gplx(&w), &["classes", "expiry_date"][..]),
        (papers(&w).swap_remove(0), &["full_name"][..]),
    ] {
        let qr = present(&w, &paper, keys);
        let (_, bytes) = qrtext::decode(&qr).unwrap();
        for i in 0..bytes.len() {
            for flip in [0x01u8, 0x80] {
                let mut b = bytes.clone();
                b[i] ^= flip;
                let v = w.officer.verify_text(&text_of(&b)).unwrap();
                assert!(!v.is_genuine(), "byte {i} ^ {flip:#x} still genuine");
            }
        }
        let mut t = qr.clone().into_bytes();
        let last = t.len() - 1;
        t[last] = if t[last] == b'0' { b'1' } else { b'0' };
        let v = w
            .officer
            .verify_text(std::str::from_utf8(&t).unwrap())
            .unwrap();
        assert!(!v.is_genuine());
        // The unchanged one is genuine (the mutations above were not refused for being seen).
        assert!(w.officer.verify_text(&qr).unwrap().is_genuine());
    }
}

// --- sizes ------------------------------------------------------------------------------

/// Measures the QR version (ECC level M) of presentations for typical field choices against
/// the v2 targets of issue 13: a driving licence with name, date of birth, classes and expiry
/// at version 16 or lower, every field of the ID card at 22 or lower, the identity QR at 13 or
/// lower. The sizes are deterministic (fixed-length salts, hashes, ids and signatures; the
/// sample papers' values). Run with
/// `cargo test -p vneid-core --test wallet presentation_qr_versions -- --nocapture` to see the
/// table (Markdown, for `docs/wallet-protocol.md`); "spare" is how many more bytes the same
/// version would hold.
#[test]
fn presentation_qr_versions() {
    let w = world();
    let all = papers(&w);
    let version = |text: &str| QrMatrix::encode_with(text, Ecc::M).unwrap().version;
    // The most bytes a `VP2:` text of version `v` holds (`VN2:` is as long).
    let capacity = |v: u8| {
        let (mut lo, mut hi) = (0usize, 4096usize);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let t = text_of(&vec![0u8; mid]);
            if t.len() <= qrtext::MAX_QR_TEXT && version(&t) <= v {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        lo
    };
    let id = w.citizen.make_identity_qr().unwrap();
    let id_bytes = qrtext::decode(&id.text).unwrap().1.len();
    let id_version = version(&id.text);
    println!(
        "| QR | bytes | QR chars | version (ECC M) | spare bytes | issuer-signed paper | proof hashes |"
    );
    println!("|---|---|---|---|---|---|---|");
    println!(
        "| identity token (`VN2:`) | {id_bytes} | {} | {id_version} | {} | | |",
        id.text.len(),
        capacity(id_version) - id_bytes,
    );
    const GPLX_TARGET: &[&str] = &["full_name", "date_of_birth", "classes", "expiry_date"];
    let cases: [(usize, &[&str]); 12] = [
        (0, &[]),
        (0, &["number", "full_name", "date_of_birth"]),
        (0, &["full_name", "date_of_birth", "place_of_residence"]),
        (1, &[]),
        (1, &["full_name", "classes", "expiry_date"]),
        (1, GPLX_TARGET),
        (2, &["card_number", "initial_hospital", "valid_until"]),
        (3, &["plate", "owner", "frame_number", "engine_number"]),
        (0, &["*"]),
        (1, &["*"]),
        (2, &["*"]),
        (3, &["*"]),
    ];
    let mut measured = Vec::new();
    for (i, fields) in cases {
        let p = &all[i];
        let keys: Vec<&str> = if fields == ["*"] {
            p.fields().iter().map(|f| f.spec.key).collect()
        } else {
            fields.to_vec()
        };
        let qr = present(&w, p, &keys);
        assert!(w.officer.verify_text(&qr).unwrap().is_genuine());
        let bytes = qrtext::decode(&qr).unwrap().1.len();
        let v = version(&qr);
        let label = if fields == ["*"] {
            "every field".to_owned()
        } else if fields.is_empty() {
            "no field".to_owned()
        } else {
            fields.join(", ")
        };
        println!(
            "| `{}` {label} | {bytes} | {} | {v} | {} | {} | {} |",
            p.paper_type().code,
            qr.len(),
            capacity(v) - bytes,
            p.signed().to_bytes().len(),
            proof(p, &keys).len(),
        );
        measured.push((p.paper_type().code, fields, v));
    }
    let of = |code: &str, fields: &[&str]| {
        measured
            .iter()
            .find(|(c, f, _)| *c == code && *f == fields)
            .map(|(_, _, v)| *v)
            .unwrap()
    };
    let gplx4 = of("gplx", GPLX_TARGET);
    assert!(
        gplx4 <= 16,
        "gplx name, date of birth, classes, expiry: version {gplx4} > 16"
    );
    let cccd_all = of("cccd", &["*"]);
    assert!(cccd_all <= 22, "cccd every field: version {cccd_all} > 22");
    let worst = measured.iter().map(|(_, _, v)| *v).max().unwrap();
    assert!(worst <= 22, "a presentation QR grew to version {worst}");
    assert!(id_version <= 13, "identity QR: version {id_version} > 13");
}

#[test]
fn the_largest_presentation_scans_from_a_camera_frame() {
    let w = world();
    let cccd = papers(&w).swap_remove(0);
    let keys: Vec<&str> = cccd.fields().iter().map(|f| f.spec.key).collect();
    let qr = w.citizen.make_presentation_qr(&cccd, &keys).unwrap();
    let (px, side) = qr.matrix().unwrap().to_luma(4);
    let frame = vneid_core::qr::LumaFrame::new(&px, side, side, side).unwrap();
    let v = w
        .officer
        .scan_frame(&frame)
        .unwrap()
        .expect("a QR in the frame");
    assert_eq!(genuine(&v).paper.as_ref().unwrap().fields.len(), keys.len());
}

#[test]
fn a_paper_is_not_accepted_past_its_device_certificate() {
    // A presentation carries no certificate: the MSO says when the device's ends, and the
    // paper goes with it (a renewed device gets its papers re-issued).
    let mut w = world();
    let p = gplx(&w);
    let end = holder(&w.citizen).device_expires_at;
    assert!(
        p.valid_until() > end,
        "the licence outlives the certificate"
    );
    w.clock.set(end - 1);
    w.refresh_lists();
    let qr = present(&w, &p, &["classes"]);
    assert!(w.officer.verify_text(&qr).unwrap().is_genuine());
    w.clock.set(end);
    w.refresh_lists();
    // The citizen's app will not sign with an expired certificate either; a hand-made one:
    let text = citizen_shows(&w, &p, p.signed().to_bytes(), &["classes"]);
    assert_eq!(scan(&w, &text), Some(Reason::CertificateExpired));
    // The wallet shows it expired too.
    assert_eq!(p.status(end, None), vneid_core::paper::PaperStatus::Expired);
    assert_eq!(
        p.status(end - 1, None),
        vneid_core::paper::PaperStatus::Valid
    );
}
