//! `vneid citizen enroll`: a citizen signs in on a new device — a device key, enrolment with
//! the authority, the app saved in CDIR — and the papers go into the wallet. Offline
//! (`--authority DIR`: the authority's folder, in-process, which also issues the sample papers)
//! or against the authority service (`--server URL`: login, enrolment over HTTPS, the papers
//! and lists it sends). Also `citizen revoke-device`: "my phone was stolen", from another
//! machine.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use vneid_client::wire::{Evidence, Role};
use vneid_client::{AuthorityClient, ClientError, Enrolled};
use vneid_core::clock::{Clock, SystemClock};
use vneid_core::flows::CitizenApp;
use vneid_core::identity::PersonalId;
use vneid_core::issuer::Authority;
use vneid_core::keys::{PublicKey, SoftwareSigner};
use vneid_core::trust::TrustCache;
use vneid_core::wallet::Wallet;

use crate::citizen::{account, enrol_into, print_enrolled, save_new};
use crate::error::{ctx, CliError, EXIT_BAD_ANSWER};
use crate::layout::{STATE_FILE, TRUST_CACHE};
use crate::output::{self, label, outln};
use crate::server::{self, ListsReport, Server};

/// `citizen enroll`'s arguments (offline).
pub struct EnrollRequest<'a> {
    pub cdir: &'a Path,
    pub authority: &'a Path,
    pub name: &'a str,
    pub id: &'a str,
    pub dob: &'a str,
    pub level: u8,
}

fn refuse_existing(cdir: &Path) -> Result<(), CliError> {
    if cdir.join(STATE_FILE).exists() {
        return Err(CliError::usage(format!(
            "{} already holds an enrolled account; use a new directory",
            cdir.display()
        )));
    }
    Ok(())
}

/// Makes a device key, enrols it and saves the app in `cdir`.
pub fn enroll(r: &EnrollRequest<'_>) -> Result<ExitCode, CliError> {
    let account = account(r.name, r.id, r.dob, r.level)?;
    refuse_existing(r.cdir)?;
    let authority = Authority::load(r.authority).map_err(ctx("reading the authority"))?;
    let app = enrol_into(r.cdir, account, &authority, Arc::new(SystemClock))?;
    print_enrolled(&app, r.cdir);
    let now = SystemClock.now();
    let wallet = crate::wallet::give_sample_papers(r.cdir, &authority, r.authority, &app, now)?;
    crate::wallet::print_issued(&wallet, now);
    Ok(ExitCode::SUCCESS)
}

/// `citizen enroll --server`'s arguments.
pub struct ServerEnrollRequest<'a> {
    pub cdir: &'a Path,
    pub server: Server<'a>,
    pub id: &'a str,
    pub password_stdin: bool,
    /// `--root FILE` / `--trust DIR`: the authority's root key, to keep its lists.
    pub root: Option<&'a Path>,
    pub trust: Option<&'a Path>,
}

/// What an enrolment over HTTPS gave.
pub struct ServerEnrolment {
    /// The citizen's app, saved in CDIR.
    pub app: CitizenApp,
    /// The checked answer.
    pub enrolled: Enrolled,
    /// The wallet with the papers issued to this device.
    pub wallet: Wallet,
    /// What became of the lists, when a root was given.
    pub lists: Option<ListsReport>,
}

/// The evidence a CLI can honestly give: none. There is no hardware keystore here (the device
/// key is a file), so nothing can attest it; only a development attestation policy accepts
/// that, and the certificate then says "development".
pub fn no_evidence(_challenge: &[u8], _key: &PublicKey) -> Result<Evidence, ClientError> {
    Ok(Evidence::None)
}

/// Logs in as `personal_id`, makes a device key, enrols it over HTTPS (the client checks the
/// certificate certifies this key with the level and role announced, and that every paper is
/// issued to it), and saves the app, the key (0600 in a 0700 folder) and the papers (the
/// encrypted wallet) in `cdir`; with a root key, checks the server's lists against it first
/// and keeps them in CDIR/trust. The name, date of birth and level are the account's at the
/// authority (in the certificate), never the caller's.
pub fn enrol_over_https(
    cdir: &Path,
    client: &AuthorityClient,
    personal_id: &PersonalId,
    password: &str,
    root: Option<&PublicKey>,
    clock: Arc<dyn Clock>,
) -> Result<ServerEnrolment, CliError> {
    refuse_existing(cdir)?;
    if let Some(root) = root {
        server::check_lists(client, root)?;
    }
    let session = server::login(client, personal_id.reveal(), password)?;
    if session.role != Role::Citizen {
        server::logout(client, &session);
        return Err(CliError::refused(
            "this is an officer's account: `vneid citizen enroll` enrols citizens (enrolling \
             here would replace the officer's device)",
        ));
    }
    let key = SoftwareSigner::generate().map_err(ctx("making the device key"))?;
    let pkcs8 = key.pkcs8().to_vec();
    let enrolled = client.enrol(&session, &key, &no_evidence);
    server::logout(client, &session);
    let enrolled = enrolled.map_err(server::client_error("enrolment"))?;
    // The account is what the certificate says (name, date of birth, level: the
    // registration's), with the personal ID signed in with; the core checks the certificate
    // is for this device key and ends in that number's masked digit.
    let app = CitizenApp::enrolled(
        personal_id.clone(),
        enrolled.certificate.to_bytes(),
        Arc::new(key),
        clock,
    )
    .map_err(|e| CliError {
        code: EXIT_BAD_ANSWER,
        message: format!("enrolment: the certificate is not for this device and account ({e})"),
    })?;
    save_new(cdir, &app, &pkcs8)?;
    let wallet = crate::wallet::store_papers(cdir, enrolled.papers.clone())?;
    let lists = match root {
        Some(root) => {
            let mut cache = TrustCache::pin(&cdir.join(TRUST_CACHE), root)
                .map_err(ctx("pinning the authority's root key"))?;
            Some(server::refresh_lists(client, &mut cache)?)
        }
        None => None,
    };
    Ok(ServerEnrolment {
        app,
        enrolled,
        wallet,
        lists,
    })
}

/// Prints the role (from the account) and, for a development certificate, what it means.
pub fn print_role(e: &Enrolled) {
    let role = match e.role {
        Role::Citizen => label::ROLE_CITIZEN,
        Role::Officer => label::ROLE_OFFICER,
    };
    outln!(
        "{}",
        output::padded(
            &label::both(label::ROLE),
            &format!(
                "{} ({})",
                label::both(role),
                label::both(label::FROM_ACCOUNT)
            )
        )
    );
    if e.development {
        outln!("  ⚠ {}", label::both(label::DEVELOPMENT_DEVICE));
    }
}

/// Prints what an enrolment over HTTPS gave.
pub fn print_server_enrolment(e: &ServerEnrolment, cdir: &Path, url: &str) {
    print_enrolled(&e.app, cdir);
    outln!("{}", output::padded(&label::both(label::SERVER), url));
    print_role(&e.enrolled);
    if !e.enrolled.replaced.is_empty() {
        outln!(
            "  {}: {} (the previous device and its papers)",
            label::both(label::REVOKED),
            e.enrolled.replaced.len()
        );
    }
    crate::wallet::print_issued(&e.wallet, SystemClock.now());
    match &e.lists {
        Some(report) => server::print_lists(report),
        None => output::warn(&label::both(label::NO_LISTS_KEPT)),
    }
}

/// `citizen enroll --server`.
pub fn enroll_server(r: &ServerEnrollRequest<'_>) -> Result<ExitCode, CliError> {
    let personal_id = PersonalId::new(r.id).map_err(ctx("--id"))?;
    refuse_existing(r.cdir)?;
    let root = server::root_from(r.root, r.trust)?;
    let client = r.server.client()?;
    let password = server::read_password(r.password_stdin)?;
    let e = enrol_over_https(
        r.cdir,
        &client,
        &personal_id,
        &password,
        root.as_ref().map(|(k, _)| k),
        Arc::new(SystemClock),
    )?;
    print_server_enrolment(&e, r.cdir, r.server.url);
    Ok(ExitCode::SUCCESS)
}

/// `citizen revoke-device`: logs in (from any machine) and revokes the account's active
/// device and its papers; prints what was revoked and the revocation list that names it.
pub fn revoke_device(
    server: &Server<'_>,
    id: &str,
    password_stdin: bool,
) -> Result<ExitCode, CliError> {
    let personal_id = PersonalId::new(id).map_err(ctx("--id"))?;
    let client = server.client()?;
    let password = server::read_password(password_stdin)?;
    let session = server::login(&client, personal_id.reveal(), &password)?;
    let r = client.revoke_device(&session);
    server::logout(&client, &session);
    let r = r.map_err(server::client_error("revoking the device"))?;
    print_revoked(&r);
    Ok(ExitCode::SUCCESS)
}

/// Prints a revocation's answer.
pub fn print_revoked(r: &vneid_client::wire::RevokeResponse) {
    if r.revoked.is_empty() {
        outln!(
            "  {}: {}",
            label::both(label::DEVICE_REVOKED_BY_HOLDER),
            label::both(label::NOTHING_TO_REVOKE)
        );
        return;
    }
    outln!(
        "  ✔ {}: {} serials (the device certificate and its papers)",
        label::both(label::DEVICE_REVOKED_BY_HOLDER),
        r.revoked.len()
    );
    for s in &r.revoked {
        // Serials are 16 hex digits; anything else is not printed as it came.
        let ok = s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit());
        outln!(
            "      {}",
            if ok { s.as_str() } else { "(malformed serial)" }
        );
    }
    outln!(
        "  {}: #{} (officers: `vneid officer update`)",
        label::both(label::REVOCATION_LIST),
        r.revocation_sequence
    );
}
