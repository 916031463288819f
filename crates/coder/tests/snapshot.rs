//! Snapshot of the coder's output on the seed article, in a compact form (one line per event),
//! so that any change in what is coded shows up in review. Update with `cargo insta review` or
//! `INSTA_UPDATE=always cargo test -p sitrep-coder --test snapshot` after checking the diff.

use sitrep_coder::Coder;
use sitrep_model::{Document, Entity, Event};

fn names(v: &[Entity]) -> String {
    v.iter()
        .map(|e| e.name.as_str())
        .collect::<Vec<_>>()
        .join(" + ")
}

fn line(e: &Event) -> String {
    let mut s = format!(
        "{}{} [{}..{}] {} -> {}",
        e.event_type,
        e.mode
            .as_deref()
            .map(|m| format!("/{m}"))
            .unwrap_or_default(),
        e.evidence.start,
        e.evidence.end,
        names(&e.actor),
        names(&e.recipient)
    );
    if let Some(l) = &e.location {
        s.push_str(&format!(" @{} p{}", l.name, l.precision));
    }
    if let Some(d) = &e.date {
        s.push_str(&format!(" on {}", d.value.as_deref().unwrap_or("?")));
    }
    for q in &e.quantities {
        s.push_str(&format!(" {}={}", q.kind.as_str(), q.value));
    }
    if let Some(src) = &e.source {
        s.push_str(&format!(" per {}", src.name));
    }
    for (flag, on) in [
        ("historical", e.historical),
        ("future", e.future),
        ("hypothetical", e.hypothetical),
        ("negated", e.negated),
    ] {
        if on {
            s.push_str(&format!(" [{flag}]"));
        }
    }
    if let Some(a) = &e.acled {
        s.push_str(&format!(" | {}", a.sub_event_type));
    }
    s
}

#[test]
fn seed_article_events() {
    let text = include_str!("fixtures/shaddadi/article.txt");
    let doc = Document {
        published: chrono::NaiveDate::from_ymd_opt(2026, 1, 21),
        ..Document::new("shaddadi", text)
    };
    let events = Coder::embedded().code(&doc);
    let out = events.iter().map(line).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!(out);
}
