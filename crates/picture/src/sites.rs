//! The situation picture: sites, who controls them, detention figures, population, and
//! ceasefires with their violations.
//!
//! Sites come from event locations: a named prison or camp (`Location::facility`) is a site
//! whatever is reported there, another facility (base, airport, port, ...) when an event acts
//! on it (fighting, a seizure, a withdrawal, ...), not when a statement or a sanction only
//! names it; a town, city or region becomes one when an event
//! changes who controls it or gives detention or population figures there. Control changes
//! reported for a town also apply to the facilities in that town.

use crate::actors::display_name;
pub use crate::ceasefires::{build_ceasefires, Ceasefire, Violation};
pub use crate::control::control_change;
use crate::detention;
use crate::figures::{Figure, FigureSummary};
use crate::geo::is_region;
use crate::identity;
use crate::site_words::SiteWords;
use crate::summary::{EventSummary, Framing};
use crate::{normalize_name, Claim, MergedEvent};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sitrep_model::{Entity, EventType, Location, QuantityKind};
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
    pub(crate) fn of_claim(c: &Claim) -> SourceRef {
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
    pub(crate) fn cap(mut self) -> Count {
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
    /// Other names and descriptions of the same facility in the reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
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
    /// People displaced from the place by violence (DISPLACE events there; the latest total
    /// leads, see [`crate::figures::summarize`]). Displacement adds figures to a site; it
    /// does not make a place a site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub displaced: Option<Count>,
    /// People who arrived at the site, a camp, having fled (DISPLACE events at a camp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrivals: Option<Count>,
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
        aliases: Vec::new(),
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
        displaced: None,
        arrivals: None,
        last_change: None,
        events: Vec::new(),
        event_count: 0,
    }
}

pub(crate) fn names(es: &[Entity]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in es {
        let n = display_name(e).to_string();
        if !n.is_empty() && !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

fn figure_of<'a>(s: &'a EventSummary, kinds: &[QuantityKind]) -> Option<&'a FigureSummary> {
    kinds.iter().find_map(|k| s.figure(*k))
}

/// Whether an event makes its place a site (an event at a prison or camp, an event that acts
/// on a place at another facility, a control change, an escape or a release).
///
/// A town is a site only when something site-like happens there: its control changes, or
/// people leave or are released from custody there. A population, crowd or toll figure alone
/// (people who fled there, the dead of an attack) does not make a town a site.
fn makes_site(site: &Site, has_control: bool, s: &EventSummary) -> bool {
    (site.id.starts_with("fac:") && (holds_people(site) || acts_on_place(s.event_type)))
        || has_control
        || is_escape(s)
        || s.figure(QuantityKind::Released).is_some()
}

/// A prison, detention centre or camp: a site whenever something is reported there.
fn holds_people(site: &Site) -> bool {
    site.kind == "camp" || SiteWords::embedded().is_detention_kind(&site.kind)
}

/// Event types that happen to a place (fighting, seizures, withdrawals, escapes, flight,
/// deployments, aid, protests): they make any facility (a base, a port, an airport) a site.
/// Statements and sanctions that merely mention one do not ("sanctions on a ship that left
/// the port of X").
fn acts_on_place(t: EventType) -> bool {
    matches!(
        t,
        EventType::Assault
            | EventType::Coerce
            | EventType::Retreat
            | EventType::Escape
            | EventType::Displace
            | EventType::Mobilize
            | EventType::Aid
            | EventType::Protest
    )
}

/// People displaced with a figure: the displaced or arrival figures of a site.
fn is_displacement(s: &EventSummary) -> bool {
    s.event_type == EventType::Displace && s.figure(QuantityKind::Displaced).is_some()
}

/// Arrests with a figure: recaptures when they follow an escape at the site or its town.
fn is_detention_arrest(s: &EventSummary) -> bool {
    s.event_type == EventType::Coerce && s.figure(QuantityKind::Arrested).is_some()
}

/// Whether an event can contribute to the situation picture at all; storage backends index
/// only these by locality, so rebuilding a locality's sites loads only them.
pub fn site_relevant(ev: &MergedEvent, s: &EventSummary) -> bool {
    if !is_current(s) {
        return false;
    }
    let Some(loc) = s.location.as_ref() else {
        return false;
    };
    let Some((site, _)) = site_of(loc) else {
        return false;
    };
    makes_site(&site, control_change(ev, s).is_some(), s)
        || is_detention_arrest(s)
        || is_displacement(s)
        || crate::control::withdrawal_of(ev, s).is_some()
}

struct Touch<'a> {
    ev: &'a MergedEvent,
    s: EventSummary,
    site: String,
    town: Option<String>,
    control: Option<ControlChange>,
    /// A withdrawal that is a control change only beside a seizure (`control::withdrawal_of`).
    withdrawal: Option<ControlChange>,
}

/// Whether an event says something current: historical background, negated, future and
/// hypothetical events put nothing on the picture (an earlier break told in a background
/// paragraph keeps its figures with its own event).
fn is_current(s: &EventSummary) -> bool {
    !(s.historical || s.negated || s.future || s.hypothetical)
}

/// Inmates freed by an armed group or criminals broke out (an escape), they were not released
/// by their custodian.
fn is_break_out(s: &EventSummary) -> bool {
    let w = SiteWords::embedded();
    s.event_type == EventType::Retreat
        && s.figure(QuantityKind::Released).is_some()
        && !s.actors.is_empty()
        && s.actors.iter().all(|a| w.is_attacker(a))
}

/// An escape or a break-out: people leaving custody.
fn is_escape(s: &EventSummary) -> bool {
    s.event_type == EventType::Escape || is_break_out(s)
}

/// Builds the situation picture from merged events (any order; output sorted by site id).
pub fn build_sites(events: &[MergedEvent]) -> Vec<Site> {
    let words = SiteWords::embedded();
    let mut sites: BTreeMap<String, Site> = BTreeMap::new();
    let mut raw: Vec<(Touch, Site, bool)> = Vec::new();
    for ev in events {
        let s = ev.summary();
        if !is_current(&s) {
            continue;
        }
        let Some(loc) = s.location.clone() else {
            continue;
        };
        let Some((site, town)) = site_of(&loc) else {
            continue;
        };
        let control = control_change(ev, &s);
        let relevant = makes_site(&site, control.is_some(), &s);
        let withdrawal = crate::control::withdrawal_of(ev, &s);
        if !(relevant || is_detention_arrest(&s) || is_displacement(&s) || withdrawal.is_some()) {
            continue;
        }
        raw.push((
            Touch {
                ev,
                s,
                site: site.id.clone(),
                town,
                control,
                withdrawal,
            },
            site,
            relevant,
        ));
    }
    let facilities: Vec<(&str, &Site, Option<&str>)> = raw
        .iter()
        .filter(|(t, _, _)| t.site.starts_with("fac:"))
        .map(|(t, site, _)| (t.site.as_str(), site, t.town.as_deref()))
        .collect();
    let identity::Identity {
        facs,
        remap,
        aliases,
        town_prison,
    } = identity::resolve(&facilities, words);
    let mut touches: Vec<Touch> = Vec::new();
    for (mut t, mut site, relevant) in raw {
        if let Some(to) = remap.get(&t.site) {
            t.site = to.clone();
            if let Some((lead, _, _)) = facs.get(to) {
                site = lead.clone();
            }
        }
        let detention = is_escape(&t.s) || is_detention_arrest(&t.s);
        if detention && !t.site.starts_with("fac:") {
            if let Some(Some(fac)) = town_prison.get(&t.site) {
                if let Some((lead, _, _)) = facs.get(fac) {
                    t.site = fac.clone();
                    site = lead.clone();
                }
            }
        }
        let relevant = relevant && (t.site == site.id);
        if relevant || (t.site.starts_with("fac:") && facs.contains_key(&t.site)) {
            let entry = sites.entry(t.site.clone()).or_insert(site.clone());
            if let Some(a) = aliases.get(&t.site) {
                for n in a {
                    if !entry.aliases.contains(n) && *n != entry.name {
                        entry.aliases.push(n.clone());
                    }
                }
            }
        }
        touches.push(t);
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
        let withdrawals: Vec<ControlChange> =
            own.iter().filter_map(|t| t.withdrawal.clone()).collect();
        crate::control::add_withdrawals(&mut control, &withdrawals);
        crate::control::order_changes(&mut control);
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
        let escapes: Vec<&&Touch> = own.iter().filter(|t| is_escape(&t.s)).collect();
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
                // An arrest, or a raid whose figure is of people arrested ("rearrested in
                // raids"); a seizure of territory has no arrested figure.
                let arrest_mode =
                    matches!(t.s.mode.as_deref(), None | Some("arrest") | Some("seize"));
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
        // Escapes told by a later report of recaptures are the rearrested, not a new break.
        let arrest_docs: Vec<&str> = rec_touches
            .iter()
            .flat_map(|t| t.s.documents.iter().map(String::as_str))
            .collect();
        let keys: Vec<(Option<NaiveDate>, &[String])> = escapes
            .iter()
            .map(|t| (t.s.effective_date(), t.s.documents.as_slice()))
            .collect();
        let mention = detention::rearrest_mentions(&keys, &arrest_docs);
        let escapes: Vec<&&Touch> = escapes
            .into_iter()
            .zip(mention)
            .filter_map(|(t, m)| (!m).then_some(t))
            .collect();
        let esc_dated: Vec<detention::Item> = escapes
            .iter()
            .filter_map(|t| {
                let kinds: &[QuantityKind] = if t.s.event_type == EventType::Escape {
                    &[QuantityKind::Escaped, QuantityKind::Size]
                } else {
                    &[QuantityKind::Released]
                };
                figure_of(&t.s, kinds).map(|f| (t.s.effective_date(), t.ev.id.as_str(), f))
            })
            .collect();
        let esc_breaks = detention::breaks(&esc_dated);
        let esc_items: Vec<(&str, &FigureSummary)> = esc_breaks
            .iter()
            .filter_map(|(ids, f)| ids.first().map(|id| (id.as_str(), f)))
            .collect();
        for t in &escapes {
            note(t, &mut behind);
        }
        let rec_dated: Vec<detention::Item> = rec_touches
            .iter()
            .filter_map(|t| {
                t.s.figure(QuantityKind::Arrested)
                    .map(|f| (t.s.effective_date(), t.ev.id.as_str(), f))
            })
            .collect();
        let rec_items: Vec<(&str, &FigureSummary)> = detention::recapture_total(&rec_dated)
            .and_then(|i| rec_dated.get(i))
            .map(|(_, id, f)| (*id, *f))
            .into_iter()
            .collect();
        for t in &rec_touches {
            note(t, &mut behind);
        }
        let rel: Vec<&&Touch> = own
            .iter()
            .filter(|t| {
                t.s.event_type == EventType::Retreat
                    && t.s.figure(QuantityKind::Released).is_some()
                    && !is_break_out(&t.s)
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
        let escaped = Count::from_summaries(&esc_items).map(|mut c| {
            for (ids, _) in &esc_breaks {
                for id in ids {
                    if !c.events.contains(id) {
                        c.events.push(id.clone());
                    }
                }
            }
            c.event_count = c.event_count.max(c.events.len());
            c
        });
        let recaptured = Count::from_summaries(&rec_items).map(|mut c| {
            for (_, id, _) in &rec_dated {
                if !c.events.iter().any(|e| e == id) {
                    c.events.push(id.to_string());
                }
            }
            c.event_count = c.event_count.max(c.events.len());
            c
        });
        let at_large = escaped
            .as_ref()
            .map(|e| detention::at_large(e, recaptured.as_ref()));
        site.detention = Detention {
            escaped,
            recaptured,
            released: Count::from_summaries(&rel_items),
            at_large,
        };
        // Displacement: from a place, or arrivals at a camp; all reports of it are one
        // count (a later total updates an earlier one).
        let disp: Vec<&&Touch> = own.iter().filter(|t| is_displacement(&t.s)).collect();
        let disp_items: Vec<detention::Item> = disp
            .iter()
            .filter_map(|t| {
                t.s.figure(QuantityKind::Displaced)
                    .map(|f| (t.s.effective_date(), t.ev.id.as_str(), f))
            })
            .collect();
        if let Some((ids, f)) = detention::union(&disp_items, QuantityKind::Displaced) {
            let count = Count::from_summaries(&[(ids[0].as_str(), &f)]).map(|mut c| {
                for id in &ids {
                    if !c.events.contains(id) {
                        c.events.push(id.clone());
                    }
                }
                c.event_count = c.event_count.max(c.events.len());
                c
            });
            if site.kind == "camp" {
                site.arrivals = count;
            } else {
                site.displaced = count;
            }
            for t in &disp {
                note(t, &mut behind);
            }
        }
        // Population: the latest size figure at the site of an event that counts people
        // there (not an attack's toll, an escape, arrests, a crowd or a force).
        let mut pop: Vec<&&Touch> = own
            .iter()
            .filter(|t| {
                !matches!(
                    t.s.event_type,
                    EventType::Escape
                        | EventType::Assault
                        | EventType::Coerce
                        | EventType::Protest
                        | EventType::Mobilize
                ) && t.s.figure(QuantityKind::Killed).is_none()
                    && t.s.figure(QuantityKind::Injured).is_none()
                    && t.s.figure(QuantityKind::Size).is_some()
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
