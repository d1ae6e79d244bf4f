//! Who a citizen is: identity claims, the 12-digit personal ID number (masked by default) and
//! the account's assurance level.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// A 12-digit personal identification number (số định danh cá nhân).
///
/// `Display` and `Debug` show it masked (`***********5`, [`PersonalId::masked`]) so it cannot
/// reach a log or a screen in full by accident; [`PersonalId::reveal`] gives the digits when the
/// user asks for them. No QR carries it unless the citizen discloses it as a paper's field.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonalId(String);

impl PersonalId {
    /// Parses exactly 12 ASCII digits.
    pub fn new(s: &str) -> Result<Self> {
        if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(PersonalId(s.to_owned()))
        } else {
            Err(Error::InvalidPersonalId)
        }
    }

    /// From the integer the certificate carries (leading zeros restored).
    pub fn from_u64(n: u64) -> Result<Self> {
        if n > 999_999_999_999 {
            return Err(Error::InvalidPersonalId);
        }
        Ok(PersonalId(format!("{n:012}")))
    }

    /// As the integer carried on the wire (9 CBOR bytes instead of 13 for the text).
    pub fn to_u64(&self) -> u64 {
        self.0.parse().unwrap_or(0)
    }

    /// The full number. Only for a screen where the user has asked to see it.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// Masked by the project's one rule: every digit hidden but the last (`***********5`).
    ///
    /// Why so much: in the 12 digits, 1–3 are the province of birth registration (63 codes in
    /// use), 4 encodes sex and century and 5–6 the birth year — both known from a screen that
    /// shows the date of birth and sex — and 7–12 are a serial. Showing the first 3 and the last
    /// 3 digits (`001******345`) left 3 serial digits hidden: about 1,000 candidates. Showing
    /// only the last digit leaves 63 × 10⁵ ≈ 6.3 million candidates given name, date of birth
    /// and sex, and still 10⁵ if the province is guessed too (`docs/protocol.md` §2).
    pub fn masked(&self) -> String {
        self.masked_form().to_string()
    }

    /// The masked form a certificate carries: the last digit only.
    pub fn masked_form(&self) -> MaskedId {
        MaskedId {
            last_digit: self.0.as_bytes()[11] - b'0',
        }
    }
}

/// What may be shown of a personal ID number by default, and what a device certificate carries
/// of it: its last digit (see [`PersonalId::masked`] for the rule and the count).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MaskedId {
    last_digit: u8,
}

impl MaskedId {
    /// From the last digit (0–9).
    pub fn from_last_digit(d: u8) -> Result<Self> {
        if d <= 9 {
            Ok(MaskedId { last_digit: d })
        } else {
            Err(Error::InvalidPersonalId)
        }
    }

    /// The one digit shown.
    pub fn last_digit(self) -> u8 {
        self.last_digit
    }
}

impl fmt::Display for MaskedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "***********{}", self.last_digit)
    }
}

impl fmt::Debug for MaskedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MaskedId({self})")
    }
}

/// The definition of [`Role`] as a macro, so that the FFI crate declares the very same enum to
/// uniffi (`#[uniffi::remote(Enum)]`) from this one source.
#[doc(hidden)]
#[macro_export]
macro_rules! __vneid_role {
    ($(#[$m:meta])*) => {
        /// What an account's role is at the authority: a citizen, or an officer who may
        /// verify. It comes from the account (the authority's registration), never from the
        /// app.
        $(#[$m])*
        pub enum Role {
            /// Công dân.
            #[default]
            Citizen,
            /// Cán bộ: the officer screens.
            Officer,
        }
    };
}
__vneid_role!(#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]);

impl Role {
    /// `citizen` or `officer`.
    pub fn code(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Officer => "officer",
        }
    }
}

/// The identity claims a device certificate carries: no full personal ID number, only its
/// masked form, so a bystander's photo of the QR does not give it away.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertifiedIdentity {
    /// Full name as on the ID card.
    pub full_name: String,
    /// Date of birth.
    pub date_of_birth: NaiveDate,
    /// The personal ID number's masked form.
    pub masked_id: MaskedId,
}

impl fmt::Debug for CertifiedIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Debug output can end up in logs: no name, no birth date.
        f.debug_struct("CertifiedIdentity")
            .field("masked_id", &self.masked_id)
            .finish_non_exhaustive()
    }
}

impl CertifiedIdentity {
    /// Checks the name as [`Identity::new`] does.
    pub fn new(full_name: &str, date_of_birth: NaiveDate, masked_id: MaskedId) -> Result<Self> {
        let name = check_name(full_name)?;
        Ok(CertifiedIdentity {
            full_name: name.to_owned(),
            date_of_birth,
            masked_id,
        })
    }
}

impl fmt::Display for PersonalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for PersonalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonalId({})", self.masked())
    }
}

impl TryFrom<String> for PersonalId {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        PersonalId::new(&s)
    }
}

impl From<PersonalId> for String {
    fn from(p: PersonalId) -> String {
        p.0
    }
}

/// Electronic-identity assurance level (Decree 59/2022/ND-CP): level 1 is registered online,
/// level 2 in person with the chip ID card and a face check. Only level 2 counts as presenting
/// the papers, so only level 2 may turn on QR verification or act as an officer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum AssuranceLevel {
    /// Mức 1.
    Level1 = 1,
    /// Mức 2.
    Level2 = 2,
}

impl AssuranceLevel {
    /// The number (1 or 2).
    pub fn number(self) -> u8 {
        self as u8
    }
}

impl TryFrom<u8> for AssuranceLevel {
    type Error = Error;
    fn try_from(n: u8) -> Result<Self> {
        match n {
            1 => Ok(AssuranceLevel::Level1),
            2 => Ok(AssuranceLevel::Level2),
            _ => Err(Error::InvalidArgument(
                "assurance level must be 1 or 2".into(),
            )),
        }
    }
}

impl From<AssuranceLevel> for u8 {
    fn from(l: AssuranceLevel) -> u8 {
        l as u8
    }
}

/// The identity claims an authority attests in a device certificate.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// Full name as on the ID card (Vietnamese, UTF-8).
    pub full_name: String,
    /// Date of birth.
    pub date_of_birth: NaiveDate,
    /// Personal ID number.
    pub personal_id: PersonalId,
}

/// Whether `c` could change how the text around it reads on a screen: bidirectional overrides,
/// embeddings, isolates and marks (a name holding U+202E can make an officer's screen show
/// "GENUINE" where it should not), line and paragraph separators, zero-width characters and
/// the byte-order mark, and control characters.
pub fn is_deceptive_char(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2028}' | '\u{2029}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// `s` made safe to put on a screen: every [`is_deceptive_char`] replaced by U+FFFD. Issuance
/// refuses such characters already; this is for every string shown, whatever its source.
pub fn display_safe(s: &str) -> String {
    s.chars()
        .map(|c| if is_deceptive_char(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// Longest full name accepted, in bytes: keeps the QR small and bounds hostile input.
pub const MAX_NAME_BYTES: usize = 80;

impl Identity {
    /// Checks the claims are well formed.
    pub fn new(full_name: &str, date_of_birth: NaiveDate, personal_id: PersonalId) -> Result<Self> {
        let name = check_name(full_name)?;
        Ok(Identity {
            full_name: name.to_owned(),
            date_of_birth,
            personal_id,
        })
    }

    /// What a device certificate carries of it: the name, the date of birth and the masked ID.
    pub fn certified(&self) -> CertifiedIdentity {
        CertifiedIdentity {
            full_name: self.full_name.clone(),
            date_of_birth: self.date_of_birth,
            masked_id: self.personal_id.masked_form(),
        }
    }
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Debug output can end up in logs: no name, no birth date, masked number.
        f.debug_struct("Identity")
            .field("personal_id", &self.personal_id)
            .finish_non_exhaustive()
    }
}

/// A name trimmed and checked: 1..=[`MAX_NAME_BYTES`] bytes, no deceptive character.
fn check_name(full_name: &str) -> Result<&str> {
    let name = full_name.trim();
    if name.is_empty() || name.len() > MAX_NAME_BYTES || name.chars().any(is_deceptive_char) {
        return Err(Error::InvalidArgument(format!(
            "full name must be 1..={MAX_NAME_BYTES} bytes of printable text"
        )));
    }
    Ok(name)
}

/// Days since 1970-01-01 (the RFC 8943 "days" representation of a date).
pub fn date_to_days(d: NaiveDate) -> i64 {
    (d - NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")).num_days()
}

/// Inverse of [`date_to_days`].
pub fn days_to_date(days: i64) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|e| e.checked_add_signed(chrono::TimeDelta::try_days(days)?))
        .ok_or(Error::InvalidDate)
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| Error::InvalidDate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_id_is_masked_everywhere_by_default() {
        let id = PersonalId::new("001090012345").unwrap();
        assert_eq!(id.to_string(), "***********5");
        assert_eq!(format!("{id:?}"), "PersonalId(***********5)");
        assert_eq!(id.reveal(), "001090012345");
        let ident = Identity::new("Nguyễn Văn An", parse_date("1990-01-02").unwrap(), id).unwrap();
        let dbg = format!("{ident:?}");
        assert!(!dbg.contains("Nguyễn") && !dbg.contains("012345") && !dbg.contains("1990"));
    }

    #[test]
    fn personal_id_rejects_non_12_digits() {
        for bad in [
            "",
            "12345678901",
            "1234567890123",
            "00109001234a",
            "００１０９００１２３４５",
        ] {
            assert!(PersonalId::new(bad).is_err(), "{bad}");
        }
        assert!(PersonalId::from_u64(1_000_000_000_000).is_err());
    }

    #[test]
    fn personal_id_keeps_leading_zeros_through_u64() {
        let id = PersonalId::new("000000000042").unwrap();
        assert_eq!(PersonalId::from_u64(id.to_u64()).unwrap(), id);
    }

    #[test]
    fn dates_round_trip_through_days() {
        for s in ["1970-01-01", "1945-09-02", "2000-02-29", "2099-12-31"] {
            let d = parse_date(s).unwrap();
            assert_eq!(days_to_date(date_to_days(d)).unwrap(), d);
        }
        assert!(days_to_date(i64::MAX).is_err());
        assert!(parse_date("1990-13-01").is_err());
    }

    #[test]
    fn names_are_checked() {
        let d = parse_date("1990-01-02").unwrap();
        let id = PersonalId::new("001090012345").unwrap();
        assert!(Identity::new("  ", d, id.clone()).is_err());
        assert!(Identity::new("a\u{0}b", d, id.clone()).is_err());
        assert!(Identity::new(&"x".repeat(81), d, id.clone()).is_err());
        // Text that rearranges a screen: refused at issuance, neutralised on display.
        for bad in [
            "An \u{202E}ENIUNEG",
            "An\u{2028}GENUINE",
            "An\u{2066}x\u{2069}",
            "A\u{200B}n",
            "\u{FEFF}An",
        ] {
            assert!(Identity::new(bad, d, id.clone()).is_err(), "{bad:?}");
            let shown = display_safe(bad);
            assert!(!shown.chars().any(is_deceptive_char), "{shown:?}");
            assert!(shown.contains('\u{FFFD}'));
        }
        assert_eq!(display_safe("Nguyễn Văn An"), "Nguyễn Văn An");
        assert!(Identity::new("Nguyễn Văn An", d, id).is_ok());
    }
}
