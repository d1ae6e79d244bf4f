//! The hash tree over a paper's salted fields: the issuer signs one 16-byte root instead of a
//! digest per field, and a presentation carries, besides the disclosed fields, only the few
//! subtree hashes needed to recompute that root.
//!
//! - leaf = SHA-256(0x00 ‖ CBOR `[salt, field id, value]`) truncated to 16 bytes;
//! - node = SHA-256(0x01 ‖ left ‖ right) truncated to 16 bytes;
//! - the tree over n leaves splits them at the largest power of two below n (RFC 6962 §2.1),
//!   the root of no leaves is SHA-256(0x02) truncated;
//! - a multi-proof lists the hashes of the maximal subtrees holding no disclosed leaf, in the
//!   order a left-to-right walk of the tree meets them; a verifier consumes exactly them.
//!
//! Security kept: 128 bits. Changing a disclosed value needs a second preimage of a salted,
//! truncated SHA-256 (2¹²⁸ work); the salts (≥ 128 random bits each) keep the hashes of
//! undisclosed fields from telling anything about their values.

use ciborium::value::Value;

use crate::cose;
use crate::keys::sha256;
use crate::Result;

/// Length of a leaf, node and root hash: 16 bytes, 128 bits.
pub const HASH_LEN: usize = 16;

/// A leaf, node or root hash.
pub type Hash = [u8; HASH_LEN];

fn truncated(parts: &[&[u8]]) -> Hash {
    let mut buf = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        buf.extend_from_slice(p);
    }
    let d = sha256(&buf);
    let mut out = [0u8; HASH_LEN];
    out.copy_from_slice(&d[..HASH_LEN]);
    out
}

/// The leaf of one field.
pub fn leaf(salt: &[u8], id: u8, value: &Value) -> Result<Hash> {
    let item = Value::Array(vec![
        Value::Bytes(salt.to_vec()),
        u64::from(id).into(),
        value.clone(),
    ]);
    Ok(truncated(&[&[0x00], &cose::to_cbor(&item)?]))
}

fn node(left: &Hash, right: &Hash) -> Hash {
    truncated(&[&[0x01], left, right])
}

/// The largest power of two below `n` (n ≥ 2).
fn split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// The root over `leaves`.
pub fn root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => truncated(&[&[0x02]]),
        1 => leaves[0],
        n => {
            let k = split(n);
            node(&root(&leaves[..k]), &root(&leaves[k..]))
        }
    }
}

/// The multi-proof for the leaves at `disclosed` (indices, strictly increasing).
pub fn proof(leaves: &[Hash], disclosed: &[usize]) -> Vec<Hash> {
    fn walk(leaves: &[Hash], lo: usize, disclosed: &[usize], out: &mut Vec<Hash>) {
        let hi = lo + leaves.len();
        if !disclosed.iter().any(|&i| (lo..hi).contains(&i)) {
            out.push(root(leaves));
        } else if leaves.len() > 1 {
            let k = split(leaves.len());
            walk(&leaves[..k], lo, disclosed, out);
            walk(&leaves[k..], lo + k, disclosed, out);
        }
    }
    let mut out = Vec::new();
    if !leaves.is_empty() {
        walk(leaves, 0, disclosed, &mut out);
    }
    out
}

/// The root of a tree of `n` leaves from the `disclosed` leaves (index, hash; indices strictly
/// increasing, below `n`) and a multi-proof; `None` if the proof has too few hashes, too
/// many, or the indices are not as stated.
pub fn root_from(n: usize, disclosed: &[(usize, Hash)], proof: &[Hash]) -> Option<Hash> {
    fn walk(
        lo: usize,
        len: usize,
        disclosed: &[(usize, Hash)],
        proof: &mut std::slice::Iter<'_, Hash>,
    ) -> Option<Hash> {
        let inside: Vec<_> = disclosed
            .iter()
            .filter(|(i, _)| (lo..lo + len).contains(i))
            .collect();
        if inside.is_empty() {
            return proof.next().copied();
        }
        if len == 1 {
            return Some(inside[0].1);
        }
        let k = split(len);
        let left = walk(lo, k, disclosed, proof)?;
        let right = walk(lo + k, len - k, disclosed, proof)?;
        Some(node(&left, &right))
    }
    if disclosed.windows(2).any(|w| w[0].0 >= w[1].0) || disclosed.iter().any(|(i, _)| *i >= n) {
        return None;
    }
    if n == 0 {
        return (disclosed.is_empty() && proof.is_empty()).then(|| root(&[]));
    }
    let mut it = proof.iter();
    let r = walk(0, n, disclosed, &mut it)?;
    // Every hash given must have been used: one encoding per presentation.
    it.next().is_none().then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n)
            .map(|i| leaf(&[i as u8; 16], i as u8, &Value::Text(format!("v{i}"))).unwrap())
            .collect()
    }

    #[test]
    fn every_subset_of_every_tree_up_to_ten_leaves_proves_its_root() {
        for n in 0..=10 {
            let l = leaves(n);
            let r = root(&l);
            for mask in 0u32..(1 << n) {
                let idx: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
                let p = proof(&l, &idx);
                let d: Vec<_> = idx.iter().map(|&i| (i, l[i])).collect();
                assert_eq!(root_from(n, &d, &p), Some(r), "n {n} mask {mask:b}");
                // A changed disclosed leaf, a missing or an extra proof hash: not the root.
                if let Some(first) = d.first() {
                    let mut bad = d.clone();
                    bad[0].1[0] ^= 1;
                    assert_ne!(root_from(n, &bad, &p), Some(r));
                    let _ = first;
                }
                if !p.is_empty() {
                    assert_eq!(root_from(n, &d, &p[..p.len() - 1]), None);
                }
                let mut extra = p.clone();
                extra.push([0; HASH_LEN]);
                assert_eq!(root_from(n, &d, &extra), None);
            }
        }
    }

    #[test]
    fn leaves_bind_salt_id_and_value() {
        let a = leaf(&[1; 16], 3, &Value::Text("A1".into())).unwrap();
        assert_ne!(a, leaf(&[2; 16], 3, &Value::Text("A1".into())).unwrap());
        assert_ne!(a, leaf(&[1; 16], 4, &Value::Text("A1".into())).unwrap());
        assert_ne!(a, leaf(&[1; 16], 3, &Value::Text("B2".into())).unwrap());
        // A leaf cannot pass as a node of two leaves (domain separation).
        let l = leaves(2);
        assert_ne!(root(&l), l[0]);
    }
}
