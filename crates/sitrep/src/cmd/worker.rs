//! `sitrep worker`: codes documents from the PostgreSQL work queue (scale-out).

use crate::{exit, Global};
use anyhow::{bail, Context};
use sitrep_store_pg::{run_workers, WorkerConfig, WorkerNotice};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// Code documents from the work queue of a PostgreSQL store (`--db postgres://...`).
///
/// Claims batches of queued documents, codes them and stores their events, merged with
/// what other workers store at the same time. Run one per machine (or several); stop with
/// Ctrl-C (claimed work returns to the queue after the lease) or use --exit-when-idle for a
/// batch run. Lost database connections are retried with backoff and reported on stderr.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  sitrep --db postgres://user@host/sitrep worker --threads 2
  sitrep --db postgres://user@host/sitrep worker --exit-when-idle")]
pub struct Args {
    /// Worker threads in this process (each codes and stores its own batches).
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: u16,

    /// Stop when the queue is empty (nothing pending, nothing in progress).
    #[arg(long)]
    pub exit_when_idle: bool,

    /// Documents per claim and per transaction.
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub batch: u16,

    /// Seconds after which another worker's claim counts as abandoned.
    #[arg(long, default_value_t = 300, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub lease: u64,

    /// Worker id (default HOST:PID; threads add -N).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Print one line per stored batch.
    #[arg(long)]
    pub verbose: bool,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let url = global.db.to_string_lossy().to_string();
    if !sitrep_store_pg::is_postgres_url(&url) {
        bail!("`sitrep worker` needs a PostgreSQL store: --db postgres://USER@HOST/DB (got {url})");
    }
    let mut cfg = WorkerConfig::new(&url);
    if let Some(id) = args.id {
        cfg.id = id;
    }
    cfg.batch = usize::from(args.batch);
    cfg.lease = Duration::from_secs(args.lease);
    cfg.exit_when_idle = args.exit_when_idle;
    let verbose = args.verbose;
    cfg.notify = Some(Arc::new(move |n: &WorkerNotice| match n {
        WorkerNotice::Connected {
            worker,
            backend_pid,
        } => eprintln!("sitrep worker {worker}: connected (server pid {backend_pid})"),
        WorkerNotice::ConnectionLost { worker, error } => {
            eprintln!("sitrep worker {worker}: connection lost ({error}); reconnecting")
        }
        WorkerNotice::Reconnecting {
            worker,
            attempt,
            delay,
            error,
        } => eprintln!(
            "sitrep worker {worker}: reconnect attempt {attempt} in {:.1}s ({error})",
            delay.as_secs_f64()
        ),
        WorkerNotice::Reconnected { worker, attempts } => {
            eprintln!("sitrep worker {worker}: reconnected after {attempts} attempt(s)")
        }
        WorkerNotice::Conflict {
            worker,
            attempt,
            error,
        } => {
            if verbose {
                eprintln!("sitrep worker {worker}: retrying batch (attempt {attempt}): {error}")
            }
        }
        WorkerNotice::Failed {
            worker,
            doc_id,
            reason,
        } => eprintln!("sitrep worker {worker}: {doc_id}: failed: {reason}"),
        WorkerNotice::Batch {
            worker,
            stored,
            duplicates,
            failed,
            skipped,
            elapsed,
        } => {
            if verbose {
                eprintln!(
                    "sitrep worker {worker}: batch stored {stored}, duplicates {duplicates}, failed {failed}, skipped {skipped} in {:.2}s",
                    elapsed.as_secs_f64()
                )
            }
        }
    }));
    let coder = sitrep_coder::Coder::embedded();
    let code = |d: &sitrep_model::Document| coder.code(d);
    let started = std::time::Instant::now();
    let report = run_workers(&cfg, usize::from(args.threads), &code)
        .with_context(|| format!("worker on {}", sitrep_store_pg::redact(&url)))?;
    let secs = started.elapsed().as_secs_f64();
    let n = report.stored + report.duplicates;
    eprintln!(
        "sitrep worker: {} stored, {} duplicates, {} failed, {} reconnects, {} retried batches in {secs:.1}s ({:.1} documents/s)",
        report.stored,
        report.duplicates,
        report.failed,
        report.reconnects,
        report.conflicts,
        n as f64 / secs.max(1e-9)
    );
    Ok(ExitCode::from(if report.failed > 0 {
        exit::PARTIAL
    } else {
        exit::OK
    }))
}
