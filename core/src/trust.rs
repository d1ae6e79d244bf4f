//! What an officer's app trusts: the authority's pinned root key, the root-signed trust list
//! (issuer keys by `kid`, each with a purpose and validity) and the root-signed revocation list
//! (device-certificate serials). Sequence numbers never go back, so an old list cannot be
//! swapped in; a list past its `next_update` is flagged as stale.
//!
//! Byte layout: `docs/protocol.md` §5.

use std::path::Path;

use ciborium::value::Value;
use coset::HeaderBuilder;

use crate::certificate::{public_key_from_cose, public_key_to_cose};
use crate::clock::UnixTime;
use crate::cose::{self, entry, MapReader};
use crate::keys::{PublicKey, Signer};
use crate::revoked::RevokedSet;
use crate::storage;
use crate::{Error, Result};

/// Length of the root key id and issuer key ids (bytes of SHA-256 over the key).
pub const KID_LEN: usize = 4;

/// Largest list accepted, checked before parsing.
pub const MAX_LIST_BYTES: usize = 4 * 1024 * 1024;

const CT_TRUST_LIST: &str = "application/vnd.vneid.trust-list+cbor";
const CT_REVOCATION_LIST: &str = "application/vnd.vneid.revocation-list+cbor";
const CT_REVOCATION_DELTA: &str = "application/vnd.vneid.revocation-delta+cbor";

/// What an issuer key may sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyPurpose {
    /// Device certificates at enrolment.
    DeviceCertificate = 1,
    /// Papers (credentials) of one agency.
    Paper = 2,
}

impl KeyPurpose {
    fn from_int(i: i64) -> Option<Self> {
        match i {
            1 => Some(KeyPurpose::DeviceCertificate),
            2 => Some(KeyPurpose::Paper),
            _ => None,
        }
    }
}

/// One issuer key in the trust list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedIssuer {
    /// Key id, as in the `kid` header of what it signs.
    pub kid: Vec<u8>,
    /// What it may sign.
    pub purpose: KeyPurpose,
    /// Agency code (e.g. `C06`); papers name their agency and must match.
    pub agency: String,
    /// Public key.
    pub key: PublicKey,
    /// Start of the key's validity.
    pub not_before: UnixTime,
    /// End of the key's validity, exclusive.
    pub not_after: UnixTime,
}

impl TrustedIssuer {
    /// Whether the key is valid at `t`.
    pub fn valid_at(&self, t: UnixTime) -> bool {
        self.not_before <= t && t < self.not_after
    }
}

/// The trust list's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustList {
    /// Monotonic sequence number.
    pub sequence: u64,
    /// When the authority made it.
    pub issued_at: UnixTime,
    /// After this the list is stale: still used, but flagged.
    pub next_update: UnixTime,
    /// Issuer keys.
    pub issuers: Vec<TrustedIssuer>,
}

/// The revocation list's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevocationList {
    /// Monotonic sequence number, independent of the trust list's.
    pub sequence: u64,
    /// When the authority made it.
    pub issued_at: UnixTime,
    /// After this the list is stale: still used, but flagged.
    pub next_update: UnixTime,
    /// Revoked serials: device certificates (a stolen phone) and papers, in one numbering.
    pub revoked: RevokedSet,
}

/// A day's change to a revocation list: the serials revoked since, and the ones dropped
/// (certificates and papers past their own end need no entry), signed by the root like a list.
/// It applies only to the held list it names (`base_sequence`) and gives a list of its own
/// sequence number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevocationDelta {
    /// The sequence number of the list it gives.
    pub sequence: u64,
    /// When the authority made it.
    pub issued_at: UnixTime,
    /// The `next_update` of the list it gives.
    pub next_update: UnixTime,
    /// The sequence number of the list it applies to.
    pub base_sequence: u64,
    /// Revoked since the base.
    pub added: RevokedSet,
    /// Dropped since the base.
    pub removed: RevokedSet,
}

fn header_fields(m: &mut MapReader) -> Result<(u64, UnixTime, UnixTime)> {
    Ok((m.uint(1)?, m.int(2)?, m.int(3)?))
}

impl TrustList {
    /// Signs the list with the root key.
    pub fn sign(&self, root: &dyn Signer, root_kid: &[u8]) -> Result<Vec<u8>> {
        let issuers = self
            .issuers
            .iter()
            .map(|i| {
                Ok(Value::Map(vec![
                    entry(1, i.kid.clone()),
                    entry(2, i.purpose as i64),
                    entry(3, i.agency.as_str()),
                    entry(4, public_key_to_cose(&i.key, &i.kid)?),
                    entry(5, i.not_before),
                    entry(6, i.not_after),
                ]))
            })
            .collect::<Result<Vec<_>>>()?;
        let payload = Value::Map(vec![
            entry(1, self.sequence),
            entry(2, self.issued_at),
            entry(3, self.next_update),
            entry(4, Value::Array(issuers)),
        ]);
        sign_list(root, root_kid, CT_TRUST_LIST, &payload)
    }

    /// Verifies against the pinned root and parses.
    pub fn verify(bytes: &[u8], root: &PublicKey) -> Result<Self> {
        const WHAT: &str = "trust list";
        let mut m = verified_payload(bytes, root, CT_TRUST_LIST, WHAT)?;
        let (sequence, issued_at, next_update) = header_fields(&mut m)?;
        let mut issuers = Vec::new();
        for v in m.array(4)? {
            let mut i = MapReader::new(v, WHAT)?;
            let kid = i.bytes(1)?;
            let purpose = KeyPurpose::from_int(i.int(2)?).ok_or(Error::malformed(WHAT))?;
            let agency = i.text(3)?;
            let key = public_key_from_cose(i.req(4)?)?;
            let (not_before, not_after) = (i.int(5)?, i.int(6)?);
            if kid.is_empty() || issuers.iter().any(|x: &TrustedIssuer| x.kid == kid) {
                return Err(Error::malformed(WHAT)); // a kid must name one key
            }
            issuers.push(TrustedIssuer {
                kid,
                purpose,
                agency,
                key,
                not_before,
                not_after,
            });
        }
        Ok(TrustList {
            sequence,
            issued_at,
            next_update,
            issuers,
        })
    }

    /// The issuer with this `kid`.
    pub fn issuer(&self, kid: &[u8]) -> Option<&TrustedIssuer> {
        self.issuers.iter().find(|i| i.kid == kid)
    }
}

fn set_entries(first_key: i64, set: &RevokedSet) -> [(Value, Value); 3] {
    let (k, bits) = set.encode();
    [
        entry(first_key, set.len() as u64),
        entry(first_key + 1, u64::from(k)),
        entry(first_key + 2, bits),
    ]
}

fn read_set(m: &mut MapReader, first_key: i64, what: &'static str) -> Result<RevokedSet> {
    let count = m.uint(first_key)?;
    let k = u8::try_from(m.uint(first_key + 1)?).map_err(|_| Error::malformed(what))?;
    RevokedSet::decode(count, k, &m.bytes(first_key + 2)?, what)
}

impl RevocationList {
    /// Signs the list with the root key.
    pub fn sign(&self, root: &dyn Signer, root_kid: &[u8]) -> Result<Vec<u8>> {
        let mut payload = vec![
            entry(1, self.sequence),
            entry(2, self.issued_at),
            entry(3, self.next_update),
        ];
        payload.extend(set_entries(4, &self.revoked));
        sign_list(root, root_kid, CT_REVOCATION_LIST, &Value::Map(payload))
    }

    /// Verifies against the pinned root and parses.
    pub fn verify(bytes: &[u8], root: &PublicKey) -> Result<Self> {
        const WHAT: &str = "revocation list";
        let mut m = verified_payload(bytes, root, CT_REVOCATION_LIST, WHAT)?;
        let (sequence, issued_at, next_update) = header_fields(&mut m)?;
        let revoked = read_set(&mut m, 4, WHAT)?;
        m.finish()?;
        Ok(RevocationList {
            sequence,
            issued_at,
            next_update,
            revoked,
        })
    }

    /// The list `delta` gives from this one; `Err(StaleList)` unless the delta names this
    /// list as its base and is newer.
    pub fn apply(&self, delta: &RevocationDelta) -> Result<RevocationList> {
        if delta.base_sequence != self.sequence || delta.sequence <= self.sequence {
            return Err(Error::StaleList {
                what: "revocation delta",
                offered: delta.base_sequence,
                held: self.sequence,
            });
        }
        Ok(RevocationList {
            sequence: delta.sequence,
            issued_at: delta.issued_at,
            next_update: delta.next_update,
            revoked: self.revoked.apply(&delta.added, &delta.removed),
        })
    }
}

impl RevocationDelta {
    /// The delta from `base` to `next` (the authority publishes it beside the full list).
    pub fn between(base: &RevocationList, next: &RevocationList) -> Self {
        let added = next
            .revoked
            .iter()
            .filter(|s| !base.revoked.contains(s))
            .collect();
        let removed = base
            .revoked
            .iter()
            .filter(|s| !next.revoked.contains(s))
            .collect();
        RevocationDelta {
            sequence: next.sequence,
            issued_at: next.issued_at,
            next_update: next.next_update,
            base_sequence: base.sequence,
            added,
            removed,
        }
    }

    /// Signs the delta with the root key.
    pub fn sign(&self, root: &dyn Signer, root_kid: &[u8]) -> Result<Vec<u8>> {
        let mut payload = vec![
            entry(1, self.sequence),
            entry(2, self.issued_at),
            entry(3, self.next_update),
        ];
        payload.extend(set_entries(4, &self.added));
        payload.extend(set_entries(7, &self.removed));
        payload.push(entry(10, self.base_sequence));
        sign_list(root, root_kid, CT_REVOCATION_DELTA, &Value::Map(payload))
    }

    /// Verifies against the pinned root and parses.
    pub fn verify(bytes: &[u8], root: &PublicKey) -> Result<Self> {
        const WHAT: &str = "revocation delta";
        let mut m = verified_payload(bytes, root, CT_REVOCATION_DELTA, WHAT)?;
        let (sequence, issued_at, next_update) = header_fields(&mut m)?;
        let added = read_set(&mut m, 4, WHAT)?;
        let removed = read_set(&mut m, 7, WHAT)?;
        let base_sequence = m.uint(10)?;
        m.finish()?;
        Ok(RevocationDelta {
            sequence,
            issued_at,
            next_update,
            base_sequence,
            added,
            removed,
        })
    }
}

fn sign_list(
    root: &dyn Signer,
    kid: &[u8],
    content_type: &str,
    payload: &Value,
) -> Result<Vec<u8>> {
    let h = HeaderBuilder::new()
        .key_id(kid.to_vec())
        .content_type(content_type.to_owned());
    cose::encode_sign1(cose::sign1(h, cose::to_cbor(payload)?, root)?, true)
}

fn verified_payload(
    bytes: &[u8],
    root: &PublicKey,
    content_type: &str,
    what: &'static str,
) -> Result<MapReader> {
    let msg = cose::parse_sign1_strict(
        bytes,
        MAX_LIST_BYTES,
        what,
        &[cose::HeaderParam::KeyId, cose::HeaderParam::ContentType],
    )?;
    cose::verify1(&msg, root).map_err(|_| Error::Untrusted { what })?;
    // The content type is under the signature: a revocation list cannot pass as a trust list.
    let ct_ok = matches!(
        &msg.protected.header.content_type,
        Some(coset::ContentType::Text(t)) if t == content_type
    );
    if !ct_ok {
        return Err(Error::Untrusted { what });
    }
    let payload = msg.payload.as_deref().ok_or(Error::malformed(what))?;
    MapReader::new(cose::from_cbor(payload, MAX_LIST_BYTES, what)?, what)
}

/// Why a verdict may deserve a second look even when every check passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TrustWarning {
    /// The trust list is past its `next_update`: connect to refresh it.
    TrustListStale,
    /// The revocation list is past its `next_update`: a recent revocation may be missing.
    RevocationListStale,
}

/// The verifier's trust anchors: a pinned root key and the newest lists it accepted.
#[derive(Clone, Debug)]
pub struct TrustStore {
    root: PublicKey,
    trust: Option<(TrustList, Vec<u8>)>,
    revocation: Option<HeldRevocation>,
}

/// A revocation list as held: the signed full list, the signed deltas applied to it in order,
/// and the list they give.
#[derive(Clone, Debug)]
struct HeldRevocation {
    list: RevocationList,
    base: Vec<u8>,
    deltas: Vec<Vec<u8>>,
}

/// Most deltas held on one full list: past this a device fetches the full list again (a
/// month of daily deltas; it bounds the work of reopening a state folder).
pub const MAX_HELD_DELTAS: usize = 64;

impl TrustStore {
    /// An empty store that will accept only lists signed by `root`.
    pub fn new(root: PublicKey) -> Self {
        TrustStore {
            root,
            trust: None,
            revocation: None,
        }
    }

    /// The pinned root key.
    pub fn root(&self) -> &PublicKey {
        &self.root
    }

    /// Installs a trust list if it verifies and its sequence number is newer than the held
    /// one. The same list again is accepted as a no-op; an older one, or a different list with
    /// the same number, is refused with [`Error::StaleList`].
    pub fn update_trust_list(&mut self, bytes: &[u8]) -> Result<&TrustList> {
        let list = TrustList::verify(bytes, &self.root)?;
        if let Some((held, held_bytes)) = &self.trust {
            check_newer(
                "trust list",
                list.sequence,
                held.sequence,
                bytes == held_bytes.as_slice(),
            )?;
        }
        Ok(&self.trust.insert((list, bytes.to_vec())).0)
    }

    /// As [`TrustStore::update_trust_list`], for the full revocation list. A full list under
    /// the sequence number the held deltas reached is accepted when it says the same (it
    /// replaces the base and its deltas).
    pub fn update_revocation_list(&mut self, bytes: &[u8]) -> Result<&RevocationList> {
        let list = RevocationList::verify(bytes, &self.root)?;
        if let Some(held) = &self.revocation {
            let same = if held.deltas.is_empty() {
                bytes == held.base.as_slice()
            } else {
                list == held.list
            };
            check_newer("revocation list", list.sequence, held.list.sequence, same)?;
        }
        let held = self.revocation.insert(HeldRevocation {
            list,
            base: bytes.to_vec(),
            deltas: Vec::new(),
        });
        Ok(&held.list)
    }

    /// Applies a signed [`RevocationDelta`] to the held revocation list. It must verify against
    /// the pinned root and name the held list as its base; the last delta applied again is a
    /// no-op. Without a held list, or past [`MAX_HELD_DELTAS`], the full list is needed
    /// ([`Error::NoTrustList`], [`Error::TooLarge`]); any other base is [`Error::StaleList`].
    pub fn apply_revocation_delta(&mut self, bytes: &[u8]) -> Result<&RevocationList> {
        let delta = RevocationDelta::verify(bytes, &self.root)?;
        let held = self.revocation.as_mut().ok_or(Error::NoTrustList)?;
        if held.deltas.last().is_some_and(|d| d.as_slice() == bytes) {
            return Ok(&held.list);
        }
        if held.deltas.len() >= MAX_HELD_DELTAS {
            return Err(Error::TooLarge {
                what: "revocation deltas",
                len: held.deltas.len() + 1,
                limit: MAX_HELD_DELTAS,
            });
        }
        held.list = held.list.apply(&delta)?;
        held.deltas.push(bytes.to_vec());
        Ok(&held.list)
    }

    /// Takes each of `other`'s lists (with its deltas) that is newer than the held one; nothing
    /// from a store pinned to another root.
    pub fn take_newer(&mut self, other: &TrustStore) {
        if other.root != self.root {
            return;
        }
        let newer = |o: Option<u64>, h: Option<u64>| o.is_some() && (h.is_none() || o > h);
        if newer(
            other.trust_list().map(|l| l.sequence),
            self.trust_list().map(|l| l.sequence),
        ) {
            self.trust.clone_from(&other.trust);
        }
        if newer(
            other.revocation_list().map(|l| l.sequence),
            self.revocation_list().map(|l| l.sequence),
        ) {
            self.revocation.clone_from(&other.revocation);
        }
    }

    /// The trust list, if one is loaded.
    pub fn trust_list(&self) -> Option<&TrustList> {
        self.trust.as_ref().map(|(l, _)| l)
    }

    /// The revocation list, if one is loaded.
    pub fn revocation_list(&self) -> Option<&RevocationList> {
        self.revocation.as_ref().map(|h| &h.list)
    }

    /// The signed bytes of the held lists, to persist and reload: the trust list and the full
    /// revocation list (see [`TrustStore::signed_deltas`] for the deltas applied since).
    pub fn signed_lists(&self) -> (Option<&[u8]>, Option<&[u8]>) {
        (
            self.trust.as_ref().map(|(_, b)| b.as_slice()),
            self.revocation.as_ref().map(|h| h.base.as_slice()),
        )
    }

    /// The signed revocation deltas applied to the held full list, in order.
    pub fn signed_deltas(&self) -> &[Vec<u8>] {
        self.revocation
            .as_ref()
            .map_or(&[], |h| h.deltas.as_slice())
    }

    /// Both lists, or [`Error::NoTrustList`]: the verifier fails closed without either.
    pub fn lists(&self) -> Result<(&TrustList, &RevocationList)> {
        match (self.trust_list(), self.revocation_list()) {
            (Some(t), Some(r)) => Ok((t, r)),
            _ => Err(Error::NoTrustList),
        }
    }

    /// Whether a held list is more than `max_staleness` seconds past its `next_update` at
    /// `now` (or none is held): then nothing can be verified against the store.
    pub fn too_old(&self, now: UnixTime, max_staleness: i64) -> bool {
        let old = |next: UnixTime| now > next.saturating_add(max_staleness);
        match (self.trust_list(), self.revocation_list()) {
            (Some(t), Some(r)) => old(t.next_update) || old(r.next_update),
            _ => true,
        }
    }

    /// Staleness warnings at `now`.
    pub fn warnings(&self, now: UnixTime) -> Vec<TrustWarning> {
        let mut w = Vec::new();
        if self.trust_list().is_some_and(|l| now > l.next_update) {
            w.push(TrustWarning::TrustListStale);
        }
        if self.revocation_list().is_some_and(|l| now > l.next_update) {
            w.push(TrustWarning::RevocationListStale);
        }
        w
    }
}

fn check_newer(what: &'static str, offered: u64, held: u64, identical: bool) -> Result<()> {
    if offered > held || (offered == held && identical) {
        Ok(())
    } else {
        Err(Error::StaleList {
            what,
            offered,
            held,
        })
    }
}

/// The two signed lists, as an authority publishes them and a verifier installs them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustBundle {
    /// Signed trust list.
    pub trust_list: Vec<u8>,
    /// Signed revocation list.
    pub revocation_list: Vec<u8>,
}

/// Writes the public half of a trust anchor set: `root-key.cbor` (COSE_Key), `trust-list.cose`,
/// `revocation-list.cose`. This is what an officer's device receives.
pub fn write_public(dir: &Path, root: &PublicKey, bundle: &TrustBundle) -> Result<()> {
    storage::create_dir(dir)?;
    let root_key = public_key_to_cose(root, &root.key_id(KID_LEN))?;
    storage::write_atomic(&dir.join(ROOT_KEY_FILE), &cose::to_cbor(&root_key)?)?;
    storage::write_atomic(&dir.join(TRUST_LIST_FILE), &bundle.trust_list)?;
    storage::write_atomic(&dir.join(REVOCATION_LIST_FILE), &bundle.revocation_list)
}

/// File names under `public/`.
pub const ROOT_KEY_FILE: &str = "root-key.cbor";
/// Signed trust list file.
pub const TRUST_LIST_FILE: &str = "trust-list.cose";
/// Signed revocation list file.
pub const REVOCATION_LIST_FILE: &str = "revocation-list.cose";
/// The signed revocation deltas applied to it since, in order (a CBOR array of byte strings;
/// only in a [`TrustCache`]).
pub const REVOCATION_DELTAS_FILE: &str = "revocation-deltas.cbor";
/// Most bytes of [`REVOCATION_DELTAS_FILE`].
const MAX_DELTAS_FILE_BYTES: usize = 4 * MAX_LIST_BYTES;

/// Reads the public parts written by [`write_public`]: the root key to pin and the lists.
pub fn read_public(dir: &Path) -> Result<(PublicKey, TrustBundle)> {
    let root = read_root_key(&dir.join(ROOT_KEY_FILE))?;
    let limit = MAX_LIST_BYTES;
    Ok((
        root,
        TrustBundle {
            trust_list: storage::read_limited(&dir.join(TRUST_LIST_FILE), limit, "trust list")?,
            revocation_list: storage::read_limited(
                &dir.join(REVOCATION_LIST_FILE),
                limit,
                "revocation list",
            )?,
        },
    ))
}

/// A verifier's or a holder's own copy of the authority's public parts, kept in a folder: the
/// root key pinned once (at set-up; never replaced by a file found elsewhere) and the newest
/// trust and revocation lists accepted, written back atomically. Lists offered later go
/// through the [`TrustStore`] rules: signed by the pinned root, never older than the held one,
/// never a different list under the same sequence number.
#[derive(Debug)]
pub struct TrustCache {
    dir: std::path::PathBuf,
    store: TrustStore,
}

/// What an offered list did to a [`TrustCache`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offered {
    /// It was newer than the held one (or there was none): it is held now.
    Installed {
        /// Its sequence number.
        sequence: u64,
    },
    /// It is the held list itself.
    AlreadyHeld,
}

impl TrustCache {
    /// Pins `root` in `dir` (created if missing) and opens the cache. A folder that already
    /// pins another root key is refused ([`Error::Untrusted`]): the pin is never replaced.
    pub fn pin(dir: &Path, root: &PublicKey) -> Result<Self> {
        let path = dir.join(ROOT_KEY_FILE);
        if path.exists() {
            let cache = Self::open(dir)?;
            if cache.root() != root {
                return Err(Error::Untrusted {
                    what: "pinned root key",
                });
            }
            return Ok(cache);
        }
        storage::create_dir(dir)?;
        let root_key = public_key_to_cose(root, &root.key_id(KID_LEN))?;
        storage::write_atomic(&path, &cose::to_cbor(&root_key)?)?;
        Self::open(dir)
    }

    /// Opens a cache pinned earlier: the root key, and whatever lists it holds (each verified
    /// again; a held list that no longer verifies is [`Error::Corrupt`], never ignored).
    pub fn open(dir: &Path) -> Result<Self> {
        let root = read_root_key(&dir.join(ROOT_KEY_FILE))?;
        let mut store = TrustStore::new(root);
        let held = |name: &str, what: &'static str| -> Result<Option<Vec<u8>>> {
            match storage::read_limited(&dir.join(name), MAX_LIST_BYTES, what) {
                Ok(b) => Ok(Some(b)),
                Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                    Ok(None)
                }
                Err(e) => Err(e),
            }
        };
        let corrupt = |what: &'static str| {
            move |_| Error::Corrupt {
                what,
                detail: "the held copy does not verify against the pinned root".into(),
            }
        };
        if let Some(b) = held(TRUST_LIST_FILE, "trust list")? {
            store
                .update_trust_list(&b)
                .map_err(corrupt("held trust list"))?;
        }
        if let Some(b) = held(REVOCATION_LIST_FILE, "revocation list")? {
            store
                .update_revocation_list(&b)
                .map_err(corrupt("held revocation list"))?;
            for d in read_deltas(dir)? {
                let res = store.apply_revocation_delta(&d).map(|_| ());
                match res {
                    Ok(()) => {}
                    // Left from before a newer full list was written (the file goes after it).
                    Err(Error::StaleList { .. }) if superseded(&store, &d) => {}
                    Err(e) => return Err(corrupt("held revocation delta")(e)),
                }
            }
        }
        Ok(TrustCache {
            dir: dir.to_owned(),
            store,
        })
    }

    /// The pinned root key.
    pub fn root(&self) -> &PublicKey {
        self.store.root()
    }

    /// The held lists.
    pub fn store(&self) -> &TrustStore {
        &self.store
    }

    /// Offers a signed trust list: installed (and written) if newer, [`Offered::AlreadyHeld`]
    /// if it is the held one; an older list or another list under the held sequence number is
    /// [`Error::StaleList`] and changes nothing.
    pub fn offer_trust_list(&mut self, bytes: &[u8]) -> Result<Offered> {
        self.offer(bytes, TRUST_LIST_FILE)
    }

    /// As [`TrustCache::offer_trust_list`], for the revocation list.
    pub fn offer_revocation_list(&mut self, bytes: &[u8]) -> Result<Offered> {
        self.offer(bytes, REVOCATION_LIST_FILE)
    }

    /// Offers a signed [`RevocationDelta`]: applied to the held revocation list (and the delta
    /// written beside it) when it names that list as its base; [`Offered::AlreadyHeld`] if it
    /// is the last one applied. Anything else changes nothing (see
    /// [`TrustStore::apply_revocation_delta`]).
    pub fn offer_revocation_delta(&mut self, bytes: &[u8]) -> Result<Offered> {
        let mut store = self.store.clone();
        let before = store.signed_deltas().len();
        let sequence = store.apply_revocation_delta(bytes)?.sequence;
        if store.signed_deltas().len() == before {
            return Ok(Offered::AlreadyHeld);
        }
        write_deltas(&self.dir, store.signed_deltas())?;
        self.store = store;
        Ok(Offered::Installed { sequence })
    }

    fn offer(&mut self, bytes: &[u8], file: &str) -> Result<Offered> {
        let mut store = self.store.clone();
        let (held, sequence) = if file == TRUST_LIST_FILE {
            let held = store.signed_lists().0.map(<[u8]>::to_vec);
            (held, store.update_trust_list(bytes)?.sequence)
        } else {
            let held = store.signed_lists().1.map(<[u8]>::to_vec);
            (held, store.update_revocation_list(bytes)?.sequence)
        };
        if held.as_deref() == Some(bytes) {
            return Ok(Offered::AlreadyHeld);
        }
        // On disk first: what is believed is always what a restart finds.
        storage::write_atomic(&self.dir.join(file), bytes)?;
        if file == REVOCATION_LIST_FILE {
            // The new full list includes every held delta; a crash before this line leaves
            // deltas that `open` recognises as superseded.
            write_deltas(&self.dir, &[])?;
        }
        self.store = store;
        Ok(Offered::Installed { sequence })
    }
}

/// Whether a held delta gives a list no newer than the held one.
fn superseded(store: &TrustStore, delta: &[u8]) -> bool {
    let held = store.revocation_list().map_or(0, |l| l.sequence);
    RevocationDelta::verify(delta, store.root()).is_ok_and(|d| d.sequence <= held)
}

fn read_deltas(dir: &Path) -> Result<Vec<Vec<u8>>> {
    const WHAT: &str = "revocation deltas";
    let bytes = match storage::read_limited(
        &dir.join(REVOCATION_DELTAS_FILE),
        MAX_DELTAS_FILE_BYTES,
        WHAT,
    ) {
        Ok(b) => b,
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Vec::new())
        }
        Err(e) => return Err(e),
    };
    match cose::from_cbor(&bytes, MAX_DELTAS_FILE_BYTES, WHAT)? {
        Value::Array(items) if items.len() <= MAX_HELD_DELTAS => items
            .into_iter()
            .map(|v| match v {
                Value::Bytes(b) => Ok(b),
                _ => Err(Error::malformed(WHAT)),
            })
            .collect(),
        _ => Err(Error::malformed(WHAT)),
    }
}

fn write_deltas(dir: &Path, deltas: &[Vec<u8>]) -> Result<()> {
    let path = dir.join(REVOCATION_DELTAS_FILE);
    if deltas.is_empty() {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::io("remove", &path, e))
            }
            _ => Ok(()),
        };
    }
    let v = Value::Array(deltas.iter().map(|d| Value::Bytes(d.clone())).collect());
    storage::write_atomic(&path, &cose::to_cbor(&v)?)
}

/// Reads a root key file (`root-key.cbor`, a COSE_Key).
pub fn read_root_key(path: &Path) -> Result<PublicKey> {
    let root = storage::read_limited(path, 1024, "root key")?;
    public_key_from_cose(cose::from_cbor(&root, 1024, "root key")?)
}
