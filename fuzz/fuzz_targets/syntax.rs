//! Syntax layer: the tokenizer's spans slice the text, and the analyser returns one
//! single-rooted tree whose clause helpers stay in range.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_syntax::Analyzer;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let analyzer = Analyzer::shared().expect("embedded model");
    let spans = analyzer.tokenize(text);
    for s in &spans {
        assert!(s.slice(text).is_some(), "token span {s:?} does not slice");
    }
    let parse = analyzer.analyse(text, &spans);
    assert_eq!(parse.words.len(), spans.len());
    assert!(parse.is_well_formed(), "not a single-rooted tree");
    for i in 0..parse.words.len() {
        let pred = parse.predicate(i).expect("in range");
        let clause = parse.clause(pred);
        assert!(clause.subject.is_none_or(|s| s < parse.words.len()));
    }
});
