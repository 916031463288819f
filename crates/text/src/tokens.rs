//! Tokenizer.

use crate::lexicon::{eq_any, words};
use sitrep_model::Span;
use unicode_normalization::char::is_combining_mark;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (possibly with digits, hyphens, internal apostrophes or abbreviation dots).
    Word,
    /// Digits, optionally with thousands separators or a decimal part ("1,500", "3.5").
    Number,
    /// Punctuation (. , ; : ! ? quotes, brackets, dashes, ellipsis).
    Punct,
    /// Anything else that is not a space ($ % & + emoji ...).
    Symbol,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|t| t.chars().next())
}

#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if ('\u{2000}'..='\u{206F}').contains(&c) {
        return false; // general punctuation: quotes, dashes, spaces, invisible marks
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

#[inline]
pub(crate) fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

#[inline]
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

pub(crate) fn is_punct_char(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '"'
            | '\''
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '-'
            | '/'
            | '\\'
            | '_'
            | '\u{2010}'
            ..='\u{2027}'
                | '\u{00AB}'
                | '\u{00BB}'
                | '\u{00A1}'
                | '\u{00BF}'
                | '\u{060C}'
                | '\u{061B}'
                | '\u{061F}'
                | '\u{06D4}'
                | '\u{FF01}'
                | '\u{FF0C}'
                | '\u{FF1A}'
                | '\u{FF1B}'
                | '\u{FF1F}'
                | '\u{3001}'
                | '\u{3002}'
                | '\u{2039}'
                | '\u{203A}'
    )
}

/// Tokens inside `within` (byte offsets into `text`). An invalid `within` (out of bounds or not on
/// char boundaries) is clamped/shrunk to the nearest valid range; nothing panics.
///
/// Hyphenated compounds ("al-Shaddadi", "Kurdish-led", "U.S.-led", "F-16") are one Word;
/// "10-15" is Number, Punct, Number. Dotted abbreviations ("U.S.", "Gen.", "a.m.") are one Word.
/// A possessive "'s"/"’s" is its own Word token. Ordinals ("3rd") are Words.
pub fn tokenize(text: &str, within: Span) -> Vec<Token> {
    let mut out = Vec::with_capacity(within.len() / 5 + 4);
    tokenize_into(text, within, &mut out);
    out
}

pub(crate) fn clamp_span(text: &str, within: Span) -> Span {
    let mut start = within.start.min(text.len());
    let mut end = within.end.min(text.len()).max(start);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < start {
        end = start;
    }
    Span::new(start, end)
}

/// Like [`tokenize`] but appends to `out` (reuses the caller's buffer).
pub(crate) fn tokenize_into(text: &str, within: Span, out: &mut Vec<Token>) {
    let w = clamp_span(text, within);
    let Some(s) = text.get(..w.end) else { return };
    let mut i = w.start;
    let bytes = s.as_bytes();
    while i < w.end {
        if matches!(bytes.get(i), Some(b' ' | b'\t' | b'\n')) {
            i += 1;
            continue;
        }
        let c = match bytes.get(i) {
            Some(&b) if b.is_ascii() => char::from(b),
            _ => match char_at(s, i) {
                Some(c) => c,
                None => break,
            },
        };
        let cl = c.len_utf8();
        if c.is_whitespace() {
            i += cl;
            continue;
        }
        if is_word_char(c) {
            let (end, has_letter) = scan_word(s, i);
            let kind = if has_letter {
                TokenKind::Word
            } else {
                TokenKind::Number
            };
            out.push(Token {
                span: Span::new(i, end),
                kind,
            });
            i = end;
            continue;
        }
        // possessive 's / ’s directly after a word
        if is_apostrophe(c) {
            let after_word = out
                .last()
                .is_some_and(|t| t.span.end == i && t.kind == TokenKind::Word);
            if after_word
                && matches!(char_at(s, i + cl), Some('s' | 'S'))
                && !char_at(s, i + cl + 1).is_some_and(is_word_char)
            {
                out.push(Token {
                    span: Span::new(i, i + cl + 1),
                    kind: TokenKind::Word,
                });
                i += cl + 1;
                continue;
            }
        }
        // ellipsis written as dots
        if c == '.'
            && s.as_bytes().get(i + 1) == Some(&b'.')
            && s.as_bytes().get(i + 2) == Some(&b'.')
        {
            let mut end = i + 3;
            while s.as_bytes().get(end) == Some(&b'.') {
                end += 1;
            }
            out.push(Token {
                span: Span::new(i, end),
                kind: TokenKind::Punct,
            });
            i = end;
            continue;
        }
        let kind = if is_punct_char(c) {
            TokenKind::Punct
        } else {
            TokenKind::Symbol
        };
        out.push(Token {
            span: Span::new(i, i + cl),
            kind,
        });
        i += cl;
    }
}

/// Tokens of a span with their text, and the small look-ups the date and number scanners share.
/// Out-of-range indices read as an empty word, so look-ahead never panics.
pub(crate) struct TokView<'a> {
    pub(crate) toks: Vec<Token>,
    words: Vec<&'a str>,
}

impl<'a> TokView<'a> {
    pub(crate) fn new(text: &'a str, within: Span) -> Self {
        let toks = tokenize(text, within);
        let words = toks
            .iter()
            .map(|t| t.span.slice(text).unwrap_or(""))
            .collect();
        TokView { toks, words }
    }
    pub(crate) fn len(&self) -> usize {
        self.toks.len()
    }
    /// Text of token `i` ("" past the end).
    pub(crate) fn w(&self, i: usize) -> &'a str {
        self.words.get(i).copied().unwrap_or("")
    }
    /// Text of the token before `i` ("" at the start).
    pub(crate) fn prev(&self, i: usize) -> &'a str {
        i.checked_sub(1).map(|k| self.w(k)).unwrap_or("")
    }
    /// Token `i` equals `word`, ignoring ASCII case.
    pub(crate) fn is(&self, i: usize, word: &str) -> bool {
        self.w(i).eq_ignore_ascii_case(word)
    }
    pub(crate) fn kind(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }
    /// Token `i` ends exactly where token `i + 1` starts.
    pub(crate) fn adjacent(&self, i: usize) -> bool {
        matches!((self.toks.get(i), self.toks.get(i + 1)), (Some(a), Some(b)) if a.span.end == b.span.start)
    }
    pub(crate) fn capitalized(&self, i: usize) -> bool {
        self.w(i).chars().next().is_some_and(|c| c.is_uppercase())
    }
    /// Span covering tokens `start..end` (exclusive).
    pub(crate) fn span(&self, start: usize, end: usize) -> Option<Span> {
        let a = self.toks.get(start)?;
        let b = self.toks.get(end.checked_sub(1)?)?;
        (b.span.end >= a.span.start).then(|| Span::new(a.span.start, b.span.end))
    }
}

/// Scans a word starting at `start` (a word char). Returns (end, has_letter).
fn scan_word(s: &str, start: usize) -> (usize, bool) {
    let mut i = start;
    let mut has_letter = false;
    let mut dotted = false; // inside an acronym like U.S.
    loop {
        // one segment of word characters
        let seg_start = i;
        let mut seg_letter = false;
        let mut seg_chars = 0usize;
        let bytes = s.as_bytes();
        loop {
            // ASCII fast path
            match bytes.get(i) {
                Some(b) if b.is_ascii_alphanumeric() => {
                    seg_letter |= !b.is_ascii_digit();
                    seg_chars += 1;
                    i += 1;
                    continue;
                }
                Some(b) if b.is_ascii() => break,
                None => break,
                _ => {}
            }
            let Some(c) = char_at(s, i) else { break };
            if !is_word_char(c) {
                break;
            }
            if !c.is_numeric() {
                seg_letter = true;
            }
            seg_chars += 1;
            i += c.len_utf8();
        }
        has_letter |= seg_letter;
        let Some(sep) = char_at(s, i) else { break };
        let after = i + sep.len_utf8();
        let next = char_at(s, after);
        match sep {
            ',' if !has_letter && seg_chars > 0 => {
                // thousands separator: exactly three digits follow
                let b = s.as_bytes();
                let three = (0..3).all(|k| b.get(after + k).is_some_and(u8::is_ascii_digit));
                let fourth = b.get(after + 3).is_some_and(|c| c.is_ascii_alphanumeric());
                if three && !fourth {
                    i = after;
                    continue;
                }
                break;
            }
            '.' => {
                if !has_letter && seg_chars > 0 && next.is_some_and(|c| c.is_ascii_digit()) {
                    i = after; // decimal
                    continue;
                }
                let single_letter = seg_letter && seg_chars == 1;
                if single_letter {
                    // "U.S." / "a.m.": letter '.' letter '.'
                    let acronym_next = next.is_some_and(|c| c.is_alphabetic())
                        && next
                            .and_then(|c| char_at(s, after + c.len_utf8()))
                            .is_some_and(|d| d == '.');
                    if acronym_next {
                        dotted = true;
                        i = after;
                        continue;
                    }
                    if dotted {
                        i = after; // final dot of the acronym
                        dotted = false;
                        if let Some(h) = next.filter(|c| is_hyphen(*c)) {
                            if char_at(s, after + h.len_utf8()).is_some_and(is_word_char) {
                                i = after + h.len_utf8();
                                continue;
                            }
                        }
                        break;
                    }
                }
                // known abbreviation ending with a dot
                if seg_start == start && !dotted {
                    if let Some(word) = s.get(start..i) {
                        if eq_any(word, &words().dot_abbreviations)
                            && abbreviation_dot_ok(word, s, after)
                        {
                            i = after;
                        }
                    }
                }
                break;
            }
            c if is_hyphen(c) => match next {
                Some(n) if is_word_char(n) && (has_letter || !n.is_numeric()) => {
                    i = after;
                    dotted = false;
                    continue;
                }
                _ => break,
            },
            c if is_apostrophe(c) => match next {
                Some(n) if n.is_alphabetic() && seg_letter => {
                    let possessive =
                        matches!(n, 's' | 'S') && !char_at(s, after + 1).is_some_and(is_word_char);
                    if possessive {
                        break;
                    }
                    i = after;
                    continue;
                }
                _ => break,
            },
            _ => break,
        }
    }
    (i, has_letter)
}

/// "No." is an abbreviation only before a number ("No. 5"); other entries always are.
fn abbreviation_dot_ok(word: &str, s: &str, after_dot: usize) -> bool {
    if word.eq_ignore_ascii_case("no") || word.eq_ignore_ascii_case("nos") {
        let rest = s.get(after_dot..).unwrap_or("");
        let rest = rest.trim_start_matches(' ');
        return rest.starts_with(|c: char| c.is_ascii_digit());
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(t: &str) -> Vec<(&str, TokenKind)> {
        tokenize(t, Span::new(0, t.len()))
            .into_iter()
            .map(|k| (k.span.slice(t).unwrap(), k.kind))
            .collect()
    }
    fn words(t: &str) -> Vec<&str> {
        toks(t).into_iter().map(|x| x.0).collect()
    }

    #[test]
    fn compounds_and_abbreviations() {
        assert_eq!(
            words("the U.S.-led coalition"),
            ["the", "U.S.-led", "coalition"]
        );
        assert_eq!(words("al-Shaddadi prison"), ["al-Shaddadi", "prison"]);
        assert_eq!(words("Kurdish-led forces"), ["Kurdish-led", "forces"]);
        assert_eq!(
            words("Gen. Smith met Lt. Col. Jones"),
            ["Gen.", "Smith", "met", "Lt.", "Col.", "Jones"]
        );
        assert_eq!(words("in the U.S."), ["in", "the", "U.S."]);
        assert_eq!(words("at 3 p.m. today"), ["at", "3", "p.m.", "today"]);
        assert_eq!(words("the U.N. said"), ["the", "U.N.", "said"]);
        assert_eq!(words("F-16 jets"), ["F-16", "jets"]);
        assert_eq!(words("M23 rebels"), ["M23", "rebels"]);
        assert_eq!(words("a 10-year-old boy"), ["a", "10-year-old", "boy"]);
        assert_eq!(words("said no. Then"), ["said", "no", ".", "Then"]);
        assert_eq!(words("No. 5"), ["No.", "5"]);
        assert_eq!(words("the end.The"), ["the", "end", ".", "The"]);
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("1,500 people"),
            [("1,500", TokenKind::Number), ("people", TokenKind::Word)]
        );
        assert_eq!(words("3.5 km"), ["3.5", "km"]);
        assert_eq!(toks("10-15")[1], ("-", TokenKind::Punct));
        assert_eq!(words("10-15"), ["10", "-", "15"]);
        assert_eq!(toks("3rd"), [("3rd", TokenKind::Word)]);
        assert_eq!(
            words("1,50 and 1,5000"),
            ["1", ",", "50", "and", "1", ",", "5000"]
        );
        assert_eq!(words("in 2014."), ["in", "2014", "."]);
        assert_eq!(words("10:30"), ["10", ":", "30"]);
    }

    #[test]
    fn possessives_and_apostrophes() {
        assert_eq!(words("Syria's army"), ["Syria", "'s", "army"]);
        assert_eq!(words("SDF’s fighters"), ["SDF", "’s", "fighters"]);
        assert_eq!(words("Sana'a O'Brien"), ["Sana'a", "O'Brien"]);
        assert_eq!(words("rebels' base"), ["rebels", "'", "base"]);
        assert_eq!(words("'s"), ["'", "s"]);
    }

    #[test]
    fn punct_and_symbols() {
        assert_eq!(
            toks("“Yes!” $5"),
            [
                ("“", TokenKind::Punct),
                ("Yes", TokenKind::Word),
                ("!", TokenKind::Punct),
                ("”", TokenKind::Punct),
                ("$", TokenKind::Symbol),
                ("5", TokenKind::Number),
            ]
        );
        assert_eq!(words("40%... ok"), ["40", "%", "...", "ok"]);
        assert_eq!(words("😀 الرقة"), ["😀", "الرقة"]);
    }

    #[test]
    fn within_is_respected_and_clamped() {
        let t = "one two three";
        let v = tokenize(t, Span::new(4, 7));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].span, Span::new(4, 7));
        assert!(tokenize(t, Span::new(5, 100))
            .iter()
            .all(|k| k.span.end <= t.len()));
        let a = "é";
        assert!(tokenize(a, Span::new(1, 2)).is_empty());
    }
}
