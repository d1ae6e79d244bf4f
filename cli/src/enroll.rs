//! `vneid citizen enroll`: a citizen signs in on a new device — a device key, enrolment with
//! the authority, the app saved in CDIR — and the authority's agencies issue the sample papers
//! into the wallet.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use vneid_core::clock::{Clock, SystemClock};
use vneid_core::issuer::Authority;

use crate::citizen::{account, enrol_into, print_enrolled};
use crate::error::{ctx, CliError};
use crate::layout::STATE_FILE;

/// `citizen enroll`'s arguments.
pub struct EnrollRequest<'a> {
    pub cdir: &'a Path,
    pub authority: &'a Path,
    pub name: &'a str,
    pub id: &'a str,
    pub dob: &'a str,
    pub level: u8,
}

/// Makes a device key, enrols it and saves the app in `cdir`.
pub fn enroll(r: &EnrollRequest<'_>) -> Result<ExitCode, CliError> {
    let account = account(r.name, r.id, r.dob, r.level)?;
    if r.cdir.join(STATE_FILE).exists() {
        return Err(CliError::usage(format!(
            "{} already holds an enrolled account; use a new directory",
            r.cdir.display()
        )));
    }
    let authority = Authority::load(r.authority).map_err(ctx("reading the authority"))?;
    let app = enrol_into(r.cdir, account, &authority, Arc::new(SystemClock))?;
    print_enrolled(&app, r.cdir);
    let now = SystemClock.now();
    let wallet = crate::wallet::give_sample_papers(r.cdir, &authority, r.authority, &app, now)?;
    crate::wallet::print_issued(&wallet, now);
    Ok(ExitCode::SUCCESS)
}
