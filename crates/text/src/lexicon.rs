//! Small closed-class word lists used by the tokenizer, the sentence splitter, dates and numbers.
//! Hand-written (curated), general English; compared ASCII-case-insensitively.

/// Abbreviations written with a final dot that the tokenizer keeps as one token ("Gen.").
/// Titles, months and company suffixes. (Dotted acronyms like "U.S." are recognised by shape.)
pub(crate) const DOT_ABBREVIATIONS: &[&str] = &[
    "gen", "lt", "col", "sgt", "capt", "cpt", "maj", "brig", "adm", "cmdr", "cdr", "cpl", "pvt",
    "gens", "dr", "mr", "mrs", "ms", "messrs", "prof", "sen", "sens", "rep", "reps", "gov", "govs",
    "pres", "rev", "hon", "st", "mt", "ft", "vs", "etc", "inc", "ltd", "co", "corp", "jr", "sr",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx",
    "dept", "no", "nos", "blvd", "univ", "govt",
];

/// Abbreviations that may also end a sentence (the dot doubles as a full stop).
pub(crate) const SENTENCE_FINAL_ABBREVIATIONS: &[&str] = &[
    "etc", "inc", "ltd", "co", "corp", "jr", "sr", "govt", "approx",
];

/// Words that typically open a sentence; used to decide whether "in the U.S. The ..." ends
/// a sentence after an abbreviation.
pub(crate) const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "there",
    "but",
    "and",
    "in",
    "on",
    "at",
    "after",
    "before",
    "since",
    "while",
    "when",
    "meanwhile",
    "however",
    "according",
    "his",
    "her",
    "their",
    "its",
    "our",
    "some",
    "many",
    "most",
    "if",
    "as",
    "for",
    "during",
    "earlier",
    "later",
    "last",
    "no",
    "both",
    "also",
    "one",
    "two",
    "three",
    "several",
    "other",
    "another",
    "yet",
    "still",
    "so",
    "then",
    "what",
    "where",
    "why",
    "how",
    "who",
    "such",
    "each",
    "all",
    "with",
    "among",
    "despite",
    "although",
    "though",
    "instead",
    "nevertheless",
    "separately",
    "elsewhere",
    "overnight",
    "until",
    "by",
    "from",
    "under",
];

/// Words after which a bare month name is a date ("in March", "since March").
#[rustfmt::skip]
pub(crate) const MONTH_CONTEXT: &[&str] = &[
    "in", "since", "during", "until", "till", "by", "from", "early", "late", "mid", "of", "before",
    "after", "through", "throughout", "between", "and", "to", "around", "last", "this", "next",
];

/// "may" is a verb too: a bare "May" needs a clearly temporal word before it.
pub(crate) const MAY_CONTEXT: &[&str] = &[
    "in", "since", "during", "until", "early", "late", "mid", "of",
];

/// Words after which a bare four-digit year is a date ("in 2014", "since 2011").
#[rustfmt::skip]
pub(crate) const YEAR_CONTEXT: &[&str] = &[
    "in", "since", "during", "until", "till", "by", "throughout", "from", "before", "after",
    "early", "late", "mid", "of", "between", "and", "to",
];

pub(crate) fn eq_any(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Month number (1-12) of a month name or abbreviation (with or without final dot).
pub(crate) fn month_of(word: &str) -> Option<u32> {
    let w = word.strip_suffix('.').unwrap_or(word);
    const MONTHS: &[(&str, u32)] = &[
        ("january", 1),
        ("jan", 1),
        ("february", 2),
        ("feb", 2),
        ("march", 3),
        ("mar", 3),
        ("april", 4),
        ("apr", 4),
        ("may", 5),
        ("june", 6),
        ("jun", 6),
        ("july", 7),
        ("jul", 7),
        ("august", 8),
        ("aug", 8),
        ("september", 9),
        ("sept", 9),
        ("sep", 9),
        ("october", 10),
        ("oct", 10),
        ("november", 11),
        ("nov", 11),
        ("december", 12),
        ("dec", 12),
    ];
    MONTHS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(w))
        .map(|&(_, m)| m)
}

/// Weekday index from Monday = 0.
pub(crate) fn weekday_of(word: &str) -> Option<u32> {
    let w = word.strip_suffix('.').unwrap_or(word);
    const DAYS: &[(&str, u32)] = &[
        ("monday", 0),
        ("mon", 0),
        ("tuesday", 1),
        ("tues", 1),
        ("tue", 1),
        ("wednesday", 2),
        ("wed", 2),
        ("thursday", 3),
        ("thurs", 3),
        ("thu", 3),
        ("friday", 4),
        ("fri", 4),
        ("saturday", 5),
        ("sat", 5),
        ("sunday", 6),
        ("sun", 6),
    ];
    // Short forms only with a capital (avoid "sun", "sat", "wed").
    let full = w.len() > 4;
    let capital = w.chars().next().is_some_and(|c| c.is_uppercase());
    if !(full || capital && word.ends_with('.')) {
        return None;
    }
    DAYS.iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(w))
        .map(|&(_, d)| d)
}

/// Value of a single number word ("one".."ninety-nine" incl. hyphenated forms, not scales).
pub(crate) fn small_number_word(word: &str) -> Option<u64> {
    const UNITS: &[(&str, u64)] = &[
        ("zero", 0),
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("thirteen", 13),
        ("fourteen", 14),
        ("fifteen", 15),
        ("sixteen", 16),
        ("seventeen", 17),
        ("eighteen", 18),
        ("nineteen", 19),
    ];
    const TENS: &[(&str, u64)] = &[
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fourty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
    ];
    let find = |w: &str, list: &[(&str, u64)]| {
        list.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(w))
            .map(|&(_, v)| v)
    };
    if let Some(v) = find(word, UNITS).or_else(|| find(word, TENS)) {
        return Some(v);
    }
    let (t, u) = word.split_once(['-', '\u{2010}', '\u{2011}'])?;
    let tv = find(t, TENS)?;
    let uv = find(u, UNITS).filter(|v| (1..=9).contains(v))?;
    Some(tv + uv)
}

/// Scale words.
pub(crate) fn scale_word(word: &str) -> Option<u64> {
    const SCALES: &[(&str, u64)] = &[
        ("hundred", 100),
        ("thousand", 1_000),
        ("million", 1_000_000),
        ("billion", 1_000_000_000),
    ];
    SCALES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(word))
        .map(|&(_, v)| v)
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
