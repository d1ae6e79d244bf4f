//! The Rust half of `scripts/bench-compare.sh` (issue 14).
//!
//! `bench_compare OUT_DIR write [standard|harsh]` writes the frame set to `OUT_DIR`:
//! `frames/NNNN.gray` (raw 8-bit luma, row stride = width), `manifest.tsv` (index, width,
//! height, content, stress, version, pixels per module, description) and `texts.tsv` (index,
//! the QR text as hex, empty for no code). The harsh set shows this world's own identity QR
//! and real presentation QRs (so frame → verdict is GENUINE for them) besides synthetic
//! presentations of versions 16–23 and foreign codes.
//!
//! `bench_compare OUT_DIR serve REPS [standard|harsh]` writes the set the same way (the
//! world's keys are made anew in each process, so the frames must come from the process that
//! verifies them), prints `ready`, then answers on stdin/stdout, one frame at a time, so
//! that `scripts/bench_compare.py` can interleave it frame by frame with zxing-cpp: for each
//! line `INDEX` it scans the frame once untimed (`vneid_qr::scan`: was the text read, was
//! something else read), checks the verdict, then times `OfficerApp::scan_frame` (frame →
//! verdict: find, decode, verify the signatures, replay check) `REPS` times and answers
//! `INDEX\tREAD\tWRONG\tGENUINE\tMEDIAN_MS\tMIN_MS`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::fmt::Write as _;
use std::io::{BufRead, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

use vneid_core::qr::LumaFrame;
use vneid_qr::framegen::{self, HarshTexts, HARSH_SEED, STANDARD_SEED};

fn hex(s: &str) -> String {
    s.bytes().fold(String::new(), |mut o, b| {
        let _ = write!(o, "{b:02x}");
        o
    })
}

fn unhex(s: &str) -> String {
    let b: Vec<u8> = (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    String::from_utf8(b).unwrap()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: bench_compare OUT_DIR (write | serve REPS) [standard|harsh]";
    let out = PathBuf::from(args.next().expect(usage));
    let world = common::world();
    match args.next().as_deref() {
        Some("write") => write(&out, &world, args.next().as_deref().unwrap_or("harsh")),
        Some("serve") => {
            let reps: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
            // The frames are written by this process: the world (keys, lists) is made anew in
            // each process, and the officer must trust the authority that signed the QRs.
            write(&out, &world, args.next().as_deref().unwrap_or("harsh"));
            println!("ready");
            serve(&out, &world, reps.max(1))
        }
        _ => panic!("{usage}"),
    }
}

/// Real presentation QRs of the world's citizen: each sample paper with a few field choices.
fn presentations(world: &common::World) -> Vec<String> {
    let papers = world
        .authority
        .issue_sample_papers(
            &common::identity(),
            &common::holder(&world.citizen),
            common::T0 - common::DAY,
        )
        .unwrap();
    let choices: [&[&str]; 4] = [
        &["full_name"],
        &["full_name", "date_of_birth"],
        &["full_name", "date_of_birth", "expiry_date"],
        &[],
    ];
    let mut out = Vec::new();
    for p in &papers {
        for fields in choices {
            if let Ok(qr) = world.citizen.make_presentation_qr(p, fields) {
                out.push(qr.qr.text);
            }
        }
    }
    out
}

fn write(out: &Path, world: &common::World, which: &str) {
    let frames_dir = out.join("frames");
    let _ = std::fs::remove_dir_all(&frames_dir);
    std::fs::create_dir_all(&frames_dir).unwrap();
    let identity = world.citizen.make_identity_qr().unwrap().text;
    let (mut manifest, mut texts) = (String::new(), String::new());
    let mut put = |i: usize, px: &[u8], meta: String, text: Option<&str>| {
        std::fs::write(frames_dir.join(format!("{i:04}.gray")), px).unwrap();
        let _ = writeln!(manifest, "{i}\t{meta}");
        let _ = writeln!(texts, "{i}\t{}", text.map(hex).unwrap_or_default());
    };
    let mut count = 0;
    if which == "standard" {
        let m = vneid_qr::QrMatrix::encode(&identity).unwrap();
        for (i, f) in framegen::standard_set(STANDARD_SEED).iter().enumerate() {
            let px = framegen::render(f.has_code().then_some(&m), &f.spec);
            let kind = if f.has_code() { "identity" } else { "empty" };
            let meta = format!(
                "{}\t{}\t{kind}\tstandard\t{}\t0\t{}",
                f.spec.width,
                f.spec.height,
                if f.has_code() { m.version } else { 0 },
                f.name
            );
            put(i, &px, meta, f.has_code().then_some(identity.as_str()));
            count += 1;
        }
    } else {
        // BENCH_SEED gives a held-out set: the scanner was tuned on HARSH_SEED's frames, so a
        // different seed shows whether what it reads there generalises.
        let seed = match std::env::var("BENCH_SEED") {
            Ok(s) => s
                .parse()
                .unwrap_or_else(|_| panic!("BENCH_SEED must be a number, not {s:?}")),
            Err(_) => HARSH_SEED,
        };
        let mut texts_in = HarshTexts::synthetic(&identity, seed);
        // Real presentations first in turn with the synthetic ones (versions 16–23).
        let real = presentations(world);
        let synthetic = std::mem::take(&mut texts_in.presentations);
        let mut mixed = Vec::new();
        for i in 0..real.len().max(synthetic.len()) {
            mixed.extend(synthetic.get(i).cloned());
            mixed.extend(real.get(i).cloned());
        }
        texts_in.presentations = mixed;
        for (i, f) in framegen::harsh_set(seed, &texts_in).iter().enumerate() {
            let px = f.render();
            let meta = format!(
                "{}\t{}\t{}\t{}\t{}\t{:.2}\t{}",
                f.spec.width,
                f.spec.height,
                f.content.name(),
                f.stress.name(),
                f.version,
                f.px_per_module,
                f.name
            );
            put(i, &px, meta, f.text.as_deref());
            count += 1;
        }
    }
    std::fs::write(out.join("manifest.tsv"), &manifest).unwrap();
    std::fs::write(out.join("texts.tsv"), &texts).unwrap();
    eprintln!("{count} frames written to {}", frames_dir.display());
}

fn serve(out: &Path, world: &common::World, reps: usize) {
    let mut dims = std::collections::HashMap::new();
    for line in std::fs::read_to_string(out.join("manifest.tsv"))
        .unwrap()
        .lines()
    {
        let c: Vec<&str> = line.split('\t').collect();
        let (i, w, h): (usize, usize, usize) = (
            c[0].parse().unwrap(),
            c[1].parse().unwrap(),
            c[2].parse().unwrap(),
        );
        dims.insert(i, (w, h));
    }
    let mut texts = std::collections::HashMap::new();
    for line in std::fs::read_to_string(out.join("texts.tsv"))
        .unwrap()
        .lines()
    {
        let (i, t) = line.split_once('\t').unwrap();
        texts.insert(
            i.parse::<usize>().unwrap(),
            (!t.is_empty()).then(|| unhex(t)),
        );
    }
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line.unwrap();
        let Ok(i) = line.trim().parse::<usize>() else {
            break;
        };
        let (w, h) = dims[&i];
        let px = std::fs::read(out.join("frames").join(format!("{i:04}.gray"))).unwrap();
        let frame = LumaFrame::new(&px, w, h, w).unwrap();
        let expected = &texts[&i];
        let got = vneid_qr::scan(&frame);
        let read = got.is_some() && got == *expected;
        let wrong = got.is_some() && got != *expected;
        let genuine = world
            .officer
            .scan_frame(&frame)
            .unwrap()
            .is_some_and(|v| v.is_genuine());
        let mut times = Vec::with_capacity(reps);
        for _ in 0..reps {
            let t = Instant::now();
            std::hint::black_box(
                world
                    .officer
                    .scan_frame(std::hint::black_box(&frame))
                    .unwrap(),
            );
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(f64::total_cmp);
        writeln!(
            stdout,
            "{i}\t{}\t{}\t{}\t{:.4}\t{:.4}",
            u8::from(read),
            u8::from(wrong),
            u8::from(genuine),
            times[times.len() / 2],
            times[0]
        )
        .unwrap();
        stdout.flush().unwrap();
    }
}
