//! Errors and warnings of the readers. Every error names its input ([`Origin`]).

use sitrep_model::Blame;
use std::fmt;
use thiserror::Error;

/// Where a document or an error comes from: an input name (a path, `-` for standard
/// input, or a caller-given name) and, for line-based formats, a 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    pub name: String,
    pub line: Option<u64>,
}

impl Origin {
    pub fn new(name: impl Into<String>) -> Self {
        Origin {
            name: name.into(),
            line: None,
        }
    }

    pub fn at_line(&self, line: u64) -> Self {
        Origin {
            name: self.name.clone(),
            line: Some(line),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.name, line),
            None => f.write_str(&self.name),
        }
    }
}

/// A problem with one input (or one record of it), with where it happened.
#[derive(Debug, Error)]
#[error("{origin}: {kind}")]
pub struct InputError {
    pub origin: Origin,
    pub kind: ErrorKind,
}

/// Whose fault a problem with an input is ([`sitrep_model::error`]).
pub type ErrorKind = Blame<UserError, InternalError>;

impl InputError {
    pub fn user(origin: Origin, e: UserError) -> Self {
        let kind = Blame::User(e);
        InputError { origin, kind }
    }

    pub fn internal(origin: Origin, e: InternalError) -> Self {
        let kind = Blame::Internal(e);
        InputError { origin, kind }
    }

    /// Classifies an I/O error: missing or unreadable inputs are the user's problem,
    /// anything else is internal.
    pub fn io(origin: Origin, e: std::io::Error) -> Self {
        use std::io::ErrorKind as K;
        match e.kind() {
            K::NotFound => Self::user(origin, UserError::NotFound),
            K::PermissionDenied => Self::user(origin, UserError::PermissionDenied),
            K::InvalidData => Self::user(origin, UserError::Unreadable(e.to_string())),
            _ => Self::internal(origin, InternalError::Io(e)),
        }
    }

    /// True when the input itself is at fault (as opposed to the machine or sitrep).
    pub fn is_user_error(&self) -> bool {
        self.kind.is_user()
    }
}

/// The input is bad: the user can fix it.
#[derive(Debug, Error)]
pub enum UserError {
    #[error("no such file or directory")]
    NotFound,
    #[error("permission denied")]
    PermissionDenied,
    #[error("cannot read: {0}")]
    Unreadable(String),
    #[error("document is {size} bytes, above the limit of {limit} bytes ({size_mib:.1} MiB > {limit_mib:.1} MiB)", size_mib = *.size as f64 / 1048576.0, limit_mib = *.limit as f64 / 1048576.0)]
    TooLarge { size: u64, limit: u64 },
    #[error("decompressed document is above the limit of {limit} bytes")]
    TooLargeDecompressed { limit: u64 },
    #[error("{0}")]
    Decode(String),
    #[error("not valid UTF-8")]
    InvalidUtf8,
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    #[error("expected a JSON object, found {0}")]
    NotAnObject(&'static str),
    #[error("field `{field}`: {problem}")]
    BadField {
        field: &'static str,
        problem: String,
    },
    #[error("missing field `text`")]
    MissingText,
    #[error("empty document (no text)")]
    EmptyText,
    #[error("malformed feed: {0}")]
    MalformedFeed(String),
    #[error("not an RSS or Atom feed (root element <{0}>)")]
    NotAFeed(String),
    #[error("HTML page has no readable text")]
    EmptyHtml,
}

/// Something went wrong that is not the input's fault.
#[derive(Debug, Error)]
pub enum InternalError {
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

/// A non-fatal remark about a document (it is still produced).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub origin: Origin,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}
