//! `vneid citizen papers|show|present`: the citizen's Ví giấy tờ (wallet), kept in the
//! citizen's directory next to the app's state:
//!
//! - `wallet.bin`: the papers, encrypted (AES-256-GCM) under a data key held by
//!   `keys/wallet-data-key.key` (the software [`FileSecretStore`] standing in for the platform
//!   keystore; owner-only);
//! - `authority-dir.txt`: the authority directory the citizen enrolled with, where the app looks
//!   for the authority's newest signed revocation list (a phone would fetch it from the server);
//! - `trust/`: the authority's public parts as at enrolment — the root key the citizen's app
//!   pins, and the last revocation list it saw (updated whenever a newer one is read).
//!
//! A revocation list is believed only if the pinned root signed it. `--trust DIR` reads it from
//! another copy of the authority's public part (which must be signed by the same root); without
//! any list the statuses are computed from the dates alone and a warning says so.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use serde_json::{json, Value};
use vneid_core::clock::{rfc3339, Clock, SystemClock, TestClock, UnixTime};
use vneid_core::flows::CitizenApp;
use vneid_core::identity::AssuranceLevel;
use vneid_core::issuer::Authority;
use vneid_core::keys::PublicKey;
use vneid_core::paper::{Paper, PaperStatus, PaperType};
use vneid_core::presentation::PresentationQr;
use vneid_core::storage;
use vneid_core::strings;
use vneid_core::trust::{
    read_public, RevocationList, TrustBundle, TrustCache, REVOCATION_LIST_FILE,
};
use vneid_core::wallet::{PaperSummary, Wallet};
use vneid_core::Error;

use vneid_client::AuthorityClient;

use crate::citizen;
use crate::error::{ctx, CliError};
use crate::layout::{self, AUTHORITY_LINK, TRUST_CACHE, WALLET_FILE};
use crate::output::{self, label, outln};
use crate::server::{self, Server};

/// The authority's agencies issue the sample papers (ID card, driving licence,
/// health-insurance card, vehicle registration) to `identity` into the wallet in `cdir`
/// (created if there is none; a re-issued paper replaces the held one). Also records where
/// the authority is and pins its root key, for the revocation list.
pub fn give_sample_papers(
    cdir: &Path,
    authority: &Authority,
    authority_dir: &Path,
    app: &CitizenApp,
    now: UnixTime,
) -> Result<Wallet, CliError> {
    let path = cdir.join(WALLET_FILE);
    let mut wallet = Wallet::open_or_create(&path, std::sync::Arc::new(layout::secrets(cdir)))
        .map_err(wallet_error(&path))?;
    // Issued to this device: its key and certificate serial are in every paper.
    let holder = app.paper_holder().map_err(ctx("issuing the papers"))?;
    // Papers go to level-2 accounts only (they are shown with the QR verification, which
    // needs level 2), as the authority service does: a level-1 wallet starts empty.
    let papers = if holder.level < AssuranceLevel::Level2 {
        Vec::new()
    } else {
        authority
            .issue_sample_papers(&app.account().identity, &holder, now)
            .map_err(ctx("issuing the papers"))?
    };
    for p in papers {
        wallet
            .add_or_replace(p)
            .map_err(ctx("putting a paper into the wallet"))?;
    }
    remember_authority(cdir, authority_dir)?;
    Ok(wallet)
}

/// Puts the papers the authority service issued to this device into the wallet in `cdir`
/// (created if there is none), replacing every paper held in one atomic write: after a
/// re-enrolment the old papers are revoked and the new ones are issued to the new key.
pub fn store_papers(cdir: &Path, papers: Vec<Paper>) -> Result<Wallet, CliError> {
    let path = cdir.join(WALLET_FILE);
    let mut wallet = Wallet::open_or_create(&path, std::sync::Arc::new(layout::secrets(cdir)))
        .map_err(wallet_error(&path))?;
    wallet
        .replace_all(papers)
        .map_err(ctx("putting the papers into the wallet"))?;
    Ok(wallet)
}

/// Whether every paper is issued to this app's device (its key and certificate serial).
pub fn issued_to(app: &CitizenApp, papers: &[Paper]) -> Result<bool, CliError> {
    let holder = app.paper_holder().map_err(ctx("the wallet's device"))?;
    Ok(papers.iter().all(|p| {
        p.holder().device_key == holder.device_key
            && p.holder().device_serial == holder.device_serial
    }))
}

/// `citizen papers --server`: logs in with the account's personal ID (from CDIR) and the
/// password, downloads the papers of the active device, checks they are issued to this
/// device, replaces the wallet's papers with them atomically, refreshes the held lists if a
/// root is pinned in CDIR/trust, then lists the wallet as `citizen papers` does.
pub fn papers_server(
    cdir: &Path,
    server: &Server<'_>,
    password_stdin: bool,
    view: (Option<UnixTime>, Option<&Path>, bool),
) -> Result<ExitCode, CliError> {
    let (at, trust, as_json) = view;
    let state = layout::read_state(cdir)?;
    let app = layout::load_app(cdir, Arc::new(SystemClock))?;
    if app.certificate().is_none() {
        return Err(CliError::from(Error::NotEnrolled));
    }
    let client = server.client()?;
    let password = server::read_password(password_stdin)?;
    let wallet = download_papers(
        cdir,
        &app,
        &client,
        state.account.identity.personal_id.reveal(),
        &password,
    )?;
    if !as_json {
        print_downloaded(&wallet);
    }
    refresh_held_lists(cdir, &client, !as_json);
    papers(cdir, at, trust, as_json)
}

/// "Papers downloaded: N papers → the wallet file".
pub fn print_downloaded(wallet: &Wallet) {
    outln!(
        "  ✔ {}: {} {} → {}",
        label::both(label::PAPERS_DOWNLOADED),
        wallet.papers().len(),
        label::both(label::PAPERS),
        wallet.path().display()
    );
}

/// Downloads the papers of the account's active device and stores them (see
/// [`papers_server`]); refused if they are not issued to this device.
pub fn download_papers(
    cdir: &Path,
    app: &CitizenApp,
    client: &AuthorityClient,
    personal_id: &str,
    password: &str,
) -> Result<Wallet, CliError> {
    let session = server::login(client, personal_id, password)?;
    let got = client.papers(&session);
    server::logout(client, &session);
    let papers = got.map_err(server::client_error("downloading the papers"))?;
    if !issued_to(app, &papers)? {
        return Err(CliError::refused(
            "the authority's papers for this account are issued to another device (the \
             account enrolled elsewhere since, or this device was replaced): the wallet is \
             left as it was",
        ));
    }
    store_papers(cdir, papers)
}

/// Refreshes the lists held in CDIR/trust from the server, if a root is pinned there;
/// problems are warnings (the papers are what was asked for).
pub fn refresh_held_lists(cdir: &Path, client: &AuthorityClient, print: bool) {
    let dir = cdir.join(TRUST_CACHE);
    let Ok(mut cache) = TrustCache::open(&dir) else {
        output::warn(&label::both(label::NO_LISTS_KEPT));
        return;
    };
    match server::refresh_lists(client, &mut cache) {
        Ok(report) => {
            if print {
                server::print_lists(&report);
            }
            if report.refused() > 0 {
                output::warn("a list from the server does not verify: the held one is kept");
            }
        }
        Err(e) => output::warn(&format!("the lists were not refreshed: {}", e.message)),
    }
}

/// Writes `authority-dir.txt` and the `trust/` copy of the authority's public parts.
fn remember_authority(cdir: &Path, authority_dir: &Path) -> Result<(), CliError> {
    let public = layout::public_dir(authority_dir)?;
    let (root, bundle) = read_public(&public).map_err(ctx("reading the authority's lists"))?;
    let mut cache = TrustCache::pin(&cdir.join(TRUST_CACHE), &root)
        .map_err(ctx("pinning the authority's root key"))?;
    cache.offer_trust_list(&bundle.trust_list)?;
    cache.offer_revocation_list(&bundle.revocation_list)?;
    let abs = std::fs::canonicalize(authority_dir).unwrap_or_else(|_| authority_dir.to_owned());
    match abs.to_str() {
        Some(s) => storage::write_atomic(&cdir.join(AUTHORITY_LINK), format!("{s}\n").as_bytes())?,
        None => output::warn(
            "the authority's path is not UTF-8: give --trust DIR to see revoked papers",
        ),
    }
    Ok(())
}

/// Prints what enrolment put into the wallet.
pub fn print_issued(wallet: &Wallet, now: UnixTime) {
    outln!(
        "  ✔ {}: {}",
        label::both(label::PAPERS_ISSUED),
        wallet.path().display()
    );
    for s in wallet.list(now, None) {
        outln!(
            "      [{}] {} / {} · {}",
            s.type_code,
            s.name_vi,
            s.name_en,
            s.agency
        );
    }
}

/// `map_err` helper naming the wallet file: a damaged file, a wrong key or a missing key is
/// an error (exit 2), never an empty wallet.
fn wallet_error(path: &Path) -> impl Fn(Error) -> CliError + '_ {
    move |e| CliError::from(e).context(&format!("reading the wallet {}", path.display()))
}

/// Opens the wallet in `cdir`. No citizen, no wallet file, a wrong or missing key, a damaged
/// file: each is an error.
pub fn open_wallet(cdir: &Path) -> Result<Wallet, CliError> {
    layout::read_state(cdir)?;
    let path = cdir.join(WALLET_FILE);
    if !path.exists() {
        return Err(CliError::usage(format!(
            "no wallet in {}: {} is missing (papers are issued at `vneid citizen enroll`)",
            cdir.display(),
            path.display()
        )));
    }
    Wallet::open(&path, std::sync::Arc::new(layout::secrets(cdir))).map_err(wallet_error(&path))
}

/// A paper of the wallet by type code or serial, with a helpful error when there is none.
fn find<'w>(wallet: &'w Wallet, selector: &str) -> Result<&'w Paper, CliError> {
    wallet.find(selector).map_err(|e| match e {
        Error::NotFound { .. } => {
            let held: Vec<String> = wallet
                .papers()
                .iter()
                .map(|p| format!("{} {}", p.paper_type().code, p.serial()))
                .collect();
            CliError::usage(format!(
                "no paper {selector:?} in the wallet: give a type code or a serial ({})",
                if held.is_empty() {
                    "the wallet is empty".to_owned()
                } else {
                    format!("held: {}", held.join(", "))
                }
            ))
        }
        e => CliError::from(e),
    })
}

/// The revocation list the citizen's app goes by, and where it came from.
pub struct Revocation {
    /// The verified list.
    pub list: RevocationList,
    /// Where it was read.
    pub source: PathBuf,
}

/// The authority's public part in `dir` (or `dir/public`): its root key and signed lists.
fn fetch(dir: &Path) -> Result<(PublicKey, TrustBundle), CliError> {
    let public = layout::public_dir(dir)?;
    read_public(&public).map_err(ctx("reading the revocation list"))
}

/// The newest revocation list available to the citizen's app: from `trust` if given (an error
/// if unreadable or signed by another root), else from the authority the citizen enrolled
/// with (a warning if it cannot be read), else the copy held since the last read. The held
/// copy is the core's [`TrustCache`] in `CDIR/trust`, pinned at enrolment: a newer list
/// replaces it, an older one (or another list under the same number) is refused with a
/// warning. `None` (with a warning) when there is none.
pub fn revocation(
    cdir: &Path,
    trust: Option<&Path>,
    now: UnixTime,
) -> Result<Option<Revocation>, CliError> {
    let cache_dir = cdir.join(TRUST_CACHE);
    let held_path = cache_dir.join(REVOCATION_LIST_FILE);
    // No pin (a citizen directory from before pinning): lists are checked against the root
    // found beside them and nothing is kept.
    let mut cache = TrustCache::open(&cache_dir).ok();
    let source = match trust {
        Some(d) => Some(d.to_owned()),
        None => std::fs::read_to_string(cdir.join(AUTHORITY_LINK))
            .ok()
            .map(|s| PathBuf::from(s.trim_end_matches(['\n', '\r']))),
    };
    let held = |cache: &Option<TrustCache>| {
        let list = cache.as_ref()?.store().revocation_list()?.clone();
        Some(Revocation {
            list,
            source: held_path.clone(),
        })
    };
    let mut fresh = None;
    if let Some(dir) = &source {
        let got = fetch(dir).and_then(|(root, bundle)| {
            if cache.as_ref().is_some_and(|c| *c.root() != root) {
                return Err(CliError::usage(format!(
                    "{} is not the authority this citizen enrolled with (another root key)",
                    dir.display()
                )));
            }
            match &mut cache {
                Some(c) => match c.offer_revocation_list(&bundle.revocation_list) {
                    Ok(_) => Ok(c.store().revocation_list().cloned()),
                    Err(Error::StaleList { offered, held, .. }) => {
                        output::warn(&format!(
                            "the revocation list in {} (sequence {offered}) is not newer than \
                             the one held ({held}); keeping the held one",
                            dir.display()
                        ));
                        Ok(None)
                    }
                    Err(e) => Err(CliError::from(e).context("checking the revocation list")),
                },
                None => RevocationList::verify(&bundle.revocation_list, &root)
                    .map(Some)
                    .map_err(ctx("checking the revocation list")),
            }
        });
        match got {
            Ok(list) => {
                fresh = list.map(|list| Revocation {
                    list,
                    source: dir.clone(),
                })
            }
            Err(e) if trust.is_some() => return Err(e),
            Err(e) => output::warn(&format!(
                "the authority's revocation list cannot be read ({}); {}",
                e.message,
                if held(&cache).is_some() {
                    "using the copy held since the last read"
                } else {
                    "give --trust DIR"
                }
            )),
        }
    }
    let chosen = fresh.or_else(|| held(&cache));
    match &chosen {
        Some(r) if now >= r.list.next_update => {
            output::warn(&strings::both("verdict.stale_revocation"))
        }
        Some(_) => {}
        None => output::warn(&label::both(label::NO_REVOCATION_LIST)),
    }
    Ok(chosen)
}

/// Whether the citizen's own device certificate is on the list.
fn device_revoked(cdir: &Path, rev: Option<&Revocation>) -> Result<Option<bool>, CliError> {
    let Some(rev) = rev else { return Ok(None) };
    let cert = layout::certificate_of(&layout::read_state(cdir)?)?;
    Ok(cert.map(|c| rev.list.revoked.contains(&c.claims().serial)))
}

fn clock_at(at: Option<UnixTime>) -> Arc<dyn Clock> {
    match at {
        Some(t) => Arc::new(TestClock::at(t)),
        None => Arc::new(SystemClock),
    }
}

fn status_mark(s: PaperStatus) -> &'static str {
    match s {
        PaperStatus::Valid => "✔",
        PaperStatus::NotYetValid => "…",
        PaperStatus::Expired | PaperStatus::Revoked => "✘",
    }
}

fn summary_json(s: &PaperSummary) -> Value {
    json!({
        "type": s.type_code,
        "name_vi": s.name_vi,
        "name_en": s.name_en,
        "agency": s.agency,
        "serial": s.serial.to_string(),
        "valid_from": rfc3339(s.valid_from),
        "valid_until": rfc3339(s.valid_until),
        "status": s.status.code(),
    })
}

fn revocation_json(r: Option<&Revocation>) -> Value {
    r.map_or(Value::Null, |r| {
        json!({
            "sequence": r.list.sequence,
            "issued_at": rfc3339(r.list.issued_at),
            "next_update": rfc3339(r.list.next_update),
            "source": r.source.display().to_string(),
        })
    })
}

fn print_revocation(rev: Option<&Revocation>, device_revoked: Option<bool>) {
    match rev {
        Some(r) => outln!(
            "  {}: #{} · {} · {}",
            label::both(label::REVOCATION_LIST),
            r.list.sequence,
            rfc3339(r.list.issued_at),
            r.source.display()
        ),
        None => outln!(
            "  {}: {}",
            label::both(label::REVOCATION_LIST),
            label::both(label::NO_REVOCATION_LIST)
        ),
    }
    if device_revoked == Some(true) {
        outln!(
            "  ⚠ {} — {}",
            strings::both("reason.revoked"),
            label::both(label::DEVICE_REVOKED_NOTE)
        );
    }
}

/// Prints the wallet's list (tab Ví giấy tờ): each paper's names, status, last valid day,
/// agency and serial; then the revocation list it was checked against.
pub fn print_list(
    wallet: &Wallet,
    now: UnixTime,
    rev: Option<&Revocation>,
    device_revoked: Option<bool>,
) {
    let list = wallet.list(now, rev.map(|r| &r.list));
    outln!(
        "{} — {} ({} {})",
        strings::both("tab.wallet"),
        wallet.path().display(),
        list.len(),
        label::both(label::PAPERS)
    );
    if list.is_empty() {
        outln!("  {}", strings::both("wallet.empty"));
    }
    for s in &list {
        outln!(
            "  {} [{}] {} / {}",
            status_mark(s.status),
            s.type_code,
            s.name_vi,
            s.name_en
        );
        outln!(
            "      {} · {} {} · {} · {}",
            strings::both(&s.status.string_key()),
            strings::both("label.valid_until"),
            output::last_valid_day(s.valid_until),
            s.agency,
            s.serial
        );
    }
    print_revocation(rev, device_revoked);
}

/// `citizen papers`: the wallet's list with statuses at `at` (or now).
pub fn papers(
    cdir: &Path,
    at: Option<UnixTime>,
    trust: Option<&Path>,
    as_json: bool,
) -> Result<ExitCode, CliError> {
    let now = clock_at(at).now();
    let wallet = open_wallet(cdir)?;
    let rev = revocation(cdir, trust, now)?;
    let device = device_revoked(cdir, rev.as_ref())?;
    if as_json {
        let list = wallet.list(now, rev.as_ref().map(|r| &r.list));
        outln!(
            "{}",
            json!({
                "wallet": wallet.path().display().to_string(),
                "at": rfc3339(now),
                "papers": list.iter().map(summary_json).collect::<Vec<_>>(),
                "revocation_list": revocation_json(rev.as_ref()),
                "device_revoked": device,
            })
        );
    } else {
        print_list(&wallet, now, rev.as_ref(), device);
    }
    Ok(ExitCode::SUCCESS)
}

/// `citizen show`: one paper with both labels; personal ID numbers masked unless `reveal`.
pub fn show(
    cdir: &Path,
    selector: &str,
    reveal: bool,
    at: Option<UnixTime>,
    trust: Option<&Path>,
    as_json: bool,
) -> Result<ExitCode, CliError> {
    let now = clock_at(at).now();
    let wallet = open_wallet(cdir)?;
    find(&wallet, selector)?;
    let rev = revocation(cdir, trust, now)?;
    let d = wallet.detail(selector, now, rev.as_ref().map(|r| &r.list))?;
    let s = &d.summary;
    // The holder is this citizen (the paper is bound to their device): the account's number.
    let id = layout::read_state(cdir)?.account.identity.personal_id;
    let holder = if reveal {
        id.reveal().to_owned()
    } else {
        id.masked()
    };
    if as_json {
        let mut v = summary_json(s);
        v["agency_name_vi"] = json!(d.agency_name_vi);
        v["agency_name_en"] = json!(d.agency_name_en);
        v["holder"] = json!(holder);
        v["fields"] = output::fields_json(&d.fields, reveal);
        outln!("{v}");
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "{} · {} / {} ({})",
        strings::both("tab.wallet"),
        s.name_vi,
        s.name_en,
        s.type_code
    );
    outln!(
        "{}",
        output::field("label.paper_serial", &s.serial.to_string())
    );
    outln!(
        "{}",
        output::field(
            "label.issuing_agency",
            &format!("{} · {} / {}", s.agency, d.agency_name_vi, d.agency_name_en)
        )
    );
    outln!("{}", output::field("label.holder", &holder));
    outln!(
        "{}",
        output::field("label.valid_from", &output::first_valid_day(s.valid_from))
    );
    outln!(
        "{}",
        output::field("label.valid_until", &output::last_valid_day(s.valid_until))
    );
    outln!(
        "{}",
        output::field(
            "label.status",
            &format!(
                "{} {}",
                status_mark(s.status),
                strings::both(&s.status.string_key())
            )
        )
    );
    outln!("  ──");
    for f in &d.fields {
        outln!("{}", output::paper_field(f, reveal));
    }
    Ok(ExitCode::SUCCESS)
}

/// The field keys of `--fields`, each checked against the paper type; an unknown key is an
/// error listing the valid ones.
pub fn check_fields<'a>(ty: &PaperType, fields: &'a [String]) -> Result<Vec<&'a str>, CliError> {
    let keys: Vec<&str> = fields
        .iter()
        .map(|f| f.trim())
        .filter(|f| !f.is_empty())
        .collect();
    if let Some(bad) = keys.iter().find(|k| ty.field(k).is_none()) {
        let valid: Vec<&str> = ty.fields.iter().map(|f| f.key).collect();
        return Err(CliError::usage(format!(
            "{} ({} / {}) has no field {bad:?}; valid fields: {}",
            ty.code,
            ty.name_vi,
            ty.name_en,
            valid.join(", ")
        )));
    }
    Ok(keys)
}

/// Prints a presentation (tab Ví giấy tờ · Xuất trình giấy tờ): the paper, the fields it
/// discloses (ID numbers masked), the QR and its countdown.
pub fn print_presentation(
    paper: &Paper,
    qr: &PresentationQr,
    now: UnixTime,
) -> Result<(), CliError> {
    let ty = paper.paper_type();
    outln!(
        "{} · {}",
        strings::both("tab.wallet"),
        strings::both("wallet.present")
    );
    outln!(
        "{}",
        output::padded(
            &strings::both("label.paper"),
            &format!("{} / {} ({})", ty.name_vi, ty.name_en, ty.code)
        )
    );
    outln!(
        "{}",
        output::field("label.paper_serial", &qr.paper_serial.to_string())
    );
    outln!("  ── {}", label::both(label::DISCLOSED));
    if qr.fields.is_empty() {
        outln!("  ({})", label::both(label::NO_FIELD));
    }
    for f in paper.views().iter().filter(|f| qr.fields.contains(&f.key)) {
        outln!("{}", output::paper_field(f, false));
    }
    let m = qr.matrix().map_err(ctx("drawing the QR"))?;
    citizen::print_code(&m, qr.text.len(), qr.seconds_left(now), qr.expires_at);
    Ok(())
}

/// `citizen present`'s arguments.
pub struct PresentRequest<'a> {
    pub cdir: &'a Path,
    pub paper: &'a str,
    pub fields: &'a [String],
    pub at: Option<UnixTime>,
    pub png: Option<&'a Path>,
}

/// `citizen present`: a presentation QR of one paper disclosing the chosen fields, valid for
/// 60 seconds, drawn, optionally written as PNG; the last line of output is its text.
pub fn present(r: &PresentRequest<'_>) -> Result<ExitCode, CliError> {
    let clock = clock_at(r.at);
    let now = clock.now();
    let app = layout::load_app(r.cdir, clock)?;
    let wallet = open_wallet(r.cdir)?;
    let paper = find(&wallet, r.paper)?;
    let fields = check_fields(paper.paper_type(), r.fields)?;
    match paper.status(now, None) {
        PaperStatus::Valid => {}
        s => output::warn(&format!(
            "this paper is {} ({}): the officer will see it as FAKE",
            s.code(),
            strings::both(&s.string_key())
        )),
    }
    let qr = app.make_presentation_qr(paper, &fields)?;
    print_presentation(paper, &qr, now)?;
    if let Some(path) = r.png {
        citizen::write_matrix_png(&qr.matrix().map_err(ctx("drawing the QR"))?, path)?;
        outln!("{}: {}", label::both(label::PNG_WRITTEN), path.display());
    }
    outln!("{}", qr.text);
    Ok(ExitCode::SUCCESS)
}
