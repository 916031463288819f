//! Training and evaluation (used by the `train` and `evaluate` examples). Deterministic: the
//! only randomness is a seeded generator.

use std::collections::HashMap;

use crate::conllu::TreeSentence;
use crate::lemma::Lemmatizer;
use crate::model::Model;
use crate::parser::{self, Move, Parser, State};
use crate::tagger::{self, CaseMode, Tagger, WordInfo, START_CLASS};
use crate::types::{Rel, Upos, Xpos};
use crate::weights::{Dense3, IdMap, Perceptron, QuantRows, Weights};
use crate::Analyzer;

/// SplitMix64.
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

#[derive(Clone, Debug)]
pub struct Options {
    pub seed: u64,
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    /// Share of training sentences lower-cased (tagger) in each epoch.
    pub lower_share: f64,
    /// Share of training sentences upper-cased (tagger) in each epoch.
    pub upper_share: f64,
    /// Quantised weights below this magnitude are dropped.
    pub tag_prune: i16,
    pub parse_prune: i16,
    pub label_prune: i16,
    /// Folds for jackknifed training tags of the parser (1 = tags from the final tagger).
    pub jackknife: usize,
    /// Epoch from which the parser follows its own (possibly wrong) predictions.
    pub explore_from: usize,
    /// Probability of following a wrong prediction while exploring.
    pub explore_p: f64,
    pub verbose: bool,
}

impl Default for Options {
    /// The configuration of the shipped model (`scripts/syntax/train.sh`).
    fn default() -> Self {
        Options {
            seed: 20250314,
            tagger_epochs: 8,
            parser_epochs: 10,
            lower_share: 0.1,
            upper_share: 0.05,
            tag_prune: 512,
            parse_prune: 512,
            label_prune: 512,
            jackknife: 4,
            explore_from: 1,
            explore_p: 0.9,
            verbose: true,
        }
    }
}

/// Casing applied to a test or training sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Casing {
    AsIs,
    Lower,
    Upper,
}

pub fn recase(form: &str, c: Casing) -> String {
    match c {
        Casing::AsIs => form.to_string(),
        Casing::Lower => form.to_lowercase(),
        Casing::Upper => form.to_uppercase(),
    }
}

fn log(opts: &Options, msg: &str) {
    if opts.verbose {
        eprintln!("{msg}");
    }
}

struct TagData {
    /// per casing: word info and case mode
    variants: Vec<[(Vec<WordInfo>, CaseMode); 3]>,
    gold: Vec<Vec<u16>>,
}

fn tag_data(sents: &[TreeSentence], class_of: &HashMap<(Upos, Xpos), u16>) -> TagData {
    let mut buf = String::new();
    let mut variants = Vec::with_capacity(sents.len());
    let mut gold = Vec::with_capacity(sents.len());
    for s in sents {
        let v = [Casing::AsIs, Casing::Lower, Casing::Upper].map(|c| {
            let forms: Vec<String> = s.words.iter().map(|w| recase(&w.form, c)).collect();
            let info = forms.iter().map(|f| WordInfo::new(f, &mut buf)).collect();
            (info, CaseMode::of(&forms))
        });
        variants.push(v);
        gold.push(
            s.words
                .iter()
                .map(|w| *class_of.get(&(w.upos, w.xpos)).unwrap_or(&0))
                .collect(),
        );
    }
    TagData { variants, gold }
}

/// Tag classes of a treebank (sorted) and their numbers.
/// Tag classes and the class number of each.
pub type TagClasses = (Vec<(Upos, Xpos)>, HashMap<(Upos, Xpos), u16>);

pub fn tag_classes(sents: &[TreeSentence]) -> TagClasses {
    let mut set: Vec<(Upos, Xpos)> = sents
        .iter()
        .flat_map(|s| s.words.iter().map(|w| (w.upos, w.xpos)))
        .collect();
    set.sort();
    set.dedup();
    let map = set
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, i as u16))
        .collect();
    (set, map)
}

fn tag_accuracy(t: &Tagger, data: &TagData) -> f64 {
    let (mut ok, mut n) = (0usize, 0usize);
    let mut out = Vec::new();
    for (v, g) in data.variants.iter().zip(&data.gold) {
        t.tag(&v[0].0, v[0].1, &mut out);
        ok += out.iter().zip(g).filter(|(a, b)| a == b).count();
        n += g.len();
    }
    ok as f64 / n.max(1) as f64
}

/// Trains the tagger on `train`, keeping the epoch that is best on `dev`.
pub fn train_tagger(
    train: &[TreeSentence],
    dev: &[TreeSentence],
    classes: &[(Upos, Xpos)],
    class_of: &HashMap<(Upos, Xpos), u16>,
    epochs: usize,
    opts: &Options,
) -> (Tagger, QuantRows) {
    let data = tag_data(train, class_of);
    let dev_data = tag_data(dev, class_of);
    // tag dictionary: frequent words with one class
    let mut counts: IdMap<HashMap<u16, usize>> = IdMap::default();
    for (v, g) in data.variants.iter().zip(&data.gold) {
        for (info, c) in v[0].0.iter().zip(g) {
            *counts.entry(info.norm).or_default().entry(*c).or_default() += 1;
        }
    }
    let mut tagdict = IdMap::default();
    for (k, m) in &counts {
        let total: usize = m.values().sum();
        let (best, n) = m
            .iter()
            .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
            .expect("non-empty");
        if total >= 10 && *n as f64 >= 0.99 * total as f64 {
            tagdict.insert(*k, *best);
        }
    }
    // ambiguity classes: the classes (share >= 5%) of words seen at least 3 times
    let mut sets: Vec<(u64, Vec<u16>)> = counts
        .iter()
        .filter_map(|(k, m)| {
            let total: usize = m.values().sum();
            if total < 3 {
                return None;
            }
            let mut v: Vec<u16> = m
                .iter()
                .filter(|(_, n)| **n as f64 >= 0.05 * total as f64)
                .map(|(c, _)| *c)
                .collect();
            v.sort_unstable();
            Some((*k, v))
        })
        .collect();
    sets.sort();
    let mut distinct: Vec<Vec<u16>> = sets.iter().map(|s| s.1.clone()).collect();
    distinct.sort();
    distinct.dedup();
    let ambiguity: IdMap<u16> = sets
        .iter()
        .map(|(k, v)| {
            let id = distinct.binary_search(v).expect("present") + 1;
            (*k, id.min(u16::MAX as usize - 1) as u16)
        })
        .collect();
    log(
        opts,
        &format!(
            "tag dictionary: {} words; ambiguity classes: {} words, {} classes",
            tagdict.len(),
            ambiguity.len(),
            distinct.len()
        ),
    );
    let amb_of = |info: &[WordInfo]| -> Vec<u16> {
        info.iter()
            .map(|w| ambiguity.get(&w.norm).copied().unwrap_or(0))
            .collect()
    };
    let nc = classes.len();
    let mut p = Perceptron::new();
    let mut rng = Rng(opts.seed);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut best: Option<(f64, Tagger, QuantRows)> = None;
    let mut feats = Vec::new();
    let mut scores = vec![0f32; nc];
    let mut pred: Vec<u16> = Vec::new();
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut ok, mut n) = (0usize, 0usize);
        for &si in &order {
            let r = rng.unit();
            let vi = if r < opts.lower_share {
                1
            } else if r < opts.lower_share + opts.upper_share {
                2
            } else {
                0
            };
            let (info, case) = &data.variants[si][vi];
            let gold = &data.gold[si];
            let amb = amb_of(info);
            pred.clear();
            for i in 0..info.len() {
                if let Some(&c) = tagdict.get(&info[i].norm) {
                    pred.push(c);
                    continue;
                }
                let prev = [
                    if i >= 1 { pred[i - 1] } else { START_CLASS },
                    if i >= 2 { pred[i - 2] } else { START_CLASS },
                ];
                tagger::features(info, &amb, i, prev, *case, &mut feats);
                p.score(&feats, &mut scores);
                let mut g = 0;
                for c in 1..nc {
                    if scores[c] > scores[g] {
                        g = c;
                    }
                }
                let guess = g as u16;
                p.update(&feats, gold[i], guess);
                p.tick();
                ok += usize::from(guess == gold[i]);
                n += 1;
                pred.push(guess);
            }
        }
        let rows = p.quantised_rows();
        let t = Tagger {
            classes: classes.to_vec(),
            tagdict: tagdict.clone(),
            ambiguity: ambiguity.clone(),
            weights: Weights::from_rows(&rows, opts.tag_prune),
        };
        let acc = tag_accuracy(&t, &dev_data);
        log(
            opts,
            &format!(
                "tagger epoch {epoch}: train {:.4}, dev {:.4}, {} features, {} weights",
                ok as f64 / n.max(1) as f64,
                acc,
                t.weights.n_features(),
                t.weights.n_entries()
            ),
        );
        if best.as_ref().is_none_or(|b| acc > b.0) {
            best = Some((acc, t, rows));
        }
    }
    let (_, t, rows) = best.expect("at least one epoch");
    (t, rows)
}

/// Gold heads with the root as `n`, projectivised.
fn gold_heads(s: &TreeSentence) -> Vec<usize> {
    let n = s.words.len();
    let mut h: Vec<usize> = s.words.iter().map(|w| w.head.unwrap_or(n)).collect();
    parser::projectivize(&mut h);
    h
}

struct ParseData {
    info: Vec<Vec<WordInfo>>,
    tags: Vec<Vec<u16>>,
    punct_before: Vec<Vec<u32>>,
    heads: Vec<Vec<usize>>,
    labels: Vec<Vec<u16>>,
}

fn parse_data(
    sents: &[TreeSentence],
    tags: Vec<Vec<u16>>,
    classes: &[(Upos, Xpos)],
    label_of: &HashMap<Rel, u16>,
) -> ParseData {
    let mut buf = String::new();
    let info = sents
        .iter()
        .map(|s| {
            s.words
                .iter()
                .map(|w| WordInfo::new(&w.form, &mut buf))
                .collect()
        })
        .collect();
    let punct_before = tags
        .iter()
        .map(|t| {
            let mut v = Vec::with_capacity(t.len() + 1);
            let mut c = 0;
            for x in t {
                v.push(c);
                c += u32::from(classes[*x as usize].0 == Upos::Punct);
            }
            v.push(c);
            v
        })
        .collect();
    ParseData {
        info,
        tags,
        punct_before,
        heads: sents.iter().map(gold_heads).collect(),
        labels: sents
            .iter()
            .map(|s| s.words.iter().map(|w| label_of[&w.rel]).collect())
            .collect(),
    }
}

fn attachment(p: &Parser, d: &ParseData, sents: &[TreeSentence]) -> (f64, f64) {
    let (mut u, mut l, mut n) = (0usize, 0usize, 0usize);
    let (mut h, mut lab) = (Vec::new(), Vec::new());
    for (i, s) in sents.iter().enumerate() {
        let sent = parser::Sentence {
            info: &d.info[i],
            tags: &d.tags[i],
            punct_before: &d.punct_before[i],
        };
        p.parse(&sent, &mut h, &mut lab);
        let len = s.words.len();
        for (j, w) in s.words.iter().enumerate() {
            let gh = w.head.unwrap_or(len);
            if h[j] == gh {
                u += 1;
                if p.labels[lab[j] as usize] == w.rel {
                    l += 1;
                }
            }
            n += 1;
        }
    }
    (u as f64 / n.max(1) as f64, l as f64 / n.max(1) as f64)
}

/// Tags predicted for `sents` by `t`.
pub fn predict_tags(t: &Tagger, sents: &[TreeSentence]) -> Vec<Vec<u16>> {
    let mut buf = String::new();
    sents
        .iter()
        .map(|s| {
            let info: Vec<WordInfo> = s
                .words
                .iter()
                .map(|w| WordInfo::new(&w.form, &mut buf))
                .collect();
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let mut out = Vec::new();
            t.tag(&info, CaseMode::of(&forms), &mut out);
            out
        })
        .collect()
}

/// Trains the parser on `train` (with the given training tags), keeping the epoch best on
/// `dev` (tagged by `tagger`).
pub fn train_parser(
    train: &[TreeSentence],
    train_tags: Vec<Vec<u16>>,
    dev: &[TreeSentence],
    tagger: &Tagger,
    opts: &Options,
) -> (Parser, QuantRows, QuantRows) {
    let mut labels: Vec<Rel> = train
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.rel))
        .chain([Rel::Root])
        .collect();
    labels.sort();
    labels.dedup();
    let label_of: HashMap<Rel, u16> = labels
        .iter()
        .enumerate()
        .map(|(i, r)| (*r, i as u16))
        .collect();
    let root_label = label_of[&Rel::Root];
    let mut shell = Parser {
        labels: labels.clone(),
        root_label,
        moves: Default::default(),
        label_weights: Default::default(),
    };
    let data = parse_data(train, train_tags, &tagger.classes, &label_of);
    let dev_sents: Vec<TreeSentence> = dev
        .iter()
        .map(|s| {
            let mut s = s.clone();
            for w in &mut s.words {
                if !label_of.contains_key(&w.rel) {
                    w.rel = Rel::Dep;
                }
            }
            s
        })
        .collect();
    let mut dl = label_of.clone();
    dl.entry(Rel::Dep).or_insert(0);
    let dev_data = parse_data(&dev_sents, predict_tags(tagger, dev), &tagger.classes, &dl);
    let nl = labels.len();
    let mut pm = Perceptron::new();
    let mut pl = Perceptron::new();
    let mut rng = Rng(opts.seed ^ 0x7061_7273);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut best: Option<(f64, Parser, QuantRows, QuantRows)> = None;
    let mut feats = Vec::new();
    let mut lfeats = Vec::new();
    let mut ms = vec![0f32; 3];
    let mut ls = vec![0f32; nl];
    for epoch in 0..opts.parser_epochs {
        rng.shuffle(&mut order);
        let (mut ok, mut steps, mut lok, mut larcs) = (0usize, 0usize, 0usize, 0usize);
        for &si in &order {
            let n = data.info[si].len();
            let gold = &data.heads[si];
            let glab = &data.labels[si];
            let sent = parser::Sentence {
                info: &data.info[si],
                tags: &data.tags[si],
                punct_before: &data.punct_before[si],
            };
            let mut st = State::new(n);
            while !st.terminal() {
                parser::features(&st, &sent, &mut feats);
                pm.score(&feats, &mut ms);
                let costs = st.costs(gold);
                let mut pred: Option<Move> = None;
                let mut best_ok: Option<Move> = None;
                for m in parser::MOVES {
                    if !st.legal(m) {
                        continue;
                    }
                    let i = parser::move_index(m);
                    if pred.is_none_or(|p| ms[i] > ms[parser::move_index(p)]) {
                        pred = Some(m);
                    }
                    if costs[i] == 0 && best_ok.is_none_or(|b| ms[i] > ms[parser::move_index(b)]) {
                        best_ok = Some(m);
                    }
                }
                let pred = pred.expect("a legal move");
                let best_ok = best_ok.unwrap_or(pred);
                let wrong = costs[parser::move_index(pred)] > 0;
                if wrong {
                    pm.update(
                        &feats,
                        parser::move_index(best_ok) as u16,
                        parser::move_index(pred) as u16,
                    );
                } else {
                    ok += 1;
                }
                pm.tick();
                steps += 1;
                let next = if wrong && epoch >= opts.explore_from && rng.unit() < opts.explore_p {
                    pred
                } else if wrong {
                    best_ok
                } else {
                    pred
                };
                let label = match Parser::arc(&st, next) {
                    Some((_, h)) if h == n => root_label,
                    Some((d, h)) => {
                        parser::label_features(&st, &sent, d, h, &mut lfeats);
                        pl.score(&lfeats, &mut ls);
                        let mut g = usize::MAX;
                        for (l, v) in ls.iter().enumerate() {
                            if l != root_label as usize && (g == usize::MAX || *v > ls[g]) {
                                g = l;
                            }
                        }
                        let guess = g as u16;
                        if gold[d] == h {
                            pl.update(&lfeats, glab[d], guess);
                            pl.tick();
                            larcs += 1;
                            lok += usize::from(guess == glab[d]);
                        }
                        guess
                    }
                    None => 0,
                };
                st.apply(next, label);
            }
        }
        let mrows = pm.quantised_rows();
        let lrows = pl.quantised_rows();
        shell.moves = Dense3::from_rows(&mrows, opts.parse_prune);
        shell.label_weights = Weights::from_rows(&lrows, opts.label_prune);
        let (uas, las) = attachment(&shell, &dev_data, &dev_sents);
        log(
            opts,
            &format!(
                "parser epoch {epoch}: train moves {:.4} labels {:.4}, dev UAS {uas:.4} LAS {las:.4}, {} move features, {} label features, {} label weights",
                ok as f64 / steps.max(1) as f64,
                lok as f64 / larcs.max(1) as f64,
                shell.moves.n_features(),
                shell.label_weights.n_features(),
                shell.label_weights.n_entries()
            ),
        );
        if best.as_ref().is_none_or(|b| las > b.0) {
            best = Some((las, shell.clone(), mrows, lrows));
        }
    }
    let (_, p, m, l) = best.expect("at least one epoch");
    (p, m, l)
}

/// Unpruned quantised weights of a trained model, to build variants pruned differently.
pub struct Trained {
    pub model: Model,
    pub tagger_rows: QuantRows,
    pub move_rows: QuantRows,
    pub label_rows: QuantRows,
}

impl Trained {
    /// The model with its weight tables pruned at these magnitudes.
    pub fn pruned(&self, tag: i16, moves: i16, labels: i16) -> Model {
        let mut m = self.model.clone();
        m.tagger.weights = Weights::from_rows(&self.tagger_rows, tag);
        m.parser.moves = Dense3::from_rows(&self.move_rows, moves);
        m.parser.label_weights = Weights::from_rows(&self.label_rows, labels);
        m
    }
}

/// Trains the whole model.
pub fn train(train: &[TreeSentence], dev: &[TreeSentence], opts: &Options) -> Trained {
    let (classes, class_of) = tag_classes(train);
    log(opts, &format!("{} tag classes", classes.len()));
    let (tagger, tagger_rows) =
        train_tagger(train, dev, &classes, &class_of, opts.tagger_epochs, opts);
    let lemmatizer = Lemmatizer::train(train.iter().flat_map(|s| {
        s.words
            .iter()
            .map(|w| (w.form.as_str(), w.xpos, w.lemma.as_str()))
    }));
    log(
        opts,
        &format!(
            "lemmatiser: {} rules, {} exceptions",
            lemmatizer.rules.len(),
            lemmatizer.exceptions.len()
        ),
    );
    let train_tags = if opts.jackknife > 1 {
        let k = opts.jackknife;
        let mut tags = vec![Vec::new(); train.len()];
        for fold in 0..k {
            let rest: Vec<TreeSentence> = train
                .iter()
                .enumerate()
                .filter(|(i, _)| i % k != fold)
                .map(|(_, s)| s.clone())
                .collect();
            let held: Vec<usize> = (0..train.len()).filter(|i| i % k == fold).collect();
            let quiet = Options {
                verbose: false,
                ..opts.clone()
            };
            let (t, _) = train_tagger(
                &rest,
                dev,
                &classes,
                &class_of,
                opts.tagger_epochs.min(8),
                &quiet,
            );
            let held_sents: Vec<TreeSentence> = held.iter().map(|&i| train[i].clone()).collect();
            for (i, tg) in held.iter().zip(predict_tags(&t, &held_sents)) {
                tags[*i] = tg;
            }
            log(opts, &format!("jackknife fold {fold} tagged"));
        }
        tags
    } else {
        predict_tags(&tagger, train)
    };
    let (parser, move_rows, label_rows) = train_parser(train, train_tags, dev, &tagger, opts);
    Trained {
        model: Model {
            tagger,
            lemmatizer,
            parser,
        },
        tagger_rows,
        move_rows,
        label_rows,
    }
}

/// Accuracy figures on a treebank split.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
    pub uas: f64,
    pub las: f64,
}

/// Scores the analyser on gold tokens (all words, punctuation included, as the CoNLL 2018
/// scorer does). With a casing other than `AsIs`, lemmas are compared case-insensitively.
pub fn evaluate(a: &Analyzer, sents: &[TreeSentence], casing: Casing) -> Scores {
    let mut s = Scores::default();
    let (mut up, mut xp, mut le, mut ua, mut la) = (0, 0, 0, 0, 0);
    for sent in sents {
        let forms: Vec<String> = sent.words.iter().map(|w| recase(&w.form, casing)).collect();
        let refs: Vec<&str> = forms.iter().map(String::as_str).collect();
        let p = a.analyse_words(&refs);
        for (g, w) in sent.words.iter().zip(&p.words) {
            s.words += 1;
            up += usize::from(g.upos == w.upos);
            xp += usize::from(g.xpos == w.xpos);
            le += usize::from(if casing == Casing::AsIs {
                g.lemma == w.lemma
            } else {
                g.lemma.to_lowercase() == w.lemma.to_lowercase()
            });
            if g.head == w.head {
                ua += 1;
                la += usize::from(g.rel == w.rel);
            }
        }
    }
    let n = s.words.max(1) as f64;
    s.upos = up as f64 / n;
    s.xpos = xp as f64 / n;
    s.lemma = le as f64 / n;
    s.uas = ua as f64 / n;
    s.las = la as f64 / n;
    s
}
