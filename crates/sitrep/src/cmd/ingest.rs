//! `sitrep ingest`: read documents, code them and store their events.

use crate::batch::{self, Sink};
use crate::output;
use crate::progress::{self, Progress};
use crate::source::{FetchArgs, InputFormat, ReadFailure, Sources};
use crate::{exit, Global};
use anyhow::Context;
use chrono::NaiveDate;
use sitrep_input::{ReadOptions, Record};
use sitrep_model::Document;
use sitrep_store::pipeline::{Outcome, Pipeline};
use sitrep_store::{EventStore, IngestOptions, IngestOutcome};
use std::path::PathBuf;
use std::process::ExitCode;

/// Read documents, code their events and store them in the event database.
///
/// INPUT is a file (plain text, JSON Lines, JSON array, HTML, RSS/Atom), a directory (read
/// recursively), an http(s) URL (a feed: one document per item; a page: its article), or
/// `-` for JSON Lines (or one text) on standard input. Each document is
/// stored once (by content hash): ingesting the same input again changes nothing, unless
/// it now has another publication date (or --reprocess is given): then the document is
/// coded again and its claims replace the old ones. Claims
/// that report the same happening merge into one event. Documents are stored in batches of
/// up to 256, one transaction each, so an interrupted ingest leaves a consistent database and
/// running it again completes the work. A bad document or URL is reported, written to the
/// ingest log and skipped. Exit code: 0 all stored, 1 some inputs failed, 2 nothing could
/// be read.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  sitrep ingest data/examples/
  sitrep --db voa.db ingest --threads 2 data/voa/voa-stories-dev.jsonl")]
pub struct Args {
    /// Publication date for documents that carry none. A document stored earlier with
    /// another date is coded again with this one (its claims are replaced).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::events::parse_date)]
    pub published: Option<NaiveDate>,
    /// Code documents that are stored already again and replace their claims (after the
    /// coder or its lexicons changed); their events are merged again and their sites rebuilt.
    #[arg(long)]
    pub reprocess: bool,
    /// Read every input as this format instead of guessing from extension and content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// Largest accepted document (and body fetched from a URL), in MiB.
    #[arg(long, default_value_t = 50, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_size: u64,
    /// Coding threads (storing is sequential; the result does not depend on it).
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: u16,
    /// With a PostgreSQL store (`--db postgres://...`): only add the documents to the work
    /// queue and return at once; `sitrep worker` processes on any machine code and store
    /// them (the same as `sitrep enqueue`).
    #[arg(long)]
    pub queue: bool,
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// Files, directories, http(s) URLs, or `-` for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
}

/// Documents coded and stored together (one transaction); bounded by count and bytes.
const BATCH: batch::Limits = batch::Limits {
    docs: 256,
    bytes: 4 * 1024 * 1024,
};

#[derive(Default)]
struct Counts {
    stored: u64,
    reprocessed: u64,
    duplicates: u64,
    claims: u64,
    new_events: u64,
    merged: u64,
    failures: u64,
    bytes: u64,
}

struct Run {
    store: Box<dyn EventStore>,
    pool: Option<rayon::ThreadPool>,
    options: IngestOptions,
    bar: Progress,
    n: Counts,
    undated: batch::UndatedWarnings,
}

impl Run {
    fn fail(&mut self, origin: &str, msg: &str) -> anyhow::Result<()> {
        self.n.failures += 1;
        self.bar.suspend(|| output::error(format!("{origin}: {msg}")));
        self.store
            .log_failure(origin, msg)
            .context("writing the ingest log")?;
        Ok(())
    }

    fn store_batch(&mut self, batch: &mut Vec<Record>) -> anyhow::Result<()> {
        // The batching loop of every ingest entry point: the batch is coded, then stored in
        // one transaction (one per document when one fails).
        let pool = self.pool.as_ref();
        let coder = |docs: &[&Document]| batch::code_documents(pool, docs);
        let pipeline = Pipeline {
            code: &coder,
            options: self.options.clone(),
        };
        let docs: Vec<&Document> = batch.iter().map(|r| &r.document).collect();
        let outcomes = pipeline.store_batch(&mut *self.store, &docs);
        for (rec, outcome) in batch.iter().zip(outcomes) {
            let origin = rec.origin.to_string();
            match outcome {
                Outcome::Stored(o) => {
                    match o {
                        IngestOutcome::Added {
                            claims,
                            new_events,
                            merged,
                            ..
                        } => {
                            self.n.stored += 1;
                            self.n.claims += claims as u64;
                            self.n.new_events += new_events as u64;
                            self.n.merged += merged as u64;
                        }
                        IngestOutcome::Reprocessed {
                            claims,
                            new_events,
                            merged,
                            ..
                        } => {
                            self.n.reprocessed += 1;
                            self.n.claims += claims as u64;
                            self.n.new_events += new_events as u64;
                            self.n.merged += merged as u64;
                        }
                        IngestOutcome::Duplicate { .. } => self.n.duplicates += 1,
                    }
                    let dropped = o.dropped_claims();
                    if dropped > 0 {
                        self.bar.suspend(|| {
                            output::warning(format!(
                                "{origin}: {dropped} claims beyond the limit of {} per document were not stored (is it one document? split it, or check its text for repetition)",
                                self.options.max_claims_per_document
                            ))
                        });
                    }
                }
                Outcome::CodingFailed(msg) => self.fail(&origin, &msg)?,
                Outcome::StoreFailed(e) if e.is_user_error() => self.fail(&origin, &e.to_string())?,
                Outcome::StoreFailed(e) => {
                    return Err(anyhow::Error::new(e).context(format!("storing {origin}")));
                }
                Outcome::Skipped => {}
            }
        }
        for rec in batch.iter() {
            self.n.bytes += rec.document.text.len() as u64;
        }
        let mut msg = format!(", {} stored", self.n.stored);
        if self.n.reprocessed > 0 {
            msg.push_str(&format!(", {} coded again", self.n.reprocessed));
        }
        if self.n.duplicates > 0 {
            msg.push_str(&format!(", {} already present", self.n.duplicates));
        }
        self.bar
            .documents(
                self.n.stored + self.n.reprocessed + self.n.duplicates + self.n.failures,
                msg,
            );
        batch.clear();
        Ok(())
    }
}

impl Sink for Run {
    fn record(&mut self, rec: &Record) -> anyhow::Result<()> {
        for w in &rec.warnings {
            self.bar.suspend(|| output::warning(w));
        }
        let bar = &self.bar;
        self.undated
            .record(rec, |w| bar.suspend(|| output::warning(w)));
        Ok(())
    }

    fn error(&mut self, input: &str, e: &ReadFailure) -> anyhow::Result<()> {
        let msg = e.to_string();
        self.n.failures += 1;
        self.bar.suspend(|| output::error(&msg));
        self.store
            .log_failure(input, &msg)
            .context("writing the ingest log")
    }

    fn flush(&mut self, batch: &mut Vec<Record>) -> anyhow::Result<()> {
        self.store_batch(batch)
    }
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    if args.queue {
        if args.reprocess {
            output::error(
                "`ingest --queue --reprocess`: the queue's workers re-code a document only when its publication date changed; ingest without --queue to re-code",
            );
            return Ok(ExitCode::from(exit::FAILURE));
        }
        if let Some(url) = args.inputs.iter().find(|i| crate::source::is_url(i)) {
            output::error(format!(
                "{}: `ingest --queue` reads files only; ingest URLs without --queue",
                url.display()
            ));
            return Ok(ExitCode::from(exit::FAILURE));
        }
        let enqueue = super::enqueue::Args {
            inputs: args.inputs,
            published: args.published,
        };
        return super::enqueue::run(enqueue, global);
    }
    let stdin_count = args.inputs.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        output::error("standard input (`-`) can be given only once");
        return Ok(ExitCode::from(exit::FAILURE));
    }
    let opts = ReadOptions {
        published: args.published,
        max_size: args.max_size * 1024 * 1024,
        format: args.input_format.map(Into::into),
    };
    let Some(store) = super::events::open_store(global, true)? else {
        return Ok(ExitCode::from(exit::FAILURE));
    };
    let pool = batch::coding_pool(args.threads)?;
    let bar = Progress::on_stderr(true, progress::total_size(&args.inputs));
    let mut run = Run {
        store,
        pool,
        options: IngestOptions {
            reprocess: args.reprocess,
            ..IngestOptions::default()
        },
        bar,
        n: Counts::default(),
        undated: batch::UndatedWarnings::default(),
    };
    let started = std::time::Instant::now();
    let sources = Sources::new(opts, &args.fetch);
    for input in &args.inputs {
        run.undated.start_input();
        let name = input.display().to_string();
        let (items, read) = sources.read(input);
        run.bar.start_input(read);
        batch::run(&name, items, BATCH, &mut run)?;
        run.undated.end_input(input);
    }
    run.bar.suspend(|| std::mem::take(&mut run.undated).finish());
    run.bar.status("updating sites");
    let localities = run.store.flush().context("updating the situation picture")?;
    run.bar.finish();
    let n = &run.n;
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    eprintln!(
        "sitrep: {} document{} stored, {}{} already present; {} claims ({} new events, {} merged into existing ones); {} localit{} updated; {} in {:.1} s{}",
        n.stored,
        if n.stored == 1 { "" } else { "s" },
        if n.reprocessed > 0 { format!("{} coded again (claims replaced), ", n.reprocessed) } else { String::new() },
        n.duplicates,
        n.claims,
        n.new_events,
        n.merged,
        localities,
        if localities == 1 { "y" } else { "ies" },
        if n.bytes >= 1_000_000 { format!("{:.1} MB", n.bytes as f64 / 1e6) } else { format!("{:.1} kB", n.bytes as f64 / 1e3) },
        secs,
        if n.failures > 0 { format!("; {} error{}", n.failures, if n.failures == 1 { "" } else { "s" }) } else { String::new() }
    );
    Ok(ExitCode::from(if n.stored + n.reprocessed + n.duplicates == 0 {
        if n.failures == 0 {
            output::error("no documents found in the inputs");
        }
        exit::FAILURE
    } else if n.failures > 0 {
        exit::PARTIAL
    } else {
        exit::OK
    }))
}
