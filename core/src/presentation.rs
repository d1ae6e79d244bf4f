//! A paper presentation: the QR a citizen shows for a paper, disclosing only chosen fields.
//!
//! It is a CWT signed by the same device key as the identity token, with the same device
//! certificate embedded (`kcwt`), the same `cti`/`iat`/`exp = iat + 60`, and two more claims:
//! the issuer-signed MSO of the paper and the disclosed fields `[id, value, salt]`. So one scan
//! proves, offline: the app is genuine (device certificate → device signature), the paper is
//! genuine (issuer signature), each shown value is the one the issuer signed (digest), the
//! paper belongs to the app's owner (MSO holder = certificate subject), and it is fresh.
//!
//! Byte layout: `docs/wallet-protocol.md` §3. Verification: [`crate::verifier`].

use std::fmt;

use ciborium::value::Value;

use crate::certificate::{DeviceCertificate, Serial};
use crate::clock::UnixTime;
use crate::cose::{self, entry};
use crate::keys::Signer;
use crate::paper::held::{disclosure, HeldField};
use crate::paper::{Paper, SignedMso, MAX_FIELDS};
use crate::qrtext::{self, Payload, TimedQr};
use crate::token::{DeviceSigned, TokenId, TOKEN_VALIDITY_SECS};
use crate::{Error, Result};

/// Largest presentation accepted, checked before parsing (a QR text of
/// [`qrtext::MAX_QR_TEXT`] digits holds at most 1,686 bytes).
pub const MAX_PRESENTATION_BYTES: usize = 2048;

/// CWT private-use claim holding the issuer-signed paper (COSE_Sign1 bytes).
pub const CLAIM_VNEID_PAPER: i64 = -65538;
/// CWT private-use claim holding the disclosed fields, `[[id, value, salt], …]`.
pub const CLAIM_VNEID_DISCLOSED: i64 = -65539;

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
/// 60 s from `now`. Refuses a paper whose holder is not the certificate's subject (the officer
/// would see "wrong holder"), an unknown field, and a result too large for a QR.
pub fn present(
    paper: &Paper,
    fields: &[&str],
    device: &dyn Signer,
    certificate: &DeviceCertificate,
    now: UnixTime,
) -> Result<PresentationQr> {
    let bytes = create(paper, fields, certificate, device, now, TokenId::random()?)?;
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
    certificate: &DeviceCertificate,
    device: &dyn Signer,
    issued_at: UnixTime,
    id: TokenId,
) -> Result<Vec<u8>> {
    if paper.holder() != &certificate.claims().identity.personal_id {
        return Err(Error::InvalidArgument(
            "the paper belongs to someone other than the device certificate's holder".into(),
        ));
    }
    let disclosed = chosen(paper, fields)?.into_iter().map(disclosure).collect();
    let extra = vec![
        entry(CLAIM_VNEID_PAPER, paper.signed().to_bytes().to_vec()),
        entry(CLAIM_VNEID_DISCLOSED, Value::Array(disclosed)),
    ];
    let bytes = DeviceSigned::sign(certificate, device, issued_at, id, extra)?;
    cose::check_len(bytes.len(), MAX_PRESENTATION_BYTES, "presentation")?;
    Ok(bytes)
}

/// A parsed (not yet verified) presentation: the device-signed envelope (id, times,
/// certificate) plus the issuer-signed paper and the disclosures.
#[derive(Clone)]
pub struct Presentation {
    device: DeviceSigned,
    /// The issuer-signed paper.
    pub paper: SignedMso,
    /// Disclosures, still raw: read them only under the verified paper type.
    disclosed: Vec<Value>,
}

impl Presentation {
    /// The disclosures `[id, value, salt]`, raw: read them only under the verified type.
    pub(crate) fn disclosed(&self) -> &[Value] {
        &self.disclosed
    }
}

impl std::ops::Deref for Presentation {
    type Target = DeviceSigned;
    fn deref(&self) -> &DeviceSigned {
        &self.device
    }
}

impl fmt::Debug for Presentation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Presentation")
            .field("device", &self.device)
            .field("paper", &self.paper)
            .finish_non_exhaustive()
    }
}

impl Presentation {
    /// Parses a presentation, its certificate and its paper. Verifies nothing.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        const WHAT: &str = "presentation";
        let (device, mut m) = DeviceSigned::parse(bytes, MAX_PRESENTATION_BYTES, WHAT)?;
        let paper = SignedMso::parse(&m.bytes(CLAIM_VNEID_PAPER)?)?;
        let disclosed = m.array(CLAIM_VNEID_DISCLOSED)?;
        m.finish()?;
        if disclosed.len() > MAX_FIELDS {
            return Err(Error::malformed(WHAT));
        }
        Ok(Presentation {
            device,
            paper,
            disclosed,
        })
    }
}
