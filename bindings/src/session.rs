//! The app's session, in Rust: sign-in, restore, list refresh and sign-out in one order for
//! both apps, the files they keep (one layout, written atomically, owner-only), and what a
//! restore failure means. The apps call these from a background thread and show the result.
//!
//! Files under the app's private data folder:
//!
//! | path | what |
//! |---|---|
//! | `citizen.json` | the account, the device certificate, the QR setting (personal: 0600) |
//! | `wallet.bin` | the papers, encrypted under a key in `SecretStorage` |
//! | `citizen-trust/` | the pinned root and the newest lists, for the wallet's statuses |
//! | `officer-trust/` | the officer's pinned root, newest lists and deltas (officers only) |
//! | `audit/` | the officer's keyed scan log (kept at sign-out: it is the device's record) |
//!
//! The session token is in `SecretStorage` (`session-token`), never in a file.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use vneid_core::clock::Clock as CoreClock;
use vneid_core::flows::{self, CitizenState};
use vneid_core::identity::PersonalId;
use vneid_core::keys::{PublicKey, Signer};
use vneid_core::storage;
use vneid_core::trust::TrustCache;

use crate::citizen::CitizenApp;
use crate::error::{through_core, ApiError, ApiResult};
use crate::officer::{AuditIntegrity, OfficerApp, Policy};
use crate::platform::{core_clock, Clock, DeviceKeystore, KeystoreSigner, SecretStorage};
use crate::server::{
    AuthorityServer, ListRefresh, PlatformAttestation, RevokedDevice, Role, ServerSession,
};
use crate::types::AssuranceLevel;
use crate::wallet::Wallet;
use crate::LiveObject;

/// The device key's alias in the platform keystore.
pub const DEVICE_KEY_ALIAS: &str = "vneid-device-key";
/// How long the lists may go without a refresh while the app is in use: 15 minutes (a
/// revocation reaches an officer within that, when online).
pub const LIST_REFRESH_SECS: i64 = 15 * 60;

const CITIZEN_FILE: &str = "citizen.json";
const WALLET_FILE: &str = "wallet.bin";
const CITIZEN_TRUST_DIR: &str = "citizen-trust";
const OFFICER_TRUST_DIR: &str = "officer-trust";
const AUDIT_DIR: &str = "audit";
const TOKEN_SECRET: &str = "session-token";

/// The app's platform and where it keeps its files; one per process.
#[derive(uniffi::Object)]
pub struct SessionManager {
    dir: PathBuf,
    keystore: Arc<dyn DeviceKeystore>,
    secrets: Arc<dyn SecretStorage>,
    clock: Arc<dyn Clock>,
    attestation: Arc<dyn PlatformAttestation>,
    server: Arc<AuthorityServer>,
    root: Vec<u8>,
    policy: Policy,
    _live: LiveObject,
}

/// What `SessionManager.restore` found.
#[derive(uniffi::Enum)]
pub enum Restored {
    /// Nobody is signed in: show sign-in.
    SignedOut,
    /// The session as it was (offline: refresh the lists in the background).
    Session {
        /// The session.
        session: Arc<Session>,
    },
    /// The saved session cannot be used (the device key is gone after a restore from backup,
    /// the files are damaged, an older copy was put back): its files are removed; show
    /// sign-in with `message`. The scan log stays.
    Failed {
        /// What to tell the user.
        message: String,
        /// Why, for logs.
        error: ApiError,
    },
}

/// A signed-in app: the citizen side always; the officer side for an officer account (the
/// role comes from the device certificate, which the authority issued from the account).
#[derive(uniffi::Object)]
pub struct Session {
    manager: Arc<SessionManager>,
    citizen: Arc<CitizenApp>,
    wallet: Arc<Wallet>,
    officer: Option<Arc<OfficerApp>>,
    role: Role,
    integrity: Option<AuditIntegrity>,
    last_refresh: Mutex<Option<i64>>,
    _live: LiveObject,
}

/// What `Session.refreshLists` did.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SessionRefresh {
    /// The officer's lists (officers only).
    pub officer: Option<ListRefresh>,
    /// The revocation list the wallet's statuses use changed.
    pub wallet_statuses_changed: bool,
}

impl SessionManager {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn device(&self) -> ApiResult<Arc<dyn Signer>> {
        Ok(Arc::new(KeystoreSigner::open(
            self.keystore.clone(),
            DEVICE_KEY_ALIAS.into(),
        )?))
    }

    fn root_key(&self) -> ApiResult<PublicKey> {
        PublicKey::from_sec1(&self.root)
            .map_err(|_| ApiError::invalid("the root key is not a P-256 point"))
    }

    fn core_clock(&self) -> Arc<dyn CoreClock> {
        core_clock(self.clock.clone())
    }

    fn save_token(&self, s: Option<&ServerSession>) -> ApiResult<()> {
        let bytes = match s {
            Some(s) => serde_json::to_vec(&(
                &s.token,
                s.expires_at,
                s.level.number(),
                s.role == Role::Officer,
            ))
            .map_err(|_| ApiError::Internal {
                detail: "session token could not be written".into(),
            })?,
            None => Vec::new(),
        };
        self.secrets.put(TOKEN_SECRET.into(), bytes)
    }

    fn token(&self) -> ApiResult<ServerSession> {
        let bytes = self
            .secrets
            .get(TOKEN_SECRET.into())?
            .filter(|b| !b.is_empty())
            .ok_or(ApiError::SessionEnded)?;
        let (token, expires_at, level, officer): (String, i64, u8, bool) =
            serde_json::from_slice(&bytes).map_err(|_| ApiError::SessionEnded)?;
        if expires_at <= self.clock.now_unix_seconds() {
            return Err(ApiError::SessionEnded);
        }
        Ok(ServerSession {
            token,
            expires_at,
            level: AssuranceLevel::try_from(level).map_err(|_| ApiError::SessionEnded)?,
            role: if officer {
                Role::Officer
            } else {
                Role::Citizen
            },
        })
    }

    fn save_citizen(&self, citizen: &CitizenApp) -> ApiResult<()> {
        let state = citizen.saved_state()?;
        through_core(|| storage::write_private(&self.path(CITIZEN_FILE), state.as_bytes()))
    }

    /// The files a sign-out removes (never the scan log).
    fn remove_files(&self) -> ApiResult<()> {
        for f in [CITIZEN_FILE, WALLET_FILE] {
            match std::fs::remove_file(self.path(f)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(ApiError::Storage {
                        detail: format!("remove {f}: {e}"),
                    })
                }
                _ => {}
            }
        }
        for d in [CITIZEN_TRUST_DIR, OFFICER_TRUST_DIR] {
            match std::fs::remove_dir_all(self.path(d)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(ApiError::Storage {
                        detail: format!("remove {d}: {e}"),
                    })
                }
                _ => {}
            }
        }
        self.save_token(None)
    }

    fn open_wallet(&self) -> ApiResult<Arc<Wallet>> {
        Wallet::open_or_create(
            self.path(WALLET_FILE).to_string_lossy().into_owned(),
            self.secrets.clone(),
            self.clock.clone(),
        )
    }

    /// The wallet's revocation list from the citizen's own pinned cache.
    fn wallet_statuses(&self, wallet: &Wallet) -> ApiResult<()> {
        let root = self.root_key()?;
        let cache = through_core(|| TrustCache::pin(&self.path(CITIZEN_TRUST_DIR), &root))?;
        wallet.adopt_revocation(cache.store())
    }

    fn open_officer(&self, certificate: &[u8]) -> ApiResult<(Arc<OfficerApp>, AuditIntegrity)> {
        let officer = OfficerApp::from_certificate(
            certificate.to_vec(),
            self.root.clone(),
            self.policy,
            self.clock.clone(),
        )?;
        officer.open_trust_store(self.path(OFFICER_TRUST_DIR).to_string_lossy().into_owned())?;
        let integrity = officer.open_audit_log(
            self.path(AUDIT_DIR).to_string_lossy().into_owned(),
            self.secrets.clone(),
        )?;
        Ok((officer, integrity))
    }
}

#[uniffi::export]
impl SessionManager {
    /// The app's session manager. `data_dir` is the app's private folder (Android
    /// `filesDir`, iOS Application Support, excluded from backup); `root_public_key` the
    /// authority root the app pins (compiled in; SEC1); `policy` the officer's verifier policy
    /// (`defaultPolicy()` in production builds).
    #[uniffi::constructor]
    #[allow(clippy::too_many_arguments)] // the app's whole platform, once
    pub fn new(
        data_dir: String,
        keystore: Arc<dyn DeviceKeystore>,
        secrets: Arc<dyn SecretStorage>,
        clock: Arc<dyn Clock>,
        attestation: Arc<dyn PlatformAttestation>,
        server: Arc<AuthorityServer>,
        root_public_key: Vec<u8>,
        policy: Policy,
    ) -> ApiResult<Arc<Self>> {
        PublicKey::from_sec1(&root_public_key)
            .map_err(|_| ApiError::invalid("the root key is not a P-256 point"))?;
        policy.check()?;
        let dir = PathBuf::from(data_dir);
        through_core(|| storage::create_private_dir(&dir))?;
        Ok(Arc::new(SessionManager {
            dir,
            keystore,
            secrets,
            clock,
            attestation,
            server,
            root: root_public_key,
            policy,
            _live: LiveObject::new(),
        }))
    }

    /// Signs in with the personal ID number and password, enrols this phone (attested by the
    /// platform), puts the papers issued to it in the wallet (replacing what it held), and for
    /// an officer account opens the officer side: its pinned lists, refreshed now, and the scan
    /// log. The citizen's and officer's roles come from the certificate.
    pub fn sign_in(
        self: Arc<Self>,
        personal_id: String,
        password: String,
    ) -> ApiResult<Arc<Session>> {
        let pid = PersonalId::new(personal_id.trim())?;
        let s = self.server.sign_in(pid.reveal().to_owned(), password)?;
        let (enrolled, device) = self.server.enrol_device(
            &s,
            self.keystore.clone(),
            DEVICE_KEY_ALIAS.into(),
            self.attestation.clone(),
        )?;
        let cert = enrolled.certificate.to_bytes().to_vec();
        let role = match enrolled.certificate.claims().role {
            vneid_core::identity::Role::Officer => Role::Officer,
            vneid_core::identity::Role::Citizen => Role::Citizen,
        };
        let core = through_core(|| {
            flows::CitizenApp::enrolled(pid, &cert, device.clone(), self.core_clock())
        })?;
        let citizen = CitizenApp::wrap(core);
        let wallet = self.open_wallet()?;
        wallet.replace_all(enrolled.papers)?;
        let (officer, integrity) = match role {
            Role::Officer => {
                let (o, i) = self.open_officer(&cert)?;
                (Some(o), Some(i))
            }
            Role::Citizen => (None, None),
        };
        self.save_citizen(&citizen)?;
        self.save_token(Some(&s))?;
        let session = Arc::new(Session {
            manager: self.clone(),
            citizen,
            wallet,
            officer,
            role,
            integrity,
            last_refresh: Mutex::new(None),
            _live: LiveObject::new(),
        });
        // Lists now; a failure here (offline just after enrolling) leaves them to the next
        // refresh, and the officer's scans say CANNOT VERIFY / no trust list until then.
        let _ = session.refresh_lists();
        Ok(session)
    }

    /// The session saved by the last sign-in, offline; a failure's message in `lang`. See
    /// `Restored`.
    pub fn restore(self: Arc<Self>, lang: crate::text::Lang) -> Restored {
        let path = self.path(CITIZEN_FILE);
        if !path.exists() {
            return Restored::SignedOut;
        }
        match self.clone().restore_saved(&path) {
            Ok(session) => Restored::Session { session },
            Err(error) => {
                let _ = self.remove_files();
                Restored::Failed {
                    message: vneid_core::strings::text("session.restore_failed", lang).to_owned(),
                    error,
                }
            }
        }
    }

    /// "My phone was stolen", from another phone: signs in and revokes the account's active
    /// device and its papers (this phone is not enrolled). Returns once a published list names
    /// the device (its papers are refused through the device's serial).
    pub fn report_device_stolen(
        &self,
        personal_id: String,
        password: String,
    ) -> ApiResult<RevokedDevice> {
        let s = self.server.sign_in(personal_id, password)?;
        let r = self.server.revoke_device(s.clone());
        let _ = self.server.sign_out(s);
        r
    }
}

impl SessionManager {
    fn restore_saved(self: Arc<Self>, path: &Path) -> ApiResult<Arc<Session>> {
        let json = through_core(|| storage::read_limited(path, 64 * 1024, "citizen state"))?;
        let state: CitizenState = serde_json::from_slice(&json).map_err(|_| ApiError::Corrupt {
            detail: "citizen state is not valid JSON of the expected shape".into(),
        })?;
        let cert = through_core(|| state.certificate())?.ok_or(ApiError::NotEnrolled)?;
        let device = self.device()?;
        let core =
            through_core(|| flows::CitizenApp::restore(state, device.clone(), self.core_clock()))?;
        let citizen = CitizenApp::wrap(core);
        let wallet = Wallet::open(
            self.path(WALLET_FILE).to_string_lossy().into_owned(),
            self.secrets.clone(),
            self.clock.clone(),
        )?;
        self.wallet_statuses(&wallet)?;
        let (role, officer, integrity) = match cert.claims().role {
            vneid_core::identity::Role::Officer => {
                let (o, i) = self.open_officer(cert.to_bytes())?;
                (Role::Officer, Some(o), Some(i))
            }
            vneid_core::identity::Role::Citizen => (Role::Citizen, None, None),
        };
        Ok(Arc::new(Session {
            manager: self,
            citizen,
            wallet,
            officer,
            role,
            integrity,
            last_refresh: Mutex::new(None),
            _live: LiveObject::new(),
        }))
    }
}

#[uniffi::export]
impl Session {
    /// Citizen or officer (from the certificate).
    pub fn role(&self) -> Role {
        self.role
    }

    /// The citizen side.
    pub fn citizen(&self) -> Arc<CitizenApp> {
        self.citizen.clone()
    }

    /// Ví giấy tờ.
    pub fn wallet(&self) -> Arc<Wallet> {
        self.wallet.clone()
    }

    /// The officer side, for an officer account.
    pub fn officer(&self) -> Option<Arc<OfficerApp>> {
        self.officer.clone()
    }

    /// Whether the scan log was intact when opened (officers).
    pub fn audit_integrity(&self) -> Option<AuditIntegrity> {
        self.integrity.clone()
    }

    /// Turns "Xác minh ứng dụng qua QR code" on or off and saves it.
    pub fn set_qr_verification(&self, on: bool) -> ApiResult<()> {
        self.citizen.set_qr_verification(on)?;
        self.manager.save_citizen(&self.citizen)
    }

    /// Whether the lists are due for a refresh now: never refreshed in this session, last
    /// refreshed more than `LIST_REFRESH_SECS` ago, or a held list past its next update. Call
    /// it when the app comes to the foreground and on a timer.
    pub fn refresh_due(&self) -> bool {
        let now = self.manager.clock.now_unix_seconds();
        let last = *self.last_refresh.lock().unwrap_or_else(|p| p.into_inner());
        let stale = self.officer.as_ref().is_some_and(|o| {
            o.core().trust_sequences() == (None, None) || o.core().lists_stale(now)
        });
        stale || last.is_none_or(|t| now - t >= LIST_REFRESH_SECS)
    }

    /// Refreshes the lists from the server (with If-None-Match): the officer's, and the
    /// citizen's copy the wallet's statuses use. A list that does not verify is refused and
    /// the held ones kept; offline is `ApiError.Network` and nothing changes.
    pub fn refresh_lists(&self) -> ApiResult<SessionRefresh> {
        let m = &self.manager;
        let officer = match &self.officer {
            Some(o) => Some(m.server.refresh_officer_lists(o.clone())?),
            None => None,
        };
        let root = m.root_key()?;
        let mut cache = through_core(|| TrustCache::pin(&m.path(CITIZEN_TRUST_DIR), &root))?;
        let before = cache.store().revocation_list().map(|l| l.sequence);
        m.server.refresh_cache(&mut cache)?;
        let after = cache.store().revocation_list().map(|l| l.sequence);
        m.wallet_statuses(&self.wallet)?;
        *self.last_refresh.lock().unwrap_or_else(|p| p.into_inner()) =
            Some(m.clock.now_unix_seconds());
        Ok(SessionRefresh {
            officer,
            wallet_statuses_changed: before != after,
        })
    }

    /// Downloads the papers issued to this phone again (after the authority re-issued them)
    /// and replaces the wallet's at once. `ApiError.SessionEnded`: sign in again.
    pub fn download_papers(&self) -> ApiResult<u32> {
        let s = self.manager.token()?;
        let rows = self
            .manager
            .server
            .download_papers(s, self.wallet.clone())?;
        Ok(rows.len() as u32)
    }

    /// Signs out: ends the session at the server (if reachable) and removes the account,
    /// certificate, papers and lists from this phone. The scan log stays.
    pub fn sign_out(&self) -> ApiResult<()> {
        if let Ok(s) = self.manager.token() {
            let _ = self.manager.server.sign_out(s);
        }
        self.manager.remove_files()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::tests::{bench, Bench, CITIZEN, OFFICER, PASSWORD};
    use crate::testing::{memory_secret_storage, software_keystore};
    use crate::text::Lang;
    use crate::types::{Reason, Verdict};

    struct Phone {
        dir: tempfile::TempDir,
        keystore: Arc<dyn DeviceKeystore>,
        secrets: Arc<dyn SecretStorage>,
    }

    fn phone() -> Phone {
        Phone {
            dir: tempfile::tempdir().unwrap(),
            keystore: software_keystore(),
            secrets: memory_secret_storage(),
        }
    }

    fn manager(b: &Bench, p: &Phone) -> Arc<SessionManager> {
        SessionManager::new(
            p.dir.path().join("data").to_string_lossy().into_owned(),
            p.keystore.clone(),
            p.secrets.clone(),
            b.clock(),
            b.phone(&p.keystore),
            b.server(),
            b.root(),
            crate::officer::default_policy(),
        )
        .unwrap()
    }

    fn restored(m: Arc<SessionManager>) -> Arc<Session> {
        match m.restore(Lang::En) {
            Restored::Session { session } => session,
            Restored::SignedOut => panic!("signed out"),
            Restored::Failed { error, .. } => panic!("restore failed: {error:?}"),
        }
    }

    #[test]
    fn a_citizen_signs_in_and_comes_back_after_a_restart() {
        let b = bench();
        let p = phone();
        let m = manager(&b, &p);
        assert!(matches!(m.clone().restore(Lang::Vi), Restored::SignedOut));
        // A wrong password writes nothing.
        assert_eq!(
            m.clone()
                .sign_in(CITIZEN.into(), "wrong".into())
                .err()
                .unwrap(),
            ApiError::SignInFailed {
                retry_after_secs: None
            }
        );
        assert!(matches!(m.clone().restore(Lang::Vi), Restored::SignedOut));

        let s = m.clone().sign_in(CITIZEN.into(), PASSWORD.into()).unwrap();
        assert_eq!(s.role(), Role::Citizen);
        assert!(s.officer().is_none());
        assert_eq!(s.wallet().paper_count(), 4);
        s.set_qr_verification(true).unwrap();
        let serial = s.citizen().certificate_serial();
        // Personal files are owner-only.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            let data = p.dir.path().join("data");
            assert_eq!(mode(&data), 0o700);
            assert_eq!(mode(&data.join(CITIZEN_FILE)), 0o600);
        }
        drop(s);

        let s = restored(manager(&b, &p));
        assert!(s.citizen().qr_verification());
        assert_eq!(s.citizen().certificate_serial(), serial);
        assert_eq!(s.wallet().paper_count(), 4);
        assert!(s.refresh_due());
        s.refresh_lists().unwrap();
        assert!(!s.refresh_due());
        assert_eq!(s.download_papers().unwrap(), 4);
        b.clock.advance(LIST_REFRESH_SECS);
        assert!(s.refresh_due());

        // Signing out removes the account and papers; the token goes too.
        s.sign_out().unwrap();
        assert!(matches!(s.download_papers(), Err(ApiError::SessionEnded)));
        assert!(matches!(
            manager(&b, &p).restore(Lang::Vi),
            Restored::SignedOut
        ));
    }

    #[test]
    fn an_officer_gets_the_officer_side_from_the_certificate() {
        let b = bench();
        let (pc, po) = (phone(), phone());
        let citizen = manager(&b, &pc)
            .sign_in(CITIZEN.into(), PASSWORD.into())
            .unwrap();
        citizen.set_qr_verification(true).unwrap();
        let officer = manager(&b, &po)
            .sign_in(OFFICER.into(), PASSWORD.into())
            .unwrap();
        assert_eq!(officer.role(), Role::Officer);
        let o = officer.officer().unwrap();
        assert_eq!(o.account().full_name, "Trần Thị Bình");
        assert!(o.trust_sequences().trust_list.is_some());
        assert_eq!(officer.audit_integrity(), Some(AuditIntegrity::Intact));
        let qr = citizen.citizen().make_identity_qr().unwrap();
        assert!(matches!(
            o.verify_text(qr.text.clone()).unwrap(),
            Verdict::Genuine { .. }
        ));

        // After a restart, offline: the lists and the scan log are there.
        drop((o, officer));
        let officer = restored(manager(&b, &po));
        let o = officer.officer().unwrap();
        assert!(o.trust_sequences().trust_list.is_some());
        assert_eq!(o.audit_entries().len(), 1);
        assert!(matches!(
            o.verify_text(qr.text.clone()).unwrap(),
            Verdict::Genuine {
                repeat_scan: true,
                ..
            }
        ));

        // "My phone was stolen", from another phone: the officer refreshes, the QR is fake.
        let r = manager(&b, &phone())
            .report_device_stolen(CITIZEN.into(), PASSWORD.into())
            .unwrap();
        assert_eq!(r.serials.len(), 5);
        officer.refresh_lists().unwrap();
        let qr = citizen.citizen().make_identity_qr().unwrap();
        assert_eq!(
            o.verify_text(qr.text).unwrap(),
            Verdict::Fake {
                reason: Reason::Revoked
            }
        );
        // The citizen's own wallet shows the papers revoked once it refreshes.
        citizen.refresh_lists().unwrap();
        let rows = citizen.wallet().list();
        assert!(rows
            .iter()
            .all(|r| r.status == crate::papers::PaperStatus::Revoked));
    }

    #[test]
    fn a_restore_that_cannot_work_says_so_and_clears_the_session() {
        let b = bench();
        let p = phone();
        let s = manager(&b, &p)
            .sign_in(OFFICER.into(), PASSWORD.into())
            .unwrap();
        drop(s);
        // The device key is gone (the phone was restored from a backup): the certificate is for
        // a key this keystore does not hold.
        let lost = Phone {
            dir: tempfile::tempdir().unwrap(),
            keystore: software_keystore(),
            secrets: p.secrets.clone(),
        };
        let data = p.dir.path().join("data");
        let m = SessionManager::new(
            data.to_string_lossy().into_owned(),
            lost.keystore.clone(),
            p.secrets.clone(),
            b.clock(),
            b.phone(&lost.keystore),
            b.server(),
            b.root(),
            crate::officer::default_policy(),
        )
        .unwrap();
        match m.clone().restore(Lang::En) {
            Restored::Failed { message, error } => {
                assert_eq!(
                    message,
                    "The previous session could not be restored; sign in again"
                );
                assert!(matches!(error, ApiError::Keystore { .. }), "{error:?}");
            }
            _ => panic!("restored with the wrong key"),
        }
        assert!(!data.join(CITIZEN_FILE).exists());
        assert!(!data.join(WALLET_FILE).exists());
        assert!(data.join(AUDIT_DIR).exists(), "the scan log stays");
        assert!(matches!(m.restore(Lang::En), Restored::SignedOut));
        // A damaged state file: the same.
        let s = manager(&b, &p)
            .sign_in(CITIZEN.into(), PASSWORD.into())
            .unwrap();
        drop(s);
        std::fs::write(data.join(CITIZEN_FILE), b"{not json").unwrap();
        assert!(matches!(
            manager(&b, &p).restore(Lang::Vi),
            Restored::Failed {
                error: ApiError::Corrupt { .. },
                ..
            }
        ));
    }
}
