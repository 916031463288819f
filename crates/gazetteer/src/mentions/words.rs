//! Closed word tables of place matching (`data/gazetteer/mention_words.tsv`: name connectors,
//! facility and administrative words, directions, organisation nouns, natural features, speech
//! verbs, locatives, abbreviations, titles), read by one typed loader, and the word tests built
//! on them.

use std::sync::OnceLock;

/// The tables of `data/gazetteer/mention_words.tsv`, in file order.
#[derive(Debug, Default)]
pub(crate) struct MentionWords {
    pub(super) connectors: Vec<&'static str>,
    pub(super) facilities: Vec<(&'static str, &'static str)>,
    pub(super) admin_words: Vec<&'static str>,
    pub(super) directions: Vec<(&'static str, (f64, f64))>,
    pub(super) compass: Vec<(&'static str, (f64, f64))>,
    pub(super) org_nouns: Vec<&'static str>,
    pub(super) natural_features: Vec<&'static str>,
    pub(super) speech_verbs: Vec<&'static str>,
    pub(super) locatives: Vec<&'static str>,
    pub(super) abbrevs: Vec<&'static str>,
    pub(super) titles: Vec<&'static str>,
    pub(crate) water_generic: Vec<&'static str>,
    pub(crate) water_connectors: Vec<&'static str>,
    pub(crate) water_not_after: Vec<&'static str>,
    pub(crate) water_after_bare: Vec<&'static str>,
}

impl MentionWords {
    /// Parses the tables; an error names the line and what is wrong with it.
    pub(crate) fn parse(src: &'static str) -> Result<MentionWords, String> {
        let mut w = MentionWords::default();
        for (n, line) in src.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |why: &str| format!("mention_words.tsv line {}: {why}: {line:?}", n + 1);
            let mut f = line.split('\t');
            let (set, word, value) = (f.next().unwrap_or(""), f.next(), f.next());
            let Some(word) = word.filter(|x| !x.is_empty()) else {
                return Err(bad("want set<TAB>word"));
            };
            let vector = || -> Result<(f64, f64), String> {
                let v = value.ok_or_else(|| bad("want a north,east value"))?;
                let (a, b) = v.split_once(',').ok_or_else(|| bad("want north,east"))?;
                match (a.trim().parse(), b.trim().parse()) {
                    (Ok(a), Ok(b)) => Ok((a, b)),
                    _ => Err(bad("want two numbers")),
                }
            };
            match set {
                "connector" => w.connectors.push(word),
                "facility" => {
                    let kind = value.filter(|x| !x.is_empty());
                    w.facilities
                        .push((word, kind.ok_or_else(|| bad("want a kind"))?));
                }
                "admin-word" => w.admin_words.push(word),
                "direction" => w.directions.push((word, vector()?)),
                "compass" => w.compass.push((word, vector()?)),
                "org-noun" => w.org_nouns.push(word),
                "natural-feature" => w.natural_features.push(word),
                "speech-verb" => w.speech_verbs.push(word),
                "locative" => w.locatives.push(word),
                "abbrev" => w.abbrevs.push(word),
                "title" => w.titles.push(word),
                "water-generic" => w.water_generic.push(word),
                "water-connector" => w.water_connectors.push(word),
                "water-not-after" => w.water_not_after.push(word),
                "water-after-bare" => w.water_after_bare.push(word),
                _ => return Err(bad("unknown set")),
            }
        }
        let sets = [
            ("connector", w.connectors.len()),
            ("facility", w.facilities.len()),
            ("admin-word", w.admin_words.len()),
            ("direction", w.directions.len()),
            ("compass", w.compass.len()),
            ("org-noun", w.org_nouns.len()),
            ("natural-feature", w.natural_features.len()),
            ("speech-verb", w.speech_verbs.len()),
            ("locative", w.locatives.len()),
            ("abbrev", w.abbrevs.len()),
            ("title", w.titles.len()),
            ("water-generic", w.water_generic.len()),
            ("water-connector", w.water_connectors.len()),
            ("water-not-after", w.water_not_after.len()),
            ("water-after-bare", w.water_after_bare.len()),
        ];
        if let Some((name, _)) = sets.iter().find(|(_, len)| *len == 0) {
            return Err(format!("mention_words.tsv: set {name:?} is empty"));
        }
        Ok(w)
    }
}

/// The bundled tables (checked by a unit test: an error here is a build defect).
pub(crate) fn words() -> &'static MentionWords {
    static W: OnceLock<MentionWords> = OnceLock::new();
    W.get_or_init(|| {
        MentionWords::parse(crate::MENTION_WORDS)
            .unwrap_or_else(|e| panic!("embedded mention words are corrupt: {e}"))
    })
}

/// The words of a one-word-per-line list (`#` comments and blank lines skipped).
pub(super) fn word_set(src: &'static str) -> std::collections::HashSet<&'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// Whether the word is an adjective of "the central prison in Town"
/// (`data/gazetteer/facility_modifiers.txt`).
pub(super) fn is_facility_modifier(w: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| word_set(crate::FACILITY_MODIFIERS))
        .contains(w)
}

/// Whether the word is the noun of a town's description, "the city of Town"
/// (`data/gazetteer/town_nouns.txt`).
pub(super) fn is_town_noun(w: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| word_set(crate::TOWN_NOUNS)).contains(w)
}

/// Words that end a town's description when read backwards from "of": a description is "the",
/// at most three adjectives, a town noun and "of" ("the eastern Congolese city of").
pub(super) fn ends_description(w: &str) -> bool {
    w.is_empty() || words().locatives.contains(&w) || matches!(w, "of" | "and" | "or" | "a" | "an")
}

/// Capitalised words that may follow a place name without making it part of a longer name:
/// weekdays, months and a few other time words (`low` is lower case).
pub(super) fn is_time_word(low: &str) -> bool {
    sitrep_text::MONTH_NAMES.contains(&low)
        || sitrep_text::WEEKDAY_NAMES.contains(&low)
        || matches!(low, "today" | "tonight" | "yesterday" | "tomorrow")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_parse_and_fill_every_set() {
        let w = MentionWords::parse(crate::MENTION_WORDS).expect("mention_words.tsv parses");
        assert!(w.connectors.contains(&"al") || w.connectors.contains(&"of"));
        assert!(w.facilities.contains(&("refugee camp", "camp")));
        assert!(w.directions.contains(&("northern", (1.0, 0.0))));
        assert!(w.titles.contains(&"mr"));
    }

    #[test]
    fn malformed_lines_and_unknown_sets_are_errors() {
        for bad in [
            "nosuchset\tword\n",
            "facility\tprison\n",
            "direction\tnorthern\tnorth\n",
            "direction\tnorthern\t1,x\n",
            "connector\n",
        ] {
            assert!(MentionWords::parse(bad).is_err(), "{bad:?}");
        }
        let e = MentionWords::parse("connector\tof\n").unwrap_err();
        assert!(e.contains("is empty"), "{e}");
    }
}
