//! Dates: the date expression nearest each trigger (not one inside another clause's relative
//! clause), else the paragraph's last date; dates more than a year before publication mark the
//! event historical.

use super::*;
use chrono::NaiveDate;

pub(super) fn attach_dates(doc: &Document, sa: &SentA, cands: &mut [Cand], st: &mut DocState) {
    for cand in cands.iter_mut() {
        // Dates: the nearest date expression in the sentence, else the paragraph's.
        let mut bestd: Option<(usize, &DateMention)> = None;
        for (a, _b, d) in &sa.dates {
            // A date inside a relative clause ("who seized power in 2021") dates that clause.
            let seg = sa.seg[*a];
            let seg_first = (0..sa.toks.len())
                .find(|&j| sa.seg[j] == seg && sa.toks[j].kind == TokenKind::Word)
                .unwrap_or(*a);
            if matches!(sa.w(seg_first), "who" | "which" | "whose") && seg != sa.seg[cand.t_a] {
                continue;
            }
            let dist = if *a >= cand.t_b {
                a - cand.t_b
            } else {
                cand.t_a - a.min(&cand.t_a)
            };
            if bestd.as_ref().is_none_or(|(bd, _)| dist < *bd) {
                bestd = Some((dist, d));
            }
        }
        let date = bestd.map(|(_, d)| EventDate {
            text: d.span.slice(&doc.text).unwrap_or_default().to_string(),
            value: d.value.map(|v| v.format("%Y-%m-%d").to_string()),
            end: d.end.map(|v| v.format("%Y-%m-%d").to_string()),
            precision: d.precision,
            span: Some(d.span),
        });
        if let (Some(dm), Some(pubd)) = (bestd.map(|b| b.1), doc.published) {
            if let Some(v) = dm.end.or(dm.value) {
                if is_historical(v, pubd) {
                    cand.historical = true;
                }
            }
        }
        cand.date = date.or_else(|| st.par_date.clone());
    }
    if let Some(d) = cands.iter().filter_map(|c| c.date.clone()).next_back() {
        st.par_date = Some(d);
    }
}

pub(super) fn is_historical(v: NaiveDate, published: NaiveDate) -> bool {
    (published - v).num_days() > 366
}
