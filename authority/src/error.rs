//! The service's error type (operator commands and start-up; HTTP answers have their own in
//! [`crate::api`]).

/// Something the authority could not do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A check or a format of the core failed.
    #[error(transparent)]
    Core(#[from] vneid_core::Error),
    /// The database.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// A migration.
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A file or a socket.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The configuration or the authority folder.
    #[error("configuration: {0}")]
    Config(String),
    /// A bad argument (an operator command, a new account).
    #[error("{0}")]
    Invalid(String),
    /// TLS set-up.
    #[error("TLS: {0}")]
    Tls(String),
    /// Not found.
    #[error("{0} not found")]
    NotFound(&'static str),
}

impl Error {
    pub(crate) fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
        let what = what.into();
        move |source| Error::Io { what, source }
    }
}

/// The service's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
