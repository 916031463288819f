//! The seed article, coded by the real coder and stored: the situation picture the issue's
//! acceptance asks for (the coder's output is the input here, so this test follows the
//! coder's quality).

use sitrep_model::Document;
use sitrep_store::{EventStore, SiteQuery, SqliteStore};
use std::path::Path;

fn seed_document() -> Document {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../coder/tests/fixtures/shaddadi/article.txt");
    let text = std::fs::read_to_string(path).expect("seed article fixture");
    let mut doc = Document::new("shaddadi", text);
    doc.published = chrono::NaiveDate::from_ymd_opt(2026, 1, 21);
    doc.source = Some("VOA".into());
    doc
}

#[test]
fn seed_article_situation_picture() {
    let doc = seed_document();
    let events = sitrep_coder::Coder::embedded().code(&doc);
    let mut st = SqliteStore::open_in_memory().unwrap();
    st.ingest(&doc, &events).unwrap();
    let sites = st.sites(&SiteQuery::default()).unwrap();
    let names = |v: &[String]| v.join("; ").to_lowercase();

    let prison = sites
        .iter()
        .find(|s| s.kind == "prison")
        .expect("a prison site");
    assert!(prison.name.to_lowercase().contains("shaddadi"));
    assert_eq!(prison.country.as_deref(), Some("SYR"));
    assert!(
        prison.admin1.as_deref().unwrap_or("").contains("asakah"),
        "{:?}",
        prison.admin1
    );
    let d = &prison.detention;
    let (esc, rec, at) = (
        d.escaped.as_ref().unwrap(),
        d.recaptured.as_ref().unwrap(),
        d.at_large.as_ref().unwrap(),
    );
    assert_eq!((esc.value, rec.value, at.value), (120, 81, 39));
    for c in [esc, rec] {
        assert!(
            c.sources.iter().all(|s| s
                .source
                .as_deref()
                .unwrap_or("")
                .to_lowercase()
                .contains("interior")),
            "{c:?}"
        );
    }
    // Control passes from the Kurdish-led forces to government forces.
    assert!(!prison.control.is_empty());
    let before = names(&prison.controller_before);
    let now = names(&prison.controller);
    assert!(
        before.contains("kurdish") || before.contains("democratic forces"),
        "{before}"
    );
    assert!(now.contains("government"), "{now}");

    let camp = sites
        .iter()
        .find(|s| s.kind == "camp")
        .expect("a camp site");
    assert!(camp.name.to_lowercase().contains("hol"));
    let pop = camp.population.as_ref().expect("camp population");
    assert!(pop.approximate && pop.value >= 10_000, "{pop:?}");
    let w = camp
        .control
        .iter()
        .find(|c| c.how.contains("withdrew"))
        .expect("the SDF withdrawal");
    assert_eq!(w.date, chrono::NaiveDate::from_ymd_opt(2026, 1, 20));
    assert!(names(&w.from).contains("democratic forces"));
    assert!(
        w.disputed,
        "the government's contrary claim is kept as a dispute: {w:?}"
    );
    assert!(w
        .sources
        .iter()
        .any(|s| s.source.as_deref().unwrap_or("").contains("Government")));
}
