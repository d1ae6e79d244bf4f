//! A paper presentation (format version 2): the QR a citizen shows for a paper, disclosing
//! only chosen fields.
//!
//! A tagged COSE_Sign1 by the **device key the paper was issued to** (the MSO binds it), over
//! `[cti, iat, exp = iat + 60, issuer-signed paper, disclosures, proof]`: the disclosed fields
//! `[id, value, salt]` and the hash-tree nodes that rebuild the signed root from them. No device
//! certificate is embedded (it was ~190 bytes and carried the holder's identity): the paper
//! names the device's key and certificate serial, so one scan still proves, offline, that the
//! paper is genuine (issuer signature), each shown value is the one the issuer signed (tree
//! root), the paper is presented by the device it was issued to (device signature under the
//! MSO's key), neither the device nor the paper is revoked (serials on the list), and it is
//! fresh (60 seconds).
//!
//! Byte layout: `docs/wallet-protocol.md` §3. Verification: [`crate::verifier`].

use std::fmt;

use ciborium::value::Value;
use coset::HeaderBuilder;

use crate::certificate::Serial;
use crate::clock::UnixTime;
use crate::cose;
use crate::keys::Signer;
use crate::paper::held::{disclosure, HeldField};
use crate::paper::merkle::{self, Hash, HASH_LEN};
use crate::paper::{Paper, SignedMso, MAX_FIELDS};
use crate::qrtext::{self, Payload, TimedQr};
use crate::token::{TokenId, TOKEN_VALIDITY_SECS};
use crate::{Error, Result};

/// Largest presentation accepted, checked before parsing (a QR text of
/// [`qrtext::MAX_QR_TEXT`] digits holds at most 1,686 bytes).
pub const MAX_PRESENTATION_BYTES: usize = 2048;

/// A presentation QR, with what the countdown needs.
#[derive(Clone, PartialEq, Eq)]
pub struct PresentationQr {
    /// The QR text and its 60-second window (`text`, `issued_at`, `expires_at`,
    /// `seconds_left`, … through `Deref`).
    pub qr: TimedQr,
    /// The paper's serial.
    pub paper_serial: Serial,
    /// The paper's type code.
    pub type_code: String,
    /// Keys of the disclosed fields, in the type's order.
    pub fields: Vec<String>,
}

impl std::ops::Deref for PresentationQr {
    type Target = TimedQr;
    fn deref(&self) -> &TimedQr {
        &self.qr
    }
}

impl fmt::Debug for PresentationQr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresentationQr")
            .field("type_code", &self.type_code)
            .field("paper_serial", &self.paper_serial)
            .field("fields", &self.fields)
            .field("expires_at", &self.qr.expires_at)
            .finish_non_exhaustive()
    }
}

/// Makes a presentation QR of `paper` disclosing `fields` (keys; order and repeats do not
/// matter; empty shows only the paper's type and validity), signed by the device key, valid
/// 60 s from `now`. Refuses a paper issued to another device key (the officer would see
/// "wrong holder"), an unknown field, and a result too large for a QR.
pub fn present(
    paper: &Paper,
    fields: &[&str],
    device: &dyn Signer,
    now: UnixTime,
) -> Result<PresentationQr> {
    let bytes = create(paper, fields, device, now, TokenId::random()?)?;
    let text = qrtext::encode(Payload::Presentation, &bytes);
    cose::check_len(text.len(), qrtext::MAX_QR_TEXT, "presentation QR text")?;
    Ok(PresentationQr {
        qr: TimedQr {
            text,
            issued_at: now,
            expires_at: now + TOKEN_VALIDITY_SECS,
        },
        paper_serial: paper.serial(),
        type_code: paper.paper_type().code.to_owned(),
        fields: chosen(paper, fields)?
            .iter()
            .map(|f| f.spec.key.to_owned())
            .collect(),
    })
}

fn chosen<'p>(paper: &'p Paper, fields: &[&str]) -> Result<Vec<&'p HeldField>> {
    let ty = paper.paper_type();
    for key in fields {
        if ty.field(key).is_none() {
            return Err(Error::InvalidArgument(format!(
                "{} has no field {key}",
                ty.code
            )));
        }
        if paper.value(key).is_none() {
            return Err(Error::NotFound {
                what: "field on this paper",
            });
        }
    }
    Ok(paper
        .fields()
        .iter()
        .filter(|f| fields.contains(&f.spec.key))
        .collect())
}

/// The presentation's bytes (tagged COSE_Sign1), for a given `cti` (fixtures) — see
/// [`present`].
pub fn create(
    paper: &Paper,
    fields: &[&str],
    device: &dyn Signer,
    issued_at: UnixTime,
    id: TokenId,
) -> Result<Vec<u8>> {
    if paper.holder().device_key != device.public_key()? {
        return Err(Error::InvalidArgument(
            "the paper was issued to another device key".into(),
        ));
    }
    let shown = chosen(paper, fields)?;
    let disclosed: Vec<usize> = paper
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| shown.iter().any(|s| s.spec.id == f.spec.id))
        .map(|(i, _)| i)
        .collect();
    let proof = merkle::proof(&paper.leaves()?, &disclosed);
    sign(
        device,
        issued_at,
        id,
        paper.signed(),
        shown.into_iter().map(disclosure).collect(),
        &proof,
    )
}

/// Signs a presentation from its parts, as [`create`] does (tests build hostile ones).
pub fn sign(
    device: &dyn Signer,
    issued_at: UnixTime,
    id: TokenId,
    paper: &SignedMso,
    disclosures: Vec<Value>,
    proof: &[Hash],
) -> Result<Vec<u8>> {
    let payload = Value::Array(vec![
        Value::Bytes(id.0.to_vec()),
        issued_at.into(),
        (issued_at + TOKEN_VALIDITY_SECS).into(),
        Value::Bytes(paper.to_bytes().to_vec()),
        Value::Array(disclosures),
        Value::Array(proof.iter().map(|h| Value::Bytes(h.to_vec())).collect()),
    ]);
    let sign1 = cose::sign1(HeaderBuilder::new(), cose::to_cbor(&payload)?, device)?;
    let bytes = cose::encode_sign1(sign1, true)?;
    cose::check_len(bytes.len(), MAX_PRESENTATION_BYTES, "presentation")?;
    Ok(bytes)
}

/// A parsed (not yet verified) presentation.
#[derive(Clone)]
pub struct Presentation {
    /// Token id.
    pub id: TokenId,
    /// When it was made (`iat`).
    pub issued_at: UnixTime,
    /// When it stops being valid (`exp`), exclusive.
    pub expires_at: UnixTime,
    /// The issuer-signed paper.
    pub paper: SignedMso,
    /// Disclosures, still raw: read them only under the verified paper type.
    disclosed: Vec<Value>,
    /// The hash-tree nodes that rebuild the root with the disclosed leaves.
    pub proof: Vec<Hash>,
    sign1: coset::CoseSign1,
}

impl fmt::Debug for Presentation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Presentation")
            .field("id", &self.id)
            .field("paper", &self.paper)
            .finish_non_exhaustive()
    }
}

impl Presentation {
    /// Parses a presentation and its paper. Verifies nothing.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        const WHAT: &str = "presentation";
        let bad = || Error::malformed(WHAT);
        cose::check_len(bytes.len(), MAX_PRESENTATION_BYTES, WHAT)?;
        // Tag 18 is required: one presentation, one encoding. No header but the algorithm.
        if bytes.first() != Some(&0xd2) {
            return Err(bad());
        }
        let sign1 = cose::parse_sign1_strict(bytes, MAX_PRESENTATION_BYTES, WHAT, &[])?;
        let payload = sign1.payload.as_deref().ok_or_else(bad)?;
        let Value::Array(a) = cose::from_cbor(payload, MAX_PRESENTATION_BYTES, WHAT)? else {
            return Err(bad());
        };
        let [Value::Bytes(cti), iat, exp, Value::Bytes(paper), Value::Array(disclosed), Value::Array(proof)] =
            <[Value; 6]>::try_from(a).map_err(|_| bad())?
        else {
            return Err(bad());
        };
        if disclosed.len() > MAX_FIELDS || proof.len() > MAX_FIELDS {
            return Err(bad());
        }
        let proof = proof
            .into_iter()
            .map(|v| match v {
                Value::Bytes(b) if b.len() == HASH_LEN => {
                    Ok(b.as_slice().try_into().map_err(|_| bad())?)
                }
                _ => Err(bad()),
            })
            .collect::<Result<Vec<Hash>>>()?;
        Ok(Presentation {
            id: TokenId(cti.as_slice().try_into().map_err(|_| bad())?),
            issued_at: cose::int(&iat, WHAT)?,
            expires_at: cose::int(&exp, WHAT)?,
            paper: SignedMso::parse(&paper)?,
            disclosed,
            proof,
            sign1,
        })
    }

    /// The disclosures `[id, value, salt]`, raw: read them only under the verified type.
    pub(crate) fn disclosed(&self) -> &[Value] {
        &self.disclosed
    }

    /// Verifies the device signature with the key the paper was issued to.
    pub(crate) fn verify_device_signature(&self) -> Result<()> {
        cose::verify1(&self.sign1, &self.paper.mso.holder.device_key)
    }

    /// What the replay cache and the audit log key it by: SHA-256 over the device certificate
    /// serial the paper names and the `cti` (as for identity tokens).
    pub fn replay_key(&self) -> [u8; 32] {
        let mut b = Vec::with_capacity(24);
        b.extend_from_slice(&self.paper.mso.holder.device_serial.0);
        b.extend_from_slice(&self.id.0);
        crate::keys::sha256(&b)
    }
}
