//! Starting and stopping the service, in-process (tests, the demo) or from `main`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use vneid_core::clock::{Clock, SystemClock};

use crate::api::{self, AppState};
use crate::attest::Policies;
use crate::auth::{Passwords, RateLimiter};
use crate::challenge::{Challenges, HmacChallenges};
use crate::config::{Config, Layout};
use crate::error::{Error, Result};
use crate::lists::{self, ListCache};
use crate::net::{self, NetLimits};
use crate::signing::Signing;
use crate::store::Store;
use crate::{admin, tls};

/// How to run the service.
pub struct ServiceOptions {
    /// The authority folder (`vneid-authority init`).
    pub dir: PathBuf,
    /// Where to listen (`127.0.0.1:0` picks a free port).
    pub listen: SocketAddr,
    /// `postgres://…`, or `None` for SQLite in the folder.
    pub database_url: Option<String>,
    /// The clock (the real one in production; tests move a fake one).
    pub clock: Arc<dyn Clock>,
    /// Instead of `config.json` (tests).
    pub config: Option<Config>,
    /// Instead of the policies `config.json` describes (tests pin their test roots).
    pub policies: Option<Policies>,
    /// Instead of the HMAC challenges of the folder's key (a test of the public vectors,
    /// whose challenge is fixed).
    pub challenges: Option<Arc<dyn Challenges>>,
}

impl ServiceOptions {
    /// The folder and the address, everything else from the folder, the real clock.
    pub fn new(dir: impl Into<PathBuf>, listen: SocketAddr) -> Self {
        ServiceOptions {
            dir: dir.into(),
            listen,
            database_url: None,
            clock: Arc::new(SystemClock),
            config: None,
            policies: None,
            challenges: None,
        }
    }
}

/// A running service.
pub struct Running {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    server: JoinHandle<()>,
    publisher: JoinHandle<()>,
    state: Arc<AppState>,
}

/// Starts the service: opens the database (migrating it), publishes what is due, binds,
/// serves.
pub async fn start(opts: ServiceOptions) -> Result<Running> {
    let layout = Layout::new(&opts.dir);
    let config = match opts.config {
        Some(c) => c,
        None => Config::load(&layout)?,
    };
    let policies = match opts.policies {
        Some(p) => p,
        None => Policies::from_config(&config.attestation, &layout)?,
    };
    let signing = Arc::new(Signing::load(&opts.dir)?);
    let url = opts
        .database_url
        .unwrap_or_else(|| layout.default_database_url());
    let service = config.service.clone();
    let store = Store::open(
        &url,
        service.database_connections,
        &service.sqlite_synchronous,
    )
    .await?;
    let clock = opts.clock;
    let now = clock.now();
    admin::prepare_lists(&store, &signing, &service, now).await?;
    lists::publish_due(&store, &signing, &service, Some(&layout), now, false).await?;
    let cache = Arc::new(ListCache::new(lists::load(&store).await?));
    let tls = tls::server_config(&layout)?;
    let listener = TcpListener::bind(opts.listen)
        .await
        .map_err(Error::io(format!("listening on {}", opts.listen)))?;
    let addr = listener
        .local_addr()
        .map_err(Error::io("listening address"))?;
    let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
    let challenges: Arc<dyn Challenges> = match opts.challenges {
        Some(c) => c,
        None => HmacChallenges::load_or_create(&opts.dir)?,
    };
    let state = Arc::new(AppState {
        passwords: Passwords::new(&service)?,
        per_address: RateLimiter::new(service.login_per_address_per_minute),
        per_account: RateLimiter::new(service.login_per_account_per_minute),
        per_session: RateLimiter::new(service.challenges_per_session_per_minute),
        hashing: Semaphore::new(cpus),
        cpu: Semaphore::new(cpus * 2),
        store,
        signing,
        policies: Arc::new(RwLock::new(policies)),
        config: service.clone(),
        clock,
        lists: cache,
        challenges,
        serials: Default::default(),
        deltas: Default::default(),
    });
    let (stop, rx) = watch::channel(false);
    let publisher = tokio::spawn(publisher(state.clone(), layout, rx.clone()));
    let limits = NetLimits {
        max_connections: service.max_connections,
        handshake: Duration::from_millis(service.handshake_timeout_ms),
        header: Duration::from_millis(service.handshake_timeout_ms),
    };
    let server = tokio::spawn(net::serve(
        listener,
        TlsAcceptor::from(tls),
        api::router(state.clone()),
        limits,
        rx,
    ));
    tracing::info!(%addr, backend = ?state.store.backend(), "serving");
    Ok(Running {
        addr,
        stop,
        server,
        publisher,
        state,
    })
}

/// Publishes revocations (when a handler asks, or when one is waiting: another replica or
/// an operator command), republishes lists before they go stale, and keeps the served copy
/// in step with the database.
async fn publisher(state: Arc<AppState>, layout: Layout, mut stop: watch::Receiver<bool>) {
    let period = Duration::from_millis(state.config.publish_poll_ms.max(10));
    let mut rounds: u64 = 0;
    loop {
        if *stop.borrow() {
            break;
        }
        let ticket = state.lists.start_round();
        let now = state.clock.now();
        if let Err(e) = lists::publish_due(
            &state.store,
            &state.signing,
            &state.config,
            Some(&layout),
            now,
            false,
        )
        .await
        {
            tracing::error!(error = %e, "publication failed");
        }
        match state.store.list_state().await {
            Ok((t, r, _)) => {
                let held = state.lists.current();
                if t != held.trust.sequence || r != held.revocation.sequence {
                    match lists::load(&state.store).await {
                        Ok(l) => state.lists.set(l),
                        Err(e) => tracing::error!(error = %e, "reading the lists failed"),
                    }
                }
            }
            Err(e) => tracing::error!(error = %e, "reading the list state failed"),
        }
        state.lists.finish_round(ticket);
        rounds += 1;
        if rounds.is_multiple_of(60) {
            if let Err(e) = state.store.purge(now).await {
                tracing::warn!(error = %e, "purge failed");
            }
            let window_start = now - state.config.revocation_delta_window_secs;
            let current = state.lists.current().revocation.sequence;
            if let Err(e) = state
                .store
                .purge_revocation_deltas(window_start, current)
                .await
            {
                tracing::warn!(error = %e, "purging revocation deltas failed");
            }
        }
        tokio::select! {
            _ = state.lists.sleep(period) => {}
            _ = stop.changed() => break,
        }
    }
}

impl Running {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `https://<addr>`.
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// The attestation policies in force; replace them to take a new status list or pins.
    pub fn policies(&self) -> Arc<RwLock<Policies>> {
        self.state.policies.clone()
    }

    /// The database.
    pub fn store(&self) -> &Store {
        &self.state.store
    }

    /// Waits for one publisher round that started after this call (anything revoked before
    /// it is then on the served list).
    pub async fn sync_lists(&self) {
        let t = self.state.lists.request();
        self.state.lists.wait(t).await;
    }

    /// The sequence numbers of the lists served now.
    pub fn served_sequences(&self) -> (u64, u64) {
        let l = self.state.lists.current();
        (l.trust.sequence, l.revocation.sequence)
    }

    /// Stops: no new connections, requests in flight finish, the database is closed.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.server.await;
        let _ = self.publisher.await;
        self.state.store.close().await;
    }
}

/// The service on its own runtime, for callers without one (tests, the CLI's demo).
pub struct ServiceHandle {
    runtime: Option<tokio::runtime::Runtime>,
    running: Option<Running>,
}

impl ServiceHandle {
    /// Starts the service on a new two-thread runtime.
    pub fn spawn(opts: ServiceOptions) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .thread_name("vneid-authority")
            .build()
            .map_err(Error::io("starting the runtime"))?;
        let running = runtime.block_on(start(opts))?;
        Ok(ServiceHandle {
            runtime: Some(runtime),
            running: Some(running),
        })
    }

    fn running(&self) -> &Running {
        self.running.as_ref().expect("running until shut down")
    }

    /// The address.
    pub fn addr(&self) -> SocketAddr {
        self.running().addr()
    }

    /// `https://<addr>`.
    pub fn url(&self) -> String {
        self.running().url()
    }

    /// The policies in force.
    pub fn policies(&self) -> Arc<RwLock<Policies>> {
        self.running().policies()
    }

    /// Runs a future on the service's runtime (tests reach the database this way).
    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.runtime.as_ref().expect("runtime").block_on(f)
    }

    /// The database.
    pub fn store(&self) -> Store {
        self.running().store().clone()
    }

    /// See [`Running::sync_lists`].
    pub fn sync_lists(&self) {
        self.block_on(self.running().sync_lists());
    }

    /// See [`Running::served_sequences`].
    pub fn served_sequences(&self) -> (u64, u64) {
        self.running().served_sequences()
    }

    /// Stops the service and its runtime.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let (Some(rt), Some(running)) = (self.runtime.take(), self.running.take()) {
            rt.block_on(running.shutdown());
            rt.shutdown_timeout(Duration::from_secs(2));
        }
    }
}

impl Drop for ServiceHandle {
    fn drop(&mut self) {
        self.stop();
    }
}
