//! The text inside the QR: a versioned prefix and the token bytes as decimal digits.
//!
//! Why digits: QR numeric mode packs 3 digits in 10 bits, so 7 bytes → 17 digits costs
//! 56.7 bits for 56 bits of data (1.2 % overhead), against 3 % for base45 in alphanumeric mode
//! (the EU DCC's choice) and with no character that a scanner, keyboard wedge or URL handler
//! mangles. The prefix (`VN2:` for the identity token) is alphanumeric; the `qrcode` crate
//! puts it and the digits in separate segments. Measured sizes: `docs/protocol.md` §4.

use vneid_qr::QrMatrix;

use crate::clock::UnixTime;
use crate::token::TOKEN_VALIDITY_SECS;
use crate::{Error, Result};

/// Prefix of an identity-token QR, format version 2. Version 1 (`VN1:`) carried the full
/// personal ID number in the certificate: it is refused (`unsupported_version`), not read
/// until some date, since reading it would keep every bystander's photo of one useful.
pub const IDENTITY_PREFIX: &str = "VN2:";
/// Prefix of a paper-presentation QR, format version 2 (bound to the device key, no embedded
/// certificate). Version 1 (`VP1:`) is refused likewise.
pub const PRESENTATION_PREFIX: &str = "VP2:";

/// Longest QR text accepted, checked before decoding.
pub const MAX_QR_TEXT: usize = 4096;

/// What a QR text claims to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload {
    /// An identity token (`VN2:`).
    Identity,
    /// A paper presentation (`VP2:`).
    Presentation,
}

/// A QR on screen for 60 seconds (the identity QR, a paper presentation), with what a
/// countdown needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimedQr {
    /// The QR text (`VN2:…`, `VP2:…`).
    pub text: String,
    /// When it was made.
    pub issued_at: UnixTime,
    /// When it stops being valid.
    pub expires_at: UnixTime,
}

impl TimedQr {
    /// Whole seconds left at `now`, 0 once expired, never more than 60.
    pub fn seconds_left(&self, now: UnixTime) -> i64 {
        (self.expires_at - now).clamp(0, TOKEN_VALIDITY_SECS)
    }

    /// Whether a new QR must be made.
    pub fn is_expired(&self, now: UnixTime) -> bool {
        now >= self.expires_at
    }

    /// The QR modules.
    pub fn matrix(&self) -> Result<QrMatrix> {
        Ok(QrMatrix::encode(&self.text)?)
    }
}

/// Wraps token bytes as QR text.
pub fn encode(kind: Payload, bytes: &[u8]) -> String {
    let prefix = match kind {
        Payload::Identity => IDENTITY_PREFIX,
        Payload::Presentation => PRESENTATION_PREFIX,
    };
    let mut s = String::with_capacity(prefix.len() + bytes.len() * 17 / 7 + 17);
    s.push_str(prefix);
    s.push_str(&to_digits(bytes));
    s
}

/// Splits QR text into its kind and bytes. A known family with another version number is
/// [`Error::UnsupportedVersion`]; anything else is [`Error::Malformed`].
pub fn decode(text: &str) -> Result<(Payload, Vec<u8>)> {
    if text.len() > MAX_QR_TEXT {
        return Err(Error::TooLarge {
            what: "QR text",
            len: text.len(),
            limit: MAX_QR_TEXT,
        });
    }
    let text = text.trim_end_matches(['\r', '\n']);
    for (prefix, kind) in [
        (IDENTITY_PREFIX, Payload::Identity),
        (PRESENTATION_PREFIX, Payload::Presentation),
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return Ok((kind, from_digits(rest)?));
        }
    }
    // "VN7:…" or "VP2:…": ours, but a version this build does not read.
    let b = text.as_bytes();
    if b.len() >= 4 && (b.starts_with(b"VN") || b.starts_with(b"VP")) {
        if let Some(colon) = text.find(':') {
            if colon > 2 && b[2..colon].iter().all(u8::is_ascii_digit) {
                return Err(Error::UnsupportedVersion { what: "QR" });
            }
        }
    }
    Err(Error::malformed("QR text"))
}

/// Digits for a final chunk of `k` bytes (k = 0..=7): ⌈8k·log10 2⌉.
const DIGITS: [usize; 8] = [0, 3, 5, 8, 10, 13, 15, 17];

/// Bytes → decimal digits, 7 bytes per 17 digits, big-endian within a chunk.
pub fn to_digits(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 17 / 7 + 17);
    for chunk in bytes.chunks(7) {
        let mut n: u64 = 0;
        for &b in chunk {
            n = (n << 8) | u64::from(b);
        }
        let width = DIGITS[chunk.len()];
        out.push_str(&format!("{n:0width$}"));
    }
    out
}

/// Inverse of [`to_digits`]; refuses anything that [`to_digits`] could not have produced.
pub fn from_digits(s: &str) -> Result<Vec<u8>> {
    let bad = || Error::malformed("QR digits");
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let full = s.len() / 17;
    let rest = s.len() % 17;
    let last_bytes = DIGITS.iter().position(|&d| d == rest).ok_or_else(bad)?;
    let mut out = Vec::with_capacity(full * 7 + last_bytes);
    let mut push = |digits: &str, k: usize| -> Result<()> {
        let n: u64 = digits.parse().map_err(|_| bad())?;
        if k < 8 && n >> (8 * k) != 0 {
            return Err(bad());
        }
        for i in (0..k).rev() {
            out.push((n >> (8 * i)) as u8);
        }
        Ok(())
    };
    for i in 0..full {
        push(&s[i * 17..(i + 1) * 17], 7)?;
    }
    if last_bytes > 0 {
        push(&s[full * 17..], last_bytes)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_round_trip_all_lengths() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 255) as u8).collect();
            let d = to_digits(&bytes);
            assert_eq!(from_digits(&d).unwrap(), bytes, "len {len}");
            let ones = vec![0xffu8; len];
            assert_eq!(from_digits(&to_digits(&ones)).unwrap(), ones);
        }
    }

    #[test]
    fn impossible_digit_strings_are_refused() {
        assert!(from_digits("1").is_err()); // no chunk has 1 digit
        assert!(from_digits("999").is_err()); // 999 > 255
        assert!(from_digits("99999999999999999").is_err()); // > 2^56
        assert!(from_digits("12a").is_err());
        assert!(from_digits("+12").is_err());
    }

    #[test]
    fn prefixes_and_versions() {
        let t = encode(Payload::Identity, &[1, 2, 3]);
        assert!(t.starts_with("VN2:"));
        assert_eq!(decode(&t).unwrap(), (Payload::Identity, vec![1, 2, 3]));
        assert_eq!(decode(&format!("{t}\n")).unwrap().1, vec![1, 2, 3]);
        for v1 in ["VN1:123", "VP1:123", "VN3:000"] {
            assert!(
                matches!(decode(v1), Err(Error::UnsupportedVersion { .. })),
                "{v1}"
            );
        }
        assert!(matches!(
            decode("VN12:00"),
            Err(Error::UnsupportedVersion { .. })
        ));
        for garbage in [
            "",
            "hello",
            "HC1:NCFOXN",
            "VN2",
            "VN:2",
            "VN2:12x",
            "\u{0}\u{0}",
        ] {
            assert!(
                matches!(decode(garbage), Err(Error::Malformed { .. })),
                "{garbage:?}"
            );
        }
        assert!(matches!(
            decode(&"9".repeat(MAX_QR_TEXT + 1)),
            Err(Error::TooLarge { .. })
        ));
    }
}
