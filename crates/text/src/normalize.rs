//! The canonical text every span refers to.

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
}
