use super::*;
use crate::test_server::{closed_port_url, Reply, TestServer};

fn fetcher() -> Fetcher {
    Fetcher::new(FetchOptions {
        delay: Duration::ZERO,
        ..FetchOptions::default()
    })
}

fn user_error(r: Result<Fetched, FetchError>) -> (String, UserError) {
    let e = r.expect_err("an error");
    let msg = e.to_string();
    match e.kind {
        ErrorKind::User(u) => (msg, u),
        ErrorKind::Internal(i) => panic!("internal error {i}"),
    }
}

#[test]
fn recognises_urls() {
    assert!(is_url("https://example.org/rss"));
    assert!(is_url("HTTP://EXAMPLE.ORG"));
    assert!(!is_url("feed.xml"));
    assert!(!is_url("ftp://example.org/x"));
    assert!(!is_url("http:"));
    assert!(!is_url("./https://x"));
}

#[test]
fn parses_content_types() {
    assert_eq!(
        parse_content_type("text/html; charset=\"ISO-8859-1\""),
        (Some("text/html".into()), Some("iso-8859-1".into()))
    );
    assert_eq!(
        parse_content_type("Application/RSS+XML"),
        (Some("application/rss+xml".into()), None)
    );
    assert_eq!(parse_content_type(""), (None, None));
    assert_eq!(
        parse_content_type("text/plain;format=flowed;CharSet=utf-8"),
        (Some("text/plain".into()), Some("utf-8".into()))
    );
    for ok in [
        "text/html",
        "application/rss+xml",
        "application/xml",
        "application/x-ndjson",
        "application/octet-stream",
    ] {
        assert!(is_readable_media_type(ok), "{ok}");
    }
    for bad in [
        "image/png",
        "application/pdf",
        "video/mp4",
        "application/zip",
    ] {
        assert!(!is_readable_media_type(bad), "{bad}");
    }
}

#[test]
fn bad_urls_and_schemes_are_refused_before_any_request() {
    let f = fetcher();
    let (msg, e) = user_error(f.fetch("ftp://example.org/feed"));
    assert!(matches!(e, UserError::Scheme(ref s) if s == "ftp"), "{msg}");
    assert!(msg.starts_with("ftp://example.org/feed: "), "{msg}");
    assert!(matches!(
        user_error(f.fetch("not a url")).1,
        UserError::BadUrl(_)
    ));
    assert!(matches!(
        user_error(f.fetch("/just/a/path")).1,
        UserError::BadUrl(_)
    ));
}

#[test]
fn fetches_body_type_charset_and_sends_the_user_agent() {
    let server =
        TestServer::start(|_| Reply::ok("text/html; charset=windows-1252", &b"<p>caf\xe9</p>"[..]));
    let url = server.url("/page");
    let page = fetcher().fetch(&url).unwrap();
    assert_eq!(page.body, b"<p>caf\xe9</p>");
    assert_eq!(page.url, url);
    assert_eq!(page.media_type.as_deref(), Some("text/html"));
    assert_eq!(page.charset.as_deref(), Some("windows-1252"));
    let req = &server.requests()[0];
    assert_eq!(req.path, "/page");
    assert_eq!(req.header("user-agent"), Some(USER_AGENT));
    assert!(USER_AGENT.starts_with("sitrep/"));
}

#[test]
fn http_errors_name_the_url_and_status() {
    let server = TestServer::start(|req| match req.path.as_str() {
        "/gone" => Reply::status(404),
        _ => Reply::status(503),
    });
    let url = server.url("/gone");
    let (msg, e) = user_error(fetcher().fetch(&url));
    assert!(matches!(e, UserError::Status { code: 404, .. }));
    assert_eq!(msg, format!("{url}: HTTP 404 Not Found"));
    let (msg, _) = user_error(fetcher().fetch(&server.url("/busy")));
    assert!(msg.ends_with("HTTP 503 Service Unavailable"), "{msg}");
}

#[test]
fn connection_refused() {
    let url = closed_port_url("/rss");
    let (msg, e) = user_error(fetcher().fetch(&url));
    assert!(matches!(e, UserError::ConnectionRefused), "{msg}");
    assert_eq!(msg, format!("{url}: connection refused"));
}

#[test]
fn size_limit_by_declared_length_and_while_reading() {
    let server = TestServer::start(|req| {
        let reply = Reply::ok("text/plain", vec![b'x'; 5000]);
        if req.path == "/unsized" {
            reply.without_length()
        } else {
            reply
        }
    });
    let small = Fetcher::new(FetchOptions {
        max_size: 1000,
        delay: Duration::ZERO,
        ..FetchOptions::default()
    });
    let (msg, e) = user_error(small.fetch(&server.url("/sized")));
    assert!(
        matches!(
            e,
            UserError::TooLarge {
                size: 5000,
                limit: 1000
            }
        ),
        "{msg}"
    );
    let (msg, e) = user_error(small.fetch(&server.url("/unsized")));
    assert!(
        matches!(e, UserError::TooLargeBody { limit: 1000 }),
        "{msg}"
    );
    assert!(msg.ends_with("response is above the limit of 1000 bytes"));
    // At the limit exactly is fine.
    let exact = Fetcher::new(FetchOptions {
        max_size: 5000,
        delay: Duration::ZERO,
        ..FetchOptions::default()
    });
    assert_eq!(
        exact.fetch(&server.url("/unsized")).unwrap().body.len(),
        5000
    );
}

#[test]
fn gzip_bodies_are_decoded_and_limited_after_decoding() {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut enc, &[b'a'; 100_000]).unwrap();
    let gz = enc.finish().unwrap();
    assert!(gz.len() < 1000);
    let server = TestServer::start(move |_| {
        Reply::ok("text/plain", gz.clone()).header("Content-Encoding", "gzip")
    });
    let url = server.url("/bomb");
    let page = fetcher().fetch(&url).unwrap();
    assert_eq!(page.body.len(), 100_000);
    let small = Fetcher::new(FetchOptions {
        max_size: 10_000,
        delay: Duration::ZERO,
        ..FetchOptions::default()
    });
    let (_, e) = user_error(small.fetch(&url));
    assert!(matches!(e, UserError::TooLargeBody { limit: 10_000 }));
}

#[test]
fn slow_server_times_out() {
    let server =
        TestServer::start(|_| Reply::ok("text/plain", "late").delayed(Duration::from_secs(5)));
    let f = Fetcher::new(FetchOptions {
        timeout: Duration::from_millis(300),
        delay: Duration::ZERO,
        ..FetchOptions::default()
    });
    let started = Instant::now();
    let (msg, e) = user_error(f.fetch(&server.url("/slow")));
    assert!(matches!(e, UserError::Timeout { .. }), "{msg}");
    assert!(msg.contains("timed out"), "{msg}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn redirects_are_followed_up_to_the_limit() {
    // /r/N redirects to /r/N-1; /r/0 is the page.
    let server = TestServer::start(|req| {
        let n: u32 = req.path.trim_start_matches("/r/").parse().unwrap_or(0);
        if n == 0 {
            Reply::ok("text/plain", "arrived")
        } else {
            Reply::redirect(&format!("/r/{}", n - 1))
        }
    });
    let page = fetcher().fetch(&server.url("/r/5")).unwrap();
    assert_eq!(page.body, b"arrived");
    assert_eq!(page.url, server.url("/r/0"));
    let (msg, e) = user_error(fetcher().fetch(&server.url("/r/6")));
    assert!(matches!(e, UserError::TooManyRedirects(5)), "{msg}");
    assert!(msg.ends_with("more than 5 redirects"), "{msg}");
}

#[test]
fn redirect_to_another_scheme_is_an_error() {
    let server = TestServer::start(|_| Reply::redirect("ftp://127.0.0.1/x"));
    let e = fetcher().fetch(&server.url("/")).unwrap_err();
    assert!(e.is_user_error(), "{e}");
}

#[test]
fn binary_content_types_are_not_pages() {
    let server = TestServer::start(|_| Reply::ok("image/png", &b"\x89PNG"[..]));
    let (msg, e) = user_error(fetcher().fetch(&server.url("/logo.png")));
    assert!(matches!(e, UserError::NotAPage(ref t) if t == "image/png"));
    assert!(msg.ends_with("not a feed or a web page (content type image/png)"));
}

#[test]
fn requests_to_one_host_are_spaced_by_the_delay() {
    let server = TestServer::start(|_| Reply::ok("text/plain", "x"));
    let f = Fetcher::new(FetchOptions {
        delay: Duration::from_millis(200),
        ..FetchOptions::default()
    });
    let started = Instant::now();
    for _ in 0..3 {
        f.fetch(&server.url("/")).unwrap();
    }
    // Two waits between three requests.
    assert!(started.elapsed() >= Duration::from_millis(400));
}

#[test]
fn loopback_hosts_bypass_proxies() {
    for (url, want) in [
        ("http://127.0.0.1:8080/x", true),
        ("http://127.3.2.1/", true),
        ("http://[::1]:80/", true),
        ("http://LOCALHOST/", true),
        ("http://example.org/", false),
        ("http://10.0.0.1/", false),
    ] {
        assert_eq!(is_loopback(&url.parse().unwrap()), want, "{url}");
    }
}
