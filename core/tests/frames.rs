//! The officer scans camera frames: a genuine QR in 640×480 … 1920×1080 frames, rotated,
//! tilted, blurred, noisy and unevenly lit, is found and verified; frames without a code give
//! `None`; bad frame geometry is an error, not a panic.

mod common;

use common::*;
use vneid_core::qr::{LumaFrame, QrMatrix};
use vneid_qr::framegen::{self, FrameSpec};

fn variants(w: usize, h: usize) -> Vec<(&'static str, FrameSpec)> {
    let base = FrameSpec::plain(w, h, 0.5);
    vec![
        ("plain", base.clone()),
        (
            "rotated 10°",
            FrameSpec {
                rotation_deg: 10.0,
                ..base.clone()
            },
        ),
        (
            "rotated -15°",
            FrameSpec {
                rotation_deg: -15.0,
                code_fraction: 0.6,
                ..base.clone()
            },
        ),
        (
            "tilted",
            FrameSpec {
                perspective: 0.1,
                ..base.clone()
            },
        ),
        (
            "blurred",
            FrameSpec {
                blur_radius: 1,
                ..base.clone()
            },
        ),
        (
            "noisy",
            FrameSpec {
                noise: 25,
                seed: 7,
                ..base.clone()
            },
        ),
        (
            "uneven light",
            FrameSpec {
                light_falloff: 0.4,
                ..base.clone()
            },
        ),
        (
            "off centre",
            FrameSpec {
                center: (0.35, 0.55),
                code_fraction: 0.45,
                ..base
            },
        ),
    ]
}

#[test]
fn genuine_qr_is_found_and_verified_in_camera_frames() {
    let w = world();
    let qr = w.citizen.make_identity_qr().unwrap();
    let m = QrMatrix::encode(&qr.text).unwrap();
    let mut failures = Vec::new();
    for (fw, fh) in [(640, 480), (1280, 720), (1920, 1080)] {
        for (name, spec) in variants(fw, fh) {
            let px = framegen::render(Some(&m), &spec);
            let frame = LumaFrame::new(&px, fw, fh, fw).unwrap();
            match w.officer.scan_frame(&frame).unwrap() {
                Some(v) if v.is_genuine() => {}
                other => failures.push(format!("{fw}x{fh} {name}: {other:?}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "not read or not genuine: {failures:#?}"
    );
}

#[test]
fn frames_without_a_code_give_none() {
    let w = world();
    for (fw, fh) in [(640, 480), (1920, 1080)] {
        let spec = FrameSpec {
            noise: 30,
            ..FrameSpec::plain(fw, fh, 0.0)
        };
        let px = framegen::render(None, &spec);
        let frame = LumaFrame::new(&px, fw, fh, fw).unwrap();
        assert!(w.officer.scan_frame(&frame).unwrap().is_none());
    }
}

#[test]
fn padded_rows_are_read_with_their_stride() {
    // Camera buffers pad each row; the scanner must honour the stride.
    let w = world();
    let qr = w.citizen.make_identity_qr().unwrap();
    let m = QrMatrix::encode(&qr.text).unwrap();
    let (fw, fh, stride) = (640, 480, 704);
    let px = framegen::render(Some(&m), &FrameSpec::plain(fw, fh, 0.6));
    let mut padded = vec![0u8; stride * fh];
    for y in 0..fh {
        padded[y * stride..y * stride + fw].copy_from_slice(&px[y * fw..(y + 1) * fw]);
    }
    let frame = LumaFrame::new(&padded, fw, fh, stride).unwrap();
    assert!(w.officer.scan_frame(&frame).unwrap().unwrap().is_genuine());
}

#[test]
fn an_expired_qr_in_a_frame_is_fake() {
    let w = world();
    let qr = w.citizen.make_identity_qr().unwrap();
    let m = QrMatrix::encode(&qr.text).unwrap();
    let px = framegen::render(Some(&m), &FrameSpec::plain(1280, 720, 0.5));
    w.clock.advance(61);
    let v = w
        .officer
        .scan_frame(&LumaFrame::new(&px, 1280, 720, 1280).unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(v.reason(), Some(vneid_core::verdict::Reason::TokenExpired));
}

#[test]
fn standard_frame_set_is_read_without_false_reads() {
    // Issue 6: the seeded standard set (640×480, 1280×720, 1920×1080; code at 30–60 % of the
    // height, ±15°, keystone, blur, noise, uneven light; frames without a code). At least 99 %
    // of the frames with a code must give the exact text; frames without one must give none.
    // A fixed token (the fixture vector), so the set is the same frames on every run.
    let text = include_str!("../../fixtures/vectors/token-genuine.txt").trim();
    let m = QrMatrix::encode(text).unwrap();
    let (mut with_code, mut missed, mut false_reads) = (0usize, Vec::new(), Vec::new());
    for f in framegen::standard_set(framegen::STANDARD_SEED) {
        let px = framegen::render(f.has_code().then_some(&m), &f.spec);
        let frame = LumaFrame::new(&px, f.spec.width, f.spec.height, f.spec.width).unwrap();
        let got = vneid_core::qr::scan(&frame);
        if f.has_code() {
            with_code += 1;
            if got.as_deref() != Some(text) {
                missed.push(f.name);
            }
        } else if got.is_some() {
            false_reads.push(f.name);
        }
    }
    assert!(
        false_reads.is_empty(),
        "read a code where there is none: {false_reads:#?}"
    );
    assert!(
        missed.len() * 100 <= with_code,
        "{} of {with_code} frames not read: {missed:#?}",
        missed.len()
    );
}

#[test]
fn any_frame_geometry_is_scanned_without_panic() {
    let mut rng = framegen::Rng::new(99);
    for (w, h) in [
        (1, 1),
        (2, 3),
        (20, 20),
        (21, 21),
        (22, 700),
        (8192, 1),
        (1, 8192),
        (4000, 30),
        (513, 1025),
        (1023, 2049),
    ] {
        let px: Vec<u8> = (0..w * h).map(|_| (rng.next_u64() >> 56) as u8).collect();
        let frame = LumaFrame::new(&px, w, h, w).unwrap();
        assert_eq!(vneid_core::qr::scan(&frame), None, "{w}×{h}");
        // And all black, all white.
        for v in [0u8, 255] {
            let flat = vec![v; w * h];
            let frame = LumaFrame::new(&flat, w, h, w).unwrap();
            assert_eq!(vneid_core::qr::scan(&frame), None, "{w}×{h} flat {v}");
        }
    }
}

#[test]
fn finder_like_clutter_without_a_code_gives_none() {
    // Three finder patterns and random modules, as a damaged or fake code would show: the
    // scanner must not read anything (the decoder's error correction fails).
    let w = world();
    let qr = w.citizen.make_identity_qr().unwrap();
    let mut m = QrMatrix::encode(&qr.text).unwrap();
    let mut rng = framegen::Rng::new(5);
    let n = m.size;
    for y in 0..n {
        for x in 0..n {
            let finder = (x < 8 || x >= n - 8) && y < 8 || x < 8 && y >= n - 8;
            if !finder {
                m.modules[y * n + x] = rng.next_u64() & 1 == 1;
            }
        }
    }
    for (fw, fh) in [(640, 480), (1280, 720)] {
        let px = framegen::render(Some(&m), &FrameSpec::plain(fw, fh, 0.5));
        let frame = LumaFrame::new(&px, fw, fh, fw).unwrap();
        assert!(w.officer.scan_frame(&frame).unwrap().is_none());
    }
}

/// The harsh set's hard cases at 640×480 and 1280×720 under `seed`: (frames with a code, read,
/// names of frames read as a text that is not theirs, names of frames missed).
fn harsh_hard_cases(seed: u64) -> (usize, usize, Vec<String>, Vec<String>) {
    use vneid_qr::framegen::{Content, HarshTexts, Stress};
    let text = include_str!("../../fixtures/vectors/token-genuine.txt").trim();
    let texts = HarshTexts::synthetic(text, seed);
    let hard = [
        Stress::Perspective,
        Stress::LowContrast,
        Stress::Small,
        Stress::Glare,
    ];
    let (mut coded, mut read, mut false_reads, mut missed) = (0, 0, Vec::new(), Vec::new());
    for f in framegen::harsh_set(seed, &texts) {
        if f.spec.width > 1280 {
            continue;
        }
        let code = matches!(f.content, Content::Identity | Content::Presentation);
        if code && !hard.contains(&f.stress) {
            continue;
        }
        let px = f.render();
        let frame = LumaFrame::new(&px, f.spec.width, f.spec.height, f.spec.width).unwrap();
        let got = vneid_qr::scan(&frame);
        if got.is_some() && got != f.text {
            false_reads.push(f.name.clone());
        }
        if f.text.is_some() {
            coded += 1;
            if got == f.text {
                read += 1;
            } else {
                missed.push(f.name.clone());
            }
        }
    }
    (coded, read, false_reads, missed)
}

#[test]
fn harsh_frame_set_hard_cases_are_read_without_false_reads() {
    // Issue 14: the harsh set's hard cases at 640×480 and 1280×720 (a phone screen seen by a
    // phone: tilt to 40°, dim screens down to 35 grey levels, 2–3 px per module, glare;
    // identity and presentation QRs), its foreign QRs (which must be read as exactly
    // their text) and its frames without a code. A floor under what the scanner reads today,
    // not a benchmark (that is scripts/bench-compare.sh on the whole set). Two seeds: the
    // scanner was tuned on HARSH_SEED's frames; the other is held out.
    for seed in [vneid_qr::framegen::HARSH_SEED, HELD_OUT_SEED] {
        let (coded, read, false_reads, missed) = harsh_hard_cases(seed);
        eprintln!("seed {seed}: {read} of {coded} hard frames read");
        assert!(
            false_reads.is_empty(),
            "seed {seed}: read a text that is not in the frame: {false_reads:#?}"
        );
        assert!(
            read * 100 >= coded * HARSH_FLOOR_PERCENT,
            "seed {seed}: {read} of {coded} hard frames read; missed: {missed:#?}"
        );
    }
}

/// The held-out harsh set of docs/benchmarks.md (`BENCH_SEED=20261202`).
const HELD_OUT_SEED: u64 = 20_261_202;
/// Floor on the hard frames read, per seed: 90 % of the 64 (the scanner at 993d298 read 60 of
/// 64, 93.8 %, under each seed; 80 % before, when it read 56 under HARSH_SEED).
const HARSH_FLOOR_PERCENT: usize = 90;
