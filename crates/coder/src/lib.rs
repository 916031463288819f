//! The event coder: a pure function of (document, lexicons) with no I/O.
//!
//! `Coder::embedded().code(&doc)` returns the events of one document.

use sitrep_model::{Document, Event};

/// Holds the compiled lexicons; cheap to share between threads (`&Coder` is `Sync`).
pub struct Coder {
    _private: (),
}

impl Coder {
    /// The coder with the bundled gazetteer and dictionaries (loaded once, lazily).
    pub fn embedded() -> &'static Coder {
        static CODER: Coder = Coder { _private: () };
        &CODER
    }

    /// Codes one document. Never panics; returns no events for text that reports none.
    pub fn code(&self, _doc: &Document) -> Vec<Event> {
        // Filled in by the coder work (issue 2); the API is fixed.
        Vec::new()
    }
}
