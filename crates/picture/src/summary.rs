//! The summary of a merged event: one line of `sitrep events`, the head of `sitrep event`.

use crate::actors::{display_name, same_actor, union_into};
use crate::dates::{range_of, DateRange};
use crate::figures::{summaries, FigureSummary};
use crate::merge::is_ceasefire;
use crate::{Claim, MergedEvent};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sitrep_model::{Acled, Entity, EventType, Location, Quad, QuantityKind};

/// How one claim frames the happening (who did what, per whom).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Framing {
    pub claim_id: String,
    pub doc_id: String,
    pub event_type: EventType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    pub actors: Vec<String>,
    pub recipients: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventSummary {
    pub id: String,
    pub event_type: EventType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acled: Option<Acled>,
    /// The most precise resolved date of the claims.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateRange>,
    /// Earliest publication date of the documents (the date used when `date` is unresolved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    pub actors: Vec<Entity>,
    pub recipients: Vec<Entity>,
    pub figures: Vec<FigureSummary>,
    pub framings: Vec<Framing>,
    /// Sources differ in figures or in framing.
    pub disputed: bool,
    /// Opposite framings are among the claims (withdrew vs. abandoned).
    pub framing_disputed: bool,
    pub ceasefire: bool,
    pub historical: bool,
    pub negated: bool,
    pub future: bool,
    pub hypothetical: bool,
    pub claim_count: usize,
    pub documents: Vec<String>,
    /// Named sources and outlets behind the claims.
    pub sources: Vec<String>,
    /// Evidence sentence of the primary claim.
    pub evidence: String,
    #[serde(serialize_with = "sitrep_model::serialize_f32_shortest")]
    pub confidence: f32,
}

fn quad_rank(t: EventType) -> u8 {
    match t.quad() {
        Quad::MaterialConflict | Quad::MaterialCooperation => 1,
        _ => 0,
    }
}

/// The claim that speaks for the event: a material event over a statement about it, then the
/// highest confidence, then the earliest.
pub fn primary(ev: &MergedEvent) -> Option<&Claim> {
    let mut best: Option<&Claim> = None;
    for c in &ev.claims {
        best = match best {
            None => Some(c),
            Some(b) => {
                let kb = (quad_rank(b.event.event_type), b.event.confidence);
                let kc = (quad_rank(c.event.event_type), c.event.confidence);
                if kc.0 > kb.0 || (kc.0 == kb.0 && kc.1 > kb.1) {
                    Some(c)
                } else {
                    Some(b)
                }
            }
        };
    }
    best
}

fn precision_rank(r: &DateRange) -> u8 {
    use sitrep_model::DatePrecision::*;
    match r.precision {
        Day => 0,
        Week => 1,
        Month => 2,
        Year => 3,
        Unresolved => 4,
    }
}

/// The event's place: the most precise location of its claims (the summary's `location`).
pub fn best_location(ev: &MergedEvent) -> Option<&Location> {
    ev.claims
        .iter()
        .filter_map(|c| c.event.location.as_ref())
        .min_by_key(|l| location_rank(l))
}

fn location_rank(l: &Location) -> (u8, u8, u8) {
    (
        l.precision,
        u8::from(l.facility.is_none()),
        u8::from(l.lat.is_none() || l.lon.is_none()),
    )
}

/// Whether the claims hold contrary accounts of one happening of the same type: one claim
/// is a third party's account (its source is not among its actors) that the coder cued as
/// contrary (blame, denial, contrast), and another claim comes from a different source.
fn contrary_accounts(claims: &[Claim]) -> bool {
    let source = |c: &Claim| c.event.source.clone();
    claims.iter().any(|x| {
        let Some(sx) = source(x) else { return false };
        let third_party = !x.event.actor.iter().any(|a| same_actor(a, &sx));
        third_party
            && x.event.cues.contains(&sitrep_model::Cue::Contrary)
            && claims.iter().any(|y| match source(y) {
                Some(sy) => !same_actor(&sx, &sy),
                None => true,
            } && y.id != x.id)
    })
}

impl EventSummary {
    pub fn of(ev: &MergedEvent) -> EventSummary {
        let claims = &ev.claims;
        let prim = primary(ev);
        let (event_type, mode, acled, evidence, confidence) = match prim {
            Some(p) => (
                p.event.event_type,
                p.event.mode.clone(),
                p.event.acled,
                p.event.evidence.text.clone(),
                p.event.confidence,
            ),
            None => (EventType::Assault, None, None, String::new(), 0.0),
        };
        // Date: the primary's if resolved, else the most precise resolved one.
        let mut dates: Vec<DateRange> = Vec::new();
        if let Some(r) = prim.and_then(|p| p.event.date.as_ref()).and_then(range_of) {
            dates.push(r);
        }
        let mut others: Vec<DateRange> = claims
            .iter()
            .filter_map(|c| c.event.date.as_ref().and_then(range_of))
            .collect();
        others.sort_by_key(|r| (precision_rank(r), r.start));
        dates.extend(others);
        let date = dates.first().copied();
        let reported = claims.iter().filter_map(|c| c.doc.published).min();
        let location = best_location(ev).cloned();
        let mut actors = Vec::new();
        let mut recipients = Vec::new();
        for c in claims.iter().filter(|c| c.event.event_type == event_type) {
            union_into(&mut actors, &c.event.actor);
            union_into(&mut recipients, &c.event.recipient);
        }
        let figures = summaries(claims);
        let mut framings: Vec<Framing> = Vec::new();
        for c in claims {
            let f = Framing {
                claim_id: c.id.clone(),
                doc_id: c.doc.id.clone(),
                event_type: c.event.event_type,
                mode: c.event.mode.clone(),
                actors: c
                    .event
                    .actor
                    .iter()
                    .map(|e| display_name(e).to_string())
                    .collect(),
                recipients: c
                    .event
                    .recipient
                    .iter()
                    .map(|e| display_name(e).to_string())
                    .collect(),
                source: c.attributed_source().map(|s| s.to_string()),
                outlet: c.doc.source.clone(),
                evidence: c.event.evidence.text.clone(),
            };
            if !framings.iter().any(|g| {
                g.event_type == f.event_type
                    && g.mode == f.mode
                    && g.doc_id == f.doc_id
                    && g.source == f.source
            }) {
                framings.push(f);
            }
        }
        let has_material = claims.iter().any(|c| quad_rank(c.event.event_type) == 1);
        let has_contrary = claims
            .iter()
            .any(|c| matches!(c.event.event_type, EventType::Accuse | EventType::Reject));
        let framing_disputed = (has_material && has_contrary) || contrary_accounts(claims);
        let disputed = framing_disputed || figures.iter().any(|f| f.disputed);
        let mut documents: Vec<String> = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        for c in claims {
            if !documents.contains(&c.doc.id) {
                documents.push(c.doc.id.clone());
            }
            for s in [
                c.attributed_source().map(|s| s.to_string()),
                c.doc.source.clone(),
            ]
            .into_iter()
            .flatten()
            {
                if !sources.contains(&s) {
                    sources.push(s);
                }
            }
        }
        let flag = |f: fn(&sitrep_model::Event) -> bool| prim.map(|p| f(&p.event)).unwrap_or(false);
        EventSummary {
            id: ev.id.clone(),
            event_type,
            mode,
            acled,
            date,
            reported,
            location,
            actors,
            recipients,
            figures,
            framings,
            disputed,
            framing_disputed,
            ceasefire: claims.iter().any(|c| {
                matches!(c.event.event_type, EventType::Agree | EventType::Retreat)
                    && is_ceasefire(&c.event)
            }),
            historical: flag(|e| e.historical),
            negated: flag(|e| e.negated),
            future: flag(|e| e.future),
            hypothetical: flag(|e| e.hypothetical),
            claim_count: claims.len(),
            documents,
            sources,
            evidence,
            confidence,
        }
    }

    /// The date used to order and filter: the event date, else the earliest report.
    pub fn effective_date(&self) -> Option<NaiveDate> {
        self.date.map(|d| d.start).or(self.reported)
    }

    pub fn figure(&self, kind: QuantityKind) -> Option<&FigureSummary> {
        self.figures.iter().find(|f| f.kind == kind)
    }

    /// Best fatality figure (ACLED `fatalities`), 0 when none.
    pub fn fatalities(&self) -> u64 {
        self.figure(QuantityKind::Killed)
            .map(|f| f.best)
            .unwrap_or(0)
    }

    pub fn actor_names(&self) -> Vec<String> {
        self.actors
            .iter()
            .map(|e| display_name(e).to_string())
            .collect()
    }

    pub fn recipient_names(&self) -> Vec<String> {
        self.recipients
            .iter()
            .map(|e| display_name(e).to_string())
            .collect()
    }

    /// Country of the event: the location's, else the first actor's ISO country.
    pub fn country(&self) -> Option<String> {
        self.location
            .as_ref()
            .and_then(|l| l.country.clone())
            .or_else(|| {
                self.actors
                    .iter()
                    .chain(&self.recipients)
                    .filter_map(|e| e.country.clone())
                    .find(|c| {
                        c.len() == 3
                            && c.chars().all(|ch| ch.is_ascii_uppercase())
                            && !["IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"]
                                .contains(&c.as_str())
                    })
            })
    }
}
