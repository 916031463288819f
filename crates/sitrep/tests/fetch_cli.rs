//! End-to-end tests of URL inputs of `sitrep extract` and `sitrep ingest`, against a local
//! HTTP server on 127.0.0.1 (no internet): feeds, pages, `--fetch-pages`, HTTP errors,
//! refused connections, size and time limits, redirects, charsets, partial failures.

mod common;

use common::{documents, sitrep, Out};
use sitrep_fetch::test_server::{closed_port_url, Reply, TestServer};
use std::path::Path;
use std::time::{Duration, Instant};

/// `sitrep extract --format documents --fetch-delay-ms 0 ARGS...`: the documents read.
fn read_documents(dir: &Path, args: &[&str]) -> (Out, Vec<sitrep_model::Document>) {
    let base = ["extract", "--format", "documents", "--fetch-delay-ms", "0"];
    let o = sitrep(dir, &[&base[..], args].concat());
    let docs = documents(&o);
    (o, docs)
}

/// The failures written to the ingest log: (input, message).
fn ingest_log(db: &Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(db).expect("open the store");
    let mut st = conn
        .prepare("SELECT doc_id, message FROM ingest_log WHERE status = 'error' ORDER BY rowid")
        .expect("query the ingest log");
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect()
}

const SUMMARY_1: &str = "Fighting resumed near the dam.";
const ARTICLE_1: &str = "Fighting resumed near the Tishrin dam on Monday, local officials said. \
    Kurdish-led forces and Turkish-backed factions exchanged artillery fire for several hours, \
    and at least 12 people were killed.";
const SUMMARY_2: &str = "Prisoners escaped from a jail.";

/// A feed of two summary-only items linking to /a/1 (an article) and /a/2 (missing), and
/// a third item with full content.
fn feed() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Test Wire</title>
<item><title>Dam clashes</title><link>/a/1</link><guid>w-1</guid>
  <pubDate>Mon, 10 Mar 2025 08:00:00 GMT</pubDate><description>{SUMMARY_1}</description></item>
<item><title>Jailbreak</title><link>/a/2</link><guid>w-2</guid>
  <pubDate>Mon, 10 Mar 2025 09:00:00 GMT</pubDate><description>{SUMMARY_2}</description></item>
<item><title>Ceasefire</title><link>/a/3</link><guid>w-3</guid>
  <pubDate>Mon, 10 Mar 2025 10:00:00 GMT</pubDate><description>Short.</description>
  <content:encoded><![CDATA[<p>The two sides agreed to a ceasefire in the province on Sunday.</p>]]></content:encoded></item>
</channel></rss>"#
    )
}

fn article_page() -> String {
    format!(
        "<!DOCTYPE html><html><head><title>Dam clashes | Test Wire</title></head><body>\
         <nav><a href=\"/\">Home</a></nav><article><h1>Dam clashes</h1><p>{ARTICLE_1}</p></article>\
         <footer>Copyright</footer></body></html>"
    )
}

/// The test site: /rss (the feed), /a/1 (its article), /page (a page), /latin1 (a
/// Windows-1252 page declared in the header), /gone (404), /slow (answers after 5 s),
/// /big (1.5 MiB), /r/N (N redirects before /page).
fn site() -> TestServer {
    TestServer::start(|req| {
        let path = req.path.as_str();
        if let Some(n) = path.strip_prefix("/r/").and_then(|n| n.parse::<u32>().ok()) {
            return if n == 0 {
                Reply::redirect("/page")
            } else {
                Reply::redirect(&format!("/r/{}", n - 1))
            };
        }
        match path {
            "/rss" => Reply::ok("application/rss+xml; charset=utf-8", feed()),
            "/a/1" | "/page" => Reply::ok("text/html; charset=utf-8", article_page()),
            "/latin1" => Reply::ok(
                "text/html; charset=windows-1252",
                &b"<html><body><p>Caf\xe9 owners in the town said \x93shelling\x94 resumed.</p></body></html>"[..],
            ),
            "/slow" => Reply::ok("text/html", article_page()).delayed(Duration::from_secs(5)),
            "/big" => Reply::ok("text/plain", vec![b'a'; 1024 * 1024 + 512 * 1024]),
            _ => Reply::status(404),
        }
    })
}

#[test]
fn feed_url_gives_one_document_per_item() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let url = server.url("/rss");
    let (o, docs) = read_documents(dir.path(), &[&url]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let ids: Vec<_> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["w-1", "w-2", "w-3"]);
    assert_eq!(docs[0].text, SUMMARY_1);
    assert_eq!(docs[0].url.as_deref(), Some(server.url("/a/1").as_str()));
    assert_eq!(docs[0].source.as_deref(), Some("Test Wire"));
    assert!(docs[2].text.contains("ceasefire"));
    // Without --fetch-pages no page is fetched.
    assert_eq!(server.requests().len(), 1);

    let o = sitrep(dir.path(), &["ingest", "--fetch-delay-ms", "0", &url]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("3 documents stored"), "{}", o.stderr);
}

#[test]
fn page_url_gives_its_article() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let url = server.url("/page");
    let (o, docs) = read_documents(dir.path(), &[&url]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].id, url);
    assert_eq!(docs[0].url.as_deref(), Some(url.as_str()));
    assert_eq!(docs[0].text, format!("Dam clashes\n\n{ARTICLE_1}"));
    assert_eq!(docs[0].title.as_deref(), Some("Dam clashes | Test Wire"));
    // Coded like a file.
    let o = sitrep(
        dir.path(),
        &[
            "extract",
            "--format",
            "jsonl",
            "--published",
            "2025-03-10",
            &url,
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("\"doc_id\""), "no events: {}", o.stderr);
}

#[test]
fn fetch_pages_replaces_summaries_by_page_text() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let url = server.url("/rss");
    let started = Instant::now();
    let o = sitrep(
        dir.path(),
        &[
            "extract",
            "--format",
            "documents",
            "--fetch-pages",
            "--fetch-delay-ms",
            "200",
            &url,
        ],
    );
    let elapsed = started.elapsed();
    assert_eq!(o.code, 0, "{}", o.stderr);
    let docs = documents(&o);
    assert_eq!(docs.len(), 3);
    // Item 1: the page's article replaces the summary; the item keeps its metadata.
    assert!(docs[0].text.contains(ARTICLE_1), "{}", docs[0].text);
    assert!(docs[0].text.len() > SUMMARY_1.len() * 3);
    assert_eq!(docs[0].id, "w-1");
    assert_eq!(docs[0].title.as_deref(), Some("Dam clashes"));
    assert_eq!(
        docs[0].published.map(|d| d.to_string()).as_deref(),
        Some("2025-03-10")
    );
    // Item 2: its page is missing: a warning, and the summary is kept.
    assert_eq!(docs[1].text, SUMMARY_2);
    let a2 = server.url("/a/2");
    assert!(
        o.stderr.contains(&format!(
            "warning: {url}:6: linked page {a2}: HTTP 404 Not Found; keeping the feed's summary"
        )),
        "{}",
        o.stderr
    );
    // Item 3 has full content: no page fetched for it.
    assert!(docs[2].text.contains("ceasefire"));
    let paths: Vec<_> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/rss", "/a/1", "/a/2"]);
    // Three requests to one host, 200 ms apart.
    assert!(elapsed >= Duration::from_millis(400), "{elapsed:?}");
}

#[test]
fn http_errors_refused_connections_and_limits_name_the_url() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let gone = server.url("/gone");
    let (o, _) = read_documents(d, &[&gone]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr
            .contains(&format!("sitrep: error: {gone}: HTTP 404 Not Found")),
        "{}",
        o.stderr
    );

    let refused = closed_port_url("/rss");
    let (o, _) = read_documents(d, &[&refused]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains(&format!("error: {refused}: connection refused")),
        "{}",
        o.stderr
    );

    let big = server.url("/big");
    let (o, _) = read_documents(d, &["--max-size", "1", &big]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains(&format!(
            "error: {big}: response is 1572864 bytes, above the limit of 1048576 bytes"
        )),
        "{}",
        o.stderr
    );
    let (o, docs) = read_documents(d, &["--max-size", "2", &big]);
    assert_eq!((o.code, docs.len()), (0, 1), "{}", o.stderr);

    let slow = server.url("/slow");
    let started = Instant::now();
    let (o, _) = read_documents(d, &["--fetch-timeout", "1", &slow]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains(&format!("error: {slow}: timed out")),
        "{}",
        o.stderr
    );
    assert!(started.elapsed() < Duration::from_secs(4));

    let (o, _) = read_documents(d, &["ftp://example.org/feed.xml"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("ftp://example.org/feed.xml: no such file"),
        "{}",
        o.stderr
    );
}

#[test]
fn redirects_are_followed_up_to_five() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    // /r/3 → /r/2 → /r/1 → /r/0 → /page: four redirects.
    let url = server.url("/r/3");
    let (o, docs) = read_documents(dir.path(), &[&url]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(docs[0].url.as_deref(), Some(server.url("/page").as_str()));
    assert_eq!(docs[0].id, server.url("/page"));
    // Six redirects.
    let url = server.url("/r/5");
    let (o, _) = read_documents(dir.path(), &[&url]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains(&format!("error: {url}: more than 5 redirects")),
        "{}",
        o.stderr
    );
}

#[test]
fn windows_1252_page_is_decoded_by_its_header_charset() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let (o, docs) = read_documents(dir.path(), &[&server.url("/latin1")]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        docs[0].text,
        "Café owners in the town said “shelling” resumed."
    );
}

#[test]
fn a_failing_url_is_logged_and_the_rest_is_ingested() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("story.txt"),
        "Syrian troops took control of the town on Friday, the interior ministry said.\n",
    )
    .unwrap();
    let gone = server.url("/gone");
    let refused = closed_port_url("/x");
    let o = sitrep(
        d,
        &[
            "ingest",
            "--fetch-delay-ms",
            "0",
            "--published",
            "2025-03-10",
            &gone,
            &server.url("/rss"),
            &refused,
            "story.txt",
            &server.url("/page"),
        ],
    );
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stderr.contains("5 documents stored"), "{}", o.stderr);
    assert!(o.stderr.contains("; 2 errors"), "{}", o.stderr);
    assert!(o
        .stderr
        .contains(&format!("error: {gone}: HTTP 404 Not Found")));
    assert_eq!(
        ingest_log(&d.join("sitrep.db")),
        [
            (gone.clone(), format!("{gone}: HTTP 404 Not Found")),
            (refused.clone(), format!("{refused}: connection refused")),
        ]
    );
    // extract: the same inputs, the same partial exit code.
    let (o, docs) = read_documents(d, &[&gone, "story.txt"]);
    assert_eq!((o.code, docs.len()), (1, 1), "{}", o.stderr);
}

#[test]
fn ingest_queue_refuses_urls() {
    let dir = tempfile::tempdir().unwrap();
    let o = sitrep(
        dir.path(),
        &["ingest", "--queue", "https://example.org/rss"],
    );
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("reads files only"), "{}", o.stderr);
}

#[test]
fn local_urls_do_not_go_through_a_proxy() {
    let server = site();
    let dir = tempfile::tempdir().unwrap();
    let dead_proxy = closed_port_url("");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["extract", "--format", "documents", &server.url("/page")])
        .current_dir(dir.path())
        .env("HTTP_PROXY", &dead_proxy)
        .env("http_proxy", &dead_proxy)
        .env("ALL_PROXY", &dead_proxy)
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .output()
        .expect("sitrep runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Tishrin dam"));
}
