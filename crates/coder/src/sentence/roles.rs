//! Roles: who did what to whom. The subject before the trigger (not the object of a
//! preposition; relative clauses; partitives), passive voice and its "by" agent, objects and
//! prepositional recipients, coordination, counted groups the lexicon does not know.

use super::*;

pub(super) fn subject_before(sa: &SentA, pos: usize) -> Option<usize> {
    // Nearest mention ending at or before `pos` that is not the object of a preposition.
    let mut best = None;
    for (mi, m) in sa.actors.iter().enumerate() {
        if m.b > pos {
            continue;
        }
        if (m.b..pos).any(|j| matches!(sa.w(j), ";" | "said" | "says" | "according")) {
            continue;
        }
        let mut pj = m.a;
        while pj > 0 && sa.ws.determiners.contains(sa.w(pj - 1)) {
            pj -= 1;
        }
        let prev = pj.checked_sub(1).map(|j| sa.w(j)).unwrap_or("");
        let partitive = prev == "of"
            && m.a >= 2
            && (sa.numbers.iter().any(|n| n.1 == m.a - 1)
                || matches!(
                    sa.w(m.a - 2),
                    "some"
                        | "many"
                        | "most"
                        | "none"
                        | "all"
                        | "several"
                        | "dozens"
                        | "hundreds"
                        | "thousands"
                        | "scores"
                        | "one"
                        | "two"
                        | "three"
                        | "four"
                        | "five"
                ));
        if sa.ws.preps.contains(prev) && !partitive {
            continue;
        }
        best = Some(mi);
    }
    best
}

/// The mention right before a ", who/which ...," clause that closes just before `pos`.
pub(super) fn subject_before_relative(sa: &SentA, pos: usize) -> Option<usize> {
    let seg = *sa.seg.get(pos)?;
    let rel_seg = seg.checked_sub(1)?;
    let start = (0..pos).find(|&j| sa.seg[j] == rel_seg)?;
    // The segment starts at its comma; the relative pronoun follows it.
    let first_word = (start..pos).find(|&j| sa.toks[j].kind == TokenKind::Word)?;
    if !matches!(sa.w(first_word), "who" | "which" | "whose") {
        return None;
    }
    sa.actors
        .iter()
        .position(|m| m.b == start || m.b + 1 == start)
}

/// The actor of an event noun: a modifier right before it ("Israeli airstrikes", "the
/// army's offensive") or the subject of a light verb governing it.
/// Tokens between two coordinated mentions: "and", ",", ", and", "and allied", "as well as".
pub(super) fn coordination(between: &[&str]) -> bool {
    match between {
        ["and"] | [","] | [",", "and"] | ["as", "well", "as"] | ["and", "other"] => true,
        ["and", adj] | [",", "and", adj] => {
            matches!(
                *adj,
                "allied"
                    | "affiliated"
                    | "local"
                    | "foreign"
                    | "other"
                    | "pro-government"
                    | "tribal"
            )
        }
        _ => false,
    }
}

pub(super) fn noun_subject(sa: &SentA, at: usize) -> Option<usize> {
    if let Some(mi) = sa
        .actors
        .iter()
        .position(|m| m.b == at || (m.b + 1 == at && matches!(sa.w(m.b), "'s" | "’s")))
    {
        return Some(mi);
    }
    let mut p = at;
    for _ in 0..5 {
        let Some(q) = p.checked_sub(1) else { break };
        let w = sa.w(q);
        if sa.ws.light_verbs.contains(w) {
            let mut r = q;
            if w == "out" {
                r = q.saturating_sub(1);
            }
            return subject_before(sa, r);
        }
        let inside_mention = sa.actors.iter().any(|m| m.a <= q && q < m.b);
        let lower_word = sa.toks[q].kind == TokenKind::Word && !sa.toks[q].cap;
        let number = sa.numbers.iter().any(|n| n.0 <= q && q < n.1);
        if !inside_mention && (sa.ws.determiners.contains(w) || lower_word || number) {
            p = q;
            continue;
        }
        break;
    }
    None
}

/// Is the trigger at `[a, b)` in the passive voice?
pub(super) fn passive(sa: &SentA, h: &Hit, t: &Trigger) -> bool {
    if !h.participle || t.pos != Pos::Verb {
        return false;
    }
    let mut j = h.a;
    for _ in 0..4 {
        let Some(p) = j.checked_sub(1) else { break };
        let w = sa.w(p);
        if sa.ws.be.contains(w) {
            return true;
        }
        if sa.ws.skippable.contains(w) || w.ends_with("ly") {
            j = p;
            continue;
        }
        break;
    }
    // Reduced passive: "12 civilians killed in ..." with no object after the verb.
    let next = sa.w(h.b);
    let has_object = sa.actors.iter().any(|m| m.a == h.b)
        || sa.numbers.iter().any(|n| n.0 == h.b)
        || sa.ws.determiners.contains(next);
    let prev_is_subject = sa.actors.iter().any(|m| m.b == h.a);
    let victim_kind = matches!(
        t.flags.qty,
        Some(
            QuantityKind::Killed
                | QuantityKind::Injured
                | QuantityKind::Arrested
                | QuantityKind::Abducted
        )
    );
    victim_kind
        && prev_is_subject
        && !has_object
        && !matches!(sa.w(h.a.wrapping_sub(2)), "have" | "has" | "had")
        && sa
            .actors
            .iter()
            .any(|m| m.b == h.a && sa.numbers.iter().any(|n| n.1 <= m.a + 1 && n.1 + 2 >= m.a))
}

/// Is the object right after `from` a place ("captured the town", "took Mokha", "captured
/// two NPA camps")?
pub(super) fn place_object(sa: &SentA, from: usize) -> bool {
    let n = sa.toks.len();
    let mut j = from;
    while j < (from + 6).min(n) {
        if sa.places.iter().any(|p| p.0 == j) {
            return true;
        }
        let w = sa.w(j);
        if sa.ws.place_nouns.contains(w) {
            return true;
        }
        // "taken to hospital in X": X is where they were taken, nothing seized.
        if matches!(w, "," | ";" | "." | "from" | "by" | "and")
            || sa.ws.destination_preps.contains(w)
        {
            return false;
        }
        j += 1;
    }
    false
}

/// A counted group with no lexicon entry ("25 schoolgirls", "at least 30 men"): the noun
/// after a number, as a generic (civilian) entity. Searches forward from `from` when
/// `forward`, else backward from `from` (the subject of a passive).
pub(super) fn counted_group(
    sa: &SentA,
    from: usize,
    forward: bool,
) -> Option<(usize, usize, Entity)> {
    if forward {
        // "a man", "the journalist": a single person as the object.
        let mut j = from;
        while j < sa.toks.len() && j <= from + 2 && matches!(sa.w(j), "a" | "an" | "the" | "one") {
            j += 1;
        }
        if j > from && j < sa.toks.len() && sa.ws.person_nouns.contains(sa.w(j)) {
            let tok = &sa.toks[j];
            let w = sa.w(j);
            let mut name = w.to_string();
            if let Some(first) = name.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            return Some((
                j,
                j + 1,
                Entity {
                    text: w.to_string(),
                    name,
                    country: None,
                    sector: vec!["CVL".to_string()],
                    span: Some(tok.span),
                },
            ));
        }
    }
    let num = if forward {
        sa.numbers.iter().find(|n| n.0 >= from && n.0 <= from + 2)
    } else {
        sa.numbers
            .iter()
            .rev()
            .find(|n| n.1 < from && from - n.1 <= 4)
    }?;
    let j = num.1;
    if !forward && j >= from {
        return None;
    }
    let tok = sa.toks.get(j)?;
    let w = sa.w(j);
    let bad = tok.kind != TokenKind::Word
        || tok.cap
        || sa.ws.preps.contains(w)
        || sa.ws.determiners.contains(w)
        || sa.ws.be.contains(w)
        || matches!(
            w,
            "and" | "or" | "who" | "which" | "that" | "of" | "have" | "has" | "had" | "also"
        )
        || sa.actors.iter().any(|m| m.a <= j && j < m.b);
    if bad {
        return None;
    }
    let mut name = w.to_string();
    if let Some(first) = name.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    Some((
        j,
        j + 1,
        Entity {
            text: w.to_string(),
            name,
            country: None,
            sector: vec!["CVL".to_string()],
            span: Some(tok.span),
        },
    ))
}

pub(super) fn mention_after(
    sa: &SentA,
    from: usize,
    max_gap: usize,
    allowed_preps: &[&str],
) -> Option<usize> {
    // First mention starting within `max_gap` tokens after `from`, reached through
    // determiners, numbers or one of the allowed prepositions, not crossing a clause end.
    let mut j = from;
    let limit = (from + max_gap).min(sa.toks.len());
    while j < limit {
        if let Some(mi) = sa.actors.iter().position(|m| m.a == j) {
            return Some(mi);
        }
        let w = sa.w(j);
        if matches!(
            w,
            ";" | "." | "which" | "who" | "said" | "says" | "but" | "while" | "as"
        ) {
            return None;
        }
        if w == "," && j > from {
            return None;
        }
        let ok = sa.ws.determiners.contains(w)
            || allowed_preps.contains(&w)
            || sa.numbers.iter().any(|n| n.0 <= j && j < n.1)
            || (!allowed_preps.is_empty() && sa.places.iter().any(|p| p.0 <= j && j < p.1))
            || (!allowed_preps.is_empty() && matches!(w, "in" | "of" | "control" | "over"))
            || (sa.toks[j].kind == TokenKind::Word && !sa.toks[j].cap && j < from + 3);
        if !ok {
            return None;
        }
        j += 1;
    }
    None
}

/// Actors and recipients of one candidate event.
pub(super) struct Roles {
    pub(super) actors: Vec<Arg>,
    pub(super) recipients: Vec<Arg>,
}

/// Who did what to whom for the trigger `h` read as `ty`; `prior` are the sentence's earlier
/// candidates (a participial clause inherits their subject). `None` when the reading needs
/// arguments it does not find (allegations without a hostile complement).
/// Whether the subject of trigger `h` comes from the parse: a verb in `-ing` may head a
/// participial clause (see [`participial`]).
pub(super) fn reads_participial(cx: &Sent, h: &Hit) -> bool {
    h.ing && cx.lex.triggers[h.trigger].pos == Pos::Verb
}

/// ", killing three officers and wounding five others": a participial clause (and its
/// conjuncts) takes the subject of the clause it modifies, from the parse: `Some(mention)`,
/// `Some(None)` when that subject is no actor mention, `None` when the trigger heads no such
/// clause. Always `None` unless [`reads_participial`].
pub(super) fn participial(cx: &Sent, h: &Hit) -> Option<Option<usize>> {
    if !reads_participial(cx, h) {
        return None;
    }
    cx.syn
        .head_of(h.a, h.b)
        .filter(|&w| cx.syn.agrees_with(w, Pos::Verb))
        .and_then(|w| cx.syn.participial_subject(cx.sa, w))
}

/// Every value [`participial`] can take in the sentence (without parsing it).
pub(super) fn participial_readings(cx: &Sent) -> impl Iterator<Item = Option<Option<usize>>> {
    [None, Some(None)]
        .into_iter()
        .chain((0..cx.sa.actors.len()).map(|i| Some(Some(i))))
}

/// The actors and recipients of trigger `h`, given the subject its participial clause takes
/// (`participial`, see [`participial`]).
pub(super) fn hit_roles(
    cx: &Sent,
    h: &Hit,
    ty: &Typed,
    prior: &[Cand],
    participial: Option<Option<usize>>,
) -> Option<Roles> {
    let (sa, words, n) = (cx.sa, &cx.words, cx.n);
    let t = &cx.lex.triggers[h.trigger];
    // Participial clause (", killing 12") inherits the previous event's subject.
    let mut actors: Vec<(usize, usize, Entity)> = Vec::new();
    let mut recipients: Vec<(usize, usize, Entity)> = Vec::new();
    let is_passive = passive(sa, h, t) || (t.flags.subj_victim && t.pos == Pos::Verb);
    let inherit = participial.is_none() && h.ing && h.a > 0 && words[h.a - 1] == ",";
    let mut subj: Option<usize> = None;
    if let Some(Some(si)) = participial {
        subj = Some(si);
    } else if participial.is_some() {
        // The parse names a subject the lexicon does not know: no actor, rather than a wrong one.
    } else if inherit {
        // ", the government said, thanking Ankara": after a reporting clause the
        // participle's subject is the speaker; otherwise the previous event's subject.
        let speaker = cx
            .reports
            .iter()
            .rev()
            .find(|r| r.b <= h.a && h.a - r.b <= 2)
            .and_then(|r| r.speaker);
        if let Some(si) = speaker {
            let m = &sa.actors[si];
            actors = m.entities().into_iter().map(|e| (m.a, m.b, e)).collect();
        } else if let Some(prev) = prior.last() {
            actors = prev.actors.clone();
        }
    } else {
        // Relative clause: "detainees who escaped".
        let mut p = h.a;
        while p > 0 && (sa.ws.skippable.contains(words[p - 1]) || sa.ws.be.contains(words[p - 1])) {
            p -= 1;
        }
        if p > 0 && matches!(words[p - 1], "who" | "that" | "which") {
            subj = sa.actors.iter().position(|m| m.b + 1 == p || m.b + 2 == p);
        }
        if subj.is_none() && t.pos == Pos::Noun {
            subj = noun_subject(sa, h.a);
        } else if subj.is_none() {
            subj = subject_before(sa, h.a);
            // Do not reach across another verb's object into an earlier clause.
            if let Some(si) = subj {
                let m = &sa.actors[si];
                let crossing_report = cx
                    .reports
                    .iter()
                    .any(|r| r.a >= m.b && r.b <= h.a && r.speaker == Some(si));
                let between_trigger = cx.hits.iter().any(|o| {
                    o.a >= m.b && o.b <= h.a && cx.lex.triggers[o.trigger].pos == Pos::Verb
                });
                if between_trigger
                    && !crossing_report
                    && sa.seg[m.a] != sa.seg[h.a]
                    && sa.seg[m.b.saturating_sub(1)] != sa.seg[h.a]
                {
                    subj = None;
                }
            }
            // "The Taliban, who seized power in 2021, detained ...": the subject stands
            // before the relative clause that ends right before the verb's clause.
            if subj.is_none() {
                subj = subject_before_relative(sa, h.a);
            }
        }
    }
    let mut subj_entities: Vec<(usize, usize, Entity)> = Vec::new();
    if let Some(si) = subj {
        let m = &sa.actors[si];
        let reciprocal_phrase = m.kind == MentionKind::Pronoun
            && (m.entity.text.to_ascii_lowercase().starts_with("both")
                || m.entity.text.to_ascii_lowercase().starts_with("the two"));
        let local = prior.iter().rev().find(|c| {
            let keys: std::collections::HashSet<String> = c
                .actors
                .iter()
                .chain(c.recipients.iter())
                .map(|x| entity_key(&x.2))
                .collect();
            keys.len() >= 2
        });
        match (reciprocal_phrase, local) {
            (true, Some(c)) => {
                for (_, _, e) in c.actors.iter().chain(c.recipients.iter()) {
                    if e.span == m.entity.span {
                        return None;
                    }
                    let mut e = e.clone();
                    e.text = m.entity.text.clone();
                    e.span = m.entity.span;
                    subj_entities.push((m.a, m.b, e));
                }
            }
            _ => {
                for e in m.entities() {
                    subj_entities.push((m.a, m.b, e));
                }
            }
        }
        // Coordinated subjects: "troops and allied tribal fighters".
        let mut cur = si;
        while cur > 0 {
            let m = &sa.actors[cur];
            let prev = &sa.actors[cur - 1];
            let between: Vec<&str> = (prev.b..m.a).map(|j| words[j]).collect();
            if coordination(&between) {
                for e in prev.entities() {
                    subj_entities.push((prev.a, prev.b, e));
                }
                cur -= 1;
            } else {
                break;
            }
        }
        let mut nx = si;
        while nx + 1 < sa.actors.len() {
            let m = &sa.actors[nx];
            let next = &sa.actors[nx + 1];
            if next.b > h.a {
                break;
            }
            let between: Vec<&str> = (m.b..next.a).map(|j| words[j]).collect();
            if coordination(&between) {
                for e in next.entities() {
                    subj_entities.push((next.a, next.b, e));
                }
                nx += 1;
            } else {
                break;
            }
        }
    }
    // "Israeli airstrikes": a demonym right before an event noun is its actor.
    if t.pos == Pos::Noun && actors.is_empty() && !is_passive && h.a > 0 {
        let p = h.a - 1;
        if let Some(raw) = sa.toks[p].span.slice(&cx.doc.text) {
            if sa.toks[p].cap && !sa.actors.iter().any(|m| m.a <= p && p < m.b) {
                if let Some(cc) = cx.c.actors.country_code(raw) {
                    let sector = if matches!(ty.et, EventType::Assault | EventType::Mobilize) {
                        "MIL"
                    } else {
                        "GOV"
                    };
                    let name = cx.c.actors.country_name(cc).unwrap_or(raw).to_string();
                    actors.push((
                        p,
                        p + 1,
                        Entity {
                            text: raw.to_string(),
                            name,
                            country: Some(cc.to_string()),
                            sector: vec![sector.to_string()],
                            span: Some(sa.toks[p].span),
                        },
                    ));
                }
            }
        }
    }
    // "Israeli tanks shelled ...": a demonym and a plain noun before the verb.
    if t.pos == Pos::Verb && actors.is_empty() && subj.is_none() && !is_passive && h.a >= 2 {
        let p = h.a - 2;
        let noun_ok = sa.toks[h.a - 1].kind == TokenKind::Word
            && !sa.toks[h.a - 1].cap
            && !sa.actors.iter().any(|m| m.a < h.a && h.a - 1 < m.b);
        if let Some(raw) = sa.toks[p].span.slice(&cx.doc.text) {
            if noun_ok && sa.toks[p].cap && !sa.actors.iter().any(|m| m.a <= p && p < m.b) {
                if let Some(cc) = cx.c.actors.country_code(raw) {
                    let name = cx.c.actors.country_name(cc).unwrap_or(raw).to_string();
                    let span = Span::new(sa.toks[p].span.start, sa.toks[h.a - 1].span.end);
                    actors.push((
                        p,
                        h.a,
                        Entity {
                            text: span.slice(&cx.doc.text).unwrap_or(raw).to_string(),
                            name,
                            country: Some(cc.to_string()),
                            sector: vec!["MIL".to_string()],
                            span: Some(span),
                        },
                    ));
                }
            }
        }
    }
    // Object / by-agent.
    let obj = if t.flags.noobj {
        None
    } else {
        let preps: &[&str] = match ty.et {
            EventType::Assault | EventType::Coerce => &["on", "against", "at"],
            EventType::Aid | EventType::Support | EventType::Cooperate => &["to", "for"],
            EventType::Retreat => &["to"],
            EventType::Sanction | EventType::Threaten | EventType::Accuse => &["on", "against"],
            _ => &[],
        };
        let reach = if ty.et == EventType::Retreat { 12 } else { 6 };
        mention_after(sa, h.b, reach, preps)
    };
    let by_agent = if words.get(h.b) == Some(&"by") || words.get(h.b + 1) == Some(&"by") {
        sa.actors.iter().position(|m| m.a > h.b && m.a <= h.b + 4)
    } else {
        None
    };
    if is_passive {
        recipients.extend(subj_entities.iter().cloned());
        if let Some(bi) = by_agent {
            let m = &sa.actors[bi];
            for e in m.entities() {
                actors.push((m.a, m.b, e));
            }
        }
    } else if !inherit {
        actors.extend(subj_entities.iter().cloned());
        if t.pos == Pos::Noun {
            if let Some(bi) = by_agent {
                let m = &sa.actors[bi];
                for e in m.entities() {
                    actors.push((m.a, m.b, e));
                }
            }
            // "criticism from rights groups"
            if matches!(
                ty.et,
                EventType::Accuse | EventType::Support | EventType::Request
            ) && words.get(h.b) == Some(&"from")
            {
                if let Some(mi) = sa.actors.iter().position(|m| m.a > h.b && m.a <= h.b + 3) {
                    let m = &sa.actors[mi];
                    actors = m.entities().into_iter().map(|e| (m.a, m.b, e)).collect();
                }
            }
        }
        if let Some(oi) = obj {
            let m = &sa.actors[oi];
            for e in m.entities() {
                recipients.push((m.a, m.b, e));
            }
        }
    } else if let Some(oi) = obj {
        let m = &sa.actors[oi];
        for e in m.entities() {
            recipients.push((m.a, m.b, e));
        }
    }
    // Counted groups the lexicon does not know: "abducted 25 schoolgirls".
    if matches!(
        ty.et,
        EventType::Assault | EventType::Coerce | EventType::Retreat | EventType::Aid
    ) {
        if is_passive && recipients.is_empty() {
            recipients.extend(counted_group(sa, h.a, false));
        } else if !is_passive && recipients.is_empty() && obj.is_none() && !t.flags.noobj {
            recipients.extend(counted_group(sa, h.b, true));
        }
    }
    // "clashes with X", "agreement with X", "between X and Y".
    if t.flags.with_actor {
        for j in h.b..(h.b + 6).min(n) {
            if matches!(words[j], "with" | "between") {
                let mut idx = sa.actors.iter().position(|m| m.a > j && m.a <= j + 3);
                while let Some(mi) = idx {
                    let m = &sa.actors[mi];
                    for e in m.entities() {
                        if ty.et == EventType::Assault {
                            actors.push((m.a, m.b, e));
                        } else {
                            recipients.push((m.a, m.b, e));
                        }
                    }
                    idx = sa.actors.get(mi + 1).and_then(|nx| {
                        let between: Vec<&str> = (m.b..nx.a).map(|q| words[q]).collect();
                        (between == ["and"] || between == [",", "and"]).then_some(mi + 1)
                    });
                }
                break;
            }
            if matches!(words[j], "," | ";") {
                break;
            }
        }
    }
    // "took control of X from Y": Y is the recipient.
    if t.flags.from_rcp {
        for j in h.b..(h.b + 10).min(n) {
            if words[j] == "from"
                || (words[j] == "of" && words.get(j.wrapping_sub(1)) == Some(&"out"))
            {
                if let Some(mi) = sa.actors.iter().position(|m| m.a > j && m.a <= j + 3) {
                    let m = &sa.actors[mi];
                    recipients.retain(|r| r.0 != m.a);
                    for e in m.entities() {
                        recipients.push((m.a, m.b, e));
                    }
                }
                break;
            }
            if matches!(words[j], ";") {
                break;
            }
        }
        // "pushed X out of ...": X (inside the gap) is the recipient.
        if t.pattern.contains('*') {
            if let Some(m) = sa.actors.iter().find(|m| m.a >= h.a && m.b <= h.b) {
                recipients = m.entities().into_iter().map(|e| (m.a, m.b, e)).collect();
            }
        }
    }
    // Allegation verbs: "X claimed the SDF abandoned the camp" is ACCUSE X -> SDF when the
    // complement reports a hostile act; otherwise the verb only reports.
    if t.flags.claim {
        let hostile = cx.hits.iter().any(|o| {
            o.a > h.b && {
                let ot = &cx.lex.triggers[o.trigger];
                matches!(
                    ot.event_type,
                    EventType::Assault | EventType::Coerce | EventType::Retreat | EventType::Escape
                )
            }
        });
        let resp = words.get(h.b) == Some(&"responsibility")
            || words.get(h.b + 1) == Some(&"responsibility");
        if resp || !hostile {
            return None;
        }
        recipients = obj
            .map(|oi| {
                let m = &sa.actors[oi];
                m.entities().into_iter().map(|e| (m.a, m.b, e)).collect()
            })
            .unwrap_or_default();
        if recipients.is_empty() {
            return None;
        }
    }
    // "rejected the allegations made by Pakistan", "a charge Kabul rejected", "dismissed the
    // panel's findings": a rejection answers the author of what it rejects.
    if recipients.is_empty() && matches!(ty.et, EventType::Reject) && t.pos == Pos::Verb {
        if let Some(mi) = cx
            .syn
            .head_of(h.a, h.b)
            .filter(|&w| cx.syn.agrees_with(w, Pos::Verb))
            .and_then(|w| cx.syn.author_of_object(sa, w))
        {
            let m = &sa.actors[mi];
            recipients = m.entities().into_iter().map(|e| (m.a, m.b, e)).collect();
        }
    }
    // Drop recipients that are the actors themselves.
    let akeys: Vec<String> = actors.iter().map(|a| entity_key(&a.2)).collect();
    let reciprocal = words.contains(&"other") && words.contains(&"each");
    if !reciprocal {
        recipients.retain(|r| !akeys.contains(&entity_key(&r.2)));
    }

    Some(Roles { actors, recipients })
}

/// Arrests, curfews, restrictions, seizures and crowd control that name no agent are by the
/// state's security forces (ACLED's convention): "dozens were detained overnight". The implied
/// actor has no text in the document (no span); the caller lowers the event's confidence.
/// Returns whether it added one.
pub(super) fn implied_security_forces(
    cx: &Sent,
    ty: &Typed,
    st: &DocState,
    roles: &mut Roles,
) -> bool {
    let mode = ty.mode.as_deref();
    let police_work = match ty.et {
        EventType::Coerce => matches!(mode, Some("arrest" | "curfew" | "restrict")),
        EventType::Assault => mode == Some("crowd-control"),
        _ => false,
    };
    if !police_work {
        return false;
    }
    let country = st.dominant.clone();
    let name = match country
        .as_deref()
        .and_then(|cc| cx.c.actors.country_name(cc))
    {
        Some(n) => format!("{n}: Security Forces"),
        None => "Security Forces".to_string(),
    };
    roles.actors.push((
        0,
        0,
        Entity {
            text: String::new(),
            name,
            country,
            sector: vec!["COP".to_string()],
            span: None,
        },
    ));
    true
}
