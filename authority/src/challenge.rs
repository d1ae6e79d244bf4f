//! Enrolment challenges without a database write: a challenge carries what the service needs
//! to check it — the account, the account's enrolment generation, the expiry, a random nonce —
//! under an HMAC-SHA256 tag with a key of the authority folder (`private/challenge.key`,
//! shared by all replicas). Issuing one costs no write (abandoned challenges leave nothing
//! behind); using one records it in `challenges`, inside the enrolment's transaction, so it is
//! accepted once.
//!
//! Layout (73 bytes; the attestation crate accepts 1 to 128): `0x01 ‖ account id (8, BE) ‖
//! generation (8, BE) ‖ expires at (8, BE, Unix seconds) ‖ nonce (16) ‖ HMAC-SHA256 of the
//! preceding 41 bytes (32)`.

use std::path::Path;
use std::sync::Arc;

use ring::hmac;
use vneid_core::clock::UnixTime;

use crate::auth::random_bytes;
use crate::config::write_private;
use crate::error::{Error, Result};

/// What a challenge says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChallengeClaims {
    /// The account it was issued to.
    pub account_id: i64,
    /// The account's enrolment generation then (an enrolment finished since voids it).
    pub generation: i64,
    /// It expires at this time.
    pub expires_at: UnixTime,
}

/// Issues and opens challenges. The service uses [`HmacChallenges`]; a test of the public
/// attestation vectors, whose challenge is fixed, gives its own.
pub trait Challenges: Send + Sync {
    /// A new challenge for these claims.
    fn issue(&self, claims: &ChallengeClaims) -> Result<Vec<u8>>;
    /// The claims of a challenge this service issued, or `None`.
    fn open(&self, challenge: &[u8]) -> Option<ChallengeClaims>;
}

/// Challenges under an HMAC key.
pub struct HmacChallenges {
    key: hmac::Key,
}

const VERSION: u8 = 1;
const BODY: usize = 1 + 8 + 8 + 8 + 16;
/// Length of a challenge.
pub const CHALLENGE_LEN: usize = BODY + 32;

impl HmacChallenges {
    /// The key in `DIR/private/challenge.key`, made (0600) if missing.
    pub fn load_or_create(dir: &Path) -> Result<Arc<Self>> {
        let path = dir.join("private").join("challenge.key");
        let key = match std::fs::read(&path) {
            Ok(k) if k.len() == 32 => k,
            Ok(_) => {
                return Err(Error::Config(
                    "private/challenge.key is not 32 bytes".into(),
                ))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let k = random_bytes::<32>()?.to_vec();
                write_private(&path, &k)?;
                k
            }
            Err(e) => return Err(Error::io(path.display().to_string())(e)),
        };
        Ok(Arc::new(HmacChallenges {
            key: hmac::Key::new(hmac::HMAC_SHA256, &key),
        }))
    }
}

impl Challenges for HmacChallenges {
    fn issue(&self, c: &ChallengeClaims) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(CHALLENGE_LEN);
        out.push(VERSION);
        out.extend_from_slice(&c.account_id.to_be_bytes());
        out.extend_from_slice(&c.generation.to_be_bytes());
        out.extend_from_slice(&c.expires_at.to_be_bytes());
        out.extend_from_slice(&random_bytes::<16>()?);
        let tag = hmac::sign(&self.key, &out);
        out.extend_from_slice(tag.as_ref());
        Ok(out)
    }

    fn open(&self, challenge: &[u8]) -> Option<ChallengeClaims> {
        if challenge.len() != CHALLENGE_LEN || challenge[0] != VERSION {
            return None;
        }
        let (body, tag) = challenge.split_at(BODY);
        hmac::verify(&self.key, body, tag).ok()?;
        let int = |i: usize| i64::from_be_bytes(body[i..i + 8].try_into().unwrap_or([0; 8]));
        Some(ChallengeClaims {
            account_id: int(1),
            generation: int(9),
            expires_at: int(17),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges_open_only_as_issued() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("private")).unwrap();
        let c = HmacChallenges::load_or_create(dir.path()).unwrap();
        let claims = ChallengeClaims {
            account_id: 7,
            generation: 3,
            expires_at: 1_767_225_900,
        };
        let a = c.issue(&claims).unwrap();
        let b = c.issue(&claims).unwrap();
        assert_eq!(a.len(), CHALLENGE_LEN);
        assert_ne!(a, b, "a fresh nonce each time");
        assert_eq!(c.open(&a), Some(claims));
        for i in 0..a.len() {
            let mut t = a.clone();
            t[i] ^= 1;
            assert_eq!(c.open(&t), None, "byte {i}");
        }
        assert_eq!(c.open(&a[..40]), None);
        // The same key after a restart; another folder's key opens nothing.
        let again = HmacChallenges::load_or_create(dir.path()).unwrap();
        assert_eq!(again.open(&a), Some(claims));
        let other = tempfile::tempdir().unwrap();
        std::fs::create_dir(other.path().join("private")).unwrap();
        assert_eq!(
            HmacChallenges::load_or_create(other.path())
                .unwrap()
                .open(&a),
            None
        );
    }
}
