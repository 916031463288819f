use super::*;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn find(text: &str) -> Vec<ActorMention> {
    ActorLexicon::embedded().find(text, Span::new(0, text.len()), Some(d("2025-06-01")))
}

fn texts(ms: &[ActorMention]) -> Vec<&str> {
    ms.iter().map(|m| m.entity.text.as_str()).collect()
}

#[test]
fn embedded_sources_compile() {
    let lex = ActorLexicon::from_embedded_sources().expect("embedded data parses");
    assert!(lex.alias_count() > 10_000);
    assert!(lex.memory_usage() > 0);
}

#[test]
fn country_codes() {
    let lex = ActorLexicon::embedded();
    assert_eq!(lex.country_code("Syria"), Some("SYR"));
    assert_eq!(lex.country_code("Syrian"), Some("SYR"));
    assert_eq!(lex.country_code("Syrians"), Some("SYR"));
    assert_eq!(lex.country_code("U.S."), Some("USA"));
    assert_eq!(lex.country_code("the United States"), Some("USA"));
    assert_eq!(lex.country_code("American"), Some("USA"));
    assert_eq!(lex.country_code("Iraqi"), Some("IRQ"));
    assert_eq!(lex.country_code("Congolese"), Some("COD"));
    assert_eq!(lex.country_code("Kurdish"), None);
    assert_eq!(lex.country_code("Aleppo"), None);
    assert_eq!(lex.country_name("SYR"), Some("Syria"));
}

#[test]
fn mentions_are_ordered_and_disjoint() {
    let t =
        "Syrian government troops and Kurdish-led SDF fighters clashed as Washington urged calm, \
             the U.N. said, while Hamas and Hezbollah fighters watched.";
    let ms = find(t);
    assert!(ms.len() >= 5, "{:?}", texts(&ms));
    for w in ms.windows(2) {
        assert!(w[0].span.end <= w[1].span.start);
    }
}

#[test]
fn within_limits_the_search() {
    let t = "Iraqi troops advanced. Turkish drones struck.";
    let lex = ActorLexicon::embedded();
    let second = t.find("Turkish").unwrap();
    let ms = lex.find(t, Span::new(second, t.len()), None);
    assert_eq!(texts(&ms), vec!["Turkish drones"]);
    assert_eq!(ms[0].entity.country.as_deref(), Some("TUR"));
    // A span cutting a mention in two keeps only what lies inside.
    let ms = lex.find(t, Span::new(0, 8), None);
    assert!(ms.iter().all(|m| m.span.end <= 8));
}

#[test]
fn bad_within_spans_do_not_panic() {
    let t = "Syrian troops – é";
    let lex = ActorLexicon::embedded();
    assert!(lex.find(t, Span::new(50, 80), None).is_empty());
    assert!(lex
        .find(t, Span::new(t.len() - 1, t.len()), None)
        .is_empty());
    assert!(lex.find(t, Span::new(9, 3), None).is_empty());
}

#[test]
fn leader_roles_follow_the_date() {
    let lex = ActorLexicon::embedded();
    let t = "Donald Trump spoke.";
    let sp = Span::new(0, t.len());
    let at = |date: &str| lex.find(t, sp, Some(d(date)))[0].entity.sector.clone();
    assert_eq!(at("2019-05-01"), vec!["GOV"]);
    assert_eq!(at("2023-05-01"), vec!["ELI"]);
    assert_eq!(at("2025-05-01"), vec!["GOV"]);
    assert_eq!(lex.find(t, sp, None)[0].entity.sector, vec!["GOV"]);
}

#[test]
fn acronyms_are_case_sensitive() {
    assert!(find("this is it")
        .iter()
        .all(|m| m.entity.name != "Islamic State"));
    assert!(find("IS fighters attacked")
        .iter()
        .any(|m| m.entity.name == "Islamic State"));
    assert!(find("let us go")
        .iter()
        .all(|m| m.entity.country.as_deref() != Some("USA")));
    assert!(find("US troops left")
        .iter()
        .any(|m| m.entity.country.as_deref() == Some("USA")));
}

#[test]
fn composition_kinds() {
    let ms = find("Sudan's army chief and the Sudanese Armed Forces met RSF envoys.");
    assert_eq!(ms[0].entity.text, "Sudan's army chief");
    assert_eq!(ms[0].entity.country.as_deref(), Some("SDN"));
    assert_eq!(ms[0].kind, MentionKind::Agent);
    assert!(ms[0].generic);
    let ms = find("They said the group would respond.");
    assert_eq!(ms[0].kind, MentionKind::Pronoun);
    assert!(ms[0].plural);
    assert_eq!(ms[1].entity.text, "the group");
}

#[test]
fn extra_curated_rows_take_precedence() {
    let lex = ActorLexicon::with_extra_curated("ORG\tBlue Lions\tBlue Lions Brigade\tSYR\tPRM\n")
        .unwrap();
    let t = "The Blue Lions attacked.";
    let ms = lex.find(t, Span::new(0, t.len()), None);
    assert_eq!(ms[0].entity.name, "Blue Lions Brigade");
    assert_eq!(ms[0].entity.sector, vec!["PRM"]);
    assert!(ActorLexicon::with_extra_curated("ORG\tX Y\tX\tSYR\tNOPE\n").is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_panics_and_spans_are_valid(
        s in "(\\PC|Syrian |troops |U\\.S\\.-led |ISIS |al-Sharaa |the group |\\(SDF\\) |'s |-backed ){0,30}",
        a in 0usize..400,
        b in 0usize..400,
    ) {
        let lex = ActorLexicon::embedded();
        let ms = lex.find(&s, Span::new(a.min(b), a.max(b)), None);
        let mut last = 0;
        for m in &ms {
            prop_assert!(m.span.start >= last);
            prop_assert!(m.span.start >= a.min(b) && m.span.end <= a.max(b));
            prop_assert_eq!(m.span.slice(&s), Some(m.entity.text.as_str()));
            prop_assert_eq!(m.entity.span, Some(m.span));
            last = m.span.end;
        }
    }
}
