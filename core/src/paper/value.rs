//! Field values: text, dates and lists of short texts, their size and character checks, and
//! their CBOR form.

use std::fmt;

use chrono::NaiveDate;
use ciborium::value::Value;

use super::catalogue::FieldKind;
use crate::identity::{date_to_days, days_to_date};
use crate::{Error, Result};

/// Longest text value (and longest list item), in bytes.
pub const MAX_TEXT_BYTES: usize = 200;
/// Most items in a list value.
pub const MAX_LIST_ITEMS: usize = 16;

/// A field's value.
#[derive(Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// Text.
    Text(String),
    /// A date.
    Date(NaiveDate),
    /// A list of texts.
    TextList(Vec<String>),
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
            FieldValue::TextList(_) => FieldKind::List,
        }
    }

    /// Plain text: dates as `YYYY-MM-DD`, lists joined with `, `. Not masked: see
    /// [`FieldView::text`] for what a screen shows.
    pub fn plain(&self) -> String {
        match self {
            FieldValue::Text(t) => t.clone(),
            FieldValue::Date(d) => d.format("%Y-%m-%d").to_string(),
            FieldValue::TextList(l) => l.join(", "),
        }
    }

    /// Parses plain text as a value of `kind` (the inverse of [`FieldValue::plain`]; lists
    /// are comma-separated).
    pub fn parse(kind: FieldKind, s: &str) -> Result<Self> {
        let v = match kind {
            FieldKind::Text => FieldValue::Text(s.trim().to_owned()),
            FieldKind::Date => FieldValue::Date(crate::identity::parse_date(s.trim())?),
            FieldKind::List => FieldValue::TextList(
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
    pub(crate) fn check(&self) -> Result<()> {
        let ok_text = |t: &str| {
            !t.is_empty()
                && t.len() <= MAX_TEXT_BYTES
                && !t.chars().any(crate::identity::is_deceptive_char)
        };
        let ok = match self {
            FieldValue::Text(t) => ok_text(t),
            FieldValue::Date(_) => true,
            FieldValue::TextList(l) => l.len() <= MAX_LIST_ITEMS && l.iter().all(|t| ok_text(t)),
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

    pub(crate) fn to_cbor(&self) -> Value {
        match self {
            FieldValue::Text(t) => Value::Text(t.clone()),
            FieldValue::Date(d) => date_to_days(*d).into(),
            FieldValue::TextList(l) => {
                Value::Array(l.iter().map(|t| Value::Text(t.clone())).collect())
            }
        }
    }

    /// Reads a value of `kind`; `None` if it has another shape or breaks a limit.
    pub(crate) fn from_cbor(kind: FieldKind, v: &Value) -> Option<Self> {
        let value = match (kind, v) {
            (FieldKind::Text, Value::Text(t)) => FieldValue::Text(t.clone()),
            (FieldKind::Date, Value::Integer(i)) => {
                FieldValue::Date(days_to_date(i64::try_from(*i).ok()?).ok()?)
            }
            (FieldKind::List, Value::Array(a)) => FieldValue::TextList(
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
