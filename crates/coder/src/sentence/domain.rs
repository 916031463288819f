//! Conflict-domain rules over a sentence's candidates: demonstrations and their policing are
//! one event, protesters' violence is a riot, duplicate readings of one happening merge, and
//! readings the domain rules out are dropped.

use super::*;

/// Readings the conflict domain rules out: troops marching and diplomats gathering are not
/// protesters; non-political deaths (floods, crashes) are not violence.
pub(super) fn implausible(cx: &Sent, h: &Hit, ty: &Typed, roles: &Roles) -> bool {
    let t = &cx.lex.triggers[h.trigger];
    let actors = &roles.actors;
    let state_actor = actors.iter().any(|a| {
        a.2.sector
            .iter()
            .any(|s| matches!(s.as_str(), "GOV" | "LEG" | "JUD"))
    });
    if ty.et == EventType::Protest
        && ty.mode.as_deref() != Some("riot")
        && (actors.iter().any(|a| is_armed_entity(&a.2)) || (state_actor && t.flags.weak))
    {
        return true;
    }
    cx.nonpol && ty.et == EventType::Assault && !actors.iter().any(|a| is_armed_entity(&a.2))
}

/// Whether an attack is a verbal one: politicians, officials and the press on every side
/// ("Trump attacked the newspaper", "the clash between the two presidents"), with no weapon,
/// no armed party and no armed context in the sentence. CAMEO and PLOVER code such attacks
/// as criticism (ACCUSE).
pub(super) fn verbal_attack(cx: &Sent, ty: &Typed, roles: &Roles) -> bool {
    let political = |e: &Entity| {
        !is_armed_entity(e)
            && !e.sector.is_empty()
            && e.sector.iter().all(|s| {
                matches!(
                    s.as_str(),
                    "GOV" | "ELI" | "LEG" | "PTY" | "OPP" | "JRN" | "MED" | "BUS"
                )
            })
    };
    let (actors, recipients) = (&roles.actors, &roles.recipients);
    ty.et == EventType::Assault
        && ty.mode.is_none()
        && !cx.armed
        && !actors.is_empty()
        && (!recipients.is_empty() || actors.len() >= 2)
        && actors
            .iter()
            .all(|a| !a.2.text.is_empty() && political(&a.2))
        && recipients.iter().all(|r| political(&r.2))
}

pub(super) fn protester_like(e: &Entity) -> bool {
    let t = format!("{} {}", e.name, e.text).to_ascii_lowercase();
    ["protest", "demonstrat", "rioter", "mob", "crowd", "marcher"]
        .iter()
        .any(|k| t.contains(k))
        || e.sector.iter().any(|s| s == "OPP")
}

/// Unarmed, non-state people: protesters, civilians, workers, students, farmers, clergy.
pub(super) fn civilian_like(e: &Entity) -> bool {
    protester_like(e)
        || (!e.sector.is_empty()
            && !is_armed_entity(e)
            && e.sector.iter().all(|s| {
                matches!(
                    s.as_str(),
                    "CVL" | "LAB" | "EDU" | "OPP" | "AGR" | "REL" | "SOC" | "REF"
                )
            }))
}

/// Demonstrations and their policing are one ACLED event: violence by protesters is a riot,
/// and force used on protesters is folded into the protest event.
pub(super) fn fold_protests(cands: &mut [Cand]) {
    for c in cands.iter_mut() {
        if c.event_type == EventType::Assault && c.actors.iter().any(|a| protester_like(&a.2)) {
            c.event_type = EventType::Protest;
            c.mode = Some("riot".to_string());
        }
        // Civilians blocking roads or bridges protest; only armed or state actors restrict.
        if c.event_type == EventType::Coerce
            && c.mode.as_deref() == Some("restrict")
            && !c.actors.is_empty()
            && c.actors.iter().all(|a| {
                civilian_like(&a.2)
                    && !matches!(
                        a.2.text.to_ascii_lowercase().as_str(),
                        "they" | "it" | "he" | "she" | "them" | "we"
                    )
            })
        {
            c.event_type = EventType::Protest;
            c.mode = None;
        }
    }
    let Some(pi) = cands
        .iter()
        .position(|c| c.event_type == EventType::Protest)
    else {
        return;
    };
    let mut boost = 0.0;
    for (i, c) in cands.iter_mut().enumerate() {
        if i == pi || !matches!(c.event_type, EventType::Assault | EventType::Coerce) {
            continue;
        }
        let at_protesters = c.recipients.iter().any(|r| protester_like(&r.2));
        let by_police = c.actors.iter().any(|a| {
            a.2.sector
                .iter()
                .any(|s| matches!(s.as_str(), "COP" | "MIL"))
        });
        let crowd_control = c.mode.as_deref() == Some("crowd-control");
        let unattributed = c.actors.is_empty() && c.event_type == EventType::Assault;
        if at_protesters || crowd_control || unattributed || (by_police && c.recipients.is_empty())
        {
            c.dropped = true;
            boost = 0.15;
        }
    }
    cands[pi].confidence += boost;
}

/// Adds the arguments of `from` that `into` does not have yet (by canonical name).
pub(super) fn union_args(into: &mut Vec<Arg>, from: Vec<Arg>) {
    for x in from {
        if !into.iter().any(|y| entity_key(&y.2) == entity_key(&x.2)) {
            into.push(x);
        }
    }
}

/// Whether `a` is an actor the text names (implied security forces have no text).
fn named(a: &Arg) -> bool {
    !a.2.text.is_empty()
}

/// Whether `mode` is the generic mode of its type, which a specific one refines ("extended
/// the curfew": a restriction that is a curfew).
fn generic_mode(et: EventType, mode: Option<&str>) -> bool {
    et == EventType::Coerce && mode == Some("restrict")
}

pub(super) fn merge_within_sentence(cands: &mut Vec<Cand>) {
    let mut i = 0;
    while i < cands.len() {
        let mut j = i + 1;
        while j < cands.len() {
            let (a, b) = (&cands[i], &cands[j]);
            // Security forces implied for an agentless act ("a curfew was imposed") stand
            // aside for an actor the sentence names ("the governor extended the curfew").
            let (a_named, b_named) = (a.actors.iter().any(named), b.actors.iter().any(named));
            let same = a.event_type == b.event_type
                && a.negated == b.negated
                && a.historical == b.historical
                && (!a_named
                    || !b_named
                    || a.actors.iter().any(|x| {
                        b.actors
                            .iter()
                            .any(|y| entity_key(&x.2) == entity_key(&y.2))
                    }))
                && (a.event_type == EventType::Assault
                    || a.mode == b.mode
                    || a.mode.is_none()
                    || b.mode.is_none()
                    || generic_mode(a.event_type, a.mode.as_deref())
                    || generic_mode(b.event_type, b.mode.as_deref()));
            if same {
                let mut b = cands.remove(j);
                let a = &mut cands[i];
                if a_named && !b_named {
                    b.actors.clear();
                } else if b_named && !a_named {
                    a.actors.clear();
                }
                if generic_mode(a.event_type, a.mode.as_deref()) && b.mode.is_some() {
                    a.mode = b.mode.take();
                }
                union_args(&mut a.actors, b.actors);
                union_args(&mut a.recipients, b.recipients);
                for q in b.quantities {
                    if !a.quantities.iter().any(|y| y.kind == q.kind) {
                        a.quantities.push(q);
                    }
                }
                let akeys: Vec<String> = a.actors.iter().map(|x| entity_key(&x.2)).collect();
                a.recipients.retain(|r| !akeys.contains(&entity_key(&r.2)));
                if a.mode.is_none() {
                    a.mode = b.mode;
                }
                a.source = a.source.take().or(b.source);
                a.attribution = a.attribution.take().or(b.attribution);
                a.source_range = a.source_range.or(b.source_range);
                a.location = a.location.take().or(b.location);
                a.date = a.date.take().or(b.date);
                a.confidence = a.confidence.max(b.confidence) + 0.05;
                a.acled_override = a.acled_override.take().or(b.acled_override);
                for c in b.context {
                    if !a.context.contains(&c) {
                        a.context.push(c);
                    }
                }
            } else {
                j += 1;
            }
        }
        i += 1;
    }
}
