//! Decoding a sampled module grid (ISO/IEC 18004): format information (BCH, up to 3 bit
//! errors, either copy), the data modules read in the zigzag order and unmasked, codewords
//! de-interleaved into blocks, Reed–Solomon per block (syndromes first: a clean block costs
//! nothing more; then Berlekamp–Massey, Chien search and Forney), and the data segments
//! (numeric, alphanumeric, byte, ECI; Kanji is refused). A grid that does not decode is tried
//! once more transposed (a mirrored image), as `rqrr` does.
//!
//! Stricter than `rqrr` where the standard is: numeric triples over 999 and alphanumeric pairs
//! over 44·45+44 are errors, the misdecode-protection codewords of versions 1-L, 1-M and 2-L
//! are not used for correction, and Kanji segments are refused rather than passed on as
//! Shift JIS bytes. Otherwise it gives what `rqrr` gives (tested on the same grids).

use crate::Ecc;

/// Why a grid did not decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not 21–177 modules, or not 17 + 4·version.
    Size,
    /// Neither copy of the format information is within 3 bits of a valid word.
    Format,
    /// A block has more errors than its codewords can correct.
    Ecc,
    /// An unknown or unsupported segment mode (structured append, FNC1, Kanji, Hanzi).
    Mode,
    /// A segment runs past the data, or holds an invalid value.
    Data,
    /// The bytes are not UTF-8.
    Utf8,
}

/// What a decoded grid said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Version 1–40.
    pub version: u8,
    /// Error-correction level.
    pub ecc: Ecc,
    /// Mask pattern 0–7.
    pub mask: u8,
    /// Codewords corrected (over all blocks).
    pub corrected: usize,
    /// Whether the grid was read transposed (a mirror image).
    pub mirrored: bool,
}

// ---------------------------------------------------------------------------------------------
// GF(256), x⁸ + x⁴ + x³ + x² + 1.

const fn gf_tables() -> ([u8; 512], [u8; 256]) {
    let mut exp = [0u8; 512];
    let mut log = [0u8; 256];
    let mut x: u16 = 1;
    let mut i = 0;
    while i < 255 {
        exp[i] = x as u8;
        log[x as usize] = i as u8;
        x <<= 1;
        if x & 0x100 != 0 {
            x ^= 0x11D;
        }
        i += 1;
    }
    while i < 512 {
        exp[i] = exp[i - 255];
        i += 1;
    }
    (exp, log)
}

const TABLES: ([u8; 512], [u8; 256]) = gf_tables();
static EXP: [u8; 512] = TABLES.0;
static LOG: [u8; 256] = TABLES.1;

#[inline]
fn mul(a: u8, b: u8) -> u8 {
    if a == 0 || b == 0 {
        0
    } else {
        EXP[usize::from(LOG[usize::from(a)]) + usize::from(LOG[usize::from(b)])]
    }
}

#[inline]
fn div(a: u8, b: u8) -> u8 {
    debug_assert!(b != 0);
    if a == 0 {
        0
    } else {
        EXP[usize::from(LOG[usize::from(a)]) + 255 - usize::from(LOG[usize::from(b)])]
    }
}

/// α^i.
#[inline]
fn alpha(i: usize) -> u8 {
    EXP[i % 255]
}

/// Evaluates a polynomial (coefficient of x^i at index i) at x.
fn eval(p: &[u8], x: u8) -> u8 {
    p.iter().rev().fold(0, |acc, &c| mul(acc, x) ^ c)
}

/// Corrects one Reed–Solomon block in place (`ec` check codewords at the end, generator
/// roots α⁰ … α^(ec−1)); at most `max_errors` codewords. Returns how many were corrected.
pub(crate) fn rs_correct(block: &mut [u8], ec: usize, max_errors: usize) -> Option<usize> {
    let n = block.len();
    if ec == 0 || ec >= n || ec > 68 {
        return None;
    }
    // Syndromes S_j = r(α^j), r's first codeword the highest power: Horner.
    let mut s = [0u8; 68];
    let mut clean = true;
    for (j, sj) in s.iter_mut().enumerate().take(ec) {
        let aj = alpha(j);
        let mut acc = 0u8;
        if j == 0 {
            acc = block.iter().fold(0, |a, &c| a ^ c);
        } else {
            let la = usize::from(LOG[usize::from(aj)]);
            for &c in block.iter() {
                acc = if acc == 0 {
                    c
                } else {
                    EXP[usize::from(LOG[usize::from(acc)]) + la] ^ c
                };
            }
        }
        *sj = acc;
        clean &= acc == 0;
    }
    if clean {
        return Some(0);
    }
    let s = &s[..ec];
    // Berlekamp–Massey: the error locator Λ (Λ₀ = 1).
    let mut lam = [0u8; 70];
    let mut prev = [0u8; 70];
    lam[0] = 1;
    prev[0] = 1;
    let (mut l, mut m, mut b) = (0usize, 1usize, 1u8);
    for k in 0..ec {
        let mut d = s[k];
        for i in 1..=l {
            d ^= mul(lam[i], s[k - i]);
        }
        if d == 0 {
            m += 1;
        } else if 2 * l <= k {
            let t = lam;
            let coef = div(d, b);
            for i in 0..70 - m {
                lam[i + m] ^= mul(coef, prev[i]);
            }
            l = k + 1 - l;
            prev = t;
            b = d;
            m = 1;
        } else {
            let coef = div(d, b);
            for i in 0..70 - m {
                lam[i + m] ^= mul(coef, prev[i]);
            }
            m += 1;
        }
    }
    if l == 0 || l > max_errors || 2 * l > ec {
        return None;
    }
    let lam = &lam[..=l];
    // Ω = S·Λ mod x^ec.
    let mut omega = [0u8; 68];
    for i in 0..ec {
        let mut acc = 0u8;
        for j in 0..=i.min(l) {
            acc ^= mul(lam[j], s[i - j]);
        }
        omega[i] = acc;
    }
    let omega = &omega[..ec];
    // Λ' (formal derivative: the odd terms).
    let mut dlam = [0u8; 70];
    for i in (1..=l).step_by(2) {
        dlam[i - 1] = lam[i];
    }
    let dlam = &dlam[..l];
    // Chien search over the block's positions: codeword k sits at power n − 1 − k.
    let mut found = 0usize;
    let mut fixes = [(0usize, 0u8); 34];
    for k in 0..n {
        let p = n - 1 - k;
        let xinv = alpha(255 - p % 255);
        if eval(lam, xinv) == 0 {
            let den = eval(dlam, xinv);
            if den == 0 || found >= fixes.len() {
                return None;
            }
            // Forney with first root α⁰: e = X · Ω(X⁻¹) / Λ'(X⁻¹).
            let e = mul(alpha(p), div(eval(omega, xinv), den));
            fixes[found] = (k, e);
            found += 1;
        }
    }
    if found != l {
        return None;
    }
    for &(k, e) in &fixes[..found] {
        block[k] ^= e;
    }
    // Check: every syndrome is zero now.
    for j in 0..ec {
        let aj = alpha(j);
        if block.iter().fold(0u8, |acc, &c| mul(acc, aj) ^ c) != 0 {
            return None;
        }
    }
    Some(found)
}

// ---------------------------------------------------------------------------------------------
// Tables (ISO/IEC 18004:2015 table 9), per version, levels L, M, Q, H.

/// Check codewords per block.
static EC_PER_BLOCK: [[u8; 4]; 40] = [
    [7, 10, 13, 17],
    [10, 16, 22, 28],
    [15, 26, 18, 22],
    [20, 18, 26, 16],
    [26, 24, 18, 22],
    [18, 16, 24, 28],
    [20, 18, 18, 26],
    [24, 22, 22, 26],
    [30, 22, 20, 24],
    [18, 26, 24, 28],
    [20, 30, 28, 24],
    [24, 22, 26, 28],
    [26, 22, 24, 22],
    [30, 24, 20, 24],
    [22, 24, 30, 24],
    [24, 28, 24, 30],
    [28, 28, 28, 28],
    [30, 26, 28, 28],
    [28, 26, 26, 26],
    [28, 26, 30, 28],
    [28, 26, 28, 30],
    [28, 28, 30, 24],
    [30, 28, 30, 30],
    [30, 28, 30, 30],
    [26, 28, 30, 30],
    [28, 28, 28, 30],
    [30, 28, 30, 30],
    [30, 28, 30, 30],
    [30, 28, 30, 30],
    [30, 28, 30, 30],
    [30, 28, 30, 30],
    [30, 28, 30, 30],
    [30, 28, 30, 30],
    [30, 28, 30, 30],
    [30, 28, 30, 30],
    [30, 28, 30, 30],
    [30, 28, 30, 30],
    [30, 28, 30, 30],
    [30, 28, 30, 30],
    [30, 28, 30, 30],
];

/// (data codewords per short block, short blocks, per long block, long blocks).
static DATA_BLOCKS: [[(u8, u8, u8, u8); 4]; 40] = [
    [(19, 1, 0, 0), (16, 1, 0, 0), (13, 1, 0, 0), (9, 1, 0, 0)],
    [(34, 1, 0, 0), (28, 1, 0, 0), (22, 1, 0, 0), (16, 1, 0, 0)],
    [(55, 1, 0, 0), (44, 1, 0, 0), (17, 2, 0, 0), (13, 2, 0, 0)],
    [(80, 1, 0, 0), (32, 2, 0, 0), (24, 2, 0, 0), (9, 4, 0, 0)],
    [
        (108, 1, 0, 0),
        (43, 2, 0, 0),
        (15, 2, 16, 2),
        (11, 2, 12, 2),
    ],
    [(68, 2, 0, 0), (27, 4, 0, 0), (19, 4, 0, 0), (15, 4, 0, 0)],
    [(78, 2, 0, 0), (31, 4, 0, 0), (14, 2, 15, 4), (13, 4, 14, 1)],
    [
        (97, 2, 0, 0),
        (38, 2, 39, 2),
        (18, 4, 19, 2),
        (14, 4, 15, 2),
    ],
    [
        (116, 2, 0, 0),
        (36, 3, 37, 2),
        (16, 4, 17, 4),
        (12, 4, 13, 4),
    ],
    [
        (68, 2, 69, 2),
        (43, 4, 44, 1),
        (19, 6, 20, 2),
        (15, 6, 16, 2),
    ],
    [
        (81, 4, 0, 0),
        (50, 1, 51, 4),
        (22, 4, 23, 4),
        (12, 3, 13, 8),
    ],
    [
        (92, 2, 93, 2),
        (36, 6, 37, 2),
        (20, 4, 21, 6),
        (14, 7, 15, 4),
    ],
    [
        (107, 4, 0, 0),
        (37, 8, 38, 1),
        (20, 8, 21, 4),
        (11, 12, 12, 4),
    ],
    [
        (115, 3, 116, 1),
        (40, 4, 41, 5),
        (16, 11, 17, 5),
        (12, 11, 13, 5),
    ],
    [
        (87, 5, 88, 1),
        (41, 5, 42, 5),
        (24, 5, 25, 7),
        (12, 11, 13, 7),
    ],
    [
        (98, 5, 99, 1),
        (45, 7, 46, 3),
        (19, 15, 20, 2),
        (15, 3, 16, 13),
    ],
    [
        (107, 1, 108, 5),
        (46, 10, 47, 1),
        (22, 1, 23, 15),
        (14, 2, 15, 17),
    ],
    [
        (120, 5, 121, 1),
        (43, 9, 44, 4),
        (22, 17, 23, 1),
        (14, 2, 15, 19),
    ],
    [
        (113, 3, 114, 4),
        (44, 3, 45, 11),
        (21, 17, 22, 4),
        (13, 9, 14, 16),
    ],
    [
        (107, 3, 108, 5),
        (41, 3, 42, 13),
        (24, 15, 25, 5),
        (15, 15, 16, 10),
    ],
    [
        (116, 4, 117, 4),
        (42, 17, 0, 0),
        (22, 17, 23, 6),
        (16, 19, 17, 6),
    ],
    [
        (111, 2, 112, 7),
        (46, 17, 0, 0),
        (24, 7, 25, 16),
        (13, 34, 0, 0),
    ],
    [
        (121, 4, 122, 5),
        (47, 4, 48, 14),
        (24, 11, 25, 14),
        (15, 16, 16, 14),
    ],
    [
        (117, 6, 118, 4),
        (45, 6, 46, 14),
        (24, 11, 25, 16),
        (16, 30, 17, 2),
    ],
    [
        (106, 8, 107, 4),
        (47, 8, 48, 13),
        (24, 7, 25, 22),
        (15, 22, 16, 13),
    ],
    [
        (114, 10, 115, 2),
        (46, 19, 47, 4),
        (22, 28, 23, 6),
        (16, 33, 17, 4),
    ],
    [
        (122, 8, 123, 4),
        (45, 22, 46, 3),
        (23, 8, 24, 26),
        (15, 12, 16, 28),
    ],
    [
        (117, 3, 118, 10),
        (45, 3, 46, 23),
        (24, 4, 25, 31),
        (15, 11, 16, 31),
    ],
    [
        (116, 7, 117, 7),
        (45, 21, 46, 7),
        (23, 1, 24, 37),
        (15, 19, 16, 26),
    ],
    [
        (115, 5, 116, 10),
        (47, 19, 48, 10),
        (24, 15, 25, 25),
        (15, 23, 16, 25),
    ],
    [
        (115, 13, 116, 3),
        (46, 2, 47, 29),
        (24, 42, 25, 1),
        (15, 23, 16, 28),
    ],
    [
        (115, 17, 0, 0),
        (46, 10, 47, 23),
        (24, 10, 25, 35),
        (15, 19, 16, 35),
    ],
    [
        (115, 17, 116, 1),
        (46, 14, 47, 21),
        (24, 29, 25, 19),
        (15, 11, 16, 46),
    ],
    [
        (115, 13, 116, 6),
        (46, 14, 47, 23),
        (24, 44, 25, 7),
        (16, 59, 17, 1),
    ],
    [
        (121, 12, 122, 7),
        (47, 12, 48, 26),
        (24, 39, 25, 14),
        (15, 22, 16, 41),
    ],
    [
        (121, 6, 122, 14),
        (47, 6, 48, 34),
        (24, 46, 25, 10),
        (15, 2, 16, 64),
    ],
    [
        (122, 17, 123, 4),
        (46, 29, 47, 14),
        (24, 49, 25, 10),
        (15, 24, 16, 46),
    ],
    [
        (122, 4, 123, 18),
        (46, 13, 47, 32),
        (24, 48, 25, 14),
        (15, 42, 16, 32),
    ],
    [
        (117, 20, 118, 4),
        (47, 40, 48, 7),
        (24, 43, 25, 22),
        (15, 10, 16, 67),
    ],
    [
        (118, 19, 119, 6),
        (47, 18, 48, 31),
        (24, 34, 25, 34),
        (15, 20, 16, 61),
    ],
];

fn level_index(e: Ecc) -> usize {
    match e {
        Ecc::L => 0,
        Ecc::M => 1,
        Ecc::Q => 2,
        Ecc::H => 3,
    }
}

/// Most codewords a block may have corrected: half its check codewords, less the
/// misdecode-protection codewords of 1-L (3), 1-M (2) and 2-L (2).
fn max_errors(version: usize, e: Ecc, ec: usize) -> usize {
    let p = match (version, e) {
        (1, Ecc::L) => 3,
        (1, Ecc::M) | (2, Ecc::L) => 2,
        _ => 0,
    };
    (ec - p) / 2
}

// ---------------------------------------------------------------------------------------------
// Format information.

/// The 15-bit format word (masked) for 5 data bits.
const fn format_word(data: u16) -> u16 {
    let mut rem = data << 10;
    let mut i = 14;
    while i >= 10 {
        if rem & (1 << i) != 0 {
            rem ^= 0x537 << (i - 10);
        }
        i -= 1;
    }
    ((data << 10) | rem) ^ 0x5412
}

/// The data bits of the valid format word nearest to `word`, if within 3 bits.
fn decode_format(word: u16) -> Option<u16> {
    (0..32u16)
        .map(|d| (d, (format_word(d) ^ word).count_ones()))
        .min_by_key(|&(_, dist)| dist)
        .filter(|&(_, dist)| dist <= 3)
        .map(|(d, _)| d)
}

/// The 5 data bits of a read format word, if within 3 bits of a valid one.
pub(crate) fn decode_format_word(word: u16) -> Option<u16> {
    decode_format(word)
}

/// Error-correction level and mask from the format information; the copy around the
/// top-left finder first, then the split copy.
fn read_format(n: usize, g: &dyn Fn(usize, usize) -> bool) -> Option<(Ecc, u8)> {
    // (x, y) of bits 14 … 0 of the first copy.
    const XS: [usize; 15] = [0, 1, 2, 3, 4, 5, 7, 8, 8, 8, 8, 8, 8, 8, 8];
    const YS: [usize; 15] = [8, 8, 8, 8, 8, 8, 8, 8, 7, 5, 4, 3, 2, 1, 0];
    let mut w1 = 0u16;
    for i in 0..15 {
        w1 = (w1 << 1) | u16::from(g(XS[i], YS[i]));
    }
    let data = decode_format(w1).or_else(|| {
        let mut w2 = 0u16;
        for i in 0..7 {
            w2 = (w2 << 1) | u16::from(g(8, n - 1 - i));
        }
        for i in 0..8 {
            w2 = (w2 << 1) | u16::from(g(n - 8 + i, 8));
        }
        decode_format(w2)
    })?;
    let ecc = [Ecc::M, Ecc::L, Ecc::H, Ecc::Q][usize::from(data >> 3)];
    Some((ecc, (data & 7) as u8))
}

/// Alignment-pattern centres (module indices) for a version.
pub(crate) fn alignment_positions(version: usize) -> Vec<usize> {
    if version < 2 {
        return Vec::new();
    }
    let size = 17 + 4 * version;
    let num = version / 7 + 2;
    let step = if version == 32 {
        26
    } else {
        (version * 4 + num * 2 + 1) / (num * 2 - 2) * 2
    };
    let mut out = vec![6; num];
    for (i, o) in out.iter_mut().enumerate().skip(1) {
        *o = size - 7 - (num - 1 - i) * step;
    }
    out
}

/// Which modules are function patterns (not data), row-major.
fn function_mask(version: usize) -> Vec<bool> {
    let n = 17 + 4 * version;
    let mut m = vec![false; n * n];
    for y in 0..n {
        for x in 0..n {
            let finders = (y < 9 && (x < 9 || x + 8 >= n)) || (y + 8 >= n && x < 9);
            let f = finders
                || y == 6
                || x == 6
                || (version >= 7 && ((y < 6 && x + 11 >= n) || (x < 6 && y + 11 >= n)));
            m[y * n + x] = f;
        }
    }
    let pos = alignment_positions(version);
    if let (Some(&first), Some(&last)) = (pos.first(), pos.last()) {
        for &ay in &pos {
            for &ax in &pos {
                let corner =
                    (ax == first && (ay == first || ay == last)) || (ax == last && ay == first);
                if corner {
                    continue;
                }
                for y in ay - 2..=ay + 2 {
                    for x in ax - 2..=ax + 2 {
                        m[y * n + x] = true;
                    }
                }
            }
        }
    }
    m
}

#[inline]
fn mask_bit(mask: u8, y: usize, x: usize) -> bool {
    match mask {
        0 => (y + x).is_multiple_of(2),
        1 => y.is_multiple_of(2),
        2 => x.is_multiple_of(3),
        3 => (y + x).is_multiple_of(3),
        4 => (y / 2 + x / 3).is_multiple_of(2),
        5 => (y * x) % 2 + (y * x) % 3 == 0,
        6 => ((y * x) % 2 + (y * x) % 3).is_multiple_of(2),
        _ => ((y * x) % 3 + (y + x) % 2).is_multiple_of(2),
    }
}

/// Function masks, computed once per version.
fn cached_mask(version: usize) -> &'static [bool] {
    use std::sync::OnceLock;
    static MASKS: [OnceLock<Vec<bool>>; 40] = [const { OnceLock::new() }; 40];
    MASKS[version - 1].get_or_init(|| function_mask(version))
}

/// Decodes a grid of `n × n` modules (`dark(x, y)`), trying it transposed when it does not
/// decode as it is.
pub fn decode_with(n: usize, dark: &dyn Fn(usize, usize) -> bool) -> Result<Decoded, DecodeError> {
    match decode_once(n, dark) {
        Ok(d) => Ok(d),
        Err(e @ (DecodeError::Format | DecodeError::Ecc)) => {
            let t = |x: usize, y: usize| dark(y, x);
            match decode_once(n, &t) {
                Ok(mut d) => {
                    d.mirrored = true;
                    Ok(d)
                }
                Err(_) => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

/// Decodes a row-major grid of `n × n` modules, `true` = dark.
pub fn decode_grid(n: usize, bits: &[bool]) -> Result<Decoded, DecodeError> {
    if bits.len() != n * n {
        return Err(DecodeError::Size);
    }
    decode_with(n, &|x, y| bits[y * n + x])
}

fn decode_once(n: usize, g: &dyn Fn(usize, usize) -> bool) -> Result<Decoded, DecodeError> {
    if !(21..=177).contains(&n) || !(n - 17).is_multiple_of(4) {
        return Err(DecodeError::Size);
    }
    let version = (n - 17) / 4;
    let (ecc, mask) = read_format(n, g).ok_or(DecodeError::Format)?;
    let func = cached_mask(version);
    // Codewords in the zigzag order.
    let li = level_index(ecc);
    let (d1, b1, d2, b2) = DATA_BLOCKS[version - 1][li];
    let (d1, b1, d2, b2) = (
        usize::from(d1),
        usize::from(b1),
        usize::from(d2),
        usize::from(b2),
    );
    let ec = usize::from(EC_PER_BLOCK[version - 1][li]);
    let nb = b1 + b2;
    let total = d1 * b1 + d2 * b2 + ec * nb;
    let mut raw = vec![0u8; total];
    let mut bit = 0usize;
    let mut x = n - 1;
    let mut upward = true;
    'cols: loop {
        if x == 6 {
            x -= 1;
        }
        for k in 0..n {
            let y = if upward { n - 1 - k } else { k };
            for xx in [x, x - 1] {
                if !func[y * n + xx] {
                    if bit >= total * 8 {
                        break 'cols;
                    }
                    let v = g(xx, y) ^ mask_bit(mask, y, xx);
                    if v {
                        raw[bit / 8] |= 0x80 >> (bit % 8);
                    }
                    bit += 1;
                }
            }
        }
        upward = !upward;
        if x < 2 {
            break;
        }
        x -= 2;
    }
    // De-interleave into blocks and correct each.
    let mut data = Vec::with_capacity(d1 * b1 + d2 * b2);
    let mut corrected = 0;
    let max_err = max_errors(version, ecc, ec);
    let data_total = d1 * b1 + d2 * b2;
    let mut block = [0u8; 160];
    for b in 0..nb {
        let dl = if b < b1 { d1 } else { d2 };
        let blk = &mut block[..dl + ec];
        for (c, slot) in blk.iter_mut().enumerate().take(d1) {
            *slot = raw[c * nb + b];
        }
        if dl > d1 {
            blk[d1] = raw[d1 * nb + (b - b1)];
        }
        for j in 0..ec {
            blk[dl + j] = raw[data_total + j * nb + b];
        }
        corrected += rs_correct(blk, ec, max_err).ok_or(DecodeError::Ecc)?;
        data.extend_from_slice(&blk[..dl]);
    }
    let text = parse_segments(&data, version)?;
    Ok(Decoded {
        text,
        version: version as u8,
        ecc,
        mask,
        corrected,
        mirrored: false,
    })
}

struct Bits<'a> {
    d: &'a [u8],
    pos: usize,
}

impl Bits<'_> {
    fn left(&self) -> usize {
        self.d.len() * 8 - self.pos
    }
    fn take(&mut self, n: usize) -> Result<u32, DecodeError> {
        if self.left() < n {
            return Err(DecodeError::Data);
        }
        let mut v = 0u32;
        for _ in 0..n {
            let b = (self.d[self.pos / 8] >> (7 - self.pos % 8)) & 1;
            v = (v << 1) | u32::from(b);
            self.pos += 1;
        }
        Ok(v)
    }
}

fn parse_segments(data: &[u8], version: usize) -> Result<String, DecodeError> {
    let mut bits = Bits { d: data, pos: 0 };
    let mut out: Vec<u8> = Vec::new();
    let band = match version {
        1..=9 => 0,
        10..=26 => 1,
        _ => 2,
    };
    while bits.left() >= 4 {
        match bits.take(4)? {
            0 => break,
            1 => {
                let mut count = bits.take([10, 12, 14][band])? as usize;
                if bits.left() < count / 3 * 10 {
                    return Err(DecodeError::Data);
                }
                while count > 0 {
                    let (nb, digits) = match count {
                        1 => (4, 1),
                        2 => (7, 2),
                        _ => (10, 3),
                    };
                    let v = bits.take(nb)?;
                    if v >= [10, 100, 1000][digits - 1] {
                        return Err(DecodeError::Data);
                    }
                    let s = match digits {
                        1 => format!("{v}"),
                        2 => format!("{v:02}"),
                        _ => format!("{v:03}"),
                    };
                    out.extend_from_slice(s.as_bytes());
                    count -= digits;
                }
            }
            2 => {
                const MAP: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
                let mut count = bits.take([9, 11, 13][band])? as usize;
                while count >= 2 {
                    let v = bits.take(11)? as usize;
                    if v >= 45 * 45 {
                        return Err(DecodeError::Data);
                    }
                    out.push(MAP[v / 45]);
                    out.push(MAP[v % 45]);
                    count -= 2;
                }
                if count == 1 {
                    let v = bits.take(6)? as usize;
                    if v >= 45 {
                        return Err(DecodeError::Data);
                    }
                    out.push(MAP[v]);
                }
            }
            4 => {
                let count = bits.take([8, 16, 16][band])? as usize;
                if bits.left() < count * 8 {
                    return Err(DecodeError::Data);
                }
                for _ in 0..count {
                    out.push(bits.take(8)? as u8);
                }
            }
            7 => {
                // ECI designator: the bytes that follow are taken as they are (UTF-8 is the
                // only text this returns; rqrr does the same).
                let first = bits.take(8)?;
                if first & 0x80 == 0 {
                } else if first & 0xC0 == 0x80 {
                    bits.take(8)?;
                } else if first & 0xE0 == 0xC0 {
                    bits.take(16)?;
                } else {
                    return Err(DecodeError::Data);
                }
            }
            _ => return Err(DecodeError::Mode),
        }
    }
    String::from_utf8(out).map_err(|_| DecodeError::Utf8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::QrMatrix;

    fn rqrr_decode(n: usize, bits: &[bool]) -> Option<String> {
        let g = rqrr::SimpleGrid::from_func(n, |x, y| bits[y * n + x]);
        rqrr::Grid::new(g).decode().ok().map(|(_, s)| s)
    }

    #[test]
    fn tables_agree() {
        for v in 1..=40 {
            let n = 17 + 4 * v;
            let data_modules = cached_mask(v).iter().filter(|f| !**f).count();
            for l in 0..4 {
                let (d1, b1, d2, b2) = DATA_BLOCKS[v - 1][l];
                let ec = usize::from(EC_PER_BLOCK[v - 1][l]);
                let total = usize::from(d1) * usize::from(b1)
                    + usize::from(d2) * usize::from(b2)
                    + ec * usize::from(b1 + b2);
                // The remainder bits (0–7) are the only data modules left over.
                assert!(
                    data_modules >= total * 8 && data_modules - total * 8 < 8,
                    "v{v} {n}"
                );
            }
        }
    }

    #[test]
    fn format_words_are_the_standard_ones() {
        // Level M, mask 0 → 101010000010010 (ISO/IEC 18004 annex C).
        assert_eq!(format_word(0b00000), 0b101_0100_0001_0010);
        assert_eq!(decode_format(format_word(0b10110) ^ 0b101), Some(0b10110));
        assert_eq!(decode_format(format_word(0b10110) ^ 0b1111), None);
    }

    #[test]
    fn decodes_every_level_and_many_versions() {
        let texts = [
            "VN1:0123456789",
            "HELLO WORLD $%*+-./:",
            "https://example.com/?q=1",
            "Xin chào Việt Nam",
            &"8".repeat(700),
            &"VP1:".to_owned().repeat(150),
        ];
        for (i, t) in texts.iter().enumerate() {
            for ecc in [Ecc::L, Ecc::M, Ecc::Q, Ecc::H] {
                let m = QrMatrix::encode_with(t, ecc).unwrap();
                let d = decode_grid(m.size, &m.modules).unwrap();
                assert_eq!(d.text, *t, "text {i} {ecc:?}");
                assert_eq!(d.ecc, ecc);
                assert_eq!(d.corrected, 0);
                assert_eq!(Some(d.text), rqrr_decode(m.size, &m.modules));
            }
        }
    }

    #[test]
    fn corrects_errors_up_to_capacity_and_no_further() {
        let text = include_str!("../../fixtures/vectors/token-genuine.txt").trim();
        let m = QrMatrix::encode(text).unwrap();
        let n = m.size;
        let mut rng = 12345u64;
        let mut next = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        // Flip whole data modules at random: up to ~5 % of the modules still decodes.
        let func = cached_mask(13);
        for flips in [1usize, 10, 40, 80] {
            let mut bits = m.modules.clone();
            let mut done = 0;
            while done < flips {
                let i = (next() % (n * n) as u64) as usize;
                if !func[i] {
                    bits[i] = !bits[i];
                    done += 1;
                }
            }
            let ours = decode_grid(n, &bits);
            let theirs = rqrr_decode(n, &bits);
            assert_eq!(
                ours.as_ref().ok().map(|d| d.text.clone()),
                theirs,
                "{flips} flips"
            );
            if flips <= 40 {
                let d = ours.unwrap();
                assert_eq!(d.text, text);
                assert!(d.corrected > 0);
            }
        }
        // Random grids never decode.
        for _ in 0..200 {
            let bits: Vec<bool> = (0..n * n).map(|_| next() & 1 == 1).collect();
            assert!(decode_grid(n, &bits).is_err());
        }
    }

    #[test]
    fn reed_solomon_corrects_random_errors() {
        // Encode with the qrcode crate's RS, then corrupt.
        let mut rng = 99u64;
        let mut next = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        for ec in [7usize, 10, 22, 26, 30] {
            let data: Vec<u8> = (0..40).map(|_| next() as u8).collect();
            let parity = qrcode::ec::create_error_correction_code(&data, ec);
            let mut block: Vec<u8> = data.iter().chain(&parity).copied().collect();
            let clean = block.clone();
            assert_eq!(rs_correct(&mut block, ec, ec / 2), Some(0));
            for errors in 1..=ec / 2 {
                let mut b = clean.clone();
                let mut hit = std::collections::BTreeSet::new();
                while hit.len() < errors {
                    hit.insert((next() % b.len() as u64) as usize);
                }
                for &k in &hit {
                    b[k] ^= 1 + (next() % 255) as u8;
                }
                assert_eq!(
                    rs_correct(&mut b, ec, ec / 2),
                    Some(errors),
                    "ec {ec} errors {errors}"
                );
                assert_eq!(b, clean);
            }
        }
    }

    #[test]
    fn mirrored_grids_decode() {
        let m = QrMatrix::encode("mirror, mirror").unwrap();
        let n = m.size;
        let t: Vec<bool> = (0..n * n).map(|i| m.modules[(i % n) * n + i / n]).collect();
        let d = decode_grid(n, &t).unwrap();
        assert!(d.mirrored);
        assert_eq!(d.text, "mirror, mirror");
    }
}
