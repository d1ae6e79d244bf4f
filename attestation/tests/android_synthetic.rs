//! Android Key Attestation cases no public sample covers, on chains made under a test root by
//! `vneid_attestation::testing` (root P-384 → intermediate → attestation key → leaf, as a
//! factory-provisioned KeyMint chain).

use der::asn1::{OctetString, SetOfVec};
use der::Encode;
use vneid_attestation::android::asn1::{value, RootOfTrust, VerifiedBootStateAsn1};
use vneid_attestation::testing::{
    fake_android_chain, test_signing_cert_digest, FakeAndroid, FakeAndroidChain, TestKey,
    TEST_ANDROID_PACKAGE, TEST_NOW,
};
use vneid_attestation::{
    verify_android, AndroidPolicy, AppIdentity, Attestation, Refusal, RevocationList,
    SecurityLevel, VerifiedBootState,
};

const CHALLENGE: &[u8] = b"0123456789abcdef0123456789abcdef";

struct Case {
    key: TestKey,
    fake: FakeAndroid,
}

fn case() -> Case {
    let key = TestKey::generate();
    let fake = FakeAndroid::new(&key.public_key(), CHALLENGE);
    Case { key, fake }
}

impl Case {
    fn chain(&self) -> FakeAndroidChain {
        self.fake.build()
    }

    fn verify(&self) -> Result<Attestation, Refusal> {
        let chain = self.chain();
        verify_android(
            &chain.chain,
            CHALLENGE,
            &self.key.public_key(),
            &chain.policy(),
            TEST_NOW,
        )
    }

    fn verify_with(
        &self,
        policy: impl FnOnce(&FakeAndroidChain) -> AndroidPolicy,
    ) -> Result<Attestation, Refusal> {
        let chain = self.chain();
        let policy = policy(&chain);
        verify_android(
            &chain.chain,
            CHALLENGE,
            &self.key.public_key(),
            &policy,
            TEST_NOW,
        )
    }
}

#[test]
fn a_genuine_phone_passes_the_production_policy() {
    let key = TestKey::generate();
    let chain = fake_android_chain(&key.public_key(), CHALLENGE);
    let proven = verify_android(
        &chain.chain,
        CHALLENGE,
        &key.public_key(),
        &chain.policy(),
        TEST_NOW,
    )
    .unwrap();
    assert_eq!(proven.security_level, SecurityLevel::TrustedEnvironment);
    assert_eq!(proven.verified_boot, Some(VerifiedBootState::Verified));
    assert_eq!(proven.device_locked, Some(true));
    assert_eq!(proven.os_patch_level, Some(202501));
    assert!(!proven.development);
    assert_eq!(
        proven.app,
        Some(AppIdentity::Android {
            package_name: TEST_ANDROID_PACKAGE.into(),
            version: 1,
            signing_cert_digests: vec![test_signing_cert_digest()],
        })
    );
    let details = proven.android.unwrap();
    assert_eq!(details.attestation_version, 300);
    assert_eq!(details.root_pin, chain.root_pin);
}

#[test]
fn a_strongbox_key_is_reported_as_strongbox() {
    let mut c = case();
    c.fake = c.fake.with_security_level(SecurityLevel::StrongBox);
    assert_eq!(c.verify().unwrap().security_level, SecurityLevel::StrongBox);
}

#[test]
fn software_level_is_refused_by_default_and_accepted_under_development() {
    let mut c = case();
    c.fake = c.fake.with_security_level(SecurityLevel::Software);
    assert_eq!(
        c.verify(),
        Err(Refusal::SecurityLevelNotAccepted {
            level: SecurityLevel::Software
        })
    );
    let proven = c.verify_with(FakeAndroidChain::development_policy).unwrap();
    assert_eq!(proven.security_level, SecurityLevel::Software);
    assert!(proven.development);
}

#[test]
fn hardware_attestation_of_a_software_key_counts_as_software() {
    let mut c = case();
    c.fake.key_description.keymint_security_level =
        vneid_attestation::android::asn1::SecurityLevelAsn1::Software;
    assert_eq!(
        c.verify(),
        Err(Refusal::SecurityLevelNotAccepted {
            level: SecurityLevel::Software
        })
    );
}

#[test]
fn an_unlocked_bootloader_is_refused_by_default() {
    let mut c = case();
    c.fake = c.fake.with_boot(VerifiedBootState::Verified, false);
    assert_eq!(c.verify(), Err(Refusal::DeviceUnlocked));
    let proven = c.verify_with(FakeAndroidChain::development_policy).unwrap();
    assert_eq!(proven.device_locked, Some(false));
    assert!(proven.development);
}

#[test]
fn a_boot_state_other_than_verified_is_refused_by_default() {
    for state in [
        VerifiedBootState::SelfSigned,
        VerifiedBootState::Unverified,
        VerifiedBootState::Failed,
    ] {
        let mut c = case();
        c.fake = c.fake.with_boot(state, true);
        assert_eq!(c.verify(), Err(Refusal::VerifiedBootNotVerified { state }));
        let proven = c.verify_with(FakeAndroidChain::development_policy).unwrap();
        assert_eq!(proven.verified_boot, Some(state));
        assert!(proven.development);
    }
}

#[test]
fn the_emulator_passes_only_the_development_policy() {
    // Software keystore, unlocked, unverified: what an emulator reports.
    let mut c = case();
    c.fake = c
        .fake
        .with_security_level(SecurityLevel::Software)
        .with_boot(VerifiedBootState::Unverified, false);
    assert!(c.verify().is_err());
    let proven = c.verify_with(FakeAndroidChain::development_policy).unwrap();
    assert!(proven.development);
    assert_eq!(proven.security_level, SecurityLevel::Software);
}

#[test]
fn wrong_challenge_package_or_digest_is_refused() {
    let c = case();
    let chain = c.chain();
    assert_eq!(
        verify_android(
            &chain.chain,
            b"another challenge",
            &c.key.public_key(),
            &chain.policy(),
            TEST_NOW
        ),
        Err(Refusal::ChallengeMismatch)
    );

    let mut c = case();
    c.fake = c
        .fake
        .with_app("com.example.fake", &[test_signing_cert_digest()]);
    assert_eq!(c.verify(), Err(Refusal::PackageMismatch));

    let mut c = case();
    c.fake = c.fake.with_app(TEST_ANDROID_PACKAGE, &[[0x66; 32]]);
    assert_eq!(c.verify(), Err(Refusal::SigningDigestMismatch));

    // The genuine digest alongside another one: not all attested digests are the genuine app's.
    let mut c = case();
    c.fake = c.fake.with_app(
        TEST_ANDROID_PACKAGE,
        &[test_signing_cert_digest(), [0x66; 32]],
    );
    assert_eq!(c.verify(), Err(Refusal::SigningDigestMismatch));

    // No digest at all.
    let mut c = case();
    c.fake = c.fake.with_app(TEST_ANDROID_PACKAGE, &[]);
    assert_eq!(c.verify(), Err(Refusal::SigningDigestMismatch));
}

#[test]
fn application_id_missing_or_malformed_is_refused() {
    let mut c = case();
    c.fake
        .key_description
        .software_enforced
        .attestation_application_id = None;
    assert_eq!(c.verify(), Err(Refusal::ApplicationIdMissing));

    let mut c = case();
    c.fake
        .key_description
        .software_enforced
        .attestation_application_id = Some(OctetString::new(vec![0x30, 0x03, 0x02, 0x01]).unwrap());
    assert_eq!(c.verify(), Err(Refusal::ApplicationIdMalformed));
}

#[test]
fn key_properties_are_checked() {
    let mut c = case();
    c.fake.key_description.hardware_enforced.purpose = Some(SetOfVec::try_from(vec![3]).unwrap());
    assert_eq!(c.verify(), Err(Refusal::PurposeNotSign));

    let mut c = case();
    c.fake.key_description.hardware_enforced.algorithm = Some(1); // RSA
    assert_eq!(c.verify(), Err(Refusal::AlgorithmNotEc));

    let mut c = case();
    c.fake.key_description.hardware_enforced.ec_curve = Some(2); // P-384
    assert_eq!(c.verify(), Err(Refusal::CurveNotP256));

    let mut c = case();
    c.fake.key_description.hardware_enforced.ec_curve = None;
    c.fake.key_description.hardware_enforced.key_size = Some(384);
    assert_eq!(c.verify(), Err(Refusal::CurveNotP256));

    let mut c = case();
    c.fake.key_description.hardware_enforced.ec_curve = None;
    assert!(c.verify().is_ok(), "keySize 256 stands for the curve");

    let mut c = case();
    c.fake.key_description.hardware_enforced.origin = Some(2); // IMPORTED
    assert_eq!(c.verify(), Err(Refusal::OriginNotGenerated));
}

#[test]
fn properties_only_the_os_claims_do_not_count_for_a_hardware_key() {
    // Purpose moved from the hardware-enforced to the software-enforced list.
    let mut c = case();
    let kd = &mut c.fake.key_description;
    kd.software_enforced.purpose = kd.hardware_enforced.purpose.take();
    assert_eq!(c.verify(), Err(Refusal::PurposeNotSign));

    let mut c = case();
    let kd = &mut c.fake.key_description;
    kd.software_enforced.root_of_trust = kd.hardware_enforced.root_of_trust.take();
    assert_eq!(c.verify(), Err(Refusal::RootOfTrustMissing));
}

#[test]
fn os_patch_level_floor_and_missing_level() {
    let c = case();
    assert!(c
        .verify_with(|ch| ch.policy().with_min_os_patch_level(202501))
        .is_ok());
    assert_eq!(
        c.verify_with(|ch| ch.policy().with_min_os_patch_level(202502)),
        Err(Refusal::OsPatchLevelTooOld {
            found: 202501,
            floor: 202502
        })
    );
    let mut c = case();
    c.fake.key_description.hardware_enforced.os_patch_level = None;
    assert!(c.verify().is_ok(), "no floor, no level needed");
    assert_eq!(
        c.verify_with(|ch| ch.policy().with_min_os_patch_level(202401)),
        Err(Refusal::OsPatchLevelMissing)
    );
}

#[test]
fn a_leaf_key_that_is_not_the_device_key_is_refused() {
    let mut c = case();
    c.fake.leaf_public_key = TestKey::generate().public_key();
    assert_eq!(c.verify(), Err(Refusal::LeafKeyMismatch));
}

#[test]
fn the_key_description_must_be_in_the_leaf_only() {
    let mut c = case();
    c.fake.key_description_in_parent = true;
    assert_eq!(
        c.verify(),
        Err(Refusal::KeyDescriptionMisplaced { index: 1 })
    );

    let mut c = case();
    c.fake.omit_key_description = true;
    assert_eq!(c.verify(), Err(Refusal::KeyDescriptionMissing));

    let mut c = case();
    c.fake.raw_key_description = Some(vec![0x30, 0x02, 0x02, 0x00]);
    assert_eq!(c.verify(), Err(Refusal::KeyDescriptionMalformed));
}

#[test]
fn unknown_tags_are_skipped_and_duplicated_tags_refused() {
    let mut c = case();
    let null = der::asn1::Null.to_der().unwrap();
    let hw = &mut c.fake.key_description.hardware_enforced;
    hw.other.push((
        724,
        OctetString::new(vec![1; 32]).unwrap().to_der().unwrap(),
    ));
    hw.other.push((5000, null.clone()));
    hw.other
        .push((6, SetOfVec::try_from(vec![1i64]).unwrap().to_der().unwrap()));
    assert!(c.verify().is_ok());

    // A second rootOfTrust, saying the bootloader is locked.
    let mut c = case();
    c.fake = c.fake.with_boot(VerifiedBootState::Unverified, false);
    let second = RootOfTrust {
        verified_boot_key: OctetString::new(vec![0; 32]).unwrap(),
        device_locked: true,
        verified_boot_state: VerifiedBootStateAsn1::Verified,
        verified_boot_hash: None,
    };
    c.fake
        .key_description
        .hardware_enforced
        .other
        .push((704, second.to_der().unwrap()));
    assert_eq!(c.verify(), Err(Refusal::KeyDescriptionMalformed));

    // An algorithm value out of range for an i64 INTEGER: the list is malformed.
    let mut c = case();
    c.fake.key_description.hardware_enforced.algorithm = None;
    c.fake
        .key_description
        .hardware_enforced
        .other
        .push((2, vec![0x02, 0x09, 0x01, 0, 0, 0, 0, 0, 0, 0, 0]));
    assert_eq!(c.verify(), Err(Refusal::KeyDescriptionMalformed));
    assert_eq!(value::ALGORITHM_EC, 3);
}

#[test]
fn an_expired_leaf_is_refused() {
    let mut c = case();
    c.fake.leaf_validity = ((2020, 1, 1), (2025, 6, 1));
    assert_eq!(c.verify(), Err(Refusal::CertificateNotValidAt { index: 0 }));
    let mut c = case();
    c.fake.ca_validity = ((2027, 1, 1), (2035, 1, 1));
    assert_eq!(c.verify(), Err(Refusal::CertificateNotValidAt { index: 1 }));
}

#[test]
fn the_leaf_issuer_name_quirk_is_tolerated_unless_strict() {
    let mut c = case();
    c.fake.wrong_leaf_issuer_name = true;
    let proven = c.verify().unwrap();
    assert!(proven.android.unwrap().leaf_issuer_name_mismatch);
    assert_eq!(
        c.verify_with(|ch| {
            let mut p = ch.policy();
            p.strict_leaf_issuer_name = true;
            p
        }),
        Err(Refusal::IssuerNameMismatch { index: 0 })
    );
}

#[test]
fn a_revoked_certificate_is_refused_whatever_the_serials_spelling() {
    // The attestation-key certificate's serial is 00 b7 4e 2a 91 0c 33 5d 18 in DER.
    let c = case();
    for key in ["b74e2a910c335d18", "00B74E2A910C335D18"] {
        let json = format!(
            r#"{{"entries": {{"{key}": {{"status": "REVOKED", "reason": "KEY_COMPROMISE"}}}}}}"#
        );
        let list = RevocationList::from_json(json.as_bytes()).unwrap();
        assert_eq!(
            c.verify_with(|ch| ch.policy().with_revocations(list)),
            Err(Refusal::CertificateRevoked {
                index: 1,
                serial: "b74e2a910c335d18".into(),
                status: "REVOKED".into()
            })
        );
    }
    // The root's serial.
    let json = br#"{"entries": {"5a17002e": {"status": "SUSPENDED"}}}"#;
    let list = RevocationList::from_json(json).unwrap();
    assert!(matches!(
        c.verify_with(|ch| ch.policy().with_revocations(list)),
        Err(Refusal::CertificateRevoked { index: 3, .. })
    ));
}

#[test]
fn googles_roots_do_not_trust_a_test_root() {
    let c = case();
    assert_eq!(
        c.verify_with(|ch| AndroidPolicy::production(vec![ch.app.clone()])),
        Err(Refusal::UntrustedRoot)
    );
    assert_eq!(
        c.verify_with(|ch| AndroidPolicy::development(vec![ch.app.clone()])),
        Err(Refusal::UntrustedRoot)
    );
}
