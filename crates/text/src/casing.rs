//! How a document is capitalised: normally, all lower case (lower-cased archives, some
//! social media) or all upper case (wire slugs, all-caps bulletins). Decided once per
//! document from the shapes of its words; everything that reads capitals as a sign of a
//! name or of a sentence start needs to know.

/// The capitalisation of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Casing {
    /// Sentences start with a capital, names are capitalised.
    #[default]
    Normal,
    /// (Almost) no capitals: capitals carry no information.
    Lower,
    /// (Almost) every word in capitals: capitals carry no information.
    Upper,
}

/// Fewest words of two or more letters a text needs before its casing is judged.
const MIN_WORDS: usize = 3;

impl Casing {
    /// The casing of `text`, from its words of two or more letters: `Upper` when at least
    /// 80% of them are all capitals; `Lower` when fewer than 3% hold any capital (normal
    /// prose has at least the capital of each sentence, one word in twenty or more), or when
    /// at least 70% of three or more sentence starts (after a line break or ". ", "? ", "! ")
    /// are lower-case letters (a lower-cased text that kept its acronyms); else `Normal`.
    /// Texts with fewer than three such words are `Normal`.
    pub fn detect(text: &str) -> Casing {
        let (starts, lower_starts) = sentence_starts(text);
        let (words, upper, capital) = word_counts(text);
        if words < MIN_WORDS {
            Casing::Normal
        } else if upper * 10 >= words * 8 {
            Casing::Upper
        } else if capital * 100 < words * 3 || (starts >= 3 && lower_starts * 10 >= starts * 7) {
            Casing::Lower
        } else {
            Casing::Normal
        }
    }

    /// Whether capitals mean what they mean in edited prose.
    pub fn is_normal(self) -> bool {
        self == Casing::Normal
    }
}

/// The words of a text (runs of two or more alphabetic characters with at least one cased
/// letter): how many, how many have no lower-case letter, how many have a capital. One pass,
/// ASCII read directly.
fn word_counts(text: &str) -> (usize, usize, usize) {
    let (mut words, mut upper, mut capital) = (0usize, 0usize, 0usize);
    let (mut letters, mut uppers, mut lowers) = (0usize, 0usize, 0usize);
    let mut end_word = |letters: &mut usize, uppers: &mut usize, lowers: &mut usize| {
        // one letter ("I", "a") or a caseless script: not counted
        if *letters >= 2 && *uppers + *lowers > 0 {
            words += 1;
            upper += usize::from(*lowers == 0);
            capital += usize::from(*uppers > 0);
        }
        (*letters, *uppers, *lowers) = (0, 0, 0);
    };
    for c in text.chars() {
        let (alpha, up, low) = if c.is_ascii() {
            (
                c.is_ascii_alphabetic(),
                c.is_ascii_uppercase(),
                c.is_ascii_lowercase(),
            )
        } else {
            (c.is_alphabetic(), c.is_uppercase(), c.is_lowercase())
        };
        if alpha {
            letters += 1;
            uppers += usize::from(up);
            lowers += usize::from(low);
        } else if letters > 0 {
            end_word(&mut letters, &mut uppers, &mut lowers);
        }
    }
    end_word(&mut letters, &mut uppers, &mut lowers);
    (words, upper, capital)
}

/// The number of sentence starts (the first letter of the text or of a line, or after a
/// ".", "?" or "!" and a space, past opening quotes and brackets) that are cased letters, and
/// how many of them are lower case.
fn sentence_starts(text: &str) -> (usize, usize) {
    let (mut starts, mut lower) = (0usize, 0usize);
    let mut at_start = true;
    let mut after_stop = false;
    for c in text.chars() {
        if at_start {
            if c.is_whitespace() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[') {
                continue;
            }
            if c.is_uppercase() || c.is_lowercase() {
                starts += 1;
                lower += usize::from(c.is_lowercase());
            }
            at_start = false;
        }
        if c == '\n' || (after_stop && c.is_whitespace()) {
            at_start = true;
        }
        after_stop = matches!(c, '.' | '?' | '!')
            || (after_stop && matches!(c, '"' | '”' | '’' | '\'' | ')'));
    }
    (starts, lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_three_casings() {
        let t = "Rebels attacked the town of al-Bab on Monday, the SDF said. Nobody was hurt.";
        assert_eq!(Casing::detect(t), Casing::Normal);
        assert_eq!(Casing::detect(&t.to_ascii_lowercase()), Casing::Lower);
        assert_eq!(Casing::detect(&t.to_ascii_uppercase()), Casing::Upper);
        // An all-caps headline over a normal body is normal.
        let doc = format!("REBELS SEIZE TOWN\n{t} {t}");
        assert_eq!(Casing::detect(&doc), Casing::Normal);
        // Too short to judge; caseless scripts.
        assert_eq!(Casing::detect("ok then"), Casing::Normal);
        assert_eq!(Casing::detect(""), Casing::Normal);
        assert_eq!(Casing::detect("قتل ثلاثة أشخاص في الهجوم"), Casing::Normal);
        // A lower-cased archive that kept its acronyms.
        let kept = "the SDF said on monday that ISIS fighters attacked the prison. the U.S. \
                    military said it would help. rebels left the area. nobody was hurt there.";
        assert_eq!(Casing::detect(kept), Casing::Lower);
        assert_eq!(sentence_starts(kept), (5, 5)); // "U.S. military" counts too
        assert_eq!(sentence_starts("One. \"Two\" three.\n(four) Five"), (3, 1));
        // A lower-case sentence is lower even when short.
        assert_eq!(Casing::detect("rebels attacked the town."), Casing::Lower);
    }

    /// The word counts of `detect` as first written (split at non-alphabetic characters).
    fn word_counts_reference(text: &str) -> (usize, usize, usize) {
        let (mut words, mut upper, mut capital) = (0usize, 0usize, 0usize);
        for w in text.split(|c: char| !c.is_alphabetic()) {
            let (mut letters, mut uppers, mut lowers) = (0usize, 0usize, 0usize);
            for c in w.chars() {
                letters += 1;
                uppers += usize::from(c.is_uppercase());
                lowers += usize::from(c.is_lowercase());
            }
            if letters < 2 || uppers + lowers == 0 {
                continue;
            }
            words += 1;
            upper += usize::from(lowers == 0);
            capital += usize::from(uppers > 0);
        }
        (words, upper, capital)
    }

    #[test]
    fn one_pass_word_counts_match_the_split() {
        let samples = [
            "",
            "a",
            "I am OK. the U.S. ARMY said; Ünïcode ÉTÉ été ǅ ß straße",
            "REBELS SEIZE TOWN\nRebels attacked al-Bab on Monday. nobody was hurt",
            "قتل ثلاثة أشخاص في الهجوم ABC abc Abc",
            "x1y2 ab12CD ٣٤ ΑΘΗΝΑ αθήνα Αθήνα 東京 Tokyo",
        ];
        for t in samples {
            assert_eq!(word_counts(t), word_counts_reference(t), "{t:?}");
        }
    }
}
