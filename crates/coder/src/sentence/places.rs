//! Places: the place of each candidate event (the most precise place of the sentence nearest
//! its trigger; "the camp" and "a prison in ..." resolved to the named facility of that kind
//! elsewhere in the document; else the paragraph's last place; an escape's, the document's
//! prison before its dateline).

use super::*;

pub(super) fn place_rank(k: PlaceKind) -> u8 {
    match k {
        PlaceKind::Facility => 6,
        PlaceKind::Settlement => 5,
        PlaceKind::Admin2 => 4,
        PlaceKind::Admin1 => 3,
        PlaceKind::Region => 2,
        PlaceKind::Water => 2,
        PlaceKind::Country => 1,
    }
}

pub(super) fn attach_places(
    cx: &Sent,
    cands: &mut [Cand],
    st: &mut DocState,
    all_places: &[PlaceMention],
) {
    let sa = cx.sa;
    let words: Vec<&str> = sa.words.iter().map(String::as_str).collect();
    // Best place of the sentence: one not in another adverbial clause first, then the most
    // precise, nearest to the trigger.
    for cand in cands.iter_mut() {
        let mut best: Option<(u8, u8, usize, &PlaceMention)> = None;
        for (a, b, p) in &sa.places {
            let dist = if *a >= cand.t_b {
                a - cand.t_b
            } else {
                cand.t_a.saturating_sub(*a) + 2
            };
            // A place in an adverbial clause of its own ("After talks in Cairo collapsed,
            // aircraft struck Gaza") is not the event's while the sentence names another.
            let same_seg = sa.seg.get(*a) == sa.seg.get(cand.t_a);
            let other_clause = !same_seg && opens_clause(sa, *a);
            // A place modifying a noun that is not a place ("the Kabul government", "Gaza
            // ceasefire talks") is not where the event happened while another is named.
            // A facility ends with its own head noun ("Nasiriyah Central Prison overnight"):
            // the word after it is no noun it modifies.
            let modifier = p.kind != PlaceKind::Facility && noun_modifier(cx, *b);
            let c = u8::from(!other_clause && !modifier);
            let r = place_rank(p.kind);
            let better = match &best {
                None => true,
                Some((bc, br, bd, _)) => {
                    (c, r) > (*bc, *br) || ((c, r) == (*bc, *br) && dist < *bd)
                }
            };
            if better {
                best = Some((c, r, dist, p));
            }
        }
        let best = best.map(|(_, r, d, p)| (r, d, p));
        let mut loc = best.map(|(_, _, p)| p.location.clone());
        // "sent troops to Mexico's northern border": a border area in the trigger's clause is
        // more precise than a country.
        if best.is_none_or(|(r, _, _)| r <= place_rank(PlaceKind::Country)) {
            let fallback = loc.as_ref().or(st.par_location.as_ref());
            if let Some(b) = border_area(cx, cand, fallback) {
                loc = Some(b);
            }
        }
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
            // An escape whose sentence names no place ("Twelve inmates escaped during the
            // night") is from the prison the document named, not from its dateline.
            let prison = || {
                (cand.event_type == EventType::Escape)
                    .then(|| {
                        st.places.iter().rev().find(|(_, l)| {
                            l.facility.as_ref().is_some_and(|f| {
                                f.kind == "prison" || f.kind.starts_with("detention")
                            })
                        })
                    })
                    .flatten()
                    .map(|(_, l)| l.clone())
            };
            loc = st
                .par_location
                .clone()
                .or_else(prison)
                .or_else(|| st.dateline.clone());
        }
        cand.location = loc;
    }
    if let Some(l) = cands.iter().filter_map(|c| c.location.clone()).next_back() {
        st.par_location = Some(l);
    } else {
        carry_place(cx.lex, cx.doc, sa, st);
    }
}

/// A sentence that codes no event still places what it reports ("took over the train near
/// Sibi"): its most precise town or district carries on.
pub(super) fn carry_place(lex: &Lexicon, doc: &Document, sa: &SentA, st: &mut DocState) {
    // Only news, not background: no historical cue ("At its peak, the group controlled
    // Raqqa") and no date long past.
    let background = has_cue(&lex.hist, sa, 0, sa.toks.len()).is_some()
        || doc.published.is_some_and(|p| {
            sa.dates
                .iter()
                .any(|(_, _, d)| d.end.or(d.value).is_some_and(|v| is_historical(v, p)))
        });
    if background {
        return;
    }
    if let Some((_, _, p)) = sa
        .places
        .iter()
        .filter(|(a, _, p)| {
            place_rank(p.kind) >= place_rank(PlaceKind::Admin2) && !opens_clause(sa, *a)
        })
        .max_by_key(|(a, _, p)| (place_rank(p.kind), usize::MAX - a))
    {
        st.par_location = Some(p.location.clone());
    }
}

/// Whether the comma-delimited segment of token `a` is opened by a subordinating conjunction
/// ("after", "when", ...): an adverbial clause of its own.
fn opens_clause(sa: &SentA, a: usize) -> bool {
    let Some(&seg) = sa.seg.get(a) else {
        return false;
    };
    (0..=a)
        .find(|&j| sa.seg[j] == seg && sa.toks[j].kind == TokenKind::Word)
        .is_some_and(|j| sa.ws.clause_openers.contains(sa.w(j)))
}

/// A border area named in the trigger's comma segment: "Mexico's northern border", "the
/// Syrian-Turkish border", "the border with Syria". Its country is that of the place owning it
/// ("Mexico's"), else of the sentence's or paragraph's province or country (`fallback`) when
/// that is not the neighbour: the location is coded as that unit (its name and point,
/// precision 3) with the border phrase as its text and feature `border`.
fn border_area(cx: &Sent, cand: &Cand, fallback: Option<&Location>) -> Option<Location> {
    let sa = cx.sa;
    let seg = sa.seg.get(cand.t_a)?;
    // A lowercase border noun that heads its phrase: not a name ("Frontier Corps") nor a
    // modifier ("border guards", "border enforcement").
    let heads = |i: usize| {
        !sa.toks[i].cap
            && sa.toks.get(i + 1).is_none_or(|t| {
                t.kind != TokenKind::Word
                    || sa.ws.preps.contains(sa.w(i + 1))
                    || sa.w(i + 1) == "and"
            })
    };
    let i = (0..sa.words.len()).find(|&i| {
        sa.seg.get(i) == Some(seg) && sa.ws.border_nouns.contains(sa.w(i)) && heads(i)
    })?;
    let place_ending = |end: usize| sa.places.iter().find(|(_, b, _)| *b == end);
    // Back over "northern", "Syrian-Turkish", "U.S.-Mexico" and a possessor place.
    let mut s = i;
    while s > 0 && {
        let w = sa.w(s - 1);
        (w.ends_with("ern") || (w.contains('-') && w.len() > 3)) && place_ending(s).is_none()
    } {
        s -= 1;
    }
    let mut owner = None;
    if s >= 2 && matches!(sa.w(s - 1), "'s" | "’s") {
        if let Some((a, _, p)) = place_ending(s - 1) {
            owner = Some(&p.location);
            s = *a;
        }
    } else if let Some((a, _, p)) = place_ending(s) {
        owner = Some(&p.location);
        s = *a;
    }
    let neighbour = if sa.w(i + 1) == "with" {
        sa.places
            .iter()
            .find(|(a, _, _)| *a == i + 2)
            .map(|(_, _, p)| &p.location)
    } else {
        None
    };
    // The unit the border area is coded in: its owner, else the clause's province or country
    // when that is not the neighbour.
    let unit = owner.or_else(|| {
        fallback.filter(|f| {
            f.precision >= 3
                && f.country.is_some()
                && neighbour.is_none_or(|n| n.country != f.country)
        })
    });
    let last = match neighbour {
        Some(_) => sa
            .places
            .iter()
            .find(|(a, _, _)| *a == i + 2)
            .map_or(i, |(_, b, _)| b - 1),
        None => i,
    };
    let span = Span::new(sa.toks.get(s)?.span.start, sa.toks.get(last)?.span.end);
    let text = span.slice(&cx.doc.text)?.to_string();
    Some(Location {
        name: unit.map_or_else(|| text.clone(), |u| u.name.clone()),
        text,
        geonameid: None,
        lat: unit.and_then(|u| u.lat),
        lon: unit.and_then(|u| u.lon),
        country: unit.and_then(|u| u.country.clone()),
        admin1: unit.and_then(|u| u.admin1.clone()),
        feature: Some("border".to_string()),
        precision: 3,
        facility: None,
        span: Some(span),
    })
}

/// Whether the place mention ending before token `b` modifies the noun at `b` ("the Kabul
/// government"), a noun that is not itself a place ("the Geneva headquarters" is one).
fn noun_modifier(cx: &Sent, b: usize) -> bool {
    let (sa, syn) = (cx.sa, &cx.syn);
    let Some(t) = sa.toks.get(b) else {
        return false;
    };
    t.kind == TokenKind::Word
        && !t.cap
        && !sa.ws.place_nouns.contains(sa.w(b))
        && syn
            .word(b)
            .is_some_and(|w| matches!(syn.upos(w), sitrep_syntax::Upos::Noun))
}

/// The place of a dateline opening one of the document's first two lines: "KABUL —",
/// "KABUL, Afghanistan —", "GOMA (Reuters) -". The capitalised name is looked up as written in
/// title case, with its country when given.
pub(super) fn dateline_place(g: &sitrep_gazetteer::Gazetteer, text: &str) -> Option<Location> {
    let mut start = 0;
    for line in text.split_inclusive('\n').take(2) {
        if let Some(l) = dateline_in(g, line, start) {
            return Some(l);
        }
        start += line.len();
    }
    None
}

/// The end (byte offset in `text`) of a dateline opening one of the document's first two
/// lines ("GOMA, Jan 20 (Reuters) -"): what comes before it dates and places the filing, not
/// the news.
pub(super) fn dateline_end(text: &str) -> Option<usize> {
    let mut start = 0;
    for line in text.split_inclusive('\n').take(2) {
        if let Some((dash, _)) = dateline_head(line) {
            return Some(start + dash);
        }
        start += line.len();
    }
    None
}

/// The dash that ends a line's dateline and the dateline's capitalised first part.
fn dateline_head(line: &str) -> Option<(usize, &str)> {
    let dash = line
        .char_indices()
        .take(60)
        .find(|(_, c)| matches!(c, '—' | '–'))
        .map(|(i, _)| i)
        .or_else(|| line.get(..line.len().min(60)).and_then(|h| h.find(" - ")))?;
    let head = line.get(..dash)?;
    let head = head.split('(').next()?.trim();
    let first = head.split(',').next()?.trim();
    let all_caps = first.chars().any(char::is_uppercase) && !first.chars().any(char::is_lowercase);
    if first.is_empty() || first.len() > 40 || !all_caps {
        return None;
    }
    Some((dash, head))
}

fn dateline_in(g: &sitrep_gazetteer::Gazetteer, line: &str, offset: usize) -> Option<Location> {
    let (_, head) = dateline_head(line)?;
    let lead = line.len() - line.trim_start().len();
    let first = head.split(',').next()?.trim();
    let titled: Vec<String> = first
        .split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| {
                    c.to_uppercase()
                        .chain(cs.flat_map(char::to_lowercase))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let titled = titled.join(" ");
    let rest = head.get(first.len()..)?.trim_start_matches(',').trim();
    let probe = if rest.is_empty() {
        format!("{titled} .")
    } else {
        format!("{titled}, {rest} .")
    };
    let found = g.places_in(&probe, &[Span::new(0, probe.len())]);
    let m = found.into_iter().find(|m| m.span.start == 0)?;
    let mut loc = m.location;
    loc.text = first.to_string();
    loc.span = Some(Span::new(offset + lead, offset + lead + first.len()));
    Some(loc)
}

#[cfg(test)]
mod tests {
    use super::dateline_end;

    #[test]
    fn the_dateline_ends_at_its_dash() {
        let t = "GOMA, Congo, Jan 20 (Reuters) - M23 rebels attacked Sake on Monday.";
        assert_eq!(dateline_end(t), t.find(" - "));
        let t = "Headline\nKABUL — Gunmen attacked a checkpoint.";
        assert_eq!(dateline_end(t), t.find('—'));
        // No capitalised place before the dash: no dateline.
        assert_eq!(dateline_end("On Friday - late - gunmen attacked."), None);
    }
}
