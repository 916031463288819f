//! Clause structure on a parse: heads and children, the predicate of a word's clause, its
//! subject (following coordination, control and relative-clause conventions), objects,
//! obliques with their prepositions, voice and the passive agent, negation, the auxiliary
//! chain, the kind of subordinate clause and its marker, reported speech, coordination and
//! subtree spans.
//!
//! Nothing here knows about conflict events: the only word lists are closed-class English
//! (negators, relative pronouns) and a default list of communication verbs that callers can
//! replace ([`Parse::reported_speech_with`]).

use crate::{Parse, Rel, Span, Upos, Xpos};

/// Communication verbs (lemmas) used by [`Parse::reported_speech`].
pub const SPEECH_VERBS: &[&str] = &[
    "say",
    "tell",
    "report",
    "announce",
    "state",
    "claim",
    "add",
    "note",
    "confirm",
    "deny",
    "insist",
    "warn",
    "explain",
    "argue",
    "write",
    "allege",
    "assert",
    "declare",
    "reply",
    "respond",
    "acknowledge",
    "admit",
    "estimate",
    "stress",
    "indicate",
    "suggest",
    "tweet",
    "post",
    "mention",
    "repeat",
    "reiterate",
    "testify",
    "complain",
    "boast",
    "vow",
    "promise",
    "threaten",
    "predict",
    "disclose",
    "reveal",
    "emphasize",
    "emphasise",
    "underline",
    "contend",
    "maintain",
    "counter",
    "recall",
    "quote",
    "cite",
];

/// Kind of clause, from the relation of its predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClauseKind {
    /// The sentence's root clause.
    Main,
    /// Clausal complement with its own subject ("said *that they attacked*").
    Ccomp,
    /// Open clausal complement ("plan *to attack*"): subject from the governor.
    Xcomp,
    /// Adverbial clause ("*if they attack*", "*after rebels withdrew*", "..., *killing three*").
    Advcl,
    /// Clause modifying a noun ("forces *loyal to X*", "a man *killed by troops*").
    Acl,
    /// Relative clause ("troops *who attacked the town*").
    Relcl,
    /// Clausal subject.
    Csubj,
    /// Loosely attached clause ("Y attacked Z, *officials said*").
    Parataxis,
    /// A conjunct of another clause ("killing three and *wounding five*").
    Conj,
    /// Anything else (a clause in a list, an appositive, ...).
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Voice {
    Active,
    Passive,
}

/// An oblique argument or adjunct of a predicate ("*in the city*", "*by the army*").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oblique {
    /// The nominal.
    pub word: usize,
    pub rel: Rel,
    /// Its `case` children (prepositions), with their `fixed` parts ("because of").
    pub case: Vec<usize>,
    /// The prepositions' forms, lower-cased and joined by spaces ("" when unmarked).
    pub preposition: String,
}

/// How a clause is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpeechKind {
    /// The clause is the complement (ccomp/parataxis) of the verb: "X said (that) Y ...".
    Complement,
    /// The reporting clause hangs off the reported one: "Y attacked Z, X said."
    Parenthetical,
    /// "according to X": `verb` is "according", `speaker` is X.
    AccordingTo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Speech {
    /// The reporting verb (or "according").
    pub verb: usize,
    /// Its subject (resolved like [`Parse::subject`]), or the nominal after "according to".
    pub speaker: Option<usize>,
    pub kind: SpeechKind,
}

/// Everything about one clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub predicate: usize,
    pub kind: ClauseKind,
    /// Subordinating marker ("if", "unless", "when", "after", "that", "to", ...).
    pub marker: Option<usize>,
    pub subject: Option<usize>,
    /// The subject comes from another clause (conjunct, controller, relativised noun).
    pub subject_inherited: bool,
    pub object: Option<usize>,
    pub indirect_object: Option<usize>,
    pub obliques: Vec<Oblique>,
    pub voice: Voice,
    pub agent: Option<usize>,
    pub negation: Option<usize>,
    /// aux, aux:pass and cop children, in text order (modals have the tag MD).
    pub auxiliaries: Vec<usize>,
    /// For an xcomp: the verb that governs it ("plan" in "plan to attack"), nearest first.
    pub governors: Vec<usize>,
    pub speech: Option<Speech>,
    /// The conjuncts of the predicate, itself included, in text order.
    pub conjuncts: Vec<usize>,
}

fn is_relative_pronoun(p: &Parse, i: usize) -> bool {
    let w = &p.words[i];
    matches!(w.xpos, Xpos::Wdt | Xpos::Wp | Xpos::WpS)
        || (w.rel != Rel::Det
            && matches!(
                w.lemma.to_lowercase().as_str(),
                "that" | "who" | "which" | "whom"
            ))
}

impl Parse {
    /// The head of word `i` (`None` for the root or out of range).
    pub fn head(&self, i: usize) -> Option<usize> {
        self.words.get(i).and_then(|w| w.head)
    }

    /// The relation of word `i` (`dep` when out of range).
    pub fn rel(&self, i: usize) -> Rel {
        self.words.get(i).map_or(Rel::Dep, |w| w.rel)
    }

    /// Children of `i` in text order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.words
            .iter()
            .enumerate()
            .filter(move |(_, w)| w.head == Some(i))
            .map(|(j, _)| j)
    }

    /// Children of `i` with relation `rel` (exactly, subtype included).
    pub fn children_by(&self, i: usize, rel: Rel) -> Vec<usize> {
        self.children(i)
            .filter(|&j| self.words[j].rel == rel)
            .collect()
    }

    /// The first child of `i` with relation `rel`.
    pub fn child(&self, i: usize, rel: Rel) -> Option<usize> {
        self.children(i).find(|&j| self.words[j].rel == rel)
    }

    /// Children of `i` whose relation has the universal relation `base` (any subtype).
    pub fn children_by_base(&self, i: usize, base: Rel) -> Vec<usize> {
        self.children(i)
            .filter(|&j| self.words[j].rel.base() == base)
            .collect()
    }

    /// Words of the subtree of `i` (itself included), in text order.
    pub fn subtree(&self, i: usize) -> Vec<usize> {
        let n = self.words.len();
        if i >= n {
            return Vec::new();
        }
        let mut inside = vec![None::<bool>; n];
        inside[i] = Some(true);
        for j in 0..n {
            // climb until a known answer (bounded by n steps: parses are trees, but stay safe)
            let mut path = Vec::new();
            let mut k = j;
            let ans = loop {
                if let Some(a) = inside[k] {
                    break a;
                }
                path.push(k);
                match self.words[k].head {
                    Some(h) if h < n && path.len() <= n => k = h,
                    _ => break false,
                }
            };
            for p in path {
                inside[p] = Some(ans);
            }
        }
        (0..n).filter(|&j| inside[j] == Some(true)).collect()
    }

    /// Byte range covering the subtree of `i`.
    pub fn subtree_span(&self, i: usize) -> Option<Span> {
        self.subtree(i)
            .iter()
            .map(|&j| self.words[j].span)
            .reduce(|a, b| a.cover(b))
    }

    fn has_subject_child(&self, i: usize) -> bool {
        self.children(i).any(|j| self.words[j].rel.is_subject())
    }

    /// Whether `i` heads a clause.
    pub fn is_clause_head(&self, i: usize) -> bool {
        let Some(w) = self.words.get(i) else {
            return false;
        };
        match w.rel {
            Rel::Root
            | Rel::Ccomp
            | Rel::Xcomp
            | Rel::Advcl
            | Rel::AdvclRelcl
            | Rel::AclRelcl
            | Rel::Csubj
            | Rel::CsubjPass
            | Rel::CsubjOuter
            | Rel::Parataxis => true,
            Rel::Acl => matches!(w.upos, Upos::Verb | Upos::Aux | Upos::Adj),
            Rel::Conj => {
                let verbal = matches!(w.upos, Upos::Verb | Upos::Aux)
                    || self.has_subject_child(i)
                    || self
                        .children(i)
                        .any(|j| matches!(self.words[j].rel, Rel::Aux | Rel::AuxPass | Rel::Cop));
                verbal
                    && w.head
                        .is_some_and(|h| h != i && self.is_clause_head_shallow(h))
            }
            _ => self.has_subject_child(i),
        }
    }

    /// `is_clause_head` without recursion through conj chains (bounded).
    fn is_clause_head_shallow(&self, mut i: usize) -> bool {
        for _ in 0..self.words.len() {
            let Some(w) = self.words.get(i) else {
                return false;
            };
            if w.rel != Rel::Conj {
                return self.is_clause_head(i);
            }
            match w.head {
                Some(h) if h < self.words.len() => i = h,
                _ => return false,
            }
        }
        false
    }

    /// The predicate of the clause that word `i` belongs to (itself if it heads a clause).
    pub fn predicate(&self, i: usize) -> Option<usize> {
        let n = self.words.len();
        if i >= n {
            return None;
        }
        let mut k = i;
        for _ in 0..=n {
            if self.is_clause_head(k) {
                return Some(k);
            }
            match self.words[k].head {
                Some(h) if h < n => k = h,
                _ => return Some(k),
            }
        }
        None
    }

    /// The explicit subject of `pred` (nsubj, nsubj:pass, csubj, csubj:pass, else nsubj:outer).
    pub fn explicit_subject(&self, pred: usize) -> Option<usize> {
        let kids: Vec<usize> = self.children(pred).collect();
        kids.iter()
            .copied()
            .find(|&j| {
                matches!(
                    self.words[j].rel,
                    Rel::Nsubj | Rel::NsubjPass | Rel::Csubj | Rel::CsubjPass
                )
            })
            .or_else(|| {
                kids.iter()
                    .copied()
                    .find(|&j| self.words[j].rel.is_subject())
            })
    }

    /// The subject of the clause headed by `pred`, and whether it was inherited from
    /// another clause: a conjunct shares its first conjunct's subject, an xcomp takes its
    /// governor's object or subject, a relative or reduced relative clause takes the noun it
    /// modifies (for a relative pronoun subject too), a participial adverbial clause takes
    /// the subject of the clause it modifies.
    pub fn subject_info(&self, pred: usize) -> Option<(usize, bool)> {
        let mut k = pred;
        let mut inherited = false;
        for _ in 0..=self.words.len() {
            let w = self.words.get(k)?;
            if let Some(s) = self.explicit_subject(k) {
                if is_relative_pronoun(self, s) && matches!(w.rel, Rel::AclRelcl | Rel::AdvclRelcl)
                {
                    return w.head.map(|h| (h, true));
                }
                return Some((s, inherited));
            }
            let h = w.head.filter(|&h| h < self.words.len())?;
            inherited = true;
            match w.rel {
                Rel::Conj => k = h,
                Rel::Xcomp => {
                    if let Some(o) = self.child(h, Rel::Obj).or_else(|| self.child(h, Rel::Iobj)) {
                        return Some((o, true));
                    }
                    k = h;
                }
                Rel::Acl | Rel::AclRelcl => return Some((h, true)),
                Rel::Advcl => {
                    // only non-finite adverbial clauses ("..., killing three"; "after
                    // attacking"), not "if" clauses with a dropped subject
                    if matches!(w.xpos, Xpos::Vbg | Xpos::Vbn | Xpos::Vb) {
                        k = h;
                    } else {
                        return None;
                    }
                }
                _ => return None,
            }
        }
        None
    }

    /// The subject of the clause headed by `pred` (see [`Self::subject_info`]).
    pub fn subject(&self, pred: usize) -> Option<usize> {
        self.subject_info(pred).map(|s| s.0)
    }

    /// The direct object (obj) of `pred`; a relative pronoun object resolves to the noun the
    /// relative clause modifies ("the town that rebels attacked" -> "town").
    pub fn object(&self, pred: usize) -> Option<usize> {
        let o = self.child(pred, Rel::Obj)?;
        if is_relative_pronoun(self, o) && self.rel(pred) == Rel::AclRelcl {
            return self.head(pred);
        }
        Some(o)
    }

    /// The indirect object (iobj) of `pred`.
    pub fn indirect_object(&self, pred: usize) -> Option<usize> {
        self.child(pred, Rel::Iobj)
    }

    /// The case markers of nominal `i` (with their fixed parts), in text order.
    pub fn case_markers(&self, i: usize) -> Vec<usize> {
        let mut v = Vec::new();
        for c in self.children_by(i, Rel::Case) {
            v.push(c);
            v.extend(self.children_by(c, Rel::Fixed));
        }
        v.sort_unstable();
        v
    }

    /// Obliques of `pred` (obl and its subtypes) with their prepositions.
    pub fn obliques(&self, pred: usize) -> Vec<Oblique> {
        self.children_by_base(pred, Rel::Obl)
            .into_iter()
            .map(|j| {
                let case = self.case_markers(j);
                let preposition = case
                    .iter()
                    .map(|&c| self.words[c].form.to_lowercase())
                    .collect::<Vec<_>>()
                    .join(" ");
                Oblique {
                    word: j,
                    rel: self.words[j].rel,
                    case,
                    preposition,
                }
            })
            .collect()
    }

    /// Passive: an aux:pass, nsubj:pass or csubj:pass child, an obl:agent, or a past
    /// participle after a form of "be"/"get" or used as a reduced relative ("a man killed by").
    pub fn voice(&self, pred: usize) -> Voice {
        let Some(w) = self.words.get(pred) else {
            return Voice::Active;
        };
        let kids: Vec<usize> = self.children(pred).collect();
        if kids.iter().any(|&j| {
            matches!(
                self.words[j].rel,
                Rel::AuxPass | Rel::NsubjPass | Rel::CsubjPass | Rel::OblAgent
            )
        }) {
            return Voice::Passive;
        }
        if w.xpos == Xpos::Vbn {
            let be_aux = kids.iter().any(|&j| {
                matches!(self.words[j].rel, Rel::Aux | Rel::Cop)
                    && matches!(self.words[j].lemma.to_lowercase().as_str(), "be" | "get")
            });
            let has_aux = kids
                .iter()
                .any(|&j| matches!(self.words[j].rel, Rel::Aux | Rel::Cop));
            if be_aux || (!has_aux && matches!(w.rel, Rel::Acl | Rel::Advcl)) {
                return Voice::Passive;
            }
        }
        Voice::Active
    }

    /// The passive agent: an obl:agent child, or a "by" oblique of a passive predicate.
    pub fn agent(&self, pred: usize) -> Option<usize> {
        if let Some(a) = self.child(pred, Rel::OblAgent) {
            return Some(a);
        }
        if self.voice(pred) != Voice::Passive {
            return None;
        }
        self.obliques(pred)
            .into_iter()
            .find(|o| o.preposition == "by")
            .map(|o| o.word)
    }

    /// The word negating `pred`: "not"/"n't"/"never"/"no" as its advmod, or "no" as its det
    /// (a nominal predicate).
    pub fn negation(&self, pred: usize) -> Option<usize> {
        self.children(pred).find(|&j| {
            let w = &self.words[j];
            let l = w.lemma.to_lowercase();
            let f = w.form.to_lowercase();
            let neg = matches!(l.as_str(), "not" | "never" | "no")
                || matches!(f.as_str(), "n't" | "n’t" | "not" | "never" | "nt");
            neg && matches!(w.rel, Rel::Advmod | Rel::Det)
        })
    }

    /// aux, aux:pass and cop children of `pred` in text order.
    pub fn auxiliaries(&self, pred: usize) -> Vec<usize> {
        self.children(pred)
            .filter(|&j| matches!(self.words[j].rel, Rel::Aux | Rel::AuxPass | Rel::Cop))
            .collect()
    }

    /// Modal auxiliaries (tag MD) of `pred`.
    pub fn modals(&self, pred: usize) -> Vec<usize> {
        self.auxiliaries(pred)
            .into_iter()
            .filter(|&j| self.words[j].xpos == Xpos::Md)
            .collect()
    }

    /// The chain of verbs governing `pred` through xcomp ("were going to attack": for
    /// "attack", ["going"]; "plans to try to seize": for "seize", ["try", "plans"]).
    pub fn governors(&self, pred: usize) -> Vec<usize> {
        let mut v = Vec::new();
        let mut k = pred;
        while self.rel(k) == Rel::Xcomp {
            match self.head(k) {
                Some(h) if !v.contains(&h) && h != pred => {
                    v.push(h);
                    k = h;
                }
                _ => break,
            }
        }
        v
    }

    /// The kind of clause `pred` heads.
    pub fn clause_kind(&self, pred: usize) -> ClauseKind {
        match self.rel(pred) {
            Rel::Root => ClauseKind::Main,
            Rel::Ccomp => ClauseKind::Ccomp,
            Rel::Xcomp => ClauseKind::Xcomp,
            Rel::Advcl | Rel::AdvclRelcl => ClauseKind::Advcl,
            Rel::Acl => ClauseKind::Acl,
            Rel::AclRelcl => ClauseKind::Relcl,
            Rel::Csubj | Rel::CsubjPass | Rel::CsubjOuter => ClauseKind::Csubj,
            Rel::Parataxis => ClauseKind::Parataxis,
            Rel::Conj => ClauseKind::Conj,
            _ => ClauseKind::Other,
        }
    }

    /// The subordinating marker of `pred` (mark child, with fixed parts: "even if" -> "even").
    pub fn marker(&self, pred: usize) -> Option<usize> {
        self.child(pred, Rel::Mark)
    }

    /// The marker's words lower-cased ("if", "so that", "as soon as"), "" without one.
    pub fn marker_text(&self, pred: usize) -> String {
        let Some(m) = self.marker(pred) else {
            return String::new();
        };
        let mut v = vec![m];
        v.extend(self.children_by(m, Rel::Fixed));
        v.sort_unstable();
        v.iter()
            .map(|&j| self.words[j].form.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Reported speech with the default [`SPEECH_VERBS`].
    pub fn reported_speech(&self, pred: usize) -> Option<Speech> {
        self.reported_speech_with(pred, |lemma| SPEECH_VERBS.contains(&lemma))
    }

    /// Reported speech: `pred` (or the clause it is a conjunct of) is the ccomp/parataxis of
    /// a verb whose lower-cased lemma passes `is_speech_verb`, or has such a verb after it as
    /// a parataxis child ("..., officials said"; also an unmarked advcl or conj child with a
    /// subject and no object, a common parser error for it), or an "according to X" oblique.
    pub fn reported_speech_with(
        &self,
        pred: usize,
        is_speech_verb: impl Fn(&str) -> bool,
    ) -> Option<Speech> {
        let speech = |j: usize| {
            self.words
                .get(j)
                .is_some_and(|w| is_speech_verb(&w.lemma.to_lowercase()))
        };
        let mut k = pred;
        for _ in 0..self.words.len() {
            match self.rel(k) {
                Rel::Ccomp | Rel::Parataxis => {
                    let h = self.head(k)?;
                    if speech(h) {
                        return Some(Speech {
                            verb: h,
                            speaker: self.subject(h),
                            kind: SpeechKind::Complement,
                        });
                    }
                    break;
                }
                Rel::Conj => k = self.head(k)?,
                _ => break,
            }
        }
        let mut top = pred;
        for _ in 0..self.words.len() {
            if self.rel(top) != Rel::Conj {
                break;
            }
            match self.head(top) {
                Some(h) if h != top && h < self.words.len() => top = h,
                _ => break,
            }
        }
        for c in [pred, top] {
            // "..., officials said." is parataxis in EWT; parsers often make it an advcl or a
            // conjunct: accept those too when the verb follows, has a subject and no marker
            let reporting = |j: usize| match self.rel(j) {
                Rel::Parataxis => true,
                Rel::Advcl | Rel::Conj => {
                    self.marker(j).is_none()
                        && self.explicit_subject(j).is_some()
                        && self.child(j, Rel::Ccomp).is_none()
                        && self.child(j, Rel::Obj).is_none()
                }
                _ => false,
            };
            for j in self.children(c).collect::<Vec<_>>() {
                if reporting(j) && speech(j) && j > pred {
                    return Some(Speech {
                        verb: j,
                        speaker: self.subject(j),
                        kind: SpeechKind::Parenthetical,
                    });
                }
            }
            for o in self.obliques(c) {
                if let Some(&first) = o.case.first() {
                    if self.words[first].form.eq_ignore_ascii_case("according") {
                        return Some(Speech {
                            verb: first,
                            speaker: Some(o.word),
                            kind: SpeechKind::AccordingTo,
                        });
                    }
                }
            }
        }
        None
    }

    /// The conjuncts `i` belongs to (the first conjunct and its conj children), in text
    /// order; just `[i]` when it is not coordinated.
    pub fn conjuncts(&self, i: usize) -> Vec<usize> {
        if i >= self.words.len() {
            return Vec::new();
        }
        let mut first = i;
        for _ in 0..self.words.len() {
            if self.rel(first) != Rel::Conj {
                break;
            }
            match self.head(first) {
                Some(h) => first = h,
                None => break,
            }
        }
        let mut v = vec![first];
        v.extend(self.children_by(first, Rel::Conj));
        v.sort_unstable();
        v
    }

    /// All the clause facts about the clause headed by `pred` (use [`Self::predicate`] to go
    /// from any word to its clause).
    pub fn clause(&self, pred: usize) -> Clause {
        let subj = self.subject_info(pred);
        Clause {
            predicate: pred,
            kind: self.clause_kind(pred),
            marker: self.marker(pred),
            subject: subj.map(|s| s.0),
            subject_inherited: subj.is_some_and(|s| s.1),
            object: self.object(pred),
            indirect_object: self.indirect_object(pred),
            obliques: self.obliques(pred),
            voice: self.voice(pred),
            agent: self.agent(pred),
            negation: self.negation(pred),
            auxiliaries: self.auxiliaries(pred),
            governors: self.governors(pred),
            speech: self.reported_speech(pred),
            conjuncts: self.conjuncts(pred),
        }
    }

    /// The clauses of the sentence (one per clause head), in text order of their predicates.
    pub fn clauses(&self) -> Vec<Clause> {
        (0..self.words.len())
            .filter(|&i| self.is_clause_head(i))
            .map(|i| self.clause(i))
            .collect()
    }
}

#[cfg(test)]
mod tests;
