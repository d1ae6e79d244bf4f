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
//! - `AuthorityServer`: the authority's HTTPS server (sign-in, attested enrolment with
//!   `PlatformAttestation`, papers, "my phone was stolen", list refresh), so the apps write no
//!   HTTP code; `EnrolmentService`: an in-process enroller (tests);
//! - `QrScreenModel`, `VerdictView`, `PersonalView`, `PaperRow`, `PaperDetailView`,
//!   `FieldPicker`, `HistoryView`, tones and `errorText`: what each screen shows, decided in
//!   Rust (`vneid_core::screens`), so the apps only paint;
//! - errors: one flat `ApiError`;
//! - feature `testing` only: `LocalAuthority` (the authority in-process), software doubles of
//!   the platform traits, `qr_frame`, `live_objects` — never in the library the apps ship.
//!
//! Modules point one way: `error`, `platform`, `papers` → `types`, `qr`, `text` → `enrolment` →
//! `citizen`, `officer` → `wallet` → `screens`, `server` → `testing`.
//!
//! Generated Kotlin lives in package `vn.gov.vneid.core`, Swift in module `VneidCore`
//! (`bindings/uniffi.toml`); `bindings/scripts/generate.sh` generates both.

#![warn(missing_docs)]
// uniffi's scaffolding is `unsafe extern "C"` code the macros write; ours has none.
#![allow(unsafe_code)]

use std::sync::atomic::{AtomicU64, Ordering};

mod citizen;
mod enrolment;
mod error;
mod officer;
mod papers;
mod platform;
mod qr;
mod screens;
mod server;
mod session;
#[cfg(any(test, feature = "testing"))]
mod testing;
mod text;
mod types;
mod wallet;

pub use citizen::{
    identity_qr_validity_seconds, CitizenAccount, CitizenApp, IdentityQr, QrSetting,
};
pub use enrolment::{EnrolmentRequest, EnrolmentService, TrustBundle};
pub use error::{ApiError, ApiResult};
pub use officer::{
    default_policy, AuditEntry, AuditIntegrity, OfficerAccount, OfficerApp, Policy, TrustSequences,
};
pub use papers::{
    paper_types, DisclosedPaper, FieldKind, FieldSpec, FieldValue, FieldView, PaperStatus,
    PaperSummary, PaperType,
};
pub use platform::{system_clock, Clock, DeviceKeystore, SecretStorage};
pub use qr::{encode_qr, qr_png, qr_svg, QrMatrix};
pub use screens::{
    error_text, field_picker, field_picker_toggle, screen_text, tone_argb, tone_on_background_argb,
    Countdown, DisclosedPaperView, FieldChoice, FieldPicker, FieldRow, Haptic, HistoryRow,
    HistoryView, PaperDetailView, PaperRow, PersonalView, QrScreenModel, QrScreenState, QrSwitch,
    Row, Scan, ScreenLocale, Tone, VerdictKind, VerdictView,
};
pub use server::{
    app_attest_client_data_hashes, AppAttestHashes, AttestationEvidence, AuthorityServer,
    ListRefresh, ListUpdate, PlatformAttestation, RevokedDevice, Role, ServerSession, ServerTrust,
};
pub use session::{
    Restored, Session, SessionManager, SessionRefresh, DEVICE_KEY_ALIAS, LIST_REFRESH_SECS,
};
#[cfg(any(test, feature = "testing"))]
pub use testing::{
    live_objects, memory_secret_storage, qr_frame, software_keystore, FieldEntry, LocalAuthority,
    ManualClock, MemorySecretStorage, NewPaper, SoftwareKeystore,
};
pub use text::{mask_personal_id, reason_code, reason_text, string_keys, text, Lang};
pub use types::{AssuranceLevel, Reason, Subject, TrustWarning, Verdict};
pub use wallet::{PaperDetail, PresentationQr, Wallet};

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

/// The library's version (the workspace version).
#[uniffi::export]
pub fn library_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_the_workspace_version() {
        assert_eq!(library_version(), env!("CARGO_PKG_VERSION"));
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
