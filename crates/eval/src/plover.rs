//! The PLOVER gold standard records (`PLOVER_GSR_CAMEO.json`, CC BY-SA 4.0, openeventdata/PLOVER):
//! one sentence each, coded with a PLOVER type, source and target actors.
//!
//! Older draft type names are read with [`EventType::parse`] (DEMAND → REQUEST, DISAPPROVE and
//! INVESTIGATE → ACCUSE, FIGHT → ASSAULT); `DOCUMENT` records are skipped.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use sitrep_model::{Entity, Event, EventType};

use crate::table::{frac, markdown};
use crate::{read_file, EvalError, Result};

/// An actor of a gold record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoldActor {
    pub text: String,
    /// Country or organisation code as written in the record (CAMEO-style, e.g. `JAP`).
    pub code: String,
    pub sector: Option<String>,
}

/// One PLOVER gold record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PloverRecord {
    pub id: String,
    pub text: String,
    pub event_type: EventType,
    /// The type name as written in the file (`FIGHT`, `DEMAND`, ...).
    pub original_type: String,
    pub mode: Option<String>,
    pub date: Option<String>,
    pub source: Vec<GoldActor>,
    pub target: Vec<GoldActor>,
}

/// Reads `PLOVER_GSR_CAMEO.json`.
pub fn load(path: &Path) -> Result<Vec<PloverRecord>> {
    let content = read_file(path)?;
    parse(&content, &path.display().to_string())
}

/// Parses the JSON array of records. Errors name `origin` and the line of a syntax error, or the
/// record's position and id for a record that cannot be read.
pub fn parse(json: &str, origin: &str) -> Result<Vec<PloverRecord>> {
    let value: Value = serde_json::from_str(json)
        .map_err(|e| EvalError::parse(origin, e.line(), e.to_string()))?;
    let Value::Array(items) = value else {
        return Err(EvalError::parse(
            origin,
            1,
            "expected a JSON array of records",
        ));
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let id = item
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let bad = |msg: String| {
            EvalError::invalid(origin, format!("record #{} (id {id:?}): {msg}", i + 1))
        };
        let event = item
            .get("event")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("no `event` name".into()))?;
        if event.trim().eq_ignore_ascii_case("DOCUMENT") {
            continue;
        }
        let event_type =
            EventType::parse(event).ok_or_else(|| bad(format!("unknown event type {event:?}")))?;
        let text = item
            .get("text")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("no `text`".into()))?
            .trim()
            .to_string();
        let actors = |key: &str| -> Vec<GoldActor> {
            match item.get(key) {
                Some(Value::Array(xs)) => xs
                    .iter()
                    .filter_map(|x| {
                        let code = x.get("code").and_then(Value::as_str)?.trim().to_string();
                        Some(GoldActor {
                            text: x
                                .get("actorText")
                                .and_then(Value::as_str)
                                .unwrap_or("")
                                .to_string(),
                            code,
                            sector: x
                                .get("sector")
                                .and_then(Value::as_str)
                                .map(str::trim)
                                .filter(|s| !s.is_empty() && *s != "***")
                                .map(str::to_string),
                        })
                    })
                    .collect(),
                _ => Vec::new(),
            }
        };
        let mode = item
            .get("mode")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        out.push(PloverRecord {
            id,
            text,
            event_type,
            original_type: event.to_string(),
            mode,
            date: item.get("date").and_then(Value::as_str).map(str::to_string),
            source: actors("source"),
            target: actors("target"),
        });
    }
    Ok(out)
}

/// CAMEO-era country codes in the PLOVER and PETRARCH files that differ from ISO 3166 alpha-3.
pub fn normalise_country(code: &str) -> String {
    let up = code.trim().to_ascii_uppercase();
    match up.as_str() {
        "JAP" => "JPN",
        "ITL" => "ITA",
        "VTN" => "VNM",
        "UKG" => "GBR",
        "GMY" => "DEU",
        "ROM" => "ROU",
        "SPN" => "ESP",
        "KSV" => "KOS",
        _ => up.as_str(),
    }
    .to_string()
}

/// Whether some emitted entity's country is one of the gold codes.
pub(crate) fn country_agrees(gold_codes: &[String], emitted: &[&Entity]) -> bool {
    emitted.iter().any(|e| {
        e.country
            .as_deref()
            .is_some_and(|c| gold_codes.iter().any(|g| *g == normalise_country(c)))
    })
}

/// Live events (not historical, not negated), highest confidence first (ties: earliest evidence).
pub(crate) fn ranked(events: &[Event]) -> Vec<&Event> {
    let mut v: Vec<&Event> = events
        .iter()
        .filter(|e| !e.historical && !e.negated)
        .collect();
    v.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(a.evidence.start.cmp(&b.evidence.start))
    });
    v
}

/// Per-type counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TypeRow {
    pub n: usize,
    /// Some live event of the gold type was emitted.
    pub any: usize,
    /// The highest-confidence live event has the gold type.
    pub top: usize,
    /// Sentences where no live (non-historical, non-negated) event was emitted.
    pub silent: usize,
}

/// Actor agreement counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Agreement {
    /// Sentences whose gold codes a country and where the coder emitted an event to compare.
    pub compared: usize,
    pub agree: usize,
}

/// Accuracy of the coder on the PLOVER records.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PloverReport {
    pub by_type: BTreeMap<EventType, TypeRow>,
    pub total: TypeRow,
    pub actor_country: Agreement,
    pub recipient_country: Agreement,
    /// Record ids whose gold type was not emitted.
    pub misses: Vec<String>,
}

impl PloverReport {
    pub fn new() -> PloverReport {
        PloverReport::default()
    }

    /// Adds one record with the events coded from its text.
    ///
    /// Actor agreement is judged on the events of the gold type (or, when there is none, on the
    /// top event): some gold source code equals some actor's country; likewise target/recipient.
    pub fn add(&mut self, record: &PloverRecord, events: &[Event]) {
        let j = Judgement::new(events, record.event_type);
        self.by_type.entry(record.event_type).or_default().count(&j);
        self.total.count(&j);
        if !j.any {
            self.misses.push(record.id.clone());
        }
        let codes = |xs: &[GoldActor]| -> Vec<String> {
            xs.iter()
                .map(|a| normalise_country(&a.code))
                .filter(|c| !c.is_empty() && c != "---" && c != "***")
                .collect()
        };
        self.actor_country
            .record(&codes(&record.source), &j.judged, false);
        self.recipient_country
            .record(&codes(&record.target), &j.judged, true);
    }
}

/// How the coder's events for one sentence compare with one gold type.
pub(crate) struct Judgement<'a> {
    /// Some live event has the type.
    pub any: bool,
    /// The highest-confidence live event has the type.
    pub top: bool,
    /// No live event at all.
    pub silent: bool,
    /// The events whose arguments are compared: those of the type, else the top event.
    pub judged: Vec<&'a Event>,
}

impl<'a> Judgement<'a> {
    pub fn new(events: &'a [Event], t: EventType) -> Judgement<'a> {
        let live = ranked(events);
        let any = live.iter().any(|e| e.event_type == t);
        let top = live.first().is_some_and(|e| e.event_type == t);
        let judged = if any {
            live.iter().copied().filter(|e| e.event_type == t).collect()
        } else {
            live.first().copied().into_iter().collect()
        };
        Judgement {
            any,
            top,
            silent: live.is_empty(),
            judged,
        }
    }
}

impl TypeRow {
    pub(crate) fn count(&mut self, j: &Judgement) {
        self.n += 1;
        self.any += usize::from(j.any);
        self.top += usize::from(j.top);
        self.silent += usize::from(j.silent);
    }
}

impl Agreement {
    /// Counts one comparison of gold country codes with the actors (or recipients) of the
    /// judged events; nothing is counted when either side is empty.
    pub(crate) fn record(&mut self, gold: &[String], judged: &[&Event], recipients: bool) {
        if gold.is_empty() || judged.is_empty() {
            return;
        }
        let emitted: Vec<&Entity> = judged
            .iter()
            .flat_map(|e| {
                if recipients {
                    e.recipient.iter()
                } else {
                    e.actor.iter()
                }
            })
            .collect();
        self.compared += 1;
        self.agree += usize::from(country_agrees(gold, &emitted));
    }
}

impl fmt::Display for PloverReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "### PLOVER gold standard records ({} sentences)\n",
            self.total.n
        )?;
        write!(f, "{}", type_table(&self.by_type, &self.total))?;
        writeln!(f)?;
        let rows = vec![
            vec![
                "actor country".to_string(),
                frac(self.actor_country.agree, self.actor_country.compared),
            ],
            vec![
                "recipient country".to_string(),
                frac(
                    self.recipient_country.agree,
                    self.recipient_country.compared,
                ),
            ],
        ];
        write!(
            f,
            "{}",
            markdown(
                &[
                    "agreement (on events of the gold type, else the top event)",
                    "share"
                ],
                &rows
            )
        )
    }
}

/// The per-type table shared with the PETRARCH report.
pub(crate) fn type_table(by_type: &BTreeMap<EventType, TypeRow>, total: &TypeRow) -> String {
    let mut rows: Vec<Vec<String>> = by_type
        .iter()
        .map(|(t, r)| {
            vec![
                t.to_string(),
                r.n.to_string(),
                frac(r.any, r.n),
                frac(r.top, r.n),
                r.silent.to_string(),
            ]
        })
        .collect();
    rows.push(vec![
        "**all**".into(),
        total.n.to_string(),
        frac(total.any, total.n),
        frac(total.top, total.n),
        total.silent.to_string(),
    ]);
    markdown(
        &[
            "gold type",
            "n",
            "type emitted",
            "top event has type",
            "nothing emitted",
        ],
        &rows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = r#"[
      {"id": "DOC", "event": "DOCUMENT", "eventText": "x"},
      {"id": "F1", "event": "FIGHT", "text": "Japanese troops fought rebels.", "date": "2000-01-01",
       "source": [{"actorText": "Japanese", "code": "JAP", "sector": "MIL"}],
       "target": [{"actorText": "rebels", "code": "IDN", "sector": "REB"}], "mode": ""},
      {"id": "D1", "event": "DEMAND", "text": "Iraq demanded talks.",
       "source": [{"actorText": "Iraq", "code": "IRQ"}], "target": ""}
    ]"#;

    fn ev(t: EventType, conf: f32, actor: Option<&str>, recipient: Option<&str>) -> Event {
        let ent = |c: &str| crate::testing::entity("x", Some(c), &[]);
        let mut e = crate::testing::event(t, "", 0, 1);
        e.confidence = conf;
        e.actor = actor.map(ent).into_iter().collect();
        e.recipient = recipient.map(ent).into_iter().collect();
        e
    }

    #[test]
    fn parses_and_maps_old_names() {
        let r = parse(JSON, "p.json").expect("parses");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].event_type, EventType::Assault);
        assert_eq!(r[0].original_type, "FIGHT");
        assert_eq!(r[0].mode, None);
        assert_eq!(r[0].source[0].code, "JAP");
        assert_eq!(r[1].event_type, EventType::Request);
        assert!(r[1].target.is_empty());
    }

    #[test]
    fn scores_one_and_zero() {
        let recs = parse(JSON, "p.json").expect("parses");
        let mut good = PloverReport::new();
        good.add(
            &recs[0],
            &[ev(EventType::Assault, 0.9, Some("JPN"), Some("IDN"))],
        );
        good.add(&recs[1], &[ev(EventType::Request, 0.9, Some("IRQ"), None)]);
        assert_eq!((good.total.any, good.total.top, good.total.n), (2, 2, 2));
        assert_eq!(
            (good.actor_country.agree, good.actor_country.compared),
            (2, 2)
        );
        assert_eq!(
            (
                good.recipient_country.agree,
                good.recipient_country.compared
            ),
            (1, 1)
        );
        assert!(good.misses.is_empty());

        let mut bad = PloverReport::new();
        bad.add(&recs[0], &[]);
        bad.add(&recs[1], &[ev(EventType::Accuse, 0.9, Some("USA"), None)]);
        assert_eq!((bad.total.any, bad.total.top, bad.total.silent), (0, 0, 1));
        assert_eq!(
            (bad.actor_country.agree, bad.actor_country.compared),
            (0, 1)
        );
        assert_eq!(bad.misses, ["F1", "D1"]);
        let shown = bad.to_string();
        assert!(shown.contains("| ASSAULT | 1 | 0/1 (0.000) |"), "{shown}");
    }

    #[test]
    fn any_versus_top() {
        let recs = parse(JSON, "p.json").expect("parses");
        let mut r = PloverReport::new();
        r.add(
            &recs[0],
            &[
                ev(EventType::Accuse, 0.95, None, None),
                ev(EventType::Assault, 0.5, Some("JPN"), None),
            ],
        );
        assert_eq!((r.total.any, r.total.top), (1, 0));
        assert_eq!(r.actor_country.agree, 1);
    }

    #[test]
    fn malformed_is_an_error() {
        let e = parse("[{\"id\": \"x\",", "p.json")
            .expect_err("truncated")
            .to_string();
        assert!(e.starts_with("p.json:1:"), "{e}");
        let e = parse(r#"[{"id": "x", "event": "PICNIC", "text": "t"}]"#, "p.json")
            .expect_err("type")
            .to_string();
        assert!(
            e.contains("record #1 (id \"x\")") && e.contains("PICNIC"),
            "{e}"
        );
        assert!(parse("{}", "p.json").is_err());
        assert!(parse(r#"[{"id": "x", "event": "AGREE"}]"#, "p.json").is_err());
    }
}
