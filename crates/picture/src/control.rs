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
    change_of(ev, s, false)
}

/// A withdrawal from a precise place that the coder mapped to a change of the group's
/// activity (no territory moves by itself) and that is no control change on its own: it
/// becomes one when another party seizes the place about then ([`add_withdrawals`]).
pub(crate) fn withdrawal_of(ev: &MergedEvent, s: &EventSummary) -> Option<ControlChange> {
    if control_change(ev, s).is_some() {
        return None;
    }
    change_of(ev, s, true).filter(|c| c.to.is_empty() && !c.from.is_empty())
}

/// Adds to a site's control changes the withdrawals ([`withdrawal_of`]) dated within a day of
/// a seizure there by another party: the army withdrew and the rebels entered, so the
/// withdrawing party held the place before.
pub(crate) fn add_withdrawals(control: &mut Vec<ControlChange>, withdrawals: &[ControlChange]) {
    for w in withdrawals {
        let seized_then = control.iter().any(|c| {
            let near = match (c.date, w.date) {
                (Some(a), Some(b)) => (a - b).num_days().abs() <= 1,
                _ => false,
            };
            near && !c.to.is_empty() && !c.to.iter().any(|t| w.from.contains(t))
        });
        if seized_then && !control.iter().any(|c| c.event_id == w.event_id) {
            control.push(w.clone());
        }
    }
}

/// The control change of an event; `any_withdrawal` also accepts withdrawals the coder
/// mapped to a change of activity.
fn change_of(ev: &MergedEvent, s: &EventSummary, any_withdrawal: bool) -> Option<ControlChange> {
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
                if (mode == "withdraw"
                    && (territorial_or_unmapped || at_facility || any_withdrawal))
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

/// Orders a site's control changes, oldest first. On one day a withdrawal (a change naming
/// no new holder) comes before a seizure when the party leaving is not one of that day's
/// takers: the holder leaves, then the taker enters ("the army withdrew; the rebels entered
/// the town"), so the party that withdrew is the holder before the change. A withdrawal by
/// that day's taker (a raid: in and out) keeps its place after the seizure.
pub(crate) fn order_changes(control: &mut [ControlChange]) {
    let takers: Vec<(Option<chrono::NaiveDate>, String)> = control
        .iter()
        .flat_map(|c| c.to.iter().map(move |t| (c.date, t.clone())))
        .collect();
    let rank = |c: &ControlChange| -> u8 {
        if !c.to.is_empty() {
            return 1;
        }
        let taker_leaving = c
            .from
            .iter()
            .any(|f| takers.iter().any(|(d, t)| *d == c.date && t == f));
        if taker_leaving {
            2
        } else {
            0
        }
    };
    control.sort_by_key(|c| (c.date, rank(c)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn change(day: u32, from: &[&str], to: &[&str], id: &str) -> ControlChange {
        ControlChange {
            date: NaiveDate::from_ymd_opt(2026, 1, day),
            from: from.iter().map(|s| s.to_string()).collect(),
            to: to.iter().map(|s| s.to_string()).collect(),
            how: String::new(),
            event_id: id.into(),
            sources: Vec::new(),
            disputed: false,
            framings: Vec::new(),
            via: None,
        }
    }

    #[test]
    fn a_withdrawal_joins_the_control_history_only_beside_a_seizure() {
        let mut c = vec![change(23, &[], &["rebels"], "seize")];
        let w = [
            change(22, &["army"], &[], "army left"),
            change(10, &["police"], &[], "long before"),
            change(23, &["rebels"], &[], "the taker"),
        ];
        add_withdrawals(&mut c, &w);
        let ids: Vec<&str> = c.iter().map(|c| c.event_id.as_str()).collect();
        assert_eq!(ids, vec!["seize", "army left"]);
    }

    #[test]
    fn a_same_day_withdrawal_precedes_the_seizure_it_made_room_for() {
        let mut c = vec![
            change(23, &[], &["rebels"], "seize"),
            change(23, &["army"], &[], "withdraw"),
            change(20, &["militia"], &["army"], "earlier"),
        ];
        order_changes(&mut c);
        let ids: Vec<&str> = c.iter().map(|c| c.event_id.as_str()).collect();
        assert_eq!(ids, vec!["earlier", "withdraw", "seize"]);
        // A raid: the taker withdraws the same day, after taking the place.
        let mut raid = vec![
            change(5, &["rebels"], &[], "out"),
            change(5, &[], &["rebels"], "in"),
        ];
        order_changes(&mut raid);
        assert_eq!(raid[0].event_id, "in");
    }
}
