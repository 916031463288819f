use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn find(text: &str) -> Vec<ActorMention> {
    ActorLexicon::embedded().find(text, Span::new(0, text.len()), Some(d("2025-06-01")))
}

#[test]
fn embedded_sources_compile() {
    let lex = ActorLexicon::from_embedded_sources().expect("embedded data parses");
    assert!(lex.alias_count() > 10_000);
}

#[test]
fn smoke() {
    for m in find("Syrian government troops clashed with the Kurdish-led Syrian Democratic Forces (SDF) near Raqqa, Syrian President Ahmad al-Sharaa said, as the interior ministry and the U.S.-led coalition said ISIS detainees escaped. Washington said the group fled.") {
        eprintln!("{:?} {:?} {:?} {:?} {:?} g={} p={}", m.entity.text, m.entity.name, m.entity.country, m.entity.sector, m.kind, m.generic, m.plural);
    }
}
