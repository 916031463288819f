//! Attribution: reporting cues ("said", "according to", ", saying"), their speakers and the
//! scope of the events they claim; allegation verbs and speakers' demands.

use super::*;

/// Reporting cues of a sentence: (token range of the cue, speaker mention index, scope).
pub(super) struct Report {
    pub(super) a: usize,
    pub(super) b: usize,
    pub(super) speaker: Option<usize>,
    /// Events in `[scope_a, scope_b)` are claimed by the speaker.
    pub(super) scope_a: usize,
    pub(super) scope_b: usize,
    pub(super) text: String,
}

pub(super) fn find_reports(lex: &Lexicon, sa: &SentA, hits: &[Hit]) -> Vec<Report> {
    let n = sa.toks.len();
    let mut out = Vec::new();
    let words: Vec<&str> = sa.words.iter().map(String::as_str).collect();
    let mut i = 0;
    while i < n {
        if words[i] == "according" && words.get(i + 1) == Some(&"to") {
            // Speaker: first mention starting within 4 tokens.
            let sp = sa.actors.iter().position(|m| m.a >= i + 2 && m.a <= i + 5);
            let end = sp.map(|k| sa.actors[k].b).unwrap_or_else(|| {
                (i + 2..n)
                    .find(|&j| sa.toks[j].kind == TokenKind::Punct)
                    .unwrap_or(n)
            });
            let text = span_text(sa, i, end);
            out.push(Report {
                a: i,
                b: end,
                speaker: sp,
                scope_a: 0,
                scope_b: n,
                text,
            });
            i = end.max(i + 1);
            continue;
        }
        let Some((len, _)) = lex.report.match_at(&words, i) else {
            i += 1;
            continue;
        };
        if hits.iter().any(|h| h.a <= i && i < h.b) {
            i += len;
            continue;
        }
        // A word of a name is no reporting verb ("the United States", "Reports Without
        // Borders"): a cue inside an actor or place mention is skipped.
        if sa.actors.iter().any(|m| m.a <= i && i < m.b)
            || sa.places.iter().any(|p| p.0 <= i && i < p.1)
        {
            i += len;
            continue;
        }
        let prev = i.checked_sub(1).map(|j| words[j]).unwrap_or("");
        let after_comma = prev == "," || prev == "\"" || prev == "”";
        // "..., said the ministry" / "..., the ministry said"
        let right = sa.actors.iter().position(|m| {
            m.a == i + len || (m.a == i + len + 1 && sa.ws.determiners.contains(words[i + len]))
        });
        let left_adj = sa
            .actors
            .iter()
            .position(|m| m.b == i || (m.b + 1 == i && sa.ws.skippable.contains(words[m.b])));
        if words[i] == "saying" || words[i] == "adding" {
            // ", saying ...": the speaker is the subject of the sentence.
            let sp = subject_before(sa, i);
            out.push(Report {
                a: i,
                b: i + len,
                speaker: sp,
                scope_a: i + len,
                scope_b: n,
                text: words[i].to_string(),
            });
        } else if after_comma && right.is_some() {
            out.push(Report {
                a: i,
                b: i + len,
                speaker: right,
                scope_a: 0,
                scope_b: i,
                text: span_text(sa, i, sa.actors[right.unwrap_or(0)].b),
            });
        } else if let Some(l) = left_adj
            .filter(|&l| {
                let m = &sa.actors[l];
                let before = m.a.checked_sub(1).map(|j| words[j]).unwrap_or("");
                (before == "," || before == "\"" || before == "”") && i + len >= n.saturating_sub(2)
            })
            .or_else(|| {
                // "..., the territory's health ministry said." (the verb ends the sentence)
                let at_end = (i + len..n).all(|j| {
                    sa.toks[j].kind == TokenKind::Punct
                        || sa.dates.iter().any(|d| d.0 <= j && j < d.1)
                        || sa.places.iter().any(|p| p.0 <= j && j < p.1)
                        || matches!(
                            words[j],
                            "on" | "in"
                                | "a"
                                | "statement"
                                | "to"
                                | "reporters"
                                | "journalists"
                                | "late"
                                | "early"
                                | "earlier"
                                | "later"
                                | "monday"
                                | "tuesday"
                                | "wednesday"
                                | "thursday"
                                | "friday"
                                | "saturday"
                                | "sunday"
                                | "today"
                                | "yesterday"
                                | "tonight"
                        )
                });
                let comma_before = (0..i).rev().take(10).any(|j| words[j] == ",");
                if !at_end || !comma_before {
                    return None;
                }
                sa.actors
                    .iter()
                    .rposition(|m| m.b <= i && i - m.b <= 2 && m.a > 0)
            })
        {
            out.push(Report {
                a: i,
                b: i + len,
                speaker: Some(l),
                scope_a: 0,
                scope_b: sa.actors[l].a,
                text: words[i].to_string(),
            });
        } else {
            let sp = subject_before(sa, i);
            out.push(Report {
                a: i,
                b: i + len,
                speaker: sp,
                scope_a: i + len,
                scope_b: n,
                text: words[i].to_string(),
            });
        }
        i += len;
    }
    out
}

/// The noun phrase right before a reporting verb when the lexicon found no speaker: the
/// tokens of the verb's clause before it (1-6 words, determiners dropped).
pub(super) fn speaker_phrase(sa: &SentA, r: &Report) -> Option<(usize, usize)> {
    if r.a == 0 || r.text.starts_with("according") || r.text == "saying" || r.text == "adding" {
        return None;
    }
    let seg = sa.seg[r.a];
    let mut a = (0..r.a)
        .rev()
        .find(|&j| sa.seg[j] != seg)
        .map(|j| j + 1)
        .unwrap_or(0);
    while a < r.a && (sa.toks[a].kind == TokenKind::Punct || sa.ws.determiners.contains(sa.w(a))) {
        a += 1;
    }
    let len = r.a.saturating_sub(a);
    if len == 0 || len > 6 {
        return None;
    }
    if matches!(
        sa.w(a),
        "as" | "when"
            | "while"
            | "if"
            | "after"
            | "before"
            | "because"
            | "although"
            | "but"
            | "and"
            | "so"
            | "since"
            | "where"
    ) {
        return None;
    }
    let ok = (a..r.a).all(|j| {
        sa.toks[j].kind == TokenKind::Word
            && !matches!(
                sa.w(j),
                "it" | "he" | "she" | "they" | "we" | "i" | "who" | "which" | "that"
            )
    });
    ok.then_some((a, r.a))
}

/// Sets the source and attribution of the sentence's candidates from its reporting cues;
/// a speaker's demand ("X said Y must ...") becomes a REQUEST by the speaker; allegations
/// attribute their complement to the claimant.
pub(super) fn attribute(cx: &Sent, cands: &mut [Cand]) {
    let (sa, words) = (cx.sa, &cx.words);
    // Attribution.
    for r in &cx.reports {
        let speaker = r.speaker.map(|si| &sa.actors[si]);
        for cand in cands.iter_mut() {
            if cand.t_a >= r.scope_a && cand.t_a < r.scope_b && cand.t_a != r.a {
                if let Some(m) = speaker {
                    // "both sides reported clashes": the sides already resolved for this event.
                    let same_mention = cand.actors.iter().find(|x| x.0 == m.a && x.1 == m.b);
                    let e = match same_mention {
                        Some(x) if m.kind == MentionKind::Pronoun => Some(x.2.clone()),
                        _ => m.entities().into_iter().next(),
                    };
                    cand.source = e;
                    cand.source_range = Some((m.a.min(r.a), m.b.max(r.b)));
                    // "According to an army spokesperson, militants gained control": the
                    // speaker is not one more side of the event it reports.
                    if cand.actors.len() > 1 && m.kind != MentionKind::Pronoun {
                        cand.actors.retain(|x| !(x.0 == m.a && x.1 == m.b));
                    }
                    // "X announced its withdrawal": a self-report with no other subject.
                    if cand.actors.is_empty()
                        && cand.t_a > r.b
                        && !matches!(cand.event_type, EventType::Assault)
                    {
                        let nothing_between =
                            !sa.actors.iter().any(|o| o.a >= r.b && o.b <= cand.t_a);
                        if nothing_between {
                            cand.actors = m.entities().into_iter().map(|e| (m.a, m.b, e)).collect();
                        }
                    }
                } else if let Some((a, b)) = speaker_phrase(sa, r) {
                    // A speaker the lexicon does not know: "Witnesses said", "a security source
                    // said", "..., camp officials said."
                    let span = Span::new(sa.toks[a].span.start, sa.toks[b - 1].span.end);
                    if let Some(text) = span.slice(&cx.doc.text) {
                        cand.source = Some(Entity {
                            text: text.to_string(),
                            name: text.to_string(),
                            country: None,
                            sector: Vec::new(),
                            span: Some(span),
                        });
                    }
                    cand.source_range = Some((a.min(r.a), b.max(r.b)));
                } else {
                    cand.source_range = Some((r.a, r.b));
                }
                cand.attribution = Some(r.text.clone());
            }
        }
    }
    // "X said Y must ...": a demand by the speaker on Y ("must have" is a guess, not one).
    for cand in cands.iter_mut() {
        if !cx.lex.triggers[cand.trigger].flags.speaker_demand {
            continue;
        }
        let epistemic = words.get(cand.t_b).is_some_and(|w| *w == "have");
        // The one obliged must be a named party, not "we", "you" or the speaker itself.
        let obliged_named = !cand.actors.is_empty()
            && cand.actors.iter().all(|x| {
                !matches!(
                    x.2.text.to_ascii_lowercase().as_str(),
                    "we" | "you" | "i" | "us" | "one"
                ) && cand
                    .source
                    .as_ref()
                    .is_none_or(|s| entity_key(s) != entity_key(&x.2))
            });
        match (&cand.source, cand.source_range) {
            (Some(src), Some((a, b))) if !epistemic && obliged_named && src.span.is_some() => {
                cand.recipients = std::mem::take(&mut cand.actors);
                cand.actors = vec![(a, b, src.clone())];
            }
            _ => cand.dropped = true,
        }
    }
    // Allegations attribute their complement to the claimant.
    let claims: Vec<(usize, Vec<Arg>)> = cands
        .iter()
        .filter(|c| cx.lex.triggers[c.trigger].flags.claim)
        .map(|c| (c.t_b, c.actors.clone()))
        .collect();
    for (after, actors) in claims {
        if let Some((a, b, e)) = actors.first() {
            for cand in cands.iter_mut().filter(|c| c.t_a >= after) {
                cand.source = Some(e.clone());
                cand.source_range = Some((*a, *b));
                cand.attribution = Some("claimed".into());
            }
        }
    }
}
