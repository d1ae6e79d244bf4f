//! Scans the standard frame set and reports misses and time per frame size (a tuning tool).
//! `cargo run --release -p vneid-qr --features test-support --example scan_set [SEED]`

use std::time::Instant;

use vneid_qr::framegen::{self, STANDARD_SEED};
use vneid_qr::{self as qr, LumaFrame, QrMatrix};

fn main() {
    let seed = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(STANDARD_SEED);
    let plain = std::env::var_os("PLAIN").is_some();
    // The fixture token: every run scans the same frames, as the frame-set test does.
    let text = include_str!("../../fixtures/vectors/token-genuine.txt")
        .trim()
        .to_owned();
    let m = QrMatrix::encode(&text).unwrap();
    let mut by_size: Vec<(usize, usize, usize, f64)> = Vec::new();
    let only: Option<usize> = std::env::var("ONLY_W").ok().and_then(|s| s.parse().ok());
    for f in framegen::standard_set(seed) {
        if only.is_some_and(|w| w != f.spec.width) {
            continue;
        }
        let px = framegen::render(f.has_code().then_some(&m), &f.spec);
        let frame = LumaFrame::new(&px, f.spec.width, f.spec.height, f.spec.width).unwrap();
        let reps: u32 = std::env::var("REPEAT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1);
        let t = Instant::now();
        let mut got = None;
        for _ in 0..reps {
            got = if plain {
                framegen::scan_plain_rqrr(&frame)
            } else {
                qr::scan(&frame)
            };
        }
        let dt = t.elapsed().as_secs_f64() * 1e3 / f64::from(reps);
        let ok = if f.has_code() {
            got.as_deref() == Some(text.as_str())
        } else {
            got.is_none()
        };
        if !ok || std::env::var_os("ALL").is_some() {
            println!(
                "{} {:.2} ms: {}",
                if ok { "ok  " } else { "MISS" },
                dt,
                f.name
            );
        }
        match by_size.iter_mut().find(|e| e.0 == f.spec.width) {
            Some(e) => {
                e.1 += 1;
                e.2 += usize::from(ok);
                e.3 += dt;
            }
            None => by_size.push((f.spec.width, 1, usize::from(ok), dt)),
        }
    }
    for (wd, n, ok, t) in by_size {
        println!(
            "width {wd}: {ok}/{n} right, {:.2} ms per frame",
            t / n as f64
        );
    }
}
