//! Where things are on disk: the authority's directory (its public part under `public/`) and a
//! citizen's directory (the app's state, the software device key, the wallet, the pinned
//! trust cache). Every other module finds files through here; this one uses none of them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use vneid_core::certificate::DeviceCertificate;
use vneid_core::clock::Clock;
use vneid_core::flows::{CitizenApp, CitizenState};
use vneid_core::keys::SoftwareSigner;
use vneid_core::storage;
use vneid_core::testing::FileSecretStore;
use vneid_core::trust::ROOT_KEY_FILE;

use crate::error::{ctx, CliError};

/// In an officer's state folder: the pinned root and the newest lists accepted.
pub const OFFICER_TRUST: &str = "trust";
/// In an officer's state folder: the scan log's segments.
pub const OFFICER_LOG: &str = "log";
/// In an officer's state folder: the software secret store (the log's MAC key and anchor).
pub const OFFICER_KEYS: &str = "keys";

/// The officer's state folder: `--state DIR` if given, else `$XDG_DATA_HOME/vneid/officer`,
/// else `~/.local/share/vneid/officer`.
pub fn officer_state_dir(state: Option<&Path>) -> Result<PathBuf, CliError> {
    if let Some(d) = state {
        return Ok(d.to_owned());
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/share"))
        })
        .ok_or_else(|| {
            CliError::usage(
                "no officer state folder: set HOME or XDG_DATA_HOME, or give --state DIR",
            )
        })?;
    Ok(base.join("vneid").join("officer"))
}

/// Where [`vneid_core::issuer::Authority::save`] puts the public parts (root key, signed
/// lists).
pub const PUBLIC_DIR: &str = "public";
/// The account, certificate and setting.
pub const STATE_FILE: &str = "citizen.json";
/// The device key, PKCS#8, mode 0600.
pub const KEY_FILE: &str = "device-key.pk8";
/// The encrypted wallet file in the citizen's directory.
pub const WALLET_FILE: &str = "wallet.bin";
/// The software secret store holding the wallet's data key.
pub const SECRETS_DIR: &str = "keys";
/// The authority directory the citizen enrolled with (one line, an absolute path).
pub const AUTHORITY_LINK: &str = "authority-dir.txt";
/// The authority's public parts as the citizen's app holds them (pinned root, last list).
pub const TRUST_CACHE: &str = "trust";

/// Where the public parts are: `DIR/public`, or DIR itself when it is such a copy.
pub fn public_dir(trust: &Path) -> Result<PathBuf, CliError> {
    let public = trust.join(PUBLIC_DIR);
    if public.join(ROOT_KEY_FILE).is_file() {
        Ok(public)
    } else if trust.join(ROOT_KEY_FILE).is_file() {
        Ok(trust.to_owned())
    } else {
        Err(CliError::usage(format!(
            "no trust material in {}: expected {}",
            trust.display(),
            public.join(ROOT_KEY_FILE).display()
        )))
    }
}

/// Writes `citizen.json`.
pub fn save_state(cdir: &Path, app: &CitizenApp) -> Result<(), CliError> {
    let json = serde_json::to_vec_pretty(&app.state())
        .map_err(|_| CliError::usage("cannot serialise the citizen state"))?;
    // Name, date of birth and ID number in clear: owner only.
    storage::write_private(&cdir.join(STATE_FILE), &json).map_err(CliError::from)
}

/// Reads `citizen.json`.
pub fn read_state(cdir: &Path) -> Result<CitizenState, CliError> {
    let path = cdir.join(STATE_FILE);
    if !path.is_file() {
        return Err(CliError::usage(format!(
            "no citizen account in {} (run `vneid citizen enroll` first)",
            cdir.display()
        )));
    }
    let json = storage::read_limited(&path, 1 << 20, "citizen state")?;
    serde_json::from_slice(&json)
        .map_err(|_| CliError::usage(format!("{} is not a valid citizen state", path.display())))
}

/// The device certificate in a saved state, if enrolled.
pub fn certificate_of(state: &CitizenState) -> Result<Option<DeviceCertificate>, CliError> {
    state
        .certificate()
        .map_err(ctx("the citizen state's certificate"))
}

/// The citizen's app, restored from `cdir` with its device key.
pub fn load_app(cdir: &Path, clock: Arc<dyn Clock>) -> Result<CitizenApp, CliError> {
    let state = read_state(cdir)?;
    let der = storage::read_limited(&cdir.join(KEY_FILE), 4096, "device key")?;
    let key = SoftwareSigner::from_pkcs8(&der).map_err(ctx("the device key"))?;
    CitizenApp::restore(state, Arc::new(key), clock).map_err(ctx("the citizen state"))
}

/// The software keystore of the citizen in `cdir`.
pub fn secrets(cdir: &Path) -> FileSecretStore {
    FileSecretStore::new(&cdir.join(SECRETS_DIR))
}
