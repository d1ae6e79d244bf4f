//! The identity token shown as the QR: a CWT signed by the device key, valid 60 seconds, with
//! the device certificate embedded in the protected header (`kcwt`, RFC 9528), so an officer
//! verifies it offline: trust list → issuer → certificate → device key → token.
//!
//! Byte layout: `docs/protocol.md` §3.

use std::fmt;

use ciborium::value::Value;
use coset::{iana, CborSerializable, CoseSign1, HeaderBuilder};

use crate::certificate::DeviceCertificate;
use crate::clock::UnixTime;
use crate::cose::{self, entry, MapReader};
use crate::keys::Signer;
use crate::{Error, Result};

/// How long a QR is valid: the seed texts' "1 phút".
pub const TOKEN_VALIDITY_SECS: i64 = 60;

/// Largest token accepted, checked before parsing.
pub const MAX_TOKEN_BYTES: usize = 1024;

/// A token id (`cti`): 128 random bits, so the officer's replay cache can tell a repeat.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenId(pub [u8; 16]);

impl TokenId {
    /// A fresh random id.
    pub fn random() -> Result<Self> {
        let mut b = [0u8; 16];
        crate::keys::random_bytes(&mut b)?;
        Ok(TokenId(b))
    }

    /// SHA-256 of the id alone (for logs that must not name the certificate).
    pub fn digest(&self) -> [u8; 32] {
        crate::keys::sha256(&self.0)
    }
}

impl fmt::Debug for TokenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenId({})", crate::hex(&self.0[..4]))
    }
}

/// The envelope every device-signed QR shares (identity token, paper presentation): a tagged
/// COSE_Sign1 by the device key, the device certificate in the protected `kcwt` header and
/// nothing else there, and `cti`, `iat`, `exp = iat + 60` among the claims. Parsed, not verified.
#[derive(Clone)]
pub struct DeviceSigned {
    /// Token id.
    pub id: TokenId,
    /// When it was made (CWT `iat`).
    pub issued_at: UnixTime,
    /// When it stops being valid (CWT `exp`), exclusive.
    pub expires_at: UnixTime,
    /// The embedded device certificate.
    pub certificate: DeviceCertificate,
    sign1: CoseSign1,
}

impl fmt::Debug for DeviceSigned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceSigned")
            .field("id", &self.id)
            .field("issued_at", &self.issued_at)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl DeviceSigned {
    /// Signs `cti`, `iat`, `exp = iat + 60` and `extra` claims with the device key.
    pub(crate) fn sign(
        certificate: &DeviceCertificate,
        device: &dyn Signer,
        issued_at: UnixTime,
        id: TokenId,
        extra: Vec<(Value, Value)>,
    ) -> Result<Vec<u8>> {
        let cert_value = Value::from_slice(certificate.to_bytes())
            .map_err(|_| Error::malformed("device certificate"))?;
        let mut claims = vec![
            entry(iana::CwtClaimName::Cti as i64, id.0.to_vec()),
            entry(iana::CwtClaimName::Iat as i64, issued_at),
            entry(
                iana::CwtClaimName::Exp as i64,
                issued_at + TOKEN_VALIDITY_SECS,
            ),
        ];
        claims.extend(extra);
        let protected = HeaderBuilder::new().value(cose::HEADER_KCWT, cert_value);
        let sign1 = cose::sign1(protected, cose::to_cbor(&Value::Map(claims))?, device)?;
        cose::encode_sign1(sign1, true)
    }

    /// Parses the envelope (at most `limit` bytes); the claims other than `cti`, `iat` and
    /// `exp` are left in the returned reader for the caller, who must `finish` it.
    pub(crate) fn parse(
        bytes: &[u8],
        limit: usize,
        what: &'static str,
    ) -> Result<(Self, MapReader)> {
        cose::check_len(bytes.len(), limit, what)?;
        // Tag 18 is required: one token, one encoding.
        if bytes.first() != Some(&0xd2) {
            return Err(Error::malformed(what));
        }
        let sign1 = cose::parse_sign1_strict(bytes, limit, what, &[cose::HeaderParam::Kcwt])?;
        let h = &sign1.protected.header;
        // Everything read must be under the signature, and the protected header holds only
        // the algorithm and the certificate.
        if !sign1.unprotected.is_empty()
            || h.rest.len() != 1
            || !h.key_id.is_empty()
            || h.content_type.is_some()
            || !h.crit.is_empty()
        {
            return Err(Error::malformed(what));
        }
        let cert_value = cose::header_value(h, cose::HEADER_KCWT).ok_or(Error::malformed(what))?;
        let certificate = DeviceCertificate::from_bytes(&cose::to_cbor(cert_value)?)?;
        let payload = sign1.payload.as_deref().ok_or(Error::malformed(what))?;
        let mut m = MapReader::new(cose::from_cbor(payload, limit, what)?, what)?;
        let id = TokenId(
            m.bytes(iana::CwtClaimName::Cti as i64)?
                .try_into()
                .map_err(|_| Error::malformed(what))?,
        );
        let issued_at = m.int(iana::CwtClaimName::Iat as i64)?;
        let expires_at = m.int(iana::CwtClaimName::Exp as i64)?;
        let envelope = DeviceSigned {
            id,
            issued_at,
            expires_at,
            certificate,
            sign1,
        };
        Ok((envelope, m))
    }

    /// What the replay cache and the audit log key a scan by: SHA-256 over the certificate
    /// serial and the `cti`. Keyed by both, a citizen who copies another citizen's `cti` into
    /// their own token cannot make that citizen's first real scan look like a repeat.
    pub fn replay_key(&self) -> [u8; 32] {
        let serial = self.certificate.claims().serial;
        let mut b = Vec::with_capacity(8 + 16);
        b.extend_from_slice(&serial.0);
        b.extend_from_slice(&self.id.0);
        crate::keys::sha256(&b)
    }

    /// Verifies the device signature with the key the certificate binds (`cnf`).
    pub fn verify_device_signature(&self) -> Result<()> {
        cose::verify1(&self.sign1, &self.certificate.claims().device_key)
    }
}

/// A parsed (not yet verified) identity token: the envelope and nothing more.
#[derive(Clone, Debug)]
pub struct IdentityToken(DeviceSigned);

impl std::ops::Deref for IdentityToken {
    type Target = DeviceSigned;
    fn deref(&self) -> &DeviceSigned {
        &self.0
    }
}

impl IdentityToken {
    /// Makes and signs a token at `issued_at` with the device key. `exp = iat + 60`.
    pub fn create(
        certificate: &DeviceCertificate,
        device: &dyn Signer,
        issued_at: UnixTime,
        id: TokenId,
    ) -> Result<Vec<u8>> {
        DeviceSigned::sign(certificate, device, issued_at, id, Vec::new())
    }

    /// Parses a token and its embedded certificate. Verifies nothing. Extra claims (a paper
    /// presentation's, say) make it not an identity token.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let (envelope, claims) = DeviceSigned::parse(bytes, MAX_TOKEN_BYTES, "identity token")?;
        claims.finish()?;
        Ok(IdentityToken(envelope))
    }
}
