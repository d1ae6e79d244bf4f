//! QR codes: render QR text to a module matrix, PNG, SVG or terminal text (`qrcode`, ECC
//! level M), and find and decode a QR in a camera frame of luma bytes.
//!
//! Scanning ([`scan`]) finds the finder patterns itself on a downscaled, binarised copy of the
//! frame, fits the module grid on the full-resolution frame (version from the finder spacing
//! and the version blocks, alignment patterns, a homography) and decodes the modules with
//! `rqrr`'s decoder; `rqrr`'s own detector is only the fall-back.

use qrcode::{EcLevel, QrCode};

mod finder;
mod grid;
mod scan;

use crate::{Error, Result};

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

impl QrMatrix {
    /// Encodes `text` at error-correction level M (segments chosen by `qrcode`).
    pub fn encode(text: &str) -> Result<Self> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .map_err(|e| Error::Image(format!("QR encoding: {e}")))?;
        let version = match code.version() {
            qrcode::Version::Normal(v) => v as u8,
            qrcode::Version::Micro(_) => return Err(Error::Image("unexpected micro QR".into())),
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

    /// A camera-like frame: the code at `scale` pixels per module with its quiet zone, centred
    /// in a `width` × `height` mid-grey frame whose rows are `row_stride` bytes apart — what an
    /// officer's camera hands over as its Y plane. For tests and demos of the scanning path.
    pub fn to_frame(
        &self,
        scale: usize,
        width: usize,
        height: usize,
        row_stride: usize,
    ) -> Result<Vec<u8>> {
        let scale = scale.max(1);
        let side = (self.size + 2 * QUIET_ZONE) * scale;
        if side > width
            || side > height
            || row_stride < width
            || width > MAX_FRAME_SIDE
            || height > MAX_FRAME_SIDE
        {
            return Err(Error::InvalidArgument(
                "the QR does not fit the frame, or the stride is smaller than the width".into(),
            ));
        }
        let mut frame = vec![170u8; row_stride * height];
        let (left, top) = ((width - side) / 2, (height - side) / 2);
        let q = QUIET_ZONE as isize;
        for y in 0..side {
            let row = &mut frame[(top + y) * row_stride + left..][..side];
            for (x, px) in row.iter_mut().enumerate() {
                let dark = self.dark((x / scale) as isize - q, (y / scale) as isize - q);
                *px = if dark { 25 } else { 235 };
            }
        }
        Ok(frame)
    }

    /// A greyscale PNG, `scale` pixels per module.
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
pub fn encode_png(px: &[u8], width: u32, height: u32) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, width, height);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    let mut w = enc
        .write_header()
        .map_err(|e| Error::Image(format!("PNG: {e}")))?;
    w.write_image_data(px)
        .map_err(|e| Error::Image(format!("PNG: {e}")))?;
    w.finish().map_err(|e| Error::Image(format!("PNG: {e}")))?;
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
        let bad = |m: &str| Err(Error::InvalidArgument(format!("frame: {m}")));
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

/// `rqrr`'s own detector and decoder on the whole frame (the scanner before [`scan`]; kept
/// for comparison in benchmarks).
pub fn scan_plain_rqrr(frame: &LumaFrame<'_>) -> Option<String> {
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(frame.width, frame.height, |x, y| {
        frame.at(x, y)
    });
    img.detect_grids()
        .into_iter()
        .find_map(|g| g.decode().ok().map(|(_, content)| content))
}

/// Decodes a PNG (grey, grey+alpha, RGB or RGBA, 8-bit) into luma pixels and dimensions.
pub fn decode_png_luma(png_bytes: &[u8]) -> Result<(Vec<u8>, usize, usize)> {
    let bad = |e: String| Error::Image(format!("PNG: {e}"));
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
