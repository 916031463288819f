//! The traps a new user fell into, each a regression test: country filters that wanted an
//! ISO code and said nothing, exports that dropped rows silently, `--input-format json` refused
//! by `ingest`, `--db` in `extract --help`, help lines of 262 columns without examples, and
//! progress output in logs.

mod common;

use common::sitrep;
use std::path::{Path, PathBuf};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

/// A store with the bundled example reports (what `scripts/demo.sh` ingests).
fn examples_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let examples = repo("data/examples");
    let o = sitrep(dir.path(), &["ingest", examples.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    dir
}

#[test]
fn country_filters_accept_codes_names_and_demonyms() {
    let dir = examples_store();
    let d = dir.path();
    let by_code = sitrep(d, &["events", "--country", "SYR", "--format", "jsonl"]);
    assert_eq!(by_code.code, 0, "{}", by_code.stderr);
    assert!(by_code.stdout.lines().count() > 5, "{}", by_code.stdout);
    for country in ["Syria", "syrian", "syr", "SY", "Syrian Arab Republic"] {
        let o = sitrep(d, &["events", "--country", country, "--format", "jsonl"]);
        assert_eq!(o.code, 0, "{country}: {}", o.stderr);
        assert_eq!(o.stdout, by_code.stdout, "{country}");
    }
    let o = sitrep(d, &["sites", "--country", "Syrian"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("al-Shaddadi prison"), "{}", o.stdout);
    let o = sitrep(d, &["report", "--country", "syria"]);
    assert!(
        o.stdout.starts_with("# Situation report: Syria"),
        "{}",
        o.stdout
    );
}

/// Regression: `events --country Syria` answered "0 of 0 events" with exit 0.
#[test]
fn an_unknown_country_is_a_usage_error_with_close_matches() {
    let dir = examples_store();
    for cmd in ["events", "sites", "report", "export"] {
        let o = sitrep(dir.path(), &[cmd, "--country", "Syira"]);
        assert_eq!(o.code, 2, "{cmd}: {}", o.stderr);
        assert!(
            o.stderr.contains("`Syira` is not a country")
                && o.stderr.contains("did you mean Syria (SYR)?"),
            "{cmd}: {}",
            o.stderr
        );
        assert!(o.stdout.is_empty(), "{cmd}: {}", o.stdout);
    }
}

/// Regression: `export --acled-csv` left out events that have an ACLED type but no date
/// without a word.
#[test]
fn export_says_what_it_left_out_and_can_include_undated_events() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let seed =
        std::fs::read_to_string(repo("crates/coder/tests/fixtures/shaddadi/article.txt")).unwrap();
    let lines = [
        serde_json::json!({"id": "seed", "text": seed, "published": "2026-01-21"}),
        serde_json::json!({"id": "undated", "text": "Rebels attacked an army checkpoint near Homs, killing 12 soldiers."}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(d.join("reports.jsonl"), body).unwrap();
    let o = sitrep(d, &["ingest", "reports.jsonl"]);
    assert_eq!(o.code, 0, "{}", o.stderr);

    let o = sitrep(d, &["export", "--acled-csv", "events.csv"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let rows = |name: &str| {
        std::fs::read_to_string(d.join(name))
            .unwrap()
            .lines()
            .count()
            - 1
    };
    let without = rows("events.csv");
    assert!(without > 0);
    let summary = o.stderr.lines().last().unwrap_or_default().to_string();
    assert!(
        summary.starts_with(&format!("sitrep: {without} ACLED rows to events.csv from ")),
        "{summary}"
    );
    assert!(summary.contains("; left out: "), "{summary}");
    assert!(
        summary.contains("1 undated events (no date in the text, no publication date) (--include-undated gives them a row with an empty date)"),
        "{summary}"
    );

    let o = sitrep(
        d,
        &["export", "--acled-csv", "all.csv", "--include-undated"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(rows("all.csv"), without + 1, "{}", o.stderr);
    assert!(!o.stderr.contains("undated"), "{}", o.stderr);
    let csv = std::fs::read_to_string(d.join("all.csv")).unwrap();
    let undated = csv
        .lines()
        .find(|l| l.contains("Homs"))
        .expect("the undated row");
    let cells: Vec<&str> = undated.split(',').collect();
    assert_eq!(cells[1], "", "event_date: {undated}");

    // `events --format csv` is an export too.
    let o = sitrep(d, &["events", "--format", "csv"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr.contains("to standard output from") && o.stderr.contains("1 undated events"),
        "{}",
        o.stderr
    );
}

/// Regression: `ingest` rejected `--input-format json`, which `extract` accepts.
#[test]
fn ingest_accepts_input_format_json() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let docs = serde_json::json!([
        {"id": "a", "text": "Rebels attacked an army base in Homs on Monday.", "published": "2026-01-21"},
        {"id": "b", "text": "Troops withdrew from the town of Tal Abyad.", "published": "2026-01-21"}
    ]);
    std::fs::write(d.join("docs.data"), docs.to_string()).unwrap();
    let o = sitrep(d, &["ingest", "--input-format", "json", "docs.data"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("2 documents stored"), "{}", o.stderr);
    let o = sitrep(
        d,
        &[
            "extract",
            "--input-format",
            "json",
            "--format",
            "jsonl",
            "docs.data",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
}

/// The progress bar is for terminals: logs and pipes get only the diagnostics and the
/// summary line.
#[test]
fn no_progress_output_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let voa = repo("data/voa/voa-stories-dev.jsonl");
    let voa = voa.to_str().unwrap();
    let o = sitrep(dir.path(), &["ingest", voa]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o2 = sitrep(dir.path(), &["extract", "--format", "jsonl", voa]);
    for stderr in [&o.stderr, &o2.stderr] {
        assert!(
            !stderr.contains('\r') && !stderr.contains('\u{1b}'),
            "{stderr:?}"
        );
        assert!(!stderr.contains("ETA"), "{stderr}");
    }
    assert_eq!(o.stderr.lines().count(), 1, "{}", o.stderr);
    assert!(
        o.stderr.starts_with("sitrep: 64 documents stored"),
        "{}",
        o.stderr
    );
}

#[test]
fn help_is_grouped_wrapped_and_has_examples() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = sitrep(d, &["--help"]);
    assert_eq!(o.code, 0);
    for line in o.stdout.lines() {
        assert!(
            line.chars().count() <= 100,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    let at = |name: &str| {
        o.stdout
            .find(&format!("\n  {name} "))
            .unwrap_or_else(|| panic!("{name} not listed:\n{}", o.stdout))
    };
    let scale_out = o
        .stdout
        .find("PostgreSQL scale-out commands")
        .expect("scale-out group");
    for everyday in [
        "extract", "ingest", "events", "event", "sites", "report", "export", "serve", "eval",
    ] {
        assert!(at(everyday) < scale_out, "{everyday}");
    }
    for pg in ["enqueue", "worker", "status"] {
        assert!(at(pg) > scale_out, "{pg}");
    }
    assert!(o.stdout.contains("\nExamples"), "{}", o.stdout);

    for cmd in [
        "extract", "ingest", "events", "event", "sites", "report", "export", "serve", "eval",
        "enqueue", "worker", "status",
    ] {
        let o = sitrep(d, &[cmd, "--help"]);
        assert_eq!(o.code, 0, "{cmd}");
        assert!(
            o.stdout.contains("\nExamples:\n  sitrep "),
            "{cmd}:\n{}",
            o.stdout
        );
        for line in o.stdout.lines() {
            assert!(line.chars().count() <= 100, "{cmd}: {line}");
        }
        // `--db` only where the command uses a store.
        let lists_db = o.stdout.contains("--db <PATH>");
        assert_eq!(
            lists_db,
            !["extract", "eval"].contains(&cmd),
            "{cmd}:\n{}",
            o.stdout
        );
    }
    // Either side of the command.
    let o = sitrep(d, &["events", "--db", "missing.db"]);
    assert!(
        o.stderr.contains("no event database at missing.db"),
        "{}",
        o.stderr
    );
    let o = sitrep(d, &["--db", "missing.db", "events"]);
    assert!(
        o.stderr.contains("no event database at missing.db"),
        "{}",
        o.stderr
    );
}
