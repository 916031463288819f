//! Text layer of sitrep.
//!
//! Everything downstream works on the *normalised* text ([`normalize`]) and refers to it
//! with UTF-8 byte [`Span`]s. This crate provides:
//!
//! * [`decode`]: bytes to text (UTF-8 with or without BOM, UTF-16 with BOM);
//! * [`normalize`] and [`fold`]: the canonical text and ASCII-folded lookup keys;
//! * [`sentences`]: sentence and headline segmentation;
//! * [`tokenize`]: word / number / punctuation tokens;
//! * [`dates`]: date expressions resolved against the publication date;
//! * [`numbers`]: counts (digits, number words, vague quantities, ranges).
//!
//! No function in this crate panics on any input.

pub use sitrep_model::Span;

mod decode;
mod lexicon;
mod normalize;
mod sentences;
mod tokens;

pub mod dates;
pub mod numbers;

pub use decode::{decode, DecodeError};
pub use normalize::{fold, normalize};
pub use sentences::{paragraph_spans, sentences, Sentence};
pub use tokens::{tokenize, Token, TokenKind};
