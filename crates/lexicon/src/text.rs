//! Length-preserving text normalisation and case checks.

use crate::CaseMode;

/// Maps one byte of text to its matching form: ASCII lower case; `-`, `_`, tab and newlines
/// become spaces. Non-ASCII bytes are kept, so byte offsets are unchanged.
#[inline]
pub(crate) fn norm_byte(b: u8) -> u8 {
    match b {
        b'A'..=b'Z' => b + 32,
        b'-' | b'_' | b'\t' | b'\n' | b'\r' => b' ',
        _ => b,
    }
}

/// The matching form of a whole text (same length, same offsets).
pub(crate) fn normalise_text(text: &[u8]) -> Vec<u8> {
    text.iter().map(|&b| norm_byte(b)).collect()
}

/// The matching form of an alias: byte-normalised, curly apostrophes straightened,
/// runs of spaces collapsed, trimmed.
pub(crate) fn normalise_alias(alias: &str) -> String {
    let alias = alias.replace(['\u{2019}', '\u{2018}'], "'");
    let bytes: Vec<u8> = alias.bytes().map(norm_byte).collect();
    let s = String::from_utf8_lossy(&bytes);
    let mut out = String::with_capacity(s.len());
    for w in s.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Whether the character just before byte `i` is part of a word.
pub(crate) fn is_word_char_before(text: &str, i: usize) -> bool {
    text.get(..i)
        .and_then(|t| t.chars().next_back())
        .is_some_and(|c| c.is_alphanumeric())
}

/// Whether the character at byte `i` is part of a word.
pub(crate) fn is_word_char_after(text: &str, i: usize) -> bool {
    text.get(i..)
        .and_then(|t| t.chars().next())
        .is_some_and(|c| c.is_alphanumeric())
}

/// Whether the word at byte `i` is glued by a hyphen to a preceding word ("au-Prince"),
/// other than an alignment prefix ("pro-Russian", "anti-Houthi").
pub(crate) fn hyphen_attached(text: &str, i: usize) -> bool {
    let Some(before) = text.get(..i) else {
        return false;
    };
    let Some(word) = before.strip_suffix('-') else {
        return false;
    };
    if !word
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric())
    {
        return false;
    }
    let prev: String = word
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    !matches!(
        prev.to_ascii_lowercase().as_str(),
        "pro" | "anti" | "ex" | "non" | "former"
    )
}

/// Whether `surface` (the text matched) satisfies the alias's case constraint.
pub(crate) fn case_ok(mode: CaseMode, alias: &str, surface: &str) -> bool {
    match mode {
        CaseMode::Any => true,
        CaseMode::Exact => {
            let a = alias.bytes().filter(|b| b.is_ascii_alphabetic());
            let s = surface.bytes().filter(|b| b.is_ascii_alphabetic());
            a.eq(s)
        }
        CaseMode::Proper => {
            let first_upper = surface
                .chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(|c| c.is_uppercase());
            if first_upper {
                return true;
            }
            // "al-Qaeda", "al-Shabaab": a lower-case particle followed by a capitalised word.
            let mut words = surface.split([' ', '-']).filter(|w| !w.is_empty());
            let first = words.next().unwrap_or("");
            matches!(
                first,
                "al" | "el"
                    | "ad"
                    | "ash"
                    | "as"
                    | "an"
                    | "at"
                    | "ar"
                    | "az"
                    | "bin"
                    | "ibn"
                    | "de"
                    | "van"
                    | "von"
            ) && words
                .next()
                .and_then(|w| w.chars().next())
                .is_some_and(|c| c.is_uppercase())
        }
    }
}

/// Title case for display ("interior ministry" -> "Interior Ministry"); keeps acronyms.
pub(crate) fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let small = matches!(
            w,
            "of" | "the" | "and" | "for" | "in" | "on" | "al" | "el" | "de"
        );
        if i > 0 && small {
            out.push_str(w);
            continue;
        }
        let mut cs = w.chars();
        if let Some(c) = cs.next() {
            out.extend(c.to_uppercase());
            out.push_str(cs.as_str());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_keeps_length() {
        let t = "Al-Sharaa’s U.S.-led\tforces";
        assert_eq!(normalise_text(t.as_bytes()).len(), t.len());
        assert_eq!(
            normalise_alias("  U.S.-led   Coalition "),
            "u.s. led coalition"
        );
        assert_eq!(normalise_alias("BASHAR_AL_ASSAD_"), "bashar al assad");
    }

    #[test]
    fn case_modes() {
        assert!(case_ok(CaseMode::Exact, "IS", "IS"));
        assert!(!case_ok(CaseMode::Exact, "IS", "is"));
        assert!(case_ok(CaseMode::Exact, "U.S.", "U.S."));
        assert!(!case_ok(CaseMode::Exact, "US", "us"));
        assert!(case_ok(CaseMode::Proper, "SYRIA", "Syria"));
        assert!(!case_ok(CaseMode::Proper, "TURKEY", "turkey"));
        assert!(case_ok(CaseMode::Proper, "al-Qaeda", "al-Qaeda"));
        assert!(!case_ok(CaseMode::Proper, "al-Qaeda", "al-qaeda"));
        assert!(case_ok(CaseMode::Any, "troops", "TROOPS"));
    }

    #[test]
    fn word_boundaries() {
        let t = "éSyria x";
        assert!(is_word_char_before(t, 2));
        assert!(!is_word_char_before(t, 0));
        assert!(!is_word_char_after(t, 7));
        assert!(is_word_char_after(t, 2));
    }

    #[test]
    fn hyphens() {
        let t = "Port-au-Prince and pro-Russian and Kurdish-led";
        assert!(hyphen_attached(t, t.find("Prince").unwrap()));
        assert!(!hyphen_attached(t, t.find("Russian").unwrap()));
        assert!(!hyphen_attached(t, 0));
    }

    #[test]
    fn titles() {
        assert_eq!(title_case("interior ministry"), "Interior Ministry");
        assert_eq!(title_case("ministry of defense"), "Ministry of Defense");
    }
}
