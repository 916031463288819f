//! Sentence split of the seed article (a copy lives in tests/data).

use sitrep_text::{normalize, sentences, tokenize, Span};

const ARTICLE: &str = include_str!("data/shaddadi_article.txt");

#[test]
fn article_sentences() {
    let text = normalize(ARTICLE);
    let sents = sentences(&text);
    let strs: Vec<&str> = sents.iter().map(|s| s.span.slice(&text).unwrap()).collect();
    let headlines: Vec<&str> = sents
        .iter()
        .filter(|s| s.headline)
        .map(|s| s.span.slice(&text).unwrap())
        .collect();
    assert_eq!(
        headlines,
        [
            "Kurdish Forces Withdraw Amid Growing Tensions",
            "Broader Conflict and ISIS Threat"
        ]
    );
    assert!(strs.contains(
        &"The Kurdish-led Syrian Democratic Forces (SDF) accused the U.S.-led coalition of failing to assist them as government forces advanced into territory they had controlled for years."
    ));
    assert!(strs.contains(&"On Tuesday, the SDF announced its withdrawal from Al-Hol camp, which holds tens of thousands of civilians linked to ISIS fighters."));
    assert!(
        strs.contains(&"The SDF said it had repeatedly asked for help but received no response.")
    );
    // every sentence is trimmed, non-empty and ends with final punctuation unless a headline
    for s in &sents {
        let t = s.span.slice(&text).unwrap();
        assert_eq!(t, t.trim());
        assert!(s.headline || t.ends_with('.'), "{t}");
    }
    assert_eq!(sents.len(), 20);
    // paragraphs: 10 non-blank lines
    assert_eq!(sents.last().unwrap().paragraph, 9);
    assert!(sents.windows(2).all(|w| w[0].span.end <= w[1].span.start));
}

#[test]
fn article_tokens_keep_compounds() {
    let text = normalize(ARTICLE);
    let toks = tokenize(&text, Span::new(0, text.len()));
    let words: Vec<&str> = toks.iter().map(|t| t.span.slice(&text).unwrap()).collect();
    for w in [
        "U.S.-led",
        "al-Shaddadi",
        "Kurdish-led",
        "Al-Hol",
        "al-Sharaa",
    ] {
        assert!(words.contains(&w), "{w}");
    }
}

#[test]
fn article_dates_and_numbers() {
    use chrono::NaiveDate;
    use sitrep_text::{dates::find_dates, numbers::find_numbers};
    let text = normalize(ARTICLE);
    let published = NaiveDate::from_ymd_opt(2026, 1, 21);
    let mut dates = Vec::new();
    let mut numbers = Vec::new();
    for s in sentences(&text) {
        for d in find_dates(&text, s.span, published) {
            dates.push((d.span.slice(&text).unwrap(), d.value, d.end));
        }
        for n in find_numbers(&text, s.span) {
            numbers.push((n.span.slice(&text).unwrap(), n.value, n.approximate));
        }
    }
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 1, d);
    assert_eq!(
        dates,
        [
            ("Tuesday", day(20), None),
            ("the weekend", day(17), day(18))
        ]
    );
    assert_eq!(
        numbers,
        [
            ("120", 120, false),
            ("81", 81, false),
            ("tens of thousands", 10_000, true),
            ("thousands", 1_000, true)
        ]
    );
}
