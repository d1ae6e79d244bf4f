//! Synthetic camera frames (feature `test-support`): a QR placed in a grey frame with
//! rotation, perspective, blur, noise and uneven light, reproducible from a seed. Tests and
//! benchmarks use it so the scanner is measured on the same frames every run; nothing in the
//! apps calls it.

use crate::{LumaFrame, QrError, QrMatrix, Result, MAX_FRAME_SIDE, QUIET_ZONE};

mod harsh;
pub use harsh::*;

/// A camera-like frame: the code at `scale` pixels per module with its quiet zone, centred in
/// a `width` × `height` mid-grey frame whose rows are `row_stride` bytes apart — what an
/// officer's camera hands over as its Y plane. For tests and demos of the scanning path.
pub fn centred_frame(
    m: &QrMatrix,
    scale: usize,
    width: usize,
    height: usize,
    row_stride: usize,
) -> Result<Vec<u8>> {
    let scale = scale.max(1);
    let side = (m.size + 2 * QUIET_ZONE) * scale;
    if side > width
        || side > height
        || row_stride < width
        || width > MAX_FRAME_SIDE
        || height > MAX_FRAME_SIDE
    {
        return Err(QrError::Frame(
            "the QR does not fit the frame, or the stride is smaller than the width",
        ));
    }
    let mut frame = vec![170u8; row_stride * height];
    let (left, top) = ((width - side) / 2, (height - side) / 2);
    let q = QUIET_ZONE as isize;
    for y in 0..side {
        let row = &mut frame[(top + y) * row_stride + left..][..side];
        for (x, px) in row.iter_mut().enumerate() {
            let dark = m.dark((x / scale) as isize - q, (y / scale) as isize - q);
            *px = if dark { 25 } else { 235 };
        }
    }
    Ok(frame)
}

/// `rqrr`'s own detector and decoder on the whole frame (the scanner before [`crate::scan`]),
/// the reference that benchmarks compare against.
pub fn scan_plain_rqrr(frame: &LumaFrame<'_>) -> Option<String> {
    crate::scan::rqrr_detect(frame.width, frame.height, |x, y| frame.at(x, y))
}

pub use crate::scan::ScanTrace;

/// Finder row hits so far by where they were rejected: hits, ring contrast, vertical check,
/// aspect, horizontal check, diagonal, second ring contrast, accepted; and resets them.
pub fn finder_stages() -> [u32; 8] {
    crate::finder::STAGES
        .each_ref()
        .map(|a| a.swap(0, std::sync::atomic::Ordering::Relaxed))
}

/// The finder pass at pyramid scale `s` (1 = full resolution), timed `reps` times: the
/// median milliseconds of the downscaled copy, the binarisation and the finder search (a
/// tuning aid), and how many candidates it found.
pub fn time_finder_pass(frame: &LumaFrame<'_>, s: usize, reps: usize) -> ([f64; 3], usize) {
    use std::time::Instant;
    let mut t = [Vec::new(), Vec::new(), Vec::new()];
    let mut found = 0;
    for _ in 0..reps.max(1) {
        let t0 = Instant::now();
        let g = crate::finder::downscale(frame, s);
        let t1 = Instant::now();
        let b = crate::finder::binarise(&g);
        let t2 = Instant::now();
        found = crate::finder::find(&g, &b).len();
        let t3 = Instant::now();
        for (v, (a, b)) in t.iter_mut().zip([(t0, t1), (t1, t2), (t2, t3)]) {
            v.push((b - a).as_secs_f64() * 1e3);
        }
    }
    let med = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    ([med(&mut t[0]), med(&mut t[1]), med(&mut t[2])], found)
}

/// [`crate::scan`], also saying what it did.
pub fn scan_traced(frame: &LumaFrame<'_>) -> (Option<String>, ScanTrace) {
    crate::scan::TRACE.with(|t| *t.borrow_mut() = Some(ScanTrace::default()));
    let text = crate::scan(frame);
    let trace = crate::scan::TRACE
        .with(|t| t.borrow_mut().take())
        .unwrap_or_default();
    (text, trace)
}

/// `rqrr`'s decoder on a row-major grid of `n × n` modules (`true` = dark): the reference
/// that [`crate::decode_grid`] is tested against.
pub fn rqrr_decode_grid(n: usize, modules: &[bool]) -> Option<String> {
    if modules.len() != n * n {
        return None;
    }
    let g = rqrr::SimpleGrid::from_func(n, |x, y| modules[y * n + x]);
    rqrr::Grid::new(g).decode().ok().map(|(_, s)| s)
}

/// Whether our decoder and `rqrr`'s agree on a grid: the same text, or both nothing; or ours
/// refuses where the standard says to and `rqrr` does not check (a numeric or alphanumeric
/// value out of range, Kanji, an ECI or mode `rqrr` passes over, the misdecode-protection
/// codewords of versions 1–2). Returns a description of the disagreement.
pub fn differs_from_rqrr(n: usize, modules: &[bool]) -> Option<String> {
    use crate::DecodeError;
    let ours = crate::decode_grid(n, modules);
    let theirs = rqrr_decode_grid(n, modules);
    match (&ours, &theirs) {
        (Ok(d), Some(t)) if d.text == *t => None,
        (Err(_), None) => None,
        (Err(DecodeError::Data | DecodeError::Mode), Some(_)) => None,
        (Err(DecodeError::Ecc), Some(_)) if n <= 25 => None,
        _ => Some(format!(
            "n {n}: ours {:?}, rqrr {theirs:?}",
            ours.map(|d| d.text)
        )),
    }
}

/// How to place the code in the frame.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameSpec {
    /// Frame width in pixels.
    pub width: usize,
    /// Frame height in pixels.
    pub height: usize,
    /// Side of the code (quiet zone included) as a fraction of the frame height; 0 = no code.
    pub code_fraction: f32,
    /// Rotation in degrees.
    pub rotation_deg: f32,
    /// Keystone tilt: 0 = flat; 0.2 = the far edge 20 % narrower.
    pub perspective: f32,
    /// Box-blur radius in pixels (0 = sharp).
    pub blur_radius: usize,
    /// Uniform noise amplitude (± grey levels).
    pub noise: u8,
    /// Light falling off across the frame: 0 = even, 0.5 = right edge at half brightness.
    pub light_falloff: f32,
    /// Centre of the code, as fractions of width and height.
    pub center: (f32, f32),
    /// Seed for the noise.
    pub seed: u64,
}

impl FrameSpec {
    /// A sharp, upright code filling `fraction` of the height, centred.
    pub fn plain(width: usize, height: usize, fraction: f32) -> Self {
        FrameSpec {
            width,
            height,
            code_fraction: fraction,
            rotation_deg: 0.0,
            perspective: 0.0,
            blur_radius: 0,
            noise: 0,
            light_falloff: 0.0,
            center: (0.5, 0.5),
            seed: 1,
        }
    }
}

/// A small deterministic PRNG (xorshift64*), enough for noise.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// Seeded; a zero seed is replaced.
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `[lo, hi)`.
    pub fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * ((self.next_u64() >> 40) as f32 / (1u64 << 24) as f32)
    }
}

const DARK: f32 = 35.0;
const LIGHT: f32 = 215.0;
const BACKGROUND: f32 = 150.0;

/// Renders the frame (row stride = width).
pub fn render(matrix: Option<&QrMatrix>, spec: &FrameSpec) -> Vec<u8> {
    let (w, h) = (spec.width, spec.height);
    let mut px = vec![0f32; w * h];
    let side_modules = matrix.map_or(1, |m| m.size + 2 * QUIET_ZONE) as f32;
    let side_px = spec.code_fraction * h as f32;
    let module_px = side_px / side_modules;
    let (cx, cy) = (spec.center.0 * w as f32, spec.center.1 * h as f32);
    let (sin, cos) = spec.rotation_deg.to_radians().sin_cos();
    // 2×2 supersampling for anti-aliased module edges.
    const OFFSETS: [(f32, f32); 4] = [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)];
    for y in 0..h {
        for x in 0..w {
            let mut acc = 0.0;
            for (ox, oy) in OFFSETS {
                acc += sample(
                    matrix,
                    spec,
                    x as f32 + ox - cx,
                    y as f32 + oy - cy,
                    (sin, cos),
                    side_px,
                    module_px,
                );
            }
            px[y * w + x] = acc / 4.0;
        }
    }
    if spec.blur_radius > 0 {
        box_blur(&mut px, w, h, spec.blur_radius);
    }
    let mut rng = Rng::new(spec.seed);
    let amp = f32::from(spec.noise);
    px.iter()
        .enumerate()
        .map(|(i, v)| {
            let light = 1.0 - spec.light_falloff * ((i % w) as f32 / w as f32);
            let n = if amp > 0.0 { rng.range(-amp, amp) } else { 0.0 };
            (v * light + n).clamp(0.0, 255.0) as u8
        })
        .collect()
}

/// Where module coordinates `(mx, my)` of a code of `size` modules (top-left corner of the
/// code at (0, 0), quiet zone outside) land in the frame, in pixels (pixel `i` spans
/// `[i, i + 1)`): the exact inverse of the rendering. For checking scanners.
pub fn project(spec: &FrameSpec, size: usize, mx: f32, my: f32) -> (f32, f32) {
    let side_modules = (size + 2 * QUIET_ZONE) as f32;
    let side_px = spec.code_fraction * spec.height as f32;
    let module_px = side_px / side_modules;
    let half = side_px / 2.0;
    let ux = (mx + QUIET_ZONE as f32) * module_px - half;
    let uy = (my + QUIET_ZONE as f32) * module_px - half;
    let k = spec.perspective / half;
    let ry = uy / (1.0 + k * uy);
    let rx = ux * (1.0 - k * ry);
    let (sin, cos) = spec.rotation_deg.to_radians().sin_cos();
    let dx = cos * rx - sin * ry;
    let dy = sin * rx + cos * ry;
    (
        spec.center.0 * spec.width as f32 + dx,
        spec.center.1 * spec.height as f32 + dy,
    )
}

fn sample(
    matrix: Option<&QrMatrix>,
    spec: &FrameSpec,
    dx: f32,
    dy: f32,
    (sin, cos): (f32, f32),
    side_px: f32,
    module_px: f32,
) -> f32 {
    let Some(m) = matrix.filter(|_| module_px > 0.0) else {
        return BACKGROUND;
    };
    // Undo the rotation, then the perspective of a plane tilted about its horizontal axis (a
    // true projective map, so straight lines stay straight): the top edge recedes.
    let rx = cos * dx + sin * dy;
    let ry = -sin * dx + cos * dy;
    let half = side_px / 2.0;
    let k = spec.perspective / half;
    let denom = 1.0 - k * ry;
    if denom <= 0.0 {
        return BACKGROUND;
    }
    let (ux, uy) = (rx / denom, ry / denom);
    if ux.abs() > half || uy.abs() > half {
        return BACKGROUND;
    }
    let mx = ((ux + half) / module_px).floor() as isize - QUIET_ZONE as isize;
    let my = ((uy + half) / module_px).floor() as isize - QUIET_ZONE as isize;
    if m.dark(mx, my) {
        DARK
    } else {
        LIGHT
    }
}

fn box_blur(px: &mut [f32], w: usize, h: usize, r: usize) {
    let mut tmp = vec![0f32; px.len()];
    let norm = 1.0 / (2 * r + 1) as f32;
    for y in 0..h {
        for x in 0..w {
            let mut s = 0.0;
            for k in x.saturating_sub(r)..=(x + r).min(w - 1) {
                s += px[y * w + k];
            }
            tmp[y * w + x] = s * norm;
        }
    }
    for y in 0..h {
        for x in 0..w {
            let mut s = 0.0;
            for k in y.saturating_sub(r)..=(y + r).min(h - 1) {
                s += tmp[k * w + x];
            }
            px[y * w + x] = s * norm;
        }
    }
}

/// One frame of the standard set.
#[derive(Clone, Debug, PartialEq)]
pub struct SetFrame {
    /// A short description (size, index, parameters).
    pub name: String,
    /// How to render it; `code_fraction == 0` for frames without a code.
    pub spec: FrameSpec,
}

impl SetFrame {
    /// Whether the frame shows a code.
    pub fn has_code(&self) -> bool {
        self.spec.code_fraction > 0.0
    }
}

/// Frame sizes of the standard set.
pub const STANDARD_SIZES: [(usize, usize); 3] = [(640, 480), (1280, 720), (1920, 1080)];
/// Frames with a code, and without, per size in the standard set.
pub const STANDARD_WITH_CODE: usize = 40;
/// See [`STANDARD_WITH_CODE`].
pub const STANDARD_EMPTY: usize = 4;

/// The standard frame set (issue 6): for each of 640×480, 1280×720 and 1920×1080,
/// [`STANDARD_WITH_CODE`] frames with the code at 30–60 % of the height, rotated ±15°, tilted
/// (keystone up to ±0.1 either way), blurred (box radius 0–1, 0–2 at 1080p), noisy (±0–20),
/// unevenly lit (0–50 % fall-off) and off centre; then [`STANDARD_EMPTY`] frames without a
/// code (noise up to ±30). The same seed gives the same frames; tests, benchmarks and the
/// comparison script all use seed [`STANDARD_SEED`].
pub fn standard_set(seed: u64) -> Vec<SetFrame> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    for (w, h) in STANDARD_SIZES {
        for i in 0..STANDARD_WITH_CODE {
            let fraction = rng.range(0.30, 0.60);
            let max_blur = if h >= 1080 { 3.0 } else { 2.0 };
            // Keep the (rotated, tilted) code inside the frame.
            let half = 0.62 * fraction;
            let cy = 0.5 + rng.range(-1.0, 1.0) * (0.5 - half).min(0.12);
            let hx = half * h as f32 / w as f32;
            let cx = 0.5 + rng.range(-1.0, 1.0) * (0.5 - hx).min(0.2);
            let spec = FrameSpec {
                width: w,
                height: h,
                code_fraction: fraction,
                rotation_deg: rng.range(-15.0, 15.0),
                perspective: rng.range(-0.1, 0.1),
                blur_radius: rng.range(0.0, max_blur) as usize,
                noise: rng.range(0.0, 21.0) as u8,
                light_falloff: rng.range(0.0, 0.5),
                center: (cx, cy),
                seed: rng.next_u64(),
            };
            out.push(SetFrame {
                name: format!(
                    "{w}x{h} #{i}: {:.0}% rot {:.1}° tilt {:.2} blur {} noise {} light {:.2}",
                    fraction * 100.0,
                    spec.rotation_deg,
                    spec.perspective,
                    spec.blur_radius,
                    spec.noise,
                    spec.light_falloff
                ),
                spec,
            });
        }
        for i in 0..STANDARD_EMPTY {
            let spec = FrameSpec {
                noise: rng.range(0.0, 31.0) as u8,
                light_falloff: rng.range(0.0, 0.5),
                seed: rng.next_u64(),
                ..FrameSpec::plain(w, h, 0.0)
            };
            out.push(SetFrame {
                name: format!("{w}x{h} empty #{i}: noise {}", spec.noise),
                spec,
            });
        }
    }
    out
}

/// The seed of the standard set used by tests, benchmarks and the comparison script.
pub const STANDARD_SEED: u64 = 2026;
