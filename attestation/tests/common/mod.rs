//! Loading the real test vectors in `fixtures/attestation/`.
#![allow(dead_code)]

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::collections::HashMap;

pub fn fixture(path: &str) -> Vec<u8> {
    let full = format!(
        "{}/../fixtures/attestation/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// DER of a PEM certificate.
pub fn pem_to_der(pem: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(pem).unwrap();
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .map(str::trim)
        .collect();
    STANDARD.decode(body).unwrap()
}

/// An Android chain of the fixtures, leaf first: `ec_tee` or `ec_strongbox`.
pub fn android_chain(name: &str) -> Vec<Vec<u8>> {
    (0..4)
        .map(|i| pem_to_der(&fixture(&format!("android/{name}/cert{i}.pem"))))
        .collect()
}

pub fn b64(s: &str) -> Vec<u8> {
    STANDARD.decode(s).unwrap()
}

/// The top-level `key: value` lines of each YAML document of an Apple fixture file (the
/// multi-line `publicKey: |` blocks and the nested `properties:` are skipped).
pub fn apple_documents(file: &str) -> Vec<HashMap<String, String>> {
    let text = String::from_utf8(fixture(&format!("apple/{file}"))).unwrap();
    let mut docs = Vec::new();
    for doc in text.split("\n---") {
        let mut map = HashMap::new();
        for line in doc.lines() {
            if line.starts_with(' ') || line.starts_with('-') {
                continue;
            }
            if let Some((k, v)) = line.split_once(": ") {
                map.insert(k.to_string(), v.trim().trim_matches('\'').to_string());
            }
        }
        if !map.is_empty() {
            docs.push(map);
        }
    }
    docs
}

/// Unix seconds of an RFC 3339 UTC timestamp such as `2020-11-21T22:13:00.187Z` (fraction
/// dropped).
pub fn unix(ts: &str) -> i64 {
    let p = |a: usize, b: usize| ts[a..b].parse::<i64>().unwrap();
    let (y, m, d) = (p(0, 4), p(5, 7), p(8, 10));
    let (hh, mm, ss) = (p(11, 13), p(14, 16), p(17, 19));
    days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

pub fn date(y: i64, m: i64, d: i64) -> i64 {
    days_from_civil(y, m, d) * 86400
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}
