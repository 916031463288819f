//! The situation picture's word sets: one typed loader for `data/picture/site-words.tsv`
//! (controller sectors, attacker sectors, detention kinds, facility descriptors and
//! locatives), and the
//! rules that use them: who can control a place, who breaks inmates out, and the name key
//! under which spellings and descriptions of one facility meet.

use crate::normalize_name;
use sitrep_model::Entity;
use std::collections::BTreeSet;
use std::sync::OnceLock;

const SITE_WORDS_TSV: &str = include_str!("../../../data/picture/site-words.tsv");

/// The word sets of `data/picture/site-words.tsv`.
#[derive(Debug, Default, Clone)]
pub struct SiteWords {
    /// PLOVER sectors of parties that can hold territory.
    pub control_sectors: BTreeSet<String>,
    /// Entity countries that are armed groups in themselves.
    pub control_countries: BTreeSet<String>,
    /// Sectors of parties whose freeing of inmates is a break-out.
    pub attacker_sectors: BTreeSet<String>,
    /// Facility kinds that hold detainees.
    pub detention_kinds: BTreeSet<String>,
    /// Words that describe a facility rather than name it.
    pub facility_descriptors: BTreeSet<String>,
    /// Prepositions after which a facility's name only places it ("... in the town of X").
    pub facility_locatives: BTreeSet<String>,
}

/// A problem in the word-set file: its line (1-based) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("site word sets, line {line}: {message}")]
pub struct SiteWordsError {
    pub line: usize,
    pub message: String,
}

impl SiteWords {
    /// Parses `set<TAB>value` lines (`#` comments and blank lines skipped); an unknown set, a
    /// malformed line or an empty set is an error.
    pub fn parse(tsv: &str) -> Result<SiteWords, SiteWordsError> {
        let mut w = SiteWords::default();
        for (i, line) in tsv.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| SiteWordsError {
                line: i + 1,
                message,
            };
            let Some((set, value)) = line.split_once('\t') else {
                return Err(err(format!("expected set<TAB>value, got {line:?}")));
            };
            let value = value.trim();
            if value.is_empty() {
                return Err(err("empty value".into()));
            }
            let target = match set {
                "control-sectors" => &mut w.control_sectors,
                "control-countries" => &mut w.control_countries,
                "attacker-sectors" => &mut w.attacker_sectors,
                "detention-kinds" => &mut w.detention_kinds,
                "facility-descriptors" => &mut w.facility_descriptors,
                "facility-locatives" => &mut w.facility_locatives,
                other => return Err(err(format!("unknown set {other:?}"))),
            };
            target.insert(value.to_string());
        }
        for (name, set) in [
            ("control-sectors", &w.control_sectors),
            ("control-countries", &w.control_countries),
            ("attacker-sectors", &w.attacker_sectors),
            ("detention-kinds", &w.detention_kinds),
            ("facility-descriptors", &w.facility_descriptors),
            ("facility-locatives", &w.facility_locatives),
        ] {
            if set.is_empty() {
                return Err(SiteWordsError {
                    line: 0,
                    message: format!("set {name:?} is empty"),
                });
            }
        }
        Ok(w)
    }

    /// The bundled word sets (tested with the crate: an error here is a build defect).
    pub fn embedded() -> &'static SiteWords {
        static WORDS: OnceLock<SiteWords> = OnceLock::new();
        WORDS.get_or_init(|| {
            SiteWords::parse(SITE_WORDS_TSV)
                .unwrap_or_else(|e| panic!("embedded site word sets are corrupt: {e}"))
        })
    }

    /// Whether the party can take, hold or hand over territory: a state force or an armed
    /// group, never civilians, refugees or other generic nouns.
    pub fn can_control(&self, e: &Entity) -> bool {
        e.sector.iter().any(|s| self.control_sectors.contains(s))
            || e.country
                .as_deref()
                .is_some_and(|c| self.control_countries.contains(c))
    }

    /// Whether the party is an armed non-state group or criminals (inmates they free escape).
    pub fn is_attacker(&self, e: &Entity) -> bool {
        e.sector.iter().any(|s| self.attacker_sectors.contains(s))
            || e.country
                .as_deref()
                .is_some_and(|c| self.control_countries.contains(c))
    }

    pub fn is_detention_kind(&self, kind: &str) -> bool {
        self.detention_kinds.contains(&kind.to_lowercase())
    }

    /// The identifying part of a facility's name: its name key without descriptive words
    /// and the words of its town's name, as a consonant skeleton (vowels and the glides
    /// w, y, h dropped, doubled letters collapsed) so that transliterations meet ("al-Hol" =
    /// "al-Hawl", "Ghwayran" = "Ghweiran"). Empty for a pure description ("the central
    /// prison in X").
    pub fn facility_stem(&self, name: &str, town: Option<&str>) -> String {
        let town_words: Vec<String> = town
            .map(|t| normalize_name(t).split(' ').map(skeleton).collect())
            .unwrap_or_default();
        let key = normalize_name(name);
        let mut out = String::new();
        for w in key.split(' ').filter(|w| !w.is_empty()) {
            // "the civil prison in the town of X": what follows the preposition places the
            // facility (its town), it does not name it.
            if self.facility_locatives.contains(w) {
                break;
            }
            if self.facility_descriptors.contains(w) {
                continue;
            }
            let sk = skeleton(w);
            if sk.is_empty() || town_words.contains(&sk) {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&sk);
        }
        out
    }
}

fn skeleton(w: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for (i, c) in w.chars().enumerate() {
        let keep = c.is_ascii_digit()
            || (c.is_alphabetic()
                && (i == 0 || !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'w' | 'y' | 'h')));
        if keep && last != Some(c) {
            out.push(c);
        }
        if keep {
            last = Some(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(sector: &[&str], country: Option<&str>) -> Entity {
        Entity {
            text: "x".into(),
            name: "x".into(),
            country: country.map(str::to_string),
            sector: sector.iter().map(|s| s.to_string()).collect(),
            span: None,
        }
    }

    #[test]
    fn embedded_sets_load() {
        let w = SiteWords::embedded();
        assert!(w.control_sectors.contains("MIL"));
        assert!(w.is_detention_kind("prison"));
        assert!(SiteWords::parse("nope\tx\n").is_err());
        assert!(
            SiteWords::parse("control-sectors\tMIL\n").is_err(),
            "empty sets"
        );
    }

    #[test]
    fn civilians_never_control() {
        let w = SiteWords::embedded();
        assert!(!w.can_control(&ent(&["CVL"], Some("SOM"))));
        assert!(!w.can_control(&ent(&["REF"], None)));
        assert!(w.can_control(&ent(&["MIL"], Some("SOM"))));
        assert!(w.can_control(&ent(&[], Some("IMG"))));
    }

    #[test]
    fn spellings_and_descriptions_of_one_facility_meet() {
        let w = SiteWords::embedded();
        let s = |n: &str, t: &str| w.facility_stem(n, Some(t));
        assert_eq!(
            s("al-Hol camp", "Al Hawl"),
            s("al-Hawl refugee camp", "Al Hawl")
        );
        assert_eq!(
            s("Ghwayran prison", "Hasakah"),
            s("Ghweiran prison", "Hasakah")
        );
        assert_eq!(s("military base in Mora", "Mora"), "");
        assert_eq!(s("the central prison in Bunia", "Bunia"), "");
        assert_eq!(
            s("civil prison in the northern town of Kano", "Kano"),
            "",
            "a town's description after the preposition is no name"
        );
        assert_eq!(
            s(
                "Mulunge central prison in the eastern town of Uvira",
                "Uvira"
            ),
            s("Mulunge prison", "Uvira")
        );
        assert_ne!(
            s("Sednaya prison", "Damascus"),
            s("Adra prison", "Damascus")
        );
    }
}
