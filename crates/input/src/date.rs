//! Publication dates as they appear in feeds, JSON records and HTML metadata.

use chrono::{DateTime, NaiveDate};

/// Parses a publication date and returns the calendar date *as written* (the local
/// date of the publisher when the timestamp carries an offset), or `None`.
///
/// Accepted: `YYYY-MM-DD`, any timestamp that starts with it (RFC 3339,
/// `YYYY-MM-DD HH:MM:SSZ`, ISO 8601 without zone), `YYYY/MM/DD`, `YYYYMMDD`, RFC 2822
/// (`Fri, 14 Mar 2025 20:30:26 GMT`, also with a missing weekday, odd zone names or
/// no time), `14 March 2025`, `March 14, 2025`. Years outside 1800–2200 are rejected.
pub fn parse_published(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    let d = iso_prefix(s)
        .or_else(|| compact_iso(s))
        .or_else(|| DateTime::parse_from_rfc2822(s).ok().map(|d| d.date_naive()))
        .or_else(|| loose_day_month_year(s))
        .or_else(|| month_day_year(s))?;
    sane(d)
}

/// The earliest and latest years a publication or query date may have.
pub const MIN_YEAR: i32 = 1800;
pub const MAX_YEAR: i32 = 2200;

/// Whether a date is within [`MIN_YEAR`]..=[`MAX_YEAR`] (news reports, not year 0 or
/// 10000).
pub fn is_plausible_date(d: NaiveDate) -> bool {
    use chrono::Datelike;
    (MIN_YEAR..=MAX_YEAR).contains(&d.year())
}

fn sane(d: NaiveDate) -> Option<NaiveDate> {
    is_plausible_date(d).then_some(d)
}

/// `YYYY-MM-DD` or `YYYY/MM/DD`, optionally followed by `T`/space and a time.
fn iso_prefix(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() < 10 {
        return None;
    }
    let sep = b[4];
    if !(sep == b'-' || sep == b'/') || b[7] != sep {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let y = digits(0..4)?;
    let m = digits(5..7)?;
    let d = digits(8..10)?;
    match b.get(10) {
        None | Some(b'T') | Some(b't') | Some(b' ') | Some(b'_') => {}
        _ => return None,
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// `YYYYMMDD` (basic ISO 8601), exactly eight digits.
fn compact_iso(s: &str) -> Option<NaiveDate> {
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        NaiveDate::parse_from_str(s, "%Y%m%d").ok()
    } else {
        None
    }
}

/// Month number of a month name or of a prefix of one of three letters or more ("Sep",
/// "Sept", "Sept."), in any case.
fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    (1..)
        .zip(sitrep_text::MONTH_NAMES)
        .find(|(_, m)| m.starts_with(&w))
        .map(|(n, _)| n)
}

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect()
}

/// `[Weekday,] DD Mon YYYY [time] [zone]` with any zone (the date is taken as written).
fn loose_day_month_year(s: &str) -> Option<NaiveDate> {
    let w = words(s);
    let start = if w.first()?.chars().next()?.is_ascii_alphabetic() {
        1
    } else {
        0
    };
    let day: u32 = w.get(start)?.parse().ok()?;
    let month = month_number(w.get(start + 1)?)?;
    let year_word = w.get(start + 2)?;
    let mut year: i32 = year_word.parse().ok()?;
    if year_word.len() == 2 {
        year += if year < 50 { 2000 } else { 1900 };
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// `[Weekday,] Month DD, YYYY [...]`.
fn month_day_year(s: &str) -> Option<NaiveDate> {
    let w = words(s);
    for start in 0..w.len().min(2) {
        if let Some(month) = w.get(start).and_then(|m| month_number(m)) {
            let day_word = w.get(start + 1)?;
            let day: u32 = day_word
                .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .parse()
                .ok()?;
            let year: i32 = w.get(start + 2)?.parse().ok()?;
            return NaiveDate::from_ymd_opt(year, month, day);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn accepts_common_forms() {
        assert_eq!(parse_published("2025-03-14"), d(2025, 3, 14));
        assert_eq!(parse_published("2025-03-14 20:30:26Z"), d(2025, 3, 14));
        assert_eq!(parse_published("2025-03-14T23:30:00-05:00"), d(2025, 3, 14));
        assert_eq!(parse_published("2025/03/14"), d(2025, 3, 14));
        assert_eq!(parse_published("20080804"), d(2008, 8, 4));
        assert_eq!(
            parse_published("Fri, 14 Mar 2025 20:30:26 GMT"),
            d(2025, 3, 14)
        );
        assert_eq!(
            parse_published("Fri, 14 Mar 2025 20:30:26 +0300"),
            d(2025, 3, 14)
        );
        assert_eq!(parse_published("14 Mar 2025 20:30 EDT"), d(2025, 3, 14));
        assert_eq!(parse_published("Friday, 14 March 2025"), d(2025, 3, 14));
        assert_eq!(parse_published("March 14, 2025"), d(2025, 3, 14));
        assert_eq!(parse_published("Sept. 4, 2024 10:00 AM"), d(2024, 9, 4));
    }

    #[test]
    fn rejects_garbage() {
        for s in [
            "",
            "yesterday",
            "2025-13-01",
            "2025-02-30",
            "2025-03-14x",
            "0001-01-01",
            "32 Mar 2025",
        ] {
            assert_eq!(parse_published(s), None, "{s}");
        }
    }
}
