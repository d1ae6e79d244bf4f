//! TLS for the client: rustls (ring), with the server authenticated by public CAs, by given
//! roots, by its exact certificate or by the SHA-256 of its public key — the last two for the
//! authority's own listener certificate, which no public CA signs.

use std::fmt;
use std::io::{Read, Write};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::{CertificateError, ClientConfig, ClientConnection, RootCertStore, StreamOwned};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, Transport,
    TransportAdapter,
};

/// How the client knows it talks to the genuine authority.
#[derive(Clone, PartialEq, Eq)]
pub enum ServerTrust {
    /// Any certificate for the host name from a public CA (Mozilla's roots).
    WebPki,
    /// A certificate for the host name chaining to one of these CA certificates (DER) only.
    Roots(Vec<Vec<u8>>),
    /// Exactly this server certificate (DER), whatever names it carries: pinning the
    /// certificate `vneid-authority init` made (`DIR/tls/cert.der`).
    Certificate(Vec<u8>),
    /// Any certificate whose `SubjectPublicKeyInfo` has one of these SHA-256 digests: pinning
    /// the listener's key, so a renewed certificate with the same key is still accepted
    /// (`DIR/tls/spki-sha256.txt`).
    PublicKey(Vec<[u8; 32]>),
}

impl fmt::Debug for ServerTrust {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerTrust::WebPki => f.write_str("WebPki"),
            ServerTrust::Roots(r) => write!(f, "Roots({} certificates)", r.len()),
            ServerTrust::Certificate(_) => f.write_str("Certificate(..)"),
            ServerTrust::PublicKey(p) => write!(f, "PublicKey({} pins)", p.len()),
        }
    }
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The rustls configuration for a trust setting.
pub(crate) fn client_config(trust: &ServerTrust) -> Result<Arc<ClientConfig>, String> {
    let provider = provider();
    let algorithms = provider.signature_verification_algorithms;
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let roots = |certs: &mut dyn Iterator<Item = CertificateDer<'static>>| {
        let mut store = RootCertStore::empty();
        for c in certs {
            store.add(c).map_err(|e| format!("root certificate: {e}"))?;
        }
        Ok::<_, String>(store)
    };
    let config = match trust {
        ServerTrust::WebPki => {
            let store = RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            builder.with_root_certificates(store)
        }
        ServerTrust::Roots(certs) => builder.with_root_certificates(roots(
            &mut certs.iter().map(|c| CertificateDer::from(c.clone())),
        )?),
        ServerTrust::Certificate(der) => {
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(PinnedVerifier {
                    pin: Pin::Certificate(der.clone()),
                    algorithms,
                }))
        }
        ServerTrust::PublicKey(pins) => {
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(PinnedVerifier {
                    pin: Pin::PublicKey(pins.clone()),
                    algorithms,
                }))
        }
    };
    Ok(Arc::new(config.with_no_client_auth()))
}

#[derive(Debug)]
enum Pin {
    Certificate(Vec<u8>),
    PublicKey(Vec<[u8; 32]>),
}

/// Accepts exactly the pinned certificate or key; the handshake signature is still verified
/// with the presented certificate's key, so only the holder of the pinned key gets through.
#[derive(Debug)]
struct PinnedVerifier {
    pin: Pin,
    algorithms: WebPkiSupportedAlgorithms,
}

/// SHA-256 of a certificate's DER `SubjectPublicKeyInfo` (the form `ServerTrust::PublicKey`
/// pins), or `None` if it does not parse.
pub fn spki_sha256(certificate_der: &[u8]) -> Option<[u8; 32]> {
    let der = CertificateDer::from(certificate_der);
    let cert = webpki::EndEntityCert::try_from(&der).ok()?;
    let spki = cert.subject_public_key_info();
    Some(vneid_core::keys::sha256(spki.as_ref()))
}

impl ServerCertVerifier for PinnedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let ok = match &self.pin {
            Pin::Certificate(der) => end_entity.as_ref() == der.as_slice(),
            Pin::PublicKey(pins) => {
                spki_sha256(end_entity.as_ref()).is_some_and(|d| pins.contains(&d))
            }
        };
        if ok {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// A ureq connector that wraps the TCP transport in rustls with our configuration.
pub(crate) struct TlsConnector {
    pub(crate) config: Arc<ClientConfig>,
}

impl fmt::Debug for TlsConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TlsConnector")
    }
}

impl<In: Transport> Connector<In> for TlsConnector {
    type Out = Either<In, TlsTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails<'_>,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        let Some(transport) = chained else {
            return Ok(None);
        };
        if !details.needs_tls() || transport.is_tls() {
            return Ok(Some(Either::A(transport)));
        }
        let host = details
            .uri
            .authority()
            .map(|a| a.host())
            .ok_or(ureq::Error::Tls("no host for TLS"))?;
        let host = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        let name = ServerName::try_from(host.to_owned())
            .map_err(|_| ureq::Error::Tls("invalid server name"))?;
        let mut conn = ClientConnection::new(self.config.clone(), name)?;
        let mut sock = TransportAdapter::new(transport.boxed(), details.current_time.clone());
        sock.set_timeout(details.timeout);
        conn.complete_io(&mut sock)?;
        let buffers = LazyBuffers::new(
            details.config.input_buffer_size(),
            details.config.output_buffer_size(),
        );
        Ok(Some(Either::B(TlsTransport {
            buffers,
            stream: StreamOwned { conn, sock },
        })))
    }
}

/// A TLS connection for ureq.
pub(crate) struct TlsTransport {
    buffers: LazyBuffers,
    stream: StreamOwned<ClientConnection, TransportAdapter>,
}

impl fmt::Debug for TlsTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TlsTransport")
    }
}

impl Transport for TlsTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let output = &self.buffers.output()[..amount];
        self.stream.write_all(output)?;
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let input = self.buffers.input_append_buf();
        let amount = self.stream.read(input)?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        self.stream.get_mut().get_mut().is_open()
    }

    fn is_tls(&self) -> bool {
        true
    }
}
