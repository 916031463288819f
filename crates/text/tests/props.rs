//! Property tests: spans are in bounds, on char boundaries, ordered and non-overlapping;
//! normalisation is idempotent; nothing panics.

use chrono::NaiveDate;
use proptest::prelude::*;
use sitrep_text::dates::find_dates;
use sitrep_text::numbers::find_numbers;
use sitrep_text::{decode, fold, normalize, sentences, sentences_with, tokenize, Casing, Span};

fn check_spans(text: &str, spans: &[Span], within: Span) -> Result<(), TestCaseError> {
    let mut last_end = within.start;
    for s in spans {
        prop_assert!(s.start <= s.end && s.end <= text.len());
        prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        prop_assert!(
            s.start >= last_end,
            "overlap or disorder: {:?} after {}",
            s,
            last_end
        );
        prop_assert!(s.end <= within.end);
        last_end = s.end;
    }
    Ok(())
}

/// Strings of date words, numbers, punctuation and non-ASCII text.
fn date_text_strategy() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "the",
        "early",
        "late",
        "mid-",
        "mid-March",
        "end",
        "start",
        "of",
        "first",
        "last",
        "final",
        "quarter",
        "half",
        "week",
        "weeks",
        "days",
        "hours",
        "months",
        "recent",
        "past",
        "few",
        "couple",
        "overnight",
        "into",
        "between",
        "and",
        "from",
        "to",
        "through",
        "since",
        "Monday",
        "Tue",
        "Wed",
        ".",
        ",",
        "-",
        "–",
        "March",
        "May",
        "Jan.",
        "3",
        "5",
        "31",
        "24",
        "2025",
        "Q3",
        "Q",
        "morning",
        "night",
        "hours",
        "this",
        "next",
        "year",
        "month",
        "on",
        "yesterday",
        "today",
        "ago",
        "two",
        " ",
        "\n",
        "é",
        "😀",
        "الرقة",
        "\u{300}",
    ]);
    prop::collection::vec(words, 0..24).prop_map(|w| w.join(" "))
}

fn text_strategy() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "U.S.",
        "Gen.",
        "al-Sharaa",
        "said",
        ".",
        "?",
        "!",
        "\"",
        "”",
        "“",
        " ",
        "\n",
        "3.5",
        "1,500",
        "10-15",
        "Tuesday",
        "March",
        "3",
        "-",
        "5",
        "2026",
        "in",
        "at least",
        "dozens",
        "of",
        "thousands",
        "’s",
        "'s",
        "😀",
        "الرقة",
        "e\u{301}",
        "\u{300}",
        "\r\n",
        "\u{a0}",
        "\u{200b}",
        "...",
        "…",
        "A.",
        "between",
        "and",
        "yesterday",
        "last",
        "week",
        "February",
        "30",
        ":",
        "%",
        "$",
        "one",
        "people",
        "tens",
        "a",
        "dozen",
        "the",
        "weekend",
        "since",
        "Sunday",
        "Jan.",
        "p.m.",
        "F-16",
        "M23",
    ]);
    prop::collection::vec(words, 0..40).prop_map(|v| v.join(" "))
}

proptest! {
    #[test]
    fn normalize_idempotent(s in "\\PC{0,60}|[\\s\\S]{0,40}") {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once.clone());
        let _ = fold(&s);
    }

    #[test]
    fn fold_is_idempotent_and_trimmed(s in "[\\s\\S]{0,40}") {
        let f = fold(&s);
        prop_assert_eq!(fold(&f), f.clone());
        prop_assert_eq!(f.trim(), f.as_str());
    }

    #[test]
    fn dates_never_panic_for_extreme_publication_dates(s in text_strategy(), days in any::<i32>()) {
        let published = NaiveDate::from_num_days_from_ce_opt(days % 95_000_000);
        let text = normalize(&s);
        for d in find_dates(&text, Span::new(0, text.len()), published) {
            prop_assert!(d.end.is_none() || d.value.is_some_and(|v| d.end > Some(v)));
            prop_assert_eq!(d.value.is_none(), d.precision == sitrep_model::DatePrecision::Unresolved);
        }
        for p in [NaiveDate::MIN, NaiveDate::MAX] {
            let _ = find_dates(&text, Span::new(0, text.len()), Some(p));
        }
    }

    #[test]
    fn date_spans_are_valid(s in date_text_strategy(), a in 0usize..200, b in 0usize..200, days in 0i32..800_000) {
        let text = normalize(&s);
        let published = NaiveDate::from_num_days_from_ce_opt(days);
        let all = Span::new(0, text.len());
        for within in [all, Span::new(a.min(b).min(text.len()), a.max(b).min(text.len()))] {
            if !(text.is_char_boundary(within.start) && text.is_char_boundary(within.end)) {
                let _ = find_dates(&text, within, published);
                continue;
            }
            for p in [published, None] {
                let found = find_dates(&text, within, p);
                let spans: Vec<Span> = found.iter().map(|d| d.span).collect();
                check_spans(&text, &spans, within)?;
                for d in &found {
                    prop_assert!(d.span.start >= within.start && !d.span.is_empty());
                    prop_assert!(d.end.is_none() || d.value.is_some_and(|v| d.end > Some(v)));
                }
            }
        }
    }

    #[test]
    fn decode_never_panics(b in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = decode(&b);
    }

    #[test]
    fn spans_are_valid_any_string(s in "[\\s\\S]{0,80}", a in 0usize..100, b in 0usize..100) {
        let text = normalize(&s);
        let sents = sentences(&text);
        let sspans: Vec<Span> = sents.iter().map(|x| x.span).collect();
        check_spans(&text, &sspans, Span::new(0, text.len()))?;
        for x in &sents {
            let t = x.span.slice(&text).unwrap();
            prop_assert!(!t.is_empty() && t.trim() == t);
        }
        let within = Span::new(a.min(b), a.max(b));
        let _ = tokenize(&text, within); // invalid spans are clamped, never panic
        let _ = find_dates(&text, within, NaiveDate::from_ymd_opt(2026, 1, 21));
        let _ = find_numbers(&text, within);
    }

    #[test]
    fn spans_are_valid_wordy(s in text_strategy()) {
        let text = normalize(&s);
        let all = Span::new(0, text.len());
        let sents = sentences(&text);
        let sspans: Vec<Span> = sents.iter().map(|x| x.span).collect();
        check_spans(&text, &sspans, all)?;
        for sent in &sents {
            let toks = tokenize(&text, sent.span);
            let tspans: Vec<Span> = toks.iter().map(|t| t.span).collect();
            check_spans(&text, &tspans, sent.span)?;
            for t in &toks {
                prop_assert!(!t.span.is_empty());
            }
            let d: Vec<Span> = find_dates(&text, sent.span, NaiveDate::from_ymd_opt(2026, 1, 21)).iter().map(|d| d.span).collect();
            check_spans(&text, &d, sent.span)?;
            let d: Vec<Span> = find_dates(&text, sent.span, None).iter().map(|d| d.span).collect();
            check_spans(&text, &d, sent.span)?;
            let n: Vec<Span> = find_numbers(&text, sent.span).iter().map(|n| n.span).collect();
            check_spans(&text, &n, sent.span)?;
        }
        let toks = tokenize(&text, all);
        let tspans: Vec<Span> = toks.iter().map(|t| t.span).collect();
        check_spans(&text, &tspans, all)?;
    }

    #[test]
    fn cased_sentences_are_valid(s in text_strategy(), any_text in "[\\s\\S]{0,80}") {
        for raw in [s.clone(), s.to_ascii_lowercase(), s.to_ascii_uppercase(), any_text] {
            let text = normalize(&raw);
            let all = Span::new(0, text.len());
            let _ = Casing::detect(&text);
            for casing in [Casing::Normal, Casing::Lower, Casing::Upper] {
                let sents = sentences_with(&text, casing);
                let spans: Vec<Span> = sents.iter().map(|x| x.span).collect();
                check_spans(&text, &spans, all)?;
                for x in &sents {
                    let t = x.span.slice(&text).unwrap();
                    prop_assert!(!t.is_empty() && t.trim() == t);
                }
            }
        }
    }

    #[test]
    fn tokens_cover_all_non_space(s in "[\\s\\S]{0,60}") {
        let text = normalize(&s);
        let toks = tokenize(&text, Span::new(0, text.len()));
        let covered: usize = toks.iter().map(|t| t.span.len()).sum();
        let non_space: usize = text.chars().filter(|c| !c.is_whitespace()).map(char::len_utf8).sum();
        prop_assert_eq!(covered, non_space);
    }
}
