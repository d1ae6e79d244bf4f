//! vneid-client: the blocking HTTPS client of the authority service (`docs/authority-api.md`),
//! for the apps (through the FFI) and the CLI: login, attested enrolment, the holder's papers,
//! "my phone was stolen", and the signed lists refreshed with `If-None-Match` — the revocation
//! list as a signed delta from the held one when the server has it.
//!
//! Blocking `ureq` over rustls (ring), with a connect timeout and a whole-request timeout,
//! and the server authenticated by public CAs, given roots, or a pinned certificate or public
//! key ([`ServerTrust`]). No async runtime.
//!
//! Everything the server sends that matters is checked here with the core: the device
//! certificate must certify the key that asked for it, papers must parse, and the lists go
//! into a [`TrustCache`] only if they verify under the pinned root and are not older than the
//! held ones — a list that does not verify changes nothing (the officer's verdict stays on the
//! lists it had).
//!
//! [`wire`] (always built) holds the JSON bodies; the service uses it with
//! `default-features = false`, without the HTTP client.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod wire;

#[cfg(feature = "http")]
mod client;
#[cfg(feature = "http")]
mod tls;

#[cfg(feature = "http")]
pub use client::{
    AuthorityClient, ClientError, ClientOptions, Enrolled, EvidenceSource, Fetched, FetchedDelta,
    ListKind, ListUpdate, Refresh, Session,
};
#[cfg(feature = "http")]
pub use tls::{spki_sha256, ServerTrust};

/// The `ETag` the service gives a list: `"trust-<sequence>"` or `"revocation-<sequence>"`, so a
/// client can send `If-None-Match` for the list it holds without storing anything else.
pub fn list_etag(kind: &str, sequence: u64) -> String {
    format!("\"{kind}-{sequence}\"")
}
