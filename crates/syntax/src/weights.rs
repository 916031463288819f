//! Weight tables: the compact, quantised table used at run time ([`Weights`]) and the
//! averaged perceptron that trains it ([`Perceptron`]).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

const FP_SHIFT: u32 = 36;
const START_BITS: u32 = 28;
const START_MASK: u64 = (1 << START_BITS) - 1;

/// Run-time feature weights: an open-addressing table of hashed feature keys whose slots
/// point at short sparse rows of `(class, i16 weight)` entries.
///
/// A slot is `fingerprint:28 | start:28 | len:8` (len 0 = empty); an entry is
/// `class:16 | weight:16`.
#[derive(Clone, Debug, Default)]
pub struct Weights {
    slots: Vec<u64>,
    entries: Vec<u32>,
}

impl Weights {
    /// Builds the table from rows of `(key, [(class, weight)])`. Keys must be distinct.
    pub fn build(rows: &[(u64, Vec<(u16, i16)>)]) -> Weights {
        let n = rows.len().max(1);
        let size = (n * 8 / 5).next_power_of_two().max(16);
        let mask = size as u64 - 1;
        let mut slots = vec![0u64; size];
        let mut entries = Vec::new();
        for (key, row) in rows {
            if row.is_empty() {
                continue;
            }
            let start = entries.len() as u64;
            assert!(
                start <= START_MASK && row.len() < 256,
                "weight table too large"
            );
            for &(c, w) in row {
                entries.push((u32::from(c) << 16) | u32::from(w as u16));
            }
            let slot = (fingerprint(*key) << FP_SHIFT) | (start << 8) | row.len() as u64;
            let mut i = *key & mask;
            while slots[i as usize] != 0 {
                i = (i + 1) & mask;
            }
            slots[i as usize] = slot;
        }
        Weights { slots, entries }
    }

    /// The row of a feature, empty if the feature is unknown.
    #[inline]
    pub fn row(&self, key: u64) -> &[u32] {
        let mask = self.slots.len() as u64 - 1;
        let fp = fingerprint(key);
        let mut i = key & mask;
        loop {
            // SAFETY-free: index masked into bounds
            let s = self.slots[(i & mask) as usize];
            if s == 0 {
                return &[];
            }
            if s >> FP_SHIFT == fp {
                let start = ((s >> 8) & START_MASK) as usize;
                let len = (s & 0xff) as usize;
                return self.entries.get(start..start + len).unwrap_or(&[]);
            }
            i += 1;
        }
    }

    /// Adds a feature's weights to `scores` (indexed by class).
    #[inline]
    pub fn add(&self, key: u64, scores: &mut [i32]) {
        for &e in self.row(key) {
            if let Some(s) = scores.get_mut((e >> 16) as usize) {
                *s += i32::from(e as u16 as i16);
            }
        }
    }

    /// Hints the CPU to fetch a feature's slot.
    #[inline]
    pub fn prefetch(&self, key: u64) {
        #[cfg(target_arch = "x86_64")]
        {
            let mask = self.slots.len() as u64 - 1;
            let p = self.slots.as_ptr().wrapping_add((key & mask) as usize);
            // SAFETY: prefetch is only a hint; it never faults, even on an invalid address.
            unsafe {
                std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0)
            };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = key;
    }

    pub fn n_features(&self) -> usize {
        self.slots.iter().filter(|s| **s != 0).count()
    }

    pub fn n_entries(&self) -> usize {
        self.entries.len()
    }

    pub fn heap_bytes(&self) -> usize {
        self.slots.len() * 8 + self.entries.len() * 4
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.slots.len() as u64).to_le_bytes());
        out.extend_from_slice(&(self.entries.len() as u64).to_le_bytes());
        for s in &self.slots {
            out.extend_from_slice(&s.to_le_bytes());
        }
        for e in &self.entries {
            out.extend_from_slice(&e.to_le_bytes());
        }
    }

    pub(crate) fn read(r: &mut crate::model::Reader<'_>) -> Result<Weights, crate::SyntaxError> {
        let ns = r.u64()? as usize;
        let ne = r.u64()? as usize;
        if !ns.is_power_of_two() || ns > 1 << 30 || ne > 1 << 30 {
            return Err(r.invalid("bad weight table size"));
        }
        let slots: Vec<u64> = r
            .bytes(ns * 8)?
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        let entries: Vec<u32> = r
            .bytes(ne * 4)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Weights { slots, entries })
    }
}

#[inline]
fn fingerprint(key: u64) -> u64 {
    // never 0 so that a slot is never all-zero
    (key >> FP_SHIFT) | 1
}

#[derive(Clone, Copy, Debug)]
struct Param {
    class: u16,
    w: f32,
    total: f64,
    ts: u32,
}

/// Averaged multiclass perceptron over hashed features with sparse rows (training only).
#[derive(Default)]
pub struct Perceptron {
    rows: IdMap<Vec<Param>>,
    /// Number of examples seen (the averaging clock).
    pub now: u32,
}

impl Perceptron {
    pub fn new() -> Perceptron {
        Perceptron::default()
    }

    /// Scores of the current (not averaged) weights.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for p in row {
                    if let Some(s) = scores.get_mut(p.class as usize) {
                        *s += p.w;
                    }
                }
            }
        }
    }

    /// Moves the weights towards `truth` and away from `guess` (call [`Self::tick`] once per
    /// example, updated or not).
    pub fn update(&mut self, feats: &[u64], truth: u16, guess: u16) {
        if truth == guess {
            return;
        }
        let now = self.now;
        for f in feats {
            let row = self.rows.entry(*f).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                let p = match row.iter_mut().position(|p| p.class == class) {
                    Some(i) => &mut row[i],
                    None => {
                        row.push(Param {
                            class,
                            w: 0.0,
                            total: 0.0,
                            ts: now,
                        });
                        row.last_mut().expect("just pushed")
                    }
                };
                p.total += f64::from(now - p.ts) * f64::from(p.w);
                p.ts = now;
                p.w += delta;
            }
        }
    }

    pub fn tick(&mut self) {
        self.now += 1;
    }

    pub fn n_features(&self) -> usize {
        self.rows.len()
    }

    /// Averaged weights, quantised to i16 (scale chosen from the largest weight), with entries
    /// whose quantised magnitude is below `prune` dropped. Rows are sorted by key, so the
    /// result does not depend on hash map order.
    pub fn averaged(&self, prune: i16) -> Weights {
        let now = f64::from(self.now.max(1));
        let mut rows: Vec<(u64, Vec<(u16, f64)>)> = self
            .rows
            .iter()
            .map(|(k, row)| {
                let mut r: Vec<(u16, f64)> = row
                    .iter()
                    .map(|p| {
                        let total = p.total + f64::from(self.now - p.ts) * f64::from(p.w);
                        (p.class, total / now)
                    })
                    .collect();
                r.sort_by_key(|e| e.0);
                (*k, r)
            })
            .collect();
        rows.sort_by_key(|r| r.0);
        let max = rows
            .iter()
            .flat_map(|r| r.1.iter())
            .fold(0.0f64, |m, e| m.max(e.1.abs()));
        let scale = if max > 0.0 { 32000.0 / max } else { 1.0 };
        let q: Vec<(u64, Vec<(u16, i16)>)> = rows
            .into_iter()
            .map(|(k, r)| {
                let r: Vec<(u16, i16)> = r
                    .into_iter()
                    .map(|(c, w)| (c, (w * scale).round().clamp(-32767.0, 32767.0) as i16))
                    .filter(|e| e.1.unsigned_abs() >= prune.max(1) as u16)
                    .collect();
                (k, r)
            })
            .filter(|r| !r.1.is_empty())
            .collect();
        Weights::build(&q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_lookup() {
        use crate::hash::mix;
        // keys are hashes; these three share their low bits (same first slot)
        let (a, b, c) = (mix(1) & !0xffff, mix(2) & !0xffff, mix(3));
        let rows = vec![
            (a, vec![(0u16, 3i16), (2, -4)]),
            (b, vec![(1u16, 7i16)]),
            (c, vec![(3u16, 1i16)]),
        ];
        let w = Weights::build(&rows);
        let mut s = [0i32; 4];
        w.add(a, &mut s);
        w.add(b, &mut s);
        w.add(mix(4), &mut s);
        assert_eq!(s, [3, 7, -4, 0]);
        assert_eq!(w.n_features(), 3);
    }

    #[test]
    fn perceptron_learns_and_averages() {
        let mut p = Perceptron::new();
        for _ in 0..10 {
            for (f, c) in [(1u64, 0u16), (2, 1)] {
                let mut s = [0f32; 2];
                p.score(&[f, 3], &mut s);
                let guess = if s[1] > s[0] { 1 } else { 0 };
                p.update(&[f, 3], c, guess);
                p.tick();
            }
        }
        let w = p.averaged(1);
        let mut s = [0i32; 2];
        w.add(1, &mut s);
        w.add(3, &mut s);
        assert!(s[0] > s[1]);
        let mut s = [0i32; 2];
        w.add(2, &mut s);
        w.add(3, &mut s);
        assert!(s[1] > s[0]);
    }
}
