//! Regression checks on real news (three public-domain VOA stories in tests/data).

use chrono::NaiveDate;
use sitrep_text::{dates::find_dates, normalize, numbers::find_numbers, sentences, Span};

struct Story {
    id: String,
    published: Option<NaiveDate>,
    text: String,
}

fn stories() -> Vec<Story> {
    include_str!("data/voa_sample.jsonl")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap().to_owned();
            Story {
                id: s("id"),
                published: NaiveDate::parse_from_str(&s("published")[..10], "%Y-%m-%d").ok(),
                text: normalize(&s("text")),
            }
        })
        .collect()
}

#[test]
fn sentences_are_well_formed() {
    for st in stories() {
        let sents = sentences(&st.text);
        assert!(sents.len() > 10, "{}", st.id);
        for s in &sents {
            let t = s.span.slice(&st.text).unwrap();
            let first = t.chars().next().unwrap();
            assert!(
                !first.is_lowercase() || t.starts_with("al-"),
                "{}: {t}",
                st.id
            );
            assert!(t.len() < 600, "{}: run-on sentence {t}", st.id);
        }
    }
}

/// (story id, sentence containing, expected date texts, expected count texts)
#[rustfmt::skip]
const EXPECTED: &[(&str, &str, &[&str], &[&str])] = &[
    ("8008152", "Security forces in Somalia say they killed all six", &[], &["six", "at least 50"]),
    ("8008152", "“During 18 hours of siege", &[], &["two", "four"]),
    ("8008152", "Since 2009, hundreds of people", &["Since 2009"], &["hundreds"]),
    ("8008152", "The single biggest attack, in 2009", &["2009"], &["at least 25", "60"]),
    ("8007760", "Security sources said Wednesday a Pakistani", &["Wednesday"], &["190", "30"]),
    ("8007760", "The Jaffar Express, with roughly 450", &["Tuesday"], &["roughly 450"]),
    ("8007760", "Deaths in the attacks surged", &["2023", "2024"], &["88", "388"]),
    ("8007760", "Earlier this month, a female suicide bomber", &["Earlier this month"], &["at least one", "four"]),
    ("8011115", "Iraqi officials said the strike was the result", &["the past six months"], &[]),
    ("8011115", "Various intelligence estimates put the number", &[], &["between 1,500 and 3,000"]),
];

#[test]
fn expected_dates_and_counts() {
    let stories = stories();
    let mut failures = Vec::new();
    for (id, start, want_dates, want_counts) in EXPECTED {
        let st = stories.iter().find(|s| s.id == *id).unwrap();
        let s = sentences(&st.text)
            .into_iter()
            .find(|s| s.span.slice(&st.text).unwrap().starts_with(start))
            .unwrap_or_else(|| panic!("no sentence {start:?}"));
        let dates: Vec<&str> = find_dates(&st.text, s.span, st.published)
            .iter()
            .map(|d| d.span.slice(&st.text).unwrap())
            .collect();
        let counts: Vec<&str> = find_numbers(&st.text, s.span)
            .iter()
            .map(|n| n.span.slice(&st.text).unwrap())
            .collect();
        // "at least one" names the phrase; the span is its count part
        let want_counts: Vec<&str> = want_counts
            .iter()
            .map(|c| c.strip_suffix(" security worker").unwrap_or(c))
            .collect();
        if dates != *want_dates || counts != want_counts {
            failures.push(format!("{start:?}: dates {dates:?} counts {counts:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn all_relative_dates_resolve_with_a_publication_date() {
    for st in stories() {
        for d in find_dates(&st.text, Span::new(0, st.text.len()), st.published) {
            assert!(d.value.is_some(), "{}: {:?}", st.id, d.span.slice(&st.text));
        }
    }
}
