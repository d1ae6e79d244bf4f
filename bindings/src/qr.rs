//! QR codes for the screen: the module matrix, PNG and SVG.

use vneid_qr::QrMatrix as CoreMatrix;

use crate::error::ApiResult;

/// A QR code as modules: `size × size`, row-major, `1` = dark, `0` = light. Draw it with a
/// light quiet zone of 4 modules around it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct QrMatrix {
    /// QR version (1–40); an identity QR is typically version 13 (docs/protocol.md).
    pub version: u8,
    /// Modules per side.
    pub size: u32,
    /// `size * size` bytes, row-major, `1` = dark.
    pub modules: Vec<u8>,
}

impl From<CoreMatrix> for QrMatrix {
    fn from(m: CoreMatrix) -> Self {
        QrMatrix {
            version: m.version,
            size: m.size as u32,
            modules: m.modules.into_iter().map(u8::from).collect(),
        }
    }
}

/// Encodes any QR text (an identity QR, a wallet presentation) at error-correction level M.
#[uniffi::export]
pub fn encode_qr(text: String) -> ApiResult<QrMatrix> {
    Ok(CoreMatrix::encode(&text)
        .map_err(vneid_core::Error::from)?
        .into())
}

/// The QR for `text` as a greyscale PNG, `scale` pixels per module (1–64), quiet zone
/// included.
#[uniffi::export]
pub fn qr_png(text: String, scale: u32) -> ApiResult<Vec<u8>> {
    let png = CoreMatrix::encode(&text).and_then(|m| m.to_png(scale.clamp(1, 64) as usize));
    Ok(png.map_err(vneid_core::Error::from)?)
}

/// The QR for `text` as an SVG document (one unit per module, quiet zone included).
#[uniffi::export]
pub fn qr_svg(text: String) -> ApiResult<String> {
    Ok(CoreMatrix::encode(&text)
        .map_err(vneid_core::Error::from)?
        .to_svg())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_png_svg() {
        let m = encode_qr("VN2:0123".into()).unwrap();
        assert_eq!(m.modules.len(), (m.size * m.size) as usize);
        assert!(m.modules.iter().all(|b| *b <= 1));
        assert!(qr_png("VN2:0123".into(), 4)
            .unwrap()
            .starts_with(b"\x89PNG"));
        assert!(qr_svg("VN2:0123".into()).unwrap().starts_with("<svg"));
        assert!(encode_qr("x".repeat(10_000)).is_err());
    }
}
