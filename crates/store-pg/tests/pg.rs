//! Integration tests against a PostgreSQL server.
//!
//! They use `SITREP_PG_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`, a
//! superuser URL: each test creates its own database `sitrep_test_*` and drops it, see
//! `sitrep_store_pg::test_db`). When no server answers, every test prints how to run them
//! and passes.

use sitrep_model::{Document, Event};
use sitrep_store::{EventQuery, EventStore, SiteQuery, SqliteStore};
use sitrep_store_pg::test_db::TestDb;
use sitrep_store_pg::{run_workers, PgStore, WorkerConfig, WorkerNotice};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

fn seed_document() -> Document {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../coder/tests/fixtures/shaddadi/article.txt");
    let text = std::fs::read_to_string(path).expect("seed article fixture");
    let mut doc = Document::new("shaddadi", text);
    doc.published = chrono::NaiveDate::from_ymd_opt(2026, 1, 21);
    doc.source = Some("VOA".into());
    doc
}

/// A second (invented, test-only) report of the same days from another outlet.
fn second_report() -> Document {
    let text = "Syrian government forces took control of al-Shaddadi prison in Hasakah province \
on Tuesday after the Syrian Democratic Forces withdrew, the interior ministry said. The ministry \
said 120 inmates escaped during the fighting and 81 had been recaptured by Wednesday. \
Government troops clashed with SDF fighters near the town of Shaddadi on Monday, killing \
at least seven fighters, according to a war monitor.";
    let mut doc = Document::new("second-report", text);
    doc.published = chrono::NaiveDate::from_ymd_opt(2026, 1, 21);
    doc.source = Some("Other Wire".into());
    doc
}

fn voa_documents(n: usize) -> Vec<Document> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/voa/voa-stories-dev.jsonl");
    sitrep_input::read_path(&path, &sitrep_input::ReadOptions::default())
        .filter_map(|r| r.ok())
        .map(|r| r.document)
        .take(n)
        .collect()
}

/// Events of each document, coded once per test binary (coding is deterministic).
fn coded(docs: &[Document]) -> HashMap<String, Vec<Event>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Vec<Event>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    // Held while coding, so tests running in parallel code each document once.
    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
    let mut out = HashMap::new();
    for d in docs {
        let h = d.content_hash();
        let evs = cache
            .entry(h.clone())
            .or_insert_with(|| sitrep_coder::Coder::embedded().code(d))
            .clone();
        out.insert(h, evs);
    }
    out
}

fn lookup(table: &HashMap<String, Vec<Event>>) -> impl Fn(&Document) -> Vec<Event> + Sync + '_ {
    move |d: &Document| table.get(&d.content_hash()).cloned().unwrap_or_default()
}

fn all() -> EventQuery {
    EventQuery::default()
}

/// Events as sets of claim ids (independent of which claim founded the event).
fn partition(store: &dyn EventStore) -> BTreeSet<BTreeSet<String>> {
    store
        .merged_events(&all())
        .expect("merged events")
        .into_iter()
        .map(|e| e.claims.into_iter().map(|c| c.id).collect())
        .collect()
}

/// Asserts two partitions are equal, showing only the events that differ.
fn same_partition(a: &BTreeSet<BTreeSet<String>>, b: &BTreeSet<BTreeSet<String>>, what: &str) {
    let only_a: Vec<_> = a.difference(b).collect();
    let only_b: Vec<_> = b.difference(a).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "{what}: events differ\n  left only: {only_a:?}\n  right only: {only_b:?}"
    );
}

fn sqlite_of(docs: &[Document], table: &HashMap<String, Vec<Event>>) -> SqliteStore {
    let mut st = SqliteStore::open_in_memory().expect("sqlite");
    for d in docs {
        let evs = table.get(&d.content_hash()).cloned().unwrap_or_default();
        st.ingest(d, &evs).expect("sqlite ingest");
    }
    st
}

/// Asserts equal JSON, printing both sides pretty (line diffs are readable).
fn same_json(a: &serde_json::Value, b: &serde_json::Value, what: &str) {
    if a != b {
        let pa = serde_json::to_string_pretty(a).unwrap_or_default();
        let pb = serde_json::to_string_pretty(b).unwrap_or_default();
        let diff: Vec<String> = pa
            .lines()
            .zip(pb.lines())
            .enumerate()
            .filter(|(_, (x, y))| x != y)
            .take(10)
            .map(|(i, (x, y))| format!("line {i}: sqlite {x} | pg {y}"))
            .collect();
        panic!("{what} differ:\n{}", diff.join("\n"));
    }
}

/// SQLite fed the documents in the order the PostgreSQL store committed them (document
/// rows are inserted after the merge locks are taken, so conflicting transactions number
/// their documents in commit order): concurrent workers must give exactly this.
fn serial_equivalent(
    db: &TestDb,
    docs: &[Document],
    table: &HashMap<String, Vec<Event>>,
) -> SqliteStore {
    let by_hash: HashMap<String, &Document> = docs.iter().map(|d| (d.content_hash(), d)).collect();
    let order: Vec<Document> = db
        .client()
        .query("SELECT content_hash FROM documents ORDER BY id", &[])
        .unwrap()
        .into_iter()
        .filter_map(|r| by_hash.get(&r.get::<_, String>(0)).map(|d| (*d).clone()))
        .collect();
    assert_eq!(order.len(), by_hash.len());
    sqlite_of(&order, table)
}

fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).expect("serialise")
}

#[test]
fn same_results_as_sqlite_for_the_seed_article_and_a_second_report() {
    let Some(db) = TestDb::create("same_results_as_sqlite") else {
        return;
    };
    let docs = vec![seed_document(), second_report()];
    let table = coded(&docs);
    let sqlite = sqlite_of(&docs, &table);
    let mut pg = PgStore::open(&db.url).expect("open pg store");
    for d in &docs {
        let evs = &table[&d.content_hash()];
        pg.ingest(d, evs).expect("pg ingest");
    }
    // Re-ingesting changes nothing.
    let again = pg
        .ingest(&docs[0], &table[&docs[0].content_hash()])
        .unwrap();
    assert!(matches!(
        again,
        sitrep_store::IngestOutcome::Duplicate { .. }
    ));

    let (s, p) = (sqlite.stats().unwrap(), pg.stats().unwrap());
    assert_eq!(
        (s.documents, s.claims, s.events, s.sites),
        (p.documents, p.claims, p.events, p.sites)
    );
    assert!(p.events > 0 && p.sites > 0, "{p:?}");
    assert_eq!(
        json(&sqlite.events(&all()).unwrap()),
        json(&pg.events(&all()).unwrap())
    );
    assert_eq!(
        json(&sqlite.merged_events(&all()).unwrap()),
        json(&pg.merged_events(&all()).unwrap())
    );
    same_json(
        &json(&sqlite.sites(&SiteQuery::default()).unwrap()),
        &json(&pg.sites(&SiteQuery::default()).unwrap()),
        "sites",
    );
    assert_eq!(
        json(&sqlite.ceasefires(None).unwrap()),
        json(&pg.ceasefires(None).unwrap())
    );
    // The acceptance picture of the seed article holds on PostgreSQL too.
    let sites = pg.sites(&SiteQuery::default()).unwrap();
    let prison = sites.iter().find(|s| s.kind == "prison").expect("a prison");
    let d = &prison.detention;
    assert_eq!(
        (
            d.escaped.as_ref().map(|f| f.value),
            d.recaptured.as_ref().map(|f| f.value)
        ),
        (Some(120), Some(81))
    );
    // Filters give the same answers.
    let queries = [
        EventQuery {
            country: Some("syr".into()),
            ..all()
        },
        EventQuery {
            actor: Some("democratic".into()),
            ..all()
        },
        EventQuery {
            place: Some("shaddadi".into()),
            ..all()
        },
        EventQuery {
            text: Some("prison".into()),
            ..all()
        },
        EventQuery {
            limit: Some(2),
            offset: 1,
            ..all()
        },
        EventQuery {
            bbox: Some((35.0, 30.0, 45.0, 40.0)),
            ..all()
        },
    ];
    for q in &queries {
        let (a, b) = (sqlite.events(q).unwrap(), pg.events(q).unwrap());
        assert_eq!(json(&a), json(&b), "{q:?}");
    }
    let first = &pg.events(&all()).unwrap().items[0];
    let detail = pg.event(&first.id).unwrap();
    assert_eq!(json(&detail), json(&sqlite.event(&first.id).unwrap()));
    let prefix: String = first.id.chars().take(8).collect();
    assert_eq!(pg.event(&prefix).unwrap().summary.id, first.id);
    assert!(pg.event("zzzzzzzz").unwrap_err().is_user_error());
    assert!(pg.check_consistency().unwrap().is_empty());
}

/// Seed article, second report, 16 VOA stories and a re-sent copy of the seed article.
fn corpus() -> Vec<Document> {
    let mut docs = vec![seed_document(), second_report()];
    docs.extend(voa_documents(16));
    let mut copy = seed_document();
    copy.id = "shaddadi-resent".into();
    docs.push(copy);
    docs
}

fn run(
    db: &TestDb,
    docs: &[Document],
    table: &HashMap<String, Vec<Event>>,
    threads: usize,
) -> (PgStore, sitrep_store_pg::WorkerReport) {
    let pg = PgStore::open(&db.url).expect("open");
    assert_eq!(pg.enqueue(docs).unwrap(), docs.len());
    let mut cfg = WorkerConfig::new(&db.url);
    cfg.id = format!("test-{threads}");
    cfg.batch = 3;
    cfg.exit_when_idle = true;
    cfg.poll = Duration::from_millis(50);
    cfg.flush_every = 2;
    let code = lookup(table);
    let report = run_workers(&cfg, threads, &code).expect("workers");
    (pg, report)
}

#[test]
fn two_and_four_workers_store_what_one_worker_stores() {
    let dbs: Vec<TestDb> = match (1..=3)
        .map(|i| TestDb::create(&format!("concurrent_workers_{i}")))
        .collect::<Option<Vec<_>>>()
    {
        Some(d) => d,
        None => return,
    };
    let docs = corpus();
    let table = coded(&docs);
    let sqlite = sqlite_of(&docs, &table);
    let (one, r1) = run(&dbs[0], &docs, &table, 1);
    assert_eq!(r1.stored, docs.len() - 1, "{r1:?}");
    assert_eq!(r1.duplicates, 1);
    // One worker takes the queue in order: exactly the SQLite store's events.
    same_partition(
        &partition(&one),
        &partition(&sqlite),
        "one worker vs sqlite",
    );
    assert_eq!(
        json(&one.sites(&SiteQuery::default()).unwrap()),
        json(&sqlite.sites(&SiteQuery::default()).unwrap())
    );
    let reference = partition(&one);
    same_partition(
        &reference,
        &partition(&serial_equivalent(&dbs[0], &docs, &table)),
        "one worker vs SQLite",
    );
    for (db, threads) in [(&dbs[1], 2), (&dbs[2], 4)] {
        let (pg, r) = run(db, &docs, &table, threads);
        assert_eq!(
            r.stored + r.duplicates,
            docs.len(),
            "{threads} workers: {r:?}"
        );
        assert_eq!(r.failed, 0);
        // Merging is order-independent (events are the connected components of the merge
        // relation): exactly the events of one worker, whatever order the workers committed in.
        same_partition(
            &partition(&pg),
            &reference,
            &format!("{threads} workers vs one worker"),
        );
        let (a, b) = (one.stats().unwrap(), pg.stats().unwrap());
        assert_eq!(
            (a.documents, a.claims, a.events),
            (b.documents, b.claims, b.events)
        );
        // The summaries too (up to which claim's id an event carries).
        let summaries = |s: &PgStore| -> BTreeSet<String> {
            s.events(&all())
                .unwrap()
                .items
                .into_iter()
                .map(|mut e| {
                    e.id = String::new();
                    serde_json::to_string(&e).unwrap_or_default()
                })
                .collect()
        };
        assert_eq!(
            summaries(&one),
            summaries(&pg),
            "{threads} workers: summaries"
        );
        let site_ids = |s: &PgStore| -> Vec<String> {
            s.sites(&SiteQuery::default())
                .unwrap()
                .into_iter()
                .map(|s| s.id)
                .collect()
        };
        assert_eq!(site_ids(&one), site_ids(&pg));
        assert!(pg.check_consistency().unwrap().is_empty());
        let st = pg.queue_status(Duration::from_secs(60)).unwrap();
        assert_eq!(
            (st.pending, st.in_progress, st.done),
            (0, 0, docs.len() as i64)
        );
        assert_eq!(st.workers.len(), threads);
    }
}

#[test]
fn failed_items_are_reported_with_reasons() {
    let Some(db) = TestDb::create("failed_items") else {
        return;
    };
    let pg = PgStore::open(&db.url).unwrap();
    let docs = vec![second_report()];
    pg.enqueue(&docs).unwrap();
    db.client()
        .batch_execute("INSERT INTO queue (doc_id, doc) VALUES ('broken', '{\"title\": 1}')")
        .unwrap();
    let table = coded(&docs);
    let mut cfg = WorkerConfig::new(&db.url);
    cfg.exit_when_idle = true;
    let report = run_workers(&cfg, 1, &lookup(&table)).unwrap();
    assert_eq!((report.stored, report.failed), (1, 1));
    let st = pg.queue_status(Duration::from_secs(60)).unwrap();
    assert_eq!((st.pending, st.done, st.failed), (0, 1, 1));
    assert!(st.failures[0].reason.contains("not a document"), "{st:?}");
    assert_eq!(st.failures[0].examples, vec!["broken".to_string()]);
    assert_eq!(st.workers[0].done, 1);
    assert_eq!(st.workers[0].failed, 1);
}

/// Waits until the worker `id` sits inside an open transaction; returns its backend pid.
fn wait_in_transaction(db: &TestDb, id: &str, timeout: Duration) -> i32 {
    let mut c = db.client();
    let start = Instant::now();
    loop {
        let row = c
            .query_opt(
                "SELECT a.pid FROM pg_stat_activity a JOIN workers w ON w.backend_pid = a.pid
                 WHERE w.id = $1 AND a.state = 'idle in transaction'",
                &[&id],
            )
            .ok()
            .flatten();
        if let Some(r) = row {
            return r.get(0);
        }
        assert!(
            start.elapsed() < timeout,
            "worker {id} never paused inside its batch"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn lost_connection_is_retried_and_reported() {
    let Some(db) = TestDb::create("lost_connection") else {
        return;
    };
    let docs = corpus();
    let table = coded(&docs);
    let pg = PgStore::open(&db.url).unwrap();
    pg.enqueue(&docs).unwrap();
    let notices: Arc<Mutex<Vec<WorkerNotice>>> = Arc::new(Mutex::new(Vec::new()));
    let sink = notices.clone();
    let mut cfg = WorkerConfig::new(&db.url);
    cfg.id = "flaky".into();
    cfg.batch = 4;
    cfg.exit_when_idle = true;
    cfg.poll = Duration::from_millis(50);
    cfg.pause_in_first_batch = Some(Duration::from_secs(2));
    cfg.notify = Some(Arc::new(move |n: &WorkerNotice| {
        if let Ok(mut v) = sink.lock() {
            v.push(n.clone());
        }
    }));
    let report = std::thread::scope(|s| {
        let h = s.spawn(|| run_workers(&cfg, 1, &lookup(&table)));
        let pid = wait_in_transaction(&db, "flaky", Duration::from_secs(30));
        let killed: bool = db
            .client()
            .query_one("SELECT pg_terminate_backend($1)", &[&pid])
            .unwrap()
            .get(0);
        assert!(killed);
        h.join().expect("worker thread")
    })
    .expect("the worker survives a lost connection");
    assert!(report.reconnects >= 1, "{report:?}");
    assert_eq!(report.stored + report.duplicates, docs.len());
    let seen = notices.lock().unwrap().clone();
    assert!(
        seen.iter()
            .any(|n| matches!(n, WorkerNotice::ConnectionLost { .. })),
        "{seen:?}"
    );
    assert!(seen
        .iter()
        .any(|n| matches!(n, WorkerNotice::Reconnected { .. })));
    let sqlite = sqlite_of(&docs, &table);
    same_partition(&partition(&pg), &partition(&sqlite), "pg vs sqlite");
    let st = pg.queue_status(Duration::from_secs(60)).unwrap();
    assert_eq!(st.done, docs.len() as i64);
    assert!(st.workers[0].reconnects >= 1, "{st:?}");
    assert!(pg.check_consistency().unwrap().is_empty());
}

/// Runs as a worker process when `SITREP_PG_CHILD_URL` is set (spawned by
/// `killed_worker_loses_nothing`); otherwise does nothing.
#[test]
fn child_worker_process() {
    let Ok(url) = std::env::var("SITREP_PG_CHILD_URL") else {
        return;
    };
    let mut cfg = WorkerConfig::new(&url);
    cfg.id = "doomed".into();
    cfg.batch = 5;
    cfg.pause_in_first_batch = Some(Duration::from_secs(120));
    let code = |d: &Document| sitrep_coder::Coder::embedded().code(d);
    let _ = run_workers(&cfg, 1, &code);
}

#[test]
fn killed_worker_loses_nothing_and_duplicates_nothing() {
    let Some(db) = TestDb::create("killed_worker") else {
        return;
    };
    let docs = corpus();
    let table = coded(&docs);
    let pg = PgStore::open(&db.url).unwrap();
    pg.enqueue(&docs).unwrap();
    let exe = std::env::current_exe().expect("test binary");
    let mut child = std::process::Command::new(exe)
        .args([
            "--exact",
            "child_worker_process",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env("SITREP_PG_CHILD_URL", &db.url)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("spawn worker process");
    // The child stored its first document inside its open batch transaction: kill it there.
    wait_in_transaction(&db, "doomed", Duration::from_secs(90));
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let mut c = db.client();
    let claimed: i64 = c
        .query_one(
            "SELECT COUNT(*) FROM queue WHERE claimed_by = 'doomed'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(claimed, 5, "the dead worker's batch stays claimed");
    let stored: i64 = c
        .query_one("SELECT COUNT(*) FROM documents", &[])
        .unwrap()
        .get(0);
    assert_eq!(stored, 0, "nothing of the killed batch was committed");

    let mut cfg = WorkerConfig::new(&db.url);
    cfg.id = "survivor".into();
    cfg.lease = Duration::from_secs(2);
    cfg.exit_when_idle = true;
    cfg.poll = Duration::from_millis(100);
    let report = run_workers(&cfg, 2, &lookup(&table)).unwrap();
    assert_eq!(report.stored + report.duplicates, docs.len(), "{report:?}");
    same_partition(
        &partition(&pg),
        &partition(&serial_equivalent(&db, &docs, &table)),
        "after the kill vs SQLite in commit order",
    );
    let done: i64 = c
        .query_one("SELECT COUNT(DISTINCT id) FROM queue_done", &[])
        .unwrap()
        .get(0);
    assert_eq!(done, docs.len() as i64);
    let attempts: i32 = c
        .query_one(
            "SELECT max(attempts) FROM queue_done d JOIN queue_failed f USING (id)",
            &[],
        )
        .map(|r| r.get::<_, Option<i32>>(0).unwrap_or(0))
        .unwrap();
    assert_eq!(attempts, 0);
    let st = pg.stats().unwrap();
    assert_eq!(st.documents, docs.len() - 1);
    assert!(pg.check_consistency().unwrap().is_empty());
}

#[test]
fn sslmode_require_encrypts_the_connection() {
    let Some(db) = TestDb::create("sslmode_require") else {
        return;
    };
    let mut plain = db.client();
    let ssl_on: String = plain.query_one("SHOW ssl", &[]).unwrap().get(0);
    if ssl_on != "on" {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED sslmode_require_encrypts_the_connection: the server has ssl = {ssl_on}"
        );
        return;
    }
    let url = format!("{}?sslmode=require", db.url);
    let mut client = sitrep_store_pg::connect(&url).expect("TLS connection");
    let encrypted: bool = client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(encrypted);
    // Without sslmode the connection stays plain (the default is not libpq's `prefer`).
    let mut c = sitrep_store_pg::connect(&db.url).unwrap();
    let plain_ssl: bool = c
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(!plain_ssl);
    // The whole store works over TLS.
    let mut pg = PgStore::open(&url).expect("store over TLS");
    let doc = seed_document();
    let table = coded(std::slice::from_ref(&doc));
    let events = lookup(&table)(&doc);
    assert!(matches!(
        pg.ingest(&doc, &events).unwrap(),
        sitrep_store::IngestOutcome::Added { .. }
    ));
    assert!(pg.stats().unwrap().events > 0);
    // An unsupported mode is a user error naming it.
    let err = sitrep_store_pg::connect(&format!("{}?sslmode=verify-full", db.url))
        .err()
        .expect("unsupported sslmode");
    assert!(err.to_string().contains("verify-full"), "{err}");
}

/// A document ingested again with another publication date (or with `reprocess`) is
/// re-coded on PostgreSQL exactly as on SQLite: the same events and sites, nothing else
/// lost, through the store and through a queue worker.
#[test]
fn a_new_publication_date_recodes_the_document_as_on_sqlite() {
    let Some(db) = TestDb::create("recode_publication_date") else {
        return;
    };
    let mut undated = seed_document();
    undated.published = None;
    let dated = seed_document();
    let code = |d: &Document| sitrep_coder::Coder::embedded().code(d);
    let mut pg = PgStore::open(&db.url).expect("open pg store");
    let mut sqlite = SqliteStore::open_in_memory().unwrap();
    for d in [&second_report(), &undated, &dated] {
        let evs = code(d);
        let a = pg.ingest(d, &evs).expect("pg ingest");
        let b = sqlite.ingest(d, &evs).expect("sqlite ingest");
        assert_eq!(
            std::mem::discriminant(&a),
            std::mem::discriminant(&b),
            "{a:?} vs {b:?}"
        );
    }
    assert_eq!(pg.stats().unwrap().documents, 2);
    same_partition(&partition(&pg), &partition(&sqlite), "after re-coding");
    same_json(
        &json(&pg.sites(&SiteQuery::default()).unwrap()),
        &json(&sqlite.sites(&SiteQuery::default()).unwrap()),
        "sites",
    );
    let mut fresh = SqliteStore::open_in_memory().unwrap();
    for d in [&second_report(), &dated] {
        fresh.ingest(d, &code(d)).unwrap();
    }
    same_partition(
        &partition(&pg),
        &partition(&fresh),
        "re-coded vs dated from the start",
    );
    // --reprocess: the same events again.
    let before = partition(&pg);
    let opts = sitrep_store::IngestOptions {
        reprocess: true,
        ..Default::default()
    };
    let out = pg.ingest_batch_with(&[(&dated, &code(&dated))], &opts);
    assert!(
        matches!(out[0], Ok(sitrep_store::IngestOutcome::Reprocessed { .. })),
        "{out:?}"
    );
    same_partition(&partition(&pg), &before, "after --reprocess");
    assert!(pg.check_consistency().unwrap().is_empty());

    // Through the queue: a worker re-codes the undated copy's correction too.
    let Some(db2) = TestDb::create("recode_publication_date_queue") else {
        return;
    };
    let pg2 = PgStore::open(&db2.url).unwrap();
    pg2.enqueue(&[second_report(), undated.clone()]).unwrap();
    let mut cfg = WorkerConfig::new(&db2.url);
    cfg.exit_when_idle = true;
    cfg.poll = Duration::from_millis(50);
    run_workers(&cfg, 1, &code).unwrap();
    pg2.enqueue(std::slice::from_ref(&dated)).unwrap();
    let report = run_workers(&cfg, 1, &code).unwrap();
    assert_eq!(report.stored, 1, "{report:?}");
    same_partition(&partition(&pg2), &partition(&fresh), "worker re-coded");
}
