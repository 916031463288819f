//! Place mentions in running text: candidate n-grams, context cues (facilities, regions,
//! divisions, "near X"), and document-level disambiguation.

use crate::fold::{fold, is_article, skeleton, skeleton_weight, strip_article};
use crate::{Facility, Gazetteer, Location, PlaceKind, PlaceMention, Span};
use sitrep_model::haversine_km;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    end: usize,
    /// Folded lowercase form.
    low: String,
    cap: bool,
    all_caps: bool,
    /// Joined to the previous token by a hyphen.
    hyph_before: bool,
    /// Separated from the previous token only by whitespace or a hyphen (same sentence).
    chained: bool,
    /// First token of its sentence, or in a title-case line.
    initial: bool,
    /// Directly after a personal title ("Mr.", "Gen.", "President").
    after_title: bool,
    sent: usize,
}

/// Abbreviations whose dot does not end a sentence.
const ABBREVS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt", "sen", "rep", "gov", "maj", "adm",
    "prof", "st", "mt", "ft", "jr", "sr", "no", "cpl", "brig", "rev", "hon", "vs", "pres", "sec",
    "gens", "cmdr", "cdr", "insp", "supt",
];

/// Personal titles: the capitalised word after one is a person's name.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "lt",
    "col",
    "sgt",
    "capt",
    "sen",
    "rep",
    "gov",
    "maj",
    "adm",
    "prof",
    "cpl",
    "brig",
    "rev",
    "hon",
    "pres",
    "cmdr",
    "cdr",
    "insp",
    "supt",
    "president",
    "minister",
    "general",
    "colonel",
    "major",
    "captain",
    "commander",
    "sheikh",
    "king",
    "queen",
    "prince",
    "princess",
    "emir",
    "governor",
    "mayor",
    "senator",
    "secretary",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chief",
    "pope",
    "imam",
    "judge",
    "envoy",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apos(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | '`' | '‘')
}

fn tokenize(text: &str, sentences: &[Span]) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let mut i = 0;
    let mut sent_idx = 0usize;
    let mut gap_has_break = true; // start of text
    let mut gap_only_space_or_hyphen = false;
    let mut gap_hyphen = false;
    let mut gap_newlines = 0;
    while i < n {
        let (pos, c) = chars[i];
        if is_word_char(c) {
            let start = pos;
            let mut j = i + 1;
            while j < n {
                let cj = chars[j].1;
                if is_word_char(cj) {
                    j += 1;
                } else if is_apos(cj)
                    && j + 1 < n
                    && matches!(chars[j + 1].1, 's' | 'S')
                    && (j + 2 >= n || !is_word_char(chars[j + 2].1))
                {
                    // possessive "Syria's": the token ends before the apostrophe
                    break;
                } else if (is_apos(cj) || cj == '.')
                    && j + 1 < n
                    && is_word_char(chars[j + 1].1)
                    && (cj != '.' || (j >= 1 && chars[j - 1].1.is_uppercase() && j - 1 == i))
                {
                    // internal apostrophe ("Dar'a") or dotted abbreviation ("U.S")
                    j += 2;
                } else {
                    break;
                }
            }
            // trailing dot of an abbreviation like "U.S."
            let mut end_j = j;
            if j < n && chars[j].1 == '.' && j >= 2 && chars[j - 2].1 == '.' {
                end_j = j + 1;
            }
            let end = if end_j < n {
                chars[end_j].0
            } else {
                text.len()
            };
            let word = text.get(start..end).unwrap_or("");
            // sentence index
            while sent_idx < sentences.len() && sentences[sent_idx].end <= start {
                sent_idx += 1;
            }
            let prev_sent = toks.last().map(|t| t.sent);
            let new_sentence = match prev_sent {
                None => true,
                Some(ps) => ps != sent_idx && !sentences.is_empty(),
            };
            let cap = c.is_uppercase();
            let (mut letters, mut upper) = (0usize, 0usize);
            for c in word.chars().filter(|c| c.is_alphabetic()) {
                letters += 1;
                upper += usize::from(c.is_uppercase());
            }
            let all_caps = letters >= 2 && upper == letters;
            let initial = gap_has_break || new_sentence || gap_newlines > 0;
            let after_title = toks
                .last()
                .map(|t| TITLES.contains(&t.low.as_str()))
                .unwrap_or(false);
            toks.push(Tok {
                start,
                end,
                low: fold(word),
                cap,
                all_caps,
                hyph_before: gap_hyphen && gap_only_space_or_hyphen,
                chained: gap_only_space_or_hyphen && !new_sentence && gap_newlines == 0,
                initial,
                after_title,
                sent: sent_idx,
            });
            i = end_j;
            gap_has_break = false;
            gap_only_space_or_hyphen = true;
            if i + 1 < n && is_apos(chars[i].1) && matches!(chars[i + 1].1, 's' | 'S') {
                // skip the possessive; the next word is not part of the same name
                i += 2;
                gap_only_space_or_hyphen = false;
            }
            gap_hyphen = false;
            gap_newlines = 0;
        } else {
            if c == '\n' {
                gap_newlines += 1;
                gap_only_space_or_hyphen = false;
            } else if c == '-' || c == '‐' || c == '‑' {
                gap_hyphen = true;
            } else if c.is_whitespace() {
            } else {
                gap_only_space_or_hyphen = false;
                let abbrev_dot = c == '.'
                    && toks
                        .last()
                        .map(|t| t.end == pos && ABBREVS.contains(&t.low.as_str()))
                        .unwrap_or(false);
                if matches!(c, '.' | '!' | '?' | ':' | ';') && !abbrev_dot {
                    gap_has_break = true;
                }
            }
            i += 1;
        }
    }
    mark_title_lines(text, &mut toks);
    toks
}

/// In a title-case line (a headline) every capitalised word is treated as sentence-initial.
fn mark_title_lines(text: &str, toks: &mut [Tok]) {
    let mut line_start = 0;
    while line_start < toks.len() {
        let mut line_end = line_start + 1;
        while line_end < toks.len() {
            let between = text
                .get(toks[line_end - 1].end..toks[line_end].start)
                .unwrap_or("");
            if between.contains('\n') {
                break;
            }
            line_end += 1;
        }
        let long: Vec<&Tok> = toks[line_start..line_end]
            .iter()
            .filter(|t| t.end - t.start > 3)
            .collect();
        let caps = long.iter().filter(|t| t.cap).count();
        let last_end = toks[line_end - 1].end;
        let ends_with_period = text
            .get(last_end..)
            .map(|r| r.starts_with('.'))
            .unwrap_or(false);
        if long.len() >= 3 && caps * 10 >= long.len() * 7 && !ends_with_period {
            for t in &mut toks[line_start..line_end] {
                t.initial = true;
            }
        }
        line_start = line_end;
    }
}

const CONNECTORS: &[&str] = &[
    "de", "del", "da", "do", "dos", "das", "des", "di", "la", "le", "les", "los", "of", "and",
    "on", "upon", "sur", "am", "im", "bin", "ibn", "bani", "y", "e", "du", "van", "von", "au",
    "aux",
];

/// The words of a one-word-per-line list (`#` comments and blank lines skipped).
fn word_set(src: &'static str) -> std::collections::HashSet<&'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// Whether the word is an adjective of "the central prison in Town"
/// (`data/gazetteer/facility_modifiers.txt`).
fn is_facility_modifier(w: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| word_set(crate::FACILITY_MODIFIERS))
        .contains(w)
}

/// Whether the word is the noun of a town's description, "the city of Town"
/// (`data/gazetteer/town_nouns.txt`).
fn is_town_noun(w: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| word_set(crate::TOWN_NOUNS)).contains(w)
}

/// Words that end a town's description when read backwards from "of": a description is "the",
/// at most three adjectives, a town noun and "of" ("the eastern Congolese city of").
fn ends_description(w: &str) -> bool {
    w.is_empty() || LOCATIVES.contains(&w) || matches!(w, "of" | "and" | "or" | "a" | "an")
}

const FACILITIES: &[(&str, &str)] = &[
    ("refugee camp", "camp"),
    ("displacement camp", "camp"),
    ("detention center", "detention center"),
    ("detention centre", "detention center"),
    ("detention facility", "detention facility"),
    ("custodial centre", "prison"),
    ("custodial center", "prison"),
    ("correctional centre", "prison"),
    ("correctional center", "prison"),
    ("correctional facility", "prison"),
    ("penitentiary", "prison"),
    ("detention camp", "camp"),
    ("military base", "base"),
    ("air base", "airbase"),
    ("airbase", "airbase"),
    ("air field", "airfield"),
    ("airfield", "airfield"),
    ("airport", "airport"),
    ("oil field", "oil field"),
    ("oilfield", "oil field"),
    ("border crossing", "border crossing"),
    ("crossing", "crossing"),
    ("prison", "prison"),
    ("jail", "prison"),
    ("camp", "camp"),
    ("base", "base"),
    ("port", "port"),
    ("hospital", "hospital"),
    ("dam", "dam"),
];

const ADMIN_WORDS: &[&str] = &[
    "province",
    "governorate",
    "region",
    "state",
    "oblast",
    "district",
    "county",
    "department",
    "prefecture",
    "territory",
    "division",
    "wilaya",
    "muhafazah",
];

const DIRECTIONS: &[(&str, (f64, f64))] = &[
    ("northern", (1.0, 0.0)),
    ("southern", (-1.0, 0.0)),
    ("eastern", (0.0, 1.0)),
    ("western", (0.0, -1.0)),
    ("northeastern", (1.0, 1.0)),
    ("northwestern", (1.0, -1.0)),
    ("southeastern", (-1.0, 1.0)),
    ("southwestern", (-1.0, -1.0)),
    ("north eastern", (1.0, 1.0)),
    ("north western", (1.0, -1.0)),
    ("south eastern", (-1.0, 1.0)),
    ("south western", (-1.0, -1.0)),
    ("central", (0.0, 0.0)),
    ("north", (1.0, 0.0)),
    ("south", (-1.0, 0.0)),
    ("east", (0.0, 1.0)),
    ("west", (0.0, -1.0)),
];

const COMPASS: &[(&str, (f64, f64))] = &[
    ("north", (1.0, 0.0)),
    ("south", (-1.0, 0.0)),
    ("east", (0.0, 1.0)),
    ("west", (0.0, -1.0)),
    ("northeast", (1.0, 1.0)),
    ("northwest", (1.0, -1.0)),
    ("southeast", (-1.0, 1.0)),
    ("southwest", (-1.0, -1.0)),
    ("north east", (1.0, 1.0)),
    ("north west", (1.0, -1.0)),
    ("south east", (-1.0, 1.0)),
    ("south west", (-1.0, -1.0)),
    ("centre", (0.0, 0.0)),
    ("center", (0.0, 0.0)),
];

/// Nouns that make a preceding place name part of an organisation or building name ("Qahira Hotel").
const ORG_NOUNS: &[&str] = &[
    "hotel",
    "university",
    "college",
    "school",
    "street",
    "road",
    "avenue",
    "square",
    "stadium",
    "mosque",
    "church",
    "cathedral",
    "times",
    "post",
    "club",
    "bank",
    "company",
    "group",
    "institute",
    "center",
    "centre",
    "agreement",
    "accord",
    "accords",
    "declaration",
    "process",
    "protocol",
    "convention",
    "format",
    "summit",
    "conference",
    "talks",
    "forum",
    "dialogue",
    "initiative",
    "tribune",
    "herald",
    "news",
    "daily",
    "gazette",
    "journal",
    "fc",
    "united",
    "city",
];

/// Capitalised nouns that make a preceding place name part of a natural feature's name.
const NATURAL_FEATURES: &[&str] = &[
    "sea",
    "seas",
    "ocean",
    "gulf",
    "strait",
    "straits",
    "bay",
    "lake",
    "river",
    "mountains",
    "mountain",
    "desert",
    "valley",
    "peninsula",
    "island",
    "islands",
    "canal",
    "channel",
    "basin",
];

/// Capitalised words that may follow a place name without making it part of a longer name:
/// weekdays, months and a few other time words (`low` is lower case).
fn is_time_word(low: &str) -> bool {
    sitrep_text::MONTH_NAMES.contains(&low)
        || sitrep_text::WEEKDAY_NAMES.contains(&low)
        || matches!(low, "today" | "tonight" | "yesterday" | "tomorrow")
}

/// Verbs after which a single capitalised word is a speaker, not a place ("Rubio said").
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "stated",
    "wrote",
    "argued",
    "noted",
    "explained",
    "insisted",
    "warned",
    "tweeted",
    "posted",
    "asked",
    "replied",
    "claimed",
    "acknowledged",
    "admitted",
];

const LOCATIVES: &[&str] = &[
    "in",
    "at",
    "near",
    "outside",
    "from",
    "to",
    "into",
    "across",
    "around",
    "toward",
    "towards",
    "of",
    "inside",
    "through",
    "throughout",
    "via",
    "between",
    "within",
    "reach",
    "entered",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Via {
    Exact,
    Stripped,
    Skeleton,
}

#[derive(Debug, Clone)]
struct Cand {
    t0: usize,
    t1: usize, // exclusive
    ids: Vec<u32>,
    via: Via,
    /// Skeleton candidates only: a near-identical spelling (article or one-letter variants).
    tight: bool,
    /// Skeleton candidates only: the shorter exact match to use if the loose one finds nothing
    /// ("Jisr al-Shughur" loosely, else "Jisr").
    fallback: Option<Box<Cand>>,
}

#[derive(Debug, Clone)]
struct Ctx {
    span: Span,
    facility: Option<String>, // facility kind
    /// The facility's own name when the mention is "<Name> camp near <Town>".
    facility_name: Option<Span>,
    wants_admin: Option<bool>, // Some(true) = admin1 word, Some(false) = district
    region: Option<(f64, f64)>,
    near: bool,
    locative: bool,
}

/// Determiners and similar words that never start a facility name ("The Sednaya prison").
fn g_stop_like(w: &str) -> bool {
    matches!(
        w,
        "the" | "a" | "an" | "this" | "that" | "its" | "their" | "his" | "her" | "our"
    )
}

/// Longest matching candidate starting at token i.
fn match_at(g: &Gazetteer, text: &str, toks: &[Tok], i: usize) -> Option<Cand> {
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
        if !(t.cap || is_article(&t.low) || CONNECTORS.contains(&t.low.as_str())) {
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
fn without_articles(f: &str) -> String {
    f.split(' ')
        .filter(|t| !t.is_empty() && !is_article(t))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Edit distance between two spellings relative to the longer one (1.0 when one is empty).
fn spelling_ratio(a: &str, b: &str) -> f64 {
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

fn words_after(toks: &[Tok], t1: usize, k: usize) -> String {
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

fn context(text: &str, toks: &[Tok], c: &Cand) -> Ctx {
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
    for (w, kind) in FACILITIES {
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
        if ADMIN_WORDS.contains(&w1) {
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
        if let Some((_, d)) = DIRECTIONS.iter().find(|(w, _)| *w == two) {
            region = Some(*d);
            span_start = prev[1].start;
        } else if let Some((_, d)) = DIRECTIONS.iter().find(|(w, _)| *w == p(0)) {
            region = Some(*d);
            span_start = prev[0].start;
        }
    }
    // "the north of Mali" (region) vs "north of Kyiv" (near)
    if region.is_none() && p(0) == "of" {
        let two = format!("{} {}", p(2), p(1));
        let (dir, det) = if let Some((_, d)) = COMPASS.iter().find(|(w, _)| *w == two) {
            (Some(*d), p(3))
        } else if let Some((_, d)) = COMPASS.iter().find(|(w, _)| *w == p(1)) {
            (Some(*d), p(2))
        } else {
            (None, "")
        };
        if let Some(d) = dir {
            if det == "the" {
                region = Some(d);
                let idx = if COMPASS.iter().any(|(w, _)| *w == two) {
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
    if LOCATIVES.contains(&p(0))
        || (p(0) == "the" && LOCATIVES.contains(&p(1)))
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
        for (w, kind) in FACILITIES {
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
fn town_description_len(prev: &[&Tok], directly_chained: bool) -> usize {
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
        if c.t1 - c.t0 < 2 || !COMPASS.iter().any(|(w, _)| *w == toks[c.t0].low) {
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
            && !LOCATIVES.contains(&a.low.as_str())
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

fn confidence(r: &Resolved) -> f32 {
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
fn has_seat_namesake(g: &Gazetteer, id: u32, ids: &[u32]) -> bool {
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
fn names_division_or_country(g: &Gazetteer, ids: &[u32]) -> bool {
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
fn score(
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

fn accept(
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
        .filter(|t| !is_article(&t.low) && !CONNECTORS.contains(&t.low.as_str()))
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
        let org_noun = nt.chained && nt.cap && ORG_NOUNS.contains(&nt.low.as_str());
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
            && NATURAL_FEATURES.contains(&nt.low.as_str())
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
            if nt.chained && SPEECH_VERBS.contains(&nt.low.as_str()) {
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
