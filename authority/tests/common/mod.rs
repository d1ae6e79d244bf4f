//! The test bench: an authority folder in a temporary directory, the real service on
//! 127.0.0.1:0 with TLS and a test clock, the real client pinning the listener's key, and
//! synthetic attestation evidence whose test roots the server's policy is told to trust.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use tempfile::TempDir;
use vneid_attestation::testing::{
    fake_apple_attestation, test_android_app, test_apple_app, FakeAndroid, TEST_NOW,
};
use vneid_attestation::{AndroidPolicy, ApplePolicy};
use vneid_authority::admin::{self, InitOptions};
use vneid_authority::attest::Policies;
use vneid_authority::config::{Config, Layout, ServiceConfig};
use vneid_authority::store::NewAccount;
use vneid_authority::{ServiceHandle, ServiceOptions};
use vneid_client::wire::{Evidence, Role, B64};
use vneid_client::{AuthorityClient, ClientError, ClientOptions, ServerTrust};
use vneid_core::clock::TestClock;
use vneid_core::keys::{PublicKey, SoftwareSigner};

pub const PASSWORD: &str = "mật khẩu ban đầu 1";
pub const CITIZEN_ID: &str = "001090012345";
pub const CITIZEN_NAME: &str = "Nguyễn Văn An";
pub const CITIZEN_DOB: &str = "1990-01-02";

/// Cheap Argon2 (the cost is configuration; the production default is in `ServiceConfig`),
/// fast list polling, short network timeouts.
pub fn test_service_config() -> ServiceConfig {
    ServiceConfig {
        argon2_memory_kib: 1024,
        argon2_iterations: 1,
        publish_poll_ms: 50,
        handshake_timeout_ms: 1500,
        request_timeout_ms: 5000,
        sqlite_synchronous: "normal".into(),
        challenges_per_session_per_minute: 1000,
        ..ServiceConfig::default()
    }
}

/// Production policies for the synthetic apps, trusting no root yet: each piece of synthetic
/// evidence brings its own test root, which [`Bench::trust_android_root`] adds.
pub fn test_policies() -> Policies {
    let mut android = AndroidPolicy::production(vec![test_android_app()]);
    android.root_pins.clear();
    let mut apple = ApplePolicy::production(vec![test_apple_app()]);
    apple.roots.clear();
    Policies { android, apple }
}

/// A tokio runtime for the async operator functions.
pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

pub struct Bench {
    pub dir: TempDir,
    pub clock: TestClock,
    pub config: Config,
    pub database_url: Option<String>,
    pub policies: Policies,
    pub challenges: Option<Arc<dyn vneid_authority::challenge::Challenges>>,
    pub handle: Option<ServiceHandle>,
}

impl Bench {
    /// An authority made at [`TEST_NOW`], served with SQLite.
    pub fn new() -> Self {
        Self::with(test_service_config(), None)
    }

    /// With given limits and database.
    pub fn with(service: ServiceConfig, database_url: Option<String>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let opts = InitOptions {
            service: service.clone(),
            database_url: database_url.clone(),
            ..Default::default()
        };
        rt().block_on(admin::init(
            dir.path(),
            &opts,
            TEST_NOW,
            vneid_core::clock::Clock::now(&vneid_core::clock::SystemClock),
        ))
        .unwrap();
        let config = Config {
            service,
            ..Config::default()
        };
        let mut b = Bench {
            dir,
            clock: TestClock::at(TEST_NOW),
            config,
            database_url,
            policies: test_policies(),
            challenges: None,
            handle: None,
        };
        b.start();
        b
    }

    pub fn start(&mut self) {
        let mut opts = ServiceOptions::new(self.dir.path(), "127.0.0.1:0".parse().unwrap());
        opts.clock = Arc::new(self.clock.clone());
        opts.config = Some(self.config.clone());
        opts.policies = Some(self.policies.clone());
        opts.database_url = self.database_url.clone();
        opts.challenges = self.challenges.clone();
        self.handle = Some(ServiceHandle::spawn(opts).unwrap());
    }

    /// Stops the service and starts it again on the same folder and database.
    pub fn restart(&mut self) {
        if let Some(h) = self.handle.take() {
            h.shutdown();
        }
        self.start();
    }

    pub fn handle(&self) -> &ServiceHandle {
        self.handle.as_ref().unwrap()
    }

    pub fn layout(&self) -> Layout {
        Layout::new(self.dir.path())
    }

    /// A client pinning the listener's public key.
    pub fn client(&self) -> AuthorityClient {
        self.client_at(&self.handle().url())
    }

    /// A client of `url` pinning this authority's listener key (another server holding it).
    pub fn client_at(&self, url: &str) -> AuthorityClient {
        let spki = std::fs::read_to_string(self.dir.path().join("tls/spki-sha256.txt")).unwrap();
        let pin: [u8; 32] = unhex(spki.trim()).try_into().unwrap();
        AuthorityClient::new(&ClientOptions::new(url, ServerTrust::PublicKey(vec![pin]))).unwrap()
    }

    pub fn add_account(&self, personal_id: &str, level: u8, role: Role) -> i64 {
        self.add_named(personal_id, CITIZEN_NAME, level, role)
    }

    pub fn add_named(&self, personal_id: &str, name: &str, level: u8, role: Role) -> i64 {
        let store = self.handle().store();
        let account = NewAccount {
            personal_id: personal_id.into(),
            full_name: name.into(),
            date_of_birth: CITIZEN_DOB.into(),
            sex: "nu".into(),
            level,
            role,
        };
        self.handle()
            .block_on(admin::add_account(
                &store,
                &self.config.service,
                &account,
                PASSWORD,
                TEST_NOW,
            ))
            .unwrap()
    }

    pub fn trust_android_root(&self, pin: [u8; 32]) {
        self.handle()
            .policies()
            .write()
            .unwrap()
            .android
            .root_pins
            .push(pin);
    }

    pub fn trust_apple_root(&self, der: Vec<u8>) {
        self.handle()
            .policies()
            .write()
            .unwrap()
            .apple
            .roots
            .push(der);
    }

    /// Evidence from a locked, verified phone running the genuine app, as `edit` changes it;
    /// its test root is trusted by the server.
    pub fn android<'a>(
        &'a self,
        edit: impl Fn(FakeAndroid) -> FakeAndroid + 'a,
    ) -> impl Fn(&[u8], &PublicKey) -> Result<Evidence, ClientError> + 'a {
        move |challenge: &[u8], key: &PublicKey| {
            let chain = edit(FakeAndroid::new(key.sec1(), challenge)).build();
            self.trust_android_root(chain.root_pin);
            Ok(Evidence::Android {
                chain: chain.chain.into_iter().map(B64).collect(),
            })
        }
    }

    /// Production App Attest evidence; its test root trusted by the server.
    pub fn apple(&self) -> impl Fn(&[u8], &PublicKey) -> Result<Evidence, ClientError> + '_ {
        move |challenge: &[u8], key: &PublicKey| {
            let a = fake_apple_attestation(challenge, key.sec1());
            self.trust_apple_root(a.root_der.clone());
            Ok(Evidence::Ios {
                attestation: B64(a.evidence.attestation),
                key_id: B64(a.evidence.key_id),
                assertion: B64(a.evidence.assertion),
            })
        }
    }

    /// An officer's trust cache pinned to this authority's root.
    pub fn officer_cache(&self, dir: &std::path::Path) -> vneid_core::trust::TrustCache {
        let root = vneid_core::trust::read_root_key(
            &self
                .dir
                .path()
                .join("public")
                .join(vneid_core::trust::ROOT_KEY_FILE),
        )
        .unwrap();
        vneid_core::trust::TrustCache::pin(dir, &root).unwrap()
    }
}

pub fn device() -> SoftwareSigner {
    SoftwareSigner::generate().unwrap()
}

pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// A shared buffer a test can write log lines into.
#[derive(Clone, Default)]
pub struct Captured(pub Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A raw HTTPS request (what a hostile client sends), answered as text.
pub fn raw_request(bench: &Bench, request: &[u8]) -> String {
    use std::io::{Read, Write};
    let cert = std::fs::read(bench.dir.path().join("tls/cert.der")).unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(rustls::pki_types::CertificateDer::from(cert))
        .unwrap();
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
    let mut conn = rustls::ClientConnection::new(std::sync::Arc::new(config), name).unwrap();
    let mut sock = std::net::TcpStream::connect(bench.handle().addr()).unwrap();
    sock.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let mut tls = rustls::Stream::new(&mut conn, &mut sock);
    tls.write_all(request).unwrap();
    let mut out = Vec::new();
    let _ = tls.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

pub fn raw_post(bench: &Bench, path: &str, token: Option<&str>, body: &str) -> String {
    let auth = token.map(|t| ("Authorization", format!("Bearer {t}")));
    let headers: Vec<(&str, &str)> = auth.iter().map(|(k, v)| (*k, v.as_str())).collect();
    raw_post_with(bench, path, &headers, body)
}

pub fn raw_post_with(bench: &Bench, path: &str, headers: &[(&str, &str)], body: &str) -> String {
    let h: String = headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    raw_request(
        bench,
        format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{h}Content-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
}

pub fn raw_get(bench: &Bench, path: &str, headers: &[(&str, &str)]) -> String {
    let h: String = headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    raw_request(
        bench,
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{h}Connection: close\r\n\r\n")
            .as_bytes(),
    )
}
