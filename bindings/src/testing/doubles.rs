//! Rust implementations of what the app implements — a software keystore, secrets in memory,
//! a clock moved by hand — for tests and demos, never for a real device.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use vneid_core::clock::{Clock as CoreClock, TestClock};
use vneid_core::keys::{Signer, SoftwareSigner};

use crate::error::{ApiError, ApiResult};
use crate::platform::{Clock, DeviceKeystore, SecretStorage};
use crate::LiveObject;

/// Keys in memory (software P-256 on `ring`): for tests and demos, never for a real device.
#[derive(Default)]
pub struct SoftwareKeystore {
    keys: Mutex<HashMap<String, Arc<SoftwareSigner>>>,
}

impl SoftwareKeystore {
    fn key(&self, alias: &str) -> ApiResult<Arc<SoftwareSigner>> {
        let mut keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(k) = keys.get(alias) {
            return Ok(k.clone());
        }
        let k = Arc::new(SoftwareSigner::generate()?);
        keys.insert(alias.to_owned(), k.clone());
        Ok(k)
    }
}

impl DeviceKeystore for SoftwareKeystore {
    fn get_or_create_key(&self, alias: String) -> Result<Vec<u8>, ApiError> {
        Ok(self.key(&alias)?.public_key()?.sec1().to_vec())
    }

    fn sign(&self, alias: String, message: Vec<u8>) -> Result<Vec<u8>, ApiError> {
        let keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        let key = keys
            .get(&alias)
            .ok_or_else(|| ApiError::keystore("no key under this alias"))?;
        Ok(key.sign(&message)?.to_vec())
    }
}

/// Secrets in memory: for tests and demos.
#[derive(Default)]
pub struct MemorySecretStorage {
    secrets: Mutex<HashMap<String, Vec<u8>>>,
}

impl SecretStorage for MemorySecretStorage {
    fn get(&self, name: String) -> Result<Option<Vec<u8>>, ApiError> {
        let s = self.secrets.lock().unwrap_or_else(|p| p.into_inner());
        Ok(s.get(&name).cloned())
    }

    fn put(&self, name: String, secret: Vec<u8>) -> Result<(), ApiError> {
        let mut s = self.secrets.lock().unwrap_or_else(|p| p.into_inner());
        s.insert(name, secret);
        Ok(())
    }
}

/// A keystore holding software keys in memory: for tests and demos. A real app implements
/// `DeviceKeystore` over the platform keystore instead.
#[uniffi::export]
pub fn software_keystore() -> Arc<dyn DeviceKeystore> {
    Arc::new(SoftwareKeystore::default())
}

/// Secret storage in memory: for tests and demos.
#[uniffi::export]
pub fn memory_secret_storage() -> Arc<dyn SecretStorage> {
    Arc::new(MemorySecretStorage::default())
}

/// A clock that moves only when told to: for tests and demos (show what a scan says 61
/// seconds later). It is itself a `Clock`.
#[derive(uniffi::Object)]
pub struct ManualClock {
    inner: TestClock,
    _live: LiveObject,
}

#[uniffi::export]
impl ManualClock {
    /// A clock stopped at `now` (Unix seconds).
    #[uniffi::constructor]
    pub fn new(now: i64) -> Arc<Self> {
        Arc::new(ManualClock {
            inner: TestClock::at(now),
            _live: LiveObject::new(),
        })
    }

    /// Sets the time.
    pub fn set(&self, now: i64) {
        self.inner.set(now);
    }

    /// Moves the time by `seconds` (negative goes back).
    pub fn advance(&self, seconds: i64) {
        self.inner.advance(seconds);
    }
}

#[uniffi::export]
impl Clock for ManualClock {
    /// The time it was set to.
    fn now_unix_seconds(&self) -> i64 {
        self.inner.now()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_storage_round_trips() {
        let s = MemorySecretStorage::default();
        assert_eq!(s.get("k".into()).unwrap(), None);
        s.put("k".into(), vec![1, 2]).unwrap();
        s.put("k".into(), vec![3]).unwrap();
        assert_eq!(s.get("k".into()).unwrap(), Some(vec![3]));
    }
}
