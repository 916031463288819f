//! Who may talk to the server, and the security headers of every answer.
//!
//! - **Host and Origin** (every request): a request whose `Host` (or absolute URI) or
//!   `Origin` names another server than this one is refused with 403. This server is the
//!   address the connection was made to (an IP literal with its port; `localhost` too on a
//!   loopback connection) and every name of [`Config::allowed_hosts`](crate::Config). This
//!   stops DNS rebinding (a foreign name resolving to this address) and cross-site requests
//!   from pages of other origins. A request without `Host` and `Origin` (not a browser's)
//!   passes.
//! - **Writes** (`POST /api/documents`): the bearer token of
//!   [`Config::token`](crate::Config) when one is set (401 otherwise), and a JSON or JSON
//!   Lines content type (415 otherwise). A browser sends such a content type across origins
//!   only after a CORS preflight, which this server does not answer with permission.
//! - **Headers**: every answer carries the page's Content-Security-Policy (which forbids
//!   framing), `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` and
//!   `X-Frame-Options: DENY`.

use crate::conn::ConnAddrs;
use crate::error::{codes, ApiError};
use crate::ServeError;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{Request, State};
use axum::http::uri::Authority;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// The content security policy of the page and of every other answer: everything from
/// this server, nothing from anywhere else, no inline script, no framing.
pub(crate) const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The headers every answer carries.
pub(crate) const SECURITY_HEADERS: [(&str, &str); 4] = [
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
];

/// Adds [`SECURITY_HEADERS`] to an answer.
pub(crate) async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        h.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    res
}

/// Content types accepted for writes: JSON and the names JSON Lines goes by.
const WRITE_TYPES: &[&str] = &[
    "application/json",
    "application/x-ndjson",
    "application/ndjson",
    "application/jsonl",
    "application/x-jsonlines",
    "application/jsonlines",
];

/// Longest token accepted from a token file, in bytes.
const MAX_TOKEN: usize = 4096;
/// Shortest token accepted, in characters.
const MIN_TOKEN: usize = 16;

/// The bearer token writes must carry. Only its SHA-256 digest is kept; it is compared in
/// constant time and never printed.
#[derive(Clone)]
pub struct Token {
    digest: [u8; 32],
}

impl Token {
    /// A token from its text: at least 16 characters of the bearer-token alphabet
    /// (`A-Z a-z 0-9 - . _ ~ + /`, `=` at the end), such as the output of
    /// `openssl rand -hex 32`. The error never contains the token.
    pub fn new(secret: &str) -> Result<Token, String> {
        let body = secret.trim_end_matches('=');
        if secret.chars().count() < MIN_TOKEN {
            return Err(format!(
                "the token is shorter than {MIN_TOKEN} characters (make one with `openssl rand -hex 32`)"
            ));
        }
        if !body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b))
        {
            return Err(
                "the token may only hold letters, digits and - . _ ~ + / (and = at its end)".into(),
            );
        }
        Ok(Token {
            digest: Sha256::digest(secret.as_bytes()).into(),
        })
    }

    /// Reads a token from a file (surrounding whitespace, such as the final newline, is
    /// not part of it). Errors name the file, never its content.
    pub fn read_file(path: &Path) -> Result<Token, ServeError> {
        let bad = |problem: String| ServeError::Usage(format!("{}: {problem}", path.display()));
        let meta = std::fs::metadata(path).map_err(|e| bad(format!("cannot read: {e}")))?;
        if meta.len() > MAX_TOKEN as u64 {
            return Err(bad(format!(
                "a token file holds one token (this one has {} bytes)",
                meta.len()
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| bad(format!("cannot read: {e}")))?;
        let text = std::str::from_utf8(&bytes).map_err(|_| bad("not UTF-8 text".into()))?;
        Token::new(text.trim()).map_err(bad)
    }

    /// Whether `presented` is the token (in constant time).
    fn matches(&self, presented: &[u8]) -> bool {
        let digest: [u8; 32] = Sha256::digest(presented).into();
        bool::from(digest.ct_eq(&self.digest))
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl PartialEq for Token {
    fn eq(&self, other: &Token) -> bool {
        bool::from(self.digest.ct_eq(&other.digest))
    }
}

impl Eq for Token {}

/// A name of [`Config::allowed_hosts`](crate::Config): a host on any port, or on one.
#[derive(Debug, Clone, PartialEq, Eq)]
struct AllowedHost {
    host: String,
    port: Option<u16>,
}

/// What the guard checks, from the configuration.
#[derive(Debug)]
pub(crate) struct Access {
    allowed: Vec<AllowedHost>,
    token: Option<Token>,
}

impl Access {
    pub(crate) fn new(
        allowed_hosts: &[String],
        token: Option<Token>,
    ) -> Result<Access, ServeError> {
        let allowed = allowed_hosts
            .iter()
            .map(|h| parse_allowed(h))
            .collect::<Result<_, _>>()?;
        Ok(Access { allowed, token })
    }

    /// Whether `authority` (of `Host` or `Origin`; `default_port` when it names none)
    /// names this server, reached at `local`.
    fn allows(&self, authority: &Authority, default_port: u16, local: Option<SocketAddr>) -> bool {
        let host = normal_host(authority.host());
        let port = authority.port_u16().unwrap_or(default_port);
        if let Some(local) = local {
            if port == local.port() {
                let ip = host
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .parse::<IpAddr>()
                    .ok();
                let local_ip = local.ip().to_canonical();
                if ip.map(|ip| ip.to_canonical()) == Some(local_ip)
                    || (host == "localhost" && local_ip.is_loopback())
                {
                    return true;
                }
            }
        }
        self.allowed
            .iter()
            .any(|a| a.host == host && a.port.is_none_or(|p| p == port))
    }
}

/// Lowercase, without a final dot (`Example.ORG.` is `example.org`).
fn normal_host(host: &str) -> String {
    host.trim_end_matches('.').to_ascii_lowercase()
}

fn parse_allowed(value: &str) -> Result<AllowedHost, ServeError> {
    let bad = |why: &str| {
        ServeError::Usage(format!(
            "allowed host `{value}`: {why} (give a name or address as browsers put it in the address bar, e.g. sitrep.example.org or 192.0.2.7:8080)"
        ))
    };
    let v = value.trim();
    if v.contains("://") || v.contains('/') {
        return Err(bad("a host, not a URL"));
    }
    let authority: Authority = v.parse().map_err(|_| bad("not a host name"))?;
    if authority.as_str().contains('@') || authority.host().is_empty() {
        return Err(bad("not a host name"));
    }
    Ok(AllowedHost {
        host: normal_host(authority.host()),
        port: authority.port_u16(),
    })
}

/// Refuses (403) requests whose `Host` or `Origin` is not this server's.
pub(crate) async fn check_host_and_origin(
    State(access): State<Arc<Access>>,
    req: Request,
    next: Next,
) -> Response {
    let local = req
        .extensions()
        .get::<ConnectInfo<ConnAddrs>>()
        .map(|ConnectInfo(c)| c.local);
    let headers = req.headers();
    // The Host header and the authority of an absolute request URI (which takes precedence
    // over Host in HTTP/1.1): each one present must name this server.
    let mut hosts: Vec<(Option<Authority>, String, u16)> = Vec::new();
    if let Some(v) = headers.get(header::HOST) {
        let text = String::from_utf8_lossy(v.as_bytes()).into_owned();
        hosts.push((text.parse().ok(), text, 80));
    }
    if let Some(a) = req.uri().authority() {
        let port = if req.uri().scheme_str() == Some("https") {
            443
        } else {
            80
        };
        hosts.push((Some(a.clone()), a.to_string(), port));
    }
    for (authority, shown, default_port) in hosts {
        if !authority.is_some_and(|a| access.allows(&a, default_port, local)) {
            return forbidden(
                codes::HOST_NOT_ALLOWED,
                format!(
                    "this server does not answer for the host `{}` (start it with --allowed-host NAME for a name of its own; see SECURITY.md)",
                    clip(&shown)
                ),
            );
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let text = String::from_utf8_lossy(origin.as_bytes());
        let allowed = match text.split_once("://") {
            Some((scheme, rest))
                if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") =>
            {
                let default_port = if scheme.eq_ignore_ascii_case("https") {
                    443
                } else {
                    80
                };
                rest.parse::<Authority>()
                    .is_ok_and(|a| a.as_str() == rest && access.allows(&a, default_port, local))
            }
            _ => false,
        };
        if !allowed {
            return forbidden(
                codes::ORIGIN_NOT_ALLOWED,
                format!(
                    "requests from pages of `{}` are refused: only this server's own page may call the API from a browser",
                    clip(&text)
                ),
            );
        }
    }
    next.run(req).await
}

/// At most 100 characters of a header value, for messages.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(100).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

fn forbidden(code: &'static str, message: String) -> Response {
    ApiError::new(StatusCode::FORBIDDEN, code, message).into_response()
}

/// For write routes: the bearer token (when one is configured), then a JSON or JSON Lines
/// content type.
pub(crate) async fn check_write(
    State(access): State<Arc<Access>>,
    req: Request,
    next: Next,
) -> Response {
    if let Some(token) = &access.token {
        if let Err(e) = check_token(token, req.headers()) {
            let mut res = e.into_response();
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"sitrep\""),
            );
            return res;
        }
    }
    let ctype = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = ctype
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !WRITE_TYPES.contains(&essence.as_str()) {
        let got = if ctype.is_empty() {
            "no Content-Type".to_string()
        } else {
            format!("Content-Type `{}`", clip(ctype))
        };
        return ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            codes::UNSUPPORTED_MEDIA_TYPE,
            format!("{got}: send JSON Lines as application/x-ndjson (or application/json)"),
        )
        .into_response();
    }
    next.run(req).await
}

fn check_token(token: &Token, headers: &HeaderMap) -> Result<(), ApiError> {
    let unauthorized =
        |m: &str| ApiError::new(StatusCode::UNAUTHORIZED, codes::UNAUTHORIZED, m.to_string());
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(unauthorized(
            "writes need the server's token: send `Authorization: Bearer TOKEN`",
        ));
    };
    let bytes = value.as_bytes();
    let presented = match bytes.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case(b"bearer ") => bytes[7..].trim_ascii(),
        _ => {
            return Err(unauthorized(
                "the Authorization header is not `Bearer TOKEN`",
            ))
        }
    };
    if token.matches(presented) {
        Ok(())
    } else {
        Err(unauthorized("wrong token"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access(hosts: &[&str]) -> Access {
        Access::new(
            &hosts.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
            None,
        )
        .expect("hosts")
    }

    fn auth(s: &str) -> Authority {
        s.parse().expect("authority")
    }

    fn at(s: &str) -> Option<SocketAddr> {
        Some(s.parse().expect("address"))
    }

    #[test]
    fn the_connection_address_is_allowed() {
        let a = access(&[]);
        let lo = at("127.0.0.1:8080");
        assert!(a.allows(&auth("127.0.0.1:8080"), 80, lo));
        assert!(a.allows(&auth("localhost:8080"), 80, lo));
        assert!(a.allows(&auth("LOCALHOST.:8080"), 80, lo));
        assert!(!a.allows(&auth("127.0.0.1:8081"), 80, lo));
        assert!(!a.allows(&auth("127.0.0.1"), 80, lo));
        assert!(!a.allows(&auth("evil.example:8080"), 80, lo));
        assert!(!a.allows(&auth("127.0.0.2:8080"), 80, lo));
        // Port 80 may go unnamed.
        assert!(a.allows(&auth("127.0.0.1"), 80, at("127.0.0.1:80")));
        // IPv6, and an IPv4 client of a dual-stack listener.
        assert!(a.allows(&auth("[::1]:8080"), 80, at("[::1]:8080")));
        assert!(a.allows(&auth("localhost:8080"), 80, at("[::1]:8080")));
        assert!(a.allows(&auth("127.0.0.1:8080"), 80, at("[::ffff:127.0.0.1]:8080")));
        // On another interface (a listener on 0.0.0.0): its address, not localhost.
        let lan = at("192.0.2.7:8080");
        assert!(a.allows(&auth("192.0.2.7:8080"), 80, lan));
        assert!(!a.allows(&auth("localhost:8080"), 80, lan));
        // Without a connection (the router used alone) only the list counts.
        assert!(!a.allows(&auth("127.0.0.1:8080"), 80, None));
    }

    #[test]
    fn allowed_hosts_match_any_port_or_theirs() {
        let a = access(&["Sitrep.Example.org", "intranet:8443", "192.0.2.9"]);
        let lo = at("127.0.0.1:8080");
        assert!(a.allows(&auth("sitrep.example.org"), 443, lo));
        assert!(a.allows(&auth("sitrep.example.org:9999"), 80, lo));
        assert!(a.allows(&auth("sitrep.example.org."), 80, None));
        assert!(a.allows(&auth("intranet:8443"), 80, lo));
        assert!(!a.allows(&auth("intranet"), 443, lo));
        assert!(a.allows(&auth("192.0.2.9:8080"), 80, lo));
        assert!(!a.allows(&auth("example.org"), 80, lo));
        assert!(!a.allows(&auth("sitrep.example.org.evil.example"), 80, lo));
    }

    #[test]
    fn bad_allowed_hosts_are_usage_errors() {
        for bad in [
            "https://sitrep.example.org",
            "host/path",
            "",
            "user@host",
            "a b",
        ] {
            let e = Access::new(&[bad.to_string()], None).expect_err(bad);
            assert!(matches!(e, ServeError::Usage(_)), "{bad}: {e}");
            assert!(e.to_string().contains("allowed host"), "{e}");
        }
    }

    #[test]
    fn tokens_are_checked_and_never_shown() {
        assert!(Token::new("short").is_err());
        assert!(Token::new("has spaces in the middle").is_err());
        assert!(Token::new("tab\tcontrol-characters").is_err());
        let t = Token::new("0123456789abcdef0123456789abcdef").expect("token");
        assert!(Token::new("dGhpcyBpcyBhIHRva2Vu+/==").is_ok());
        assert_eq!(format!("{t:?}"), "Token(<redacted>)");
        assert!(t.matches(b"0123456789abcdef0123456789abcdef"));
        assert!(!t.matches(b"0123456789abcdef0123456789abcdeF"));
        assert!(!t.matches(b"0123456789abcdef"));
        assert!(!t.matches(b""));
        let mut h = HeaderMap::new();
        assert_eq!(
            check_token(&t, &h).map_err(|e| e.code),
            Err(codes::UNAUTHORIZED)
        );
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic eDp5"),
        );
        assert!(check_token(&t, &h).is_err());
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer wrong-token-wrong-token"),
        );
        let e = check_token(&t, &h).expect_err("wrong");
        assert!(!e.message.contains("0123456789abcdef"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer 0123456789abcdef0123456789abcdef"),
        );
        assert!(check_token(&t, &h).is_ok());
    }

    #[test]
    fn token_files_name_the_file_not_the_token() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("token");
        std::fs::write(&path, "0123456789abcdef0123456789abcdef\n").expect("write");
        let t = Token::read_file(&path).expect("token");
        assert!(t.matches(b"0123456789abcdef0123456789abcdef"));
        std::fs::write(&path, "secret with spaces 0123456789\n").expect("write");
        let e = Token::read_file(&path).expect_err("bad token").to_string();
        assert!(e.contains(&path.display().to_string()), "{e}");
        assert!(!e.contains("secret"), "{e}");
        let e = Token::read_file(&dir.path().join("missing")).expect_err("missing");
        assert!(matches!(e, ServeError::Usage(_)));
    }
}
