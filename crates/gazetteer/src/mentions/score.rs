//! Scoring and acceptance of a candidate reading in its document: confidence, population,
//! seats and namesakes, document countries.

use super::*;

pub(super) fn confidence(r: &Resolved) -> f32 {
    let base: f32 = match r.cand.via {
        Via::Exact => 0.9,
        Via::Stripped => 0.8,
        Via::Skeleton => 0.6,
    };
    let amb = (r.cand.ids.len().min(20) as f32 - 1.0) * 0.01;
    (base - amb).clamp(0.3, 0.99)
}

/// Whether the candidates include the seat of division `id` under the same name: a settlement of
/// the same country at the division's point (which is its seat's).
pub(super) fn has_seat_namesake(g: &Gazetteer, id: u32, ids: &[u32]) -> bool {
    let Some(div) = g.places.get(id as usize) else {
        return false;
    };
    let ci = g.place_country.get(id as usize);
    ids.iter().any(|&o| {
        o != id
            && g.place_country.get(o as usize) == ci
            && g.places
                .get(o as usize)
                .map(|p| {
                    p.kind() == PlaceKind::Settlement
                        && (p.lat - div.lat).abs() < 0.5
                        && haversine_km(p.lat, p.lon, div.lat, div.lon) < 25.0
                })
                .unwrap_or(false)
    })
}

/// Whether any of the candidate places is a first-level division or a country.
pub(super) fn names_division_or_country(g: &Gazetteer, ids: &[u32]) -> bool {
    ids.iter().any(|&o| {
        matches!(
            g.places.get(o as usize).map(|q| q.kind()),
            Some(PlaceKind::Admin1 | PlaceKind::Country)
        )
    })
}

/// Score of place `id` for the mention `r`; `names_division` is
/// [`names_division_or_country`] of the mention's candidates (the same for all of them).
#[allow(clippy::too_many_arguments)]
pub(super) fn score(
    g: &Gazetteer,
    id: u32,
    r: &Resolved,
    names_division: bool,
    doc_countries: &HashMap<u16, u32>,
    doc_admin1: &HashSet<(u16, String)>,
    anchors: &[(u32, f64, f64)],
    self_best: Option<u32>,
) -> f64 {
    let Some(p) = g.places.get(id as usize) else {
        return f64::MIN;
    };
    // (not when the name also names a division or country: "Minnesota" is the state even in a
    // text that names Michigan, where a village has it as an alternate name)
    let in_named_division = p.kind() == PlaceKind::Settlement
        && !names_division
        && !doc_admin1.is_empty()
        && p.admin1.as_ref().is_some_and(|a| {
            let ci = g
                .place_country
                .get(id as usize)
                .copied()
                .unwrap_or(u16::MAX);
            doc_admin1.contains(&(ci, a.clone()))
        });
    let ci = g
        .place_country
        .get(id as usize)
        .copied()
        .unwrap_or(u16::MAX);
    let mut s = 0.0;
    if let Some(&n) = doc_countries.get(&ci) {
        s += 10.0 + (n.min(10) as f64) * 0.3;
    }
    let kind = p.kind();
    match kind {
        PlaceKind::Country => s += 8.0,
        PlaceKind::Admin1 | PlaceKind::Region => {
            s += if r.ctx.wants_admin == Some(true) {
                20.0
            } else if has_seat_namesake(g, id, &r.cand.ids) {
                // "Jenin", "Idlib": without "province" the name means the town
                0.5
            } else {
                7.0
            }
        }
        PlaceKind::Admin2 => {
            s += if r.ctx.wants_admin == Some(false) {
                20.0
            } else {
                0.5
            }
        }
        _ => {
            s += match p.feature.as_str() {
                "PPLC" => 6.0,
                "PPLA" => 3.0,
                "PPLA2" => 2.0,
                "PPLA3" | "PPLA4" => 1.0,
                "PPLX" => -1.0,
                _ => 0.0,
            };
            if r.ctx.wants_admin.is_some() {
                s -= 1.0;
            }
        }
    }
    if r.ctx.region.is_some() && matches!(kind, PlaceKind::Country | PlaceKind::Admin1) {
        s += 3.0;
    }
    if in_named_division {
        s += 6.0;
    }
    s += ((p.population as f64) + 1.0).log10() * 0.8;
    // large cities are what an unqualified name usually means ("Paris", "Brussels")
    if p.population >= 1_000_000 {
        s += 5.0;
    } else if p.population >= 300_000 {
        s += 3.0;
    }
    // proximity to other resolved places in the document
    let mut best_d = f64::MAX;
    for &(k, lat, lon) in anchors {
        if Some(k) == self_best || k == id {
            continue;
        }
        // beyond ~5 degrees of latitude the distance is over 500 km: no bonus either way
        if (p.lat - lat).abs() > 4.6 {
            continue;
        }
        best_d = best_d.min(haversine_km(p.lat, p.lon, lat, lon));
    }
    if best_d < 50.0 {
        s += 4.0;
    } else if best_d < 200.0 {
        s += 2.5;
    } else if best_d < 500.0 {
        s += 1.0;
    }
    if r.cand.via == Via::Skeleton {
        // the skeleton is loose: strongly prefer in-document countries
        if !doc_countries.contains_key(&ci) {
            s -= 5.0;
        }
    }
    s
}

pub(super) fn accept(
    g: &Gazetteer,
    toks: &[Tok],
    r: &Resolved,
    doc_countries: &HashMap<u16, u32>,
    surnames: &HashSet<&str>,
) -> bool {
    let Some(id) = r.best else { return false };
    let Some(p) = g.places.get(id as usize) else {
        return false;
    };
    let ci = g
        .place_country
        .get(id as usize)
        .copied()
        .unwrap_or(u16::MAX);
    let in_doc = doc_countries.contains_key(&ci);
    // a country the document is mainly about (not one mentioned in passing)
    let max_w = doc_countries.values().copied().max().unwrap_or(0);
    let dominant = doc_countries
        .get(&ci)
        .map(|&w| w * 3 >= max_w)
        .unwrap_or(false);
    let kind = p.kind();
    let name_toks: Vec<&Tok> = toks[r.cand.t0..r.cand.t1]
        .iter()
        .filter(|t| !is_article(&t.low) && !words().connectors.contains(&t.low.as_str()))
        .collect();
    let single = name_toks.len() <= 1;
    let surface_low: Vec<&str> = name_toks.iter().map(|t| t.low.as_str()).collect();
    if g.stop.contains(&surface_low.join(" "))
        || (surface_low.iter().all(|w| g.stop.contains(*w))
            && (single
                || !matches!(
                    kind,
                    PlaceKind::Country | PlaceKind::Admin1 | PlaceKind::Region
                )))
    {
        return false;
    }
    if surface_low
        .first()
        .map(|w| w.len() < 3 && !toks[r.cand.t0].all_caps)
        .unwrap_or(true)
        && single
    {
        return false;
    }
    // a name glued to a following hyphenated modifier is an actor ("U.S.-led", "Russian-backed")
    if let Some(nt) = toks.get(r.cand.t1) {
        if nt.hyph_before
            && !nt.cap
            && matches!(
                nt.low.as_str(),
                "led"
                    | "backed"
                    | "based"
                    | "allied"
                    | "born"
                    | "made"
                    | "run"
                    | "controlled"
                    | "held"
                    | "aligned"
                    | "funded"
                    | "sponsored"
                    | "brokered"
                    | "mediated"
            )
        {
            return false;
        }
    }
    let pop = p.population;
    // "X province" is strong evidence only when X is a division
    let admin_ctx =
        r.ctx.wants_admin.is_some() && matches!(kind, PlaceKind::Admin1 | PlaceKind::Admin2);
    let strong_ctx = r.ctx.facility.is_some() || admin_ctx || r.ctx.region.is_some();
    if single && !strong_ctx && kind != PlaceKind::Country {
        // acronyms ("NISA") are not places; surnames seen after a first name ("Richard Hecker")
        if toks[r.cand.t0].all_caps || surnames.contains(toks[r.cand.t0].low.as_str()) {
            return false;
        }
    }
    // part of a longer capitalised name: "Bashar al-Assad", "Prime Minister Mohammed Shia al-Sudani",
    // "Martin Kelly", "Treasury Department"
    if r.cand.t0 > 0 && toks[r.cand.t0].chained && !strong_ctx {
        let pt = &toks[r.cand.t0 - 1];
        let starts_with_article = is_article(&toks[r.cand.t0].low);
        if pt.cap
            && ((!pt.initial && pop < 1_000_000)
                || starts_with_article
                || (g.stop.contains(&pt.low) && pop < 1_000_000))
        {
            return false;
        }
    }
    if let Some(nt) = toks.get(r.cand.t1) {
        let next_is_name = nt.chained
            && ((nt.cap && !g.stop.contains(&nt.low))
                || (is_article(&nt.low)
                    && toks
                        .get(r.cand.t1 + 1)
                        .map(|t| t.hyph_before && t.cap)
                        .unwrap_or(false)));
        let org_noun = nt.chained && nt.cap && words().org_nouns.contains(&nt.low.as_str());
        if (org_noun || (next_is_name && pop < 1_000_000))
            && !strong_ctx
            && kind == PlaceKind::Settlement
        {
            return false;
        }
    }
    // "South China Sea", "Gulf of Aden"-like names of water bodies and ranges are not the country
    if let Some(nt) = toks.get(r.cand.t1) {
        if nt.chained
            && nt.cap
            && words().natural_features.contains(&nt.low.as_str())
            && (r.ctx.region.is_some() || kind == PlaceKind::Settlement)
        {
            return false;
        }
    }
    let initial = toks[r.cand.t0].initial;
    // a person's name: "Mr. Rubio", "Rubio said"
    if single && kind != PlaceKind::Country && !strong_ctx {
        if toks[r.cand.t0].after_title {
            return false;
        }
        if let Some(nt) = toks.get(r.cand.t1) {
            if nt.chained && words().speech_verbs.contains(&nt.low.as_str()) {
                return false;
            }
        }
    }
    let common = surface_low.iter().all(|w| g.common.contains(*w));
    if r.cand.via == Via::Skeleton {
        let last = surface_low.last().copied().unwrap_or("");
        let demonym_like = ["ians", "ans", "ers", "ese", "ish", "ites", "ists", "ing"]
            .iter()
            .any(|suf| last.ends_with(suf));
        // loose matches only where the text itself says it is a place
        let inner_article = toks[r.cand.t0 + 1..r.cand.t1]
            .iter()
            .any(|t| is_article(&t.low));
        return dominant
            && (!common || inner_article)
            && !demonym_like
            && ((r.cand.tight && !single) || r.ctx.locative || strong_ctx);
    }
    if common && single && !strong_ctx && kind != PlaceKind::Country {
        // "Homeland Security", "Victory Day": a frequent word starting a longer name
        if let Some(nt) = toks.get(r.cand.t1) {
            if nt.chained && nt.cap && !nt.hyph_before && !is_time_word(&nt.low) {
                return false;
            }
        }
    }
    if common && single && !strong_ctx && !matches!(kind, PlaceKind::Country | PlaceKind::Admin1) {
        // a frequent English word counts only as the place's own name ("Soul" is not "Seoul")
        let own = without_articles(&fold(&p.name));
        if surface_low.first().map(|w| *w != own).unwrap_or(true) {
            return false;
        }
    }
    match kind {
        PlaceKind::Country => return true,
        PlaceKind::Admin1 | PlaceKind::Admin2 | PlaceKind::Region => {
            if common && single && !in_doc && !strong_ctx {
                return false;
            }
            return in_doc || strong_ctx || !single || r.ctx.locative || doc_countries.is_empty();
        }
        _ => {}
    }
    if common && !single {
        // "Guantanamo Bay", "Diego Garcia", "New York"
        return in_doc || r.ctx.locative || strong_ctx || pop >= 200_000;
    }
    if common {
        // a frequent English word: needs a large place or evidence from the document
        let evidence = dominant && (r.ctx.locative || strong_ctx || pop >= 1000);
        return (pop >= 200_000 && (!initial || r.ctx.locative || in_doc)) || evidence;
    }
    if single {
        if initial {
            (dominant
                && (pop >= 1000 || strong_ctx || p.feature.starts_with("PPLA") || r.ctx.locative))
                || pop >= 100_000
                || (strong_ctx && in_doc)
        } else {
            dominant
                || (in_doc && (pop >= 1000 || r.ctx.locative))
                || (pop >= 50_000 && (doc_countries.is_empty() || r.ctx.locative))
                || pop >= 200_000
                || (doc_countries.is_empty() && r.ctx.locative && pop >= 1000)
                || (strong_ctx && pop >= 5_000)
        }
    } else {
        in_doc || pop >= 1000 || r.ctx.locative || strong_ctx
    }
}
