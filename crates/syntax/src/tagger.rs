//! Part-of-speech tagger: greedy left-to-right averaged perceptron over hashed features,
//! predicting a joint (UPOS, PTB tag) class.

use crate::hash::{f1, f2, f3, hash_str};
use crate::types::{Upos, Xpos};
use crate::weights::{IdMap, Weights};

/// Per-word values that the tagger's (and parser's) features are built from.
#[derive(Clone, Debug, Default)]
pub struct WordInfo {
    /// Hash of the lower-cased form with digits replaced by `0`.
    pub norm: u64,
    /// Hashes of the last 1..=4 characters of the lower-cased form.
    pub suf: [u64; 4],
    /// Hashes of the first 1..=3 characters of the lower-cased form.
    pub pre: [u64; 3],
    /// Hash of the word shape (`Xxx`, `dd,ddd`, `x.x.`...).
    pub shape: u64,
}

/// How the letters of a sentence are cased (the tagger conditions shape features on it so
/// that lower-cased archives and all-caps headlines can be tagged).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseMode {
    Mixed = 0,
    Lower = 1,
    Upper = 2,
}

impl CaseMode {
    pub fn of<S: AsRef<str>>(words: &[S]) -> CaseMode {
        let (mut up, mut low) = (0usize, 0usize);
        for w in words {
            for c in w.as_ref().chars() {
                if c.is_uppercase() {
                    up += 1;
                } else if c.is_lowercase() {
                    low += 1;
                }
            }
        }
        if up == 0 && low > 0 {
            CaseMode::Lower
        } else if low * 20 < up && up >= 4 {
            CaseMode::Upper
        } else {
            CaseMode::Mixed
        }
    }
}

/// Lower-cases a word and replaces digits by `0`.
pub fn normalise(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        if c.is_ascii_digit() {
            out.push('0');
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

fn shape(word: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars().take(24) {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if s == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = s;
        }
        out.push(s);
    }
}

impl WordInfo {
    pub fn new(word: &str, buf: &mut String) -> WordInfo {
        normalise(word, buf);
        let norm = hash_str(buf);
        let mut suf = [0u64; 4];
        let mut pre = [0u64; 3];
        {
            let s = buf.as_str();
            // start offsets of the last 4 characters (0 when the word is shorter)
            let mut starts = [0usize; 4];
            for (k, (i, _)) in s.char_indices().rev().take(4).enumerate() {
                starts[k] = i;
            }
            let n = s.chars().take(5).count();
            for (k, slot) in suf.iter_mut().enumerate() {
                let start = if k < n { starts[k] } else { 0 };
                *slot = hash_str(&s[start..]);
            }
            let mut ends = [s.len(); 3];
            for (k, (i, _)) in s.char_indices().skip(1).take(3).enumerate() {
                ends[k] = i;
            }
            for (k, slot) in pre.iter_mut().enumerate() {
                *slot = hash_str(&s[..ends[k]]);
            }
        }
        shape(word, buf);
        let shape = hash_str(buf);
        WordInfo {
            norm,
            suf,
            pre,
            shape,
        }
    }
}

const START: u64 = 0x0053_5441_5254;
const END: u64 = 0x0045_4e44;

/// The tagger's features for word `i`, given the classes predicted for the words before it.
pub fn features(
    info: &[WordInfo],
    amb: &[u16],
    i: usize,
    prev: [u16; 2],
    case: CaseMode,
    out: &mut Vec<u64>,
) {
    out.clear();
    let w = &info[i];
    let get = |j: isize| -> Option<&WordInfo> {
        if j < 0 {
            None
        } else {
            info.get(j as usize)
        }
    };
    let ii = i as isize;
    let norm = |j: isize| get(j).map_or(if j < 0 { START } else { END }, |w| w.norm);
    let (p1, p2) = (u64::from(prev[0]), u64::from(prev[1]));
    let cm = case as u64;
    out.push(f1(0, 0));
    out.push(f1(1, w.norm));
    out.push(f1(2, w.suf[0]));
    out.push(f1(3, w.suf[1]));
    out.push(f1(4, w.suf[2]));
    out.push(f1(5, w.suf[3]));
    out.push(f1(6, w.pre[0]));
    out.push(f1(7, w.pre[1]));
    out.push(f1(8, w.pre[2]));
    out.push(f1(9, w.shape));
    out.push(f2(10, w.shape, cm));
    out.push(f1(11, norm(ii - 1)));
    out.push(f1(12, norm(ii - 2)));
    out.push(f1(13, norm(ii + 1)));
    out.push(f1(14, norm(ii + 2)));
    out.push(f1(15, get(ii - 1).map_or(START, |w| w.suf[2])));
    out.push(f1(16, get(ii + 1).map_or(END, |w| w.suf[2])));
    out.push(f1(17, p1));
    out.push(f1(18, p2));
    out.push(f2(19, p1, p2));
    out.push(f2(20, p1, w.norm));
    out.push(f2(21, w.norm, norm(ii + 1)));
    out.push(f2(22, norm(ii - 1), w.norm));
    out.push(f3(23, get(ii - 1).map_or(START, |w| w.shape), w.shape, cm));
    out.push(f3(24, get(ii + 1).map_or(END, |w| w.shape), w.shape, cm));
    out.push(f2(25, u64::from(i == 0), w.shape));
    out.push(f2(26, p1, w.suf[2]));
    out.push(f3(27, p1, w.norm, norm(ii + 1)));
    let a = |j: usize| u64::from(amb.get(j).copied().unwrap_or(u16::MAX));
    out.push(f1(28, a(i)));
    out.push(f1(29, a(i + 1)));
    out.push(f1(30, a(i + 2)));
    out.push(f2(31, a(i), a(i + 1)));
    out.push(f3(32, p1, a(i), a(i + 1)));
    out.push(f3(33, a(i), a(i + 1), a(i + 2)));
    out.push(f3(34, p1, a(i + 1), w.suf[2]));
}

/// The trained tagger.
#[derive(Clone, Debug, Default)]
pub struct Tagger {
    /// Class number -> (UPOS, PTB tag).
    pub classes: Vec<(Upos, Xpos)>,
    /// Frequent words that always had one class in training (key: `norm` hash).
    pub tagdict: IdMap<u16>,
    /// Ambiguity class (the set of classes a word had in training) of words seen often
    /// enough (key: `norm` hash; 0 = unknown word).
    pub ambiguity: IdMap<u16>,
    pub weights: Weights,
}

/// Class number used as the "previous tag" before the sentence start.
pub const START_CLASS: u16 = u16::MAX;

impl Tagger {
    /// The ambiguity class of each word (0 for words unknown to it).
    pub fn ambiguity_classes(&self, info: &[WordInfo]) -> Vec<u16> {
        info.iter()
            .map(|w| self.ambiguity.get(&w.norm).copied().unwrap_or(0))
            .collect()
    }

    /// Tags a sentence; returns class numbers.
    pub fn tag(&self, info: &[WordInfo], case: CaseMode, out: &mut Vec<u16>) {
        out.clear();
        let mut feats = Vec::with_capacity(32);
        let nc = self.classes.len();
        let mut scores = vec![0i32; self.weights.score_len().max(nc)];
        let amb = self.ambiguity_classes(info);
        for i in 0..info.len() {
            let prev = [
                if i >= 1 { out[i - 1] } else { START_CLASS },
                if i >= 2 { out[i - 2] } else { START_CLASS },
            ];
            if let Some(&c) = self.tagdict.get(&info[i].norm) {
                out.push(c);
                continue;
            }
            features(info, &amb, i, prev, case, &mut feats);
            scores.iter_mut().for_each(|s| *s = 0);
            self.weights.add_many(&feats, &mut scores);
            out.push(argmax(&scores[..nc]) as u16);
        }
    }
}

/// Index of the largest score (the first one on ties).
pub fn argmax(scores: &[i32]) -> usize {
    let mut best = 0;
    for (i, s) in scores.iter().enumerate() {
        if *s > scores[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_info_handles_short_and_multibyte_words() {
        let mut b = String::new();
        let a = WordInfo::new("é", &mut b);
        assert_eq!(a.suf[0], a.suf[3]);
        assert_eq!(a.pre[0], a.pre[2]);
        let x = WordInfo::new("Killed", &mut b);
        let y = WordInfo::new("KILLED", &mut b);
        assert_eq!(x.norm, y.norm);
        assert_ne!(x.shape, y.shape);
        assert_eq!(
            WordInfo::new("1,200", &mut b).norm,
            WordInfo::new("3,500", &mut b).norm
        );
    }

    #[test]
    fn case_mode() {
        assert_eq!(CaseMode::of(&["THE", "ARMY", "SAID"]), CaseMode::Upper);
        assert_eq!(CaseMode::of(&["the", "army"]), CaseMode::Lower);
        assert_eq!(CaseMode::of(&["The", "army"]), CaseMode::Mixed);
    }
}
