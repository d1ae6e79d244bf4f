//! `vneid`: the terminal front end of vneid — the authority's tool, a citizen's app, an
//! officer's app, and the end-to-end demo.
//!
//! Exit codes: 0 success (and GENUINE), 1 a "no" (FAKE, a refused action, a broken audit
//! chain), 2 bad usage or unreadable input (and a list from the server that does not verify),
//! 3 CANNOT VERIFY; with `--server`: 4 network, 5 TLS, 6 401, 7 429/423, 8 other 4xx, 9 5xx,
//! 10 an answer that fails the client's checks (`cli/README.md`). Errors go to stderr as
//! `error: …` and never carry personal data.

#![forbid(unsafe_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

// Modules point one way: error, output, layout → server → citizen → wallet → enroll;
// authority uses only layout; officer uses layout and server; demo uses them all.
mod authority;
mod citizen;
mod demo;
mod enroll;
mod error;
mod layout;
mod officer;
mod output;
mod server;
mod wallet;

use error::CliError;

/// vneid: is the identity app on this phone genuine or fake?
#[derive(Parser, Debug)]
#[command(name = "vneid", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// The four steps end to end against the real authority service, started on 127.0.0.1
    /// (SQLite in a temporary folder, a development attestation policy: the demo's devices
    /// are software keys): accounts registered, citizen and officer enrolled over HTTPS, lists
    /// fetched over HTTPS, setting on, QR, officer scan → GENUINE; an expired, a tampered and
    /// a foreign-authority QR → FAKE; the wallet: papers downloaded, a presentation → GENUINE,
    /// a tampered one → FAKE; then "my phone was stolen": revoked via the server, the
    /// officer's lists refreshed, the old phone's QR → FAKE. `--offline`: the same four steps
    /// with the authority in-process.
    Demo(DemoArgs),
    /// The issuing authority: keys, signed trust and revocation lists.
    #[command(subcommand)]
    Authority(AuthorityCmd),
    /// A citizen's app: enrolment, the "Xác minh ứng dụng qua QR code" setting, identity QR,
    /// the wallet (Ví giấy tờ) and paper presentations.
    #[command(subcommand)]
    Citizen(CitizenCmd),
    /// An officer's app: verify a QR, refresh the lists from the authority service, read the
    /// scan log.
    #[command(subcommand)]
    Officer(OfficerCmd),
}

#[derive(Args, Debug)]
struct DemoArgs {
    /// Work in DIR and keep the files (authority, citizen, QR PNG) instead of a temporary
    /// directory that is removed at the end.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// The demo without the service: the authority as a library in-process, its folder on
    /// disk (the demo before the authority service existed).
    #[arg(long)]
    offline: bool,
}

/// How the authority service is reached.
#[derive(Args, Debug)]
struct TlsArgs {
    /// Trust exactly this server certificate (PEM or DER; the authority's tls/cert.pem or
    /// cert.der), whatever names it carries. Default: public CAs.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "server_pin",
        requires = "server"
    )]
    server_cert: Option<PathBuf>,
    /// Trust a server whose public key (SubjectPublicKeyInfo) has this SHA-256, 64 hex
    /// digits (the authority's tls/spki-sha256.txt); several separated by commas. Default:
    /// public CAs.
    #[arg(long, value_name = "SHA256-HEX", requires = "server")]
    server_pin: Option<String>,
}

#[derive(Subcommand, Debug)]
enum AuthorityCmd {
    /// Creates an authority in DIR: root key, device-certificate issuer, one issuer per paper
    /// agency; private keys under DIR/private, the public parts under DIR/public.
    Init {
        /// Directory to create the authority in (must not already hold one).
        dir: PathBuf,
    },
    /// Revokes a citizen's device certificate (a phone reported stolen) or a paper (a lost
    /// licence, a withdrawn registration) and republishes the signed lists.
    #[command(group(clap::ArgGroup::new("what").required(true).args(["citizen", "paper"])))]
    Revoke {
        /// The authority's directory.
        dir: PathBuf,
        /// The citizen's directory (its certificate serial is read from there).
        #[arg(long, value_name = "CDIR")]
        citizen: Option<PathBuf>,
        /// A paper's serial (16 hex digits, as `vneid citizen papers` shows it).
        #[arg(long, value_name = "SERIAL")]
        paper: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum CitizenCmd {
    /// Signs a citizen in on a new device: makes a device key, enrols it with the authority
    /// and stores the account and certificate in CDIR, and the papers in the encrypted wallet
    /// CDIR/wallet.bin. Offline with --authority DIR (the sample papers issued by its
    /// agencies), or against the authority service with --server URL: log in with --id and
    /// the password (read from standard input, never an argument), name, date of birth, level
    /// and role from the account. This CLI has no hardware keystore, so it enrols with no
    /// attestation evidence: only a server whose attestation policy is development accepts
    /// it, and the certificate says "development" (officers see it GENUINE only with
    /// `officer verify --accept-development-devices`).
    Enroll(EnrollArgs),
    /// "My phone was stolen", from another machine: logs in to the authority service and
    /// revokes the account's active device and its papers; prints what was revoked and the
    /// revocation list that names it.
    RevokeDevice {
        /// The authority service, https://host:port.
        #[arg(long, value_name = "URL")]
        server: String,
        #[command(flatten)]
        tls: TlsArgs,
        /// 12-digit personal ID number of the account.
        #[arg(long, value_name = "ID")]
        id: String,
        /// Read the password from the first line of standard input instead of a prompt.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Turns "Xác minh ứng dụng qua QR code" (Verify app via QR code) on or off.
    QrSetting {
        /// The citizen's directory.
        cdir: PathBuf,
        /// on or off.
        state: OnOff,
    },
    /// Makes an identity QR valid for 60 seconds; the last line of output is the QR text.
    Qr {
        /// The citizen's directory.
        cdir: PathBuf,
        /// The time to make it at (RFC 3339), instead of now.
        #[arg(long, value_name = "RFC3339", value_parser = parse_at)]
        at: Option<i64>,
        /// Also write the QR as a PNG image.
        #[arg(long, value_name = "FILE")]
        png: Option<PathBuf>,
    },
    /// Ví giấy tờ (Wallet): lists the papers with their status (valid, expired, revoked,
    /// not yet valid). With --server URL, first downloads the papers of the active device
    /// (logging in with the account's ID held in CDIR and the password), checks they are
    /// issued to this device, replaces the wallet's papers with them atomically and refreshes
    /// the lists held in CDIR/trust.
    Papers {
        /// The citizen's directory.
        cdir: PathBuf,
        #[command(flatten)]
        view: WalletView,
        /// The authority service, https://host:port.
        #[arg(long, value_name = "URL")]
        server: Option<String>,
        #[command(flatten)]
        tls: TlsArgs,
        /// Read the password from the first line of standard input instead of a prompt.
        #[arg(long, requires = "server")]
        password_stdin: bool,
    },
    /// Shows one paper with Vietnamese and English labels; personal ID numbers masked.
    Show {
        /// The citizen's directory.
        cdir: PathBuf,
        /// A type code (cccd, gplx, bhyt, dkx) or a paper serial.
        paper: String,
        /// Show personal ID numbers in full.
        #[arg(long)]
        reveal: bool,
        #[command(flatten)]
        view: WalletView,
    },
    /// Makes a presentation QR of one paper disclosing only the chosen fields, valid for 60
    /// seconds; the last line of output is the QR text.
    Present {
        /// The citizen's directory.
        cdir: PathBuf,
        /// A type code (cccd, gplx, bhyt, dkx) or a paper serial.
        paper: String,
        /// Field keys to disclose, comma-separated (e.g. full_name,classes,expiry_date); an
        /// empty list shows only the paper's type and validity.
        #[arg(
            long,
            value_name = "a,b,…",
            value_delimiter = ',',
            required = true,
            num_args = 1
        )]
        fields: Vec<String>,
        /// The time to make it at (RFC 3339), instead of now.
        #[arg(long, value_name = "RFC3339", value_parser = parse_at)]
        at: Option<i64>,
        /// Also write the QR as a PNG image.
        #[arg(long, value_name = "FILE")]
        png: Option<PathBuf>,
    },
}

/// How `citizen papers` and `citizen show` look at the wallet.
#[derive(Args, Debug)]
struct WalletView {
    /// The time to compute statuses at (RFC 3339), instead of now.
    #[arg(long, value_name = "RFC3339", value_parser = parse_at)]
    at: Option<i64>,
    /// Read the revocation list from this copy of the authority's public part instead of the
    /// authority the citizen enrolled with (it must be signed by the same root key).
    #[arg(long, value_name = "DIR")]
    trust: Option<PathBuf>,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("to").required(true).args(["authority", "server"])))]
struct EnrollArgs {
    /// The citizen's directory (created; must not already hold an account).
    cdir: PathBuf,
    /// Offline: the authority's directory.
    #[arg(long, value_name = "DIR", requires_all = ["name", "dob", "level"])]
    authority: Option<PathBuf>,
    /// Offline: full name, as on the ID card.
    #[arg(long, requires = "authority")]
    name: Option<String>,
    /// 12-digit personal ID number (with --server: the account to log in as).
    #[arg(long, value_name = "ID")]
    id: String,
    /// Offline: date of birth.
    #[arg(long, value_name = "YYYY-MM-DD", requires = "authority")]
    dob: Option<String>,
    /// Offline: account level (1 or 2). With --server the level is the account's.
    #[arg(long, requires = "authority", value_parser = clap::value_parser!(u8).range(1..=2))]
    level: Option<u8>,
    /// The authority service, https://host:port.
    #[arg(long, value_name = "URL", conflicts_with = "authority")]
    server: Option<String>,
    #[command(flatten)]
    tls: TlsArgs,
    /// With --server: read the password from the first line of standard input instead of a
    /// prompt.
    #[arg(long, requires = "server")]
    password_stdin: bool,
    /// With --server: the authority's root key (root-key.cbor), pinned in CDIR/trust to check
    /// the lists the server sends (kept for revoked papers). Never taken from the server.
    #[arg(
        long,
        value_name = "FILE",
        requires = "server",
        conflicts_with = "trust"
    )]
    root: Option<PathBuf>,
    /// With --server: as --root, from an authority folder or a copy of its public part
    /// (DIR/public/root-key.cbor).
    #[arg(long, value_name = "DIR", requires = "server")]
    trust: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OnOff {
    On,
    Off,
}

#[derive(Subcommand, Debug)]
enum OfficerCmd {
    /// Verifies an identity QR or a paper presentation offline, using only the public parts of
    /// the authority. Exit code 0 GENUINE, 1 FAKE, 3 CANNOT VERIFY (the lists are too old).
    Verify(VerifyArgs),
    /// Refreshes the officer's state folder (the lists `officer verify --state` uses) from the
    /// authority service with If-None-Match, and prints for each list "not modified",
    /// "already held" or "installed N". Each list must verify under the root key pinned in
    /// the state; the first time that root is pinned from --root FILE or --trust DIR, never
    /// from the network: a root taken from the server being checked would let that server (or
    /// anyone between) sign its own lists, so without one of them the command refuses. Exit 0,
    /// 2 when a list does not verify (the held lists are kept), 4–10 for the network and the
    /// server (cli/README.md).
    Update {
        /// The authority service, https://host:port.
        #[arg(long, value_name = "URL")]
        server: String,
        #[command(flatten)]
        tls: TlsArgs,
        /// The officer's state folder (default `$XDG_DATA_HOME/vneid/officer`).
        #[arg(long, value_name = "DIR")]
        state: Option<PathBuf>,
        /// The authority's root key (root-key.cbor) to pin the first time; later it must be
        /// the pinned one.
        #[arg(long, value_name = "FILE", conflicts_with = "trust")]
        root: Option<PathBuf>,
        /// As --root, from an authority folder or a copy of its public part.
        #[arg(long, value_name = "DIR")]
        trust: Option<PathBuf>,
    },
    /// Lists the officer's scan log and says whether it is intact (exit 0) or broken (exit 1).
    Log {
        /// The officer's state folder (default `$XDG_DATA_HOME/vneid/officer`).
        #[arg(long, value_name = "DIR")]
        state: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("input").required(true).args(["text", "png"])))]
struct VerifyArgs {
    /// Newer lists to import: the authority's directory (only DIR/public is read) or a copy of
    /// its public part. The first time, its root key is pinned in the state; later, lists older
    /// than the held ones are refused with a warning and the held ones used.
    #[arg(long, value_name = "DIR")]
    trust: Option<PathBuf>,
    /// The officer's state folder: pinned root key, newest lists, keyed scan log (default
    /// `$XDG_DATA_HOME/vneid/officer`, else `~/.local/share/vneid/officer`).
    #[arg(long, value_name = "DIR")]
    state: Option<PathBuf>,
    /// The officer's clock (RFC 3339), instead of now.
    #[arg(long, value_name = "RFC3339", value_parser = parse_at)]
    at: Option<i64>,
    /// Print the verdict as JSON.
    #[arg(long)]
    json: bool,
    /// The scanned QR text.
    #[arg(long, value_name = "TEXT")]
    text: Option<String>,
    /// A picture (PNG) holding the QR code.
    #[arg(long, value_name = "FILE")]
    png: Option<PathBuf>,
    /// Accept devices enrolled under a development attestation policy (software keys, such
    /// as `citizen enroll --server` makes): for test set-ups only; by default they are FAKE
    /// (development_device).
    #[arg(long)]
    accept_development_devices: bool,
}

fn parse_at(s: &str) -> Result<i64, String> {
    vneid_core::clock::parse_rfc3339(s)
        .map_err(|_| "expected an RFC 3339 time such as 2026-11-23T10:00:00+07:00".to_owned())
}

fn server_of<'a>(url: &'a str, tls: &'a TlsArgs) -> server::Server<'a> {
    server::Server {
        url,
        cert: tls.server_cert.as_deref(),
        pin: tls.server_pin.as_deref(),
    }
}

fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Demo(a) => demo::run(a.dir.as_deref(), a.offline),
        Command::Authority(AuthorityCmd::Init { dir }) => authority::init(&dir),
        Command::Authority(AuthorityCmd::Revoke {
            dir,
            citizen,
            paper,
        }) => match (citizen, paper) {
            (Some(cdir), _) => authority::revoke(&dir, &cdir),
            (None, Some(serial)) => authority::revoke_paper(&dir, &serial),
            (None, None) => Err(error::CliError::usage(
                "give --citizen CDIR or --paper SERIAL",
            )),
        },
        Command::Citizen(CitizenCmd::Enroll(a)) => match (&a.server, &a.authority) {
            (Some(url), _) => enroll::enroll_server(&enroll::ServerEnrollRequest {
                cdir: &a.cdir,
                server: server_of(url, &a.tls),
                id: &a.id,
                password_stdin: a.password_stdin,
                root: a.root.as_deref(),
                trust: a.trust.as_deref(),
            }),
            (None, Some(authority)) => match (&a.name, &a.dob, a.level) {
                (Some(name), Some(dob), Some(level)) => enroll::enroll(&enroll::EnrollRequest {
                    cdir: &a.cdir,
                    authority,
                    name,
                    id: &a.id,
                    dob,
                    level,
                }),
                _ => Err(CliError::usage(
                    "with --authority give --name, --dob and --level",
                )),
            },
            (None, None) => Err(CliError::usage("give --authority DIR or --server URL")),
        },
        Command::Citizen(CitizenCmd::RevokeDevice {
            server,
            tls,
            id,
            password_stdin,
        }) => enroll::revoke_device(&server_of(&server, &tls), &id, password_stdin),
        Command::Citizen(CitizenCmd::QrSetting { cdir, state }) => {
            citizen::qr_setting(&cdir, state == OnOff::On)
        }
        Command::Citizen(CitizenCmd::Qr { cdir, at, png }) => {
            citizen::qr(&cdir, at, png.as_deref())
        }
        Command::Citizen(CitizenCmd::Papers {
            cdir,
            view,
            server,
            tls,
            password_stdin,
        }) => match server {
            Some(url) => wallet::papers_server(
                &cdir,
                &server_of(&url, &tls),
                password_stdin,
                (view.at, view.trust.as_deref(), view.json),
            ),
            None => wallet::papers(&cdir, view.at, view.trust.as_deref(), view.json),
        },
        Command::Citizen(CitizenCmd::Show {
            cdir,
            paper,
            reveal,
            view,
        }) => wallet::show(
            &cdir,
            &paper,
            reveal,
            view.at,
            view.trust.as_deref(),
            view.json,
        ),
        Command::Citizen(CitizenCmd::Present {
            cdir,
            paper,
            fields,
            at,
            png,
        }) => wallet::present(&wallet::PresentRequest {
            cdir: &cdir,
            paper: &paper,
            fields: &fields,
            at,
            png: png.as_deref(),
        }),
        Command::Officer(OfficerCmd::Verify(a)) => officer::verify(&officer::VerifyRequest {
            trust: a.trust.as_deref(),
            state: a.state.as_deref(),
            at: a.at,
            json: a.json,
            text: a.text.as_deref(),
            png: a.png.as_deref(),
            accept_development: a.accept_development_devices,
        }),
        Command::Officer(OfficerCmd::Update {
            server,
            tls,
            state,
            root,
            trust,
        }) => officer::update(&officer::UpdateRequest {
            server: server_of(&server, &tls),
            state: state.as_deref(),
            root: root.as_deref(),
            trust: trust.as_deref(),
        }),
        Command::Officer(OfficerCmd::Log { state }) => officer::log(state.as_deref()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // A closed stderr is no reason to panic; the exit code still tells.
            let _ = writeln!(std::io::stderr().lock(), "error: {}", e.message);
            ExitCode::from(e.code)
        }
    }
}
