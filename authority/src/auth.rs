//! Passwords (Argon2id), session tokens, and the rate limiters.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ring::rand::{SecureRandom, SystemRandom};
use vneid_core::clock::UnixTime;

use crate::config::ServiceConfig;
use crate::error::{Error, Result};

/// Shortest password accepted at registration.
pub const MIN_PASSWORD_LEN: usize = 8;
/// Longest password accepted (bounds the hashing work an attacker can ask for).
pub const MAX_PASSWORD_LEN: usize = 128;

/// Argon2id with the configured cost.
#[derive(Clone)]
pub struct Passwords {
    params: Params,
    /// A hash of a random password, verified when the account does not exist, so that an
    /// unknown personal ID takes as long as a wrong password (made on first use).
    dummy: std::sync::Arc<std::sync::OnceLock<String>>,
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passwords")
    }
}

fn random<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    SystemRandom::new()
        .fill(&mut b)
        .map_err(|_| Error::Config("no randomness".into()))?;
    Ok(b)
}

/// `N` random bytes.
pub fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    random()
}

impl Passwords {
    /// From the service configuration.
    pub fn new(c: &ServiceConfig) -> Result<Self> {
        let params = Params::new(
            c.argon2_memory_kib,
            c.argon2_iterations,
            c.argon2_lanes,
            None,
        )
        .map_err(|e| Error::Config(format!("argon2 parameters: {e}")))?;
        Ok(Passwords {
            params,
            dummy: Default::default(),
        })
    }

    fn argon(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// The PHC string of a new password.
    pub fn hash(&self, password: &str) -> Result<String> {
        let n = password.chars().count();
        if !(MIN_PASSWORD_LEN..=MAX_PASSWORD_LEN).contains(&n) {
            return Err(Error::Invalid(format!(
                "a password has {MIN_PASSWORD_LEN} to {MAX_PASSWORD_LEN} characters"
            )));
        }
        let salt: [u8; 16] = random()?;
        let hash = self
            .argon()
            .hash_password_with_salt(password.as_bytes(), &salt)
            .map_err(|e| Error::Config(format!("argon2: {e}")))?;
        Ok(hash.to_string())
    }

    /// Whether `password` matches `phc` (`None`: verify against the dummy, answer false).
    /// Takes the Argon2 time either way; run it off the async threads.
    pub fn verify(&self, password: &str, phc: Option<&str>) -> bool {
        let dummy;
        let target = match phc {
            Some(h) => h,
            None => {
                dummy = self.dummy.get_or_init(|| {
                    let pw: [u8; 16] = random().unwrap_or([7; 16]);
                    self.hash(&URL_SAFE_NO_PAD.encode(pw)).unwrap_or_default()
                });
                dummy.as_str()
            }
        };
        let password = if password.len() > 4 * MAX_PASSWORD_LEN {
            ""
        } else {
            password
        };
        let ok = match PasswordHash::new(target) {
            // The parameters come from the stored hash, so old hashes keep verifying after the
            // configured cost changes.
            Ok(h) => self
                .argon()
                .verify_password(password.as_bytes(), &h)
                .is_ok(),
            Err(_) => false,
        };
        ok && phc.is_some()
    }
}

/// A new session token (32 random bytes, base64url) and the SHA-256 the database keeps.
pub fn new_token() -> Result<(String, [u8; 32])> {
    let raw: [u8; 32] = random()?;
    let token = URL_SAFE_NO_PAD.encode(raw);
    let hash = token_hash(&token);
    Ok((token, hash))
}

/// The SHA-256 of a token, as stored: a copy of the database gives no usable session.
pub fn token_hash(token: &str) -> [u8; 32] {
    vneid_core::keys::sha256(token.as_bytes())
}

/// A token bucket per key: `per_minute` requests a minute, in bursts of as many; time from
/// the injected clock (whole seconds).
#[derive(Debug)]
pub struct RateLimiter<K> {
    per_minute: u32,
    buckets: Mutex<HashMap<K, (f64, UnixTime)>>,
}

/// Most keys tracked; beyond it, full buckets are dropped (they are the same as absent ones).
const MAX_KEYS: usize = 100_000;

impl<K: std::hash::Hash + Eq + Clone> RateLimiter<K> {
    /// A limiter of `per_minute` (0: no limit).
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `key` at `now`: `Ok` or `Err(seconds to wait)`.
    pub fn check(&self, key: &K, now: UnixTime) -> std::result::Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let cap = f64::from(self.per_minute);
        let rate = cap / 60.0;
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_KEYS && !map.contains_key(key) {
            map.retain(|_, (tokens, at)| *tokens + (now - *at) as f64 * rate < cap);
        }
        let (tokens, at) = map.entry(key.clone()).or_insert((cap, now));
        let elapsed = (now - *at).max(0) as f64;
        *tokens = (*tokens + elapsed * rate).min(cap);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / rate).ceil().max(1.0) as u64)
        }
    }
}

/// A client address as logs show it: IPv4 to its /24, IPv6 to its /48 (enough to see abuse,
/// not enough to name a subscriber).
pub fn masked_addr(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            format!("{}.{}.{}.0/24", o[0], o[1], o[2])
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast() -> ServiceConfig {
        ServiceConfig {
            argon2_memory_kib: 256,
            argon2_iterations: 1,
            ..ServiceConfig::default()
        }
    }

    #[test]
    fn passwords_hash_and_verify() {
        let p = Passwords::new(&fast()).unwrap();
        let h = p.hash("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$v=19$"));
        assert!(p.verify("correct horse", Some(&h)));
        assert!(!p.verify("wrong horse", Some(&h)));
        assert!(!p.verify("correct horse", None));
        assert!(!p.verify("correct horse", Some("garbage")));
        assert!(p.hash("short").is_err());
        assert!(p.hash(&"x".repeat(129)).is_err());
    }

    #[test]
    fn rate_limiter_refills_with_the_clock() {
        let l = RateLimiter::new(3);
        for _ in 0..3 {
            assert!(l.check(&1, 100).is_ok());
        }
        assert_eq!(l.check(&1, 100), Err(20));
        assert!(l.check(&2, 100).is_ok(), "keys are separate");
        assert!(l.check(&1, 120).is_ok());
        assert!(l.check(&1, 120).is_err());
        assert!(RateLimiter::new(0).check(&1, 0).is_ok());
    }

    #[test]
    fn addresses_are_masked() {
        assert_eq!(
            masked_addr("203.0.113.77".parse().unwrap()),
            "203.0.113.0/24"
        );
        assert_eq!(
            masked_addr("2001:db8:1:2::7".parse().unwrap()),
            "2001:db8:1::/48"
        );
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, ha) = new_token().unwrap();
        let (b, _) = new_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(token_hash(&a), ha);
        assert_eq!(a.len(), 43);
    }
}
