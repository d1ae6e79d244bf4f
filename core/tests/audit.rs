//! The officer's audit log: what it keeps (and does not), tamper detection, and the replay
//! cache surviving a restart.

mod common;

use common::*;
use vneid_core::audit::{AuditLog, Integrity};
use vneid_core::verdict::Verdict;
use vneid_core::verifier::Policy;

fn lines(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn log_keeps_verdicts_without_personal_data() {
    let w = world();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scans.log");
    assert_eq!(w.officer.open_audit_log(&path).unwrap(), Integrity::Intact);
    let qr = w.citizen.make_identity_qr().unwrap();
    w.officer.verify_text(&qr.text).unwrap();
    w.officer.verify_text("garbage").unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("001090012345"), "full ID number in the log");
    assert!(
        !text.contains("Nguyễn") && !text.contains("An\""),
        "name in the log"
    );
    assert!(!text.contains("1990"), "birth date in the log");
    let log = AuditLog::open(&path).unwrap();
    assert_eq!(log.integrity(), &Integrity::Intact);
    let e = log.entries();
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].verdict, "genuine");
    assert_eq!(e[0].masked_id.as_deref(), Some("001******345"));
    assert_eq!(e[0].time, T0);
    assert!(e[0].token.as_ref().is_some_and(|t| t.len() == 64));
    assert_eq!(e[1].verdict, "fake");
    assert_eq!(e[1].reason.as_deref(), Some("malformed"));
    assert_eq!(e[1].seq, 2);
}

#[test]
fn replay_cache_survives_a_restart() {
    let w = world();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scans.log");
    w.officer.open_audit_log(&path).unwrap();
    let qr = w.citizen.make_identity_qr().unwrap();
    assert!(w.officer.verify_text(&qr.text).unwrap().is_genuine());
    // The app restarts: a new officer object, same log.
    let again = officer(&w.clock, &w.authority, &w.bundle, Policy::default());
    again.open_audit_log(&path).unwrap();
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

fn three_scans() -> (tempfile::TempDir, std::path::PathBuf) {
    let w = world();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scans.log");
    w.officer.open_audit_log(&path).unwrap();
    for _ in 0..3 {
        let qr = w.citizen.make_identity_qr().unwrap();
        w.officer.verify_text(&qr.text).unwrap();
    }
    (dir, path)
}

#[test]
fn an_edited_line_breaks_the_chain() {
    let (_d, path) = three_scans();
    let mut l = lines(&path);
    l[1] = l[1].replace("\"genuine\"", "\"fake\"");
    std::fs::write(&path, l.join("\n") + "\n").unwrap();
    let log = AuditLog::open(&path).unwrap();
    assert!(
        matches!(log.integrity(), Integrity::Broken { line: 2, .. }),
        "{:?}",
        log.integrity()
    );
}

#[test]
fn a_deleted_line_breaks_the_chain() {
    let (_d, path) = three_scans();
    let mut l = lines(&path);
    l.remove(1);
    std::fs::write(&path, l.join("\n") + "\n").unwrap();
    let log = AuditLog::open(&path).unwrap();
    assert!(matches!(log.integrity(), Integrity::Broken { line: 2, .. }));
}

#[test]
fn swapped_lines_break_the_chain() {
    let (_d, path) = three_scans();
    let mut l = lines(&path);
    l.swap(0, 2);
    std::fs::write(&path, l.join("\n") + "\n").unwrap();
    assert!(matches!(
        AuditLog::open(&path).unwrap().integrity(),
        Integrity::Broken { line: 1, .. }
    ));
}

#[test]
fn a_torn_last_line_is_reported_and_appending_goes_on() {
    let (_d, path) = three_scans();
    let mut data = std::fs::read(&path).unwrap();
    data.truncate(data.len() - 20);
    std::fs::write(&path, &data).unwrap();
    let w = world();
    w.officer.open_audit_log(&path).unwrap();
    w.officer.verify_text("garbage").unwrap();
    let log = AuditLog::open(&path).unwrap();
    assert!(matches!(log.integrity(), Integrity::Broken { line: 3, .. }));
    assert_eq!(log.entries().len(), 3, "two intact entries and the new one");
}

#[test]
fn garbage_log_file_is_reported_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scans.log");
    std::fs::write(&path, [0xffu8, 0xfe, b'\n', b'{', b'\n']).unwrap();
    let log = AuditLog::open(&path).unwrap();
    assert!(matches!(log.integrity(), Integrity::Broken { line: 1, .. }));
    assert!(log.entries().is_empty());
}
