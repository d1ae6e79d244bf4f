//! The officer's scan log: one JSON line per scan — time, verdict, reason, certificate serial,
//! masked ID number, the scan's replay key (a hash) — and nothing more personal.
//!
//! **Tamper evidence.** Each line carries `mac = HMAC-SHA256(key, previous mac ‖ entry)`, under a
//! key kept in the officer's secret storage (the platform keystore on a phone, a 0600 file in
//! the CLI), never in the log. An **anchor** — the entry count and the newest MAC — is kept
//! there too and rewritten after every append. So editing, inserting, deleting or swapping a
//! line breaks the chain; recomputing the chain needs the key; cutting lines off the end leaves
//! the log shorter than its anchor; and each of these is reported, by every open.
//!
//! **A broken log never resets the replay cache**: every line that can still be read gives its
//! token to [`AuditLog::live_tokens`], verified or not.
//!
//! **Size.** The log is a folder of segments `audit-000001.log`, `audit-000002.log`, …, each at
//! most [`SEGMENT_BYTES`]; the chain runs on across them. Opening reads them one at a time, so
//! a log of any length opens (about 200,000 scans fill 64 MiB).

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ring::hmac;
use serde::{Deserialize, Serialize};

use crate::clock::UnixTime;
use crate::storage::SecretStore;
use crate::verdict::{Checked, Verdict};
use crate::{storage, Error, Result};

/// Largest segment; the next scan starts a new one.
pub const SEGMENT_BYTES: u64 = 8 * 1024 * 1024;
/// Name of the log's MAC key in the secret storage.
pub const AUDIT_KEY_NAME: &str = "audit-log-key";
/// Name of the log's anchor (entry count, newest MAC, segment) in the secret storage.
pub const AUDIT_ANCHOR_NAME: &str = "audit-log-anchor";

const SEGMENT_PREFIX: &str = "audit-";
const SEGMENT_SUFFIX: &str = ".log";
const KEY_LEN: usize = 32;
const MAC_LEN: usize = 32;
const ANCHOR_LEN: usize = 8 + MAC_LEN + 4;
/// A segment read back may be this much larger than [`SEGMENT_BYTES`] (the line that crossed
/// the limit); anything larger is not ours.
const MAX_LINE_BYTES: u64 = 64 * 1024;

/// One scan, as logged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// 1, 2, 3, … in log order, across segments.
    pub seq: u64,
    /// When the scan happened.
    pub time: UnixTime,
    /// `genuine`, `fake` or `unverifiable`.
    pub verdict: String,
    /// The reason code for a fake (or why it could not be verified).
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
    /// Hex of the scan's replay key (SHA-256 of certificate serial and token id), when the
    /// token parsed.
    pub token: Option<String>,
    /// The token's expiry (genuine only), to refill the replay cache.
    pub expires_at: Option<UnixTime>,
}

#[derive(Serialize, Deserialize)]
struct Line {
    #[serde(flatten)]
    entry: AuditEntry,
    mac: String,
}

/// Whether the log checks out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Integrity {
    /// Every line present, unaltered, and as many as the anchor says.
    Intact,
    /// The first place (1-based entry position across segments) where the log breaks, and how.
    Broken {
        /// Entry position.
        line: usize,
        /// What was found.
        detail: String,
    },
}

/// The anchor: how many entries the log held and its newest MAC, after the last append.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Anchor {
    count: u64,
    head: [u8; MAC_LEN],
    segment: u32,
}

impl Anchor {
    fn to_bytes(self) -> [u8; ANCHOR_LEN] {
        let mut b = [0u8; ANCHOR_LEN];
        b[..8].copy_from_slice(&self.count.to_be_bytes());
        b[8..8 + MAC_LEN].copy_from_slice(&self.head);
        b[8 + MAC_LEN..].copy_from_slice(&self.segment.to_be_bytes());
        b
    }

    fn from_bytes(b: &[u8]) -> Option<Self> {
        if b.len() != ANCHOR_LEN {
            return None;
        }
        Some(Anchor {
            count: u64::from_be_bytes(b[..8].try_into().ok()?),
            head: b[8..8 + MAC_LEN].try_into().ok()?,
            segment: u32::from_be_bytes(b[8 + MAC_LEN..].try_into().ok()?),
        })
    }
}

/// An open audit log.
pub struct AuditLog {
    dir: PathBuf,
    key: hmac::Key,
    secrets: Arc<dyn SecretStore>,
    segment_bytes: u64,
    entries: Vec<AuditEntry>,
    /// Replay keys of every readable line, verified or not, with their expiry.
    seen: Vec<([u8; 32], UnixTime)>,
    head: [u8; MAC_LEN],
    count: u64,
    segment: u32,
    segment_len: u64,
    integrity: Integrity,
    needs_newline: bool,
}

impl std::fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditLog")
            .field("dir", &self.dir)
            .field("count", &self.count)
            .field("integrity", &self.integrity)
            .finish_non_exhaustive()
    }
}

fn mac_of(key: &hmac::Key, prev: &[u8; MAC_LEN], entry: &AuditEntry) -> Result<[u8; MAC_LEN]> {
    let json = serde_json::to_vec(entry).map_err(|_| Error::malformed("audit entry"))?;
    let mut ctx = hmac::Context::with_key(key);
    ctx.update(prev);
    ctx.update(&json);
    let tag = ctx.sign();
    let mut out = [0u8; MAC_LEN];
    out.copy_from_slice(tag.as_ref());
    Ok(out)
}

fn segment_name(n: u32) -> String {
    format!("{SEGMENT_PREFIX}{n:06}{SEGMENT_SUFFIX}")
}

/// The segment numbers present in `dir`, in order.
fn segments(dir: &Path) -> Result<Vec<u32>> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read", dir, e)),
    };
    let mut out = Vec::new();
    for e in rd {
        let e = e.map_err(|e| Error::io("read", dir, e))?;
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        if let Some(n) = name
            .strip_prefix(SEGMENT_PREFIX)
            .and_then(|r| r.strip_suffix(SEGMENT_SUFFIX))
            .filter(|n| n.len() == 6)
            .and_then(|n| n.parse::<u32>().ok())
        {
            out.push(n);
        }
    }
    out.sort_unstable();
    Ok(out)
}

impl AuditLog {
    /// Opens (or creates) the log in folder `dir`, with its key and anchor in `secrets`
    /// (made on first use), and checks it.
    pub fn open(dir: &Path, secrets: Arc<dyn SecretStore>) -> Result<Self> {
        Self::open_with_segments(dir, secrets, SEGMENT_BYTES)
    }

    /// As [`AuditLog::open`] with segments of at most `segment_bytes` (tests use small ones).
    pub fn open_with_segments(
        dir: &Path,
        secrets: Arc<dyn SecretStore>,
        segment_bytes: u64,
    ) -> Result<Self> {
        storage::create_private_dir(dir)?;
        let key_bytes = match secrets.get(AUDIT_KEY_NAME)? {
            Some(k) if k.len() == KEY_LEN => k,
            Some(_) => {
                return Err(Error::Keystore(
                    "the audit log key has the wrong length".into(),
                ))
            }
            None => {
                let mut k = vec![0u8; KEY_LEN];
                crate::keys::random_bytes(&mut k)?;
                secrets.put(AUDIT_KEY_NAME, &k)?;
                // Read it back: a store that does not keep the key must fail now.
                secrets
                    .get(AUDIT_KEY_NAME)?
                    .filter(|g| *g == k)
                    .ok_or_else(|| {
                        Error::Keystore("the secret store did not keep the audit log key".into())
                    })?
            }
        };
        let mut log = AuditLog {
            dir: dir.to_owned(),
            key: hmac::Key::new(hmac::HMAC_SHA256, &key_bytes),
            secrets,
            segment_bytes: segment_bytes.max(1),
            entries: Vec::new(),
            seen: Vec::new(),
            head: [0u8; MAC_LEN],
            count: 0,
            segment: 1,
            segment_len: 0,
            integrity: Integrity::Intact,
            needs_newline: false,
        };
        let anchor = match log.secrets.get(AUDIT_ANCHOR_NAME)? {
            None => None,
            Some(b) => Some(Anchor::from_bytes(&b).ok_or_else(|| Error::Corrupt {
                what: "audit log anchor",
                detail: "wrong length".into(),
            })?),
        };
        let mut anchored_mac = None;
        let segs = segments(dir)?;
        for (i, &n) in segs.iter().enumerate() {
            if n != i as u32 + 1 {
                log.broken(
                    log.entries.len() + 1,
                    &format!("segment {} is missing", i + 1),
                );
            }
            let path = dir.join(segment_name(n));
            let data = match storage::read_limited(
                &path,
                (log.segment_bytes + MAX_LINE_BYTES) as usize,
                "audit log segment",
            ) {
                Ok(d) => d,
                Err(Error::TooLarge { .. } | Error::NotRegularFile { .. }) => {
                    log.broken(log.entries.len() + 1, "a segment is not a log segment");
                    continue;
                }
                Err(e) => return Err(e),
            };
            log.segment = n;
            log.segment_len = data.len() as u64;
            log.needs_newline = !data.is_empty() && !data.ends_with(b"\n");
            for raw in data.split(|b| *b == b'\n').filter(|r| !r.is_empty()) {
                log.read_line(raw, anchor.as_ref(), &mut anchored_mac)?;
            }
        }
        log.check_anchor(anchor, anchored_mac);
        Ok(log)
    }

    fn read_line(
        &mut self,
        raw: &[u8],
        anchor: Option<&Anchor>,
        anchored_mac: &mut Option<[u8; MAC_LEN]>,
    ) -> Result<()> {
        let position = self.entries.len() + 1;
        let Some(line) = serde_json::from_slice::<Line>(raw).ok() else {
            self.broken(position, "unreadable line");
            return Ok(());
        };
        // Whatever happens to the chain, a readable line's token stays seen.
        if let (Some(exp), Some(token)) = (line.entry.expires_at, line.entry.token.as_deref()) {
            if let Some(k) = crate::unhex(token).and_then(|b| <[u8; 32]>::try_from(b).ok()) {
                if line.entry.verdict == "genuine" {
                    self.seen.push((k, exp));
                }
            }
        }
        let mac = crate::unhex(&line.mac).and_then(|b| <[u8; MAC_LEN]>::try_from(b).ok());
        if line.entry.seq != self.count + 1 {
            self.broken(position, "sequence number out of order");
        } else if mac != Some(mac_of(&self.key, &self.head, &line.entry)?) {
            self.broken(
                position,
                "does not follow the previous entry (edited, inserted, deleted or re-chained)",
            );
        } else if let Some(m) = mac {
            // A verified entry continues the chain.
            self.head = m;
            self.count += 1;
            if anchor.is_some_and(|a| a.count == self.count) {
                *anchored_mac = Some(m);
            }
        }
        self.entries.push(line.entry);
        Ok(())
    }

    /// The log must hold at least as many verified entries as the anchor says, ending at the
    /// anchored MAC (entries after it are ones appended after the anchor was last written).
    fn check_anchor(&mut self, anchor: Option<Anchor>, anchored_mac: Option<[u8; MAC_LEN]>) {
        match anchor {
            None if self.count > 0 || !self.entries.is_empty() => {
                self.broken(1, "the log has no anchor in the secret storage")
            }
            None => {}
            Some(a) if a.count > self.count => self.broken(
                self.count as usize + 1,
                &format!(
                    "{} entries missing at the end (truncated or deleted)",
                    a.count - self.count
                ),
            ),
            Some(a) if a.count > 0 && anchored_mac != Some(a.head) => self.broken(
                a.count as usize,
                "does not end where its anchor says (re-chained)",
            ),
            Some(_) => {}
        }
    }

    fn broken(&mut self, line: usize, detail: &str) {
        if self.integrity == Integrity::Intact {
            self.integrity = Integrity::Broken {
                line,
                detail: detail.to_owned(),
            };
        }
    }

    /// The log's state as found when opened.
    pub fn integrity(&self) -> &Integrity {
        &self.integrity
    }

    /// Entries in order (verified or not: see [`AuditLog::integrity`]).
    pub fn entries(&self) -> &[AuditEntry] {
        &self.entries
    }

    /// Genuine tokens not yet expired at `now`: (replay key, expiry), for the replay cache —
    /// from every readable line, whether or not the chain holds there.
    pub fn live_tokens(&self, now: UnixTime) -> impl Iterator<Item = ([u8; 32], UnixTime)> + '_ {
        self.seen.iter().copied().filter(move |(_, exp)| *exp > now)
    }

    /// Appends a scan, syncs it to disk, then moves the anchor.
    pub fn append(&mut self, time: UnixTime, checked: &Checked) -> Result<AuditEntry> {
        let (verdict, reason, repeat, paper, serial, masked_id, expires_at) = match &checked.verdict
        {
            Verdict::Genuine(g) => (
                "genuine",
                None,
                g.repeat,
                g.paper.as_ref().map(|p| p.type_code.clone()),
                Some(g.certificate_serial.to_string()),
                g.subject.as_ref().map(|s| s.identity.masked_id.to_string()),
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
            Verdict::CannotVerify { why } => (
                "unverifiable",
                Some(why.code().to_owned()),
                false,
                None,
                None,
                None,
                None,
            ),
        };
        let entry = AuditEntry {
            seq: self.count + 1,
            time,
            verdict: verdict.to_owned(),
            reason,
            repeat,
            paper,
            serial,
            masked_id,
            token: checked.token_digest.map(|d| crate::hex(&d)),
            expires_at,
        };
        let mac = mac_of(&self.key, &self.head, &entry)?;
        let mut text = serde_json::to_string(&Line {
            entry: entry.clone(),
            mac: crate::hex(&mac),
        })
        .map_err(|_| Error::malformed("audit entry"))?;
        text.push('\n');
        if self.segment_len > 0 && self.segment_len + text.len() as u64 > self.segment_bytes {
            self.segment += 1;
            self.segment_len = 0;
            self.needs_newline = false;
        }
        if self.needs_newline {
            text.insert(0, '\n');
        }
        let path = self.dir.join(segment_name(self.segment));
        let mut opts = OpenOptions::new();
        opts.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&path).map_err(|e| Error::io("open", &path, e))?;
        f.write_all(text.as_bytes())
            .and_then(|_| f.sync_data())
            .map_err(|e| Error::io("append", &path, e))?;
        if self.segment_len == 0 {
            storage::sync_dir(&self.dir)?;
        }
        self.segment_len += text.len() as u64;
        self.needs_newline = false;
        self.head = mac;
        self.count += 1;
        if let (Some(k), Some(exp)) = (checked.token_digest, expires_at) {
            self.seen.push((k, exp));
        }
        self.entries.push(entry.clone());
        let anchor = Anchor {
            count: self.count,
            head: self.head,
            segment: self.segment,
        };
        self.secrets.put(AUDIT_ANCHOR_NAME, &anchor.to_bytes())?;
        Ok(entry)
    }
}
