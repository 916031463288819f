//! Regression test of the quadratic ingest: a document that repeats one event sentence makes
//! thousands of claims of one event, and each new claim was compared with every claim
//! already in it (a 2 MiB document took many minutes). A claim is now compared with one
//! claim per distinct content of an event, so the work per claim is bounded.

use sitrep_model::testing::{day, entity, EventBuilder};
use sitrep_model::{Document, EventType};
use sitrep_store::{EventStore, IngestOptions, IngestOutcome, SqliteStore};
use std::time::{Duration, Instant};

const SENTENCE: &str =
    "Rebels attacked an army post near the town on Monday, killing five soldiers, the army said. ";

/// A document of `n` copies of one sentence, with the event the coder codes in each copy
/// (same content, other offsets).
fn repeated(n: usize) -> (Document, Vec<sitrep_model::Event>) {
    let mut doc = Document::new("repeated", SENTENCE.repeat(n));
    doc.published = "2026-01-21".parse().ok();
    let events = (0..n)
        .map(|i| {
            EventBuilder::new(
                "repeated",
                EventType::Assault,
                None,
                SENTENCE.trim_end(),
                i * SENTENCE.len(),
            )
            .actor(entity("Rebels", "SYR", &["REB"]))
            .recipient(entity("Syria: Military", "SYR", &["MIL"]))
            .on(day("2026-01-19"))
            .build()
        })
        .collect();
    (doc, events)
}

fn ingest(copies: usize) -> (Duration, u64, u64, SqliteStore) {
    let (doc, events) = repeated(copies);
    let mut st = SqliteStore::open_in_memory().unwrap();
    let t = Instant::now();
    // No cap: the work itself must be linear (the cap is tested below).
    let opts = IngestOptions {
        max_claims_per_document: usize::MAX,
        ..Default::default()
    };
    let out = st
        .ingest_batch_with(&[(&doc, &events)], &opts)
        .pop()
        .unwrap()
        .unwrap();
    let elapsed = t.elapsed();
    let IngestOutcome::Added {
        claims,
        new_events,
        dropped_claims,
        ..
    } = out
    else {
        panic!("{out:?}")
    };
    assert_eq!(claims, events.len());
    assert_eq!(dropped_claims, 0);
    assert_eq!(new_events, 1, "every copy reports the same happening");
    let c = st.ingest_counters();
    assert_eq!(c.claims, claims as u64);
    (elapsed, c.claims, c.comparisons, st)
}

#[test]
fn a_2_mib_repeated_sentence_document_ingests_in_linear_time() {
    let copies = 256 * 1024 / SENTENCE.len();
    let (small_t, small_claims, small_cmp, _) = ingest(copies);
    let (big_t, big_claims, big_cmp, st) = ingest(copies * 8);
    eprintln!("256 KiB: {small_t:?}, {small_claims} claims, {small_cmp} comparisons; 2 MiB: {big_t:?}, {big_claims} claims, {big_cmp} comparisons");
    assert_eq!(big_claims, small_claims * 8);
    // One claim stands for every copy (once the event is past the few claims that are
    // compared one by one): about one comparison per claim, where each claim used to be
    // compared with all the claims before it.
    assert!(
        big_cmp <= 2 * big_claims,
        "{big_cmp} comparisons for {big_claims} claims"
    );
    assert!(small_cmp <= 2 * small_claims);
    // Time: eight times the text should take about eight times as long (quadratic work
    // took 64 times as long); the bound is loose for a busy machine.
    let bound = small_t.max(Duration::from_millis(100)) * 8 * 4;
    assert!(
        big_t < bound,
        "256 KiB took {small_t:?}, 2 MiB took {big_t:?} (more than {bound:?})"
    );
    let e = st.events(&Default::default()).unwrap();
    assert_eq!(e.items[0].claim_count as u64, big_claims);
}

#[test]
fn claims_beyond_the_per_document_limit_are_dropped_and_counted() {
    let (doc, events) = repeated(64 * 1024 / SENTENCE.len());
    let mut st = SqliteStore::open_in_memory().unwrap();
    let opts = IngestOptions {
        max_claims_per_document: 100,
        ..Default::default()
    };
    let out = st
        .ingest_batch_with(&[(&doc, &events)], &opts)
        .pop()
        .unwrap()
        .unwrap();
    assert_eq!(out.dropped_claims(), events.len() - 100);
    assert_eq!(st.stats().unwrap().claims, 100);
}
