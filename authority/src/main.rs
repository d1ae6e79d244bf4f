//! `vneid-authority`: the authority service and its operator commands.

use std::io::BufRead as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use vneid_authority::admin::{self, InitOptions, Operator};
use vneid_authority::config::{AndroidAppConfig, AppleAppConfig, AttestationConfig};
use vneid_authority::signing::{parse_serial, serial_hex};
use vneid_authority::store::NewAccount;
use vneid_authority::{Error, ServiceOptions};
use vneid_client::wire::Role;
use vneid_core::clock::{Clock, SystemClock};

#[derive(Parser)]
#[command(
    name = "vneid-authority",
    version,
    about = "The vneid authority service"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Make an authority folder: keys, listener certificate, config.json, database.
    Init {
        /// The folder (created 0700).
        dir: PathBuf,
        /// Another name or address for the listener certificate (repeatable).
        #[arg(long = "host")]
        hosts: Vec<String>,
        /// The genuine Android app: PACKAGE:SHA256HEX[,SHA256HEX…] (repeatable).
        #[arg(long = "android-app")]
        android_apps: Vec<String>,
        /// The genuine iOS app: TEAMID.BUNDLE.ID (repeatable).
        #[arg(long = "apple-app")]
        apple_apps: Vec<String>,
        /// Use the development attestation policy (emulators, simulators). Never in production.
        #[arg(long)]
        development: bool,
        /// Also prepare this PostgreSQL database.
        #[arg(long)]
        database: Option<String>,
    },
    /// Serve the API over HTTPS.
    Serve {
        /// The authority folder.
        #[arg(long)]
        dir: PathBuf,
        /// Address to listen on, e.g. 0.0.0.0:8443.
        #[arg(long)]
        listen: SocketAddr,
        /// postgres://… (default: SQLite in the folder; also VNEID_DATABASE_URL).
        #[arg(long, env = "VNEID_DATABASE_URL")]
        database: Option<String>,
    },
    /// Accounts.
    Account {
        #[command(subcommand)]
        command: AccountCommand,
    },
    /// Revoke what an account holds, or one serial, and publish the revocation list.
    Revoke {
        /// The authority folder.
        #[arg(long)]
        dir: PathBuf,
        /// The database (default: SQLite in the folder).
        #[arg(long, env = "VNEID_DATABASE_URL")]
        database: Option<String>,
        /// The account's personal ID.
        #[arg(long, conflicts_with = "serial", required_unless_present = "serial")]
        id: Option<String>,
        /// A device-certificate or paper serial (16 hex digits).
        #[arg(long)]
        serial: Option<String>,
    },
    /// Publish both lists now (new sequence numbers).
    Publish {
        /// The authority folder.
        #[arg(long)]
        dir: PathBuf,
        /// The database (default: SQLite in the folder).
        #[arg(long, env = "VNEID_DATABASE_URL")]
        database: Option<String>,
    },
}

#[derive(Subcommand)]
enum AccountCommand {
    /// Register an account after the in-person check. The initial password is read from the
    /// first line of standard input.
    Add {
        /// The authority folder.
        #[arg(long)]
        dir: PathBuf,
        /// The database (default: SQLite in the folder).
        #[arg(long, env = "VNEID_DATABASE_URL")]
        database: Option<String>,
        /// Personal ID number (12 digits).
        #[arg(long)]
        id: String,
        /// Full name as on the ID card.
        #[arg(long)]
        name: String,
        /// Date of birth, YYYY-MM-DD.
        #[arg(long)]
        dob: String,
        /// nam or nu.
        #[arg(long)]
        sex: String,
        /// 1 or 2.
        #[arg(long)]
        level: u8,
        /// citizen or officer.
        #[arg(long, default_value = "citizen")]
        role: String,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_target(false)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(match e {
                Error::Invalid(_) | Error::NotFound(_) | Error::Config(_) => 2,
                _ => 1,
            })
        }
    }
}

fn parse_android(s: &str) -> Result<AndroidAppConfig, Error> {
    let (pkg, digests) = s
        .split_once(':')
        .ok_or_else(|| Error::Invalid("--android-app is PACKAGE:SHA256HEX[,…]".into()))?;
    Ok(AndroidAppConfig {
        package_name: pkg.to_owned(),
        signing_cert_digests: digests.split(',').map(str::to_owned).collect(),
    })
}

fn parse_apple(s: &str) -> Result<AppleAppConfig, Error> {
    let (team, bundle) = s
        .split_once('.')
        .ok_or_else(|| Error::Invalid("--apple-app is TEAMID.BUNDLE.ID".into()))?;
    Ok(AppleAppConfig {
        team_id: team.to_owned(),
        bundle_id: bundle.to_owned(),
    })
}

async fn run(command: Command) -> Result<(), Error> {
    let clock = SystemClock;
    let now = clock.now();
    match command {
        Command::Init {
            dir,
            hosts,
            android_apps,
            apple_apps,
            development,
            database,
        } => {
            let opts = InitOptions {
                hosts,
                attestation: AttestationConfig {
                    development,
                    android_apps: android_apps
                        .iter()
                        .map(|s| parse_android(s))
                        .collect::<Result<_, _>>()?,
                    apple_apps: apple_apps
                        .iter()
                        .map(|s| parse_apple(s))
                        .collect::<Result<_, _>>()?,
                    ..Default::default()
                },
                database_url: database,
                ..Default::default()
            };
            let made = admin::init(&dir, &opts, now, now).await?;
            println!("authority made in {}", dir.display());
            println!("root key id: {}", made.root_key_id);
            println!("listener key SHA-256 (pin): {}", made.tls.spki_sha256);
            if development {
                println!("attestation policy: DEVELOPMENT (never in production)");
            }
        }
        Command::Serve {
            dir,
            listen,
            database,
        } => {
            let mut opts = ServiceOptions::new(dir, listen);
            opts.database_url = database;
            let running = vneid_authority::start(opts).await?;
            println!("listening on {}", running.url());
            let _ = tokio::signal::ctrl_c().await;
            running.shutdown().await;
        }
        Command::Account {
            command:
                AccountCommand::Add {
                    dir,
                    database,
                    id,
                    name,
                    dob,
                    sex,
                    level,
                    role,
                },
        } => {
            let role = Role::parse(&role)
                .ok_or_else(|| Error::Invalid("role is citizen or officer".into()))?;
            let mut password = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut password)
                .map_err(|e| Error::Invalid(format!("reading the password: {e}")))?;
            let password = password.trim_end_matches(['\r', '\n']);
            let op = Operator::open(&dir, database.as_deref(), now).await?;
            let account = NewAccount {
                personal_id: id,
                full_name: name,
                date_of_birth: dob,
                sex,
                level,
                role,
            };
            let r = op.add_account(&account, password, now).await;
            op.close().await;
            let n = r?;
            println!("account {n} registered (level {level}, {})", role.as_str());
        }
        Command::Revoke {
            dir,
            database,
            id,
            serial,
        } => {
            let op = Operator::open(&dir, database.as_deref(), now).await?;
            let r = match (id, serial) {
                (Some(id), _) => op.revoke_account(&id, now).await,
                (None, Some(s)) => op.revoke_serial(parse_serial(&s)?, now).await,
                (None, None) => Err(Error::Invalid("--id or --serial".into())),
            };
            op.close().await;
            let (revoked, seq) = r?;
            for s in &revoked {
                println!("revoked {}", serial_hex(*s));
            }
            println!(
                "revocation list {seq} published ({} serials newly revoked)",
                revoked.len()
            );
        }
        Command::Publish { dir, database } => {
            let op = Operator::open(&dir, database.as_deref(), now).await?;
            let r = op.publish(now).await;
            op.close().await;
            let (t, rv) = r?;
            println!("trust list {t}, revocation list {rv} published");
        }
    }
    Ok(())
}
