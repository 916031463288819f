//! sitrep's English syntactic layer: tokenizer, part-of-speech tagger, lemmatiser and
//! dependency parser trained on the Universal Dependencies English Web Treebank, plus clause
//! helpers (subject, object, obliques, voice, negation, auxiliaries, subordinate clauses,
//! reported speech, coordination) on the parse.
//!
//! Everything is pure Rust and runs from a model embedded in the crate
//! (`data/syntax/en_ewt.model.gz`, CC BY-SA 4.0, see its README): no file or environment is
//! read at run time.
//!
//! ```
//! use sitrep_syntax::{Analyzer, Rel};
//! let a = Analyzer::shared().unwrap();
//! let text = "Rebels attacked the town.";
//! let parse = a.analyse(text, &a.tokenize(text));
//! let verb = parse.root().unwrap();
//! assert_eq!(parse.words[verb].lemma, "attack");
//! let subj = parse.subject(verb).unwrap();
//! assert_eq!(parse.words[subj].form, "Rebels");
//! assert_eq!(parse.words[parse.object(verb).unwrap()].rel, Rel::Obj);
//! ```

use std::sync::OnceLock;

pub use sitrep_model::Span;

pub mod clause;
pub mod conllu;
pub mod hash;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod tagger;
pub mod tokenize;
pub mod train;
mod types;
pub mod weights;

pub use clause::{Clause, ClauseKind, Oblique, Voice};
pub use model::Model;
pub use types::{Rel, Upos, Xpos};

use tagger::{CaseMode, WordInfo};

/// The bundled model (UD English EWT, see `data/syntax/README.md`), uncompressed: the build
/// script (`build.rs`) decompresses `data/syntax/en_ewt.model.gz` (read it with
/// [`Model::from_uncompressed`]).
pub const EMBEDDED_MODEL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/en_ewt.model"));

/// Sentences longer than this many tokens are parsed in pieces whose roots are attached to
/// the first piece's root with `dep` (keeps time and memory linear on run-away input).
pub const MAX_PARSE_LEN: usize = 300;

/// Errors while loading a model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyntaxError {
    /// The bytes given are not a valid model (user error).
    #[error("invalid syntax model at byte {offset}: {reason}")]
    InvalidModel { offset: usize, reason: String },
    /// The model was written by another version of the format (user error).
    #[error("unsupported syntax model format version {found} (this build reads {expected})")]
    UnsupportedVersion { found: u32, expected: u32 },
    /// The model embedded in the crate does not load (internal error: a broken build).
    #[error("the embedded syntax model does not load: {0}")]
    Embedded(Box<SyntaxError>),
}

impl SyntaxError {
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            SyntaxError::InvalidModel { .. } | SyntaxError::UnsupportedVersion { .. }
        )
    }
}

/// One analysed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range in the text given to [`Analyzer::analyse`] (for
    /// [`Analyzer::analyse_words`]: in the words joined by single spaces).
    pub span: Span,
    pub form: String,
    pub upos: Upos,
    pub xpos: Xpos,
    pub lemma: String,
    /// Index of the head word, `None` for the root.
    pub head: Option<usize>,
    pub rel: Rel,
}

/// A tagged, lemmatised and parsed sentence: a single-rooted tree over `words`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parse {
    pub words: Vec<Word>,
}

/// Tokenizer, tagger, lemmatiser and parser with their model; `Send + Sync`, load it once.
#[derive(Debug, Clone)]
pub struct Analyzer {
    model: Model,
}

static SHARED: OnceLock<Result<Analyzer, SyntaxError>> = OnceLock::new();

impl Analyzer {
    /// Loads the embedded model (builds its tables: keep the result, or use [`Self::shared`]).
    pub fn embedded() -> Result<Analyzer, SyntaxError> {
        Model::from_uncompressed(EMBEDDED_MODEL)
            .map(Analyzer::from_model)
            .map_err(|e| SyntaxError::Embedded(Box::new(e)))
    }

    /// The embedded model, loaded on first use and shared by the whole process.
    pub fn shared() -> Result<&'static Analyzer, SyntaxError> {
        SHARED
            .get_or_init(Analyzer::embedded)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Loads a model file (the gzip-compressed format of [`model`]).
    pub fn from_bytes(model: &[u8]) -> Result<Analyzer, SyntaxError> {
        Ok(Analyzer {
            model: Model::from_bytes(model)?,
        })
    }

    /// Wraps a model built in memory (training tools).
    pub fn from_model(model: Model) -> Analyzer {
        Analyzer { model }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Splits text into tokens (UD English EWT conventions; see [`tokenize`]).
    pub fn tokenize(&self, text: &str) -> Vec<Span> {
        tokenize::tokenize(text)
    }

    /// Tags, lemmatises and parses one sentence given as token spans into `text`. Spans that
    /// do not slice `text` are read as empty words (never a panic).
    pub fn analyse(&self, text: &str, tokens: &[Span]) -> Parse {
        let words: Vec<&str> = tokens
            .iter()
            .map(|s| text.get(s.start..s.end).unwrap_or(""))
            .collect();
        self.analyse_inner(&words, tokens.to_vec())
    }

    /// Tags, lemmatises and parses one pre-tokenised sentence.
    pub fn analyse_words(&self, words: &[&str]) -> Parse {
        let mut spans = Vec::with_capacity(words.len());
        let mut pos = 0;
        for w in words {
            spans.push(Span::new(pos, pos + w.len()));
            pos += w.len() + 1;
        }
        self.analyse_inner(words, spans)
    }

    /// Tags one sentence: (UPOS, PTB tag) per word.
    pub fn tag(&self, words: &[&str]) -> Vec<(Upos, Xpos)> {
        let mut buf = String::new();
        let info: Vec<WordInfo> = words.iter().map(|w| WordInfo::new(w, &mut buf)).collect();
        let mut classes = Vec::new();
        self.model
            .tagger
            .tag(&info, CaseMode::of(words), &mut classes);
        classes.iter().map(|&c| self.class_tags(c)).collect()
    }

    /// The tag a frequent word always had in the training treebank (the tagger's tag
    /// dictionary), compared lower-cased; `None` for other words.
    pub fn dictionary_tag(&self, word: &str) -> Option<(Upos, Xpos)> {
        let mut buf = String::new();
        let info = WordInfo::new(word, &mut buf);
        self.model
            .tagger
            .tagdict
            .get(&info.norm)
            .map(|&c| self.class_tags(c))
    }

    fn class_tags(&self, c: u16) -> (Upos, Xpos) {
        self.model
            .tagger
            .classes
            .get(c as usize)
            .copied()
            .unwrap_or((Upos::X, Xpos::Xx))
    }

    fn analyse_inner(&self, words: &[&str], spans: Vec<Span>) -> Parse {
        let n = words.len();
        if n == 0 {
            return Parse::default();
        }
        let m = &self.model;
        let mut buf = String::new();
        let info: Vec<WordInfo> = words.iter().map(|w| WordInfo::new(w, &mut buf)).collect();
        let mut classes = Vec::with_capacity(n);
        m.tagger.tag(&info, CaseMode::of(words), &mut classes);
        let tags: Vec<(Upos, Xpos)> = classes.iter().map(|&c| self.class_tags(c)).collect();
        let mut heads: Vec<Option<usize>> = vec![None; n];
        let mut rels = vec![Rel::Dep; n];
        let mut first_root = None;
        let mut h = Vec::new();
        let mut l = Vec::new();
        let mut start = 0;
        while start < n {
            let end = (start + MAX_PARSE_LEN).min(n);
            let mut punct_before = Vec::with_capacity(end - start + 1);
            let mut c = 0u32;
            for t in &tags[start..end] {
                punct_before.push(c);
                c += u32::from(t.0 == Upos::Punct);
            }
            punct_before.push(c);
            let sent = parser::Sentence {
                info: &info[start..end],
                tags: &classes[start..end],
                punct_before: &punct_before,
            };
            m.parser.parse(&sent, &mut h, &mut l);
            let len = end - start;
            for i in 0..len {
                let label = m.parser.labels.get(l[i] as usize).copied();
                if h[i] >= len {
                    match first_root {
                        None => {
                            first_root = Some(start + i);
                            rels[start + i] = Rel::Root;
                        }
                        Some(r) => {
                            heads[start + i] = Some(r);
                            rels[start + i] = Rel::Dep;
                        }
                    }
                } else {
                    heads[start + i] = Some(start + h[i]);
                    rels[start + i] = match label {
                        Some(Rel::Root) | None => Rel::Dep,
                        Some(r) => r,
                    };
                }
            }
            start = end;
        }
        let words = (0..n)
            .map(|i| Word {
                span: spans[i],
                form: words[i].to_string(),
                upos: tags[i].0,
                xpos: tags[i].1,
                lemma: m.lemmatizer.lemma(words[i], tags[i].1),
                head: heads[i],
                rel: rels[i],
            })
            .collect();
        Parse { words }
    }
}

impl Parse {
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Index of the root word.
    pub fn root(&self) -> Option<usize> {
        self.words.iter().position(|w| w.head.is_none())
    }

    /// Checks the tree: one root, heads in range, no cycles.
    pub fn is_well_formed(&self) -> bool {
        let n = self.words.len();
        if n == 0 {
            return true;
        }
        if self.words.iter().filter(|w| w.head.is_none()).count() != 1 {
            return false;
        }
        for i in 0..n {
            let mut k = i;
            let mut steps = 0;
            while let Some(h) = self.words[k].head {
                if h >= n || steps > n {
                    return false;
                }
                k = h;
                steps += 1;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyzer_is_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<Analyzer>();
        check::<Parse>();
    }

    #[test]
    fn errors_are_classified() {
        let e = Analyzer::from_bytes(b"nonsense").unwrap_err();
        assert!(e.is_user_error());
        assert!(!SyntaxError::Embedded(Box::new(e)).is_user_error());
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, b"SITREPSYN\0\x63\0\0\0").unwrap();
        let e = Analyzer::from_bytes(&gz.finish().unwrap()).unwrap_err();
        assert!(matches!(
            e,
            SyntaxError::UnsupportedVersion { found: 99, .. }
        ));
    }
}
