//! Folded-name hash -> place ids: the gazetteer's two name indexes (exact and skeleton keys).
//!
//! The index is a sorted array of 64-bit keys (already well-mixed hashes, [`key_hash`]), a
//! directory of where each run of keys with the same top bits starts, and for every key the
//! sorted, deduplicated ids of the places with that name. A look-up reads two directory
//! entries and scans the one or two keys of its run.
//!
//! The index of the embedded gazetteer is built by the crate's build script (`build.rs`, which
//! includes this file and `names.rs`) and embedded as bytes ([`NameIndex::encode`]); loading it
//! ([`NameIndex::decode`]) only copies the arrays out. [`NameIndex::build`] makes the same
//! index at run time for other gazetteer data.
//!
//! [`key_hash`]: crate::fold::key_hash

/// Folded-name hash -> place ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameIndex {
    /// Number of top key bits that pick a directory entry.
    bits: u32,
    /// `dir[b]..dir[b + 1]`: the keys whose top `bits` bits are `b` (`2^bits + 1` entries).
    dir: Vec<u32>,
    /// Distinct keys, ascending.
    keys: Vec<u64>,
    /// `ids[offs[k]..offs[k + 1]]`: the place ids of `keys[k]` (one more entry than `keys`).
    offs: Vec<u32>,
    ids: Vec<u32>,
}

impl Default for NameIndex {
    fn default() -> NameIndex {
        NameIndex::from_groups(Vec::new(), vec![0], Vec::new())
    }
}

/// Magic bytes and format version at the head of an encoded index.
const MAGIC: &[u8; 8] = b"SGNI0001";

impl NameIndex {
    /// Builds the index of `(key, id)` pairs (in any order; repeated pairs count once).
    pub(crate) fn build(mut pairs: Vec<(u64, u32)>) -> NameIndex {
        // group the pairs by key (radix sort: a comparison sort of a million pairs costs
        // several times more), then sort and dedup the ids of each key
        radix_sort_by_key(&mut pairs);
        let mut keys = Vec::with_capacity(pairs.len() / 2);
        let mut offs = Vec::with_capacity(pairs.len() / 2 + 1);
        let mut ids = Vec::with_capacity(pairs.len());
        offs.push(0);
        let mut i = 0;
        while i < pairs.len() {
            let k = pairs[i].0;
            let start = ids.len();
            while i < pairs.len() && pairs[i].0 == k {
                ids.push(pairs[i].1);
                i += 1;
            }
            if let Some(group) = ids.get_mut(start..) {
                if group.len() > 1 {
                    group.sort_unstable();
                    let mut kept = 1;
                    for j in 1..group.len() {
                        if group[j] != group[kept - 1] {
                            group[kept] = group[j];
                            kept += 1;
                        }
                    }
                    ids.truncate(start + kept);
                }
            }
            keys.push(k);
            offs.push(ids.len() as u32);
        }
        NameIndex::from_groups(keys, offs, ids)
    }

    /// The index of sorted distinct `keys` with their id ranges; makes the directory.
    fn from_groups(keys: Vec<u64>, offs: Vec<u32>, ids: Vec<u32>) -> NameIndex {
        // about one key per directory entry
        let bits = (usize::BITS - keys.len().max(2).leading_zeros() - 1).min(24);
        let mut dir = Vec::with_capacity((1 << bits) + 1);
        let mut k = 0;
        for b in 0..(1u64 << bits) {
            while k < keys.len() && keys[k] >> (64 - bits) < b {
                k += 1;
            }
            dir.push(k as u32);
        }
        dir.push(keys.len() as u32);
        NameIndex {
            bits,
            dir,
            keys,
            offs,
            ids,
        }
    }

    /// The ids of the places whose name has the key `key_hash(key)`.
    pub(crate) fn get(&self, key: &str) -> &[u32] {
        self.get_hash(crate::fold::key_hash(key))
    }

    fn get_hash(&self, h: u64) -> &[u32] {
        let b = (h >> (64 - self.bits)) as usize;
        let (Some(&lo), Some(&hi)) = (self.dir.get(b), self.dir.get(b + 1)) else {
            return &[];
        };
        let run = self.keys.get(lo as usize..hi as usize).unwrap_or(&[]);
        let Some(k) = run.iter().position(|&x| x == h) else {
            return &[];
        };
        let k = lo as usize + k;
        match (self.offs.get(k), self.offs.get(k + 1)) {
            (Some(&s), Some(&e)) => self.ids.get(s as usize..e as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The index as bytes (little-endian): magic, key and id counts, keys, offsets, ids.
    #[allow(dead_code)] // used by build.rs and the tests
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.keys.len() * 12 + self.ids.len() * 4 + 4);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.ids.len() as u32).to_le_bytes());
        for k in &self.keys {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for o in &self.offs {
            out.extend_from_slice(&o.to_le_bytes());
        }
        for i in &self.ids {
            out.extend_from_slice(&i.to_le_bytes());
        }
        out
    }

    /// Reads an index written by [`NameIndex::encode`]; returns it and the bytes after it.
    /// `None` if the bytes are not a well-formed index.
    pub(crate) fn decode(bytes: &[u8]) -> Option<(NameIndex, &[u8])> {
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        let (n_keys, rest) = read_u32(rest)?;
        let (n_ids, rest) = read_u32(rest)?;
        let (n_keys, n_ids) = (n_keys as usize, n_ids as usize);
        let (key_bytes, rest) = split(rest, n_keys.checked_mul(8)?)?;
        let (off_bytes, rest) = split(rest, (n_keys + 1).checked_mul(4)?)?;
        let (id_bytes, rest) = split(rest, n_ids.checked_mul(4)?)?;
        let keys: Vec<u64> = key_bytes
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
            .collect();
        let offs: Vec<u32> = off_bytes.chunks_exact(4).map(le_u32).collect();
        let ids: Vec<u32> = id_bytes.chunks_exact(4).map(le_u32).collect();
        // well-formed: keys strictly ascending, offsets ascending from 0 to the id count
        let sorted = keys.windows(2).all(|w| w[0] < w[1]);
        let ranges = offs.first() == Some(&0)
            && offs.last() == Some(&(n_ids as u32))
            && offs.windows(2).all(|w| w[0] <= w[1]);
        if !sorted || !ranges {
            return None;
        }
        Some((NameIndex::from_groups(keys, offs, ids), rest))
    }
}

fn le_u32(c: &[u8]) -> u32 {
    u32::from_le_bytes(c.try_into().unwrap_or_default())
}

fn read_u32(bytes: &[u8]) -> Option<(u32, &[u8])> {
    let (head, rest) = split(bytes, 4)?;
    Some((le_u32(head), rest))
}

fn split(bytes: &[u8], n: usize) -> Option<(&[u8], &[u8])> {
    (bytes.len() >= n).then(|| bytes.split_at(n))
}

/// Stable LSD radix sort of `(key, id)` pairs by key (16-bit digits).
fn radix_sort_by_key(pairs: &mut Vec<(u64, u32)>) {
    const DIGITS: usize = 4;
    const BUCKETS: usize = 1 << 16;
    if pairs.len() < 2 {
        return;
    }
    let mut counts = vec![0usize; DIGITS * BUCKETS];
    for &(k, _) in pairs.iter() {
        for d in 0..DIGITS {
            counts[d * BUCKETS + ((k >> (16 * d)) & 0xffff) as usize] += 1;
        }
    }
    let mut scratch: Vec<(u64, u32)> = vec![(0, 0); pairs.len()];
    for d in 0..DIGITS {
        let counts = &mut counts[d * BUCKETS..(d + 1) * BUCKETS];
        if counts.contains(&pairs.len()) {
            continue; // every key has this digit
        }
        let mut sum = 0;
        for c in counts.iter_mut() {
            let n = *c;
            *c = sum;
            sum += n;
        }
        for &p in pairs.iter() {
            let b = ((p.0 >> (16 * d)) & 0xffff) as usize;
            scratch[counts[b]] = p;
            counts[b] += 1;
        }
        std::mem::swap(pairs, &mut scratch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::key_hash;

    #[test]
    fn finds_every_key_and_nothing_else() {
        let names = ["aleppo", "halab", "homs", "hama", "raqqa", "deir ez zor"];
        let mut pairs = Vec::new();
        for (i, n) in names.iter().enumerate() {
            pairs.push((key_hash(n), i as u32));
            pairs.push((key_hash(n), 9)); // shared id, repeated below
            pairs.push((key_hash(n), 9));
        }
        pairs.push((key_hash("aleppo"), 7));
        let idx = NameIndex::build(pairs);
        assert_eq!(idx.get("aleppo"), &[0, 7, 9]);
        assert_eq!(idx.get("hama"), &[3, 9]);
        assert_eq!(idx.get("damascus"), &[] as &[u32]);
        assert_eq!(idx.get(""), &[] as &[u32]);
        assert_eq!(NameIndex::default().get("aleppo"), &[] as &[u32]);
    }

    #[test]
    fn encode_decode_round_trip() {
        let pairs: Vec<(u64, u32)> = (0..5000u32)
            .map(|i| (key_hash(&format!("name {}", i % 1700)), i))
            .collect();
        let idx = NameIndex::build(pairs);
        let mut bytes = idx.encode();
        bytes.extend_from_slice(b"tail");
        let (back, rest) = NameIndex::decode(&bytes).expect("decodes");
        assert_eq!(back, idx);
        assert_eq!(rest, b"tail");
        for i in 0..1700 {
            let n = format!("name {i}");
            assert_eq!(back.get(&n), idx.get(&n));
            assert!(!back.get(&n).is_empty());
        }
        let empty = NameIndex::default();
        assert_eq!(NameIndex::decode(&empty.encode()).map(|p| p.0), Some(empty));
    }

    #[test]
    fn malformed_bytes_are_rejected() {
        let idx = NameIndex::build(vec![(1, 1), (2, 2), (3, 3)]);
        let bytes = idx.encode();
        assert!(NameIndex::decode(&bytes[..bytes.len() - 1]).is_none());
        assert!(NameIndex::decode(b"SGNI0002").is_none());
        assert!(NameIndex::decode(&[]).is_none());
    }
}
