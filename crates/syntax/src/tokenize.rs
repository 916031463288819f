//! Tokenizer following the conventions of UD English EWT: clitics split off ("do" + "n't",
//! "John" + "'s", also with ’), punctuation, quotes and brackets as tokens, hyphenated words
//! split at the hyphen (except after common prefixes such as "pre-", "non-", "anti-", and in
//! numbers such as phone numbers and ISO dates), abbreviations ("U.S.", "Gen.", "Jan."),
//! numbers ("1,200", "3.5", "5:30"), URLs and e-mail addresses kept whole.
//!
//! Spans are byte ranges into the input; they never split a UTF-8 character and never cover
//! white space.

use sitrep_model::Span;

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "cpt", "maj",
    "cpl", "pvt", "adm", "cmdr", "gov", "sen", "rep", "reps", "rev", "prof", "pres", "inc", "ltd",
    "co", "corp", "bros", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "vs",
    "etc", "no", "nos", "ft", "mt", "fig", "approx", "dept", "univ", "ave", "blvd", "est", "al",
    "cf", "vol", "pp", "ca", "mln", "bln", "gov't", "atty", "supt", "msgr", "messrs",
];

/// Prefixes that EWT keeps attached with their hyphen ("pre-war", "anti-ship").
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "pre", "non", "co", "re", "post", "multi", "mid", "ex", "semi", "pro", "anti", "inter",
    "intra", "sub", "super", "ultra", "micro", "mini", "neo", "pan", "trans", "counter", "vice",
];

const CLITICS: &[&str] = &["s", "re", "ll", "ve", "d", "m"];

fn is_apos(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_open(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '<' | '"' | '“' | '‘' | '«' | '`' | '„' | '¿' | '¡'
    )
}

fn is_close(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '>'
            | '"'
            | '”'
            | '’'
            | '\''
            | '»'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '…'
            | '.'
    )
}

/// Punctuation split off wherever it occurs inside a word.
fn is_always_split(c: char) -> bool {
    matches!(
        c,
        '(' | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '“'
            | '”'
            | '«'
            | '»'
            | '!'
            | '?'
            | ';'
            | '…'
            | '—'
            | '–'
    )
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₹')
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Span> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                chunk(text, s, i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        chunk(text, s, text.len(), &mut out);
    }
    out
}

fn lower_eq(s: &str, lit: &str) -> bool {
    s.eq_ignore_ascii_case(lit)
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

fn is_url(s: &str) -> bool {
    let l = s.len();
    let starts =
        |p: &str| l >= p.len() && s.is_char_boundary(p.len()) && lower_eq(&s[..p.len()], p);
    if starts("http://") || starts("https://") || starts("www.") || starts("ftp://") {
        return l > 7;
    }
    // e-mail: x@y.z
    if let Some(at) = s.find('@') {
        let (a, b) = (&s[..at], &s[at + 1..]);
        return !a.is_empty()
            && b.contains('.')
            && !b.starts_with('.')
            && a.chars().all(|c| c.is_alphanumeric() || "._-+".contains(c))
            && b.chars().all(|c| c.is_alphanumeric() || ".-".contains(c));
    }
    false
}

/// Whether the word before a final period makes an abbreviation with it.
fn is_abbreviation(word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    // U.S. / e.g. / a.m. / W. : letters separated by periods
    let mut letters = 0;
    let mut ok = true;
    let mut prev_dot = true;
    for c in word.chars() {
        if c == '.' {
            if prev_dot {
                ok = false;
                break;
            }
            prev_dot = true;
        } else if c.is_alphabetic() {
            if !prev_dot {
                ok = false;
                break;
            }
            letters += 1;
            prev_dot = false;
        } else {
            ok = false;
            break;
        }
    }
    if ok && letters >= 1 && !prev_dot {
        return true;
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// Splits one white-space-free chunk `text[s..e]`.
fn chunk(text: &str, mut s: usize, mut e: usize, out: &mut Vec<Span>) {
    let w = &text[s..e];
    // a chunk that is a clitic by itself ("do n't", "'s")
    if is_clitic_word(w) {
        out.push(Span::new(s, e));
        return;
    }
    // leading punctuation
    let mut lead = Vec::new();
    while s < e {
        let w = &text[s..e];
        let Some(c) = first_char(w) else { break };
        let peel = is_open(c)
            || (is_apos(c) && w.len() > c.len_utf8() && !is_clitic_word(w))
            || (is_currency(c) && w.len() > c.len_utf8())
            || (c == '#' && w.len() > 1 && w[1..].starts_with(|d: char| d.is_ascii_digit()))
            || ((c == '-' || c == '*' || c == '/') && w.len() > 1 && !w[1..].starts_with('-'));
        if !peel {
            break;
        }
        lead.push(Span::new(s, s + c.len_utf8()));
        s += c.len_utf8();
    }
    // trailing punctuation
    let mut trail = Vec::new();
    while s < e {
        let w = &text[s..e];
        if is_url(w) && !w.ends_with(['.', ',', ';', ':', '!', '?', ')', '"', '\'', '’', '”']) {
            break;
        }
        let Some(c) = last_char(w) else { break };
        let n = c.len_utf8();
        if c == '.' {
            // ellipsis "..." / "...." as one token
            let dots = w.chars().rev().take_while(|&d| d == '.').count();
            if dots >= 2 {
                if dots == w.len() {
                    break;
                }
                trail.push(Span::new(e - dots, e));
                e -= dots;
                continue;
            }
            let before = &w[..w.len() - 1];
            if is_abbreviation(before) || before.is_empty() {
                break;
            }
            // numbers like "3." (list items) keep their period as EWT does not; split
            trail.push(Span::new(e - 1, e));
            e -= 1;
            continue;
        }
        if c == '%' && w.len() > 1 {
            trail.push(Span::new(e - n, e));
            e -= n;
            continue;
        }
        if !is_close(c) || w.len() == n {
            break;
        }
        if is_apos(c) {
            // a clitic ending ("rock 'n'") or a possessive plural "soldiers'"
            if is_clitic_word(w) {
                break;
            }
        }
        trail.push(Span::new(e - n, e));
        e -= n;
    }
    out.extend(lead);
    if s < e {
        core(text, s, e, out);
    }
    out.extend(trail.into_iter().rev());
}

fn is_clitic_word(w: &str) -> bool {
    let Some(c) = first_char(w) else {
        return false;
    };
    if is_apos(c) {
        let rest = &w[c.len_utf8()..];
        return CLITICS.iter().any(|k| lower_eq(rest, k));
    }
    // n't / n’t
    let mut it = w.chars();
    matches!(
        (it.next(), it.next(), it.next(), it.next()),
        (Some('n' | 'N'), Some(a), Some('t' | 'T'), None) if is_apos(a)
    )
}

/// Byte offset where a final clitic starts ("don't" -> 2, "John's" -> 4), if any.
fn clitic_start(w: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = w.char_indices().collect();
    let n = chars.len();
    // n't
    if n >= 4 {
        let (i, c) = chars[n - 3];
        if (c == 'n' || c == 'N')
            && is_apos(chars[n - 2].1)
            && matches!(chars[n - 1].1, 't' | 'T')
            && chars[..n - 3].iter().any(|(_, c)| c.is_alphabetic())
        {
            return Some(i);
        }
    }
    for k in CLITICS {
        let kl = k.len() + 1;
        if n > kl {
            let (i, a) = chars[n - kl];
            if is_apos(a) {
                let rest = &w[i + a.len_utf8()..];
                if lower_eq(rest, k) && chars[..n - kl].iter().any(|(_, c)| c.is_alphanumeric()) {
                    return Some(i);
                }
            }
        }
    }
    None
}

fn keep_hyphenated(w: &str) -> bool {
    let Some(h) = w.find('-') else {
        return true;
    };
    let first = &w[..h];
    if HYPHEN_PREFIXES.iter().any(|p| lower_eq(first, p)) && w.len() > h + 1 {
        return !w[h + 1..].starts_with('-');
    }
    // numbers: phone numbers, ISO dates, codes of digits and hyphens with 2+ hyphens
    let digits_and_hyphens = w.chars().all(|c| c.is_ascii_digit() || c == '-');
    let hyphens = w.matches('-').count();
    if digits_and_hyphens && hyphens >= 2 && !w.contains("--") && !w.ends_with('-') {
        return true;
    }
    false
}

/// Splits the core of a chunk (no leading or trailing punctuation).
fn core(text: &str, s: usize, e: usize, out: &mut Vec<Span>) {
    let w = &text[s..e];
    if is_url(w) {
        out.push(Span::new(s, e));
        return;
    }
    for (word, at) in [("cannot", 3), ("gonna", 3), ("wanna", 3), ("gotta", 3)] {
        if lower_eq(w, word) {
            out.push(Span::new(s, s + at));
            out.push(Span::new(s + at, e));
            return;
        }
    }
    if let Some(k) = clitic_start(w) {
        core(text, s, s + k, out);
        out.push(Span::new(s + k, e));
        return;
    }
    let keep_hyphen = keep_hyphenated(w);
    let chars: Vec<(usize, char)> = w.char_indices().collect();
    let mut tok_start = 0usize; // byte offset in w
    let mut i = 0;
    let push = |out: &mut Vec<Span>, a: usize, b: usize| {
        if a < b {
            out.push(Span::new(s + a, s + b));
        }
    };
    while i < chars.len() {
        let (pos, c) = chars[i];
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        let next = chars.get(i + 1).map(|x| x.1);
        let digit_both =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        let split_here = if c == '-' {
            !keep_hyphen
        } else if c == '/' || c == ',' || c == ':' {
            !digit_both && i > 0 && i + 1 < chars.len()
        } else if c == '.' {
            // "word...word"
            next == Some('.')
        } else {
            is_always_split(c)
        };
        if split_here {
            push(out, tok_start, pos);
            // a run of the same punctuation is one token ("--", "...")
            let mut j = i + 1;
            while j < chars.len() && chars[j].1 == c {
                j += 1;
            }
            let end = chars.get(j).map_or(w.len(), |x| x.0);
            push(out, pos, end);
            tok_start = end;
            i = j;
            continue;
        }
        i += 1;
    }
    push(out, tok_start, w.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(t: &str) -> Vec<&str> {
        tokenize(t).iter().map(|s| &t[s.start..s.end]).collect()
    }

    #[test]
    fn clitics() {
        assert_eq!(toks("I don't know"), ["I", "do", "n't", "know"]);
        assert_eq!(
            toks("They can't, won't."),
            ["They", "ca", "n't", ",", "wo", "n't", "."]
        );
        assert_eq!(toks("Hamas's leader"), ["Hamas", "'s", "leader"]);
        assert_eq!(
            toks("we’re here, I’m sure it’s"),
            ["we", "’re", "here", ",", "I", "’m", "sure", "it", "’s"]
        );
        assert_eq!(
            toks("they'll we've he'd"),
            ["they", "'ll", "we", "'ve", "he", "'d"]
        );
        assert_eq!(toks("DIDN'T"), ["DID", "N'T"]);
        assert_eq!(toks("soldiers' families"), ["soldiers", "'", "families"]);
        assert_eq!(toks("I cannot"), ["I", "can", "not"]);
        assert_eq!(toks("gonna"), ["gon", "na"]);
        assert_eq!(toks("do n't"), ["do", "n't"]);
    }

    #[test]
    fn punctuation_quotes_brackets() {
        assert_eq!(
            toks("\"We will fight,\" he said (in Kyiv)."),
            ["\"", "We", "will", "fight", ",", "\"", "he", "said", "(", "in", "Kyiv", ")", "."]
        );
        assert_eq!(toks("“Yes” ‘no’"), ["“", "Yes", "”", "‘", "no", "’"]);
        assert_eq!(toks("Really?!"), ["Really", "?", "!"]);
        assert_eq!(toks("wait..."), ["wait", "..."]);
        assert_eq!(toks("a--b"), ["a", "--", "b"]);
        assert_eq!(toks("$5 and 20%"), ["$", "5", "and", "20", "%"]);
    }

    #[test]
    fn abbreviations_and_numbers() {
        assert_eq!(toks("the U.S. army"), ["the", "U.S.", "army"]);
        assert_eq!(toks("in the U.S."), ["in", "the", "U.S."]);
        assert_eq!(
            toks("Gen. Smith on Jan. 5"),
            ["Gen.", "Smith", "on", "Jan.", "5"]
        );
        assert_eq!(
            toks("Mr. Obama, e.g. here"),
            ["Mr.", "Obama", ",", "e.g.", "here"]
        );
        assert_eq!(
            toks("1,200 people, 3.5 km"),
            ["1,200", "people", ",", "3.5", "km"]
        );
        assert_eq!(
            toks("on 2025-03-14 at 5:30"),
            ["on", "2025-03-14", "at", "5:30"]
        );
        assert_eq!(toks("call 713-853-3989."), ["call", "713-853-3989", "."]);
        assert_eq!(toks("11/28/2000"), ["11/28/2000"]);
        assert_eq!(toks("They left."), ["They", "left", "."]);
    }

    #[test]
    fn hyphens_urls() {
        assert_eq!(toks("al-Qaeda"), ["al", "-", "Qaeda"]);
        assert_eq!(
            toks("a 12-year-old boy"),
            ["a", "12", "-", "year", "-", "old", "boy"]
        );
        assert_eq!(
            toks("pre-war anti-ship e-mail"),
            ["pre-war", "anti-ship", "e-mail"]
        );
        assert_eq!(
            toks("See https://www.voanews.com/a/x.html."),
            ["See", "https://www.voanews.com/a/x.html", "."]
        );
        assert_eq!(
            toks("mail me at a.b@c.org"),
            ["mail", "me", "at", "a.b@c.org"]
        );
        assert_eq!(toks("and/or"), ["and", "/", "or"]);
    }

    #[test]
    fn utf8_and_odd_input() {
        assert!(toks("").is_empty());
        assert!(toks("   \n\t ").is_empty());
        assert_eq!(toks("Zelenskyy’s"), ["Zelenskyy", "’s"]);
        assert_eq!(toks("é-à"), ["é", "-", "à"]);
        assert_eq!(toks("'"), ["'"]);
        assert_eq!(toks("''"), ["'", "'"]);
        assert_eq!(toks("—"), ["—"]);
    }
}
