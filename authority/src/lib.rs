//! vneid-authority: the authority as a service. Accounts registered in person (the level-2
//! stand-in), login with Argon2id and short sessions, single-use enrolment challenges,
//! enrolment of a device key verified by platform attestation (`vneid-attestation`) with the
//! role and level taken from the account, one active device per account, revocation by the
//! holder and the operator, the signed trust and revocation lists served with `ETag`, and the
//! holder's papers. HTTPS (rustls) on axum/hyper; storage in SQLite or PostgreSQL (sqlx).
//!
//! - [`signing`]: the one module that signs (the core's issuing API);
//! - [`store`]: the database; [`auth`]: passwords, sessions, rate limits;
//!   [`challenge`]: enrolment challenges;
//! - [`attest`]: the attestation policy and check; [`lists`]: publication and serving;
//! - [`api`]: the HTTP handlers; [`net`]: the TLS connection loop; [`tls`]: the listener key;
//! - [`service`]: start and stop; [`admin`]: operator commands; [`config`]: the folder.
//!
//! The API: `docs/authority-api.md`; running it in production: `docs/deploy.md`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod admin;
pub mod api;
pub mod attest;
pub mod auth;
pub mod challenge;
pub mod config;
pub mod error;
pub mod lists;
pub mod net;
pub mod service;
pub mod signing;
pub mod store;
pub mod tls;

pub use error::{Error, Result};
pub use service::{start, Running, ServiceHandle, ServiceOptions};
