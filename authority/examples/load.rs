//! A bounded load test on loopback: the real service (TLS, SQLite in a temporary folder, the
//! default `synchronous = full`) and N client threads of the real client, measuring attested
//! enrolments per second (challenge + Android Key Attestation chain + proof + certificate +
//! four papers, each a first enrolment or a re-enrolment that revokes the previous device),
//! conditional list fetches per second (`If-None-Match` → 304) and revocation deltas from the
//! list before the last (200, made once, then served from memory), with p50/p99 latencies and
//! the machine's load. Not a test: run it by hand.
//!
//! ```sh
//! cargo run --release -p vneid-authority --example load -- [THREADS] [ENROLMENTS_PER_THREAD] [FETCHES_PER_THREAD]
//! ```
//!
//! The chain is built like a factory-provisioned TEE chain (P-384 root → P-256 intermediate →
//! P-256 attestation key → leaf with the KeyDescription), with one shared upper chain as real
//! phones of one model share theirs; the client builds and signs only the leaf, so its own
//! cost stays small next to the server's. Logins use the production Argon2id cost and are
//! measured separately; the login and challenge rate limits are off (one loopback address
//! stands for every client).

use std::sync::Arc;
use std::time::{Duration, Instant};

use der::Encode as _;
use rcgen::{
    BasicConstraints, CertificateParams, CustomExtension, DnType, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, PublicKeyData, SerialNumber, SignatureAlgorithm, PKCS_ECDSA_P256_SHA256,
    PKCS_ECDSA_P384_SHA384,
};
use vneid_attestation::testing::{test_android_app, FakeAndroid};
use vneid_attestation::{AndroidPolicy, ApplePolicy};
use vneid_authority::admin::{self, InitOptions};
use vneid_authority::attest::Policies;
use vneid_authority::config::{Config, ServiceConfig};
use vneid_authority::store::NewAccount;
use vneid_authority::{ServiceHandle, ServiceOptions};
use vneid_client::wire::{Evidence, Role, B64};
use vneid_client::{AuthorityClient, ClientOptions, Fetched, FetchedDelta, ListKind, ServerTrust};
use vneid_core::clock::{Clock, SystemClock};
use vneid_core::keys::{PublicKey, Signer, SoftwareSigner};

struct RawP256(Vec<u8>);

impl PublicKeyData for RawP256 {
    fn der_bytes(&self) -> &[u8] {
        &self.0
    }
    fn algorithm(&self) -> &'static SignatureAlgorithm {
        &PKCS_ECDSA_P256_SHA256
    }
}

/// The shared upper chain and its attestation key, which signs each phone's leaf.
struct Factory {
    upper: Vec<Vec<u8>>,
    attestation: Issuer<'static, KeyPair>,
    root_pin: [u8; 32],
}

fn ca(cn: &str, serial: u8) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.serial_number = Some(SerialNumber::from_slice(&[serial]));
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign];
    p.not_before = rcgen::date_time_ymd(2020, 1, 1);
    p.not_after = rcgen::date_time_ymd(2045, 1, 1);
    p
}

impl Factory {
    fn new() -> Self {
        let root_key = KeyPair::generate_for(&PKCS_ECDSA_P384_SHA384).unwrap();
        let root_params = ca("load test root", 1);
        let root = root_params.self_signed(&root_key).unwrap();
        let root_pin = vneid_core::keys::sha256(&root_key.subject_public_key_info());
        let root_issuer = Issuer::new(root_params, root_key);
        let int_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let int_params = ca("load test intermediate", 2);
        let int = int_params.signed_by(&int_key, &root_issuer).unwrap();
        let int_issuer = Issuer::new(int_params, int_key);
        let att_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let att_params = ca("load test attestation key", 3);
        let att = att_params.signed_by(&att_key, &int_issuer).unwrap();
        Factory {
            upper: vec![att.der().to_vec(), int.der().to_vec(), root.der().to_vec()],
            attestation: Issuer::new(att_params, att_key),
            root_pin,
        }
    }

    /// The chain a locked, verified phone running the genuine app sends for this key.
    fn chain(&self, device_key: &[u8], challenge: &[u8]) -> Vec<Vec<u8>> {
        let kd = FakeAndroid::new(device_key, challenge)
            .key_description
            .to_der()
            .unwrap();
        let mut p = CertificateParams::default();
        p.distinguished_name
            .push(DnType::CommonName, "Android Keystore Key");
        p.serial_number = Some(SerialNumber::from_slice(&[1]));
        p.not_before = rcgen::date_time_ymd(2025, 1, 1);
        p.not_after = rcgen::date_time_ymd(2048, 1, 1);
        p.custom_extensions.push(CustomExtension::from_oid_content(
            &[1, 3, 6, 1, 4, 1, 11129, 2, 1, 17],
            kd,
        ));
        let leaf = p
            .signed_by(&RawP256(device_key.to_vec()), &self.attestation)
            .unwrap();
        let mut chain = vec![leaf.der().to_vec()];
        chain.extend(self.upper.iter().cloned());
        chain
    }
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[i]) / 1000.0
}

/// CPU seconds (user + system) of this process so far.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(") ")
        .map(|(_, r)| r.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

struct Phase {
    name: &'static str,
    count: usize,
    errors: usize,
    wall: Duration,
    latencies: Vec<u32>,
    cpu: f64,
    load: String,
}

fn run_phase<F>(name: &'static str, threads: usize, f: F) -> Phase
where
    F: Fn(usize) -> (Vec<u32>, usize) + Sync,
{
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    let results: Vec<(Vec<u32>, usize)> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn({
                    let f = &f;
                    move || f(t)
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let wall = start.elapsed();
    let cpu = cpu_seconds() - cpu0;
    let mut latencies: Vec<u32> = results.iter().flat_map(|r| r.0.iter().copied()).collect();
    latencies.sort_unstable();
    Phase {
        name,
        count: latencies.len(),
        errors: results.iter().map(|r| r.1).sum(),
        wall,
        latencies,
        cpu,
        load: loadavg(),
    }
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let threads = args.first().copied().unwrap_or(8);
    let enrolments = args.get(1).copied().unwrap_or(400);
    let fetches = args.get(2).copied().unwrap_or(5000);
    let accounts_per_thread = 50;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    let dir = tempfile::tempdir().unwrap();
    let now = SystemClock.now();
    let service = ServiceConfig {
        login_per_address_per_minute: 0,
        login_per_account_per_minute: 0,
        challenges_per_session_per_minute: 0,
        sqlite_synchronous: std::env::var("VNEID_LOAD_SQLITE_SYNCHRONOUS").unwrap_or("full".into()),
        ..ServiceConfig::default()
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(admin::init(
        dir.path(),
        &InitOptions {
            service: service.clone(),
            ..Default::default()
        },
        now,
        now,
    ))
    .unwrap();
    let factory = Arc::new(Factory::new());
    let mut android = AndroidPolicy::production(vec![test_android_app()]);
    android.root_pins = vec![factory.root_pin];
    let mut opts = ServiceOptions::new(dir.path(), "127.0.0.1:0".parse().unwrap());
    opts.config = Some(Config {
        service: service.clone(),
        ..Config::default()
    });
    opts.policies = Some(Policies {
        android,
        apple: ApplePolicy::production(vec![]),
    });
    let handle = ServiceHandle::spawn(opts).unwrap();

    // What one attestation check costs on its own (server CPU per enrolment, the largest part).
    let probe_key = SoftwareSigner::generate().unwrap().public_key().unwrap();
    let probe_chain = factory.chain(probe_key.sec1(), b"probe challenge");
    let mut probe_policy = AndroidPolicy::production(vec![test_android_app()]);
    probe_policy.root_pins = vec![factory.root_pin];
    let t = Instant::now();
    for _ in 0..200 {
        vneid_attestation::verify_android(
            &probe_chain,
            b"probe challenge",
            probe_key.sec1(),
            &probe_policy,
            now,
        )
        .unwrap();
    }
    let verify_ms = t.elapsed().as_secs_f64() * 1000.0 / 200.0;
    let t = Instant::now();
    for _ in 0..200 {
        let _ = factory.chain(probe_key.sec1(), b"probe challenge");
    }
    let build_ms = t.elapsed().as_secs_f64() * 1000.0 / 200.0;

    // Accounts: the enrolment accounts' passwords are hashed at a low cost (the cost travels
    // in each hash, so their logins are cheap too); a few at the production cost for the
    // login row.
    let store = handle.store();
    let cheap = ServiceConfig {
        argon2_memory_kib: 256,
        argon2_iterations: 1,
        ..service.clone()
    };
    let pid = |t: usize, a: usize| format!("{:012}", 100_000_000 + t * 1000 + a);
    let account = |personal_id: String| NewAccount {
        personal_id,
        full_name: "Phạm Minh Tuấn".into(),
        date_of_birth: "1992-09-02".into(),
        sex: "nam".into(),
        level: 2,
        role: Role::Citizen,
    };
    for t in 0..threads {
        for a in 0..accounts_per_thread {
            handle
                .block_on(admin::add_account(
                    &store,
                    &cheap,
                    &account(pid(t, a)),
                    "load-test-pw",
                    now,
                ))
                .unwrap();
        }
    }
    for t in 0..threads {
        handle
            .block_on(admin::add_account(
                &store,
                &service,
                &account(pid(900 + t, 0)),
                "load-test-pw",
                now,
            ))
            .unwrap();
    }

    let spki = std::fs::read_to_string(dir.path().join("tls/spki-sha256.txt")).unwrap();
    let pin: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&spki.trim()[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let options = ClientOptions::new(
        &handle.url(),
        ServerTrust::PublicKey(vec![pin.try_into().unwrap()]),
    );
    let client = || AuthorityClient::new(&options).unwrap();

    let logins = run_phase("login (Argon2id m=19 MiB, t=2)", threads, |t| {
        let c = client();
        let mut lat = Vec::new();
        let mut errors = 0;
        for _ in 0..10 {
            let s = Instant::now();
            match c.login(&pid(900 + t, 0), "load-test-pw") {
                Ok(_) => lat.push(s.elapsed().as_micros() as u32),
                Err(_) => errors += 1,
            }
        }
        (lat, errors)
    });

    let enrol = run_phase("attested enrolment (challenge + enrol)", threads, |t| {
        let c = client();
        let sessions: Vec<_> = (0..accounts_per_thread)
            .map(|a| c.login(&pid(t, a), "load-test-pw").unwrap())
            .collect();
        let evidence = |challenge: &[u8], key: &PublicKey| {
            Ok(Evidence::Android {
                chain: factory
                    .chain(key.sec1(), challenge)
                    .into_iter()
                    .map(B64)
                    .collect(),
            })
        };
        let mut lat = Vec::with_capacity(enrolments);
        let mut errors = 0;
        for i in 0..enrolments {
            let device = SoftwareSigner::generate().unwrap();
            let s = Instant::now();
            match c.enrol(&sessions[i % accounts_per_thread], &device, &evidence) {
                Ok(e) => {
                    debug_assert_eq!(
                        e.certificate.claims().device_key,
                        device.public_key().unwrap()
                    );
                    lat.push(s.elapsed().as_micros() as u32)
                }
                Err(e) => {
                    if errors == 0 {
                        eprintln!("enrolment error: {e}");
                    }
                    errors += 1
                }
            }
        }
        (lat, errors)
    });
    handle.sync_lists();

    let conditional = run_phase("revocation list, If-None-Match (304)", threads, |_| {
        let c = client();
        let etag = match c.fetch_list(ListKind::Revocation, None).unwrap() {
            Fetched::List { etag, .. } => etag.unwrap(),
            Fetched::NotModified => unreachable!(),
        };
        let mut lat = Vec::with_capacity(fetches);
        let mut errors = 0;
        for _ in 0..fetches {
            let s = Instant::now();
            match c.fetch_list(ListKind::Revocation, Some(&etag)) {
                Ok(Fetched::NotModified) => lat.push(s.elapsed().as_micros() as u32),
                _ => errors += 1,
            }
        }
        (lat, errors)
    });

    // The delta an officer who refreshed a publication ago fetches.
    let (_, current) = handle.served_sequences();
    let since = current - 1;
    let size = |f: Fetched| match f {
        Fetched::List { bytes, .. } => bytes.len(),
        Fetched::NotModified => 0,
    };
    let full_size = size(client().fetch_list(ListKind::Revocation, None).unwrap());
    let delta_size = match client().fetch_revocation_delta(since, None).unwrap() {
        FetchedDelta::Delta { bytes, .. } => bytes.len(),
        other => panic!("no delta from #{since}: {other:?}"),
    };
    let delta = run_phase(
        "revocation delta from the list before (200)",
        threads,
        |_| {
            let c = client();
            let mut lat = Vec::with_capacity(fetches / 5);
            let mut errors = 0;
            for _ in 0..fetches / 5 {
                let s = Instant::now();
                match c.fetch_revocation_delta(since, None) {
                    Ok(FetchedDelta::Delta { .. }) => lat.push(s.elapsed().as_micros() as u32),
                    _ => errors += 1,
                }
            }
            (lat, errors)
        },
    );

    let full = run_phase("trust list, unconditional (200)", threads, |_| {
        let c = client();
        let mut lat = Vec::with_capacity(fetches / 5);
        let mut errors = 0;
        for _ in 0..fetches / 5 {
            let s = Instant::now();
            match c.fetch_list(ListKind::Trust, None) {
                Ok(Fetched::List { .. }) => lat.push(s.elapsed().as_micros() as u32),
                _ => errors += 1,
            }
        }
        (lat, errors)
    });

    let revoked = handle
        .block_on(store.count(vneid_authority::store::Count::Revoked))
        .unwrap();
    let (_, rseq) = handle.served_sequences();
    handle.shutdown();

    println!();
    println!(
        "vneid-authority load test: {threads} client threads, {cores} cores, SQLite (synchronous={}), TLS 1.3 on loopback, keep-alive",
        service.sqlite_synchronous
    );
    println!();
    println!("| operation | requests | errors | per second | p50 ms | p99 ms | CPU used | load avg (1/5/15) |");
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    for p in [&logins, &enrol, &conditional, &delta, &full] {
        let rate = p.count as f64 / p.wall.as_secs_f64();
        println!(
            "| {} | {} | {} | {:.0} | {:.2} | {:.2} | {:.0}% of {cores} cores | {} |",
            p.name,
            p.count,
            p.errors,
            rate,
            percentile(&p.latencies, 0.50),
            percentile(&p.latencies, 0.99),
            100.0 * p.cpu / (p.wall.as_secs_f64() * cores as f64),
            p.load
        );
    }
    println!();
    println!(
        "one Android attestation check (4-certificate chain, P-384 root): {verify_ms:.2} ms of CPU; \
         building the synthetic leaf on the client: {build_ms:.2} ms"
    );
    println!(
        "after the run: {revoked} serials revoked (re-enrolments revoke the previous device and its papers), revocation list #{rseq}"
    );
    println!(
        "revocation list #{current}: {full_size} bytes signed; the delta to it from #{since}: {delta_size} bytes"
    );
}
