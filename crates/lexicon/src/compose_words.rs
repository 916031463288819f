//! Closed word lists of actor-mention composition (`data/actors/compose_words.tsv`:
//! sponsorship words, locatives before a country or capital), read by one typed loader.

use sitrep_text::{parse_word_lists, WordListError};
use std::sync::OnceLock;

const COMPOSE_WORDS_TSV: &str = include_str!("../../../data/actors/compose_words.tsv");

/// The lists of `data/actors/compose_words.tsv`, in file order.
#[derive(Debug, Default)]
pub(crate) struct ComposeWords {
    /// Words after a hyphen that make a sponsorship compound ("U.S.-backed", "Kurdish-led").
    pub(crate) sponsor_words: Vec<&'static str>,
    /// Words after which a country or capital name is a place, not an actor ("in Syria").
    pub(crate) locatives: Vec<&'static str>,
    /// Words after which a capital's name is a place, not an actor ("visited Kyiv").
    pub(crate) capital_locatives: Vec<&'static str>,
}

impl ComposeWords {
    /// Parses the lists ([`sitrep_text::parse_word_lists`]: an unknown set, a malformed line and
    /// an empty set are errors naming the line).
    pub(crate) fn parse(src: &'static str) -> Result<ComposeWords, WordListError> {
        let mut w = ComposeWords::default();
        parse_word_lists(
            "data/actors/compose_words.tsv",
            src,
            &mut [
                ("sponsor-word", &mut w.sponsor_words),
                ("locative", &mut w.locatives),
                ("capital-locative", &mut w.capital_locatives),
            ],
        )?;
        Ok(w)
    }
}

/// The bundled lists (checked by a unit test: an error here is a build defect).
pub(crate) fn words() -> &'static ComposeWords {
    static W: OnceLock<ComposeWords> = OnceLock::new();
    W.get_or_init(|| {
        ComposeWords::parse(COMPOSE_WORDS_TSV)
            .unwrap_or_else(|e| panic!("embedded compose words are corrupt: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lists_parse_and_fill_every_set() {
        let w = ComposeWords::parse(COMPOSE_WORDS_TSV).expect("compose_words.tsv parses");
        assert_eq!(w.sponsor_words.first(), Some(&"led"));
        assert!(w.locatives.contains(&"near"));
        assert!(w.capital_locatives.contains(&"visited"));
    }

    #[test]
    fn unknown_and_empty_sets_are_errors() {
        let e = ComposeWords::parse("nosuchset\tword\n").unwrap_err();
        assert!(
            matches!(e, WordListError::UnknownSet { line: 1, .. }),
            "{e}"
        );
        let e = ComposeWords::parse("sponsor-word\tled\nlocative\tin\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "data/actors/compose_words.tsv: set \"capital-locative\" is empty"
        );
    }
}
