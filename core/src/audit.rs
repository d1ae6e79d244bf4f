//! The officer's scan log: one JSON line per scan — time, verdict, reason, certificate serial,
//! masked ID number, SHA-256 of the token id — and nothing more personal. Each line carries the
//! hash of the previous one, so an edited, inserted or deleted line breaks the chain; the
//! verdicts it holds refill the replay cache after a restart.
//!
//! Limits, stated: the chain proves the file was not altered in its middle; truncating whole
//! lines at the end is detectable only against a count kept elsewhere.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::clock::UnixTime;
use crate::verdict::{Checked, Verdict};
use crate::{storage, Error, Result};

/// Largest log read back, checked before reading (about 200,000 scans).
pub const MAX_LOG_BYTES: usize = 64 * 1024 * 1024;

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One scan, as logged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// 1, 2, 3, … in file order.
    pub seq: u64,
    /// When the scan happened.
    pub time: UnixTime,
    /// `genuine` or `fake`.
    pub verdict: String,
    /// The reason code for a fake.
    pub reason: Option<String>,
    /// A genuine token seen before.
    pub repeat: bool,
    /// Paper type for a presentation, e.g. `cccd`; `None` for the identity QR.
    #[serde(default)]
    pub paper: Option<String>,
    /// Device-certificate serial (genuine only).
    pub serial: Option<String>,
    /// Masked personal ID number (genuine only).
    pub masked_id: Option<String>,
    /// Hex SHA-256 of the token id, when the token parsed.
    pub token: Option<String>,
    /// The token's expiry (genuine only), to refill the replay cache.
    pub expires_at: Option<UnixTime>,
    /// Hash of the previous line (zeros for the first).
    pub prev: String,
}

#[derive(Serialize, Deserialize)]
struct Line {
    #[serde(flatten)]
    entry: AuditEntry,
    hash: String,
}

fn entry_hash(e: &AuditEntry) -> Result<String> {
    let bytes = serde_json::to_vec(e).map_err(|_| Error::malformed("audit entry"))?;
    Ok(crate::hex(&crate::keys::sha256(&bytes)))
}

/// Whether the chain checks out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Integrity {
    /// Every line present and unaltered.
    Intact,
    /// The first line (1-based) where the chain breaks, and how.
    Broken {
        /// Line number.
        line: usize,
        /// What was found.
        detail: String,
    },
}

/// An open audit log.
#[derive(Debug)]
pub struct AuditLog {
    path: PathBuf,
    entries: Vec<AuditEntry>,
    last_hash: String,
    integrity: Integrity,
    needs_newline: bool,
}

impl AuditLog {
    /// Opens (or creates) the log and checks its chain.
    pub fn open(path: &Path) -> Result<Self> {
        let data = match storage::read_limited(path, MAX_LOG_BYTES, "audit log") {
            Ok(d) => d,
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                Vec::new()
            }
            Err(e) => return Err(e),
        };
        let mut log = AuditLog {
            path: path.to_owned(),
            entries: Vec::new(),
            last_hash: GENESIS.to_owned(),
            integrity: Integrity::Intact,
            needs_newline: !data.is_empty() && !data.ends_with(b"\n"),
        };
        for (i, raw) in data.split(|b| *b == b'\n').enumerate() {
            if raw.is_empty() {
                continue;
            }
            let lineno = i + 1;
            let parsed: Option<Line> = serde_json::from_slice(raw).ok();
            let Some(line) = parsed else {
                log.broken(lineno, "unreadable line");
                continue;
            };
            if line.entry.prev != log.last_hash {
                log.broken(
                    lineno,
                    "does not follow the previous line (edited, inserted or deleted)",
                );
            } else if entry_hash(&line.entry)? != line.hash {
                log.broken(lineno, "content does not match its hash (edited)");
            } else if line.entry.seq != log.entries.len() as u64 + 1 {
                log.broken(lineno, "sequence number out of order");
            }
            log.last_hash = line.hash;
            log.entries.push(line.entry);
        }
        Ok(log)
    }

    fn broken(&mut self, line: usize, detail: &str) {
        if self.integrity == Integrity::Intact {
            self.integrity = Integrity::Broken {
                line,
                detail: detail.to_owned(),
            };
        }
    }

    /// The chain's state as found when opened.
    pub fn integrity(&self) -> &Integrity {
        &self.integrity
    }

    /// Entries in order.
    pub fn entries(&self) -> &[AuditEntry] {
        &self.entries
    }

    /// Genuine tokens not yet expired at `now`: (token-id digest, expiry), for the replay cache.
    pub fn live_tokens(&self, now: UnixTime) -> impl Iterator<Item = ([u8; 32], UnixTime)> + '_ {
        self.entries.iter().filter_map(move |e| {
            let exp = e.expires_at.filter(|x| *x > now)?;
            let digest: [u8; 32] = crate::unhex(e.token.as_deref()?)?.try_into().ok()?;
            (e.verdict == "genuine").then_some((digest, exp))
        })
    }

    /// Appends a scan and syncs it to disk before returning.
    pub fn append(&mut self, time: UnixTime, checked: &Checked) -> Result<AuditEntry> {
        let (verdict, reason, repeat, paper, serial, masked_id, expires_at) = match &checked.verdict
        {
            Verdict::Genuine(g) => (
                "genuine",
                None,
                g.repeat,
                g.paper.as_ref().map(|p| p.type_code.clone()),
                Some(g.certificate_serial.to_string()),
                Some(g.subject.identity.personal_id.masked()),
                Some(g.expires_at),
            ),
            Verdict::Fake { reason } => (
                "fake",
                Some(reason.code().to_owned()),
                false,
                None,
                None,
                None,
                None,
            ),
        };
        let entry = AuditEntry {
            seq: self.entries.len() as u64 + 1,
            time,
            verdict: verdict.to_owned(),
            reason,
            repeat,
            paper,
            serial,
            masked_id,
            token: checked.token_digest.map(|d| crate::hex(&d)),
            expires_at,
            prev: self.last_hash.clone(),
        };
        let hash = entry_hash(&entry)?;
        let mut text = serde_json::to_string(&Line {
            entry: entry.clone(),
            hash: hash.clone(),
        })
        .map_err(|_| Error::malformed("audit entry"))?;
        text.push('\n');
        if self.needs_newline {
            text.insert(0, '\n');
        }
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| Error::io("open", &self.path, e))?;
        f.write_all(text.as_bytes())
            .and_then(|_| f.sync_data())
            .map_err(|e| Error::io("append", &self.path, e))?;
        self.needs_newline = false;
        self.last_hash = hash;
        self.entries.push(entry.clone());
        Ok(entry)
    }
}
