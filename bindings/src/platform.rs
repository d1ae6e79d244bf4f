//! What the app implements for the core: the device keystore, secret storage and the clock
//! (foreign traits), the adapters that make them core traits, and Rust implementations of each
//! for tests, demos and the desktop.

use std::sync::Arc;

use vneid_core::clock::{Clock as CoreClock, SystemClock, UnixTime};
use vneid_core::keys::{PublicKey, Signer, SIGNATURE_LEN};
use vneid_core::wallet::SecretStore;
use vneid_core::Error as CoreError;

use crate::error::{stash_foreign, ApiError, ApiResult};

/// The platform keystore holding the device's P-256 key: Android Keystore (StrongBox when
/// there is one) or the iOS Secure Enclave. The private key never leaves it; the core only
/// asks for the public key and for signatures.
///
/// An Android implementation: `KeyPairGenerator.getInstance("EC", "AndroidKeyStore")` with
/// `KeyGenParameterSpec.Builder(alias, PURPOSE_SIGN).setAlgorithmParameterSpec(
/// ECGenParameterSpec("secp256r1")).setDigests(DIGEST_SHA256)`, returning
/// `publicKey.encoded` and `Signature.getInstance("SHA256withECDSA").sign()` as they are.
/// An iOS one: `SecKeyCreateRandomKey` with `kSecAttrTokenIDSecureEnclave`, returning
/// `SecKeyCopyExternalRepresentation` of the public key and
/// `SecKeyCreateSignature(.ecdsaSignatureMessageX962SHA256)` as they are. The core converts
/// (DER, SPKI) and checks every value (on the curve, a signature that verifies).
#[uniffi::export(with_foreign)]
pub trait DeviceKeystore: Send + Sync {
    /// The public key of the P-256 key stored under `alias`, creating the key first if there
    /// is none, in the platform's form: X.509 `SubjectPublicKeyInfo` (DER; Android's
    /// `publicKey.encoded`) or SEC1 (X9.62) uncompressed, 65 bytes `04 || x || y` (iOS).
    fn get_or_create_key(&self, alias: String) -> Result<Vec<u8>, ApiError>;

    /// Signs `message` with the key under `alias`: ES256, i.e. SHA-256 of the message then
    /// ECDSA P-256, in the platform's form: DER `ECDSA-Sig-Value` (both platforms' APIs) or
    /// raw `r || s` (64 bytes).
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
        let encoded = keystore.get_or_create_key(alias.clone())?;
        let public = PublicKey::from_platform(&encoded).map_err(|_| {
            ApiError::keystore(format!(
                "the public key must be a P-256 SubjectPublicKeyInfo (DER) or SEC1 point, got \
                 {} bytes that are neither",
                encoded.len()
            ))
        })?;
        Ok(KeystoreSigner {
            keystore,
            alias,
            public,
        })
    }
}

pub(crate) fn keystore_failure(e: ApiError) -> CoreError {
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
        let raw = vneid_core::keys::signature_from_platform(&sig).map_err(|_| {
            keystore_failure(ApiError::keystore(format!(
                "a signature must be DER ECDSA-Sig-Value or raw r || s ({SIGNATURE_LEN} bytes), \
                 got {} bytes that are neither",
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
        assert_eq!(pk.len(), 65);
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

        /// What Android hands out: SPKI keys and DER signatures (or, broken, a cut key and a
        /// DER header glued on a raw signature).
        struct Platform {
            inner: SoftwareKeystore,
            broken: bool,
        }
        fn der_int(half: &[u8]) -> Vec<u8> {
            let mut v: Vec<u8> = half.iter().copied().skip_while(|b| *b == 0).collect();
            if v.first().is_none_or(|b| b & 0x80 != 0) {
                v.insert(0, 0);
            }
            let mut out = vec![0x02, v.len() as u8];
            out.extend(v);
            out
        }
        impl DeviceKeystore for Platform {
            fn get_or_create_key(&self, alias: String) -> Result<Vec<u8>, ApiError> {
                let k = self.inner.get_or_create_key(alias)?;
                if self.broken {
                    return Ok(k[..33].to_vec());
                }
                let mut spki = vneid_core::testing::unhex(
                    "3059301306072a8648ce3d020106082a8648ce3d030107034200",
                )
                .unwrap();
                spki.extend(k);
                Ok(spki)
            }
            fn sign(&self, alias: String, message: Vec<u8>) -> Result<Vec<u8>, ApiError> {
                let raw = self.inner.sign(alias, message)?;
                if self.broken {
                    let mut der = vec![0x30, 0x44, 0x02, 0x20];
                    der.extend(raw);
                    return Ok(der);
                }
                let body = [der_int(&raw[..32]), der_int(&raw[32..])].concat();
                let mut der = vec![0x30, body.len() as u8];
                der.extend(body);
                Ok(der)
            }
        }
        let android: Arc<dyn DeviceKeystore> = Arc::new(Platform {
            inner: SoftwareKeystore::default(),
            broken: false,
        });
        let s = KeystoreSigner::open(android.clone(), "k".into()).unwrap();
        let sig = crate::error::through_core(|| s.sign(b"x")).unwrap();
        s.public_key().unwrap().verify(b"x", &sig).unwrap();
        // A DER header glued on a raw signature is neither form.
        let glued = Platform {
            inner: SoftwareKeystore::default(),
            broken: true,
        };
        glued.inner.get_or_create_key("k".into()).unwrap();
        let glued: Arc<dyn DeviceKeystore> = Arc::new(glued);
        let s = KeystoreSigner {
            public: KeystoreSigner::open(android, "k".into()).unwrap().public,
            keystore: glued.clone(),
            alias: "k".into(),
        };
        match crate::error::through_core(|| s.sign(b"x")) {
            Err(ApiError::Keystore { detail }) => assert!(detail.contains("DER"), "{detail}"),
            other => panic!("{other:?}"),
        }
        // Half a key is no key.
        assert!(matches!(
            KeystoreSigner::open(glued, "k".into()),
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
