//! Device attestation for vneid enrolment: is this key held in the hardware of a genuine phone,
//! by the genuine app?
//!
//! Two entry points, one per platform, used by the authority when it certifies a device key:
//! - [`verify_android`]: an Android Key Attestation certificate chain (leaf first, as
//!   `KeyStore.getCertificateChain(alias)` returns it) for the device key itself;
//! - [`verify_apple`]: an Apple App Attest attestation object, its key id, and an App Attest
//!   assertion that binds the separate Secure Enclave signing key (the device key) to the
//!   attested App Attest key; or [`AppleEvidence::None`] (the iOS simulator), accepted only by a
//!   development policy.
//!
//! Both take the server's challenge, the device public key being certified (uncompressed SEC1
//! P-256, 65 bytes), a policy and the time as Unix seconds — the wall clock is never read — and
//! return an [`Attestation`] (what was proven) or a [`Refusal`] naming the failed check.
//!
//! The crate depends on no other vneid crate: plain bytes in, typed values out. The design, the
//! byte-exact binding of the Apple signing key and the chain policy decisions are in
//! `docs/attestation.md`.
//!
//! With the `testing` feature, [`testing`] builds synthetic evidence under test roots, for the
//! tests of this crate and of the authority service.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod android;
pub mod apple;
pub mod roots;
#[cfg(feature = "testing")]
pub mod testing;
mod x509;

pub use android::{
    verify_android, AndroidApp, AndroidDetails, AndroidPolicy, RevocationEntry, RevocationList,
    RevocationListError,
};
pub use apple::{
    verify_apple, AppAttestEnvironment, AppAttestEvidence, AppleApp, AppleDetails, AppleEvidence,
    ApplePolicy,
};

/// Largest server challenge accepted, in bytes (Android KeyMint's limit for
/// `setAttestationChallenge`).
pub const MAX_CHALLENGE_LEN: usize = 128;

/// Length of an uncompressed SEC1 P-256 public key: `0x04 ‖ x ‖ y`.
pub const DEVICE_KEY_LEN: usize = 65;

/// The platform whose evidence was verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Platform {
    /// Android Key Attestation.
    Android,
    /// Apple App Attest (iOS, iPadOS).
    Ios,
}

/// Where the attested key lives, as the evidence proves it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SecurityLevel {
    /// Nothing proven: no evidence at all (the iOS simulator under a development policy).
    Unattested,
    /// Android software keystore (the emulator): the attestation proves nothing about hardware.
    Software,
    /// Android Trusted Execution Environment.
    TrustedEnvironment,
    /// Android StrongBox (a separate secure element).
    StrongBox,
    /// Apple Secure Enclave, as App Attest attests it.
    SecureEnclave,
}

impl SecurityLevel {
    /// True for the levels that prove a key in hardware: TEE, StrongBox and Secure Enclave.
    pub fn is_hardware(self) -> bool {
        matches!(
            self,
            SecurityLevel::TrustedEnvironment
                | SecurityLevel::StrongBox
                | SecurityLevel::SecureEnclave
        )
    }
}

/// Android verified-boot state from the attestation's `RootOfTrust`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VerifiedBootState {
    /// Green: the whole boot chain verified with the manufacturer's key.
    Verified,
    /// Yellow: verified with a user-installed key (a custom OS on a locked bootloader).
    SelfSigned,
    /// Orange: not verified (an unlocked bootloader).
    Unverified,
    /// Red: verification failed.
    Failed,
}

/// The identity of the app that holds the key, as the evidence proves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppIdentity {
    /// Android: from `attestationApplicationId` (filled in by the Android OS keystore).
    Android {
        /// The package name that matched the policy.
        package_name: String,
        /// Its version code.
        version: i64,
        /// SHA-256 digests of the signing certificates, as attested.
        signing_cert_digests: Vec<[u8; 32]>,
    },
    /// Apple: the App ID whose SHA-256 is the `rpIdHash`.
    Apple {
        /// The 10-character team identifier.
        team_id: String,
        /// The bundle identifier.
        bundle_id: String,
    },
}

/// What a successful verification proved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attestation {
    /// The platform.
    pub platform: Platform,
    /// Where the device key (Android) or the App Attest key (Apple) lives.
    pub security_level: SecurityLevel,
    /// The app identity; `None` when nothing was attested ([`AppleEvidence::None`]).
    pub app: Option<AppIdentity>,
    /// Android verified-boot state; `None` on Apple (App Attest does not report it).
    pub verified_boot: Option<VerifiedBootState>,
    /// Android bootloader locked; `None` on Apple.
    pub device_locked: Option<bool>,
    /// Android OS patch level, `YYYYMM`; `None` when not attested or on Apple.
    pub os_patch_level: Option<u32>,
    /// True when the evidence was accepted only because the policy relaxed a check that the
    /// production policy makes: a software security level, a boot state other than Verified, an
    /// unlocked bootloader (Android); the development App Attest environment, or no evidence at
    /// all (Apple). The authority puts this in the device certificate as a claim.
    pub development: bool,
    /// Android-specific facts; `Some` exactly when `platform` is Android.
    pub android: Option<AndroidDetails>,
    /// Apple-specific facts; `Some` when an App Attest attestation was verified.
    pub apple: Option<AppleDetails>,
}

/// Why evidence was refused: one variant per check (see `docs/attestation.md` for the order in
/// which checks run). Cryptographic failures say which step failed and nothing more.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    // ----- inputs -----
    /// An input is larger than its bound; checked before any parsing.
    #[error("{what} is {len} bytes, more than the {max} allowed")]
    InputTooLarge {
        /// Which input.
        what: &'static str,
        /// Its length.
        len: usize,
        /// The bound.
        max: usize,
    },
    /// The server's challenge is empty or longer than [`MAX_CHALLENGE_LEN`].
    #[error("the challenge is {len} bytes; 1 to {MAX_CHALLENGE_LEN} are accepted")]
    ChallengeLength {
        /// Its length.
        len: usize,
    },
    /// The device key is not an uncompressed SEC1 P-256 point (65 bytes starting 0x04).
    #[error("the device key is not an uncompressed SEC1 P-256 public key")]
    DeviceKeyMalformed,
    /// No attestation evidence, and the policy requires it.
    #[error("no attestation evidence, and the policy requires it")]
    EvidenceMissing,

    // ----- certificate chains (Android chain, Apple x5c) -----
    /// The chain has too few or too many certificates.
    #[error("the certificate chain has {len} certificates; {min} to {max} are accepted")]
    ChainLength {
        /// Its length.
        len: usize,
        /// The fewest accepted.
        min: usize,
        /// The most accepted.
        max: usize,
    },
    /// A certificate is not a DER X.509 certificate (index 0 is the leaf).
    #[error("certificate {index} is not a well-formed DER X.509 certificate")]
    CertificateMalformed {
        /// Position in the chain, leaf first.
        index: usize,
    },
    /// A certificate is signed with an algorithm or key this verifier does not accept.
    #[error("certificate {index} is signed with an unsupported algorithm or key")]
    SignatureAlgorithmUnsupported {
        /// Position in the chain, leaf first.
        index: usize,
    },
    /// A certificate's signature does not verify with its issuer's key.
    #[error("the signature on certificate {index} does not verify with its issuer's key")]
    CertificateSignature {
        /// Position in the chain, leaf first.
        index: usize,
    },
    /// A certificate's issuer name is not its issuer's subject name (after RFC 5280
    /// normalisation).
    #[error("certificate {index}'s issuer name is not the subject name of the next certificate")]
    IssuerNameMismatch {
        /// Position in the chain, leaf first.
        index: usize,
    },
    /// The chain does not end at a pinned root.
    #[error("the chain does not end at a pinned root")]
    UntrustedRoot,
    /// A certificate is not valid at the given time.
    #[error("certificate {index} is not valid at the given time")]
    CertificateNotValidAt {
        /// Position in the chain, leaf first.
        index: usize,
    },
    /// A certificate of the chain is on the attestation status list.
    #[error("certificate {index} (serial {serial}) is {status} on the attestation status list")]
    CertificateRevoked {
        /// Position in the chain, leaf first.
        index: usize,
        /// Its serial number, normalised lowercase hex.
        serial: String,
        /// The status on the list (`REVOKED`, `SUSPENDED`).
        status: String,
    },

    // ----- Android KeyDescription -----
    /// The leaf has no KeyDescription extension (OID 1.3.6.1.4.1.11129.2.1.17).
    #[error("the leaf certificate has no key attestation extension")]
    KeyDescriptionMissing,
    /// A certificate other than the leaf carries a KeyDescription extension, or the leaf carries
    /// two: the chain was extended below the attested key.
    #[error(
        "certificate {index} carries a key attestation extension that only the leaf may carry"
    )]
    KeyDescriptionMisplaced {
        /// Position in the chain, leaf first.
        index: usize,
    },
    /// The KeyDescription extension does not parse.
    #[error("the key attestation extension is malformed")]
    KeyDescriptionMalformed,
    /// The attestation challenge is not the server's.
    #[error("the attested challenge is not the server's challenge")]
    ChallengeMismatch,
    /// The security level is not accepted by the policy (software under a production policy).
    #[error("the {level:?} security level is not accepted by this policy")]
    SecurityLevelNotAccepted {
        /// The level found.
        level: SecurityLevel,
    },
    /// The key's purposes do not include SIGN.
    #[error("the attested key may not sign")]
    PurposeNotSign,
    /// The key is not an EC key.
    #[error("the attested key is not an EC key")]
    AlgorithmNotEc,
    /// The key's curve is not P-256.
    #[error("the attested key is not on P-256")]
    CurveNotP256,
    /// The key was imported, not generated in the keystore.
    #[error("the attested key was not generated in the keystore")]
    OriginNotGenerated,
    /// No `attestationApplicationId`.
    #[error("the attestation names no application")]
    ApplicationIdMissing,
    /// The `attestationApplicationId` does not parse.
    #[error("the attested application id is malformed")]
    ApplicationIdMalformed,
    /// No attested package is a package of the policy.
    #[error("the attested package is not the genuine app's")]
    PackageMismatch,
    /// The package matched but its signing-certificate digests are not the genuine app's.
    #[error("the attested app is not signed with the genuine app's certificate")]
    SigningDigestMismatch,
    /// No `rootOfTrust` in the list the security level vouches for.
    #[error("the attestation has no root of trust")]
    RootOfTrustMissing,
    /// The verified-boot state is not Verified, and the policy requires it.
    #[error("verified boot state is {state:?}, not Verified")]
    VerifiedBootNotVerified {
        /// The state found.
        state: VerifiedBootState,
    },
    /// The bootloader is unlocked, and the policy requires it locked.
    #[error("the device's bootloader is unlocked")]
    DeviceUnlocked,
    /// No OS patch level, and the policy has a floor.
    #[error("the attestation has no OS patch level, and the policy has a floor")]
    OsPatchLevelMissing,
    /// The OS patch level is below the policy's floor.
    #[error("OS patch level {found} is older than the floor {floor}")]
    OsPatchLevelTooOld {
        /// The level found, `YYYYMM`.
        found: u32,
        /// The policy's floor, `YYYYMM`.
        floor: u32,
    },
    /// The attested key (the leaf's public key) is not the device key being certified.
    #[error("the attested key is not the device key being certified")]
    LeafKeyMismatch,

    // ----- Apple App Attest -----
    /// The attestation object is not the CBOR map App Attest produces.
    #[error("the App Attest attestation object is malformed")]
    AttestationObjectMalformed,
    /// The attestation object's `fmt` is not `apple-appattest`.
    #[error("the attestation format is not apple-appattest")]
    AttestationFormat,
    /// The credential certificate has no well-formed nonce extension (1.2.840.113635.100.8.2).
    #[error("the credential certificate has no well-formed nonce extension")]
    NonceExtensionMissing,
    /// The nonce is not SHA-256(authData ‖ clientDataHash): the challenge or the data differ.
    #[error("the attested nonce does not cover this challenge and authenticator data")]
    NonceMismatch,
    /// The authenticator data is too short or inconsistent.
    #[error("the authenticator data is malformed")]
    AuthenticatorDataMalformed,
    /// The `rpIdHash` is not SHA-256 of a policy App ID (team id "." bundle id).
    #[error("the attested App ID is not the genuine app's team and bundle id")]
    RpIdMismatch,
    /// The attestation's sign counter is not 0.
    #[error("the attestation's counter is {counter}, not 0")]
    CounterNotZero {
        /// The counter found.
        counter: u32,
    },
    /// The AAGUID is neither App Attest's production nor its development value.
    #[error("the AAGUID is not an App Attest environment")]
    AaguidUnknown,
    /// The AAGUID is the development environment's, and the policy is production.
    #[error("the attestation comes from the App Attest development environment")]
    DevelopmentAaguid,
    /// The key id given is not SHA-256 of the attested public key.
    #[error("the key id is not the SHA-256 of the attested public key")]
    KeyIdMismatch,
    /// The credential id in the authenticator data is not the key id.
    #[error("the credential id is not the key id")]
    CredentialIdMismatch,
    /// The assertion is not the CBOR map App Attest produces.
    #[error("the App Attest assertion is malformed")]
    AssertionMalformed,
    /// The assertion's `rpIdHash` is not the attested App ID's.
    #[error("the assertion's App ID is not the attested one")]
    AssertionRpIdMismatch,
    /// The assertion's counter is not above the last one seen (0 for the attestation).
    #[error("the assertion's counter {counter} is not above {previous}")]
    AssertionCounter {
        /// The counter found.
        counter: u32,
        /// The counter it must exceed.
        previous: u32,
    },
    /// The assertion's signature does not verify with the attested key over the expected
    /// client data (our binding of the device key and challenge).
    #[error("the assertion's signature does not verify")]
    AssertionSignature,
}

/// Checks the common inputs: the challenge length and the device key's form.
pub(crate) fn check_common(challenge: &[u8], device_key: &[u8]) -> Result<(), Refusal> {
    if challenge.is_empty() || challenge.len() > MAX_CHALLENGE_LEN {
        return Err(Refusal::ChallengeLength {
            len: challenge.len(),
        });
    }
    if device_key.len() != DEVICE_KEY_LEN || device_key[0] != 0x04 {
        return Err(Refusal::DeviceKeyMalformed);
    }
    Ok(())
}

/// SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    let d = ring::digest::digest(&ring::digest::SHA256, data);
    let mut out = [0u8; 32];
    out.copy_from_slice(d.as_ref());
    out
}

/// Refuses `data` longer than `max`.
pub(crate) fn bound(what: &'static str, data: &[u8], max: usize) -> Result<(), Refusal> {
    if data.len() > max {
        Err(Refusal::InputTooLarge {
            what,
            len: data.len(),
            max,
        })
    } else {
        Ok(())
    }
}
