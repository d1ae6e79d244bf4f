//! Words on screen, from the core's one table: Vietnamese first, English second.

use vneid_core::strings;

use crate::types::Reason;

/// A display language.
pub type Lang = vneid_core::strings::Lang;

#[uniffi::remote(Enum)]
pub enum Lang {
    /// Tiếng Việt.
    Vi,
    /// English.
    En,
}

/// The text for a string key (`tab.personal`, `verdict.genuine`, …) in `lang`; the key itself
/// if the table has no such key.
#[uniffi::export]
pub fn text(key: String, lang: Lang) -> String {
    strings::text(&key, lang).to_owned()
}

/// Every string key in the table, in table order (to generate platform string resources).
#[uniffi::export]
pub fn string_keys() -> Vec<String> {
    strings::keys().into_iter().map(str::to_owned).collect()
}

/// What to tell the officer about a fake verdict's reason, in `lang` ("QR code expired — ask
/// the citizen to create a new one").
#[uniffi::export]
pub fn reason_text(reason: Reason, lang: Lang) -> String {
    text(reason.string_key(), lang)
}

/// The stable machine code of a reason (`token_expired`), as in logs and JSON.
#[uniffi::export]
pub fn reason_code(reason: Reason) -> String {
    reason.code().to_owned()
}

/// A personal ID number as every screen shows it by default (`***********5`): the core's one
/// masking rule, so the apps never copy it. `InvalidInput` if it is not 12 digits.
#[uniffi::export]
pub fn mask_personal_id(personal_id: String) -> crate::ApiResult<String> {
    vneid_core::identity::PersonalId::new(&personal_id)
        .map(|p| p.masked())
        .map_err(crate::ApiError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_is_the_core_rule() {
        assert_eq!(
            mask_personal_id("001090012345".into()).unwrap(),
            "***********5"
        );
        assert!(mask_personal_id("12345".into()).is_err());
    }

    #[test]
    fn words_in_both_languages() {
        assert_eq!(text("tab.personal".into(), Lang::Vi), "Cá nhân");
        assert_eq!(text("tab.personal".into(), Lang::En), "Personal");
        assert_eq!(text("no.such.key".into(), Lang::En), "no.such.key");
        assert!(string_keys().contains(&"tab.wallet".to_owned()));
        assert_eq!(reason_code(Reason::TokenExpired), "token_expired");
        assert!(reason_text(Reason::TokenExpired, Lang::En).contains("expired"));
        assert!(reason_text(Reason::TokenExpired, Lang::Vi).contains("hết hạn"));
    }
}
