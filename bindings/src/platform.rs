//! What the app implements for the core: the device keystore, secret storage and the clock
//! (foreign traits), the adapters that make them core traits, and Rust implementations of each
//! for tests, demos and the desktop.

use std::sync::Arc;

use vneid_core::clock::{Clock as CoreClock, SystemClock, UnixTime};
use vneid_core::keys::{PublicKey, Signer, SIGNATURE_LEN};
use vneid_core::wallet::SecretStore;
use vneid_core::Error as CoreError;

use crate::error::{stash_foreign, ApiError, ApiResult};

/// Length of an uncompressed SEC1 P-256 public key: `04 || x || y`.
pub const PUBLIC_KEY_LEN: usize = 65;

/// The platform keystore holding the device's P-256 key: Android Keystore (StrongBox when
/// there is one) or the iOS Secure Enclave. The private key never leaves it; the core only
/// asks for the public key and for signatures.
///
/// An Android implementation: `KeyPairGenerator.getInstance("EC", "AndroidKeyStore")` with
/// `KeyGenParameterSpec.Builder(alias, PURPOSE_SIGN).setAlgorithmParameterSpec(
/// ECGenParameterSpec("secp256r1")).setDigests(DIGEST_SHA256)`; sign with
/// `Signature.getInstance("SHA256withECDSA")` and convert its DER output to raw `r || s`.
/// An iOS one: `SecKeyCreateRandomKey` with `kSecAttrTokenIDSecureEnclave`, and
/// `SecKeyCreateSignature(.ecdsaSignatureMessageX962SHA256)` (DER too).
#[uniffi::export(with_foreign)]
pub trait DeviceKeystore: Send + Sync {
    /// The public key of the P-256 key stored under `alias`, creating the key first if there
    /// is none. Uncompressed SEC1, 65 bytes: `04 || x || y` (on Android, the last 65 bytes of
    /// `publicKey.encoded`; on iOS, `SecKeyCopyExternalRepresentation` of the public key).
    fn get_or_create_key(&self, alias: String) -> Result<Vec<u8>, ApiError>;

    /// Signs `message` with the key under `alias`: ES256, i.e. SHA-256 of the message then
    /// ECDSA P-256. Returns the raw signature `r || s`, 64 bytes, each half big-endian and
    /// left-padded with zeros; platform APIs return DER, which must be converted.
    /// Throw `ApiError.Keystore` when the key is gone or the user cancelled.
    fn sign(&self, alias: String, message: Vec<u8>) -> Result<Vec<u8>, ApiError>;
}

/// Secret storage for small secrets such as the wallet's data key: Android's
/// `EncryptedSharedPreferences` or a value wrapped with a Keystore AES key; the iOS Keychain.
#[uniffi::export(with_foreign)]
pub trait SecretStorage: Send + Sync {
    /// The secret stored under `name`, or `null`/`nil` when there is none.
    fn get(&self, name: String) -> Result<Option<Vec<u8>>, ApiError>;

    /// Stores (or replaces) the secret under `name`, durably, before returning.
    fn put(&self, name: String, secret: Vec<u8>) -> Result<(), ApiError>;
}

/// The time. Every decision about a QR's 60 seconds reads it; apps pass the system clock
/// (`system_clock`), tests a clock they move by hand.
#[uniffi::export(with_foreign)]
pub trait Clock: Send + Sync {
    /// Now, in whole seconds since 1970-01-01T00:00:00Z. Must not throw.
    fn now_unix_seconds(&self) -> i64;
}

/// The device key as the core sees it: a `Signer` over a `DeviceKeystore` and an alias.
/// It checks what the keystore returns (a 65-byte point on the curve, 64-byte signatures that
/// verify), so that a wrong keystore implementation fails here, loudly, and not in the field.
pub(crate) struct KeystoreSigner {
    keystore: Arc<dyn DeviceKeystore>,
    alias: String,
    public: PublicKey,
}

impl KeystoreSigner {
    /// Creates or looks up the key under `alias`.
    pub(crate) fn open(keystore: Arc<dyn DeviceKeystore>, alias: String) -> ApiResult<Self> {
        if alias.is_empty() || alias.len() > 256 {
            return Err(ApiError::invalid("key alias must be 1..=256 bytes"));
        }
        let sec1 = keystore.get_or_create_key(alias.clone())?;
        if sec1.len() != PUBLIC_KEY_LEN || sec1[0] != 0x04 {
            return Err(ApiError::keystore(format!(
                "the public key must be uncompressed SEC1 ({PUBLIC_KEY_LEN} bytes starting 04), \
                 got {} bytes",
                sec1.len()
            )));
        }
        let public = PublicKey::from_sec1(&sec1)
            .map_err(|_| ApiError::keystore("the public key is not a P-256 point"))?;
        Ok(KeystoreSigner {
            keystore,
            alias,
            public,
        })
    }
}

fn keystore_failure(e: ApiError) -> CoreError {
    let detail = e.to_string();
    stash_foreign(e);
    CoreError::Keystore(detail)
}

impl Signer for KeystoreSigner {
    fn public_key(&self) -> vneid_core::Result<PublicKey> {
        Ok(self.public.clone())
    }

    fn sign(&self, message: &[u8]) -> vneid_core::Result<[u8; SIGNATURE_LEN]> {
        let sig = self
            .keystore
            .sign(self.alias.clone(), message.to_vec())
            .map_err(keystore_failure)?;
        let raw: [u8; SIGNATURE_LEN] = sig.as_slice().try_into().map_err(|_| {
            keystore_failure(ApiError::keystore(format!(
                "a signature must be raw r || s, {SIGNATURE_LEN} bytes, got {} bytes \
                 (convert DER to raw)",
                sig.len()
            )))
        })?;
        // Platform keystores return either twin of an ECDSA signature; the protocol takes the
        // low-s one only (one encoding per signed value).
        let raw = vneid_core::keys::normalize_low_s(raw);
        self.public.verify(message, &raw).map_err(|_| {
            keystore_failure(ApiError::keystore(
                "the signature does not verify with the key's public key",
            ))
        })?;
        Ok(raw)
    }
}

/// The core's secret store over a foreign `SecretStorage`.
pub(crate) struct ForeignSecrets(pub(crate) Arc<dyn SecretStorage>);

fn storage_failure(e: ApiError) -> CoreError {
    let detail = e.to_string();
    stash_foreign(e);
    CoreError::Keystore(detail)
}

impl SecretStore for ForeignSecrets {
    fn get(&self, name: &str) -> vneid_core::Result<Option<Vec<u8>>> {
        self.0.get(name.to_owned()).map_err(storage_failure)
    }

    fn put(&self, name: &str, secret: &[u8]) -> vneid_core::Result<()> {
        self.0
            .put(name.to_owned(), secret.to_vec())
            .map_err(storage_failure)
    }
}

/// The core clock over a foreign `Clock`.
pub(crate) struct ForeignClock(pub(crate) Arc<dyn Clock>);

impl CoreClock for ForeignClock {
    fn now(&self) -> UnixTime {
        self.0.now_unix_seconds()
    }
}

/// Turns a foreign clock into the core's.
pub(crate) fn core_clock(clock: Arc<dyn Clock>) -> Arc<dyn CoreClock> {
    Arc::new(ForeignClock(clock))
}

/// The device's real clock.
struct SystemTime;

impl Clock for SystemTime {
    fn now_unix_seconds(&self) -> i64 {
        SystemClock.now()
    }
}

/// The device's real clock (what an app passes in production).
#[uniffi::export]
pub fn system_clock() -> Arc<dyn Clock> {
    Arc::new(SystemTime)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{ManualClock, SoftwareKeystore};

    #[test]
    fn software_keystore_creates_once_and_signs_raw() {
        let ks = SoftwareKeystore::default();
        let pk = ks.get_or_create_key("a".into()).unwrap();
        assert_eq!(pk.len(), PUBLIC_KEY_LEN);
        assert_eq!(ks.get_or_create_key("a".into()).unwrap(), pk);
        assert_ne!(ks.get_or_create_key("b".into()).unwrap(), pk);
        let sig = ks.sign("a".into(), b"m".to_vec()).unwrap();
        assert_eq!(sig.len(), SIGNATURE_LEN);
        PublicKey::from_sec1(&pk)
            .unwrap()
            .verify(b"m", &sig)
            .unwrap();
        assert!(matches!(
            ks.sign("nope".into(), b"m".to_vec()),
            Err(ApiError::Keystore { .. })
        ));
    }

    #[test]
    fn keystore_signer_checks_what_the_keystore_returns() {
        let ks: Arc<dyn DeviceKeystore> = Arc::new(SoftwareKeystore::default());
        let s = KeystoreSigner::open(ks.clone(), "k".into()).unwrap();
        let sig = s.sign(b"hello").unwrap();
        s.public_key().unwrap().verify(b"hello", &sig).unwrap();
        assert!(KeystoreSigner::open(ks, String::new()).is_err());

        /// Returns a DER signature, the classic mistake; or a short key.
        struct Wrong {
            inner: SoftwareKeystore,
            short_key: bool,
        }
        impl DeviceKeystore for Wrong {
            fn get_or_create_key(&self, alias: String) -> Result<Vec<u8>, ApiError> {
                let k = self.inner.get_or_create_key(alias)?;
                Ok(if self.short_key { k[..33].to_vec() } else { k })
            }
            fn sign(&self, alias: String, message: Vec<u8>) -> Result<Vec<u8>, ApiError> {
                let mut der = vec![0x30, 0x44, 0x02, 0x20];
                der.extend(self.inner.sign(alias, message)?);
                Ok(der)
            }
        }
        let der: Arc<dyn DeviceKeystore> = Arc::new(Wrong {
            inner: SoftwareKeystore::default(),
            short_key: false,
        });
        let s = KeystoreSigner::open(der, "k".into()).unwrap();
        let r = crate::error::through_core(|| s.sign(b"x"));
        match r {
            Err(ApiError::Keystore { detail }) => assert!(detail.contains("raw"), "{detail}"),
            other => panic!("{other:?}"),
        }
        let short: Arc<dyn DeviceKeystore> = Arc::new(Wrong {
            inner: SoftwareKeystore::default(),
            short_key: true,
        });
        assert!(matches!(
            KeystoreSigner::open(short, "k".into()),
            Err(ApiError::Keystore { .. })
        ));
    }

    #[test]
    fn a_signature_by_another_key_is_caught() {
        struct Swapped(SoftwareKeystore);
        impl DeviceKeystore for Swapped {
            fn get_or_create_key(&self, alias: String) -> Result<Vec<u8>, ApiError> {
                self.0.get_or_create_key(alias)
            }
            fn sign(&self, _alias: String, message: Vec<u8>) -> Result<Vec<u8>, ApiError> {
                self.0.get_or_create_key("other".into())?;
                self.0.sign("other".into(), message)
            }
        }
        let s = KeystoreSigner::open(Arc::new(Swapped(SoftwareKeystore::default())), "k".into())
            .unwrap();
        assert!(matches!(
            crate::error::through_core(|| s.sign(b"x")),
            Err(ApiError::Keystore { .. })
        ));
    }

    #[test]
    fn clocks() {
        let c = ManualClock::new(1_000);
        c.advance(61);
        assert_eq!(c.now_unix_seconds(), 1_061);
        c.set(5);
        let core = core_clock(c.clone());
        assert_eq!(core.now(), 5);
        assert!(system_clock().now_unix_seconds() > 1_704_067_200);
    }
}
