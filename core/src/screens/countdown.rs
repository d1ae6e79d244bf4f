//! The 60-second countdown ring of a QR (identity or paper presentation).

use super::{Countdown, Locale, Tone};
use crate::clock::UnixTime;
use crate::qrtext::TimedQr;

/// In its last this-many seconds the ring turns to [`Tone::Warning`].
pub const COUNTDOWN_WARNING_SECS: i64 = 10;

impl Countdown {
    /// The ring of `qr` at `now`.
    pub fn of(qr: &TimedQr, now: UnixTime, locale: &Locale) -> Self {
        let total = (qr.expires_at - qr.issued_at).max(1);
        let seconds_left = qr.seconds_left(now);
        let expired = qr.is_expired(now);
        Countdown {
            seconds_left,
            fraction: (seconds_left as f32 / total as f32).clamp(0.0, 1.0),
            expired,
            label: if expired {
                locale.text("home.expired")
            } else {
                locale.text_n("home.seconds_left", seconds_left)
            },
            tone: if expired {
                Tone::Fake
            } else if seconds_left <= COUNTDOWN_WARNING_SECS {
                Tone::Warning
            } else {
                Tone::Accent
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qr() -> TimedQr {
        TimedQr {
            text: "VN2:x".into(),
            issued_at: 1000,
            expires_at: 1060,
        }
    }

    #[test]
    fn the_ring_runs_down_and_changes_colour() {
        let l = Locale::vietnam();
        let at = |t| Countdown::of(&qr(), t, &l);
        assert_eq!(at(1000).seconds_left, 60);
        assert_eq!(at(1000).fraction, 1.0);
        assert_eq!(at(1000).tone, Tone::Accent);
        assert_eq!(at(1049).tone, Tone::Accent);
        assert_eq!(at(1050).tone, Tone::Warning);
        assert_eq!(at(1050).label, "Còn 10 giây");
        assert_eq!(at(1059).seconds_left, 1);
        assert!(!at(1059).expired);
        let over = at(1060);
        assert!(over.expired);
        assert_eq!(over.fraction, 0.0);
        assert_eq!(over.tone, Tone::Fake);
        assert_eq!(over.label, l.text("home.expired"));
        assert!(at(5000).expired);
        // A clock set back never shows more than the whole ring.
        assert_eq!(at(900).fraction, 1.0);
    }
}
