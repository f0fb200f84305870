//! HTTPS and mutual TLS for the HTTP port, on OpenSSL (the TLS library librdkafka already
//! links, so the binary carries one TLS stack).
//!
//! With `tls_cert_file` and `tls_key_file` the port speaks HTTPS only; with
//! `tls_client_ca_file` too, a connection must present a client certificate signed by one of
//! those CAs or the handshake fails before any HTTP is read. The handshake runs under the
//! header read timeout, so a client that opens a connection and sends nothing holds its slot
//! no longer than a plain-HTTP one would.

use openssl::ssl::{Ssl, SslAcceptor, SslFiletype, SslMethod, SslVerifyMode};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use thiserror::Error;
use tokio::net::TcpStream;
use tokio_openssl::SslStream;

/// Why the TLS settings cannot be used; names the file and what OpenSSL said.
#[derive(Debug, Error)]
pub enum TlsError {
    /// A certificate, key or CA file could not be loaded.
    #[error("TLS: cannot use {what} {path}")]
    File {
        /// Which setting.
        what: &'static str,
        /// Its path.
        path: PathBuf,
        /// OpenSSL's reason.
        #[source]
        source: openssl::error::ErrorStack,
    },
    /// The key does not belong to the certificate, or OpenSSL refused the set-up.
    #[error("TLS: OpenSSL refused the set-up")]
    Setup(#[source] openssl::error::ErrorStack),
}

/// The files of the TLS settings.
#[derive(Debug, Clone)]
pub struct TlsFiles<'a> {
    /// PEM certificate chain.
    pub cert: &'a Path,
    /// PEM private key.
    pub key: &'a Path,
    /// PEM CAs of client certificates (mutual TLS when set).
    pub client_ca: Option<&'a Path>,
}

/// The server side of TLS connections, built once at start.
#[derive(Clone)]
pub struct TlsAcceptor(Arc<SslAcceptor>);

impl TlsAcceptor {
    /// Loads the certificate, key and (optionally) client CAs; fails at start rather than
    /// at the first connection.
    pub fn new(files: &TlsFiles) -> Result<Self, TlsError> {
        let file_error = |what, path: &Path| {
            let path = path.to_path_buf();
            move |source| TlsError::File { what, path, source }
        };
        let mut b = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls_server())
            .map_err(TlsError::Setup)?;
        b.set_certificate_chain_file(files.cert)
            .map_err(file_error("tls_cert_file", files.cert))?;
        b.set_private_key_file(files.key, SslFiletype::PEM)
            .map_err(file_error("tls_key_file", files.key))?;
        b.check_private_key().map_err(TlsError::Setup)?;
        if let Some(ca) = files.client_ca {
            b.set_ca_file(ca)
                .map_err(file_error("tls_client_ca_file", ca))?;
            b.set_verify(SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT);
        }
        Ok(TlsAcceptor(Arc::new(b.build())))
    }

    /// Completes the server handshake on `stream` within `timeout`; the error says why a
    /// client was turned away (for the debug log).
    pub async fn accept(
        &self,
        stream: TcpStream,
        timeout: Duration,
    ) -> Result<SslStream<TcpStream>, String> {
        let ssl = Ssl::new(self.0.context()).map_err(|e| e.to_string())?;
        let mut tls = SslStream::new(ssl, stream).map_err(|e| e.to_string())?;
        match tokio::time::timeout(timeout, Pin::new(&mut tls).accept()).await {
            Ok(Ok(())) => Ok(tls),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err(format!(
                "no TLS handshake within {} s",
                timeout.as_secs_f64()
            )),
        }
    }
}
