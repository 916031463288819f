//! Properties of the coder on arbitrary input: it never panics, every evidence span is a valid
//! range of the text on character boundaries whose text is the evidence text, and the output
//! is deterministic.

use proptest::prelude::*;
use sitrep_coder::Coder;
use sitrep_model::Document;

fn check(text: &str) -> Result<(), TestCaseError> {
    let doc = Document {
        published: chrono::NaiveDate::from_ymd_opt(2026, 1, 21),
        ..Document::new("p", text)
    };
    let coder = Coder::embedded();
    let events = coder.code(&doc);
    for e in &events {
        let slice = text.get(e.evidence.start..e.evidence.end);
        prop_assert!(
            slice.is_some(),
            "evidence {}..{} not in text",
            e.evidence.start,
            e.evidence.end
        );
        prop_assert_eq!(slice.unwrap_or_default(), e.evidence.text.as_str());
        prop_assert!((0.0..=1.0).contains(&e.confidence));
        for q in &e.quantities {
            if let (Some(lo), Some(hi)) = (q.min, q.max) {
                prop_assert!(lo <= hi);
            }
        }
    }
    prop_assert_eq!(events, coder.code(&doc));
    Ok(())
}

const WORDS: &[&str] = &[
    "troops",
    "killed",
    "the",
    "rebels",
    "in",
    "Syria",
    "on",
    "Tuesday",
    ",",
    ".",
    "said",
    "police",
    "arrested",
    "12",
    "dozens",
    "of",
    "protesters",
    "al-Shaddadi",
    "prison",
    "escaped",
    "according",
    "to",
    "ministry",
    "not",
    "will",
    "withdraw",
    "from",
    "camp",
    "\"",
    "Iraq's",
    "airstrike",
    "drone",
    "ceasefire",
    "é",
    "مرحبا",
    "😀",
    "\n",
    "\n\n",
    "U.S.",
    "Gen.",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        check(&text)?;
    }

    #[test]
    fn news_like_word_salad_gives_valid_events(idx in proptest::collection::vec(0..WORDS.len(), 0..80)) {
        let text = idx.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
        check(&text)?;
    }

    #[test]
    fn recased_word_salad_gives_valid_events(idx in proptest::collection::vec(0..WORDS.len(), 0..80)) {
        let text = idx.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
        for t in [text.to_ascii_lowercase(), text.to_ascii_uppercase()] {
            if let Some(r) = Coder::embedded().recased(&t) {
                prop_assert_eq!(r.len(), t.len());
                prop_assert!(r.eq_ignore_ascii_case(&t));
            }
            check(&t)?;
            // A recased document's events quote its own text.
            let doc = Document::new("r", t.as_str());
            for e in Coder::embedded().code(&doc) {
                for a in e.actor.iter().chain(&e.recipient).chain(&e.source) {
                    if let Some(sp) = a.span {
                        prop_assert_eq!(t.get(sp.start..sp.end), Some(a.text.as_str()));
                    }
                }
            }
        }
    }
}

#[test]
fn empty_and_whitespace_documents_have_no_events() {
    for t in ["", " ", "\n\n\t", "."] {
        assert!(Coder::embedded().code(&Document::new("e", t)).is_empty());
    }
}

#[test]
fn sentences_without_events_emit_nothing() {
    let doc = Document::new(
        "n",
        "The central bank kept interest rates unchanged on Thursday. Wheat prices rose slightly.",
    );
    assert!(Coder::embedded().code(&doc).is_empty());
}
