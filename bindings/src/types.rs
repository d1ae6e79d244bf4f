//! Records and enums shared by the citizen and officer sides: accounts, levels, verdicts.

use vneid_core::identity::{self, AssuranceLevel as CoreLevel, Identity, PersonalId};
use vneid_core::trust::TrustWarning as CoreWarning;
use vneid_core::verify::{Reason as CoreReason, Verdict as CoreVerdict};

use crate::error::{ApiError, ApiResult};
use crate::wallet::DisclosedPaper;

/// Electronic-identity assurance level (Decree 59/2022/ND-CP). Only level 2 may turn on QR
/// verification or act as an officer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum AssuranceLevel {
    /// Mức 1: registered online.
    Level1,
    /// Mức 2: registered in person with the chip ID card and a face check.
    Level2,
}

impl From<CoreLevel> for AssuranceLevel {
    fn from(l: CoreLevel) -> Self {
        match l {
            CoreLevel::Level1 => AssuranceLevel::Level1,
            CoreLevel::Level2 => AssuranceLevel::Level2,
        }
    }
}

impl From<AssuranceLevel> for CoreLevel {
    fn from(l: AssuranceLevel) -> Self {
        match l {
            AssuranceLevel::Level1 => CoreLevel::Level1,
            AssuranceLevel::Level2 => CoreLevel::Level2,
        }
    }
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Reason {
    /// Not a VNeID QR, or its content is damaged.
    Malformed,
    /// A VNeID QR of a format version this app cannot read: update the app.
    UnsupportedVersion,
    /// A signature (certificate or QR) does not verify: not the genuine app.
    BadSignature,
    /// The certificate's issuer is not in the trust list.
    UnknownIssuer,
    /// The issuer key is outside its validity or not for this purpose.
    IssuerKeyNotValid,
    /// The device certificate has expired: the citizen must sign in again.
    CertificateExpired,
    /// The device certificate is not valid yet.
    CertificateNotYetValid,
    /// The QR's 60 seconds are over: ask the citizen to create a new one.
    TokenExpired,
    /// The QR is dated in the future beyond the clock tolerance: check the phone's clock.
    NotYetValid,
    /// The QR claims a validity longer than 60 seconds.
    ValidityTooLong,
    /// The account is not level 2.
    LevelTooLow,
    /// The device has been revoked (e.g. the phone was reported stolen).
    Revoked,
    /// A paper's issuer signature does not verify: a forged paper.
    BadPaperSignature,
    /// A paper of a type this app does not know: update the app.
    UnknownPaperType,
    /// A paper signed by another agency than the one that issues its type.
    WrongAgency,
    /// A disclosed field's value was altered (it does not match the digest the issuer signed).
    BadDigest,
    /// The paper belongs to someone other than the app's holder.
    WrongHolder,
    /// The paper has been revoked.
    PaperRevoked,
    /// The paper's validity has ended.
    PaperExpired,
    /// The paper's validity has not started.
    PaperNotYetValid,
}

impl From<CoreReason> for Reason {
    fn from(r: CoreReason) -> Self {
        match r {
            CoreReason::Malformed => Reason::Malformed,
            CoreReason::UnsupportedVersion => Reason::UnsupportedVersion,
            CoreReason::BadSignature => Reason::BadSignature,
            CoreReason::UnknownIssuer => Reason::UnknownIssuer,
            CoreReason::IssuerKeyNotValid => Reason::IssuerKeyNotValid,
            CoreReason::CertificateExpired => Reason::CertificateExpired,
            CoreReason::CertificateNotYetValid => Reason::CertificateNotYetValid,
            CoreReason::TokenExpired => Reason::TokenExpired,
            CoreReason::NotYetValid => Reason::NotYetValid,
            CoreReason::ValidityTooLong => Reason::ValidityTooLong,
            CoreReason::LevelTooLow => Reason::LevelTooLow,
            CoreReason::Revoked => Reason::Revoked,
            CoreReason::BadPaperSignature => Reason::BadPaperSignature,
            CoreReason::UnknownPaperType => Reason::UnknownPaperType,
            CoreReason::WrongAgency => Reason::WrongAgency,
            CoreReason::BadDigest => Reason::BadDigest,
            CoreReason::WrongHolder => Reason::WrongHolder,
            CoreReason::PaperRevoked => Reason::PaperRevoked,
            CoreReason::PaperExpired => Reason::PaperExpired,
            CoreReason::PaperNotYetValid => Reason::PaperNotYetValid,
        }
    }
}

impl From<Reason> for CoreReason {
    fn from(r: Reason) -> Self {
        match r {
            Reason::Malformed => CoreReason::Malformed,
            Reason::UnsupportedVersion => CoreReason::UnsupportedVersion,
            Reason::BadSignature => CoreReason::BadSignature,
            Reason::UnknownIssuer => CoreReason::UnknownIssuer,
            Reason::IssuerKeyNotValid => CoreReason::IssuerKeyNotValid,
            Reason::CertificateExpired => CoreReason::CertificateExpired,
            Reason::CertificateNotYetValid => CoreReason::CertificateNotYetValid,
            Reason::TokenExpired => CoreReason::TokenExpired,
            Reason::NotYetValid => CoreReason::NotYetValid,
            Reason::ValidityTooLong => CoreReason::ValidityTooLong,
            Reason::LevelTooLow => CoreReason::LevelTooLow,
            Reason::Revoked => CoreReason::Revoked,
            Reason::BadPaperSignature => CoreReason::BadPaperSignature,
            Reason::UnknownPaperType => CoreReason::UnknownPaperType,
            Reason::WrongAgency => CoreReason::WrongAgency,
            Reason::BadDigest => CoreReason::BadDigest,
            Reason::WrongHolder => CoreReason::WrongHolder,
            Reason::PaperRevoked => CoreReason::PaperRevoked,
            Reason::PaperExpired => CoreReason::PaperExpired,
            Reason::PaperNotYetValid => CoreReason::PaperNotYetValid,
        }
    }
}

impl Reason {
    /// The reason with the stable code `code` (`token_expired`), if it is one.
    pub(crate) fn from_code(code: &str) -> Option<Self> {
        CoreReason::ALL
            .into_iter()
            .find(|r| r.code() == code)
            .map(Reason::from)
    }
}

/// Why a genuine verdict may still deserve a second look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum TrustWarning {
    /// The trust list is past its next update: connect to refresh it.
    TrustListStale,
    /// The revocation list is past its next update: a recent revocation may be missing.
    RevocationListStale,
}

impl From<CoreWarning> for TrustWarning {
    fn from(w: CoreWarning) -> Self {
        match w {
            CoreWarning::TrustListStale => TrustWarning::TrustListStale,
            CoreWarning::RevocationListStale => TrustWarning::RevocationListStale,
        }
    }
}

/// The person a genuine app belongs to, as the authority attested in its certificate: what
/// the officer's screen shows. The personal ID number is masked (`001******345`).
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
    pub(crate) fn from_core(identity: &Identity, level: CoreLevel) -> Self {
        Subject {
            full_name: identity.full_name.clone(),
            date_of_birth: identity.date_of_birth.to_string(),
            masked_personal_id: identity.personal_id.masked(),
            level: level.into(),
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
        /// Whose app it is.
        subject: Subject,
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
        /// For a wallet presentation QR (`VP1:`): the verified paper with the fields the
        /// citizen disclosed. `null`/`nil` for an identity QR.
        paper: Option<DisclosedPaper>,
    },
    /// A check failed.
    Fake {
        /// Which one.
        reason: Reason,
    },
}

impl From<CoreVerdict> for Verdict {
    fn from(v: CoreVerdict) -> Self {
        match v {
            CoreVerdict::Genuine(g) => Verdict::Genuine {
                subject: Subject::from_core(&g.subject.identity, g.subject.level),
                certificate_serial: g.certificate_serial.to_string(),
                issued_at: g.issued_at,
                expires_at: g.expires_at,
                repeat_scan: g.repeat,
                warnings: g.warnings.into_iter().map(Into::into).collect(),
                paper: g.paper.map(Into::into),
            },
            CoreVerdict::Fake { reason } => Verdict::Fake {
                reason: reason.into(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_round_trip_through_core_and_codes() {
        for r in CoreReason::ALL {
            let ours = Reason::from(r);
            assert_eq!(CoreReason::from(ours), r);
            assert_eq!(Reason::from_code(r.code()), Some(ours));
        }
        assert_eq!(Reason::from_code("nonsense"), None);
    }

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
        let s = Subject::from_core(&id, CoreLevel::Level2);
        assert_eq!(s.masked_personal_id, "001******345");
        assert_eq!(s.date_of_birth, "1990-01-02");
        assert_eq!(s.level, AssuranceLevel::Level2);
    }
}
