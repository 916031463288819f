//! Minimal Markdown table rendering.

use std::fmt::Write;

/// Renders a Markdown table. Cells have `|` escaped and newlines replaced by spaces.
pub fn markdown(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| {} |",
        headers
            .iter()
            .map(|h| cell(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(
        out,
        "|{}|",
        headers.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    );
    for row in rows {
        let mut cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        cells.resize(headers.len(), String::new());
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A share as a fixed-precision number (`0.857`).
pub fn num(x: f64) -> String {
    format!("{x:.3}")
}

/// `right/total (share)`, e.g. `6/7 (0.857)`.
pub fn frac(right: usize, total: usize) -> String {
    if total == 0 {
        "0/0".to_string()
    } else {
        format!("{right}/{total} ({:.3})", right as f64 / total as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_escapes() {
        let t = markdown(
            &["a", "b"],
            &[vec!["x|y".into(), "1\n2".into()], vec!["z".into()]],
        );
        assert_eq!(t, "| a | b |\n|---|---|\n| x\\|y | 1 2 |\n| z |  |\n");
        assert_eq!(frac(1, 2), "1/2 (0.500)");
        assert_eq!(frac(0, 0), "0/0");
    }
}
