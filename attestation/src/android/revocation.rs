//! Google's attestation certificate status list
//! (<https://android.googleapis.com/attestation/status>), a file the operator updates.
//!
//! Format (JSON Schema published on
//! <https://developer.android.com/privacy-and-security/security-key-attestation#certificate_status>):
//! `{"entries": {"<serial hex>": {"status": "REVOKED" | "SUSPENDED", "expires"?: "YYYY-MM-DD",
//! "reason"?: "UNSPECIFIED" | "KEY_COMPROMISE" | "CA_COMPROMISE" | "SUPERSEDED" |
//! "SOFTWARE_FLAW", "comment"?: "..."}}}`, the key being "the certificate serial number in
//! lowercase hex" (pattern `^[a-f1-9][a-f0-9]*$`).
//!
//! Serial normalisation: list keys are lowercased and stripped of leading zeros when the list is
//! read; a certificate's serial (the DER INTEGER's big-endian content bytes, which carry a
//! leading 0x00 when the top bit is set) is written as lowercase hex without leading zeros. So
//! `00b70a…`, `B70A…` and `b70a…` are one serial. Any entry refuses the certificate, whatever its
//! status: the list holds only certificates "that don't have a normal valid status".

use std::collections::HashMap;

use serde::Deserialize;

/// Largest status list accepted, in bytes (Google's list is well under 1 MiB today).
pub const MAX_STATUS_LIST_LEN: usize = 16 << 20;

/// One entry of the status list.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct RevocationEntry {
    /// `REVOKED` or `SUSPENDED` (any value refuses the certificate).
    pub status: String,
    /// Why, when given.
    #[serde(default)]
    pub reason: Option<String>,
    /// When the certificate expires (`YYYY-MM-DD`), when given.
    #[serde(default)]
    pub expires: Option<String>,
    /// Free-form comment, when given.
    #[serde(default)]
    pub comment: Option<String>,
}

/// The attestation status list: certificate serials (normalised hex) that are not in good
/// standing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RevocationList {
    entries: HashMap<String, RevocationEntry>,
}

/// Why a status list file was not read.
#[derive(Debug, thiserror::Error)]
pub enum RevocationListError {
    /// The file is larger than [`MAX_STATUS_LIST_LEN`].
    #[error("the status list is {0} bytes, more than {MAX_STATUS_LIST_LEN}")]
    TooLarge(usize),
    /// The file is not the status list's JSON.
    #[error("the status list is not valid JSON of the expected shape: {0}")]
    Json(#[from] serde_json::Error),
    /// An entry's key is not hexadecimal.
    #[error("the status list key {0:?} is not a hexadecimal serial number")]
    BadSerial(String),
    /// Two keys are the same serial once normalised.
    #[error("the status list names serial {0} twice")]
    DuplicateSerial(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusFile {
    entries: HashMap<String, RevocationEntry>,
}

impl RevocationList {
    /// An empty list: nothing revoked.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Reads the JSON status list.
    pub fn from_json(bytes: &[u8]) -> Result<Self, RevocationListError> {
        if bytes.len() > MAX_STATUS_LIST_LEN {
            return Err(RevocationListError::TooLarge(bytes.len()));
        }
        let file: StatusFile = serde_json::from_slice(bytes)?;
        let mut entries = HashMap::with_capacity(file.entries.len());
        for (key, entry) in file.entries {
            let serial = normalise_serial_hex(&key).ok_or(RevocationListError::BadSerial(key))?;
            if entries.insert(serial.clone(), entry).is_some() {
                return Err(RevocationListError::DuplicateSerial(serial));
            }
        }
        Ok(RevocationList { entries })
    }

    /// Adds (or replaces) an entry; `serial_hex` is normalised as list keys are. Returns false
    /// if it is not hexadecimal.
    pub fn insert(&mut self, serial_hex: &str, entry: RevocationEntry) -> bool {
        match normalise_serial_hex(serial_hex) {
            Some(s) => {
                self.entries.insert(s, entry);
                true
            }
            None => false,
        }
    }

    /// The entry for a serial given as hex (normalised as list keys are).
    pub fn get(&self, serial_hex: &str) -> Option<&RevocationEntry> {
        self.entries.get(&normalise_serial_hex(serial_hex)?)
    }

    /// How many serials the list names.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if the list names no serial.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Lowercase, without leading zeros ("0" for zero); `None` unless 1 to 64 hex digits.
pub(crate) fn normalise_serial_hex(s: &str) -> Option<String> {
    if s.is_empty() || s.len() > 64 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let trimmed = lower.trim_start_matches('0');
    Some(if trimmed.is_empty() {
        "0".to_string()
    } else {
        trimmed.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_googles_example_list() {
        // The example list on developer.android.com.
        let json = br#"{
          "entries": {
            "2c8cdddfd5e03bfc": {
              "status": "REVOKED",
              "expires": "2020-11-13",
              "reason": "KEY_COMPROMISE",
              "comment": "Key stored on unsecure system"
            },
            "c8966fcb2fbb0d7a": {
              "status": "SUSPENDED",
              "reason": "SOFTWARE_FLAW",
              "comment": "Bug in keystore causes this key malfunction b/555555"
            }
          }
        }"#;
        let list = RevocationList::from_json(json).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list.get("2C8CDDDFD5E03BFC").unwrap().status, "REVOKED");
        assert_eq!(list.get("00c8966fcb2fbb0d7a").unwrap().status, "SUSPENDED");
        assert!(list.get("1234").is_none());
    }

    #[test]
    fn refuses_malformed_lists() {
        assert!(matches!(
            RevocationList::from_json(br#"{"entries": {"xyz": {"status": "REVOKED"}}}"#),
            Err(RevocationListError::BadSerial(_))
        ));
        assert!(matches!(
            RevocationList::from_json(
                br#"{"entries": {"0a": {"status": "REVOKED"}, "A": {"status": "REVOKED"}}}"#
            ),
            Err(RevocationListError::DuplicateSerial(_))
        ));
        assert!(RevocationList::from_json(br#"{"entries": {"0a": {}}}"#).is_err());
        assert!(RevocationList::from_json(br#"[]"#).is_err());
        assert!(RevocationList::from_json(br#"{"entries": {}, "more": 1}"#).is_err());
    }
}
