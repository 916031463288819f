//! Sentence segmentation.

use crate::casing::Casing;
use crate::lexicon::{eq_any, words};
use crate::tokens::{tokenize_into, Token, TokenKind};
use sitrep_model::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Sentence {
    /// Byte span in the normalised text, without surrounding whitespace.
    pub span: Span,
    /// Index of the paragraph (see [`paragraph_spans`]) the sentence belongs to, from 0.
    pub paragraph: usize,
    /// A short line without final punctuation (a headline or sub-heading).
    pub headline: bool,
}

/// Longest line (in tokens / bytes) that can be a headline.
const HEADLINE_MAX_TOKENS: usize = 20;
const HEADLINE_MAX_BYTES: usize = 200;

/// Spans of the paragraphs of a normalised text, in order: non-blank lines, trimmed. A line
/// that stops without final punctuation and is directly followed by a line starting with a
/// lowercase word is hard-wrapped prose: the two lines make one paragraph.
pub fn paragraph_spans(text: &str) -> Vec<Span> {
    paragraph_spans_with(text, Casing::Normal)
}

/// [`paragraph_spans`] of a text with the given casing: without normal capitals a
/// lower-case line start says nothing, and every non-blank line is a paragraph.
pub fn paragraph_spans_with(text: &str, casing: Casing) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut pos = 0;
    let mut prev_blank = true;
    for line in text.split('\n') {
        let start = pos;
        pos += line.len() + 1;
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            prev_blank = true;
            continue;
        }
        let span = Span::new(start + lead, start + lead + trimmed.len());
        let continues = !prev_blank
            && casing.is_normal()
            && starts_lowercase_word(trimmed)
            && out
                .last()
                .and_then(|p| p.slice(text))
                .is_some_and(|p| !ends_like_a_sentence(p));
        match out.last_mut() {
            Some(p) if continues => p.end = span.end,
            _ => out.push(span),
        }
        prev_blank = false;
    }
    out
}

fn starts_lowercase_word(line: &str) -> bool {
    line.starts_with(|c: char| c.is_lowercase()) && !is_name_prefix_start(line)
}

/// The line ends with final punctuation (possibly followed by closing quotes or brackets).
fn ends_like_a_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(|c: char| is_closing(c.encode_utf8(&mut [0; 4])));
    t.ends_with(|c: char| {
        matches!(
            c,
            '.' | '?' | '!' | '…' | ':' | ';' | '؟' | '۔' | '。' | '！' | '？'
        )
    })
}

/// Sentences of a normalised text, in order. Paragraphs are separated by newlines; a short line
/// without final punctuation is its own sentence with `headline = true`.
pub fn sentences(text: &str) -> Vec<Sentence> {
    sentences_with(text, Casing::Normal)
}

/// [`sentences`] of a text with the given casing (see [`Casing::detect`]). In lower-cased
/// text a sentence may start with a lower-case word after ". ", "? " or "! " (not after an
/// abbreviation such as "u.s." or an initial unless a typical sentence opener follows, not
/// after an ellipsis, and not after a question or exclamation closed by a quote: `"why?" he
/// asked`); in all-caps text an abbreviation or initial ends a sentence only before a typical
/// opener, as in normal text.
pub fn sentences_with(text: &str, casing: Casing) -> Vec<Sentence> {
    let mut out = Vec::with_capacity(text.len() / 100 + 1);
    let mut toks: Vec<Token> = Vec::with_capacity(256);
    for (paragraph, line) in paragraph_spans_with(text, casing).into_iter().enumerate() {
        toks.clear();
        tokenize_into(text, line, &mut toks);
        split_line(text, &toks, paragraph, casing, &mut out);
    }
    out
}

fn tok_str<'a>(text: &'a str, t: &Token) -> &'a str {
    t.span.slice(text).unwrap_or("")
}

fn is_terminal(s: &str) -> bool {
    matches!(
        s,
        "." | "?" | "!" | "…" | "‼" | "⁇" | "؟" | "۔" | "।" | "。" | "！" | "？"
    ) || (s.len() >= 2 && s.bytes().all(|b| b == b'.'))
}

fn is_closing(s: &str) -> bool {
    matches!(s, "\"" | "”" | "’" | "'" | ")" | "]" | "»" | "›")
}

fn ends_with_final_punct(text: &str, toks: &[Token]) -> bool {
    // skip closing quotes/brackets at the end
    for t in toks.iter().rev() {
        let s = tok_str(text, t);
        if is_closing(s) {
            continue;
        }
        return is_terminal(s)
            || s == ":"
            || s == ";"
            || (t.kind == TokenKind::Word && s.ends_with('.'));
    }
    false
}

/// Lowercase particles of Arabic-derived names, written before a hyphen ("al-Sharaa").
const NAME_PARTICLES: [&str; 13] = [
    "al", "el", "ash", "ad", "as", "an", "ar", "at", "az", "ath", "adh", "bin", "ibn",
];

/// Whether `word` is a lowercase particle of an Arabic-derived name ("al" of "al-Sharaa"),
/// compared ASCII-case-insensitively.
pub fn is_name_particle(word: &str) -> bool {
    eq_any(word, &NAME_PARTICLES)
}

/// Lowercase prefixes of Arabic-derived names that may start a sentence ("al-Sharaa said ...").
fn is_name_prefix_start(s: &str) -> bool {
    NAME_PARTICLES.iter().any(|p| {
        s.len() > p.len() + 1
            && s.get(..p.len()).is_some_and(|h| h == *p)
            && s.get(p.len()..).is_some_and(|r| r.starts_with('-'))
            && s.get(p.len() + 1..)
                .and_then(|r| r.chars().next())
                .is_some_and(|c| c.is_alphabetic())
    })
}

/// Whether the token can open a new sentence.
fn can_start(text: &str, t: &Token) -> bool {
    let s = tok_str(text, t);
    let Some(c) = s.chars().next() else {
        return false;
    };
    if c.is_uppercase() || c.is_numeric() {
        return true;
    }
    if matches!(
        c,
        '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '¿' | '¡' | '-' | '—' | '–'
    ) {
        return true;
    }
    if c.is_alphabetic() && !c.is_lowercase() {
        return true; // caseless scripts
    }
    is_name_prefix_start(s)
}

fn starts_sentence_strongly(text: &str, t: &Token, casing: Casing) -> bool {
    let s = tok_str(text, t);
    if casing.is_normal() {
        s.chars().next().is_some_and(|c| c.is_uppercase()) && eq_any(s, &words().sentence_starters)
    } else {
        eq_any(s, &words().uncased_sentence_starters)
    }
}

/// In lower-cased text, whether a lower-case word may open a sentence after the terminal
/// `term` (closed by a quote or bracket when `closed`).
fn lower_start_after(text: &str, t: &Token, term: &str, closed: bool) -> bool {
    let s = tok_str(text, t);
    let lower_word = t.kind == TokenKind::Word && s.starts_with(|c: char| c.is_lowercase());
    lower_word && (term == "." || (!closed && (term == "?" || term == "!")))
}

fn is_dotted_acronym(s: &str) -> bool {
    // "U.S.", "a.m.", "U.S.-led" is not (does not end in '.')
    s.ends_with('.') && s.len() >= 4 && s.matches('.').count() >= 2 && !s.contains('-')
}

fn split_line(
    text: &str,
    toks: &[Token],
    paragraph: usize,
    casing: Casing,
    out: &mut Vec<Sentence>,
) {
    let (Some(first), Some(last)) = (toks.first(), toks.last()) else {
        return;
    };
    let line_span = Span::new(first.span.start, last.span.end);
    if toks.len() <= HEADLINE_MAX_TOKENS
        && line_span.len() <= HEADLINE_MAX_BYTES
        && !ends_with_final_punct(text, toks)
    {
        out.push(Sentence {
            span: line_span,
            paragraph,
            headline: true,
        });
        return;
    }
    let mut sent_start = 0usize; // token index
    let mut k = 0usize;
    while k < toks.len() {
        let t = &toks[k];
        let s = tok_str(text, t);
        let candidate = match t.kind {
            TokenKind::Punct => is_terminal(s),
            TokenKind::Word if s.ends_with('.') => {
                let base = s.trim_end_matches('.');
                is_dotted_acronym(s) || eq_any(base, &words().sentence_final_abbreviations)
            }
            _ => false,
        };
        if !candidate {
            k += 1;
            continue;
        }
        // extend over adjacent terminal punctuation and closing quotes/brackets
        let mut end = k;
        while let Some(n) = toks.get(end + 1) {
            let ns = tok_str(text, n);
            if n.span.start == toks[end].span.end && (is_terminal(ns) || is_closing(ns)) {
                end += 1;
            } else {
                break;
            }
        }
        let Some(next) = toks.get(end + 1) else {
            break; // end of line closes the sentence anyway
        };
        // the terminal: a punctuation token, or the dot that ends a word ("u.s.")
        let term = if t.kind == TokenKind::Word { "." } else { s };
        let starts = can_start(text, next)
            || (casing == Casing::Lower && lower_start_after(text, next, term, end > k));
        let mut split = starts && next.span.start > toks[end].span.end;
        if split && t.kind == TokenKind::Word {
            // abbreviation with a dot: only before a typical sentence opener
            split = starts_sentence_strongly(text, next, casing);
        }
        if split && s == "." && k > 0 && end == k {
            if let Some(prev) = toks.get(k - 1).filter(|p| p.span.end == t.span.start) {
                let ps = tok_str(text, prev);
                // an initial ("A. Smith"); titles and months keep their dot in the token
                let mut pc = ps.chars();
                let initial = matches!((pc.next(), pc.next()),
                    (Some(c), None) if c.is_uppercase() || (!casing.is_normal() && c.is_alphabetic()));
                if initial
                    && prev.kind == TokenKind::Word
                    && !starts_sentence_strongly(text, next, casing)
                {
                    split = false;
                }
            }
        }
        if split {
            let span = Span::new(toks[sent_start].span.start, toks[end].span.end);
            out.push(Sentence {
                span,
                paragraph,
                headline: false,
            });
            sent_start = end + 1;
        }
        k = end + 1;
    }
    if let (Some(a), Some(b)) = (toks.get(sent_start), toks.last()) {
        out.push(Sentence {
            span: Span::new(a.span.start, b.span.end),
            paragraph,
            headline: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        sentences(t)
            .iter()
            .map(|s| s.span.slice(t).unwrap())
            .collect()
    }

    #[test]
    fn basic() {
        assert_eq!(
            split("One here. Two there! Three? Four."),
            ["One here.", "Two there!", "Three?", "Four."]
        );
        assert_eq!(
            split("  Leading space.  Next one.  "),
            ["Leading space.", "Next one."]
        );
    }

    #[test]
    fn abbreviations() {
        assert_eq!(
            split("The U.S.-led coalition failed to help. The SDF said so."),
            ["The U.S.-led coalition failed to help.", "The SDF said so."]
        );
        assert_eq!(
            split("Gen. Mazloum Abdi met Lt. Col. John Smith and Dr. Ali in St. Louis on Jan. 5 at 3 p.m. local time."),
            ["Gen. Mazloum Abdi met Lt. Col. John Smith and Dr. Ali in St. Louis on Jan. 5 at 3 p.m. local time."]
        );
        assert_eq!(
            split("Troops arrived from the U.S. The next day they left."),
            ["Troops arrived from the U.S.", "The next day they left."]
        );
        assert_eq!(
            split("The U.S. Army and U.N. Security Council met."),
            ["The U.S. Army and U.N. Security Council met."]
        );
        assert_eq!(
            split("He met A. Smith yesterday. Then he left."),
            ["He met A. Smith yesterday.", "Then he left."]
        );
        assert_eq!(
            split("Apple Inc. The firm said."),
            ["Apple Inc.", "The firm said."]
        );
        assert_eq!(
            split("It was 3.5 km away. Fine."),
            ["It was 3.5 km away.", "Fine."]
        );
    }

    #[test]
    fn quotes_and_ellipses() {
        assert_eq!(
            split("He said: \"We will win.\" Then he left."),
            ["He said: \"We will win.\"", "Then he left."]
        );
        assert_eq!(
            split("“We will win.” Then he left."),
            ["“We will win.”", "Then he left."]
        );
        assert_eq!(
            split("“Why?” he asked. Nobody knew."),
            ["“Why?” he asked.", "Nobody knew."]
        );
        assert_eq!(
            split("Wait... What happened? Nobody knew."),
            ["Wait...", "What happened?", "Nobody knew."]
        );
        assert_eq!(split("Wait… what happened."), ["Wait… what happened."]);
    }

    #[test]
    fn arabic_names() {
        assert_eq!(
            split("The decree was signed. al-Sharaa said it was final."),
            ["The decree was signed.", "al-Sharaa said it was final."]
        );
    }

    fn split_cased(t: &str, casing: Casing) -> Vec<&str> {
        sentences_with(t, casing)
            .iter()
            .map(|s| s.span.slice(t).unwrap())
            .collect()
    }

    fn lower(t: &str) -> Vec<&str> {
        split_cased(t, Casing::Lower)
    }

    #[test]
    fn lower_cased_text() {
        assert_eq!(
            lower("rebels attacked the town. the army left. nobody knew why! was it over? yes."),
            [
                "rebels attacked the town.",
                "the army left.",
                "nobody knew why!",
                "was it over?",
                "yes."
            ]
        );
        // Abbreviations, initials and decimals do not end a sentence before an ordinary word.
        assert_eq!(
            lower("gen. mazloum abdi met the u.s. envoy and j. smith in st. louis at 3.5 km."),
            ["gen. mazloum abdi met the u.s. envoy and j. smith in st. louis at 3.5 km."]
        );
        assert_eq!(
            lower("vehicles sent into the u.s. and later by week's end it stopped."),
            ["vehicles sent into the u.s. and later by week's end it stopped."]
        );
        assert_eq!(
            lower("troops arrived from the u.s. the next day they left."),
            ["troops arrived from the u.s.", "the next day they left."]
        );
        // Quotes: a full stop inside them ends the sentence, a question does not.
        assert_eq!(
            lower("\"why?\" he asked. \"we will win.\" then he left."),
            ["\"why?\" he asked.", "\"we will win.\"", "then he left."]
        );
        assert_eq!(lower("wait... what happened."), ["wait... what happened."]);
        // Normal casing keeps its rule: a lower-case word does not start a sentence.
        assert_eq!(split("It fell. the end."), ["It fell. the end."]);
    }

    #[test]
    fn lower_cased_lines_are_not_joined() {
        let t = "kurdish forces withdraw\nthe sdf left the town on monday after talks.";
        assert_eq!(sentences(t).len(), 1);
        let s = sentences_with(t, Casing::Lower);
        assert_eq!(s.len(), 2);
        assert!(s[0].headline && !s[1].headline);
    }

    #[test]
    fn upper_cased_text() {
        assert_eq!(
            split_cased(
                "TROOPS ARRIVED FROM THE U.S. THE NEXT DAY GEN. SMITH LEFT. U.S. TROOPS STAYED.",
                Casing::Upper
            ),
            [
                "TROOPS ARRIVED FROM THE U.S.",
                "THE NEXT DAY GEN. SMITH LEFT.",
                "U.S. TROOPS STAYED."
            ]
        );
    }

    #[test]
    fn particles() {
        assert!(is_name_particle("al") && is_name_particle("Al") && !is_name_particle("the"));
    }

    #[test]
    fn headlines_and_paragraphs() {
        let t = "Kurdish Forces Withdraw Amid Growing Tensions\nThe SDF left. It said so.\n\nNew para here.";
        let s = sentences(t);
        assert_eq!(s.len(), 4);
        assert!(s[0].headline);
        assert_eq!(
            s[0].span.slice(t),
            Some("Kurdish Forces Withdraw Amid Growing Tensions")
        );
        assert_eq!((s[1].paragraph, s[2].paragraph, s[3].paragraph), (1, 1, 2));
        assert!(!s[1].headline && !s[3].headline);
    }
}
