//! Quantities: each number of the sentence takes a kind (killed, arrested, escaped, ...) from a
//! neighbouring cue or trigger and goes to the nearest candidate event of a compatible type.

use super::*;

pub(super) fn kind_compatible(kind: QuantityKind, et: EventType, mode: Option<&str>) -> bool {
    match kind {
        QuantityKind::Killed | QuantityKind::Injured => et == EventType::Assault,
        QuantityKind::Arrested => et == EventType::Coerce,
        QuantityKind::Abducted => et == EventType::Assault && mode == Some("abduct"),
        QuantityKind::Escaped => et == EventType::Escape,
        QuantityKind::Released => et == EventType::Retreat || et == EventType::Agree,
        QuantityKind::Rescued => et == EventType::Aid,
        QuantityKind::Displaced => true,
        QuantityKind::Size => true,
    }
}

/// The index of the candidate that is not dropped, passes `keep` and has its trigger nearest
/// to the number at tokens `[a, b)` (a trigger after the number wins a tie).
fn nearest_cand(cands: &[Cand], a: usize, b: usize, keep: impl Fn(&Cand) -> bool) -> Option<usize> {
    cands
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.dropped && keep(c))
        .min_by_key(|(_, c)| {
            if c.t_a >= b {
                c.t_a - b
            } else {
                a - c.t_b.min(a) + 1
            }
        })
        .map(|(i, _)| i)
}

pub(super) fn attach_quantities(lex: &Lexicon, sa: &SentA, cands: &mut [Cand]) {
    if cands.is_empty() {
        return;
    }
    let words: Vec<&str> = sa.words.iter().map(String::as_str).collect();
    let n = words.len();
    let pairs = coordinated_counts(lex, sa, cands, &words);
    for (i, (a, b, num)) in sa.numbers.iter().enumerate() {
        // The first count of a coordination is taken with the second.
        if pairs.iter().any(|&(f, _)| f == i) {
            continue;
        }
        let first = pairs
            .iter()
            .find(|&&(_, s)| s == i)
            .map(|&(f, _)| &sa.numbers[f]);
        // Numbers inside actor names ("M23") never reach here; skip those inside mentions
        // that are not headed by the number ("the 5th Corps").
        // "256 remain at large": people still free are no event's figure (the picture
        // computes who is at large from the escapes and recaptures).
        let clause_end = (*b..(*b + 6).min(n))
            .find(|&j| matches!(words[j], "," | ";" | "."))
            .unwrap_or((*b + 6).min(n));
        if super::cues::holds(&sa.ws.at_large_cues, &words[*b..clause_end]) {
            continue;
        }
        let kind = first
            .and_then(|(fa, fb, _)| number_kind(lex, sa, cands, &words, *fa, *fb))
            .filter(|k| *k != QuantityKind::Size)
            .or_else(|| number_kind(lex, sa, cands, &words, *a, *b));
        let Some(mut kind) = kind else { continue };
        // "seven soldiers and five passengers were killed": one toll of twelve.
        let first = first.filter(|_| kind != QuantityKind::Size);
        let (value, approximate, min, max, span) = match first {
            Some((_, _, f)) => (
                f.value.saturating_add(num.value),
                f.approximate || num.approximate,
                None,
                None,
                Span::new(f.span.start, num.span.end),
            ),
            None => (num.value, num.approximate, num.min, num.max, num.span),
        };
        // "4,000 residents fled": fleeing is escaping custody only for an ESCAPE event.
        if kind == QuantityKind::Escaped
            && !cands.iter().any(|c| c.event_type == EventType::Escape)
            && cands.iter().any(|c| c.event_type == EventType::Displace)
        {
            kind = QuantityKind::Displaced;
        }
        let target = nearest_cand(cands, *a, *b, |c| {
            kind_compatible(kind, c.event_type, c.mode.as_deref())
        });
        let Some(ti) = target else { continue };
        if cands[ti].quantities.iter().any(|q| q.kind == kind) {
            continue;
        }
        // `text` is filled from the span when the event is built.
        cands[ti].quantities.push(Quantity {
            kind,
            value,
            approximate,
            min,
            max,
            text: String::new(),
            span: Some(span),
        });
    }
}

/// "All of them have been recaptured", "police rearrested all the escapees": a recapture
/// (COERCE/arrest) with no figure whose recaptured are "all" (a [`Words::totality_words`]
/// word as the subject group of the passive verb, or right after the active verb) counts
/// everyone who escaped: the escaped figure of the sentence's own escape, else of the
/// document's latest one (`escaped`). The coder resolves this anaphora, as it does the
/// prison named before; a later report's "all" with no escape figure in it stays without one.
pub(super) fn recapture_of_all(
    lex: &Lexicon,
    sa: &SentA,
    cands: &mut [Cand],
    escaped: Option<&Quantity>,
) {
    let words: Vec<&str> = sa.words.iter().map(String::as_str).collect();
    let own = cands
        .iter()
        .filter(|c| !c.dropped && c.event_type == EventType::Escape)
        .find_map(|c| {
            c.quantities
                .iter()
                .find(|q| q.kind == QuantityKind::Escaped)
        })
        .cloned();
    let Some(total) = own.as_ref().or(escaped) else {
        return;
    };
    for c in cands.iter_mut() {
        if c.dropped
            || c.event_type != EventType::Coerce
            || c.mode.as_deref() != Some("arrest")
            || c.quantities
                .iter()
                .any(|q| q.kind == QuantityKind::Arrested)
        {
            continue;
        }
        let Some(j) = all_of_the_recaptured(lex, sa, &words, c.t_a, c.t_b) else {
            continue;
        };
        c.quantities.push(Quantity {
            kind: QuantityKind::Arrested,
            text: String::new(),
            span: Some(sa.toks[j].span),
            ..total.clone()
        });
    }
}

/// The token of "all" that names who the arrest verb at `a..b` took: the head of its
/// subject group when the verb is passive ("All of the escapees have since been
/// recaptured": the words between hold no number, comma or other verb), or right after the
/// active verb ("rearrested all of them").
fn all_of_the_recaptured(
    lex: &Lexicon,
    sa: &SentA,
    words: &[&str],
    a: usize,
    b: usize,
) -> Option<usize> {
    let n = words.len();
    let all = |j: usize| sa.ws.totality_words.contains(words[j]);
    // The words of the group after "all" name the escapees or no one else: "all of them",
    // "all the inmates", "all the escapees", not "all the protesters".
    let escapees = |k: usize| {
        sa.ws.totality_fillers.contains(words[k])
            || sa.ws.escapee_words.contains(words[k])
            || has_cue(&lex.custody, sa, k, k + 1).is_some()
    };
    if let Some(j) = (b..(b + 2).min(n)).find(|&j| all(j)) {
        let end = (j + 1..(j + 5).min(n))
            .find(|&k| {
                matches!(words[k], "," | ";" | ":" | "." | "and")
                    || (sa.ws.preps.contains(words[k]) && words[k] != "of")
            })
            .unwrap_or((j + 5).min(n));
        return (j + 1..end).all(escapees).then_some(j);
    }
    let passive = (a.saturating_sub(4)..a).any(|j| sa.ws.be.contains(words[j]));
    if !passive {
        return None;
    }
    let j = (a.saturating_sub(8)..a).rev().find(|&j| all(j))?;
    let aux = (j + 1..a)
        .find(|&k| sa.ws.be.contains(words[k]) || sa.ws.perfect_aux.contains(words[k]))
        .unwrap_or(a);
    let clean = (j + 1..a).all(|k| {
        !matches!(words[k], "," | ";" | ":")
            && !sa.numbers.iter().any(|(na, nb, _)| *na <= k && k < *nb)
    });
    (clean && (j + 1..aux).all(escapees)).then_some(j)
}

/// Pairs of counts of one coordination (indexes into the sentence's numbers): "seven
/// soldiers and five passengers", the two separated by a short noun phrase (one to three
/// words, no verb, cue or trigger) and "and". Their figures add up.
fn coordinated_counts(
    lex: &Lexicon,
    sa: &SentA,
    cands: &[Cand],
    words: &[&str],
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in 1..sa.numbers.len() {
        let (_, fb, _) = sa.numbers[i - 1];
        let (sa2, _, _) = sa.numbers[i];
        if sa2 < fb + 2 || sa2 > fb + 4 || words[sa2 - 1] != "and" {
            continue;
        }
        let noun_phrase = (fb..sa2 - 1).all(|j| {
            sa.toks[j].kind == TokenKind::Word
                && words[j].chars().all(|c| c.is_alphabetic())
                && !sa.ws.be.contains(words[j])
                && !sa.ws.perfect_aux.contains(words[j])
                && lex
                    .qty
                    .match_at(words, j)
                    .is_none_or(|(_, v)| QuantityKind::parse(v) == Some(QuantityKind::Size))
                && !cands.iter().any(|c| c.t_a <= j && j < c.t_b)
        });
        if noun_phrase && !out.iter().any(|&(_, s)| s == i - 1) {
            out.push((i - 1, i));
        }
    }
    out
}

/// The first auxiliary after the partitive group that starts at the "of" at token `of`
/// ("35 of the 120 prisoners who escaped from the prison on Sunday were recaptured": "were"),
/// the verb group of the whole partitive. An auxiliary right after a relative pronoun, or
/// after one of those, is the relative clause's own ("who had been held"), not the group's.
fn partitive_end(sa: &SentA, words: &[&str], of: usize) -> Option<usize> {
    let aux = |w: &str| sa.ws.be.contains(w) || sa.ws.perfect_aux.contains(w);
    let mut in_relative = false;
    for (j, w) in words.iter().enumerate().take(of + 24).skip(of + 1) {
        if matches!(*w, "," | ";") {
            return None;
        }
        if sa.ws.relative_pronouns.contains(w) {
            in_relative = true;
            continue;
        }
        if aux(w) {
            if !in_relative {
                return Some(j);
            }
            continue;
        }
        in_relative = false;
    }
    None
}

/// Whether the number at token `a` is a death toll's new value: right after a toll verb
/// (and "to" or "at") whose clause has a toll noun before it ("the death toll from Monday's
/// bombing rose to 13").
fn toll_value(sa: &SentA, words: &[&str], a: usize) -> bool {
    let v = match a.checked_sub(1).map(|j| words[j]) {
        Some("to" | "at") => a.checked_sub(2),
        _ => a.checked_sub(1),
    };
    let Some(v) = v.filter(|&v| sa.ws.toll_verbs.contains(words[v])) else {
        return false;
    };
    (v.saturating_sub(15)..v)
        .rev()
        .take_while(|&j| !matches!(words[j], "," | ";" | "." | ":"))
        .any(|j| sa.ws.toll_nouns.contains(words[j]))
}

/// The quantity kind of the number at tokens `a..b`: from a verb cue right before it, an
/// event noun just before, a cue or trigger after it, else the nearest trigger's kind.
fn number_kind(
    lex: &Lexicon,
    sa: &SentA,
    cands: &[Cand],
    words: &[&str],
    a: usize,
    b: usize,
) -> Option<QuantityKind> {
    let n = words.len();
    if toll_value(sa, words, a) {
        return Some(QuantityKind::Killed);
    }
    let (a, b) = (&a, &b);
    let mut kind: Option<QuantityKind> = None;
    // Verb cue right before: "killing 12", "holds tens of thousands".
    for back in 1..=2 {
        if let Some(p) = a.checked_sub(back) {
            if let Some((_, v)) = lex.qty.match_at(words, p) {
                kind = QuantityKind::parse(v);
                break;
            }
            if matches!(words[p], "," | ";" | "and" | "or" | "but") {
                break;
            }
        }
    }
    // An event noun just before: "the arrest of another five people".
    if kind.is_none() {
        // Not across a coordination: "two were killed and nine wounded".
        kind = cands
            .iter()
            .filter(|c| c.t_b <= *a && a - c.t_b <= 3)
            .filter(|c| {
                !words[c.t_b..*a]
                    .iter()
                    .any(|w| matches!(*w, "and" | "," | ";"))
            })
            .filter_map(|c| lex.triggers[c.trigger].flags.qty)
            .next_back();
    }
    // Cue after: "120 prisoners escaped", "81 of them have been recaptured". In a
    // partitive ("212 of the escapees had been recaptured") the verb after the group
    // gives the kind, not the noun inside it.
    let after = if words.get(*b) == Some(&"of") {
        partitive_end(sa, words, *b).unwrap_or(*b)
    } else {
        *b
    };
    if kind.is_none() {
        for j in after..(after + 7).min(n) {
            if matches!(words[j], "," | ";" | "and") && j > after + 1 {
                break;
            }
            if let Some(h) = cands.iter().find(|c| c.t_a == j) {
                let tq = lex.triggers[h.trigger].flags.qty;
                if tq.is_some() {
                    kind = tq;
                    break;
                }
            }
            if let Some((_, v)) = lex.qty.match_at(words, j) {
                let k = QuantityKind::parse(v);
                if k != Some(QuantityKind::Size) || kind.is_none() {
                    kind = k;
                }
                if k != Some(QuantityKind::Size) {
                    break;
                }
            }
        }
    }
    // Otherwise the kind of the nearest trigger that defines one.
    let nearest = nearest_cand(cands, *a, *b, |_| true);
    if kind.is_none() {
        if let Some(i) = nearest {
            kind = lex.triggers[cands[i].trigger].flags.qty;
        }
    }
    kind
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Coder;
    use sitrep_model::Document;

    fn pairs(text: &str) -> Vec<(usize, usize)> {
        let c = Coder::embedded();
        let doc = Document::new("t", text);
        let sents = sitrep_text::sentences(&doc.text);
        let spans: Vec<Span> = sents.iter().map(|s| s.span).collect();
        let places = c.gazetteer.places_in(&doc.text, &spans);
        let sa = analyse(c, &doc, &sents[0], &places);
        let words: Vec<&str> = sa.words.iter().map(String::as_str).collect();
        coordinated_counts(&c.lex, &sa, &[], &words)
    }

    #[test]
    fn counts_of_one_coordination_pair_up() {
        assert_eq!(
            pairs("Seven soldiers and five bus passengers were killed in the attack."),
            vec![(0, 1)]
        );
        // Two clauses, two figures: "two were killed and nine wounded".
        assert!(pairs("Two were killed and nine wounded in the attack.").is_empty());
        assert!(pairs("Police killed two and arrested nine.").is_empty());
    }

    fn toll(text: &str) -> bool {
        let c = Coder::embedded();
        let doc = Document::new("t", text);
        let sents = sitrep_text::sentences(&doc.text);
        let spans: Vec<Span> = sents.iter().map(|s| s.span).collect();
        let places = c.gazetteer.places_in(&doc.text, &spans);
        let sa = analyse(c, &doc, &sents[0], &places);
        let words: Vec<&str> = sa.words.iter().map(String::as_str).collect();
        sa.numbers
            .iter()
            .any(|(a, _, _)| toll_value(&sa, &words, *a))
    }

    #[test]
    fn a_tolls_new_value_counts_the_killed() {
        assert!(toll(
            "The death toll from the bombing of the market rose to 31."
        ));
        assert!(toll("The toll stood at 40 on Sunday."));
        assert!(!toll("Food prices rose to 300 shillings a kilo."));
        assert!(!toll(
            "The toll was heavy, and the number of displaced rose to 5,000."
        ));
    }

    fn group_end(text: &str) -> Option<String> {
        let c = Coder::embedded();
        let doc = Document::new("t", text);
        let sents = sitrep_text::sentences(&doc.text);
        let spans: Vec<Span> = sents.iter().map(|s| s.span).collect();
        let places = c.gazetteer.places_in(&doc.text, &spans);
        let sa = analyse(c, &doc, &sents[0], &places);
        let words: Vec<&str> = sa.words.iter().map(String::as_str).collect();
        let of = words.iter().position(|w| *w == "of")?;
        partitive_end(&sa, &words, of).map(|j| words[j].to_string())
    }

    #[test]
    fn a_partitive_group_ends_at_its_own_auxiliary() {
        // The relative clause's verb and auxiliaries belong to the group.
        assert_eq!(
            group_end(
                "Police said 35 of the 120 prisoners who escaped from the central prison in the city on Sunday were recaptured."
            )
            .as_deref(),
            Some("were")
        );
        assert_eq!(
            group_end("Twelve of the 40 inmates who had been held there have been caught.")
                .as_deref(),
            Some("have")
        );
        assert_eq!(
            group_end("Two of the guards, who were armed, fled.").as_deref(),
            None
        );
    }

    /// The figures of the document's events of `et`, as (kind, value).
    fn figures(text: &str, et: EventType) -> Vec<Vec<(QuantityKind, u64)>> {
        let c = Coder::embedded();
        c.code(&Document::new("t", text))
            .iter()
            .filter(|e| e.event_type == et)
            .map(|e| e.quantities.iter().map(|q| (q.kind, q.value)).collect())
            .collect()
    }

    #[test]
    fn a_recapture_of_all_counts_everyone_who_escaped() {
        let escape = "About 200 prisoners broke out of the jail in Kumba on Monday. ";
        let arrested = vec![vec![(QuantityKind::Arrested, 200)]];
        for s in [
            "All of them have been rearrested, the ministry said.",
            "Police said they had recaptured all the escapees by Thursday.",
            "All the inmates were recaptured on Tuesday.",
        ] {
            assert_eq!(
                figures(&format!("{escape}{s}"), EventType::Coerce),
                arrested,
                "{s}"
            );
        }
        // People other than the escapees, or a figure of its own, are not "all who escaped".
        assert_eq!(
            figures(
                &format!("{escape}Police arrested all the protesters outside the prison."),
                EventType::Coerce
            ),
            vec![vec![]]
        );
        assert_eq!(
            figures(
                &format!("{escape}All but 12 of them have been rearrested."),
                EventType::Coerce
            )
            .concat()
            .iter()
            .filter(|(_, v)| *v == 200)
            .count(),
            0
        );
        // With no escape figure in the document, nothing to count.
        assert_eq!(
            figures(
                "All of the escapees have been recaptured, police said.",
                EventType::Coerce
            )
            .concat(),
            vec![]
        );
    }
}
