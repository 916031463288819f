//! Exports: ACLED-style CSV rows and GeoJSON.

use crate::actors::display_name;
use crate::countries::country_name;
use crate::figures::fmt_count;
use crate::sites::Site;
use crate::summary::EventSummary;
use serde::Serialize;
use serde_json::{json, Value};
use sitrep_model::{AcledEventType, AcledSubEventType, DatePrecision, Entity, EventType};
use std::io::Write;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing the output failed (disk full, closed pipe, ...).
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed internally.
    #[error("CSV export failed: {0}")]
    Csv(#[from] csv::Error),
}

/// ACLED's column names, in ACLED's order.
pub const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// One ACLED-style row. Fields sitrep does not know (`iso` numeric code, `region`,
/// `admin2`, `admin3`, `source_scale`, `timestamp`) are left empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AcledRow {
    pub event_id_cnty: String,
    pub event_date: String,
    pub year: String,
    pub time_precision: u8,
    pub disorder_type: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: String,
    pub assoc_actor_1: String,
    pub inter1: String,
    pub actor2: String,
    pub assoc_actor_2: String,
    pub inter2: String,
    pub interaction: String,
    pub civilian_targeting: String,
    pub iso: String,
    pub region: String,
    pub country: String,
    pub admin1: String,
    pub admin2: String,
    pub admin3: String,
    pub location: String,
    pub latitude: String,
    pub longitude: String,
    pub geo_precision: String,
    pub source: String,
    pub source_scale: String,
    pub notes: String,
    pub fatalities: u64,
    pub tags: String,
    pub timestamp: String,
}

const STATE: [&str; 6] = ["GOV", "MIL", "COP", "SPY", "JUD", "LEG"];
const CIVILIAN: [&str; 11] = [
    "CVL", "REF", "JRN", "EDU", "MED", "REL", "LAB", "AGR", "BUS", "SOC", "NGO",
];

/// ACLED's actor category (`inter1`/`inter2`) from sector and country codes.
pub fn inter_of(
    e: &Entity,
    event_country: Option<&str>,
    event_type: AcledEventType,
) -> &'static str {
    let has = |set: &[&str]| e.sector.iter().any(|s| set.contains(&s.as_str()));
    let country = e.country.as_deref().unwrap_or("");
    if matches!(country, "IGO" | "UNO" | "EUR") {
        return "External/Other forces";
    }
    if has(&STATE) {
        return match event_country {
            Some(c) if !country.is_empty() && !country.eq_ignore_ascii_case(c) => {
                "External/Other forces"
            }
            _ => "State forces",
        };
    }
    if event_type == AcledEventType::Protests {
        return "Protesters";
    }
    if event_type == AcledEventType::Riots {
        return "Rioters";
    }
    if has(&["REB"]) || country == "IMG" {
        return "Rebel group";
    }
    if has(&["PRM", "UAF"]) {
        return "Political militia";
    }
    if has(&["OPP", "PTY"]) {
        return "Political militia";
    }
    if has(&CIVILIAN) {
        return "Civilians";
    }
    ""
}

fn disorder_type(sub: AcledSubEventType) -> &'static str {
    use AcledEventType as T;
    match sub.event_type() {
        T::Battles | T::ExplosionsRemoteViolence | T::ViolenceAgainstCivilians => {
            "Political violence"
        }
        T::Protests => "Demonstrations",
        T::Riots if sub == AcledSubEventType::MobViolence => "Political violence",
        T::Riots => "Demonstrations",
        T::StrategicDevelopments => "Strategic developments",
    }
}

fn names(es: &[Entity]) -> Vec<String> {
    es.iter()
        .map(|e| display_name(e).to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

/// Why an event has no row in the ACLED CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Excluded {
    /// A verbal event (statement, accusation, demand, ...): ACLED codes none.
    NoAcledType,
    /// A mention of an earlier happening, not a report of it.
    Historical,
    /// Reported as not having happened.
    Negated,
    /// Conditional or hypothetical.
    Hypothetical,
    /// Announced or planned, not (yet) happened.
    Future,
    /// Neither the text nor the publication date of any report dates it.
    Undated,
}

impl Excluded {
    /// Plural description for a summary line ("3 verbal events (no ACLED type)").
    pub fn describe(self) -> &'static str {
        match self {
            Excluded::NoAcledType => "verbal events (no ACLED type)",
            Excluded::Historical => "historical mentions",
            Excluded::Negated => "negated events",
            Excluded::Hypothetical => "hypothetical events",
            Excluded::Future => "future or planned events",
            Excluded::Undated => "undated events (no date in the text, no publication date)",
        }
    }
}

/// Choices of the ACLED export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AcledOptions {
    /// Give undated events a row with empty `event_date` and `year` (ACLED requires a date,
    /// so by default they are left out and counted).
    pub include_undated: bool,
}

/// What an ACLED export wrote and what it left out, by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AcledExport {
    pub rows: usize,
    pub excluded: std::collections::BTreeMap<Excluded, usize>,
}

impl AcledExport {
    /// Events left out, all reasons together.
    pub fn left_out(&self) -> usize {
        self.excluded.values().sum()
    }

    /// The events left out, by reason: "3 verbal events (no ACLED type), 1 historical
    /// mentions"; empty when none was.
    pub fn left_out_text(&self) -> String {
        self.excluded
            .iter()
            .map(|(why, n)| format!("{n} {}", why.describe()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The ACLED row of an event, or why ACLED does not code it (verbal events,
/// historical/negated/hypothetical/future mentions, no date unless `opts` includes them).
pub fn acled_row(s: &EventSummary, opts: AcledOptions) -> Result<AcledRow, Excluded> {
    let acled = s.acled.as_ref().ok_or(Excluded::NoAcledType)?;
    for (on, why) in [
        (s.historical, Excluded::Historical),
        (s.negated, Excluded::Negated),
        (s.hypothetical, Excluded::Hypothetical),
        (s.future, Excluded::Future),
    ] {
        if on {
            return Err(why);
        }
    }
    let date = match s.effective_date() {
        Some(d) => Some(d),
        None if opts.include_undated => None,
        None => return Err(Excluded::Undated),
    };
    let country_code = s.country();
    let loc = s.location.as_ref();
    // Sides: actors vs recipients; two-sided clashes list every side as actor.
    let (side1, side2): (Vec<&Entity>, Vec<&Entity>) =
        if s.recipients.is_empty() && s.actors.len() > 1 {
            let first = s.actors.iter().take(1).collect();
            let rest = s.actors.iter().skip(1).collect();
            (first, rest)
        } else {
            (s.actors.iter().collect(), s.recipients.iter().collect())
        };
    let side_names = |v: &[&Entity]| -> Vec<String> {
        v.iter()
            .map(|e| display_name(e).to_string())
            .filter(|n| !n.is_empty())
            .collect()
    };
    let (n1, n2) = (side_names(&side1), side_names(&side2));
    let inter = |v: &[&Entity]| {
        v.first()
            .map(|e| inter_of(e, country_code.as_deref(), acled.event_type).to_string())
            .unwrap_or_default()
    };
    let (i1, i2) = (inter(&side1), inter(&side2));
    let interaction = match (i1.is_empty(), i2.is_empty()) {
        (false, false) => format!("{i1}-{i2}"),
        (false, true) => format!("{i1} only"),
        _ => String::new(),
    };
    let civilian_targeting =
        if acled.event_type == AcledEventType::ViolenceAgainstCivilians || i2 == "Civilians" {
            "Civilian targeting".to_string()
        } else {
            String::new()
        };
    let time_precision = match s.date {
        Some(d) => d.precision.acled(),
        None => DatePrecision::Month.acled(),
    };
    let mut notes = s.evidence.trim().to_string();
    for f in s.figures.iter().filter(|f| f.disputed) {
        notes.push_str(&format!(
            " [Disputed {}: sources give {} to {}; coded {}.]",
            f.kind.as_str(),
            fmt_count(f.low),
            fmt_count(f.high),
            fmt_count(f.best)
        ));
    }
    if s.framing_disputed {
        notes.push_str(" [Accounts of this event differ between sources.]");
    }
    if date.is_none() {
        notes.push_str(
            " [Undated: neither the reports' text nor their publication dates give a date.]",
        );
    }
    let mut tags = vec![
        format!("sitrep_event={}", s.id),
        format!("claims={}", s.claim_count),
    ];
    if s.disputed {
        tags.push("disputed".into());
    }
    let id_part: String = s.id.chars().take(10).collect::<String>().to_uppercase();
    Ok(AcledRow {
        event_id_cnty: format!(
            "{}{}",
            country_code.clone().unwrap_or_else(|| "XXX".into()),
            id_part
        ),
        event_date: date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        year: date.map(|d| d.format("%Y").to_string()).unwrap_or_default(),
        time_precision,
        disorder_type: disorder_type(acled.sub_event_type).to_string(),
        event_type: acled.event_type.as_str().to_string(),
        sub_event_type: acled.sub_event_type.as_str().to_string(),
        actor1: n1.first().cloned().unwrap_or_default(),
        assoc_actor_1: n1.iter().skip(1).cloned().collect::<Vec<_>>().join("; "),
        inter1: i1,
        actor2: n2.first().cloned().unwrap_or_default(),
        assoc_actor_2: n2.iter().skip(1).cloned().collect::<Vec<_>>().join("; "),
        inter2: i2,
        interaction,
        civilian_targeting,
        iso: String::new(),
        region: String::new(),
        country: country_code
            .as_deref()
            .map(|c| {
                country_name(c)
                    .map(str::to_string)
                    .unwrap_or_else(|| c.to_string())
            })
            .unwrap_or_default(),
        admin1: loc.and_then(|l| l.admin1.clone()).unwrap_or_default(),
        admin2: String::new(),
        admin3: String::new(),
        location: loc.map(|l| l.name.clone()).unwrap_or_default(),
        latitude: loc
            .and_then(|l| l.lat)
            .map(|v| format!("{v:.4}"))
            .unwrap_or_default(),
        longitude: loc
            .and_then(|l| l.lon)
            .map(|v| format!("{v:.4}"))
            .unwrap_or_default(),
        geo_precision: loc
            .map(|l| l.precision.clamp(1, 3).to_string())
            .unwrap_or_default(),
        source: s.sources.join("; "),
        source_scale: String::new(),
        notes,
        fatalities: s.fatalities(),
        tags: tags.join("; "),
        timestamp: String::new(),
    })
}

/// Writes the header and one row per ACLED-codable event; returns the number of rows and
/// the events left out, by reason (never silently: the caller reports them).
pub fn write_acled_csv<W: Write>(
    out: W,
    events: &[EventSummary],
    opts: AcledOptions,
) -> Result<AcledExport, ExportError> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out);
    w.write_record(ACLED_COLUMNS)?;
    let mut export = AcledExport::default();
    for s in events {
        match acled_row(s, opts) {
            Ok(row) => {
                w.serialize(row)?;
                export.rows += 1;
            }
            Err(why) => *export.excluded.entry(why).or_default() += 1,
        }
    }
    w.flush()?;
    Ok(export)
}

fn geometry(lat: Option<f64>, lon: Option<f64>) -> Value {
    match (lat, lon) {
        (Some(a), Some(o)) if a.is_finite() && o.is_finite() => {
            json!({"type": "Point", "coordinates": [o, a]})
        }
        _ => Value::Null,
    }
}

/// A GeoJSON Feature for one event (geometry null when the place has no coordinates).
pub fn event_feature(s: &EventSummary) -> Value {
    let loc = s.location.as_ref();
    let figures: serde_json::Map<String, Value> = s
        .figures
        .iter()
        .map(|f| {
            (
                f.kind.as_str().to_string(),
                json!({"low": f.low, "best": f.best, "high": f.high, "disputed": f.disputed}),
            )
        })
        .collect();
    json!({
        "type": "Feature",
        "id": s.id,
        "geometry": geometry(loc.and_then(|l| l.lat), loc.and_then(|l| l.lon)),
        "properties": {
            "kind": "event",
            "event_type": s.event_type.as_str(),
            "mode": s.mode,
            "acled_event_type": s.acled.map(|a| a.event_type),
            "acled_sub_event_type": s.acled.map(|a| a.sub_event_type),
            "date": s.date.map(|d| d.start.to_string()),
            "date_end": s.date.map(|d| d.end.to_string()),
            "reported": s.reported.map(|d| d.to_string()),
            "place": loc.map(|l| l.name.clone()),
            "facility": loc.and_then(|l| l.facility.as_ref()).map(|f| f.name.clone()),
            "country": s.country(),
            "admin1": loc.and_then(|l| l.admin1.clone()),
            "geo_precision": loc.map(|l| l.precision),
            "actors": names(&s.actors),
            "recipients": names(&s.recipients),
            "figures": figures,
            "fatalities": s.fatalities(),
            "disputed": s.disputed,
            "claims": s.claim_count,
            "sources": s.sources,
        }
    })
}

/// A GeoJSON Feature for one site.
pub fn site_feature(s: &Site) -> Value {
    json!({
        "type": "Feature",
        "id": s.id,
        "geometry": geometry(s.lat, s.lon),
        "properties": {
            "kind": "site",
            "name": s.name,
            "site_kind": s.kind,
            "country": s.country,
            "admin1": s.admin1,
            "controller": s.controller,
            "controller_before": s.controller_before,
            "escaped": s.detention.escaped.as_ref().map(|c| c.value),
            "recaptured": s.detention.recaptured.as_ref().map(|c| c.value),
            "at_large": s.detention.at_large.as_ref().map(|c| c.value),
            "released": s.detention.released.as_ref().map(|c| c.value),
            "population": s.population.as_ref().map(|c| c.value),
            "population_approximate": s.population.as_ref().map(|c| c.approximate),
            "last_change": s.last_change.map(|d| d.to_string()),
            "events": s.events,
        }
    })
}

/// A FeatureCollection of events and sites.
pub fn geojson(events: &[EventSummary], sites: &[Site]) -> Value {
    let features: Vec<Value> = events
        .iter()
        .map(event_feature)
        .chain(sites.iter().map(site_feature))
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

/// Whether an event type is one ACLED codes at all (material events).
pub fn acled_codable(t: EventType) -> bool {
    matches!(
        t.quad(),
        sitrep_model::Quad::MaterialConflict | sitrep_model::Quad::MaterialCooperation
    ) || t == EventType::Agree
}
