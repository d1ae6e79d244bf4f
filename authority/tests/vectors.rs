//! The public attestation vectors in `fixtures/attestation/`, sent to the real service at
//! their own time (the injected clock): they get as far as their content allows, and are
//! refused by name for what they cannot prove (their challenge is not ours, their device key
//! is not ours to sign with, their App Attest client data is not our binding).

mod common;

use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use common::*;
use der::Decode as _;
use vneid_attestation::{AndroidApp, AndroidPolicy, AppleApp, ApplePolicy};
use vneid_authority::challenge::{ChallengeClaims, Challenges};
use vneid_client::wire::{code, EnrolRequest, Evidence, Role, B64};

fn fixture(path: &str) -> Vec<u8> {
    let full = format!(
        "{}/../fixtures/attestation/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn pem_to_der(pem: &[u8]) -> Vec<u8> {
    let body: String = std::str::from_utf8(pem)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .map(str::trim)
        .collect();
    STANDARD.decode(body).unwrap()
}

fn tee_chain() -> Vec<Vec<u8>> {
    (0..4)
        .map(|i| pem_to_der(&fixture(&format!("android/ec_tee/cert{i}.pem"))))
        .collect()
}

fn leaf_key(chain: &[Vec<u8>]) -> Vec<u8> {
    let leaf = x509_cert::Certificate::from_der(&chain[0]).unwrap();
    leaf.tbs_certificate()
        .subject_public_key_info()
        .subject_public_key
        .raw_bytes()
        .to_vec()
}

/// 2019-08-01: inside the TEE vector's validity, after its 2019-07 patch level.
const TEE_TIME: i64 = 1_564_617_600;
const TEE_DIGEST: &str = "301aa3cb081134501c45f1422abc66c24224fd5ded5fdc8f17e697176fd866aa";

/// The production policy (Google's roots) naming the vector's app; `relaxed` turns off the
/// boot requirements (the vector comes from an unlocked test device).
fn tee_policies(relaxed: bool) -> vneid_authority::attest::Policies {
    let mut android = AndroidPolicy::production(vec![AndroidApp {
        package_name: "com.android.keychain".into(),
        signing_cert_digests: vec![unhex(TEE_DIGEST).try_into().unwrap()],
    }]);
    if relaxed {
        android.require_verified_boot = false;
        android.require_device_locked = false;
    }
    vneid_authority::attest::Policies {
        android,
        apple: ApplePolicy::production(vec![]),
    }
}

fn submit(bench: &Bench, chain: &[Vec<u8>]) -> vneid_client::ClientError {
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    let c = client.challenge(&s).unwrap();
    let req = EnrolRequest {
        challenge: c.challenge,
        device_key: B64(leaf_key(chain)),
        // We do not hold the vector's private key: no proof can be made.
        proof: B64(vec![1; 64]),
        evidence: Evidence::Android {
            chain: chain.iter().cloned().map(B64).collect(),
        },
    };
    client.submit_enrolment(&s, &req).unwrap_err()
}

fn check(e: &vneid_client::ClientError) -> Option<String> {
    match e {
        vneid_client::ClientError::Api { body, .. } => body.check.clone(),
        _ => None,
    }
}

/// Issues the TEE vector's own challenge, "abc", and remembers what it was issued for.
struct Fixed(std::sync::Mutex<Option<ChallengeClaims>>);

impl Challenges for Fixed {
    fn issue(&self, claims: &ChallengeClaims) -> vneid_authority::Result<Vec<u8>> {
        *self.0.lock().unwrap() = Some(*claims);
        Ok(b"abc".to_vec())
    }
    fn open(&self, challenge: &[u8]) -> Option<ChallengeClaims> {
        (challenge == b"abc")
            .then(|| *self.0.lock().unwrap())
            .flatten()
    }
}

fn bench_at(
    time: i64,
    policies: vneid_authority::attest::Policies,
    fixed_challenge: bool,
) -> Bench {
    let mut bench = Bench::new();
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    bench.clock.set(time);
    bench.policies = policies;
    if fixed_challenge {
        bench.challenges = Some(Arc::new(Fixed(std::sync::Mutex::new(None))));
    }
    bench.restart();
    bench
}

#[test]
fn the_real_android_tee_chain_verifies_at_its_own_time_up_to_what_it_cannot_prove() {
    let chain = tee_chain();

    // Our random challenge is not the vector's: everything before that check passed (the
    // chain to Google's root, validity in 2019, no revocation, the KeyDescription, the leaf
    // key being the device key).
    let bench = bench_at(TEE_TIME, tee_policies(true), false);
    let e = submit(&bench, &chain);
    assert_eq!(check(&e).as_deref(), Some("ChallengeMismatch"), "{e}");

    // With the vector's own challenge ("abc") the attestation passes every check, and the
    // enrolment stops at the proof of possession, which only the phone could sign.
    let bench = bench_at(TEE_TIME, tee_policies(true), true);
    let e = submit(&bench, &chain);
    assert_eq!(e.code(), Some(code::PROOF_INVALID), "{e}");

    // The production policy refuses the test device's unverified boot.
    let bench = bench_at(TEE_TIME, tee_policies(false), true);
    let e = submit(&bench, &chain);
    assert_eq!(check(&e).as_deref(), Some("VerifiedBootNotVerified"), "{e}");

    // In 2030 its intermediates (valid 2018 to 2028) have expired.
    let bench = bench_at(1_893_456_000, tee_policies(true), true);
    let e = submit(&bench, &chain);
    assert_eq!(check(&e).as_deref(), Some("CertificateNotValidAt"), "{e}");
}

/// The top-level `key: value` lines of each document of an Apple fixture.
fn apple_documents(file: &str) -> Vec<std::collections::HashMap<String, String>> {
    let text = String::from_utf8(fixture(&format!("apple/{file}"))).unwrap();
    text.split("\n---")
        .map(|doc| {
            doc.lines()
                .filter(|l| !l.starts_with(' ') && !l.starts_with('-'))
                .filter_map(|l| l.split_once(": "))
                .map(|(k, v)| (k.to_owned(), v.trim().trim_matches('\'').to_owned()))
                .collect::<std::collections::HashMap<_, _>>()
        })
        .filter(|m| !m.is_empty())
        .collect()
}

fn rfc3339(ts: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(ts)
        .unwrap()
        .timestamp()
}

#[test]
fn the_real_app_attest_objects_chain_to_apple_but_do_not_carry_our_binding() {
    for file in ["ios-14.2.yaml", "ios-14.3.yaml", "ios-14.4.yaml"] {
        let docs = apple_documents(file);
        let att = docs.iter().find(|d| d["type"] == "attestation").unwrap();
        let asr = docs.iter().find(|d| d["type"] == "assertion").unwrap();
        let app = AppleApp::new(&att["teamIdentifier"], &att["bundleIdentifier"]);
        let evidence = Evidence::Ios {
            attestation: B64(STANDARD.decode(&att["attestationBase64"]).unwrap()),
            key_id: B64(STANDARD.decode(&att["keyIdBase64"]).unwrap()),
            assertion: B64(STANDARD.decode(&asr["assertionBase64"]).unwrap()),
        };
        let time = rfc3339(&att["timestamp"]);
        let policies = |t| {
            let _ = t;
            vneid_authority::attest::Policies {
                android: AndroidPolicy::production(vec![]),
                // The vectors come from the development environment.
                apple: ApplePolicy::development(vec![app.clone()]),
            }
        };
        for (at, expected) in [
            // At its own time the chain to Apple's root verifies; the nonce covers the
            // vector's client data, not our challenge and device key.
            (time, "NonceMismatch"),
            // Years later its credential certificate has expired.
            (
                vneid_attestation::testing::TEST_NOW,
                "CertificateNotValidAt",
            ),
        ] {
            let bench = bench_at(at, policies(at), false);
            let client = bench.client();
            let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
            let key = device();
            let e = client
                .enrol(&s, &key, &|_: &[u8], _: &vneid_core::keys::PublicKey| {
                    Ok(evidence.clone())
                })
                .unwrap_err();
            assert_eq!(check(&e).as_deref(), Some(expected), "{file} at {at}: {e}");
        }
    }
}
