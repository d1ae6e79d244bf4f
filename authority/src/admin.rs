//! The operator's side: `init`, registering accounts (the in-person level-2 registration
//! stand-in), revocation and publication. The command line calls these; so do tests.

use std::path::Path;

use vneid_client::wire::Role;
use vneid_core::clock::UnixTime;

use crate::auth::Passwords;
use crate::config::{AttestationConfig, Config, Layout, ServiceConfig};
use crate::error::{Error, Result};
use crate::lists;
use crate::signing::{check_holder, Holder, Signing};
use crate::store::{NewAccount, Store};
use crate::tls::{self, ListenerCertificate};

/// What `init` sets.
#[derive(Clone, Debug, Default)]
pub struct InitOptions {
    /// Extra names or addresses for the listener certificate.
    pub hosts: Vec<String>,
    /// The attestation policy to write into `config.json`.
    pub attestation: AttestationConfig,
    /// The service limits to write into `config.json`.
    pub service: ServiceConfig,
    /// A PostgreSQL URL to prepare too (SQLite in the folder is always made).
    pub database_url: Option<String>,
}

/// What `init` made.
#[derive(Clone, Debug)]
pub struct Initialised {
    /// The root key's id (hex), what verifiers pin.
    pub root_key_id: String,
    /// The listener certificate.
    pub tls: ListenerCertificate,
}

/// Makes an authority folder: keys (as the core makes them, 0600 in a 0700 folder), the
/// first lists, the listener certificate (valid from the real time `wall_now`), the
/// configuration and the database.
pub async fn init(
    dir: &Path,
    opts: &InitOptions,
    now: UnixTime,
    wall_now: UnixTime,
) -> Result<Initialised> {
    let layout = Layout::new(dir);
    Signing::create(dir, now)?;
    crate::challenge::HmacChallenges::load_or_create(dir)?;
    let tls = tls::create(&layout, &opts.hosts, wall_now)?;
    let config = Config {
        attestation: opts.attestation.clone(),
        service: opts.service.clone(),
    };
    config.save(&layout)?;
    let signing = Signing::load(dir)?;
    let mut urls = vec![layout.default_database_url()];
    urls.extend(opts.database_url.clone());
    for url in urls {
        let store = Store::open(&url, 2, &config.service.sqlite_synchronous).await?;
        prepare_lists(&store, &signing, &config.service, now).await?;
        store.close().await;
    }
    Ok(Initialised {
        root_key_id: signing
            .root_public_key()
            .key_id_hex(vneid_core::trust::KID_LEN),
        tls,
    })
}

/// Gives a database the lists `init` published, unless it has lists already.
pub async fn prepare_lists(
    store: &Store,
    signing: &Signing,
    config: &ServiceConfig,
    now: UnixTime,
) -> Result<()> {
    let init = signing.initial_lists()?;
    store
        .init_lists(
            (init.trust_sequence, &init.bundle.trust_list),
            (init.revocation_sequence, &init.bundle.revocation_list),
            init.revocation_times,
            now,
            now + config.list_lifetime_secs,
        )
        .await
}

/// An authority folder and its database, for operator commands.
pub struct Operator {
    /// The folder.
    pub layout: Layout,
    /// `config.json`.
    pub config: Config,
    /// The database.
    pub store: Store,
    /// The keys.
    pub signing: Signing,
}

/// Accepted spellings of the sex field, and what the ID card writes.
pub fn parse_sex(s: &str) -> Result<String> {
    match s.trim().to_lowercase().as_str() {
        "nam" | "m" | "male" => Ok("Nam".into()),
        "nu" | "nữ" | "f" | "female" => Ok("Nữ".into()),
        _ => Err(Error::Invalid("sex is nam or nu (male or female)".into())),
    }
}

impl Operator {
    /// Opens the folder and its database (SQLite in the folder unless `database_url`).
    pub async fn open(dir: &Path, database_url: Option<&str>, now: UnixTime) -> Result<Self> {
        let layout = Layout::new(dir);
        let config = Config::load(&layout)?;
        let signing = Signing::load(dir)?;
        let url = database_url
            .map(str::to_owned)
            .unwrap_or_else(|| layout.default_database_url());
        let store = Store::open(&url, 2, &config.service.sqlite_synchronous).await?;
        prepare_lists(&store, &signing, &config.service, now).await?;
        Ok(Operator {
            layout,
            config,
            store,
            signing,
        })
    }

    /// Registers an account (after the in-person check): a level-2 officer only.
    pub async fn add_account(
        &self,
        account: &NewAccount,
        password: &str,
        now: UnixTime,
    ) -> Result<i64> {
        add_account(&self.store, &self.config.service, account, password, now).await
    }

    /// Revokes everything the account with this personal ID holds, and publishes.
    pub async fn revoke_account(
        &self,
        personal_id: &str,
        now: UnixTime,
    ) -> Result<(Vec<u64>, u64)> {
        let a = self
            .store
            .account_by_personal_id(personal_id)
            .await?
            .ok_or(Error::NotFound("account"))?;
        let revoked = self.store.revoke_account(a.id, now).await?;
        let seq = self.publish(now).await?.1;
        Ok((revoked, seq))
    }

    /// Revokes a serial (a device with its papers, or one paper), and publishes.
    pub async fn revoke_serial(&self, serial: u64, now: UnixTime) -> Result<(Vec<u64>, u64)> {
        if !self.store.serial_exists(serial).await? {
            return Err(Error::NotFound("serial"));
        }
        let revoked = self.store.revoke_serial(serial, now).await?;
        let seq = self.publish(now).await?.1;
        Ok((revoked, seq))
    }

    /// Publishes both lists now; returns their sequence numbers.
    pub async fn publish(&self, now: UnixTime) -> Result<(u64, u64)> {
        lists::publish_due(
            &self.store,
            &self.signing,
            &self.config.service,
            Some(&self.layout),
            now,
            true,
        )
        .await?;
        let (t, r, _) = self.store.list_state().await?;
        Ok((t, r))
    }

    /// Closes the database.
    pub async fn close(self) {
        self.store.close().await;
    }
}

/// Registers an account in `store` with Argon2id at the configured cost.
pub async fn add_account(
    store: &Store,
    config: &ServiceConfig,
    account: &NewAccount,
    password: &str,
    now: UnixTime,
) -> Result<i64> {
    let date_of_birth = chrono::NaiveDate::parse_from_str(&account.date_of_birth, "%Y-%m-%d")
        .map_err(|_| Error::Invalid("date of birth is YYYY-MM-DD".into()))?;
    let sex = parse_sex(&account.sex)?;
    check_holder(&Holder {
        personal_id: account.personal_id.clone(),
        full_name: account.full_name.clone(),
        date_of_birth,
        sex: sex.clone(),
        level: account.level,
        role: account.role,
    })?;
    if account.role == Role::Officer && account.level != 2 {
        return Err(Error::Invalid("an officer's account is level 2".into()));
    }
    let passwords = Passwords::new(config)?;
    let pw = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || passwords.hash(&pw))
        .await
        .map_err(|_| Error::Invalid("hashing failed".into()))??;
    let account = NewAccount {
        sex,
        full_name: account.full_name.trim().to_owned(),
        ..account.clone()
    };
    store.add_account(&account, &hash, now).await
}
