//! A small CoNLL-U reader (basic dependencies only), for training and evaluation tools.
//! It parses text it is given; it does not open files.

use crate::types::{Rel, Upos, Xpos};

/// One syntactic word of a treebank sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeWord {
    pub form: String,
    pub lemma: String,
    pub upos: Upos,
    pub xpos: Xpos,
    /// 0-based index of the head, `None` for the root.
    pub head: Option<usize>,
    pub rel: Rel,
    /// No space follows this word in the original text (`SpaceAfter=No` on it or on its
    /// multiword token).
    pub no_space_after: bool,
}

/// A multiword token (e.g. "don't" = "do" + "n't"): first and last word index (0-based,
/// inclusive) and its surface form.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiWord {
    pub first: usize,
    pub last: usize,
    pub form: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TreeSentence {
    pub id: String,
    pub text: String,
    pub words: Vec<TreeWord>,
    pub multiwords: Vec<MultiWord>,
}

/// Error in a CoNLL-U file: line number (1-based) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("CoNLL-U line {line}: {reason}")]
pub struct ConlluError {
    pub line: usize,
    pub reason: String,
}

/// Parses a whole CoNLL-U document. Empty nodes (`8.1`) are skipped; unknown tags and
/// relations become `X`/`XX`/`dep`.
pub fn parse(text: &str) -> Result<Vec<TreeSentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = TreeSentence::default();
    for (n, line) in text.lines().enumerate() {
        let lineno = n + 1;
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            } else {
                cur = TreeSentence::default();
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if let Some(t) = c.strip_prefix("text = ") {
                cur.text = t.to_string();
            } else if let Some(t) = c.strip_prefix("sent_id = ") {
                cur.id = t.to_string();
            }
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 10 {
            return Err(ConlluError {
                line: lineno,
                reason: format!("{} fields instead of 10", f.len()),
            });
        }
        let err = |reason: &str| ConlluError {
            line: lineno,
            reason: reason.to_string(),
        };
        let no_space = f[9].split('|').any(|m| m == "SpaceAfter=No");
        if f[0].contains('.') {
            continue;
        }
        if let Some((a, b)) = f[0].split_once('-') {
            let a: usize = a.parse().map_err(|_| err("bad range id"))?;
            let b: usize = b.parse().map_err(|_| err("bad range id"))?;
            if a == 0 || b < a {
                return Err(err("bad range id"));
            }
            cur.multiwords.push(MultiWord {
                first: a - 1,
                last: b - 1,
                form: f[1].to_string(),
            });
            if no_space {
                // recorded on the last word when it arrives
                cur.multiwords
                    .last_mut()
                    .expect("just pushed")
                    .form
                    .push('\u{0}');
            }
            continue;
        }
        let id: usize = f[0].parse().map_err(|_| err("bad id"))?;
        if id != cur.words.len() + 1 {
            return Err(err("ids out of order"));
        }
        let head: usize = f[6].parse().map_err(|_| err("bad head"))?;
        let mut no_space_after = no_space;
        if let Some(m) = cur.multiwords.last_mut() {
            if m.last == id - 1 && m.form.ends_with('\u{0}') {
                m.form.pop();
                no_space_after = true;
            } else if m.first < id && id - 1 < m.last {
                no_space_after = true;
            }
        }
        cur.words.push(TreeWord {
            form: f[1].to_string(),
            lemma: f[2].to_string(),
            upos: Upos::parse(f[3]).unwrap_or(Upos::X),
            xpos: Xpos::parse(f[4]).unwrap_or(Xpos::Xx),
            head: if head == 0 { None } else { Some(head - 1) },
            rel: Rel::parse(f[7]).unwrap_or(Rel::Dep),
            no_space_after,
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    for s in &out {
        if s.words
            .iter()
            .any(|w| w.head.is_some_and(|h| h >= s.words.len()))
        {
            return Err(ConlluError {
                line: 0,
                reason: format!("sentence {}: head out of range", s.id),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_multiword_tokens() {
        let t = "# sent_id = a\n# text = I don't.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n\
                 2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
                 2\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\t_\n\
                 4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
        let s = parse(t).unwrap();
        assert_eq!(s.len(), 1);
        let s = &s[0];
        assert_eq!(s.text, "I don't.");
        assert_eq!(s.words.len(), 4);
        assert_eq!(s.words[1].head, None);
        assert_eq!(s.words[0].head, Some(2));
        assert!(s.words[1].no_space_after && s.words[2].no_space_after);
        assert!(!s.words[0].no_space_after);
        assert_eq!(s.multiwords[0].form, "don't");
    }
}
