//! Errors of a fetch. Every error names the URL asked for.

use crate::FetchOptions;
use sitrep_model::Blame;
use std::time::Duration;
use thiserror::Error;

/// A URL that could not be fetched, and why.
#[derive(Debug, Error)]
#[error("{url}: {kind}")]
pub struct FetchError {
    pub url: String,
    pub kind: ErrorKind,
}

/// Whose fault a failed fetch is ([`sitrep_model::error`]).
pub type ErrorKind = Blame<UserError, InternalError>;

impl FetchError {
    pub fn user(url: impl Into<String>, e: UserError) -> Self {
        let kind = Blame::User(e);
        FetchError {
            url: url.into(),
            kind,
        }
    }

    pub fn internal(url: impl Into<String>, e: InternalError) -> Self {
        let kind = Blame::Internal(e);
        FetchError {
            url: url.into(),
            kind,
        }
    }

    /// True when the URL or the site is at fault (as opposed to this machine or sitrep).
    pub fn is_user_error(&self) -> bool {
        self.kind.is_user()
    }
}

/// The URL, the site or the network is at fault: the user can do something about it.
#[derive(Debug, Error)]
pub enum UserError {
    #[error("not a valid URL: {0}")]
    BadUrl(String),
    #[error("unsupported URL scheme `{0}` (only http and https are fetched)")]
    Scheme(String),
    #[error("HTTP {code} {reason}{}", at.as_ref().map(|u| format!(" (at {u})")).unwrap_or_default())]
    Status {
        code: u16,
        reason: &'static str,
        /// The URL that answered, when redirects led elsewhere.
        at: Option<String>,
    },
    #[error("response is {size} bytes, above the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("response is above the limit of {limit} bytes")]
    TooLargeBody { limit: u64 },
    #[error("timed out ({phase}) after {} s", secs(*.after))]
    Timeout { phase: String, after: Duration },
    #[error("connection refused")]
    ConnectionRefused,
    #[error("host not found")]
    HostNotFound,
    #[error("connection failed: {0}")]
    Connection(String),
    #[error("more than {0} redirects")]
    TooManyRedirects(u32),
    #[error("TLS: {0}")]
    Tls(String),
    #[error("bad HTTP response: {0}")]
    Protocol(String),
    #[error("not a feed or a web page (content type {0})")]
    NotAPage(String),
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.1}")
    }
}

/// Something went wrong that is not the URL's fault.
#[derive(Debug, Error)]
pub enum InternalError {
    #[error("I/O error: {0}")]
    Io(std::io::Error),
    #[error("HTTP client error: {0}")]
    Client(String),
}

/// Classifies an error of the HTTP client.
pub(crate) fn from_ureq(url: &str, e: ureq::Error, opts: &FetchOptions) -> FetchError {
    use std::io::ErrorKind as K;
    use ureq::Error as E;
    let user = |u: UserError| FetchError::user(url, u);
    match e {
        E::StatusCode(code) => user(UserError::Status {
            code,
            reason: ureq::http::StatusCode::from_u16(code)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or(""),
            at: None,
        }),
        E::BadUri(m) => user(UserError::BadUrl(m)),
        E::Http(e) => user(UserError::BadUrl(e.to_string())),
        E::RequireHttpsOnly(m) => user(UserError::Scheme(m)),
        E::Timeout(t) => user(UserError::Timeout {
            after: match t {
                ureq::Timeout::Connect => opts.connect_timeout.min(opts.timeout),
                _ => opts.timeout,
            },
            phase: t.to_string(),
        }),
        E::HostNotFound => user(UserError::HostNotFound),
        E::ConnectionFailed => user(UserError::Connection("no connection".into())),
        E::BodyExceedsLimit(limit) => user(UserError::TooLargeBody { limit }),
        E::TooManyRedirects => user(UserError::TooManyRedirects(opts.max_redirects)),
        E::RedirectFailed => user(UserError::Protocol("redirect failed".into())),
        E::Protocol(e) => user(UserError::Protocol(e.to_string())),
        E::LargeResponseHeader(size, limit) => user(UserError::Protocol(format!(
            "response headers of {size} bytes, above the limit of {limit}"
        ))),
        E::Decompress(what, e) => user(UserError::Protocol(format!("bad {what} body: {e}"))),
        E::Tls(m) => user(UserError::Tls(m.to_string())),
        E::Rustls(e) => user(UserError::Tls(e.to_string())),
        E::TlsRequired => user(UserError::Tls("the connection is not encrypted".into())),
        E::InvalidProxyUrl => user(UserError::Connection(
            "invalid proxy URL in the environment (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY)".into(),
        )),
        E::ConnectProxyFailed(m) => user(UserError::Connection(format!("through the proxy: {m}"))),
        E::Io(e) => match e.kind() {
            K::ConnectionRefused => user(UserError::ConnectionRefused),
            K::TimedOut | K::WouldBlock => user(UserError::Timeout {
                phase: "network".into(),
                after: opts.timeout,
            }),
            K::ConnectionReset
            | K::ConnectionAborted
            | K::NotConnected
            | K::BrokenPipe
            | K::UnexpectedEof
            | K::AddrNotAvailable
            | K::HostUnreachable
            | K::NetworkUnreachable
            | K::NetworkDown => user(UserError::Connection(e.to_string())),
            K::InvalidData => user(UserError::Protocol(e.to_string())),
            _ => FetchError::internal(url, InternalError::Io(e)),
        },
        other => FetchError::internal(url, InternalError::Client(other.to_string())),
    }
}
