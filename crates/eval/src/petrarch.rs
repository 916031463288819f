//! PETRARCH-2 validation sentences (`PETR2_GSR_validation.xml`, MIT, openeventdata) with their
//! expected CAMEO codings, mapped to PLOVER types through the CAMEO→PLOVER table
//! (`data/CAMEO2PLOVER-2021.txt`, CC BY-SA 4.0, see `data/README.md`).
//!
//! The XML is read with a small tolerant parser: `<Sentence id=.. date=..>` (self-closing or
//! not) opens a record; the following `<EventCoding eventcode=.. sourcecode=.. targetcode=../>`
//! (or `noevents="True"`) and `<Text>..</Text>` belong to it; `<Parse>` blocks, comments and
//! text outside elements are skipped.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Serialize;
use sitrep_model::{Event, EventType};

use crate::plover::{normalise_country, ranked, type_table, Agreement, Judgement, TypeRow};
use crate::table::{frac, markdown};
use crate::{read_file, EvalError, Result};

/// The CAMEO→PLOVER table bundled with the crate.
pub const CAMEO2PLOVER: &str = include_str!("../data/CAMEO2PLOVER-2021.txt");

/// What a CAMEO code maps to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CameoEntry {
    pub event_type: EventType,
    pub mode: Option<String>,
    pub context: Vec<String>,
}

/// CAMEO code → PLOVER, with longest-prefix lookup.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CameoMap {
    entries: BTreeMap<String, CameoEntry>,
}

impl CameoMap {
    /// The bundled table.
    pub fn embedded() -> Result<CameoMap> {
        CameoMap::parse(CAMEO2PLOVER, "CAMEO2PLOVER-2021.txt")
            .map_err(|e| EvalError::Internal(format!("bundled CAMEO table: {e}")))
    }

    /// Parses lines `CODE: TYPE, mode, context[; context] # comment`; blank lines, `#` comments
    /// and `~~~` rules are skipped. When a code appears twice the first line wins.
    pub fn parse(content: &str, origin: &str) -> Result<CameoMap> {
        let mut entries = BTreeMap::new();
        for (i, raw) in content.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with('~') {
                continue;
            }
            let Some((code, rest)) = line.split_once(':') else {
                return Err(EvalError::parse(
                    origin,
                    i + 1,
                    "expected `CODE: TYPE, mode, context`",
                ));
            };
            let code = code.trim();
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(EvalError::parse(
                    origin,
                    i + 1,
                    format!("bad CAMEO code {code:?}"),
                ));
            }
            let body = rest.split('#').next().unwrap_or("");
            let mut parts = body.split(',');
            let type_name = parts.next().unwrap_or("").trim();
            let event_type = EventType::parse(type_name).ok_or_else(|| {
                EvalError::parse(origin, i + 1, format!("unknown PLOVER type {type_name:?}"))
            })?;
            let mode = parts
                .next()
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_string);
            let context = parts
                .next()
                .map(|c| {
                    c.split(';')
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            entries.entry(code.to_string()).or_insert(CameoEntry {
                event_type,
                mode,
                context,
            });
        }
        Ok(CameoMap { entries })
    }

    /// The entry of the longest prefix of `code` (at least 2 digits) present in the table.
    pub fn lookup(&self, code: &str) -> Option<&CameoEntry> {
        let code = code.trim();
        (2..=code.len())
            .rev()
            .find_map(|n| code.get(..n).and_then(|p| self.entries.get(p)))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One expected CAMEO coding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coding {
    pub eventcode: String,
    pub sourcecode: String,
    pub targetcode: String,
}

/// One validation sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PetrSentence {
    pub id: String,
    pub date: Option<String>,
    pub category: Option<String>,
    pub text: String,
    pub codings: Vec<Coding>,
    /// Marked `noevents="True"`: nothing should be coded.
    pub noevents: bool,
    /// 1-based line of the `<Sentence>` tag.
    pub line: usize,
}

/// Reads `PETR2_GSR_validation.xml`.
pub fn load(path: &Path) -> Result<Vec<PetrSentence>> {
    let content = read_file(path)?;
    parse(&content, &path.display().to_string())
}

struct Cursor<'a> {
    s: &'a str,
    pos: usize,
    line: usize,
    counted_to: usize,
}

impl Cursor<'_> {
    fn line_at(&mut self, pos: usize) -> usize {
        if pos >= self.counted_to {
            if let Some(chunk) = self.s.get(self.counted_to..pos) {
                self.line += chunk.matches('\n').count();
                self.counted_to = pos;
            }
        }
        self.line
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let after = rest.get(amp..).unwrap_or("");
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = after.get(1..e)?;
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let num = name.strip_prefix('#')?;
                    let v = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(v)?
                }
            };
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = after.get(len..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = after.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parses `name="value"` pairs of a tag body.
fn attributes(body: &str) -> Option<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let mut rest = body.trim();
    while !rest.is_empty() {
        let eq = rest.find('=')?;
        let name = rest.get(..eq)?.trim().to_string();
        let after = rest.get(eq + 1..)?.trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let inner = after.get(1..)?;
        let close = inner.find(quote)?;
        out.insert(name, unescape(inner.get(..close)?));
        rest = inner.get(close + 1..)?.trim_start();
    }
    Some(out)
}

/// Parses the validation XML. Errors name `origin` and the line.
pub fn parse(content: &str, origin: &str) -> Result<Vec<PetrSentence>> {
    let mut c = Cursor {
        s: content,
        pos: 0,
        line: 1,
        counted_to: 0,
    };
    let mut out: Vec<PetrSentence> = Vec::new();
    let err = |line: usize, msg: &str| EvalError::parse(origin, line, msg);
    while let Some(rel) = content.get(c.pos..).and_then(|r| r.find('<')) {
        let start = c.pos + rel;
        let line = c.line_at(start);
        let rest = content.get(start..).unwrap_or("");
        let skip_to = |c: &mut Cursor, pat: &str, what: &str| -> Result<()> {
            match content.get(start..).and_then(|r| r.find(pat)) {
                Some(e) => {
                    c.pos = start + e + pat.len();
                    Ok(())
                }
                None => Err(err(line, &format!("unterminated {what}"))),
            }
        };
        if rest.starts_with("<!--") {
            skip_to(&mut c, "-->", "comment")?;
            continue;
        }
        if rest.starts_with("<?") || rest.starts_with("<!") {
            skip_to(&mut c, ">", "declaration")?;
            continue;
        }
        if rest.starts_with("</") {
            skip_to(&mut c, ">", "closing tag")?;
            continue;
        }
        // Find the end of the tag, honouring quotes.
        let mut quote: Option<char> = None;
        let mut end = None;
        for (i, ch) in rest.char_indices().skip(1) {
            match (quote, ch) {
                (Some(q), ch) if ch == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(ch),
                (None, '>') => {
                    end = Some(i);
                    break;
                }
                (None, '<') => break,
                _ => {}
            }
        }
        let Some(end) = end else {
            return Err(err(line, "unterminated tag"));
        };
        let inner = rest.get(1..end).unwrap_or("");
        let self_closing = inner.ends_with('/');
        let inner = inner.trim_end_matches('/');
        let (name, attr_body) = match inner.find(char::is_whitespace) {
            Some(i) => (inner.get(..i).unwrap_or(""), inner.get(i..).unwrap_or("")),
            None => (inner, ""),
        };
        c.pos = start + end + 1;
        let attrs = || {
            attributes(attr_body)
                .ok_or_else(|| err(line, &format!("malformed attributes in <{name}>")))
        };
        match name {
            "Sentence" => {
                let a = attrs()?;
                let id = a
                    .get("id")
                    .cloned()
                    .ok_or_else(|| err(line, "<Sentence> without id"))?;
                out.push(PetrSentence {
                    id,
                    date: a.get("date").cloned(),
                    category: a.get("category").cloned(),
                    text: String::new(),
                    codings: Vec::new(),
                    noevents: false,
                    line,
                });
            }
            "EventCoding" => {
                let a = attrs()?;
                let s = out
                    .last_mut()
                    .ok_or_else(|| err(line, "<EventCoding> before any <Sentence>"))?;
                if a.get("noevents")
                    .is_some_and(|v| v.eq_ignore_ascii_case("true"))
                {
                    s.noevents = true;
                } else {
                    let eventcode = a
                        .get("eventcode")
                        .cloned()
                        .ok_or_else(|| err(line, "<EventCoding> without eventcode"))?;
                    s.codings.push(Coding {
                        eventcode,
                        sourcecode: a.get("sourcecode").cloned().unwrap_or_default(),
                        targetcode: a.get("targetcode").cloned().unwrap_or_default(),
                    });
                }
            }
            "Text" if !self_closing => {
                let body = content.get(c.pos..).unwrap_or("");
                let close = body
                    .find("</Text>")
                    .ok_or_else(|| err(line, "unterminated <Text>"))?;
                let text = unescape(body.get(..close).unwrap_or(""));
                let s = out
                    .last_mut()
                    .ok_or_else(|| err(line, "<Text> before any <Sentence>"))?;
                s.text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                c.pos += close + "</Text>".len();
            }
            "Parse" if !self_closing => {
                let body = content.get(c.pos..).unwrap_or("");
                let close = body
                    .find("</Parse>")
                    .ok_or_else(|| err(line, "unterminated <Parse>"))?;
                c.pos += close + "</Parse>".len();
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Accuracy of the coder on the PETRARCH-2 validation sentences.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PetrarchReport {
    pub sentences: usize,
    /// Per expected coding, by the PLOVER type of its CAMEO code.
    pub by_type: BTreeMap<EventType, TypeRow>,
    pub total: TypeRow,
    /// Codings whose CAMEO code has no PLOVER type (e.g. 01 statements, 02 appeals).
    pub unmapped: BTreeMap<String, usize>,
    /// Sentences marked `noevents`, and those of them where nothing live was emitted.
    pub noevent_sentences: usize,
    pub noevent_silent: usize,
    pub actor_country: Agreement,
    pub recipient_country: Agreement,
}

impl PetrarchReport {
    pub fn new() -> PetrarchReport {
        PetrarchReport::default()
    }

    /// Adds one sentence with the events coded from its text.
    pub fn add(&mut self, map: &CameoMap, sentence: &PetrSentence, events: &[Event]) {
        self.sentences += 1;
        let live = ranked(events);
        if sentence.noevents || sentence.codings.is_empty() {
            self.noevent_sentences += 1;
            self.noevent_silent += usize::from(live.is_empty());
        }
        for coding in &sentence.codings {
            let Some(entry) = map.lookup(&coding.eventcode) else {
                *self.unmapped.entry(coding.eventcode.clone()).or_default() += 1;
                continue;
            };
            let j = Judgement::new(events, entry.event_type);
            self.by_type.entry(entry.event_type).or_default().count(&j);
            self.total.count(&j);
            // PETRARCH codes start with the country (`USAGOV`, `SYRREB`); `---` is none.
            let country = |code: &str| -> Vec<String> {
                code.get(..3)
                    .map(normalise_country)
                    .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
                    .into_iter()
                    .collect()
            };
            self.actor_country
                .record(&country(&coding.sourcecode), &j.judged, false);
            self.recipient_country
                .record(&country(&coding.targetcode), &j.judged, true);
        }
    }
}

impl fmt::Display for PetrarchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "### PETRARCH-2 validation sentences ({} sentences, {} mapped codings)\n",
            self.sentences, self.total.n
        )?;
        write!(f, "{}", type_table(&self.by_type, &self.total))?;
        writeln!(f)?;
        let unmapped: usize = self.unmapped.values().sum();
        let rows = vec![
            vec![
                "sentences without events: nothing emitted".to_string(),
                frac(self.noevent_silent, self.noevent_sentences),
            ],
            vec![
                "actor country agreement".into(),
                frac(self.actor_country.agree, self.actor_country.compared),
            ],
            vec![
                "recipient country agreement".into(),
                frac(
                    self.recipient_country.agree,
                    self.recipient_country.compared,
                ),
            ],
            vec![
                "codings without a PLOVER type (skipped)".into(),
                format!(
                    "{unmapped} ({})",
                    self.unmapped
                        .iter()
                        .map(|(c, n)| format!("{c}×{n}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ],
        ];
        write!(f, "{}", markdown(&["metric", "value"], &rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version='1.0' encoding='utf-8'?>
<Validation>
# a comment block with <angle> words is not XML
<Sentences>
<!-- PATTERN '- * &PEOPLE [0841]' -->
<Sentence category="AFP" date="20080804" id="S1" evaluate="true"/>
<EventCoding eventcode="190" sourcecode="RUSMIL" targetcode="GEO" />
<EventCoding eventcode="0841" sourcecode="GEO" targetcode="---" />
<Text>
Russian troops attacked Georgia &amp; freed
prisoners.
</Text>
<Parse>
1	Russian	x	<weird>
</Parse></Sentence>
<Sentence id="S2" date="20080805">
<EventCoding noevents="True" />
<Text>Nothing happened.</Text>
</Sentence>
<Sentence id="S3" date="20080805">
<EventCoding eventcode="015" sourcecode="USA" targetcode="---" />
<Text>The US said something.</Text>
</Sentence>
</Sentences>
</Validation>"#;

    fn ev(t: EventType, conf: f32, actor: Option<&str>) -> Event {
        let mut e = crate::testing::event(t, "", 0, 1);
        e.confidence = conf;
        e.actor = actor
            .map(|c| crate::testing::entity("x", Some(c), &[]))
            .into_iter()
            .collect();
        e
    }

    #[test]
    fn embedded_table_and_prefix_lookup() {
        let m = CameoMap::embedded().expect("bundled table parses");
        assert!(m.len() > 250);
        assert_eq!(
            m.lookup("190").map(|e| e.event_type),
            Some(EventType::Assault)
        );
        assert_eq!(
            m.lookup("0841").map(|e| e.event_type),
            Some(EventType::Retreat)
        );
        assert_eq!(
            m.lookup("0841").and_then(|e| e.mode.as_deref()),
            Some("release")
        );
        assert_eq!(
            m.lookup("080").map(|e| e.event_type),
            Some(EventType::Concede)
        );
        assert_eq!(
            m.lookup("112").map(|e| e.event_type),
            Some(EventType::Accuse)
        );
        assert_eq!(
            m.lookup("1124").map(|e| e.context.clone()),
            Some(vec!["military".into(), "legal".into()])
        );
        // Longest prefix: 0315 is not listed, 031 is.
        assert_eq!(
            m.lookup("0315").map(|e| e.event_type),
            Some(EventType::Agree)
        );
        assert_eq!(m.lookup("015"), None);
        assert_eq!(m.lookup(""), None);
        assert_eq!(m.lookup("é1"), None);
    }

    #[test]
    fn table_errors_name_the_line() {
        let e = CameoMap::parse("# x\n03: AGREE\n04 CONSULT\n", "t.txt")
            .expect_err("bad")
            .to_string();
        assert!(e.starts_with("t.txt:3:"), "{e}");
        let e = CameoMap::parse("0x: AGREE\n", "t.txt")
            .expect_err("bad")
            .to_string();
        assert!(e.contains("bad CAMEO code"), "{e}");
        let e = CameoMap::parse("03: AGRE\n", "t.txt")
            .expect_err("bad")
            .to_string();
        assert!(e.contains("unknown PLOVER type"), "{e}");
    }

    #[test]
    fn parses_sentences() {
        let s = parse(XML, "v.xml").expect("parses");
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].id, "S1");
        assert_eq!(s[0].line, 6);
        assert_eq!(
            s[0].text,
            "Russian troops attacked Georgia & freed prisoners."
        );
        assert_eq!(s[0].codings.len(), 2);
        assert_eq!(s[0].codings[0].sourcecode, "RUSMIL");
        assert!(s[1].noevents && s[1].codings.is_empty());
        assert_eq!(s[1].text, "Nothing happened.");
    }

    #[test]
    fn malformed_xml_names_the_line() {
        for (bad, line) in [
            ("<Sentences>\n<EventCoding eventcode=\"190\"/>", 2),
            ("\n\n<Sentence id=\"x\">\n<Text>never closed", 4),
            ("<Sentence id=\"x\" date=>", 1),
            ("<Sentence date=\"1\"/>", 1),
            ("<!-- open", 1),
            ("<Sentence id=\"x\"", 1),
        ] {
            let e = parse(bad, "v.xml").expect_err(bad).to_string();
            assert!(e.starts_with(&format!("v.xml:{line}:")), "{bad:?}: {e}");
        }
    }

    #[test]
    fn report_scores() {
        let m = CameoMap::embedded().expect("table");
        let s = parse(XML, "v.xml").expect("parses");
        let mut good = PetrarchReport::new();
        good.add(
            &m,
            &s[0],
            &[
                ev(EventType::Assault, 0.9, Some("RUS")),
                ev(EventType::Retreat, 0.5, Some("GEO")),
            ],
        );
        good.add(&m, &s[1], &[]);
        good.add(&m, &s[2], &[]);
        assert_eq!((good.total.n, good.total.any, good.total.top), (2, 2, 1));
        assert_eq!((good.noevent_sentences, good.noevent_silent), (1, 1));
        assert_eq!(good.unmapped.get("015"), Some(&1));
        assert_eq!(
            (good.actor_country.agree, good.actor_country.compared),
            (2, 2)
        );
        // GEO target of the assault: no recipient emitted.
        assert_eq!(
            (
                good.recipient_country.agree,
                good.recipient_country.compared
            ),
            (0, 1)
        );

        let mut bad = PetrarchReport::new();
        bad.add(&m, &s[0], &[]);
        bad.add(&m, &s[1], &[ev(EventType::Accuse, 0.9, None)]);
        assert_eq!((bad.total.any, bad.total.top, bad.total.silent), (0, 0, 2));
        assert_eq!(bad.noevent_silent, 0);
        let shown = bad.to_string();
        assert!(shown.contains("| RETREAT | 1 | 0/1 (0.000) |"), "{shown}");
    }

    #[test]
    fn unescapes() {
        assert_eq!(
            unescape("a &amp; b &lt;c&gt; &#65;&#x42; &bogus; &"),
            "a & b <c> AB &bogus; &"
        );
    }
}
