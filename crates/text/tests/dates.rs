//! Table of date cases, resolved against a Wednesday publication date (2026-01-21).

use chrono::NaiveDate;
use sitrep_model::DatePrecision::{self, *};
use sitrep_text::dates::find_dates;
use sitrep_text::Span;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// (sentence, [(expected span text, value, end, precision)])
type Case = (
    &'static str,
    &'static [(&'static str, &'static str, &'static str, DatePrecision)],
);

const PUBLISHED: &str = "2026-01-21";

const CASES: &[Case] = &[
    (
        "The group was founded in the 1990s.",
        &[("1990s", "1990-01-01", "1999-12-31", Year)],
    ),
    (
        "It grew in the mid-1980s.",
        &[("mid-1980s", "1980-01-01", "1989-12-31", Year)],
    ),
    ("Some 1990s rifles were seized.", &[]),
    (
        "Clashes erupted this past weekend.",
        &[("this past weekend", "2026-01-17", "2026-01-18", Week)],
    ),
    (
        "He was seen this past Sunday.",
        &[("this past Sunday", "2026-01-18", "", Day)],
    ),
    (
        "Posted 2026-01-05T10:30Z by staff.",
        &[("2026-01-05T10", "2026-01-05", "", Day)],
    ),
    (
        "The decree of 21/01/2025 was annulled.",
        &[("21/01/2025", "2025-01-21", "", Day)],
    ),
    (
        "The decree of 01/21/2025 was annulled.",
        &[("01/21/2025", "2025-01-21", "", Day)],
    ),
    ("The decree of 05/06/2025 was annulled.", &[]),
    ("The decree of 31/02/2025 was annulled.", &[]),
    (
        "A trial opened over the 2004 bombing of a base.",
        &[("2004", "2004-01-01", "2004-12-31", Year)],
    ),
    (
        "It followed Syria's 2011 uprising.",
        &[("2011", "2011-01-01", "2011-12-31", Year)],
    ),
    ("The 2000 prisoners were freed.", &[]),
    (
        "Tourism may resume by early next month.",
        &[("early next month", "2026-02-01", "2026-02-10", Month)],
    ),
    (
        "Clashes raged between 2014 and 2021 in Donbas.",
        &[("between 2014 and 2021", "2014-01-01", "2021-12-31", Year)],
    ),
    (
        "The regime ruled from 2011 to 2024.",
        &[("from 2011 to 2024", "2011-01-01", "2024-12-31", Year)],
    ),
    (
        "Napoleon was defeated in 1815.",
        &[("1815", "1815-01-01", "1815-12-31", Year)],
    ),
    (
        "On Tuesday, the SDF announced its withdrawal.",
        &[("Tuesday", "2026-01-20", "", Day)],
    ),
    (
        "Clashes erupted on Wednesday.",
        &[("Wednesday", "2026-01-21", "", Day)],
    ),
    (
        "The convoy was hit on Thursday.",
        &[("Thursday", "2026-01-15", "", Day)],
    ),
    (
        "Two soldiers were killed yesterday.",
        &[("yesterday", "2026-01-20", "", Day)],
    ),
    (
        "Protests continued today.",
        &[("today", "2026-01-21", "", Day)],
    ),
    (
        "Talks collapsed last week.",
        &[("last week", "2026-01-12", "2026-01-18", Week)],
    ),
    (
        "Over the weekend, troops pushed east.",
        &[("the weekend", "2026-01-17", "2026-01-18", Week)],
    ),
    (
        "Militants attacked this weekend.",
        &[("this weekend", "2026-01-17", "2026-01-18", Week)],
    ),
    (
        "Militants attacked last weekend.",
        &[("last weekend", "2026-01-17", "2026-01-18", Week)],
    ),
    (
        "The camp was shelled earlier this month.",
        &[("earlier this month", "2026-01-01", "2026-01-31", Month)],
    ),
    (
        "Fighting this month displaced thousands.",
        &[("this month", "2026-01-01", "2026-01-31", Month)],
    ),
    (
        "The deal was signed last month.",
        &[("last month", "2025-12-01", "2025-12-31", Month)],
    ),
    (
        "The offensive began late last month.",
        &[("late last month", "2025-12-21", "2025-12-31", Month)],
    ),
    (
        "Elections were held last year.",
        &[("last year", "2025-01-01", "2025-12-31", Year)],
    ),
    (
        "The city fell in 2014.",
        &[("2014", "2014-01-01", "2014-12-31", Year)],
    ),
    (
        "Talks resumed on January 5.",
        &[("January 5", "2026-01-05", "", Day)],
    ),
    (
        "Talks resumed on 5 January 2026.",
        &[("5 January 2026", "2026-01-05", "", Day)],
    ),
    (
        "Talks resumed on Jan. 5 in Geneva.",
        &[("Jan. 5", "2026-01-05", "", Day)],
    ),
    (
        "Talks resumed on Jan 5, 2026, in Geneva.",
        &[("Jan 5, 2026", "2026-01-05", "", Day)],
    ),
    (
        "The report is dated 2026-01-05.",
        &[("2026-01-05", "2026-01-05", "", Day)],
    ),
    (
        "The strike happened on March 3.",
        &[("March 3", "2025-03-03", "", Day)],
    ),
    (
        "The siege began in March.",
        &[("March", "2025-03-01", "2025-03-31", Month)],
    ),
    (
        "Raids took place March 3-5.",
        &[("March 3-5", "2025-03-03", "2025-03-05", Day)],
    ),
    (
        "Raids took place between March 3 and 5.",
        &[("between March 3 and 5", "2025-03-03", "2025-03-05", Day)],
    ),
    (
        "Hundreds have fled since Sunday.",
        &[("since Sunday", "2026-01-18", "2026-01-21", Day)],
    ),
    (
        "A vote is planned for January 25.",
        &[("January 25", "2026-01-25", "", Day)],
    ),
    (
        "Shelling resumed on December 28.",
        &[("December 28", "2025-12-28", "", Day)],
    ),
    ("It happened on February 30 or so.", &[]),
    ("There were three days of clashes.", &[]),
    ("The town was besieged for two weeks.", &[]),
    ("Within 48 hours the town fell.", &[]),
    ("It lost its territory years ago.", &[]),
    ("At its peak, the group controlled Raqqa.", &[]),
    (
        "The bomb exploded two days ago.",
        &[("two days ago", "2026-01-19", "", Day)],
    ),
    (
        "The bomb exploded a week ago.",
        &[("a week ago", "2026-01-12", "2026-01-18", Week)],
    ),
    (
        "He was arrested last Tuesday.",
        &[("last Tuesday", "2026-01-20", "", Day)],
    ),
    (
        "He was arrested last Wednesday.",
        &[("last Wednesday", "2026-01-14", "", Day)],
    ),
    (
        "Drones struck on Tuesday night.",
        &[("Tuesday night", "2026-01-20", "", Day)],
    ),
    (
        "The truce held until early March 2024.",
        &[("early March 2024", "2024-03-01", "2024-03-10", Month)],
    ),
    (
        "Aid arrived in mid-December.",
        &[("mid-December", "2025-12-11", "2025-12-20", Month)],
    ),
    (
        "The group re-emerged in late 2023.",
        &[("late 2023", "2023-09-01", "2023-12-31", Year)],
    ),
    (
        "The war has raged since 2011.",
        &[("since 2011", "2011-01-01", "2026-01-21", Year)],
    ),
    (
        "Talks ran from March 30 to April 2, 2025.",
        &[(
            "from March 30 to April 2, 2025",
            "2025-03-30",
            "2025-04-02",
            Day,
        )],
    ),
    (
        "Raids took place 3-5 March.",
        &[("3-5 March", "2025-03-03", "2025-03-05", Day)],
    ),
    (
        "The 5th of March was calm.",
        &[("5th of March", "2025-03-05", "", Day)],
    ),
    (
        "On Tuesday, January 20, rebels attacked.",
        &[("Tuesday, January 20", "2026-01-20", "", Day)],
    ),
    (
        "Clashes continued this week.",
        &[("this week", "2026-01-19", "2026-01-25", Week)],
    ),
    (
        "Gunmen stormed the village last night.",
        &[("last night", "2026-01-20", "", Day)],
    ),
    (
        "The ceasefire collapsed in May.",
        &[("May", "2025-05-01", "2025-05-31", Month)],
    ),
    ("Officials said they may meet again.", &[]),
    (
        "Violence rose over the past week.",
        &[("the past week", "2026-01-14", "2026-01-21", Week)],
    ),
    (
        "Violence rose over the last week.",
        &[("the last week", "2026-01-14", "2026-01-21", Week)],
    ),
    ("Three days of clashes left 40 dead.", &[]),
    ("He served for two weeks.", &[]),
    (
        "Clashes on Mon. and Tue killed two.",
        &[
            ("Mon.", "2026-01-19", "", Day),
            ("Tue", "2026-01-20", "", Day),
        ],
    ),
    ("The Sun reported it. Sat on the bench, he wed.", &[]),
    (
        "Talks open Wed., March 12.",
        &[("Wed., March 12", "2025-03-12", "", Day)],
    ),
    (
        "Raids took place 3 to 5 March.",
        &[("3 to 5 March", "2025-03-03", "2025-03-05", Day)],
    ),
    (
        "Raids took place between 3 and 5 March.",
        &[("between 3 and 5 March", "2025-03-03", "2025-03-05", Day)],
    ),
    (
        "Raids ran from 30 March to 2 April 2025.",
        &[("30 March to 2 April 2025", "2025-03-30", "2025-04-02", Day)],
    ),
    (
        "Clashes raged between Monday and Wednesday.",
        &[(
            "between Monday and Wednesday",
            "2026-01-19",
            "2026-01-21",
            Day,
        )],
    ),
    (
        "Clashes raged Monday through Wednesday.",
        &[("Monday through Wednesday", "2026-01-19", "2026-01-21", Day)],
    ),
    (
        "Talks ran from December 2024 to January 2025.",
        &[(
            "from December 2024 to January 2025",
            "2024-12-01",
            "2025-01-31",
            Month,
        )],
    ),
    (
        "Protests ran between March and May.",
        &[("between March and May", "2025-03-01", "2025-05-31", Month)],
    ),
    (
        "The siege ended early Wednesday.",
        &[("early Wednesday", "2026-01-21", "", Day)],
    ),
    (
        "It ended late on Monday.",
        &[("late on Monday", "2026-01-19", "", Day)],
    ),
    (
        "Drones struck yesterday morning.",
        &[("yesterday morning", "2026-01-20", "", Day)],
    ),
    (
        "Gunmen struck late last night.",
        &[("late last night", "2026-01-20", "", Day)],
    ),
    (
        "Shelling overnight killed two.",
        &[("overnight", "2026-01-20", "2026-01-21", Day)],
    ),
    (
        "Shelling overnight Tuesday killed two.",
        &[("overnight Tuesday", "2026-01-20", "", Day)],
    ),
    (
        "Drones attacked overnight into Wednesday.",
        &[("overnight into Wednesday", "2026-01-20", "2026-01-21", Day)],
    ),
    ("They imposed an overnight curfew.", &[]),
    (
        "Blasts hit in the early hours of Sunday.",
        &[("the early hours of Sunday", "2026-01-18", "", Day)],
    ),
    (
        "It happened on the night of March 3.",
        &[("the night of March 3", "2025-03-03", "", Day)],
    ),
    (
        "Fighting resumed in mid-2024.",
        &[("mid-2024", "2024-05-01", "2024-08-31", Year)],
    ),
    (
        "It fell late last year.",
        &[("late last year", "2025-09-01", "2025-12-31", Year)],
    ),
    (
        "Talks resumed by the end of January.",
        &[("the end of January", "2026-01-21", "2026-01-31", Month)],
    ),
    (
        "Raids began at the start of this year.",
        &[("the start of this year", "2026-01-01", "2026-04-30", Year)],
    ),
    ("Talks must end by the end of the year.", &[]),
    (
        "It peaked in the middle of last month.",
        &[(
            "the middle of last month",
            "2025-12-11",
            "2025-12-20",
            Month,
        )],
    ),
    ("The end of the war is near.", &[]),
    (
        "Exports fell in the first quarter of 2025.",
        &[(
            "the first quarter of 2025",
            "2025-01-01",
            "2025-03-31",
            Month,
        )],
    ),
    (
        "Attacks rose in the final quarter of last year.",
        &[(
            "the final quarter of last year",
            "2025-10-01",
            "2025-12-31",
            Month,
        )],
    ),
    (
        "Attacks rose in the second half of 2024.",
        &[("the second half of 2024", "2024-07-01", "2024-12-31", Month)],
    ),
    (
        "Attacks rose in Q3 2024.",
        &[("Q3 2024", "2024-07-01", "2024-09-30", Month)],
    ),
    (
        "Attacks rose in Q3.",
        &[("Q3", "2025-07-01", "2025-09-30", Month)],
    ),
    (
        "The vote is in the first week of May.",
        &[("the first week of May", "2025-05-01", "2025-05-07", Week)],
    ),
    (
        "Raids came in the last week of June.",
        &[("the last week of June", "2025-06-24", "2025-06-30", Week)],
    ),
    (
        "Hundreds fled in recent days.",
        &[("recent days", "2026-01-14", "2026-01-21", Week)],
    ),
    (
        "Hundreds fled in recent weeks.",
        &[("recent weeks", "2025-12-22", "2026-01-21", Month)],
    ),
    (
        "Hundreds fled over the past few days.",
        &[("the past few days", "2026-01-14", "2026-01-21", Week)],
    ),
    (
        "Ten died in the past 24 hours.",
        &[("the past 24 hours", "2026-01-20", "2026-01-21", Day)],
    ),
    (
        "Ten died in the last two weeks.",
        &[("the last two weeks", "2026-01-07", "2026-01-21", Month)],
    ),
    ("It was common in the past.", &[]),
    (
        "The town fell in December 2025.",
        &[("December 2025", "2025-12-01", "2025-12-31", Month)],
    ),
    (
        "A car bomb went off earlier today.",
        &[("earlier today", "2026-01-21", "", Day)],
    ),
    ("The file says 2026-02-30.", &[]),
    (
        "The offensive started last March.",
        &[("last March", "2025-03-01", "2025-03-31", Month)],
    ),
    (
        "It began in December last year.",
        &[("December last year", "2025-12-01", "2025-12-31", Month)],
    ),
    (
        "Officials met on Monday and Tuesday.",
        &[
            ("Monday", "2026-01-19", "", Day),
            ("Tuesday", "2026-01-20", "", Day),
        ],
    ),
    (
        "The 2011 uprising and 1,500 deaths.",
        &[("2011", "2011-01-01", "2011-12-31", Year)],
    ),
    (
        "He died on Sept. 11, 2001.",
        &[("Sept. 11, 2001", "2001-09-11", "", Day)],
    ),
    (
        "It happened on March 21st.",
        &[("March 21st", "2025-03-21", "", Day)],
    ),
];

fn opt(s: &str) -> Option<NaiveDate> {
    (!s.is_empty()).then(|| d(s))
}

#[test]
fn date_table() {
    assert!(CASES.len() >= 40);
    let published = Some(d(PUBLISHED));
    let mut failures = Vec::new();
    for (text, expected) in CASES {
        let got = find_dates(text, Span::new(0, text.len()), published);
        let got: Vec<(&str, Option<NaiveDate>, Option<NaiveDate>, DatePrecision)> = got
            .iter()
            .map(|m| (m.span.slice(text).unwrap(), m.value, m.end, m.precision))
            .collect();
        let want: Vec<(&str, Option<NaiveDate>, Option<NaiveDate>, DatePrecision)> = expected
            .iter()
            .map(|(s, v, e, p)| (*s, opt(v), opt(e), *p))
            .collect();
        if got != want {
            failures.push(format!("{text:?}\n   got  {got:?}\n   want {want:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing date cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn this_weekend_from_a_friday_is_ahead() {
    let friday = Some(d("2025-03-14"));
    let t = "Officials will meet this weekend.";
    let got = find_dates(t, Span::new(0, t.len()), friday);
    assert_eq!(
        (got[0].value, got[0].end),
        (Some(d("2025-03-15")), Some(d("2025-03-16")))
    );
    let t = "Officials met over the weekend.";
    let got = find_dates(t, Span::new(0, t.len()), friday);
    assert_eq!(
        (got[0].value, got[0].end),
        (Some(d("2025-03-08")), Some(d("2025-03-09")))
    );
}

#[test]
fn relative_flag() {
    let p = Some(d(PUBLISHED));
    let rel = |t: &str| find_dates(t, Span::new(0, t.len()), p)[0].relative;
    assert!(rel("on Tuesday"));
    assert!(rel("yesterday"));
    assert!(rel("on March 3"));
    assert!(!rel("on 3 March 2025"));
    assert!(!rel("in 2014"));
}

#[test]
fn without_publication_date() {
    let t = "On Tuesday and on January 5 and on 5 January 2026 and in 2014, last week.";
    let got = find_dates(t, Span::new(0, t.len()), None);
    let view: Vec<(&str, Option<NaiveDate>, DatePrecision)> = got
        .iter()
        .map(|m| (m.span.slice(t).unwrap(), m.value, m.precision))
        .collect();
    assert_eq!(
        view,
        [
            ("Tuesday", None, Unresolved),
            ("January 5", None, Unresolved),
            ("5 January 2026", Some(d("2026-01-05")), Day),
            ("2014", Some(d("2014-01-01")), Year),
            ("last week", None, Unresolved),
        ]
    );
}

#[test]
fn within_limits_search() {
    let t = "Yesterday rebels attacked. On Tuesday troops left.";
    let got = find_dates(t, Span::new(27, t.len()), Some(d(PUBLISHED)));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].span.slice(t), Some("Tuesday"));
}
