//! Ceasefires and the violations reported since: AGREE or RETREAT events about a ceasefire
//! (the coder's ceasefire cue or mode), and the ASSAULT events between the same parties
//! reported on or after them.

use crate::actors::same_actor;
use crate::sites::{names, SourceRef};
use crate::summary::EventSummary;
use crate::MergedEvent;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sitrep_model::{Entity, EventType};
use std::collections::BTreeMap;

/// A ceasefire and the violations reported since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ceasefire {
    pub event_id: String,
    /// The resolved date of the ceasefire, when the text gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The earliest report of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<NaiveDate>,
    pub parties: Vec<String>,
    /// Who announced or agreed it (the actors).
    pub agreed_by: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub sources: Vec<SourceRef>,
    pub violations: Vec<Violation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Violation {
    pub event_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<NaiveDate>,
    pub parties: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub sources: Vec<SourceRef>,
}

fn party_list(s: &EventSummary) -> Vec<Entity> {
    let mut v = s.actors.clone();
    for r in &s.recipients {
        if !v.iter().any(|x| same_actor(x, r)) {
            v.push(r.clone());
        }
    }
    v
}

/// Ceasefires (AGREE or RETREAT about a ceasefire) and the ASSAULT events between the same
/// parties reported on or after them.
pub fn build_ceasefires(events: &[MergedEvent]) -> Vec<Ceasefire> {
    let sums: Vec<(&MergedEvent, EventSummary)> = events.iter().map(|e| (e, e.summary())).collect();
    let mut out = Vec::new();
    for (ev, s) in &sums {
        if !s.ceasefire || s.negated || s.hypothetical || s.future || s.historical {
            continue;
        }
        let parties = party_list(s);
        let cf_date = s.effective_date();
        let cf_offsets: BTreeMap<&str, usize> = ev
            .claims
            .iter()
            .map(|c| (c.doc.id.as_str(), c.event.evidence.start))
            .collect();
        let mut violations = Vec::new();
        for (aev, a) in &sums {
            if a.event_type != EventType::Assault
                || a.negated
                || a.hypothetical
                || a.historical
                || a.future
            {
                continue;
            }
            let ap = party_list(a);
            let matched = parties
                .iter()
                .filter(|p| ap.iter().any(|x| same_actor(p, x)))
                .count();
            let needed = parties.len().min(2);
            if needed == 0 || matched < needed {
                continue;
            }
            let after = match (cf_date, a.effective_date()) {
                (Some(c), Some(d)) if d > c => true,
                (Some(c), Some(d)) if d == c => {
                    // Same day: in one document, it must be told at or after the ceasefire.
                    aev.claims.iter().all(|cl| {
                        cf_offsets
                            .get(cl.doc.id.as_str())
                            .map(|o| cl.event.evidence.start >= *o)
                            .unwrap_or(true)
                    })
                }
                _ => false,
            };
            if !after {
                continue;
            }
            violations.push(Violation {
                event_id: aev.id.clone(),
                date: a.date.map(|d| d.start),
                reported: a.reported,
                parties: a
                    .actor_names()
                    .into_iter()
                    .chain(a.recipient_names())
                    .collect(),
                place: a.location.as_ref().map(|l| l.name.clone()),
                sources: sources_of(aev),
            });
        }
        out.push(Ceasefire {
            event_id: ev.id.clone(),
            date: s.date.map(|d| d.start),
            reported: s.reported,
            parties: names(&parties),
            agreed_by: s.actor_names(),
            place: s.location.as_ref().map(|l| l.name.clone()),
            sources: sources_of(ev),
            violations,
        });
    }
    out
}

fn sources_of(ev: &MergedEvent) -> Vec<SourceRef> {
    let mut v: Vec<SourceRef> = Vec::new();
    for c in &ev.claims {
        let s = SourceRef::of_claim(c);
        if !v.contains(&s) {
            v.push(s);
        }
    }
    v
}
