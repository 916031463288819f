//! Loading the TSV sources into entries and compiling the automaton.

use crate::text::normalise_alias;
use crate::{ActorLexicon, CaseMode, Entry, Kind, LexiconError, Role};
use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use chrono::NaiveDate;
use sitrep_text::fxhash::{FxHashMap as HashMap, FxHashSet as HashSet};

const CURATED: &str = include_str!("../../../data/actors/curated.tsv");
const COUNTRIES: &str = include_str!("../../../data/actors/countries.tsv");
const ORGANISATIONS: &str = include_str!("../../../data/actors/organisations.tsv");
const LEADERS: &str = include_str!("../../../data/actors/leaders.tsv");
const AGENTS: &str = include_str!("../../../data/actors/agents.tsv");

/// Sector codes accepted in the data (PLOVER sectors).
pub(crate) const SECTORS: &[&str] = &[
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS",
    "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
];

#[derive(Default)]
pub(crate) struct Builder {
    entries: Vec<Entry>,
    /// Normalised alias -> entry ids in load order (curated first).
    aliases: HashMap<String, Vec<u32>>,
    /// Aliases suppressed by curated STOP rows.
    stopped: HashSet<String>,
    /// Aliases and canonical names of curated LEADER rows: generated rows for them are ignored.
    curated_leaders: HashSet<String>,
    country_codes: HashMap<String, String>,
    country_names: HashMap<String, String>,
    /// (alias, canonical) -> entry id, to merge leader roles.
    leader_index: HashMap<(String, String), u32>,
}

fn bad(file: &str, line: usize, msg: impl Into<String>) -> LexiconError {
    LexiconError::BadRow {
        file: file.to_string(),
        line,
        msg: msg.into(),
    }
}

/// Rows of a TSV file: (1-based line number, fields); skips comments, blanks and the header.
fn rows<'a>(
    src: &'a str,
    header_first: &'a str,
) -> impl Iterator<Item = (usize, Vec<&'a str>)> + 'a {
    src.lines().enumerate().filter_map(move |(i, l)| {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            return None;
        }
        let f: Vec<&str> = l.split('\t').collect();
        if f.first() == Some(&header_first) {
            return None;
        }
        Some((i + 1, f))
    })
}

fn parse_sectors(file: &str, line: usize, s: &str) -> Result<Vec<String>, LexiconError> {
    let mut out = Vec::new();
    for p in s.split([',', ' ']).map(str::trim).filter(|p| !p.is_empty()) {
        if !SECTORS.contains(&p) {
            return Err(bad(file, line, format!("unknown sector code {p:?}")));
        }
        if !out.iter().any(|o: &String| o == p) {
            out.push(p.to_string());
        }
    }
    Ok(out)
}

fn parse_date(file: &str, line: usize, s: &str) -> Result<Option<NaiveDate>, LexiconError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    // fast path for the usual YYYY-MM-DD (anything else, or an invalid date, goes to chrono)
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let num = |r: std::ops::Range<usize>| {
            b[r].iter().try_fold(0u32, |n, &d| {
                d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) {
            if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                return Ok(Some(date));
            }
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| bad(file, line, format!("bad date {s:?}")))
}

fn opt(s: Option<&&str>) -> Option<String> {
    s.map(|x| x.trim())
        .filter(|x| !x.is_empty())
        .map(str::to_string)
}

/// Case mode for an alias written in normal case (curated data).
fn auto_case(alias: &str) -> CaseMode {
    let letters: Vec<char> = alias.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return CaseMode::Any;
    }
    if letters.iter().all(|c| c.is_uppercase()) {
        return CaseMode::Exact;
    }
    if alias
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| c.is_uppercase())
        || alias
            .split([' ', '-'])
            .any(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
    {
        return CaseMode::Proper;
    }
    CaseMode::Any
}

/// Case mode for an all-upper-case Phoenix alias: short tokens and dotted abbreviations are
/// acronyms ("UN", "U.S."), everything else is a proper name.
fn phoenix_case(alias: &str) -> CaseMode {
    let letters = alias.chars().filter(|c| c.is_alphabetic()).count();
    let one_word = !alias.trim().contains(' ');
    if one_word && (letters <= 3 || (alias.contains('.') && letters <= 5)) {
        CaseMode::Exact
    } else {
        CaseMode::Proper
    }
}

/// Whether an agent alias names a plural or collective.
pub(crate) fn looks_plural(alias: &str) -> bool {
    let last = alias
        .rsplit([' ', '-'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        last.as_str(),
        "men"
            | "women"
            | "people"
            | "police"
            | "personnel"
            | "militia"
            | "military"
            | "army"
            | "forces"
            | "troops"
            | "they"
            | "them"
            | "coalition"
            | "community"
            | "government"
            | "authorities"
            | "children"
            | "staff"
            | "clergy"
            | "youth"
            | "gendarmerie"
            | "navy"
    ) || (last.ends_with('s')
        && !last.ends_with("ss")
        && !last.ends_with("us")
        && !last.ends_with("is"))
}

impl Entry {
    /// A plain entry; callers set roles, plural and flags afterwards.
    fn new(
        kind: Kind,
        alias: &str,
        name: String,
        country: Option<String>,
        sectors: Vec<String>,
        case: CaseMode,
    ) -> Entry {
        Entry {
            kind,
            name,
            country,
            sectors,
            plural: false,
            case,
            alias: alias.to_string(),
            roles: Vec::new(),
            curated: false,
            weak: false,
            victim: false,
        }
    }
}

impl Builder {
    pub(crate) fn load_embedded(&mut self) -> Result<(), LexiconError> {
        self.load_curated("curated.tsv", CURATED)?;
        self.load_countries("countries.tsv", COUNTRIES)?;
        self.load_organisations("organisations.tsv", ORGANISATIONS)?;
        self.load_leaders("leaders.tsv", LEADERS)?;
        self.load_agents("agents.tsv", AGENTS)?;
        Ok(())
    }

    fn push(&mut self, alias_norm: String, entry: Entry) -> u32 {
        let id = self.entries.len() as u32;
        self.entries.push(entry);
        self.aliases.entry(alias_norm).or_default().push(id);
        id
    }

    /// Adds an alias of an entry (a demonym also gets its plural: "Syrians").
    fn add(&mut self, alias: &str, entry: Entry) -> Option<u32> {
        if entry.kind == Kind::Demonym {
            self.add_demonym_plural(alias, &entry);
        }
        let mut key = normalise_alias(alias);
        // A leading article is not part of a name ("the Pentagon" -> "Pentagon").
        if entry.kind != Kind::Pronoun {
            if let Some(rest) = key.strip_prefix("the ") {
                key = rest.to_string();
            }
        }
        if key.is_empty() || self.stopped.contains(&key) {
            return None;
        }
        if key.contains('\'') {
            // Texts use both straight and curly apostrophes ("People’s Protection Units").
            let curly = key.replace('\'', "\u{2019}");
            let id = self.entries.len() as u32;
            self.aliases.entry(curly).or_default().push(id);
        }
        if matches!(entry.kind, Kind::CountryName | Kind::Demonym) {
            self.country_codes
                .entry(key.clone())
                .or_insert_with(|| entry.country.clone().unwrap_or_default());
        }
        Some(self.push(key, entry))
    }

    fn add_demonym_plural(&mut self, alias: &str, entry: &Entry) {
        let lower = alias.to_lowercase();
        if lower.ends_with("ese")
            || lower.ends_with("ish")
            || lower.ends_with("ch")
            || lower.ends_with('s')
        {
            return;
        }
        let pl = format!("{alias}s");
        let mut e = entry.clone();
        e.kind = Kind::DemonymPlural;
        e.plural = true;
        e.alias = pl.clone();
        self.add(&pl, e);
    }

    /// Hand-curated rows: `type  aliases(|)  canonical  country  sectors  start  end  case`.
    pub(crate) fn load_curated(&mut self, file: &str, src: &str) -> Result<(), LexiconError> {
        for (line, f) in rows(src, "type") {
            let ty = f.first().map(|s| s.trim()).unwrap_or("");
            let aliases: Vec<&str> = f
                .get(1)
                .map(|s| {
                    s.split('|')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            if aliases.is_empty() {
                return Err(bad(file, line, "no alias"));
            }
            let canonical = opt(f.get(2)).unwrap_or_else(|| aliases[0].to_string());
            let country = opt(f.get(3));
            let sectors = parse_sectors(file, line, f.get(4).copied().unwrap_or(""))?;
            let start = parse_date(file, line, f.get(5).copied().unwrap_or(""))?;
            let end = parse_date(file, line, f.get(6).copied().unwrap_or(""))?;
            let case_col = opt(f.get(7));
            let kind = match ty {
                "STOP" => {
                    for a in &aliases {
                        self.stopped.insert(normalise_alias(a));
                    }
                    continue;
                }
                "COUNTRY" => Kind::CountryName,
                "DEMONYM" => Kind::Demonym,
                "CAPITAL" => Kind::Capital,
                "ORG" => Kind::Named,
                "LEADER" => Kind::Leader,
                "AGENT" => Kind::Agent,
                "MODIFIER" => Kind::Modifier,
                "PRONOUN" => Kind::Pronoun,
                "PLACE" => Kind::Block,
                "WEAK" | "VICTIM" => Kind::Agent,
                other => return Err(bad(file, line, format!("unknown row type {other:?}"))),
            };
            if matches!(kind, Kind::CountryName | Kind::Demonym | Kind::Capital)
                && country.is_none()
            {
                return Err(bad(file, line, "country rows need a code"));
            }
            if kind == Kind::CountryName {
                if let Some(c) = &country {
                    self.country_names
                        .entry(c.clone())
                        .or_insert_with(|| canonical.clone());
                }
            }
            for a in &aliases {
                let case = match case_col.as_deref() {
                    Some("exact") => CaseMode::Exact,
                    Some("proper") => CaseMode::Proper,
                    Some("any") => CaseMode::Any,
                    Some(other) => {
                        return Err(bad(file, line, format!("unknown case mode {other:?}")))
                    }
                    None => match kind {
                        Kind::Agent | Kind::Pronoun => CaseMode::Any,
                        Kind::Modifier => {
                            if auto_case(a) == CaseMode::Exact {
                                CaseMode::Exact
                            } else if a.chars().next().is_some_and(|c| c.is_uppercase()) {
                                CaseMode::Proper
                            } else {
                                CaseMode::Any
                            }
                        }
                        _ => auto_case(a),
                    },
                };
                let role = Role {
                    country: country.clone(),
                    sectors: sectors.clone(),
                    start,
                    end,
                };
                // Leaders always carry roles; organisations only when dated (e.g. the Taliban
                // before and after August 2021).
                let dated_org = kind == Kind::Named && (start.is_some() || end.is_some());
                if kind == Kind::Leader || dated_org {
                    let key = normalise_alias(a);
                    self.curated_leaders.insert(key.clone());
                    self.curated_leaders.insert(normalise_alias(&canonical));
                    if let Some(&id) = self.leader_index.get(&(key.clone(), canonical.clone())) {
                        if let Some(e) = self.entries.get_mut(id as usize) {
                            e.roles.push(role);
                            continue;
                        }
                    }
                    let mut entry = Entry::new(
                        kind,
                        a,
                        canonical.clone(),
                        country.clone(),
                        sectors.clone(),
                        case,
                    );
                    entry.roles.push(role);
                    entry.curated = true;
                    if let Some(id) = self.add(a, entry) {
                        self.leader_index.insert((key, canonical.clone()), id);
                    }
                    continue;
                }
                let mut entry = Entry::new(
                    kind,
                    a,
                    canonical.clone(),
                    country.clone(),
                    sectors.clone(),
                    case,
                );
                entry.weak = ty == "WEAK";
                entry.victim = ty == "VICTIM";
                entry.plural = matches!(kind, Kind::Agent | Kind::Pronoun) && looks_plural(a);
                entry.curated = true;
                self.add(a, entry);
            }
        }
        Ok(())
    }

    /// `alias  code  kind  canonical` (kind: name / demonym / place; places are not actors).
    fn load_countries(&mut self, file: &str, src: &str) -> Result<(), LexiconError> {
        for (line, f) in rows(src, "alias") {
            let (Some(alias), Some(code), Some(kind)) = (f.first(), f.get(1), f.get(2)) else {
                return Err(bad(file, line, "expected 4 columns"));
            };
            let canonical = opt(f.get(3)).unwrap_or_else(|| alias.to_string());
            let kind = match *kind {
                "name" => Kind::CountryName,
                "demonym" => Kind::Demonym,
                "place" => continue,
                other => {
                    return Err(bad(
                        file,
                        line,
                        format!("unknown country alias kind {other:?}"),
                    ))
                }
            };
            let code = code.trim().to_string();
            self.country_names
                .entry(code.clone())
                .or_insert_with(|| canonical.clone());
            let name = self.country_names.get(&code).cloned().unwrap_or(canonical);
            let entry = Entry::new(
                kind,
                alias,
                name,
                Some(code),
                Vec::new(),
                phoenix_case(alias),
            );
            self.add(alias, entry);
        }
        Ok(())
    }

    /// `alias  canonical  country  sectors  source`.
    fn load_organisations(&mut self, file: &str, src: &str) -> Result<(), LexiconError> {
        for (line, f) in rows(src, "alias") {
            let (Some(alias), Some(canonical)) = (f.first(), f.get(1)) else {
                return Err(bad(file, line, "expected 5 columns"));
            };
            let sectors = parse_sectors(file, line, f.get(3).copied().unwrap_or(""))?;
            let entry = Entry::new(
                Kind::Named,
                alias,
                canonical.to_string(),
                opt(f.get(2)),
                sectors,
                phoenix_case(alias),
            );
            self.add(alias, entry);
        }
        Ok(())
    }

    /// `alias  canonical  country  sectors  start  end` (one row per role).
    fn load_leaders(&mut self, file: &str, src: &str) -> Result<(), LexiconError> {
        for (line, f) in rows(src, "alias") {
            let (Some(alias), Some(canonical)) = (f.first(), f.get(1)) else {
                return Err(bad(file, line, "expected 6 columns"));
            };
            let key = normalise_alias(alias);
            // Curated people replace the dictionary's, including its titled aliases
            // ("PRIME MINISTER BENJAMIN NETANYAHU").
            if self.curated_leaders.contains(&key)
                || self.curated_leaders.contains(&normalise_alias(canonical))
                || self.stopped.contains(&key)
            {
                continue;
            }
            let start = parse_date(file, line, f.get(4).copied().unwrap_or(""))?;
            let mut end = parse_date(file, line, f.get(5).copied().unwrap_or(""))?;
            if start.is_some() && end.is_none() {
                // The Phoenix dictionaries date from 2014-2016: an open-ended role there is
                // only known to have lasted until then (curated rows bring leaders up to date).
                end = NaiveDate::from_ymd_opt(2016, 12, 31);
            }
            let role = Role {
                country: opt(f.get(2)),
                sectors: parse_sectors(file, line, f.get(3).copied().unwrap_or(""))?,
                start,
                end,
            };
            let ikey = (key.clone(), canonical.to_string());
            if let Some(&id) = self.leader_index.get(&ikey) {
                if let Some(e) = self.entries.get_mut(id as usize) {
                    e.roles.push(role);
                }
                continue;
            }
            let (c, secs) = (role.country.clone(), role.sectors.clone());
            let mut entry = Entry::new(
                Kind::Leader,
                alias,
                canonical.to_string(),
                c,
                secs,
                phoenix_case(alias),
            );
            entry.roles.push(role);
            if let Some(id) = self.add(alias, entry) {
                self.leader_index.insert(ikey, id);
            }
        }
        Ok(())
    }

    /// `alias  sectors  country  plural  canonical`.
    fn load_agents(&mut self, file: &str, src: &str) -> Result<(), LexiconError> {
        for (line, f) in rows(src, "alias") {
            let Some(alias) = f.first() else {
                return Err(bad(file, line, "expected 5 columns"));
            };
            let name = opt(f.get(4)).unwrap_or_else(|| alias.to_string());
            let sectors = parse_sectors(file, line, f.get(1).copied().unwrap_or(""))?;
            let mut entry = Entry::new(
                Kind::Agent,
                alias,
                name,
                opt(f.get(2)),
                sectors,
                CaseMode::Any,
            );
            entry.plural = f.get(3).is_some_and(|p| p.trim() == "1") || looks_plural(alias);
            self.add(alias, entry);
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> Result<ActorLexicon, LexiconError> {
        let mut keys: Vec<(String, Vec<u32>)> = self.aliases.into_iter().collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let patterns: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
            .map_err(|e| LexiconError::Automaton(e.to_string()))?;
        let pattern_entries = keys.into_iter().map(|(_, v)| v).collect();
        Ok(ActorLexicon {
            ac: Some(ac),
            pattern_entries,
            entries: self.entries,
            country_codes: self.country_codes,
            country_names: self.country_names,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_case_modes() {
        assert_eq!(auto_case("ISIS"), CaseMode::Exact);
        assert_eq!(auto_case("U.S."), CaseMode::Exact);
        assert_eq!(auto_case("Islamic State"), CaseMode::Proper);
        assert_eq!(auto_case("al-Qaeda"), CaseMode::Proper);
        assert_eq!(auto_case("troops"), CaseMode::Any);
        assert_eq!(phoenix_case("UN"), CaseMode::Exact);
        assert_eq!(phoenix_case("SYRIA"), CaseMode::Proper);
    }

    #[test]
    fn parse_date_agrees_with_chrono() {
        for s in [
            "2024-02-29",
            "2023-02-29",
            "2016-12-31",
            "0999-01-01",
            "2024-13-01",
            "2024-00-10",
            "2024-1-05",
            "2024-01-5",
            "+2024-01-05",
            "2024/01/05",
            "20240105",
            "2024-01-0a",
        ] {
            let chrono = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
            assert_eq!(parse_date("t", 1, s).ok().flatten(), chrono, "{s}");
        }
    }

    #[test]
    fn plural_heuristic() {
        assert!(looks_plural("troops"));
        assert!(looks_plural("security forces"));
        assert!(looks_plural("police"));
        assert!(!looks_plural("ministry"));
        assert!(!looks_plural("spokesman"));
    }

    #[test]
    fn curated_rows_are_checked() {
        let mut b = Builder::default();
        assert!(b.load_curated("t", "ORG\tFoo\tFoo\tSYR\tXYZ\n").is_err());
        let mut b = Builder::default();
        assert!(b
            .load_curated("t", "LEADER\tA B\tA B\tSYR\tGOV\t2025-13-01\n")
            .is_err());
        let mut b = Builder::default();
        assert!(b.load_curated("t", "WHAT\tA\n").is_err());
        let mut b = Builder::default();
        assert!(b
            .load_curated("t", "ORG\tFoo Bar|FB\tFoo Bar\tSYR\tREB\n")
            .is_ok());
        assert_eq!(b.entries.len(), 2);
    }
}
