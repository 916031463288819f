//! The name keys of gazetteer entries: for every name and alternate name of a place, its
//! folded key, the key without a leading article, and its phonetic skeleton (when it has at
//! least three letters), each paired with the place's id.
//!
//! Used by the loader for gazetteer data given at run time and by the crate's build script
//! (`build.rs`, which includes this file), which indexes the embedded data ahead of time.

use crate::fold::{
    fold_into, key_hash, skeleton_into, skeleton_weight, split_ascii, strip_article,
};

/// Collects `(key, place id)` pairs for the exact and the skeleton index.
#[derive(Default)]
pub(crate) struct NameKeys {
    pub(crate) exact: Vec<(u64, u32)>,
    pub(crate) skel: Vec<(u64, u32)>,
    // buffers reused for every name; `seen` holds the folded names of the current place
    // (alternate names often fold alike, and the index dedups (key, id) pairs anyway)
    f: String,
    sk: String,
    seen: String,
    seen_ends: Vec<usize>,
}

impl NameKeys {
    /// Room for the pairs of the embedded gazetteer.
    pub(crate) fn for_gazetteer() -> NameKeys {
        NameKeys {
            exact: Vec::with_capacity(1_200_000),
            skel: Vec::with_capacity(1_000_000),
            ..NameKeys::default()
        }
    }

    /// Adds the keys of place `id` named `name` with `|`-separated alternate names `alts`.
    pub(crate) fn add(&mut self, id: u32, name: &str, alts: &str) {
        self.seen.clear();
        self.seen_ends.clear();
        self.push(id, name);
        for a in split_ascii(alts, b'|') {
            if !a.is_empty() {
                self.push(id, a);
            }
        }
    }

    fn push(&mut self, id: u32, n: &str) {
        fold_into(n, &mut self.f);
        let f = self.f.as_str();
        if f.is_empty() {
            return;
        }
        let mut from = 0;
        for &end in self.seen_ends.iter() {
            if self.seen.get(from..end) == Some(f) {
                return;
            }
            from = end;
        }
        self.seen.push_str(f);
        self.seen_ends.push(self.seen.len());
        self.exact.push((key_hash(f), id));
        if let Some(s) = strip_article(f) {
            self.exact.push((key_hash(s), id));
        }
        skeleton_into(f, &mut self.sk);
        if skeleton_weight(&self.sk) >= 3 {
            self.skel.push((key_hash(&self.sk), id));
        }
    }
}
