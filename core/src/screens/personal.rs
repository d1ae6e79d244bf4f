//! Tab Cá nhân: the account's rows and the "Xác minh ứng dụng qua QR code" switch.

use super::{Locale, PersonalView, QrSwitch, Row};
use crate::flows::{CitizenApp, QrSetting};

impl QrSwitch {
    /// The switch for the core's setting.
    pub fn of(setting: QrSetting, l: &Locale) -> Self {
        let (checked, enabled, reason) = match setting {
            QrSetting::On => (true, true, None),
            QrSetting::Off => (false, true, None),
            QrSetting::NeedsLevel2 => (false, false, Some("setting.qr_verification.level1")),
            QrSetting::NeedsEnrolment => (
                false,
                false,
                Some("setting.qr_verification.needs_enrolment"),
            ),
        };
        QrSwitch {
            label: l.text("setting.qr_verification"),
            checked,
            enabled,
            reason: reason.map(|k| l.text(k)),
        }
    }
}

/// Tab Cá nhân for `app`.
pub fn personal(app: &CitizenApp, l: &Locale) -> PersonalView {
    let a = app.account();
    let mut rows = vec![
        Row::new(l.text("label.full_name"), a.identity.full_name.clone()),
        Row::new(
            l.text("label.date_of_birth"),
            l.date(a.identity.date_of_birth),
        ),
        // The one masking rule: the full number is never on this screen.
        Row::new(l.text("label.personal_id"), a.identity.personal_id.masked()),
        Row::new(
            l.text("label.level"),
            l.text(&format!("level.{}", a.level.number())),
        ),
    ];
    if let Some(c) = app.certificate() {
        rows.push(Row::new(
            l.text("label.serial"),
            c.claims().serial.to_string(),
        ));
    }
    PersonalView {
        rows,
        qr_switch: QrSwitch::of(app.qr_setting(), l),
    }
}
