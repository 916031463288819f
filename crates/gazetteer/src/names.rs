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

/// One row of `regions.tsv` (name, ISO2 country code, latitude, longitude, `|`-separated
/// alternate names), trimmed; `None` for comments, blank lines and rows without a name, code
/// or coordinates. The loader and the build script read the regions through it, so that both
/// give the rows the same place ids.
pub(crate) struct RegionRow<'a> {
    pub(crate) name: &'a str,
    /// Lower-cased ISO2 code of the region's country.
    pub(crate) iso2: String,
    pub(crate) lat: f64,
    pub(crate) lon: f64,
    pub(crate) alts: &'a str,
}

pub(crate) fn region_row(line: &str) -> Option<RegionRow<'_>> {
    if line.starts_with('#') || line.trim().is_empty() {
        return None;
    }
    let mut c = line.split('\t');
    let (name, iso2, lat, lon) = (c.next()?, c.next()?, c.next()?, c.next()?);
    Some(RegionRow {
        name: name.trim(),
        iso2: iso2.trim().to_ascii_lowercase(),
        lat: lat.trim().parse().ok()?,
        lon: lon.trim().parse().ok()?,
        alts: c.next().unwrap_or(""),
    })
}

/// One row of `country_aliases.tsv`: the alias (trimmed) and its country's lower-cased ISO2
/// code; `None` for comments and rows without a tab.
pub(crate) fn alias_row(line: &str) -> Option<(&str, String)> {
    if line.starts_with('#') {
        return None;
    }
    let (name, iso2) = line.split_once('\t')?;
    Some((name.trim(), iso2.trim().to_ascii_lowercase()))
}
