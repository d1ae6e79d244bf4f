//! Words on screen, from one table (`strings.tsv`): Vietnamese first, English second.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The table as shipped.
pub const TABLE: &str = include_str!("strings.tsv");

/// A display language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Tiếng Việt.
    Vi,
    /// English.
    En,
}

fn table() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static T: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    T.get_or_init(|| {
        TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut parts = l.split('\t');
                Some((parts.next()?, (parts.next()?, parts.next()?)))
            })
            .collect()
    })
}

/// The text for `key` in `lang`; the key itself if missing (a test checks none is).
pub fn text(key: &str, lang: Lang) -> &str {
    match table().get(key) {
        Some((vi, en)) => match lang {
            Lang::Vi => vi,
            Lang::En => en,
        },
        None => key,
    }
}

/// Every key in the table, in file order.
pub fn keys() -> Vec<&'static str> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next())
        .collect()
}

/// Both languages for `key`: "vi / en".
pub fn both(key: &str) -> String {
    format!("{} / {}", text(key, Lang::Vi), text(key, Lang::En))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_three_columns_and_unique_keys() {
        let mut seen = std::collections::HashSet::new();
        for l in TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let cols: Vec<_> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "{l}");
            assert!(cols.iter().all(|c| !c.trim().is_empty()), "{l}");
            assert!(seen.insert(cols[0]), "duplicate {}", cols[0]);
        }
    }

    #[test]
    fn every_reason_has_words_in_both_languages() {
        let unverifiable = [crate::verdict::Unverifiable::ListsTooOld.string_key()];
        for k in crate::verdict::Reason::ALL
            .iter()
            .map(|r| r.string_key())
            .chain(unverifiable)
        {
            assert_ne!(text(&k, Lang::Vi), k);
            assert_ne!(text(&k, Lang::En), k);
        }
        assert_eq!(text("tab.personal", Lang::Vi), "Cá nhân");
        assert_eq!(
            text("setting.qr_verification", Lang::Vi),
            "Xác minh ứng dụng qua QR code"
        );
    }
}
