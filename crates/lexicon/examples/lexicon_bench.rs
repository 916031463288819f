//! Throughput and load-time benchmark of the actor lexicon.
//!
//! `cargo run --profile dist -p sitrep-lexicon --example lexicon_bench -- [FILE]`
//! Without FILE, the sentences of `tests/actors.tsv` are repeated to about 20 MB.

use sitrep_lexicon::{ActorLexicon, Span};
use std::time::Instant;

fn main() {
    let t0 = Instant::now();
    let lex = ActorLexicon::embedded();
    let load = t0.elapsed();
    let text = match std::env::args().nth(1) {
        Some(path) => match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("cannot read {path}: {e}");
                std::process::exit(1);
            }
        },
        None => {
            let cases = include_str!("../tests/actors.tsv");
            let sample: String = cases
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split('\t').nth(1))
                .map(|s| format!("{s} "))
                .collect();
            sample.repeat((20_000_000 / sample.len().max(1)).max(1))
        }
    };
    // Paragraph-sized calls, as the coder makes them.
    let t1 = Instant::now();
    let mut n = 0usize;
    let mut start = 0usize;
    while start < text.len() {
        let mut end = (start + 2000).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        n += lex.find(&text, Span::new(start, end), None).len();
        start = end;
    }
    let dt = t1.elapsed().as_secs_f64();
    let mb = text.len() as f64 / 1e6;
    println!("load+compile: {:.0} ms", load.as_secs_f64() * 1e3);
    println!(
        "aliases: {}, lexicon memory: {:.1} MB",
        lex.alias_count(),
        lex.memory_usage() as f64 / 1e6
    );
    println!(
        "text: {mb:.1} MB, mentions: {n}, time: {dt:.2} s, throughput: {:.1} MB/s",
        mb / dt
    );
}
