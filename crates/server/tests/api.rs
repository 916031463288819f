//! API tests: every endpoint, bad JSON, oversized bodies, unknown ids, limits; the same
//! API on a PostgreSQL store in `api/pg.rs`; hosts, origins, tokens, content types and
//! security headers in `api/security.rs`; ids, dates and stored ids in `api/validation.rs`.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use sitrep_model::Document;
use sitrep_server::{router, App, Config};
use sitrep_store::{EventStore, SqliteStore};
use std::sync::OnceLock;
use std::time::Duration;
use tower::ServiceExt;

#[path = "api/pg.rs"]
mod pg;
#[path = "api/security.rs"]
mod security;
#[path = "api/validation.rs"]
mod validation;

const ARTICLE: &str = include_str!("../../coder/tests/fixtures/shaddadi/article.txt");

fn seed_doc() -> Document {
    let mut d = Document::new("shaddadi", ARTICLE);
    d.published = chrono::NaiveDate::from_ymd_opt(2026, 1, 21);
    d.source = Some("VOA".into());
    d.title = Some("Seed article".into());
    d
}

fn seed_jsonl() -> String {
    serde_json::json!({
        "id": "shaddadi",
        "text": ARTICLE,
        "published": "2026-01-21",
        "source": "VOA",
        "title": "Seed article",
    })
    .to_string()
        + "\n"
}

/// One store with the seed article, shared by the read-only tests.
fn seeded() -> App {
    static APP: OnceLock<(tempfile::TempDir, App)> = OnceLock::new();
    APP.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("seed.db");
        {
            let mut store = SqliteStore::open(&db).expect("open");
            let doc = seed_doc();
            let events = sitrep_coder::Coder::embedded().code(&doc);
            store.ingest(&doc, &events).expect("ingest");
        }
        let app = App::open(&db, Config::default()).expect("app");
        (dir, app)
    })
    .1
    .clone()
}

fn empty(config: Config) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = App::open(dir.path().join("t.db"), config).expect("app");
    (dir, app)
}

struct Reply {
    status: StatusCode,
    content_type: String,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(500)])
            )
        })
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// Asserts an error reply: status, JSON `{code, message}`.
    fn assert_error(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "body: {}", self.text());
        assert!(self.content_type.starts_with("application/json"));
        let v = self.json();
        assert_eq!(v["code"], code, "body: {v}");
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    }
}

async fn call(app: &App, method: Method, uri: &str, body: Option<Vec<u8>>) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    if body.is_some() {
        req = req.header(header::CONTENT_TYPE, "application/x-ndjson");
    }
    let req = req
        .body(body.map(Body::from).unwrap_or_else(Body::empty))
        .expect("request");
    send(app, req).await
}

/// Runs one request through the router (without a connection: see `api/security.rs` for
/// requests over a real port).
async fn send(app: &App, req: Request<Body>) -> Reply {
    let res = router(app.clone()).oneshot(req).await.expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = res
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Reply {
        status,
        content_type,
        headers,
        body,
    }
}

async fn get(app: &App, uri: &str) -> Reply {
    call(app, Method::GET, uri, None).await
}

async fn post(app: &App, uri: &str, body: impl Into<Vec<u8>>) -> Reply {
    call(app, Method::POST, uri, Some(body.into())).await
}

#[tokio::test]
async fn openapi_lists_every_route() {
    let app = seeded();
    let r = get(&app, "/api/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["openapi"], "3.1.0");
    let paths = v["paths"].as_object().expect("paths");
    for p in [
        "/api/openapi.json",
        "/api/stats",
        "/api/documents",
        "/api/documents/{id}",
        "/api/events",
        "/api/events/{id}",
        "/api/sites",
        "/api/sites/{id}",
        "/api/report",
    ] {
        assert!(
            paths.contains_key(p),
            "{p} missing from the OpenAPI document"
        );
    }
    assert!(paths["/api/documents"].get("post").is_some());
    // Every documented GET path answers something other than 404/405 for a known id.
    let ev = get(&app, "/api/events?limit=1").await.json();
    let event_id = ev["items"][0]["id"].as_str().expect("an event").to_string();
    let sites = get(&app, "/api/sites").await.json();
    let site_id = sites[0]["id"].as_str().expect("a site").to_string();
    for (p, item) in paths {
        if item.get("get").is_none() {
            continue;
        }
        let uri = p
            .replace("{id}", "ID")
            .replace("/api/documents/ID", "/api/documents/shaddadi")
            .replace("/api/events/ID", &format!("/api/events/{event_id}"))
            .replace("/api/sites/ID", &format!("/api/sites/{}", enc(&site_id)));
        let r = get(&app, &uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text());
    }
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[tokio::test]
async fn stats_count_the_store() {
    let app = seeded();
    let v = get(&app, "/api/stats").await.json();
    assert_eq!(v["documents"], 1);
    assert!(v["events"].as_u64().unwrap_or(0) >= 5, "{v}");
    assert!(v["sites"].as_u64().unwrap_or(0) >= 2, "{v}");
}

#[tokio::test]
async fn documents_list_and_one_with_text() {
    let app = seeded();
    let v = get(&app, "/api/documents").await.json();
    assert_eq!(v["total"], 1);
    assert_eq!(v["items"][0]["id"], "shaddadi");
    assert_eq!(v["items"][0]["published"], "2026-01-21");
    assert!(v["items"][0].get("text").is_none());
    let d = get(&app, "/api/documents/shaddadi").await.json();
    let text = d["text"].as_str().expect("text");
    assert!(text.contains("Shaddadi"));
    let claims = d["claims"].as_array().expect("claims");
    assert!(!claims.is_empty());
    for c in claims {
        let ev = &c["event"]["evidence"];
        let (s, e) = (
            ev["start"].as_u64().expect("start") as usize,
            ev["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(
            text.get(s..e),
            ev["text"].as_str(),
            "evidence offsets point into the text"
        );
        assert!(c["event_id"].is_string());
    }
    let page = get(&app, "/api/documents?limit=0").await.json();
    assert_eq!(page["items"].as_array().map(Vec::len), Some(0));
    assert_eq!(page["total"], 1);
}

#[tokio::test]
async fn unknown_ids_are_404() {
    let app = seeded();
    get(&app, "/api/documents/nope")
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    get(&app, "/api/events/ffffffffffffffff")
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    get(&app, "/api/sites/fac:nowhere")
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    get(&app, "/api/nothing-here")
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    get(&app, "/static/missing.js")
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn events_filter_and_page() {
    let app = seeded();
    let all = get(&app, "/api/events?limit=1000").await.json();
    let total = all["total"].as_u64().expect("total");
    assert!(total >= 5);
    assert_eq!(all["items"].as_array().map(Vec::len), Some(total as usize));

    let esc = get(&app, "/api/events?type=ESCAPE").await.json();
    let items = esc["items"].as_array().expect("items");
    assert!(!items.is_empty());
    assert!(items.iter().all(|e| e["event_type"] == "ESCAPE"));
    assert!(esc["total"].as_u64() < Some(total));

    let syr = get(&app, "/api/events?country=syr&limit=1000").await.json();
    assert!(syr["total"].as_u64().unwrap_or(0) > 0);
    let none = get(&app, "/api/events?country=FRA").await.json();
    assert_eq!(none["total"], 0);

    let page = get(&app, "/api/events?limit=2&offset=1").await.json();
    assert_eq!(page["offset"], 1);
    assert_eq!(page["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(page["items"][0]["id"], all["items"][1]["id"]);

    let text = get(&app, "/api/events?q=prison&limit=1000").await.json();
    assert!(text["total"].as_u64().unwrap_or(0) > 0);
    assert!(text["total"].as_u64() < Some(total));

    let bbox = get(&app, "/api/events?bbox=40,35,42,37&limit=1000")
        .await
        .json();
    assert!(bbox["total"].as_u64().unwrap_or(0) > 0);
    for e in bbox["items"].as_array().expect("items") {
        let lat = e["location"]["lat"].as_f64().expect("lat");
        assert!((35.0..=37.0).contains(&lat));
    }
    let far = get(&app, "/api/events?bbox=0,0,1,1").await.json();
    assert_eq!(far["total"], 0);

    let period = get(
        &app,
        "/api/events?since=2026-01-20&until=2026-01-20&limit=1000",
    )
    .await
    .json();
    assert!(period["total"].as_u64().unwrap_or(0) > 0);
    assert!(period["total"].as_u64() <= Some(total));
    let before = get(&app, "/api/events?until=2020-01-01").await.json();
    assert_eq!(before["total"], 0);
}

/// Regression: `country=Syria` was a 400 (only alpha-3 codes were accepted); names,
/// demonyms and codes in any case now name the same country.
#[tokio::test]
async fn country_accepts_codes_names_and_demonyms() {
    let app = seeded();
    let by_code = get(&app, "/api/events?country=SYR&limit=1000").await.json();
    let total = by_code["total"].as_u64().unwrap_or(0);
    assert!(total > 0, "{by_code}");
    for c in ["Syria", "syrian", "syr", "SY", "Syrian%20Arab%20Republic"] {
        let page = get(&app, &format!("/api/events?country={c}&limit=1000"))
            .await
            .json();
        assert_eq!(page["total"].as_u64(), Some(total), "{c}");
    }
    let sites = get(&app, "/api/sites?country=Syria").await.json();
    assert!(!sites.as_array().expect("sites").is_empty());
    let r = get(&app, "/api/events?country=Syira").await;
    r.assert_error(StatusCode::BAD_REQUEST, "invalid_parameter");
    assert!(r.text().contains("Syria (SYR)"), "{}", r.text());
}

/// Regression: the API printed an f32 confidence widened to f64 (0.8999999761581421)
/// where the CLI printed 0.9.
#[tokio::test]
async fn confidence_is_printed_as_the_cli_prints_it() {
    let app = seeded();
    let body = get(&app, "/api/events?limit=1000").await.text();
    let mut seen = 0;
    for part in body.split("\"confidence\":").skip(1) {
        let number: String = part
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let value: f32 = number.parse().expect("a number");
        assert_eq!(number, value.to_string(), "{number}");
        seen += 1;
    }
    assert!(seen > 0, "{body}");
}

#[tokio::test]
async fn bad_parameters_are_400() {
    let app = seeded();
    for (uri, code) in [
        ("/api/events?type=BOMBING", "invalid_parameter"),
        ("/api/events?country=Syira", "invalid_parameter"),
        ("/api/events?since=yesterday", "invalid_parameter"),
        (
            "/api/events?since=2026-02-01&until=2026-01-01",
            "invalid_parameter",
        ),
        ("/api/events?bbox=1,2,3", "invalid_parameter"),
        ("/api/events?bbox=5,5,1,1", "invalid_parameter"),
        ("/api/events?bbox=a,b,c,d", "invalid_parameter"),
        ("/api/events?limit=-1", "invalid_parameter"),
        ("/api/events?limit=1000000", "invalid_parameter"),
        (
            "/api/events?offset=99999999999999999999",
            "invalid_parameter",
        ),
        ("/api/documents?offset=10000000000", "invalid_parameter"),
        ("/api/events?disputed=maybe", "invalid_parameter"),
        ("/api/events?q=%22%22", "invalid_parameter"),
        ("/api/events?colour=red", "unknown_parameter"),
        ("/api/sites?country=12", "invalid_parameter"),
        ("/api/documents?limit=x", "invalid_parameter"),
        ("/api/report?format=pdf", "invalid_parameter"),
        ("/api/events?type=%FF", "invalid_parameter"),
    ] {
        let r = get(&app, uri).await;
        r.assert_error(StatusCode::BAD_REQUEST, code);
    }
}

#[tokio::test]
async fn one_event_with_claims_and_evidence() {
    let app = seeded();
    let list = get(&app, "/api/events?type=ESCAPE").await.json();
    let id = list["items"][0]["id"].as_str().expect("id").to_string();
    let d = get(&app, &format!("/api/events/{id}")).await.json();
    assert_eq!(d["summary"]["id"], id.as_str());
    let claims = d["event"]["claims"].as_array().expect("claims");
    assert!(!claims.is_empty());
    for c in claims {
        assert!(c["event"]["evidence"]["text"].is_string());
        assert_eq!(c["doc"]["id"], "shaddadi");
    }
    assert_eq!(d["documents"][0]["id"], "shaddadi");
    // A unique prefix works too.
    let prefix = id.get(..10).expect("long id");
    let p = get(&app, &format!("/api/events/{prefix}")).await.json();
    assert_eq!(p["summary"]["id"], id.as_str());
    // Too short to be a prefix.
    get(&app, "/api/events/ab")
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn sites_show_the_prison_figures() {
    let app = seeded();
    let sites = get(&app, "/api/sites?country=SYR").await.json();
    let sites = sites.as_array().expect("array");
    let prison = sites
        .iter()
        .find(|s| s["kind"] == "prison")
        .expect("a prison site");
    let det = &prison["detention"];
    assert_eq!(det["escaped"]["value"], 120);
    assert_eq!(det["recaptured"]["value"], 81);
    assert_eq!(det["at_large"]["value"], 39);
    assert!(sites.iter().any(|s| s["kind"] == "camp"));
    let brief = get(&app, "/api/sites?country=SYR&brief=true").await.json();
    let bp = brief
        .as_array()
        .expect("array")
        .iter()
        .find(|s| s["id"] == prison["id"])
        .expect("prison in brief list");
    assert!(bp.get("events").is_none());
    assert_eq!(bp["detention"]["escaped"]["value"], 120);
    assert!(bp["detention"]["escaped"].get("events").is_none());
    assert!(bp["control"].as_array().map(Vec::len).unwrap_or(0) <= 3);
    let none = get(&app, "/api/sites?kind=airport").await.json();
    assert_eq!(none.as_array().map(Vec::len), Some(0));
    let by_place = get(&app, "/api/sites?place=hol").await.json();
    assert!(by_place
        .as_array()
        .expect("array")
        .iter()
        .all(|s| s["kind"] == "camp"));

    let id = prison["id"].as_str().expect("id");
    let one = get(&app, &format!("/api/sites/{}", enc(id))).await.json();
    assert_eq!(one["site"]["id"], id);
    let tl = one["timeline"].as_array().expect("timeline");
    assert!(!tl.is_empty());
    let dates: Vec<String> = tl
        .iter()
        .filter_map(|e| {
            e["date"]["start"]
                .as_str()
                .or(e["reported"].as_str())
                .map(str::to_string)
        })
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "timeline in date order");
}

#[tokio::test]
async fn report_as_markdown_and_html() {
    let app = seeded();
    let md = get(&app, "/api/report?country=SYR").await;
    assert_eq!(md.status, StatusCode::OK);
    assert!(md.content_type.starts_with("text/markdown"));
    assert!(md.text().starts_with("# Situation report"));
    let html = get(&app, "/api/report?country=SYR&format=html").await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.content_type.starts_with("text/html"));
    assert!(html.text().contains("<h1>Situation report"));
}

#[tokio::test]
async fn ingest_stores_rejects_and_deduplicates() {
    let (_dir, app) = empty(Config::default());
    let bad = "{\"id\": \"x\", \"text\": \"unterminated\n";
    let mixed = format!("{}{bad}{{\"id\":\"y\"}}\n[1,2]\n", seed_jsonl());
    let r = post(&app, "/api/documents", mixed).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let v = r.json();
    assert_eq!(v["stored"][0]["id"], "shaddadi");
    assert_eq!(v["stored"][0]["status"], "added");
    assert!(v["stored"][0]["claims"].as_u64().unwrap_or(0) > 0);
    let rej = v["rejected"].as_array().expect("rejected");
    let codes: Vec<&str> = rej.iter().filter_map(|r| r["code"].as_str()).collect();
    assert_eq!(codes, ["malformed_json", "missing_text", "not_an_object"]);
    assert_eq!(rej[0]["line"], 2);

    // The stored document is visible through the API.
    let stats = get(&app, "/api/stats").await.json();
    assert_eq!(stats["documents"], 1);
    let sites = get(&app, "/api/sites").await.json();
    assert!(!sites.as_array().expect("sites").is_empty());

    // Same text again: a duplicate, nothing added.
    let again = post(&app, "/api/documents", seed_jsonl()).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["stored"][0]["status"], "duplicate");
    assert_eq!(get(&app, "/api/stats").await.json()["documents"], 1);
}

#[tokio::test]
async fn ingest_with_default_publication_date() {
    let (_dir, app) = empty(Config::default());
    let body = "{\"id\":\"d1\",\"text\":\"Rebels attacked a checkpoint near Aleppo on Monday, killing three soldiers.\"}\n";
    let r = post(&app, "/api/documents?published=2026-01-21", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let d = get(&app, "/api/documents/d1").await.json();
    assert_eq!(d["published"], "2026-01-21");
    post(&app, "/api/documents?published=soon", body)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_parameter");
}

#[tokio::test]
async fn bad_json_bodies() {
    let (_dir, app) = empty(Config::default());
    let r = post(&app, "/api/documents", "{not json}\n").await;
    r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "no_valid_documents");
    assert_eq!(r.json()["rejected"][0]["code"], "malformed_json");
    let r = post(&app, "/api/documents", "{\"id\":\"a\",\"text\":\"   \"}\n").await;
    r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "no_valid_documents");
    assert_eq!(r.json()["rejected"][0]["code"], "empty_text");
    let r = post(&app, "/api/documents", vec![b'{', 0xFF, 0xFE, b'}', b'\n']).await;
    r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "no_valid_documents");
    post(&app, "/api/documents", "  \n\n")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "empty_body");
    assert_eq!(get(&app, "/api/stats").await.json()["documents"], 0);
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let (_dir, app) = empty(Config {
        max_body: 4096,
        ..Config::default()
    });
    let big = format!(
        "{{\"id\":\"big\",\"text\":\"{}\"}}\n",
        "Rebels attacked the town. ".repeat(400)
    );
    assert!(big.len() > 4096);
    post(&app, "/api/documents", big.clone())
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    // Without a Content-Length (streamed body) the limit holds too.
    let stream = futures_body(big);
    let res = router(app.clone())
        .oneshot(
            Request::builder()
                .method(Method::POST)
                .uri("/api/documents")
                .header(header::CONTENT_TYPE, "application/x-ndjson")
                .body(stream)
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(get(&app, "/api/stats").await.json()["documents"], 0);
}

/// A body of unknown length.
fn futures_body(s: String) -> Body {
    let chunks: Vec<Result<axum::body::Bytes, std::io::Error>> = s
        .into_bytes()
        .chunks(1000)
        .map(|c| Ok(axum::body::Bytes::copy_from_slice(c)))
        .collect();
    Body::from_stream(tokio_stream_iter(chunks))
}

fn tokio_stream_iter<T>(items: Vec<T>) -> impl futures_core::Stream<Item = T> {
    struct It<T>(std::vec::IntoIter<T>);
    impl<T> futures_core::Stream for It<T> {
        type Item = T;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<T>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    impl<T> Unpin for It<T> {}
    It(items.into_iter())
}

#[tokio::test]
async fn slow_requests_time_out() {
    let (_dir, app) = empty(Config {
        timeout: Duration::from_millis(1),
        ..Config::default()
    });
    // Coding a long document takes far longer than a millisecond.
    let body = format!(
        "{{\"id\":\"long\",\"text\":\"{}\"}}\n",
        "Government forces shelled the town of Idlib on Monday, killing five civilians, the observatory said. "
            .repeat(300)
    );
    post(&app, "/api/documents", body)
        .await
        .assert_error(StatusCode::SERVICE_UNAVAILABLE, "timeout");
}

/// Regression test: a request answered 503 after `--timeout` used to be committed later,
/// when its ingest finished. Now the ingest is cancelled and rolled back first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timed_out_ingest_stores_nothing() {
    let (_dir, app) = empty(Config {
        timeout: Duration::from_millis(300),
        ..Config::default()
    });
    // Coding this takes far longer than 300 ms.
    let long = format!(
        "{{\"id\":\"long\",\"text\":\"{}\",\"published\":\"2026-01-21\"}}\n",
        "Government forces shelled the town of Idlib on Monday, killing five civilians, the observatory said. "
            .repeat(3000)
    );
    let r = post(&app, "/api/documents", long).await;
    r.assert_error(StatusCode::SERVICE_UNAVAILABLE, "timeout");
    assert!(
        r.json()["message"].as_str().unwrap().contains("nothing"),
        "{}",
        r.text()
    );
    // The next ingest waits for the writer, so the cancelled one has ended by then.
    let short = "{\"id\":\"short\",\"text\":\"Rebels attacked an army post near Idlib on Monday.\",\"published\":\"2026-01-21\"}\n";
    let mut stored = None;
    for _ in 0..100 {
        let r = post(&app, "/api/documents", short).await;
        if r.status == StatusCode::CREATED || r.status == StatusCode::OK {
            stored = Some(r);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(stored.is_some(), "the short document could not be stored");
    let docs = get(&app, "/api/documents").await.json();
    let ids: Vec<&str> = docs["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["id"].as_str())
        .collect();
    assert_eq!(ids, ["short"], "{docs}");
}

#[tokio::test]
async fn wrong_methods_are_405() {
    let app = seeded();
    let r = call(&app, Method::DELETE, "/api/events", None).await;
    r.assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    let r = post(&app, "/api/sites", "{}").await;
    r.assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

#[tokio::test]
async fn page_and_assets_are_served() {
    let app = seeded();
    let page = get(&app, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type.starts_with("text/html"));
    assert!(page.text().contains("/static/app.js"));
    let js = get(&app, "/static/app.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.content_type.starts_with("text/javascript"));
    let css = get(&app, "/static/style.css").await;
    assert!(css.content_type.starts_with("text/css"));
    let map = get(&app, "/static/basemap.json").await.json();
    assert!(map["countries"].as_array().map(Vec::len).unwrap_or(0) > 150);
    assert!(map["admin1"].as_array().map(Vec::len).unwrap_or(0) > 1000);
}

#[tokio::test]
async fn serves_on_a_real_port() {
    let app = seeded();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(sitrep_server::serve(listener, app));
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let request = format!("GET /api/stats HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut buf = Vec::new();
    stream.read_to_end(&mut buf).await.expect("read");
    let text = String::from_utf8_lossy(&buf);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("\"documents\":1"));
    server.abort();
}

#[tokio::test]
async fn responses_are_gzipped_when_asked() {
    let app = seeded();
    let req = Request::builder()
        .uri("/static/basemap.json")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .expect("request");
    let res = router(app).oneshot(req).await.expect("response");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()
            .get(header::CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
    let body = res.into_body().collect().await.expect("body").to_bytes();
    assert!(body.starts_with(&[0x1f, 0x8b]), "gzip magic");
    assert!(
        body.len() < 1_000_000,
        "compressed basemap: {} bytes",
        body.len()
    );
}
