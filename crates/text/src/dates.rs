//! Date expressions and their resolution against the publication date.

use crate::lexicon::{eq_any, month_of, small_number_word, weekday_of};
use crate::tokens::{tokenize, Token, TokenKind};
use chrono::{Datelike, Days, Months, NaiveDate};
use sitrep_model::{DatePrecision, Span};

/// A date expression found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// The expression, e.g. "Tuesday", "last week", "March 3-5", "since Sunday".
    pub span: Span,
    /// First day of the period (`None` when it cannot be resolved).
    pub value: Option<NaiveDate>,
    /// Last day of the period when it spans more than one day (ranges, weeks, months, years,
    /// "since ..." up to publication).
    pub end: Option<NaiveDate>,
    pub precision: DatePrecision,
    /// Resolved (or to be resolved) against the publication date: weekdays, "yesterday",
    /// "last month", dates without a year.
    pub relative: bool,
}

/// How far after publication a yearless date may fall before the previous year is chosen.
const FUTURE_TOLERANCE_DAYS: u64 = 7;

/// Date expressions inside `within`, resolved against `published`. Without a publication date
/// relative expressions get precision `Unresolved` and no value; absolute ones still resolve.
/// Durations ("three days of clashes", "for two weeks", "48 hours") are not dates.
pub fn find_dates(text: &str, within: Span, published: Option<NaiveDate>) -> Vec<DateMention> {
    let toks = tokenize(text, within);
    let words: Vec<&str> = toks
        .iter()
        .map(|t| t.span.slice(text).unwrap_or(""))
        .collect();
    let m = Matcher {
        toks: &toks,
        words: &words,
        published,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match m.at(i) {
            Some((d, next)) if next > i => {
                out.push(d);
                i = next;
            }
            _ => i += 1,
        }
    }
    out
}

struct Matcher<'a> {
    toks: &'a [Token],
    words: &'a [&'a str],
    published: Option<NaiveDate>,
}

fn last_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

fn month_period(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    Some((NaiveDate::from_ymd_opt(y, m, 1)?, last_of_month(y, m)?))
}

fn year_period(y: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(y, 1, 1)?,
        NaiveDate::from_ymd_opt(y, 12, 31)?,
    ))
}

fn week_of(d: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let monday = d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))?;
    Some((monday, monday.checked_add_days(Days::new(6))?))
}

/// Most recent `weekday` (Monday = 0) on or before `pub_date`; `strict` excludes the day itself.
fn recent_weekday(pub_date: NaiveDate, weekday: u32, strict: bool) -> Option<NaiveDate> {
    let mut delta = (pub_date.weekday().num_days_from_monday() + 7 - weekday) % 7;
    if strict && delta == 0 {
        delta = 7;
    }
    pub_date.checked_sub_days(Days::new(u64::from(delta)))
}

/// Year for a yearless month/day: the latest year such that the date is not more than a few
/// days after publication.
fn infer_year(pub_date: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let limit = pub_date.checked_add_days(Days::new(FUTURE_TOLERANCE_DAYS))?;
    for y in [pub_date.year(), pub_date.year() - 1] {
        if let Some(d) = NaiveDate::from_ymd_opt(y, month, day) {
            if d <= limit {
                return Some(d);
            }
        }
    }
    // Feb 29 of a non-leap year and similar: try a few years back
    (2..5).find_map(|k| NaiveDate::from_ymd_opt(pub_date.year() - k, month, day))
}

fn valid_day(month: u32, day: u32) -> bool {
    // leap-year-agnostic validity (Feb 29 allowed)
    NaiveDate::from_ymd_opt(2000, month, day).is_some()
}

fn parse_year(s: &str) -> Option<i32> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = s.parse().ok()?;
        (1900..=2100).contains(&y).then_some(y)
    } else {
        None
    }
}

/// Day of month from "5", "05", "5th", "21st".
fn parse_day(s: &str) -> Option<u32> {
    let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &s[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !suffix.is_empty() && !eq_any(suffix, &["st", "nd", "rd", "th"]) {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn is_dash(s: &str) -> bool {
    matches!(s, "-" | "–" | "—" | "‐" | "‑")
}

/// Words after which a bare month name or year is a date ("in March", "since 2014").
const MONTH_CONTEXT: &[&str] = &[
    "in",
    "since",
    "during",
    "until",
    "till",
    "by",
    "from",
    "early",
    "late",
    "mid",
    "of",
    "last",
    "this",
    "next",
    "before",
    "after",
    "through",
    "throughout",
    "between",
    "and",
    "to",
    "around",
];

const MAY_CONTEXT: &[&str] = &[
    "in", "since", "during", "until", "early", "late", "mid", "of",
];

struct Found {
    start: usize, // token index
    end: usize,   // token index, exclusive
    value: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    precision: DatePrecision,
    relative: bool,
}

impl<'a> Matcher<'a> {
    fn w(&self, i: usize) -> &'a str {
        self.words.get(i).copied().unwrap_or("")
    }
    fn is(&self, i: usize, word: &str) -> bool {
        self.w(i).eq_ignore_ascii_case(word)
    }
    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }
    fn adjacent(&self, i: usize) -> bool {
        // token i ends where token i+1 starts
        matches!((self.toks.get(i), self.toks.get(i + 1)), (Some(a), Some(b)) if a.span.end == b.span.start)
    }
    fn capitalized(&self, i: usize) -> bool {
        self.w(i).chars().next().is_some_and(|c| c.is_uppercase())
    }

    fn mention(&self, f: Found) -> Option<(DateMention, usize)> {
        let a = self.toks.get(f.start)?;
        let b = self.toks.get(f.end.checked_sub(1)?)?;
        let precision = if f.value.is_none() {
            DatePrecision::Unresolved
        } else {
            f.precision
        };
        let end_date = f.end_date.filter(|e| f.value.is_some_and(|v| *e > v));
        Some((
            DateMention {
                span: Span::new(a.span.start, b.span.end),
                value: f.value,
                end: end_date,
                precision,
                relative: f.relative,
            },
            f.end,
        ))
    }

    fn at(&self, i: usize) -> Option<(DateMention, usize)> {
        if self.is(i, "since") {
            if let Some(f) = self.core(i + 1) {
                let end = match (f.value, self.published) {
                    (Some(v), Some(p)) if p >= v => Some(p),
                    _ => f.end_date,
                };
                return self.mention(Found {
                    start: i,
                    end_date: end,
                    ..f
                });
            }
            return None;
        }
        if self.is(i, "between") || self.is(i, "from") {
            if let Some(f) = self.range_between(i) {
                return self.mention(f);
            }
        }
        let f = self.core(i)?;
        self.mention(f)
    }

    /// "between March 3 and 5", "from March 3 to March 5"
    fn range_between(&self, i: usize) -> Option<Found> {
        let m = month_of(self.w(i + 1)).filter(|_| self.capitalized(i + 1))?;
        let d1 = parse_day(self.w(i + 2))?;
        let joiner = if self.is(i, "between") { "and" } else { "to" };
        if !(self.is(i + 3, joiner) || (joiner == "to" && self.is(i + 3, "until"))) {
            return None;
        }
        let (m2, j) = match month_of(self.w(i + 4)).filter(|_| self.capitalized(i + 4)) {
            Some(m2) => (m2, i + 5),
            None => (m, i + 4),
        };
        let d2 = parse_day(self.w(j))?;
        let (year, next) = match (
            self.is(j + 1, ","),
            parse_year(self.w(j + 2)),
            parse_year(self.w(j + 1)),
        ) {
            (true, Some(y), _) => (Some(y), j + 3),
            (_, _, Some(y)) => (Some(y), j + 2),
            _ => (None, j + 1),
        };
        let (a, b, relative) = self.resolve_md_range(m, d1, m2, d2, year)?;
        Some(Found {
            start: i,
            end: next,
            value: a,
            end_date: b,
            precision: DatePrecision::Day,
            relative,
        })
    }

    fn resolve_md_range(
        &self,
        m1: u32,
        d1: u32,
        m2: u32,
        d2: u32,
        year: Option<i32>,
    ) -> Option<(Option<NaiveDate>, Option<NaiveDate>, bool)> {
        if !valid_day(m1, d1) || !valid_day(m2, d2) {
            return None;
        }
        match year {
            Some(y) => {
                let a = NaiveDate::from_ymd_opt(y, m1, d1)?;
                let b = NaiveDate::from_ymd_opt(y, m2, d2)?;
                (b >= a).then_some((Some(a), Some(b), false))
            }
            None => match self.published {
                Some(p) => {
                    let a = infer_year(p, m1, d1)?;
                    let b = NaiveDate::from_ymd_opt(a.year(), m2, d2)?;
                    (b >= a).then_some((Some(a), Some(b), true))
                }
                None => ((m2, d2) >= (m1, d1)).then_some((None, None, true)),
            },
        }
    }

    /// A date expression starting at token `i` (without "since"/"between").
    fn core(&self, i: usize) -> Option<Found> {
        let w = self.w(i);
        if w.is_empty() {
            return None;
        }
        let p = self.published;
        let rel =
            |start: usize, end: usize, period: Option<(NaiveDate, NaiveDate)>, precision| Found {
                start,
                end,
                value: period.map(|x| x.0),
                end_date: period.map(|x| x.1),
                precision,
                relative: true,
            };
        let day = |start: usize, end: usize, d: Option<NaiveDate>| {
            rel(start, end, d.map(|d| (d, d)), DatePrecision::Day)
        };

        // ISO 2026-01-05
        if let Some(y) = parse_year(w) {
            if self.kind(i) == Some(TokenKind::Number)
                && self.is(i + 1, "-")
                && self.adjacent(i)
                && self.adjacent(i + 1)
                && self.adjacent(i + 2)
                && self.is(i + 3, "-")
                && self.w(i + 2).len() == 2
                && self.w(i + 4).len() == 2
            {
                let m: u32 = self.w(i + 2).parse().ok()?;
                let d: u32 = self.w(i + 4).parse().ok()?;
                let date = NaiveDate::from_ymd_opt(y, m, d)?;
                return Some(Found {
                    start: i,
                    end: i + 5,
                    value: Some(date),
                    end_date: None,
                    precision: DatePrecision::Day,
                    relative: false,
                });
            }
            // bare year after a context word: "in 2014", "since 2014", "early 2014"
            let prev = i.checked_sub(1).map(|k| self.w(k)).unwrap_or("");
            if eq_any(
                prev,
                &[
                    "in",
                    "since",
                    "during",
                    "until",
                    "till",
                    "by",
                    "throughout",
                    "from",
                    "before",
                    "after",
                    "early",
                    "late",
                    "mid",
                    "of",
                    "between",
                    "and",
                    "to",
                ],
            ) && !self.is(i + 1, "-")
            {
                return Some(Found {
                    start: i,
                    end: i + 1,
                    value: year_period(y).map(|x| x.0),
                    end_date: year_period(y).map(|x| x.1),
                    precision: DatePrecision::Year,
                    relative: false,
                });
            }
            return None;
        }

        // "mid-March", "mid-2014"
        if let Some(rest) = w.strip_prefix("mid-").or_else(|| w.strip_prefix("Mid-")) {
            if let Some(y) = parse_year(rest) {
                let per = year_period(y);
                return Some(Found {
                    start: i,
                    end: i + 1,
                    value: per.map(|x| x.0),
                    end_date: per.map(|x| x.1),
                    precision: DatePrecision::Year,
                    relative: false,
                });
            }
            if let Some(m) = month_of(rest) {
                return self.month_tail(i, i + 1, m);
            }
            return None;
        }

        // early/late + month/year/last month/this month
        if eq_any(w, &["early", "late", "earlier", "later"]) {
            if let Some(m) = month_of(self.w(i + 1)).filter(|_| self.capitalized(i + 1)) {
                return self.month_tail(i, i + 2, m);
            }
            if let Some(y) = parse_year(self.w(i + 1)) {
                let per = year_period(y);
                return Some(Found {
                    start: i,
                    end: i + 2,
                    value: per.map(|x| x.0),
                    end_date: per.map(|x| x.1),
                    precision: DatePrecision::Year,
                    relative: false,
                });
            }
            if eq_any(self.w(i + 1), &["last", "this"])
                || (self.is(i + 1, "in") && self.is(i + 2, "the"))
            {
                let f = self.core(i + 1)?;
                if matches!(
                    f.precision,
                    DatePrecision::Month | DatePrecision::Year | DatePrecision::Week
                ) || self.is(i + 1, "in")
                {
                    return Some(Found { start: i, ..f });
                }
                return None;
            }
            if self.is(i + 1, "today") {
                return Some(day(i, i + 2, p));
            }
            return None;
        }

        // yesterday / today / tonight
        if w.eq_ignore_ascii_case("yesterday") {
            return Some(day(i, i + 1, p.and_then(|p| p.pred_opt())));
        }
        if w.eq_ignore_ascii_case("today") || w.eq_ignore_ascii_case("tonight") {
            return Some(day(i, i + 1, p));
        }
        if w.eq_ignore_ascii_case("this")
            && eq_any(self.w(i + 1), &["morning", "afternoon", "evening"])
        {
            return Some(day(i, i + 2, p));
        }

        // last/this/next + week/weekend/month/year/night/weekday/month name
        if eq_any(w, &["last", "this", "next", "past"]) {
            let which = if w.eq_ignore_ascii_case("last") || w.eq_ignore_ascii_case("past") {
                -1
            } else if w.eq_ignore_ascii_case("this") {
                0
            } else {
                1
            };
            let n = self.w(i + 1);
            if which == -1 && n.eq_ignore_ascii_case("night") {
                return Some(day(i, i + 2, p.and_then(|p| p.pred_opt())));
            }
            if n.eq_ignore_ascii_case("week") && !w.eq_ignore_ascii_case("past") {
                let per = p.and_then(|p| {
                    let anchor = match which {
                        -1 => p.checked_sub_days(Days::new(7))?,
                        1 => p.checked_add_days(Days::new(7))?,
                        _ => p,
                    };
                    week_of(anchor)
                });
                return Some(rel(i, i + 2, per, DatePrecision::Week));
            }
            if n.eq_ignore_ascii_case("weekend") && which <= 0 {
                return Some(rel(
                    i,
                    i + 2,
                    p.and_then(weekend_before),
                    DatePrecision::Week,
                ));
            }
            if n.eq_ignore_ascii_case("month") && !w.eq_ignore_ascii_case("past") {
                let per = p.and_then(|p| {
                    let anchor = match which {
                        -1 => p.checked_sub_months(Months::new(1))?,
                        1 => p.checked_add_months(Months::new(1))?,
                        _ => p,
                    };
                    month_period(anchor.year(), anchor.month())
                });
                return Some(rel(i, i + 2, per, DatePrecision::Month));
            }
            if n.eq_ignore_ascii_case("year") && !w.eq_ignore_ascii_case("past") {
                let per = p.and_then(|p| year_period(p.year() + which));
                return Some(rel(i, i + 2, per, DatePrecision::Year));
            }
            if let Some(wd) = weekday_of(n).filter(|_| self.capitalized(i + 1)) {
                let d = p.and_then(|p| match which {
                    -1 => recent_weekday(p, wd, true),
                    0 => recent_weekday(p, wd, false),
                    _ => {
                        let delta = (wd + 7 - p.weekday().num_days_from_monday()) % 7;
                        p.checked_add_days(Days::new(u64::from(if delta == 0 { 7 } else { delta })))
                    }
                });
                return Some(day(i, self.part_of_day(i + 2), d));
            }
            if let Some(m) = month_of(n).filter(|_| self.capitalized(i + 1) && which == -1) {
                // "last March": the most recent March strictly before the publication month
                let per = p.and_then(|p| {
                    let y = if m < p.month() {
                        p.year()
                    } else {
                        p.year() - 1
                    };
                    month_period(y, m)
                });
                return Some(rel(i, i + 2, per, DatePrecision::Month));
            }
            return None;
        }

        // the weekend (over/during/at the weekend)
        if w.eq_ignore_ascii_case("the") && self.is(i + 1, "weekend") {
            let prev = i.checked_sub(1).map(|k| self.w(k)).unwrap_or("");
            if eq_any(
                prev,
                &[
                    "over",
                    "during",
                    "at",
                    "on",
                    "since",
                    "through",
                    "throughout",
                ],
            ) || self.is(i + 2, "'s")
                || self.is(i + 2, "’s")
            {
                return Some(rel(
                    i,
                    i + 2,
                    p.and_then(weekend_before),
                    DatePrecision::Week,
                ));
            }
            return None;
        }

        // N days/weeks/months/years ago
        if let Some(f) = self.ago(i) {
            return Some(f);
        }

        // weekday
        if let Some(wd) = weekday_of(w).filter(|_| self.capitalized(i)) {
            let d = p.and_then(|p| recent_weekday(p, wd, false));
            // "Tuesday, January 20" -> let the explicit date win
            if self.is(i + 1, ",") && month_of(self.w(i + 2)).is_some() && self.capitalized(i + 2) {
                if let Some(f) = self.core(i + 2) {
                    return Some(Found { start: i, ..f });
                }
            }
            return Some(day(i, self.part_of_day(i + 1), d));
        }

        // month-led: "March 3", "Jan. 5, 2026", "March 3-5", "March 2025", "in March"
        if let Some(m) = month_of(w).filter(|_| self.capitalized(i)) {
            let is_may = m == 5 && w.eq_ignore_ascii_case("may");
            if let Some(d1) = parse_day(self.w(i + 1)) {
                // range "March 3-5" / "March 3 to 5" / "March 30 to April 2"
                let j = i + 2;
                let mut range = None;
                if is_dash(self.w(j)) || self.is(j, "to") || self.is(j, "until") {
                    if let Some(d2) = parse_day(self.w(j + 1)) {
                        range = Some((m, d2, j + 2));
                    } else if let Some(m2) =
                        month_of(self.w(j + 1)).filter(|_| self.capitalized(j + 1))
                    {
                        if let Some(d2) = parse_day(self.w(j + 2)) {
                            range = Some((m2, d2, j + 3));
                        }
                    }
                }
                if let Some((m2, d2, after)) = range {
                    let (year, next) = self.year_after(after);
                    let (a, b, r) = self.resolve_md_range(m, d1, m2, d2, year)?;
                    return Some(Found {
                        start: i,
                        end: next,
                        value: a,
                        end_date: b,
                        precision: DatePrecision::Day,
                        relative: r,
                    });
                }
                if !valid_day(m, d1) {
                    return None; // "February 30"
                }
                let (year, next) = self.year_after(j);
                let (value, relative) = match (year, p) {
                    (Some(y), _) => (Some(NaiveDate::from_ymd_opt(y, m, d1)?), false),
                    (None, Some(p)) => (infer_year(p, m, d1), true),
                    (None, None) => (None, true),
                };
                return Some(Found {
                    start: i,
                    end: next,
                    value,
                    end_date: None,
                    precision: DatePrecision::Day,
                    relative,
                });
            }
            if let Some(y) = parse_year(self.w(i + 1)) {
                let per = month_period(y, m);
                return Some(Found {
                    start: i,
                    end: i + 2,
                    value: per.map(|x| x.0),
                    end_date: per.map(|x| x.1),
                    precision: DatePrecision::Month,
                    relative: false,
                });
            }
            let prev = i.checked_sub(1).map(|k| self.w(k)).unwrap_or("");
            // "may" is a verb too: a bare "May" needs a clearly temporal preposition
            let context = if is_may { MAY_CONTEXT } else { MONTH_CONTEXT };
            if eq_any(prev, context) {
                return self.month_tail(i, i + 1, m);
            }
            return None;
        }

        // day-led: "5 January 2026", "3-5 March", "5th of March"
        if let Some(d1) = parse_day(w) {
            let mut j = i + 1;
            let mut d2 = None;
            if is_dash(self.w(j)) && parse_day(self.w(j + 1)).is_some() && self.adjacent(i) {
                d2 = parse_day(self.w(j + 1));
                j += 2;
            }
            if self.is(j, "of") {
                j += 1;
            }
            let m = month_of(self.w(j)).filter(|_| self.capitalized(j))?;
            if m == 5 && self.is(j, "may") {
                return None;
            }
            let (year, next) = self.year_after(j + 1);
            if let Some(d2) = d2 {
                let (a, b, r) = self.resolve_md_range(m, d1, m, d2, year)?;
                return Some(Found {
                    start: i,
                    end: next,
                    value: a,
                    end_date: b,
                    precision: DatePrecision::Day,
                    relative: r,
                });
            }
            if !valid_day(m, d1) {
                return None;
            }
            let (value, relative) = match (year, p) {
                (Some(y), _) => (Some(NaiveDate::from_ymd_opt(y, m, d1)?), false),
                (None, Some(p)) => (infer_year(p, m, d1), true),
                (None, None) => (None, true),
            };
            return Some(Found {
                start: i,
                end: next,
                value,
                end_date: None,
                precision: DatePrecision::Day,
                relative,
            });
        }
        None
    }

    /// Skips "morning"/"night"... after a weekday; returns the exclusive end token index.
    fn part_of_day(&self, j: usize) -> usize {
        if eq_any(self.w(j), &["morning", "afternoon", "evening", "night"]) {
            j + 1
        } else {
            j
        }
    }

    /// Optional ", 2026" / " 2026" after token j-1; returns (year, exclusive end).
    fn year_after(&self, j: usize) -> (Option<i32>, usize) {
        if self.is(j, ",") {
            if let Some(y) = parse_year(self.w(j + 1)) {
                return (Some(y), j + 2);
            }
        }
        if let Some(y) = parse_year(self.w(j)) {
            return (Some(y), j + 1);
        }
        (None, j)
    }

    /// A month name (already recognised, tokens start..end) with an optional year after it.
    fn month_tail(&self, start: usize, end: usize, m: u32) -> Option<Found> {
        let (year, next) = self.year_after(end);
        let (per, relative) = match (year, self.published) {
            (Some(y), _) => (month_period(y, m), false),
            (None, Some(p)) => {
                let y = if m <= p.month() {
                    p.year()
                } else {
                    p.year() - 1
                };
                (month_period(y, m), true)
            }
            (None, None) => (None, true),
        };
        Some(Found {
            start,
            end: next,
            value: per.map(|x| x.0),
            end_date: per.map(|x| x.1),
            precision: DatePrecision::Month,
            relative,
        })
    }

    /// "three days ago", "a week ago", "two years ago". Bare "years ago" is not a date.
    fn ago(&self, i: usize) -> Option<Found> {
        let n: u64 = if self.is(i, "a") || self.is(i, "an") || self.is(i, "one") {
            1
        } else if let Some(v) = small_number_word(self.w(i)) {
            v
        } else if self.kind(i) == Some(TokenKind::Number) {
            self.w(i).parse().ok()?
        } else {
            return None;
        };
        let unit = self.w(i + 1).to_ascii_lowercase();
        if !self.is(i + 2, "ago") || n == 0 || n > 1000 {
            return None;
        }
        let p = self.published;
        let (value, end_date, precision) = match unit.trim_end_matches('s') {
            "day" => {
                let d = p.and_then(|p| p.checked_sub_days(Days::new(n)));
                (d, None, DatePrecision::Day)
            }
            "week" => {
                let per = p
                    .and_then(|p| p.checked_sub_days(Days::new(n * 7)))
                    .and_then(week_of);
                (per.map(|x| x.0), per.map(|x| x.1), DatePrecision::Week)
            }
            "month" => {
                let per = p
                    .and_then(|p| p.checked_sub_months(Months::new(u32::try_from(n).ok()?)))
                    .and_then(|a| month_period(a.year(), a.month()));
                (per.map(|x| x.0), per.map(|x| x.1), DatePrecision::Month)
            }
            "year" => {
                let per = p.and_then(|p| year_period(p.year() - i32::try_from(n).ok()?));
                (per.map(|x| x.0), per.map(|x| x.1), DatePrecision::Year)
            }
            _ => return None,
        };
        Some(Found {
            start: i,
            end: i + 3,
            value,
            end_date,
            precision,
            relative: true,
        })
    }
}

/// The Saturday..Sunday weekend before publication (a Sunday publication refers to the
/// weekend it ends; a Saturday publication to the previous weekend).
fn weekend_before(p: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let sat = if p.weekday().num_days_from_monday() == 6 {
        p.pred_opt()?
    } else {
        recent_weekday(p, 5, true)?
    };
    Some((sat, sat.succ_opt()?))
}
