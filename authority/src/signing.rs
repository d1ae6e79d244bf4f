//! Everything the service signs, in one place: the only module that calls the core's issuing
//! API (`vneid_core::issuer`, `DeviceCertificate`, `Paper`, the list signers). When the
//! protocol changes (role and development claims, papers bound to the device key, the compact
//! revocation list), this is the module that changes.
//!
//! Core functions used here:
//! - `issuer::Authority::{create, save, load, issue_certificate, issue_paper, device_issuer,
//!   paper_issuer, root_public_key, published}`;
//! - `issuer::samples::sample_contents` (the papers issued at enrolment, until real agency
//!   records exist), issued to the device (`paper::Holder`: its key and certificate serial),
//!   with serials and the `sex` field replaced;
//! - `certificate::{CertificateClaims, Serial}` (with the account's `Role` and the
//!   development-attestation flag), `identity::{Identity, PersonalId, AssuranceLevel, Role,
//!   Identity::certified}` (the certificate carries the masked personal ID);
//! - `issuer::Authority::{sign_trust_list, sign_revocation_list, sign_revocation_delta}`: the
//!   root signs lists under the sequence numbers and the revoked set the database gives
//!   (`trust::{TrustList, RevocationList, RevocationDelta}`, the revoked serials as a
//!   `revoked::RevokedSet`, the core's compact, Rice-coded set); `verify` and
//!   `trust::write_public`.

use std::path::Path;

use chrono::NaiveDate;
use vneid_client::wire::Role;
use vneid_core::certificate::{CertificateClaims, Serial};
use vneid_core::clock::UnixTime;
use vneid_core::identity::{AssuranceLevel, Identity, PersonalId, Role as CoreRole};
use vneid_core::issuer::{samples, Authority};
use vneid_core::keys::PublicKey;
use vneid_core::paper::{FieldValue, Holder as PaperHolder, PaperContent, PAPER_AGENCIES};
use vneid_core::revoked::RevokedSet;
use vneid_core::trust::{write_public, RevocationDelta, RevocationList, TrustBundle, TrustList};

use crate::config::{create_private_dir, write_private};
use crate::error::{Error, Result};

/// The holder's registered identity, as the account has it.
#[derive(Clone)]
pub struct Holder {
    /// 12 digits.
    pub personal_id: String,
    /// Full name.
    pub full_name: String,
    /// Date of birth.
    pub date_of_birth: NaiveDate,
    /// `Nam` or `Nữ`, as on the ID card.
    pub sex: String,
    /// 1 or 2.
    pub level: u8,
    /// Citizen or officer.
    pub role: Role,
}

impl std::fmt::Debug for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Holder { .. }")
    }
}

impl Holder {
    fn identity(&self) -> Result<(Identity, AssuranceLevel)> {
        let id = PersonalId::new(&self.personal_id)?;
        let identity = Identity::new(&self.full_name, self.date_of_birth, id)?;
        Ok((identity, AssuranceLevel::try_from(self.level)?))
    }
}

/// Something signed, with the serial it was issued under.
#[derive(Clone, Debug)]
pub struct Signed {
    /// The serial (the database allocates them in sequence).
    pub serial: u64,
    /// Paper type code, for papers.
    pub type_code: Option<String>,
    /// The bytes: the device certificate, or the holder's copy of a paper.
    pub body: Vec<u8>,
    /// End of validity.
    pub not_after: UnixTime,
}

/// The papers to issue with an enrolment, before their serials are allocated.
pub struct PaperBatch {
    contents: Vec<PaperContent>,
}

impl PaperBatch {
    /// How many serials they need.
    pub fn len(&self) -> usize {
        self.contents.len()
    }

    /// True if there are none.
    pub fn is_empty(&self) -> bool {
        self.contents.is_empty()
    }
}

/// The lists `init` published, as the database takes them.
#[derive(Clone, Debug)]
pub struct InitialLists {
    /// The trust list's sequence number.
    pub trust_sequence: u64,
    /// The revocation list's.
    pub revocation_sequence: u64,
    /// The revocation list's `issued_at` and `next_update` when it names no serial (deltas
    /// can then be made from it).
    pub revocation_times: Option<(UnixTime, UnixTime)>,
    /// The signed lists.
    pub bundle: TrustBundle,
}

/// The authority's keys, loaded from its folder.
pub struct Signing {
    authority: Authority,
    root_public: PublicKey,
}

/// The serial as the core writes it: 8 bytes big-endian, 16 hex digits.
pub fn serial_hex(serial: u64) -> String {
    Serial(serial.to_be_bytes()).to_string()
}

/// Parses [`serial_hex`].
pub fn parse_serial(s: &str) -> Result<u64> {
    let serial =
        Serial::from_hex(s).map_err(|_| Error::Invalid("a serial is 16 hex digits".into()))?;
    Ok(u64::from_be_bytes(serial.0))
}

impl Signing {
    /// Makes the keys (root, device-certificate issuer, one paper issuer per agency) in
    /// `dir`, private keys 0600 under a 0700 `private/`, and publishes the first lists.
    pub fn create(dir: &Path, now: UnixTime) -> Result<TrustBundle> {
        create_private_dir(dir)?;
        if dir.join("private").exists() {
            return Err(Error::Invalid(format!(
                "{} already holds an authority",
                dir.display()
            )));
        }
        let mut authority = Authority::create(now)?;
        let bundle = authority.save(dir, now)?;
        // The core writes the key files with the default mode: make them the owner's only.
        let private = dir.join("private");
        create_private_dir(&private)?;
        for entry in std::fs::read_dir(&private).map_err(Error::io("private/"))? {
            let path = entry.map_err(Error::io("private/"))?.path();
            let bytes = std::fs::read(&path).map_err(Error::io(path.display().to_string()))?;
            write_private(&path, &bytes)?;
        }
        Ok(bundle)
    }

    /// Loads the keys from `dir`.
    pub fn load(dir: &Path) -> Result<Self> {
        let authority = Authority::load(dir)?;
        Ok(Signing {
            root_public: authority.root_public_key()?,
            authority,
        })
    }

    /// The root public key that verifiers pin.
    pub fn root_public_key(&self) -> &PublicKey {
        &self.root_public
    }

    /// The lists written at `init` (in `public/`): the database starts from them.
    pub fn initial_lists(&self) -> Result<InitialLists> {
        let bundle = self
            .authority
            .published()
            .cloned()
            .ok_or(Error::NotFound("published lists in public/"))?;
        let t = TrustList::verify(&bundle.trust_list, &self.root_public)?;
        let r = RevocationList::verify(&bundle.revocation_list, &self.root_public)?;
        Ok(InitialLists {
            trust_sequence: t.sequence,
            revocation_sequence: r.sequence,
            revocation_times: r.revoked.is_empty().then_some((r.issued_at, r.next_update)),
            bundle,
        })
    }

    /// Signs the device certificate `serial` for `device_key`, with the holder's identity
    /// (the personal ID masked), level and role, and whether the attestation was accepted
    /// only under a development policy; valid from `now` for `lifetime` seconds.
    pub fn device_certificate(
        &self,
        serial: u64,
        holder: &Holder,
        device_key: &PublicKey,
        development: bool,
        now: UnixTime,
        lifetime: i64,
    ) -> Result<Signed> {
        let (identity, level) = holder.identity()?;
        let claims = CertificateClaims {
            serial: Serial(serial.to_be_bytes()),
            identity: identity.certified(),
            level,
            role: match holder.role {
                Role::Citizen => CoreRole::Citizen,
                Role::Officer => CoreRole::Officer,
            },
            development,
            not_before: now,
            expires_at: now + lifetime,
            device_key: device_key.clone(),
        };
        let cert = self.authority.issue_certificate(claims)?;
        Ok(Signed {
            serial,
            type_code: None,
            body: cert.to_bytes().to_vec(),
            not_after: now + lifetime,
        })
    }

    /// The papers to issue to `holder`'s device `device_key` at `now` (today: the sample ID
    /// card, driving licence, health-insurance card and vehicle registration, with the
    /// holder's sex; none for a level-1 account). The device certificate's serial is set when
    /// they are signed.
    pub fn paper_batch(
        &self,
        holder: &Holder,
        device_key: &PublicKey,
        now: UnixTime,
    ) -> Result<PaperBatch> {
        let (identity, level) = holder.identity()?;
        if level < AssuranceLevel::Level2 {
            // Papers are shown with the QR verification, which needs level 2: none for level 1.
            return Ok(PaperBatch {
                contents: Vec::new(),
            });
        }
        let to = PaperHolder {
            device_key: device_key.clone(),
            device_serial: Serial([0; 8]),
            level,
            // Set with the serial when they are signed.
            device_expires_at: 0,
        };
        let mut contents = samples::sample_contents(&identity, &to, now)?;
        for c in &mut contents {
            for (key, value) in &mut c.fields {
                if key == "sex" {
                    *value = FieldValue::Text(holder.sex.clone());
                }
            }
        }
        Ok(PaperBatch { contents })
    }

    /// Signs a batch under the given serials (one per paper), issued to the device
    /// certificate `device_serial`, which ends at `device_expires_at` (the papers are not
    /// accepted past it; renewing the device re-issues them).
    pub fn sign_papers(
        &self,
        batch: PaperBatch,
        device_serial: u64,
        device_expires_at: UnixTime,
        serials: &[u64],
        now: UnixTime,
    ) -> Result<Vec<Signed>> {
        if serials.len() != batch.contents.len() {
            return Err(Error::Invalid("one serial per paper".into()));
        }
        batch
            .contents
            .into_iter()
            .zip(serials)
            .map(|(mut content, &serial)| {
                content.serial = Serial(serial.to_be_bytes());
                content.holder.device_serial = Serial(device_serial.to_be_bytes());
                content.holder.device_expires_at = device_expires_at;
                let paper = self.authority.issue_paper(&content, now)?;
                Ok(Signed {
                    serial,
                    type_code: Some(content.type_code.clone()),
                    body: paper.to_bytes()?,
                    not_after: content.valid_until,
                })
            })
            .collect()
    }

    /// The trust list (the device-certificate issuer and the agencies' paper issuers) under
    /// `sequence`, signed by the root.
    pub fn trust_list(&self, sequence: u64, now: UnixTime, lifetime: i64) -> Result<Vec<u8>> {
        let mut issuers = vec![self.authority.device_issuer().entry.clone()];
        for agency in PAPER_AGENCIES {
            let issuer = self
                .authority
                .paper_issuer(agency.code)
                .ok_or(Error::NotFound("paper issuer"))?;
            issuers.push(issuer.entry.clone());
        }
        let list = TrustList {
            sequence,
            issued_at: now,
            next_update: now + lifetime,
            issuers,
        };
        Ok(self.authority.sign_trust_list(&list)?)
    }

    /// The revocation list naming `revoked` under `sequence`, signed by the root.
    pub fn revocation_list(
        &self,
        sequence: u64,
        now: UnixTime,
        lifetime: i64,
        revoked: &[u64],
    ) -> Result<Vec<u8>> {
        let list = RevocationList {
            sequence,
            issued_at: now,
            next_update: now + lifetime,
            revoked: revoked
                .iter()
                .map(|s| Serial(s.to_be_bytes()))
                .collect::<RevokedSet>(),
        };
        Ok(self.authority.sign_revocation_list(&list)?)
    }

    /// The revocation delta that gives list `to` (issued at `issued_at`, fresh until
    /// `next_update`) from list `base`: `added` and `removed` serials, signed by the root.
    pub fn revocation_delta(
        &self,
        base: u64,
        to: (u64, UnixTime, UnixTime),
        added: &[u64],
        removed: &[u64],
    ) -> Result<Vec<u8>> {
        let set = |v: &[u64]| {
            v.iter()
                .map(|s| Serial(s.to_be_bytes()))
                .collect::<RevokedSet>()
        };
        let (sequence, issued_at, next_update) = to;
        let delta = RevocationDelta {
            sequence,
            issued_at,
            next_update,
            base_sequence: base,
            added: set(added),
            removed: set(removed),
        };
        Ok(self.authority.sign_revocation_delta(&delta)?)
    }

    /// The sequence number of a list this authority signed.
    pub fn sequence_of(&self, trust: bool, bytes: &[u8]) -> Result<u64> {
        Ok(if trust {
            TrustList::verify(bytes, &self.root_public)?.sequence
        } else {
            RevocationList::verify(bytes, &self.root_public)?.sequence
        })
    }

    /// Writes the public parts (root key, lists) to `dir/public/`, for the CLI's `--trust`.
    pub fn write_public(&self, dir: &Path, bundle: &TrustBundle) -> Result<()> {
        Ok(write_public(
            &dir.join("public"),
            &self.root_public,
            bundle,
        )?)
    }
}

/// Checks a holder's identity as the core would certify it (12-digit ID, printable name of at
/// most 80 bytes, level 1 or 2).
pub fn check_holder(holder: &Holder) -> Result<()> {
    holder.identity().map(|_| ())
}
