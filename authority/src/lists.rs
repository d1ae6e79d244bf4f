//! The signed lists: publication (in the database, one sequence number per publication) and
//! the in-memory copy every replica serves with `ETag` and `Cache-Control`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

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
