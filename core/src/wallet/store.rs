//! The wallet at rest: one file, AES-256-GCM (`ring::aead`) under a 32-byte data key that a
//! [`SecretStore`] keeps (the platform keystore on a phone; `testing::FileSecretStore` for the
//! CLI; `testing::MemorySecretStore` for tests).
//!
//! File layout (`docs/wallet-protocol.md` §5), all integers big-endian:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `VNWALLET` |
//! | 8 | 2 | format version (1) |
//! | 10 | 8 | key id: HMAC-SHA256(data key, `"vneid wallet key id v1"`)[..8] |
//! | 18 | 12 | nonce, random for every write |
//! | 30 | 4 | length of what follows (ciphertext and 16-byte tag) |
//! | 34 | n | AES-256-GCM ciphertext ‖ tag; the 34 header bytes are the AAD |
//!
//! Reading tells apart, each as its own error: not a wallet file ([`Error::Corrupt`]), a
//! version this build does not read ([`Error::UnsupportedVersion`]), a file shorter than its
//! header says ([`Error::Truncated`]), a key that is not the one it was written with
//! ([`Error::WrongKey`], from the key id, before any decryption), and damaged or altered
//! content ([`Error::Corrupt`], from the GCM tag). None of them ever reads as an empty wallet.

use std::fmt;
use std::path::Path;

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use ring::hmac;

use crate::storage;
pub use crate::storage::SecretStore;
use crate::{Error, Result};

/// Magic at the start of a wallet file.
pub const WALLET_MAGIC: [u8; 8] = *b"VNWALLET";
/// The format version this build writes and reads.
pub const WALLET_FORMAT_VERSION: u16 = 1;
/// Header length; the header is the AEAD's associated data.
pub const WALLET_HEADER_LEN: usize = 34;
/// Largest wallet file read, checked before reading.
pub const MAX_WALLET_BYTES: usize = 4 * 1024 * 1024;
/// Length of the data key.
pub const DATA_KEY_LEN: usize = 32;
/// Name of the wallet's data key in the [`SecretStore`].
pub const WALLET_KEY_NAME: &str = "wallet-data-key";

const TAG_LEN: usize = 16;
const KEY_ID_LABEL: &[u8] = b"vneid wallet key id v1";
const WHAT: &str = "wallet file";

/// The wallet's data key, ready for AES-256-GCM, with its key id.
pub(crate) struct DataKey {
    aead: LessSafeKey,
    id: [u8; 8],
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DataKey(id {})", crate::hex(&self.id))
    }
}

impl DataKey {
    /// From the 32 secret bytes.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Self> {
        if bytes.len() != DATA_KEY_LEN {
            return Err(Error::Keystore(format!(
                "the wallet data key must be {DATA_KEY_LEN} bytes"
            )));
        }
        let aead =
            LessSafeKey::new(UnboundKey::new(&AES_256_GCM, bytes).map_err(|_| Error::Crypto)?);
        let tag = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, bytes), KEY_ID_LABEL);
        let mut id = [0u8; 8];
        id.copy_from_slice(&tag.as_ref()[..8]);
        Ok(DataKey { aead, id })
    }

    /// 32 fresh random bytes for a new key.
    pub(crate) fn generate() -> Result<[u8; DATA_KEY_LEN]> {
        let mut k = [0u8; DATA_KEY_LEN];
        crate::keys::random_bytes(&mut k)?;
        Ok(k)
    }

    /// The key id written in the file header (reveals nothing about the key).
    #[cfg(test)]
    pub(crate) fn id(&self) -> [u8; 8] {
        self.id
    }

    /// The key under `name` in `secrets`; `None` if there is none.
    pub(crate) fn load(secrets: &dyn SecretStore, name: &str) -> Result<Option<Self>> {
        secrets.get(name)?.map(|b| Self::from_bytes(&b)).transpose()
    }

    /// The key under `name`, made and stored first if there is none.
    pub(crate) fn load_or_create(secrets: &dyn SecretStore, name: &str) -> Result<Self> {
        if let Some(k) = Self::load(secrets, name)? {
            return Ok(k);
        }
        let fresh = Self::generate()?;
        secrets.put(name, &fresh)?;
        // Read it back: a keystore that does not keep what it is given must fail here, not
        // after papers were written under a key that is gone.
        Self::load(secrets, name)?.ok_or_else(|| {
            Error::Keystore("the secret store did not keep the wallet data key".into())
        })
    }
}

fn header(key_id: &[u8; 8], nonce: &[u8; NONCE_LEN], len: u32) -> [u8; WALLET_HEADER_LEN] {
    let mut h = [0u8; WALLET_HEADER_LEN];
    h[..8].copy_from_slice(&WALLET_MAGIC);
    h[8..10].copy_from_slice(&WALLET_FORMAT_VERSION.to_be_bytes());
    h[10..18].copy_from_slice(key_id);
    h[18..30].copy_from_slice(nonce);
    h[30..34].copy_from_slice(&len.to_be_bytes());
    h
}

/// Encrypts `plaintext` into a wallet file's bytes with a fresh random nonce.
pub(crate) fn seal(key: &DataKey, plaintext: &[u8]) -> Result<Vec<u8>> {
    let len = plaintext.len() + TAG_LEN;
    if WALLET_HEADER_LEN + len > MAX_WALLET_BYTES {
        return Err(Error::TooLarge {
            what: WHAT,
            len: WALLET_HEADER_LEN + len,
            limit: MAX_WALLET_BYTES,
        });
    }
    let mut nonce = [0u8; NONCE_LEN];
    crate::keys::random_bytes(&mut nonce)?;
    let h = header(&key.id, &nonce, len as u32);
    let mut body = plaintext.to_vec();
    key.aead
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(&h[..]),
            &mut body,
        )
        .map_err(|_| Error::Crypto)?;
    let mut out = Vec::with_capacity(WALLET_HEADER_LEN + body.len());
    out.extend_from_slice(&h);
    out.extend_from_slice(&body);
    Ok(out)
}

/// Decrypts a wallet file's bytes; every way it can fail is its own typed error.
pub(crate) fn open(key: &DataKey, file: &[u8]) -> Result<Vec<u8>> {
    crate::cose::check_len(file.len(), MAX_WALLET_BYTES, WHAT)?;
    let truncated = |expected| Error::Truncated {
        what: WHAT,
        len: file.len(),
        expected,
    };
    let corrupt = |detail: &str| Error::Corrupt {
        what: WHAT,
        detail: detail.to_owned(),
    };
    // The magic first: a prefix of it is a truncated wallet, anything else is not a wallet.
    let m = file.len().min(WALLET_MAGIC.len());
    if file[..m] != WALLET_MAGIC[..m] {
        return Err(corrupt("not a wallet file"));
    }
    if file.len() < 10 {
        return Err(truncated(WALLET_HEADER_LEN));
    }
    if u16::from_be_bytes([file[8], file[9]]) != WALLET_FORMAT_VERSION {
        return Err(Error::UnsupportedVersion { what: WHAT });
    }
    if file.len() < WALLET_HEADER_LEN {
        return Err(truncated(WALLET_HEADER_LEN));
    }
    let (h, body) = file.split_at(WALLET_HEADER_LEN);
    if h[10..18] != key.id {
        return Err(Error::WrongKey { what: WHAT });
    }
    let len = u32::from_be_bytes([h[30], h[31], h[32], h[33]]) as usize;
    if !(TAG_LEN..=MAX_WALLET_BYTES).contains(&len) {
        return Err(corrupt("impossible length in header"));
    }
    if body.len() < len {
        return Err(truncated(WALLET_HEADER_LEN + len));
    }
    if body.len() > len {
        return Err(corrupt("bytes after the end"));
    }
    let nonce: [u8; NONCE_LEN] = h[18..30].try_into().map_err(|_| corrupt("bad nonce"))?;
    let mut buf = body.to_vec();
    let plain = key
        .aead
        .open_in_place(Nonce::assume_unique_for_key(nonce), Aad::from(h), &mut buf)
        .map_err(|_| corrupt("authentication failed: damaged or altered"))?;
    Ok(plain.to_vec())
}

/// Reads a wallet file from disk (size-checked before reading) and decrypts it.
pub(crate) fn read_file(path: &Path, key: &DataKey) -> Result<Vec<u8>> {
    let bytes = storage::read_limited(path, MAX_WALLET_BYTES, WHAT)?;
    open(key, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> DataKey {
        DataKey::from_bytes(&DataKey::generate().unwrap()).unwrap()
    }

    #[test]
    fn seal_open_round_trip_with_fresh_nonces() {
        let k = key();
        let a = seal(&k, b"papers").unwrap();
        let b = seal(&k, b"papers").unwrap();
        assert_ne!(a, b);
        assert_eq!(open(&k, &a).unwrap(), b"papers");
        assert_eq!(open(&k, &b).unwrap(), b"papers");
        assert_eq!(a.len(), WALLET_HEADER_LEN + 6 + 16);
    }

    #[test]
    fn each_failure_has_its_own_error() {
        let k = key();
        let file = seal(&k, b"some papers here").unwrap();
        assert!(matches!(open(&key(), &file), Err(Error::WrongKey { .. })));
        let mut v = file.clone();
        v[9] = 2;
        assert!(matches!(
            open(&k, &v),
            Err(Error::UnsupportedVersion { .. })
        ));
        assert!(matches!(
            open(&k, b"PK\x03\x04 a zip file, not a wallet at all......."),
            Err(Error::Corrupt { .. })
        ));
        for n in 0..file.len() {
            assert!(
                matches!(open(&k, &file[..n]), Err(Error::Truncated { .. })),
                "truncated at {n}"
            );
        }
        let mut longer = file.clone();
        longer.push(0);
        assert!(matches!(open(&k, &longer), Err(Error::Corrupt { .. })));
        // Any flipped bit is an error, never a wallet.
        for i in 0..file.len() {
            for bit in [0x01, 0x80] {
                let mut v = file.clone();
                v[i] ^= bit;
                assert!(open(&k, &v).is_err(), "flip {bit:#x} at {i} accepted");
            }
        }
        // Ciphertext and tag flips are reported as damage.
        let mut v = file.clone();
        v[WALLET_HEADER_LEN + 2] ^= 1;
        assert!(matches!(open(&k, &v), Err(Error::Corrupt { .. })));
        // The header is authenticated: a changed nonce fails too.
        let mut v = file.clone();
        v[20] ^= 1;
        assert!(matches!(open(&k, &v), Err(Error::Corrupt { .. })));
    }

    #[test]
    fn data_keys_come_from_the_secret_store() {
        let s = crate::testing::MemorySecretStore::new();
        assert!(DataKey::load(&s, "k").unwrap().is_none());
        let a = DataKey::load_or_create(&s, "k").unwrap();
        let b = DataKey::load_or_create(&s, "k").unwrap();
        assert_eq!(a.id(), b.id());
        s.put("short", &[1; 16]).unwrap();
        assert!(matches!(
            DataKey::load(&s, "short"),
            Err(Error::Keystore(_))
        ));
        assert!(!format!("{a:?}").is_empty());
    }
}
