//! The frame scanner: find finder patterns on a pyramid of downscaled, binarised copies of the
//! frame (coarse first, down to full resolution), fit the module grid on the full-resolution
//! frame (timing patterns, version blocks, alignment patterns, a homography), sample it and
//! decode it ([`crate::decode`]); all of it under a work budget per frame.

use super::finder::tune;
use super::finder::{self, Finder};
use super::grid::{self, len, Homography, Local, P};
use super::LumaFrame;

/// Smallest frame side scanned: a version-1 code with no quiet zone at one pixel per module.
const MIN_SIDE: usize = 21;
/// The working copy's smaller side is brought down to about this many pixels: a version-13
/// code at 30 % of the frame height then still has about 2 pixels per module.
const WORK_SIDE: usize = 512;
/// A first look at half the working resolution when that keeps this many pixels: codes above
/// about a third of the height are found there.
const COARSE_SIDE: usize = 360;
/// Candidates considered for triples, and triples tried, per scale.
const MAX_FINDERS: usize = 12;
const MAX_TRIPLES: usize = 12;
/// Grid samples of a finder's edge fit (three passes over four sides).
const QUAD_SAMPLES: usize = 2 * 4 * 6 * 25 + 4 * 3 * 57;

/// Finds a QR code in the frame and returns its text.
pub(crate) fn scan(frame: &LumaFrame<'_>) -> Option<String> {
    let short = frame.width.min(frame.height);
    if short < MIN_SIDE {
        return None;
    }
    // A pyramid, coarse first (cheap; enough for all but small codes), then each finer scale
    // down to the full resolution, where codes of 2–3 pixels per module are found.
    let fine = (short / WORK_SIDE).max(1);
    let coarse = if short / (2 * fine) >= COARSE_SIDE {
        2 * fine
    } else {
        fine
    };
    let mut scales = vec![coarse];
    let mut s = fine;
    loop {
        if scales.last() != Some(&s) {
            scales.push(s);
        }
        if s == 1 {
            break;
        }
        s /= 2;
    }
    let mut all: Vec<Finder> = Vec::new();
    let mut tried: Vec<[(f32, f32); 3]> = Vec::new();
    let mut pairs: Vec<[(f32, f32); 2]> = Vec::new();
    let mut squares = Squares::default();
    let mut total_left = frame_budget();
    let last = scales.len() - 1;
    for (k, s) in scales.into_iter().enumerate() {
        let work = finder::downscale(frame, s);
        let candidates = candidates_of(&work, s);
        #[cfg(feature = "test-support")]
        trace(|t: &mut ScanTrace| {
            t.candidates.push((
                s,
                candidates.iter().map(|f| (f.x, f.y, f.module())).collect(),
            ))
        });
        dbg_trace(|| {
            format!(
                "scale {s}: {} candidates {:?}",
                candidates.len(),
                &candidates[..candidates.len().min(6)]
            )
        });
        // Candidates of this scale first, then those of coarser scales not seen again.
        let mut merged = candidates;
        for c in &all {
            let dup = merged.iter().any(|m| {
                (m.x - c.x).abs() < 2.0 * m.module() && (m.y - c.y).abs() < 2.0 * m.module()
            });
            if !dup {
                merged.push(*c);
            }
        }
        // Each scale may search with its share, out of what the frame has left (half of it
        // while finer scales remain). A missing third finder is looked for at the finest
        // scale, with every candidate of the pyramid.
        let share = if k < last {
            search_budget().min(total_left / 2)
        } else {
            total_left
        };
        set_budget(share);
        let found = from_candidates(
            frame,
            &merged,
            &mut tried,
            &mut squares,
            (k == last).then_some(&mut pairs),
        );
        let used = share - BUDGET.with(|b| b.get()).max(0);
        total_left -= used;
        #[cfg(feature = "test-support")]
        trace(|t: &mut ScanTrace| t.spent += used);
        if found.is_some() {
            return found;
        }
        all = merged;
    }
    None
}

/// Finder candidates in frame coordinates.
fn candidates_of(work: &finder::Gray<'_>, s: usize) -> Vec<Finder> {
    let bin = finder::binarise(work);
    #[cfg(feature = "test-support")]
    if let Some(path) = std::env::var_os("VNEID_QR_DUMP_BIN") {
        let bits = bin.to_bits();
        let mut pgm = format!("P5 {} {} 255\n", bin.w, bin.h).into_bytes();
        pgm.extend(bits.iter().map(|&b| if b == 1 { 0u8 } else { 255 }));
        let _ = std::fs::write(format!("{}-{s}.pgm", path.to_string_lossy()), pgm);
    }
    let k = s as f32;
    let found = finder::find(work, &bin);
    // No timings here: the core reads no clock but the injected one (benchmarks time it).
    dbg_trace(|| format!("{} finder candidates", found.len()));
    found
        .into_iter()
        .map(|f| Finder {
            x: f.x * k,
            y: f.y * k,
            width_h: f.width_h * k,
            width_v: f.width_v * k,
            hits: f.hits,
        })
        .collect()
}

/// `rqrr`'s own detector and decoder on a `w` × `h` grey image.
#[cfg(feature = "test-support")]
pub(crate) fn rqrr_detect(
    w: usize,
    h: usize,
    px: impl FnMut(usize, usize) -> u8,
) -> Option<String> {
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, px);
    img.detect_grids()
        .into_iter()
        .find_map(|g| g.decode().ok().map(|(_, content)| content))
}

/// Tries the likeliest triples of finder candidates.
fn from_candidates(
    frame: &LumaFrame<'_>,
    all: &[Finder],
    tried: &mut Vec<[(f32, f32); 3]>,
    squares: &mut Squares,
    pairs: Option<&mut Vec<[(f32, f32); 2]>>,
) -> Option<String> {
    // The best-confirmed candidates (most rows hit), single hits included: a small finder
    // spans few scanned rows.
    let c: Vec<Finder> = all.iter().take(MAX_FINDERS).copied().collect();
    let mut triples: Vec<(f32, [Finder; 3])> = Vec::new();
    for i in 0..c.len() {
        for j in i + 1..c.len() {
            for k in j + 1..c.len() {
                if let Some((score, t)) = triple(c[i], c[j], c[k]) {
                    // Prefer triples of well-confirmed candidates.
                    let single = t.iter().filter(|f| f.hits < 2).count() as f32;
                    triples.push((score + 0.1 * single, t));
                }
            }
        }
    }
    triples.sort_by(|a, b| a.0.total_cmp(&b.0));
    dbg_trace(|| {
        format!(
            "{} triples: {:?}",
            triples.len(),
            triples
                .iter()
                .take(8)
                .map(|(s, t)| (*s, t.map(|f| (f.x as i32, f.y as i32, f.hits))))
                .collect::<Vec<_>>()
        )
    });
    let mut attempts = 0;
    let mut assessed: Vec<(u8, f32, Assessed)> = Vec::new();
    let mut i = 0;
    while i < triples.len() {
        if attempts >= MAX_TRIPLES {
            break;
        }
        if attempts == 1 && i > 0 {
            // The likeliest triple did not read: the rest ranked by how their sides follow
            // the finders' own axes (the line through two finders' centres is the image of
            // a module row or column: it runs along both finders' axes, under any
            // perspective); triples whose fitted squares cross their sides are dropped.
            let mut rest: Vec<(f32, [Finder; 3])> = triples
                .drain(i..)
                .take(4 * MAX_TRIPLES)
                .filter_map(|(score, t)| {
                    let q = t.map(|f| own_quad(frame, &f, squares));
                    match side_angles(&t, &q) {
                        Some(deg) if deg > 20.0 => None,
                        Some(deg) => Some((deg / 10.0 + score, t)),
                        None => Some((2.0 + score, t)),
                    }
                })
                .collect();
            rest.sort_by(|a, b| a.0.total_cmp(&b.0));
            dbg_trace(|| {
                format!(
                    "re-ranked: {:?}",
                    rest.iter()
                        .take(8)
                        .map(|(s, t)| (*s, t.map(|f| (f.x as i32, f.y as i32))))
                        .collect::<Vec<_>>()
                )
            });
            triples.truncate(i);
            triples.extend(rest);
            if i >= triples.len() {
                break;
            }
        }
        let (score, [tl, tr, bl]) = &triples[i];
        i += 1;
        // A triple tried at a coarser scale is not tried again.
        let key = [(tl.x, tl.y), (tr.x, tr.y), (bl.x, bl.y)];
        let tol = 1.5 * (tl.module() + tr.module() + bl.module()) / 3.0;
        let seen = tried.iter().any(|t| {
            t.iter()
                .zip(&key)
                .all(|(a, b)| (a.0 - b.0).abs() < tol && (a.1 - b.1).abs() < tol)
        });
        if seen {
            continue;
        }
        tried.push(key);
        attempts += 1;
        if exhausted() {
            return None;
        }
        if let Some(a) = assess(frame, tl, tr, bl, squares) {
            // Strong evidence is decoded at once (the common case: one clear code).
            if a.evidence >= 2 {
                if let Some(text) = decode_assessed(frame, &a) {
                    return Some(text);
                }
            } else {
                assessed.push((a.evidence, *score, a));
            }
        }
    }
    // Then a third finder for pairs (at the finest scale): cheaper, and likelier, than
    // triples that showed nothing but their geometry.
    if let Some(pairs) = pairs {
        if let Some(text) = from_pairs(frame, all, tried, pairs, squares) {
            return Some(text);
        }
    }
    // Then the rest, those with some evidence first.
    assessed.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.total_cmp(&b.1)));
    for (_, _, a) in &assessed {
        if exhausted() {
            return None;
        }
        if let Some(text) = decode_assessed(frame, a) {
            return Some(text);
        }
    }
    None
}

/// Finder squares fitted so far in a frame, by candidate position: a candidate is in many
/// triples and pairs, its square is fitted once. Failures are kept with the axis angle
/// tried (modulo 90°): another triple's frame may be nearer the truth.
#[derive(Default)]
struct Squares(Vec<(P, Result<grid::Quad, Vec<f32>>)>);

impl Squares {
    /// The square, if fitted; whether a fit from axes at `angle` already failed.
    fn get(&self, f: &Finder, angle: f32) -> (Option<grid::Quad>, bool) {
        match self.0.iter().find(|(p, _)| *p == (f.x, f.y)) {
            Some((_, Ok(q))) => (Some(*q), false),
            Some((_, Err(tried))) => (
                None,
                tried.iter().any(|t| {
                    let d = (t - angle).rem_euclid(90.0);
                    d.min(90.0 - d) < 10.0
                }),
            ),
            None => (None, false),
        }
    }

    fn put(&mut self, f: &Finder, q: Option<grid::Quad>, angle: f32) {
        let at = self.0.iter().position(|(p, _)| *p == (f.x, f.y));
        match (at, q) {
            (Some(i), Some(q)) => self.0[i].1 = Ok(q),
            (Some(i), None) => {
                if let Err(t) = &mut self.0[i].1 {
                    t.push(angle);
                }
            }
            (None, Some(q)) => self.0.push(((f.x, f.y), Ok(q))),
            (None, None) => self.0.push(((f.x, f.y), Err(vec![angle]))),
        }
    }
}

/// The angle of axis `u`, in degrees.
fn angle_of(u: P) -> f32 {
    u.1.atan2(u.0).to_degrees()
}

/// Candidates whose pairs are tried for a third finder the finder pass missed.
const MAX_PAIRED: usize = 16;
/// Third finders inferred and tried, per scale.
const MAX_INFERRED: usize = 6;

/// A candidate's own outer square, without knowing the code's axes: guessed at 0°, 30° and
/// 60° (the edge fit corrects up to about 20°).
fn own_quad(frame: &LumaFrame<'_>, f: &Finder, squares: &mut Squares) -> Option<grid::Quad> {
    let m = f.module();
    for deg in [0f32, 30.0, 60.0] {
        match squares.get(f, deg) {
            (Some(q), _) => return Some(q),
            (None, true) => continue,
            (None, false) => {}
        }
        let (sn, cs) = deg.to_radians().sin_cos();
        let l = Local {
            c: (f.x, f.y),
            a: (cs * m, sn * m),
            b: (-sn * m, cs * m),
            dark: 0.0,
            light: 0.0,
        };
        if !spend_in(4, QUAD_SAMPLES) {
            return None;
        }
        let raw = levels(frame, l);
        let q = grid::finder_quad(frame, &raw, &raw).map(|q| grid::Quad {
            local: levels(frame, q.local),
            ..q
        });
        squares.put(f, q, deg);
        if q.is_some() {
            return q;
        }
    }
    None
}

/// `d` in the module coordinates of frame `l` (d = u·a + v·b).
fn coords(l: &Local, d: P) -> Option<P> {
    let det = l.a.0 * l.b.1 - l.a.1 * l.b.0;
    if det.abs() < 1e-6 {
        return None;
    }
    Some((
        (d.0 * l.b.1 - d.1 * l.b.0) / det,
        (l.a.0 * d.1 - l.a.1 * d.0) / det,
    ))
}

/// When no triple decodes: pairs of well-fitted candidates (two finders of a code whose third
/// the finder pass missed: glare, blur, moiré over it), the third looked for where the pair's
/// geometry puts it (beside either end of a side, or at the other corners of a diagonal), by
/// correlation with a finder's pattern; the triples so formed are assessed and decoded as
/// any other.
fn from_pairs(
    frame: &LumaFrame<'_>,
    all: &[Finder],
    tried: &mut Vec<[(f32, f32); 3]>,
    pairs: &mut Vec<[(f32, f32); 2]>,
    squares: &mut Squares,
) -> Option<String> {
    // The candidates whose outer squares fit, most confirmed first.
    let mut order: Vec<Finder> = all.iter().take(MAX_PAIRED).copied().collect();
    order.sort_by_key(|f| std::cmp::Reverse(f.hits));
    let mut c: Vec<(Finder, grid::Quad)> = Vec::with_capacity(order.len());
    for f in order {
        if exhausted() {
            return None;
        }
        if let Some(q) = own_quad(frame, &f, squares) {
            c.push((f, q));
        }
    }
    let mut inferred = 0;
    for i in 0..c.len() {
        for j in i + 1..c.len() {
            if inferred >= MAX_INFERRED || exhausted() {
                return None;
            }
            let ((fi, qi), (fj, qj)) = (c[i], c[j]);
            let (mi, mj) = (fi.module(), fj.module());
            let dist = len(sub((fj.x, fj.y), (fi.x, fi.y)));
            if mi.max(mj) > 2.2 * mi.min(mj) || dist < 10.0 * mi.min(mj) {
                continue;
            }
            let key = [(fi.x, fi.y), (fj.x, fj.y)];
            let tol = 1.5 * (mi + mj) / 2.0;
            let seen = pairs.iter().any(|t| {
                t.iter()
                    .zip(&key)
                    .all(|(a, b)| (a.0 - b.0).abs() < tol && (a.1 - b.1).abs() < tol)
            });
            if seen {
                continue;
            }
            pairs.push(key);
            let (p, q) = (qi.local, qj.local);
            let (mp, mq) = ((len(p.a) + len(p.b)) / 2.0, (len(q.a) + len(q.b)) / 2.0);
            if mp.max(mq) > 2.2 * mp.min(mq) {
                continue;
            }
            let d = sub(q.c, p.c);
            let (Some((du, dv)), Some((eu, ev))) = (coords(&p, d), coords(&q, (-d.0, -d.1))) else {
                continue;
            };
            let big = du.abs().max(dv.abs());
            if !(10.0..=180.0).contains(&big) {
                continue;
            }
            let ratio = du.abs().min(dv.abs()) / big;
            dbg_trace(|| format!("pair {key:?}: ({du:.1}, {dv:.1}) ({eu:.1}, {ev:.1})"));
            let ratio_q = eu.abs().min(ev.abs()) / eu.abs().max(ev.abs()).max(1e-3);
            // Where the third finder may be, in the frame of the nearer finder.
            let mut spots: Vec<(Local, f32)> = Vec::with_capacity(4);
            if ratio < 0.3 && ratio_q < 0.3 {
                // A side: beside either end, on either side.
                // As a square would have it (little tilt), and along each finder's axes.
                let perp = (-d.1, d.0);
                for (l, sgn) in [(p, 1.0), (p, -1.0), (q, 1.0), (q, -1.0)] {
                    spots.push((
                        Local {
                            c: (l.c.0 + sgn * perp.0, l.c.1 + sgn * perp.1),
                            ..l
                        },
                        big,
                    ));
                }
                for (l, u, v) in [(p, du, dv), (q, eu, ev)] {
                    let (across, n) = if u.abs() > v.abs() {
                        (l.b, u)
                    } else {
                        (l.a, v)
                    };
                    for sgn in [1.0, -1.0] {
                        let k = sgn * n.abs();
                        spots.push((
                            Local {
                                c: (l.c.0 + k * across.0, l.c.1 + k * across.1),
                                ..l
                            },
                            n.abs(),
                        ));
                    }
                }
            } else if ratio > 0.6 && ratio_q > 0.6 {
                // A diagonal: the other two corners (one is the top-left finder), as a
                // square would have them and along the first finder's axes.
                let mid = ((p.c.0 + q.c.0) / 2.0, (p.c.1 + q.c.1) / 2.0);
                for sgn in [0.5, -0.5] {
                    spots.push((
                        Local {
                            c: (mid.0 - sgn * d.1, mid.1 + sgn * d.0),
                            ..p
                        },
                        big,
                    ));
                }
                for (u, v) in [(du, 0.0), (0.0, dv)] {
                    spots.push((Local { c: p.at(u, v), ..p }, big));
                }
            } else {
                continue;
            }
            dbg_trace(|| {
                format!(
                    "pair {key:?}: ({du:.1}, {dv:.1}) ({eu:.1}, {ev:.1}), spots {:?}",
                    spots.iter().map(|s| s.0.c).collect::<Vec<_>>()
                )
            });
            // Spots within a few modules of one another are searched once.
            let mut spots_once: Vec<(Local, f32)> = Vec::with_capacity(spots.len());
            for sp in spots {
                let m = len(sp.0.a).max(len(sp.0.b));
                if !spots_once.iter().any(|o| len(sub(o.0.c, sp.0.c)) < 3.0 * m) {
                    spots_once.push(sp);
                }
            }
            let spots = spots_once;
            let contrast = (p.light - p.dark + q.light - q.dark) / 2.0;
            // Each spot's best match; those whose outer square fits (a finder's ring order,
            // not an alignment pattern's) first, then by score.
            let mut found: Vec<(bool, f32, Finder)> = Vec::with_capacity(spots.len());
            for (spot, span) in spots {
                let radius = (0.12 * span).clamp(3.0, 10.0);
                let steps = 2 * radius as usize + 17;
                if !spend_in(4, steps * steps + 2000) {
                    return None;
                }
                let Some((at, score)) = grid::find_finder_near(frame, &spot, radius) else {
                    continue;
                };
                if score < 0.25 * contrast {
                    dbg_trace(|| {
                        format!("pair: weak finder at {at:?}, score {score:.0} of {contrast:.0}")
                    });
                    continue;
                }
                let m = (len(spot.a) + len(spot.b)) / 2.0;
                // A candidate the finder pass had already: its triples were tried.
                if all
                    .iter()
                    .any(|f| len(sub((f.x, f.y), at)) < 2.0 * m.max(f.module()))
                {
                    continue;
                }
                let l = levels(frame, Local { c: at, ..spot });
                let fits = grid::finder_quad(frame, &l, &l).is_some();
                if !fits && score < 0.35 * contrast {
                    continue;
                }
                let third = Finder {
                    x: at.0,
                    y: at.1,
                    width_h: 7.0 * m,
                    width_v: 7.0 * m,
                    hits: 0,
                };
                dbg_trace(|| {
                    format!("pair {key:?}: third finder at {at:?}, score {score:.0}, fits {fits}")
                });
                found.push((fits, score, third));
            }
            found.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
            for (_, _, third) in found {
                #[cfg(feature = "test-support")]
                trace(|t: &mut ScanTrace| t.inferred.push((third.x, third.y)));
                let Some((_, [tl, tr, bl])) = triple(fi, fj, third) else {
                    continue;
                };
                let tkey = [(tl.x, tl.y), (tr.x, tr.y), (bl.x, bl.y)];
                let ttol = 1.5 * (tl.module() + tr.module() + bl.module()) / 3.0;
                if tried.iter().any(|t| {
                    t.iter()
                        .zip(&tkey)
                        .all(|(a, b)| (a.0 - b.0).abs() < ttol && (a.1 - b.1).abs() < ttol)
                }) {
                    continue;
                }
                tried.push(tkey);
                inferred += 1;
                if let Some(a) = assess(frame, &tl, &tr, &bl, squares) {
                    if let Some(text) = decode_assessed(frame, &a) {
                        return Some(text);
                    }
                }
                if exhausted() {
                    return None;
                }
            }
        }
    }
    None
}

/// The worst angle, in degrees, between a triple's sides and the finders' fitted axes they
/// should run along (top-left → top-right along both finders' axes, top-left → bottom-left
/// likewise, the top-left finder's two axes one for each side); `None` without all three
/// squares.
fn side_angles(t: &[Finder; 3], q: &[Option<grid::Quad>; 3]) -> Option<f32> {
    let [Some(qtl), Some(qtr), Some(qbl)] = q else {
        return None;
    };
    let [tl, tr, bl] = t;
    let d1 = sub((tr.x, tr.y), (tl.x, tl.y));
    let d2 = sub((bl.x, bl.y), (tl.x, tl.y));
    let angle = |d: P, axis: P| {
        let c = (d.0 * axis.0 + d.1 * axis.1).abs() / (len(d) * len(axis)).max(1e-6);
        c.min(1.0).acos().to_degrees()
    };
    let nearest = |d: P, l: &Local| angle(d, l.a).min(angle(d, l.b));
    let (a, b) = (qtl.local.a, qtl.local.b);
    let at_tl = (angle(d1, a).max(angle(d2, b))).min(angle(d1, b).max(angle(d2, a)));
    Some(
        at_tl
            .max(nearest(d1, &qtr.local))
            .max(nearest(d2, &qbl.local)),
    )
}

/// Whether three candidates can be a code's finders: returns a score (lower is better) and
/// them ordered top-left, top-right, bottom-left.
fn triple(a: Finder, b: Finder, c: Finder) -> Option<(f32, [Finder; 3])> {
    let p = |f: &Finder| (f.x, f.y);
    let (dab, dac, dbc) = (
        len(sub(p(&a), p(&b))),
        len(sub(p(&a), p(&c))),
        len(sub(p(&b), p(&c))),
    );
    // The corner is opposite the longest side.
    let (corner, x, y) = if dbc >= dab && dbc >= dac {
        (a, b, c)
    } else if dac >= dab {
        (b, a, c)
    } else {
        (c, a, b)
    };
    let (vx, vy) = (sub(p(&x), p(&corner)), sub(p(&y), p(&corner)));
    let (lx, ly) = (len(vx), len(vy));
    if lx < 1.0 || ly < 1.0 {
        return None;
    }
    let legs = lx.min(ly) / lx.max(ly);
    let cos = (vx.0 * vy.0 + vx.1 * vy.1) / (lx * ly);
    let ms = [corner.module(), x.module(), y.module()];
    let (mn, mx) = ms
        .iter()
        .fold((f32::MAX, 0f32), |(a, b), &m| (a.min(m), b.max(m)));
    if legs < tune("LEGS", 0.45) || cos.abs() > tune("COS", 0.6) || mx > tune("MODR", 2.6) * mn {
        return None;
    }
    let size = (lx + ly) / 2.0 / (ms.iter().sum::<f32>() / 3.0) + 7.0;
    if !(15.0..=190.0).contains(&size) {
        return None;
    }
    let score = (1.0 - legs) + cos.abs() + 0.5 * (mx / mn - 1.0);
    // Top-right is clockwise from bottom-left as seen on screen (y down).
    let cross = vx.0 * vy.1 - vx.1 * vy.0;
    let (tr, bl) = if cross > 0.0 { (x, y) } else { (y, x) };
    Some((score, [corner, tr, bl]))
}

fn sub(a: P, b: P) -> P {
    (a.0 - b.0, a.1 - b.1)
}

fn unit(v: P) -> P {
    let l = len(v).max(1e-6);
    (v.0 / l, v.1 / l)
}

/// Grey levels of a pattern when refinement did not succeed.
fn levels(frame: &LumaFrame<'_>, mut l: Local) -> Local {
    l.dark = grid::sample(frame, l.c);
    let ring = |u: f32, v: f32| {
        grid::sample(
            frame,
            (l.c.0 + u * l.a.0 + v * l.b.0, l.c.1 + u * l.a.1 + v * l.b.1),
        )
    };
    l.light = (ring(2.0, 0.0) + ring(-2.0, 0.0) + ring(0.0, 2.0) + ring(0.0, -2.0)) / 4.0;
    l
}

/// A finder triple after the cheap checks: its refined finders, the versions to try (each
/// with the finder frames scaled to it), the timing patterns read, and how much evidence
/// there is that it is a code (3: version blocks read, 2: a timing pattern, 1: the format
/// information, 0: nothing but the geometry).
struct Assessed {
    versions: Vec<(usize, [Local; 3])>,
    /// The finders' outer corners, where their edges were fitted.
    quads: [Option<[P; 4]>; 3],
    t_row: Option<grid::Timing>,
    t_col: Option<grid::Timing>,
    contrast: f32,
    evidence: u8,
}

/// The cheap checks on a triple: refinement, timing patterns, version blocks, format.
fn assess(
    frame: &LumaFrame<'_>,
    tl: &Finder,
    tr: &Finder,
    bl: &Finder,
    squares: &mut Squares,
) -> Option<Assessed> {
    let u = unit(sub((tr.x, tr.y), (tl.x, tl.y)));
    let v = unit(sub((bl.x, bl.y), (tl.x, tl.y)));
    // A line through the centre of a square rotated by θ crosses 1/max(|cos θ|, |sin θ|) of
    // its side: correct the run widths for the rotation.
    let k = u.0.abs().max(u.1.abs());
    let mut locate = |f: &Finder| {
        let m = f.module() * k;
        let l = Local {
            c: (f.x, f.y),
            a: (u.0 * m, u.1 * m),
            b: (v.0 * m, v.1 * m),
            dark: 0.0,
            light: 0.0,
        };
        // The outer square from its edges (accurate axes under perspective): fitted once per
        // candidate (from this triple's frame, else from the refined one), turned to this
        // triple's axes.
        let angle = angle_of(u);
        let (known, failed) = squares.get(f, angle);
        if let Some(q) = known.and_then(|q| q.oriented(u, v)) {
            return (levels(frame, q.local), Some(q));
        }
        let raw = levels(frame, l);
        if !failed {
            spend_in(0, QUAD_SAMPLES);
            if let Some(q) = grid::finder_quad(frame, &raw, &raw) {
                squares.put(f, Some(q), angle);
                return (levels(frame, q.local), Some(q));
            }
        }
        spend_in(0, 1200);
        let Some(r) = grid::refine_finder(frame, l) else {
            squares.put(f, None, angle);
            return (raw, None);
        };
        if failed {
            return (r, None);
        }
        spend_in(0, QUAD_SAMPLES);
        let q = grid::finder_quad(frame, &r, &raw);
        squares.put(f, q, angle);
        (r, q)
    };
    let (ltl, qtl) = locate(tl);
    let (ltr, qtr) = locate(tr);
    let (lbl, qbl) = locate(bl);
    let quads = [qtl, qtr, qbl];
    let pick = |l: Local, q: &Option<grid::Quad>| q.as_ref().map_or(l, |q| q.local);
    let (ltl, ltr, lbl) = (
        pick(ltl, &quads[0]),
        pick(ltr, &quads[1]),
        pick(lbl, &quads[2]),
    );
    let contrast = [ltl, ltr, lbl]
        .iter()
        .map(|l| l.light - l.dark)
        .sum::<f32>()
        / 3.0;
    if contrast < 10.0 {
        return None;
    }
    // Version blocks and format information: a few hundred samples.
    if !spend_in(0, 500) {
        return None;
    }
    // The version from the finder spacing over the module size. Two module sizes: the refined
    // one (edge crossings, precise when sharp) and the run widths (robust to blur on small
    // modules).
    let dist = (len(sub(ltr.c, ltl.c)) + len(sub(lbl.c, ltl.c))) / 2.0;
    let m_ref = (len(ltl.a) + len(ltr.a) + len(ltl.b) + len(lbl.b)) / 4.0;
    let m_run = (tl.module() + tr.module() + bl.module()) / 3.0 * k;
    let version_of = |m: f32| ((dist / m + 7.0 - 17.0) / 4.0).round().clamp(1.0, 40.0) as usize;
    let (v1, v2) = (version_of(m_ref), version_of(m_run));
    // The timing patterns between the finders: their module count is the size itself, and
    // their edges pin the grid along the top row and the left column.
    // The finders' frames can be off by a fraction of a module across the pattern under
    // strong perspective: a third of a module to either side is tried too.
    let mut t_row = None;
    let mut t_col = None;
    // A timing read takes four samples per module.
    let samples = (4.0 * dist / m_ref).clamp(16.0, 1024.0) as usize;
    for d in [0.0, -0.35, 0.35] {
        if t_row.is_none() {
            spend_in(0, samples);
            t_row = grid::read_timing(
                frame,
                ltl.at(0.0, 3.0 + d),
                ltr.at(0.0, 3.0 + d),
                len(ltl.a),
                len(ltr.a),
            );
        }
        if t_col.is_none() {
            spend_in(0, samples);
            t_col = grid::read_timing(
                frame,
                ltl.at(3.0 + d, 0.0),
                lbl.at(3.0 + d, 0.0),
                len(ltl.b),
                len(lbl.b),
            );
        }
    }
    let tv = |t: &Option<grid::Timing>| t.as_ref().map(|t| (t.n - 17) / 4);
    let (vr, vc) = (tv(&t_row), tv(&t_col));
    // Finder frames scaled to the module size a version implies.
    let scaled = |v: usize| {
        let k = dist / (4 * v + 10) as f32 / m_ref;
        let sc = |l: &Local| Local {
            a: (l.a.0 * k, l.a.1 * k),
            b: (l.b.0 * k, l.b.1 * k),
            ..*l
        };
        [sc(&ltl), sc(&ltr), sc(&lbl)]
    };
    // Versions to try, surest first, never more than three: the version blocks (v ≥ 7, BCH
    // protected) over a bounded range around the estimates; the timing counts; the spacing
    // estimate only when nothing was read, and then only if the format information reads.
    let (lo, hi) = (
        v1.min(v2).saturating_sub(2).max(1),
        (v1.max(v2) + 2).min(40),
    );
    let mut range: Vec<usize> = (lo.max(7)..=hi).collect();
    for v in [vr, vc].into_iter().flatten() {
        if v >= 7 && !range.contains(&v) {
            range.insert(0, v);
        }
    }
    let read = range.into_iter().find(|&v| {
        let [_, r, b] = scaled(v);
        grid::read_version(frame, &r, &b) == Some(v)
    });
    let mut versions: Vec<usize> = Vec::with_capacity(4);
    let push = |versions: &mut Vec<usize>, v: usize| {
        if (1..=40).contains(&v) && !versions.contains(&v) {
            versions.push(v);
        }
    };
    if let Some(v) = read {
        push(&mut versions, v);
    }
    match (vr, vc) {
        (Some(a), Some(b)) if a == b => push(&mut versions, a),
        _ => {
            for v in [vr, vc].into_iter().flatten() {
                if v + 3 >= lo && v <= hi + 3 {
                    push(&mut versions, v);
                }
            }
        }
    }
    let mut evidence = if read.is_some() {
        3
    } else if versions.is_empty() {
        0
    } else {
        2
    };
    if versions.is_empty() {
        // Nothing read: small, blurred or noisy codes, or clutter. The versions between the two
        // spacing estimates (and one beyond), nearest their mean first: three, or four if the
        // format information reads.
        let mean = (v1 + v2) as f32 / 2.0;
        let mut around: Vec<usize> =
            (v1.min(v2).saturating_sub(1).max(1)..=(v1.max(v2) + 1).min(40)).collect();
        around.sort_by(|a, b| {
            (*a as f32 - mean)
                .abs()
                .total_cmp(&(*b as f32 - mean).abs())
        });
        let take = if grid::read_format(frame, &ltl, &ltr, &lbl).is_some() {
            evidence = 1;
            4
        } else {
            3
        };
        for v in around.into_iter().take(take) {
            push(&mut versions, v);
        }
    }
    versions.truncate(4);
    dbg_trace(|| {
        format!("triple v {v1}/{v2} read {read:?} timing {vr:?}/{vc:?} contrast {contrast:.0} tl {ltl:?} tr {ltr:?} bl {lbl:?}")
    });
    #[cfg(feature = "test-support")]
    trace(|t: &mut ScanTrace| {
        t.triples
            .push(([(tl.x, tl.y), (tr.x, tr.y), (bl.x, bl.y)], versions.clone()))
    });
    Some(Assessed {
        versions: versions.into_iter().map(|v| (v, scaled(v))).collect(),
        quads: quads.map(|q| q.map(|q| q.corners)),
        t_row,
        t_col,
        contrast,
        evidence,
    })
}

/// Decodes an assessed triple: each of its versions in turn.
fn decode_assessed(frame: &LumaFrame<'_>, t: &Assessed) -> Option<String> {
    let (t_row, t_col, contrast) = (&t.t_row, &t.t_col, t.contrast);
    for &(version, [a, b, c]) in &t.versions {
        let n = 17 + 4 * version;
        // Timing edges count only where they agree with this version.
        let mut edges: Vec<(P, P)> = Vec::new();
        if let Some(t) = t_row.as_ref().filter(|t| t.n == n) {
            edges.extend(t.edges.iter().map(|&(u, p)| ((u, 6.5), p)));
        }
        if let Some(t) = t_col.as_ref().filter(|t| t.n == n) {
            edges.extend(t.edges.iter().map(|&(u, p)| ((6.5, u), p)));
        }
        let got = decode_version(frame, [&a, &b, &c], &t.quads, version, contrast, &edges);
        #[cfg(feature = "test-support")]
        trace(|tr: &mut ScanTrace| {
            if let Some(s) = tr.first_scores.last_mut() {
                s.1 = got.is_some();
            }
        });
        if let Some(text) = got {
            return Some(text);
        }
        if exhausted() {
            return None;
        }
    }
    None
}

thread_local! {
    /// Work left for this frame, in grid samples (each a bilinear read of the frame).
    static BUDGET: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

/// Work allowed per scale of the pyramid for the search after the finder pass (triples,
/// refinement, timing, alignment, sampling, decoding), in grid samples.
pub(crate) const SEARCH_BUDGET: i64 = 400_000;

/// Work allowed for the search over all scales of a frame.
pub(crate) const FRAME_BUDGET: i64 = 600_000;

fn search_budget() -> i64 {
    tune("BUDGET", SEARCH_BUDGET as f32) as i64
}

fn frame_budget() -> i64 {
    tune("TOTAL", FRAME_BUDGET as f32) as i64
}

fn set_budget(units: i64) {
    BUDGET.with(|b| b.set(units));
}

/// Takes `units` of work from the frame's budget; false once it is spent (the caller then
/// gives up: no read, never a guess).
pub(crate) fn spend(units: usize) -> bool {
    BUDGET.with(|b| {
        let left = b.get() - units as i64;
        b.set(left);
        left >= 0
    })
}

/// [`spend`], counted by kind of work in the trace (feature `test-support`): 0 assessing
/// triples, 1 alignment patterns, 2 map scores, 3 sampling and decoding, 4 pairs.
#[inline]
fn spend_in(_kind: usize, units: usize) -> bool {
    #[cfg(feature = "test-support")]
    trace(|t: &mut ScanTrace| t.spent_by[_kind] += units as i64);
    spend(units)
}

fn exhausted() -> bool {
    BUDGET.with(|b| b.get() < 0)
}

/// A pattern's local frame on the map: centre and one module along each axis.
fn local_at(h: &Homography, x: f32, y: f32) -> Local {
    let c = h.map(x, y);
    let (px, nx) = (h.map(x + 0.5, y), h.map(x - 0.5, y));
    let (py, ny) = (h.map(x, y + 0.5), h.map(x, y - 0.5));
    Local {
        c,
        a: sub(px, nx),
        b: sub(py, ny),
        dark: 0.0,
        light: 0.0,
    }
}

/// Whether a fitted map stays near the affine one over the code (a bad fit to noisy points
/// can fold the grid): every corner within a sixth of the code's size.
fn plausible(h: &Homography, affine: &Homography, n: f32) -> bool {
    let size = len(sub(affine.map(n, 0.0), affine.map(0.0, 0.0)));
    [(0.0, 0.0), (n, 0.0), (0.0, n), (n, n)]
        .iter()
        .all(|&(x, y)| {
            let (a, b) = (h.map(x, y), affine.map(x, y));
            a.0.is_finite() && a.1.is_finite() && len(sub(a, b)) < size / 6.0
        })
}

/// Where lines `p + t·d` and `q + s·e` meet, unless nearly parallel.
fn intersect(p: P, d: P, q: P, e: P) -> Option<P> {
    let den = d.0 * e.1 - d.1 * e.0;
    if den.abs() < 0.05 * len(d) * len(e) {
        return None;
    }
    let w = sub(q, p);
    let t = (w.0 * e.1 - w.1 * e.0) / den;
    Some((p.0 + t * d.0, p.1 + t * d.1))
}

/// Where the bottom-right alignment pattern should be, by where the finders' own axes point
/// (the bottom row through the bottom-left finder meets the right column through the
/// top-right one), with module vectors extrapolated from how they change between the finders.
fn br_guess([tl, tr, bl]: [&Local; 3], at: f32, n: f32) -> Option<Local> {
    let x = intersect(bl.c, bl.a, tr.c, tr.b)?;
    let a = (bl.a.0 + tr.a.0 - tl.a.0, bl.a.1 + tr.a.1 - tl.a.1);
    let b = (tr.b.0 + bl.b.0 - tl.b.0, tr.b.1 + bl.b.1 - tl.b.1);
    let d = (n - 3.5 - at).max(0.0);
    Some(Local {
        c: (x.0 - d * (a.0 + b.0), x.1 - d * (a.1 + b.1)),
        a,
        b,
        dark: 0.0,
        light: 0.0,
    })
}

/// Median distance, in modules of `m` pixels, between where `h` maps the pairs' module
/// points and where they were seen.
fn median_residual(h: &Homography, pairs: &[(P, P)], m: f32) -> f32 {
    let mut r: Vec<f32> = pairs
        .iter()
        .map(|&((x, y), p)| len(sub(h.map(x, y), p)) / m)
        .collect();
    if r.is_empty() {
        return f32::MAX;
    }
    r.sort_by(f32::total_cmp);
    r[r.len() / 2]
}

/// Fits `pairs`, then drops the worst of those after the first `keep` while any is further
/// than `tol` modules from the fit, refitting each time.
fn fit_robust(pairs: &mut Vec<(P, P)>, keep: usize, m: f32, tol: f32) -> Option<Homography> {
    loop {
        let h = Homography::fit(pairs)?;
        let worst = pairs
            .iter()
            .enumerate()
            .skip(keep)
            .map(|(i, &((x, y), p))| (i, len(sub(h.map(x, y), p)) / m))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match worst {
            Some((i, r)) if r > tol && pairs.len() > 4 => {
                pairs.remove(i);
            }
            _ => return Some(h),
        }
    }
}

fn decode_version(
    frame: &LumaFrame<'_>,
    finders: [&Local; 3],
    quads: &[Option<[P; 4]>; 3],
    version: usize,
    contrast: f32,
    edges: &[(P, P)],
) -> Option<String> {
    let [tl, tr, bl] = finders.map(|l| l.c);
    let n = 17 + 4 * version;
    let nf = n as f32;
    let m = finders.iter().map(|l| len(l.a) + len(l.b)).sum::<f32>() / 6.0;
    let mut pairs: Vec<(P, P)> = vec![
        ((3.5, 3.5), tl),
        ((nf - 3.5, 3.5), tr),
        ((3.5, nf - 3.5), bl),
    ];
    let affine = Homography::affine(tl, tr, bl, n);
    // The finders' corners, from their own frames (their sizes and shapes differ under
    // perspective): a projective first guess with the timing edges, and a check of the maps.
    let mut corners = Vec::with_capacity(12);
    for ((l, q), (cx, cy)) in
        finders
            .iter()
            .zip(quads)
            .zip([(3.5, 3.5), (nf - 3.5, 3.5), (3.5, nf - 3.5)])
    {
        match q {
            // The outer corners where the edges were fitted.
            Some(q) => {
                for (p, (u, v)) in
                    q.iter()
                        .zip([(-3.5, -3.5), (3.5, -3.5), (3.5, 3.5), (-3.5, 3.5)])
                {
                    corners.push(((cx + u, cy + v), *p));
                }
            }
            // Else the outer dark row's corners from the refined frame.
            None => {
                for (u, v) in [(-3.0, -3.0), (3.0, -3.0), (3.0, 3.0), (-3.0, 3.0)] {
                    corners.push(((cx + u, cy + v), l.at(u, v)));
                }
            }
        }
    }
    pairs.extend_from_slice(edges);
    let mut local_pairs = pairs.clone();
    local_pairs.extend_from_slice(&corners);
    let first = Homography::fit(&local_pairs)
        .filter(|h| plausible(h, &affine, nf))
        .unwrap_or(affine);
    let mut maps: Vec<Homography> = Vec::with_capacity(4);
    let pos = grid::alignment_positions(version);
    #[cfg(feature = "test-support")]
    {
        let fs = grid::map_score(frame, &first, version);
        trace(|t: &mut ScanTrace| t.first_scores.push((fs, false)));
    }
    if let Some(&last) = pos.last() {
        let at = last as f32 + 0.5;
        // The bottom-right alignment pattern: searched near each guess in turn; the first whose
        // map predicts the finders' corners well is taken.
        let mut guesses: Vec<(Local, f32, f32)> = Vec::with_capacity(3);
        if let Some(g) = br_guess(finders, at, nf) {
            guesses.push((g, 3.0, 0.3));
        }
        guesses.push((local_at(&first, at, at), 2.5, 0.3));
        guesses.push((local_at(&affine, at, at), (nf * 0.1).clamp(4.0, 10.0), 0.5));
        #[cfg(feature = "test-support")]
        trace(|t: &mut ScanTrace| {
            t.guesses
                .push((version, at, guesses.iter().map(|g| g.0.c).collect()))
        });
        let mut best: Option<(f32, Local)> = None;
        let mut seen: Vec<P> = Vec::new();
        for (g, radius, k) in guesses {
            if seen.iter().any(|&c| len(sub(c, g.c)) < 1.5 * m) {
                continue;
            }
            seen.push(g.c);
            spend_in(1, ((4.0 * radius + 9.0) as usize).pow(2) + 700);
            let Some(br) = grid::find_alignment(frame, g, radius, k * contrast) else {
                dbg_trace(|| format!("br: nothing near {:?} (radius {radius})", g.c));
                continue;
            };
            pairs.push(((at, at), br.c));
            let fitted = Homography::fit(&pairs);
            pairs.pop();
            if let Some(h) = fitted {
                let r = median_residual(&h, &corners, m);
                dbg_trace(|| format!("br: {:?} near {:?}, corner residual {r:.2}", br.c, g.c));
                if r < 0.8 {
                    best = Some((r, br));
                    break;
                }
            }
        }
        if let Some((_, br)) = best {
            pairs.push(((at, at), br.c));
            if let Some(h1) = Homography::fit(&pairs) {
                // The other alignment patterns only where this map already fits the fixed
                // patterns better than chance (not on clutter).
                spend_in(2, 2 * n + 25 * pos.len() * pos.len());
                if pos.len() > 2 && grid::map_score(frame, &h1, version) >= tune("ALNMIN", 0.6) {
                    let keep = pairs.len();
                    for &ay in &pos {
                        for &ax in &pos {
                            let corner =
                                (ax == 6 && (ay == 6 || ay == last)) || (ax == last && ay == 6);
                            if corner || (ax == last && ay == last) {
                                continue;
                            }
                            let (x, y) = (ax as f32 + 0.5, ay as f32 + 0.5);
                            spend_in(1, 15 * 15 + 700);
                            if let Some(a) = grid::find_alignment(
                                frame,
                                local_at(&h1, x, y),
                                1.5,
                                0.4 * contrast,
                            ) {
                                pairs.push(((x, y), a.c));
                            }
                        }
                    }
                    if pairs.len() > keep {
                        if let Some(h2) = fit_robust(&mut pairs, keep, m, 0.75) {
                            maps.push(h2);
                        }
                    }
                }
                maps.push(h1);
            }
        }
    }
    #[cfg(feature = "test-support")]
    trace(|t: &mut ScanTrace| {
        let mut all = pairs.clone();
        all.extend_from_slice(&corners);
        t.fits.push((version, all))
    });
    dbg_trace(|| {
        format!(
            "v{version}: {} pattern points, {} maps: {pairs:?}",
            pairs.len(),
            maps.len() + 1
        )
    });
    maps.push(first);
    maps.push(affine);
    // Maps that agree everywhere to within a third of a module are sampled once.
    let mut distinct: Vec<Homography> = Vec::with_capacity(maps.len());
    for h in maps {
        let same = distinct.iter().any(|d| {
            [(0.0, 0.0), (nf, 0.0), (0.0, nf), (nf, nf)]
                .iter()
                .all(|&(x, y)| len(sub(d.map(x, y), h.map(x, y))) < m / 3.0)
        });
        if !same {
            distinct.push(h);
        }
    }
    // The maps that fit the code's fixed patterns (timing, alignment) best first; those that
    // fit them no better than chance are not sampled.
    let mut scored: Vec<(f32, Homography)> = distinct
        .into_iter()
        .map(|h| {
            spend_in(2, 2 * n + 25 * pos.len() * pos.len());
            (grid::map_score(frame, &h, version), h)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let min_score = tune("MAPMIN", 0.72);
    for (score, h) in scored {
        #[cfg(feature = "test-support")]
        trace(|t: &mut ScanTrace| t.maps += 1);
        if score < min_score {
            continue;
        }
        if !spend_in(3, n * n * 6) {
            return None;
        }
        let decoded = sample_and_decode(frame, &h, n);
        #[cfg(feature = "test-support")]
        trace(|t: &mut ScanTrace| t.map_scores.push((score, decoded.is_some())));
        if decoded.is_some() {
            return decoded;
        }
    }
    None
}

/// Samples the module grid through `h` and decodes it: one sample per module first (enough
/// for most frames); then five per module (averaging noise) when modules are big enough;
/// then sharpened.
fn sample_and_decode(frame: &LumaFrame<'_>, h: &Homography, n: usize) -> Option<String> {
    let centres = grid::sample_centres(frame, h, n);
    if let Some(t) = decode_bits(n, &grid::threshold_grid(&centres, n, 4)) {
        return Some(t);
    }
    let vals = grid::sample_grid(frame, h, n);
    if vals != centres {
        if let Some(t) = decode_bits(n, &grid::threshold_grid(&vals, n, 4)) {
            return Some(t);
        }
    }
    let sharp = grid::sharpen_grid(&vals, n, 0.6);
    decode_bits(n, &grid::threshold_grid(&sharp, n, 4))
}

fn decode_bits(n: usize, bits: &[bool]) -> Option<String> {
    dbg_trace(|| format!("decode attempt v{}", (n - 17) / 4));
    #[cfg(feature = "test-support")]
    static DUMP: std::sync::OnceLock<Option<std::ffi::OsString>> = std::sync::OnceLock::new();
    #[cfg(feature = "test-support")]
    if let Some(dir) = DUMP.get_or_init(|| std::env::var_os("VNEID_QR_DUMP")) {
        use std::sync::atomic::{AtomicU32, Ordering};
        static K: AtomicU32 = AtomicU32::new(0);
        let k = K.fetch_add(1, Ordering::Relaxed);
        let text: String = bits.iter().map(|&b| if b { '1' } else { '0' }).collect();
        let _ = std::fs::write(
            std::path::Path::new(&dir).join(format!("{k:04}.bits")),
            text,
        );
    }
    crate::decode::decode_grid(n, bits).ok().map(|d| d.text)
}

/// What one scan did (feature `test-support`): finder candidates per scale, triples tried
/// (centres in frame pixels, top-left, top-right, bottom-left) and the versions tried for each.
#[cfg(feature = "test-support")]
#[derive(Clone, Debug, Default)]
#[allow(clippy::type_complexity)]
pub struct ScanTrace {
    /// (scale, candidates as (x, y, module)).
    pub candidates: Vec<(usize, Vec<(f32, f32, f32)>)>,
    /// (tl, tr, bl, versions tried).
    pub triples: Vec<([(f32, f32); 3], Vec<usize>)>,
    /// Work spent on the search (all scales), in budget units.
    pub spent: i64,
    /// Per version tried: the version and the (module point, frame point) pairs fitted.
    pub fits: Vec<(usize, Vec<((f32, f32), (f32, f32))>)>,
    /// Per version tried: the version, the bottom-right alignment pattern's module
    /// coordinate, and where it was looked for (frame points).
    pub guesses: Vec<(usize, f32, Vec<(f32, f32)>)>,
    /// Third finders inferred from pairs of candidates (frame points).
    pub inferred: Vec<(f32, f32)>,
    /// Module grids sampled (maps tried).
    pub maps: usize,
    /// Per map sampled: its fit to the fixed patterns, and whether it decoded.
    pub map_scores: Vec<(f32, bool)>,
    /// Work by kind (see `spend_in`).
    pub spent_by: [i64; 5],
    /// Per version tried: the first map's fit to the fixed patterns, whether it decoded.
    pub first_scores: Vec<(f32, bool)>,
}

#[cfg(feature = "test-support")]
thread_local! {
    pub(crate) static TRACE: std::cell::RefCell<Option<ScanTrace>> = const { std::cell::RefCell::new(None) };
}

#[cfg(feature = "test-support")]
pub(crate) fn trace(f: impl FnOnce(&mut ScanTrace)) {
    TRACE.with(|t| {
        if let Some(t) = t.borrow_mut().as_mut() {
            f(t)
        }
    });
}

/// Tuning aid: with `VNEID_QR_TRACE` set, the scanner says what it found on stderr.
/// Only with feature `test-support`: the shipped scanner reads no environment.
#[cfg(feature = "test-support")]
pub(crate) fn dbg_trace(m: impl FnOnce() -> String) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("VNEID_QR_TRACE").is_some()) {
        eprintln!("{}", m());
    }
}

#[cfg(not(feature = "test-support"))]
#[inline]
pub(crate) fn dbg_trace(_m: impl FnOnce() -> String) {}
