//! The two apps' state machines, with every decision in Rust: the citizen app (account,
//! enrolment, the "Xác minh ứng dụng qua QR code" setting, making QR codes) and the officer
//! app (level-2 account, trust lists, scanning frames, audit log).

use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use serde::{Deserialize, Serialize};

use crate::audit::{AuditLog, Integrity};
use crate::certificate::DeviceCertificate;
use crate::clock::{Clock, UnixTime};
use crate::enrolment::{Enroller, EnrolmentRequest};
use crate::identity::{AssuranceLevel, Identity, PersonalId};
use crate::keys::{PublicKey, Signer};
use crate::paper::{Holder, Paper};
use crate::presentation::{present, PresentationQr};
use crate::qr::{self, LumaFrame};
use crate::qrtext::{self, Payload, TimedQr};
use crate::token::{IdentityToken, TokenId, TOKEN_VALIDITY_SECS};
use crate::trust::{Offered, TrustCache, TrustStore};
use crate::verdict::{Checked, Verdict};
use crate::verifier::{Policy, Verifier};
use crate::wallet::SecretStore;
use crate::{Error, Result};

/// A citizen's electronic-identity account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenAccount {
    /// Who.
    pub identity: Identity,
    /// Level 1 or 2.
    pub level: AssuranceLevel,
}

/// What the citizen app keeps between runs (the device key stays in the keystore).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CitizenState {
    /// The account.
    pub account: CitizenAccount,
    /// The device certificate, hex, once enrolled.
    pub certificate: Option<String>,
    /// "Xác minh ứng dụng qua QR code" on or off.
    pub qr_verification: bool,
}

impl CitizenState {
    /// The device certificate it holds, parsed (not verified), once enrolled.
    pub fn certificate(&self) -> Result<Option<DeviceCertificate>> {
        let Some(hex) = &self.certificate else {
            return Ok(None);
        };
        let bytes = crate::unhex(hex).ok_or_else(|| Error::Corrupt {
            what: "citizen state",
            detail: "certificate is not hex".into(),
        })?;
        DeviceCertificate::from_bytes(&bytes).map(Some)
    }
}

/// An identity QR, with what the Home screen's countdown needs.
pub type IdentityQr = TimedQr;

/// What the "Xác minh ứng dụng qua QR code" switch on tab Cá nhân shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QrSetting {
    /// On: tab Trang chủ shows the identity QR.
    On,
    /// Off, and may be turned on.
    Off,
    /// Off and disabled: the account is level 1 ("Cần tài khoản định danh điện tử mức 2").
    NeedsLevel2,
    /// Off: the device must enrol first.
    NeedsEnrolment,
}

/// The citizen side of the app.
pub struct CitizenApp {
    account: CitizenAccount,
    device: Arc<dyn Signer>,
    clock: Arc<dyn Clock>,
    certificate: Option<DeviceCertificate>,
    qr_verification: bool,
}

impl CitizenApp {
    /// A signed-in account on this device, not yet enrolled.
    pub fn new(account: CitizenAccount, device: Arc<dyn Signer>, clock: Arc<dyn Clock>) -> Self {
        CitizenApp {
            account,
            device,
            clock,
            certificate: None,
            qr_verification: false,
        }
    }

    /// A device the authority service enrolled: the account is what its certificate says
    /// (name, date of birth, level — the service takes them from the registration), with the
    /// personal ID number the citizen signed in with, which must end in the certificate's
    /// masked digit. The certificate must certify this device's key.
    pub fn enrolled(
        personal_id: PersonalId,
        certificate: &[u8],
        device: Arc<dyn Signer>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        let cert = DeviceCertificate::from_bytes(certificate)?;
        let c = cert.claims();
        let identity = Identity::new(&c.identity.full_name, c.identity.date_of_birth, personal_id)?;
        let account = CitizenAccount {
            identity,
            level: c.level,
        };
        let mut app = Self::new(account, device, clock);
        app.install_certificate(certificate)?;
        Ok(app)
    }

    /// Keeps a certificate the authority service issued to this device on re-enrolment (the
    /// same account: name, date of birth, masked number and level must match).
    pub fn replace_certificate(&mut self, certificate: &[u8]) -> Result<()> {
        self.install_certificate(certificate)?;
        if !self.can_use_qr() {
            self.qr_verification = false;
        }
        Ok(())
    }

    /// Restores saved state; the certificate must belong to this device key and account.
    pub fn restore(
        state: CitizenState,
        device: Arc<dyn Signer>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        let certificate = state.certificate()?;
        let mut app = Self::new(state.account, device, clock);
        if let Some(cert) = certificate {
            app.install_certificate(cert.to_bytes())?;
        }
        app.qr_verification = state.qr_verification && app.can_use_qr();
        Ok(app)
    }

    /// What to save.
    pub fn state(&self) -> CitizenState {
        CitizenState {
            account: self.account.clone(),
            certificate: self
                .certificate
                .as_ref()
                .map(|c| crate::hex::hex(c.to_bytes())),
            qr_verification: self.qr_verification,
        }
    }

    /// The account.
    pub fn account(&self) -> &CitizenAccount {
        &self.account
    }

    /// The device certificate, once enrolled.
    pub fn certificate(&self) -> Option<&DeviceCertificate> {
        self.certificate.as_ref()
    }

    /// The device papers are issued to: this device's key and certificate serial (once
    /// enrolled).
    pub fn paper_holder(&self) -> Result<Holder> {
        let cert = self.certificate.as_ref().ok_or(Error::NotEnrolled)?;
        Ok(Holder {
            device_key: cert.claims().device_key.clone(),
            device_serial: cert.claims().serial,
            level: cert.claims().level,
            device_expires_at: cert.claims().expires_at,
        })
    }

    /// The device key (the platform keystore).
    pub fn device(&self) -> &Arc<dyn Signer> {
        &self.device
    }

    /// The clock.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// Enrols this device with the authority: sends the account's claims and the device's
    /// public key with a proof of possession, and keeps the certificate it returns.
    pub fn enrol(&mut self, authority: &dyn Enroller) -> Result<()> {
        let req = EnrolmentRequest::new(
            self.account.identity.clone(),
            self.account.level,
            self.device.as_ref(),
        )?;
        let bytes = authority.enrol(&req, self.clock.now())?;
        self.install_certificate(&bytes)
    }

    fn install_certificate(&mut self, bytes: &[u8]) -> Result<()> {
        let cert = DeviceCertificate::from_bytes(bytes)?;
        let c = cert.claims();
        if c.device_key != self.device.public_key()? {
            return Err(Error::Keystore(
                "the certificate is for another device key".into(),
            ));
        }
        if c.identity != self.account.identity.certified() || c.level != self.account.level {
            return Err(Error::InvalidArgument(
                "the certificate is for another account".into(),
            ));
        }
        self.certificate = Some(cert);
        Ok(())
    }

    fn can_use_qr(&self) -> bool {
        self.account.level >= AssuranceLevel::Level2 && self.certificate.is_some()
    }

    /// Turns "Xác minh ứng dụng qua QR code" on or off (tab Cá nhân). Turning it on needs a
    /// level-2 account and an enrolled device; off always works.
    pub fn set_qr_verification(&mut self, on: bool) -> Result<()> {
        if on {
            if self.account.level < AssuranceLevel::Level2 {
                return Err(Error::LevelTooLow {
                    level: self.account.level.number(),
                });
            }
            if self.certificate.is_none() {
                return Err(Error::NotEnrolled);
            }
        }
        self.qr_verification = on;
        Ok(())
    }

    /// Whether the setting is on.
    pub fn qr_verification(&self) -> bool {
        self.qr_verification
    }

    /// What the "Xác minh ứng dụng qua QR code" switch on tab Cá nhân shows.
    pub fn qr_setting(&self) -> QrSetting {
        if self.qr_verification {
            QrSetting::On
        } else if self.account.level < AssuranceLevel::Level2 {
            QrSetting::NeedsLevel2
        } else if self.certificate.is_none() {
            QrSetting::NeedsEnrolment
        } else {
            QrSetting::Off
        }
    }

    /// Makes a presentation QR of a wallet paper disclosing `fields`, valid for 60 seconds
    /// from now (tab Ví giấy tờ). Like the identity QR it needs the "Xác minh ứng dụng qua QR
    /// code" setting on (so a level-2, enrolled account): the officer checks the app and the
    /// paper in one scan.
    pub fn make_presentation_qr(&self, paper: &Paper, fields: &[&str]) -> Result<PresentationQr> {
        if !self.qr_verification {
            return Err(Error::QrSettingOff);
        }
        if self.certificate.is_none() {
            return Err(Error::NotEnrolled);
        }
        present(paper, fields, self.device.as_ref(), self.clock.now())
    }

    /// Makes an identity QR valid for 60 seconds from now (tab Trang chủ).
    pub fn make_identity_qr(&self) -> Result<IdentityQr> {
        if !self.qr_verification {
            return Err(Error::QrSettingOff);
        }
        let cert = self.certificate.as_ref().ok_or(Error::NotEnrolled)?;
        let now = self.clock.now();
        let bytes = IdentityToken::create(cert, self.device.as_ref(), now, TokenId::random()?)?;
        Ok(IdentityQr {
            text: qrtext::encode(Payload::Identity, &bytes),
            issued_at: now,
            expires_at: now + TOKEN_VALIDITY_SECS,
        })
    }
}

/// An officer's account in their own app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficerAccount {
    /// Display name.
    pub full_name: String,
    /// Level; must be 2.
    pub level: AssuranceLevel,
}

impl OfficerAccount {
    /// The officer a device certificate names: role officer (from the authority's
    /// registration, never chosen in the app) and level 2.
    pub fn from_certificate(cert: &DeviceCertificate) -> Result<Self> {
        let c = cert.claims();
        if c.role != crate::identity::Role::Officer {
            return Err(Error::NotAnOfficer);
        }
        if c.level < AssuranceLevel::Level2 {
            return Err(Error::LevelTooLow {
                level: c.level.number(),
            });
        }
        Ok(OfficerAccount {
            full_name: c.identity.full_name.clone(),
            level: c.level,
        })
    }
}

/// The officer side of the app. All methods take `&self`: frames from a camera thread and
/// list updates from a network thread can arrive at once.
pub struct OfficerApp {
    account: OfficerAccount,
    verifier: RwLock<Verifier>,
    audit: Mutex<Option<AuditLog>>,
    cache: Mutex<Option<TrustCache>>,
}

impl OfficerApp {
    /// Signs the officer in. A level-1 account is refused. `root` is the authority root key
    /// the app pins (compiled in, in production).
    pub fn new(
        account: OfficerAccount,
        root: PublicKey,
        policy: Policy,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        if account.level < AssuranceLevel::Level2 {
            return Err(Error::LevelTooLow {
                level: account.level.number(),
            });
        }
        policy.check()?;
        Ok(OfficerApp {
            account,
            verifier: RwLock::new(Verifier::new(TrustStore::new(root), policy, clock)),
            audit: Mutex::new(None),
            cache: Mutex::new(None),
        })
    }

    /// The account.
    pub fn account(&self) -> &OfficerAccount {
        &self.account
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Verifier> {
        self.verifier.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Installs newer signed trust and revocation lists. Each must verify against the pinned
    /// root and be newer than the held one (or the same one again); on any error neither is
    /// installed. With a state folder open ([`OfficerApp::open_trust_cache`]) they are written
    /// there first.
    pub fn update_trust(&self, trust_list: &[u8], revocation_list: &[u8]) -> Result<()> {
        let mut v = self.verifier.write().unwrap_or_else(|p| p.into_inner());
        // Check both before installing either, so a bad pair changes nothing.
        let mut store = v.store().clone();
        store.update_trust_list(trust_list)?;
        store.update_revocation_list(revocation_list)?;
        if let Some(cache) = self
            .cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_mut()
        {
            cache.offer_trust_list(trust_list)?;
            cache.offer_revocation_list(revocation_list)?;
        }
        *v.store_mut() = store;
        Ok(())
    }

    /// Offers lists one by one (either may be absent): each newer one is installed (and
    /// written to the state folder, if one is open); an older one, or another list under the
    /// held number, is refused and the held one kept. Returns what became of each.
    pub fn import_lists(
        &self,
        trust_list: Option<&[u8]>,
        revocation_list: Option<&[u8]>,
    ) -> (Option<Result<Offered>>, Option<Result<Offered>>) {
        let mut v = self.verifier.write().unwrap_or_else(|p| p.into_inner());
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        let mut offer = |bytes: &[u8], trust: bool| -> Result<Offered> {
            let store = v.store_mut();
            let held = if trust {
                store.signed_lists().0
            } else {
                store.signed_lists().1
            }
            .map(<[u8]>::to_vec);
            let mut next = store.clone();
            if trust {
                next.update_trust_list(bytes)?;
            } else {
                next.update_revocation_list(bytes)?;
            }
            if let Some(c) = cache.as_mut() {
                if trust {
                    c.offer_trust_list(bytes)?;
                } else {
                    c.offer_revocation_list(bytes)?;
                }
            }
            *store = next;
            Ok(if held.as_deref() == Some(bytes) {
                Offered::AlreadyHeld
            } else {
                let (t, r) = (store.trust_list(), store.revocation_list());
                let sequence = if trust {
                    t.map(|l| l.sequence)
                } else {
                    r.map(|l| l.sequence)
                };
                Offered::Installed {
                    sequence: sequence.unwrap_or_default(),
                }
            })
        };
        let t = trust_list.map(|b| offer(b, true));
        let r = revocation_list.map(|b| offer(b, false));
        (t, r)
    }

    /// Keeps the officer's lists in `dir` from now on: pins the app's root key there (a folder
    /// pinned to another root is refused), installs the newest lists it holds, and writes every
    /// list accepted later. A restart, or an older list copied in, never brings an older list
    /// back.
    pub fn open_trust_cache(&self, dir: &Path) -> Result<()> {
        let root = self.read().store().root().clone();
        let cache = TrustCache::pin(dir, &root)?;
        let mut v = self.verifier.write().unwrap_or_else(|p| p.into_inner());
        // Held lists newer than what is in memory are installed; older ones leave it.
        v.store_mut().take_newer(cache.store());
        *self.cache.lock().unwrap_or_else(|p| p.into_inner()) = Some(cache);
        Ok(())
    }

    /// Applies a signed revocation delta (the day's revocations, a few kilobytes instead of
    /// the full list) to the held revocation list, and writes it to the state folder if one is
    /// open. It must be signed by the pinned root and name the held list as its base; the
    /// last one again is [`Offered::AlreadyHeld`]; anything else changes nothing (fetch the
    /// full list then).
    pub fn apply_revocation_delta(&self, delta: &[u8]) -> Result<Offered> {
        let mut v = self.verifier.write().unwrap_or_else(|p| p.into_inner());
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        let mut next = v.store().clone();
        let before = next.signed_deltas().len();
        let sequence = next.apply_revocation_delta(delta)?.sequence;
        if next.signed_deltas().len() == before {
            return Ok(Offered::AlreadyHeld);
        }
        if let Some(c) = cache.as_mut() {
            // The folder may hold another base than memory only if it was written elsewhere;
            // then the delta is refused there and nothing changes.
            c.offer_revocation_delta(delta)?;
        }
        *v.store_mut() = next;
        Ok(Offered::Installed { sequence })
    }

    /// Whether a held list is past its `next_update` at `now` (refresh it; verdicts carry a
    /// warning meanwhile).
    pub fn lists_stale(&self, now: UnixTime) -> bool {
        !self.read().store().warnings(now).is_empty()
    }

    /// Sequence numbers of the held lists, (trust, revocation).
    pub fn trust_sequences(&self) -> (Option<u64>, Option<u64>) {
        let v = self.read();
        (
            v.store().trust_list().map(|l| l.sequence),
            v.store().revocation_list().map(|l| l.sequence),
        )
    }

    /// Opens the audit log in folder `dir` (its key and anchor in `secrets`), refills the
    /// replay cache from it — from every line it can read, even when the log is broken — and
    /// logs every scan from now on. Returns the log's integrity.
    pub fn open_audit_log(&self, dir: &Path, secrets: Arc<dyn SecretStore>) -> Result<Integrity> {
        let log = AuditLog::open(dir, secrets)?;
        let integrity = log.integrity().clone();
        {
            let v = self.read();
            let now = v.now();
            for (digest, exp) in log.live_tokens(now) {
                v.replay_cache().check_and_insert(digest, exp, now);
            }
        }
        *self.audit.lock().unwrap_or_else(|p| p.into_inner()) = Some(log);
        Ok(integrity)
    }

    /// The logged scans, newest last (empty without a log).
    pub fn audit_entries(&self) -> Vec<crate::audit::AuditEntry> {
        self.audit
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|l| l.entries().to_vec())
            .unwrap_or_default()
    }

    /// Verifies scanned QR text and logs the scan. `Err` only for a missing trust list or a
    /// failed log write: whatever the text holds, the answer is a [`Verdict`].
    pub fn verify_text(&self, text: &str) -> Result<Verdict> {
        let (checked, now) = {
            let v = self.read();
            (v.check_text(text)?, v.now())
        };
        self.log(now, &checked)?;
        Ok(checked.verdict)
    }

    /// Finds a QR in a camera frame and verifies it; `None` when the frame holds no readable
    /// QR. The decoding runs without holding any lock.
    pub fn scan_frame(&self, frame: &LumaFrame<'_>) -> Result<Option<Verdict>> {
        match qr::scan(frame) {
            Some(text) => self.verify_text(&text).map(Some),
            None => Ok(None),
        }
    }

    fn log(&self, now: UnixTime, checked: &Checked) -> Result<()> {
        if let Some(log) = self
            .audit
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_mut()
        {
            log.append(now, checked)?;
        }
        Ok(())
    }
}
