//! vneid FFI: the core wrapped for the Android and iOS apps with uniffi.
//!
//! One library (`libvneid_ffi`) for the whole API. Every decision is made here; the apps
//! are screens, camera and keystore:
//! - `CitizenApp`: enrol the device (`EnrolmentService`), turn on "Xác minh ứng dụng qua
//!   QR code", make the 60-second identity QR (`IdentityQr`, `QrMatrix`);
//! - `OfficerApp`: install trust lists, scan camera frames (`OfficerApp.scanFrame`),
//!   get a `Verdict` with a `Reason`, keep the scan log;
//! - `Wallet` (Ví giấy tờ): papers encrypted at rest, presented as a QR that discloses only
//!   the chosen fields (`PresentationQr`), verified by the officer like the identity QR;
//! - what the app implements: `DeviceKeystore`, `SecretStorage`, `Clock`;
//! - `LocalAuthority`: the authority in-process, for tests and demos;
//! - errors: one flat `ApiError`.
//!
//! Generated Kotlin lives in package `vn.gov.vneid.core`, Swift in module `VneidCore`
//! (`bindings/uniffi.toml`); `bindings/scripts/generate.sh` generates both.

#![warn(missing_docs)]

use std::sync::atomic::{AtomicU64, Ordering};

mod authority;
mod citizen;
mod error;
mod officer;
mod platform;
mod qr;
mod text;
mod types;
mod wallet;

pub use authority::{EnrolmentRequest, EnrolmentService, LocalAuthority, TrustBundle};
pub use citizen::{
    identity_qr_validity_seconds, CitizenAccount, CitizenApp, IdentityQr, QrSetting,
};
pub use error::{ApiError, ApiResult};
pub use officer::{
    default_policy, AuditEntry, AuditIntegrity, OfficerAccount, OfficerApp, Policy, TrustSequences,
};
pub use platform::{
    memory_secret_storage, software_keystore, system_clock, Clock, DeviceKeystore, ManualClock,
    MemorySecretStorage, SecretStorage, SoftwareKeystore,
};
pub use qr::{encode_qr, qr_frame, qr_png, qr_svg, QrMatrix};
pub use text::{mask_personal_id, reason_code, reason_text, string_keys, text, Lang};
pub use types::{AssuranceLevel, Reason, Subject, TrustWarning, Verdict};
pub use wallet::{
    paper_types, DisclosedPaper, FieldEntry, FieldKind, FieldSpec, NewPaper, PaperDetail,
    PaperField, PaperStatus, PaperSummary, PaperType, PresentationQr, Wallet,
};

uniffi::setup_scaffolding!();

static LIVE_OBJECTS: AtomicU64 = AtomicU64::new(0);

/// Counts the exported objects alive (see `live_objects`); one per object, dropped with it.
#[derive(Debug)]
pub(crate) struct LiveObject(());

impl LiveObject {
    pub(crate) fn new() -> Self {
        LIVE_OBJECTS.fetch_add(1, Ordering::SeqCst);
        LiveObject(())
    }
}

impl Drop for LiveObject {
    fn drop(&mut self) {
        LIVE_OBJECTS.fetch_sub(1, Ordering::SeqCst);
    }
}

/// How many API objects (apps, authorities, clocks, wallets) are alive in the library: a
/// leak check for tests, which close what they create and expect the count to come back.
#[uniffi::export]
pub fn live_objects() -> u64 {
    LIVE_OBJECTS.load(Ordering::SeqCst)
}

/// The library's version (the workspace version).
#[uniffi::export]
pub fn library_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_counted_until_dropped() {
        // Other tests run in parallel and create objects too: count only what this one holds.
        let a = ManualClock::new(0);
        let b = ManualClock::new(0);
        assert!(live_objects() >= 2);
        drop((a, b));
        assert!(!library_version().is_empty());
    }

    #[test]
    fn exported_objects_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<CitizenApp>();
        check::<OfficerApp>();
        check::<LocalAuthority>();
        check::<ManualClock>();
        check::<Wallet>();
    }
}
