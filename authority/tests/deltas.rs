//! Revocation deltas over HTTP: the endpoint's answers (200 with its headers, 304, 410, 400),
//! and the real client against a replica serving a hostile or unusable delta — one signed by
//! another root is refused and changes nothing; one for another base, one past the most
//! deltas an officer keeps on a full list, or none at all (a server without deltas) sends the
//! client to the full list. The flow on SQLite and PostgreSQL is in `tests/storage.rs`.

mod common;

use std::time::Duration;

use common::*;
use tokio_rustls::TlsAcceptor;
use vneid_attestation::testing::TEST_NOW;
use vneid_authority::net::{self, NetLimits};
use vneid_authority::signing::Signing;
use vneid_client::wire::{code, Role};
use vneid_client::{list_etag, ClientError, Fetched, ListKind, ListUpdate};
use vneid_core::certificate::Serial;
use vneid_core::keys::SoftwareSigner;
use vneid_core::revoked::RevokedSet;
use vneid_core::trust::{
    RevocationDelta, TrustCache, KID_LEN, MAX_HELD_DELTAS, REVOCATION_DELTAS_FILE,
};

const DELTA: &str = "/v1/lists/revocation/delta";

#[test]
fn the_delta_endpoint_answers_200_304_410_and_400() {
    let bench = Bench::new();
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
    client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
    bench.handle().sync_lists();
    let (_, cur) = bench.handle().served_sequences();
    let etag = list_etag("revocation", cur);

    // From the list of `init` (1, empty): the signed delta, with the current list's ETag.
    let ok = raw_get(&bench, &format!("{DELTA}?since=1"), &[]);
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    let lower = ok.to_lowercase();
    assert!(lower.contains("content-type: application/cose; cose-type=\"cose-sign1\""));
    assert!(lower.contains(&format!("etag: {etag}")), "{ok}");
    assert!(lower.contains("cache-control: public, max-age=60"));

    // 304: since the current list, or If-None-Match naming it.
    for (path, headers) in [
        (format!("{DELTA}?since={cur}"), vec![]),
        (
            format!("{DELTA}?since=1"),
            vec![("If-None-Match", etag.as_str())],
        ),
    ] {
        let r = raw_get(&bench, &path, &headers);
        assert!(r.starts_with("HTTP/1.1 304"), "{path}: {r}");
        assert!(r.to_lowercase().contains(&format!("etag: {etag}")));
    }

    // 410: a list the service never published (or one past the window, tests/storage.rs).
    for since in [0, cur + 1, u64::MAX] {
        let r = raw_get(&bench, &format!("{DELTA}?since={since}"), &[]);
        assert!(r.starts_with("HTTP/1.1 410"), "{since}: {r}");
        assert!(r.contains(code::DELTA_UNAVAILABLE), "{r}");
        assert!(r
            .to_lowercase()
            .contains("cache-control: public, max-age=60"));
    }

    // 400: anything but since=<decimal u64>.
    for query in [
        "",
        "?",
        "?since=",
        "?since=abc",
        "?since=-1",
        "?since=+1",
        "?since=1.0",
        "?since=0x10",
        "?since=1&since=2",
        "?since=1&x=2",
        "?x=1&since=1",
        "?since=18446744073709551616",
        "?since=000000000000000000001",
    ] {
        let r = raw_get(&bench, &format!("{DELTA}{query}"), &[]);
        assert!(r.starts_with("HTTP/1.1 400"), "{query:?}: {r}");
        assert!(r.contains(code::MALFORMED_REQUEST), "{r}");
    }
}

/// A replica that answers the list paths with fixed bytes (and nothing else): the
/// authority's own listener key and connection loop, so the client's pin holds.
struct Replica {
    url: String,
    _stop: tokio::sync::watch::Sender<bool>,
    _runtime: tokio::runtime::Runtime,
}

fn replica(bench: &Bench, trust: Vec<u8>, revocation: Vec<u8>, delta: Option<Vec<u8>>) -> Replica {
    use axum::routing::get;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let answer = |bytes: Vec<u8>| move || std::future::ready(bytes.clone());
    let mut app = axum::Router::new()
        .route("/v1/lists/trust", get(answer(trust)))
        .route("/v1/lists/revocation", get(answer(revocation)));
    if let Some(d) = delta {
        app = app.route(DELTA, get(answer(d)));
    }
    let tls = vneid_authority::tls::server_config(&bench.layout()).unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let (stop, rx) = tokio::sync::watch::channel(false);
    let limits = NetLimits {
        max_connections: 16,
        handshake: Duration::from_secs(5),
        header: Duration::from_secs(5),
    };
    runtime.spawn(net::serve(
        listener,
        TlsAcceptor::from(tls),
        app,
        limits,
        rx,
    ));
    Replica {
        url,
        _stop: stop,
        _runtime: runtime,
    }
}

/// An officer's cache holding the service's current lists, and their signed bytes.
fn officer(bench: &Bench, dir: &std::path::Path) -> (TrustCache, Vec<u8>, Vec<u8>) {
    let mut officer = bench.officer_cache(dir);
    bench.client().refresh(&mut officer).unwrap();
    let (trust, revocation) = officer.store().signed_lists();
    let (trust, revocation) = (trust.unwrap().to_vec(), revocation.unwrap().to_vec());
    (officer, trust, revocation)
}

#[test]
fn a_delta_signed_by_another_root_is_refused_and_changes_nothing() {
    let bench = Bench::new();
    let dir = tempfile::tempdir().unwrap();
    let (mut officer, trust, full) = officer(&bench, dir.path());
    let held = officer.store().revocation_list().unwrap().clone();
    // Right base, right numbers, the root's key id; another key.
    let forged = RevocationDelta {
        sequence: held.sequence + 1,
        issued_at: TEST_NOW,
        next_update: TEST_NOW + 86_400,
        base_sequence: held.sequence,
        added: [Serial([0, 0, 0, 0, 0, 0, 0, 7])].into_iter().collect(),
        removed: RevokedSet::new(),
    }
    .sign(
        &SoftwareSigner::generate().unwrap(),
        &officer.root().key_id(KID_LEN),
    )
    .unwrap();
    let r = replica(&bench, trust, full, Some(forged));
    let err = bench.client_at(&r.url).refresh(&mut officer).unwrap_err();
    assert!(
        matches!(err, ClientError::Core(vneid_core::Error::Untrusted { .. })),
        "{err:?}"
    );
    assert_eq!(officer.store().revocation_list(), Some(&held));
    assert!(officer.store().signed_deltas().is_empty());
    assert!(!dir.path().join(REVOCATION_DELTAS_FILE).exists());
    let reopened = TrustCache::open(dir.path()).unwrap();
    assert_eq!(reopened.store().revocation_list(), Some(&held));
}

#[test]
fn a_delta_for_another_base_or_none_sends_the_client_to_the_full_list() {
    let bench = Bench::new();
    bench.add_account(CITIZEN_ID, 2, Role::Citizen);
    let dir = tempfile::tempdir().unwrap();
    let (mut officer, trust, first) = officer(&bench, dir.path());
    let held = officer.store().revocation_list().unwrap().sequence;
    let client = bench.client();
    let s = client.login(CITIZEN_ID, PASSWORD).unwrap();
    client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
    client.enrol(&s, &device(), &bench.android(|f| f)).unwrap();
    bench.handle().sync_lists();
    let Fetched::List { bytes: full, .. } = client.fetch_list(ListKind::Revocation, None).unwrap()
    else {
        panic!("a list")
    };
    let (_, cur) = bench.handle().served_sequences();

    // Signed by the root, for a list the officer does not hold.
    let signing = Signing::load(bench.dir.path()).unwrap();
    let other_base = signing
        .revocation_delta(
            held + 100,
            (held + 101, TEST_NOW, TEST_NOW + 86_400),
            &[7],
            &[],
        )
        .unwrap();
    let r = replica(&bench, trust.clone(), full.clone(), Some(other_base));
    let u = bench.client_at(&r.url).refresh(&mut officer).unwrap();
    assert_eq!(
        u.revocation,
        ListUpdate::Installed {
            sequence: cur,
            delta: false
        }
    );
    assert_eq!(officer.store().signed_lists().1, Some(&full[..]));

    // A server without the delta endpoint (404): the full list too.
    let dir = tempfile::tempdir().unwrap();
    let mut other = bench.officer_cache(dir.path());
    other.offer_trust_list(&trust).unwrap();
    other.offer_revocation_list(&first).unwrap();
    let old = replica(&bench, trust, full.clone(), None);
    let u = bench.client_at(&old.url).refresh(&mut other).unwrap();
    assert_eq!(
        u.revocation,
        ListUpdate::Installed {
            sequence: cur,
            delta: false
        }
    );
    assert_eq!(other.store().signed_lists().1, Some(&full[..]));
}

#[test]
fn past_the_most_deltas_held_the_client_takes_the_full_list() {
    let bench = Bench::new();
    let dir = tempfile::tempdir().unwrap();
    let (mut officer, trust, _) = officer(&bench, dir.path());
    let n0 = officer.store().revocation_list().unwrap().sequence;
    let signing = Signing::load(bench.dir.path()).unwrap();
    let next_update = TEST_NOW + 86_400;
    let delta = |i: u64| {
        signing
            .revocation_delta(n0 + i - 1, (n0 + i, TEST_NOW, next_update), &[i], &[])
            .unwrap()
    };
    let most = MAX_HELD_DELTAS as u64;
    for i in 1..=most {
        officer.offer_revocation_delta(&delta(i)).unwrap();
    }
    assert_eq!(officer.store().signed_deltas().len(), MAX_HELD_DELTAS);
    let full = signing
        .revocation_list(
            n0 + most + 1,
            TEST_NOW,
            86_400,
            &(1..=most + 1).collect::<Vec<_>>(),
        )
        .unwrap();
    let r = replica(&bench, trust, full.clone(), Some(delta(most + 1)));
    let u = bench.client_at(&r.url).refresh(&mut officer).unwrap();
    assert_eq!(
        u.revocation,
        ListUpdate::Installed {
            sequence: n0 + most + 1,
            delta: false
        }
    );
    assert!(officer.store().signed_deltas().is_empty());
    assert!(!dir.path().join(REVOCATION_DELTAS_FILE).exists());
    assert_eq!(
        officer.store().revocation_list().unwrap().revoked.len() as u64,
        most + 1
    );
}
