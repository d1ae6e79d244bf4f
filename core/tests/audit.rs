//! The officer's audit log: what it keeps (and does not), tamper detection — editing,
//! deleting, swapping, re-chaining, truncating — segments, and the replay cache surviving a
//! restart and a broken log.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::*;
use vneid_core::audit::{AuditLog, Integrity, AUDIT_ANCHOR_NAME};
use vneid_core::testing::MemorySecretStore;
use vneid_core::verdict::Verdict;
use vneid_core::verifier::Policy;
use vneid_core::wallet::SecretStore;

/// The officer's log folder and its secret storage (the key and the anchor).
struct Log {
    _dir: tempfile::TempDir,
    path: PathBuf,
    secrets: Arc<MemorySecretStore>,
}

impl Log {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        Log {
            path: dir.path().join("log"),
            _dir: dir,
            secrets: Arc::new(MemorySecretStore::new()),
        }
    }

    fn secrets(&self) -> Arc<dyn SecretStore> {
        self.secrets.clone()
    }

    fn open(&self) -> AuditLog {
        AuditLog::open(&self.path, self.secrets()).unwrap()
    }

    fn segment(&self) -> PathBuf {
        self.path.join("audit-000001.log")
    }
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn write_lines(path: &Path, l: &[String]) {
    std::fs::write(path, l.join("\n") + "\n").unwrap();
}

#[test]
fn log_keeps_verdicts_without_personal_data() {
    let w = world();
    let log = Log::new();
    assert_eq!(
        w.officer.open_audit_log(&log.path, log.secrets()).unwrap(),
        Integrity::Intact
    );
    let qr = w.citizen.make_identity_qr().unwrap();
    w.officer.verify_text(&qr.text).unwrap();
    w.officer.verify_text("garbage").unwrap();
    let text = std::fs::read_to_string(log.segment()).unwrap();
    assert!(!text.contains("001090012345"), "full ID number in the log");
    assert!(
        !text.contains("Nguyễn") && !text.contains("An\""),
        "name in the log"
    );
    assert!(!text.contains("1990"), "birth date in the log");
    let l = log.open();
    assert_eq!(l.integrity(), &Integrity::Intact);
    let e = l.entries();
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].verdict, "genuine");
    assert_eq!(e[0].masked_id.as_deref(), Some("***********5"));
    assert_eq!(e[0].time, T0);
    assert!(e[0].token.as_ref().is_some_and(|t| t.len() == 64));
    assert_eq!(e[1].verdict, "fake");
    assert_eq!(e[1].reason.as_deref(), Some("malformed"));
    assert_eq!(e[1].seq, 2);
    // The log's files are the officer's own.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&log.path), 0o700);
        assert_eq!(mode(&log.segment()), 0o600);
    }
}

#[test]
fn replay_cache_survives_a_restart() {
    let w = world();
    let log = Log::new();
    w.officer.open_audit_log(&log.path, log.secrets()).unwrap();
    let qr = w.citizen.make_identity_qr().unwrap();
    assert!(w.officer.verify_text(&qr.text).unwrap().is_genuine());
    // The app restarts: a new officer object, same log.
    let again = officer(&w.clock, &w.authority, &w.bundle, Policy::default());
    again.open_audit_log(&log.path, log.secrets()).unwrap();
    w.clock.advance(20);
    match again.verify_text(&qr.text).unwrap() {
        Verdict::Genuine(g) => assert!(g.repeat, "a restart must not make a repeat look fresh"),
        v => panic!("{v:?}"),
    }
    // Without the log the new object could not know.
    let fresh = officer(&w.clock, &w.authority, &w.bundle, Policy::default());
    match fresh.verify_text(&qr.text).unwrap() {
        Verdict::Genuine(g) => assert!(!g.repeat),
        v => panic!("{v:?}"),
    }
}

/// Three genuine scans logged; returns the world (for more scans) and the log.
fn three_scans() -> (World, Log, Vec<String>) {
    let w = world();
    let log = Log::new();
    w.officer.open_audit_log(&log.path, log.secrets()).unwrap();
    let mut texts = Vec::new();
    for _ in 0..3 {
        let qr = w.citizen.make_identity_qr().unwrap();
        w.officer.verify_text(&qr.text).unwrap();
        texts.push(qr.text);
    }
    (w, log, texts)
}

#[test]
fn an_edited_line_breaks_the_chain() {
    let (_w, log, _) = three_scans();
    let mut l = lines(&log.segment());
    l[1] = l[1].replace("\"genuine\"", "\"fake\"");
    write_lines(&log.segment(), &l);
    let opened = log.open();
    assert!(
        matches!(opened.integrity(), Integrity::Broken { line: 2, .. }),
        "{:?}",
        opened.integrity()
    );
}

#[test]
fn a_deleted_line_breaks_the_chain() {
    let (_w, log, _) = three_scans();
    let mut l = lines(&log.segment());
    l.remove(1);
    write_lines(&log.segment(), &l);
    assert!(matches!(
        log.open().integrity(),
        Integrity::Broken { line: 2, .. }
    ));
}

#[test]
fn swapped_lines_break_the_chain() {
    let (_w, log, _) = three_scans();
    let mut l = lines(&log.segment());
    l.swap(0, 2);
    write_lines(&log.segment(), &l);
    assert!(matches!(
        log.open().integrity(),
        Integrity::Broken { line: 1, .. }
    ));
}

/// What an attacker without the key can do after deleting a line: recompute a plain SHA-256
/// chain and renumber. The keyed MAC refuses it.
#[test]
fn a_deleted_line_with_the_chain_recomputed_is_still_detected() {
    let (_w, log, _) = three_scans();
    let mut l = lines(&log.segment());
    l.remove(1);
    let mut prev = [0u8; 32];
    let rechained: Vec<String> = l
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
            v["seq"] = serde_json::json!(i + 1);
            v.as_object_mut().unwrap().remove("mac");
            let body = serde_json::to_vec(&v).unwrap();
            let mut input = prev.to_vec();
            input.extend_from_slice(&body);
            prev = ring::digest::digest(&ring::digest::SHA256, &input)
                .as_ref()
                .try_into()
                .unwrap();
            v["mac"] =
                serde_json::json!(prev.iter().map(|b| format!("{b:02x}")).collect::<String>());
            v.to_string()
        })
        .collect();
    write_lines(&log.segment(), &rechained);
    assert!(matches!(
        log.open().integrity(),
        Integrity::Broken { line: 1, .. }
    ));
}

#[test]
fn whole_lines_cut_off_the_end_are_detected() {
    let (_w, log, _) = three_scans();
    let mut l = lines(&log.segment());
    l.pop();
    write_lines(&log.segment(), &l);
    let opened = log.open();
    match opened.integrity() {
        Integrity::Broken { line: 3, detail } => assert!(detail.contains("missing"), "{detail}"),
        other => panic!("{other:?}"),
    }
    // And the log deleted altogether.
    std::fs::remove_dir_all(&log.path).unwrap();
    assert!(matches!(
        log.open().integrity(),
        Integrity::Broken { line: 1, .. }
    ));
}

#[test]
fn a_log_whose_anchor_is_gone_is_reported() {
    let (_w, log, _) = three_scans();
    // A secret store that lost the anchor (or a log copied from elsewhere).
    let other = Arc::new(MemorySecretStore::new());
    other
        .put(
            vneid_core::audit::AUDIT_KEY_NAME,
            &log.secrets
                .get(vneid_core::audit::AUDIT_KEY_NAME)
                .unwrap()
                .unwrap(),
        )
        .unwrap();
    assert!(log.secrets.get(AUDIT_ANCHOR_NAME).unwrap().is_some());
    let opened = AuditLog::open(&log.path, other).unwrap();
    assert!(matches!(opened.integrity(), Integrity::Broken { .. }));
}

#[test]
fn a_broken_log_keeps_its_tokens_seen() {
    let (w, log, texts) = three_scans();
    // Break the chain at the first line: every token must still count as seen.
    let mut l = lines(&log.segment());
    l[0] = l[0].replace("\"time\":", "\"time\":1,\"x\":");
    write_lines(&log.segment(), &l);
    let again = officer(&w.clock, &w.authority, &w.bundle, Policy::default());
    assert!(matches!(
        again.open_audit_log(&log.path, log.secrets()).unwrap(),
        Integrity::Broken { .. }
    ));
    w.clock.advance(5);
    for t in &texts {
        match again.verify_text(t).unwrap() {
            Verdict::Genuine(g) => assert!(g.repeat, "a broken log reset the replay cache"),
            v => panic!("{v:?}"),
        }
    }
}

#[test]
fn a_torn_last_line_is_reported_and_appending_goes_on() {
    let (_w, log, _) = three_scans();
    let mut data = std::fs::read(log.segment()).unwrap();
    data.truncate(data.len() - 20);
    std::fs::write(log.segment(), &data).unwrap();
    let w = world();
    w.officer.open_audit_log(&log.path, log.secrets()).unwrap();
    w.officer.verify_text("garbage").unwrap();
    let opened = log.open();
    assert!(matches!(
        opened.integrity(),
        Integrity::Broken { line: 3, .. }
    ));
    assert_eq!(
        opened.entries().len(),
        3,
        "two intact entries and the new one"
    );
}

#[test]
fn garbage_log_file_is_reported_not_a_panic() {
    let log = Log::new();
    std::fs::create_dir_all(&log.path).unwrap();
    std::fs::write(log.segment(), [0xffu8, 0xfe, b'\n', b'{', b'\n']).unwrap();
    let opened = log.open();
    assert!(matches!(
        opened.integrity(),
        Integrity::Broken { line: 1, .. }
    ));
    assert!(opened.entries().is_empty());
    // A segment that is a device or a huge file is refused, not read.
    #[cfg(unix)]
    {
        let log = Log::new();
        std::fs::create_dir_all(&log.path).unwrap();
        std::os::unix::fs::symlink("/dev/zero", log.segment()).unwrap();
        assert!(matches!(log.open().integrity(), Integrity::Broken { .. }));
    }
}

#[test]
fn the_log_rotates_into_segments_and_the_chain_runs_on() {
    let w = world();
    let log = Log::new();
    // Tiny segments: a few lines each.
    let mut l = AuditLog::open_with_segments(&log.path, log.secrets(), 1500).unwrap();
    let mut store = vneid_core::trust::TrustStore::new(w.authority.root_public_key().unwrap());
    store.update_trust_list(&w.bundle.trust_list).unwrap();
    store
        .update_revocation_list(&w.bundle.revocation_list)
        .unwrap();
    let verifier =
        vneid_core::verifier::Verifier::new(store, Policy::default(), Arc::new(w.clock.clone()));
    for i in 0..20 {
        let qr = w.citizen.make_identity_qr().unwrap();
        let checked = verifier.check_text(&qr.text).unwrap();
        assert!(checked.verdict.is_genuine());
        l.append(T0 + i, &checked).unwrap();
    }
    let segs = std::fs::read_dir(&log.path).unwrap().count();
    assert!(segs >= 4, "{segs} segments");
    let again = AuditLog::open_with_segments(&log.path, log.secrets(), 1500).unwrap();
    assert_eq!(again.integrity(), &Integrity::Intact);
    assert_eq!(again.entries().len(), 20);
    assert_eq!(again.entries()[19].seq, 20);
    // A whole middle segment deleted is detected.
    std::fs::remove_file(log.path.join("audit-000002.log")).unwrap();
    let broken = AuditLog::open_with_segments(&log.path, log.secrets(), 1500).unwrap();
    assert!(matches!(broken.integrity(), Integrity::Broken { .. }));
}
