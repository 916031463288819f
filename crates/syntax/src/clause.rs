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
mod tests {
    use super::*;
    use crate::Word;

    /// Builds a parse from "form lemma UPOS XPOS head rel" rows (heads 1-based, 0 = root).
    fn tree(rows: &str) -> Parse {
        let mut words = Vec::new();
        let mut pos = 0;
        for row in rows.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let f: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(f.len(), 6, "{row}");
            let head: usize = f[4].parse().unwrap();
            words.push(Word {
                span: Span::new(pos, pos + f[0].len()),
                form: f[0].into(),
                lemma: f[1].into(),
                upos: Upos::parse(f[2]).unwrap(),
                xpos: Xpos::parse(f[3]).unwrap(),
                head: head.checked_sub(1),
                rel: Rel::parse(f[5]).unwrap(),
            });
            pos += f[0].len() + 1;
        }
        let p = Parse { words };
        assert!(p.is_well_formed());
        p
    }

    fn form(p: &Parse, i: Option<usize>) -> Option<&str> {
        i.map(|i| p.words[i].form.as_str())
    }

    #[test]
    fn passive_with_agent() {
        let p = tree(
            "The the DET DT 2 det
             town town NOUN NN 4 nsubj:pass
             was be AUX VBD 4 aux:pass
             attacked attack VERB VBN 0 root
             by by ADP IN 6 case
             rebels rebel NOUN NNS 4 obl:agent
             . . PUNCT . 4 punct",
        );
        let c = p.clause(3);
        assert_eq!(c.kind, ClauseKind::Main);
        assert_eq!(c.voice, Voice::Passive);
        assert_eq!(form(&p, c.subject), Some("town"));
        assert_eq!(form(&p, c.agent), Some("rebels"));
        assert_eq!(c.auxiliaries, vec![2]);
        assert_eq!(c.obliques[0].preposition, "by");
        assert_eq!(p.predicate(0), Some(3));
        assert_eq!(p.predicate(5), Some(3));
        assert_eq!(c.negation, None);
    }

    #[test]
    fn passive_agent_from_plain_by_oblique() {
        // older annotation: "by" phrase as plain obl; VBN after "be"
        let p = tree(
            "Two two NUM CD 2 nummod
             men man NOUN NNS 4 nsubj
             were be AUX VBD 4 aux
             killed kill VERB VBN 0 root
             by by ADP IN 6 case
             troops troop NOUN NNS 4 obl",
        );
        assert_eq!(p.voice(3), Voice::Passive);
        assert_eq!(form(&p, p.agent(3)), Some("troops"));
    }

    #[test]
    fn negation_and_modal() {
        let p = tree(
            "Troops troop NOUN NNS 4 nsubj
             will will AUX MD 4 aux
             not not PART RB 4 advmod
             attack attack VERB VB 0 root
             the the DET DT 6 det
             city city NOUN NN 4 obj
             . . PUNCT . 4 punct",
        );
        let c = p.clause(3);
        assert_eq!(form(&p, c.negation), Some("not"));
        assert_eq!(p.modals(3), vec![1]);
        assert_eq!(form(&p, c.object), Some("city"));
        assert_eq!(c.voice, Voice::Active);
        let p = tree(
            "They they PRON PRP 4 nsubj
             did do AUX VBD 4 aux
             n't not PART RB 4 advmod
             fire fire VERB VB 0 root",
        );
        assert_eq!(form(&p, p.negation(3)), Some("n't"));
    }

    #[test]
    fn conditional_if_clause() {
        let p = tree(
            "If if SCONJ IN 3 mark
             rebels rebel NOUN NNS 3 nsubj
             attack attack VERB VBP 7 advcl
             , , PUNCT , 7 punct
             troops troop NOUN NNS 7 nsubj
             will will AUX MD 7 aux
             respond respond VERB VB 0 root
             . . PUNCT . 7 punct",
        );
        let c = p.clause(2);
        assert_eq!(c.kind, ClauseKind::Advcl);
        assert_eq!(form(&p, c.marker), Some("If"));
        assert_eq!(p.marker_text(2), "if");
        assert_eq!(form(&p, c.subject), Some("rebels"));
        assert!(!c.subject_inherited);
        assert_eq!(p.clauses().len(), 2);
        assert_eq!(p.predicate(1), Some(2));
        assert_eq!(p.predicate(4), Some(6));
    }

    #[test]
    fn relative_clauses() {
        let p = tree(
            "Fighters fighter NOUN NNS 6 nsubj
             who who PRON WP 3 nsubj
             attacked attack VERB VBD 1 acl:relcl
             the the DET DT 5 det
             base base NOUN NN 3 obj
             fled flee VERB VBD 0 root
             . . PUNCT . 6 punct",
        );
        let c = p.clause(2);
        assert_eq!(c.kind, ClauseKind::Relcl);
        assert_eq!(form(&p, c.subject), Some("Fighters"));
        assert!(c.subject_inherited);
        assert_eq!(form(&p, c.object), Some("base"));
        assert_eq!(form(&p, p.subject(5)), Some("Fighters"));
        // object relative: "the town that rebels attacked"
        let p = tree(
            "the the DET DT 2 det
             town town NOUN NN 0 root
             that that PRON WDT 5 obj
             rebels rebel NOUN NNS 5 nsubj
             attacked attack VERB VBD 2 acl:relcl",
        );
        assert_eq!(form(&p, p.object(4)), Some("town"));
        assert_eq!(form(&p, p.subject(4)), Some("rebels"));
        // reduced relative: "a man killed by troops"
        let p = tree(
            "a a DET DT 2 det
             man man NOUN NN 0 root
             killed kill VERB VBN 2 acl
             by by ADP IN 5 case
             troops troop NOUN NNS 3 obl:agent",
        );
        assert_eq!(p.voice(2), Voice::Passive);
        assert_eq!(form(&p, p.subject(2)), Some("man"));
        assert_eq!(form(&p, p.agent(2)), Some("troops"));
        assert_eq!(p.clause_kind(2), ClauseKind::Acl);
    }

    #[test]
    fn reported_speech() {
        let p = tree(
            "Officials official NOUN NNS 2 nsubj
             said say VERB VBD 0 root
             rebels rebel NOUN NNS 4 nsubj
             attacked attack VERB VBD 2 ccomp
             the the DET DT 6 det
             town town NOUN NN 4 obj
             . . PUNCT . 2 punct",
        );
        let s = p.reported_speech(3).unwrap();
        assert_eq!(s.kind, SpeechKind::Complement);
        assert_eq!(form(&p, Some(s.verb)), Some("said"));
        assert_eq!(form(&p, s.speaker), Some("Officials"));
        assert_eq!(p.clause_kind(3), ClauseKind::Ccomp);
        assert_eq!(form(&p, p.subject(3)), Some("rebels"));
        assert_eq!(p.reported_speech(1), None);
        // custom verb list
        assert_eq!(p.reported_speech_with(3, |l| l == "claim"), None);

        let p = tree(
            "Rebels rebel NOUN NNS 2 nsubj
             attacked attack VERB VBD 0 root
             the the DET DT 4 det
             town town NOUN NN 2 obj
             , , PUNCT , 7 punct
             officials official NOUN NNS 7 nsubj
             said say VERB VBD 2 parataxis
             . . PUNCT . 2 punct",
        );
        let s = p.reported_speech(1).unwrap();
        assert_eq!(s.kind, SpeechKind::Parenthetical);
        assert_eq!(form(&p, s.speaker), Some("officials"));
        // the same with the reporting clause mis-attached as advcl
        let mut q = p.clone();
        q.words[6].rel = Rel::Advcl;
        assert_eq!(q.reported_speech(1).map(|s| s.verb), Some(6));
        // but not an adverbial clause with a marker ("..., as officials said")
        q.words.push(crate::Word {
            span: Span::new(60, 62),
            form: "as".into(),
            lemma: "as".into(),
            upos: Upos::Sconj,
            xpos: Xpos::In,
            head: Some(6),
            rel: Rel::Mark,
        });
        assert_eq!(q.reported_speech(1), None);

        let p = tree(
            "Ten ten NUM CD 2 nummod
             died die VERB VBD 0 root
             , , PUNCT , 6 punct
             according accord VERB VBG 6 case
             to to ADP IN 4 fixed
             police police NOUN NN 2 obl",
        );
        let s = p.reported_speech(1).unwrap();
        assert_eq!(s.kind, SpeechKind::AccordingTo);
        assert_eq!(form(&p, s.speaker), Some("police"));
        assert_eq!(p.obliques(1)[0].preposition, "according to");
    }

    #[test]
    fn coordination_shares_subject() {
        let p = tree(
            "Gunmen gunman NOUN NNS 2 nsubj
             opened open VERB VBD 0 root
             fire fire NOUN NN 2 obj
             , , PUNCT , 5 punct
             killing kill VERB VBG 2 advcl
             three three NUM CD 5 obj
             and and CCONJ CC 8 cc
             wounding wound VERB VBG 5 conj
             five five NUM CD 8 obj
             . . PUNCT . 2 punct",
        );
        assert_eq!(p.conjuncts(7), vec![4, 7]);
        assert_eq!(p.conjuncts(4), vec![4, 7]);
        assert_eq!(form(&p, p.subject(4)), Some("Gunmen"));
        let c = p.clause(7);
        assert_eq!(c.kind, ClauseKind::Conj);
        assert_eq!(form(&p, c.subject), Some("Gunmen"));
        assert!(c.subject_inherited);
        assert_eq!(form(&p, c.object), Some("five"));
        assert_eq!(p.predicate(8), Some(7));
        assert_eq!(p.clauses().len(), 3);
        // nominal conjuncts are not clauses
        let p = tree(
            "troops troop NOUN NNS 4 nsubj
             and and CCONJ CC 3 cc
             police police NOUN NN 1 conj
             fired fire VERB VBD 0 root",
        );
        assert!(!p.is_clause_head(2));
        assert_eq!(p.predicate(2), Some(3));
        assert_eq!(p.conjuncts(2), vec![0, 2]);
    }

    #[test]
    fn control_and_governors() {
        let p = tree(
            "The the DET DT 2 det
             group group NOUN NN 3 nsubj
             plans plan VERB VBZ 0 root
             to to PART TO 5 mark
             attack attack VERB VB 3 xcomp
             the the DET DT 7 det
             city city NOUN NN 5 obj",
        );
        let c = p.clause(4);
        assert_eq!(c.kind, ClauseKind::Xcomp);
        assert_eq!(c.governors, vec![2]);
        assert_eq!(form(&p, c.subject), Some("group"));
        assert_eq!(form(&p, c.marker), Some("to"));
        // object control: "forced them to leave"
        let p = tree(
            "Troops troop NOUN NNS 2 nsubj
             forced force VERB VBD 0 root
             them they PRON PRP 2 obj
             to to PART TO 5 mark
             leave leave VERB VB 2 xcomp",
        );
        assert_eq!(form(&p, p.subject(4)), Some("them"));
    }

    #[test]
    fn malformed_hand_made_trees_do_not_hang() {
        // a conj cycle and an out-of-range head: helpers must stay bounded
        let mut p = tree(
            "a a NOUN NN 0 root
             b b VERB VBD 1 conj
             c c VERB VBD 2 conj",
        );
        p.words[0].head = Some(2);
        p.words[0].rel = Rel::Conj;
        p.words[1].head = Some(7);
        assert!(!p.is_well_formed());
        for i in 0..3 {
            let _ = p.clause(i);
            let _ = p.predicate(i);
            let _ = p.subtree_span(i);
        }
    }

    #[test]
    fn subtrees_and_spans() {
        let p = tree(
            "The the DET DT 2 det
             town town NOUN NN 4 nsubj:pass
             was be AUX VBD 4 aux:pass
             attacked attack VERB VBN 0 root
             by by ADP IN 6 case
             rebels rebel NOUN NNS 4 obl:agent",
        );
        assert_eq!(p.subtree(1), vec![0, 1]);
        assert_eq!(p.subtree_span(1), Some(Span::new(0, 8)));
        assert_eq!(p.subtree_span(5), Some(Span::new(22, 31)));
        assert_eq!(p.subtree(3).len(), 6);
        assert_eq!(p.subtree(99), Vec::<usize>::new());
        assert_eq!(p.children_by(3, Rel::AuxPass), vec![2]);
        assert_eq!(p.children_by_base(3, Rel::Nsubj), vec![1]);
        assert_eq!(p.head(0), Some(1));
        assert_eq!(p.head(3), None);
        assert_eq!(p.predicate(99), None);
    }
}
