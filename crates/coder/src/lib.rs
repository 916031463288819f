//! The event coder: a pure function of (document, lexicons) with no I/O.
//!
//! `Coder::embedded().code(&doc)` returns the events of one document. The pipeline is
//! described in ARCHITECTURE.md: sentences → tokens → mentions (actors, places, dates,
//! numbers) → triggers → arguments (voice, attribution, coreference) → markers →
//! ACLED mapping → events with evidence spans.

mod acled;
mod lexicon;
mod sentence;
mod truecase;
mod words;

use lexicon::Lexicon;
use sitrep_gazetteer::Gazetteer;
use sitrep_lexicon::ActorLexicon;
use sitrep_model::{Document, Event};
use std::sync::OnceLock;

pub use acled::acled_for;

/// Holds the compiled lexicons; cheap to share between threads (`&Coder` is `Sync`).
pub struct Coder {
    lex: Lexicon,
    syntax: &'static sitrep_syntax::Analyzer,
    actors: &'static ActorLexicon,
    gazetteer: &'static Gazetteer,
}

impl Coder {
    /// The coder with the bundled gazetteer and dictionaries (loaded once, lazily).
    pub fn embedded() -> &'static Coder {
        static CODER: OnceLock<Coder> = OnceLock::new();
        CODER.get_or_init(|| {
            // The four loads are independent: they overlap on a machine with several cores
            // (start-up is most of the time of a short run).
            let (lex, syntax, actors, gazetteer) = std::thread::scope(|s| {
                let gazetteer = s.spawn(Gazetteer::embedded);
                let actors = s.spawn(ActorLexicon::embedded);
                let syntax = s.spawn(sitrep_syntax::Analyzer::shared);
                let lex = Lexicon::load();
                fn join<T>(r: std::thread::Result<T>) -> T {
                    r.unwrap_or_else(|p| std::panic::resume_unwind(p))
                }
                (
                    lex,
                    join(syntax.join()),
                    join(actors.join()),
                    join(gazetteer.join()),
                )
            });
            Coder {
                lex,
                // The model is built and tested with the crate: failure here is a build defect.
                syntax: syntax.unwrap_or_else(|e| panic!("embedded syntax model: {e}")),
                actors,
                gazetteer,
            }
        })
    }

    /// Codes one document. Never panics; returns no events for text that reports none.
    ///
    /// Documents longer than [`CHUNK_BYTES`] are coded in paragraph-aligned chunks (each with
    /// its own coreference and place context), so time and memory stay linear in the size of
    /// the input; offsets in the events still point into the whole document's text.
    pub fn code(&self, doc: &Document) -> Vec<Event> {
        self.code_traced(doc, None)
    }

    /// Codes one document like [`Coder::code`]; `trace`, when given, receives one line per
    /// candidate event of each sentence (for debugging the coder's rules).
    ///
    /// A document without normal capitalisation (all lower or all upper case, see
    /// [`sitrep_text::Casing`], or with all-caps lines such as headlines) is coded on a copy
    /// with the capitals of edited prose put back (`truecase.rs`); its events point into, and
    /// quote, the document's own text.
    pub fn code_traced(&self, doc: &Document, trace: Option<&mut dyn FnMut(&str)>) -> Vec<Event> {
        let Some(text) = truecase::recase(self, &doc.text) else {
            return self.code_cased(doc, trace);
        };
        let recased = Document {
            text,
            ..doc.clone_without_text()
        };
        let mut events = self.code_cased(&recased, trace);
        for ev in events.iter_mut() {
            truecase::restore(&doc.text, ev);
        }
        events
    }

    /// The copy of `text` with the capitals of edited prose that the coder codes instead of
    /// `text` when its capitals carry no information (all lower or all upper case, or in
    /// all-caps lines); `None` for normally capitalised text. Same length and offsets.
    pub fn recased(&self, text: &str) -> Option<String> {
        truecase::recase(self, text)
    }

    /// Codes a document whose capitals are those of edited prose.
    fn code_cased(&self, doc: &Document, mut trace: Option<&mut dyn FnMut(&str)>) -> Vec<Event> {
        if doc.text.len() <= CHUNK_BYTES {
            return sentence::code_document(self, doc, trace);
        }
        let mut events = Vec::new();
        for (start, end) in chunks(&doc.text, CHUNK_BYTES) {
            let Some(part) = doc.text.get(start..end) else {
                continue;
            };
            let sub = Document {
                text: part.to_string(),
                ..doc.clone_without_text()
            };
            let part_trace: Option<&mut dyn FnMut(&str)> = match trace.as_mut() {
                Some(t) => Some(&mut **t),
                None => None,
            };
            for mut ev in sentence::code_document(self, &sub, part_trace) {
                shift_event(&mut ev, start);
                ev.id = Event::compute_id(
                    &ev.doc_id,
                    ev.event_type,
                    ev.mode.as_deref(),
                    &ev.evidence,
                    ev.trigger.as_deref(),
                );
                events.push(ev);
            }
        }
        events
    }
}

/// Size above which a document is coded in chunks.
pub const CHUNK_BYTES: usize = 256 * 1024;

/// Splits `text` into `[start, end)` byte ranges of at most about `max` bytes, cut after a
/// newline when there is one in the second half of the window, else at a char boundary.
fn chunks(text: &str, max: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + max).min(text.len());
        if end < text.len() {
            let window = text.get(start + max / 2..end).unwrap_or("");
            if let Some(nl) = window.rfind('\n') {
                end = start + max / 2 + nl + 1;
            } else {
                while end > start && !text.is_char_boundary(end) {
                    end -= 1;
                }
            }
        }
        if end <= start {
            break;
        }
        out.push((start, end));
        start = end;
    }
    out
}

fn shift_span(s: &mut Option<sitrep_model::Span>, by: usize) {
    if let Some(sp) = s.as_mut() {
        *sp = sp.shift(by);
    }
}

/// Moves every offset of an event coded on a chunk to the whole document's offsets.
fn shift_event(ev: &mut Event, by: usize) {
    ev.evidence.start += by;
    ev.evidence.end += by;
    for e in ev.actor.iter_mut().chain(ev.recipient.iter_mut()) {
        shift_span(&mut e.span, by);
    }
    if let Some(src) = ev.source.as_mut() {
        shift_span(&mut src.span, by);
    }
    if let Some(loc) = ev.location.as_mut() {
        shift_span(&mut loc.span, by);
    }
    if let Some(d) = ev.date.as_mut() {
        shift_span(&mut d.span, by);
    }
    for q in ev.quantities.iter_mut() {
        shift_span(&mut q.span, by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_text_on_boundaries() {
        let text = "é line one\nline two é\n".repeat(50);
        let cs = chunks(&text, 64);
        assert_eq!(cs.first().map(|c| c.0), Some(0));
        assert_eq!(cs.last().map(|c| c.1), Some(text.len()));
        for w in cs.windows(2) {
            assert_eq!(w[0].1, w[1].0);
        }
        for (a, b) in cs {
            assert!(text.get(a..b).is_some());
        }
    }

    #[test]
    fn long_documents_keep_whole_document_offsets() {
        let para = "Gunmen killed 12 villagers in Zamfara state on Tuesday, police said.\n";
        let text = para.repeat(CHUNK_BYTES / para.len() + 50);
        let mut doc = Document::new("long", text.clone());
        doc.published = chrono::NaiveDate::from_ymd_opt(2026, 1, 21);
        let events = Coder::embedded().code(&doc);
        assert!(events.len() > CHUNK_BYTES / para.len());
        for e in &events {
            assert_eq!(
                text.get(e.evidence.start..e.evidence.end),
                Some(e.evidence.text.as_str())
            );
        }
        let last = events.last().map(|e| e.evidence.start).unwrap_or(0);
        assert!(
            last > CHUNK_BYTES,
            "events past the first chunk are shifted"
        );
    }
}
