//! P-256 keys: the [`Signer`] trait a platform keystore implements, a software signer on
//! `ring`, public keys (SEC1, with point compression for the QR), and ES256 verification.
//!
//! Only P-256 / ES256: it is the one curve both the Secure Enclave and the Android Keystore hold.

use std::fmt;

use num_bigint::BigUint;
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, KeyPair};

use crate::{Error, Result};

/// Length of a raw ES256 signature: `r || s`, 32 bytes each (RFC 9053 §2.1).
pub const SIGNATURE_LEN: usize = 64;

/// Something that holds a P-256 private key and signs with ES256.
///
/// The private key never leaves the implementation: a platform keystore (Android Keystore,
/// Secure Enclave) implements this across the FFI; [`SoftwareSigner`] is for tests, the CLI and
/// the authority.
pub trait Signer: Send + Sync {
    /// The public key, uncompressed SEC1 (`04 || x || y`).
    fn public_key(&self) -> Result<PublicKey>;
    /// ES256 signature over `message` (SHA-256 then ECDSA), as raw `r || s`.
    fn sign(&self, message: &[u8]) -> Result<[u8; SIGNATURE_LEN]>;
}

impl<S: Signer + ?Sized> Signer for std::sync::Arc<S> {
    fn public_key(&self) -> Result<PublicKey> {
        (**self).public_key()
    }
    fn sign(&self, message: &[u8]) -> Result<[u8; SIGNATURE_LEN]> {
        (**self).sign(message)
    }
}

impl<S: Signer + ?Sized> Signer for Box<S> {
    fn public_key(&self) -> Result<PublicKey> {
        (**self).public_key()
    }
    fn sign(&self, message: &[u8]) -> Result<[u8; SIGNATURE_LEN]> {
        (**self).sign(message)
    }
}

/// A P-256 key held in memory, on `ring`.
pub struct SoftwareSigner {
    pair: EcdsaKeyPair,
    pkcs8: Vec<u8>,
    rng: SystemRandom,
}

impl SoftwareSigner {
    /// A fresh random key.
    pub fn generate() -> Result<Self> {
        let rng = SystemRandom::new();
        let doc = EcdsaKeyPair::generate_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
            .map_err(|_| Error::Crypto)?;
        Self::from_pkcs8(doc.as_ref())
    }

    /// A key from its PKCS#8 document (as written by [`SoftwareSigner::pkcs8`]).
    pub fn from_pkcs8(pkcs8: &[u8]) -> Result<Self> {
        let rng = SystemRandom::new();
        let pair =
            EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8, &rng)
                .map_err(|_| Error::Crypto)?;
        Ok(SoftwareSigner {
            pair,
            pkcs8: pkcs8.to_vec(),
            rng,
        })
    }

    /// The PKCS#8 document, to store the key. Secret: handle as such.
    pub fn pkcs8(&self) -> &[u8] {
        &self.pkcs8
    }
}

impl fmt::Debug for SoftwareSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the private key.
        f.debug_struct("SoftwareSigner").finish_non_exhaustive()
    }
}

impl Signer for SoftwareSigner {
    fn public_key(&self) -> Result<PublicKey> {
        PublicKey::from_sec1(self.pair.public_key().as_ref())
    }

    fn sign(&self, message: &[u8]) -> Result<[u8; SIGNATURE_LEN]> {
        let sig = self
            .pair
            .sign(&self.rng, message)
            .map_err(|_| Error::Crypto)?;
        let raw: [u8; SIGNATURE_LEN] = sig.as_ref().try_into().map_err(|_| Error::Crypto)?;
        Ok(normalize_low_s(raw))
    }
}

/// A P-256 public key, held uncompressed (`04 || x || y`) as `ring` wants it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PublicKey([u8; 65]);

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", crate::hex(&self.0[1..9]))
    }
}

impl PublicKey {
    /// From SEC1: uncompressed (65 bytes) or compressed (33 bytes). The point must be on the
    /// curve.
    pub fn from_sec1(bytes: &[u8]) -> Result<Self> {
        match bytes.len() {
            65 if bytes[0] == 0x04 => {
                let x: [u8; 32] = bytes[1..33].try_into().map_err(|_| Error::Crypto)?;
                let y: [u8; 32] = bytes[33..65].try_into().map_err(|_| Error::Crypto)?;
                Self::from_coordinates(&x, &y)
            }
            33 if bytes[0] == 0x02 || bytes[0] == 0x03 => {
                let x: [u8; 32] = bytes[1..33].try_into().map_err(|_| Error::Crypto)?;
                Self::from_compressed(&x, bytes[0] == 0x03)
            }
            _ => Err(Error::Crypto),
        }
    }

    /// From what a platform keystore hands out: an X.509 `SubjectPublicKeyInfo` (DER; Android's
    /// `PublicKey.getEncoded()`), which must name id-ecPublicKey on P-256, or SEC1 (X9.62)
    /// uncompressed or compressed (iOS's `SecKeyCopyExternalRepresentation`). Anything else, or
    /// a point not on the curve, is [`Error::Crypto`].
    pub fn from_platform(bytes: &[u8]) -> Result<Self> {
        if bytes.first() == Some(&0x30) {
            use der::Decode;
            const EC_PUBLIC_KEY: der::asn1::ObjectIdentifier =
                der::asn1::ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
            const P256: der::asn1::ObjectIdentifier =
                der::asn1::ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
            let spki = spki::SubjectPublicKeyInfoRef::from_der(bytes).map_err(|_| Error::Crypto)?;
            let curve = spki.algorithm.parameters_oid().map_err(|_| Error::Crypto)?;
            if spki.algorithm.oid != EC_PUBLIC_KEY || curve != P256 {
                return Err(Error::Crypto);
            }
            let point = spki.subject_public_key.as_bytes().ok_or(Error::Crypto)?;
            return Self::from_sec1(point);
        }
        Self::from_sec1(bytes)
    }

    /// From affine coordinates; checks the point is on the curve.
    pub fn from_coordinates(x: &[u8; 32], y: &[u8; 32]) -> Result<Self> {
        let c = Curve::get();
        let xi = BigUint::from_bytes_be(x);
        let yi = BigUint::from_bytes_be(y);
        if xi >= c.p || yi >= c.p || (&yi * &yi) % &c.p != c.rhs(&xi) {
            return Err(Error::Crypto);
        }
        let mut out = [0u8; 65];
        out[0] = 0x04;
        out[1..33].copy_from_slice(x);
        out[33..].copy_from_slice(y);
        Ok(PublicKey(out))
    }

    /// From the x coordinate and the parity of y (`true` = odd, SEC1 prefix `03`): point
    /// decompression, so the QR carries 33 bytes of device key instead of 65.
    pub fn from_compressed(x: &[u8; 32], y_odd: bool) -> Result<Self> {
        let c = Curve::get();
        let xi = BigUint::from_bytes_be(x);
        if xi >= c.p {
            return Err(Error::Crypto);
        }
        let rhs = c.rhs(&xi);
        // p ≡ 3 (mod 4), so a square root of rhs is rhs^((p+1)/4).
        let mut y = rhs.modpow(&c.sqrt_exp, &c.p);
        if (&y * &y) % &c.p != rhs {
            return Err(Error::Crypto); // x is not on the curve
        }
        if y.bit(0) != y_odd {
            y = &c.p - &y;
        }
        let yb = y.to_bytes_be();
        let mut out = [0u8; 65];
        out[0] = 0x04;
        out[1..33].copy_from_slice(x);
        out[65 - yb.len()..].copy_from_slice(&yb);
        Ok(PublicKey(out))
    }

    /// Uncompressed SEC1 bytes.
    pub fn sec1(&self) -> &[u8; 65] {
        &self.0
    }

    /// The x coordinate.
    pub fn x(&self) -> &[u8] {
        &self.0[1..33]
    }

    /// The y coordinate.
    pub fn y(&self) -> &[u8] {
        &self.0[33..65]
    }

    /// Compressed SEC1 (`02`/`03 || x`): 33 bytes.
    pub fn compressed(&self) -> [u8; 33] {
        let mut out = [0u8; 33];
        out[0] = if self.y_is_odd() { 0x03 } else { 0x02 };
        out[1..].copy_from_slice(self.x());
        out
    }

    /// Whether y is odd (the compressed form's sign bit).
    pub fn y_is_odd(&self) -> bool {
        self.0[64] & 1 == 1
    }

    /// Verifies an ES256 signature (raw `r || s`) over `message`. Only the low-`s` form is
    /// accepted (`s ≤ n/2`): an ECDSA signature and its twin `(r, n − s)` both verify
    /// mathematically, and accepting both would give every signed value two encodings. Any
    /// failure, of any kind, is the one opaque [`Error::Crypto`].
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<()> {
        if signature.len() != SIGNATURE_LEN || !is_low_s(signature) {
            return Err(Error::Crypto);
        }
        signature::UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, &self.0[..])
            .verify(message, signature)
            .map_err(|_| Error::Crypto)
    }

    /// A short key identifier: the first `len` bytes of SHA-256 over the uncompressed key.
    pub fn key_id(&self, len: usize) -> Vec<u8> {
        let d = ring::digest::digest(&ring::digest::SHA256, &self.0);
        d.as_ref()[..len.min(32)].to_vec()
    }

    /// [`PublicKey::key_id`] in hex, for screens and logs (`root key id 1a2b3c4d`).
    pub fn key_id_hex(&self, len: usize) -> String {
        crate::hex(&self.key_id(len))
    }
}

struct Curve {
    p: BigUint,
    b: BigUint,
    sqrt_exp: BigUint,
    /// The group order.
    n: BigUint,
    /// ⌊n / 2⌋: the largest low `s`.
    half_n: BigUint,
}

impl Curve {
    fn get() -> &'static Curve {
        static CURVE: std::sync::OnceLock<Curve> = std::sync::OnceLock::new();
        CURVE.get_or_init(|| {
            let hex = |s: &str| BigUint::parse_bytes(s.as_bytes(), 16).expect("constant");
            let p = hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
            let b = hex("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");
            let sqrt_exp = (&p + 1u32) >> 2;
            let n = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
            let half_n = &n >> 1;
            Curve {
                p,
                b,
                sqrt_exp,
                n,
                half_n,
            }
        })
    }

    /// x³ − 3x + b mod p.
    fn rhs(&self, x: &BigUint) -> BigUint {
        let p = &self.p;
        let x3 = (x * x % p) * x % p;
        let three_x = (x * 3u32) % p;
        (x3 + p - three_x + &self.b) % p
    }
}

/// Whether a raw `r || s` signature has the low `s` (`s ≤ n/2`) this project signs and
/// accepts.
pub fn is_low_s(signature: &[u8]) -> bool {
    signature.len() == SIGNATURE_LEN
        && BigUint::from_bytes_be(&signature[32..]) <= Curve::get().half_n
}

/// The low-`s` twin of a raw `r || s` signature (`s` replaced by `n − s` when `s > n/2`):
/// the same signature, in the one form verifiers accept. Every signer's output goes through
/// it, whatever the platform keystore returned.
pub fn normalize_low_s(signature: [u8; SIGNATURE_LEN]) -> [u8; SIGNATURE_LEN] {
    if is_low_s(&signature) {
        return signature;
    }
    let c = Curve::get();
    let s = BigUint::from_bytes_be(&signature[32..]);
    if s >= c.n {
        return signature; // not a signature at all; verification refuses it
    }
    let low = (&c.n - s).to_bytes_be();
    let mut out = signature;
    out[32..].fill(0);
    out[64 - low.len()..].copy_from_slice(&low);
    out
}

/// Fills `out` from the operating system's secure random source.
pub(crate) fn random_bytes(out: &mut [u8]) -> Result<()> {
    use ring::rand::SecureRandom;
    SystemRandom::new().fill(out).map_err(|_| Error::Crypto)
}

/// SHA-256.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let d = ring::digest::digest(&ring::digest::SHA256, data);
    let mut out = [0u8; 32];
    out.copy_from_slice(d.as_ref());
    out
}

/// A signature as a platform keystore hands it out: raw `r ‖ s` (64 bytes), or DER
/// `ECDSA-Sig-Value` (Android's `Signature.sign()`, iOS's `SecKeyCreateSignature` with
/// `ecdsaSignatureMessageX962SHA256`), as raw `r ‖ s`. Integers longer than 32 bytes, a
/// negative one, or trailing bytes are [`Error::Crypto`].
pub fn signature_from_platform(bytes: &[u8]) -> Result<[u8; SIGNATURE_LEN]> {
    if bytes.len() == SIGNATURE_LEN && bytes[0] != 0x30 {
        return bytes.try_into().map_err(|_| Error::Crypto);
    }
    #[derive(der::Sequence)]
    struct EcdsaSigValue<'a> {
        r: der::asn1::UintRef<'a>,
        s: der::asn1::UintRef<'a>,
    }
    use der::Decode;
    let sig = match EcdsaSigValue::from_der(bytes) {
        Ok(s) => s,
        // 64 raw bytes that happen to start with 0x30.
        Err(_) if bytes.len() == SIGNATURE_LEN => {
            return bytes.try_into().map_err(|_| Error::Crypto)
        }
        Err(_) => return Err(Error::Crypto),
    };
    let mut out = [0u8; SIGNATURE_LEN];
    for (i, n) in [sig.r.as_bytes(), sig.s.as_bytes()].into_iter().enumerate() {
        if n.len() > 32 {
            return Err(Error::Crypto);
        }
        out[i * 32 + 32 - n.len()..(i + 1) * 32].copy_from_slice(n);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixed `SubjectPublicKeyInfo` prefix of a P-256 key (id-ecPublicKey, prime256v1).
    const P256_SPKI_PREFIX: &str = "3059301306072a8648ce3d020106082a8648ce3d030107034200";

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn platform_keys_and_signatures_convert_and_verify() {
        let signer = SoftwareSigner::generate().unwrap();
        let key = signer.public_key().unwrap();
        // SPKI (Android), uncompressed and compressed SEC1 (iOS) all give the key.
        let mut spki = unhex(P256_SPKI_PREFIX);
        spki.extend_from_slice(key.sec1());
        assert_eq!(PublicKey::from_platform(&spki).unwrap(), key);
        assert_eq!(PublicKey::from_platform(key.sec1()).unwrap(), key);
        assert_eq!(PublicKey::from_platform(&key.compressed()).unwrap(), key);
        // Another curve's OID, trailing bytes, a truncated key: refused.
        let mut p384 = spki.clone();
        let at = p384.len() - 65 - 3 - 1; // last byte of the curve OID
        p384[at] ^= 0x01;
        assert!(PublicKey::from_platform(&p384).is_err());
        let mut longer = spki.clone();
        longer.push(0);
        assert!(PublicKey::from_platform(&longer).is_err());
        assert!(PublicKey::from_platform(&spki[..spki.len() - 1]).is_err());

        // DER signatures (what both platforms return) become raw r ‖ s that verify.
        let rng = SystemRandom::new();
        let asn1 = EcdsaKeyPair::from_pkcs8(
            &signature::ECDSA_P256_SHA256_ASN1_SIGNING,
            signer.pkcs8(),
            &rng,
        )
        .unwrap();
        let mut padded = 0;
        for i in 0..64u8 {
            let msg = [i; 10];
            let der = asn1.sign(&rng, &msg).unwrap();
            let der = der.as_ref();
            // Integers with a high bit carry a 0x00: some signatures are 71 or 72 bytes.
            if der.len() != 70 {
                padded += 1;
            }
            let raw = signature_from_platform(der).unwrap();
            key.verify(&msg, &normalize_low_s(raw)).unwrap();
            let mut trailing = der.to_vec();
            trailing.push(0);
            assert!(signature_from_platform(&trailing).is_err());
            assert!(signature_from_platform(&der[..der.len() - 1]).is_err());
        }
        assert!(padded > 0, "no signature exercised the leading zero");
        // Raw passes through; anything else is refused.
        let raw = signer.sign(b"m").unwrap();
        assert_eq!(signature_from_platform(&raw).unwrap(), raw);
        assert!(signature_from_platform(&[0u8; 63]).is_err());
        // An integer of 33 bytes without the sign padding is not a P-256 scalar.
        let mut big = vec![0x30, 0x46, 0x02, 0x21];
        big.extend([0x01; 33]);
        big.extend([0x02, 0x21]);
        big.extend([0x01; 33]);
        assert!(signature_from_platform(&big).is_err());
    }

    #[test]
    fn sign_and_verify_round_trip() {
        let k = SoftwareSigner::generate().unwrap();
        let pk = k.public_key().unwrap();
        let sig = k.sign(b"hello").unwrap();
        pk.verify(b"hello", &sig).unwrap();
        assert!(pk.verify(b"hellO", &sig).is_err());
        let mut bad = sig;
        bad[10] ^= 1;
        assert!(pk.verify(b"hello", &bad).is_err());
        assert!(pk.verify(b"hello", &sig[..63]).is_err());
    }

    #[test]
    fn only_low_s_signatures_are_made_and_accepted() {
        let k = SoftwareSigner::generate().unwrap();
        let pk = k.public_key().unwrap();
        let n = Curve::get().n.clone();
        for i in 0..64u8 {
            let msg = [i; 5];
            let sig = k.sign(&msg).unwrap();
            assert!(is_low_s(&sig), "signer made a high-s signature");
            pk.verify(&msg, &sig).unwrap();
            // The high-s twin verifies mathematically; it is refused.
            let s = BigUint::from_bytes_be(&sig[32..]);
            let high = (&n - s).to_bytes_be();
            let mut twin = sig;
            twin[32..].fill(0);
            twin[64 - high.len()..].copy_from_slice(&high);
            assert!(pk.verify(&msg, &twin).is_err(), "high-s twin accepted");
            assert_eq!(normalize_low_s(twin), sig);
        }
    }

    #[test]
    fn pkcs8_round_trip_keeps_the_key() {
        let k = SoftwareSigner::generate().unwrap();
        let k2 = SoftwareSigner::from_pkcs8(k.pkcs8()).unwrap();
        assert_eq!(k.public_key().unwrap(), k2.public_key().unwrap());
        assert!(SoftwareSigner::from_pkcs8(b"not a key").is_err());
    }

    #[test]
    fn compression_round_trips_for_many_keys() {
        for _ in 0..50 {
            let pk = SoftwareSigner::generate().unwrap().public_key().unwrap();
            let x: [u8; 32] = pk.x().try_into().unwrap();
            let back = PublicKey::from_compressed(&x, pk.y_is_odd()).unwrap();
            assert_eq!(back, pk);
            let flipped = PublicKey::from_compressed(&x, !pk.y_is_odd()).unwrap();
            assert_ne!(flipped, pk);
        }
    }

    #[test]
    fn points_off_the_curve_are_rejected() {
        let pk = SoftwareSigner::generate().unwrap().public_key().unwrap();
        let mut sec1 = *pk.sec1();
        sec1[40] ^= 0x01;
        assert!(PublicKey::from_sec1(&sec1).is_err());
        // Roughly half of all x values have no point; find one and check it is refused.
        let mut refused = 0;
        for i in 0u8..16 {
            let mut x = [0x11u8; 32];
            x[31] = i;
            if PublicKey::from_compressed(&x, false).is_err() {
                refused += 1;
            }
        }
        assert!(refused > 0);
        assert!(PublicKey::from_compressed(&[0xff; 32], false).is_err()); // x >= p
        assert!(PublicKey::from_sec1(&[0x05; 65]).is_err());
        assert!(PublicKey::from_sec1(&[]).is_err());
    }
}
