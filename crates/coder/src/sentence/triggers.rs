//! Trigger detection: surface forms of the trigger lexicon matched at each token, with the
//! noun/verb reading chosen from the left context, participles used as adjectives skipped and
//! patterns that would span a mention refused.

use super::*;
use crate::lexicon::Form;
use sitrep_syntax::Upos;

/// The most specific weapon cue among `words` (an ASSAULT mode).
pub(super) fn best_weapon(lex: &Lexicon, words: &[String]) -> Option<String> {
    let mut best: Option<(u8, &str)> = None;
    for i in 0..words.len() {
        if let Some((_, v)) = lex.weapon.match_at(words, i) {
            let rank = match v {
                "suicide-attack" => 9,
                "unconventional" => 8,
                "drone" | "aerial" => 7,
                "heavy-weapons" => 6,
                "explosives" => 5,
                "sexual" => 4,
                "crowd-control" => 3,
                "firearms" => 2,
                "primitive" => 1,
                _ => 0,
            };
            if best.is_none_or(|b| rank > b.0) {
                best = Some((rank, v));
            }
        }
    }
    best.map(|(_, v)| v.to_string())
}

/// Does the form match at token `i`? Returns the end index (exclusive).
///
/// The form was found under the word at `i` (its first word), which is therefore not compared
/// again: the list of forms of a frequent verb is long.
pub(super) fn match_form(sa: &SentA, i: usize, form: &Form) -> Option<usize> {
    let mut j = i;
    let mut k = 0;
    if form.words.first().is_some_and(|w| w != "*") {
        j += 1;
        k += 1;
    }
    while k < form.words.len() {
        let w = &form.words[k];
        if w == "*" {
            let next = form.words.get(k + 1)?;
            let mut found = None;
            for gap in 0..=4 {
                if sa.w(j + gap) == next {
                    found = Some(j + gap);
                    break;
                }
                if matches!(sa.w(j + gap), "," | ";" | "." | "") {
                    break;
                }
            }
            j = found? + 1;
            k += 2;
            continue;
        }
        if sa.w(j) != w {
            return None;
        }
        j += 1;
        k += 1;
    }
    Some(j)
}

pub(super) struct Hit {
    pub(super) a: usize,
    pub(super) b: usize,
    pub(super) trigger: usize,
    pub(super) participle: bool,
    pub(super) ing: bool,
}

pub(super) fn find_triggers(lex: &Lexicon, sa: &SentA, armed: bool) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut i = 0;
    while i < sa.toks.len() {
        let in_place_or_date = sa.places.iter().any(|p| p.0 <= i && i < p.1)
            || sa.dates.iter().any(|d| d.0 <= i && i < d.1);
        if sa.toks[i].kind != TokenKind::Word
            || in_place_or_date
            || (sa.w(i) == "according" && sa.w(i + 1) == "to")
        {
            i += 1;
            continue;
        }
        let prev = i.checked_sub(1).map(|j| sa.w(j)).unwrap_or("");
        // Noun or verb reading of an ambiguous form ("the recent clashes" / "troops clash").
        let verb_context = i == 0
            || sa.actors.iter().any(|m| m.b == i)
            || matches!(
                prev,
                "to" | "will"
                    | "would"
                    | "could"
                    | "can"
                    | "may"
                    | "might"
                    | "did"
                    | "not"
                    | "n't"
                    | "who"
                    | "which"
                    | "that"
                    | "also"
                    | "they"
                    | "it"
                    | "he"
                    | "she"
                    | "we"
                    | "i"
                    | "have"
                    | "has"
                    | "had"
                    | "and"
            )
            || prev.ends_with("ly");
        let after_det = !verb_context;
        let mut best: Option<Hit> = None;
        if let Some(forms) = lex.forms.get(sa.w(i)) {
            for f in forms {
                let Some(end) = match_form(sa, i, f) else {
                    continue;
                };
                let t = &lex.triggers[f.trigger];
                // Newsroom boilerplate: "did not respond to requests for comment".
                if sa.w(end) == "for" && sa.w(end + 1) == "comment" {
                    continue;
                }
                // Readings that need (or exclude) an armed context: "strike" is an attack
                // among weapons and troops, a labour protest elsewhere.
                if (t.flags.armed && !armed) || (t.flags.unarmed && armed) {
                    continue;
                }
                // Capitalised mid-sentence nouns are names ("Operation Dawn Strike").
                if t.pos == Pos::Noun && sa.toks[i].cap && i > 0 && !sa.sent.headline {
                    continue;
                }
                // Patterns spanning mentions are not triggers, except gaps ("push X out").
                let gap = f.words.iter().any(|w| w == "*");
                let multi = f.words.len() >= 2;
                let blocked = (i..end).any(|j| {
                    if multi {
                        sa.places.iter().any(|p| p.0 <= j && j < p.1)
                            || sa.dates.iter().any(|d| d.0 <= j && j < d.1)
                    } else {
                        sa.in_mention(j)
                    }
                });
                if blocked && !gap {
                    continue;
                }
                if t.origin == Origin::Cameo && !t.object.is_empty() {
                    let ok = (end..(end + 5).min(sa.toks.len()))
                        .any(|j| t.object.iter().enumerate().all(|(k, o)| sa.w(j + k) == o));
                    if !ok {
                        continue;
                    }
                }
                // Participles used as adjectives ("allied fighters", "the wounded men").
                if f.participle
                    && t.pos == Pos::Verb
                    && end == i + 1
                    && (sa.ws.determiners.contains(prev)
                        || matches!(prev, "and" | "," | "of")
                        || prev.ends_with("ly")
                        || sa.numbers.iter().any(|n| n.1 == i))
                    && (sa.actors.iter().any(|m| m.a == end)
                        || sa.toks.get(end).is_some_and(|t| t.cap))
                {
                    continue;
                }
                // "civilians linked to ...", "groups based in ...": reduced relatives, not events.
                if t.origin == Origin::Cameo
                    && f.participle
                    && matches!(
                        sa.w(end),
                        "to" | "by" | "in" | "with" | "at" | "from" | "for" | "on"
                    )
                    && !matches!(prev, "has" | "have" | "had")
                {
                    continue;
                }
                // A bare verb form in a noun slot ("apartment blocks") is not a verb.
                if after_det
                    && t.pos == Pos::Verb
                    && !f.participle
                    && !f.ing
                    && prev != "to"
                    && !lex.forms.get(sa.w(i)).is_some_and(|fs| {
                        fs.iter().any(|g| lex.triggers[g.trigger].pos == Pos::Noun)
                    })
                    && i > 0
                {
                    continue;
                }
                let rank = |t: &Trigger| -> u8 {
                    let pos_ok = match t.pos {
                        Pos::Noun => after_det,
                        Pos::Verb => !after_det,
                        Pos::Fixed => true,
                    };
                    (pos_ok as u8) * 2 + (t.origin == Origin::Curated) as u8
                };
                let better = match &best {
                    None => true,
                    Some(b) => {
                        let bt = &lex.triggers[b.trigger];
                        (end - i) > (b.b - b.a) || ((end - i) == (b.b - b.a) && rank(t) > rank(bt))
                    }
                };
                if better {
                    best = Some(Hit {
                        a: i,
                        b: end,
                        trigger: f.trigger,
                        participle: f.participle,
                        ing: f.ing,
                    });
                }
            }
        }
        if let Some(h) = best {
            i = h.b.max(i + 1);
            hits.push(h);
        } else {
            i += 1;
        }
    }
    hits
}

pub(super) fn armed_context(lex: &Lexicon, sa: &SentA) -> bool {
    has_cue(&lex.armed, sa, 0, sa.toks.len()).is_some()
        || has_cue(&lex.weapon, sa, 0, sa.toks.len()).is_some()
        || sa
            .actors
            .iter()
            .any(|m| m.entities().iter().any(is_armed_entity))
}

/// The parse's part of speech corrects the left-context guess of [`find_triggers`] where it
/// took the verb reading of a word the parse reads as a noun ("the threat of al-Shabab
/// terrorist attacks": a noun after a name, not "al-Shabab attacks"). A hit switches only to a
/// noun entry of the same span and origin that is allowed in the sentence's context; the
/// sentence is parsed only when such an entry exists.
pub(super) fn reread_hits(lex: &Lexicon, sa: &SentA, syn: &LazySyn, armed: bool, hits: &mut [Hit]) {
    for h in hits.iter_mut() {
        let t = &lex.triggers[h.trigger];
        if t.pos != Pos::Verb || h.b != h.a + 1 {
            continue;
        }
        let Some(forms) = lex.forms.get(sa.w(h.a)) else {
            continue;
        };
        let Some(f) = forms.iter().find(|f| {
            let o = &lex.triggers[f.trigger];
            let context_ok = if armed {
                !o.flags.unarmed
            } else {
                !o.flags.armed
            };
            o.pos == Pos::Noun
                && o.origin == t.origin
                && context_ok
                && match_form(sa, h.a, f) == Some(h.b)
        }) else {
            continue;
        };
        // Only towards the noun: a verb reading the parse rejects is a noun phrase's head;
        // the parse's verbs are less sure ("..., killing three" hangs on either word).
        let noun = syn
            .word(h.a)
            .is_some_and(|w| !syn.agrees_with(w, t.pos) && syn.upos(w) == Upos::Noun);
        if noun {
            h.trigger = f.trigger;
            h.participle = f.participle;
            h.ing = f.ing;
        }
    }
}
