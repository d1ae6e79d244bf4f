//! The listener's TLS: a self-signed P-256 certificate made at `init` (clients pin it or its
//! key), served with rustls (ring). Production puts a certificate from the ministry's CA (or a
//! public one) in the same files; see `docs/deploy.md`.

use std::path::Path;
use std::sync::Arc;

use rcgen::{CertificateParams, DnType, KeyPair, PublicKeyData, PKCS_ECDSA_P256_SHA256};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;
use vneid_core::clock::UnixTime;

use crate::config::{create_private_dir, write_private, Layout};
use crate::error::{Error, Result};

/// What `init` made.
#[derive(Clone, Debug)]
pub struct ListenerCertificate {
    /// DER.
    pub der: Vec<u8>,
    /// SHA-256 of its `SubjectPublicKeyInfo`, hex (what `ServerTrust::PublicKey` pins).
    pub spki_sha256: String,
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn ymd(t: UnixTime) -> Result<(i32, u8, u8)> {
    use chrono::Datelike;
    let d = chrono::DateTime::from_timestamp(t, 0)
        .ok_or_else(|| Error::Tls("time out of range".into()))?
        .date_naive();
    Ok((d.year(), d.month() as u8, d.day() as u8))
}

/// Makes the listener's key (0600) and self-signed certificate for `hosts` (names or IP
/// addresses; `localhost`, `127.0.0.1` and `::1` are always added), valid for 825 days from
/// `now` (the real time: clients check it with their own clock).
pub fn create(layout: &Layout, hosts: &[String], now: UnixTime) -> Result<ListenerCertificate> {
    let dir = layout.tls();
    create_private_dir(&dir)?;
    let mut names: Vec<String> = vec!["localhost".into(), "127.0.0.1".into(), "::1".into()];
    for h in hosts {
        if !names.contains(h) {
            names.push(h.clone());
        }
    }
    let mut params =
        CertificateParams::new(names).map_err(|e| Error::Tls(format!("names: {e}")))?;
    params
        .distinguished_name
        .push(DnType::CommonName, "vneid authority");
    let (y, m, d) = ymd(now - 86_400)?;
    params.not_before = rcgen::date_time_ymd(y, m, d);
    let (y, m, d) = ymd(now + 825 * 86_400)?;
    params.not_after = rcgen::date_time_ymd(y, m, d);
    let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)
        .map_err(|e| Error::Tls(format!("key: {e}")))?;
    let cert = params
        .self_signed(&key)
        .map_err(|e| Error::Tls(format!("certificate: {e}")))?;
    let spki = vneid_core::keys::sha256(&key.subject_public_key_info());
    write_private(&dir.join("key.pk8"), &key.serialize_der())?;
    write_private(&dir.join("cert.der"), cert.der())?;
    write_private(&dir.join("cert.pem"), pem(cert.der()).as_bytes())?;
    write_private(
        &dir.join("spki-sha256.txt"),
        format!("{}\n", hex(&spki)).as_bytes(),
    )?;
    Ok(ListenerCertificate {
        der: cert.der().to_vec(),
        spki_sha256: hex(&spki),
    })
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(Error::io(path.display().to_string()))
}

fn pem(der: &[u8]) -> String {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

/// The listener certificate in the folder.
pub fn certificate(layout: &Layout) -> Result<ListenerCertificate> {
    let der = read(&layout.tls().join("cert.der"))?;
    let spki = std::fs::read_to_string(layout.tls().join("spki-sha256.txt"))
        .map_err(Error::io("tls/spki-sha256.txt"))?;
    Ok(ListenerCertificate {
        der,
        spki_sha256: spki.trim().to_owned(),
    })
}

/// The rustls server configuration from `tls/`.
pub fn server_config(layout: &Layout) -> Result<Arc<ServerConfig>> {
    let cert = read(&layout.tls().join("cert.der"))?;
    let key = read(&layout.tls().join("key.pk8"))?;
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Tls(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(cert)],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key)),
        )
        .map_err(|e| Error::Tls(e.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
