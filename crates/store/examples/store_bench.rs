//! Benchmark: fills a store with synthetic events and times the `events` and `sites` queries.
//!
//! ```text
//! cargo run --profile dist -p sitrep-store --example store_bench -- [--events 100000] [--db /tmp/sitrep-bench.db] [--seed 1]
//! ```
//!
//! The store is filled by ingesting documents from `sitrep_store::synthetic::generate`:
//! templates (clash, escape, arrests, seizure, withdrawal, drone strike, protest,
//! deployment) varied over 30 towns in 8 countries, facilities, two years of dates, local
//! actors and figures; about one happening in six is reported again by another outlet and
//! merges. Documents are ingested until the store holds the requested number of merged events.

use sitrep_model::EventType;
use sitrep_store::synthetic::generate;
use sitrep_store::{EventQuery, EventStore, IngestOutcome, SiteQuery, SqliteStore};
use std::time::{Duration, Instant};

/// A named query returning how many items match.
type Query = Box<dyn Fn(&SqliteStore) -> usize>;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let target: usize = arg("--events")
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let db = arg("--db").unwrap_or_else(|| "/tmp/sitrep-bench.db".into());
    let seed: u64 = arg("--seed").and_then(|s| s.parse().ok()).unwrap_or(1);
    let reuse = std::env::args().any(|a| a == "--reuse");
    if !reuse {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{db}{suffix}"));
        }
    }
    let mut st = SqliteStore::open(&db).expect("open store");
    if reuse {
        // Keep the filled store; rebuild its sites with the current rules, then query.
        let t = Instant::now();
        let n = st.rebuild_all_sites().expect("rebuild sites");
        println!(
            "Reused {db}: rebuilt the sites of {n} localities in {:.1} s.\n",
            t.elapsed().as_secs_f64()
        );
    }
    let t0 = Instant::now();
    let (mut docs, mut claims, mut events) = (0usize, 0usize, 0usize);
    for d in generate(if reuse { 0 } else { usize::MAX }, seed) {
        match st.ingest(&d.document, &d.events).expect("ingest") {
            IngestOutcome::Added {
                claims: c,
                new_events,
                ..
            } => {
                docs += 1;
                claims += c;
                events += new_events;
            }
            IngestOutcome::Duplicate { .. } | IngestOutcome::Reprocessed { .. } => {}
        }
        if events >= target {
            break;
        }
    }
    let ingest = t0.elapsed();
    let stats = st.stats().expect("stats");
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!("## Store benchmark (sitrep-store, SQLite)\n");
    if reuse {
        println!(
            "Store: {} documents, {} claims, {} events, {} sites; database {:.0} MB.\n",
            stats.documents,
            stats.claims,
            stats.events,
            stats.sites,
            size as f64 / 1e6
        );
    } else {
        println!(
            "Filled: {} documents, {} claims, {} events, {} sites in {:.1} s ({:.0} claims/s); database {:.0} MB.\n",
            stats.documents,
            stats.claims,
            stats.events,
            stats.sites,
            ingest.as_secs_f64(),
            claims as f64 / ingest.as_secs_f64(),
            size as f64 / 1e6
        );
    }
    let _ = (docs, events);
    let some_id = st
        .events(&EventQuery {
            limit: Some(1),
            offset: 5000,
            ..Default::default()
        })
        .expect("q")
        .items
        .first()
        .map(|s| s.id.clone())
        .unwrap_or_default();
    let d = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd);
    let queries: Vec<(&str, Query)> = vec![
        (
            "events (first page of 50, newest first)",
            Box::new(|s| {
                s.events(&EventQuery {
                    limit: Some(50),
                    ..Default::default()
                })
                .unwrap()
                .total
            }),
        ),
        (
            "events page 100 (offset 5,000)",
            Box::new(|s| {
                s.events(&EventQuery {
                    limit: Some(50),
                    offset: 5000,
                    ..Default::default()
                })
                .unwrap()
                .total
            }),
        ),
        (
            "events --country SYR",
            Box::new(|s| {
                s.events(&EventQuery {
                    country: Some("SYR".into()),
                    limit: Some(50),
                    ..Default::default()
                })
                .unwrap()
                .total
            }),
        ),
        (
            "events --country SYR --since 2025-01-01 --until 2025-03-31 --type ASSAULT",
            Box::new(move |s| {
                s.events(&EventQuery {
                    country: Some("SYR".into()),
                    since: d(2025, 1, 1),
                    until: d(2025, 3, 31),
                    event_type: Some(EventType::Assault),
                    limit: Some(50),
                    ..Default::default()
                })
                .unwrap()
                .total
            }),
        ),
        (
            "events --actor M23",
            Box::new(|s| {
                s.events(&EventQuery {
                    actor: Some("M23".into()),
                    limit: Some(50),
                    ..Default::default()
                })
                .unwrap()
                .total
            }),
        ),
        (
            "events --place Goma",
            Box::new(|s| {
                s.events(&EventQuery {
                    place: Some("Goma".into()),
                    limit: Some(50),
                    ..Default::default()
                })
                .unwrap()
                .total
            }),
        ),
        (
            "events --bbox 41,35,45,37",
            Box::new(|s| {
                s.events(&EventQuery {
                    bbox: Some((41.0, 35.0, 45.0, 37.0)),
                    limit: Some(50),
                    ..Default::default()
                })
                .unwrap()
                .total
            }),
        ),
        (
            "events --text \"drone strike\"",
            Box::new(|s| {
                s.events(&EventQuery {
                    text: Some("drone strike".into()),
                    limit: Some(50),
                    ..Default::default()
                })
                .unwrap()
                .total
            }),
        ),
        (
            "events --disputed",
            Box::new(|s| {
                s.events(&EventQuery {
                    disputed_only: true,
                    limit: Some(50),
                    ..Default::default()
                })
                .unwrap()
                .total
            }),
        ),
        (
            "event ID (with claims)",
            Box::new(move |s| s.event(&some_id).unwrap().event.claims.len()),
        ),
        (
            "sites (all)",
            Box::new(|s| s.sites(&SiteQuery::default()).unwrap().len()),
        ),
        (
            "sites --country SYR",
            Box::new(|s| {
                s.sites(&SiteQuery {
                    country: Some("SYR".into()),
                    ..Default::default()
                })
                .unwrap()
                .len()
            }),
        ),
        (
            "sites --kind prison",
            Box::new(|s| {
                s.sites(&SiteQuery {
                    kind: Some("prison".into()),
                    ..Default::default()
                })
                .unwrap()
                .len()
            }),
        ),
    ];
    println!("| query | matches | median of 7 runs |");
    println!("|---|---:|---:|");
    for (name, q) in &queries {
        let mut times = Vec::new();
        let mut n = 0;
        for _ in 0..7 {
            let t = Instant::now();
            n = q(&st);
            times.push(t.elapsed());
        }
        println!(
            "| {name} | {n} | {:.1} ms |",
            median(times).as_secs_f64() * 1e3
        );
    }
}
