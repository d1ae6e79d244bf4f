//! What an officer's app trusts: the authority's pinned root key, the root-signed trust list
//! (issuer keys by `kid`, each with a purpose and validity) and the root-signed revocation list
//! (device-certificate serials). Sequence numbers never go back, so an old list cannot be
//! swapped in; a list past its `next_update` is flagged as stale.
//!
//! Byte layout: `docs/protocol.md` §5.

use std::collections::BTreeSet;

use ciborium::value::Value;
use coset::HeaderBuilder;

use crate::certificate::{public_key_from_cose, public_key_to_cose, Serial};
use crate::clock::UnixTime;
use crate::cose::{self, entry, MapReader};
use crate::keys::{PublicKey, Signer};
use crate::{Error, Result};

/// Largest list accepted, checked before parsing.
pub const MAX_LIST_BYTES: usize = 4 * 1024 * 1024;

const CT_TRUST_LIST: &str = "application/vnd.vneid.trust-list+cbor";
const CT_REVOCATION_LIST: &str = "application/vnd.vneid.revocation-list+cbor";

/// What an issuer key may sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyPurpose {
    /// Device certificates at enrolment.
    DeviceCertificate = 1,
    /// Papers (credentials) of one agency.
    Paper = 2,
}

impl KeyPurpose {
    fn from_int(i: i64) -> Option<Self> {
        match i {
            1 => Some(KeyPurpose::DeviceCertificate),
            2 => Some(KeyPurpose::Paper),
            _ => None,
        }
    }
}

/// One issuer key in the trust list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedIssuer {
    /// Key id, as in the `kid` header of what it signs.
    pub kid: Vec<u8>,
    /// What it may sign.
    pub purpose: KeyPurpose,
    /// Agency code (e.g. `C06`); papers name their agency and must match.
    pub agency: String,
    /// Public key.
    pub key: PublicKey,
    /// Start of the key's validity.
    pub not_before: UnixTime,
    /// End of the key's validity, exclusive.
    pub not_after: UnixTime,
}

impl TrustedIssuer {
    /// Whether the key is valid at `t`.
    pub fn valid_at(&self, t: UnixTime) -> bool {
        self.not_before <= t && t < self.not_after
    }
}

/// The trust list's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustList {
    /// Monotonic sequence number.
    pub sequence: u64,
    /// When the authority made it.
    pub issued_at: UnixTime,
    /// After this the list is stale: still used, but flagged.
    pub next_update: UnixTime,
    /// Issuer keys.
    pub issuers: Vec<TrustedIssuer>,
}

/// The revocation list's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevocationList {
    /// Monotonic sequence number, independent of the trust list's.
    pub sequence: u64,
    /// When the authority made it.
    pub issued_at: UnixTime,
    /// After this the list is stale: still used, but flagged.
    pub next_update: UnixTime,
    /// Revoked device-certificate serials.
    pub revoked: BTreeSet<Serial>,
}

fn header_fields(m: &mut MapReader) -> Result<(u64, UnixTime, UnixTime)> {
    Ok((m.uint(1)?, m.int(2)?, m.int(3)?))
}

impl TrustList {
    /// Signs the list with the root key.
    pub fn sign(&self, root: &dyn Signer, root_kid: &[u8]) -> Result<Vec<u8>> {
        let issuers = self
            .issuers
            .iter()
            .map(|i| {
                Ok(Value::Map(vec![
                    entry(1, i.kid.clone()),
                    entry(2, i.purpose as i64),
                    entry(3, i.agency.as_str()),
                    entry(4, public_key_to_cose(&i.key, &i.kid)?),
                    entry(5, i.not_before),
                    entry(6, i.not_after),
                ]))
            })
            .collect::<Result<Vec<_>>>()?;
        let payload = Value::Map(vec![
            entry(1, self.sequence),
            entry(2, self.issued_at),
            entry(3, self.next_update),
            entry(4, Value::Array(issuers)),
        ]);
        sign_list(root, root_kid, CT_TRUST_LIST, &payload)
    }

    /// Verifies against the pinned root and parses.
    pub fn verify(bytes: &[u8], root: &PublicKey) -> Result<Self> {
        const WHAT: &str = "trust list";
        let mut m = verified_payload(bytes, root, CT_TRUST_LIST, WHAT)?;
        let (sequence, issued_at, next_update) = header_fields(&mut m)?;
        let mut issuers = Vec::new();
        for v in m.array(4)? {
            let mut i = MapReader::new(v, WHAT)?;
            let kid = i.bytes(1)?;
            let purpose = KeyPurpose::from_int(i.int(2)?).ok_or(Error::malformed(WHAT))?;
            let agency = i.text(3)?;
            let key = public_key_from_cose(i.req(4)?)?;
            let (not_before, not_after) = (i.int(5)?, i.int(6)?);
            if kid.is_empty() || issuers.iter().any(|x: &TrustedIssuer| x.kid == kid) {
                return Err(Error::malformed(WHAT)); // a kid must name one key
            }
            issuers.push(TrustedIssuer {
                kid,
                purpose,
                agency,
                key,
                not_before,
                not_after,
            });
        }
        Ok(TrustList {
            sequence,
            issued_at,
            next_update,
            issuers,
        })
    }

    /// The issuer with this `kid`.
    pub fn issuer(&self, kid: &[u8]) -> Option<&TrustedIssuer> {
        self.issuers.iter().find(|i| i.kid == kid)
    }
}

impl RevocationList {
    /// Signs the list with the root key.
    pub fn sign(&self, root: &dyn Signer, root_kid: &[u8]) -> Result<Vec<u8>> {
        let serials = self
            .revoked
            .iter()
            .map(|s| Value::Bytes(s.0.to_vec()))
            .collect();
        let payload = Value::Map(vec![
            entry(1, self.sequence),
            entry(2, self.issued_at),
            entry(3, self.next_update),
            entry(4, Value::Array(serials)),
        ]);
        sign_list(root, root_kid, CT_REVOCATION_LIST, &payload)
    }

    /// Verifies against the pinned root and parses.
    pub fn verify(bytes: &[u8], root: &PublicKey) -> Result<Self> {
        const WHAT: &str = "revocation list";
        let mut m = verified_payload(bytes, root, CT_REVOCATION_LIST, WHAT)?;
        let (sequence, issued_at, next_update) = header_fields(&mut m)?;
        let revoked = m
            .array(4)?
            .into_iter()
            .map(|v| match v {
                Value::Bytes(b) => Serial::from_slice(&b),
                _ => Err(Error::malformed(WHAT)),
            })
            .collect::<Result<_>>()?;
        Ok(RevocationList {
            sequence,
            issued_at,
            next_update,
            revoked,
        })
    }
}

fn sign_list(
    root: &dyn Signer,
    kid: &[u8],
    content_type: &str,
    payload: &Value,
) -> Result<Vec<u8>> {
    let h = HeaderBuilder::new()
        .key_id(kid.to_vec())
        .content_type(content_type.to_owned());
    cose::encode_sign1(cose::sign1(h, cose::to_cbor(payload)?, root)?, true)
}

fn verified_payload(
    bytes: &[u8],
    root: &PublicKey,
    content_type: &str,
    what: &'static str,
) -> Result<MapReader> {
    let msg = cose::parse_sign1(bytes, MAX_LIST_BYTES, what)?;
    cose::verify1(&msg, root).map_err(|_| Error::Untrusted { what })?;
    // The content type is under the signature: a revocation list cannot pass as a trust list.
    let ct_ok = matches!(
        &msg.protected.header.content_type,
        Some(coset::ContentType::Text(t)) if t == content_type
    );
    if !ct_ok {
        return Err(Error::Untrusted { what });
    }
    let payload = msg.payload.as_deref().ok_or(Error::malformed(what))?;
    MapReader::new(cose::from_cbor(payload, MAX_LIST_BYTES, what)?, what)
}

/// Why a verdict may deserve a second look even when every check passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TrustWarning {
    /// The trust list is past its `next_update`: connect to refresh it.
    TrustListStale,
    /// The revocation list is past its `next_update`: a recent revocation may be missing.
    RevocationListStale,
}

/// The verifier's trust anchors: a pinned root key and the newest lists it accepted.
#[derive(Clone, Debug)]
pub struct TrustStore {
    root: PublicKey,
    trust: Option<(TrustList, Vec<u8>)>,
    revocation: Option<(RevocationList, Vec<u8>)>,
}

impl TrustStore {
    /// An empty store that will accept only lists signed by `root`.
    pub fn new(root: PublicKey) -> Self {
        TrustStore {
            root,
            trust: None,
            revocation: None,
        }
    }

    /// The pinned root key.
    pub fn root(&self) -> &PublicKey {
        &self.root
    }

    /// Installs a trust list if it verifies and its sequence number is newer than the held
    /// one. The same list again is accepted as a no-op; an older one, or a different list with
    /// the same number, is refused with [`Error::StaleList`].
    pub fn update_trust_list(&mut self, bytes: &[u8]) -> Result<&TrustList> {
        let list = TrustList::verify(bytes, &self.root)?;
        if let Some((held, held_bytes)) = &self.trust {
            check_newer(
                "trust list",
                list.sequence,
                held.sequence,
                bytes == held_bytes.as_slice(),
            )?;
        }
        Ok(&self.trust.insert((list, bytes.to_vec())).0)
    }

    /// As [`TrustStore::update_trust_list`], for the revocation list.
    pub fn update_revocation_list(&mut self, bytes: &[u8]) -> Result<&RevocationList> {
        let list = RevocationList::verify(bytes, &self.root)?;
        if let Some((held, held_bytes)) = &self.revocation {
            check_newer(
                "revocation list",
                list.sequence,
                held.sequence,
                bytes == held_bytes.as_slice(),
            )?;
        }
        Ok(&self.revocation.insert((list, bytes.to_vec())).0)
    }

    /// The trust list, if one is loaded.
    pub fn trust_list(&self) -> Option<&TrustList> {
        self.trust.as_ref().map(|(l, _)| l)
    }

    /// The revocation list, if one is loaded.
    pub fn revocation_list(&self) -> Option<&RevocationList> {
        self.revocation.as_ref().map(|(l, _)| l)
    }

    /// The signed bytes of the held lists, to persist and reload.
    pub fn signed_lists(&self) -> (Option<&[u8]>, Option<&[u8]>) {
        (
            self.trust.as_ref().map(|(_, b)| b.as_slice()),
            self.revocation.as_ref().map(|(_, b)| b.as_slice()),
        )
    }

    /// Both lists, or [`Error::NoTrustList`]: the verifier fails closed without either.
    pub fn lists(&self) -> Result<(&TrustList, &RevocationList)> {
        match (self.trust_list(), self.revocation_list()) {
            (Some(t), Some(r)) => Ok((t, r)),
            _ => Err(Error::NoTrustList),
        }
    }

    /// Staleness warnings at `now`.
    pub fn warnings(&self, now: UnixTime) -> Vec<TrustWarning> {
        let mut w = Vec::new();
        if self.trust_list().is_some_and(|l| now > l.next_update) {
            w.push(TrustWarning::TrustListStale);
        }
        if self.revocation_list().is_some_and(|l| now > l.next_update) {
            w.push(TrustWarning::RevocationListStale);
        }
        w
    }
}

fn check_newer(what: &'static str, offered: u64, held: u64, identical: bool) -> Result<()> {
    if offered > held || (offered == held && identical) {
        Ok(())
    } else {
        Err(Error::StaleList {
            what,
            offered,
            held,
        })
    }
}
