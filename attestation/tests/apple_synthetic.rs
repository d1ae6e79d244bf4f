//! App Attest cases no public sample covers — a production object, our binding assertion, a
//! non-zero counter, … — on evidence made under a test root by `vneid_attestation::testing`.

use vneid_attestation::apple::{
    attestation_client_data_hash, binding_client_data_hash, AAGUID_DEVELOPMENT,
};
use vneid_attestation::testing::{
    fake_apple_attestation, test_apple_app, FakeApple, FakeAppleAttestation, TestKey,
    TEST_APPLE_BUNDLE_ID, TEST_APPLE_TEAM_ID, TEST_NOW,
};
use vneid_attestation::{
    verify_apple, AppAttestEnvironment, AppIdentity, AppleApp, AppleEvidence, ApplePolicy,
    Attestation, Platform, Refusal, SecurityLevel,
};

const CHALLENGE: &[u8] = b"fedcba9876543210fedcba9876543210";

fn run(
    fake: &FakeAppleAttestation,
    device_key: &[u8],
    policy: &ApplePolicy,
) -> Result<Attestation, Refusal> {
    verify_apple(
        &AppleEvidence::AppAttest(fake.evidence.clone()),
        CHALLENGE,
        device_key,
        policy,
        TEST_NOW,
    )
}

fn build(edit: impl FnOnce(&mut FakeApple)) -> (TestKey, FakeAppleAttestation) {
    let device = TestKey::generate();
    let mut fake = FakeApple::new(CHALLENGE, &device.public_key());
    edit(&mut fake);
    let built = fake.build();
    (device, built)
}

fn refusal(edit: impl FnOnce(&mut FakeApple)) -> Refusal {
    let (device, fake) = build(edit);
    run(&fake, &device.public_key(), &fake.policy()).unwrap_err()
}

#[test]
fn a_genuine_app_passes_the_production_policy() {
    let device = TestKey::generate();
    let fake = fake_apple_attestation(CHALLENGE, &device.public_key());
    let proven = run(&fake, &device.public_key(), &fake.policy()).unwrap();
    assert_eq!(proven.platform, Platform::Ios);
    assert_eq!(proven.security_level, SecurityLevel::SecureEnclave);
    assert_eq!(
        proven.app,
        Some(AppIdentity::Apple {
            team_id: TEST_APPLE_TEAM_ID.into(),
            bundle_id: TEST_APPLE_BUNDLE_ID.into()
        })
    );
    assert!(!proven.development);
    assert_eq!(proven.verified_boot, None);
    let details = proven.apple.unwrap();
    assert_eq!(details.environment, AppAttestEnvironment::Production);
    assert_eq!(details.assertion_counter, 1);
    assert_eq!(details.public_key, fake.app_attest_key.public_key());
    assert_eq!(details.key_id.to_vec(), fake.evidence.key_id);
    assert_eq!(details.receipt, b"test receipt");
}

#[test]
fn development_aaguid_is_refused_by_production_and_flagged_by_development() {
    let (device, fake) = build(|f| f.aaguid = AAGUID_DEVELOPMENT);
    assert_eq!(
        run(&fake, &device.public_key(), &fake.policy()),
        Err(Refusal::DevelopmentAaguid)
    );
    let proven = run(&fake, &device.public_key(), &fake.development_policy()).unwrap();
    assert!(proven.development);
    assert_eq!(
        proven.apple.unwrap().environment,
        AppAttestEnvironment::Development
    );
}

#[test]
fn unknown_aaguid_is_refused() {
    assert_eq!(
        refusal(|f| f.aaguid = *b"fido2-authentica"),
        Refusal::AaguidUnknown
    );
}

#[test]
fn a_non_zero_counter_is_refused() {
    assert_eq!(
        refusal(|f| f.counter = 1),
        Refusal::CounterNotZero { counter: 1 }
    );
}

#[test]
fn wrong_team_or_bundle_id_is_refused() {
    let (device, fake) = build(|_| {});
    for app in [
        AppleApp::new("ABCDE12345", TEST_APPLE_BUNDLE_ID),
        AppleApp::new(TEST_APPLE_TEAM_ID, "vn.gov.other"),
    ] {
        let mut policy = fake.policy();
        policy.apps = vec![app];
        assert_eq!(
            run(&fake, &device.public_key(), &policy),
            Err(Refusal::RpIdMismatch)
        );
    }
    // An attestation for another App ID, under the genuine app's policy.
    let (device, fake) = build(|f| f.app = AppleApp::new(TEST_APPLE_TEAM_ID, "vn.gov.other"));
    let mut policy = fake.policy();
    policy.apps = vec![test_apple_app()];
    assert_eq!(
        run(&fake, &device.public_key(), &policy),
        Err(Refusal::RpIdMismatch)
    );
}

#[test]
fn wrong_key_id_or_credential_id_is_refused() {
    assert_eq!(refusal(|f| f.key_id[0] ^= 1), Refusal::KeyIdMismatch);
    assert_eq!(
        refusal(|f| f.credential_id[0] ^= 1),
        Refusal::CredentialIdMismatch
    );
    assert_eq!(
        refusal(|f| f.credential_id.truncate(16)),
        Refusal::CredentialIdMismatch
    );
}

#[test]
fn wrong_challenge_is_refused() {
    let (device, fake) = build(|_| {});
    let evidence = AppleEvidence::AppAttest(fake.evidence.clone());
    assert_eq!(
        verify_apple(
            &evidence,
            b"another challenge",
            &device.public_key(),
            &fake.policy(),
            TEST_NOW
        ),
        Err(Refusal::NonceMismatch)
    );
}

#[test]
fn evidence_for_another_device_key_is_refused() {
    // The attestation's client data covers the device key: presenting the evidence with another
    // key fails at the nonce.
    let (_, fake) = build(|_| {});
    let other = TestKey::generate();
    assert_eq!(
        run(&fake, &other.public_key(), &fake.policy()),
        Err(Refusal::NonceMismatch)
    );
}

#[test]
fn a_bad_binding_assertion_is_refused() {
    let device = TestKey::generate();
    let other = TestKey::generate();

    // The assertion binds another device key than the one being certified.
    let (d, fake) = {
        let mut f = FakeApple::new(CHALLENGE, &device.public_key());
        f.binding_client_data_hash = binding_client_data_hash(CHALLENGE, &other.public_key());
        (device.clone(), f.build())
    };
    assert_eq!(
        run(&fake, &d.public_key(), &fake.policy()),
        Err(Refusal::AssertionSignature)
    );

    // The assertion was made over the attestation's client data (the labels differ).
    let mut f = FakeApple::new(CHALLENGE, &device.public_key());
    f.binding_client_data_hash = attestation_client_data_hash(CHALLENGE, &device.public_key());
    let fake = f.build();
    assert_eq!(
        run(&fake, &device.public_key(), &fake.policy()),
        Err(Refusal::AssertionSignature)
    );

    // Signed by another App Attest key.
    let mut fake = fake_apple_attestation(CHALLENGE, &device.public_key());
    fake.evidence.assertion = vneid_attestation::testing::assertion(
        &TestKey::generate(),
        &test_apple_app(),
        &binding_client_data_hash(CHALLENGE, &device.public_key()),
        1,
    );
    assert_eq!(
        run(&fake, &device.public_key(), &fake.policy()),
        Err(Refusal::AssertionSignature)
    );

    // Counter 0: not above the attestation's.
    let mut f = FakeApple::new(CHALLENGE, &device.public_key());
    f.assertion_counter = 0;
    let fake = f.build();
    assert_eq!(
        run(&fake, &device.public_key(), &fake.policy()),
        Err(Refusal::AssertionCounter {
            counter: 0,
            previous: 0
        })
    );

    // For another App ID.
    let mut f = FakeApple::new(CHALLENGE, &device.public_key());
    f.assertion_app = AppleApp::new(TEST_APPLE_TEAM_ID, "vn.gov.other");
    let fake = f.build();
    assert_eq!(
        run(&fake, &device.public_key(), &fake.policy()),
        Err(Refusal::AssertionRpIdMismatch)
    );

    // Not CBOR, or too large.
    let mut fake = fake_apple_attestation(CHALLENGE, &device.public_key());
    fake.evidence.assertion = b"not an assertion".to_vec();
    assert_eq!(
        run(&fake, &device.public_key(), &fake.policy()),
        Err(Refusal::AssertionMalformed)
    );
    fake.evidence.assertion = vec![0; 5000];
    assert!(matches!(
        run(&fake, &device.public_key(), &fake.policy()),
        Err(Refusal::InputTooLarge { .. })
    ));

    // A later assertion by the same key, with counter 2, binds too.
    let mut fake = fake_apple_attestation(CHALLENGE, &device.public_key());
    fake.evidence.assertion = fake.assertion(
        &binding_client_data_hash(CHALLENGE, &device.public_key()),
        2,
    );
    assert_eq!(
        run(&fake, &device.public_key(), &fake.policy())
            .unwrap()
            .apple
            .unwrap()
            .assertion_counter,
        2
    );
}

#[test]
fn unpinned_root_is_refused() {
    let (device, fake) = build(|_| {});
    // Apple's real root does not sign test evidence.
    let policy = ApplePolicy::production(vec![test_apple_app()]);
    assert_eq!(
        run(&fake, &device.public_key(), &policy),
        Err(Refusal::UntrustedRoot)
    );
    // Nor does another test root.
    let (_, other) = build(|_| {});
    assert_eq!(
        run(&fake, &device.public_key(), &other.policy()),
        Err(Refusal::UntrustedRoot)
    );
}

#[test]
fn an_expired_credential_certificate_is_refused() {
    assert_eq!(
        refusal(|f| f.credential_validity = ((2025, 1, 1), (2025, 12, 1))),
        Refusal::CertificateNotValidAt { index: 0 }
    );
}

#[test]
fn no_evidence_only_under_development() {
    let device = TestKey::generate();
    let production = ApplePolicy::production(vec![test_apple_app()]);
    assert_eq!(
        verify_apple(
            &AppleEvidence::None,
            CHALLENGE,
            &device.public_key(),
            &production,
            TEST_NOW
        ),
        Err(Refusal::EvidenceMissing)
    );
    let development = ApplePolicy::development(vec![test_apple_app()]);
    let proven = verify_apple(
        &AppleEvidence::None,
        CHALLENGE,
        &device.public_key(),
        &development,
        TEST_NOW,
    )
    .unwrap();
    assert_eq!(proven.security_level, SecurityLevel::Unattested);
    assert_eq!(proven.app, None);
    assert!(proven.development);
    // The inputs are still checked.
    assert_eq!(
        verify_apple(
            &AppleEvidence::None,
            b"",
            &device.public_key(),
            &development,
            TEST_NOW
        ),
        Err(Refusal::ChallengeLength { len: 0 })
    );
    assert_eq!(
        verify_apple(
            &AppleEvidence::None,
            CHALLENGE,
            &[4; 33],
            &development,
            TEST_NOW
        ),
        Err(Refusal::DeviceKeyMalformed)
    );
}
