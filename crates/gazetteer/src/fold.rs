//! Name keys of the gazetteer: the folded name ([`fold`], `sitrep_text::fold::fold_name`),
//! articles, and the looser phonetic skeleton key.

pub use sitrep_text::fold::{fold_name as fold, fold_name_into as fold_into};

/// Arabic (and a few other) article / connector tokens treated as optional.
pub const ARTICLES: &[&str] = &[
    "al", "el", "ash", "as", "ad", "ar", "an", "at", "az", "adh", "ath", "ul", "ez", "es", "ed",
    "er", "et", "en", "aş", "ai",
];

pub fn is_article(tok: &str) -> bool {
    // the words of ARTICLES, as a match (this runs for every token of every name)
    matches!(
        tok,
        "al" | "el"
            | "ash"
            | "as"
            | "ad"
            | "ar"
            | "an"
            | "at"
            | "az"
            | "adh"
            | "ath"
            | "ul"
            | "ez"
            | "es"
            | "ed"
            | "er"
            | "et"
            | "en"
            | "aş"
            | "ai"
    )
}

/// The folded key without a leading article ("al hasakah" -> "hasakah"); `None` if there is none.
pub fn strip_article(folded: &str) -> Option<&str> {
    let (first, rest) = folded.split_once(' ')?;
    if is_article(first) && !rest.is_empty() {
        Some(rest)
    } else {
        None
    }
}

/// Phonetic skeleton of a folded name: articles dropped everywhere; per token the first letter is
/// kept, later vowels and w/y are dropped, a final h is dropped, q/c become k, doubled letters
/// collapse. "Deir ez-Zor" and "Dayr az Zawr" both give "dr zr"; "Shaddadi" and "Ash Shaddadah"
/// give "shd".
pub fn skeleton(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    skeleton_into(folded, &mut out);
    out
}

/// [`skeleton`] written into `out` (cleared first).
pub fn skeleton_into(folded: &str, out: &mut String) {
    out.clear();
    for tok in split_ascii(folded, b' ') {
        if tok.is_empty() || is_article(tok) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        let tok_start = out.len();
        let mut last: Option<char> = None;
        for (i, c) in tok.chars().enumerate() {
            let c = match c {
                'q' | 'c' => 'k',
                other => other,
            };
            if i > 0 && matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'w' | 'y') {
                continue;
            }
            if last == Some(c) {
                continue;
            }
            out.push(c);
            last = Some(c);
        }
        // a final h is dropped ("shaddadah" ~ "shaddadi"), then doubles collapse again
        if out.len() > tok_start + 1 && out.ends_with('h') {
            out.pop();
            let mut it = out[tok_start..].chars().rev();
            if let (Some(a), Some(b)) = (it.next(), it.next()) {
                if a == b {
                    out.pop();
                }
            }
        }
    }
}

/// `s.split(sep)` for an ASCII separator, by a plain byte scan: the same pieces, cheaper for
/// the short fields and names of the gazetteer (loading it splits millions of them).
pub(crate) fn split_ascii(s: &str, sep: u8) -> SplitAscii<'_> {
    debug_assert!(sep.is_ascii());
    SplitAscii {
        s,
        pos: 0,
        done: false,
        sep,
    }
}

/// Iterator of [`split_ascii`].
pub(crate) struct SplitAscii<'a> {
    s: &'a str,
    pos: usize,
    done: bool,
    sep: u8,
}

impl<'a> Iterator for SplitAscii<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        if self.done {
            return None;
        }
        let rest = self.s.as_bytes().get(self.pos..).unwrap_or(&[]);
        // an ASCII byte never occurs inside a multi-byte character: the pieces are `str`s
        match rest.iter().position(|&b| b == self.sep) {
            Some(k) => {
                let piece = self.s.get(self.pos..self.pos + k).unwrap_or("");
                self.pos += k + 1;
                Some(piece)
            }
            None => {
                self.done = true;
                Some(self.s.get(self.pos..).unwrap_or(""))
            }
        }
    }
}

/// Number of non-space characters in a skeleton.
pub fn skeleton_weight(sk: &str) -> usize {
    sk.chars().filter(|c| *c != ' ').count()
}

/// 64-bit FNV-1a with a final avalanche, used as the hash-map key for folded names.
pub fn key_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // splitmix64 finaliser
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_article_is_articles() {
        for a in ARTICLES {
            assert!(is_article(a), "{a}");
        }
        for w in ["", "a", "the", "all", "ala", "alx", "e"] {
            assert!(!is_article(w), "{w}");
        }
    }

    #[test]
    fn split_ascii_is_str_split() {
        for s in [
            "",
            "a",
            "\t",
            "a\tb",
            "\ta\t\tb\t",
            "Ḩalab\tحلب|Alep||Aleppo",
            "é|",
            "|é",
        ] {
            for sep in [b'\t', b'|', b' '] {
                let want: Vec<&str> = s.split(sep as char).collect();
                let got: Vec<&str> = split_ascii(s, sep).collect();
                assert_eq!(got, want, "{s:?} {sep}");
            }
        }
    }

    #[test]
    fn strips_leading_article() {
        assert_eq!(strip_article("al hasakah"), Some("hasakah"));
        assert_eq!(strip_article("hasakah"), None);
        assert_eq!(strip_article("al"), None);
    }

    #[test]
    fn skeleton_joins_transliterations() {
        assert_eq!(skeleton("deir ez zor"), skeleton("dayr az zawr"));
        assert_eq!(skeleton("shaddadi"), skeleton("ash shaddadah"));
        assert_eq!(skeleton("hol"), skeleton("al hawl"));
        assert_eq!(skeleton("raqqa"), skeleton("ar raqqah"));
        assert_eq!(skeleton("hasaka"), skeleton("al hasakah"));
        assert_ne!(skeleton("homs"), skeleton("hama"));
    }
}
