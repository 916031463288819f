//! Text layer of sitrep.
//!
//! Everything downstream works on the *normalised* text ([`normalize`]) and refers to it
//! with UTF-8 byte [`Span`]s. This crate provides:
//!
//! * [`decode`]: bytes to text (UTF-8 with or without BOM, UTF-16 with BOM);
//! * [`normalize`]: the canonical text every span refers to;
//! * [`fold`](mod@fold): every folded key (lookup keys, place names, name keys, search terms);
//! * [`Casing`]: whether a document is capitalised normally, all lower or all upper case;
//! * [`sentences`]: sentence and headline segmentation ([`sentences_with`] for a casing);
//! * [`tokenize`]: word / number / punctuation tokens;
//! * [`dates`]: date expressions resolved against the publication date;
//! * [`numbers`]: counts (digits, number words, vague quantities, ranges);
//! * [`word_sets`](mod@word_sets): the one parser of sitrep's `set<TAB>word` word-list files.
//!
//! No function in this crate panics on any input.
//!
//! ```
//! use chrono::NaiveDate;
//! use sitrep_text::{dates::find_dates, normalize, numbers::find_numbers, sentences, tokenize};
//!
//! let text = normalize("Rebels Seize Town\r\nOn Tuesday, at least 20 people were killed in al-Bab.");
//! let sents = sentences(&text);
//! assert!(sents[0].headline);
//! let body = sents[1].span;
//! assert_eq!(tokenize(&text, body).len(), 12);
//! let published = NaiveDate::from_ymd_opt(2026, 1, 21); // a Wednesday
//! let dates = find_dates(&text, body, published);
//! assert_eq!(dates[0].value, NaiveDate::from_ymd_opt(2026, 1, 20));
//! let counts = find_numbers(&text, body);
//! assert_eq!((counts[0].value, counts[0].min), (20, Some(20)));
//! assert_eq!(counts[0].span.slice(&text), Some("at least 20"));
//! ```

pub use sitrep_model::Span;

mod casing;
mod decode;
mod lexicon;
mod normalize;
mod sentences;
mod tokens;

pub mod dates;
pub mod fold;
pub mod fxhash;
pub mod numbers;
pub mod word_sets;

pub use casing::Casing;
pub use decode::{decode, DecodeError};
pub use fold::fold;
pub use lexicon::{month_of, MONTH_NAMES, WEEKDAY_NAMES};
pub use normalize::normalize;
pub use sentences::{
    is_name_particle, paragraph_spans, paragraph_spans_with, sentences, sentences_with, Sentence,
};
pub use tokens::{tokenize, Token, TokenKind};
pub use word_sets::{parse_word_lists, parse_word_sets, WordEntry, WordListError};
