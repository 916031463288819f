//! A small, tolerant HTML tokenizer. It never fails: whatever is not markup is text.
//!
//! Only ASCII delimiters (`<`, `>`, quotes, whitespace, `/`, `=`) are searched for, so
//! every slice boundary is a `char` boundary; all slicing still goes through `str::get`.

/// One token. `Text` is raw (character references not yet decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    Text(&'a str),
    /// The content of a raw-text element (`script`, `style`, `title`, ...), raw.
    RawText(&'a str),
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
    End {
        name: String,
    },
}

/// Elements whose content is not markup.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "title"
            | "textarea"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "plaintext"
    )
}

const MAX_NAME: usize = 64;
const MAX_ATTRS: usize = 64;

pub struct Tokenizer<'a> {
    s: &'a str,
    pos: usize,
    /// Set after a raw-text start tag: the next token is its content, then its end tag.
    raw: Option<String>,
    pending_end: Option<String>,
}

impl<'a> Tokenizer<'a> {
    pub fn new(s: &'a str) -> Self {
        Tokenizer {
            s,
            pos: 0,
            raw: None,
            pending_end: None,
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.s.as_bytes()
    }

    fn rest(&self) -> &'a str {
        self.s.get(self.pos..).unwrap_or("")
    }

    fn find_from(&self, from: usize, needle: &str) -> Option<usize> {
        self.s.get(from..)?.find(needle).map(|i| i + from)
    }

    /// Position of `</name` (ASCII case-insensitive) followed by a delimiter, from `from`.
    fn find_end_tag(&self, from: usize, name: &str) -> Option<usize> {
        let b = self.bytes();
        let n = name.as_bytes();
        let mut i = from;
        while let Some(rel) = self.s.get(i..).and_then(|r| r.find("</")) {
            let at = i + rel;
            let name_start = at + 2;
            let name_end = name_start + n.len();
            if name_end <= b.len()
                && b[name_start..name_end].eq_ignore_ascii_case(n)
                && matches!(
                    b.get(name_end),
                    None | Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
                )
            {
                return Some(at);
            }
            i = at + 2;
        }
        None
    }

    fn raw_content(&mut self, name: String) -> Token<'a> {
        let start = self.pos;
        let end = self.find_end_tag(start, &name).unwrap_or(self.s.len());
        let text = self.s.get(start..end).unwrap_or("");
        // Skip the end tag itself.
        self.pos = match self.find_from(end, ">") {
            Some(gt) if end < self.s.len() => gt + 1,
            _ => self.s.len(),
        };
        self.pending_end = Some(name);
        Token::RawText(text)
    }

    fn read_name(&self, from: usize) -> (String, usize) {
        let b = self.bytes();
        let mut i = from;
        while i < b.len() && !(b[i].is_ascii_whitespace() || b[i] == b'>' || b[i] == b'/') {
            i += 1;
        }
        let raw = self.s.get(from..i).unwrap_or("");
        let mut name: String = raw.chars().take(MAX_NAME).collect();
        name.make_ascii_lowercase();
        (name, i)
    }

    /// Parses attributes from `from` up to the closing `>`; returns them, whether the tag
    /// was self-closing, and the position after the tag.
    fn read_attrs(&self, from: usize) -> (Vec<(String, String)>, bool, usize) {
        let b = self.bytes();
        let mut attrs = Vec::new();
        let mut i = from;
        let mut self_closing = false;
        loop {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() {
                return (attrs, self_closing, b.len());
            }
            match b[i] {
                b'>' => return (attrs, self_closing, i + 1),
                b'/' => {
                    self_closing = true;
                    i += 1;
                    continue;
                }
                _ => {}
            }
            self_closing = false;
            let name_start = i;
            while i < b.len() && !(b[i].is_ascii_whitespace() || matches!(b[i], b'=' | b'>' | b'/'))
            {
                i += 1;
            }
            if i == name_start {
                // A lone '=' or similar: skip it.
                i += 1;
                continue;
            }
            let name = self.s.get(name_start..i).unwrap_or("").to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    let vstart = i + 1;
                    let vend = b
                        .get(vstart..)
                        .and_then(|r| r.iter().position(|c| *c == q))
                        .map(|p| p + vstart)
                        .unwrap_or(b.len());
                    value = self.s.get(vstart..vend).unwrap_or("").to_string();
                    i = (vend + 1).min(b.len());
                } else {
                    let vstart = i;
                    while i < b.len() && !(b[i].is_ascii_whitespace() || b[i] == b'>') {
                        i += 1;
                    }
                    value = self.s.get(vstart..i).unwrap_or("").to_string();
                }
            }
            if attrs.len() < MAX_ATTRS && !attrs.iter().any(|(n, _)| *n == name) {
                attrs.push((name, crate::entities::decode(&value)));
            }
        }
    }
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        if let Some(name) = self.pending_end.take() {
            return Some(Token::End { name });
        }
        if let Some(name) = self.raw.take() {
            return Some(self.raw_content(name));
        }
        let b = self.bytes();
        loop {
            if self.pos >= b.len() {
                return None;
            }
            let start = self.pos;
            if b[start] != b'<' {
                let end = self.rest().find('<').map(|i| i + start).unwrap_or(b.len());
                self.pos = end;
                return Some(Token::Text(self.s.get(start..end).unwrap_or("")));
            }
            let next = b.get(start + 1).copied();
            match next {
                Some(b'!') => {
                    if self.rest().starts_with("<!--") {
                        self.pos = self
                            .find_from(start + 4, "-->")
                            .map(|i| i + 3)
                            .unwrap_or(b.len());
                    } else if self.rest().starts_with("<![CDATA[") {
                        let cstart = start + 9;
                        let cend = self.find_from(cstart, "]]>").unwrap_or(b.len());
                        self.pos = (cend + 3).min(b.len());
                        return Some(Token::Text(self.s.get(cstart..cend).unwrap_or("")));
                    } else {
                        self.pos = self.find_from(start, ">").map(|i| i + 1).unwrap_or(b.len());
                    }
                    continue;
                }
                Some(b'?') => {
                    self.pos = self.find_from(start, ">").map(|i| i + 1).unwrap_or(b.len());
                    continue;
                }
                Some(b'/') => {
                    let (name, after) = self.read_name(start + 2);
                    self.pos = self.find_from(after, ">").map(|i| i + 1).unwrap_or(b.len());
                    if name.is_empty() || !name.as_bytes()[0].is_ascii_alphabetic() {
                        continue;
                    }
                    return Some(Token::End { name });
                }
                Some(c) if c.is_ascii_alphabetic() => {
                    let (name, after) = self.read_name(start + 1);
                    let (attrs, self_closing, end) = self.read_attrs(after);
                    self.pos = end;
                    if is_raw_text(&name) && !self_closing {
                        self.raw = Some(name.clone());
                    }
                    return Some(Token::Start {
                        name,
                        attrs,
                        self_closing,
                    });
                }
                _ => {
                    self.pos = start + 1;
                    return Some(Token::Text("<"));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token<'_>> {
        Tokenizer::new(s).collect()
    }

    #[test]
    fn tags_attrs_and_text() {
        let t = toks("<P class=\"a b\" id=x data-q='1>2'>Hi &amp; <br/>there</p>");
        assert_eq!(
            t[0],
            Token::Start {
                name: "p".into(),
                attrs: vec![
                    ("class".into(), "a b".into()),
                    ("id".into(), "x".into()),
                    ("data-q".into(), "1>2".into())
                ],
                self_closing: false
            }
        );
        assert_eq!(t[1], Token::Text("Hi &amp; "));
        assert!(matches!(&t[2], Token::Start { name, self_closing: true, .. } if name == "br"));
        assert_eq!(t[3], Token::Text("there"));
        assert_eq!(t[4], Token::End { name: "p".into() });
    }

    #[test]
    fn raw_text_and_comments() {
        let t = toks("<script>if (a < b) { x = '</div>'; }</SCRIPT ><!-- c --><p>x");
        assert_eq!(t[1], Token::RawText("if (a < b) { x = '</div>'; }"));
        assert_eq!(
            t[2],
            Token::End {
                name: "script".into()
            }
        );
        assert!(matches!(&t[3], Token::Start { name, .. } if name == "p"));
        assert_eq!(t[4], Token::Text("x"));
    }

    #[test]
    fn broken_markup_is_text_or_skipped() {
        let t = toks("a < b <3 </ > <!-- unterminated");
        assert_eq!(t[0], Token::Text("a "));
        assert_eq!(t[1], Token::Text("<"));
        assert_eq!(t.len(), 6);
        // Unterminated tag and attribute quote: no panic, no token beyond the end.
        assert_eq!(toks("<div class=\"x>never closed").len(), 1);
        assert_eq!(toks("<script>never closed").len(), 3);
        assert_eq!(
            toks("é<é>"),
            vec![Token::Text("é"), Token::Text("<"), Token::Text("é>")]
        );
    }
}
