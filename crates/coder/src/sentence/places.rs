//! Places: the place of each candidate event (the most precise place of the sentence nearest
//! its trigger; "the camp" and "a prison in ..." resolved to the named facility of that kind
//! elsewhere in the document; else the paragraph's last place).

use super::*;

pub(super) fn place_rank(k: PlaceKind) -> u8 {
    match k {
        PlaceKind::Facility => 6,
        PlaceKind::Settlement => 5,
        PlaceKind::Admin2 => 4,
        PlaceKind::Admin1 => 3,
        PlaceKind::Region => 2,
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
        for (a, _b, p) in &sa.places {
            let dist = if *a >= cand.t_b {
                a - cand.t_b
            } else {
                cand.t_a.saturating_sub(*a) + 2
            };
            // A place in an adverbial clause of its own ("After talks in Cairo collapsed,
            // aircraft struck Gaza") is not the event's while the sentence names another.
            let same_seg = sa.seg.get(*a) == sa.seg.get(cand.t_a);
            let other_clause = !same_seg && opens_clause(sa, *a);
            let c = u8::from(!other_clause);
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
    }
    if let Some(l) = cands.iter().filter_map(|c| c.location.clone()).next_back() {
        st.par_location = Some(l);
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
