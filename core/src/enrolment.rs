//! Enrolment: what a device sends the authority to get its device certificate, and the
//! [`Enroller`] that answers (the in-process issuer in tests and the CLI, a server client in
//! production).

use ciborium::value::Value;

use crate::clock::UnixTime;
use crate::cose;
use crate::identity::{date_to_days, AssuranceLevel, Identity};
use crate::keys::{PublicKey, Signer, SIGNATURE_LEN};
use crate::Result;

/// What a device sends to enrol: who, which level, its public key, and a signature by that
/// key over the rest (proof that it holds the private key).
#[derive(Clone, Debug)]
pub struct EnrolmentRequest {
    /// Identity claims of the account.
    pub identity: Identity,
    /// Account level.
    pub level: AssuranceLevel,
    /// The device's public key.
    pub device_key: PublicKey,
    /// ES256 signature by the device key over [`EnrolmentRequest::signed_bytes`].
    pub proof: [u8; SIGNATURE_LEN],
}

impl EnrolmentRequest {
    /// Builds and signs a request with the device key.
    pub fn new(identity: Identity, level: AssuranceLevel, device: &dyn Signer) -> Result<Self> {
        let device_key = device.public_key()?;
        let proof = crate::keys::normalize_low_s(device.sign(&Self::signed_bytes(
            &identity,
            level,
            &device_key,
        )?)?);
        Ok(EnrolmentRequest {
            identity,
            level,
            device_key,
            proof,
        })
    }

    /// The bytes the proof signs.
    pub fn signed_bytes(
        identity: &Identity,
        level: AssuranceLevel,
        key: &PublicKey,
    ) -> Result<Vec<u8>> {
        cose::to_cbor(&Value::Array(vec![
            Value::Text("vneid-enrol-v1".into()),
            Value::Text(identity.full_name.clone()),
            date_to_days(identity.date_of_birth).into(),
            identity.personal_id.to_u64().into(),
            level.number().into(),
            Value::Bytes(key.sec1().to_vec()),
        ]))
    }
}

/// Anything that can enrol a device: the in-process issuer (feature `issuer`), a server
/// client in production.
pub trait Enroller: Send + Sync {
    /// Checks the request and returns the signed device certificate's bytes.
    fn enrol(&self, request: &EnrolmentRequest, now: UnixTime) -> Result<Vec<u8>>;
}
