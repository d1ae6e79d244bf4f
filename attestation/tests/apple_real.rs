//! App Attest against the real public documents in `fixtures/attestation/apple/` (from
//! veehaitch/devicecheck-appattest's test resources: development environment, client data
//! "wurzelpfropf"), verified at their own time.

mod common;

use ciborium::Value;
use common::{apple_documents, b64, unix};
use vneid_attestation::apple::{
    verify_assertion, verify_attestation, AttestedAppKey, BINDING_LABEL,
};
use vneid_attestation::roots::APPLE_APP_ATTESTATION_ROOT_CA;
use vneid_attestation::{
    verify_apple, AppAttestEnvironment, AppAttestEvidence, AppleApp, AppleEvidence, ApplePolicy,
    Refusal,
};

const FILES: [&str; 3] = ["ios-14.2.yaml", "ios-14.3.yaml", "ios-14.4.yaml"];

struct Vector {
    attestation: Vec<u8>,
    key_id: Vec<u8>,
    client_data_hash: [u8; 32],
    app: AppleApp,
    time: i64,
    assertion: Vec<u8>,
    assertion_client_data_hash: [u8; 32],
    assertion_counter: u32,
}

fn vector(file: &str) -> Vector {
    let docs = apple_documents(file);
    let att = docs.iter().find(|d| d["type"] == "attestation").unwrap();
    let asr = docs.iter().find(|d| d["type"] == "assertion").unwrap();
    let client_data_hash: [u8; 32] = b64(&att["clientDataHashSha256Base64"]).try_into().unwrap();
    // The published hash is SHA-256 of the published client data.
    assert_eq!(
        ring::digest::digest(&ring::digest::SHA256, &b64(&att["clientDataBase64"])).as_ref(),
        client_data_hash
    );
    assert_eq!(att["environment"], "development");
    Vector {
        attestation: b64(&att["attestationBase64"]),
        key_id: b64(&att["keyIdBase64"]),
        client_data_hash,
        app: AppleApp::new(&att["teamIdentifier"], &att["bundleIdentifier"]),
        time: unix(&att["timestamp"]),
        assertion: b64(&asr["assertionBase64"]),
        assertion_client_data_hash: b64(&asr["clientDataHashSha256Base64"]).try_into().unwrap(),
        assertion_counter: asr["counter"].parse().unwrap(),
    }
}

fn dev_policy(app: &AppleApp) -> ApplePolicy {
    ApplePolicy::development(vec![app.clone()])
}

fn attest(v: &Vector, policy: &ApplePolicy) -> Result<AttestedAppKey, Refusal> {
    verify_attestation(
        &v.attestation,
        &v.key_id,
        &v.client_data_hash,
        policy,
        v.time,
    )
}

#[test]
fn real_attestations_verify_to_apples_root_under_a_development_policy() {
    for file in FILES {
        let v = vector(file);
        let key = attest(&v, &dev_policy(&v.app)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(key.key_id.to_vec(), v.key_id, "{file}");
        assert_eq!(key.public_key.len(), 65);
        assert_eq!(key.environment, AppAttestEnvironment::Development);
        assert_eq!(key.app, v.app);
        assert_eq!(v.app.team_id, "6MURL8TA57");
        assert_eq!(v.app.bundle_id, "de.vincent-haupert.apple-appattest-poc");
        assert!(!key.receipt.is_empty());
    }
}

#[test]
fn real_assertions_verify_with_the_attested_key() {
    for file in FILES {
        let v = vector(file);
        let key = attest(&v, &dev_policy(&v.app)).unwrap();
        let counter = verify_assertion(
            &v.assertion,
            &key.public_key,
            &v.app,
            &v.assertion_client_data_hash,
            0,
        )
        .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(counter, v.assertion_counter);
        assert_eq!(counter, 1);

        // Not above the last counter seen.
        assert_eq!(
            verify_assertion(
                &v.assertion,
                &key.public_key,
                &v.app,
                &v.assertion_client_data_hash,
                1
            ),
            Err(Refusal::AssertionCounter {
                counter: 1,
                previous: 1
            })
        );
        // Other client data: the signature does not verify.
        let mut other = v.assertion_client_data_hash;
        other[0] ^= 1;
        assert_eq!(
            verify_assertion(&v.assertion, &key.public_key, &v.app, &other, 0),
            Err(Refusal::AssertionSignature)
        );
        // Another app.
        let app = AppleApp::new("6MURL8TA57", "vn.gov.vneid");
        assert_eq!(
            verify_assertion(
                &v.assertion,
                &key.public_key,
                &app,
                &v.assertion_client_data_hash,
                0
            ),
            Err(Refusal::AssertionRpIdMismatch)
        );
    }
}

#[test]
fn development_aaguid_is_refused_by_the_production_policy() {
    let v = vector("ios-14.2.yaml");
    let policy = ApplePolicy::production(vec![v.app.clone()]);
    assert_eq!(attest(&v, &policy), Err(Refusal::DevelopmentAaguid));
}

#[test]
fn wrong_team_or_bundle_id_is_refused() {
    let v = vector("ios-14.3.yaml");
    let team = AppleApp::new("ABCDE12345", &v.app.bundle_id);
    assert_eq!(attest(&v, &dev_policy(&team)), Err(Refusal::RpIdMismatch));
    let bundle = AppleApp::new(&v.app.team_id, "vn.gov.bca.vneid");
    assert_eq!(attest(&v, &dev_policy(&bundle)), Err(Refusal::RpIdMismatch));
}

#[test]
fn wrong_key_id_is_refused() {
    let mut v = vector("ios-14.4.yaml");
    v.key_id[5] ^= 0x40;
    assert_eq!(attest(&v, &dev_policy(&v.app)), Err(Refusal::KeyIdMismatch));
    v.key_id.truncate(31);
    assert_eq!(attest(&v, &dev_policy(&v.app)), Err(Refusal::KeyIdMismatch));
}

#[test]
fn wrong_challenge_is_refused() {
    // The challenge is in the client data; other client data → another nonce.
    let mut v = vector("ios-14.2.yaml");
    v.client_data_hash[31] ^= 1;
    assert_eq!(attest(&v, &dev_policy(&v.app)), Err(Refusal::NonceMismatch));
}

#[test]
fn a_certificate_out_of_its_validity_is_refused() {
    // The credential certificate of 14.2 is valid 2020-11-20T22:13:02Z .. 2020-11-23T22:13:02Z.
    let mut v = vector("ios-14.2.yaml");
    v.time = unix("2020-11-24T00:00:00Z");
    assert_eq!(
        attest(&v, &dev_policy(&v.app)),
        Err(Refusal::CertificateNotValidAt { index: 0 })
    );
    v.time = unix("2020-11-20T00:00:00Z");
    assert_eq!(
        attest(&v, &dev_policy(&v.app)),
        Err(Refusal::CertificateNotValidAt { index: 0 })
    );
}

#[test]
fn unpinned_root_is_refused() {
    let v = vector("ios-14.2.yaml");
    let mut policy = dev_policy(&v.app);
    // Some other root: the Android software attestation root.
    policy.roots = vec![common::pem_to_der(include_bytes!(
        "../roots/android_software_attestation_root_ec.pem"
    ))];
    assert_eq!(attest(&v, &policy), Err(Refusal::UntrustedRoot));
    policy.roots.clear();
    assert_eq!(attest(&v, &policy), Err(Refusal::UntrustedRoot));
}

/// Re-encodes the attestation object after `edit`.
fn edited(v: &Vector, edit: impl FnOnce(&mut Vec<(Value, Value)>)) -> Vec<u8> {
    let Value::Map(mut map) = ciborium::de::from_reader(v.attestation.as_slice()).unwrap() else {
        panic!("map")
    };
    edit(&mut map);
    let mut out = Vec::new();
    ciborium::ser::into_writer(&Value::Map(map), &mut out).unwrap();
    out
}

fn statement(map: &mut [(Value, Value)]) -> &mut Vec<(Value, Value)> {
    match &mut map
        .iter_mut()
        .find(|(k, _)| k.as_text() == Some("attStmt"))
        .unwrap()
        .1
    {
        Value::Map(m) => m,
        _ => panic!("attStmt"),
    }
}

fn x5c(map: &mut [(Value, Value)]) -> &mut Vec<Value> {
    match &mut statement(map)
        .iter_mut()
        .find(|(k, _)| k.as_text() == Some("x5c"))
        .unwrap()
        .1
    {
        Value::Array(a) => a,
        _ => panic!("x5c"),
    }
}

#[test]
fn swapped_truncated_or_rooted_x5c() {
    let v = vector("ios-14.3.yaml");
    let policy = dev_policy(&v.app);
    let run = |attestation: Vec<u8>| {
        verify_attestation(
            &attestation,
            &v.key_id,
            &v.client_data_hash,
            &policy,
            v.time,
        )
    };
    // Swapped: the intermediate first. Its issuer (the root) is pinned, but the "intermediate"
    // at position 1 (the credential certificate) did not sign it.
    let swapped = edited(&v, |m| x5c(m).swap(0, 1));
    assert_eq!(run(swapped), Err(Refusal::UntrustedRoot));
    // Truncated: only the credential certificate, whose issuer is not a root.
    let truncated = edited(&v, |m| x5c(m).truncate(1));
    assert_eq!(run(truncated), Err(Refusal::UntrustedRoot));
    // With the root itself appended: the same path.
    let rooted = edited(&v, |m| {
        x5c(m).push(Value::Bytes(APPLE_APP_ATTESTATION_ROOT_CA.to_vec()))
    });
    assert!(run(rooted).is_ok());
    // Too many.
    let long = edited(&v, |m| {
        let a = x5c(m);
        let dup = a[1].clone();
        a.extend([dup.clone(), dup.clone(), dup]);
    });
    assert!(matches!(
        run(long),
        Err(Refusal::ChainLength { len: 5, .. })
    ));
}

#[test]
fn malformed_objects_are_refused() {
    let v = vector("ios-14.2.yaml");
    let policy = dev_policy(&v.app);
    let run = |attestation: &[u8]| {
        verify_attestation(attestation, &v.key_id, &v.client_data_hash, &policy, v.time)
    };
    assert_eq!(
        run(&v.attestation[..v.attestation.len() - 1]),
        Err(Refusal::AttestationObjectMalformed)
    );
    let mut trailing = v.attestation.clone();
    trailing.push(0);
    assert_eq!(run(&trailing), Err(Refusal::AttestationObjectMalformed));
    assert_eq!(run(b""), Err(Refusal::AttestationObjectMalformed));
    let packed = edited(&v, |m| {
        m.iter_mut()
            .find(|(k, _)| k.as_text() == Some("fmt"))
            .unwrap()
            .1 = Value::Text("packed".into())
    });
    assert_eq!(run(&packed), Err(Refusal::AttestationFormat));
    let duplicated = edited(&v, |m| {
        let fmt = m[0].clone();
        m.push(fmt)
    });
    assert_eq!(run(&duplicated), Err(Refusal::AttestationObjectMalformed));
    assert!(matches!(
        run(&vec![0xa0; 70_000]),
        Err(Refusal::InputTooLarge { .. })
    ));
}

#[test]
fn real_evidence_does_not_pass_our_binding() {
    // The full entry point derives the client data from the challenge and the device key
    // (docs/attestation.md); the published evidence used other client data.
    let v = vector("ios-14.2.yaml");
    let evidence = AppleEvidence::AppAttest(AppAttestEvidence {
        attestation: v.attestation.clone(),
        key_id: v.key_id.clone(),
        assertion: v.assertion.clone(),
    });
    let device_key = [4u8; 65];
    assert_eq!(
        verify_apple(
            &evidence,
            b"wurzel",
            &device_key,
            &dev_policy(&v.app),
            v.time
        ),
        Err(Refusal::NonceMismatch)
    );
    assert!(BINDING_LABEL.starts_with(b"vneid-attestation/"));
}
