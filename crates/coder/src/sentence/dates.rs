//! Dates: the date expression of each trigger's own clause, else the nearest one of the
//! sentence that is not inside another clause's relative clause; no date is carried over from
//! other sentences, nor from a relative clause of another noun. A date that ended more than
//! two months before publication, or a span up to publication that began then ("since ...",
//! "in the past 15 months"), marks the event historical.

use super::*;
use chrono::NaiveDate;
use sitrep_syntax::Rel;

pub(super) fn attach_dates(cx: &Sent, cands: &mut [Cand], st: &mut DocState) {
    let (doc, sa, syn) = (cx.doc, cx.sa, &cx.syn);
    let mut own_current = false;
    let words: Vec<&str> = sa.words.iter().map(String::as_str).collect();
    let dateline_end = dateline_end(&doc.text);
    for cand in cands.iter_mut() {
        // The trigger's clause, and the clause of each date expression.
        let own = syn
            .head_of(cand.t_a, cand.t_b)
            .map(|w| syn.event_predicate(sa.ws, w));
        let mut bestd: Option<(usize, &DateMention)> = None;
        for (a, b, d) in &sa.dates {
            // "delayed the tariffs until April 2": a deadline, not the event's date.
            let first = d
                .span
                .slice(&doc.text)
                .and_then(|t| t.split_whitespace().next())
                .unwrap_or("")
                .to_lowercase();
            let before = a.checked_sub(1).map_or("", |j| sa.w(j));
            if sa.ws.deadline_preps.contains(&first) || sa.ws.deadline_preps.contains(before) {
                continue;
            }
            let dpred = syn.head_of(*a, *b).and_then(|w| syn.p.predicate(w));
            let same_clause = own.is_some() && dpred.is_some_and(|p| Some(p) == own);
            // A date inside a relative clause of another noun ("deaths that have occurred in
            // recent years") dates that clause, not the event.
            let trigger_word = syn.head_of(cand.t_a, cand.t_b);
            let inside = |p: usize| {
                let mut w = trigger_word;
                for _ in 0..32 {
                    match w {
                        Some(x) if x == p => return true,
                        Some(x) => w = syn.p.head(x),
                        None => return false,
                    }
                }
                false
            };
            if !same_clause
                && dpred.is_some_and(|p| {
                    syn.rel(p) == Rel::AclRelcl
                        && syn.p.head(p) != trigger_word
                        && !inside(p)
                        && relative_word_before(sa.ws, syn, p)
                })
            {
                continue;
            }
            // A date inside a relative clause ("who seized power in 2021") dates that clause.
            let seg = sa.seg[*a];
            let seg_first = (0..sa.toks.len())
                .find(|&j| sa.seg[j] == seg && sa.toks[j].kind == TokenKind::Word)
                .unwrap_or(*a);
            if matches!(sa.w(seg_first), "who" | "which" | "whose") && seg != sa.seg[cand.t_a] {
                continue;
            }
            let mut dist = if *a >= cand.t_b {
                a - cand.t_b
            } else {
                cand.t_a - a.min(&cand.t_a)
            };
            if !same_clause {
                dist += 1000;
                // "killed on Friday, officials said on Saturday": a date of a reporting verb
                // dates the statement; any other date of the sentence dates the event.
                if dpred.is_some_and(|p| cx.lex.report.match_at(&words, syn.tok(p)).is_some()) {
                    dist += 1000;
                }
            }
            // A dateline's date ("GOMA, Jan 20 (Reuters) -") dates the filing: any other
            // date of the sentence dates the event.
            if dateline_end.is_some_and(|e| d.span.end <= e) {
                dist += 3000;
            }
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
            let since = date.as_ref().is_some_and(|d| {
                d.text
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| w.eq_ignore_ascii_case("since"))
            });
            // A span up to publication ("since 2009", "in the past 15 months", "in recent
            // years") is a running total: background when it began long before.
            let to_now = since || (dm.relative && dm.end == Some(pubd));
            let end = if to_now {
                dm.value
            } else {
                dm.end.or(dm.value)
            };
            if end.is_some_and(|v| is_historical(v, pubd)) {
                cand.historical = true;
            }
        }
        // A sentence that gives no date continues the news of the last dated current event
        // (never a background date, and a carried date never makes an event historical).
        let carried = date.is_none();
        cand.date = date.or_else(|| st.par_date.clone());
        if !carried && !cand.historical && cand.date.is_some() {
            st.par_date = cand.date.clone();
            own_current = true;
        }
    }
    // A sentence whose events give no current date of their own may still date what it
    // reports ("took over the train ... on Tuesday" with no event coded): its one current date
    // that does not date a reporting verb ("officials said Friday") carries on.
    if !own_current {
        // Without a reporting verb in the sentence no date dates one (and no parse is needed).
        let reports = (0..words.len()).any(|k| cx.lex.report.match_at(&words, k).is_some());
        carry_current_date(doc, sa, st, |a, b| {
            reports
                && syn
                    .head_of(a, b)
                    .and_then(|w| syn.p.predicate(w))
                    .is_some_and(|p| cx.lex.report.match_at(&words, syn.tok(p)).is_some())
        });
    }
}

/// The sentence's one current date, unless `reporting(a, b)` says the date at tokens `a..b`
/// dates a reporting verb ("officials said Friday"), becomes the paragraph's date.
fn carry_current_date(
    doc: &Document,
    sa: &SentA,
    st: &mut DocState,
    reporting: impl Fn(usize, usize) -> bool,
) {
    let Some(pubd) = doc.published else {
        return;
    };
    let current: Vec<&DateMention> = sa
        .dates
        .iter()
        .filter(|(a, b, d)| {
            // `reporting` may need the parse: asked last.
            d.value.is_some()
                && !d.end.or(d.value).is_some_and(|v| is_historical(v, pubd))
                && d.value.is_some_and(|v| v <= pubd)
                && !reporting(*a, *b)
        })
        .map(|(_, _, d)| d)
        .collect();
    if let [d] = current.as_slice() {
        st.par_date = Some(EventDate {
            text: d.span.slice(&doc.text).unwrap_or_default().to_string(),
            value: d.value.map(|v| v.format("%Y-%m-%d").to_string()),
            end: d.end.map(|v| v.format("%Y-%m-%d").to_string()),
            precision: d.precision,
            span: Some(d.span),
        });
    }
}

/// Days before publication after which a happening is background rather than news.
const HISTORICAL_DAYS: i64 = 60;

/// Whether a date that ended on `v` is background for a story published on `published`.
pub(super) fn is_historical(v: NaiveDate, published: NaiveDate) -> bool {
    (published - v).num_days() > HISTORICAL_DAYS
}

/// Whether a relative pronoun or "that" opens the relative clause of predicate `p` (between
/// the noun it modifies and `p`): a guard against misparsed relative clauses.
fn relative_word_before(ws: &Words, syn: &Syn, p: usize) -> bool {
    let Some(h) = syn.p.head(p).filter(|&h| h < p) else {
        return false;
    };
    (h + 1..p).any(|w| {
        ws.relative_openers
            .contains(&syn.p.words[w].form.to_lowercase())
    })
}

/// A sentence with no trigger still dates and places what it reports for the paragraph's next
/// events: its one current date not right after a reporting verb ("said Friday"), and its most
/// precise town or district.
pub(super) fn carry_from_eventless(lex: &Lexicon, doc: &Document, sa: &SentA, st: &mut DocState) {
    // Without a parse (no trigger, so none is made): a reporting verb right before the date.
    let words: Vec<&str> = sa.words.iter().map(String::as_str).collect();
    carry_current_date(doc, sa, st, |a, _| {
        (a.saturating_sub(2)..a).any(|k| {
            lex.report
                .match_at(&words, k)
                .is_some_and(|(len, _)| k + len >= a.saturating_sub(1))
        })
    });
    carry_place(lex, doc, sa, st);
}
