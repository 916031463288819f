//! The Markdown situation report.
//!
//! Every value the report takes from documents, the store or the query (names, places,
//! titles, sources, figures' wording, evidence, URLs) is inserted through
//! [`markdown::text`] or [`markdown::link`], so it renders as itself and never as HTML, a
//! link or formatting; [`to_html`] renders the report for browsers.

use crate::actors::display_name;
use crate::countries::country_name;
use crate::figures::fmt_count;
use crate::markdown;
use crate::normalize_name;
use crate::sites::{Ceasefire, Count, Site, SourceRef};
use crate::summary::EventSummary;
use crate::{DocMeta, MergedEvent};
use chrono::NaiveDate;
use sitrep_model::{Entity, EventType, Location, QuantityKind};
use std::collections::BTreeMap;
use std::fmt::Write;

/// What the report covers.
#[derive(Debug, Clone, Default)]
pub struct ReportScope {
    /// ISO alpha-3.
    pub country: Option<String>,
    /// A place name: matches the location name, facility, admin1 (normalised, substring).
    pub place: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl ReportScope {
    fn place_matches(&self, names: &[&str]) -> bool {
        match &self.place {
            None => true,
            Some(p) => {
                let p = normalize_name(p);
                !p.is_empty()
                    && names
                        .iter()
                        .any(|n| !n.is_empty() && normalize_name(n).contains(&p))
            }
        }
    }

    fn country_matches(&self, c: Option<&str>) -> bool {
        match &self.country {
            None => true,
            Some(want) => c.map(|c| c.eq_ignore_ascii_case(want)).unwrap_or(false),
        }
    }

    /// Whether an event falls in the scope.
    pub fn contains_event(&self, s: &EventSummary) -> bool {
        if !self.country_matches(s.country().as_deref()) {
            return false;
        }
        let loc_names: Vec<&str> = match &s.location {
            Some(l) => vec![
                l.name.as_str(),
                l.text.as_str(),
                l.admin1.as_deref().unwrap_or(""),
                l.facility.as_ref().map(|f| f.name.as_str()).unwrap_or(""),
            ],
            None => Vec::new(),
        };
        if !self.place_matches(&loc_names) {
            return false;
        }
        let (start, end) = match s.date {
            Some(d) => (d.start, d.end),
            None => match s.reported {
                Some(r) => (r, r),
                None => return self.since.is_none() && self.until.is_none(),
            },
        };
        if let Some(since) = self.since {
            if end < since {
                return false;
            }
        }
        if let Some(until) = self.until {
            if start > until {
                return false;
            }
        }
        true
    }

    pub fn contains_site(&self, s: &Site) -> bool {
        self.country_matches(s.country.as_deref())
            && self.place_matches(&[
                s.name.as_str(),
                s.town.as_deref().unwrap_or(""),
                s.admin1.as_deref().unwrap_or(""),
            ])
    }

    fn title(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = &self.place {
            parts.push(p.clone());
        }
        if let Some(c) = &self.country {
            parts.push(
                country_name(c)
                    .map(str::to_string)
                    .unwrap_or_else(|| c.clone()),
            );
        }
        if parts.is_empty() {
            "all places".into()
        } else {
            markdown::text(&parts.join(", "))
        }
    }
}

/// Numbers the documents in order of first citation.
#[derive(Default)]
struct Refs {
    order: Vec<String>,
}

impl Refs {
    fn cite(&mut self, doc_id: &str) -> usize {
        if let Some(i) = self.order.iter().position(|d| d == doc_id) {
            return i + 1;
        }
        self.order.push(doc_id.to_string());
        self.order.len()
    }

    fn cite_all<'a>(&mut self, docs: impl IntoIterator<Item = &'a String>) -> String {
        let mut nums: Vec<usize> = docs.into_iter().map(|d| self.cite(d)).collect();
        nums.sort();
        nums.dedup();
        nums.iter().map(|n| format!("[{n}]")).collect()
    }
}

/// Names (as stored) joined as Markdown text: "A", "A and B", "A, B and C".
fn join_names(names: &[String]) -> String {
    let names: Vec<String> = names.iter().map(|n| markdown::text(n)).collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        2 => format!("{} and {}", names[0], names[1]),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

fn ent_names(es: &[Entity]) -> Vec<String> {
    es.iter()
        .map(|e| display_name(e).to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

/// The place of an event as Markdown text.
fn place_phrase(l: Option<&Location>) -> Option<String> {
    let l = l?;
    let name = match &l.facility {
        Some(f) => f.name.clone(),
        None => l.name.clone(),
    };
    if name.trim().is_empty() {
        return None;
    }
    match &l.admin1 {
        Some(a) if normalize_name(a) != normalize_name(&name) && !a.trim().is_empty() => {
            Some(markdown::text(&format!("{name} ({a})")))
        }
        _ => Some(markdown::text(&name)),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn date_label(s: &EventSummary) -> String {
    match s.date {
        Some(d) if d.start == d.end => d.start.to_string(),
        Some(d) => format!("{} to {}", d.start, d.end),
        None => match s.reported {
            Some(r) => format!("reported {r}"),
            None => "undated".into(),
        },
    }
}

fn figure_phrase(s: &EventSummary, kind: QuantityKind) -> Option<String> {
    let f = s.figure(kind)?;
    if f.approximate {
        let text = f
            .figures
            .iter()
            .find(|g| g.value == f.best && g.approximate)
            .map(|g| markdown::text(&g.text))
            .filter(|t| !t.is_empty());
        return Some(text.unwrap_or_else(|| format!("about {}", fmt_count(f.best))));
    }
    if f.disputed {
        return Some(format!("at least {}", fmt_count(f.best)));
    }
    Some(fmt_count(f.best))
}

fn dispute_clause(s: &EventSummary) -> String {
    s.figures
        .iter()
        .filter(|f| f.disputed)
        .map(|f| {
            format!(
                "; {} figures disputed, reports range from {} to {}",
                f.kind.as_str(),
                fmt_count(f.low),
                fmt_count(f.high)
            )
        })
        .collect()
}

/// One sentence for one event, without citation, as Markdown (names and places escaped).
pub fn sentence(s: &EventSummary) -> String {
    let actors = join_names(&ent_names(&s.actors));
    let recips = join_names(&ent_names(&s.recipients));
    let subject = if actors.is_empty() {
        "Unidentified actors".to_string()
    } else {
        actors.clone()
    };
    let place = place_phrase(s.location.as_ref());
    let in_place = place
        .as_ref()
        .map(|p| format!(" in {p}"))
        .unwrap_or_default();
    let mode = s.mode.as_deref().unwrap_or("");
    let with = |prep: &str| {
        if recips.is_empty() {
            String::new()
        } else {
            let space = if prep.starts_with(',') { "" } else { " " };
            format!("{space}{prep} {recips}")
        }
    };
    let mut out = match (s.event_type, mode) {
        (EventType::Escape, _) => {
            let who = match figure_phrase(s, QuantityKind::Escaped)
                .or_else(|| figure_phrase(s, QuantityKind::Size))
            {
                Some(n) if actors.is_empty() => format!("{n} detainees"),
                Some(n) => format!("{n} detainees ({actors})"),
                None if actors.is_empty() => "Detainees".to_string(),
                None => format!("Detainees ({actors})"),
            };
            let from = place
                .as_ref()
                .map(|p| format!(" from {p}"))
                .unwrap_or_default();
            format!("{who} escaped{from}{}", with("held by"))
        }
        (EventType::Displace, _) => {
            let who = match figure_phrase(s, QuantityKind::Displaced)
                .or_else(|| figure_phrase(s, QuantityKind::Size))
            {
                Some(n) => format!("{n} people"),
                None if recips.is_empty() => "People".to_string(),
                None => recips.clone(),
            };
            let from = place
                .as_ref()
                .map(|p| format!(" from {p}"))
                .unwrap_or_default();
            let by = if actors.is_empty() {
                String::new()
            } else {
                format!(" ({actors})")
            };
            format!("{who} fled{from}{by}")
        }
        (EventType::Coerce, "seize") => {
            let what = place.clone().unwrap_or_else(|| "territory".into());
            format!("{subject} took control of {what}{}", with("from"))
        }
        (EventType::Coerce, "arrest") | (EventType::Coerce, "")
            if s.figure(QuantityKind::Arrested).is_some() =>
        {
            let n = figure_phrase(s, QuantityKind::Arrested).unwrap_or_default();
            let whom = if recips.is_empty() {
                "people".to_string()
            } else {
                format!("people ({recips})")
            };
            format!("{subject} arrested {n} {whom}{in_place}")
        }
        (EventType::Coerce, "arrest") => {
            let whom = if recips.is_empty() {
                "people".to_string()
            } else {
                recips.clone()
            };
            format!("{subject} arrested {whom}{in_place}")
        }
        (EventType::Coerce, m) => format!(
            "{subject} used coercion ({}){}{in_place}",
            if m.is_empty() {
                "unspecified".to_string()
            } else {
                markdown::text(m)
            },
            with("against")
        ),
        (EventType::Retreat, "withdraw") => {
            let from = place
                .as_ref()
                .map(|p| format!(" from {p}"))
                .unwrap_or_default();
            format!("{subject} withdrew{from}{}", with(", handing over to"))
        }
        (EventType::Retreat, "release") => {
            let n = figure_phrase(s, QuantityKind::Released)
                .map(|n| format!("{n} "))
                .unwrap_or_default();
            let whom = if recips.is_empty() {
                "detainees".to_string()
            } else {
                recips.clone()
            };
            format!("{subject} released {n}{whom}{in_place}")
        }
        (EventType::Retreat, "ceasefire") => format!(
            "{subject} implemented a ceasefire{}{in_place}",
            with("with")
        ),
        (EventType::Retreat, _) => format!("{subject} de-escalated{}{in_place}", with("towards")),
        (EventType::Agree, _) if s.ceasefire => {
            format!("{subject} agreed a ceasefire{}", with("with"))
        }
        (EventType::Agree, _) => format!("{subject} reached an agreement{}", with("with")),
        (EventType::Consult, _) => format!("{subject} met{}{in_place}", with("with")),
        (EventType::Support, _) => format!("{subject} expressed support{}", with("for")),
        (EventType::Concede, _) => format!("{subject} announced concessions{}", with("to")),
        (EventType::Cooperate, _) => format!("{subject} cooperated{}", with("with")),
        (EventType::Aid, _) => format!("{subject} gave aid{}{in_place}", with("to")),
        (EventType::Request, _) => format!("{subject} made demands{}", with("of")),
        (EventType::Accuse, _) => format!(
            "{subject} accused{}",
            if recips.is_empty() {
                " others".to_string()
            } else {
                format!(" {recips}")
            }
        ),
        (EventType::Reject, _) => format!("{subject} rejected demands{}", with("of")),
        (EventType::Threaten, _) => format!("{subject} issued threats{}", with("against")),
        (EventType::Protest, _) => format!("{subject} protested{in_place}"),
        (EventType::Sanction, _) => format!("{subject} imposed sanctions{}", with("on")),
        (EventType::Mobilize, _) => format!("{subject} mobilised forces{in_place}"),
        (EventType::Assault, _) => {
            if recips.is_empty() && s.actors.len() > 1 {
                format!("Clashes between {actors}{in_place}")
            } else if recips.is_empty() {
                format!("{subject} carried out an attack{in_place}")
            } else {
                format!("{subject} attacked {recips}{in_place}")
            }
        }
    };
    for (kind, verb) in [
        (QuantityKind::Killed, "killed"),
        (QuantityKind::Injured, "injured"),
        (QuantityKind::Displaced, "displaced"),
    ] {
        if let Some(n) = figure_phrase(s, kind) {
            out.push_str(&format!("; {n} {verb}"));
        }
    }
    if s.event_type != EventType::Escape {
        if let Some(n) = figure_phrase(s, QuantityKind::Size) {
            out.push_str(&format!("; size or population: {n}"));
        }
    }
    out.push_str(&dispute_clause(s));
    if s.framing_disputed {
        out.push_str("; accounts differ (see below)");
    }
    capitalize(&out)
}

fn count_cell(c: &Option<Count>, refs: &mut Refs) -> String {
    match c {
        None => String::new(),
        Some(c) => {
            let v = match (&c.text, c.approximate) {
                (Some(t), true) if !t.trim().is_empty() => {
                    format!("{} (≥{})", markdown::text(t), fmt_count(c.value))
                }
                (_, true) => format!("about {}", fmt_count(c.value)),
                _ => fmt_count(c.value),
            };
            let d = if c.disputed { " (disputed)" } else { "" };
            format!("{v}{d} {}", cite_sources(&c.sources, refs))
        }
    }
}

fn cite_sources(sources: &[SourceRef], refs: &mut Refs) -> String {
    refs.cite_all(sources.iter().map(|s| &s.doc_id))
}

fn who(sources: &[SourceRef]) -> String {
    let mut v: Vec<String> = Vec::new();
    for s in sources {
        if let Some(x) = s.source.clone().or_else(|| s.outlet.clone()) {
            if !v.contains(&x) {
                v.push(x);
            }
        }
    }
    join_names(&v)
}

/// A table cell: its inserted values are escaped already (pipes included).
fn cell(s: &str) -> String {
    s.replace('\n', " ")
}

/// Renders the report. `events` and `sites` may be wider than the scope; the scope filters.
/// `docs` gives the reference list (title, outlet, date, url) of the cited documents.
pub fn render_report(
    events: &[MergedEvent],
    sites: &[Site],
    ceasefires: &[Ceasefire],
    docs: &[DocMeta],
    scope: &ReportScope,
) -> String {
    let mut refs = Refs::default();
    let mut out = String::new();
    // Oldest first; same-day events keep the order in which the reports tell them.
    let mut in_scope: Vec<(&MergedEvent, EventSummary)> = events
        .iter()
        .map(|e| (e, e.summary()))
        .filter(|(_, s)| !s.historical && !s.hypothetical && !s.future && !s.negated)
        .filter(|(_, s)| scope.contains_event(s))
        .collect();
    let first = |e: &MergedEvent| {
        e.claims
            .iter()
            .map(|c| c.event.evidence.start)
            .min()
            .unwrap_or(0)
    };
    in_scope.sort_by(|(ea, a), (eb, b)| {
        a.effective_date()
            .cmp(&b.effective_date())
            .then_with(|| b.claim_count.cmp(&a.claim_count))
            .then_with(|| first(ea).cmp(&first(eb)))
            .then_with(|| a.id.cmp(&b.id))
    });
    let sums: Vec<EventSummary> = crate::key::key_developments(&in_scope)
        .into_iter()
        .map(|e| e.summary())
        .collect();
    let n_events = in_scope.len();
    let ndocs: std::collections::BTreeSet<&String> = in_scope
        .iter()
        .flat_map(|(_, s)| s.documents.iter())
        .collect();
    let in_sites: Vec<&Site> = sites.iter().filter(|s| scope.contains_site(s)).collect();
    let _ = writeln!(out, "# Situation report: {}", scope.title());
    let _ = writeln!(out);
    let period = match (scope.since, scope.until) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        (Some(a), None) => format!("since {a}"),
        (None, Some(b)) => format!("until {b}"),
        (None, None) => "all dates".into(),
    };
    let _ = writeln!(
        out,
        "Period: {period}. {} event{} from {} document{}; every statement cites the documents that report it.",
        n_events,
        if n_events == 1 { "" } else { "s" },
        ndocs.len(),
        if ndocs.len() == 1 { "" } else { "s" }
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "## Key developments");
    let _ = writeln!(out);
    if in_scope.is_empty() {
        let _ = writeln!(out, "No events reported in this scope.");
    } else if sums.is_empty() {
        let _ = writeln!(
            out,
            "No current happening with consequences (deaths, territory, detention, displacement, other material events) in this scope."
        );
    }
    for s in &sums {
        let cites = refs.cite_all(&s.documents);
        let srcs: Vec<String> =
            s.framings
                .iter()
                .filter_map(|f| f.source.clone())
                .fold(Vec::new(), |mut acc, x| {
                    if !acc.contains(&x) {
                        acc.push(x);
                    }
                    acc
                });
        let per = if srcs.is_empty() || s.framing_disputed {
            String::new()
        } else {
            format!(", according to {}", join_names(&srcs))
        };
        let _ = writeln!(out, "- **{}**: {}{per} {cites}", date_label(s), sentence(s));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "## Sites");
    let _ = writeln!(out);
    if in_sites.is_empty() {
        let _ = writeln!(out, "No sites in this scope.");
    } else {
        let _ = writeln!(
            out,
            "| Site | Kind | Place | Control | Escaped | Recaptured | Still at large | Released | Population | Last change |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|");
        for site in &in_sites {
            let place = [site.town.clone(), site.admin1.clone(), site.country.clone()]
                .into_iter()
                .flatten()
                .filter(|x| !x.trim().is_empty())
                .map(|x| markdown::text(&x))
                .collect::<Vec<_>>()
                .join(", ");
            let control = if site.control.is_empty() {
                String::new()
            } else {
                let before = join_names(&site.controller_before);
                let now = if site.controller.is_empty() {
                    "unclear".to_string()
                } else {
                    join_names(&site.controller)
                };
                let disputed = if site.control.iter().any(|c| c.disputed) {
                    " (disputed)"
                } else {
                    ""
                };
                let srcs: Vec<SourceRef> = site
                    .control
                    .iter()
                    .flat_map(|c| c.sources.clone())
                    .collect();
                let c = cite_sources(&srcs, &mut refs);
                if before.is_empty() {
                    format!("{now}{disputed} {c}")
                } else {
                    format!("{before} → {now}{disputed} {c}")
                }
            };
            let row = [
                markdown::text(&site.name),
                markdown::text(&site.kind),
                place,
                control,
                count_cell(&site.detention.escaped, &mut refs),
                count_cell(&site.detention.recaptured, &mut refs),
                count_cell(&site.detention.at_large, &mut refs),
                count_cell(&site.detention.released, &mut refs),
                count_cell(&site.population, &mut refs),
                site.last_change.map(|d| d.to_string()).unwrap_or_default(),
            ];
            let _ = writeln!(
                out,
                "| {} |",
                row.iter()
                    .map(|c| cell(c.trim()))
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
        }
        // Where the detention figures come from.
        for site in &in_sites {
            let d = &site.detention;
            if let (Some(e), Some(r), Some(a)) = (&d.escaped, &d.recaptured, &d.at_large) {
                let _ = writeln!(out);
                let _ = writeln!(
                    out,
                    "{}: {} escaped according to {}, {} recaptured according to {}, so {} still at large. {}",
                    markdown::text(&site.name),
                    fmt_count(e.value),
                    who(&e.sources),
                    fmt_count(r.value),
                    who(&r.sources),
                    fmt_count(a.value),
                    cite_sources(&a.sources, &mut refs)
                );
            }
        }
    }
    let cfs: Vec<&Ceasefire> = ceasefires
        .iter()
        .filter(|c| {
            events
                .iter()
                .find(|e| e.id == c.event_id)
                .map(|e| scope.contains_event(&e.summary()))
                .unwrap_or(false)
        })
        .collect();
    if !cfs.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "## Ceasefires");
        let _ = writeln!(out);
        for c in cfs {
            let when = match (c.date, c.reported) {
                (Some(d), _) => d.to_string(),
                (None, Some(r)) => format!("reported {r}"),
                (None, None) => "undated".into(),
            };
            let cites = cite_sources(&c.sources, &mut refs);
            let _ = write!(
                out,
                "- {when}: ceasefire between {}, agreed or announced by {} {cites}.",
                join_names(&c.parties),
                if c.agreed_by.is_empty() {
                    "unnamed parties".to_string()
                } else {
                    join_names(&c.agreed_by)
                },
            );
            if c.violations.is_empty() {
                let _ = writeln!(out, " No violations reported since.");
            } else {
                let vs: Vec<String> = c
                    .violations
                    .iter()
                    .map(|v| {
                        let at = v
                            .place
                            .as_ref()
                            .map(|p| format!(" in {}", markdown::text(p)))
                            .unwrap_or_default();
                        let d = match (v.date, v.reported) {
                            (Some(d), _) => d.to_string(),
                            (None, Some(r)) => format!("reported {r}"),
                            (None, None) => "undated".into(),
                        };
                        format!("{d}{at} {}", cite_sources(&v.sources, &mut refs))
                    })
                    .collect();
                let _ = writeln!(out, " Violations reported since: {}.", vs.join("; "));
            }
        }
    }
    let disputed: Vec<&EventSummary> = in_scope
        .iter()
        .map(|(_, s)| s)
        .filter(|s| s.disputed)
        .collect();
    if !disputed.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "## Disputed figures and accounts");
        let _ = writeln!(out);
        for s in disputed {
            let _ = writeln!(out, "- {} ({}):", sentence(s), date_label(s));
            for f in s.figures.iter().filter(|f| f.disputed) {
                let parts: Vec<String> = f
                    .figures
                    .iter()
                    .map(|g| {
                        let n = refs.cite(&g.doc_id);
                        format!(
                            "{} according to {} [{n}]",
                            fmt_count(g.value),
                            markdown::text(&g.attribution())
                        )
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "  - {}: {}. Best estimate {} (the most conservative attributed figure).",
                    f.kind.as_str(),
                    parts.join("; "),
                    fmt_count(f.best)
                );
            }
            if s.framing_disputed {
                let mut parts: Vec<String> = Vec::new();
                for f in &s.framings {
                    let n = refs.cite(&f.doc_id);
                    let by = f
                        .source
                        .clone()
                        .or_else(|| f.actors.first().cloned())
                        .unwrap_or_else(|| "a source".into());
                    let part = format!(
                        "{}: \"{}\" [{n}]",
                        markdown::text(&by),
                        markdown::text(&f.evidence)
                    );
                    // One sentence coded twice (as a withdrawal and as an accusation) is one account.
                    if !parts.contains(&part) {
                        parts.push(part);
                    }
                }
                let _ = writeln!(out, "  - accounts: {}", parts.join("; "));
            }
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "## References");
    let _ = writeln!(out);
    let by_id: BTreeMap<&str, &DocMeta> = docs.iter().map(|d| (d.id.as_str(), d)).collect();
    for (i, id) in refs.order.iter().enumerate() {
        let d = by_id.get(id.as_str());
        let title = d
            .and_then(|d| d.title.clone())
            .unwrap_or_else(|| id.clone());
        let mut line = format!("[{}] {}", i + 1, markdown::text(&title));
        if let Some(o) = d.and_then(|d| d.source.clone()) {
            line.push_str(&format!(". {}", markdown::text(&o)));
        }
        if let Some(p) = d.and_then(|d| d.published) {
            line.push_str(&format!(", {p}"));
        }
        if let Some(u) = d.and_then(|d| d.url.clone()) {
            line.push_str(&format!(". {}", markdown::link(u.trim())));
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

/// The report (Markdown from [`render_report`]) as a whole HTML page for browsers: raw
/// HTML is written as text and only `http`/`https` URLs become links
/// ([`markdown::to_html_page`]).
pub fn to_html(md: &str) -> String {
    markdown::to_html_page("Situation report", md)
}
