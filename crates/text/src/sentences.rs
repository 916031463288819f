//! Sentence segmentation.

use crate::lexicon::{eq_any, SENTENCE_FINAL_ABBREVIATIONS, SENTENCE_STARTERS};
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
    let mut out = Vec::with_capacity(text.len() / 100 + 1);
    let mut toks: Vec<Token> = Vec::with_capacity(256);
    for (paragraph, line) in paragraph_spans(text).into_iter().enumerate() {
        toks.clear();
        tokenize_into(text, line, &mut toks);
        split_line(text, &toks, paragraph, &mut out);
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

/// Lowercase prefixes of Arabic-derived names that may start a sentence ("al-Sharaa said ...").
fn is_name_prefix_start(s: &str) -> bool {
    let lower_prefixes = [
        "al-", "el-", "ash-", "ad-", "as-", "an-", "ar-", "at-", "az-", "ath-", "adh-", "bin-",
        "ibn-",
    ];
    lower_prefixes.iter().any(|p| {
        s.len() > p.len()
            && s.get(..p.len()).is_some_and(|h| h == *p)
            && s.get(p.len()..)
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

fn starts_sentence_strongly(text: &str, t: &Token) -> bool {
    let s = tok_str(text, t);
    s.chars().next().is_some_and(|c| c.is_uppercase()) && eq_any(s, SENTENCE_STARTERS)
}

fn is_dotted_acronym(s: &str) -> bool {
    // "U.S.", "a.m.", "U.S.-led" is not (does not end in '.')
    s.ends_with('.') && s.len() >= 4 && s.matches('.').count() >= 2 && !s.contains('-')
}

fn split_line(text: &str, toks: &[Token], paragraph: usize, out: &mut Vec<Sentence>) {
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
                is_dotted_acronym(s) || eq_any(base, SENTENCE_FINAL_ABBREVIATIONS)
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
        let mut split = can_start(text, next) && next.span.start > toks[end].span.end;
        if split && t.kind == TokenKind::Word {
            // abbreviation with a dot: only before a typical sentence opener
            split = starts_sentence_strongly(text, next);
        }
        if split && s == "." && k > 0 && end == k {
            if let Some(prev) = toks.get(k - 1).filter(|p| p.span.end == t.span.start) {
                let ps = tok_str(text, prev);
                // an initial ("A. Smith"); titles and months keep their dot in the token
                let mut pc = ps.chars();
                let initial = matches!((pc.next(), pc.next()), (Some(c), None) if c.is_uppercase());
                if initial && prev.kind == TokenKind::Word && !starts_sentence_strongly(text, next)
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
