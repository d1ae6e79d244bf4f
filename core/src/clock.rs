//! Time, injected. [`SystemClock`] is the only place in the project that reads the wall clock;
//! everything else takes a `&dyn Clock`, so tests move time by hand.

#[cfg(any(test, feature = "test-support"))]
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// Seconds since the Unix epoch, as CWT NumericDate (RFC 8392) carries them.
pub type UnixTime = i64;

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// Now, in whole seconds since the Unix epoch.
    fn now(&self) -> UnixTime;
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> UnixTime {
        match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_secs() as i64,
            // A clock set before 1970 is broken; report the epoch rather than panic.
            Err(_) => 0,
        }
    }
}

/// A clock that only moves when told to (feature `test-support`). Cloning shares the time.
#[cfg(any(test, feature = "test-support"))]
#[derive(Debug, Clone, Default)]
pub struct TestClock {
    now: Arc<AtomicI64>,
}

#[cfg(any(test, feature = "test-support"))]
impl TestClock {
    /// A clock stopped at `now`.
    pub fn at(now: UnixTime) -> Self {
        TestClock {
            now: Arc::new(AtomicI64::new(now)),
        }
    }

    /// Set the time.
    pub fn set(&self, now: UnixTime) {
        self.now.store(now, Ordering::SeqCst);
    }

    /// Move the time by `secs` (negative goes back).
    pub fn advance(&self, secs: i64) {
        self.now.fetch_add(secs, Ordering::SeqCst);
    }
}

#[cfg(any(test, feature = "test-support"))]
impl Clock for TestClock {
    fn now(&self) -> UnixTime {
        self.now.load(Ordering::SeqCst)
    }
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> UnixTime {
        (**self).now()
    }
}

/// Formats a Unix time as RFC 3339 in UTC, for display and logs.
pub fn rfc3339(t: UnixTime) -> String {
    match chrono::DateTime::from_timestamp(t, 0) {
        Some(dt) => dt.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        None => format!("@{t}"),
    }
}

/// Parses RFC 3339 text into a Unix time.
pub fn parse_rfc3339(s: &str) -> crate::Result<UnixTime> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|d| d.timestamp())
        .map_err(|_| crate::Error::InvalidDate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_clock_moves_only_when_told() {
        let c = TestClock::at(1_000);
        assert_eq!(c.now(), 1_000);
        c.advance(61);
        assert_eq!(c.now(), 1_061);
        let shared = c.clone();
        shared.set(5);
        assert_eq!(c.now(), 5);
    }

    #[test]
    fn system_clock_is_after_2024() {
        assert!(SystemClock.now() > 1_704_067_200);
    }

    #[test]
    fn rfc3339_round_trip() {
        let t = parse_rfc3339("2026-11-23T10:00:00+07:00").unwrap();
        assert_eq!(rfc3339(t), "2026-11-23T03:00:00Z");
        assert!(parse_rfc3339("yesterday").is_err());
    }
}
