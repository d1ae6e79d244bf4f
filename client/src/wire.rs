//! The authority API's JSON bodies (`docs/authority-api.md`), shared by the service and the
//! client so both read one definition. Binary values are standard base64 with padding.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Bytes carried as a base64 string.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct B64(pub Vec<u8>);

impl std::fmt::Debug for B64 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "B64({} bytes)", self.0.len())
    }
}

impl Serialize for B64 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for B64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        STANDARD
            .decode(s.as_bytes())
            .map(B64)
            .map_err(|_| serde::de::Error::custom("not base64"))
    }
}

impl From<Vec<u8>> for B64 {
    fn from(v: Vec<u8>) -> Self {
        B64(v)
    }
}

/// What an account may do, as the in-person registration recorded it. The service takes it
/// from the account, never from the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A citizen: shows the identity QR and the papers.
    Citizen,
    /// A police or public-service officer: scans them.
    Officer,
}

impl Role {
    /// `citizen` or `officer`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Officer => "officer",
        }
    }

    /// From [`Role::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "citizen" => Some(Role::Citizen),
            "officer" => Some(Role::Officer),
            _ => None,
        }
    }
}

/// `POST /v1/login`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The 12-digit personal ID number.
    pub personal_id: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LoginRequest { .. }")
    }
}

/// The answer to a login.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LoginResponse {
    /// The session token, for `Authorization: Bearer …`.
    pub session: String,
    /// When the session ends (Unix seconds).
    pub expires_at: i64,
    /// The account's level (1 or 2).
    pub level: u8,
    /// The account's role.
    pub role: Role,
}

/// `POST /v1/enrolment/challenge`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChallengeResponse {
    /// 32 random bytes, accepted once, for the attestation and the proof.
    pub challenge: B64,
    /// When it expires (Unix seconds; 5 minutes after issue).
    pub expires_at: i64,
}

/// The platform's evidence that the device key is in the hardware of a genuine phone, held by
/// the genuine app (`docs/attestation.md`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "platform", rename_all = "snake_case", deny_unknown_fields)]
pub enum Evidence {
    /// Android Key Attestation: the device key's certificate chain, DER, leaf first.
    Android {
        /// `KeyStore.getCertificateChain(alias)`.
        chain: Vec<B64>,
    },
    /// Apple App Attest: the attestation object, the App Attest key id and the assertion that
    /// binds the device key.
    Ios {
        /// `attestKey` output (CBOR).
        attestation: B64,
        /// The App Attest key id (32 bytes).
        key_id: B64,
        /// `generateAssertion` output (CBOR) over the binding client data hash.
        assertion: B64,
    },
    /// No evidence (the iOS simulator): accepted only by a development policy.
    None,
}

/// `POST /v1/enrolment`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrolRequest {
    /// The challenge from `POST /v1/enrolment/challenge`.
    pub challenge: B64,
    /// The device public key, uncompressed SEC1 P-256 (65 bytes).
    pub device_key: B64,
    /// ES256 signature (raw r ‖ s, 64 bytes) by the device key over [`proof_message`].
    pub proof: B64,
    /// The platform's attestation evidence.
    pub evidence: Evidence,
}

/// The answer to an enrolment.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EnrolResponse {
    /// The device certificate (COSE_Sign1 CWT).
    pub certificate: B64,
    /// Its serial, 16 hex digits.
    pub serial: String,
    /// The level the certificate carries, from the account.
    pub level: u8,
    /// The role, from the account.
    pub role: Role,
    /// True when the attestation was accepted only under a development policy.
    pub development: bool,
    /// End of the certificate's validity (Unix seconds).
    pub not_after: i64,
    /// The holder's papers, issued with this device (the holder's copies, `Paper::to_bytes`).
    pub papers: Vec<B64>,
    /// Serials revoked by this enrolment (the previous device and its papers).
    pub replaced: Vec<String>,
}

/// `GET /v1/papers`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PapersResponse {
    /// The serial of the active device certificate they were issued with.
    pub device_serial: String,
    /// The papers (`Paper::to_bytes`).
    pub papers: Vec<B64>,
}

/// The active device, in `GET /v1/account`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DeviceInfo {
    /// Certificate serial, 16 hex digits.
    pub serial: String,
    /// `android`, `ios` or `none`.
    pub platform: String,
    /// Accepted under a development policy.
    pub development: bool,
    /// When it was enrolled (Unix seconds).
    pub enrolled_at: i64,
    /// End of the certificate's validity.
    pub not_after: i64,
}

/// `GET /v1/account`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccountResponse {
    /// Level 1 or 2.
    pub level: u8,
    /// Citizen or officer.
    pub role: Role,
    /// The active device, if any.
    pub device: Option<DeviceInfo>,
}

/// `POST /v1/device/revoke`: the answer.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RevokeResponse {
    /// Serials revoked (the device certificate and its papers); empty if none was active.
    pub revoked: Vec<String>,
    /// The sequence number of the first revocation list that names them.
    pub revocation_sequence: u64,
}

/// Every error answer's body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A stable code (`docs/authority-api.md` §errors), e.g. `invalid_credentials`.
    pub error: String,
    /// Words for a developer (English); apps show their own text per code.
    pub message: String,
    /// For `attestation_refused`: the failed check (the `vneid_attestation::Refusal` variant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
    /// For `rate_limited` and `locked`: seconds to wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

/// The label of the device key's proof of possession.
pub const PROOF_LABEL: &[u8] = b"vneid-enrol-proof/v1";

/// The bytes the device key signs at enrolment: `PROOF_LABEL ‖ len(challenge) (1 byte) ‖
/// challenge ‖ device key (65 bytes)`. It proves the client holds the key being certified, for
/// this challenge only.
pub fn proof_message(challenge: &[u8], device_key: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(PROOF_LABEL.len() + 1 + challenge.len() + device_key.len());
    m.extend_from_slice(PROOF_LABEL);
    m.push(u8::try_from(challenge.len()).unwrap_or(u8::MAX));
    m.extend_from_slice(challenge);
    m.extend_from_slice(device_key);
    m
}

/// Error codes.
pub mod code {
    /// Wrong personal ID or password (the two are not told apart).
    pub const INVALID_CREDENTIALS: &str = "invalid_credentials";
    /// Too many failed logins: the account is locked for a while.
    pub const LOCKED: &str = "locked";
    /// Too many requests from this address or for this account.
    pub const RATE_LIMITED: &str = "rate_limited";
    /// No valid session.
    pub const UNAUTHORIZED: &str = "unauthorized";
    /// The body is not the JSON this endpoint takes.
    pub const MALFORMED_REQUEST: &str = "malformed_request";
    /// The body is larger than this endpoint accepts.
    pub const BODY_TOO_LARGE: &str = "body_too_large";
    /// The challenge was never issued to this account.
    pub const CHALLENGE_UNKNOWN: &str = "challenge_unknown";
    /// The challenge was used already.
    pub const CHALLENGE_USED: &str = "challenge_used";
    /// The challenge is past its 5 minutes.
    pub const CHALLENGE_EXPIRED: &str = "challenge_expired";
    /// The platform evidence failed a check (`check` names it).
    pub const ATTESTATION_REFUSED: &str = "attestation_refused";
    /// The device key's proof of possession does not verify.
    pub const PROOF_INVALID: &str = "proof_invalid";
    /// Another enrolment of this account finished after this challenge was issued.
    pub const ENROLMENT_CONFLICT: &str = "enrolment_conflict";
    /// The account has no active device.
    pub const NO_DEVICE: &str = "no_device";
    /// No revocation delta from the list asked for (too old, unknown, or larger than the full
    /// list): fetch the full list.
    pub const DELTA_UNAVAILABLE: &str = "delta_unavailable";
    /// No such endpoint.
    pub const NOT_FOUND: &str = "not_found";
    /// The request took longer than the server allows.
    pub const TIMEOUT: &str = "timeout";
    /// The server is busy; try again.
    pub const UNAVAILABLE: &str = "unavailable";
    /// Something failed on the server.
    pub const INTERNAL: &str = "internal";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_is_tagged_by_platform() {
        let e = Evidence::Android {
            chain: vec![B64(vec![1, 2])],
        };
        let j = serde_json::to_string(&e).unwrap();
        assert_eq!(j, r#"{"platform":"android","chain":["AQI="]}"#);
        assert_eq!(serde_json::from_str::<Evidence>(&j).unwrap(), e);
        let none: Evidence = serde_json::from_str(r#"{"platform":"none"}"#).unwrap();
        assert_eq!(none, Evidence::None);
        assert!(serde_json::from_str::<Evidence>(r#"{"platform":"nokia"}"#).is_err());
        assert!(serde_json::from_str::<B64>(r#""not base64!""#).is_err());
    }

    #[test]
    fn proof_message_separates_challenge_and_key() {
        let a = proof_message(&[1, 2], &[4; 65]);
        assert_eq!(&a[..PROOF_LABEL.len()], PROOF_LABEL);
        assert_eq!(a[PROOF_LABEL.len()], 2);
        assert_ne!(a, proof_message(&[1, 2, 4], &[4; 64]));
    }

    #[test]
    fn login_request_debug_hides_the_password() {
        let r = LoginRequest {
            personal_id: "001090012345".into(),
            password: "hunter2".into(),
        };
        let d = format!("{r:?}");
        assert!(!d.contains("hunter2") && !d.contains("001090012345"));
    }
}
