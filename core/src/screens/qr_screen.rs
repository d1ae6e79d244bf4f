//! A screen that shows a 60-second QR (tab Trang chủ's identity QR, a paper's presentation QR):
//! the QR is kept while valid, made again once expired, dropped when the screen is left.

use super::{Countdown, Locale};
use crate::clock::UnixTime;
use crate::qrtext::TimedQr;
use crate::Result;

/// What such a screen shows now.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownQr {
    /// The QR (its text; the modules come from `TimedQr::matrix`).
    pub qr: TimedQr,
    /// The ring.
    pub countdown: Countdown,
    /// A new QR was made by this tick (draw the modules again).
    pub fresh: bool,
}

/// The state behind a QR screen. While it shows a QR the screen must be secure (no screenshot,
/// no recording, hidden in the app switcher) and at full brightness.
#[derive(Debug, Default)]
pub struct QrScreen {
    current: Option<TimedQr>,
    made: u32,
}

impl QrScreen {
    /// A screen with no QR yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Called about every quarter second: the QR held while it is valid at `now`, or a new one
    /// from `make`. On an error the QR is dropped and the error returned.
    pub fn tick(
        &mut self,
        now: UnixTime,
        locale: &Locale,
        make: impl FnOnce() -> Result<TimedQr>,
    ) -> Result<ShownQr> {
        let (qr, fresh) = match &self.current {
            Some(q) if !q.is_expired(now) => (q.clone(), false),
            _ => match make() {
                Ok(q) => {
                    self.made += 1;
                    self.current = Some(q.clone());
                    (q, true)
                }
                Err(e) => {
                    self.current = None;
                    return Err(e);
                }
            },
        };
        Ok(ShownQr {
            countdown: Countdown::of(&qr, now, locale),
            qr,
            fresh,
        })
    }

    /// The screen is left (or the user asked for a new QR): the next tick makes one.
    pub fn forget(&mut self) {
        self.current = None;
    }

    /// How many QRs this screen made.
    pub fn made(&self) -> u32 {
        self.made
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    fn qr(at: UnixTime) -> TimedQr {
        TimedQr {
            text: format!("VN2:{at}"),
            issued_at: at,
            expires_at: at + 60,
        }
    }

    #[test]
    fn kept_while_valid_remade_once_expired_dropped_on_error() {
        let l = Locale::vietnam();
        let mut s = QrScreen::new();
        let a = s.tick(1000, &l, || Ok(qr(1000))).unwrap();
        assert!(a.fresh);
        let b = s.tick(1059, &l, || panic!("still valid")).unwrap();
        assert!(!b.fresh);
        assert_eq!(b.qr, a.qr);
        assert_eq!(b.countdown.seconds_left, 1);
        let c = s.tick(1060, &l, || Ok(qr(1060))).unwrap();
        assert!(c.fresh);
        assert_eq!(c.countdown.seconds_left, 60);
        assert_eq!(s.made(), 2);
        assert!(matches!(
            s.tick(2000, &l, || Err(Error::QrSettingOff)),
            Err(Error::QrSettingOff)
        ));
        // Nothing held after an error: the next tick makes one again.
        assert!(s.tick(2001, &l, || Ok(qr(2001))).unwrap().fresh);
        s.forget();
        assert!(s.tick(2002, &l, || Ok(qr(2002))).unwrap().fresh);
        assert_eq!(s.made(), 4);
    }
}
