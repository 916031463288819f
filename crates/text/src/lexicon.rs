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

/// The [`SENTENCE_STARTERS`] that also open a sentence after an abbreviation when capitals
/// cannot tell ("from the u.s. the next day ..."): pronouns, determiners and sentence
/// adverbs that seldom follow an abbreviation inside a sentence (not "and", "in", "by").
pub(crate) const UNCASED_SENTENCE_STARTERS: &[&str] = &[
    "the",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "these",
    "those",
    "there",
    "his",
    "her",
    "their",
    "our",
    "meanwhile",
    "however",
    "according",
    "earlier",
    "later",
    "separately",
    "elsewhere",
    "nevertheless",
    "although",
    "though",
    "despite",
    "instead",
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
    Some(match w {
        b"zero" => 0,
        b"one" => 1,
        b"two" => 2,
        b"three" => 3,
        b"four" => 4,
        b"five" => 5,
        b"six" => 6,
        b"seven" => 7,
        b"eight" => 8,
        b"nine" => 9,
        b"ten" => 10,
        b"eleven" => 11,
        b"twelve" => 12,
        b"thirteen" => 13,
        b"fourteen" => 14,
        b"fifteen" => 15,
        b"sixteen" => 16,
        b"seventeen" => 17,
        b"eighteen" => 18,
        b"nineteen" => 19,
        _ => return None,
    })
}

fn tens_word(w: &[u8]) -> Option<u64> {
    Some(match w {
        b"twenty" => 20,
        b"thirty" => 30,
        b"forty" | b"fourty" => 40,
        b"fifty" => 50,
        b"sixty" => 60,
        b"seventy" => 70,
        b"eighty" => 80,
        b"ninety" => 90,
        _ => return None,
    })
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
    Some(match lower(word, &mut buf)? {
        b"hundred" => 100,
        b"thousand" => 1_000,
        b"million" => 1_000_000,
        b"billion" => 1_000_000_000,
        _ => return None,
    })
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
