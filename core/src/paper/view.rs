//! A field ready for a screen: labels in both languages, the value as text, personal ID
//! numbers masked unless revealed on request.

use std::fmt;

use super::catalogue::{FieldKind, FieldSpec};
use super::value::FieldValue;
use crate::identity::PersonalId;

/// The definition of [`FieldView`] as a macro, so that the FFI crate declares the very same
/// item to uniffi (`#[uniffi::remote(..)]`) from this one source: no copy to keep in step.
#[doc(hidden)]
#[macro_export]
macro_rules! __vneid_field_view {
    ($(#[$m:meta])*) => {
        /// A field ready for a screen: key, labels in both languages, the value as the screen shows it
        /// by default (a personal ID number masked) and in full (for when the user asks), and the
        /// typed value. Plain data, so the apps get it as it is.
        $(#[$m])*
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
            /// What a screen shows by default: the value, a personal ID number masked.
            pub text: String,
            /// The full value as text, for a screen where the user asked to see it.
            pub revealed_text: String,
            /// The typed value (unmasked: for machine use, e.g. comparing a date).
            pub value: FieldValue,
        }
    };
}
__vneid_field_view!(#[derive(Clone, PartialEq, Eq)]);

impl fmt::Debug for FieldView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FieldView({})", self.key)
    }
}

impl fmt::Display for FieldView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FieldView {
    /// A view of `value` under `spec`.
    pub fn new(spec: &FieldSpec, value: FieldValue) -> Self {
        // Shown text never carries characters that rearrange a screen, whatever signed it.
        let revealed_text = crate::identity::display_safe(&value.plain());
        let text = if !spec.personal_id {
            revealed_text.clone()
        } else {
            match PersonalId::new(&revealed_text) {
                Ok(id) => id.masked(),
                Err(_) => mask_text(&revealed_text),
            }
        };
        FieldView {
            key: spec.key.to_owned(),
            label_vi: spec.label_vi.to_owned(),
            label_en: spec.label_en.to_owned(),
            kind: spec.kind,
            personal_id: spec.personal_id,
            text,
            revealed_text,
            value,
        }
    }

    /// "vi / en" label.
    pub fn label(&self) -> String {
        format!("{} / {}", self.label_vi, self.label_en)
    }
}

/// Keeps the first and last 3 characters, hides the rest.
pub(crate) fn mask_text(s: &str) -> String {
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
