//! Markdown for reports: values from documents and queries inserted as text, and the one
//! Markdown-to-HTML rendering of a report.
//!
//! Two independent guards keep document text from becoming markup:
//! 1. [`text`] escapes every value the report inserts (names, titles, sources, places,
//!    figures' wording, evidence, the scope of a query), so that it renders as itself;
//!    [`link`] makes a link only of an `http`/`https` URL.
//! 2. [`to_html_page`] renders whatever Markdown it gets without raw HTML (HTML in the
//!    Markdown becomes escaped text), without images, and with links only to `http`/`https`
//!    URLs (other links keep their text and lose the link).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Characters that Markdown (CommonMark with the GitHub extensions) gives a meaning to
/// anywhere in a line: escapes, code, emphasis, links and images, HTML and autolinks,
/// entities, table cells, strikethrough.
const INLINE: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '&', '|', '~'];

/// Characters that start a block (heading, quote, list item, setext underline) when a
/// line begins with them.
const BLOCK_START: &[char] = &['#', '>', '-', '+', '='];

/// A value as Markdown text that renders as the value itself: runs of whitespace
/// (line breaks included) become one space, so a value cannot start a block of its own,
/// and the characters with a meaning in Markdown are escaped with a backslash.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for (i, word) in value.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut chars = word.char_indices().peekable();
        if i == 0 {
            // A value at the start of a line must not open a block: "# x", "- x", "1. x".
            let digits = word.bytes().take_while(u8::is_ascii_digit).count();
            if word.starts_with(BLOCK_START) && !word.starts_with(INLINE) {
                out.push('\\');
            } else if digits > 0 && matches!(word.as_bytes().get(digits), Some(b'.' | b')')) {
                out.push_str(&word[..digits]);
                out.push('\\');
                while chars.peek().is_some_and(|(j, _)| *j < digits) {
                    chars.next();
                }
            }
        }
        for (_, c) in chars {
            if INLINE.contains(&c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Whether `url` is an absolute `http` or `https` URL that can be written as a Markdown
/// autolink and followed safely (no other scheme, no spaces, angle brackets or control
/// characters).
pub fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && url.len() > "https://".len()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '\\'))
}

/// A URL as Markdown: an autolink (`<https://...>`) when it is a web URL, otherwise the
/// URL as escaped text, never a link.
pub fn link(url: &str) -> String {
    if is_web_url(url) {
        format!("<{url}>")
    } else {
        text(url)
    }
}

/// A whole HTML page with `title` and the Markdown `md` as its body. Raw HTML in the
/// Markdown is written as text, images as their alternative text, and links to anything
/// but `http`/`https` URLs as their text only; tables are rendered.
pub fn to_html_page(title: &str, md: &str) -> String {
    let mut body = String::with_capacity(md.len() + md.len() / 4 + 256);
    body.push_str("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    body.push_str("<meta name=\"referrer\" content=\"no-referrer\"><title>");
    pulldown_cmark::html::push_html(&mut body, std::iter::once(Event::Text(title.into())));
    body.push_str("</title></head><body>\n");
    pulldown_cmark::html::push_html(&mut body, sanitized(md));
    body.push_str("</body></html>\n");
    body
}

/// The events of `md` with raw HTML turned into text, images dropped (their alternative
/// text stays) and links kept only to web URLs.
fn sanitized(md: &str) -> impl Iterator<Item = Event<'_>> {
    // For each open link: whether it was kept (its end tag must match).
    let mut open_links: Vec<bool> = Vec::new();
    Parser::new_ext(md, Options::ENABLE_TABLES).filter_map(move |event| match event {
        Event::Html(s) | Event::InlineHtml(s) => Some(Event::Text(s)),
        Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => None,
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let keep = is_web_url(dest_url);
            open_links.push(keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Link) => open_links.pop().unwrap_or(false).then_some(event),
        other => Some(other),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        let page = to_html_page("T", md);
        let start = page.find("<body>\n").map(|i| i + 7).unwrap_or(0);
        let end = page.rfind("</body>").unwrap_or(page.len());
        page[start..end].to_string()
    }

    /// Renders `value` inserted into a line of Markdown, with [`to_html_page`] and with a
    /// plain renderer that keeps raw HTML (so that the escaping is shown to hold alone).
    fn rendered(value: &str) -> String {
        let md = format!("{}\n", text(value));
        let mut plain = String::new();
        pulldown_cmark::html::push_html(&mut plain, Parser::new_ext(&md, Options::ENABLE_TABLES));
        let page = html(&md);
        assert_eq!(plain, page, "{value:?}");
        page
    }

    #[test]
    fn text_renders_as_itself() {
        for (value, want) in [
            ("al-Shaddadi prison", "<p>al-Shaddadi prison</p>\n"),
            (
                "<script>alert(1)</script>",
                "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n",
            ),
            (
                "<img src=x onerror=alert(1)>",
                "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n",
            ),
            (
                "[click](javascript:alert(1))",
                "<p>[click](javascript:alert(1))</p>\n",
            ),
            (
                "<javascript:alert(1)>",
                "<p>&lt;javascript:alert(1)&gt;</p>\n",
            ),
            (
                "![x](https://evil.example/p.png)",
                "<p>![x](https://evil.example/p.png)</p>\n",
            ),
            (
                "**bold** _it_ `code` ~~s~~",
                "<p>**bold** _it_ `code` ~~s~~</p>\n",
            ),
            ("&lt;b&gt; &amp;", "<p>&amp;lt;b&amp;gt; &amp;amp;</p>\n"),
            ("a\\", "<p>a\\</p>\n"),
            ("# Heading", "<p># Heading</p>\n"),
            ("- item", "<p>- item</p>\n"),
            ("1. item", "<p>1. item</p>\n"),
            ("2026) x", "<p>2026) x</p>\n"),
            ("> quote", "<p>&gt; quote</p>\n"),
            ("=", "<p>=</p>\n"),
            (
                "a\n\n<script>x</script>\n# h",
                "<p>a &lt;script&gt;x&lt;/script&gt; # h</p>\n",
            ),
            ("1,200 people", "<p>1,200 people</p>\n"),
        ] {
            assert_eq!(rendered(value), want, "{value:?} as {:?}", text(value));
        }
    }

    #[test]
    fn text_leaves_ordinary_names_alone() {
        assert_eq!(
            text("Ash Shaddādah (Al Ḩasakah)"),
            "Ash Shaddādah (Al Ḩasakah)"
        );
        assert_eq!(
            text("  Syrian   Democratic\nForces "),
            "Syrian Democratic Forces"
        );
        assert_eq!(text("al-Hol camp"), "al-Hol camp");
        assert_eq!(text(""), "");
    }

    #[test]
    fn values_in_table_cells_stay_in_their_cell() {
        let md = format!("| a | b |\n|---|---|\n| {} | x |\n", text("one | two <b>"));
        let h = html(&md);
        assert!(h.contains("<td>one | two &lt;b&gt;</td><td>x</td>"), "{h}");
    }

    #[test]
    fn only_web_urls_become_links() {
        assert!(is_web_url("https://www.voanews.com/a/x.html?a=1&b=2"));
        assert!(is_web_url("HTTP://EXAMPLE.ORG/"));
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "//evil.example/",
            "/relative",
            "https://",
            "https://x.org/a b",
            "https://x.org/<script>",
            "https://x.org/\u{0}",
            "file:///etc/passwd",
        ] {
            assert!(!is_web_url(bad), "{bad}");
            let h = html(&format!("see {}\n", link(bad)));
            assert!(!h.contains("<a"), "{bad}: {h}");
        }
        let h = html(&format!("see {}\n", link("https://x.org/a?b=1&c=\"2\"")));
        assert_eq!(
            h,
            "<p>see <a href=\"https://x.org/a?b=1&amp;c=%222%22\">https://x.org/a?b=1&amp;c=\"2\"</a></p>\n"
        );
    }

    #[test]
    fn raw_html_in_markdown_is_text() {
        let h = html("<script>alert(1)</script>\n\npara <img src=x onerror=alert(2)> end\n\n<div onclick=\"x\">\nblock\n</div>\n");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(!h.contains("<div"), "{h}");
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{h}");
        assert!(h.contains("&lt;img src=x onerror=alert(2)&gt;"), "{h}");
    }

    #[test]
    fn links_to_other_schemes_keep_only_their_text() {
        let h = html(
            "[a](javascript:alert(1)) [b](java&#115;cript:alert(2)) <javascript:alert(3)> \
             [c][r] [d](https://ok.example/) ![e](https://evil.example/i.png) \
             [f](data:text/html,x)\n\n[r]: vbscript:alert(4)\n",
        );
        assert_eq!(
            h,
            "<p>a b javascript:alert(3) c <a href=\"https://ok.example/\">d</a> e f</p>\n"
        );
    }

    #[test]
    fn page_has_an_escaped_title_and_no_script() {
        let page = to_html_page("<b>T</b>", "# Report\n");
        assert!(page.starts_with("<!doctype html>"));
        assert!(
            page.contains("<title>&lt;b&gt;T&lt;/b&gt;</title>"),
            "{page}"
        );
        assert!(page.contains("<meta name=\"referrer\" content=\"no-referrer\">"));
        assert!(page.contains("<h1>Report</h1>"));
        assert!(page.ends_with("</body></html>\n"));
    }
}
