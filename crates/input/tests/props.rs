//! Property tests: the readers never panic and keep their promises on arbitrary input.

use proptest::prelude::*;
use sitrep_input::{html, read_bytes, Format, ReadOptions};

fn all_formats() -> [Option<Format>; 5] {
    [
        None,
        Some(Format::Text),
        Some(Format::JsonLines),
        Some(Format::Html),
        Some(Format::Feed),
    ]
}

/// Bytes that look a bit like the formats, to get past the first checks.
fn markupish() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        "<",
        ">",
        "</",
        "/>",
        "<p>",
        "</p>",
        "<div class=\"share\">",
        "<article>",
        "</article>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "&amp;",
        "&#x2019;",
        "&",
        "\"",
        "'",
        "=",
        "{",
        "[",
        "]",
        ",",
        "}",
        "\n",
        "\r\n",
        " ",
        "\"text\":",
        "\"id\":",
        "\"published\":\"2025-03-14\"",
        "<rss>",
        "<channel>",
        "<item>",
        "</item>",
        "<title>",
        "<description>",
        "<entry>",
        "<feed>",
        "é",
        "\u{a0}",
        "x",
        "\u{0}",
        "\u{feff}",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for f in all_formats() {
            for r in read_bytes("in", &bytes, f, &ReadOptions::default()) {
                if let Err(e) = r {
                    prop_assert!(e.to_string().starts_with("in"));
                }
            }
        }
    }

    #[test]
    fn no_panic_on_markup_like_input(bytes in markupish()) {
        for f in all_formats() {
            for r in read_bytes("in", &bytes, f, &ReadOptions::default()) {
                match r {
                    Ok(rec) => prop_assert!(!rec.document.text.trim().is_empty()),
                    Err(e) => prop_assert!(e.to_string().starts_with("in")),
                }
            }
        }
        let s = String::from_utf8_lossy(&bytes);
        let _ = html::extract(&s);
        let _ = html::strip_fragment(&s);
    }

    #[test]
    fn html_paragraph_text_survives(s in "[^<&]{0,80}") {
        let page = html::extract(&format!("<html><body><p>{s}</p></body></html>"));
        prop_assert_eq!(page.text, s.split_whitespace().collect::<Vec<_>>().join(" "));
    }

    #[test]
    fn jsonl_records_round_trip(texts in prop::collection::vec("[a-zA-Z0-9 .,'\"é’-]{1,40}", 1..8)) {
        let mut input = String::new();
        for (i, t) in texts.iter().enumerate() {
            input.push_str(&serde_json::json!({"id": format!("d{i}"), "text": t}).to_string());
            input.push('\n');
        }
        let out: Vec<_> = read_bytes("f.jsonl", input.as_bytes(), Some(Format::JsonLines), &ReadOptions::default()).collect();
        let expected: Vec<_> = texts.iter().enumerate().filter(|(_, t)| !t.trim().is_empty()).collect();
        prop_assert_eq!(out.len(), texts.len());
        let ok: Vec<_> = out.iter().filter_map(|r| r.as_ref().ok()).collect();
        prop_assert_eq!(ok.len(), expected.len());
        for (rec, (i, t)) in ok.iter().zip(expected) {
            prop_assert_eq!(&rec.document.id, &format!("d{i}"));
            prop_assert_eq!(&rec.document.text, &sitrep_text::normalize(t));
            prop_assert_eq!(rec.origin.line, Some(i as u64 + 1));
        }
    }
}
