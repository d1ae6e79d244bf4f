//! Revocation at national scale (issue 16): a million revoked serials among a hundred million
//! (and among six hundred million: every citizen's papers share the numbering), a day's delta
//! of ten thousand, and the officer's lookup against two peers timed in the same run — a
//! `HashSet<u64>` and a `BTreeSet<u64>` over the same serials.
//!
//! `cargo bench -p vneid-core --bench revocation`; the sizes are printed first.

use std::collections::{BTreeSet, HashSet};
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use vneid_core::certificate::Serial;
use vneid_core::issuer::Authority;
use vneid_core::revoked::RevokedSet;
use vneid_core::trust::{RevocationDelta, RevocationList};

const NOW: i64 = 1_795_402_800;

/// `count` distinct serials drawn uniformly from `1..=space` (xorshift, fixed seed).
fn sample(count: usize, space: u64, seed: u64) -> Vec<u64> {
    let mut x = seed;
    let mut set = HashSet::with_capacity(count);
    while set.len() < count {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        set.insert(1 + x % space);
    }
    let mut v: Vec<u64> = set.into_iter().collect();
    v.sort_unstable();
    v
}

fn serials(v: &[u64]) -> RevokedSet {
    v.iter().map(|s| Serial(s.to_be_bytes())).collect()
}

fn list(sequence: u64, revoked: RevokedSet) -> RevocationList {
    RevocationList {
        sequence,
        issued_at: NOW,
        next_update: NOW + 86_400,
        revoked,
    }
}

fn bench(c: &mut Criterion) {
    let authority = Authority::create(NOW).unwrap();
    let root = authority.root_public_key().unwrap();
    let mut full = Vec::new();
    for space in [100_000_000u64, 600_000_000] {
        let base = sample(1_000_000, space, 0x9e37_79b9_7f4a_7c15 ^ space);
        let day = sample(10_000, space, 0x2545_f491_4f6c_dd1d ^ space);
        let base_list = list(1, serials(&base));
        let next_list = list(
            2,
            base_list.revoked.apply(&serials(&day), &RevokedSet::new()),
        );
        let signed = authority.sign_revocation_list(&base_list).unwrap();
        let delta = RevocationDelta::between(&base_list, &next_list);
        let signed_delta = authority.sign_revocation_delta(&delta).unwrap();
        eprintln!(
            "revocation: 1,000,000 revoked of {space}: full list {} bytes signed \
             ({:.2} bits a serial; bound 4,000,000); a day's delta of {} new: {} bytes \
             signed (bound 100,000)",
            signed.len(),
            signed.len() as f64 * 8.0 / 1e6,
            delta.added.len(),
            signed_delta.len()
        );
        full.push((space, base, signed, signed_delta));
    }

    let (_, base, signed, signed_delta) = &full[0];
    let set = RevocationList::verify(signed, &root).unwrap().revoked;
    let hash: HashSet<u64> = base.iter().copied().collect();
    let btree: BTreeSet<u64> = base.iter().copied().collect();
    // Probes: half revoked, half not, in a scattered order.
    let mut probes: Vec<u64> = sample(512, 100_000_000, 7)
        .into_iter()
        .zip(base.iter().step_by(base.len() / 512))
        .flat_map(|(a, &b)| [a, b])
        .collect();
    probes.sort_by_key(|p| p.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let probe_serials: Vec<Serial> = probes.iter().map(|p| Serial(p.to_be_bytes())).collect();

    let mut g = c.benchmark_group("revocation_lookup_1024");
    g.bench_function("vneid_revoked_set", |b| {
        b.iter(|| probe_serials.iter().filter(|s| set.contains(s)).count())
    });
    g.bench_function("peer_hash_set", |b| {
        b.iter(|| probes.iter().filter(|s| hash.contains(s)).count())
    });
    g.bench_function("peer_btree_set", |b| {
        b.iter(|| probes.iter().filter(|s| btree.contains(s)).count())
    });
    g.finish();

    let mut g = c.benchmark_group("revocation_install");
    g.sample_size(10);
    g.bench_function("verify_and_decode_full_list_1m", |b| {
        b.iter(|| RevocationList::verify(black_box(signed), &root).unwrap())
    });
    let held = RevocationList::verify(signed, &root).unwrap();
    g.bench_function("verify_and_apply_delta_10k", |b| {
        b.iter(|| {
            let d = RevocationDelta::verify(black_box(signed_delta), &root).unwrap();
            held.apply(&d).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
