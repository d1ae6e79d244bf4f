//! The harsh frame set (issue 14): a phone screen showing a QR, photographed by another phone.
//!
//! Every frame is made from a seed, so the set is the same frames on every run and is kept in
//! the repository as this generator, not as images. A frame is built the way the light gets
//! to the sensor:
//!
//! 1. **Scene**: a cluttered background (gradients, boxes of any grey, bars, fine texture,
//!    finder-like decoys), then the phone: a dark bezel, a light screen with a few text-like
//!    bars above and below the code, the code with its 4-module quiet zone.
//! 2. **Screen**: dark and light module levels (down to ~35 grey levels apart on a dim screen),
//!    the screen's pixel grid (a dark gap between screen pixels and the R, G, B sub-pixel
//!    stripes, several screen pixels per module: it aliases into moiré), specular glare.
//! 3. **Pose**: a full perspective camera (the screen plane rotated by any angle in its
//!    plane and tilted up to 40° about any axis, seen with a phone's focal length), rendered
//!    with 2 × 2 supersampling through the exact inverse homography.
//! 4. **Camera**: defocus (Gaussian) and motion blur, vignetting, sensor noise (read noise and
//!    shot noise), quantisation to 8 bits, JPEG at quality 40–95.
//!
//! Each frame is tagged with its [`Content`] (identity QR, presentation QR, a foreign QR, no QR),
//! the [`Stress`] it was made to test, its version and its pixels per module (measured on the
//! projected symbol), so reports can group by them.

use crate::{Ecc, QrMatrix, QUIET_ZONE};

use super::Rng;

/// What a frame shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Content {
    /// The citizen's identity QR (`VN2:` + digits; version 13).
    Identity,
    /// A paper presentation QR (`VP…:` + digits; versions 13–23 in the set).
    Presentation,
    /// Someone else's QR (a URL, Wi-Fi settings, text; versions 1–10, any error-correction
    /// level): it must be read as exactly that text.
    Foreign,
    /// No QR at all: clutter, a phone screen without a code, finder-like decoys.
    Empty,
}

impl Content {
    /// Lower-case name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Content::Identity => "identity",
            Content::Presentation => "presentation",
            Content::Foreign => "foreign",
            Content::Empty => "empty",
        }
    }
}

/// What a frame was made to test (every frame also gets a mild dose of everything else).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stress {
    /// Several moderate degradations together.
    Mixed,
    /// Tilt 25–40° about a random axis.
    Perspective,
    /// Defocus: Gaussian blur up to σ = 3 px (at most about 0.4 module).
    Defocus,
    /// Motion blur up to about one module.
    Motion,
    /// Sensor noise σ 8–20 grey levels.
    Noise,
    /// A dim, low-contrast screen: 35–60 grey levels between dark and light modules.
    LowContrast,
    /// A strong screen pixel grid, aliasing into moiré.
    Moire,
    /// Specular glare on the screen glass, partly saturating.
    Glare,
    /// JPEG at quality 40–60.
    Jpeg,
    /// A busy background with finder-like decoys.
    Clutter,
    /// A small symbol: 2–3.2 pixels per module.
    Small,
    /// A large symbol: 75–90 % of the frame height.
    Large,
}

impl Stress {
    /// Every stress, in report order.
    pub const ALL: [Stress; 12] = [
        Stress::Mixed,
        Stress::Perspective,
        Stress::Defocus,
        Stress::Motion,
        Stress::Noise,
        Stress::LowContrast,
        Stress::Moire,
        Stress::Glare,
        Stress::Jpeg,
        Stress::Clutter,
        Stress::Small,
        Stress::Large,
    ];

    /// Lower-case name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Stress::Mixed => "mixed",
            Stress::Perspective => "perspective",
            Stress::Defocus => "defocus",
            Stress::Motion => "motion",
            Stress::Noise => "noise",
            Stress::LowContrast => "low-contrast",
            Stress::Moire => "moire",
            Stress::Glare => "glare",
            Stress::Jpeg => "jpeg",
            Stress::Clutter => "clutter",
            Stress::Small => "small",
            Stress::Large => "large",
        }
    }
}

/// Frame sizes of the harsh set.
pub const HARSH_SIZES: [(usize, usize); 4] = [(640, 480), (1280, 720), (1920, 1080), (3840, 2160)];

/// The seed of the harsh set used by tests, benchmarks and the comparison script.
pub const HARSH_SEED: u64 = 14;

/// Frames per size: identity frames per [`Stress`], presentation frames per stress, foreign
/// QRs, empty frames.
pub const HARSH_IDENTITY_PER_STRESS: usize = 4;
/// See [`HARSH_IDENTITY_PER_STRESS`].
pub const HARSH_PRESENTATION_PER_STRESS: usize = 2;
/// See [`HARSH_IDENTITY_PER_STRESS`].
pub const HARSH_FOREIGN: usize = 8;
/// See [`HARSH_IDENTITY_PER_STRESS`].
pub const HARSH_EMPTY: usize = 6;

/// The texts the set shows.
#[derive(Clone, Debug)]
pub struct HarshTexts {
    /// The identity QR text.
    pub identity: String,
    /// Presentation QR texts, used in turn.
    pub presentations: Vec<String>,
}

impl HarshTexts {
    /// `identity` and synthetic presentation texts: `VP1:` and random digits of the lengths
    /// that make versions 16 to 23 at level M (what the app's presentations take, without
    /// needing the project's keys).
    pub fn synthetic(identity: &str, seed: u64) -> Self {
        let mut rng = Rng::new(seed ^ 0x5650_3100);
        let presentations = (16..=23).map(|v| digits_for_version(v, &mut rng)).collect();
        HarshTexts {
            identity: identity.to_owned(),
            presentations,
        }
    }
}

/// `VP1:` + random digits, as many as version `v` at level M holds (within 30 digits).
pub fn digits_for_version(v: u8, rng: &mut Rng) -> String {
    let version_of = |len: usize| -> u8 {
        let t = format!("VP1:{}", "7".repeat(len));
        match qrcode::bits::encode_auto(t.as_bytes(), qrcode::EcLevel::M).map(|b| b.version()) {
            Ok(qrcode::Version::Normal(v)) => v as u8,
            _ => 41,
        }
    };
    // Largest length still at version v: binary search on the monotone version.
    let (mut lo, mut hi) = (1usize, 7100usize);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if version_of(mid) <= v {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let len = lo.saturating_sub((rng.next_u64() % 30) as usize).max(1);
    let digits: String = (0..len)
        .map(|_| char::from(b'0' + (rng.next_u64() % 10) as u8))
        .collect();
    format!("VP1:{digits}")
}

/// Every parameter of one harsh frame.
#[derive(Clone, Debug, PartialEq)]
pub struct HarshSpec {
    /// Frame width in pixels.
    pub width: usize,
    /// Frame height in pixels.
    pub height: usize,
    /// Screen plane (module units, the code's top-left corner at (0, 0)) → frame pixels,
    /// row-major 3 × 3.
    pub homography: [f64; 9],
    /// Modules per side of the code (21 when there is none: the screen is laid out as if).
    pub modules: usize,
    /// Grey level of dark and light modules on the screen (before vignetting and noise).
    pub dark: f32,
    /// See [`HarshSpec::dark`].
    pub light: f32,
    /// Screen pixels per module, and the strength (0–1) of the screen's pixel grid.
    pub screen_pitch: f32,
    /// See [`HarshSpec::screen_pitch`].
    pub grid: f32,
    /// Glare spots: centre (module units), radius (modules), added grey levels.
    pub glare: Vec<(f32, f32, f32, f32)>,
    /// Defocus: Gaussian σ in pixels.
    pub defocus: f32,
    /// Motion blur: length in pixels and direction in radians.
    pub motion: (f32, f32),
    /// Read noise σ and shot-noise factor (σ² grows by `shot × level`).
    pub noise: f32,
    /// See [`HarshSpec::noise`].
    pub shot: f32,
    /// Vignetting: fraction of light lost in the corners.
    pub vignette: f32,
    /// JPEG quality, if compressed.
    pub jpeg: Option<u8>,
    /// Background primitives (more is busier) and finder-like decoys.
    pub clutter: usize,
    /// See [`HarshSpec::clutter`].
    pub decoys: usize,
    /// Seed of the background, the screen's text bars and the noise.
    pub seed: u64,
}

/// One frame of the harsh set.
#[derive(Clone, Debug)]
pub struct HarshFrame {
    /// A one-line description (size, index, kind, parameters).
    pub name: String,
    /// What the frame shows.
    pub content: Content,
    /// What it was made to test.
    pub stress: Stress,
    /// The text of the QR in the frame, if any.
    pub text: Option<String>,
    /// QR version (0 without a code).
    pub version: u8,
    /// Pixels per module: the square root of the symbol's area in the frame over its modules
    /// (0 without a code).
    pub px_per_module: f32,
    /// How to render it.
    pub spec: HarshSpec,
    matrix: Option<QrMatrix>,
}

impl HarshFrame {
    /// Renders the frame as 8-bit luma, row stride = width.
    pub fn render(&self) -> Vec<u8> {
        render_harsh(self.matrix.as_ref(), &self.spec)
    }

    /// The code's modules, if there is a code.
    pub fn matrix(&self) -> Option<&QrMatrix> {
        self.matrix.as_ref()
    }
}

/// Foreign QR texts: what else a camera pointed at phones meets.
const FOREIGN: [&str; 8] = [
    "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
    "WIFI:T:WPA;S:CafeSaigon_5G;P:matkhau2026;;",
    "HELLO WORLD 0123456789 $%*+-./:",
    "00020101021238570010A000000727012700069704220113VQRQ00001234560208QRIBFTTA53037045802VN6304ABCD",
    "BEGIN:VCARD\nVERSION:3.0\nN:Nguyen;Van An\nTEL:+84901234567\nEND:VCARD",
    "VN1:12345",
    "https://example.com/a/very/long/path/that/takes/a/larger/version?with=query&and=more&x=1234567890",
    "Xin chào — Việt Nam 🇻🇳",
];

/// A frame to make: what it shows, what it tests, its text and modules.
type Job = (Content, Stress, Option<(String, QrMatrix)>);

/// The harsh set: for each of [`HARSH_SIZES`], [`HARSH_IDENTITY_PER_STRESS`] identity frames
/// and [`HARSH_PRESENTATION_PER_STRESS`] presentation frames per [`Stress`],
/// [`HARSH_FOREIGN`] foreign QRs and [`HARSH_EMPTY`] frames without a code.
pub fn harsh_set(seed: u64, texts: &HarshTexts) -> Vec<HarshFrame> {
    let mut rng = Rng::new(seed);
    let identity = QrMatrix::encode(&texts.identity).ok();
    let presentations: Vec<(String, QrMatrix)> = texts
        .presentations
        .iter()
        .filter_map(|t| QrMatrix::encode(t).ok().map(|m| (t.clone(), m)))
        .collect();
    let levels = [Ecc::L, Ecc::M, Ecc::Q, Ecc::H];
    let foreign: Vec<(String, QrMatrix)> = FOREIGN
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            QrMatrix::encode_with(t, levels[i % 4])
                .ok()
                .map(|m| (t.to_string(), m))
        })
        .collect();
    let mut out = Vec::new();
    let mut pres_i = 0;
    for (w, h) in HARSH_SIZES {
        let mut jobs: Vec<Job> = Vec::new();
        for stress in Stress::ALL {
            if let Some(m) = &identity {
                for _ in 0..HARSH_IDENTITY_PER_STRESS {
                    jobs.push((
                        Content::Identity,
                        stress,
                        Some((texts.identity.clone(), m.clone())),
                    ));
                }
            }
            if !presentations.is_empty() {
                for _ in 0..HARSH_PRESENTATION_PER_STRESS {
                    let p = presentations[pres_i % presentations.len()].clone();
                    pres_i += 1;
                    jobs.push((Content::Presentation, stress, Some(p)));
                }
            }
        }
        for i in 0..HARSH_FOREIGN {
            let stress = Stress::ALL[(i * 5 + 1) % Stress::ALL.len()];
            jobs.push((
                Content::Foreign,
                stress,
                foreign.get(i % foreign.len().max(1)).cloned(),
            ));
        }
        for i in 0..HARSH_EMPTY {
            let stress = [Stress::Clutter, Stress::Mixed, Stress::Noise][i % 3];
            jobs.push((Content::Empty, stress, None));
        }
        for (i, (content, stress, code)) in jobs.into_iter().enumerate() {
            let (text, matrix) = match code {
                Some((t, m)) => (Some(t), Some(m)),
                None => (None, None),
            };
            let frame_seed = rng.next_u64();
            let (spec, ppm, desc) = make_spec(w, h, matrix.as_ref(), stress, frame_seed);
            let version = matrix.as_ref().map_or(0, |m| m.version);
            out.push(HarshFrame {
                name: format!(
                    "{w}x{h} #{i} {} {} v{version} {ppm:.1} px/module {desc}",
                    content.name(),
                    stress.name()
                ),
                content,
                stress,
                text,
                version,
                px_per_module: ppm,
                spec,
                matrix,
            });
        }
    }
    out
}

/// Gaussian with σ = 1 (Irwin–Hall of four uniforms, close enough for noise).
fn gauss(rng: &mut Rng) -> f32 {
    let s: f32 = (0..4).map(|_| rng.range(0.0, 1.0)).sum();
    (s - 2.0) * 1.732_050_8
}

/// Log-uniform in [lo, hi].
fn log_range(rng: &mut Rng, lo: f32, hi: f32) -> f32 {
    if hi <= lo {
        return lo;
    }
    (rng.range(lo.ln(), hi.ln())).exp()
}

type M3 = [f64; 9];

fn m3_mul(a: &M3, b: &M3) -> M3 {
    let mut o = [0.0; 9];
    for r in 0..3 {
        for c in 0..3 {
            o[r * 3 + c] = (0..3).map(|k| a[r * 3 + k] * b[k * 3 + c]).sum();
        }
    }
    o
}

fn m3_inv(m: &M3) -> Option<M3> {
    let [a, b, c, d, e, f, g, h, i] = *m;
    let co = [
        e * i - f * h,
        -(d * i - f * g),
        d * h - e * g,
        -(b * i - c * h),
        a * i - c * g,
        -(a * h - b * g),
        b * f - c * e,
        -(a * f - c * d),
        a * e - b * d,
    ];
    let det = a * co[0] + b * co[1] + c * co[2];
    if det.abs() < 1e-18 {
        return None;
    }
    // Inverse = adjugate / det; adjugate is the transposed cofactor matrix.
    Some([
        co[0] / det,
        co[3] / det,
        co[6] / det,
        co[1] / det,
        co[4] / det,
        co[7] / det,
        co[2] / det,
        co[5] / det,
        co[8] / det,
    ])
}

fn map(h: &M3, x: f64, y: f64) -> Option<(f64, f64)> {
    let w = h[6] * x + h[7] * y + h[8];
    (w > 1e-9).then(|| {
        (
            (h[0] * x + h[1] * y + h[2]) / w,
            (h[3] * x + h[4] * y + h[5]) / w,
        )
    })
}

/// A camera looking at the screen plane: in-plane rotation `rot`, tilt `tilt` about the
/// in-plane axis at angle `axis`, the code's centre (module units `c`) seen at pixel `at`
/// with `m` pixels per module there, focal length `f` pixels, principal point `pp`.
#[allow(clippy::too_many_arguments)]
fn pose(
    rot: f64,
    tilt: f64,
    axis: f64,
    c: f64,
    at: (f64, f64),
    m: f64,
    f: f64,
    pp: (f64, f64),
) -> M3 {
    let (sr, cr) = rot.sin_cos();
    let rz = [cr, -sr, 0.0, sr, cr, 0.0, 0.0, 0.0, 1.0];
    // Rodrigues about (cos axis, sin axis, 0).
    let (ux, uy) = (axis.cos(), axis.sin());
    let (st, ct) = tilt.sin_cos();
    let rt = [
        ct + ux * ux * (1.0 - ct),
        ux * uy * (1.0 - ct),
        uy * st,
        uy * ux * (1.0 - ct),
        ct + uy * uy * (1.0 - ct),
        -ux * st,
        -uy * st,
        ux * st,
        ct,
    ];
    let r = m3_mul(&rt, &rz);
    let z0 = f / m;
    let t = ((at.0 - pp.0) * z0 / f, (at.1 - pp.1) * z0 / f, z0);
    // [r1 r2 t] · translate(−c, −c)
    let ext = [r[0], r[1], t.0, r[3], r[4], t.1, r[6], r[7], t.2];
    let shift = [1.0, 0.0, -c, 0.0, 1.0, -c, 0.0, 0.0, 1.0];
    let k = [f, 0.0, pp.0, 0.0, f, pp.1, 0.0, 0.0, 1.0];
    m3_mul(&k, &m3_mul(&ext, &shift))
}

/// Draws a frame's parameters. Returns the spec, the measured pixels per module and a
/// description.
fn make_spec(
    w: usize,
    h: usize,
    matrix: Option<&QrMatrix>,
    stress: Stress,
    seed: u64,
) -> (HarshSpec, f32, String) {
    let mut rng = Rng::new(seed);
    let n = matrix.map_or(21, |m| m.size);
    let side = (n + 2 * QUIET_ZONE) as f32;
    let hf = h as f32;
    let is = |s: Stress| stress == s;
    let mixed = is(Stress::Mixed);
    // Size: the code with its quiet zone at 25–85 % of the height, at least 2 px/module.
    let mut m = match stress {
        Stress::Small => rng.range(2.0, 3.2),
        Stress::Large => rng.range(0.75, 0.9) * hf / side,
        _ => log_range(
            &mut rng,
            (0.25 * hf / side).max(2.2),
            (0.85 * hf / side).max(2.6),
        ),
    };
    let rot = f64::from(rng.range(0.0, std::f32::consts::TAU));
    let max_tilt: f32 = match stress {
        Stress::Perspective => 40.0,
        Stress::Large => 12.0,
        _ if mixed => 30.0,
        _ => 20.0,
    };
    let min_tilt: f32 = if is(Stress::Perspective) { 25.0 } else { 0.0 };
    let tilt = f64::from(rng.range(min_tilt, max_tilt).to_radians());
    let axis = f64::from(rng.range(0.0, std::f32::consts::TAU));
    // A phone's main camera: about 65–75° across the diagonal.
    let f = f64::from(rng.range(0.75, 0.95)) * (w.max(h) as f64);
    let pp = (w as f64 / 2.0, h as f64 / 2.0);
    let c = n as f64 / 2.0;
    let q = QUIET_ZONE as f64;
    let corners = [
        (-q, -q),
        (n as f64 + q, -q),
        (n as f64 + q, n as f64 + q),
        (-q, n as f64 + q),
    ];
    // Place the code so its quiet zone is in the frame: redraw the position, shrink if needed.
    let mut hm = [0.0; 9];
    'fit: for _shrink in 0..40 {
        for _ in 0..25 {
            let at = (
                f64::from(rng.range(0.1, 0.9)) * w as f64,
                f64::from(rng.range(0.1, 0.9)) * h as f64,
            );
            let cand = pose(rot, tilt, axis, c, at, f64::from(m), f, pp);
            let inside = corners.iter().all(|&(x, y)| {
                map(&cand, x, y).is_some_and(|(u, v)| {
                    u >= 1.0 && v >= 1.0 && u <= w as f64 - 1.0 && v <= h as f64 - 1.0
                })
            });
            if inside {
                hm = cand;
                break 'fit;
            }
        }
        m *= 0.95;
        hm = pose(rot, tilt, axis, c, pp, f64::from(m), f, pp);
    }
    // Measured pixels per module: √(area of the symbol's quad) / n.
    let quad: Vec<(f64, f64)> = [
        (0.0, 0.0),
        (n as f64, 0.0),
        (n as f64, n as f64),
        (0.0, n as f64),
    ]
    .iter()
    .filter_map(|&(x, y)| map(&hm, x, y))
    .collect();
    let area = if quad.len() == 4 {
        (0..4)
            .map(|i| {
                let (a, b) = (quad[i], quad[(i + 1) % 4]);
                a.0 * b.1 - a.1 * b.0
            })
            .sum::<f64>()
            .abs()
            / 2.0
    } else {
        0.0
    };
    let ppm = (area.sqrt() / n as f64) as f32;
    // Screen levels.
    let (dark, light) = if is(Stress::LowContrast) {
        let d = rng.range(35.0, 60.0);
        let lo = rng.range(40.0, 200.0 - d);
        (lo, lo + d)
    } else if mixed {
        let d = rng.range(60.0, 140.0);
        let lo = rng.range(20.0, 230.0 - d);
        (lo, lo + d)
    } else {
        let d = rng.range(110.0, 210.0);
        let lo = rng.range(10.0, 245.0 - d);
        (lo, lo + d)
    };
    let screen_pitch = rng.range(3.0, 12.0);
    let grid = if is(Stress::Moire) {
        rng.range(0.3, 0.6)
    } else if mixed {
        rng.range(0.1, 0.3)
    } else {
        rng.range(0.0, 0.15)
    };
    let mut glare = Vec::new();
    let glare_spots = if is(Stress::Glare) {
        1 + (rng.next_u64() % 2) as usize
    } else if mixed {
        (rng.next_u64() % 2) as usize
    } else {
        0
    };
    for _ in 0..glare_spots {
        glare.push((
            rng.range(0.0, n as f32),
            rng.range(0.0, n as f32),
            rng.range(0.06, 0.15) * n as f32,
            rng.range(80.0, 200.0),
        ));
    }
    let defocus = if is(Stress::Defocus) {
        rng.range(0.8, (0.35 * ppm + 0.5).clamp(1.0, 3.0))
    } else if mixed {
        rng.range(0.5, (0.25 * ppm + 0.4).clamp(0.6, 2.0))
    } else {
        rng.range(0.2, 0.8)
    };
    let motion = if is(Stress::Motion) {
        (
            rng.range(2.0, ppm.clamp(2.5, 12.0)),
            rng.range(0.0, std::f32::consts::PI),
        )
    } else if mixed {
        (
            rng.range(0.0, 0.6 * ppm.clamp(2.0, 6.0)),
            rng.range(0.0, std::f32::consts::PI),
        )
    } else {
        (0.0, 0.0)
    };
    let noise = if is(Stress::Noise) {
        rng.range(8.0, 20.0)
    } else if mixed {
        rng.range(3.0, 8.0)
    } else {
        rng.range(1.0, 4.0)
    };
    let shot = if is(Stress::Noise) {
        rng.range(0.2, 0.6)
    } else {
        rng.range(0.0, 0.2)
    };
    let vignette = rng.range(0.0, 0.4);
    let jpeg = if is(Stress::Jpeg) {
        Some(rng.range(40.0, 60.0) as u8)
    } else if mixed || rng.next_u64().is_multiple_of(2) {
        Some(rng.range(60.0, 95.0) as u8)
    } else {
        None
    };
    let (clutter, decoys) = if is(Stress::Clutter) {
        (
            40 + (rng.next_u64() % 40) as usize,
            2 + (rng.next_u64() % 3) as usize,
        )
    } else {
        (
            5 + (rng.next_u64() % 20) as usize,
            (rng.next_u64() % 2) as usize,
        )
    };
    let spec = HarshSpec {
        width: w,
        height: h,
        homography: hm,
        modules: n,
        dark,
        light,
        screen_pitch,
        grid,
        glare,
        defocus,
        motion,
        noise,
        shot,
        vignette,
        jpeg,
        clutter,
        decoys,
        seed: rng.next_u64(),
    };
    let desc = format!(
        "rot {:.0}° tilt {:.0}° levels {:.0}/{:.0} grid {:.2} glare {} defocus {:.1} motion {:.1} noise {:.0} jpeg {}",
        rot.to_degrees(),
        tilt.to_degrees(),
        dark,
        light,
        grid,
        spec.glare.len(),
        defocus,
        motion.0,
        noise,
        jpeg.map_or("-".to_string(), |q| q.to_string())
    );
    (spec, ppm, desc)
}

/// Renders a harsh frame; `matrix` is the code (`None`: the screen shows none).
pub fn render_harsh(matrix: Option<&QrMatrix>, spec: &HarshSpec) -> Vec<u8> {
    let (w, h) = (spec.width, spec.height);
    let mut rng = Rng::new(spec.seed);
    let mut px = background(w, h, spec, &mut rng);
    let n = spec.modules as f32;
    let q = QUIET_ZONE as f32;
    // The phone in screen-plane module units: the screen a few modules beyond the quiet zone
    // (more below and above: the app's header and buttons), then the bezel.
    let sx = rng.range(1.0, 5.0);
    let (st, sb) = (rng.range(3.0, 14.0), rng.range(3.0, 14.0));
    let bezel = rng.range(1.5, 4.0);
    let screen = (-q - sx, -q - st, n + q + sx, n + q + sb);
    let body = (
        screen.0 - bezel,
        screen.1 - bezel,
        screen.2 + bezel,
        screen.3 + bezel,
    );
    let bezel_grey = rng.range(5.0, 40.0);
    // Text-like bars on the screen, above and below the quiet zone.
    let mut bars: Vec<(f32, f32, f32, f32)> = Vec::new();
    for top in [true, false] {
        let (y0, y1) = if top {
            (screen.1 + 0.8, -q - 0.8)
        } else {
            (n + q + 0.8, screen.3 - 0.8)
        };
        let mut y = y0;
        while y + 1.0 < y1 {
            let bh = rng.range(0.6, 2.0).min(y1 - y);
            let x0 = screen.0 + rng.range(0.5, 3.0);
            let x1 = (x0 + rng.range(5.0, n)).min(screen.2 - 0.5);
            if !rng.next_u64().is_multiple_of(3) {
                bars.push((x0, y, x1, y + bh));
            }
            y += bh + rng.range(0.5, 2.0);
        }
    }
    let hm = spec.homography;
    let Some(inv) = m3_inv(&hm) else {
        return finish(px, spec, &mut rng);
    };
    // Bounding box of the phone in the frame.
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (x, y) in [
        (body.0, body.1),
        (body.2, body.1),
        (body.2, body.3),
        (body.0, body.3),
    ] {
        match map(&hm, f64::from(x), f64::from(y)) {
            Some((u, v)) => {
                x0 = x0.min(u);
                y0 = y0.min(v);
                x1 = x1.max(u);
                y1 = y1.max(v);
            }
            None => {
                (x0, y0, x1, y1) = (0.0, 0.0, w as f64, h as f64);
                break;
            }
        }
    }
    let bx0 = x0.floor().clamp(0.0, w as f64) as usize;
    let bx1 = x1.ceil().clamp(0.0, w as f64) as usize;
    let by0 = y0.floor().clamp(0.0, h as f64) as usize;
    let by1 = y1.ceil().clamp(0.0, h as f64) as usize;
    let (dark, light) = (spec.dark, spec.light);
    let pitch = spec.screen_pitch;
    let grid = spec.grid;
    // Sub-pixel stripes R, G, B (luma weights, mean 1) and the dark gap between pixels.
    const SUB: [f32; 3] = [0.897, 1.761, 0.342];
    let radiance = |mx: f32, my: f32| -> Option<f32> {
        if mx < body.0 || my < body.1 || mx >= body.2 || my >= body.3 {
            return None;
        }
        if mx < screen.0 || my < screen.1 || mx >= screen.2 || my >= screen.3 {
            return Some(bezel_grey);
        }
        let code_dark = match matrix {
            Some(m) => m.dark(mx.floor() as isize, my.floor() as isize),
            None => false,
        };
        let bar = !code_dark
            && bars
                .iter()
                .any(|b| mx >= b.0 && mx < b.2 && my >= b.1 && my < b.3);
        let mut v = if code_dark || bar { dark } else { light };
        if grid > 0.0 {
            let (u, t) = (mx * pitch, my * pitch);
            let (fu, ft) = (u - u.floor(), t - t.floor());
            let gap = fu < 0.12 || ft < 0.12;
            let sub = SUB[((fu * 3.0) as usize).min(2)];
            let g = if gap { 0.0 } else { sub };
            v *= 1.0 - grid + grid * g;
        }
        for &(gx, gy, gr, gs) in &spec.glare {
            let d2 = ((mx - gx).powi(2) + (my - gy).powi(2)) / (gr * gr);
            if d2 < 9.0 {
                v += gs * (-0.5 * d2).exp();
            }
        }
        Some(v)
    };
    const OFF: [(f64, f64); 4] = [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)];
    for y in by0..by1 {
        for x in bx0..bx1 {
            let (mut acc, mut k) = (0.0f32, 0u32);
            for (ox, oy) in OFF {
                if let Some((mx, my)) = map(&inv, x as f64 + ox, y as f64 + oy) {
                    if let Some(v) = radiance(mx as f32, my as f32) {
                        acc += v;
                        k += 1;
                    }
                }
            }
            if k > 0 {
                let i = y * w + x;
                px[i] = (acc + px[i] * (4 - k) as f32) / 4.0;
            }
        }
    }
    finish(px, spec, &mut rng)
}

/// A cluttered background: a gradient, boxes and bars of any grey, patches of fine texture,
/// finder-like decoys.
fn background(w: usize, h: usize, spec: &HarshSpec, rng: &mut Rng) -> Vec<f32> {
    let (g0, g1) = (rng.range(30.0, 220.0), rng.range(30.0, 220.0));
    let horizontal = rng.next_u64().is_multiple_of(2);
    let mut px = vec![0f32; w * h];
    for y in 0..h {
        for x in 0..w {
            let t = if horizontal {
                x as f32 / w as f32
            } else {
                y as f32 / h as f32
            };
            px[y * w + x] = g0 + (g1 - g0) * t;
        }
    }
    let (wf, hf) = (w as f32, h as f32);
    let fill =
        |px: &mut [f32], x0: f32, y0: f32, x1: f32, y1: f32, v: &dyn Fn(usize, usize) -> f32| {
            let xa = x0.clamp(0.0, wf) as usize;
            let xb = x1.clamp(0.0, wf) as usize;
            let ya = y0.clamp(0.0, hf) as usize;
            let yb = y1.clamp(0.0, hf) as usize;
            for y in ya..yb {
                for x in xa..xb {
                    px[y * w + x] = v(x, y);
                }
            }
        };
    for _ in 0..spec.clutter {
        let kind = rng.next_u64() % 4;
        let (cx, cy) = (rng.range(0.0, wf), rng.range(0.0, hf));
        let grey = rng.range(0.0, 255.0);
        match kind {
            0 | 1 => {
                let (bw, bh) = (rng.range(0.02, 0.3) * wf, rng.range(0.02, 0.3) * hf);
                fill(
                    &mut px,
                    cx - bw / 2.0,
                    cy - bh / 2.0,
                    cx + bw / 2.0,
                    cy + bh / 2.0,
                    &|_, _| grey,
                );
            }
            2 => {
                // A thin bar, horizontal or vertical.
                let t = rng.range(1.0, 0.01 * hf + 2.0);
                let l = rng.range(0.1, 0.6) * wf;
                if rng.next_u64().is_multiple_of(2) {
                    fill(&mut px, cx - l / 2.0, cy, cx + l / 2.0, cy + t, &|_, _| {
                        grey
                    });
                } else {
                    fill(&mut px, cx, cy - l / 2.0, cx + t, cy + l / 2.0, &|_, _| {
                        grey
                    });
                }
            }
            _ => {
                // Fine texture (fabric, a keyboard, printed text): a checker of random cells.
                let cell = rng.range(1.0, 6.0);
                let (bw, bh) = (rng.range(0.05, 0.25) * wf, rng.range(0.05, 0.25) * hf);
                let (a, b) = (grey, rng.range(0.0, 255.0));
                let salt = rng.next_u64();
                fill(
                    &mut px,
                    cx - bw / 2.0,
                    cy - bh / 2.0,
                    cx + bw / 2.0,
                    cy + bh / 2.0,
                    &|x, y| {
                        let (i, j) = ((x as f32 / cell) as u64, (y as f32 / cell) as u64);
                        let hsh =
                            (i.wrapping_mul(0x9E37_79B9) ^ j.wrapping_mul(0x85EB_CA6B) ^ salt)
                                .wrapping_mul(0xC2B2_AE35);
                        if hsh >> 63 == 0 {
                            a
                        } else {
                            b
                        }
                    },
                );
            }
        }
    }
    for _ in 0..spec.decoys {
        // A finder-like 7-module square (dark, light ring, dark centre) of any size.
        let m = rng.range(2.0, 0.02 * hf + 3.0);
        let (cx, cy) = (rng.range(0.0, wf), rng.range(0.0, hf));
        let (d, l) = (rng.range(0.0, 80.0), rng.range(150.0, 255.0));
        for (r, v) in [(3.5, d), (2.5, l), (1.5, d)] {
            fill(
                &mut px,
                cx - r * m,
                cy - r * m,
                cx + r * m,
                cy + r * m,
                &|_, _| v,
            );
        }
    }
    px
}

/// The camera: blur, vignetting, noise, 8 bits, JPEG.
fn finish(mut px: Vec<f32>, spec: &HarshSpec, rng: &mut Rng) -> Vec<u8> {
    let (w, h) = (spec.width, spec.height);
    if spec.defocus > 0.05 {
        gaussian_blur(&mut px, w, h, spec.defocus);
    }
    if spec.motion.0 >= 1.0 {
        motion_blur(&mut px, w, h, spec.motion.0, spec.motion.1);
    }
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let r2max = cx * cx + cy * cy;
    let mut out = vec![0u8; w * h];
    for y in 0..h {
        for x in 0..w {
            let i = y * w + x;
            let r2 = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)) / r2max;
            let v = px[i] * (1.0 - spec.vignette * r2);
            let sigma = (spec.noise * spec.noise + spec.shot * v.max(0.0)).sqrt();
            let v = v + sigma * gauss(rng);
            out[i] = v.round().clamp(0.0, 255.0) as u8;
        }
    }
    if let Some(q) = spec.jpeg {
        if let Some(j) = jpeg_round_trip(&out, w, h, q) {
            out = j;
        }
    }
    out
}

/// Encodes and decodes grey pixels as JPEG at `quality`.
pub fn jpeg_round_trip(px: &[u8], w: usize, h: usize, quality: u8) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let enc = jpeg_encoder::Encoder::new(&mut buf, quality.clamp(1, 100));
    enc.encode(
        px,
        u16::try_from(w).ok()?,
        u16::try_from(h).ok()?,
        jpeg_encoder::ColorType::Luma,
    )
    .ok()?;
    let mut dec = jpeg_decoder::Decoder::new(std::io::Cursor::new(&buf));
    let out = dec.decode().ok()?;
    (out.len() == w * h).then_some(out)
}

fn gaussian_blur(px: &mut [f32], w: usize, h: usize, sigma: f32) {
    let r = (3.0 * sigma).ceil() as isize;
    let mut k: Vec<f32> = (-r..=r)
        .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
        .collect();
    let s: f32 = k.iter().sum();
    k.iter_mut().for_each(|v| *v /= s);
    let mut tmp = vec![0f32; px.len()];
    let (wi, hi) = (w as isize, h as isize);
    for y in 0..h {
        let row = &px[y * w..][..w];
        for x in 0..wi {
            let mut acc = 0.0;
            for (j, kv) in k.iter().enumerate() {
                let xx = (x + j as isize - r).clamp(0, wi - 1) as usize;
                acc += kv * row[xx];
            }
            tmp[y * w + x as usize] = acc;
        }
    }
    for y in 0..hi {
        for x in 0..w {
            let mut acc = 0.0;
            for (j, kv) in k.iter().enumerate() {
                let yy = (y + j as isize - r).clamp(0, hi - 1) as usize;
                acc += kv * tmp[yy * w + x];
            }
            px[y as usize * w + x] = acc;
        }
    }
}

fn motion_blur(px: &mut [f32], w: usize, h: usize, length: f32, angle: f32) {
    let steps = length.ceil() as usize + 1;
    let (dx, dy) = (angle.cos() * length, angle.sin() * length);
    let src = px.to_vec();
    let at = |x: f32, y: f32| -> f32 {
        let x = x.clamp(0.0, (w - 1) as f32);
        let y = y.clamp(0.0, (h - 1) as f32);
        let (x0, y0) = (x as usize, y as usize);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (ax, ay) = (x - x0 as f32, y - y0 as f32);
        let top = src[y0 * w + x0] * (1.0 - ax) + src[y0 * w + x1] * ax;
        let bot = src[y1 * w + x0] * (1.0 - ax) + src[y1 * w + x1] * ax;
        top * (1.0 - ay) + bot * ay
    };
    for y in 0..h {
        for x in 0..w {
            let mut acc = 0.0;
            for s in 0..steps {
                let t = s as f32 / (steps - 1) as f32 - 0.5;
                acc += at(x as f32 + t * dx, y as f32 + t * dy);
            }
            px[y * w + x] = acc / steps as f32;
        }
    }
}
