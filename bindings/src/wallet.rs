//! Ví giấy tờ — the wallet: papers kept encrypted on the phone (AES-256-GCM under a data key
//! held in `SecretStorage`), listed with their status, shown in detail, and presented to an
//! officer as a 60-second QR that discloses only the fields the citizen chooses.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use vneid_core::certificate::Serial;
use vneid_core::clock::Clock as CoreClock;
use vneid_core::keys::PublicKey;
use vneid_core::paper::Paper;
use vneid_core::trust::TrustStore;
use vneid_core::wallet::{self as core_wallet, SecretStore};
use vneid_core::Error as CoreError;

use crate::citizen::CitizenApp;
use crate::error::{through_core, ApiError, ApiResult};
use crate::papers::{FieldView, PaperSummary};
use crate::platform::{core_clock, Clock, ForeignSecrets, SecretStorage};
use crate::qr::QrMatrix;
use crate::LiveObject;

/// One paper on screen: summary, agency names, holder and every field.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PaperDetail {
    /// Type, serial, validity, status.
    pub summary: PaperSummary,
    /// Vietnamese name of the issuing agency.
    pub agency_name_vi: String,
    /// English name of the issuing agency.
    pub agency_name_en: String,
    /// Fields in display order.
    pub fields: Vec<FieldView>,
}

/// A presentation QR of a paper, valid for 60 seconds.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PresentationQr {
    /// The text to put in the QR (`VP2:` then digits).
    pub text: String,
    /// When it was made (Unix seconds).
    pub issued_at: i64,
    /// When it stops being valid (Unix seconds).
    pub expires_at: i64,
    /// The paper's serial.
    pub paper_serial: String,
    /// The paper's type code.
    pub type_code: String,
    /// Keys of the disclosed fields, in the type's order.
    pub fields: Vec<String>,
}

#[uniffi::export]
impl PresentationQr {
    /// Whole seconds left at `now`: 60 down to 0.
    pub fn seconds_left(&self, now: i64) -> i64 {
        (self.expires_at - now).clamp(0, vneid_core::token::TOKEN_VALIDITY_SECS)
    }

    /// Whether a new QR must be made at `now`.
    pub fn is_expired(&self, now: i64) -> bool {
        now >= self.expires_at
    }

    /// The QR modules to draw.
    pub fn matrix(&self) -> ApiResult<QrMatrix> {
        crate::qr::encode_qr(self.text.clone())
    }
}

impl From<vneid_core::presentation::PresentationQr> for PresentationQr {
    fn from(q: vneid_core::presentation::PresentationQr) -> Self {
        PresentationQr {
            text: q.qr.text,
            issued_at: q.qr.issued_at,
            expires_at: q.qr.expires_at,
            paper_serial: q.paper_serial.to_string(),
            type_code: q.type_code,
            fields: q.fields,
        }
    }
}

fn serial(hex: &str) -> ApiResult<Serial> {
    Serial::from_hex(hex).map_err(|_| ApiError::invalid("a serial is 16 hex digits"))
}

fn paper_from_bytes(bytes: &[u8]) -> ApiResult<Paper> {
    Paper::from_bytes(bytes).map_err(|_| ApiError::invalid("not a paper (held-paper bytes)"))
}

/// Ví giấy tờ: the papers, in an encrypted file. Safe to call from any thread; calls are
/// serialised. Each change is written to disk (atomically) before it shows.
#[derive(uniffi::Object)]
pub struct Wallet {
    inner: Mutex<core_wallet::Wallet>,
    /// The pinned root and the newest revocation list it signed (the core's rules: never
    /// older, never another list under the same number), so papers can show as revoked.
    trust: Mutex<Option<TrustStore>>,
    clock: Arc<dyn CoreClock>,
    _live: LiveObject,
}

impl Wallet {
    fn lock(&self) -> MutexGuard<'_, core_wallet::Wallet> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn wrap(w: core_wallet::Wallet, clock: Arc<dyn Clock>) -> Arc<Self> {
        Arc::new(Wallet {
            inner: Mutex::new(w),
            trust: Mutex::new(None),
            clock: core_clock(clock),
            _live: LiveObject::new(),
        })
    }
}

impl Wallet {
    /// Runs `f` on the paper `selector` names (serial or type code).
    pub(crate) fn with_paper<T>(
        &self,
        selector: &str,
        f: impl FnOnce(&Paper) -> ApiResult<T>,
    ) -> ApiResult<T> {
        let w = self.lock();
        let p = w.find(selector)?;
        f(p)
    }

    /// Runs `f` on the detail of the paper `selector` names, with its status now.
    pub(crate) fn with_detail<T>(
        &self,
        selector: &str,
        f: impl FnOnce(&core_wallet::PaperDetail) -> T,
    ) -> ApiResult<T> {
        let now = self.clock.now();
        let trust = self.trust.lock().unwrap_or_else(|p| p.into_inner());
        let revocation = trust.as_ref().and_then(TrustStore::revocation_list);
        let d = self.lock().detail(selector, now, revocation)?;
        Ok(f(&d))
    }

    /// Takes the newer revocation list (with its deltas) of a store pinned to the same root, for
    /// the statuses (the session's own copy of the lists).
    pub(crate) fn adopt_revocation(&self, from: &TrustStore) -> ApiResult<()> {
        let mut trust = self.trust.lock().unwrap_or_else(|p| p.into_inner());
        let store = trust.get_or_insert_with(|| TrustStore::new(from.root().clone()));
        if store.root() != from.root() {
            return Err(CoreError::Untrusted {
                what: "revocation list",
            }
            .into());
        }
        store.take_newer(from);
        Ok(())
    }

    /// Replaces every paper at once (a download from the authority): all written, or none.
    pub(crate) fn replace_all(&self, papers: Vec<Paper>) -> ApiResult<()> {
        through_core(|| self.lock().replace_all(papers).map(|_| ()))
    }
}

#[uniffi::export]
impl Wallet {
    /// Opens the wallet file at `path` (in the app's private storage), creating an empty one
    /// if there is none. The data key is kept in `secrets` under `wallet-data-key` (made on
    /// first use). A file that the key does not open, or that is damaged or truncated, is
    /// `ApiError.Corrupt`, never an empty wallet.
    #[uniffi::constructor]
    pub fn open_or_create(
        path: String,
        secrets: Arc<dyn SecretStorage>,
        clock: Arc<dyn Clock>,
    ) -> ApiResult<Arc<Self>> {
        let store: Arc<dyn SecretStore> = Arc::new(ForeignSecrets(secrets));
        let w = through_core(|| core_wallet::Wallet::open_or_create(Path::new(&path), store))?;
        Ok(Self::wrap(w, clock))
    }

    /// Opens an existing wallet (`ApiError.NotFound` when there is no file or no key).
    #[uniffi::constructor]
    pub fn open(
        path: String,
        secrets: Arc<dyn SecretStorage>,
        clock: Arc<dyn Clock>,
    ) -> ApiResult<Arc<Self>> {
        let store: Arc<dyn SecretStore> = Arc::new(ForeignSecrets(secrets));
        let w = through_core(|| core_wallet::Wallet::open(Path::new(&path), store))?;
        Ok(Self::wrap(w, clock))
    }

    /// Installs the authority's signed revocation list, verified against `root_public_key` (the
    /// authority root the app pins, uncompressed SEC1), so `list` and `detail` show revoked
    /// papers as revoked. A list older than the one held is refused (`StaleTrustList`); one not
    /// signed by that root is `UntrustedList`.
    pub fn update_revocation_list(
        &self,
        root_public_key: Vec<u8>,
        revocation_list: Vec<u8>,
    ) -> ApiResult<()> {
        let root = PublicKey::from_sec1(&root_public_key)
            .map_err(|_| ApiError::invalid("the root key is an uncompressed P-256 point"))?;
        let mut trust = self.trust.lock().unwrap_or_else(|p| p.into_inner());
        // The first root given is pinned; a list under another root is refused.
        let store = trust.get_or_insert_with(|| TrustStore::new(root.clone()));
        if *store.root() != root {
            return Err(CoreError::Untrusted {
                what: "revocation list",
            }
            .into());
        }
        store.update_revocation_list(&revocation_list)?;
        Ok(())
    }

    /// Every paper with its status now, by type then serial.
    pub fn list(&self) -> Vec<PaperSummary> {
        let now = self.clock.now();
        let trust = self.trust.lock().unwrap_or_else(|p| p.into_inner());
        let revocation = trust.as_ref().and_then(TrustStore::revocation_list);
        self.lock().list(now, revocation)
    }

    /// One paper, by serial or by type code when the wallet holds one of that type.
    pub fn detail(&self, paper: String) -> ApiResult<PaperDetail> {
        let now = self.clock.now();
        let trust = self.trust.lock().unwrap_or_else(|p| p.into_inner());
        let revocation = trust.as_ref().and_then(TrustStore::revocation_list);
        let d = self.lock().detail(&paper, now, revocation)?;
        Ok(PaperDetail {
            summary: d.summary,
            agency_name_vi: d.agency_name_vi,
            agency_name_en: d.agency_name_en,
            fields: d.fields,
        })
    }

    /// Adds a paper (its held form, as the authority delivers it). Refused when it is already
    /// held, when a paper of a one-per-citizen type is held (use
    /// `Wallet.addOrReplace`), or when its holder differs from the other papers'.
    pub fn add(&self, paper: Vec<u8>) -> ApiResult<PaperSummary> {
        let paper = paper_from_bytes(&paper)?;
        let summary = core_wallet::detail(&paper, self.clock.now(), None).summary;
        self.lock().add(paper)?;
        Ok(summary)
    }

    /// Adds a paper, or replaces the one it re-issues; returns the replaced paper's summary.
    pub fn add_or_replace(&self, paper: Vec<u8>) -> ApiResult<Option<PaperSummary>> {
        let paper = paper_from_bytes(&paper)?;
        let now = self.clock.now();
        let old = self.lock().add_or_replace(paper)?;
        Ok(old.map(|p| core_wallet::detail(&p, now, None).summary))
    }

    /// Removes the paper with this serial; returns its summary.
    pub fn remove(&self, serial_hex: String) -> ApiResult<PaperSummary> {
        let s = serial(&serial_hex)?;
        let now = self.clock.now();
        let old = self.lock().remove(s)?;
        Ok(core_wallet::detail(&old, now, None).summary)
    }

    /// A presentation QR of a paper (by serial, or type code), disclosing only `fields`
    /// (keys from `paper_types`; empty shows the type and validity only). Signed by the
    /// citizen app's device key with its certificate, valid 60 seconds; needs the
    /// "Xác minh ứng dụng qua QR code" setting on (`ApiError.QrSettingOff`).
    pub fn present(
        &self,
        citizen: Arc<CitizenApp>,
        paper: String,
        fields: Vec<String>,
    ) -> ApiResult<PresentationQr> {
        let w = self.lock();
        let p = w.find(&paper)?;
        let keys: Vec<&str> = fields.iter().map(String::as_str).collect();
        let qr = citizen.with_core(|app| through_core(|| app.make_presentation_qr(p, &keys)))?;
        Ok(qr.into())
    }

    /// How many papers it holds.
    pub fn paper_count(&self) -> u32 {
        self.lock().papers().len() as u32
    }

    /// How many times the file has been written (1 for a new wallet).
    pub fn generation(&self) -> u64 {
        self.lock().generation()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::citizen::tests::enrolled;
    use crate::officer::{OfficerAccount, OfficerApp};
    use crate::papers::{paper_types, PaperStatus};
    use crate::testing::{FieldEntry, LocalAuthority, ManualClock, MemorySecretStorage, NewPaper};
    use crate::types::{AssuranceLevel, Reason, Verdict};

    #[test]
    fn paper_types_list_their_fields() {
        let t = paper_types();
        let gplx = t.iter().find(|t| t.code == "gplx").unwrap();
        assert!(gplx.fields.iter().any(|f| f.key == "classes"));
        let cccd = t.iter().find(|t| t.code == "cccd").unwrap();
        assert!(cccd.fields.iter().any(|f| f.personal_id));
    }

    #[test]
    fn revoked_papers_show_as_revoked_once_the_list_is_installed() {
        let clock = ManualClock::new(1_700_000_000);
        let auth = LocalAuthority::new(clock.clone()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wallet.bin").to_string_lossy().into_owned();
        let secrets: Arc<dyn SecretStorage> = Arc::new(MemorySecretStorage::default());
        let wallet = Wallet::open_or_create(path, secrets, clock.clone()).unwrap();
        let citizen = enrolled(&auth, &clock);
        for p in auth.issue_sample_papers(citizen).unwrap() {
            wallet.add(p).unwrap();
        }
        let before = auth.publish().unwrap();
        let gplx = wallet
            .detail("gplx".into())
            .unwrap()
            .summary
            .serial
            .to_string();
        let after = auth.revoke(gplx.clone()).unwrap();
        let root = auth.root_public_key().unwrap();
        assert!(wallet.list().iter().all(|p| p.status == PaperStatus::Valid));
        wallet
            .update_revocation_list(root.clone(), after.revocation_list.clone())
            .unwrap();
        let status = |serial: &str| {
            wallet
                .list()
                .into_iter()
                .find(|p| p.serial.to_string() == serial)
                .unwrap()
                .status
        };
        assert_eq!(status(&gplx), PaperStatus::Revoked);
        assert_eq!(
            wallet.detail("gplx".into()).unwrap().summary.status,
            PaperStatus::Revoked
        );
        assert_eq!(
            wallet
                .list()
                .iter()
                .filter(|p| p.status == PaperStatus::Revoked)
                .count(),
            1
        );
        // An older list cannot un-revoke; a list from another root is refused.
        assert!(matches!(
            wallet.update_revocation_list(root, before.revocation_list),
            Err(ApiError::StaleTrustList { .. })
        ));
        let other = LocalAuthority::new(clock).unwrap();
        let foreign = other.publish().unwrap();
        assert!(wallet
            .update_revocation_list(other.root_public_key().unwrap(), after.revocation_list)
            .is_err());
        assert!(wallet
            .update_revocation_list(auth.root_public_key().unwrap(), foreign.revocation_list)
            .is_err());
        assert_eq!(status(&gplx), PaperStatus::Revoked);
    }

    #[test]
    fn add_list_present_verify_and_reopen() {
        let clock = ManualClock::new(1_700_000_000);
        let auth = LocalAuthority::new(clock.clone()).unwrap();
        let citizen = enrolled(&auth, &clock);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wallet.bin").to_string_lossy().into_owned();
        let secrets: Arc<dyn SecretStorage> = Arc::new(MemorySecretStorage::default());
        let wallet = Wallet::open_or_create(path.clone(), secrets.clone(), clock.clone()).unwrap();
        assert_eq!(wallet.paper_count(), 0);
        for p in auth.issue_sample_papers(citizen.clone()).unwrap() {
            wallet.add(p).unwrap();
        }
        let list = wallet.list();
        assert_eq!(list.len(), 4);
        assert!(list.iter().all(|p| p.status == PaperStatus::Valid));
        let d = wallet.detail("cccd".into()).unwrap();
        let number = d.fields.iter().find(|f| f.key == "number").unwrap();
        assert_eq!(number.text, "***********5");
        assert_eq!(number.revealed_text, "001090012345");

        // The setting gates presentations like identity QRs.
        assert_eq!(
            wallet.present(citizen.clone(), "gplx".into(), vec!["classes".into()]),
            Err(ApiError::QrSettingOff)
        );
        citizen.set_qr_verification(true).unwrap();
        let qr = wallet
            .present(
                citizen.clone(),
                "gplx".into(),
                vec!["full_name".into(), "classes".into()],
            )
            .unwrap();
        assert!(qr.text.starts_with("VP2:"));
        assert_eq!(qr.seconds_left(clock.now_unix_seconds()), 60);
        assert!(qr.matrix().is_ok());

        let officer = OfficerApp::new(
            OfficerAccount {
                full_name: "Officer".into(),
                level: AssuranceLevel::Level2,
            },
            auth.root_public_key().unwrap(),
            clock.clone(),
        )
        .unwrap();
        let b = auth.publish().unwrap();
        officer
            .update_trust(b.trust_list, b.revocation_list)
            .unwrap();
        match officer.verify_text(qr.text.clone()).unwrap() {
            Verdict::Genuine { paper: Some(p), .. } => {
                assert_eq!(p.type_code, "gplx");
                let keys: Vec<_> = p.fields.iter().map(|f| f.key.as_str()).collect();
                assert_eq!(keys, ["full_name", "classes"]);
            }
            other => panic!("{other:?}"),
        }
        clock.advance(60);
        assert_eq!(
            officer.verify_text(qr.text).unwrap(),
            Verdict::Fake {
                reason: Reason::TokenExpired
            }
        );

        // Reopen with the same key: same papers; with a fresh key store: corrupt, not empty.
        drop(wallet);
        let again = Wallet::open(path.clone(), secrets, clock.clone()).unwrap();
        assert_eq!(again.paper_count(), 4);
        let removed = again.remove(list[0].serial.to_string()).unwrap();
        assert_eq!(removed.serial, list[0].serial);
        assert_eq!(again.paper_count(), 3);
        let other: Arc<dyn SecretStorage> = Arc::new(MemorySecretStorage::default());
        other.put("wallet-data-key".into(), vec![7; 32]).unwrap();
        assert!(matches!(
            Wallet::open(path, other, clock.clone()),
            Err(ApiError::Corrupt { .. })
        ));
        let missing = dir.path().join("none.bin").to_string_lossy().into_owned();
        assert!(matches!(
            Wallet::open(missing, Arc::new(MemorySecretStorage::default()), clock),
            Err(ApiError::NotFound { .. })
        ));
    }

    #[test]
    fn storage_errors_reach_the_caller_and_papers_are_checked() {
        struct Locked;
        impl SecretStorage for Locked {
            fn get(&self, _n: String) -> ApiResult<Option<Vec<u8>>> {
                Err(ApiError::Storage {
                    detail: "device locked".into(),
                })
            }
            fn put(&self, _n: String, _s: Vec<u8>) -> ApiResult<()> {
                unreachable!()
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.bin").to_string_lossy().into_owned();
        let clock = ManualClock::new(1_700_000_000);
        assert_eq!(
            Wallet::open_or_create(path.clone(), Arc::new(Locked), clock.clone()).err(),
            Some(ApiError::Storage {
                detail: "device locked".into()
            })
        );
        let w = Wallet::open_or_create(
            path,
            Arc::new(MemorySecretStorage::default()),
            clock.clone(),
        )
        .unwrap();
        assert!(matches!(
            w.add(vec![1, 2, 3]),
            Err(ApiError::InvalidInput { .. })
        ));
        let auth = LocalAuthority::new(clock.clone()).unwrap();
        let citizen = enrolled(&auth, &clock);
        let p = auth
            .issue_paper(
                NewPaper {
                    type_code: "bhyt".into(),
                    valid_from: 1_600_000_000,
                    valid_until: 1_650_000_000,
                    fields: vec![FieldEntry {
                        key: "full_name".into(),
                        value: "Nguyễn Văn An".into(),
                    }],
                },
                citizen.clone(),
            )
            .unwrap();
        assert_eq!(w.add(p).unwrap().status, PaperStatus::Expired);
        assert!(auth
            .issue_paper(
                NewPaper {
                    type_code: "bhyt".into(),
                    valid_from: 0,
                    valid_until: 1,
                    fields: vec![FieldEntry {
                        key: "no_such_field".into(),
                        value: "x".into(),
                    }],
                },
                citizen,
            )
            .is_err());
    }
}
