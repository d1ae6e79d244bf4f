//! The mobile security object (MSO, the ISO/IEC 18013-5 idea): what the issuer signs of a
//! paper — type, serial, holder, validity and one salted digest per field — and its
//! COSE_Sign1.

use std::fmt;

use ciborium::value::Value;
use coset::CoseSign1;

use crate::certificate::Serial;
use crate::clock::UnixTime;
use crate::cose::{self, entry, MapReader};
use crate::identity::PersonalId;
use crate::keys::{sha256, PublicKey, Signer};
use crate::{Error, Result};

use super::catalogue::MAX_FIELDS;

/// Largest issuer-signed paper (COSE_Sign1 over the MSO) accepted, checked before parsing.
pub const MAX_PAPER_BYTES: usize = 2048;
/// Length of a per-field salt (ISO/IEC 18013-5 §9.1.2.5 asks for at least 16 bytes).
pub const SALT_LEN: usize = 16;
/// MSO format version.
pub const MSO_VERSION: u64 = 1;

// Keys of the MSO map.
const MSO_V: i64 = 1;
const MSO_TYPE: i64 = 2;
const MSO_SERIAL: i64 = 3;
const MSO_HOLDER: i64 = 4;
const MSO_SIGNED_AT: i64 = 5;
const MSO_VALID_FROM: i64 = 6;
const MSO_VALID_UNTIL: i64 = 7;
const MSO_DIGESTS: i64 = 8;

/// The digest the issuer signs for one field: `SHA-256(CBOR [salt, id, value])`.
pub fn field_digest(salt: &[u8; SALT_LEN], id: u8, value: &Value) -> Result<[u8; 32]> {
    let item = Value::Array(vec![
        Value::Bytes(salt.to_vec()),
        u64::from(id).into(),
        value.clone(),
    ]);
    Ok(sha256(&cose::to_cbor(&item)?))
}

/// The signed content of a paper (the MSO).
#[derive(Clone, PartialEq, Eq)]
pub struct Mso {
    /// Paper type code.
    pub type_code: String,
    /// Paper serial (the revocation list may name it).
    pub serial: Serial,
    /// The holder's personal ID number: the binding to the device certificate's subject.
    pub holder: PersonalId,
    /// When the issuer signed it.
    pub signed_at: UnixTime,
    /// Start of validity.
    pub valid_from: UnixTime,
    /// End of validity, exclusive.
    pub valid_until: UnixTime,
    /// Field id → digest, ids strictly increasing.
    pub digests: Vec<(u8, [u8; 32])>,
}

impl fmt::Debug for Mso {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mso")
            .field("type_code", &self.type_code)
            .field("serial", &self.serial)
            .field("holder", &self.holder)
            .field("valid_from", &self.valid_from)
            .field("valid_until", &self.valid_until)
            .finish_non_exhaustive()
    }
}

impl Mso {
    pub(crate) fn to_cbor(&self) -> Result<Vec<u8>> {
        let digests = self
            .digests
            .iter()
            .map(|(id, d)| (Value::from(u64::from(*id)), Value::Bytes(d.to_vec())))
            .collect();
        cose::to_cbor(&Value::Map(vec![
            entry(MSO_V, MSO_VERSION),
            entry(MSO_TYPE, self.type_code.as_str()),
            entry(MSO_SERIAL, self.serial.0.to_vec()),
            entry(MSO_HOLDER, self.holder.to_u64()),
            entry(MSO_SIGNED_AT, self.signed_at),
            entry(MSO_VALID_FROM, self.valid_from),
            entry(MSO_VALID_UNTIL, self.valid_until),
            entry(MSO_DIGESTS, Value::Map(digests)),
        ]))
    }

    fn from_cbor(bytes: &[u8]) -> Result<Self> {
        const WHAT: &str = "paper MSO";
        let bad = || Error::malformed(WHAT);
        let mut m = MapReader::new(cose::from_cbor(bytes, MAX_PAPER_BYTES, WHAT)?, WHAT)?;
        if m.uint(MSO_V)? != MSO_VERSION {
            return Err(Error::UnsupportedVersion { what: WHAT });
        }
        let type_code = m.text(MSO_TYPE)?;
        if type_code.is_empty() || type_code.len() > 16 {
            return Err(bad());
        }
        let serial = Serial::from_slice(&m.bytes(MSO_SERIAL)?).map_err(|_| bad())?;
        let holder = PersonalId::from_u64(m.uint(MSO_HOLDER)?).map_err(|_| bad())?;
        let signed_at = m.int(MSO_SIGNED_AT)?;
        let valid_from = m.int(MSO_VALID_FROM)?;
        let valid_until = m.int(MSO_VALID_UNTIL)?;
        let Value::Map(raw) = m.req(MSO_DIGESTS)? else {
            return Err(bad());
        };
        m.finish()?;
        if raw.len() > MAX_FIELDS || valid_from >= valid_until {
            return Err(bad());
        }
        let mut digests: Vec<(u8, [u8; 32])> = Vec::with_capacity(raw.len());
        for (k, v) in raw {
            let id = u8::try_from(cose::int(&k, WHAT)?).map_err(|_| bad())?;
            let Value::Bytes(d) = v else {
                return Err(bad());
            };
            let d: [u8; 32] = d.as_slice().try_into().map_err(|_| bad())?;
            // Canonical order: strictly increasing ids, so no id appears twice.
            if digests.last().is_some_and(|(last, _)| *last >= id) {
                return Err(bad());
            }
            digests.push((id, d));
        }
        Ok(Mso {
            type_code,
            serial,
            holder,
            signed_at,
            valid_from,
            valid_until,
            digests,
        })
    }

    /// The digest for a field id.
    pub fn digest(&self, id: u8) -> Option<&[u8; 32]> {
        self.digests.iter().find(|(i, _)| *i == id).map(|(_, d)| d)
    }
}

/// An issuer-signed MSO, parsed but not verified.
#[derive(Clone)]
pub struct SignedMso {
    /// The MSO (believe it only once the verifier has checked its issuer).
    pub mso: Mso,
    kid: Vec<u8>,
    sign1: CoseSign1,
    bytes: Vec<u8>,
}

impl fmt::Debug for SignedMso {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedMso")
            .field("mso", &self.mso)
            .field("kid", &crate::hex(&self.kid))
            .finish_non_exhaustive()
    }
}

impl SignedMso {
    /// Signs an MSO with the issuer key (COSE_Sign1, ES256, `kid` in the protected header).
    pub(crate) fn sign(mso: Mso, kid: &[u8], issuer: &dyn Signer) -> Result<Self> {
        let sign1 = cose::sign1(cose::header_with_kid(kid), mso.to_cbor()?, issuer)?;
        let bytes = cose::encode_sign1(sign1.clone(), false)?;
        Ok(SignedMso {
            mso,
            kid: kid.to_vec(),
            sign1,
            bytes,
        })
    }

    /// Parses (does not verify).
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        const WHAT: &str = "issuer-signed paper";
        let sign1 =
            cose::parse_sign1_strict(bytes, MAX_PAPER_BYTES, WHAT, &[cose::HeaderParam::KeyId])?;
        let kid = sign1.protected.header.key_id.clone();
        if kid.is_empty() || !sign1.unprotected.is_empty() {
            return Err(Error::malformed(WHAT));
        }
        let payload = sign1.payload.as_deref().ok_or(Error::malformed(WHAT))?;
        let mso = Mso::from_cbor(payload)?;
        Ok(SignedMso {
            mso,
            kid,
            sign1,
            bytes: bytes.to_vec(),
        })
    }

    /// The issuer key id.
    pub fn issuer_kid(&self) -> &[u8] {
        &self.kid
    }

    /// The signed bytes.
    pub fn to_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Verifies the issuer's signature with `key` (the key the trust list gives for
    /// [`SignedMso::issuer_kid`]).
    pub fn verify_signature(&self, key: &PublicKey) -> Result<()> {
        cose::verify1(&self.sign1, key)
    }
}
