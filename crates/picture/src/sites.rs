//! The situation picture: sites, who controls them, detention figures, population, and
//! ceasefires with their violations.
//!
//! Sites come from event locations: a named facility (`Location::facility`: prison, camp,
//! base, airport, ...) is always a site; a town, city or region becomes one when an event
//! changes who controls it or gives detention or population figures there. Control changes
//! reported for a town also apply to the facilities in that town.

use crate::actors::{display_name, same_actor};
use crate::figures::{Figure, FigureSummary};
use crate::geo::is_region;
use crate::summary::{EventSummary, Framing};
use crate::{normalize_name, Claim, MergedEvent};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sitrep_model::{AcledSubEventType, Entity, EventType, Location, QuantityKind};
use std::collections::BTreeMap;

/// Who says a figure or a change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceRef {
    pub doc_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
}

impl SourceRef {
    fn of_figure(f: &Figure) -> SourceRef {
        SourceRef {
            doc_id: f.doc_id.clone(),
            source: f.source.clone(),
            outlet: f.outlet.clone(),
        }
    }
    fn of_claim(c: &Claim) -> SourceRef {
        SourceRef {
            doc_id: c.doc.id.clone(),
            source: c.attributed_source().map(|s| s.to_string()),
            outlet: c.doc.source.clone(),
        }
    }
}

/// A count at a site (sum over the events behind it, each event's best figure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub value: u64,
    pub low: u64,
    pub high: u64,
    pub approximate: bool,
    pub disputed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Who gives the figures (at most [`MAX_COUNT_REFS`]; see `source_count`).
    pub sources: Vec<SourceRef>,
    /// The events behind the count (at most [`MAX_COUNT_REFS`]; see `event_count`).
    pub events: Vec<String>,
    #[serde(default)]
    pub source_count: usize,
    #[serde(default)]
    pub event_count: usize,
}

impl Count {
    /// Keeps the first [`MAX_COUNT_REFS`] sources and events, recording the totals.
    fn cap(mut self) -> Count {
        self.source_count = self.source_count.max(self.sources.len());
        self.event_count = self.event_count.max(self.events.len());
        self.sources.truncate(MAX_COUNT_REFS);
        self.events.truncate(MAX_COUNT_REFS);
        self
    }

    fn from_summaries(items: &[(&str, &FigureSummary)]) -> Option<Count> {
        if items.is_empty() {
            return None;
        }
        let mut c = Count {
            value: 0,
            low: 0,
            high: 0,
            approximate: false,
            disputed: false,
            text: None,
            sources: Vec::new(),
            events: Vec::new(),
            source_count: 0,
            event_count: 0,
        };
        for (ev, f) in items {
            c.value = c.value.saturating_add(f.best);
            c.low = c.low.saturating_add(f.low);
            c.high = c.high.saturating_add(f.high);
            c.approximate |= f.approximate;
            c.disputed |= f.disputed;
            if items.len() == 1 {
                c.text = f
                    .figures
                    .iter()
                    .find(|g| g.value == f.best)
                    .map(|g| g.text.clone());
            }
            for g in &f.figures {
                let s = SourceRef::of_figure(g);
                if !c.sources.contains(&s) {
                    c.sources.push(s);
                }
            }
            if !c.events.iter().any(|e| e == ev) {
                c.events.push(ev.to_string());
            }
        }
        Some(c.cap())
    }
}

/// Detention figures of a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Detention {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escaped: Option<Count>,
    /// Arrests at the site (or its town) on or after the escape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recaptured: Option<Count>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released: Option<Count>,
    /// escaped - recaptured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_large: Option<Count>,
}

/// One change of control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// Who held the site before (the withdrawing party, the party it was taken from).
    pub from: Vec<String>,
    /// Who holds it after; empty when only a withdrawal is reported.
    pub to: Vec<String>,
    /// "seized", "withdrew", "took territory", joined with " / " when claims differ.
    pub how: String,
    pub event_id: String,
    pub sources: Vec<SourceRef>,
    /// Sources frame the change in contrary ways.
    pub disputed: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub framings: Vec<Framing>,
    /// Reported for the town the site is in, not the site itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// One site of the situation picture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Site {
    /// Stable key ("fac:123456:shaddadi prison", "geo:123456", "adm:SYR:hasakah").
    pub id: String,
    pub name: String,
    /// prison, camp, base, airport, ..., town, city, region.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    /// The town a facility is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub town: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonameid: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// Who controls it now (after the last change), when known.
    pub controller: Vec<String>,
    /// Who controlled it before the first reported change, when known.
    pub controller_before: Vec<String>,
    /// Control changes, oldest first (the most recent [`MAX_CONTROL_HISTORY`]).
    pub control: Vec<ControlChange>,
    /// How many control changes are reported in all.
    #[serde(default)]
    pub control_count: usize,
    pub detention: Detention,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<Count>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_change: Option<NaiveDate>,
    /// The most recent events behind the site (at most [`MAX_SITE_EVENTS`]), oldest first.
    pub events: Vec<String>,
    /// How many events are behind the site in all.
    #[serde(default)]
    pub event_count: usize,
}

/// At most this many event ids are listed per site (the figures list their own events).
pub const MAX_SITE_EVENTS: usize = 100;
/// Arrests at a site (or its town) this many days after an escape count as recaptures.
pub const RECAPTURE_WINDOW_DAYS: i64 = 90;
/// At most this many sources and events are listed per count (totals are kept).
pub const MAX_COUNT_REFS: usize = 50;
/// At most this many control changes are kept per site (the most recent).
pub const MAX_CONTROL_HISTORY: usize = 50;

/// A ceasefire and the violations reported since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ceasefire {
    pub event_id: String,
    /// The resolved date of the ceasefire, when the text gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The earliest report of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<NaiveDate>,
    pub parties: Vec<String>,
    /// Who announced or agreed it (the actors).
    pub agreed_by: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub sources: Vec<SourceRef>,
    pub violations: Vec<Violation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Violation {
    pub event_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<NaiveDate>,
    pub parties: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub sources: Vec<SourceRef>,
}

/// The key of the town/place part of a location.
fn town_key(l: &Location) -> Option<String> {
    if let Some(g) = l.geonameid {
        return Some(format!("geo:{g}"));
    }
    let n = normalize_name(&l.name);
    if n.is_empty() {
        return None;
    }
    Some(format!(
        "place:{}:{}",
        l.country.as_deref().unwrap_or(""),
        n
    ))
}

fn region_key(l: &Location) -> Option<String> {
    let name = l.admin1.as_deref().unwrap_or(&l.name);
    let n = normalize_name(name);
    if n.is_empty() {
        return None;
    }
    Some(format!("adm:{}:{}", l.country.as_deref().unwrap_or(""), n))
}

/// The locality of a location: the town (or province for region-level places) whose events
/// together determine the sites there. Facilities share their town's locality; a country-level
/// place has none. Storage backends recompute the sites of a locality from its events.
pub fn locality_of(l: &Location) -> Option<String> {
    if l.feature
        .as_deref()
        .map(|f| f.starts_with("PCL"))
        .unwrap_or(false)
        && l.facility.is_none()
    {
        return None;
    }
    if l.facility.is_none() && is_region(l) {
        return region_key(l);
    }
    town_key(l).or_else(|| {
        l.facility
            .as_ref()
            .map(|f| normalize_name(&f.name))
            .filter(|n| !n.is_empty())
            .map(|n| format!("fac::{n}"))
    })
}

/// The site key and a fresh site for a location, plus the town key of a facility.
pub fn site_of(l: &Location) -> Option<(Site, Option<String>)> {
    let is_country = l
        .feature
        .as_deref()
        .map(|f| f.starts_with("PCL"))
        .unwrap_or(false);
    if let Some(f) = &l.facility {
        let town = town_key(l);
        let fname = normalize_name(&f.name);
        if fname.is_empty() {
            return None;
        }
        let key = format!("fac:{}:{}", town.as_deref().unwrap_or(""), fname);
        let town_name = if l.name.trim().is_empty() || normalize_name(&l.name) == fname {
            None
        } else {
            Some(l.name.clone())
        };
        return Some((
            new_site(key, f.name.clone(), f.kind.to_lowercase(), l, town_name),
            town,
        ));
    }
    if is_country {
        return None;
    }
    if is_region(l) {
        let key = region_key(l)?;
        let name = if l.name.trim().is_empty() {
            l.admin1.clone().unwrap_or_default()
        } else {
            l.name.clone()
        };
        return Some((new_site(key, name, "region".into(), l, None), None));
    }
    let key = town_key(l)?;
    let kind = match l.feature.as_deref() {
        Some(f) if f == "PPLC" || f.starts_with("PPLA") => "city",
        Some(f) if f.starts_with("PPL") => "town",
        Some(f) if !f.is_empty() && f.chars().all(|c| c.is_ascii_lowercase() || c == '_') => f,
        _ => "town",
    };
    Some((
        new_site(key.clone(), l.name.clone(), kind.to_string(), l, None),
        Some(key),
    ))
}

fn new_site(id: String, name: String, kind: String, l: &Location, town: Option<String>) -> Site {
    Site {
        id,
        name,
        kind,
        country: l.country.clone(),
        admin1: l.admin1.clone(),
        town,
        geonameid: l.geonameid,
        lat: l.lat,
        lon: l.lon,
        controller: Vec::new(),
        controller_before: Vec::new(),
        control: Vec::new(),
        control_count: 0,
        detention: Detention::default(),
        population: None,
        last_change: None,
        events: Vec::new(),
        event_count: 0,
    }
}

fn names(es: &[Entity]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in es {
        let n = display_name(e).to_string();
        if !n.is_empty() && !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// Adds entities not yet represented (same name, or the same actor by [`same_actor`]).
fn push_unique(v: &mut Vec<Entity>, more: &[Entity]) {
    for m in more {
        if !v.iter().any(|x| same_actor(x, m)) {
            v.push(m.clone());
        }
    }
}

/// The control change an event reports, if any.
pub fn control_change(ev: &MergedEvent, s: &EventSummary) -> Option<ControlChange> {
    if s.historical || s.negated || s.future || s.hypothetical {
        return None;
    }
    let mut from: Vec<Entity> = Vec::new();
    let mut to: Vec<Entity> = Vec::new();
    let mut hows: Vec<String> = Vec::new();
    let mut sources: Vec<SourceRef> = Vec::new();
    for c in &ev.claims {
        let e = &c.event;
        let mode = e.mode.as_deref().unwrap_or("").to_ascii_lowercase();
        let territorial = e.acled.is_some_and(|a| {
            matches!(
                a.sub_event_type,
                AcledSubEventType::GovernmentRegainsTerritory
                    | AcledSubEventType::NonStateActorOvertakesTerritory
                    | AcledSubEventType::NonViolentTransferOfTerritory
            )
        });
        let (f, t, how) = match e.event_type {
            EventType::Coerce if mode == "seize" => (&e.recipient, &e.actor, "seized"),
            EventType::Retreat if mode == "withdraw" || (mode.is_empty() && territorial) => {
                (&e.actor, &e.recipient, "withdrew")
            }
            EventType::Assault if territorial => (&e.recipient, &e.actor, "took territory"),
            _ => continue,
        };
        push_unique(&mut from, f);
        push_unique(&mut to, t);
        if !hows.iter().any(|h| h == how) {
            hows.push(how.to_string());
        }
        let sr = SourceRef::of_claim(c);
        if !sources.contains(&sr) {
            sources.push(sr);
        }
    }
    if hows.is_empty() {
        return None;
    }
    // Contrary framings (ACCUSE claims about the same change) are sources too.
    for c in &ev.claims {
        let sr = SourceRef::of_claim(c);
        if !sources.contains(&sr) {
            sources.push(sr);
        }
    }
    Some(ControlChange {
        date: s.effective_date(),
        from: names(&from),
        to: names(&to),
        how: hows.join(" / "),
        event_id: ev.id.clone(),
        sources,
        disputed: s.framing_disputed,
        framings: if s.framing_disputed {
            s.framings.clone()
        } else {
            Vec::new()
        },
        via: None,
    })
}

fn figure_of<'a>(s: &'a EventSummary, kinds: &[QuantityKind]) -> Option<&'a FigureSummary> {
    kinds.iter().find_map(|k| s.figure(*k))
}

/// Whether an event makes its place a site (a facility event, a control change, an escape,
/// population or release figures).
fn makes_site(site: &Site, has_control: bool, s: &EventSummary) -> bool {
    site.id.starts_with("fac:")
        || has_control
        || s.event_type == EventType::Escape
        || s.figure(QuantityKind::Size).is_some()
        || s.figure(QuantityKind::Released).is_some()
}

/// Arrests with a figure: recaptures when they follow an escape at the site or its town.
fn is_detention_arrest(s: &EventSummary) -> bool {
    s.event_type == EventType::Coerce && s.figure(QuantityKind::Arrested).is_some()
}

/// Whether an event can contribute to the situation picture at all; storage backends index
/// only these by locality, so rebuilding a locality's sites loads only them.
pub fn site_relevant(ev: &MergedEvent, s: &EventSummary) -> bool {
    let Some(loc) = s.location.as_ref() else {
        return false;
    };
    let Some((site, _)) = site_of(loc) else {
        return false;
    };
    makes_site(&site, control_change(ev, s).is_some(), s) || is_detention_arrest(s)
}

struct Touch<'a> {
    ev: &'a MergedEvent,
    s: EventSummary,
    site: String,
    town: Option<String>,
    control: Option<ControlChange>,
}

/// Builds the situation picture from merged events (any order; output sorted by site id).
pub fn build_sites(events: &[MergedEvent]) -> Vec<Site> {
    let mut sites: BTreeMap<String, Site> = BTreeMap::new();
    let mut touches: Vec<Touch> = Vec::new();
    for ev in events {
        let s = ev.summary();
        let Some(loc) = s.location.clone() else {
            continue;
        };
        let Some((site, town)) = site_of(&loc) else {
            continue;
        };
        let control = control_change(ev, &s);
        let relevant = makes_site(&site, control.is_some(), &s);
        if !(relevant || is_detention_arrest(&s)) {
            continue;
        }
        if relevant {
            sites.entry(site.id.clone()).or_insert(site.clone());
        }
        touches.push(Touch {
            ev,
            s,
            site: site.id,
            town,
            control,
        });
    }
    // Facility → town key, for inheritance of town-level events.
    let fac_town: BTreeMap<String, Option<String>> = touches
        .iter()
        .filter(|t| t.site.starts_with("fac:"))
        .map(|t| (t.site.clone(), t.town.clone()))
        .collect();
    let ids: Vec<String> = sites.keys().cloned().collect();
    for id in ids {
        let my_town = fac_town.get(&id).cloned().flatten();
        let is_fac = id.starts_with("fac:");
        let own: Vec<&Touch> = touches.iter().filter(|t| t.site == id).collect();
        let from_town: Vec<&Touch> = match (&my_town, is_fac) {
            (Some(tk), true) => touches.iter().filter(|t| &t.site == tk).collect(),
            _ => Vec::new(),
        };
        let Some(site) = sites.get_mut(&id) else {
            continue;
        };
        let mut behind: Vec<(Option<NaiveDate>, String)> = Vec::new();
        let note = |t: &Touch, behind: &mut Vec<(Option<NaiveDate>, String)>| {
            if !behind.iter().any(|(_, e)| e == &t.ev.id) {
                behind.push((t.s.effective_date(), t.ev.id.clone()));
            }
        };
        // Control: own changes, else those of the town.
        let mut control: Vec<ControlChange> =
            own.iter().filter_map(|t| t.control.clone()).collect();
        for t in &own {
            if t.control.is_some() {
                note(t, &mut behind);
            }
        }
        if is_fac {
            for t in &from_town {
                if let Some(mut c) = t.control.clone() {
                    if !control.iter().any(|x| x.event_id == c.event_id) {
                        c.via = Some(
                            t.s.location
                                .as_ref()
                                .map(|l| l.name.clone())
                                .unwrap_or_default(),
                        );
                        control.push(c);
                        note(t, &mut behind);
                    }
                }
            }
        }
        control.sort_by_key(|c| c.date);
        if let Some(first) = control.first() {
            site.controller_before = first.from.clone();
        }
        // The current controller: the last change that names a new holder; a later bare
        // withdrawal by that holder leaves it unknown.
        site.controller = Vec::new();
        for c in &control {
            if !c.to.is_empty() {
                site.controller = c.to.clone();
            } else if c.from.iter().any(|f| site.controller.contains(f))
                || site.controller.is_empty()
            {
                site.controller = Vec::new();
            }
        }
        site.control_count = control.len();
        let skip = control.len().saturating_sub(MAX_CONTROL_HISTORY);
        site.control = control.into_iter().skip(skip).collect();
        // Detention.
        let escapes: Vec<&&Touch> = own
            .iter()
            .filter(|t| t.s.event_type == EventType::Escape)
            .collect();
        let esc_items: Vec<(&str, &FigureSummary)> = escapes
            .iter()
            .filter_map(|t| {
                figure_of(&t.s, &[QuantityKind::Escaped, QuantityKind::Size])
                    .map(|f| (t.ev.id.as_str(), f))
            })
            .collect();
        for t in &escapes {
            note(t, &mut behind);
        }
        let escape_dates: Vec<NaiveDate> = escapes
            .iter()
            .filter_map(|t| t.s.effective_date())
            .collect();
        let escape_docs: Vec<&String> = escapes.iter().flat_map(|t| t.s.documents.iter()).collect();
        // A recapture follows an escape: arrests within RECAPTURE_WINDOW_DAYS after one (or
        // told in the same document as one).
        let after_escape = |t: &Touch| -> bool {
            // Undated arrests told in the same document as an escape are its recaptures.
            if t.s.date.is_none() && t.s.documents.iter().any(|d| escape_docs.contains(&d)) {
                return true;
            }
            match t.s.effective_date() {
                Some(d) => escape_dates
                    .iter()
                    .any(|e| d >= *e && (d - *e).num_days() <= RECAPTURE_WINDOW_DAYS),
                None => false,
            }
        };
        let mut rec_touches: Vec<&Touch> = Vec::new();
        if !escapes.is_empty() {
            for t in own.iter().chain(from_town.iter()) {
                let arrest_mode = matches!(t.s.mode.as_deref(), None | Some("arrest"));
                if t.s.event_type == EventType::Coerce
                    && arrest_mode
                    && t.s.figure(QuantityKind::Arrested).is_some()
                    && after_escape(t)
                    && !rec_touches.iter().any(|r| r.ev.id == t.ev.id)
                {
                    rec_touches.push(t);
                }
            }
        }
        let rec_items: Vec<(&str, &FigureSummary)> = rec_touches
            .iter()
            .filter_map(|t| {
                t.s.figure(QuantityKind::Arrested)
                    .map(|f| (t.ev.id.as_str(), f))
            })
            .collect();
        for t in &rec_touches {
            note(t, &mut behind);
        }
        let rel: Vec<&&Touch> = own
            .iter()
            .filter(|t| {
                t.s.event_type == EventType::Retreat && t.s.figure(QuantityKind::Released).is_some()
            })
            .collect();
        let rel_items: Vec<(&str, &FigureSummary)> = rel
            .iter()
            .filter_map(|t| {
                t.s.figure(QuantityKind::Released)
                    .map(|f| (t.ev.id.as_str(), f))
            })
            .collect();
        for t in &rel {
            note(t, &mut behind);
        }
        let escaped = Count::from_summaries(&esc_items);
        let recaptured = Count::from_summaries(&rec_items);
        let at_large = escaped.as_ref().map(|e| {
            let (rv, rl, rh) = recaptured
                .as_ref()
                .map(|r| (r.value, r.low, r.high))
                .unwrap_or((0, 0, 0));
            let mut sources = e.sources.clone();
            let mut evs = e.events.clone();
            if let Some(r) = &recaptured {
                for s in &r.sources {
                    if !sources.contains(s) {
                        sources.push(s.clone());
                    }
                }
                for x in &r.events {
                    if !evs.contains(x) {
                        evs.push(x.clone());
                    }
                }
            }
            Count {
                value: e.value.saturating_sub(rv),
                low: e.low.saturating_sub(rh),
                high: e.high.saturating_sub(rl),
                approximate: e.approximate
                    || recaptured.as_ref().map(|r| r.approximate).unwrap_or(false),
                disputed: e.disputed || recaptured.as_ref().map(|r| r.disputed).unwrap_or(false),
                text: None,
                sources,
                events: evs,
                source_count: 0,
                event_count: 0,
            }
            .cap()
        });
        site.detention = Detention {
            escaped,
            recaptured,
            released: Count::from_summaries(&rel_items),
            at_large,
        };
        // Population: the latest size figure at the site outside escapes.
        let mut pop: Vec<&&Touch> = own
            .iter()
            .filter(|t| {
                t.s.event_type != EventType::Escape && t.s.figure(QuantityKind::Size).is_some()
            })
            .collect();
        pop.sort_by_key(|t| t.s.effective_date());
        if let Some(t) = pop.last() {
            if let Some(f) = t.s.figure(QuantityKind::Size) {
                site.population = Count::from_summaries(&[(t.ev.id.as_str(), f)]);
                note(t, &mut behind);
            }
        }
        for t in &own {
            note(t, &mut behind);
        }
        behind.sort();
        site.last_change = behind.iter().filter_map(|(d, _)| *d).max();
        site.event_count = behind.len();
        let skip = behind.len().saturating_sub(MAX_SITE_EVENTS);
        site.events = behind.into_iter().skip(skip).map(|(_, e)| e).collect();
    }
    sites.into_values().collect()
}

fn party_list(s: &EventSummary) -> Vec<Entity> {
    let mut v = s.actors.clone();
    for r in &s.recipients {
        if !v.iter().any(|x| same_actor(x, r)) {
            v.push(r.clone());
        }
    }
    v
}

/// Ceasefires (AGREE or RETREAT about a ceasefire) and the ASSAULT events between the same
/// parties reported on or after them.
pub fn build_ceasefires(events: &[MergedEvent]) -> Vec<Ceasefire> {
    let sums: Vec<(&MergedEvent, EventSummary)> = events.iter().map(|e| (e, e.summary())).collect();
    let mut out = Vec::new();
    for (ev, s) in &sums {
        if !s.ceasefire || s.negated || s.hypothetical || s.future || s.historical {
            continue;
        }
        let parties = party_list(s);
        let cf_date = s.effective_date();
        let cf_offsets: BTreeMap<&str, usize> = ev
            .claims
            .iter()
            .map(|c| (c.doc.id.as_str(), c.event.evidence.start))
            .collect();
        let mut violations = Vec::new();
        for (aev, a) in &sums {
            if a.event_type != EventType::Assault
                || a.negated
                || a.hypothetical
                || a.historical
                || a.future
            {
                continue;
            }
            let ap = party_list(a);
            let matched = parties
                .iter()
                .filter(|p| ap.iter().any(|x| same_actor(p, x)))
                .count();
            let needed = parties.len().min(2);
            if needed == 0 || matched < needed {
                continue;
            }
            let after = match (cf_date, a.effective_date()) {
                (Some(c), Some(d)) if d > c => true,
                (Some(c), Some(d)) if d == c => {
                    // Same day: in one document, it must be told at or after the ceasefire.
                    aev.claims.iter().all(|cl| {
                        cf_offsets
                            .get(cl.doc.id.as_str())
                            .map(|o| cl.event.evidence.start >= *o)
                            .unwrap_or(true)
                    })
                }
                _ => false,
            };
            if !after {
                continue;
            }
            violations.push(Violation {
                event_id: aev.id.clone(),
                date: a.date.map(|d| d.start),
                reported: a.reported,
                parties: a
                    .actor_names()
                    .into_iter()
                    .chain(a.recipient_names())
                    .collect(),
                place: a.location.as_ref().map(|l| l.name.clone()),
                sources: sources_of(aev),
            });
        }
        out.push(Ceasefire {
            event_id: ev.id.clone(),
            date: s.date.map(|d| d.start),
            reported: s.reported,
            parties: names(&parties),
            agreed_by: s.actor_names(),
            place: s.location.as_ref().map(|l| l.name.clone()),
            sources: sources_of(ev),
            violations,
        });
    }
    out
}

fn sources_of(ev: &MergedEvent) -> Vec<SourceRef> {
    let mut v: Vec<SourceRef> = Vec::new();
    for c in &ev.claims {
        let s = SourceRef::of_claim(c);
        if !v.contains(&s) {
            v.push(s);
        }
    }
    v
}
