//! The paper vocabulary the apps see: paper types and their fields, field values and views,
//! a paper's status and summary, and the paper an officer sees after a genuine scan — the
//! core's own types, declared to uniffi (`uniffi::remote`) from the core's one definition.

use chrono::NaiveDate;
use vneid_core::certificate::Serial;
use vneid_core::paper::PAPER_TYPES;
use vneid_core::wallet as core_wallet;

/// What a paper field holds.
pub type FieldKind = vneid_core::paper::FieldKind;

// The core's own types cross the FFI as they are (`uniffi::remote`): no copies to keep in step.
#[uniffi::remote(Enum)]
pub enum FieldKind {
    /// Text.
    Text,
    /// A date, shown `YYYY-MM-DD`.
    Date,
    /// A list of short texts (driving-licence classes), shown joined with `, `.
    List,
}

/// Whether a paper can be used now.
pub type PaperStatus = vneid_core::paper::PaperStatus;

#[uniffi::remote(Enum)]
pub enum PaperStatus {
    /// In its validity and not revoked ("Còn hiệu lực").
    Valid,
    /// Its validity has not started.
    NotYetValid,
    /// Its validity has ended.
    Expired,
    /// It is on the revocation list.
    Revoked,
}

/// Unix seconds, as the core's records carry them.
type UnixTime = i64;

// A paper's serial crosses as its 16 hex digits; a calendar date as `YYYY-MM-DD`.
uniffi::custom_type!(Serial, String, {
    remote,
    lower: |s| s.to_string(),
    try_lift: |s| Serial::from_hex(&s).map_err(|_| uniffi::deps::anyhow::anyhow!("a serial is 16 hex digits")),
});

uniffi::custom_type!(NaiveDate, String, {
    remote,
    lower: |d| d.format("%Y-%m-%d").to_string(),
    try_lift: |s| vneid_core::identity::parse_date(&s).map_err(|_| uniffi::deps::anyhow::anyhow!("a date is YYYY-MM-DD")),
});

/// A field's typed value.
pub type FieldValue = vneid_core::paper::FieldValue;

#[uniffi::remote(Enum)]
pub enum FieldValue {
    /// Text.
    Text(String),
    /// A calendar date (`YYYY-MM-DD`).
    Date(NaiveDate),
    /// A list of short texts.
    TextList(Vec<String>),
}

/// A field of a paper type: what the "choose what to show" screen lists.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct FieldSpec {
    /// Key used in the API (`date_of_birth`, `classes`, …).
    pub key: String,
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// What it holds.
    pub kind: FieldKind,
    /// It holds a personal ID number (shown masked unless the user asks).
    pub personal_id: bool,
}

/// A kind of paper this build knows.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PaperType {
    /// Type code (`cccd`, `gplx`, `bhyt`, `dkx`).
    pub code: String,
    /// Vietnamese name ("Giấy phép lái xe").
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Code of the issuing agency (`C06`, `C08`, `BHXH`).
    pub agency: String,
    /// A citizen holds at most one: a re-issue replaces it.
    pub single: bool,
    /// Its fields, in display order.
    pub fields: Vec<FieldSpec>,
}

/// Every paper type this build knows, with its fields.
#[uniffi::export]
pub fn paper_types() -> Vec<PaperType> {
    PAPER_TYPES
        .iter()
        .map(|t| PaperType {
            code: t.code.to_owned(),
            name_vi: t.name_vi.to_owned(),
            name_en: t.name_en.to_owned(),
            agency: t.agency.to_owned(),
            single: t.single,
            fields: t
                .fields
                .iter()
                .map(|f| FieldSpec {
                    key: f.key.to_owned(),
                    label_vi: f.label_vi.to_owned(),
                    label_en: f.label_en.to_owned(),
                    kind: f.kind,
                    personal_id: f.personal_id,
                })
                .collect(),
        })
        .collect()
}

/// A field ready for a screen.
pub type FieldView = vneid_core::paper::FieldView;
vneid_core::__vneid_field_view!(#[uniffi::remote(Record)]);

/// One line of the wallet list (tab Ví giấy tờ).
pub type PaperSummary = core_wallet::PaperSummary;
vneid_core::__vneid_paper_summary!(#[uniffi::remote(Record)]);

/// A paper as the officer sees it after a genuine scan of a presentation QR: type, agency,
/// serial, validity, and only the fields the citizen chose to disclose.
pub type DisclosedPaper = vneid_core::verdict::DisclosedPaper;
vneid_core::__vneid_disclosed_paper!(#[uniffi::remote(Record)]);
