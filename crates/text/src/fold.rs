//! Folding: the one home of sitrep's case- and accent-insensitive keys.
//!
//! * [`fold`]: the lookup key of tokens and lexicon entries (punctuation kept);
//! * [`fold_name`]: the key of place names in the gazetteer (punctuation separates words);
//! * [`name_key`]: the key under which the situation picture compares place, facility and actor
//!   names ("al-Shaddadi prison" = "Shaddadi Prison"; diacritics kept, the Arabic article and
//!   "the" dropped);
//! * [`fold_search`]: full-text search terms (lower case without diacritics, what SQLite's
//!   `unicode61 remove_diacritics` tokenizer does).
//!
//! They share the letter tables ([`is_apostrophe`], [`transliterate`]); [`fold_name`] and
//! [`name_key`] are one word-folding loop with two sets of [`WordRules`].

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

/// Apostrophe-like marks: the apostrophe and its curly, modifier-letter and prime look-alikes,
/// and the ayn/hamza marks of transliterated Arabic ("Sanaʿa", "Ma'arrat", "Dar‘ā").
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | '`' | '´' | 'ʹ' | '′' | 'ˈ'
    )
}

/// The ASCII spelling of a letter that has no canonical decomposition into one (ß -> ss,
/// ø -> o, ł -> l, ...), `None` for every other character.
pub fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'þ' | 'Þ' => "th",
        'ı' => "i",
        'ħ' | 'Ħ' => "h",
        _ => return None,
    })
}

/// ASCII-folded lowercase key: diacritics removed, a few letters transliterated (ß -> ss, ø -> o,
/// ...), curly quotes -> straight, dashes -> '-', apostrophe-like marks inside a word (ʿ ʾ ’ ')
/// dropped ("Sanaʿa" and "Sana'a" -> "sanaa"), whitespace collapsed to single spaces and trimmed.
/// Scripts without a Latin transliteration (Arabic, Cyrillic, ...) are kept, lowercased.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        fold_ascii(s)
    } else {
        fold_general(s)
    }
}

fn fold_general(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let decomposed: Vec<char> = s.nfkd().filter(|c| !is_combining_mark(*c)).collect();
    let mut pending_space = false;
    for (i, &c) in decomposed.iter().enumerate() {
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if is_apostrophe(c) {
            let prev_alpha = i > 0 && decomposed.get(i - 1).is_some_and(|p| p.is_alphanumeric());
            let next_alpha = decomposed.get(i + 1).is_some_and(|n| n.is_alphanumeric());
            if prev_alpha && next_alpha {
                continue; // inside a name
            }
            if matches!(c, '\u{02BF}' | '\u{02BE}') {
                continue; // ayn / hamza marks never carry meaning in a key
            }
            out.push('\'');
            continue;
        }
        if let Some(t) = transliterate(c) {
            out.push_str(t);
            continue;
        }
        match c {
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// [`fold`] for ASCII input (no decomposition needed).
fn fold_ascii(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_whitespace() || c.is_ascii_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if matches!(c, b'\'' | b'`') {
            let prev_alnum = i > 0 && b.get(i - 1).is_some_and(u8::is_ascii_alphanumeric);
            let next_alnum = b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
            if !(prev_alnum && next_alnum) {
                out.push('\'');
            }
            continue;
        }
        out.push(char::from(c.to_ascii_lowercase()));
    }
    out
}

/// Lower case without diacritics, punctuation kept: the form of full-text search terms
/// (what SQLite's `unicode61 remove_diacritics` tokenizer does to the indexed text).
pub fn fold_search(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

/// What a character is to a word-folding key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// Part of a word ([`WordRules::push_letter`] writes its folded form).
    Letter,
    /// Dropped without separating words ("U.S." -> "us").
    Drop,
    /// Ends a word.
    Separator,
}

/// The rules of a key made of words: which characters are letters, which separate words,
/// how a letter is folded and which whole words are left out. The loop that applies them is
/// [`fold_words_into`].
pub trait WordRules {
    /// The class of a character.
    fn class(&self, c: char) -> CharClass;
    /// Writes the folded form of a [`CharClass::Letter`].
    fn push_letter(&self, c: char, out: &mut String);
    /// Whether a finished (folded) word is left out of the key.
    fn drops_word(&self, _word: &str) -> bool {
        false
    }
}

/// Folds `s` into `out` (cleared first) by `rules`: the folded letters of each word, words
/// separated by one space, dropped words left out.
#[inline]
pub fn fold_words_into<R: WordRules>(rules: &R, s: &str, out: &mut String) {
    out.clear();
    // `word` is where the current word (with its leading space) begins; `None` between words
    let mut word: Option<(usize, usize)> = None;
    let end_word = |out: &mut String, word: &mut Option<(usize, usize)>| {
        if let Some((with_space, start)) = word.take() {
            if out.get(start..).is_some_and(|w| rules.drops_word(w)) {
                out.truncate(with_space);
            }
        }
    };
    for c in s.chars() {
        match rules.class(c) {
            CharClass::Letter => {
                if word.is_none() {
                    let with_space = out.len();
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    word = Some((with_space, out.len()));
                }
                rules.push_letter(c, out);
            }
            CharClass::Drop => {}
            CharClass::Separator => end_word(out, &mut word),
        }
    }
    end_word(out, &mut word);
}

/// The rules of [`fold_name`].
#[derive(Debug, Clone, Copy, Default)]
pub struct NameRules;

impl WordRules for NameRules {
    #[inline]
    fn class(&self, c: char) -> CharClass {
        if c.is_ascii() {
            // no ASCII character is a combining mark
            if c.is_ascii_alphanumeric() {
                CharClass::Letter
            } else if matches!(c, '\'' | '`' | '.') {
                CharClass::Drop
            } else {
                CharClass::Separator
            }
        } else if is_apostrophe(c) || c == '.' {
            CharClass::Drop
        } else if c.is_alphanumeric() {
            CharClass::Letter
        } else if is_combining_mark(c) {
            CharClass::Drop
        } else {
            CharClass::Separator
        }
    }

    #[inline]
    fn push_letter(&self, c: char, out: &mut String) {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(t) = transliterate(c) {
            out.push_str(t);
        } else {
            let mut any = false;
            decompose_canonical(c, |d| {
                if d.is_alphanumeric() {
                    out.extend(d.to_lowercase());
                    any = true;
                }
            });
            if !any {
                out.extend(c.to_lowercase());
            }
        }
    }
}

/// Folds a place name: lowercase, diacritics removed, apostrophes and dots dropped, every other
/// non-alphanumeric run becomes one space; trimmed ("Deir ez-Zor" -> "deir ez zor").
pub fn fold_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_name_into(s, &mut out);
    out
}

/// [`fold_name`] written into `out` (cleared first), so that a caller folding many names can
/// reuse one buffer.
pub fn fold_name_into(s: &str, out: &mut String) {
    fold_words_into(&NameRules, s, out);
}

/// The rules of [`name_key`].
#[derive(Debug, Clone, Copy, Default)]
pub struct NameKeyRules;

/// Words [`name_key`] leaves out: the Arabic article in its common spellings, and "the".
const NAME_KEY_DROPPED: &[&str] = &["al", "el", "the", "ad", "ash", "as", "an", "ar"];

impl WordRules for NameKeyRules {
    fn class(&self, c: char) -> CharClass {
        if c.is_whitespace() || matches!(c, '-' | '\'' | '’') {
            CharClass::Separator
        } else if c.is_alphanumeric() {
            CharClass::Letter
        } else {
            CharClass::Drop
        }
    }

    fn push_letter(&self, c: char, out: &mut String) {
        out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
    }

    fn drops_word(&self, word: &str) -> bool {
        NAME_KEY_DROPPED.contains(&word)
    }
}

/// The key under which the situation picture compares names: lower case (diacritics kept),
/// words split at spaces, hyphens and apostrophes, other punctuation dropped, the Arabic
/// article and "the" left out, so that "al-Shaddadi prison" and "Shaddadi Prison" compare
/// equal. Site and locality keys are made of it, so it must not change for stored data.
pub fn name_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_words_into(&NameKeyRules, s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ascii_matches_general_path() {
        for s in [
            "Ba'ath",
            "  Al-Hol   Camp ",
            "rebels' base",
            "`quoted`",
            "A\tB\nC",
            "x'",
            "'s",
            "",
        ] {
            assert_eq!(fold_ascii(s), fold_general(s), "{s:?}");
        }
    }

    #[test]
    fn fold_keys() {
        assert_eq!(fold("Ḥasakah"), "hasakah");
        assert_eq!(
            fold("  Al-Ḥasakah   Governorate "),
            "al-hasakah governorate"
        );
        assert_eq!(fold("Sanaʿa"), "sanaa");
        assert_eq!(fold("Sana’a"), "sanaa");
        assert_eq!(fold("Ba'ath"), "baath");
        assert_eq!(fold("ʿAfrin"), "afrin");
        assert_eq!(fold("“Quoted”"), "\"quoted\"");
        assert_eq!(fold("rebels’"), "rebels'");
        assert_eq!(fold("Straße Łódź"), "strasse lodz");
        assert_eq!(fold("Zürich–Genève"), "zurich-geneve");
        assert_eq!(fold("الرقة"), "الرقة");
    }

    #[test]
    fn fold_name_folds_case_diacritics_apostrophes() {
        assert_eq!(fold_name("Ash Shaddādah"), "ash shaddadah");
        assert_eq!(fold_name("Al Ḩawl"), "al hawl");
        assert_eq!(fold_name("Dar‘ā"), "dara");
        assert_eq!(fold_name("Deir ez-Zor"), "deir ez zor");
        assert_eq!(fold_name("U.S."), "us");
        assert_eq!(fold_name("  São  Paulo "), "sao paulo");
        assert_eq!(fold_name("Ma'arrat al-Nu'man"), "maarrat al numan");
        assert_eq!(
            fold_name("Straße, Łódź (Þórshöfn)"),
            "strasse lodz thorshofn"
        );
        assert_eq!(fold_name("-- ..."), "");
        let mut buf = String::from("stale");
        fold_name_into("Al-Hol", &mut buf);
        assert_eq!(buf, "al hol");
    }

    #[test]
    fn name_key_strips_articles_and_punctuation() {
        assert_eq!(name_key("al-Shaddadi prison"), "shaddadi prison");
        assert_eq!(name_key("Al-Hol Camp"), "hol camp");
        assert_eq!(
            name_key("The  Syrian Democratic Forces"),
            "syrian democratic forces"
        );
        assert_ne!(name_key("Raqqa"), name_key("Hasakah"));
        // diacritics are kept, dots and brackets dropped, apostrophes separate
        assert_eq!(name_key("Ḥasakah (U.S.)"), "ḥasakah us");
        assert_eq!(name_key("Ma'arrat al-Nu’man"), "ma arrat nu man");
        assert_eq!(name_key("al- -the"), "");
        assert_eq!(name_key("İdlib"), "idlib");
    }

    #[test]
    fn fold_search_is_lower_case_without_diacritics() {
        assert_eq!(fold_search("Ḥasakah, AL-HOL"), "hasakah, al-hol");
        assert_eq!(fold_search("Straße"), "straße");
    }

    #[test]
    fn apostrophes_and_transliterations() {
        for c in ['\'', '’', 'ʿ', 'ʾ', '′'] {
            assert!(is_apostrophe(c), "{c}");
        }
        assert!(!is_apostrophe('"'));
        assert_eq!(transliterate('Ø'), Some("o"));
        assert_eq!(transliterate('é'), None);
    }
}
