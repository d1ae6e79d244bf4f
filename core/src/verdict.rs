//! The verdict vocabulary shared by the verifier, the audit log, the apps and the FFI: why a
//! scan is fake ([`Reason`]), what a genuine one shows ([`Genuine`], [`Subject`],
//! [`DisclosedPaper`]), and the [`Verdict`] itself.

use std::fmt;

use crate::certificate::Serial;
use crate::clock::UnixTime;
use crate::identity::{AssuranceLevel, CertifiedIdentity};
use crate::paper::{FieldView, Mso, PaperType};
use crate::presentation::Presentation;
use crate::token::DeviceSigned;
use crate::trust::TrustWarning;

/// The definition of [`Reason`] as a macro, so that the FFI crate declares the very same
/// item to uniffi (`#[uniffi::remote(..)]`) from this one source: no copy to keep in step.
#[doc(hidden)]
#[macro_export]
macro_rules! __vneid_reason {
    ($(#[$m:meta])*) => {
        /// Why a scan is fake. One reason per check.
        $(#[$m])*
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
            /// The device was enrolled under a development attestation policy (an emulator, a
            /// simulator) and this verifier's policy is not a development one.
            DevelopmentDevice,
        }
    };
}
__vneid_reason!(#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]);

impl Reason {
    /// Every reason, for tables and tests.
    pub const ALL: [Reason; 21] = [
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
        Reason::DevelopmentDevice,
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
            Reason::DevelopmentDevice => "development_device",
        }
    }

    /// The reason with this stable code, if it is one.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The key of its words in the strings table (`reason.token_expired`).
    pub fn string_key(self) -> String {
        format!("reason.{}", self.code())
    }
}

/// The person an app was shown to belong to, as the authority attested.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    /// Identity claims: name, date of birth, the ID number's masked form only.
    pub identity: CertifiedIdentity,
    /// Assurance level.
    pub level: AssuranceLevel,
}

/// A genuine app, with what the officer may show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Genuine {
    /// Whose app it is, from the device certificate an identity QR carries. `None` for a paper
    /// presentation, which carries no certificate: what it shows of its holder is what the
    /// citizen disclosed.
    pub subject: Option<Subject>,
    /// Device-certificate serial (for a paper, the serial of the device it was issued to).
    pub certificate_serial: Serial,
    /// When the QR was made.
    pub issued_at: UnixTime,
    /// When the QR stops being valid.
    pub expires_at: UnixTime,
    /// This token was seen before: a repeat scan, never shown as a fresh one.
    pub repeat: bool,
    /// Stale lists and the like.
    pub warnings: Vec<TrustWarning>,
    /// For a paper presentation (`VP2:`): the verified paper and the fields it discloses.
    /// `None` for an identity QR.
    pub paper: Option<DisclosedPaper>,
}

impl Genuine {
    /// What a verified identity token shows: whose app it is, from its certificate, and the
    /// QR's window (the verifier adds `repeat` and `warnings`).
    pub(crate) fn of_token(token: &DeviceSigned) -> Self {
        let claims = token.certificate.claims();
        Genuine {
            subject: Some(Subject {
                identity: claims.identity.clone(),
                level: claims.level,
            }),
            certificate_serial: claims.serial,
            issued_at: token.issued_at,
            expires_at: token.expires_at,
            repeat: false,
            warnings: Vec::new(),
            paper: None,
        }
    }

    /// What a verified paper presentation shows: the paper and its disclosed fields.
    pub(crate) fn of_paper(p: &Presentation, paper: DisclosedPaper) -> Self {
        Genuine {
            subject: None,
            certificate_serial: p.paper.mso.holder.device_serial,
            issued_at: p.issued_at,
            expires_at: p.expires_at,
            repeat: false,
            warnings: Vec::new(),
            paper: Some(paper),
        }
    }
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
    /// Neither genuine nor fake: the officer's app cannot tell ("CANNOT VERIFY — update the
    /// lists"). Never shown as either.
    CannotVerify {
        /// Why.
        why: Unverifiable,
    },
}

/// Why a scan can be neither genuine nor fake.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unverifiable {
    /// A trust or revocation list is older than the policy allows past its `next_update`: a
    /// stolen phone revoked since might pass. Update the lists.
    ListsTooOld,
}

impl Unverifiable {
    /// A stable machine code (`lists_too_old`), used in JSON and logs.
    pub fn code(self) -> &'static str {
        match self {
            Unverifiable::ListsTooOld => "lists_too_old",
        }
    }

    /// The key of its words in the strings table.
    pub fn string_key(self) -> String {
        format!("verdict.cannot_verify.{}", self.code())
    }
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
            Verdict::Genuine(_) | Verdict::CannotVerify { .. } => None,
        }
    }

    pub(crate) fn fake(reason: Reason) -> Self {
        Verdict::Fake { reason }
    }
}

/// What was scanned, verified, with the facts the audit log keeps.
#[derive(Clone, Debug)]
pub struct Checked {
    /// The verdict.
    pub verdict: Verdict,
    /// The scan's replay key (SHA-256 of the certificate serial and the token id), when the
    /// token parsed.
    pub token_digest: Option<[u8; 32]>,
}

/// The definition of [`DisclosedPaper`] as a macro, so that the FFI crate declares the very same
/// item to uniffi (`#[uniffi::remote(..)]`) from this one source: no copy to keep in step.
#[doc(hidden)]
#[macro_export]
macro_rules! __vneid_disclosed_paper {
    ($(#[$m:meta])*) => {
        /// What the officer sees of a verified paper: type, agency, serial, validity and the disclosed
        /// fields with labels, in the type's order.
        $(#[$m])*
        pub struct DisclosedPaper {
            /// Type code, e.g. `gplx`.
            pub type_code: String,
            /// Vietnamese name of the type.
            pub name_vi: String,
            /// English name of the type.
            pub name_en: String,
            /// Agency code, e.g. `C08`.
            pub agency: String,
            /// Vietnamese name of the agency.
            pub agency_name_vi: String,
            /// English name of the agency.
            pub agency_name_en: String,
            /// Paper serial.
            pub serial: Serial,
            /// Start of validity.
            pub valid_from: UnixTime,
            /// End of validity, exclusive.
            pub valid_until: UnixTime,
            /// Disclosed fields (personal ID numbers mask themselves when shown).
            pub fields: Vec<FieldView>,
        }
    };
}
__vneid_disclosed_paper!(#[derive(Clone, PartialEq, Eq)]);

impl DisclosedPaper {
    /// What the officer sees of a verified paper of type `ty`: its names, its agency's, and
    /// the disclosed `fields`.
    pub(crate) fn of(ty: &PaperType, mso: &Mso, fields: Vec<FieldView>) -> Self {
        let agency = ty.agency();
        DisclosedPaper {
            type_code: ty.code.to_owned(),
            name_vi: ty.name_vi.to_owned(),
            name_en: ty.name_en.to_owned(),
            agency: ty.agency.to_owned(),
            agency_name_vi: agency.map(|a| a.name_vi).unwrap_or_default().to_owned(),
            agency_name_en: agency.map(|a| a.name_en).unwrap_or_default().to_owned(),
            serial: mso.serial,
            valid_from: mso.valid_from,
            valid_until: mso.valid_until,
            fields,
        }
    }
}

impl fmt::Debug for DisclosedPaper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DisclosedPaper")
            .field("type_code", &self.type_code)
            .field("serial", &self.serial)
            .field("fields", &self.fields)
            .finish_non_exhaustive()
    }
}

impl Checked {
    /// A fake verdict for input that did not even parse (no token id to log).
    pub(crate) fn unparsed(reason: Reason) -> Self {
        Checked {
            verdict: Verdict::fake(reason),
            token_digest: None,
        }
    }
}
