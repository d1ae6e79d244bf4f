//! The one error type of the API, `ApiError`, and how core errors map onto it.

use std::cell::RefCell;

use vneid_core::Error as CoreError;

/// What went wrong, named by what the screen should do about it.
///
/// Kotlin sees exceptions `ApiException.LevelTooLow`, `ApiException.Keystore`, … (the
/// variant names below are those of the Kotlin subclasses); Swift sees the cases
/// `ApiError.LevelTooLow(level:)`, `ApiError.Keystore(detail:)`, …. Messages never carry
/// personal data (no names, ID numbers or birth dates): they say which check or which kind of
/// file failed.
///
/// Scanning a QR never produces an error for what the QR holds: a forged, expired or damaged
/// QR is a `Verdict.Fake`. Errors are about the app's own state and its platform.
///
/// Foreign implementations of `DeviceKeystore`, `SecretStorage`, `PlatformAttestation` and
/// `EnrolmentService` throw these too; the variant they throw reaches the caller
/// unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[uniffi::export(Display)]
pub enum ApiError {
    /// The account is level 1; the action needs a level-2 electronic identity account. Screen:
    /// keep the setting off and show "Cần tài khoản định danh điện tử mức 2".
    #[error("this needs a level-2 electronic identity account (account is level {level})")]
    LevelTooLow {
        /// The account's level (1).
        level: u8,
    },
    /// "Xác minh ứng dụng qua QR code" is off. Screen: send the user to tab Cá nhân.
    #[error("turn on \"Xác minh ứng dụng qua QR code\" (Verify app via QR code) first")]
    QrSettingOff,
    /// The device is not enrolled yet. Screen: run enrolment (needs the network).
    #[error("the device is not enrolled")]
    NotEnrolled,
    /// The officer app holds no trust list yet. Screen: connect and download the lists.
    #[error("no trust list loaded")]
    NoTrustList,
    /// An offered trust or revocation list is older than the one held (a rollback). Screen:
    /// keep the held list, warn, report.
    #[error("stale list refused: {detail}")]
    StaleTrustList {
        /// Which list and its sequence numbers.
        detail: String,
    },
    /// An offered list is not signed by the pinned authority root. Screen: keep the held
    /// list, warn, report.
    #[error("list refused: {detail}")]
    UntrustedList {
        /// Which list.
        detail: String,
    },
    /// The platform keystore failed or refused (key missing, user authentication cancelled,
    /// hardware error, a signature of the wrong form). Screen: retry, or re-enrol.
    #[error("keystore: {detail}")]
    Keystore {
        /// What failed.
        detail: String,
    },
    /// Secret storage or the file system failed. Screen: retry; check free space.
    #[error("storage: {detail}")]
    Storage {
        /// What failed.
        detail: String,
    },
    /// Stored data (app state, wallet, audit log) is damaged or does not open with the key
    /// held. Screen: offer to reset that store.
    #[error("corrupt: {detail}")]
    Corrupt {
        /// Which store and what was detected (never content).
        detail: String,
    },
    /// An argument is not acceptable (a personal ID number that is not 12 digits, a bad date,
    /// a frame whose size does not match its buffer, …). Screen: a programming or input error.
    #[error("invalid input: {detail}")]
    InvalidInput {
        /// Which argument and why.
        detail: String,
    },
    /// Something asked for does not exist (a paper in the wallet, …).
    #[error("not found: {detail}")]
    NotFound {
        /// What was looked for.
        detail: String,
    },
    /// The authority could not be reached or refused the request (thrown by a server client
    /// implementing `EnrolmentService`). Screen: retry later.
    #[error("authority: {detail}")]
    Network {
        /// What failed.
        detail: String,
    },
    /// The personal ID number and password do not match an account, or the account is locked
    /// after too many failed tries (`retry_after_secs`). Screen: "Sai số định danh hoặc mật
    /// khẩu" / the wait.
    #[error("sign-in failed")]
    SignInFailed {
        /// When locked: seconds to wait.
        retry_after_secs: Option<u64>,
    },
    /// The session is over (expired, signed out, or ended by "my phone was stolen"). Screen:
    /// sign in again.
    #[error("the session has ended; sign in again")]
    SessionEnded,
    /// Too many requests. Screen: wait `retry_after_secs`, then retry.
    #[error("too many requests; retry in {retry_after_secs} s")]
    RateLimited {
        /// Seconds to wait.
        retry_after_secs: u64,
    },
    /// The authority refused the phone's attestation: not a genuine phone, not the genuine
    /// app, an unlocked bootloader, an old patch level … (`check` names the failed check, for
    /// support). Screen: "Thiết bị không đáp ứng yêu cầu bảo mật".
    #[error("the device's attestation was refused ({check})")]
    AttestationRefused {
        /// The failed check (`docs/authority-api.md`).
        check: String,
    },
    /// The authority refused the request for another reason (`code` from
    /// `docs/authority-api.md`: `challenge_expired`, `enrolment_conflict`, `no_device`, …), or
    /// answered what the API does not allow (`malformed_answer`). Screen: retry the step.
    #[error("the authority refused: {code}")]
    ServerRefused {
        /// The stable error code.
        code: String,
    },
    /// The account is not an officer's: the officer screens are for officer accounts, which
    /// the authority registers. Screen: the citizen app.
    #[error("this needs an officer account")]
    NotAnOfficer,
    /// A failure the user cannot act on (a bug, or an unexpected exception thrown by a
    /// foreign implementation). Screen: generic error; report.
    #[error("internal error: {detail}")]
    Internal {
        /// What failed.
        detail: String,
    },
}

impl ApiError {
    pub(crate) fn invalid(detail: impl Into<String>) -> Self {
        ApiError::InvalidInput {
            detail: detail.into(),
        }
    }

    pub(crate) fn keystore(detail: impl Into<String>) -> Self {
        ApiError::Keystore {
            detail: detail.into(),
        }
    }
}

impl From<uniffi::UnexpectedUniFFICallbackError> for ApiError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        ApiError::Internal {
            detail: format!("platform callback failed: {}", e.reason),
        }
    }
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        let detail = e.to_string();
        #[allow(unreachable_patterns)] // core may grow variants; they map to Internal until named
        match e {
            CoreError::LevelTooLow { level } => ApiError::LevelTooLow { level },
            CoreError::QrSettingOff => ApiError::QrSettingOff,
            CoreError::NotEnrolled => ApiError::NotEnrolled,
            CoreError::NotAnOfficer => ApiError::NotAnOfficer,
            CoreError::NoTrustList => ApiError::NoTrustList,
            CoreError::StaleList { .. } => ApiError::StaleTrustList { detail },
            CoreError::Untrusted { .. } => ApiError::UntrustedList { detail },
            CoreError::Keystore(d) => ApiError::Keystore { detail: d },
            CoreError::Io { .. } | CoreError::NotRegularFile { .. } => ApiError::Storage { detail },
            CoreError::Corrupt { .. }
            | CoreError::WrongKey { .. }
            | CoreError::Truncated { .. }
            | CoreError::StaleWallet { .. } => ApiError::Corrupt { detail },
            CoreError::NotFound { .. } => ApiError::NotFound { detail },
            CoreError::Malformed { .. }
            | CoreError::TooLarge { .. }
            | CoreError::UnsupportedVersion { .. }
            | CoreError::InvalidPersonalId
            | CoreError::InvalidDate
            | CoreError::InvalidArgument(_) => ApiError::InvalidInput { detail },
            CoreError::Crypto | CoreError::Image(_) => ApiError::Internal { detail },
            _ => ApiError::Internal { detail },
        }
    }
}

impl From<vneid_qr::QrError> for ApiError {
    fn from(e: vneid_qr::QrError) -> Self {
        CoreError::from(e).into()
    }
}

/// Result alias of the API.
pub type ApiResult<T> = Result<T, ApiError>;

thread_local! {
    /// The error a foreign callback threw, while core code carries a lossy copy of it up the
    /// stack. Core calls callbacks synchronously on the caller's thread, so a thread-local
    /// hands the original back to the wrapper that made the core call.
    static FOREIGN_ERROR: RefCell<Option<ApiError>> = const { RefCell::new(None) };
}

/// Keeps `e`, thrown by a foreign callback, to be returned instead of the core error it
/// becomes on its way through core.
pub(crate) fn stash_foreign(e: ApiError) {
    FOREIGN_ERROR.with(|f| *f.borrow_mut() = Some(e));
}

/// Forgets any error a foreign callback left (before a call that may stash one).
pub(crate) fn clear_foreign() {
    FOREIGN_ERROR.with(|s| s.borrow_mut().take());
}

/// The error a foreign callback threw since [`clear_foreign`], if any.
pub(crate) fn take_foreign() -> Option<ApiError> {
    FOREIGN_ERROR.with(|s| s.borrow_mut().take())
}

/// Runs a core call; if it fails because a foreign callback failed, returns that callback's
/// own error, else the core error mapped.
pub(crate) fn through_core<T>(f: impl FnOnce() -> vneid_core::Result<T>) -> ApiResult<T> {
    FOREIGN_ERROR.with(|s| s.borrow_mut().take());
    let out = f();
    let stashed = FOREIGN_ERROR.with(|s| s.borrow_mut().take());
    out.map_err(|e| stashed.unwrap_or_else(|| e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_map_to_screen_actions() {
        assert_eq!(
            ApiError::from(CoreError::LevelTooLow { level: 1 }),
            ApiError::LevelTooLow { level: 1 }
        );
        assert_eq!(
            ApiError::from(CoreError::QrSettingOff),
            ApiError::QrSettingOff
        );
        assert!(matches!(
            ApiError::from(CoreError::StaleList {
                what: "trust list",
                offered: 1,
                held: 2
            }),
            ApiError::StaleTrustList { .. }
        ));
        assert!(matches!(
            ApiError::from(CoreError::InvalidPersonalId),
            ApiError::InvalidInput { .. }
        ));
        assert!(matches!(
            ApiError::from(CoreError::Corrupt {
                what: "wallet file",
                detail: "bad tag".into()
            }),
            ApiError::Corrupt { .. }
        ));
    }

    #[test]
    fn a_stashed_foreign_error_wins_over_the_core_error() {
        let r: ApiResult<()> = through_core(|| {
            stash_foreign(ApiError::Network {
                detail: "offline".into(),
            });
            Err(CoreError::Keystore("lossy".into()))
        });
        assert_eq!(
            r,
            Err(ApiError::Network {
                detail: "offline".into()
            })
        );
        // Nothing stashed: the core error maps; a stale stash never leaks into a later call.
        stash_foreign(ApiError::NotEnrolled);
        let r: ApiResult<()> = through_core(|| Err(CoreError::NoTrustList));
        assert_eq!(r, Err(ApiError::NoTrustList));
        let ok = through_core(|| Ok(5));
        assert_eq!(ok, Ok(5));
    }
}
