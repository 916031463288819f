//! Changes of control: a seizure, withdrawal or territorial transfer at a precise place
//! between parties that can hold territory.

use crate::actors::same_actor;
use crate::site_words::SiteWords;
use crate::sites::{names, ControlChange, SourceRef};
use crate::summary::EventSummary;
use crate::MergedEvent;
use sitrep_model::{AcledSubEventType, Entity, EventType};

/// Adds entities not yet represented (same name, or the same actor by [`same_actor`]).
fn push_unique(v: &mut Vec<Entity>, more: &[Entity]) {
    for m in more {
        if !v.iter().any(|x| same_actor(x, m)) {
            v.push(m.clone());
        }
    }
}

/// The control change an event reports, if any: a seizure, withdrawal or territorial
/// transfer between parties that can hold territory (state forces, armed groups); generic
/// nouns (civilians, refugees, women) are never parties.
pub fn control_change(ev: &MergedEvent, s: &EventSummary) -> Option<ControlChange> {
    if s.historical || s.negated || s.future || s.hypothetical {
        return None;
    }
    let mut from: Vec<Entity> = Vec::new();
    let mut to: Vec<Entity> = Vec::new();
    let mut hows: Vec<String> = Vec::new();
    let mut sources: Vec<SourceRef> = Vec::new();
    for c in &ev.claims {
        let e = &c.event;
        let mode = e.mode.as_deref().unwrap_or("").to_ascii_lowercase();
        let territorial = e.acled.is_some_and(|a| {
            matches!(
                a.sub_event_type,
                AcledSubEventType::GovernmentRegainsTerritory
                    | AcledSubEventType::NonStateActorOvertakesTerritory
                    | AcledSubEventType::NonViolentTransferOfTerritory
            )
        });
        // A seizure or withdrawal the coder maps to another ACLED sub-event (looting, a
        // change to a group's activity such as troops evacuating their wounded) moves no
        // territory.
        let territorial_or_unmapped = territorial || e.acled.is_none();
        // Only at a precise place: the town itself or a named facility (a place the coder
        // inferred from the document, precision 2 or coarser, changes no hands).
        let at_facility = e.location.as_ref().is_some_and(|l| l.facility.is_some());
        let precise = e
            .location
            .as_ref()
            .is_some_and(|l| l.precision <= 1 || l.facility.is_some());
        if !precise {
            continue;
        }
        let (f, t, how) = match e.event_type {
            EventType::Coerce if mode == "seize" && territorial_or_unmapped => {
                (&e.recipient, &e.actor, "seized")
            }
            EventType::Retreat
                if (mode == "withdraw" && (territorial_or_unmapped || at_facility))
                    || (mode.is_empty() && territorial) =>
            {
                (&e.actor, &e.recipient, "withdrew")
            }
            EventType::Assault if territorial => (&e.recipient, &e.actor, "took territory"),
            _ => continue,
        };
        let w = SiteWords::embedded();
        let f: Vec<Entity> = f.iter().filter(|e| w.can_control(e)).cloned().collect();
        let t: Vec<Entity> = t.iter().filter(|e| w.can_control(e)).cloned().collect();
        if f.is_empty() && t.is_empty() {
            continue;
        }
        push_unique(&mut from, &f);
        push_unique(&mut to, &t);
        if !hows.iter().any(|h| h == how) {
            hows.push(how.to_string());
        }
        let sr = SourceRef::of_claim(c);
        if !sources.contains(&sr) {
            sources.push(sr);
        }
    }
    if hows.is_empty() {
        return None;
    }
    // Contrary framings (ACCUSE claims about the same change) are sources too.
    for c in &ev.claims {
        let sr = SourceRef::of_claim(c);
        if !sources.contains(&sr) {
            sources.push(sr);
        }
    }
    Some(ControlChange {
        date: s.effective_date(),
        from: names(&from),
        to: names(&to),
        how: hows.join(" / "),
        event_id: ev.id.clone(),
        sources,
        disputed: s.framing_disputed,
        framings: if s.framing_disputed {
            s.framings.clone()
        } else {
            Vec::new()
        },
        via: None,
    })
}
