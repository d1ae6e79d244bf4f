//! Criterion benchmarks (issues 6 and 14): make a token, render its QR, verify the text, camera
//! frame → verdict per frame size on frames of the standard and the harsh set, and the QR
//! decoder alone.
//!
//! `cargo bench -p vneid-core` (the frame-size comparison with zxing-cpp is
//! `scripts/bench-compare.sh`).

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion};
use vneid_core::qr::{LumaFrame, QrMatrix};
use vneid_qr::framegen::{self, STANDARD_SEED, STANDARD_SIZES};

fn token(c: &mut Criterion) {
    let w = common::world();
    c.bench_function("make identity token", |b| {
        b.iter(|| black_box(w.citizen.make_identity_qr().unwrap()))
    });
    let text = w.citizen.make_identity_qr().unwrap().text;
    c.bench_function("render QR matrix", |b| {
        b.iter(|| black_box(QrMatrix::encode(black_box(&text)).unwrap()))
    });
    c.bench_function("verify QR text", |b| {
        b.iter(|| black_box(w.officer.verify_text(black_box(&text)).unwrap()))
    });
}

/// Frame → verdict on `frames` (luma, `size`), one after the other.
fn scan_in_turn(
    group: &mut BenchmarkGroup<'_, WallTime>,
    w: &common::World,
    frames: &[Vec<u8>],
    (fw, fh): (usize, usize),
) {
    let mut i = 0;
    group.bench_function(format!("{fw}x{fh}"), |b| {
        b.iter(|| {
            i = (i + 1) % frames.len();
            let frame = LumaFrame::new(&frames[i], fw, fh, fw).unwrap();
            black_box(w.officer.scan_frame(&frame).unwrap())
        })
    });
}

fn frames(c: &mut Criterion) {
    let w = common::world();
    let text = w.citizen.make_identity_qr().unwrap().text;
    let m = QrMatrix::encode(&text).unwrap();
    let set = framegen::standard_set(STANDARD_SEED);
    let mut group = c.benchmark_group("frame to verdict");
    group.sample_size(30);
    for (fw, fh) in STANDARD_SIZES {
        // The first eight frames with a code of this size, scanned in turn.
        let frames: Vec<Vec<u8>> = set
            .iter()
            .filter(|f| f.has_code() && f.spec.width == fw)
            .take(8)
            .map(|f| framegen::render(Some(&m), &f.spec))
            .collect();
        scan_in_turn(&mut group, &w, &frames, (fw, fh));
        let empty = set
            .iter()
            .find(|f| !f.has_code() && f.spec.width == fw)
            .map(|f| framegen::render(None, &f.spec))
            .unwrap();
        group.bench_function(format!("{fw}x{fh} no code"), |b| {
            b.iter(|| {
                let frame = LumaFrame::new(&empty, fw, fh, fw).unwrap();
                black_box(w.officer.scan_frame(&frame).unwrap())
            })
        });
    }
    group.finish();
}

/// Frame → verdict on the harsh set (issue 14): per size, eight of its identity frames (each
/// stress in turn), and the decoder alone on a clean and a damaged module grid.
fn harsh(c: &mut Criterion) {
    use vneid_qr::framegen::{Content, HarshTexts, HARSH_SEED, HARSH_SIZES};
    let w = common::world();
    let text = w.citizen.make_identity_qr().unwrap().text;
    let set = framegen::harsh_set(HARSH_SEED, &HarshTexts::synthetic(&text, HARSH_SEED));
    let mut group = c.benchmark_group("harsh frame to verdict");
    group.sample_size(20);
    for (fw, fh) in HARSH_SIZES {
        let frames: Vec<Vec<u8>> = set
            .iter()
            .filter(|f| f.content == Content::Identity && f.spec.width == fw)
            .step_by(4)
            .take(8)
            .map(|f| f.render())
            .collect();
        scan_in_turn(&mut group, &w, &frames, (fw, fh));
    }
    group.finish();
    let m = QrMatrix::encode(&text).unwrap();
    c.bench_function("decode clean v13 grid", |b| {
        b.iter(|| black_box(vneid_qr::decode_grid(m.size, black_box(&m.modules)).unwrap()))
    });
    let mut damaged = m.modules.clone();
    for i in (0..damaged.len()).step_by(97) {
        damaged[i] = !damaged[i];
    }
    c.bench_function("decode damaged v13 grid", |b| {
        b.iter(|| black_box(vneid_qr::decode_grid(m.size, black_box(&damaged)).ok()))
    });
}

criterion_group!(benches, token, frames, harsh);
criterion_main!(benches);
