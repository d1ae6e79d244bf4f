#![no_main]
//! Module grids into our decoder and `rqrr`'s (issue 14): the same text or both nothing (but
//! for the refusals the standard asks for, see `framegen::differs_from_rqrr`), never a panic.
//! The first byte picks the mode: a grid of raw bits of any QR size, or a real code (its text
//! from the input) with modules flipped where the input says.
use libfuzzer_sys::fuzz_target;
use vneid_qr::framegen;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (n, grid) = if mode & 1 == 0 {
        let n = 21 + 4 * usize::from((mode >> 1) % 40);
        let grid: Vec<bool> = (0..n * n)
            .map(|i| rest.get(i / 8).is_some_and(|b| (b >> (i % 8)) & 1 == 1))
            .collect();
        (n, grid)
    } else {
        let split = rest.len().min(usize::from(mode >> 1) * 4);
        let (text, flips) = rest.split_at(split);
        let text = String::from_utf8_lossy(text);
        let Ok(m) = vneid_qr::QrMatrix::encode(&text) else {
            return;
        };
        let n = m.size;
        let mut grid = m.modules;
        for pair in flips.chunks(2) {
            let i = usize::from(pair[0]) << 8 | usize::from(*pair.get(1).unwrap_or(&0));
            if let Some(v) = grid.get_mut(i % (n * n)) {
                *v = !*v;
            }
        }
        // (No check that it still reads as `text`: enough flips make another valid code.)
        (n, grid)
    };
    if let Some(diff) = framegen::differs_from_rqrr(n, &grid) {
        panic!("decoders disagree: {diff}");
    }
});
