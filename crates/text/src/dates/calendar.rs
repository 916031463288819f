//! Calendar arithmetic for date expressions: periods of months, years and weeks, weekdays
//! relative to the publication date, yearless dates.

use super::FUTURE_TOLERANCE_DAYS;
use chrono::{Datelike, Days, Months, NaiveDate};

pub(super) type Period = (NaiveDate, NaiveDate);

pub(super) fn last_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, 1)?
        .checked_add_months(Months::new(1))?
        .pred_opt()
}

pub(super) fn month_period(y: i32, m: u32) -> Option<Period> {
    Some((NaiveDate::from_ymd_opt(y, m, 1)?, last_of_month(y, m)?))
}

pub(super) fn year_period(y: i32) -> Option<Period> {
    Some((
        NaiveDate::from_ymd_opt(y, 1, 1)?,
        NaiveDate::from_ymd_opt(y, 12, 31)?,
    ))
}

/// Monday..Sunday of the week containing `d`.
pub(super) fn week_of(d: NaiveDate) -> Option<Period> {
    let monday = d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))?;
    Some((monday, monday.checked_add_days(Days::new(6))?))
}

/// Most recent `weekday` (Monday = 0) on or before `p`; `strict` excludes `p` itself.
pub(super) fn recent_weekday(p: NaiveDate, weekday: u32, strict: bool) -> Option<NaiveDate> {
    let mut delta = (p.weekday().num_days_from_monday() + 7 - weekday) % 7;
    if strict && delta == 0 {
        delta = 7;
    }
    p.checked_sub_days(Days::new(u64::from(delta)))
}

/// Next `weekday` strictly after `p`.
pub(super) fn next_weekday(p: NaiveDate, weekday: u32) -> Option<NaiveDate> {
    let delta = (weekday + 7 - p.weekday().num_days_from_monday()) % 7;
    p.checked_add_days(Days::new(u64::from(if delta == 0 { 7 } else { delta })))
}

/// The Saturday..Sunday weekend before publication (a Sunday publication refers to the
/// weekend it ends; a Saturday publication to the previous weekend).
pub(super) fn weekend_before(p: NaiveDate) -> Option<Period> {
    let sat = if p.weekday().num_days_from_monday() == 6 {
        p.pred_opt()?
    } else {
        recent_weekday(p, 5, true)?
    };
    Some((sat, sat.succ_opt()?))
}

/// "this weekend": from a Friday to Sunday publication the weekend at hand, otherwise the
/// weekend before.
pub(super) fn this_weekend(p: NaiveDate) -> Option<Period> {
    let sat = match p.weekday().num_days_from_monday() {
        4 => p.succ_opt()?,
        5 => p,
        6 => p.pred_opt()?,
        _ => return weekend_before(p),
    };
    Some((sat, sat.succ_opt()?))
}

/// Year for a yearless month/day: the latest year such that the date is not more than a few
/// days after publication.
pub(super) fn infer_year(p: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let limit = p.checked_add_days(Days::new(FUTURE_TOLERANCE_DAYS))?;
    (0..5)
        .filter_map(|k| NaiveDate::from_ymd_opt(p.year() - k, month, day))
        .find(|d| *d <= limit)
}

/// Month/day validity in some year (Feb 29 allowed).
pub(super) fn valid_day(month: u32, day: u32) -> bool {
    NaiveDate::from_ymd_opt(2000, month, day).is_some()
}

/// A third of a period: its start, middle or end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Third {
    Start,
    Middle,
    End,
}

/// The start, middle or end third of a month (days 1-10, 11-20, 21-end) or of a year
/// (January-April, May-August, September-December); other periods are kept whole.
pub(super) fn third_of(per: Period, third: Third) -> Option<Period> {
    let (a, b) = per;
    let whole_month = a.day() == 1 && a.month() == b.month() && a.year() == b.year();
    let whole_year = a.ordinal() == 1 && b.month() == 12 && b.day() == 31 && a.year() == b.year();
    if whole_month && b.day() >= 28 {
        let (y, m) = (a.year(), a.month());
        return Some(match third {
            Third::Start => (a, NaiveDate::from_ymd_opt(y, m, 10)?),
            Third::Middle => (
                NaiveDate::from_ymd_opt(y, m, 11)?,
                NaiveDate::from_ymd_opt(y, m, 20)?,
            ),
            Third::End => (NaiveDate::from_ymd_opt(y, m, 21)?, b),
        });
    }
    if whole_year {
        let y = a.year();
        let (m1, m2) = match third {
            Third::Start => (1, 4),
            Third::Middle => (5, 8),
            Third::End => (9, 12),
        };
        return Some((month_period(y, m1)?.0, month_period(y, m2)?.1));
    }
    Some(per)
}

/// Quarter `q` (1-4) of year `y`.
pub(super) fn quarter_period(y: i32, q: u32) -> Option<Period> {
    if !(1..=4).contains(&q) {
        return None;
    }
    Some((month_period(y, 3 * q - 2)?.0, month_period(y, 3 * q)?.1))
}

/// Half `h` (1-2) of year `y`.
pub(super) fn half_period(y: i32, h: u32) -> Option<Period> {
    if !(1..=2).contains(&h) {
        return None;
    }
    Some((month_period(y, 6 * h - 5)?.0, month_period(y, 6 * h)?.1))
}

/// Week `n` (1-4) of a month (days 1-7, 8-14 ...); `None` for the last week (its last 7 days).
pub(super) fn week_of_month(y: i32, m: u32, n: Option<u32>) -> Option<Period> {
    match n {
        Some(n) if (1..=4).contains(&n) => {
            let a = NaiveDate::from_ymd_opt(y, m, 7 * n - 6)?;
            Some((a, a.checked_add_days(Days::new(6))?))
        }
        Some(_) => None,
        None => {
            let b = last_of_month(y, m)?;
            Some((b.checked_sub_days(Days::new(6))?, b))
        }
    }
}

/// The `days` days up to and including publication.
pub(super) fn days_before(p: NaiveDate, days: u64) -> Option<Period> {
    Some((p.checked_sub_days(Days::new(days))?, p))
}

#[cfg(test)]
mod tests {
    use super::super::parse_day;
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn helpers() {
        // 2026-01-21 is a Wednesday
        let p = d(2026, 1, 21);
        assert_eq!(recent_weekday(p, 1, false), Some(d(2026, 1, 20)));
        assert_eq!(recent_weekday(p, 2, false), Some(p));
        assert_eq!(recent_weekday(p, 2, true), Some(d(2026, 1, 14)));
        assert_eq!(next_weekday(p, 2), Some(d(2026, 1, 28)));
        assert_eq!(weekend_before(p), Some((d(2026, 1, 17), d(2026, 1, 18))));
        assert_eq!(
            weekend_before(d(2026, 1, 18)),
            Some((d(2026, 1, 17), d(2026, 1, 18)))
        );
        assert_eq!(
            weekend_before(d(2026, 1, 17)),
            Some((d(2026, 1, 10), d(2026, 1, 11)))
        );
        assert_eq!(week_of(p), Some((d(2026, 1, 19), d(2026, 1, 25))));
        assert_eq!(infer_year(p, 1, 25), Some(d(2026, 1, 25)));
        assert_eq!(infer_year(p, 2, 15), Some(d(2025, 2, 15)));
        assert_eq!(infer_year(p, 2, 29), Some(d(2024, 2, 29)));
        assert_eq!(last_of_month(2024, 2), Some(d(2024, 2, 29)));
        assert_eq!(parse_day("21st"), Some(21));
        assert_eq!(parse_day("32"), None);
        assert_eq!(parse_day("5km"), None);
    }
    #[test]
    fn thirds_quarters_and_weeks() {
        let march = month_period(2025, 3).unwrap();
        assert_eq!(
            third_of(march, Third::Start),
            Some((d(2025, 3, 1), d(2025, 3, 10)))
        );
        assert_eq!(
            third_of(march, Third::Middle),
            Some((d(2025, 3, 11), d(2025, 3, 20)))
        );
        assert_eq!(
            third_of(march, Third::End),
            Some((d(2025, 3, 21), d(2025, 3, 31)))
        );
        let y = year_period(2024).unwrap();
        assert_eq!(
            third_of(y, Third::Start),
            Some((d(2024, 1, 1), d(2024, 4, 30)))
        );
        assert_eq!(
            third_of(y, Third::End),
            Some((d(2024, 9, 1), d(2024, 12, 31)))
        );
        let week = (d(2025, 3, 3), d(2025, 3, 9));
        assert_eq!(third_of(week, Third::End), Some(week));
        assert_eq!(
            quarter_period(2025, 3),
            Some((d(2025, 7, 1), d(2025, 9, 30)))
        );
        assert_eq!(quarter_period(2025, 5), None);
        assert_eq!(half_period(2024, 2), Some((d(2024, 7, 1), d(2024, 12, 31))));
        assert_eq!(
            week_of_month(2025, 5, Some(1)),
            Some((d(2025, 5, 1), d(2025, 5, 7)))
        );
        assert_eq!(
            week_of_month(2025, 2, None),
            Some((d(2025, 2, 22), d(2025, 2, 28)))
        );
        assert_eq!(week_of_month(2025, 2, Some(5)), None);
        assert_eq!(
            days_before(d(2025, 3, 5), 3),
            Some((d(2025, 3, 2), d(2025, 3, 5)))
        );
    }
}
