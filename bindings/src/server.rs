//! The authority's server, for the apps: sign-in, attested enrolment, the holder's papers,
//! "my phone was stolen", and the signed lists refreshed — all in Rust (`vneid-client`: blocking
//! HTTPS over rustls, timeouts, the server's key pinned), so Kotlin and Swift write no HTTP
//! code. Call it off the main thread: every method waits for the network.

use std::sync::Arc;

use vneid_client::wire::Evidence;
use vneid_client::{
    AuthorityClient, ClientError, ClientOptions, Fetched, FetchedDelta, ListKind,
    ServerTrust as Trust, Session,
};
use vneid_core::flows;
use vneid_core::identity::PersonalId;
use vneid_core::keys::{PublicKey, Signer};
use vneid_core::trust::Offered;

use crate::citizen::CitizenApp;
use crate::error::{through_core, ApiError, ApiResult};
use crate::officer::{OfficerApp, Policy};
use crate::papers::PaperSummary;
use crate::platform::{core_clock, Clock, DeviceKeystore, KeystoreSigner};
use crate::types::AssuranceLevel;
use crate::wallet::Wallet;
use crate::LiveObject;

/// How the app knows it talks to the genuine authority over TLS.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ServerTrust {
    /// A certificate for the host from a public CA.
    PublicCas,
    /// Any certificate whose public key (`SubjectPublicKeyInfo`) has one of these SHA-256
    /// digests (32 bytes each): the recommended setting, compiled into the app with a spare
    /// key's digest for rotation.
    PinnedKeys {
        /// SHA-256 of each accepted `SubjectPublicKeyInfo`.
        spki_sha256: Vec<Vec<u8>>,
    },
    /// Exactly this certificate (DER).
    PinnedCertificate {
        /// The server certificate.
        der: Vec<u8>,
    },
}

/// The account's role at the authority (from its registration, never chosen in the app).
pub type Role = vneid_core::identity::Role;

vneid_core::__vneid_role!(#[uniffi::remote(Enum)]);

/// A signed-in session. Keep `token` in the platform's secret storage, never in logs; it ends
/// at `expires_at`, on `AuthorityServer.signOut`, and when the device is reported stolen.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct ServerSession {
    /// The bearer token.
    pub token: String,
    /// When the server ends it (Unix seconds).
    pub expires_at: i64,
    /// The account's level.
    pub level: AssuranceLevel,
    /// The account's role: the officer screens only for `Role.Officer`.
    pub role: Role,
}

impl std::fmt::Debug for ServerSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerSession")
            .field("expires_at", &self.expires_at)
            .field("level", &self.level)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl ServerSession {
    fn session(&self) -> Session {
        let role = match self.role {
            Role::Citizen => vneid_client::wire::Role::Citizen,
            Role::Officer => vneid_client::wire::Role::Officer,
        };
        Session::from_token(
            self.token.clone(),
            self.expires_at,
            self.level.number(),
            role,
        )
    }
}

/// The platform's evidence that the device key lives in the hardware of a genuine phone and is
/// held by the genuine app (`docs/attestation.md`).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum AttestationEvidence {
    /// Android Key Attestation: `KeyStore.getCertificateChain(alias)`, DER, leaf first. The key
    /// must have been generated with `setAttestationChallenge(challenge)`.
    Android {
        /// The certificate chain.
        chain: Vec<Vec<u8>>,
    },
    /// Apple App Attest: `DCAppAttestService.attestKey(keyId, clientDataHash:
    /// attestationClientDataHash(challenge))`, and `generateAssertion(keyId, clientDataHash:
    /// bindingClientDataHash(challenge, devicePublicKey))`.
    Ios {
        /// The attestation object (CBOR).
        attestation: Vec<u8>,
        /// The App Attest key id (32 bytes).
        key_id: Vec<u8>,
        /// The assertion (CBOR) binding the device key.
        assertion: Vec<u8>,
    },
    /// None (a simulator, a desktop): accepted only by a development server, and the
    /// certificate then says so — production officers' apps call such a device fake.
    None,
}

impl From<AttestationEvidence> for Evidence {
    fn from(e: AttestationEvidence) -> Self {
        use vneid_client::wire::B64;
        match e {
            AttestationEvidence::Android { chain } => Evidence::Android {
                chain: chain.into_iter().map(B64).collect(),
            },
            AttestationEvidence::Ios {
                attestation,
                key_id,
                assertion,
            } => Evidence::Ios {
                attestation: B64(attestation),
                key_id: B64(key_id),
                assertion: B64(assertion),
            },
            AttestationEvidence::None => Evidence::None,
        }
    }
}

/// What the app implements to attest the device key at enrolment: Android Key Attestation or
/// Apple App Attest, for the server's one-time challenge.
#[uniffi::export(with_foreign)]
pub trait PlatformAttestation: Send + Sync {
    /// Evidence for `challenge` (from the server) and the device key under `key_alias` in the
    /// app's `DeviceKeystore`.
    ///
    /// - Android: generate the key under `key_alias` now, replacing any old one, with
    ///   `KeyGenParameterSpec.Builder(alias, PURPOSE_SIGN).setAttestationChallenge(challenge)`
    ///   (and StrongBox when there is one, `setUnlockedDeviceRequired(true)`), and return
    ///   `AttestationEvidence.Android(KeyStore.getCertificateChain(alias))`. The core reads the
    ///   key after this call.
    /// - iOS: with the device key's public key (`SecKeyCopyExternalRepresentation`), make
    ///   `appAttestClientDataHashes(challenge, publicKey)`, then
    ///   `DCAppAttestService.attestKey(keyId, clientDataHash: hashes.attestation)` and
    ///   `generateAssertion(keyId, clientDataHash: hashes.assertion)`.
    ///
    /// Throw `ApiError.Keystore` when the platform refuses.
    fn attest(
        &self,
        challenge: Vec<u8>,
        key_alias: String,
    ) -> Result<AttestationEvidence, ApiError>;
}

/// The two client-data hashes App Attest signs at enrolment.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AppAttestHashes {
    /// For `attestKey` (binds the App Attest key to the challenge and the device key).
    pub attestation: Vec<u8>,
    /// For `generateAssertion` (binds the device key to the App Attest key).
    pub assertion: Vec<u8>,
}

/// The App Attest client-data hashes for `challenge` and the device key (SEC1 or SPKI).
#[uniffi::export]
pub fn app_attest_client_data_hashes(
    challenge: Vec<u8>,
    device_public_key: Vec<u8>,
) -> ApiResult<AppAttestHashes> {
    let key = PublicKey::from_platform(&device_public_key)
        .map_err(|_| ApiError::invalid("the device key is not a P-256 key"))?;
    Ok(AppAttestHashes {
        attestation: vneid_attestation::apple::attestation_client_data_hash(&challenge, key.sec1())
            .to_vec(),
        assertion: vneid_attestation::apple::binding_client_data_hash(&challenge, key.sec1())
            .to_vec(),
    })
}

/// What a list refresh did, per list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ListUpdate {
    /// The server said the held list is current (304).
    NotModified,
    /// The server sent the list already held.
    AlreadyHeld,
    /// A newer list verified and is held (and written to the trust store folder) now.
    Installed {
        /// Its sequence number.
        sequence: u64,
    },
}

/// What `AuthorityServer.refreshOfficerLists` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ListRefresh {
    /// The trust list.
    pub trust_list: ListUpdate,
    /// The revocation list.
    pub revocation_list: ListUpdate,
}

/// What "my phone was stolen" revoked.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RevokedDevice {
    /// Serials revoked (16 hex digits): the device certificate and its papers; empty when no
    /// device was active.
    pub serials: Vec<String>,
    /// The first revocation list that revokes them (it names the device certificate; the
    /// papers, bound to it, are refused through it): officers holding it (or newer) see the
    /// phone's QR and its papers as fake.
    pub revocation_sequence: u64,
}

/// The authority's server.
#[derive(uniffi::Object)]
pub struct AuthorityServer {
    client: AuthorityClient,
    _live: LiveObject,
}

fn evidence_failure(e: ApiError) -> ClientError {
    let detail = e.to_string();
    crate::error::stash_foreign(e);
    ClientError::Config(detail)
}

/// The evidence source the client asks, over the app's `PlatformAttestation`.
struct Attest {
    platform: Arc<dyn PlatformAttestation>,
    alias: String,
}

impl vneid_client::EvidenceSource for Attest {
    fn evidence(&self, challenge: &[u8], _device: &dyn Signer) -> Result<Evidence, ClientError> {
        self.platform
            .attest(challenge.to_vec(), self.alias.clone())
            .map(Evidence::from)
            .map_err(evidence_failure)
    }
}

#[uniffi::export]
impl AuthorityServer {
    /// The server at `base_url` (`https://…`; plain HTTP is refused), trusted as `trust` says.
    /// 5 s to connect, 20 s per request.
    #[uniffi::constructor]
    pub fn new(base_url: String, trust: ServerTrust) -> ApiResult<Arc<Self>> {
        let trust = match trust {
            ServerTrust::PublicCas => Trust::WebPki,
            ServerTrust::PinnedKeys { spki_sha256 } => Trust::PublicKey(
                spki_sha256
                    .iter()
                    .map(|p| {
                        <[u8; 32]>::try_from(p.as_slice())
                            .map_err(|_| ApiError::invalid("a key pin is 32 bytes (SHA-256)"))
                    })
                    .collect::<ApiResult<_>>()?,
            ),
            ServerTrust::PinnedCertificate { der } => Trust::Certificate(der),
        };
        let client = AuthorityClient::new(&ClientOptions::new(&base_url, trust)).map_err(api)?;
        Ok(Arc::new(AuthorityServer {
            client,
            _live: LiveObject::new(),
        }))
    }

    /// Signs in with the personal ID number and password (`ApiError.SignInFailed` when they
    /// do not match or the account is locked; `ApiError.RateLimited` after too many tries).
    pub fn sign_in(&self, personal_id: String, password: String) -> ApiResult<ServerSession> {
        let s = self.client.login(&personal_id, &password).map_err(api)?;
        let role = match s.role {
            vneid_client::wire::Role::Citizen => Role::Citizen,
            vneid_client::wire::Role::Officer => Role::Officer,
        };
        Ok(ServerSession {
            token: s.token().to_owned(),
            expires_at: s.expires_at,
            level: AssuranceLevel::try_from(s.level).map_err(|_| ApiError::ServerRefused {
                code: "malformed_answer".into(),
            })?,
            role,
        })
    }

    /// Ends the session at the server.
    pub fn sign_out(&self, session: ServerSession) -> ApiResult<()> {
        self.client.logout(&session.session()).map_err(api)
    }

    /// Enrols this phone for a citizen: the device key under `key_alias` (created if missing)
    /// is attested by `attestation` for the server's challenge and certified; the papers issued
    /// with it replace the wallet's (atomically). Returns the citizen app, enrolled, with the
    /// account the certificate names (`personal_id`: the number the citizen signed in with).
    /// Enrolling again moves the account to this key: the previous device and its papers are
    /// revoked.
    #[allow(clippy::too_many_arguments)] // one call, as the app makes it
    pub fn enrol_citizen(
        &self,
        session: ServerSession,
        personal_id: String,
        keystore: Arc<dyn DeviceKeystore>,
        key_alias: String,
        attestation: Arc<dyn PlatformAttestation>,
        wallet: Arc<Wallet>,
        clock: Arc<dyn Clock>,
    ) -> ApiResult<Arc<CitizenApp>> {
        let pid = PersonalId::new(&personal_id)?;
        let (enrolled, device) = self.enrol_device(&session, keystore, key_alias, attestation)?;
        let app = through_core(|| {
            flows::CitizenApp::enrolled(
                pid,
                enrolled.certificate.to_bytes(),
                device.clone(),
                core_clock(clock),
            )
        })?;
        wallet.replace_all(enrolled.papers)?;
        Ok(CitizenApp::wrap(app))
    }

    /// Enrols this phone for an officer and opens the officer app: the certificate must name
    /// an officer account (`ApiError.NotAnOfficer`) of level 2. `root_public_key` is the
    /// authority root the app pins (compiled in).
    #[allow(clippy::too_many_arguments)] // one call, as the app makes it
    pub fn enrol_officer(
        &self,
        session: ServerSession,
        keystore: Arc<dyn DeviceKeystore>,
        key_alias: String,
        attestation: Arc<dyn PlatformAttestation>,
        root_public_key: Vec<u8>,
        policy: Policy,
        clock: Arc<dyn Clock>,
    ) -> ApiResult<Arc<OfficerApp>> {
        let (enrolled, _device) = self.enrol_device(&session, keystore, key_alias, attestation)?;
        OfficerApp::from_certificate(
            enrolled.certificate.to_bytes().to_vec(),
            root_public_key,
            policy,
            clock,
        )
    }

    /// Downloads the papers of the account's active device and puts them in the wallet in
    /// place of the ones it held (atomically: all or none). Returns them.
    pub fn download_papers(
        &self,
        session: ServerSession,
        wallet: Arc<Wallet>,
    ) -> ApiResult<Vec<PaperSummary>> {
        let papers = self.client.papers(&session.session()).map_err(api)?;
        wallet.replace_all(papers)?;
        Ok(wallet.list())
    }

    /// "My phone was stolen": revokes the account's active device and its papers (sign in on
    /// another phone first). Returns once a published revocation list names the device (its
    /// papers are refused through the device's serial).
    pub fn revoke_device(&self, session: ServerSession) -> ApiResult<RevokedDevice> {
        let r = self.client.revoke_device(&session.session()).map_err(api)?;
        Ok(RevokedDevice {
            serials: r.revoked,
            revocation_sequence: r.revocation_sequence,
        })
    }

    /// Refreshes the officer's lists: asks for each list with the held one's tag (304 when
    /// current) and installs a newer one only if it verifies under the pinned root and is not
    /// older than the held one — on any error the officer keeps the lists it had, and verdicts
    /// stay offline on them.
    pub fn refresh_officer_lists(&self, officer: Arc<OfficerApp>) -> ApiResult<ListRefresh> {
        let (t, r) = officer.core().trust_sequences();
        let etag = |name: &str, held: Option<u64>| held.map(|n| vneid_client::list_etag(name, n));
        let trust = match self
            .client
            .fetch_list(ListKind::Trust, etag("trust", t).as_deref())
            .map_err(api)?
        {
            Fetched::NotModified => None,
            Fetched::List { bytes, .. } => Some(bytes),
        };
        // The revocation list: the day's delta on the held one when the server has it (a few
        // kilobytes instead of megabytes), else the full list.
        let mut full = r.is_none();
        let mut revocation = ListUpdate::NotModified;
        if let Some(n) = r {
            match self
                .client
                .fetch_revocation_delta(n, etag("revocation", r).as_deref())
                .map_err(api)?
            {
                FetchedDelta::NotModified => {}
                FetchedDelta::Unavailable => full = true,
                FetchedDelta::Delta { bytes, .. } => {
                    match officer.core().apply_revocation_delta(&bytes) {
                        Ok(o) => revocation = update_of(o),
                        Err(
                            vneid_core::Error::StaleList { .. }
                            | vneid_core::Error::TooLarge { .. },
                        ) => full = true,
                        Err(e) => return Err(list_error(e)),
                    }
                }
            }
        }
        let revocation_bytes = if full {
            match self
                .client
                .fetch_list(ListKind::Revocation, etag("revocation", r).as_deref())
                .map_err(api)?
            {
                Fetched::NotModified => None,
                Fetched::List { bytes, .. } => Some(bytes),
            }
        } else {
            None
        };
        let (ti, ri) = officer
            .core()
            .import_lists(trust.as_deref(), revocation_bytes.as_deref());
        let trust_list = match ti {
            None => ListUpdate::NotModified,
            Some(res) => update_of(res.map_err(list_error)?),
        };
        if let Some(res) = ri {
            revocation = update_of(res.map_err(list_error)?);
        }
        Ok(ListRefresh {
            trust_list,
            revocation_list: revocation,
        })
    }
}

impl AuthorityServer {
    /// Refreshes a trust cache's lists (the citizen's copy for the wallet's statuses).
    pub(crate) fn refresh_cache(&self, cache: &mut vneid_core::trust::TrustCache) -> ApiResult<()> {
        self.client.refresh(cache).map(|_| ()).map_err(api)
    }

    /// Enrols the device key under `alias`: the platform attests it for the server's challenge
    /// (on Android that makes the key), then the key is read and proves possession. Returns
    /// the certificate and papers as the client checked them, and the device signer.
    pub(crate) fn enrol_device(
        &self,
        session: &ServerSession,
        keystore: Arc<dyn DeviceKeystore>,
        alias: String,
        attestation: Arc<dyn PlatformAttestation>,
    ) -> ApiResult<(vneid_client::Enrolled, Arc<dyn Signer>)> {
        if alias.is_empty() || alias.len() > 256 {
            return Err(ApiError::invalid("key alias must be 1..=256 bytes"));
        }
        let device = Arc::new(LazyDevice {
            keystore,
            alias: alias.clone(),
            opened: std::sync::Mutex::new(None),
        });
        crate::error::clear_foreign();
        let r = self.client.enrol(
            &session.session(),
            device.as_ref(),
            &Attest {
                platform: attestation,
                alias,
            },
        );
        let enrolled = r.map_err(|e| crate::error::take_foreign().unwrap_or_else(|| api(e)))?;
        let signer: Arc<dyn Signer> = device
            .open()
            .map_err(|e| crate::error::take_foreign().unwrap_or_else(|| e.into()))?;
        Ok((enrolled, signer))
    }
}

/// The device key, opened from the keystore when first used: after the platform's attestation,
/// which on Android generates it.
struct LazyDevice {
    keystore: Arc<dyn DeviceKeystore>,
    alias: String,
    opened: std::sync::Mutex<Option<Arc<KeystoreSigner>>>,
}

impl LazyDevice {
    fn open(&self) -> vneid_core::Result<Arc<KeystoreSigner>> {
        let mut o = self.opened.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(k) = &*o {
            return Ok(k.clone());
        }
        let k = Arc::new(
            KeystoreSigner::open(self.keystore.clone(), self.alias.clone())
                .map_err(crate::platform::keystore_failure)?,
        );
        *o = Some(k.clone());
        Ok(k)
    }
}

impl Signer for LazyDevice {
    fn public_key(&self) -> vneid_core::Result<PublicKey> {
        self.open()?.public_key()
    }

    fn sign(&self, message: &[u8]) -> vneid_core::Result<[u8; vneid_core::keys::SIGNATURE_LEN]> {
        self.open()?.sign(message)
    }
}

fn update_of(o: Offered) -> ListUpdate {
    match o {
        Offered::AlreadyHeld => ListUpdate::AlreadyHeld,
        Offered::Installed { sequence } => ListUpdate::Installed { sequence },
    }
}

/// A list the core refused: not signed by the pinned root, or older than the held one.
fn list_error(e: vneid_core::Error) -> ApiError {
    match e {
        vneid_core::Error::Crypto => ApiError::UntrustedList {
            detail: "not signed by the pinned root key".into(),
        },
        e => e.into(),
    }
}

/// A client error as the screen's action.
fn api(e: ClientError) -> ApiError {
    let retry = |b: &vneid_client::wire::ErrorBody| b.retry_after;
    match e {
        ClientError::Config(d) => ApiError::InvalidInput { detail: d },
        ClientError::Transport(d) => ApiError::Network { detail: d },
        ClientError::Malformed(_) => ApiError::ServerRefused {
            code: "malformed_answer".into(),
        },
        ClientError::Core(e) => e.into(),
        ClientError::Api { status, body } => match body.error.as_str() {
            "invalid_credentials" => ApiError::SignInFailed {
                retry_after_secs: None,
            },
            "locked" => ApiError::SignInFailed {
                retry_after_secs: Some(retry(&body).unwrap_or(60)),
            },
            "unauthorized" => ApiError::SessionEnded,
            "no_device" => ApiError::NotEnrolled,
            "rate_limited" => ApiError::RateLimited {
                retry_after_secs: retry(&body).unwrap_or(60),
            },
            "attestation_refused" => ApiError::AttestationRefused {
                check: body.check.clone().unwrap_or_default(),
            },
            _ if status >= 500 || status == 408 => ApiError::Network {
                detail: format!("the authority failed ({status} {})", body.error),
            },
            code => ApiError::ServerRefused { code: code.into() },
        },
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! The FFI's server path against the real authority service on 127.0.0.1 (TLS, SQLite in a
    //! temporary folder), with synthetic attestation whose test root the server trusts.

    use std::sync::{Mutex, RwLock};

    use vneid_attestation::testing::{test_android_app, FakeAndroid, TEST_NOW};
    use vneid_attestation::{AndroidPolicy, ApplePolicy};
    use vneid_authority::admin::{self, InitOptions};
    use vneid_authority::attest::Policies;
    use vneid_authority::config::ServiceConfig;
    use vneid_authority::store::NewAccount;
    use vneid_authority::{ServiceHandle, ServiceOptions};

    use super::*;
    use crate::testing::{memory_secret_storage, software_keystore, ManualClock};
    use crate::types::{Reason, Verdict};

    pub(crate) const PASSWORD: &str = "mật khẩu ban đầu 1";
    pub(crate) const CITIZEN: &str = "001090012345";
    pub(crate) const OFFICER: &str = "079085001234";
    pub(crate) const LEVEL1: &str = "001095004321";

    pub(crate) struct Bench {
        pub(crate) dir: tempfile::TempDir,
        pub(crate) handle: ServiceHandle,
        pub(crate) clock: Arc<ManualClock>,
    }

    fn config() -> ServiceConfig {
        ServiceConfig {
            argon2_memory_kib: 1024,
            argon2_iterations: 1,
            publish_poll_ms: 50,
            challenges_per_session_per_minute: 1000,
            ..ServiceConfig::default()
        }
    }

    pub(crate) fn bench() -> Bench {
        let dir = tempfile::tempdir().unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let opts = InitOptions {
            service: config(),
            ..Default::default()
        };
        // The listener's TLS certificate is checked against the real time; the rest runs at
        // the attestation vectors' time.
        let wall = vneid_core::clock::Clock::now(&vneid_core::clock::SystemClock);
        rt.block_on(admin::init(dir.path(), &opts, TEST_NOW, wall))
            .unwrap();
        let mut o = ServiceOptions::new(dir.path(), "127.0.0.1:0".parse().unwrap());
        o.clock = Arc::new(vneid_core::testing::TestClock::at(TEST_NOW));
        o.config = Some(vneid_authority::config::Config {
            service: config(),
            ..Default::default()
        });
        let mut android = AndroidPolicy::production(vec![test_android_app()]);
        android.root_pins.clear();
        let mut apple = ApplePolicy::production(vec![]);
        apple.roots.clear();
        o.policies = Some(Policies { android, apple });
        let handle = ServiceHandle::spawn(o).unwrap();
        let b = Bench {
            dir,
            handle,
            clock: ManualClock::new(TEST_NOW),
        };
        for (id, name, level, role) in [
            (
                CITIZEN,
                "Nguyễn Văn An",
                2,
                vneid_client::wire::Role::Citizen,
            ),
            (
                OFFICER,
                "Trần Thị Bình",
                2,
                vneid_client::wire::Role::Officer,
            ),
            (LEVEL1, "Lê Văn Cường", 1, vneid_client::wire::Role::Citizen),
        ] {
            let account = NewAccount {
                personal_id: id.into(),
                full_name: name.into(),
                date_of_birth: "1990-01-02".into(),
                sex: "nam".into(),
                level,
                role,
            };
            let store = b.handle.store();
            b.handle
                .block_on(admin::add_account(
                    &store,
                    &config(),
                    &account,
                    PASSWORD,
                    TEST_NOW,
                ))
                .unwrap();
        }
        b
    }

    impl Bench {
        fn pin(&self) -> Vec<u8> {
            let hex = std::fs::read_to_string(self.dir.path().join("tls/spki-sha256.txt")).unwrap();
            vneid_core::testing::unhex(hex.trim()).unwrap()
        }

        pub(crate) fn server(&self) -> Arc<AuthorityServer> {
            AuthorityServer::new(
                self.handle.url(),
                ServerTrust::PinnedKeys {
                    spki_sha256: vec![self.pin()],
                },
            )
            .unwrap()
        }

        pub(crate) fn root(&self) -> Vec<u8> {
            let root = vneid_core::trust::read_root_key(
                &self
                    .dir
                    .path()
                    .join("public")
                    .join(vneid_core::trust::ROOT_KEY_FILE),
            )
            .unwrap();
            root.sec1().to_vec()
        }

        pub(crate) fn clock(&self) -> Arc<dyn Clock> {
            self.clock.clone()
        }

        pub(crate) fn phone(
            &self,
            keystore: &Arc<dyn DeviceKeystore>,
        ) -> Arc<dyn PlatformAttestation> {
            Arc::new(FakePhone(self.handle.policies(), keystore.clone()))
        }

        fn wallet(&self, name: &str) -> Arc<Wallet> {
            let path = self.dir.path().join(name);
            Wallet::open_or_create(
                path.to_string_lossy().into_owned(),
                memory_secret_storage(),
                self.clock(),
            )
            .unwrap()
        }

        fn citizen(&self, server: &AuthorityServer, wallet: &Arc<Wallet>) -> Arc<CitizenApp> {
            let s = server.sign_in(CITIZEN.into(), PASSWORD.into()).unwrap();
            let ks = software_keystore();
            server
                .enrol_citizen(
                    s,
                    CITIZEN.into(),
                    ks.clone(),
                    "device".into(),
                    self.phone(&ks),
                    wallet.clone(),
                    self.clock(),
                )
                .unwrap()
        }

        fn officer(&self, server: &AuthorityServer) -> Arc<OfficerApp> {
            let s = server.sign_in(OFFICER.into(), PASSWORD.into()).unwrap();
            assert_eq!(s.role, Role::Officer);
            self.enrol_officer(server, s).unwrap()
        }

        /// The officer app enrolled under `session`, on a fresh software keystore.
        fn enrol_officer(
            &self,
            server: &AuthorityServer,
            session: ServerSession,
        ) -> ApiResult<Arc<OfficerApp>> {
            let ks = software_keystore();
            server.enrol_officer(
                session,
                ks.clone(),
                "officer".into(),
                self.phone(&ks),
                self.root(),
                crate::officer::default_policy(),
                self.clock(),
            )
        }
    }

    /// Android Key Attestation made for the challenge and the key under the alias (as a phone
    /// makes the key at attestation), its test root trusted by the server (as a genuine phone's
    /// chain ends in Google's root).
    pub(crate) struct FakePhone(Arc<RwLock<Policies>>, Arc<dyn DeviceKeystore>);

    impl PlatformAttestation for FakePhone {
        fn attest(
            &self,
            challenge: Vec<u8>,
            alias: String,
        ) -> Result<AttestationEvidence, ApiError> {
            let key = self.1.get_or_create_key(alias)?;
            let chain = FakeAndroid::new(&key, &challenge).build();
            self.0
                .write()
                .unwrap()
                .android
                .root_pins
                .push(chain.root_pin);
            Ok(AttestationEvidence::Android { chain: chain.chain })
        }
    }

    /// An attestation that throws the error it holds, or gives no evidence.
    struct Refusing(Mutex<Option<ApiError>>);

    impl PlatformAttestation for Refusing {
        fn attest(&self, _: Vec<u8>, _: String) -> Result<AttestationEvidence, ApiError> {
            match self.0.lock().unwrap().take() {
                Some(e) => Err(e),
                None => Ok(AttestationEvidence::None),
            }
        }
    }

    fn is_genuine(v: &Verdict) -> bool {
        matches!(v, Verdict::Genuine { .. })
    }

    #[test]
    fn the_mission_through_the_server() {
        let b = bench();
        let server = b.server();
        // 1. The citizen signs in and enrols this phone; the papers arrive in the wallet.
        let wallet = b.wallet("wallet.bin");
        let citizen = b.citizen(&server, &wallet);
        assert!(citizen.is_enrolled());
        assert_eq!(citizen.account().full_name, "Nguyễn Văn An");
        assert_eq!(wallet.paper_count(), 4);
        citizen.set_qr_verification(true).unwrap();
        // 2. The identity QR.
        let qr = citizen.make_identity_qr().unwrap();
        // 3. The officer: role and name from the account, lists over HTTPS, then offline.
        let officer = b.officer(&server);
        assert_eq!(officer.account().full_name, "Trần Thị Bình");
        let r = server.refresh_officer_lists(officer.clone()).unwrap();
        assert!(
            matches!(r.trust_list, ListUpdate::Installed { .. }),
            "{r:?}"
        );
        assert!(matches!(r.revocation_list, ListUpdate::Installed { .. }));
        let again = server.refresh_officer_lists(officer.clone()).unwrap();
        assert_eq!(again.trust_list, ListUpdate::NotModified);
        assert_eq!(again.revocation_list, ListUpdate::NotModified);
        assert!(is_genuine(&officer.verify_text(qr.text.clone()).unwrap()));
        // 4. A paper.
        let p = wallet
            .present(citizen.clone(), "gplx".into(), vec!["classes".into()])
            .unwrap();
        assert!(is_genuine(&officer.verify_text(p.text).unwrap()));
        // The papers again from the server: the same four, replaced at once.
        let s = server.sign_in(CITIZEN.into(), PASSWORD.into()).unwrap();
        assert_eq!(
            server
                .download_papers(s.clone(), wallet.clone())
                .unwrap()
                .len(),
            4
        );

        // "My phone was stolen": revoked at the server, fake once the officer refreshes.
        let revoked = server.revoke_device(s.clone()).unwrap();
        assert!(revoked
            .serials
            .contains(&citizen.certificate_serial().unwrap()));
        assert_eq!(revoked.serials.len(), 5, "the device and its four papers");
        let r = server.refresh_officer_lists(officer.clone()).unwrap();
        assert_eq!(
            r.revocation_list,
            ListUpdate::Installed {
                sequence: revoked.revocation_sequence
            }
        );
        let qr = citizen.make_identity_qr().unwrap();
        match officer.verify_text(qr.text).unwrap() {
            Verdict::Fake { reason } => assert_eq!(reason, Reason::Revoked),
            v => panic!("expected fake, got {v:?}"),
        }
        // The account has no active device now: enrol again (and sign-out ends the session).
        assert_eq!(
            server
                .download_papers(s.clone(), wallet.clone())
                .unwrap_err(),
            ApiError::NotEnrolled
        );
        server.sign_out(s.clone()).unwrap();
        assert_eq!(
            server.download_papers(s, wallet.clone()).unwrap_err(),
            ApiError::SessionEnded
        );
    }

    #[test]
    fn sign_in_and_enrolment_refusals_are_typed() {
        let b = bench();
        let server = b.server();
        assert_eq!(
            server
                .sign_in(CITIZEN.into(), "not the password".into())
                .unwrap_err(),
            ApiError::SignInFailed {
                retry_after_secs: None
            }
        );
        // No hardware evidence against a production policy: refused, with the check named.
        let s = server.sign_in(CITIZEN.into(), PASSWORD.into()).unwrap();
        let wallet = b.wallet("w1.bin");
        let e = server
            .enrol_citizen(
                s.clone(),
                CITIZEN.into(),
                software_keystore(),
                "device".into(),
                Arc::new(Refusing(Mutex::new(None))),
                wallet.clone(),
                b.clock(),
            )
            .unwrap_err();
        assert!(
            matches!(e, ApiError::AttestationRefused { ref check } if !check.is_empty()),
            "{e:?}"
        );
        // The platform's own error comes back as itself.
        let e = server
            .enrol_citizen(
                s.clone(),
                CITIZEN.into(),
                software_keystore(),
                "device".into(),
                Arc::new(Refusing(Mutex::new(Some(ApiError::Keystore {
                    detail: "user cancelled".into(),
                })))),
                wallet.clone(),
                b.clock(),
            )
            .unwrap_err();
        assert_eq!(
            e,
            ApiError::Keystore {
                detail: "user cancelled".into()
            }
        );
        // A personal ID that is not the account's: its masked digit does not match the
        // certificate, so the app is not made (the papers are not installed either).
        let ks = software_keystore();
        let e = server
            .enrol_citizen(
                s,
                "001090012346".into(),
                ks.clone(),
                "device".into(),
                b.phone(&ks),
                wallet.clone(),
                b.clock(),
            )
            .unwrap_err();
        assert!(matches!(e, ApiError::InvalidInput { .. }), "{e:?}");
        assert_eq!(wallet.paper_count(), 0);
        // A citizen's certificate does not open the officer app.
        let s = server.sign_in(LEVEL1.into(), PASSWORD.into()).unwrap();
        assert_eq!(s.level, AssuranceLevel::Level1);
        let e = b.enrol_officer(&server, s).unwrap_err();
        assert_eq!(e, ApiError::NotAnOfficer);
    }

    #[test]
    fn the_server_must_be_the_pinned_one() {
        let b = bench();
        let wrong = AuthorityServer::new(
            b.handle.url(),
            ServerTrust::PinnedKeys {
                spki_sha256: vec![vec![7; 32]],
            },
        )
        .unwrap();
        assert!(matches!(
            wrong.sign_in(CITIZEN.into(), PASSWORD.into()),
            Err(ApiError::Network { .. })
        ));
        assert!(matches!(
            AuthorityServer::new(
                b.handle.url().replace("https", "http"),
                ServerTrust::PublicCas
            ),
            Err(ApiError::InvalidInput { .. })
        ));
        assert!(matches!(
            AuthorityServer::new(
                b.handle.url(),
                ServerTrust::PinnedKeys {
                    spki_sha256: vec![vec![7; 31]]
                }
            ),
            Err(ApiError::InvalidInput { .. })
        ));
    }

    #[test]
    fn a_list_that_does_not_verify_leaves_the_officer_on_its_lists() {
        let b = bench();
        let server = b.server();
        let officer = b.officer(&server);
        server.refresh_officer_lists(officer.clone()).unwrap();
        let held = officer.trust_sequences();
        // The same server, but the officer app pins another root.
        let other = vneid_core::keys::SoftwareSigner::generate().unwrap();
        let stranger = OfficerApp::with_policy(
            officer.account(),
            other.public_key().unwrap().sec1().to_vec(),
            crate::officer::default_policy(),
            b.clock(),
        )
        .unwrap();
        assert!(matches!(
            server.refresh_officer_lists(stranger.clone()),
            Err(ApiError::UntrustedList { .. })
        ));
        assert_eq!(stranger.trust_sequences().trust_list, None);
        assert_eq!(officer.trust_sequences(), held);
    }
}
