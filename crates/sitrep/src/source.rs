//! What an INPUT of `extract` and `ingest` names, read into records: a file, a directory,
//! `-` for standard input (all read by `sitrep-input`), or an `http://` / `https://` URL,
//! fetched by `sitrep-fetch` and read by `sitrep-input` as a feed (one document per item) or
//! a page (its article). With `--fetch-pages`, feed items that carry only a summary get the
//! article text of the page they link to.

use sitrep_fetch::{FetchError, FetchOptions, Fetcher};
use sitrep_input::{
    read_bytes_with, read_path, BytesRead, ContentInfo, Format, InputError, ReadOptions, Record,
    Warning,
};
use std::fmt;
use std::path::Path;
use std::time::Duration;

/// `--input-format` of `extract` and `ingest`: read every input as this format instead of
/// guessing from extension and content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// Plain text: the whole input is one document.
    Text,
    /// JSON Lines: one JSON document record per line.
    Jsonl,
    /// A JSON array of document records (or one record).
    Json,
    /// An HTML page, reduced to its article text.
    Html,
    /// An RSS or Atom feed: one document per item.
    Feed,
}

impl From<InputFormat> for Format {
    fn from(f: InputFormat) -> Format {
        match f {
            InputFormat::Text => Format::Text,
            InputFormat::Jsonl => Format::JsonLines,
            InputFormat::Json => Format::Json,
            InputFormat::Html => Format::Html,
            InputFormat::Feed => Format::Feed,
        }
    }
}

/// Options of the inputs that are URLs (shared by `extract` and `ingest`).
#[derive(clap::Args, Debug, Clone)]
pub struct FetchArgs {
    /// For feed items that carry only a summary and link to a page: fetch the page and
    /// code its article text when it is longer than the summary (off by default, so that
    /// reading a feed does not hit dozens of sites). A page that cannot be fetched is a
    /// warning and the summary is kept.
    #[arg(long)]
    pub fetch_pages: bool,
    /// Least time between two requests to the same host, in milliseconds.
    #[arg(long, default_value_t = 500, value_name = "MS", value_parser = clap::value_parser!(u64).range(0..=60_000))]
    pub fetch_delay_ms: u64,
    /// Time allowed to fetch one URL (connection, redirects and body), in seconds.
    #[arg(long, default_value_t = 30, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub fetch_timeout: u64,
}

/// Why (part of) an input could not be read.
#[derive(Debug)]
pub enum ReadFailure {
    Input(InputError),
    Fetch(FetchError),
}

impl fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadFailure::Input(e) => e.fmt(f),
            ReadFailure::Fetch(e) => e.fmt(f),
        }
    }
}

pub type ReadItem = Result<Record, ReadFailure>;

/// Reads inputs of every kind with one set of options.
pub struct Sources {
    opts: ReadOptions,
    fetcher: Fetcher,
    fetch_pages: bool,
}

/// True when an INPUT is a URL rather than a path.
pub fn is_url(input: &Path) -> bool {
    input.to_str().is_some_and(sitrep_fetch::is_url)
}

impl Sources {
    /// URLs are fetched with the documents' size limit (`opts.max_size`).
    pub fn new(opts: ReadOptions, fetch: &FetchArgs) -> Self {
        let timeout = Duration::from_secs(fetch.fetch_timeout);
        let fetcher = Fetcher::new(FetchOptions {
            timeout,
            connect_timeout: timeout.min(FetchOptions::default().connect_timeout),
            max_size: opts.max_size,
            delay: Duration::from_millis(fetch.fetch_delay_ms),
            ..FetchOptions::default()
        });
        Sources {
            opts,
            fetcher,
            fetch_pages: fetch.fetch_pages,
        }
    }

    /// The records of one input, lazily (a directory file by file, a feed's linked pages
    /// one by one as they are asked for), and the count of the input bytes read (for the
    /// progress bar; a URL counts its body once fetched).
    pub fn read<'a>(
        &'a self,
        input: &Path,
    ) -> (Box<dyn Iterator<Item = ReadItem> + 'a>, BytesRead) {
        match input.to_str().filter(|s| sitrep_fetch::is_url(s)) {
            Some(url) => {
                let read = BytesRead::default();
                (self.read_url(url, &read), read)
            }
            None => {
                let docs = read_path(input, &self.opts);
                let read = docs.bytes_read();
                (Box::new(docs.map(|r| r.map_err(ReadFailure::Input))), read)
            }
        }
    }

    fn read_url<'a>(
        &'a self,
        url: &str,
        read: &BytesRead,
    ) -> Box<dyn Iterator<Item = ReadItem> + 'a> {
        let fetched = match self.fetcher.fetch(url) {
            Ok(f) => f,
            Err(e) => return Box::new(std::iter::once(Err(ReadFailure::Fetch(e)))),
        };
        read.add(fetched.body.len() as u64);
        let info = ContentInfo {
            url: Some(fetched.url),
            media_type: fetched.media_type,
            charset: fetched.charset,
        };
        let records = read_bytes_with(url, &fetched.body, &info, &self.opts);
        Box::new(records.map(move |r| match r {
            Ok(mut rec) => {
                if self.fetch_pages && rec.text_is_summary {
                    self.add_page_text(&mut rec);
                }
                Ok(rec)
            }
            Err(e) => Err(ReadFailure::Input(e)),
        }))
    }

    /// Replaces a feed item's summary by the article text of its linked page when that is
    /// longer; a page that cannot be fetched or read leaves a warning on the record.
    fn add_page_text(&self, rec: &mut Record) {
        let Some(link) = rec.document.url.clone().filter(|u| sitrep_fetch::is_url(u)) else {
            return;
        };
        let problem = match self.fetcher.fetch(&link) {
            Err(e) => e.to_string(),
            Ok(page) => {
                let info = ContentInfo {
                    url: Some(page.url),
                    media_type: page.media_type,
                    charset: page.charset,
                };
                // The page is guessed from its content, whatever --input-format says.
                let opts = ReadOptions {
                    format: None,
                    ..self.opts.clone()
                };
                match read_bytes_with(&link, &page.body, &info, &opts).next() {
                    Some(Ok(page)) => {
                        rec.take_page_text(page);
                        return;
                    }
                    Some(Err(e)) => e.to_string(),
                    None => format!("{link}: nothing readable"),
                }
            }
        };
        rec.warnings.push(Warning {
            origin: rec.origin.clone(),
            message: format!("linked page {problem}; keeping the feed's summary"),
        });
    }
}
