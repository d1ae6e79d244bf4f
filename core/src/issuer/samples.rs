//! Sample papers for a citizen, for `vneid citizen enroll`, the demo and tests: an ID card,
//! a driving licence, a health-insurance card and a vehicle registration, with invented but
//! realistic values. The authority signs them with its paper issuers
//! ([`super::Authority::issue_sample_papers`]).

use chrono::{Datelike, NaiveDate};

use crate::certificate::Serial;
use crate::clock::UnixTime;
use crate::identity::Identity;
use crate::paper::DEVICE_AGENCY;
use crate::paper::{add_years, vn_date, vn_midnight, FieldValue, Holder, PaperContent};
use crate::{Error, Result};

fn text(s: &str) -> FieldValue {
    FieldValue::Text(s.to_owned())
}

fn f(key: &str, v: FieldValue) -> (String, FieldValue) {
    (key.to_owned(), v)
}

/// Validity of a chip ID card issued on `issued` to someone born on `dob` (Law on
/// Identification 2023, art. 21): it must be renewed at 14, 25, 40 and 60; after 60 it does
/// not expire (here: 100 years).
pub fn cccd_expiry(dob: NaiveDate, issued: NaiveDate) -> Result<NaiveDate> {
    for age in [14, 25, 40, 60] {
        let d = add_years(dob, age)?;
        if d > issued {
            return Ok(d);
        }
    }
    add_years(issued, 100)
}

/// The four sample papers' contents for `identity` at `now`, each with a fresh random serial.
pub fn sample_contents(
    identity: &Identity,
    holder: &Holder,
    now: UnixTime,
) -> Result<Vec<PaperContent>> {
    let today = vn_date(now)?;
    let dob = identity.date_of_birth;
    let name = identity.full_name.as_str();
    let number = identity.personal_id.clone();
    // A paper "valid until" a date is valid through that whole day in Vietnam.
    let day = |d: NaiveDate| vn_midnight(d);

    // ID card issued two years ago.
    let cccd_issued = today
        .checked_sub_days(chrono::Days::new(730))
        .ok_or(Error::InvalidDate)?;
    let cccd_expiry = cccd_expiry(dob, cccd_issued)?;
    let cccd = PaperContent {
        type_code: "cccd".into(),
        serial: Serial::random()?,
        holder: holder.clone(),
        valid_from: day(cccd_issued),
        valid_until: day(cccd_expiry) + 86_400,
        fields: vec![
            f("number", text(number.reveal())),
            f("full_name", text(name)),
            f("date_of_birth", FieldValue::Date(dob)),
            f("sex", text("Nam")),
            f("nationality", text("Việt Nam")),
            f("place_of_origin", text("Phú Vang, Thừa Thiên Huế")),
            f(
                "place_of_residence",
                text("Số 1 Tràng Tiền, phường Tràng Tiền, quận Hoàn Kiếm, Hà Nội"),
            ),
            f("issue_date", FieldValue::Date(cccd_issued)),
            f("expiry_date", FieldValue::Date(cccd_expiry)),
            f("issuing_authority", text(DEVICE_AGENCY.name_vi)),
        ],
    };

    // Driving licence, classes A1 and B2, issued a year ago, valid ten years.
    let gplx_issued = today
        .checked_sub_days(chrono::Days::new(365))
        .ok_or(Error::InvalidDate)?;
    let gplx_expiry = add_years(gplx_issued, 10)?;
    let gplx = PaperContent {
        type_code: "gplx".into(),
        serial: Serial::random()?,
        holder: holder.clone(),
        valid_from: day(gplx_issued),
        valid_until: day(gplx_expiry) + 86_400,
        fields: vec![
            f("number", text("010123456789")),
            f("full_name", text(name)),
            f("date_of_birth", FieldValue::Date(dob)),
            f(
                "classes",
                FieldValue::TextList(vec!["A1".into(), "B2".into()]),
            ),
            f("issue_date", FieldValue::Date(gplx_issued)),
            f("expiry_date", FieldValue::Date(gplx_expiry)),
        ],
    };

    // Health insurance for the calendar year.
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).ok_or(Error::InvalidDate)?;
    let year_end = NaiveDate::from_ymd_opt(today.year(), 12, 31).ok_or(Error::InvalidDate)?;
    let bhyt = PaperContent {
        type_code: "bhyt".into(),
        serial: Serial::random()?,
        holder: holder.clone(),
        valid_from: day(year_start),
        valid_until: day(year_end) + 86_400,
        fields: vec![
            f("card_number", text("GD4010123456789")),
            f("full_name", text(name)),
            f("date_of_birth", FieldValue::Date(dob)),
            f("initial_hospital", text("Bệnh viện Bạch Mai")),
            f("valid_from", FieldValue::Date(year_start)),
            f("valid_until", FieldValue::Date(year_end)),
        ],
    };

    // A motorbike registered three years ago; registrations do not expire (here: 30 years).
    let registered = today
        .checked_sub_days(chrono::Days::new(3 * 365))
        .ok_or(Error::InvalidDate)?;
    let dkx = PaperContent {
        type_code: "dkx".into(),
        serial: Serial::random()?,
        holder: holder.clone(),
        valid_from: day(registered),
        valid_until: day(add_years(registered, 30)?),
        fields: vec![
            f("plate", text("29-B1 123.45")),
            f("owner", text(name)),
            f("brand", text("Honda")),
            f("model", text("Vision JF58")),
            f("colour", text("Đỏ - Đen")),
            f("frame_number", text("RLHJF5800NY123456")),
            f("engine_number", text("JF58E1234567")),
            f("registration_date", FieldValue::Date(registered)),
        ],
    };
    Ok(vec![cccd, gplx, bhyt, dkx])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_card_expiry_follows_the_age_milestones() {
        let d = |s| crate::identity::parse_date(s).unwrap();
        assert_eq!(
            cccd_expiry(d("1990-01-02"), d("2024-11-23")).unwrap(),
            d("2030-01-02")
        );
        assert_eq!(
            cccd_expiry(d("2005-05-05"), d("2024-11-23")).unwrap(),
            d("2030-05-05")
        );
        assert_eq!(
            cccd_expiry(d("1950-01-01"), d("2024-11-23")).unwrap(),
            d("2124-11-23")
        );
    }
}
