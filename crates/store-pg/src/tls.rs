//! TLS to the database, chosen by the URL's `sslmode` as libpq does:
//!
//! - no `sslmode`, or `disable`: plain TCP (a local server, an SSH tunnel, a private network);
//! - `prefer`: TLS when the server offers it, else plain; the certificate is not checked;
//! - `require`: TLS, or fail. Without `PGSSLROOTCERT` the certificate is not checked (libpq's
//!   `require`: encrypted, not authenticated); with `PGSSLROOTCERT=/path/ca.pem` it must chain
//!   to that CA and name the host (libpq's `verify-full`); `PGSSLROOTCERT=system` uses the
//!   bundled Mozilla roots (`webpki-roots`).
//!
//! rustls with the ring provider: pure Rust, no OpenSSL.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::sync::Arc;

/// What the URL asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
}

/// The `sslmode` of a connection URL (`disable` when absent: sitrep's default is plain TCP,
/// unlike libpq's `prefer`). Unknown values are an error message.
pub fn ssl_mode(url: &str) -> Result<SslMode, String> {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    let mut mode = SslMode::Disable;
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if k == "sslmode" {
            mode = match v {
                "disable" => SslMode::Disable,
                "prefer" | "allow" => SslMode::Prefer,
                "require" => SslMode::Require,
                other => {
                    return Err(format!(
                        "sslmode={other} is not supported (use disable, prefer or require; \
                         set PGSSLROOTCERT to verify the server's certificate)"
                    ))
                }
            };
        }
    }
    Ok(mode)
}

/// Accepts any certificate (libpq's `require` without a root certificate): the handshake
/// signatures are still checked, so the channel is encrypted, but the server is not
/// authenticated.
#[derive(Debug)]
struct Unverified(Arc<CryptoProvider>);

impl ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// The rustls client configuration for `mode`, reading `PGSSLROOTCERT`; an error message
/// names the file and the problem.
pub fn client_config(mode: SslMode) -> Result<ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS set-up: {e}"))?;
    let root = std::env::var("PGSSLROOTCERT")
        .ok()
        .filter(|s| !s.trim().is_empty());
    let config = match (mode, root) {
        (SslMode::Require, Some(path)) => {
            let mut roots = RootCertStore::empty();
            if path == "system" {
                roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            } else {
                let certs = CertificateDer::pem_file_iter(&path)
                    .map_err(|e| format!("PGSSLROOTCERT {path}: {e}"))?;
                for cert in certs {
                    let cert = cert.map_err(|e| format!("PGSSLROOTCERT {path}: {e}"))?;
                    roots
                        .add(cert)
                        .map_err(|e| format!("PGSSLROOTCERT {path}: {e}"))?;
                }
                if roots.is_empty() {
                    return Err(format!("PGSSLROOTCERT {path}: no certificate in the file"));
                }
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
        _ => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Unverified(provider)))
            .with_no_client_auth(),
    };
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sslmode_is_read_from_the_query_string() {
        assert_eq!(ssl_mode("postgres://u@h/db"), Ok(SslMode::Disable));
        assert_eq!(
            ssl_mode("postgres://u@h/db?application_name=x&sslmode=require"),
            Ok(SslMode::Require)
        );
        assert_eq!(
            ssl_mode("postgres://u@h/db?sslmode=prefer"),
            Ok(SslMode::Prefer)
        );
        assert!(ssl_mode("postgres://u@h/db?sslmode=verify-full")
            .unwrap_err()
            .contains("PGSSLROOTCERT"));
    }

    #[test]
    fn a_missing_root_certificate_file_is_named() {
        // Only this test sets the variable in this process's test binary.
        std::env::set_var("PGSSLROOTCERT", "/nonexistent/ca.pem");
        let err = client_config(SslMode::Require).unwrap_err();
        std::env::remove_var("PGSSLROOTCERT");
        assert!(err.contains("/nonexistent/ca.pem"), "{err}");
    }
}
