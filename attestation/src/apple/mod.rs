//! Apple App Attest: the attestation object of an App Attest key, and an assertion by that key
//! that binds the Secure Enclave signing key (the device key being certified).
//!
//! App Attest keys cannot sign our tokens (they only sign App Attest assertions), so the device
//! key is a separate Secure Enclave P-256 key, and the app proves it is the genuine app's with:
//! 1. an **attestation** of a fresh App Attest key (`DCAppAttestService.attestKey`) whose
//!    `clientDataHash` is [`attestation_client_data_hash`]`(challenge, device_key)`;
//! 2. an **assertion** by that key (`generateAssertion`) whose `clientDataHash` is
//!    [`binding_client_data_hash`]`(challenge, device_key)`.
//!
//! Both hashes cover the server's challenge and the device key, under different
//! domain-separation labels. The byte-exact definitions are in `docs/attestation.md`.
//!
//! Attestation checks, in this order (Apple's "Validating apps that connect to your server"):
//! bounds; the CBOR map and `fmt` "apple-appattest"; the `x5c` chain to a pinned root, each
//! certificate valid at the given time; the nonce extension (1.2.840.113635.100.8.2) equal to
//! SHA-256(authData ‖ clientDataHash); SHA-256 of the credential certificate's public key equal
//! to the key id; `rpIdHash` = SHA-256(team id "." bundle id) of a policy app; counter 0; the
//! AAGUID (production, or development under a development policy); credential id = key id.
//! Assertion checks: the CBOR map; `rpIdHash` the attested app's; counter above the previous
//! one (0 after the attestation); the ECDSA P-256 SHA-256 signature, by the attested key, of
//! nonce = SHA-256(authenticatorData ‖ clientDataHash).

use ciborium::Value;
use der::asn1::{ObjectIdentifier as Oid, OctetString};
use der::{Decode, Sequence};

use crate::x509::{names_match, verify_signed_by, Cert};
use crate::{
    bound, check_common, sha256, AppIdentity, Attestation, Platform, Refusal, SecurityLevel,
};

/// OID of the App Attest nonce extension in the credential certificate.
pub const NONCE_OID: Oid = Oid::new_unwrap("1.2.840.113635.100.8.2");
/// AAGUID of the App Attest production environment: "appattest" and seven zero bytes.
pub const AAGUID_PRODUCTION: [u8; 16] = *b"appattest\0\0\0\0\0\0\0";
/// AAGUID of the App Attest development environment: "appattestdevelop".
pub const AAGUID_DEVELOPMENT: [u8; 16] = *b"appattestdevelop";

/// Domain-separation label of the attestation's client data.
pub const ATTESTATION_LABEL: &[u8] = b"vneid-attestation/apple/attest-key/v1";
/// Domain-separation label of the binding assertion's client data.
pub const BINDING_LABEL: &[u8] = b"vneid-attestation/apple/bind-device-key/v1";

/// Largest attestation object accepted, in bytes (Apple's are about 5 KiB with the receipt).
pub const MAX_ATTESTATION_LEN: usize = 64 << 10;
/// Largest assertion accepted, in bytes (Apple's are about 120).
pub const MAX_ASSERTION_LEN: usize = 4 << 10;
/// Most certificates in `x5c` (Apple's has two: credential certificate and intermediate).
pub const MAX_X5C_LEN: usize = 4;

/// The genuine app, as Apple names it: the App ID is `team_id "." bundle_id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppleApp {
    /// The 10-character team identifier, e.g. `6MURL8TA57`.
    pub team_id: String,
    /// The bundle identifier, e.g. `vn.gov.bca.vneid`.
    pub bundle_id: String,
}

impl AppleApp {
    /// A team id and a bundle id.
    pub fn new(team_id: impl Into<String>, bundle_id: impl Into<String>) -> Self {
        AppleApp {
            team_id: team_id.into(),
            bundle_id: bundle_id.into(),
        }
    }

    /// `team_id "." bundle_id`.
    pub fn app_id(&self) -> String {
        format!("{}.{}", self.team_id, self.bundle_id)
    }

    /// SHA-256 of the App ID: the `rpIdHash` of its App Attest keys.
    pub fn rp_id_hash(&self) -> [u8; 32] {
        sha256(self.app_id().as_bytes())
    }
}

/// What Apple evidence must prove. Construct with [`ApplePolicy::production`] (the default) or
/// [`ApplePolicy::development`], then adjust the public fields.
#[derive(Clone, Debug)]
pub struct ApplePolicy {
    /// Accepted root certificates, DER (the `x5c` chain does not carry its root).
    pub roots: Vec<Vec<u8>>,
    /// The genuine app(s).
    pub apps: Vec<AppleApp>,
    /// Accept the App Attest development environment's AAGUID. Development only.
    pub allow_development_environment: bool,
    /// Accept [`AppleEvidence::None`] (the iOS simulator has no App Attest). Development only.
    pub allow_no_evidence: bool,
}

impl ApplePolicy {
    /// The default policy: the Apple App Attestation Root CA
    /// ([`crate::roots::APPLE_APP_ATTESTATION_ROOT_CA`]), the production environment, evidence
    /// required.
    pub fn production(apps: Vec<AppleApp>) -> Self {
        ApplePolicy {
            roots: vec![crate::roots::APPLE_APP_ATTESTATION_ROOT_CA.to_vec()],
            apps,
            allow_development_environment: false,
            allow_no_evidence: false,
        }
    }

    /// A development policy: also the development environment (Xcode builds) and no evidence
    /// at all (the simulator). Evidence accepted only thanks to these says `development: true`.
    /// Never the default.
    pub fn development(apps: Vec<AppleApp>) -> Self {
        ApplePolicy {
            allow_development_environment: true,
            allow_no_evidence: true,
            ..Self::production(apps)
        }
    }
}

/// What an iOS app sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppleEvidence {
    /// App Attest evidence.
    AppAttest(AppAttestEvidence),
    /// No evidence: the device has no App Attest (the iOS simulator,
    /// `DCAppAttestService.isSupported == false`). Accepted only by a development policy.
    None,
}

/// App Attest evidence for one enrolment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppAttestEvidence {
    /// The attestation object (CBOR) from `attestKey(keyId, clientDataHash:)`, made with
    /// [`attestation_client_data_hash`].
    pub attestation: Vec<u8>,
    /// The key id from `generateKey()` (32 bytes, SHA-256 of the App Attest public key).
    pub key_id: Vec<u8>,
    /// The assertion (CBOR) from `generateAssertion(keyId, clientDataHash:)`, made with
    /// [`binding_client_data_hash`].
    pub assertion: Vec<u8>,
}

/// The App Attest environment, from the AAGUID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AppAttestEnvironment {
    /// `appattest` and seven zero bytes: App Store, TestFlight, enterprise builds.
    Production,
    /// `appattestdevelop`: builds run from Xcode.
    Development,
}

/// Apple-specific facts of a verified attestation; the authority keeps the key and the counter
/// to check later assertions by the same key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppleDetails {
    /// The App Attest key id (SHA-256 of its public key).
    pub key_id: [u8; 32],
    /// The App Attest public key, uncompressed SEC1 P-256.
    pub public_key: Vec<u8>,
    /// The environment.
    pub environment: AppAttestEnvironment,
    /// The binding assertion's counter.
    pub assertion_counter: u32,
    /// The App Attest receipt from the attestation statement (not verified here; it is what the
    /// server exchanges with Apple for fraud metrics).
    pub receipt: Vec<u8>,
}

/// An App Attest key whose attestation verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttestedAppKey {
    /// The key id.
    pub key_id: [u8; 32],
    /// The public key, uncompressed SEC1 P-256.
    pub public_key: Vec<u8>,
    /// The policy app whose App ID matched.
    pub app: AppleApp,
    /// The environment.
    pub environment: AppAttestEnvironment,
    /// The receipt.
    pub receipt: Vec<u8>,
}

/// The `clientDataHash` the app passes to `attestKey`:
/// `SHA-256(ATTESTATION_LABEL ‖ len(challenge) as one byte ‖ challenge ‖ device_key)`, for a
/// challenge of 1 to [`crate::MAX_CHALLENGE_LEN`] bytes (the verifier refuses others).
pub fn attestation_client_data_hash(challenge: &[u8], device_key: &[u8]) -> [u8; 32] {
    labelled_hash(ATTESTATION_LABEL, challenge, device_key)
}

/// The `clientDataHash` the app passes to `generateAssertion` to bind the device key:
/// `SHA-256(BINDING_LABEL ‖ len(challenge) as one byte ‖ challenge ‖ device_key)`, for a
/// challenge of 1 to [`crate::MAX_CHALLENGE_LEN`] bytes.
pub fn binding_client_data_hash(challenge: &[u8], device_key: &[u8]) -> [u8; 32] {
    labelled_hash(BINDING_LABEL, challenge, device_key)
}

fn labelled_hash(label: &[u8], challenge: &[u8], device_key: &[u8]) -> [u8; 32] {
    // Challenges are at most MAX_CHALLENGE_LEN (128) bytes: the length fits in one byte.
    let len = u8::try_from(challenge.len()).unwrap_or(u8::MAX);
    let mut data = Vec::with_capacity(label.len() + 1 + challenge.len() + device_key.len());
    data.extend_from_slice(label);
    data.push(len);
    data.extend_from_slice(challenge);
    data.extend_from_slice(device_key);
    sha256(&data)
}

/// Verifies iOS evidence for `device_key` (uncompressed SEC1 P-256, the Secure Enclave signing
/// key), made for `challenge`, under `policy`, at `now` (Unix seconds).
pub fn verify_apple(
    evidence: &AppleEvidence,
    challenge: &[u8],
    device_key: &[u8],
    policy: &ApplePolicy,
    now: i64,
) -> Result<Attestation, Refusal> {
    check_common(challenge, device_key)?;
    let evidence = match evidence {
        AppleEvidence::None if policy.allow_no_evidence => {
            return Ok(Attestation {
                platform: Platform::Ios,
                security_level: SecurityLevel::Unattested,
                app: None,
                verified_boot: None,
                device_locked: None,
                os_patch_level: None,
                development: true,
                android: None,
                apple: None,
            })
        }
        AppleEvidence::None => return Err(Refusal::EvidenceMissing),
        AppleEvidence::AppAttest(e) => e,
    };
    bound(
        "an App Attest assertion",
        &evidence.assertion,
        MAX_ASSERTION_LEN,
    )?;
    let key = verify_attestation(
        &evidence.attestation,
        &evidence.key_id,
        &attestation_client_data_hash(challenge, device_key),
        policy,
        now,
    )?;
    let counter = verify_assertion(
        &evidence.assertion,
        &key.public_key,
        &key.app,
        &binding_client_data_hash(challenge, device_key),
        0,
    )?;
    let development = key.environment == AppAttestEnvironment::Development;
    Ok(Attestation {
        platform: Platform::Ios,
        security_level: SecurityLevel::SecureEnclave,
        app: Some(AppIdentity::Apple {
            team_id: key.app.team_id.clone(),
            bundle_id: key.app.bundle_id.clone(),
        }),
        verified_boot: None,
        device_locked: None,
        os_patch_level: None,
        development,
        android: None,
        apple: Some(AppleDetails {
            key_id: key.key_id,
            public_key: key.public_key,
            environment: key.environment,
            assertion_counter: counter,
            receipt: key.receipt,
        }),
    })
}

/// The credential certificate's nonce extension: `SEQUENCE { [1] EXPLICIT OCTET STRING }`.
#[derive(Sequence)]
struct NonceExtension {
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT")]
    nonce: OctetString,
}

/// Decodes one CBOR item that must fill `bytes` exactly.
fn cbor(bytes: &[u8]) -> Option<Value> {
    let mut rest = bytes;
    let value: Value = ciborium::de::from_reader(&mut rest).ok()?;
    rest.is_empty().then_some(value)
}

/// The value under text key `key` of a CBOR map, refusing a map that has the key twice.
fn field<'v>(map: &'v [(Value, Value)], key: &str) -> Option<&'v Value> {
    let mut found = map.iter().filter(|(k, _)| k.as_text() == Some(key));
    let first = found.next()?;
    found.next().is_none().then_some(&first.1)
}

fn bytes_field<'v>(map: &'v [(Value, Value)], key: &str) -> Option<&'v [u8]> {
    field(map, key)?.as_bytes().map(Vec::as_slice)
}

struct AuthenticatorData<'a> {
    rp_id_hash: &'a [u8],
    counter: u32,
    /// After the 37 fixed bytes (attested credential data, extensions).
    rest: &'a [u8],
}

fn authenticator_data(a: &[u8]) -> Option<AuthenticatorData<'_>> {
    (a.len() >= 37).then(|| AuthenticatorData {
        rp_id_hash: &a[..32],
        counter: u32::from_be_bytes([a[33], a[34], a[35], a[36]]),
        rest: &a[37..],
    })
}

/// Verifies an App Attest attestation object for `key_id`, made with `client_data_hash`, under
/// `policy`, at `now`. [`verify_apple`] calls it with [`attestation_client_data_hash`]; it is
/// public for evidence made with other client data (Apple's published samples).
pub fn verify_attestation(
    attestation: &[u8],
    key_id: &[u8],
    client_data_hash: &[u8; 32],
    policy: &ApplePolicy,
    now: i64,
) -> Result<AttestedAppKey, Refusal> {
    bound(
        "an App Attest attestation object",
        attestation,
        MAX_ATTESTATION_LEN,
    )?;
    let malformed = Refusal::AttestationObjectMalformed;
    let Some(Value::Map(object)) = cbor(attestation) else {
        return Err(malformed);
    };
    if field(&object, "fmt").ok_or(malformed.clone())?.as_text() != Some("apple-appattest") {
        return Err(Refusal::AttestationFormat);
    }
    let statement = field(&object, "attStmt")
        .and_then(Value::as_map)
        .ok_or(malformed.clone())?;
    let auth_data = bytes_field(&object, "authData").ok_or(malformed.clone())?;
    let x5c = field(statement, "x5c")
        .and_then(Value::as_array)
        .ok_or(malformed.clone())?;
    let receipt = bytes_field(statement, "receipt")
        .unwrap_or_default()
        .to_vec();
    if x5c.is_empty() || x5c.len() > MAX_X5C_LEN {
        return Err(Refusal::ChainLength {
            len: x5c.len(),
            min: 1,
            max: MAX_X5C_LEN,
        });
    }
    let ders = x5c
        .iter()
        .map(|v| v.as_bytes().map(Vec::as_slice).ok_or(malformed.clone()))
        .collect::<Result<Vec<_>, _>>()?;

    // The chain: to a pinned root, then each certificate by the next, each valid now.
    let mut certs = ders
        .iter()
        .enumerate()
        .map(|(i, der)| Cert::parse(i, der))
        .collect::<Result<Vec<_>, _>>()?;
    if certs.len() > 1
        && policy
            .roots
            .iter()
            .any(|r| r.as_slice() == ders[ders.len() - 1])
    {
        // The root itself was sent along: it is the anchor, not part of the path.
        certs.pop();
    }
    let top = certs.last().expect("x5c is not empty");
    let anchored = policy.roots.iter().enumerate().any(|(i, der)| {
        Cert::parse(usize::MAX - i, der).is_ok_and(|root| {
            names_match(top.issuer(), root.subject()) && verify_signed_by(top, &root).is_ok()
        })
    });
    if !anchored {
        return Err(Refusal::UntrustedRoot);
    }
    for pair in certs.windows(2) {
        verify_signed_by(&pair[0], &pair[1])?;
        if !names_match(pair[0].issuer(), pair[1].subject()) {
            return Err(Refusal::IssuerNameMismatch {
                index: pair[0].index,
            });
        }
    }
    for cert in &certs {
        if !cert.valid_at(now) {
            return Err(Refusal::CertificateNotValidAt { index: cert.index });
        }
    }

    // The nonce: SHA-256(authData ‖ clientDataHash).
    let credential = &certs[0];
    let nonce = match credential.extensions(&NONCE_OID).as_slice() {
        [one] => NonceExtension::from_der(one).map_err(|_| Refusal::NonceExtensionMissing)?,
        _ => return Err(Refusal::NonceExtensionMissing),
    };
    let mut signed = auth_data.to_vec();
    signed.extend_from_slice(client_data_hash);
    if nonce.nonce.as_bytes() != sha256(&signed) {
        return Err(Refusal::NonceMismatch);
    }

    // The key id is SHA-256 of the credential certificate's public key.
    let public_key = credential
        .p256_point()
        .ok_or(Refusal::SignatureAlgorithmUnsupported { index: 0 })?
        .to_vec();
    let computed_key_id = sha256(&public_key);
    if key_id != computed_key_id {
        return Err(Refusal::KeyIdMismatch);
    }

    // The authenticator data.
    let auth = authenticator_data(auth_data).ok_or(Refusal::AuthenticatorDataMalformed)?;
    let app = policy
        .apps
        .iter()
        .find(|app| app.rp_id_hash() == auth.rp_id_hash)
        .ok_or(Refusal::RpIdMismatch)?;
    if auth.counter != 0 {
        return Err(Refusal::CounterNotZero {
            counter: auth.counter,
        });
    }
    // Attested credential data: AAGUID (16) ‖ credential id length (2) ‖ credential id ‖ key.
    let rest = auth.rest;
    if rest.len() < 18 {
        return Err(Refusal::AuthenticatorDataMalformed);
    }
    let environment = match &rest[..16] {
        a if a == AAGUID_PRODUCTION => AppAttestEnvironment::Production,
        a if a == AAGUID_DEVELOPMENT => AppAttestEnvironment::Development,
        _ => return Err(Refusal::AaguidUnknown),
    };
    if environment == AppAttestEnvironment::Development && !policy.allow_development_environment {
        return Err(Refusal::DevelopmentAaguid);
    }
    let id_len = usize::from(u16::from_be_bytes([rest[16], rest[17]]));
    let credential_id = rest
        .get(18..18 + id_len)
        .ok_or(Refusal::AuthenticatorDataMalformed)?;
    if credential_id != computed_key_id {
        return Err(Refusal::CredentialIdMismatch);
    }

    Ok(AttestedAppKey {
        key_id: computed_key_id,
        public_key,
        app: app.clone(),
        environment,
        receipt,
    })
}

/// Verifies an App Attest assertion by `public_key` (uncompressed SEC1 P-256) of `app`, made
/// with `client_data_hash`, whose counter must exceed `previous_counter`. Returns the counter.
pub fn verify_assertion(
    assertion: &[u8],
    public_key: &[u8],
    app: &AppleApp,
    client_data_hash: &[u8; 32],
    previous_counter: u32,
) -> Result<u32, Refusal> {
    bound("an App Attest assertion", assertion, MAX_ASSERTION_LEN)?;
    let malformed = Refusal::AssertionMalformed;
    let Some(Value::Map(map)) = cbor(assertion) else {
        return Err(malformed);
    };
    let signature = bytes_field(&map, "signature").ok_or(malformed.clone())?;
    let auth_data = bytes_field(&map, "authenticatorData").ok_or(malformed.clone())?;
    let auth = authenticator_data(auth_data).ok_or(malformed)?;
    if auth.rp_id_hash != app.rp_id_hash() {
        return Err(Refusal::AssertionRpIdMismatch);
    }
    if auth.counter <= previous_counter {
        return Err(Refusal::AssertionCounter {
            counter: auth.counter,
            previous: previous_counter,
        });
    }
    // The signed message is nonce = SHA-256(authenticatorData ‖ clientDataHash), itself hashed
    // by ECDSA-SHA256 (as App Attest signs it, and as Apple's sample servers verify it).
    let mut nonce_input = auth_data.to_vec();
    nonce_input.extend_from_slice(client_data_hash);
    let nonce = sha256(&nonce_input);
    ring::signature::UnparsedPublicKey::new(&ring::signature::ECDSA_P256_SHA256_ASN1, public_key)
        .verify(&nonce, signature)
        .map_err(|_| Refusal::AssertionSignature)?;
    Ok(auth.counter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The worked example of `docs/attestation.md` (computed independently with Python's
    /// hashlib): challenge 00 01 … 1f, device key 04 ‖ 11×32 ‖ 22×32.
    #[test]
    fn client_data_hashes_match_the_documented_example() {
        let challenge: Vec<u8> = (0u8..32).collect();
        let mut key = vec![0x04];
        key.extend([0x11; 32]);
        key.extend([0x22; 32]);
        assert_eq!(
            hex(&attestation_client_data_hash(&challenge, &key)),
            "ca76670562c400c436de9d922eb062989070183792455b514d2ca3ef604edb2a"
        );
        assert_eq!(
            hex(&binding_client_data_hash(&challenge, &key)),
            "b9cac64bac2a3ab69a3b1e1e365c897ffe275ea292d02461cb6e12495ce68eb2"
        );
    }

    #[test]
    fn rp_id_hash_is_sha256_of_the_app_id() {
        let app = AppleApp::new("6MURL8TA57", "de.vincent-haupert.apple-appattest-poc");
        assert_eq!(
            app.app_id(),
            "6MURL8TA57.de.vincent-haupert.apple-appattest-poc"
        );
        assert_eq!(
            app.rp_id_hash(),
            sha256(b"6MURL8TA57.de.vincent-haupert.apple-appattest-poc")
        );
    }
}
