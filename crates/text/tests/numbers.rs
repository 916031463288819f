//! Table of number cases.

use sitrep_text::numbers::find_numbers;
use sitrep_text::Span;

/// (span text, value, approximate, min, max)
type Expected<'a> = (&'a str, u64, bool, Option<u64>, Option<u64>);
/// (sentence, expected mentions)
type Case = (&'static str, &'static [Expected<'static>]);

const CASES: &[Case] = &[
    (
        "Thousands fled the city.",
        &[("Thousands", 1000, true, Some(1000), Some(9999))],
    ),
    (
        "Two thousand five hundred and sixty-one troops.",
        &[(
            "Two thousand five hundred and sixty-one",
            2561,
            false,
            None,
            None,
        )],
    ),
    (
        "Twenty five soldiers and a thousand and one nights.",
        &[
            ("Twenty five", 25, false, None, None),
            ("a thousand and one", 1001, false, None, None),
        ],
    ),
    (
        "The war displaced 2m people and cost $3bn.",
        &[("2m", 2_000_000, false, None, None)],
    ),
    (
        "Nearly 1.5m refugees returned.",
        &[("Nearly 1.5m", 1_500_000, true, None, Some(1_500_000))],
    ),
    ("A 2m wall was built.", &[]),
    (
        "The blast killed at least one security worker.",
        &[("at least one", 1, true, Some(1), None)],
    ),
    ("It took about one to two hours a day.", &[]),
    (
        "Each book has one to two pages on it.",
        &[("one to two", 1, true, Some(1), Some(2))],
    ),
    ("He wrote Zero Sum about Russia.", &[]),
    ("The S&P 500 finished lower.", &[]),
    ("Khoshbo, 33, said the book was banned.", &[]),
    ("The Global Terrorism Index 2025 released last week.", &[]),
    ("Gunmen Kill 50 Militants", &[("50", 50, false, None, None)]),
    (
        "The 300 fighters withdrew.",
        &[("300", 300, false, None, None)],
    ),
    (
        "Only 5 survived the attack.",
        &[("5", 5, false, None, None)],
    ),
    (
        "2000 people marched on the capital.",
        &[("2000", 2000, false, None, None)],
    ),
    (
        "One or two items were missing.",
        &[("two", 2, false, None, None)],
    ),
    ("Napoleon was defeated in 1815.", &[]),
    ("Children under the age of five are at risk.", &[]),
    ("Some were younger than 12.", &[]),
    ("It imported 1,000 metric tons of fuel.", &[]),
    (
        "120 prisoners escaped from the prison.",
        &[("120", 120, false, None, None)],
    ),
    (
        "81 of them have been recaptured.",
        &[("81", 81, false, None, None)],
    ),
    (
        "Some 1,500 people fled.",
        &[("Some 1,500", 1500, true, None, None)],
    ),
    (
        "The war displaced 1.5 million refugees.",
        &[("1.5 million", 1_500_000, false, None, None)],
    ),
    (
        "Twenty-five men were detained.",
        &[("Twenty-five", 25, false, None, None)],
    ),
    (
        "A hundred people gathered.",
        &[("A hundred", 100, false, None, None)],
    ),
    (
        "Dozens of people were wounded.",
        &[("Dozens", 12, true, Some(12), Some(99))],
    ),
    (
        "a dozen soldiers were captured.",
        &[("a dozen", 12, false, None, None)],
    ),
    (
        "Scores of civilians died.",
        &[("Scores", 20, true, Some(20), Some(99))],
    ),
    (
        "Tens of soldiers deserted.",
        &[("Tens", 10, true, Some(10), Some(99))],
    ),
    (
        "Hundreds of families fled.",
        &[("Hundreds", 100, true, Some(100), Some(999))],
    ),
    (
        "Thousands of suspected members remain held.",
        &[("Thousands", 1000, true, Some(1000), Some(9999))],
    ),
    (
        "The camp holds tens of thousands of civilians.",
        &[(
            "tens of thousands",
            10_000,
            true,
            Some(10_000),
            Some(99_999),
        )],
    ),
    (
        "Hundreds of thousands fled.",
        &[(
            "Hundreds of thousands",
            100_000,
            true,
            Some(100_000),
            Some(999_999),
        )],
    ),
    (
        "At least 20 people were killed.",
        &[("At least 20", 20, true, Some(20), None)],
    ),
    (
        "More than 30 were injured.",
        &[("More than 30", 30, true, Some(30), None)],
    ),
    (
        "Over 40 were arrested.",
        &[("Over 40", 40, true, Some(40), None)],
    ),
    (
        "Nearly 50 were wounded.",
        &[("Nearly 50", 50, true, None, Some(50))],
    ),
    (
        "It killed almost 60 people.",
        &[("almost 60", 60, true, None, Some(60))],
    ),
    (
        "About 70 fighters surrendered.",
        &[("About 70", 70, true, None, None)],
    ),
    (
        "Around 80 homes burned.",
        &[("Around 80", 80, true, None, None)],
    ),
    (
        "Some 90 prisoners escaped.",
        &[("Some 90", 90, true, None, None)],
    ),
    (
        "Roughly 100 were detained.",
        &[("Roughly 100", 100, true, None, None)],
    ),
    (
        "Up to 300 may have died.",
        &[("Up to 300", 300, true, None, Some(300))],
    ),
    (
        "An estimated 400 civilians fled.",
        &[("An estimated 400", 400, true, None, None)],
    ),
    (
        "Between 10 and 15 people were hurt.",
        &[("Between 10 and 15", 10, true, Some(10), Some(15))],
    ),
    (
        "10 to 15 people were hurt.",
        &[("10 to 15", 10, true, Some(10), Some(15))],
    ),
    (
        "10-15 people were hurt.",
        &[("10-15", 10, true, Some(10), Some(15))],
    ),
    (
        "Ten to fifteen people were hurt.",
        &[("Ten to fifteen", 10, true, Some(10), Some(15))],
    ),
    ("The city fell in 2014.", &[]),
    ("The attack began at 10:30 local time.", &[]),
    ("The attack began at 3 p.m. on the border.", &[]),
    ("Turnout was 40% in the east.", &[]),
    ("Turnout was 40 percent in the east.", &[]),
    ("The donors pledged $5 million to the fund.", &[]),
    ("The 3rd battalion moved north.", &[]),
    ("M23 rebels seized the town.", &[]),
    ("F-16 jets bombed the base.", &[]),
    ("Resolution 2254 calls for elections.", &[]),
    ("One of the men escaped.", &[]),
    ("One person was killed.", &[("One", 1, false, None, None)]),
    ("There were three days of clashes.", &[]),
    ("The town fell within 48 hours.", &[]),
    (
        "Two hundred and fifty protesters marched.",
        &[("Two hundred and fifty", 250, false, None, None)],
    ),
    (
        "3,000 troops were deployed.",
        &[("3,000", 3000, false, None, None)],
    ),
    (
        "Two dozen militants attacked.",
        &[("Two dozen", 24, false, None, None)],
    ),
    ("Five people died.", &[("Five", 5, false, None, None)]),
    (
        "Gunmen killed one soldier.",
        &[("one", 1, false, None, None)],
    ),
    ("Talks resumed on January 5 in Geneva.", &[]),
    (
        "Seven civilians and 12 soldiers died.",
        &[
            ("Seven", 7, false, None, None),
            ("12", 12, false, None, None),
        ],
    ),
    (
        "2,000-2,500 fighters massed.",
        &[("2,000-2,500", 2000, true, Some(2000), Some(2500))],
    ),
    ("A 10-year-old boy was shot.", &[]),
    (
        "More than 1,000 were detained.",
        &[("More than 1,000", 1000, true, Some(1000), None)],
    ),
    ("Fighting in the 1990s killed many.", &[]),
    ("The blast was 5 km from the base.", &[]),
    ("The ministry said 2.5 tonnes of aid arrived.", &[]),
    ("He was freed after 3.5 years.", &[]),
    (
        "They number 2 million.",
        &[("2 million", 2_000_000, false, None, None)],
    ),
    ("A ceasefire on 12 March held.", &[]),
    (
        "The group's 300 fighters withdrew.",
        &[("300", 300, false, None, None)],
    ),
    ("It happened on February 30 or so.", &[]),
    ("No. 5 brigade withdrew.", &[]),
    ("Since 2015 the group has grown.", &[]),
    ("The 2015-2016 campaign failed.", &[]),
    (
        "Fifty-three bodies were found.",
        &[("Fifty-three", 53, false, None, None)],
    ),
    (
        "Three thousand people marched.",
        &[("Three thousand", 3000, false, None, None)],
    ),
    ("One has to wonder.", &[]),
];

#[test]
fn number_table() {
    assert!(CASES.len() >= 40);
    let mut failures = Vec::new();
    for (text, expected) in CASES {
        let got = find_numbers(text, Span::new(0, text.len()));
        let got: Vec<Expected> = got
            .iter()
            .map(|m| {
                (
                    m.span.slice(text).unwrap(),
                    m.value,
                    m.approximate,
                    m.min,
                    m.max,
                )
            })
            .collect();
        if got != expected.to_vec() {
            failures.push(format!("{text:?}\n   got  {got:?}\n   want {expected:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing number cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn within_limits_search() {
    let t = "Five died. Seven were hurt.";
    let got = find_numbers(t, Span::new(11, t.len()));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].value, 7);
}
