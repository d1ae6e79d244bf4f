//! The authority folder and its configuration (`DIR/config.json`).
//!
//! ```text
//! DIR/                      0700
//!   private/                the core's private keys (PKCS#8, 0600): root, device issuer, agencies
//!   authority.json          the core's issuer state (key validity)
//!   public/                 root key and the signed lists, as last published
//!   tls/key.pk8             the listener's private key (0600)
//!   tls/cert.der, cert.pem  the listener's self-signed certificate
//!   tls/spki-sha256.txt     SHA-256 of its public key, for clients that pin it
//!   config.json             attestation policy and service limits (this module)
//!   authority.db            SQLite (the default database)
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Paths inside the authority folder.
#[derive(Clone, Debug)]
pub struct Layout {
    dir: PathBuf,
}

impl Layout {
    /// The folder.
    pub fn new(dir: &Path) -> Self {
        Layout {
            dir: dir.to_owned(),
        }
    }

    /// The folder itself.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `config.json`.
    pub fn config(&self) -> PathBuf {
        self.dir.join("config.json")
    }

    /// `public/` (root key and lists).
    pub fn public(&self) -> PathBuf {
        self.dir.join("public")
    }

    /// `tls/`.
    pub fn tls(&self) -> PathBuf {
        self.dir.join("tls")
    }

    /// The SQLite database file.
    pub fn sqlite(&self) -> PathBuf {
        self.dir.join("authority.db")
    }

    /// The default database URL: SQLite in the folder.
    pub fn default_database_url(&self) -> String {
        format!("sqlite://{}?mode=rwc", self.sqlite().display())
    }
}

/// `config.json`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// What enrolment accepts as proof of a genuine app on a genuine phone.
    pub attestation: AttestationConfig,
    /// Limits and lifetimes.
    pub service: ServiceConfig,
}

/// The genuine Android app.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AndroidAppConfig {
    /// Package name.
    pub package_name: String,
    /// SHA-256 of its signing certificates, hex (several during a key rotation).
    pub signing_cert_digests: Vec<String>,
}

/// The genuine iOS app.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppleAppConfig {
    /// 10-character team id.
    pub team_id: String,
    /// Bundle id.
    pub bundle_id: String,
}

/// The attestation policy (`docs/attestation.md` §4).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AttestationConfig {
    /// The development policy (emulator, simulator, unlocked test phones); never the default.
    /// Certificates issued under it say so.
    pub development: bool,
    /// The genuine Android app(s).
    pub android_apps: Vec<AndroidAppConfig>,
    /// Root pins (SHA-256 of the root's SubjectPublicKeyInfo, hex) besides Google's.
    pub android_extra_root_pins: Vec<String>,
    /// Lowest Android OS patch level accepted, YYYYMM (0: none).
    pub android_min_os_patch_level: u32,
    /// Google's attestation status list (JSON), a file the operator updates; relative paths
    /// are inside the authority folder.
    pub android_status_list: Option<PathBuf>,
    /// The genuine iOS app(s).
    pub apple_apps: Vec<AppleAppConfig>,
}

/// Limits and lifetimes. Times in seconds unless named otherwise.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServiceConfig {
    /// Session lifetime.
    pub session_secs: i64,
    /// Enrolment challenge lifetime.
    pub challenge_secs: i64,
    /// Consecutive failed logins that lock an account.
    pub max_failed_logins: i64,
    /// How long a lock lasts.
    pub lockout_secs: i64,
    /// Login attempts per client address per minute (burst of the same size).
    pub login_per_address_per_minute: u32,
    /// Login attempts per account per minute.
    pub login_per_account_per_minute: u32,
    /// Challenges per session per minute.
    pub challenges_per_session_per_minute: u32,
    /// Device certificate lifetime, days.
    pub certificate_days: i64,
    /// A published list is fresh for this long (its `next_update`).
    pub list_lifetime_secs: i64,
    /// `Cache-Control: max-age` of the lists (and of the deltas).
    pub list_max_age_secs: u64,
    /// A revocation delta is made from any revocation list issued this long ago or less;
    /// older ones get `410` (fetch the full list).
    pub revocation_delta_window_secs: i64,
    /// How often the service looks for revocations to publish and for lists published by
    /// another process, milliseconds.
    pub publish_poll_ms: u64,
    /// Longest a handler may run (body read included), milliseconds.
    pub request_timeout_ms: u64,
    /// Longest a TLS handshake or a request's header may take, milliseconds.
    pub handshake_timeout_ms: u64,
    /// Largest enrolment body (the attestation evidence in base64).
    pub max_enrolment_body_bytes: usize,
    /// Largest body of every other request.
    pub max_body_bytes: usize,
    /// Most connections served at once; more are closed at once.
    pub max_connections: usize,
    /// Database connections (readers; SQLite has one writer besides).
    pub database_connections: u32,
    /// SQLite `synchronous`: `full` (default: a committed revocation survives a power cut) or
    /// `normal`.
    pub sqlite_synchronous: String,
    /// Argon2id memory, KiB (OWASP: 19456).
    pub argon2_memory_kib: u32,
    /// Argon2id passes.
    pub argon2_iterations: u32,
    /// Argon2id lanes.
    pub argon2_lanes: u32,
    /// Addresses of the load balancers or reverse proxies in front of the service. A request
    /// from one of them is rate-limited by the client address it names in `X-Forwarded-For`
    /// (the nearest address that is not itself a trusted proxy); from anyone else the header is
    /// ignored, so a client cannot pick its own address. Empty (the default): the TCP peer.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            session_secs: 15 * 60,
            challenge_secs: 5 * 60,
            max_failed_logins: 5,
            lockout_secs: 15 * 60,
            login_per_address_per_minute: 30,
            login_per_account_per_minute: 10,
            challenges_per_session_per_minute: 10,
            certificate_days: 365,
            list_lifetime_secs: 7 * 24 * 3600,
            list_max_age_secs: 60,
            revocation_delta_window_secs: 7 * 24 * 3600,
            publish_poll_ms: 1000,
            request_timeout_ms: 10_000,
            handshake_timeout_ms: 10_000,
            max_enrolment_body_bytes: 256 * 1024,
            max_body_bytes: 4 * 1024,
            max_connections: 2048,
            database_connections: 8,
            sqlite_synchronous: "full".into(),
            argon2_memory_kib: 19_456,
            argon2_iterations: 2,
            argon2_lanes: 1,
            trusted_proxies: Vec::new(),
        }
    }
}

impl Config {
    /// Reads `config.json` (a missing file is the defaults).
    pub fn load(layout: &Layout) -> Result<Self> {
        let path = layout.config();
        match std::fs::read(&path) {
            Ok(b) => serde_json::from_slice(&b)
                .map_err(|e| Error::Config(format!("{}: {e}", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Error::io(path.display().to_string())(e)),
        }
    }

    /// Writes `config.json` (0600).
    pub fn save(&self, layout: &Layout) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| Error::Config(e.to_string()))?;
        write_private(&layout.config(), &json)
    }
}

/// Creates a folder readable by the owner only (0700).
pub fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(Error::io(dir.display().to_string()))?;
    set_mode(dir, 0o700)
}

/// Writes a file readable by the owner only (0600), atomically (temporary file, rename).
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let tmp = path.with_extension("tmp");
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let what = path.display().to_string();
    let mut f = opts.open(&tmp).map_err(Error::io(what.clone()))?;
    f.write_all(bytes).map_err(Error::io(what.clone()))?;
    f.sync_all().map_err(Error::io(what.clone()))?;
    set_mode(&tmp, 0o600)?;
    std::fs::rename(&tmp, path).map_err(Error::io(what))
}

fn set_mode(path: &Path, mode: u32) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
            .map_err(Error::io(path.display().to_string()))?;
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}
