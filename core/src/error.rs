//! The core's error type.
//!
//! Messages never carry personal data (names, ID numbers, dates of birth): they name the
//! check or the file kind that failed, nothing about whose data it was. Verification of a
//! scanned token never returns an `Error`; it returns a [`crate::verdict::Verdict`].

use std::path::PathBuf;

/// Result alias for the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, in terms a caller can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input bytes or text are not what the format says (truncated CBOR, wrong types, …).
    #[error("malformed {what}")]
    Malformed {
        /// Which structure was being read (never its content).
        what: &'static str,
    },
    /// Input exceeds the size limit checked before any parsing.
    #[error("{what} is too large: {len} bytes, limit {limit}")]
    TooLarge {
        /// Which structure.
        what: &'static str,
        /// Its length.
        len: usize,
        /// The limit.
        limit: usize,
    },
    /// A format version this build does not understand.
    #[error("unsupported {what} version")]
    UnsupportedVersion {
        /// Which structure.
        what: &'static str,
    },
    /// A signature, key or cipher operation failed. Deliberately opaque (as in `ring`):
    /// it does not say which part of a signature check went wrong.
    #[error("cryptographic check failed")]
    Crypto,
    /// The platform keystore or secret storage failed.
    #[error("keystore: {0}")]
    Keystore(String),
    /// A path that should be a regular file is a device, a FIFO, a directory or a link to
    /// one: refused before reading.
    #[error("{what} is not a regular file")]
    NotRegularFile {
        /// Which file kind.
        what: &'static str,
    },
    /// A wallet file older than the last one written under the same key (an earlier copy put
    /// back): refused, never shown as a wallet with fewer papers.
    #[error(
        "this wallet file is older than the last one written (generation {found}, newest {newest})"
    )]
    StaleWallet {
        /// The file's generation.
        found: u64,
        /// The newest generation written.
        newest: u64,
    },
    /// A personal ID number that is not 12 digits.
    #[error("personal ID number must be exactly 12 digits")]
    InvalidPersonalId,
    /// A date or time that cannot be represented.
    #[error("invalid date or time")]
    InvalidDate,
    /// The account's assurance level is too low for the action.
    #[error("this needs a level-2 electronic identity account (account is level {level})")]
    LevelTooLow {
        /// The account's level.
        level: u8,
    },
    /// The citizen has not enrolled the device yet.
    #[error("the device is not enrolled")]
    NotEnrolled,
    /// The account is not an officer's (the authority registers officers; the app never
    /// chooses the role).
    #[error("this needs an officer account")]
    NotAnOfficer,
    /// The "Xác minh ứng dụng qua QR code" setting is off.
    #[error("turn on \"Xác minh ứng dụng qua QR code\" (Verify app via QR code) first")]
    QrSettingOff,
    /// The officer app has no trust list yet.
    #[error("no trust list loaded")]
    NoTrustList,
    /// A trust or revocation list older than (or as old as) the one held.
    #[error("{what} sequence {offered} is not newer than the held {held}")]
    StaleList {
        /// Which list.
        what: &'static str,
        /// The sequence number offered.
        offered: u64,
        /// The sequence number held.
        held: u64,
    },
    /// A list or paper whose signature or signer does not check out.
    #[error("{what} is not signed by a trusted key")]
    Untrusted {
        /// Which document.
        what: &'static str,
    },
    /// The requested item does not exist.
    #[error("{what} not found")]
    NotFound {
        /// What was looked for.
        what: &'static str,
    },
    /// A stored file (wallet, audit log, state) is damaged.
    #[error("{what} is corrupt: {detail}")]
    Corrupt {
        /// Which file kind.
        what: &'static str,
        /// What was detected (never content).
        detail: String,
    },
    /// An encrypted file (the wallet) was written under another key than the one the
    /// keystore holds: nothing in it can be read.
    #[error("{what}: the key in the keystore does not open it")]
    WrongKey {
        /// Which file kind.
        what: &'static str,
    },
    /// A stored file ends before its own header says it should.
    #[error("{what} is truncated: {len} bytes, expected {expected}")]
    Truncated {
        /// Which file kind.
        what: &'static str,
        /// Its length.
        len: usize,
        /// The length its header announces (or the header's own length).
        expected: usize,
    },
    /// Rendering or image handling failed.
    #[error("image: {0}")]
    Image(String),
    /// A file system operation failed.
    #[error("{op} {path}: {source}")]
    Io {
        /// What was being done.
        op: &'static str,
        /// Where.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// Caller misuse that cannot be expressed in the types.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
}

impl From<vneid_qr::QrError> for Error {
    fn from(e: vneid_qr::QrError) -> Self {
        match e {
            // A frame that does not fit its buffer is the caller's mistake.
            vneid_qr::QrError::Frame(m) => Error::InvalidArgument(format!("frame: {m}")),
            e => Error::Image(e.to_string()),
        }
    }
}

impl Error {
    pub(crate) fn malformed(what: &'static str) -> Self {
        Error::Malformed { what }
    }

    pub(crate) fn io(op: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            op,
            path: path.into(),
            source,
        }
    }
}
