use sitrep_model::{EventType, QuantityKind};
use sitrep_store::synthetic::{generate, seed_documents};
use sitrep_store::{EventQuery, EventStore, IngestOutcome, SiteQuery, SqliteStore, StoreError};

fn seeded() -> SqliteStore {
    let mut st = SqliteStore::open_in_memory().unwrap();
    for d in seed_documents() {
        st.ingest(&d.document, &d.events).unwrap();
    }
    st
}

#[test]
fn seed_article_picture_from_the_store() {
    let st = seeded();
    let stats = st.stats().unwrap();
    assert_eq!(stats.documents, 2);
    assert_eq!(stats.claims, 8);
    assert_eq!(stats.events, 6);
    assert!(st.check_consistency().unwrap().is_empty());

    let esc = st
        .events(&EventQuery {
            event_type: Some(EventType::Escape),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(esc.total, 1);
    let e = &esc.items[0];
    assert_eq!(e.claim_count, 2);
    assert!(e.disputed);
    let f = e.figure(QuantityKind::Escaped).unwrap();
    assert_eq!((f.best, f.high), (120, 1500));
    assert_eq!(f.figures.len(), 2);

    let sites = st.sites(&SiteQuery::default()).unwrap();
    let prison = sites.iter().find(|s| s.kind == "prison").unwrap();
    assert_eq!(prison.name, "al-Shaddadi prison");
    assert_eq!(prison.detention.escaped.as_ref().unwrap().value, 120);
    assert_eq!(prison.detention.recaptured.as_ref().unwrap().value, 81);
    assert_eq!(prison.detention.at_large.as_ref().unwrap().value, 39);
    assert_eq!(prison.controller_before, vec!["Syrian Democratic Forces"]);
    assert_eq!(prison.controller, vec!["Syria: Military"]);
    let camp = sites.iter().find(|s| s.kind == "camp").unwrap();
    assert!(camp.control[0].disputed);
    assert!(camp.population.as_ref().unwrap().approximate);

    let cfs = st.ceasefires(Some("SYR")).unwrap();
    assert_eq!(cfs.len(), 1);
    assert_eq!(cfs[0].violations.len(), 1);

    // One event with its claims, by id prefix.
    let detail = st.event(&e.id[..8]).unwrap();
    assert_eq!(detail.event.claims.len(), 2);
    assert_eq!(detail.documents.len(), 2);
    assert!(detail
        .documents
        .iter()
        .any(|d| d.source.as_deref() == Some("Kurdish outlet")));
}

#[test]
fn reingest_changes_nothing() {
    let mut st = seeded();
    let before = st.stats().unwrap();
    let log_before: i64 = st
        .connection()
        .query_row("SELECT COUNT(*) FROM ingest_log", [], |r| r.get(0))
        .unwrap();
    for d in seed_documents() {
        let out = st.ingest(&d.document, &d.events).unwrap();
        assert!(matches!(out, IngestOutcome::Duplicate { .. }), "{out:?}");
    }
    assert_eq!(st.stats().unwrap(), before);
    let log_after: i64 = st
        .connection()
        .query_row("SELECT COUNT(*) FROM ingest_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(log_before, log_after);
}

#[test]
fn same_id_other_content_is_a_second_document() {
    let mut st = SqliteStore::open_in_memory().unwrap();
    let mut docs = seed_documents();
    let d = docs.remove(1);
    st.ingest(&d.document, &d.events).unwrap();
    let mut changed = d.document.clone();
    changed.text.push_str(" Updated.");
    let out = st.ingest(&changed, &d.events).unwrap();
    assert!(matches!(out, IngestOutcome::Added { .. }));
    let s = st.stats().unwrap();
    assert_eq!((s.documents, s.claims), (2, 2));
    assert!(st.check_consistency().unwrap().is_empty());
}

#[test]
fn failed_ingest_leaves_no_partial_rows_and_rerun_completes() {
    let mut st = SqliteStore::open_in_memory().unwrap();
    let docs = seed_documents();
    st.fail_after_claims(Some(3));
    let err = st.ingest(&docs[0].document, &docs[0].events).unwrap_err();
    assert!(matches!(err, StoreError::Injected(_)));
    let s = st.stats().unwrap();
    assert_eq!((s.documents, s.claims, s.events, s.sites), (0, 0, 0, 0));
    let logs: i64 = st
        .connection()
        .query_row("SELECT COUNT(*) FROM ingest_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(logs, 0);
    st.fail_after_claims(None);
    for d in &docs {
        st.ingest(&d.document, &d.events).unwrap();
    }
    assert_eq!(st.stats().unwrap().claims, 8);
    assert!(st.check_consistency().unwrap().is_empty());
}

#[test]
fn queries_filter_and_page() {
    let mut st = SqliteStore::open_in_memory().unwrap();
    for d in generate(600, 7) {
        st.ingest(&d.document, &d.events).unwrap();
    }
    assert!(st.check_consistency().unwrap().is_empty());
    let all = st.events(&EventQuery::default()).unwrap();
    assert!(all.total > 300, "{}", all.total);
    assert!(all.total < 600, "some claims merged: {}", all.total);
    // Newest first.
    let dates: Vec<_> = all.items.iter().map(|s| s.effective_date()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);

    let page1 = st
        .events(&EventQuery {
            limit: Some(10),
            ..Default::default()
        })
        .unwrap();
    let page2 = st
        .events(&EventQuery {
            limit: Some(10),
            offset: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page1.items.len(), 10);
    assert_eq!(page1.total, all.total);
    assert_eq!(page2.items[0].id, all.items[10].id);

    let irq = st
        .events(&EventQuery {
            country: Some("irq".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(
        irq.total > 0
            && irq
                .items
                .iter()
                .all(|s| s.country().as_deref() == Some("IRQ"))
    );

    let since = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    let until = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
    let june = st
        .events(&EventQuery {
            since: Some(since),
            until: Some(until),
            ..Default::default()
        })
        .unwrap();
    assert!(june.total > 0);
    assert!(june.items.iter().all(|s| {
        let d = s.date.unwrap();
        d.end >= since && d.start <= until
    }));

    let esc = st
        .events(&EventQuery {
            event_type: Some(EventType::Escape),
            ..Default::default()
        })
        .unwrap();
    assert!(esc.total > 0 && esc.items.iter().all(|s| s.event_type == EventType::Escape));

    let m23 = st
        .events(&EventQuery {
            actor: Some("m23".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(m23.total > 0);
    assert!(m23.items.iter().all(|s| s
        .actor_names()
        .iter()
        .chain(s.recipient_names().iter())
        .any(|n| n == "M23")));

    let goma = st
        .events(&EventQuery {
            place: Some("goma".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(
        goma.total > 0
            && goma
                .items
                .iter()
                .all(|s| s.location.as_ref().unwrap().name == "Goma")
    );

    // Bounding box around northern Iraq.
    let bbox = st
        .events(&EventQuery {
            bbox: Some((41.0, 35.0, 45.0, 37.0)),
            ..Default::default()
        })
        .unwrap();
    assert!(bbox.total > 0);
    assert!(bbox.items.iter().all(|s| {
        let l = s.location.as_ref().unwrap();
        (35.0..=37.0).contains(&l.lat.unwrap()) && (41.0..=45.0).contains(&l.lon.unwrap())
    }));

    let text = st
        .events(&EventQuery {
            text: Some("drone strike".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(
        text.total > 0
            && text
                .items
                .iter()
                .all(|s| s.mode.as_deref() == Some("drone"))
    );

    assert!(matches!(
        st.events(&EventQuery {
            text: Some("  ".into()),
            ..Default::default()
        }),
        Err(StoreError::InvalidQuery(_))
    ));
    assert!(matches!(st.event("zzzzzzzz"), Err(StoreError::NotFound(_))));
    assert!(matches!(st.event(""), Err(StoreError::InvalidQuery(_))));

    let sites = st
        .sites(&SiteQuery {
            kind: Some("prison".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(sites.iter().all(|s| s.kind == "prison"));
    let sites_syr = st
        .sites(&SiteQuery {
            country: Some("SYR".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(
        !sites_syr.is_empty()
            && sites_syr
                .iter()
                .all(|s| s.country.as_deref() == Some("SYR"))
    );
}

#[test]
fn ambiguous_prefix_is_reported() {
    let mut st = SqliteStore::open_in_memory().unwrap();
    for d in generate(400, 3) {
        st.ingest(&d.document, &d.events).unwrap();
    }
    // With a few hundred hex ids, some 1-character prefix is shared; 4 characters is the minimum.
    let all = st.events(&EventQuery::default()).unwrap();
    let first = &all.items[0].id;
    let prefix: String = first.chars().take(4).collect();
    let sharing = all
        .items
        .iter()
        .filter(|s| s.id.starts_with(&prefix))
        .count();
    match st.event(&prefix) {
        Ok(d) => assert_eq!(sharing, 1, "{}", d.summary.id),
        Err(StoreError::AmbiguousId { count, .. }) => assert_eq!(count, sharing),
        Err(e) => panic!("{e}"),
    }
    assert!(matches!(st.event("abc"), Err(StoreError::NotFound(_))));
}

/// The army, the SDF and Raqqa (test fixtures of merge tests).
fn raqqa_parties() -> (
    sitrep_model::Entity,
    sitrep_model::Entity,
    sitrep_model::Location,
) {
    use sitrep_store::synthetic::{entity, place};
    (
        entity("Syria: Military", "SYR", &["MIL"]),
        entity("Syrian Democratic Forces", "SYR", &["REB"]),
        place(
            "Raqqa",
            163915,
            35.95,
            39.01,
            "SYR",
            "Ar-Raqqah",
            "PPLA",
            None,
        ),
    )
}

#[test]
fn claims_with_long_periods_are_found_as_merge_candidates() {
    use sitrep_model::{DatePrecision, Document, EventDate};
    use sitrep_store::synthetic::event;
    let mut st = SqliteStore::open_in_memory().unwrap();
    let (army, sdf, raqqa) = raqqa_parties();
    let mk = |id: &str, published: (i32, u32, u32), date: EventDate| {
        let mut doc = Document::new(
            id,
            format!("Government forces took Raqqa from the SDF ({id})."),
        );
        doc.published = chrono::NaiveDate::from_ymd_opt(published.0, published.1, published.2);
        let text = doc.text.clone();
        let ev = event(&doc, EventType::Coerce, Some("seize"), &text)
            .actor(army.clone())
            .recipient(sdf.clone())
            .at(raqqa.clone())
            .on(date)
            .build();
        (doc, ev)
    };
    let year = EventDate {
        text: "this year".into(),
        value: Some("2025-01-01".into()),
        end: Some("2025-12-31".into()),
        precision: DatePrecision::Year,
        span: None,
    };
    let (d1, e1) = mk("year", (2025, 12, 30), year);
    let (d2, e2) = mk(
        "day",
        (2025, 11, 3),
        sitrep_store::synthetic::day(chrono::NaiveDate::from_ymd_opt(2025, 11, 2).unwrap()),
    );
    st.ingest(&d1, &[e1]).unwrap();
    // Unrelated events in between so that the coarse one is far from the day in the index.
    for d in generate(300, 5) {
        st.ingest(&d.document, &d.events).unwrap();
    }
    let out = st.ingest(&d2, &[e2]).unwrap();
    assert!(
        matches!(out, IngestOutcome::Added { merged: 1, .. }),
        "{out:?}"
    );
}

/// Clashes in one town on successive days: each report matches the reports of the day
/// before and after (one-day tolerance), not those two days away.
fn clash_reports() -> Vec<(sitrep_model::Document, sitrep_model::Event)> {
    use sitrep_model::Document;
    use sitrep_store::synthetic::{day, event};
    let (army, sdf, raqqa) = raqqa_parties();
    (0..8)
        .map(|i: u32| {
            let d = chrono::NaiveDate::from_ymd_opt(2025, 3, 1 + i).unwrap();
            let mut doc = Document::new(
                format!("clash-{i}"),
                format!("Government forces clashed with the SDF in Raqqa (report {i})."),
            );
            doc.published = d.succ_opt();
            let text = doc.text.clone();
            let ev = event(&doc, EventType::Assault, Some("clash"), &text)
                .actor(army.clone())
                .recipient(sdf.clone())
                .at(raqqa.clone())
                .on(day(d))
                .build();
            (doc, ev)
        })
        .collect()
}

fn partition_of(st: &SqliteStore) -> std::collections::BTreeSet<Vec<String>> {
    st.merged_events(&EventQuery::default())
        .unwrap()
        .into_iter()
        .map(|e| {
            let mut ids: Vec<String> = e.claims.into_iter().map(|c| c.doc.id).collect();
            ids.sort();
            ids
        })
        .collect()
}

#[test]
fn a_report_matching_two_events_merges_them_whatever_the_order() {
    let reports = clash_reports();
    // Days 0 and 2 first (two events), then 4..7 (one chain of four), then day 1 (joins
    // days 0 and 2), then day 3 (joins the three-claim event to the four-claim one, so the
    // event that already has an alias is absorbed in turn).
    let order = [0usize, 2, 4, 5, 6, 7, 1, 3];
    let mut st = SqliteStore::open_in_memory().unwrap();
    let mut first_ids = Vec::new();
    for &i in &order {
        let (doc, ev) = &reports[i];
        st.ingest(doc, std::slice::from_ref(ev)).unwrap();
        first_ids.push(ev.id.clone());
    }
    let p = partition_of(&st);
    assert_eq!(p.len(), 1, "{p:?}");
    let events = st.events(&EventQuery::default()).unwrap();
    assert_eq!(events.total, 1);
    let id = events.items[0].id.clone();
    // Every event id ever handed out still resolves (absorbed ones through their alias).
    for old in &first_ids {
        assert_eq!(st.event(old).unwrap().summary.id, id, "{old}");
    }
    assert!(st.check_consistency().unwrap().is_empty());
    // Any other order gives the same event with the same summary (up to its id).
    for order in [[7usize, 6, 5, 4, 3, 2, 1, 0], [3, 1, 0, 2, 7, 5, 4, 6]] {
        let mut other = SqliteStore::open_in_memory().unwrap();
        let items: Vec<(&sitrep_model::Document, Vec<sitrep_model::Event>)> = order
            .iter()
            .map(|&i| (&reports[i].0, vec![reports[i].1.clone()]))
            .collect();
        let batch: Vec<(&sitrep_model::Document, &[sitrep_model::Event])> =
            items.iter().map(|(d, e)| (*d, e.as_slice())).collect();
        for r in other.ingest_batch(&batch) {
            r.unwrap();
        }
        assert_eq!(partition_of(&other), p);
        let mut a = st.events(&EventQuery::default()).unwrap().items[0].clone();
        let mut b = other.events(&EventQuery::default()).unwrap().items[0].clone();
        a.id = String::new();
        b.id = String::new();
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::to_value(&b).unwrap()
        );
    }
}

#[test]
fn reports_two_days_apart_stay_apart() {
    let reports = clash_reports();
    let mut st = SqliteStore::open_in_memory().unwrap();
    for i in [0usize, 2, 4] {
        let (doc, ev) = &reports[i];
        st.ingest(doc, std::slice::from_ref(ev)).unwrap();
    }
    assert_eq!(partition_of(&st).len(), 3);
}

/// Regression test for the per-document reuse of candidate searches (`SearchMemo`): two
/// claims of one report ask the same search; the first joins the events of the days before
/// and after and so absorbs one of them, which the second claim's reused answer still
/// names. The result must be what separate reports give: one event with every claim.
#[test]
fn claims_of_one_report_sharing_a_search_merge_like_separate_reports() {
    use sitrep_model::Document;
    use sitrep_store::synthetic::{day, event};
    let reports = clash_reports();
    let (army, sdf, raqqa) = raqqa_parties();
    let d = chrono::NaiveDate::from_ymd_opt(2025, 3, 2).unwrap();
    let mut digest = Document::new(
        "digest",
        "Government forces clashed with the SDF in Raqqa. Fighting between the army and the SDF went on in Raqqa.",
    );
    digest.published = d.succ_opt();
    let claims: Vec<sitrep_model::Event> = ["clashed with the SDF", "Fighting between the army"]
        .iter()
        .map(|ev| {
            event(&digest, EventType::Assault, Some("clash"), ev)
                .actor(army.clone())
                .recipient(sdf.clone())
                .at(raqqa.clone())
                .on(day(d))
                .build()
        })
        .collect();
    assert_ne!(claims[0].id, claims[1].id);

    let mut one = SqliteStore::open_in_memory().unwrap();
    let mut separate = SqliteStore::open_in_memory().unwrap();
    for i in [0usize, 2] {
        let (doc, ev) = &reports[i];
        one.ingest(doc, std::slice::from_ref(ev)).unwrap();
        separate.ingest(doc, std::slice::from_ref(ev)).unwrap();
    }
    assert_eq!(partition_of(&one).len(), 2);
    one.ingest(&digest, &claims).unwrap();
    for (i, c) in claims.iter().enumerate() {
        let mut doc = digest.clone();
        doc.id = format!("digest-{i}");
        doc.text.push_str(&format!(" (part {i})"));
        separate.ingest(&doc, std::slice::from_ref(c)).unwrap();
    }
    for st in [&one, &separate] {
        let events = st.merged_events(&EventQuery::default()).unwrap();
        assert_eq!(events.len(), 1, "{:?}", partition_of(st));
        assert_eq!(events[0].claims.len(), 4);
        assert!(st.check_consistency().unwrap().is_empty());
    }
}
