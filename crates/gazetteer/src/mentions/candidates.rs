//! Candidate place names (exact, article-stripped and skeleton matches, longest first) and
//! the context cues around each: facilities, divisions, regions, "near X", locatives.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Via {
    Exact,
    Stripped,
    Skeleton,
}

#[derive(Debug, Clone)]
pub(super) struct Cand {
    pub(super) t0: usize,
    pub(super) t1: usize, // exclusive
    pub(super) ids: Vec<u32>,
    pub(super) via: Via,
    /// Skeleton candidates only: a near-identical spelling (article or one-letter variants).
    pub(super) tight: bool,
    /// Skeleton candidates only: the shorter exact match to use if the loose one finds nothing
    /// ("Jisr al-Shughur" loosely, else "Jisr").
    pub(super) fallback: Option<Box<Cand>>,
}

#[derive(Debug, Clone)]
pub(super) struct Ctx {
    pub(super) span: Span,
    pub(super) facility: Option<String>, // facility kind
    /// The facility's own name when the mention is "<Name> camp near <Town>".
    pub(super) facility_name: Option<Span>,
    pub(super) wants_admin: Option<bool>, // Some(true) = admin1 word, Some(false) = district
    pub(super) region: Option<(f64, f64)>,
    pub(super) near: bool,
    pub(super) locative: bool,
}

/// Determiners and similar words that never start a facility name ("The Sednaya prison").
pub(super) fn g_stop_like(w: &str) -> bool {
    matches!(
        w,
        "the" | "a" | "an" | "this" | "that" | "its" | "their" | "his" | "her" | "our"
    )
}

/// Longest matching candidate starting at token i.
pub(super) fn match_at(g: &Gazetteer, text: &str, toks: &[Tok], i: usize) -> Option<Cand> {
    let first = &toks[i];
    let starts_ok = first.cap
        || (is_article(&first.low)
            && toks
                .get(i + 1)
                .map(|n| n.hyph_before && n.cap)
                .unwrap_or(false));
    if !starts_ok {
        return None;
    }
    let mut max_n = 1;
    while max_n < 5 && i + max_n < toks.len() {
        let t = &toks[i + max_n];
        if !t.chained {
            break;
        }
        if !(t.cap || is_article(&t.low) || words().connectors.contains(&t.low.as_str())) {
            break;
        }
        max_n += 1;
    }
    let mut skel_cand: Option<Cand> = None;
    for n in (1..=max_n.min(4)).rev() {
        let last = &toks[i + n - 1];
        if !last.cap {
            continue;
        }
        let surface = match text.get(first.start..last.end) {
            Some(s) => s,
            None => continue,
        };
        let f = fold(surface);
        if f.is_empty() {
            continue;
        }
        // short all-caps tokens only name countries ("US", "UAE", "DRC")
        let short_caps = n == 1 && first.all_caps && f.len() <= 3;
        let mut ids: Vec<u32> = g.exact.get(&f).to_vec();
        let mut via = Via::Exact;
        if ids.is_empty() {
            if let Some(s) = strip_article(&f) {
                ids = g.exact.get(s).to_vec();
                via = Via::Stripped;
            }
        }
        if short_caps {
            ids.retain(|&id| {
                g.places.get(id as usize).map(|p| p.kind()) == Some(PlaceKind::Country)
            });
        }
        if !ids.is_empty() {
            // a division found exactly may have a seat spelled differently ("Deir al-Balah" is the
            // governorate's alias, "Dayr al Balah" the town's name): add the town
            let only_divisions = ids.iter().all(|&id| {
                matches!(
                    g.places.get(id as usize).map(|p| p.kind()),
                    Some(PlaceKind::Admin1 | PlaceKind::Admin2)
                )
            });
            if only_divisions && n <= 3 {
                let want = without_articles(&f);
                let extra: Vec<u32> = g
                    .skel
                    .get(&skeleton(&f))
                    .iter()
                    .copied()
                    .filter(|&o| {
                        let same_country = ids.iter().any(|&id| {
                            g.place_country.get(id as usize) == g.place_country.get(o as usize)
                        });
                        same_country
                            && g.places
                                .get(o as usize)
                                .map(|p| {
                                    p.kind() == PlaceKind::Settlement
                                        && spelling_ratio(&want, &without_articles(&fold(&p.name)))
                                            <= 0.2
                                })
                                .unwrap_or(false)
                    })
                    .collect();
                ids.extend(extra);
                ids.sort_unstable();
                ids.dedup();
            }
            let exact = Cand {
                t0: i,
                t1: i + n,
                ids,
                via,
                tight: false,
                fallback: None,
            };
            return Some(match skel_cand {
                Some(mut sc) => {
                    sc.fallback = Some(Box::new(exact));
                    sc
                }
                None => exact,
            });
        }
        // a frequent-word phrase is never matched loosely, unless it has an inner article
        // ("Ras al-Ain"), which English phrases do not
        let all_common = || {
            let inner_article = toks[i + 1..i + n].iter().any(|t| is_article(&t.low));
            !inner_article
                && toks[i..i + n]
                    .iter()
                    .filter(|t| !is_article(&t.low))
                    .all(|t| g.common.contains(&t.low) || g.stop.contains(&t.low))
        };
        if skel_cand.is_none() && n <= 3 && !short_caps && !all_common() {
            let sk = skeleton(&f);
            if skeleton_weight(&sk) >= 3 {
                // filtered by document country and spelling distance once the document is read
                let ids = g.skel.get(&sk);
                if !ids.is_empty() {
                    skel_cand = Some(Cand {
                        t0: i,
                        t1: i + n,
                        ids: ids.to_vec(),
                        via: Via::Skeleton,
                        tight: false,
                        fallback: None,
                    });
                }
            }
        }
    }
    skel_cand
}

/// A folded name with its article tokens removed.
pub(super) fn without_articles(f: &str) -> String {
    f.split(' ')
        .filter(|t| !t.is_empty() && !is_article(t))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Edit distance between two spellings relative to the longer one (1.0 when one is empty).
pub(super) fn spelling_ratio(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() || b.is_empty() {
        return 1.0;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] as f64 / a.len().max(b.len()) as f64
}

pub(super) fn words_after(toks: &[Tok], t1: usize, k: usize) -> String {
    let mut s = String::new();
    for t in toks.iter().skip(t1).take(k) {
        if !t.chained {
            break;
        }
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&t.low);
    }
    s
}

pub(super) fn context(text: &str, toks: &[Tok], c: &Cand) -> Ctx {
    let start = toks[c.t0].start;
    let mut end = toks[c.t1 - 1].end;
    let mut span_start = start;
    let mut facility = None;
    let mut wants_admin = None;
    let mut region = None;
    let mut near = false;
    let mut locative = false;
    let mut facility_name = None;

    // following facility / admin words, after at most two modifiers ("Town central prison")
    let after_words = words_after(toks, c.t1, 4);
    let after_words: Vec<&str> = after_words.split(' ').collect();
    let mods = after_words
        .iter()
        .take(2)
        .take_while(|w| is_facility_modifier(w))
        .count();
    let after = after_words
        .get(mods..)
        .map(|r| r.join(" "))
        .unwrap_or_default();
    for (w, kind) in &words().facilities {
        if after
            .strip_prefix(w)
            .map(|rest| rest.is_empty() || rest.starts_with(' '))
            .unwrap_or(false)
        {
            let nw = w.split(' ').count();
            facility = Some(kind.to_string());
            if let Some(t) = toks.get(c.t1 + mods + nw - 1) {
                end = t.end;
            }
            break;
        }
    }
    if facility.is_none() {
        let w1 = after_words.first().copied().unwrap_or("");
        if words().admin_words.contains(&w1) {
            wants_admin = Some(w1 != "district" && w1 != "county");
            if let Some(t) = toks.get(c.t1) {
                end = t.end;
            }
        }
    }

    // preceding words (same sentence, lowercase)
    let mut prev: Vec<&Tok> = Vec::new();
    let mut k = c.t0;
    while k > 0 && prev.len() < 12 {
        let t = &toks[k - 1];
        {
            if t.sent != toks[c.t0].sent {
                break;
            }
            prev.push(t);
        }
        k -= 1;
    }
    let p = |n: usize| prev.get(n).map(|t| t.low.as_str()).unwrap_or("");
    let directly_chained = toks[c.t0].chained;

    // "northeastern Syria", "north-eastern Syria"
    if directly_chained {
        let two = format!("{} {}", p(1), p(0));
        if let Some((_, d)) = words().directions.iter().find(|(w, _)| *w == two) {
            region = Some(*d);
            span_start = prev[1].start;
        } else if let Some((_, d)) = words().directions.iter().find(|(w, _)| *w == p(0)) {
            region = Some(*d);
            span_start = prev[0].start;
        }
    }
    // "the north of Mali" (region) vs "north of Kyiv" (near)
    if region.is_none() && p(0) == "of" {
        let two = format!("{} {}", p(2), p(1));
        let (dir, det) = if let Some((_, d)) = words().compass.iter().find(|(w, _)| *w == two) {
            (Some(*d), p(3))
        } else if let Some((_, d)) = words().compass.iter().find(|(w, _)| *w == p(1)) {
            (Some(*d), p(2))
        } else {
            (None, "")
        };
        if let Some(d) = dir {
            if det == "the" {
                region = Some(d);
                let idx = if words().compass.iter().any(|(w, _)| *w == two) {
                    3
                } else {
                    2
                };
                if let Some(t) = prev.get(idx) {
                    span_start = t.start;
                }
            } else {
                near = true;
            }
        }
    }
    if p(0) == "near"
        || p(0) == "outside"
        || (p(0) == "of" && p(1) == "outskirts")
        || (p(0) == "to" && p(1) == "close")
        || p(0) == "nearby"
    {
        near = true;
    }
    // "near the town of X"
    if p(0) == "of"
        && matches!(p(1), "town" | "city" | "village" | "villages" | "towns")
        && p(2) == "the"
        && matches!(p(3), "near" | "outside")
    {
        near = true;
    }
    if words().locatives.contains(&p(0))
        || (p(0) == "the" && words().locatives.contains(&p(1)))
        || (p(0) == "of"
            && matches!(
                p(1),
                "town" | "city" | "village" | "province" | "region" | "governorate"
            ))
    {
        locative = true;
    }
    // "the prison in Town"; "the prison in the eastern city of Town": the town's own
    // description is skipped (`o` words).
    let o = town_description_len(&prev, directly_chained);
    let q = |n: usize| p(n + o);
    if facility.is_none() && matches!(q(0), "in" | "at" | "near" | "outside" | "of") {
        for (w, kind) in &words().facilities {
            let nw = w.split(' ').count();
            let words: Vec<&str> = (1..=nw).rev().map(q).collect();
            if words.join(" ") != *w {
                continue;
            }
            // Modifiers between the article or the name and the facility noun ("the central
            // prison", "the Kangbayi central prison").
            let mut m = nw + 1;
            while m < nw + 3 && is_facility_modifier(q(m)) {
                m += 1;
            }
            if matches!(q(m), "the" | "a" | "an") {
                // "the (central) prison in Town", "the civil prison of Town"
                facility = Some(kind.to_string());
                if let Some(t) = prev.get(o + m - 1) {
                    span_start = t.start;
                }
            } else if q(0) != "of"
                && prev
                    .get(o + m)
                    .map(|t| t.cap && !g_stop_like(&t.low) && prev[o + m - 1].chained)
                    .unwrap_or(false)
            {
                // "the Zamzam camp near El Fasher": a named facility attached to the town
                let mut first = o + m;
                while first + 1 < prev.len()
                    && first < o + m + 2
                    && prev[first].chained
                    && (prev[first + 1].cap || is_article(&prev[first + 1].low))
                    && !g_stop_like(&prev[first + 1].low)
                {
                    first += 1;
                }
                facility = Some(kind.to_string());
                span_start = prev[first].start;
                if let Some(last) = prev.get(o + 1) {
                    facility_name = Span::new_checked(text, prev[first].start, last.end).ok();
                }
            } else {
                continue;
            }
            if !matches!(q(0), "in" | "at" | "of") {
                near = true;
            }
            break;
        }
    }
    let span = Span::new_checked(text, span_start, end)
        .unwrap_or(Span::new_checked(text, start, toks[c.t1 - 1].end).unwrap_or_default());
    Ctx {
        span,
        facility,
        facility_name,
        wants_admin,
        region,
        near,
        locative,
    }
}

/// How many words before a place name (read backwards, `prev[0]` nearest) describe it as a
/// town: "the eastern Congolese city of" (the article, at most three adjectives, a town noun,
/// "of"), all in one phrase; 0 when there is no such description.
pub(super) fn town_description_len(prev: &[&Tok], directly_chained: bool) -> usize {
    let low = |n: usize| prev.get(n).map(|t| t.low.as_str()).unwrap_or("");
    if !directly_chained || low(0) != "of" || !is_town_noun(low(1)) {
        return 0;
    }
    for j in 2..=5 {
        // prev[j - 1] must follow prev[j] with nothing but spaces between.
        if !prev.get(j - 1).is_some_and(|t| t.chained) {
            return 0;
        }
        if low(j) == "the" {
            return j + 1;
        }
        if ends_description(low(j)) {
            return 0;
        }
    }
    0
}
