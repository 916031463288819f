//! Analysis of one sentence: tokens with folded forms, actor mentions (lexicon, pronouns,
//! reciprocal phrases), place, number and date mentions mapped onto token indices, and the
//! clause segments between commas, semicolons, brackets and quotes.

use super::*;
use sitrep_lexicon::ActorMention;

pub(super) fn analyse<'d>(
    c: &'d Coder,
    doc: &Document,
    s: &Sentence,
    places: &'d [PlaceMention],
) -> SentA<'d> {
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
        !(is_place && c.lex.words.loc_preps.contains(prev) && m.kind == MentionKind::Country)
    });
    // Place mentions that are really actors ("Syria accused ...") are not locations.
    sent_places.retain(|p| {
        let prev = p.0.checked_sub(1).map(|i| words[i].as_str()).unwrap_or("");
        let actor_here = actors.iter().any(|m| m.a <= p.0 && p.1 <= m.b);
        !actor_here || c.lex.words.loc_preps.contains(prev)
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
        ws: &c.lex.words,
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

pub(super) fn fill_country(actors: &mut [Mention], dominant: Option<&str>) {
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

pub(super) fn has_cue(
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

pub(super) fn span_text(sa: &SentA, a: usize, b: usize) -> String {
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
