//! The device certificate: a CWT (RFC 8392) signed by an authority issuer at enrolment. It
//! binds the device's P-256 key (`cnf`, RFC 8747) to authority-attested identity claims — name,
//! date of birth and the *masked* personal ID number, never the full one — an assurance level
//! and a role, so the identity in the QR is attested, not self-asserted.
//!
//! Byte layout: `docs/protocol.md` §2.

use std::fmt;

use ciborium::value::Value;
use coset::{iana, CoseKey, CoseKeyBuilder, CoseSign1};

use crate::clock::UnixTime;
use crate::cose::{self, entry, MapReader};
use crate::identity::{
    date_to_days, days_to_date, AssuranceLevel, CertifiedIdentity, MaskedId, Role,
};
use crate::keys::{PublicKey, Signer};
use crate::{Error, Result};

/// Largest certificate accepted, checked before parsing.
pub const MAX_CERTIFICATE_BYTES: usize = 512;

/// CWT private-use claim (RFC 8392 §9.1: below −65536) holding the vneid identity map.
pub const CLAIM_VNEID_IDENTITY: i64 = -65537;

// Keys inside the identity map.
const ID_NAME: i64 = 1;
const ID_DOB: i64 = 2;
/// The personal ID number's last digit (its masked form); v1 carried the whole number here.
const ID_MASKED: i64 = 3;
const ID_LEVEL: i64 = 4;
/// Present (value 2) only for an officer's account: one encoding per certificate.
const ID_ROLE: i64 = 5;
const ROLE_OFFICER: u64 = 2;
/// Present (value `true`) only when the device was accepted under a development attestation
/// policy (an emulator, a simulator): officers' verifiers refuse it unless theirs is too.
const ID_DEVELOPMENT: i64 = 6;

/// A certificate serial number: 8 random bytes chosen by the authority.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Serial(pub [u8; 8]);

impl Serial {
    /// From bytes; must be exactly 8.
    pub fn from_slice(b: &[u8]) -> Result<Self> {
        b.try_into()
            .map(Serial)
            .map_err(|_| Error::malformed("certificate serial"))
    }

    /// Parses the 16-hex-digit form.
    pub fn from_hex(s: &str) -> Result<Self> {
        Self::from_slice(&crate::unhex(s).ok_or(Error::malformed("certificate serial"))?)
    }

    /// A fresh random serial.
    pub fn random() -> Result<Self> {
        let mut b = [0u8; 8];
        crate::keys::random_bytes(&mut b)?;
        Ok(Serial(b))
    }
}

impl fmt::Display for Serial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::hex(&self.0))
    }
}

impl fmt::Debug for Serial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Serial({self})")
    }
}

/// What the issuer attests; the unsigned content of a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateClaims {
    /// Serial number (CWT `cti`).
    pub serial: Serial,
    /// Who the device belongs to (the personal ID number masked).
    pub identity: CertifiedIdentity,
    /// The account's assurance level at enrolment.
    pub level: AssuranceLevel,
    /// The account's role (citizen or officer), from the authority's registration.
    pub role: Role,
    /// Accepted only under a development attestation policy.
    pub development: bool,
    /// Start of validity (CWT `nbf`).
    pub not_before: UnixTime,
    /// End of validity, exclusive (CWT `exp`).
    pub expires_at: UnixTime,
    /// The device key (CWT `cnf`), carried compressed.
    pub device_key: PublicKey,
}

impl CertificateClaims {
    fn to_payload(&self) -> Result<Vec<u8>> {
        let x = self.device_key.x().to_vec();
        let cose_key = CoseKeyBuilder::new_ec2_pub_key_y_sign(
            iana::EllipticCurve::P_256,
            x,
            self.device_key.y_is_odd(),
        )
        .build();
        let cose_key = coset::AsCborValue::to_cbor_value(cose_key)
            .map_err(|_| Error::malformed("device key"))?;
        let mut identity = vec![
            entry(ID_NAME, self.identity.full_name.as_str()),
            entry(ID_DOB, date_to_days(self.identity.date_of_birth)),
            entry(ID_MASKED, self.identity.masked_id.last_digit()),
            entry(ID_LEVEL, self.level.number()),
        ];
        if self.role == Role::Officer {
            identity.push(entry(ID_ROLE, ROLE_OFFICER));
        }
        if self.development {
            identity.push(entry(ID_DEVELOPMENT, true));
        }
        let identity = Value::Map(identity);
        let claims = Value::Map(vec![
            entry(iana::CwtClaimName::Cti as i64, self.serial.0.to_vec()),
            entry(iana::CwtClaimName::Nbf as i64, self.not_before),
            entry(iana::CwtClaimName::Exp as i64, self.expires_at),
            entry(
                iana::CwtClaimName::Cnf as i64,
                Value::Map(vec![entry(1, cose_key)]), // cnf { COSE_Key: … }
            ),
            entry(CLAIM_VNEID_IDENTITY, identity),
        ]);
        cose::to_cbor(&claims)
    }

    fn from_payload(payload: &[u8]) -> Result<Self> {
        const WHAT: &str = "certificate claims";
        let v = cose::from_cbor(payload, MAX_CERTIFICATE_BYTES, WHAT)?;
        let mut m = MapReader::new(v, WHAT)?;
        let serial = Serial::from_slice(&m.bytes(iana::CwtClaimName::Cti as i64)?)?;
        let not_before = m.int(iana::CwtClaimName::Nbf as i64)?;
        let expires_at = m.int(iana::CwtClaimName::Exp as i64)?;
        let mut cnf = MapReader::new(m.req(iana::CwtClaimName::Cnf as i64)?, WHAT)?;
        let device_key = public_key_from_cose(cnf.req(1)?)?;
        let mut id = MapReader::new(m.req(CLAIM_VNEID_IDENTITY)?, WHAT)?;
        let name = id.text(ID_NAME)?;
        let dob = days_to_date(id.int(ID_DOB)?)?;
        let masked = u8::try_from(id.uint(ID_MASKED)?)
            .ok()
            .and_then(|d| MaskedId::from_last_digit(d).ok())
            .ok_or(Error::malformed(WHAT))?;
        let level = u8::try_from(id.uint(ID_LEVEL)?)
            .ok()
            .and_then(|l| AssuranceLevel::try_from(l).ok())
            .ok_or(Error::malformed(WHAT))?;
        // Optional claims appear only with their one non-default value.
        let role = match id.take(ID_ROLE) {
            None => Role::Citizen,
            Some(v) if cose::int(&v, WHAT)? == ROLE_OFFICER as i64 => Role::Officer,
            Some(_) => return Err(Error::malformed(WHAT)),
        };
        let development = match id.take(ID_DEVELOPMENT) {
            None => false,
            Some(Value::Bool(true)) => true,
            Some(_) => return Err(Error::malformed(WHAT)),
        };
        id.finish()?;
        cnf.finish()?;
        m.finish()?;
        let identity = CertifiedIdentity::new(&name, dob, masked)?;
        Ok(CertificateClaims {
            serial,
            identity,
            level,
            role,
            development,
            not_before,
            expires_at,
            device_key,
        })
    }
}

/// A P-256 public key from a COSE_Key (EC2, P-256; `y` as bytes or as the sign bit).
pub fn public_key_from_cose(v: Value) -> Result<PublicKey> {
    use coset::AsCborValue;
    const WHAT: &str = "COSE_Key";
    let key = CoseKey::from_cbor_value(v).map_err(|_| Error::malformed(WHAT))?;
    if key.kty != coset::KeyType::Assigned(iana::KeyType::EC2) {
        return Err(Error::malformed(WHAT));
    }
    let param = |l: iana::Ec2KeyParameter| {
        key.params
            .iter()
            .find(|(k, _)| *k == coset::Label::Int(l as i64))
            .map(|(_, v)| v)
    };
    let crv_ok = matches!(
        param(iana::Ec2KeyParameter::Crv),
        Some(Value::Integer(i)) if i64::try_from(*i).ok() == Some(iana::EllipticCurve::P_256 as i64)
    );
    if !crv_ok {
        return Err(Error::malformed(WHAT));
    }
    let x: [u8; 32] = match param(iana::Ec2KeyParameter::X) {
        Some(Value::Bytes(b)) => b
            .as_slice()
            .try_into()
            .map_err(|_| Error::malformed(WHAT))?,
        _ => return Err(Error::malformed(WHAT)),
    };
    match param(iana::Ec2KeyParameter::Y) {
        Some(Value::Bool(odd)) => PublicKey::from_compressed(&x, *odd),
        Some(Value::Bytes(y)) => {
            let y: [u8; 32] = y
                .as_slice()
                .try_into()
                .map_err(|_| Error::malformed(WHAT))?;
            PublicKey::from_coordinates(&x, &y)
        }
        _ => Err(Error::malformed(WHAT)),
    }
    .map_err(|_| Error::malformed(WHAT))
}

/// A COSE_Key for a P-256 public key with both coordinates (for trust lists, where size does
/// not matter and every COSE library reads it).
pub fn public_key_to_cose(key: &PublicKey, kid: &[u8]) -> Result<Value> {
    use coset::AsCborValue;
    CoseKeyBuilder::new_ec2_pub_key(
        iana::EllipticCurve::P_256,
        key.x().to_vec(),
        key.y().to_vec(),
    )
    .key_id(kid.to_vec())
    .algorithm(iana::Algorithm::ES256)
    .build()
    .to_cbor_value()
    .map_err(|_| Error::malformed("COSE_Key"))
}

/// A signed device certificate.
#[derive(Clone)]
pub struct DeviceCertificate {
    claims: CertificateClaims,
    issuer_kid: Vec<u8>,
    sign1: CoseSign1,
    bytes: Vec<u8>,
}

impl fmt::Debug for DeviceCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceCertificate")
            .field("serial", &self.claims.serial)
            .field("issuer_kid", &crate::hex(&self.issuer_kid))
            .finish_non_exhaustive()
    }
}

impl DeviceCertificate {
    /// Signs `claims` with the issuer's key. Used by the authority.
    pub fn issue(
        claims: CertificateClaims,
        issuer_kid: &[u8],
        issuer: &dyn Signer,
    ) -> Result<Self> {
        let payload = claims.to_payload()?;
        let sign1 = cose::sign1(cose::header_with_kid(issuer_kid), payload, issuer)?;
        let bytes = cose::encode_sign1(sign1.clone(), false)?;
        Ok(DeviceCertificate {
            claims,
            issuer_kid: issuer_kid.to_vec(),
            sign1,
            bytes,
        })
    }

    /// Parses (does not verify) a certificate.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let sign1 = cose::parse_sign1_strict(
            bytes,
            MAX_CERTIFICATE_BYTES,
            "device certificate",
            &[cose::HeaderParam::KeyId],
        )?;
        let issuer_kid = sign1.protected.header.key_id.clone();
        if issuer_kid.is_empty() || !sign1.unprotected.is_empty() {
            return Err(Error::malformed("device certificate"));
        }
        let payload = sign1
            .payload
            .as_deref()
            .ok_or(Error::malformed("device certificate"))?;
        let claims = CertificateClaims::from_payload(payload)?;
        Ok(DeviceCertificate {
            claims,
            issuer_kid,
            sign1,
            bytes: bytes.to_vec(),
        })
    }

    /// Verifies the issuer's signature over the whole certificate.
    pub fn verify_signature(&self, issuer_key: &PublicKey) -> Result<()> {
        cose::verify1(&self.sign1, issuer_key)
    }

    /// The attested claims (only meaningful once the signature is verified).
    pub fn claims(&self) -> &CertificateClaims {
        &self.claims
    }

    /// The `kid` of the issuer key that signed it.
    pub fn issuer_kid(&self) -> &[u8] {
        &self.issuer_kid
    }

    /// The encoded certificate.
    pub fn to_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::parse_date;
    use crate::keys::SoftwareSigner;

    pub(crate) fn claims(device: &PublicKey) -> CertificateClaims {
        CertificateClaims {
            serial: Serial([1, 2, 3, 4, 5, 6, 7, 8]),
            identity: crate::identity::Identity::new(
                "Nguyễn Văn An",
                parse_date("1990-01-02").unwrap(),
                crate::identity::PersonalId::new("001090012345").unwrap(),
            )
            .unwrap()
            .certified(),
            level: AssuranceLevel::Level2,
            role: Role::Citizen,
            development: false,
            not_before: 1_700_000_000,
            expires_at: 1_800_000_000,
            device_key: device.clone(),
        }
    }

    #[test]
    fn issue_parse_verify_round_trip() {
        let issuer = SoftwareSigner::generate().unwrap();
        let device = SoftwareSigner::generate().unwrap().public_key().unwrap();
        let c = DeviceCertificate::issue(claims(&device), b"is", &issuer).unwrap();
        let parsed = DeviceCertificate::from_bytes(c.to_bytes()).unwrap();
        assert_eq!(parsed.claims(), c.claims());
        assert_eq!(parsed.issuer_kid(), b"is");
        parsed
            .verify_signature(&issuer.public_key().unwrap())
            .unwrap();
        let other = SoftwareSigner::generate().unwrap().public_key().unwrap();
        assert!(parsed.verify_signature(&other).is_err());
    }

    #[test]
    fn every_truncation_is_a_typed_error() {
        let issuer = SoftwareSigner::generate().unwrap();
        let device = SoftwareSigner::generate().unwrap().public_key().unwrap();
        let c = DeviceCertificate::issue(claims(&device), b"is", &issuer).unwrap();
        for n in 0..c.to_bytes().len() {
            assert!(DeviceCertificate::from_bytes(&c.to_bytes()[..n]).is_err());
        }
    }
}
