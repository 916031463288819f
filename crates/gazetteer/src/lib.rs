//! sitrep's geocoder: a global gazetteer derived from GeoNames (cities500, countries, first- and
//! second-level divisions), embedded in the binary, and document-level place resolution.
//!
//! The data file `data/gazetteer/gazetteer.tsv.gz` is produced by `scripts/gazetteer/build.py` and
//! committed; [`Gazetteer::embedded`] decompresses and parses it once. Its name indexes are made
//! at build time by the crate's build script (`build.rs`, see `name_index.rs`), so the names are
//! not folded at run time; gazetteer data given at run time ([`Gazetteer::from_gzip`],
//! [`Gazetteer::from_tsv`]) is indexed when it is loaded.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::OnceLock;

pub use sitrep_model::{Facility, Location, Span};

mod countries;
pub mod fold;
mod mentions;
mod name_index;
mod names;
mod water;

pub use countries::{Countries, Country, UnknownCountry};
pub use water::{WaterBody, Waters};

use fold::{fold as fold_name, strip_article};
use name_index::NameIndex;
use names::NameKeys;

const EMBEDDED_DATA: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/gazetteer/gazetteer.tsv.gz"
));
/// The name indexes of `EMBEDDED_DATA` (with the regions and country aliases), made by
/// `build.rs`: the number of places (u32, little-endian), then the exact and the skeleton
/// index ([`NameIndex::encode`]).
const EMBEDDED_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/names.idx"));
const DEMONYMS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/gazetteer/demonyms.tsv"
));
const COUNTRY_ALIASES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/gazetteer/country_aliases.tsv"
));
const COMMON_WORDS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/gazetteer/common_words.txt"
));
const REGIONS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/gazetteer/regions.tsv"
));
/// Adjectives of "the central prison in Town" (see `mentions/words.rs`).
pub(crate) const FACILITY_MODIFIERS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/gazetteer/facility_modifiers.txt"
));
/// Named seas, straits, gulfs, rivers and lakes (see `water.rs`).
pub(crate) const WATER: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/gazetteer/water.tsv"
));
/// Nouns of a town's description in "the prison in the city of Town" (see `mentions/words.rs`).
pub(crate) const TOWN_NOUNS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/gazetteer/town_nouns.txt"
));
/// Closed word tables of place matching (see `mentions/words.rs`).
pub(crate) const MENTION_WORDS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/gazetteer/mention_words.tsv"
));
const STOPLIST: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/gazetteer/stoplist.txt"
));

/// One gazetteer entry: a country, a first- or second-level division, or a populated place.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub geonameid: u64,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166 alpha-3.
    pub country: String,
    /// Name of the first-level division the place is in (its own name for a division).
    pub admin1: Option<String>,
    /// GeoNames feature code: PPL, PPLA, PPLC, ..., ADM1, ADM2, PCLI.
    pub feature: String,
    pub population: u64,
}

impl Place {
    pub fn kind(&self) -> PlaceKind {
        match self.feature.as_str() {
            "PCLI" => PlaceKind::Country,
            "ADM1" => PlaceKind::Admin1,
            "ADM2" => PlaceKind::Admin2,
            "RGN" => PlaceKind::Region,
            _ => PlaceKind::Settlement,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceKind {
    Facility,
    Settlement,
    Admin1,
    Admin2,
    Region,
    Country,
    /// A sea, strait, gulf, bay, channel, canal, river or lake (`water.tsv`); not a
    /// [`Place`] of the GeoNames data: its mentions carry no geonameid.
    Water,
}

/// A place mention found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMention {
    pub span: Span,
    pub kind: PlaceKind,
    pub location: Location,
    pub confidence: f32,
}

/// Errors while loading gazetteer data.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// The supplied data is not a valid gazetteer file (user error).
    #[error("invalid gazetteer data at line {line}: {reason}")]
    Invalid { line: usize, reason: String },
    /// Reading or decompressing failed (internal error).
    #[error("cannot read gazetteer data: {0}")]
    Io(#[from] std::io::Error),
}

impl GazetteerError {
    pub fn is_user_error(&self) -> bool {
        matches!(self, GazetteerError::Invalid { .. })
    }
}

/// Country record: the country's place plus the box of its populated places (2nd-98th percentile).
#[derive(Debug, Clone)]
pub(crate) struct CountryRec {
    pub place: u32,
    pub min_lat: f64,
    pub max_lat: f64,
    pub min_lon: f64,
    pub max_lon: f64,
}

/// The gazetteer: places plus name indexes.
pub struct Gazetteer {
    pub(crate) places: Vec<Place>,
    /// Per place: index into `countries` (u16::MAX when unknown).
    pub(crate) place_country: Vec<u16>,
    pub(crate) countries: Vec<CountryRec>,
    pub(crate) by_code: HashMap<String, u16>,
    pub(crate) exact: NameIndex,
    pub(crate) skel: NameIndex,
    pub(crate) demonyms: HashMap<String, u16>,
    pub(crate) stop: HashSet<String>,
    /// First-level divisions by (country index, name), for "`<seat>` region".
    pub(crate) admin1_by_name: HashMap<(u16, String), u32>,
    /// Frequent English words.
    pub(crate) common: HashSet<String>,
    /// Named water bodies.
    pub(crate) waters: Waters,
}

static EMBEDDED: OnceLock<Gazetteer> = OnceLock::new();

impl Gazetteer {
    /// The gazetteer embedded in the binary, loaded once.
    pub fn embedded() -> &'static Gazetteer {
        EMBEDDED.get_or_init(|| {
            // The embedded files are built and tested with the crate; failure here is a build
            // defect.
            Gazetteer::embedded_data()
                .unwrap_or_else(|e| panic!("embedded gazetteer data is corrupt: {e}"))
        })
    }

    /// Loads the embedded data with the name indexes made by the build script.
    fn embedded_data() -> Result<Gazetteer, GazetteerError> {
        let corrupt = || GazetteerError::Invalid {
            line: 0,
            reason: "the embedded name index is corrupt".to_string(),
        };
        let (count, rest) = EMBEDDED_INDEX.split_at_checked(4).ok_or_else(corrupt)?;
        let count = u32::from_le_bytes(count.try_into().map_err(|_| corrupt())?);
        let (exact, rest) = NameIndex::decode(rest).ok_or_else(corrupt)?;
        let (skel, rest) = NameIndex::decode(rest).ok_or_else(corrupt)?;
        if !rest.is_empty() {
            return Err(corrupt());
        }
        let text = gunzip(EMBEDDED_DATA)?;
        let g = Gazetteer::load(&text, Some((exact, skel)))?;
        if g.places.len() != count as usize {
            // the build script numbered the places differently from the loader
            return Err(corrupt());
        }
        Ok(g)
    }

    /// Loads a gazetteer from gzip-compressed data in the `build.py` format.
    pub fn from_gzip(bytes: &[u8]) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::from_tsv(&gunzip(bytes)?)
    }

    /// Loads a gazetteer from uncompressed TSV text in the `build.py` format.
    pub fn from_tsv(text: &str) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::load(text, None)
    }

    /// Loads a gazetteer from TSV text; with `indexes` (exact, skeleton), made ahead of time
    /// for the same text, its names are not folded and indexed again.
    fn load(
        text: &str,
        indexes: Option<(NameIndex, NameIndex)>,
    ) -> Result<Gazetteer, GazetteerError> {
        let mut places: Vec<Place> = Vec::with_capacity(270_000);
        let mut place_country: Vec<u16> = Vec::with_capacity(270_000);
        let mut countries: Vec<CountryRec> = Vec::new();
        let mut by_code: HashMap<String, u16> = HashMap::new();
        let mut iso3_of: Vec<String> = Vec::new();
        let mut adm1_names: HashMap<(u16, String), (String, u32)> = HashMap::new();

        let bad = |line: usize, reason: &str| GazetteerError::Invalid {
            line,
            reason: reason.to_string(),
        };
        let num = |s: &str, line: usize| -> Result<f64, GazetteerError> {
            s.parse::<f64>().map_err(|_| bad(line, "bad number"))
        };

        let mut keys = match indexes {
            Some(_) => None,
            None => Some(NameKeys::for_gazetteer()),
        };
        let mut add_names = |id: u32, name: &str, alts: &str| {
            if let Some(k) = keys.as_mut() {
                k.add(id, name, alts);
            }
        };

        let mut admin1_by_name: HashMap<(u16, String), u32> = HashMap::new();
        let mut last_cc: (String, u16) = (String::new(), u16::MAX);
        let mut last_adm: (u16, String, Option<String>) = (u16::MAX, String::new(), None);
        let mut c: Vec<&str> = Vec::with_capacity(16);
        for (ln, line) in text.lines().enumerate() {
            let line_no = ln + 1;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            c.clear();
            c.extend(fold::split_ascii(line, b'\t'));
            let field = |i: usize| {
                c.get(i)
                    .copied()
                    .ok_or_else(|| bad(line_no, "missing field"))
            };
            match c.first().copied() {
                Some("C") => {
                    let iso2 = field(countries::col::ISO2)?.to_string();
                    let iso3 = field(countries::col::ISO3)?.to_string();
                    let gid: u64 = field(3)?.parse().map_err(|_| bad(line_no, "bad id"))?;
                    let id = places.len() as u32;
                    let ci = countries.len() as u16;
                    places.push(Place {
                        geonameid: gid,
                        name: field(countries::col::NAME)?.to_string(),
                        lat: num(field(5)?, line_no)?,
                        lon: num(field(6)?, line_no)?,
                        country: iso3.clone(),
                        admin1: None,
                        feature: "PCLI".to_string(),
                        population: field(11)?.parse().unwrap_or(0),
                    });
                    place_country.push(ci);
                    countries.push(CountryRec {
                        place: id,
                        min_lat: num(field(7)?, line_no)?,
                        max_lat: num(field(8)?, line_no)?,
                        min_lon: num(field(9)?, line_no)?,
                        max_lon: num(field(10)?, line_no)?,
                    });
                    by_code.insert(iso2.to_ascii_lowercase(), ci);
                    by_code.insert(iso3.to_ascii_lowercase(), ci);
                    iso3_of.push(iso3);
                    add_names(
                        id,
                        field(countries::col::NAME)?,
                        c.get(countries::col::ALTERNATES).copied().unwrap_or(""),
                    );
                }
                Some("A") | Some("D") => {
                    let is_a = c.first() == Some(&"A");
                    let ci = *by_code
                        .get(&field(1)?.to_ascii_lowercase())
                        .unwrap_or(&u16::MAX);
                    if ci == u16::MAX {
                        continue;
                    }
                    let code = field(2)?.to_string();
                    let gid: u64 = field(3)?.parse().map_err(|_| bad(line_no, "bad id"))?;
                    let name = field(4)?;
                    let (lat_i, alt_i) = if is_a { (6, 8) } else { (5, 7) };
                    let id = places.len() as u32;
                    let admin1 = if is_a {
                        Some(name.to_string())
                    } else {
                        adm1_names.get(&(ci, code.clone())).map(|(n, _)| n.clone())
                    };
                    places.push(Place {
                        geonameid: gid,
                        name: name.to_string(),
                        lat: num(field(lat_i)?, line_no)?,
                        lon: num(field(lat_i + 1)?, line_no)?,
                        country: iso3_of.get(ci as usize).cloned().unwrap_or_default(),
                        admin1,
                        feature: if is_a { "ADM1" } else { "ADM2" }.to_string(),
                        population: 0,
                    });
                    place_country.push(ci);
                    let alts = c.get(alt_i).copied().unwrap_or("");
                    if is_a {
                        adm1_names
                            .entry((ci, code))
                            .or_insert((name.to_string(), id));
                        admin1_by_name.entry((ci, name.to_string())).or_insert(id);
                    }
                    add_names(id, name, alts);
                }
                Some("P") => {
                    let gid: u64 = field(1)?.parse().map_err(|_| bad(line_no, "bad id"))?;
                    // places are sorted by country and admin1: cache the last look-ups
                    let cc = field(5)?;
                    if cc != last_cc.0 {
                        let ci = *by_code.get(&cc.to_ascii_lowercase()).unwrap_or(&u16::MAX);
                        last_cc = (cc.to_string(), ci);
                    }
                    let ci = last_cc.1;
                    let code = field(6)?;
                    if ci != last_adm.0 || code != last_adm.1 {
                        let name = adm1_names
                            .get(&(ci, code.to_string()))
                            .map(|(n, _)| n.clone());
                        last_adm = (ci, code.to_string(), name);
                    }
                    let id = places.len() as u32;
                    places.push(Place {
                        geonameid: gid,
                        name: field(2)?.to_string(),
                        lat: num(field(3)?, line_no)?,
                        lon: num(field(4)?, line_no)?,
                        country: iso3_of.get(ci as usize).cloned().unwrap_or_default(),
                        admin1: last_adm.2.clone(),
                        feature: field(7)?.to_string(),
                        population: field(8)?.parse().unwrap_or(0),
                    });
                    place_country.push(ci);
                    add_names(id, field(2)?, c.get(9).copied().unwrap_or(""));
                }
                _ => return Err(bad(line_no, "unknown record kind")),
            }
        }
        if countries.is_empty() {
            return Err(bad(0, "no countries"));
        }
        for r in REGIONS.lines().filter_map(names::region_row) {
            let Some(&ci) = by_code.get(&r.iso2) else {
                continue;
            };
            let id = places.len() as u32;
            places.push(Place {
                geonameid: 0,
                name: r.name.to_string(),
                lat: r.lat,
                lon: r.lon,
                country: iso3_of.get(ci as usize).cloned().unwrap_or_default(),
                admin1: None,
                feature: "RGN".to_string(),
                population: 0,
            });
            place_country.push(ci);
            add_names(id, r.name, r.alts);
        }
        for (name, iso2) in COUNTRY_ALIASES.lines().filter_map(names::alias_row) {
            if let Some(rec) = by_code
                .get(&iso2)
                .and_then(|&ci| countries.get(ci as usize))
            {
                add_names(rec.place, name, "");
            }
        }

        let mut demonyms = HashMap::new();
        for line in DEMONYMS.lines() {
            if line.starts_with('#') {
                continue;
            }
            if let Some((d, iso2)) = line.split_once('\t') {
                if let Some(&ci) = by_code.get(&iso2.trim().to_ascii_lowercase()) {
                    demonyms.insert(fold_name(d), ci);
                }
            }
        }
        let stop = STOPLIST
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(fold_name)
            .collect();

        let common = COMMON_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();

        let (exact, skel) = match indexes {
            Some(indexes) => indexes,
            None => {
                let keys = keys.unwrap_or_default();
                // the two indexes are independent: build them side by side
                std::thread::scope(|scope| {
                    let h = scope.spawn(move || NameIndex::build(keys.skel));
                    let exact = NameIndex::build(keys.exact);
                    let skel = h.join().unwrap_or_default();
                    (exact, skel)
                })
            }
        };

        let waters = Waters::parse(WATER)?;

        Ok(Gazetteer {
            waters,
            admin1_by_name,
            common,
            places,
            place_country,
            countries,
            by_code,
            exact,
            skel,
            demonyms,
            stop,
        })
    }

    /// Number of entries (countries, divisions and places).
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// All entries with this name or alternate name (folded; a leading Arabic article is optional),
    /// countries and divisions first, then by population.
    pub fn lookup(&self, name: &str) -> Vec<&Place> {
        let f = fold_name(name);
        if f.is_empty() {
            return Vec::new();
        }
        let mut ids: Vec<u32> = self.exact.get(&f).to_vec();
        if let Some(s) = strip_article(&f) {
            ids.extend_from_slice(self.exact.get(s));
        }
        ids.sort_unstable();
        ids.dedup();
        let mut out: Vec<&Place> = ids
            .iter()
            .filter_map(|&i| self.places.get(i as usize))
            .collect();
        out.sort_by(|a, b| {
            kind_rank(a.kind())
                .cmp(&kind_rank(b.kind()))
                .then(b.population.cmp(&a.population))
                .then(a.geonameid.cmp(&b.geonameid))
        });
        out
    }

    /// The country for a name, alternate name, demonym, ISO alpha-2 or alpha-3 code.
    pub fn country(&self, name_or_code: &str) -> Option<&Place> {
        let t = name_or_code.trim();
        if (t.len() == 2 || t.len() == 3) && t.chars().all(|c| c.is_ascii_alphabetic()) {
            if let Some(&ci) = self.by_code.get(&t.to_ascii_lowercase()) {
                return self.country_place(ci);
            }
        }
        let f = fold_name(t);
        if let Some(ci) = self.country_of_name(&f) {
            return self.country_place(ci);
        }
        self.demonyms.get(&f).and_then(|&ci| self.country_place(ci))
    }

    pub(crate) fn country_place(&self, ci: u16) -> Option<&Place> {
        let rec = self.countries.get(ci as usize)?;
        self.places.get(rec.place as usize)
    }

    /// Country index whose name (folded) is `f`.
    pub(crate) fn country_of_name(&self, f: &str) -> Option<u16> {
        let mut ids: Vec<u32> = self.exact.get(f).to_vec();
        if let Some(s) = strip_article(f) {
            ids.extend_from_slice(self.exact.get(s));
        }
        ids.into_iter()
            .find(|&i| self.places.get(i as usize).map(|p| p.kind()) == Some(PlaceKind::Country))
            .and_then(|i| self.place_country.get(i as usize).copied())
    }

    /// Whether `word` is one of the frequent English words of `common_words.txt` (compared
    /// folded: case and diacritics do not matter).
    pub fn is_common_word(&self, word: &str) -> bool {
        self.common.contains(&fold_name(word))
    }

    /// The named water bodies (seas, straits, gulfs, rivers, lakes).
    pub fn waters(&self) -> &Waters {
        &self.waters
    }

    /// All place mentions in a document, resolved at document level, water bodies included.
    pub fn places_in(&self, text: &str, sentences: &[Span]) -> Vec<PlaceMention> {
        let mut out = mentions::places_in(self, text, sentences);
        water::add_mentions(self, text, &mut out);
        out
    }
}

/// Decompresses gzip data into text.
fn gunzip(bytes: &[u8]) -> Result<String, GazetteerError> {
    let mut dec = flate2::read::GzDecoder::new(bytes);
    let mut text = String::with_capacity(bytes.len() * 3);
    dec.read_to_string(&mut text)?;
    Ok(text)
}

fn kind_rank(k: PlaceKind) -> u8 {
    match k {
        PlaceKind::Country => 0,
        PlaceKind::Admin1 => 1,
        PlaceKind::Admin2 => 2,
        PlaceKind::Region => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_name_index_is_the_one_the_loader_builds() {
        // the build script's index against the one the loader makes from the same data
        let built = Gazetteer::from_gzip(EMBEDDED_DATA).expect("the embedded data loads");
        let g = Gazetteer::embedded();
        assert!(g.places == built.places, "places differ");
        assert!(g.place_country == built.place_country, "countries differ");
        assert!(g.exact == built.exact, "exact name index differs");
        assert!(g.skel == built.skel, "skeleton name index differs");
        assert!(!g.exact.get("aleppo").is_empty());
    }
}
