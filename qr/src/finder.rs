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

/// ⌈2²⁰ / n⌉ for n = 0 … 25: (s · RECIP[n]) >> 20 = s / n for s ≤ 255 n (sums of n block
/// means).
const RECIP: [u32; 26] = {
    let mut r = [0u32; 26];
    let mut n = 1;
    while n < 26 {
        r[n] = (1u32 << 20).div_ceil(n as u32);
        n += 1;
    }
    r
};

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
    let mean: Vec<u16> = (0..bw * bh)
        .map(|i| {
            let (bx, by) = (i % bw, i / bw);
            let cw = (w - bx * BLOCK).min(BLOCK);
            let ch = (h - by * BLOCK).min(BLOCK);
            (if cw * ch == BLOCK * BLOCK {
                sum[i] >> 6
            } else {
                sum[i] / (cw * ch) as u32
            }) as u16
        })
        .collect();
    // 5 × 5 block neighbourhoods, separably: along each row of blocks first (element-wise
    // over the row, so it vectorises; the two blocks at either end with shorter windows),
    // then down the columns.
    let mut hsum = vec![0u16; bw * bh];
    let mut hlo = vec![0u8; bw * bh];
    let mut hhi = vec![0u8; bw * bh];
    for by in 0..bh {
        let r = by * bw..(by + 1) * bw;
        let (m, l, u) = (&mean[r.clone()], &lo[r.clone()], &hi[r.clone()]);
        let (os, ol, ou) = (&mut hsum[r.clone()], &mut hlo[r.clone()], &mut hhi[r]);
        if bw >= 5 {
            for (o, v) in os[2..bw - 2].iter_mut().zip(m.windows(5)) {
                *o = v[0] + v[1] + v[2] + v[3] + v[4];
            }
            for (o, v) in ol[2..bw - 2].iter_mut().zip(l.windows(5)) {
                *o = v[0].min(v[1]).min(v[2]).min(v[3]).min(v[4]);
            }
            for (o, v) in ou[2..bw - 2].iter_mut().zip(u.windows(5)) {
                *o = v[0].max(v[1]).max(v[2]).max(v[3]).max(v[4]);
            }
        }
        for bx in (0..bw.min(2)).chain(bw.saturating_sub(2).max(2)..bw) {
            let (x0, x1) = (bx.saturating_sub(2), (bx + 3).min(bw));
            os[bx] = m[x0..x1].iter().sum();
            ol[bx] = l[x0..x1].iter().copied().min().unwrap_or(0);
            ou[bx] = u[x0..x1].iter().copied().max().unwrap_or(0);
        }
    }
    // Columns of each window: 5 but near the ends.
    let cols: Vec<u32> = (0..bw)
        .map(|bx| ((bx + 3).min(bw) - bx.saturating_sub(2)) as u32)
        .collect();
    let mut thr = vec![0u8; bw * bh];
    let mut spread = vec![0u8; bw * bh];
    let (mut s, mut mn, mut mx) = (vec![0u16; bw], vec![0u8; bw], vec![0u8; bw]);
    for by in 0..bh {
        let (y0, y1) = (by.saturating_sub(2), (by + 3).min(bh));
        s.copy_from_slice(&hsum[y0 * bw..][..bw]);
        mn.copy_from_slice(&hlo[y0 * bw..][..bw]);
        mx.copy_from_slice(&hhi[y0 * bw..][..bw]);
        for ny in y0 + 1..y1 {
            let i = ny * bw;
            for (a, &b) in s.iter_mut().zip(&hsum[i..i + bw]) {
                *a += b;
            }
            for (a, &b) in mn.iter_mut().zip(&hlo[i..i + bw]) {
                *a = (*a).min(b);
            }
            for (a, &b) in mx.iter_mut().zip(&hhi[i..i + bw]) {
                *a = (*a).max(b);
            }
        }
        let rows = (y1 - y0) as u32;
        let out_t = &mut thr[by * bw..][..bw];
        let out_s = &mut spread[by * bw..][..bw];
        for bx in 0..bw {
            let (lo_v, hi_v) = (u32::from(mn[bx]), u32::from(mx[bx]));
            out_s[bx] = (hi_v - lo_v) as u8;
            // Midway between the darkest and lightest levels around (unlike the mean, this
            // does not depend on how much of the window is dark: a quiet zone, a finder),
            // and the mean (so that a few outliers do not decide it). s / n without a
            // division (n ≤ 25 blocks, s ≤ 255 n: exact).
            let n = (rows * cols[bx]) as usize;
            let mean = (u32::from(s[bx]) * RECIP[n]) >> 20;
            let mid = (lo_v + hi_v).div_ceil(2);
            out_t[bx] = if hi_v - lo_v < min_contrast {
                0
            } else {
                (mid + mean).div_ceil(2) as u8
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
    // The row as 0/1 bytes, then as bits (1 = dark), 64 pixels to a word.
    let mut row = vec![0u8; b.w];
    let mut words = vec![0u64; b.w.div_ceil(64)];
    // Every other row: a finder's 3-module centre spans at least 4.5 rows here.
    let mut thr: Vec<u8> = Vec::with_capacity(b.w + BLOCK);
    let mut band = usize::MAX;
    // Every third row on images of 1000–2000 rows (1080p, or a 4K frame at half size),
    // where the codes not found at the coarser scale have modules of 1.6–3 pixels (centres
    // of 5–9 rows). Every other row elsewhere: at 640×480 and at 4K's full resolution the
    // smallest codes need it.
    let step = if (1000..2000).contains(&b.h) {
        tune("ROWSTEP_BIG", 3.0) as usize
    } else {
        ROW_STEP
    };
    for y in (0..b.h).step_by(step.max(1)) {
        if y / BLOCK != band {
            band = y / BLOCK;
            b.thresholds(y, &mut thr);
        }
        b.row_with(y, &thr, &mut row);
        // Eight 0/1 bytes to eight bits at once: the multiply gathers byte i's bit into bit
        // 56 + i.
        for (word, bytes) in words.iter_mut().zip(row.chunks(64)) {
            let mut m = 0u64;
            for (k, c) in bytes.chunks(8).enumerate() {
                let mut v = [0u8; 8];
                v[..c.len()].copy_from_slice(c);
                let packed = u64::from_le_bytes(v).wrapping_mul(0x0102_0408_1020_4080) >> 56;
                m |= packed << (8 * k);
            }
            *word = m;
        }
        // Edges: where a pixel differs from the one before it.
        let mut n = 1usize;
        let mut carry = words[0] & 1;
        for (wi, &m) in words.iter().enumerate() {
            let mut diff = m ^ ((m << 1) | carry);
            carry = m >> 63;
            let base = wi * 64;
            if base + 64 > b.w {
                diff &= (1u64 << (b.w - base)) - 1;
            }
            while diff != 0 {
                edges[n] = (base + diff.trailing_zeros() as usize) as u32;
                n += 1;
                diff &= diff - 1;
            }
        }
        edges[n] = b.w as u32;
        let e = &edges[..=n];
        // Run i spans e[i]..e[i + 1]; dark runs alternate starting with the row's first pixel.
        let first = usize::from(words[0] & 1 == 0);
        let mut i = first;
        while i + 5 < e.len() {
            // Most windows of five runs in texture or noise are too short to be a finder.
            if e[i + 5] - e[i] < 11 {
                i += 2;
                continue;
            }
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
