//! `sitrep enqueue`: adds documents to the work queue of a PostgreSQL store.

use crate::{exit, Global};
use anyhow::{bail, Context};
use std::path::PathBuf;
use std::process::ExitCode;

/// Add documents to the work queue of a PostgreSQL store and return at once.
///
/// `sitrep worker` processes (on any machine) code and store them.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  sitrep --db postgres://user@host/sitrep enqueue archive/")]
pub struct Args {
    /// Files or directories (JSON Lines, text, HTML, RSS/Atom), or - for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<PathBuf>,

    /// Publication date (YYYY-MM-DD) for documents that carry none.
    #[arg(long, value_name = "DATE")]
    pub published: Option<chrono::NaiveDate>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let url = global.db.to_string_lossy().to_string();
    if !sitrep_store_pg::is_postgres_url(&url) {
        bail!(
            "`sitrep enqueue` needs a PostgreSQL store: --db postgres://USER@HOST/DB (got {url})"
        );
    }
    let store = sitrep_store_pg::PgStore::open(&url)
        .with_context(|| format!("opening {}", sitrep_store_pg::redact(&url)))?;
    let opts = sitrep_input::ReadOptions {
        published: args.published,
        ..sitrep_input::ReadOptions::default()
    };
    let (mut queued, mut unreadable) = (0usize, 0usize);
    let mut chunk = Vec::with_capacity(500);
    for path in &args.inputs {
        for r in sitrep_input::read_path(path, &opts) {
            match r {
                Ok(rec) => chunk.push(rec.document),
                Err(e) => {
                    unreadable += 1;
                    eprintln!("sitrep enqueue: {e}");
                }
            }
            if chunk.len() >= 500 {
                queued += store.enqueue(&chunk)?;
                chunk.clear();
            }
        }
    }
    queued += store.enqueue(&chunk)?;
    eprintln!(
        "sitrep enqueue: {queued} document{} queued, {unreadable} unreadable",
        if queued == 1 { "" } else { "s" }
    );
    Ok(ExitCode::from(if unreadable == 0 {
        exit::OK
    } else if queued > 0 {
        exit::PARTIAL
    } else {
        exit::FAILURE
    }))
}
