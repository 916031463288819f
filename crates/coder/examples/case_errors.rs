//! Error analysis on a CASE 2021 task-2 TSV (evaluation data is not distributed with
//! sitrep): prints the report, then every misclassified snippet id with gold and predicted
//! labels and the events coded for it.
//!
//! `cargo run --release -p sitrep-coder --example case_errors -- PATH/case2021-task2-dev.tsv`

use sitrep_coder::Coder;
use sitrep_eval::case::{label_for, load_tsv, CaseReport};
use sitrep_eval::{make_document, summarize_event};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: case_errors CASE_TSV [--errors]");
        std::process::exit(2);
    };
    let show = std::env::args().any(|a| a == "--errors");
    let rows = match load_tsv(std::path::Path::new(&path)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let coder = Coder::embedded();
    let mut pairs = Vec::new();
    for r in &rows {
        let events = match make_document(&r.id, &r.text, None) {
            Ok(doc) => coder.code(&doc),
            Err(e) => {
                eprintln!("{e}");
                Vec::new()
            }
        };
        let pred = label_for(&events);
        if show && pred != r.label {
            println!("--- {} gold={} pred={}", r.id, r.label, pred);
            println!("    {}", r.text.chars().take(300).collect::<String>());
            for e in &events {
                println!("    * {}", summarize_event(e));
            }
        }
        pairs.push((r.label.clone(), pred));
    }
    println!("{}", CaseReport::from_pairs(&pairs));
}
