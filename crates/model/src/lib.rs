//! The sitrep event record: the types every other crate shares.
//!
//! The JSON serialisation of [`Event`] is a public contract (one object per line in
//! `sitrep extract --format jsonl`); fields are only ever added, never renamed.
//!
//! Offsets: every [`Span`] is a pair of UTF-8 **byte** offsets into the *normalised*
//! document text ([`Document::text`]), `start <= end`, both on `char` boundaries.
//! Spans are checked when they are created ([`Span::new_checked`]) so that slicing
//! with them never panics.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

mod acled;
pub mod error;
pub mod geo;
mod span;
#[cfg(feature = "testing")]
pub mod testing;
pub use acled::{Acled, AcledEventType, AcledSubEventType};
pub use error::Blame;
pub use geo::haversine_km;
pub use span::{Span, SpanError};

/// The 16 PLOVER event types plus sitrep's extensions `ESCAPE` (detainees leaving custody) and
/// `DISPLACE` (people fleeing violence or coercion; see `ONTOLOGY.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
    Escape,
    Displace,
}

impl EventType {
    pub const ALL: [EventType; 18] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
        EventType::Escape,
        EventType::Displace,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Concede => "CONCEDE",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Retreat => "RETREAT",
            EventType::Request => "REQUEST",
            EventType::Accuse => "ACCUSE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Protest => "PROTEST",
            EventType::Sanction => "SANCTION",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
            EventType::Escape => "ESCAPE",
            EventType::Displace => "DISPLACE",
        }
    }

    /// Parses a type name, accepting the older PLOVER draft names found in
    /// `PLOVER_GSR_CAMEO.json` (DEMAND, DISAPPROVE, INVESTIGATE, FIGHT).
    pub fn parse(s: &str) -> Option<EventType> {
        let up = s.trim().to_ascii_uppercase();
        Some(match up.as_str() {
            "AGREE" => EventType::Agree,
            "CONSULT" => EventType::Consult,
            "SUPPORT" => EventType::Support,
            "CONCEDE" => EventType::Concede,
            "COOPERATE" => EventType::Cooperate,
            "AID" => EventType::Aid,
            "RETREAT" | "YIELD" => EventType::Retreat,
            "REQUEST" | "DEMAND" => EventType::Request,
            "ACCUSE" | "DISAPPROVE" | "INVESTIGATE" => EventType::Accuse,
            "REJECT" => EventType::Reject,
            "THREATEN" => EventType::Threaten,
            "PROTEST" => EventType::Protest,
            "SANCTION" => EventType::Sanction,
            "MOBILIZE" => EventType::Mobilize,
            "COERCE" => EventType::Coerce,
            "ASSAULT" | "FIGHT" => EventType::Assault,
            "ESCAPE" => EventType::Escape,
            "DISPLACE" => EventType::Displace,
            _ => return None,
        })
    }

    /// PLOVER quad class.
    pub fn quad(self) -> Quad {
        use EventType::*;
        match self {
            Agree | Consult | Support | Concede => Quad::VerbalCooperation,
            Cooperate | Aid | Retreat => Quad::MaterialCooperation,
            Request | Accuse | Reject | Threaten => Quad::VerbalConflict,
            Protest | Sanction | Mobilize | Coerce | Assault | Escape | Displace => {
                Quad::MaterialConflict
            }
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quad {
    VerbalCooperation,
    MaterialCooperation,
    VerbalConflict,
    MaterialConflict,
}

/// An actor, recipient or source: verbatim text plus canonical coding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Entity {
    /// Verbatim text in the document (for coreference, the antecedent's text is in `name`).
    pub text: String,
    /// Canonical name ("Syrian Democratic Forces", "Syria: Ministry of Interior").
    pub name: String,
    /// ISO 3166 alpha-3, or IGO / UNO / EUR / NGO / ISM / IMG / MNC; `None` when unknown.
    pub country: Option<String>,
    /// PLOVER sector codes (COP, GOV, MIL, REB, CVL, ...).
    #[serde(default)]
    pub sector: Vec<String>,
    /// Where the mention is in the document, when it is in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// Geographic precision, ACLED's `geo_precision`.
pub type GeoPrecision = u8;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Location {
    pub text: String,
    pub name: String,
    pub geonameid: Option<u64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// ISO alpha-3 country code.
    pub country: Option<String>,
    pub admin1: Option<String>,
    /// GeoNames feature code (PPL, PPLA, ADM1, PCLI, ...) or a facility kind
    /// (`prison`, `camp`, `airbase`, ...) when the text names a facility.
    pub feature: Option<String>,
    /// 1 = the exact place, 2 = near a place / part of a region, 3 = only a province or country.
    pub precision: GeoPrecision,
    /// A named facility ("al-Shaddadi prison") attached to its town.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facility: Option<Facility>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facility {
    /// `prison`, `camp`, `airbase`, `base`, `airport`, `hospital`, `port`, ...
    pub kind: String,
    /// Verbatim name ("al-Shaddadi prison").
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
    Unresolved,
}

impl DatePrecision {
    /// ACLED `time_precision` (1 day, 2 week, 3 month or coarser).
    pub fn acled(self) -> u8 {
        match self {
            DatePrecision::Day => 1,
            DatePrecision::Week => 2,
            _ => 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    pub text: String,
    /// YYYY-MM-DD, first day of the period; `None` when unresolved.
    pub value: Option<String>,
    /// Last day of the period when it spans more than a day.
    pub end: Option<String>,
    pub precision: DatePrecision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityKind {
    Killed,
    Injured,
    Arrested,
    Abducted,
    Escaped,
    Released,
    Rescued,
    Displaced,
    Size,
}

impl QuantityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuantityKind::Killed => "killed",
            QuantityKind::Injured => "injured",
            QuantityKind::Arrested => "arrested",
            QuantityKind::Abducted => "abducted",
            QuantityKind::Escaped => "escaped",
            QuantityKind::Released => "released",
            QuantityKind::Rescued => "rescued",
            QuantityKind::Displaced => "displaced",
            QuantityKind::Size => "size",
        }
    }
    pub fn parse(s: &str) -> Option<QuantityKind> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "killed" | "dead" | "deaths" | "fatalities" => QuantityKind::Killed,
            "injured" | "wounded" => QuantityKind::Injured,
            "arrested" | "recaptured" | "detained" => QuantityKind::Arrested,
            "abducted" | "kidnapped" => QuantityKind::Abducted,
            "escaped" => QuantityKind::Escaped,
            "released" | "transferred" => QuantityKind::Released,
            "rescued" => QuantityKind::Rescued,
            "displaced" => QuantityKind::Displaced,
            "size" => QuantityKind::Size,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub kind: QuantityKind,
    /// The conservative reading (ACLED: "dozens" = 12, "hundreds" = 100).
    pub value: u64,
    pub approximate: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u64>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Serialises an `f32` as the `f64` of its shortest decimal form (0.9, not
/// 0.8999999761581421), so that JSON made through `f64` (serde_json's `Value`, as the HTTP
/// API makes it) prints the number as the CLI does.
pub fn serialize_f32_shortest<S: serde::Serializer>(v: &f32, s: S) -> Result<S::Ok, S::Error> {
    let shortest = v.to_string().parse::<f64>().unwrap_or(f64::from(*v));
    s.serialize_f64(shortest)
}

/// One coded event: the JSON Lines record of `sitrep extract`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub doc_id: String,
    /// Content hash (see [`Event::compute_id`]); stable across runs and machines.
    pub id: String,
    pub event_type: EventType,
    pub mode: Option<String>,
    #[serde(default)]
    pub context: Vec<String>,
    #[serde(serialize_with = "serialize_f32_shortest")]
    pub confidence: f32,
    #[serde(default)]
    pub actor: Vec<Entity>,
    #[serde(default)]
    pub recipient: Vec<Entity>,
    pub location: Option<Location>,
    pub date: Option<EventDate>,
    #[serde(default)]
    pub quantities: Vec<Quantity>,
    pub source: Option<Entity>,
    pub attribution: Option<String>,
    #[serde(default)]
    pub historical: bool,
    #[serde(default)]
    pub future: bool,
    #[serde(default)]
    pub hypothetical: bool,
    #[serde(default)]
    pub negated: bool,
    pub acled: Option<Acled>,
    pub evidence: Evidence,
    /// The verbatim trigger word(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    /// How the event's clause frames it (set by the coder from its word lists), so that
    /// readers of events never re-read the evidence text for cue words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cues: Vec<Cue>,
}

/// A framing the coder reads in an event's clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cue {
    /// The clause is about leaving a place: "abandoned", "deserted", "withdrew", "pulled
    /// out", "handed over" (a withdrawal, or an accusation of abandoning a site).
    Leaving,
    /// The clause contests another account: blame, denial, contrast ("abandoned", "denied",
    /// "however", "false").
    Contrary,
    /// The clause is about a ceasefire or truce.
    Ceasefire,
}

impl Cue {
    pub fn as_str(self) -> &'static str {
        match self {
            Cue::Leaving => "leaving",
            Cue::Contrary => "contrary",
            Cue::Ceasefire => "ceasefire",
        }
    }
}

impl Event {
    /// Content hash over the fields that identify the event in its document: the
    /// document id, type, mode, evidence offsets and trigger. Stable across runs,
    /// machines and versions that code the same thing.
    pub fn compute_id(
        doc_id: &str,
        event_type: EventType,
        mode: Option<&str>,
        evidence: &Evidence,
        trigger: Option<&str>,
    ) -> String {
        let mut h = Sha256::new();
        for part in [
            doc_id,
            event_type.as_str(),
            mode.unwrap_or(""),
            &evidence.start.to_string(),
            &evidence.end.to_string(),
            trigger.unwrap_or(""),
        ] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        hex::encode(&h.finalize()[..12])
    }
}

/// A document after reading and normalisation. `text` is what every span points into.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub title: Option<String>,
    /// Publication date (YYYY-MM-DD); relative dates are resolved against it.
    #[serde(default)]
    pub published: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub url: Option<String>,
    /// The outlet (e.g. "VOA").
    #[serde(default)]
    pub source: Option<String>,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            title: None,
            published: None,
            url: None,
            source: None,
        }
    }

    /// A copy of the metadata with an empty text (to build a document from a part of this one).
    pub fn clone_without_text(&self) -> Document {
        Document {
            id: self.id.clone(),
            text: String::new(),
            title: self.title.clone(),
            published: self.published,
            url: self.url.clone(),
            source: self.source.clone(),
        }
    }

    /// Checked slice: `None` when the span is out of range or not on char boundaries.
    pub fn slice(&self, span: Span) -> Option<&str> {
        span.slice(&self.text)
    }

    /// SHA-256 of the text, hex; documents are stored once per content hash.
    pub fn content_hash(&self) -> String {
        hex::encode(Sha256::digest(self.text.as_bytes()))
    }
}

#[cfg(test)]
mod confidence_tests {
    use super::*;

    /// Regression: the API printed confidence 0.9 as 0.8999999761581421 (an f32 widened to
    /// f64 on its way through `serde_json::Value`) while the CLI printed 0.9.
    #[test]
    fn confidence_prints_the_same_directly_and_through_a_json_value() {
        #[derive(Serialize)]
        struct C {
            #[serde(serialize_with = "serialize_f32_shortest")]
            confidence: f32,
        }
        for (v, text) in [(0.9f32, "0.9"), (0.78, "0.78"), (1.0, "1.0"), (0.0, "0.0")] {
            let c = C { confidence: v };
            let direct = serde_json::to_string(&c).unwrap();
            let via_value = serde_json::to_value(&c).unwrap().to_string();
            assert_eq!(direct, format!("{{\"confidence\":{text}}}"));
            assert_eq!(via_value, direct);
        }
    }
}
