//! Country names for filters (`--country`, the API's `country` parameter): an ISO 3166
//! alpha-2 or alpha-3 code, an English name or alternate name, or a demonym (`SYR`, `SY`,
//! `Syria`, `Syrian Arab Republic`, `syrian`), resolved to the country's codes. An unknown
//! value gets the close matches, for a usage error that helps.
//!
//! The data is the gazetteer's own: the country rows (`C`) at the head of
//! `data/gazetteer/gazetteer.tsv.gz` (name and GeoNames alternate names), plus
//! `data/gazetteer/country_aliases.tsv` and `data/gazetteer/demonyms.tsv`. Only the country
//! rows are decompressed, so resolving a filter does not load the whole gazetteer.

use crate::fold::fold;
use crate::{GazetteerError, COUNTRY_ALIASES, DEMONYMS, EMBEDDED_DATA};
use std::collections::HashMap;
use std::io::BufRead;
use std::sync::OnceLock;

/// Columns of a country row of the gazetteer data (see `scripts/gazetteer/build.py`).
pub(crate) mod col {
    pub const ISO2: usize = 1;
    pub const ISO3: usize = 2;
    pub const NAME: usize = 4;
    pub const ALTERNATES: usize = 12;
}

/// A country of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166 alpha-2 code (`SY`).
    pub iso2: String,
    /// ISO 3166 alpha-3 code (`SYR`): what events and sites carry.
    pub iso3: String,
    /// English name (`Syria`).
    pub name: String,
}

/// A country filter that names no country, with the closest names ("Syria (SYR)").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct UnknownCountry {
    pub input: String,
    pub suggestions: Vec<String>,
}

impl UnknownCountry {
    fn message(&self) -> String {
        let mut m = format!(
            "`{}` is not a country: give an ISO 3166 code (SYR), an English name (Syria) or a demonym (Syrian)",
            self.input
        );
        if !self.suggestions.is_empty() {
            m.push_str(&format!("; did you mean {}?", self.suggestions.join(", ")));
        }
        m
    }
}

/// The countries and every name that stands for one.
#[derive(Debug)]
pub struct Countries {
    list: Vec<Country>,
    /// Lowercase alpha-2 and alpha-3 codes.
    by_code: HashMap<String, u16>,
    /// Folded names, alternate names, aliases and demonyms, in load order (for suggestions).
    names: Vec<(String, u16)>,
    by_name: HashMap<String, u16>,
}

/// Suggestions given for an unknown country, at most.
const MAX_SUGGESTIONS: usize = 5;

impl Countries {
    /// The countries of the embedded gazetteer, loaded once.
    pub fn embedded() -> &'static Countries {
        static EMBEDDED: OnceLock<Countries> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            // The embedded files are built and tested with the crate; failure here is a build
            // defect.
            let rows = flate2::read::GzDecoder::new(EMBEDDED_DATA);
            Countries::load(std::io::BufReader::new(rows), COUNTRY_ALIASES, DEMONYMS)
                .unwrap_or_else(|e| panic!("embedded gazetteer data is corrupt: {e}"))
        })
    }

    /// Reads the country rows at the head of gazetteer data (stopping at the first other
    /// row), then the aliases and demonyms (`name<TAB>alpha-2`).
    pub fn load(
        gazetteer: impl BufRead,
        aliases: &str,
        demonyms: &str,
    ) -> Result<Countries, GazetteerError> {
        let mut c = Countries {
            list: Vec::new(),
            by_code: HashMap::new(),
            names: Vec::new(),
            by_name: HashMap::new(),
        };
        for (i, line) in gazetteer.lines().enumerate() {
            let line = line?;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.first() != Some(&"C") {
                break;
            }
            let field = |k: usize| {
                f.get(k).copied().ok_or_else(|| GazetteerError::Invalid {
                    line: i + 1,
                    reason: "missing field in a country row".into(),
                })
            };
            let idx = c.list.len() as u16;
            c.list.push(Country {
                iso2: field(col::ISO2)?.to_string(),
                iso3: field(col::ISO3)?.to_string(),
                name: field(col::NAME)?.to_string(),
            });
            c.by_code
                .insert(field(col::ISO2)?.to_ascii_lowercase(), idx);
            c.by_code
                .insert(field(col::ISO3)?.to_ascii_lowercase(), idx);
            c.add_name(field(col::NAME)?, idx);
            for alt in f.get(col::ALTERNATES).copied().unwrap_or("").split('|') {
                c.add_name(alt, idx);
            }
        }
        if c.list.is_empty() {
            return Err(GazetteerError::Invalid {
                line: 0,
                reason: "no countries".into(),
            });
        }
        for line in aliases.lines().chain(demonyms.lines()) {
            if line.starts_with('#') {
                continue;
            }
            if let Some((name, iso2)) = line.split_once('\t') {
                if let Some(&idx) = c.by_code.get(&iso2.trim().to_ascii_lowercase()) {
                    c.add_name(name, idx);
                }
            }
        }
        Ok(c)
    }

    fn add_name(&mut self, name: &str, idx: u16) {
        let f = fold(name);
        if f.is_empty() {
            return;
        }
        if !self.by_name.contains_key(&f) {
            self.by_name.insert(f.clone(), idx);
            self.names.push((f, idx));
        }
    }

    /// Number of countries.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The country a filter value names: an ISO 3166 alpha-2 or alpha-3 code (any case), an
    /// English name or alternate name, or a demonym (folded: case, diacritics, dots and a
    /// leading "the" do not matter).
    pub fn resolve(&self, input: &str) -> Result<&Country, UnknownCountry> {
        let t = input.trim();
        if (t.len() == 2 || t.len() == 3) && t.chars().all(|ch| ch.is_ascii_alphabetic()) {
            if let Some(&i) = self.by_code.get(&t.to_ascii_lowercase()) {
                return Ok(&self.list[i as usize]);
            }
        }
        let f = fold(t);
        let f = f.strip_prefix("the ").unwrap_or(&f);
        if let Some(&i) = self.by_name.get(f) {
            return Ok(&self.list[i as usize]);
        }
        Err(UnknownCountry {
            input: t.to_string(),
            suggestions: self.close_to(f),
        })
    }

    /// Countries whose names are within a small edit distance of `folded`, or contain it as
    /// whole words, closest first, as "Name (ISO3)".
    fn close_to(&self, folded: &str) -> Vec<String> {
        let n = folded.chars().count();
        if n < 2 {
            return Vec::new();
        }
        let max = match n {
            0..=3 => 1,
            4..=7 => 2,
            _ => 3,
        };
        let padded = format!(" {folded} ");
        let mut scored: Vec<(usize, u16)> = Vec::new();
        for (name, idx) in &self.names {
            let d = edit_distance(folded, name);
            let score = if d <= max {
                d
            } else if n >= 4 && format!(" {name} ").contains(&padded) {
                max + 1
            } else {
                continue;
            };
            scored.push((score, *idx));
        }
        scored.sort();
        let mut out: Vec<String> = Vec::new();
        let mut seen: Vec<u16> = Vec::new();
        for (_, idx) in scored {
            if seen.contains(&idx) {
                continue;
            }
            seen.push(idx);
            let c = &self.list[idx as usize];
            out.push(format!("{} ({})", c.name, c.iso3));
            if out.len() == MAX_SUGGESTIONS {
                break;
            }
        }
        out
    }
}

/// Optimal string alignment distance (insertions, deletions, substitutions and transpositions
/// of neighbours), over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso3(input: &str) -> Result<String, UnknownCountry> {
        Countries::embedded().resolve(input).map(|c| c.iso3.clone())
    }

    #[test]
    fn codes_names_and_demonyms() {
        for input in [
            "SYR",
            "syr",
            "SY",
            "Syria",
            "syria",
            "SYRIA",
            "Syrian",
            "syrian",
            " Syrian Arab Republic ",
        ] {
            assert_eq!(iso3(input).as_deref(), Ok("SYR"), "{input}");
        }
        assert_eq!(iso3("Iraqi").as_deref(), Ok("IRQ"));
        assert_eq!(iso3("U.S.").as_deref(), Ok("USA"));
        assert_eq!(iso3("UK").as_deref(), Ok("GBR"));
        assert_eq!(iso3("Ivory Coast").as_deref(), Ok("CIV"));
        assert_eq!(iso3("Côte d'Ivoire").as_deref(), Ok("CIV"));
        assert_eq!(iso3("the Gambia").as_deref(), Ok("GMB"));
        assert!(Countries::embedded().len() > 200);
    }

    #[test]
    fn unknown_values_get_close_matches() {
        let e = iso3("Syira").unwrap_err();
        assert_eq!(
            e.suggestions.first().map(String::as_str),
            Some("Syria (SYR)")
        );
        assert!(
            e.to_string()
                .starts_with("`Syira` is not a country: give an ISO 3166 code"),
            "{e}"
        );
        assert!(e.to_string().ends_with("did you mean Syria (SYR)?"), "{e}");
        let e = iso3("Afganistan").unwrap_err();
        assert_eq!(
            e.suggestions.first().map(String::as_str),
            Some("Afghanistan (AFG)")
        );
        let e = iso3("Korea").unwrap_err();
        assert!(
            e.suggestions.contains(&"North Korea (PRK)".to_string()),
            "{e}"
        );
        assert!(
            e.suggestions.contains(&"South Korea (KOR)".to_string()),
            "{e}"
        );
        let e = iso3("XYZQ land of nowhere").unwrap_err();
        assert!(e.suggestions.is_empty(), "{e}");
        assert!(!e.to_string().contains("did you mean"));
        assert!(iso3("").is_err());
        assert!(iso3("ZZ").is_err());
    }

    #[test]
    fn loads_only_the_country_rows() {
        let data =
            "C\tSY\tSYR\t163843\tSyria\t33.5\t36.3\t32\t37\t35\t42\t1\tSyrian Arab Republic\n\
                    P\t1\tDamascus\t33.5\t36.3\tSY\t13\tPPLC\t1\n";
        let c = Countries::load(data.as_bytes(), "Sham\tSY\n", "Syrian\tSY\n").unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c.resolve("sham").unwrap().iso3, "SYR");
        assert!(c.resolve("Damascus").is_err());
        assert!(Countries::load("P\t1\n".as_bytes(), "", "").is_err());
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("syira", "syria"), 1);
        assert_eq!(edit_distance("irak", "iraq"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
