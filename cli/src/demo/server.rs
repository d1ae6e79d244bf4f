//! `vneid demo` against the real authority service (feature `demo-server`): a temporary
//! authority folder with SQLite, made and filled as the operator would (`vneid-authority
//! init`, `account add`) through the `vneid-authority` library, the service on 127.0.0.1:0
//! in-process (`ServiceHandle::spawn`) under a development attestation policy, and every
//! citizen and officer action over HTTPS through `vneid-client`, by the same code as the
//! `--server` commands.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use vneid_authority::admin::{self, InitOptions};
use vneid_authority::config::{AttestationConfig, ServiceConfig};
use vneid_authority::store::NewAccount;
use vneid_authority::{ServiceHandle, ServiceOptions};
use vneid_client::wire::Role;
use vneid_client::AuthorityClient;
use vneid_core::clock::{Clock, SystemClock, TestClock};
use vneid_core::flows::{CitizenApp, OfficerAccount, OfficerApp};
use vneid_core::identity::{AssuranceLevel, PersonalId, Role as CoreRole};
use vneid_core::keys::{PublicKey, SoftwareSigner};
use vneid_core::strings;
use vneid_core::trust::{read_root_key, ROOT_KEY_FILE};
use vneid_core::verdict::Reason;
use vneid_core::verifier::Policy;

use super::{
    fakes, header, level1_refused, list_wallet, presentations, setting_on, step2_home, step_header,
    Checks, Expect, Paths, DOB, ID, L1_DOB, L1_ID, L1_NAME, NAME, SETUP,
};
use crate::enroll;
use crate::error::{ctx, CliError};
use crate::officer;
use crate::output::{label, outln};
use crate::server::{self, ListOutcome, Server};
use crate::wallet;

/// The officer's account (registered as level 2, role officer).
const OFFICER_NAME: &str = "Lê Minh Cường";
const OFFICER_ID: &str = "001085007777";
const OFFICER_DOB: &str = "1985-03-04";
/// The accounts' initial passwords, as the operator gives them at registration; never
/// printed.
const CITIZEN_PASSWORD: &str = "mật khẩu công dân 2";
const L1_PASSWORD: &str = "mật khẩu công dân 1";
const OFFICER_PASSWORD: &str = "mật khẩu cán bộ";

const SERVICE: (&str, &str) = (
    "Dịch vụ cơ quan định danh (HTTPS, 127.0.0.1)",
    "Authority service (HTTPS, 127.0.0.1)",
);
const DEV_POLICY: (&str, &str) = (
    "Thiết bị trong demo dùng khóa phần mềm, không có chứng thực phần cứng: vì vậy chính \
     sách chứng thực của cơ quan là development, và chính sách của cán bộ phải chấp nhận \
     thiết bị development",
    "The demo's devices are software keys without hardware attestation: that is why the \
     authority's attestation policy is development, and why the officer's policy must accept \
     development devices",
);
const OVER_HTTPS: (&str, &str) = (
    "Đăng nhập và đăng ký thiết bị qua HTTPS",
    "Log in and enrol the device over HTTPS",
);
const LISTS_OVER_HTTPS: (&str, &str) = (
    "Cập nhật danh sách qua HTTPS (If-None-Match)",
    "Lists refreshed over HTTPS (If-None-Match)",
);
const OFFICER_POLICY: (&str, &str) = (
    "chính sách: chấp nhận thiết bị development (chỉ cho demo / thử nghiệm)",
    "policy: accepts development devices (demo / test set-ups only)",
);
const STOLEN: (&str, &str) = ("Điện thoại bị mất cắp", "My phone was stolen");
const STOLEN_REVOKE: (&str, &str) = (
    "Công dân đăng nhập từ máy khác và thu hồi thiết bị",
    "The citizen logs in from another machine and revokes the device",
);
const STOLEN_UPDATE: (&str, &str) = (
    "Cán bộ cập nhật danh sách",
    "The officer refreshes the lists",
);
const STOLEN_SCAN: (&str, &str) = (
    "Kẻ trộm đưa mã QR mới từ điện thoại cũ",
    "The thief shows a fresh QR from the old phone",
);
const STOPPED: (&str, &str) = (
    "Đã dừng dịch vụ cơ quan định danh",
    "Authority service stopped",
);

/// The demo's actors.
struct Demo {
    paths: Paths,
    /// One clock for citizen and officer; the demo moves it (never behind the real time: the
    /// service signs with the real clock).
    clock: TestClock,
    service: Option<ServiceHandle>,
    url: String,
    client: AuthorityClient,
    root: (PublicKey, PathBuf),
    /// The officer's account, from its certificate.
    officer: Option<OfficerAccount>,
    checks: Checks,
}

/// Runs the demo against the service in `base`; the service is stopped at the end whatever
/// happened.
pub fn run(base: PathBuf) -> Result<ExitCode, CliError> {
    let mut demo = Demo::setup(base)?;
    let result = demo.steps();
    if let Some(s) = demo.service.take() {
        s.shutdown();
        outln!();
        outln!("  ✔ {}: {}", label::both(STOPPED), demo.url);
    }
    result
}

fn authority_error(doing: &'static str) -> impl Fn(vneid_authority::Error) -> CliError {
    // The authority's errors name the check or the file, never the holder.
    move |e| CliError::usage(format!("{doing}: {e}"))
}

impl Demo {
    /// Setup: the authority folder, the accounts, the service on 127.0.0.1:0.
    fn setup(base: PathBuf) -> Result<Self, CliError> {
        let now = SystemClock.now();
        let clock = TestClock::at(now);
        header(&label::both(SETUP), &label::both(SERVICE));
        let paths = Paths::new(base);
        let dir = paths.authority();
        // As `vneid-authority init DIR` with `"attestation": {"development": true}`; lists
        // published often, so a revocation reaches the served list at once.
        let service_config = ServiceConfig {
            publish_poll_ms: 100,
            ..ServiceConfig::default()
        };
        let opts = InitOptions {
            attestation: AttestationConfig {
                development: true,
                ..AttestationConfig::default()
            },
            service: service_config.clone(),
            ..InitOptions::default()
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| CliError::usage(format!("starting a runtime: {e}")))?;
        let init = rt
            .block_on(admin::init(&dir, &opts, now, now))
            .map_err(authority_error("creating the authority"))?;
        drop(rt);
        outln!("  root key id {} · {}", init.root_key_id, dir.display());
        outln!(
            "  SQLite: {}",
            vneid_authority::config::Layout::new(&dir)
                .sqlite()
                .display()
        );
        outln!("  ⚠ {}", label::both(DEV_POLICY));

        let service = ServiceHandle::spawn(ServiceOptions::new(
            &dir,
            "127.0.0.1:0".parse().expect("an address"),
        ))
        .map_err(authority_error("starting the service"))?;
        let url = service.url();
        let pin = std::fs::read_to_string(dir.join("tls").join("spki-sha256.txt"))
            .map_err(|e| CliError::usage(format!("reading the listener's key pin: {e}")))?;
        let pin = pin.trim().to_owned();
        outln!("  ✔ {} · TLS key pinned: sha256 {pin}", url);

        // The operator registers the accounts after the in-person check.
        let store = service.store();
        let accounts = [
            (ID, NAME, DOB, "nam", 2, Role::Citizen, CITIZEN_PASSWORD),
            (L1_ID, L1_NAME, L1_DOB, "nu", 1, Role::Citizen, L1_PASSWORD),
            (
                OFFICER_ID,
                OFFICER_NAME,
                OFFICER_DOB,
                "nam",
                2,
                Role::Officer,
                OFFICER_PASSWORD,
            ),
        ];
        for (id, name, dob, sex, level, role, password) in accounts {
            let account = NewAccount {
                personal_id: id.into(),
                full_name: name.into(),
                date_of_birth: dob.into(),
                sex: sex.into(),
                level,
                role,
            };
            service
                .block_on(admin::add_account(
                    &store,
                    &service_config,
                    &account,
                    password,
                    now,
                ))
                .map_err(authority_error("registering an account"))?;
            outln!(
                "  ✔ account add: {} · {} {level} · {}",
                PersonalId::new(id).map_err(ctx("an account"))?.masked(),
                strings::both("label.level"),
                role.as_str()
            );
        }

        let client = Server {
            url: &url,
            cert: None,
            pin: Some(&pin),
        }
        .client()?;
        let root_path = dir.join(crate::layout::PUBLIC_DIR).join(ROOT_KEY_FILE);
        let root = read_root_key(&root_path).map_err(ctx("reading the root key"))?;
        Ok(Demo {
            paths,
            clock,
            service: Some(service),
            url,
            client,
            root: (root, root_path),
            officer: None,
            checks: Checks::default(),
        })
    }

    fn clock(&self) -> Arc<dyn Clock> {
        Arc::new(self.clock.clone())
    }

    /// The demo's clock catches up with the real time (never goes back).
    fn catch_up(&self) {
        let real = SystemClock.now();
        if real > self.clock.now() {
            self.clock.set(real);
        }
    }

    fn steps(&mut self) -> Result<ExitCode, CliError> {
        let mut app = self.step1_personal()?;
        self.catch_up();
        step2_home(&app, &self.clock, &self.paths.qr_png)?;
        let officer = self.step3_officer()?;
        fakes(
            &mut self.checks,
            &officer,
            &app,
            &self.clock,
            &self.paths.qr_png,
        )?;
        self.step4_wallet(&mut app, &officer)?;
        drop(officer);
        self.step5_stolen(&app)?;
        self.checks.summary(&self.paths.officer_state)
    }

    /// Step 1 (Cá nhân): the level-2 citizen logs in and enrols over HTTPS, the setting on; a
    /// level-1 account enrols too and is refused the setting.
    fn step1_personal(&mut self) -> Result<CitizenApp, CliError> {
        step_header(1);
        outln!(
            "  {}: POST /v1/login, /v1/enrolment/challenge, /v1/enrolment",
            label::both(OVER_HTTPS)
        );
        let id = PersonalId::new(ID).map_err(ctx("the demo's account"))?;
        let cdir = self.paths.citizen.clone();
        let e = enroll::enrol_over_https(
            &cdir,
            &self.client,
            &id,
            CITIZEN_PASSWORD,
            Some(&self.root.0),
            self.clock(),
        )?;
        enroll::print_server_enrolment(&e, &cdir, &self.url);
        self.checks.check(
            "citizen enrolled over HTTPS: level 2, role citizen, from the account",
            e.enrolled.level == AssuranceLevel::Level2
                && e.enrolled.role == Role::Citizen
                && e.enrolled.certificate.claims().role == CoreRole::Citizen,
        );
        let mut app = e.app;
        setting_on(&mut app, &cdir)?;

        outln!();
        let l1_id = PersonalId::new(L1_ID).map_err(ctx("the demo's account"))?;
        let l1_dir = self.paths.level1.clone();
        let mut l1 = enroll::enrol_over_https(
            &l1_dir,
            &self.client,
            &l1_id,
            L1_PASSWORD,
            Some(&self.root.0),
            self.clock(),
        )?;
        enroll::print_server_enrolment(&l1, &l1_dir, &self.url);
        level1_refused(&mut self.checks, &mut l1.app);
        Ok(app)
    }

    /// Step 3 (Quét mã QR): the officer logs in and enrols (the role is the account's), pins
    /// the authority's root (the app's compiled-in key; here the authority folder's
    /// public/root-key.cbor), fetches the lists over HTTPS into its state folder, and scans
    /// the PNG.
    fn step3_officer(&mut self) -> Result<OfficerApp, CliError> {
        step_header(3);
        outln!(
            "  {} ({})",
            label::both(OVER_HTTPS),
            label::both(label::OFFICER)
        );
        let session = server::login(&self.client, OFFICER_ID, OFFICER_PASSWORD)?;
        let key = SoftwareSigner::generate().map_err(ctx("making the officer's device key"))?;
        let enrolled = self.client.enrol(&session, &key, &enroll::no_evidence);
        server::logout(&self.client, &session);
        let enrolled = enrolled.map_err(server::client_error("the officer's enrolment"))?;
        let claims = enrolled.certificate.claims();
        // The officer's app takes the role and the name from the certificate (the account's
        // registration), never from a choice made in the app.
        let account = OfficerAccount::from_certificate(&enrolled.certificate);
        let is_officer = session.role == Role::Officer
            && enrolled.role == Role::Officer
            && claims.role == CoreRole::Officer
            && account.is_ok();
        self.checks
            .check("officer role and level 2 from the account", is_officer);
        let account = account.map_err(ctx("the officer's certificate"))?;
        outln!(
            "  {}: {} · {} {} · {} {}",
            label::both(label::OFFICER),
            vneid_core::identity::display_safe(&account.full_name),
            strings::both("label.level"),
            account.level.number(),
            strings::both("label.serial"),
            claims.serial
        );
        enroll::print_role(&enrolled);

        outln!();
        outln!(
            "  {}: GET /v1/lists/trust, /v1/lists/revocation → {}",
            label::both(LISTS_OVER_HTTPS),
            self.paths.officer_state.display()
        );
        let report =
            officer::update_state(&self.paths.officer_state, &self.client, Some(&self.root))?;
        server::print_lists(&report);
        self.checks.check(
            "officer's lists fetched over HTTPS and verified",
            matches!(report.trust, ListOutcome::Installed { .. })
                && matches!(report.revocation, ListOutcome::Installed { .. }),
        );
        self.officer = Some(account.clone());
        let officer = self.officer_app(account)?;
        outln!("  {}", label::both(OFFICER_POLICY));
        let verdict = officer::scan_png(&officer, &self.paths.qr_png)?;
        self.checks
            .show("genuine QR (PNG)", &verdict, Expect::Genuine);
        Ok(officer)
    }

    /// The officer's app over its state folder, accepting development devices.
    fn officer_app(&self, account: OfficerAccount) -> Result<OfficerApp, CliError> {
        let policy = Policy {
            accept_development_devices: true,
            ..Policy::default()
        };
        officer::officer_app_with(
            &self.paths.officer_state,
            None,
            self.clock(),
            account,
            policy,
        )
    }

    /// Step 4 (Ví giấy tờ / Wallet): the papers of the active device downloaded from the
    /// server into the encrypted wallet, the citizen's lists refreshed; the licence presented.
    fn step4_wallet(&mut self, app: &mut CitizenApp, officer: &OfficerApp) -> Result<(), CliError> {
        step_header(4);
        let cdir = self.paths.citizen.clone();
        outln!("  GET /v1/papers");
        let wallet = wallet::download_papers(&cdir, app, &self.client, ID, CITIZEN_PASSWORD)?;
        wallet::print_downloaded(&wallet);
        self.checks.check(
            "papers downloaded, issued to this device",
            wallet.papers().len() == 4 && wallet::issued_to(app, wallet.papers())?,
        );
        wallet::refresh_held_lists(&cdir, &self.client, true);
        outln!();
        let now = self.clock.now();
        list_wallet(&cdir, &wallet, app, now)?;
        presentations(
            &mut self.checks,
            app,
            &wallet,
            officer,
            &self.paths.paper_png,
            now,
        )
    }

    /// "My phone was stolen": the citizen revokes the device through the server from
    /// another machine; the officer refreshes its lists (the trust list unchanged: 304; the
    /// revocation list newer: installed); a fresh QR from the old phone → FAKE (revoked).
    fn step5_stolen(&mut self, app: &CitizenApp) -> Result<(), CliError> {
        header(&label::both(STOLEN), &strings::both("reason.revoked"));
        outln!();
        outln!(
            "  (1) {}: POST /v1/device/revoke",
            label::both(STOLEN_REVOKE)
        );
        let session = server::login(&self.client, ID, CITIZEN_PASSWORD)?;
        let revoked = self.client.revoke_device(&session);
        server::logout(&self.client, &session);
        let revoked = revoked.map_err(server::client_error("revoking the device"))?;
        enroll::print_revoked(&revoked);
        let serial = app
            .certificate()
            .map(|c| c.claims().serial.to_string())
            .unwrap_or_default();
        self.checks.check(
            "the stolen phone's certificate revoked via the server",
            revoked
                .revoked
                .iter()
                .any(|s| s.eq_ignore_ascii_case(&serial)),
        );

        outln!();
        outln!("  (2) {}", label::both(STOLEN_UPDATE));
        let report = officer::update_state(&self.paths.officer_state, &self.client, None)?;
        server::print_lists(&report);
        let newer = matches!(
            report.revocation,
            ListOutcome::Installed { sequence, was: Some(was) } if sequence > was
        );
        self.checks.check(
            "officer refresh: trust list 304, newer revocation list installed",
            matches!(report.trust, ListOutcome::NotModified { .. }) && newer,
        );

        outln!();
        outln!("  (3) {}", label::both(STOLEN_SCAN));
        self.catch_up();
        let officer = self.officer_app(
            self.officer
                .clone()
                .ok_or_else(|| CliError::refused("no officer account"))?,
        )?;
        let qr = app.make_identity_qr()?;
        let v = officer.verify_text(&qr.text)?;
        self.checks
            .show("the stolen phone's QR", &v, Expect::Fake(Reason::Revoked));
        Ok(())
    }
}
