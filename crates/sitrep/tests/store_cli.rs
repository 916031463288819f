//! End-to-end tests of the store commands: ingest, events, event, sites, report, export.

mod common;

use common::sitrep;
use std::path::Path;

/// The seed article and a second outlet's report of the same escape, as JSON Lines.
fn write_inputs(dir: &Path) -> std::path::PathBuf {
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../coder/tests/fixtures/shaddadi/article.txt"),
    )
    .expect("seed article");
    let second = "Kurdish security sources said on Wednesday that some 1,500 Islamic State detainees escaped from al-Shaddadi prison in Syria's Hasakah province.";
    let lines = [
        serde_json::json!({"id": "voa-shaddadi", "text": seed, "title": "ISIS detainees escape Syrian prison", "published": "2026-01-21", "source": "VOA", "url": "https://example.org/voa"}),
        serde_json::json!({"id": "kurdish-outlet", "text": second, "title": "1,500 escape al-Shaddadi", "published": "2026-01-21", "source": "Kurdish outlet"}),
    ];
    let path = dir.join("reports.jsonl");
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, body).unwrap();
    path
}

#[test]
fn ingest_query_report_export() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_inputs(d);
    let o = sitrep(d, &["ingest", "reports.jsonl"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("2 documents stored"), "{}", o.stderr);
    assert!(d.join("sitrep.db").exists(), "default database ./sitrep.db");

    // Re-ingesting changes nothing.
    let o = sitrep(d, &["ingest", "reports.jsonl"]);
    assert_eq!(o.code, 0);
    assert!(
        o.stderr.contains("0 documents stored, 2 already present"),
        "{}",
        o.stderr
    );

    let o = sitrep(
        d,
        &[
            "events",
            "--country",
            "SYR",
            "--type",
            "ESCAPE",
            "--format",
            "jsonl",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let escapes: Vec<serde_json::Value> = o
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!escapes.is_empty());
    assert!(escapes.iter().all(|e| e["event_type"] == "ESCAPE"));

    let o = sitrep(d, &["events"]);
    assert_eq!(o.code, 0);
    assert!(o.stdout.starts_with("ID"), "{}", o.stdout);

    let id = escapes[0]["id"].as_str().unwrap().to_string();
    let o = sitrep(d, &["event", &id[..10]]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("claim 1 ESCAPE"), "{}", o.stdout);
    let o = sitrep(d, &["event", "ffffffffffff"]);
    assert_eq!(o.code, 2);

    let o = sitrep(d, &["sites", "--format", "json"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let prison = v["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "prison")
        .expect("prison site");
    assert_eq!(prison["detention"]["at_large"]["value"], 39, "{prison}");
    let o = sitrep(d, &["sites"]);
    assert!(o.stdout.contains("prison"), "{}", o.stdout);

    let o = sitrep(d, &["report", "--country", "SYR", "--since", "2026-01-14"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout.starts_with("# Situation report: Syria"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("## References") && o.stdout.contains("[1]"));

    let o = sitrep(
        d,
        &[
            "export",
            "--acled-csv",
            "events.csv",
            "--geojson",
            "events.geojson",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let csv = std::fs::read_to_string(d.join("events.csv")).unwrap();
    assert!(csv.starts_with("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1"));
    assert!(csv.lines().count() > 1);
    let g: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("events.geojson")).unwrap()).unwrap();
    assert_eq!(g["type"], "FeatureCollection");
}

#[test]
fn db_option_bad_documents_and_missing_database() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A JSON Lines file with one good and one truncated record.
    std::fs::write(
        d.join("mixed.jsonl"),
        "{\"id\":\"a\",\"text\":\"Gunmen killed three villagers in Maiduguri on Monday.\",\"published\":\"2026-01-21\"}\n{\"id\":\"b\",\"text\":\"trunc",
    )
    .unwrap();
    let o = sitrep(d, &["--db", "other.db", "ingest", "mixed.jsonl"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stderr.contains("1 document stored"), "{}", o.stderr);
    assert!(d.join("other.db").exists() && !d.join("sitrep.db").exists());
    let o = sitrep(d, &["events", "--format", "jsonl"]);
    assert_eq!(o.code, 2, "no ./sitrep.db: {}", o.stderr);
    assert!(
        !d.join("sitrep.db").exists(),
        "queries do not create a database"
    );
    let o = sitrep(d, &["--db", "other.db", "events", "--format", "csv"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = sitrep(d, &["--db", "other.db", "events", "--bbox", "1,2,3"]);
    assert_eq!(o.code, 2);
}

#[test]
fn ingest_queue_needs_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_inputs(d);
    let o = sitrep(d, &["ingest", "--queue", "reports.jsonl"]);
    assert_ne!(o.code, 0);
    assert!(o.stderr.contains("PostgreSQL"), "{}", o.stderr);
    assert!(!d.join("sitrep.db").exists());
}

/// The same commands on a PostgreSQL store (`ingest --queue`, `worker --exit-when-idle`,
/// `status`, `events`, `sites`, `report`) give what the SQLite store gives. Skipped with a
/// message when no server answers at SITREP_PG_URL (default the local one).
#[test]
fn commands_on_a_postgres_store_match_sqlite() {
    let admin = std::env::var("SITREP_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string());
    let mut client = match sitrep_store_pg::connect(&admin) {
        Ok(c) => c,
        Err(e) => {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED commands_on_a_postgres_store_match_sqlite: no PostgreSQL at {admin} ({e}); \
                 start one or set SITREP_PG_URL to run it"
            );
            return;
        }
    };
    let name = format!("sitrep_cli_test_{}", std::process::id());
    let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"));
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create database");
    let base = admin.split('?').next().unwrap_or(&admin);
    let server = base.rsplit_once('/').map(|(s, _)| s).unwrap_or(base);
    let url = format!("{server}/{name}");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_inputs(d);
    let o = sitrep(d, &["--db", &url, "ingest", "--queue", "reports.jsonl"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("2 documents queued"), "{}", o.stderr);
    let o = sitrep(d, &["--db", &url, "worker", "--exit-when-idle"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = sitrep(d, &["--db", &url, "status"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = sitrep(d, &["ingest", "reports.jsonl"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    for args in [
        vec!["events", "--format", "jsonl"],
        vec!["sites", "--format", "json"],
        vec!["report", "--country", "SYR", "--since", "2026-01-14"],
    ] {
        let pg = sitrep(d, &[&["--db", url.as_str()][..], &args[..]].concat());
        let lite = sitrep(d, &args);
        assert_eq!(pg.code, 0, "{args:?}: {}", pg.stderr);
        assert_eq!(pg.stdout, lite.stdout, "{args:?}");
    }
    let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
}

/// `ingest` warns about undated documents as `extract` does, and a document ingested again
/// with its publication date (or with `--reprocess`) is re-coded instead of skipped.
#[test]
fn ingest_warns_about_undated_documents_and_a_date_given_later_recodes_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../coder/tests/fixtures/shaddadi/article.txt"),
    )
    .unwrap();
    std::fs::write(d.join("article.txt"), &seed).unwrap();
    let o = sitrep(d, &["ingest", "article.txt"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr
            .contains("article.txt: no publication date (give one with --published YYYY-MM-DD)"),
        "{}",
        o.stderr
    );
    let x = sitrep(d, &["extract", "article.txt"]);
    let warning = |s: &str| {
        s.lines()
            .filter(|l| l.contains("warning"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        warning(&o.stderr),
        warning(&x.stderr),
        "the same warnings as extract"
    );
    // The events as a set (the listing's tie order follows the order rows were written).
    let events = |dir: &Path| {
        let out = sitrep(dir, &["events", "--format", "jsonl"]).stdout;
        let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
        lines.sort();
        lines
    };
    let undated = events(d);

    // Again without a date: nothing changes.
    let o = sitrep(d, &["ingest", "article.txt"]);
    assert!(
        o.stderr.contains("0 documents stored, 1 already present"),
        "{}",
        o.stderr
    );
    // With the date: coded again, its claims replaced, relative dates resolved.
    let o = sitrep(d, &["ingest", "--published", "2026-01-21", "article.txt"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr.contains("1 coded again (claims replaced)"),
        "{}",
        o.stderr
    );
    assert!(!o.stderr.contains("no publication date"), "{}", o.stderr);
    let dated = events(d);
    assert!(dated != undated, "the date changed the events");
    let fresh = tempfile::tempdir().unwrap();
    std::fs::write(fresh.path().join("article.txt"), &seed).unwrap();
    sitrep(
        fresh.path(),
        &["ingest", "--published", "2026-01-21", "article.txt"],
    );
    assert!(
        dated == events(fresh.path()),
        "the same events as ingesting it dated"
    );
    let sites = |dir: &Path| sitrep(dir, &["sites", "--format", "json"]).stdout;
    assert_eq!(sites(d), sites(fresh.path()));

    // --reprocess re-codes with the stored date and changes nothing else.
    let o = sitrep(d, &["ingest", "--reprocess", "article.txt"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("1 coded again"), "{}", o.stderr);
    assert!(events(d) == dated, "--reprocess changed the events");
    assert_eq!(sites(d), sites(fresh.path()));
}

/// SIGTERM stops `serve` promptly even while it ingests, and the ingest stores nothing.
#[cfg(unix)]
#[test]
fn sigterm_stops_serve_during_an_ingest() {
    use std::io::{BufRead, Read, Write};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args([
            "--db",
            "t.db",
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--timeout",
            "600",
        ])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    // A document that takes a long time to code and store.
    let body = format!(
        "{{\"id\":\"long\",\"text\":\"{}\",\"published\":\"2026-01-21\"}}\n",
        "Government forces shelled the town of Idlib on Monday, killing five civilians, the observatory said. "
            .repeat(20_000)
    );
    let mut conn = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        conn,
        "POST /api/documents HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-ndjson\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let started = Instant::now();
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("serve did not stop within 20 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let mut reply = String::new();
    let _ = conn.read_to_string(&mut reply);
    assert!(
        reply.is_empty() || reply.starts_with("HTTP/1.1 503"),
        "{reply}"
    );
    let o = sitrep(dir.path(), &["--db", "t.db", "events", "--format", "jsonl"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout.trim().is_empty(),
        "nothing was stored: {}",
        o.stdout
    );
}
