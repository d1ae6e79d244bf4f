//! `vneid demo`: the seed procedure end to end, in a temporary directory (or `--dir DIR`).
//!
//! By default ([`server`], feature `demo-server`) against the real authority service, started
//! in-process on 127.0.0.1 with SQLite in the demo's folder: accounts registered as the
//! operator would, citizen and officer enrolled over HTTPS, lists and papers fetched over
//! HTTPS, and at the end "my phone was stolen" revoked through the service and seen by the
//! officer after a list refresh. `--offline` ([`offline`]): the same four steps with the
//! authority as a library in-process (no network).
//!
//! Step 1 (Cá nhân): a level-2 citizen enrols and turns on "Xác minh ứng dụng qua QR code"; a
//! level-1 account is refused. Step 2 (Trang chủ): the QR, drawn in the terminal and written
//! as PNG. Step 3 (Quét mã QR): the officer, holding only the authority's public parts,
//! scans the PNG → GENUINE; then an expired, a tampered and a foreign-authority QR → FAKE.
//! Step 4 (Ví giấy tờ): the papers in the encrypted wallet, a presentation of chosen fields →
//! GENUINE, and one the holder altered → FAKE.
//!
//! Every verdict is checked against what the demo expects; the exit code is 0 only if all
//! match.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use vneid_core::audit::{AuditLog, Integrity};
use vneid_core::clock::{Clock, TestClock};
use vneid_core::cose;
use vneid_core::flows::{CitizenApp, IdentityQr, OfficerApp};
use vneid_core::issuer::Authority;
use vneid_core::keys::{Signer, SoftwareSigner};
use vneid_core::presentation::MAX_PRESENTATION_BYTES;
use vneid_core::qrtext;
use vneid_core::storage;
use vneid_core::strings;
use vneid_core::verdict::{Reason, Verdict};
use vneid_core::wallet::Wallet;

use crate::citizen;
use crate::error::{ctx, CliError, EXIT_NO};
use crate::officer;
use crate::output::{self, label, outln};
use crate::wallet;

mod offline;
#[cfg(feature = "demo-server")]
mod server;

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

/// Runs the demo in `dir` (kept) or in a temporary directory (removed): against the
/// authority service, or `offline`.
pub fn run(dir: Option<&Path>, offline: bool) -> Result<ExitCode, CliError> {
    #[cfg(not(feature = "demo-server"))]
    if !offline {
        return Err(CliError::usage(
            "this vneid was built without the `demo-server` feature: the demo against the \
             authority service needs it (build vneid-cli with its default features); \
             `vneid demo --offline` runs the demo with the authority in-process",
        ));
    }
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
    if offline {
        return offline::run(base);
    }
    #[cfg(feature = "demo-server")]
    return server::run(base);
    #[cfg(not(feature = "demo-server"))]
    unreachable!("refused above")
}

fn header(step: &str, title: &str) {
    outln!();
    outln!("── {step} · {title} ──");
}

fn step_label(n: u8) -> String {
    format!("{} {n} / {} {n}", label::STEP.0, label::STEP.1)
}

/// The heading of the mission's step `n` (1 Cá nhân, 2 Trang chủ, 3 scan, 4 Ví giấy tờ), the
/// same in both demos.
fn step_header(n: u8) {
    let title = match n {
        1 => format!(
            "{} · {}",
            strings::both("tab.personal"),
            strings::both("setting.qr_verification")
        ),
        2 => strings::both("tab.home"),
        3 => strings::both("officer.scan"),
        _ => strings::both("tab.wallet"),
    };
    header(&step_label(n), &title);
}

/// What a scan in the demo should give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Genuine,
    /// Genuine, a paper presentation disclosing exactly these fields.
    Paper(&'static [&'static str]),
    Fake(Reason),
}

/// The demo's checks: each verdict and each refusal against what was expected.
#[derive(Default)]
struct Checks {
    /// (what, as expected) for the summary.
    list: Vec<(String, bool)>,
    /// Scans expected GENUINE, and FAKE.
    genuine: usize,
    fakes: usize,
}

impl Checks {
    fn check(&mut self, what: &str, ok: bool) {
        if !ok {
            outln!("  ! not as expected: {what}");
        }
        self.list.push((what.to_owned(), ok));
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
        self.list.push((what.to_owned(), ok));
    }

    /// The officer's scan log and every check; an error (exit 1) if any failed.
    fn summary(&self, officer_state: &Path) -> Result<ExitCode, CliError> {
        header(&label::both(RESULT), &strings::both("officer.history"));
        let log_dir = officer_state.join(crate::layout::OFFICER_LOG);
        let secrets: Arc<dyn vneid_core::wallet::SecretStore> =
            Arc::new(vneid_core::testing::FileSecretStore::new(
                &officer_state.join(crate::layout::OFFICER_KEYS),
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
        for (what, ok) in &self.list {
            outln!("  {} {what}", if *ok { "✔" } else { "✘" });
        }
        let failed = self.list.iter().filter(|(_, ok)| !ok).count();
        if failed > 0 || !intact {
            return Err(CliError::refused(format!(
                "the demo did not go as expected ({failed} check(s) failed)"
            ))
            .with_code(EXIT_NO));
        }
        outln!(
            "  {} checks as expected: {} GENUINE, {} FAKE, level 1 refused",
            self.list.len(),
            self.genuine,
            self.fakes
        );
        Ok(ExitCode::SUCCESS)
    }
}

/// Step 1's refusal: a level-1 account cannot turn the setting on.
fn level1_refused(checks: &mut Checks, l1_app: &mut CitizenApp) {
    match l1_app.set_qr_verification(true) {
        Err(e) => {
            let e = CliError::from(e);
            outln!(
                "  ✘ {}: {} — {}",
                strings::both("setting.qr_verification"),
                label::both(label::REFUSED),
                e.message
            );
            checks.check("level-1 account refused the setting", true);
        }
        Ok(()) => {
            outln!("  ! the level-1 account was allowed to turn the setting on");
            checks.check("level-1 account refused the setting", false);
        }
    }
}

/// Step 1's setting: turned on and saved.
fn setting_on(app: &mut CitizenApp, cdir: &Path) -> Result<(), CliError> {
    app.set_qr_verification(true)?;
    crate::layout::save_state(cdir, app)?;
    outln!(
        "  ✔ {}: {}",
        strings::both("setting.qr_verification"),
        label::both(label::SETTING_ON)
    );
    Ok(())
}

/// Step 2 (Trang chủ): the identity QR, valid for 60 seconds, drawn and written as PNG.
fn step2_home(app: &CitizenApp, clock: &TestClock, png: &Path) -> Result<IdentityQr, CliError> {
    step_header(2);
    let qr = app.make_identity_qr()?;
    citizen::print_qr(&qr, clock.now())?;
    citizen::write_png(&qr, png)?;
    outln!("  {}: {}", label::both(label::PNG_WRITTEN), png.display());
    Ok(qr)
}

/// The three fakes: expired, tampered, foreign authority.
fn fakes(
    checks: &mut Checks,
    officer: &OfficerApp,
    app: &CitizenApp,
    clock: &TestClock,
    qr_png: &Path,
) -> Result<(), CliError> {
    header(&label::both(FAKES), &strings::both("officer.scan"));

    // 1. The same PNG, 61 seconds later (a screenshot or photo shown afterwards).
    clock.advance(61);
    outln!();
    outln!("  (1) {}", label::both(CASE_EXPIRED));
    let v = officer::scan_png(officer, qr_png)?;
    checks.show("expired QR", &v, Expect::Fake(Reason::TokenExpired));

    // 2. A fresh genuine QR with the holder's name changed in its bytes.
    let fresh = app.make_identity_qr()?;
    let tampered = tamper(&fresh.text, NAME, FORGED_NAME)?;
    outln!();
    outln!(
        "  (2) {}: {NAME} → {FORGED_NAME}",
        label::both(CASE_TAMPERED)
    );
    let v = officer.verify_text(&tampered)?;
    checks.show("tampered QR", &v, Expect::Fake(Reason::BadSignature));

    // 3. A look-alike app whose "authority" is the attacker's own.
    let now = clock.now();
    let foreign = Authority::create(now).map_err(ctx("creating the foreign authority"))?;
    let key = SoftwareSigner::generate().map_err(ctx("making a device key"))?;
    let clock: Arc<dyn Clock> = Arc::new(clock.clone());
    let mut fake_app = CitizenApp::new(citizen::account(NAME, ID, DOB, 2)?, Arc::new(key), clock);
    fake_app.enrol(&foreign)?;
    fake_app.set_qr_verification(true)?;
    let fake_qr = fake_app.make_identity_qr()?;
    outln!();
    outln!("  (3) {}", label::both(CASE_FOREIGN));
    let v = officer.verify_text(&fake_qr.text)?;
    checks.show(
        "foreign-authority QR",
        &v,
        Expect::Fake(Reason::UnknownIssuer),
    );
    Ok(())
}

/// Step 4's presentations: the driving licence disclosing only name, classes and expiry →
/// GENUINE with exactly those fields; then the citizen's own app (which holds the device key,
/// so the presentation signature is genuine) changes class A1 to A2 (bigger motorbikes) and
/// re-signs → FAKE: the value no longer matches the digest the traffic police signed.
fn presentations(
    checks: &mut Checks,
    app: &CitizenApp,
    wallet: &Wallet,
    officer: &OfficerApp,
    paper_png: &Path,
    now: i64,
) -> Result<(), CliError> {
    // The driving licence, three fields of six.
    outln!();
    let paper = wallet
        .find(PRESENTED_PAPER)
        .map_err(ctx("finding the driving licence"))?;
    let qr = app.make_presentation_qr(paper, PRESENTED_FIELDS)?;
    wallet::print_presentation(paper, &qr, now)?;
    citizen::write_matrix_png(&qr.matrix().map_err(ctx("drawing the QR"))?, paper_png)?;
    outln!(
        "  {}: {}",
        label::both(label::PNG_WRITTEN),
        paper_png.display()
    );
    outln!();
    outln!(
        "  {} · {}",
        strings::both("officer.scan"),
        label::both(CASE_PAPER)
    );
    let v = officer::scan_png(officer, paper_png)?;
    checks.show(
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
    checks.show(
        "presentation with a changed class",
        &v,
        Expect::Fake(Reason::BadDigest),
    );
    Ok(())
}

/// The wallet's list with statuses, against the revocation list the citizen's app holds.
fn list_wallet(cdir: &Path, wallet: &Wallet, app: &CitizenApp, now: i64) -> Result<(), CliError> {
    let rev = wallet::revocation(cdir, None, now)?;
    let device_revoked = rev
        .as_ref()
        .zip(app.certificate())
        .map(|(r, c)| r.list.revoked.contains(&c.claims().serial));
    wallet::print_list(wallet, now, rev.as_ref(), device_revoked);
    Ok(())
}

/// Paths of the demo's folder.
struct Paths {
    base: PathBuf,
    citizen: PathBuf,
    level1: PathBuf,
    officer_state: PathBuf,
    qr_png: PathBuf,
    paper_png: PathBuf,
}

impl Paths {
    fn new(base: PathBuf) -> Self {
        Paths {
            citizen: base.join("citizen"),
            level1: base.join("citizen-level1"),
            officer_state: base.join("officer"),
            qr_png: base.join("citizen").join("identity-qr.png"),
            paper_png: base.join("citizen").join("paper-qr.png"),
            base,
        }
    }

    fn authority(&self) -> PathBuf {
        self.base.join("authority")
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
