//! Prints parsed sentences from the VOA stories with their clauses, for reading by eye.
//!
//! cargo run --release -p sitrep-syntax --example voa_sample -- [--every N] [--max M]
use sitrep_syntax::Analyzer;

#[path = "common/mod.rs"]
mod common;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let every: usize = common::arg(&args, "--every").map_or(25, |v| v.parse().expect("N"));
    let max: usize = common::arg(&args, "--max").map_or(30, |v| v.parse().expect("M"));
    let voa =
        common::arg(&args, "--voa").unwrap_or_else(|| "data/voa/voa-stories-dev.jsonl".into());
    let a = Analyzer::embedded().expect("embedded model");
    let mut k = 0;
    let mut shown = 0;
    for line in std::fs::read_to_string(&voa).expect("VOA file").lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let text = sitrep_text::normalize(v["text"].as_str().unwrap_or(""));
        for s in sitrep_text::sentences(&text) {
            k += 1;
            if k % every != 0 || shown >= max {
                continue;
            }
            shown += 1;
            let Some(sent) = s.span.slice(&text) else {
                continue;
            };
            let p = a.analyse(sent, &a.tokenize(sent));
            println!("# {sent}");
            for (i, w) in p.words.iter().enumerate() {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    i + 1,
                    w.form,
                    w.lemma,
                    w.upos,
                    w.xpos,
                    w.head.map_or(0, |h| h + 1),
                    w.rel
                );
            }
            for c in p.clauses() {
                let f = |i: Option<usize>| i.map_or("-".to_string(), |i| p.words[i].form.clone());
                println!(
                    "  clause {} ({:?}{}): subj={}{} obj={} voice={:?} agent={} neg={} aux=[{}] gov=[{}] obl=[{}]{}",
                    p.words[c.predicate].form,
                    c.kind,
                    if c.marker.is_some() { format!(" {}", p.marker_text(c.predicate)) } else { String::new() },
                    f(c.subject),
                    if c.subject_inherited { "*" } else { "" },
                    f(c.object),
                    c.voice,
                    f(c.agent),
                    f(c.negation),
                    c.auxiliaries.iter().map(|&i| p.words[i].form.as_str()).collect::<Vec<_>>().join(" "),
                    c.governors.iter().map(|&i| p.words[i].form.as_str()).collect::<Vec<_>>().join(" "),
                    c.obliques.iter().map(|o| format!("{} {}", o.preposition, p.words[o.word].form)).collect::<Vec<_>>().join(", "),
                    c.speech.map_or(String::new(), |s| format!(" speech={:?} by {} ({})", s.kind, f(s.speaker), p.words[s.verb].form)),
                );
            }
            println!();
        }
    }
}
