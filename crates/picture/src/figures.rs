//! Figures per quantity kind: every source's number, a low/best/high summary, disputes.

use crate::Claim;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sitrep_model::QuantityKind;

/// One number from one claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub kind: QuantityKind,
    pub value: u64,
    pub approximate: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u64>,
    /// Verbatim ("tens of thousands").
    pub text: String,
    pub claim_id: String,
    pub doc_id: String,
    /// Who says so in the text ("Syria: Ministry of Interior"), when named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The outlet that published the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// When the document was published: a later report's figure updates earlier ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
}

impl Figure {
    /// The range the figure stands for.
    pub fn range(&self) -> (u64, u64) {
        let lo = self.min.unwrap_or(self.value).min(self.value);
        let hi = self.max.unwrap_or(self.value).max(self.value);
        (lo, hi)
    }

    /// "Syria: Ministry of Interior via VOA", "VOA", or the document id.
    pub fn attribution(&self) -> String {
        match (&self.source, &self.outlet) {
            (Some(s), Some(o)) => format!("{s} (via {o})"),
            (Some(s), None) => s.clone(),
            (None, Some(o)) => o.clone(),
            (None, None) => self.doc_id.clone(),
        }
    }
}

/// All figures of one kind for one happening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureSummary {
    pub kind: QuantityKind,
    pub low: u64,
    /// The most conservative well-sourced figure: the lowest figure from a named source, or
    /// the lowest overall when no figure names its source.
    pub best: u64,
    pub high: u64,
    /// Whether `best` is an approximate figure ("dozens").
    pub approximate: bool,
    /// Sources give figures that cannot all be true (non-overlapping ranges).
    pub disputed: bool,
    pub figures: Vec<Figure>,
}

/// Collects the figures of the claims, grouped by kind in kind order.
pub fn figures_of(claims: &[Claim]) -> Vec<Figure> {
    let mut out = Vec::new();
    for c in claims {
        for q in &c.event.quantities {
            let f = Figure {
                kind: q.kind,
                value: q.value,
                approximate: q.approximate,
                min: q.min,
                max: q.max,
                text: q.text.clone(),
                claim_id: c.id.clone(),
                doc_id: c.doc.id.clone(),
                source: c.attributed_source().map(|s| s.to_string()),
                outlet: c.doc.source.clone(),
                published: c.doc.published,
            };
            // The same number twice from one document (two sentences) counts once.
            if !out.iter().any(|g: &Figure| {
                g.kind == f.kind
                    && g.value == f.value
                    && g.doc_id == f.doc_id
                    && g.source == f.source
            }) {
                out.push(f);
            }
        }
    }
    out
}

/// Summarises figures of one kind; `None` when there are none.
///
/// Figures reported on different days are an update, not a dispute: the figures of the latest
/// publication date (and undated ones) give `low`, `best`, `high` and `disputed`; `figures`
/// keeps every figure, the history included. Only figures of the same report date can dispute.
pub fn summarize(kind: QuantityKind, figures: &[Figure]) -> Option<FigureSummary> {
    let mut of_kind: Vec<Figure> = figures.iter().filter(|f| f.kind == kind).cloned().collect();
    if of_kind.is_empty() {
        return None;
    }
    of_kind.sort_by(|a, b| {
        a.value
            .cmp(&b.value)
            .then_with(|| a.doc_id.cmp(&b.doc_id))
            .then_with(|| a.claim_id.cmp(&b.claim_id))
    });
    let latest = of_kind.iter().filter_map(|f| f.published).max();
    let current: Vec<&Figure> = of_kind
        .iter()
        .filter(|f| f.published.is_none() || f.published == latest)
        .collect();
    let low = current.iter().map(|f| f.range().0).min().unwrap_or(0);
    let high = current.iter().map(|f| f.range().1).max().unwrap_or(0);
    let best_fig = current
        .iter()
        .find(|f| f.source.is_some())
        .or_else(|| current.first());
    let (best, approximate) = best_fig
        .map(|f| (f.value, f.approximate))
        .unwrap_or((0, false));
    let disputed = current.iter().enumerate().any(|(i, a)| {
        current.iter().skip(i + 1).any(|b| {
            let (alo, ahi) = a.range();
            let (blo, bhi) = b.range();
            ahi < blo || bhi < alo
        })
    });
    Some(FigureSummary {
        kind,
        low,
        best,
        high,
        approximate,
        disputed,
        figures: of_kind,
    })
}

/// One summary per kind present, in kind order.
pub fn summaries(claims: &[Claim]) -> Vec<FigureSummary> {
    let figs = figures_of(claims);
    let mut kinds: Vec<QuantityKind> = figs.iter().map(|f| f.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
        .into_iter()
        .filter_map(|k| summarize(k, &figs))
        .collect()
}

/// Thousands separators: 1500 -> "1,500".
pub fn fmt_count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(v: u64, src: Option<&str>, doc: &str) -> Figure {
        Figure {
            kind: QuantityKind::Escaped,
            value: v,
            approximate: false,
            min: None,
            max: None,
            text: v.to_string(),
            claim_id: format!("c-{doc}-{v}"),
            doc_id: doc.into(),
            source: src.map(|s| s.to_string()),
            outlet: None,
            published: None,
        }
    }

    #[test]
    fn a_later_total_is_an_update_not_a_dispute() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2025, 7, d);
        let mut a = fig(396, Some("Correctional Service"), "a");
        a.published = day(9);
        let mut b = fig(443, Some("prison official"), "b");
        b.published = day(9);
        let mut c = fig(468, Some("Correctional Service"), "c");
        c.published = day(11);
        let s = summarize(QuantityKind::Escaped, &[a.clone(), b.clone(), c]).unwrap();
        assert_eq!((s.low, s.best, s.high), (468, 468, 468));
        assert!(!s.disputed);
        assert_eq!(s.figures.len(), 3, "the history is kept");
        // The same day, two sources: a dispute.
        let s = summarize(QuantityKind::Escaped, &[a, b]).unwrap();
        assert!(s.disputed);
        assert_eq!(s.best, 396);
    }

    #[test]
    fn best_is_lowest_attributed() {
        let figs = vec![
            fig(1500, Some("Kurdish outlet"), "b"),
            fig(120, Some("Ministry"), "a"),
            fig(90, None, "c"),
        ];
        let s = summarize(QuantityKind::Escaped, &figs).unwrap();
        assert_eq!((s.low, s.best, s.high), (90, 120, 1500));
        assert!(s.disputed);
        assert_eq!(s.figures.len(), 3);
        let s2 = summarize(
            QuantityKind::Escaped,
            &[fig(90, None, "c"), fig(200, None, "d")],
        )
        .unwrap();
        assert_eq!(s2.best, 90);
        let same = summarize(
            QuantityKind::Escaped,
            &[fig(120, None, "c"), fig(120, Some("x"), "d")],
        )
        .unwrap();
        assert!(!same.disputed);
        assert!(summarize(QuantityKind::Killed, &figs).is_none());
    }

    #[test]
    fn approximate_ranges_do_not_dispute_when_overlapping() {
        let mut a = fig(10000, None, "a");
        a.approximate = true;
        a.min = Some(10000);
        a.max = Some(99999);
        let b = fig(50000, None, "b");
        let s = summarize(QuantityKind::Escaped, &[a, b]).unwrap();
        assert!(!s.disputed);
        assert_eq!(s.high, 99999);
    }

    #[test]
    fn counts_format() {
        assert_eq!(fmt_count(0), "0");
        assert_eq!(fmt_count(999), "999");
        assert_eq!(fmt_count(1500), "1,500");
        assert_eq!(fmt_count(1234567), "1,234,567");
    }
}
