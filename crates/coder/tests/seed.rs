//! The seed article: codes `fixtures/shaddadi/article.txt` (published on the date in its gold)
//! and scores the events against `fixtures/shaddadi/gold.json`.

use std::path::Path;

use sitrep_coder::Coder;
use sitrep_eval::gold::{score, GoldDoc};

const MIN_EVENT_F1: f64 = 0.85;
const MIN_ARGUMENT_ACCURACY: f64 = 0.75;

#[test]

fn seed_article_meets_the_bar() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shaddadi");
    let gold = GoldDoc::load(&dir).unwrap_or_else(|e| panic!("cannot load the seed gold: {e}"));
    let doc = gold
        .document()
        .unwrap_or_else(|e| panic!("bad seed document: {e}"));
    let events = Coder::embedded().code(&doc);
    let report = score(&gold, &events);
    println!("{report}");
    assert!(
        report.f1 >= MIN_EVENT_F1 && report.arg_accuracy >= MIN_ARGUMENT_ACCURACY,
        "seed article: event F1 {:.3} (need {MIN_EVENT_F1}), argument accuracy {:.3} (need {MIN_ARGUMENT_ACCURACY})",
        report.f1,
        report.arg_accuracy
    );
}
