//! Throughput of the text layer on JSON Lines stories (`text` field) or plain text files.
//! `cargo run --profile dist -p sitrep-text --example text_bench -- FILE... [--mb N]`
//! The corpus is repeated until it reaches N MB (default 20).

use chrono::NaiveDate;
use sitrep_text::{dates::find_dates, normalize, numbers::find_numbers, sentences, tokenize};
use std::time::Instant;

fn load(path: &str) -> Vec<String> {
    let raw = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    if path.ends_with(".jsonl") {
        raw.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_owned))
            .collect()
    } else {
        vec![raw]
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut mb = 20usize;
    let mut docs = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--mb" {
            mb = it.next().and_then(|s| s.parse().ok()).unwrap_or(mb);
        } else {
            docs.extend(load(a));
        }
    }
    assert!(!docs.is_empty(), "no input");
    let docs: Vec<String> = docs.iter().map(|d| normalize(d)).collect();
    let base: usize = docs.iter().map(String::len).sum();
    let reps = (mb * 1_000_000).div_ceil(base.max(1));
    let total = base * reps;
    let published = NaiveDate::from_ymd_opt(2025, 6, 1);
    let time = |name: &str, f: &dyn Fn(&str) -> usize| {
        let t = Instant::now();
        let mut n = 0usize;
        for _ in 0..reps {
            for d in &docs {
                n += f(d);
            }
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "{name:<28} {:>8.1} MB/s  ({n} items)",
            total as f64 / 1e6 / s
        );
    };
    println!(
        "{} docs, {base} bytes, repeated {reps}x = {:.1} MB",
        docs.len(),
        total as f64 / 1e6
    );
    time("normalize", &|d| normalize(d).len());
    time("sentences", &|d| sentences(d).len());
    time("sentences+tokenize", &|d| {
        sentences(d).iter().map(|s| tokenize(d, s.span).len()).sum()
    });
    time("sentences+dates", &|d| {
        sentences(d)
            .iter()
            .map(|s| find_dates(d, s.span, published).len())
            .sum()
    });
    time("sentences+numbers", &|d| {
        sentences(d)
            .iter()
            .map(|s| find_numbers(d, s.span).len())
            .sum()
    });
}
