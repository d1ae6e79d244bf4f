//! The CLI contract of issue 3, line by line, against the built `vneid` binary in temporary
//! directories.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::Value;
use tempfile::TempDir;

const NAME: &str = "Nguyễn Văn An";
const ID: &str = "001090012345";
const MASKED: &str = "***********5";
const DOB: &str = "1990-01-02";

fn vneid(dir: &Path, args: &[&str]) -> Output {
    // The officer's default state folder is under XDG_DATA_HOME: keep it inside the test's dir.
    Command::new(env!("CARGO_BIN_EXE_vneid"))
        .current_dir(dir)
        .env("XDG_DATA_HOME", dir.join(".xdg"))
        .args(args)
        .output()
        .expect("run vneid")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code, not a signal")
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn json(o: &Output) -> Value {
    serde_json::from_str(out(o).trim())
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", out(o), err(o)))
}

/// Asserts the exit code, showing the output when it is not the expected one.
#[track_caller]
fn expect_code(o: &Output, expected: i32) {
    assert_eq!(
        code(o),
        expected,
        "stdout:\n{}\nstderr:\n{}",
        out(o),
        err(o)
    );
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An authority in `auth/` and a level-2 citizen in `c2/` with the setting on.
struct World {
    dir: TempDir,
    /// A time after enrolment at which the citizen makes QR codes.
    t: DateTime<Utc>,
}

impl World {
    fn new() -> Self {
        let w = World::bare();
        expect_code(&w.run(&["authority", "init", "auth"]), 0);
        expect_code(&w.enroll("c2", NAME, ID, DOB, "2"), 0);
        expect_code(&w.run(&["citizen", "qr-setting", "c2", "on"]), 0);
        w
    }

    fn bare() -> Self {
        World {
            dir: tempfile::tempdir().expect("temp dir"),
            // Enrolment is at the real time; QR codes an hour later are well inside the
            // certificate's validity and the trust list's freshness.
            t: Utc::now() + Duration::hours(1),
        }
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    fn run(&self, args: &[&str]) -> Output {
        vneid(self.dir.path(), args)
    }

    fn enroll(&self, cdir: &str, name: &str, id: &str, dob: &str, level: &str) -> Output {
        self.run(&[
            "citizen",
            "enroll",
            cdir,
            "--authority",
            "auth",
            "--name",
            name,
            "--id",
            id,
            "--dob",
            dob,
            "--level",
            level,
        ])
    }

    /// Time `t + secs`, RFC 3339.
    fn at(&self, secs: i64) -> String {
        rfc3339(self.t + Duration::seconds(secs))
    }

    /// The citizen's QR text made at `t` (the last line of `citizen qr`).
    fn qr_text(&self) -> String {
        let o = self.run(&["citizen", "qr", "c2", "--at", &self.at(0)]);
        expect_code(&o, 0);
        last_line(&out(&o))
    }

    fn verify(&self, at_secs: i64, extra: &[&str]) -> Output {
        let at = self.at(at_secs);
        let mut args = vec!["officer", "verify", "--trust", "auth", "--at", &at];
        args.extend_from_slice(extra);
        self.run(&args)
    }
}

fn last_line(s: &str) -> String {
    s.lines().last().expect("some output").to_owned()
}

#[test]
fn offline_demo_shows_genuine_then_fakes_with_reasons_and_the_wallet() {
    let o = vneid(Path::new("."), &["demo", "--offline"]);
    expect_code(&o, 0);
    let s = out(&o);
    let lines: Vec<&str> = s.lines().collect();
    let genuine = lines_with(&lines, GENUINE_LINE);
    assert_eq!(genuine.len(), 2, "the identity QR and the paper: {s}");
    let step4 = first_line_with(&lines, STEP4_LINE);
    assert!(genuine[0] < step4 && step4 < genuine[1], "{s}");
    let fakes = lines_with(&lines, FAKE_LINE);
    assert_eq!(fakes.len(), 4, "{s}");
    assert!(fakes[..3].iter().all(|&i| genuine[0] < i && i < step4));
    assert!(fakes[3] > genuine[1]);
    // Each FAKE is followed by its reason, Vietnamese and English.
    let reasons = reasons(&lines);
    assert_eq!(
        reasons,
        [
            "token_expired",
            "bad_signature",
            "unknown_issuer",
            "bad_digest"
        ],
        "{s}"
    );
    for words in [
        "Mã QR đã hết hạn — đề nghị công dân tạo mã mới",
        "QR code expired — ask the citizen to create a new one",
        "Chữ ký số không hợp lệ",
        "Issuer is not on the trust list",
        "Dữ liệu giấy tờ đã bị sửa đổi",
        "Paper data has been altered",
    ] {
        assert!(s.contains(words), "missing {words:?}");
    }
    // The seed steps and their words, the QR drawn in the terminal, a PNG written and scanned.
    for words in [
        "Cá nhân / Personal",
        "Xác minh ứng dụng qua QR code / Verify app via QR code",
        "Trang chủ / Home",
        "Quét mã QR / Scan QR code",
        "Bị từ chối / Refused",
        "Còn 60 giây / 60 seconds left",
        "identity-qr.png",
    ] {
        assert!(s.contains(words), "missing {words:?}");
    }
    assert!(
        s.contains('▀') && s.contains('▄'),
        "QR drawn with half blocks"
    );
    // Step 4: the wallet's four papers, valid; the licence presented with three fields, which
    // the officer sees; the summary counts every scan.
    let wallet = lines[step4..].join("\n");
    for words in [
        "[cccd] Căn cước công dân / Citizen identity card",
        "[gplx] Giấy phép lái xe / Driving licence",
        "[bhyt] Thẻ bảo hiểm y tế / Health insurance card",
        "[dkx] Giấy chứng nhận đăng ký xe / Vehicle registration certificate",
        "Xuất trình giấy tờ / Present paper",
        "Thông tin được xuất trình / Disclosed fields",
        "Hạng / Classes",
        "A1, B2",
        "paper-qr.png",
    ] {
        assert!(wallet.contains(words), "missing {words:?} in step 4");
    }
    assert_eq!(
        wallet.matches("Còn hiệu lực / Valid").count(),
        4,
        "{wallet}"
    );
    // The officer sees the licence's three fields and no other.
    let officer = lines[genuine[1]..fakes[3]].join("\n");
    assert!(
        officer.contains("Hạng / Classes") && officer.contains("Có giá trị đến / Date of expiry"),
        "{officer}"
    );
    assert!(
        !officer.contains("Số giấy phép / Licence number"),
        "{officer}"
    );
    assert!(
        s.contains("7 checks as expected: 2 GENUINE, 4 FAKE, level 1 refused"),
        "{s}"
    );
    assert!(s.contains(MASKED));
    assert!(!s.contains(ID), "the full personal ID is never printed");
}

/// Indices of the lines containing `what`.
#[cfg(feature = "demo-server")]
fn lines_with(lines: &[&str], what: &str) -> Vec<usize> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains(what))
        .map(|(i, _)| i)
        .collect()
}

/// The first line holding `what` (the test fails without one).
fn first_line_with(lines: &[&str], what: &str) -> usize {
    lines
        .iter()
        .position(|l| l.contains(what))
        .unwrap_or_else(|| panic!("no line with {what:?}"))
}

/// The reasons printed under the FAKE verdicts, in order.
fn reasons<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    lines
        .iter()
        .filter_map(|l| l.trim().strip_prefix("Lý do / Reason: "))
        .collect()
}

const GENUINE_LINE: &str = "✔ Ứng dụng thật / GENUINE";
const FAKE_LINE: &str = "✘ Ứng dụng giả / FAKE";
const STEP4_LINE: &str = "Bước 4 / Step 4 · Ví giấy tờ / Wallet";

#[cfg(feature = "demo-server")]
#[test]
fn demo_runs_the_mission_against_the_authority_service() {
    let o = vneid(Path::new("."), &["demo"]);
    expect_code(&o, 0);
    let s = out(&o);
    let lines: Vec<&str> = s.lines().collect();
    // The service on loopback, the development policy said on screen, the accounts registered.
    let served = lines
        .iter()
        .find(|l| l.contains("https://127.0.0.1:") && l.contains("TLS key pinned"))
        .unwrap_or_else(|| panic!("the service's address: {s}"));
    let url = served
        .split_whitespace()
        .find(|w| w.starts_with("https://"))
        .unwrap();
    for words in [
        "The demo's devices are software keys without hardware attestation",
        "the officer's policy must accept development devices",
        "account add: ***********5 · Mức tài khoản / Account level 2 · citizen",
        "account add: ***********1 · Mức tài khoản / Account level 1 · citizen",
        "· officer",
        "POST /v1/login, /v1/enrolment/challenge, /v1/enrolment",
        "cán bộ / officer (theo tài khoản tại cơ quan định danh / from the account at the authority)",
        "policy: accepts development devices",
        "GET /v1/papers",
        "POST /v1/device/revoke",
        "Authority service stopped",
    ] {
        assert!(s.contains(words), "missing {words:?}: {s}");
    }
    let genuine = lines_with(&lines, GENUINE_LINE);
    let fakes = lines_with(&lines, FAKE_LINE);
    assert_eq!(genuine.len(), 2, "the identity QR and the paper: {s}");
    assert_eq!(fakes.len(), 5, "{s}");
    let step4 = first_line_with(&lines, STEP4_LINE);
    let stolen = first_line_with(&lines, "Điện thoại bị mất cắp / My phone was stolen");
    assert!(genuine[0] < step4 && step4 < genuine[1] && genuine[1] < stolen);
    assert!(fakes[..3].iter().all(|&i| genuine[0] < i && i < step4));
    assert!(genuine[1] < fakes[3] && fakes[3] < stolen && stolen < fakes[4]);
    let reasons = reasons(&lines);
    assert_eq!(
        reasons,
        [
            "token_expired",
            "bad_signature",
            "unknown_issuer",
            "bad_digest",
            "revoked"
        ],
        "{s}"
    );
    // Lists over HTTPS: installed at the officer's set-up; after the revocation the trust
    // list is not modified (304) and a newer revocation list is installed.
    let after = lines[stolen..].join("\n");
    assert!(
        after.contains("Trust list: 304 — không thay đổi / not modified (holding #1)"),
        "{after}"
    );
    assert!(
        after.contains("Revocation list: đã cài / installed 2 (was #1)"),
        "{after}"
    );
    assert!(
        lines[..step4]
            .iter()
            .any(|l| l.contains("Revocation list: đã cài / installed 1 (was none)")),
        "{s}"
    );
    // The wallet: four papers from the server, valid; the licence's three fields.
    let wallet = lines[step4..stolen].join("\n");
    for words in [
        "Papers downloaded from the server: 4",
        "[gplx] Giấy phép lái xe / Driving licence",
        "Hạng / Classes",
        "A1, B2",
        "paper-qr.png",
    ] {
        assert!(wallet.contains(words), "missing {words:?} in step 4");
    }
    assert_eq!(
        wallet.matches("Còn hiệu lực / Valid").count(),
        4,
        "{wallet}"
    );
    assert!(
        s.contains("14 checks as expected: 2 GENUINE, 5 FAKE, level 1 refused"),
        "{s}"
    );
    // No full personal ID number, no password, anywhere.
    let all = format!("{s}{}", err(&o));
    for secret in [ID, "079195004321", "001085007777", "mật khẩu"] {
        assert!(!all.contains(secret), "{secret:?} printed");
    }
    // The server is stopped: nothing listens there any more.
    let addr = url.trim_start_matches("https://");
    assert!(std::net::TcpStream::connect(addr).is_err(), "{addr}");
}

#[cfg(feature = "demo-server")]
#[test]
fn demo_keeps_its_files_with_dir() {
    let w = World::bare();
    let o = w.run(&["demo", "--dir", "d"]);
    expect_code(&o, 0);
    for f in [
        "authority/public/root-key.cbor",
        "authority/authority.db",
        "authority/config.json",
        "authority/tls/cert.der",
        "citizen/citizen.json",
        "citizen/device-key.pk8",
        "citizen/identity-qr.png",
        "citizen/wallet.bin",
        "citizen/paper-qr.png",
        "citizen/trust/root-key.cbor",
        "citizen/trust/revocation-list.cose",
        "citizen-level1/citizen.json",
        "officer/log/audit-000001.log",
        "officer/trust/root-key.cbor",
        "officer/trust/revocation-list.cose",
    ] {
        assert!(w.path("d").join(f).is_file(), "{f}");
    }
    // The authority's policy is development, said in its configuration.
    let config: Value =
        serde_json::from_slice(&std::fs::read(w.path("d/authority/config.json")).unwrap()).unwrap();
    assert_eq!(config["attestation"]["development"], true);
    // The demo's officer logged its seven scans, chain intact.
    let o = w.run(&["officer", "log", "--state", "d/officer"]);
    expect_code(&o, 0);
    let s = out(&o);
    assert!(
        s.contains("7 entries") && s.contains("Hash chain intact"),
        "{s}"
    );
    assert_eq!(s.matches("GENUINE").count(), 2, "{s}");
    assert_eq!(s.matches("FAKE").count(), 5, "{s}");
    assert!(s.contains("revoked") && s.contains("paper gplx"), "{s}");
    // The level-1 account's setting stayed off, and it was given no papers.
    let state: Value =
        serde_json::from_slice(&std::fs::read(w.path("d/citizen-level1/citizen.json")).unwrap())
            .unwrap();
    assert_eq!(state["qr_verification"], false);
    assert_eq!(state["account"]["level"], 1);
    let o = w.run(&["citizen", "papers", "d/citizen-level1", "--json"]);
    expect_code(&o, 0);
    assert_eq!(json(&o)["papers"].as_array().map(Vec::len), Some(0));
    // The kept citizen's wallet opens with the CLI afterwards, and knows the device revoked
    // from the list it holds.
    let o = w.run(&["citizen", "papers", "d/citizen", "--json"]);
    expect_code(&o, 0);
    let j = json(&o);
    assert_eq!(j["papers"].as_array().map(Vec::len), Some(4));
    assert_eq!(
        j["device_revoked"], false,
        "the citizen's copy is from before"
    );
    // A second demo does not overwrite the first one's keys.
    expect_code(&w.run(&["demo", "--dir", "d"]), 2);
}

/// Built without the service (`--no-default-features`): `demo` says it needs the feature.
#[cfg(not(feature = "demo-server"))]
#[test]
fn demo_without_the_service_says_it_needs_the_feature() {
    let o = vneid(Path::new("."), &["demo"]);
    expect_code(&o, 2);
    assert!(err(&o).contains("`demo-server` feature"), "{}", err(&o));
    assert!(err(&o).contains("demo --offline"), "{}", err(&o));
}

#[test]
fn offline_demo_keeps_its_files_with_dir() {
    let w = World::bare();
    let o = w.run(&["demo", "--offline", "--dir", "d"]);
    expect_code(&o, 0);
    for f in [
        "authority/public/root-key.cbor",
        "citizen/citizen.json",
        "citizen/wallet.bin",
        "citizen-level1/citizen.json",
        "officer/log/audit-000001.log",
    ] {
        assert!(w.path("d").join(f).is_file(), "{f}");
    }
    assert!(!w.path("d/authority/authority.db").exists(), "no service");
    let o = w.run(&["officer", "log", "--state", "d/officer"]);
    expect_code(&o, 0);
    assert!(out(&o).contains("6 entries"), "{}", out(&o));
}

#[test]
fn authority_init_writes_keys_and_public_parts_and_never_overwrites() {
    let w = World::bare();
    let o = w.run(&["authority", "init", "auth"]);
    expect_code(&o, 0);
    for f in [
        "authority.json",
        "private/root.pk8",
        "private/device-issuer.pk8",
        "public/root-key.cbor",
        "public/trust-list.cose",
        "public/revocation-list.cose",
    ] {
        assert!(w.path("auth").join(f).is_file(), "{f}");
    }
    let root_before = std::fs::read(w.path("auth/private/root.pk8")).unwrap();
    let o = w.run(&["authority", "init", "auth"]);
    expect_code(&o, 2);
    assert!(err(&o).starts_with("error: "), "{}", err(&o));
    assert_eq!(
        std::fs::read(w.path("auth/private/root.pk8")).unwrap(),
        root_before
    );
}

#[test]
fn enroll_level_2_and_level_1() {
    let w = World::bare();
    expect_code(&w.run(&["authority", "init", "auth"]), 0);
    for (cdir, level) in [("c2", 2), ("c1", 1)] {
        let o = w.enroll(cdir, NAME, ID, DOB, &level.to_string());
        expect_code(&o, 0);
        assert!(out(&o).contains(MASKED));
        assert!(!out(&o).contains(ID), "stdout shows the ID masked only");
        let state: Value =
            serde_json::from_slice(&std::fs::read(w.path(cdir).join("citizen.json")).unwrap())
                .unwrap();
        assert_eq!(state["account"]["level"], level);
        assert_eq!(state["account"]["identity"]["full_name"], NAME);
        assert!(state["certificate"].as_str().is_some_and(|c| c.len() > 100));
        assert_eq!(state["qr_verification"], false);
        let key = w.path(cdir).join("device-key.pk8");
        assert!(key.is_file());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&key).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "device key is owner-only");
        }
    }
    // The same directory twice, and bad claims, are refused with exit 2 and no personal data.
    expect_code(&w.enroll("c2", NAME, ID, DOB, "2"), 2);
    for (id, dob, level) in [("12345", DOB, "2"), (ID, "1990-13-40", "2"), (ID, DOB, "3")] {
        let o = w.enroll("cx", NAME, id, dob, level);
        expect_code(&o, 2);
        assert!(!err(&o).contains(NAME));
        assert!(!w.path("cx/citizen.json").exists());
    }
}

#[test]
fn qr_setting_is_refused_for_level_1_and_gates_the_qr() {
    let w = World::new();
    expect_code(
        &w.enroll("c1", "Trần Thị Bình", "079195004321", "1995-05-15", "1"),
        0,
    );
    let o = w.run(&["citizen", "qr-setting", "c1", "on"]);
    expect_code(&o, 1);
    let e = err(&o);
    assert!(e.starts_with("error: "), "{e}");
    assert!(
        e.contains("mức 2") && e.contains("level-2"),
        "bilingual: {e}"
    );
    assert!(!e.contains("079195004321") && !e.contains("Bình"));
    let state: Value =
        serde_json::from_slice(&std::fs::read(w.path("c1/citizen.json")).unwrap()).unwrap();
    assert_eq!(state["qr_verification"], false);
    expect_code(&w.run(&["citizen", "qr", "c1"]), 1);

    // Level 2: on makes QR codes, off stops them.
    expect_code(&w.run(&["citizen", "qr", "c2"]), 0);
    expect_code(&w.run(&["citizen", "qr-setting", "c2", "off"]), 0);
    let o = w.run(&["citizen", "qr", "c2"]);
    expect_code(&o, 1);
    assert!(err(&o).contains("Xác minh ứng dụng qua QR code"));
    expect_code(&w.run(&["citizen", "qr-setting", "c2", "maybe"]), 2);
}

#[test]
fn qr_is_genuine_at_59_seconds_and_expired_at_60_and_61() {
    let w = World::new();
    let o = w.run(&["citizen", "qr", "c2", "--at", &w.at(0)]);
    expect_code(&o, 0);
    let s = out(&o);
    let text = last_line(&s);
    assert!(text.starts_with("VN2:"), "{text}");
    assert!(s.contains('▀'), "QR drawn in the terminal");

    let o = w.verify(59, &["--json", "--text", &text]);
    expect_code(&o, 0);
    let j = json(&o);
    assert_eq!(j["verdict"], "genuine");
    assert_eq!(j["reason"], Value::Null);
    assert_eq!(j["repeat"], false);
    assert_eq!(j["subject"]["full_name"], NAME);
    assert_eq!(j["subject"]["date_of_birth"], DOB);
    assert_eq!(j["subject"]["personal_id_masked"], MASKED);
    assert_eq!(j["subject"]["level"], 2);
    assert_eq!(j["expires_at"], w.at(60));
    assert_eq!(j["warnings"], serde_json::json!([]));
    assert!(j["certificate_serial"]
        .as_str()
        .is_some_and(|s| s.len() == 16));
    assert!(!out(&o).contains(ID), "JSON has the masked ID only");

    for secs in [60, 61] {
        let o = w.verify(secs, &["--json", "--text", &text]);
        expect_code(&o, 1);
        let j = json(&o);
        assert_eq!(j["verdict"], "fake", "at +{secs}");
        assert_eq!(j["reason"], "token_expired", "at +{secs}");
        assert_eq!(j["subject"], Value::Null);
    }

    // Human output: the big line, the reason in both languages; genuine shows name, masked ID.
    let o = w.verify(61, &["--text", &text]);
    expect_code(&o, 1);
    let s = out(&o);
    assert!(s.contains("✘ Ứng dụng giả / FAKE"), "{s}");
    assert!(
        s.contains("Mã QR đã hết hạn") && s.contains("QR code expired"),
        "{s}"
    );
    let o = w.verify(1, &["--text", &text]);
    expect_code(&o, 0);
    let s = out(&o);
    assert!(s.contains("✔ Ứng dụng thật / GENUINE"), "{s}");
    assert!(
        s.contains(NAME) && s.contains(MASKED) && !s.contains(ID),
        "{s}"
    );
}

#[test]
fn stale_lists_are_flagged_on_a_genuine_verdict() {
    let w = World::new();
    // Eight days on, the week-long lists are past their next update; the QR is fresh.
    let later = w.at(8 * 24 * 3600);
    let o = w.run(&["citizen", "qr", "c2", "--at", &later]);
    expect_code(&o, 0);
    let text = last_line(&out(&o));
    let o = w.verify(8 * 24 * 3600 + 1, &["--json", "--text", &text]);
    expect_code(&o, 0);
    let j = json(&o);
    assert_eq!(j["verdict"], "genuine");
    assert_eq!(
        j["warnings"],
        serde_json::json!(["trust_list_stale", "revocation_list_stale"])
    );
    let o = w.verify(8 * 24 * 3600 + 1, &["--text", &text]);
    assert!(out(&o).contains("Trust list is out of date"), "{}", out(&o));
}

#[test]
fn a_qr_from_the_future_is_not_yet_valid() {
    let w = World::new();
    let text = w.qr_text();
    let o = w.verify(-60, &["--json", "--text", &text]);
    expect_code(&o, 1);
    assert_eq!(json(&o)["reason"], "not_yet_valid");
}

#[test]
fn a_second_scan_is_a_repeat_across_runs_and_the_log_detects_edits() {
    let w = World::new();
    let text = w.qr_text();
    let o = w.verify(5, &["--json", "--text", &text]);
    expect_code(&o, 0);
    assert_eq!(json(&o)["repeat"], false);
    // Another process, same state folder: the replay cache is refilled from its log.
    let o = w.verify(20, &["--json", "--text", &text]);
    expect_code(&o, 0);
    let j = json(&o);
    assert_eq!(j["verdict"], "genuine");
    assert_eq!(j["repeat"], true);
    let o = w.verify(21, &["--text", &text]);
    expect_code(&o, 0);
    assert!(out(&o).contains("REPEAT"), "{}", out(&o));
    assert!(out(&o).contains("Mã này đã được quét trước đó"));
    // Another officer's state folder has not seen it.
    assert_eq!(
        json(&w.verify(22, &["--json", "--state", "other-officer", "--text", &text]))["repeat"],
        false
    );
    // A fake is logged too.
    expect_code(&w.verify(23, &["--text", "nonsense"]), 1);

    let o = w.run(&["officer", "log"]);
    expect_code(&o, 0);
    let s = out(&o);
    assert!(s.contains("Hash chain intact"), "{s}");
    assert_eq!(s.matches("GENUINE").count(), 3, "{s}");
    assert!(
        s.contains("malformed") && s.contains(MASKED) && !s.contains(ID),
        "{s}"
    );
    assert!(s.contains("4 entries"), "{s}");

    // Cut the last line off: the anchor (kept in the state's secret store) says one is missing.
    let path = w.path(".xdg/vneid/officer/log/audit-000001.log");
    let log = std::fs::read_to_string(&path).unwrap();
    let all: Vec<&str> = log.lines().collect();
    std::fs::write(&path, all[..3].join("\n") + "\n").unwrap();
    let o = w.run(&["officer", "log"]);
    expect_code(&o, 1);
    assert!(out(&o).contains("missing"), "{}", out(&o));
    std::fs::write(&path, &log).unwrap();
    expect_code(&w.run(&["officer", "log"]), 0);

    // Edit the first line: the chain breaks, exit 1.
    let first = log.lines().next().unwrap();
    assert!(first.contains("\"verdict\":\"genuine\""), "{first}");
    let edited = log.replacen("\"verdict\":\"genuine\"", "\"verdict\":\"fake\"", 1);
    std::fs::write(&path, edited).unwrap();
    let o = w.run(&["officer", "log"]);
    expect_code(&o, 1);
    assert!(
        out(&o).contains("BROKEN") && out(&o).contains("line 1"),
        "{}",
        out(&o)
    );
    // Every verify reports it too, and the edited token stays seen (a repeat).
    let o = w.verify(24, &["--json", "--text", &text]);
    expect_code(&o, 0);
    assert!(err(&o).contains("BROKEN"), "{}", err(&o));
    assert_eq!(json(&o)["repeat"], true);

    // Deleting a line breaks it as well.
    let lines: Vec<&str> = log.lines().collect();
    std::fs::write(&path, format!("{}\n{}\n", lines[0], lines[2])).unwrap();
    expect_code(&w.run(&["officer", "log"]), 1);

    expect_code(&w.run(&["officer", "log", "--state", "no-such-state"]), 2);
}

#[test]
fn an_older_list_copied_in_does_not_bring_a_stolen_phone_back() {
    let w = World::new();
    let text = w.qr_text();
    // The officer sets up with today's lists; a copy of them is kept aside.
    expect_code(&w.verify(1, &["--text", &text]), 0);
    copy_dir(&w.path("auth/public"), &w.path("old-lists"));
    // The phone is reported stolen; the officer imports the new lists.
    expect_code(
        &w.run(&["authority", "revoke", "auth", "--citizen", "c2"]),
        0,
    );
    let o = w.verify(2, &["--json", "--text", &w.qr_text()]);
    expect_code(&o, 1);
    assert_eq!(json(&o)["reason"], "revoked");
    // The older lists are offered: refused with a warning, the held newer ones used.
    let o = w.run(&[
        "officer",
        "verify",
        "--trust",
        "old-lists",
        "--at",
        &w.at(3),
        "--json",
        "--text",
        &w.qr_text(),
    ]);
    expect_code(&o, 1);
    assert_eq!(json(&o)["reason"], "revoked");
    assert!(
        err(&o).contains("not newer than the held one"),
        "{}",
        err(&o)
    );
    // The pinned root comes from the state, never from a lists folder.
    expect_code(&w.run(&["authority", "init", "auth2"]), 0);
    let o = w.run(&[
        "officer",
        "verify",
        "--trust",
        "auth2",
        "--at",
        &w.at(4),
        "--json",
        "--text",
        &w.qr_text(),
    ]);
    assert_eq!(json(&o)["reason"], "revoked", "{}", err(&o));
    assert!(err(&o).contains("another root key"), "{}", err(&o));
    // With no --trust at all the state alone verifies, offline.
    let o = w.run(&[
        "officer",
        "verify",
        "--at",
        &w.at(5),
        "--json",
        "--text",
        &w.qr_text(),
    ]);
    assert_eq!(json(&o)["reason"], "revoked");
}

#[test]
fn lists_too_old_cannot_verify_exit_3() {
    let w = World::new();
    let text = w.qr_text();
    expect_code(&w.verify(1, &["--text", &text]), 0);
    // The lists are fresh for a week; past 7 more days nothing can be verified.
    let late = 15 * 24 * 3600;
    let o = w.run(&[
        "officer",
        "verify",
        "--at",
        &w.at(late),
        "--json",
        "--text",
        &text,
    ]);
    expect_code(&o, 3);
    let j = json(&o);
    assert_eq!(j["verdict"], "unverifiable");
    assert_eq!(j["reason"], "lists_too_old");
    let o = w.run(&["officer", "verify", "--at", &w.at(late), "--text", &text]);
    expect_code(&o, 3);
    assert!(
        out(&o).contains("Không thể xác minh / CANNOT VERIFY")
            && out(&o).contains("update the lists"),
        "{}",
        out(&o)
    );
}

#[cfg(unix)]
#[test]
fn secret_and_personal_files_are_owner_only_under_umask_022() {
    use std::os::unix::fs::PermissionsExt;
    let w = World::bare();
    let bin = env!("CARGO_BIN_EXE_vneid");
    let script = format!(
        "umask 022 && {bin} authority init auth && {bin} citizen enroll c2 --authority auth \
         --name 'Nguyễn Văn An' --id {ID} --dob {DOB} --level 2 && {bin} citizen qr-setting c2 on \
         && {bin} officer verify --state officer --trust auth --text \"$({bin} citizen qr c2 | tail -n 1)\""
    );
    let o = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(w.dir.path())
        .output()
        .unwrap();
    expect_code(&o, 0);
    let mode = |p: &str| {
        std::fs::metadata(w.path(p))
            .unwrap_or_else(|e| panic!("{p}: {e}"))
            .permissions()
            .mode()
            & 0o777
    };
    for dir in [
        "auth",
        "auth/private",
        "c2",
        "c2/keys",
        "officer",
        "officer/keys",
        "officer/log",
    ] {
        assert_eq!(mode(dir), 0o700, "{dir}");
    }
    for file in [
        "auth/private/root.pk8",
        "auth/private/device-issuer.pk8",
        "auth/authority.json",
        "c2/citizen.json",
        "c2/device-key.pk8",
        "c2/wallet.bin",
        "c2/keys/wallet-data-key.key",
        "officer/log/audit-000001.log",
        "officer/keys/audit-log-key.key",
    ] {
        assert_eq!(mode(file), 0o600, "{file}");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn revoked_device_is_fake() {
    let w = World::new();
    let text = w.qr_text();
    let j = json(&w.verify(1, &["--json", "--text", &text]));
    assert_eq!(j["verdict"], "genuine");
    let serial = j["certificate_serial"].as_str().unwrap().to_owned();

    let o = w.run(&["authority", "revoke", "auth", "--citizen", "c2"]);
    expect_code(&o, 0);
    assert!(out(&o).contains(&serial), "{}", out(&o));

    let o = w.verify(2, &["--json", "--text", &text]);
    expect_code(&o, 1);
    let j = json(&o);
    assert_eq!(j["verdict"], "fake");
    assert_eq!(j["reason"], "revoked");
    // New QR codes from the revoked device are fake too.
    let o = w.verify(2, &["--json", "--text", &w.qr_text()]);
    assert_eq!(json(&o)["reason"], "revoked");

    // A certificate from another authority cannot be revoked here.
    let other = World::new();
    let o = w.run(&[
        "authority",
        "revoke",
        "auth",
        "--citizen",
        other.path("c2").to_str().unwrap(),
    ]);
    expect_code(&o, 2);
}

#[test]
fn another_authoritys_qr_is_fake() {
    let w = World::new();
    let other = World::new();
    let text = other.qr_text();
    let o = w.verify(1, &["--json", "--text", &text]);
    expect_code(&o, 1);
    assert_eq!(json(&o)["reason"], "unknown_issuer");
}

#[test]
fn garbage_and_tampered_text_is_fake_never_a_crash() {
    let w = World::new();
    let text = w.qr_text();
    let huge = "9".repeat(100_000);
    let huge_vn1 = format!("VN2:{}", "1".repeat(20_000));
    for (input, reason) in [
        ("garbage", "malformed"),
        ("", "malformed"),
        ("VN2:", "malformed"),
        ("VN2:12ab", "malformed"),
        ("VN7:0123", "unsupported_version"),
        (huge.as_str(), "malformed"),
        (huge_vn1.as_str(), "malformed"),
    ] {
        let o = w.verify(1, &["--json", "--text", input]);
        expect_code(&o, 1);
        let j = json(&o);
        assert_eq!(j["verdict"], "fake");
        assert_eq!(j["reason"], reason, "{}", &input[..input.len().min(20)]);
    }
    // A digit changed anywhere in the genuine text: never genuine.
    for pos in [10, text.len() / 2, text.len() - 3] {
        let mut t = text.clone().into_bytes();
        t[pos] = if t[pos] == b'1' { b'2' } else { b'1' };
        let t = String::from_utf8(t).unwrap();
        let o = w.verify(1, &["--json", "--text", &t]);
        expect_code(&o, 1);
        let j = json(&o);
        assert_eq!(j["verdict"], "fake", "digit {pos}");
        assert!(j["reason"].is_string());
    }
}

#[test]
fn png_written_by_citizen_qr_verifies() {
    let w = World::new();
    let at = w.at(0);
    let o = w.run(&["citizen", "qr", "c2", "--at", &at, "--png", "qr.png"]);
    expect_code(&o, 0);
    assert!(
        last_line(&out(&o)).starts_with("VN2:"),
        "last line is the text"
    );
    let png = std::fs::read(w.path("qr.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));

    let o = w.verify(3, &["--json", "--png", "qr.png"]);
    expect_code(&o, 0);
    let j = json(&o);
    assert_eq!(j["verdict"], "genuine");
    assert_eq!(j["subject"]["personal_id_masked"], MASKED);
    // The officer needs only the public part: pointing at it directly works too.
    let at = w.at(3);
    let o = w.run(&[
        "officer",
        "verify",
        "--trust",
        "auth/public",
        "--at",
        &at,
        "--png",
        "qr.png",
    ]);
    expect_code(&o, 0);
    assert!(out(&o).contains("GENUINE"));
    // The same PNG a minute later is a screenshot: fake.
    let o = w.verify(61, &["--json", "--png", "qr.png"]);
    expect_code(&o, 1);
    assert_eq!(json(&o)["reason"], "token_expired");
}

#[test]
fn unreadable_input_is_exit_2() {
    let w = World::new();
    let text = w.qr_text();
    // Missing PNG, a file that is not a PNG, a PNG without a QR code.
    let o = w.verify(1, &["--png", "missing.png"]);
    expect_code(&o, 2);
    assert!(err(&o).starts_with("error: "));
    assert!(out(&o).is_empty());
    std::fs::write(w.path("not.png"), b"hello").unwrap();
    expect_code(&w.verify(1, &["--png", "not.png"]), 2);
    let blank = vec![200u8; 120 * 80];
    let png = vneid_core::qr::encode_png(&blank, 120, 80).unwrap();
    std::fs::write(w.path("blank.png"), png).unwrap();
    let o = w.verify(1, &["--png", "blank.png"]);
    expect_code(&o, 2);
    assert!(err(&o).contains("no QR code"), "{}", err(&o));
    // Missing trust dir.
    let o = w.run(&["officer", "verify", "--trust", "nowhere", "--text", &text]);
    expect_code(&o, 2);
    // Usage: neither or both inputs, a bad time.
    expect_code(&w.run(&["officer", "verify", "--trust", "auth"]), 2);
    expect_code(
        &w.run(&[
            "officer", "verify", "--trust", "auth", "--text", &text, "--png", "qr.png",
        ]),
        2,
    );
    expect_code(
        &w.run(&[
            "officer",
            "verify",
            "--trust",
            "auth",
            "--at",
            "yesterday",
            "--text",
            &text,
        ]),
        2,
    );
    // A damaged trust list is unreadable input, never a verdict.
    std::fs::write(w.path("auth/public/trust-list.cose"), b"\xd2\x84junk").unwrap();
    expect_code(&w.verify(1, &["--text", &text]), 2);
    // Citizen commands on a directory without a citizen.
    expect_code(&w.run(&["citizen", "qr", "nobody"]), 2);
    expect_code(&w.run(&["citizen", "qr-setting", "nobody", "on"]), 2);
    expect_code(
        &w.run(&["authority", "revoke", "auth", "--citizen", "nobody"]),
        2,
    );
}

// ── Ví giấy tờ (issue 4): the wallet from the terminal ──────────────────────────────────

/// The four sample paper types, in the wallet's order.
const PAPER_TYPES: [&str; 4] = ["cccd", "gplx", "bhyt", "dkx"];
/// The driving licence's field keys.
const GPLX_FIELDS: &str = "number, full_name, date_of_birth, classes, issue_date, expiry_date";

impl World {
    /// `citizen papers c2 --json` (with extra arguments), exit 0.
    fn papers_json(&self, extra: &[&str]) -> Value {
        let mut args = vec!["citizen", "papers", "c2", "--json"];
        args.extend_from_slice(extra);
        let o = self.run(&args);
        expect_code(&o, 0);
        json(&o)
    }

    /// Status of the paper of type `ty` in a `papers --json` answer.
    fn status(j: &Value, ty: &str) -> String {
        j["papers"]
            .as_array()
            .and_then(|a| a.iter().find(|p| p["type"] == ty))
            .and_then(|p| p["status"].as_str())
            .unwrap_or_else(|| panic!("no {ty} in {j}"))
            .to_owned()
    }

    /// A presentation of `paper` disclosing `fields`, made at `t` (the last line of output).
    fn present(&self, paper: &str, fields: &str, extra: &[&str]) -> String {
        let at = self.at(0);
        let mut args = vec![
            "citizen", "present", "c2", paper, "--fields", fields, "--at", &at,
        ];
        args.extend_from_slice(extra);
        let o = self.run(&args);
        expect_code(&o, 0);
        last_line(&out(&o))
    }
}

#[test]
fn enroll_gives_four_sample_papers_listed_as_valid() {
    let w = World::new();
    let o = w.run(&["citizen", "papers", "c2"]);
    expect_code(&o, 0);
    let s = out(&o);
    assert!(err(&o).is_empty(), "no warning: {}", err(&o));
    assert!(s.starts_with("Ví giấy tờ / Wallet"), "{s}");
    assert!(s.contains("(4 giấy tờ / papers)"), "{s}");
    for words in [
        "[cccd] Căn cước công dân / Citizen identity card",
        "[gplx] Giấy phép lái xe / Driving licence",
        "[bhyt] Thẻ bảo hiểm y tế / Health insurance card",
        "[dkx] Giấy chứng nhận đăng ký xe / Vehicle registration certificate",
        "Danh sách thu hồi / Revocation list: #1",
    ] {
        assert!(s.contains(words), "missing {words:?}: {s}");
    }
    assert_eq!(s.matches("Còn hiệu lực / Valid").count(), 4, "{s}");

    let j = w.papers_json(&[]);
    let types: Vec<&str> = j["papers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, PAPER_TYPES);
    for ty in PAPER_TYPES {
        assert_eq!(World::status(&j, ty), "valid", "{ty}");
    }
    assert_eq!(j["device_revoked"], false);
    assert_eq!(j["revocation_list"]["sequence"], 1);
    // The agencies: C06 the ID card, C08 the licence and registration, BHXH the insurance.
    let agencies: Vec<&str> = j["papers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["agency"].as_str().unwrap())
        .collect();
    assert_eq!(agencies, ["C06", "C08", "BHXH", "C08"]);

    // Encrypted at rest; the key owner-only, in its own directory.
    let file = std::fs::read(w.path("c2/wallet.bin")).unwrap();
    assert!(file.starts_with(b"VNWALLET"));
    // (Needles long enough that random ciphertext cannot hold them by chance: a 2-byte one
    // such as a licence class is found in about one file in thirty.)
    for plain in [NAME.as_bytes(), ID.as_bytes(), b"010123456789".as_slice()] {
        assert!(!file.windows(plain.len()).any(|x| x == plain));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &str| std::fs::metadata(w.path(p)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode("c2/keys/wallet-data-key.key"), 0o600);
        assert_eq!(mode("c2/keys"), 0o700);
        assert_eq!(mode("c2/wallet.bin"), 0o600);
    }
    // A level-1 account is given no papers (they go to level-2 accounts only, as the
    // authority service does): an empty wallet, nothing to present.
    expect_code(
        &w.enroll("c1", "Trần Thị Bình", "079195004321", "1995-05-15", "1"),
        0,
    );
    let o = w.run(&["citizen", "papers", "c1", "--json"]);
    expect_code(&o, 0);
    assert_eq!(json(&o)["papers"].as_array().map(Vec::len), Some(0));
    let o = w.run(&["citizen", "present", "c1", "gplx", "--fields", "full_name"]);
    expect_code(&o, 2);
    assert!(err(&o).contains("the wallet is empty"), "{}", err(&o));
}

/// Days from today to the 10th of January next year (the sample health card ends on 1 January).
fn days_into_next_year() -> u32 {
    use chrono::Datelike;
    let today = Utc::now().date_naive();
    let target = chrono::NaiveDate::from_ymd_opt(today.year() + 1, 1, 10).unwrap();
    (target - today).num_days() as u32
}

#[test]
fn a_paper_past_its_validity_shows_expired() {
    let w = World::new();
    // Into next year the calendar-year health-insurance card has ended; the ten-year licence
    // has not (nor the device certificate, a year long, past which every paper of the device
    // shows expired).
    let later = rfc3339(Utc::now() + Duration::days(i64::from(days_into_next_year())));
    let j = w.papers_json(&["--at", &later]);
    assert_eq!(World::status(&j, "bhyt"), "expired");
    assert_eq!(World::status(&j, "gplx"), "valid");
    let o = w.run(&["citizen", "papers", "c2", "--at", &later]);
    expect_code(&o, 0);
    let s = out(&o);
    let bhyt = s
        .lines()
        .skip_while(|l| !l.contains("[bhyt]"))
        .nth(1)
        .unwrap_or_else(|| panic!("{s}"));
    assert!(bhyt.contains("Hết hiệu lực / Expired"), "{bhyt}");
    assert!(s.contains("✘ [bhyt]"), "{s}");
    // Far in the future every paper has expired; long ago none was valid yet.
    let j = w.papers_json(&["--at", "2100-01-01T00:00:00Z"]);
    for ty in PAPER_TYPES {
        assert_eq!(World::status(&j, ty), "expired", "{ty}");
    }
    let o = w.run(&[
        "citizen",
        "show",
        "c2",
        "gplx",
        "--at",
        "2100-01-01T00:00:00Z",
    ]);
    expect_code(&o, 0);
    assert!(out(&o).contains("Hết hiệu lực / Expired"), "{}", out(&o));
    let j = w.papers_json(&["--at", "2000-01-01T00:00:00Z"]);
    assert_eq!(World::status(&j, "gplx"), "not_yet_valid");
    expect_code(&w.run(&["citizen", "papers", "c2", "--at", "soon"]), 2);
}

#[test]
fn revoked_paper_and_device_show_as_revoked() {
    let w = World::new();
    let j = w.papers_json(&[]);
    let serial = j["papers"][1]["serial"].as_str().unwrap().to_owned();
    assert_eq!(j["papers"][1]["type"], "gplx");
    let before = w.present("gplx", "full_name,classes", &[]);

    // A lost licence: the authority revokes the paper by its serial.
    let o = w.run(&["authority", "revoke", "auth", "--paper", &serial]);
    expect_code(&o, 0);
    assert!(out(&o).contains(&serial), "{}", out(&o));
    let j = w.papers_json(&[]);
    assert_eq!(World::status(&j, "gplx"), "revoked");
    assert_eq!(World::status(&j, "cccd"), "valid");
    assert!(j["revocation_list"]["sequence"].as_u64() > Some(1), "{j}");
    assert_eq!(j["device_revoked"], false);
    let o = w.run(&["citizen", "papers", "c2"]);
    expect_code(&o, 0);
    assert!(out(&o).contains("Đã bị thu hồi / Revoked"), "{}", out(&o));
    let o = w.run(&["citizen", "show", "c2", &serial]);
    expect_code(&o, 0);
    assert!(out(&o).contains("Đã bị thu hồi / Revoked"), "{}", out(&o));
    // The officer refuses it, whether made before or after.
    for text in [before, w.present("gplx", "full_name", &[])] {
        let o = w.verify(1, &["--json", "--text", &text]);
        expect_code(&o, 1);
        let j = json(&o);
        assert_eq!(j["reason"], "paper_revoked");
        assert_eq!(j["kind"], "paper");
    }
    // The citizen's app keeps the newest list it saw: with the authority out of reach it
    // still shows the paper revoked (and says where the list came from).
    std::fs::rename(w.path("auth"), w.path("auth-moved")).unwrap();
    let o = w.run(&["citizen", "papers", "c2", "--json"]);
    expect_code(&o, 0);
    assert_eq!(World::status(&json(&o), "gplx"), "revoked");
    assert!(err(&o).contains("cannot be read"), "{}", err(&o));
    // --trust reads another copy of the authority's public part.
    let j = w.papers_json(&["--trust", "auth-moved/public"]);
    assert_eq!(World::status(&j, "gplx"), "revoked");
    std::fs::rename(w.path("auth-moved"), w.path("auth")).unwrap();

    // A stolen phone: the device is revoked; the papers stay in the wallet, shown as revoked
    // (they are bound to the revoked device), and presentations are refused.
    expect_code(
        &w.run(&["authority", "revoke", "auth", "--citizen", "c2"]),
        0,
    );
    let j = w.papers_json(&[]);
    assert_eq!(j["device_revoked"], true);
    assert_eq!(j["papers"].as_array().map(Vec::len), Some(4));
    assert_eq!(World::status(&j, "cccd"), "revoked");
    let o = w.run(&["citizen", "papers", "c2"]);
    assert!(
        out(&o).contains("Thiết bị đã bị thu hồi") && out(&o).contains("Device revoked"),
        "{}",
        out(&o)
    );
    let o = w.verify(
        1,
        &["--json", "--text", &w.present("cccd", "full_name", &[])],
    );
    expect_code(&o, 1);
    assert_eq!(json(&o)["reason"], "revoked");

    // Another authority's lists are not believed; bad serials and targets are usage errors.
    let other = World::new();
    let o = w.run(&[
        "citizen",
        "papers",
        "c2",
        "--trust",
        other.path("auth").to_str().unwrap(),
    ]);
    expect_code(&o, 2);
    assert!(err(&o).contains("not the authority"), "{}", err(&o));
    expect_code(
        &w.run(&["authority", "revoke", "auth", "--paper", "xyz"]),
        2,
    );
    expect_code(&w.run(&["authority", "revoke", "auth"]), 2);
}

#[test]
fn show_masks_the_personal_id_unless_revealed() {
    let w = World::new();
    let o = w.run(&["citizen", "show", "c2", "cccd"]);
    expect_code(&o, 0);
    let s = out(&o);
    assert!(
        s.starts_with("Ví giấy tờ / Wallet · Căn cước công dân / Citizen identity card (cccd)"),
        "{s}"
    );
    for words in [
        "Số định danh cá nhân / Personal ID number",
        "Họ, chữ đệm và tên / Full name",
        "Nơi thường trú / Place of residence",
        "Người được cấp / Holder",
        "Cơ quan cấp / Issuing agency",
        "Trạng thái / Status",
        "Còn hiệu lực / Valid",
        MASKED,
        NAME,
    ] {
        assert!(s.contains(words), "missing {words:?}: {s}");
    }
    assert!(!s.contains(ID), "masked by default: {s}");

    let o = w.run(&["citizen", "show", "c2", "cccd", "--reveal"]);
    expect_code(&o, 0);
    assert!(out(&o).contains(ID), "{}", out(&o));

    let o = w.run(&["citizen", "show", "c2", "cccd", "--json"]);
    expect_code(&o, 0);
    let j = json(&o);
    assert_eq!(j["fields"]["number"], MASKED);
    assert_eq!(j["holder"], MASKED);
    assert_eq!(j["fields"]["full_name"], NAME);
    assert!(!out(&o).contains(ID));
    let o = w.run(&["citizen", "show", "c2", "cccd", "--json", "--reveal"]);
    assert_eq!(json(&o)["fields"]["number"], ID);

    // By serial, and the other types with their own labels.
    let serial = w.papers_json(&[])["papers"][1]["serial"]
        .as_str()
        .unwrap()
        .to_owned();
    let o = w.run(&["citizen", "show", "c2", &serial]);
    expect_code(&o, 0);
    assert!(
        out(&o).contains("Hạng / Classes") && out(&o).contains("A1, B2"),
        "{}",
        out(&o)
    );
    let o = w.run(&["citizen", "show", "c2", "dkx"]);
    expect_code(&o, 0);
    assert!(out(&o).contains("Biển số đăng ký / Plate number"));
    let o = w.run(&["citizen", "show", "c2", "passport"]);
    expect_code(&o, 2);
    assert!(err(&o).contains("gplx"), "lists what is held: {}", err(&o));
    expect_code(&w.run(&["citizen", "show", "nobody", "cccd"]), 2);
}

#[test]
fn a_presentation_verifies_with_exactly_the_chosen_fields() {
    let w = World::new();
    let at = w.at(0);
    let o = w.run(&[
        "citizen",
        "present",
        "c2",
        "gplx",
        "--fields",
        "full_name,classes,expiry_date",
        "--at",
        &at,
        "--png",
        "paper.png",
    ]);
    expect_code(&o, 0);
    let s = out(&o);
    let text = last_line(&s);
    assert!(text.starts_with("VP2:"), "{text}");
    assert!(s.contains('▀'), "QR drawn in the terminal");
    assert!(s.contains("Xuất trình giấy tờ / Present paper"), "{s}");
    assert!(s.contains("Còn 60 giây / 60 seconds left"), "{s}");

    for input in [["--text", text.as_str()], ["--png", "paper.png"]] {
        let o = w.verify(2, &["--json", input[0], input[1]]);
        expect_code(&o, 0);
        let j = json(&o);
        assert_eq!(j["verdict"], "genuine");
        assert_eq!(j["kind"], "paper");
        // A v2 presentation carries no certificate: no subject beyond the disclosed fields.
        assert!(j["subject"].is_null(), "{j}");
        assert_eq!(j["paper"]["type"], "gplx");
        assert_eq!(j["paper"]["agency"], "C08");
        assert_eq!(j["paper"]["name_vi"], "Giấy phép lái xe");
        assert_eq!(j["paper"]["name_en"], "Driving licence");
        assert!(j["paper"]["serial"].as_str().is_some_and(|s| s.len() == 16));
        assert!(j["paper"]["valid_from"].is_string() && j["paper"]["valid_until"].is_string());
        let fields = j["fields"].as_object().unwrap();
        let mut keys: Vec<&str> = fields.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["classes", "expiry_date", "full_name"]);
        assert_eq!(fields["classes"], "A1, B2");
        assert_eq!(fields["full_name"], NAME);
    }
    // For people: the fields with both labels, and nothing undisclosed.
    let o = w.verify(3, &["--text", &text]);
    expect_code(&o, 0);
    let s = out(&o);
    for words in [
        "✔ Ứng dụng thật / GENUINE",
        "Giấy phép lái xe / Driving licence (gplx)",
        "Thông tin được xuất trình / Disclosed fields",
        "Hạng / Classes",
        "Có giá trị đến / Date of expiry",
    ] {
        assert!(s.contains(words), "missing {words:?}: {s}");
    }
    assert!(!s.contains("Số giấy phép / Licence number"), "{s}");
    // A minute later it is a screenshot.
    let o = w.verify(61, &["--json", "--text", &text]);
    expect_code(&o, 1);
    let j = json(&o);
    assert_eq!(j["reason"], "token_expired");
    assert_eq!(j["kind"], "paper");
    assert_eq!(j["fields"], Value::Null);

    // The ID card's number, disclosed, reaches the officer masked only.
    let text = w.present("cccd", "number,full_name", &[]);
    let o = w.verify(1, &["--json", "--text", &text]);
    expect_code(&o, 0);
    let j = json(&o);
    assert_eq!(j["fields"]["number"], MASKED);
    assert!(!out(&o).contains(ID));
    let o = w.verify(1, &["--text", &text]);
    assert!(out(&o).contains(MASKED) && !out(&o).contains(ID));

    // An empty list shows the paper's type and validity only. (Not the health-insurance card:
    // it ends with the calendar year, and `t` is an hour from now.)
    let text = w.present("dkx", "", &[]);
    let j = json(&w.verify(1, &["--json", "--text", &text]));
    assert_eq!(j["verdict"], "genuine");
    assert_eq!(j["fields"], serde_json::json!({}));
    assert_eq!(j["paper"]["type"], "dkx");

    // The identity QR says what it is too; a damaged presentation is a fake paper.
    let j = json(&w.verify(1, &["--json", "--text", &w.qr_text()]));
    assert_eq!(j["kind"], "identity");
    assert_eq!(j["paper"], Value::Null);
    let mut damaged = w.present("gplx", "classes", &[]).into_bytes();
    let mid = damaged.len() / 2;
    damaged[mid] = if damaged[mid] == b'1' { b'2' } else { b'1' };
    let o = w.verify(
        1,
        &["--json", "--text", &String::from_utf8(damaged).unwrap()],
    );
    expect_code(&o, 1);
    assert_eq!(json(&o)["kind"], "paper");
}

#[test]
fn present_refuses_unknown_fields_and_papers() {
    let w = World::new();
    let o = w.run(&[
        "citizen",
        "present",
        "c2",
        "gplx",
        "--fields",
        "full_name,blood_type",
    ]);
    expect_code(&o, 2);
    let e = err(&o);
    assert!(e.starts_with("error: "), "{e}");
    assert!(e.contains("\"blood_type\""), "{e}");
    assert!(e.contains(&format!("valid fields: {GPLX_FIELDS}")), "{e}");
    assert!(out(&o).is_empty(), "no QR: {}", out(&o));
    // A field of another type is unknown here too.
    let o = w.run(&["citizen", "present", "c2", "gplx", "--fields", "plate"]);
    expect_code(&o, 2);
    // No such paper; no --fields at all.
    expect_code(
        &w.run(&[
            "citizen",
            "present",
            "c2",
            "passport",
            "--fields",
            "full_name",
        ]),
        2,
    );
    expect_code(&w.run(&["citizen", "present", "c2", "gplx"]), 2);
    // The setting off: refused (exit 1), as for the identity QR.
    expect_code(&w.run(&["citizen", "qr-setting", "c2", "off"]), 0);
    let o = w.run(&["citizen", "present", "c2", "gplx", "--fields", "full_name"]);
    expect_code(&o, 1);
    assert!(
        err(&o).contains("Xác minh ứng dụng qua QR code"),
        "{}",
        err(&o)
    );
}

#[test]
fn a_damaged_wallet_or_wrong_key_is_an_error_never_an_empty_list() {
    let w = World::new();
    let path = w.path("c2/wallet.bin");
    let good = std::fs::read(&path).unwrap();
    let check = |expect_in_err: &str| {
        for args in [
            vec!["citizen", "papers", "c2"],
            vec!["citizen", "papers", "c2", "--json"],
            vec!["citizen", "show", "c2", "cccd"],
            vec!["citizen", "present", "c2", "cccd", "--fields", "full_name"],
        ] {
            let o = w.run(&args);
            expect_code(&o, 2);
            assert!(out(&o).is_empty(), "{args:?}: {}", out(&o));
            let e = err(&o);
            assert!(
                e.starts_with("error: reading the wallet") && e.contains(expect_in_err),
                "{args:?}: {e}"
            );
        }
    };
    // A flipped byte in the encrypted content.
    let mut bad = good.clone();
    let n = bad.len();
    bad[n - 20] ^= 0x40;
    std::fs::write(&path, &bad).unwrap();
    check("corrupt");
    // Cut short.
    std::fs::write(&path, &good[..good.len() / 2]).unwrap();
    check("truncated");
    // Not a wallet at all.
    std::fs::write(&path, b"hello, this is not a wallet file at all").unwrap();
    check("corrupt");
    // Another key in the keystore.
    std::fs::write(&path, &good).unwrap();
    let key = w.path("c2/keys/wallet-data-key.key");
    let good_key = std::fs::read(&key).unwrap();
    let mut other = good_key.clone();
    other[0] ^= 1;
    std::fs::write(&key, &other).unwrap();
    check("does not open it");
    // No key.
    std::fs::remove_file(&key).unwrap();
    check("wallet data key not found");
    // Restored, it opens again with its four papers.
    std::fs::write(&key, &good_key).unwrap();
    assert_eq!(
        w.papers_json(&[])["papers"].as_array().map(Vec::len),
        Some(4)
    );
    // No wallet file: an error too.
    std::fs::remove_file(&path).unwrap();
    let o = w.run(&["citizen", "papers", "c2"]);
    expect_code(&o, 2);
    assert!(err(&o).contains("no wallet"), "{}", err(&o));
}

// ── Against the authority service ────────────────────────────────────────────────────────
//
// The real service (`vneid-authority`) on 127.0.0.1:0 in the test process, an authority
// folder made and filled as the operator would; the CLI talks to it over HTTPS.

mod served {
    use std::path::{Path, PathBuf};

    use tempfile::TempDir;
    use vneid_authority::admin::{self, InitOptions};
    use vneid_authority::config::{AttestationConfig, ServiceConfig};
    use vneid_authority::store::NewAccount;
    use vneid_authority::{ServiceHandle, ServiceOptions};
    use vneid_client::wire::Role;
    use vneid_core::clock::{Clock, SystemClock};

    pub const PASSWORD: &str = "mật khẩu ban đầu 1";
    pub const OFFICER_ID: &str = "001085007777";

    /// An authority folder and its running service.
    pub struct Served {
        pub dir: TempDir,
        pub handle: Option<ServiceHandle>,
        pub url: String,
        /// `tls/spki-sha256.txt`.
        pub pin: String,
    }

    fn config() -> ServiceConfig {
        // Cheap Argon2 (the cost is configuration), fast list publication.
        ServiceConfig {
            argon2_memory_kib: 1024,
            argon2_iterations: 1,
            publish_poll_ms: 50,
            ..ServiceConfig::default()
        }
    }

    impl Served {
        /// An authority (its attestation policy development or production) with a level-2
        /// citizen, a level-1 citizen and an officer, served on loopback.
        pub fn new(development: bool) -> Self {
            let dir = tempfile::tempdir().unwrap();
            let auth = dir.path().join("auth");
            let now = SystemClock.now();
            let opts = InitOptions {
                attestation: AttestationConfig {
                    development,
                    ..AttestationConfig::default()
                },
                service: config(),
                ..InitOptions::default()
            };
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(admin::init(&auth, &opts, now, now))
                .unwrap();
            let handle =
                ServiceHandle::spawn(ServiceOptions::new(&auth, "127.0.0.1:0".parse().unwrap()))
                    .unwrap();
            let store = handle.store();
            for (id, level, role) in [
                (super::ID, 2, Role::Citizen),
                ("079195004321", 1, Role::Citizen),
                (OFFICER_ID, 2, Role::Officer),
            ] {
                let account = NewAccount {
                    personal_id: id.into(),
                    full_name: super::NAME.into(),
                    date_of_birth: super::DOB.into(),
                    sex: "nam".into(),
                    level,
                    role,
                };
                handle
                    .block_on(admin::add_account(
                        &store,
                        &config(),
                        &account,
                        PASSWORD,
                        now,
                    ))
                    .unwrap();
            }
            let pin = std::fs::read_to_string(auth.join("tls/spki-sha256.txt"))
                .unwrap()
                .trim()
                .to_owned();
            Served {
                url: handle.url(),
                dir,
                handle: Some(handle),
                pin,
            }
        }

        /// The authority folder (what `--trust` is given).
        pub fn auth(&self) -> PathBuf {
            self.dir.path().join("auth")
        }

        /// `--server URL --server-pin PIN`.
        pub fn args(&self) -> Vec<String> {
            vec![
                "--server".into(),
                self.url.clone(),
                "--server-pin".into(),
                self.pin.clone(),
            ]
        }

        pub fn path(&self, p: &str) -> PathBuf {
            self.dir.path().join(p)
        }

        pub fn root(&self) -> &Path {
            self.dir.path()
        }
    }

    impl Drop for Served {
        fn drop(&mut self) {
            if let Some(h) = self.handle.take() {
                h.shutdown();
            }
        }
    }
}

use served::{Served, OFFICER_ID, PASSWORD};

/// Runs vneid in `dir` with `stdin` on its standard input.
fn vneid_stdin(dir: &Path, args: &[String], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_vneid"))
        .current_dir(dir)
        .env("XDG_DATA_HOME", dir.join(".xdg"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run vneid");
    // A command that fails before reading its input closes the pipe: not the test's error.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn strings(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| (*s).to_owned()).collect()
}

impl Served {
    /// `vneid <args> --server … --server-pin …` with the password on stdin.
    fn run(&self, args: &[&str], password: &str) -> Output {
        let mut a = strings(args);
        a.extend(self.args());
        vneid_stdin(self.root(), &a, &format!("{password}\n"))
    }

    fn enroll(&self, cdir: &str, id: &str, password: &str, extra: &[&str]) -> Output {
        let mut a = vec!["citizen", "enroll", cdir, "--id", id, "--password-stdin"];
        a.extend_from_slice(extra);
        self.run(&a, password)
    }

    fn update(&self, state: &str, extra: &[&str]) -> Output {
        let mut a = vec!["officer", "update", "--state", state];
        a.extend_from_slice(extra);
        self.run(&a, "")
    }

    fn offline(&self, args: &[&str]) -> Output {
        vneid(self.root(), args)
    }
}

/// Nothing personal or secret in what a command printed.
#[track_caller]
fn no_secrets(o: &Output) {
    let all = format!("{}{}", out(o), err(o));
    for secret in [ID, "079195004321", OFFICER_ID, PASSWORD] {
        assert!(!all.contains(secret), "{secret:?} printed:\n{all}");
    }
}

#[test]
fn server_enrolment_officer_update_and_verify_then_the_stolen_phone() {
    let srv = Served::new(true);
    // Enrolment over HTTPS: the account's level and name, a development certificate, the
    // papers in the wallet, the lists (checked against the root given) in CDIR/trust.
    let o = srv.enroll("c", ID, PASSWORD, &["--trust", "auth"]);
    expect_code(&o, 0);
    no_secrets(&o);
    let s = out(&o);
    for words in [
        MASKED,
        NAME,
        "Mức tài khoản / Account level...............  2",
        "công dân / citizen (theo tài khoản tại cơ quan định danh / from the account at the authority)",
        "development device: a software key without hardware attestation",
        "[gplx] Giấy phép lái xe / Driving licence",
        "Trust list: đã cài / installed 1 (was none)",
        "Revocation list: đã cài / installed 1 (was none)",
    ] {
        assert!(s.contains(words), "missing {words:?}: {s}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &str| std::fs::metadata(srv.path(p)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode("c"), 0o700);
        for f in ["c/device-key.pk8", "c/citizen.json", "c/wallet.bin"] {
            assert_eq!(mode(f), 0o600, "{f}");
        }
    }
    assert!(srv.path("c/trust/root-key.cbor").is_file());
    let state: Value =
        serde_json::from_slice(&std::fs::read(srv.path("c/citizen.json")).unwrap()).unwrap();
    assert_eq!(state["account"]["level"], 2);
    assert_eq!(state["account"]["identity"]["full_name"], NAME);
    let o = srv.offline(&["citizen", "papers", "c", "--json"]);
    expect_code(&o, 0);
    let j = json(&o);
    let papers = j["papers"].as_array().unwrap();
    assert_eq!(papers.len(), 4, "{j}");
    assert!(papers.iter().all(|p| p["status"] == "valid"), "{j}");
    assert_eq!(j["revocation_list"]["sequence"], 1);
    expect_code(&srv.offline(&["citizen", "qr-setting", "c", "on"]), 0);
    let qr = |srv: &Served| {
        let o = srv.offline(&["citizen", "qr", "c"]);
        expect_code(&o, 0);
        last_line(&out(&o))
    };
    let text = qr(&srv);

    // The officer: without a root to pin, nothing is taken from the network.
    let o = srv.update("s", &[]);
    expect_code(&o, 2);
    assert!(
        err(&o).contains("give --root FILE or --trust DIR"),
        "{}",
        err(&o)
    );
    assert!(!srv.path("s").exists(), "nothing written");
    // Pinned from the authority's folder, the lists fetched and installed; then 304.
    let o = srv.update("s", &["--trust", "auth"]);
    expect_code(&o, 0);
    assert!(
        out(&o).contains("Trust list: đã cài / installed 1 (was none)"),
        "{}",
        out(&o)
    );
    assert!(out(&o).contains("Revocation list: đã cài / installed 1 (was none)"));
    let o = srv.update("s", &[]);
    expect_code(&o, 0);
    assert!(out(&o).contains("Trust list: 304 — không thay đổi / not modified (holding #1)"));
    assert!(out(&o).contains("Revocation list: 304 — không thay đổi / not modified (holding #1)"));
    // --root FILE is the same root: accepted; another authority's root: refused, exit 2.
    let o = srv.update("s", &["--root", "auth/public/root-key.cbor"]);
    expect_code(&o, 0);
    expect_code(&srv.offline(&["authority", "init", "other"]), 0);
    let o = srv.update("s", &["--trust", "other"]);
    expect_code(&o, 2);
    assert!(err(&o).contains("is not the one pinned"), "{}", err(&o));

    // officer verify from that state, offline: a development device is FAKE to a production
    // policy, GENUINE to one that accepts development devices.
    let o = srv.offline(&[
        "officer", "verify", "--state", "s", "--json", "--text", &text,
    ]);
    expect_code(&o, 1);
    assert_eq!(json(&o)["reason"], "development_device");
    let text = qr(&srv);
    let o = srv.offline(&[
        "officer",
        "verify",
        "--state",
        "s",
        "--accept-development-devices",
        "--json",
        "--text",
        &text,
    ]);
    expect_code(&o, 0);
    let j = json(&o);
    assert_eq!(j["verdict"], "genuine");
    assert_eq!(j["subject"]["personal_id_masked"], MASKED);
    let serial = j["certificate_serial"].as_str().unwrap().to_owned();

    // The papers downloaded again from the server (the wallet replaced atomically).
    let o = srv.run(&["citizen", "papers", "c", "--password-stdin"], PASSWORD);
    expect_code(&o, 0);
    no_secrets(&o);
    assert!(
        out(&o).contains("Papers downloaded from the server: 4"),
        "{}",
        out(&o)
    );
    assert_eq!(out(&o).matches("Còn hiệu lực / Valid").count(), 4);

    // "My phone was stolen", from another machine, trusting the server by its certificate.
    let mut a = strings(&["citizen", "revoke-device", "--id", ID, "--password-stdin"]);
    a.extend(strings(&[
        "--server",
        &srv.url,
        "--server-cert",
        "auth/tls/cert.pem",
    ]));
    let o = vneid_stdin(srv.root(), &a, &format!("{PASSWORD}\n"));
    expect_code(&o, 0);
    no_secrets(&o);
    assert!(out(&o).contains(&serial), "{}", out(&o));
    assert!(out(&o).contains("Revocation list: #2"), "{}", out(&o));
    // The officer refreshes: the trust list unchanged (304), a newer revocation list.
    let o = srv.update("s", &[]);
    expect_code(&o, 0);
    assert!(out(&o).contains("Trust list: 304 — không thay đổi / not modified (holding #1)"));
    assert!(
        out(&o).contains("Revocation list: đã cài / installed 2 (was #1)"),
        "{}",
        out(&o)
    );
    let text = qr(&srv);
    let o = srv.offline(&[
        "officer",
        "verify",
        "--state",
        "s",
        "--accept-development-devices",
        "--json",
        "--text",
        &text,
    ]);
    expect_code(&o, 1);
    assert_eq!(json(&o)["reason"], "revoked");
    // The account has no active device now: the server's 404 with its code, exit 8.
    let o = srv.run(&["citizen", "papers", "c", "--password-stdin"], PASSWORD);
    expect_code(&o, 8);
    assert!(err(&o).contains("HTTP 404 no_device"), "{}", err(&o));
    no_secrets(&o);
}

#[test]
fn level_and_role_come_from_the_account() {
    let srv = Served::new(true);
    // A level-1 account enrols at level 1 whatever is asked, with no papers; the setting
    // stays refused.
    let o = srv.enroll("c1", "079195004321", PASSWORD, &[]);
    expect_code(&o, 0);
    assert!(out(&o).contains("Mức tài khoản / Account level...............  1"));
    assert!(err(&o).contains("no root key given"), "{}", err(&o));
    expect_code(&srv.offline(&["citizen", "qr-setting", "c1", "on"]), 1);
    // The level is not the caller's to choose: --level with --server is a usage error.
    let o = srv.enroll("cx", ID, PASSWORD, &["--level", "2"]);
    expect_code(&o, 2);
    assert!(!srv.path("cx").exists());
    // An officer's account is not enrolled as a citizen (it would replace its device).
    let o = srv.enroll("co", OFFICER_ID, PASSWORD, &[]);
    expect_code(&o, 1);
    assert!(err(&o).contains("officer's account"), "{}", err(&o));
    assert!(!srv.path("co/citizen.json").exists());
}

#[test]
fn a_production_server_refuses_a_device_without_attestation() {
    let srv = Served::new(false);
    let o = srv.enroll("c", ID, PASSWORD, &[]);
    expect_code(&o, 8);
    let e = err(&o);
    assert!(
        e.contains("HTTP 403 attestation_refused, check EvidenceMissing"),
        "{e}"
    );
    assert!(e.contains("development"), "{e}");
    no_secrets(&o);
    assert!(!srv.path("c/citizen.json").exists());
}

#[test]
fn a_wrong_password_is_exit_6_and_never_printed_then_the_lockout_is_exit_7() {
    let srv = Served::new(true);
    let wrong = "not the password 42";
    let o = srv.enroll("c", ID, wrong, &[]);
    expect_code(&o, 6);
    let e = err(&o);
    assert!(
        e.starts_with("error: login: wrong personal ID or password (HTTP 401 invalid_credentials)"),
        "{e}"
    );
    assert_eq!(e.lines().count(), 1, "one line: {e}");
    assert!(!format!("{}{e}", out(&o)).contains(wrong));
    no_secrets(&o);
    assert!(!srv.path("c").exists(), "nothing made");
    // No password on stdin, or none at all: exit 2 before any network.
    let o = srv.enroll("c", ID, "", &[]);
    expect_code(&o, 2);
    let mut a = strings(&["citizen", "enroll", "c", "--id", ID]);
    a.extend(srv.args());
    let o = vneid_stdin(srv.root(), &a, &format!("{PASSWORD}\n"));
    expect_code(&o, 2);
    assert!(err(&o).contains("--password-stdin"), "{}", err(&o));
    // The fifth failure in a row locks the account (423): exit 7, and then even the right
    // password is refused.
    for _ in 0..3 {
        expect_code(&srv.enroll("c", ID, wrong, &[]), 6);
    }
    expect_code(&srv.enroll("c", ID, wrong, &[]), 7);
    let o = srv.enroll("c", ID, PASSWORD, &[]);
    expect_code(&o, 7);
    assert!(err(&o).contains("locked"), "{}", err(&o));
    assert!(err(&o).contains("retry in"), "{}", err(&o));
    no_secrets(&o);
}

#[test]
fn an_unreachable_server_is_exit_4() {
    let w = World::bare();
    expect_code(&w.run(&["authority", "init", "auth"]), 0);
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("https://127.0.0.1:{port}");
    let o = w.run(&[
        "officer", "update", "--server", &url, "--state", "s", "--trust", "auth",
    ]);
    expect_code(&o, 4);
    assert!(
        err(&o).contains("cannot reach the authority"),
        "{}",
        err(&o)
    );
    assert!(!w.path("s").exists(), "nothing pinned, nothing written");
    let a = strings(&[
        "citizen",
        "enroll",
        "c",
        "--id",
        ID,
        "--password-stdin",
        "--server",
        &url,
    ]);
    let o = vneid_stdin(w.dir.path(), &a, &format!("{PASSWORD}\n"));
    expect_code(&o, 4);
    no_secrets(&o);
    // Plain HTTP is refused before any connection.
    let o = w.run(&[
        "officer",
        "update",
        "--server",
        "http://127.0.0.1:1",
        "--state",
        "s",
    ]);
    expect_code(&o, 2);
}

#[test]
fn a_server_that_is_not_the_pinned_one_is_a_tls_failure_exit_5() {
    let srv = Served::new(true);
    let zeros = "00".repeat(32);
    let cases: Vec<Vec<String>> = vec![
        // Another key pinned.
        strings(&["--server", &srv.url, "--server-pin", &zeros]),
        // Another authority's listener certificate pinned.
        {
            let other = Served::new(true);
            let pem = other.auth().join("tls/cert.pem");
            let copy = srv.path("other-cert.pem");
            std::fs::copy(pem, &copy).unwrap();
            strings(&["--server", &srv.url, "--server-cert", "other-cert.pem"])
        },
        // Public CAs only: the self-signed listener is not one of theirs.
        strings(&["--server", &srv.url]),
    ];
    for server in cases {
        let mut a = strings(&["officer", "update", "--state", "s", "--trust", "auth"]);
        a.extend(server.clone());
        let o = vneid_stdin(srv.root(), &a, "");
        expect_code(&o, 5);
        assert!(err(&o).contains("TLS failure"), "{server:?}: {}", err(&o));
        assert!(!srv.path("s").exists(), "nothing pinned, nothing written");
        let mut a = strings(&["citizen", "enroll", "c", "--id", ID, "--password-stdin"]);
        a.extend(server);
        let o = vneid_stdin(srv.root(), &a, &format!("{PASSWORD}\n"));
        expect_code(&o, 5);
        no_secrets(&o);
        assert!(!srv.path("c").exists());
    }
    // The right pin, as DER certificate or SPKI digest: accepted.
    let o = srv.update("s", &["--trust", "auth"]);
    expect_code(&o, 0);
    let mut a = strings(&["officer", "update", "--state", "s", "--server", &srv.url]);
    a.extend(strings(&["--server-cert", "auth/tls/cert.der"]));
    expect_code(&vneid_stdin(srv.root(), &a, ""), 0);
}

#[test]
fn officer_update_with_lists_that_do_not_verify_is_exit_2_and_keeps_the_held_lists() {
    let srv = Served::new(true);
    // An officer state pinned to another authority's root, holding that authority's lists.
    expect_code(&srv.offline(&["authority", "init", "other"]), 0);
    let o = srv.offline(&[
        "officer", "verify", "--state", "s", "--trust", "other", "--text", "VN2:0",
    ]);
    expect_code(&o, 1);
    let files = ["s/trust/trust-list.cose", "s/trust/revocation-list.cose"];
    let held: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(srv.path(f)).unwrap())
        .collect();
    // The server moves on: a device enrolled and revoked, a newer revocation list.
    expect_code(&srv.enroll("c", ID, PASSWORD, &[]), 0);
    let o = srv.run(
        &["citizen", "revoke-device", "--id", ID, "--password-stdin"],
        PASSWORD,
    );
    expect_code(&o, 0);
    // Its revocation list (#2) is signed by its own root: it does not verify under the
    // pinned one; exit 2, the held list kept. (Its trust list has the sequence of the held
    // one, so the conditional fetch says 304 and nothing changes either.)
    let o = srv.update("s", &[]);
    expect_code(&o, 2);
    let s = out(&o);
    assert!(
        s.contains("✘ Danh sách thu hồi / Revocation list: không xác minh được / does not verify"),
        "{s}"
    );
    assert_eq!(s.matches("the held list is kept (#1)").count(), 1, "{s}");
    assert!(s.contains("Trust list: 304"), "{s}");
    assert!(err(&o).contains("the held lists are kept"), "{}", err(&o));
    for (f, before) in files.iter().zip(&held) {
        assert_eq!(
            &std::fs::read(srv.path(f)).unwrap(),
            before,
            "{f} unchanged"
        );
    }
    // The state still verifies with what it held: another authority's QR is still its own.
    let o = srv.offline(&[
        "officer", "verify", "--state", "s", "--json", "--text", "VN2:0",
    ]);
    expect_code(&o, 1);
    assert_eq!(json(&o)["verdict"], "fake");
    // And a citizen cannot be enrolled against a root the server's lists do not verify
    // under: nothing is made.
    let o = srv.enroll("c-other", ID, PASSWORD, &["--trust", "other"]);
    expect_code(&o, 2);
    assert!(
        err(&o).contains("does not verify under the root key given"),
        "{}",
        err(&o)
    );
    assert!(!srv.path("c-other").exists());
}

#[test]
fn too_many_logins_for_one_id_is_exit_7() {
    let srv = Served::new(true);
    // An ID nobody registered: the same answer as a wrong password, and the same limit (10 a
    // minute per personal ID), after which the server says 429.
    let unknown = "001099999999";
    let login = || {
        srv.run(
            &[
                "citizen",
                "revoke-device",
                "--id",
                unknown,
                "--password-stdin",
            ],
            PASSWORD,
        )
    };
    for _ in 0..10 {
        expect_code(&login(), 6);
    }
    let o = login();
    expect_code(&o, 7);
    let e = err(&o);
    assert!(e.contains("too many requests"), "{e}");
    assert!(e.contains("HTTP 429 rate_limited"), "{e}");
    assert!(!e.contains(unknown) && !e.contains(PASSWORD), "{e}");
}
