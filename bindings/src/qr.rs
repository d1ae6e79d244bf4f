//! QR codes for the screen: the module matrix, PNG and SVG.

use vneid_core::qr::QrMatrix as CoreMatrix;

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
    Ok(CoreMatrix::encode(&text)?.into())
}

/// The QR for `text` as a greyscale PNG, `scale` pixels per module (1–64), quiet zone
/// included.
#[uniffi::export]
pub fn qr_png(text: String, scale: u32) -> ApiResult<Vec<u8>> {
    Ok(CoreMatrix::encode(&text)?.to_png(scale.clamp(1, 64) as usize)?)
}

/// A camera-like frame of the QR `matrix` (from `encodeQr` or a QR's `matrix()`): `scale`
/// pixels per module with the quiet zone, centred in a `width` × `height` mid-grey frame whose
/// rows are `row_stride` bytes apart — the Y plane `OfficerApp.scanFrame` takes. For tests,
/// demos and injected frames (an app's `FrameSource` in UI tests).
#[uniffi::export]
pub fn qr_frame(
    matrix: QrMatrix,
    scale: u32,
    width: u32,
    height: u32,
    row_stride: u32,
) -> ApiResult<Vec<u8>> {
    let n = matrix.size as usize;
    if matrix.modules.len() != n * n {
        return Err(crate::ApiError::invalid(
            "a QR matrix has size × size modules",
        ));
    }
    let core = CoreMatrix {
        version: matrix.version,
        size: n,
        modules: matrix.modules.iter().map(|m| *m != 0).collect(),
    };
    Ok(core.to_frame(
        scale.clamp(1, 64) as usize,
        width as usize,
        height as usize,
        row_stride as usize,
    )?)
}

/// The QR for `text` as an SVG document (one unit per module, quiet zone included).
#[uniffi::export]
pub fn qr_svg(text: String) -> ApiResult<String> {
    Ok(CoreMatrix::encode(&text)?.to_svg())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_carry_the_code_and_refuse_what_does_not_fit() {
        let m = encode_qr("VN1:0123".into()).unwrap();
        let frame = qr_frame(m.clone(), 3, 200, 150, 224).unwrap();
        assert_eq!(frame.len(), 224 * 150);
        let core = vneid_core::qr::LumaFrame::new(&frame, 200, 150, 224).unwrap();
        assert_eq!(vneid_core::qr::scan(&core).as_deref(), Some("VN1:0123"));
        assert!(qr_frame(m.clone(), 30, 200, 150, 224).is_err());
        assert!(qr_frame(m.clone(), 3, 200, 150, 100).is_err());
        let bad = QrMatrix {
            modules: vec![1; 3],
            ..m
        };
        assert!(qr_frame(bad, 3, 200, 150, 200).is_err());
    }

    #[test]
    fn matrix_png_svg() {
        let m = encode_qr("VN1:0123".into()).unwrap();
        assert_eq!(m.modules.len(), (m.size * m.size) as usize);
        assert!(m.modules.iter().all(|b| *b <= 1));
        assert!(qr_png("VN1:0123".into(), 4)
            .unwrap()
            .starts_with(b"\x89PNG"));
        assert!(qr_svg("VN1:0123".into()).unwrap().starts_with("<svg"));
        assert!(encode_qr("x".repeat(10_000)).is_err());
    }
}
