//! Event assembly: the evidence span (the clauses holding the trigger, its arguments and the
//! attribution), the ACLED mapping, confidence and the content-hash id.

use super::*;
use crate::acled::acled_for;
use sitrep_model::{DatePrecision, Evidence, Quad};

/// The event of candidate `cand`, with the evidence that a happening is reported: its
/// confidence before ACLED's "Other" deduction (what the emission floor judges).
pub(super) fn build_event(doc: &Document, sa: &SentA, cand: Cand) -> Option<(Event, f32)> {
    let text = doc.text.as_str();
    // Evidence: the clauses (comma-separated segments) that hold the trigger, its
    // arguments and the attribution.
    let mut lo = sa.seg[cand.t_a];
    let mut hi = sa.seg[cand.t_b.saturating_sub(1).max(cand.t_a)];
    for (a, b, _) in cand.actors.iter().chain(cand.recipients.iter()) {
        if *a < sa.seg.len() && *b <= sa.seg.len() && *b > 0 {
            lo = lo.min(sa.seg[*a]);
            hi = hi.max(sa.seg[b - 1]);
        }
    }
    if let Some((a, b)) = cand.source_range {
        if a < sa.seg.len() && b <= sa.seg.len() && b > 0 {
            lo = lo.min(sa.seg[a]);
            hi = hi.max(sa.seg[b - 1]);
        }
    }
    let first = sa.seg.iter().position(|&s| s >= lo)?;
    let last = sa.seg.iter().rposition(|&s| s <= hi)?;
    let mut fa = first;
    while fa < last
        && sa.toks[fa].kind == TokenKind::Punct
        && !matches!(sa.toks[fa].lower.as_str(), "\"" | "“")
    {
        fa += 1;
    }
    let mut la = last;
    // Keep the sentence's final punctuation when the evidence reaches the end.
    while la > fa && sa.toks[la].kind == TokenKind::Punct && sa.toks[la].lower == "," {
        la -= 1;
    }
    let span = Span::new_checked(text, sa.toks[fa].span.start, sa.toks[la].span.end).ok()?;
    let evidence = Evidence {
        start: span.start,
        end: span.end,
        text: span.slice(text)?.to_string(),
    };

    let clause: Vec<&str> = sa.toks[fa..=la].iter().map(|t| t.lower.as_str()).collect();
    let cues = super::cues::cues_of(sa.ws, &clause);
    let trigger_text = Span::new(sa.toks[cand.t_a].span.start, sa.toks[cand.t_b - 1].span.end)
        .slice(text)
        .map(str::to_string);
    let actors: Vec<Entity> = dedup_entities(cand.actors.into_iter().map(|a| a.2).collect());
    let recipients: Vec<Entity> =
        dedup_entities(cand.recipients.into_iter().map(|a| a.2).collect());
    let words_for_acled: Vec<String> = if cand.extra_words.is_empty() {
        sa.words.clone()
    } else {
        sa.words
            .iter()
            .chain(cand.extra_words.iter())
            .cloned()
            .collect()
    };
    let acled = acled_for(
        sa.ws,
        cand.event_type,
        cand.mode.as_deref(),
        &actors,
        &recipients,
        cand.acled_override,
        &words_for_acled,
    );
    let mut quantities = cand.quantities;
    for q in quantities.iter_mut() {
        if let Some(s) = q.span {
            q.text = s.slice(text).unwrap_or_default().to_string();
        }
    }
    let mut confidence = cand.confidence;
    if cand.location.is_some() {
        confidence += 0.05;
    }
    // A figure (killed, arrested, displaced ...) and an attack's weapon are evidence that a
    // particular happening is reported, not an act mentioned in passing.
    if !quantities.is_empty() {
        confidence += 0.1;
    }
    if cand.event_type == EventType::Assault && cand.mode.is_some() {
        confidence += 0.1;
    }
    if cand.hypothetical || cand.negated {
        confidence -= 0.1;
    }
    // Two decimals: what the figure means, and no 0.79999995 in the JSON.
    let round = |c: f32| ((c.clamp(0.05, 0.95) * 100.0).round()) / 100.0;
    let existence = round(confidence);
    // ACLED's catch-all "Other" is a fallback coding: less certain than a specific one.
    if acled
        .as_ref()
        .is_some_and(|a| a.sub_event_type == AcledSubEventType::Other)
    {
        confidence -= 0.15;
    }
    let confidence = round(confidence);
    let id = Event::compute_id(
        &doc.id,
        cand.event_type,
        cand.mode.as_deref(),
        &evidence,
        trigger_text.as_deref(),
    );
    let date = cand.date.filter(|d| {
        d.value.is_some() || d.precision != DatePrecision::Unresolved || !d.text.is_empty()
    });
    let event = Event {
        doc_id: doc.id.clone(),
        id,
        event_type: cand.event_type,
        mode: cand.mode,
        context: cand.context,
        confidence,
        actor: actors,
        recipient: recipients,
        location: cand.location,
        date,
        quantities,
        source: cand.source,
        attribution: cand.attribution,
        historical: cand.historical,
        future: cand.future,
        hypothetical: cand.hypothetical,
        negated: cand.negated,
        acled: if cand.negated || cand.hypothetical || cand.future {
            None
        } else {
            acled
        },
        evidence,
        trigger: trigger_text,
        cues,
    };
    Some((event, existence))
}

/// The least confidence of an emitted event that the clause presents as happening (marked
/// events, which users filter by their markers, are always emitted). Measured on the
/// development and held-out stories (EVALUATION.md): below these floors most events are
/// words in passing, not reported happenings. Verbal and relational events (a statement,
/// a meeting, support, cooperation) need more evidence than material ones, since the words
/// that name them are far more often used without reporting one.
const EMISSION_FLOOR_RELATIONAL: f32 = 0.65;
const EMISSION_FLOOR: f32 = 0.6;

/// Whether `ev`, with `existence` the evidence that it is reported ([`build_event`]), is a
/// live event below its emission floor. The floor judges whether a happening is reported, not
/// how certain its ACLED coding is.
pub(super) fn below_emission_floor(ev: &Event, existence: f32) -> bool {
    if ev.negated || ev.future || ev.hypothetical || ev.historical {
        return false;
    }
    // Statements (PLOVER's verbal quads) and cooperation.
    let relational = matches!(
        ev.event_type.quad(),
        Quad::VerbalCooperation | Quad::VerbalConflict
    ) || ev.event_type == EventType::Cooperate;
    let floor = if relational {
        EMISSION_FLOOR_RELATIONAL
    } else {
        EMISSION_FLOOR
    };
    // Confidence is rounded to two decimals: compare with a margin below the floor.
    existence < floor - 0.001
}

pub(super) fn dedup_entities(v: Vec<Entity>) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    for e in v {
        if !out.iter().any(|o| entity_key(o) == entity_key(&e)) {
            out.push(e);
        }
    }
    out
}
