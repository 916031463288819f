//! Typing: the event type and mode a trigger takes in its sentence (objects that decide the
//! reading, ordnance disposal, armed or custody context, light verbs after event nouns,
//! descriptions of events already reported), and weapon cues that refine ASSAULT modes.

use super::*;
use sitrep_syntax::{Rel, Upos, Xpos};

/// The reading a trigger takes in its sentence.
pub(super) struct Typed {
    pub(super) et: EventType,
    pub(super) mode: Option<String>,
    pub(super) acled_override: Option<AcledSubEventType>,
}

/// Whether people who escaped custody are the object of the verb at `a..b` (within a short
/// window after it: "caught two escapees") or, the verb passive ("were found", "had been
/// caught"), its subject before it ("three of the inmates who escaped were found").
fn escapee_object(sa: &SentA, words: &[&str], a: usize, b: usize) -> bool {
    let set = &sa.ws.escapee_words;
    let clause = |j: usize| !matches!(words[j], "," | ";" | ".");
    let after = (b..(b + 6).min(words.len()))
        .take_while(|&j| clause(j))
        .any(|j| set.contains(words[j]));
    let passive = (a.saturating_sub(3)..a).any(|j| sa.ws.be.contains(words[j]));
    let before = passive
        && (a.saturating_sub(12)..a)
            .rev()
            .take_while(|&j| clause(j))
            .any(|j| set.contains(words[j]));
    after || before
}

/// The type and mode of the trigger `h` in its sentence, or `None` when it is no event there.
pub(super) fn type_hit(cx: &Sent, h: &Hit, st: &DocState) -> Option<Typed> {
    let (lex, sa, words, n) = (cx.lex, cx.sa, &cx.words, cx.n);
    let t = &lex.triggers[h.trigger];
    let mut et = t.event_type;
    let mut mode = t.mode.clone();
    if t.flags.place_seize || t.flags.place_only {
        if place_object(sa, h.b) {
            et = EventType::Coerce;
            mode = Some("seize".to_string());
        } else if t.flags.place_only {
            return None;
        }
    }
    let near = |list: &WordSet| {
        let lo = if h.participle {
            h.a.saturating_sub(7)
        } else {
            h.b
        };
        (lo..(h.b + 7).min(n)).any(|j| (j < h.a || j >= h.b) && list.contains(words[j]))
    };
    let weapon_after = near(&lex.words.weapon_nouns);
    if let Some(list) = t.flags.obj.as_deref() {
        let ok = match list {
            "agreement" => near(&lex.words.agreement_nouns),
            "base" => near(&lex.words.base_nouns),
            "unit" => near(&lex.words.unit_nouns),
            "aid" => near(&lex.words.aid_nouns),
            "restriction" => near(&lex.words.restriction_nouns),
            "relations" => near(&lex.words.relation_nouns),
            "weapon" => weapon_after,
            "escapee" => escapee_object(sa, words, h.a, h.b),
            _ => true,
        };
        if !ok {
            return None;
        }
    }
    let mut acled_override = t.flags.acled;
    // A siege of a building ("laid siege to a hotel", "the hotel siege") is an armed assault
    // on the people inside, not the encirclement of a place.
    if t.flags.no_police && et == EventType::Coerce {
        let lo = h.a.saturating_sub(2);
        if (lo..(h.b + 5).min(n))
            .any(|j| (j < h.a || j >= h.b) && lex.words.building_nouns.contains(words[j]))
        {
            et = EventType::Assault;
            mode = None;
        }
    }
    // Destroying or clearing mines and bombs is disrupted weapons use, not an attack:
    // "forces destroyed 342 mines", "cleared 23,000 landmines".
    if et == EventType::Assault {
        let ordnance_after = (h.b..(h.b + 7).min(n)).any(|j| lex.words.ordnance.contains(words[j]));
        let disposal_before = t.pos == Pos::Noun
            && mode.as_deref() == Some("explosives")
            && (h.a.saturating_sub(6)..h.a).any(|j| lex.words.disposal_verbs.contains(words[j]));
        if disposal_before
            || (t.pos == Pos::Verb && mode.as_deref() == Some("destroy") && ordnance_after)
        {
            et = EventType::Coerce;
            mode = Some("seize".to_string());
            acled_override = Some(AcledSubEventType::DisruptedWeaponsUse);
        }
    }
    if t.flags.weapon_obj {
        if !weapon_after {
            return None;
        }
        acled_override = Some(AcledSubEventType::DisruptedWeaponsUse);
    } else if et == EventType::Coerce && mode.as_deref() == Some("seize") && weapon_after {
        acled_override = Some(AcledSubEventType::DisruptedWeaponsUse);
    }
    if t.flags.armed && !cx.armed {
        return None;
    }
    if t.flags.unarmed && cx.armed {
        return None;
    }
    if t.flags.needs_custody && has_cue(&lex.custody, sa, 0, n).is_none() {
        return None;
    }
    // "Flee" and "escape" leave custody (ESCAPE) only with custody in the sentence; people
    // fleeing fighting are displaced (DISPLACE), never escapes.
    if t.flags.or_displace && has_cue(&lex.custody, sa, 0, n).is_none() {
        has_cue(&lex.displacement, sa, 0, n)?;
        et = EventType::Displace;
        mode = None;
    }
    if t.flags.needs_blame && has_cue(&lex.blame, sa, h.b, (h.b + 10).min(n)).is_none() {
        return None;
    }
    // Light verb after an event noun: "fighting broke out" is the noun's event.
    if t.pos == Pos::Verb {
        let mut p = h.a;
        while p > 0 && (sa.ws.skippable.contains(words[p - 1]) || sa.ws.be.contains(words[p - 1])) {
            p -= 1;
        }
        if cx
            .hits
            .iter()
            .any(|o| o.b == p && o.a < h.a && (lex.triggers[o.trigger].pos == Pos::Noun || o.ing))
        {
            return None;
        }
    }
    // A definite description of an event already reported ("the escape happened").
    if t.pos == Pos::Noun {
        let prev = h.a.checked_sub(1).map(|j| words[j]).unwrap_or("");
        let prev2 = h.a.checked_sub(2).map(|j| words[j]).unwrap_or("");
        if (prev == "the"
            || prev == "this"
            || (prev2 == "the" && sa.toks[h.a - 1].kind == TokenKind::Word))
            && st.emitted.contains(&et)
        {
            return None;
        }
        // "no clashes", "no response" are not events.
        if prev == "no" {
            return None;
        }
    }
    Some(Typed {
        et,
        mode,
        acled_override,
    })
}

/// Whether the clause of trigger `h` rules out the reading `ty` (from the parse: a participle
/// used as an adjective, a relation rather than an act, publishing rather than a release, an
/// event noun named as a thing). The caller asks this only once the trigger has passed every
/// check that needs no parse, so that sentences whose triggers fail those are never parsed.
pub(super) fn clause_rules_out(cx: &Sent, h: &Hit, ty: &Typed) -> bool {
    let (lex, sa) = (cx.lex, cx.sa);
    let lemma_in = |set: &WordSet, j: usize| set.contains(&cx.syn.lemma(j).to_lowercase());
    let t = &lex.triggers[h.trigger];
    let (et, mode) = (ty.et, ty.mode.as_deref());
    // Verb senses the clause rules out.
    if t.pos == Pos::Verb {
        if let Some(w) = cx.syn.head_of(h.a, h.b) {
            let syn = &cx.syn;
            let participle = matches!(syn.xpos(w), Xpos::Vbn | Xpos::Vbg);
            // A participle used as an adjective before its noun ("captured terrorists",
            // "allied fighters"; not an amod the parser hangs on a noun before it, which is
            // usually a main verb it misread).
            // A noun or pronoun right before it is its subject: the tagger's commonest news
            // error is a past tense read as a participle ("police confiscated weapons").
            let after_nominal = w
                .checked_sub(1)
                .is_some_and(|b| matches!(syn.upos(b), Upos::Noun | Upos::Propn | Upos::Pron));
            if participle
                && !after_nominal
                && syn.rel(w).base() == Rel::Amod
                && syn.p.head(w).is_some_and(|n| n > w && n - w <= 2)
            {
                return true;
            }
            // A one-word verb trigger the parse reads as an adverb or particle ("sent them
            // back", "allowing companies back into Russia"). (Not prepositions: the tagger
            // reads rare verb forms as such, "overran".)
            if h.b == h.a + 1 && matches!(syn.upos(w), Upos::Adv | Upos::Part) {
                return true;
            }
            // "asked whether he might back off", "asked why": a question, not a request.
            if et == EventType::Request
                && syn.p.children(w).any(|j| {
                    let opener = syn
                        .p
                        .subtree(j)
                        .first()
                        .map_or(String::new(), |&f| syn.p.words[f].form.to_lowercase());
                    // Another clause is a question only with "whether" ("if", "when" and
                    // "where" open conditions and circumstances there).
                    j > w
                        && match syn.rel(j).base() {
                            Rel::Ccomp => lex.words.question_words.contains(&opener),
                            Rel::Advcl | Rel::Xcomp => opener == "whether",
                            _ => false,
                        }
                })
            {
                return true;
            }
            // "refused to comment", "an email requesting comment": a journalist's inquiry,
            // not a refusal or request between actors.
            if matches!(et, EventType::Request | EventType::Reject)
                && syn.p.children(w).any(|j| {
                    j > w
                        && matches!(syn.rel(j).base(), Rel::Obj | Rel::Xcomp | Rel::Obl)
                        && lemma_in(&lex.words.press_inquiry_words, j)
                })
            {
                return true;
            }
            // "demonstrates a disregard": an intransitive sense's verb with an object.
            if t.flags.intrans && syn.p.child(w, Rel::Obj).is_some() {
                return true;
            }
            // "government soldiers backed by AU troops": a relation, not an act.
            if syn.xpos(w) == Xpos::Vbn
                && syn.rel(w) == Rel::Acl
                && syn.p.auxiliaries(w).is_empty()
                && syn.p.agent(w).is_some()
                && lex.words.descriptive_types.contains(et.as_str())
            {
                return true;
            }
            // "released a report": publishing, not a release from custody.
            if et == EventType::Retreat
                && mode == Some("release")
                && syn.p.object(w).is_some_and(|o| {
                    lex.words
                        .document_nouns
                        .contains(&syn.lemma(o).to_lowercase())
                })
            {
                return true;
            }
        }
    }
    // An event noun named as a thing, not presented as a happening ("the threat of
    // terrorism", "military cooperation is dangerous").
    if t.pos == Pos::Noun && !sa.sent.headline {
        if let Some(w) = cx.syn.head_of(h.a, h.b) {
            if cx.syn.agrees_with(w, Pos::Noun) && !cx.syn.noun_asserted(sa, w) {
                return true;
            }
            let syn = &cx.syn;
            // "That warning also resonates", "this attack": the noun re-mentions an event
            // already reported, it does not report a new one.
            if syn
                .p
                .children(w)
                .any(|j| syn.rel(j) == Rel::Det && lemma_in(&lex.words.anaphoric_determiners, j))
            {
                return true;
            }
            // "did not respond to a request for comment".
            if matches!(et, EventType::Request | EventType::Reject)
                && syn.p.children(w).any(|j| {
                    j > w
                        && syn.rel(j).base() == Rel::Nmod
                        && lemma_in(&lex.words.press_inquiry_words, j)
                })
            {
                return true;
            }
        }
    }
    false
}

/// Weapon cues refine ASSAULT modes: the sentence's own weapon words, else the next
/// sentence's ("The attacks were carried out with grenades"). Returns the words of the
/// neighbouring sentence when its cue was used (the ACLED mapping reads them).
pub(super) fn refine_weapon_mode(cx: &Sent, st: &DocState, ty: &mut Typed) -> Vec<String> {
    if ty.et != EventType::Assault {
        return Vec::new();
    }
    let keep = matches!(
        ty.mode.as_deref(),
        Some("abduct" | "sexual" | "targeted" | "torture" | "beat")
    );
    if keep {
        return Vec::new();
    }
    if let Some(m) = best_weapon(cx.lex, &cx.sa.words) {
        ty.mode = Some(m);
    } else if ty.mode.is_none() {
        if let Some(m) = st.next_weapon.clone() {
            ty.mode = Some(m);
            return st.next_words.clone();
        }
    }
    Vec::new()
}
