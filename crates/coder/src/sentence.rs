//! Sentence-level coding: mentions, triggers, arguments, markers and events.
//!
//! Everything works on token indices of one sentence; spans are only turned back into
//! byte offsets (always taken from tokenizer/recogniser output, never computed) when the
//! event is built.

use crate::acled::acled_for;
use crate::lexicon::{Form, Lexicon, Origin, Pos, Trigger};
use crate::Coder;
use chrono::NaiveDate;
use sitrep_gazetteer::{PlaceKind, PlaceMention};
use sitrep_lexicon::{ActorMention, MentionKind};
use sitrep_model::{
    DatePrecision, Document, Entity, Event, EventDate, EventType, Evidence, Location, Quantity,
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

const PREPS: &[&str] = &[
    "from",
    "of",
    "in",
    "at",
    "into",
    "with",
    "to",
    "on",
    "against",
    "for",
    "over",
    "under",
    "near",
    "across",
    "among",
    "between",
    "including",
    "like",
    "about",
    "toward",
    "towards",
    "through",
    "inside",
    "outside",
    "around",
    "by",
    "than",
    "via",
    "within",
    "without",
];
const LOC_PREPS: &[&str] = &[
    "in",
    "at",
    "into",
    "near",
    "across",
    "inside",
    "outside",
    "throughout",
    "from",
    "around",
    "of",
    "to",
    "toward",
    "towards",
];
const BE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "get", "got", "gets", "getting",
];
const SKIPPABLE: &[&str] = &[
    "already",
    "reportedly",
    "allegedly",
    "also",
    "still",
    "just",
    "all",
    "later",
    "then",
    "recently",
    "repeatedly",
    "reportedly",
    "have",
    "has",
    "had",
    "not",
    "never",
    "now",
    "since",
    "previously",
    "subsequently",
    "apparently",
    "later",
    "eventually",
    "finally",
];
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "some",
    "several", "more", "many",
];

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
    acled_override: Option<String>,
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
    paragraph: usize,
    par_date: Option<EventDate>,
    par_location: Option<Location>,
}

pub(crate) fn code_document(c: &Coder, doc: &Document) -> Vec<Event> {
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

    let mut st = DocState::default();
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
        let cands = code_sentence(c, doc, sa, &mut st, &places);
        for cand in cands {
            if let Some(ev) = build_event(doc, sa, cand) {
                events.push(ev);
            }
        }
        remember(sa, &mut st);
    }
    events.sort_by_key(|e| (e.evidence.start, e.evidence.end));
    events
}

fn analyse<'d>(c: &Coder, doc: &Document, s: &Sentence, places: &'d [PlaceMention]) -> SentA<'d> {
    let text = doc.text.as_str();
    let toks: Vec<Tok> = sitrep_text::tokenize(text, s.span)
        .into_iter()
        .filter_map(|t| {
            let raw = t.span.slice(text)?;
            Some(Tok {
                span: t.span,
                lower: sitrep_text::fold(raw),
                kind: t.kind,
                cap: raw.chars().next().is_some_and(char::is_uppercase),
            })
        })
        .collect();
    let words: Vec<String> = toks.iter().map(|t| t.lower.clone()).collect();
    let mut seg = Vec::with_capacity(toks.len());
    let mut cur = 0usize;
    for t in &toks {
        let boundary = t.kind == TokenKind::Punct
            && matches!(
                t.lower.as_str(),
                "," | ";" | ":" | "(" | ")" | "—" | "–" | "\"" | "“" | "”"
            );
        if boundary {
            cur += 1;
        }
        seg.push(cur);
    }

    let mut actors: Vec<Mention> = Vec::new();
    for m in c.actors.find(text, s.span, doc.published) {
        let ActorMention {
            span,
            entity,
            kind,
            plural,
            ..
        } = m;
        if let Some((a, b)) = tok_range(&toks, span) {
            actors.push(Mention {
                a,
                b,
                entity,
                kind,
                plural,
                resolved: Vec::new(),
            });
        }
    }
    // Personal pronouns and reciprocal phrases the lexicon may not return.
    for (i, w) in words.iter().enumerate() {
        if actors.iter().any(|m| m.a <= i && i < m.b) {
            continue;
        }
        let (len, plural) = match w.as_str() {
            "it" => (1, false),
            "they" | "them" => (1, true),
            "he" | "she" => (1, false),
            "both"
                if words
                    .get(i + 1)
                    .is_some_and(|n| n == "sides" || n == "parties") =>
            {
                (2, true)
            }
            "each" if words.get(i + 1).is_some_and(|n| n == "other") => (2, true),
            "the"
                if words.get(i + 1).is_some_and(|n| n == "two")
                    && words.get(i + 2).is_some_and(|n| n == "sides") =>
            {
                (3, true)
            }
            _ => continue,
        };
        let b = (i + len).min(toks.len());
        let span = Span::new(toks[i].span.start, toks[b - 1].span.end);
        actors.push(Mention {
            a: i,
            b,
            entity: Entity {
                text: span.slice(text).unwrap_or_default().to_string(),
                name: span.slice(text).unwrap_or_default().to_string(),
                country: None,
                sector: Vec::new(),
                span: Some(span),
            },
            kind: MentionKind::Pronoun,
            plural,
            resolved: Vec::new(),
        });
    }
    actors.sort_by_key(|m| (m.a, m.b));

    let mut sent_places = Vec::new();
    for p in places {
        if s.span.contains(p.span) {
            if let Some((a, b)) = tok_range(&toks, p.span) {
                sent_places.push((a, b, p));
            }
        }
    }
    // "Militants from Jama'at Nusrat al-Islam wal-Muslimin", "members of Hamas": the generic
    // agent is coded as the named organisation it belongs to.
    for k in 0..actors.len() {
        let (left, right) = actors.split_at_mut(k + 1);
        let m = &mut left[k];
        let Some(next) = right.first() else { break };
        let link = (m.b..next.a).map(|j| words[j].as_str()).collect::<Vec<_>>();
        let linked = matches!(
            link.as_slice(),
            ["from"] | ["of"] | ["from", "the"] | ["of", "the"]
        );
        if linked && m.kind == MentionKind::Agent && next.kind == MentionKind::Named {
            let text = m.entity.text.clone();
            let span = m.entity.span;
            m.entity = next.entity.clone();
            m.entity.text = text;
            m.entity.span = span;
            m.kind = MentionKind::Named;
        }
    }
    // Agent words inside a place name ("Jenin refugee camp") are not actors.
    actors.retain(|m| {
        m.kind == MentionKind::Country
            || !sent_places
                .iter()
                .any(|p| p.0 <= m.a && m.b <= p.1 && (p.1 - p.0) > (m.b - m.a))
    });
    // A country or capital named after a locative preposition is a place, not an actor.
    actors.retain(|m| {
        let prev = m.a.checked_sub(1).map(|i| words[i].as_str()).unwrap_or("");
        let is_place = sent_places.iter().any(|p| p.0 <= m.a && m.b <= p.1);
        !(is_place && LOC_PREPS.contains(&prev) && m.kind == MentionKind::Country)
    });
    // Place mentions that are really actors ("Syria accused ...") are not locations.
    sent_places.retain(|p| {
        let prev = p.0.checked_sub(1).map(|i| words[i].as_str()).unwrap_or("");
        let actor_here = actors.iter().any(|m| m.a <= p.0 && p.1 <= m.b);
        !actor_here || LOC_PREPS.contains(&prev)
    });

    let mut numbers = Vec::new();
    for n in sitrep_text::numbers::find_numbers(text, s.span) {
        if let Some((a, b)) = tok_range(&toks, n.span) {
            numbers.push((a, b, n));
        }
    }
    let mut dates = Vec::new();
    for d in sitrep_text::dates::find_dates(text, s.span, doc.published) {
        if let Some((a, b)) = tok_range(&toks, d.span) {
            dates.push((a, b, d));
        }
    }
    numbers.retain(|(a, b, _)| !dates.iter().any(|(da, db, _)| a < db && da < b));

    SentA {
        sent: *s,
        toks,
        words,
        seg,
        actors,
        places: sent_places,
        numbers,
        dates,
    }
}

fn fill_country(actors: &mut [Mention], dominant: Option<&str>) {
    let Some(dom) = dominant else { return };
    for m in actors.iter_mut() {
        if m.entity.country.is_none()
            && m.kind == MentionKind::Agent
            && m.entity.sector.iter().any(|s| is_state_sector(s))
        {
            m.entity.country = Some(dom.to_string());
        }
    }
}

/// Resolves pronouns and anaphoric descriptions against earlier mentions.
fn resolve_pronouns(sa: &mut SentA, st: &DocState) {
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

fn remember(sa: &SentA, st: &mut DocState) {
    for m in &sa.actors {
        if m.kind != MentionKind::Pronoun {
            st.history.push((m.entity.clone(), m.plural, m.kind));
        }
    }
    for p in &sa.places {
        st.places.push((p.2.kind, p.2.location.clone()));
    }
}

/// The most specific weapon cue among `words` (an ASSAULT mode).
fn best_weapon(lex: &Lexicon, words: &[String]) -> Option<String> {
    let mut best: Option<(u8, &str)> = None;
    for i in 0..words.len() {
        if let Some((_, v)) = lex.weapon.match_at(words, i) {
            let rank = match v {
                "suicide-attack" => 9,
                "unconventional" => 8,
                "drone" | "aerial" => 7,
                "heavy-weapons" => 6,
                "explosives" => 5,
                "sexual" => 4,
                "crowd-control" => 3,
                "firearms" => 2,
                "primitive" => 1,
                _ => 0,
            };
            if best.is_none_or(|b| rank > b.0) {
                best = Some((rank, v));
            }
        }
    }
    best.map(|(_, v)| v.to_string())
}

/// Does the form match at token `i`? Returns the end index (exclusive).
///
/// The form was found under the word at `i` (its first word), which is therefore not compared
/// again: the list of forms of a frequent verb is long.
fn match_form(sa: &SentA, i: usize, form: &Form) -> Option<usize> {
    let mut j = i;
    let mut k = 0;
    if form.words.first().is_some_and(|w| w != "*") {
        j += 1;
        k += 1;
    }
    while k < form.words.len() {
        let w = &form.words[k];
        if w == "*" {
            let next = form.words.get(k + 1)?;
            let mut found = None;
            for gap in 0..=4 {
                if sa.w(j + gap) == next {
                    found = Some(j + gap);
                    break;
                }
                if matches!(sa.w(j + gap), "," | ";" | "." | "") {
                    break;
                }
            }
            j = found? + 1;
            k += 2;
            continue;
        }
        if sa.w(j) != w {
            return None;
        }
        j += 1;
        k += 1;
    }
    Some(j)
}

struct Hit {
    a: usize,
    b: usize,
    trigger: usize,
    participle: bool,
    ing: bool,
}

fn find_triggers(lex: &Lexicon, sa: &SentA, armed: bool) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut i = 0;
    while i < sa.toks.len() {
        let in_place_or_date = sa.places.iter().any(|p| p.0 <= i && i < p.1)
            || sa.dates.iter().any(|d| d.0 <= i && i < d.1);
        if sa.toks[i].kind != TokenKind::Word
            || in_place_or_date
            || (sa.w(i) == "according" && sa.w(i + 1) == "to")
        {
            i += 1;
            continue;
        }
        let prev = i.checked_sub(1).map(|j| sa.w(j)).unwrap_or("");
        // Noun or verb reading of an ambiguous form ("the recent clashes" / "troops clash").
        let verb_context = i == 0
            || sa.actors.iter().any(|m| m.b == i)
            || matches!(
                prev,
                "to" | "will"
                    | "would"
                    | "could"
                    | "can"
                    | "may"
                    | "might"
                    | "did"
                    | "not"
                    | "n't"
                    | "who"
                    | "which"
                    | "that"
                    | "also"
                    | "they"
                    | "it"
                    | "he"
                    | "she"
                    | "we"
                    | "i"
                    | "have"
                    | "has"
                    | "had"
                    | "and"
            )
            || prev.ends_with("ly");
        let after_det = !verb_context;
        let mut best: Option<Hit> = None;
        if let Some(forms) = lex.forms.get(sa.w(i)) {
            for f in forms {
                let Some(end) = match_form(sa, i, f) else {
                    continue;
                };
                let t = &lex.triggers[f.trigger];
                // Newsroom boilerplate: "did not respond to requests for comment".
                if sa.w(end) == "for" && sa.w(end + 1) == "comment" {
                    continue;
                }
                // Readings that need (or exclude) an armed context: "strike" is an attack
                // among weapons and troops, a labour protest elsewhere.
                if (t.flags.armed && !armed) || (t.flags.unarmed && armed) {
                    continue;
                }
                // Capitalised mid-sentence nouns are names ("Operation Dawn Strike").
                if t.pos == Pos::Noun && sa.toks[i].cap && i > 0 && !sa.sent.headline {
                    continue;
                }
                // Patterns spanning mentions are not triggers, except gaps ("push X out").
                let gap = f.words.iter().any(|w| w == "*");
                let multi = f.words.len() >= 2;
                let blocked = (i..end).any(|j| {
                    if multi {
                        sa.places.iter().any(|p| p.0 <= j && j < p.1)
                            || sa.dates.iter().any(|d| d.0 <= j && j < d.1)
                    } else {
                        sa.in_mention(j)
                    }
                });
                if blocked && !gap {
                    continue;
                }
                if t.origin == Origin::Cameo && !t.object.is_empty() {
                    let ok = (end..(end + 5).min(sa.toks.len()))
                        .any(|j| t.object.iter().enumerate().all(|(k, o)| sa.w(j + k) == o));
                    if !ok {
                        continue;
                    }
                }
                // Participles used as adjectives ("allied fighters", "the wounded men").
                if f.participle
                    && t.pos == Pos::Verb
                    && end == i + 1
                    && (DETERMINERS.contains(&prev)
                        || matches!(prev, "and" | "," | "of")
                        || prev.ends_with("ly")
                        || sa.numbers.iter().any(|n| n.1 == i))
                    && (sa.actors.iter().any(|m| m.a == end)
                        || sa.toks.get(end).is_some_and(|t| t.cap))
                {
                    continue;
                }
                // "civilians linked to ...", "groups based in ...": reduced relatives, not events.
                if t.origin == Origin::Cameo
                    && f.participle
                    && matches!(
                        sa.w(end),
                        "to" | "by" | "in" | "with" | "at" | "from" | "for" | "on"
                    )
                    && !matches!(prev, "has" | "have" | "had")
                {
                    continue;
                }
                // A bare verb form in a noun slot ("apartment blocks") is not a verb.
                if after_det
                    && t.pos == Pos::Verb
                    && !f.participle
                    && !f.ing
                    && prev != "to"
                    && !lex.forms.get(sa.w(i)).is_some_and(|fs| {
                        fs.iter().any(|g| lex.triggers[g.trigger].pos == Pos::Noun)
                    })
                    && i > 0
                {
                    continue;
                }
                let rank = |t: &Trigger| -> u8 {
                    let pos_ok = match t.pos {
                        Pos::Noun => after_det,
                        Pos::Verb => !after_det,
                        Pos::Fixed => true,
                    };
                    (pos_ok as u8) * 2 + (t.origin == Origin::Curated) as u8
                };
                let better = match &best {
                    None => true,
                    Some(b) => {
                        let bt = &lex.triggers[b.trigger];
                        (end - i) > (b.b - b.a) || ((end - i) == (b.b - b.a) && rank(t) > rank(bt))
                    }
                };
                if better {
                    best = Some(Hit {
                        a: i,
                        b: end,
                        trigger: f.trigger,
                        participle: f.participle,
                        ing: f.ing,
                    });
                }
            }
        }
        if let Some(h) = best {
            i = h.b.max(i + 1);
            hits.push(h);
        } else {
            i += 1;
        }
    }
    hits
}

/// Reporting cues of a sentence: (token range of the cue, speaker mention index, scope).
struct Report {
    a: usize,
    b: usize,
    speaker: Option<usize>,
    /// Events in `[scope_a, scope_b)` are claimed by the speaker.
    scope_a: usize,
    scope_b: usize,
    text: String,
}

fn subject_before(sa: &SentA, pos: usize) -> Option<usize> {
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
        while pj > 0 && DETERMINERS.contains(&sa.w(pj - 1)) {
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
        if PREPS.contains(&prev) && !partitive {
            continue;
        }
        best = Some(mi);
    }
    best
}

/// The mention right before a ", who/which ...," clause that closes just before `pos`.
fn subject_before_relative(sa: &SentA, pos: usize) -> Option<usize> {
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

/// Verbs whose object noun names the event ("launched an offensive", "announced a truce").
const LIGHT_VERBS: &[&str] = &[
    "launch",
    "launched",
    "launching",
    "launches",
    "carried",
    "carry",
    "carrying",
    "carries",
    "conducted",
    "conduct",
    "conducting",
    "conducts",
    "staged",
    "stage",
    "staging",
    "mounted",
    "mount",
    "announced",
    "announce",
    "announces",
    "declared",
    "declare",
    "declares",
    "began",
    "begin",
    "begun",
    "held",
    "hold",
    "holds",
    "signed",
    "sign",
    "signs",
    "reached",
    "reach",
    "ordered",
    "order",
    "claimed",
    "claim",
    "continued",
    "continue",
    "continues",
    "intensified",
    "intensify",
    "resumed",
    "resume",
    "unleashed",
    "made",
    "make",
    "fired",
    "organised",
    "organized",
    "organise",
    "organize",
    "led",
    "lead",
    "leads",
    "called",
    "call",
    "agreed",
    "brokered",
    "broker",
    "accepted",
    "accept",
    "violated",
    "violate",
    "rejected",
    "out",
    "reported",
    "reports",
    "report",
    "drew",
    "drawing",
    "draw",
    "faced",
    "face",
    "opened",
    "expressed",
    "voiced",
    "issued",
    "imposed",
    "impose",
    "staged",
    "went",
    "go",
    "goes",
    "going",
    "staged",
];

/// The actor of an event noun: a modifier right before it ("Israeli airstrikes", "the
/// army's offensive") or the subject of a light verb governing it.
/// Tokens between two coordinated mentions: "and", ",", ", and", "and allied", "as well as".
fn coordination(between: &[&str]) -> bool {
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

fn noun_subject(sa: &SentA, at: usize) -> Option<usize> {
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
        if LIGHT_VERBS.contains(&w) {
            let mut r = q;
            if w == "out" {
                r = q.saturating_sub(1);
            }
            return subject_before(sa, r);
        }
        let inside_mention = sa.actors.iter().any(|m| m.a <= q && q < m.b);
        let lower_word = sa.toks[q].kind == TokenKind::Word && !sa.toks[q].cap;
        let number = sa.numbers.iter().any(|n| n.0 <= q && q < n.1);
        if !inside_mention && (DETERMINERS.contains(&w) || lower_word || number) {
            p = q;
            continue;
        }
        break;
    }
    None
}

fn find_reports(lex: &Lexicon, sa: &SentA, hits: &[Hit]) -> Vec<Report> {
    let n = sa.toks.len();
    let mut out = Vec::new();
    let words: Vec<&str> = sa.words.iter().map(String::as_str).collect();
    let mut i = 0;
    while i < n {
        if words[i] == "according" && words.get(i + 1) == Some(&"to") {
            // Speaker: first mention starting within 4 tokens.
            let sp = sa.actors.iter().position(|m| m.a >= i + 2 && m.a <= i + 5);
            let end = sp.map(|k| sa.actors[k].b).unwrap_or_else(|| {
                (i + 2..n)
                    .find(|&j| sa.toks[j].kind == TokenKind::Punct)
                    .unwrap_or(n)
            });
            let text = span_text(sa, i, end);
            out.push(Report {
                a: i,
                b: end,
                speaker: sp,
                scope_a: 0,
                scope_b: n,
                text,
            });
            i = end.max(i + 1);
            continue;
        }
        let Some((len, _)) = lex.report.match_at(&words, i) else {
            i += 1;
            continue;
        };
        if hits.iter().any(|h| h.a <= i && i < h.b) {
            i += len;
            continue;
        }
        let prev = i.checked_sub(1).map(|j| words[j]).unwrap_or("");
        let after_comma = prev == "," || prev == "\"" || prev == "”";
        // "..., said the ministry" / "..., the ministry said"
        let right = sa.actors.iter().position(|m| {
            m.a == i + len || (m.a == i + len + 1 && DETERMINERS.contains(&words[i + len]))
        });
        let left_adj = sa
            .actors
            .iter()
            .position(|m| m.b == i || (m.b + 1 == i && SKIPPABLE.contains(&words[m.b])));
        if words[i] == "saying" || words[i] == "adding" {
            // ", saying ...": the speaker is the subject of the sentence.
            let sp = subject_before(sa, i);
            out.push(Report {
                a: i,
                b: i + len,
                speaker: sp,
                scope_a: i + len,
                scope_b: n,
                text: words[i].to_string(),
            });
        } else if after_comma && right.is_some() {
            out.push(Report {
                a: i,
                b: i + len,
                speaker: right,
                scope_a: 0,
                scope_b: i,
                text: span_text(sa, i, sa.actors[right.unwrap_or(0)].b),
            });
        } else if let Some(l) = left_adj
            .filter(|&l| {
                let m = &sa.actors[l];
                let before = m.a.checked_sub(1).map(|j| words[j]).unwrap_or("");
                (before == "," || before == "\"" || before == "”") && i + len >= n.saturating_sub(2)
            })
            .or_else(|| {
                // "..., the territory's health ministry said." (the verb ends the sentence)
                let at_end = (i + len..n).all(|j| {
                    sa.toks[j].kind == TokenKind::Punct
                        || sa.dates.iter().any(|d| d.0 <= j && j < d.1)
                        || matches!(
                            words[j],
                            "on" | "in"
                                | "a"
                                | "statement"
                                | "to"
                                | "reporters"
                                | "journalists"
                                | "late"
                                | "early"
                                | "earlier"
                                | "later"
                                | "monday"
                                | "tuesday"
                                | "wednesday"
                                | "thursday"
                                | "friday"
                                | "saturday"
                                | "sunday"
                                | "today"
                                | "yesterday"
                                | "tonight"
                        )
                });
                let comma_before = (0..i).rev().take(10).any(|j| words[j] == ",");
                if !at_end || !comma_before {
                    return None;
                }
                sa.actors
                    .iter()
                    .rposition(|m| m.b <= i && i - m.b <= 2 && m.a > 0)
            })
        {
            out.push(Report {
                a: i,
                b: i + len,
                speaker: Some(l),
                scope_a: 0,
                scope_b: sa.actors[l].a,
                text: words[i].to_string(),
            });
        } else {
            let sp = subject_before(sa, i);
            out.push(Report {
                a: i,
                b: i + len,
                speaker: sp,
                scope_a: i + len,
                scope_b: n,
                text: words[i].to_string(),
            });
        }
        i += len;
    }
    out
}

/// The noun phrase right before a reporting verb when the lexicon found no speaker: the
/// tokens of the verb's clause before it (1-6 words, determiners dropped).
fn speaker_phrase(sa: &SentA, r: &Report) -> Option<(usize, usize)> {
    if r.a == 0 || r.text.starts_with("according") || r.text == "saying" || r.text == "adding" {
        return None;
    }
    let seg = sa.seg[r.a];
    let mut a = (0..r.a)
        .rev()
        .find(|&j| sa.seg[j] != seg)
        .map(|j| j + 1)
        .unwrap_or(0);
    while a < r.a && (sa.toks[a].kind == TokenKind::Punct || DETERMINERS.contains(&sa.w(a))) {
        a += 1;
    }
    let len = r.a.saturating_sub(a);
    if len == 0 || len > 6 {
        return None;
    }
    if matches!(
        sa.w(a),
        "as" | "when"
            | "while"
            | "if"
            | "after"
            | "before"
            | "because"
            | "although"
            | "but"
            | "and"
            | "so"
            | "since"
            | "where"
    ) {
        return None;
    }
    let ok = (a..r.a).all(|j| {
        sa.toks[j].kind == TokenKind::Word
            && !matches!(
                sa.w(j),
                "it" | "he" | "she" | "they" | "we" | "i" | "who" | "which" | "that"
            )
    });
    ok.then_some((a, r.a))
}

fn span_text(sa: &SentA, a: usize, b: usize) -> String {
    if a >= b || b > sa.toks.len() {
        return String::new();
    }
    sa.toks[a..b]
        .iter()
        .map(|t| t.lower.as_str())
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
}

fn has_cue(
    set: &crate::lexicon::PhraseSet,
    sa: &SentA,
    a: usize,
    b: usize,
) -> Option<(usize, String)> {
    let words = &sa.words;
    for i in a..b.min(words.len()) {
        if let Some((_, v)) = set.match_at(words, i) {
            return Some((i, v.to_string()));
        }
    }
    None
}

fn armed_context(lex: &Lexicon, sa: &SentA) -> bool {
    has_cue(&lex.armed, sa, 0, sa.toks.len()).is_some()
        || has_cue(&lex.weapon, sa, 0, sa.toks.len()).is_some()
        || sa
            .actors
            .iter()
            .any(|m| m.entities().iter().any(is_armed_entity))
}

/// Is the trigger at `[a, b)` in the passive voice?
fn passive(sa: &SentA, h: &Hit, t: &Trigger) -> bool {
    if !h.participle || t.pos != Pos::Verb {
        return false;
    }
    let mut j = h.a;
    for _ in 0..4 {
        let Some(p) = j.checked_sub(1) else { break };
        let w = sa.w(p);
        if BE.contains(&w) {
            return true;
        }
        if SKIPPABLE.contains(&w) || w.ends_with("ly") {
            j = p;
            continue;
        }
        break;
    }
    // Reduced passive: "12 civilians killed in ..." with no object after the verb.
    let next = sa.w(h.b);
    let has_object = sa.actors.iter().any(|m| m.a == h.b)
        || sa.numbers.iter().any(|n| n.0 == h.b)
        || DETERMINERS.contains(&next);
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

/// Explosive ordnance that security forces clear, defuse or destroy.
const ORDNANCE: &[&str] = &[
    "mines",
    "landmines",
    "mine",
    "landmine",
    "ied",
    "ieds",
    "improvised",
    "explosives",
    "explosive",
    "bombs",
    "ordnance",
    "munitions",
];
/// Verbs of clearing ordnance: an explosive noun after them is not an attack.
const DISPOSAL_VERBS: &[&str] = &[
    "cleared",
    "clearing",
    "clear",
    "defused",
    "defusing",
    "defuse",
    "dismantled",
    "destroyed",
    "destroying",
    "removed",
    "removing",
    "neutralised",
    "neutralized",
    "found",
    "discovered",
    "seized",
    "recovered",
    "confiscated",
    "detected",
];
const WEAPON_NOUNS: &[&str] = &[
    "barrel",
    "barrels",
    "munitions",
    "weapons",
    "weapon",
    "guns",
    "gun",
    "rifles",
    "rifle",
    "pistols",
    "pistol",
    "firearms",
    "ammunition",
    "rounds",
    "bullets",
    "explosives",
    "explosive",
    "ied",
    "ieds",
    "bomb",
    "bombs",
    "grenades",
    "grenade",
    "mines",
    "landmines",
    "cache",
    "arms",
    "missiles",
    "rockets",
    "drones",
    "drone",
    "detonators",
    "munitions",
    "ordnance",
    "shells",
    "mortars",
    "stones",
    "rocks",
    "bottles",
    "projectiles",
    "molotov",
    "petrol",
    "firebombs",
];

const AGREEMENT_NOUNS: &[&str] = &[
    "agreement",
    "agreements",
    "deal",
    "deals",
    "treaty",
    "accord",
    "accords",
    "pact",
    "memorandum",
    "ceasefire",
    "cease-fire",
    "truce",
    "contract",
    "protocol",
    "declaration",
    "armistice",
    "settlement",
    "charter",
    "roadmap",
];
const AID_NOUNS: &[&str] = &[
    "aid",
    "assistance",
    "supplies",
    "food",
    "medicine",
    "medicines",
    "medical",
    "weapons",
    "arms",
    "equipment",
    "goods",
    "funds",
    "funding",
    "money",
    "dollars",
    "euros",
    "vaccines",
    "tents",
    "intelligence",
    "humanitarian",
    "relief",
    "ammunition",
    "loans",
    "loan",
    "grant",
    "doses",
    "fuel",
    "water",
    "shelter",
    "asylum",
    "missiles",
    "tanks",
    "jets",
    "troops",
];
const RESTRICTION_NOUNS: &[&str] = &[
    "curfew",
    "curfews",
    "restrictions",
    "restriction",
    "ban",
    "bans",
    "blockade",
    "siege",
    "sanctions",
    "emergency",
    "measures",
    "embargo",
    "lockdown",
    "law",
    "checkpoints",
];
const RELATION_NOUNS: &[&str] = &[
    "relations",
    "ties",
    "aid",
    "talks",
    "cooperation",
    "links",
    "flights",
    "visit",
    "trade",
    "negotiations",
    "assistance",
    "funding",
    "mediation",
    "exports",
    "imports",
    "supplies",
];
const BASE_NOUNS: &[&str] = &[
    "base",
    "bases",
    "post",
    "posts",
    "outpost",
    "outposts",
    "headquarters",
    "camp",
    "camps",
    "checkpoint",
    "checkpoints",
    "garrison",
    "position",
    "positions",
    "airbase",
    "airstrip",
    "barracks",
    "point",
    "points",
];
/// Armed formations whose creation ACLED codes as a change to a group's activity.
const UNIT_NOUNS: &[&str] = &[
    "unit",
    "units",
    "brigade",
    "brigades",
    "battalion",
    "battalions",
    "regiment",
    "regiments",
    "militia",
    "militias",
    "division",
    "wing",
    "force",
    "forces",
    "faction",
    "entity",
    "group",
    "groups",
    "organisation",
    "organization",
];

const PLACE_NOUNS: &[&str] = &[
    "town",
    "city",
    "village",
    "villages",
    "base",
    "airbase",
    "area",
    "areas",
    "port",
    "district",
    "province",
    "region",
    "territory",
    "neighbourhood",
    "neighborhood",
    "camp",
    "prison",
    "airport",
    "checkpoint",
    "hill",
    "crossing",
    "outpost",
    "positions",
    "position",
    "towns",
    "cities",
    "capital",
    "headquarters",
    "stronghold",
    "bastion",
    "border",
    "road",
    "highway",
    "oilfield",
    "field",
    "dam",
    "island",
    "county",
    "municipality",
    "countryside",
];

/// Is the object right after `from` a place ("captured the town", "took Mokha", "captured
/// two NPA camps")?
fn place_object(sa: &SentA, from: usize) -> bool {
    let n = sa.toks.len();
    let mut j = from;
    while j < (from + 6).min(n) {
        if sa.places.iter().any(|p| p.0 == j) {
            return true;
        }
        let w = sa.w(j);
        if PLACE_NOUNS.contains(&w) {
            return true;
        }
        if matches!(w, "," | ";" | "." | "from" | "by" | "and") {
            return false;
        }
        j += 1;
    }
    false
}

/// Singular people nouns that can be victims without a number ("lynched a man").
const PERSON_NOUNS: &[&str] = &[
    "man",
    "woman",
    "boy",
    "girl",
    "child",
    "teenager",
    "student",
    "journalist",
    "soldier",
    "policeman",
    "officer",
    "farmer",
    "priest",
    "pastor",
    "imam",
    "teacher",
    "doctor",
    "nurse",
    "worker",
    "driver",
    "villager",
    "civilian",
    "resident",
    "activist",
    "lawyer",
    "judge",
    "trader",
    "herder",
    "shepherd",
    "fisherman",
    "cleric",
    "chief",
    "official",
    "couple",
    "family",
    "person",
    "youth",
    "pilgrim",
    "tourist",
    "refugee",
    "migrant",
    "protester",
];

/// A counted group with no lexicon entry ("25 schoolgirls", "at least 30 men"): the noun
/// after a number, as a generic (civilian) entity. Searches forward from `from` when
/// `forward`, else backward from `from` (the subject of a passive).
fn counted_group(sa: &SentA, from: usize, forward: bool) -> Option<(usize, usize, Entity)> {
    if forward {
        // "a man", "the journalist": a single person as the object.
        let mut j = from;
        while j < sa.toks.len() && j <= from + 2 && matches!(sa.w(j), "a" | "an" | "the" | "one") {
            j += 1;
        }
        if j > from && j < sa.toks.len() && PERSON_NOUNS.contains(&sa.w(j)) {
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
        || PREPS.contains(&w)
        || DETERMINERS.contains(&w)
        || BE.contains(&w)
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

fn mention_after(sa: &SentA, from: usize, max_gap: usize, allowed_preps: &[&str]) -> Option<usize> {
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
        let ok = DETERMINERS.contains(&w)
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

fn code_sentence(
    c: &Coder,
    doc: &Document,
    sa: &SentA,
    st: &mut DocState,
    all_places: &[PlaceMention],
) -> Vec<Cand> {
    let lex = &c.lex;
    let n = sa.toks.len();
    let armed = armed_context(lex, sa);
    let hits = find_triggers(lex, sa, armed);
    if hits.is_empty() {
        return Vec::new();
    }
    let reports = find_reports(lex, sa, &hits);
    let nonpol = has_cue(&lex.nonpol, sa, 0, n).is_some();
    let words: Vec<&str> = sa.words.iter().map(String::as_str).collect();

    // Absorption: a verbal event's complement is part of it ("accused X of failing to ...").
    let mut absorbed = vec![false; hits.len()];
    for (k, h) in hits.iter().enumerate() {
        if absorbed[k] {
            continue;
        }
        let t = &lex.triggers[h.trigger];
        if t.flags.absorb && !t.flags.claim {
            let stop = (h.b..n).find(|&j| words[j] == ";").unwrap_or(n);
            for (k2, h2) in hits.iter().enumerate().skip(k + 1) {
                if h2.a >= h.b && h2.a < stop {
                    absorbed[k2] = true;
                }
            }
        }
    }

    let mut cands: Vec<Cand> = Vec::new();
    for (k, h) in hits.iter().enumerate() {
        if absorbed[k] {
            continue;
        }
        let t = &lex.triggers[h.trigger];
        let mut et = t.event_type;
        let mut mode = t.mode.clone();
        if t.flags.place_seize || t.flags.place_only {
            if place_object(sa, h.b) {
                et = EventType::Coerce;
                mode = Some("seize".to_string());
            } else if t.flags.place_only {
                continue;
            }
        }
        let near = |list: &[&str]| {
            let lo = if h.participle {
                h.a.saturating_sub(7)
            } else {
                h.b
            };
            (lo..(h.b + 7).min(n)).any(|j| (j < h.a || j >= h.b) && list.contains(&words[j]))
        };
        let weapon_after = near(WEAPON_NOUNS);
        if let Some(list) = t.flags.obj.as_deref() {
            let ok = match list {
                "agreement" => near(AGREEMENT_NOUNS),
                "base" => near(BASE_NOUNS),
                "unit" => near(UNIT_NOUNS),
                "aid" => near(AID_NOUNS),
                "restriction" => near(RESTRICTION_NOUNS),
                "relations" => near(RELATION_NOUNS),
                "weapon" => weapon_after,
                _ => true,
            };
            if !ok {
                continue;
            }
        }
        let mut acled_override = t.flags.acled.clone();
        // Destroying or clearing mines and bombs is disrupted weapons use, not an attack:
        // "forces destroyed 342 mines", "cleared 23,000 landmines".
        if et == EventType::Assault {
            let ordnance_after = (h.b..(h.b + 7).min(n)).any(|j| ORDNANCE.contains(&words[j]));
            let disposal_before = t.pos == Pos::Noun
                && mode.as_deref() == Some("explosives")
                && (h.a.saturating_sub(6)..h.a).any(|j| DISPOSAL_VERBS.contains(&words[j]));
            if disposal_before
                || (t.pos == Pos::Verb && mode.as_deref() == Some("destroy") && ordnance_after)
            {
                et = EventType::Coerce;
                mode = Some("seize".to_string());
                acled_override = Some("Disrupted weapons use".to_string());
            }
        }
        if t.flags.weapon_obj {
            if !weapon_after {
                continue;
            }
            acled_override = Some("Disrupted weapons use".to_string());
        } else if et == EventType::Coerce && mode.as_deref() == Some("seize") && weapon_after {
            acled_override = Some("Disrupted weapons use".to_string());
        }
        if t.flags.armed && !armed {
            continue;
        }
        if t.flags.unarmed && armed {
            continue;
        }
        if t.flags.needs_custody && has_cue(&lex.custody, sa, 0, n).is_none() {
            continue;
        }
        if t.flags.needs_blame && has_cue(&lex.blame, sa, h.b, (h.b + 10).min(n)).is_none() {
            continue;
        }
        // Light verb after an event noun: "fighting broke out" is the noun's event.
        if t.pos == Pos::Verb {
            let mut p = h.a;
            while p > 0 && (SKIPPABLE.contains(&words[p - 1]) || BE.contains(&words[p - 1])) {
                p -= 1;
            }
            if hits.iter().any(|o| {
                o.b == p && o.a < h.a && (lex.triggers[o.trigger].pos == Pos::Noun || o.ing)
            }) {
                continue;
            }
        }
        // A definite description of an event already reported ("the escape happened").
        if t.pos == Pos::Noun {
            let prev = h.a.checked_sub(1).map(|j| words[j]).unwrap_or("");
            let prev2 = h.a.checked_sub(2).map(|j| words[j]).unwrap_or("");
            if (prev == "the"
                || prev == "this"
                || (prev2 == "the" && sa.toks[h.a - 1].kind == TokenKind::Word))
                && st.emitted.contains(&et)
            {
                continue;
            }
            // "no clashes", "no response" are not events.
            if prev == "no" {
                continue;
            }
        }
        // Participial clause (", killing 12") inherits the previous event's subject.
        let mut actors: Vec<(usize, usize, Entity)> = Vec::new();
        let mut recipients: Vec<(usize, usize, Entity)> = Vec::new();
        let is_passive = passive(sa, h, t) || (t.flags.subj_victim && t.pos == Pos::Verb);
        let inherit = h.ing && h.a > 0 && words[h.a - 1] == ",";
        let mut subj: Option<usize> = None;
        if inherit {
            // ", the government said, thanking Ankara": after a reporting clause the
            // participle's subject is the speaker; otherwise the previous event's subject.
            let speaker = reports
                .iter()
                .rev()
                .find(|r| r.b <= h.a && h.a - r.b <= 2)
                .and_then(|r| r.speaker);
            if let Some(si) = speaker {
                let m = &sa.actors[si];
                actors = m.entities().into_iter().map(|e| (m.a, m.b, e)).collect();
            } else if let Some(prev) = cands.last() {
                actors = prev.actors.clone();
            }
        } else {
            // Relative clause: "detainees who escaped".
            let mut p = h.a;
            while p > 0 && (SKIPPABLE.contains(&words[p - 1]) || BE.contains(&words[p - 1])) {
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
                    let crossing_report = reports
                        .iter()
                        .any(|r| r.a >= m.b && r.b <= h.a && r.speaker == Some(si));
                    let between_trigger = hits.iter().any(|o| {
                        o.a >= m.b && o.b <= h.a && lex.triggers[o.trigger].pos == Pos::Verb
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
            let local = cands.iter().rev().find(|c| {
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
                            continue;
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
            if let Some(raw) = sa.toks[p].span.slice(&doc.text) {
                if sa.toks[p].cap && !sa.actors.iter().any(|m| m.a <= p && p < m.b) {
                    if let Some(cc) = c.actors.country_code(raw) {
                        let sector = if matches!(et, EventType::Assault | EventType::Mobilize) {
                            "MIL"
                        } else {
                            "GOV"
                        };
                        let name = c.actors.country_name(cc).unwrap_or(raw).to_string();
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
            if let Some(raw) = sa.toks[p].span.slice(&doc.text) {
                if noun_ok && sa.toks[p].cap && !sa.actors.iter().any(|m| m.a <= p && p < m.b) {
                    if let Some(cc) = c.actors.country_code(raw) {
                        let name = c.actors.country_name(cc).unwrap_or(raw).to_string();
                        let span = Span::new(sa.toks[p].span.start, sa.toks[h.a - 1].span.end);
                        actors.push((
                            p,
                            h.a,
                            Entity {
                                text: span.slice(&doc.text).unwrap_or(raw).to_string(),
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
            let preps: &[&str] = match et {
                EventType::Assault | EventType::Coerce => &["on", "against", "at"],
                EventType::Aid | EventType::Support | EventType::Cooperate => &["to", "for"],
                EventType::Retreat => &["to"],
                EventType::Sanction | EventType::Threaten | EventType::Accuse => &["on", "against"],
                _ => &[],
            };
            let reach = if et == EventType::Retreat { 12 } else { 6 };
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
                    et,
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
            et,
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
                            if et == EventType::Assault {
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
            let hostile = hits.iter().any(|o| {
                o.a > h.b && {
                    let ot = &lex.triggers[o.trigger];
                    matches!(
                        ot.event_type,
                        EventType::Assault
                            | EventType::Coerce
                            | EventType::Retreat
                            | EventType::Escape
                    )
                }
            });
            let resp = words.get(h.b) == Some(&"responsibility")
                || words.get(h.b + 1) == Some(&"responsibility");
            if resp || !hostile {
                continue;
            }
            recipients = obj
                .map(|oi| {
                    let m = &sa.actors[oi];
                    m.entities().into_iter().map(|e| (m.a, m.b, e)).collect()
                })
                .unwrap_or_default();
            if recipients.is_empty() {
                continue;
            }
        }
        // Drop recipients that are the actors themselves.
        let akeys: Vec<String> = actors.iter().map(|a| entity_key(&a.2)).collect();
        let reciprocal = words.contains(&"other") && words.contains(&"each");
        if !reciprocal {
            recipients.retain(|r| !akeys.contains(&entity_key(&r.2)));
        }

        // Markers.
        let seg_start = (0..h.a)
            .rev()
            .find(|&j| sa.seg[j] != sa.seg[h.a])
            .map(|j| j + 1)
            .unwrap_or(0);
        // Nouns reach back over their light verb ("will hold a new round of talks").
        let reach = if t.pos == Pos::Noun { 8 } else { 5 };
        let win_a = h.a.saturating_sub(reach).max(seg_start.min(h.a));
        let words_win = win_a..h.a;
        let mut negated = has_cue(&lex.neg, sa, words_win.start, words_win.end).is_some()
            || (t.pos == Pos::Noun && h.a > 0 && words[h.a - 1] == "no")
            // "Fighting has not resumed": the event noun is the subject of a negated verb.
            || (t.pos == Pos::Noun
                && (h.b..(h.b + 3).min(n)).any(|j| matches!(words[j], "not" | "n't" | "never"))
                && (h.b..(h.b + 3).min(n)).all(|j| !matches!(words[j], "," | ";")));
        // "due to" announces only when a verb follows ("due to arrive"), not a cause ("due
        // to an explosion").
        let future = match has_cue(&lex.fut, sa, words_win.start, words_win.end) {
            Some((i, _)) if words[i] == "due" => {
                h.a <= i + 3
                    && !matches!(
                        words.get(i + 2).copied(),
                        Some("a" | "an" | "the" | "its" | "their" | "his" | "her")
                    )
            }
            Some(_) => true,
            None => false,
        };
        let hypothetical = has_cue(
            &lex.hyp,
            sa,
            h.a.saturating_sub(8).max(seg_start.min(h.a)),
            h.a,
        )
        .is_some()
            || (h.a > 1 && words[..h.a].contains(&"if"));
        let mut historical = false;
        if let Some((ci, _)) = has_cue(&lex.hist, sa, 0, n) {
            // A concessive clause ("While it lost its territory years ago, ...") scopes its cue.
            let seg_of_cue = sa.seg[ci];
            let seg_first = (0..n).find(|&j| sa.seg[j] == seg_of_cue).unwrap_or(0);
            let concessive = matches!(
                words.get(seg_first),
                Some(&"while") | Some(&"although") | Some(&"though") | Some(&"whereas")
            );
            historical = !concessive || sa.seg[h.a] == seg_of_cue;
        }
        if et == EventType::Retreat && future && !negated {
            et = EventType::Concede;
            mode = None;
        }
        // "X will not withdraw / would not meet / will not provide aid": announcing that one
        // will not cooperate or yield is a refusal (REJECT), not a negated cooperation.
        let mut future = future;
        if negated
            && future
            && t.pos == Pos::Verb
            && matches!(
                et,
                EventType::Aid
                    | EventType::Cooperate
                    | EventType::Agree
                    | EventType::Consult
                    | EventType::Support
                    | EventType::Retreat
                    | EventType::Concede
            )
        {
            et = EventType::Reject;
            mode = None;
            negated = false;
            future = false;
        }
        let mut extra_words: Vec<String> = Vec::new();
        // Weapon cues refine ASSAULT modes.
        if et == EventType::Assault {
            let keep = matches!(
                mode.as_deref(),
                Some("abduct" | "sexual" | "targeted" | "torture" | "beat")
            );
            if !keep {
                // The sentence's own weapon words, else the next sentence's ("The attacks
                // were carried out with grenades").
                if let Some(m) = best_weapon(lex, &sa.words) {
                    mode = Some(m);
                } else if mode.is_none() {
                    if let Some(m) = st.next_weapon.clone() {
                        mode = Some(m);
                        extra_words = st.next_words.clone();
                    }
                }
            }
        }
        // Troops marching and diplomats gathering are not protesters.
        let state_actor = actors.iter().any(|a| {
            a.2.sector
                .iter()
                .any(|s| matches!(s.as_str(), "GOV" | "LEG" | "JUD"))
        });
        if et == EventType::Protest
            && mode.as_deref() != Some("riot")
            && (actors.iter().any(|a| is_armed_entity(&a.2)) || (state_actor && t.flags.weak))
        {
            continue;
        }
        // Non-political deaths (floods, crashes) are not violence.
        if nonpol && et == EventType::Assault && !actors.iter().any(|a| is_armed_entity(&a.2)) {
            continue;
        }
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
        if t.flags.needs_actor && actors.is_empty() && recipients.is_empty() {
            continue;
        }
        if t.flags.needs_arg && actors.is_empty() && recipients.is_empty() && sa.numbers.is_empty()
        {
            continue;
        }
        if t.origin == Origin::Cameo
            && (actors.is_empty()
                || recipients.is_empty()
                || !actors
                    .iter()
                    .any(|a| a.1 <= h.a && sa.seg[a.0] == sa.seg[h.a] && h.a - a.1 <= 8))
        {
            continue;
        }
        let mut context = t.flags.context.clone();
        if armed || matches!(et, EventType::Assault | EventType::Mobilize) {
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
        cands.push(Cand {
            t_a: h.a,
            t_b: h.b,
            trigger: h.trigger,
            event_type: et,
            mode,
            actors,
            recipients,
            source: None,
            attribution: None,
            source_range: None,
            quantities: Vec::new(),
            location: None,
            date: None,
            negated,
            future: future && !negated,
            hypothetical,
            historical,
            confidence,
            context,
            acled_override,
            dropped: false,
            extra_words,
        });
    }

    // Attribution.
    for r in &reports {
        let speaker = r.speaker.map(|si| &sa.actors[si]);
        for cand in cands.iter_mut() {
            if cand.t_a >= r.scope_a && cand.t_a < r.scope_b && cand.t_a != r.a {
                if let Some(m) = speaker {
                    // "both sides reported clashes": the sides already resolved for this event.
                    let same_mention = cand.actors.iter().find(|x| x.0 == m.a && x.1 == m.b);
                    let e = match same_mention {
                        Some(x) if m.kind == MentionKind::Pronoun => Some(x.2.clone()),
                        _ => m.entities().into_iter().next(),
                    };
                    cand.source = e;
                    cand.source_range = Some((m.a.min(r.a), m.b.max(r.b)));
                    // "According to an army spokesperson, militants gained control": the
                    // speaker is not one more side of the event it reports.
                    if cand.actors.len() > 1 && m.kind != MentionKind::Pronoun {
                        cand.actors.retain(|x| !(x.0 == m.a && x.1 == m.b));
                    }
                    // "X announced its withdrawal": a self-report with no other subject.
                    if cand.actors.is_empty()
                        && cand.t_a > r.b
                        && !matches!(cand.event_type, EventType::Assault)
                    {
                        let nothing_between =
                            !sa.actors.iter().any(|o| o.a >= r.b && o.b <= cand.t_a);
                        if nothing_between {
                            cand.actors = m.entities().into_iter().map(|e| (m.a, m.b, e)).collect();
                        }
                    }
                } else if let Some((a, b)) = speaker_phrase(sa, r) {
                    // A speaker the lexicon does not know: "Witnesses said", "a security source
                    // said", "..., camp officials said."
                    let span = Span::new(sa.toks[a].span.start, sa.toks[b - 1].span.end);
                    if let Some(text) = span.slice(&doc.text) {
                        cand.source = Some(Entity {
                            text: text.to_string(),
                            name: text.to_string(),
                            country: None,
                            sector: Vec::new(),
                            span: Some(span),
                        });
                    }
                    cand.source_range = Some((a.min(r.a), b.max(r.b)));
                } else {
                    cand.source_range = Some((r.a, r.b));
                }
                cand.attribution = Some(r.text.clone());
            }
        }
    }
    // "X said Y must ...": a demand by the speaker on Y ("must have" is a guess, not one).
    for cand in cands.iter_mut() {
        if !lex.triggers[cand.trigger].flags.speaker_demand {
            continue;
        }
        let epistemic = words.get(cand.t_b).is_some_and(|w| *w == "have");
        // The one obliged must be a named party, not "we", "you" or the speaker itself.
        let obliged_named = !cand.actors.is_empty()
            && cand.actors.iter().all(|x| {
                !matches!(
                    x.2.text.to_ascii_lowercase().as_str(),
                    "we" | "you" | "i" | "us" | "one"
                ) && cand
                    .source
                    .as_ref()
                    .is_none_or(|s| entity_key(s) != entity_key(&x.2))
            });
        match (&cand.source, cand.source_range) {
            (Some(src), Some((a, b))) if !epistemic && obliged_named && src.span.is_some() => {
                cand.recipients = std::mem::take(&mut cand.actors);
                cand.actors = vec![(a, b, src.clone())];
            }
            _ => cand.dropped = true,
        }
    }
    // Allegations attribute their complement to the claimant.
    let claims: Vec<(usize, Vec<Arg>)> = cands
        .iter()
        .filter(|c| lex.triggers[c.trigger].flags.claim)
        .map(|c| (c.t_b, c.actors.clone()))
        .collect();
    for (after, actors) in claims {
        if let Some((a, b, e)) = actors.first() {
            for cand in cands.iter_mut().filter(|c| c.t_a >= after) {
                cand.source = Some(e.clone());
                cand.source_range = Some((*a, *b));
                cand.attribution = Some("claimed".into());
            }
        }
    }

    attach_quantities(lex, sa, &mut cands);
    attach_places_dates(doc, sa, &mut cands, st, all_places);
    if std::env::var_os("SITREP_DEBUG_CODER").is_some() {
        for c in &cands {
            eprintln!(
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
            );
        }
    }
    fold_protests(&mut cands);
    merge_within_sentence(&mut cands);

    for cand in &cands {
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
    cands.into_iter().filter(|c| !c.dropped).collect()
}

fn kind_compatible(kind: QuantityKind, et: EventType, mode: Option<&str>) -> bool {
    match kind {
        QuantityKind::Killed | QuantityKind::Injured => et == EventType::Assault,
        QuantityKind::Arrested => et == EventType::Coerce,
        QuantityKind::Abducted => et == EventType::Assault && mode == Some("abduct"),
        QuantityKind::Escaped => et == EventType::Escape,
        QuantityKind::Released => et == EventType::Retreat || et == EventType::Agree,
        QuantityKind::Rescued => et == EventType::Aid,
        QuantityKind::Displaced => true,
        QuantityKind::Size => true,
    }
}

fn attach_quantities(lex: &Lexicon, sa: &SentA, cands: &mut [Cand]) {
    if cands.is_empty() {
        return;
    }
    let words: Vec<&str> = sa.words.iter().map(String::as_str).collect();
    let n = words.len();
    for (a, b, num) in &sa.numbers {
        // Numbers inside actor names ("M23") never reach here; skip those inside mentions
        // that are not headed by the number ("the 5th Corps").
        let mut kind: Option<QuantityKind> = None;
        // Verb cue right before: "killing 12", "holds tens of thousands".
        for back in 1..=2 {
            if let Some(p) = a.checked_sub(back) {
                if let Some((_, v)) = lex.qty.match_at(&words, p) {
                    kind = QuantityKind::parse(v);
                    break;
                }
                if matches!(words[p], "," | ";" | "and" | "or" | "but") {
                    break;
                }
            }
        }
        // An event noun just before: "the arrest of another five people".
        if kind.is_none() {
            // Not across a coordination: "two were killed and nine wounded".
            kind = cands
                .iter()
                .filter(|c| c.t_b <= *a && a - c.t_b <= 3)
                .filter(|c| {
                    !words[c.t_b..*a]
                        .iter()
                        .any(|w| matches!(*w, "and" | "," | ";"))
                })
                .filter_map(|c| lex.triggers[c.trigger].flags.qty)
                .next_back();
        }
        // Cue after: "120 prisoners escaped", "81 of them have been recaptured".
        if kind.is_none() {
            for j in *b..(*b + 7).min(n) {
                if matches!(words[j], "," | ";" | "and") && j > *b + 1 {
                    break;
                }
                if let Some(h) = cands.iter().find(|c| c.t_a == j) {
                    let tq = lex.triggers[h.trigger].flags.qty;
                    if tq.is_some() {
                        kind = tq;
                        break;
                    }
                }
                if let Some((_, v)) = lex.qty.match_at(&words, j) {
                    let k = QuantityKind::parse(v);
                    if k != Some(QuantityKind::Size) || kind.is_none() {
                        kind = k;
                    }
                    if k != Some(QuantityKind::Size) {
                        break;
                    }
                }
            }
        }
        // Otherwise the kind of the nearest trigger that defines one.
        let nearest = cands
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.dropped)
            .min_by_key(|(_, c)| {
                if c.t_a >= *b {
                    c.t_a - b
                } else {
                    a - c.t_b.min(*a) + 1
                }
            })
            .map(|(i, _)| i);
        if kind.is_none() {
            if let Some(i) = nearest {
                kind = lex.triggers[cands[i].trigger].flags.qty;
            }
        }
        let Some(kind) = kind else { continue };
        let target = cands
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.dropped && kind_compatible(kind, c.event_type, c.mode.as_deref()))
            .min_by_key(|(_, c)| {
                if c.t_a >= *b {
                    c.t_a - b
                } else {
                    a - c.t_b.min(*a) + 1
                }
            })
            .map(|(i, _)| i);
        let Some(ti) = target else { continue };
        if cands[ti].quantities.iter().any(|q| q.kind == kind) {
            continue;
        }
        // `text` is filled from the span when the event is built.
        cands[ti].quantities.push(Quantity {
            kind,
            value: num.value,
            approximate: num.approximate,
            min: num.min,
            max: num.max,
            text: String::new(),
            span: Some(num.span),
        });
    }
}

fn place_rank(k: PlaceKind) -> u8 {
    match k {
        PlaceKind::Facility => 6,
        PlaceKind::Settlement => 5,
        PlaceKind::Admin2 => 4,
        PlaceKind::Admin1 => 3,
        PlaceKind::Region => 2,
        PlaceKind::Country => 1,
    }
}

fn attach_places_dates(
    doc: &Document,
    sa: &SentA,
    cands: &mut [Cand],
    st: &mut DocState,
    all_places: &[PlaceMention],
) {
    let words: Vec<&str> = sa.words.iter().map(String::as_str).collect();
    // Best place of the sentence: the most precise, nearest to the trigger.
    for cand in cands.iter_mut() {
        let mut best: Option<(u8, usize, &PlaceMention)> = None;
        for (a, _b, p) in &sa.places {
            let dist = if *a >= cand.t_b {
                a - cand.t_b
            } else {
                cand.t_a.saturating_sub(*a) + 2
            };
            let r = place_rank(p.kind);
            let better = match &best {
                None => true,
                Some((br, bd, _)) => r > *br || (r == *br && dist < *bd),
            };
            if better {
                best = Some((r, dist, p));
            }
        }
        let mut loc = best.map(|(_, _, p)| p.location.clone());
        let coarse = best.is_none_or(|(r, _, _)| r <= 3);
        if coarse {
            // "a prison in northeastern Syria" / "the camp" / "the area": the named place
            // of that kind elsewhere in the document.
            let mut wanted: Option<&str> = None;
            for i in 0..words.len() {
                let w = words[i];
                if matches!(
                    w,
                    "prison" | "jail" | "camp" | "base" | "airport" | "airbase" | "hospital"
                ) && i > 0
                    && matches!(words[i - 1], "a" | "the" | "this")
                {
                    wanted = Some(if w == "jail" { "prison" } else { w });
                    break;
                }
                if (w == "area" || w == "town" || w == "city" || w == "village" || w == "there")
                    && (i == 0 || matches!(words[i - 1], "the" | "this") || w == "there")
                {
                    wanted = Some("any");
                }
            }
            if let Some(kind) = wanted {
                let country = loc.as_ref().and_then(|l| l.country.clone());
                let from_history = st.places.iter().rev().find(|(pk, l)| {
                    let kind_ok = if kind == "any" {
                        matches!(pk, PlaceKind::Facility | PlaceKind::Settlement)
                    } else {
                        l.facility.as_ref().is_some_and(|f| f.kind == kind)
                    };
                    kind_ok && (country.is_none() || l.country == country)
                });
                let found = from_history.map(|(_, l)| l.clone()).or_else(|| {
                    // Cataphora: a named facility later in the same sentence.
                    sa.places
                        .iter()
                        .filter(|(_, _, p)| {
                            kind != "any"
                                && p.location.facility.as_ref().is_some_and(|f| f.kind == kind)
                        })
                        .map(|(_, _, p)| p.location.clone())
                        .next()
                });
                if let Some(l) = found {
                    loc = Some(l);
                } else if kind != "any" {
                    // Cataphora across sentences: "a prison ..." then "al-X prison".
                    let ahead = all_places.iter().find(|p| {
                        p.span.start >= sa.sent.span.end
                            && p.location.facility.as_ref().is_some_and(|f| f.kind == kind)
                            && (country.is_none() || p.location.country == country)
                    });
                    if let Some(p) = ahead {
                        loc = Some(p.location.clone());
                    }
                }
            }
        }
        if loc.is_none() {
            loc = st.par_location.clone();
        }
        cand.location = loc;

        // Dates: the nearest date expression in the sentence, else the paragraph's.
        let mut bestd: Option<(usize, &DateMention)> = None;
        for (a, _b, d) in &sa.dates {
            // A date inside a relative clause ("who seized power in 2021") dates that clause.
            let seg = sa.seg[*a];
            let seg_first = (0..sa.toks.len())
                .find(|&j| sa.seg[j] == seg && sa.toks[j].kind == TokenKind::Word)
                .unwrap_or(*a);
            if matches!(sa.w(seg_first), "who" | "which" | "whose") && seg != sa.seg[cand.t_a] {
                continue;
            }
            let dist = if *a >= cand.t_b {
                a - cand.t_b
            } else {
                cand.t_a - a.min(&cand.t_a)
            };
            if bestd.as_ref().is_none_or(|(bd, _)| dist < *bd) {
                bestd = Some((dist, d));
            }
        }
        let date = bestd.map(|(_, d)| EventDate {
            text: d.span.slice(&doc.text).unwrap_or_default().to_string(),
            value: d.value.map(|v| v.format("%Y-%m-%d").to_string()),
            end: d.end.map(|v| v.format("%Y-%m-%d").to_string()),
            precision: d.precision,
            span: Some(d.span),
        });
        if let (Some(dm), Some(pubd)) = (bestd.map(|b| b.1), doc.published) {
            if let Some(v) = dm.end.or(dm.value) {
                if is_historical(v, pubd) {
                    cand.historical = true;
                }
            }
        }
        cand.date = date.or_else(|| st.par_date.clone());
    }
    if let Some(d) = cands.iter().filter_map(|c| c.date.clone()).next_back() {
        st.par_date = Some(d);
    }
    if let Some(l) = cands.iter().filter_map(|c| c.location.clone()).next_back() {
        st.par_location = Some(l);
    }
}

fn is_historical(v: NaiveDate, published: NaiveDate) -> bool {
    (published - v).num_days() > 366
}

fn protester_like(e: &Entity) -> bool {
    let t = format!("{} {}", e.name, e.text).to_ascii_lowercase();
    ["protest", "demonstrat", "rioter", "mob", "crowd", "marcher"]
        .iter()
        .any(|k| t.contains(k))
        || e.sector.iter().any(|s| s == "OPP")
}

/// Unarmed, non-state people: protesters, civilians, workers, students, farmers, clergy.
fn civilian_like(e: &Entity) -> bool {
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
fn fold_protests(cands: &mut [Cand]) {
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
fn union_args(into: &mut Vec<Arg>, from: Vec<Arg>) {
    for x in from {
        if !into.iter().any(|y| entity_key(&y.2) == entity_key(&x.2)) {
            into.push(x);
        }
    }
}

fn merge_within_sentence(cands: &mut Vec<Cand>) {
    let mut i = 0;
    while i < cands.len() {
        let mut j = i + 1;
        while j < cands.len() {
            let (a, b) = (&cands[i], &cands[j]);
            let same = a.event_type == b.event_type
                && a.negated == b.negated
                && a.historical == b.historical
                && (a.actors.is_empty()
                    || b.actors.is_empty()
                    || a.actors.iter().any(|x| {
                        b.actors
                            .iter()
                            .any(|y| entity_key(&x.2) == entity_key(&y.2))
                    }))
                && (a.event_type == EventType::Assault
                    || a.mode == b.mode
                    || a.mode.is_none()
                    || b.mode.is_none());
            if same {
                let b = cands.remove(j);
                let a = &mut cands[i];
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

fn build_event(doc: &Document, sa: &SentA, cand: Cand) -> Option<Event> {
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
        cand.event_type,
        cand.mode.as_deref(),
        &actors,
        &recipients,
        cand.acled_override.as_deref(),
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
    if cand.hypothetical || cand.negated {
        confidence -= 0.1;
    }
    // ACLED's catch-all "Other" is a fallback coding: less certain than a specific one.
    if acled.as_ref().is_some_and(|a| a.sub_event_type == "Other") {
        confidence -= 0.15;
    }
    let confidence = confidence.clamp(0.05, 0.95);
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
    Some(Event {
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
    })
}

fn dedup_entities(v: Vec<Entity>) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    for e in v {
        if !out.iter().any(|o| entity_key(o) == entity_key(&e)) {
            out.push(e);
        }
    }
    out
}
