//! Enrolment: the `EnrolmentService` a citizen app enrols through (a server client in
//! production) and `LocalAuthority`, the authority as a library, for tests and demos.

use std::path::Path;
use std::sync::{Arc, Mutex};

use vneid_core::authority::{
    Authority, Enroller as CoreEnroller, EnrolmentRequest as CoreRequest, TrustBundle as Bundle,
};
use vneid_core::certificate::Serial;
use vneid_core::clock::{Clock as CoreClock, UnixTime};
use vneid_core::keys::{PublicKey, SIGNATURE_LEN};
use vneid_core::Error as CoreError;

use crate::error::{stash_foreign, through_core, ApiError, ApiResult};
use crate::platform::{core_clock, Clock};
use crate::types::{identity, AssuranceLevel};
use crate::LiveObject;

/// What a device sends to enrol: the account's claims, the device's public key and a
/// signature by that key over the rest (proof that the device holds the private key). A
/// server client sends these fields to the authority's enrolment endpoint.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct EnrolmentRequest {
    /// Full name as on the ID card.
    pub full_name: String,
    /// Date of birth, ISO 8601 (`1990-01-02`).
    pub date_of_birth: String,
    /// The 12-digit personal ID number.
    pub personal_id: String,
    /// Account level.
    pub level: AssuranceLevel,
    /// The device's public key, uncompressed SEC1 (65 bytes).
    pub device_public_key: Vec<u8>,
    /// ES256 signature (raw `r || s`, 64 bytes) by the device key over the CBOR array
    /// `["vneid-enrol-v1", full_name, days since 1970 of date_of_birth, personal_id as an
    /// integer, level, device_public_key]`.
    pub proof: Vec<u8>,
}

impl EnrolmentRequest {
    fn from_core(r: &CoreRequest) -> Self {
        EnrolmentRequest {
            full_name: r.identity.full_name.clone(),
            date_of_birth: r.identity.date_of_birth.to_string(),
            personal_id: r.identity.personal_id.reveal().to_owned(),
            level: r.level.into(),
            device_public_key: r.device_key.sec1().to_vec(),
            proof: r.proof.to_vec(),
        }
    }

    fn to_core(&self) -> ApiResult<CoreRequest> {
        let proof: [u8; SIGNATURE_LEN] = self
            .proof
            .as_slice()
            .try_into()
            .map_err(|_| ApiError::invalid("proof must be 64 bytes"))?;
        Ok(CoreRequest {
            identity: identity(&self.full_name, &self.date_of_birth, &self.personal_id)?,
            level: self.level.into(),
            device_key: PublicKey::from_sec1(&self.device_public_key)
                .map_err(|_| ApiError::invalid("device public key is not a P-256 point"))?,
            proof,
        })
    }
}

/// The authority's enrolment endpoint. In production a client of the ministry's server
/// implements it (throwing `ApiError.Network` when the server cannot be reached);
/// `LocalAuthority` implements it in-process.
#[uniffi::export(with_foreign)]
pub trait EnrolmentService: Send + Sync {
    /// Checks the request and returns the signed device certificate (bytes, CWT).
    fn enrol(&self, request: EnrolmentRequest) -> Result<Vec<u8>, ApiError>;
}

/// The core's enroller over an `EnrolmentService`.
pub(crate) struct ServiceEnroller(pub(crate) Arc<dyn EnrolmentService>);

impl CoreEnroller for ServiceEnroller {
    fn enrol(&self, request: &CoreRequest, _now: UnixTime) -> vneid_core::Result<Vec<u8>> {
        self.0
            .enrol(EnrolmentRequest::from_core(request))
            .map_err(|e| {
                let detail = e.to_string();
                stash_foreign(e);
                CoreError::InvalidArgument(detail)
            })
    }
}

/// The signed lists an officer app installs with `OfficerApp.updateTrust`.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TrustBundle {
    /// The signed trust list (COSE_Sign1).
    pub trust_list: Vec<u8>,
    /// The signed revocation list (COSE_Sign1).
    pub revocation_list: Vec<u8>,
}

impl From<Bundle> for TrustBundle {
    fn from(b: Bundle) -> Self {
        TrustBundle {
            trust_list: b.trust_list,
            revocation_list: b.revocation_list,
        }
    }
}

/// The authority (the ministry's identity backend) running in-process: enrols devices,
/// publishes and revokes. For tests and demo apps that work without a server; it is an
/// `EnrolmentService`, so it goes wherever a server client would.
#[derive(uniffi::Object)]
pub struct LocalAuthority {
    inner: Mutex<Authority>,
    clock: Arc<dyn CoreClock>,
    _live: LiveObject,
}

impl LocalAuthority {
    fn lock(&self) -> std::sync::MutexGuard<'_, Authority> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The core authority, for Rust code (tests, the wallet) that needs more than the API.
    pub(crate) fn with_core<T>(&self, f: impl FnOnce(&mut Authority) -> T) -> T {
        f(&mut self.lock())
    }

    /// The clock it was made with.
    pub(crate) fn now(&self) -> UnixTime {
        self.clock.now()
    }
}

#[uniffi::export]
impl LocalAuthority {
    /// A new authority with fresh random keys, valid for 5 years from the clock's now.
    #[uniffi::constructor]
    pub fn new(clock: Arc<dyn Clock>) -> ApiResult<Arc<Self>> {
        let clock = core_clock(clock);
        Ok(Arc::new(LocalAuthority {
            inner: Mutex::new(Authority::create(clock.now())?),
            clock,
            _live: LiveObject::new(),
        }))
    }

    /// The authority saved in `directory` by the command-line tool (`vneid authority init`).
    #[uniffi::constructor]
    pub fn load(directory: String, clock: Arc<dyn Clock>) -> ApiResult<Arc<Self>> {
        Ok(Arc::new(LocalAuthority {
            inner: Mutex::new(Authority::load(Path::new(&directory))?),
            clock: core_clock(clock),
            _live: LiveObject::new(),
        }))
    }

    /// Saves the authority to `directory` (private keys, state and the last published lists, as
    /// `vneid authority init` writes them), so `LocalAuthority.load` finds it after a restart.
    /// For demos and tests: a real authority is a server and its keys never reach a phone.
    pub fn save(&self, directory: String) -> ApiResult<()> {
        let now = self.clock.now();
        self.lock().save(Path::new(&directory), now)?;
        Ok(())
    }

    /// The root public key officer apps pin (uncompressed SEC1, 65 bytes).
    pub fn root_public_key(&self) -> ApiResult<Vec<u8>> {
        Ok(self.lock().root_public_key()?.sec1().to_vec())
    }

    /// Signs fresh trust and revocation lists (each publication has a new sequence number).
    pub fn publish(&self) -> ApiResult<TrustBundle> {
        let now = self.clock.now();
        Ok(self.lock().publish(now)?.into())
    }

    /// Revokes a device certificate (a phone reported stolen) by its serial (16 hex digits,
    /// as in `Verdict.Genuine`) and publishes the new lists.
    pub fn revoke(&self, certificate_serial: String) -> ApiResult<TrustBundle> {
        let serial = Serial::from_hex(&certificate_serial)
            .map_err(|_| ApiError::invalid("a certificate serial is 16 hex digits"))?;
        let now = self.clock.now();
        Ok(self.lock().revoke(serial, now)?.into())
    }
}

#[uniffi::export]
impl EnrolmentService for LocalAuthority {
    /// Checks the proof of possession and issues a device certificate valid for a year.
    fn enrol(&self, request: EnrolmentRequest) -> Result<Vec<u8>, ApiError> {
        let req = request.to_core()?;
        let now = self.clock.now();
        through_core(|| self.lock().enrol(&req, now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::{software_keystore, KeystoreSigner, ManualClock};

    #[test]
    fn saved_authority_loads_with_the_same_root_and_revocations() {
        let clock = ManualClock::new(1_700_000_000);
        let auth = LocalAuthority::new(clock.clone()).unwrap();
        let revoked = auth.revoke("0102030405060708".into()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_string_lossy().into_owned();
        auth.save(path.clone()).unwrap();
        let again = LocalAuthority::load(path, clock).unwrap();
        assert_eq!(
            again.root_public_key().unwrap(),
            auth.root_public_key().unwrap()
        );
        let next = again.publish().unwrap();
        assert_ne!(next.revocation_list, revoked.revocation_list);
        let root =
            vneid_core::keys::PublicKey::from_sec1(&again.root_public_key().unwrap()).unwrap();
        let list = vneid_core::trust::RevocationList::verify(&next.revocation_list, &root).unwrap();
        assert!(list.revoked.contains(&Serial([1, 2, 3, 4, 5, 6, 7, 8])));
        assert_eq!(list.sequence, 2, "saving spent no sequence number");
    }

    #[test]
    fn requests_round_trip_and_enrol() {
        let clock = ManualClock::new(1_700_000_000);
        let auth = LocalAuthority::new(clock).unwrap();
        let signer = KeystoreSigner::open(software_keystore(), "k".into()).unwrap();
        let id = identity("Nguyễn Văn An", "1990-01-02", "001090012345").unwrap();
        let core =
            CoreRequest::new(id, vneid_core::identity::AssuranceLevel::Level2, &signer).unwrap();
        let req = EnrolmentRequest::from_core(&core);
        assert_eq!(req.personal_id, "001090012345");
        assert_eq!(req.device_public_key.len(), 65);
        let cert = auth.enrol(req.clone()).unwrap();
        assert!(!cert.is_empty());

        let mut forged = req.clone();
        forged.full_name = "Someone Else".into();
        assert!(auth.enrol(forged).is_err(), "the proof covers the name");
        let mut short = req;
        short.proof.pop();
        assert!(matches!(
            auth.enrol(short),
            Err(ApiError::InvalidInput { .. })
        ));
    }

    #[test]
    fn publish_and_revoke() {
        let auth = LocalAuthority::new(ManualClock::new(1_700_000_000)).unwrap();
        assert_eq!(auth.root_public_key().unwrap().len(), 65);
        let a = auth.publish().unwrap();
        let b = auth.revoke("0011223344556677".into()).unwrap();
        assert_ne!(a, b);
        assert!(auth.with_core(|c| c.is_revoked(&Serial::from_hex("0011223344556677").unwrap())));
        assert!(matches!(
            auth.revoke("xyz".into()),
            Err(ApiError::InvalidInput { .. })
        ));
    }
}
