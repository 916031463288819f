//! Place mentions in running text: candidate n-grams, context cues (facilities, regions,
//! divisions, "near X"), and document-level disambiguation.

use crate::fold::{fold, is_article, skeleton, skeleton_weight, strip_article};
use crate::{Facility, Gazetteer, Location, PlaceKind, PlaceMention, Span};
use sitrep_model::haversine_km;
use std::collections::{HashMap, HashSet};

mod candidates;
mod score;
mod tokens;
pub(crate) mod words;

use candidates::*;
use score::*;
use tokens::*;
use words::*;

struct Resolved {
    cand: Cand,
    ctx: Ctx,
    best: Option<u32>,
    score: f64,
    accepted: bool,
}

pub(crate) fn places_in(g: &Gazetteer, text: &str, sentences: &[Span]) -> Vec<PlaceMention> {
    let toks = tokenize(text, sentences);
    let mut doc_countries: HashMap<u16, u32> = HashMap::new();
    let mut cands: Vec<Cand> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // demonyms (one or two words) are country evidence, not mentions
        if toks[i].cap {
            let two = toks
                .get(i + 1)
                .filter(|t| t.chained && t.cap)
                .map(|t| format!("{} {}", toks[i].low, t.low));
            if let Some(&ci) = two.as_ref().and_then(|w| g.demonyms.get(w)) {
                *doc_countries.entry(ci).or_insert(0) += 1;
                i += 2;
                continue;
            }
            if let Some(&ci) = g.demonyms.get(&toks[i].low) {
                *doc_countries.entry(ci).or_insert(0) += 1;
                i += 1;
                continue;
            }
        }
        match match_at(g, text, &toks, i) {
            Some(c) => {
                i = c.t1;
                cands.push(c);
            }
            None => i += 1,
        }
    }

    // "South Lebanon" is southern Lebanon unless the whole phrase names a country or a division
    // (South Sudan, North Korea, North Gaza): split off the direction word
    for c in cands.iter_mut() {
        if c.t1 - c.t0 < 2 || !words().compass.iter().any(|(w, _)| *w == toks[c.t0].low) {
            continue;
        }
        let names_division = c.ids.iter().any(|&id| {
            !matches!(
                g.places.get(id as usize).map(|p| p.kind()),
                Some(PlaceKind::Settlement) | None
            )
        });
        if names_division {
            continue;
        }
        let Some(rest) = text.get(toks[c.t0 + 1].start..toks[c.t1 - 1].end) else {
            continue;
        };
        let rest_ids: Vec<u32> = g
            .exact
            .get(&fold(rest))
            .iter()
            .copied()
            .filter(|&id| {
                matches!(
                    g.places.get(id as usize).map(|p| p.kind()),
                    Some(PlaceKind::Country | PlaceKind::Admin1 | PlaceKind::Region)
                )
            })
            .collect();
        if !rest_ids.is_empty() {
            c.t0 += 1;
            c.ids = rest_ids;
            c.via = Via::Exact;
        }
    }

    // country evidence from country-name mentions
    for c in &cands {
        if c.via == Via::Skeleton {
            continue;
        }
        for &id in &c.ids {
            if g.places.get(id as usize).map(|p| p.kind()) == Some(PlaceKind::Country) {
                if let Some(&ci) = g.place_country.get(id as usize) {
                    *doc_countries.entry(ci).or_insert(0) += 2;
                }
            }
        }
    }

    // skeleton (loose) candidates: only places in the document's countries (once the document has
    // any), spelled closely; near-identical spellings are marked tight
    for c in cands.iter_mut().filter(|c| c.via == Via::Skeleton) {
        if doc_countries.is_empty() && c.ids.len() > 300 {
            c.ids.clear();
            continue;
        }
        let surface = text.get(toks[c.t0].start..toks[c.t1 - 1].end).unwrap_or("");
        let want = without_articles(&fold(surface));
        let mut scored: Vec<(u32, f64)> = c
            .ids
            .iter()
            .filter(|&&id| {
                doc_countries.is_empty()
                    || g.place_country
                        .get(id as usize)
                        .map(|ci| doc_countries.contains_key(ci))
                        .unwrap_or(false)
            })
            .filter_map(|&id| {
                let p = g.places.get(id as usize)?;
                let d = spelling_ratio(&want, &without_articles(&fold(&p.name)));
                (d <= 0.34).then_some((id, d))
            })
            .collect();
        c.tight = scored.iter().any(|&(_, d)| d <= 0.2);
        if c.tight {
            scored.retain(|&(_, d)| d <= 0.2);
        }
        c.ids = scored.into_iter().map(|(id, _)| id).collect();
        if c.ids.is_empty() {
            if let Some(fb) = c.fallback.take() {
                *c = *fb;
            }
        }
    }
    cands.retain(|c| !c.ids.is_empty());

    // the second word of a capitalised pair that is not a place ("Marco Rubio", "Richard Hecker"):
    // the same word alone later in the document is that person
    let mut in_cand = vec![false; toks.len()];
    for c in &cands {
        for f in in_cand.iter_mut().take(c.t1).skip(c.t0) {
            *f = true;
        }
    }
    let mut surnames: HashSet<&str> = HashSet::new();
    for i in 1..toks.len() {
        let (a, b) = (&toks[i - 1], &toks[i]);
        if a.cap
            && b.cap
            && b.chained
            && !b.hyph_before
            && !in_cand[i - 1]
            && !in_cand[i]
            && !a.initial
            && !g.stop.contains(&a.low)
            && !g.demonyms.contains_key(&a.low)
            && !words().locatives.contains(&a.low.as_str())
        {
            surnames.insert(b.low.as_str());
        }
    }

    let mut res: Vec<Resolved> = cands
        .into_iter()
        .map(|c| {
            let ctx = context(text, &toks, &c);
            Resolved {
                cand: c,
                ctx,
                best: None,
                score: f64::MIN,
                accepted: false,
            }
        })
        .collect();

    // two passes: the second adds proximity to places resolved in the first
    let mut doc_admin1: HashSet<(u16, String)> = HashSet::new();
    for pass in 0..2 {
        if pass == 1 {
            // country evidence from divisions, regions and well-supported places resolved in pass 0
            for r in res
                .iter()
                .filter(|r| r.accepted && r.cand.via != Via::Skeleton)
            {
                let Some(b) = r.best else { continue };
                let Some(p) = g.places.get(b as usize) else {
                    continue;
                };
                let strong = match p.kind() {
                    PlaceKind::Admin1 | PlaceKind::Admin2 | PlaceKind::Region => true,
                    PlaceKind::Settlement => p.population >= 100_000 || r.cand.t1 - r.cand.t0 >= 2,
                    _ => false,
                };
                if strong {
                    if let Some(&ci) = g.place_country.get(b as usize) {
                        doc_countries.entry(ci).or_insert(1);
                    }
                }
                // divisions named in the document favour their towns ("Geneva, Illinois")
                if p.kind() == PlaceKind::Admin1 {
                    if let Some(&ci) = g.place_country.get(b as usize) {
                        doc_admin1.insert((ci, p.name.clone()));
                    }
                }
            }
        }
        let anchors: Vec<(u32, f64, f64)> = if pass == 0 {
            Vec::new()
        } else {
            // distinct resolved places (keyed by id, so repeated mentions cost nothing)
            let mut seen: HashMap<u32, usize> = HashMap::new();
            let mut v = Vec::new();
            for r in res.iter().filter(|r| r.accepted) {
                if let Some(b) = r.best {
                    if seen.len() < 100 && !seen.contains_key(&b) {
                        seen.insert(b, v.len());
                        if let Some(p) = g.places.get(b as usize) {
                            v.push((b, p.lat, p.lon));
                        }
                    }
                }
            }
            v
        };
        for r in res.iter_mut() {
            let mut best = None;
            let mut best_score = f64::MIN;
            let anchors_here: &[(u32, f64, f64)] =
                if r.cand.ids.len() > 1 { &anchors } else { &[] };
            let names_division = names_division_or_country(g, &r.cand.ids);
            for &id in &r.cand.ids {
                let s = score(
                    g,
                    id,
                    r,
                    names_division,
                    &doc_countries,
                    &doc_admin1,
                    anchors_here,
                    r.best,
                );
                if s > best_score {
                    best_score = s;
                    best = Some(id);
                }
            }
            r.best = best;
            r.score = best_score;
            r.accepted = accept(g, &toks, r, &doc_countries, &surnames);
        }
    }

    let mut out = Vec::new();
    for r in res.iter().filter(|r| r.accepted) {
        let Some(mut id) = r.best else { continue };
        // "Kursk region": the division of the town named, when the division is not itself known by
        // that name
        if r.ctx.wants_admin == Some(true) {
            if let Some(p) = g
                .places
                .get(id as usize)
                .filter(|p| p.kind() == PlaceKind::Settlement)
            {
                let ci = g
                    .place_country
                    .get(id as usize)
                    .copied()
                    .unwrap_or(u16::MAX);
                if let Some(a) = p
                    .admin1
                    .as_ref()
                    .and_then(|a| g.admin1_by_name.get(&(ci, a.clone())))
                {
                    id = *a;
                }
            }
        }
        let Some(p) = g.places.get(id as usize) else {
            continue;
        };
        let kind0 = p.kind();
        let mut kind = kind0;
        let mut lat = p.lat;
        let mut lon = p.lon;
        let mut precision: u8 = match kind0 {
            PlaceKind::Settlement => 1,
            _ => 3,
        };
        let mut feature = p.feature.clone();
        let mut facility = None;
        let span = r.ctx.span;
        let verbatim = span.slice(text).unwrap_or("").to_string();
        if let Some(fk) = &r.ctx.facility {
            kind = PlaceKind::Facility;
            feature = fk.clone();
            let name = r
                .ctx
                .facility_name
                .and_then(|sp| sp.slice(text))
                .unwrap_or(&verbatim)
                .to_string();
            facility = Some(Facility {
                kind: fk.clone(),
                name,
            });
            precision = if r.ctx.near || kind0 != PlaceKind::Settlement {
                2
            } else {
                1
            };
        } else if let Some((dy, dx)) = r.ctx.region {
            kind = PlaceKind::Region;
            if kind0 == PlaceKind::Country {
                if let Some(rec) = g
                    .place_country
                    .get(id as usize)
                    .and_then(|&ci| g.countries.get(ci as usize))
                {
                    let cy = (rec.min_lat + rec.max_lat) / 2.0;
                    let cx = (rec.min_lon + rec.max_lon) / 2.0;
                    lat = cy + dy * (rec.max_lat - rec.min_lat) / 4.0;
                    lon = cx + dx * (rec.max_lon - rec.min_lon) / 4.0;
                }
                precision = 3;
            } else if kind0 == PlaceKind::Settlement {
                precision = 2;
            } else {
                precision = 3;
            }
        } else if r.ctx.near && precision < 2 {
            precision = 2;
        }
        let conf = confidence(r);
        out.push(PlaceMention {
            span,
            kind,
            location: Location {
                text: verbatim,
                name: p.name.clone(),
                geonameid: Some(p.geonameid),
                lat: Some(lat),
                lon: Some(lon),
                country: Some(p.country.clone()).filter(|c| !c.is_empty()),
                admin1: p.admin1.clone(),
                feature: Some(feature),
                precision,
                facility,
                span: Some(span),
            },
            confidence: conf,
        });
    }
    // overlapping mentions ("Sednaya prison" inside "Sednaya prison near Damascus"): keep the more
    // precise one, then the longer one
    let mut keep = vec![true; out.len()];
    for a in 0..out.len() {
        for b in (a + 1)..out.len() {
            if keep[a] && keep[b] && out[a].span.overlaps(out[b].span) {
                let (pa, pb) = (out[a].location.precision, out[b].location.precision);
                let drop_b = pa < pb || (pa == pb && out[a].span.len() >= out[b].span.len());
                if drop_b {
                    keep[b] = false;
                } else {
                    keep[a] = false;
                }
            }
            if out[b].span.start > out[a].span.end {
                break;
            }
        }
    }
    let mut k = keep.into_iter();
    out.retain(|_| k.next().unwrap_or(true));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lows(text: &str) -> Vec<String> {
        tokenize(text, &[]).into_iter().map(|t| t.low).collect()
    }

    #[test]
    fn tokenizer_splits_possessives_and_keeps_abbreviations() {
        assert_eq!(lows("Syria's north"), vec!["syria", "north"]);
        assert_eq!(
            lows("the U.S.-led coalition"),
            vec!["the", "us", "led", "coalition"]
        );
        assert_eq!(lows("Dar'a and Ma’arrat"), vec!["dara", "and", "maarrat"]);
        let t = tokenize("Deir ez-Zor", &[]);
        assert!(t[1].chained && t[2].chained && t[2].hyph_before);
    }

    #[test]
    fn sentence_starts_and_titles() {
        let t = tokenize("Mr. Rubio met Ms. Ali. Then Gaza.", &[]);
        let rubio = t.iter().find(|t| t.low == "rubio").expect("rubio");
        assert!(rubio.after_title && !rubio.initial);
        let then = t.iter().find(|t| t.low == "then").expect("then");
        assert!(then.initial);
        let head = tokenize(
            "Kurdish Forces Withdraw Amid Growing Tensions\nThe SDF left.",
            &[],
        );
        assert!(head.iter().take(6).all(|t| t.initial));
    }

    #[test]
    fn spelling_distance() {
        assert!(spelling_ratio("shaddadi", "shaddadah") <= 0.34);
        assert!(spelling_ratio("raqqa", "raqqah") <= 0.2);
        assert!(spelling_ratio("studies", "sotodosos") > 0.34);
        assert_eq!(spelling_ratio("", "x"), 1.0);
    }
}
