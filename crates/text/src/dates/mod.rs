//! Date expressions and their resolution against the publication date.

use crate::lexicon::{eq_any, lower, month_of, small_number_word, weekday_of, words};
use crate::tokens::{TokView, TokenKind};
use chrono::{Datelike, Days, Months, NaiveDate};
use sitrep_model::{DatePrecision, Span};

/// A date expression found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// The expression, e.g. "Tuesday", "last week", "March 3-5", "since Sunday" (prepositions
    /// such as "on"/"in" are not part of it; "since"/"between" are).
    pub span: Span,
    /// First day of the period (`None` when it cannot be resolved).
    pub value: Option<NaiveDate>,
    /// Last day of the period when it spans more than one day (ranges, weeks, months, years,
    /// "since ..." up to publication).
    pub end: Option<NaiveDate>,
    /// `Unresolved` exactly when `value` is `None`.
    pub precision: DatePrecision,
    /// Resolved (or to be resolved) against the publication date: weekdays, "yesterday",
    /// "last month", dates without a year.
    pub relative: bool,
}

/// How far after publication a yearless date may fall before the previous year is chosen.
const FUTURE_TOLERANCE_DAYS: u64 = 7;

/// Date expressions inside `within`, resolved against `published`. Without a publication date
/// relative expressions get precision `Unresolved` and no value; absolute ones still resolve.
/// Durations ("three days of clashes", "for two weeks", "48 hours") are not dates, nor are
/// "years ago" or impossible dates ("February 30").
pub fn find_dates(text: &str, within: Span, published: Option<NaiveDate>) -> Vec<DateMention> {
    dates_in(&TokView::new(text, within), published)
}

/// [`find_dates`] over an existing token view.
pub(crate) fn dates_in(v: &TokView<'_>, published: Option<NaiveDate>) -> Vec<DateMention> {
    let m = Matcher { v, published };
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        if !m.may_start(i) {
            i += 1;
            continue;
        }
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

mod calendar;
mod periods;

use calendar::*;

/// Four-digit numbers read as years.
pub(crate) const YEARS: std::ops::RangeInclusive<i32> = 1800..=2100;

fn parse_year(s: &str) -> Option<i32> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = s.parse().ok()?;
        YEARS.contains(&y).then_some(y)
    } else {
        None
    }
}

/// "1990s" -> 1990-01-01..1999-12-31.
fn decade(s: &str) -> Option<Period> {
    let y = parse_year(s.strip_suffix('s')?)?;
    if y % 10 != 0 {
        return None;
    }
    Some((year_period(y)?.0, year_period(y + 9)?.1))
}

/// Day of month from "5", "05", "5th", "21st".
fn parse_day(s: &str) -> Option<u32> {
    let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = s.get(digits.len()..)?;
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

/// Lowercase words that can open a date expression (capitalised words are always tried).
fn lowercase_start(w: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        lower(w, &mut buf),
        Some(
            b"since"
                | b"between"
                | b"from"
                | b"early"
                | b"late"
                | b"earlier"
                | b"later"
                | b"yesterday"
                | b"today"
                | b"tonight"
                | b"this"
                | b"last"
                | b"next"
                | b"past"
                | b"the"
                | b"recent"
                | b"overnight"
                | b"start"
                | b"beginning"
                | b"middle"
                | b"end"
        )
    )
}

/// A match over tokens `start..end` before it becomes a [`DateMention`].
struct Found {
    start: usize,
    end: usize,
    value: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    precision: DatePrecision,
    relative: bool,
}

impl Found {
    fn period(
        start: usize,
        end: usize,
        per: Option<Period>,
        precision: DatePrecision,
        relative: bool,
    ) -> Found {
        Found {
            start,
            end,
            value: per.map(|x| x.0),
            end_date: per.map(|x| x.1),
            precision,
            relative,
        }
    }
    fn day(start: usize, end: usize, d: Option<NaiveDate>, relative: bool) -> Found {
        Found::period(start, end, d.map(|d| (d, d)), DatePrecision::Day, relative)
    }
}

struct Matcher<'a, 'v> {
    v: &'a TokView<'v>,
    published: Option<NaiveDate>,
}

impl Matcher<'_, '_> {
    fn mention(&self, f: Found) -> Option<(DateMention, usize)> {
        let span = self.v.span(f.start, f.end)?;
        let precision = if f.value.is_none() {
            DatePrecision::Unresolved
        } else {
            f.precision
        };
        let end = f.end_date.filter(|e| f.value.is_some_and(|v| *e > v));
        let m = DateMention {
            span,
            value: f.value,
            end,
            precision,
            relative: f.relative,
        };
        Some((m, f.end))
    }

    /// Cheap test that rules out most tokens before the full match is tried.
    fn may_start(&self, i: usize) -> bool {
        let v = self.v;
        match v.kind(i) {
            Some(TokenKind::Number) => true,
            Some(TokenKind::Word) => {
                let w = v.w(i);
                let first = w.as_bytes().first().copied().unwrap_or(0);
                first.is_ascii_uppercase()
                    || first.is_ascii_digit()
                    || v.is(i + 2, "ago")
                    || w.starts_with("mid-")
                    || lowercase_start(w)
            }
            _ => false,
        }
    }

    fn at(&self, i: usize) -> Option<(DateMention, usize)> {
        let v = self.v;
        if v.is(i, "since") {
            let f = self.core(i + 1)?;
            let end_date = match (f.value, self.published) {
                (Some(val), Some(p)) if p >= val => Some(p),
                _ => f.end_date,
            };
            return self.mention(Found {
                start: i,
                end_date,
                ..f
            });
        }
        if v.is(i, "between") || v.is(i, "from") {
            if let Some(f) = self.range_between(i) {
                return self.mention(f);
            }
        }
        let f = self.core(i)?;
        self.mention(f)
    }

    fn month_at(&self, i: usize) -> Option<u32> {
        month_of(self.v.w(i)).filter(|_| self.v.capitalized(i))
    }

    /// "between March 3 and 5", "from March 3 to April 2, 2025"
    fn range_between(&self, i: usize) -> Option<Found> {
        let v = self.v;
        let joiner = |k: usize| {
            if v.is(i, "between") {
                v.is(k, "and")
            } else {
                v.is(k, "to") || v.is(k, "until") || v.is(k, "till") || v.is(k, "through")
            }
        };
        // "between 2014 and 2021", "from 2011 to 2014"
        if let (Some(y1), true, Some(y2)) = (
            parse_year(v.w(i + 1)),
            joiner(i + 2),
            parse_year(v.w(i + 3)),
        ) {
            let per = (y2 > y1)
                .then(|| Some((year_period(y1)?.0, year_period(y2)?.1)))
                .flatten();
            return per.map(|per| Found::period(i, i + 4, Some(per), DatePrecision::Year, false));
        }
        let Some((m, d1)) = self
            .month_at(i + 1)
            .and_then(|m| Some((m, parse_day(v.w(i + 2))?)))
        else {
            return self.range_more(i, &joiner);
        };
        if !joiner(i + 3) {
            return None;
        }
        let (m2, j) = match self.month_at(i + 4) {
            Some(m2) => (m2, i + 5),
            None => (m, i + 4),
        };
        let d2 = parse_day(v.w(j))?;
        let (year, next) = self.year_after(j + 1);
        self.md_range(i, next, (m, d1), (m2, d2), year)
    }

    /// A single month/day with an optional explicit year.
    fn md(&self, start: usize, end: usize, m: u32, d: u32, year: Option<i32>) -> Option<Found> {
        if !valid_day(m, d) {
            return None; // "February 30"
        }
        Some(match (year, self.published) {
            (Some(y), _) => Found::day(start, end, Some(NaiveDate::from_ymd_opt(y, m, d)?), false),
            (None, p) => Found::day(start, end, p.and_then(|p| infer_year(p, m, d)), true),
        })
    }

    /// A month/day range; the end must not precede the start.
    fn md_range(
        &self,
        start: usize,
        end: usize,
        a: (u32, u32),
        b: (u32, u32),
        year: Option<i32>,
    ) -> Option<Found> {
        if !valid_day(a.0, a.1) || !valid_day(b.0, b.1) || b < a {
            return None;
        }
        let (first, relative) = match (year, self.published) {
            (Some(y), _) => (Some(NaiveDate::from_ymd_opt(y, a.0, a.1)?), false),
            (None, p) => (p.and_then(|p| infer_year(p, a.0, a.1)), true),
        };
        let per = match first {
            Some(f) => Some((f, NaiveDate::from_ymd_opt(f.year(), b.0, b.1)?)),
            None => None,
        };
        Some(Found::period(start, end, per, DatePrecision::Day, relative))
    }

    /// A date expression starting at token `i` (without "since"/"between").
    fn core(&self, i: usize) -> Option<Found> {
        let v = self.v;
        let w = v.w(i);
        if w.is_empty() {
            return None;
        }
        if parse_year(w).is_some() && v.kind(i) == Some(TokenKind::Number) {
            return self.year_led(i);
        }
        if let Some(per) = decade(w).filter(|_| eq_any(v.prev(i), &words().decade_context)) {
            // "in the 1990s", "since the 1980s"
            return Some(Found::period(
                i,
                i + 1,
                Some(per),
                DatePrecision::Year,
                false,
            ));
        }
        if let Some(rest) = w.strip_prefix("mid-").or_else(|| w.strip_prefix("Mid-")) {
            // "mid-March", "mid-2014", "mid-1990s"
            if let Some(per) = decade(rest) {
                return Some(Found::period(
                    i,
                    i + 1,
                    Some(per),
                    DatePrecision::Year,
                    false,
                ));
            }
            if let Some(y) = parse_year(rest) {
                let f = Found::period(i, i + 1, year_period(y), DatePrecision::Year, false);
                return Some(self.third_by_word(i, f));
            }
            let m = month_of(rest)?;
            let f = self.month_tail(i, i + 1, m)?;
            return Some(self.third_by_word(i, f));
        }
        if eq_any(w, &["early", "late", "earlier", "later"]) {
            return self.early_late(i);
        }
        if let Some(f) = self.quarter(i) {
            return Some(f);
        }
        if w.eq_ignore_ascii_case("the") || eq_any(w, &["last", "past", "recent"]) {
            let f = self
                .day_part_of(i)
                .or_else(|| self.part_of_period(i))
                .or_else(|| self.week_of_month_at(i))
                .or_else(|| self.recent(i));
            if f.is_some() {
                return f;
            }
        }
        if eq_any(w, &["start", "beginning", "middle", "end"]) {
            return self.part_of_period(i);
        }
        if w.eq_ignore_ascii_case("overnight") {
            return self.overnight(i);
        }
        if let Some(f) = self.deictic(i) {
            return Some(f);
        }
        if eq_any(w, &["last", "this", "next", "past"]) {
            return self.last_this_next(i);
        }
        if w.eq_ignore_ascii_case("the") && v.is(i + 1, "weekend") {
            let possessive = v.is(i + 2, "'s") || v.is(i + 2, "’s");
            if eq_any(v.prev(i), &words().weekend_context) || possessive {
                let per = self.published.and_then(weekend_before);
                return Some(Found::period(i, i + 2, per, DatePrecision::Week, true));
            }
            return None;
        }
        if let Some(f) = self.ago(i) {
            return Some(f);
        }
        if let Some(f) = self.weekday_led(i) {
            return Some(f);
        }
        if let Some(m) = self.month_at(i) {
            return self.month_led(i, m);
        }
        if parse_day(w).is_some() {
            return self.numeric(i).or_else(|| self.day_led(i));
        }
        None
    }

    /// "21/01/2026" or "01/21/2026" when the order is unambiguous (one part above 12, or
    /// both parts equal); "05/06/2026" is skipped rather than guessed.
    fn numeric(&self, i: usize) -> Option<Found> {
        let v = self.v;
        let slashes = v.is(i + 1, "/") && v.is(i + 3, "/") && (i..i + 4).all(|k| v.adjacent(k));
        if !slashes || v.kind(i + 2) != Some(TokenKind::Number) {
            return None;
        }
        let y = parse_year(v.w(i + 4))?;
        let a: u32 = v.w(i).parse().ok()?;
        let b: u32 = v.w(i + 2).parse().ok()?;
        let (m, d) = match (a > 12, b > 12) {
            (true, false) => (b, a),
            (false, true) => (a, b),
            (false, false) if a == b => (a, b),
            _ => return None,
        };
        let date = NaiveDate::from_ymd_opt(y, m, d)?;
        Some(Found::day(i, i + 5, Some(date), false))
    }

    /// "2026-01-05", "in 2014" (the year itself), "2014" after "early"/"since"...
    fn year_led(&self, i: usize) -> Option<Found> {
        let v = self.v;
        let y = parse_year(v.w(i))?;
        // ISO 8601, possibly with a time glued on ("2026-01-05T10:00Z")
        let day_part = v.w(i + 4).get(..2).unwrap_or("");
        let iso = v.is(i + 1, "-")
            && v.is(i + 3, "-")
            && (i..i + 4).all(|k| v.adjacent(k))
            && v.w(i + 2).len() == 2
            && (v.w(i + 4).len() == 2 || v.w(i + 4).get(2..3) == Some("T"));
        if iso {
            let m: u32 = v.w(i + 2).parse().ok()?;
            let d: u32 = day_part.parse().ok()?;
            let date = NaiveDate::from_ymd_opt(y, m, d)?;
            return Some(Found::day(i, i + 5, Some(date), false));
        }
        // "the 2004 bombing", "a 2013 agreement", "Syria's 2011 uprising": a year used as a
        // modifier of a singular noun (a plural would make it a count: "the 2000 prisoners")
        let next = v.w(i + 1);
        let modifier = (eq_any(v.prev(i), &words().year_modifier_context)
            || matches!(v.prev(i), "'s" | "’s"))
            && v.kind(i + 1) == Some(TokenKind::Word)
            && next.starts_with(|c: char| c.is_lowercase())
            && !next.ends_with('s');
        if modifier
            || (eq_any(v.prev(i), &words().year_context) && !(v.is(i + 1, "-") && v.adjacent(i)))
        {
            return Some(Found::period(
                i,
                i + 1,
                year_period(y),
                DatePrecision::Year,
                false,
            ));
        }
        None
    }

    /// "early March", "late 2014", "late last month", "earlier this week", "earlier today"
    fn early_late(&self, i: usize) -> Option<Found> {
        let v = self.v;
        if let Some(m) = self.month_at(i + 1) {
            let f = self.month_tail(i, i + 2, m)?;
            return Some(self.third_by_word(i, f));
        }
        if let Some(y) = parse_year(v.w(i + 1)) {
            let f = Found::period(i, i + 2, year_period(y), DatePrecision::Year, false);
            return Some(self.third_by_word(i, f));
        }
        if v.is(i + 1, "last") || v.is(i + 1, "this") || v.is(i + 1, "next") {
            if let Some(f) = self.last_this_next(i + 1) {
                let coarse = matches!(f.precision, DatePrecision::Month | DatePrecision::Year);
                if coarse {
                    return Some(self.third_by_word(i, f));
                }
                if f.precision == DatePrecision::Week {
                    return Some(Found { start: i, ..f });
                }
            }
        }
        // "early Tuesday", "late last night", "earlier today"
        self.day_after_part(i)
    }

    /// "yesterday", "today", "tonight", "this morning", "last night"
    fn deictic(&self, i: usize) -> Option<Found> {
        let v = self.v;
        let p = self.published;
        let w = v.w(i);
        if w.eq_ignore_ascii_case("yesterday") {
            let end = self.part_of_day(i + 1);
            return Some(Found::day(i, end, p.and_then(|p| p.pred_opt()), true));
        }
        if w.eq_ignore_ascii_case("today") || w.eq_ignore_ascii_case("tonight") {
            return Some(Found::day(i, i + 1, p, true));
        }
        if w.eq_ignore_ascii_case("this")
            && eq_any(v.w(i + 1), &["morning", "afternoon", "evening"])
        {
            return Some(Found::day(i, i + 2, p, true));
        }
        if w.eq_ignore_ascii_case("last") && v.is(i + 1, "night") {
            return Some(Found::day(i, i + 2, p.and_then(|p| p.pred_opt()), true));
        }
        None
    }

    /// last/this/next + week/weekend/month/year/weekday/month name
    fn last_this_next(&self, i: usize) -> Option<Found> {
        let v = self.v;
        let p = self.published;
        let w = v.w(i);
        // "the last week", "the past month" are durations, not calendar periods
        if w.eq_ignore_ascii_case("past") || eq_any(v.prev(i), &["the", "past"]) {
            return None;
        }
        // "this past weekend" = "last weekend"; `k` is the index of the noun
        let this_past = w.eq_ignore_ascii_case("this") && v.is(i + 1, "past");
        let k = if this_past { i + 2 } else { i + 1 };
        let n = v.w(k);
        let shift: i32 = if w.eq_ignore_ascii_case("last") || this_past {
            -1
        } else if w.eq_ignore_ascii_case("this") {
            0
        } else {
            1
        };
        if n.eq_ignore_ascii_case("week") {
            let per = p
                .and_then(|p| p.checked_add_signed(chrono::Duration::days(7 * i64::from(shift))))
                .and_then(week_of);
            return Some(Found::period(i, k + 1, per, DatePrecision::Week, true));
        }
        if n.eq_ignore_ascii_case("weekend") && shift <= 0 {
            let per = p.and_then(|p| {
                if shift == 0 {
                    this_weekend(p)
                } else {
                    weekend_before(p)
                }
            });
            return Some(Found::period(i, k + 1, per, DatePrecision::Week, true));
        }
        if n.eq_ignore_ascii_case("month") {
            let per = p.and_then(|p| {
                let a = match shift {
                    -1 => p.checked_sub_months(Months::new(1))?,
                    1 => p.checked_add_months(Months::new(1))?,
                    _ => p,
                };
                month_period(a.year(), a.month())
            });
            return Some(Found::period(i, k + 1, per, DatePrecision::Month, true));
        }
        if n.eq_ignore_ascii_case("year") {
            let per = p.and_then(|p| year_period(p.year() + shift));
            return Some(Found::period(i, k + 1, per, DatePrecision::Year, true));
        }
        if let Some(wd) = weekday_of(n).filter(|_| v.capitalized(k)) {
            let d = p.and_then(|p| match shift {
                -1 => recent_weekday(p, wd, true),
                0 => recent_weekday(p, wd, false),
                _ => next_weekday(p, wd),
            });
            return Some(Found::day(i, self.part_of_day(k + 1), d, true));
        }
        if let Some(m) = self.month_at(k).filter(|_| shift == -1) {
            // "last March": the most recent March strictly before the publication month
            let per = p.and_then(|p| {
                month_period(
                    if m < p.month() {
                        p.year()
                    } else {
                        p.year() - 1
                    },
                    m,
                )
            });
            return Some(Found::period(i, k + 1, per, DatePrecision::Month, true));
        }
        None
    }

    /// "March 3", "Jan. 5, 2026", "March 3-5", "March 30 to April 2", "March 2025", "in March"
    fn month_led(&self, i: usize, m: u32) -> Option<Found> {
        let v = self.v;
        if let Some(d1) = parse_day(v.w(i + 1)) {
            let j = i + 2;
            if is_dash(v.w(j)) || v.is(j, "to") || v.is(j, "until") {
                let second = if let Some(d2) = parse_day(v.w(j + 1)) {
                    Some((m, d2, j + 2))
                } else {
                    self.month_at(j + 1)
                        .and_then(|m2| Some((m2, parse_day(v.w(j + 2))?, j + 3)))
                };
                if let Some((m2, d2, after)) = second {
                    let (year, next) = self.year_after(after);
                    return self.md_range(i, next, (m, d1), (m2, d2), year);
                }
            }
            let (year, next) = self.year_after(j);
            return self.md(i, next, m, d1, year);
        }
        if let Some(y) = parse_year(v.w(i + 1)) {
            return Some(Found::period(
                i,
                i + 2,
                month_period(y, m),
                DatePrecision::Month,
                false,
            ));
        }
        let is_may = v.w(i).eq_ignore_ascii_case("may");
        let context = if is_may {
            &words().may_context
        } else {
            &words().month_context
        };
        if eq_any(v.prev(i), context) {
            return self.month_tail(i, i + 1, m);
        }
        None
    }

    /// Skips "morning"/"night"... after a weekday; returns the exclusive end token index.
    fn part_of_day(&self, j: usize) -> usize {
        if periods::day_part_word(self.v.w(j)) {
            j + 1
        } else {
            j
        }
    }

    /// Optional ", 2026" / " 2026" / "last year" at token j; returns (year, exclusive end).
    fn year_after(&self, j: usize) -> (Option<i32>, usize) {
        let v = self.v;
        if v.is(j, ",") {
            if let Some(y) = parse_year(v.w(j + 1)) {
                return (Some(y), j + 2);
            }
        }
        if let Some(y) = parse_year(v.w(j)) {
            return (Some(y), j + 1);
        }
        if let Some(p) = self.published {
            if v.is(j + 1, "year") && (v.is(j, "last") || v.is(j, "this")) {
                let y = if v.is(j, "last") {
                    p.year() - 1
                } else {
                    p.year()
                };
                return (Some(y), j + 2);
            }
        }
        (None, j)
    }

    /// A month name (tokens start..end) with an optional year after it.
    fn month_tail(&self, start: usize, end: usize, m: u32) -> Option<Found> {
        let (year, next) = self.year_after(end);
        Some(match (year, self.published) {
            (Some(y), _) => {
                Found::period(start, next, month_period(y, m), DatePrecision::Month, false)
            }
            (None, p) => {
                let per = p.and_then(|p| {
                    month_period(
                        if m <= p.month() {
                            p.year()
                        } else {
                            p.year() - 1
                        },
                        m,
                    )
                });
                Found::period(start, next, per, DatePrecision::Month, true)
            }
        })
    }

    /// "three days ago", "a week ago", "two years ago". Bare "years ago" is not a date.
    fn ago(&self, i: usize) -> Option<Found> {
        let v = self.v;
        if !v.is(i + 2, "ago") {
            return None;
        }
        let n: u64 = if eq_any(v.w(i), &["a", "an", "one"]) {
            1
        } else if let Some(n) = small_number_word(v.w(i)) {
            n
        } else if v.kind(i) == Some(TokenKind::Number) {
            v.w(i).parse().ok()?
        } else {
            return None;
        };
        if n == 0 || n > 1000 {
            return None;
        }
        let p = self.published;
        let unit = v.w(i + 1);
        let unit = unit.strip_suffix('s').unwrap_or(unit);
        let f = if unit.eq_ignore_ascii_case("day") {
            Found::day(
                i,
                i + 3,
                p.and_then(|p| p.checked_sub_days(Days::new(n))),
                true,
            )
        } else if unit.eq_ignore_ascii_case("week") {
            let per = p
                .and_then(|p| p.checked_sub_days(Days::new(n.checked_mul(7)?)))
                .and_then(week_of);
            Found::period(i, i + 3, per, DatePrecision::Week, true)
        } else if unit.eq_ignore_ascii_case("month") {
            let per = p
                .and_then(|p| p.checked_sub_months(Months::new(u32::try_from(n).ok()?)))
                .and_then(|a| month_period(a.year(), a.month()));
            Found::period(i, i + 3, per, DatePrecision::Month, true)
        } else if unit.eq_ignore_ascii_case("year") {
            let per = p.and_then(|p| year_period(p.year() - i32::try_from(n).ok()?));
            Found::period(i, i + 3, per, DatePrecision::Year, true)
        } else {
            return None;
        };
        Some(f)
    }
}
