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
    if args.iter().any(|a| a == "--lemma-errors") {
        let mut errs: std::collections::HashMap<String, usize> = Default::default();
        for s in &sents {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let p = analyzer.analyse_words(&forms);
            for (g, w) in s.words.iter().zip(&p.words) {
                if g.lemma != w.lemma {
                    let k = format!(
                        "{} {}/{} gold {} got {}",
                        g.form, g.xpos, w.xpos, g.lemma, w.lemma
                    );
                    *errs.entry(k).or_default() += 1;
                }
            }
        }
        let mut v: Vec<_> = errs.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (k, n) in v.iter().take(60) {
            println!("{n}\t{k}");
        }
        return;
    }
    // tokenizer: token spans of `# text` against the gold words' spans
    let (mut tp, mut ng, mut np, mut exact, mut used) = (0usize, 0usize, 0usize, 0usize, 0usize);
    for s in &sents {
        let text = &s.text;
        let mut pos = 0;
        let mut gold = Vec::new();
        let mut ok = true;
        for w in &s.words {
            match text[pos..].find(w.form.as_str()) {
                Some(off) if text[pos..pos + off].trim().is_empty() => {
                    gold.push((pos + off, pos + off + w.form.len()));
                    pos += off + w.form.len();
                }
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            continue;
        }
        used += 1;
        let got: Vec<(usize, usize)> = analyzer
            .tokenize(text)
            .iter()
            .map(|t| (t.start, t.end))
            .collect();
        let gs: std::collections::HashSet<_> = gold.iter().collect();
        tp += got.iter().filter(|t| gs.contains(t)).count();
        ng += gold.len();
        np += got.len();
        exact += usize::from(got == gold);
    }
    let (p, r) = (tp as f64 / np.max(1) as f64, tp as f64 / ng.max(1) as f64);
    println!(
        "tokenizer on the text of {used} {split} sentences: precision {:.2}, recall {:.2}, F1 {:.2}, sentences tokenized exactly {:.2}%\n",
        100.0 * p,
        100.0 * r,
        100.0 * 2.0 * p * r / (p + r).max(1e-9),
        100.0 * exact as f64 / used.max(1) as f64
    );
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
