//! The Rust half of `scripts/bench-compare.sh`: writes the standard frame set to disk, reads it
//! back, and times frame → verdict (`OfficerApp::scan_frame`) on every frame; also times plain
//! `rqrr` (the scanner before this pipeline) once per frame for context.
//!
//! `cargo run --release -p vneid-core --example bench_compare -- OUT_DIR [REPS]`
//!
//! Writes `OUT_DIR/frames/NNN.gray` (raw 8-bit luma, row stride = width),
//! `OUT_DIR/manifest.tsv` (index, width, height, has code, description), `OUT_DIR/expected.txt`
//! (the QR text) and `OUT_DIR/rust.tsv` (index, read, ms per frame → verdict, plain rqrr read,
//! plain rqrr ms).

#[path = "../tests/common/mod.rs"]
mod common;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use vneid_core::qr::{LumaFrame, QrMatrix};
use vneid_qr::framegen::{self, STANDARD_SEED};

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().expect("usage: bench_compare OUT_DIR [REPS]"));
    let reps: u32 = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20)
        .max(1);
    let frames_dir = out.join("frames");
    std::fs::create_dir_all(&frames_dir).unwrap();

    let world = common::world();
    let text = world.citizen.make_identity_qr().unwrap().text;
    let m = QrMatrix::encode(&text).unwrap();
    std::fs::write(out.join("expected.txt"), &text).unwrap();

    let set = framegen::standard_set(STANDARD_SEED);
    let mut manifest = String::new();
    for (i, f) in set.iter().enumerate() {
        let px = framegen::render(f.has_code().then_some(&m), &f.spec);
        std::fs::write(frames_dir.join(format!("{i:03}.gray")), &px).unwrap();
        let _ = writeln!(
            manifest,
            "{i}\t{}\t{}\t{}\t{}",
            f.spec.width,
            f.spec.height,
            u8::from(f.has_code()),
            f.name
        );
    }
    std::fs::write(out.join("manifest.tsv"), &manifest).unwrap();
    eprintln!(
        "QR text {} bytes, version {} ({} modules); {} frames written to {}",
        text.len(),
        m.version,
        m.size,
        set.len(),
        frames_dir.display()
    );

    let mut results = String::new();
    for (i, f) in set.iter().enumerate() {
        let (w, h) = (f.spec.width, f.spec.height);
        let px = std::fs::read(frames_dir.join(format!("{i:03}.gray"))).unwrap();
        let frame = LumaFrame::new(&px, w, h, w).unwrap();
        let verdict = world.officer.scan_frame(&frame).unwrap();
        let ok = match (&verdict, f.has_code()) {
            (Some(v), true) => v.is_genuine(),
            (None, false) => true,
            _ => false,
        };
        let t = Instant::now();
        for _ in 0..reps {
            std::hint::black_box(
                world
                    .officer
                    .scan_frame(std::hint::black_box(&frame))
                    .unwrap(),
            );
        }
        let ms = t.elapsed().as_secs_f64() * 1e3 / f64::from(reps);
        let t = Instant::now();
        let plain = framegen::scan_plain_rqrr(&frame);
        let ms_plain = t.elapsed().as_secs_f64() * 1e3;
        let plain_ok = if f.has_code() {
            plain.as_deref() == Some(text.as_str())
        } else {
            plain.is_none()
        };
        let _ = writeln!(
            results,
            "{i}\t{}\t{ms:.4}\t{}\t{ms_plain:.4}",
            u8::from(ok),
            u8::from(plain_ok)
        );
    }
    std::fs::write(out.join("rust.tsv"), &results).unwrap();
}
