//! The officer side: trust lists, scanning camera frames, the verdict, the scan log.

use std::path::Path;
use std::sync::Arc;

use vneid_core::audit::{AuditEntry as CoreEntry, Integrity};
use vneid_core::flows;
use vneid_core::keys::PublicKey;
use vneid_core::qr::LumaFrame;
use vneid_core::Error as CoreError;

use crate::error::{ApiError, ApiResult};
use vneid_core::wallet::SecretStore;

use crate::error::through_core;
use crate::platform::{core_clock, Clock, ForeignSecrets, SecretStorage};
use crate::types::{AssuranceLevel, Reason, Verdict};
use crate::LiveObject;

/// An officer's account in their own app.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct OfficerAccount {
    /// Display name.
    pub full_name: String,
    /// Account level; must be level 2.
    pub level: AssuranceLevel,
}

/// The verifier's policy. `default_policy` gives the recommended one.
pub type Policy = vneid_core::verifier::Policy;

vneid_core::__vneid_policy!(#[uniffi::remote(Record)]);

/// The recommended policy: 5 s clock tolerance, 60 s validity, level 2, lists usable up to
/// 7 days past their next update.
#[uniffi::export]
pub fn default_policy() -> Policy {
    Policy::default()
}

/// Sequence numbers of the lists an officer app holds (`null`/`nil` when none yet).
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TrustSequences {
    /// The trust list's sequence number.
    pub trust_list: Option<u64>,
    /// The revocation list's sequence number.
    pub revocation_list: Option<u64>,
}

/// Whether the scan log's hash chain checks out.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum AuditIntegrity {
    /// Every line present and unaltered.
    Intact,
    /// The log was altered: the first broken line (1-based) and how.
    Broken {
        /// Line number.
        line: u64,
        /// What was found.
        detail: String,
    },
}

/// One logged scan. Holds nothing more personal than the masked ID number.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AuditEntry {
    /// 1, 2, 3, … in log order.
    pub seq: u64,
    /// When the scan happened (Unix seconds).
    pub time: i64,
    /// Whether the verdict was genuine.
    pub genuine: bool,
    /// The reason, for a fake identity QR.
    pub reason: Option<Reason>,
    /// The stable reason code as logged (`token_expired`, or a paper reason), for a fake.
    pub reason_code: Option<String>,
    /// A genuine QR scanned before.
    pub repeat_scan: bool,
    /// The paper type for a wallet presentation (`cccd`, …); `null`/`nil` for an identity QR.
    pub paper: Option<String>,
    /// The device certificate's serial (genuine only).
    pub certificate_serial: Option<String>,
    /// The masked personal ID number (genuine only).
    pub masked_personal_id: Option<String>,
    /// When the scanned QR expired (genuine only).
    pub expires_at: Option<i64>,
}

impl From<CoreEntry> for AuditEntry {
    fn from(e: CoreEntry) -> Self {
        AuditEntry {
            seq: e.seq,
            time: e.time,
            genuine: e.verdict == "genuine",
            reason: e.reason.as_deref().and_then(Reason::from_code),
            reason_code: e.reason,
            repeat_scan: e.repeat,
            paper: e.paper,
            certificate_serial: e.serial,
            masked_personal_id: e.masked_id,
            expires_at: e.expires_at,
        }
    }
}

/// The officer side of the app. Every method may be called from any thread at once: camera
/// frames from the camera thread, list updates from a network thread; scans run in parallel.
#[derive(uniffi::Object)]
pub struct OfficerApp {
    inner: flows::OfficerApp,
    /// What the scan log was found to be when opened (for the history screen).
    integrity: std::sync::Mutex<Option<Integrity>>,
    _live: LiveObject,
}

impl std::fmt::Debug for OfficerApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OfficerApp { .. }")
    }
}

impl OfficerApp {
    /// The core app (for Rust code such as the server client).
    pub(crate) fn core(&self) -> &flows::OfficerApp {
        &self.inner
    }

    /// The scan log's integrity when it was opened.
    pub(crate) fn integrity(&self) -> Option<Integrity> {
        self.integrity
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

#[uniffi::export]
impl OfficerApp {
    /// Signs the officer in with the default policy. `root_public_key` is the authority root
    /// key the app pins (SEC1, 65 or 33 bytes; compiled into the app in production). A level-1
    /// account is refused with `ApiError.LevelTooLow`.
    #[uniffi::constructor]
    pub fn new(
        account: OfficerAccount,
        root_public_key: Vec<u8>,
        clock: Arc<dyn Clock>,
    ) -> ApiResult<Arc<Self>> {
        Self::with_policy(account, root_public_key, default_policy(), clock)
    }

    /// As `OfficerApp.new` with a stated policy.
    #[uniffi::constructor]
    pub fn with_policy(
        account: OfficerAccount,
        root_public_key: Vec<u8>,
        policy: Policy,
        clock: Arc<dyn Clock>,
    ) -> ApiResult<Arc<Self>> {
        let root = PublicKey::from_sec1(&root_public_key)
            .map_err(|_| ApiError::invalid("root public key is not a P-256 point"))?;
        let account = flows::OfficerAccount {
            full_name: account.full_name,
            level: account.level,
        };
        let inner = flows::OfficerApp::new(account, root, policy, core_clock(clock))?;
        Ok(Arc::new(OfficerApp {
            inner,
            integrity: std::sync::Mutex::new(None),
            _live: LiveObject::new(),
        }))
    }

    /// The officer app of this phone's officer certificate (as `AuthorityServer.enrolOfficer`
    /// returns it; saved by the app and given back after a restart): the account — name,
    /// level 2, role officer — is what the certificate says, never what the app chooses.
    /// `ApiError.NotAnOfficer` for a citizen's certificate.
    #[uniffi::constructor]
    pub fn from_certificate(
        certificate: Vec<u8>,
        root_public_key: Vec<u8>,
        policy: Policy,
        clock: Arc<dyn Clock>,
    ) -> ApiResult<Arc<Self>> {
        let cert = vneid_core::certificate::DeviceCertificate::from_bytes(&certificate)?;
        let account = flows::OfficerAccount::from_certificate(&cert)?;
        Self::with_policy(
            OfficerAccount {
                full_name: account.full_name,
                level: account.level,
            },
            root_public_key,
            policy,
            clock,
        )
    }

    /// The account.
    pub fn account(&self) -> OfficerAccount {
        let a = self.inner.account();
        OfficerAccount {
            full_name: a.full_name.clone(),
            level: a.level,
        }
    }

    /// Installs newer signed trust and revocation lists (from the authority's server, or
    /// `LocalAuthority.publish`). Both must be signed by the pinned root
    /// (`ApiError.UntrustedList`) and not older than the held ones
    /// (`ApiError.StaleTrustList`); on any error neither is installed.
    pub fn update_trust(&self, trust_list: Vec<u8>, revocation_list: Vec<u8>) -> ApiResult<()> {
        self.inner
            .update_trust(&trust_list, &revocation_list)
            .map_err(|e| match e {
                CoreError::Crypto => ApiError::UntrustedList {
                    detail: "not signed by the pinned root key".into(),
                },
                e => e.into(),
            })
    }

    /// Sequence numbers of the held lists.
    pub fn trust_sequences(&self) -> TrustSequences {
        let (trust_list, revocation_list) = self.inner.trust_sequences();
        TrustSequences {
            trust_list,
            revocation_list,
        }
    }

    /// Keeps the officer's lists in `directory` (the app's private storage) from now on: the
    /// app's root key is pinned there, the newest lists it holds are installed, every list
    /// accepted later is written there first, and none is ever replaced by an older one — not
    /// by `updateTrust`, not by a restart. A folder pinned to another root is refused.
    pub fn open_trust_store(&self, directory: String) -> ApiResult<()> {
        Ok(self.inner.open_trust_cache(Path::new(&directory))?)
    }

    /// Opens the scan log in folder `directory` (created if missing; in the app's private
    /// storage), with its MAC key and anchor in `secrets` (made on first use), refills the
    /// repeat-scan memory from it — from every readable line, even when the log is broken —
    /// and logs every scan from now on. Returns whether the log is intact: an edited,
    /// re-chained, reordered or shortened log is `Broken`.
    pub fn open_audit_log(
        &self,
        directory: String,
        secrets: Arc<dyn SecretStorage>,
    ) -> ApiResult<AuditIntegrity> {
        let secrets: Arc<dyn SecretStore> = Arc::new(ForeignSecrets(secrets));
        let integrity = through_core(|| self.inner.open_audit_log(Path::new(&directory), secrets))?;
        *self.integrity.lock().unwrap_or_else(|p| p.into_inner()) = Some(integrity.clone());
        Ok(match integrity {
            Integrity::Intact => AuditIntegrity::Intact,
            Integrity::Broken { line, detail } => AuditIntegrity::Broken {
                line: line as u64,
                detail,
            },
        })
    }

    /// The logged scans, oldest first (empty without a log).
    pub fn audit_entries(&self) -> Vec<AuditEntry> {
        self.inner
            .audit_entries()
            .into_iter()
            .map(Into::into)
            .collect()
    }

    /// Verifies QR text (from a scanner library) and logs the scan. Throws only for a missing
    /// trust list or a failed log write: whatever the text holds, the answer is a verdict.
    pub fn verify_text(&self, text: String) -> ApiResult<Verdict> {
        Ok(self.inner.verify_text(&text)?.into())
    }

    /// Finds a QR in a camera frame and verifies it; `null`/`nil` when the frame holds no
    /// readable QR (keep scanning). `luma` is the 8-bit grey plane (Y of YUV_420_888 on
    /// Android, plane 0 of a 420f `CVPixelBuffer` on iOS); row `y` starts at
    /// `y * row_stride`. `ApiError.InvalidInput` when the sizes do not fit the buffer.
    pub fn scan_frame(
        &self,
        luma: Vec<u8>,
        width: u32,
        height: u32,
        row_stride: u32,
    ) -> ApiResult<Option<Verdict>> {
        let frame = LumaFrame::new(&luma, width as usize, height as usize, row_stride as usize)?;
        Ok(self.inner.scan_frame(&frame)?.map(Into::into))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::citizen::tests::enrolled;
    use crate::citizen::CitizenApp;
    use crate::testing::{LocalAuthority, ManualClock};
    use crate::types::TrustWarning;

    struct World {
        clock: Arc<ManualClock>,
        authority: Arc<LocalAuthority>,
        citizen: Arc<CitizenApp>,
        officer: Arc<OfficerApp>,
    }

    fn world() -> World {
        let clock = ManualClock::new(1_700_000_000);
        let authority = LocalAuthority::new(clock.clone()).unwrap();
        let citizen = enrolled(&authority, &clock);
        citizen.set_qr_verification(true).unwrap();
        let officer = OfficerApp::new(
            OfficerAccount {
                full_name: "Officer".into(),
                level: AssuranceLevel::Level2,
            },
            authority.root_public_key().unwrap(),
            clock.clone(),
        )
        .unwrap();
        World {
            clock,
            authority,
            citizen,
            officer,
        }
    }

    fn frame(text: &str) -> (Vec<u8>, u32) {
        let (px, side) = vneid_core::qr::QrMatrix::encode(text).unwrap().to_luma(3);
        (px, side as u32)
    }

    #[test]
    fn scan_a_frame_genuine_then_repeat_then_expired() {
        let w = world();
        let qr = w.citizen.make_identity_qr().unwrap();
        let (px, side) = frame(&qr.text);
        assert_eq!(
            w.officer.scan_frame(px.clone(), side, side, side),
            Err(ApiError::NoTrustList)
        );
        let b = w.authority.publish().unwrap();
        w.officer
            .update_trust(b.trust_list, b.revocation_list)
            .unwrap();
        match w.officer.scan_frame(px.clone(), side, side, side).unwrap() {
            Some(Verdict::Genuine {
                subject: Some(subject),
                repeat_scan,
                warnings,
                ..
            }) => {
                assert_eq!(subject.masked_personal_id, "***********5");
                assert_eq!(subject.full_name, "Nguyễn Văn An");
                assert!(!repeat_scan);
                assert!(warnings.is_empty());
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            w.officer.verify_text(qr.text.clone()).unwrap(),
            Verdict::Genuine {
                repeat_scan: true,
                ..
            }
        ));
        w.clock.advance(61);
        assert_eq!(
            w.officer.scan_frame(px, side, side, side).unwrap(),
            Some(Verdict::Fake {
                reason: Reason::TokenExpired
            })
        );
        let blank = vec![255u8; 64 * 64];
        assert_eq!(w.officer.scan_frame(blank, 64, 64, 64).unwrap(), None);
        assert!(matches!(
            w.officer.scan_frame(vec![0; 10], 64, 64, 64),
            Err(ApiError::InvalidInput { .. })
        ));
        assert_eq!(
            w.officer.verify_text("hello".into()).unwrap(),
            Verdict::Fake {
                reason: Reason::Malformed
            }
        );
    }

    #[test]
    fn stale_and_foreign_lists_are_refused_and_revocation_works() {
        let w = world();
        let old = w.authority.publish().unwrap();
        let new = w.authority.publish().unwrap();
        w.officer
            .update_trust(new.trust_list.clone(), new.revocation_list.clone())
            .unwrap();
        assert!(matches!(
            w.officer.update_trust(old.trust_list, old.revocation_list),
            Err(ApiError::StaleTrustList { .. })
        ));
        let other = LocalAuthority::new(w.clock.clone())
            .unwrap()
            .publish()
            .unwrap();
        assert!(matches!(
            w.officer
                .update_trust(other.trust_list, other.revocation_list),
            Err(ApiError::UntrustedList { .. })
        ));
        assert_eq!(
            w.officer.trust_sequences(),
            TrustSequences {
                trust_list: Some(2),
                revocation_list: Some(2)
            }
        );
        let serial = w.citizen.certificate_serial().unwrap();
        let b = w.authority.revoke(serial).unwrap();
        w.officer
            .update_trust(b.trust_list, b.revocation_list)
            .unwrap();
        let qr = w.citizen.make_identity_qr().unwrap();
        assert_eq!(
            w.officer.verify_text(qr.text).unwrap(),
            Verdict::Fake {
                reason: Reason::Revoked
            }
        );
        // Past the lists' next update, a genuine verdict carries warnings.
        let w = world();
        let b = w.authority.publish().unwrap();
        w.officer
            .update_trust(b.trust_list, b.revocation_list)
            .unwrap();
        w.clock.advance(8 * 24 * 3600);
        let qr = w.citizen.make_identity_qr().unwrap();
        match w.officer.verify_text(qr.text).unwrap() {
            Verdict::Genuine { warnings, .. } => assert_eq!(
                warnings,
                vec![
                    TrustWarning::TrustListStale,
                    TrustWarning::RevocationListStale
                ]
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn audit_log_records_scans() {
        let w = world();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit").to_string_lossy().into_owned();
        let secrets = crate::testing::memory_secret_storage();
        assert_eq!(
            w.officer.open_audit_log(path.clone(), secrets).unwrap(),
            AuditIntegrity::Intact
        );
        let b = w.authority.publish().unwrap();
        w.officer
            .update_trust(b.trust_list, b.revocation_list)
            .unwrap();
        let qr = w.citizen.make_identity_qr().unwrap();
        w.officer.verify_text(qr.text).unwrap();
        w.officer.verify_text("VN2:123".into()).unwrap();
        let e = w.officer.audit_entries();
        assert_eq!(e.len(), 2);
        assert!(e[0].genuine);
        assert_eq!(e[0].masked_personal_id.as_deref(), Some("***********5"));
        assert!(!e[1].genuine);
        assert_eq!(e[1].reason, Some(Reason::Malformed));
        let text = std::fs::read_to_string(dir.path().join("audit/audit-000001.log")).unwrap();
        assert!(!text.contains("001090012345") && !text.contains("Nguyễn"));
    }

    #[test]
    fn the_trust_store_keeps_the_newest_lists_across_a_restart() {
        let w = world();
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().to_string_lossy().into_owned();
        w.officer.open_trust_store(store.clone()).unwrap();
        let old = w.authority.publish().unwrap();
        let new = w.authority.publish().unwrap();
        w.officer
            .update_trust(new.trust_list.clone(), new.revocation_list.clone())
            .unwrap();
        // A restart: a new object, handed the old lists, opening the same store.
        let again = OfficerApp::new(
            w.officer.account(),
            w.authority.root_public_key().unwrap(),
            w.clock.clone(),
        )
        .unwrap();
        assert!(again
            .update_trust(old.trust_list, old.revocation_list)
            .is_ok());
        again.open_trust_store(store).unwrap();
        assert_eq!(
            again.trust_sequences(),
            TrustSequences {
                trust_list: Some(2),
                revocation_list: Some(2)
            },
            "the store's newer lists replaced the older ones handed in"
        );
    }

    #[test]
    fn lists_too_old_give_cannot_verify() {
        let w = world();
        let b = w.authority.publish().unwrap();
        w.officer
            .update_trust(b.trust_list, b.revocation_list)
            .unwrap();
        w.clock.advance(15 * 24 * 3600);
        let qr = w.citizen.make_identity_qr().unwrap();
        assert_eq!(
            w.officer.verify_text(qr.text).unwrap(),
            Verdict::CannotVerify {
                why: crate::types::Unverifiable::ListsTooOld
            }
        );
    }

    #[test]
    fn officers_must_be_level_two_and_policies_sane() {
        let w = world();
        let root = w.authority.root_public_key().unwrap();
        let l1 = OfficerAccount {
            full_name: "x".into(),
            level: AssuranceLevel::Level1,
        };
        assert_eq!(
            OfficerApp::new(l1, root.clone(), w.clock.clone()).err(),
            Some(ApiError::LevelTooLow { level: 1 })
        );
        let l2 = w.officer.account();
        assert!(matches!(
            OfficerApp::new(l2.clone(), vec![4; 65], w.clock.clone()),
            Err(ApiError::InvalidInput { .. })
        ));
        let mut p = default_policy();
        assert_eq!(p.clock_tolerance_secs, 5);
        p.max_token_validity_secs = 3600;
        assert!(OfficerApp::with_policy(l2, root, p, w.clock.clone()).is_err());
    }
}
