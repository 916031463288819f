//! The situation picture of the VOA development stories (`crates/coder/tests/fixtures/voa-dev`,
//! publication dates from each story's `meta.json`) ingested together into one store: every
//! site has something site-like behind it (a named facility, a change of control, an escape or
//! a release), and the report's key developments are few, current happenings, never
//! statements.

mod common;

use common::sitrep;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn stories_jsonl(dir: &Path) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../coder/tests/fixtures/voa-dev");
    let mut lines = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("voa-dev fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("article.txt").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 10, "the VOA development stories are there");
    for d in dirs {
        let text = std::fs::read_to_string(d.join("article.txt")).expect("article");
        let meta: Value =
            serde_json::from_str(&std::fs::read_to_string(d.join("meta.json")).expect("meta.json"))
                .expect("meta.json is JSON");
        let id = d.file_name().and_then(|n| n.to_str()).unwrap_or("story");
        let mut rec = serde_json::json!({"id": id, "source": "VOA", "text": text});
        for k in ["published", "title", "url"] {
            if let Some(v) = meta.get(k) {
                rec[k] = v.clone();
            }
        }
        lines.push(rec.to_string());
    }
    let path = dir.join("voa.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write stories");
    path
}

/// Whether the event is something that makes its place a site.
fn site_like(e: &Value) -> bool {
    let t = e["event_type"].as_str().unwrap_or("");
    let mode = e["mode"].as_str().unwrap_or("");
    let sub = e["acled"]["sub_event_type"].as_str().unwrap_or("");
    let facility = !e["location"]["facility"].is_null();
    let territorial = matches!(
        sub,
        "Government regains territory"
            | "Non-state actor overtakes territory"
            | "Non-violent transfer of territory"
    );
    let figure = |k: &str| {
        e["figures"]
            .as_array()
            .is_some_and(|fs| fs.iter().any(|f| f["kind"] == k))
    };
    facility
        || territorial
        || (t == "COERCE" && mode == "seize")
        || (t == "RETREAT" && mode == "withdraw")
        || t == "ESCAPE"
        || figure("released")
}

#[test]
fn voa_stories_make_no_site_where_nothing_site_like_happened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = stories_jsonl(dir.path());
    let db = dir.path().join("voa.db");
    let db = db.to_str().expect("utf-8 path");
    let input = input.to_str().expect("utf-8 path");
    let o = sitrep(dir.path(), &["--db", db, "ingest", input]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let events: BTreeMap<String, Value> =
        sitrep(dir.path(), &["--db", db, "events", "--format", "jsonl"])
            .stdout
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).expect("an event"))
            .map(|e| (e["id"].as_str().unwrap_or("").to_string(), e))
            .collect();
    assert!(events.len() > 50, "the stories give events");
    let sites: Value = serde_json::from_str(
        &sitrep(dir.path(), &["--db", db, "sites", "--format", "json"]).stdout,
    )
    .expect("sites JSON");
    for site in sites["sites"].as_array().expect("a site list") {
        let behind: Vec<&Value> = site["events"]
            .as_array()
            .map(|v| {
                v.iter()
                    .filter_map(|id| events.get(id.as_str().unwrap_or("")))
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            behind.iter().any(|e| site_like(e)),
            "site {} ({}) has nothing site-like behind it: {:?}",
            site["name"],
            site["country"],
            behind.iter().map(|e| &e["evidence"]).collect::<Vec<_>>()
        );
    }
    // Key developments: at most ten, each citing its documents, none a statement.
    let report = sitrep(dir.path(), &["--db", db, "report"]).stdout;
    let key: Vec<&str> = report
        .split("## Key developments")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap_or("")
        .lines()
        .filter(|l| l.starts_with("- "))
        .collect();
    assert!(!key.is_empty() && key.len() <= 10, "{report}");
    for l in &key {
        assert!(l.contains("]"), "cites its documents: {l}");
        for verbal in [
            "accused",
            "made demands",
            "rejected demands",
            "issued threats",
            "expressed support",
            " met ",
        ] {
            assert!(
                !l.contains(verbal),
                "a statement is no key development: {l}"
            );
        }
    }
}
