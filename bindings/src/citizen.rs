//! The citizen side: account, enrolment, the "Xác minh ứng dụng qua QR code" setting and the
//! identity QR of tab Trang chủ.

use std::sync::{Arc, Mutex, MutexGuard};

use vneid_core::flows::{self, CitizenState};
use vneid_core::keys::Signer;
use vneid_core::token::TOKEN_VALIDITY_SECS;

use crate::enrolment::{EnrolmentService, ServiceEnroller};
use crate::error::{through_core, ApiError, ApiResult};
use crate::platform::{core_clock, Clock, DeviceKeystore, KeystoreSigner};
use crate::qr::QrMatrix;
use crate::types::{identity, AssuranceLevel};
use crate::LiveObject;

/// A citizen's electronic-identity account, as the app knows it after sign-in.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CitizenAccount {
    /// Full name as on the ID card.
    pub full_name: String,
    /// Date of birth, ISO 8601 (`1990-01-02`).
    pub date_of_birth: String,
    /// The 12-digit personal ID number (số định danh cá nhân).
    pub personal_id: String,
    /// Account level.
    pub level: AssuranceLevel,
}

impl CitizenAccount {
    fn to_core(&self) -> ApiResult<flows::CitizenAccount> {
        Ok(flows::CitizenAccount {
            identity: identity(&self.full_name, &self.date_of_birth, &self.personal_id)?,
            level: self.level,
        })
    }

    fn from_core(a: &flows::CitizenAccount) -> Self {
        CitizenAccount {
            full_name: a.identity.full_name.clone(),
            date_of_birth: a.identity.date_of_birth.to_string(),
            personal_id: a.identity.personal_id.reveal().to_owned(),
            level: a.level,
        }
    }
}

/// What the "Xác minh ứng dụng qua QR code" switch on tab Cá nhân shows.
pub type QrSetting = flows::QrSetting;

#[uniffi::remote(Enum)]
pub enum QrSetting {
    /// On: tab Trang chủ shows the identity QR.
    On,
    /// Off, and may be turned on.
    Off,
    /// Off and disabled: the account is level 1 ("Cần tài khoản định danh điện tử mức 2").
    NeedsLevel2,
    /// Off: the device must enrol first.
    NeedsEnrolment,
}

/// An identity QR, valid for 60 seconds, with what the countdown on tab Trang chủ needs.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct IdentityQr {
    /// The text to put in the QR (`VN2:` then digits), error-correction level M.
    pub text: String,
    /// When it was made (Unix seconds).
    pub issued_at: i64,
    /// When it stops being valid (Unix seconds).
    pub expires_at: i64,
}

#[uniffi::export]
impl IdentityQr {
    /// Whole seconds left at `now`: 60 down to 0, 0 once expired.
    pub fn seconds_left(&self, now: i64) -> i64 {
        self.to_core().seconds_left(now)
    }

    /// Whether a new QR must be made at `now`.
    pub fn is_expired(&self, now: i64) -> bool {
        self.to_core().is_expired(now)
    }

    /// The QR modules to draw.
    pub fn matrix(&self) -> ApiResult<QrMatrix> {
        Ok(self.to_core().matrix()?.into())
    }
}

impl IdentityQr {
    fn to_core(&self) -> flows::IdentityQr {
        flows::IdentityQr {
            text: self.text.clone(),
            issued_at: self.issued_at,
            expires_at: self.expires_at,
        }
    }
}

/// The citizen side of the app. Safe to call from any thread; calls are serialised.
#[derive(uniffi::Object)]
pub struct CitizenApp {
    inner: Mutex<flows::CitizenApp>,
    _live: LiveObject,
}

impl std::fmt::Debug for CitizenApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No personal data in debug output.
        f.write_str("CitizenApp { .. }")
    }
}

impl CitizenApp {
    fn lock(&self) -> MutexGuard<'_, flows::CitizenApp> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on the core app (for Rust code such as the wallet).
    pub(crate) fn with_core<T>(&self, f: impl FnOnce(&flows::CitizenApp) -> T) -> T {
        f(&self.lock())
    }

    pub(crate) fn wrap(app: flows::CitizenApp) -> Arc<Self> {
        Arc::new(CitizenApp {
            inner: Mutex::new(app),
            _live: LiveObject::new(),
        })
    }
}

#[uniffi::export]
impl CitizenApp {
    /// A signed-in account on this device, not yet enrolled. Creates the device key under
    /// `key_alias` in the keystore if it is not there.
    #[uniffi::constructor]
    pub fn new(
        account: CitizenAccount,
        keystore: Arc<dyn DeviceKeystore>,
        key_alias: String,
        clock: Arc<dyn Clock>,
    ) -> ApiResult<Arc<Self>> {
        let account = account.to_core()?;
        let device: Arc<dyn Signer> = Arc::new(KeystoreSigner::open(keystore, key_alias)?);
        Ok(Self::wrap(flows::CitizenApp::new(
            account,
            device,
            core_clock(clock),
        )))
    }

    /// The app as saved by `CitizenApp.savedState`. The saved certificate must belong to
    /// the key under `key_alias`; `ApiError.Corrupt` when the state is damaged.
    #[uniffi::constructor]
    pub fn restore(
        saved_state: String,
        keystore: Arc<dyn DeviceKeystore>,
        key_alias: String,
        clock: Arc<dyn Clock>,
    ) -> ApiResult<Arc<Self>> {
        let state: CitizenState =
            serde_json::from_str(&saved_state).map_err(|_| ApiError::Corrupt {
                detail: "citizen state is not valid JSON of the expected shape".into(),
            })?;
        let device: Arc<dyn Signer> = Arc::new(KeystoreSigner::open(keystore, key_alias)?);
        let app = through_core(|| flows::CitizenApp::restore(state, device, core_clock(clock)))?;
        Ok(Self::wrap(app))
    }

    /// The state to save between runs (JSON: the account, the certificate, the setting). It
    /// holds personal data: keep it in the app's private storage. The key stays in the
    /// keystore.
    pub fn saved_state(&self) -> ApiResult<String> {
        serde_json::to_string(&self.lock().state()).map_err(|_| ApiError::Internal {
            detail: "citizen state could not be written".into(),
        })
    }

    /// The account.
    pub fn account(&self) -> CitizenAccount {
        CitizenAccount::from_core(self.lock().account())
    }

    /// Whether the device holds a certificate.
    pub fn is_enrolled(&self) -> bool {
        self.lock().certificate().is_some()
    }

    /// The device certificate's serial (16 hex digits), once enrolled: what the citizen
    /// quotes when reporting the phone stolen.
    pub fn certificate_serial(&self) -> Option<String> {
        self.lock()
            .certificate()
            .map(|c| c.claims().serial.to_string())
    }

    /// When the device certificate expires (Unix seconds), once enrolled.
    pub fn certificate_expires_at(&self) -> Option<i64> {
        self.lock().certificate().map(|c| c.claims().expires_at)
    }

    /// Enrols the device: sends the account's claims and the device public key, signed by the
    /// device key, to `service`, and keeps the certificate it returns. Errors thrown by the
    /// service reach the caller unchanged.
    pub fn enrol(&self, service: Arc<dyn EnrolmentService>) -> ApiResult<()> {
        let enroller = ServiceEnroller(service);
        let mut app = self.lock();
        through_core(|| app.enrol(&enroller))
    }

    /// What the "Xác minh ứng dụng qua QR code" switch shows.
    pub fn qr_setting(&self) -> QrSetting {
        self.lock().qr_setting()
    }

    /// Turns "Xác minh ứng dụng qua QR code" on or off. On needs a level-2 account
    /// (`ApiError.LevelTooLow`) and an enrolled device (`ApiError.NotEnrolled`); off
    /// always works.
    pub fn set_qr_verification(&self, on: bool) -> ApiResult<()> {
        Ok(self.lock().set_qr_verification(on)?)
    }

    /// Whether the setting is on.
    pub fn qr_verification(&self) -> bool {
        self.lock().qr_verification()
    }

    /// Makes an identity QR valid for 60 seconds from now, signed by the device key
    /// (`ApiError.QrSettingOff` while the setting is off). Make a new one when
    /// `IdentityQr.secondsLeft` reaches 0.
    pub fn make_identity_qr(&self) -> ApiResult<IdentityQr> {
        let app = self.lock();
        let qr = through_core(|| app.make_identity_qr())?;
        Ok(IdentityQr {
            text: qr.text,
            issued_at: qr.issued_at,
            expires_at: qr.expires_at,
        })
    }

    /// Now, by the app's clock (for the countdown).
    pub fn now(&self) -> i64 {
        self.lock().clock().now()
    }
}

/// How long an identity QR is valid: 60 seconds.
#[uniffi::export]
pub fn identity_qr_validity_seconds() -> i64 {
    TOKEN_VALIDITY_SECS
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::testing::{software_keystore, LocalAuthority, ManualClock};

    pub(crate) fn account(level: AssuranceLevel) -> CitizenAccount {
        CitizenAccount {
            full_name: "Nguyễn Văn An".into(),
            date_of_birth: "1990-01-02".into(),
            personal_id: "001090012345".into(),
            level,
        }
    }

    /// A level-2 citizen on a software keystore, enrolled with `authority`.
    pub(crate) fn enrolled(
        authority: &Arc<LocalAuthority>,
        clock: &Arc<ManualClock>,
    ) -> Arc<CitizenApp> {
        let app = CitizenApp::new(
            account(AssuranceLevel::Level2),
            software_keystore(),
            "dev".into(),
            clock.clone(),
        )
        .unwrap();
        app.enrol(authority.clone()).unwrap();
        app
    }

    #[test]
    fn enrol_turn_on_make_qr_and_restore() {
        let clock = ManualClock::new(1_700_000_000);
        let ks = software_keystore();
        let auth = LocalAuthority::new(clock.clone()).unwrap();
        let app = CitizenApp::new(
            account(AssuranceLevel::Level2),
            ks.clone(),
            "dev".into(),
            clock.clone(),
        )
        .unwrap();
        assert_eq!(app.qr_setting(), QrSetting::NeedsEnrolment);
        assert_eq!(app.set_qr_verification(true), Err(ApiError::NotEnrolled));
        assert_eq!(app.make_identity_qr(), Err(ApiError::QrSettingOff));
        app.enrol(auth.clone()).unwrap();
        assert!(app.is_enrolled());
        assert_eq!(app.certificate_serial().unwrap().len(), 16);
        assert_eq!(app.qr_setting(), QrSetting::Off);
        app.set_qr_verification(true).unwrap();
        assert_eq!(app.qr_setting(), QrSetting::On);
        let qr = app.make_identity_qr().unwrap();
        assert!(qr.text.starts_with("VN2:"));
        assert_eq!(qr.seconds_left(app.now()), 60);
        clock.advance(45);
        assert_eq!(qr.seconds_left(app.now()), 15);
        clock.advance(15);
        assert!(qr.is_expired(app.now()));
        // docs/protocol.md: a typical identity QR is version 13 at level M.
        assert!(qr.matrix().unwrap().version <= 14);

        let saved = app.saved_state().unwrap();
        let back =
            CitizenApp::restore(saved.clone(), ks.clone(), "dev".into(), clock.clone()).unwrap();
        assert!(back.qr_verification());
        assert_eq!(back.account(), account(AssuranceLevel::Level2));
        // Another key cannot take over the saved certificate.
        assert!(matches!(
            CitizenApp::restore(saved, ks.clone(), "other".into(), clock.clone()),
            Err(ApiError::Keystore { .. })
        ));
        assert!(matches!(
            CitizenApp::restore("{".into(), ks, "dev".into(), clock),
            Err(ApiError::Corrupt { .. })
        ));
    }

    #[test]
    fn level_one_cannot_turn_the_setting_on() {
        let clock = ManualClock::new(1_700_000_000);
        let auth = LocalAuthority::new(clock.clone()).unwrap();
        let app = CitizenApp::new(
            account(AssuranceLevel::Level1),
            software_keystore(),
            "dev".into(),
            clock,
        )
        .unwrap();
        assert_eq!(app.qr_setting(), QrSetting::NeedsLevel2);
        app.enrol(auth).unwrap();
        assert_eq!(
            app.set_qr_verification(true),
            Err(ApiError::LevelTooLow { level: 1 })
        );
        app.set_qr_verification(false).unwrap();
    }

    #[test]
    fn a_service_error_reaches_the_caller_unchanged() {
        struct Offline;
        impl EnrolmentService for Offline {
            fn enrol(&self, _r: crate::enrolment::EnrolmentRequest) -> ApiResult<Vec<u8>> {
                Err(ApiError::Network {
                    detail: "no connection".into(),
                })
            }
        }
        let app = CitizenApp::new(
            account(AssuranceLevel::Level2),
            software_keystore(),
            "dev".into(),
            ManualClock::new(1_700_000_000),
        )
        .unwrap();
        assert_eq!(
            app.enrol(Arc::new(Offline)),
            Err(ApiError::Network {
                detail: "no connection".into()
            })
        );
        assert!(!app.is_enrolled());
    }

    #[test]
    fn bad_accounts_are_refused() {
        let mut a = account(AssuranceLevel::Level2);
        a.personal_id = "123".into();
        assert!(matches!(
            CitizenApp::new(a, software_keystore(), "dev".into(), ManualClock::new(0)),
            Err(ApiError::InvalidInput { .. })
        ));
    }
}
