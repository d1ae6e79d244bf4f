//! The officer's verifier: QR text → [`Verdict`]. Fails closed: "genuine" only when every
//! check passed, and each failed check has its own [`Reason`].
//!
//! Order: parse → issuer in trust list → issuer key purpose and validity → certificate
//! signature → token signature → certificate validity → level → revocation → token window →
//! replay. Signatures are checked before any claim is believed, so a reason about a claim
//! (expired, revoked, level) is only ever given for signed data. A paper presentation (`VP2:`)
//! goes through the same device-side checks, then the paper's ([`presentation`]).

pub(crate) mod presentation;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::certificate::DeviceCertificate;
use crate::clock::{Clock, UnixTime};
use crate::identity::AssuranceLevel;
use crate::qrtext::{self, Payload};
use crate::token::{DeviceSigned, IdentityToken, TOKEN_VALIDITY_SECS};
use crate::trust::{KeyPurpose, TrustList, TrustStore, TrustedIssuer};
use crate::verdict::{Checked, Genuine, Reason, Unverifiable, Verdict};
use crate::{Error, Result};

/// The definition of [`Policy`] as a macro, so that the FFI crate declares the very same
/// record to uniffi (`#[uniffi::remote(Record)]`) from this one source.
#[doc(hidden)]
#[macro_export]
macro_rules! __vneid_policy {
    ($(#[$m:meta])*) => {
        /// The verifier's stated policy.
        $(#[$m])*
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
            /// How long past its `next_update` a trust or revocation list is still used (with a
            /// warning). Past it every scan is [`Verdict::CannotVerify`]: an officer offline for
            /// weeks must not pass a phone revoked since. Default 7 days.
            pub max_list_staleness_secs: i64,
            /// Accept devices enrolled under a development attestation policy (an emulator, a
            /// simulator): only for an officer's app that is itself a development build, for UI
            /// tests. Default false: such a device is fake (`development_device`).
            pub accept_development_devices: bool,
        }
    };
}
__vneid_policy!(#[derive(Clone, Copy, Debug, PartialEq, Eq)]);

impl Policy {
    /// Longest clock tolerance a policy may state: five minutes.
    pub const MAX_CLOCK_TOLERANCE_SECS: i64 = 300;
    /// Longest list staleness a policy may allow: 90 days.
    pub const MAX_LIST_STALENESS_SECS: i64 = 90 * 24 * 3600;

    /// Checks the policy is within its bounds: a tolerance of 0..=300 s, a validity of
    /// 1..=60 s (a QR valid longer than the seed texts' minute is never accepted), a list
    /// staleness of 0..=90 days.
    pub fn check(&self) -> Result<()> {
        if !(0..=Self::MAX_CLOCK_TOLERANCE_SECS).contains(&self.clock_tolerance_secs)
            || !(1..=TOKEN_VALIDITY_SECS).contains(&self.max_token_validity_secs)
            || !(0..=Self::MAX_LIST_STALENESS_SECS).contains(&self.max_list_staleness_secs)
        {
            return Err(Error::InvalidArgument(
                "policy: tolerance must be 0..=300 s, validity 1..=60 s, list staleness \
                 0..=90 days"
                    .into(),
            ));
        }
        Ok(())
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            clock_tolerance_secs: 5,
            max_token_validity_secs: TOKEN_VALIDITY_SECS,
            required_level: AssuranceLevel::Level2,
            max_list_staleness_secs: 7 * 24 * 3600,
            accept_development_devices: false,
        }
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

/// Verifies identity tokens and paper presentations against a trust store under a policy.
pub struct Verifier {
    store: TrustStore,
    policy: Policy,
    clock: Arc<dyn Clock>,
    replay: ReplayCache,
}

/// A check's outcome: `Err(reason)` for a fake; the outer `Result` only for a missing trust
/// list, which stops any verdict.
type Outcome<T = ()> = Result<std::result::Result<T, Reason>>;

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
        // Lists too old to trust: no verdict either way, whatever the QR holds.
        if self
            .store
            .too_old(self.clock.now(), self.policy.max_list_staleness_secs)
        {
            return Ok(Checked {
                verdict: Verdict::CannotVerify {
                    why: Unverifiable::ListsTooOld,
                },
                token_digest: None,
            });
        }
        match qrtext::decode(text) {
            Ok((Payload::Identity, b)) => self.check_token_bytes(&b),
            Ok((Payload::Presentation, b)) => self.check_presentation_bytes(&b),
            Err(Error::UnsupportedVersion { .. }) => {
                Ok(Checked::unparsed(Reason::UnsupportedVersion))
            }
            Err(_) => Ok(Checked::unparsed(Reason::Malformed)),
        }
    }

    /// Verifies an identity token's bytes (the QR text decoded).
    pub fn check_token_bytes(&self, bytes: &[u8]) -> Result<Checked> {
        let now = self.clock.now();
        let Ok(token) = IdentityToken::parse(bytes) else {
            return Ok(Checked::unparsed(Reason::Malformed));
        };
        let outcome = self
            .check_device_proof(&token, now)?
            .map(|()| Genuine::of_token(&token));
        Ok(self.conclude(token.replay_key(), token.expires_at, outcome, now))
    }

    /// Verifies a paper presentation's bytes (a `VP2:` QR text decoded): the paper's issuer,
    /// the disclosed fields against its tree root, the device signature under the key the
    /// paper was issued to, revocation of device and paper, the 60-second window and the
    /// paper's validity (`docs/wallet-protocol.md` §4).
    pub fn check_presentation_bytes(&self, bytes: &[u8]) -> Result<Checked> {
        presentation::check(self, bytes)
    }

    /// The verdict once every check ran: a fake with the first failed check's reason, or the
    /// genuine verdict (a repeat if the replay key was seen; the lists' warnings), for identity
    /// tokens and paper presentations alike.
    fn conclude(
        &self,
        replay_key: [u8; 32],
        expires_at: UnixTime,
        outcome: std::result::Result<Genuine, Reason>,
        now: UnixTime,
    ) -> Checked {
        let verdict = match outcome {
            Err(reason) => Verdict::fake(reason),
            Ok(mut g) => {
                g.repeat = self.replay.check_and_insert(replay_key, expires_at, now);
                g.warnings = self.store.warnings(now);
                Verdict::Genuine(Box::new(g))
            }
        };
        Checked {
            verdict,
            token_digest: Some(replay_key),
        }
    }

    /// The device side of an identity token: the certificate, then the device signature,
    /// level, revocation and the 60-second window.
    fn check_device_proof(&self, envelope: &DeviceSigned, now: UnixTime) -> Outcome {
        let p = &self.policy;
        let cert = &envelope.certificate;
        if let Err(reason) = self.check_certificate(cert, now)? {
            return Ok(Err(reason));
        }
        if envelope.verify_device_signature().is_err() {
            return Ok(Err(Reason::BadSignature));
        }
        let claims = cert.claims();
        if claims.level < p.required_level {
            return Ok(Err(Reason::LevelTooLow));
        }
        if claims.development && !p.accept_development_devices {
            return Ok(Err(Reason::DevelopmentDevice));
        }
        let (_, revocation) = self.store.lists()?;
        if revocation.revoked.contains(&claims.serial) {
            return Ok(Err(Reason::Revoked));
        }
        Ok(check_window(
            envelope.issued_at,
            envelope.expires_at,
            now,
            p,
        ))
    }

    /// Issuer, issuer key, certificate signature and validity.
    fn check_certificate(&self, cert: &DeviceCertificate, now: UnixTime) -> Outcome {
        let claims = cert.claims();
        let (trust, _) = self.store.lists()?;
        let tol = self.policy.clock_tolerance_secs;
        let purpose = KeyPurpose::DeviceCertificate;
        let issuer = match issuer_key(
            trust,
            cert.issuer_kid(),
            purpose,
            claims.not_before,
            now,
            tol,
        ) {
            Ok(i) => i,
            Err(r) => return Ok(Err(r)),
        };
        if cert.verify_signature(&issuer.key).is_err() {
            return Ok(Err(Reason::BadSignature));
        }
        if claims.not_before > now.saturating_add(self.policy.clock_tolerance_secs) {
            return Ok(Err(Reason::CertificateNotYetValid));
        }
        if now >= claims.expires_at {
            return Ok(Err(Reason::CertificateExpired));
        }
        Ok(Ok(()))
    }
}

/// The one issuer-key check, for device certificates and papers alike: the `kid` is in the
/// trust list ([`Reason::UnknownIssuer`]); the key is for `purpose`, in force at `now` and was
/// valid when it signed, at `signed_at` ([`Reason::IssuerKeyNotValid`]). `tolerance` is for
/// clocks that run behind and applies to every not-before; ends of validity are strict.
pub(crate) fn issuer_key<'t>(
    trust: &'t TrustList,
    kid: &[u8],
    purpose: KeyPurpose,
    signed_at: UnixTime,
    now: UnixTime,
    tolerance: i64,
) -> std::result::Result<&'t TrustedIssuer, Reason> {
    let issuer = trust.issuer(kid).ok_or(Reason::UnknownIssuer)?;
    let in_force = issuer.not_before <= now.saturating_add(tolerance) && now < issuer.not_after;
    if issuer.purpose != purpose || !in_force || !issuer.valid_at(signed_at) {
        return Err(Reason::IssuerKeyNotValid);
    }
    Ok(issuer)
}

/// The 60-second window: length, not-yet-valid (with tolerance), expired (strict).
pub(crate) fn check_window(
    issued_at: UnixTime,
    expires_at: UnixTime,
    now: UnixTime,
    p: &Policy,
) -> std::result::Result<(), Reason> {
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
