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

/// Whether the event is marked as not asserting a happening (future, hypothetical, negated).
fn unasserted(ev: &Event) -> bool {
    ev.future || ev.hypothetical || ev.negated
}

fn overlaps(evidence: Span, span: Span) -> bool {
    if evidence.is_empty() {
        span.start <= evidence.start && evidence.start < span.end.max(span.start + 1)
    } else {
        evidence.start < span.end && span.start < evidence.end
    }
}

fn evidence_span(ev: &Event) -> Span {
    Span::new(
        ev.evidence.start.min(ev.evidence.end),
        ev.evidence.end.max(ev.evidence.start),
    )
}

/// One named field checked on a matched event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldCheck {
    pub field: String,
    pub ok: bool,
    pub expected: String,
    pub got: String,
}

/// The outcome for one required item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemResult {
    pub id: String,
    pub types: Vec<String>,
    pub found: bool,
    /// Index into the emitted events of the event that matched it.
    pub event_index: Option<usize>,
    pub event: Option<String>,
    /// The named fields, checked on the matched event (empty when not found).
    pub fields: Vec<FieldCheck>,
    /// When not found: emitted events whose evidence overlaps the item's spans (wrong type).
    pub near_misses: Vec<String>,
}

/// What an emitted event counted as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", content = "item", rename_all = "snake_case")]
pub enum Verdict {
    /// Matched the required item with this id.
    Match(String),
    /// Would match this (already found) item: accepted, not penalised.
    Duplicate(String),
    /// In an optional span with an allowed type.
    Optional,
    /// Marked historical: not counted.
    HistoricalIgnored,
    /// Marked future, hypothetical or negated: not counted.
    UnassertedIgnored,
    /// Unmarked event in a historical span: a false positive.
    HistoricalViolation,
    FalsePositive,
}

impl Verdict {
    fn label(&self) -> String {
        match self {
            Verdict::Match(id) => format!("match `{id}`"),
            Verdict::Duplicate(id) => format!("duplicate of `{id}`"),
            Verdict::Optional => "optional".into(),
            Verdict::HistoricalIgnored => "historical (ignored)".into(),
            Verdict::UnassertedIgnored => "future/hypothetical/negated (ignored)".into(),
            Verdict::HistoricalViolation => "**historical, unmarked**".into(),
            Verdict::FalsePositive => "**false positive**".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmittedResult {
    pub index: usize,
    pub event: String,
    pub verdict: Verdict,
}

/// The score of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldReport {
    pub doc_id: String,
    pub required: usize,
    pub found: usize,
    /// Emitted events not marked historical (the precision denominator).
    pub emitted: usize,
    pub matched: usize,
    pub duplicates: usize,
    pub optional_ok: usize,
    pub false_positives: usize,
    pub historical_violations: usize,
    pub historical_ignored: usize,
    /// Events marked future, hypothetical or negated (not counted).
    pub unasserted_ignored: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub args_right: usize,
    pub args_total: usize,
    pub arg_accuracy: f64,
    pub items: Vec<ItemResult>,
    pub emitted_events: Vec<EmittedResult>,
}

/// Scores the emitted events of one document against its gold.
pub fn score(doc: &GoldDoc, events: &[Event]) -> GoldReport {
    let gold = &doc.gold;
    let n_items = gold.events.len();
    // Candidates: (item, event) pairs with the right type and overlapping evidence.
    let mut checks: BTreeMap<(usize, usize), Vec<FieldCheck>> = BTreeMap::new();
    for (i, (item, res)) in gold.events.iter().zip(&doc.events).enumerate() {
        for (j, ev) in events.iter().enumerate() {
            if ev.historical || unasserted(ev) || !res.types.contains(&ev.event_type) {
                continue;
            }
            let evs = evidence_span(ev);
            if res.spans.iter().any(|s| overlaps(evs, *s)) {
                checks.insert((i, j), check_fields(gold, item, res, ev));
            }
        }
    }
    // Optimal assignment: most items found, then most fields right.
    let cand_events: Vec<usize> = {
        let mut v: Vec<usize> = checks.keys().map(|&(_, j)| j).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let weights: Vec<Vec<i64>> = (0..n_items)
        .map(|i| {
            cand_events
                .iter()
                .map(|&j| {
                    checks.get(&(i, j)).map_or(0, |f| {
                        let right = f.iter().filter(|c| c.ok).count() as i64;
                        let total = f.len().max(1) as i64;
                        1_000_000 + right * 1000 / total
                    })
                })
                .collect()
        })
        .collect();
    let assignment = max_weight_assignment(&weights);
    let mut item_event: Vec<Option<usize>> = vec![None; n_items];
    let mut event_item: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, col) in assignment.iter().enumerate() {
        if let Some(c) = col {
            if let Some(&j) = cand_events.get(*c) {
                if checks.contains_key(&(i, j)) {
                    item_event[i] = Some(j);
                    event_item.insert(j, i);
                }
            }
        }
    }

    let mut items = Vec::with_capacity(n_items);
    let (mut args_right, mut args_total) = (0, 0);
    for (i, (item, res)) in gold.events.iter().zip(&doc.events).enumerate() {
        let (fields, event) = match item_event[i] {
            Some(j) => (
                checks.get(&(i, j)).cloned().unwrap_or_default(),
                events.get(j).map(summarize_event),
            ),
            None => (Vec::new(), None),
        };
        args_right += fields.iter().filter(|f| f.ok).count();
        args_total += fields.len();
        let near_misses = if item_event[i].is_none() {
            events
                .iter()
                .filter(|ev| res.spans.iter().any(|s| overlaps(evidence_span(ev), *s)))
                .map(summarize_event)
                .collect()
        } else {
            Vec::new()
        };
        items.push(ItemResult {
            id: item.id.clone(),
            types: item.types.clone(),
            found: item_event[i].is_some(),
            event_index: item_event[i],
            event,
            fields,
            near_misses,
        });
    }

    let mut emitted_events = Vec::with_capacity(events.len());
    let mut counts = [0usize; 7];
    for (j, ev) in events.iter().enumerate() {
        let evs = evidence_span(ev);
        let verdict = if ev.historical {
            Verdict::HistoricalIgnored
        } else if unasserted(ev) {
            Verdict::UnassertedIgnored
        } else if let Some(&i) = event_item.get(&j) {
            Verdict::Match(gold.events.get(i).map(|e| e.id.clone()).unwrap_or_default())
        } else if let Some(i) =
            (0..n_items).find(|&i| checks.contains_key(&(i, j)) && item_event[i].is_some())
        {
            Verdict::Duplicate(gold.events.get(i).map(|e| e.id.clone()).unwrap_or_default())
        } else if doc
            .optional
            .iter()
            .any(|(s, ts)| ts.contains(&ev.event_type) && overlaps(evs, *s))
        {
            Verdict::Optional
        } else if doc.historical.iter().any(|s| overlaps(evs, *s)) {
            Verdict::HistoricalViolation
        } else {
            Verdict::FalsePositive
        };
        let k = match verdict {
            Verdict::Match(_) => 0,
            Verdict::Duplicate(_) => 1,
            Verdict::Optional => 2,
            Verdict::HistoricalIgnored => 3,
            Verdict::HistoricalViolation => 4,
            Verdict::FalsePositive => 5,
            Verdict::UnassertedIgnored => 6,
        };
        counts[k] += 1;
        emitted_events.push(EmittedResult {
            index: j,
            event: summarize_event(ev),
            verdict,
        });
    }
    let [matched, duplicates, optional_ok, historical_ignored, historical_violations, false_positives, unasserted_ignored] =
        counts;
    let emitted = events.len() - historical_ignored - unasserted_ignored;
    let found = item_event.iter().filter(|x| x.is_some()).count();
    let precision = ratio(matched + duplicates + optional_ok, emitted, 1.0);
    let recall = ratio(found, n_items, 1.0);
    GoldReport {
        doc_id: gold.document.id.clone(),
        required: n_items,
        found,
        emitted,
        matched,
        duplicates,
        optional_ok,
        false_positives,
        historical_violations,
        historical_ignored,
        unasserted_ignored,
        precision,
        recall,
        f1: f1(precision, recall),
        args_right,
        args_total,
        arg_accuracy: ratio(args_right, args_total, 1.0),
        items,
        emitted_events,
    }
}

fn check_fields(gold: &Gold, item: &GoldEvent, res: &ResolvedItem, ev: &Event) -> Vec<FieldCheck> {
    let mut out = Vec::new();
    let set = |k: &str| gold.entities.get(k);
    let any_in = |es: &[Entity], keys: &[&String]| {
        keys.iter()
            .filter_map(|k| set(k))
            .any(|s| es.iter().any(|e| entity_matches(s, e)))
    };
    let mut push = |field: &str, ok: bool, expected: String, got: String| {
        out.push(FieldCheck {
            field: field.into(),
            ok,
            expected,
            got,
        })
    };
    if let Some(k) = &item.actor {
        push(
            "actor",
            any_in(&ev.actor, &[k]),
            k.clone(),
            crate::describe_entities(&ev.actor),
        );
    }
    if let Some(ks) = &item.actor_any {
        let keys: Vec<&String> = ks.iter().collect();
        push(
            "actor_any",
            any_in(&ev.actor, &keys),
            format!("any of {}", ks.join(", ")),
            crate::describe_entities(&ev.actor),
        );
    }
    if let Some(k) = &item.recipient {
        push(
            "recipient",
            any_in(&ev.recipient, &[k]),
            k.clone(),
            crate::describe_entities(&ev.recipient),
        );
    }
    if let Some(ks) = &item.recipient_any {
        let keys: Vec<&String> = ks.iter().collect();
        // A reciprocal event ("both sides blamed each other") may list both sides as actors.
        let sides_as_actors = keys
            .iter()
            .filter(|k| set(k).is_some_and(|s| ev.actor.iter().any(|e| entity_matches(s, e))))
            .count();
        let ok = any_in(&ev.recipient, &keys) || (ev.recipient.is_empty() && sides_as_actors >= 2);
        push(
            "recipient_any",
            ok,
            format!("any of {}", ks.join(", ")),
            crate::describe_entities(&ev.recipient),
        );
    }
    if let Some(k) = &item.location {
        let ok = match (gold.places.get(k), &ev.location) {
            (Some(p), Some(l)) => place_matches(p, l),
            _ => false,
        };
        let got = ev
            .location
            .as_ref()
            .map_or("(none)".to_string(), crate::describe_location);
        push("location", ok, k.clone(), got);
    }
    if let Some(k) = &item.source {
        let ok = match (set(k), &ev.source) {
            (Some(s), Some(e)) => entity_matches(s, e),
            _ => false,
        };
        push(
            "source",
            ok,
            k.clone(),
            crate::describe_entities(ev.source.as_slice()),
        );
    }
    if let Some(ms) = &item.modes {
        let ok = ev
            .mode
            .as_deref()
            .is_some_and(|m| ms.iter().any(|x| x.trim().eq_ignore_ascii_case(m.trim())));
        push(
            "modes",
            ok,
            ms.join(" | "),
            ev.mode.clone().unwrap_or_else(|| "(none)".into()),
        );
    }
    if let Some(d) = &item.date {
        let got = ev.date.as_ref().and_then(|d| d.value.clone());
        let ok = got.as_deref().is_some_and(|g| {
            d.value.as_deref() == Some(g) || d.value_in.iter().flatten().any(|v| v == g)
        });
        let expected = match (&d.value, &d.value_in) {
            (Some(v), _) => v.clone(),
            (None, Some(vs)) => format!("one of {}", vs.join(", ")),
            (None, None) => String::new(),
        };
        push("date", ok, expected, got.unwrap_or_else(|| "(none)".into()));
    }
    if item.quantities.is_some() {
        let missing: Vec<String> = res
            .quantities
            .iter()
            .filter(|(kinds, value)| {
                !ev.quantities
                    .iter()
                    .any(|q| kinds.contains(&q.kind) && q.value == *value)
            })
            .map(|(kinds, value)| {
                format!(
                    "{}={value}",
                    kinds
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join("/")
                )
            })
            .collect();
        let expected = res
            .quantities
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={v}",
                    k.iter().map(|k| k.as_str()).collect::<Vec<_>>().join("/")
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let got = ev
            .quantities
            .iter()
            .map(|q| format!("{}={}", q.kind.as_str(), q.value))
            .collect::<Vec<_>>()
            .join(", ");
        push(
            "quantities",
            missing.is_empty(),
            expected,
            if missing.is_empty() {
                got
            } else {
                format!("{got} (missing {})", missing.join(", "))
            },
        );
    }
    if let Some(ts) = &item.acled_sub_event_types {
        let got = ev.acled.map(|a| a.sub_event_type.as_str());
        let ok = got.is_some_and(|g| ts.iter().any(|t| t.trim().eq_ignore_ascii_case(g.trim())));
        push(
            "acled_sub_event_types",
            ok,
            ts.join(" | "),
            got.unwrap_or("(none)").to_string(),
        );
    }
    out
}

/// Maximum-weight assignment of rows to distinct columns (Hungarian algorithm, O(n²m)).
/// Returns for each row the assigned column, or `None` (rows beyond the columns, or weight 0).
fn max_weight_assignment(w: &[Vec<i64>]) -> Vec<Option<usize>> {
    let n = w.len();
    let m_real = w.iter().map(Vec::len).max().unwrap_or(0);
    if n == 0 || m_real == 0 {
        return vec![None; n];
    }
    let m = m_real.max(n);
    // Minimise cost = -weight; padded cells cost 0.
    let cost =
        |i: usize, j: usize| -> i64 { -w.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0) };
    const INF: i64 = i64::MAX / 4;
    let mut u = vec![0i64; n + 1];
    let mut v = vec![0i64; m + 1];
    let mut p = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0usize;
        let mut minv = vec![INF; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = INF;
            let mut j1 = 0usize;
            for j in 1..=m {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut out = vec![None; n];
    for (j, &i) in p.iter().enumerate().skip(1) {
        if i != 0
            && j <= m_real
            && w.get(i - 1)
                .and_then(|r| r.get(j - 1))
                .copied()
                .unwrap_or(0)
                > 0
        {
            out[i - 1] = Some(j - 1);
        }
    }
    out
}

impl fmt::Display for GoldReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "### Gold article `{}`\n", self.doc_id)?;
        let rows = vec![
            vec!["event recall".into(), frac(self.found, self.required)],
            vec![
                "event precision".into(),
                format!(
                    "{} (matched {}, duplicates {}, optional {}; false positives {}, unmarked historical {}; historical ignored {}, unasserted ignored {})",
                    frac(self.matched + self.duplicates + self.optional_ok, self.emitted),
                    self.matched,
                    self.duplicates,
                    self.optional_ok,
                    self.false_positives,
                    self.historical_violations,
                    self.historical_ignored,
                    self.unasserted_ignored
                ),
            ],
            vec!["event F1".into(), num(self.f1)],
            vec!["argument accuracy".into(), frac(self.args_right, self.args_total)],
        ];
        write!(f, "{}", markdown(&["metric", "value"], &rows))?;
        writeln!(f, "\n#### Required events\n")?;
        let rows: Vec<Vec<String>> = self
            .items
            .iter()
            .map(|it| {
                let wrong: Vec<String> = it
                    .fields
                    .iter()
                    .filter(|c| !c.ok)
                    .map(|c| format!("{}: want {}, got {}", c.field, c.expected, c.got))
                    .collect();
                vec![
                    it.id.clone(),
                    it.types.join("/"),
                    if it.found {
                        "yes".into()
                    } else {
                        "**no**".into()
                    },
                    format!(
                        "{}/{}",
                        it.fields.iter().filter(|c| c.ok).count(),
                        it.fields.len()
                    ),
                    match (&it.event, it.found) {
                        (Some(e), _) => format!("#{} {e}", it.event_index.unwrap_or(0)),
                        (None, false) if !it.near_misses.is_empty() => {
                            format!("near: {}", it.near_misses.join("; "))
                        }
                        _ => String::new(),
                    },
                    wrong.join("; "),
                ]
            })
            .collect();
        write!(
            f,
            "{}",
            markdown(
                &["item", "types", "found", "fields", "event", "wrong fields"],
                &rows
            )
        )?;
        writeln!(f, "\n#### Emitted events\n")?;
        let rows: Vec<Vec<String>> = self
            .emitted_events
            .iter()
            .map(|e| vec![e.index.to_string(), e.verdict.label(), e.event.clone()])
            .collect();
        write!(f, "{}", markdown(&["#", "verdict", "event"], &rows))
    }
}

/// Micro-averaged totals over several documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldSummary {
    pub docs: Vec<GoldReport>,
    pub required: usize,
    pub found: usize,
    pub emitted: usize,
    pub accepted: usize,
    pub args_right: usize,
    pub args_total: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub arg_accuracy: f64,
}

impl GoldSummary {
    pub fn new(docs: Vec<GoldReport>) -> GoldSummary {
        let sum = |g: fn(&GoldReport) -> usize| docs.iter().map(g).sum::<usize>();
        let required = sum(|d| d.required);
        let found = sum(|d| d.found);
        let emitted = sum(|d| d.emitted);
        let accepted = sum(|d| d.matched + d.duplicates + d.optional_ok);
        let args_right = sum(|d| d.args_right);
        let args_total = sum(|d| d.args_total);
        let precision = ratio(accepted, emitted, 1.0);
        let recall = ratio(found, required, 1.0);
        GoldSummary {
            required,
            found,
            emitted,
            accepted,
            args_right,
            args_total,
            precision,
            recall,
            f1: f1(precision, recall),
            arg_accuracy: ratio(args_right, args_total, 1.0),
            docs,
        }
    }
}

impl fmt::Display for GoldSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rows: Vec<Vec<String>> = self
            .docs
            .iter()
            .map(|d| {
                vec![
                    d.doc_id.clone(),
                    frac(d.found, d.required),
                    frac(d.matched + d.duplicates + d.optional_ok, d.emitted),
                    num(d.f1),
                    frac(d.args_right, d.args_total),
                ]
            })
            .collect();
        rows.push(vec![
            "**all (micro)**".into(),
            frac(self.found, self.required),
            frac(self.accepted, self.emitted),
            num(self.f1),
            frac(self.args_right, self.args_total),
        ]);
        write!(
            f,
            "{}",
            markdown(
                &["document", "recall", "precision", "F1", "arguments"],
                &rows
            )
        )
    }
}

/// One site of a situation picture, as [`score_sites`] needs it (the caller builds it from
/// whatever holds the picture).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SiteSummary {
    pub name: String,
    /// prison, camp, base, ..., town.
    pub kind: String,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub escaped: Option<u64>,
    #[serde(default)]
    pub recaptured: Option<u64>,
    #[serde(default)]
    pub at_large: Option<u64>,
    #[serde(default)]
    pub population: Option<u64>,
    /// Names of who held the site before the first change.
    #[serde(default)]
    pub controller_before: Vec<String>,
    /// Names of who holds it now.
    #[serde(default)]
    pub controller_after: Vec<String>,
}

/// The outcome for one gold site.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteResult {
    pub id: String,
    pub found: bool,
    /// Name of the picture site that was compared.
    pub site: Option<String>,
    pub fields: Vec<FieldCheck>,
}

/// How well a situation picture matches the gold `sites`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SitesReport {
    pub doc_id: String,
    pub total: usize,
    pub found: usize,
    pub fields_right: usize,
    pub fields_total: usize,
    pub sites: Vec<SiteResult>,
}

fn site_fields(doc: &GoldDoc, g: &GoldSite, s: &SiteSummary) -> Vec<FieldCheck> {
    let mut out = Vec::new();
    let show = |v: Option<u64>| v.map_or("(none)".to_string(), |v| v.to_string());
    if let Some(k) = &g.kind {
        out.push(FieldCheck {
            field: "kind".into(),
            ok: k.trim().eq_ignore_ascii_case(s.kind.trim()),
            expected: k.clone(),
            got: s.kind.clone(),
        });
    }
    for (field, want, got) in [
        ("escaped", g.escaped, s.escaped),
        ("recaptured", g.recaptured, s.recaptured),
        ("at_large", g.at_large, s.at_large),
    ] {
        if let Some(w) = want {
            out.push(FieldCheck {
                field: field.into(),
                ok: got == Some(w),
                expected: w.to_string(),
                got: show(got),
            });
        }
    }
    if let Some(r) = &g.population {
        let ok = s
            .population
            .is_some_and(|v| r.min.map_or(true, |m| v >= m) && r.max.map_or(true, |m| v <= m));
        out.push(FieldCheck {
            field: "population".into(),
            ok,
            expected: format!("{}..{}", show(r.min), show(r.max)),
            got: show(s.population),
        });
    }
    for (field, want, names) in [
        (
            "controller_before",
            &g.controller_before,
            &s.controller_before,
        ),
        ("controller_after", &g.controller_after, &s.controller_after),
    ] {
        if let Some(key) = want {
            let ok = doc.gold.entities.get(key).is_some_and(|set| {
                names.iter().any(|n| {
                    let e = Entity {
                        text: n.clone(),
                        name: n.clone(),
                        ..Default::default()
                    };
                    entity_matches(set, &e)
                })
            });
            out.push(FieldCheck {
                field: field.into(),
                ok,
                expected: key.clone(),
                got: if names.is_empty() {
                    "(none)".into()
                } else {
                    names.join(", ")
                },
            });
        }
    }
    out
}

/// Compares a situation picture with the gold `sites`. A gold site's `id` names a place set;
/// the picture site compared with it is one whose name contains an alias of that place or whose
/// point lies within its radius, preferring the right kind and then the most fields right.
pub fn score_sites(doc: &GoldDoc, sites: &[SiteSummary]) -> SitesReport {
    let mut results = Vec::new();
    for g in &doc.gold.sites {
        let place = doc.gold.places.get(&g.id);
        let best = sites
            .iter()
            .filter(|s| {
                place.is_some_and(|p| {
                    let loc = Location {
                        text: s.name.clone(),
                        name: s.name.clone(),
                        lat: s.lat,
                        lon: s.lon,
                        ..Default::default()
                    };
                    place_matches(p, &loc)
                })
            })
            .map(|s| (s, site_fields(doc, g, s)))
            .max_by_key(|(s, f)| {
                let kind_ok = g
                    .kind
                    .as_ref()
                    .is_some_and(|k| k.eq_ignore_ascii_case(&s.kind));
                (kind_ok, f.iter().filter(|c| c.ok).count())
            });
        results.push(match best {
            Some((s, fields)) => SiteResult {
                id: g.id.clone(),
                found: true,
                site: Some(s.name.clone()),
                fields,
            },
            None => SiteResult {
                id: g.id.clone(),
                found: false,
                site: None,
                fields: Vec::new(),
            },
        });
    }
    SitesReport {
        doc_id: doc.gold.document.id.clone(),
        total: results.len(),
        found: results.iter().filter(|r| r.found).count(),
        fields_right: results
            .iter()
            .flat_map(|r| &r.fields)
            .filter(|c| c.ok)
            .count(),
        fields_total: results.iter().map(|r| r.fields.len()).sum(),
        sites: results,
    }
}

impl fmt::Display for SitesReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "#### Sites of `{}`: found {}, fields {}\n",
            self.doc_id,
            frac(self.found, self.total),
            frac(self.fields_right, self.fields_total)
        )?;
        let rows: Vec<Vec<String>> = self
            .sites
            .iter()
            .map(|r| {
                vec![
                    r.id.clone(),
                    r.site.clone().unwrap_or_else(|| "**not found**".into()),
                    format!(
                        "{}/{}",
                        r.fields.iter().filter(|c| c.ok).count(),
                        r.fields.len()
                    ),
                    r.fields
                        .iter()
                        .filter(|c| !c.ok)
                        .map(|c| format!("{}: want {}, got {}", c.field, c.expected, c.got))
                        .collect::<Vec<_>>()
                        .join("; "),
                ]
            })
            .collect();
        write!(
            f,
            "{}",
            markdown(
                &["gold site", "picture site", "fields", "wrong fields"],
                &rows
            )
        )
    }
}

#[cfg(test)]
mod tests;
