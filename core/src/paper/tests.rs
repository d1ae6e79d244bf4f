//! Paper tests: the type table, issuing, storing and reading back, digests, masking, dates.

use chrono::NaiveDate;

use super::view::mask_text;
use super::*;
use crate::certificate::Serial;
use crate::keys::{Signer, SoftwareSigner};

pub(crate) fn content() -> PaperContent {
    PaperContent {
        type_code: "gplx".into(),
        serial: Serial([9; 8]),
        holder: Holder {
            device_key: SoftwareSigner::generate().unwrap().public_key().unwrap(),
            device_serial: Serial([1; 8]),
            level: crate::identity::AssuranceLevel::Level2,
            device_expires_at: i64::MAX,
        },
        valid_from: 1_700_000_000,
        valid_until: 1_900_000_000,
        fields: vec![
            (
                "classes".into(),
                FieldValue::TextList(vec!["A1".into(), "B2".into()]),
            ),
            ("number".into(), FieldValue::Text("790123456789".into())),
            (
                "expiry_date".into(),
                FieldValue::Date(NaiveDate::from_ymd_opt(2030, 1, 2).unwrap()),
            ),
        ],
    }
}

#[test]
fn every_type_is_well_formed() {
    let mut codes = std::collections::HashSet::new();
    for t in PAPER_TYPES {
        assert!(codes.insert(t.code));
        assert!(agency::agency(t.agency).is_some(), "{}", t.code);
        assert!(!t.name_vi.is_empty() && !t.name_en.is_empty());
        assert!(t.fields.len() <= MAX_FIELDS);
        let mut ids = std::collections::HashSet::new();
        let mut keys = std::collections::HashSet::new();
        for f in t.fields {
            assert!(
                ids.insert(f.id) && keys.insert(f.key),
                "{}.{}",
                t.code,
                f.key
            );
            assert!(!f.label_vi.is_empty() && !f.label_en.is_empty());
        }
    }
    assert_eq!(paper_type("cccd").unwrap().agency, "C06");
    assert_eq!(paper_type("gplx").unwrap().agency, "C08");
    assert_eq!(paper_type("dkx").unwrap().agency, "C08");
    assert_eq!(paper_type("bhyt").unwrap().agency, "BHXH");
    assert!(
        paper_type("cccd")
            .unwrap()
            .field("number")
            .unwrap()
            .personal_id
    );
}

#[test]
fn issue_store_and_read_back() {
    let k = SoftwareSigner::generate().unwrap();
    let p = Paper::issue(&content(), b"kid", &k, 1_700_000_000).unwrap();
    // Sorted by id.
    let keys: Vec<_> = p.fields().iter().map(|f| f.spec.key).collect();
    assert_eq!(keys, ["number", "classes", "expiry_date"]);
    let back = Paper::from_bytes(&p.to_bytes().unwrap()).unwrap();
    assert_eq!(back, p);
    assert_eq!(back.value("classes").unwrap().plain(), "A1, B2");
    // Every truncation is a typed error.
    let bytes = p.to_bytes().unwrap();
    for n in 0..bytes.len() {
        assert!(Paper::from_bytes(&bytes[..n]).is_err());
    }
}

#[test]
fn held_values_must_match_their_digests() {
    let k = SoftwareSigner::generate().unwrap();
    let p = Paper::issue(&content(), b"kid", &k, 1_700_000_000).unwrap();
    let held = |f: &HeldField| (f.spec.id, f.value.clone(), f.salt);
    let mut h: Vec<_> = p.fields().iter().map(held).collect();
    h[0].1 = FieldValue::Text("790123456780".into());
    assert!(Paper::from_parts(p.signed().to_bytes(), h).is_err());
    let mut h: Vec<_> = p.fields().iter().map(held).collect();
    h[0].2[0] ^= 1;
    assert!(Paper::from_parts(p.signed().to_bytes(), h).is_err());
    let mut h: Vec<_> = p.fields().iter().map(held).collect();
    h.pop();
    assert!(Paper::from_parts(p.signed().to_bytes(), h).is_err());
}

#[test]
fn bad_content_is_refused() {
    let k = SoftwareSigner::generate().unwrap();
    let mut c = content();
    c.fields
        .push(("colour".into(), FieldValue::Text("red".into())));
    assert!(Paper::issue(&c, b"k", &k, 0).is_err());
    let mut c = content();
    c.fields[0].1 = FieldValue::Text("A1".into());
    assert!(Paper::issue(&c, b"k", &k, 0).is_err());
    let mut c = content();
    c.fields
        .push(("number".into(), FieldValue::Text("1".into())));
    assert!(Paper::issue(&c, b"k", &k, 0).is_err());
    let mut c = content();
    c.valid_until = c.valid_from;
    assert!(Paper::issue(&c, b"k", &k, 0).is_err());
    let mut c = content();
    c.fields[1].1 = FieldValue::Text("x".repeat(MAX_TEXT_BYTES + 1));
    assert!(Paper::issue(&c, b"k", &k, 0).is_err());
    let mut c = content();
    c.type_code = "passport".into();
    assert!(Paper::issue(&c, b"k", &k, 0).is_err());
}

#[test]
fn personal_id_fields_are_masked_by_default() {
    let spec = paper_type("cccd").unwrap().field("number").unwrap();
    let v = FieldView::new(spec, FieldValue::Text("001090012345".into()));
    assert_eq!(v.text, "***********5");
    assert_eq!(v.to_string(), "***********5");
    assert_eq!(v.revealed_text.clone(), "001090012345");
    assert!(!format!("{v:?}").contains("090012"));
    assert_eq!(mask_text("AB1234567"), "AB1***567");
    assert_eq!(
        format!("{:?}", FieldValue::Text("secret".into())),
        "FieldValue::text(…)"
    );
}

#[test]
fn dates_in_vietnam() {
    let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let t = vn_midnight(d);
    assert_eq!(crate::clock::rfc3339(t), "2026-11-22T17:00:00Z");
    assert_eq!(vn_date(t).unwrap(), d);
    assert_eq!(vn_date(t - 1).unwrap(), d.pred_opt().unwrap());
    let leap = NaiveDate::from_ymd_opt(2000, 2, 29).unwrap();
    assert_eq!(
        add_years(leap, 25).unwrap(),
        NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()
    );
}
