//! Fills a store with synthetic events for the HTTP benchmark (`crates/server/bench.sh`).
//!
//! ```text
//! cargo run --profile dist -p sitrep-server --example fill_store -- DB [EVENTS] [SEED]
//! ```
//!
//! Documents come from `sitrep_store::synthetic::generate` (templated reports over towns,
//! facilities, two years of dates, several outlets; some happenings reported twice merge) and
//! are ingested until the store holds EVENTS merged events (default 100,000).

use sitrep_store::synthetic::generate;
use sitrep_store::{EventStore, IngestOutcome, SqliteStore};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(db) = args.first() else {
        eprintln!("usage: fill_store DB [EVENTS] [SEED]");
        return ExitCode::from(2);
    };
    let target: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{suffix}"));
    }
    let mut store = match SqliteStore::open(db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("fill_store: {e}");
            return ExitCode::from(2);
        }
    };
    let t0 = Instant::now();
    let mut events = 0usize;
    for d in generate(usize::MAX, seed) {
        match store.ingest(&d.document, &d.events) {
            Ok(IngestOutcome::Added { new_events, .. }) => events += new_events,
            Ok(IngestOutcome::Duplicate { .. } | IngestOutcome::Reprocessed { .. }) => {}
            Err(e) => {
                eprintln!("fill_store: {e}");
                return ExitCode::from(1);
            }
        }
        if events >= target {
            break;
        }
    }
    match store.stats() {
        Ok(s) => println!(
            "{db}: {} documents, {} claims, {} events, {} sites in {:.1} s",
            s.documents,
            s.claims,
            s.events,
            s.sites,
            t0.elapsed().as_secs_f64()
        ),
        Err(e) => {
            eprintln!("fill_store: {e}");
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}
