//! The signed lists: publication (in the database, one sequence number per publication), the
//! in-memory copy every replica serves with `ETag` and `Cache-Control`, and the revocation
//! deltas made from the database on demand (stored once signed, so every replica serves the
//! same bytes, and cached here).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use axum::body::Bytes;
use tokio::sync::{watch, Notify};
use vneid_core::clock::UnixTime;
use vneid_core::trust::TrustBundle;

use crate::config::{Layout, ServiceConfig};
use crate::error::{Error, Result};
use crate::signing::Signing;
use crate::store::Store;

/// One list as served.
#[derive(Clone, Debug)]
pub struct Served {
    /// Sequence number.
    pub sequence: u64,
    /// The signed bytes.
    pub body: Bytes,
    /// `"trust-<n>"` / `"revocation-<n>"`.
    pub etag: String,
}

/// Both lists as served.
#[derive(Clone, Debug)]
pub struct Lists {
    /// The trust list.
    pub trust: Served,
    /// The revocation list.
    pub revocation: Served,
}

/// Publishes what is due at `now`: the revocation list when a revocation waits (or `force`),
/// either list when it is past half its lifetime. Writes `public/` when `layout` is given.
/// Returns whether anything was published.
pub async fn publish_due(
    store: &Store,
    signing: &Signing,
    config: &ServiceConfig,
    layout: Option<&Layout>,
    now: UnixTime,
    force: bool,
) -> Result<bool> {
    let lifetime = config.list_lifetime_secs;
    // The lists' state without their bodies (the revocation list is about a megabyte at
    // national scale, and this runs every poll).
    let (_, trust_next, _) = store
        .list_meta("trust")
        .await?
        .ok_or(Error::NotFound("trust list"))?;
    let (_, revocation_next, dirty) = store
        .list_meta("revocation")
        .await?
        .ok_or(Error::NotFound("revocation list"))?;
    let due = |next_update: UnixTime| next_update - now < lifetime / 2;
    let mut published = false;
    if force || due(trust_next) {
        store
            .publish("trust", now, now + lifetime, |seq, _| {
                signing.trust_list(seq, now, lifetime)
            })
            .await?;
        published = true;
    }
    if force || dirty || due(revocation_next) {
        let seq = store
            .publish("revocation", now, now + lifetime, |seq, revoked| {
                signing.revocation_list(seq, now, lifetime, revoked)
            })
            .await?;
        tracing::info!(sequence = seq, "revocation list published");
        published = true;
    }
    if published {
        if let Some(layout) = layout {
            let lists = load(store).await?;
            let bundle = TrustBundle {
                trust_list: lists.trust.body.to_vec(),
                revocation_list: lists.revocation.body.to_vec(),
            };
            signing.write_public(layout.dir(), &bundle)?;
        }
    }
    Ok(published)
}

/// Reads both lists from the database.
pub async fn load(store: &Store) -> Result<Lists> {
    let served = |name: &str, row: Option<crate::store::ListRow>| {
        let row = row.ok_or(Error::NotFound("list (run init)"))?;
        Ok::<_, Error>(Served {
            sequence: row.sequence,
            etag: vneid_client::list_etag(name, row.sequence),
            body: Bytes::from(row.body),
        })
    };
    Ok(Lists {
        trust: served("trust", store.list("trust").await?)?,
        revocation: served("revocation", store.list("revocation").await?)?,
    })
}

/// The lists this process serves, and the publication hand-shake with the handlers that wait
/// for a revocation to be on a published list.
#[derive(Debug)]
pub struct ListCache {
    current: RwLock<Arc<Lists>>,
    /// Requests to publish, counted; a request is served by a publication that started after it.
    requested: AtomicU64,
    /// The last request number a finished publication covers.
    done: watch::Sender<u64>,
    wake: Notify,
}

impl ListCache {
    /// A cache holding `lists`.
    pub fn new(lists: Lists) -> Self {
        ListCache {
            current: RwLock::new(Arc::new(lists)),
            requested: AtomicU64::new(0),
            done: watch::channel(0).0,
            wake: Notify::new(),
        }
    }

    /// The lists served now.
    pub fn current(&self) -> Arc<Lists> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Replaces the lists served.
    pub fn set(&self, lists: Lists) {
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(lists);
    }

    /// Asks the publisher to publish now (a revocation committed); returns the ticket to wait
    /// for with [`ListCache::wait`].
    pub fn request(&self) -> u64 {
        let ticket = self.requested.fetch_add(1, Ordering::SeqCst) + 1;
        self.wake.notify_one();
        ticket
    }

    /// Waits until a publication that started after `ticket` was requested has finished and
    /// its lists are served.
    pub async fn wait(&self, ticket: u64) {
        let mut rx = self.done.subscribe();
        let _ = rx.wait_for(|done| *done >= ticket).await;
    }

    /// For the publisher: the requests a publication starting now covers.
    pub(crate) fn start_round(&self) -> u64 {
        self.requested.load(Ordering::SeqCst)
    }

    /// For the publisher: a round covering `ticket` is done.
    pub(crate) fn finish_round(&self, ticket: u64) {
        self.done.send_replace(ticket);
    }

    /// For the publisher: wait for a request or `period`.
    pub(crate) async fn sleep(&self, period: std::time::Duration) {
        let _ = tokio::time::timeout(period, self.wake.notified()).await;
    }
}

/// Why no delta is served: the client fetches the full list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoDelta {
    /// The base is not a list published within the delta window (too old, or unknown).
    Unknown,
    /// The delta would name more serials than the full list.
    Larger,
}

/// The signed delta from revocation list `since` to `current` (the list this replica serves),
/// made from the database: the stored bytes if another request (or replica) made it first,
/// else signed now and stored. `Err(NoDelta)` when it cannot or should not be made.
pub async fn make_delta(
    store: &Store,
    signing: &Signing,
    config: &ServiceConfig,
    now: UnixTime,
    since: u64,
    current: &Served,
) -> Result<std::result::Result<Bytes, NoDelta>> {
    if since >= current.sequence {
        return Ok(Err(NoDelta::Unknown));
    }
    if let Some(body) = store.revocation_delta(since, current.sequence).await? {
        return Ok(Ok(Bytes::from(body)));
    }
    let Some(base) = store.revocation_publication(since).await? else {
        return Ok(Err(NoDelta::Unknown));
    };
    if base.issued_at < now - config.revocation_delta_window_secs {
        return Ok(Err(NoDelta::Unknown));
    }
    let Some(to) = store.revocation_publication(current.sequence).await? else {
        return Ok(Err(NoDelta::Unknown));
    };
    let (added, removed) = store.revocation_changes(&base, &to).await?;
    if (added.len() + removed.len()) as u64 > to.revoked {
        return Ok(Err(NoDelta::Larger));
    }
    let body = signing.revocation_delta(
        since,
        (to.sequence, to.issued_at, to.next_update),
        &added,
        &removed,
    )?;
    let stored = store
        .store_revocation_delta(since, current.sequence, &body)
        .await?;
    Ok(Ok(Bytes::from(stored)))
}

/// Most bytes of deltas a replica keeps in memory.
const MAX_CACHED_DELTA_BYTES: usize = 32 << 20;
/// Most answers it keeps (bases asked for are the client's choice: refusals count too).
const MAX_CACHED_DELTAS: usize = 4096;

/// The deltas to the current revocation list made by this replica, by base: the same
/// request is answered with the same bytes, without the database.
#[derive(Debug, Default)]
pub struct DeltaCache {
    inner: Mutex<DeltaCacheInner>,
}

#[derive(Debug, Default)]
struct DeltaCacheInner {
    current: u64,
    bytes: usize,
    by_base: HashMap<u64, std::result::Result<Bytes, NoDelta>>,
}

impl DeltaCache {
    /// What was made for (`since`, `current`), if anything.
    pub fn get(&self, since: u64, current: u64) -> Option<std::result::Result<Bytes, NoDelta>> {
        let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if inner.current != current {
            return None;
        }
        inner.by_base.get(&since).cloned()
    }

    /// Keeps what was made for (`since`, `current`); a newer `current` drops the rest.
    pub fn put(&self, since: u64, current: u64, made: std::result::Result<Bytes, NoDelta>) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if current < inner.current {
            return;
        }
        let size = made.as_ref().map_or(0, Bytes::len);
        if current > inner.current
            || inner.bytes + size > MAX_CACHED_DELTA_BYTES
            || inner.by_base.len() >= MAX_CACHED_DELTAS
        {
            *inner = DeltaCacheInner {
                current,
                ..DeltaCacheInner::default()
            };
        }
        if inner.by_base.insert(since, made).is_none() {
            inner.bytes += size;
        }
    }
}
