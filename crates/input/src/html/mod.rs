//! HTML pages reduced to their article text, readability-style.
//!
//! Boilerplate containers (navigation, headers and footers outside the article,
//! asides, forms, figures, scripts, and elements whose class or id says `share`,
//! `related`, `comment`, `newsletter`, ...) are dropped; when the page has an
//! `<article>`/`<main>` (or `itemprop=articleBody`) holding most of the text, only that
//! is kept. Paragraphs and headings become blocks joined by blank lines; link-heavy
//! blocks (menus, tag lists) are dropped. Broken markup never fails.

mod tokenizer;

pub use tokenizer::{Token, Tokenizer};

use crate::entities;

/// What a page yields: the article text plus metadata candidates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlPage {
    /// Article text, blocks separated by `\n\n`, whitespace collapsed inside blocks.
    pub text: String,
    /// `og:title`, else `<title>`, else the first `<h1>`.
    pub title: Option<String>,
    /// Publication date candidates in order of trust (raw strings, not yet parsed).
    pub published: Vec<String>,
    pub byline: Option<String>,
    /// `og:url` or the canonical link.
    pub url: Option<String>,
    /// `og:site_name`.
    pub site_name: Option<String>,
}

/// Elements that never hold article text.
fn is_always_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "nav"
            | "aside"
            | "form"
            | "noscript"
            | "button"
            | "select"
            | "textarea"
            | "svg"
            | "math"
            | "iframe"
            | "template"
            | "figure"
            | "figcaption"
            | "menu"
            | "dialog"
            | "object"
            | "video"
            | "audio"
            | "canvas"
            | "head"
    )
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
    )
}

/// Elements that start or end a block of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "section"
            | "article"
            | "main"
            | "blockquote"
            | "pre"
            | "hr"
            | "header"
            | "footer"
            | "address"
            | "center"
            | "body"
            | "html"
            | "caption"
            | "summary"
            | "details"
            | "hgroup"
    )
}

/// Class/id words of boilerplate containers (readability's "unlikely candidates").
const UNLIKELY: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "recommend",
    "promo",
    "newsletter",
    "advert",
    "sponsor",
    "cookie",
    "consent",
    "sidebar",
    "breadcrumb",
    "subscribe",
    "signup",
    "banner",
    "popup",
    "modal",
    "masthead",
    "pagination",
    "pager",
    "footer",
    "menu",
    "navbar",
    "navigation",
    "skip-link",
    "tags",
    "toolbar",
    "caption",
    "credit",
    "disclaimer",
    "most-read",
    "most-popular",
    "trending",
    "read-more",
    "also-read",
    "author",
    "advertisement",
];

/// Class/id words that rescue a container from [`UNLIKELY`].
const LIKELY: &[&str] = &[
    "article", "body", "content", "main", "story", "text", "post", "entry",
];

fn attr<'x>(attrs: &'x [(String, String)], name: &str) -> Option<&'x str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn class_id(attrs: &[(String, String)]) -> String {
    let mut s = String::new();
    for key in ["class", "id"] {
        if let Some(v) = attr(attrs, key) {
            s.push_str(&v.to_ascii_lowercase());
            s.push(' ');
        }
    }
    s
}

fn is_unlikely(name: &str, attrs: &[(String, String)]) -> bool {
    if matches!(
        name,
        "html"
            | "body"
            | "article"
            | "main"
            | "p"
            | "h1"
            | "h2"
            | "h3"
            | "a"
            | "b"
            | "i"
            | "em"
            | "strong"
    ) {
        return false;
    }
    if attrs.iter().any(|(n, _)| n == "hidden") || attr(attrs, "aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = attr(attrs, "style") {
        let st: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if st.contains("display:none") || st.contains("visibility:hidden") {
            return true;
        }
    }
    if let Some(role) = attr(attrs, "role") {
        if matches!(
            role,
            "navigation"
                | "complementary"
                | "banner"
                | "contentinfo"
                | "menu"
                | "menubar"
                | "dialog"
                | "alert"
        ) {
            return true;
        }
    }
    let ci = class_id(attrs);
    if ci.is_empty() {
        return false;
    }
    // Whole class/id words for advertising slots ("ad", "ad-slot", "top_ads").
    let ad_word = ci
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .any(|w| matches!(w, "ad" | "ads" | "adslot" | "adunit" | "dfp"));
    (ad_word || UNLIKELY.iter().any(|u| ci.contains(u))) && !LIKELY.iter().any(|l| ci.contains(l))
}

fn is_article_container(name: &str, attrs: &[(String, String)]) -> bool {
    matches!(name, "article" | "main")
        || matches!(attr(attrs, "role"), Some("main") | Some("article"))
        || attr(attrs, "itemprop").is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
}

/// Collapses whitespace runs (including no-break spaces) into one space.
fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

fn clean(text: &str) -> String {
    let mut s = String::new();
    push_collapsed(&mut s, &entities::decode(text));
    s.trim().to_string()
}

struct Open {
    name: String,
    skip: bool,
    article: bool,
    link: bool,
    byline: bool,
}

struct Block {
    text: String,
    link_chars: usize,
    article: Option<usize>,
}

#[derive(Default)]
struct Meta {
    og_title: Option<String>,
    title_tag: Option<String>,
    first_h1: Option<String>,
    published: Vec<(u8, String)>,
    byline: Option<String>,
    og_url: Option<String>,
    canonical: Option<String>,
    site_name: Option<String>,
}

const MAX_DEPTH: usize = 512;

struct Extractor {
    fragment: bool,
    stack: Vec<Open>,
    skip: usize,
    article: usize,
    link: usize,
    articles_seen: usize,
    current_article: Option<usize>,
    cur: String,
    cur_links: usize,
    blocks: Vec<Block>,
    meta: Meta,
    h1: Option<String>,
    in_h1: bool,
    byline_buf: Option<String>,
}

impl Extractor {
    fn new(fragment: bool) -> Self {
        Extractor {
            fragment,
            stack: Vec::new(),
            skip: 0,
            article: 0,
            link: 0,
            articles_seen: 0,
            current_article: None,
            cur: String::new(),
            cur_links: 0,
            blocks: Vec::new(),
            meta: Meta::default(),
            h1: None,
            in_h1: false,
            byline_buf: None,
        }
    }

    fn flush(&mut self) {
        let text = self.cur.trim();
        if !text.is_empty() {
            self.blocks.push(Block {
                text: text.to_string(),
                link_chars: self.cur_links,
                article: self.current_article,
            });
        }
        self.cur.clear();
        self.cur_links = 0;
    }

    fn text(&mut self, raw: &str) {
        let decoded = entities::decode(raw);
        if let Some(buf) = self.byline_buf.as_mut() {
            push_collapsed(buf, &decoded);
        }
        if self.in_h1 {
            push_collapsed(self.h1.get_or_insert_with(String::new), &decoded);
        }
        if self.skip > 0 {
            return;
        }
        let before = self.cur.len();
        if self.cur.is_empty() || self.cur.ends_with(' ') {
            push_collapsed(&mut self.cur, decoded.trim_start());
        } else {
            push_collapsed(&mut self.cur, &decoded);
        }
        if self.link > 0 {
            self.cur_links += self.cur.len() - before;
        }
    }

    fn meta_tag(&mut self, attrs: &[(String, String)]) {
        let key = attr(attrs, "property")
            .or_else(|| attr(attrs, "name"))
            .or_else(|| attr(attrs, "itemprop"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let Some(content) = attr(attrs, "content") else {
            return;
        };
        let content = clean(content);
        if content.is_empty() {
            return;
        }
        let date_rank = match key.as_str() {
            "article:published_time" => Some(0),
            "datepublished" | "og:published_time" | "published_time" => Some(1),
            "pubdate" | "publishdate" | "publish-date" | "publish_date" | "parsely-pub-date"
            | "sailthru.date" => Some(2),
            "dc.date.issued" | "dcterms.issued" | "dc.date" | "dcterms.date"
            | "dcterms.created" | "date" => Some(3),
            "article:modified_time" | "og:updated_time" | "datemodified" | "lastmod" => Some(8),
            _ => None,
        };
        if let Some(rank) = date_rank {
            self.meta.published.push((rank, content));
            return;
        }
        match key.as_str() {
            "og:title" | "twitter:title" if self.meta.og_title.is_none() => {
                self.meta.og_title = Some(content)
            }
            "og:url" if self.meta.og_url.is_none() => self.meta.og_url = Some(content),
            "og:site_name" if self.meta.site_name.is_none() => self.meta.site_name = Some(content),
            "author" | "article:author" | "byl" | "parsely-author" | "dc.creator"
                if self.meta.byline.is_none() && !content.starts_with("http") =>
            {
                self.meta.byline = Some(content)
            }
            _ => {}
        }
    }

    fn json_ld(&mut self, raw: &str) {
        let mut rest = raw;
        while let Some(i) = rest.find("\"datePublished\"") {
            rest = rest.get(i + 15..).unwrap_or("");
            let after = rest
                .trim_start()
                .strip_prefix(':')
                .unwrap_or("")
                .trim_start();
            if let Some(v) = after.strip_prefix('"') {
                if let Some(end) = v.find('"') {
                    let value = v.get(..end).unwrap_or("").trim();
                    if !value.is_empty() && value.len() < 64 {
                        self.meta.published.push((1, value.to_string()));
                    }
                }
            }
        }
    }

    fn pop(&mut self) {
        if let Some(open) = self.stack.pop() {
            if open.skip {
                self.skip -= 1;
            }
            if open.article {
                self.article -= 1;
                if self.article == 0 {
                    self.flush();
                    self.current_article = None;
                }
            }
            if open.link {
                self.link -= 1;
            }
            if open.byline {
                if let Some(buf) = self.byline_buf.take() {
                    let b = buf.trim();
                    let b = b
                        .strip_prefix("By ")
                        .or_else(|| b.strip_prefix("by "))
                        .unwrap_or(b)
                        .trim();
                    if self.meta.byline.is_none() && !b.is_empty() && b.len() <= 200 {
                        self.meta.byline = Some(b.to_string());
                    }
                }
            }
            if open.name == "h1" && self.in_h1 {
                self.in_h1 = false;
                if self.meta.first_h1.is_none() {
                    self.meta.first_h1 = self
                        .h1
                        .take()
                        .map(|h| h.trim().to_string())
                        .filter(|h| !h.is_empty());
                }
            }
        }
    }

    fn start(&mut self, name: String, attrs: Vec<(String, String)>, self_closing: bool) {
        match name.as_str() {
            "meta" => return self.meta_tag(&attrs),
            "link" => {
                if attr(&attrs, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                    && self.meta.canonical.is_none()
                {
                    self.meta.canonical = attr(&attrs, "href").map(clean).filter(|h| !h.is_empty());
                }
                return;
            }
            "time" => {
                if let Some(dt) = attr(&attrs, "datetime") {
                    let rank = if attrs.iter().any(|(n, _)| n == "pubdate") {
                        2
                    } else {
                        5
                    };
                    let dt = clean(dt);
                    if !dt.is_empty() {
                        self.meta.published.push((rank, dt));
                    }
                }
            }
            _ => {}
        }
        if is_block(&name) {
            self.flush();
            // Body content closes an unclosed <head> (as browsers do).
            if let Some(idx) = self.stack.iter().rposition(|o| o.name == "head") {
                while self.stack.len() > idx {
                    self.pop();
                }
            }
        }
        if is_void(&name) || self_closing {
            return;
        }
        // Implied end tags: a new paragraph or list item closes the open one.
        if matches!(
            name.as_str(),
            "p" | "li" | "dt" | "dd" | "tr" | "td" | "th" | "option"
        ) && self.stack.last().is_some_and(|o| o.name == name)
        {
            self.pop();
        }
        if self.stack.len() >= MAX_DEPTH {
            return;
        }
        let article = !self.fragment && is_article_container(&name, &attrs);
        let skip = if self.fragment {
            matches!(
                name.as_str(),
                "script" | "style" | "head" | "template" | "noscript" | "svg" | "math"
            )
        } else {
            is_always_skipped(&name)
                || (matches!(name.as_str(), "header" | "footer")
                    && (self.article == 0 || name == "footer"))
                || is_unlikely(&name, &attrs)
        };
        // Bylines are metadata, not article text.
        let byline_element = !self.fragment
            && (class_id(&attrs).contains("byline")
                || attr(&attrs, "rel") == Some("author")
                || attr(&attrs, "itemprop") == Some("author"));
        let skip = skip || byline_element;
        let byline = byline_element && self.byline_buf.is_none() && self.meta.byline.is_none();
        if byline {
            self.byline_buf = Some(String::new());
        }
        let link = name == "a";
        if skip {
            self.skip += 1;
        }
        if article {
            if self.article == 0 {
                self.flush();
                self.current_article = Some(self.articles_seen);
                self.articles_seen += 1;
            }
            self.article += 1;
        }
        if link {
            self.link += 1;
        }
        if name == "h1" && self.meta.first_h1.is_none() {
            self.in_h1 = true;
            self.h1 = Some(String::new());
        }
        self.stack.push(Open {
            name,
            skip,
            article,
            link,
            byline,
        });
    }

    fn end(&mut self, name: &str) {
        if is_block(name) {
            self.flush();
        }
        // Pop up to the matching element; an end tag with no open element is ignored.
        if let Some(idx) = self.stack.iter().rposition(|o| o.name == name) {
            while self.stack.len() > idx {
                self.pop();
            }
        }
        if is_block(name) {
            self.flush();
        }
    }

    fn run(mut self, html: &str) -> HtmlPage {
        let mut last_start = String::new();
        let mut script_is_ld = false;
        for tok in Tokenizer::new(html) {
            match tok {
                Token::Text(t) => self.text(t),
                Token::RawText(t) => match last_start.as_str() {
                    "title" if self.meta.title_tag.is_none() => {
                        self.meta.title_tag = Some(clean(t)).filter(|s| !s.is_empty());
                    }
                    "script" if script_is_ld => self.json_ld(t),
                    _ => {}
                },
                Token::Start {
                    name,
                    attrs,
                    self_closing,
                } => {
                    script_is_ld = name == "script"
                        && attr(&attrs, "type")
                            .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"));
                    last_start.clear();
                    last_start.push_str(&name);
                    if name == "title" || name == "textarea" || name == "xmp" || name == "iframe" {
                        // Raw-text elements: content comes as RawText; no stack entry needed
                        // for title (it is metadata), the others are skipped anyway.
                        if name != "title" && !self_closing {
                            self.start(name, attrs, self_closing);
                        }
                        continue;
                    }
                    self.start(name, attrs, self_closing);
                }
                Token::End { name } => {
                    if name != "title" {
                        self.end(&name);
                    }
                }
            }
        }
        while !self.stack.is_empty() {
            self.pop();
        }
        self.flush();
        self.finish()
    }

    fn finish(self) -> HtmlPage {
        let mut meta = self.meta;
        let total: usize = self.blocks.iter().map(|b| b.text.len()).sum();
        // The article container holding the most text wins when it holds enough of it.
        let mut per_article: Vec<usize> = vec![0; self.articles_seen];
        for b in &self.blocks {
            if let Some(a) = b.article {
                if let Some(n) = per_article.get_mut(a) {
                    *n += b.text.len();
                }
            }
        }
        let best = per_article
            .iter()
            .enumerate()
            .max_by_key(|(i, n)| (**n, usize::MAX - i))
            .map(|(i, n)| (i, *n));
        let chosen = match best {
            Some((i, n)) if n > 0 && (n >= 500 || n * 3 >= total) => Some(i),
            _ => None,
        };
        let mut text = String::new();
        for b in &self.blocks {
            if chosen.is_some() && b.article != chosen {
                continue;
            }
            if !self.fragment && b.link_chars * 2 > b.text.len() {
                continue;
            }
            if !text.is_empty() {
                text.push_str(if self.fragment { "\n" } else { "\n\n" });
            }
            text.push_str(&b.text);
        }
        meta.published.sort_by_key(|(rank, _)| *rank);
        HtmlPage {
            text,
            title: meta
                .og_title
                .or(meta.title_tag.map(|t| strip_site_name(&t)))
                .or(meta.first_h1),
            published: meta.published.into_iter().map(|(_, v)| v).collect(),
            byline: meta.byline,
            url: meta.og_url.or(meta.canonical),
            site_name: meta.site_name,
        }
    }
}

/// Drops a site name from a `<title>`: "Troops withdraw from town | Example News" →
/// "Troops withdraw from town" (also with `-`, `–`, `—`, `::`, and at the front), when
/// the part dropped is short (at most 4 words) and the part kept is not (3 words or more).
fn strip_site_name(title: &str) -> String {
    const SEPARATORS: [&str; 5] = [" | ", " – ", " — ", " - ", " :: "];
    let words = |s: &str| s.split_whitespace().count();
    for sep in SEPARATORS {
        if let Some(i) = title.rfind(sep) {
            let (head, tail) = (&title[..i], &title[i + sep.len()..]);
            if words(tail) <= 4 && words(head) >= 3 {
                return head.trim().to_string();
            }
        }
        if let Some(i) = title.find(sep) {
            let (head, tail) = (&title[..i], &title[i + sep.len()..]);
            if words(head) <= 3 && words(tail) >= 3 {
                return tail.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// Reduces a whole page to its article text and metadata.
pub fn extract(html: &str) -> HtmlPage {
    Extractor::new(false).run(html)
}

/// Strips the markup of an HTML fragment (a feed item's description): all text but
/// scripts and styles, blocks joined by newlines, character references decoded.
pub fn strip_fragment(html: &str) -> String {
    Extractor::new(true).run(html).text
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!DOCTYPE html>
<html><head>
<title>Site | Troops withdraw</title>
<meta property="og:title" content="Troops withdraw from the town">
<meta property="article:published_time" content="2025-03-14T20:30:26Z">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://example.org/a/1">
<script>var x = "<p>not text</p>";</script>
<style>p { color: red }</style>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<div class="share-tools"><a href="#">Share on X</a></div>
<article>
<h1>Troops withdraw</h1>
<p>The troops left the town on Friday, officials said.
<p>Residents &amp; aid workers returned.&nbsp;Shops reopened.</p>
<figure><img src="x.jpg"><figcaption>FILE - a photo</figcaption></figure>
<ul class="tags"><li><a href="/t/1">Syria</a></li></ul>
</article>
<aside>Most read: something else</aside>
<footer>Copyright</footer>
</body></html>"##;

    #[test]
    fn extracts_article_text_and_metadata() {
        let page = extract(PAGE);
        assert_eq!(
            page.text,
            "Troops withdraw\n\nThe troops left the town on Friday, officials said.\n\nResidents & aid workers returned. Shops reopened."
        );
        assert_eq!(page.title.as_deref(), Some("Troops withdraw from the town"));
        assert_eq!(page.published, vec!["2025-03-14T20:30:26Z".to_string()]);
        assert_eq!(page.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(page.url.as_deref(), Some("https://example.org/a/1"));
    }

    #[test]
    fn without_article_uses_body_minus_boilerplate() {
        let page = extract(
            "<html><body><nav>Menu</nav><div id=content><p>First paragraph.</p><p>Second <b>bold</b> one.</p></div>\
             <div class=footer-links>About us</div></body></html>",
        );
        assert_eq!(page.text, "First paragraph.\n\nSecond bold one.");
        assert_eq!(page.title, None);
    }

    #[test]
    fn time_element_json_ld_and_byline() {
        let page = extract(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished": "2024-09-04T10:00:00+03:00"}</script>
            <div class="byline">By <a rel="author">John Smith</a></div><p>Text <time datetime="2024-09-05">Thursday</time>.</p>"#,
        );
        assert_eq!(
            page.published,
            vec![
                "2024-09-04T10:00:00+03:00".to_string(),
                "2024-09-05".to_string()
            ]
        );
        assert_eq!(page.byline.as_deref(), Some("John Smith"));
        assert_eq!(page.text, "Text Thursday.");
    }

    #[test]
    fn ads_and_author_boxes_are_dropped() {
        let page = extract(
            "<body><p>Fighting resumed.</p><div class=\"ad-slot top\">Advertisement</div>\
             <div id=ads>Buy now</div><div class=\"author-bio\">Jane writes about defence.</div>\
             <div class=\"shadow\"><p>Talks failed.</p></div><div class=\"headline\"><p>Kept.</p></div></body>",
        );
        assert_eq!(page.text, "Fighting resumed.\n\nTalks failed.\n\nKept.");
    }

    #[test]
    fn site_names_are_dropped_from_titles() {
        assert_eq!(
            strip_site_name("Troops withdraw from town | Example News"),
            "Troops withdraw from town"
        );
        assert_eq!(
            strip_site_name("VOA - Troops withdraw from town"),
            "Troops withdraw from town"
        );
        assert_eq!(
            strip_site_name("Clashes erupt — Region"),
            "Clashes erupt — Region"
        );
        assert_eq!(strip_site_name("Short | Title"), "Short | Title");
        assert_eq!(
            strip_site_name("Syria: troops – live updates"),
            "Syria: troops – live updates"
        );
        assert_eq!(
            extract("<title>Troops withdraw from town | VOA</title><p>x</p>")
                .title
                .as_deref(),
            Some("Troops withdraw from town")
        );
    }

    #[test]
    fn broken_html_does_not_fail() {
        for s in [
            "<p>unclosed <b>bold <i>italic",
            "</div></div><p>stray ends</span>",
            "<div class=\"x>never",
            "<<<>>>&&&;;;",
            "<article><p>short</article></article></main>",
            "",
        ] {
            let _ = extract(s);
            let _ = strip_fragment(s);
        }
        assert_eq!(
            extract("</div></div><p>stray ends</span>").text,
            "stray ends"
        );
        assert_eq!(
            extract("<p>unclosed <b>bold <i>italic").text,
            "unclosed bold italic"
        );
    }

    #[test]
    fn unclosed_head_is_closed_by_body_content() {
        let page =
            extract("<html><head><title>T</title><meta charset=utf-8><body><p>Body text.</p>");
        assert_eq!(page.text, "Body text.");
        assert_eq!(page.title.as_deref(), Some("T"));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let s = "<div>".repeat(100_000) + "deep text" + &"</div>".repeat(100_000);
        assert_eq!(extract(&s).text, "deep text");
    }

    #[test]
    fn fragment_keeps_all_text() {
        assert_eq!(
            strip_fragment(
                "<p>One &amp; two.</p><p>Three <a href=x>link</a>.</p><script>x</script>"
            ),
            "One & two.\nThree link."
        );
    }
}
