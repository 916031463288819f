//! Greedy arc-hybrid dependency parser (Kuhlmann et al. 2011) with the root at the bottom of
//! the stack, which may take its one dependent only when the buffer is empty: every run ends
//! in a single-rooted tree. Transitions are scored by an averaged perceptron over hashed
//! features and trained with Goldberg & Nivre's (2013) dynamic oracle.

use crate::hash::{f1, f2, f3};
use crate::tagger::WordInfo;
use crate::weights::{Dense3, Weights};

const NONE: usize = usize::MAX;
/// Hash value standing for "no word here".
const NIL: u64 = 0x004e_494c;
/// Hash value standing for the root.
const ROOT_V: u64 = 0x524f_4f54;

/// Transition kinds. The class number of a transition is `0` for shift, `1 + l` for left-arc
/// with label `l` and `1 + L + l` for right-arc with label `l` (L labels).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Shift,
    Left,
    Right,
}

/// Parser state over `n` words; node `n` is the root.
#[derive(Clone, Debug)]
pub struct State {
    pub n: usize,
    pub stack: Vec<usize>,
    pub b: usize,
    pub heads: Vec<usize>,
    pub labels: Vec<u16>,
    lmost: Vec<[usize; 2]>,
    rmost: Vec<[usize; 2]>,
    nleft: Vec<u8>,
    nright: Vec<u8>,
}

impl State {
    pub fn new(n: usize) -> State {
        let mut s = State {
            n,
            stack: Vec::with_capacity(n + 1),
            b: 0,
            heads: vec![NONE; n + 1],
            labels: vec![0; n + 1],
            lmost: vec![[NONE; 2]; n + 1],
            rmost: vec![[NONE; 2]; n + 1],
            nleft: vec![0; n + 1],
            nright: vec![0; n + 1],
        };
        s.stack.push(n);
        s
    }

    pub fn terminal(&self) -> bool {
        self.b >= self.n && self.stack.len() <= 1
    }

    pub(crate) fn s(&self, i: usize) -> usize {
        let l = self.stack.len();
        if i < l {
            self.stack[l - 1 - i]
        } else {
            NONE
        }
    }

    pub fn legal(&self, m: Move) -> bool {
        let l = self.stack.len();
        match m {
            Move::Shift => self.b < self.n,
            Move::Left => l >= 2 && self.b < self.n,
            Move::Right => l >= 3 || (l == 2 && self.b >= self.n),
        }
    }

    /// The root arc is made when the second element of the stack is the root.
    pub fn right_is_root(&self) -> bool {
        self.stack.len() == 2
    }

    fn attach(&mut self, d: usize, h: usize, label: u16) {
        self.heads[d] = h;
        self.labels[d] = label;
        if h == self.n {
            return;
        }
        if d < h {
            let lm = &mut self.lmost[h];
            if lm[0] == NONE || d < lm[0] {
                lm[1] = lm[0];
                lm[0] = d;
            } else if lm[1] == NONE || d < lm[1] {
                lm[1] = d;
            }
            self.nleft[h] = self.nleft[h].saturating_add(1);
        } else {
            let rm = &mut self.rmost[h];
            if rm[0] == NONE || d > rm[0] {
                rm[1] = rm[0];
                rm[0] = d;
            } else if rm[1] == NONE || d > rm[1] {
                rm[1] = d;
            }
            self.nright[h] = self.nright[h].saturating_add(1);
        }
    }

    pub fn apply(&mut self, m: Move, label: u16) {
        match m {
            Move::Shift => {
                self.stack.push(self.b);
                self.b += 1;
            }
            Move::Left => {
                let s0 = self.stack.pop().expect("legal");
                self.attach(s0, self.b, label);
            }
            Move::Right => {
                let s0 = self.stack.pop().expect("legal");
                let s1 = *self.stack.last().expect("legal");
                self.attach(s0, s1, label);
            }
        }
    }

    /// Unlabelled costs of (shift, left, right) against gold heads (projective; the root is
    /// node `n`): the number of gold arcs each move makes unreachable.
    pub fn costs(&self, gold: &[usize]) -> [u32; 3] {
        let n = self.n;
        let s0 = self.s(0);
        let s1 = self.s(1);
        let inbuf = |k: usize| k != NONE && k < n && k >= self.b;
        let mut c = [u32::MAX; 3];
        if self.legal(Move::Shift) {
            let b0 = self.b;
            let mut cost = 0;
            for (i, &k) in self.stack.iter().enumerate() {
                let is_s0 = i + 1 == self.stack.len();
                if gold[b0] == k && !is_s0 {
                    cost += 1;
                }
                if k < n && gold[k] == b0 {
                    cost += 1;
                }
            }
            c[0] = cost;
        }
        let deps_in_buffer = |h: usize| (self.b..n).filter(|&d| gold[d] == h).count() as u32;
        if self.legal(Move::Left) {
            let b0 = self.b;
            let g = gold[s0];
            let mut cost = deps_in_buffer(s0);
            if g != b0 && (g == s1 || inbuf(g)) {
                cost += 1;
            }
            c[1] = cost;
        }
        if self.legal(Move::Right) {
            let g = gold[s0];
            let mut cost = deps_in_buffer(s0);
            if g != s1 && inbuf(g) {
                cost += 1;
            }
            c[2] = cost;
        }
        c
    }
}

/// What the parser's features are built from: per word, the normalised form hash and the
/// tagger's class.
pub struct Sentence<'a> {
    pub info: &'a [WordInfo],
    pub tags: &'a [u16],
    /// `punct_before[i]`: number of punctuation words before word `i` (length n + 1).
    pub punct_before: &'a [u32],
}

fn bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        10..=14 => 7,
        _ => 8,
    }
}

/// The features of a parser state.
pub fn features(st: &State, sent: &Sentence<'_>, out: &mut Vec<u64>) {
    out.clear();
    let n = st.n;
    let w = |i: usize| -> u64 {
        if i == NONE {
            NIL
        } else if i == n {
            ROOT_V
        } else {
            sent.info[i].norm
        }
    };
    let t = |i: usize| -> u64 {
        if i == NONE {
            NIL
        } else if i == n {
            ROOT_V
        } else {
            u64::from(sent.tags[i])
        }
    };
    let lab = |i: usize| -> u64 {
        if i == NONE || i == n {
            NIL
        } else {
            u64::from(st.labels[i]) + 1
        }
    };
    let lc = |i: usize, k: usize| {
        if i == NONE || i == n {
            NONE
        } else {
            st.lmost[i][k]
        }
    };
    let rc = |i: usize, k: usize| {
        if i == NONE || i == n {
            NONE
        } else {
            st.rmost[i][k]
        }
    };
    let s0 = st.s(0);
    let s1 = st.s(1);
    let s2 = st.s(2);
    let b0 = if st.b < n { st.b } else { NONE };
    let b1 = if st.b + 1 < n { st.b + 1 } else { NONE };
    let b2 = if st.b + 2 < n { st.b + 2 } else { NONE };
    let (s0w, s0t, s1w, s1t, b0w, b0t) = (w(s0), t(s0), w(s1), t(s1), w(b0), t(b0));
    let (b1w, b1t, b2t, s2t) = (w(b1), t(b1), t(b2), t(s2));
    let s0l = lc(s0, 0);
    let s0r = rc(s0, 0);
    let s0l2 = lc(s0, 1);
    let s0r2 = rc(s0, 1);
    let s1l = lc(s1, 0);
    let s1r = rc(s1, 0);
    let b0l = lc(b0, 0);
    let b0l2 = lc(b0, 1);
    out.push(f1(0, 0));
    out.push(f1(1, s0w));
    out.push(f1(2, s0t));
    out.push(f2(3, s0w, s0t));
    out.push(f1(4, b0w));
    out.push(f1(5, b0t));
    out.push(f2(6, b0w, b0t));
    out.push(f1(7, b1w));
    out.push(f1(8, b1t));
    out.push(f2(9, b1w, b1t));
    out.push(f1(10, b2t));
    out.push(f1(11, s1w));
    out.push(f1(12, s1t));
    out.push(f2(13, s1w, s1t));
    out.push(f1(14, s2t));
    out.push(f2(15, s0w, b0w));
    out.push(f2(16, s0t, b0t));
    out.push(f3(17, s0w, s0t, b0t));
    out.push(f3(18, s0t, b0w, b0t));
    out.push(f2(19, s1t, s0t));
    out.push(f3(20, s1w, s0w, s0t));
    out.push(f3(21, s1t, s0t, b0t));
    out.push(f3(22, s0t, b0t, b1t));
    out.push(f3(23, b0t, b1t, b2t));
    out.push(f3(24, s2t, s1t, s0t));
    out.push(f3(25, s1t, s1w, b0t));
    // children
    out.push(f1(26, t(s0l)));
    out.push(f1(27, lab(s0l)));
    out.push(f1(28, t(s0r)));
    out.push(f1(29, lab(s0r)));
    out.push(f1(30, lab(b0l)));
    out.push(f1(31, t(b0l)));
    out.push(f3(32, s0t, t(s0l), b0t));
    out.push(f3(33, s0t, t(s0r), b0t));
    out.push(f3(34, s0t, b0t, t(b0l)));
    out.push(f3(35, s1t, s0t, t(s1r)));
    out.push(f3(36, s1t, s0t, lab(s1r)));
    out.push(f3(37, s0t, lab(s0l), lab(s0l2)));
    out.push(f3(38, s0t, lab(s0r), lab(s0r2)));
    out.push(f3(39, b0t, lab(b0l), lab(b0l2)));
    out.push(f2(40, w(s0l), s0t));
    out.push(f2(41, w(b0l), b0t));
    out.push(f3(42, s1t, lab(s1l), s0t));
    // distance, valency, punctuation between s0 and b0
    let (d, commas) = if s0 != NONE && s0 != n && b0 != NONE {
        let c = sent.punct_before[b0].saturating_sub(sent.punct_before[s0 + 1]);
        (bucket(b0 - s0), u64::from(c.min(3)))
    } else {
        (9, 0)
    };
    let (vl, vr) = if s0 != NONE && s0 != n {
        (u64::from(st.nleft[s0]), u64::from(st.nright[s0]))
    } else {
        (9, 9)
    };
    let vb = if b0 != NONE {
        u64::from(st.nleft[b0])
    } else {
        9
    };
    out.push(f2(43, s0w, d));
    out.push(f3(44, s0t, b0t, d));
    out.push(f2(45, b0w, d));
    out.push(f3(46, s0t, b0t, commas));
    out.push(f2(47, s0t, vr));
    out.push(f2(48, s0t, vl));
    out.push(f2(49, b0t, vb));
    out.push(f2(50, s0w, vr));
    out.push(f2(51, b0w, vb));
    out.push(f3(52, s0t, vl, vr));
    let s1d = if s1 != NONE && s1 != n && s0 != NONE {
        bucket(s0 - s1)
    } else {
        9
    };
    out.push(f3(53, s1t, s0t, s1d));
    out.push(f3(54, b0w, b0t, lab(b0l)));
    out.push(f3(55, s0w, s0t, lab(s0l)));
}

/// The features for labelling the arc `h -> d` (`h == n` for the root), made when `d` is
/// popped (all its dependents are attached by then).
pub fn label_features(st: &State, sent: &Sentence<'_>, d: usize, h: usize, out: &mut Vec<u64>) {
    out.clear();
    let n = st.n;
    let w = |i: usize| -> u64 {
        if i == NONE {
            NIL
        } else if i == n {
            ROOT_V
        } else {
            sent.info[i].norm
        }
    };
    let t = |i: usize| -> u64 {
        if i == NONE {
            NIL
        } else if i == n {
            ROOT_V
        } else {
            u64::from(sent.tags[i])
        }
    };
    let suf = |i: usize| -> u64 {
        if i == NONE || i >= n {
            NIL
        } else {
            sent.info[i].suf[2]
        }
    };
    let lab = |i: usize| -> u64 {
        if i == NONE || i == n {
            NIL
        } else {
            u64::from(st.labels[i]) + 1
        }
    };
    let lc = |i: usize, k: usize| {
        if i == NONE || i == n {
            NONE
        } else {
            st.lmost[i][k]
        }
    };
    let rc = |i: usize, k: usize| {
        if i == NONE || i == n {
            NONE
        } else {
            st.rmost[i][k]
        }
    };
    let (dw, dt, hw, ht) = (w(d), t(d), w(h), t(h));
    let dir = u64::from(d < h);
    let dist = if h == n { 9 } else { bucket(d.abs_diff(h)) };
    let dl = lc(d, 0);
    let dr = rc(d, 0);
    let hl = lc(h, 0);
    let hr = rc(h, 0);
    let s1 = st.s(1);
    let b1 = if st.b + 1 < n { st.b + 1 } else { NONE };
    out.push(f1(100, 0));
    out.push(f1(101, dw));
    out.push(f1(102, dt));
    out.push(f2(103, dw, dt));
    out.push(f1(104, hw));
    out.push(f1(105, ht));
    out.push(f2(106, hw, ht));
    out.push(f3(107, dt, ht, dir));
    out.push(f3(108, dw, ht, dir));
    out.push(f3(109, dt, hw, dir));
    out.push(f3(110, dw, hw, dir));
    out.push(f3(111, dt, ht, dist));
    out.push(f2(112, w(dl), dt));
    out.push(f3(113, t(dl), lab(dl), dt));
    out.push(f3(114, t(dr), lab(dr), dt));
    out.push(f3(115, lab(hl), ht, dir));
    out.push(f3(116, lab(hr), ht, dir));
    out.push(f3(117, lab(lc(h, 1)), lab(hl), ht));
    out.push(f3(118, suf(d), dt, ht));
    out.push(f3(119, suf(h), ht, dt));
    out.push(f3(120, t(s1), dt, ht));
    out.push(f3(121, t(b1), dt, ht));
    out.push(f3(122, w(dl), dt, ht));
    out.push(f3(123, lab(lc(d, 1)), lab(dl), dt));
    out.push(f2(
        124,
        u64::from(st.nleft[d.min(n)]) * 16 + u64::from(st.nright[d.min(n)]),
        dt,
    ));
}

/// Trained parser: move weights (shift, left, right), label weights and the label set.
#[derive(Clone, Debug, Default)]
pub struct Parser {
    /// Label number -> relation.
    pub labels: Vec<crate::types::Rel>,
    /// Label number of `root`.
    pub root_label: u16,
    pub moves: Dense3,
    pub label_weights: Weights,
}

/// Move number (index into move scores).
pub fn move_index(m: Move) -> usize {
    match m {
        Move::Shift => 0,
        Move::Left => 1,
        Move::Right => 2,
    }
}

pub const MOVES: [Move; 3] = [Move::Shift, Move::Left, Move::Right];

impl Parser {
    /// Best legal move for the scores.
    pub fn best_move(st: &State, scores: &[i32; 3]) -> Move {
        let mut best: Option<Move> = None;
        for m in MOVES {
            if st.legal(m) && best.is_none_or(|b| scores[move_index(m)] > scores[move_index(b)]) {
                best = Some(m);
            }
        }
        best.unwrap_or(Move::Shift)
    }

    /// The move [`Self::best_move`] returns whatever the scores: the one legal move, if only
    /// one is.
    pub fn only_legal_move(st: &State) -> Option<Move> {
        let mut legal = MOVES.into_iter().filter(|&m| st.legal(m));
        match (legal.next(), legal.next()) {
            (Some(m), None) => Some(m),
            _ => None,
        }
    }

    /// Best label for the arc `h -> d` (root only when `h` is the root).
    pub fn best_label(&self, scores: &[i32], to_root: bool) -> u16 {
        if to_root {
            return self.root_label;
        }
        let mut best = usize::MAX;
        for (l, s) in scores.iter().enumerate() {
            if l != self.root_label as usize && (best == usize::MAX || *s > scores[best]) {
                best = l;
            }
        }
        if best == usize::MAX {
            0
        } else {
            best as u16
        }
    }

    /// The dependent and head a move would join (`None` for shift).
    pub fn arc(st: &State, m: Move) -> Option<(usize, usize)> {
        let l = st.stack.len();
        match m {
            Move::Shift => None,
            Move::Left => Some((st.stack[l - 1], st.b)),
            Move::Right => Some((st.stack[l - 1], st.stack[l - 2])),
        }
    }

    /// Parses a sentence: heads (`n` = root) and label numbers.
    pub fn parse(&self, sent: &Sentence<'_>, heads: &mut Vec<usize>, labels: &mut Vec<u16>) {
        let n = sent.info.len();
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(64);
        let nl = self.labels.len();
        let mut lscores = vec![0i32; self.label_weights.score_len().max(nl)];
        while !st.terminal() {
            // Where one move is legal (only shift while the stack holds just the root, only
            // right-arc once the buffer is empty) it is the best one whatever the scores:
            // its features are not computed.
            let m = match Parser::only_legal_move(&st) {
                Some(m) => m,
                None => {
                    features(&st, sent, &mut feats);
                    for f in &feats {
                        self.moves.prefetch(*f);
                    }
                    let mut scores = [0i32; 3];
                    for f in &feats {
                        self.moves.add(*f, &mut scores);
                    }
                    Parser::best_move(&st, &scores)
                }
            };
            let label = match Parser::arc(&st, m) {
                // the root arc takes the root label whatever the scores (`best_label`)
                Some((_, h)) if h == n => self.root_label,
                Some((d, h)) => {
                    label_features(&st, sent, d, h, &mut feats);
                    lscores.iter_mut().for_each(|s| *s = 0);
                    self.label_weights.add_many(&feats, &mut lscores);
                    self.best_label(&lscores[..nl], false)
                }
                None => 0,
            };
            st.apply(m, label);
        }
        heads.clear();
        labels.clear();
        heads.extend_from_slice(&st.heads[..n]);
        labels.extend_from_slice(&st.labels[..n]);
    }
}

/// Lifts non-projective arcs (reattaches the dependent of the shortest crossing arc to its
/// grandparent until none is left). `heads[i] == n` is the root.
pub fn projectivize(heads: &mut [usize]) {
    let n = heads.len();
    loop {
        let mut worst: Option<(usize, usize)> = None;
        for d in 0..n {
            let h = heads[d];
            if h == n {
                continue;
            }
            let (a, b) = if h < d { (h, d) } else { (d, h) };
            let nonproj = (a + 1..b).any(|k| !dominated(heads, k, h));
            if nonproj && worst.is_none_or(|(_, len)| b - a < len) {
                worst = Some((d, b - a));
            }
        }
        match worst {
            Some((d, _)) => heads[d] = heads[heads[d]],
            None => return,
        }
    }
}

fn dominated(heads: &[usize], mut k: usize, h: usize) -> bool {
    let n = heads.len();
    for _ in 0..=n {
        if k == h {
            return true;
        }
        if k >= n {
            return false;
        }
        k = heads[k];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oracle_parse(gold: &[usize]) -> Vec<usize> {
        let n = gold.len();
        let mut st = State::new(n);
        while !st.terminal() {
            let c = st.costs(gold);
            let m = if c[1] == 0 {
                Move::Left
            } else if c[2] == 0 && !(st.right_is_root() && st.b < n) {
                Move::Right
            } else if c[0] == 0 {
                Move::Shift
            } else {
                panic!("no zero-cost move: {c:?}");
            };
            st.apply(m, 0);
        }
        st.heads[..n].to_vec()
    }

    #[test]
    fn dynamic_oracle_reproduces_projective_trees() {
        // "American forces killed the preacher ." : heads with root = 6
        let gold = [1, 2, 6, 4, 2, 2];
        assert_eq!(oracle_parse(&gold), gold.to_vec());
        let gold = [6, 0, 1, 4, 2, 0];
        assert_eq!(oracle_parse(&gold), gold.to_vec());
    }

    #[test]
    fn a_single_legal_move_is_the_best_move_for_any_scores() {
        // every state of oracle runs over a few trees
        for gold in [
            vec![1, 2, 6, 4, 2, 2],
            vec![6, 0, 1, 4, 2, 0],
            vec![1, 3, 3, 5, 3],
        ] {
            let n = gold.len();
            let mut st = State::new(n);
            while !st.terminal() {
                let legal = MOVES.iter().filter(|&&m| st.legal(m)).count();
                match Parser::only_legal_move(&st) {
                    Some(m) => {
                        assert_eq!(legal, 1);
                        for scores in [[0, 0, 0], [5, -3, 9], [-9, 7, 1], [1, 2, 3], [3, 2, 1]] {
                            assert_eq!(Parser::best_move(&st, &scores), m);
                        }
                    }
                    None => assert!(legal >= 2),
                }
                let c = st.costs(&gold);
                let m = if c[1] == 0 && st.legal(Move::Left) {
                    Move::Left
                } else if c[2] == 0 && st.legal(Move::Right) && !(st.right_is_root() && st.b < n) {
                    Move::Right
                } else {
                    Move::Shift
                };
                st.apply(m, 0);
            }
        }
    }

    #[test]
    fn projectivize_lifts_crossing_arcs() {
        // 0 -> 2, 1 -> 3 crossing (root 4 = n)
        let mut h = vec![2, 3, 4, 2];
        projectivize(&mut h);
        // arc 1->3 crosses 0->2: 1 lifted to 3's head
        for d in 0..4 {
            let hd = h[d];
            if hd == 4 {
                continue;
            }
            let (a, b) = if hd < d { (hd, d) } else { (d, hd) };
            assert!((a + 1..b).all(|k| dominated(&h, k, hd)));
        }
    }
}
