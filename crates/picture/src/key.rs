//! Key developments of a situation report: the most important current happenings of the
//! period, ranked by consequence (deaths, territory, detention, displacement) and by how many
//! documents report them, deduplicated. Statements (verbal events), historical background,
//! events told as older than their report and events with neither an actor nor a place finer
//! than a country are never key developments.

use crate::sites::control_change;
use crate::summary::EventSummary;
use crate::MergedEvent;
use sitrep_model::{EventType, Quad, QuantityKind};

/// At most this many key developments are listed.
pub const MAX_KEY_DEVELOPMENTS: usize = 10;
/// A happening dated more than this many days before its first report is background.
pub const CURRENT_DAYS: i64 = 14;

/// How consequential a happening is (higher first); 0 = never a key development.
pub fn consequence(ev: &MergedEvent, s: &EventSummary) -> u8 {
    let has = |k: QuantityKind| s.figure(k).is_some_and(|f| f.best > 0);
    if s.fatalities() > 0 || control_change(ev, s).is_some() {
        return 4;
    }
    let detention = matches!(s.event_type, EventType::Escape)
        || (s.event_type == EventType::Coerce && has(QuantityKind::Arrested))
        || (s.event_type == EventType::Retreat && has(QuantityKind::Released))
        || has(QuantityKind::Abducted);
    if detention || s.event_type == EventType::Displace || s.ceasefire {
        return 3;
    }
    match s.event_type.quad() {
        Quad::MaterialConflict | Quad::MaterialCooperation => 2,
        _ => 0,
    }
}

/// Whether the summary may be a key development at all: current, dated near its report,
/// with an identified actor or a place finer than a country.
pub fn is_candidate(s: &EventSummary) -> bool {
    if s.historical || s.negated || s.future || s.hypothetical {
        return false;
    }
    if let (Some(d), Some(r)) = (s.date, s.reported) {
        if (r - d.end).num_days() > CURRENT_DAYS {
            return false;
        }
    }
    let placed = s.location.as_ref().is_some_and(|l| {
        l.facility.is_some() || !l.feature.as_deref().is_some_and(|f| f.starts_with("PCL"))
    });
    // A pronoun or an unnamed agent ("he") identifies nobody: it has neither a country nor
    // a sector.
    let identified = s
        .actors
        .iter()
        .any(|a| a.country.is_some() || !a.sector.is_empty());
    identified || placed
}

/// The largest figure of the happening (its size, to rank among equals).
fn magnitude(s: &EventSummary) -> u64 {
    s.figures.iter().map(|f| f.best).max().unwrap_or(0)
}

/// The key developments among `events` (already filtered to the report's scope), most
/// important first.
pub fn key_developments<'a>(events: &[(&'a MergedEvent, EventSummary)]) -> Vec<&'a MergedEvent> {
    let mut ranked: Vec<(u8, &MergedEvent, &EventSummary)> = events
        .iter()
        .filter(|(_, s)| is_candidate(s))
        .map(|(e, s)| (consequence(e, s), *e, s))
        .filter(|(c, _, _)| *c > 0)
        .collect();
    ranked.sort_by(|(ca, _, a), (cb, _, b)| {
        cb.cmp(ca)
            .then_with(|| b.documents.len().cmp(&a.documents.len()))
            .then_with(|| magnitude(b).cmp(&magnitude(a)))
            .then_with(|| b.effective_date().cmp(&a.effective_date()))
            .then_with(|| a.id.cmp(&b.id))
    });
    let mut seen: Vec<(EventType, Option<String>, String, Vec<String>)> = Vec::new();
    let mut out = Vec::new();
    for (_, e, s) in ranked {
        let mut actors = s.actor_names();
        actors.sort();
        let key = (
            s.event_type,
            s.mode.clone(),
            s.location
                .as_ref()
                .map(|l| l.name.clone())
                .unwrap_or_default(),
            actors,
        );
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(e);
        if out.len() == MAX_KEY_DEVELOPMENTS {
            break;
        }
    }
    out
}
