//! Closed word tables of place matching (`data/gazetteer/mention_words.tsv`: name connectors,
//! facility and administrative words, directions, organisation nouns, natural features, speech
//! verbs, locatives, abbreviations, titles), read by one typed loader, and the word tests built
//! on them.

use sitrep_text::{parse_word_sets, WordListError};
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
    /// The sets of the file.
    const SETS: &'static [&'static str] = &[
        "connector",
        "facility",
        "admin-word",
        "direction",
        "compass",
        "org-noun",
        "natural-feature",
        "speech-verb",
        "locative",
        "abbrev",
        "title",
        "water-generic",
        "water-connector",
        "water-not-after",
        "water-after-bare",
    ];

    /// Parses the tables ([`sitrep_text::parse_word_sets`]: an unknown set, a malformed line, a
    /// missing or malformed value and an empty set are errors naming the line).
    pub(crate) fn parse(src: &'static str) -> Result<MentionWords, WordListError> {
        let mut w = MentionWords::default();
        parse_word_sets("data/gazetteer/mention_words.tsv", src, Self::SETS, |e| {
            let value = e.value.map(|v| v.split('\t').next().unwrap_or(v));
            let vector = || -> Result<(f64, f64), String> {
                let v = value.ok_or("want a north,east value")?;
                let (a, b) = v.split_once(',').ok_or("want north,east")?;
                match (a.trim().parse(), b.trim().parse()) {
                    (Ok(a), Ok(b)) => Ok((a, b)),
                    _ => Err("want two numbers".into()),
                }
            };
            let word = e.word;
            match e.name {
                "connector" => w.connectors.push(word),
                "facility" => {
                    let kind = value.filter(|x| !x.is_empty()).ok_or("want a kind")?;
                    w.facilities.push((word, kind));
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
                other => return Err(format!("set {other:?} has no table")),
            }
            Ok(())
        })?;
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
        assert!(matches!(e, WordListError::EmptySet { .. }), "{e}");
    }
}
