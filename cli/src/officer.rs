//! `vneid officer verify|log`: an officer's app that holds only the authority's public parts
//! (the root key it pins and the signed trust and revocation lists).

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use vneid_core::audit::{AuditLog, Integrity};
use vneid_core::clock::{rfc3339, Clock, SystemClock, TestClock, UnixTime};
use vneid_core::flows::{OfficerAccount, OfficerApp};
use vneid_core::identity::AssuranceLevel;
use vneid_core::qr::{decode_png_luma, scan, LumaFrame};
use vneid_core::storage;
use vneid_core::strings;
use vneid_core::trust::read_public;
use vneid_core::verdict::Verdict;
use vneid_core::verifier::Policy;

use crate::error::{ctx, CliError, EXIT_NO, EXIT_USAGE};
use crate::layout::public_dir;
use crate::output::{self, label, outln};

/// The officer signed in to the CLI's app (a level-2 account, as the procedure requires).
pub const OFFICER_NAME: &str = "Cán bộ kiểm tra (vneid CLI)";

/// Largest PNG read, checked before reading.
pub const MAX_PNG_BYTES: usize = 32 * 1024 * 1024;

/// `officer verify`'s arguments.
pub struct VerifyRequest<'a> {
    pub trust: &'a Path,
    pub at: Option<UnixTime>,
    pub json: bool,
    pub log: Option<&'a Path>,
    pub text: Option<&'a str>,
    pub png: Option<&'a Path>,
}

/// A signed-in officer's app with the root key pinned and the signed lists loaded.
pub fn officer_app(trust: &Path, clock: Arc<dyn Clock>) -> Result<OfficerApp, CliError> {
    let (root, bundle) =
        read_public(&public_dir(trust)?).map_err(ctx("reading the trust lists"))?;
    let account = OfficerAccount {
        full_name: OFFICER_NAME.to_owned(),
        level: AssuranceLevel::Level2,
    };
    let app = OfficerApp::new(account, root, Policy::default(), clock)?;
    app.update_trust(&bundle.trust_list, &bundle.revocation_list)
        .map_err(ctx("loading the trust lists"))?;
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

/// Verifies a QR: exit 0 genuine, 1 fake, 2 anything that stopped a verdict.
pub fn verify(r: &VerifyRequest<'_>) -> Result<ExitCode, CliError> {
    verify_inner(r).map_err(|e| e.with_code(EXIT_USAGE))
}

fn verify_inner(r: &VerifyRequest<'_>) -> Result<ExitCode, CliError> {
    let clock: Arc<dyn Clock> = match r.at {
        Some(t) => Arc::new(TestClock::at(t)),
        None => Arc::new(SystemClock),
    };
    let app = officer_app(r.trust, clock)?;
    if let Some(log) = r.log {
        if let Integrity::Broken { line, detail } = app
            .open_audit_log(log)
            .map_err(ctx("opening the audit log"))?
        {
            output::warn(&format!(
                "{}: line {line}: {detail}",
                label::both(label::CHAIN_BROKEN)
            ));
        }
    }
    let text = match (r.text, r.png) {
        (Some(text), _) => text.to_owned(),
        (None, Some(png)) => png_text(png)?,
        (None, None) => return Err(CliError::usage("give --text TEXT or --png FILE")),
    };
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

/// 0 for genuine, 1 for fake.
pub fn exit_for(v: &Verdict) -> ExitCode {
    if v.is_genuine() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NO)
    }
}

/// Lists the scan log; exit 0 if its hash chain is intact, 1 if broken.
pub fn log(file: &Path) -> Result<ExitCode, CliError> {
    if !file.is_file() {
        return Err(CliError::usage(format!(
            "no audit log at {}",
            file.display()
        )));
    }
    let log = AuditLog::open(file).map_err(ctx("reading the audit log"))?;
    outln!("{}: {}", strings::both("officer.history"), file.display());
    if log.entries().is_empty() {
        outln!("  {}", label::both(label::LOG_EMPTY));
    }
    for e in log.entries() {
        let verdict = if e.verdict == "genuine" {
            "GENUINE"
        } else {
            "FAKE"
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
