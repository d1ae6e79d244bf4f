//! What the screens show, from real verdicts, wallets and scan logs: the logic the Android and
//! iOS presentation layers held before (their JVM and XCTest cases, here once).

mod common;

use std::sync::Arc;

use common::*;
use vneid_core::clock::Clock;
use vneid_core::identity::AssuranceLevel;
use vneid_core::screens::{
    history, paper_detail, paper_rows, personal, FieldPicker, Haptic, Locale, QrScreen, Tone,
    VerdictKind, VerdictView,
};
use vneid_core::strings::{self, Lang};
use vneid_core::testing::MemorySecretStore;
use vneid_core::verdict::{Reason, Verdict};
use vneid_core::verifier::Policy;
use vneid_core::wallet::Wallet;

fn vi() -> Locale {
    Locale::vietnam()
}

fn en() -> Locale {
    Locale {
        lang: Lang::En,
        ..Locale::vietnam()
    }
}

fn value<'a>(v: &'a VerdictView, label_key: &str) -> Option<&'a str> {
    let label = strings::text(label_key, Lang::Vi);
    v.rows
        .iter()
        .find(|r| r.label == label)
        .map(|r| r.value.as_str())
}

#[test]
fn a_genuine_identity_qr_shows_whose_app_masked() {
    let w = world();
    let qr = w.citizen.make_identity_qr().unwrap();
    let v = VerdictView::of(&w.officer.verify_text(&qr.text).unwrap(), &vi());
    assert_eq!(v.kind, VerdictKind::Genuine);
    assert_eq!(v.headline, "Ứng dụng thật / GENUINE");
    assert_eq!(v.tone, Tone::Genuine);
    assert_eq!(v.haptic, Haptic::Confirm);
    assert_eq!(v.reason, None);
    assert_eq!(v.repeat, None);
    assert_eq!(v.paper, None);
    assert_eq!(value(&v, "label.full_name"), Some("Nguyễn Văn An"));
    assert_eq!(value(&v, "label.personal_id"), Some("***********5"));
    assert_eq!(value(&v, "label.date_of_birth"), Some("02/01/1990"));
    assert_eq!(
        value(&v, "label.level"),
        Some(strings::text("level.2", Lang::Vi))
    );
    let serial = w.citizen.certificate().unwrap().claims().serial.to_string();
    assert_eq!(value(&v, "label.serial"), Some(serial.as_str()));
    assert!(v.rows.iter().all(|r| !r.value.contains("001090012345")));
    assert!(v
        .announcement
        .starts_with(strings::text("verdict.genuine", Lang::Vi)));
    // The same QR again: genuine, but a repeat, and the haptic says look again.
    let again = VerdictView::of(&w.officer.verify_text(&qr.text).unwrap(), &vi());
    assert_eq!(again.kind, VerdictKind::Genuine);
    assert_eq!(
        again.repeat.as_deref(),
        Some(strings::text("verdict.repeat", Lang::Vi))
    );
    assert_eq!(again.haptic, Haptic::Warn);
    assert!(again
        .announcement
        .contains(again.repeat.as_deref().unwrap()));
}

#[test]
fn a_fake_says_why_in_both_languages() {
    let w = world();
    let qr = w.citizen.make_identity_qr().unwrap();
    w.clock.set(T0 + 61);
    let verdict = w.officer.verify_text(&qr.text).unwrap();
    let v = VerdictView::of(&verdict, &vi());
    assert_eq!(v.kind, VerdictKind::Fake);
    assert_eq!(v.tone, Tone::Fake);
    assert_eq!(v.headline, "Ứng dụng giả / FAKE");
    assert_eq!(v.reason_code.as_deref(), Some("token_expired"));
    assert_eq!(v.haptic, Haptic::Reject);
    assert!(v.rows.is_empty());
    assert_eq!(
        VerdictView::of(&verdict, &en()).reason.as_deref(),
        Some("QR code expired — ask the citizen to create a new one")
    );
    // Every reason has words of its own in both languages.
    for r in Reason::ALL {
        let f = Verdict::Fake { reason: r };
        for l in [vi(), en()] {
            let v = VerdictView::of(&f, &l);
            let why = v.reason.unwrap();
            assert_ne!(why, r.string_key(), "{r:?} has no words");
            assert_eq!(v.reason_code.as_deref(), Some(r.code()));
        }
    }
}

#[test]
fn cannot_verify_is_neither_genuine_nor_fake() {
    let w = world();
    w.clock.set(T0 + 30 * DAY); // the lists are 23 days past their next update
    let qr = w.citizen.make_identity_qr().unwrap();
    let v = VerdictView::of(&w.officer.verify_text(&qr.text).unwrap(), &vi());
    assert_eq!(v.kind, VerdictKind::CannotVerify);
    assert_eq!(v.tone, Tone::Warning);
    assert_eq!(v.haptic, Haptic::Warn);
    assert!(v.rows.is_empty());
    assert_eq!(v.reason_code, None);
    assert_eq!(
        v.reason.as_deref(),
        Some(strings::text(
            "verdict.cannot_verify.lists_too_old",
            Lang::Vi
        ))
    );
}

#[test]
fn stale_lists_warn_on_a_genuine_verdict() {
    let w = world_with(Policy::default());
    w.clock.set(T0 + 8 * DAY); // past next_update, within the staleness allowed
    let qr = w.citizen.make_identity_qr().unwrap();
    let v = VerdictView::of(&w.officer.verify_text(&qr.text).unwrap(), &vi());
    assert_eq!(v.kind, VerdictKind::Genuine, "{v:?}");
    assert!(!v.warnings.is_empty());
    assert_eq!(v.haptic, Haptic::Warn);
}

fn wallet_of(w: &World) -> (tempfile::TempDir, Wallet) {
    let dir = tempfile::tempdir().unwrap();
    let mut wallet = Wallet::create(
        &dir.path().join("wallet.bin"),
        Arc::new(MemorySecretStore::new()),
    )
    .unwrap();
    for p in w
        .authority
        .issue_sample_papers(&identity(), &holder(&w.citizen), T0 - DAY)
        .unwrap()
    {
        wallet.add(p).unwrap();
    }
    (dir, wallet)
}

#[test]
fn the_wallet_list_offers_only_valid_papers() {
    let w = world();
    let (_d, wallet) = wallet_of(&w);
    let rows = paper_rows(&wallet.list(w.clock.now(), None), &vi());
    assert_eq!(rows.len(), 4);
    assert!(rows
        .iter()
        .all(|r| r.presentable && r.status_tone == Tone::Genuine));
    assert!(rows.iter().any(|r| r.name == "Giấy phép lái xe"));
    // Revoked: not offered, in red.
    let gplx = wallet.find("gplx").unwrap().serial();
    let mut a = w.authority;
    let bundle = a.revoke(gplx, T0).unwrap();
    let list = vneid_core::trust::RevocationList::verify(
        &bundle.revocation_list,
        &a.root_public_key().unwrap(),
    )
    .unwrap();
    let rows = paper_rows(&wallet.list(T0, Some(&list)), &vi());
    let r = rows.iter().find(|r| r.type_code == "gplx").unwrap();
    assert!(!r.presentable);
    assert_eq!(r.status_tone, Tone::Fake);
    assert_eq!(r.status, strings::text("paper.status.revoked", Lang::Vi));
    // Past every paper's end: expired, amber, not offered.
    let rows = paper_rows(&wallet.list(T0 + 100 * 365 * DAY, None), &vi());
    assert!(rows
        .iter()
        .all(|r| !r.presentable && r.status_tone == Tone::Warning));
    // Before: not yet valid, neutral, not offered.
    let rows = paper_rows(&wallet.list(0, None), &vi());
    assert!(rows
        .iter()
        .all(|r| !r.presentable && r.status_tone == Tone::Neutral));
}

#[test]
fn a_papers_id_number_is_masked_until_tapped() {
    let w = world();
    let (_d, wallet) = wallet_of(&w);
    let d = wallet.detail("cccd", w.clock.now(), None).unwrap();
    let view = paper_detail(&d, &[], &vi());
    let number = view.fields.iter().find(|f| f.key == "number").unwrap();
    assert!(number.maskable && !number.revealed);
    assert_eq!(number.value, "***********5");
    assert_eq!(
        number.hint.as_deref(),
        Some(strings::text("wallet.tap_to_show", Lang::Vi))
    );
    assert!(view
        .header
        .iter()
        .all(|r| !r.value.contains("001090012345")));
    let shown = paper_detail(&d, &["number".into()], &vi());
    let number = shown.fields.iter().find(|f| f.key == "number").unwrap();
    assert!(number.revealed);
    assert_eq!(number.value, "001090012345");
    assert_eq!(
        number.hint.as_deref(),
        Some(strings::text("wallet.tap_to_hide", Lang::Vi))
    );
    // A field that is not an ID number has no mask, whatever is asked.
    let name = shown.fields.iter().find(|f| f.key == "full_name").unwrap();
    assert!(!name.maskable && name.hint.is_none());
    let asked = paper_detail(&d, &["full_name".into()], &vi());
    assert_eq!(asked, view);
}

#[test]
fn the_field_picker_discloses_nothing_until_asked() {
    let l = vi();
    let p = FieldPicker::of("gplx", &[], &l);
    assert!(p.choices.iter().all(|c| !c.checked));
    assert_eq!(
        p.hint.as_deref(),
        Some(strings::text("wallet.no_fields", Lang::Vi))
    );
    let chosen = FieldPicker::toggle("gplx", &[], "classes");
    let chosen = FieldPicker::toggle("gplx", &chosen, "full_name");
    let chosen = FieldPicker::toggle("gplx", &chosen, "no_such_field");
    let p = FieldPicker::of("gplx", &chosen, &l);
    assert_eq!(p.hint, None);
    // In the type's order, as the core takes them.
    assert_eq!(
        p.selected,
        vec!["full_name".to_owned(), "classes".to_owned()]
    );
    let chosen = FieldPicker::toggle("gplx", &chosen, "classes");
    assert_eq!(
        FieldPicker::of("gplx", &chosen, &l).selected,
        vec!["full_name"]
    );
    assert!(FieldPicker::of("passport", &[], &l).choices.is_empty());
}

#[test]
fn a_presentation_shows_the_paper_and_no_subject() {
    let w = world();
    let (_d, wallet) = wallet_of(&w);
    let p = wallet.find("gplx").unwrap();
    let qr = w
        .citizen
        .make_presentation_qr(p, &["full_name", "classes"])
        .unwrap();
    let v = VerdictView::of(&w.officer.verify_text(&qr.text).unwrap(), &vi());
    assert_eq!(v.kind, VerdictKind::Genuine);
    let labels: Vec<&str> = v.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        vec![
            strings::text("label.serial", Lang::Vi),
            strings::text("label.expires_at", Lang::Vi)
        ]
    );
    let paper = v.paper.unwrap();
    assert_eq!(paper.name, "Giấy phép lái xe");
    assert_eq!(paper.fields.len(), 2);
    assert!(paper.fields.iter().any(|f| f.value == "Nguyễn Văn An"));
    // A disclosed ID number stays masked on the officer's screen.
    let cccd = wallet.find("cccd").unwrap();
    let qr = w.citizen.make_presentation_qr(cccd, &["number"]).unwrap();
    let v = VerdictView::of(&w.officer.verify_text(&qr.text).unwrap(), &vi());
    assert_eq!(v.paper.unwrap().fields[0].value, "***********5");
}

#[test]
fn tab_personal_shows_the_account_and_the_switch() {
    let w = world();
    let v = personal(&w.citizen, &vi());
    assert!(v.qr_switch.checked && v.qr_switch.enabled);
    assert_eq!(v.qr_switch.label, "Xác minh ứng dụng qua QR code");
    assert!(v.rows.iter().any(|r| r.value == "***********5"));
    assert!(v.rows.iter().any(|r| r.value == "02/01/1990"));
    assert!(v.rows.iter().all(|r| !r.value.contains("001090012345")));
    // Level 1: off, disabled, and why.
    let l1 = citizen(&w.clock, AssuranceLevel::Level1);
    let v = personal(&l1, &vi());
    assert!(!v.qr_switch.checked && !v.qr_switch.enabled);
    assert_eq!(
        v.qr_switch.reason.as_deref(),
        Some("Cần tài khoản định danh điện tử mức 2")
    );
    assert_eq!(
        personal(&l1, &en()).qr_switch.reason.as_deref(),
        Some("Needs a level-2 electronic identity account")
    );
    // Level 2, not enrolled: disabled until enrolment.
    let new = citizen(&w.clock, AssuranceLevel::Level2);
    let v = personal(&new, &vi());
    assert!(!v.qr_switch.enabled);
    assert_eq!(
        v.qr_switch.reason.as_deref(),
        Some(strings::text(
            "setting.qr_verification.needs_enrolment",
            Lang::Vi
        ))
    );
}

#[test]
fn the_history_is_newest_first_and_says_what_the_log_says() {
    let w = world();
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecretStore::new());
    w.officer.open_audit_log(dir.path(), secrets).unwrap();
    let qr = w.citizen.make_identity_qr().unwrap();
    w.officer.verify_text(&qr.text).unwrap();
    w.officer.verify_text(&qr.text).unwrap();
    w.clock.set(T0 + 61);
    w.officer.verify_text(&qr.text).unwrap();
    let h = history(&w.officer.audit_entries(), None, &vi());
    assert_eq!(h.rows.len(), 3);
    assert_eq!(h.empty, None);
    let [fake, repeat, first] = [&h.rows[0], &h.rows[1], &h.rows[2]];
    assert_eq!(fake.tone, Tone::Fake);
    assert_eq!(
        fake.detail.as_deref(),
        Some(strings::text("reason.token_expired", Lang::Vi))
    );
    assert!(repeat.repeat);
    assert_eq!(repeat.tone, Tone::Warning);
    assert_eq!(first.tone, Tone::Genuine);
    assert_eq!(first.detail.as_deref(), Some("***********5"));
    assert!(first.seq < fake.seq);
    let broken = vneid_core::audit::Integrity::Broken {
        line: 2,
        detail: "x".into(),
    };
    let h = history(&[], Some(&broken), &vi());
    assert_eq!(
        h.empty.as_deref(),
        Some(strings::text("officer.history_empty", Lang::Vi))
    );
    assert_eq!(
        h.broken.as_deref(),
        Some("Nhật ký quét đã bị sửa đổi (dòng 2)")
    );
}

#[test]
fn the_home_qr_is_kept_remade_and_dropped_with_the_setting() {
    let mut w = world();
    let mut screen = QrScreen::new();
    let l = vi();
    let a = screen
        .tick(w.clock.now(), &l, || w.citizen.make_identity_qr())
        .unwrap();
    assert!(a.fresh && a.qr.text.starts_with("VN2:"));
    assert_eq!(a.countdown.seconds_left, 60);
    w.clock.set(T0 + 59);
    let b = screen
        .tick(w.clock.now(), &l, || w.citizen.make_identity_qr())
        .unwrap();
    assert!(!b.fresh);
    assert_eq!(b.countdown.tone, Tone::Warning);
    w.clock.set(T0 + 60);
    let c = screen
        .tick(w.clock.now(), &l, || w.citizen.make_identity_qr())
        .unwrap();
    assert!(c.fresh && c.qr != a.qr);
    w.citizen.set_qr_verification(false).unwrap();
    w.clock.set(T0 + 200);
    assert!(matches!(
        screen.tick(w.clock.now(), &l, || w.citizen.make_identity_qr()),
        Err(vneid_core::Error::QrSettingOff)
    ));
    assert_eq!(screen.made(), 2);
}
