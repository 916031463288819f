//! Coreference: pronouns and anaphoric descriptions ("the group", "both sides") resolved to
//! earlier mentions and to the actors of recent events; the document memory they read.

use super::*;

/// Resolves pronouns and anaphoric descriptions against earlier mentions.
pub(super) fn resolve_pronouns(sa: &mut SentA, st: &DocState) {
    let snapshot: Vec<Mention> = sa.actors.clone();
    for (idx, m) in sa.actors.iter_mut().enumerate() {
        if m.kind != MentionKind::Pronoun {
            continue;
        }
        let w = m.entity.text.to_ascii_lowercase();
        if w.starts_with("both") || w.starts_with("each") || w.starts_with("the two") {
            m.resolved = st.last_parties.clone();
            continue;
        }
        // Candidates: earlier mentions in this sentence (nearest first), then history.
        // Candidates: earlier mentions in this sentence (nearest first), then the actors of
        // recent events, then every earlier mention (most recent first); nothing is cloned
        // until one is picked.
        let here = snapshot[..idx]
            .iter()
            .rev()
            .filter(|o| o.kind != MentionKind::Pronoun)
            .map(|o| (&o.entity, o.plural, o.kind));
        let recent = st
            .event_actors
            .iter()
            .rev()
            .take(4)
            .map(|(e, p, k)| (e, *p, *k));
        let older = st
            .history
            .iter()
            .rev()
            .take(400)
            .map(|(e, p, k)| (e, *p, *k));
        let head = w.rsplit(' ').next().unwrap_or("").to_string();
        let pick = here
            .chain(recent)
            .chain(older)
            .find(|(e, plural, kind)| match head.as_str() {
                "it" | "its" => {
                    (!plural || *kind == MentionKind::Agent)
                        && matches!(
                            kind,
                            MentionKind::Named | MentionKind::Country | MentionKind::Agent
                        )
                        && *kind != MentionKind::Leader
                }
                "they" | "them" => *plural || *kind == MentionKind::Named,
                "he" | "she" => *kind == MentionKind::Leader,
                "group" | "organization" | "organisation" | "movement" | "militants" | "rebels"
                | "insurgents" | "jihadists" | "militia" => {
                    *kind == MentionKind::Named
                        && (e.country.as_deref() == Some("IMG")
                            || e.sector
                                .iter()
                                .any(|s| matches!(s.as_str(), "REB" | "PRM" | "UAF")))
                }
                "ministry" => e.name.to_ascii_lowercase().contains("ministr"),
                _ => {
                    // "the army", "the government", "the coalition": same head noun.
                    e.name.to_ascii_lowercase().contains(&head)
                        || e.text.to_ascii_lowercase().contains(&head)
                }
            });
        if let Some((e, _, _)) = pick {
            m.resolved = vec![e.clone()];
        } else if !m.entity.sector.is_empty() || m.entity.country.is_some() {
            // A description such as "the ministry" still codes by itself.
            m.kind = MentionKind::Agent;
        }
    }
}

/// First-person pronouns in what a speaker is reported to say ("We strongly reject the
/// allegations," the ministry's spokesperson said) become mentions of the speaker. Returns
/// whether a mention was added (the reports' mention indices are then stale).
pub(super) fn speaker_pronouns(doc: &Document, sa: &mut SentA, reports: &[Report]) -> bool {
    let mut added = Vec::new();
    for r in reports {
        let Some(speaker) = r.speaker.and_then(|si| sa.actors.get(si)) else {
            continue;
        };
        for i in r.scope_a..r.scope_b.min(sa.toks.len()) {
            if !sa.ws.first_person.contains(sa.w(i))
                || sa.in_mention(i)
                || added.iter().any(|m: &Mention| m.a == i)
            {
                continue;
            }
            let span = sa.toks[i].span;
            let mut entity = speaker.entity.clone();
            entity.text = span.slice(&doc.text).unwrap_or_default().to_string();
            entity.span = Some(span);
            added.push(Mention {
                a: i,
                b: i + 1,
                entity,
                kind: MentionKind::Pronoun,
                plural: true,
                resolved: speaker.entities(),
            });
        }
    }
    if added.is_empty() {
        return false;
    }
    sa.actors.extend(added);
    sa.actors.sort_by_key(|m| (m.a, m.b));
    true
}

pub(super) fn remember(sa: &SentA, st: &mut DocState) {
    for m in &sa.actors {
        if m.kind != MentionKind::Pronoun {
            st.history.push((m.entity.clone(), m.plural, m.kind));
        }
    }
    for p in &sa.places {
        st.places.push((p.2.kind, p.2.location.clone()));
    }
}

/// Remembers the parties and actors of the sentence's events (antecedents for the next
/// sentences' pronouns and reciprocal phrases).
pub(super) fn remember_events(sa: &SentA, cands: &[Cand], st: &mut DocState) {
    for cand in cands {
        if cand.dropped {
            continue;
        }
        let parties: Vec<Entity> = cand
            .actors
            .iter()
            .chain(cand.recipients.iter())
            .map(|a| a.2.clone())
            .collect();
        let distinct: std::collections::HashSet<String> = parties.iter().map(entity_key).collect();
        if distinct.len() >= 2 {
            st.last_parties = parties;
        }
        st.emitted.push(cand.event_type);
        if cand.event_type == EventType::Escape {
            if let Some(q) = cand
                .quantities
                .iter()
                .find(|q| q.kind == QuantityKind::Escaped)
            {
                st.escaped = Some(q.clone());
            }
        }
        for (a, b, e) in &cand.actors {
            if let Some(m) = sa.actors.iter().find(|m| m.a == *a && m.b == *b) {
                let kind = if m.kind == MentionKind::Pronoun {
                    MentionKind::Named
                } else {
                    m.kind
                };
                st.event_actors.push((e.clone(), m.plural, kind));
            }
        }
    }
}
