//! vneid core: tells whether the identity app on a citizen's phone is genuine or fake, offline,
//! from a QR valid for one minute; and holds the papers integrated in the app's wallet.
//!
//! Pure Rust, no FFI. Layers, each using only those above it (`docs/architecture.md`):
//!
//! 1. **Primitives**: [`clock`] (injected time), [`keys`] (the P-256 [`keys::Signer`] trait, a
//!    software key), [`cose`] (COSE_Sign1 and CBOR), [`identity`] (who a citizen is), [`storage`]
//!    (atomic, bounded files for hosts such as the CLI), [`strings`] (words on screen), and the
//!    [`Error`] type.
//! 2. **Formats**: [`certificate`] (the device certificate), [`token`] (the identity token and
//!    the device-signed envelope), [`qrtext`] (the text in the QR, [`qrtext::TimedQr`]),
//!    [`paper`] (paper types, agencies, the signed MSO, held papers, field views),
//!    [`presentation`] (the paper presentation QR), [`trust`] (trust and revocation lists, their
//!    files, the holder's cache), [`enrolment`] (what a device sends to enrol).
//! 3. **Vocabulary**: [`verdict`] (`Reason`, `Verdict`, `Genuine`, `Subject`, `DisclosedPaper`).
//! 4. **Roles**: [`issuer`] (feature `issuer`: the authority's signing side), [`wallet`] (the
//!    holder: papers encrypted at rest), [`verifier`] (the officer's checks), [`audit`] (the
//!    officer's scan log).
//! 5. **Apps**: [`flows`] (the citizen and officer apps' state machines), [`screens`] (what
//!    their screens show: rows, tones, haptics, countdowns, texts — the apps only paint).
//!
//! [`qr`] is the `vneid-qr` crate (rendering and frame scanning); [`testing`] (feature
//! `test-support`) holds the test clock and software secret stores.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

// 1. Primitives.
pub mod clock;
pub mod cose;
mod error;
mod hex;
pub mod identity;
pub mod keys;
pub mod storage;
pub mod strings;

// 2. Formats.
pub mod certificate;
pub mod enrolment;
pub mod paper;
pub mod presentation;
pub mod qrtext;
pub mod revoked;
pub mod token;
pub mod trust;

// 3. Vocabulary.
pub mod verdict;

// 4. Roles.
pub mod audit;
#[cfg(any(test, feature = "issuer"))]
pub mod issuer;
pub mod verifier;
pub mod wallet;

// 5. Apps.
pub mod flows;
pub mod screens;

#[cfg(any(test, feature = "test-support"))]
pub mod testing;

pub use error::{Error, Result};
pub(crate) use hex::{hex, unhex};
pub use vneid_qr as qr;
