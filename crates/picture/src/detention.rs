//! Detention arithmetic of a site: escapes of one break told by several events (the same day,
//! different sources) are one count whose figures may dispute; separate breaks add up;
//! recaptures are cumulative totals (the largest reported total counts, never a sum of
//! totals).

use crate::figures::{summarize, Figure, FigureSummary};
use crate::sites::Count;
use chrono::NaiveDate;
use sitrep_model::QuantityKind;

/// Escape events within this many days of each other at one site are one break.
pub const SAME_BREAK_DAYS: i64 = 2;

/// One event's figure at a site: (its date, the event id, the figures).
pub type Item<'a> = (Option<NaiveDate>, &'a str, &'a FigureSummary);

/// Groups escape figures into breaks: events dated within [`SAME_BREAK_DAYS`] of the break's
/// first event (undated events join the first break) are one break, summarised over all of
/// their figures as escapes. Returns each break's event ids and summary, oldest first.
pub fn breaks(items: &[Item]) -> Vec<(Vec<String>, FigureSummary)> {
    let mut sorted: Vec<&Item> = items.iter().collect();
    sorted.sort_by_key(|(d, id, _)| (d.is_none(), *d, *id));
    let mut groups: Vec<(Option<NaiveDate>, Vec<String>, Vec<Figure>)> = Vec::new();
    for (d, id, f) in sorted {
        let at = groups.iter().position(|(g, _, _)| match (g, d) {
            (Some(g), Some(d)) => (*d - *g).num_days().abs() <= SAME_BREAK_DAYS,
            _ => true,
        });
        let at = match at {
            Some(i) => i,
            None => {
                groups.push((*d, Vec::new(), Vec::new()));
                groups.len() - 1
            }
        };
        let g = &mut groups[at];
        if g.0.is_none() {
            g.0 = *d;
        }
        if !g.1.iter().any(|e| e == id) {
            g.1.push(id.to_string());
        }
        for fig in &f.figures {
            let mut fig = fig.clone();
            fig.kind = QuantityKind::Escaped;
            let dup = g
                .2
                .iter()
                .any(|x| x.value == fig.value && x.doc_id == fig.doc_id && x.source == fig.source);
            if !dup {
                g.2.push(fig);
            }
        }
    }
    groups
        .into_iter()
        .filter_map(|(_, ids, figs)| summarize(QuantityKind::Escaped, &figs).map(|s| (ids, s)))
        .collect()
}

/// All figures of the items as one count of `kind` (every report of one ongoing movement,
/// such as a displacement: a later total updates, same-day figures dispute); `None` without
/// figures. Returns the event ids and the summary.
pub fn union(items: &[Item], kind: QuantityKind) -> Option<(Vec<String>, FigureSummary)> {
    let mut ids: Vec<String> = Vec::new();
    let mut figs: Vec<Figure> = Vec::new();
    for (_, id, f) in items {
        if !ids.iter().any(|e| e == id) {
            ids.push(id.to_string());
        }
        for fig in &f.figures {
            let mut fig = fig.clone();
            fig.kind = kind;
            if !figs
                .iter()
                .any(|x| x.value == fig.value && x.doc_id == fig.doc_id && x.source == fig.source)
            {
                figs.push(fig);
            }
        }
    }
    summarize(kind, &figs).map(|s| (ids, s))
}

/// Escapes told by a report of recaptures after an earlier break at the site ("23 more
/// inmates who escaped have been rearrested") are that break's escapees being counted, not a
/// new break. Given each escape's (date, documents) and the documents that report recaptures
/// at the site, returns for each escape whether it is such a mention: dated more than
/// [`SAME_BREAK_DAYS`] after the site's first escape and told only by recapture reports.
pub fn rearrest_mentions(
    escapes: &[(Option<NaiveDate>, &[String])],
    arrest_docs: &[&str],
) -> Vec<bool> {
    let first = escapes.iter().filter_map(|(d, _)| *d).min();
    escapes
        .iter()
        .map(|(d, docs)| {
            let later = match (first, d) {
                (Some(f), Some(d)) => (*d - f).num_days() > SAME_BREAK_DAYS,
                _ => false,
            };
            later && !docs.is_empty() && docs.iter().all(|doc| arrest_docs.contains(&doc.as_str()))
        })
        .collect()
}

/// The recapture total: reported totals are cumulative, so the largest one counts (the
/// index of its item), not their sum.
pub fn recapture_total(items: &[Item]) -> Option<usize> {
    items
        .iter()
        .enumerate()
        .max_by(|(_, a), (_, b)| a.2.best.cmp(&b.2.best).then_with(|| b.0.cmp(&a.0)))
        .map(|(i, _)| i)
}

/// At large = escaped - recaptured (never negative; the range from the opposite ends), with
/// the sources and events of both.
pub(crate) fn at_large(e: &Count, recaptured: Option<&Count>) -> Count {
    let (rv, rl, rh) = recaptured
        .map(|r| (r.value, r.low, r.high))
        .unwrap_or((0, 0, 0));
    let mut sources = e.sources.clone();
    let mut evs = e.events.clone();
    if let Some(r) = recaptured {
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
        approximate: e.approximate || recaptured.is_some_and(|r| r.approximate),
        disputed: e.disputed || recaptured.is_some_and(|r| r.disputed),
        text: None,
        sources,
        events: evs,
        source_count: 0,
        event_count: 0,
    }
    .cap()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(v: u64, doc: &str, src: &str) -> FigureSummary {
        let f = Figure {
            kind: QuantityKind::Escaped,
            value: v,
            approximate: false,
            min: None,
            max: None,
            text: v.to_string(),
            claim_id: format!("{doc}-{v}"),
            doc_id: doc.into(),
            source: Some(src.into()),
            outlet: None,
            published: None,
        };
        summarize(QuantityKind::Escaped, &[f]).unwrap_or_else(|| unreachable!())
    }

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2024, 9, d)
    }

    #[test]
    fn two_events_of_one_break_dispute_instead_of_adding_up() {
        let (a, b) = (sum(30, "afp", "government"), sum(120, "afp", "separatists"));
        let got = breaks(&[(day(11), "e1", &a), (day(11), "e2", &b)]);
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].1.best, got[0].1.high), (30, 120));
        assert!(got[0].1.disputed);
        // A break two months later is another break.
        let c = sum(12, "x", "police");
        let got = breaks(&[
            (day(11), "e1", &a),
            (NaiveDate::from_ymd_opt(2024, 11, 20), "e3", &c),
        ]);
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn escapees_in_a_later_recapture_report_are_no_new_break() {
        let (first, later) = (vec!["a".to_string()], vec!["b".to_string()]);
        let escapes = [(day(5), first.as_slice()), (day(21), later.as_slice())];
        // "b" reports recaptures: its escape is the earlier break's escapees.
        assert_eq!(rearrest_mentions(&escapes, &["b"]), vec![false, true]);
        // Without a recapture report it is another break.
        assert_eq!(rearrest_mentions(&escapes, &[]), vec![false, false]);
        // Told within the break's days it is the break itself.
        let same = [(day(5), first.as_slice()), (day(6), later.as_slice())];
        assert_eq!(rearrest_mentions(&same, &["b"]), vec![false, false]);
    }

    #[test]
    fn recaptures_are_cumulative() {
        let (a, b) = (sum(212, "a", "service"), sum(235, "b", "minister"));
        assert_eq!(
            recapture_total(&[(day(11), "e1", &a), (day(21), "e2", &b)]),
            Some(1)
        );
        assert_eq!(recapture_total(&[]), None);
    }
}
