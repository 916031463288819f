//! Closed word tables of place matching: name connectors, facility and administrative
//! words, directions, organisation nouns, natural features, speech verbs, locatives.

pub(super) const CONNECTORS: &[&str] = &[
    "de", "del", "da", "do", "dos", "das", "des", "di", "la", "le", "les", "los", "of", "and",
    "on", "upon", "sur", "am", "im", "bin", "ibn", "bani", "y", "e", "du", "van", "von", "au",
    "aux",
];

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
    w.is_empty() || LOCATIVES.contains(&w) || matches!(w, "of" | "and" | "or" | "a" | "an")
}

pub(super) const FACILITIES: &[(&str, &str)] = &[
    ("refugee camp", "camp"),
    ("displacement camp", "camp"),
    ("detention center", "detention center"),
    ("detention centre", "detention center"),
    ("detention facility", "detention facility"),
    ("custodial centre", "prison"),
    ("custodial center", "prison"),
    ("correctional centre", "prison"),
    ("correctional center", "prison"),
    ("correctional facility", "prison"),
    ("penitentiary", "prison"),
    ("detention camp", "camp"),
    ("military base", "base"),
    ("air base", "airbase"),
    ("airbase", "airbase"),
    ("air field", "airfield"),
    ("airfield", "airfield"),
    ("airport", "airport"),
    ("oil field", "oil field"),
    ("oilfield", "oil field"),
    ("border crossing", "border crossing"),
    ("crossing", "crossing"),
    ("prison", "prison"),
    ("jail", "prison"),
    ("camp", "camp"),
    ("base", "base"),
    ("port", "port"),
    ("hospital", "hospital"),
    ("dam", "dam"),
];

pub(super) const ADMIN_WORDS: &[&str] = &[
    "province",
    "governorate",
    "region",
    "state",
    "oblast",
    "district",
    "county",
    "department",
    "prefecture",
    "territory",
    "division",
    "wilaya",
    "muhafazah",
];

pub(super) const DIRECTIONS: &[(&str, (f64, f64))] = &[
    ("northern", (1.0, 0.0)),
    ("southern", (-1.0, 0.0)),
    ("eastern", (0.0, 1.0)),
    ("western", (0.0, -1.0)),
    ("northeastern", (1.0, 1.0)),
    ("northwestern", (1.0, -1.0)),
    ("southeastern", (-1.0, 1.0)),
    ("southwestern", (-1.0, -1.0)),
    ("north eastern", (1.0, 1.0)),
    ("north western", (1.0, -1.0)),
    ("south eastern", (-1.0, 1.0)),
    ("south western", (-1.0, -1.0)),
    ("central", (0.0, 0.0)),
    ("north", (1.0, 0.0)),
    ("south", (-1.0, 0.0)),
    ("east", (0.0, 1.0)),
    ("west", (0.0, -1.0)),
];

pub(super) const COMPASS: &[(&str, (f64, f64))] = &[
    ("north", (1.0, 0.0)),
    ("south", (-1.0, 0.0)),
    ("east", (0.0, 1.0)),
    ("west", (0.0, -1.0)),
    ("northeast", (1.0, 1.0)),
    ("northwest", (1.0, -1.0)),
    ("southeast", (-1.0, 1.0)),
    ("southwest", (-1.0, -1.0)),
    ("north east", (1.0, 1.0)),
    ("north west", (1.0, -1.0)),
    ("south east", (-1.0, 1.0)),
    ("south west", (-1.0, -1.0)),
    ("centre", (0.0, 0.0)),
    ("center", (0.0, 0.0)),
];

/// Nouns that make a preceding place name part of an organisation or building name ("Qahira Hotel").
pub(super) const ORG_NOUNS: &[&str] = &[
    "hotel",
    "university",
    "college",
    "school",
    "street",
    "road",
    "avenue",
    "square",
    "stadium",
    "mosque",
    "church",
    "cathedral",
    "times",
    "post",
    "club",
    "bank",
    "company",
    "group",
    "institute",
    "center",
    "centre",
    "agreement",
    "accord",
    "accords",
    "declaration",
    "process",
    "protocol",
    "convention",
    "format",
    "summit",
    "conference",
    "talks",
    "forum",
    "dialogue",
    "initiative",
    "tribune",
    "herald",
    "news",
    "daily",
    "gazette",
    "journal",
    "fc",
    "united",
    "city",
];

/// Capitalised nouns that make a preceding place name part of a natural feature's name.
pub(super) const NATURAL_FEATURES: &[&str] = &[
    "sea",
    "seas",
    "ocean",
    "gulf",
    "strait",
    "straits",
    "bay",
    "lake",
    "river",
    "mountains",
    "mountain",
    "desert",
    "valley",
    "peninsula",
    "island",
    "islands",
    "canal",
    "channel",
    "basin",
];

/// Capitalised words that may follow a place name without making it part of a longer name:
/// weekdays, months and a few other time words (`low` is lower case).
pub(super) fn is_time_word(low: &str) -> bool {
    sitrep_text::MONTH_NAMES.contains(&low)
        || sitrep_text::WEEKDAY_NAMES.contains(&low)
        || matches!(low, "today" | "tonight" | "yesterday" | "tomorrow")
}

/// Verbs after which a single capitalised word is a speaker, not a place ("Rubio said").
pub(super) const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "stated",
    "wrote",
    "argued",
    "noted",
    "explained",
    "insisted",
    "warned",
    "tweeted",
    "posted",
    "asked",
    "replied",
    "claimed",
    "acknowledged",
    "admitted",
];

pub(super) const LOCATIVES: &[&str] = &[
    "in",
    "at",
    "near",
    "outside",
    "from",
    "to",
    "into",
    "across",
    "around",
    "toward",
    "towards",
    "of",
    "inside",
    "through",
    "throughout",
    "via",
    "between",
    "within",
    "reach",
    "entered",
];
