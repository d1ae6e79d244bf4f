//! `vneid demo --offline`: the four steps with the authority as a library in-process (its
//! folder on disk, no network): the demo as it was before the authority service existed.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use vneid_core::clock::{Clock, SystemClock, TestClock};
use vneid_core::flows::{CitizenApp, OfficerApp};
use vneid_core::issuer::Authority;
use vneid_core::strings;

use super::{
    fakes, header, level1_refused, list_wallet, presentations, setting_on, step2_home, step_header,
    Checks, Expect, Paths, DOB, ID, L1_DOB, L1_ID, L1_NAME, NAME, SETUP,
};
use crate::citizen;
use crate::error::CliError;
use crate::officer;
use crate::output::{label, outln};
use crate::wallet;

/// The demo's actors, kept together so later steps (the wallet) can use them.
struct Demo {
    paths: Paths,
    /// One clock for citizen and officer; the demo moves it.
    clock: TestClock,
    authority: Authority,
    checks: Checks,
}

/// Runs the offline demo in `base`.
pub fn run(base: PathBuf) -> Result<ExitCode, CliError> {
    outln!(
        "  (offline: {})",
        label::both((
            "cơ quan định danh chạy trong tiến trình, không qua mạng",
            "the authority in-process, no network"
        ))
    );
    let mut demo = Demo::setup(base)?;
    let mut app = demo.step1_personal()?;
    step2_home(&app, &demo.clock, &demo.paths.qr_png)?;
    let officer = demo.step3_officer()?;
    fakes(
        &mut demo.checks,
        &officer,
        &app,
        &demo.clock,
        &demo.paths.qr_png,
    )?;
    demo.step4_wallet(&mut app, &officer)?;
    demo.checks.summary(&demo.paths.officer_state)
}

impl Demo {
    /// Setup: the authority, saved (private keys and public parts) under `base/authority`.
    fn setup(base: PathBuf) -> Result<Self, CliError> {
        let clock = TestClock::at(SystemClock.now());
        header(&label::both(SETUP), &label::both(label::AUTHORITY));
        let paths = Paths::new(base);
        let dir = paths.authority();
        let authority = crate::authority::create_and_save(&dir, clock.now())?;
        let root = authority.root_public_key()?;
        outln!(
            "  root key id {} · {}",
            root.key_id_hex(vneid_core::trust::KID_LEN),
            dir.display()
        );
        outln!(
            "  public parts for officers: {}",
            dir.join(crate::layout::PUBLIC_DIR).display()
        );
        Ok(Demo {
            paths,
            clock,
            authority,
            checks: Checks::default(),
        })
    }

    fn clock(&self) -> Arc<dyn Clock> {
        Arc::new(self.clock.clone())
    }

    /// Step 1 (Cá nhân): enrolment at level 2, the setting on; a level-1 account refused.
    fn step1_personal(&mut self) -> Result<CitizenApp, CliError> {
        step_header(1);
        let account = citizen::account(NAME, ID, DOB, 2)?;
        let cdir = &self.paths.citizen;
        let mut app = citizen::enrol_into(cdir, account, &self.authority, self.clock())?;
        citizen::print_enrolled(&app, cdir);
        setting_on(&mut app, cdir)?;

        // A level-1 account cannot turn the setting on.
        outln!();
        let l1 = citizen::account(L1_NAME, L1_ID, L1_DOB, 1)?;
        let l1_dir = &self.paths.level1;
        let mut l1_app = citizen::enrol_into(l1_dir, l1, &self.authority, self.clock())?;
        citizen::print_enrolled(&l1_app, l1_dir);
        level1_refused(&mut self.checks, &mut l1_app);
        Ok(app)
    }

    /// Step 3 (Quét mã QR): the officer scans the PNG.
    fn step3_officer(&mut self) -> Result<OfficerApp, CliError> {
        step_header(3);
        let officer = officer::officer_app(
            &self.paths.officer_state,
            Some(&self.paths.authority()),
            self.clock(),
        )?;
        outln!(
            "  {}: {} · {} {} · trust: authority/public only",
            label::both(label::OFFICER),
            officer.account().full_name,
            strings::both("label.level"),
            officer.account().level.number(),
        );
        let verdict = officer::scan_png(&officer, &self.paths.qr_png)?;
        self.checks
            .show("genuine QR (PNG)", &verdict, Expect::Genuine);
        Ok(officer)
    }

    /// Step 4 (Ví giấy tờ / Wallet): the agencies issue the sample papers into the citizen's
    /// encrypted wallet; the citizen lists them and presents the driving licence.
    fn step4_wallet(&mut self, app: &mut CitizenApp, officer: &OfficerApp) -> Result<(), CliError> {
        step_header(4);
        let cdir = &self.paths.citizen;
        let now = self.clock.now();
        let wallet =
            wallet::give_sample_papers(cdir, &self.authority, &self.paths.authority(), app, now)?;
        wallet::print_issued(&wallet, now);
        outln!();
        list_wallet(cdir, &wallet, app, now)?;
        presentations(
            &mut self.checks,
            app,
            &wallet,
            officer,
            &self.paths.paper_png,
            now,
        )
    }
}
