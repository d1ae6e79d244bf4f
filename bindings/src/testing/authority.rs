//! `LocalAuthority`: the authority (the ministry's identity backend) in-process — enrols
//! devices, publishes and revokes, issues papers — for tests and demo builds. A real app reaches
//! the authority's server and never holds its keys.

use std::path::Path;
use std::sync::{Arc, Mutex};

use vneid_core::certificate::Serial;
use vneid_core::clock::{Clock as CoreClock, UnixTime};
use vneid_core::enrolment::Enroller as _;
use vneid_core::issuer::Authority;
use vneid_core::paper::{paper_type, FieldValue, PaperContent};

use vneid_core::enrolment::EnrolmentRequest as CoreRequest;
use vneid_core::keys::{PublicKey, SIGNATURE_LEN};

use crate::citizen::CitizenApp;
use crate::enrolment::{EnrolmentRequest, EnrolmentService, TrustBundle};
use crate::error::{through_core, ApiError, ApiResult};
use crate::platform::{core_clock, Clock};
use crate::types::identity;
use crate::LiveObject;

/// The core request an in-process authority checks.
fn core_request(r: &EnrolmentRequest) -> ApiResult<CoreRequest> {
    let proof: [u8; SIGNATURE_LEN] = r
        .proof
        .as_slice()
        .try_into()
        .map_err(|_| ApiError::invalid("proof must be 64 bytes"))?;
    Ok(CoreRequest {
        identity: identity(&r.full_name, &r.date_of_birth, &r.personal_id)?,
        level: r.level,
        device_key: PublicKey::from_sec1(&r.device_public_key)
            .map_err(|_| ApiError::invalid("device public key is not a P-256 point"))?,
        proof,
    })
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
        let req = core_request(&request)?;
        let now = self.clock.now();
        through_core(|| self.lock().enrol(&req, now))
    }
}

/// One field of a paper to issue: its key and its value as text (dates `YYYY-MM-DD`, lists
/// comma-separated).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct FieldEntry {
    /// Field key (see `paper_types`).
    pub key: String,
    /// Value as text.
    pub value: String,
}

/// A paper for `LocalAuthority.issuePaper` to sign.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct NewPaper {
    /// Type code.
    pub type_code: String,
    /// Start of validity (Unix seconds).
    pub valid_from: i64,
    /// End of validity, exclusive (Unix seconds).
    pub valid_until: i64,
    /// Fields: any subset of the type's.
    pub fields: Vec<FieldEntry>,
}

#[uniffi::export]
impl LocalAuthority {
    /// Issues the four sample papers (ID card, driving licence, health-insurance card, vehicle
    /// registration) for `citizen`'s account, to its enrolled device (the papers are bound to
    /// its key), each signed by its agency; returns each paper's held form for `Wallet.add`.
    pub fn issue_sample_papers(&self, citizen: Arc<CitizenApp>) -> ApiResult<Vec<Vec<u8>>> {
        let (identity, holder) = citizen.with_core(|app| {
            app.paper_holder()
                .map(|h| (app.account().identity.clone(), h))
        })?;
        let now = self.now();
        let papers = self.with_core(|a| a.issue_sample_papers(&identity, &holder, now))?;
        papers
            .iter()
            .map(|p| p.to_bytes().map_err(Into::into))
            .collect()
    }

    /// Issues one paper with a random serial to `citizen`'s enrolled device, signed by the
    /// agency that issues its type; returns its held form for `Wallet.add`.
    pub fn issue_paper(&self, paper: NewPaper, citizen: Arc<CitizenApp>) -> ApiResult<Vec<u8>> {
        let ty =
            paper_type(&paper.type_code).ok_or_else(|| ApiError::invalid("unknown paper type"))?;
        let fields = paper
            .fields
            .iter()
            .map(|f| {
                let spec = ty
                    .field(&f.key)
                    .ok_or_else(|| ApiError::invalid("unknown field for this paper type"))?;
                Ok((f.key.clone(), FieldValue::parse(spec.kind, &f.value)?))
            })
            .collect::<ApiResult<Vec<_>>>()?;
        let content = PaperContent {
            type_code: paper.type_code,
            serial: Serial::random()?,
            holder: citizen.with_core(|app| app.paper_holder())?,
            valid_from: paper.valid_from,
            valid_until: paper.valid_until,
            fields,
        };
        let now = self.now();
        let p = self.with_core(|a| a.issue_paper(&content, now))?;
        Ok(p.to_bytes()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::KeystoreSigner;
    use crate::testing::{software_keystore, ManualClock};
    use crate::types::identity;

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
