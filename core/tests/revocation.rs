//! Revocation deltas: a day's revocations reach an officer in a few kilobytes, applied to the
//! held full list only when signed by the pinned root and based on exactly that list, kept in
//! the officer's state folder across restarts, and never able to bring an older list back.

mod common;

use common::*;
use vneid_core::identity::AssuranceLevel;
use vneid_core::trust::{
    Offered, RevocationDelta, RevocationList, TrustBundle, MAX_HELD_DELTAS, REVOCATION_DELTAS_FILE,
    REVOCATION_LIST_FILE,
};
use vneid_core::verdict::Reason;
use vneid_core::Error;

fn list(w: &World, bundle: &TrustBundle) -> RevocationList {
    RevocationList::verify(
        &bundle.revocation_list,
        &w.authority.root_public_key().unwrap(),
    )
    .unwrap()
}

/// The signed delta from `base` to `next`.
fn delta(w: &World, base: &TrustBundle, next: &TrustBundle) -> Vec<u8> {
    let d = RevocationDelta::between(&list(w, base), &list(w, next));
    w.authority.sign_revocation_delta(&d).unwrap()
}

fn revoked_by_officer(w: &World) -> bool {
    let qr = w.citizen.make_identity_qr().unwrap();
    w.officer.verify_text(&qr.text).unwrap().reason() == Some(Reason::Revoked)
}

#[test]
fn a_delta_brings_a_revocation_to_the_officer() {
    let mut w = world();
    let base = w.bundle.clone();
    let serial = w.citizen.certificate().unwrap().claims().serial;
    let next = w.authority.revoke(serial, T0).unwrap();
    let d = delta(&w, &base, &next);
    assert!(!revoked_by_officer(&w));
    let sequence = list(&w, &next).sequence;
    assert_eq!(
        w.officer.apply_revocation_delta(&d).unwrap(),
        Offered::Installed { sequence }
    );
    assert!(revoked_by_officer(&w));
    assert_eq!(w.officer.trust_sequences().1, Some(sequence));
    // The same delta again changes nothing.
    assert_eq!(
        w.officer.apply_revocation_delta(&d).unwrap(),
        Offered::AlreadyHeld
    );
    // The full list under the number the delta reached says the same: accepted.
    w.officer
        .update_trust(&next.trust_list, &next.revocation_list)
        .unwrap();
    assert!(revoked_by_officer(&w));
    // An unrelated citizen stays genuine.
    let mut other = citizen(&w.clock, AssuranceLevel::Level2);
    other.enrol(&w.authority).unwrap();
    other.set_qr_verification(true).unwrap();
    let v = w
        .officer
        .verify_text(&other.make_identity_qr().unwrap().text);
    assert!(v.unwrap().is_genuine());
}

#[test]
fn a_delta_on_another_base_or_from_another_root_is_refused() {
    let mut w = world();
    let base = w.bundle.clone();
    let serial = w.citizen.certificate().unwrap().claims().serial;
    let mid = w.authority.publish(T0).unwrap();
    let next = w.authority.revoke(serial, T0).unwrap();
    // Based on `mid`, which the officer never installed.
    let skipped = delta(&w, &mid, &next);
    assert!(matches!(
        w.officer.apply_revocation_delta(&skipped),
        Err(Error::StaleList { .. })
    ));
    assert!(!revoked_by_officer(&w));
    // Signed by another authority's root.
    let other = vneid_core::issuer::Authority::create(T0).unwrap();
    let d = RevocationDelta::between(&list(&w, &base), &list(&w, &next));
    let forged = other.sign_revocation_delta(&d).unwrap();
    assert!(w.officer.apply_revocation_delta(&forged).is_err());
    assert!(!revoked_by_officer(&w));
    // One that goes backwards (from the revoked list to the older one) is refused too.
    let back = RevocationDelta::between(&list(&w, &next), &list(&w, &base));
    let back = w.authority.sign_revocation_delta(&back).unwrap();
    assert!(w.officer.apply_revocation_delta(&back).is_err());
    // The right one still applies.
    w.officer
        .apply_revocation_delta(&delta(&w, &base, &next))
        .unwrap();
    assert!(revoked_by_officer(&w));
}

#[test]
fn a_full_list_disagreeing_with_the_deltas_under_the_same_number_is_refused() {
    let mut w = world();
    let base = w.bundle.clone();
    let serial = w.citizen.certificate().unwrap().claims().serial;
    let next = w.authority.revoke(serial, T0).unwrap();
    w.officer
        .apply_revocation_delta(&delta(&w, &base, &next))
        .unwrap();
    // Another list signed under the same number, without the revocation.
    let mut other = list(&w, &next);
    other.revoked = Default::default();
    let other = w.authority.sign_revocation_list(&other).unwrap();
    assert!(matches!(
        w.officer.update_trust(&next.trust_list, &other),
        Err(Error::StaleList { .. })
    ));
    assert!(revoked_by_officer(&w));
}

#[test]
fn deltas_survive_a_restart_and_a_damaged_delta_file_is_corrupt() {
    let mut w = world();
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("officer");
    w.officer.open_trust_cache(&state).unwrap();
    let base = w.bundle.clone();
    w.officer
        .update_trust(&base.trust_list, &base.revocation_list)
        .unwrap();
    let serial = w.citizen.certificate().unwrap().claims().serial;
    let next = w.authority.revoke(serial, T0).unwrap();
    w.officer
        .apply_revocation_delta(&delta(&w, &base, &next))
        .unwrap();
    assert!(state.join(REVOCATION_DELTAS_FILE).exists());

    // A new officer app on the same folder, given only the old lists, still knows.
    let fresh = officer(
        &w.clock,
        &w.authority,
        &base,
        vneid_core::verifier::Policy::default(),
    );
    fresh.open_trust_cache(&state).unwrap();
    let qr = w.citizen.make_identity_qr().unwrap();
    assert_eq!(
        fresh.verify_text(&qr.text).unwrap().reason(),
        Some(Reason::Revoked)
    );

    // A newer full list replaces the base and the deltas file goes.
    let later = w.authority.publish(T0 + 60).unwrap();
    fresh
        .update_trust(&later.trust_list, &later.revocation_list)
        .unwrap();
    assert!(!state.join(REVOCATION_DELTAS_FILE).exists());

    // A crash between writing the full list and removing the deltas: the stale deltas are
    // recognised as superseded.
    let again = w.authority.publish(T0 + 120).unwrap();
    let d = delta(&w, &later, &again);
    fresh.apply_revocation_delta(&d).unwrap();
    let kept = std::fs::read(state.join(REVOCATION_DELTAS_FILE)).unwrap();
    fresh
        .update_trust(&again.trust_list, &again.revocation_list)
        .unwrap();
    std::fs::write(state.join(REVOCATION_DELTAS_FILE), &kept).unwrap();
    let reopened = vneid_core::trust::TrustCache::open(&state).unwrap();
    assert_eq!(
        reopened.store().revocation_list().unwrap().sequence,
        list(&w, &again).sequence
    );

    // A delta file that is not what was written: refused, not ignored.
    std::fs::write(state.join(REVOCATION_DELTAS_FILE), b"\x81\x41\x00").unwrap();
    assert!(matches!(
        vneid_core::trust::TrustCache::open(&state),
        Err(Error::Corrupt { .. })
    ));
    // A delta whose base is not the held list (copied from elsewhere): refused too.
    std::fs::remove_file(state.join(REVOCATION_DELTAS_FILE)).unwrap();
    std::fs::write(state.join(REVOCATION_LIST_FILE), &base.revocation_list).unwrap();
    std::fs::write(state.join(REVOCATION_DELTAS_FILE), &kept).unwrap();
    assert!(matches!(
        vneid_core::trust::TrustCache::open(&state),
        Err(Error::Corrupt { .. })
    ));
}

#[test]
fn past_the_delta_limit_the_full_list_is_needed() {
    let mut w = world();
    let mut held = w.bundle.clone();
    for i in 0..MAX_HELD_DELTAS {
        let next = w.authority.publish(T0 + i as i64).unwrap();
        w.officer
            .apply_revocation_delta(&delta(&w, &held, &next))
            .unwrap();
        held = next;
    }
    let next = w.authority.publish(T0 + 1000).unwrap();
    assert!(matches!(
        w.officer.apply_revocation_delta(&delta(&w, &held, &next)),
        Err(Error::TooLarge { .. })
    ));
    w.officer
        .update_trust(&next.trust_list, &next.revocation_list)
        .unwrap();
    assert_eq!(
        w.officer.trust_sequences().1,
        Some(list(&w, &next).sequence)
    );
}

/// `count` distinct serials drawn uniformly from `1..=space` (xorshift, fixed seed).
fn sample(count: usize, space: u64, mut x: u64) -> Vec<vneid_core::certificate::Serial> {
    let mut set = std::collections::HashSet::with_capacity(count);
    while set.len() < count {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        set.insert(1 + x % space);
    }
    set.into_iter()
        .map(|s| vneid_core::certificate::Serial(s.to_be_bytes()))
        .collect()
}

#[test]
fn a_national_list_and_a_days_delta_fit_their_bounds() {
    // A million revoked among six hundred million serials (devices and papers share the
    // numbering), and a day's ten thousand: as signed, ≤ 4 MB and ≤ 100 KB (issue 16).
    let w = world();
    let root = w.authority.root_public_key().unwrap();
    let base = RevocationList {
        sequence: 10,
        issued_at: T0,
        next_update: T0 + DAY,
        revoked: sample(1_000_000, 600_000_000, 0x9e37_79b9_7f4a_7c15)
            .into_iter()
            .collect(),
    };
    let day = sample(10_000, 600_000_000, 0x2545_f491_4f6c_dd1d);
    let mut next = base.clone();
    next.sequence = 11;
    next.revoked = base
        .revoked
        .apply(&day.iter().copied().collect(), &Default::default());
    let full = w.authority.sign_revocation_list(&base).unwrap();
    let delta = RevocationDelta::between(&base, &next);
    let signed_delta = w.authority.sign_revocation_delta(&delta).unwrap();
    assert!(full.len() <= 4_000_000, "full list {} bytes", full.len());
    assert!(
        signed_delta.len() <= 100_000,
        "delta {} bytes",
        signed_delta.len()
    );
    // And they verify and apply to the same list the authority holds.
    let held = RevocationList::verify(&full, &root).unwrap();
    let applied = held
        .apply(&RevocationDelta::verify(&signed_delta, &root).unwrap())
        .unwrap();
    assert_eq!(applied, next);
    assert!(day.iter().all(|s| applied.revoked.contains(s)));
}
