//! Talking to the authority service (`--server URL`, `docs/authority-api.md`) through its
//! client, `vneid-client`: how the server is trusted (`--server-cert`, `--server-pin`, or
//! public CAs), the password (from standard input, never from the command line, never
//! echoed), the client's errors as one-line messages with their own exit codes (see
//! `cli/README.md`), and the signed lists fetched with `If-None-Match` into a trust cache that
//! checks them against a root key pinned from a file, never from the network.
//!
//! No message made here carries the personal ID number, a name, the password or the session
//! token: the client's errors are reduced to the server's error code and our own words, and
//! what comes from the network is scrubbed of digit runs before it is shown.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use vneid_client::wire::{code, ErrorBody};
use vneid_client::{
    list_etag, AuthorityClient, ClientError, ClientOptions, Fetched, ListKind, ServerTrust, Session,
};
use vneid_core::keys::PublicKey;
use vneid_core::storage;
use vneid_core::trust::{read_root_key, Offered, TrustCache, TrustStore, ROOT_KEY_FILE};
use vneid_core::Error;

use crate::error::{
    CliError, EXIT_BAD_ANSWER, EXIT_NETWORK, EXIT_SERVER_FAILED, EXIT_SERVER_REFUSED, EXIT_TLS,
    EXIT_TOO_MANY, EXIT_UNAUTHORIZED, EXIT_USAGE,
};
use crate::layout::public_dir;
use crate::output::{self, label, outln};

/// Largest certificate file read for `--server-cert`.
const MAX_CERT_FILE_BYTES: usize = 64 * 1024;
/// Longest password read.
const MAX_PASSWORD_BYTES: u64 = 1024;

/// Where the authority service is and how its certificate is checked.
#[derive(Clone, Copy, Debug)]
pub struct Server<'a> {
    /// `https://host:port`.
    pub url: &'a str,
    /// `--server-cert FILE`: exactly this certificate (PEM or DER).
    pub cert: Option<&'a Path>,
    /// `--server-pin HEX[,HEX…]`: SHA-256 of the server's public key (SPKI).
    pub pin: Option<&'a str>,
}

impl Server<'_> {
    /// The trust setting: the pinned certificate, the pinned key, or public CAs.
    pub fn trust(&self) -> Result<ServerTrust, CliError> {
        if let Some(path) = self.cert {
            return Ok(ServerTrust::Certificate(read_certificate(path)?));
        }
        if let Some(pins) = self.pin {
            let pins = pins
                .split(',')
                .map(parse_pin)
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(ServerTrust::PublicKey(pins));
        }
        Ok(ServerTrust::WebPki)
    }

    /// The client, with the client's default timeouts (5 s to connect, 20 s a request).
    pub fn client(&self) -> Result<AuthorityClient, CliError> {
        if !self.url.starts_with("https://") {
            return Err(CliError::usage(
                "--server: the authority's URL must start with https://",
            ));
        }
        AuthorityClient::new(&ClientOptions::new(self.url, self.trust()?))
            .map_err(client_error("connecting to the authority"))
    }
}

/// A certificate file, PEM (the first `CERTIFICATE` block) or DER.
fn read_certificate(path: &Path) -> Result<Vec<u8>, CliError> {
    let bytes = storage::read_limited(path, MAX_CERT_FILE_BYTES, "server certificate")
        .map_err(|e| CliError::from(e).context("--server-cert"))?;
    let der = match std::str::from_utf8(&bytes) {
        Ok(text) if text.contains("-----BEGIN") => {
            let begin = "-----BEGIN CERTIFICATE-----";
            let body = text
                .split_once(begin)
                .and_then(|(_, rest)| rest.split_once("-----END CERTIFICATE-----"))
                .map(|(b, _)| b)
                .ok_or_else(|| {
                    CliError::usage("--server-cert: no CERTIFICATE block in the PEM file")
                })?;
            let b64: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            STANDARD
                .decode(b64.as_bytes())
                .map_err(|_| CliError::usage("--server-cert: the PEM block is not base64"))?
        }
        _ => bytes,
    };
    if vneid_client::spki_sha256(&der).is_none() {
        return Err(CliError::usage(
            "--server-cert: not an X.509 certificate (PEM or DER)",
        ));
    }
    Ok(der)
}

/// 64 hex digits (colons allowed between bytes).
fn parse_pin(s: &str) -> Result<[u8; 32], CliError> {
    let hex: String = s.trim().chars().filter(|c| *c != ':').collect();
    let bad = || {
        CliError::usage(
            "--server-pin: expected the SHA-256 of the server's public key, 64 hex digits \
             (the authority's tls/spki-sha256.txt)",
        )
    };
    if hex.len() != 64 || !hex.is_ascii() {
        return Err(bad());
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(out)
}

/// The password: with `from_stdin`, the first line of standard input (no prompt); without, a
/// prompt on the terminal with echo off. Never an argument, never echoed, never logged.
pub fn read_password(from_stdin: bool) -> Result<String, CliError> {
    let stdin = std::io::stdin();
    if !from_stdin {
        if !stdin.is_terminal() {
            return Err(CliError::usage(
                "the password is read from the terminal; to read it from a pipe give \
                 --password-stdin",
            ));
        }
        let _ = write!(std::io::stderr().lock(), "Mật khẩu / Password: ");
        let _ = std::io::stderr().flush();
        stty("-echo").map_err(|_| {
            CliError::usage("cannot turn off the terminal's echo: give --password-stdin")
        })?;
        let read = read_line(&stdin);
        let _ = stty("echo");
        let _ = writeln!(std::io::stderr().lock());
        return read;
    }
    read_line(&stdin)
}

fn read_line(stdin: &std::io::Stdin) -> Result<String, CliError> {
    let mut line = String::new();
    stdin
        .lock()
        .take(MAX_PASSWORD_BYTES + 1)
        .read_line(&mut line)
        .map_err(|_| CliError::usage("cannot read the password from standard input (UTF-8)"))?;
    if line.len() as u64 > MAX_PASSWORD_BYTES {
        return Err(CliError::usage("the password is too long"));
    }
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.is_empty() {
        return Err(CliError::usage("no password on standard input"));
    }
    Ok(password.to_owned())
}

/// Runs `stty` on the terminal (no unsafe code for termios).
fn stty(arg: &str) -> std::io::Result<()> {
    let status = std::process::Command::new("stty")
        .arg(arg)
        .stdin(Stdio::inherit())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    if status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other("stty failed"))
    }
}

/// Logs in. The personal ID and the password go to the server only.
pub fn login(
    client: &AuthorityClient,
    personal_id: &str,
    password: &str,
) -> Result<Session, CliError> {
    client
        .login(personal_id, password)
        .map_err(client_error("login"))
}

/// Ends the session on the server (best effort: it expires anyway).
pub fn logout(client: &AuthorityClient, session: &Session) {
    let _ = client.logout(session);
}

/// Keeps what may be shown of text from the network: printable, no run of 9 or more digits
/// (a personal ID number), at most 160 characters.
pub fn scrub(s: &str) -> String {
    let mut out = String::new();
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.len() >= 9 {
            out.push_str(&"*".repeat(digits.len()));
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        flush(&mut digits, &mut out);
        out.push(if c.is_control() { ' ' } else { c });
    }
    flush(&mut digits, &mut out);
    let out = vneid_core::identity::display_safe(&out);
    if out.chars().count() > 160 {
        format!("{}…", out.chars().take(160).collect::<String>())
    } else {
        out
    }
}

/// A server's error code or check name, kept to `[A-Za-z0-9_.-]`.
fn token(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        .take(64)
        .collect()
}

/// Whether a transport error is TLS's (the certificate, the handshake) rather than the
/// network's. The client gives it as text (`ureq`'s and `rustls`'s words).
fn is_tls(detail: &str) -> bool {
    let d = detail.to_ascii_lowercase();
    if d.contains("os error") || d.starts_with("timeout") || d.contains("host not found") {
        return false;
    }
    [
        "rustls",
        "certificate",
        "tls",
        "handshake",
        "alert",
        "corrupt message",
        "peer sent",
        "invalid server name",
    ]
    .iter()
    .any(|w| d.contains(w))
}

/// `map_err` helper: a client error as a one-line message and its exit code; `doing` says what
/// was being done ("login", "enrolment", …).
pub fn client_error(doing: &'static str) -> impl Fn(ClientError) -> CliError {
    move |e| {
        let (code, words) = match &e {
            ClientError::Config(m) => (EXIT_USAGE, format!("bad settings: {}", scrub(m))),
            ClientError::Transport(m) if is_tls(m) => (
                EXIT_TLS,
                format!(
                    "TLS failure: the server is not the authority trusted here (--server-cert, \
                     --server-pin or public CAs), or the handshake failed ({})",
                    scrub(m)
                ),
            ),
            ClientError::Transport(m) => (
                EXIT_NETWORK,
                format!("cannot reach the authority ({})", scrub(m)),
            ),
            ClientError::Api { status, body } => api_words(*status, body),
            ClientError::Malformed(m) => (
                EXIT_BAD_ANSWER,
                format!("the authority's answer fails a check: {}", scrub(m)),
            ),
            ClientError::Core(e) => (
                EXIT_BAD_ANSWER,
                format!("the authority's answer fails a check: {e}"),
            ),
        };
        CliError {
            code,
            message: format!("{doing}: {words}"),
        }
    }
}

/// Our words for an error answer, with the server's code (and check, and wait).
fn api_words(status: u16, body: &ErrorBody) -> (u8, String) {
    let code_str = token(&body.error);
    let mut tag = format!("HTTP {status} {code_str}");
    if let Some(check) = &body.check {
        tag.push_str(&format!(", check {}", token(check)));
    }
    let wait = body
        .retry_after
        .map(|s| format!("; retry in {s} s"))
        .unwrap_or_default();
    let (exit, words) = match (status, code_str.as_str()) {
        (401, code::INVALID_CREDENTIALS) => (
            EXIT_UNAUTHORIZED,
            "wrong personal ID or password".to_owned(),
        ),
        (401, _) => (
            EXIT_UNAUTHORIZED,
            "the session was refused (expired or ended): log in again".to_owned(),
        ),
        (423, _) | (_, code::LOCKED) => (
            EXIT_TOO_MANY,
            format!("too many failed logins: the account is locked{wait}"),
        ),
        (429, _) => (EXIT_TOO_MANY, format!("too many requests{wait}")),
        (_, code::ATTESTATION_REFUSED) => (
            EXIT_SERVER_REFUSED,
            "the authority refused the device's attestation (this CLI has no hardware \
             attestation: only a server whose attestation policy is development accepts it)"
                .to_owned(),
        ),
        (_, code::NO_DEVICE) => (
            EXIT_SERVER_REFUSED,
            "the account has no active device (enrol first)".to_owned(),
        ),
        (_, code::CHALLENGE_EXPIRED | code::CHALLENGE_USED | code::CHALLENGE_UNKNOWN) => (
            EXIT_SERVER_REFUSED,
            "the enrolment challenge was refused: try again".to_owned(),
        ),
        (_, code::ENROLMENT_CONFLICT) => (
            EXIT_SERVER_REFUSED,
            "another enrolment of this account finished first".to_owned(),
        ),
        (400..=499, _) => (
            EXIT_SERVER_REFUSED,
            "the authority refused the request".to_owned(),
        ),
        (500..=599, _) => (
            EXIT_SERVER_FAILED,
            format!("the authority failed; retry later{wait}"),
        ),
        _ => (
            EXIT_BAD_ANSWER,
            "the authority gave an unexpected answer".to_owned(),
        ),
    };
    (exit, format!("{words} ({tag})"))
}

/// A root key from `--root FILE` (a `root-key.cbor`) or `--trust DIR` (an authority folder or
/// a copy of its public part), with where it was read.
pub fn root_from(
    root: Option<&Path>,
    trust: Option<&Path>,
) -> Result<Option<(PublicKey, PathBuf)>, CliError> {
    let path = match (root, trust) {
        (Some(f), _) => f.to_owned(),
        (None, Some(d)) => public_dir(d)?.join(ROOT_KEY_FILE),
        (None, None) => return Ok(None),
    };
    let key = read_root_key(&path).map_err(|e| {
        CliError::from(e).context(&format!("reading the root key {}", path.display()))
    })?;
    Ok(Some((key, path)))
}

/// The trust cache in `dir`: opened if a root is pinned there (a different `root` given is
/// refused: a pin is never replaced), else pinned to `root` (which must be given: the root
/// never comes from the network).
pub fn pin_or_open(
    dir: &Path,
    root: Option<&(PublicKey, PathBuf)>,
) -> Result<TrustCache, CliError> {
    if dir.join(ROOT_KEY_FILE).is_file() {
        let cache = TrustCache::open(dir).map_err(|e| {
            CliError::from(e).context(&format!("opening the lists in {}", dir.display()))
        })?;
        if let Some((key, path)) = root {
            if cache.root() != key {
                return Err(CliError::usage(format!(
                    "the root key in {} is not the one pinned in {}: a pinned root is never \
                     replaced",
                    path.display(),
                    dir.display()
                )));
            }
        }
        return Ok(cache);
    }
    let Some((key, path)) = root else {
        return Err(no_root_pinned(dir));
    };
    output::warn(&format!(
        "pinning the authority's root key {} from {} in {} (set-up: it is never replaced)",
        key.key_id_hex(vneid_core::trust::KID_LEN),
        path.display(),
        dir.display()
    ));
    TrustCache::pin(dir, key).map_err(|e| CliError::from(e).context("pinning the root key"))
}

/// The error for a trust cache in `dir` with no root pinned and none given.
pub fn no_root_pinned(dir: &Path) -> CliError {
    CliError::usage(format!(
        "no root key pinned in {}: give --root FILE or --trust DIR once (the lists are checked \
         against it, so it is never taken from the server)",
        dir.display()
    ))
}

/// What a refresh did to one list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListOutcome {
    /// 304: the held list (this sequence) is current.
    NotModified {
        /// The held list's sequence number.
        held: Option<u64>,
    },
    /// The server sent the list held.
    AlreadyHeld {
        /// Its sequence number.
        sequence: u64,
    },
    /// A newer list verified and is held now.
    Installed {
        /// Its sequence number.
        sequence: u64,
        /// The one held before.
        was: Option<u64>,
    },
    /// The list does not verify under the pinned root, or is older than the held one: not
    /// installed, the held one kept.
    Refused {
        /// Why, in words without personal data.
        why: String,
        /// The held list's sequence number.
        held: Option<u64>,
    },
}

/// What a refresh did to both lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListsReport {
    /// The trust list.
    pub trust: ListOutcome,
    /// The revocation list.
    pub revocation: ListOutcome,
}

impl ListsReport {
    /// How many lists were refused.
    pub fn refused(&self) -> usize {
        [&self.trust, &self.revocation]
            .iter()
            .filter(|o| matches!(o, ListOutcome::Refused { .. }))
            .count()
    }
}

fn held_sequence(cache: &TrustCache, kind: ListKind) -> Option<u64> {
    let s = cache.store();
    match kind {
        ListKind::Trust => s.trust_list().map(|l| l.sequence),
        ListKind::Revocation => s.revocation_list().map(|l| l.sequence),
    }
}

fn kind_name(kind: ListKind) -> &'static str {
    match kind {
        ListKind::Trust => "trust",
        ListKind::Revocation => "revocation",
    }
}

/// Refreshes both lists of `cache` from the server: a conditional fetch (`If-None-Match` for
/// the held list), and what comes back offered to the cache (the core's rules: signed by the
/// pinned root, never older). A list that does not verify is reported and changes nothing;
/// a transport or server error stops the refresh (the cache keeps what it had).
pub fn refresh_lists(
    client: &AuthorityClient,
    cache: &mut TrustCache,
) -> Result<ListsReport, CliError> {
    let mut one = |kind: ListKind| -> Result<ListOutcome, CliError> {
        let held = held_sequence(cache, kind);
        let etag = held.map(|n| list_etag(kind_name(kind), n));
        let doing = match kind {
            ListKind::Trust => "fetching the trust list",
            ListKind::Revocation => "fetching the revocation list",
        };
        let fetched = client
            .fetch_list(kind, etag.as_deref())
            .map_err(client_error(doing))?;
        let bytes = match fetched {
            Fetched::NotModified => return Ok(ListOutcome::NotModified { held }),
            Fetched::List { bytes, .. } => bytes,
        };
        let offered = match kind {
            ListKind::Trust => cache.offer_trust_list(&bytes),
            ListKind::Revocation => cache.offer_revocation_list(&bytes),
        };
        Ok(match offered {
            Ok(Offered::AlreadyHeld) => ListOutcome::AlreadyHeld {
                sequence: held.unwrap_or_default(),
            },
            Ok(Offered::Installed { sequence }) => ListOutcome::Installed {
                sequence,
                was: held,
            },
            Err(Error::StaleList { offered, held, .. }) => ListOutcome::Refused {
                why: format!("sequence {offered} is not newer than the held {held}"),
                held: Some(held),
            },
            Err(e) => ListOutcome::Refused {
                why: e.to_string(),
                held,
            },
        })
    };
    let trust = one(ListKind::Trust)?;
    let revocation = one(ListKind::Revocation)?;
    Ok(ListsReport { trust, revocation })
}

/// Fetches both lists and checks that they verify under `root`, writing nothing: that the
/// server is the authority whose root key was given, before anything is made.
pub fn check_lists(client: &AuthorityClient, root: &PublicKey) -> Result<(), CliError> {
    let mut store = TrustStore::new(root.clone());
    for kind in [ListKind::Trust, ListKind::Revocation] {
        let bytes = match client
            .fetch_list(kind, None)
            .map_err(client_error("fetching the lists"))?
        {
            Fetched::List { bytes, .. } => bytes,
            Fetched::NotModified => {
                return Err(CliError {
                    code: EXIT_BAD_ANSWER,
                    message: "fetching the lists: 304 to an unconditional request".into(),
                })
            }
        };
        let checked = match kind {
            ListKind::Trust => store.update_trust_list(&bytes).map(|_| ()),
            ListKind::Revocation => store.update_revocation_list(&bytes).map(|_| ()),
        };
        checked.map_err(|e| {
            CliError::usage(format!(
                "the server's {} list does not verify under the root key given ({e}): it is \
                 not that authority; nothing was done",
                kind_name(kind)
            ))
        })?;
    }
    Ok(())
}

fn seq(n: Option<u64>) -> String {
    n.map_or_else(|| "none".to_owned(), |n| format!("#{n}"))
}

/// One line per list: not modified (304) / already held / installed N / does not verify.
pub fn print_lists(report: &ListsReport) {
    for (name, o) in [
        (label::TRUST_LIST, &report.trust),
        (label::REVOCATION_LIST, &report.revocation),
    ] {
        let line = match o {
            ListOutcome::NotModified { held } => format!(
                "{}: 304 — {} (holding {})",
                label::both(name),
                label::both(label::NOT_MODIFIED),
                seq(*held)
            ),
            ListOutcome::AlreadyHeld { sequence } => format!(
                "{}: {} (#{sequence})",
                label::both(name),
                label::both(label::ALREADY_HELD)
            ),
            ListOutcome::Installed { sequence, was } => format!(
                "{}: {} {sequence} (was {})",
                label::both(name),
                label::both(label::INSTALLED),
                seq(*was)
            ),
            ListOutcome::Refused { why, held } => format!(
                "✘ {}: {} ({why}) — {} ({})",
                label::both(name),
                label::both(label::LIST_REFUSED),
                label::both(label::HELD_KEPT),
                seq(*held)
            ),
        };
        outln!("  {line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_hides_id_numbers_and_controls() {
        assert_eq!(scrub("id 001090012345 ok"), "id ************ ok");
        assert_eq!(scrub("port 8443"), "port 8443");
        assert!(!scrub("a\u{1b}[31mb").contains('\u{1b}'));
    }

    #[test]
    fn pins_are_64_hex_digits() {
        let h = "ab".repeat(32);
        assert_eq!(parse_pin(&h).unwrap(), [0xab; 32]);
        assert!(parse_pin(&h[..62]).is_err());
        assert!(parse_pin(&"zz".repeat(32)).is_err());
        let colons = vec!["ab"; 32].join(":");
        assert_eq!(parse_pin(&colons).unwrap(), [0xab; 32]);
    }

    #[test]
    fn transport_errors_are_told_apart() {
        assert!(!is_tls("io: Connection refused (os error 111)"));
        assert!(!is_tls("timeout: global"));
        assert!(is_tls(
            "io: invalid peer certificate: ApplicationVerificationFailure"
        ));
        assert!(is_tls("rustls: received corrupt message"));
    }
}
