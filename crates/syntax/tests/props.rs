//! Properties on arbitrary input: the tokenizer and the analyser never panic, spans slice the
//! text on character boundaries, and every parse is a single-rooted tree.

use proptest::prelude::*;
use sitrep_syntax::{Analyzer, Span};

fn analyzer() -> &'static Analyzer {
    Analyzer::shared().expect("embedded model")
}

fn check_spans(text: &str, spans: &[Span]) {
    let mut last_end = 0;
    for s in spans {
        assert!(s.start < s.end, "empty span {s:?} in {text:?}");
        assert!(
            s.start >= last_end,
            "overlapping or unordered span {s:?} in {text:?}"
        );
        let t = s
            .slice(text)
            .unwrap_or_else(|| panic!("span {s:?} does not slice {text:?}"));
        assert!(
            !t.chars().any(char::is_whitespace),
            "white space in token {t:?}"
        );
        last_end = s.end;
    }
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ a-zA-Z0-9.,;:!?'’\"“”()\\-/$%@é]{0,80}",
        proptest::collection::vec(
            prop_oneof![
                Just("don't"),
                Just("U.S."),
                Just("Gen."),
                Just("1,200"),
                Just("al-Qaeda"),
                Just("’s"),
                Just("n't"),
                Just("'"),
                Just("..."),
                Just("--"),
                Just("http://x.org/a."),
                Just("said"),
                Just("the"),
                Just("were"),
                Just("killed"),
                Just("by"),
                Just("."),
                Just(","),
                Just("\""),
                Just("("),
                Just(")"),
                Just("Rebels"),
                Just("ATTACKED"),
            ],
            0..40
        )
        .prop_map(|v| v.join(" ")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn tokenizer_spans_are_valid(text in text_strategy()) {
        let spans = analyzer().tokenize(&text);
        check_spans(&text, &spans);
        // every non-space character is covered
        let covered: usize = spans.iter().map(|s| s.len()).sum();
        let nonspace: usize = text.chars().filter(|c| !c.is_whitespace()).map(char::len_utf8).sum();
        prop_assert_eq!(covered, nonspace);
    }

    #[test]
    fn analyse_gives_single_rooted_trees(text in text_strategy()) {
        let a = analyzer();
        let spans = a.tokenize(&text);
        let p = a.analyse(&text, &spans);
        prop_assert_eq!(p.words.len(), spans.len());
        prop_assert!(p.is_well_formed());
        for (w, s) in p.words.iter().zip(&spans) {
            prop_assert_eq!(w.span, *s);
            prop_assert!(!w.lemma.is_empty() || w.form.is_empty());
        }
        for i in 0..p.words.len() {
            let c = p.clause(p.predicate(i).unwrap());
            if let Some(s) = c.subject { prop_assert!(s < p.words.len()); }
            prop_assert!(p.subtree_span(i).is_some());
        }
    }

    #[test]
    fn analyse_tolerates_bad_spans(text in "[a-z ]{0,20}", spans in proptest::collection::vec((0usize..40, 0usize..40), 0..8)) {
        let spans: Vec<Span> = spans.into_iter().map(|(a, b)| Span::new(a, b)).collect();
        let p = analyzer().analyse(&text, &spans);
        prop_assert!(p.is_well_formed());
    }
}

#[test]
fn long_input_is_parsed_in_pieces() {
    let a = analyzer();
    let text = "Rebels attacked the town and troops fired back . ".repeat(100);
    let spans = a.tokenize(&text);
    assert!(spans.len() > sitrep_syntax::MAX_PARSE_LEN);
    let p = a.analyse(&text, &spans);
    assert!(p.is_well_formed());
}

/// Regression: a lone capital letter between punctuation was read as a plural noun and the
/// plural rule stripped its only letter, leaving an empty lemma (found by the property above).
#[test]
fn lone_letter_read_as_plural_keeps_a_lemma() {
    let a = analyzer();
    for text in [")!S)B", "S", "the S and the B"] {
        let p = a.analyse(text, &a.tokenize(text));
        for w in &p.words {
            assert!(
                !w.lemma.is_empty(),
                "{text:?}: {:?} has an empty lemma",
                w.form
            );
        }
    }
}
