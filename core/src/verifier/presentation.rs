//! Verifying a paper presentation: every identity-token check on the device side, then the
//! paper — issuer, disclosed digests, holder, revocation, validity. The first failed check
//! gives the reason; `docs/wallet-protocol.md` §4 gives the order.

use crate::clock::UnixTime;
use crate::paper::{held, paper_type, FieldView, PaperType, SignedMso};
use crate::presentation::Presentation;
use crate::trust::{KeyPurpose, TrustList};
use crate::verdict::{Checked, DisclosedPaper, Reason};
use crate::{Error, Result};

use super::{issuer_key, Outcome, Verifier};

/// Verifies a presentation's bytes (`VP1:` decoded).
pub(super) fn check(v: &Verifier, bytes: &[u8]) -> Result<Checked> {
    let now = v.now();
    let Ok(p) = Presentation::parse(bytes) else {
        return Ok(Checked::unparsed(Reason::Malformed));
    };
    let outcome = match v.check_device_proof(&p, now)? {
        Err(r) => Err(r),
        Ok(()) => check_paper(v, &p, now)?.map(Some),
    };
    Ok(v.conclude(&p, outcome, now))
}

/// The issuer checks of a paper, in order, each with its own reason: the issuer key
/// ([`super::issuer_key`]: known, a paper key, in force, valid when it signed); the signature
/// ([`Reason::BadPaperSignature`]); the type is known ([`Reason::UnknownPaperType`]); the key
/// belongs to the agency that issues that type ([`Reason::WrongAgency`]). Returns the type.
pub(crate) fn paper_issuer(
    trust: &TrustList,
    paper: &SignedMso,
    now: UnixTime,
    tolerance: i64,
) -> std::result::Result<&'static PaperType, Reason> {
    let mso = &paper.mso;
    let issuer = issuer_key(
        trust,
        paper.issuer_kid(),
        KeyPurpose::Paper,
        mso.signed_at,
        now,
        tolerance,
    )?;
    paper
        .verify_signature(&issuer.key)
        .map_err(|_| Reason::BadPaperSignature)?;
    let ty = paper_type(&mso.type_code).ok_or(Reason::UnknownPaperType)?;
    if issuer.agency != ty.agency {
        return Err(Reason::WrongAgency);
    }
    Ok(ty)
}

/// The paper side: issuer, digests, holder, revocation, validity.
fn check_paper(v: &Verifier, p: &Presentation, now: UnixTime) -> Outcome<DisclosedPaper> {
    let tol = v.policy().clock_tolerance_secs;
    let (trust, revocation) = v.store().lists()?;
    let ty = match paper_issuer(trust, &p.paper, now, tol) {
        Ok(ty) => ty,
        Err(r) => return Ok(Err(r)),
    };
    let mso = &p.paper.mso;
    let mut fields = Vec::with_capacity(p.disclosed().len());
    let mut last_id = None;
    for d in p.disclosed() {
        let Some((id, value, salt)) = held::parse_disclosure(d.clone(), ty) else {
            return Ok(Err(Reason::Malformed));
        };
        if last_id.is_some_and(|l| l >= id) {
            return Ok(Err(Reason::Malformed)); // canonical order, no repeats
        }
        last_id = Some(id);
        if !held::digest_matches(mso, id, &value, &salt) {
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
    Ok(Ok(DisclosedPaper::of(ty, mso, fields)))
}
