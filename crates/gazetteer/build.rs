//! Indexes the names of the embedded gazetteer ahead of time.
//!
//! Folding the 1.2 million names and alternate names of `data/gazetteer/gazetteer.tsv.gz` (with
//! `regions.tsv` and `country_aliases.tsv`) and grouping their keys was most of the gazetteer's
//! load. This script does it once per build and writes `$OUT_DIR/names.idx`: the number of
//! places (u32, little-endian), then the exact and the skeleton name index in the format of
//! `src/name_index.rs`. `Gazetteer::embedded` reads it instead of folding the names again; a
//! unit test checks that it equals the index the loader builds itself from the same data.
//!
//! Places are numbered as the loader (`Gazetteer::load` in `src/lib.rs`) numbers them: every
//! country (`C`) row, every division (`A`, `D`) row of a known country, every `P` row, then
//! every well-formed region of a known country. The loader checks the count.

#![allow(dead_code, unused_imports)] // the included modules have items only the library uses

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

#[path = "src/fold.rs"]
mod fold;
#[path = "src/name_index.rs"]
mod name_index;
#[path = "src/names.rs"]
mod names;

use fold::split_ascii;
use name_index::NameIndex;
use names::NameKeys;

/// Columns of a country row (as `src/countries.rs` `col`).
const ISO2: usize = 1;
const ISO3: usize = 2;
const NAME: usize = 4;
const ALTERNATES: usize = 12;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let data = manifest.join("../../data/gazetteer");
    for f in ["gazetteer.tsv.gz", "regions.tsv", "country_aliases.tsv"] {
        println!("cargo:rerun-if-changed={}", data.join(f).display());
    }
    for f in [
        "build.rs",
        "src/fold.rs",
        "src/name_index.rs",
        "src/names.rs",
    ] {
        println!("cargo:rerun-if-changed={}", manifest.join(f).display());
    }

    let mut text = String::new();
    flate2::read::GzDecoder::new(read(&data.join("gazetteer.tsv.gz")).as_slice())
        .read_to_string(&mut text)
        .expect("gazetteer.tsv.gz is gzip-compressed UTF-8");
    let regions = String::from_utf8(read(&data.join("regions.tsv"))).expect("UTF-8");
    let aliases = String::from_utf8(read(&data.join("country_aliases.tsv"))).expect("UTF-8");

    let (count, keys) = name_keys(&text, &regions, &aliases);
    let mut out = count.to_le_bytes().to_vec();
    out.extend(NameIndex::build(keys.exact).encode());
    out.extend(NameIndex::build(keys.skel).encode());
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").expect("out dir")).join("names.idx");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The number of places and the name keys of every place, numbered as the loader numbers them.
fn name_keys(text: &str, regions: &str, aliases: &str) -> (u32, NameKeys) {
    let mut keys = NameKeys::for_gazetteer();
    let mut by_code: HashMap<String, u16> = HashMap::new();
    let mut country_place: Vec<u32> = Vec::new();
    let mut next: u32 = 0;
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let c: Vec<&str> = split_ascii(line, b'\t').collect();
        let field = |i: usize| c.get(i).copied().unwrap_or("");
        match field(0) {
            "C" => {
                let ci = country_place.len() as u16;
                by_code.insert(field(ISO2).to_ascii_lowercase(), ci);
                by_code.insert(field(ISO3).to_ascii_lowercase(), ci);
                country_place.push(next);
                keys.add(next, field(NAME), field(ALTERNATES));
                next += 1;
            }
            kind @ ("A" | "D") => {
                if !by_code.contains_key(&field(1).to_ascii_lowercase()) {
                    continue;
                }
                keys.add(next, field(4), field(if kind == "A" { 8 } else { 7 }));
                next += 1;
            }
            "P" => {
                keys.add(next, field(2), field(9));
                next += 1;
            }
            other => panic!("unknown gazetteer record kind {other:?}"),
        }
    }
    for r in regions.lines().filter_map(names::region_row) {
        if by_code.contains_key(&r.iso2) {
            keys.add(next, r.name, r.alts);
            next += 1;
        }
    }
    for (name, iso2) in aliases.lines().filter_map(names::alias_row) {
        if let Some(&place) = by_code
            .get(&iso2)
            .and_then(|&ci| country_place.get(ci as usize))
        {
            keys.add(place, name, "");
        }
    }
    (next, keys)
}
