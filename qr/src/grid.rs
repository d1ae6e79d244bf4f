//! From three finder centres to a module grid: sub-pixel refinement of the patterns on the
//! full-resolution frame, version from the finder spacing and the version-information blocks,
//! alignment patterns, a homography fitted to every located pattern, and sampling.

use super::LumaFrame;

/// A 2-D point or vector in frame pixels (pixel centres at `i + 0.5`).
pub(crate) type P = (f32, f32);

#[inline]
fn add(a: P, b: P) -> P {
    (a.0 + b.0, a.1 + b.1)
}
#[inline]
fn sub(a: P, b: P) -> P {
    (a.0 - b.0, a.1 - b.1)
}
#[inline]
fn mul(a: P, k: f32) -> P {
    (a.0 * k, a.1 * k)
}
#[inline]
pub(crate) fn len(a: P) -> f32 {
    a.0.hypot(a.1)
}

/// Bilinear grey value at a point; points off the frame read the nearest edge pixel.
#[inline]
pub(crate) fn sample(f: &LumaFrame<'_>, (x, y): P) -> f32 {
    let (fx, fy) = (x - 0.5, y - 0.5);
    // Inside the frame (the usual case): four reads, no clamping.
    if fx >= 0.0 && fy >= 0.0 {
        let (x0, y0) = (fx as usize, fy as usize);
        if x0 + 1 < f.width && y0 + 1 < f.height {
            let (ax, ay) = (fx - x0 as f32, fy - y0 as f32);
            let i = y0 * f.row_stride + x0;
            let (r0, r1) = (
                &f.data[i..i + 2],
                &f.data[i + f.row_stride..i + f.row_stride + 2],
            );
            let top = f32::from(r0[0]) + (f32::from(r0[1]) - f32::from(r0[0])) * ax;
            let bot = f32::from(r1[0]) + (f32::from(r1[1]) - f32::from(r1[0])) * ax;
            return top + (bot - top) * ay;
        }
    }
    sample_clamped(f, (x, y))
}

/// [`sample`] near or past the frame's edges: points off the frame read the nearest edge pixel.
fn sample_clamped(f: &LumaFrame<'_>, (x, y): P) -> f32 {
    let fx = (x - 0.5).clamp(0.0, (f.width - 1) as f32);
    let fy = (y - 0.5).clamp(0.0, (f.height - 1) as f32);
    let (x0, y0) = (fx as usize, fy as usize);
    let (x1, y1) = ((x0 + 1).min(f.width - 1), (y0 + 1).min(f.height - 1));
    let (ax, ay) = (fx - x0 as f32, fy - y0 as f32);
    let r0 = y0 * f.row_stride;
    let r1 = y1 * f.row_stride;
    let p = |i: usize| f32::from(f.data[i]);
    let top = p(r0 + x0) + (p(r0 + x1) - p(r0 + x0)) * ax;
    let bot = p(r1 + x0) + (p(r1 + x1) - p(r1 + x0)) * ax;
    top + (bot - top) * ay
}

/// A pattern located on the frame: its centre and one module along the code's x and y axes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Local {
    pub c: P,
    pub a: P,
    pub b: P,
    /// Grey levels of the pattern's dark centre and light ring.
    pub dark: f32,
    pub light: f32,
}

impl Local {
    #[inline]
    pub(crate) fn at(&self, u: f32, v: f32) -> P {
        (
            self.c.0 + u * self.a.0 + v * self.b.0,
            self.c.1 + u * self.a.1 + v * self.b.1,
        )
    }

    pub fn threshold(&self) -> f32 {
        (self.dark + self.light) / 2.0
    }
}

/// Edges of a finder pattern from its centre, in modules (dark 3×3 | light | dark | light).
pub(crate) const FINDER_EDGES: &[f32] = &[1.5, 2.5, 3.5];
const FINDER_PERP: &[f32] = &[-0.8, 0.0, 0.8];
/// Edges of an alignment pattern (dark centre | light ring | dark ring); the outside is data.
pub(crate) const ALIGN_EDGES: &[f32] = &[0.5, 1.5];
const ALIGN_PERP: &[f32] = &[-0.2, 0.0, 0.2];

const STEP: f32 = 0.1;
const MAX_PROFILE: usize = 96;

/// What one axis of a pattern says: centre offset, scale and lean (the shift of the centre per
/// module across the axis), in modules; grey levels of the dark centre and the light ring.
struct Axis {
    off: f32,
    scale: f32,
    lean: f32,
    dark: f32,
    light: f32,
}

/// Reads profiles through the pattern along one axis (one per perpendicular offset in `perp`)
/// and finds the threshold crossings nearest to the expected edges on both sides.
fn refine_axis(
    f: &LumaFrame<'_>,
    l: &Local,
    along_a: bool,
    edges: &[f32],
    perp: &[f32],
) -> Option<Axis> {
    let last = *edges.last()?;
    let reach = last + 0.7;
    let n = ((2.0 * reach / STEP) as usize + 1).min(MAX_PROFILE);
    let t0 = -reach;
    let tt = |i: usize| t0 + i as f32 * STEP;
    let mut profs = [[0f32; MAX_PROFILE]; 3];
    let perp = &perp[..perp.len().min(3)];
    for (prof, &q) in profs.iter_mut().zip(perp) {
        for (i, p) in prof.iter_mut().enumerate().take(n) {
            let t = tt(i);
            *p = sample(f, if along_a { l.at(t, q) } else { l.at(q, t) });
        }
    }
    let mean_where = |pred: &dyn Fn(f32) -> bool| {
        let (mut s, mut k) = (0.0, 0);
        for prof in &profs[..perp.len()] {
            for (i, p) in prof.iter().enumerate().take(n) {
                if pred(tt(i)) {
                    s += p;
                    k += 1;
                }
            }
        }
        (k > 0).then(|| s / k as f32)
    };
    let dark = mean_where(&|t: f32| t.abs() <= 0.25)?;
    let ring = edges[0] + 0.5;
    let light = mean_where(&|t: f32| (t.abs() - ring).abs() <= 0.2)?;
    if light - dark < 12.0 {
        return None;
    }
    let thr = (dark + light) / 2.0;
    let crossing = |prof: &[f32; MAX_PROFILE], e: f32| -> Option<f32> {
        let mut best: Option<f32> = None;
        // Only the samples within [e − 0.65, e + 0.55].
        let lo = (((e - 0.65 - t0) / STEP).ceil().max(0.0) as usize).min(n - 1);
        let hi = (((e + 0.55 - t0) / STEP).floor().max(0.0) as usize + 1).min(n - 1);
        for i in lo..hi {
            let (t, p0, p1) = (tt(i), prof[i], prof[i + 1]);
            if t < e - 0.65 || t > e + 0.55 {
                continue;
            }
            if (p0 - thr) * (p1 - thr) < 0.0 || (p0 == thr && p1 != thr) {
                let x = t + STEP * (thr - p0) / (p1 - p0);
                if best.is_none_or(|b| (x - e).abs() < (b - e).abs()) {
                    best = Some(x);
                }
            }
        }
        best
    };
    // Per profile: mean centre offset and scale over the edges found on both sides.
    let mut per: [Option<(f32, f32)>; 3] = [None; 3];
    for (out, prof) in per.iter_mut().zip(&profs[..perp.len()]) {
        let (mut off, mut scale, mut k) = (0.0, 0.0, 0.0);
        for &e in edges {
            if let (Some(pos), Some(neg)) = (crossing(prof, e), crossing(prof, -e)) {
                off += (pos + neg) / 2.0;
                scale += (pos - neg) / (2.0 * e);
                k += 1.0;
            }
        }
        if k > 0.0 {
            *out = Some((off / k, scale / k));
        }
    }
    let found: Vec<(f32, (f32, f32))> = perp
        .iter()
        .zip(&per)
        .filter_map(|(&q, p)| p.map(|p| (q, p)))
        .collect();
    if found.is_empty() {
        return None;
    }
    let k = found.len() as f32;
    let off = found.iter().map(|x| x.1 .0).sum::<f32>() / k;
    let scale = found.iter().map(|x| x.1 .1).sum::<f32>() / k;
    if off.abs() > 1.0 || !(0.6..=1.6).contains(&scale) {
        return None;
    }
    // Lean from the outermost profiles (least squares of offset on q).
    let lean = if found.len() >= 2 {
        let mq = found.iter().map(|x| x.0).sum::<f32>() / k;
        let (mut num, mut den) = (0.0, 0.0);
        for (q, (o, _)) in &found {
            num += (q - mq) * (o - off);
            den += (q - mq) * (q - mq);
        }
        if den > 0.0 {
            (num / den).clamp(-0.5, 0.5)
        } else {
            0.0
        }
    } else {
        0.0
    };
    Some(Axis {
        off,
        scale,
        lean,
        dark,
        light,
    })
}

/// Refines a pattern's centre and module vectors from edge crossings along both axes.
/// `reshape` lets the module vectors take the measured size and lean.
pub(crate) fn refine(
    f: &LumaFrame<'_>,
    mut l: Local,
    edges: &[f32],
    perp: &[f32],
    reshape: bool,
) -> Option<Local> {
    // Twice for finders (the frame is reshaped), once for alignment patterns.
    for _ in 0..1 + usize::from(reshape) {
        let xa = refine_axis(f, &l, true, edges, perp)?;
        let xb = refine_axis(f, &l, false, edges, perp)?;
        l.c = l.at(xa.off, xb.off);
        if reshape {
            // Profiles along a, taken at offsets along b, lean by `xa.lean` modules of a per
            // module of b: the code's b axis is b + lean·a (and the other way round).
            let (a, b) = (l.a, l.b);
            l.a = mul(add(a, mul(b, xb.lean)), xa.scale);
            l.b = mul(add(b, mul(a, xa.lean)), xb.scale);
        }
        l.dark = (xa.dark + xb.dark) / 2.0;
        l.light = (xa.light + xb.light) / 2.0;
    }
    Some(l)
}

/// Refines a finder pattern.
pub(crate) fn refine_finder(f: &LumaFrame<'_>, l: Local) -> Option<Local> {
    refine(f, l, FINDER_EDGES, FINDER_PERP, true)
}

/// A finder pattern's outer square: its corners (the pattern's own module coordinates (0, 0),
/// (7, 0), (7, 7), (0, 7), along `l`'s axes), from a line fitted to each outer edge over most
/// of its length (the separator outside is always light), and the local frame they imply
/// (centre, module vectors under the pattern's own perspective).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Quad {
    pub corners: [P; 4],
    pub local: Local,
}

impl Quad {
    /// The same square in the axes nearest `u` and `v` (a square looks alike in eight ways:
    /// its frame is turned and mirrored to match a triple's), if both are within 45°.
    pub fn oriented(&self, u: P, v: P) -> Option<Quad> {
        let l = &self.local;
        let cos = |p: P, q: P| (p.0 * q.0 + p.1 * q.1) / (len(p) * len(q)).max(1e-6);
        let neg = |p: P| (-p.0, -p.1);
        let a = [l.a, neg(l.a), l.b, neg(l.b)]
            .into_iter()
            .max_by(|x, y| cos(*x, u).total_cmp(&cos(*y, u)))?;
        let along_a = cos(a, l.a).abs() > 0.5;
        let (b1, b2) = if along_a {
            (l.b, neg(l.b))
        } else {
            (l.a, neg(l.a))
        };
        let b = if cos(b1, v) >= cos(b2, v) { b1 } else { b2 };
        if cos(a, u) < 0.7 || cos(b, v) < 0.7 {
            return None;
        }
        let local = Local { a, b, ..*l };
        let det = a.0 * b.1 - a.1 * b.0;
        if det.abs() < 1e-6 {
            return None;
        }
        // Each corner's place in the new axes: top-left, top-right, bottom-right, bottom-left.
        let mut corners = self.corners;
        for &p in &self.corners {
            let d = sub(p, l.c);
            let (x, y) = ((d.0 * b.1 - d.1 * b.0) / det, (a.0 * d.1 - a.1 * d.0) / det);
            let i = match (x > 0.0, y > 0.0) {
                (false, false) => 0,
                (true, false) => 1,
                (true, true) => 2,
                (false, true) => 3,
            };
            corners[i] = p;
        }
        Some(Quad { corners, local })
    }
}

/// Profiles across each outer edge, at these offsets along it (modules from the centre): the
/// middle ones first (a frame whose axes are off by 20° still finds those edges), then all.
const QUAD_INNER: [f32; 4] = [-1.5, -0.5, 0.5, 1.5];
/// The first look: through the dark centre, where the edges' order tells the scale.
const QUAD_CENTRE: [f32; 3] = [-0.75, 0.0, 0.75];
const QUAD_OFFSETS: [f32; 6] = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5];

/// Fits [`Quad`] to a finder pattern located roughly by `l` (its grey levels set): the middle
/// of the edges first, then their whole length; the last fit must confirm the one before,
/// and stay near `raw` (the frame the candidate's geometry gives: axes within 45°).
pub(crate) fn finder_quad(f: &LumaFrame<'_>, l: &Local, raw: &Local) -> Option<Quad> {
    let q0 = quad_once(f, l, &QUAD_CENTRE, 2)?;
    let q1 = quad_once(f, &q0.local, &QUAD_INNER, 3)?;
    let q2 = quad_once(f, &q1.local, &QUAD_OFFSETS, 4)?;
    let moved = q1
        .corners
        .iter()
        .zip(&q2.corners)
        .map(|(a, b)| len(sub(*a, *b)))
        .fold(0f32, f32::max);
    let m = len(q2.local.a).min(len(q2.local.b));
    let cos = |p: P, q: P| (p.0 * q.0 + p.1 * q.1) / (len(p) * len(q)).max(1e-6);
    let ok = moved < 0.5 * m
        && len(sub(q2.local.c, raw.c)) < 2.0 * len(raw.a).max(len(raw.b))
        && cos(q2.local.a, raw.a) > 0.7
        && cos(q2.local.b, raw.b) > 0.7;
    if !ok {
        crate::scan::dbg_trace(|| format!("quad: no fit at {:?} (moved {moved})", l.c));
    }
    ok.then_some(q2)
}

/// One fit of the four outer edges from frame `l`, profiles at `offsets`, each edge from at
/// least `min_pts` of them.
fn quad_once(f: &LumaFrame<'_>, l: &Local, offsets: &[f32], min_pts: usize) -> Option<Quad> {
    // Each side: edge line t = α + β·q in `l`'s module coordinates, t along the profile
    // (outwards), q across it.
    let mut lines = [(0f32, 0f32); 4];
    let full = l.light - l.dark;
    if full.is_nan() || full <= 8.0 {
        return None;
    }
    for (k, &(along_a, s)) in [(true, 1.0f32), (true, -1.0), (false, 1.0), (false, -1.0)]
        .iter()
        .enumerate()
    {
        let mut pts = [(0f32, 0f32); QUAD_OFFSETS.len()];
        let mut n = 0;
        if min_pts == 2 {
            // Through the centre: dark, the light ring, the dark row, the separator; the third
            // crossing (the outer edge) at 3.5 of the first's 1.5, whatever the scale.
            let thr = l.threshold();
            const K: usize = 57;
            for &q in offsets {
                let mut prof = [0f32; K];
                for (i, p) in prof.iter_mut().enumerate() {
                    let t = s * (0.1 * i as f32);
                    *p = sample(f, if along_a { l.at(t, q) } else { l.at(q, t) });
                }
                let mut cross = [0f32; 3];
                let mut found = 0;
                let mut dark = prof[0] < thr;
                for i in 1..K {
                    let now = prof[i] < thr;
                    if now != dark {
                        if found == 0 && now {
                            continue; // noise in the centre: still dark
                        }
                        let (p0, p1) = (prof[i - 1], prof[i]);
                        cross[found] = 0.1 * (i as f32 - 1.0 + (thr - p0) / (p1 - p0));
                        found += 1;
                        dark = now;
                        if found == 3 {
                            break;
                        }
                    }
                }
                let [e1, e2, e3] = cross;
                // Run centres do not move with the threshold (a blurred dark row's edges do):
                // the light ring's centre at 2, the dark row's at 3 modules; the outer edge
                // half a module beyond.
                let (cl, cd) = ((e1 + e2) / 2.0, (e2 + e3) / 2.0);
                if found == 3 && (1.1..=3.2).contains(&cl) && (1.3..=1.75).contains(&(cd / cl)) {
                    pts[n] = (q, 1.5 * cd - 0.5 * cl);
                    n += 1;
                }
            }
        }
        for &q in offsets.iter().filter(|_| min_pts > 2) {
            // t from 2.3 to 4.7 in tenths of a module: the outer dark row, the separator.
            const K: usize = 25;
            let mut prof = [0f32; K];
            for (i, p) in prof.iter_mut().enumerate() {
                let t = s * (2.3 + 0.1 * i as f32);
                *p = sample(f, if along_a { l.at(t, q) } else { l.at(q, t) });
            }
            // The dark row's level near t = 3, the separator's near t = 4: the edge is where
            // the profile crosses halfway (blur moves both levels alike).
            let dark = prof[3..=11].iter().copied().fold(f32::MAX, f32::min);
            let light = prof[13..=21].iter().copied().fold(f32::MIN, f32::max);
            if light - dark < 0.3 * full {
                continue;
            }
            let thr = (dark + light) / 2.0;
            let mut best: Option<f32> = None;
            for i in 0..K - 1 {
                let (p0, p1) = (prof[i], prof[i + 1]);
                if p0 < thr && p1 >= thr {
                    let t = 2.3 + 0.1 * (i as f32 + (thr - p0) / (p1 - p0));
                    if best.is_none_or(|b| (t - 3.5).abs() < (b - 3.5).abs()) {
                        best = Some(t);
                    }
                }
            }
            if let Some(t) = best.filter(|t| (t - 3.5).abs() < 0.9) {
                pts[n] = (q, t);
                n += 1;
            }
        }
        let Some(line) = fit_line(&mut pts[..n], min_pts) else {
            crate::scan::dbg_trace(|| format!("quad at {:?} side {k}: {:?}", l.c, &pts[..n]));
            return None;
        };
        lines[k] = line;
    }
    // Edges in `l`'s coordinates: u = ±(α + β·v) (sides along a), v = ±(α + β·u).
    let signed = |(al, be): (f32, f32), s: f32| (s * al, s * be);
    let (ur, ul) = (signed(lines[0], 1.0), signed(lines[1], -1.0));
    let (vb, vt) = (signed(lines[2], 1.0), signed(lines[3], -1.0));
    // Where u = A + B·v meets v = C + D·u.
    let meet = |(a, b): (f32, f32), (c, d): (f32, f32)| -> Option<P> {
        let den = 1.0 - b * d;
        if den.abs() < 0.5 {
            return None;
        }
        let u = (a + b * c) / den;
        Some((u, c + d * u))
    };
    let local = [meet(ul, vt)?, meet(ur, vt)?, meet(ur, vb)?, meet(ul, vb)?];
    // A square of about 7 modules, not folded.
    for i in 0..4 {
        let side = len(sub(local[(i + 1) % 4], local[i]));
        if !(4.5..=9.5).contains(&side) {
            return None;
        }
    }
    let corners = local.map(|(u, v)| l.at(u, v));
    let h = Homography::fit(&[
        ((0.0, 0.0), corners[0]),
        ((7.0, 0.0), corners[1]),
        ((7.0, 7.0), corners[2]),
        ((0.0, 7.0), corners[3]),
    ])?;
    let c = h.map(3.5, 3.5);
    let a = sub(h.map(4.0, 3.5), h.map(3.0, 3.5));
    let b = sub(h.map(3.5, 4.0), h.map(3.5, 3.0));
    let cross = a.0 * b.1 - a.1 * b.0;
    let lcross = l.a.0 * l.b.1 - l.a.1 * l.b.0;
    if cross.is_nan() || cross * lcross <= 0.0 {
        return None;
    }
    Some(Quad {
        corners,
        local: Local { c, a, b, ..*l },
    })
}

/// Least-squares line t = α + β·q through (q, t) points; the worst point dropped while any
/// is more than a fifth of a module off and more than `min` remain. At least `min` points.
fn fit_line(pts: &mut [(f32, f32)], min: usize) -> Option<(f32, f32)> {
    let mut n = pts.len();
    loop {
        if n < min.max(2) {
            return None;
        }
        let k = n as f32;
        let (mq, mt) = pts[..n]
            .iter()
            .fold((0.0, 0.0), |a, p| (a.0 + p.0 / k, a.1 + p.1 / k));
        let (mut num, mut den) = (0.0, 0.0);
        for &(q, t) in &pts[..n] {
            num += (q - mq) * (t - mt);
            den += (q - mq) * (q - mq);
        }
        if den <= 0.0 {
            return None;
        }
        let be = num / den;
        let al = mt - be * mq;
        let (worst, r) = pts[..n]
            .iter()
            .enumerate()
            .map(|(i, &(q, t))| (i, (t - al - be * q).abs()))
            .max_by(|a, b| a.1.total_cmp(&b.1))?;
        if r > 0.2 && n > min {
            pts.swap(worst, n - 1);
            n -= 1;
            continue;
        }
        // Edges may lean a long way from a first frame (a skewed square, axes guessed).
        if r > 0.35 || be.abs() > if min <= 2 { 1.0 } else { 0.6 } {
            return None;
        }
        return Some((al, be));
    }
}

/// The frame sampled once on a half-module lattice in `l`'s axes, `half` steps either side of
/// `l.c`: the pattern searches correlate against it instead of sampling each offset anew.
struct Lattice {
    values: Vec<f32>,
    half: i32,
    side: usize,
}

impl Lattice {
    fn sample(f: &LumaFrame<'_>, l: &Local, half: i32) -> Lattice {
        let side = (2 * half + 1) as usize;
        let mut values = vec![0f32; side * side];
        for (j, row) in values.chunks_exact_mut(side).enumerate() {
            let v = (j as i32 - half) as f32 * 0.5;
            for (i, p) in row.iter_mut().enumerate() {
                *p = sample(f, l.at((i as i32 - half) as f32 * 0.5, v));
            }
        }
        Lattice { values, half, side }
    }

    /// The sample `sx`, `sy` half-modules from the centre.
    fn at(&self, sx: i32, sy: i32) -> f32 {
        self.values[((sy + self.half) as usize) * self.side + (sx + self.half) as usize]
    }
}

/// Looks for a finder pattern within `radius` modules of `l.c`, in `l`'s axes: the 9 × 9
/// modules of a finder and its separator correlated on a half-module lattice (light ring and
/// separator − dark centre and ring, in grey levels). Returns the best centre and its score.
pub(crate) fn find_finder_near(f: &LumaFrame<'_>, l: &Local, radius: f32) -> Option<(P, f32)> {
    let steps = (radius / 0.5).round().clamp(0.0, 24.0) as i32;
    // Every offset tried and its 9 × 9 pattern (a module is two lattice steps).
    let lattice = Lattice::sample(f, l, steps + 8);
    let at = |sx: i32, sy: i32| lattice.at(sx, sy);
    let mut best = (f32::MIN, 0.0, 0.0);
    for sy in -steps..=steps {
        for sx in -steps..=steps {
            let (mut dark, mut light) = (0.0, 0.0);
            for dy in -4i32..=4 {
                for dx in -4i32..=4 {
                    let v = at(sx + 2 * dx, sy + 2 * dy);
                    match dx.abs().max(dy.abs()) {
                        2 | 4 => light += v,
                        _ => dark += v,
                    }
                }
            }
            let (ou, ov) = (sx as f32 * 0.5, sy as f32 * 0.5);
            let score = (light / 48.0 - dark / 33.0) * (1.0 - 0.005 * (ou.abs() + ov.abs()));
            if score > best.0 {
                best = (score, ou, ov);
            }
        }
    }
    (best.0 > 0.0).then(|| (l.at(best.1, best.2), best.0))
}

/// Looks for an alignment pattern within `radius` modules of `l.c` (a coarse correlation
/// search at half-module steps, nearest first among near-equal scores), then refines it. The
/// best score (light ring − dark rings) must reach `min_score`.
pub(crate) fn find_alignment(
    f: &LumaFrame<'_>,
    l: Local,
    radius: f32,
    min_score: f32,
) -> Option<Local> {
    let steps = (radius / 0.5).round().clamp(0.0, 24.0) as i32;
    // Every offset tried and its 5 × 5 pattern (a module is two lattice steps).
    let lattice = Lattice::sample(f, &l, steps + 4);
    let at = |sx: i32, sy: i32| lattice.at(sx, sy);
    let mut best = (f32::MIN, 0.0, 0.0);
    for sy in -steps..=steps {
        for sx in -steps..=steps {
            let (ou, ov) = (sx as f32 * 0.5, sy as f32 * 0.5);
            let (mut dark, mut light) = (0.0, 0.0);
            for dy in -2i32..=2 {
                for dx in -2i32..=2 {
                    let v = at(sx + 2 * dx, sy + 2 * dy);
                    if dx.abs().max(dy.abs()) == 1 {
                        light += v;
                    } else {
                        dark += v;
                    }
                }
            }
            // Prefer the nearer of equal scores a little.
            let score = (light / 8.0 - dark / 17.0) * (1.0 - 0.01 * (ou.abs() + ov.abs()));
            if score > best.0 {
                best = (score, ou, ov);
            }
        }
    }
    if best.0 < min_score {
        return None;
    }
    // Finer correlation around the best half-module step, then edge refinement when the
    // edges can be seen (blur on small modules can hide them: the correlation stands then).
    let score_at = |ou: f32, ov: f32| {
        let (mut dark, mut light) = (0.0, 0.0);
        for dy in -2i32..=2 {
            for dx in -2i32..=2 {
                let v = sample(f, l.at(ou + dx as f32, ov + dy as f32));
                if dx.abs().max(dy.abs()) == 1 {
                    light += v;
                } else {
                    dark += v;
                }
            }
        }
        light / 8.0 - dark / 17.0
    };
    let coarse = Local {
        c: l.at(best.1, best.2),
        ..l
    };
    // Edge refinement from the best half-module step; where the edges cannot be seen, a finer
    // correlation (eighth-module steps) stands instead.
    let r = refine(f, coarse, ALIGN_EDGES, ALIGN_PERP, false).unwrap_or_else(|| {
        let (mut fine, mut fu, mut fv) = (f32::MIN, best.1, best.2);
        for sy in -2i32..=2 {
            for sx in -2i32..=2 {
                let (ou, ov) = (best.1 + sx as f32 * 0.125, best.2 + sy as f32 * 0.125);
                let sc = score_at(ou, ov);
                if sc > fine {
                    (fine, fu, fv) = (sc, ou, ov);
                }
            }
        }
        Local {
            c: l.at(fu, fv),
            ..l
        }
    });
    (len(sub(r.c, l.c)) <= (radius + 1.0) * len(l.a).max(len(l.b))).then_some(r)
}

/// Alignment-pattern centre coordinates (module indices) for a version.
pub(crate) fn alignment_positions(version: usize) -> Vec<usize> {
    if version < 2 {
        return Vec::new();
    }
    let size = 17 + 4 * version;
    let num = version / 7 + 2;
    let step = if version == 32 {
        26
    } else {
        (version * 4 + num * 2 + 1) / (num * 2 - 2) * 2
    };
    let mut out = vec![6; num];
    for (i, o) in out.iter_mut().enumerate().skip(1) {
        *o = size - 7 - (num - 1 - i) * step;
    }
    out
}

/// The 18-bit version-information word for versions 7–40.
fn version_word(v: u32) -> u32 {
    let mut rem = v << 12;
    for i in (12..18).rev() {
        if rem & (1 << i) != 0 {
            rem ^= 0x1F25 << (i - 12);
        }
    }
    (v << 12) | rem
}

/// Decodes a read version word; up to 3 wrong bits are corrected.
fn decode_version(word: u32) -> Option<usize> {
    (7..=40u32)
        .map(|v| (v, (version_word(v) ^ word).count_ones()))
        .min_by_key(|&(_, d)| d)
        .filter(|&(_, d)| d <= 3)
        .map(|(v, _)| v as usize)
}

/// Reads the version from the block left of the top-right finder, or above the bottom-left
/// one. Positions are relative to those finders, so they do not depend on the size.
pub(crate) fn read_version(f: &LumaFrame<'_>, tr: &Local, bl: &Local) -> Option<usize> {
    let read = |l: &Local, right: bool| {
        let thr = l.threshold();
        let mut word = 0u32;
        for i in 0..18 {
            let (near, far) = ((i % 3) as f32 - 7.0, (i / 3) as f32 - 3.0);
            let p = if right {
                l.at(near, far)
            } else {
                l.at(far, near)
            };
            if sample(f, p) < thr {
                word |= 1 << i;
            }
        }
        decode_version(word)
    };
    read(tr, true).or_else(|| read(bl, false))
}

/// A timing pattern read between two finders: the code's size, and where its module edges
/// were seen (module coordinate along the pattern, frame point).
#[derive(Clone, Debug)]
pub(crate) struct Timing {
    pub n: usize,
    pub edges: Vec<(f32, P)>,
}

/// Most samples along a timing pattern.
const MAX_TIMING_SAMPLES: usize = 1024;

/// Reads the timing pattern on the line from `a` to `b`, the centres of the two finders'
/// dark outer rows that the pattern continues (module 3.5 and n − 3.5 along it): dark 3.5
/// modules, the light separator, the alternating modules, the other separator, dark 3.5
/// modules. Counts its modules by their edges (at modules 7 … n − 7), which must come at a
/// steady pitch under a 1-D projective map (the module size goes from `ma` at `a` to `mb` at
/// `b` pixels). Clutter between three finder-like blobs fails this.
pub(crate) fn read_timing(f: &LumaFrame<'_>, a: P, b: P, ma: f32, mb: f32) -> Option<Timing> {
    let d = sub(b, a);
    let l = len(d);
    let m = ma.min(mb);
    if !(m.is_finite() && m >= 0.8) || l < 12.0 * m || l / m > 180.0 {
        return None;
    }
    let count = ((4.0 * l / m) as usize).clamp(16, MAX_TIMING_SAMPLES);
    let mut prof = [0f32; MAX_TIMING_SAMPLES];
    let prof = &mut prof[..count];
    let step = 1.0 / count as f32;
    for (i, p) in prof.iter_mut().enumerate() {
        let t = (i as f32 + 0.5) * step;
        *p = sample(f, add(a, mul(d, t)));
    }
    // Local threshold: the mean over about ±1.5 modules (a whole number of light-dark pairs
    // on average), as prefix sums.
    let mut pre = [0f32; MAX_TIMING_SAMPLES + 1];
    for i in 0..count {
        pre[i + 1] = pre[i] + prof[i];
    }
    let per_module = count as f32 / (l / ((ma + mb) / 2.0));
    let half = ((1.5 * per_module) as usize).max(2);
    let thr = |i: usize| {
        let (lo, hi) = (i.saturating_sub(half), (i + half + 1).min(count));
        (pre[hi] - pre[lo]) / (hi - lo) as f32
    };
    // Contrast must stand above the sample-to-sample noise.
    let (mut lo_v, mut hi_v) = (f32::MAX, f32::MIN);
    for &p in prof.iter() {
        lo_v = lo_v.min(p);
        hi_v = hi_v.max(p);
    }
    if hi_v - lo_v < 8.0 {
        return None;
    }
    let hyst = 0.08 * (hi_v - lo_v);
    // Crossings with hysteresis; the line starts and ends on the finders' dark rows.
    let mut dark = true;
    let mut crossings: Vec<f32> = Vec::with_capacity(96);
    for i in 0..count {
        let t = thr(i);
        let p = prof[i];
        let now = if dark { p < t + hyst } else { p < t - hyst };
        if now != dark {
            // Sub-sample position: where the profile meets the threshold between i−1 and i.
            let x = if i > 0 {
                let (p0, p1) = (prof[i - 1] - t, p - t);
                let k = if (p1 - p0).abs() > 1e-3 {
                    (-p0 / (p1 - p0)).clamp(0.0, 1.0)
                } else {
                    0.5
                };
                (i as f32 - 1.0 + k + 0.5) * step
            } else {
                0.5 * step
            };
            crossings.push(x);
            dark = now;
            if crossings.len() > 170 {
                return None;
            }
        }
    }
    if !dark || crossings.len() < 8 || !crossings.len().is_multiple_of(2) {
        crate::scan::dbg_trace(|| {
            format!("timing: {} crossings, ends dark {dark}", crossings.len())
        });
        return None;
    }
    let n = crossings.len() + 13;
    if !(n - 17).is_multiple_of(4) || !(21..=177).contains(&n) {
        return None;
    }
    // Steady pitch: edge k is at module 7 + k, i.e. u = k + 3.5 modules from a. Under
    // perspective the line's parameter t follows a 1-D projective map of u,
    // t = (p·u + q) / (r·u + 1): fit it to the crossings (least squares on the linear form
    // p·u + q − r·u·t = t) and require every crossing near it.
    let mut ata = [[0f64; 3]; 3];
    let mut atb = [0f64; 3];
    for (k, &x) in crossings.iter().enumerate() {
        let (u, t) = (k as f64 + 3.5, f64::from(x));
        let row = [u, 1.0, -u * t];
        for i in 0..3 {
            for j in 0..3 {
                ata[i][j] += row[i] * row[j];
            }
            atb[i] += row[i] * t;
        }
    }
    let [p, q, r] = solve3(ata, atb)?;
    let t_of = |u: f64| (p * u + q) / (r * u + 1.0);
    let span = (n - 7) as f64;
    // The ends must be near the finders' rows the line was drawn between.
    let pitch0 = t_of(1.0) - t_of(0.0);
    let pitch1 = t_of(span) - t_of(span - 1.0);
    if !(pitch0 > 0.0 && pitch1 > 0.0)
        || t_of(0.0).abs() > 1.8 * pitch0
        || (t_of(span) - 1.0).abs() > 1.8 * pitch1
    {
        crate::scan::dbg_trace(|| {
            format!(
                "timing: n {n}, ends at {:.3} and {:.3}",
                t_of(0.0),
                t_of(span)
            )
        });
        return None;
    }
    let mut edges = Vec::with_capacity(crossings.len());
    for (k, &x) in crossings.iter().enumerate() {
        let u = k as f64 + 3.5;
        let expect = t_of(u);
        let pitch = t_of(u + 0.5) - t_of(u - 0.5);
        if (f64::from(x) - expect).abs() > 0.3 * pitch {
            crate::scan::dbg_trace(|| {
                format!("timing: n {n}, edge {k} at {x:.4}, expected {expect:.4} ± {pitch:.4}")
            });
            return None;
        }
        edges.push((7.0 + k as f32, add(a, mul(d, expect as f32))));
    }
    Some(Timing { n, edges })
}

/// Solves a 3 × 3 linear system (Cramer's rule); `None` when singular.
fn solve3(a: [[f64; 3]; 3], b: [f64; 3]) -> Option<[f64; 3]> {
    let det = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(a);
    if d.abs() < 1e-12 {
        return None;
    }
    let mut out = [0f64; 3];
    for (c, o) in out.iter_mut().enumerate() {
        let mut m = a;
        for r in 0..3 {
            m[r][c] = b[r];
        }
        *o = det(m) / d;
    }
    Some(out)
}

/// Reads the format information (error-correction level and mask) from the two copies,
/// located from the finders' own frames (the positions do not depend on the version).
pub(crate) fn read_format(f: &LumaFrame<'_>, tl: &Local, tr: &Local, bl: &Local) -> Option<u16> {
    let bit = |l: &Local, u: f32, v: f32| u16::from(sample(f, l.at(u, v)) < l.threshold());
    // Copy 1 around the top-left finder: (x, 8) for x = 0..5, 7, 8, then (8, y) for y = 7, 5..0,
    // relative to the finder centre at (3.5, 3.5).
    const XS: [f32; 15] = [0., 1., 2., 3., 4., 5., 7., 8., 8., 8., 8., 8., 8., 8., 8.];
    const YS: [f32; 15] = [8., 8., 8., 8., 8., 8., 8., 8., 7., 5., 4., 3., 2., 1., 0.];
    let mut w1 = 0u16;
    for i in 0..15 {
        w1 = (w1 << 1) | bit(tl, XS[i] - 3.0, YS[i] - 3.0);
    }
    if let Some(d) = crate::decode::decode_format_word(w1) {
        return Some(d);
    }
    // Copy 2: (8, n − 1 − i) beside the bottom-left finder, (n − 8 + i, 8) below the top-right.
    let mut w2 = 0u16;
    for i in 0..7 {
        w2 = (w2 << 1) | bit(bl, 5.0, 3.0 - i as f32);
    }
    for i in 0..8 {
        w2 = (w2 << 1) | bit(tr, i as f32 - 4.0, 5.0);
    }
    crate::decode::decode_format_word(w2)
}

/// A projective map from module coordinates (the code's top-left corner at (0, 0), module
/// centres at `i + 0.5`) to frame pixels.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Homography([f64; 9]);

impl Homography {
    #[inline]
    pub fn map(&self, x: f32, y: f32) -> P {
        let h = &self.0;
        let (x, y) = (f64::from(x), f64::from(y));
        let w = h[6] * x + h[7] * y + h[8];
        let w = if w.abs() < 1e-12 { 1e-12 } else { w };
        (
            ((h[0] * x + h[1] * y + h[2]) / w) as f32,
            ((h[3] * x + h[4] * y + h[5]) / w) as f32,
        )
    }

    /// The affine map putting the finder centres at (3.5, 3.5), (n − 3.5, 3.5), (3.5, n − 3.5).
    pub fn affine(tl: P, tr: P, bl: P, n: usize) -> Self {
        let d = (n - 7) as f32;
        let u = mul(sub(tr, tl), 1.0 / d);
        let v = mul(sub(bl, tl), 1.0 / d);
        let o = sub(tl, add(mul(u, 3.5), mul(v, 3.5)));
        let f = f64::from;
        Homography([
            f(u.0),
            f(v.0),
            f(o.0),
            f(u.1),
            f(v.1),
            f(o.1),
            0.0,
            0.0,
            1.0,
        ])
    }

    /// Least-squares fit (normalised DLT) to four or more (module point, frame point) pairs.
    pub fn fit(pairs: &[(P, P)]) -> Option<Self> {
        if pairs.len() < 4 {
            return None;
        }
        let norm = |pt: &dyn Fn(usize) -> P| -> [f64; 3] {
            let n = pairs.len() as f64;
            let (mut mx, mut my) = (0.0, 0.0);
            for i in 0..pairs.len() {
                let (x, y) = pt(i);
                mx += f64::from(x) / n;
                my += f64::from(y) / n;
            }
            let d = (0..pairs.len())
                .map(|i| {
                    let (x, y) = pt(i);
                    (f64::from(x) - mx).hypot(f64::from(y) - my)
                })
                .sum::<f64>()
                / n;
            let s = if d > 1e-9 {
                std::f64::consts::SQRT_2 / d
            } else {
                1.0
            };
            [s, -s * mx, -s * my]
        };
        let ts = norm(&|i| pairs[i].0);
        let td = norm(&|i| pairs[i].1);
        let mut ata = [[0f64; 8]; 8];
        let mut atb = [0f64; 8];
        for &((sx, sy), (dx, dy)) in pairs {
            let (x, y) = (ts[0] * f64::from(sx) + ts[1], ts[0] * f64::from(sy) + ts[2]);
            let (u, v) = (td[0] * f64::from(dx) + td[1], td[0] * f64::from(dy) + td[2]);
            let rows = [
                ([x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y], u),
                ([0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y], v),
            ];
            for (r, b) in rows {
                for i in 0..8 {
                    for j in i..8 {
                        ata[i][j] += r[i] * r[j];
                    }
                    atb[i] += r[i] * b;
                }
            }
        }
        // The lower triangle mirrors the upper one.
        for k in 0..64 {
            let (i, j) = (k / 8, k % 8);
            if j < i {
                ata[i][j] = ata[j][i];
            }
        }
        let h = solve8(ata, atb)?;
        let hn = [h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1.0];
        // H = Td⁻¹ · Hn · Ts
        let ts_m = [ts[0], 0.0, ts[1], 0.0, ts[0], ts[2], 0.0, 0.0, 1.0];
        let td_inv = [
            1.0 / td[0],
            0.0,
            -td[1] / td[0],
            0.0,
            1.0 / td[0],
            -td[2] / td[0],
            0.0,
            0.0,
            1.0,
        ];
        let m = mat_mul(&td_inv, &mat_mul(&hn, &ts_m));
        m.iter().all(|v| v.is_finite()).then_some(Homography(m))
    }
}

fn mat_mul(a: &[f64; 9], b: &[f64; 9]) -> [f64; 9] {
    let mut out = [0.0; 9];
    for r in 0..3 {
        for c in 0..3 {
            out[r * 3 + c] = (0..3).map(|k| a[r * 3 + k] * b[k * 3 + c]).sum();
        }
    }
    out
}

/// Gaussian elimination with partial pivoting.
#[allow(clippy::needless_range_loop)]
fn solve8(mut a: [[f64; 8]; 8], mut b: [f64; 8]) -> Option<[f64; 8]> {
    for col in 0..8 {
        let piv = (col..8).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[piv][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, piv);
        b.swap(col, piv);
        for r in col + 1..8 {
            let k = a[r][col] / a[col][col];
            for c in col..8 {
                a[r][c] -= k * a[col][c];
            }
            b[r] -= k * b[col];
        }
    }
    let mut x = [0f64; 8];
    for r in (0..8).rev() {
        let s: f64 = (r + 1..8).map(|c| a[r][c] * x[c]).sum();
        x[r] = (b[r] - s) / a[r][r];
    }
    Some(x)
}

/// How well map `h` fits version `version`'s fixed patterns: the timing patterns' modules
/// (each against the mean of its four neighbours along the pattern) and the alignment
/// patterns' 5 × 5 (against halfway between each pattern's darkest and lightest samples).
/// The fraction that match: near 1 for the right map, about ½ for one off by a module or
/// for the wrong version. Costs about 2n + 25 per alignment pattern samples.
pub(crate) fn map_score(f: &LumaFrame<'_>, h: &Homography, version: usize) -> f32 {
    let n = 17 + 4 * version;
    let (mut good, mut total) = (0usize, 0usize);
    // Timing: modules 6 … n − 7 of row and column 6 (dark at even indices), sampled with two
    // modules of margin for the neighbours.
    let mut row = [0f32; 177];
    let mut col = [0f32; 177];
    for i in 4..n - 4 {
        row[i] = sample(f, h.map(i as f32 + 0.5, 6.5));
        col[i] = sample(f, h.map(6.5, i as f32 + 0.5));
    }
    for line in [&row, &col] {
        for i in 8..n - 8 {
            let mean = (line[i - 2] + line[i - 1] + line[i + 1] + line[i + 2]) / 4.0;
            total += 1;
            good += usize::from((line[i] < mean) == i.is_multiple_of(2));
        }
    }
    let pos = alignment_positions(version);
    let last = pos.last().copied().unwrap_or(0);
    for &ay in &pos {
        for &ax in &pos {
            if (ax == 6 && (ay == 6 || ay == last)) || (ax == last && ay == 6) {
                continue;
            }
            let mut v = [0f32; 25];
            for (k, p) in v.iter_mut().enumerate() {
                let (dx, dy) = ((k % 5) as f32 - 2.0, (k / 5) as f32 - 2.0);
                *p = sample(f, h.map(ax as f32 + 0.5 + dx, ay as f32 + 0.5 + dy));
            }
            let (lo, hi) = v
                .iter()
                .fold((f32::MAX, f32::MIN), |(a, b), &x| (a.min(x), b.max(x)));
            let thr = (lo + hi) / 2.0;
            for (k, &p) in v.iter().enumerate() {
                let ring = (k % 5).abs_diff(2).max((k / 5).abs_diff(2));
                total += 1;
                good += usize::from((p < thr) == (ring != 1));
            }
        }
    }
    good as f32 / total.max(1) as f32
}

/// Grey values at every module centre (averaging five points when modules are large enough;
/// the four extra points step along the local module axes, taken from neighbouring centres).
pub(crate) fn sample_grid(f: &LumaFrame<'_>, h: &Homography, n: usize) -> Vec<f32> {
    sample_grid_with(f, h, n, true)
}

/// Grey values at every module centre only (one sample per module): the cheap first look.
pub(crate) fn sample_centres(f: &LumaFrame<'_>, h: &Homography, n: usize) -> Vec<f32> {
    sample_grid_with(f, h, n, false)
}

fn sample_grid_with(f: &LumaFrame<'_>, h: &Homography, n: usize, average: bool) -> Vec<f32> {
    let mut out = vec![0f32; n * n];
    let corner = |x: usize, y: usize| h.map(x as f32, y as f32);
    let module =
        len(sub(corner(n, 0), corner(0, 0))).max(len(sub(corner(0, n), corner(0, 0)))) / n as f32;
    // Centres of a (n + 2)² lattice, one module of margin, so every centre has neighbours.
    let m = n + 2;
    let mut c = vec![(0f32, 0f32); m * m];
    for y in 0..m {
        for x in 0..m {
            c[y * m + x] = h.map(x as f32 - 0.5, y as f32 - 0.5);
        }
    }
    let multi = average && module >= 3.0;
    const D: f32 = 0.22 / 2.0;
    for y in 0..n {
        for x in 0..n {
            let i = (y + 1) * m + x + 1;
            let p = c[i];
            out[y * n + x] = if multi {
                let du = mul(sub(c[i + 1], c[i - 1]), D);
                let dv = mul(sub(c[i + m], c[i - m]), D);
                (sample(f, p)
                    + sample(f, add(p, add(du, dv)))
                    + sample(f, sub(p, add(du, dv)))
                    + sample(f, add(p, sub(du, dv)))
                    + sample(f, sub(p, sub(du, dv))))
                    / 5.0
            } else {
                sample(f, p)
            };
        }
    }
    out
}

/// Dark/light decision per module against the mean of the `(2r+1)²` modules around it.
pub(crate) fn threshold_grid(vals: &[f32], n: usize, r: usize) -> Vec<bool> {
    let mut integral = vec![0f64; (n + 1) * (n + 1)];
    for y in 0..n {
        let mut row = 0f64;
        for x in 0..n {
            row += f64::from(vals[y * n + x]);
            integral[(y + 1) * (n + 1) + x + 1] = integral[y * (n + 1) + x + 1] + row;
        }
    }
    let mut out = vec![false; n * n];
    for y in 0..n {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(n));
        for x in 0..n {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(n));
            let s = integral[y1 * (n + 1) + x1]
                - integral[y0 * (n + 1) + x1]
                - integral[y1 * (n + 1) + x0]
                + integral[y0 * (n + 1) + x0];
            let mean = s / ((y1 - y0) * (x1 - x0)) as f64;
            out[y * n + x] = f64::from(vals[y * n + x]) < mean;
        }
    }
    out
}

/// Sharpens a grid of module values against its 4 neighbours (undoes some blur).
pub(crate) fn sharpen_grid(vals: &[f32], n: usize, k: f32) -> Vec<f32> {
    let mut out = vals.to_vec();
    for y in 1..n.saturating_sub(1) {
        for x in 1..n - 1 {
            let i = y * n + x;
            let nb = (vals[i - 1] + vals[i + 1] + vals[i - n] + vals[i + n]) / 4.0;
            out[i] = vals[i] + k * (vals[i] - nb);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_positions_match_the_standard() {
        assert_eq!(alignment_positions(1), Vec::<usize>::new());
        assert_eq!(alignment_positions(2), vec![6, 18]);
        assert_eq!(alignment_positions(7), vec![6, 22, 38]);
        assert_eq!(alignment_positions(13), vec![6, 34, 62]);
        assert_eq!(alignment_positions(25), vec![6, 32, 58, 84, 110]);
        assert_eq!(alignment_positions(32), vec![6, 34, 60, 86, 112, 138]);
        assert_eq!(alignment_positions(40), vec![6, 30, 58, 86, 114, 142, 170]);
    }

    #[test]
    fn version_words_decode_with_errors() {
        assert_eq!(version_word(7), 0x07C94);
        assert_eq!(version_word(40), 0x28C69);
        assert_eq!(
            decode_version(version_word(13) ^ 0b101_0000_0000_0001),
            Some(13)
        );
        assert_eq!(decode_version(version_word(13) ^ 0b1111), None);
    }

    #[test]
    fn homography_fit_recovers_a_projective_map() {
        let truth = Homography([2.0, 0.3, 10.0, -0.2, 2.5, 20.0, 0.001, 0.002, 1.0]);
        let pairs: Vec<(P, P)> = [
            (3.5, 3.5),
            (65.5, 3.5),
            (3.5, 65.5),
            (62.5, 62.5),
            (34.5, 34.5),
        ]
        .iter()
        .map(|&(x, y)| ((x, y), truth.map(x, y)))
        .collect();
        let h = Homography::fit(&pairs).unwrap();
        for &(x, y) in &[(0.0, 0.0), (69.0, 69.0), (20.0, 50.0)] {
            let (a, b) = (h.map(x, y), truth.map(x, y));
            assert!(len(sub(a, b)) < 1e-2, "{a:?} vs {b:?}");
        }
    }
}
