//! Scale-out benchmark: documents per second with 1, 2 and 4 workers on a PostgreSQL store,
//! against the embedded SQLite store, on the VOA stories replicated to N documents.
//!
//! ```sh
//! cargo run --profile dist -p sitrep-store-pg --example pgbench -- [DOCS] [WORKERS,...]
//! ```
//!
//! `SITREP_PG_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`) must be a URL of a
//! role that may create databases; each run uses a fresh database `sitrep_bench_*`, dropped
//! afterwards. Replica `r` of a story gets id `<id>-r<r>`, a one-line note appended to its
//! text (so every document is distinct) and its publication date moved `r` weeks later (so
//! the corpus spans years as a real archive does, instead of 150 copies of one week merging
//! into giant events).

use postgres::NoTls;
use sitrep_model::Document;
use sitrep_store::{EventStore, SqliteStore};
use sitrep_store_pg::{run_workers, PgStore, WorkerConfig};
use std::path::Path;
use std::time::{Duration, Instant};

fn cpu_seconds() -> f64 {
    // utime + stime of this process, in clock ticks (100 per second on Linux).
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1.to_string();
            let f: Vec<&str> = rest.split_whitespace().collect();
            let u: f64 = f.get(11)?.parse().ok()?;
            let k: f64 = f.get(12)?.parse().ok()?;
            Some((u + k) / 100.0)
        })
        .unwrap_or(0.0)
}

/// A digest of the partition of claims into events (independent of event ids and of order):
/// equal digests mean the same claims in the same events.
fn partition_digest(rows: impl IntoIterator<Item = (String, String)>) -> String {
    use sha2::{Digest, Sha256};
    let mut by_event: std::collections::HashMap<String, Vec<String>> = Default::default();
    for (event, claim) in rows {
        by_event.entry(event).or_default().push(claim);
    }
    let mut groups: Vec<String> = by_event
        .into_values()
        .map(|mut v| {
            v.sort();
            v.join(",")
        })
        .collect();
    groups.sort();
    let digest = Sha256::digest(groups.join("\n").as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

fn corpus(n: usize) -> Vec<Document> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/voa/voa-stories-dev.jsonl");
    let base: Vec<Document> = sitrep_input::read_path(&path, &sitrep_input::ReadOptions::default())
        .filter_map(|r| r.ok())
        .map(|r| r.document)
        .collect();
    assert!(!base.is_empty(), "no VOA stories at {}", path.display());
    (0..n)
        .map(|i| {
            let r = i / base.len();
            let mut d = base[i % base.len()].clone();
            d.id = format!("{}-r{r}", d.id);
            d.text.push_str(&format!("\n(Archive copy {r}.)"));
            d.published = d
                .published
                .and_then(|p| p.checked_add_signed(chrono::Duration::weeks(r as i64)));
            d
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let workers: Vec<usize> = args
        .get(1)
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 2, 4]);
    let skip_sqlite = std::env::var("PGBENCH_SKIP_SQLITE").is_ok();
    let admin = std::env::var("SITREP_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string());
    let docs = corpus(n);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    println!(
        "corpus: {} documents, {:.1} MB of text",
        docs.len(),
        bytes as f64 / 1e6
    );
    let coder = sitrep_coder::Coder::embedded();
    let code = |d: &Document| coder.code(d);
    // Load the coder's data before timing.
    let _ = code(&Document::new(
        "warm-up",
        "Troops clashed in Raqqa on Monday.",
    ));

    if !skip_sqlite {
        let dir = std::env::temp_dir().join(format!("sitrep-pgbench-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("bench.db");
        let mut st = SqliteStore::open(&path).expect("sqlite store");
        let (t0, c0) = (Instant::now(), cpu_seconds());
        for d in &docs {
            let evs = code(d);
            st.ingest(d, &evs).expect("sqlite ingest");
        }
        st.flush_sites().expect("sites");
        let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
        let s = st.stats().expect("stats");
        let digest = {
            let mut q = st
                .connection()
                .prepare("SELECT event, claim FROM claim_events")
                .expect("partition");
            let rows: Vec<(String, String)> = q
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("partition")
                .filter_map(|r| r.ok())
                .collect();
            partition_digest(rows)
        };
        println!(
            "| SQLite, one process, code + ingest | {n} | {wall:.1} s | {cpu:.1} s | {:.1} | {} events, {} claims, partition {digest} |",
            n as f64 / wall,
            s.events,
            s.claims
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    for &w in &workers {
        let name = format!("sitrep_bench_{}_{w}", std::process::id());
        let mut admin_client = postgres::Client::connect(&admin, NoTls).expect("PostgreSQL");
        admin_client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create database");
        let base = admin.split('?').next().unwrap_or(&admin);
        let server = base.rsplit_once('/').map(|(s, _)| s).unwrap_or(base);
        let url = format!("{server}/{name}");
        let store = PgStore::open(&url).expect("open");
        let t = Instant::now();
        store.enqueue(&docs).expect("enqueue");
        let enqueue_secs = t.elapsed().as_secs_f64();
        let mut cfg = WorkerConfig::new(&url);
        cfg.id = format!("bench-{w}");
        cfg.exit_when_idle = true;
        cfg.poll = Duration::from_millis(50);
        if let Some(f) = std::env::var("PGBENCH_FLUSH_EVERY")
            .ok()
            .and_then(|s| s.parse().ok())
        {
            cfg.flush_every = f;
        }
        let (t0, c0) = (Instant::now(), cpu_seconds());
        let report = run_workers(&cfg, w, &code).expect("workers");
        let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
        let s = store.stats().expect("stats");
        let digest = {
            let mut c = postgres::Client::connect(&url, NoTls).expect("connect");
            let rows: Vec<(String, String)> = c
                .query("SELECT event, claim FROM claim_events", &[])
                .expect("partition")
                .into_iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            partition_digest(rows)
        };
        println!(
            "| PostgreSQL, {w} worker(s) | {n} | {wall:.1} s | {cpu:.1} s | {:.1} | {} events, {} claims, partition {digest}; enqueue {enqueue_secs:.1} s; {} retried batches |",
            n as f64 / wall,
            s.events,
            s.claims,
            report.conflicts
        );
        drop(store);
        if std::env::var("PGBENCH_KEEP").is_ok() {
            println!("kept database {name}");
        } else {
            let _ =
                admin_client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}
