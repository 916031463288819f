//! Prints the dates and numbers found in each argument (publication date 2026-01-21).
//! `cargo run -p sitrep-text --example probe -- "text ..."`
use chrono::NaiveDate;
use sitrep_text::{dates::find_dates, numbers::find_numbers, Span};
fn main() {
    let p = NaiveDate::from_ymd_opt(2026, 1, 21);
    for line in std::env::args().skip(1) {
        let sp = Span::new(0, line.len());
        for d in find_dates(&line, sp, p) {
            println!(
                "DATE {:?} {:?} {:?} {:?} rel={}",
                d.span.slice(&line),
                d.value,
                d.end,
                d.precision,
                d.relative
            );
        }
        for n in find_numbers(&line, sp) {
            println!(
                "NUM {:?} {} approx={} {:?} {:?}",
                n.span.slice(&line),
                n.value,
                n.approximate,
                n.min,
                n.max
            );
        }
    }
}
