//! Merge rules: does a claim report the same happening as another claim or merged event?
//!
//! Two claims are the same happening when all of these hold:
//! - **type**: the same PLOVER type (and the same mode when both give one; ASSAULT modes may
//!   differ since outlets describe one clash differently), or a documented compatible pair:
//!   - RETREAT/withdraw and an ACCUSE whose recipient is the withdrawing party and whose
//!     clause the coder cued as leaving (`Cue::Leaving`: opposite framings of one happening);
//!   - RETREAT/withdraw and COERCE/seize of the same site where the party leaving is the one
//!     the site was taken from, or the taker is the one it was handed to (a handover);
//!   - AGREE and RETREAT/ceasefire about a ceasefire between overlapping parties.
//! - **date** within precision: two days at most one day apart; a week, month or year
//!   period overlapping the other's period. A claim with an unresolved date only merges with
//!   claims dated within [`UNRESOLVED_WINDOW_DAYS`] of its document's publication date (or
//!   from the same document).
//! - **place** within precision (see [`crate::geo::place_fit`]): same geonameid or name, or
//!   within 10 km at precision 1 (25 km at precision 2). Province/country-level places and
//!   missing places only merge when everything else matches strictly.
//! - **actors** overlap (canonical name, or country + sector), or one side names none.
//! - the auxiliary markers (`historical`, `future`, `hypothetical`, `negated`) agree.
//!
//! "Strictly" means: the same type and mode (or a compatible pair), overlapping (not merely
//! unknown) participants unless both claims come from one document, and, across documents,
//! a date that is not itself vague (unresolved or a month/year). A vague date alone (exact
//! place) needs the same type and mode, a compatible pair, or overlapping participants.

use crate::actors::{actor_fit, same_actor, ActorFit};
use crate::dates::{range_of, DateRange};
use crate::geo::{place_fit, PlaceFit};
use crate::{Claim, MergedEvent};
use sitrep_model::{Cue, Entity, Event, EventType};

/// Window around the publication date for claims whose date is unresolved.
pub const UNRESOLVED_WINDOW_DAYS: i64 = 3;
/// Two day-precision dates this far apart may still be one happening (time zones, late
/// reports saying "yesterday").
pub const DAY_TOLERANCE: i64 = 1;

/// How two event types fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeFit {
    No,
    /// Opposite framings of one happening (withdrew vs. abandoned).
    Framing,
    /// Two sides of one handover (withdrew vs. seized).
    Handover,
    /// Same type, mode compatible but not identical.
    SameType,
    /// Same type and mode.
    Same,
}

/// The outcome of comparing two claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeFit {
    pub types: TypeFit,
    pub place: PlaceFit,
    pub actors: ActorFit,
    /// 3 same day / overlapping day period, 2 one day apart or period overlap, 1 coarse or
    /// unresolved-window fit.
    pub date: u8,
    pub score: u32,
}

fn mode(e: &Event) -> Option<String> {
    e.mode
        .as_deref()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty())
}

/// Whether the event is about a ceasefire (mode `ceasefire`, or the coder's ceasefire cue).
pub fn is_ceasefire(e: &Event) -> bool {
    mode(e).as_deref() == Some("ceasefire") || e.cues.contains(&Cue::Ceasefire)
}

fn overlaps(a: &[Entity], b: &[Entity]) -> bool {
    a.iter().any(|x| b.iter().any(|y| same_actor(x, y)))
}

/// Type compatibility, including the cross-role actor check of the compatible pairs.
pub fn type_fit(a: &Event, b: &Event) -> TypeFit {
    use EventType::*;
    let (ma, mb) = (mode(a), mode(b));
    if a.event_type == b.event_type {
        return match (&ma, &mb) {
            (Some(x), Some(y)) if x == y => TypeFit::Same,
            (None, None) => TypeFit::Same,
            (Some(x), Some(y)) => {
                // Outlets describe one clash with different weapons; abductions stay apart.
                if a.event_type == Assault && x != "abduct" && y != "abduct" {
                    TypeFit::SameType
                } else {
                    TypeFit::No
                }
            }
            _ => TypeFit::SameType,
        };
    }
    let pair = |x: &Event, mx: &Option<String>, y: &Event, my: &Option<String>| -> TypeFit {
        let withdraw = x.event_type == Retreat && matches!(mx.as_deref(), None | Some("withdraw"));
        if withdraw && y.event_type == Accuse {
            let accused_is_leaver = overlaps(&y.recipient, &x.actor);
            let about_leaving = y.cues.contains(&Cue::Leaving);
            if accused_is_leaver && about_leaving {
                return TypeFit::Framing;
            }
        }
        if withdraw && y.event_type == Coerce && my.as_deref() == Some("seize") {
            let handed = overlaps(&x.actor, &y.recipient)
                || (!x.recipient.is_empty() && overlaps(&x.recipient, &y.actor));
            if handed {
                return TypeFit::Handover;
            }
        }
        if x.event_type == Agree
            && y.event_type == Retreat
            && my.as_deref() == Some("ceasefire")
            && is_ceasefire(x)
        {
            let px: Vec<Entity> = x.actor.iter().chain(&x.recipient).cloned().collect();
            let py: Vec<Entity> = y.actor.iter().chain(&y.recipient).cloned().collect();
            if px.is_empty() || py.is_empty() || overlaps(&px, &py) {
                return TypeFit::SameType;
            }
        }
        TypeFit::No
    };
    match pair(a, &ma, b, &mb) {
        TypeFit::No => pair(b, &mb, a, &ma),
        f => f,
    }
}

/// The date period used for comparison and whether it is only the publication-date proxy.
fn date_of(c: &Claim) -> Option<(DateRange, bool)> {
    if let Some(r) = c.event.date.as_ref().and_then(range_of) {
        return Some((r, false));
    }
    c.doc.published.map(|d| (DateRange::day(d), true))
}

/// Date fit score (see [`MergeFit::date`]); `None` when the dates rule the merge out.
pub fn date_fit(a: &Claim, b: &Claim) -> Option<u8> {
    let same_doc = a.doc.id == b.doc.id && !a.doc.id.is_empty();
    match (date_of(a), date_of(b)) {
        (Some((ra, pa)), Some((rb, pb))) => {
            if pa || pb {
                // At least one unresolved: publication-date neighbourhood only.
                if same_doc && pa && pb {
                    return Some(2);
                }
                if ra.gap_days(&rb) <= UNRESOLVED_WINDOW_DAYS {
                    return Some(1);
                }
                return None;
            }
            let gap = ra.gap_days(&rb);
            if ra.precision == sitrep_model::DatePrecision::Day
                && rb.precision == sitrep_model::DatePrecision::Day
            {
                return match gap {
                    0 => Some(3),
                    g if g <= DAY_TOLERANCE => Some(2),
                    _ => None,
                };
            }
            if gap == 0 {
                if ra.is_coarse() || rb.is_coarse() {
                    Some(1)
                } else {
                    Some(2)
                }
            } else {
                None
            }
        }
        // Nothing to go by: only within one document.
        _ => {
            if same_doc {
                Some(1)
            } else {
                None
            }
        }
    }
}

fn participants(e: &Event) -> Vec<&Entity> {
    e.actor.iter().chain(e.recipient.iter()).collect()
}

fn refs(v: &[Entity]) -> Vec<&Entity> {
    v.iter().collect()
}

/// Participant fit of two claims of compatible type:
/// - ESCAPE: only the custodians (recipients) count; outlets describe escapees in many ways
///   ("ISIS detainees", "prisoners");
/// - verbal events (statements): role by role; the speakers must be the same and, when both
///   names one, so must the addressees (two accusations by one party are two statements
///   unless they target the same party, or neither names a target);
/// - material events: any shared participant (sides may be listed as actor or recipient),
///   but when both claims name a recipient (or an actor), each must be among the other's
///   participants ("arrested ISIS members" is not "took the town from the SDF"); the same
///   actors may name different victims of one attack ("killing seven soldiers", "seven
///   soldiers and five passengers were killed"), so the recipients of two attacks need not
///   match when the actors do (ACLED: same actors, same day, same place is one event).
pub fn participant_fit(a: &Event, b: &Event) -> ActorFit {
    use sitrep_model::Quad;
    if a.event_type == EventType::Escape && b.event_type == EventType::Escape {
        return actor_fit(&refs(&a.recipient), &refs(&b.recipient));
    }
    let verbal = |e: &Event| {
        matches!(
            e.event_type.quad(),
            Quad::VerbalConflict | Quad::VerbalCooperation
        )
    };
    if verbal(a) || verbal(b) {
        let actors = actor_fit(&refs(&a.actor), &refs(&b.actor));
        let recips = actor_fit(&refs(&a.recipient), &refs(&b.recipient));
        let both_unaddressed = a.recipient.is_empty() && b.recipient.is_empty();
        return match (actors, recips) {
            (ActorFit::Overlap, ActorFit::Overlap) => ActorFit::Overlap,
            (ActorFit::Overlap, ActorFit::Neutral) if both_unaddressed => ActorFit::Overlap,
            _ => ActorFit::Disjoint,
        };
    }
    let (pa, pb) = (participants(a), participants(b));
    let all = actor_fit(&pa, &pb);
    if all != ActorFit::Overlap {
        return all;
    }
    let checks = [
        (&a.recipient, &b.recipient, &pb),
        (&b.recipient, &a.recipient, &pa),
        (&a.actor, &b.actor, &pb),
        (&b.actor, &a.actor, &pa),
    ];
    let same_actors = a.event_type == EventType::Assault
        && b.event_type == EventType::Assault
        && !a.actor.is_empty()
        && !b.actor.is_empty()
        && actor_fit(&refs(&a.actor), &refs(&b.actor)) == ActorFit::Overlap;
    for (i, (mine, theirs_same_role, theirs_all)) in checks.into_iter().enumerate() {
        if same_actors && i < 2 {
            continue;
        }
        if !mine.is_empty()
            && !theirs_same_role.is_empty()
            && actor_fit(&refs(mine), theirs_all) == ActorFit::Disjoint
        {
            return ActorFit::Disjoint;
        }
    }
    ActorFit::Overlap
}

/// Compares two claims; `Some` when they report the same happening.
pub fn claims_match(a: &Claim, b: &Claim) -> Option<MergeFit> {
    let (ea, eb) = (&a.event, &b.event);
    if ea.historical != eb.historical
        || ea.future != eb.future
        || ea.hypothetical != eb.hypothetical
        || ea.negated != eb.negated
    {
        return None;
    }
    let types = type_fit(ea, eb);
    if types == TypeFit::No {
        return None;
    }
    let date = date_fit(a, b)?;
    let place = place_fit(ea.location.as_ref(), eb.location.as_ref());
    if place == PlaceFit::No {
        return None;
    }
    let actors = match types {
        // The cross-role overlap was checked by type_fit.
        TypeFit::Framing | TypeFit::Handover => ActorFit::Overlap,
        _ => participant_fit(ea, eb),
    };
    if actors == ActorFit::Disjoint {
        return None;
    }
    let loose_place = matches!(place, PlaceFit::Region | PlaceFit::Unknown);
    let loose_date = date <= 1;
    let same_doc = a.doc.id == b.doc.id;
    let firm_type = matches!(types, TypeFit::Same | TypeFit::Framing | TypeFit::Handover);
    if loose_place {
        // Province-level or missing place: everything else must match.
        if !firm_type || actors != ActorFit::Overlap {
            return None;
        }
        if loose_date && !same_doc {
            // Vague on both axes across documents: too weak.
            return None;
        }
    } else if loose_date && !firm_type && actors != ActorFit::Overlap {
        return None;
    }
    let score = match types {
        TypeFit::Same => 4,
        TypeFit::SameType => 3,
        TypeFit::Handover | TypeFit::Framing => 2,
        TypeFit::No => 0,
    } + match place {
        PlaceFit::Exact => 4,
        PlaceFit::Near => 3,
        PlaceFit::Region => 1,
        _ => 0,
    } + date as u32
        + match actors {
            ActorFit::Overlap => 2,
            _ => 0,
        }
        + u32::from(same_doc);
    Some(MergeFit {
        types,
        place,
        actors,
        date,
        score,
    })
}

/// The best fit between a claim and any claim of a merged event.
pub fn event_match(claim: &Claim, event: &MergedEvent) -> Option<MergeFit> {
    event
        .claims
        .iter()
        .filter_map(|c| claims_match(claim, c))
        .max_by_key(|f| f.score)
}

/// Where a new claim goes among candidate events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// It matches none: it founds a new event.
    New,
    /// It joins `target`; the events `absorbed` (indices into the candidates, never
    /// `target`) also matched and are merged into `target`.
    Join { target: usize, absorbed: Vec<usize> },
}

/// Places a claim among candidate events: every candidate with a claim that reports the same
/// happening ([`event_match`]) is joined. The event kept is the one with the most claims
/// (ties: the smallest id), so the choice does not depend on the candidates' order.
pub fn place_claim(claim: &Claim, candidates: &[&MergedEvent]) -> Placement {
    let views: Vec<Candidate<'_>> = candidates
        .iter()
        .map(|ev| Candidate {
            id: &ev.id,
            claim_count: ev.claims.len(),
            claims: &ev.claims,
        })
        .collect();
    place_claim_among(claim, &views)
}

/// A candidate event as [`place_claim_among`] sees it: its id, how many claims it has, and
/// the claims a new claim is compared with (all of them, or claims that stand for all of
/// them: a store compares with one claim per distinct content, see `sitrep-store`).
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub id: &'a str,
    pub claim_count: usize,
    pub claims: &'a [Claim],
}

/// [`place_claim`] over candidate views: every candidate with a claim that reports the
/// same happening ([`claims_match`]) is joined; the event kept is the one with the most
/// claims (ties: the smallest id).
pub fn place_claim_among(claim: &Claim, candidates: &[Candidate<'_>]) -> Placement {
    let matched: Vec<usize> = candidates
        .iter()
        .enumerate()
        .filter(|(_, ev)| ev.claims.iter().any(|c| claims_match(claim, c).is_some()))
        .map(|(i, _)| i)
        .collect();
    let Some(&target) = matched.iter().min_by(|&&a, &&b| {
        let (ea, eb) = (&candidates[a], &candidates[b]);
        eb.claim_count
            .cmp(&ea.claim_count)
            .then_with(|| ea.id.cmp(eb.id))
    }) else {
        return Placement::New;
    };
    let absorbed = matched.into_iter().filter(|&i| i != target).collect();
    Placement::Join { target, absorbed }
}

/// Takes the events of a [`Placement::Join`] out of `events`: returns the index the target
/// had once the absorbed events were removed (where to put it back to keep the order), the
/// target, and the absorbed events. Their claims are not moved yet (callers record the
/// absorption first, then call [`MergedEvent::absorb`]). `None` when `target` is not an
/// index of `events` (then nothing is taken).
pub fn take_join(
    events: &mut Vec<MergedEvent>,
    target: usize,
    absorbed: &[usize],
) -> Option<(usize, MergedEvent, Vec<MergedEvent>)> {
    if target >= events.len() {
        return None;
    }
    let mut idx = absorbed.to_vec();
    // From the back, so that the indices still to remove stay valid.
    idx.sort_unstable_by(|a, b| b.cmp(a));
    idx.dedup();
    let mut target = target;
    let mut gone = Vec::with_capacity(idx.len());
    for i in idx {
        if i == target || i >= events.len() {
            continue;
        }
        if i < target {
            target -= 1;
        }
        gone.push(events.remove(i));
    }
    let kept = events.remove(target);
    Some((target, kept, gone))
}
