//! Kills a process in the middle of a long ingest and checks that the database is consistent
//! and that ingesting again completes the work.

use sitrep_store::synthetic::generate;
use sitrep_store::{EventStore, SqliteStore};
use std::process::Command;
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "SITREP_STORE_KILL_TEST_DB";
const CLAIMS: usize = 1500;

/// The child: ingests synthetic documents into the database named by the environment
/// variable until killed. Does nothing when run normally.
#[test]
fn child_ingest_until_killed() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut st = SqliteStore::open(&path).unwrap();
    for d in generate(CLAIMS, 11) {
        st.ingest(&d.document, &d.events).unwrap();
        // Paced, so that the parent's kill always lands in the middle of the work however
        // fast the machine (an ingest that finished first made the test fail).
        std::thread::sleep(Duration::from_millis(3));
    }
}

#[test]
fn killing_an_ingest_leaves_a_consistent_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kill.db");
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new(exe)
        .args([
            "--exact",
            "child_ingest_until_killed",
            "--test-threads",
            "1",
        ])
        .env(CHILD_ENV, &path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some documents are in, then kill without warning.
    let t0 = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(50));
        let n = SqliteStore::open(&path)
            .ok()
            .and_then(|s| s.stats().ok())
            .map(|s| s.documents)
            .unwrap_or(0);
        if n >= 10 || t0.elapsed() > Duration::from_secs(60) {
            break;
        }
    }
    child.kill().unwrap();
    let _ = child.wait();
    let st = SqliteStore::open(&path).unwrap();
    let partial = st.stats().unwrap();
    assert!(partial.documents >= 10, "child made progress: {partial:?}");
    assert!(
        st.check_consistency().unwrap().is_empty(),
        "{:?}",
        st.check_consistency()
    );
    drop(st);
    // Ingest everything again: the documents already in are skipped, the rest goes in.
    let mut st = SqliteStore::open(&path).unwrap();
    let mut reference = SqliteStore::open_in_memory().unwrap();
    for d in generate(CLAIMS, 11) {
        st.ingest(&d.document, &d.events).unwrap();
        reference.ingest(&d.document, &d.events).unwrap();
    }
    let full = st.stats().unwrap();
    let want = reference.stats().unwrap();
    assert_eq!(
        (full.documents, full.claims, full.events, full.sites),
        (want.documents, want.claims, want.events, want.sites)
    );
    assert!(full.documents > partial.documents);
    assert!(st.check_consistency().unwrap().is_empty());
}
