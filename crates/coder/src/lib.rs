//! The event coder: a pure function of (document, lexicons) with no I/O.
//!
//! `Coder::embedded().code(&doc)` returns the events of one document. The pipeline is
//! described in ARCHITECTURE.md: sentences → tokens → mentions (actors, places, dates,
//! numbers) → triggers → arguments (voice, attribution, coreference) → markers →
//! ACLED mapping → events with evidence spans.

mod acled;
mod lexicon;
mod sentence;

use lexicon::Lexicon;
use sitrep_gazetteer::Gazetteer;
use sitrep_lexicon::ActorLexicon;
use sitrep_model::{Document, Event};
use std::sync::OnceLock;

pub use acled::acled_for;

/// Holds the compiled lexicons; cheap to share between threads (`&Coder` is `Sync`).
pub struct Coder {
    lex: Lexicon,
    actors: &'static ActorLexicon,
    gazetteer: &'static Gazetteer,
}

impl Coder {
    /// The coder with the bundled gazetteer and dictionaries (loaded once, lazily).
    pub fn embedded() -> &'static Coder {
        static CODER: OnceLock<Coder> = OnceLock::new();
        CODER.get_or_init(|| Coder {
            lex: Lexicon::load(),
            actors: ActorLexicon::embedded(),
            gazetteer: Gazetteer::embedded(),
        })
    }

    /// Codes one document. Never panics; returns no events for text that reports none.
    pub fn code(&self, doc: &Document) -> Vec<Event> {
        sentence::code_document(self, doc)
    }
}
