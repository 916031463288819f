//! Date and number expressions: `find_dates` and `find_numbers` never panic, for any text,
//! any (possibly invalid) range and any publication date, and every span they return is a
//! byte range on char boundaries inside the range searched.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use sitrep_text::{dates::find_dates, numbers::find_numbers, Span};

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let (head, body) = data.split_at(8);
    let days = i32::from_le_bytes([head[0], head[1], head[2], head[3]]);
    let (a, b) = (usize::from(head[4]) * 4, usize::from(head[5]) * 4);
    let published = if head[6] & 1 == 0 {
        NaiveDate::from_num_days_from_ce_opt(days)
    } else {
        None
    };
    let text = sitrep_text::normalize(&String::from_utf8_lossy(body));
    let whole = Span::new(0, text.len());
    let part = Span::new(a.min(b), a.max(b));
    for within in [whole, part] {
        let valid = within.end <= text.len()
            && text.is_char_boundary(within.start)
            && text.is_char_boundary(within.end);
        let dates = find_dates(&text, within, published);
        let numbers = find_numbers(&text, within);
        if !valid {
            continue;
        }
        for span in dates.iter().map(|d| d.span).chain(numbers.iter().map(|n| n.span)) {
            assert!(span.start >= within.start && span.end <= within.end, "{span:?} outside {within:?}");
            assert!(span.slice(&text).is_some(), "{span:?} does not slice");
        }
        for d in &dates {
            assert!(d.end.is_none() || d.value.is_some_and(|v| d.end > Some(v)));
        }
    }
});
