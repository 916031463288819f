//! `sitrep status`: the work queue of a PostgreSQL store.

use crate::{exit, Global};
use anyhow::{bail, Context};
use std::process::ExitCode;
use std::time::Duration;

/// Show the work queue of a PostgreSQL store.
///
/// Pending, in progress, done, failed (with reasons) and the workers seen.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  sitrep --db postgres://user@host/sitrep status")]
pub struct Args {
    /// Seconds after which a claim counts as abandoned (as given to the workers).
    #[arg(long, default_value_t = 300, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub lease: u64,

    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let url = global.db.to_string_lossy().to_string();
    if !sitrep_store_pg::is_postgres_url(&url) {
        bail!("`sitrep status` shows the work queue of a PostgreSQL store: --db postgres://USER@HOST/DB (got {url})");
    }
    let store = sitrep_store_pg::PgStore::open(&url)
        .with_context(|| format!("opening {}", sitrep_store_pg::redact(&url)))?;
    let st = store.queue_status(Duration::from_secs(args.lease))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&st)?);
        return Ok(ExitCode::from(exit::OK));
    }
    println!("queue:       {} pending", st.pending);
    println!("in progress: {}", st.in_progress);
    println!(
        "done:        {} ({} in the last minute)",
        st.done, st.done_last_minute
    );
    println!("failed:      {}", st.failed);
    for f in &st.failures {
        println!(
            "  {:>6}  {}  (e.g. {})",
            f.count,
            f.reason,
            f.examples.join(", ")
        );
    }
    println!("workers:     {}", st.workers.len());
    for w in &st.workers {
        println!(
            "  {:<32} {:<8} last seen {:>7.1}s ago  done {:>7}  failed {:>4}  reconnects {:>3}{}",
            w.id,
            w.state,
            w.idle_secs,
            w.done,
            w.failed,
            w.reconnects,
            w.last_error
                .as_deref()
                .map(|e| format!("  last error: {e}"))
                .unwrap_or_default()
        );
    }
    Ok(ExitCode::from(exit::OK))
}
