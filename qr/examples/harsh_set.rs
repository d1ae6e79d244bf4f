//! Scans the harsh frame set and reports read rates and times by size, content and stress
//! (a tuning tool; the comparison with zxing-cpp is `scripts/bench-compare.sh`).
//!
//! `cargo run --release -p vneid-qr --features test-support,png --example harsh_set -- [FILTER]`
//!
//! `FILTER` keeps frames whose name contains it (e.g. `1920x1080`, `small`, `#12 `).
//! `PNG_DIR=dir` also writes each kept frame as a PNG; `MISSES=1` lists the frames not read.

use std::collections::BTreeMap;
use std::time::Instant;

use vneid_qr::framegen::{self, HarshTexts, HARSH_SEED};
use vneid_qr::{self as qr, LumaFrame};

fn main() {
    let filter = std::env::args().nth(1).unwrap_or_default();
    let text = include_str!("../../fixtures/vectors/token-genuine.txt").trim();
    let texts = HarshTexts::synthetic(text, HARSH_SEED);
    let set = framegen::harsh_set(HARSH_SEED, &texts);
    let png_dir = std::env::var("PNG_DIR").ok();
    let show_misses = std::env::var_os("MISSES").is_some();
    let mut groups: BTreeMap<String, (usize, usize, Vec<f64>)> = BTreeMap::new();
    let mut false_reads = 0;
    for (i, f) in set.iter().enumerate() {
        if !f.name.contains(&filter) {
            continue;
        }
        let px = f.render();
        let (w, h) = (f.spec.width, f.spec.height);
        if let Some(d) = &png_dir {
            let png = qr::encode_png(&px, w as u32, h as u32).unwrap();
            std::fs::write(format!("{d}/{i:03}.png"), png).unwrap();
        }
        let frame = LumaFrame::new(&px, w, h, w).unwrap();
        let t = Instant::now();
        let got = qr::scan(&frame);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let ok = got == f.text;
        if got.is_some() && got != f.text {
            false_reads += 1;
            println!("FALSE READ {i}: {}", f.name);
        }
        if !ok && show_misses {
            println!("miss {i} ({ms:.1} ms): {}", f.name);
        }
        for key in [
            format!("{w}x{h} {}", f.content.name()),
            format!("stress {}", f.stress.name()),
            format!(
                "ppm {}",
                match f.px_per_module {
                    0.0 => "none",
                    p if p < 2.5 => "<2.5",
                    p if p < 3.0 => "2.5-3",
                    p if p < 4.0 => "3-4",
                    p if p < 6.0 => "4-6",
                    _ => ">=6",
                }
            ),
        ] {
            let g = groups.entry(key).or_default();
            g.0 += 1;
            g.1 += usize::from(ok);
            g.2.push(ms);
        }
    }
    for (k, (n, ok, mut ms)) in groups {
        ms.sort_by(f64::total_cmp);
        let q = |p: f64| ms[((ms.len() - 1) as f64 * p).round() as usize];
        println!(
            "{k:28} {ok:3}/{n:3} {:5.1} %  median {:6.2} p95 {:6.2} max {:6.2} ms",
            100.0 * ok as f64 / n as f64,
            q(0.5),
            q(0.95),
            q(1.0)
        );
    }
    println!("false reads: {false_reads}");
}
