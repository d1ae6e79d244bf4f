#![no_main]
//! A wallet file as found on disk (damaged, truncated, hostile): opens or fails with a typed
//! error; never a panic, never silently empty.
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

use vneid_core::testing::MemorySecretStore;
use vneid_core::wallet::{SecretStore, Wallet, WALLET_KEY_NAME};

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("vneid-fuzz-wallet-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("wallet.bin");
    let secrets = Arc::new(MemorySecretStore::new());
    secrets.put(WALLET_KEY_NAME, &[7u8; 32]).expect("memory store");
    if std::fs::write(&path, data).is_ok() {
        if let Ok(w) = Wallet::open(&path, secrets) {
            let _ = w.papers().len();
        }
    }
});
