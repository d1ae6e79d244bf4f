//! Records and enums shared by the citizen and officer sides: accounts, levels, verdicts.

use vneid_core::identity::{self, CertifiedIdentity, Identity, PersonalId};
use vneid_core::verdict::Verdict as CoreVerdict;

use crate::error::{ApiError, ApiResult};
use crate::papers::DisclosedPaper;

/// Electronic-identity assurance level (Decree 59/2022/ND-CP). Only level 2 may turn on QR
/// verification or act as an officer.
pub type AssuranceLevel = vneid_core::identity::AssuranceLevel;

// The core's own enums cross the FFI as they are (`uniffi::remote`): no copies to keep in step.
#[uniffi::remote(Enum)]
pub enum AssuranceLevel {
    /// Mức 1: registered online.
    Level1,
    /// Mức 2: registered in person with the chip ID card and a face check.
    Level2,
}

/// Builds core identity claims from the strings an app holds.
pub(crate) fn identity(
    full_name: &str,
    date_of_birth: &str,
    personal_id: &str,
) -> ApiResult<Identity> {
    let dob = identity::parse_date(date_of_birth)
        .map_err(|_| ApiError::invalid("date of birth must be YYYY-MM-DD"))?;
    Ok(Identity::new(
        full_name,
        dob,
        PersonalId::new(personal_id)?,
    )?)
}

/// Why a scanned QR is fake: one reason per check the verifier makes.
pub type Reason = vneid_core::verdict::Reason;
vneid_core::__vneid_reason!(#[uniffi::remote(Enum)]);

/// Why a genuine verdict may still deserve a second look.
pub type TrustWarning = vneid_core::trust::TrustWarning;

#[uniffi::remote(Enum)]
pub enum TrustWarning {
    /// The trust list is past its next update: connect to refresh it.
    TrustListStale,
    /// The revocation list is past its next update: a recent revocation may be missing.
    RevocationListStale,
}

/// The person a genuine app belongs to, as the authority attested in its certificate: what
/// the officer's screen shows. The personal ID number is masked (`***********5`).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Subject {
    /// Full name as on the ID card.
    pub full_name: String,
    /// Date of birth, ISO 8601 (`1990-01-02`).
    pub date_of_birth: String,
    /// The 12-digit personal ID number with its middle six digits hidden.
    pub masked_personal_id: String,
    /// Account level (2 for any genuine verdict under the default policy).
    pub level: AssuranceLevel,
}

impl Subject {
    pub(crate) fn from_core(identity: &CertifiedIdentity, level: AssuranceLevel) -> Self {
        Subject {
            full_name: vneid_core::identity::display_safe(&identity.full_name),
            date_of_birth: identity.date_of_birth.to_string(),
            masked_personal_id: identity.masked_id.to_string(),
            level,
        }
    }
}

/// The answer to a scan: genuine (every check passed) or fake (one reason).
// A value that crosses the FFI once per scan; uniffi cannot carry a Box, so the size stays.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Verdict {
    /// Every check passed: the QR was made just now by the genuine app of this person.
    Genuine {
        /// Whose app it is, from its certificate (an identity QR). `null`/`nil` for a paper
        /// presentation: it carries no certificate, and what it shows of its holder is what
        /// the citizen disclosed.
        subject: Option<Subject>,
        /// The device certificate's serial, 16 hex digits.
        certificate_serial: String,
        /// When the QR was made (Unix seconds).
        issued_at: i64,
        /// When it stops being valid (Unix seconds), 60 s after `issued_at`.
        expires_at: i64,
        /// This QR was scanned before: show it as a repeat, never as a fresh scan.
        repeat_scan: bool,
        /// Stale lists and the like: show them under the verdict.
        warnings: Vec<TrustWarning>,
        /// For a wallet presentation QR (`VP2:`): the verified paper with the fields the
        /// citizen disclosed. `null`/`nil` for an identity QR.
        paper: Option<DisclosedPaper>,
    },
    /// A check failed.
    Fake {
        /// Which one.
        reason: Reason,
    },
    /// Neither genuine nor fake: the app cannot tell ("KHÔNG THỂ XÁC MINH — CANNOT VERIFY:
    /// update the lists"). Show it as its own state, never as either verdict.
    CannotVerify {
        /// Why.
        why: Unverifiable,
    },
}

/// Why a scan can be neither genuine nor fake.
pub type Unverifiable = vneid_core::verdict::Unverifiable;

#[uniffi::remote(Enum)]
pub enum Unverifiable {
    /// The trust or revocation list is more than the policy's staleness limit past its next
    /// update (7 days by default): connect and update the lists.
    ListsTooOld,
}

impl From<CoreVerdict> for Verdict {
    fn from(v: CoreVerdict) -> Self {
        match v {
            CoreVerdict::Genuine(g) => Verdict::Genuine {
                subject: g
                    .subject
                    .as_ref()
                    .map(|s| Subject::from_core(&s.identity, s.level)),
                certificate_serial: g.certificate_serial.to_string(),
                issued_at: g.issued_at,
                expires_at: g.expires_at,
                repeat_scan: g.repeat,
                warnings: g.warnings,
                paper: g.paper,
            },
            CoreVerdict::Fake { reason } => Verdict::Fake { reason },
            CoreVerdict::CannotVerify { why } => Verdict::CannotVerify { why },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_strings_are_checked() {
        assert!(identity("Nguyễn Văn An", "1990-01-02", "001090012345").is_ok());
        assert!(matches!(
            identity("Nguyễn Văn An", "02/01/1990", "001090012345"),
            Err(ApiError::InvalidInput { .. })
        ));
        assert!(matches!(
            identity("Nguyễn Văn An", "1990-01-02", "12345"),
            Err(ApiError::InvalidInput { .. })
        ));
        assert!(identity("", "1990-01-02", "001090012345").is_err());
    }

    #[test]
    fn subjects_show_the_id_masked() {
        let id = identity("Nguyễn Văn An", "1990-01-02", "001090012345").unwrap();
        let s = Subject::from_core(&id.certified(), AssuranceLevel::Level2);
        assert_eq!(s.masked_personal_id, "***********5");
        assert_eq!(s.date_of_birth, "1990-01-02");
        assert_eq!(s.level, AssuranceLevel::Level2);
    }
}
