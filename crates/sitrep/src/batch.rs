//! The batch loop shared by `extract` and `ingest`: the records of an input are gathered
//! into batches bounded by a number of documents and of text bytes
//! ([`sitrep_store::pipeline::gather`], the loop every ingest entry point uses) and handed
//! to the command's [`Sink`]; a read error first flushes the pending batch, so that output
//! and diagnostics stay in reading order.

use crate::output;
use crate::source::ReadFailure;
use anyhow::Context;
use rayon::prelude::*;
use sitrep_coder::Coder;
use sitrep_input::Record;
use sitrep_model::{Document, Event};
use std::collections::BTreeMap;

pub use sitrep_store::pipeline::Limits;

/// The pool that codes a batch with `threads` threads; `None` for one (code on the calling
/// thread).
pub fn coding_pool(threads: u16) -> anyhow::Result<Option<rayon::ThreadPool>> {
    if threads <= 1 {
        return Ok(None);
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads as usize)
        .build()
        .map(Some)
        .context("starting the coding threads")
}

/// Codes documents (on `pool` when given), in order. A coder panic is an error for that
/// document only.
pub fn code_documents(
    pool: Option<&rayon::ThreadPool>,
    docs: &[&Document],
) -> Vec<Result<Vec<Event>, String>> {
    fn code_one(doc: &&Document) -> Result<Vec<Event>, String> {
        let coder = Coder::embedded();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| coder.code(doc)))
            .map_err(|_| "internal error: the coder failed on this document".to_string())
    }
    match pool {
        Some(pool) => pool.install(|| docs.par_iter().map(code_one).collect()),
        None => docs.iter().map(code_one).collect(),
    }
}

/// Codes every record of a batch (on `pool` when given), in order.
pub fn code_batch(
    pool: Option<&rayon::ThreadPool>,
    batch: &[Record],
) -> Vec<Result<Vec<Event>, String>> {
    let docs: Vec<&Document> = batch.iter().map(|r| &r.document).collect();
    code_documents(pool, &docs)
}

/// What a command does with the records of its inputs.
pub trait Sink {
    /// A record was read (before it joins a batch): print its warnings, count it, ...
    fn record(&mut self, rec: &Record) -> anyhow::Result<()>;
    /// (Part of) `input` could not be read.
    fn error(&mut self, input: &str, e: &ReadFailure) -> anyhow::Result<()>;
    /// Processes a batch (never empty) and empties it.
    fn flush(&mut self, batch: &mut Vec<Record>) -> anyhow::Result<()>;
}

/// Feeds the records of `input` to `sink` in batches.
pub fn run(
    input: &str,
    items: impl IntoIterator<Item = Result<Record, ReadFailure>>,
    limits: Limits,
    sink: &mut impl Sink,
) -> anyhow::Result<()> {
    struct Named<'a, S>(&'a str, &'a mut S);
    impl<S: Sink> sitrep_store::pipeline::Sink<Record, ReadFailure> for Named<'_, S> {
        type Error = anyhow::Error;
        fn record(&mut self, rec: &Record) -> anyhow::Result<()> {
            self.1.record(rec)
        }
        fn error(&mut self, e: ReadFailure) -> anyhow::Result<()> {
            self.1.error(self.0, &e)
        }
        fn flush(&mut self, batch: &mut Vec<Record>) -> anyhow::Result<()> {
            self.1.flush(batch)
        }
    }
    sitrep_store::pipeline::gather(
        items,
        limits,
        |r| r.document.text.len(),
        &mut Named(input, sink),
    )
}

/// Warnings about documents without a publication date (relative dates cannot be resolved
/// without one), the same for `extract` and `ingest`: the first few of each input by name,
/// then one line per input with how many there were in all.
#[derive(Default)]
pub struct UndatedWarnings {
    here: u64,
    totals: BTreeMap<String, u64>,
}

/// Warnings about missing publication dates shown per input before summarising.
const MAX_DATE_WARNINGS: u64 = 3;

impl UndatedWarnings {
    /// A new input starts.
    pub fn start_input(&mut self) {
        self.here = 0;
    }

    /// A record was read; warns (through `warn`) when it has no publication date.
    pub fn record(&mut self, rec: &Record, warn: impl FnOnce(String)) {
        if rec.document.published.is_none() {
            self.here += 1;
            if self.here <= MAX_DATE_WARNINGS {
                warn(format!(
                    "{}: no publication date (give one with --published YYYY-MM-DD); relative dates stay unresolved",
                    rec.origin
                ));
            }
        }
    }

    /// The input `input` (a path, or `-`) ended.
    pub fn end_input(&mut self, input: &std::path::Path) {
        if self.here > MAX_DATE_WARNINGS {
            let name = if input.as_os_str() == "-" {
                sitrep_input::STDIN_NAME.to_string()
            } else {
                input.display().to_string()
            };
            self.totals.insert(name, self.here);
        }
    }

    /// Prints the per-input totals (after the last input).
    pub fn finish(self) {
        for (name, n) in self.totals {
            output::warning(format!(
                "{name}: {n} documents in all without a publication date"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_input::{InputError, Origin, UserError};
    use sitrep_model::Document;

    #[derive(Default)]
    struct Log(Vec<String>);

    impl Sink for Log {
        fn record(&mut self, rec: &Record) -> anyhow::Result<()> {
            self.0.push(format!("read {}", rec.document.id));
            Ok(())
        }
        fn error(&mut self, input: &str, e: &ReadFailure) -> anyhow::Result<()> {
            self.0.push(format!("error {input}: {e}"));
            Ok(())
        }
        fn flush(&mut self, batch: &mut Vec<Record>) -> anyhow::Result<()> {
            let ids: Vec<_> = batch.iter().map(|r| r.document.id.as_str()).collect();
            self.0.push(format!("flush {}", ids.join(",")));
            batch.clear();
            Ok(())
        }
    }

    fn rec(id: &str, text: &str) -> Result<Record, ReadFailure> {
        Ok(Record {
            document: Document::new(id, text),
            origin: Origin::new("in"),
            byline: None,
            warnings: Vec::new(),
            text_is_summary: false,
        })
    }

    #[test]
    fn batches_by_count_and_bytes_and_flushes_before_errors() {
        let err = Err(ReadFailure::Input(InputError::user(
            Origin::new("in").at_line(4),
            UserError::EmptyText,
        )));
        let items = vec![
            rec("a", "x"),
            rec("b", "x"),
            rec("c", "x"),
            err,
            rec("d", "0123456789"),
            rec("e", "x"),
        ];
        let mut log = Log::default();
        run("in", items, Limits { docs: 2, bytes: 10 }, &mut log).unwrap();
        assert_eq!(
            log.0,
            [
                "read a",
                "read b",
                "flush a,b",
                "read c",
                "flush c",
                "error in: in:4: empty document (no text)",
                "read d",
                "flush d",
                "read e",
                "flush e",
            ]
        );
        let mut log = Log::default();
        run("in", Vec::new(), Limits { docs: 2, bytes: 10 }, &mut log).unwrap();
        assert!(log.0.is_empty());
    }
}
