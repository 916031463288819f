//! Document ids given by inputs (a JSON record's `id`, a feed item's guid or link): short
//! enough to name a document in a URL, a log line or a report, and without characters
//! that control how text is shown.

/// Longest document id, in bytes.
pub const MAX_ID_BYTES: usize = 512;

/// Why `id` cannot be a document id, or `None` when it can. Refused: ids over
/// [`MAX_ID_BYTES`], control characters (C0, DEL, C1: NUL, line breaks, escapes) and the
/// invisible format characters that change how text around them is shown (zero-width
/// characters, bidirectional controls, line and paragraph separators, BOM).
pub fn id_problem(id: &str) -> Option<String> {
    if id.len() > MAX_ID_BYTES {
        return Some(format!(
            "the id is {} bytes long, above the limit of {MAX_ID_BYTES} bytes",
            id.len()
        ));
    }
    let (at, c) = id.char_indices().find(|&(_, c)| is_hidden_control(c))?;
    Some(format!(
        "the id contains the control character U+{:04X} at byte {at}",
        c as u32
    ))
}

fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' // zero-width space, joiners, direction marks
            | '\u{2028}'..='\u{202E}' // line and paragraph separators, embeddings, overrides
            | '\u{2060}'..='\u{2069}' // word joiner, invisible operators, isolates
            | '\u{FEFF}' // byte order mark
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_ids_pass() {
        for id in [
            "8011115",
            "voa-shaddadi",
            "https://www.voanews.com/a/syria-prison/8011115.html?x=1&y=2",
            "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
            "تقرير-١٢",
            "报道 12",
            &"a".repeat(MAX_ID_BYTES),
        ] {
            assert_eq!(id_problem(id), None, "{id}");
        }
    }

    #[test]
    fn long_ids_and_control_characters_are_refused() {
        let long = id_problem(&"a".repeat(1_000_000)).expect("long");
        assert!(
            long.contains("1000000 bytes") && long.contains("512"),
            "{long}"
        );
        for (id, shown) in [
            ("a\u{0}b", "U+0000 at byte 1"),
            ("a\nb", "U+000A"),
            ("a\u{1b}[31mb", "U+001B"),
            ("a\u{7f}", "U+007F"),
            ("a\u{85}", "U+0085"),
            ("abc\u{202E}gpj.exe", "U+202E at byte 3"),
            ("a\u{200B}b", "U+200B"),
            ("a\u{2028}b", "U+2028"),
            ("\u{FEFF}a", "U+FEFF at byte 0"),
        ] {
            let p = id_problem(id).unwrap_or_else(|| panic!("{id:?} passed"));
            assert!(p.contains(shown), "{id:?}: {p}");
        }
    }
}
