//! `vneid`: the terminal front end of vneid — the authority's tool, a citizen's app, an
//! officer's app, and the end-to-end demo.
//!
//! Exit codes: 0 success (and GENUINE), 1 a "no" (FAKE, a refused action, a broken audit
//! chain), 2 bad usage or unreadable input. Errors go to stderr as `error: …` and never carry
//! personal data.

#![forbid(unsafe_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

// Modules point one way: error, output, layout → citizen → wallet → enroll; authority and
// officer use only layout; demo uses them all.
mod authority;
mod citizen;
mod demo;
mod enroll;
mod error;
mod layout;
mod officer;
mod output;
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
    /// The four steps end to end on embedded defaults: authority, enrolment, setting on, QR,
    /// officer scan → GENUINE; then an expired, a tampered and a foreign-authority QR → FAKE;
    /// then the wallet: papers listed, a presentation → GENUINE, a tampered one → FAKE.
    Demo(DemoArgs),
    /// The issuing authority: keys, signed trust and revocation lists.
    #[command(subcommand)]
    Authority(AuthorityCmd),
    /// A citizen's app: enrolment, the "Xác minh ứng dụng qua QR code" setting, identity QR,
    /// the wallet (Ví giấy tờ) and paper presentations.
    #[command(subcommand)]
    Citizen(CitizenCmd),
    /// An officer's app: verify a QR, read the scan log.
    #[command(subcommand)]
    Officer(OfficerCmd),
}

#[derive(Args, Debug)]
struct DemoArgs {
    /// Work in DIR and keep the files (authority, citizen, QR PNG) instead of a temporary
    /// directory that is removed at the end.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
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
    /// and stores the account and certificate in CDIR; the authority's agencies issue the
    /// sample papers (ID card, driving licence, health-insurance card, vehicle registration)
    /// into the encrypted wallet CDIR/wallet.bin.
    Enroll(EnrollArgs),
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
    /// not yet valid).
    Papers {
        /// The citizen's directory.
        cdir: PathBuf,
        #[command(flatten)]
        view: WalletView,
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
struct EnrollArgs {
    /// The citizen's directory (created; must not already hold an account).
    cdir: PathBuf,
    /// The authority's directory.
    #[arg(long, value_name = "DIR")]
    authority: PathBuf,
    /// Full name, as on the ID card.
    #[arg(long)]
    name: String,
    /// 12-digit personal ID number.
    #[arg(long, value_name = "ID")]
    id: String,
    /// Date of birth.
    #[arg(long, value_name = "YYYY-MM-DD")]
    dob: String,
    /// Account level (1 or 2).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=2))]
    level: u8,
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
}

fn parse_at(s: &str) -> Result<i64, String> {
    vneid_core::clock::parse_rfc3339(s)
        .map_err(|_| "expected an RFC 3339 time such as 2026-11-23T10:00:00+07:00".to_owned())
}

fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Demo(a) => demo::run(a.dir.as_deref()),
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
        Command::Citizen(CitizenCmd::Enroll(a)) => enroll::enroll(&enroll::EnrollRequest {
            cdir: &a.cdir,
            authority: &a.authority,
            name: &a.name,
            id: &a.id,
            dob: &a.dob,
            level: a.level,
        }),
        Command::Citizen(CitizenCmd::QrSetting { cdir, state }) => {
            citizen::qr_setting(&cdir, state == OnOff::On)
        }
        Command::Citizen(CitizenCmd::Qr { cdir, at, png }) => {
            citizen::qr(&cdir, at, png.as_deref())
        }
        Command::Citizen(CitizenCmd::Papers { cdir, view }) => {
            wallet::papers(&cdir, view.at, view.trust.as_deref(), view.json)
        }
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
