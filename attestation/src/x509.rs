//! X.509 through RustCrypto's `x509-cert`, signatures through `ring`: the chain steps shared by
//! Android Key Attestation and Apple App Attest.

use der::asn1::ObjectIdentifier as Oid;
use der::{Decode, Encode, Reader, SliceReader, Tag, Tagged};
use ring::signature::{self, UnparsedPublicKey, VerificationAlgorithm};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::Name;
use x509_cert::Certificate;

use crate::Refusal;

const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
const SHA256_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
const SHA384_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
const SHA512_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
const ECDSA_WITH_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_WITH_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
const SECP256R1: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
const SECP384R1: Oid = Oid::new_unwrap("1.3.132.0.34");

/// The kind of public key a certificate holds, as far as signature verification cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Rsa,
    EcP256,
    EcP384,
    Other,
}

/// A parsed certificate with the exact bytes its signature covers.
pub(crate) struct Cert<'a> {
    /// Position in the chain, leaf first (for refusals).
    pub index: usize,
    /// The DER `TBSCertificate`, as received.
    pub tbs: &'a [u8],
    pub cert: Certificate,
}

impl<'a> Cert<'a> {
    /// Parses one DER certificate: strict DER, nothing after it.
    pub fn parse(index: usize, der: &'a [u8]) -> Result<Self, Refusal> {
        let malformed = Refusal::CertificateMalformed { index };
        let cert = Certificate::from_der(der).map_err(|_| malformed.clone())?;
        // The signed bytes are the TBSCertificate exactly as received (not a re-encoding).
        let tbs = (|| -> der::Result<&'a [u8]> {
            let mut reader = SliceReader::new(der)?;
            let header = der::Header::decode(&mut reader)?;
            if header.tag() != Tag::Sequence {
                return Err(der::ErrorKind::Failed.into());
            }
            reader.tlv_bytes()
        })()
        .map_err(|_| malformed.clone())?;
        // RFC 5280 §4.1.1.2: the outer and inner signature algorithms must be the same.
        if cert.tbs_certificate().signature() != cert.signature_algorithm() {
            return Err(malformed);
        }
        Ok(Cert { index, tbs, cert })
    }

    /// The DER `SubjectPublicKeyInfo`.
    pub fn spki_der(&self) -> Vec<u8> {
        self.cert
            .tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .unwrap_or_default()
    }

    /// The `subjectPublicKey` bits: an RSAPublicKey DER, or a SEC1 EC point.
    pub fn public_key_bits(&self) -> &[u8] {
        self.cert
            .tbs_certificate()
            .subject_public_key_info()
            .subject_public_key
            .raw_bytes()
    }

    pub fn key_kind(&self) -> KeyKind {
        let alg = &self
            .cert
            .tbs_certificate()
            .subject_public_key_info()
            .algorithm;
        if alg.oid == RSA_ENCRYPTION {
            return KeyKind::Rsa;
        }
        if alg.oid != EC_PUBLIC_KEY {
            return KeyKind::Other;
        }
        let curve = alg
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<Oid>().ok());
        match curve {
            Some(c) if c == SECP256R1 => KeyKind::EcP256,
            Some(c) if c == SECP384R1 => KeyKind::EcP384,
            _ => KeyKind::Other,
        }
    }

    /// The P-256 public key as an uncompressed SEC1 point, if the certificate holds one.
    pub fn p256_point(&self) -> Option<&[u8]> {
        let bits = self.public_key_bits();
        (self.key_kind() == KeyKind::EcP256 && bits.len() == 65 && bits[0] == 0x04).then_some(bits)
    }

    /// True if the certificate is valid at `now` (Unix seconds), bounds included.
    pub fn valid_at(&self, now: i64) -> bool {
        let v = self.cert.tbs_certificate().validity();
        let secs = |t: x509_cert::time::Time| i64::try_from(t.to_unix_duration().as_secs()).ok();
        match (secs(v.not_before), secs(v.not_after)) {
            (Some(nb), Some(na)) => nb <= now && now <= na,
            _ => false,
        }
    }

    /// The serial number as lowercase hex without leading zeros ("0" for zero): the form of
    /// the keys of Google's attestation status list.
    pub fn serial_hex(&self) -> String {
        normalise_serial_bytes(self.cert.tbs_certificate().serial_number().as_bytes())
    }

    /// The values of every extension with this OID, in order.
    pub fn extensions(&self, oid: &Oid) -> Vec<&[u8]> {
        self.cert
            .tbs_certificate()
            .extensions()
            .map(|exts| {
                exts.iter()
                    .filter(|e| &e.extn_id == oid)
                    .map(|e| e.extn_value.as_bytes())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn issuer(&self) -> &Name {
        self.cert.tbs_certificate().issuer()
    }

    pub fn subject(&self) -> &Name {
        self.cert.tbs_certificate().subject()
    }
}

/// Hex of a big-endian serial number, lowercase, leading zero digits removed.
pub(crate) fn normalise_serial_bytes(bytes: &[u8]) -> String {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let trimmed = hex.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Verifies that `child` is signed by `issuer`'s key. Failures: an algorithm or key this
/// verifier does not take, or a signature that does not verify (opaque, as `ring` reports it).
pub(crate) fn verify_signed_by(child: &Cert<'_>, issuer: &Cert<'_>) -> Result<(), Refusal> {
    verify_signed_by_key(child, issuer.key_kind(), issuer.public_key_bits())
}

/// As [`verify_signed_by`], with the issuer's key given directly.
pub(crate) fn verify_signed_by_key(
    child: &Cert<'_>,
    issuer_kind: KeyKind,
    issuer_key: &[u8],
) -> Result<(), Refusal> {
    let index = child.index;
    let unsupported = Refusal::SignatureAlgorithmUnsupported { index };
    let sig_oid = child.cert.signature_algorithm().oid;
    let alg: &'static dyn VerificationAlgorithm = match (issuer_kind, sig_oid) {
        (KeyKind::Rsa, o) if o == SHA256_WITH_RSA => &signature::RSA_PKCS1_2048_8192_SHA256,
        (KeyKind::Rsa, o) if o == SHA384_WITH_RSA => &signature::RSA_PKCS1_2048_8192_SHA384,
        (KeyKind::Rsa, o) if o == SHA512_WITH_RSA => &signature::RSA_PKCS1_2048_8192_SHA512,
        (KeyKind::EcP256, o) if o == ECDSA_WITH_SHA256 => &signature::ECDSA_P256_SHA256_ASN1,
        (KeyKind::EcP256, o) if o == ECDSA_WITH_SHA384 => &signature::ECDSA_P256_SHA384_ASN1,
        (KeyKind::EcP384, o) if o == ECDSA_WITH_SHA256 => &signature::ECDSA_P384_SHA256_ASN1,
        (KeyKind::EcP384, o) if o == ECDSA_WITH_SHA384 => &signature::ECDSA_P384_SHA384_ASN1,
        _ => return Err(unsupported),
    };
    let sig = child.cert.signature().as_bytes().ok_or(unsupported)?;
    UnparsedPublicKey::new(alg, issuer_key)
        .verify(child.tbs, sig)
        .map_err(|_| Refusal::CertificateSignature { index })
}

/// Issuer and subject names compared as RFC 5280 §7.1 asks, simplified: the same RDNs in the
/// same order, each with the same attributes; string values compared after trimming, folding
/// runs of white space into one space and case folding (whatever their string type); other
/// values compared byte for byte.
pub(crate) fn names_match(a: &Name, b: &Name) -> bool {
    if a == b {
        return true;
    }
    let (ra, rb): (Vec<_>, Vec<_>) = (a.iter_rdn().collect(), b.iter_rdn().collect());
    ra.len() == rb.len()
        && ra.iter().zip(&rb).all(|(x, y)| {
            x.len() == y.len()
                && x.iter()
                    .all(|atv| y.iter().any(|other| atv_match(atv, other)))
        })
}

fn atv_match(a: &AttributeTypeAndValue, b: &AttributeTypeAndValue) -> bool {
    if a.oid != b.oid {
        return false;
    }
    match (normalised_string(&a.value), normalised_string(&b.value)) {
        (Some(x), Some(y)) => x == y,
        _ => a.value == b.value,
    }
}

fn normalised_string(value: &der::Any) -> Option<String> {
    let text = match value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::TeletexString => {
            String::from_utf8(value.value().to_vec()).ok()?
        }
        Tag::BmpString => {
            let units: Vec<u16> = value
                .value()
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16(&units).ok()?
        }
        _ => return None,
    };
    Some(
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_hex_is_lowercase_without_leading_zeros() {
        assert_eq!(normalise_serial_bytes(&[0x00, 0xb7, 0x0a]), "b70a");
        assert_eq!(normalise_serial_bytes(&[0x03, 0x88]), "388");
        assert_eq!(normalise_serial_bytes(&[0x00]), "0");
        assert_eq!(normalise_serial_bytes(&[]), "0");
    }
}
