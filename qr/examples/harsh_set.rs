//! Scans the harsh frame set and reports read rates and times by size, content and stress
//! (a tuning tool; the comparison with zxing-cpp is `scripts/bench-compare.sh`).
//!
//! `cargo run --release -p vneid-qr --features test-support,png --example harsh_set -- [FILTER]`
//!
//! `FILTER` keeps frames whose name contains it (e.g. `1920x1080`, `small`, `#12 `).
//! `PNG_DIR=dir` also writes each kept frame as a PNG; `MISSES=1` lists the frames not read;
//! `TEXTS=dir/texts.tsv` takes the texts of a `bench_compare` run (its frames exactly).

use std::collections::BTreeMap;
use std::time::Instant;

use vneid_qr::framegen::{self, HarshTexts, HARSH_SEED};
use vneid_qr::{self as qr, LumaFrame};

/// Which stage lost the code: the true finders found (per scale), a true triple tried, the
/// true version tried.
fn classify(frame: &LumaFrame<'_>, f: &framegen::HarshFrame, n: usize) -> String {
    framegen::finder_stages();
    let (_, tr) = framegen::scan_traced(frame);
    let st = framegen::finder_stages();
    let h = f.spec.homography;
    let map = |x: f64, y: f64| {
        let w = h[6] * x + h[7] * y + h[8];
        (
            ((h[0] * x + h[1] * y + h[2]) / w) as f32,
            ((h[3] * x + h[4] * y + h[5]) / w) as f32,
        )
    };
    let nf = n as f64;
    let truth = [map(3.5, 3.5), map(nf - 3.5, 3.5), map(3.5, nf - 3.5)];
    let tol = 2.0 * f.px_per_module;
    let near = |a: (f32, f32), b: (f32, f32)| (a.0 - b.0).hypot(a.1 - b.1) < tol;
    let br = map(nf - 6.5, nf - 6.5);
    if std::env::var_os("TRUTH").is_some() {
        for (x, y) in [(3.5, 3.5), (nf - 3.5, 3.5), (3.5, nf - 3.5)] {
            let c = map(x, y);
            let a = map(x + 0.5, y);
            let a0 = map(x - 0.5, y);
            let b = map(x, y + 0.5);
            let b0 = map(x, y - 0.5);
            let corners: Vec<(f32, f32)> = [(-3.5, -3.5), (3.5, -3.5), (3.5, 3.5), (-3.5, 3.5)]
                .iter()
                .map(|&(u, v)| map(x + u, y + v))
                .collect();
            println!(
                "    true finder {c:?} a {:?} b {:?} corners {corners:?}",
                (a.0 - a0.0, a.1 - a0.1),
                (b.0 - b0.0, b.1 - b0.1)
            );
        }
    }
    let mut out = format!(
        "truth {:?} br ({:.0}, {:.0}); ",
        truth.map(|t| (t.0 as i32, t.1 as i32)),
        br.0,
        br.1
    );
    for (s, c) in &tr.candidates {
        let found: Vec<bool> = truth
            .iter()
            .map(|t| c.iter().any(|p| near((p.0, p.1), *t)))
            .collect();
        out += &format!(
            "s{s}: {} cands, true {:?}; ",
            c.len(),
            found.iter().map(|&b| u8::from(b)).collect::<Vec<_>>()
        );
    }
    if !tr.inferred.is_empty() {
        let hit: Vec<bool> = truth
            .iter()
            .map(|t| tr.inferred.iter().any(|p| near(*p, *t)))
            .collect();
        out += &format!("{} inferred, true {hit:?}; ", tr.inferred.len());
    }
    let v = (n - 17) / 4;
    let mut right = false;
    for (t, vs) in &tr.triples {
        if t.iter().zip(&truth).all(|(a, b)| near(*a, *b)) {
            right = true;
            out += &format!("true triple tried, versions {vs:?} (true {v}); ");
        }
    }
    if !right {
        out += &format!("{} triples tried, none true", tr.triples.len());
    }
    for (fv, pairs) in &tr.fits {
        if *fv != v {
            continue;
        }
        let errs: Vec<String> = pairs
            .iter()
            .filter(|(m, _)| m.0 != 6.5 && m.1 != 6.5)
            .map(|(m, p)| {
                let t = map(f64::from(m.0), f64::from(m.1));
                format!(
                    "({:.0},{:.0}):{:.2}",
                    m.0,
                    m.1,
                    (t.0 - p.0).hypot(t.1 - p.1) / f.px_per_module
                )
            })
            .collect();
        out += &format!("\n      fit errors (modules): {}", errs.join(" "));
    }
    for (gv, at, gs) in &tr.guesses {
        if *gv != v {
            continue;
        }
        let t = map(f64::from(*at), f64::from(*at));
        let errs: Vec<String> = gs
            .iter()
            .map(|g| format!("{:.1}", (t.0 - g.0).hypot(t.1 - g.1) / f.px_per_module))
            .collect();
        out += &format!("\n      br guesses off by (modules): {}", errs.join(" "));
    }
    out += &format!(" | stages {st:?}");
    out
}

/// The identity text and the presentation texts (in frame order) of a `bench_compare` run,
/// from its `texts.tsv` and the `manifest.tsv` beside it.
fn texts_of_bench(path: &str, fixture: &str) -> HarshTexts {
    let unhex = |s: &str| -> String {
        let b: Vec<u8> = (0..s.len() / 2)
            .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap_or(0))
            .collect();
        String::from_utf8_lossy(&b).into_owned()
    };
    let texts = std::fs::read_to_string(path).expect("texts.tsv");
    let manifest = std::path::Path::new(path).with_file_name("manifest.tsv");
    let manifest = std::fs::read_to_string(manifest).expect("manifest.tsv");
    let mut out = HarshTexts {
        identity: fixture.to_owned(),
        presentations: Vec::new(),
    };
    for (t, m) in texts.lines().zip(manifest.lines()) {
        let text = unhex(t.split('\t').nth(1).unwrap_or(""));
        match m.split('\t').nth(3) {
            Some("identity") => out.identity = text,
            Some("presentation") => out.presentations.push(text),
            _ => {}
        }
    }
    out
}

fn main() {
    let filter = std::env::args().nth(1).unwrap_or_default();
    let fixture = include_str!("../../fixtures/vectors/token-genuine.txt").trim();
    // `TEXTS=dir/texts.tsv` (written by `bench_compare`): that run's identity and presentation
    // texts, so the frames are the ones `scripts/bench-compare.sh` scanned.
    let texts = match std::env::var("TEXTS") {
        Ok(path) => texts_of_bench(&path, fixture),
        Err(_) => HarshTexts::synthetic(fixture, HARSH_SEED),
    };
    let text = format!("{}\n{}", texts.identity, texts.presentations.join("\n"));
    let text = text.as_str();
    let set = framegen::harsh_set(HARSH_SEED, &texts);
    // A cache made for another identity text (the fixtures are regenerated now and then) is
    // dropped.
    if let Ok(dir) = std::env::var("CACHE") {
        let stamp = std::path::Path::new(&dir).join("text.txt");
        if std::fs::read_to_string(&stamp).ok().as_deref() != Some(text) {
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&stamp, text).unwrap();
        }
    }
    let png_dir = std::env::var("PNG_DIR").ok();
    let show_misses = std::env::var_os("MISSES").is_some();
    let mut groups: BTreeMap<String, (usize, usize, Vec<f64>)> = BTreeMap::new();
    let mut false_reads = 0;
    let (mut coded, mut read, mut coded3, mut read3) = (0, 0, 0, 0);
    let mut all_ms = Vec::new();
    for (i, f) in set.iter().enumerate() {
        if !f.name.contains(&filter) {
            continue;
        }
        // `CACHE=dir` keeps rendered frames (the set is deterministic) to save time on reruns.
        let px = match std::env::var("CACHE") {
            Ok(dir) => {
                let path = format!("{dir}/{i:04}.gray");
                std::fs::read(&path).unwrap_or_else(|_| {
                    let px = f.render();
                    let _ = std::fs::create_dir_all(&dir);
                    std::fs::write(&path, &px).unwrap();
                    px
                })
            }
            Err(_) => f.render(),
        };
        let (w, h) = (f.spec.width, f.spec.height);
        if let Some(d) = &png_dir {
            let png = qr::encode_png(&px, w as u32, h as u32).unwrap();
            std::fs::write(format!("{d}/{i:03}.png"), png).unwrap();
        }
        let frame = LumaFrame::new(&px, w, h, w).unwrap();
        // `REPS=k`: the median of k timed scans (as the benchmark takes).
        let reps: usize = std::env::var("REPS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1);
        let mut times = Vec::with_capacity(reps);
        let mut got = None;
        for _ in 0..reps.max(1) {
            let t = Instant::now();
            got = qr::scan(&frame);
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(f64::total_cmp);
        let ms = times[times.len() / 2];
        let ok = got == f.text;
        all_ms.push(ms);
        if f.text.is_some() {
            coded += 1;
            read += usize::from(ok);
            if f.px_per_module >= 3.0 {
                coded3 += 1;
                read3 += usize::from(ok);
            }
        }
        if got.is_some() && got != f.text {
            false_reads += 1;
            println!("FALSE READ {i}: {}", f.name);
        }
        if let Some(sc) = std::env::var("PASSTIME").ok().and_then(|s| s.parse().ok()) {
            let (ms, n) = framegen::time_finder_pass(&frame, sc, 21);
            println!(
                "pass {i} scale {sc}: downscale {:.3} binarise {:.3} find {:.3} ms, {n} candidates",
                ms[0], ms[1], ms[2]
            );
        }
        if std::env::var_os("MAPSCORES").is_some() {
            let (_, tr) = framegen::scan_traced(&frame);
            for (s, ok) in &tr.map_scores {
                println!("mapscore {s:.3} {}", u8::from(*ok));
            }
            for (s, ok) in &tr.first_scores {
                println!(
                    "firstscore {s:.3} {} {i} {:.1}",
                    u8::from(*ok),
                    f.px_per_module
                );
            }
        }
        if std::env::var_os("SPENT").is_some() {
            let (_, tr) = framegen::scan_traced(&frame);
            println!(
                "spent {i} {:.2} ms {} units ok {ok} maps {} triples {} by {:?}",
                ms,
                tr.spent,
                tr.maps,
                tr.triples.len(),
                tr.spent_by
            );
        }
        if !ok && show_misses {
            println!("miss {i} ({ms:.1} ms): {}", f.name);
            if let Some(m) = f.matrix() {
                println!("    {}", classify(&frame, f, m.size));
            }
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
    all_ms.sort_by(f64::total_cmp);
    let q = |p: f64| all_ms[((all_ms.len() - 1) as f64 * p).round() as usize];
    println!(
        "TOTAL read {read}/{coded}, >=3 px/module {read3}/{coded3}; ms median {:.2} p99 {:.2} max {:.2}; false reads: {false_reads}",
        q(0.5),
        q(0.99),
        q(1.0)
    );
}
