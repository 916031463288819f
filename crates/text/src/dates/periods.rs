//! Date expressions that name a part of a period or a span up to publication: parts of a day
//! ("early Tuesday", "overnight", "the early hours of Sunday"), thirds of a month or year
//! ("the end of January", "the start of the year"), quarters and halves ("the first quarter of
//! 2025", "Q3"), ordinal weeks ("the first week of May"), recent spans ("in recent days", "the
//! past 24 hours"), and ranges of weekdays, days and months.

use super::calendar::*;
use super::{is_dash, parse_day, parse_year, Found, Matcher};
use crate::lexicon::{eq_any, lower, small_number_word, weekday_abbrev, weekday_of};
use crate::tokens::TokenKind;
use chrono::{Datelike, Days, NaiveDate};
use sitrep_model::DatePrecision;

/// "first".."fourth", "1st".."4th".
fn ordinal(w: &str) -> Option<u32> {
    let mut buf = [0u8; 16];
    match lower(w, &mut buf)? {
        b"first" | b"1st" => Some(1),
        b"second" | b"2nd" => Some(2),
        b"third" | b"3rd" => Some(3),
        b"fourth" | b"4th" => Some(4),
        _ => None,
    }
}

/// Words joining the two ends of a range after its first end.
fn range_word(w: &str) -> bool {
    is_dash(w) || eq_any(w, &["to", "through", "until", "till"])
}

/// Parts of a day that may follow a day ("Tuesday night", "yesterday morning").
pub(super) fn day_part_word(w: &str) -> bool {
    eq_any(
        w,
        &["morning", "afternoon", "evening", "night", "overnight"],
    )
}

/// A found single day (not a span of days).
fn single_day(f: &Found) -> bool {
    f.precision == DatePrecision::Day && (f.end_date.is_none() || f.end_date == f.value)
}

impl Matcher<'_, '_> {
    /// A weekday at token `i`: its number and the token after it. Full names are capitalised;
    /// abbreviations ("Tue", "Mon." with the dot as its own token) need a temporal word before
    /// them or a date after them.
    pub(super) fn weekday_at(&self, i: usize) -> Option<(u32, usize)> {
        let v = self.v;
        if let Some(wd) = weekday_of(v.w(i)).filter(|_| v.capitalized(i)) {
            return Some((wd, i + 1));
        }
        let wd = weekday_abbrev(v.w(i))?;
        let dot = v.is(i + 1, ".") && v.adjacent(i) && i + 2 < v.len();
        let next = if dot { i + 2 } else { i + 1 };
        let before = eq_any(
            v.prev(i),
            &[
                "on",
                "since",
                "until",
                "till",
                "by",
                "from",
                "between",
                "and",
                "to",
                "through",
                "last",
                "this",
                "next",
                "early",
                "late",
                "overnight",
            ],
        );
        let after = self.month_at(next).is_some()
            || (parse_day(v.w(next)).is_some() && v.kind(next) == Some(TokenKind::Number))
            || (v.is(next, ",") && self.month_at(next + 1).is_some());
        (before || after).then_some((wd, next))
    }

    /// A weekday resolved to its most recent occurrence, with an optional part of the day and
    /// an optional range to a second weekday ("Monday to Wednesday", "Tue-Thu").
    pub(super) fn weekday_led(&self, i: usize) -> Option<Found> {
        let v = self.v;
        let (wd, next) = self.weekday_at(i)?;
        // "Tuesday, January 20": the explicit date wins
        if v.is(next, ",") && self.month_at(next + 1).is_some() {
            if let Some(f) = self.core(next + 1) {
                return Some(Found { start: i, ..f });
            }
        }
        let d = self.published.and_then(|p| recent_weekday(p, wd, false));
        if range_word(v.w(next)) {
            if let Some((wd2, after)) = self.weekday_at(next + 1).filter(|(w2, _)| *w2 != wd) {
                return Some(self.weekday_range(i, self.part_of_day(after), d, wd, wd2));
            }
        }
        Some(Found::day(i, self.part_of_day(next), d, true))
    }

    /// From the day `d` (weekday `wd`) to the next `wd2`.
    fn weekday_range(
        &self,
        start: usize,
        end: usize,
        d: Option<NaiveDate>,
        wd: u32,
        wd2: u32,
    ) -> Found {
        let per = d.and_then(|d| {
            Some((
                d,
                d.checked_add_days(Days::new(u64::from((wd2 + 7 - wd) % 7)))?,
            ))
        });
        Found::period(start, end, per, DatePrecision::Day, true)
    }

    /// "between Monday and Wednesday", "from Monday to Wednesday", "between 3 and 5 March",
    /// "from December 2024 to January 2025", "between March and May" (`joiner` tells the word
    /// joining the ends).
    pub(super) fn range_more(&self, i: usize, joiner: &dyn Fn(usize) -> bool) -> Option<Found> {
        let v = self.v;
        if let Some((wd, next)) = self.weekday_at(i + 1) {
            let (wd2, after) = self.weekday_at(next + 1).filter(|_| joiner(next))?;
            if wd2 == wd {
                return None;
            }
            let d = self.published.and_then(|p| recent_weekday(p, wd, false));
            return Some(self.weekday_range(i, self.part_of_day(after), d, wd, wd2));
        }
        if v.kind(i + 1) == Some(TokenKind::Number) {
            let d1 = parse_day(v.w(i + 1))?;
            if !joiner(i + 2) {
                return None;
            }
            let (d2, m, year, next) = self.day_month_at(i + 3)?;
            return self.md_range(i, next, (m, d1), (m, d2), year);
        }
        // months: "from December 2024 to January 2025", "between March and May"
        let m1 = self.month_at(i + 1)?;
        let (y1, j) = self.year_after(i + 2);
        if !joiner(j) {
            return None;
        }
        let m2 = self.month_at(j + 1)?;
        let (y2, next) = self.year_after(j + 2);
        let relative = y2.is_none();
        let y2 = match (y2, self.published) {
            (Some(y), _) => Some(y),
            (None, Some(p)) if y1.is_none() => Some(if m2 <= p.month() {
                p.year()
            } else {
                p.year() - 1
            }),
            _ => None,
        };
        let y1 = y1.or_else(|| y2.map(|y| if m1 <= m2 { y } else { y - 1 }));
        let per = match (y1, y2) {
            (Some(y1), Some(y2)) if (y1, m1) < (y2, m2) => {
                Some((month_period(y1, m1)?.0, month_period(y2, m2)?.1))
            }
            (Some(_), Some(_)) => return None,
            _ => None,
        };
        Some(Found::period(i, next, per, DatePrecision::Month, relative))
    }

    /// "5 March", "5th of March 2025" at token `j`: (day, month, year, exclusive end).
    pub(super) fn day_month_at(&self, j: usize) -> Option<(u32, u32, Option<i32>, usize)> {
        let v = self.v;
        let d = parse_day(v.w(j))?;
        let k = if v.is(j + 1, "of") { j + 2 } else { j + 1 };
        let m = self.month_at(k)?;
        if v.is(k, "may") {
            return None;
        }
        let (year, next) = self.year_after(k + 1);
        Some((d, m, year, next))
    }

    /// "5 January 2026", "3-5 March", "3 to 5 March", "5th of March", "30 March to 2 April"
    pub(super) fn day_led(&self, i: usize) -> Option<Found> {
        let v = self.v;
        let d1 = parse_day(v.w(i))?;
        let dash = is_dash(v.w(i + 1)) && v.adjacent(i);
        if dash || eq_any(v.w(i + 1), &["to", "through", "until", "till"]) {
            if let Some((d2, m, year, next)) = self.day_month_at(i + 2) {
                return self.md_range(i, next, (m, d1), (m, d2), year);
            }
        }
        let (_, m1, year1, after) = self.day_month_at(i)?;
        if year1.is_none() && range_word(v.w(after)) {
            if let Some((d2, m2, year2, next)) = self.day_month_at(after + 1) {
                return self.md_range(i, next, (m1, d1), (m2, d2), year2);
            }
        }
        self.md(i, after, m1, d1, year1)
    }

    /// A month or year named at token `j`: "March", "March 2025", "2025", "last year", "this
    /// month" ("the year" is left out: "by the end of the year" is mostly a deadline).
    fn period_at(&self, j: usize) -> Option<Found> {
        let v = self.v;
        if let Some(m) = self.month_at(j) {
            return self.month_tail(j, j + 1, m);
        }
        if let Some(y) = parse_year(v.w(j)).filter(|_| v.kind(j) == Some(TokenKind::Number)) {
            return Some(Found::period(
                j,
                j + 1,
                year_period(y),
                DatePrecision::Year,
                false,
            ));
        }
        if eq_any(v.w(j), &["last", "this", "next"]) {
            let f = self.last_this_next(j)?;
            return matches!(f.precision, DatePrecision::Month | DatePrecision::Year).then_some(f);
        }
        None
    }

    /// A found period narrowed to one of its thirds, starting at token `start`.
    fn narrowed(start: usize, f: Found, third: Third) -> Found {
        let per = f.value.zip(f.end_date).and_then(|per| third_of(per, third));
        Found {
            start,
            value: per.map(|x| x.0),
            end_date: per.map(|x| x.1),
            ..f
        }
    }

    /// "early March", "late 2014", "mid-March": the third of the period the word names
    /// ("earlier"/"later" keep the whole period).
    pub(super) fn third_by_word(&self, i: usize, f: Found) -> Found {
        let w = self.v.w(i);
        let third = if w.eq_ignore_ascii_case("early") {
            Third::Start
        } else if w.eq_ignore_ascii_case("late") {
            Third::End
        } else if w.len() >= 4 && w[..4].eq_ignore_ascii_case("mid-") {
            Third::Middle
        } else {
            return Found { start: i, ..f };
        };
        Self::narrowed(i, f, third)
    }

    /// "(the) start/beginning/middle/end of" a month or year.
    pub(super) fn part_of_period(&self, i: usize) -> Option<Found> {
        let v = self.v;
        let k = if v.is(i, "the") { i + 1 } else { i };
        let mut buf = [0u8; 16];
        let third = match lower(v.w(k), &mut buf)? {
            b"start" | b"beginning" => Third::Start,
            b"middle" => Third::Middle,
            b"end" => Third::End,
            _ => return None,
        };
        if !v.is(k + 1, "of") {
            return None;
        }
        let f = self.period_at(k + 2)?;
        Some(Self::narrowed(i, f, third))
    }

    /// "(the) first quarter of 2025", "the last quarter of last year", "the second half of
    /// 2024", "Q3 2024", "Q3" (the latest third quarter begun by publication).
    pub(super) fn quarter(&self, i: usize) -> Option<Found> {
        let v = self.v;
        let w = v.w(i);
        if let Some(q) = w
            .strip_prefix('Q')
            .and_then(|q| q.parse::<u32>().ok())
            .filter(|q| (1..=4).contains(q) && w.len() == 2)
        {
            let (year, next) = self.year_after(i + 1);
            let y = match (year, self.published) {
                (Some(y), _) => Some(y),
                (None, Some(p)) if q <= p.month().div_ceil(3) => Some(p.year()),
                (None, Some(p)) => Some(p.year() - 1),
                (None, None) => None,
            };
            let per = y.and_then(|y| quarter_period(y, q));
            return Some(Found::period(
                i,
                next,
                per,
                DatePrecision::Month,
                year.is_none(),
            ));
        }
        let k = if v.is(i, "the") { i + 1 } else { i };
        let n = if eq_any(v.w(k), &["last", "final"]) {
            None
        } else {
            Some(ordinal(v.w(k))?)
        };
        let half = v.is(k + 1, "half");
        if !(half || v.is(k + 1, "quarter")) || !v.is(k + 2, "of") {
            return None;
        }
        let f = self
            .period_at(k + 3)
            .filter(|f| f.precision == DatePrecision::Year)?;
        let per = f.value.and_then(|d| {
            if half {
                half_period(d.year(), n.unwrap_or(2))
            } else {
                quarter_period(d.year(), n.unwrap_or(4))
            }
        });
        if f.value.is_some() && per.is_none() {
            return None; // "the third half of 2024"
        }
        Some(Found {
            start: i,
            value: per.map(|x| x.0),
            end_date: per.map(|x| x.1),
            precision: DatePrecision::Month,
            ..f
        })
    }

    /// "(the) first week of May", "the last week of June 2024".
    pub(super) fn week_of_month_at(&self, i: usize) -> Option<Found> {
        let v = self.v;
        let k = if v.is(i, "the") { i + 1 } else { i };
        let n = if eq_any(v.w(k), &["last", "final"]) {
            None
        } else {
            Some(ordinal(v.w(k))?)
        };
        if !v.is(k + 1, "week") || !v.is(k + 2, "of") {
            return None;
        }
        let f = self
            .period_at(k + 3)
            .filter(|f| f.precision == DatePrecision::Month)?;
        let per = f.value.and_then(|d| week_of_month(d.year(), d.month(), n));
        Some(Found {
            start: i,
            value: per.map(|x| x.0),
            end_date: per.map(|x| x.1),
            precision: DatePrecision::Week,
            ..f
        })
    }

    /// The span up to publication: "recent days", "recent weeks", "the past few days", "the
    /// last 24 hours", "the past week", "past two weeks". Without "the", "last" needs a count
    /// ("last week" is the calendar week).
    pub(super) fn recent(&self, i: usize) -> Option<Found> {
        let v = self.v;
        let the = v.is(i, "the");
        let k = if the { i + 1 } else { i };
        let w = v.w(k);
        // (count, index of the unit, whether the count is implicit)
        let (count, unit_at, implicit) = if w.eq_ignore_ascii_case("recent") {
            (None, k + 1, true)
        } else if eq_any(w, &["past", "last"]) && !v.prev(k).eq_ignore_ascii_case("this") {
            let n = v.w(k + 1);
            if eq_any(n, &["few", "several"]) {
                (None, k + 2, false)
            } else if v.is(k + 1, "couple") && v.is(k + 2, "of") {
                (Some(2), k + 3, false)
            } else if let Some(x) = small_number_word(n).filter(|x| *x > 0) {
                (Some(x), k + 2, false)
            } else if v.kind(k + 1) == Some(TokenKind::Number) {
                (
                    Some(n.parse::<u64>().ok().filter(|x| *x > 0)?),
                    k + 2,
                    false,
                )
            } else if the || w.eq_ignore_ascii_case("past") {
                (Some(1), k + 1, true)
            } else {
                return None; // "last week" is the calendar week
            }
        } else {
            return None;
        };
        let unit = v.w(unit_at);
        let plural = unit.len() > 1 && unit.ends_with('s');
        let stem = if plural {
            &unit[..unit.len() - 1]
        } else {
            unit
        };
        let count = match (plural, implicit) {
            (true, true) => None, // "recent weeks", "the past weeks"
            (false, _) if count != Some(1) => return None,
            _ => count,
        };
        use DatePrecision::*;
        let mut buf = [0u8; 16];
        let (days, precision) = match (lower(stem, &mut buf)?, count) {
            (b"day", None) => (7, Week),
            (b"day", Some(n)) if n <= 366 => (n, if n <= 3 { Day } else { Week }),
            (b"hour", Some(n)) if n <= 96 => (n.div_ceil(24), Day),
            (b"week", None) => (30, Month),
            (b"week", Some(n)) if n <= 52 => (7 * n, if n <= 1 { Week } else { Month }),
            (b"month", None) => (183, Year),
            (b"month", Some(n)) if n <= 24 => (30 * n, if n <= 1 { Month } else { Year }),
            (b"year", None) => (3 * 365, Year),
            (b"year", Some(n)) if n <= 10 => (365 * n, Year),
            _ => return None,
        };
        let per = self.published.and_then(|p| days_before(p, days));
        Some(Found::period(i, unit_at + 1, per, precision, true))
    }

    /// "overnight" (the night before publication: the day before and the day of
    /// publication), "overnight Tuesday", "overnight into Wednesday".
    pub(super) fn overnight(&self, i: usize) -> Option<Found> {
        let v = self.v;
        if !v.is(i, "overnight")
            || eq_any(
                v.prev(i),
                &["a", "an", "the", "its", "their", "his", "her", "this"],
            )
        {
            return None;
        }
        if v.is(i + 1, "into") || v.is(i + 1, "to") {
            let f = self.core(i + 2).filter(single_day)?;
            let per = f.value.and_then(|d| Some((d.pred_opt()?, d)));
            return Some(Found::period(i, f.end, per, DatePrecision::Day, f.relative));
        }
        if let Some(f) = self.weekday_led(i + 1).filter(single_day) {
            return Some(Found { start: i, ..f });
        }
        let per = self.published.and_then(|p| Some((p.pred_opt()?, p)));
        Some(Found::period(i, i + 1, per, DatePrecision::Day, true))
    }

    /// "early Tuesday", "late on Monday", "earlier Tuesday", "late last night", "early this
    /// morning", "late yesterday": the day, with the part of it in the span.
    pub(super) fn day_after_part(&self, i: usize) -> Option<Found> {
        let k = if self.v.is(i + 1, "on") { i + 2 } else { i + 1 };
        let f = self.core(k).filter(single_day)?;
        Some(Found { start: i, ..f })
    }

    /// "(the) early hours of Sunday", "the morning of March 3", "the night of Jan. 5".
    pub(super) fn day_part_of(&self, i: usize) -> Option<Found> {
        let v = self.v;
        let k = if v.is(i, "the") { i + 1 } else { i };
        let j = if v.is(k, "early") && v.is(k + 1, "hours") {
            k + 2
        } else if day_part_word(v.w(k)) && !v.is(k, "overnight") {
            k + 1
        } else {
            return None;
        };
        if !v.is(j, "of") {
            return None;
        }
        let f = self.core(j + 1).filter(single_day)?;
        Some(Found { start: i, ..f })
    }
}
