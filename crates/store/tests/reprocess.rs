//! Fixing a document's publication date: ingesting it again with another date (or with
//! `reprocess`) re-codes it and replaces its claims; the events and sites are what ingesting
//! it with the right date in the first place gives, and nothing else is lost.

use sitrep_model::Document;
use sitrep_store::{EventQuery, EventStore, IngestOptions, IngestOutcome, SiteQuery, SqliteStore};
use std::collections::BTreeSet;
use std::path::Path;

fn seed_document(published: Option<&str>) -> Document {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../coder/tests/fixtures/shaddadi/article.txt");
    let text = std::fs::read_to_string(path).expect("seed article fixture");
    let mut doc = Document::new("shaddadi", text);
    doc.published = published.and_then(|d| d.parse().ok());
    doc.source = Some("VOA".into());
    doc
}

/// A second (invented, test-only) report of the same days from another outlet.
fn second_report() -> Document {
    let text = "Syrian government forces took control of al-Shaddadi prison in Hasakah province \
on Tuesday after the Syrian Democratic Forces withdrew, the interior ministry said. The ministry \
said 120 inmates escaped during the fighting and 81 had been recaptured by Wednesday.";
    let mut doc = Document::new("second-report", text);
    doc.published = "2026-01-21".parse().ok();
    doc.source = Some("Other Wire".into());
    doc
}

fn ingest(st: &mut SqliteStore, doc: &Document, opts: &IngestOptions) -> IngestOutcome {
    let events = sitrep_coder::Coder::embedded().code(doc);
    st.ingest_batch_with(&[(doc, &events)], opts)
        .pop()
        .unwrap()
        .unwrap()
}

/// Which claims are in which event (independent of event ids).
fn partition(st: &SqliteStore) -> BTreeSet<BTreeSet<String>> {
    st.merged_events(&EventQuery::default())
        .unwrap()
        .into_iter()
        .map(|e| e.claims.into_iter().map(|c| c.id).collect())
        .collect()
}

/// The sites without event ids (which depend on the order reports arrived in).
fn sites(st: &SqliteStore) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("event_id");
                m.remove("events");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(st.sites(&SiteQuery::default()).unwrap()).unwrap();
    strip(&mut v);
    v
}

#[test]
fn a_new_publication_date_recodes_the_document_and_replaces_its_claims() {
    let defaults = IngestOptions::default();
    // Ingested without a date first (relative dates unresolved), next to another report.
    let mut fixed = SqliteStore::open_in_memory().unwrap();
    ingest(&mut fixed, &second_report(), &defaults);
    let first = ingest(&mut fixed, &seed_document(None), &defaults);
    assert!(matches!(first, IngestOutcome::Added { .. }), "{first:?}");
    let undated = partition(&fixed);
    // The same text again without a date, or with none given: nothing changes.
    let again = ingest(&mut fixed, &seed_document(None), &defaults);
    assert!(
        matches!(again, IngestOutcome::Duplicate { .. }),
        "{again:?}"
    );
    // With the date: re-coded.
    let out = ingest(&mut fixed, &seed_document(Some("2026-01-21")), &defaults);
    let IngestOutcome::Reprocessed { claims, .. } = out else {
        panic!("{out:?}")
    };
    assert!(claims > 0);
    assert_ne!(partition(&fixed), undated, "the dates changed the merges");

    // What ingesting it with the date in the first place gives.
    let mut right = SqliteStore::open_in_memory().unwrap();
    ingest(&mut right, &second_report(), &defaults);
    ingest(&mut right, &seed_document(Some("2026-01-21")), &defaults);
    assert_eq!(partition(&fixed), partition(&right));
    assert_eq!(sites(&fixed), sites(&right));
    let (a, b) = (fixed.stats().unwrap(), right.stats().unwrap());
    assert_eq!(
        (a.documents, a.claims, a.events),
        (b.documents, b.claims, b.events)
    );
    assert!(fixed.check_consistency().unwrap().is_empty());
    let docs = fixed.documents(&["shaddadi".to_string()]).unwrap();
    assert_eq!(docs[0].published, "2026-01-21".parse().ok());

    // The seed article's picture holds: al-Shaddadi 120 / 81 / 39.
    let all = fixed.sites(&SiteQuery::default()).unwrap();
    let prison = all.iter().find(|s| s.kind == "prison").expect("prison");
    let d = &prison.detention;
    let v = |f: &Option<sitrep_picture::sites::Count>| f.as_ref().map(|c| c.value);
    assert_eq!(
        (v(&d.escaped), v(&d.recaptured), v(&d.at_large)),
        (Some(120), Some(81), Some(39))
    );

    // An event id that was in use still answers (an alias when the event was re-made).
    for id in fixed
        .connection()
        .prepare("SELECT alias FROM event_aliases")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
    {
        fixed.event(&id.unwrap()).expect("alias resolves");
    }
}

#[test]
fn reprocess_recodes_a_document_whose_date_did_not_change() {
    let defaults = IngestOptions::default();
    let mut st = SqliteStore::open_in_memory().unwrap();
    ingest(&mut st, &second_report(), &defaults);
    ingest(&mut st, &seed_document(Some("2026-01-21")), &defaults);
    let (before, sites_before) = (partition(&st), sites(&st));
    let ids_before: BTreeSet<String> = st
        .events(&EventQuery::default())
        .unwrap()
        .items
        .into_iter()
        .map(|e| e.id)
        .collect();
    let again = ingest(&mut st, &seed_document(Some("2026-01-21")), &defaults);
    assert!(
        matches!(again, IngestOutcome::Duplicate { .. }),
        "{again:?}"
    );
    let out = ingest(
        &mut st,
        &seed_document(Some("2026-01-21")),
        &IngestOptions {
            reprocess: true,
            ..IngestOptions::default()
        },
    );
    assert!(matches!(out, IngestOutcome::Reprocessed { .. }), "{out:?}");
    assert_eq!(partition(&st), before);
    assert_eq!(sites(&st), sites_before);
    // Re-coding the same text gives the same events, with the same ids.
    let ids_after: BTreeSet<String> = st
        .events(&EventQuery::default())
        .unwrap()
        .items
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids_after, ids_before);
    assert_eq!(st.stats().unwrap().documents, 2);
    assert!(st.check_consistency().unwrap().is_empty());
}
