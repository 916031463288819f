//! JSON Lines: one record per line, streamed with a bounded line buffer.

use crate::{
    default_published, hash_id, id_problem, one_line, parse_published, InputError, Origin,
    ReadOptions, ReadResult, Record, UserError, Warning,
};
use serde::Deserialize;
use serde_json::Value;
use sitrep_model::Document;
use std::io::BufRead;

/// The fields sitrep reads; others (`section`, `keywords`, ...) are ignored.
#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    text: Option<Value>,
    #[serde(default)]
    title: Option<Value>,
    #[serde(default)]
    published: Option<Value>,
    #[serde(default)]
    url: Option<Value>,
    #[serde(default)]
    source: Option<Value>,
    #[serde(default)]
    author: Option<Value>,
}

pub(crate) struct JsonLines<R> {
    reader: R,
    origin: Origin,
    opts: ReadOptions,
    line_no: u64,
    buf: Vec<u8>,
    done: bool,
}

enum Line {
    Eof,
    /// The line is in `buf` (without its newline).
    Ok,
    /// The line was longer than the limit; its full size.
    TooLong(u64),
}

impl<R: BufRead> JsonLines<R> {
    pub(crate) fn new(reader: R, origin: Origin, opts: ReadOptions) -> Self {
        JsonLines {
            reader,
            origin,
            opts,
            line_no: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    /// Reads one line into `buf`, keeping at most `max_size` bytes of it.
    fn read_line(&mut self) -> std::io::Result<Line> {
        self.buf.clear();
        let limit = self.opts.max_size;
        let mut size: u64 = 0;
        let mut any = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                break;
            }
            any = true;
            let (take, found) = match chunk.iter().position(|b| *b == b'\n') {
                Some(i) => (i, true),
                None => (chunk.len(), false),
            };
            if size + (take as u64) <= limit {
                self.buf.extend_from_slice(&chunk[..take]);
            } else if size <= limit {
                // Crossing the limit: drop what was kept.
                self.buf = Vec::new();
            }
            size += take as u64;
            self.reader.consume(take + usize::from(found));
            if found {
                break;
            }
        }
        if !any {
            return Ok(Line::Eof);
        }
        if size > limit {
            return Ok(Line::TooLong(size));
        }
        Ok(Line::Ok)
    }

    fn parse(&self, origin: Origin, line: &str) -> Option<ReadResult> {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            return None;
        }
        let user = |e: UserError| Some(Err(InputError::user(origin.clone(), e)));
        if !trimmed.starts_with('{') {
            let what = match trimmed.as_bytes()[0] {
                b'[' => "an array",
                b'"' => "a string",
                b'-' | b'0'..=b'9' => "a number",
                b't' | b'f' => "a boolean",
                b'n' => "null",
                _ => "text that is not JSON",
            };
            return user(UserError::NotAnObject(what));
        }
        let raw: Raw = match serde_json::from_str(trimmed) {
            Ok(r) => r,
            Err(e) => return user(malformed(&e)),
        };
        Some(record(origin, raw, &self.opts))
    }
}

fn malformed(e: &serde_json::Error) -> UserError {
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    UserError::MalformedJson(format!("{msg} (column {})", e.column()))
}

/// One record given as a JSON value (an element of a JSON array).
pub(crate) fn record_from_value(origin: Origin, v: Value, opts: &ReadOptions) -> ReadResult {
    if !v.is_object() {
        return Err(InputError::user(origin, UserError::NotAnObject(kind(&v))));
    }
    match serde_json::from_value::<Raw>(v) {
        Ok(raw) => record(origin, raw, opts),
        Err(e) => Err(InputError::user(
            origin,
            UserError::MalformedJson(e.to_string()),
        )),
    }
}

/// Reads a JSON document: an array of records or a single record.
pub(crate) fn read_json(origin: &Origin, text: &str, opts: &ReadOptions) -> Vec<ReadResult> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| record_from_value(Origin::new(format!("{}[{i}]", origin.name)), v, opts))
            .collect(),
        Ok(v @ Value::Object(_)) => vec![record_from_value(origin.clone(), v, opts)],
        Ok(v) => vec![Err(InputError::user(
            origin.clone(),
            UserError::NotAnObject(kind(&v)),
        ))],
        Err(e) => vec![Err(InputError::user(
            origin.at_line(e.line() as u64),
            malformed(&e),
        ))],
    }
}

/// Turns the fields of one record into a document.
fn record(origin: Origin, raw: Raw, opts: &ReadOptions) -> ReadResult {
    let user = |e: UserError| Err(InputError::user(origin.clone(), e));
    let mut warnings = Vec::new();
    let text = match raw.text {
        None | Some(Value::Null) => return user(UserError::MissingText),
        Some(Value::String(s)) => s,
        Some(v) => {
            return user(UserError::BadField {
                field: "text",
                problem: format!("expected a string, found {}", kind(&v)),
            })
        }
    };
    let text = sitrep_text::normalize(&text);
    if text.trim().is_empty() {
        return user(UserError::EmptyText);
    }
    let id = match raw.id {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) | Some(Value::String(_)) => hash_id(&text),
        Some(v) => {
            return user(UserError::BadField {
                field: "id",
                problem: format!("expected a string or a number, found {}", kind(&v)),
            })
        }
    };
    if let Some(problem) = id_problem(&id) {
        return user(UserError::BadField {
            field: "id",
            problem,
        });
    }
    let mut string_field = |name: &'static str, v: Option<Value>| -> Option<String> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => one_line(&s),
            Some(v) => {
                warnings.push(Warning {
                    origin: origin.clone(),
                    message: format!(
                        "field `{name}` ignored: expected a string, found {}",
                        kind(&v)
                    ),
                });
                None
            }
        }
    };
    let title = string_field("title", raw.title);
    let url = string_field("url", raw.url);
    let source = string_field("source", raw.source);
    let byline = string_field("author", raw.author);
    let published_raw = string_field("published", raw.published);
    let mut document = Document::new(id, text);
    document.title = title;
    document.url = url;
    document.source = source;
    if let Some(p) = published_raw {
        document.published = parse_published(&p);
        if document.published.is_none() {
            warnings.push(Warning {
                origin: origin.clone(),
                message: format!("unrecognised publication date `{p}`"),
            });
        }
    }
    default_published(&mut document, opts);
    Ok(Record {
        document,
        origin,
        byline,
        warnings,
        text_is_summary: false,
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = ReadResult;

    fn next(&mut self) -> Option<ReadResult> {
        while !self.done {
            let line = match self.read_line() {
                Ok(l) => l,
                Err(e) => {
                    self.done = true;
                    return Some(Err(InputError::io(
                        self.origin.at_line(self.line_no + 1),
                        e,
                    )));
                }
            };
            self.line_no += 1;
            let origin = self.origin.at_line(self.line_no);
            match line {
                Line::Eof => self.done = true,
                Line::TooLong(size) => {
                    return Some(Err(InputError::user(
                        origin,
                        UserError::TooLarge {
                            size,
                            limit: self.opts.max_size,
                        },
                    )))
                }
                Line::Ok => {
                    let mut bytes: &[u8] = &self.buf;
                    if self.line_no == 1 {
                        bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
                    }
                    if bytes.last() == Some(&b'\r') {
                        bytes = &bytes[..bytes.len() - 1];
                    }
                    let line = match std::str::from_utf8(bytes) {
                        Ok(s) => s,
                        Err(e) => {
                            return Some(Err(InputError::user(
                                origin,
                                UserError::Decode(format!(
                                    "invalid UTF-8 at byte {} of the line",
                                    e.valid_up_to()
                                )),
                            )))
                        }
                    };
                    if let Some(r) = self.parse(origin, line) {
                        return Some(r);
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn read(s: &[u8]) -> Vec<ReadResult> {
        JsonLines::new(
            std::io::Cursor::new(s.to_vec()),
            Origin::new("f.jsonl"),
            ReadOptions::default(),
        )
        .collect()
    }

    #[test]
    fn reads_voa_style_records() {
        let r = read(
            br#"{"id": "8011115", "url": "https://x/a", "section": "Middle East", "title": "Iraq  says", "author": "Jeff Seldin", "published": "2025-03-14 20:30:26Z", "keywords": "k", "text": "One of the leaders is dead."}"#,
        );
        let rec = r[0].as_ref().unwrap();
        assert_eq!(rec.document.id, "8011115");
        assert_eq!(rec.document.title.as_deref(), Some("Iraq says"));
        assert_eq!(rec.document.published, NaiveDate::from_ymd_opt(2025, 3, 14));
        assert_eq!(rec.byline.as_deref(), Some("Jeff Seldin"));
        assert_eq!(rec.origin.to_string(), "f.jsonl:1");
        assert!(rec.warnings.is_empty());
    }

    #[test]
    fn bad_lines_are_errors_with_line_numbers_and_reading_goes_on() {
        let input = b"{\"id\":1,\"text\":\"one\"}\n{\"id\": 2, \"text\": \"two\"\n\n[1]\n{\"id\":\"x\"}\n{\"text\":\"  \"}\n{\"text\":\"\xff\"}\n{\"text\":\"six\",\"published\":\"soon\"}\r\n{\"text\":5}";
        let r = read(input);
        assert_eq!(r.len(), 8);
        assert_eq!(r[0].as_ref().unwrap().document.id, "1");
        let errs: Vec<String> = r
            .iter()
            .filter_map(|x| x.as_ref().err())
            .map(|e| e.to_string())
            .collect();
        assert!(
            errs[0].starts_with("f.jsonl:2: malformed JSON"),
            "{}",
            errs[0]
        );
        assert!(
            errs[1].starts_with("f.jsonl:4: expected a JSON object, found an array"),
            "{}",
            errs[1]
        );
        assert_eq!(errs[2], "f.jsonl:5: missing field `text`");
        assert_eq!(errs[3], "f.jsonl:6: empty document (no text)");
        assert!(
            errs[4].starts_with("f.jsonl:7: invalid UTF-8"),
            "{}",
            errs[4]
        );
        assert!(
            errs[5].starts_with("f.jsonl:9: field `text`"),
            "{}",
            errs[5]
        );
        let six = r[6].as_ref().unwrap();
        assert_eq!(six.document.published, None);
        assert_eq!(
            six.warnings[0].to_string(),
            "f.jsonl:8: unrecognised publication date `soon`"
        );
        assert_eq!(six.document.id.len(), 16);
    }

    /// Issue 12, finding 5: a 1 MB id and an id with a NUL were accepted (and shown in
    /// URLs, reports and logs).
    #[test]
    fn oversized_id_and_id_with_control_characters_are_rejected() {
        let big = format!(
            "{{\"id\":\"{}\",\"text\":\"one\"}}\n",
            "a".repeat(1_000_000)
        );
        let input = format!(
            "{big}{{\"id\":\"a\\u0000b\",\"text\":\"two\"}}\n{{\"id\":\"ok\",\"text\":\"three\"}}\n"
        );
        let r = read(input.as_bytes());
        assert_eq!(r.len(), 3);
        let e0 = r[0].as_ref().unwrap_err().to_string();
        assert!(
            e0.starts_with("f.jsonl:1: field `id`: the id is 1000000 bytes long"),
            "{e0}"
        );
        let e1 = r[1].as_ref().unwrap_err().to_string();
        assert_eq!(
            e1,
            "f.jsonl:2: field `id`: the id contains the control character U+0000 at byte 1"
        );
        assert_eq!(r[2].as_ref().unwrap().document.id, "ok");
    }

    #[test]
    fn overlong_line_is_rejected_and_next_line_read() {
        let opts = ReadOptions {
            max_size: 20,
            ..Default::default()
        };
        let input = format!(
            "{{\"text\":\"{}\"}}\n{{\"text\":\"ok\"}}\n",
            "x".repeat(100)
        );
        let r: Vec<_> = JsonLines::new(
            std::io::BufReader::with_capacity(7, input.as_bytes()),
            Origin::new("f"),
            opts,
        )
        .collect();
        assert_eq!(r.len(), 2);
        assert!(r[0].as_ref().unwrap_err().to_string().contains("111 bytes"));
        assert_eq!(r[1].as_ref().unwrap().document.text, "ok");
    }
}
