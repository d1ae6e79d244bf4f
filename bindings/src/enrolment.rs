//! Enrolment: the `EnrolmentService` a citizen app enrols through (a server client in
//! production, `LocalAuthority` in tests), what it is sent, and the signed lists it hands out.

use std::sync::Arc;

use vneid_core::clock::UnixTime;
use vneid_core::enrolment::{Enroller as CoreEnroller, EnrolmentRequest as CoreRequest};
use vneid_core::trust::TrustBundle as Bundle;
use vneid_core::Error as CoreError;

use crate::error::{stash_foreign, ApiError};
use crate::types::AssuranceLevel;

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
    pub(crate) fn from_core(r: &CoreRequest) -> Self {
        EnrolmentRequest {
            full_name: r.identity.full_name.clone(),
            date_of_birth: r.identity.date_of_birth.to_string(),
            personal_id: r.identity.personal_id.reveal().to_owned(),
            level: r.level,
            device_public_key: r.device_key.sec1().to_vec(),
            proof: r.proof.to_vec(),
        }
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
