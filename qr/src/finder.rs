//! Finding finder patterns: box-average downscaling, block-adaptive binarisation, and
//! 1:1:3:1:1 run scans along rows with vertical, horizontal and diagonal cross-checks.

use super::LumaFrame;

/// An 8-bit grey image: rows of `w` pixels, `stride` apart (the frame itself at full
/// resolution, a box-averaged copy otherwise).
pub(crate) struct Gray<'a> {
    pub w: usize,
    pub h: usize,
    stride: usize,
    px: std::borrow::Cow<'a, [u8]>,
}

impl Gray<'_> {
    /// Row `y`.
    #[inline]
    pub fn row(&self, y: usize) -> &[u8] {
        &self.px[y * self.stride..][..self.w]
    }

    #[inline]
    fn at(&self, x: usize, y: usize) -> u8 {
        self.px[y * self.stride + x]
    }
}

/// Box-averages `s × s` blocks of the frame (`s ≥ 1`; `s = 1` copies). Averaging also
/// lowers sensor noise. The caller keeps `s` at most the frame's smaller side.
pub(crate) fn downscale<'a>(frame: &LumaFrame<'a>, s: usize) -> Gray<'a> {
    let s = s.clamp(1, frame.width.min(frame.height));
    let (w, h) = (frame.width / s, frame.height / s);
    if s == 1 {
        return Gray {
            w,
            h,
            stride: frame.row_stride,
            px: std::borrow::Cow::Borrowed(frame.data),
        };
    }
    let mut px = vec![0u8; w * h];
    if s == 2 {
        for (y, out) in px.chunks_exact_mut(w).enumerate() {
            let r0 = &frame.data[2 * y * frame.row_stride..][..2 * w];
            let r1 = &frame.data[(2 * y + 1) * frame.row_stride..][..2 * w];
            for ((o, a), b) in out
                .iter_mut()
                .zip(r0.chunks_exact(2))
                .zip(r1.chunks_exact(2))
            {
                let sum = u16::from(a[0]) + u16::from(a[1]) + u16::from(b[0]) + u16::from(b[1]);
                *o = ((sum + 2) >> 2) as u8;
            }
        }
        return Gray {
            w,
            h,
            stride: w,
            px: px.into(),
        };
    }
    let area = (s * s) as u32;
    let mut acc = vec![0u32; w];
    for (y, out) in px.chunks_exact_mut(w).enumerate() {
        acc.fill(0);
        for dy in 0..s {
            let row = &frame.data[(y * s + dy) * frame.row_stride..][..w * s];
            for (a, c) in acc.iter_mut().zip(row.chunks_exact(s)) {
                *a += c.iter().map(|&v| u32::from(v)).sum::<u32>();
            }
        }
        for (o, a) in out.iter_mut().zip(&acc) {
            *o = ((a + area / 2) / area) as u8;
        }
    }
    Gray {
        w,
        h,
        stride: w,
        px: px.into(),
    }
}

/// A binary view of a grey image: each pixel against its block's threshold, computed on
/// demand (only scanned rows and cross-checks look at pixels).
pub(crate) struct Binary<'a> {
    pub w: usize,
    pub h: usize,
    g: &'a Gray<'a>,
    thr: Vec<u8>,
    /// Grey-level spread (lightest − darkest) of each block's 5 × 5 neighbourhood.
    spread: Vec<u8>,
    /// Sensor noise (see [`noise_level`]).
    noise: u32,
    /// Least finder ring contrast: fraction of the spread, multiple of the noise, floor.
    ring: [f32; 3],
    bw: usize,
}

impl Binary<'_> {
    /// Least grey-level contrast between a finder's dark centre and light ring at (x, y):
    /// a fraction of the local spread, above the noise.
    fn min_ring_contrast(&self, x: f32, y: f32) -> f32 {
        let bx = ((x.max(0.0) as usize) / BLOCK).min(self.bw - 1);
        let by = ((y.max(0.0) as usize) / BLOCK).min(self.h.div_ceil(BLOCK) - 1);
        let spread = f32::from(self.spread[by * self.bw + bx]);
        let [k, kn, min] = self.ring;
        (k * spread).max(kn * self.noise as f32).max(min)
    }

    #[inline]
    fn dark(&self, x: isize, y: isize) -> Option<bool> {
        if x < 0 || y < 0 || x as usize >= self.w || y as usize >= self.h {
            None
        } else {
            let (x, y) = (x as usize, y as usize);
            Some(self.g.at(x, y) < self.thr[(y / BLOCK) * self.bw + x / BLOCK])
        }
    }

    /// Row `y` as 0/1 into `out`.
    fn row(&self, y: usize, out: &mut [u8]) {
        let mut thr = Vec::new();
        self.thresholds(y, &mut thr);
        self.row_with(y, &thr, out);
    }

    /// Each pixel's threshold along row `y` (the same for the BLOCK rows of a band).
    fn thresholds(&self, y: usize, out: &mut Vec<u8>) {
        let trow = &self.thr[(y / BLOCK) * self.bw..][..self.bw];
        out.clear();
        out.extend(trow.iter().flat_map(|&t| [t; BLOCK]));
        out.truncate(self.w);
    }

    /// Row `y` as 0/1 into `out`, against per-pixel thresholds `thr` (see [`Self::thresholds`]).
    fn row_with(&self, y: usize, thr: &[u8], out: &mut [u8]) {
        let src = self.g.row(y);
        for ((d, &s), &t) in out.iter_mut().zip(src).zip(thr) {
            *d = u8::from(s < t);
        }
    }

    /// The whole image as 0/1 bytes (for looking at).
    #[allow(dead_code)]
    pub fn to_bits(&self) -> Vec<u8> {
        let mut out = vec![0u8; self.w * self.h];
        for (y, r) in out.chunks_exact_mut(self.w).enumerate() {
            self.row(y, r);
        }
        out
    }
}

const BLOCK: usize = 8;

/// Sensor noise, as the median absolute difference of horizontally adjacent pixels on every
/// eighth row: edges are too rare to move the median, noise is not.
pub(crate) fn noise_level(g: &Gray<'_>) -> u32 {
    // Two histograms, alternately, so that runs of equal differences do not wait on each
    // other; about 48 rows (the median needs no more).
    let mut hist = [[0u32; 256]; 2];
    let mut n = 0u32;
    for y in (0..g.h).step_by((g.h / 48).max(8)) {
        let row = g.row(y);
        for p in row.chunks_exact(3) {
            hist[0][usize::from(p[0].abs_diff(p[1]))] += 1;
            hist[1][usize::from(p[1].abs_diff(p[2]))] += 1;
            n += 2;
        }
    }
    let mut acc = 0;
    for (d, (&c0, &c1)) in hist[0].iter().zip(&hist[1]).enumerate() {
        acc += c0 + c1;
        if acc * 2 >= n {
            return d as u32;
        }
    }
    0
}

/// Adaptive threshold: each pixel against the mean of the 5 × 5 blocks of 8 × 8 pixels
/// around its block (a 40-pixel window), as zxing's hybrid binariser does.
pub(crate) fn binarise<'a>(g: &'a Gray<'a>) -> Binary<'a> {
    let (w, h) = (g.w, g.h);
    let noise = noise_level(g);
    let mode = tune("THRMODE", 2.0) as u32;
    let min_contrast = (tune("MINC", 24.0) as u32).max((tune("MINCN", 4.0) * noise as f32) as u32);
    let (bw, bh) = (w.div_ceil(BLOCK), h.div_ceil(BLOCK));
    // Per block: sum, darkest, lightest.
    let mut sum = vec![0u32; bw * bh];
    let mut lo = vec![255u8; bw * bh];
    let mut hi = vec![0u8; bw * bh];
    // Column-wise over each band of BLOCK rows first (element-wise, so it vectorises), then
    // across each block's columns.
    let mut csum = vec![0u16; w];
    let mut clo = vec![255u8; w];
    let mut chi = vec![0u8; w];
    for by in 0..bh {
        csum.fill(0);
        clo.fill(255);
        chi.fill(0);
        for y in by * BLOCK..((by + 1) * BLOCK).min(h) {
            let row = g.row(y);
            // Three simple loops vectorise where one zipped loop does not.
            for (s, &v) in csum.iter_mut().zip(row) {
                *s += u16::from(v);
            }
            for (l, &v) in clo.iter_mut().zip(row) {
                *l = (*l).min(v);
            }
            for (u, &v) in chi.iter_mut().zip(row) {
                *u = (*u).max(v);
            }
        }
        let at = by * bw;
        for (bx, ((cs, cl), ch)) in csum
            .chunks(BLOCK)
            .zip(clo.chunks(BLOCK))
            .zip(chi.chunks(BLOCK))
            .enumerate()
        {
            sum[at + bx] = cs.iter().map(|&v| u32::from(v)).sum();
            lo[at + bx] = cl.iter().copied().min().unwrap_or(255);
            hi[at + bx] = ch.iter().copied().max().unwrap_or(0);
        }
    }
    let mean: Vec<u32> = (0..bw * bh)
        .map(|i| {
            let (bx, by) = (i % bw, i / bw);
            let cw = (w - bx * BLOCK).min(BLOCK);
            let ch = (h - by * BLOCK).min(BLOCK);
            sum[i] / (cw * ch) as u32
        })
        .collect();
    // 5 × 5 block neighbourhoods, separably: rows first, then columns.
    let mut hsum = vec![0u32; bw * bh];
    let mut hlo = vec![0u8; bw * bh];
    let mut hhi = vec![0u8; bw * bh];
    for by in 0..bh {
        for bx in 0..bw {
            let (x0, x1) = (bx.saturating_sub(2), (bx + 3).min(bw));
            let r = by * bw;
            hsum[r + bx] = mean[r + x0..r + x1].iter().sum();
            hlo[r + bx] = *lo[r + x0..r + x1].iter().min().unwrap_or(&0);
            hhi[r + bx] = *hi[r + x0..r + x1].iter().max().unwrap_or(&0);
        }
    }
    let mut thr = vec![0u8; bw * bh];
    let mut spread = vec![0u8; bw * bh];
    for by in 0..bh {
        let (y0, y1) = (by.saturating_sub(2), (by + 3).min(bh));
        for bx in 0..bw {
            let n = ((y1 - y0) * ((bx + 3).min(bw) - bx.saturating_sub(2))) as u32;
            let (mut s, mut mn, mut mx) = (0u32, 255u8, 0u8);
            for ny in y0..y1 {
                let i = ny * bw + bx;
                s += hsum[i];
                mn = mn.min(hlo[i]);
                mx = mx.max(hhi[i]);
            }
            let (mn, mx) = (u32::from(mn), u32::from(mx));
            spread[by * bw + bx] = (mx - mn) as u8;
            // Midway between the darkest and lightest levels around (unlike the mean, this
            // does not depend on how much of the window is dark: a quiet zone, a finder),
            // kept near the mean so that a few outliers do not decide it.
            thr[by * bw + bx] = if mx - mn < min_contrast {
                0
            } else {
                {
                    let mean = s / n;
                    let mid = (mn + mx).div_ceil(2);
                    match mode {
                        1 => mean as u8,
                        2 => (mid + mean).div_ceil(2) as u8,
                        3 => ((3 * mid + mean + 2) / 4) as u8,
                        4 => ((mid + 3 * mean + 2) / 4) as u8,
                        5 => (mid + mean).div_ceil(2).min(mean + (mx - mn) / 4) as u8,
                        _ => mid.min(mean + (mx - mn) / 4) as u8,
                    }
                }
            };
        }
    }
    Binary {
        w,
        h,
        g,
        thr,
        spread,
        noise,
        ring: [
            tune("RINGK", 0.2),
            tune("RINGN", 3.0),
            tune("RINGMIN", 10.0),
        ],
        bw,
    }
}

/// A finder-pattern candidate, in the coordinates of the image it was found in (pixel
/// centres at `i + 0.5`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Finder {
    pub x: f32,
    pub y: f32,
    /// Width of the pattern (7 modules) seen along a row, and along a column.
    pub width_h: f32,
    pub width_v: f32,
    /// Rows whose scan confirmed it.
    pub hits: u32,
}

impl Finder {
    pub fn module(&self) -> f32 {
        (self.width_h + self.width_v) / 14.0
    }
}

/// Rows scanned: every `ROW_STEP`-th.
const ROW_STEP: usize = 2;

/// A tuning knob: the environment variable `VNEID_QR_<name>` when set (feature
/// `test-support`), else `default`.
#[inline]
pub(crate) fn tune(_name: &str, default: f32) -> f32 {
    #[cfg(feature = "test-support")]
    {
        // Read once: (name, value) of every VNEID_QR_* variable that parses as a number.
        static KNOBS: std::sync::OnceLock<Vec<(String, f32)>> = std::sync::OnceLock::new();
        let knobs = KNOBS.get_or_init(|| {
            std::env::vars()
                .filter_map(|(k, v)| {
                    let name = k.strip_prefix("VNEID_QR_")?.to_owned();
                    Some((name, v.parse().ok()?))
                })
                .collect()
        });
        if let Some((_, v)) = knobs.iter().find(|(k, _)| k == _name) {
            return *v;
        }
    }
    default
}

/// Most candidates kept per frame: bounds work on noise.
const MAX_CANDIDATES: usize = 200;

/// Whether five runs look like a finder's 1:1:3:1:1, with `slack` (1.0 = zxing's tolerance).
fn ratio_ok(r: [u32; 5], slack: f32) -> bool {
    let total: u32 = r.iter().sum();
    // Modules under 1.5 pixels are not read reliably anyway; noise makes many such patterns.
    if total < 11 {
        return false;
    }
    let m = total as f32 / 7.0;
    let tol = (m * 0.5 + 0.5) * slack;
    let one = |v: u32| (v as f32 - m).abs() < tol;
    one(r[0]) && one(r[1]) && (r[2] as f32 - 3.0 * m).abs() < 3.0 * tol && one(r[3]) && one(r[4])
}

/// From (x, y), inside the centre of a candidate, walks both ways along (dx, dy) and reads the
/// five runs. Returns the centre of the middle run as a step offset from (x, y), and the total
/// length in steps. `max_total` bounds the walk.
fn cross_check(
    b: &Binary<'_>,
    x: isize,
    y: isize,
    (dx, dy): (isize, isize),
    max_total: u32,
    slack: f32,
) -> Option<(f32, u32)> {
    if b.dark(x, y) != Some(true) {
        return None;
    }
    // Runs walking one way from the start: centre (including the start), light, outer dark.
    let walk = |sign: isize| -> Option<[u32; 3]> {
        let mut runs = [0u32; 3];
        let (mut k, mut phase) = (0isize, 0usize);
        loop {
            match b.dark(x + sign * dx * k, y + sign * dy * k) {
                Some(d) if d == (phase != 1) => {
                    runs[phase] += 1;
                    k += 1;
                    if runs.iter().sum::<u32>() > max_total {
                        return None;
                    }
                }
                Some(_) if phase == 2 => return Some(runs),
                // The pixel starts the next run; look at it again in the next phase.
                Some(_) => phase += 1,
                // Running off the image ends the outer dark run only.
                None => return (phase == 2).then_some(runs),
            }
        }
    };
    let back = walk(-1)?;
    let fwd = walk(1)?;
    // The start pixel was counted in both centre runs.
    let centre = back[0] + fwd[0] - 1;
    let r = [back[2], back[1], centre, fwd[1], fwd[2]];
    if !ratio_ok(r, slack) {
        return None;
    }
    // Centre run spans steps -(back[0]-1) ..= fwd[0]-1.
    let mid = (fwd[0] as f32 - back[0] as f32) / 2.0;
    Some((mid, r.iter().sum()))
}

/// Scans every row of `b` for finder patterns and returns the confirmed candidates, most hits
/// first.
pub(crate) fn find(g: &Gray<'_>, b: &Binary<'_>) -> Vec<Finder> {
    let mut out: Vec<Finder> = Vec::new();
    // Positions where the colour changes, gathered without branches (noise makes them
    // unpredictable), with the row's ends as sentinels.
    let mut edges: Vec<u32> = vec![0; b.w + 2];
    let mut row = vec![0u8; b.w];
    // Every other row: a finder's 3-module centre spans at least 4.5 rows here.
    let mut thr: Vec<u8> = Vec::with_capacity(b.w + BLOCK);
    let mut band = usize::MAX;
    for y in (0..b.h).step_by(ROW_STEP) {
        if y / BLOCK != band {
            band = y / BLOCK;
            b.thresholds(y, &mut thr);
        }
        b.row_with(y, &thr, &mut row);
        let mut n = 1usize;
        // Eight pixels at a time: a word equal to itself shifted by one pixel has no edge.
        let mut x = 1;
        while x + 8 <= row.len() {
            let a = u64::from_le_bytes(row[x..x + 8].try_into().unwrap_or([0; 8]));
            let b = u64::from_le_bytes(row[x - 1..x + 7].try_into().unwrap_or([0; 8]));
            if a != b {
                for k in x..x + 8 {
                    edges[n] = k as u32;
                    n += usize::from(row[k] != row[k - 1]);
                }
            }
            x += 8;
        }
        for k in x..row.len() {
            edges[n] = k as u32;
            n += usize::from(row[k] != row[k - 1]);
        }
        edges[n] = b.w as u32;
        let e = &edges[..=n];
        // Run i spans e[i]..e[i + 1]; dark runs alternate starting with the row's first pixel.
        let first = usize::from(row[0] == 0);
        let mut i = first;
        while i + 5 < e.len() {
            let r = [
                e[i + 1] - e[i],
                e[i + 2] - e[i + 1],
                e[i + 3] - e[i + 2],
                e[i + 4] - e[i + 3],
                e[i + 5] - e[i + 4],
            ];
            if ratio_fast(r) {
                let cx = (e[i + 2] + e[i + 3]) as f32 / 2.0;
                let total = e[i + 5] - e[i];
                if let Some(f) = confirm(g, b, cx, y, total) {
                    add(&mut out, f);
                    if out.len() >= MAX_CANDIDATES {
                        return finish(out);
                    }
                }
            }
            i += 2;
        }
    }
    finish(out)
}

/// [`ratio_ok`] with slack 1, in integers: |r − m| < m/2 + 1/2 with m = total/7, times 14.
#[inline]
fn ratio_fast(r: [u32; 5]) -> bool {
    let total = r[0] + r[1] + r[2] + r[3] + r[4];
    if total < 11 {
        return false;
    }
    let (t2, tol) = (2 * total as i32, total as i32 + 7);
    let one = |v: u32| (14 * v as i32 - t2).abs() < tol;
    one(r[0]) && one(r[1]) && one(r[3]) && one(r[4]) && (14 * r[2] as i32 - 3 * t2).abs() < 3 * tol
}

fn finish(mut out: Vec<Finder>) -> Vec<Finder> {
    out.sort_by_key(|f| std::cmp::Reverse(f.hits));
    out
}

/// Cross-checks a row hit: vertical, horizontal again, diagonal.
/// Grey-level contrast between a candidate's dark centre and its light ring (module `m`).
fn ring_contrast(g: &Gray<'_>, cx: f32, cy: f32, m: f32) -> f32 {
    let grey = |x: f32, y: f32| {
        let (x, y) = (x.max(0.0) as usize, y.max(0.0) as usize);
        f32::from(g.at(x.min(g.w - 1), y.min(g.h - 1)))
    };
    let dark =
        (grey(cx, cy) + grey(cx - m, cy) + grey(cx + m, cy) + grey(cx, cy - m) + grey(cx, cy + m))
            / 5.0;
    let r = 2.0 * m;
    let light = (grey(cx - r, cy) + grey(cx + r, cy) + grey(cx, cy - r) + grey(cx, cy + r)) / 4.0;
    light - dark
}

/// Counters of where row hits were rejected (tuning aid, feature `test-support`).
#[cfg(feature = "test-support")]
pub static STAGES: [std::sync::atomic::AtomicU32; 8] =
    [const { std::sync::atomic::AtomicU32::new(0) }; 8];

#[inline]
fn stage(_i: usize) {
    #[cfg(feature = "test-support")]
    STAGES[_i].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

/// `VNEID_QR_NEAR_PT`, read once.
#[cfg(feature = "test-support")]
fn near_pt() -> Option<&'static Vec<f32>> {
    static V: std::sync::OnceLock<Option<Vec<f32>>> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        std::env::var("VNEID_QR_NEAR_PT")
            .ok()
            .map(|s| s.split(',').filter_map(|t| t.parse().ok()).collect())
    })
    .as_ref()
}

fn confirm(g: &Gray<'_>, b: &Binary<'_>, cx: f32, y: usize, total_h: u32) -> Option<Finder> {
    #[cfg(feature = "test-support")]
    let before = STAGES
        .each_ref()
        .map(|s| s.load(std::sync::atomic::Ordering::Relaxed));
    let r = confirm_inner(g, b, cx, y, total_h);
    if r.is_some() {
        stage(7);
    }
    // Tuning aid: `VNEID_QR_NEAR_PT=x,y,scale` says where row hits near that frame point
    // (at that scale of the pyramid) end.
    #[cfg(feature = "test-support")]
    if let Some(v) = near_pt() {
        if let [x, py, k] = v[..] {
            let (px, r3) = (x / k, (3.0 * total_h as f32 / 7.0).max(4.0));
            if (cx - px).abs() < r3 && (y as f32 - py / k).abs() < r3 {
                let stages: Vec<usize> = (0..8)
                    .filter(|&i| STAGES[i].load(std::sync::atomic::Ordering::Relaxed) != before[i])
                    .collect();
                eprintln!("near: row hit x {cx} y {y} total {total_h} stages {stages:?} -> {r:?}");
            }
        }
    }
    r
}

fn confirm_inner(g: &Gray<'_>, b: &Binary<'_>, cx: f32, y: usize, total_h: u32) -> Option<Finder> {
    stage(0);
    // The centre must be clearly darker than the light ring, not just noise: checked first,
    // as it is the cheapest test and rejects most noise.
    let min_ring = b.min_ring_contrast(cx, y as f32);
    if ring_contrast(g, cx, y as f32 + 0.5, total_h as f32 / 7.0) < min_ring {
        stage(1);
        return None;
    }
    let max = total_h * 2 + 4;
    let x = cx as isize;
    let Some((dy, total_v)) = cross_check(b, x, y as isize, (0, 1), max, 1.0) else {
        stage(2);
        return None;
    };
    let cy = y as f32 + 0.5 + dy;
    let aspect = tune("ASPECT", 0.5);
    if (total_v as f32) < aspect * total_h as f32 || (total_h as f32) < aspect * total_v as f32 {
        stage(3);
        return None;
    }
    let yi = cy.floor() as isize;
    let Some((dx, total_h2)) = cross_check(b, x, yi, (1, 0), max, 1.0) else {
        stage(4);
        return None;
    };
    let cx = x as f32 + 0.5 + dx;
    let xi = cx.floor() as isize;
    // Either diagonal must look like a finder too (rejects crosses of lines and noise).
    let diag = cross_check(b, xi, yi, (1, 1), max, 1.4).is_some()
        || cross_check(b, xi, yi, (1, -1), max, 1.4).is_some();
    if !diag {
        stage(5);
        return None;
    }
    let m = (total_h2 + total_v) as f32 / 14.0;
    if ring_contrast(g, cx, cy, m) < min_ring {
        stage(6);
        return None;
    }
    Some(Finder {
        x: cx,
        y: cy,
        width_h: total_h2 as f32,
        width_v: total_v as f32,
        hits: 1,
    })
}

fn add(out: &mut Vec<Finder>, f: Finder) {
    let m = f.module();
    for c in out.iter_mut() {
        let cm = c.module();
        if (c.x - f.x).abs() <= 1.5 * cm.max(m)
            && (c.y - f.y).abs() <= 1.5 * cm.max(m)
            && m < cm * 1.6
            && cm < m * 1.6
        {
            let n = c.hits as f32;
            let k = 1.0 / (n + 1.0);
            c.x += (f.x - c.x) * k;
            c.y += (f.y - c.y) * k;
            c.width_h += (f.width_h - c.width_h) * k;
            c.width_v += (f.width_v - c.width_v) * k;
            c.hits += 1;
            return;
        }
    }
    out.push(f);
}
