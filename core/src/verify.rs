//! The officer's verifier: QR text → [`Verdict`]. Fails closed: "genuine" only when every
//! check passed, and each failed check has its own [`Reason`].
//!
//! Order: parse → issuer in trust list → issuer key purpose and validity → certificate
//! signature → token signature → certificate validity → level → revocation → token window →
//! replay. Signatures are checked before any claim is believed, so a reason about a claim
//! (expired, revoked, level) is only ever given for signed data. A paper presentation (`VP1:`)
//! goes through the same device-side checks, then the paper's
//! ([`crate::wallet::presentation`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::certificate::{DeviceCertificate, Serial};
use crate::clock::{Clock, UnixTime};
use crate::identity::{AssuranceLevel, Identity};
use crate::qrtext::{self, Payload};
use crate::token::{IdentityToken, TOKEN_VALIDITY_SECS};
use crate::trust::{KeyPurpose, TrustStore, TrustWarning};
use crate::wallet::DisclosedPaper;
use crate::{Error, Result};

/// The verifier's stated policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// How far the citizen phone's clock may run ahead of the officer's: a token whose `iat` is
    /// up to this many seconds in the future is accepted. It never lengthens the 60-second
    /// window at the other end: `now >= exp` is expired, whatever the tolerance, so a
    /// screenshot cannot live longer than the QR it copies. Default 5 s.
    pub clock_tolerance_secs: i64,
    /// Longest `exp − iat` accepted. Default (and maximum sensible) 60 s.
    pub max_token_validity_secs: i64,
    /// Lowest assurance level accepted. Default level 2 (Decree 59/2022/ND-CP art. 13 §8).
    pub required_level: AssuranceLevel,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            clock_tolerance_secs: 5,
            max_token_validity_secs: TOKEN_VALIDITY_SECS,
            required_level: AssuranceLevel::Level2,
        }
    }
}

/// Why a scan is fake. One reason per check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    /// Not a vneid QR, or its content is damaged.
    Malformed,
    /// A vneid QR of a format version this app cannot read.
    UnsupportedVersion,
    /// A signature (certificate or token) does not verify.
    BadSignature,
    /// The certificate's issuer is not in the trust list.
    UnknownIssuer,
    /// The issuer key is outside its validity or not for this purpose.
    IssuerKeyNotValid,
    /// The device certificate has expired.
    CertificateExpired,
    /// The device certificate is not valid yet.
    CertificateNotYetValid,
    /// The QR's 60 seconds are over.
    TokenExpired,
    /// The QR claims to be made in the future (beyond the clock tolerance).
    NotYetValid,
    /// The QR claims a validity longer than 60 seconds.
    ValidityTooLong,
    /// The account is below level 2.
    LevelTooLow,
    /// The device certificate has been revoked (e.g. the phone was reported stolen).
    Revoked,
    /// A paper's issuer signature does not verify.
    BadPaperSignature,
    /// A paper's type is unknown to this app.
    UnknownPaperType,
    /// A paper is signed by a paper key of another agency than the one that issues its type.
    WrongAgency,
    /// A disclosed field's value or salt does not match the digest the issuer signed.
    BadDigest,
    /// The paper belongs to someone other than the app's holder.
    WrongHolder,
    /// The paper's serial is on the revocation list.
    PaperRevoked,
    /// The paper's validity has ended.
    PaperExpired,
    /// The paper's validity has not started.
    PaperNotYetValid,
}

impl Reason {
    /// Every reason, for tables and tests.
    pub const ALL: [Reason; 20] = [
        Reason::Malformed,
        Reason::UnsupportedVersion,
        Reason::BadSignature,
        Reason::UnknownIssuer,
        Reason::IssuerKeyNotValid,
        Reason::CertificateExpired,
        Reason::CertificateNotYetValid,
        Reason::TokenExpired,
        Reason::NotYetValid,
        Reason::ValidityTooLong,
        Reason::LevelTooLow,
        Reason::Revoked,
        Reason::BadPaperSignature,
        Reason::UnknownPaperType,
        Reason::WrongAgency,
        Reason::BadDigest,
        Reason::WrongHolder,
        Reason::PaperRevoked,
        Reason::PaperExpired,
        Reason::PaperNotYetValid,
    ];

    /// A stable machine code (`token_expired`), used in JSON and logs.
    pub fn code(self) -> &'static str {
        match self {
            Reason::Malformed => "malformed",
            Reason::UnsupportedVersion => "unsupported_version",
            Reason::BadSignature => "bad_signature",
            Reason::UnknownIssuer => "unknown_issuer",
            Reason::IssuerKeyNotValid => "issuer_key_not_valid",
            Reason::CertificateExpired => "certificate_expired",
            Reason::CertificateNotYetValid => "certificate_not_yet_valid",
            Reason::TokenExpired => "token_expired",
            Reason::NotYetValid => "not_yet_valid",
            Reason::ValidityTooLong => "validity_too_long",
            Reason::LevelTooLow => "level_too_low",
            Reason::Revoked => "revoked",
            Reason::BadPaperSignature => "bad_paper_signature",
            Reason::UnknownPaperType => "unknown_paper_type",
            Reason::WrongAgency => "wrong_agency",
            Reason::BadDigest => "bad_digest",
            Reason::WrongHolder => "wrong_holder",
            Reason::PaperRevoked => "paper_revoked",
            Reason::PaperExpired => "paper_expired",
            Reason::PaperNotYetValid => "paper_not_yet_valid",
        }
    }
}

/// The person an app was shown to belong to, as the authority attested.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    /// Identity claims (the ID number masks itself when displayed).
    pub identity: Identity,
    /// Assurance level.
    pub level: AssuranceLevel,
}

/// A genuine app, with what the officer may show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Genuine {
    /// Whose app it is.
    pub subject: Subject,
    /// Device-certificate serial.
    pub certificate_serial: Serial,
    /// When the QR was made.
    pub issued_at: UnixTime,
    /// When the QR stops being valid.
    pub expires_at: UnixTime,
    /// This token was seen before: a repeat scan, never shown as a fresh one.
    pub repeat: bool,
    /// Stale lists and the like.
    pub warnings: Vec<TrustWarning>,
    /// For a paper presentation (`VP1:`): the verified paper and the fields it discloses.
    /// `None` for an identity QR.
    pub paper: Option<DisclosedPaper>,
}

/// The result of a scan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every check passed.
    Genuine(Box<Genuine>),
    /// A check failed.
    Fake {
        /// Which one.
        reason: Reason,
    },
}

impl Verdict {
    /// Whether every check passed.
    pub fn is_genuine(&self) -> bool {
        matches!(self, Verdict::Genuine(_))
    }

    /// The reason, for a fake.
    pub fn reason(&self) -> Option<Reason> {
        match self {
            Verdict::Fake { reason } => Some(*reason),
            Verdict::Genuine(_) => None,
        }
    }

    fn fake(reason: Reason) -> Self {
        Verdict::Fake { reason }
    }
}

/// Remembers token ids (hashed) until their tokens expire, to flag a second scan as a repeat.
/// Bounded: entries leave when their token expires, and past `capacity` the soonest-expiring
/// are dropped (those tokens are about to fail as expired anyway).
#[derive(Debug)]
pub struct ReplayCache {
    seen: Mutex<HashMap<[u8; 32], UnixTime>>,
    capacity: usize,
}

impl Default for ReplayCache {
    fn default() -> Self {
        Self::with_capacity(100_000)
    }
}

impl ReplayCache {
    /// A cache holding at most `capacity` ids.
    pub fn with_capacity(capacity: usize) -> Self {
        ReplayCache {
            seen: Mutex::new(HashMap::new()),
            capacity: capacity.max(1),
        }
    }

    /// Records the id digest; returns whether it was already there.
    pub fn check_and_insert(
        &self,
        id_digest: [u8; 32],
        expires_at: UnixTime,
        now: UnixTime,
    ) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() >= self.capacity {
            seen.retain(|_, exp| *exp > now);
            while seen.len() >= self.capacity {
                let Some(victim) = seen.iter().min_by_key(|(_, e)| **e).map(|(k, _)| *k) else {
                    break;
                };
                seen.remove(&victim);
            }
        }
        seen.insert(id_digest, expires_at).is_some()
    }

    /// How many ids are held.
    pub fn len(&self) -> usize {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Whether none are held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What was scanned, verified, with the facts the audit log keeps.
#[derive(Clone, Debug)]
pub struct Checked {
    /// The verdict.
    pub verdict: Verdict,
    /// SHA-256 of the token id, when the token parsed.
    pub token_digest: Option<[u8; 32]>,
}

/// Verifies identity tokens against a trust store under a policy.
pub struct Verifier {
    store: TrustStore,
    policy: Policy,
    clock: Arc<dyn Clock>,
    replay: ReplayCache,
}

impl Verifier {
    /// A verifier over `store` (which may still be empty: verification then fails with
    /// [`Error::NoTrustList`]).
    pub fn new(store: TrustStore, policy: Policy, clock: Arc<dyn Clock>) -> Self {
        Verifier {
            store,
            policy,
            clock,
            replay: ReplayCache::default(),
        }
    }

    /// The trust store, to update its lists.
    pub fn store_mut(&mut self) -> &mut TrustStore {
        &mut self.store
    }

    /// The trust store.
    pub fn store(&self) -> &TrustStore {
        &self.store
    }

    /// The policy.
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// The replay cache (the audit log refills it after a restart).
    pub fn replay_cache(&self) -> &ReplayCache {
        &self.replay
    }

    /// The clock.
    pub fn now(&self) -> UnixTime {
        self.clock.now()
    }

    /// Verifies QR text. `Err` only when no trust list is loaded; every problem with the text
    /// itself is a [`Verdict::Fake`].
    pub fn verify_text(&self, text: &str) -> Result<Verdict> {
        Ok(self.check_text(text)?.verdict)
    }

    /// As [`Verifier::verify_text`], also returning the token-id digest for the audit log.
    pub fn check_text(&self, text: &str) -> Result<Checked> {
        self.store.lists()?;
        let bytes = match qrtext::decode(text) {
            Ok((Payload::Identity, b)) => b,
            Ok((Payload::Presentation, b)) => return self.check_presentation_bytes(&b),
            Err(Error::UnsupportedVersion { .. }) => {
                return Ok(fake_unparsed(Reason::UnsupportedVersion))
            }
            Err(_) => return Ok(fake_unparsed(Reason::Malformed)),
        };
        self.check_token_bytes(&bytes)
    }

    /// Verifies an identity token's bytes (the QR text decoded).
    pub fn check_token_bytes(&self, bytes: &[u8]) -> Result<Checked> {
        let now = self.clock.now();
        let Ok(token) = IdentityToken::parse(bytes) else {
            return Ok(fake_unparsed(Reason::Malformed));
        };
        let digest = token.id.digest();
        let verdict = match self.check_token(&token, now)? {
            Err(reason) => Verdict::fake(reason),
            Ok(()) => {
                let repeat = self.replay.check_and_insert(digest, token.expires_at, now);
                let claims = token.certificate.claims();
                Verdict::Genuine(Box::new(Genuine {
                    subject: Subject {
                        identity: claims.identity.clone(),
                        level: claims.level,
                    },
                    certificate_serial: claims.serial,
                    issued_at: token.issued_at,
                    expires_at: token.expires_at,
                    repeat,
                    warnings: self.store.warnings(now),
                    paper: None,
                }))
            }
        };
        Ok(Checked {
            verdict,
            token_digest: Some(digest),
        })
    }

    /// Verifies a paper presentation's bytes (a `VP1:` QR text decoded): the identity-token
    /// checks on the embedded certificate and the device signature, then the paper's issuer,
    /// disclosed digests, holder, revocation and validity (`docs/wallet-protocol.md` §4).
    pub fn check_presentation_bytes(&self, bytes: &[u8]) -> Result<Checked> {
        crate::wallet::presentation::check_presentation(self, bytes)
    }

    /// Every check on a parsed token; the first that fails gives the reason.
    fn check_token(&self, token: &IdentityToken, now: UnixTime) -> Result<Result<(), Reason>> {
        self.check_device_proof(
            &token.certificate,
            || token.verify_device_signature().is_ok(),
            (token.issued_at, token.expires_at),
            now,
        )
    }

    /// The device side of anything scanned (identity token or paper presentation): the
    /// certificate, then the device signature, level, revocation and the 60-second window.
    pub fn check_device_proof(
        &self,
        cert: &DeviceCertificate,
        device_signature_ok: impl FnOnce() -> bool,
        (issued_at, expires_at): (UnixTime, UnixTime),
        now: UnixTime,
    ) -> Result<Result<(), Reason>> {
        let p = &self.policy;
        if let Err(reason) = self.check_certificate(cert, KeyPurpose::DeviceCertificate, now)? {
            return Ok(Err(reason));
        }
        if !device_signature_ok() {
            return Ok(Err(Reason::BadSignature));
        }
        let claims = cert.claims();
        if claims.level < p.required_level {
            return Ok(Err(Reason::LevelTooLow));
        }
        let (_, revocation) = self.store.lists()?;
        if revocation.revoked.contains(&claims.serial) {
            return Ok(Err(Reason::Revoked));
        }
        Ok(check_window(issued_at, expires_at, now, p))
    }

    /// Issuer, issuer key, certificate signature and validity: shared by identity tokens and
    /// paper presentations (which embed the same certificate).
    pub fn check_certificate(
        &self,
        cert: &DeviceCertificate,
        purpose: KeyPurpose,
        now: UnixTime,
    ) -> Result<Result<(), Reason>> {
        let (trust, _) = self.store.lists()?;
        let Some(issuer) = trust.issuer(cert.issuer_kid()) else {
            return Ok(Err(Reason::UnknownIssuer));
        };
        let claims = cert.claims();
        // The tolerance for clocks that run behind applies to every not-before, issuer keys
        // included; ends of validity are strict.
        let tol = self.policy.clock_tolerance_secs;
        let key_in_force = issuer.not_before <= now.saturating_add(tol) && now < issuer.not_after;
        if issuer.purpose != purpose || !key_in_force || !issuer.valid_at(claims.not_before) {
            return Ok(Err(Reason::IssuerKeyNotValid));
        }
        if cert.verify_signature(&issuer.key).is_err() {
            return Ok(Err(Reason::BadSignature));
        }
        if claims.not_before > now.saturating_add(tol) {
            return Ok(Err(Reason::CertificateNotYetValid));
        }
        if now >= claims.expires_at {
            return Ok(Err(Reason::CertificateExpired));
        }
        Ok(Ok(()))
    }
}

/// The 60-second window: length, not-yet-valid (with tolerance), expired (strict).
pub fn check_window(
    issued_at: UnixTime,
    expires_at: UnixTime,
    now: UnixTime,
    p: &Policy,
) -> Result<(), Reason> {
    let length = expires_at.checked_sub(issued_at);
    if !length.is_some_and(|l| (0..=p.max_token_validity_secs).contains(&l)) {
        return Err(Reason::ValidityTooLong);
    }
    if issued_at > now.saturating_add(p.clock_tolerance_secs) {
        return Err(Reason::NotYetValid);
    }
    if now >= expires_at {
        return Err(Reason::TokenExpired);
    }
    Ok(())
}

fn fake_unparsed(reason: Reason) -> Checked {
    Checked {
        verdict: Verdict::fake(reason),
        token_digest: None,
    }
}
