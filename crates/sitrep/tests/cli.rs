//! End-to-end tests of the `sitrep` binary: inputs, errors, exit codes.

mod common;

use common::{documents, sitrep, sitrep_in, Out};
use std::path::Path;
use std::process::{Command, Stdio};

/// Documents coded, from the summary line of `--format table`.
fn coded(o: &Out) -> u64 {
    let line = o
        .stderr
        .lines()
        .find(|l| l.contains(" coded, "))
        .unwrap_or_else(|| panic!("no summary in:\n{}", o.stderr));
    let after = line.trim_start_matches("sitrep: ");
    after
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count")
}

/// Each stdout line of `--format jsonl` is an event record.
fn events(o: &Out) -> Vec<sitrep_model::Event> {
    o.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not an event ({e}): {l}")))
        .collect()
}

const STORY: &str =
    "Syrian government troops took control of the town on Friday after fighting with \
Kurdish-led forces, the interior ministry said. At least 12 people were killed.\n";

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn text_file_is_coded_and_jsonl_lines_are_events() {
    let d = tmp();
    std::fs::write(d.path().join("story.txt"), STORY).unwrap();
    let o = sitrep(
        d.path(),
        &[
            "extract",
            "--format",
            "jsonl",
            "--published",
            "2025-03-14",
            "story.txt",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    for ev in events(&o) {
        assert_eq!(ev.doc_id, "story");
        // Evidence offsets point into the normalised text of the document.
        assert_eq!(
            STORY.get(ev.evidence.start..ev.evidence.end),
            Some(ev.evidence.text.as_str())
        );
    }
    assert!(!o.stderr.contains("no publication date"), "{}", o.stderr);

    let t = sitrep(
        d.path(),
        &["extract", "--published", "2025-03-14", "story.txt"],
    );
    assert_eq!(t.code, 0);
    assert_eq!(coded(&t), 1);
    if !t.stdout.is_empty() {
        assert!(t.stdout.starts_with("DOC "), "{}", t.stdout);
    }
}

#[test]
fn missing_publication_date_is_a_warning() {
    let d = tmp();
    std::fs::write(d.path().join("story.txt"), STORY).unwrap();
    let o = sitrep(d.path(), &["extract", "--format", "documents", "story.txt"]);
    assert_eq!(o.code, 0);
    assert!(
        o.stderr
            .contains("sitrep: warning: story.txt: no publication date"),
        "{}",
        o.stderr
    );
    // Documents carrying their own date get no warning.
    std::fs::write(
        d.path().join("dated.jsonl"),
        r#"{"id":"x","text":"Troops withdrew.","published":"2025-03-14 20:30:26Z"}"#,
    )
    .unwrap();
    let o = sitrep(
        d.path(),
        &["extract", "--format", "documents", "dated.jsonl"],
    );
    assert!(!o.stderr.contains("no publication date"), "{}", o.stderr);
}

#[test]
fn jsonl_file_with_a_malformed_line_reports_it_and_codes_the_rest() {
    let d = tmp();
    let lines = [
        r#"{"id":"a","text":"Rebels attacked an army post near the border on Monday.","published":"2025-03-10"}"#,
        r#"{"id":"b","text": "broken"#,
        r#"{"id":"c","text":"Police arrested five protesters in the capital.","published":"2025-03-11"}"#,
    ];
    std::fs::write(d.path().join("news.jsonl"), lines.join("\n")).unwrap();
    let o = sitrep(d.path(), &["extract", "news.jsonl"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stderr
            .contains("sitrep: error: news.jsonl:2: malformed JSON"),
        "{}",
        o.stderr
    );
    assert_eq!(coded(&o), 2);
    let docs = documents(&sitrep(
        d.path(),
        &["extract", "--format", "documents", "news.jsonl"],
    ));
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "c"]);
}

#[test]
fn stdin_plain_text_and_jsonl() {
    let d = tmp();
    let o = sitrep_in(
        d.path(),
        &["extract", "--format", "documents", "-"],
        Some(STORY.as_bytes()),
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let docs = documents(&o);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].id, "stdin");
    assert_eq!(docs[0].text, STORY);

    let jsonl = "{\"id\":\"1\",\"text\":\"One.\"}\n\n{\"id\":\"2\",\"text\":\"Two.\"}\n";
    let o = sitrep_in(
        d.path(),
        &[
            "extract",
            "--format",
            "documents",
            "--published",
            "2025-01-02",
            "-",
        ],
        Some(jsonl.as_bytes()),
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let docs = documents(&o);
    assert_eq!(
        docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        ["1", "2"]
    );
    assert_eq!(
        docs[0].published.map(|p| p.to_string()).as_deref(),
        Some("2025-01-02")
    );

    let o = sitrep_in(d.path(), &["extract", "-"], Some(STORY.as_bytes()));
    assert_eq!(coded(&o), 1);
}

#[test]
fn directory_is_read_recursively_in_order() {
    let d = tmp();
    let root = d.path().join("news");
    std::fs::create_dir_all(root.join("b")).unwrap();
    std::fs::write(root.join("a.txt"), STORY).unwrap();
    std::fs::write(root.join("b/c.html"), format!("<html><head><title>T</title></head><body><article><p>{STORY}</p></article></body></html>")).unwrap();
    std::fs::write(
        root.join("b/feed.rss"),
        "<rss><channel><title>N</title><item><title>X</title><description>Troops withdrew.</description>\
         <pubDate>Fri, 14 Mar 2025 10:00:00 GMT</pubDate></item></channel></rss>",
    )
    .unwrap();
    std::fs::write(root.join("b/skip.png"), [0x89u8, b'P', b'N', b'G', 0, 0]).unwrap();
    let o = sitrep(d.path(), &["extract", "--format", "documents", "news"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let docs = documents(&o);
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0].id, "a");
    assert_eq!(docs[1].id, "b/c");
    assert_eq!(docs[1].title.as_deref(), Some("T"));
    assert_eq!(docs[1].text, STORY.trim());
    assert_eq!(docs[2].text, "Troops withdrew.");
    assert_eq!(
        docs[2].published.map(|p| p.to_string()).as_deref(),
        Some("2025-03-14")
    );
    assert_eq!(coded(&sitrep(d.path(), &["extract", "news"])), 3);
}

#[test]
fn unreadable_and_missing_inputs_and_exit_codes() {
    let d = tmp();
    std::fs::write(d.path().join("good.txt"), STORY).unwrap();
    // Missing file alone: nothing could be read.
    let o = sitrep(d.path(), &["extract", "missing.txt"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("sitrep: error: missing.txt: no such file or directory"),
        "{}",
        o.stderr
    );
    // With a good file: partial failure.
    let o = sitrep(
        d.path(),
        &[
            "extract",
            "--format",
            "documents",
            "missing.txt",
            "good.txt",
        ],
    );
    assert_eq!(o.code, 1);
    assert_eq!(documents(&o).len(), 1);
    // A file without read permission (not testable as root, who may read anything).
    let locked = d.path().join("locked.txt");
    std::fs::write(&locked, STORY).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&locked).is_err() {
            let o = sitrep(d.path(), &["extract", "locked.txt", "good.txt"]);
            assert_eq!(o.code, 1);
            assert!(
                o.stderr.contains("locked.txt: permission denied"),
                "{}",
                o.stderr
            );
        }
    }
    // Usage errors.
    assert_eq!(sitrep(d.path(), &["extract"]).code, 2);
    assert_eq!(
        sitrep(
            d.path(),
            &["extract", "--published", "14/03/2025", "good.txt"]
        )
        .code,
        2
    );
    assert_eq!(
        sitrep(d.path(), &["extract", "--format", "xml", "good.txt"]).code,
        2
    );
    assert_eq!(sitrep(d.path(), &["no-such-command"]).code, 2);
    assert_eq!(sitrep(d.path(), &["--help"]).code, 0);
    // An empty directory holds nothing to read.
    std::fs::create_dir(d.path().join("empty")).unwrap();
    let o = sitrep(d.path(), &["extract", "empty"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("no documents"), "{}", o.stderr);
}

#[test]
fn invalid_utf8_binary_and_empty_documents_are_errors() {
    let d = tmp();
    std::fs::write(d.path().join("latin1.txt"), b"Caf\xe9 bombed\n").unwrap();
    std::fs::write(d.path().join("bin.txt"), b"\x00\x01\x02binary").unwrap();
    std::fs::write(d.path().join("empty.txt"), b"  \n\n").unwrap();
    std::fs::write(d.path().join("good.txt"), STORY).unwrap();
    let o = sitrep(
        d.path(),
        &[
            "extract",
            "--format",
            "documents",
            "latin1.txt",
            "bin.txt",
            "empty.txt",
            "good.txt",
        ],
    );
    assert_eq!(o.code, 1);
    assert!(
        o.stderr
            .contains("sitrep: error: latin1.txt: invalid UTF-8 at byte offset 3"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("sitrep: error: bin.txt: binary input"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr
            .contains("sitrep: error: empty.txt: empty document"),
        "{}",
        o.stderr
    );
    assert_eq!(documents(&o).len(), 1);
    let o = sitrep(d.path(), &["extract", "empty.txt"]);
    assert_eq!(o.code, 2);
    let o = sitrep_in(d.path(), &["extract", "-"], Some(b""));
    assert_eq!(o.code, 2);
}

#[test]
fn fifty_megabyte_document_is_read_and_larger_ones_rejected() {
    let d = tmp();
    // 50 MB (decimal) of text, under the 50 MiB default limit.
    let para = "Government forces shelled the village on Tuesday, residents said. Aid workers reported that \
                dozens of families fled toward the border.\n\n";
    let target = 50_000_000;
    let mut text = String::with_capacity(target + para.len());
    while text.len() < target {
        text.push_str(para);
    }
    let big = d.path().join("big.txt");
    std::fs::write(&big, &text).unwrap();
    drop(text);
    // Reading (without the coder, whose speed is measured by scripts/bench) must work.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    let status = cmd
        .args([
            "extract",
            "--format",
            "documents",
            "--published",
            "2025-01-01",
            "big.txt",
        ])
        .current_dir(d.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert_eq!(status.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"));

    // Above the limit: a clear error naming the size.
    let o = sitrep(d.path(), &["extract", "--max-size", "10", "big.txt"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("big.txt: document is 50000")
            && o.stderr.contains("above the limit of 10485760 bytes"),
        "{}",
        o.stderr
    );
    // The same for one overlong JSON Lines record: the next record is still read.
    let jsonl = format!(
        "{{\"id\":\"long\",\"text\":\"{}\"}}\n{{\"id\":\"short\",\"text\":\"Troops withdrew.\"}}\n",
        "x".repeat(1_100_000)
    );
    std::fs::write(d.path().join("long.jsonl"), jsonl).unwrap();
    let o = sitrep(
        d.path(),
        &[
            "extract",
            "--format",
            "documents",
            "--max-size",
            "1",
            "long.jsonl",
        ],
    );
    assert_eq!(o.code, 1);
    assert!(
        o.stderr.contains("long.jsonl:1: document is 1100023 bytes"),
        "{}",
        o.stderr
    );
    assert_eq!(documents(&o)[0].id, "short");
}

#[test]
fn threads_do_not_change_the_output() {
    let d = tmp();
    let mut lines = String::new();
    for i in 0..40 {
        lines.push_str(&format!(
            "{{\"id\":\"d{i}\",\"text\":\"Rebels attacked an army post near town {i} on Monday, killing {i} soldiers.\",\"published\":\"2025-03-1{}\"}}\n",
            i % 10
        ));
    }
    std::fs::write(d.path().join("many.jsonl"), lines).unwrap();
    let one = sitrep(d.path(), &["extract", "--format", "jsonl", "many.jsonl"]);
    let two = sitrep(
        d.path(),
        &[
            "extract",
            "--format",
            "jsonl",
            "--threads",
            "2",
            "many.jsonl",
        ],
    );
    assert_eq!(one.code, 0);
    assert_eq!(one.stdout, two.stdout);
}

fn shaddadi_gold() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../coder/tests/fixtures/shaddadi/gold.json")
}

#[test]
fn eval_gold_prints_a_markdown_report() {
    let d = tmp();
    let gold = shaddadi_gold();
    let o = sitrep(d.path(), &["eval", gold.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("### Gold article"), "{}", o.stdout);
    assert!(o.stdout.contains("| event recall |"), "{}", o.stdout);

    // --article overrides the file named in the gold; a missing article is an error
    // naming it, and a malformed gold file one naming its line.
    let o = sitrep(
        d.path(),
        &["eval", gold.to_str().unwrap(), "--article", "nope.txt"],
    );
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("nope.txt"), "{}", o.stderr);
    std::fs::write(d.path().join("bad.json"), "{\n  \"document\": \n").unwrap();
    let o = sitrep(d.path(), &["eval", "bad.json"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("sitrep: error: bad.json:"),
        "{}",
        o.stderr
    );
    // Nothing to evaluate is a usage error.
    assert_eq!(sitrep(d.path(), &["eval"]).code, 2);
    assert_eq!(sitrep(d.path(), &["eval", "--article", "x.txt"]).code, 2);
}

#[test]
fn eval_scores_case_changed_copies() {
    let d = tmp();
    let gold = shaddadi_gold();
    for case in ["lower", "upper", "original"] {
        let o = sitrep(
            d.path(),
            &["eval", "--recase", case, gold.to_str().unwrap()],
        );
        assert_eq!(o.code, 0, "{case}: {}", o.stderr);
        assert!(o.stdout.contains("| event recall |"), "{}", o.stdout);
    }
    let o = sitrep(
        d.path(),
        &["eval", "--recase", "title", gold.to_str().unwrap()],
    );
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("title"), "{}", o.stderr);
}

#[test]
fn closed_stdout_ends_quietly() {
    use std::io::Read;
    let voa = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/voa/voa-stories-dev.jsonl");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args([
            "extract",
            "--format",
            "documents",
            voa.to_str().unwrap(),
            voa.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // like `| head -c 16`
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}
