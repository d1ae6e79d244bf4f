//! The mobile security object (MSO, the ISO/IEC 18013-5 idea): what the issuer signs of a
//! paper — type, serial, the holder's device, validity, and the root of a hash tree over the
//! salted fields — and its COSE_Sign1.

use std::fmt;

use ciborium::value::Value;
use coset::CoseSign1;

use crate::certificate::Serial;
use crate::clock::UnixTime;
use crate::cose;
use crate::identity::AssuranceLevel;
use crate::keys::{PublicKey, Signer};
use crate::{Error, Result};

use super::catalogue::MAX_FIELDS;
use super::merkle::Hash;

/// Largest issuer-signed paper (COSE_Sign1 over the MSO) accepted, checked before parsing.
pub const MAX_PAPER_BYTES: usize = 2048;
/// Length of a per-field salt (ISO/IEC 18013-5 §9.1.2.5 asks for at least 16 bytes).
pub const SALT_LEN: usize = 16;
/// MSO format version: 2 binds the paper to the holder's device key (version 1 named the
/// holder by personal ID number) and signs a hash-tree root.
pub const MSO_VERSION: u64 = 2;

/// Who a paper belongs to: the holder's device key (the presentation must be signed by it, as
/// ISO 18013-5's MSO binds `deviceKeyInfo`), that device's certificate serial (so the
/// revocation list of a stolen phone applies to its papers too), and the account's assurance
/// level (a presentation carries no certificate, so the verifier reads the level here).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Holder {
    /// The holder's device key.
    pub device_key: PublicKey,
    /// The serial of the device certificate for that key.
    pub device_serial: Serial,
    /// The holder account's level when the paper was issued (only level 2 is issued papers).
    pub level: AssuranceLevel,
    /// When that device certificate expires: a presentation carries no certificate, so the
    /// paper is not accepted past it (renewing the device re-issues its papers). It also lets
    /// the authority drop a replaced phone's serial from the revocation list once its
    /// certificate is over, without listing its papers.
    pub device_expires_at: UnixTime,
}

/// The signed content of a paper (the MSO).
#[derive(Clone, PartialEq, Eq)]
pub struct Mso {
    /// Paper type code.
    pub type_code: String,
    /// Paper serial (the revocation list may name it).
    pub serial: Serial,
    /// The device it was issued to.
    pub holder: Holder,
    /// When the issuer signed it.
    pub signed_at: UnixTime,
    /// Start of validity.
    pub valid_from: UnixTime,
    /// End of validity, exclusive.
    pub valid_until: UnixTime,
    /// The ids of the paper's fields, strictly increasing: leaf `i` of the tree is `ids[i]`.
    pub ids: Vec<u8>,
    /// The root of the hash tree over the salted fields ([`merkle`]).
    pub root: Hash,
}

impl fmt::Debug for Mso {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mso")
            .field("type_code", &self.type_code)
            .field("serial", &self.serial)
            .field("device_serial", &self.holder.device_serial)
            .field("valid_from", &self.valid_from)
            .field("valid_until", &self.valid_until)
            .finish_non_exhaustive()
    }
}

impl Mso {
    /// CBOR `[version, type, serial, device key (compressed SEC1), device serial, signed at,
    /// valid from, valid until, field ids, root, holder level, device certificate's end]` —
    /// an array: the presentation QR carries it,
    /// and every byte counts.
    pub(crate) fn to_cbor(&self) -> Result<Vec<u8>> {
        cose::to_cbor(&Value::Array(vec![
            MSO_VERSION.into(),
            Value::Text(self.type_code.clone()),
            Value::Bytes(self.serial.0.to_vec()),
            Value::Bytes(self.holder.device_key.compressed().to_vec()),
            Value::Bytes(self.holder.device_serial.0.to_vec()),
            self.signed_at.into(),
            self.valid_from.into(),
            self.valid_until.into(),
            Value::Bytes(self.ids.clone()),
            Value::Bytes(self.root.to_vec()),
            u64::from(self.holder.level.number()).into(),
            self.holder.device_expires_at.into(),
        ]))
    }

    fn from_cbor(bytes: &[u8]) -> Result<Self> {
        const WHAT: &str = "paper MSO";
        let bad = || Error::malformed(WHAT);
        let Value::Array(a) = cose::from_cbor(bytes, MAX_PAPER_BYTES, WHAT)? else {
            return Err(bad());
        };
        if a.first().map(|v| cose::int(v, WHAT).ok()) != Some(Some(MSO_VERSION as i64)) {
            return Err(if a.is_empty() {
                bad()
            } else {
                Error::UnsupportedVersion { what: WHAT }
            });
        }
        let [_, Value::Text(type_code), Value::Bytes(serial), Value::Bytes(key), Value::Bytes(dserial), signed_at, valid_from, valid_until, Value::Bytes(ids), Value::Bytes(root), level, device_expires_at] =
            <[Value; 12]>::try_from(a).map_err(|_| bad())?
        else {
            return Err(bad());
        };
        if type_code.is_empty() || type_code.len() > 16 {
            return Err(bad());
        }
        let int = |v: &Value| cose::int(v, WHAT);
        let (signed_at, valid_from, valid_until) =
            (int(&signed_at)?, int(&valid_from)?, int(&valid_until)?);
        if ids.len() > MAX_FIELDS
            || valid_from >= valid_until
            || ids.windows(2).any(|w| w[0] >= w[1])
        {
            return Err(bad());
        }
        Ok(Mso {
            type_code,
            serial: Serial::from_slice(&serial).map_err(|_| bad())?,
            holder: Holder {
                device_key: PublicKey::from_sec1(&key)
                    .ok()
                    .filter(|_| key.len() == 33)
                    .ok_or_else(bad)?,
                device_serial: Serial::from_slice(&dserial).map_err(|_| bad())?,
                level: u8::try_from(int(&level)?)
                    .ok()
                    .and_then(|n| AssuranceLevel::try_from(n).ok())
                    .ok_or_else(bad)?,
                device_expires_at: int(&device_expires_at)?,
            },
            signed_at,
            valid_from,
            valid_until,
            ids,
            root: root.as_slice().try_into().map_err(|_| bad())?,
        })
    }

    /// The leaf index of field `id`.
    pub fn leaf_index(&self, id: u8) -> Option<usize> {
        self.ids.iter().position(|i| *i == id)
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
