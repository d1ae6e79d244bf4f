//! Test support (feature `test-support`): the test clock, secrets in memory and in files (the
//! CLI's software keystore), and hex helpers for fixtures. The library the apps ship is built
//! without it; the CLI, the fixtures and the tests turn it on.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use crate::clock::TestClock;
pub use crate::hex::{hex, unhex};
use crate::storage;
use crate::wallet::SecretStore;
use crate::{Error, Result};

/// Secrets in memory, for tests.
#[derive(Default)]
pub struct MemorySecretStore {
    secrets: Mutex<HashMap<String, Vec<u8>>>,
}

impl fmt::Debug for MemorySecretStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemorySecretStore").finish_non_exhaustive()
    }
}

impl MemorySecretStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl SecretStore for MemorySecretStore {
    fn get(&self, name: &str) -> Result<Option<Vec<u8>>> {
        let s = self.secrets.lock().unwrap_or_else(|p| p.into_inner());
        Ok(s.get(name).cloned())
    }

    fn put(&self, name: &str, secret: &[u8]) -> Result<()> {
        let mut s = self.secrets.lock().unwrap_or_else(|p| p.into_inner());
        s.insert(name.to_owned(), secret.to_vec());
        Ok(())
    }
}

/// Secrets as files `<dir>/<name>.key`, mode 0600 in a 0700 directory that belongs to the
/// store, written atomically: the software keystore
/// of the CLI. It protects the key only as well as the directory is protected; a phone uses
/// its platform keystore instead.
#[derive(Clone, Debug)]
pub struct FileSecretStore {
    dir: PathBuf,
}

impl FileSecretStore {
    /// A store in `dir` (created on first `put`).
    pub fn new(dir: &Path) -> Self {
        FileSecretStore {
            dir: dir.to_owned(),
        }
    }

    fn path(&self, name: &str) -> Result<PathBuf> {
        let ok = !name.is_empty()
            && name.len() <= 64
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            return Err(Error::InvalidArgument(
                "secret names are 1..=64 of [A-Za-z0-9_-]".into(),
            ));
        }
        Ok(self.dir.join(format!("{name}.key")))
    }
}

impl SecretStore for FileSecretStore {
    fn get(&self, name: &str) -> Result<Option<Vec<u8>>> {
        let path = self.path(name)?;
        match storage::read_limited(&path, 4096, "secret") {
            Ok(b) => Ok(Some(b)),
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    fn put(&self, name: &str, secret: &[u8]) -> Result<()> {
        let path = self.path(name)?;
        // The directory is the store's own: owner only.
        storage::write_private(&path, secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_secret_store_round_trips_and_checks_names() {
        let d = tempfile::tempdir().unwrap();
        let s = FileSecretStore::new(&d.path().join("keys"));
        assert_eq!(s.get("wallet-data-key").unwrap(), None);
        s.put("wallet-data-key", &[7; 32]).unwrap();
        assert_eq!(s.get("wallet-data-key").unwrap(), Some(vec![7; 32]));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&d.path().join("keys")), 0o700);
            assert_eq!(mode(&d.path().join("keys/wallet-data-key.key")), 0o600);
        }
        for bad in ["", "../x", "a/b", "a.b"] {
            assert!(s.put(bad, b"x").is_err(), "{bad}");
        }
    }
}
