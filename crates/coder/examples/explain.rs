//! Prints, for each sentence given on the command line (or one per line on stdin), its parse
//! (the syntactic layer's words, tags, heads and relations, before the coder's repairs) and the
//! events the coder emits for it, with the coder's trace lines. A reading aid for rule work.
//!
//! `cargo run --release -p sitrep-coder --example explain -- "Rebels attacked the town."`

use sitrep_coder::Coder;
use sitrep_eval::{make_document, summarize_event};
use sitrep_syntax::Analyzer;
use std::io::BufRead;

fn main() {
    let mut sents: Vec<String> = std::env::args().skip(1).collect();
    if sents.is_empty() {
        sents = std::io::stdin()
            .lock()
            .lines()
            .map_while(Result::ok)
            .filter(|l| !l.trim().is_empty())
            .collect();
    }
    let coder = Coder::embedded();
    let an = match Analyzer::shared() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    for s in &sents {
        println!("# {s}");
        let p = an.analyse(s, &an.tokenize(s));
        for (i, w) in p.words.iter().enumerate() {
            println!(
                "  {}\t{}\t{}\t{}\t{}\t{}\t{}",
                i,
                w.form,
                w.lemma,
                w.upos,
                w.xpos,
                w.head.map_or("-".to_string(), |h| h.to_string()),
                w.rel
            );
        }
        let doc = match make_document("explain", s, Some("2025-01-01")) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{e}");
                continue;
            }
        };
        let mut lines = Vec::new();
        let mut tr = |l: &str| lines.push(l.to_string());
        let events = coder.code_traced(&doc, Some(&mut tr));
        for l in &lines {
            println!("  trace: {l}");
        }
        for e in &events {
            println!("  * {}", summarize_event(e));
        }
        println!();
    }
}
