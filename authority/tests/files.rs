//! The authority folder as the operator's commands leave it, under a permissive umask (022):
//! private keys, the TLS key, the configuration and the database (accounts: names, ID numbers,
//! dates of birth, password hashes) owner-only (0600) in owner-only folders (0700); only the
//! public lists are readable by others.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

fn run_under_umask_022(args: &[&str], stdin: &str) {
    let bin = env!("CARGO_BIN_EXE_vneid-authority");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("umask 022; exec \"$0\" \"$@\"")
        .arg(bin)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn modes(dir: &Path, base: &Path, out: &mut Vec<(String, u32, bool)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let meta = entry.metadata().unwrap();
        let rel = entry
            .path()
            .strip_prefix(base)
            .unwrap()
            .display()
            .to_string();
        out.push((rel, meta.permissions().mode() & 0o777, meta.is_dir()));
        if meta.is_dir() {
            modes(&entry.path(), base, out);
        }
    }
}

#[test]
fn the_authority_folder_is_owner_only_but_for_the_public_lists() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("authority");
    let d = dir.to_str().unwrap();
    run_under_umask_022(&["init", d], "");
    // An account written to the database (its WAL and shared-memory files appear too).
    run_under_umask_022(
        &[
            "account",
            "add",
            "--dir",
            d,
            "--id",
            "001090012345",
            "--name",
            "Nguyễn Văn An",
            "--dob",
            "1990-01-02",
            "--sex",
            "nam",
            "--level",
            "2",
        ],
        "initial-password\n",
    );
    assert_eq!(
        std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    let mut all = Vec::new();
    modes(&dir, &dir, &mut all);
    assert!(all.iter().any(|(p, _, _)| p == "authority.db"), "{all:?}");
    assert!(
        all.iter().any(|(p, _, _)| p == "private/root.pk8"),
        "{all:?}"
    );
    assert!(all.iter().any(|(p, _, _)| p == "tls/key.pk8"), "{all:?}");
    for (path, mode, is_dir) in &all {
        if path == "public" || path.starts_with("public/") {
            continue; // the signed lists and the root's public key: meant to be read by anyone
        }
        let want = if *is_dir { 0o700 } else { 0o600 };
        assert_eq!(*mode, want, "{path} is {mode:o}, not {want:o}");
    }
}

#[test]
fn an_existing_database_readable_by_others_is_made_owner_only() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("authority");
    let d = dir.to_str().unwrap();
    run_under_umask_022(&["init", d], "");
    let db = dir.join("authority.db");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    run_under_umask_022(
        &[
            "account",
            "add",
            "--dir",
            d,
            "--id",
            "001085012345",
            "--name",
            "Trần Thị Bình",
            "--dob",
            "1985-03-04",
            "--sex",
            "nu",
            "--level",
            "2",
            "--role",
            "officer",
        ],
        "initial-password\n",
    );
    assert_eq!(
        std::fs::metadata(&db).unwrap().permissions().mode() & 0o777,
        0o600
    );
}
