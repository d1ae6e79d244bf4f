//! Test and demo support (feature `testing`): the authority in-process, software doubles of
//! what the app implements, camera-like frames, and the live-object count. The library the
//! apps ship is built without it; `scripts/check-release-symbols.sh` checks that its exported
//! symbols hold none of it.

mod authority;
mod doubles;

use std::sync::atomic::Ordering;

pub use authority::{FieldEntry, LocalAuthority, NewPaper};
pub use doubles::{
    memory_secret_storage, software_keystore, ManualClock, MemorySecretStorage, SoftwareKeystore,
};

use crate::error::ApiResult;
use crate::qr::QrMatrix;

/// How many API objects (apps, authorities, clocks, wallets) are alive in the library: a
/// leak check for tests, which close what they create and expect the count to come back.
#[uniffi::export]
pub fn live_objects() -> u64 {
    crate::LIVE_OBJECTS.load(Ordering::SeqCst)
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
    let core = vneid_qr::QrMatrix {
        version: matrix.version,
        size: n,
        modules: matrix.modules.iter().map(|m| *m != 0).collect(),
    };
    Ok(vneid_qr::framegen::centred_frame(
        &core,
        scale.clamp(1, 64) as usize,
        width as usize,
        height as usize,
        row_stride as usize,
    )
    .map_err(vneid_core::Error::from)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qr::encode_qr;

    #[test]
    fn frames_carry_the_code_and_refuse_what_does_not_fit() {
        let m = encode_qr("VN2:0123".into()).unwrap();
        let frame = qr_frame(m.clone(), 3, 200, 150, 224).unwrap();
        assert_eq!(frame.len(), 224 * 150);
        let core = vneid_core::qr::LumaFrame::new(&frame, 200, 150, 224).unwrap();
        assert_eq!(vneid_core::qr::scan(&core).as_deref(), Some("VN2:0123"));
        assert!(qr_frame(m.clone(), 30, 200, 150, 224).is_err());
        assert!(qr_frame(m.clone(), 3, 200, 150, 100).is_err());
        let bad = QrMatrix {
            modules: vec![1; 3],
            ..m
        };
        assert!(qr_frame(bad, 3, 200, 150, 200).is_err());
    }

    #[test]
    fn objects_are_counted_until_dropped() {
        // Other tests run in parallel and create objects too: count only what this one holds.
        let a = ManualClock::new(0);
        let b = ManualClock::new(0);
        assert!(live_objects() >= 2);
        drop((a, b));
    }
}
