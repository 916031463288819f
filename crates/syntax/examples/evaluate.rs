//! Accuracy on a UD English EWT split (default: test), with gold tokens and predicted tags,
//! on the text as is, lower-cased and upper-cased.
//!
//! cargo run --release -p sitrep-syntax --example evaluate -- --treebank ../shared/data/ud-ewt
use sitrep_syntax::train::{evaluate, Casing};
use sitrep_syntax::Analyzer;

#[path = "common/mod.rs"]
mod common;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = common::arg(&args, "--treebank").unwrap_or_else(|| "../shared/data/ud-ewt".into());
    let split = common::arg(&args, "--split").unwrap_or_else(|| "test".into());
    let analyzer = match common::arg(&args, "--model") {
        Some(p) => Analyzer::from_bytes(&std::fs::read(&p).expect("model file")).expect("model"),
        None => Analyzer::embedded().expect("embedded model"),
    };
    let sents = common::read_split(&dir, &split);
    println!(
        "| {split} split ({} sentences) | words | UPOS | XPOS | lemma | UAS | LAS |",
        sents.len()
    );
    println!("|---|---|---|---|---|---|---|");
    for (name, c) in [
        ("as is", Casing::AsIs),
        ("lower-cased", Casing::Lower),
        ("upper-cased", Casing::Upper),
    ] {
        let s = evaluate(&analyzer, &sents, c);
        println!(
            "| {name} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} |",
            s.words,
            100.0 * s.upos,
            100.0 * s.xpos,
            100.0 * s.lemma,
            100.0 * s.uas,
            100.0 * s.las
        );
    }
}
