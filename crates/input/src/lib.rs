//! Sources of sitrep: readers that turn bytes into [`Document`]s.
//!
//! Formats: plain text, JSON Lines (one `{"id","text","title"?,"published"?,"url"?,
//! "source"?}` per line, streamed), JSON (an array of such records), HTML pages (reduced to the article text), RSS 2.0 /
//! RSS 1.0 / Atom feeds (one document per item), directories (recursively), standard
//! input, and bytes received from elsewhere ([`read_bytes_with`], e.g. an HTTP response with
//! its URL, media type and charset; this crate does no networking). Every reader yields `Result<Record, InputError>` items: a bad record is an error
//! naming its input and line, and reading goes on with the next one.
//!
//! ```no_run
//! use sitrep_input::{read_path, ReadOptions};
//! for item in read_path(std::path::Path::new("news/"), &ReadOptions::default()) {
//!     match item {
//!         Ok(rec) => println!("{} ({} bytes)", rec.document.id, rec.document.text.len()),
//!         Err(e) => eprintln!("error: {e}"),
//!     }
//! }
//! ```
//!
//! Texts are decoded with [`sitrep_text::decode`] and normalised with
//! [`sitrep_text::normalize`]; spans of the coder point into that normalised text.

mod date;
mod entities;
mod error;
mod feed;
pub mod html;
mod id;
mod jsonl;
mod url;
mod walk;

use chrono::NaiveDate;
use sitrep_model::Document;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub use date::{is_plausible_date, parse_published, MAX_YEAR, MIN_YEAR};
pub use entities::decode as decode_entities;
pub use error::{ErrorKind, InputError, InternalError, Origin, UserError, Warning};
pub use id::{id_problem, MAX_ID_BYTES};
pub use url::join_url;

/// Default limit on the size of one document (and of one JSON Lines record): 50 MiB.
pub const DEFAULT_MAX_SIZE: u64 = 50 * 1024 * 1024;

/// How to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Publication date given to documents that carry none of their own.
    pub published: Option<NaiveDate>,
    /// Documents (files, records, stdin) larger than this many bytes are rejected.
    pub max_size: u64,
    /// Force a format instead of guessing it from the extension and content.
    pub format: Option<Format>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            published: None,
            max_size: DEFAULT_MAX_SIZE,
            format: None,
        }
    }
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    JsonLines,
    /// A JSON array of records (or one record), read whole.
    Json,
    Html,
    /// RSS 2.0, RSS 1.0 (RDF) or Atom.
    Feed,
}

impl Format {
    /// The format a file extension stands for (`txt`, `jsonl`, `html`, `rss`, ...).
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Format::Text),
            "jsonl" | "ndjson" | "jsonlines" => Some(Format::JsonLines),
            "json" => Some(Format::Json),
            "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
            "xml" | "rss" | "atom" | "rdf" => Some(Format::Feed),
            _ => None,
        }
    }

    /// Parses a format name (`text`, `jsonl`, `html`, `feed`).
    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "text" | "txt" | "plain" => Some(Format::Text),
            "jsonl" | "ndjson" | "json-lines" | "jsonlines" => Some(Format::JsonLines),
            "json" => Some(Format::Json),
            "html" | "htm" => Some(Format::Html),
            "feed" | "rss" | "atom" | "xml" => Some(Format::Feed),
            _ => None,
        }
    }

    /// The format a media type (`text/html`, `application/rss+xml`, ...) stands for;
    /// `None` for types that say nothing about it (`application/octet-stream`).
    pub fn from_media_type(media_type: &str) -> Option<Format> {
        let mt = media_type.trim().to_ascii_lowercase();
        let mt = mt.split(';').next().unwrap_or("").trim();
        match mt {
            "text/html" | "application/xhtml+xml" => Some(Format::Html),
            "application/rss+xml"
            | "application/atom+xml"
            | "application/rdf+xml"
            | "application/xml"
            | "text/xml" => Some(Format::Feed),
            "application/json" => Some(Format::Json),
            "application/x-ndjson"
            | "application/ndjson"
            | "application/jsonl"
            | "application/jsonlines"
            | "application/x-jsonlines" => Some(Format::JsonLines),
            "text/plain" => Some(Format::Text),
            _ => None,
        }
    }

    /// Guesses the format from the first bytes of an input.
    pub fn sniff(bytes: &[u8]) -> Format {
        let head = sniff_head(bytes);
        let t = head.trim_start();
        if t.starts_with('{') {
            return Format::JsonLines;
        }
        if t.starts_with('[') && t[1..].trim_start().starts_with(['{', ']']) {
            return Format::Json;
        }
        if t.starts_with("<?xml")
            || t.starts_with("<rss")
            || t.starts_with("<feed")
            || t.starts_with("<rdf:rdf")
        {
            if t.starts_with("<?xml")
                && t.contains("<html")
                && !t.contains("<rss")
                && !t.contains("<feed")
            {
                return Format::Html;
            }
            return Format::Feed;
        }
        if t.starts_with('<')
            && [
                "<html",
                "<!doctype html",
                "<head",
                "<body",
                "<p",
                "<div",
                "<article",
                "<meta",
                "<title",
            ]
            .iter()
            .any(|m| t.contains(m))
        {
            return Format::Html;
        }
        Format::Text
    }
}

/// The first 4 KiB of an input, lower-cased, as text (lossy; UTF-16 with a BOM understood).
fn sniff_head(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(4096)];
    let s = if let Some(rest) = head.strip_prefix(&[0xFF, 0xFE]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = head.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head)).into_owned()
    };
    s.to_ascii_lowercase()
}

/// One document read, with where it came from and what was odd about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub document: Document,
    pub origin: Origin,
    /// Author line, when the input names one (HTML byline, feed author, `author` field).
    pub byline: Option<String>,
    pub warnings: Vec<Warning>,
    /// A feed item whose text is only its summary (no full content, a short description
    /// or just the title): the page it links to (`document.url`) may hold the article.
    pub text_is_summary: bool,
}

impl Record {
    /// Gives a summary-only feed item the article text of its linked page, read as a
    /// record of its own (e.g. with [`read_bytes_with`]), when that text is longer than
    /// the summary. The item keeps its id, title, date, URL and source; the page's byline
    /// fills a missing one. Returns whether the text was replaced.
    pub fn take_page_text(&mut self, page: Record) -> bool {
        if page.document.text.len() <= self.document.text.len() {
            return false;
        }
        self.document.text = page.document.text;
        if self.byline.is_none() {
            self.byline = page.byline;
        }
        self.warnings
            .retain(|w| w.message != feed::CODING_THE_TITLE);
        self.text_is_summary = false;
        true
    }
}

/// What the sender of bytes said about them (an HTTP response's final URL, media type
/// and charset). Everything is optional; [`ContentInfo::default`] says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentInfo {
    /// Where the bytes come from: the id and `url` of a single document (text, HTML page)
    /// that names no URL of its own, and the base of relative links in a feed or page.
    pub url: Option<String>,
    /// Media type (`text/html`, `application/rss+xml`, ...): decides the format when the
    /// content itself does not (the content wins: a feed served as `text/html` is a feed).
    pub media_type: Option<String>,
    /// Declared character set, used when the bytes are not UTF-8 (ISO-8859-1 and
    /// Windows-1252 are decoded; other charsets are an error naming them).
    pub charset: Option<String>,
}

pub type ReadResult = Result<Record, InputError>;

/// A stream of read results. Lazy: JSON Lines files are read line by line, directories
/// file by file.
pub struct Documents {
    inner: Box<dyn Iterator<Item = ReadResult> + Send>,
    read: BytesRead,
}

impl Documents {
    fn new(it: impl Iterator<Item = ReadResult> + Send + 'static) -> Self {
        Documents {
            inner: Box::new(it),
            read: BytesRead::default(),
        }
    }

    fn one(r: ReadResult) -> Self {
        Documents::new(std::iter::once(r))
    }

    fn counted_by(mut self, read: BytesRead) -> Self {
        self.read = read;
        self
    }

    /// How much of its input (files, standard input) this stream has read so far; with
    /// [`input_size`], the progress of a long read.
    pub fn bytes_read(&self) -> BytesRead {
        self.read.clone()
    }
}

/// A count of input bytes read, shared between a [`Documents`] stream and whoever shows
/// its progress. Files count as stored (a `.gz` file by its compressed bytes), so that the
/// count ends at [`input_size`]. Readers of bytes already in memory count nothing.
#[derive(Debug, Clone, Default)]
pub struct BytesRead(Arc<AtomicU64>);

impl BytesRead {
    /// Bytes read so far.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    /// Counts `n` more bytes (for input read elsewhere, e.g. a fetched body).
    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }
}

/// A reader that counts the bytes read through it.
struct Counted<R> {
    inner: R,
    read: BytesRead,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.add(n as u64);
        Ok(n)
    }
}

/// The number of bytes [`read_path`] reads from `path` when it reads everything (a file's
/// size, the sum of the sizes of the files a directory walk reads); `None` for standard
/// input (`-`) and for a path that cannot be read.
pub fn input_size(path: &Path) -> Option<u64> {
    if path.as_os_str() == "-" {
        return None;
    }
    let m = std::fs::metadata(path).ok()?;
    if m.is_dir() {
        Some(walk::files_size(path))
    } else {
        Some(m.len())
    }
}

impl Iterator for Documents {
    type Item = ReadResult;
    fn next(&mut self) -> Option<ReadResult> {
        self.inner.next()
    }
}

/// The origin name used for standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// Reads a file, a directory (recursively, files in name order) or, for `-`, standard
/// input.
pub fn read_path(path: &Path, opts: &ReadOptions) -> Documents {
    if path.as_os_str() == "-" {
        return read_stdin(opts);
    }
    let origin = Origin::new(path.display().to_string());
    let read = BytesRead::default();
    let docs = match std::fs::metadata(path) {
        Err(e) => Documents::one(Err(InputError::io(origin, e))),
        Ok(m) if m.is_dir() => walk::read_dir(path, opts, &read),
        Ok(_) => read_file(path, stem_id(&origin.name), opts, &read),
    };
    docs.counted_by(read)
}

/// The id of the single document of an input named `name`: its file stem (without `.gz`).
fn stem_id(name: &str) -> String {
    let path = gz_inner(Path::new(name)).unwrap_or(Path::new(name));
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string())
}

/// For `x.jsonl.gz`, the name inside the compression (`x.jsonl`).
pub(crate) fn gz_inner(path: &Path) -> Option<&Path> {
    let ext = path.extension()?.to_str()?;
    if ext.eq_ignore_ascii_case("gz") {
        path.file_stem().map(Path::new)
    } else {
        None
    }
}

/// The format a file name stands for, looking through `.gz`.
pub(crate) fn format_of_name(path: &Path) -> Option<Format> {
    let inner = gz_inner(path).unwrap_or(path);
    inner
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_extension)
}

/// Makes every error of the gzip decoder an `InvalidData` error (bad input).
struct GzErrors<R>(R);

impl<R: Read> Read for GzErrors<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf).map_err(|e| match e.kind() {
            std::io::ErrorKind::Interrupted => e,
            _ => std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not valid gzip: {e}"),
            ),
        })
    }
}

/// Reads one file whose documents get `id` (plain text, HTML) or their own ids, counting
/// the bytes read in `read`.
pub(crate) fn read_file(
    path: &Path,
    id: String,
    opts: &ReadOptions,
    read: &BytesRead,
) -> Documents {
    let origin = Origin::new(path.display().to_string());
    let file = match File::open(path) {
        Ok(f) => Counted {
            inner: f,
            read: read.clone(),
        },
        Err(e) => return Documents::one(Err(InputError::io(origin, e))),
    };
    let format = opts.format.or_else(|| format_of_name(path));
    if gz_inner(path).is_some() {
        let decoder = flate2::read::MultiGzDecoder::new(BufReader::with_capacity(64 * 1024, file));
        let reader = BufReader::with_capacity(64 * 1024, GzErrors(decoder));
        return read_reader_as(origin, id, reader, format, opts, false);
    }
    read_reader_as(
        origin,
        id,
        BufReader::with_capacity(64 * 1024, file),
        format,
        opts,
        true,
    )
}

/// Reads standard input: JSON Lines when every non-empty line starts with `{`, else one
/// plain-text (or HTML / feed, when it looks like one) document. Large JSON Lines input
/// is streamed.
pub fn read_stdin(opts: &ReadOptions) -> Documents {
    let origin = Origin::new(STDIN_NAME);
    let read = BytesRead::default();
    let stdin = Counted {
        inner: std::io::stdin(),
        read: read.clone(),
    };
    let stdin = BufReader::with_capacity(64 * 1024, stdin);
    read_reader_as(origin, "stdin".to_string(), stdin, opts.format, opts, true).counted_by(read)
}

/// Reads any byte stream named `name`. With `format` `None` the format is guessed from
/// the content (JSON Lines only when every non-empty line starts with `{`).
pub fn read_reader<R: Read + Send + 'static>(
    name: &str,
    reader: R,
    format: Option<Format>,
    opts: &ReadOptions,
) -> Documents {
    read_reader_as(
        Origin::new(name),
        stem_id(name),
        BufReader::with_capacity(64 * 1024, reader),
        format,
        opts,
        true,
    )
}

/// Reads bytes already in memory.
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    format: Option<Format>,
    opts: &ReadOptions,
) -> Documents {
    let opts = ReadOptions {
        format: format.or(opts.format),
        ..opts.clone()
    };
    read_bytes_with(name, bytes, &ContentInfo::default(), &opts)
}

/// Reads bytes received from elsewhere (an HTTP response, a message), named `name` in
/// errors and origins, with what the sender said about them. The format is
/// `opts.format` when set, else guessed from the content, and from `info.media_type`
/// when the content looks like plain text. A single document (text, HTML page) gets
/// `info.url` as its id and, when the page names none, as its URL; relative links of feed
/// items and pages are resolved against `info.url`.
pub fn read_bytes_with(
    name: &str,
    bytes: &[u8],
    info: &ContentInfo,
    opts: &ReadOptions,
) -> Documents {
    let origin = Origin::new(name);
    if bytes.len() as u64 > opts.max_size && opts.format != Some(Format::JsonLines) {
        return Documents::one(Err(too_large(origin, bytes.len() as u64, opts.max_size)));
    }
    let format =
        opts.format.unwrap_or_else(
            || match (guess_complete(bytes), info.media_type.as_deref()) {
                (Format::Text, Some(mt)) => Format::from_media_type(mt).unwrap_or(Format::Text),
                (sniffed, _) => sniffed,
            },
        );
    if format == Format::JsonLines && !is_utf16(bytes) {
        let cursor = std::io::Cursor::new(bytes.to_vec());
        return Documents::new(jsonl::JsonLines::new(cursor, origin, opts.clone()));
    }
    let id = info.url.clone().unwrap_or_else(|| stem_id(name));
    Documents::new(parse_whole(origin, id, bytes, format, info, opts).into_iter())
}

fn too_large(origin: Origin, size: u64, limit: u64) -> InputError {
    InputError::user(origin, UserError::TooLarge { size, limit })
}

fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// Guess for a complete input: JSON Lines only if every non-empty line starts with `{`;
/// else JSON if it parses as JSON; else text.
fn guess_complete(bytes: &[u8]) -> Format {
    match Format::sniff(bytes) {
        Format::JsonLines if !all_lines_are_objects(bytes) => {
            if is_json(bytes) {
                Format::Json
            } else {
                Format::Text
            }
        }
        Format::Json if !is_json(bytes) => Format::Text,
        f => f,
    }
}

fn is_json(bytes: &[u8]) -> bool {
    match sitrep_text::decode(bytes) {
        Ok(s) => serde_json::from_str::<serde::de::IgnoredAny>(&s).is_ok(),
        Err(_) => false,
    }
}

fn all_lines_are_objects(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if is_utf16(body) {
        return match sitrep_text::decode(body) {
            Ok(s) => all_lines_are_objects(s.as_bytes()),
            Err(_) => false,
        };
    }
    body.split(|b| *b == b'\n').all(|line| {
        let t = line.trim_ascii_start();
        t.is_empty() || t[0] == b'{'
    })
}

/// Reads everything up to `limit` bytes; `Ok(false)` when the stream is longer (then
/// `buf` holds `limit + 1` bytes and the rest is unread).
fn read_limited<R: Read>(reader: &mut R, limit: u64, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    let mut taken = reader.by_ref().take(limit + 1);
    taken.read_to_end(buf)?;
    Ok(buf.len() as u64 <= limit)
}

fn read_reader_as<R: BufRead + Send + 'static>(
    origin: Origin,
    id: String,
    mut reader: R,
    format: Option<Format>,
    opts: &ReadOptions,
    count_oversize: bool,
) -> Documents {
    let opts = opts.clone();
    // Size of an oversized input, for the error: counted (by reading on without keeping)
    // unless the input is decompressed, where it could be huge.
    let oversize = |origin: Origin, kept: u64, rest: &mut R| -> InputError {
        if !count_oversize {
            return InputError::user(
                origin,
                UserError::TooLargeDecompressed {
                    limit: opts.max_size,
                },
            );
        }
        match std::io::copy(rest, &mut std::io::sink()) {
            Ok(n) => too_large(origin, kept + n, opts.max_size),
            Err(e) => InputError::io(origin, e),
        }
    };
    let head = match reader.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(e) => return Documents::one(Err(InputError::io(origin, e))),
    };
    // Gzip data without a `.gz` name (e.g. on standard input): decompress once.
    if count_oversize && head.starts_with(&[0x1f, 0x8b]) {
        let decoder = flate2::read::MultiGzDecoder::new(reader);
        let boxed: Box<dyn BufRead + Send> =
            Box::new(BufReader::with_capacity(64 * 1024, GzErrors(decoder)));
        return read_reader_as(origin, id, boxed, format, &opts, false);
    }
    let sniffed = format.unwrap_or_else(|| Format::sniff(&head));
    if sniffed == Format::JsonLines && !is_utf16(&head) {
        if format == Some(Format::JsonLines) {
            return Documents::new(jsonl::JsonLines::new(reader, origin, opts));
        }
        // Guessed JSON Lines: confirm on the whole input when it fits in the limit,
        // else on what fits, and stream the rest.
        let mut buf = Vec::new();
        let mut limited = reader.by_ref().take(opts.max_size);
        if let Err(e) = limited.read_to_end(&mut buf) {
            return Documents::one(Err(InputError::io(origin, e)));
        }
        let complete = (buf.len() as u64) < opts.max_size;
        if all_lines_are_objects(&buf) {
            let chained = std::io::Cursor::new(buf).chain(reader);
            return Documents::new(jsonl::JsonLines::new(BufReader::new(chained), origin, opts));
        }
        if complete {
            let format = guess_complete(&buf);
            let parsed = parse_whole(origin, id, &buf, format, &ContentInfo::default(), &opts);
            return Documents::new(parsed.into_iter());
        }
        return Documents::one(Err(oversize(origin, buf.len() as u64, &mut reader)));
    }
    let mut buf = Vec::new();
    match read_limited(&mut reader, opts.max_size, &mut buf) {
        Err(e) => Documents::one(Err(InputError::io(origin, e))),
        Ok(false) => {
            let kept = buf.len() as u64;
            Documents::one(Err(oversize(origin, kept, &mut reader)))
        }
        Ok(true) => {
            let format = format.unwrap_or_else(|| guess_complete(&buf));
            if format == Format::JsonLines && !is_utf16(&buf) {
                return Documents::new(jsonl::JsonLines::new(
                    std::io::Cursor::new(buf),
                    origin,
                    opts,
                ));
            }
            let parsed = parse_whole(origin, id, &buf, format, &ContentInfo::default(), &opts);
            Documents::new(parsed.into_iter())
        }
    }
}

/// Names of the charsets decoded as Windows-1252 (a superset of Latin-1 for text).
const LATIN1_LABELS: [&str; 6] = [
    "iso-8859-1",
    "windows-1252",
    "latin1",
    "latin-1",
    "iso8859-1",
    "us-ascii",
];

/// Decodes bytes. When they are not valid UTF-8, a `charset` declared by the sender, or
/// for HTML and XML a Latin-1 / Windows-1252 declaration in the markup, is used.
fn decode_text(bytes: &[u8], format: Format, charset: Option<&str>) -> Result<String, UserError> {
    match sitrep_text::decode(bytes) {
        Ok(s) => Ok(s),
        Err(e @ sitrep_text::DecodeError::InvalidUtf8 { .. }) => {
            let charset = charset.map(|c| c.trim().to_ascii_lowercase());
            let declared_latin1 = match charset.as_deref() {
                Some(cs) => LATIN1_LABELS.contains(&cs),
                None => {
                    matches!(format, Format::Html | Format::Feed) && {
                        let head = sniff_head(bytes);
                        LATIN1_LABELS.iter().any(|cs| head.contains(cs))
                    }
                }
            };
            if declared_latin1 && !bytes[..bytes.len().min(8192)].contains(&0) {
                return Ok(bytes.iter().map(|&b| cp1252_char(b)).collect());
            }
            match charset {
                Some(cs) if !matches!(cs.as_str(), "utf-8" | "utf8") => {
                    Err(UserError::Decode(format!(
                        "cannot decode the declared charset `{cs}` (sitrep reads UTF-8, UTF-16 \
                         and ISO-8859-1/Windows-1252)"
                    )))
                }
                _ => Err(UserError::Decode(e.to_string())),
            }
        }
        Err(e) => Err(UserError::Decode(e.to_string())),
    }
}

fn cp1252_char(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// Collapses whitespace in a one-line field (title, byline).
pub(crate) fn one_line(s: &str) -> Option<String> {
    let out = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!out.is_empty()).then_some(out)
}

/// Id for a document without one: the first 16 hex digits of its content hash.
pub(crate) fn hash_id(text: &str) -> String {
    let d = Document::new("", text);
    let h = d.content_hash();
    h.get(..16).unwrap_or(&h).to_string()
}

/// Fills the publication date from the options when the document has none.
pub(crate) fn default_published(doc: &mut Document, opts: &ReadOptions) {
    if doc.published.is_none() {
        doc.published = opts.published;
    }
}

/// Parses an input that is completely in memory.
fn parse_whole(
    origin: Origin,
    id: String,
    bytes: &[u8],
    format: Format,
    info: &ContentInfo,
    opts: &ReadOptions,
) -> Vec<ReadResult> {
    if format == Format::JsonLines {
        // UTF-16 JSON Lines: decode first, then read the lines.
        return match sitrep_text::decode(bytes) {
            Ok(s) => {
                jsonl::JsonLines::new(std::io::Cursor::new(s.into_bytes()), origin, opts.clone())
                    .collect()
            }
            Err(e) => vec![Err(InputError::user(
                origin,
                UserError::Decode(e.to_string()),
            ))],
        };
    }
    let text = match decode_text(bytes, format, info.charset.as_deref()) {
        Ok(t) => t,
        Err(e) => return vec![Err(InputError::user(origin, e))],
    };
    let base = info.url.as_deref();
    match format {
        Format::Text | Format::JsonLines => {
            let mut rec = text_document(origin, id, &text, opts);
            if let Ok(r) = rec.as_mut() {
                r.document.url = info.url.clone();
            }
            vec![rec]
        }
        Format::Html => vec![html_document(origin, id, &text, base, opts)],
        Format::Feed => feed::read_feed(&origin, &text, base, opts),
        Format::Json => jsonl::read_json(&origin, &text, opts),
    }
}

fn text_document(origin: Origin, id: String, text: &str, opts: &ReadOptions) -> ReadResult {
    let text = sitrep_text::normalize(text);
    if text.trim().is_empty() {
        return Err(InputError::user(origin, UserError::EmptyText));
    }
    let mut document = Document::new(id, text);
    default_published(&mut document, opts);
    Ok(Record {
        document,
        origin,
        byline: None,
        warnings: Vec::new(),
        text_is_summary: false,
    })
}

/// A page's article as one document; `base` (the page's own URL, when known) resolves a
/// relative canonical URL and is the URL of a page that names none.
fn html_document(
    origin: Origin,
    id: String,
    html: &str,
    base: Option<&str>,
    opts: &ReadOptions,
) -> ReadResult {
    let page = html::extract(html);
    let text = sitrep_text::normalize(&page.text);
    if text.trim().is_empty() {
        return Err(InputError::user(origin, UserError::EmptyHtml));
    }
    let mut warnings = Vec::new();
    let mut document = Document::new(id, text);
    document.title = page.title.as_deref().and_then(one_line);
    document.url = match page.url {
        Some(u) => Some(join_url(base, &u)),
        None => base.map(str::to_string),
    };
    document.source = page.site_name;
    document.published = page.published.iter().find_map(|p| parse_published(p));
    if document.published.is_none() {
        if let Some(first) = page.published.first() {
            warnings.push(Warning {
                origin: origin.clone(),
                message: format!("unrecognised publication date `{first}`"),
            });
        }
    }
    default_published(&mut document, opts);
    Ok(Record {
        document,
        origin,
        byline: page.byline.as_deref().and_then(one_line),
        warnings,
        text_is_summary: false,
    })
}

#[cfg(test)]
mod tests;
