#![no_main]
//! The audit log file as found on disk: any content opens or fails with a typed error.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("vneid-fuzz-audit-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("scans.log");
    if std::fs::write(&path, data).is_ok() {
        if let Ok(log) = vneid_core::audit::AuditLog::open(&path) {
            let _ = log.live_tokens(0).count();
        }
    }
});
