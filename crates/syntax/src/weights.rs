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

/// Slots per bucket of the hash tables.
pub const BUCKET: usize = 4;

/// Four slots, 32 bytes, aligned so that a bucket is in one cache line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C, align(32))]
pub struct Bucket(pub [u64; BUCKET]);

/// Number of buckets for `n` features (about two features per bucket) and which features
/// go where: features are placed in bucket `key & mask`; when a bucket is full the feature
/// with the smallest weight magnitude is left out (deterministic: ties by key). Returns the
/// bucket count and, per bucket, the indices of its features.
fn place(keys: &[(u64, u32)], fp: impl Fn(u64) -> u64) -> (usize, Vec<Vec<usize>>) {
    let nb = (keys.len() / 2).max(1).next_power_of_two();
    let mask = nb as u64 - 1;
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); nb];
    for (i, (key, mag)) in keys.iter().enumerate() {
        let b = &mut buckets[(key & mask) as usize];
        // two keys with the same fingerprint cannot share a bucket: keep the stronger
        if let Some(j) = b.iter().position(|&k| fp(keys[k].0) == fp(*key)) {
            if *mag > keys[b[j]].1 {
                b[j] = i;
            }
            continue;
        }
        if b.len() < BUCKET {
            b.push(i);
        } else {
            // replace the weakest if this one is stronger
            let (wi, w) = b
                .iter()
                .enumerate()
                .map(|(j, &k)| (j, keys[k].1))
                .min_by_key(|&(j, m)| (m, std::cmp::Reverse(j)))
                .expect("full bucket");
            if *mag > w {
                b[wi] = i;
            }
        }
    }
    (nb, buckets)
}

/// Run-time feature weights: a bucketed hash table of feature keys (four slots per bucket,
/// compared without branches) whose slots point at rows of weights: short rows are sparse
/// `(class, i16 weight)` entries, long rows (frequent features) dense `i16` vectors of
/// `width` classes, added with vector instructions.
///
/// A slot is `fingerprint:28 | start:28 | len:8` (0 = empty; len 255 = dense row number
/// `start`); a sparse entry is `class:16 | weight:16`.
#[derive(Clone, Debug, Default)]
pub struct Weights {
    buckets: Vec<Bucket>,
    entries: Vec<u32>,
    dense: Vec<i16>,
    /// Classes per dense row (a multiple of 16).
    width: usize,
}

const DENSE: u64 = 0xff;

/// A row found in the table.
#[derive(Clone, Copy)]
pub enum Row<'a> {
    Sparse(&'a [u32]),
    Dense(&'a [i16]),
}

impl Weights {
    /// Builds the table from rows of `(key, [(class, weight)])` sorted by key (keys distinct).
    pub fn build(rows: &[(u64, Vec<(u16, i16)>)]) -> Weights {
        let rows: Vec<&(u64, Vec<(u16, i16)>)> = rows.iter().filter(|r| !r.1.is_empty()).collect();
        let classes = rows
            .iter()
            .flat_map(|r| r.1.iter().map(|e| e.0 as usize + 1))
            .max()
            .unwrap_or(1);
        let width = classes.div_ceil(16) * 16;
        let dense_min = (width / 6).max(8);
        let keys: Vec<(u64, u32)> = rows
            .iter()
            .map(|(k, r)| {
                (
                    *k,
                    r.iter()
                        .map(|e| u32::from(e.1.unsigned_abs()))
                        .max()
                        .unwrap_or(0),
                )
            })
            .collect();
        let (nb, placed) = place(&keys, fingerprint);
        let mut buckets = vec![Bucket::default(); nb];
        let mut entries = Vec::new();
        let mut dense = Vec::new();
        for (b, items) in placed.iter().enumerate() {
            for (j, &i) in items.iter().enumerate() {
                let (key, row) = rows[i];
                let (start, len) = if row.len() >= dense_min {
                    let n = dense.len() / width;
                    dense.resize(dense.len() + width, 0);
                    for &(c, w) in row {
                        dense[n * width + c as usize] = w;
                    }
                    (n as u64, DENSE)
                } else {
                    let start = entries.len() as u64;
                    for &(c, w) in row {
                        entries.push((u32::from(c) << 16) | u32::from(w as u16));
                    }
                    (start, row.len() as u64)
                };
                assert!(start <= START_MASK, "weight table too large");
                buckets[b].0[j] = (fingerprint(*key) << FP_SHIFT) | (start << 8) | len;
            }
        }
        Weights {
            buckets,
            entries,
            dense,
            width,
        }
    }

    #[inline]
    fn bucket(&self, key: u64) -> &Bucket {
        let mask = self.buckets.len().max(1) as u64 - 1;
        static EMPTY: Bucket = Bucket([0; BUCKET]);
        self.buckets.get((key & mask) as usize).unwrap_or(&EMPTY)
    }

    /// The row of a feature (an empty sparse row if the feature is unknown).
    #[inline]
    pub fn row(&self, key: u64) -> Row<'_> {
        let fp = fingerprint(key);
        let mut found = 0u64;
        for &s in &self.bucket(key).0 {
            found |= s & 0u64.wrapping_sub(u64::from(s >> FP_SHIFT == fp));
        }
        let start = ((found >> 8) & START_MASK) as usize;
        let len = found & 0xff;
        if len == DENSE {
            let a = start * self.width;
            Row::Dense(self.dense.get(a..a + self.width).unwrap_or(&[]))
        } else {
            Row::Sparse(self.entries.get(start..start + len as usize).unwrap_or(&[]))
        }
    }

    /// Length of the score buffers to give [`Self::add`] and [`Self::add_many`]: a power of
    /// two at least as large as the number of classes.
    pub fn score_len(&self) -> usize {
        self.width.max(1).next_power_of_two()
    }

    #[inline]
    fn add_row(&self, row: Row<'_>, scores: &mut [i32]) {
        match row {
            Row::Sparse(r) => {
                let n = scores.len();
                if n.is_power_of_two() {
                    for &e in r {
                        scores[(e >> 16) as usize & (n - 1)] += i32::from(e as u16 as i16);
                    }
                } else {
                    for &e in r {
                        if let Some(s) = scores.get_mut((e >> 16) as usize) {
                            *s += i32::from(e as u16 as i16);
                        }
                    }
                }
            }
            Row::Dense(r) => {
                for (s, w) in scores.iter_mut().zip(r) {
                    *s += i32::from(*w);
                }
            }
        }
    }

    /// Adds a feature's weights to `scores` (indexed by class; see [`Self::score_len`]).
    #[inline]
    pub fn add(&self, key: u64, scores: &mut [i32]) {
        self.add_row(self.row(key), scores);
    }

    /// Adds the weights of many features: first prefetches their buckets, then finds their
    /// rows and prefetches those, then adds (so that the cache misses overlap).
    pub fn add_many(&self, keys: &[u64], scores: &mut [i32]) {
        for k in keys {
            self.prefetch(*k);
        }
        let mut rows: [Row<'_>; 64] = [Row::Sparse(&[]); 64];
        for chunk in keys.chunks(64) {
            for (r, k) in rows.iter_mut().zip(chunk) {
                *r = self.row(*k);
                match r {
                    Row::Sparse(x) => {
                        if let Some(first) = x.first() {
                            prefetch_ptr(first as *const u32);
                        }
                    }
                    Row::Dense(x) => {
                        if let Some(first) = x.first() {
                            prefetch_ptr(first as *const i16 as *const u32);
                        }
                    }
                }
            }
            for row in &rows[..chunk.len()] {
                self.add_row(*row, scores);
            }
        }
    }

    /// Hints the CPU to fetch a feature's bucket.
    #[inline]
    pub fn prefetch(&self, key: u64) {
        prefetch_ptr(self.bucket(key).0.as_ptr() as *const u32);
    }

    pub fn n_features(&self) -> usize {
        self.buckets
            .iter()
            .flat_map(|b| b.0)
            .filter(|s| *s != 0)
            .count()
    }

    pub fn n_entries(&self) -> usize {
        self.entries.len()
    }

    pub fn heap_bytes(&self) -> usize {
        self.buckets.len() * 32 + self.entries.len() * 4 + self.dense.len() * 2
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.buckets.len() as u64).to_le_bytes());
        out.extend_from_slice(&(self.entries.len() as u64).to_le_bytes());
        out.extend_from_slice(&(self.width as u64).to_le_bytes());
        out.extend_from_slice(&(self.dense.len() as u64).to_le_bytes());
        for b in &self.buckets {
            for s in b.0 {
                out.extend_from_slice(&s.to_le_bytes());
            }
        }
        for e in &self.entries {
            out.extend_from_slice(&e.to_le_bytes());
        }
        for d in &self.dense {
            out.extend_from_slice(&d.to_le_bytes());
        }
    }

    pub(crate) fn read(r: &mut crate::model::Reader<'_>) -> Result<Weights, crate::SyntaxError> {
        let nb = r.u64()? as usize;
        let ne = r.u64()? as usize;
        let width = r.u64()? as usize;
        let nd = r.u64()? as usize;
        if !nb.is_power_of_two()
            || nb > 1 << 28
            || ne > 1 << 28
            || nd > 1 << 28
            || width == 0
            || width > 1 << 12
            || !width.is_multiple_of(16)
            || !nd.is_multiple_of(width)
        {
            return Err(r.invalid("bad weight table size"));
        }
        let buckets: Vec<Bucket> = r
            .bytes(nb * 32)?
            .chunks_exact(32)
            .map(|c| {
                let mut b = Bucket::default();
                for (j, s) in c.chunks_exact(8).enumerate() {
                    b.0[j] = u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]);
                }
                b
            })
            .collect();
        let entries: Vec<u32> = r
            .bytes(ne * 4)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let dense: Vec<i16> = r
            .bytes(nd * 2)?
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        Ok(Weights {
            buckets,
            entries,
            dense,
            width,
        })
    }
}

#[inline]
#[allow(unsafe_code)] // the crate's one unsafe block: a cache hint (see Cargo.toml's lints)
fn prefetch_ptr(p: *const u32) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetch is only a hint; it never faults, even on an invalid address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
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

    /// Averaged weights per feature (sorted by key, classes sorted) and the largest
    /// magnitude.
    fn averaged_rows(&self) -> (FloatRows, f64) {
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
        (rows, max)
    }

    /// Averaged weights quantised to i16 (scale chosen from the largest weight), per feature,
    /// sorted by key (so the result does not depend on hash map order).
    pub fn quantised_rows(&self) -> QuantRows {
        let (rows, max) = self.averaged_rows();
        let scale = if max > 0.0 { 32000.0 / max } else { 1.0 };
        rows.into_iter()
            .map(|(k, r)| {
                let r: Vec<(u16, i16)> = r
                    .into_iter()
                    .map(|(c, w)| (c, quantise(w, scale)))
                    .filter(|e| e.1 != 0)
                    .collect();
                (k, r)
            })
            .filter(|r| !r.1.is_empty())
            .collect()
    }

    /// Averaged weights with entries whose quantised magnitude is below `prune` dropped.
    pub fn averaged(&self, prune: i16) -> Weights {
        Weights::from_rows(&self.quantised_rows(), prune)
    }
}

/// Averaged weight rows before quantisation.
type FloatRows = Vec<(u64, Vec<(u16, f64)>)>;

/// Quantised weight rows: `(feature key, [(class, weight)])`, sorted by key.
pub type QuantRows = Vec<(u64, Vec<(u16, i16)>)>;

impl Weights {
    /// Builds the run-time table, dropping entries whose magnitude is below `prune`.
    pub fn from_rows(rows: &QuantRows, prune: i16) -> Weights {
        let min = prune.max(1).unsigned_abs();
        let q: QuantRows = rows
            .iter()
            .map(|(k, r)| {
                (
                    *k,
                    r.iter()
                        .copied()
                        .filter(|e| e.1.unsigned_abs() >= min)
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|r| !r.1.is_empty())
            .collect();
        Weights::build(&q)
    }
}

impl Dense3 {
    /// Builds a three-class table, dropping features whose weights are all below `prune` in
    /// magnitude.
    pub fn from_rows(rows: &QuantRows, prune: i16) -> Dense3 {
        let min = prune.max(1).unsigned_abs();
        let q: Vec<(u64, [i16; 3])> = rows
            .iter()
            .map(|(k, r)| {
                let mut w = [0i16; 3];
                for &(c, v) in r {
                    if let Some(x) = w.get_mut(c as usize) {
                        *x = v;
                    }
                }
                (*k, w)
            })
            .filter(|(_, w)| w.iter().any(|x| x.unsigned_abs() >= min))
            .collect();
        Dense3::build(&q)
    }
}

fn quantise(w: f64, scale: f64) -> i16 {
    (w * scale).round().clamp(-32767.0, 32767.0) as i16
}

/// Four move slots `[fingerprint, w0, w1, w2]`: 32 bytes, one cache line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C, align(32))]
pub struct Bucket3(pub [[i16; 4]; BUCKET]);

/// Run-time weights of a three-class model (the parser's moves): buckets of four 8-byte
/// slots `[fingerprint, w0, w1, w2]` compared without branches, so that a feature costs one
/// memory access.
#[derive(Clone, Debug, Default)]
pub struct Dense3 {
    buckets: Vec<Bucket3>,
}

#[inline]
fn fp16(key: u64) -> i16 {
    ((key >> 48) as u16 | 1) as i16
}

impl Dense3 {
    /// Builds the table from `(key, weights)` sorted by key (keys distinct).
    pub fn build(rows: &[(u64, [i16; 3])]) -> Dense3 {
        let keys: Vec<(u64, u32)> = rows
            .iter()
            .map(|(k, w)| {
                (
                    *k,
                    w.iter()
                        .map(|x| u32::from(x.unsigned_abs()))
                        .max()
                        .unwrap_or(0),
                )
            })
            .collect();
        let (nb, placed) = place(&keys, |k| fp16(k) as u16 as u64);
        let mut buckets = vec![Bucket3::default(); nb];
        for (b, items) in placed.iter().enumerate() {
            for (j, &i) in items.iter().enumerate() {
                let (key, w) = rows[i];
                buckets[b].0[j] = [fp16(key), w[0], w[1], w[2]];
            }
        }
        Dense3 { buckets }
    }

    #[inline]
    fn bucket(&self, key: u64) -> &Bucket3 {
        let mask = self.buckets.len().max(1) as u64 - 1;
        static EMPTY: Bucket3 = Bucket3([[0; 4]; BUCKET]);
        self.buckets.get((key & mask) as usize).unwrap_or(&EMPTY)
    }

    #[inline]
    pub fn add(&self, key: u64, scores: &mut [i32; 3]) {
        let fp = fp16(key);
        // fingerprints in a bucket are distinct (`place`) and never 0 (empty slots): at most
        // one slot matches; its weights are selected without branches (a slot as one u64)
        // and added once
        let mut row = 0u64;
        for s in &self.bucket(key).0 {
            let v = u64::from(s[1] as u16)
                | u64::from(s[2] as u16) << 16
                | u64::from(s[3] as u16) << 32;
            row |= v & 0u64.wrapping_sub(u64::from(s[0] == fp));
        }
        scores[0] += i32::from(row as u16 as i16);
        scores[1] += i32::from((row >> 16) as u16 as i16);
        scores[2] += i32::from((row >> 32) as u16 as i16);
    }

    #[inline]
    pub fn prefetch(&self, key: u64) {
        prefetch_ptr(self.bucket(key).0.as_ptr() as *const u32);
    }

    pub fn n_features(&self) -> usize {
        self.buckets
            .iter()
            .flat_map(|b| b.0)
            .filter(|s| s[0] != 0)
            .count()
    }

    pub fn heap_bytes(&self) -> usize {
        self.buckets.len() * 32
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.buckets.len() as u64).to_le_bytes());
        for b in &self.buckets {
            for s in &b.0 {
                for x in s {
                    out.extend_from_slice(&x.to_le_bytes());
                }
            }
        }
    }

    pub(crate) fn read(r: &mut crate::model::Reader<'_>) -> Result<Dense3, crate::SyntaxError> {
        let nb = r.u64()? as usize;
        if !nb.is_power_of_two() || nb > 1 << 28 {
            return Err(r.invalid("bad dense table size"));
        }
        let bytes = r.bytes(nb * 32)?;
        let buckets: Vec<Bucket3> = bytes
            .chunks_exact(32)
            .map(|c| {
                let mut b = Bucket3::default();
                for (j, s) in c.chunks_exact(8).enumerate() {
                    for k in 0..4 {
                        b.0[j][k] = i16::from_le_bytes([s[2 * k], s[2 * k + 1]]);
                    }
                }
                b
            })
            .collect();
        Ok(Dense3 { buckets })
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
        // a long row is stored dense
        let long: Vec<(u16, i16)> = (0..40u16).map(|c| (c, c as i16 - 20)).collect();
        let w = Weights::build(&[(a, vec![(3u16, 5i16)]), (b, long)]);
        assert_eq!(w.score_len(), 64);
        let mut s = vec![0i32; w.score_len()];
        w.add_many(&[a, b, c], &mut s);
        assert_eq!(s[0], -20);
        assert_eq!(s[3], 5 - 17);
        assert_eq!(s[39], 19);
        assert_eq!(s[40], 0);
    }

    #[test]
    fn full_buckets_keep_the_strongest_features() {
        use crate::hash::mix;
        // 8 keys in the same bucket of a 4-bucket table: 4 kept, the strongest
        let rows: Vec<(u64, [i16; 3])> = (0..8u64)
            .map(|i| (mix(i) << 2, [i as i16 + 1, 0, 0]))
            .collect();
        let mut sorted = rows.clone();
        sorted.sort_by_key(|r| r.0);
        let d = Dense3::build(&sorted);
        assert_eq!(d.n_features(), 4);
        for (k, w) in &rows {
            let mut s = [0i32; 3];
            d.add(*k, &mut s);
            if w[0] > 4 {
                assert_eq!(s[0], i32::from(w[0]));
            } else {
                assert_eq!(s[0], 0);
            }
        }
    }

    #[test]
    fn perceptron_learns_and_averages() {
        use crate::hash::mix;
        let mut p = Perceptron::new();
        for _ in 0..10 {
            for (f, c) in [(mix(1), 0u16), (mix(2), 1)] {
                let mut s = [0f32; 2];
                p.score(&[f, mix(3)], &mut s);
                let guess = if s[1] > s[0] { 1 } else { 0 };
                p.update(&[f, mix(3)], c, guess);
                p.tick();
            }
        }
        let w = p.averaged(1);
        let mut s = [0i32; 2];
        w.add(mix(1), &mut s);
        w.add(mix(3), &mut s);
        assert!(s[0] > s[1]);
        let mut s = [0i32; 2];
        w.add(mix(2), &mut s);
        w.add(mix(3), &mut s);
        assert!(s[1] > s[0]);
    }
}
