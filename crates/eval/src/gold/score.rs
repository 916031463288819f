//! Scoring one document: matching emitted events to the gold items (an optimal assignment) and
//! checking the named fields of the matched events.

use super::*;

/// Whether the event is marked as not asserting a happening (future, hypothetical, negated).
pub(super) fn unasserted(ev: &Event) -> bool {
    ev.future || ev.hypothetical || ev.negated
}

fn overlaps(evidence: Span, span: Span) -> bool {
    if evidence.is_empty() {
        span.start <= evidence.start && evidence.start < span.end.max(span.start + 1)
    } else {
        evidence.start < span.end && span.start < evidence.end
    }
}

fn evidence_span(ev: &Event) -> Span {
    Span::new(
        ev.evidence.start.min(ev.evidence.end),
        ev.evidence.end.max(ev.evidence.start),
    )
}

/// One named field checked on a matched event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldCheck {
    pub field: String,
    pub ok: bool,
    pub expected: String,
    pub got: String,
}

/// The outcome for one required item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemResult {
    pub id: String,
    pub types: Vec<String>,
    pub found: bool,
    /// Index into the emitted events of the event that matched it.
    pub event_index: Option<usize>,
    pub event: Option<String>,
    /// The named fields, checked on the matched event (empty when not found).
    pub fields: Vec<FieldCheck>,
    /// When not found: emitted events whose evidence overlaps the item's spans (wrong type).
    pub near_misses: Vec<String>,
}

/// What an emitted event counted as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", content = "item", rename_all = "snake_case")]
pub enum Verdict {
    /// Matched the required item with this id.
    Match(String),
    /// Would match this (already found) item: accepted, not penalised.
    Duplicate(String),
    /// In an optional span with an allowed type.
    Optional,
    /// Marked historical: not counted.
    HistoricalIgnored,
    /// Marked future, hypothetical or negated: not counted.
    UnassertedIgnored,
    /// Unmarked event in a historical span: a false positive.
    HistoricalViolation,
    FalsePositive,
}

impl Verdict {
    pub(super) fn label(&self) -> String {
        match self {
            Verdict::Match(id) => format!("match `{id}`"),
            Verdict::Duplicate(id) => format!("duplicate of `{id}`"),
            Verdict::Optional => "optional".into(),
            Verdict::HistoricalIgnored => "historical (ignored)".into(),
            Verdict::UnassertedIgnored => "future/hypothetical/negated (ignored)".into(),
            Verdict::HistoricalViolation => "**historical, unmarked**".into(),
            Verdict::FalsePositive => "**false positive**".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmittedResult {
    pub index: usize,
    pub event: String,
    pub verdict: Verdict,
}

/// The score of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldReport {
    pub doc_id: String,
    pub required: usize,
    pub found: usize,
    /// Emitted events not marked historical (the precision denominator).
    pub emitted: usize,
    pub matched: usize,
    pub duplicates: usize,
    pub optional_ok: usize,
    pub false_positives: usize,
    pub historical_violations: usize,
    pub historical_ignored: usize,
    /// Events marked future, hypothetical or negated (not counted).
    pub unasserted_ignored: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub args_right: usize,
    pub args_total: usize,
    pub arg_accuracy: f64,
    pub items: Vec<ItemResult>,
    pub emitted_events: Vec<EmittedResult>,
}

/// Scores the emitted events of one document against its gold.
pub fn score(doc: &GoldDoc, events: &[Event]) -> GoldReport {
    let gold = &doc.gold;
    let n_items = gold.events.len();
    // Candidates: (item, event) pairs with the right type and overlapping evidence.
    let mut checks: BTreeMap<(usize, usize), Vec<FieldCheck>> = BTreeMap::new();
    for (i, (item, res)) in gold.events.iter().zip(&doc.events).enumerate() {
        for (j, ev) in events.iter().enumerate() {
            if ev.historical || unasserted(ev) || !res.types.contains(&ev.event_type) {
                continue;
            }
            let evs = evidence_span(ev);
            if res.spans.iter().any(|s| overlaps(evs, *s)) {
                checks.insert((i, j), check_fields(gold, item, res, ev));
            }
        }
    }
    // Optimal assignment: most items found, then most fields right.
    let cand_events: Vec<usize> = {
        let mut v: Vec<usize> = checks.keys().map(|&(_, j)| j).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let weights: Vec<Vec<i64>> = (0..n_items)
        .map(|i| {
            cand_events
                .iter()
                .map(|&j| {
                    checks.get(&(i, j)).map_or(0, |f| {
                        let right = f.iter().filter(|c| c.ok).count() as i64;
                        let total = f.len().max(1) as i64;
                        1_000_000 + right * 1000 / total
                    })
                })
                .collect()
        })
        .collect();
    let assignment = max_weight_assignment(&weights);
    let mut item_event: Vec<Option<usize>> = vec![None; n_items];
    let mut event_item: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, col) in assignment.iter().enumerate() {
        if let Some(c) = col {
            if let Some(&j) = cand_events.get(*c) {
                if checks.contains_key(&(i, j)) {
                    item_event[i] = Some(j);
                    event_item.insert(j, i);
                }
            }
        }
    }

    let mut items = Vec::with_capacity(n_items);
    let (mut args_right, mut args_total) = (0, 0);
    for (i, (item, res)) in gold.events.iter().zip(&doc.events).enumerate() {
        let (fields, event) = match item_event[i] {
            Some(j) => (
                checks.get(&(i, j)).cloned().unwrap_or_default(),
                events.get(j).map(summarize_event),
            ),
            None => (Vec::new(), None),
        };
        args_right += fields.iter().filter(|f| f.ok).count();
        args_total += fields.len();
        let near_misses = if item_event[i].is_none() {
            events
                .iter()
                .filter(|ev| res.spans.iter().any(|s| overlaps(evidence_span(ev), *s)))
                .map(summarize_event)
                .collect()
        } else {
            Vec::new()
        };
        items.push(ItemResult {
            id: item.id.clone(),
            types: item.types.clone(),
            found: item_event[i].is_some(),
            event_index: item_event[i],
            event,
            fields,
            near_misses,
        });
    }

    let mut emitted_events = Vec::with_capacity(events.len());
    let mut counts = [0usize; 7];
    for (j, ev) in events.iter().enumerate() {
        let evs = evidence_span(ev);
        let verdict = if ev.historical {
            Verdict::HistoricalIgnored
        } else if unasserted(ev) {
            Verdict::UnassertedIgnored
        } else if let Some(&i) = event_item.get(&j) {
            Verdict::Match(gold.events.get(i).map(|e| e.id.clone()).unwrap_or_default())
        } else if let Some(i) =
            (0..n_items).find(|&i| checks.contains_key(&(i, j)) && item_event[i].is_some())
        {
            Verdict::Duplicate(gold.events.get(i).map(|e| e.id.clone()).unwrap_or_default())
        } else if doc
            .optional
            .iter()
            .any(|(s, ts)| ts.contains(&ev.event_type) && overlaps(evs, *s))
        {
            Verdict::Optional
        } else if doc.historical.iter().any(|s| overlaps(evs, *s)) {
            Verdict::HistoricalViolation
        } else {
            Verdict::FalsePositive
        };
        let k = match verdict {
            Verdict::Match(_) => 0,
            Verdict::Duplicate(_) => 1,
            Verdict::Optional => 2,
            Verdict::HistoricalIgnored => 3,
            Verdict::HistoricalViolation => 4,
            Verdict::FalsePositive => 5,
            Verdict::UnassertedIgnored => 6,
        };
        counts[k] += 1;
        emitted_events.push(EmittedResult {
            index: j,
            event: summarize_event(ev),
            verdict,
        });
    }
    let [matched, duplicates, optional_ok, historical_ignored, historical_violations, false_positives, unasserted_ignored] =
        counts;
    let emitted = events.len() - historical_ignored - unasserted_ignored;
    let found = item_event.iter().filter(|x| x.is_some()).count();
    let precision = ratio(matched + duplicates + optional_ok, emitted, 1.0);
    let recall = ratio(found, n_items, 1.0);
    GoldReport {
        doc_id: gold.document.id.clone(),
        required: n_items,
        found,
        emitted,
        matched,
        duplicates,
        optional_ok,
        false_positives,
        historical_violations,
        historical_ignored,
        unasserted_ignored,
        precision,
        recall,
        f1: f1(precision, recall),
        args_right,
        args_total,
        arg_accuracy: ratio(args_right, args_total, 1.0),
        items,
        emitted_events,
    }
}

fn check_fields(gold: &Gold, item: &GoldEvent, res: &ResolvedItem, ev: &Event) -> Vec<FieldCheck> {
    let mut out = Vec::new();
    let set = |k: &str| gold.entities.get(k);
    let any_in = |es: &[Entity], keys: &[&String]| {
        keys.iter()
            .filter_map(|k| set(k))
            .any(|s| es.iter().any(|e| entity_matches(s, e)))
    };
    let mut push = |field: &str, ok: bool, expected: String, got: String| {
        out.push(FieldCheck {
            field: field.into(),
            ok,
            expected,
            got,
        })
    };
    if let Some(k) = &item.actor {
        push(
            "actor",
            any_in(&ev.actor, &[k]),
            k.clone(),
            crate::describe_entities(&ev.actor),
        );
    }
    if let Some(ks) = &item.actor_any {
        let keys: Vec<&String> = ks.iter().collect();
        push(
            "actor_any",
            any_in(&ev.actor, &keys),
            format!("any of {}", ks.join(", ")),
            crate::describe_entities(&ev.actor),
        );
    }
    if let Some(k) = &item.recipient {
        push(
            "recipient",
            any_in(&ev.recipient, &[k]),
            k.clone(),
            crate::describe_entities(&ev.recipient),
        );
    }
    if let Some(ks) = &item.recipient_any {
        let keys: Vec<&String> = ks.iter().collect();
        // A reciprocal event ("both sides blamed each other") may list both sides as actors.
        let sides_as_actors = keys
            .iter()
            .filter(|k| set(k).is_some_and(|s| ev.actor.iter().any(|e| entity_matches(s, e))))
            .count();
        let ok = any_in(&ev.recipient, &keys) || (ev.recipient.is_empty() && sides_as_actors >= 2);
        push(
            "recipient_any",
            ok,
            format!("any of {}", ks.join(", ")),
            crate::describe_entities(&ev.recipient),
        );
    }
    if let Some(k) = &item.location {
        let ok = match (gold.places.get(k), &ev.location) {
            (Some(p), Some(l)) => place_matches(p, l),
            _ => false,
        };
        let got = ev
            .location
            .as_ref()
            .map_or("(none)".to_string(), crate::describe_location);
        push("location", ok, k.clone(), got);
    }
    if let Some(k) = &item.source {
        let ok = match (set(k), &ev.source) {
            (Some(s), Some(e)) => entity_matches(s, e),
            _ => false,
        };
        push(
            "source",
            ok,
            k.clone(),
            crate::describe_entities(ev.source.as_slice()),
        );
    }
    if let Some(ms) = &item.modes {
        let ok = ev
            .mode
            .as_deref()
            .is_some_and(|m| ms.iter().any(|x| x.trim().eq_ignore_ascii_case(m.trim())));
        push(
            "modes",
            ok,
            ms.join(" | "),
            ev.mode.clone().unwrap_or_else(|| "(none)".into()),
        );
    }
    if let Some(d) = &item.date {
        let got = ev.date.as_ref().and_then(|d| d.value.clone());
        let ok = got.as_deref().is_some_and(|g| {
            d.value.as_deref() == Some(g) || d.value_in.iter().flatten().any(|v| v == g)
        });
        let expected = match (&d.value, &d.value_in) {
            (Some(v), _) => v.clone(),
            (None, Some(vs)) => format!("one of {}", vs.join(", ")),
            (None, None) => String::new(),
        };
        push("date", ok, expected, got.unwrap_or_else(|| "(none)".into()));
    }
    if item.quantities.is_some() {
        let missing: Vec<String> = res
            .quantities
            .iter()
            .filter(|(kinds, value)| {
                !ev.quantities
                    .iter()
                    .any(|q| kinds.contains(&q.kind) && q.value == *value)
            })
            .map(|(kinds, value)| {
                format!(
                    "{}={value}",
                    kinds
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join("/")
                )
            })
            .collect();
        let expected = res
            .quantities
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={v}",
                    k.iter().map(|k| k.as_str()).collect::<Vec<_>>().join("/")
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let got = ev
            .quantities
            .iter()
            .map(|q| format!("{}={}", q.kind.as_str(), q.value))
            .collect::<Vec<_>>()
            .join(", ");
        push(
            "quantities",
            missing.is_empty(),
            expected,
            if missing.is_empty() {
                got
            } else {
                format!("{got} (missing {})", missing.join(", "))
            },
        );
    }
    if let Some(ts) = &item.acled_sub_event_types {
        let got = ev.acled.map(|a| a.sub_event_type.as_str());
        let ok = got.is_some_and(|g| ts.iter().any(|t| t.trim().eq_ignore_ascii_case(g.trim())));
        push(
            "acled_sub_event_types",
            ok,
            ts.join(" | "),
            got.unwrap_or("(none)").to_string(),
        );
    }
    out
}

/// Maximum-weight assignment of rows to distinct columns (Hungarian algorithm, O(n²m)).
/// Returns for each row the assigned column, or `None` (rows beyond the columns, or weight 0).
pub(super) fn max_weight_assignment(w: &[Vec<i64>]) -> Vec<Option<usize>> {
    let n = w.len();
    let m_real = w.iter().map(Vec::len).max().unwrap_or(0);
    if n == 0 || m_real == 0 {
        return vec![None; n];
    }
    let m = m_real.max(n);
    // Minimise cost = -weight; padded cells cost 0.
    let cost =
        |i: usize, j: usize| -> i64 { -w.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0) };
    const INF: i64 = i64::MAX / 4;
    let mut u = vec![0i64; n + 1];
    let mut v = vec![0i64; m + 1];
    let mut p = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0usize;
        let mut minv = vec![INF; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = INF;
            let mut j1 = 0usize;
            for j in 1..=m {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut out = vec![None; n];
    for (j, &i) in p.iter().enumerate().skip(1) {
        if i != 0
            && j <= m_real
            && w.get(i - 1)
                .and_then(|r| r.get(j - 1))
                .copied()
                .unwrap_or(0)
                > 0
        {
            out[i - 1] = Some(j - 1);
        }
    }
    out
}
