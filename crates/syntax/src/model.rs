//! The model file: a gzip-compressed little-endian binary of our own.
//!
//! ```text
//! "SITREPSYN\0" magic, u32 version (= FORMAT_VERSION)
//! tagger:  u16 n, n × (u8 upos, u8 xpos)            classes
//!          u32 n, n × (u64 key, u16 class)           tag dictionary
//!          u32 n, n × (u64 key, u16 class set)       ambiguity classes
//!          weight table                              (see below)
//! lemmas:  u32 n, n × (u8 strip, u16 len, bytes)     edits
//!          u32 n, n × (u64 key, u32 edit)            exceptions
//!          u32 n, n × (u64 key, u32 edit)            suffix rules
//! parser:  u16 n, n × u8 relation code               labels
//!          u16 root label
//!          u64 slots, slots × [i16; 4]               moves: [fingerprint, shift, left, right]
//!          weight table                              labels
//! "END!"
//! weight table: u64 slots, u64 entries, slots × u64, entries × u32
//! ```

use std::io::{Read, Write};

use crate::lemma::{Edit, Lemmatizer};
use crate::parser::Parser;
use crate::tagger::Tagger;
use crate::types::{Rel, Upos, Xpos};
use crate::weights::{Dense3, IdMap, Weights};
use crate::SyntaxError;

pub const MAGIC: &[u8; 10] = b"SITREPSYN\0";
pub const FORMAT_VERSION: u32 = 2;
const TRAILER: &[u8; 4] = b"END!";

/// Tagger, lemmatiser and parser together.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub tagger: Tagger,
    pub lemmatizer: Lemmatizer,
    pub parser: Parser,
}

pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn invalid(&self, reason: &str) -> SyntaxError {
        SyntaxError::InvalidModel {
            offset: self.pos,
            reason: reason.to_string(),
        }
    }

    pub(crate) fn bytes(&mut self, n: usize) -> Result<&'a [u8], SyntaxError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.data.len())
            .ok_or_else(|| self.invalid("truncated"))?;
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], SyntaxError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.bytes(N)?);
        Ok(a)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, SyntaxError> {
        Ok(self.bytes(1)?[0])
    }
    pub(crate) fn u16(&mut self) -> Result<u16, SyntaxError> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    pub(crate) fn u32(&mut self) -> Result<u32, SyntaxError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    pub(crate) fn u64(&mut self) -> Result<u64, SyntaxError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// A count that is checked against the bytes left (each item at least `item` bytes).
    fn count(&mut self, n: usize, item: usize) -> Result<usize, SyntaxError> {
        if n.saturating_mul(item) > self.data.len() - self.pos {
            return Err(self.invalid("count larger than the data"));
        }
        Ok(n)
    }

    fn map_u32(&mut self) -> Result<IdMap<u32>, SyntaxError> {
        let n = self.u32()? as usize;
        let n = self.count(n, 12)?;
        let mut m = IdMap::default();
        m.reserve(n);
        for _ in 0..n {
            let k = self.u64()?;
            m.insert(k, self.u32()?);
        }
        Ok(m)
    }
}

fn write_map_u32(out: &mut Vec<u8>, m: &IdMap<u32>) {
    let mut v: Vec<(&u64, &u32)> = m.iter().collect();
    v.sort();
    out.extend_from_slice(&(v.len() as u32).to_le_bytes());
    for (k, e) in v {
        out.extend_from_slice(&k.to_le_bytes());
        out.extend_from_slice(&e.to_le_bytes());
    }
}

impl Model {
    /// Serialises and compresses the model (deterministic output).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        let t = &self.tagger;
        out.extend_from_slice(&(t.classes.len() as u16).to_le_bytes());
        for (u, x) in &t.classes {
            out.push(u.code());
            out.push(x.code());
        }
        let mut td: Vec<(&u64, &u16)> = t.tagdict.iter().collect();
        td.sort();
        out.extend_from_slice(&(td.len() as u32).to_le_bytes());
        for (k, c) in td {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&c.to_le_bytes());
        }
        let mut am: Vec<(&u64, &u16)> = t.ambiguity.iter().collect();
        am.sort();
        out.extend_from_slice(&(am.len() as u32).to_le_bytes());
        for (k, c) in am {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&c.to_le_bytes());
        }
        t.weights.write(&mut out);
        let l = &self.lemmatizer;
        out.extend_from_slice(&(l.edits.len() as u32).to_le_bytes());
        for e in &l.edits {
            out.push(e.strip);
            out.extend_from_slice(&(e.append.len() as u16).to_le_bytes());
            out.extend_from_slice(e.append.as_bytes());
        }
        write_map_u32(&mut out, &l.exceptions);
        write_map_u32(&mut out, &l.rules);
        let p = &self.parser;
        out.extend_from_slice(&(p.labels.len() as u16).to_le_bytes());
        for r in &p.labels {
            out.push(r.code());
        }
        out.extend_from_slice(&p.root_label.to_le_bytes());
        p.moves.write(&mut out);
        p.label_weights.write(&mut out);
        out.extend_from_slice(TRAILER);
        let mut gz = flate2::GzBuilder::new()
            .mtime(0)
            .write(Vec::new(), flate2::Compression::best());
        gz.write_all(&out).expect("writing to memory");
        gz.finish().expect("writing to memory")
    }

    /// Decompresses and reads a model file.
    pub fn from_bytes(data: &[u8]) -> Result<Model, SyntaxError> {
        if data.len() < 2 || data[0] != 0x1f || data[1] != 0x8b {
            return Err(SyntaxError::InvalidModel {
                offset: 0,
                reason: "not gzip data".into(),
            });
        }
        let mut raw = Vec::with_capacity(data.len() * 3);
        flate2::read::GzDecoder::new(data)
            .read_to_end(&mut raw)
            .map_err(|e| SyntaxError::InvalidModel {
                offset: 0,
                reason: format!("cannot decompress: {e}"),
            })?;
        Model::from_uncompressed(&raw)
    }

    /// Reads a model file's contents after decompression (the embedded model is stored so).
    pub fn from_uncompressed(raw: &[u8]) -> Result<Model, SyntaxError> {
        let mut r = Reader { data: raw, pos: 0 };
        if r.bytes(MAGIC.len())? != MAGIC {
            return Err(r.invalid("not a sitrep syntax model (bad magic)"));
        }
        let v = r.u32()?;
        if v != FORMAT_VERSION {
            return Err(SyntaxError::UnsupportedVersion {
                found: v,
                expected: FORMAT_VERSION,
            });
        }
        let n = r.u16()? as usize;
        let mut classes = Vec::with_capacity(n);
        for _ in 0..n {
            let u = Upos::from_code(r.u8()?).ok_or_else(|| r.invalid("bad UPOS code"))?;
            let x = Xpos::from_code(r.u8()?).ok_or_else(|| r.invalid("bad XPOS code"))?;
            classes.push((u, x));
        }
        if classes.is_empty() {
            return Err(r.invalid("no tag classes"));
        }
        let n = r.u32()? as usize;
        let n = r.count(n, 10)?;
        let mut tagdict = IdMap::default();
        tagdict.reserve(n);
        for _ in 0..n {
            let k = r.u64()?;
            let c = r.u16()?;
            if c as usize >= classes.len() {
                return Err(r.invalid("tag dictionary class out of range"));
            }
            tagdict.insert(k, c);
        }
        let n = r.u32()? as usize;
        let n = r.count(n, 10)?;
        let mut ambiguity = IdMap::default();
        ambiguity.reserve(n);
        for _ in 0..n {
            let k = r.u64()?;
            ambiguity.insert(k, r.u16()?);
        }
        let tweights = Weights::read(&mut r)?;
        let n = r.u32()? as usize;
        let n = r.count(n, 3)?;
        let mut edits = Vec::with_capacity(n);
        for _ in 0..n {
            let strip = r.u8()?;
            let len = r.u16()? as usize;
            let s = std::str::from_utf8(r.bytes(len)?)
                .map_err(|_| r.invalid("lemma edit is not UTF-8"))?;
            edits.push(Edit {
                strip,
                append: s.to_string(),
            });
        }
        let exceptions = r.map_u32()?;
        let rules = r.map_u32()?;
        if exceptions
            .values()
            .chain(rules.values())
            .any(|&e| e as usize >= edits.len())
        {
            return Err(r.invalid("lemma edit out of range"));
        }
        let n = r.u16()? as usize;
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            labels.push(Rel::from_code(r.u8()?).ok_or_else(|| r.invalid("bad relation code"))?);
        }
        let root_label = r.u16()?;
        if root_label as usize >= labels.len() || labels[root_label as usize] != Rel::Root {
            return Err(r.invalid("bad root label"));
        }
        let moves = Dense3::read(&mut r)?;
        let label_weights = Weights::read(&mut r)?;
        if r.bytes(4)? != TRAILER || r.pos != raw.len() {
            return Err(r.invalid("bad trailer"));
        }
        Ok(Model {
            tagger: Tagger {
                classes,
                tagdict,
                ambiguity,
                weights: tweights,
            },
            lemmatizer: Lemmatizer {
                edits,
                exceptions,
                rules,
            },
            parser: Parser {
                labels,
                root_label,
                moves,
                label_weights,
            },
        })
    }
}
