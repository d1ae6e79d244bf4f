//! Ví giấy tờ — the wallet, the holder's role: papers issued by the authority's agencies (ID
//! card, driving licence, health-insurance card, vehicle registration, …), kept encrypted on
//! the phone, and shown to an officer as a QR that discloses only the fields the citizen
//! chooses ([`crate::presentation`]).
//!
//! - [`store`]: the encrypted file and the [`store::SecretStore`] holding its key;
//! - [`Wallet`]: add, replace, remove, list with status, detail, present.
//!
//! Byte layouts: `docs/wallet-protocol.md`.

pub mod store;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ciborium::value::Value;

use store::DataKey;
pub use store::{SecretStore, WALLET_KEY_NAME};

use crate::certificate::Serial;
use crate::clock::UnixTime;
use crate::cose::{self, entry, MapReader};
use crate::keys::Signer;
use crate::paper::{FieldView, Paper, PaperStatus, PAPER_TYPES};
use crate::presentation::{present, PresentationQr};
use crate::storage::{self, WriteStep};
use crate::trust::RevocationList;
use crate::{Error, Result};

/// Most papers a wallet holds.
pub const MAX_PAPERS: usize = 256;

/// The definition of [`PaperSummary`] as a macro, so that the FFI crate declares the very same
/// item to uniffi (`#[uniffi::remote(..)]`) from this one source: no copy to keep in step.
#[doc(hidden)]
#[macro_export]
macro_rules! __vneid_paper_summary {
    ($(#[$m:meta])*) => {
        /// One line of the wallet list.
        $(#[$m])*
        pub struct PaperSummary {
            /// Serial.
            pub serial: Serial,
            /// Type code.
            pub type_code: String,
            /// Vietnamese name of the type.
            pub name_vi: String,
            /// English name of the type.
            pub name_en: String,
            /// Issuing agency code.
            pub agency: String,
            /// Start of validity.
            pub valid_from: UnixTime,
            /// End of validity, exclusive.
            pub valid_until: UnixTime,
            /// Status at the time asked.
            pub status: PaperStatus,
        }
    };
}
__vneid_paper_summary!(#[derive(Clone, Debug, PartialEq, Eq)]);

/// A paper on screen: the summary, the agency's names and every field with both labels.
/// ID-number fields are masked unless revealed on request ([`FieldView::revealed_text`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaperDetail {
    /// Type, serial, validity, status.
    pub summary: PaperSummary,
    /// Vietnamese name of the agency.
    pub agency_name_vi: String,
    /// English name of the agency.
    pub agency_name_en: String,
    /// Fields in display order.
    pub fields: Vec<FieldView>,
}

/// The wallet: papers in memory, an encrypted file on disk. Every change is written (atomically)
/// before it shows in memory; if the write fails the wallet reloads what the disk holds.
pub struct Wallet {
    path: PathBuf,
    key: DataKey,
    generation: u64,
    papers: Vec<Paper>,
    /// Holds the newest generation written ([`WALLET_GENERATION_NAME`]), so an older copy of
    /// the file put back under the same key is refused.
    secrets: Arc<dyn SecretStore>,
}

/// Name, in the [`SecretStore`], of the newest wallet generation written.
pub const WALLET_GENERATION_NAME: &str = "wallet-generation";

impl fmt::Debug for Wallet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wallet")
            .field("path", &self.path)
            .field("generation", &self.generation)
            .field("papers", &self.papers)
            .finish_non_exhaustive()
    }
}

impl Wallet {
    /// Creates an empty wallet file at `path`, under the data key named [`WALLET_KEY_NAME`] in
    /// `secrets` (made and stored first if there is none). Refuses if the file exists.
    pub fn create(path: &Path, secrets: Arc<dyn SecretStore>) -> Result<Self> {
        if path.exists() {
            return Err(Error::InvalidArgument(
                "a wallet file already exists there".into(),
            ));
        }
        let key = DataKey::load_or_create(secrets.as_ref(), WALLET_KEY_NAME)?;
        // A new file continues the count of any wallet this store held before, so an old
        // copy of that one cannot come back either.
        let generation = stored_generation(secrets.as_ref())?.unwrap_or(0);
        let mut w = Wallet {
            path: path.to_owned(),
            key,
            generation,
            papers: Vec::new(),
            secrets,
        };
        w.commit(Vec::new())?;
        Ok(w)
    }

    /// Opens an existing wallet. A missing file or key, a wrong key, a damaged, truncated or
    /// unknown-version file: each is its own error, never an empty wallet.
    ///
    /// A file older than the last one this wallet wrote (an earlier copy put back: papers
    /// would vanish without a word) is [`Error::StaleWallet`].
    pub fn open(path: &Path, secrets: Arc<dyn SecretStore>) -> Result<Self> {
        if !path.exists() {
            return Err(Error::NotFound {
                what: "wallet file",
            });
        }
        let key = DataKey::load(secrets.as_ref(), WALLET_KEY_NAME)?.ok_or(Error::NotFound {
            what: "wallet data key",
        })?;
        let (generation, papers) = read(path, &key)?;
        match stored_generation(secrets.as_ref())? {
            Some(newest) if generation < newest => {
                return Err(Error::StaleWallet {
                    found: generation,
                    newest,
                })
            }
            // A crash between writing the file and recording its generation: catch up.
            Some(newest) if generation > newest => store_generation(secrets.as_ref(), generation)?,
            None => store_generation(secrets.as_ref(), generation)?,
            Some(_) => {}
        }
        Ok(Wallet {
            path: path.to_owned(),
            key,
            generation,
            papers,
            secrets,
        })
    }

    /// Opens the wallet at `path`, creating an empty one if there is no file.
    pub fn open_or_create(path: &Path, secrets: Arc<dyn SecretStore>) -> Result<Self> {
        if path.exists() {
            Self::open(path, secrets)
        } else {
            Self::create(path, secrets)
        }
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many times the file was written (1 after [`Wallet::create`]).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The papers, by type (in [`PAPER_TYPES`] order) then serial.
    pub fn papers(&self) -> &[Paper] {
        &self.papers
    }

    /// The paper with this serial.
    pub fn get(&self, serial: Serial) -> Option<&Paper> {
        self.papers.iter().find(|p| p.serial() == serial)
    }

    /// A paper by serial (16 hex digits) or by type code when the wallet holds exactly one of
    /// that type.
    pub fn find(&self, selector: &str) -> Result<&Paper> {
        if let Ok(serial) = Serial::from_hex(selector) {
            if let Some(p) = self.get(serial) {
                return Ok(p);
            }
        }
        let mut of_type = self
            .papers
            .iter()
            .filter(|p| p.paper_type().code == selector);
        match (of_type.next(), of_type.next()) {
            (Some(p), None) => Ok(p),
            (Some(_), Some(_)) => Err(Error::InvalidArgument(format!(
                "the wallet holds several papers of type {selector}: name one by serial"
            ))),
            _ => Err(Error::NotFound { what: "paper" }),
        }
    }

    /// Adds a paper. Refused if one with the same serial is held, if the type allows one per
    /// citizen and one is held (use [`Wallet::replace`] for a re-issue), or if the holder is
    /// not the holder of the papers already held.
    pub fn add(&mut self, paper: Paper) -> Result<()> {
        if self.replaced_index(&paper).is_some() {
            return Err(Error::InvalidArgument(format!(
                "the wallet already holds this {}: replace it instead",
                paper.paper_type().code
            )));
        }
        self.check_holder(&paper)?;
        let mut papers = self.papers.clone();
        papers.push(paper);
        self.commit(papers)
    }

    /// Replaces a paper by its re-issue: the held paper with the same serial or, for a type
    /// that allows one per citizen, the held paper of that type. Returns the old paper.
    pub fn replace(&mut self, paper: Paper) -> Result<Paper> {
        let i = self.replaced_index(&paper).ok_or(Error::NotFound {
            what: "paper to replace",
        })?;
        self.check_holder(&paper)?;
        let mut papers = self.papers.clone();
        let old = std::mem::replace(&mut papers[i], paper);
        self.commit(papers)?;
        Ok(old)
    }

    /// Adds, or replaces what [`Wallet::replace`] would; returns the replaced paper, if any.
    pub fn add_or_replace(&mut self, paper: Paper) -> Result<Option<Paper>> {
        if self.replaced_index(&paper).is_some() {
            self.replace(paper).map(Some)
        } else {
            self.add(paper).map(|()| None)
        }
    }

    /// Replaces every paper by `papers` in one write — after a re-enrolment the authority
    /// re-issues them all to the new device key — and returns the old ones. All must be for
    /// one device; on any refusal or failed write nothing changes.
    pub fn replace_all(&mut self, papers: Vec<Paper>) -> Result<Vec<Paper>> {
        if let Some(first) = papers.first() {
            if papers.iter().any(|p| p.holder() != first.holder()) {
                return Err(Error::InvalidArgument(
                    "the papers are issued to different devices".into(),
                ));
            }
        }
        let old = self.papers.clone();
        self.commit(papers)?;
        Ok(old)
    }

    /// Removes the paper with this serial and returns it.
    pub fn remove(&mut self, serial: Serial) -> Result<Paper> {
        let i = self
            .papers
            .iter()
            .position(|p| p.serial() == serial)
            .ok_or(Error::NotFound { what: "paper" })?;
        let mut papers = self.papers.clone();
        let old = papers.remove(i);
        self.commit(papers)?;
        Ok(old)
    }

    /// Every paper with its status at `now` (revoked if `revocation` names its serial).
    pub fn list(&self, now: UnixTime, revocation: Option<&RevocationList>) -> Vec<PaperSummary> {
        self.papers
            .iter()
            .map(|p| summary(p, now, revocation))
            .collect()
    }

    /// One paper (see [`Wallet::find`]) with labels in both languages, masked by default.
    pub fn detail(
        &self,
        selector: &str,
        now: UnixTime,
        revocation: Option<&RevocationList>,
    ) -> Result<PaperDetail> {
        Ok(detail(self.find(selector)?, now, revocation))
    }

    /// A presentation QR of a paper (see [`Wallet::find`]) disclosing `fields`, signed by the
    /// device key, valid 60 s from `now` (see [`presentation::present`]).
    pub fn present(
        &self,
        selector: &str,
        fields: &[&str],
        device: &dyn Signer,
        now: UnixTime,
    ) -> Result<PresentationQr> {
        present(self.find(selector)?, fields, device, now)
    }

    fn replaced_index(&self, paper: &Paper) -> Option<usize> {
        self.papers
            .iter()
            .position(|p| p.serial() == paper.serial())
            .or_else(|| {
                let ty = paper.paper_type();
                if ty.single {
                    self.papers.iter().position(|p| p.paper_type() == ty)
                } else {
                    None
                }
            })
    }

    fn check_holder(&self, paper: &Paper) -> Result<()> {
        let other = |p: &&Paper| p.serial() != paper.serial() && p.holder() != paper.holder();
        if self.papers.iter().any(|p| other(&p)) {
            return Err(Error::InvalidArgument(
                "the paper is issued to another device than the wallet's papers".into(),
            ));
        }
        Ok(())
    }

    fn commit(&mut self, papers: Vec<Paper>) -> Result<()> {
        self.commit_with(papers, &mut |_| Ok(()))
    }

    /// Writes `papers` as the next generation, then shows them. On a failed write the wallet
    /// reloads the file, which holds the old or the new papers, never a mix.
    pub(crate) fn commit_with(
        &mut self,
        mut papers: Vec<Paper>,
        hook: &mut dyn FnMut(WriteStep) -> std::io::Result<()>,
    ) -> Result<()> {
        if papers.len() > MAX_PAPERS {
            return Err(Error::InvalidArgument(format!(
                "a wallet holds at most {MAX_PAPERS} papers"
            )));
        }
        papers.sort_by_key(|p| (type_rank(p), p.serial()));
        let generation = self.generation + 1;
        let file = store::seal(&self.key, &encode(generation, &papers)?)?;
        match storage::write_atomic_with(&self.path, &file, true, hook) {
            Ok(()) => {
                self.generation = generation;
                self.papers = papers;
                // After the file: a crash in between leaves the file one ahead, which `open`
                // accepts and records.
                store_generation(self.secrets.as_ref(), generation)
            }
            Err(e) => {
                if let Ok((g, p)) = read(&self.path, &self.key) {
                    self.generation = g;
                    self.papers = p;
                }
                Err(e)
            }
        }
    }
}

fn stored_generation(secrets: &dyn SecretStore) -> Result<Option<u64>> {
    match secrets.get(WALLET_GENERATION_NAME)? {
        None => Ok(None),
        Some(b) => b
            .as_slice()
            .try_into()
            .map(|a| Some(u64::from_be_bytes(a)))
            .map_err(|_| Error::Keystore("the wallet generation record is damaged".into())),
    }
}

fn store_generation(secrets: &dyn SecretStore, generation: u64) -> Result<()> {
    secrets.put(WALLET_GENERATION_NAME, &generation.to_be_bytes())
}

fn type_rank(p: &Paper) -> usize {
    PAPER_TYPES
        .iter()
        .position(|t| t.code == p.paper_type().code)
        .unwrap_or(usize::MAX)
}

fn summary(p: &Paper, now: UnixTime, revocation: Option<&RevocationList>) -> PaperSummary {
    let ty = p.paper_type();
    PaperSummary {
        serial: p.serial(),
        type_code: ty.code.to_owned(),
        name_vi: ty.name_vi.to_owned(),
        name_en: ty.name_en.to_owned(),
        agency: ty.agency.to_owned(),
        valid_from: p.valid_from(),
        valid_until: p.valid_until(),
        status: p.status(now, revocation),
    }
}

/// The detail view of one paper.
pub fn detail(p: &Paper, now: UnixTime, revocation: Option<&RevocationList>) -> PaperDetail {
    let agency = p.paper_type().agency();
    PaperDetail {
        summary: summary(p, now, revocation),
        agency_name_vi: agency.map(|a| a.name_vi).unwrap_or_default().to_owned(),
        agency_name_en: agency.map(|a| a.name_en).unwrap_or_default().to_owned(),
        fields: p.views(),
    }
}

// The plaintext inside the encrypted file: CBOR {1: generation, 2: [stored paper bstr, …]}.
const PLAIN_GENERATION: i64 = 1;
const PLAIN_PAPERS: i64 = 2;

fn encode(generation: u64, papers: &[Paper]) -> Result<Vec<u8>> {
    let papers = papers
        .iter()
        .map(|p| p.to_bytes().map(Value::Bytes))
        .collect::<Result<Vec<_>>>()?;
    cose::to_cbor(&Value::Map(vec![
        entry(PLAIN_GENERATION, generation),
        entry(PLAIN_PAPERS, Value::Array(papers)),
    ]))
}

fn read(path: &Path, key: &DataKey) -> Result<(u64, Vec<Paper>)> {
    let plain = store::read_file(path, key)?;
    // It decrypted, so it is what this wallet wrote; failing to read it now is a bug or a
    // format this build does not know, reported as corruption rather than as an empty wallet.
    let corrupt = |detail: &str| Error::Corrupt {
        what: "wallet file",
        detail: detail.to_owned(),
    };
    let v = cose::from_cbor(&plain, store::MAX_WALLET_BYTES, "wallet content")
        .map_err(|_| corrupt("content is not CBOR"))?;
    let mut m = MapReader::new(v, "wallet content").map_err(|_| corrupt("content is not a map"))?;
    let generation = m
        .uint(PLAIN_GENERATION)
        .map_err(|_| corrupt("no generation"))?;
    let raw = m.array(PLAIN_PAPERS).map_err(|_| corrupt("no papers"))?;
    if raw.len() > MAX_PAPERS {
        return Err(corrupt("too many papers"));
    }
    let papers = raw
        .into_iter()
        .map(|v| match v {
            Value::Bytes(b) => Paper::from_bytes(&b).map_err(|_| corrupt("unreadable paper")),
            _ => Err(corrupt("unreadable paper")),
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((generation, papers))
}

#[cfg(test)]
mod tests;
