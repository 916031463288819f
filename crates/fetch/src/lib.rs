//! Fetches one URL over HTTP(S) with limits: the one network client of sitrep.
//!
//! Everything is bounded: the whole request (connection, redirects, body) by a timeout, the
//! connection by a shorter one, the body by a size limit (also after gzip decoding), the
//! redirects by a count; only `http` and `https` URLs are fetched, and requests to one host
//! are spaced by a politeness delay. TLS is rustls with the bundled Mozilla roots (no system
//! OpenSSL, nothing downloaded at run time); proxies are taken from the usual environment
//! variables (`HTTPS_PROXY`, `NO_PROXY`, ...), except for loopback hosts (`localhost`,
//! `127.0.0.1`, `[::1]`), which a proxy could not reach.
//!
//! ```no_run
//! use sitrep_fetch::{Fetcher, FetchOptions};
//! let fetcher = Fetcher::new(FetchOptions::default());
//! match fetcher.fetch("https://example.org/rss") {
//!     Ok(page) => println!("{} bytes of {:?} from {}", page.body.len(), page.media_type, page.url),
//!     Err(e) => eprintln!("{e}"), // names the URL and the problem
//! }
//! ```
//!
//! What the bytes mean (feed, page, text) is `sitrep-input`'s job: this crate returns the
//! body with the final URL, media type and declared charset.

mod error;
#[cfg(any(test, feature = "test-server"))]
pub mod test_server;

pub use error::{ErrorKind, FetchError, InternalError, UserError};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use ureq::http::Uri;
use ureq::ResponseExt;

/// The `User-Agent` sent with every request.
pub const USER_AGENT: &str = concat!("sitrep/", env!("CARGO_PKG_VERSION"));

/// True when `input` names a URL that sitrep fetches (`http://` or `https://`, any case).
pub fn is_url(input: &str) -> bool {
    let lower = input.get(..8).unwrap_or(input).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Limits and manners of a [`Fetcher`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// The whole request: name resolution, connection, redirects and reading the body.
    pub timeout: Duration,
    /// Setting up one connection (capped by `timeout`).
    pub connect_timeout: Duration,
    /// Largest body accepted, in bytes (after decompression).
    pub max_size: u64,
    /// Redirects followed; one more is an error.
    pub max_redirects: u32,
    /// Least time between the starts of two requests to the same host.
    pub delay: Duration,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_size: 50 * 1024 * 1024,
            max_redirects: 5,
            delay: Duration::from_millis(500),
        }
    }
}

/// A fetched body and what the server said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL the body came from, after redirects.
    pub url: String,
    /// Media type without parameters, lower-cased (`text/html`, `application/rss+xml`).
    pub media_type: Option<String>,
    /// The `charset` parameter of the content type, lower-cased.
    pub charset: Option<String>,
    pub body: Vec<u8>,
}

/// Fetches URLs with the limits of its [`FetchOptions`]. Cheap to clone (clones share the
/// connection pool and the politeness clock).
#[derive(Clone)]
pub struct Fetcher {
    agent: ureq::Agent,
    /// The same without a proxy, for loopback hosts.
    direct: ureq::Agent,
    opts: FetchOptions,
    /// When each host was last asked for something.
    last_request: Arc<Mutex<HashMap<String, Instant>>>,
}

impl Fetcher {
    pub fn new(opts: FetchOptions) -> Self {
        let agent = |proxy: Option<ureq::Proxy>| -> ureq::Agent {
            Self::config(&opts).proxy(proxy).build().into()
        };
        Fetcher {
            agent: agent(ureq::Proxy::try_from_env()),
            direct: agent(None),
            opts,
            last_request: Arc::default(),
        }
    }

    fn config(opts: &FetchOptions) -> ureq::config::ConfigBuilder<ureq::typestate::AgentScope> {
        ureq::Agent::config_builder()
            .timeout_global(Some(opts.timeout))
            .timeout_connect(Some(opts.connect_timeout.min(opts.timeout)))
            .max_redirects(opts.max_redirects)
            .max_redirects_will_error(true)
            .http_status_as_error(false)
            .user_agent(USER_AGENT)
            .accept(
                "application/rss+xml, application/atom+xml, text/html, application/xhtml+xml, \
                 application/xml;q=0.9, text/*;q=0.8, */*;q=0.5",
            )
    }

    pub fn options(&self) -> &FetchOptions {
        &self.opts
    }

    /// Fetches `url` (GET). A status other than 2xx, a body over the size limit, a media
    /// type that is neither text nor a feed nor a page, a timeout or a connection failure
    /// is an error naming the URL.
    pub fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        let uri = check_url(url)?;
        self.wait_turn(&uri);
        let agent = if is_loopback(&uri) {
            &self.direct
        } else {
            &self.agent
        };
        let mut response = agent.get(uri).call().map_err(|e| self.error(url, e))?;
        let final_url = response.get_uri().to_string();
        let status = response.status();
        if !status.is_success() {
            return Err(FetchError::user(
                url,
                UserError::Status {
                    code: status.as_u16(),
                    reason: status.canonical_reason().unwrap_or(""),
                    at: (final_url != url).then_some(final_url),
                },
            ));
        }
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let (media_type, charset) = parse_content_type(content_type);
        if let Some(mt) = &media_type {
            if !is_readable_media_type(mt) {
                return Err(FetchError::user(url, UserError::NotAPage(mt.clone())));
            }
        }
        let limit = self.opts.max_size;
        let declared = response
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        // A compressed body's declared length is not its size: the limit is checked
        // while reading.
        let compressed = response.headers().contains_key("content-encoding");
        if let Some(size) = declared.filter(|s| *s > limit && !compressed) {
            return Err(FetchError::user(url, UserError::TooLarge { size, limit }));
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(|e| self.error(url, e))?;
        Ok(Fetched {
            url: final_url,
            media_type,
            charset,
            body,
        })
    }

    /// Sleeps until the politeness delay since the last request to this host has passed.
    fn wait_turn(&self, uri: &Uri) {
        if self.opts.delay.is_zero() {
            return;
        }
        let host = uri.authority().map(|a| a.as_str()).unwrap_or("");
        let wait = {
            let mut last = match self.last_request.lock() {
                Ok(l) => l,
                Err(poisoned) => poisoned.into_inner(),
            };
            let now = Instant::now();
            let start = match last.get(host) {
                Some(t) => (*t + self.opts.delay).max(now),
                None => now,
            };
            last.insert(host.to_string(), start);
            start - now
        };
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
    }

    fn error(&self, url: &str, e: ureq::Error) -> FetchError {
        error::from_ureq(url, e, &self.opts)
    }
}

/// True for `localhost`, `127.0.0.0/8` and `[::1]`.
fn is_loopback(uri: &Uri) -> bool {
    let host = uri.host().unwrap_or("");
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Parses `url` and accepts it when it is an absolute `http`/`https` URL with a host.
pub fn check_url(url: &str) -> Result<Uri, FetchError> {
    let uri: Uri = url.parse().map_err(|e: ureq::http::uri::InvalidUri| {
        FetchError::user(url, UserError::BadUrl(e.to_string()))
    })?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        Some(other) => {
            return Err(FetchError::user(url, UserError::Scheme(other.to_string())));
        }
        None => {
            return Err(FetchError::user(
                url,
                UserError::BadUrl("not an absolute URL (http://... or https://...)".into()),
            ))
        }
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(FetchError::user(url, UserError::BadUrl("no host".into())));
    }
    Ok(uri)
}

/// Splits `text/html; charset="ISO-8859-1"` into `("text/html", Some("iso-8859-1"))`.
pub fn parse_content_type(value: &str) -> (Option<String>, Option<String>) {
    let mut parts = value.split(';');
    let media_type = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let v = v
            .trim()
            .trim_matches(['"', '\''])
            .trim()
            .to_ascii_lowercase();
        (!v.is_empty()).then_some(v)
    });
    (media_type, charset)
}

/// Media types whose bodies can be a feed, a page, text or JSON (and the catch-all
/// `application/octet-stream`, which misconfigured servers send for anything).
fn is_readable_media_type(mt: &str) -> bool {
    let Some((kind, sub)) = mt.split_once('/') else {
        return true; // malformed: let the content decide
    };
    kind == "text"
        || sub == "xml"
        || sub.ends_with("+xml")
        || sub == "json"
        || sub.ends_with("+json")
        || matches!(
            sub,
            "x-ndjson" | "ndjson" | "jsonl" | "jsonlines" | "x-jsonlines" | "octet-stream"
        )
}

#[cfg(test)]
mod tests;
