//! Evaluation of sitrep's coder output against reference annotations.
//!
//! Every scorer takes the events the coder emitted (`&[Event]`) as input, so this crate does not
//! depend on the coder. Each report is a typed struct whose `Display` prints Markdown tables
//! (used by `sitrep eval` and EVALUATION.md).
//!
//! - [`gold`]: hand-annotated articles (`gold.json` + `article.txt`), event P/R/F1 and argument accuracy.
//! - [`case`]: CASE 2021 task 2 snippets (ACLED sub-event types), per-class P/R/F1 and weighted F1.
//! - [`plover`]: the PLOVER gold standard records (`PLOVER_GSR_CAMEO.json`), per-type accuracy.
//! - [`recase`]: lower- or upper-cased copies of a set (text without normal capitalisation).
//! - [`petrarch`]: PETRARCH-2 validation sentences with CAMEO codings mapped to PLOVER types.

pub mod case;
pub mod gold;
pub mod petrarch;
pub mod plover;
pub mod recase;
pub mod table;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod text;

use std::path::{Path, PathBuf};

use sitrep_model::Document;

/// Errors of this crate. `Io`, `Parse` and `Invalid` are about the user's input files;
/// `Internal` is a bug in sitrep.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Malformed input; `line` is 1-based (0 when the position is unknown).
    #[error("{file}:{line}: {message}")]
    Parse {
        file: String,
        line: usize,
        message: String,
    },
    /// Well-formed but inconsistent input (e.g. a gold span outside the article).
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    #[error("internal error: {0}")]
    Internal(String),
}

impl EvalError {
    /// True when the error is caused by the input (not by a bug in sitrep).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, EvalError::Internal(_))
    }

    pub(crate) fn parse(file: &str, line: usize, message: impl Into<String>) -> Self {
        EvalError::Parse {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }

    pub(crate) fn invalid(file: &str, message: impl Into<String>) -> Self {
        EvalError::Invalid {
            file: file.to_string(),
            message: message.into(),
        }
    }
}

pub type Result<T> = std::result::Result<T, EvalError>;

/// Reads a UTF-8 file, naming it in the error.
pub fn read_file(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| EvalError::Io {
        file: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        // Report the line of the first invalid byte.
        let valid = e.utf8_error().valid_up_to();
        let line = e
            .as_bytes()
            .get(..valid)
            .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count() + 1);
        EvalError::parse(&path.display().to_string(), line, "not valid UTF-8")
    })
}

/// Builds a [`Document`] with an optional publication date (`YYYY-MM-DD`).
pub fn make_document(id: &str, text: &str, published: Option<&str>) -> Result<Document> {
    let mut doc = Document::new(id, text);
    if let Some(p) = published {
        let date = chrono::NaiveDate::parse_from_str(p.trim(), "%Y-%m-%d").map_err(|e| {
            EvalError::invalid(
                id,
                format!("bad publication date {p:?} (want YYYY-MM-DD): {e}"),
            )
        })?;
        doc.published = Some(date);
    }
    Ok(doc)
}

/// `num / den`, or `if_empty` when `den == 0`.
pub fn ratio(num: usize, den: usize, if_empty: f64) -> f64 {
    if den == 0 {
        if_empty
    } else {
        num as f64 / den as f64
    }
}

/// Harmonic mean of precision and recall (0 when both are 0).
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall <= 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

/// One line describing an emitted event (type/mode, evidence, actors, recipients, location,
/// date, quantities, source, markers); used in reports and test diffs.
pub fn summarize_event(ev: &sitrep_model::Event) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = write!(s, "{}", ev.event_type);
    if let Some(m) = &ev.mode {
        let _ = write!(s, "/{m}");
    }
    let _ = write!(s, " @{}..{}", ev.evidence.start, ev.evidence.end);
    if let Some(t) = &ev.trigger {
        let _ = write!(s, " trigger={t:?}");
    }
    let ent = |e: &sitrep_model::Entity| {
        let mut x = format!("{:?}", e.text);
        if !e.name.is_empty() && e.name != e.text {
            let _ = write!(x, "={:?}", e.name);
        }
        let code = format!(
            "{}{}{}",
            e.country.as_deref().unwrap_or(""),
            if e.sector.is_empty() { "" } else { ":" },
            e.sector.join("+")
        );
        if !code.is_empty() {
            let _ = write!(x, " [{code}]");
        }
        x
    };
    if !ev.actor.is_empty() {
        let v: Vec<String> = ev.actor.iter().map(ent).collect();
        let _ = write!(s, " actor=({})", v.join(", "));
    }
    if !ev.recipient.is_empty() {
        let v: Vec<String> = ev.recipient.iter().map(ent).collect();
        let _ = write!(s, " recipient=({})", v.join(", "));
    }
    if let Some(l) = &ev.location {
        let _ = write!(s, " location={}", describe_location(l));
    }
    if let Some(d) = &ev.date {
        let _ = write!(
            s,
            " date={}{} ({:?}, {:?})",
            d.value.as_deref().unwrap_or("?"),
            d.end
                .as_deref()
                .map(|e| format!("..{e}"))
                .unwrap_or_default(),
            d.precision,
            d.text
        );
    }
    if !ev.quantities.is_empty() {
        let v: Vec<String> = ev
            .quantities
            .iter()
            .map(|q| {
                format!(
                    "{}={}{}",
                    q.kind.as_str(),
                    q.value,
                    if q.approximate { "~" } else { "" }
                )
            })
            .collect();
        let _ = write!(s, " quantities=[{}]", v.join(", "));
    }
    if let Some(src) = &ev.source {
        let _ = write!(s, " source={}", ent(src));
    }
    if let Some(a) = &ev.acled {
        let _ = write!(s, " acled={:?}", a.sub_event_type);
    }
    for (flag, name) in [
        (ev.historical, "historical"),
        (ev.future, "future"),
        (ev.hypothetical, "hypothetical"),
        (ev.negated, "negated"),
    ] {
        if flag {
            let _ = write!(s, " {name}");
        }
    }
    let _ = write!(s, " conf={:.2}", ev.confidence);
    s
}

/// `"text"="name" [country:sectors]` for each entity, or `(none)`.
pub fn describe_entities(es: &[sitrep_model::Entity]) -> String {
    if es.is_empty() {
        return "(none)".into();
    }
    es.iter()
        .map(|e| {
            format!(
                "{:?}={:?} [{}:{}]",
                e.text,
                e.name,
                e.country.as_deref().unwrap_or("?"),
                e.sector.join("+")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `"text"="name" (country, precision, facility, lat/lon)`.
pub fn describe_location(l: &sitrep_model::Location) -> String {
    let mut x = format!("{:?}", l.text);
    if !l.name.is_empty() && l.name != l.text {
        x.push_str(&format!("={:?}", l.name));
    }
    x.push_str(&format!(
        " [{} p{}",
        l.country.as_deref().unwrap_or("?"),
        l.precision
    ));
    if let Some(f) = &l.facility {
        x.push_str(&format!(" {}:{:?}", f.kind, f.name));
    }
    if let (Some(lat), Some(lon)) = (l.lat, l.lon) {
        x.push_str(&format!(" {lat:.3},{lon:.3}"));
    }
    x.push(']');
    x
}
