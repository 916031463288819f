//! Tokens of the text for place matching: folded forms, capitalisation, sentence starts,
//! title lines, hyphen chains.

use super::*;

#[derive(Debug, Clone)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Folded lowercase form.
    pub(super) low: String,
    pub(super) cap: bool,
    pub(super) all_caps: bool,
    /// Joined to the previous token by a hyphen.
    pub(super) hyph_before: bool,
    /// Separated from the previous token only by whitespace or a hyphen (same sentence).
    pub(super) chained: bool,
    /// First token of its sentence, or in a title-case line.
    pub(super) initial: bool,
    /// Directly after a personal title ("Mr.", "Gen.", "President").
    pub(super) after_title: bool,
    pub(super) sent: usize,
}

pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

pub(super) fn is_apos(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | '`' | '‘')
}

pub(super) fn tokenize(text: &str, sentences: &[Span]) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let mut i = 0;
    let mut sent_idx = 0usize;
    let mut gap_has_break = true; // start of text
    let mut gap_only_space_or_hyphen = false;
    let mut gap_hyphen = false;
    let mut gap_newlines = 0;
    while i < n {
        let (pos, c) = chars[i];
        if is_word_char(c) {
            let start = pos;
            let mut j = i + 1;
            while j < n {
                let cj = chars[j].1;
                if is_word_char(cj) {
                    j += 1;
                } else if is_apos(cj)
                    && j + 1 < n
                    && matches!(chars[j + 1].1, 's' | 'S')
                    && (j + 2 >= n || !is_word_char(chars[j + 2].1))
                {
                    // possessive "Syria's": the token ends before the apostrophe
                    break;
                } else if (is_apos(cj) || cj == '.')
                    && j + 1 < n
                    && is_word_char(chars[j + 1].1)
                    && (cj != '.' || (j >= 1 && chars[j - 1].1.is_uppercase() && j - 1 == i))
                {
                    // internal apostrophe ("Dar'a") or dotted abbreviation ("U.S")
                    j += 2;
                } else {
                    break;
                }
            }
            // trailing dot of an abbreviation like "U.S."
            let mut end_j = j;
            if j < n && chars[j].1 == '.' && j >= 2 && chars[j - 2].1 == '.' {
                end_j = j + 1;
            }
            let end = if end_j < n {
                chars[end_j].0
            } else {
                text.len()
            };
            let word = text.get(start..end).unwrap_or("");
            // sentence index
            while sent_idx < sentences.len() && sentences[sent_idx].end <= start {
                sent_idx += 1;
            }
            let prev_sent = toks.last().map(|t| t.sent);
            let new_sentence = match prev_sent {
                None => true,
                Some(ps) => ps != sent_idx && !sentences.is_empty(),
            };
            let cap = c.is_uppercase();
            let (mut letters, mut upper) = (0usize, 0usize);
            for c in word.chars().filter(|c| c.is_alphabetic()) {
                letters += 1;
                upper += usize::from(c.is_uppercase());
            }
            let all_caps = letters >= 2 && upper == letters;
            let initial = gap_has_break || new_sentence || gap_newlines > 0;
            let after_title = toks
                .last()
                .map(|t| words().titles.contains(&t.low.as_str()))
                .unwrap_or(false);
            toks.push(Tok {
                start,
                end,
                low: fold(word),
                cap,
                all_caps,
                hyph_before: gap_hyphen && gap_only_space_or_hyphen,
                chained: gap_only_space_or_hyphen && !new_sentence && gap_newlines == 0,
                initial,
                after_title,
                sent: sent_idx,
            });
            i = end_j;
            gap_has_break = false;
            gap_only_space_or_hyphen = true;
            if i + 1 < n && is_apos(chars[i].1) && matches!(chars[i + 1].1, 's' | 'S') {
                // skip the possessive; the next word is not part of the same name
                i += 2;
                gap_only_space_or_hyphen = false;
            }
            gap_hyphen = false;
            gap_newlines = 0;
        } else {
            if c == '\n' {
                gap_newlines += 1;
                gap_only_space_or_hyphen = false;
            } else if c == '-' || c == '‐' || c == '‑' {
                gap_hyphen = true;
            } else if c.is_whitespace() {
            } else {
                gap_only_space_or_hyphen = false;
                let abbrev_dot = c == '.'
                    && toks
                        .last()
                        .map(|t| t.end == pos && words().abbrevs.contains(&t.low.as_str()))
                        .unwrap_or(false);
                if matches!(c, '.' | '!' | '?' | ':' | ';') && !abbrev_dot {
                    gap_has_break = true;
                }
            }
            i += 1;
        }
    }
    mark_title_lines(text, &mut toks);
    toks
}

/// In a title-case line (a headline) every capitalised word is treated as sentence-initial.
pub(super) fn mark_title_lines(text: &str, toks: &mut [Tok]) {
    let mut line_start = 0;
    while line_start < toks.len() {
        let mut line_end = line_start + 1;
        while line_end < toks.len() {
            let between = text
                .get(toks[line_end - 1].end..toks[line_end].start)
                .unwrap_or("");
            if between.contains('\n') {
                break;
            }
            line_end += 1;
        }
        let long: Vec<&Tok> = toks[line_start..line_end]
            .iter()
            .filter(|t| t.end - t.start > 3)
            .collect();
        let caps = long.iter().filter(|t| t.cap).count();
        let last_end = toks[line_end - 1].end;
        let ends_with_period = text
            .get(last_end..)
            .map(|r| r.starts_with('.'))
            .unwrap_or(false);
        if long.len() >= 3 && caps * 10 >= long.len() * 7 && !ends_with_period {
            for t in &mut toks[line_start..line_end] {
                t.initial = true;
            }
        }
        line_start = line_end;
    }
}
