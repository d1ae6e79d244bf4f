//! Android Key Attestation: the device key's certificate chain, leaf first, as
//! `KeyStore.getCertificateChain(alias)` returns it for a key generated with
//! `setAttestationChallenge(challenge)`.
//!
//! Checks, in this order (the first failure is the refusal):
//! 1. bounds: challenge length, device key form, chain length, each certificate's size;
//! 2. every certificate parses (strict DER, `x509-cert`);
//! 3. the last certificate's `SubjectPublicKeyInfo` SHA-256 is a pinned root;
//! 4. each certificate is signed by the next one's key (`ring`), and its issuer name is the next
//!    one's subject after RFC 5280 normalisation — except the leaf's issuer name, see
//!    [`AndroidPolicy::strict_leaf_issuer_name`];
//! 5. each certificate but the pinned root is valid at the given time;
//! 6. no certificate's serial is on the status list;
//! 7. the KeyDescription extension is in the leaf, once, and in no other certificate;
//! 8. the leaf's public key is the device key;
//! 9. the KeyDescription: challenge, security level, purpose SIGN, algorithm EC, curve P-256,
//!    origin GENERATED, the app (package and signing-certificate digests), verified boot,
//!    bootloader locked, OS patch level.

pub mod asn1;
mod revocation;

use der::asn1::ObjectIdentifier as Oid;
use der::Decode;

pub use revocation::{RevocationEntry, RevocationList, RevocationListError, MAX_STATUS_LIST_LEN};

use self::asn1::{
    value, AttestationApplicationId, AuthorizationList, KeyDescription, SecurityLevelAsn1,
    VerifiedBootStateAsn1,
};
use crate::roots::{SpkiPin, ANDROID_SOFTWARE_ATTESTATION_ROOT_PIN};
use crate::x509::{names_match, verify_signed_by, Cert};
use crate::{
    bound, check_common, sha256, AppIdentity, Attestation, Platform, Refusal, SecurityLevel,
    VerifiedBootState,
};

/// OID of the KeyDescription extension.
pub const KEY_DESCRIPTION_OID: Oid = Oid::new_unwrap("1.3.6.1.4.1.11129.2.1.17");

/// Fewest certificates in a chain: the attested key's certificate and a root.
pub const MIN_CHAIN_LEN: usize = 2;
/// Most certificates in a chain (factory and RKP chains have 3 or 4).
pub const MAX_CHAIN_LEN: usize = 8;
/// Largest certificate accepted, in bytes.
pub const MAX_CERT_LEN: usize = 16 << 10;

/// The genuine app, as Android names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AndroidApp {
    /// The package name (application id), e.g. `vn.gov.bca.vneid`.
    pub package_name: String,
    /// SHA-256 digests of the accepted signing certificates (more than one during a signing-key
    /// rotation). Every digest the attestation lists must be one of these.
    pub signing_cert_digests: Vec<[u8; 32]>,
}

/// What Android evidence must prove. Construct with [`AndroidPolicy::production`] (the default)
/// or [`AndroidPolicy::development`], then adjust the public fields.
#[derive(Clone, Debug)]
pub struct AndroidPolicy {
    /// Accepted roots, by SHA-256 of their DER `SubjectPublicKeyInfo`.
    pub root_pins: Vec<SpkiPin>,
    /// The genuine app(s); the attestation must name one of them.
    pub apps: Vec<AndroidApp>,
    /// Lowest accepted OS patch level, `YYYYMM` (e.g. 202501); 0 for no floor. With a floor, an
    /// attestation without an OS patch level is refused.
    pub min_os_patch_level: u32,
    /// Accept a Software security level (the emulator). Development only.
    pub allow_software: bool,
    /// Require the verified boot state Verified.
    pub require_verified_boot: bool,
    /// Require a locked bootloader.
    pub require_device_locked: bool,
    /// Refuse a leaf whose issuer name is not its parent's subject. Off by default: some real
    /// StrongBox implementations write the wrong issuer name in the leaf while signing it with
    /// the right key (see `docs/attestation.md`); the signature is what proves the link.
    pub strict_leaf_issuer_name: bool,
    /// Google's attestation status list (the operator's copy).
    pub revocations: RevocationList,
}

impl AndroidPolicy {
    /// The default policy: Google's hardware attestation roots
    /// ([`crate::roots::GOOGLE_HARDWARE_ATTESTATION_ROOT_PINS`]), TEE or StrongBox, verified
    /// boot, locked bootloader, no patch-level floor (set [`Self::min_os_patch_level`]), an
    /// empty status list (set [`Self::revocations`]).
    pub fn production(apps: Vec<AndroidApp>) -> Self {
        AndroidPolicy {
            root_pins: crate::roots::GOOGLE_HARDWARE_ATTESTATION_ROOT_PINS.to_vec(),
            apps,
            min_os_patch_level: 0,
            allow_software: false,
            require_verified_boot: true,
            require_device_locked: true,
            strict_leaf_issuer_name: false,
            revocations: RevocationList::empty(),
        }
    }

    /// A development policy, for the emulator and test devices: also the Android software
    /// attestation root, a Software security level, any boot state, an unlocked bootloader.
    /// Evidence accepted only thanks to these says `development: true`. Never the default.
    pub fn development(apps: Vec<AndroidApp>) -> Self {
        let mut policy = Self::production(apps);
        policy.root_pins.push(ANDROID_SOFTWARE_ATTESTATION_ROOT_PIN);
        policy.allow_software = true;
        policy.require_verified_boot = false;
        policy.require_device_locked = false;
        policy
    }

    /// Sets the OS patch-level floor (`YYYYMM`).
    pub fn with_min_os_patch_level(mut self, yyyymm: u32) -> Self {
        self.min_os_patch_level = yyyymm;
        self
    }

    /// Sets the status list.
    pub fn with_revocations(mut self, list: RevocationList) -> Self {
        self.revocations = list;
        self
    }
}

/// Android-specific facts of a verified attestation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AndroidDetails {
    /// KeyDescription `attestationVersion` (3 = Keymaster 4, 100+ = KeyMint).
    pub attestation_version: i64,
    /// KeyDescription `attestationSecurityLevel`.
    pub attestation_security_level: SecurityLevel,
    /// KeyDescription `keyMintVersion`.
    pub keymint_version: i64,
    /// KeyDescription `keyMintSecurityLevel`.
    pub keymint_security_level: SecurityLevel,
    /// The pin of the root the chain ended at.
    pub root_pin: SpkiPin,
    /// The chain's length.
    pub chain_len: usize,
    /// True if the leaf's issuer name was not its parent's subject (tolerated, see
    /// [`AndroidPolicy::strict_leaf_issuer_name`]).
    pub leaf_issuer_name_mismatch: bool,
    /// `RootOfTrust.verifiedBootKey`.
    pub verified_boot_key: Vec<u8>,
    /// OS version (e.g. 140000), when attested.
    pub os_version: Option<i64>,
    /// Vendor patch level (`YYYYMMDD`), when attested.
    pub vendor_patch_level: Option<i64>,
    /// Boot patch level (`YYYYMMDD`), when attested.
    pub boot_patch_level: Option<i64>,
}

fn level(l: SecurityLevelAsn1) -> SecurityLevel {
    match l {
        SecurityLevelAsn1::Software => SecurityLevel::Software,
        SecurityLevelAsn1::TrustedEnvironment => SecurityLevel::TrustedEnvironment,
        SecurityLevelAsn1::StrongBox => SecurityLevel::StrongBox,
    }
}

fn boot_state(s: VerifiedBootStateAsn1) -> VerifiedBootState {
    match s {
        VerifiedBootStateAsn1::Verified => VerifiedBootState::Verified,
        VerifiedBootStateAsn1::SelfSigned => VerifiedBootState::SelfSigned,
        VerifiedBootStateAsn1::Unverified => VerifiedBootState::Unverified,
        VerifiedBootStateAsn1::Failed => VerifiedBootState::Failed,
    }
}

/// Verifies an Android Key Attestation chain (DER certificates, leaf first) for `device_key`
/// (uncompressed SEC1 P-256), made for `challenge`, under `policy`, at `now` (Unix seconds).
pub fn verify_android<C: AsRef<[u8]>>(
    chain: &[C],
    challenge: &[u8],
    device_key: &[u8],
    policy: &AndroidPolicy,
    now: i64,
) -> Result<Attestation, Refusal> {
    // 1. Bounds, before any parsing.
    check_common(challenge, device_key)?;
    if chain.len() < MIN_CHAIN_LEN || chain.len() > MAX_CHAIN_LEN {
        return Err(Refusal::ChainLength {
            len: chain.len(),
            min: MIN_CHAIN_LEN,
            max: MAX_CHAIN_LEN,
        });
    }
    for der in chain {
        bound(
            "an Android attestation certificate",
            der.as_ref(),
            MAX_CERT_LEN,
        )?;
    }

    // 2. Parse.
    let certs = chain
        .iter()
        .enumerate()
        .map(|(i, der)| Cert::parse(i, der.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    let root = certs.last().expect("chain length checked");

    // 3. The root is pinned by its public key.
    let root_pin = sha256(&root.spki_der());
    if !policy.root_pins.contains(&root_pin) {
        return Err(Refusal::UntrustedRoot);
    }

    // 4. Signatures and names, each certificate by the next.
    let mut leaf_issuer_name_mismatch = false;
    for pair in certs.windows(2) {
        let (child, issuer) = (&pair[0], &pair[1]);
        verify_signed_by(child, issuer)?;
        if !names_match(child.issuer(), issuer.subject()) {
            if child.index == 0 && !policy.strict_leaf_issuer_name {
                leaf_issuer_name_mismatch = true;
            } else {
                return Err(Refusal::IssuerNameMismatch { index: child.index });
            }
        }
    }

    // 5. Validity of every certificate but the pinned root: the root is a trust anchor, known by
    // its key (RFC 5280 §6.1.1 (d)); its certificate's dates are those of whichever copy the
    // device was provisioned with (Google's 2016 copy expired on 2026-05-24, its key did not).
    for cert in &certs[..certs.len() - 1] {
        if !cert.valid_at(now) {
            return Err(Refusal::CertificateNotValidAt { index: cert.index });
        }
    }

    // 6. The status list.
    for cert in &certs {
        let serial = cert.serial_hex();
        if let Some(entry) = policy.revocations.get(&serial) {
            return Err(Refusal::CertificateRevoked {
                index: cert.index,
                serial,
                status: entry.status.clone(),
            });
        }
    }

    // 7. The KeyDescription: in the leaf, once, nowhere else.
    for cert in &certs[1..] {
        if !cert.extensions(&KEY_DESCRIPTION_OID).is_empty() {
            return Err(Refusal::KeyDescriptionMisplaced { index: cert.index });
        }
    }
    let leaf = &certs[0];
    let key_description = match leaf.extensions(&KEY_DESCRIPTION_OID).as_slice() {
        [] => return Err(Refusal::KeyDescriptionMissing),
        [one] => KeyDescription::from_der(one).map_err(|_| Refusal::KeyDescriptionMalformed)?,
        _ => return Err(Refusal::KeyDescriptionMisplaced { index: 0 }),
    };

    // 8. The attested key is the device key.
    if leaf.p256_point() != Some(device_key) {
        return Err(Refusal::LeafKeyMismatch);
    }

    // 9. What the KeyDescription says.
    check_key_description(
        &key_description,
        challenge,
        policy,
        AndroidDetails {
            attestation_version: key_description.attestation_version,
            attestation_security_level: level(key_description.attestation_security_level),
            keymint_version: key_description.keymint_version,
            keymint_security_level: level(key_description.keymint_security_level),
            root_pin,
            chain_len: certs.len(),
            leaf_issuer_name_mismatch,
            verified_boot_key: Vec::new(),
            os_version: None,
            vendor_patch_level: None,
            boot_patch_level: None,
        },
    )
}

fn check_key_description(
    kd: &KeyDescription,
    challenge: &[u8],
    policy: &AndroidPolicy,
    mut details: AndroidDetails,
) -> Result<Attestation, Refusal> {
    if kd.attestation_challenge.as_bytes() != challenge {
        return Err(Refusal::ChallengeMismatch);
    }

    // The level of the statement is the lower of the attesting and the key's environment.
    let security_level = details
        .attestation_security_level
        .min(details.keymint_security_level);
    let hardware = security_level.is_hardware();
    if !hardware && !policy.allow_software {
        return Err(Refusal::SecurityLevelNotAccepted {
            level: security_level,
        });
    }
    let mut development = !hardware;

    // Key properties come from the list the security level vouches for: the hardware-enforced
    // list for TEE and StrongBox, the software-enforced one for Software. A property only the
    // Android OS claims for a hardware key counts as absent.
    let enforced: &AuthorizationList = if hardware {
        &kd.hardware_enforced
    } else {
        &kd.software_enforced
    };
    if !enforced
        .purpose
        .as_ref()
        .is_some_and(|p| p.iter().any(|&x| x == value::PURPOSE_SIGN))
    {
        return Err(Refusal::PurposeNotSign);
    }
    if enforced.algorithm != Some(value::ALGORITHM_EC) {
        return Err(Refusal::AlgorithmNotEc);
    }
    // Some StrongBox implementations omit ecCurve; keySize 256 then says the same (and the
    // leaf's key, already checked, is a P-256 key).
    let curve_ok = match enforced.ec_curve {
        Some(c) => c == value::EC_CURVE_P_256,
        None => enforced.key_size.is_none_or(|s| s == 256),
    };
    if !curve_ok {
        return Err(Refusal::CurveNotP256);
    }
    if enforced.origin != Some(value::ORIGIN_GENERATED) {
        return Err(Refusal::OriginNotGenerated);
    }

    // The app: attestationApplicationId is always in the software-enforced list (the Android OS
    // keystore writes it; verified boot and a locked bootloader are what make it believable).
    let app = check_app(&kd.software_enforced, policy)?;

    // Root of trust.
    let rot = enforced
        .root_of_trust
        .as_ref()
        .ok_or(Refusal::RootOfTrustMissing)?;
    let state = boot_state(rot.verified_boot_state);
    if state != VerifiedBootState::Verified {
        if policy.require_verified_boot {
            return Err(Refusal::VerifiedBootNotVerified { state });
        }
        development = true;
    }
    if !rot.device_locked {
        if policy.require_device_locked {
            return Err(Refusal::DeviceUnlocked);
        }
        development = true;
    }

    // OS patch level, YYYYMM.
    let os_patch_level = enforced.os_patch_level.and_then(|p| u32::try_from(p).ok());
    if policy.min_os_patch_level > 0 {
        let found = os_patch_level.ok_or(Refusal::OsPatchLevelMissing)?;
        if found < policy.min_os_patch_level {
            return Err(Refusal::OsPatchLevelTooOld {
                found,
                floor: policy.min_os_patch_level,
            });
        }
    }

    details.verified_boot_key = rot.verified_boot_key.as_bytes().to_vec();
    details.os_version = enforced.os_version;
    details.vendor_patch_level = enforced.vendor_patch_level;
    details.boot_patch_level = enforced.boot_patch_level;
    Ok(Attestation {
        platform: Platform::Android,
        security_level,
        app: Some(app),
        verified_boot: Some(state),
        device_locked: Some(rot.device_locked),
        os_patch_level,
        development,
        android: Some(details),
        apple: None,
    })
}

fn check_app(software: &AuthorizationList, policy: &AndroidPolicy) -> Result<AppIdentity, Refusal> {
    let raw = software
        .attestation_application_id
        .as_ref()
        .ok_or(Refusal::ApplicationIdMissing)?;
    let id = AttestationApplicationId::from_der(raw.as_bytes())
        .map_err(|_| Refusal::ApplicationIdMalformed)?;
    let digests = id
        .signature_digests
        .iter()
        .map(|d| <[u8; 32]>::try_from(d.as_bytes()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| Refusal::ApplicationIdMalformed)?;

    let mut package_matched = false;
    for app in &policy.apps {
        let Some(info) = id
            .package_infos
            .iter()
            .find(|p| p.package_name.as_bytes() == app.package_name.as_bytes())
        else {
            continue;
        };
        package_matched = true;
        if !digests.is_empty() && digests.iter().all(|d| app.signing_cert_digests.contains(d)) {
            return Ok(AppIdentity::Android {
                package_name: app.package_name.clone(),
                version: info.version,
                signing_cert_digests: digests,
            });
        }
    }
    Err(if package_matched {
        Refusal::SigningDigestMismatch
    } else {
        Refusal::PackageMismatch
    })
}
