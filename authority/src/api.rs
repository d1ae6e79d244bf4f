//! The HTTP API under `/v1` (`docs/authority-api.md`): handlers, limits, errors.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request, State};
use axum::http::header::{
    AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH, RETRY_AFTER,
};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;
use vneid_client::wire::{
    code, AccountResponse, ChallengeResponse, DeviceInfo, EnrolRequest, EnrolResponse, ErrorBody,
    LoginRequest, LoginResponse, PapersResponse, RevokeResponse, B64,
};
use vneid_core::clock::Clock;
use vneid_core::keys::PublicKey;

use crate::attest::{self, Policies};
use crate::auth::{masked_addr, new_token, token_hash, Passwords, RateLimiter};
use crate::challenge::{ChallengeClaims, Challenges};
use crate::config::ServiceConfig;
use crate::lists::{self, DeltaCache, ListCache, NoDelta};
use crate::signing::{serial_hex, Holder, Signing};
use crate::store::{Enrolment, NewIssued, SessionInfo, Store};

/// Everything a handler needs.
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The keys.
    pub signing: Arc<Signing>,
    /// The attestation policies (replaceable while serving: a new status list, new pins).
    pub policies: Arc<RwLock<Policies>>,
    /// Limits and lifetimes.
    pub config: ServiceConfig,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// Argon2id.
    pub passwords: Passwords,
    /// The lists served.
    pub lists: Arc<ListCache>,
    /// Logins per client address.
    pub per_address: RateLimiter<IpAddr>,
    /// Logins per personal ID.
    pub per_account: RateLimiter<String>,
    /// Challenges per session.
    pub per_session: RateLimiter<[u8; 32]>,
    /// Password hashes run at once (each holds its Argon2 memory).
    pub hashing: Semaphore,
    /// Attestation checks and signing run at once.
    pub cpu: Semaphore,
    /// Enrolment challenges.
    pub challenges: Arc<dyn Challenges>,
    /// Serials reserved from the database in blocks.
    pub serials: SerialBlocks,
    /// The revocation deltas to the served list this replica made.
    pub deltas: DeltaCache,
}

/// Serials taken from blocks reserved in the database (one write per block instead of one per
/// enrolment). Several replicas reserve disjoint blocks; a block's unused serials are skipped
/// after a restart (serials are unique and increasing, not gap-free).
#[derive(Debug, Default)]
pub struct SerialBlocks {
    range: tokio::sync::Mutex<(u64, u64)>,
}

/// Serials reserved at once.
const SERIAL_BLOCK: u64 = 1000;

impl SerialBlocks {
    /// `n` consecutive serials; returns the first.
    pub async fn take(&self, store: &Store, n: u64) -> crate::error::Result<u64> {
        let mut r = self.range.lock().await;
        if r.0 + n > r.1 {
            let size = SERIAL_BLOCK.max(n);
            let first = store.allocate_serials(size).await?;
            *r = (first, first + size);
        }
        let first = r.0;
        r.0 += n;
        Ok(first)
    }
}

/// The client's address, put on each request by the connection loop.
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub IpAddr);

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
}

impl ApiError {
    fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            body: ErrorBody {
                error: code.to_owned(),
                message: message.into(),
                check: None,
                retry_after: None,
            },
        }
    }

    fn retry(mut self, secs: u64) -> Self {
        self.body.retry_after = Some(secs.max(1));
        self
    }

    fn malformed(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code::MALFORMED_REQUEST, message)
    }

    fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            code::UNAUTHORIZED,
            "no valid session: log in",
        )
    }

    fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            code::INTERNAL,
            "the server failed; try again",
        )
    }
}

impl From<crate::error::Error> for ApiError {
    fn from(e: crate::error::Error) -> Self {
        tracing::error!(error = %e, "request failed");
        ApiError::internal()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry = self.body.retry_after;
        let mut r = (self.status, Json(self.body)).into_response();
        if let Some(s) = retry {
            if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
                r.headers_mut().insert(RETRY_AFTER, v);
            }
        }
        r
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// A JSON body, read within the route's size limit; anything else is a typed 400 or 413.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    code::BODY_TOO_LARGE,
                    "the body is larger than this endpoint accepts",
                )
            } else {
                ApiError::malformed("the body could not be read")
            }
        })?;
        serde_json::from_slice(&bytes)
            .map(Body)
            .map_err(|e| ApiError::malformed(format!("not the JSON this endpoint takes: {e}")))
    }
}

/// A valid session, from `Authorization: Bearer`.
pub struct Auth {
    /// The account.
    pub session: SessionInfo,
    /// The token's hash.
    pub token_hash: [u8; 32],
}

impl FromRequestParts<Arc<AppState>> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .filter(|t| t.len() <= 64)
            .ok_or_else(ApiError::unauthorized)?;
        let hash = token_hash(token.trim());
        let session = state
            .store
            .session(&hash, state.clock.now())
            .await?
            .ok_or_else(ApiError::unauthorized)?;
        Ok(Auth {
            session,
            token_hash: hash,
        })
    }
}

fn peer(parts: &Parts) -> IpAddr {
    parts
        .extensions
        .get::<Peer>()
        .map(|p| p.0)
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// The client's address for rate limits: the TCP peer, or, when the peer is a trusted proxy,
/// the nearest hop of `X-Forwarded-For` (read right to left, the headers in order) that is not
/// a trusted proxy. Hops left of it were written by the client and are never read; if that hop
/// does not parse, the proxy's own address is used (a client cannot escape its limit, only share
/// the proxy's). IPv4-mapped IPv6 addresses count as IPv4 everywhere.
fn client_addr(parts: &Parts, trusted: &[IpAddr]) -> IpAddr {
    let peer = peer(parts).to_canonical();
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|t| t.to_canonical() == *ip);
    if !is_trusted(&peer) {
        return peer;
    }
    let mut hops: Vec<&str> = Vec::new();
    for value in parts.headers.get_all("x-forwarded-for") {
        let Ok(v) = value.to_str() else { return peer };
        hops.extend(v.split(','));
    }
    for hop in hops.iter().rev() {
        match parse_hop(hop) {
            Some(ip) if is_trusted(&ip) => continue,
            Some(ip) => return ip,
            None => return peer,
        }
    }
    peer
}

/// One `X-Forwarded-For` entry: an address, an address with a port (`1.2.3.4:5678`,
/// `[2001:db8::1]:443`) or a bracketed IPv6 address.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| {
            hop.strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .and_then(|h| h.parse().ok())
        })
        .map(|ip: IpAddr| ip.to_canonical())
}

/// What the per-address limiter counts by: an IPv4 address, or an IPv6 address's /64 (one
/// subscriber's network: rotating addresses inside it must not give a fresh limit).
fn rate_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

/// The router, with every route's body limit and the handler timeout.
pub fn router(state: Arc<AppState>) -> Router {
    let small = DefaultBodyLimit::max(state.config.max_body_bytes);
    let large = DefaultBodyLimit::max(state.config.max_enrolment_body_bytes);
    let timeout = Duration::from_millis(state.config.request_timeout_ms);
    Router::new()
        .route("/v1/health", get(|| async { "ok" }))
        .route("/v1/login", post(login).layer(small))
        .route("/v1/logout", post(logout).layer(small))
        .route("/v1/account", get(account))
        .route("/v1/enrolment/challenge", post(challenge).layer(small))
        .route("/v1/enrolment", post(enrol).layer(large))
        .route("/v1/papers", get(papers))
        .route("/v1/device/revoke", post(revoke).layer(small))
        .route("/v1/lists/trust", get(trust_list))
        .route("/v1/lists/revocation", get(revocation_list))
        .route("/v1/lists/revocation/delta", get(revocation_delta))
        .fallback(|| async {
            ApiError::new(StatusCode::NOT_FOUND, code::NOT_FOUND, "no such endpoint")
        })
        .layer(small)
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            with_timeout(req, next, timeout)
        }))
        .with_state(state)
}

async fn with_timeout(req: Request, next: Next, limit: Duration) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(r) => r,
        Err(_) => {
            tracing::warn!("request timed out");
            ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                code::TIMEOUT,
                "the request took too long",
            )
            .into_response()
        }
    }
}

/// Runs CPU work (Argon2, attestation, signing) off the async threads, a bounded number at
/// once.
async fn blocking<T: Send + 'static>(
    permits: &Semaphore,
    f: impl FnOnce() -> T + Send + 'static,
) -> ApiResult<T> {
    let _permit = permits.acquire().await.map_err(|_| ApiError::internal())?;
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| ApiError::internal())
}

// ----- login -----

struct LoginParts(IpAddr);

impl FromRequestParts<Arc<AppState>> for LoginParts {
    type Rejection = ApiError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let client = client_addr(parts, &state.config.trusted_proxies);
        Ok(LoginParts(rate_key(client)))
    }
}

fn locked(retry: i64) -> ApiError {
    ApiError::new(
        StatusCode::LOCKED,
        code::LOCKED,
        "too many failed logins: the account is locked for a while",
    )
    .retry(u64::try_from(retry).unwrap_or(1))
}

fn invalid_credentials() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        code::INVALID_CREDENTIALS,
        "wrong personal ID or password",
    )
}

fn rate_limited(wait: u64) -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        code::RATE_LIMITED,
        "too many requests; wait",
    )
    .retry(wait)
}

async fn login(
    State(s): State<Arc<AppState>>,
    LoginParts(ip): LoginParts,
    Body(req): Body<LoginRequest>,
) -> ApiResult<Json<LoginResponse>> {
    let now = s.clock.now();
    if let Err(wait) = s.per_address.check(&ip, now) {
        tracing::warn!(address = %masked_addr(ip), "login rate limited (address)");
        return Err(rate_limited(wait));
    }
    let pid = req.personal_id.trim();
    if pid.len() != 12 || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid_credentials());
    }
    if let Err(wait) = s.per_account.check(&pid.to_owned(), now) {
        tracing::warn!("login rate limited (account)");
        return Err(rate_limited(wait));
    }
    let account = s.store.account_by_personal_id(pid).await?;
    if let Some(a) = &account {
        if a.locked_until > now {
            tracing::info!(account = a.id, "login refused: locked");
            return Err(locked(a.locked_until - now));
        }
    }
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    let passwords = s.passwords.clone();
    let password = req.password;
    let ok = blocking(&s.hashing, move || {
        passwords.verify(&password, hash.as_deref())
    })
    .await?;
    let Some(a) = account else {
        tracing::info!("login failed: unknown account");
        return Err(invalid_credentials());
    };
    if !ok {
        let until = s
            .store
            .login_failed(
                a.id,
                s.config.max_failed_logins,
                now + s.config.lockout_secs,
            )
            .await?;
        if until > now {
            tracing::warn!(account = a.id, "account locked after failed logins");
            return Err(locked(until - now));
        }
        tracing::info!(account = a.id, "login failed: wrong password");
        return Err(invalid_credentials());
    }
    if a.failed_logins != 0 {
        s.store.login_succeeded(a.id).await?;
    }
    let (token, hash) = new_token()?;
    let expires_at = now + s.config.session_secs;
    s.store.create_session(&hash, a.id, now, expires_at).await?;
    tracing::info!(account = a.id, "login");
    Ok(Json(LoginResponse {
        session: token,
        expires_at,
        level: a.level,
        role: a.role,
    }))
}

async fn logout(State(s): State<Arc<AppState>>, auth: Auth) -> ApiResult<StatusCode> {
    s.store.delete_session(&auth.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn account(State(s): State<Arc<AppState>>, auth: Auth) -> ApiResult<Json<AccountResponse>> {
    let device = s.store.active_device(auth.session.account_id).await?;
    Ok(Json(AccountResponse {
        level: auth.session.level,
        role: auth.session.role,
        device: device.map(|d| DeviceInfo {
            serial: serial_hex(d.serial),
            platform: d.platform,
            development: d.development,
            enrolled_at: d.issued_at,
            not_after: d.not_after,
        }),
    }))
}

// ----- enrolment -----

async fn challenge(
    State(s): State<Arc<AppState>>,
    auth: Auth,
) -> ApiResult<Json<ChallengeResponse>> {
    let now = s.clock.now();
    s.per_session
        .check(&auth.token_hash, now)
        .map_err(rate_limited)?;
    let claims = ChallengeClaims {
        account_id: auth.session.account_id,
        generation: auth.session.generation,
        expires_at: now + s.config.challenge_secs,
    };
    // No write: the challenge carries its claims under the service's key.
    let challenge = s.challenges.issue(&claims)?;
    Ok(Json(ChallengeResponse {
        challenge: B64(challenge),
        expires_at: claims.expires_at,
    }))
}

fn challenge_error(code: &str, account_id: i64) -> ApiError {
    let message = match code {
        code::CHALLENGE_USED => {
            tracing::warn!(account = account_id, "challenge replayed");
            "this challenge was used already"
        }
        code::CHALLENGE_EXPIRED => "this challenge has expired; ask for a new one",
        _ => "this challenge was not issued to this account",
    };
    ApiError::new(StatusCode::CONFLICT, code, message)
}

/// What the enrolment's CPU work found.
enum Checked {
    Refused(vneid_attestation::Refusal),
    NoProof,
    Signed(Vec<NewIssued>),
}

fn refused(check: String, message: String) -> ApiError {
    let mut e = ApiError::new(StatusCode::FORBIDDEN, code::ATTESTATION_REFUSED, message);
    e.body.check = Some(check);
    e
}

async fn enrol(
    State(s): State<Arc<AppState>>,
    auth: Auth,
    Body(req): Body<EnrolRequest>,
) -> ApiResult<(StatusCode, Json<EnrolResponse>)> {
    let now = s.clock.now();
    let account_id = auth.session.account_id;
    let device_key = PublicKey::from_sec1(&req.device_key.0)
        .map_err(|_| ApiError::malformed("device_key is not an uncompressed P-256 point"))?;
    if req.proof.0.len() != 64 {
        return Err(ApiError::malformed("proof is a 64-byte ES256 signature"));
    }
    // The challenge's own claims first, and whether it was used: a replayed, expired or
    // foreign challenge costs no attestation check. Its use is recorded (once) in the
    // enrolment's transaction below.
    let claims = s
        .challenges
        .open(&req.challenge.0)
        .filter(|c| c.account_id == account_id)
        .ok_or_else(|| challenge_error(code::CHALLENGE_UNKNOWN, account_id))?;
    if claims.expires_at <= now {
        return Err(challenge_error(code::CHALLENGE_EXPIRED, account_id));
    }
    if s.store.challenge_used(&req.challenge.0).await? {
        return Err(challenge_error(code::CHALLENGE_USED, account_id));
    }

    // Who, at which level and in which role: the account says, never the client.
    let a = s
        .store
        .account(account_id)
        .await?
        .ok_or_else(ApiError::unauthorized)?;
    let holder = Holder {
        personal_id: a.personal_id.clone(),
        full_name: a.full_name.clone(),
        date_of_birth: chrono::NaiveDate::parse_from_str(&a.date_of_birth, "%Y-%m-%d")
            .map_err(|_| ApiError::internal())?,
        sex: a.sex.clone(),
        level: a.level,
        role: a.role,
    };
    let batch = s.signing.paper_batch(&holder, &device_key, now)?;
    let n = 1 + batch.len() as u64;
    // Serials from this process's reserved block (a refused request leaves a gap, which is
    // fine: serials are unique and increasing, not gap-free).
    let first = s.serials.take(&s.store, n).await?;

    // One trip off the async threads: the evidence, the proof of possession, then (only if
    // both hold) the certificate and the papers.
    let policies = s.policies.read().unwrap_or_else(|p| p.into_inner()).clone();
    let challenge = req.challenge.0.clone();
    let lifetime = s.config.certificate_days * 86_400;
    let signing = s.signing.clone();
    let checked = blocking(&s.cpu, move || -> Result<Checked, crate::error::Error> {
        let verified = match attest::verify(
            &policies,
            &req.evidence,
            &req.challenge.0,
            device_key.sec1(),
            now,
        ) {
            Ok(v) => v,
            Err(refusal) => return Ok(Checked::Refused(refusal)),
        };
        let message = vneid_client::wire::proof_message(&req.challenge.0, device_key.sec1());
        if device_key.verify(&message, &req.proof.0).is_err() {
            return Ok(Checked::NoProof);
        }
        let (platform, development) = (verified.platform, verified.development);
        let cert =
            signing.device_certificate(first, &holder, &device_key, development, now, lifetime)?;
        let serials: Vec<u64> = (first + 1..first + n).collect();
        let papers = signing.sign_papers(batch, first, cert.not_after, &serials, now)?;
        let mut rows = vec![NewIssued {
            serial: cert.serial,
            device: true,
            device_serial: cert.serial,
            type_code: None,
            platform: platform.to_owned(),
            development,
            body: cert.body,
            not_after: cert.not_after,
        }];
        rows.extend(papers.into_iter().map(|p| NewIssued {
            serial: p.serial,
            device: false,
            device_serial: cert.serial,
            type_code: p.type_code,
            platform: platform.to_owned(),
            development,
            body: p.body,
            not_after: p.not_after,
        }));
        Ok(Checked::Signed(rows))
    })
    .await??;
    let rows = match checked {
        Checked::Refused(refusal) => {
            let check = attest::check_name(&refusal);
            tracing::info!(account = account_id, check = %check, "attestation refused");
            return Err(refused(check, refusal.to_string()));
        }
        Checked::NoProof => {
            tracing::info!(account = account_id, "proof of possession refused");
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                code::PROOF_INVALID,
                "the proof does not verify with the device key",
            ));
        }
        Checked::Signed(rows) => rows,
    };
    let outcome = s.store.enrol(&challenge, &claims, now, &rows).await?;
    let mut rows = rows;
    let replaced = match outcome {
        Enrolment::Done { replaced } => replaced,
        Enrolment::ChallengeUsed => {
            return Err(challenge_error(code::CHALLENGE_USED, account_id));
        }
        Enrolment::Conflict => {
            tracing::info!(account = account_id, "enrolment lost a race");
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                code::ENROLMENT_CONFLICT,
                "another enrolment of this account finished first; ask for a new challenge",
            ));
        }
    };
    let papers = rows.split_off(1);
    let cert = rows.pop().ok_or_else(ApiError::internal)?;
    // The revoked predecessor goes on the next list the publisher makes (within its poll
    // period); nobody waits for it here.
    tracing::info!(
        account = account_id,
        serial = %serial_hex(cert.serial),
        platform = %cert.platform,
        development = cert.development,
        replaced = replaced.len(),
        "enrolled"
    );
    Ok((
        StatusCode::CREATED,
        Json(EnrolResponse {
            serial: serial_hex(cert.serial),
            certificate: B64(cert.body),
            level: a.level,
            role: a.role,
            development: cert.development,
            not_after: cert.not_after,
            papers: papers.into_iter().map(|p| B64(p.body)).collect(),
            replaced: replaced.into_iter().map(serial_hex).collect(),
        }),
    ))
}

async fn papers(State(s): State<Arc<AppState>>, auth: Auth) -> ApiResult<Json<PapersResponse>> {
    let device = s
        .store
        .active_device(auth.session.account_id)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                code::NO_DEVICE,
                "no active device: enrol first",
            )
        })?;
    let papers = s
        .store
        .papers(auth.session.account_id, device.serial)
        .await?;
    Ok(Json(PapersResponse {
        device_serial: serial_hex(device.serial),
        papers: papers.into_iter().map(B64).collect(),
    }))
}

async fn revoke(State(s): State<Arc<AppState>>, auth: Auth) -> ApiResult<Json<RevokeResponse>> {
    let now = s.clock.now();
    let revoked = s
        .store
        .revoke_by_holder(auth.session.account_id, &auth.token_hash, now)
        .await?;
    if !revoked.is_empty() {
        let ticket = s.lists.request();
        s.lists.wait(ticket).await;
    }
    tracing::info!(
        account = auth.session.account_id,
        revoked = revoked.len(),
        "device revoked by the holder"
    );
    Ok(Json(RevokeResponse {
        revoked: revoked.into_iter().map(serial_hex).collect(),
        revocation_sequence: s.lists.current().revocation.sequence,
    }))
}

// ----- lists -----

fn matches_etag(headers: &HeaderMap, etag: &str) -> bool {
    headers.get_all(IF_NONE_MATCH).iter().any(|v| {
        v.to_str().is_ok_and(|v| {
            v.split(',').any(|t| {
                let t = t.trim();
                t == "*" || t == etag || t.strip_prefix("W/") == Some(etag)
            })
        })
    })
}

const COSE_SIGN1: &str = "application/cose; cose-type=\"cose-sign1\"";

/// `Cache-Control` on a list's (or a delta's) answer, and its `ETag` if given.
fn list_headers(s: &AppState, mut r: Response, etag: Option<&str>) -> Response {
    let cache = format!("public, max-age={}", s.config.list_max_age_secs);
    let h = r.headers_mut();
    if let Some(Ok(v)) = etag.map(HeaderValue::from_str) {
        h.insert(ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&cache) {
        h.insert(CACHE_CONTROL, v);
    }
    r
}

fn serve_list(s: &AppState, headers: &HeaderMap, trust: bool) -> Response {
    let lists = s.lists.current();
    let list = if trust {
        &lists.trust
    } else {
        &lists.revocation
    };
    let r = if matches_etag(headers, &list.etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(CONTENT_TYPE, COSE_SIGN1)], list.body.clone()).into_response()
    };
    list_headers(s, r, Some(&list.etag))
}

async fn trust_list(State(s): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    serve_list(&s, &headers, true)
}

async fn revocation_list(State(s): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    serve_list(&s, &headers, false)
}

/// `since=N`, the one query parameter: decimal digits, no sign, within `u64`.
fn parse_since(query: Option<&str>) -> Option<u64> {
    let n = query?.strip_prefix("since=")?;
    if n.is_empty() || n.len() > 20 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok()
}

/// `GET /v1/lists/revocation/delta?since=N`: the root-signed delta from list N to the served
/// list, with the served list's `ETag`; `304` when N is the served list (or `If-None-Match`
/// names it), `410 delta_unavailable` when no delta from N is made (fetch the full list).
async fn revocation_delta(
    State(s): State<Arc<AppState>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let Some(since) = parse_since(uri.query()) else {
        return ApiError::malformed("the query is since=<sequence number>").into_response();
    };
    let lists = s.lists.current();
    let current = &lists.revocation;
    if since == current.sequence || matches_etag(&headers, &current.etag) {
        let r = StatusCode::NOT_MODIFIED.into_response();
        return list_headers(&s, r, Some(&current.etag));
    }
    let made = if since > current.sequence {
        Err(NoDelta::Unknown) // a list from the future: nothing to look up
    } else if let Some(made) = s.deltas.get(since, current.sequence) {
        made
    } else {
        let made = lists::make_delta(
            &s.store,
            &s.signing,
            &s.config,
            s.clock.now(),
            since,
            current,
        )
        .await;
        match made {
            Ok(made) => {
                s.deltas.put(since, current.sequence, made.clone());
                made
            }
            Err(e) => return ApiError::from(e).into_response(),
        }
    };
    match made {
        Ok(body) => list_headers(
            &s,
            ([(CONTENT_TYPE, COSE_SIGN1)], body).into_response(),
            Some(&current.etag),
        ),
        Err(why) => {
            let message = match why {
                NoDelta::Unknown => {
                    "no delta from this list (too old or unknown): fetch the full list"
                }
                NoDelta::Larger => {
                    "a delta from this list is larger than the list: fetch the full list"
                }
            };
            let e = ApiError::new(StatusCode::GONE, code::DELTA_UNAVAILABLE, message);
            // Cacheable too: a base only gets older.
            list_headers(&s, e.into_response(), None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_hops_parse_in_their_usual_forms() {
        let v4: IpAddr = "203.0.113.7".parse().unwrap();
        let v6: IpAddr = "2001:db8::1".parse().unwrap();
        assert_eq!(parse_hop(" 203.0.113.7 "), Some(v4));
        assert_eq!(parse_hop("203.0.113.7:5678"), Some(v4));
        assert_eq!(parse_hop("::ffff:203.0.113.7"), Some(v4));
        assert_eq!(parse_hop("2001:db8::1"), Some(v6));
        assert_eq!(parse_hop("[2001:db8::1]"), Some(v6));
        assert_eq!(parse_hop("[2001:db8::1]:443"), Some(v6));
        for bad in [
            "",
            "unknown",
            "garbage",
            "1.2.3",
            "[2001:db8::1",
            "fe80::1%eth0x",
        ] {
            assert_eq!(parse_hop(bad), None, "{bad}");
        }
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        let a: IpAddr = "2001:db8:1:2::10".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::99".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::10".parse().unwrap();
        assert_eq!(rate_key(a), rate_key(b));
        assert_ne!(rate_key(a), rate_key(c));
        let v4: IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(rate_key(v4), v4);
    }
}
