use rusqlite::params;
use sitrep_picture::{Claim, DocMeta, MergedEvent};
use sitrep_store::synthetic::seed_documents;
use sitrep_store::{EventQuery, EventStore, SiteQuery, SqliteStore, StoreError, LATEST_VERSION};

/// Writes the seed documents into a v1 database the way version 1 of sitrep did (one event
/// per claim, no sites, no indexes of v2).
fn write_v1(path: &std::path::Path) {
    let conn = SqliteStore::create_at_version(path, 1).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    for d in seed_documents() {
        let doc = &d.document;
        conn.execute(
            "INSERT INTO documents (doc_id, content_hash, title, url, published, source, text, ingested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '2026-01-22T00:00:00Z')",
            params![doc.id, doc.content_hash(), doc.title, doc.url, doc.published.map(|p| p.to_string()), doc.source, doc.text],
        )
        .unwrap();
        let row = conn.last_insert_rowid();
        for e in &d.events {
            conn.execute(
                "INSERT INTO claims (id, document, event_type, json) VALUES (?1, ?2, ?3, ?4)",
                params![
                    e.id,
                    row,
                    e.event_type.as_str(),
                    serde_json::to_string(e).unwrap()
                ],
            )
            .unwrap();
            let m = MergedEvent::new(Claim::new(DocMeta::from_document(doc), e.clone()));
            let s = m.summary();
            conn.execute(
                "INSERT INTO events (id, event_type, match_start, match_end, date_start, date_end, n_claims, disputed, fatalities) VALUES (?1, ?2, ?3, ?3, ?3, ?3, 1, 0, 0)",
                params![m.id, e.event_type.as_str(), "2026-01-21"],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO event_summaries (event, summary) VALUES (?1, ?2)",
                params![m.id, serde_json::to_string(&s).unwrap()],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO claim_events (claim, event) VALUES (?1, ?1)",
                params![e.id],
            )
            .unwrap();
        }
    }
}

#[test]
fn opening_a_v1_database_upgrades_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    write_v1(&path);
    let st = SqliteStore::open(&path).unwrap();
    assert_eq!(st.schema_version().unwrap(), LATEST_VERSION);
    assert!(
        st.check_consistency().unwrap().is_empty(),
        "{:?}",
        st.check_consistency()
    );
    let s = st.stats().unwrap();
    assert_eq!((s.documents, s.claims, s.events), (2, 8, 8));
    // v2 features work on the old data: actor index, full text, sites, ceasefire flag.
    let sdf = st
        .events(&EventQuery {
            actor: Some("democratic forces".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(sdf.total >= 4, "{}", sdf.total);
    let text = st
        .events(&EventQuery {
            text: Some("abandoned".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(text.total, 1);
    let sites = st.sites(&SiteQuery::default()).unwrap();
    let prison = sites
        .iter()
        .find(|s| s.kind == "prison")
        .expect("sites rebuilt");
    assert_eq!(prison.detention.recaptured.as_ref().unwrap().value, 81);
    assert_eq!(st.ceasefires(None).unwrap().len(), 1);
    // The claims' matching columns are back-filled, so old claims are merge candidates.
    let unfilled: i64 = st
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM claims WHERE match_start IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unfilled, 0);
    drop(st);
    // Opening again is a no-op.
    let mut st = SqliteStore::open(&path).unwrap();
    assert_eq!(st.stats().unwrap().events, 8);
    // A new report of the escape merges with the old claims.
    let second = seed_documents()
        .into_iter()
        .find(|d| d.document.id != "voa-shaddadi")
        .expect("second report");
    let mut doc = second.document.clone();
    doc.id = "another-outlet".into();
    doc.text.push_str(" (another outlet)");
    let out = st.ingest(&doc, &second.events).unwrap();
    assert!(
        matches!(out, sitrep_store::IngestOutcome::Added { merged, .. } if merged >= 1),
        "{out:?}"
    );
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    drop(SqliteStore::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    match SqliteStore::open(&path) {
        Err(e @ StoreError::NewerSchema { found: 99, .. }) => assert!(e.is_user_error()),
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("opened a newer database"),
    }
}

#[test]
fn a_file_that_is_not_a_database_is_a_user_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.db");
    std::fs::write(&path, vec![0x42u8; 4096]).unwrap();
    match SqliteStore::open(&path) {
        Err(e) => assert!(e.is_user_error(), "{e:?}"),
        Ok(_) => panic!("opened junk"),
    }
}

#[test]
fn file_store_persists() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    {
        let mut st = SqliteStore::open(&path).unwrap();
        for d in seed_documents() {
            st.ingest(&d.document, &d.events).unwrap();
        }
    }
    let st = SqliteStore::open(&path).unwrap();
    assert_eq!(st.stats().unwrap().claims, 8);
    assert_eq!(st.sites(&SiteQuery::default()).unwrap().len(), 3);
}
