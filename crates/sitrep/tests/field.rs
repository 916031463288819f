//! Field test set for the situation picture: multi-report news stories, run end-to-end through
//! the `sitrep` binary, and the picture a careful analyst expects from them.
//!
//! Each `tests/field/*.toml` file is one case (format: `tests/field/README.md`): its reports are
//! written to a JSON Lines file, `sitrep --db <tmp> ingest` stores them, and the output of
//! `sites --format json` (and `events --format jsonl` when the case has `[[event]]` items) is
//! compared with the expected sites, the sites that must not exist and the expected events.
//!
//! Cases marked `known_failure = "reason"` may fail (their failures are printed, not fatal); a
//! known failure that passes fails the test, so that the marker gets removed.
//!
//! Environment:
//! - `SITREP_FIELD_REPORT_ONLY=1`: print the report but never fail;
//! - `SITREP_FIELD=word`: only run cases whose name or file name contains `word`;
//! - `SITREP_FIELD_VERBOSE=1`: also print the sites and events of passing cases;
//! - `SITREP_FIELD_JOBS=n`: cases run at once (default: the available parallelism, at most 8).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::Value;

/// The patterns a case may claim to test; every one must be covered by at least two cases.
const PATTERNS: &[(&str, &str)] = &[
    (
        "dispute",
        "outlets give different figures for the same quantity at the same time",
    ),
    ("update", "a later report gives a new total (not a dispute)"),
    (
        "correction",
        "a report corrects a figure (\"70, not 71 as first reported\")",
    ),
    (
        "recapture",
        "recaptures or figures still at large reported later, the site named elsewhere",
    ),
    (
        "non-escape-figures",
        "inmates who stayed, guards, attackers, injured, capacity, population",
    ),
    (
        "background",
        "earlier breaks at other prisons: their figures stay with them, historical",
    ),
    (
        "aliases",
        "one site under several names, spellings, transliterations or a misspelling",
    ),
    (
        "generic-place",
        "a generic phrase (\"a prison in the country's north\") placed nowhere near the capital",
    ),
    (
        "dateline",
        "the dateline city is not where the event happened",
    ),
    (
        "displacement",
        "people fleeing fighting, arriving at a camp: displaced, never escaped",
    ),
    (
        "not-a-site",
        "places named as destinations, origins or nationalities that must not become sites",
    ),
    (
        "control",
        "a town, camp or base seized, captured, handed over, withdrawn from, surrendered",
    ),
    (
        "generic-controller",
        "women, refugees, civilians, residents must never be controllers",
    ),
    ("siege", "a besieged town or base (not taken)"),
    (
        "same-attack",
        "one attack told by two outlets on consecutive days; tolls for different groups",
    ),
    ("seed", "the project's seed article"),
];

// ---------------------------------------------------------------------------------------------
// The case format
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    description: String,
    patterns: Vec<String>,
    #[serde(default)]
    known_failure: Option<String>,
    /// Words that must not appear in any controller, former controller or control change party.
    #[serde(default)]
    never_controller: Vec<String>,
    #[serde(default, rename = "report")]
    reports: Vec<Report>,
    #[serde(default, rename = "site")]
    sites: Vec<SiteExpect>,
    #[serde(default, rename = "absent")]
    absent: Vec<Absent>,
    #[serde(default, rename = "event")]
    events: Vec<EventExpect>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    id: String,
    /// The outlet that published it.
    source: String,
    /// YYYY-MM-DD.
    published: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    text: Option<String>,
    /// A file holding the text, relative to the workspace root (instead of `text`).
    #[serde(default)]
    text_file: Option<String>,
}

/// Where a site or an event is: every given part must hold.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Place {
    /// Accepted kinds (`prison`, `camp`, `base`, `town`, `city`, ...).
    #[serde(default)]
    kind: Option<Vec<String>>,
    /// ISO 3166 alpha-3.
    #[serde(default)]
    country: Option<String>,
    /// `[lat, lon]`, with `radius_km`.
    #[serde(default)]
    near: Option<[f64; 2]>,
    #[serde(default)]
    radius_km: Option<f64>,
    /// Names and spellings: the folded site name (with its town) contains one of them as whole
    /// words.
    #[serde(default)]
    names: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteExpect {
    label: String,
    #[serde(flatten)]
    place: Place,
    /// The site may be missing; when it exists, its checks apply.
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    escaped: Option<FigExpect>,
    #[serde(default)]
    recaptured: Option<FigExpect>,
    #[serde(default)]
    at_large: Option<FigExpect>,
    #[serde(default)]
    released: Option<FigExpect>,
    #[serde(default)]
    population: Option<FigExpect>,
    /// People displaced from the site (it is where they fled from): the site's `displaced`.
    #[serde(default)]
    displaced: Option<FigExpect>,
    /// People who arrived at the site (a camp) having fled elsewhere: the site's `arrivals`.
    #[serde(default)]
    arrivals: Option<FigExpect>,
    /// Each item (alternatives joined by `|`) names one current controller; `[]` = none known.
    #[serde(default)]
    controller: Option<Vec<String>>,
    #[serde(default)]
    controller_before: Option<Vec<String>>,
    /// Words no current controller may contain.
    #[serde(default)]
    controller_not: Vec<String>,
    /// Whether the picture says the site is under siege (the site's `besieged` field).
    #[serde(default)]
    besieged: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Absent {
    label: String,
    #[serde(flatten)]
    place: Place,
    /// At most this many sites may match (default 0).
    #[serde(default)]
    max: usize,
    /// Only sites that have one of these figures count (`escaped`, `recaptured`, `at_large`,
    /// `released`, `population`, `displaced`, `arrivals`): "no current figures at the
    /// background prison".
    #[serde(default)]
    with_figures: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventExpect {
    label: String,
    /// Accepted event types.
    types: Vec<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    near: Option<[f64; 2]>,
    #[serde(default)]
    radius_km: Option<f64>,
    /// Report ids that must all be among the event's documents (one event, claims from each).
    #[serde(default)]
    documents: Vec<String>,
    /// Every matching event must pass the checks (not just one): "everything this background
    /// paragraph says happened there is historical".
    #[serde(default)]
    every: bool,
    #[serde(default)]
    historical: Option<bool>,
    #[serde(default)]
    disputed: Option<bool>,
    /// Per quantity kind (`killed`, `injured`, `escaped`, ...).
    #[serde(default)]
    figures: BTreeMap<String, FigExpect>,
}

/// An expected figure: a number (the value), `false` (no figure), `true` (some figure) or a
/// table.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum FigExpect {
    Value(u64),
    Present(bool),
    Detail(FigDetail),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FigDetail {
    #[serde(default)]
    value: Option<u64>,
    #[serde(default)]
    at_least: Option<u64>,
    #[serde(default)]
    at_most: Option<u64>,
    #[serde(default)]
    low: Option<u64>,
    #[serde(default)]
    high: Option<u64>,
    #[serde(default)]
    disputed: Option<bool>,
    #[serde(default)]
    approximate: Option<bool>,
    /// Some source, outlet or report id of the figure matches (alternatives joined by `|`).
    #[serde(default)]
    source: Option<String>,
    /// Each must match some source, outlet or report id.
    #[serde(default)]
    sources: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Lowercase, diacritics and punctuation folded to spaces, single spaces.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        let c = match ch {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ā' => {
                'a'
            }
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'É' | 'È' | 'Ê' | 'Ē' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ī' | 'Í' | 'Î' | 'Ī' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ō' | 'Ó' | 'Ô' | 'Ö' | 'Ō' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'Ú' | 'Û' | 'Ü' | 'Ū' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            'ḩ' | 'Ḩ' | 'ḥ' | 'Ḥ' => 'h',
            'ţ' | 'Ţ' | 'ṭ' | 'Ṭ' => 't',
            'ş' | 'Ş' | 'ṣ' | 'Ṣ' | 'š' | 'Š' => 's',
            'ḑ' | 'Ḑ' | 'ḍ' | 'Ḍ' => 'd',
            'ẓ' | 'Ẓ' | 'ž' | 'Ž' => 'z',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        out.extend(c.to_lowercase());
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `hay` contains `needle` as whole words (both folded).
fn has_words(hay: &str, needle: &str) -> bool {
    let h = format!(" {} ", fold(hay));
    let n = fold(needle);
    !n.is_empty() && h.contains(&format!(" {n} "))
}

/// Whether `hay` contains one of the `|`-separated alternatives as whole words.
fn matches_alt(hay: &str, alts: &str) -> bool {
    alts.split('|').any(|a| has_words(hay, a.trim()))
}

fn haversine_km(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a[0].to_radians(),
        a[1].to_radians(),
        b[0].to_radians(),
        b[1].to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn point(v: &Value) -> Option<[f64; 2]> {
    Some([v.get("lat")?.as_f64()?, v.get("lon")?.as_f64()?])
}

/// The `[lat, lon]` of an event (its location's point).
fn event_point(e: &Value) -> Option<[f64; 2]> {
    e.get("location").and_then(point)
}

/// Whether a site matches a place description.
fn site_matches(site: &Value, p: &Place) -> bool {
    if let Some(kinds) = &p.kind {
        let k = s(site, "kind");
        if !kinds.iter().any(|x| x.eq_ignore_ascii_case(k)) {
            return false;
        }
    }
    if let Some(c) = &p.country {
        if !s(site, "country").eq_ignore_ascii_case(c) {
            return false;
        }
    }
    if let Some(near) = p.near {
        let r = p.radius_km.unwrap_or(10.0);
        match point(site) {
            Some(pt) if haversine_km(near, pt) <= r => {}
            _ => return false,
        }
    }
    if let Some(names) = &p.names {
        let hay = format!("{} {}", s(site, "name"), s(site, "town"));
        if !names.iter().any(|n| has_words(&hay, n)) {
            return false;
        }
    }
    true
}

/// One line describing a count object of the sites JSON.
fn count_line(c: &Value) -> String {
    if c.is_null() {
        return "-".into();
    }
    let n = |k: &str| c.get(k).and_then(Value::as_u64);
    // Site counts call it `value`, event figure summaries `best`.
    let value = n("value").or_else(|| n("best"));
    let mut out = match (value, n("low"), n("high")) {
        (Some(v), Some(l), Some(h)) if l != v || h != v => format!("{v} [{l}..{h}]"),
        (Some(v), _, _) => v.to_string(),
        _ => "?".into(),
    };
    if c.get("approximate").and_then(Value::as_bool) == Some(true) {
        out.insert(0, '~');
    }
    if c.get("disputed").and_then(Value::as_bool) == Some(true) {
        out.push_str(" disputed");
    }
    let srcs = source_names(c);
    if !srcs.is_empty() {
        let _ = write!(out, " per {}", srcs.join("; "));
    }
    out
}

/// "Interior Ministry (via VOA)" for each source of a count or figure list.
fn source_names(c: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let list = c
        .get("sources")
        .or_else(|| c.get("figures"))
        .and_then(Value::as_array);
    for x in list.into_iter().flatten() {
        let (src, outlet, doc) = (s(x, "source"), s(x, "outlet"), s(x, "doc_id"));
        let name = match (src.is_empty(), outlet.is_empty()) {
            (false, false) => format!("{src} (via {outlet})"),
            (false, true) => format!("{src} [{doc}]"),
            (true, false) => format!("{outlet} [{doc}]"),
            (true, true) => format!("[{doc}]"),
        };
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Every source, outlet and report id behind a count or figure summary, for `source` checks.
fn source_haystack(c: &Value) -> Vec<String> {
    let list = c
        .get("sources")
        .or_else(|| c.get("figures"))
        .and_then(Value::as_array);
    let mut out = Vec::new();
    for x in list.into_iter().flatten() {
        for k in ["source", "outlet", "doc_id"] {
            let v = s(x, k);
            if !v.is_empty() {
                out.push(v.to_string());
            }
        }
    }
    out
}

fn describe_site(site: &Value) -> String {
    let mut out = format!(
        "{} ({}, {}",
        s(site, "name"),
        s(site, "kind"),
        s(site, "country")
    );
    if !s(site, "town").is_empty() {
        let _ = write!(out, ", in {}", s(site, "town"));
    }
    if let Some([la, lo]) = point(site) {
        let _ = write!(out, ", {la:.3},{lo:.3}");
    }
    out.push(')');
    let ctrl = strings(site, "controller");
    let before = strings(site, "controller_before");
    if !ctrl.is_empty() || !before.is_empty() {
        let _ = write!(
            out,
            " control: [{}] -> [{}]",
            before.join(", "),
            ctrl.join(", ")
        );
    }
    let det = site.get("detention").cloned().unwrap_or(Value::Null);
    for k in ["escaped", "recaptured", "at_large", "released"] {
        if let Some(c) = det.get(k) {
            let _ = write!(out, " {k}={}", count_line(c));
        }
    }
    for k in ["population", "displaced", "arrivals"] {
        if let Some(c) = site.get(k).filter(|c| !c.is_null()) {
            let _ = write!(out, " {k}={}", count_line(c));
        }
    }
    if site.get("besieged").and_then(Value::as_bool) == Some(true) {
        out.push_str(" besieged");
    }
    out
}

fn describe_event(e: &Value) -> String {
    let loc = e.get("location").cloned().unwrap_or(Value::Null);
    let mut out = format!(
        "{}{} at {} ({})",
        s(e, "event_type"),
        e.get("mode")
            .and_then(Value::as_str)
            .map(|m| format!("/{m}"))
            .unwrap_or_default(),
        if loc.is_null() { "-" } else { s(&loc, "name") },
        if loc.is_null() {
            ""
        } else {
            s(&loc, "country")
        },
    );
    let figs: Vec<String> = e
        .get("figures")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|f| {
            format!(
                "{}={}{}",
                s(f, "kind"),
                f.get("best").and_then(Value::as_u64).unwrap_or(0),
                if f.get("disputed").and_then(Value::as_bool) == Some(true) {
                    "*"
                } else {
                    ""
                }
            )
        })
        .collect();
    if !figs.is_empty() {
        let _ = write!(out, " {}", figs.join(" "));
    }
    let _ = write!(out, " docs=[{}]", strings(e, "documents").join(", "));
    if e.get("historical").and_then(Value::as_bool) == Some(true) {
        out.push_str(" historical");
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Checking
// ---------------------------------------------------------------------------------------------

/// Checks one figure; pushes problems prefixed with `what`.
fn check_figure(problems: &mut Vec<String>, what: &str, want: &FigExpect, got: Option<&Value>) {
    let got = got.filter(|v| !v.is_null());
    let detail = match want {
        FigExpect::Present(false) => {
            if let Some(g) = got {
                problems.push(format!("{what}: expected none, got {}", count_line(g)));
            }
            return;
        }
        FigExpect::Present(true) => {
            if got.is_none() {
                problems.push(format!("{what}: expected a figure, got none"));
            }
            return;
        }
        FigExpect::Value(v) => &FigDetail {
            value: Some(*v),
            ..FigDetail::default()
        },
        FigExpect::Detail(d) => d,
    };
    let Some(g) = got else {
        problems.push(format!("{what}: expected {}, got none", want_line(detail)));
        return;
    };
    // Site counts call it `value`, event figure summaries `best`.
    let n = |k: &str| {
        let k = if k == "value" && g.get("value").is_none() {
            "best"
        } else {
            k
        };
        g.get(k).and_then(Value::as_u64)
    };
    let mut bad = Vec::new();
    let value = n("value");
    if let Some(v) = detail.value {
        if value != Some(v) {
            bad.push(format!("value {v}"));
        }
    }
    if let Some(v) = detail.at_least {
        if value.is_none_or(|x| x < v) {
            bad.push(format!("value >= {v}"));
        }
    }
    if let Some(v) = detail.at_most {
        if value.is_none_or(|x| x > v) {
            bad.push(format!("value <= {v}"));
        }
    }
    if let Some(v) = detail.low {
        if n("low") != Some(v) {
            bad.push(format!("low {v}"));
        }
    }
    if let Some(v) = detail.high {
        if n("high") != Some(v) {
            bad.push(format!("high {v}"));
        }
    }
    let flag = |k: &str| g.get(k).and_then(Value::as_bool).unwrap_or(false);
    if let Some(d) = detail.disputed {
        if flag("disputed") != d {
            bad.push(if d { "disputed" } else { "not disputed" }.into());
        }
    }
    if let Some(a) = detail.approximate {
        if flag("approximate") != a {
            bad.push(if a { "approximate" } else { "exact" }.into());
        }
    }
    let hay = source_haystack(g);
    let has_source = |alts: &str| hay.iter().any(|h| matches_alt(h, alts));
    if let Some(src) = &detail.source {
        if !has_source(src) {
            bad.push(format!("a source matching {src:?}"));
        }
    }
    for src in &detail.sources {
        if !has_source(src) {
            bad.push(format!("a source matching {src:?}"));
        }
    }
    if !bad.is_empty() {
        problems.push(format!(
            "{what}: expected {}, got {}",
            bad.join(", "),
            count_line(g)
        ));
    }
}

fn want_line(d: &FigDetail) -> String {
    let mut parts = Vec::new();
    if let Some(v) = d.value {
        parts.push(v.to_string());
    }
    if let Some(v) = d.at_least {
        parts.push(format!(">= {v}"));
    }
    if let Some(v) = d.at_most {
        parts.push(format!("<= {v}"));
    }
    if let Some(v) = d.low {
        parts.push(format!("low {v}"));
    }
    if let Some(v) = d.high {
        parts.push(format!("high {v}"));
    }
    if let Some(x) = d.disputed {
        parts.push(if x { "disputed" } else { "not disputed" }.into());
    }
    if let Some(src) = &d.source {
        parts.push(format!("per {src}"));
    }
    if parts.is_empty() {
        "a figure".into()
    } else {
        parts.join(", ")
    }
}

fn check_controllers(
    problems: &mut Vec<String>,
    what: &str,
    want: &Option<Vec<String>>,
    got: &[String],
) {
    let Some(want) = want else { return };
    if want.is_empty() {
        if !got.is_empty() {
            problems.push(format!("{what}: expected none, got [{}]", got.join(", ")));
        }
        return;
    }
    for alt in want {
        if !got.iter().any(|g| matches_alt(g, alt)) {
            problems.push(format!(
                "{what}: expected one matching {alt:?}, got [{}]",
                got.join(", ")
            ));
        }
    }
}

fn check_site(problems: &mut Vec<String>, e: &SiteExpect, sites: &[Value]) {
    let found: Vec<&Value> = sites.iter().filter(|x| site_matches(x, &e.place)).collect();
    let what = format!("site {:?}", e.label);
    let site = match found.as_slice() {
        [] => {
            if !e.optional {
                problems.push(format!("{what}: missing ({})", place_line(&e.place)));
            }
            return;
        }
        [one] => *one,
        many => {
            problems.push(format!(
                "{what}: split into {} sites: {}",
                many.len(),
                many.iter()
                    .map(|x| describe_site(x))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
            return;
        }
    };
    let det = site.get("detention").cloned().unwrap_or(Value::Null);
    for (k, want) in [
        ("escaped", &e.escaped),
        ("recaptured", &e.recaptured),
        ("at_large", &e.at_large),
        ("released", &e.released),
    ] {
        if let Some(w) = want {
            check_figure(problems, &format!("{what} {k}"), w, det.get(k));
        }
    }
    for (k, want) in [
        ("population", &e.population),
        ("displaced", &e.displaced),
        ("arrivals", &e.arrivals),
    ] {
        if let Some(w) = want {
            check_figure(problems, &format!("{what} {k}"), w, site.get(k));
        }
    }
    let ctrl = strings(site, "controller");
    check_controllers(
        problems,
        &format!("{what} controller"),
        &e.controller,
        &ctrl,
    );
    check_controllers(
        problems,
        &format!("{what} controller before"),
        &e.controller_before,
        &strings(site, "controller_before"),
    );
    for c in &ctrl {
        if e.controller_not.iter().any(|w| matches_alt(c, w)) {
            problems.push(format!("{what} controller: {c:?} must not control it"));
        }
    }
    if let Some(b) = e.besieged {
        let got = site
            .get("besieged")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if got != b {
            problems.push(format!(
                "{what}: expected {}besieged, the picture says {}",
                if b { "" } else { "not " },
                if site.get("besieged").is_none() {
                    "nothing about a siege (no `besieged` field)".to_string()
                } else {
                    got.to_string()
                }
            ));
        }
    }
}

fn place_line(p: &Place) -> String {
    let mut parts = Vec::new();
    if let Some(k) = &p.kind {
        parts.push(format!("kind {}", k.join("|")));
    }
    if let Some(c) = &p.country {
        parts.push(c.clone());
    }
    if let Some([la, lo]) = p.near {
        parts.push(format!(
            "within {} km of {la},{lo}",
            p.radius_km.unwrap_or(10.0)
        ));
    }
    if let Some(n) = &p.names {
        parts.push(format!("named {}", n.join("|")));
    }
    parts.join(", ")
}

/// The figure of a site by name (detention figures or top-level ones).
fn site_figure<'a>(site: &'a Value, kind: &str) -> Option<&'a Value> {
    site.get("detention")
        .and_then(|d| d.get(kind))
        .or_else(|| site.get(kind))
        .filter(|v| !v.is_null())
}

fn check_absent(problems: &mut Vec<String>, a: &Absent, sites: &[Value]) {
    let found: Vec<&Value> = sites
        .iter()
        .filter(|x| site_matches(x, &a.place))
        .filter(|x| {
            a.with_figures
                .as_ref()
                .is_none_or(|ks| ks.iter().any(|k| site_figure(x, k).is_some()))
        })
        .collect();
    if found.len() > a.max {
        problems.push(format!(
            "absent {:?}: at most {} site(s) {}, got {}: {}",
            a.label,
            a.max,
            place_line(&a.place),
            found.len(),
            found
                .iter()
                .map(|x| describe_site(x))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
    }
}

fn check_never_controller(problems: &mut Vec<String>, words: &[String], sites: &[Value]) {
    for site in sites {
        let mut parties: Vec<String> = strings(site, "controller");
        parties.extend(strings(site, "controller_before"));
        for c in site
            .get("control")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            parties.extend(strings(c, "from"));
            parties.extend(strings(c, "to"));
        }
        for w in words {
            if let Some(p) = parties.iter().find(|p| matches_alt(p, w)) {
                problems.push(format!(
                    "never controller: {p:?} is a party to control of {}",
                    s(site, "name")
                ));
            }
        }
    }
}

fn event_problems(e: &EventExpect, ev: &Value) -> Vec<String> {
    let mut p = Vec::new();
    if let Some(h) = e.historical {
        if ev
            .get("historical")
            .and_then(Value::as_bool)
            .unwrap_or(false)
            != h
        {
            p.push(format!("{}historical", if h { "" } else { "not " }));
        }
    }
    if let Some(d) = e.disputed {
        if ev.get("disputed").and_then(Value::as_bool).unwrap_or(false) != d {
            p.push(format!("{}disputed", if d { "" } else { "not " }));
        }
    }
    let figs: Vec<&Value> = ev
        .get("figures")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    for (kind, want) in &e.figures {
        let got = figs.iter().find(|f| s(f, "kind") == kind).copied();
        check_figure(&mut p, kind, want, got);
    }
    p
}

fn check_event(problems: &mut Vec<String>, e: &EventExpect, events: &[Value]) {
    let what = format!("event {:?}", e.label);
    let placed: Vec<&Value> = events
        .iter()
        .filter(|ev| {
            e.types
                .iter()
                .any(|t| t.eq_ignore_ascii_case(s(ev, "event_type")))
        })
        .filter(|ev| {
            let loc = ev.get("location").cloned().unwrap_or(Value::Null);
            if let Some(c) = &e.country {
                if !s(&loc, "country").eq_ignore_ascii_case(c) {
                    return false;
                }
            }
            match (e.near, event_point(ev)) {
                (None, _) => true,
                (Some(n), Some(pt)) => haversine_km(n, pt) <= e.radius_km.unwrap_or(25.0),
                (Some(_), None) => false,
            }
        })
        .collect();
    let whole: Vec<&Value> = placed
        .iter()
        .copied()
        .filter(|ev| {
            let docs = strings(ev, "documents");
            e.documents.iter().all(|d| docs.contains(d))
        })
        .collect();
    if whole.is_empty() {
        problems.push(format!(
            "{what}: no {} event there with claims from [{}]; candidates: {}",
            e.types.join("|"),
            e.documents.join(", "),
            if placed.is_empty() {
                "none".to_string()
            } else {
                placed
                    .iter()
                    .map(|ev| describe_event(ev))
                    .collect::<Vec<_>>()
                    .join(" | ")
            }
        ));
        return;
    }
    if e.every {
        let bad: Vec<String> = whole
            .iter()
            .filter_map(|ev| {
                let p = event_problems(e, ev);
                (!p.is_empty()).then(|| format!("{} ({})", describe_event(ev), p.join(", ")))
            })
            .collect();
        if !bad.is_empty() {
            problems.push(format!(
                "{what}: every event should pass; these do not: {}",
                bad.join(" | ")
            ));
        }
        return;
    }
    let mut best: Option<Vec<String>> = None;
    for ev in &whole {
        let p = event_problems(e, ev);
        if p.is_empty() {
            return;
        }
        if best.as_ref().is_none_or(|b| p.len() < b.len()) {
            best = Some(p);
        }
    }
    problems.push(format!(
        "{what}: expected {}; events: {}",
        best.unwrap_or_default().join(", "),
        whole
            .iter()
            .map(|ev| describe_event(ev))
            .collect::<Vec<_>>()
            .join(" | ")
    ));
}

// ---------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// Structural problems of a case file (before running it).
fn validate(case: &Case) -> Vec<String> {
    let mut p = Vec::new();
    if case.name.trim().is_empty() {
        p.push("empty name".into());
    }
    if case.description.trim().is_empty() {
        p.push("empty description".into());
    }
    if case.patterns.is_empty() {
        p.push("no patterns".into());
    }
    for pat in &case.patterns {
        if !PATTERNS.iter().any(|(n, _)| n == pat) {
            p.push(format!("unknown pattern {pat:?}"));
        }
    }
    if case.reports.is_empty() {
        p.push("no reports".into());
    }
    let mut ids = BTreeSet::new();
    for r in &case.reports {
        if !ids.insert(r.id.as_str()) {
            p.push(format!("duplicate report id {:?}", r.id));
        }
        if chrono::NaiveDate::parse_from_str(&r.published, "%Y-%m-%d").is_err() {
            p.push(format!("report {:?}: bad published date", r.id));
        }
        if r.text.is_some() == r.text_file.is_some() {
            p.push(format!("report {:?}: give one of text, text_file", r.id));
        }
    }
    if case.sites.is_empty() && case.absent.is_empty() && case.events.is_empty() {
        p.push("no expectations".into());
    }
    for e in &case.events {
        for d in &e.documents {
            if !ids.contains(d.as_str()) {
                p.push(format!("event {:?}: unknown report {d:?}", e.label));
            }
        }
    }
    let places = case
        .sites
        .iter()
        .map(|x| (&x.label, &x.place, false))
        .chain(
            case.absent
                .iter()
                .map(|x| (&x.label, &x.place, x.with_figures.is_some())),
        );
    for (label, pl, by_figures) in places {
        if pl.near.is_some() != pl.radius_km.is_some() {
            p.push(format!("{label:?}: give near and radius_km together"));
        }
        let unplaced =
            pl.near.is_none() && pl.names.is_none() && pl.kind.is_none() && pl.country.is_none();
        if unplaced && !by_figures {
            p.push(format!("{label:?}: no way to identify the site"));
        }
    }
    p
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(db: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("sitrep runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

struct Outcome {
    passed: bool,
    report: String,
    elapsed: Duration,
}

fn run_case(case: &Case, root: &Path, verbose: bool) -> Outcome {
    let start = Instant::now();
    let mut report = String::new();
    let mut problems: Vec<String> = Vec::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut jsonl = String::new();
    for r in &case.reports {
        let text = match (&r.text, &r.text_file) {
            (Some(t), _) => t.clone(),
            (None, Some(f)) => match std::fs::read_to_string(root.join(f)) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(format!("report {:?}: cannot read {f}: {e}", r.id));
                    String::new()
                }
            },
            (None, None) => String::new(),
        };
        let mut obj = serde_json::json!({
            "id": r.id,
            "source": r.source,
            "published": r.published,
            "text": text,
        });
        if let Some(t) = &r.title {
            obj["title"] = Value::from(t.as_str());
        }
        if let Some(u) = &r.url {
            obj["url"] = Value::from(u.as_str());
        }
        jsonl.push_str(&obj.to_string());
        jsonl.push('\n');
    }
    let input = dir.path().join("reports.jsonl");
    std::fs::write(&input, jsonl).expect("write reports");
    let db = dir.path().join("field.db");
    let ing = run(&db, &["ingest", input.to_str().expect("utf-8 path")]);
    let mut sites: Vec<Value> = Vec::new();
    let mut events: Vec<Value> = Vec::new();
    if ing.code != 0 || ing.stderr.contains("panicked") {
        problems.push(format!(
            "`sitrep ingest` exited with {}:\n{}",
            ing.code, ing.stderr
        ));
    } else {
        let out = run(&db, &["sites", "--format", "json"]);
        match serde_json::from_str::<Value>(&out.stdout) {
            Ok(v) if out.code == 0 => {
                sites = v
                    .get("sites")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
            }
            Ok(_) | Err(_) => problems.push(format!(
                "`sitrep sites --format json` exited with {}: {}{}",
                out.code,
                out.stderr,
                &out.stdout[..out.stdout.len().min(300)]
            )),
        }
        let out = run(&db, &["events", "--format", "jsonl"]);
        if out.code != 0 {
            problems.push(format!(
                "`sitrep events --format jsonl` exited with {}: {}",
                out.code, out.stderr
            ));
        }
        for line in out.stdout.lines().filter(|l| !l.trim().is_empty()) {
            match serde_json::from_str::<Value>(line) {
                Ok(v) => events.push(v),
                Err(e) => problems.push(format!("not an event ({e}): {line}")),
            }
        }
        for e in &case.sites {
            check_site(&mut problems, e, &sites);
        }
        for a in &case.absent {
            check_absent(&mut problems, a, &sites);
        }
        check_never_controller(&mut problems, &case.never_controller, &sites);
        for e in &case.events {
            check_event(&mut problems, e, &events);
        }
    }
    let passed = problems.is_empty();
    if !passed || verbose {
        let _ = writeln!(
            report,
            "  {}",
            case.description
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        );
        let _ = writeln!(report, "  patterns: {}", case.patterns.join(", "));
        for p in &problems {
            let _ = writeln!(report, "  FAIL {p}");
        }
        let _ = writeln!(report, "  sites ({}):", sites.len());
        for site in &sites {
            let _ = writeln!(report, "    - {}", describe_site(site));
        }
        let shown: Vec<&Value> = events
            .iter()
            .filter(|e| {
                case.events.iter().any(|x| {
                    x.types
                        .iter()
                        .any(|t| t.eq_ignore_ascii_case(s(e, "event_type")))
                }) || e
                    .get("figures")
                    .and_then(Value::as_array)
                    .is_some_and(|f| !f.is_empty())
            })
            .collect();
        if !shown.is_empty() {
            let _ = writeln!(report, "  events with figures or of expected types:");
            for e in shown {
                let _ = writeln!(report, "    - {}", describe_event(e));
            }
        }
    }
    Outcome {
        passed,
        report,
        elapsed: start.elapsed(),
    }
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Pass,
    Fail,
    KnownFailure,
    UnexpectedPass,
}

#[test]
fn field_cases() {
    let started = Instant::now();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/field");
    let root = workspace_root();
    let report_only = env_flag("SITREP_FIELD_REPORT_ONLY");
    let verbose = env_flag("SITREP_FIELD_VERBOSE");
    let filter = std::env::var("SITREP_FIELD").unwrap_or_default();
    let jobs = std::env::var("SITREP_FIELD_JOBS")
        .ok()
        .and_then(|j| j.parse::<usize>().ok())
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
                .min(8)
        })
        .max(1);

    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no case files in {}", dir.display());

    // Load and validate every file (even when filtered, so that a broken file is noticed).
    let mut broken: Vec<String> = Vec::new();
    let mut cases: Vec<(String, Case)> = Vec::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for path in &files {
        let file = path
            .file_name()
            .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        let case = match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| toml::from_str::<Case>(&t).map_err(|e| e.to_string()))
        {
            Ok(c) => c,
            Err(e) => {
                broken.push(format!("{file}: not a valid case file: {e}"));
                continue;
            }
        };
        if let Some(prev) = names.insert(case.name.clone(), file.clone()) {
            broken.push(format!(
                "{file}: duplicate case name {:?} (also in {prev})",
                case.name
            ));
            continue;
        }
        let problems = validate(&case);
        if !problems.is_empty() {
            broken.push(format!("{file}: invalid case: {}", problems.join("; ")));
            continue;
        }
        cases.push((file, case));
    }
    // Every pattern is covered by at least two cases.
    if filter.is_empty() {
        for (pat, what) in PATTERNS {
            let n = cases
                .iter()
                .filter(|(_, c)| c.patterns.iter().any(|p| p == pat))
                .count();
            let min = if *pat == "seed" { 1 } else { 2 };
            if n < min {
                broken.push(format!(
                    "pattern {pat:?} ({what}) is covered by {n} case(s), fewer than {min}"
                ));
            }
        }
    }
    let selected: Vec<&(String, Case)> = cases
        .iter()
        .filter(|(f, c)| filter.is_empty() || c.name.contains(&filter) || f.contains(&filter))
        .collect();

    // Run the cases, a few at a time (each is a few processes).
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> =
        Mutex::new((0..selected.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(selected.len()).max(1) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some((_, case)) = selected.get(i) else {
                    break;
                };
                let outcome = run_case(case, &root, verbose);
                results.lock().expect("results")[i] = Some(outcome);
            });
        }
    });
    let results = results.into_inner().expect("results");

    let mut out = String::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_pattern: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut fatal: Vec<String> = broken.clone();
    for ((file, case), outcome) in selected.iter().zip(results) {
        let outcome = outcome.expect("every case ran");
        let st = match (outcome.passed, case.known_failure.is_some()) {
            (true, false) => Status::Pass,
            (false, false) => Status::Fail,
            (false, true) => Status::KnownFailure,
            (true, true) => Status::UnexpectedPass,
        };
        let label = match st {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::KnownFailure => "KNOWN FAILURE",
            Status::UnexpectedPass => "UNEXPECTED PASS",
        };
        *counts.entry(label).or_default() += 1;
        for p in &case.patterns {
            let e = per_pattern.entry(p.as_str()).or_default();
            e.1 += 1;
            if outcome.passed {
                e.0 += 1;
            }
        }
        let _ = writeln!(
            out,
            "=== {file} :: {}: {label} ({} reports, {:.1} s)",
            case.name,
            case.reports.len(),
            outcome.elapsed.as_secs_f64()
        );
        if let Some(why) = &case.known_failure {
            let _ = writeln!(out, "  known failure: {why}");
        }
        out.push_str(&outcome.report);
        match st {
            Status::Fail => fatal.push(format!("{file} :: {} fails", case.name)),
            Status::UnexpectedPass => fatal.push(format!(
                "{file} :: {} passes: remove its known_failure marker",
                case.name
            )),
            _ => {}
        }
    }
    let _ = writeln!(out, "\n--- field cases by pattern (passing / cases) ---");
    for (pat, (ok, n)) in &per_pattern {
        let _ = writeln!(out, "  {pat:<20} {ok} / {n}");
    }
    let _ = writeln!(
        out,
        "--- {} case(s) in {:.1} s ({} at a time): {} ---",
        selected.len(),
        started.elapsed().as_secs_f64(),
        jobs,
        counts
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for b in &broken {
        let _ = writeln!(out, "BROKEN {b}");
    }
    println!("{out}");
    if !report_only && !fatal.is_empty() {
        panic!("field cases:\n  {}", fatal.join("\n  "));
    }
}
