//! `vneid demo`: the seed procedure end to end on embedded defaults, in a temporary directory.
//!
//! Setup: an authority. Step 1 (Cá nhân): a level-2 citizen enrols and turns on "Xác minh ứng
//! dụng qua QR code"; a level-1 account is refused. Step 2 (Trang chủ): the QR, drawn in the
//! terminal and written as PNG. Step 3 (Quét mã QR): the officer, holding only the authority's
//! public parts, scans the PNG → GENUINE; then an expired, a tampered and a foreign-authority QR
//! → FAKE. Step 4 (Ví giấy tờ): the papers in the encrypted wallet, a presentation of chosen
//! fields → GENUINE, and one the holder altered → FAKE, see [`Demo::step4_wallet`].
//!
//! Every verdict is checked against what the demo expects; the exit code is 0 only if all match.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use vneid_core::audit::{AuditLog, Integrity};
use vneid_core::clock::{Clock, SystemClock, TestClock};
use vneid_core::cose;
use vneid_core::flows::{CitizenApp, IdentityQr, OfficerApp};
use vneid_core::issuer::Authority;
use vneid_core::keys::{Signer, SoftwareSigner};
use vneid_core::presentation::MAX_PRESENTATION_BYTES;
use vneid_core::qrtext;
use vneid_core::storage;
use vneid_core::strings;
use vneid_core::verdict::{Reason, Verdict};

use crate::citizen;
use crate::error::{ctx, CliError, EXIT_NO};
use crate::officer;
use crate::output::{self, label, outln};
use crate::wallet;

/// The level-2 citizen of the demo.
const NAME: &str = "Nguyễn Văn An";
const ID: &str = "001090012345";
const DOB: &str = "1990-01-02";
/// The name a forger writes into a genuine QR (same length in UTF-8, so the token still parses).
const FORGED_NAME: &str = "Nguyễn Văn Ba";
/// A level-1 account, for the refusal.
const L1_NAME: &str = "Trần Thị Bình";
const L1_ID: &str = "079195004321";
const L1_DOB: &str = "1995-05-15";

const SETUP: (&str, &str) = ("Chuẩn bị", "Setup");
const FAKES: (&str, &str) = ("Các mã QR giả", "Fake QR codes");
const CASE_EXPIRED: (&str, &str) = (
    "Ảnh chụp mã QR thật, đưa ra sau 61 giây",
    "A photo of the genuine QR, shown 61 seconds later",
);
const CASE_TAMPERED: (&str, &str) = (
    "Mã QR thật bị sửa họ tên",
    "A genuine QR with the name changed",
);
const CASE_FOREIGN: (&str, &str) = (
    "Ứng dụng giả với cơ quan cấp và khóa gốc riêng của kẻ gian",
    "A fake app with the attacker's own authority and root key",
);
const RESULT: (&str, &str) = ("Kết quả", "Result");
const TEMP_NOTE: (&str, &str) = (
    "thư mục tạm, xoá khi kết thúc; dùng --dir DIR để giữ lại",
    "temporary directory, removed at the end; use --dir DIR to keep it",
);

/// Step 4: the paper presented and the fields disclosed.
const PRESENTED_PAPER: &str = "gplx";
const PRESENTED_FIELDS: &[&str] = &["full_name", "classes", "expiry_date"];
/// The forged licence class, as CBOR text strings (0x62: a text of 2 bytes): A1 → A2.
const FORGED_CLASS: (&[u8], &[u8]) = (b"\x62A1", b"\x62A2");
const CASE_PAPER: (&str, &str) = (
    "Bằng lái xe: họ tên, hạng, ngày hết hạn (ảnh PNG)",
    "Driving licence: name, classes, expiry (PNG)",
);
const CASE_PAPER_TAMPERED: (&str, &str) = (
    "Ứng dụng của chính công dân sửa hạng bằng lái rồi ký lại",
    "The citizen's own app changes the licence class and signs again",
);

/// What a scan in the demo should give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Genuine,
    /// Genuine, a paper presentation disclosing exactly these fields.
    Paper(&'static [&'static str]),
    Fake(Reason),
}

/// The demo's actors, kept together so later steps (the wallet) can use them.
struct Demo {
    base: PathBuf,
    /// One clock for citizen and officer; the demo moves it.
    clock: TestClock,
    authority: Authority,
    citizen: Option<CitizenApp>,
    qr: Option<IdentityQr>,
    qr_png: PathBuf,
    paper_png: PathBuf,
    officer: Option<OfficerApp>,
    /// The officer's state folder (pinned root, lists, keyed scan log).
    officer_state: PathBuf,
    /// (what, as expected) for the summary.
    checks: Vec<(String, bool)>,
    /// Scans expected GENUINE, and FAKE.
    genuine: usize,
    fakes: usize,
}

/// Runs the demo in `dir` (kept) or in a temporary directory (removed).
pub fn run(dir: Option<&Path>) -> Result<ExitCode, CliError> {
    let temp;
    let base = match dir {
        Some(d) => {
            if d.join("authority").exists() || d.join("citizen").exists() {
                return Err(CliError::usage(format!(
                    "{} already holds a demo; give a new or empty directory",
                    d.display()
                )));
            }
            storage::create_dir(d)?;
            d.to_owned()
        }
        None => {
            temp = tempfile::tempdir()
                .map_err(|e| CliError::usage(format!("cannot make a temporary directory: {e}")))?;
            temp.path().to_owned()
        }
    };
    outln!("vneid demo — {}", base.display());
    if dir.is_none() {
        outln!("  ({})", label::both(TEMP_NOTE));
    }
    let mut demo = Demo::setup(base)?;
    demo.step1_personal()?;
    demo.step2_home()?;
    demo.step3_officer()?;
    demo.fakes()?;
    demo.step4_wallet()?;
    demo.summary()
}

fn header(step: &str, title: &str) {
    outln!();
    outln!("── {step} · {title} ──");
}

fn step_label(n: u8) -> String {
    format!("{} {n} / {} {n}", label::STEP.0, label::STEP.1)
}

impl Demo {
    /// Setup: the authority, saved (private keys and public parts) under `base/authority`.
    fn setup(base: PathBuf) -> Result<Self, CliError> {
        let clock = TestClock::at(SystemClock.now());
        header(&label::both(SETUP), &label::both(label::AUTHORITY));
        let dir = base.join("authority");
        let authority = crate::authority::create_and_save(&dir, clock.now())?;
        let root = authority.root_public_key()?;
        outln!(
            "  root key id {} · {}",
            root.key_id_hex(vneid_core::trust::KID_LEN),
            dir.display()
        );
        outln!(
            "  public parts for officers: {}",
            dir.join(crate::layout::PUBLIC_DIR).display()
        );
        Ok(Demo {
            qr_png: base.join("citizen").join("identity-qr.png"),
            paper_png: base.join("citizen").join("paper-qr.png"),
            officer_state: base.join("officer"),
            base,
            clock,
            authority,
            citizen: None,
            qr: None,
            officer: None,
            checks: Vec::new(),
            genuine: 0,
            fakes: 0,
        })
    }

    fn clock(&self) -> Arc<dyn Clock> {
        Arc::new(self.clock.clone())
    }

    fn check(&mut self, what: &str, ok: bool) {
        self.checks.push((what.to_owned(), ok));
    }

    /// Step 1 (Cá nhân): enrolment at level 2, the setting on; a level-1 account refused.
    fn step1_personal(&mut self) -> Result<(), CliError> {
        header(
            &step_label(1),
            &format!(
                "{} · {}",
                strings::both("tab.personal"),
                strings::both("setting.qr_verification")
            ),
        );
        let account = citizen::account(NAME, ID, DOB, 2)?;
        let cdir = self.base.join("citizen");
        let mut app = citizen::enrol_into(&cdir, account, &self.authority, self.clock())?;
        citizen::print_enrolled(&app, &cdir);
        app.set_qr_verification(true)?;
        crate::layout::save_state(&cdir, &app)?;
        outln!(
            "  ✔ {}: {}",
            strings::both("setting.qr_verification"),
            label::both(label::SETTING_ON)
        );
        self.citizen = Some(app);

        // A level-1 account cannot turn the setting on.
        outln!();
        let l1 = citizen::account(L1_NAME, L1_ID, L1_DOB, 1)?;
        let l1_dir = self.base.join("citizen-level1");
        let mut l1_app = citizen::enrol_into(&l1_dir, l1, &self.authority, self.clock())?;
        citizen::print_enrolled(&l1_app, &l1_dir);
        match l1_app.set_qr_verification(true) {
            Err(e) => {
                let e = CliError::from(e);
                outln!(
                    "  ✘ {}: {} — {}",
                    strings::both("setting.qr_verification"),
                    label::both(label::REFUSED),
                    e.message
                );
                self.check("level-1 account refused the setting", true);
            }
            Ok(()) => {
                outln!("  ! the level-1 account was allowed to turn the setting on");
                self.check("level-1 account refused the setting", false);
            }
        }
        Ok(())
    }

    /// Step 2 (Trang chủ): the identity QR, valid for 60 seconds, drawn and written as PNG.
    fn step2_home(&mut self) -> Result<(), CliError> {
        header(&step_label(2), &strings::both("tab.home"));
        let app = self
            .citizen
            .as_ref()
            .ok_or_else(|| CliError::refused("no citizen"))?;
        let qr = app.make_identity_qr()?;
        citizen::print_qr(&qr, self.clock.now())?;
        citizen::write_png(&qr, &self.qr_png)?;
        outln!(
            "  {}: {}",
            label::both(label::PNG_WRITTEN),
            self.qr_png.display()
        );
        self.qr = Some(qr);
        Ok(())
    }

    /// Step 3 (Quét mã QR): the officer scans the PNG.
    fn step3_officer(&mut self) -> Result<(), CliError> {
        header(&step_label(3), &strings::both("officer.scan"));
        let officer = officer::officer_app(
            &self.officer_state,
            Some(&self.base.join("authority")),
            self.clock(),
        )?;
        outln!(
            "  {}: {} · {} {} · trust: authority/public only",
            label::both(label::OFFICER),
            officer.account().full_name,
            strings::both("label.level"),
            officer.account().level.number(),
        );
        let verdict = officer::scan_png(&officer, &self.qr_png)?;
        self.officer = Some(officer);
        self.show("genuine QR (PNG)", &verdict, Expect::Genuine);
        Ok(())
    }

    /// The three fakes: expired, tampered, foreign authority.
    fn fakes(&mut self) -> Result<(), CliError> {
        header(&label::both(FAKES), &strings::both("officer.scan"));
        let officer = self
            .officer
            .take()
            .ok_or_else(|| CliError::refused("no officer"))?;

        // 1. The same PNG, 61 seconds later (a screenshot or photo shown afterwards).
        self.clock.advance(61);
        outln!();
        outln!("  (1) {}", label::both(CASE_EXPIRED));
        let v = officer::scan_png(&officer, &self.qr_png)?;
        self.show("expired QR", &v, Expect::Fake(Reason::TokenExpired));

        // 2. A fresh genuine QR with the holder's name changed in its bytes.
        let app = self
            .citizen
            .as_ref()
            .ok_or_else(|| CliError::refused("no citizen"))?;
        let fresh = app.make_identity_qr()?;
        let tampered = tamper(&fresh.text, NAME, FORGED_NAME)?;
        outln!();
        outln!(
            "  (2) {}: {NAME} → {FORGED_NAME}",
            label::both(CASE_TAMPERED)
        );
        let v = officer.verify_text(&tampered)?;
        self.show("tampered QR", &v, Expect::Fake(Reason::BadSignature));

        // 3. A look-alike app whose "authority" is the attacker's own.
        let now = self.clock.now();
        let foreign = Authority::create(now).map_err(ctx("creating the foreign authority"))?;
        let key = SoftwareSigner::generate().map_err(ctx("making a device key"))?;
        let mut fake_app = CitizenApp::new(
            citizen::account(NAME, ID, DOB, 2)?,
            Arc::new(key),
            self.clock(),
        );
        fake_app.enrol(&foreign)?;
        fake_app.set_qr_verification(true)?;
        let fake_qr = fake_app.make_identity_qr()?;
        outln!();
        outln!("  (3) {}", label::both(CASE_FOREIGN));
        let v = officer.verify_text(&fake_qr.text)?;
        self.show(
            "foreign-authority QR",
            &v,
            Expect::Fake(Reason::UnknownIssuer),
        );

        self.officer = Some(officer);
        Ok(())
    }

    /// Step 4 (Ví giấy tờ / Wallet): the agencies issue the sample papers into the citizen's
    /// encrypted wallet; the citizen lists them and presents the driving licence disclosing
    /// only name, classes and expiry; the officer scans the PNG → GENUINE with exactly those
    /// fields. Then the citizen's own app (which holds the device key, so the presentation
    /// signature is genuine) changes class A1 to A2 (bigger motorbikes) and re-signs → FAKE: the
    /// value no longer matches the digest the traffic police signed.
    fn step4_wallet(&mut self) -> Result<(), CliError> {
        header(&step_label(4), &strings::both("tab.wallet"));
        let cdir = self.base.join("citizen");
        let now = self.clock.now();
        let app = self
            .citizen
            .take()
            .ok_or_else(|| CliError::refused("no citizen"))?;
        let wallet = wallet::give_sample_papers(
            &cdir,
            &self.authority,
            &self.base.join("authority"),
            &app,
            now,
        )?;
        wallet::print_issued(&wallet, now);
        outln!();
        let rev = wallet::revocation(&cdir, None, now)?;
        let device_revoked = rev
            .as_ref()
            .zip(app.certificate())
            .map(|(r, c)| r.list.revoked.contains(&c.claims().serial));
        wallet::print_list(&wallet, now, rev.as_ref(), device_revoked);

        // The driving licence, three fields of six.
        outln!();
        let paper = wallet
            .find(PRESENTED_PAPER)
            .map_err(ctx("finding the driving licence"))?;
        let qr = app.make_presentation_qr(paper, PRESENTED_FIELDS)?;
        wallet::print_presentation(paper, &qr, now)?;
        citizen::write_matrix_png(
            &qr.matrix().map_err(ctx("drawing the QR"))?,
            &self.paper_png,
        )?;
        outln!(
            "  {}: {}",
            label::both(label::PNG_WRITTEN),
            self.paper_png.display()
        );

        let officer = self
            .officer
            .take()
            .ok_or_else(|| CliError::refused("no officer"))?;
        outln!();
        outln!(
            "  {} · {}",
            strings::both("officer.scan"),
            label::both(CASE_PAPER)
        );
        let v = officer::scan_png(&officer, &self.paper_png)?;
        self.show(
            "paper presentation (PNG)",
            &v,
            Expect::Paper(PRESENTED_FIELDS),
        );

        // The holder edits a disclosed value and signs again with the genuine device key.
        let fresh = app.make_presentation_qr(paper, PRESENTED_FIELDS)?;
        let forged = resign_with_change(&fresh.text, FORGED_CLASS, app.device().as_ref())?;
        outln!();
        outln!(
            "  (4) {}: {} → {}",
            label::both(CASE_PAPER_TAMPERED),
            String::from_utf8_lossy(&FORGED_CLASS.0[1..]),
            String::from_utf8_lossy(&FORGED_CLASS.1[1..])
        );
        let v = officer.verify_text(&forged)?;
        self.show(
            "presentation with a changed class",
            &v,
            Expect::Fake(Reason::BadDigest),
        );
        self.officer = Some(officer);
        self.citizen = Some(app);
        Ok(())
    }

    /// Prints a verdict and checks it against what was expected.
    fn show(&mut self, what: &str, verdict: &Verdict, expect: Expect) {
        output::emit(&indent(&output::verdict_human(verdict)));
        let ok = match (expect, verdict) {
            (Expect::Genuine, Verdict::Genuine(g)) => g.paper.is_none(),
            (Expect::Paper(fields), Verdict::Genuine(g)) => g.paper.as_ref().is_some_and(|p| {
                p.fields
                    .iter()
                    .map(|f| f.key.as_str())
                    .eq(fields.iter().copied())
            }),
            (Expect::Fake(r), _) => verdict.reason() == Some(r),
            _ => false,
        };
        if !ok {
            outln!("  ! expected {expect:?}");
        }
        match expect {
            Expect::Genuine | Expect::Paper(_) => self.genuine += 1,
            Expect::Fake(_) => self.fakes += 1,
        }
        self.check(what, ok);
    }

    fn summary(&self) -> Result<ExitCode, CliError> {
        header(&label::both(RESULT), &strings::both("officer.history"));
        let log_dir = self.officer_state.join(crate::layout::OFFICER_LOG);
        let secrets: std::sync::Arc<dyn vneid_core::wallet::SecretStore> =
            std::sync::Arc::new(vneid_core::testing::FileSecretStore::new(
                &self.officer_state.join(crate::layout::OFFICER_KEYS),
            ));
        let log = AuditLog::open(&log_dir, secrets).map_err(ctx("reading the audit log"))?;
        let intact = *log.integrity() == Integrity::Intact;
        outln!(
            "  {} scans logged in {} — {}",
            log.entries().len(),
            log_dir.display(),
            if intact {
                label::both(label::CHAIN_INTACT)
            } else {
                label::both(label::CHAIN_BROKEN)
            }
        );
        for (what, ok) in &self.checks {
            outln!("  {} {what}", if *ok { "✔" } else { "✘" });
        }
        let failed = self.checks.iter().filter(|(_, ok)| !ok).count();
        if failed > 0 || !intact {
            return Err(CliError::refused(format!(
                "the demo did not go as expected ({failed} check(s) failed)"
            ))
            .with_code(EXIT_NO));
        }
        outln!(
            "  {} checks as expected: {} GENUINE, {} FAKE, level 1 refused",
            self.checks.len(),
            self.genuine,
            self.fakes
        );
        Ok(ExitCode::SUCCESS)
    }
}

/// Changes `from` to `to` (same length) inside the token bytes of a QR text and re-encodes it,
/// as a forger editing a genuine QR would.
fn tamper(text: &str, from: &str, to: &str) -> Result<String, CliError> {
    let (kind, mut bytes) = qrtext::decode(text)?;
    let (from, to) = (from.as_bytes(), to.as_bytes());
    if from.len() != to.len() {
        return Err(CliError::usage("tampering needs names of equal length"));
    }
    match bytes.windows(from.len()).position(|w| w == from) {
        Some(at) => bytes[at..at + to.len()].copy_from_slice(to),
        // Not found: flip a bit of the last byte (the signature) instead.
        None => {
            if let Some(last) = bytes.last_mut() {
                *last ^= 1;
            }
        }
    }
    Ok(qrtext::encode(kind, &bytes))
}

/// Changes `change.0` to `change.1` (same length) in the last place it occurs in a
/// presentation's payload — the disclosed values come last, after the issuer-signed MSO — and
/// signs the result again with `device`, as an app holding the genuine device key could.
fn resign_with_change(
    text: &str,
    change: (&[u8], &[u8]),
    device: &dyn Signer,
) -> Result<String, CliError> {
    let (kind, bytes) = qrtext::decode(text)?;
    let mut sign1 = cose::parse_sign1(&bytes, MAX_PRESENTATION_BYTES, "presentation")?;
    let payload = sign1
        .payload
        .as_mut()
        .ok_or_else(|| CliError::usage("presentation without payload"))?;
    let (from, to) = change;
    let at = payload
        .windows(from.len())
        .rposition(|w| w == from)
        .ok_or_else(|| CliError::usage("the value to change is not in the presentation"))?;
    payload[at..at + to.len()].copy_from_slice(to);
    sign1.signature = device.sign(&sign1.tbs_data(b""))?.to_vec();
    Ok(qrtext::encode(kind, &cose::encode_sign1(sign1, true)?))
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("  {l}\n")).collect()
}
