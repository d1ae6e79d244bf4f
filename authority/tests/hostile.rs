//! Hostile input: oversized bodies, malformed JSON, CBOR and DER, replayed challenges, racing
//! enrolments, slow clients. The service answers each with a typed error, keeps serving, and
//! loses nothing.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use vneid_client::wire::{code, EnrolRequest, Evidence, Role, B64};
use vneid_core::keys::{Signer, SoftwareSigner};

fn tls_config(bench: &Bench) -> Arc<rustls::ClientConfig> {
    let cert = std::fs::read(bench.dir.path().join("tls/cert.der")).unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(rustls::pki_types::CertificateDer::from(cert))
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Arc::new(
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth(),
    )
}

/// A TLS stream to the service.
fn connect(bench: &Bench) -> rustls::StreamOwned<rustls::ClientConnection, TcpStream> {
    let name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
    let conn = rustls::ClientConnection::new(tls_config(bench), name).unwrap();
    let sock = TcpStream::connect(bench.handle().addr()).unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    rustls::StreamOwned::new(conn, sock)
}

/// Sends a request (ignoring a reset while sending: the server may answer and close before
/// reading a body it refuses) and reads the answer.
fn exchange(bench: &Bench, head: &str, body: &[u8]) -> String {
    let mut s = connect(bench);
    let _ = s.write_all(head.as_bytes()).and_then(|_| s.write_all(body));
    let _ = s.flush();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn post(bench: &Bench, path: &str, token: Option<&str>, body: &[u8]) -> String {
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Content-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    exchange(bench, &head, body)
}

fn status(answer: &str) -> u16 {
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn enrol_request(bench: &Bench, challenge: Vec<u8>, key: &SoftwareSigner) -> EnrolRequest {
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
}

fn still_serving(bench: &Bench) {
    let client = bench.client();
    assert!(client.health().unwrap());
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
}

#[test]
fn oversized_and_malformed_bodies_get_typed_errors() {
    let bench = Bench::new();
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();

    // Over the limits: 4 KiB for login, 256 KiB for enrolment.
    let big = vec![b'a'; 5 * 1024];
    let a = post(&bench, "/v1/login", None, &big);
    assert_eq!(status(&a), 413, "{a}");
    assert!(a.contains(code::BODY_TOO_LARGE));
    let huge = vec![b'a'; 300 * 1024];
    let a = post(&bench, "/v1/enrolment", Some(s.token()), &huge);
    assert_eq!(status(&a), 413, "{a}");
    // Chunked, with no length announced: the limit holds while reading.
    let mut chunked = String::new();
    for _ in 0..10 {
        chunked.push_str(&format!("{:x}\r\n{}\r\n", 1000, "b".repeat(1000)));
    }
    chunked.push_str("0\r\n\r\n");
    let a = exchange(
        &bench,
        "POST /v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\
         Connection: close\r\n\r\n",
        chunked.as_bytes(),
    );
    assert_eq!(status(&a), 413, "{a}");

    // Malformed JSON, wrong types, unknown fields, bad base64.
    for body in [
        &b"{not json"[..],
        b"[]",
        b"{\"personal_id\": 1, \"password\": \"x\"}",
        b"{\"personal_id\": \"001090012345\", \"password\": \"x\", \"level\": 2}",
        b"\xff\xfe\x00",
    ] {
        let a = post(&bench, "/v1/login", None, body);
        assert_eq!(status(&a), 400, "{a}");
        assert!(a.contains(code::MALFORMED_REQUEST));
    }
    let a = post(
        &bench,
        "/v1/enrolment",
        Some(s.token()),
        br#"{"challenge":"!!","device_key":"AA==","proof":"AA==","evidence":{"platform":"none"}}"#,
    );
    assert_eq!(status(&a), 400, "{a}");

    // A device key that is not a P-256 point.
    let c = client.challenge(&s).unwrap();
    let mut req = enrol_request(&bench, c.challenge.0.clone(), &device());
    req.device_key = B64(vec![4; 65]);
    let e = client.submit_enrolment(&s, &req).unwrap_err();
    assert_eq!(e.code(), Some(code::MALFORMED_REQUEST));

    // Malformed evidence: garbage DER, garbage CBOR, too many certificates. Each burns its
    // challenge and is refused by name.
    let cases: Vec<(Evidence, &str)> = vec![
        (
            Evidence::Android {
                chain: vec![B64(vec![0x30, 0x82, 0xff]), B64(vec![1, 2, 3])],
            },
            "CertificateMalformed",
        ),
        (
            Evidence::Android {
                chain: (0..100).map(|_| B64(vec![0x30, 0x00])).collect(),
            },
            "ChainLength",
        ),
        (
            Evidence::Ios {
                attestation: B64(vec![0xa1, 0x63, b'f', b'm']),
                key_id: B64(vec![0; 32]),
                assertion: B64(vec![0xbf]),
            },
            "AttestationObjectMalformed",
        ),
    ];
    for (evidence, check) in cases {
        let c = client.challenge(&s).unwrap();
        let key = device();
        let mut req = enrol_request(&bench, c.challenge.0.clone(), &key);
        req.evidence = evidence;
        let e = client.submit_enrolment(&s, &req).unwrap_err();
        match e {
            vneid_client::ClientError::Api { status, body } => {
                assert_eq!(status, 403);
                assert_eq!(body.check.as_deref(), Some(check));
            }
            other => panic!("{other}"),
        }
    }
    // No such endpoint; no session.
    let a = post(&bench, "/v1/nothing", None, b"{}");
    assert_eq!(status(&a), 404);
    assert!(a.contains(code::NOT_FOUND));
    let a = post(&bench, "/v1/enrolment/challenge", Some("forged-token"), b"");
    assert_eq!(status(&a), 401);

    still_serving(&bench);
}

#[test]
fn a_challenge_replayed_in_parallel_enrols_once() {
    let bench = Bench::new();
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    let c = client.challenge(&s).unwrap();
    let req = enrol_request(&bench, c.challenge.0, &device());
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..6)
            .map(|_| {
                let client = client.clone();
                let (s, req) = (s.clone(), req.clone());
                scope.spawn(move || client.submit_enrolment(&s, &req))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 1);
    for r in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(r.code(), Some(code::CHALLENGE_USED));
    }
    let store = bench.handle().store();
    let active = bench
        .handle()
        .block_on(store.count(vneid_authority::store::Count::ActiveDevices))
        .unwrap();
    assert_eq!(active, 1);
}

#[test]
fn a_second_enrolment_racing_the_first_loses_cleanly() {
    let bench = Bench::new();
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    for round in 0..5 {
        let reqs: Vec<EnrolRequest> = (0..2)
            .map(|_| {
                let c = client.challenge(&s).unwrap();
                enrol_request(&bench, c.challenge.0, &device())
            })
            .collect();
        let results: Vec<_> = std::thread::scope(|scope| {
            let hs: Vec<_> = reqs
                .iter()
                .map(|req| {
                    let (client, s) = (client.clone(), s.clone());
                    scope.spawn(move || client.submit_enrolment(&s, req))
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let winners: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(winners.len(), 1, "round {round}: {results:?}");
        let loser = results.iter().find_map(|r| r.as_ref().err()).unwrap();
        assert_eq!(loser.code(), Some(code::ENROLMENT_CONFLICT));
        let account = client.account(&s).unwrap();
        assert_eq!(account.device.unwrap().serial, winners[0].serial);
    }
    let store = bench.handle().store();
    let active = bench
        .handle()
        .block_on(store.count(vneid_authority::store::Count::ActiveDevices))
        .unwrap();
    assert_eq!(active, 1, "one active device per account");
}

#[test]
fn slow_clients_are_cut_off_and_others_are_served_meanwhile() {
    let bench = Bench::new();
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    let addr = bench.handle().addr();

    // Connects and never starts TLS.
    let mut silent = TcpStream::connect(addr).unwrap();
    silent
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // Starts a request and never finishes its header.
    let mut half_header = connect(&bench);
    half_header
        .write_all(b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .unwrap();
    half_header.flush().unwrap();
    // Announces a body and sends a few bytes of it.
    let mut half_body = connect(&bench);
    half_body
        .write_all(
            b"POST /v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{\"perso",
        )
        .unwrap();
    half_body.flush().unwrap();

    // Meanwhile everyone else is served at once.
    let started = Instant::now();
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
    assert!(started.elapsed() < Duration::from_secs(1));

    // The silent and the half-header connections are closed after the 1.5 s limit.
    let t = Instant::now();
    let mut buf = [0u8; 64];
    let n = silent.read(&mut buf).unwrap_or(0);
    assert_eq!(n, 0, "closed without an answer");
    assert!(t.elapsed() < Duration::from_secs(5));
    let mut out = Vec::new();
    let _ = half_header.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
    // The half body gets the request timeout (5 s in the test configuration).
    let mut out = Vec::new();
    let _ = half_body.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains(code::TIMEOUT));

    still_serving(&bench);
}

#[test]
fn connections_beyond_the_cap_are_closed_and_the_service_recovers() {
    let mut service = test_service_config();
    service.max_connections = 8;
    let bench = Bench::with(service, None);
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    let addr = bench.handle().addr();
    let idle: Vec<TcpStream> = (0..8).map(|_| TcpStream::connect(addr).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(200));
    // The ninth is closed at once.
    let mut extra = TcpStream::connect(addr).unwrap();
    extra
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut buf = [0u8; 8];
    let t = Instant::now();
    assert_eq!(extra.read(&mut buf).unwrap_or(0), 0);
    assert!(t.elapsed() < Duration::from_secs(1));
    // Once the idle ones time out, the service serves again.
    std::thread::sleep(Duration::from_millis(2000));
    drop(idle);
    still_serving(&bench);
}
