//! Speed of the syntax layer on VOA news text (one thread): model load time, then tokenize
//! and analyse (tag + lemma + parse) over the stories repeated REPEAT times. Run it under
//! `/usr/bin/time -v` for CPU time and peak resident memory.
//!
//! cargo run --release -p sitrep-syntax --example syntax_bench -- [--repeat N] [--model FILE]
use std::time::Instant;

/// CPU time of this thread in seconds (from /proc; 10 ms resolution), so that the figures do
/// not depend on other processes competing for the cores.
fn cpu_time() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    // fields after the command name in parentheses: state is field 3, utime 14, stime 15
    let rest = stat.rsplit_once(')').map_or("", |r| r.1);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// Wall and CPU seconds of `f`.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (w, c) = (Instant::now(), cpu_time());
    let r = f();
    (r, w.elapsed().as_secs_f64(), cpu_time() - c)
}

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
    let only_analyse = args.iter().any(|a| a == "--analyse-only");
    let runs = if only_analyse { 0 } else { 10 };
    let ((), load_w, load_c) = timed(|| {
        for _ in 0..runs {
            std::hint::black_box(load(&model));
        }
    });
    let analyzer = load(&model);
    let m = analyzer.model();
    println!(
        "tables: tagger {} features / {} weights ({:.1} MB), moves {} features ({:.1} MB), labels {} features / {} weights ({:.1} MB)",
        m.tagger.weights.n_features(),
        m.tagger.weights.n_entries(),
        m.tagger.weights.heap_bytes() as f64 / 1e6,
        m.parser.moves.n_features(),
        m.parser.moves.heap_bytes() as f64 / 1e6,
        m.parser.label_weights.n_features(),
        m.parser.label_weights.n_entries(),
        m.parser.label_weights.heap_bytes() as f64 / 1e6,
    );

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
    let mut tokens = Vec::with_capacity(sentences.len());
    let ((), _, tok_s) = timed(|| {
        for _ in 0..repeat {
            tokens.clear();
            for s in &sentences {
                tokens.push(analyzer.tokenize(s));
            }
        }
    });
    let ntok: usize = tokens.iter().map(Vec::len).sum::<usize>() * repeat;

    let mut check = 0usize;
    let ((), _, tag_s) = timed(|| {
        for _ in 0..if only_analyse { 0 } else { repeat } {
            for (s, toks) in sentences.iter().zip(&tokens) {
                let words: Vec<&str> = toks.iter().filter_map(|t| t.slice(s)).collect();
                check += analyzer.tag(&words).len();
            }
        }
    });
    let ((), all_w, all_s) = timed(|| {
        for _ in 0..repeat {
            for (s, toks) in sentences.iter().zip(&tokens) {
                let p = analyzer.analyse(s, toks);
                check += p.words.len();
            }
        }
    });
    std::hint::black_box(check);
    println!(
        "model load (decompress + build): {:.3} s CPU ({:.3} s wall)",
        load_c / runs as f64,
        load_w / runs as f64
    );
    println!("(rates below per CPU second of this thread; analyse wall time {all_w:.2} s)");
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
