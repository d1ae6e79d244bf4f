//! `vneid-qr`: a fast QR reader for camera frames of 8-bit luma, and QR rendering.
//!
//! - [`scan`] finds and decodes one QR code in a [`LumaFrame`] (the Y plane a phone camera
//!   hands over): finder patterns on a pyramid of downscaled, binarised copies of the frame
//!   (coarse first, down to full resolution), the module grid fitted on the full-resolution
//!   frame (timing patterns, version blocks, alignment patterns, a homography), sampled and
//!   decoded by this crate's own decoder ([`decode_grid`]), all under a work budget per frame.
//! - [`QrMatrix`] renders text at error-correction level M (`qrcode`) as modules, grey pixels,
//!   SVG, terminal text, and (feature `png`) PNG; [`decode_png_luma`] reads a PNG as luma.
//! - [`decode_grid`] decodes a module grid (format, Reed–Solomon, segments).
//! - [`framegen`] (feature `test-support`): seeded synthetic camera frames (the standard and
//!   the harsh set) for tests and benchmarks, scan traces, and `rqrr` as the reference.
//!
//! Nothing here knows what the text means; it depends on no other crate of the workspace.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use qrcode::{EcLevel, QrCode};

mod decode;
mod finder;
#[cfg(feature = "test-support")]
pub mod framegen;
mod grid;
mod scan;

pub use decode::{decode_grid, DecodeError, Decoded};

/// What went wrong rendering a code or reading an image. Scanning a frame never fails: it
/// finds a code or returns `None`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    /// The text does not fit a QR code at level M (longer than version 40 holds).
    #[error("QR encoding: {0}")]
    Encode(String),
    /// A frame whose geometry does not match its buffer, or a code that does not fit a frame.
    #[error("frame: {0}")]
    Frame(&'static str),
    /// A PNG that cannot be read or written.
    #[error("PNG: {0}")]
    Png(String),
}

/// Result alias of this crate.
pub type Result<T, E = QrError> = std::result::Result<T, E>;

/// Quiet zone around the code, in modules (ISO/IEC 18004 asks for 4).
pub const QUIET_ZONE: usize = 4;

/// A rendered QR code: `size × size` modules, row-major, `true` = dark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrMatrix {
    /// QR version (1–40).
    pub version: u8,
    /// Modules per side.
    pub size: usize,
    /// Row-major modules, `true` = dark.
    pub modules: Vec<bool>,
}

/// QR error-correction level: how many codewords may be lost (about 7, 15, 25, 30 %).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ecc {
    /// About 7 % of the codewords.
    L,
    /// About 15 % (what the project's codes use).
    M,
    /// About 25 %.
    Q,
    /// About 30 %.
    H,
}

impl QrMatrix {
    /// Encodes `text` at error-correction level M (segments chosen by `qrcode`).
    pub fn encode(text: &str) -> Result<Self> {
        Self::encode_with(text, Ecc::M)
    }

    /// Encodes `text` at error-correction level `ecc` (segments chosen by `qrcode`).
    pub fn encode_with(text: &str, ecc: Ecc) -> Result<Self> {
        let level = match ecc {
            Ecc::L => EcLevel::L,
            Ecc::M => EcLevel::M,
            Ecc::Q => EcLevel::Q,
            Ecc::H => EcLevel::H,
        };
        let code = QrCode::with_error_correction_level(text.as_bytes(), level)
            .map_err(|e| QrError::Encode(e.to_string()))?;
        let version = match code.version() {
            qrcode::Version::Normal(v) => v as u8,
            qrcode::Version::Micro(_) => return Err(QrError::Encode("unexpected micro QR".into())),
        };
        let size = code.width();
        let modules = code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        Ok(QrMatrix {
            version,
            size,
            modules,
        })
    }

    /// Whether the module at (x, y) is dark; outside the code (quiet zone) is light.
    pub fn dark(&self, x: isize, y: isize) -> bool {
        let n = self.size as isize;
        (0..n).contains(&x) && (0..n).contains(&y) && self.modules[(y * n + x) as usize]
    }

    /// Grey pixels (0 = black, 255 = white), `scale` pixels per module, with the quiet zone.
    /// Returns (pixels, side length).
    pub fn to_luma(&self, scale: usize) -> (Vec<u8>, usize) {
        let scale = scale.max(1);
        let side = (self.size + 2 * QUIET_ZONE) * scale;
        let mut px = vec![255u8; side * side];
        for y in 0..side {
            for x in 0..side {
                let mx = (x / scale) as isize - QUIET_ZONE as isize;
                let my = (y / scale) as isize - QUIET_ZONE as isize;
                if self.dark(mx, my) {
                    px[y * side + x] = 0;
                }
            }
        }
        (px, side)
    }

    /// A greyscale PNG, `scale` pixels per module.
    #[cfg(feature = "png")]
    pub fn to_png(&self, scale: usize) -> Result<Vec<u8>> {
        let (px, side) = self.to_luma(scale);
        encode_png(&px, side as u32, side as u32)
    }

    /// An SVG document, one unit per module, quiet zone included.
    pub fn to_svg(&self) -> String {
        let side = self.size + 2 * QUIET_ZONE;
        let mut path = String::new();
        for y in 0..self.size {
            for x in 0..self.size {
                if self.modules[y * self.size + x] {
                    path.push_str(&format!("M{} {}h1v1h-1z", x + QUIET_ZONE, y + QUIET_ZONE));
                }
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
             shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\
             <path fill=\"#000\" d=\"{path}\"/></svg>"
        )
    }

    /// Terminal text: two modules per character row with half blocks, dark modules drawn as
    /// spaces on a light block so it scans on dark and light terminals alike.
    pub fn to_terminal(&self) -> String {
        let q = QUIET_ZONE as isize;
        let n = self.size as isize;
        let mut out = String::new();
        let mut y = -q;
        while y < n + q {
            for x in -q..n + q {
                let top = self.dark(x, y);
                let bottom = self.dark(x, y + 1);
                out.push(match (top, bottom) {
                    (false, false) => '█',
                    (false, true) => '▀',
                    (true, false) => '▄',
                    (true, true) => ' ',
                });
            }
            out.push('\n');
            y += 2;
        }
        out
    }
}

/// Encodes grey pixels as a PNG.
#[cfg(feature = "png")]
pub fn encode_png(px: &[u8], width: u32, height: u32) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, width, height);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    let mut w = enc
        .write_header()
        .map_err(|e| QrError::Png(e.to_string()))?;
    w.write_image_data(px)
        .map_err(|e| QrError::Png(e.to_string()))?;
    w.finish().map_err(|e| QrError::Png(e.to_string()))?;
    Ok(out)
}

/// Largest frame side accepted, in pixels.
pub const MAX_FRAME_SIDE: usize = 8192;

/// A camera frame of 8-bit luma (the Y plane of YUV), borrowed.
#[derive(Clone, Copy, Debug)]
pub struct LumaFrame<'a> {
    /// Pixels; row `y` starts at `y * row_stride`.
    pub data: &'a [u8],
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Bytes from one row to the next (≥ width; camera buffers pad rows).
    pub row_stride: usize,
}

impl<'a> LumaFrame<'a> {
    /// Checks the geometry against the buffer.
    pub fn new(data: &'a [u8], width: usize, height: usize, row_stride: usize) -> Result<Self> {
        let bad = |m: &'static str| Err(QrError::Frame(m));
        if width == 0 || height == 0 || width > MAX_FRAME_SIDE || height > MAX_FRAME_SIDE {
            return bad("width and height must be 1..=8192");
        }
        if row_stride < width {
            return bad("row stride is smaller than the width");
        }
        let needed = row_stride
            .checked_mul(height - 1)
            .and_then(|n| n.checked_add(width));
        if needed.is_none_or(|n| n > data.len()) {
            return bad("buffer is smaller than width × height");
        }
        Ok(LumaFrame {
            data,
            width,
            height,
            row_stride,
        })
    }

    /// The pixel at (x, y).
    #[inline]
    pub fn at(&self, x: usize, y: usize) -> u8 {
        self.data[y * self.row_stride + x]
    }
}

/// Finds a QR code in the frame and returns its text, or `None`.
pub fn scan(frame: &LumaFrame<'_>) -> Option<String> {
    scan::scan(frame)
}

/// Decodes a PNG (grey, grey+alpha, RGB or RGBA, 8-bit) into luma pixels and dimensions.
#[cfg(feature = "png")]
pub fn decode_png_luma(png_bytes: &[u8]) -> Result<(Vec<u8>, usize, usize)> {
    let bad = QrError::Png;
    let mut dec = png::Decoder::new(std::io::Cursor::new(png_bytes));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = dec.read_info().map_err(|e| bad(e.to_string()))?;
    let info = reader.info();
    let (w, h) = (info.width as usize, info.height as usize);
    if w == 0 || h == 0 || w > MAX_FRAME_SIDE || h > MAX_FRAME_SIDE {
        return Err(bad("image larger than 8192 pixels a side".into()));
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| bad("image too large".into()))?;
    let mut buf = vec![0u8; size];
    let out = reader
        .next_frame(&mut buf)
        .map_err(|e| bad(e.to_string()))?;
    let channels = out.color_type.samples();
    let stride = out.line_size;
    let mut luma = Vec::with_capacity(w * h);
    for y in 0..h {
        let row = &buf[y * stride..];
        for x in 0..w {
            let p = &row[x * channels..x * channels + channels];
            let v = match channels {
                1 | 2 => p[0],
                _ => {
                    ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000)
                        as u8
                }
            };
            luma.push(v);
        }
    }
    Ok((luma, w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_then_scan_round_trip() {
        let text = format!("VN1:{}", "0123456789".repeat(40));
        let m = QrMatrix::encode(&text).unwrap();
        let (px, side) = m.to_luma(3);
        let f = LumaFrame::new(&px, side, side, side).unwrap();
        assert_eq!(scan(&f).as_deref(), Some(text.as_str()));
    }

    #[cfg(feature = "png")]
    #[test]
    fn png_round_trip_and_blank_frame() {
        let m = QrMatrix::encode("VN1:000").unwrap();
        let png = m.to_png(4).unwrap();
        let (px, w, h) = decode_png_luma(&png).unwrap();
        assert_eq!(
            scan(&LumaFrame::new(&px, w, h, w).unwrap()).as_deref(),
            Some("VN1:000")
        );
        let blank = vec![200u8; 64 * 48];
        assert_eq!(scan(&LumaFrame::new(&blank, 64, 48, 64).unwrap()), None);
        assert!(decode_png_luma(b"not a png").is_err());
    }

    #[test]
    fn frame_geometry_is_checked() {
        let b = vec![0u8; 100];
        assert!(LumaFrame::new(&b, 10, 10, 10).is_ok());
        assert!(LumaFrame::new(&b, 10, 11, 10).is_err());
        assert!(LumaFrame::new(&b, 11, 10, 10).is_err());
        assert!(LumaFrame::new(&b, 0, 10, 10).is_err());
        assert!(LumaFrame::new(&b, 10, 10, usize::MAX).is_err());
        assert!(LumaFrame::new(&b, 9000, 1, 9000).is_err());
    }

    #[test]
    fn svg_and_terminal_have_every_module() {
        let m = QrMatrix::encode("VN1:42").unwrap();
        let dark = m.modules.iter().filter(|d| **d).count();
        assert_eq!(m.to_svg().matches("h1v1h-1z").count(), dark);
        let t = m.to_terminal();
        assert_eq!(t.lines().count(), (m.size + 2 * QUIET_ZONE).div_ceil(2));
    }
}
