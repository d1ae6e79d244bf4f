#![no_main]
//! A segment of the audit log as found on disk: any content opens (reported intact or broken)
//! or fails with a typed error, never a panic; and never as intact, since no forged line can
//! carry a MAC under the officer's key.
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use vneid_core::audit::{AuditLog, Integrity};
use vneid_core::testing::MemorySecretStore;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("vneid-fuzz-audit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    if std::fs::write(dir.join("audit-000001.log"), data).is_ok() {
        // A fresh key store each run: the key is new, the anchor absent.
        if let Ok(log) = AuditLog::open(&dir, Arc::new(MemorySecretStore::new())) {
            let _ = log.live_tokens(0).count();
            let has_lines = data.split(|b| *b == b'\n').any(|l| !l.is_empty());
            assert!(!has_lines || *log.integrity() != Integrity::Intact);
        }
    }
});
