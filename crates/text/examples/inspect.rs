//! Review tool for the text layer on real news: for each story of a JSON Lines file (`id`,
//! `published`, `text`) prints the sentences ("H" marks headlines) with the dates and numbers
//! found in them. By default only sentences with a date or number are shown; `--all` shows all.
//! `cargo run -p sitrep-text --example inspect -- FILE.jsonl [MAX_STORIES] [--all]`

use chrono::NaiveDate;
use sitrep_text::{dates::find_dates, normalize, numbers::find_numbers, sentences};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all = args.iter().any(|a| a == "--all");
    let mut pos = args.iter().filter(|a| !a.starts_with("--"));
    let path = pos.next().expect("usage: inspect FILE.jsonl [MAX] [--all]");
    let max: usize = pos
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(usize::MAX);
    let raw = std::fs::read_to_string(path).expect("readable file");
    for line in raw.lines().take(max) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let field = |k: &str| v.get(k).and_then(|t| t.as_str()).unwrap_or("");
        let text = normalize(field("text"));
        let published = field("published")
            .get(..10)
            .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
        println!("=== {} published {:?}", field("id"), published);
        for s in sentences(&text) {
            let found: Vec<String> = find_dates(&text, s.span, published)
                .iter()
                .map(|d| {
                    format!(
                        "DATE {:?} {:?}..{:?} {:?}",
                        d.span.slice(&text),
                        d.value,
                        d.end,
                        d.precision
                    )
                })
                .chain(find_numbers(&text, s.span).iter().map(|n| {
                    format!(
                        "NUM  {:?} = {} approx={} {:?}..{:?}",
                        n.span.slice(&text),
                        n.value,
                        n.approximate,
                        n.min,
                        n.max
                    )
                }))
                .collect();
            if all || !found.is_empty() {
                let mark = if s.headline { "H" } else { " " };
                println!(
                    "{mark} {:>3} | {}",
                    s.paragraph,
                    s.span.slice(&text).unwrap_or("")
                );
                found.iter().for_each(|f| println!("        {f}"));
            }
        }
    }
}
