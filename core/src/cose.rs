//! COSE_Sign1 (RFC 9052) with ES256, and small CBOR helpers, on `coset` + `ciborium`.
//!
//! Every parse is preceded by a size check, so hostile input is bounded before `ciborium`
//! sees it; `ciborium` itself limits nesting depth.
//!
//! **One encoding per value.** Everything this crate writes is deterministic CBOR (RFC 8949
//! §4.2.1: shortest integers and lengths, definite lengths, map keys sorted by their encoded
//! bytes), and everything it reads must be: a value is decoded, encoded again
//! deterministically, and refused unless the bytes are the same. So a token cannot be
//! re-encoded (indefinite lengths, long-form lengths, reordered maps) into a second valid
//! form. ES256 signatures must have a low `s` (see [`crate::keys`]), and protected headers may
//! hold only the parameters a format defines.

use ciborium::value::{Integer, Value};
use coset::{
    iana, AsCborValue, CborSerializable, CoseSign1, CoseSign1Builder, Header, HeaderBuilder,
};

use crate::keys::{PublicKey, Signer};
use crate::{Error, Result};

/// COSE header label `kcwt` (RFC 9528 §10.9): a CWT carrying the sender's key in `cnf`.
pub const HEADER_KCWT: i64 = 13;

/// Signs `payload` as a COSE_Sign1 with ES256. `protected` should not set the algorithm;
/// it is set here. The signature is normalised to low `s`, whatever the signer returned.
pub fn sign1(protected: HeaderBuilder, payload: Vec<u8>, signer: &dyn Signer) -> Result<CoseSign1> {
    let protected = protected.algorithm(iana::Algorithm::ES256).build();
    CoseSign1Builder::new()
        .protected(protected)
        .payload(payload)
        .try_create_signature(b"", |tbs| {
            signer
                .sign(tbs)
                .map(|s| crate::keys::normalize_low_s(s).to_vec())
        })
        .map(|b| b.build())
}

/// Verifies a COSE_Sign1's ES256 signature with `key`. The algorithm must be ES256 in the
/// protected header (never trusted from the unprotected one). One opaque error on any failure.
pub fn verify1(msg: &CoseSign1, key: &PublicKey) -> Result<()> {
    let alg_ok = matches!(
        msg.protected.header.alg,
        Some(coset::Algorithm::Assigned(iana::Algorithm::ES256))
    );
    if !alg_ok || msg.payload.is_none() {
        return Err(Error::Crypto);
    }
    msg.verify_signature(b"", |sig, tbs| key.verify(tbs, sig))
}

/// Parses an untagged or tagged COSE_Sign1 of at most `limit` bytes, in deterministic CBOR
/// (the protected header's bytes too), with no unprotected header, and no header parameter
/// outside `allowed` (the algorithm is always allowed). Any other tag is refused.
pub fn parse_sign1_strict(
    bytes: &[u8],
    limit: usize,
    what: &'static str,
    allowed: &[HeaderParam],
) -> Result<CoseSign1> {
    let value = from_cbor(bytes, limit, what)?;
    let inner = match value {
        Value::Tag(18, inner) => *inner,
        Value::Tag(..) => return Err(Error::malformed(what)),
        v => v,
    };
    let msg = CoseSign1::from_cbor_value(inner).map_err(|_| Error::malformed(what))?;
    check_header_profile(&msg, allowed, what)?;
    // The high-s twin of a signature is a second encoding of the same signed value.
    if !crate::keys::is_low_s(&msg.signature) {
        return Err(Error::malformed(what));
    }
    Ok(msg)
}

/// Parses an untagged or tagged COSE_Sign1 of at most `limit` bytes (see
/// [`parse_sign1_strict`]; here any of our header parameters is allowed).
pub fn parse_sign1(bytes: &[u8], limit: usize, what: &'static str) -> Result<CoseSign1> {
    parse_sign1_strict(bytes, limit, what, HeaderParam::ALL)
}

/// The protected-header parameters our formats use besides the algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderParam {
    /// `kid` (4): the signer's key id (certificates, lists, papers).
    KeyId,
    /// `content type` (3): what a signed list is (trust or revocation list).
    ContentType,
    /// `kcwt` (13): the device certificate in a device-signed envelope.
    Kcwt,
}

impl HeaderParam {
    /// All of them.
    pub const ALL: &'static [HeaderParam] = &[
        HeaderParam::KeyId,
        HeaderParam::ContentType,
        HeaderParam::Kcwt,
    ];
}

/// No unprotected header; the protected header deterministic and holding nothing but the
/// algorithm and the `allowed` parameters: no `crit`, `iv` (5), `partial iv` (6), counter
/// signature (7) or any other label.
fn check_header_profile(
    msg: &CoseSign1,
    allowed: &[HeaderParam],
    what: &'static str,
) -> Result<()> {
    let bad = || Error::malformed(what);
    if !msg.unprotected.is_empty() {
        return Err(bad());
    }
    let h = &msg.protected.header;
    let has = |p| allowed.contains(&p);
    let extras_ok = h
        .rest
        .iter()
        .all(|(l, _)| *l == coset::Label::Int(HEADER_KCWT) && has(HeaderParam::Kcwt));
    if !h.crit.is_empty()
        || !h.iv.is_empty()
        || !h.partial_iv.is_empty()
        || !h.counter_signatures.is_empty()
        || (!h.key_id.is_empty() && !has(HeaderParam::KeyId))
        || (h.content_type.is_some() && !has(HeaderParam::ContentType))
        || !extras_ok
    {
        return Err(bad());
    }
    // The protected header is a bstr holding a map: that map must be deterministic too.
    if let Some(original) = &msg.protected.original_data {
        if !original.is_empty() {
            from_cbor(original, original.len(), what)?;
        }
    }
    Ok(())
}

/// Serializes a COSE_Sign1, tagged (18) or not.
pub fn encode_sign1(msg: CoseSign1, tagged: bool) -> Result<Vec<u8>> {
    let v = msg
        .to_cbor_value()
        .map_err(|_| Error::malformed("COSE_Sign1"))?;
    to_cbor(&if tagged {
        Value::Tag(18, Box::new(v))
    } else {
        v
    })
}

/// Fails with [`Error::TooLarge`] past `limit`.
pub fn check_len(len: usize, limit: usize, what: &'static str) -> Result<()> {
    if len > limit {
        Err(Error::TooLarge { what, len, limit })
    } else {
        Ok(())
    }
}

/// Encodes a CBOR value deterministically (RFC 8949 §4.2.1): `ciborium` writes shortest
/// integers and lengths and definite lengths; map keys are sorted here, by their encoded bytes.
pub fn to_cbor(v: &Value) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    ciborium::into_writer(&deterministic(v.clone())?, &mut out)
        .map_err(|_| Error::malformed("CBOR"))?;
    Ok(out)
}

/// `v` with every map's entries in deterministic order (and floats refused: no format of
/// ours has any).
fn deterministic(v: Value) -> Result<Value> {
    Ok(match v {
        Value::Map(entries) => {
            let mut keyed = entries
                .into_iter()
                .map(|(k, v)| {
                    let k = deterministic(k)?;
                    let mut kb = Vec::new();
                    ciborium::into_writer(&k, &mut kb).map_err(|_| Error::malformed("CBOR"))?;
                    Ok((kb, k, deterministic(v)?))
                })
                .collect::<Result<Vec<_>>>()?;
            keyed.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Map(keyed.into_iter().map(|(_, k, v)| (k, v)).collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(deterministic).collect::<Result<_>>()?),
        Value::Tag(t, inner) => Value::Tag(t, Box::new(deterministic(*inner)?)),
        Value::Float(_) => return Err(Error::malformed("CBOR")),
        v => v,
    })
}

/// Decodes one CBOR value of at most `limit` bytes; trailing bytes are an error, and so is
/// any encoding but the deterministic one (the bytes must be what [`to_cbor`] writes).
pub fn from_cbor(bytes: &[u8], limit: usize, what: &'static str) -> Result<Value> {
    check_len(bytes.len(), limit, what)?;
    let v = Value::from_slice(bytes).map_err(|_| Error::malformed(what))?;
    if to_cbor(&v).map_err(|_| Error::malformed(what))? != bytes {
        return Err(Error::malformed(what));
    }
    Ok(v)
}

/// An unprotected-header-free header builder with a key id.
pub fn header_with_kid(kid: &[u8]) -> HeaderBuilder {
    HeaderBuilder::new().key_id(kid.to_vec())
}

/// Looks up an integer label among a header's extra parameters.
pub(crate) fn header_value(h: &Header, label: i64) -> Option<&Value> {
    h.rest
        .iter()
        .find(|(l, _)| *l == coset::Label::Int(label))
        .map(|(_, v)| v)
}

/// Reads a CBOR map with integer keys, refusing duplicates; typed getters consume entries.
pub(crate) struct MapReader {
    what: &'static str,
    entries: Vec<(i64, Value)>,
}

impl MapReader {
    /// From a value that must be a map with integer keys.
    pub(crate) fn new(v: Value, what: &'static str) -> Result<Self> {
        let Value::Map(m) = v else {
            return Err(Error::malformed(what));
        };
        let mut entries: Vec<(i64, Value)> = Vec::with_capacity(m.len());
        for (k, v) in m {
            let k = int(&k, what)?;
            if entries.iter().any(|(e, _)| *e == k) {
                return Err(Error::malformed(what));
            }
            entries.push((k, v));
        }
        Ok(MapReader { what, entries })
    }

    /// Removes and returns the value under `key`, if present.
    pub(crate) fn take(&mut self, key: i64) -> Option<Value> {
        let i = self.entries.iter().position(|(k, _)| *k == key)?;
        Some(self.entries.swap_remove(i).1)
    }

    /// A required value.
    pub(crate) fn req(&mut self, key: i64) -> Result<Value> {
        self.take(key).ok_or(Error::malformed(self.what))
    }

    /// A required integer.
    pub(crate) fn int(&mut self, key: i64) -> Result<i64> {
        let v = self.req(key)?;
        int(&v, self.what)
    }

    /// A required unsigned integer.
    pub(crate) fn uint(&mut self, key: i64) -> Result<u64> {
        match self.req(key)? {
            Value::Integer(i) => u64::try_from(i).map_err(|_| Error::malformed(self.what)),
            _ => Err(Error::malformed(self.what)),
        }
    }

    /// A required byte string.
    pub(crate) fn bytes(&mut self, key: i64) -> Result<Vec<u8>> {
        match self.req(key)? {
            Value::Bytes(b) => Ok(b),
            _ => Err(Error::malformed(self.what)),
        }
    }

    /// A required text string.
    pub(crate) fn text(&mut self, key: i64) -> Result<String> {
        match self.req(key)? {
            Value::Text(t) => Ok(t),
            _ => Err(Error::malformed(self.what)),
        }
    }

    /// A required array.
    pub(crate) fn array(&mut self, key: i64) -> Result<Vec<Value>> {
        match self.req(key)? {
            Value::Array(a) => Ok(a),
            _ => Err(Error::malformed(self.what)),
        }
    }

    /// Ends reading: any entry not taken is an error (for formats that allow no extras).
    pub(crate) fn finish(self) -> Result<()> {
        if self.entries.is_empty() {
            Ok(())
        } else {
            Err(Error::malformed(self.what))
        }
    }
}

/// An integer value that fits i64.
pub(crate) fn int(v: &Value, what: &'static str) -> Result<i64> {
    match v {
        Value::Integer(i) => i64::try_from(*i).map_err(|_| Error::malformed(what)),
        _ => Err(Error::malformed(what)),
    }
}

/// Shorthand for an integer-keyed map entry.
pub fn entry(k: i64, v: impl Into<Value>) -> (Value, Value) {
    (Value::Integer(Integer::from(k)), v.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::SoftwareSigner;

    #[test]
    fn sign1_verifies_and_any_flip_fails() {
        let k = SoftwareSigner::generate().unwrap();
        let msg = sign1(header_with_kid(b"k1"), b"payload".to_vec(), &k).unwrap();
        let bytes = encode_sign1(msg, true).unwrap();
        let pk = k.public_key().unwrap();
        let parsed = parse_sign1(&bytes, 1000, "test").unwrap();
        verify1(&parsed, &pk).unwrap();
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x01;
            if let Ok(m) = parse_sign1(&b, 1000, "test") {
                assert!(verify1(&m, &pk).is_err(), "flip at {i} still verifies");
            }
        }
    }

    #[test]
    fn verify_refuses_other_algorithms() {
        let k = SoftwareSigner::generate().unwrap();
        let pk = k.public_key().unwrap();
        let msg = CoseSign1Builder::new()
            .protected(
                HeaderBuilder::new()
                    .algorithm(iana::Algorithm::ES384)
                    .build(),
            )
            .payload(b"x".to_vec())
            .try_create_signature(b"", |tbs| k.sign(tbs).map(|s| s.to_vec()))
            .unwrap()
            .build();
        assert!(matches!(verify1(&msg, &pk), Err(Error::Crypto)));
    }

    #[test]
    fn oversized_and_truncated_input_are_typed_errors() {
        assert!(matches!(
            parse_sign1(&[0u8; 2000], 1000, "t"),
            Err(Error::TooLarge { .. })
        ));
        let k = SoftwareSigner::generate().unwrap();
        let bytes =
            encode_sign1(sign1(HeaderBuilder::new(), vec![1; 40], &k).unwrap(), false).unwrap();
        for n in 0..bytes.len() {
            assert!(matches!(
                parse_sign1(&bytes[..n], 1000, "t"),
                Err(Error::Malformed { .. })
            ));
        }
        // A byte string that claims 2^63 bytes.
        let huge = [0x84, 0x5b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        assert!(parse_sign1(&huge, 1000, "t").is_err());
    }

    #[test]
    fn map_reader_refuses_duplicates_and_wrong_types() {
        let m = Value::Map(vec![entry(1, 1), entry(1, 2)]);
        assert!(MapReader::new(m, "m").is_err());
        let mut r = MapReader::new(Value::Map(vec![entry(1, "x")]), "m").unwrap();
        assert!(r.int(1).is_err());
        assert!(r.int(2).is_err());
        assert!(MapReader::new(Value::Integer(3.into()), "m").is_err());
    }
}
