//! The issuer (feature `issuer`): the authority's signing side — the root key (signs the trust
//! and revocation lists), the device-certificate issuer and one paper issuer per agency. The
//! authority service, the CLI, the fixtures and the tests use it; the library the apps ship
//! is built without it.

pub mod samples;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::certificate::{CertificateClaims, DeviceCertificate, Serial};
use crate::clock::UnixTime;
use crate::enrolment::{Enroller, EnrolmentRequest};
use crate::identity::{Identity, Role};
use crate::keys::{PublicKey, Signer, SoftwareSigner};
use crate::paper::{paper_type, Holder, Paper, PaperContent, DEVICE_AGENCY, PAPER_AGENCIES};
use crate::storage;
use crate::trust::{
    read_public, write_public, KeyPurpose, RevocationDelta, RevocationList, TrustBundle, TrustList,
    TrustedIssuer, KID_LEN,
};
use crate::{Error, Result};

const YEAR: i64 = 365 * 24 * 3600;
const WEEK: i64 = 7 * 24 * 3600;

/// An issuer key and what the trust list says of it.
pub struct IssuerKey {
    /// The private key.
    pub signer: Arc<dyn Signer>,
    /// Its entry in the trust list.
    pub entry: TrustedIssuer,
}

impl IssuerKey {
    fn new(
        signer: Arc<dyn Signer>,
        purpose: KeyPurpose,
        agency: &str,
        not_before: UnixTime,
        not_after: UnixTime,
    ) -> Result<Self> {
        let key = signer.public_key()?;
        Ok(IssuerKey {
            entry: TrustedIssuer {
                kid: key.key_id(KID_LEN),
                purpose,
                agency: agency.to_owned(),
                key,
                not_before,
                not_after,
            },
            signer,
        })
    }
}

/// The authority.
pub struct Authority {
    root: Arc<dyn Signer>,
    root_kid: Vec<u8>,
    device_issuer: IssuerKey,
    paper_issuers: Vec<IssuerKey>,
    state: State,
    /// PKCS#8 of every key, in [`key_file_names`] order, when they are software keys.
    pkcs8: Option<Vec<Vec<u8>>>,
    /// The lists as last published, so saving does not sign (and number) them again.
    published: Option<TrustBundle>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct State {
    trust_sequence: u64,
    revocation_sequence: u64,
    revoked: BTreeSet<String>,
    /// Key validity, the same for all issuer keys made together.
    keys_not_before: UnixTime,
    keys_not_after: UnixTime,
    /// Lifetime of device certificates, seconds.
    certificate_lifetime: i64,
    /// How long a published list is fresh, seconds.
    list_lifetime: i64,
}

impl Authority {
    /// A new authority with fresh random keys, valid from `now` for 5 years.
    pub fn create(now: UnixTime) -> Result<Self> {
        let keys = (0..2 + PAPER_AGENCIES.len())
            .map(|_| SoftwareSigner::generate())
            .collect::<Result<Vec<_>>>()?;
        let der = keys.iter().map(|k| k.pkcs8().to_vec()).collect();
        let mut signers: Vec<Arc<dyn Signer>> = keys
            .into_iter()
            .map(|k| Arc::new(k) as Arc<dyn Signer>)
            .collect();
        let papers = signers.split_off(2);
        let device = signers.pop().ok_or(Error::Crypto)?;
        let root = signers.pop().ok_or(Error::Crypto)?;
        let mut a = Self::from_keys(root, device, papers, now)?;
        a.pkcs8 = Some(der);
        Ok(a)
    }

    /// An authority over given keys (deterministic fixtures, or keys from storage). `papers`
    /// are in the order of [`PAPER_AGENCIES`].
    pub fn from_keys(
        root: Arc<dyn Signer>,
        device_issuer: Arc<dyn Signer>,
        papers: Vec<Arc<dyn Signer>>,
        now: UnixTime,
    ) -> Result<Self> {
        let state = State {
            keys_not_before: now,
            keys_not_after: now + 5 * YEAR,
            certificate_lifetime: YEAR,
            list_lifetime: WEEK,
            ..State::default()
        };
        Self::assemble(root, device_issuer, papers, state)
    }

    fn assemble(
        root: Arc<dyn Signer>,
        device_issuer: Arc<dyn Signer>,
        papers: Vec<Arc<dyn Signer>>,
        state: State,
    ) -> Result<Self> {
        if papers.len() != PAPER_AGENCIES.len() {
            return Err(Error::InvalidArgument("one paper key per agency".into()));
        }
        let (nb, na) = (state.keys_not_before, state.keys_not_after);
        let device_issuer = IssuerKey::new(
            device_issuer,
            KeyPurpose::DeviceCertificate,
            DEVICE_AGENCY.code,
            nb,
            na,
        )?;
        let paper_issuers = papers
            .into_iter()
            .zip(PAPER_AGENCIES)
            .map(|(k, a)| IssuerKey::new(k, KeyPurpose::Paper, a.code, nb, na))
            .collect::<Result<Vec<_>>>()?;
        let root_kid = root.public_key()?.key_id(KID_LEN);
        Ok(Authority {
            root,
            root_kid,
            device_issuer,
            paper_issuers,
            state,
            pkcs8: None,
            published: None,
        })
    }

    /// The root public key verifiers pin.
    pub fn root_public_key(&self) -> Result<PublicKey> {
        self.root.public_key()
    }

    /// The device-certificate issuer.
    pub fn device_issuer(&self) -> &IssuerKey {
        &self.device_issuer
    }

    /// The paper issuer of an agency.
    pub fn paper_issuer(&self, agency_code: &str) -> Option<&IssuerKey> {
        self.paper_issuers
            .iter()
            .find(|i| i.entry.agency == agency_code)
    }

    /// Signs a certificate for given claims (the serial is the caller's). Fixtures use this
    /// directly; [`Enroller::enrol`] checks a request first.
    pub fn issue_certificate(&self, claims: CertificateClaims) -> Result<DeviceCertificate> {
        DeviceCertificate::issue(
            claims,
            &self.device_issuer.entry.kid,
            self.device_issuer.signer.as_ref(),
        )
    }

    /// Issues a paper: signs its MSO with the paper issuer of the agency that issues its type
    /// (the ID card by C06, the driving licence and vehicle registration by C08, the
    /// health-insurance card by BHXH). `now` is the signing time.
    pub fn issue_paper(&self, content: &PaperContent, now: UnixTime) -> Result<Paper> {
        let ty = paper_type(&content.type_code)
            .ok_or_else(|| Error::InvalidArgument("unknown paper type".into()))?;
        let issuer = self.paper_issuer(ty.agency).ok_or(Error::NotFound {
            what: "paper issuer",
        })?;
        Paper::issue(content, &issuer.entry.kid, issuer.signer.as_ref(), now)
    }

    /// The sample papers ([`samples`]) for `identity`, issued at `now` to the device `holder`.
    pub fn issue_sample_papers(
        &self,
        identity: &Identity,
        holder: &Holder,
        now: UnixTime,
    ) -> Result<Vec<Paper>> {
        samples::sample_contents(identity, holder, now)?
            .iter()
            .map(|c| self.issue_paper(c, now))
            .collect()
    }

    /// Revokes a device certificate (a phone reported stolen) or a paper (both have 8-byte
    /// serials on the one revocation list) and republishes.
    pub fn revoke(&mut self, serial: Serial, now: UnixTime) -> Result<TrustBundle> {
        self.state.revoked.insert(serial.to_string());
        self.publish(now)
    }

    /// Whether a serial is revoked.
    pub fn is_revoked(&self, serial: &Serial) -> bool {
        self.state.revoked.contains(&serial.to_string())
    }

    /// Signs fresh lists with new sequence numbers (each publication gets its own number, so
    /// a verifier never sees two different lists under one number).
    pub fn publish(&mut self, now: UnixTime) -> Result<TrustBundle> {
        self.state.trust_sequence += 1;
        self.state.revocation_sequence += 1;
        let next_update = now + self.state.list_lifetime;
        let mut issuers = vec![self.device_issuer.entry.clone()];
        issuers.extend(self.paper_issuers.iter().map(|i| i.entry.clone()));
        let trust = TrustList {
            sequence: self.state.trust_sequence,
            issued_at: now,
            next_update,
            issuers,
        };
        let revoked = self
            .state
            .revoked
            .iter()
            .map(|s| Serial::from_hex(s))
            .collect::<Result<_>>()?;
        let revocation = RevocationList {
            sequence: self.state.revocation_sequence,
            issued_at: now,
            next_update,
            revoked,
        };
        let bundle = TrustBundle {
            trust_list: trust.sign(self.root.as_ref(), &self.root_kid)?,
            revocation_list: revocation.sign(self.root.as_ref(), &self.root_kid)?,
        };
        self.published = Some(bundle.clone());
        Ok(bundle)
    }

    /// Signs a revocation list with the root key as given (tests build lists the authority
    /// would never publish).
    pub fn sign_revocation_list(&self, list: &RevocationList) -> Result<Vec<u8>> {
        list.sign(self.root.as_ref(), &self.root_kid)
    }

    /// Signs a revocation delta with the root key (the service publishes one a day beside the
    /// full list; see [`RevocationDelta::between`]).
    pub fn sign_revocation_delta(&self, delta: &RevocationDelta) -> Result<Vec<u8>> {
        delta.sign(self.root.as_ref(), &self.root_kid)
    }

    /// Signs a trust list with the root key as given (tests build lists the authority would
    /// never publish, such as a second list under a used sequence number).
    pub fn sign_trust_list(&self, list: &TrustList) -> Result<Vec<u8>> {
        list.sign(self.root.as_ref(), &self.root_kid)
    }

    /// The lists as last published, if any.
    pub fn published(&self) -> Option<&TrustBundle> {
        self.published.as_ref()
    }

    /// Writes the authority to `dir`: private keys (PKCS#8) under `private/`, state in
    /// `authority.json`, public parts (root key, signed lists) under `public/`. The lists written
    /// are the last published ones (published at `now` if there are none yet), so saving never
    /// spends a sequence number. Only an authority made by [`Authority::create`] or
    /// [`Authority::load`] has its keys in software and can be saved.
    pub fn save(&mut self, dir: &Path, now: UnixTime) -> Result<TrustBundle> {
        let keys = self.pkcs8.clone().ok_or_else(|| {
            Error::InvalidArgument("keys held outside software cannot be saved".into())
        })?;
        let bundle = match self.published.clone() {
            Some(b) => b,
            None => self.publish(now)?,
        };
        let private = dir.join("private");
        // Private keys: 0600 files in a 0700 folder, whatever the umask.
        storage::create_private_dir(dir)?;
        storage::create_private_dir(&private)?;
        for (name, der) in key_file_names().iter().zip(&keys) {
            storage::write_private(&private.join(name), der)?;
        }
        let json = serde_json::to_vec_pretty(&self.state)
            .map_err(|_| Error::malformed("authority state"))?;
        storage::write_private(&dir.join("authority.json"), &json)?;
        write_public(&dir.join("public"), &self.root_public_key()?, &bundle)?;
        Ok(bundle)
    }

    /// Reads an authority written by [`Authority::save`].
    pub fn load(dir: &Path) -> Result<Self> {
        let json = storage::read_limited(&dir.join("authority.json"), 1 << 20, "authority state")?;
        let state: State = serde_json::from_slice(&json).map_err(|_| Error::Corrupt {
            what: "authority state",
            detail: "not valid JSON".into(),
        })?;
        let mut keys = Vec::new();
        let mut signers: Vec<Arc<dyn Signer>> = Vec::new();
        for name in key_file_names() {
            let der = storage::read_limited(&dir.join("private").join(&name), 4096, "key")?;
            signers.push(Arc::new(SoftwareSigner::from_pkcs8(&der)?));
            keys.push(der);
        }
        let papers = signers.split_off(2);
        let device = signers.pop().ok_or(Error::malformed("key"))?;
        let root = signers.pop().ok_or(Error::malformed("key"))?;
        let mut a = Self::assemble(root, device, papers, state)?;
        a.pkcs8 = Some(keys);
        a.published = read_public(&dir.join("public")).ok().map(|(_, b)| b);
        Ok(a)
    }
}

fn key_file_names() -> Vec<String> {
    let mut v = vec!["root.pk8".to_owned(), "device-issuer.pk8".to_owned()];
    v.extend(
        PAPER_AGENCIES
            .iter()
            .map(|a| format!("paper-{}.pk8", a.code)),
    );
    v
}

impl Enroller for Authority {
    fn enrol(&self, request: &EnrolmentRequest, now: UnixTime) -> Result<Vec<u8>> {
        let signed =
            EnrolmentRequest::signed_bytes(&request.identity, request.level, &request.device_key)?;
        request.device_key.verify(&signed, &request.proof)?;
        let claims = CertificateClaims {
            serial: Serial::random()?,
            identity: request.identity.certified(),
            level: request.level,
            // The in-process issuer registers citizens; the authority service takes the role
            // from the account.
            role: Role::Citizen,
            development: false,
            not_before: now,
            expires_at: now + self.state.certificate_lifetime,
            device_key: request.device_key.clone(),
        };
        Ok(self.issue_certificate(claims)?.to_bytes().to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_and_loading_spend_no_sequence_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = Authority::create(1_000).unwrap();
        let first = a.save(dir.path(), 1_000).unwrap();
        let mut b = Authority::load(dir.path()).unwrap();
        assert_eq!(b.published(), Some(&first));
        let revoked = b.revoke(Serial([1; 8]), 2_000).unwrap();
        assert_eq!(b.save(dir.path(), 2_000).unwrap(), revoked);
        let root = b.root_public_key().unwrap();
        let list = RevocationList::verify(&revoked.revocation_list, &root).unwrap();
        assert_eq!(list.sequence, 2);
        assert!(list.revoked.contains(&Serial([1; 8])));
        let (_, on_disk) = read_public(&dir.path().join("public")).unwrap();
        assert_eq!(on_disk, revoked);
    }
}
