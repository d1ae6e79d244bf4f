//! The client proper.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{Connector, TcpConnector};
use vneid_core::certificate::DeviceCertificate;
use vneid_core::identity::{AssuranceLevel, Role as CoreRole};
use vneid_core::keys::{PublicKey, Signer};
use vneid_core::paper::Paper;
use vneid_core::trust::{Offered, TrustCache};

use crate::tls::{client_config, ServerTrust, TlsConnector};
use crate::wire::{
    self, AccountResponse, ChallengeResponse, EnrolRequest, EnrolResponse, ErrorBody, Evidence,
    LoginRequest, LoginResponse, PapersResponse, RevokeResponse, Role, B64,
};

/// Where the authority is and how far to trust the network.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// `https://host:port` (no trailing slash needed); plain HTTP is refused.
    pub base_url: String,
    /// How the server's certificate is checked.
    pub trust: ServerTrust,
    /// Longest wait for the TCP connection and the TLS handshake.
    pub connect_timeout: Duration,
    /// Longest wait for a whole request, answer included.
    pub timeout: Duration,
    /// Largest answer read (the lists are at most 4 MiB).
    pub max_response_bytes: u64,
}

impl ClientOptions {
    /// Defaults: 5 s to connect, 20 s per request, answers up to 8 MiB.
    pub fn new(base_url: &str, trust: ServerTrust) -> Self {
        ClientOptions {
            base_url: base_url.trim_end_matches('/').to_owned(),
            trust,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(20),
            max_response_bytes: 8 << 20,
        }
    }
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// Bad options (a URL that is not https, an unreadable pin).
    #[error("client configuration: {0}")]
    Config(String),
    /// The network, TLS (a certificate that is not the pinned one) or a timeout.
    #[error("cannot talk to the authority: {0}")]
    Transport(String),
    /// The authority answered with an error.
    #[error("the authority refused ({status} {}): {}", .body.error, .body.message)]
    Api {
        /// HTTP status.
        status: u16,
        /// The error body.
        body: ErrorBody,
    },
    /// The answer is not what the API says.
    #[error("the authority's answer is malformed: {0}")]
    Malformed(String),
    /// A check by the core failed (a list that does not verify, a stale list, a paper that
    /// does not parse).
    #[error(transparent)]
    Core(#[from] vneid_core::Error),
}

impl ClientError {
    /// The API error code (`invalid_credentials`, `attestation_refused`, …), if the server
    /// answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Api { body, .. } => Some(&body.error),
            _ => None,
        }
    }

    /// The HTTP status, if the server answered with an error.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl From<ureq::Error> for ClientError {
    fn from(e: ureq::Error) -> Self {
        ClientError::Transport(e.to_string())
    }
}

/// A logged-in session. The token is never shown by `Debug`.
#[derive(Clone)]
pub struct Session {
    token: String,
    /// When the server ends it (Unix seconds).
    pub expires_at: i64,
    /// The account's level.
    pub level: u8,
    /// The account's role.
    pub role: Role,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("expires_at", &self.expires_at)
            .field("level", &self.level)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// A session from a token kept elsewhere (an app restarted within the session's life).
    pub fn from_token(token: String, expires_at: i64, level: u8, role: Role) -> Self {
        Session {
            token,
            expires_at,
            level,
            role,
        }
    }

    /// The bearer token, to keep in the platform's secret storage.
    pub fn token(&self) -> &str {
        &self.token
    }
}

/// The platform's evidence for a challenge and the device key (Android Keystore's certificate
/// chain, App Attest's attestation and assertion). It is asked before the client reads the
/// device key: a platform that makes the key at attestation (Android, whose attestation
/// challenge is fixed when the key is generated) makes it here. Closures over the challenge and
/// the key implement it.
pub trait EvidenceSource {
    /// Makes the evidence for this challenge and the key `device` holds.
    fn evidence(&self, challenge: &[u8], device: &dyn Signer) -> Result<Evidence, ClientError>;
}

impl<F> EvidenceSource for F
where
    F: Fn(&[u8], &PublicKey) -> Result<Evidence, ClientError>,
{
    fn evidence(&self, challenge: &[u8], device: &dyn Signer) -> Result<Evidence, ClientError> {
        self(challenge, &device.public_key()?)
    }
}

/// A finished enrolment, checked: the certificate certifies the device key that asked, with
/// the level, role and development flag announced, and every paper is issued to that device.
#[derive(Clone, Debug)]
pub struct Enrolled {
    /// The device certificate.
    pub certificate: DeviceCertificate,
    /// Its serial, 16 hex digits.
    pub serial: String,
    /// The level, from the account.
    pub level: AssuranceLevel,
    /// The role, from the account.
    pub role: Role,
    /// Accepted only under a development policy.
    pub development: bool,
    /// End of validity.
    pub not_after: i64,
    /// The papers issued with it.
    pub papers: Vec<Paper>,
    /// Serials this enrolment revoked (the previous device and its papers).
    pub replaced: Vec<String>,
}

/// The two signed lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    /// `GET /v1/lists/trust`.
    Trust,
    /// `GET /v1/lists/revocation`.
    Revocation,
}

impl ListKind {
    fn name(self) -> &'static str {
        match self {
            ListKind::Trust => "trust",
            ListKind::Revocation => "revocation",
        }
    }
}

/// A conditional list fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fetched {
    /// 304: the held list is current.
    NotModified,
    /// 200: the signed list (not yet verified) and its `ETag`.
    List {
        /// The signed bytes.
        bytes: Vec<u8>,
        /// The `ETag` header.
        etag: Option<String>,
    },
}

/// A conditional revocation-delta fetch (`GET /v1/lists/revocation/delta?since=N`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchedDelta {
    /// 304: list N (or the list the `ETag` names) is current.
    NotModified,
    /// 200: the signed delta from list N to the current list (not yet verified) and the
    /// current list's `ETag`.
    Delta {
        /// The signed bytes.
        bytes: Vec<u8>,
        /// The `ETag` header.
        etag: Option<String>,
    },
    /// 410 `delta_unavailable` (list N is too old or unknown, or the delta would name more
    /// serials than the list), or 404 from a server without deltas: fetch the full list.
    Unavailable,
}

/// What a refresh did to one list of the cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListUpdate {
    /// The server said 304.
    NotModified,
    /// The server sent the list the cache holds.
    AlreadyHeld,
    /// A newer list verified and is held now.
    Installed {
        /// Its sequence number.
        sequence: u64,
        /// It came as a revocation delta applied to the held list (`false`: the full list).
        delta: bool,
    },
}

impl From<Offered> for ListUpdate {
    /// A full list offered to the cache.
    fn from(o: Offered) -> Self {
        match o {
            Offered::Installed { sequence } => ListUpdate::Installed {
                sequence,
                delta: false,
            },
            Offered::AlreadyHeld => ListUpdate::AlreadyHeld,
        }
    }
}

/// What [`AuthorityClient::refresh`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refresh {
    /// The trust list.
    pub trust: ListUpdate,
    /// The revocation list.
    pub revocation: ListUpdate,
}

/// The authority's client. Cheap to clone; connections are kept and reused.
#[derive(Clone)]
pub struct AuthorityClient {
    agent: ureq::Agent,
    base: Arc<str>,
    max_response_bytes: u64,
}

impl fmt::Debug for AuthorityClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorityClient")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

struct Answer {
    status: u16,
    etag: Option<String>,
    body: Vec<u8>,
}

impl AuthorityClient {
    /// A client for `options.base_url`.
    pub fn new(options: &ClientOptions) -> Result<Self, ClientError> {
        if !options.base_url.starts_with("https://") {
            return Err(ClientError::Config(
                "the authority's URL must start with https://".into(),
            ));
        }
        let tls = client_config(&options.trust).map_err(ClientError::Config)?;
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .timeout_connect(Some(options.connect_timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent("vneid-client/1")
            .build();
        let connector = ().chain(TcpConnector::default()).chain(TlsConnector { config: tls });
        let agent = ureq::Agent::with_parts(config, connector, DefaultResolver::default());
        Ok(AuthorityClient {
            agent,
            base: options.base_url.as_str().into(),
            max_response_bytes: options.max_response_bytes,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    fn read(&self, mut resp: ureq::http::Response<ureq::Body>) -> Result<Answer, ClientError> {
        let status = resp.status().as_u16();
        let etag = resp
            .headers()
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = resp
            .body_mut()
            .with_config()
            .limit(self.max_response_bytes)
            .read_to_vec()?;
        Ok(Answer { status, etag, body })
    }

    fn send(
        &self,
        path: &str,
        session: Option<&Session>,
        body: Option<Vec<u8>>,
    ) -> Result<Answer, ClientError> {
        let mut req = self.agent.post(self.url(path));
        if let Some(s) = session {
            req = req.header("authorization", format!("Bearer {}", s.token));
        }
        let resp = match body {
            Some(b) => req.content_type("application/json").send(&b[..])?,
            None => req.send_empty()?,
        };
        self.read(resp)
    }

    fn get(&self, path: &str, session: Option<&Session>) -> Result<Answer, ClientError> {
        let mut req = self.agent.get(self.url(path));
        if let Some(s) = session {
            req = req.header("authorization", format!("Bearer {}", s.token));
        }
        self.read(req.call()?)
    }

    fn json<T: DeserializeOwned>(answer: Answer, ok: u16) -> Result<T, ClientError> {
        if answer.status != ok {
            return Err(error_of(answer));
        }
        serde_json::from_slice(&answer.body).map_err(|e| ClientError::Malformed(e.to_string()))
    }

    fn body<T: Serialize>(value: &T) -> Result<Option<Vec<u8>>, ClientError> {
        serde_json::to_vec(value)
            .map(Some)
            .map_err(|e| ClientError::Malformed(e.to_string()))
    }

    /// `POST /v1/login`.
    pub fn login(&self, personal_id: &str, password: &str) -> Result<Session, ClientError> {
        let body = Self::body(&LoginRequest {
            personal_id: personal_id.to_owned(),
            password: password.to_owned(),
        })?;
        let r: LoginResponse = Self::json(self.send("/v1/login", None, body)?, 200)?;
        Ok(Session {
            token: r.session,
            expires_at: r.expires_at,
            level: r.level,
            role: r.role,
        })
    }

    /// `POST /v1/logout`: ends the session on the server.
    pub fn logout(&self, session: &Session) -> Result<(), ClientError> {
        let a = self.send("/v1/logout", Some(session), None)?;
        if a.status == 204 {
            Ok(())
        } else {
            Err(error_of(a))
        }
    }

    /// `GET /v1/account`.
    pub fn account(&self, session: &Session) -> Result<AccountResponse, ClientError> {
        Self::json(self.get("/v1/account", Some(session))?, 200)
    }

    /// `POST /v1/enrolment/challenge`.
    pub fn challenge(&self, session: &Session) -> Result<ChallengeResponse, ClientError> {
        Self::json(
            self.send("/v1/enrolment/challenge", Some(session), None)?,
            200,
        )
    }

    /// `POST /v1/enrolment` with a request built by the caller (tests of hostile input use
    /// this; apps use [`AuthorityClient::enrol`]).
    pub fn submit_enrolment(
        &self,
        session: &Session,
        request: &EnrolRequest,
    ) -> Result<EnrolResponse, ClientError> {
        Self::json(
            self.send("/v1/enrolment", Some(session), Self::body(request)?)?,
            201,
        )
    }

    /// Enrols the device: asks for a challenge, has the platform attest the device key for it,
    /// signs the proof of possession with the device key, and checks that the certificate the
    /// server returns certifies this key.
    pub fn enrol(
        &self,
        session: &Session,
        device: &dyn Signer,
        evidence: &dyn EvidenceSource,
    ) -> Result<Enrolled, ClientError> {
        let challenge = self.challenge(session)?.challenge.0;
        // Evidence first: on Android it makes the key the certificate is for.
        let evidence = evidence.evidence(&challenge, device)?;
        let key = device.public_key()?;
        let proof = device.sign(&wire::proof_message(&challenge, key.sec1()))?;
        let request = EnrolRequest {
            challenge: B64(challenge),
            device_key: B64(key.sec1().to_vec()),
            proof: B64(proof.to_vec()),
            evidence,
        };
        let r = self.submit_enrolment(session, &request)?;
        let certificate = DeviceCertificate::from_bytes(&r.certificate.0)?;
        if certificate.claims().device_key != key {
            return Err(ClientError::Malformed(
                "the certificate does not certify this device's key".into(),
            ));
        }
        let claims = certificate.claims();
        let level = AssuranceLevel::try_from(r.level)?;
        let role = match claims.role {
            CoreRole::Citizen => Role::Citizen,
            CoreRole::Officer => Role::Officer,
        };
        if claims.level != level || role != r.role || claims.development != r.development {
            return Err(ClientError::Malformed(
                "the certificate's level, role or development flag is not the one announced".into(),
            ));
        }
        let papers = parse_papers(&r.papers)?;
        if papers
            .iter()
            .any(|p| p.holder().device_key != key || p.holder().device_serial != claims.serial)
        {
            return Err(ClientError::Malformed(
                "a paper is not issued to this device".into(),
            ));
        }
        Ok(Enrolled {
            serial: r.serial,
            level,
            role,
            development: r.development,
            not_after: r.not_after,
            papers,
            replaced: r.replaced,
            certificate,
        })
    }

    /// `GET /v1/papers`: the papers of the active device.
    pub fn papers(&self, session: &Session) -> Result<Vec<Paper>, ClientError> {
        let r: PapersResponse = Self::json(self.get("/v1/papers", Some(session))?, 200)?;
        parse_papers(&r.papers)
    }

    /// `POST /v1/device/revoke`: "my phone was stolen" — revokes the account's active device
    /// and its papers; returns once a published revocation list names them.
    pub fn revoke_device(&self, session: &Session) -> Result<RevokeResponse, ClientError> {
        Self::json(self.send("/v1/device/revoke", Some(session), None)?, 200)
    }

    /// `GET /v1/lists/{trust,revocation}` with `If-None-Match: etag` when given.
    pub fn fetch_list(&self, kind: ListKind, etag: Option<&str>) -> Result<Fetched, ClientError> {
        let mut req = self
            .agent
            .get(self.url(&format!("/v1/lists/{}", kind.name())));
        if let Some(e) = etag {
            req = req.header("if-none-match", e);
        }
        let a = self.read(req.call()?)?;
        match a.status {
            304 => Ok(Fetched::NotModified),
            200 => Ok(Fetched::List {
                bytes: a.body,
                etag: a.etag,
            }),
            _ => Err(error_of(a)),
        }
    }

    /// `GET /v1/lists/revocation/delta?since=N` with `If-None-Match: etag` when given: the
    /// signed delta from revocation list `since` to the current one.
    pub fn fetch_revocation_delta(
        &self,
        since: u64,
        etag: Option<&str>,
    ) -> Result<FetchedDelta, ClientError> {
        let mut req = self
            .agent
            .get(self.url(&format!("/v1/lists/revocation/delta?since={since}")));
        if let Some(e) = etag {
            req = req.header("if-none-match", e);
        }
        let a = self.read(req.call()?)?;
        match a.status {
            304 => Ok(FetchedDelta::NotModified),
            200 => Ok(FetchedDelta::Delta {
                bytes: a.body,
                etag: a.etag,
            }),
            410 | 404 => Ok(FetchedDelta::Unavailable),
            _ => Err(error_of(a)),
        }
    }

    /// Refreshes both lists of a holder's or officer's cache: a conditional fetch for the
    /// list held, and what comes back offered to the cache (verified under its pinned root,
    /// never older than the held list). When the cache holds a revocation list, it asks for
    /// the delta from it first ([`ListUpdate::Installed`] says `delta: true` when one was
    /// applied) and fetches the full list instead when the server has none (`410`), or when
    /// the delta does not apply to the held list (another base, or the cache holds the most
    /// deltas it keeps on one full list). A list or a delta that does not verify under the
    /// pinned root is an error. On any error the cache keeps what it had.
    pub fn refresh(&self, cache: &mut TrustCache) -> Result<Refresh, ClientError> {
        let held = |kind: ListKind, cache: &TrustCache| {
            let s = cache.store();
            match kind {
                ListKind::Trust => s.trust_list().map(|l| l.sequence),
                ListKind::Revocation => s.revocation_list().map(|l| l.sequence),
            }
        };
        let full = |kind: ListKind, cache: &mut TrustCache| -> Result<ListUpdate, ClientError> {
            let etag = held(kind, cache).map(|n| crate::list_etag(kind.name(), n));
            match self.fetch_list(kind, etag.as_deref())? {
                Fetched::NotModified => Ok(ListUpdate::NotModified),
                Fetched::List { bytes, .. } => Ok(match kind {
                    ListKind::Trust => cache.offer_trust_list(&bytes)?,
                    ListKind::Revocation => cache.offer_revocation_list(&bytes)?,
                }
                .into()),
            }
        };
        let trust = full(ListKind::Trust, cache)?;
        let revocation = match held(ListKind::Revocation, cache) {
            None => full(ListKind::Revocation, cache)?,
            Some(n) => {
                let etag = crate::list_etag(ListKind::Revocation.name(), n);
                match self.fetch_revocation_delta(n, Some(&etag))? {
                    FetchedDelta::NotModified => ListUpdate::NotModified,
                    FetchedDelta::Unavailable => full(ListKind::Revocation, cache)?,
                    FetchedDelta::Delta { bytes, .. } => {
                        match cache.offer_revocation_delta(&bytes) {
                            Ok(Offered::Installed { sequence }) => ListUpdate::Installed {
                                sequence,
                                delta: true,
                            },
                            Ok(Offered::AlreadyHeld) => ListUpdate::AlreadyHeld,
                            // Signed by the root, but not for the held list: the full one.
                            Err(
                                vneid_core::Error::StaleList { .. }
                                | vneid_core::Error::TooLarge { .. },
                            ) => full(ListKind::Revocation, cache)?,
                            Err(e) => return Err(e.into()),
                        }
                    }
                }
            }
        };
        Ok(Refresh { trust, revocation })
    }

    /// `GET /v1/health`: true when the service answers.
    pub fn health(&self) -> Result<bool, ClientError> {
        Ok(self.get("/v1/health", None)?.status == 200)
    }
}

fn parse_papers(papers: &[B64]) -> Result<Vec<Paper>, ClientError> {
    papers
        .iter()
        .map(|p| Paper::from_bytes(&p.0).map_err(ClientError::from))
        .collect()
}

fn error_of(a: Answer) -> ClientError {
    let body = serde_json::from_slice::<ErrorBody>(&a.body).unwrap_or_else(|_| ErrorBody {
        error: format!("http_{}", a.status),
        message: String::from_utf8_lossy(&a.body[..a.body.len().min(200)]).into_owned(),
        check: None,
        retry_after: None,
    });
    ClientError::Api {
        status: a.status,
        body,
    }
}
