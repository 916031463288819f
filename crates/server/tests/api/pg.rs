//! The API on a PostgreSQL store: the same answers as on SQLite for the same documents,
//! errors opening the store, and a lost connection.
//!
//! The tests that need a server use `SITREP_PG_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`, a role that may create databases): each
//! creates its own `sitrep_test_*` database and drops it (`sitrep_store_pg::test_db`).
//! Without a reachable server they print `SKIPPED ...` and pass.

use super::*;
use sitrep_store_pg::test_db::TestDb;
use sitrep_store_pg::PgStore;
use std::collections::BTreeSet;

/// A second (invented, test-only) report of the same days, posted through the API.
fn second_report_jsonl() -> String {
    serde_json::json!({
        "id": "second-report",
        "text": "Syrian government forces took control of al-Shaddadi prison in Hasakah province \
on Tuesday after the Syrian Democratic Forces withdrew, the interior ministry said. The ministry \
said 120 inmates escaped during the fighting and 81 had been recaptured by Wednesday. \
Government troops clashed with SDF fighters near the town of Shaddadi on Monday, killing \
at least seven fighters, according to a war monitor.",
        "published": "2026-01-21",
        "source": "Other Wire",
    })
    .to_string()
        + "\n"
}

/// Runs one request (the tests are synchronous: the PostgreSQL client of the test database
/// blocks, which async test functions may not do).
fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime")
    })
    .block_on(f)
}

/// The seed document stored directly, then the second report posted through the API.
fn fill(db: &str) -> App {
    let doc = seed_doc();
    let events = sitrep_coder::Coder::embedded().code(&doc);
    let mut store: Box<dyn EventStore> = if sitrep_store_pg::is_postgres_url(db) {
        Box::new(PgStore::open(db).expect("open PostgreSQL store"))
    } else {
        Box::new(SqliteStore::open(db).expect("open SQLite store"))
    };
    store.ingest(&doc, &events).expect("ingest the seed");
    drop(store);
    let app = App::open(db, Config::default()).expect("app");
    let r = block_on(post(&app, "/api/documents", second_report_jsonl()));
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    app
}

/// The reply as comparable JSON (or text), with the storing times and schema versions
/// blanked.
fn comparable(r: &Reply) -> (StatusCode, Value) {
    fn blank_times(v: &mut Value) {
        match v {
            Value::Object(o) => {
                for (k, x) in o.iter_mut() {
                    // The time of storing; the backend's own schema version.
                    if k == "ingested_at" || k == "schema_version" {
                        let ok = match x.as_str() {
                            Some(t) => chrono::DateTime::parse_from_rfc3339(t).is_ok(),
                            None => x.is_i64(),
                        };
                        assert!(ok, "{k}: {x}");
                        *x = Value::from("<blank>");
                    } else {
                        blank_times(x);
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(blank_times),
            _ => {}
        }
    }
    let mut v = if r.content_type.starts_with("application/json") {
        r.json()
    } else {
        Value::from(r.text())
    };
    blank_times(&mut v);
    (r.status, v)
}

/// Asserts that every GET endpoint answers the same on both apps (for every event, site
/// and document of `sqlite`); returns the events.
fn assert_same_answers(sqlite: &App, pg: &App) -> Vec<Value> {
    let mut uris: Vec<String> = [
        "/api/stats",
        "/api/events?limit=1000",
        "/api/events?type=ESCAPE",
        "/api/events?country=SYR&since=2026-01-20&limit=2&offset=1",
        "/api/events?q=prison&limit=1000",
        "/api/events?actor=government&limit=1000",
        "/api/events?place=hasakah&limit=1000",
        "/api/events?bbox=40,35,42,37&limit=1000",
        "/api/events?disputed=true",
        "/api/sites",
        "/api/sites?brief=true&country=SYR",
        "/api/documents",
        "/api/documents?limit=1&offset=1",
        "/api/documents/nope",
        "/api/events/ffffffffffffffff",
        "/api/sites/fac:nowhere",
        "/api/report",
        "/api/report?country=SYR&since=2026-01-14",
        "/api/report?country=SYR&format=html",
    ]
    .map(String::from)
    .to_vec();
    let events = block_on(get(sqlite, "/api/events?limit=1000")).json();
    let events = events["items"].as_array().expect("events").clone();
    assert!(events.len() >= 5, "{events:?}");
    for e in &events {
        let id = e["id"].as_str().expect("event id");
        uris.push(format!("/api/events/{id}"));
        uris.push(format!("/api/events/{}", id.get(..10).expect("long id")));
    }
    let sites = block_on(get(sqlite, "/api/sites")).json();
    let sites = sites.as_array().expect("sites").clone();
    assert!(sites.len() >= 2, "{sites:?}");
    for s in &sites {
        uris.push(format!(
            "/api/sites/{}",
            enc(s["id"].as_str().expect("site id"))
        ));
    }
    let docs = block_on(get(sqlite, "/api/documents")).json();
    assert_eq!(docs["total"], 2, "{docs}");
    for d in docs["items"].as_array().expect("documents") {
        uris.push(format!(
            "/api/documents/{}",
            d["id"].as_str().expect("document id")
        ));
    }
    assert!(uris.len() > 30, "{uris:?}");
    for uri in &uris {
        let a = comparable(&block_on(get(sqlite, uri)));
        let b = comparable(&block_on(get(pg, uri)));
        assert_eq!(a, b, "{uri}: SQLite (left) and PostgreSQL (right) differ");
    }
    events
}

#[test]
fn postgres_answers_as_sqlite() {
    let Some(db) = TestDb::create("postgres_answers_as_sqlite") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("same.db");
    let sqlite = fill(file.to_str().expect("UTF-8 path"));
    let pg = fill(&db.url);
    assert_eq!(pg.database(), db.url);
    let events = assert_same_answers(&sqlite, &pg);
    // The second report merged with the seed's events (not only stored beside them).
    let second = block_on(get(&pg, "/api/documents/second-report")).json();
    let seed_events: BTreeSet<&str> = events.iter().filter_map(|e| e["id"].as_str()).collect();
    assert!(
        second["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .any(|c| c["event_id"]
                .as_str()
                .is_some_and(|id| seed_events.contains(id))),
        "{second}"
    );
    // The same text under another id is a duplicate of the stored id on both backends.
    let again = second_report_jsonl().replace("\"second-report\"", "\"other-id\"");
    for app in [&sqlite, &pg] {
        let r = block_on(post(app, "/api/documents", again.clone()));
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(r.json()["stored"][0]["status"], "duplicate");
        assert_eq!(r.json()["stored"][0]["id"], "second-report");
    }
}

#[test]
fn postgres_lost_connections_are_503_then_reopened() {
    let Some(db) = TestDb::create("postgres_lost_connections_are_503_then_reopened") else {
        return;
    };
    let app = App::open(
        &db.url,
        Config {
            readers: 1,
            ..Config::default()
        },
    )
    .expect("PostgreSQL app");
    assert_eq!(block_on(get(&app, "/api/stats")).status, StatusCode::OK);

    assert!(db.terminate_sessions() > 0, "the server had no session");
    block_on(get(&app, "/api/stats"))
        .assert_error(StatusCode::SERVICE_UNAVAILABLE, "database_unavailable");
    // The reader connects again on its next use.
    let r = block_on(get(&app, "/api/events"));
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    // The writer too: the ingest that finds its connection lost fails, the next succeeds.
    assert!(db.terminate_sessions() > 0, "the server had no session");
    block_on(post(&app, "/api/documents", seed_jsonl()))
        .assert_error(StatusCode::SERVICE_UNAVAILABLE, "database_unavailable");
    let r = block_on(post(&app, "/api/documents", seed_jsonl()));
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // The reader's session was terminated too.
    block_on(get(&app, "/api/stats"))
        .assert_error(StatusCode::SERVICE_UNAVAILABLE, "database_unavailable");
    assert_eq!(block_on(get(&app, "/api/stats")).json()["documents"], 1);

    // A server that stays down: each request fails with a message naming the database.
    let name = db.name.clone();
    drop(db);
    let r = block_on(get(&app, "/api/documents"));
    r.assert_error(StatusCode::SERVICE_UNAVAILABLE, "database_unavailable");
    let r = block_on(get(&app, "/api/documents"));
    r.assert_error(StatusCode::SERVICE_UNAVAILABLE, "database_unavailable");
    assert!(
        r.json()["message"]
            .as_str()
            .is_some_and(|m| m.contains(&name)),
        "{}",
        r.text()
    );
}

#[test]
fn postgres_reads_from_a_read_only_replica_url() {
    let Some(db) = TestDb::create("postgres_reads_from_a_read_only_replica_url") else {
        return;
    };
    // A session that may not write stands in for a streaming replica (a hot standby).
    let read_url = format!("{}?options=-c%20default_transaction_read_only%3Don", db.url);
    // A read-only connection neither creates nor upgrades the schema.
    match PgStore::open_read_only(&read_url) {
        Err(e) => assert!(
            e.is_user_error() && e.to_string().contains("version 0"),
            "{e}"
        ),
        Ok(_) => panic!("opened a database without schema"),
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("same.db");
    let sqlite = fill(file.to_str().expect("UTF-8 path"));
    drop(fill(&db.url));
    // Sites are rebuilt by the primary's writers (workers), not by the replica's readers.
    PgStore::open(&db.url)
        .and_then(|s| s.flush_sites())
        .expect("rebuild sites");
    assert!(
        PgStore::open(&read_url).is_err(),
        "the read URL must not be writable"
    );
    let app = App::open(
        &db.url,
        Config {
            read_db: Some(read_url),
            ..Config::default()
        },
    )
    .expect("app with a read database");
    assert!(
        app.database().contains("(reads from "),
        "{}",
        app.database()
    );
    assert_same_answers(&sqlite, &app);

    // Ingest writes to the primary and leaves sites to rebuild; the read-only readers still
    // answer (a rebuild on them would fail) and see the new document.
    let third = serde_json::json!({
        "id": "third",
        "text": "Syrian Democratic Forces retook al-Shaddadi prison in Hasakah province on Thursday, \
                 the group said, and recaptured 12 escaped inmates.",
        "published": "2026-01-23",
    })
    .to_string();
    let r = block_on(post(&app, "/api/documents", third));
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let dirty: i64 = db
        .client()
        .query_one("SELECT COUNT(*) FROM dirty_localities", &[])
        .expect("dirty localities")
        .get(0);
    assert!(dirty > 0, "the test needs a document that touches a site");
    let r = block_on(get(&app, "/api/sites"));
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = block_on(get(&app, "/api/stats"));
    assert_eq!(r.json()["documents"], 3, "{}", r.text());
}

#[test]
fn postgres_open_errors_are_user_errors_naming_the_redacted_url() {
    // Nothing listens on port 1: connection refused.
    for (url, shown) in [
        (
            "postgres://sitrep:s3cret@127.0.0.1:1/sitrep",
            "postgres://sitrep:***@127.0.0.1:1/sitrep",
        ),
        (
            "postgresql://sitrep:s3cret@127.0.0.1:notaport/sitrep",
            "postgresql://sitrep:***@127.0.0.1:notaport/sitrep",
        ),
        (
            "postgres://sitrep:s3cret@127.0.0.1:1/sitrep?sslmode=sometimes",
            "postgres://sitrep:***@127.0.0.1:1/sitrep?sslmode=sometimes",
        ),
    ] {
        let Err(e) = App::open(url, Config::default()) else {
            panic!("{url} opened");
        };
        let msg = e.to_string();
        assert!(e.is_user_error(), "{msg}");
        assert!(msg.contains(shown), "{msg}");
        assert!(!msg.contains("s3cret"), "{msg}");
    }
    // A read database needs a PostgreSQL store, and must be one itself.
    for (db, read) in [
        ("sitrep.db", "postgres://sitrep@127.0.0.1:1/replica"),
        ("postgres://sitrep@127.0.0.1:1/sitrep", "replica.db"),
    ] {
        let config = Config {
            read_db: Some(read.to_string()),
            ..Config::default()
        };
        let Err(e) = App::open(db, config) else {
            panic!("{db} with read database {read} opened");
        };
        assert!(matches!(e, sitrep_server::ServeError::Usage(_)), "{e}");
        assert!(e.is_user_error(), "{e}");
    }
}
