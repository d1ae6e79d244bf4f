//! The real service on 127.0.0.1 (port 0) with TLS, driven by the real client: login, lockout,
//! challenges, attested enrolment, role and level from the account, one device per account,
//! revocation reaching an officer, conditional list fetches, restarts.

mod common;

use common::*;
use vneid_attestation::testing::{test_signing_cert_digest, FakeAndroid, TEST_NOW};
use vneid_attestation::{SecurityLevel, VerifiedBootState};
use vneid_client::wire::{code, EnrolRequest, Role, B64};
use vneid_client::{Fetched, ListKind, ListUpdate};
use vneid_core::identity::AssuranceLevel;
use vneid_core::keys::Signer;

fn refusal(e: &vneid_client::ClientError) -> (String, Option<String>) {
    match e {
        vneid_client::ClientError::Api { body, .. } => (body.error.clone(), body.check.clone()),
        other => panic!("not an API error: {other}"),
    }
}

#[test]
fn login_sessions_and_logout() {
    let bench = Bench::new();
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    let client = bench.client();
    assert!(client.health().unwrap());

    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    assert_eq!((s.level, s.role), (2, Role::Citizen));
    assert_eq!(s.expires_at, TEST_NOW + 15 * 60);
    let a = client.account(&s).unwrap();
    assert_eq!((a.level, a.role), (2, Role::Citizen));
    assert!(a.device.is_none());

    let wrong = client.login(CITIZEN_ID, "not the password").unwrap_err();
    assert_eq!(wrong.code(), Some(code::INVALID_CREDENTIALS));
    let unknown = client.login("079099999999", PASSWORD).unwrap_err();
    assert_eq!(
        unknown.code(),
        Some(code::INVALID_CREDENTIALS),
        "no account oracle"
    );
    let malformed = client.login("12", PASSWORD).unwrap_err();
    assert_eq!(malformed.code(), Some(code::INVALID_CREDENTIALS));

    client.logout(&s).unwrap();
    assert_eq!(
        client.account(&s).unwrap_err().code(),
        Some(code::UNAUTHORIZED)
    );

    // Sessions are short-lived: the injected clock ends them.
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    bench.clock.advance(15 * 60);
    assert_eq!(client.account(&s).unwrap_err().status(), Some(401));
}

#[test]
fn failed_logins_lock_the_account_until_the_lock_expires() {
    let bench = Bench::new();
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    let client = bench.client();
    for i in 1..5 {
        let e = client.login(CITIZEN_ID, "wrong password").unwrap_err();
        assert_eq!(e.code(), Some(code::INVALID_CREDENTIALS), "attempt {i}");
    }
    let e = client.login(CITIZEN_ID, "wrong password").unwrap_err();
    assert_eq!(e.code(), Some(code::LOCKED));
    match &e {
        vneid_client::ClientError::Api { status, body } => {
            assert_eq!(*status, 423);
            assert_eq!(body.retry_after, Some(15 * 60));
        }
        _ => unreachable!(),
    }
    // Even the right password is refused while locked.
    assert_eq!(
        client.login(CITIZEN_ID, PASSWORD).unwrap_err().code(),
        Some(code::LOCKED)
    );
    bench.clock.advance(15 * 60 - 1);
    assert_eq!(
        client.login(CITIZEN_ID, PASSWORD).unwrap_err().code(),
        Some(code::LOCKED)
    );
    bench.clock.advance(1);
    client.login(CITIZEN_ID, PASSWORD).unwrap();
    // A success clears the count: four more failures do not lock.
    for _ in 0..4 {
        let _ = client.login(CITIZEN_ID, "wrong password");
    }
    client.login(CITIZEN_ID, PASSWORD).unwrap();
}

#[test]
fn logins_are_rate_limited_per_account_and_per_address() {
    let mut service = test_service_config();
    service.login_per_account_per_minute = 3;
    service.login_per_address_per_minute = 9;
    service.max_failed_logins = 100;
    let bench = Bench::with(service, None);
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    let client = bench.client();
    for _ in 0..3 {
        let _ = client.login(CITIZEN_ID, "wrong password");
    }
    let e = client.login(CITIZEN_ID, PASSWORD).unwrap_err();
    assert_eq!(e.code(), Some(code::RATE_LIMITED));
    assert_eq!(e.status(), Some(429));
    // Other accounts from this address still go, up to the address's limit.
    for i in 0..5 {
        let e = client
            .login(&format!("00109001000{i}"), PASSWORD)
            .unwrap_err();
        assert_eq!(e.code(), Some(code::INVALID_CREDENTIALS));
    }
    let e = client.login("001090010009", PASSWORD).unwrap_err();
    assert_eq!(e.code(), Some(code::RATE_LIMITED), "the address is limited");
    bench.clock.advance(60);
    client.login(CITIZEN_ID, PASSWORD).unwrap();

    // Challenges per session are limited too.
    let mut service = test_service_config();
    service.challenges_per_session_per_minute = 2;
    let bench = Bench::with(service, None);
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    client.challenge(&s).unwrap();
    client.challenge(&s).unwrap();
    assert_eq!(
        client.challenge(&s).unwrap_err().code(),
        Some(code::RATE_LIMITED)
    );
}

/// Behind a load balancer: the per-address login limit keys on the client address the trusted
/// proxy forwards, and never on what a client writes in the header itself.
#[test]
fn behind_a_trusted_proxy_logins_are_limited_per_forwarded_address() {
    let status = |raw: &str| raw.split(' ').nth(1).unwrap_or_default().to_owned();
    let attempt = |bench: &Bench, xff: Option<&str>| {
        let body = r#"{"personal_id":"001090010001","password":"not the password"}"#;
        let headers: Vec<(&str, &str)> = xff.map(|v| ("X-Forwarded-For", v)).into_iter().collect();
        status(&raw_post_with(bench, "/v1/login", &headers, body))
    };
    let limited = |mut service: vneid_authority::config::ServiceConfig| {
        service.login_per_address_per_minute = 3;
        service.login_per_account_per_minute = 1000;
        service.max_failed_logins = 1000;
        service
    };

    // The proxy (127.0.0.1 here) is trusted: each forwarded client has its own limit.
    let mut service = limited(test_service_config());
    // Written as IPv4-mapped IPv6, as a dual-stack configuration may: the same address.
    service.trusted_proxies = vec!["::ffff:127.0.0.1".parse().unwrap()];
    let bench = Bench::with(service, None);
    for _ in 0..3 {
        assert_eq!(attempt(&bench, Some("203.0.113.7")), "401");
    }
    assert_eq!(attempt(&bench, Some("203.0.113.7")), "429");
    assert_eq!(
        attempt(&bench, Some("203.0.113.8")),
        "401",
        "another client behind the same proxy"
    );
    // A client that writes its own header is still the address the proxy appended, whatever
    // it wrote; with a port, the same address.
    assert_eq!(attempt(&bench, Some("198.51.100.1, 203.0.113.7")), "429");
    assert_eq!(attempt(&bench, Some("garbage, 203.0.113.7")), "429");
    assert_eq!(attempt(&bench, Some("203.0.113.7:51234")), "429");
    // IPv6 clients are limited by their /64: another address in it shares the limit.
    for _ in 0..3 {
        assert_eq!(attempt(&bench, Some("[2001:db8:1:2::10]:443")), "401");
    }
    assert_eq!(attempt(&bench, Some("2001:db8:1:2::99")), "429");
    assert_eq!(
        attempt(&bench, Some("2001:db8:1:3::10")),
        "401",
        "another /64"
    );
    // Two proxies in a row (both trusted): the nearest untrusted hop.
    assert_eq!(attempt(&bench, Some("203.0.113.7, 127.0.0.1")), "429");
    // No header, or one that does not parse: the proxy's own address (its own limit).
    for _ in 0..3 {
        assert_eq!(attempt(&bench, None), "401");
    }
    assert_eq!(attempt(&bench, Some("not an address")), "429");

    // Not trusted (the default): the header is ignored, everyone here is 127.0.0.1.
    let bench = Bench::with(limited(test_service_config()), None);
    for i in 0..3 {
        assert_eq!(attempt(&bench, Some(&format!("203.0.113.{i}"))), "401");
    }
    assert_eq!(attempt(&bench, Some("203.0.113.99")), "429");
}

#[test]
fn challenges_are_single_use_expire_and_belong_to_their_account() {
    let bench = Bench::new();
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    bench.add_account("001090054321", 2, Role::Citizen);
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    let other = client.login("001090054321", PASSWORD).unwrap();

    let key = device();
    let build = |challenge: Vec<u8>| {
        let pk = key.public_key().unwrap();
        let evidence = bench.android(|f| f)(&challenge, &pk).unwrap();
        let proof = key
            .sign(&vneid_client::wire::proof_message(&challenge, pk.sec1()))
            .unwrap();
        EnrolRequest {
            challenge: B64(challenge),
            device_key: B64(pk.sec1().to_vec()),
            proof: B64(proof.to_vec()),
            evidence,
        }
    };

    let c = client.challenge(&s).unwrap();
    assert_eq!(
        c.challenge.0.len(),
        vneid_authority::challenge::CHALLENGE_LEN
    );
    assert_eq!(c.expires_at, TEST_NOW + 300);
    let req = build(c.challenge.0.clone());
    // Another account cannot use it.
    let e = client.submit_enrolment(&other, &req).unwrap_err();
    assert_eq!(e.code(), Some(code::CHALLENGE_UNKNOWN));
    client.submit_enrolment(&s, &req).unwrap();
    // Replayed: refused, and nothing changes.
    let e = client.submit_enrolment(&s, &req).unwrap_err();
    assert_eq!(
        (e.status(), e.code()),
        (Some(409), Some(code::CHALLENGE_USED))
    );

    // Expired after 5 minutes.
    let c = client.challenge(&s).unwrap();
    let req = build(c.challenge.0.clone());
    bench.clock.advance(300);
    let e = client.submit_enrolment(&s, &req).unwrap_err();
    assert_eq!(e.code(), Some(code::CHALLENGE_EXPIRED));

    // Never issued.
    let e = client
        .submit_enrolment(&s, &build(vec![9; 32]))
        .unwrap_err();
    assert_eq!(e.code(), Some(code::CHALLENGE_UNKNOWN));
}

#[test]
fn android_enrolment_is_accepted_or_refused_per_attestation_check() {
    let bench = Bench::new();
    bench.add_named(CITIZEN_ID, CITIZEN_NAME, 2, Role::Citizen);
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();

    let key = device();
    let e = client.enrol(&s, &key, &bench.android(|f| f)).unwrap();
    assert!(!e.development);
    assert_eq!((e.level, e.role), (AssuranceLevel::Level2, Role::Citizen));
    let claims = e.certificate.claims();
    assert_eq!(claims.device_key, key.public_key().unwrap());
    // The certificate carries the masked personal ID only.
    assert_eq!(claims.identity.masked_id.last_digit(), 5);
    assert_eq!(claims.role, vneid_core::identity::Role::Citizen);
    assert!(!claims.development);
    assert_eq!(claims.identity.full_name, CITIZEN_NAME);
    assert_eq!(claims.not_before, TEST_NOW);
    assert_eq!(claims.expires_at, TEST_NOW + 365 * 86_400);
    assert_eq!(e.serial, claims.serial.to_string());
    assert_eq!(e.papers.len(), 4);
    for p in &e.papers {
        // Issued to this device: its key and its certificate's serial.
        assert_eq!(p.holder().device_key, key.public_key().unwrap());
        assert_eq!(p.holder().device_serial, claims.serial);
    }
    let cccd = e
        .papers
        .iter()
        .find(|p| p.paper_type().code == "cccd")
        .unwrap();
    assert_eq!(
        cccd.value("sex"),
        Some(&vneid_core::paper::FieldValue::Text("Nữ".into())),
        "the account's sex, not the sample's"
    );
    // The certificate verifies under the published trust list.
    let cache_dir = tempfile::tempdir().unwrap();
    let mut cache = bench.officer_cache(cache_dir.path());
    client.refresh(&mut cache).unwrap();
    let (trust, _) = cache.store().lists().unwrap();
    let issuer = trust.issuer(e.certificate.issuer_kid()).unwrap();
    e.certificate.verify_signature(&issuer.key).unwrap();

    // Each attestation check refuses, naming itself.
    let digest = test_signing_cert_digest();
    type Edit<'a> = Box<dyn Fn(FakeAndroid) -> FakeAndroid + 'a>;
    let cases: Vec<(&str, Edit<'_>)> = vec![
        (
            "PackageMismatch",
            Box::new(|f: FakeAndroid| f.with_app("com.example.fake", &[digest])),
        ),
        (
            "SigningDigestMismatch",
            Box::new(|f: FakeAndroid| f.with_app("vn.gov.vneid.test", &[[7; 32]])),
        ),
        (
            "SecurityLevelNotAccepted",
            Box::new(|f: FakeAndroid| f.with_security_level(SecurityLevel::Software)),
        ),
        (
            "DeviceUnlocked",
            Box::new(|f: FakeAndroid| f.with_boot(VerifiedBootState::Verified, false)),
        ),
        (
            "VerifiedBootNotVerified",
            Box::new(|f: FakeAndroid| f.with_boot(VerifiedBootState::Unverified, true)),
        ),
        (
            "LeafKeyMismatch",
            Box::new(|mut f: FakeAndroid| {
                f.leaf_public_key = device().public_key().unwrap().sec1().to_vec();
                f
            }),
        ),
        (
            "ChallengeMismatch",
            Box::new(|mut f: FakeAndroid| {
                f.key_description.attestation_challenge =
                    der::asn1::OctetString::new(vec![0u8; 32]).unwrap();
                f
            }),
        ),
        (
            "CertificateNotValidAt",
            Box::new(|mut f: FakeAndroid| {
                f.leaf_validity = ((2027, 1, 1), (2030, 1, 1));
                f
            }),
        ),
    ];
    for (check, edit) in cases {
        let err = client
            .enrol(&s, &device(), &bench.android(&edit))
            .unwrap_err();
        assert_eq!(
            refusal(&err),
            (code::ATTESTATION_REFUSED.to_owned(), Some(check.to_owned())),
            "{check}"
        );
        assert_eq!(err.status(), Some(403));
    }

    // A chain to a root the policy does not pin.
    let unpinned = |challenge: &[u8], k: &vneid_core::keys::PublicKey| {
        let chain = FakeAndroid::new(k.sec1(), challenge).build();
        Ok(vneid_client::wire::Evidence::Android {
            chain: chain.chain.into_iter().map(B64).collect(),
        })
    };
    let err = client.enrol(&s, &device(), &unpinned).unwrap_err();
    assert_eq!(refusal(&err).1.as_deref(), Some("UntrustedRoot"));

    // Genuine evidence, but the proof is not by the device key.
    let c = client.challenge(&s).unwrap();
    let k = device();
    let pk = k.public_key().unwrap();
    let evidence = bench.android(|f| f)(&c.challenge.0, &pk).unwrap();
    let req = EnrolRequest {
        proof: B64(device().sign(b"something else").unwrap().to_vec()),
        challenge: c.challenge,
        device_key: B64(pk.sec1().to_vec()),
        evidence,
    };
    let err = client.submit_enrolment(&s, &req).unwrap_err();
    assert_eq!(err.code(), Some(code::PROOF_INVALID));

    // None of the refusals replaced the enrolled device.
    let a = client.account(&s).unwrap();
    assert_eq!(a.device.unwrap().serial, e.serial);
}

#[test]
fn apple_enrolment_and_the_development_policy() {
    let mut bench = Bench::new();
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();

    let e = client.enrol(&s, &device(), &bench.apple()).unwrap();
    assert!(!e.development);
    assert_eq!(client.account(&s).unwrap().device.unwrap().platform, "ios");

    // The development App Attest environment and the simulator are refused in production.
    let dev_env = |challenge: &[u8], k: &vneid_core::keys::PublicKey| {
        let a = vneid_attestation::testing::FakeApple::new(challenge, k.sec1())
            .development()
            .build();
        bench.trust_apple_root(a.root_der.clone());
        Ok(vneid_client::wire::Evidence::Ios {
            attestation: B64(a.evidence.attestation),
            key_id: B64(a.evidence.key_id),
            assertion: B64(a.evidence.assertion),
        })
    };
    let err = client.enrol(&s, &device(), &dev_env).unwrap_err();
    assert_eq!(refusal(&err).1.as_deref(), Some("DevelopmentAaguid"));
    let none = |_: &[u8], _: &vneid_core::keys::PublicKey| Ok(vneid_client::wire::Evidence::None);
    let err = client.enrol(&s, &device(), &none).unwrap_err();
    assert_eq!(refusal(&err).1.as_deref(), Some("EvidenceMissing"));

    // Under an explicitly configured development policy the simulator enrols, and the
    // service says so.
    bench.policies.apple.allow_no_evidence = true;
    bench.policies.apple.allow_development_environment = true;
    bench.restart();
    bench.handle().policies().write().unwrap().apple = {
        let mut p = vneid_attestation::ApplePolicy::development(vec![
            vneid_attestation::testing::test_apple_app(),
        ]);
        p.roots.clear();
        p
    };
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    let e = client.enrol(&s, &device(), &none).unwrap();
    assert!(e.development);
    assert!(
        e.certificate.claims().development,
        "the certificate says so"
    );
    let d = client.account(&s).unwrap().device.unwrap();
    assert_eq!((d.platform.as_str(), d.development), ("none", true));
}

#[test]
fn role_and_level_come_from_the_account() {
    let bench = Bench::new();
    bench.add_account("001080000001", 2, Role::Officer);
    bench.add_account("001080000002", 1, Role::Citizen);
    let client = bench.client();

    let officer = client.login("001080000001", PASSWORD).unwrap();
    assert_eq!(officer.role, Role::Officer);
    let e = client
        .enrol(&officer, &device(), &bench.android(|f| f))
        .unwrap();
    assert_eq!((e.role, e.level), (Role::Officer, AssuranceLevel::Level2));

    let level1 = client.login("001080000002", PASSWORD).unwrap();
    let e = client
        .enrol(&level1, &device(), &bench.android(|f| f))
        .unwrap();
    assert_eq!((e.role, e.level), (Role::Citizen, AssuranceLevel::Level1));
    assert_eq!(e.certificate.claims().level, AssuranceLevel::Level1);
    assert!(e.papers.is_empty(), "papers are for level-2 accounts");

    // A client that tries to say its level or role is refused: the request has no such field.
    let c = client.challenge(&level1).unwrap();
    let k = device();
    let pk = k.public_key().unwrap();
    let evidence = bench.android(|f| f)(&c.challenge.0, &pk).unwrap();
    let req = EnrolRequest {
        proof: B64(k
            .sign(&vneid_client::wire::proof_message(
                &c.challenge.0,
                pk.sec1(),
            ))
            .unwrap()
            .to_vec()),
        challenge: c.challenge,
        device_key: B64(pk.sec1().to_vec()),
        evidence,
    };
    let mut json = serde_json::to_value(&req).unwrap();
    json["level"] = 2.into();
    json["role"] = "officer".into();
    let raw = raw_post(
        &bench,
        "/v1/enrolment",
        Some(level1.token()),
        &json.to_string(),
    );
    assert!(raw.starts_with("HTTP/1.1 400"), "{raw}");
    assert!(raw.contains(code::MALFORMED_REQUEST));

    // An officer account must be level 2.
    let store = bench.handle().store();
    let bad = vneid_authority::store::NewAccount {
        personal_id: "001080000003".into(),
        full_name: "Trần Thị B".into(),
        date_of_birth: "1985-05-05".into(),
        sex: "nu".into(),
        level: 1,
        role: Role::Officer,
    };
    assert!(bench
        .handle()
        .block_on(vneid_authority::admin::add_account(
            &store,
            &bench.config.service,
            &bad,
            PASSWORD,
            TEST_NOW
        ))
        .is_err());
}

#[test]
fn one_device_per_account_and_revocation_reaches_the_officer() {
    let bench = Bench::new();
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();

    let cache_dir = tempfile::tempdir().unwrap();
    let mut officer = bench.officer_cache(cache_dir.path());
    let first = client.refresh(&mut officer).unwrap();
    assert!(matches!(first.trust, ListUpdate::Installed { .. }));
    assert!(matches!(first.revocation, ListUpdate::Installed { .. }));
    // Unchanged lists: 304 for both.
    let again = client.refresh(&mut officer).unwrap();
    assert_eq!(again.trust, ListUpdate::NotModified);
    assert_eq!(again.revocation, ListUpdate::NotModified);

    let a = client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
    let b = client.enrol(&s, &device(), &bench.apple()).unwrap();
    // B replaced A and A's papers.
    let mut expected: Vec<String> = vec![a.serial.clone()];
    expected.extend(a.papers.iter().map(|p| p.serial().to_string()));
    let mut replaced = b.replaced.clone();
    replaced.sort();
    expected.sort();
    assert_eq!(replaced, expected);
    assert_eq!(client.account(&s).unwrap().device.unwrap().serial, b.serial);
    let papers = client.papers(&s).unwrap();
    assert_eq!(
        papers.iter().map(|p| p.serial()).collect::<Vec<_>>(),
        b.papers.iter().map(|p| p.serial()).collect::<Vec<_>>(),
        "the papers are re-issued with the new device"
    );

    bench.handle().sync_lists();
    let r = client.refresh(&mut officer).unwrap();
    assert_eq!(r.trust, ListUpdate::NotModified);
    assert!(matches!(r.revocation, ListUpdate::Installed { .. }));
    let (_, revoked) = officer.store().lists().unwrap();
    assert!(revoked.revoked.contains(&a.certificate.claims().serial));
    assert!(!revoked.revoked.contains(&b.certificate.claims().serial));
    // A's papers are not named (the list stays one serial per stolen phone) and are revoked
    // all the same: each is bound to A's serial, which is.
    for p in &a.papers {
        assert!(!revoked.revoked.contains(&p.serial()));
        assert_eq!(p.holder().device_serial, a.certificate.claims().serial);
        assert_eq!(
            p.status(p.valid_from(), Some(revoked)),
            vneid_core::paper::PaperStatus::Revoked
        );
    }
    assert_eq!(revoked.revoked.len(), 1, "only A's device");
    // The served list carries an ETag and Cache-Control, and 304s on that ETag.
    let Fetched::List { etag, .. } = client.fetch_list(ListKind::Revocation, None).unwrap() else {
        panic!("a list")
    };
    let etag = etag.unwrap();
    assert_eq!(
        etag,
        vneid_client::list_etag("revocation", revoked.sequence)
    );
    assert_eq!(
        client
            .fetch_list(ListKind::Revocation, Some(&etag))
            .unwrap(),
        Fetched::NotModified
    );
    let raw = raw_get(&bench, "/v1/lists/revocation", &[("If-None-Match", &etag)]);
    assert!(raw.starts_with("HTTP/1.1 304"), "{raw}");
    assert!(raw
        .to_lowercase()
        .contains("cache-control: public, max-age=60"));
}

#[test]
fn the_holder_revokes_a_stolen_phone_from_another_session() {
    let bench = Bench::new();
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    let client = bench.client();
    let on_phone = client.login(CITIZEN_ID, PASSWORD).unwrap();
    let e = client
        .enrol(&on_phone, &device(), &bench.android(|f| f))
        .unwrap();
    let cache_dir = tempfile::tempdir().unwrap();
    let mut officer = bench.officer_cache(cache_dir.path());
    client.refresh(&mut officer).unwrap();

    // "My phone was stolen", logged in elsewhere.
    let elsewhere = client.login(CITIZEN_ID, PASSWORD).unwrap();
    let r = client.revoke_device(&elsewhere).unwrap();
    assert_eq!(r.revoked.len(), 5);
    assert!(r.revoked.contains(&e.serial));
    // The answer came once a published list names it: the officer sees it at once.
    let u = client.refresh(&mut officer).unwrap();
    assert_eq!(
        u.revocation,
        ListUpdate::Installed {
            sequence: r.revocation_sequence,
            delta: true,
        },
        "a delta from the list held"
    );
    let (_, list) = officer.store().lists().unwrap();
    assert!(list.revoked.contains(&e.certificate.claims().serial));
    // The stolen phone's session is gone; the account has no device and no papers.
    assert_eq!(client.account(&on_phone).unwrap_err().status(), Some(401));
    assert!(client.account(&elsewhere).unwrap().device.is_none());
    assert_eq!(
        client.papers(&elsewhere).unwrap_err().code(),
        Some(code::NO_DEVICE)
    );
    // Nothing left to revoke.
    assert!(client.revoke_device(&elsewhere).unwrap().revoked.is_empty());
    // A new phone enrols.
    client
        .enrol(&elsewhere, &device(), &bench.android(|f| f))
        .unwrap();
}

#[test]
fn operator_revocation_reaches_the_officer_through_a_refresh() {
    let bench = Bench::new();
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    let e = client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
    let cache_dir = tempfile::tempdir().unwrap();
    let mut officer = bench.officer_cache(cache_dir.path());
    client.refresh(&mut officer).unwrap();

    // The operator's command, as a separate process would run it, on the same database.
    let dir = bench.dir.path().to_owned();
    let (revoked, seq) = rt()
        .block_on(async {
            let op = vneid_authority::admin::Operator::open(&dir, None, TEST_NOW).await?;
            let r = op
                .revoke_serial(vneid_authority::signing::parse_serial(&e.serial)?, TEST_NOW)
                .await;
            op.close().await;
            r
        })
        .unwrap();
    assert_eq!(revoked.len(), 5, "the device and its papers");
    bench.handle().sync_lists();
    assert_eq!(bench.handle().served_sequences().1, seq);
    let u = client.refresh(&mut officer).unwrap();
    assert_eq!(
        u.revocation,
        ListUpdate::Installed {
            sequence: seq,
            delta: true
        }
    );
    let (_, list) = officer.store().lists().unwrap();
    assert!(list.revoked.contains(&e.certificate.claims().serial));
    // public/ holds the same list, for officers given the folder.
    let (root, bundle) = vneid_core::trust::read_public(&bench.dir.path().join("public")).unwrap();
    assert_eq!(
        &vneid_core::trust::RevocationList::verify(&bundle.revocation_list, &root).unwrap(),
        list
    );
}

#[test]
fn a_restart_loses_nothing() {
    let mut bench = Bench::new();
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    bench.add_account("001090054321", 2, Role::Citizen);
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    let a = client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
    let b = client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
    let other = client.login("001090054321", PASSWORD).unwrap();
    let c = client.challenge(&other).unwrap();
    bench.handle().sync_lists();
    let before = bench.handle().served_sequences();
    let papers = client.papers(&s).unwrap();

    bench.restart();
    let client = bench.client();
    // The session, the device, the papers, the lists, the pending challenge: all there.
    assert_eq!(client.account(&s).unwrap().device.unwrap().serial, b.serial);
    let after = client.papers(&s).unwrap();
    assert_eq!(
        after
            .iter()
            .map(|p| p.to_bytes().unwrap())
            .collect::<Vec<_>>(),
        papers
            .iter()
            .map(|p| p.to_bytes().unwrap())
            .collect::<Vec<_>>()
    );
    assert_eq!(bench.handle().served_sequences(), before);
    let cache_dir = tempfile::tempdir().unwrap();
    let mut officer = bench.officer_cache(cache_dir.path());
    client.refresh(&mut officer).unwrap();
    assert!(officer
        .store()
        .lists()
        .unwrap()
        .1
        .revoked
        .contains(&a.certificate.claims().serial));
    client.login(CITIZEN_ID, PASSWORD).unwrap();
    // The challenge issued before the restart is still good once.
    let k = device();
    let pk = k.public_key().unwrap();
    let evidence = bench.android(|f| f)(&c.challenge.0, &pk).unwrap();
    let req = EnrolRequest {
        proof: B64(k
            .sign(&vneid_client::wire::proof_message(
                &c.challenge.0,
                pk.sec1(),
            ))
            .unwrap()
            .to_vec()),
        challenge: c.challenge,
        device_key: B64(pk.sec1().to_vec()),
        evidence,
    };
    client.submit_enrolment(&other, &req).unwrap();
    // Serials keep counting up after the restart.
    let next = client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
    assert!(next.serial > b.serial);
}
