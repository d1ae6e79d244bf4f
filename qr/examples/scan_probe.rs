//! Scans one synthetic frame and says what happened (a tool for tuning the scanner).
//! `cargo run --release -p vneid-qr --features test-support,png --example scan_probe -- W H FRACTION ROT PERSP BLUR NOISE LIGHT [SEED]`

use std::time::Instant;

use vneid_qr::framegen::{self, FrameSpec};
use vneid_qr::{self as qr, LumaFrame, QrMatrix};

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize, d: f32| a.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    // The fixture token: every run scans the same frames, as the frame-set test does.
    let text = include_str!("../../fixtures/vectors/token-genuine.txt")
        .trim()
        .to_owned();
    let m = QrMatrix::encode(&text).unwrap();
    println!(
        "text {} chars, version {} ({} modules)",
        text.len(),
        m.version,
        m.size
    );
    let spec = FrameSpec {
        rotation_deg: num(3, 0.0),
        perspective: num(4, 0.0),
        blur_radius: num(5, 0.0) as usize,
        noise: num(6, 0.0) as u8,
        light_falloff: num(7, 0.0),
        seed: num(8, 1.0) as u64,
        ..FrameSpec::plain(num(0, 640.0) as usize, num(1, 480.0) as usize, num(2, 0.5))
    };
    // `SET_INDEX=i` takes frame i of the standard set instead.
    let spec = match std::env::var("SET_INDEX")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
    {
        Some(i) => framegen::standard_set(framegen::STANDARD_SEED)[i]
            .spec
            .clone(),
        None => spec,
    };
    let px = framegen::render(Some(&m), &spec);
    let f = LumaFrame::new(&px, spec.width, spec.height, spec.width).unwrap();
    if let Ok(path) = std::env::var("PROBE_PNG") {
        std::fs::write(
            path,
            qr::encode_png(&px, spec.width as u32, spec.height as u32).unwrap(),
        )
        .unwrap();
    }
    let dump = std::env::var("VNEID_QR_DUMP").ok();
    for (x, y) in [
        (3.5, 3.5),
        (m.size as f32 - 3.5, 3.5),
        (3.5, m.size as f32 - 3.5),
        (34.5, 34.5),
        (62.5, 62.5),
        (34.5, 62.5),
        (62.5, 34.5),
    ] {
        println!(
            "truth ({x}, {y}) -> {:?}",
            framegen::project(&spec, m.size, x, y)
        );
    }
    if std::env::var_os("BENCH_DECODE").is_some() {
        bench_decode(&m);
    }
    let repeat: u32 = std::env::var("REPEAT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let t = Instant::now();
    let mut ours = None;
    for _ in 0..repeat {
        ours = qr::scan(&f);
    }
    let dt = t.elapsed() / repeat;
    let t = Instant::now();
    let plain = framegen::scan_plain_rqrr(&f);
    let dt2 = t.elapsed();
    println!(
        "pipeline: {} in {:.2} ms; plain rqrr: {} in {:.2} ms",
        ours.as_deref() == Some(text.as_str()),
        dt.as_secs_f64() * 1e3,
        plain.as_deref() == Some(text.as_str()),
        dt2.as_secs_f64() * 1e3
    );
    if let Some(dir) = dump {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for p in files {
            let bits = std::fs::read_to_string(&p).unwrap();
            if bits.len() != m.size * m.size {
                println!("{}: size {}", p.display(), (bits.len() as f64).sqrt());
                continue;
            }
            let mut errs = vec![0usize; 4];
            for (i, c) in bits.bytes().enumerate() {
                let (x, y) = (i % m.size, i / m.size);
                if (c == b'1') != m.modules[i] {
                    errs[(y * 2 / m.size) * 2 + x * 2 / m.size] += 1;
                }
            }
            println!(
                "{}: errors by quadrant {:?} of {}",
                p.file_name().unwrap().to_string_lossy(),
                errs,
                m.size * m.size
            );
            std::fs::remove_file(p).unwrap();
        }
    }
}

fn bench_decode(m: &QrMatrix) {
    let n = m.size;
    let t = Instant::now();
    for _ in 0..100 {
        let g = rqrr::SimpleGrid::from_func(n, |x, y| m.modules[y * n + x]);
        let _ = rqrr::Grid::new(g).decode().unwrap();
    }
    println!(
        "rqrr decode of the true grid: {:.3} ms",
        t.elapsed().as_secs_f64() * 10.0
    );
}
