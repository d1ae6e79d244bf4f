//! The set of revoked serials, made to fit a national scale: 100 million enrolled devices, a
//! million of them revoked, on every officer's phone, offline.
//!
//! Serials are allocated by the authority in sequence (8-byte big-endian counters), so a set of
//! revoked ones is a sorted list of integers whose gaps are small. It travels **Golomb–Rice
//! coded**: the first serial, then each gap less one (`g = next − previous − 1 ≥ 0`), written as
//! `⌊g / 2ᵏ⌋` one-bits, a zero, then the low `k` bits of `g`, most significant first, bits packed from the top of each byte, the last byte
//! padded with one-bits. With a million revoked among 100 million, gaps average 100 and `k` = 6:
//! about 8.6 bits a serial, ~1.1 MB (the bound: 4 MB); a day's 10,000 new ones spread over
//! the range take ~19 KB (bound: 100 KB). In memory it is a sorted `Vec<u64>`: 8 bytes a serial
//! and a binary search per lookup (measured: `cargo bench -p vneid-core --bench revocation`).
//!
//! One encoding: the Rice parameter is derived from the data (`rice_parameter`), never chosen by
//! the writer, and a decoder refuses anything the encoder would not write — the wrong count, nonzero padding, bytes after the end.

use crate::certificate::Serial;
use crate::{Error, Result};

/// Revoked serials, sorted and unique.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RevokedSet(Vec<u64>);

/// Most serials a list may hold: far above a national need, and a bound on what a decoder
/// allocates.
pub const MAX_REVOKED: usize = 20_000_000;

fn n(s: &Serial) -> u64 {
    u64::from_be_bytes(s.0)
}

impl RevokedSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether `serial` is revoked: a binary search.
    pub fn contains(&self, serial: &Serial) -> bool {
        self.0.binary_search(&n(serial)).is_ok()
    }

    /// How many serials.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The serials in order.
    pub fn iter(&self) -> impl Iterator<Item = Serial> + '_ {
        self.0.iter().map(|v| Serial(v.to_be_bytes()))
    }

    /// Adds `serial` (kept sorted).
    pub fn insert(&mut self, serial: Serial) {
        if let Err(i) = self.0.binary_search(&n(&serial)) {
            self.0.insert(i, n(&serial));
        }
    }

    /// This set with `added` and without `removed`: one merge of the sorted lists.
    pub fn apply(&self, added: &RevokedSet, removed: &RevokedSet) -> Self {
        let mut out = Vec::with_capacity(self.0.len() + added.0.len());
        let (mut a, mut b) = (self.0.iter().peekable(), added.0.iter().peekable());
        let mut gone = removed.0.iter().peekable();
        loop {
            let next = match (a.peek(), b.peek()) {
                (None, None) => break,
                (Some(&&x), None) => {
                    a.next();
                    x
                }
                (None, Some(&&y)) => {
                    b.next();
                    y
                }
                (Some(&&x), Some(&&y)) => {
                    if x <= y {
                        a.next();
                    }
                    if y <= x {
                        b.next();
                    }
                    x.min(y)
                }
            };
            while gone.next_if(|&&r| r < next).is_some() {}
            if gone.peek() != Some(&&next) {
                out.push(next);
            }
        }
        RevokedSet(out)
    }

    /// The Rice-coded form: (parameter `k`, bytes).
    pub fn encode(&self) -> (u8, Vec<u8>) {
        let k = rice_parameter(&self.0);
        let mut w = BitWriter::default();
        let mut prev: Option<u64> = None;
        for &v in &self.0 {
            let g = prev.map_or(v, |p| v - p - 1);
            let q = g >> k;
            for _ in 0..q {
                w.bit(true);
            }
            w.bit(false);
            for i in (0..k).rev() {
                w.bit((g >> i) & 1 == 1);
            }
            prev = Some(v);
        }
        (k, w.finish())
    }

    /// Decodes `count` serials coded with parameter `k`; refuses any other encoding.
    pub fn decode(count: u64, k: u8, bytes: &[u8], what: &'static str) -> Result<Self> {
        let bad = || Error::malformed(what);
        let count = usize::try_from(count).map_err(|_| bad())?;
        if count > MAX_REVOKED || k > 63 {
            return Err(bad());
        }
        let mut r = BitReader { bytes, pos: 0 };
        let mut out = Vec::with_capacity(count);
        let mut prev: Option<u64> = None;
        for _ in 0..count {
            let mut q = 0u64;
            while r.bit().ok_or_else(bad)? {
                q += 1;
                if q > u64::MAX >> k {
                    return Err(bad());
                }
            }
            let mut low = 0u64;
            for _ in 0..k {
                low = (low << 1) | u64::from(r.bit().ok_or_else(bad)?);
            }
            let g = q << k | low;
            let v = match prev {
                None => g,
                Some(p) => p
                    .checked_add(1)
                    .and_then(|p| p.checked_add(g))
                    .ok_or_else(bad)?,
            };
            out.push(v);
            prev = Some(v);
        }
        // Only one-bit padding inside the last byte, and no byte after it.
        if r.pos.div_ceil(8) != bytes.len() {
            return Err(bad());
        }
        while !r.pos.is_multiple_of(8) {
            if r.bit() != Some(true) {
                return Err(bad());
            }
        }
        let set = RevokedSet(out);
        if rice_parameter(&set.0) != k {
            return Err(bad()); // the parameter is the data's, not a choice
        }
        Ok(set)
    }
}

impl FromIterator<Serial> for RevokedSet {
    fn from_iter<I: IntoIterator<Item = Serial>>(iter: I) -> Self {
        let mut v: Vec<u64> = iter.into_iter().map(|s| n(&s)).collect();
        v.sort_unstable();
        v.dedup();
        RevokedSet(v)
    }
}

/// The Rice parameter for a sorted list: ⌊log₂ of the mean gap⌋ (0 for an empty list), which
/// keeps the code within a fraction of a bit of the best for geometric gaps.
fn rice_parameter(sorted: &[u64]) -> u8 {
    match sorted.last() {
        None => 0,
        Some(&max) => {
            let mean = (max / sorted.len() as u64).max(1);
            (63 - mean.leading_zeros()) as u8
        }
    }
}

#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    used: u8,
}

impl BitWriter {
    fn bit(&mut self, b: bool) {
        if self.used == 0 {
            self.out.push(0);
        }
        if b {
            let last = self.out.len() - 1;
            self.out[last] |= 0x80 >> self.used;
        }
        self.used = (self.used + 1) % 8;
    }

    /// Pads with one-bits: every code holds a zero, so padding never reads as one more
    /// serial, and leftover codes never read as padding.
    fn finish(mut self) -> Vec<u8> {
        if self.used != 0 {
            let last = self.out.len() - 1;
            self.out[last] |= 0xff >> self.used;
        }
        self.out
    }
}

struct BitReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl BitReader<'_> {
    fn bit(&mut self) -> Option<bool> {
        let byte = *self.bytes.get(self.pos / 8)?;
        let b = byte & (0x80 >> (self.pos % 8)) != 0;
        self.pos += 1;
        Some(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(v: &[u64]) -> RevokedSet {
        v.iter().map(|x| Serial(x.to_be_bytes())).collect()
    }

    #[test]
    fn round_trips_and_refuses_other_encodings() {
        for v in [
            vec![],
            vec![1],
            vec![1, 2, 3],
            vec![5, 1000, 1001, 1 << 40, u64::MAX - 1],
            vec![0],
            vec![0, 1, u64::MAX],
            vec![u64::MAX],
        ] {
            let s = set(&v);
            let (k, bytes) = s.encode();
            let back = RevokedSet::decode(s.len() as u64, k, &bytes, "t").unwrap();
            assert_eq!(back, s);
            assert!(RevokedSet::decode(s.len() as u64 + 1, k, &bytes, "t").is_err());
            let mut longer = bytes.clone();
            longer.push(0);
            assert!(RevokedSet::decode(s.len() as u64, k, &longer, "t").is_err());
            // Another parameter reads another set, or nothing; whatever it reads is that
            // set's own encoding (one encoding per set).
            if let Ok(other) = RevokedSet::decode(s.len() as u64, k.wrapping_add(1), &bytes, "t") {
                assert_ne!(other, s);
                assert_eq!(other.encode(), (k + 1, bytes.clone()));
            }
        }
        assert!(set(&[7, 7, 3]).contains(&Serial(3u64.to_be_bytes())));
        assert_eq!(set(&[7, 7, 3]).len(), 2);
        // Padding other than one-bits is refused.
        let (k, mut bytes) = set(&[1]).encode();
        *bytes.last_mut().unwrap() &= !1;
        assert!(RevokedSet::decode(1, k, &bytes, "t").is_err());
    }

    #[test]
    fn apply_adds_and_removes() {
        let s = set(&[1, 5, 9, 12]).apply(&set(&[0, 5, 7, 20]), &set(&[1, 3, 12, 20]));
        // A serial both added and removed ends up removed.
        assert_eq!(s, set(&[0, 5, 7, 9]));
        assert_eq!(set(&[]).apply(&set(&[2]), &set(&[])), set(&[2]));
        assert_eq!(set(&[2]).apply(&set(&[]), &set(&[2])), set(&[]));
    }

    #[test]
    fn a_million_of_a_hundred_million_fits_the_bounds() {
        // Every 100th serial, jittered: the shape of a national list.
        let mut x = 12345u64;
        let v: Vec<u64> = (0..1_000_000u64)
            .map(|i| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                i * 100 + 1 + (x >> 58)
            })
            .collect();
        let s = set(&v);
        let (_, bytes) = s.encode();
        assert!(bytes.len() <= 4_000_000, "{} bytes", bytes.len());
        assert!(s.contains(&Serial(v[500_000].to_be_bytes())));
        assert!(!s.contains(&Serial(0u64.to_be_bytes())));
    }
}
