//! vneid core: tells whether the identity app on a citizen's phone is genuine or fake, offline,
//! from a QR valid for one minute; and holds the papers integrated in the app's wallet.
//!
//! Pure Rust, no FFI. Modules by domain:
//! - [`clock`]: injected time; [`keys`]: the P-256 [`keys::Signer`] trait and a software key;
//! - [`cose`]: COSE_Sign1 / CWT helpers; [`certificate`], [`token`]: the device certificate and
//!   the identity token; [`qrtext`]: the text in the QR; [`qr`]: rendering and frame scanning;
//! - [`trust`]: trust and revocation lists; [`verify`]: the verdict; [`audit`]: the scan log;
//! - [`flows`]: citizen and officer apps; [`authority`]: the issuing side; [`strings`]: words;
//! - [`wallet`]: papers, their encrypted store and their selective-disclosure presentation.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod audit;
pub mod authority;
pub mod certificate;
pub mod clock;
pub mod cose;
mod error;
pub mod flows;
pub mod framegen;
pub mod fsutil;
pub mod identity;
pub mod keys;
pub mod qr;
pub mod qrtext;
pub mod strings;
pub mod token;
pub mod trust;
pub mod verify;
pub mod wallet;

pub use error::{Error, Result};

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const D: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(D[(b >> 4) as usize] as char);
        s.push(D[(b & 15) as usize] as char);
    }
    s
}

/// Parses hex (either case); `None` if odd length or not hex.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    let nib = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    s.as_bytes()
        .chunks(2)
        .map(|p| Some(nib(p[0])? << 4 | nib(p[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex_round_trip() {
        assert_eq!(super::hex(&[0, 0xab, 0xff]), "00abff");
        assert_eq!(super::unhex("00ABff"), Some(vec![0, 0xab, 0xff]));
        assert_eq!(super::unhex("0"), None);
        assert_eq!(super::unhex("zz"), None);
    }
}
