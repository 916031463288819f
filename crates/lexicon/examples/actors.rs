//! Prints the actor mentions of a text read from stdin, one per line (TSV):
//! `start end kind text name country sectors generic plural`.
//!
//! `cargo run -p sitrep-lexicon --example actors -- [YYYY-MM-DD] < article.txt`

use sitrep_lexicon::{ActorLexicon, Span};
use std::io::Read;

fn main() {
    let date = std::env::args()
        .nth(1)
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("cannot read stdin: {e}");
        std::process::exit(1);
    }
    let lex = ActorLexicon::embedded();
    for m in lex.find(&text, Span::new(0, text.len()), date) {
        println!(
            "{}\t{}\t{:?}\t{}\t{}\t{}\t{}\t{}\t{}",
            m.span.start,
            m.span.end,
            m.kind,
            m.entity.text.replace('\n', " "),
            m.entity.name,
            m.entity.country.as_deref().unwrap_or("-"),
            m.entity.sector.join(","),
            m.generic,
            m.plural
        );
    }
}
