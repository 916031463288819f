//! The batch loop shared by `extract` and `ingest`: the records of an input are gathered
//! into batches bounded by a number of documents and of text bytes and handed to the
//! command's [`Sink`]; a read error first flushes the pending batch, so that output and
//! diagnostics stay in reading order.

use crate::source::ReadFailure;
use anyhow::Context;
use rayon::prelude::*;
use sitrep_coder::Coder;
use sitrep_input::Record;
use sitrep_model::Event;

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

/// Codes every record of a batch (on `pool` when given), in order. A coder panic is an
/// error for that document only.
pub fn code_batch(
    pool: Option<&rayon::ThreadPool>,
    batch: &[Record],
) -> Vec<Result<Vec<Event>, String>> {
    fn code_one(rec: &Record) -> Result<Vec<Event>, String> {
        let coder = Coder::embedded();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| coder.code(&rec.document)))
            .map_err(|_| "internal error: the coder failed on this document".to_string())
    }
    match pool {
        Some(pool) => pool.install(|| batch.par_iter().map(code_one).collect()),
        None => batch.iter().map(code_one).collect(),
    }
}

/// Bounds of one batch: it is flushed when either is reached.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub docs: usize,
    pub bytes: usize,
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
    let mut batch: Vec<Record> = Vec::new();
    let mut batch_bytes = 0usize;
    for item in items {
        match item {
            Err(e) => {
                flush(&mut batch, sink)?;
                batch_bytes = 0;
                sink.error(input, &e)?;
            }
            Ok(rec) => {
                sink.record(&rec)?;
                batch_bytes += rec.document.text.len();
                batch.push(rec);
                if batch.len() >= limits.docs || batch_bytes >= limits.bytes {
                    flush(&mut batch, sink)?;
                    batch_bytes = 0;
                }
            }
        }
    }
    flush(&mut batch, sink)
}

fn flush(batch: &mut Vec<Record>, sink: &mut impl Sink) -> anyhow::Result<()> {
    if !batch.is_empty() {
        sink.flush(batch)?;
        batch.clear();
    }
    Ok(())
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
