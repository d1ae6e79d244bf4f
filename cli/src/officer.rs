//! `vneid officer verify|update|log`: an officer's app that holds only the authority's public
//! parts (the root key it pins and the signed trust and revocation lists), and keeps its
//! **state** in a folder (`--state DIR`, default `$XDG_DATA_HOME/vneid/officer`): the root key
//! pinned once at set-up, the newest lists it accepted (never older), and the keyed scan log
//! that carries the replay cache across runs. `update` refreshes the lists of that folder from
//! the authority service (`If-None-Match`); `verify` reads them offline.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use vneid_client::AuthorityClient;
use vneid_core::audit::{AuditLog, Integrity};
use vneid_core::clock::{rfc3339, Clock, SystemClock, TestClock, UnixTime};
use vneid_core::flows::{OfficerAccount, OfficerApp};
use vneid_core::identity::AssuranceLevel;
use vneid_core::keys::PublicKey;
use vneid_core::qr::{decode_png_luma, scan, LumaFrame};
use vneid_core::storage;
use vneid_core::strings;
use vneid_core::testing::FileSecretStore;
use vneid_core::trust::{read_public, read_root_key, Offered, ROOT_KEY_FILE};
use vneid_core::verdict::Verdict;
use vneid_core::verifier::Policy;
use vneid_core::wallet::SecretStore;
use vneid_core::Error;

use crate::error::{ctx, CliError, EXIT_CANNOT_VERIFY, EXIT_NO, EXIT_USAGE};
use crate::layout::{self, public_dir, OFFICER_KEYS, OFFICER_LOG, OFFICER_TRUST};
use crate::output::{self, label, outln};
use crate::server::{self, ListsReport, Server};

/// The officer signed in to the CLI's app (a level-2 account, as the procedure requires).
pub const OFFICER_NAME: &str = "Cán bộ kiểm tra (vneid CLI)";

/// Largest PNG read, checked before reading.
pub const MAX_PNG_BYTES: usize = 32 * 1024 * 1024;

/// `officer verify`'s arguments.
pub struct VerifyRequest<'a> {
    pub trust: Option<&'a Path>,
    pub state: Option<&'a Path>,
    pub at: Option<UnixTime>,
    pub json: bool,
    pub text: Option<&'a str>,
    pub png: Option<&'a Path>,
    /// Accept devices enrolled under a development attestation policy.
    pub accept_development: bool,
}

/// The officer's secret store in `state` (the log's MAC key and anchor): owner-only files.
fn secrets(state: &Path) -> Arc<dyn SecretStore> {
    Arc::new(FileSecretStore::new(&state.join(OFFICER_KEYS)))
}

/// A signed-in officer's app over its state folder: the root key pinned there (at set-up,
/// from `trust`'s root key, once; never replaced by a file found in a lists folder), newer
/// lists from `trust` imported (an older one refused with a warning, the held one used), and
/// the scan log opened (a broken log reported on stderr).
pub fn officer_app(
    state: &Path,
    trust: Option<&Path>,
    clock: Arc<dyn Clock>,
) -> Result<OfficerApp, CliError> {
    let account = OfficerAccount {
        full_name: OFFICER_NAME.to_owned(),
        level: AssuranceLevel::Level2,
    };
    officer_app_with(state, trust, clock, account, Policy::default())
}

/// [`officer_app`] for this account and under this policy (the demo's officer, whose account
/// comes from the authority, accepts development devices).
pub fn officer_app_with(
    state: &Path,
    trust: Option<&Path>,
    clock: Arc<dyn Clock>,
    account: OfficerAccount,
    policy: Policy,
) -> Result<OfficerApp, CliError> {
    storage::create_private_dir(state)?;
    let pinned_file = state.join(OFFICER_TRUST).join(ROOT_KEY_FILE);
    let offered = match trust {
        Some(t) => Some(read_public(&public_dir(t)?).map_err(ctx("reading the trust lists"))?),
        None => None,
    };
    let root = if pinned_file.is_file() {
        read_root_key(&pinned_file).map_err(ctx("reading the pinned root key"))?
    } else {
        let Some((root, _)) = &offered else {
            return Err(CliError::usage(format!(
                "no officer state in {}: give --trust DIR once to pin the authority's root key",
                state.display()
            )));
        };
        output::warn(&format!(
            "pinning the authority's root key {} in {} (set-up: it is never replaced)",
            root.key_id_hex(vneid_core::trust::KID_LEN),
            state.display()
        ));
        root.clone()
    };
    let app = OfficerApp::new(account, root.clone(), policy, clock)?;
    app.open_trust_cache(&state.join(OFFICER_TRUST))
        .map_err(ctx("opening the officer's lists"))?;
    if let (Some((offered_root, bundle)), Some(dir)) = (&offered, trust) {
        if *offered_root != root {
            output::warn(&format!(
                "the lists in {} are signed by another root key than the one pinned in {}: \
                 ignored",
                dir.display(),
                state.display()
            ));
        } else {
            let (t, r) = app.import_lists(Some(&bundle.trust_list), Some(&bundle.revocation_list));
            for (what, res) in [("trust list", t), ("revocation list", r)] {
                match res {
                    Some(Ok(Offered::Installed { .. } | Offered::AlreadyHeld)) | None => {}
                    Some(Err(Error::StaleList { offered, held, .. })) => output::warn(&format!(
                        "the {what} in {} (sequence {offered}) is not newer than the held one \
                         ({held}): refused; the held one is used",
                        dir.display()
                    )),
                    // Damaged, or not signed by the pinned root: bad input, not a rollback.
                    Some(Err(e)) => {
                        return Err(
                            CliError::from(e).context(&format!("the {what} in {}", dir.display()))
                        )
                    }
                }
            }
        }
    }
    if let Integrity::Broken { line, detail } = app
        .open_audit_log(&state.join(OFFICER_LOG), secrets(state))
        .map_err(ctx("opening the audit log"))?
    {
        output::warn(&format!(
            "{}: line {line}: {detail}",
            label::both(label::CHAIN_BROKEN)
        ));
    }
    Ok(app)
}

/// Reads a PNG and finds the QR in it as in a camera frame (the scanner the app runs on
/// camera frames); returns its text.
pub fn png_text(path: &Path) -> Result<String, CliError> {
    let bytes = storage::read_limited(path, MAX_PNG_BYTES, "PNG")?;
    let (px, w, h) = decode_png_luma(&bytes).map_err(ctx("reading the PNG"))?;
    let frame = LumaFrame::new(&px, w, h, w).map_err(ctx("reading the PNG"))?;
    scan(&frame).ok_or_else(|| CliError::usage(format!("no QR code found in {}", path.display())))
}

/// Reads a PNG, finds the QR in it as in a camera frame, and verifies it (identity QR or
/// paper presentation).
pub fn scan_png(app: &OfficerApp, path: &Path) -> Result<Verdict, CliError> {
    let text = png_text(path)?;
    Ok(app.verify_text(&text)?)
}

/// Verifies a QR: exit 0 genuine, 1 fake, 3 cannot verify (lists too old), 2 anything that
/// stopped a verdict.
pub fn verify(r: &VerifyRequest<'_>) -> Result<ExitCode, CliError> {
    verify_inner(r).map_err(|e| e.with_code(EXIT_USAGE))
}

fn verify_inner(r: &VerifyRequest<'_>) -> Result<ExitCode, CliError> {
    let clock: Arc<dyn Clock> = match r.at {
        Some(t) => Arc::new(TestClock::at(t)),
        None => Arc::new(SystemClock),
    };
    // The input first: unreadable input changes no state.
    let text = match (r.text, r.png) {
        (Some(text), _) => text.to_owned(),
        (None, Some(png)) => png_text(png)?,
        (None, None) => return Err(CliError::usage("give --text TEXT or --png FILE")),
    };
    let state = layout::officer_state_dir(r.state)?;
    let account = OfficerAccount {
        full_name: OFFICER_NAME.to_owned(),
        level: AssuranceLevel::Level2,
    };
    let policy = Policy {
        accept_development_devices: r.accept_development,
        ..Policy::default()
    };
    let app = officer_app_with(&state, r.trust, clock, account, policy)?;
    let verdict = app.verify_text(&text)?;
    if r.json {
        outln!(
            "{}",
            output::verdict_json(&verdict, output::kind_of_text(&text))
        );
    } else {
        output::emit(&output::verdict_human(&verdict));
    }
    Ok(exit_for(&verdict))
}

/// `officer update`'s arguments.
pub struct UpdateRequest<'a> {
    pub server: Server<'a>,
    pub state: Option<&'a Path>,
    /// `--root FILE`: the root key to pin the first time.
    pub root: Option<&'a Path>,
    /// `--trust DIR`: the authority folder (or its public part) whose root key to pin.
    pub trust: Option<&'a Path>,
}

/// Refreshes the lists of the officer's state folder from the server (`officer update`):
/// the root pinned there the first time from `--root`/`--trust` (never from the network), a
/// conditional fetch of each list, each verified and installed only if newer. Exit 0, or 2
/// when a list does not verify (the held lists are kept).
pub fn update(r: &UpdateRequest<'_>) -> Result<ExitCode, CliError> {
    let state = layout::officer_state_dir(r.state)?;
    let root = server::root_from(r.root, r.trust)?;
    let client = r.server.client()?;
    let report = update_state(&state, &client, root.as_ref())?;
    outln!(
        "{}: {} → {}",
        label::both(label::OFFICER),
        r.server.url,
        state.join(OFFICER_TRUST).display()
    );
    server::print_lists(&report);
    match report.refused() {
        0 => Ok(ExitCode::SUCCESS),
        n => Err(CliError::usage(format!(
            "{n} list(s) from the server do not verify under the root key pinned in {}: \
             refused; the held lists are kept",
            state.display()
        ))),
    }
}

/// The refresh of [`update`] on the state folder `state`.
pub fn update_state(
    state: &Path,
    client: &AuthorityClient,
    root: Option<&(PublicKey, PathBuf)>,
) -> Result<ListsReport, CliError> {
    let dir = state.join(OFFICER_TRUST);
    if !dir.join(ROOT_KEY_FILE).is_file() {
        // Set-up: nothing is written (no pin, no folder) unless the server is reachable and
        // its lists verify under the root given.
        let Some((key, _)) = root else {
            return Err(server::no_root_pinned(&dir));
        };
        server::check_lists(client, key)?;
    }
    storage::create_private_dir(state)?;
    let mut cache = server::pin_or_open(&dir, root)?;
    server::refresh_lists(client, &mut cache)
}

/// 0 for genuine, 1 for fake, 3 for cannot verify.
pub fn exit_for(v: &Verdict) -> ExitCode {
    match v {
        Verdict::Genuine(_) => ExitCode::SUCCESS,
        Verdict::Fake { .. } => ExitCode::from(EXIT_NO),
        Verdict::CannotVerify { .. } => ExitCode::from(EXIT_CANNOT_VERIFY),
    }
}

/// Lists the scan log of the officer's state; exit 0 if it is intact, 1 if broken.
pub fn log(state: Option<&Path>) -> Result<ExitCode, CliError> {
    let state = layout::officer_state_dir(state)?;
    let dir = state.join(OFFICER_LOG);
    if !dir.is_dir() {
        return Err(CliError::usage(format!(
            "no audit log in {}",
            state.display()
        )));
    }
    let log = AuditLog::open(&dir, secrets(&state)).map_err(ctx("reading the audit log"))?;
    outln!("{}: {}", strings::both("officer.history"), dir.display());
    if log.entries().is_empty() {
        outln!("  {}", label::both(label::LOG_EMPTY));
    }
    for e in log.entries() {
        let verdict = match e.verdict.as_str() {
            "genuine" => "GENUINE",
            "fake" => "FAKE",
            _ => "CANNOT VERIFY",
        };
        let mut line = format!("  #{:<4} {}  {verdict:<7}", e.seq, rfc3339(e.time));
        if let Some(r) = &e.reason {
            line.push_str(&format!("  {r}"));
        }
        if e.repeat {
            line.push_str(&format!("  [{}]", label::both(label::REPEAT)));
        }
        if let Some(p) = &e.paper {
            line.push_str(&format!("  paper {p}"));
        }
        if let Some(s) = &e.serial {
            line.push_str(&format!("  serial {s}"));
        }
        if let Some(m) = &e.masked_id {
            line.push_str(&format!("  id {m}"));
        }
        outln!("{line}");
    }
    outln!("  {} entries", log.entries().len());
    match log.integrity() {
        Integrity::Intact => {
            outln!("✔ {}", label::both(label::CHAIN_INTACT));
            Ok(ExitCode::SUCCESS)
        }
        Integrity::Broken { line, detail } => {
            outln!(
                "✘ {} (line {line}: {detail})",
                label::both(label::CHAIN_BROKEN)
            );
            Ok(ExitCode::from(EXIT_NO))
        }
    }
}
