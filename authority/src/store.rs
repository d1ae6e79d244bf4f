//! Storage: one code path over SQLite (the default, a file in the authority folder) and
//! PostgreSQL (a national deployment), through sqlx's `Any` driver.
//!
//! Why `Any` rather than a trait with two implementations: every statement here is plain SQL
//! that both databases run unchanged (`$n` parameters, `RETURNING`, partial indexes,
//! `ON CONFLICT`), and the values are integers, text and bytes, which `Any` carries; so one
//! implementation, tested against both, is less code to keep in step than two. Only the schema
//! differs (identity columns, `BYTEA`): one migration folder per database.
//!
//! SQLite gets a writer pool of one connection (writes serialise without `SQLITE_BUSY`) and a
//! pool of readers (WAL); PostgreSQL one pool. Every write transaction starts with a write, so
//! another process (an operator command) waits on the lock instead of deadlocking.

use std::borrow::Cow;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyConnection, AnyPool};
use sqlx::{AssertSqlSafe, Executor, Row, SqlSafeStr};
use vneid_client::wire::Role;
use vneid_core::clock::UnixTime;

use crate::challenge::ChallengeClaims;
use crate::error::{Error, Result};

/// Which database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// The database.
#[derive(Clone, Debug)]
pub struct Store {
    backend: Backend,
    write: AnyPool,
    read: AnyPool,
}

/// An account row.
#[derive(Clone)]
pub struct AccountRow {
    /// Internal id (the only account reference in logs).
    pub id: i64,
    /// 12 digits.
    pub personal_id: String,
    /// Full name.
    pub full_name: String,
    /// YYYY-MM-DD.
    pub date_of_birth: String,
    /// `Nam` / `Nữ`.
    pub sex: String,
    /// 1 or 2.
    pub level: u8,
    /// Citizen or officer.
    pub role: Role,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Consecutive failed logins.
    pub failed_logins: i64,
    /// Locked until this time.
    pub locked_until: UnixTime,
}

impl std::fmt::Debug for AccountRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountRow")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// A new account.
#[derive(Clone)]
pub struct NewAccount {
    /// 12 digits.
    pub personal_id: String,
    /// Full name.
    pub full_name: String,
    /// YYYY-MM-DD.
    pub date_of_birth: String,
    /// `Nam` / `Nữ`.
    pub sex: String,
    /// 1 or 2.
    pub level: u8,
    /// Citizen or officer.
    pub role: Role,
}

/// A valid session.
#[derive(Clone, Copy, Debug)]
pub struct SessionInfo {
    /// The account.
    pub account_id: i64,
    /// Its enrolment generation (how many enrolments and revocations it has had).
    pub generation: i64,
    /// Its level.
    pub level: u8,
    /// Its role.
    pub role: Role,
}

/// What an enrolment transaction did.
#[derive(Clone, Debug)]
pub enum Enrolment {
    /// Stored; the serials it revoked.
    Done {
        /// Serials revoked (the previous device and its papers).
        replaced: Vec<u64>,
    },
    /// The challenge was used already.
    ChallengeUsed,
    /// Another enrolment of the account finished after the challenge was issued.
    Conflict,
}

/// Something signed, to store.
#[derive(Clone, Debug)]
pub struct NewIssued {
    /// Serial.
    pub serial: u64,
    /// True for the device certificate, false for a paper.
    pub device: bool,
    /// The device certificate's serial (its own, for the certificate).
    pub device_serial: u64,
    /// Paper type.
    pub type_code: Option<String>,
    /// `android`, `ios`, `none`.
    pub platform: String,
    /// Accepted under a development policy.
    pub development: bool,
    /// The signed bytes.
    pub body: Vec<u8>,
    /// End of validity.
    pub not_after: UnixTime,
}

/// The active device of an account.
#[derive(Clone, Debug)]
pub struct DeviceRow {
    /// Certificate serial.
    pub serial: u64,
    /// Platform.
    pub platform: String,
    /// Development policy.
    pub development: bool,
    /// Enrolled at.
    pub issued_at: UnixTime,
    /// End of validity.
    pub not_after: UnixTime,
}

/// A revocation list as published (what a delta from or to it needs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Publication {
    /// Its sequence number.
    pub sequence: u64,
    /// Its `issued_at`: it names the serials still valid then.
    pub issued_at: UnixTime,
    /// Its `next_update`.
    pub next_update: UnixTime,
    /// How many serials it names.
    pub revoked: u64,
}

/// A published list.
#[derive(Clone, Debug)]
pub struct ListRow {
    /// Sequence number.
    pub sequence: u64,
    /// Signed bytes.
    pub body: Vec<u8>,
    /// When signed.
    pub issued_at: UnixTime,
    /// Its `next_update`.
    pub next_update: UnixTime,
    /// A revocation is waiting for the next publication.
    pub dirty: bool,
}

/// The migrations, in order: (version, description, SQLite, PostgreSQL).
const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "initial",
        include_str!("../migrations/sqlite/0001_initial.sql"),
        include_str!("../migrations/postgres/0001_initial.sql"),
    ),
    (
        2,
        "revocation deltas",
        include_str!("../migrations/sqlite/0002_revocation_deltas.sql"),
        include_str!("../migrations/postgres/0002_revocation_deltas.sql"),
    ),
];

fn migrator(backend: Backend) -> Migrator {
    Migrator::with_migrations(
        MIGRATIONS
            .iter()
            .map(|&(version, description, sqlite, postgres)| {
                let sql = match backend {
                    Backend::Sqlite => sqlite,
                    Backend::Postgres => postgres,
                };
                Migration::new(
                    version,
                    Cow::Borrowed(description),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
}

fn unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

fn u64_of(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn i64_of(v: u64) -> Result<i64> {
    i64::try_from(v).map_err(|_| Error::Invalid("serial out of range".into()))
}

fn role_of(row: &AnyRow, col: &str) -> Result<Role> {
    let s: String = row.try_get(col)?;
    Role::parse(&s).ok_or_else(|| Error::Config(format!("unknown role {s:?} in the database")))
}

fn level_of(row: &AnyRow, col: &str) -> Result<u8> {
    let l: i64 = row.try_get(col)?;
    u8::try_from(l).map_err(|_| Error::Config("bad level in the database".into()))
}

const ACCOUNT_COLUMNS: &str = "id, personal_id, full_name, date_of_birth, sex, level, role, \
                               password_hash, failed_logins, locked_until";

fn account_of(row: &AnyRow) -> Result<AccountRow> {
    Ok(AccountRow {
        id: row.try_get("id")?,
        personal_id: row.try_get("personal_id")?,
        full_name: row.try_get("full_name")?,
        date_of_birth: row.try_get("date_of_birth")?,
        sex: row.try_get("sex")?,
        level: level_of(row, "level")?,
        role: role_of(row, "role")?,
        password_hash: row.try_get("password_hash")?,
        failed_logins: row.try_get("failed_logins")?,
        locked_until: row.try_get("locked_until")?,
    })
}

impl Store {
    /// Opens (creating a SQLite file if missing) and migrates. `sqlite://PATH?mode=rwc` or
    /// `postgres://…`.
    pub async fn open(url: &str, connections: u32, sqlite_synchronous: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(Error::Config(
                "the database URL must start with sqlite: or postgres://".into(),
            ));
        };
        let store = match backend {
            Backend::Sqlite => {
                private_sqlite_file(url)?;
                let sync = match sqlite_synchronous {
                    "full" => "FULL",
                    "normal" => "NORMAL",
                    other => {
                        return Err(Error::Config(format!(
                            "sqlite_synchronous is full or normal, not {other:?}"
                        )))
                    }
                };
                let pragmas: &'static str = if sync == "FULL" {
                    "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;"
                } else {
                    "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;"
                };
                let options = move || {
                    AnyPoolOptions::new().after_connect(move |conn: &mut AnyConnection, _| {
                        Box::pin(async move {
                            conn.execute(pragmas).await?;
                            Ok(())
                        })
                    })
                };
                let write = options().max_connections(1).connect(url).await?;
                write.execute("PRAGMA journal_mode = WAL").await?;
                migrator(backend).run(&write).await?;
                let read = options()
                    .max_connections(connections.max(1))
                    .connect(url)
                    .await?;
                Store {
                    backend,
                    write,
                    read,
                }
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(connections.max(2))
                    .connect(url)
                    .await?;
                migrator(backend).run(&pool).await?;
                Store {
                    backend,
                    write: pool.clone(),
                    read: pool,
                }
            }
        };
        Ok(store)
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes the pools.
    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }

    // ----- accounts -----

    /// Adds an account; an existing personal ID is refused.
    pub async fn add_account(
        &self,
        a: &NewAccount,
        password_hash: &str,
        now: UnixTime,
    ) -> Result<i64> {
        let r = sqlx::query(
            "INSERT INTO accounts (personal_id, full_name, date_of_birth, sex, level, role, \
             password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(&a.personal_id)
        .bind(&a.full_name)
        .bind(&a.date_of_birth)
        .bind(&a.sex)
        .bind(i64::from(a.level))
        .bind(a.role.as_str())
        .bind(password_hash)
        .bind(now)
        .fetch_one(&self.write)
        .await;
        match r {
            Ok(row) => Ok(row.try_get("id")?),
            Err(e) if unique_violation(&e) => Err(Error::Invalid(
                "an account with this personal ID exists".into(),
            )),
            Err(e) => Err(e.into()),
        }
    }

    /// The account with this personal ID.
    pub async fn account_by_personal_id(&self, personal_id: &str) -> Result<Option<AccountRow>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE personal_id = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(personal_id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(account_of).transpose()
    }

    /// The account with this id.
    pub async fn account(&self, id: i64) -> Result<Option<AccountRow>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(account_of).transpose()
    }

    /// Counts a failed login; the `max`-th in a row locks the account until `lock_until`.
    /// Returns the account's `locked_until`.
    pub async fn login_failed(&self, id: i64, max: i64, lock_until: UnixTime) -> Result<UnixTime> {
        let row = sqlx::query(
            "UPDATE accounts SET \
             failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END, \
             locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END \
             WHERE id = $1 RETURNING locked_until",
        )
        .bind(id)
        .bind(max)
        .bind(lock_until)
        .fetch_one(&self.write)
        .await?;
        Ok(row.try_get("locked_until")?)
    }

    /// A successful login clears the failure count.
    pub async fn login_succeeded(&self, id: i64) -> Result<()> {
        sqlx::query("UPDATE accounts SET failed_logins = 0 WHERE id = $1")
            .bind(id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Sets a new password hash (operator), clearing failures and the lock.
    pub async fn set_password(&self, id: i64, password_hash: &str) -> Result<()> {
        sqlx::query(
            "UPDATE accounts SET password_hash = $2, failed_logins = 0, locked_until = 0 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(password_hash)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    // ----- sessions -----

    /// Stores a session (the SHA-256 of its token).
    pub async fn create_session(
        &self,
        token_hash: &[u8],
        account_id: i64,
        now: UnixTime,
        expires_at: UnixTime,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(account_id)
        .bind(now)
        .bind(expires_at)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The session with this token hash, if it is valid at `now`.
    pub async fn session(&self, token_hash: &[u8], now: UnixTime) -> Result<Option<SessionInfo>> {
        let row = sqlx::query(
            "SELECT s.account_id, a.level, a.role, a.enrol_generation FROM sessions s \
             JOIN accounts a ON a.id = s.account_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(SessionInfo {
                account_id: r.try_get("account_id")?,
                generation: r.try_get("enrol_generation")?,
                level: level_of(&r, "level")?,
                role: role_of(&r, "role")?,
            })
        })
        .transpose()
    }

    /// Ends a session.
    pub async fn delete_session(&self, token_hash: &[u8]) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    // ----- challenges -----

    /// Whether a challenge was used already.
    pub async fn challenge_used(&self, challenge: &[u8]) -> Result<bool> {
        Ok(
            sqlx::query("SELECT used_at FROM challenges WHERE challenge = $1")
                .bind(challenge)
                .fetch_optional(&self.read)
                .await?
                .is_some(),
        )
    }

    /// Records the use of a challenge: true for the first use only.
    pub async fn consume_challenge(
        &self,
        challenge: &[u8],
        claims: &ChallengeClaims,
        now: UnixTime,
    ) -> Result<bool> {
        let mut conn = self.write.acquire().await?;
        consume(&mut conn, challenge, claims, now).await
    }

    /// Allocates `n` consecutive serials; returns the first.
    pub async fn allocate_serials(&self, n: u64) -> Result<u64> {
        let mut conn = self.write.acquire().await?;
        allocate(&mut conn, n).await
    }

    /// An enrolment, in one transaction: records the challenge's use (once; its claims were
    /// checked by the caller), checks that no other enrolment of the account finished since
    /// the challenge was issued (its generation), revokes what the account held (the previous
    /// device and its papers) and stores the new rows, signed already under serials from
    /// [`Store::allocate_serials`]. One commit (one `fsync` on SQLite) per enrolment, and no
    /// signing while the write lock is held.
    pub async fn enrol(
        &self,
        challenge: &[u8],
        claims: &ChallengeClaims,
        now: UnixTime,
        rows: &[NewIssued],
    ) -> Result<Enrolment> {
        let (account_id, generation) = (claims.account_id, claims.generation);
        let mut tx = self.write.begin().await?;
        if !consume(&mut tx, challenge, claims, now).await? {
            tx.rollback().await?;
            return Ok(Enrolment::ChallengeUsed);
        }
        let won = sqlx::query(
            "UPDATE accounts SET enrol_generation = enrol_generation + 1 \
             WHERE id = $1 AND enrol_generation = $2",
        )
        .bind(account_id)
        .bind(generation)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !won {
            tx.rollback().await?;
            return Ok(Enrolment::Conflict);
        }
        let replaced = revoke_held(&mut tx, account_id, "superseded", now).await?;
        insert_issued(&mut tx, account_id, rows, now).await?;
        tx.commit().await?;
        Ok(Enrolment::Done { replaced })
    }

    /// The account's active device.
    pub async fn active_device(&self, account_id: i64) -> Result<Option<DeviceRow>> {
        let row = sqlx::query(
            "SELECT serial, platform, development, issued_at, not_after FROM issued \
             WHERE account_id = $1 AND kind = 'device' AND revoked_at IS NULL",
        )
        .bind(account_id)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(DeviceRow {
                serial: u64_of(r.try_get("serial")?),
                platform: r.try_get("platform")?,
                development: r.try_get::<i64, _>("development")? != 0,
                issued_at: r.try_get("issued_at")?,
                not_after: r.try_get("not_after")?,
            })
        })
        .transpose()
    }

    /// The papers issued with the active device `device_serial`.
    pub async fn papers(&self, account_id: i64, device_serial: u64) -> Result<Vec<Vec<u8>>> {
        let rows = sqlx::query(
            "SELECT body FROM issued WHERE account_id = $1 AND device_serial = $2 \
             AND kind = 'paper' AND revoked_at IS NULL ORDER BY serial",
        )
        .bind(account_id)
        .bind(i64_of(device_serial)?)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| Ok(r.try_get::<Vec<u8>, _>("body")?))
            .collect()
    }

    /// "My phone was stolen": revokes everything the account holds, ends its other sessions
    /// and voids its outstanding challenges. Returns the serials revoked.
    pub async fn revoke_by_holder(
        &self,
        account_id: i64,
        keep_session: &[u8],
        now: UnixTime,
    ) -> Result<Vec<u64>> {
        let mut tx = self.write.begin().await?;
        sqlx::query("UPDATE accounts SET enrol_generation = enrol_generation + 1 WHERE id = $1")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        let revoked = revoke_held(&mut tx, account_id, "holder", now).await?;
        sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2")
            .bind(account_id)
            .bind(keep_session)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(revoked)
    }

    /// Operator: revokes everything an account holds. Returns the serials revoked.
    pub async fn revoke_account(&self, account_id: i64, now: UnixTime) -> Result<Vec<u64>> {
        let mut tx = self.write.begin().await?;
        sqlx::query("UPDATE accounts SET enrol_generation = enrol_generation + 1 WHERE id = $1")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        let revoked = revoke_held(&mut tx, account_id, "operator", now).await?;
        tx.commit().await?;
        Ok(revoked)
    }

    /// Operator: revokes one serial (a device certificate with its papers, or one paper).
    pub async fn revoke_serial(&self, serial: u64, now: UnixTime) -> Result<Vec<u64>> {
        let mut tx = self.write.begin().await?;
        let rows: Vec<AnyRow> = sqlx::query(
            "UPDATE issued SET revoked_at = $2, revoke_reason = 'operator' \
             WHERE (serial = $1 OR device_serial = $1) AND revoked_at IS NULL RETURNING serial",
        )
        .bind(i64_of(serial)?)
        .bind(now)
        .fetch_all(&mut *tx)
        .await?;
        let revoked = serials_of(&rows)?;
        if !revoked.is_empty() {
            mark_dirty(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(revoked)
    }

    /// Whether a serial was ever issued.
    pub async fn serial_exists(&self, serial: u64) -> Result<bool> {
        Ok(sqlx::query("SELECT serial FROM issued WHERE serial = $1")
            .bind(i64_of(serial)?)
            .fetch_optional(&self.read)
            .await?
            .is_some())
    }

    // ----- lists -----

    /// Stores the lists made at `init` unless the database has lists already (marked for
    /// publication if something is revoked already). `revocation_times` is the revocation
    /// list's own `issued_at` and `next_update` when it names no serial: then it is recorded
    /// as a publication, and deltas can be made from it.
    pub async fn init_lists(
        &self,
        trust: (u64, &[u8]),
        revocation: (u64, &[u8]),
        revocation_times: Option<(UnixTime, UnixTime)>,
        now: UnixTime,
        next_update: UnixTime,
    ) -> Result<()> {
        for (name, (seq, body)) in [("trust", trust), ("revocation", revocation)] {
            let inserted = sqlx::query(
                "INSERT INTO lists (name, sequence, body, issued_at, next_update, dirty) \
                 SELECT $1, $2, $3, $4, $5, CASE WHEN EXISTS \
                 (SELECT 1 FROM issued WHERE revoked_at IS NOT NULL) THEN 1 ELSE 0 END \
                 WHERE TRUE ON CONFLICT (name) DO NOTHING",
            )
            .bind(name)
            .bind(i64_of(seq)?)
            .bind(body)
            .bind(now)
            .bind(next_update)
            .execute(&self.write)
            .await?
            .rows_affected()
                == 1;
            if let (true, "revocation", Some((issued_at, next))) =
                (inserted, name, revocation_times)
            {
                // An empty list is what the publications' rule gives for a number below every
                // `listed_in` (a fresh database has none).
                record_publication(&self.write, seq, issued_at, next, 0).await?;
            }
        }
        Ok(())
    }

    /// A published list (`trust` or `revocation`).
    pub async fn list(&self, name: &str) -> Result<Option<ListRow>> {
        let row = sqlx::query(
            "SELECT sequence, body, issued_at, next_update, dirty FROM lists WHERE name = $1",
        )
        .bind(name)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(ListRow {
                sequence: u64_of(r.try_get("sequence")?),
                body: r.try_get("body")?,
                issued_at: r.try_get("issued_at")?,
                next_update: r.try_get("next_update")?,
                dirty: r.try_get::<i64, _>("dirty")? != 0,
            })
        })
        .transpose()
    }

    /// A list's sequence number, `next_update` and whether a revocation waits, without its
    /// body (the publisher's poll).
    pub async fn list_meta(&self, name: &str) -> Result<Option<(u64, UnixTime, bool)>> {
        let row = sqlx::query("SELECT sequence, next_update, dirty FROM lists WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| {
            Ok((
                u64_of(r.try_get("sequence")?),
                r.try_get("next_update")?,
                r.try_get::<i64, _>("dirty")? != 0,
            ))
        })
        .transpose()
    }

    /// The sequence numbers of both lists and whether a revocation waits (a cheap poll).
    pub async fn list_state(&self) -> Result<(u64, u64, bool)> {
        let rows = sqlx::query("SELECT name, sequence, dirty FROM lists")
            .fetch_all(&self.read)
            .await?;
        let (mut t, mut r, mut dirty) = (0, 0, false);
        for row in rows {
            let name: String = row.try_get("name")?;
            let seq = u64_of(row.try_get("sequence")?);
            if name == "trust" {
                t = seq;
            } else {
                r = seq;
                dirty = row.try_get::<i64, _>("dirty")? != 0;
            }
        }
        Ok((t, r, dirty))
    }

    /// Publishes a list in one transaction: takes the next sequence number, reads the revoked
    /// serials still valid at `now` (for the revocation list), has `sign` sign, stores.
    pub async fn publish<F>(
        &self,
        name: &str,
        now: UnixTime,
        next_update: UnixTime,
        sign: F,
    ) -> Result<u64>
    where
        F: FnOnce(u64, &[u64]) -> Result<Vec<u8>>,
    {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "UPDATE lists SET sequence = sequence + 1, dirty = 0 WHERE name = $1 RETURNING sequence",
        )
        .bind(name)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::NotFound("list (run init)"))?;
        let sequence = u64_of(row.try_get("sequence")?);
        let revoked = if name == "revocation" {
            // A paper whose device is revoked is never named: its MSO names the device's
            // serial, which is on the list until the device certificate ends, and past that
            // end the paper is refused anyway (MSO entry 11); naming it would only grow the
            // list (~5 serials per stolen phone). Such papers are settled with `listed_in = 0`
            // (named by no list) so that they leave the pending index and later publications
            // never look at them again.
            sqlx::query(
                "UPDATE issued SET listed_in = 0 \
                 WHERE revoked_at IS NOT NULL AND listed_in IS NULL AND kind = 'paper' \
                 AND EXISTS (SELECT 1 FROM issued d WHERE d.serial = issued.device_serial \
                      AND d.kind = 'device' AND d.revoked_at IS NOT NULL)",
            )
            .execute(&mut *tx)
            .await?;
            // The other serials revoked since the last list are first named by this one; the
            // list is then exactly "named by n or earlier (and by some list), still valid at
            // now" (the rule deltas are made by), whatever commits meanwhile.
            sqlx::query(
                "UPDATE issued SET listed_in = $1 \
                 WHERE revoked_at IS NOT NULL AND listed_in IS NULL",
            )
            .bind(i64_of(sequence)?)
            .execute(&mut *tx)
            .await?;
            let rows: Vec<AnyRow> = sqlx::query(
                "SELECT serial FROM issued WHERE revoked_at IS NOT NULL AND not_after > $1 \
                 AND listed_in > 0 ORDER BY serial",
            )
            .bind(now)
            .fetch_all(&mut *tx)
            .await?;
            serials_of(&rows)?
        } else {
            Vec::new()
        };
        let body = sign(sequence, &revoked)?;
        sqlx::query("UPDATE lists SET body = $2, issued_at = $3, next_update = $4 WHERE name = $1")
            .bind(name)
            .bind(body)
            .bind(now)
            .bind(next_update)
            .execute(&mut *tx)
            .await?;
        if name == "revocation" {
            let count = revoked.len() as u64;
            record_publication(&mut *tx, sequence, now, next_update, count).await?;
        }
        tx.commit().await?;
        Ok(sequence)
    }

    // ----- revocation deltas -----

    /// Revocation list `sequence` as published, if its record is kept.
    pub async fn revocation_publication(&self, sequence: u64) -> Result<Option<Publication>> {
        let row = sqlx::query(
            "SELECT issued_at, next_update, revoked FROM revocation_publications \
             WHERE sequence = $1",
        )
        .bind(i64_of(sequence)?)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(Publication {
                sequence,
                issued_at: r.try_get("issued_at")?,
                next_update: r.try_get("next_update")?,
                revoked: u64_of(r.try_get("revoked")?),
            })
        })
        .transpose()
    }

    /// What changed from revocation list `base` to list `to`: the serials added and the
    /// serials dropped, each sorted. List n holds the serials with `0 < listed_in <= n` and
    /// `not_after > issued_at(n)`. Rows named by a list never change, so
    /// the answer is the same whenever it is asked.
    pub async fn revocation_changes(
        &self,
        base: &Publication,
        to: &Publication,
    ) -> Result<(Vec<u64>, Vec<u64>)> {
        let (base_at, to_at) = (base.issued_at, to.issued_at);
        let (base, to) = (i64_of(base.sequence)?, i64_of(to.sequence)?);
        // Named after the base and still valid at `to`.
        let mut added = self
            .serials(
                "SELECT serial FROM issued WHERE listed_in > 0 AND listed_in > $1 \
                 AND listed_in <= $2 AND not_after > $3",
                &[base, to, to_at],
            )
            .await?;
        // On the base, and past their end at `to`.
        let removed = if to_at > base_at {
            self.serials(
                "SELECT serial FROM issued WHERE revoked_at IS NOT NULL AND not_after > $1 \
                 AND not_after <= $2 AND listed_in > 0 AND listed_in <= $3",
                &[base_at, to_at, base],
            )
            .await?
        } else {
            Vec::new()
        };
        if to_at < base_at {
            // A list issued earlier than its base (clocks of two replicas apart): what had
            // ended by the base's time but not by this one's is back.
            added.extend(
                self.serials(
                    "SELECT serial FROM issued WHERE revoked_at IS NOT NULL AND not_after > $1 \
                     AND not_after <= $2 AND listed_in > 0 AND listed_in <= $3",
                    &[to_at, base_at, base],
                )
                .await?,
            );
        }
        added.sort_unstable();
        Ok((added, removed))
    }

    async fn serials(&self, sql: &'static str, binds: &[i64]) -> Result<Vec<u64>> {
        let mut q = sqlx::query(sql);
        for &b in binds {
            q = q.bind(b);
        }
        serials_of(&q.fetch_all(&self.read).await?)
    }

    /// The signed delta from `base` to `sequence`, if one was stored.
    pub async fn revocation_delta(&self, base: u64, sequence: u64) -> Result<Option<Vec<u8>>> {
        let row = sqlx::query(
            "SELECT body FROM revocation_deltas WHERE base_sequence = $1 AND sequence = $2",
        )
        .bind(i64_of(base)?)
        .bind(i64_of(sequence)?)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| Ok(r.try_get("body")?)).transpose()
    }

    /// Stores a signed delta unless one is stored for (`base`, `sequence`) already; returns
    /// the one stored (another replica's, if it was first), which is what everyone serves.
    pub async fn store_revocation_delta(
        &self,
        base: u64,
        sequence: u64,
        body: &[u8],
    ) -> Result<Vec<u8>> {
        sqlx::query(
            "INSERT INTO revocation_deltas (base_sequence, sequence, body) VALUES ($1, $2, $3) \
             ON CONFLICT (base_sequence, sequence) DO NOTHING",
        )
        .bind(i64_of(base)?)
        .bind(i64_of(sequence)?)
        .bind(body)
        .execute(&self.write)
        .await?;
        let row = sqlx::query(
            "SELECT body FROM revocation_deltas WHERE base_sequence = $1 AND sequence = $2",
        )
        .bind(i64_of(base)?)
        .bind(i64_of(sequence)?)
        .fetch_one(&self.write)
        .await?;
        Ok(row.try_get("body")?)
    }

    /// Forgets the publications issued before `before` (no delta is made from them any more)
    /// and the stored deltas to lists older than `current`; the current list's record stays.
    pub async fn purge_revocation_deltas(&self, before: UnixTime, current: u64) -> Result<()> {
        let current = i64_of(current)?;
        sqlx::query("DELETE FROM revocation_publications WHERE issued_at < $1 AND sequence < $2")
            .bind(before)
            .bind(current)
            .execute(&self.write)
            .await?;
        sqlx::query("DELETE FROM revocation_deltas WHERE sequence < $1")
            .bind(current)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Deletes expired sessions and long-expired challenges.
    pub async fn purge(&self, now: UnixTime) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.write)
            .await?;
        sqlx::query("DELETE FROM challenges WHERE expires_at <= $1")
            .bind(now - 3600)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Counts rows of a table (tests and the operator's status).
    pub async fn count(&self, what: Count) -> Result<u64> {
        let sql = match what {
            Count::Accounts => "SELECT COUNT(*) AS n FROM accounts",
            Count::ActiveDevices => {
                "SELECT COUNT(*) AS n FROM issued WHERE kind = 'device' AND revoked_at IS NULL"
            }
            Count::Issued => "SELECT COUNT(*) AS n FROM issued",
            Count::Revoked => "SELECT COUNT(*) AS n FROM issued WHERE revoked_at IS NOT NULL",
            Count::Pending => {
                "SELECT COUNT(*) AS n FROM issued WHERE revoked_at IS NOT NULL AND listed_in IS NULL"
            }
        };
        let row = sqlx::query(sql).fetch_one(&self.read).await?;
        Ok(u64_of(row.try_get("n")?))
    }
}

/// What [`Store::count`] counts.
#[derive(Clone, Copy, Debug)]
pub enum Count {
    /// Accounts.
    Accounts,
    /// Devices not revoked.
    ActiveDevices,
    /// Everything issued.
    Issued,
    /// Everything revoked.
    Revoked,
    /// Revoked and waiting for the next revocation list to settle them (named, or, for a
    /// paper of a revoked device, settled unnamed).
    Pending,
}

async fn record_publication<'e, E>(
    executor: E,
    sequence: u64,
    issued_at: UnixTime,
    next_update: UnixTime,
    revoked: u64,
) -> Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO revocation_publications (sequence, issued_at, next_update, revoked) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (sequence) DO NOTHING",
    )
    .bind(i64_of(sequence)?)
    .bind(issued_at)
    .bind(next_update)
    .bind(i64_of(revoked)?)
    .execute(executor)
    .await?;
    Ok(())
}

fn serials_of(rows: &[AnyRow]) -> Result<Vec<u64>> {
    rows.iter()
        .map(|r| Ok(u64_of(r.try_get("serial")?)))
        .collect()
}

async fn mark_dirty(tx: &mut sqlx::Transaction<'static, sqlx::Any>) -> Result<()> {
    sqlx::query("UPDATE lists SET dirty = 1 WHERE name = 'revocation'")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn revoke_held(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    account_id: i64,
    reason: &str,
    now: UnixTime,
) -> Result<Vec<u64>> {
    let rows: Vec<AnyRow> = sqlx::query(
        "UPDATE issued SET revoked_at = $2, revoke_reason = $3 \
         WHERE account_id = $1 AND revoked_at IS NULL RETURNING serial",
    )
    .bind(account_id)
    .bind(now)
    .bind(reason.to_owned())
    .fetch_all(&mut **tx)
    .await?;
    let revoked = serials_of(&rows)?;
    if !revoked.is_empty() {
        mark_dirty(tx).await?;
    }
    Ok(revoked)
}

async fn consume(
    conn: &mut AnyConnection,
    challenge: &[u8],
    claims: &ChallengeClaims,
    now: UnixTime,
) -> Result<bool> {
    let row = sqlx::query(
        "INSERT INTO challenges (challenge, account_id, generation, created_at, expires_at, \
         used_at) VALUES ($1, $2, $3, $4, $5, $4) ON CONFLICT (challenge) DO NOTHING \
         RETURNING used_at",
    )
    .bind(challenge)
    .bind(claims.account_id)
    .bind(claims.generation)
    .bind(now)
    .bind(claims.expires_at)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.is_some())
}

async fn allocate(conn: &mut AnyConnection, n: u64) -> Result<u64> {
    let row =
        sqlx::query("UPDATE counters SET value = value + $1 WHERE name = 'serial' RETURNING value")
            .bind(i64_of(n)?)
            .fetch_one(&mut *conn)
            .await?;
    let last: i64 = row.try_get("value")?;
    Ok(u64_of(last) + 1 - n)
}

async fn insert_issued(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    account_id: i64,
    rows: &[NewIssued],
    now: UnixTime,
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut sql = String::from(
        "INSERT INTO issued (serial, account_id, kind, device_serial, type_code, platform, \
         development, body, issued_at, not_after) VALUES ",
    );
    for i in 0..rows.len() {
        if i > 0 {
            sql.push_str(", ");
        }
        let params: Vec<String> = (1..=10).map(|k| format!("${}", i * 10 + k)).collect();
        sql.push('(');
        sql.push_str(&params.join(", "));
        sql.push(')');
    }
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for r in rows {
        q = q
            .bind(i64_of(r.serial)?)
            .bind(account_id)
            .bind(if r.device { "device" } else { "paper" })
            .bind(i64_of(r.device_serial)?)
            .bind(r.type_code.clone())
            .bind(r.platform.clone())
            .bind(i64::from(r.development))
            .bind(r.body.clone())
            .bind(now)
            .bind(r.not_after);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

/// The SQLite file holds accounts (names, ID numbers, dates of birth, password hashes): it is
/// made owner-only (0600) before SQLite opens it, whatever the umask, and an existing one — and
/// its `-wal`, `-shm` and `-journal` files, which SQLite gives the database's mode — brought to
/// 0600. Only a URL that lets SQLite create the file (no `mode`, or `mode=rwc`) makes it; an
/// in-memory database or `mode=ro` / `mode=rw` is left to SQLite (which refuses a missing file).
fn private_sqlite_file(url: &str) -> Result<()> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or_default();
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mode = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("mode="))
        .unwrap_or("rwc");
    if path.is_empty() || path.starts_with(':') || mode == "memory" {
        return Ok(()); // in memory
    }
    let path = percent_decoded(path);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    if mode == "rwc" {
        opts.open(&path).map_err(Error::io(path.clone()))?;
    }
    #[cfg(unix)]
    for suffix in ["", "-wal", "-shm", "-journal"] {
        use std::os::unix::fs::PermissionsExt;
        let p = format!("{path}{suffix}");
        // Regular files only, not through a link (the folder is the operator's, 0700).
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_file() && m.permissions().mode() & 0o077 != 0 => {
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600))
                    .map_err(Error::io(p.clone()))?
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(p)(e)),
        }
    }
    Ok(())
}

/// `%XX` escapes decoded, as sqlx reads the path of a URL.
fn percent_decoded(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (b[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &std::path::Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn the_database_file_is_made_owner_only_only_where_sqlite_may_create_it() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display();
        // Created 0600 for the default URL form and for mode=rwc (spaces percent-encoded).
        private_sqlite_file(&format!("sqlite://{d}/a.db?mode=rwc")).unwrap();
        assert_eq!(mode(&dir.path().join("a.db")), 0o600);
        private_sqlite_file(&format!("sqlite:{d}/b%20c.db")).unwrap();
        assert_eq!(mode(&dir.path().join("b c.db")), 0o600);
        // Not created where SQLite must find it (mode=rw / ro) or keeps it in memory.
        private_sqlite_file(&format!("sqlite://{d}/typo.db?mode=rw")).unwrap();
        private_sqlite_file(&format!("sqlite://{d}/ro.db?mode=ro")).unwrap();
        private_sqlite_file(&format!("sqlite://{d}/m.db?mode=memory")).unwrap();
        private_sqlite_file("sqlite::memory:").unwrap();
        for f in ["typo.db", "ro.db", "m.db"] {
            assert!(!dir.path().join(f).exists(), "{f}");
        }
        // An existing database and its journal files left readable are brought to 0600.
        for f in ["e.db", "e.db-wal", "e.db-shm", "e.db-journal"] {
            let p = dir.path().join(f);
            std::fs::write(&p, b"x").unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        private_sqlite_file(&format!("sqlite://{d}/e.db?mode=rw")).unwrap();
        for f in ["e.db", "e.db-wal", "e.db-shm", "e.db-journal"] {
            assert_eq!(mode(&dir.path().join(f)), 0o600, "{f}");
        }
    }
}
