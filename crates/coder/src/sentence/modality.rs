//! Modality and tense: whether the clause of a trigger asserts its event (negated, future,
//! hypothetical, historical readings), and the types those readings turn an event into (a
//! future retreat is a CONCEDE; announcing one will not cooperate is a REJECT).

use super::*;
use sitrep_syntax::Upos;

/// PLOVER's auxiliary markers of one candidate event.
pub(super) struct Markers {
    pub(super) negated: bool,
    pub(super) future: bool,
    pub(super) hypothetical: bool,
    pub(super) historical: bool,
}

/// The markers of the trigger `h`; may change the reading `ty` (future retreat, refusals).
pub(super) fn markers(cx: &Sent, h: &Hit, ty: &mut Typed) -> Markers {
    let (lex, sa, words, n) = (cx.lex, cx.sa, &cx.words, cx.n);
    let t = &lex.triggers[h.trigger];
    let seg_start = (0..h.a)
        .rev()
        .find(|&j| sa.seg[j] != sa.seg[h.a])
        .map(|j| j + 1)
        .unwrap_or(0);
    // Nouns reach back over their light verb ("will hold a new round of talks").
    let reach = if t.pos == Pos::Noun { 8 } else { 5 };
    let win_a = h.a.saturating_sub(reach).max(seg_start.min(h.a));
    let words_win = win_a..h.a;
    let mut negated = has_cue(&lex.neg, sa, words_win.start, words_win.end).is_some()
        || (t.pos == Pos::Noun && h.a > 0 && words[h.a - 1] == "no")
        // "Fighting has not resumed": the event noun is the subject of a negated verb.
        || (t.pos == Pos::Noun
            && (h.b..(h.b + 3).min(n)).any(|j| matches!(words[j], "not" | "n't" | "never"))
            && (h.b..(h.b + 3).min(n)).all(|j| !matches!(words[j], "," | ";")));
    // "due to" announces only when a verb follows ("due to arrive"), not a cause ("due
    // to an explosion").
    let mut future = match has_cue(&lex.fut, sa, words_win.start, words_win.end) {
        Some((i, _)) if words[i] == "due" => {
            h.a <= i + 3
                && !matches!(
                    words.get(i + 2).copied(),
                    Some("a" | "an" | "the" | "its" | "their" | "his" | "her")
                )
        }
        Some(_) => true,
        None => false,
    };
    let mut hypothetical = has_cue(
        &lex.hyp,
        sa,
        h.a.saturating_sub(8).max(seg_start.min(h.a)),
        h.a,
    )
    .is_some()
        || (h.a > 1 && words[..h.a].contains(&"if"));
    let mut historical = false;
    if let Some((ci, _)) = has_cue(&lex.hist, sa, 0, n) {
        // A concessive clause ("While it lost its territory years ago, ...") scopes its cue.
        let seg_of_cue = sa.seg[ci];
        let seg_first = (0..n).find(|&j| sa.seg[j] == seg_of_cue).unwrap_or(0);
        let concessive = matches!(
            words.get(seg_first),
            Some(&"while") | Some(&"although") | Some(&"though") | Some(&"whereas")
        );
        historical = !concessive || sa.seg[h.a] == seg_of_cue;
    }
    // The clause structure, when the trigger is in the parse, decides instead of the windows
    // (a verb form the parse reads as a noun, "can mean detention and torture", as a noun).
    if let Some(w) = cx.syn.head_of(h.a, h.b).filter(|&w| {
        cx.syn.agrees_with(w, t.pos) || (t.pos == Pos::Verb && cx.syn.upos(w) == Upos::Noun)
    }) {
        let question = sa.words.last().is_some_and(|x| x == "?");
        let rd = cx.syn.reading(&lex.words, w, question);
        negated = rd.negated;
        future = rd.future;
        hypothetical = rd.hypothetical;
        historical |= rd.habitual;
    }
    if ty.et == EventType::Retreat && future && !negated {
        ty.et = EventType::Concede;
        ty.mode = None;
    }
    // "X will not withdraw / would not meet / will not provide aid": announcing that one
    // will not cooperate or yield is a refusal (REJECT), not a negated cooperation.
    if negated
        && future
        && t.pos == Pos::Verb
        && matches!(
            ty.et,
            EventType::Aid
                | EventType::Cooperate
                | EventType::Agree
                | EventType::Consult
                | EventType::Support
                | EventType::Retreat
                | EventType::Concede
        )
    {
        ty.et = EventType::Reject;
        ty.mode = None;
        negated = false;
        future = false;
    }
    Markers {
        negated,
        future: future && !negated,
        hypothetical,
        historical,
    }
}
