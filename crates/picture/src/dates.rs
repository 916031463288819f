//! Date intervals and their comparison within precision.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use sitrep_model::{DatePrecision, EventDate};

/// A resolved date period, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub precision: DatePrecision,
}

impl DateRange {
    pub fn day(d: NaiveDate) -> DateRange {
        DateRange {
            start: d,
            end: d,
            precision: DatePrecision::Day,
        }
    }

    pub fn overlaps(&self, other: &DateRange) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// Days between the two periods (0 when they overlap).
    pub fn gap_days(&self, other: &DateRange) -> i64 {
        if self.overlaps(other) {
            0
        } else if self.end < other.start {
            (other.start - self.end).num_days()
        } else {
            (self.start - other.end).num_days()
        }
    }

    pub fn is_coarse(&self) -> bool {
        matches!(self.precision, DatePrecision::Month | DatePrecision::Year)
    }
}

/// Parses the `YYYY-MM-DD` at the start of `s` (merging compares dates millions of times:
/// the common form is read by hand, anything else goes through chrono).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b.get(r)?.iter().try_fold(0u32, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

fn last_day_of_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

/// The period an event date stands for; `None` when unresolved.
pub fn range_of(d: &EventDate) -> Option<DateRange> {
    if d.precision == DatePrecision::Unresolved {
        return None;
    }
    let start = parse_date(d.value.as_deref()?)?;
    let explicit_end = d
        .end
        .as_deref()
        .and_then(parse_date)
        .filter(|e| *e >= start);
    let end = match (explicit_end, d.precision) {
        (Some(e), _) => e,
        (None, DatePrecision::Day) => start,
        (None, DatePrecision::Week) => start.checked_add_signed(Duration::days(6)).unwrap_or(start),
        (None, DatePrecision::Month) => last_day_of_month(start),
        (None, DatePrecision::Year) => {
            NaiveDate::from_ymd_opt(start.year(), 12, 31).unwrap_or(start)
        }
        (None, DatePrecision::Unresolved) => start,
    };
    Some(DateRange {
        start,
        end,
        precision: d.precision,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_date_fast_path_agrees_with_chrono() {
        for t in [
            "2026-01-20",
            " 2024-02-29T10:00:00Z",
            "2023-02-29",
            "2026-13-01",
            "20x6-01-01",
            "2026-1-2",
            "",
        ] {
            let slow = t
                .trim()
                .get(..10)
                .and_then(|x| NaiveDate::parse_from_str(x, "%Y-%m-%d").ok());
            assert_eq!(parse_date(t), slow, "{t:?}");
        }
    }

    fn ed(v: &str, end: Option<&str>, p: DatePrecision) -> EventDate {
        EventDate {
            text: String::new(),
            value: Some(v.into()),
            end: end.map(|s| s.to_string()),
            precision: p,
            span: None,
        }
    }

    #[test]
    fn ranges() {
        let w = range_of(&ed("2026-01-17", Some("2026-01-18"), DatePrecision::Week)).unwrap();
        let d = range_of(&ed("2026-01-18", None, DatePrecision::Day)).unwrap();
        let d2 = range_of(&ed("2026-01-25", None, DatePrecision::Day)).unwrap();
        let m = range_of(&ed("2026-02-01", None, DatePrecision::Month)).unwrap();
        assert!(w.overlaps(&d));
        assert!(!w.overlaps(&d2));
        assert_eq!(d.gap_days(&d2), 7);
        assert_eq!(m.end, NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        assert!(range_of(&ed("garbage", None, DatePrecision::Day)).is_none());
        let mut u = ed("2026-01-01", None, DatePrecision::Unresolved);
        assert!(range_of(&u).is_none());
        u.value = None;
        u.precision = DatePrecision::Day;
        assert!(range_of(&u).is_none());
    }
}
