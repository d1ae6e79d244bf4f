//! `vneid authority init|revoke`.

use std::path::Path;
use std::process::ExitCode;

use vneid_core::certificate::Serial;
use vneid_core::clock::{Clock, SystemClock};
use vneid_core::issuer::Authority;
use vneid_core::trust::RevocationList;

use crate::error::{ctx, CliError};
use crate::layout::{self, PUBLIC_DIR};
use crate::output::{label, outln};

/// File the authority's state lives in; its presence means DIR already holds an authority.
const STATE_FILE: &str = "authority.json";

/// Creates and saves a new authority; refuses to overwrite one.
pub fn init(dir: &Path) -> Result<ExitCode, CliError> {
    if dir.join(STATE_FILE).exists() {
        return Err(CliError::usage(format!(
            "{} already holds an authority; its keys are not overwritten",
            dir.display()
        )));
    }
    let now = SystemClock.now();
    let authority = create_and_save(dir, now)?;
    let root = authority.root_public_key()?;
    outln!("{}: {}", label::both(label::AUTHORITY), dir.display());
    outln!(
        "  root key id {}  (pinned by officers)",
        root.key_id_hex(vneid_core::trust::KID_LEN)
    );
    outln!("  private keys: {}", dir.join("private").display());
    outln!(
        "  public parts for officers: {}",
        dir.join(PUBLIC_DIR).display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A new authority saved in `dir` (also used by the demo).
pub fn create_and_save(dir: &Path, now: i64) -> Result<Authority, CliError> {
    let mut authority = Authority::create(now).map_err(ctx("creating the authority"))?;
    authority
        .save(dir, now)
        .map_err(ctx("saving the authority"))?;
    Ok(authority)
}

/// Revokes the device certificate held in a citizen's directory.
pub fn revoke(dir: &Path, cdir: &Path) -> Result<ExitCode, CliError> {
    let state = layout::read_state(cdir)?;
    let cert = layout::certificate_of(&state)?
        .ok_or_else(|| CliError::usage("the citizen in CDIR is not enrolled"))?;
    let authority = Authority::load(dir).map_err(ctx("reading the authority"))?;
    if cert
        .verify_signature(&authority.device_issuer().entry.key)
        .is_err()
    {
        return Err(CliError::usage(
            "the citizen's certificate was not issued by this authority",
        ));
    }
    revoke_and_save(authority, dir, cert.claims().serial, label::REVOKED)
}

/// Revokes a paper by its serial (a lost licence, a withdrawn registration). The authority
/// keeps no register of the papers it issued, so any well-formed serial is accepted.
pub fn revoke_paper(dir: &Path, serial: &str) -> Result<ExitCode, CliError> {
    let serial = Serial::from_hex(serial)
        .map_err(|_| CliError::usage("--paper: expected a paper serial of 16 hex digits"))?;
    let authority = Authority::load(dir).map_err(ctx("reading the authority"))?;
    revoke_and_save(authority, dir, serial, label::PAPER_REVOKED)
}

/// Puts a serial (device certificate or paper) on the revocation list, saves the authority
/// and says which list sequence now carries it.
fn revoke_and_save(
    mut authority: Authority,
    dir: &Path,
    serial: Serial,
    what: (&str, &str),
) -> Result<ExitCode, CliError> {
    let now = SystemClock.now();
    authority.revoke(serial, now).map_err(ctx("revoking"))?;
    let bundle = authority
        .save(dir, now)
        .map_err(ctx("saving the authority"))?;
    let sequence = RevocationList::verify(&bundle.revocation_list, &authority.root_public_key()?)
        .map(|l| l.sequence)
        .map_err(ctx("checking the new revocation list"))?;
    outln!("{}: {serial}", label::both(what));
    outln!(
        "  revocation list sequence {sequence} written to {}",
        dir.join(PUBLIC_DIR).display()
    );
    Ok(ExitCode::SUCCESS)
}
