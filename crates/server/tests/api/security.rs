//! Security of the server (issue 12): script in the HTML report, hosts and origins,
//! content types and tokens of writes, security headers, and JSON bodies for every error,
//! hyper's own answers included (ids, dates and the ingest answer are in `validation.rs`).
//! Requests that depend on the connection (Host and Origin against the address connected
//! to, malformed HTTP) go over a real loopback port.

use super::*;
use sitrep_server::Token;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TOKEN: &str = "0123456789abcdef0123456789abcdef";

/// A server on a free port of `bind` with an empty store; stopped when dropped.
struct Running {
    addr: SocketAddr,
    app: App,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    _dir: tempfile::TempDir,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn start(bind: &str, config: Config) -> Running {
    let (dir, app) = empty(config);
    let listener = tokio::net::TcpListener::bind(bind).await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let task = tokio::spawn(sitrep_server::serve(listener, app.clone()));
    Running {
        addr,
        app,
        task,
        _dir: dir,
    }
}

/// An answer read off the wire.
struct Raw {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then_some(v.trim())
        })
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}\n{}",
                self.head,
                String::from_utf8_lossy(&self.body)
            )
        })
    }
    fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(
            self.status,
            status,
            "{}\n{}",
            self.head,
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "{}",
            self.head
        );
        assert_eq!(self.json()["code"], code);
        assert_security_headers(|n| self.header(n).map(str::to_string));
    }
}

/// Sends `request` on a new connection (to `addr`) and reads until the server closes it.
async fn raw(addr: SocketAddr, request: &[u8]) -> Raw {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request).await.expect("write");
    let mut buf = Vec::new();
    stream.read_to_end(&mut buf).await.expect("read");
    let end = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(&buf)));
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let mut body = buf[end + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Raw { status, head, body }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = b.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(std::str::from_utf8(&b[..i]).expect("size").trim(), 16)
            .expect("hex size");
        if n == 0 {
            break;
        }
        out.extend_from_slice(&b[i + 2..i + 2 + n]);
        b = &b[i + 2 + n + 2..];
    }
    out
}

/// A request with `Connection: close` and the given extra header lines.
fn request(method: &str, path: &str, headers: &[String], body: &str) -> Vec<u8> {
    let mut r = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    for h in headers {
        r.push_str(h);
        r.push_str("\r\n");
    }
    if !body.is_empty() || method == "POST" {
        r.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    r.push_str("\r\n");
    r.push_str(body);
    r.into_bytes()
}

fn host(addr: SocketAddr) -> String {
    format!("Host: {addr}")
}

const NDJSON: &str = "Content-Type: application/x-ndjson";

pub(super) fn doc_line(id: &str, text: &str) -> String {
    serde_json::json!({ "id": id, "text": text, "published": "2026-01-21" }).to_string() + "\n"
}

pub(super) const EVENT: &str =
    "Rebels attacked a checkpoint near Aleppo on Monday, killing three soldiers.";

fn assert_security_headers(get: impl Fn(&str) -> Option<String>) {
    let csp = get("content-security-policy").expect("a CSP");
    for part in [
        "default-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(get("x-content-type-options").as_deref(), Some("nosniff"));
    assert_eq!(get("referrer-policy").as_deref(), Some("no-referrer"));
    assert_eq!(get("x-frame-options").as_deref(), Some("DENY"));
}

fn reply_headers(r: &Reply) -> impl Fn(&str) -> Option<String> + '_ {
    |n| {
        r.headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
}

pub(super) async fn document_count(app: &App) -> u64 {
    get(app, "/api/stats").await.json()["documents"]
        .as_u64()
        .expect("documents")
}

/// Issue 12, finding 1 (reflected script injection): the `place` of the HTML report went
/// into its `<h1>` unescaped, even on an empty store.
#[tokio::test]
async fn reflected_script_in_report_place_is_escaped() {
    let (_dir, app) = empty(Config::default());
    let r = get(
        &app,
        "/api/report?format=html&place=%3Cscript%3Ealert(1)%3C%2Fscript%3E%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let html = r.text();
    assert!(
        !html.contains("<script") && !html.contains("<img"),
        "{html}"
    );
    assert!(
        html.contains("<h1>Situation report: &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;</h1>"),
        "{html}"
    );
}

/// Issue 12, finding 2 (stored script injection): raw HTML in a document's title, source,
/// id or text and a `javascript:` URL reached the HTML report as markup and a link.
#[tokio::test]
async fn stored_script_in_documents_is_text_in_the_html_report() {
    let (_dir, app) = empty(Config::default());
    let p = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    let body = serde_json::json!({
        "id": format!("doc{p}"),
        "title": format!("{p} [t](javascript:alert(3))"),
        "source": format!("<javascript:alert(4)>{p}"),
        "url": "javascript:alert(5)",
        "published": "2026-01-21",
        "text": format!("{p} Rebels attacked a checkpoint near Aleppo on Monday, killing three soldiers, {p} the observatory said."),
    })
    .to_string();
    let r = post(&app, "/api/documents", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let html = get(&app, "/api/report?format=html").await.text();
    assert!(html.contains("<h2>References</h2>"), "{html}");
    for bad in ["<script", "<img", "<a "] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("[t](javascript:alert(3))"),
        "the title is cited: {html}"
    );
    assert!(
        html.contains("javascript:alert(5)"),
        "the URL is shown as text: {html}"
    );
}

#[tokio::test]
async fn every_answer_has_the_security_headers() {
    let app = seeded();
    for uri in [
        "/",
        "/static/app.js",
        "/api/stats",
        "/api/report?format=html",
        "/api/report",
        "/api/nothing-here",
        "/api/events?colour=red",
    ] {
        let r = get(&app, uri).await;
        assert_security_headers(reply_headers(&r));
    }
    let r = call(&app, Method::DELETE, "/api/events", None).await;
    r.assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert_security_headers(reply_headers(&r));
}

/// Issue 12, finding 3 (cross-site writes): `POST /api/documents` took `text/plain` (which
/// a page of any site may send without a preflight) from any Origin.
#[tokio::test]
async fn cross_site_text_plain_write_is_refused() {
    let (_dir, app) = empty(Config::default());
    let body = doc_line("planted", EVENT);
    for ctype in [
        "text/plain",
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let req = Request::builder()
            .method(Method::POST)
            .uri("/api/documents")
            .header(header::CONTENT_TYPE, ctype)
            .body(Body::from(body.clone()))
            .expect("request");
        send(&app, req)
            .await
            .assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
        // And from a page of another site: refused before anything else.
        let req = Request::builder()
            .method(Method::POST)
            .uri("/api/documents")
            .header(header::CONTENT_TYPE, ctype)
            .header(header::ORIGIN, "http://evil.example")
            .body(Body::from(body.clone()))
            .expect("request");
        send(&app, req)
            .await
            .assert_error(StatusCode::FORBIDDEN, "origin_not_allowed");
    }
    // No content type at all (curl --data-binary without -H).
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/documents")
        .body(Body::from(body.clone()))
        .expect("request");
    let r = send(&app, req).await;
    r.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    assert!(r.json()["message"]
        .as_str()
        .unwrap_or("")
        .contains("application/x-ndjson"));
    assert_eq!(document_count(&app).await, 0);
    // JSON and JSON Lines types are accepted.
    for (i, ctype) in [
        "application/json",
        "application/x-ndjson; charset=utf-8",
        "Application/JSONL",
    ]
    .iter()
    .enumerate()
    {
        let req = Request::builder()
            .method(Method::POST)
            .uri("/api/documents")
            .header(header::CONTENT_TYPE, *ctype)
            .body(Body::from(doc_line(
                &format!("d{i}"),
                &format!("{EVENT} Report {i}."),
            )))
            .expect("request");
        let r = send(&app, req).await;
        assert_eq!(r.status, StatusCode::CREATED, "{ctype}: {}", r.text());
    }
    assert_eq!(document_count(&app).await, 3);
}

/// Issue 12, finding 3 (DNS rebinding): a foreign `Host` was answered normally.
#[tokio::test]
async fn foreign_host_is_refused() {
    let s = start("127.0.0.1:0", Config::default()).await;
    let port = s.addr.port();
    for h in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        format!("10.0.0.1:{port}"),
        "not a host".to_string(),
    ] {
        for path in ["/api/stats", "/", "/api/report?format=html"] {
            raw(s.addr, &request("GET", path, &[format!("Host: {h}")], ""))
                .await
                .assert_error(403, "host_not_allowed");
        }
        let r = raw(
            s.addr,
            &request(
                "POST",
                "/api/documents",
                &[format!("Host: {h}"), NDJSON.into()],
                &doc_line("x", EVENT),
            ),
        )
        .await;
        r.assert_error(403, "host_not_allowed");
    }
    // An absolute request URI names the host too.
    raw(
        s.addr,
        b"GET http://evil.example/api/stats HTTP/1.1\r\nConnection: close\r\n\r\n",
    )
    .await
    .assert_error(403, "host_not_allowed");
    // Beside an allowed Host, the URI's authority is checked too.
    let both = format!(
        "GET http://evil.example:{port}/api/stats HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    raw(s.addr, both.as_bytes())
        .await
        .assert_error(403, "host_not_allowed");
    let own = format!(
        "GET http://127.0.0.1:{port}/api/stats HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    assert_eq!(raw(s.addr, own.as_bytes()).await.status, 200);
    // The address connected to, and localhost on a loopback connection, are this server.
    for h in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost.:{port}"),
    ] {
        let r = raw(
            s.addr,
            &request("GET", "/api/stats", &[format!("Host: {h}")], ""),
        )
        .await;
        assert_eq!(r.status, 200, "{h}: {}", r.head);
    }
    // Clients that send no Host (HTTP/1.0, not a browser) are not refused.
    let r = raw(s.addr, b"GET /api/stats HTTP/1.0\r\n\r\n").await;
    assert_eq!(r.status, 200, "{}", r.head);
    assert_eq!(document_count(&s.app).await, 0);
}

#[tokio::test]
async fn foreign_origin_is_refused() {
    let s = start("127.0.0.1:0", Config::default()).await;
    let port = s.addr.port();
    let h = host(s.addr);
    for origin in [
        "http://evil.example".to_string(),
        format!("http://evil.example:{port}"),
        format!("http://127.0.0.1:{}", port.wrapping_add(1)),
        "null".to_string(),
        format!("file://127.0.0.1:{port}"),
        format!("http://127.0.0.1:{port}/path"),
    ] {
        let o = format!("Origin: {origin}");
        let r = raw(
            s.addr,
            &request(
                "POST",
                "/api/documents",
                &[h.clone(), o.clone(), NDJSON.into()],
                &doc_line("x", EVENT),
            ),
        )
        .await;
        r.assert_error(403, "origin_not_allowed");
        // Reads from other origins too (a CORS request; its answer is not readable anyway).
        raw(
            s.addr,
            &request("GET", "/api/events", &[h.clone(), o.clone()], ""),
        )
        .await
        .assert_error(403, "origin_not_allowed");
        // The CORS preflight is refused and grants nothing.
        let r = raw(
            s.addr,
            &request(
                "OPTIONS",
                "/api/documents",
                &[h.clone(), o, "Access-Control-Request-Method: POST".into()],
                "",
            ),
        )
        .await;
        r.assert_error(403, "origin_not_allowed");
        assert!(r.header("access-control-allow-origin").is_none());
    }
    assert_eq!(document_count(&s.app).await, 0);
    // A preflight without Origin: no such method, no CORS headers.
    let r = raw(
        s.addr,
        &request("OPTIONS", "/api/documents", std::slice::from_ref(&h), ""),
    )
    .await;
    r.assert_error(405, "method_not_allowed");
    assert!(r.header("access-control-allow-origin").is_none());
    // The server's own page (same origin) may write.
    for origin in [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ] {
        let r = raw(
            s.addr,
            &request(
                "POST",
                "/api/documents",
                &[h.clone(), format!("Origin: {origin}"), NDJSON.into()],
                &doc_line(&origin, &format!("{EVENT} From {origin}.")),
            ),
        )
        .await;
        assert_eq!(
            r.status,
            201,
            "{origin}: {}",
            String::from_utf8_lossy(&r.body)
        );
    }
    assert_eq!(document_count(&s.app).await, 2);
}

#[tokio::test]
async fn allowed_hosts_are_accepted_and_others_not() {
    let s = start(
        "127.0.0.1:0",
        Config {
            allowed_hosts: vec!["sitrep.example.org".into(), "intranet:8443".into()],
            ..Config::default()
        },
    )
    .await;
    // Behind a reverse proxy: the public name in Host and Origin, on any port.
    let r = raw(
        s.addr,
        &request(
            "POST",
            "/api/documents",
            &[
                "Host: sitrep.example.org".into(),
                "Origin: https://sitrep.example.org".into(),
                NDJSON.into(),
            ],
            &doc_line("proxied", EVENT),
        ),
    )
    .await;
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let ok = raw(
        s.addr,
        &request("GET", "/api/stats", &["Host: intranet:8443".into()], ""),
    )
    .await;
    assert_eq!(ok.status, 200);
    // A name with a port matches only that port; other names are refused.
    for h in [
        "intranet",
        "intranet:80",
        "example.org",
        "evil.sitrep.example.org",
    ] {
        raw(
            s.addr,
            &request("GET", "/api/stats", &[format!("Host: {h}")], ""),
        )
        .await
        .assert_error(403, "host_not_allowed");
    }
    raw(
        s.addr,
        &request(
            "GET",
            "/api/stats",
            &[host(s.addr), "Origin: https://example.org".into()],
            "",
        ),
    )
    .await
    .assert_error(403, "origin_not_allowed");
    // A bad name is refused when the server starts.
    let dir = tempfile::tempdir().expect("tempdir");
    let e = App::open(
        dir.path().join("x.db"),
        Config {
            allowed_hosts: vec!["https://sitrep.example.org/".into()],
            ..Config::default()
        },
    )
    .err()
    .expect("a usage error");
    assert!(
        e.is_user_error() && e.to_string().contains("not a URL"),
        "{e}"
    );
}

/// Bound to all interfaces, the server answers for the address each connection came in
/// on (here the loopback one), not for any name.
#[tokio::test]
async fn on_all_interfaces_the_connection_address_is_the_host() {
    let s = start("0.0.0.0:0", Config::default()).await;
    let port = s.addr.port();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    for h in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let r = raw(
            addr,
            &request("GET", "/api/stats", &[format!("Host: {h}")], ""),
        )
        .await;
        assert_eq!(r.status, 200, "{h}");
    }
    for h in [
        format!("0.0.0.0:{port}"),
        format!("evil.example:{port}"),
        format!("192.0.2.7:{port}"),
    ] {
        raw(
            addr,
            &request("GET", "/api/stats", &[format!("Host: {h}")], ""),
        )
        .await
        .assert_error(403, "host_not_allowed");
    }
}

#[tokio::test]
async fn token_is_required_for_writes() {
    let token = Token::new(TOKEN).expect("token");
    let (_dir, app) = empty(Config {
        token: Some(token),
        ..Config::default()
    });
    let body = doc_line("t", EVENT);
    let post_with = |auth: Option<&str>, ctype: &str| {
        let mut req = Request::builder()
            .method(Method::POST)
            .uri("/api/documents")
            .header(header::CONTENT_TYPE, ctype);
        if let Some(a) = auth {
            req = req.header(header::AUTHORIZATION, a);
        }
        req.body(Body::from(body.clone())).expect("request")
    };
    for auth in [
        None,
        Some("Bearer wrong-token-0123456789"),
        Some("Bearer 0123456789abcdef"),
        Some(&format!("Basic {TOKEN}")[..]),
        Some(&format!("Bearer {TOKEN}x")[..]),
        Some("Bearer"),
    ] {
        let r = send(&app, post_with(auth, "application/x-ndjson")).await;
        r.assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
        assert_eq!(
            r.headers
                .get(header::WWW_AUTHENTICATE)
                .and_then(|v| v.to_str().ok()),
            Some("Bearer realm=\"sitrep\"")
        );
        assert!(!r.text().contains(TOKEN), "{}", r.text());
    }
    // The token is checked before the content type.
    send(&app, post_with(None, "text/plain"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "unauthorized");
    assert_eq!(document_count(&app).await, 0);
    let right = format!("Bearer {TOKEN}");
    send(&app, post_with(Some(&right), "text/plain"))
        .await
        .assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    let r = send(&app, post_with(Some(&right), "application/x-ndjson")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // Reads need no token.
    assert_eq!(document_count(&app).await, 1);
    assert_eq!(get(&app, "/api/events").await.status, StatusCode::OK);
}

/// Issue 12, finding 5: hyper's own answers to requests it cannot parse had empty bodies
/// and no content type.
#[tokio::test]
async fn hyper_parse_errors_have_json_bodies() {
    let s = start("127.0.0.1:0", Config::default()).await;
    let h = host(s.addr);
    // A header line without a colon; a bad method; a bad version.
    for req in [
        format!("GET /api/stats HTTP/1.1\r\n{h}\r\nBad Header\r\n\r\n"),
        format!("G(T /api/stats HTTP/1.1\r\n{h}\r\n\r\n"),
        format!("GET /api/stats HTTP/9.7\r\n{h}\r\n\r\n"),
        "\u{1}\u{2}\r\n\r\n".to_string(),
    ] {
        raw(s.addr, req.as_bytes())
            .await
            .assert_error(400, "bad_request");
    }
    // A URI over 64 KiB.
    let long = format!(
        "GET /api/events?q={} HTTP/1.1\r\n{h}\r\n\r\n",
        "a".repeat(70_000)
    );
    raw(s.addr, long.as_bytes())
        .await
        .assert_error(414, "uri_too_long");
    // More than 100 headers.
    let many: String = (0..120).map(|i| format!("X-H{i}: a\r\n")).collect();
    let req = format!("GET /api/stats HTTP/1.1\r\n{h}\r\n{many}\r\n");
    raw(s.addr, req.as_bytes())
        .await
        .assert_error(431, "headers_too_large");
    // An earlier answer on the same connection is untouched.
    let two = format!(
        "GET /api/stats HTTP/1.1\r\n{h}\r\n\r\nGET / HTTP/1.1\r\n{h}\r\nBad Header\r\n\r\n"
    );
    let mut stream = tokio::net::TcpStream::connect(s.addr)
        .await
        .expect("connect");
    stream.write_all(two.as_bytes()).await.expect("write");
    let mut buf = Vec::new();
    stream.read_to_end(&mut buf).await.expect("read");
    let text = String::from_utf8_lossy(&buf);
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(text.contains("\"documents\":0"), "{text}");
    assert!(text.contains("HTTP/1.1 400 Bad Request\r\n"), "{text}");
    assert!(text.ends_with("\"code\":\"bad_request\",\"message\":\"malformed HTTP request: the request line or a header is not valid HTTP/1.1\"}"), "{text}");
}

/// Issue 12, finding 5: the router's own 404, 405 and 413 are JSON with the headers too.
#[tokio::test]
async fn router_errors_are_json_on_the_wire() {
    let s = start(
        "127.0.0.1:0",
        Config {
            max_body: 1000,
            ..Config::default()
        },
    )
    .await;
    let h = host(s.addr);
    raw(
        s.addr,
        &request("GET", "/nothing", std::slice::from_ref(&h), ""),
    )
    .await
    .assert_error(404, "not_found");
    raw(
        s.addr,
        &request("PUT", "/api/documents", &[h.clone(), NDJSON.into()], "{}"),
    )
    .await
    .assert_error(405, "method_not_allowed");
    let big = doc_line("big", &EVENT.repeat(30));
    raw(
        s.addr,
        &request("POST", "/api/documents", &[h.clone(), NDJSON.into()], &big),
    )
    .await
    .assert_error(413, "payload_too_large");
}
