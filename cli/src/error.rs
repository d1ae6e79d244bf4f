//! The CLI's error: a message for stderr and an exit code.

use vneid_core::strings;
use vneid_core::Error;

/// Exit code for a "no": FAKE, a refused action, a broken audit chain.
pub const EXIT_NO: u8 = 1;
/// Exit code for bad usage or unreadable input.
pub const EXIT_USAGE: u8 = 2;
/// Exit code for CANNOT VERIFY: the officer's lists are too old (neither genuine nor fake).
pub const EXIT_CANNOT_VERIFY: u8 = 3;

// Talking to the authority service (`--server URL`); each is documented in cli/README.md.
/// The authority cannot be reached: connection refused, no such host, a timeout.
pub const EXIT_NETWORK: u8 = 4;
/// TLS failed: the server's certificate is not the pinned one (`--server-cert`,
/// `--server-pin`) or not valid for public CAs, or the handshake failed.
pub const EXIT_TLS: u8 = 5;
/// 401: wrong personal ID or password, or the session was refused.
pub const EXIT_UNAUTHORIZED: u8 = 6;
/// 429 (too many requests) or 423 (account locked after failed logins): wait and retry.
pub const EXIT_TOO_MANY: u8 = 7;
/// Any other 4xx: the authority refused the request (its error code is printed).
pub const EXIT_SERVER_REFUSED: u8 = 8;
/// 5xx: the authority failed (its error code is printed); retry later.
pub const EXIT_SERVER_FAILED: u8 = 9;
/// The authority's answer is malformed or fails the client's checks (a certificate for
/// another key, a paper that does not parse).
pub const EXIT_BAD_ANSWER: u8 = 10;

/// What `main` prints as `error: …` before exiting with `code`. The message never carries
/// personal data: core errors name the check or the file kind, never whose data it was.
#[derive(Debug)]
pub struct CliError {
    /// Process exit code.
    pub code: u8,
    /// One line, without the `error: ` prefix.
    pub message: String,
}

impl CliError {
    /// Bad usage or unreadable input (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            code: EXIT_USAGE,
            message: message.into(),
        }
    }

    /// A well-formed request the rules refuse (exit 1).
    pub fn refused(message: impl Into<String>) -> Self {
        CliError {
            code: EXIT_NO,
            message: message.into(),
        }
    }

    /// The same error with another exit code.
    pub fn with_code(mut self, code: u8) -> Self {
        self.code = code;
        self
    }

    /// The same error with `context: ` in front of its message.
    pub fn context(mut self, context: &str) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        match e {
            // Refusals by the rules of the procedure: exit 1, in both languages.
            Error::LevelTooLow { level } => CliError::refused(format!(
                "{} (tài khoản mức {level} / the account is level {level})",
                strings::both("setting.qr_verification.level1")
            )),
            Error::QrSettingOff | Error::NotEnrolled => CliError::refused(e.to_string()),
            // Everything else is input the command could not use.
            _ => CliError::usage(e.to_string()),
        }
    }
}

/// `map_err` helper: a core (or QR) error with context.
pub fn ctx<E: Into<Error>>(context: &'static str) -> impl Fn(E) -> CliError {
    move |e| CliError::from(e.into()).context(context)
}
