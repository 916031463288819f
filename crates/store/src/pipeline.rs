//! The one batching loop of every ingest entry point (`sitrep ingest`, `POST
//! /api/documents`, the PostgreSQL queue worker): inputs are gathered into batches bounded
//! by a number of documents and of text bytes ([`gather`]); each batch is coded, its coded
//! documents go to the store together ([`Target::store`]: one transaction, one per document
//! when one fails, [`crate::ingest::ingest_with_fallback`]) and every input gets its
//! [`Outcome`], in input order ([`Pipeline::store_batch`]). A read error first flushes the
//! pending batch, so that outcomes and diagnostics stay in reading order.

use crate::ingest::IngestOptions;
use crate::{EventStore, IngestOutcome, StoreError};
use chrono::NaiveDate;
use sitrep_model::{Document, Event};

/// Bounds of one batch: it is flushed when either is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub docs: usize,
    pub bytes: usize,
}

/// What a batch loop does with its inputs.
pub trait Sink<I, F> {
    type Error;
    /// An input was read (before it joins a batch): print its warnings, count it, ...
    fn record(&mut self, item: &I) -> Result<(), Self::Error>;
    /// An input could not be read.
    fn error(&mut self, failure: F) -> Result<(), Self::Error>;
    /// Processes a batch (never empty) and empties it.
    fn flush(&mut self, batch: &mut Vec<I>) -> Result<(), Self::Error>;
}

/// Feeds `items` to `sink` in batches bounded by `limits` (`len` gives an item's text
/// bytes); a failure flushes the pending batch before it is reported.
pub fn gather<I, F, S: Sink<I, F>>(
    items: impl IntoIterator<Item = Result<I, F>>,
    limits: Limits,
    len: impl Fn(&I) -> usize,
    sink: &mut S,
) -> Result<(), S::Error> {
    let mut batch: Vec<I> = Vec::new();
    let mut bytes = 0usize;
    for item in items {
        match item {
            Err(e) => {
                if !batch.is_empty() {
                    sink.flush(&mut batch)?;
                    batch.clear();
                }
                bytes = 0;
                sink.error(e)?;
            }
            Ok(it) => {
                sink.record(&it)?;
                bytes += len(&it);
                batch.push(it);
                if batch.len() >= limits.docs || bytes >= limits.bytes {
                    sink.flush(&mut batch)?;
                    batch.clear();
                    bytes = 0;
                }
            }
        }
    }
    if !batch.is_empty() {
        sink.flush(&mut batch)?;
        batch.clear();
    }
    Ok(())
}

/// Where coded batches are stored: an [`EventStore`], or a queue worker's transaction.
pub trait Target {
    /// The publication date stored for a document with this text, if any (documents
    /// re-coded without a date of their own are coded with it).
    fn stored_publication_date(&mut self, _content_hash: &str) -> Option<NaiveDate> {
        None
    }
    /// Stores the documents, one result per document in order; `Ok(None)`: the document
    /// was skipped (a queue item another worker took over).
    fn store(
        &mut self,
        items: &[(&Document, &[Event])],
        opts: &IngestOptions,
    ) -> Vec<Result<Option<IngestOutcome>, StoreError>>;
}

impl<S: EventStore + ?Sized> Target for S {
    fn stored_publication_date(&mut self, content_hash: &str) -> Option<NaiveDate> {
        // A failing look-up only means coding without a date, as the input says.
        EventStore::stored_publication_date(self, content_hash)
            .ok()
            .flatten()
    }

    fn store(
        &mut self,
        items: &[(&Document, &[Event])],
        opts: &IngestOptions,
    ) -> Vec<Result<Option<IngestOutcome>, StoreError>> {
        self.ingest_batch_with(items, opts)
            .into_iter()
            .map(|r| r.map(Some))
            .collect()
    }
}

/// What became of one document of a batch.
#[derive(Debug)]
pub enum Outcome {
    Stored(IngestOutcome),
    /// The coder failed on it (the message says so).
    CodingFailed(String),
    /// Storing it failed (a user error, e.g. a cancelled ingest, or an internal one).
    StoreFailed(StoreError),
    /// Not stored by this worker (another one owns it now).
    Skipped,
}

/// Codes documents: one result per document, in order (a coder panic is an error of that
/// document only).
pub type Code<'a> = dyn Fn(&[&Document]) -> Vec<Result<Vec<Event>, String>> + Sync + 'a;

/// Codes documents one after the other with `code`, a panic of the coder being an error
/// of that document.
pub fn code_each(
    code: &(dyn Fn(&Document) -> Vec<Event> + Sync),
    docs: &[&Document],
) -> Vec<Result<Vec<Event>, String>> {
    docs.iter()
        .map(|d| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| code(d)))
                .map_err(|_| "internal error: the coder failed on this document".to_string())
        })
        .collect()
}

/// Codes and stores batches.
pub struct Pipeline<'a> {
    pub code: &'a Code<'a>,
    pub options: IngestOptions,
}

impl Pipeline<'_> {
    /// Codes the documents of a batch, stores the coded ones together in `target`, and
    /// returns each document's outcome, in order. Once the ingest is cancelled, the
    /// remaining documents fail with [`StoreError::Cancelled`] without being coded.
    pub fn store_batch<T: Target + ?Sized>(
        &self,
        target: &mut T,
        docs: &[&Document],
    ) -> Vec<Outcome> {
        if let Some(c) = &self.options.cancel {
            if c.is_cancelled() {
                return docs
                    .iter()
                    .map(|_| Outcome::StoreFailed(StoreError::Cancelled))
                    .collect();
            }
        }
        // Re-coding a stored document that the input gives no date: with the stored date.
        let dated: Vec<Option<Document>> = docs
            .iter()
            .map(|d| {
                if !self.options.reprocess || d.published.is_some() {
                    return None;
                }
                let published = target.stored_publication_date(&d.content_hash())?;
                let mut doc = (*d).clone();
                doc.published = Some(published);
                Some(doc)
            })
            .collect();
        let docs: Vec<&Document> = docs
            .iter()
            .zip(&dated)
            .map(|(d, fixed)| fixed.as_ref().unwrap_or(d))
            .collect();
        let docs = docs.as_slice();
        let coded = (self.code)(docs);
        let mut outs: Vec<Option<Outcome>> = Vec::with_capacity(docs.len());
        let mut items: Vec<(&Document, &[Event])> = Vec::new();
        let mut at: Vec<usize> = Vec::new();
        for (i, (doc, res)) in docs.iter().zip(&coded).enumerate() {
            match res {
                Ok(events) => {
                    outs.push(None);
                    items.push((doc, events.as_slice()));
                    at.push(i);
                }
                Err(msg) => outs.push(Some(Outcome::CodingFailed(msg.clone()))),
            }
        }
        if !items.is_empty() {
            let stored = target.store(&items, &self.options);
            for (i, r) in at.into_iter().zip(stored) {
                outs[i] = Some(match r {
                    Ok(Some(o)) => Outcome::Stored(o),
                    Ok(None) => Outcome::Skipped,
                    Err(e) => Outcome::StoreFailed(e),
                });
            }
        }
        outs.into_iter()
            .map(|o| {
                o.unwrap_or_else(|| {
                    Outcome::StoreFailed(StoreError::Internal("no outcome for a document".into()))
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SqliteStore;

    #[derive(Default)]
    struct Log(Vec<String>);

    impl Sink<(String, usize), String> for Log {
        type Error = ();
        fn record(&mut self, it: &(String, usize)) -> Result<(), ()> {
            self.0.push(format!("read {}", it.0));
            Ok(())
        }
        fn error(&mut self, e: String) -> Result<(), ()> {
            self.0.push(format!("error {e}"));
            Ok(())
        }
        fn flush(&mut self, batch: &mut Vec<(String, usize)>) -> Result<(), ()> {
            let ids: Vec<_> = batch.iter().map(|r| r.0.as_str()).collect();
            self.0.push(format!("flush {}", ids.join(",")));
            batch.clear();
            Ok(())
        }
    }

    #[test]
    fn batches_by_count_and_bytes_and_flushes_before_errors() {
        let ok = |id: &str, n: usize| Ok((id.to_string(), n));
        let items = vec![
            ok("a", 1),
            ok("b", 1),
            ok("c", 1),
            Err("line 4".to_string()),
            ok("d", 10),
            ok("e", 1),
        ];
        let mut log = Log::default();
        gather(items, Limits { docs: 2, bytes: 10 }, |i| i.1, &mut log).unwrap();
        assert_eq!(
            log.0,
            [
                "read a",
                "read b",
                "flush a,b",
                "read c",
                "flush c",
                "error line 4",
                "read d",
                "flush d",
                "read e",
                "flush e",
            ]
        );
    }

    #[test]
    fn a_coder_failure_loses_only_its_document() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let code = |docs: &[&Document]| -> Vec<Result<Vec<Event>, String>> {
            docs.iter()
                .map(|d| {
                    if d.id == "bad" {
                        Err("the coder failed".to_string())
                    } else {
                        Ok(Vec::new())
                    }
                })
                .collect()
        };
        let p = Pipeline {
            code: &code,
            options: IngestOptions::default(),
        };
        let docs = [
            Document::new("a", "one"),
            Document::new("bad", "two"),
            Document::new("c", "three"),
        ];
        let refs: Vec<&Document> = docs.iter().collect();
        let outs = p.store_batch(&mut store, &refs);
        assert!(matches!(
            outs[0],
            Outcome::Stored(IngestOutcome::Added { .. })
        ));
        assert!(matches!(&outs[1], Outcome::CodingFailed(m) if m.contains("coder")));
        assert!(matches!(
            outs[2],
            Outcome::Stored(IngestOutcome::Added { .. })
        ));
        assert_eq!(store.stats().unwrap().documents, 2);
    }
}
