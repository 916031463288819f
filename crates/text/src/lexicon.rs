//! Small closed-class word lists used by the tokenizer, the sentence splitter, dates and numbers
//! (`data/text/words.tsv`, one typed loader) and the word tests built on them. Hand-written
//! (curated), general English; compared ASCII-case-insensitively.

use crate::word_sets::{parse_word_lists, parse_word_sets, WordListError};
use std::sync::OnceLock;

/// The lists of `data/text/words.tsv`, in file order.
#[derive(Debug, Default)]
pub(crate) struct TextWords {
    /// Abbreviations written with a final dot that the tokenizer keeps as one token ("Gen.").
    pub(crate) dot_abbreviations: Vec<&'static str>,
    /// Abbreviations whose dot may also end a sentence ("etc.").
    pub(crate) sentence_final_abbreviations: Vec<&'static str>,
    /// Capitalised words that typically open a sentence ("in the U.S. The ...").
    pub(crate) sentence_starters: Vec<&'static str>,
    /// Words that open a sentence in text without capitals (split before them after ". ").
    pub(crate) uncased_sentence_starters: Vec<&'static str>,
    /// Words after which a bare month name is a date ("in March").
    pub(crate) month_context: Vec<&'static str>,
    /// Clearly temporal words before a bare "May".
    pub(crate) may_context: Vec<&'static str>,
    /// Words after which a bare four-digit year is a date ("in 2014").
    pub(crate) year_context: Vec<&'static str>,
    /// Words that are vague quantities ("dozens", "hundreds").
    pub(crate) vague_numbers: Vec<&'static str>,
    /// Phrases before a number that make it a lower bound ("at least 20").
    pub(crate) lower_bound_qualifiers: Vec<&'static str>,
    /// Phrases before a number that make it an upper bound ("nearly 20").
    pub(crate) upper_bound_qualifiers: Vec<&'static str>,
    /// Phrases before a number that make it approximate ("about 20").
    pub(crate) about_qualifiers: Vec<&'static str>,
    /// Words after a number that make it a measure, a time or money, not a count ("20 km").
    pub(crate) units_after: Vec<&'static str>,
    /// Words before a number that make it an identifier ("Resolution 2254").
    pub(crate) identifier_before: Vec<&'static str>,
    /// Currency signs and codes before a number ("$20").
    pub(crate) currency_before: Vec<&'static str>,
    /// Words that end the noun phrase after a number ("one of the", "one who").
    pub(crate) count_phrase_stops: Vec<&'static str>,
    /// Words ending in "s" that are not plural nouns.
    pub(crate) not_plurals: Vec<&'static str>,
    /// Capitalised words that can stand before a count ("The 300 fighters").
    pub(crate) capitalised_function_words: Vec<&'static str>,
    /// Words after "one"/"a" that make it a count ("one soldier").
    pub(crate) singular_count_nouns: Vec<&'static str>,
    /// Words before a decade that make it a date ("in the 1990s").
    pub(crate) decade_context: Vec<&'static str>,
    /// Words after which "the weekend" is the last weekend.
    pub(crate) weekend_context: Vec<&'static str>,
    /// Words before a year used as a modifier of a singular noun ("the 2004 bombing").
    pub(crate) year_modifier_context: Vec<&'static str>,
}

const WORDS_TSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/text/words.tsv"
));

impl TextWords {
    /// Parses the lists ([`crate::parse_word_lists`]: an unknown set, a malformed line and an
    /// empty set are errors naming the line).
    pub(crate) fn parse(src: &'static str) -> Result<TextWords, WordListError> {
        let mut w = TextWords::default();
        parse_word_lists(
            "data/text/words.tsv",
            src,
            &mut [
                ("dot-abbreviation", &mut w.dot_abbreviations),
                (
                    "sentence-final-abbreviation",
                    &mut w.sentence_final_abbreviations,
                ),
                ("sentence-starter", &mut w.sentence_starters),
                ("uncased-sentence-starter", &mut w.uncased_sentence_starters),
                ("month-context", &mut w.month_context),
                ("may-context", &mut w.may_context),
                ("year-context", &mut w.year_context),
                ("vague-number", &mut w.vague_numbers),
                ("lower-bound-qualifier", &mut w.lower_bound_qualifiers),
                ("upper-bound-qualifier", &mut w.upper_bound_qualifiers),
                ("about-qualifier", &mut w.about_qualifiers),
                ("unit-after", &mut w.units_after),
                ("identifier-before", &mut w.identifier_before),
                ("currency-before", &mut w.currency_before),
                ("count-phrase-stop", &mut w.count_phrase_stops),
                ("not-plural", &mut w.not_plurals),
                (
                    "capitalised-function-word",
                    &mut w.capitalised_function_words,
                ),
                ("singular-count-noun", &mut w.singular_count_nouns),
                ("decade-context", &mut w.decade_context),
                ("weekend-context", &mut w.weekend_context),
                ("year-modifier-context", &mut w.year_modifier_context),
            ],
        )?;
        Ok(w)
    }
}

/// The bundled lists (checked by a unit test: an error here is a build defect).
pub(crate) fn words() -> &'static TextWords {
    static W: OnceLock<TextWords> = OnceLock::new();
    W.get_or_init(|| {
        TextWords::parse(WORDS_TSV)
            .unwrap_or_else(|e| panic!("embedded text words are corrupt: {e}"))
    })
}

/// The number words of `data/text/number_words.tsv` with their values, in file order.
#[derive(Debug, Default)]
pub(crate) struct NumberWords {
    /// "zero" to "nineteen".
    pub(crate) units: Vec<(&'static str, u64)>,
    /// "twenty" to "ninety" (with the misspelling "fourty").
    pub(crate) tens: Vec<(&'static str, u64)>,
    /// Scale words ("hundred" to "billion").
    pub(crate) scales: Vec<(&'static str, u64)>,
    /// Vague quantities with their conventional (smallest) and largest value ("dozens": 12, 99).
    pub(crate) vague: Vec<(&'static str, u64, u64)>,
}

const NUMBER_WORDS_TSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/text/number_words.tsv"
));

impl NumberWords {
    /// Parses the tables ([`crate::parse_word_sets`]: an unknown set, a malformed line, a
    /// missing or malformed value and an empty set are errors naming the line).
    pub(crate) fn parse(src: &'static str) -> Result<NumberWords, WordListError> {
        let mut w = NumberWords::default();
        let sets = ["unit-word", "tens-word", "scale-word", "vague-quantity"];
        parse_word_sets("data/text/number_words.tsv", src, &sets, |e| {
            let mut values = e
                .value
                .unwrap_or("")
                .split('\t')
                .map(|v| v.trim().parse::<u64>());
            let mut value = || match values.next() {
                Some(Ok(v)) => Ok(v),
                _ => Err("want a whole number".to_string()),
            };
            match e.set {
                0 => w.units.push((e.word, value()?)),
                1 => w.tens.push((e.word, value()?)),
                2 => w.scales.push((e.word, value()?)),
                _ => w.vague.push((e.word, value()?, value()?)),
            }
            Ok(())
        })?;
        Ok(w)
    }
}

/// The bundled number words (checked by a unit test: an error here is a build defect).
pub(crate) fn number_words() -> &'static NumberWords {
    static W: OnceLock<NumberWords> = OnceLock::new();
    W.get_or_init(|| {
        NumberWords::parse(NUMBER_WORDS_TSV)
            .unwrap_or_else(|e| panic!("embedded number words are corrupt: {e}"))
    })
}

pub(crate) fn eq_any(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// ASCII-lowercases a short ASCII word into `buf` (None if it is longer or not ASCII).
pub(crate) fn lower<'b>(word: &str, buf: &'b mut [u8; 16]) -> Option<&'b [u8]> {
    let b = word.as_bytes();
    if b.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    buf.get(..b.len())
}

/// English month names, January first: the one month table of sitrep (date expressions,
/// feed and page dates, the gazetteer's time words).
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// English weekday names, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Month number (1-12) of a month name or abbreviation (its first three letters, or "sept"),
/// with or without final dot, in any ASCII case.
pub fn month_of(word: &str) -> Option<u32> {
    let mut buf = [0u8; 16];
    let w = lower(word.strip_suffix('.').unwrap_or(word), &mut buf)?;
    if w == b"sept" {
        return Some(9);
    }
    (1..)
        .zip(MONTH_NAMES)
        .find(|(_, m)| m.as_bytes() == w || m.as_bytes().get(..3) == Some(w))
        .map(|(n, _)| n)
}

/// Weekday index from Monday = 0. Short forms ("Tues.") only capitalised and with a dot.
pub(crate) fn weekday_of(word: &str) -> Option<u32> {
    let mut buf = [0u8; 16];
    let short_ok = word.ends_with('.') && word.starts_with(|c: char| c.is_ascii_uppercase());
    let w = lower(word.strip_suffix('.').unwrap_or(word), &mut buf)?;
    if let Some(day) = (0..).zip(WEEKDAY_NAMES).find(|(_, d)| d.as_bytes() == w) {
        return Some(day.0);
    }
    weekday_abbreviation(w).filter(|_| short_ok)
}

/// Weekday of an abbreviated name without its dot ("Mon", "Tue", "Thurs"), lowercased.
fn weekday_abbreviation(w: &[u8]) -> Option<u32> {
    Some(match w {
        b"mon" => 0,
        b"tue" | b"tues" => 1,
        b"wed" => 2,
        b"thu" | b"thur" | b"thurs" => 3,
        b"fri" => 4,
        b"sat" => 5,
        b"sun" => 6,
        _ => return None,
    })
}

/// Weekday of a capitalised abbreviation written without its dot or with the dot as a token
/// of its own ("Tue", "Mon" in "Mon. 5 May"); the caller checks the context.
pub(crate) fn weekday_abbrev(word: &str) -> Option<u32> {
    let mut buf = [0u8; 16];
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    weekday_abbreviation(lower(word, &mut buf)?)
}

fn units_word(w: &[u8]) -> Option<u64> {
    value_of(&number_words().units, w)
}

fn tens_word(w: &[u8]) -> Option<u64> {
    value_of(&number_words().tens, w)
}

/// The value of the lowercase word `w` in a table of words and values.
fn value_of(table: &[(&str, u64)], w: &[u8]) -> Option<u64> {
    table
        .iter()
        .find(|(word, _)| word.as_bytes() == w)
        .map(|&(_, v)| v)
}

/// Value of a single number word ("zero".."ninety-nine" incl. hyphenated forms, not scales).
pub(crate) fn small_number_word(word: &str) -> Option<u64> {
    let mut buf = [0u8; 16];
    let w = lower(word, &mut buf)?;
    if let Some(v) = units_word(w).or_else(|| tens_word(w)) {
        return Some(v);
    }
    let dash = w.iter().position(|b| *b == b'-')?;
    let (t, u) = (w.get(..dash)?, w.get(dash + 1..)?);
    Some(tens_word(t)? + units_word(u).filter(|v| (1..=9).contains(v))?)
}

/// Scale words.
pub(crate) fn scale_word(word: &str) -> Option<u64> {
    let mut buf = [0u8; 16];
    value_of(&number_words().scales, lower(word, &mut buf)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(month_of("Sept."), Some(9));
        assert_eq!(month_of("march"), Some(3));
        assert_eq!(weekday_of("Tuesday"), Some(1));
        assert_eq!(weekday_of("sun"), None);
        assert_eq!(weekday_of("Tues."), Some(1));
        assert_eq!(small_number_word("twenty-five"), Some(25));
        assert_eq!(small_number_word("Twelve"), Some(12));
        assert_eq!(small_number_word("twenty-ten"), None);
        assert_eq!(scale_word("Thousand"), Some(1000));
    }
}

#[cfg(test)]
mod words_tests {
    use super::*;

    #[test]
    fn embedded_lists_parse_and_fill_every_set() {
        let w = TextWords::parse(WORDS_TSV).expect("data/text/words.tsv parses");
        assert!(w.dot_abbreviations.contains(&"gen"));
        assert!(w.year_context.contains(&"since"));
        assert!(!w.sentence_starters.is_empty());
    }

    #[test]
    fn embedded_number_words_parse_with_their_values() {
        let w = NumberWords::parse(NUMBER_WORDS_TSV).expect("data/text/number_words.tsv parses");
        assert_eq!(w.units.first(), Some(&("zero", 0)));
        assert!(w.tens.contains(&("fourty", 40)));
        assert_eq!(w.scales.last(), Some(&("billion", 1_000_000_000)));
        assert!(w.vague.contains(&("dozens", 12, 99)));
    }

    #[test]
    fn number_words_need_their_values() {
        let all = "unit-word\tone\t1\ntens-word\ttwenty\t20\nscale-word\thundred\t100\n";
        assert!(NumberWords::parse(all).is_err(), "no vague quantity");
        for bad in [
            "vague-quantity\tdozens\t12\n",
            "vague-quantity\tdozens\n",
            "unit-word\tone\tx\n",
        ] {
            let e = NumberWords::parse(bad).unwrap_err();
            assert!(
                matches!(e, WordListError::Invalid { line: 1, .. }),
                "{bad:?}: {e}"
            );
        }
        let ok = format!("{all}vague-quantity\tdozens\t12\t99\n");
        assert_eq!(
            NumberWords::parse(Box::leak(ok.into_boxed_str()))
                .unwrap()
                .vague,
            [("dozens", 12, 99)]
        );
    }

    #[test]
    fn malformed_lines_unknown_and_empty_sets_are_errors() {
        for bad in ["nosuchset\tword\n", "month-context\n", "month-context\t\n"] {
            assert!(TextWords::parse(bad).is_err(), "{bad:?}");
        }
        let e = TextWords::parse("month-context\tin\n").unwrap_err();
        assert!(matches!(e, WordListError::EmptySet { .. }), "{e}");
    }
}
