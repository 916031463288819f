//! Gold-annotated articles: `gold.json` next to the article text (see `tests/fixtures/*/`).
//!
//! Scoring rules (from the fixture README):
//! - an emitted event *matches* a required item when its type is one of the item's `types` and its
//!   evidence overlaps the item's `span` or one of its `also_spans`; each required item is matched
//!   by a distinct event (an optimal assignment: as many items as possible, then the best arguments);
//! - recall = required items found;
//! - precision = emitted non-historical events that match a required item, duplicate one (an
//!   unassigned event that would match a found item), or fall in an `optional` span with an
//!   allowed type, over all emitted non-historical events. Events marked historical are not
//!   counted; an unmarked event in a `historical` span that is not otherwise accepted is a
//!   *historical violation* (a false positive, reported separately). Events marked `future`,
//!   `hypothetical` or `negated` assert no happening: they are not counted either, and cannot
//!   match a required item (the gold lists what the text asserts happened);
//! - arguments = share of the named fields (`actor`, `actor_any`, `recipient`, `recipient_any`,
//!   `location`, `source`, `modes`, `date`, `quantities`, `acled_sub_event_types`) that are right
//!   on the matched events.
//!
//! [`score_sites`] compares a situation picture (as [`SiteSummary`] values) with the `sites` section.
//!
//! Gold offsets are **character** offsets into the article; they are converted to UTF-8 byte
//! offsets (the unit of [`sitrep_model::Evidence`]) when the gold is loaded.
//!
//! Entity sets match an emitted entity when one alias occurs as a whole word (case-insensitive)
//! in its `name` or `text`, or when its `country` is one of the set's countries and one of its
//! sectors is one of the set's sectors (a set that lists no sectors matches on country alone).
//! Place sets match a location by alias in its name, text or facility name, or by coordinates
//! within `radius_km` (haversine).

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sitrep_model::{Document, Entity, Event, EventType, Location, QuantityKind, Span};

use crate::table::{frac, markdown, num};
use crate::text::{char_to_byte, contains_word};
use crate::{f1, ratio, read_file, summarize_event, EvalError, Result};
use sitrep_model::haversine_km;

mod report;
mod score;
mod sites;

pub use report::GoldSummary;
#[cfg(test)]
use score::max_weight_assignment;
pub use score::{score, EmittedResult, FieldCheck, GoldReport, ItemResult, Verdict};
pub use sites::{score_sites, SiteResult, SiteSummary, SitesReport};

/// The `gold.json` file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gold {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    pub document: GoldDocumentInfo,
    #[serde(default)]
    pub entities: BTreeMap<String, EntitySet>,
    #[serde(default)]
    pub places: BTreeMap<String, PlaceSet>,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
    #[serde(default)]
    pub optional: Vec<OptionalSpan>,
    #[serde(default)]
    pub historical: Vec<HistoricalSpan>,
    #[serde(default)]
    pub sites: Vec<GoldSite>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldDocumentInfo {
    pub id: String,
    /// Article file name relative to the gold file (default `article.txt`).
    #[serde(default)]
    pub file: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
}

/// An actor alias set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EntitySet {
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Country codes (or names) that identify the set together with a sector.
    #[serde(default)]
    pub country: Vec<String>,
    #[serde(default)]
    pub sectors: Vec<String>,
}

/// A place alias set with a point and a radius.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PlaceSet {
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub radius_km: Option<f64>,
}

/// A required event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldEvent {
    pub id: String,
    /// Character range `[start, end)` of the sentence that reports the event.
    pub span: [usize; 2],
    /// The text of `span`, verbatim (optional; checked when the gold is loaded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default)]
    pub also_spans: Vec<[usize; 2]>,
    pub types: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_any: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_any: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<GoldDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantities: Option<Vec<GoldQuantity>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acled_sub_event_types: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A resolved date: exactly `value`, or one of `value_in`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct GoldDate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_in: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldQuantity {
    pub kinds: Vec<String>,
    pub value: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionalSpan {
    pub span: [usize; 2],
    /// The text of `span`, verbatim (optional; checked when the gold is loaded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub types: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoricalSpan {
    pub span: [usize; 2],
    /// The text of `span`, verbatim (optional; checked when the gold is loaded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The situation picture the article supports (scored by [`score_sites`]); `id` names a place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldSite {
    pub id: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub escaped: Option<u64>,
    #[serde(default)]
    pub recaptured: Option<u64>,
    #[serde(default)]
    pub at_large: Option<u64>,
    #[serde(default)]
    pub controller_before: Option<String>,
    #[serde(default)]
    pub controller_after: Option<String>,
    #[serde(default)]
    pub population: Option<GoldRange>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldRange {
    #[serde(default)]
    pub approximate: Option<bool>,
    #[serde(default)]
    pub min: Option<u64>,
    #[serde(default)]
    pub max: Option<u64>,
}

/// A gold annotation together with its article, offsets resolved to bytes and names checked.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    pub gold: Gold,
    pub text: String,
    /// Where the gold came from (for messages).
    pub origin: String,
    events: Vec<ResolvedItem>,
    optional: Vec<(Span, Vec<EventType>)>,
    historical: Vec<Span>,
}

#[derive(Debug, Clone)]
struct ResolvedItem {
    spans: Vec<Span>,
    types: Vec<EventType>,
    quantities: Vec<(Vec<QuantityKind>, u64)>,
}

impl GoldDoc {
    /// Loads `dir/gold.json` and the article it names (default `dir/article.txt`).
    pub fn load(dir: &Path) -> Result<GoldDoc> {
        let gold_path = dir.join("gold.json");
        let json = read_file(&gold_path)?;
        let origin = gold_path.display().to_string();
        let gold = parse_gold(&json, &origin)?;
        let file = gold
            .document
            .file
            .clone()
            .unwrap_or_else(|| "article.txt".into());
        if file.contains("..") || Path::new(&file).is_absolute() {
            return Err(EvalError::invalid(
                &origin,
                format!("document.file {file:?} must be a plain file name next to gold.json"),
            ));
        }
        let text = read_file(&dir.join(&file))?;
        GoldDoc::new(gold, text, &origin)
    }

    /// Parses gold JSON and checks it against `text`.
    pub fn from_json(json: &str, text: String, origin: &str) -> Result<GoldDoc> {
        let gold = parse_gold(json, origin)?;
        GoldDoc::new(gold, text, origin)
    }

    /// Checks the gold against the article: spans inside the text, known types, entity and place
    /// names defined, quantity kinds known, dates well-formed.
    pub fn new(gold: Gold, text: String, origin: &str) -> Result<GoldDoc> {
        let span = |what: &str, s: [usize; 2]| -> Result<Span> {
            let [a, b] = s;
            if a > b {
                return Err(EvalError::invalid(
                    origin,
                    format!("{what}: span [{a}, {b}] is reversed"),
                ));
            }
            match (char_to_byte(&text, a), char_to_byte(&text, b)) {
                (Some(x), Some(y)) => Ok(Span::new(x, y)),
                _ => Err(EvalError::invalid(
                    origin,
                    format!(
                        "{what}: span [{a}, {b}] is outside the article ({} characters)",
                        text.chars().count()
                    ),
                )),
            }
        };
        // A span together with the verbatim text the annotator saw there, when given.
        let span_text = |what: &str, s: [usize; 2], quoted: Option<&String>| -> Result<Span> {
            let sp = span(what, s)?;
            if let Some(q) = quoted {
                let got = sp.slice(&text).unwrap_or("");
                if got != q {
                    return Err(EvalError::invalid(
                        origin,
                        format!(
                            "{what}: `text` {q:?} differs from the article at [{}, {}]: {got:?}",
                            s[0], s[1]
                        ),
                    ));
                }
            }
            Ok(sp)
        };
        let types = |what: &str, ts: &[String]| -> Result<Vec<EventType>> {
            if ts.is_empty() {
                return Err(EvalError::invalid(
                    origin,
                    format!("{what}: `types` is empty"),
                ));
            }
            ts.iter()
                .map(|t| {
                    EventType::parse(t).ok_or_else(|| {
                        EvalError::invalid(origin, format!("{what}: unknown event type {t:?}"))
                    })
                })
                .collect()
        };
        let entity = |what: &str, key: &str| -> Result<()> {
            if gold.entities.contains_key(key) {
                Ok(())
            } else {
                Err(EvalError::invalid(
                    origin,
                    format!("{what}: entity set {key:?} is not defined in `entities`"),
                ))
            }
        };
        let date_ok = |what: &str, d: &str| -> Result<()> {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map(|_| ())
                .map_err(|_| {
                    EvalError::invalid(origin, format!("{what}: bad date {d:?} (want YYYY-MM-DD)"))
                })
        };
        if let Some(p) = &gold.document.published {
            date_ok("document.published", p)?;
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut events = Vec::new();
        for ev in &gold.events {
            let what = format!("event {:?}", ev.id);
            if !seen.insert(ev.id.as_str()) {
                return Err(EvalError::invalid(origin, format!("{what}: duplicate id")));
            }
            let mut spans = vec![span_text(&what, ev.span, ev.text.as_ref())?];
            for s in &ev.also_spans {
                spans.push(span(&what, *s)?);
            }
            for key in ev
                .actor
                .iter()
                .chain(ev.recipient.iter())
                .chain(ev.source.iter())
            {
                entity(&what, key)?;
            }
            for key in ev
                .actor_any
                .iter()
                .flatten()
                .chain(ev.recipient_any.iter().flatten())
            {
                entity(&what, key)?;
            }
            if let Some(l) = &ev.location {
                if !gold.places.contains_key(l) {
                    return Err(EvalError::invalid(
                        origin,
                        format!("{what}: place {l:?} is not defined in `places`"),
                    ));
                }
            }
            if let Some(d) = &ev.date {
                if d.value.is_none() && d.value_in.as_ref().map_or(true, Vec::is_empty) {
                    return Err(EvalError::invalid(
                        origin,
                        format!("{what}: date needs `value` or `value_in`"),
                    ));
                }
                for v in d.value.iter().chain(d.value_in.iter().flatten()) {
                    date_ok(&what, v)?;
                }
            }
            let mut quantities = Vec::new();
            for q in ev.quantities.iter().flatten() {
                let kinds = q
                    .kinds
                    .iter()
                    .map(|k| {
                        QuantityKind::parse(k).ok_or_else(|| {
                            EvalError::invalid(
                                origin,
                                format!("{what}: unknown quantity kind {k:?}"),
                            )
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                if kinds.is_empty() {
                    return Err(EvalError::invalid(
                        origin,
                        format!("{what}: quantity without `kinds`"),
                    ));
                }
                quantities.push((kinds, q.value));
            }
            events.push(ResolvedItem {
                spans,
                types: types(&what, &ev.types)?,
                quantities,
            });
        }
        for site in &gold.sites {
            let what = format!("site {:?}", site.id);
            if !gold.places.contains_key(&site.id) {
                return Err(EvalError::invalid(
                    origin,
                    format!("{what}: the id must name a place in `places`"),
                ));
            }
            for key in site
                .controller_before
                .iter()
                .chain(site.controller_after.iter())
            {
                entity(&what, key)?;
            }
        }
        let mut optional = Vec::new();
        for (i, o) in gold.optional.iter().enumerate() {
            let what = format!("optional #{i}");
            optional.push((
                span_text(&what, o.span, o.text.as_ref())?,
                types(&what, &o.types)?,
            ));
        }
        let mut historical = Vec::new();
        for (i, h) in gold.historical.iter().enumerate() {
            historical.push(span_text(
                &format!("historical #{i}"),
                h.span,
                h.text.as_ref(),
            )?);
        }
        Ok(GoldDoc {
            gold,
            text,
            origin: origin.to_string(),
            events,
            optional,
            historical,
        })
    }

    /// The document to code: id, text and publication date from the gold.
    pub fn document(&self) -> Result<Document> {
        crate::make_document(
            &self.gold.document.id,
            &self.text,
            self.gold.document.published.as_deref(),
        )
    }
}

/// Parses a `gold.json` without checking it against its article (see [`GoldDoc::new`]).
pub fn parse_gold(json: &str, origin: &str) -> Result<Gold> {
    serde_json::from_str(json).map_err(|e| EvalError::parse(origin, e.line(), e.to_string()))
}

/// Whether the emitted entity belongs to the alias set.
pub fn entity_matches(set: &EntitySet, e: &Entity) -> bool {
    if set
        .aliases
        .iter()
        .any(|a| contains_word(&e.name, a) || contains_word(&e.text, a))
    {
        return true;
    }
    let Some(country) = e.country.as_deref() else {
        return false;
    };
    set.country
        .iter()
        .any(|c| c.trim().eq_ignore_ascii_case(country.trim()))
        && (set.sectors.is_empty()
            || e.sector.iter().any(|s| {
                set.sectors
                    .iter()
                    .any(|x| x.trim().eq_ignore_ascii_case(s.trim()))
            }))
}

/// Whether the emitted location belongs to the place set.
pub fn place_matches(set: &PlaceSet, l: &Location) -> bool {
    let facility = l.facility.as_ref().map(|f| f.name.as_str()).unwrap_or("");
    if set.aliases.iter().any(|a| {
        contains_word(&l.name, a) || contains_word(&l.text, a) || contains_word(facility, a)
    }) {
        return true;
    }
    match (set.lat, set.lon, set.radius_km, l.lat, l.lon) {
        (Some(a), Some(b), Some(r), Some(x), Some(y)) if x.is_finite() && y.is_finite() => {
            haversine_km(a, b, x, y) <= r
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;
