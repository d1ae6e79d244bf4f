//! Verifying a paper presentation (format 2): the paper's issuer, the disclosed fields against
//! the signed tree root, the device signature under the key the paper was issued to,
//! revocation of the device and of the paper, the 60-second window, the paper's validity. The
//! first failed check gives the reason; `docs/wallet-protocol.md` §4 gives the order.

use crate::clock::UnixTime;
use crate::paper::merkle;
use crate::paper::{held, paper_type, FieldView, PaperType, SignedMso};
use crate::presentation::Presentation;
use crate::trust::{KeyPurpose, TrustList};
use crate::verdict::{Checked, DisclosedPaper, Genuine, Reason};
use crate::{Error, Result};

use super::{check_window, issuer_key, Outcome, Verifier};

/// Verifies a presentation's bytes (`VP2:` decoded).
pub(super) fn check(v: &Verifier, bytes: &[u8]) -> Result<Checked> {
    let now = v.now();
    let Ok(p) = Presentation::parse(bytes) else {
        return Ok(Checked::unparsed(Reason::Malformed));
    };
    let outcome = check_all(v, &p, now)?.map(|paper| Genuine::of_paper(&p, paper));
    Ok(v.conclude(p.replay_key(), p.expires_at, outcome, now))
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

/// Every check after parsing; the first that fails gives the reason.
fn check_all(v: &Verifier, p: &Presentation, now: UnixTime) -> Outcome<DisclosedPaper> {
    let policy = v.policy();
    let tol = policy.clock_tolerance_secs;
    let (trust, revocation) = v.store().lists()?;
    // 1. The paper: issued by the agency that issues its type, under a key in force.
    let ty = match paper_issuer(trust, &p.paper, now, tol) {
        Ok(ty) => ty,
        Err(r) => return Ok(Err(r)),
    };
    let mso = &p.paper.mso;
    // 2. The disclosed fields: each of the paper's, in id order, and together with the proof
    //    they rebuild the signed root.
    let mut fields = Vec::with_capacity(p.disclosed().len());
    let mut leaves = Vec::with_capacity(p.disclosed().len());
    for d in p.disclosed() {
        let Some((id, value, salt)) = held::parse_disclosure(d.clone(), ty) else {
            return Ok(Err(Reason::Malformed));
        };
        let Some(index) = mso.leaf_index(id) else {
            return Ok(Err(Reason::Malformed)); // not a field of this paper
        };
        if leaves.last().is_some_and(|(last, _)| *last >= index) {
            return Ok(Err(Reason::Malformed)); // canonical order, no repeats
        }
        leaves.push((index, merkle::leaf(&salt, id, &value.to_cbor())?));
        let spec = ty.field_by_id(id).ok_or(Error::malformed("disclosure"))?;
        fields.push(FieldView::new(spec, value));
    }
    match merkle::root_from(mso.ids.len(), &leaves, &p.proof) {
        // Both roots are public (one is in the MSO): no need for a constant-time compare.
        Some(root) if root == mso.root => {}
        Some(_) => return Ok(Err(Reason::BadDigest)),
        None => return Ok(Err(Reason::Malformed)),
    }
    // 3. Presented by the device the paper was issued to: its signature, under the MSO's key.
    if p.verify_device_signature().is_err() {
        return Ok(Err(Reason::WrongHolder));
    }
    // The holder account was level 2 (the MSO says; no certificate travels with papers).
    if mso.holder.level < crate::identity::AssuranceLevel::Level2 {
        return Ok(Err(Reason::LevelTooLow));
    }
    // That device's certificate is still in force (the paper is re-issued with a renewal).
    if now >= mso.holder.device_expires_at {
        return Ok(Err(Reason::CertificateExpired));
    }
    // 4. Neither that device (a stolen phone) nor the paper is revoked.
    if revocation.revoked.contains(&mso.holder.device_serial) {
        return Ok(Err(Reason::Revoked));
    }
    if revocation.revoked.contains(&mso.serial) {
        return Ok(Err(Reason::PaperRevoked));
    }
    // 5. Fresh: the 60 seconds; then the paper's own validity.
    if let Err(r) = check_window(p.issued_at, p.expires_at, now, &policy) {
        return Ok(Err(r));
    }
    if mso.valid_from > now.saturating_add(tol) {
        return Ok(Err(Reason::PaperNotYetValid));
    }
    if now >= mso.valid_until {
        return Ok(Err(Reason::PaperExpired));
    }
    Ok(Ok(DisclosedPaper::of(ty, mso, fields)))
}
