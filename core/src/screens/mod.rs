//! What the apps' screens show, decided once in Rust: the verdict screen's rows, tone and
//! haptic; the QR countdown and its colour thresholds; the wallet list, a paper's detail with
//! its masked fields, the field picker and which papers may be presented; the scan history;
//! tab Cá nhân's rows and switch. Every text comes from the one string table
//! (`strings.tsv`) in the language asked for, and every time is shown in the phone's UTC
//! offset. The Android and iOS apps only paint these.
//!
//! A layer above `flows`: it reads verdicts, wallet summaries and audit entries, and decides
//! nothing about genuineness.

mod countdown;
mod history;
mod locale;
mod personal;
mod qr_screen;
mod tone;
mod types;
mod verdict;
mod wallet;

pub use countdown::COUNTDOWN_WARNING_SECS;
pub use history::history;
pub use locale::{Locale, VIETNAM_UTC_OFFSET_SECS};
pub use personal::personal;
pub use qr_screen::{QrScreen, ShownQr};
pub use tone::ON_TONE_ARGB;
pub use types::{
    Countdown, DisclosedPaperView, FieldChoice, FieldPicker, FieldRow, Haptic, HistoryRow,
    HistoryView, PaperDetailView, PaperRow, PersonalView, QrSwitch, Row, Tone, VerdictKind,
    VerdictView,
};
pub use wallet::{is_presentable, paper_detail, paper_rows};

impl Row {
    fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Row {
            label: label.into(),
            value: value.into(),
        }
    }
}
