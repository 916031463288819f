//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one document per item / entry.
//!
//! Parsed with `quick-xml` in its tolerant mode (end names not checked, unmatched end
//! tags and stray `&` allowed, any HTML named reference resolved). A syntax error stops
//! the feed with an error naming the line; the items before it are kept.
//!
//! An item without full content (`content:encoded` / Atom `content`) whose description is
//! short is marked [`Record::text_is_summary`]: its linked page may hold the article.

use crate::html::strip_fragment;
use crate::{
    default_published, entities, hash_id, id_problem, join_url, one_line, parse_published,
    InputError, Origin, ReadOptions, ReadResult, Record, UserError, Warning,
};
use quick_xml::events::Event;
use quick_xml::Reader;
use sitrep_model::Document;

#[derive(Default)]
struct Item {
    line: u64,
    title: Option<String>,
    link: Option<String>,
    guid: Option<String>,
    dates: Vec<String>,
    description: Option<String>,
    content: Option<String>,
    author: Option<String>,
}

/// Counts lines incrementally from byte positions.
struct Lines<'a> {
    text: &'a [u8],
    pos: usize,
    line: u64,
}

impl Lines<'_> {
    fn at(&mut self, pos: usize) -> u64 {
        let pos = pos.min(self.text.len());
        if pos > self.pos {
            self.line += self.text[self.pos..pos]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            self.pos = pos;
        }
        self.line
    }
}

/// The element names (lower-cased, prefix kept) that carry item fields.
enum Field {
    Title,
    Link,
    Guid,
    Date(u8),
    Description,
    Content,
    Author,
}

fn field(qname: &str) -> Option<Field> {
    Some(match qname {
        "title" => Field::Title,
        "link" => Field::Link,
        "guid" | "id" => Field::Guid,
        "pubdate" => Field::Date(0),
        "published" | "issued" => Field::Date(1),
        "dc:date" => Field::Date(2),
        "updated" | "modified" | "a10:updated" => Field::Date(3),
        "description" | "summary" | "media:description" => Field::Description,
        "content:encoded" | "content" => Field::Content,
        "author" | "dc:creator" => Field::Author,
        _ => return None,
    })
}

fn lower_name(raw: &str) -> String {
    raw.to_ascii_lowercase()
}

/// The warning of an item coded from its title (dropped when its page's text is taken).
pub(crate) const CODING_THE_TITLE: &str = "item has no text; coding its title";

/// Longest description (normalised text, bytes) still taken for a summary; longer ones are
/// taken for the article itself (many RSS feeds carry whole stories in `description`).
pub(crate) const SUMMARY_MAX_BYTES: usize = 1500;

/// Reads a feed; `base` (the feed's URL, when known) resolves relative item links.
pub(crate) fn read_feed(
    origin: &Origin,
    xml: &str,
    base: Option<&str>,
    opts: &ReadOptions,
) -> Vec<ReadResult> {
    let mut out = Vec::new();
    let mut reader = Reader::from_str(xml);
    {
        let c = reader.config_mut();
        c.check_end_names = false;
        c.allow_unmatched_ends = true;
        c.allow_dangling_amp = true;
        c.expand_empty_elements = true;
        c.trim_text(false);
    }
    let mut lines = Lines {
        text: xml.as_bytes(),
        pos: 0,
        line: 1,
    };
    let mut stack: Vec<String> = Vec::new();
    let mut root_seen = false;
    let mut feed_title: Option<String> = None;
    // The open item and its depth in `stack`.
    let mut item: Option<(Item, usize)> = None;
    // The item field being read: its kind, depth, and accumulated text.
    let mut current: Option<(Field, usize, String)> = None;
    // Channel/feed title being read.
    let mut in_feed_title: Option<(usize, String)> = None;
    const MAX_STACK: usize = 256;

    loop {
        let before = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let line = lines.at(reader.error_position() as usize);
                out.push(Err(InputError::user(
                    origin.at_line(line),
                    UserError::MalformedFeed(e.to_string()),
                )));
                break;
            }
        };
        match event {
            Event::Start(e) => {
                let name = lower_name(e.name().as_ref());
                if !root_seen {
                    root_seen = true;
                    if !matches!(name.as_str(), "rss" | "feed" | "rdf:rdf" | "rdf") {
                        out.push(Err(InputError::user(
                            origin.clone(),
                            UserError::NotAFeed(name),
                        )));
                        return out;
                    }
                }
                if stack.len() >= MAX_STACK {
                    out.push(Err(InputError::user(
                        origin.at_line(lines.at(before)),
                        UserError::MalformedFeed("elements nested too deeply".into()),
                    )));
                    return out;
                }
                stack.push(name.clone());
                let depth = stack.len();
                if item.is_none() && (name == "item" || name == "entry") {
                    item = Some((
                        Item {
                            line: lines.at(before),
                            ..Default::default()
                        },
                        depth,
                    ));
                    continue;
                }
                if let Some((it, item_depth)) = item.as_mut() {
                    if current.is_none() && depth == *item_depth + 1 {
                        if let Some(f) = field(&name) {
                            if let Field::Link = f {
                                // Atom: <link rel="alternate" href="..."/>.
                                let mut rel = None;
                                let mut href = None;
                                for a in e.attributes().with_checks(false).flatten() {
                                    let key = lower_name(a.key.as_ref());
                                    let value = entities::decode(&a.value);
                                    match key.as_str() {
                                        "rel" => rel = Some(value),
                                        "href" => href = Some(value),
                                        _ => {}
                                    }
                                }
                                if let Some(h) = href {
                                    if it.link.is_none()
                                        && matches!(rel.as_deref(), None | Some("alternate"))
                                    {
                                        it.link = one_line(&h);
                                    }
                                }
                            }
                            current = Some((f, depth, String::new()));
                        }
                    }
                } else if name == "title" && depth <= 3 && feed_title.is_none() {
                    in_feed_title = Some((depth, String::new()));
                }
            }
            Event::End(_) => {
                let depth = stack.len();
                if let Some((f, d, text)) = current.take() {
                    if d == depth {
                        if let Some((it, _)) = item.as_mut() {
                            store(it, f, text);
                        }
                    } else {
                        current = Some((f, d, text));
                    }
                }
                if let Some((d, text)) = in_feed_title.take() {
                    if d == depth {
                        feed_title = one_line(&strip_fragment(&text));
                    } else {
                        in_feed_title = Some((d, text));
                    }
                }
                if item.as_ref().is_some_and(|(_, d)| *d == depth) {
                    if let Some((it, _)) = item.take() {
                        out.push(finish(origin, it, feed_title.as_deref(), base, opts));
                    }
                }
                stack.pop();
            }
            Event::Text(t) => push_text(&mut current, &mut in_feed_title, &t.xml10_content()),
            Event::CData(t) => push_text(&mut current, &mut in_feed_title, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let body = r.into_inner();
                // Keep the reference escaped: the text is later read as HTML, which
                // resolves it (and `&lt;p&gt;` stays markup, as feeds intend).
                let text = match entities::resolve(&body) {
                    Some('<') => "<".to_string(),
                    Some('>') => ">".to_string(),
                    Some('&') => "&amp;".to_string(),
                    Some(c) => c.to_string(),
                    None => format!("&{body};"),
                };
                push_text(&mut current, &mut in_feed_title, &text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        out.push(Err(InputError::user(
            origin.clone(),
            UserError::MalformedFeed("no root element".into()),
        )));
    }
    out
}

fn push_text(
    current: &mut Option<(Field, usize, String)>,
    feed_title: &mut Option<(usize, String)>,
    s: &str,
) {
    if let Some((_, _, buf)) = current.as_mut() {
        buf.push_str(s);
    }
    if let Some((_, buf)) = feed_title.as_mut() {
        buf.push_str(s);
    }
}

fn store(it: &mut Item, f: Field, text: String) {
    let set = |slot: &mut Option<String>, v: String| {
        if slot.is_none() && !v.trim().is_empty() {
            *slot = Some(v);
        }
    };
    match f {
        Field::Title => set(&mut it.title, text),
        Field::Link => {
            if it.link.is_none() {
                it.link = one_line(&text);
            }
        }
        Field::Guid => set(&mut it.guid, text),
        Field::Date(rank) => {
            if let Some(d) = one_line(&text) {
                it.dates.push(format!("{rank}{d}"));
            }
        }
        Field::Description => set(&mut it.description, text),
        Field::Content => set(&mut it.content, text),
        Field::Author => set(&mut it.author, text),
    }
}

fn finish(
    origin: &Origin,
    it: Item,
    feed_title: Option<&str>,
    base: Option<&str>,
    opts: &ReadOptions,
) -> ReadResult {
    let origin = origin.at_line(it.line);
    let link = it.link.as_deref().map(|l| join_url(base, l));
    let mut warnings = Vec::new();
    let title = it
        .title
        .as_deref()
        .map(strip_fragment)
        .and_then(|t| one_line(&t));
    let content = it.content.as_deref().map(strip_fragment);
    let has_content = content.as_deref().is_some_and(|c| !c.trim().is_empty());
    let body = match content {
        Some(c) if has_content => c,
        _ => it
            .description
            .as_deref()
            .map(strip_fragment)
            .unwrap_or_default(),
    };
    let mut text = sitrep_text::normalize(&body);
    if text.trim().is_empty() {
        match &title {
            Some(t) => {
                warnings.push(Warning {
                    origin: origin.clone(),
                    message: CODING_THE_TITLE.into(),
                });
                text = sitrep_text::normalize(t);
            }
            None => return Err(InputError::user(origin, UserError::EmptyText)),
        }
    }
    // The guid, else the link, else a hash of the text: the first that can be an id.
    let usable = |id: &String| id_problem(id).is_none();
    let id = it
        .guid
        .as_deref()
        .and_then(one_line)
        .filter(usable)
        .or_else(|| link.clone().filter(usable))
        .unwrap_or_else(|| hash_id(&text));
    let text_is_summary = !has_content && text.len() <= SUMMARY_MAX_BYTES;
    let mut document = Document::new(id, text);
    document.title = title;
    document.url = link;
    document.source = feed_title.map(str::to_string);
    let mut dates = it.dates;
    dates.sort_by(|a, b| a.get(..1).cmp(&b.get(..1)));
    for d in &dates {
        let raw = d.get(1..).unwrap_or("");
        if let Some(p) = parse_published(raw) {
            document.published = Some(p);
            break;
        }
        warnings.push(Warning {
            origin: origin.clone(),
            message: format!("unrecognised date `{raw}`"),
        });
    }
    default_published(&mut document, opts);
    let byline = it
        .author
        .as_deref()
        .map(strip_fragment)
        .and_then(|a| one_line(&a));
    Ok(Record {
        document,
        origin,
        byline,
        warnings,
        text_is_summary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn read(xml: &str) -> Vec<ReadResult> {
        read_feed(&Origin::new("f.xml"), xml, None, &ReadOptions::default())
    }

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Example News</title>
  <link>https://example.org/</link>
  <item>
    <title>Troops &amp; police deployed</title>
    <link>https://example.org/a/1</link>
    <guid isPermaLink="false">a-1</guid>
    <pubDate>Fri, 14 Mar 2025 20:30:26 GMT</pubDate>
    <description>&lt;p&gt;Short &lt;b&gt;summary&lt;/b&gt;.&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>Full text, first paragraph.</p><p>Second&nbsp;one.</p>]]></content:encoded>
    <dc:creator>Jane Doe</dc:creator>
  </item>
  <item>
    <title>Second</title>
    <link>https://example.org/a/2</link>
    <pubDate>someday</pubDate>
    <description>Plain &amp; simple &nbsp; text. 5 &lt; 6</description>
  </item>
  <item><title>Only a title</title></item>
  <item><description>   </description></item>
</channel></rss>"#;

    #[test]
    fn unusable_guids_fall_back_to_the_link_or_the_text() {
        let long = "g".repeat(600);
        let xml = format!(
            "<rss><channel><title>T</title>\
             <item><guid>a&#x202E;b</guid><link>https://example.org/1</link><description>One.</description></item>\
             <item><guid>{long}</guid><link>https://example.org/{long}</link><description>Two.</description></item>\
             </channel></rss>"
        );
        let r = read(&xml);
        assert_eq!(r[0].as_ref().unwrap().document.id, "https://example.org/1");
        let two = &r[1].as_ref().unwrap().document;
        assert_eq!(two.id.len(), 16, "{}", two.id);
        assert!(two.id.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn reads_rss_items() {
        let r = read(RSS);
        assert_eq!(r.len(), 4);
        let a = r[0].as_ref().unwrap();
        assert_eq!(a.document.id, "a-1");
        assert_eq!(
            a.document.title.as_deref(),
            Some("Troops & police deployed")
        );
        assert_eq!(a.document.text, "Full text, first paragraph.\nSecond one.");
        assert_eq!(a.document.published, NaiveDate::from_ymd_opt(2025, 3, 14));
        assert_eq!(a.document.url.as_deref(), Some("https://example.org/a/1"));
        assert_eq!(a.document.source.as_deref(), Some("Example News"));
        assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(a.origin.to_string(), "f.xml:6");
        let b = r[1].as_ref().unwrap();
        assert_eq!(b.document.text, "Plain & simple text. 5 < 6");
        assert_eq!(b.document.published, None);
        assert_eq!(b.warnings[0].message, "unrecognised date `someday`");
        assert_eq!(b.document.id, "https://example.org/a/2");
        let c = r[2].as_ref().unwrap();
        assert_eq!(c.document.text, "Only a title");
        assert_eq!(c.warnings.len(), 1);
        assert!(r[3]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("empty document"));
    }

    #[test]
    fn reads_atom_entries() {
        let r = read(
            r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Atom Site</title>
<entry><title>Clashes</title><link rel="self" href="https://x/self"/><link href="https://x/e1"/>
<id>urn:e1</id><updated>2024-09-04T10:00:00+03:00</updated><published>2024-09-03T23:00:00Z</published>
<author><name>Reporter</name></author><summary type="html">&lt;p&gt;Clashes erupted.&lt;/p&gt;</summary></entry></feed>"#,
        );
        let e = r[0].as_ref().unwrap();
        assert_eq!(e.document.id, "urn:e1");
        assert_eq!(e.document.url.as_deref(), Some("https://x/e1"));
        assert_eq!(e.document.text, "Clashes erupted.");
        assert_eq!(e.document.published, NaiveDate::from_ymd_opt(2024, 9, 3));
        assert_eq!(e.document.source.as_deref(), Some("Atom Site"));
        assert_eq!(e.byline.as_deref(), Some("Reporter"));
    }

    #[test]
    fn broken_feeds_report_errors_and_keep_earlier_items() {
        let r = read("<rss><channel><item><title>A</title><description>ok</description></item>\n<item><title>B</title <description>");
        assert!(r[0].is_ok());
        assert!(r.iter().skip(1).all(|x| x.is_err()));
        assert!(read("<html><body>x</body></html>")[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("not an RSS or Atom feed"));
        assert!(read("").iter().all(|x| x.is_err()));
        assert!(read("<rss>").is_empty());
    }
}
