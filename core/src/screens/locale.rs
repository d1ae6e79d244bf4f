//! The language and the UTC offset a screen is shown in, and how times and dates read.

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::clock::UnixTime;
use crate::strings::{self, Lang};

/// Vietnam's UTC offset (UTC+7, no daylight saving).
pub const VIETNAM_UTC_OFFSET_SECS: i32 = 7 * 3600;

/// How a screen speaks: its language and the phone's UTC offset now (the platform gives it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Locale {
    /// The language.
    pub lang: Lang,
    /// Seconds east of UTC (Vietnam: +25,200).
    pub utc_offset_secs: i32,
}

impl Locale {
    /// Vietnamese in Vietnam.
    pub fn vietnam() -> Self {
        Locale {
            lang: Lang::Vi,
            utc_offset_secs: VIETNAM_UTC_OFFSET_SECS,
        }
    }

    /// The text of `key`.
    pub fn text(&self, key: &str) -> String {
        strings::text(key, self.lang).to_owned()
    }

    /// The text of `key` with its one `%d` replaced by `n`.
    pub fn text_n(&self, key: &str, n: i64) -> String {
        strings::text(key, self.lang).replacen("%d", &n.to_string(), 1)
    }

    /// Of a pair given as data (paper names, field labels), the one in this language.
    pub fn pick<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    fn at(&self, t: UnixTime) -> Option<DateTime<FixedOffset>> {
        let offset = FixedOffset::east_opt(self.utc_offset_secs)?;
        Some(DateTime::from_timestamp(t, 0)?.with_timezone(&offset))
    }

    /// `18/11/2026` (a time out of range reads as `?`).
    pub fn day(&self, t: UnixTime) -> String {
        self.at(t)
            .map_or_else(|| "?".into(), |d| d.format("%d/%m/%Y").to_string())
    }

    /// `14:03:07 18/11/2026`.
    pub fn time(&self, t: UnixTime) -> String {
        self.at(t)
            .map_or_else(|| "?".into(), |d| d.format("%H:%M:%S %d/%m/%Y").to_string())
    }

    /// The last day of a validity whose end is exclusive (a paper's `valid_until`).
    pub fn last_day(&self, valid_until: UnixTime) -> String {
        self.day(valid_until.saturating_sub(1))
    }

    /// A date of birth, `02/01/1990`.
    pub fn date(&self, d: NaiveDate) -> String {
        d.format("%d/%m/%Y").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_the_phones_offset() {
        let l = Locale::vietnam();
        // 2026-11-18T07:03:07Z is 14:03:07 in Vietnam.
        assert_eq!(l.time(1_794_985_387), "14:03:07 18/11/2026");
        assert_eq!(l.day(1_794_985_387), "18/11/2026");
        // Midnight in Vietnam ends the previous day.
        let midnight_vn = 1_795_021_200; // 2026-11-19T00:00+07
        assert_eq!(l.last_day(midnight_vn), "18/11/2026");
        let utc = Locale {
            utc_offset_secs: 0,
            ..l
        };
        assert_eq!(utc.time(1_794_985_387), "07:03:07 18/11/2026");
        assert_eq!(l.day(i64::MAX), "?");
        assert_eq!(
            l.date(NaiveDate::from_ymd_opt(1990, 1, 2).unwrap()),
            "02/01/1990"
        );
        assert_eq!(l.text_n("home.seconds_left", 42), "Còn 42 giây");
        let en = Locale {
            lang: Lang::En,
            ..l
        };
        assert_eq!(en.text_n("home.seconds_left", 42), "42 seconds left");
    }
}
