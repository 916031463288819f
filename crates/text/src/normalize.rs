//! The canonical text every span refers to, and folded lookup keys.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Characters that are removed outright.
fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
    )
}

/// Unicode spaces other than ASCII space, tab and newline.
fn is_other_space(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    ) || c == '\u{000B}'
        || c == '\u{000C}'
}

/// Normalisation that every span refers to: CRLF/CR -> LF, NFC, NBSP and other Unicode spaces
/// -> ' ', control characters except `\n` and `\t` -> ' ', zero-width characters removed.
/// Quotes and apostrophes are left as they are. Idempotent.
pub fn normalize(raw: &str) -> String {
    // Fast path: printable ASCII plus \n and \t is already normal.
    if raw
        .bytes()
        .all(|b| (0x20..0x7F).contains(&b) || b == b'\n' || b == b'\t')
    {
        return raw.to_owned();
    }
    let mut mapped = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                mapped.push('\n');
            }
            '\n' | '\t' => mapped.push(c),
            '\u{2028}' | '\u{2029}' | '\u{0085}' => mapped.push('\n'),
            c if is_zero_width(c) => {}
            c if is_other_space(c) => mapped.push(' '),
            c if c.is_control() => mapped.push(' '),
            c => mapped.push(c),
        }
    }
    match is_nfc_quick(mapped.chars()) {
        IsNormalized::Yes => mapped,
        _ => {
            let nfc: String = mapped.nfc().collect();
            // NFC never introduces the characters mapped above except through singleton
            // decompositions (e.g. U+2000 -> U+2002), which were already mapped; re-map to be
            // safe so the result is a fixed point.
            if nfc.chars().any(|c| {
                is_zero_width(c) || is_other_space(c) || (c.is_control() && c != '\n' && c != '\t')
            }) {
                normalize(&nfc)
            } else {
                nfc
            }
        }
    }
}

fn is_apostrophe_like(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{02BF}' | '\u{02BE}' | '`' | '\u{00B4}'
    )
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
        if is_apostrophe_like(c) {
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
        match c {
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'ł' | 'Ł' => out.push('l'),
            'þ' | 'Þ' => out.push_str("th"),
            'ı' => out.push('i'),
            'ħ' | 'Ħ' => out.push('h'),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_spaces_controls() {
        assert_eq!(normalize("a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(normalize("a\u{00A0}b\u{2009}c\u{3000}d"), "a b c d");
        assert_eq!(normalize("a\u{0007}b\tc"), "a b\tc");
        assert_eq!(normalize("a\u{200B}b\u{FEFF}c\u{00AD}d"), "abcd");
        assert_eq!(normalize("a\u{2028}b"), "a\nb");
    }

    #[test]
    fn nfc_and_quotes_kept() {
        assert_eq!(normalize("e\u{0301}"), "\u{00E9}");
        assert_eq!(normalize("“Yes,” he said’s"), "“Yes,” he said’s");
    }

    #[test]
    fn idempotent_samples() {
        for s in [
            "a\r\r\nb",
            "\u{2000}x\u{2001}",
            "e\u{0301}\u{0327}",
            "A\u{030A}\u{200D}",
        ] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once, "{s:?}");
        }
    }

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
}
