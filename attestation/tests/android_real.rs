//! Android Key Attestation against the real public chains in `fixtures/attestation/android/`
//! (from google/android-key-attestation's test resources), verified at their own time.

mod common;

use common::{android_chain, date, unhex};
use der::Decode;
use vneid_attestation::roots::GOOGLE_HARDWARE_ATTESTATION_ROOT_PINS;
use vneid_attestation::{
    verify_android, AndroidApp, AndroidPolicy, AppIdentity, Platform, Refusal, RevocationList,
    SecurityLevel, VerifiedBootState,
};

/// What the TEE vector carries (read from its KeyDescription, asserted below).
const TEE_CHALLENGE: &[u8] = b"abc";
const TEE_PACKAGE: &str = "com.android.keychain";
const TEE_DIGEST: &str = "301aa3cb081134501c45f1422abc66c24224fd5ded5fdc8f17e697176fd866aa";
/// SHA-256 of the StrongBox vector's (non-production) root public key.
const STRONGBOX_ROOT_PIN: &str = "d90ff86f70c8912f9071079f99c748c73fd01bd2c10e3024f2f61ec2606fb512";

/// 2019-08-01: inside every certificate's validity, after the 2019-07 patch level.
fn then() -> i64 {
    date(2019, 8, 1)
}

fn leaf_key(chain: &[Vec<u8>]) -> Vec<u8> {
    let leaf = x509_cert::Certificate::from_der(&chain[0]).unwrap();
    leaf.tbs_certificate()
        .subject_public_key_info()
        .subject_public_key
        .raw_bytes()
        .to_vec()
}

fn tee_app() -> AndroidApp {
    AndroidApp {
        package_name: TEE_PACKAGE.into(),
        signing_cert_digests: vec![unhex(TEE_DIGEST).try_into().unwrap()],
    }
}

/// The production policy naming the TEE vector's app, with the boot requirements off: the
/// vector comes from an unlocked test device (verified boot Unverified, deviceLocked false).
fn tee_policy() -> AndroidPolicy {
    let mut policy = AndroidPolicy::production(vec![tee_app()]);
    policy.require_verified_boot = false;
    policy.require_device_locked = false;
    policy
}

fn verify_tee(policy: &AndroidPolicy, now: i64) -> Result<vneid_attestation::Attestation, Refusal> {
    let chain = android_chain("ec_tee");
    verify_android(&chain, TEE_CHALLENGE, &leaf_key(&chain), policy, now)
}

#[test]
fn tee_vector_verifies_to_googles_root_under_a_policy_naming_its_app() {
    let proven = verify_tee(&tee_policy(), then()).unwrap();
    assert_eq!(proven.platform, Platform::Android);
    assert_eq!(proven.security_level, SecurityLevel::TrustedEnvironment);
    assert_eq!(
        proven.app,
        Some(AppIdentity::Android {
            package_name: TEE_PACKAGE.into(),
            version: 29,
            signing_cert_digests: vec![unhex(TEE_DIGEST).try_into().unwrap()],
        })
    );
    assert_eq!(proven.verified_boot, Some(VerifiedBootState::Unverified));
    assert_eq!(proven.device_locked, Some(false));
    assert_eq!(proven.os_patch_level, Some(201907));
    // Accepted only because the boot requirements were relaxed.
    assert!(proven.development);
    let details = proven.android.unwrap();
    assert_eq!(details.attestation_version, 3);
    assert_eq!(details.keymint_version, 4);
    assert_eq!(details.root_pin, GOOGLE_HARDWARE_ATTESTATION_ROOT_PINS[0]);
    assert_eq!(details.chain_len, 4);
    assert!(!details.leaf_issuer_name_mismatch);
    assert_eq!(details.os_version, Some(0));
    assert_eq!(details.vendor_patch_level, Some(201907));
    assert_eq!(details.boot_patch_level, Some(201907));
    assert_eq!(details.verified_boot_key, vec![0u8; 32]);
}

#[test]
fn tee_vector_is_refused_by_the_production_policy_for_its_unverified_boot() {
    let policy = AndroidPolicy::production(vec![tee_app()]);
    assert_eq!(
        verify_tee(&policy, then()),
        Err(Refusal::VerifiedBootNotVerified {
            state: VerifiedBootState::Unverified
        })
    );
    // Verified boot relaxed, lock still required: the unlocked bootloader is refused.
    let mut policy = AndroidPolicy::production(vec![tee_app()]);
    policy.require_verified_boot = false;
    assert_eq!(verify_tee(&policy, then()), Err(Refusal::DeviceUnlocked));
}

#[test]
fn wrong_challenge_is_refused() {
    let chain = android_chain("ec_tee");
    assert_eq!(
        verify_android(&chain, b"abd", &leaf_key(&chain), &tee_policy(), then()),
        Err(Refusal::ChallengeMismatch)
    );
}

#[test]
fn wrong_package_or_digest_is_refused() {
    let mut policy = tee_policy();
    policy.apps[0].package_name = "vn.gov.bca.vneid".into();
    assert_eq!(verify_tee(&policy, then()), Err(Refusal::PackageMismatch));

    let mut policy = tee_policy();
    policy.apps[0].signing_cert_digests = vec![[0x11; 32]];
    assert_eq!(
        verify_tee(&policy, then()),
        Err(Refusal::SigningDigestMismatch)
    );

    // Another package of the same shared-uid identity matches too (the attestation names them all).
    let mut policy = tee_policy();
    policy.apps[0].package_name = "com.android.settings".into();
    assert!(verify_tee(&policy, then()).is_ok());
}

#[test]
fn unpinned_root_is_refused() {
    let mut policy = tee_policy();
    policy.root_pins = vec![GOOGLE_HARDWARE_ATTESTATION_ROOT_PINS[1]];
    assert_eq!(verify_tee(&policy, then()), Err(Refusal::UntrustedRoot));
    policy.root_pins.clear();
    assert_eq!(verify_tee(&policy, then()), Err(Refusal::UntrustedRoot));
}

#[test]
fn a_certificate_out_of_its_validity_is_refused() {
    // The intermediates are valid 2018-03-21 .. 2028-03-18.
    assert_eq!(
        verify_tee(&tee_policy(), date(2018, 1, 1)),
        Err(Refusal::CertificateNotValidAt { index: 1 })
    );
    assert_eq!(
        verify_tee(&tee_policy(), date(2028, 6, 1)),
        Err(Refusal::CertificateNotValidAt { index: 1 })
    );
}

#[test]
fn the_pinned_roots_own_dates_do_not_matter() {
    // Google's 2016 copy of its root expired on 2026-05-24; its key is still the root key, and
    // devices provisioned with that copy still send it. Today (2026-12) the chain verifies.
    assert!(verify_tee(&tee_policy(), date(2026, 12, 1)).is_ok());
}

#[test]
fn swapped_or_truncated_chains_are_refused() {
    let chain = android_chain("ec_tee");
    let key = leaf_key(&chain);
    let policy = tee_policy();

    let swapped = vec![
        chain[0].clone(),
        chain[2].clone(),
        chain[1].clone(),
        chain[3].clone(),
    ];
    assert_eq!(
        verify_android(&swapped, TEE_CHALLENGE, &key, &policy, then()),
        Err(Refusal::CertificateSignature { index: 0 })
    );

    let no_root = chain[..3].to_vec();
    assert_eq!(
        verify_android(&no_root, TEE_CHALLENGE, &key, &policy, then()),
        Err(Refusal::UntrustedRoot)
    );

    let gap = vec![chain[0].clone(), chain[2].clone(), chain[3].clone()];
    assert_eq!(
        verify_android(&gap, TEE_CHALLENGE, &key, &policy, then()),
        Err(Refusal::CertificateSignature { index: 0 })
    );

    let leaf_only = chain[..1].to_vec();
    assert!(matches!(
        verify_android(&leaf_only, TEE_CHALLENGE, &key, &policy, then()),
        Err(Refusal::ChainLength { len: 1, .. })
    ));

    // A chain that starts above the leaf: its "leaf" has no KeyDescription.
    let above = chain[1..].to_vec();
    assert_eq!(
        verify_android(&above, TEE_CHALLENGE, &key, &policy, then()),
        Err(Refusal::KeyDescriptionMissing)
    );

    let mut truncated_der = chain.clone();
    truncated_der[2].truncate(200);
    assert_eq!(
        verify_android(&truncated_der, TEE_CHALLENGE, &key, &policy, then()),
        Err(Refusal::CertificateMalformed { index: 2 })
    );
}

#[test]
fn a_leaf_key_that_is_not_the_device_key_is_refused() {
    let chain = android_chain("ec_tee");
    let mut other = leaf_key(&chain);
    other[40] ^= 1;
    assert_eq!(
        verify_android(&chain, TEE_CHALLENGE, &other, &tee_policy(), then()),
        Err(Refusal::LeafKeyMismatch)
    );
    assert_eq!(
        verify_android(&chain, TEE_CHALLENGE, &other[..64], &tee_policy(), then()),
        Err(Refusal::DeviceKeyMalformed)
    );
}

#[test]
fn a_revoked_attestation_certificate_is_refused() {
    // cert1's serial (13206311789638820911), computed from the DER and
    // written as Google writes list keys (lowercase hex, no leading zeros).
    let chain = android_chain("ec_tee");
    let serial1 = serial_hex(&chain[1]);
    let json = format!(
        r#"{{"entries": {{"{serial1}": {{"status": "REVOKED", "reason": "KEY_COMPROMISE"}}}}}}"#
    );
    let policy = tee_policy().with_revocations(RevocationList::from_json(json.as_bytes()).unwrap());
    assert_eq!(
        verify_tee(&policy, then()),
        Err(Refusal::CertificateRevoked {
            index: 1,
            serial: serial1,
            status: "REVOKED".into()
        })
    );

    // cert2's serial DER starts with 0x03: the list key has no leading zero; an operator's key
    // written in upper case with a leading zero is the same serial.
    let json = br#"{"entries": {"0388266760658996857D": {"status": "SUSPENDED"}}}"#;
    let policy = tee_policy().with_revocations(RevocationList::from_json(json).unwrap());
    assert_eq!(
        verify_tee(&policy, then()),
        Err(Refusal::CertificateRevoked {
            index: 2,
            serial: "388266760658996857d".into(),
            status: "SUSPENDED".into()
        })
    );

    // Other serials do not matter.
    let json = br#"{"entries": {"2c8cdddfd5e03bfc": {"status": "REVOKED"}}}"#;
    let policy = tee_policy().with_revocations(RevocationList::from_json(json).unwrap());
    assert!(verify_tee(&policy, then()).is_ok());
}

fn serial_hex(der: &[u8]) -> String {
    let cert = x509_cert::Certificate::from_der(der).unwrap();
    let hex = common::hex(cert.tbs_certificate().serial_number().as_bytes());
    hex.trim_start_matches('0').to_string()
}

#[test]
fn os_patch_level_floor() {
    assert!(verify_tee(&tee_policy().with_min_os_patch_level(201907), then()).is_ok());
    assert_eq!(
        verify_tee(&tee_policy().with_min_os_patch_level(201908), then()),
        Err(Refusal::OsPatchLevelTooOld {
            found: 201907,
            floor: 201908
        })
    );
}

#[test]
fn challenge_and_size_bounds() {
    let chain = android_chain("ec_tee");
    let key = leaf_key(&chain);
    assert_eq!(
        verify_android(&chain, b"", &key, &tee_policy(), then()),
        Err(Refusal::ChallengeLength { len: 0 })
    );
    assert_eq!(
        verify_android(&chain, &[7; 129], &key, &tee_policy(), then()),
        Err(Refusal::ChallengeLength { len: 129 })
    );
    let mut big = chain.clone();
    big[1] = vec![0x30; 20_000];
    assert!(matches!(
        verify_android(&big, TEE_CHALLENGE, &key, &tee_policy(), then()),
        Err(Refusal::InputTooLarge { .. })
    ));
}

fn strongbox_policy() -> AndroidPolicy {
    let mut policy = tee_policy();
    policy.root_pins = vec![unhex(STRONGBOX_ROOT_PIN).try_into().unwrap()];
    policy
}

#[test]
fn strongbox_vector_verifies_to_its_own_root_with_the_leaf_issuer_quirk_tolerated() {
    let chain = android_chain("ec_strongbox");
    let key = leaf_key(&chain);
    let proven = verify_android(&chain, TEE_CHALLENGE, &key, &strongbox_policy(), then()).unwrap();
    assert_eq!(proven.security_level, SecurityLevel::StrongBox);
    let details = proven.android.unwrap();
    assert!(details.leaf_issuer_name_mismatch);
    // This StrongBox omits ecCurve; keySize 256 and the P-256 leaf key stand for it.
    assert_eq!(proven.os_patch_level, Some(201907));

    // Its root is not Google's production root.
    let mut production = strongbox_policy();
    production.root_pins = GOOGLE_HARDWARE_ATTESTATION_ROOT_PINS.to_vec();
    assert_eq!(
        verify_android(&chain, TEE_CHALLENGE, &key, &production, then()),
        Err(Refusal::UntrustedRoot)
    );

    // Strict name chaining refuses the leaf's wrong issuer name.
    let mut strict = strongbox_policy();
    strict.strict_leaf_issuer_name = true;
    assert_eq!(
        verify_android(&chain, TEE_CHALLENGE, &key, &strict, then()),
        Err(Refusal::IssuerNameMismatch { index: 0 })
    );
}
