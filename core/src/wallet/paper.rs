//! Papers: typed, issuer-signed credentials with selective disclosure.
//!
//! A paper type is data ([`PaperType`] in [`PAPER_TYPES`]): a code, names, the issuing agency
//! and a list of fields, each with a stable wire id, labels and a kind. A new type is one more
//! entry in the table.
//!
//! The issuer does not sign the field values themselves. It signs a *mobile security object*
//! (MSO, the ISO/IEC 18013-5 idea): the paper's type, serial, holder, validity and, for each
//! field, `SHA-256(CBOR [salt, field id, value])` with a fresh 16-byte random salt. The holder
//! keeps the values and the salts, and later discloses only the fields it chooses: the digests
//! of the others reveal nothing, and a disclosed value cannot be changed without changing its
//! digest.
//!
//! Byte layout: `docs/wallet-protocol.md` §2.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use ciborium::value::Value;
use coset::CoseSign1;

use crate::certificate::Serial;
use crate::clock::UnixTime;
use crate::cose::{self, entry, MapReader};
use crate::identity::{date_to_days, days_to_date, PersonalId};
use crate::keys::{sha256, Signer};
use crate::trust::{KeyPurpose, RevocationList, TrustList};
use crate::verify::Reason;
use crate::{Error, Result};

/// Largest issuer-signed paper (COSE_Sign1 over the MSO) accepted, checked before parsing.
pub const MAX_PAPER_BYTES: usize = 2048;
/// Largest stored paper (issuer-signed part plus values and salts).
pub const MAX_HELD_PAPER_BYTES: usize = 8192;
/// Most fields a paper may have.
pub const MAX_FIELDS: usize = 32;
/// Longest text value (and longest list item), in bytes.
pub const MAX_TEXT_BYTES: usize = 200;
/// Most items in a list value.
pub const MAX_LIST_ITEMS: usize = 16;
/// Length of a per-field salt (ISO/IEC 18013-5 §9.1.2.5 asks for at least 16 bytes).
pub const SALT_LEN: usize = 16;
/// MSO format version.
pub const MSO_VERSION: u64 = 1;

// Keys of the MSO map.
const MSO_V: i64 = 1;
const MSO_TYPE: i64 = 2;
const MSO_SERIAL: i64 = 3;
const MSO_HOLDER: i64 = 4;
const MSO_SIGNED_AT: i64 = 5;
const MSO_VALID_FROM: i64 = 6;
const MSO_VALID_UNTIL: i64 = 7;
const MSO_DIGESTS: i64 = 8;

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// UTF-8 text.
    Text,
    /// A calendar date (CBOR: days since 1970-01-01, as in the device certificate).
    Date,
    /// A list of short texts, e.g. driving-licence classes.
    List,
}

impl FieldKind {
    /// `text`, `date` or `list`.
    pub fn code(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Date => "date",
            FieldKind::List => "list",
        }
    }
}

/// One field of a paper type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// Wire id, stable for the type (never renumbered, never reused).
    pub id: u8,
    /// Key used in APIs and the CLI, e.g. `date_of_birth`.
    pub key: &'static str,
    /// Vietnamese label.
    pub label_vi: &'static str,
    /// English label.
    pub label_en: &'static str,
    /// What it holds.
    pub kind: FieldKind,
    /// It holds a personal ID number: shown masked unless the user asks.
    pub personal_id: bool,
}

/// A kind of paper: a row of data, not code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaperType {
    /// Short code on the wire and in the CLI, e.g. `gplx`.
    pub code: &'static str,
    /// Vietnamese name.
    pub name_vi: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Code of the agency whose paper issuer must sign it (see
    /// [`crate::authority::PAPER_AGENCIES`]).
    pub agency: &'static str,
    /// A citizen holds at most one (a re-issued one replaces it in the wallet).
    pub single: bool,
    /// Fields, in display order.
    pub fields: &'static [FieldSpec],
}

impl PaperType {
    /// The field with this key.
    pub fn field(&self, key: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The field with this wire id.
    pub fn field_by_id(&self, id: u8) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.id == id)
    }

    /// The agency's names.
    pub fn agency(&self) -> Option<crate::authority::Agency> {
        crate::authority::agency(self.agency)
    }
}

const fn field(
    id: u8,
    key: &'static str,
    label_vi: &'static str,
    label_en: &'static str,
    kind: FieldKind,
) -> FieldSpec {
    FieldSpec {
        id,
        key,
        label_vi,
        label_en,
        kind,
        personal_id: false,
    }
}

use FieldKind::{Date, List, Text};

const CCCD_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        personal_id: true,
        ..field(
            1,
            "number",
            "Số định danh cá nhân",
            "Personal ID number",
            Text,
        )
    },
    field(2, "full_name", "Họ, chữ đệm và tên", "Full name", Text),
    field(3, "date_of_birth", "Ngày sinh", "Date of birth", Date),
    field(4, "sex", "Giới tính", "Sex", Text),
    field(5, "nationality", "Quốc tịch", "Nationality", Text),
    field(6, "place_of_origin", "Quê quán", "Place of origin", Text),
    field(
        7,
        "place_of_residence",
        "Nơi thường trú",
        "Place of residence",
        Text,
    ),
    field(8, "issue_date", "Ngày cấp", "Date of issue", Date),
    field(9, "expiry_date", "Có giá trị đến", "Date of expiry", Date),
    field(
        10,
        "issuing_authority",
        "Nơi cấp",
        "Issuing authority",
        Text,
    ),
];

const GPLX_FIELDS: &[FieldSpec] = &[
    field(1, "number", "Số giấy phép", "Licence number", Text),
    field(2, "full_name", "Họ và tên", "Full name", Text),
    field(3, "date_of_birth", "Ngày sinh", "Date of birth", Date),
    field(4, "classes", "Hạng", "Classes", List),
    field(5, "issue_date", "Ngày cấp", "Date of issue", Date),
    field(6, "expiry_date", "Có giá trị đến", "Date of expiry", Date),
];

const BHYT_FIELDS: &[FieldSpec] = &[
    field(1, "card_number", "Mã số thẻ", "Card number", Text),
    field(2, "full_name", "Họ và tên", "Full name", Text),
    field(3, "date_of_birth", "Ngày sinh", "Date of birth", Date),
    field(
        4,
        "initial_hospital",
        "Nơi đăng ký khám chữa bệnh ban đầu",
        "Initial registered hospital",
        Text,
    ),
    field(5, "valid_from", "Giá trị sử dụng từ", "Valid from", Date),
    field(6, "valid_until", "Giá trị sử dụng đến", "Valid until", Date),
];

const DKX_FIELDS: &[FieldSpec] = &[
    field(1, "plate", "Biển số đăng ký", "Plate number", Text),
    field(2, "owner", "Tên chủ xe", "Owner", Text),
    field(3, "brand", "Nhãn hiệu", "Brand", Text),
    field(4, "model", "Số loại", "Model", Text),
    field(5, "colour", "Màu sơn", "Colour", Text),
    field(6, "frame_number", "Số khung", "Frame number", Text),
    field(7, "engine_number", "Số máy", "Engine number", Text),
    field(
        8,
        "registration_date",
        "Ngày đăng ký",
        "Registration date",
        Date,
    ),
];

/// The paper types this build knows.
pub const PAPER_TYPES: [PaperType; 4] = [
    PaperType {
        code: "cccd",
        name_vi: "Căn cước công dân",
        name_en: "Citizen identity card",
        agency: "C06",
        single: true,
        fields: CCCD_FIELDS,
    },
    PaperType {
        code: "gplx",
        name_vi: "Giấy phép lái xe",
        name_en: "Driving licence",
        agency: "C08",
        single: true,
        fields: GPLX_FIELDS,
    },
    PaperType {
        code: "bhyt",
        name_vi: "Thẻ bảo hiểm y tế",
        name_en: "Health insurance card",
        agency: "BHXH",
        single: true,
        fields: BHYT_FIELDS,
    },
    PaperType {
        code: "dkx",
        name_vi: "Giấy chứng nhận đăng ký xe",
        name_en: "Vehicle registration certificate",
        agency: "C08",
        single: false,
        fields: DKX_FIELDS,
    },
];

/// Looks a paper type up by code.
pub fn paper_type(code: &str) -> Option<&'static PaperType> {
    PAPER_TYPES.iter().find(|t| t.code == code)
}

/// A field's value.
#[derive(Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// Text.
    Text(String),
    /// A date.
    Date(NaiveDate),
    /// A list of texts.
    List(Vec<String>),
}

impl fmt::Debug for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values are personal data: Debug (which reaches logs) shows only the kind.
        write!(f, "FieldValue::{}(…)", self.kind().code())
    }
}

impl FieldValue {
    /// Its kind.
    pub fn kind(&self) -> FieldKind {
        match self {
            FieldValue::Text(_) => FieldKind::Text,
            FieldValue::Date(_) => FieldKind::Date,
            FieldValue::List(_) => FieldKind::List,
        }
    }

    /// Plain text: dates as `YYYY-MM-DD`, lists joined with `, `. Not masked: see
    /// [`FieldView::text`] for what a screen shows.
    pub fn plain(&self) -> String {
        match self {
            FieldValue::Text(t) => t.clone(),
            FieldValue::Date(d) => d.format("%Y-%m-%d").to_string(),
            FieldValue::List(l) => l.join(", "),
        }
    }

    /// Parses plain text as a value of `kind` (the inverse of [`FieldValue::plain`]; lists
    /// are comma-separated).
    pub fn parse(kind: FieldKind, s: &str) -> Result<Self> {
        let v = match kind {
            FieldKind::Text => FieldValue::Text(s.trim().to_owned()),
            FieldKind::Date => FieldValue::Date(crate::identity::parse_date(s.trim())?),
            FieldKind::List => FieldValue::List(
                s.split(',')
                    .map(|x| x.trim().to_owned())
                    .filter(|x| !x.is_empty())
                    .collect(),
            ),
        };
        v.check()?;
        Ok(v)
    }

    /// Size and character checks.
    fn check(&self) -> Result<()> {
        let ok_text = |t: &str| {
            !t.is_empty() && t.len() <= MAX_TEXT_BYTES && !t.chars().any(char::is_control)
        };
        let ok = match self {
            FieldValue::Text(t) => ok_text(t),
            FieldValue::Date(_) => true,
            FieldValue::List(l) => l.len() <= MAX_LIST_ITEMS && l.iter().all(|t| ok_text(t)),
        };
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidArgument(format!(
                "field values must be 1..={MAX_TEXT_BYTES} bytes of printable text, lists at most \
                 {MAX_LIST_ITEMS} items"
            )))
        }
    }

    fn to_cbor(&self) -> Value {
        match self {
            FieldValue::Text(t) => Value::Text(t.clone()),
            FieldValue::Date(d) => date_to_days(*d).into(),
            FieldValue::List(l) => Value::Array(l.iter().map(|t| Value::Text(t.clone())).collect()),
        }
    }

    /// Reads a value of `kind`; `None` if it has another shape or breaks a limit.
    fn from_cbor(kind: FieldKind, v: &Value) -> Option<Self> {
        let value = match (kind, v) {
            (FieldKind::Text, Value::Text(t)) => FieldValue::Text(t.clone()),
            (FieldKind::Date, Value::Integer(i)) => {
                FieldValue::Date(days_to_date(i64::try_from(*i).ok()?).ok()?)
            }
            (FieldKind::List, Value::Array(a)) => FieldValue::List(
                a.iter()
                    .map(|x| match x {
                        Value::Text(t) => Some(t.clone()),
                        _ => None,
                    })
                    .collect::<Option<_>>()?,
            ),
            _ => return None,
        };
        value.check().ok()?;
        Some(value)
    }
}

/// The digest the issuer signs for one field: `SHA-256(CBOR [salt, id, value])`.
pub fn field_digest(salt: &[u8; SALT_LEN], id: u8, value: &Value) -> Result<[u8; 32]> {
    let item = Value::Array(vec![
        Value::Bytes(salt.to_vec()),
        u64::from(id).into(),
        value.clone(),
    ]);
    Ok(sha256(&cose::to_cbor(&item)?))
}

/// The signed content of a paper (the MSO).
#[derive(Clone, PartialEq, Eq)]
pub struct Mso {
    /// Paper type code.
    pub type_code: String,
    /// Paper serial (the revocation list may name it).
    pub serial: Serial,
    /// The holder's personal ID number: the binding to the device certificate's subject.
    pub holder: PersonalId,
    /// When the issuer signed it.
    pub signed_at: UnixTime,
    /// Start of validity.
    pub valid_from: UnixTime,
    /// End of validity, exclusive.
    pub valid_until: UnixTime,
    /// Field id → digest, ids strictly increasing.
    pub digests: Vec<(u8, [u8; 32])>,
}

impl fmt::Debug for Mso {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mso")
            .field("type_code", &self.type_code)
            .field("serial", &self.serial)
            .field("holder", &self.holder)
            .field("valid_from", &self.valid_from)
            .field("valid_until", &self.valid_until)
            .finish_non_exhaustive()
    }
}

impl Mso {
    fn to_cbor(&self) -> Result<Vec<u8>> {
        let digests = self
            .digests
            .iter()
            .map(|(id, d)| (Value::from(u64::from(*id)), Value::Bytes(d.to_vec())))
            .collect();
        cose::to_cbor(&Value::Map(vec![
            entry(MSO_V, MSO_VERSION),
            entry(MSO_TYPE, self.type_code.as_str()),
            entry(MSO_SERIAL, self.serial.0.to_vec()),
            entry(MSO_HOLDER, self.holder.to_u64()),
            entry(MSO_SIGNED_AT, self.signed_at),
            entry(MSO_VALID_FROM, self.valid_from),
            entry(MSO_VALID_UNTIL, self.valid_until),
            entry(MSO_DIGESTS, Value::Map(digests)),
        ]))
    }

    fn from_cbor(bytes: &[u8]) -> Result<Self> {
        const WHAT: &str = "paper MSO";
        let bad = || Error::malformed(WHAT);
        let mut m = MapReader::new(cose::from_cbor(bytes, MAX_PAPER_BYTES, WHAT)?, WHAT)?;
        if m.uint(MSO_V)? != MSO_VERSION {
            return Err(Error::UnsupportedVersion { what: WHAT });
        }
        let type_code = m.text(MSO_TYPE)?;
        if type_code.is_empty() || type_code.len() > 16 {
            return Err(bad());
        }
        let serial = Serial::from_slice(&m.bytes(MSO_SERIAL)?).map_err(|_| bad())?;
        let holder = PersonalId::from_u64(m.uint(MSO_HOLDER)?).map_err(|_| bad())?;
        let signed_at = m.int(MSO_SIGNED_AT)?;
        let valid_from = m.int(MSO_VALID_FROM)?;
        let valid_until = m.int(MSO_VALID_UNTIL)?;
        let Value::Map(raw) = m.req(MSO_DIGESTS)? else {
            return Err(bad());
        };
        m.finish()?;
        if raw.len() > MAX_FIELDS || valid_from >= valid_until {
            return Err(bad());
        }
        let mut digests: Vec<(u8, [u8; 32])> = Vec::with_capacity(raw.len());
        for (k, v) in raw {
            let id = u8::try_from(cose::int(&k, WHAT)?).map_err(|_| bad())?;
            let Value::Bytes(d) = v else {
                return Err(bad());
            };
            let d: [u8; 32] = d.as_slice().try_into().map_err(|_| bad())?;
            // Canonical order: strictly increasing ids, so no id appears twice.
            if digests.last().is_some_and(|(last, _)| *last >= id) {
                return Err(bad());
            }
            digests.push((id, d));
        }
        Ok(Mso {
            type_code,
            serial,
            holder,
            signed_at,
            valid_from,
            valid_until,
            digests,
        })
    }

    /// The digest for a field id.
    pub fn digest(&self, id: u8) -> Option<&[u8; 32]> {
        self.digests.iter().find(|(i, _)| *i == id).map(|(_, d)| d)
    }
}

/// An issuer-signed MSO, parsed but not verified.
#[derive(Clone)]
pub struct SignedMso {
    /// The MSO (believe it only after [`SignedMso::check_issuer`]).
    pub mso: Mso,
    kid: Vec<u8>,
    sign1: CoseSign1,
    bytes: Vec<u8>,
}

impl fmt::Debug for SignedMso {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedMso")
            .field("mso", &self.mso)
            .field("kid", &crate::hex(&self.kid))
            .finish_non_exhaustive()
    }
}

impl SignedMso {
    /// Signs an MSO with the issuer key (COSE_Sign1, ES256, `kid` in the protected header).
    fn sign(mso: Mso, kid: &[u8], issuer: &dyn Signer) -> Result<Self> {
        let sign1 = cose::sign1(cose::header_with_kid(kid), mso.to_cbor()?, issuer)?;
        let bytes = cose::encode_sign1(sign1.clone(), false)?;
        Ok(SignedMso {
            mso,
            kid: kid.to_vec(),
            sign1,
            bytes,
        })
    }

    /// Parses (does not verify).
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        const WHAT: &str = "issuer-signed paper";
        let sign1 = cose::parse_sign1(bytes, MAX_PAPER_BYTES, WHAT)?;
        let kid = sign1.protected.header.key_id.clone();
        if kid.is_empty() || !sign1.unprotected.is_empty() {
            return Err(Error::malformed(WHAT));
        }
        let payload = sign1.payload.as_deref().ok_or(Error::malformed(WHAT))?;
        let mso = Mso::from_cbor(payload)?;
        Ok(SignedMso {
            mso,
            kid,
            sign1,
            bytes: bytes.to_vec(),
        })
    }

    /// The issuer key id.
    pub fn issuer_kid(&self) -> &[u8] {
        &self.kid
    }

    /// The signed bytes.
    pub fn to_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The issuer checks, in order, each with its own reason: the `kid` is in the trust list
    /// ([`Reason::UnknownIssuer`]); the key is a paper key, in force now (`tolerance` seconds
    /// of slack on its start) and was valid when it signed ([`Reason::IssuerKeyNotValid`]); the
    /// signature verifies ([`Reason::BadPaperSignature`]); the type is known
    /// ([`Reason::UnknownPaperType`]); the key belongs to the agency that issues that type
    /// ([`Reason::WrongAgency`]). Returns the paper type.
    pub fn check_issuer(
        &self,
        trust: &TrustList,
        now: UnixTime,
        tolerance: i64,
    ) -> std::result::Result<&'static PaperType, Reason> {
        let issuer = trust.issuer(&self.kid).ok_or(Reason::UnknownIssuer)?;
        let in_force = issuer.not_before <= now.saturating_add(tolerance) && now < issuer.not_after;
        if issuer.purpose != KeyPurpose::Paper || !in_force || !issuer.valid_at(self.mso.signed_at)
        {
            return Err(Reason::IssuerKeyNotValid);
        }
        cose::verify1(&self.sign1, &issuer.key).map_err(|_| Reason::BadPaperSignature)?;
        let ty = paper_type(&self.mso.type_code).ok_or(Reason::UnknownPaperType)?;
        if issuer.agency != ty.agency {
            return Err(Reason::WrongAgency);
        }
        Ok(ty)
    }
}

/// What an issuer puts on a paper, before signing.
#[derive(Clone)]
pub struct PaperContent {
    /// Paper type code (see [`PAPER_TYPES`]).
    pub type_code: String,
    /// Serial number (8 bytes, random in production).
    pub serial: Serial,
    /// The holder's personal ID number.
    pub holder: PersonalId,
    /// Start of validity.
    pub valid_from: UnixTime,
    /// End of validity, exclusive.
    pub valid_until: UnixTime,
    /// Field key → value; any subset of the type's fields, in any order.
    pub fields: Vec<(String, FieldValue)>,
}

impl fmt::Debug for PaperContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaperContent")
            .field("type_code", &self.type_code)
            .field("serial", &self.serial)
            .field("holder", &self.holder)
            .finish_non_exhaustive()
    }
}

/// A field the holder keeps: value and salt.
#[derive(Clone, PartialEq, Eq)]
pub struct HeldField {
    /// The field's description.
    pub spec: &'static FieldSpec,
    /// Its value.
    pub value: FieldValue,
    /// The salt its digest was made with.
    pub salt: [u8; SALT_LEN],
}

impl fmt::Debug for HeldField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HeldField({})", self.spec.key)
    }
}

/// A paper as its holder keeps it: the issuer-signed MSO, and every field's value and salt.
#[derive(Clone)]
pub struct Paper {
    ty: &'static PaperType,
    signed: SignedMso,
    fields: Vec<HeldField>,
}

impl fmt::Debug for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paper")
            .field("type", &self.ty.code)
            .field("serial", &self.signed.mso.serial)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Paper {
    fn eq(&self, other: &Self) -> bool {
        self.signed.bytes == other.signed.bytes && self.fields == other.fields
    }
}

impl Eq for Paper {}

/// Whether a paper can be used at a given time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PaperStatus {
    /// In its validity window and not revoked.
    Valid,
    /// Its validity has not started.
    NotYetValid,
    /// Its validity has ended.
    Expired,
    /// Its serial is on the revocation list.
    Revoked,
}

impl PaperStatus {
    /// `valid`, `not_yet_valid`, `expired`, `revoked`.
    pub fn code(self) -> &'static str {
        match self {
            PaperStatus::Valid => "valid",
            PaperStatus::NotYetValid => "not_yet_valid",
            PaperStatus::Expired => "expired",
            PaperStatus::Revoked => "revoked",
        }
    }

    /// The key of its words in the strings table.
    pub fn string_key(self) -> String {
        format!("paper.status.{}", self.code())
    }
}

impl Paper {
    /// Issues a paper: fresh random salts, digests, the MSO signed by the issuer key.
    pub fn issue(
        content: &PaperContent,
        issuer_kid: &[u8],
        issuer: &dyn Signer,
        signed_at: UnixTime,
    ) -> Result<Self> {
        let salts = (0..content.fields.len())
            .map(|_| {
                let mut s = [0u8; SALT_LEN];
                crate::keys::random_bytes(&mut s)?;
                Ok(s)
            })
            .collect::<Result<Vec<_>>>()?;
        Self::issue_with_salts(content, issuer_kid, issuer, signed_at, &salts)
    }

    /// As [`Paper::issue`] with given salts, one per entry of `content.fields` in that order
    /// (deterministic fixtures; production uses random salts).
    pub fn issue_with_salts(
        content: &PaperContent,
        issuer_kid: &[u8],
        issuer: &dyn Signer,
        signed_at: UnixTime,
        salts: &[[u8; SALT_LEN]],
    ) -> Result<Self> {
        let ty = paper_type(&content.type_code)
            .ok_or_else(|| Error::InvalidArgument("unknown paper type".into()))?;
        if salts.len() != content.fields.len() {
            return Err(Error::InvalidArgument("one salt per field".into()));
        }
        if content.valid_from >= content.valid_until {
            return Err(Error::InvalidArgument(
                "a paper's validity must end after it starts".into(),
            ));
        }
        let mut fields = Vec::with_capacity(content.fields.len());
        for ((key, value), salt) in content.fields.iter().zip(salts) {
            let spec = ty
                .field(key)
                .ok_or_else(|| Error::InvalidArgument(format!("{} has no field {key}", ty.code)))?;
            if value.kind() != spec.kind {
                return Err(Error::InvalidArgument(format!(
                    "field {key} holds a {}",
                    spec.kind.code()
                )));
            }
            value.check()?;
            if fields.iter().any(|f: &HeldField| f.spec.id == spec.id) {
                return Err(Error::InvalidArgument(format!("field {key} given twice")));
            }
            fields.push(HeldField {
                spec,
                value: value.clone(),
                salt: *salt,
            });
        }
        fields.sort_by_key(|f| f.spec.id);
        let digests = fields
            .iter()
            .map(|f| {
                Ok((
                    f.spec.id,
                    field_digest(&f.salt, f.spec.id, &f.value.to_cbor())?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let mso = Mso {
            type_code: ty.code.to_owned(),
            serial: content.serial,
            holder: content.holder.clone(),
            signed_at,
            valid_from: content.valid_from,
            valid_until: content.valid_until,
            digests,
        };
        let signed = SignedMso::sign(mso, issuer_kid, issuer)?;
        Ok(Paper { ty, signed, fields })
    }

    /// Puts a paper together from its issuer-signed part and the held values and salts
    /// (`(field id, value, salt)`), checking that the type is known, every value has its
    /// field's kind and matches its signed digest, and every signed digest has its value.
    /// Does not check the issuer signature (that needs a trust list: [`Paper::check_issuer`]).
    pub fn from_parts(
        issuer_signed: &[u8],
        held: Vec<(u8, FieldValue, [u8; SALT_LEN])>,
    ) -> Result<Self> {
        let signed = SignedMso::parse(issuer_signed)?;
        let ty = paper_type(&signed.mso.type_code).ok_or(Error::NotFound { what: "paper type" })?;
        const WHAT: &str = "paper";
        if held.len() != signed.mso.digests.len() {
            return Err(Error::Untrusted { what: WHAT });
        }
        let mut fields = Vec::with_capacity(held.len());
        for (id, value, salt) in held {
            let spec = ty.field_by_id(id).ok_or(Error::malformed(WHAT))?;
            let digest = signed
                .mso
                .digest(id)
                .ok_or(Error::Untrusted { what: WHAT })?;
            if value.kind() != spec.kind
                || field_digest(&salt, id, &value.to_cbor())? != *digest
                || fields.iter().any(|f: &HeldField| f.spec.id == id)
            {
                return Err(Error::Untrusted { what: WHAT });
            }
            fields.push(HeldField { spec, value, salt });
        }
        fields.sort_by_key(|f| f.spec.id);
        Ok(Paper { ty, signed, fields })
    }

    /// Serialises for storage: CBOR `[issuer-signed bstr, [[id, value, salt], …]]`.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let held = self
            .fields
            .iter()
            .map(|f| {
                Value::Array(vec![
                    u64::from(f.spec.id).into(),
                    f.value.to_cbor(),
                    Value::Bytes(f.salt.to_vec()),
                ])
            })
            .collect();
        cose::to_cbor(&Value::Array(vec![
            Value::Bytes(self.signed.bytes.clone()),
            Value::Array(held),
        ]))
    }

    /// Inverse of [`Paper::to_bytes`], with the checks of [`Paper::from_parts`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        const WHAT: &str = "stored paper";
        let bad = || Error::malformed(WHAT);
        let Value::Array(parts) = cose::from_cbor(bytes, MAX_HELD_PAPER_BYTES, WHAT)? else {
            return Err(bad());
        };
        let [Value::Bytes(signed), Value::Array(held)] =
            <[Value; 2]>::try_from(parts).map_err(|_| bad())?
        else {
            return Err(bad());
        };
        if held.len() > MAX_FIELDS {
            return Err(bad());
        }
        let ty = paper_type(&SignedMso::parse(&signed)?.mso.type_code).ok_or(bad())?;
        let held = held
            .into_iter()
            .map(|h| parse_disclosure(h, ty).ok_or_else(bad))
            .collect::<Result<Vec<_>>>()?;
        Self::from_parts(&signed, held)
    }

    /// The paper's type.
    pub fn paper_type(&self) -> &'static PaperType {
        self.ty
    }

    /// The signed MSO.
    pub fn mso(&self) -> &Mso {
        &self.signed.mso
    }

    /// The issuer-signed part.
    pub fn signed(&self) -> &SignedMso {
        &self.signed
    }

    /// Serial number.
    pub fn serial(&self) -> Serial {
        self.signed.mso.serial
    }

    /// The holder's personal ID number (masked when displayed).
    pub fn holder(&self) -> &PersonalId {
        &self.signed.mso.holder
    }

    /// Start of validity.
    pub fn valid_from(&self) -> UnixTime {
        self.signed.mso.valid_from
    }

    /// End of validity, exclusive.
    pub fn valid_until(&self) -> UnixTime {
        self.signed.mso.valid_until
    }

    /// The fields, in the type's id order.
    pub fn fields(&self) -> &[HeldField] {
        &self.fields
    }

    /// A field's value by key.
    pub fn value(&self, key: &str) -> Option<&FieldValue> {
        self.fields
            .iter()
            .find(|f| f.spec.key == key)
            .map(|f| &f.value)
    }

    /// Status at `now`: revoked (if a revocation list is given and names the serial), not yet
    /// valid, expired, or valid.
    pub fn status(&self, now: UnixTime, revocation: Option<&RevocationList>) -> PaperStatus {
        if revocation.is_some_and(|r| r.revoked.contains(&self.serial())) {
            PaperStatus::Revoked
        } else if now < self.valid_from() {
            PaperStatus::NotYetValid
        } else if now >= self.valid_until() {
            PaperStatus::Expired
        } else {
            PaperStatus::Valid
        }
    }

    /// The issuer checks of [`SignedMso::check_issuer`] against a trust list, no tolerance.
    pub fn check_issuer(
        &self,
        trust: &TrustList,
        now: UnixTime,
    ) -> std::result::Result<(), Reason> {
        self.signed.check_issuer(trust, now, 0).map(|_| ())
    }

    /// Field views in display order (the ID number masks itself when shown).
    pub fn views(&self) -> Vec<FieldView> {
        self.fields
            .iter()
            .map(|f| FieldView::new(f.spec, f.value.clone()))
            .collect()
    }
}

/// Reads `[id, value, salt]`: id of a field of `ty`, value of that field's kind, 16-byte salt.
pub(crate) fn parse_disclosure(
    v: Value,
    ty: &PaperType,
) -> Option<(u8, FieldValue, [u8; SALT_LEN])> {
    let Value::Array(a) = v else { return None };
    let [id, value, Value::Bytes(salt)] = <[Value; 3]>::try_from(a).ok()? else {
        return None;
    };
    let id = u8::try_from(cose::int(&id, "disclosure").ok()?).ok()?;
    let spec = ty.field_by_id(id)?;
    let value = FieldValue::from_cbor(spec.kind, &value)?;
    Some((id, value, salt.as_slice().try_into().ok()?))
}

/// Encodes `[id, value, salt]`.
pub(crate) fn disclosure(f: &HeldField) -> Value {
    Value::Array(vec![
        u64::from(f.spec.id).into(),
        f.value.to_cbor(),
        Value::Bytes(f.salt.to_vec()),
    ])
}

/// Checks a disclosed value against the signed digest.
pub(crate) fn digest_matches(mso: &Mso, id: u8, value: &FieldValue, salt: &[u8; SALT_LEN]) -> bool {
    match (mso.digest(id), field_digest(salt, id, &value.to_cbor())) {
        // Both digests are public (one is in the MSO): no need for a constant-time compare.
        (Some(d), Ok(c)) => *d == c,
        _ => false,
    }
}

/// A field ready for a screen: key, labels in both languages, and the value. The personal ID
/// number is masked unless [`FieldView::revealed_text`] is asked for.
#[derive(Clone, PartialEq, Eq)]
pub struct FieldView {
    /// Field key.
    pub key: String,
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// Kind.
    pub kind: FieldKind,
    /// Holds a personal ID number (masked by default).
    pub personal_id: bool,
    value: FieldValue,
}

impl fmt::Debug for FieldView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FieldView({})", self.key)
    }
}

impl fmt::Display for FieldView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl FieldView {
    /// A view of `value` under `spec`.
    pub fn new(spec: &FieldSpec, value: FieldValue) -> Self {
        FieldView {
            key: spec.key.to_owned(),
            label_vi: spec.label_vi.to_owned(),
            label_en: spec.label_en.to_owned(),
            kind: spec.kind,
            personal_id: spec.personal_id,
            value,
        }
    }

    /// What a screen shows by default: the value, with a personal ID number masked.
    pub fn text(&self) -> String {
        let plain = self.value.plain();
        if !self.personal_id {
            return plain;
        }
        match PersonalId::new(&plain) {
            Ok(id) => id.masked(),
            Err(_) => mask_text(&plain),
        }
    }

    /// The full value, for a screen where the user asked to see it.
    pub fn revealed_text(&self) -> String {
        self.value.plain()
    }

    /// The typed value (unmasked: for machine use, e.g. comparing a date).
    pub fn value(&self) -> &FieldValue {
        &self.value
    }

    /// "vi / en" label.
    pub fn label(&self) -> String {
        format!("{} / {}", self.label_vi, self.label_en)
    }
}

/// Keeps the first and last 3 characters, hides the rest.
fn mask_text(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 6 {
        return "*".repeat(chars.len());
    }
    let n = chars.len();
    chars[..3]
        .iter()
        .chain(std::iter::repeat_n(&'*', n - 6))
        .chain(&chars[n - 3..])
        .collect()
}

/// Midnight at the start of `date` in Vietnam (UTC+7), as a Unix time.
pub fn vn_midnight(date: NaiveDate) -> UnixTime {
    date_to_days(date) * 86_400 - 7 * 3600
}

/// The calendar date in Vietnam (UTC+7) at `t`.
pub fn vn_date(t: UnixTime) -> Result<NaiveDate> {
    days_to_date((t + 7 * 3600).div_euclid(86_400))
}

/// `date` moved by whole years (29 February becomes 1 March).
pub fn add_years(date: NaiveDate, years: i32) -> Result<NaiveDate> {
    let y = date.year() + years;
    date.with_year(y)
        .or_else(|| NaiveDate::from_ymd_opt(y, 3, 1))
        .ok_or(Error::InvalidDate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::SoftwareSigner;

    pub(crate) fn content() -> PaperContent {
        PaperContent {
            type_code: "gplx".into(),
            serial: Serial([9; 8]),
            holder: PersonalId::new("001090012345").unwrap(),
            valid_from: 1_700_000_000,
            valid_until: 1_900_000_000,
            fields: vec![
                (
                    "classes".into(),
                    FieldValue::List(vec!["A1".into(), "B2".into()]),
                ),
                ("number".into(), FieldValue::Text("790123456789".into())),
                (
                    "expiry_date".into(),
                    FieldValue::Date(NaiveDate::from_ymd_opt(2030, 1, 2).unwrap()),
                ),
            ],
        }
    }

    #[test]
    fn every_type_is_well_formed() {
        let mut codes = std::collections::HashSet::new();
        for t in PAPER_TYPES {
            assert!(codes.insert(t.code));
            assert!(crate::authority::agency(t.agency).is_some(), "{}", t.code);
            assert!(!t.name_vi.is_empty() && !t.name_en.is_empty());
            assert!(t.fields.len() <= MAX_FIELDS);
            let mut ids = std::collections::HashSet::new();
            let mut keys = std::collections::HashSet::new();
            for f in t.fields {
                assert!(
                    ids.insert(f.id) && keys.insert(f.key),
                    "{}.{}",
                    t.code,
                    f.key
                );
                assert!(!f.label_vi.is_empty() && !f.label_en.is_empty());
            }
        }
        assert_eq!(paper_type("cccd").unwrap().agency, "C06");
        assert_eq!(paper_type("gplx").unwrap().agency, "C08");
        assert_eq!(paper_type("dkx").unwrap().agency, "C08");
        assert_eq!(paper_type("bhyt").unwrap().agency, "BHXH");
        assert!(
            paper_type("cccd")
                .unwrap()
                .field("number")
                .unwrap()
                .personal_id
        );
    }

    #[test]
    fn issue_store_and_read_back() {
        let k = SoftwareSigner::generate().unwrap();
        let p = Paper::issue(&content(), b"kid", &k, 1_700_000_000).unwrap();
        // Sorted by id.
        let keys: Vec<_> = p.fields().iter().map(|f| f.spec.key).collect();
        assert_eq!(keys, ["number", "classes", "expiry_date"]);
        let back = Paper::from_bytes(&p.to_bytes().unwrap()).unwrap();
        assert_eq!(back, p);
        assert_eq!(back.value("classes").unwrap().plain(), "A1, B2");
        // Every truncation is a typed error.
        let bytes = p.to_bytes().unwrap();
        for n in 0..bytes.len() {
            assert!(Paper::from_bytes(&bytes[..n]).is_err());
        }
    }

    #[test]
    fn held_values_must_match_their_digests() {
        let k = SoftwareSigner::generate().unwrap();
        let p = Paper::issue(&content(), b"kid", &k, 1_700_000_000).unwrap();
        let held = |f: &HeldField| (f.spec.id, f.value.clone(), f.salt);
        let mut h: Vec<_> = p.fields().iter().map(held).collect();
        h[0].1 = FieldValue::Text("790123456780".into());
        assert!(Paper::from_parts(p.signed().to_bytes(), h).is_err());
        let mut h: Vec<_> = p.fields().iter().map(held).collect();
        h[0].2[0] ^= 1;
        assert!(Paper::from_parts(p.signed().to_bytes(), h).is_err());
        let mut h: Vec<_> = p.fields().iter().map(held).collect();
        h.pop();
        assert!(Paper::from_parts(p.signed().to_bytes(), h).is_err());
    }

    #[test]
    fn bad_content_is_refused() {
        let k = SoftwareSigner::generate().unwrap();
        let mut c = content();
        c.fields
            .push(("colour".into(), FieldValue::Text("red".into())));
        assert!(Paper::issue(&c, b"k", &k, 0).is_err());
        let mut c = content();
        c.fields[0].1 = FieldValue::Text("A1".into());
        assert!(Paper::issue(&c, b"k", &k, 0).is_err());
        let mut c = content();
        c.fields
            .push(("number".into(), FieldValue::Text("1".into())));
        assert!(Paper::issue(&c, b"k", &k, 0).is_err());
        let mut c = content();
        c.valid_until = c.valid_from;
        assert!(Paper::issue(&c, b"k", &k, 0).is_err());
        let mut c = content();
        c.fields[1].1 = FieldValue::Text("x".repeat(MAX_TEXT_BYTES + 1));
        assert!(Paper::issue(&c, b"k", &k, 0).is_err());
        let mut c = content();
        c.type_code = "passport".into();
        assert!(Paper::issue(&c, b"k", &k, 0).is_err());
    }

    #[test]
    fn personal_id_fields_are_masked_by_default() {
        let spec = paper_type("cccd").unwrap().field("number").unwrap();
        let v = FieldView::new(spec, FieldValue::Text("001090012345".into()));
        assert_eq!(v.text(), "001******345");
        assert_eq!(v.to_string(), "001******345");
        assert_eq!(v.revealed_text(), "001090012345");
        assert!(!format!("{v:?}").contains("090012"));
        assert_eq!(mask_text("AB1234567"), "AB1***567");
        assert_eq!(
            format!("{:?}", FieldValue::Text("secret".into())),
            "FieldValue::text(…)"
        );
    }

    #[test]
    fn dates_in_vietnam() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let t = vn_midnight(d);
        assert_eq!(crate::clock::rfc3339(t), "2026-11-22T17:00:00Z");
        assert_eq!(vn_date(t).unwrap(), d);
        assert_eq!(vn_date(t - 1).unwrap(), d.pred_opt().unwrap());
        let leap = NaiveDate::from_ymd_opt(2000, 2, 29).unwrap();
        assert_eq!(
            add_years(leap, 25).unwrap(),
            NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()
        );
    }
}
