//! Calendar dates of papers, in Vietnam (UTC+7).

use chrono::{Datelike, NaiveDate};

use crate::clock::UnixTime;
use crate::identity::{date_to_days, days_to_date};
use crate::{Error, Result};

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
