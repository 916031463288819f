//! Speed of the syntax layer on VOA news text (one thread): model load time, then tokenize
//! and analyse (tag + lemma + parse) over the stories repeated REPEAT times. Run it under
//! `/usr/bin/time -v` for CPU time and peak resident memory.
//!
//! cargo run --release -p sitrep-syntax --example syntax_bench -- [--repeat N] [--model FILE]
use std::time::Instant;

use sitrep_syntax::Analyzer;

#[path = "common/mod.rs"]
mod common;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let repeat: usize = common::arg(&args, "--repeat").map_or(10, |v| v.parse().expect("N"));
    let voa =
        common::arg(&args, "--voa").unwrap_or_else(|| "data/voa/voa-stories-dev.jsonl".into());
    let model = common::arg(&args, "--model").map(|p| std::fs::read(p).expect("model file"));
    let load = |m: &Option<Vec<u8>>| match m {
        Some(b) => Analyzer::from_bytes(b).expect("model"),
        None => Analyzer::embedded().expect("embedded model"),
    };
    let t = Instant::now();
    let runs = 5;
    for _ in 0..runs {
        std::hint::black_box(load(&model));
    }
    let load_s = t.elapsed().as_secs_f64() / runs as f64;
    let analyzer = load(&model);

    let mut sentences = Vec::new();
    let mut bytes = 0usize;
    for line in std::fs::read_to_string(&voa).expect("VOA file").lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let text = sitrep_text::normalize(v["text"].as_str().unwrap_or(""));
        bytes += text.len();
        for s in sitrep_text::sentences(&text) {
            if let Some(t) = s.span.slice(&text) {
                sentences.push(t.to_string());
            }
        }
    }
    let t = Instant::now();
    let mut tokens = Vec::with_capacity(sentences.len());
    for _ in 0..repeat {
        tokens.clear();
        for s in &sentences {
            tokens.push(analyzer.tokenize(s));
        }
    }
    let tok_s = t.elapsed().as_secs_f64();
    let ntok: usize = tokens.iter().map(Vec::len).sum::<usize>() * repeat;

    let t = Instant::now();
    let mut check = 0usize;
    for _ in 0..repeat {
        for (s, toks) in sentences.iter().zip(&tokens) {
            let words: Vec<&str> = toks.iter().filter_map(|t| t.slice(s)).collect();
            check += analyzer.tag(&words).len();
        }
    }
    let tag_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    for _ in 0..repeat {
        for (s, toks) in sentences.iter().zip(&tokens) {
            let p = analyzer.analyse(s, toks);
            check += p.words.len();
        }
    }
    let all_s = t.elapsed().as_secs_f64();
    std::hint::black_box(check);
    println!("model load (decompress + build): {:.3} s", load_s);
    println!(
        "text: {} sentences, {:.2} MB, {} tokens ({} repeats)",
        sentences.len() * repeat,
        (bytes * repeat) as f64 / 1e6,
        ntok,
        repeat
    );
    println!("tokenize: {:.0} tokens/s", ntok as f64 / tok_s);
    println!("tag only: {:.0} tokens/s", ntok as f64 / tag_s);
    println!(
        "analyse (tag + lemma + parse): {:.0} tokens/s, {:.2} MB of text/s",
        ntok as f64 / all_s,
        (bytes * repeat) as f64 / 1e6 / all_s
    );
}
