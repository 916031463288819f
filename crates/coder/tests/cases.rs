//! Gold-case harness: runs every `tests/cases/*.toml` through the coder.
//!
//! Format (see the project notes, "Gold case format"): each file holds `[[case]]` tables with
//! `name`, `text`, optional `published`, `only`, `known_failure`, zero or more `[[case.expect]]`
//! items and optional `[[case.reject]]` items. An expected item is matched by the first unused
//! emitted event whose type is in `types` and whose every named field is right.
//!
//! Environment:
//! - `SITREP_CASES_REPORT_ONLY=1`: print the report but do not fail (while the coder is young);
//! - `SITREP_CASES=word`: only run cases whose name or file name contains `word`;
//! - `SITREP_CASES_VERBOSE=1`: also print the emitted events of passing cases.
//!
//! Besides the case's own checks, every emitted event must respect the record contract: its
//! evidence is a valid byte range of the text and equals the text there.

use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sitrep_coder::Coder;
use sitrep_eval::text::{contains_ci, contains_word};
use sitrep_eval::{describe_entities as entities, make_document, summarize_event};
use sitrep_model::{AcledSubEventType, Event, EventType, QuantityKind};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    #[serde(default)]
    case: Vec<Case>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    published: Option<String>,
    text: String,
    #[serde(default)]
    only: bool,
    #[serde(default)]
    known_failure: Option<String>,
    #[serde(default)]
    expect: Vec<Expect>,
    #[serde(default)]
    reject: Vec<Reject>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    types: Vec<String>,
    modes: Option<Vec<String>>,
    actor: Option<Vec<String>>,
    actor_country: Option<String>,
    actor_sector: Option<String>,
    recipient: Option<Vec<String>>,
    recipient_country: Option<String>,
    recipient_sector: Option<String>,
    location: Option<Vec<String>>,
    location_country: Option<String>,
    precision: Option<u8>,
    facility: Option<String>,
    source: Option<Vec<String>>,
    no_source: Option<bool>,
    /// `true`: the event must have no actor (none is named and none may be implied).
    no_actor: Option<bool>,
    date: Option<String>,
    date_precision: Option<String>,
    quantities: Option<Vec<ExpectQuantity>>,
    historical: Option<bool>,
    future: Option<bool>,
    hypothetical: Option<bool>,
    negated: Option<bool>,
    acled: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectQuantity {
    kind: String,
    value: u64,
    approximate: Option<bool>,
    min: Option<u64>,
    max: Option<u64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reject {
    types: Vec<String>,
    /// Only a live event of these types is rejected: one coded as negated, future or
    /// hypothetical is the right reading of a clause that asserts nothing.
    #[serde(default)]
    live: bool,
}

/// A field that is wrong on an event: (field, wanted, got).
type Miss = (&'static str, String, String);

fn list(xs: &[String]) -> String {
    format!("one of [{}]", xs.join(", "))
}

fn types_of(names: &[String]) -> Result<Vec<EventType>, String> {
    if names.is_empty() {
        return Err("`types` is empty".into());
    }
    names
        .iter()
        .map(|t| EventType::parse(t).ok_or_else(|| format!("unknown event type {t:?}")))
        .collect()
}

/// Checks one role (actor or recipient): words, country, sector. Each is satisfied by some entity.
fn check_role(
    misses: &mut Vec<Miss>,
    names: [&'static str; 3],
    es: &[sitrep_model::Entity],
    words: &Option<Vec<String>>,
    country: &Option<String>,
    sector: &Option<String>,
) {
    if let Some(ws) = words {
        let ok = es.iter().any(|e| {
            ws.iter()
                .any(|w| contains_word(&e.text, w) || contains_word(&e.name, w))
        });
        if !ok {
            misses.push((names[0], list(ws), entities(es)));
        }
    }
    if let Some(c) = country {
        if !es.iter().any(|e| {
            e.country
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(c))
        }) {
            misses.push((names[1], c.clone(), entities(es)));
        }
    }
    if let Some(s) = sector {
        if !es
            .iter()
            .any(|e| e.sector.iter().any(|x| x.eq_ignore_ascii_case(s)))
        {
            misses.push((names[2], s.clone(), entities(es)));
        }
    }
}

/// True when nothing is wanted or the wanted value is what was got.
fn given_and_equal<T: PartialEq>(want: Option<T>, got: Option<T>) -> bool {
    want.is_none() || want == got
}

/// The named fields of `x` that `ev` gets wrong (the type is checked separately).
fn field_misses(x: &Expect, ev: &Event) -> Vec<Miss> {
    let mut m: Vec<Miss> = Vec::new();
    if let Some(modes) = &x.modes {
        let ok = ev
            .mode
            .as_deref()
            .is_some_and(|g| modes.iter().any(|w| w.eq_ignore_ascii_case(g)));
        if !ok {
            m.push(("modes", list(modes), format!("{:?}", ev.mode)));
        }
    }
    check_role(
        &mut m,
        ["actor", "actor_country", "actor_sector"],
        &ev.actor,
        &x.actor,
        &x.actor_country,
        &x.actor_sector,
    );
    check_role(
        &mut m,
        ["recipient", "recipient_country", "recipient_sector"],
        &ev.recipient,
        &x.recipient,
        &x.recipient_country,
        &x.recipient_sector,
    );
    let loc = ev.location.as_ref();
    let loc_desc = || loc.map_or("(none)".to_string(), sitrep_eval::describe_location);
    if let Some(ws) = &x.location {
        let ok = loc.is_some_and(|l| {
            ws.iter()
                .any(|w| contains_ci(&l.name, w) || contains_ci(&l.text, w))
        });
        if !ok {
            m.push(("location", list(ws), loc_desc()));
        }
    }
    if let Some(c) = &x.location_country {
        let ok = loc
            .and_then(|l| l.country.as_deref())
            .is_some_and(|g| g.eq_ignore_ascii_case(c));
        if !ok {
            m.push(("location_country", c.clone(), loc_desc()));
        }
    }
    if let Some(p) = x.precision {
        if loc.map(|l| l.precision) != Some(p) {
            m.push(("precision", p.to_string(), loc_desc()));
        }
    }
    if let Some(f) = &x.facility {
        let ok = loc
            .and_then(|l| l.facility.as_ref())
            .is_some_and(|g| g.kind.eq_ignore_ascii_case(f));
        if !ok {
            m.push(("facility", f.clone(), loc_desc()));
        }
    }
    let src = || entities(ev.source.as_slice());
    if let Some(ws) = &x.source {
        let ok = ev.source.as_ref().is_some_and(|s| {
            ws.iter()
                .any(|w| contains_ci(&s.text, w) || contains_ci(&s.name, w))
        });
        if !ok {
            m.push(("source", list(ws), src()));
        }
    }
    if let Some(none) = x.no_source {
        if none != ev.source.is_none() {
            let want = if none { "no source" } else { "a source" };
            m.push(("no_source", want.into(), src()));
        }
    }
    if let Some(none) = x.no_actor {
        if none != ev.actor.is_empty() {
            let want = if none { "no actor" } else { "an actor" };
            m.push(("no_actor", want.into(), entities(&ev.actor)));
        }
    }
    let date = ev.date.as_ref();
    let date_desc = || {
        date.map_or("(none)".to_string(), |d| {
            format!(
                "{} {:?} ({:?})",
                d.value.as_deref().unwrap_or("?"),
                d.precision,
                d.text
            )
        })
    };
    if let Some(d) = &x.date {
        if date.and_then(|g| g.value.as_deref()) != Some(d.as_str()) {
            m.push(("date", d.clone(), date_desc()));
        }
    }
    if let Some(p) = &x.date_precision {
        let ok = date.is_some_and(|g| format!("{:?}", g.precision).eq_ignore_ascii_case(p));
        if !ok {
            m.push(("date_precision", p.clone(), date_desc()));
        }
    }
    if let Some(qs) = &x.quantities {
        let got: Vec<String> = ev
            .quantities
            .iter()
            .map(|q| {
                let range = match (q.min, q.max) {
                    (None, None) => String::new(),
                    (a, b) => format!(
                        " [{}..{}]",
                        a.unwrap_or(0),
                        b.map_or("".into(), |b| b.to_string())
                    ),
                };
                format!(
                    "{}={}{}{range}",
                    q.kind.as_str(),
                    q.value,
                    if q.approximate { "~" } else { "" }
                )
            })
            .collect();
        for q in qs {
            let kind = QuantityKind::parse(&q.kind);
            let ok = ev.quantities.iter().any(|g| {
                Some(g.kind) == kind
                    && g.value == q.value
                    && given_and_equal(q.approximate, Some(g.approximate))
                    && given_and_equal(q.min, g.min)
                    && given_and_equal(q.max, g.max)
            });
            if !ok {
                let mut want = format!("{}={}", q.kind, q.value);
                if let Some(a) = q.approximate {
                    let _ = write!(want, " approximate={a}");
                }
                if let Some(v) = q.min {
                    let _ = write!(want, " min={v}");
                }
                if let Some(v) = q.max {
                    let _ = write!(want, " max={v}");
                }
                m.push(("quantities", want, format!("[{}]", got.join(", "))));
            }
        }
    }
    for (name, want, got) in [
        ("historical", x.historical, ev.historical),
        ("future", x.future, ev.future),
        ("hypothetical", x.hypothetical, ev.hypothetical),
        ("negated", x.negated, ev.negated),
    ] {
        if let Some(w) = want {
            if w != got {
                m.push((name, w.to_string(), got.to_string()));
            }
        }
    }
    if let Some(acled) = &x.acled {
        let got = ev.acled.as_ref().map(|a| a.sub_event_type.as_str());
        let ok = acled.iter().any(|w| match got {
            None => w.eq_ignore_ascii_case("none"),
            Some(g) => w.trim().eq_ignore_ascii_case(g.trim()),
        });
        if !ok {
            m.push(("acled", list(acled), format!("{:?}", got)));
        }
    }
    m
}

fn describe_expect(x: &Expect) -> String {
    // Re-serialising would need another dependency: list the named fields compactly.
    let mut s = format!("types={:?}", x.types);
    macro_rules! show {
        ($($f:ident),*) => {$(
            if let Some(v) = &x.$f {
                let _ = write!(s, " {}={:?}", stringify!($f), v);
            }
        )*};
    }
    show!(
        modes,
        actor,
        actor_country,
        actor_sector,
        recipient,
        recipient_country,
        recipient_sector,
        location,
        location_country,
        precision,
        facility,
        source,
        no_source,
        no_actor,
        date,
        date_precision,
        historical,
        future,
        hypothetical,
        negated,
        acled
    );
    if let Some(qs) = &x.quantities {
        let v: Vec<String> = qs
            .iter()
            .map(|q| format!("{}={}", q.kind, q.value))
            .collect();
        let _ = write!(s, " quantities=[{}]", v.join(", "));
    }
    s
}

/// The verdict on one case (before `known_failure` is applied).
#[derive(Debug)]
struct Outcome {
    passed: bool,
    /// Human-readable account: expected items, emitted events, problems.
    report: String,
}

/// Structural problems of a case (unknown types, bad dates, ...).
fn validate(case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    if case.name.trim().is_empty() {
        problems.push("empty name".into());
    }
    if let Some(p) = &case.published {
        if let Err(e) = make_document(&case.name, "", Some(p)) {
            problems.push(e.to_string());
        }
    }
    for (i, x) in case.expect.iter().enumerate() {
        if let Err(e) = types_of(&x.types) {
            problems.push(format!("expect #{}: {e}", i + 1));
        }
        for q in x.quantities.iter().flatten() {
            if QuantityKind::parse(&q.kind).is_none() {
                problems.push(format!(
                    "expect #{}: unknown quantity kind {:?}",
                    i + 1,
                    q.kind
                ));
            }
        }
        for a in x.acled.iter().flatten() {
            if !a.eq_ignore_ascii_case("none") && AcledSubEventType::parse(a.trim()).is_none() {
                problems.push(format!(
                    "expect #{}: unknown ACLED sub-event type {a:?}",
                    i + 1
                ));
            }
        }
        if let Some(d) = &x.date {
            if make_document("", "", Some(d)).is_err() {
                problems.push(format!(
                    "expect #{}: bad date {d:?} (want YYYY-MM-DD)",
                    i + 1
                ));
            }
        }
        if let Some(p) = &x.date_precision {
            if !["day", "week", "month", "year", "unresolved"].contains(&p.as_str()) {
                problems.push(format!("expect #{}: bad date_precision {p:?}", i + 1));
            }
        }
    }
    for (i, r) in case.reject.iter().enumerate() {
        if let Err(e) = types_of(&r.types) {
            problems.push(format!("reject #{}: {e}", i + 1));
        }
    }
    problems
}

/// Record-contract problems of the emitted events.
fn contract_problems(text: &str, events: &[Event]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, ev) in events.iter().enumerate() {
        let e = &ev.evidence;
        match text.get(e.start..e.end) {
            None => out.push(format!(
                "event #{i}: evidence {}..{} is not a valid byte range of the text ({} bytes)",
                e.start,
                e.end,
                text.len()
            )),
            Some(s) if s != e.text => out.push(format!(
                "event #{i}: evidence text {:?} differs from the text at {}..{} ({s:?})",
                e.text, e.start, e.end
            )),
            Some(_) => {}
        }
    }
    out
}

/// Matches the case's expectations against the emitted events.
fn evaluate(case: &Case, events: &[Event]) -> Outcome {
    let mut problems = contract_problems(&case.text, events);
    let mut used = vec![false; events.len()];
    let mut lines = Vec::new();
    for (n, x) in case.expect.iter().enumerate() {
        let types = types_of(&x.types).unwrap_or_default();
        let hit = events
            .iter()
            .enumerate()
            .find(|(j, ev)| {
                !used[*j] && types.contains(&ev.event_type) && field_misses(x, ev).is_empty()
            })
            .map(|(j, _)| j);
        match hit {
            Some(j) => {
                used[j] = true;
                lines.push(format!(
                    "  [{}] ok (event #{j}): {}",
                    n + 1,
                    describe_expect(x)
                ));
            }
            None => {
                let mut line = format!("  [{}] MISSING: {}", n + 1, describe_expect(x));
                // The closest event of an acceptable type: fewest wrong fields, unused first.
                let closest = events
                    .iter()
                    .enumerate()
                    .filter(|(_, ev)| types.contains(&ev.event_type))
                    .map(|(j, ev)| (field_misses(x, ev), used[j], j))
                    .min_by_key(|(m, u, j)| (m.len(), *u, *j));
                match closest {
                    Some((misses, was_used, j)) if !misses.is_empty() || was_used => {
                        let _ = write!(
                            line,
                            "\n        closest: event #{j}{}",
                            if was_used {
                                " (already matched another item)"
                            } else {
                                ""
                            }
                        );
                        for (f, want, got) in misses {
                            let _ = write!(line, "\n          {f}: want {want}, got {got}");
                        }
                    }
                    _ => {
                        let _ = write!(line, "\n        no event of type {}", x.types.join("/"));
                    }
                }
                lines.push(line);
                problems.push(format!("expected item [{}] not matched", n + 1));
            }
        }
    }
    for r in &case.reject {
        let types = types_of(&r.types).unwrap_or_default();
        for (j, ev) in events.iter().enumerate() {
            let marked = ev.negated || ev.future || ev.hypothetical;
            if !ev.historical && types.contains(&ev.event_type) && !(r.live && marked) {
                problems.push(format!(
                    "rejected type {} emitted (event #{j})",
                    ev.event_type
                ));
            }
        }
    }
    if case.only {
        for (j, ev) in events.iter().enumerate() {
            if !used[j] && !ev.historical {
                problems.push(format!(
                    "unexpected event #{j} (only = true): {}",
                    ev.event_type
                ));
            }
        }
    }
    let mut report = String::new();
    if !lines.is_empty() {
        let _ = writeln!(report, "expected:\n{}", lines.join("\n"));
    }
    let _ = writeln!(report, "emitted ({}):", events.len());
    for (j, ev) in events.iter().enumerate() {
        let _ = writeln!(report, "  #{j} {}", summarize_event(ev));
    }
    if !problems.is_empty() {
        let _ = writeln!(report, "problems:");
        for p in &problems {
            let _ = writeln!(report, "  - {p}");
        }
    }
    Outcome {
        passed: problems.is_empty(),
        report,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Pass,
    Fail,
    KnownFailure,
    UnexpectedPass,
}

fn status(case: &Case, outcome: &Outcome) -> Status {
    match (outcome.passed, case.known_failure.is_some()) {
        (true, false) => Status::Pass,
        (false, false) => Status::Fail,
        (false, true) => Status::KnownFailure,
        (true, true) => Status::UnexpectedPass,
    }
}

fn case_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

#[test]
fn gold_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let report_only = env_flag("SITREP_CASES_REPORT_ONLY");
    let verbose = env_flag("SITREP_CASES_VERBOSE");
    let filter = std::env::var("SITREP_CASES").unwrap_or_default();
    let coder = Coder::embedded();

    let mut failures: Vec<String> = Vec::new();
    let mut known: Vec<String> = Vec::new();
    let (mut passed, mut failed, mut known_n, mut total) = (0usize, 0usize, 0usize, 0usize);
    let mut names = std::collections::BTreeMap::<String, String>::new();
    let mut per_file: Vec<(String, usize, usize)> = Vec::new();
    let files = case_files(&dir);
    assert!(!files.is_empty(), "no case files in {}", dir.display());
    for path in &files {
        let file = path
            .file_name()
            .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        let content = match std::fs::read_to_string(path) {
            Ok(c) => c,
            Err(e) => {
                failed += 1;
                failures.push(format!("=== {file}: cannot read: {e}"));
                continue;
            }
        };
        let cases = match toml::from_str::<CaseFile>(&content) {
            Ok(f) => f.case,
            Err(e) => {
                failed += 1;
                failures.push(format!("=== {file}: not a valid case file:\n{e}"));
                continue;
            }
        };
        let (mut file_pass, mut file_total) = (0, 0);
        for case in &cases {
            if let Some(prev) = names.insert(case.name.clone(), file.clone()) {
                failed += 1;
                failures.push(format!(
                    "=== {file} :: {}: duplicate case name (also in {prev})",
                    case.name
                ));
                continue;
            }
            if !filter.is_empty() && !case.name.contains(&filter) && !file.contains(&filter) {
                continue;
            }
            total += 1;
            file_total += 1;
            let header = format!("=== {file} :: {}", case.name);
            let problems = validate(case);
            if !problems.is_empty() {
                failed += 1;
                failures.push(format!("{header}: invalid case: {}", problems.join("; ")));
                continue;
            }
            let doc = match make_document(&case.name, &case.text, case.published.as_deref()) {
                Ok(d) => d,
                Err(e) => {
                    failed += 1;
                    failures.push(format!("{header}: {e}"));
                    continue;
                }
            };
            let events = match catch_unwind(AssertUnwindSafe(|| coder.code(&doc))) {
                Ok(evs) => evs,
                Err(_) => {
                    failed += 1;
                    failures.push(format!("{header}: THE CODER PANICKED\ntext: {}", case.text));
                    continue;
                }
            };
            let outcome = evaluate(case, &events);
            let published = case.published.as_deref().unwrap_or("-");
            let detail = format!(
                "{header}\ntext: {}\npublished: {published}\n{}",
                case.text, outcome.report
            );
            match status(case, &outcome) {
                Status::Pass => {
                    passed += 1;
                    file_pass += 1;
                    if verbose {
                        println!("{detail}");
                    }
                }
                Status::Fail => {
                    failed += 1;
                    failures.push(detail);
                }
                Status::KnownFailure => {
                    known_n += 1;
                    known.push(format!(
                        "{header} (known failure: {})",
                        case.known_failure.as_deref().unwrap_or("")
                    ));
                }
                Status::UnexpectedPass => {
                    failed += 1;
                    failures.push(format!(
                        "{header}: passes but is marked known_failure ({:?}): remove the marker\n{}",
                        case.known_failure.as_deref().unwrap_or(""),
                        outcome.report
                    ));
                }
            }
        }
        per_file.push((file, file_pass, file_total));
    }

    for f in &failures {
        println!("{f}\n");
    }
    for k in &known {
        println!("{k}");
    }
    println!("\nper file (passed/run):");
    for (file, p, t) in &per_file {
        println!("  {file}: {p}/{t}");
    }
    let summary = format!(
        "gold cases: {passed} passed, {failed} failed, {known_n} known failures ({total} cases run, {} files)",
        files.len()
    );
    println!("\n{summary}");
    if failed > 0 && !report_only {
        panic!(
            "{summary}; see the diffs above (SITREP_CASES_REPORT_ONLY=1 reports without failing)"
        );
    }
}

#[cfg(test)]
#[path = "harness/cases_matcher.rs"]
mod matcher;
