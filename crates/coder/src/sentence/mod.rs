//! Sentence-level coding: a document is analysed sentence by sentence (tokens, actor, place,
//! date and number mentions), then each sentence is coded by a list of passes:
//!
//! 1. [`triggers`]: event triggers and the sentence's reporting cues ([`attribution`]);
//! 2. [`typing`]: the type and mode each trigger takes in its context, or none;
//! 3. [`roles`]: actors and recipients (subject, object, passive agent, coordination, coreference
//!    from [`coref`]);
//! 4. [`modality`]: negated, future, hypothetical and historical readings;
//! 5. [`attribution`]: the source of each event;
//! 6. [`quantities`], [`places`], [`dates`]: figures, place and date of each event;
//! 7. [`domain`]: conflict-domain folding (protests and their policing, duplicates);
//! 8. [`event`]: assembly of the [`Event`] record with its evidence span.
//!
//! Everything works on token indices of one sentence; spans are only turned back into
//! byte offsets (always taken from tokenizer/recogniser output, never computed) when the
//! event is built.

mod analysis;
mod attribution;
mod coref;
mod cues;
mod dates;
mod domain;
mod event;
mod modality;
mod places;
mod quantities;
mod roles;
mod syn;
mod triggers;
mod typing;

use analysis::*;
use attribution::*;
use coref::*;
use dates::*;
use domain::*;
use event::*;
use modality::*;
use places::*;
use quantities::*;
use roles::*;
use syn::*;
use triggers::*;
use typing::*;

use crate::lexicon::{Lexicon, Origin, Pos, Trigger};
use crate::words::{WordSet, Words};
use crate::Coder;
use sitrep_gazetteer::PlaceKind;
use sitrep_gazetteer::PlaceMention;
use sitrep_lexicon::MentionKind;
use sitrep_model::{
    AcledSubEventType, Document, Entity, Event, EventDate, EventType, Location, Quantity,
    QuantityKind, Span,
};
use sitrep_text::dates::DateMention;
use sitrep_text::numbers::NumberMention;
use sitrep_text::{Sentence, TokenKind};
use std::collections::HashMap;

/// A token of the sentence being coded, with its folded lowercase form.
struct Tok {
    span: Span,
    lower: String,
    kind: TokenKind,
    cap: bool,
}

/// An actor mention mapped onto token indices `[a, b)`.
#[derive(Clone)]
struct Mention {
    a: usize,
    b: usize,
    entity: Entity,
    kind: MentionKind,
    plural: bool,
    /// Resolved antecedents for pronouns ("it", "the group", "both sides").
    resolved: Vec<Entity>,
}

impl Mention {
    fn entities(&self) -> Vec<Entity> {
        if self.resolved.is_empty() {
            vec![self.entity.clone()]
        } else {
            self.resolved
                .iter()
                .map(|e| {
                    let mut e = e.clone();
                    e.text = self.entity.text.clone();
                    e.span = self.entity.span;
                    e
                })
                .collect()
        }
    }
}

struct SentA<'d> {
    /// The coder's word sets.
    ws: &'d Words,
    sent: Sentence,
    toks: Vec<Tok>,
    words: Vec<String>,
    seg: Vec<usize>,
    actors: Vec<Mention>,
    places: Vec<(usize, usize, &'d PlaceMention)>,
    numbers: Vec<(usize, usize, NumberMention)>,
    dates: Vec<(usize, usize, DateMention)>,
}

impl SentA<'_> {
    fn w(&self, i: usize) -> &str {
        self.words.get(i).map(String::as_str).unwrap_or("")
    }
    fn in_mention(&self, i: usize) -> bool {
        self.actors.iter().any(|m| m.a <= i && i < m.b)
            || self.places.iter().any(|p| p.0 <= i && i < p.1)
            || self.dates.iter().any(|d| d.0 <= i && i < d.1)
    }
}

/// Token index range `[a, b)` covered by a byte span.
fn tok_range(toks: &[Tok], span: Span) -> Option<(usize, usize)> {
    let a = toks.iter().position(|t| t.span.end > span.start)?;
    let b = toks.iter().rposition(|t| t.span.start < span.end)? + 1;
    (a < b).then_some((a, b))
}

fn is_state_sector(s: &str) -> bool {
    matches!(s, "GOV" | "MIL" | "COP" | "SPY" | "JUD" | "LEG")
}

fn is_armed_entity(e: &Entity) -> bool {
    e.country.as_deref() == Some("IMG")
        || e.sector
            .iter()
            .any(|s| matches!(s.as_str(), "MIL" | "REB" | "UAF" | "PRM" | "COP" | "SPY"))
}

fn entity_key(e: &Entity) -> String {
    e.name.to_ascii_lowercase()
}

/// An argument of a candidate event: token range `[a, b)` of its mention and the entity.
type Arg = (usize, usize, Entity);

/// A candidate event inside one sentence, before it becomes an [`Event`].
#[derive(Clone)]
struct Cand {
    t_a: usize,
    t_b: usize,
    trigger: usize,
    event_type: EventType,
    mode: Option<String>,
    actors: Vec<(usize, usize, Entity)>,
    recipients: Vec<(usize, usize, Entity)>,
    source: Option<Entity>,
    attribution: Option<String>,
    source_range: Option<(usize, usize)>,
    quantities: Vec<Quantity>,
    location: Option<Location>,
    date: Option<EventDate>,
    negated: bool,
    future: bool,
    hypothetical: bool,
    historical: bool,
    confidence: f32,
    context: Vec<String>,
    acled_override: Option<AcledSubEventType>,
    dropped: bool,
    /// Words of a neighbouring sentence that informed the mode (read by the ACLED mapping).
    extra_words: Vec<String>,
}

/// Document-level memory used for coreference and carry-over.
#[derive(Default)]
struct DocState {
    /// Non-pronoun actor mentions seen so far (entity, plural, kind).
    history: Vec<(Entity, bool, MentionKind)>,
    /// Places seen so far (kind, location).
    places: Vec<(PlaceKind, Location)>,
    /// The parties of the most recent event with two or more sides.
    last_parties: Vec<Entity>,
    /// Actors of recent events, most recent last (salient antecedents).
    event_actors: Vec<(Entity, bool, MentionKind)>,
    /// The strongest weapon cue of the next sentence in the paragraph.
    next_weapon: Option<String>,
    /// The words of that next sentence (for the ACLED mapping of a mode taken from it).
    next_words: Vec<String>,
    /// Event types emitted so far.
    emitted: Vec<EventType>,
    /// The escaped figure of the document's latest escape that has one (what "all have been
    /// recaptured" counts).
    escaped: Option<Quantity>,
    paragraph: usize,
    par_date: Option<EventDate>,
    par_location: Option<Location>,
    /// The dateline's place ("KABUL —"): the default place of a clause that names none.
    dateline: Option<Location>,
    /// The document's dominant country (ISO alpha-3).
    dominant: Option<String>,
}

/// Codes one document; `trace` receives one line per candidate event of each sentence.
pub(crate) fn code_document(
    c: &Coder,
    doc: &Document,
    mut trace: Option<&mut dyn FnMut(&str)>,
) -> Vec<Event> {
    let text = doc.text.as_str();
    if text.trim().is_empty() {
        return Vec::new();
    }
    let sents = sitrep_text::sentences(text);
    let spans: Vec<Span> = sents.iter().map(|s| s.span).collect();
    let places = c.gazetteer.places_in(text, &spans);
    let has_body = sents.iter().any(|s| !s.headline);

    // Phase 1: analyse every sentence.
    let mut analysed: Vec<SentA> = Vec::with_capacity(sents.len());
    for s in &sents {
        analysed.push(analyse(c, doc, s, &places));
    }

    // The document's dominant country (for state agents named without one).
    let mut counts: HashMap<String, usize> = HashMap::new();
    for sa in &analysed {
        for m in &sa.actors {
            if let Some(cc) = &m.entity.country {
                if cc.len() == 3 && !matches!(cc.as_str(), "IGO" | "UNO" | "EUR" | "NGO" | "IMG") {
                    *counts.entry(cc.clone()).or_default() += 2;
                }
            }
        }
        for p in &sa.places {
            if let Some(cc) = &p.2.location.country {
                *counts.entry(cc.clone()).or_default() += 1;
            }
        }
    }
    let dominant = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(k, _)| k);

    let mut st = DocState {
        dominant: dominant.clone(),
        dateline: dateline_place(c.gazetteer, text),
        ..DocState::default()
    };
    let mut events = Vec::new();
    for idx in 0..analysed.len() {
        let next = analysed
            .get(idx + 1)
            .filter(|n| n.sent.paragraph == analysed[idx].sent.paragraph);
        st.next_weapon = next.and_then(|n| best_weapon(&c.lex, &n.words));
        st.next_words = match (&st.next_weapon, next) {
            (Some(_), Some(n)) => n.words.clone(),
            _ => Vec::new(),
        };
        let sa = &mut analysed[idx];
        if sa.sent.paragraph != st.paragraph {
            st.paragraph = sa.sent.paragraph;
            st.par_date = None;
            st.par_location = None;
        }
        fill_country(&mut sa.actors, dominant.as_deref());
        resolve_pronouns(sa, &st);
        if sa.sent.headline && has_body {
            remember(sa, &mut st);
            continue;
        }
        let cands = code_sentence(c, doc, sa, &mut st, &places, &mut trace);
        for cand in cands {
            if let Some((ev, existence)) = build_event(doc, sa, cand) {
                if below_emission_floor(&ev, existence) {
                    if let Some(tr) = trace.as_mut() {
                        let t = ev.trigger.as_deref().unwrap_or("");
                        tr(&format!(
                            "dropped {} {t:?}: confidence {:.2} below the floor",
                            ev.event_type.as_str(),
                            ev.confidence
                        ));
                    }
                    continue;
                }
                events.push(ev);
            }
        }
        remember(sa, &mut st);
    }
    events.sort_by_key(|e| (e.evidence.start, e.evidence.end));
    events
}

/// One sentence being coded: its analysis, triggers and reporting cues, shared by the passes.
struct Sent<'a, 'd> {
    c: &'a Coder,
    lex: &'a Lexicon,
    doc: &'a Document,
    sa: &'a SentA<'d>,
    words: Vec<&'a str>,
    n: usize,
    armed: bool,
    nonpol: bool,
    hits: Vec<Hit>,
    reports: Vec<Report>,
    /// The sentence's parse, made when a pass first asks for it (only sentences with a
    /// trigger can be parsed).
    syn: LazySyn<'a, 'd>,
}

/// Codes one sentence: the passes, in order.
fn code_sentence(
    c: &Coder,
    doc: &Document,
    sa: &mut SentA,
    st: &mut DocState,
    all_places: &[PlaceMention],
    trace: &mut Option<&mut dyn FnMut(&str)>,
) -> Vec<Cand> {
    let lex = &c.lex;
    let n = sa.toks.len();
    let armed = armed_context(lex, sa);
    let mut hits = find_triggers(lex, sa, armed);
    if hits.is_empty() {
        carry_from_eventless(lex, doc, sa, st);
        return Vec::new();
    }
    let mut reports = find_reports(lex, sa, &hits);
    if speaker_pronouns(doc, sa, &reports) {
        reports = find_reports(lex, sa, &hits);
    }
    let sa: &SentA = sa;
    let syn = LazySyn::new(c.syntax, &doc.text, sa);
    reread_hits(lex, sa, &syn, armed, &mut hits);
    let cx = Sent {
        c,
        lex,
        doc,
        sa,
        words: sa.words.iter().map(String::as_str).collect(),
        n,
        armed,
        nonpol: has_cue(&lex.nonpol, sa, 0, n).is_some(),
        hits,
        reports,
        syn,
    };
    let absorbed = absorbed_hits(&cx);
    let mut cands: Vec<Cand> = Vec::new();
    for (k, h) in cx.hits.iter().enumerate() {
        if absorbed[k] {
            continue;
        }
        let Some(mut ty) = type_hit(&cx, h, st) else {
            continue;
        };
        // Every check up to `clause_rules_out` reads words, mentions and flags; the parse is
        // made (once per sentence) only for a trigger that passed them all. Each check only
        // rules the trigger out, so their order does not change which candidates are kept.
        // A participial clause's subject needs the parse: when no subject it could give makes
        // the trigger an event, the sentence is not parsed for it.
        if reads_participial(&cx, h)
            && !cx.syn.is_parsed()
            && participial_readings(&cx).all(|p| settle_roles(&cx, h, &ty, st, &cands, p).is_none())
        {
            continue;
        }
        let Some((roles, implied)) = settle_roles(&cx, h, &ty, st, &cands, participial(&cx, h))
        else {
            continue;
        };
        // `implausible` reads the type only where it is PROTEST or ASSAULT, and its mode only
        // for PROTEST: what `markers` (RETREAT, AID, ... to CONCEDE or REJECT) and
        // `refine_weapon_mode` (ASSAULT modes) change later does not change its answer.
        if implausible(&cx, h, &ty, &roles) || clause_rules_out(&cx, h, &ty) {
            continue;
        }
        if verbal_attack(&cx, &ty, &roles) {
            ty.et = EventType::Accuse;
            ty.mode = None;
            ty.acled_override = None;
        }
        let marks = markers(&cx, h, &mut ty);
        let extra_words = refine_weapon_mode(&cx, st, &mut ty);
        let mut cand = candidate(&cx, h, ty, roles, marks, extra_words);
        if implied {
            cand.confidence -= 0.1;
        }
        cands.push(cand);
    }
    attribute(&cx, &mut cands);
    attach_quantities(lex, sa, &mut cands);
    recapture_of_all(lex, sa, &mut cands, st.escaped.as_ref());
    attach_places(&cx, &mut cands, st, all_places);
    attach_dates(&cx, &mut cands, st);
    if let Some(tr) = trace.as_mut() {
        for c in &cands {
            tr(&format!(
                "cand {:?} {:?} t={}..{} actors={:?} recipients={:?} q={:?}",
                c.event_type,
                c.mode,
                c.t_a,
                c.t_b,
                c.actors
                    .iter()
                    .map(|a| a.2.text.as_str())
                    .collect::<Vec<_>>(),
                c.recipients
                    .iter()
                    .map(|a| a.2.text.as_str())
                    .collect::<Vec<_>>(),
                c.quantities.iter().map(|q| q.value).collect::<Vec<_>>()
            ));
        }
    }
    fold_protests(&mut cands);
    merge_within_sentence(&mut cands);
    remember_events(sa, &cands, st);
    cands.into_iter().filter(|c| !c.dropped).collect()
}

/// Absorption: a verbal event's complement is part of it ("accused X of failing to ...").
fn absorbed_hits(cx: &Sent) -> Vec<bool> {
    let mut absorbed = vec![false; cx.hits.len()];
    for (k, h) in cx.hits.iter().enumerate() {
        if absorbed[k] {
            continue;
        }
        let t = &cx.lex.triggers[h.trigger];
        if t.flags.absorb && !t.flags.claim {
            let stop = (h.b..cx.n).find(|&j| cx.words[j] == ";").unwrap_or(cx.n);
            for (k2, h2) in cx.hits.iter().enumerate().skip(k + 1) {
                if h2.a >= h.b && h2.a < stop {
                    absorbed[k2] = true;
                }
            }
        }
    }
    absorbed
}

/// The roles of trigger `h` (`participial`: the subject its participial clause takes), with
/// the displaced as recipients and the implied security forces (and whether they were
/// implied); `None` when the trigger has no roles or lacks the arguments it needs.
fn settle_roles(
    cx: &Sent,
    h: &Hit,
    ty: &Typed,
    st: &DocState,
    prior: &[Cand],
    participial: Option<Option<usize>>,
) -> Option<(Roles, bool)> {
    let mut roles = hit_roles(cx, h, ty, prior, participial)?;
    // Those who flee are the displaced (the recipient); the actor is whoever forced them.
    if ty.et == EventType::Displace && cx.lex.triggers[h.trigger].flags.or_displace {
        let fled = std::mem::take(&mut roles.actors);
        roles.recipients.splice(0..0, fled);
    }
    let implied = roles.actors.is_empty()
        && !cx.lex.triggers[h.trigger].flags.no_police
        && implied_security_forces(cx, ty, st, &mut roles);
    (!lacks_arguments(cx, h, &roles)).then_some((roles, implied))
}

/// Whether trigger `h` lacks the arguments it needs: an actor or recipient (`needs_actor`),
/// one of those or a number (`needs_arg`); for a CAMEO-derived verb, both an actor and a
/// recipient, with an actor shortly before it in its comma segment.
fn lacks_arguments(cx: &Sent, h: &Hit, roles: &Roles) -> bool {
    let (sa, t) = (cx.sa, &cx.lex.triggers[h.trigger]);
    let (actors, recipients) = (&roles.actors, &roles.recipients);
    (t.flags.needs_actor && actors.is_empty() && recipients.is_empty())
        || (t.flags.needs_arg
            && actors.is_empty()
            && recipients.is_empty()
            && sa.numbers.is_empty())
        || (t.origin == Origin::Cameo
            && (actors.is_empty()
                || recipients.is_empty()
                || !actors
                    .iter()
                    .any(|a| a.1 <= h.a && sa.seg[a.0] == sa.seg[h.a] && h.a - a.1 <= 8)))
}

/// A candidate event from its reading, roles and markers: its confidence and contexts.
fn candidate(
    cx: &Sent,
    h: &Hit,
    ty: Typed,
    roles: Roles,
    marks: Markers,
    extra_words: Vec<String>,
) -> Cand {
    let t = &cx.lex.triggers[h.trigger];
    let Roles { actors, recipients } = roles;
    let mut confidence: f32 = match (t.origin, t.pos) {
        (Origin::Curated, Pos::Verb) => 0.65,
        (Origin::Curated, _) => 0.55,
        (Origin::Cameo, _) => 0.45,
    };
    if t.flags.weak {
        confidence -= 0.1;
    }
    if !actors.is_empty() {
        confidence += 0.12;
    }
    if !recipients.is_empty() {
        confidence += 0.08;
    }
    let mut context = t.flags.context.clone();
    if cx.armed || matches!(ty.et, EventType::Assault | EventType::Mobilize) {
        context.push("military".into());
    }
    if actors
        .iter()
        .chain(recipients.iter())
        .any(|a| a.2.country.as_deref() == Some("IMG"))
    {
        context.push("terrorism".into());
    }
    context.sort();
    context.dedup();
    Cand {
        t_a: h.a,
        t_b: h.b,
        trigger: h.trigger,
        event_type: ty.et,
        mode: ty.mode,
        actors,
        recipients,
        source: None,
        attribution: None,
        source_range: None,
        quantities: Vec::new(),
        location: None,
        date: None,
        negated: marks.negated,
        future: marks.future,
        hypothetical: marks.hypothetical,
        historical: marks.historical,
        confidence,
        context,
        acled_override: ty.acled_override,
        dropped: false,
        extra_words,
    }
}
