//! `vneid citizen qr-setting|qr` and the enrolment of a device: a citizen's app kept in a
//! directory ([`crate::layout`]) — the account and device certificate in `citizen.json`, the
//! software device key (standing in for the platform keystore) in `device-key.pk8`, readable by
//! its owner only. The wallet (Ví giấy tờ) lives in the same directory: see [`crate::wallet`].

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use vneid_core::clock::{rfc3339, Clock, SystemClock, TestClock, UnixTime};
use vneid_core::enrolment::Enroller;
use vneid_core::flows::{CitizenAccount, CitizenApp, IdentityQr};
use vneid_core::identity::{parse_date, AssuranceLevel, Identity, PersonalId};
use vneid_core::keys::SoftwareSigner;
use vneid_core::qr::QrMatrix;
use vneid_core::storage;
use vneid_core::strings::{self, Lang};

use crate::error::{ctx, CliError};
use crate::layout::{load_app, save_state, KEY_FILE, STATE_FILE};
use crate::output::{label, outln};

/// Pixels per QR module in written PNGs.
pub const PNG_SCALE: usize = 6;

/// The account from command-line text; errors say which argument, never its value.
pub fn account(name: &str, id: &str, dob: &str, level: u8) -> Result<CitizenAccount, CliError> {
    let level = AssuranceLevel::try_from(level).map_err(ctx("--level"))?;
    let personal_id = PersonalId::new(id).map_err(ctx("--id"))?;
    let dob =
        parse_date(dob).map_err(|_| CliError::usage("--dob: expected a date as YYYY-MM-DD"))?;
    let identity = Identity::new(name, dob, personal_id).map_err(ctx("--name"))?;
    Ok(CitizenAccount { identity, level })
}

/// A new device key, enrolled with `enroller`, the app saved in `cdir` (also the demo's).
pub fn enrol_into(
    cdir: &Path,
    account: CitizenAccount,
    enroller: &dyn Enroller,
    clock: Arc<dyn Clock>,
) -> Result<CitizenApp, CliError> {
    let key = SoftwareSigner::generate().map_err(ctx("making the device key"))?;
    let pkcs8 = key.pkcs8().to_vec();
    let mut app = CitizenApp::new(account, Arc::new(key), clock);
    app.enrol(enroller).map_err(ctx("enrolment"))?;
    save_new(cdir, &app, &pkcs8)?;
    Ok(app)
}

/// Saves a newly enrolled app in `cdir`: the device key (`pkcs8`) and `citizen.json`, owner
/// only in an owner-only folder.
pub fn save_new(cdir: &Path, app: &CitizenApp, pkcs8: &[u8]) -> Result<(), CliError> {
    // The citizen's folder holds personal data and the device key: owner only.
    storage::create_private_dir(cdir)?;
    storage::write_private(&cdir.join(KEY_FILE), pkcs8)?;
    save_state(cdir, app)
}

/// Prints what enrolment gave: name, masked ID, level, certificate serial and validity.
pub fn print_enrolled(app: &CitizenApp, cdir: &Path) {
    let a = app.account();
    outln!(
        "  ✔ {}: {}",
        label::both(label::ENROLLED),
        cdir.join(STATE_FILE).display()
    );
    outln!(
        "{}",
        crate::output::field("label.full_name", &a.identity.full_name)
    );
    outln!(
        "{}",
        crate::output::field("label.personal_id", &a.identity.personal_id.masked())
    );
    outln!(
        "{}",
        crate::output::field("label.level", &a.level.number().to_string())
    );
    if let Some(c) = app.certificate() {
        let claims = c.claims();
        outln!(
            "{}",
            crate::output::field("label.serial", &claims.serial.to_string())
        );
        outln!(
            "{}",
            crate::output::field("label.valid_until", &rfc3339(claims.expires_at))
        );
    }
}

/// Turns "Xác minh ứng dụng qua QR code" on or off.
pub fn qr_setting(cdir: &Path, on: bool) -> Result<ExitCode, CliError> {
    let mut app = load_app(cdir, Arc::new(SystemClock))?;
    app.set_qr_verification(on)?;
    save_state(cdir, &app)?;
    let state = if on {
        label::SETTING_ON
    } else {
        label::SETTING_OFF
    };
    outln!(
        "{} · {}: {}",
        strings::both("tab.personal"),
        strings::both("setting.qr_verification"),
        label::both(state)
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes the QR as a PNG.
pub fn write_png(qr: &IdentityQr, path: &Path) -> Result<(), CliError> {
    write_matrix_png(&qr.matrix().map_err(ctx("drawing the QR"))?, path)
}

/// Writes QR modules as a PNG ([`PNG_SCALE`] pixels a module).
pub fn write_matrix_png(m: &QrMatrix, path: &Path) -> Result<(), CliError> {
    let png = m.to_png(PNG_SCALE).map_err(ctx("drawing the QR"))?;
    storage::write_atomic(path, &png).map_err(CliError::from)
}

/// Draws the QR in the terminal with its countdown (tab Trang chủ).
pub fn print_qr(qr: &IdentityQr, now: UnixTime) -> Result<(), CliError> {
    let m = qr.matrix().map_err(ctx("drawing the QR"))?;
    outln!(
        "{} · {}",
        strings::both("tab.home"),
        strings::both("home.identity_qr")
    );
    print_code(&m, qr.text.len(), qr.seconds_left(now), qr.expires_at);
    Ok(())
}

/// Draws QR modules in the terminal, then the 60-second countdown, the expiry and the size
/// (shared by the identity QR and paper presentations).
pub fn print_code(m: &QrMatrix, chars: usize, seconds_left: i64, expires_at: UnixTime) {
    outln!("{}", m.to_terminal().trim_end_matches('\n'));
    outln!("{}", strings::both("home.valid_for"));
    let left = seconds_left.to_string();
    outln!(
        "{} / {}",
        strings::text("home.seconds_left", Lang::Vi).replace("%d", &left),
        strings::text("home.seconds_left", Lang::En).replace("%d", &left)
    );
    outln!(
        "{}",
        crate::output::field("label.expires_at", &rfc3339(expires_at))
    );
    outln!("  QR version {} (ECC M), {chars} characters", m.version);
}

/// Makes an identity QR, draws it, optionally writes it as PNG; the last line is its text.
pub fn qr(cdir: &Path, at: Option<UnixTime>, png: Option<&Path>) -> Result<ExitCode, CliError> {
    let clock: Arc<dyn Clock> = match at {
        Some(t) => Arc::new(TestClock::at(t)),
        None => Arc::new(SystemClock),
    };
    let app = load_app(cdir, clock.clone())?;
    let qr = app.make_identity_qr()?;
    print_qr(&qr, clock.now())?;
    if let Some(path) = png {
        write_png(&qr, path)?;
        outln!("{}: {}", label::both(label::PNG_WRITTEN), path.display());
    }
    outln!("{}", qr.text);
    Ok(ExitCode::SUCCESS)
}
