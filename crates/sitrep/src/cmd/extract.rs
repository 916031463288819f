//! `sitrep extract`: read documents, code their events, print them.

use crate::batch::{self, Sink};
use crate::output;
use crate::progress::{self, Progress};
use crate::source::{FetchArgs, InputFormat, ReadFailure, Sources};
use crate::{exit, Global};
use anyhow::Context;
use chrono::NaiveDate;
use sitrep_input::{ReadOptions, Record};
use sitrep_model::Event;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// A compact human-readable table.
    Table,
    /// One JSON event record per line.
    Jsonl,
    /// The documents as read (one JSON document per line), without coding: shows what
    /// the readers extracted from HTML and feeds, or converts inputs to JSON Lines.
    Documents,
}

/// Code the events reported in documents and print them.
///
/// INPUT is a file (plain text, JSON Lines, JSON array, HTML, RSS/Atom), a directory (read
/// recursively), an http(s) URL (a feed: one document per item; a page: its article), or
/// `-` for standard input. Bad inputs are reported on stderr and the
/// rest is still coded. Exit code: 0 all inputs read, 1 some failed, 2 nothing could be
/// read (or a usage error).
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  sitrep extract --published 2026-01-21 crates/coder/tests/fixtures/shaddadi/article.txt
  sitrep extract --format jsonl data/voa/voa-stories-dev.jsonl > events.jsonl")]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,

    /// Publication date for documents that carry none (relative dates such as
    /// "Friday" are resolved against it).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub published: Option<NaiveDate>,

    /// Coding threads (the output order does not depend on it).
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: u16,

    /// Read every input as this format instead of guessing from extension and content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,

    /// Largest accepted document (or JSON Lines record, or body fetched from a URL), in MiB.
    #[arg(long, default_value_t = 50, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_size: u64,

    #[command(flatten)]
    pub fetch: FetchArgs,

    /// Files, directories, http(s) URLs, or `-` for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("`{s}` is not a date of the form YYYY-MM-DD"))
}

/// Documents coded together (in parallel when `--threads` > 1); bounded by count and bytes.
const BATCH: batch::Limits = batch::Limits {
    docs: 256,
    bytes: 8 * 1024 * 1024,
};

struct Run {
    format: OutputFormat,
    pool: Option<rayon::ThreadPool>,
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    header_done: bool,
    bar: Progress,
    docs: u64,
    events: u64,
    failures: u64,
    /// Documents of the current input without a publication date.
    undated: batch::UndatedWarnings,
}

impl Run {
    fn flush_batch(&mut self, batch: &mut Vec<Record>) -> anyhow::Result<()> {
        if self.format == OutputFormat::Documents {
            for rec in batch.iter() {
                self.docs += 1;
                serde_json::to_writer(&mut self.out, &rec.document)
                    .map_err(std::io::Error::from)
                    .and_then(|_| self.out.write_all(b"\n"))
                    .context("writing to standard output")?;
            }
            batch.clear();
            self.out.flush().context("writing to standard output")?;
            self.bar.documents(self.docs, String::new());
            return Ok(());
        }
        let results = batch::code_batch(self.pool.as_ref(), batch);
        for (rec, res) in batch.iter().zip(results) {
            match res {
                Ok(events) => {
                    self.docs += 1;
                    self.write_events(&events)?;
                }
                Err(msg) => {
                    self.failures += 1;
                    self.bar.suspend(|| output::error(format!("{}: {msg}", rec.origin)));
                }
            }
        }
        batch.clear();
        self.out.flush().context("writing to standard output")?;
        self.bar.documents(self.docs, format!(", {} events", self.events));
        Ok(())
    }

    fn write_events(&mut self, events: &[Event]) -> anyhow::Result<()> {
        for ev in events {
            self.events += 1;
            match self.format {
                OutputFormat::Jsonl | OutputFormat::Documents => {
                    output::write_jsonl(&mut self.out, ev).context("writing to standard output")?
                }
                OutputFormat::Table => {
                    if !self.header_done {
                        writeln!(self.out, "{}", output::table_header()).context("writing to standard output")?;
                        self.header_done = true;
                    }
                    writeln!(self.out, "{}", output::table_row(ev)).context("writing to standard output")?;
                }
            }
        }
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

    fn error(&mut self, _input: &str, e: &ReadFailure) -> anyhow::Result<()> {
        self.failures += 1;
        self.bar.suspend(|| output::error(e));
        Ok(())
    }

    fn flush(&mut self, batch: &mut Vec<Record>) -> anyhow::Result<()> {
        self.flush_batch(batch)
    }
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    let opts = ReadOptions {
        published: args.published,
        max_size: args.max_size * 1024 * 1024,
        format: args.input_format.map(Into::into),
    };
    let pool = batch::coding_pool(args.threads)?;
    // The bar shares the terminal only with diagnostics: not while events are printed on it.
    let show_bar = !std::io::stdout().is_terminal();
    let mut run = Run {
        format: args.format,
        pool,
        out: std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock()),
        header_done: false,
        bar: Progress::on_stderr(show_bar, progress::total_size(&args.inputs)),
        docs: 0,
        events: 0,
        failures: 0,
        undated: batch::UndatedWarnings::default(),
    };
    let stdin_count = args.inputs.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        output::error("standard input (`-`) can be given only once");
        return Ok(ExitCode::from(exit::FAILURE));
    }
    let sources = Sources::new(opts, &args.fetch);
    for input in &args.inputs {
        run.undated.start_input();
        let name = input.display().to_string();
        let (items, read) = sources.read(input);
        run.bar.start_input(read);
        batch::run(&name, items, BATCH, &mut run)?;
        run.undated.end_input(input);
    }
    run.bar.finish();
    std::mem::take(&mut run.undated).finish();
    run.out.flush().context("writing to standard output")?;
    if run.format == OutputFormat::Table {
        eprintln!(
            "sitrep: {} document{} coded, {} event{}{}",
            run.docs,
            if run.docs == 1 { "" } else { "s" },
            run.events,
            if run.events == 1 { "" } else { "s" },
            if run.failures > 0 { format!(", {} input error{}", run.failures, if run.failures == 1 { "" } else { "s" }) } else { String::new() }
        );
    }
    Ok(ExitCode::from(if run.docs == 0 {
        if run.failures == 0 {
            output::error("no documents found in the inputs");
        }
        exit::FAILURE
    } else if run.failures > 0 {
        exit::PARTIAL
    } else {
        exit::OK
    }))
}
