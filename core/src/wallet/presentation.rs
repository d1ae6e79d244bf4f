//! A paper presentation: the QR a citizen shows for a paper, disclosing only chosen fields.
//!
//! It is a CWT signed by the same device key as the identity token, with the same device
//! certificate embedded (`kcwt`), the same `cti`/`iat`/`exp = iat + 60`, and two more claims:
//! the issuer-signed MSO of the paper and the disclosed fields `[id, value, salt]`. So one scan
//! proves, offline: the app is genuine (device certificate → device signature), the paper is
//! genuine (issuer signature), each shown value is the one the issuer signed (digest), the
//! paper belongs to the app's owner (MSO holder = certificate subject), and it is fresh.
//!
//! Byte layout: `docs/wallet-protocol.md` §3.

use std::fmt;

use ciborium::value::Value;

use crate::certificate::{DeviceCertificate, Serial};
use crate::clock::UnixTime;
use crate::cose::{self, entry};
use crate::flows::TimedQr;
use crate::keys::Signer;
use crate::qrtext::{self, Payload};
use crate::token::{DeviceSigned, TokenId, TOKEN_VALIDITY_SECS};
use crate::verify::{Checked, Genuine, Reason, Subject, Verdict, Verifier};
use crate::wallet::paper::{
    digest_matches, disclosure, parse_disclosure, FieldView, Paper, SignedMso, MAX_FIELDS,
};
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

fn chosen<'p>(
    paper: &'p Paper,
    fields: &[&str],
) -> Result<Vec<&'p crate::wallet::paper::HeldField>> {
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

/// What the officer sees of a verified paper: type, agency, serial, validity and the disclosed
/// fields with labels, in the type's order.
#[derive(Clone, PartialEq, Eq)]
pub struct DisclosedPaper {
    /// Type code, e.g. `gplx`.
    pub type_code: String,
    /// Vietnamese name of the type.
    pub name_vi: String,
    /// English name of the type.
    pub name_en: String,
    /// Agency code, e.g. `C08`.
    pub agency: String,
    /// Vietnamese name of the agency.
    pub agency_name_vi: String,
    /// English name of the agency.
    pub agency_name_en: String,
    /// Paper serial.
    pub serial: Serial,
    /// Start of validity.
    pub valid_from: UnixTime,
    /// End of validity, exclusive.
    pub valid_until: UnixTime,
    /// Disclosed fields (personal ID numbers mask themselves when shown).
    pub fields: Vec<FieldView>,
}

impl fmt::Debug for DisclosedPaper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DisclosedPaper")
            .field("type_code", &self.type_code)
            .field("serial", &self.serial)
            .field("fields", &self.fields)
            .finish_non_exhaustive()
    }
}

/// Verifies a presentation's bytes: every identity-token check on the device side, then the
/// paper. The first failed check gives the reason; see `docs/wallet-protocol.md` §4 for the
/// order.
pub(crate) fn check_presentation(v: &Verifier, bytes: &[u8]) -> Result<Checked> {
    let now = v.now();
    let Ok(p) = Presentation::parse(bytes) else {
        return Ok(Checked {
            verdict: Verdict::Fake {
                reason: Reason::Malformed,
            },
            token_digest: None,
        });
    };
    let digest = p.id.digest();
    let verdict = match check_all(v, &p, now)? {
        Err(reason) => Verdict::Fake { reason },
        Ok(paper) => {
            let repeat = v.replay_cache().check_and_insert(digest, p.expires_at, now);
            let claims = p.certificate.claims();
            Verdict::Genuine(Box::new(Genuine {
                subject: Subject {
                    identity: claims.identity.clone(),
                    level: claims.level,
                },
                certificate_serial: claims.serial,
                issued_at: p.issued_at,
                expires_at: p.expires_at,
                repeat,
                warnings: v.store().warnings(now),
                paper: Some(paper),
            }))
        }
    };
    Ok(Checked {
        verdict,
        token_digest: Some(digest),
    })
}

fn check_all(
    v: &Verifier,
    p: &Presentation,
    now: UnixTime,
) -> Result<std::result::Result<DisclosedPaper, Reason>> {
    Ok(match check_device(v, p, now)? {
        Err(r) => Err(r),
        Ok(()) => check_paper(v, p, now)?,
    })
}

/// The device side, exactly as for an identity token.
fn check_device(
    v: &Verifier,
    p: &Presentation,
    now: UnixTime,
) -> Result<std::result::Result<(), Reason>> {
    v.check_device_proof(
        &p.certificate,
        || p.verify_device_signature().is_ok(),
        (p.issued_at, p.expires_at),
        now,
    )
}

/// The paper side: issuer, digests, holder, revocation, validity.
fn check_paper(
    v: &Verifier,
    p: &Presentation,
    now: UnixTime,
) -> Result<std::result::Result<DisclosedPaper, Reason>> {
    let tol = v.policy().clock_tolerance_secs;
    let (trust, revocation) = v.store().lists()?;
    let ty = match p.paper.check_issuer(trust, now, tol) {
        Ok(ty) => ty,
        Err(r) => return Ok(Err(r)),
    };
    let mso = &p.paper.mso;
    let mut fields = Vec::with_capacity(p.disclosed.len());
    let mut last_id = None;
    for d in &p.disclosed {
        let Some((id, value, salt)) = parse_disclosure(d.clone(), ty) else {
            return Ok(Err(Reason::Malformed));
        };
        if last_id.is_some_and(|l| l >= id) {
            return Ok(Err(Reason::Malformed)); // canonical order, no repeats
        }
        last_id = Some(id);
        if !digest_matches(mso, id, &value, &salt) {
            return Ok(Err(Reason::BadDigest));
        }
        let spec = ty.field_by_id(id).ok_or(Error::malformed("disclosure"))?;
        fields.push(FieldView::new(spec, value));
    }
    if mso.holder != p.certificate.claims().identity.personal_id {
        return Ok(Err(Reason::WrongHolder));
    }
    if revocation.revoked.contains(&mso.serial) {
        return Ok(Err(Reason::PaperRevoked));
    }
    if mso.valid_from > now.saturating_add(tol) {
        return Ok(Err(Reason::PaperNotYetValid));
    }
    if now >= mso.valid_until {
        return Ok(Err(Reason::PaperExpired));
    }
    let agency = ty.agency();
    Ok(Ok(DisclosedPaper {
        type_code: ty.code.to_owned(),
        name_vi: ty.name_vi.to_owned(),
        name_en: ty.name_en.to_owned(),
        agency: ty.agency.to_owned(),
        agency_name_vi: agency.map(|a| a.name_vi).unwrap_or_default().to_owned(),
        agency_name_en: agency.map(|a| a.name_en).unwrap_or_default().to_owned(),
        serial: mso.serial,
        valid_from: mso.valid_from,
        valid_until: mso.valid_until,
        fields,
    }))
}
