//! Actor recogniser of sitrep: finds and codes the actors of news text.
//!
//! Actors are coded with a country (ISO 3166 alpha-3, or IGO / UNO / EUR / NGO / IMG / ISM /
//! MNC) and PLOVER sector codes, following `ONTOLOGY.md` ("Entities").
//!
//! The knowledge base is embedded at compile time from `data/actors/` (derived from the
//! Phoenix/PLOVER dictionaries by `scripts/actors/build.py`, plus the hand-curated
//! `curated.tsv`), compiled once into an Aho-Corasick automaton over normalised aliases.
//!
//! [`ActorLexicon::find`] works in two passes:
//! 1. *pieces*: every alias occurrence (word-bounded, case-checked) is a candidate; the
//!    leftmost-longest non-overlapping candidates are kept;
//! 2. *composition*: adjacent pieces are merged into mentions following general rules
//!    (`[Syrian] [government troops]`, `[U.S.] [President] [Donald Trump]`,
//!    `[Kurdish-led] [Syrian Democratic Forces] (SDF)`, `[ISIS] [fighters]`, `the [group]`).

use aho_corasick::AhoCorasick;
use chrono::NaiveDate;
use sitrep_text::fxhash::FxHashMap as HashMap;
use std::sync::OnceLock;

pub use sitrep_model::{Entity, Span};

mod compose;
mod compose_words;
mod data;
mod names;
mod text;

pub use names::{NameForm, NameKind};

use text::{is_word_char_after, is_word_char_before, normalise_alias, normalise_text};

/// What kind of phrase a mention is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionKind {
    /// A named organisation or group ("Syrian Democratic Forces", "Hamas", "UNICEF").
    Named,
    /// A country (name, capital metonymy or plural demonym: "Syria", "Washington", "the Syrians").
    Country,
    /// A person with a coded role (leaders, officials).
    Leader,
    /// A generic agent noun phrase, possibly with a country ("Syrian government troops").
    Agent,
    /// An anaphor ("the group", "the ministry", "they"); the coder resolves it.
    Pronoun,
}

/// One actor mention in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorMention {
    pub span: Span,
    pub entity: Entity,
    pub kind: MentionKind,
    /// The head noun is a generic agent ("troops", "detainees").
    pub generic: bool,
    /// Plural agent or collective.
    pub plural: bool,
}

/// Errors when compiling a lexicon from TSV sources.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A source row is malformed (user-supplied data).
    #[error("{file}:{line}: {msg}")]
    BadRow {
        file: String,
        line: usize,
        msg: String,
    },
    /// The automaton could not be built (internal).
    #[error("internal: cannot build the alias automaton: {0}")]
    Automaton(String),
}

/// How an alias must be capitalised in the text to count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CaseMode {
    /// Same letters and case as the alias (acronyms: "IS", "US", "SDF").
    Exact,
    /// The first letter must be upper case and the match not all lower case.
    Proper,
    /// Any case (generic nouns).
    Any,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    CountryName,
    Demonym,
    DemonymPlural,
    Capital,
    Named,
    Leader,
    Agent,
    /// Identity or alignment modifier ("Kurdish", "tribal", "pro-government").
    Modifier,
    Pronoun,
    /// A non-actor phrase that only blocks shorter aliases inside it ("Latin America").
    Block,
}

/// A dated role of a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Role {
    pub country: Option<String>,
    pub sectors: Vec<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

impl Role {
    fn undated(&self) -> bool {
        self.start.is_none() && self.end.is_none()
    }
    fn covers(&self, d: NaiveDate) -> bool {
        let after_start = match self.start {
            Some(s) => s <= d,
            None => true,
        };
        let before_end = match self.end {
            Some(e) => d <= e,
            None => true,
        };
        after_start && before_end
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub kind: Kind,
    pub name: String,
    pub country: Option<String>,
    pub sectors: Vec<String>,
    pub plural: bool,
    pub case: CaseMode,
    /// The alias as written in the source (for exact-case comparison).
    pub alias: String,
    pub roles: Vec<Role>,
    /// Comes from the hand-curated file (wins over generated entries).
    pub curated: bool,
    /// A weak agent ("intelligence", "media"): an actor only with a country, modifier or
    /// organisation before it.
    pub weak: bool,
    /// An agent acted upon by a preceding group ("hostages", "victims"): never absorbed into
    /// the group's mention ("Hamas hostages" are not Hamas).
    pub victim: bool,
}

/// The compiled actor lexicon.
pub struct ActorLexicon {
    ac: Option<AhoCorasick>,
    /// Pattern id -> entry ids, best first.
    pattern_entries: Vec<Vec<u32>>,
    entries: Vec<Entry>,
    /// Normalised country name or demonym -> code.
    country_codes: HashMap<String, String>,
    /// Code -> canonical country name.
    country_names: HashMap<String, String>,
}

impl std::fmt::Debug for ActorLexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActorLexicon")
            .field("patterns", &self.pattern_entries.len())
            .field("entries", &self.entries.len())
            .finish()
    }
}

/// A verified alias occurrence.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Piece {
    start: usize,
    end: usize,
    entry: u32,
}

impl ActorLexicon {
    /// The lexicon compiled from the embedded `data/actors/` files (built once).
    pub fn embedded() -> &'static ActorLexicon {
        static LEX: OnceLock<ActorLexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            // The embedded data is checked by a unit test; should it ever fail to compile we
            // degrade to an empty lexicon rather than panic inside a library.
            Self::from_embedded_sources().unwrap_or_else(|_| Self::empty())
        })
    }

    /// Compiles the embedded sources, reporting any malformed row.
    pub fn from_embedded_sources() -> Result<ActorLexicon, LexiconError> {
        let mut b = data::Builder::default();
        b.load_embedded()?;
        b.finish()
    }

    /// Compiles a lexicon from the embedded generated files plus an extra curated TSV
    /// (same format as `data/actors/curated.tsv`), whose rows take precedence.
    pub fn with_extra_curated(tsv: &str) -> Result<ActorLexicon, LexiconError> {
        let mut b = data::Builder::default();
        b.load_curated("extra", tsv)?;
        b.load_embedded()?;
        b.finish()
    }

    fn empty() -> ActorLexicon {
        ActorLexicon {
            ac: None,
            pattern_entries: Vec::new(),
            entries: Vec::new(),
            country_codes: HashMap::default(),
            country_names: HashMap::default(),
        }
    }

    /// Number of distinct aliases (patterns) in the automaton.
    pub fn alias_count(&self) -> usize {
        self.pattern_entries.len()
    }

    /// Approximate heap memory of the compiled lexicon in bytes.
    pub fn memory_usage(&self) -> usize {
        let ac = self.ac.as_ref().map_or(0, |a| a.memory_usage());
        let entries: usize = self
            .entries
            .iter()
            .map(|e| {
                std::mem::size_of::<Entry>()
                    + e.name.capacity()
                    + e.alias.capacity()
                    + e.sectors.iter().map(|s| s.capacity() + 24).sum::<usize>()
                    + e.roles.len() * std::mem::size_of::<Role>()
            })
            .sum();
        let pats: usize = self
            .pattern_entries
            .iter()
            .map(|v| 24 + v.capacity() * 4)
            .sum();
        let maps: usize = self
            .country_codes
            .iter()
            .chain(self.country_names.iter())
            .map(|(k, v)| k.capacity() + v.capacity() + 64)
            .sum();
        ac + entries + pats + maps
    }

    /// Country code for a country name or demonym ("Syria", "Syrian", "U.S.", "American").
    pub fn country_code(&self, name: &str) -> Option<&str> {
        let key = normalise_alias(name);
        let key = key.strip_prefix("the ").unwrap_or(&key);
        if let Some(c) = self.country_codes.get(key) {
            return Some(c.as_str());
        }
        // Plural demonyms ("Syrians") and possessives ("Syria's").
        for suffix in ["'s", "s"] {
            if let Some(k) = key.strip_suffix(suffix) {
                if let Some(c) = self.country_codes.get(k) {
                    return Some(c.as_str());
                }
            }
        }
        None
    }

    /// Canonical country name for a code ("SYR" -> "Syria").
    pub fn country_name(&self, code: &str) -> Option<&str> {
        self.country_names.get(code).map(String::as_str)
    }

    /// Actor mentions inside `within`, leftmost-longest, non-overlapping, in text order.
    /// `date` (publication date) selects leaders' roles by date range.
    pub fn find(&self, text: &str, within: Span, date: Option<NaiveDate>) -> Vec<ActorMention> {
        let Some((start, end, pieces)) = self.scan(text, within, |en, surface| {
            text::case_ok(en.case, &en.alias, surface)
        }) else {
            return Vec::new();
        };
        compose::compose(self, text, start, end, &pieces, date)
    }

    /// The lexicon's matches inside `within` (clamped to `text`), as whole words (not after a
    /// hyphen: "Port-au-Prince" is not a prince), each with the first of its entries that
    /// `accept` takes given the matched text; leftmost-longest, non-overlapping, in text order.
    /// Also the clamped bounds. `None` when there is no automaton or a bound is not on a
    /// character boundary.
    fn scan(
        &self,
        text: &str,
        within: Span,
        accept: impl Fn(&Entry, &str) -> bool,
    ) -> Option<(usize, usize, Vec<Piece>)> {
        let ac = self.ac.as_ref()?;
        let start = within.start.min(text.len());
        let end = within.end.min(text.len()).max(start);
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return None;
        }
        let hay = normalise_text(text.as_bytes().get(start..end)?);
        let mut cands: Vec<Piece> = Vec::new();
        for m in ac.find_overlapping_iter(&hay) {
            let s = start + m.start();
            let e = start + m.end();
            if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            if is_word_char_before(text, s) || is_word_char_after(text, e) {
                continue;
            }
            if text::hyphen_attached(text, s) {
                continue;
            }
            let Some(ids) = self.pattern_entries.get(m.pattern().as_usize()) else {
                continue;
            };
            let Some(surface) = text.get(s..e) else {
                continue;
            };
            if let Some(&id) = ids.iter().find(|&&id| {
                self.entries
                    .get(id as usize)
                    .is_some_and(|en| accept(en, surface))
            }) {
                cands.push(Piece {
                    start: s,
                    end: e,
                    entry: id,
                });
            }
        }
        // Leftmost-longest, non-overlapping.
        cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut pieces: Vec<Piece> = Vec::with_capacity(cands.len());
        let mut last_end = start;
        for c in cands {
            if c.start >= last_end {
                last_end = c.end;
                pieces.push(c);
            }
        }
        Some((start, end, pieces))
    }

    pub(crate) fn entry(&self, id: u32) -> Option<&Entry> {
        self.entries.get(id as usize)
    }
}

#[cfg(test)]
mod tests;
