//! The sentence's clause structure: the sitrep-syntax parse of the sentence, aligned with the
//! coder's tokens, and the structural questions the passes ask of it (the clause of a
//! trigger, its subject and objects, whether it asserts its event, who reports it).

use super::*;
use sitrep_syntax::{Analyzer, Parse, Rel, Upos, Xpos};
use std::cell::OnceCell;
use std::ops::Deref;

/// The parse of a sentence, made on first use: passes that rule a trigger out from its words
/// alone never ask for it, so a sentence none of whose triggers gets that far is not parsed.
/// The parse is the same whenever it is made, so this changes no output.
pub(super) struct LazySyn<'a, 'd> {
    an: &'a Analyzer,
    text: &'a str,
    sa: &'a SentA<'d>,
    cell: OnceCell<Syn>,
}

impl<'a, 'd> LazySyn<'a, 'd> {
    pub(super) fn new(an: &'a Analyzer, text: &'a str, sa: &'a SentA<'d>) -> Self {
        LazySyn {
            an,
            text,
            sa,
            cell: OnceCell::new(),
        }
    }
}

impl LazySyn<'_, '_> {
    /// Whether the parse has been made.
    pub(super) fn is_parsed(&self) -> bool {
        self.cell.get().is_some()
    }
}

impl Deref for LazySyn<'_, '_> {
    type Target = Syn;

    fn deref(&self) -> &Syn {
        self.cell
            .get_or_init(|| Syn::new(self.an, self.text, self.sa))
    }
}

/// A parse of one sentence with the maps between coder tokens and syntax words.
pub(super) struct Syn {
    pub(super) p: Parse,
    /// Coder token index -> index of the syntax word that holds its first byte.
    tw: Vec<usize>,
    /// Syntax word index -> index of the first coder token inside it.
    wt: Vec<usize>,
}

impl Syn {
    /// Parses the sentence of `sa`; word spans are offsets into the document text.
    pub(super) fn new(an: &Analyzer, text: &str, sa: &SentA) -> Syn {
        let span = sa.sent.span;
        let sent = span.slice(text).unwrap_or("");
        let mut p = an.analyse(sent, &an.tokenize(sent));
        for w in p.words.iter_mut() {
            w.span = w.span.shift(span.start);
        }
        repair_reduced_relatives(&mut p);
        repair_verbless_root(&mut p);
        let mut tw = Vec::with_capacity(sa.toks.len());
        let mut j = 0;
        for t in &sa.toks {
            while j + 1 < p.words.len() && p.words[j].span.end <= t.span.start {
                j += 1;
            }
            tw.push(j);
        }
        let mut wt = vec![usize::MAX; p.words.len()];
        for (i, &w) in tw.iter().enumerate() {
            if w < wt.len() && wt[w] == usize::MAX {
                wt[w] = i;
            }
        }
        // Words without a token of their own (a clitic split off a coder token) point at
        // the token that holds them.
        let mut last = 0;
        for (w, t) in wt.iter_mut().enumerate() {
            if *t == usize::MAX {
                *t = sa
                    .toks
                    .iter()
                    .rposition(|tk| tk.span.start <= p.words[w].span.start)
                    .unwrap_or(last);
            }
            last = *t;
        }
        Syn { p, tw, wt }
    }

    /// The syntax word of coder token `i`.
    pub(super) fn word(&self, i: usize) -> Option<usize> {
        self.tw.get(i).copied().filter(|&w| w < self.p.words.len())
    }

    /// The first coder token of syntax word `w`.
    pub(super) fn tok(&self, w: usize) -> usize {
        self.wt.get(w).copied().unwrap_or(0)
    }

    pub(super) fn lemma(&self, w: usize) -> &str {
        self.p.words.get(w).map_or("", |x| x.lemma.as_str())
    }

    pub(super) fn upos(&self, w: usize) -> Upos {
        self.p.words.get(w).map_or(Upos::X, |x| x.upos)
    }

    pub(super) fn xpos(&self, w: usize) -> Xpos {
        self.p.words.get(w).map_or(Xpos::Xx, |x| x.xpos)
    }

    pub(super) fn rel(&self, w: usize) -> Rel {
        self.p.rel(w)
    }

    /// Whether the parse reads word `w` as the lexicon's part of speech for a trigger (a verb
    /// trigger tagged as a verb heading a clause or a participial modifier of one, a noun
    /// trigger tagged as a noun); when it does not, the parse is not trusted for this trigger.
    pub(super) fn agrees_with(&self, w: usize, pos: Pos) -> bool {
        match pos {
            Pos::Verb => {
                matches!(self.upos(w), Upos::Verb | Upos::Aux)
                    && !matches!(self.rel(w).base(), Rel::Amod | Rel::Compound | Rel::Nmod)
            }
            Pos::Noun => matches!(self.upos(w), Upos::Noun | Upos::Propn),
            Pos::Fixed => true,
        }
    }

    /// The head word of the token range `[a, b)`: the word of the range whose head lies
    /// outside it (the last such word when several do).
    pub(super) fn head_of(&self, a: usize, b: usize) -> Option<usize> {
        let (wa, wb) = (self.word(a)?, self.word(b.checked_sub(1)?)?);
        (wa..=wb).rfind(|&w| self.p.head(w).is_none_or(|h| h < wa || h > wb))
    }

    /// The actor mention (index into `sa.actors`) whose head word is `w`, or that holds `w`.
    pub(super) fn mention_of(&self, sa: &SentA, w: usize) -> Option<usize> {
        let by_head = sa
            .actors
            .iter()
            .position(|m| self.head_of(m.a, m.b) == Some(w));
        by_head.or_else(|| {
            let t = self.tok(w);
            sa.actors.iter().position(|m| m.a <= t && t < m.b)
        })
    }
}

/// Repairs the parser's commonest error on news text: a past-tense main verb read as a past
/// participle modifying its own subject ("Iraqi troops destroyed two bombs" parsed as "troops
/// [that were] destroyed ..."), which leaves a noun heading the sentence or a reported clause.
/// When a noun heads such a clause and an auxiliary-less VBN `acl` follows it directly, the
/// verb becomes the clause head with the noun as its subject.
fn repair_reduced_relatives(p: &mut Parse) {
    let n = p.words.len();
    for v in 0..n {
        let Some(h) = p.words[v].head else { continue };
        let head_clause = matches!(p.words[h].rel, Rel::Root | Rel::Ccomp | Rel::Parataxis);
        let verb_reading = p.words[v].rel == Rel::Acl
            && p.words[v].xpos == Xpos::Vbn
            && matches!(p.words[h].upos, Upos::Noun | Upos::Propn | Upos::Pron)
            && h < v
            && head_clause
            && !p
                .children(v)
                .any(|j| matches!(p.words[j].rel, Rel::Aux | Rel::AuxPass | Rel::Cop));
        // No other verb may already head the noun's clause (the noun has no subject child
        // relation that is a clause).
        if !verb_reading || p.children(h).any(|j| p.words[j].rel.is_subject()) {
            continue;
        }
        let (h_rel, h_head) = (p.words[h].rel, p.words[h].head);
        p.words[v].rel = h_rel;
        p.words[v].head = h_head;
        p.words[v].xpos = Xpos::Vbd;
        p.words[h].rel = Rel::Nsubj;
        p.words[h].head = Some(v);
        // The noun's dependents after the verb (punctuation, a parenthetical "officials
        // said") belong to the verb's clause.
        for j in (v + 1)..n {
            if p.words[j].head == Some(h) {
                p.words[j].head = Some(v);
            }
        }
    }
}

/// Repairs a sentence the parser left without a verb: its root is a noun and a participle
/// modifies a later noun ("Israeli tanks shelled positions ..." read as "tanks [with] shelled
/// positions"). A news sentence has a finite verb: the first such participle after the root
/// becomes the root, the old root its subject and the participle's noun its object.
fn repair_verbless_root(p: &mut Parse) {
    let n = p.words.len();
    let Some(root) = p.root() else { return };
    if !matches!(p.words[root].upos, Upos::Noun | Upos::Propn | Upos::Pron) {
        return;
    }
    if p.words
        .iter()
        .any(|w| matches!(w.upos, Upos::Verb) && !matches!(w.rel, Rel::Amod))
    {
        return;
    }
    let Some(v) = (root + 1..n).find(|&v| {
        p.words[v].rel == Rel::Amod
            && matches!(p.words[v].xpos, Xpos::Vbn | Xpos::Vbd)
            && p.words[v].head.is_some_and(|h| h > v)
    }) else {
        return;
    };
    let Some(obj) = p.words[v].head else { return };
    // The noun the participle modified becomes its object, wherever it hung.
    p.words[obj].head = Some(v);
    p.words[obj].rel = Rel::Obj;
    p.words[v].head = None;
    p.words[v].rel = Rel::Root;
    p.words[v].xpos = Xpos::Vbd;
    p.words[root].head = Some(v);
    p.words[root].rel = Rel::Nsubj;
    for j in (v + 1)..n {
        if p.words[j].head == Some(root) {
            p.words[j].head = Some(v);
        }
    }
}

/// What a clause asserts about its event, read from its structure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Reading {
    pub(super) negated: bool,
    pub(super) future: bool,
    pub(super) hypothetical: bool,
    /// Habitual or background ("has often attacked", "areas once held by").
    pub(super) habitual: bool,
}

impl Syn {
    /// The predicate whose clause asserts (or not) the event of trigger word `w`: a verb's
    /// own clause; for an event noun, the clause of the verb it is the subject, object or
    /// oblique of ("launched an offensive", "the attack killed", "died in the attack").
    pub(super) fn event_predicate(&self, ws: &Words, w: usize) -> usize {
        let p = &self.p;
        if matches!(self.upos(w), Upos::Noun | Upos::Propn) {
            // "a new round of talks", "five days of fighting": the measure stands for the noun.
            let mut w = w;
            for _ in 0..3 {
                match p.head(w) {
                    Some(h)
                        if self.rel(w) == Rel::Nmod
                            && matches!(self.upos(h), Upos::Noun)
                            && p.case_markers(w)
                                .first()
                                .is_some_and(|&c| p.words[c].form.eq_ignore_ascii_case("of")) =>
                    {
                        w = h
                    }
                    _ => break,
                }
            }
            // The clause of the verb whose subject the noun is ("the attack killed five",
            // "fighting has not resumed"), or of the light verb that carries it ("will hold
            // talks", "plans to launch an offensive"). Elsewhere the noun's event is
            // presupposed ("used force to suppress a protest", "the deal to evacuate"): the
            // governing clause's modality is not the noun's.
            let r = self.rel(w).base();
            if let Some(h) = p.head(w) {
                let light = r == Rel::Obj && ws.light_verbs.contains(&self.lemma(h).to_lowercase());
                if r == Rel::Nsubj || light {
                    return p.predicate(h).unwrap_or(h);
                }
            }
            return w;
        }
        p.predicate(w).unwrap_or(w)
    }

    /// Whether the clause of trigger word `w` asserts its event: negation, modals, governing
    /// verbs of intention or refusal, plan nouns, conditional and interrogative clauses,
    /// habitual adverbs, up the chain of clauses that embed it (up to a reporting verb).
    pub(super) fn reading(&self, ws: &Words, w: usize, question: bool) -> Reading {
        let p = &self.p;
        let mut r = Reading {
            hypothetical: question,
            ..Reading::default()
        };
        let lemma_in = |set: &WordSet, j: usize| set.contains(&self.lemma(j).to_lowercase());
        // An event noun negated by its determiner: "no attacks", "no clashes".
        if (w != self.event_predicate(ws, w) || matches!(self.upos(w), Upos::Noun | Upos::Propn))
            && p.children(w)
                .any(|j| self.rel(j) == Rel::Det && self.lemma(j).eq_ignore_ascii_case("no"))
        {
            r.negated = true;
        }
        let mut k = self.event_predicate(ws, w);
        if matches!(self.upos(w), Upos::Noun | Upos::Propn) {
            self.noun_reading(ws, w, k == w, &mut r);
        }
        let mut reported = false;
        for depth in 0..8 {
            if p.negation(k).is_some() {
                // A negation above the first clause only counts through a governor chain.
                if depth == 0 || matches!(self.rel(k), Rel::Xcomp) {
                    r.negated = true;
                }
            }
            for m in p.modals(k) {
                // Trust the parse only when the modal stands right before its verb, adverbs,
                // negation and auxiliaries aside ("would not have attacked"; not "would-be").
                let adjacent = m < k
                    && p.words.get(m + 1).is_some_and(|x| x.xpos != Xpos::Hyph)
                    && (m + 1..k)
                        .all(|j| matches!(self.upos(j), Upos::Adv | Upos::Part | Upos::Aux));
                if !adjacent {
                    continue;
                }
                let l = self.lemma(m).to_lowercase();
                let f = p.words[m].form.to_lowercase();
                if ws.modal_future.contains(&l) || ws.modal_future.contains(&f) {
                    r.future = true;
                } else if ws.modal_hypothetical.contains(&l) || ws.modal_hypothetical.contains(&f) {
                    // "said it would retaliate": future in reported speech.
                    if (l == "would" || f == "would" || f == "'d") && self.reported_above(k) {
                        r.future = true;
                    } else {
                        r.hypothetical = true;
                    }
                }
            }
            if depth == 0 {
                for j in p.children(k) {
                    if self.rel(j) == Rel::Advmod && lemma_in(&ws.habitual_adverbs, j) {
                        r.habitual = true;
                    }
                    // "has denied for years", "fought for decades": a plural span without a
                    // number ("jailed for two years" is the term).
                    let plural = matches!(self.xpos(j), Xpos::Nns)
                        && p.children_by(j, Rel::Nummod).is_empty();
                    if self.rel(j).base() == Rel::Obl
                        && plural
                        && lemma_in(&ws.duration_nouns, j)
                        && p.case_markers(j)
                            .first()
                            .is_some_and(|&c| p.words[c].form.eq_ignore_ascii_case("for"))
                    {
                        r.habitual = true;
                    }
                }
                // The simple present without auxiliaries in a relative clause describes what
                // is usually done ("bloggers who praise China"). (Outside relative clauses it
                // is too often a headline's or a report's present to be read as habitual.)
                let simple_present =
                    matches!(self.xpos(k), Xpos::Vbz | Xpos::Vbp) && p.auxiliaries(k).is_empty();
                if simple_present && self.rel(k) == Rel::AclRelcl {
                    r.habitual = true;
                }
            }
            let rel = self.rel(k);
            let Some(h) = p.head(k) else { break };
            match rel.base() {
                Rel::Xcomp => {
                    if lemma_in(&ws.governor_negative, h) {
                        r.negated = true;
                    } else if lemma_in(&ws.governor_future, h) {
                        r.future = true;
                    } else if self.lemma(h).eq_ignore_ascii_case("use")
                        && p.words[h].xpos == Xpos::Vbd
                    {
                        r.habitual = true; // "used to attack"
                    } else if self.irrealis_adjective(ws, h) {
                        r.hypothetical = true; // "difficult to deploy"
                    }
                    k = h;
                }
                Rel::Advcl | Rel::Ccomp | Rel::Csubj => {
                    let marker = p.marker_text(k);
                    if ws.conditional_markers.contains(&marker)
                        || marker
                            .split(' ')
                            .any(|m| ws.conditional_markers.contains(m))
                    {
                        r.hypothetical = true;
                    }
                    // "refrained from commenting", "barred girls from attending", "without
                    // asking": a clause that did not happen.
                    if rel.base() == Rel::Advcl
                        && ws.negating_markers.contains(&marker.replace(' ', "+"))
                    {
                        r.negated = true;
                    }
                    if rel.base() == Rel::Advcl
                        && matches!(marker.as_str(), "to" | "so" | "in order to" | "so that")
                    {
                        r.future = true; // purpose: "sent troops to curb ..."
                    }
                    if rel == Rel::Ccomp && self.is_reporting(h) {
                        reported = true;
                        break;
                    }
                    if lemma_in(&ws.governor_negative, h) && rel == Rel::Ccomp {
                        r.negated = true;
                    }
                    if self.irrealis_adjective(ws, h) {
                        r.hypothetical = true; // "it is necessary that troops withdraw"
                    }
                    k = h;
                }
                Rel::Acl => {
                    let marker = p.marker_text(k);
                    // "the plan to pull out", "a call to withdraw".
                    if lemma_in(&ws.plan_nouns, h) && marker == "to" {
                        r.future = true;
                    }
                    // A gerund complementing a noun is its topic, not a happening
                    // ("negotiations on ceding sovereignty", "the possibility of
                    // withdrawing"); so is a clause of a noun opened by "whether" ("influence
                    // on whether China transfers arms").
                    if (self.xpos(k) == Xpos::Vbg
                        && matches!(marker.as_str(), "on" | "about" | "of" | "over" | "for"))
                        || marker == "whether"
                    {
                        r.hypothetical = true;
                    }
                    // "difficult for troops to be deployed": the "for" noun of an
                    // adjective of possibility or need, with its "to"-clause.
                    if p.marker_text(k) == "to"
                        && self.rel(h) == Rel::Obl
                        && p.head(h).is_some_and(|a| self.irrealis_adjective(ws, a))
                    {
                        r.hypothetical = true;
                    }
                    break;
                }
                Rel::Conj => k = h,
                _ => break,
            }
        }
        let _ = reported;
        r
    }

    /// The reading an event noun takes from its own phrase: its modifiers ("future
    /// negotiations", "a possible attack"), a noun of risk it complements ("the threat of
    /// attacks"), or, when no clause of its own asserts it (`own`), a modal on the verb whose
    /// generic object it is ("it can mean intimidation and arrest").
    fn noun_reading(&self, ws: &Words, w: usize, own: bool, r: &mut Reading) {
        let p = &self.p;
        let in_set = |set: &WordSet, j: usize| {
            set.contains(&self.lemma(j).to_lowercase())
                || set.contains(&p.words[j].form.to_lowercase())
        };
        for j in p.children(w) {
            if matches!(self.rel(j).base(), Rel::Amod) {
                if in_set(&ws.future_modifiers, j) {
                    r.future = true;
                } else if in_set(&ws.hypothetical_modifiers, j) {
                    r.hypothetical = true;
                }
            }
        }
        let first = p.conjuncts(w).first().copied().unwrap_or(w);
        let Some(h) = p.head(first) else { return };
        if self.rel(first) == Rel::Nmod
            && matches!(self.upos(h), Upos::Noun)
            && in_set(&ws.risk_nouns, h)
            && self.of_between(h, first)
        {
            r.hypothetical = true;
        }
        // A generic event (no determiner) as the object of a modal verb.
        let generic = !p.children(w).any(|j| self.rel(j) == Rel::Det);
        if own
            && generic
            && self.rel(first) == Rel::Obj
            && matches!(self.upos(h), Upos::Verb)
            && p.negation(h).is_none()
        {
            for m in p.modals(h) {
                let l = self.lemma(m).to_lowercase();
                if ws.modal_hypothetical.contains(&l) {
                    r.hypothetical = true;
                } else if ws.modal_future.contains(&l) {
                    r.future = true;
                }
            }
        }
    }

    /// Whether noun `j` is the "of" complement of noun `h` before it: its case marker, or an
    /// "of" between them that the parse hung on a modifier of `j` ("the threat of al-Shabab
    /// attacks", with "of" on "al").
    fn of_between(&self, h: usize, j: usize) -> bool {
        h < j
            && (h + 1..j).any(|k| {
                self.p.words[k].form.eq_ignore_ascii_case("of")
                    && self.p.head(k).is_some_and(|x| x == j || (x > h && x < j))
            })
    }

    /// Whether `a` is an adjective of possibility or need ("difficult", "necessary").
    fn irrealis_adjective(&self, ws: &Words, a: usize) -> bool {
        matches!(self.upos(a), Upos::Adj)
            && ws
                .irrealis_adjectives
                .contains(&self.lemma(a).to_lowercase())
    }

    /// Whether `k` is a reporting verb (its lemma is a communication verb).
    fn is_reporting(&self, k: usize) -> bool {
        sitrep_syntax::clause::SPEECH_VERBS.contains(&self.lemma(k).to_lowercase().as_str())
    }

    /// Whether the clause of `k` is the complement of a reporting verb.
    fn reported_above(&self, k: usize) -> bool {
        let p = &self.p;
        let mut j = k;
        for _ in 0..6 {
            match (self.rel(j), p.head(j)) {
                (Rel::Ccomp | Rel::Parataxis, Some(h)) => return self.is_reporting(h),
                (Rel::Conj | Rel::Xcomp, Some(h)) => j = h,
                _ => return false,
            }
        }
        false
    }
}

impl Syn {
    /// Whether event noun `w` is presented as a happening rather than named as a thing ("the
    /// threat of terrorism", "military cooperation is dangerous", "called for talks"): it is
    /// the subject of a verb other than a copula ("clashes erupted", "the strike killed five"),
    /// the object of a verb that does not merely name it ("launched an offensive", "condemned
    /// the attack", but not "discussed the deployment"), an oblique or modifier with a
    /// preposition of circumstance ("killed in an air strike", "after the attack"), the
    /// complement of a measure ("days of fighting", "a wave of arrests"), or it has a
    /// participant or date of its own ("Israeli air strikes", "the army's offensive", "an
    /// attack on the town", "Tuesday's attack"). A verbless sentence's noun stands by itself.
    pub(super) fn noun_asserted(&self, sa: &SentA, w: usize) -> bool {
        self.noun_asserted_at(sa, w, 0)
    }

    fn noun_asserted_at(&self, sa: &SentA, w: usize, depth: usize) -> bool {
        let p = &self.p;
        let ws = sa.ws;
        let lemma_in = |set: &WordSet, j: usize| set.contains(&self.lemma(j).to_lowercase());
        let prep = |j: usize| {
            p.case_markers(j)
                .first()
                .map(|&c| p.words[c].form.to_lowercase())
                .unwrap_or_default()
        };
        // A noun of risk with an "of" complement names a danger, not a threat someone made
        // ("the threat of attacks"), unless its maker is named ("the group's threat").
        if lemma_in(&ws.risk_nouns, w)
            && p.children(w)
                .any(|j| self.rel(j) == Rel::Nmod && self.of_between(w, j))
            && !p.children(w).any(|j| {
                self.rel(j) == Rel::NmodPoss
                    || (self.rel(j) == Rel::Nmod
                        && matches!(prep(j).as_str(), "by" | "from")
                        && self.mention_of(sa, j).is_some())
            })
        {
            return false;
        }
        // A governor that names the event without presenting it overrides the noun's own
        // participants: "called for Lai's release", "urged the army's withdrawal".
        if let Some(h) = p.head(w) {
            let named = match self.rel(w).base() {
                Rel::Obj => {
                    matches!(self.upos(h), Upos::Verb) && lemma_in(&ws.noun_object_unasserted, h)
                }
                Rel::Obl => ws.non_event_cases.contains(&prep(w)),
                _ => false,
            };
            if named {
                return false;
            }
        }
        let own_argument = p.children(w).any(|j| match self.rel(j) {
            Rel::NmodPoss | Rel::NmodTmod => true,
            Rel::Amod | Rel::Compound => {
                self.mention_of(sa, j).is_some()
                    || sa
                        .dates
                        .iter()
                        .any(|d| d.0 <= self.tok(j) && self.tok(j) < d.1)
            }
            Rel::Nmod => match prep(j).as_str() {
                "on" | "against" => true,
                "by" | "between" | "with" | "from" | "of" => self.mention_of(sa, j).is_some(),
                _ => false,
            },
            _ => false,
        });
        if own_argument {
            return true;
        }
        let Some(h) = p.head(w) else {
            return true; // the root of a verbless sentence or headline
        };
        // Only positive evidence of naming rules the noun out: a parse that puts the noun
        // somewhere unexpected (it makes mistakes) leaves it an event.
        match self.rel(w).base() {
            Rel::Obj => {
                !(matches!(self.upos(h), Upos::Verb) && lemma_in(&ws.noun_object_unasserted, h))
            }
            // The subject of an adjectival predicate ("cooperation is dangerous").
            Rel::Nsubj => {
                !matches!(self.upos(h), Upos::Adj) || p.children_by(h, Rel::Cop).is_empty()
            }
            Rel::Obl => !ws.non_event_cases.contains(&prep(w)),
            Rel::Nmod => {
                let pr = prep(w);
                ws.event_cases.contains(&pr)
                    || (pr == "of"
                        && lemma_in(&ws.measure_nouns, h)
                        && (depth > 2 || self.noun_asserted_at(sa, h, depth + 1)))
            }
            // A noun modifying another ("host communities", "a threat level"), except an
            // event's measure ("a looting spree").
            Rel::Compound => lemma_in(&ws.measure_nouns, h),
            Rel::Conj if depth < 3 => match p.conjuncts(w).first() {
                Some(&first) if first != w => self.noun_asserted_at(sa, first, depth + 1),
                _ => true,
            },
            _ => true,
        }
    }
}

impl Syn {
    /// When the object of verb `v` is something said (an allegation, a claim, findings), the
    /// actor mention of its author: its possessor ("the panel's findings"), its "by"/"from"
    /// complement ("allegations by Pakistan"), or the agent of a participle modifying it
    /// ("allegations made by Pakistan").
    pub(super) fn author_of_object(&self, sa: &SentA, v: usize) -> Option<usize> {
        let p = &self.p;
        let o = p.object(v)?;
        if !sa.ws.said_nouns.contains(&self.lemma(o).to_lowercase()) {
            return None;
        }
        let prep = |j: usize| {
            p.case_markers(j)
                .first()
                .map(|&c| p.words[c].form.to_lowercase())
                .unwrap_or_default()
        };
        for j in p.children(o) {
            let author = match self.rel(j) {
                Rel::NmodPoss => Some(j),
                Rel::Nmod if matches!(prep(j).as_str(), "by" | "from") => Some(j),
                Rel::Acl if self.xpos(j) == Xpos::Vbn => p.agent(j),
                _ => None,
            };
            if let Some(m) = author.and_then(|a| self.mention_of(sa, a)) {
                return Some(m);
            }
        }
        None
    }

    /// For a participial adverbial clause ("..., killing three") or a conjunct of one
    /// ("... and wounding five others"): `Some(mention)` of the subject it takes from the
    /// clause it modifies (`Some(None)` when that subject is no actor mention); `None` when
    /// `v` heads no such clause.
    pub(super) fn participial_subject(&self, sa: &SentA, v: usize) -> Option<Option<usize>> {
        let p = &self.p;
        let first = p.conjuncts(v).first().copied().unwrap_or(v);
        if self.rel(first) != Rel::Advcl || self.xpos(first) != Xpos::Vbg {
            return None;
        }
        if p.explicit_subject(first).is_some() || p.marker(first).is_some() {
            return None; // "after rebels attacking ...", "while police were firing"
        }
        // Hung on the reporting verb ("..., wounding 14, medics said"): a parse error.
        if p.head(first).is_some_and(|h| self.is_reporting(h)) {
            return None;
        }
        let s = p.subject(v)?;
        Some(self.mention_of(sa, s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Gunmen opened fire on a market in Kano on Monday, wounding three traders.";

    /// Runs `test` on the embedded coder, the document of `TEXT` and the analysis of its first
    /// sentence.
    fn with_first_sentence(test: impl FnOnce(&'static Coder, &Document, &SentA<'_>)) {
        let c = Coder::embedded();
        let doc = Document::new("t", TEXT);
        let sents = sitrep_text::sentences(&doc.text);
        let spans: Vec<Span> = sents.iter().map(|s| s.span).collect();
        let places = c.gazetteer.places_in(&doc.text, &spans);
        let sa = analyse(c, &doc, &sents[0], &places);
        test(c, &doc, &sa);
    }

    #[test]
    fn the_lazy_parse_is_made_on_first_use_and_is_the_eager_one() {
        with_first_sentence(|c, doc, sa| {
            let lazy = LazySyn::new(c.syntax, &doc.text, sa);
            assert!(!lazy.is_parsed());
            let eager = Syn::new(c.syntax, &doc.text, sa);
            assert_eq!(lazy.p, eager.p);
            assert!(lazy.is_parsed());
            assert_eq!((&lazy.tw, &lazy.wt), (&eager.tw, &eager.wt));
        });
    }

    #[test]
    fn the_participial_subject_is_one_of_its_readings() {
        with_first_sentence(|c, doc, sa| {
            let armed = armed_context(&c.lex, sa);
            let hits = find_triggers(&c.lex, sa, armed);
            let cx = Sent {
                c,
                lex: &c.lex,
                doc,
                sa,
                words: sa.words.iter().map(String::as_str).collect(),
                n: sa.toks.len(),
                armed,
                nonpol: false,
                reports: find_reports(&c.lex, sa, &hits),
                hits,
                syn: LazySyn::new(c.syntax, &doc.text, sa),
            };
            let wounding = cx.hits.iter().find(|h| cx.words[h.a] == "wounding");
            let h = wounding.expect("a trigger on \"wounding\"");
            assert!(reads_participial(&cx, h));
            let p = participial(&cx, h);
            assert_eq!(p, Some(Some(0)), "the subject is \"Gunmen\"");
            assert!(participial_readings(&cx).any(|r| r == p));
        });
    }
}
