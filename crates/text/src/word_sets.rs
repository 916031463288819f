//! The one parser of sitrep's word-list files: `set<TAB>word[<TAB>value...]` lines, `#`
//! comments and blank lines skipped. Each crate's loader (sitrep-text's `TextWords`, the
//! gazetteer's `MentionWords`, the coder's `Words`) is a thin typed wrapper: it names its sets
//! and stores each entry the parser hands it in the field of its set.
//!
//! An unknown set, a line without a word, a value the loader rejects and a set left empty are
//! errors naming the file and (but for an empty set) the line.

/// A problem in a word-list file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WordListError {
    /// The line is not `set<TAB>word`.
    #[error("{file} line {line}: want set<TAB>word: {text:?}")]
    Malformed {
        file: &'static str,
        line: usize,
        text: String,
    },
    /// The set of the line is none of the loader's sets.
    #[error("{file} line {line}: unknown set {set:?}")]
    UnknownSet {
        file: &'static str,
        line: usize,
        set: String,
    },
    /// The loader rejected the word or its value.
    #[error("{file} line {line}: {message}: {text:?}")]
    Invalid {
        file: &'static str,
        line: usize,
        message: String,
        text: String,
    },
    /// A set of the loader has no entry in the file.
    #[error("{file}: set {set:?} is empty")]
    EmptySet { file: &'static str, set: String },
}

impl WordListError {
    /// The 1-based line of the problem (None for an empty set).
    pub fn line(&self) -> Option<usize> {
        match self {
            WordListError::Malformed { line, .. }
            | WordListError::UnknownSet { line, .. }
            | WordListError::Invalid { line, .. } => Some(*line),
            WordListError::EmptySet { .. } => None,
        }
    }
}

/// One entry of a word-list file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordEntry<'a> {
    /// Index of the entry's set in the loader's set names.
    pub set: usize,
    /// The set's name (as written in the file and in the loader's set names).
    pub name: &'a str,
    /// The word (or phrase), without surrounding whitespace; never empty.
    pub word: &'a str,
    /// What follows the word's tab, if anything: the loader's value fields.
    pub value: Option<&'a str>,
}

/// Parses the word-list `src` (named `file` in errors) whose sets are `sets`, handing every
/// entry, in file order, to `add`; an error message from `add` becomes
/// [`WordListError::Invalid`] for that line. Lines are trimmed at the end (so "\r\n" endings
/// and trailing blanks are accepted); a line whose first non-blank character is `#` is a
/// comment. After the last line, the first of `sets` without an entry is an error.
pub fn parse_word_sets<'a>(
    file: &'static str,
    src: &'a str,
    sets: &[&str],
    mut add: impl FnMut(WordEntry<'a>) -> Result<(), String>,
) -> Result<(), WordListError> {
    let mut filled = vec![false; sets.len()];
    for (i, raw) in src.lines().enumerate() {
        let (line, text) = (i + 1, raw.trim_end());
        let content = text.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let malformed = || WordListError::Malformed {
            file,
            line,
            text: text.to_string(),
        };
        let (set_name, rest) = text.split_once('\t').ok_or_else(malformed)?;
        let (word, value) = match rest.split_once('\t') {
            Some((word, value)) => (word.trim(), Some(value)),
            None => (rest.trim(), None),
        };
        if word.is_empty() {
            return Err(malformed());
        }
        let set =
            sets.iter()
                .position(|s| *s == set_name)
                .ok_or_else(|| WordListError::UnknownSet {
                    file,
                    line,
                    set: set_name.to_string(),
                })?;
        add(WordEntry {
            set,
            name: set_name,
            word,
            value,
        })
        .map_err(|message| WordListError::Invalid {
            file,
            line,
            message,
            text: text.to_string(),
        })?;
        if let Some(f) = filled.get_mut(set) {
            *f = true;
        }
    }
    match sets.iter().zip(&filled).find(|(_, f)| !**f) {
        Some((set, _)) => Err(WordListError::EmptySet {
            file,
            set: set.to_string(),
        }),
        None => Ok(()),
    }
}

/// [`parse_word_sets`] for files of plain word lists: each set is named with the list its
/// words go to, in file order; a value after a word is an error.
pub fn parse_word_lists<'a>(
    file: &'static str,
    src: &'a str,
    lists: &mut [(&str, &mut Vec<&'a str>)],
) -> Result<(), WordListError> {
    let names: Vec<&str> = lists.iter().map(|(name, _)| *name).collect();
    parse_word_sets(file, src, &names, |e| {
        if e.value.is_some() {
            return Err("want set<TAB>word, no value".into());
        }
        if let Some((_, list)) = lists.get_mut(e.set) {
            list.push(e.word);
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SETS: &[&str] = &["a", "b"];

    /// (set, word, value) of each entry.
    type Entries<'a> = Vec<(usize, &'a str, Option<&'a str>)>;

    fn collect(src: &str) -> Result<Entries<'_>, WordListError> {
        let mut out = Vec::new();
        parse_word_sets("test.tsv", src, SETS, |e| {
            out.push((e.set, e.word, e.value));
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn entries_in_file_order_with_comments_blank_lines_and_values() {
        let src =
            "# header\n\na\tone\r\n  # indented comment\nb\ttwo words\t1,2\nb\tthree \na\tx\t\n";
        assert_eq!(
            collect(src).unwrap(),
            vec![
                (0, "one", None),
                (1, "two words", Some("1,2")),
                (1, "three", None),
                (0, "x", None),
            ]
        );
    }

    #[test]
    fn errors_name_file_line_and_problem() {
        let e = collect("a\tone\nb two\n").unwrap_err();
        assert_eq!(e.line(), Some(2));
        assert_eq!(
            e.to_string(),
            "test.tsv line 2: want set<TAB>word: \"b two\""
        );
        let e = collect("a\tone\nb\t \n").unwrap_err();
        assert!(matches!(e, WordListError::Malformed { line: 2, .. }), "{e}");
        let e = collect("a\tone\nc\tx\n").unwrap_err();
        assert_eq!(e.to_string(), "test.tsv line 2: unknown set \"c\"");
        let e = collect("a\tone\n").unwrap_err();
        assert_eq!(e.to_string(), "test.tsv: set \"b\" is empty");
        assert_eq!(e.line(), None);
        let e = parse_word_sets("test.tsv", "a\tx\nb\ty\n", SETS, |e| {
            if e.word == "y" {
                Err("not allowed".into())
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert_eq!(e.to_string(), "test.tsv line 2: not allowed: \"b\\ty\"");
    }

    #[test]
    fn word_lists_fill_their_vectors() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let src = "b\tx\na\ty\nb\tz\n";
        parse_word_lists("t.tsv", src, &mut [("a", &mut a), ("b", &mut b)]).unwrap();
        assert_eq!((a, b), (vec!["y"], vec!["x", "z"]));
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let e = parse_word_lists(
            "t.tsv",
            "a\tx\t1\nb\ty\n",
            &mut [("a", &mut a), ("b", &mut b)],
        )
        .unwrap_err();
        assert!(matches!(e, WordListError::Invalid { line: 1, .. }), "{e}");
    }

    proptest! {
        #[test]
        fn never_panics(src in "(\\PC|\t|\r|\n|#|a|b){0,80}") {
            let _ = collect(&src);
        }

        #[test]
        fn well_formed_files_read_back(words in proptest::collection::vec(("[ab]", "[a-z]{1,8}( [a-z]{1,8})?"), 0..20)) {
            let src: String = words.iter().map(|(s, w)| format!("{s}\t{w}\n")).collect();
            match collect(&src) {
                Ok(got) => {
                    let want: Vec<_> = words
                        .iter()
                        .map(|(s, w)| (usize::from(s == "b"), w.as_str(), None))
                        .collect();
                    prop_assert_eq!(got, want);
                }
                Err(WordListError::EmptySet { .. }) => {
                    prop_assert!(!words.iter().any(|(s, _)| s == "a") || !words.iter().any(|(s, _)| s == "b"));
                }
                Err(e) => prop_assert!(false, "{}", e),
            }
        }
    }
}
