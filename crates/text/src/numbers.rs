//! Counts: digits, number words, vague quantities and ranges.

use crate::dates::find_dates;
use crate::lexicon::{eq_any, month_of, scale_word, small_number_word};
use crate::tokens::{tokenize, Token, TokenKind};
use sitrep_model::Span;

/// A count found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NumberMention {
    /// The expression including qualifiers ("at least 20", "between 10 and 15", "dozens").
    pub span: Span,
    /// Conservative value (ACLED style): the stated number, the lower end of a range, or the
    /// conventional value of a vague quantity ("dozens" = 12).
    pub value: u64,
    /// Qualified, vague or a range.
    pub approximate: bool,
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// Counts inside `within`. Years, times, dates, percentages, money, ordinals, measurements,
/// durations and identifiers ("M23", "F-16", "Resolution 2254") are not counts.
pub fn find_numbers(text: &str, within: Span) -> Vec<NumberMention> {
    let toks = tokenize(text, within);
    if toks.is_empty() {
        return Vec::new();
    }
    let words: Vec<&str> = toks
        .iter()
        .map(|t| t.span.slice(text).unwrap_or(""))
        .collect();
    let has_numberish = toks
        .iter()
        .zip(&words)
        .any(|(t, w)| t.kind == TokenKind::Number || could_start_number_word(w));
    if !has_numberish {
        return Vec::new();
    }
    let date_spans: Vec<Span> = find_dates(text, within, None)
        .into_iter()
        .map(|d| d.span)
        .collect();
    let s = Scanner {
        toks: &toks,
        words: &words,
        dates: &date_spans,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match s.at(i) {
            Some((m, next)) => {
                out.push(m);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

fn could_start_number_word(w: &str) -> bool {
    small_number_word(w).is_some()
        || scale_word(w).is_some()
        || eq_any(
            w,
            &[
                "a",
                "an",
                "dozen",
                "dozens",
                "scores",
                "tens",
                "hundreds",
                "thousands",
                "millions",
            ],
        )
}

struct Scanner<'a> {
    toks: &'a [Token],
    words: &'a [&'a str],
    dates: &'a [Span],
}

/// A parsed quantity over tokens [start, end).
#[derive(Clone, Copy, Debug)]
struct Q {
    start: usize,
    end: usize,
    value: u64,
    approximate: bool,
    min: Option<u64>,
    max: Option<u64>,
    /// written with digits
    digits: bool,
    /// a plain integer written with four digits and no separator (a possible year)
    year_like: bool,
    /// the bare word "one"/"a" (needs a following noun)
    bare_one: bool,
}

/// Qualifiers before a number: (words, effect). Effect: 'L' lower bound, 'U' upper bound,
/// '~' approximate.
const QUALIFIERS: &[(&[&str], char)] = &[
    (&["at", "least"], 'L'),
    (&["no", "fewer", "than"], 'L'),
    (&["no", "less", "than"], 'L'),
    (&["not", "less", "than"], 'L'),
    (&["more", "than"], 'L'),
    (&["over"], 'L'),
    (&["well", "over"], 'L'),
    (&["just", "over"], 'L'),
    (&["upwards", "of"], 'L'),
    (&["in", "excess", "of"], 'L'),
    (&["nearly"], 'U'),
    (&["almost"], 'U'),
    (&["up", "to"], 'U'),
    (&["as", "many", "as"], 'U'),
    (&["fewer", "than"], 'U'),
    (&["less", "than"], 'U'),
    (&["under"], 'U'),
    (&["just", "under"], 'U'),
    (&["close", "to"], 'U'),
    (&["at", "most"], 'U'),
    (&["about"], '~'),
    (&["around"], '~'),
    (&["some"], '~'),
    (&["roughly"], '~'),
    (&["approximately"], '~'),
    (&["approx."], '~'),
    (&["an", "estimated"], '~'),
    (&["estimated"], '~'),
    (&["an", "approximate"], '~'),
    (&["perhaps"], '~'),
    (&["possibly"], '~'),
    (&["reportedly"], '~'),
];

const UNITS_AFTER: &[&str] = &[
    "%",
    "percent",
    "per",
    "pct",
    "percentage",
    "second",
    "seconds",
    "minute",
    "minutes",
    "min",
    "mins",
    "hour",
    "hours",
    "hrs",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "centuries",
    "km",
    "kms",
    "kilometre",
    "kilometres",
    "kilometer",
    "kilometers",
    "mile",
    "miles",
    "metre",
    "metres",
    "meter",
    "meters",
    "m",
    "cm",
    "mm",
    "kg",
    "kilogram",
    "kilograms",
    "kilo",
    "kilos",
    "tonne",
    "tonnes",
    "ton",
    "tons",
    "lb",
    "lbs",
    "pound",
    "pounds",
    "degree",
    "degrees",
    "°",
    "am",
    "pm",
    "a.m.",
    "p.m.",
    "gmt",
    "utc",
    "o'clock",
    "o’clock",
    "hectare",
    "hectares",
    "acre",
    "acres",
    "litre",
    "litres",
    "liter",
    "liters",
    "gallon",
    "gallons",
    "barrel",
    "barrels",
    "mph",
    "kph",
    "dollar",
    "dollars",
    "euro",
    "euros",
    "usd",
    "eur",
    "gbp",
    "lira",
    "liras",
    "lire",
    "riyal",
    "riyals",
    "rial",
    "rials",
    "dinar",
    "dinars",
    "dirham",
    "dirhams",
    "yuan",
    "rupee",
    "rupees",
    "shekel",
    "shekels",
    "franc",
    "francs",
    "cent",
    "cents",
    "naira",
    "birr",
    "shilling",
    "shillings",
    "afghani",
    "afghanis",
    "pesos",
    "peso",
    "taka",
    "kyat",
    "hryvnia",
    "hryvnias",
    "rubles",
    "roubles",
    "ruble",
    "rouble",
    "bn",
    "mn",
    "times",
    "st",
    "nd",
    "rd",
    "th",
    "ft",
    "feet",
    "inch",
    "inches",
    "mw",
    "gw",
    "kwh",
    "storey",
    "storeys",
    "story",
    "floors",
];

const IDENTIFIER_BEFORE: &[&str] = &[
    "resolution",
    "resolutions",
    "article",
    "articles",
    "no.",
    "nos.",
    "number",
    "#",
    "brigade",
    "division",
    "battalion",
    "regiment",
    "corps",
    "route",
    "highway",
    "road",
    "flight",
    "chapter",
    "section",
    "unit",
    "room",
    "gate",
    "block",
    "sector",
    "zone",
    "phase",
    "round",
    "item",
    "clause",
    "paragraph",
    "page",
    "pages",
    "version",
    "level",
    "squadron",
    "platoon",
    "district",
    "precinct",
    "ward",
    "checkpoint",
    "kilometre",
    "kilometer",
    "km",
    "aged",
    "age",
    "ages",
    "size",
    "model",
    "type",
    "series",
    "year",
    "covid",
    "covid-",
    "g",
    "group",
    "cell",
    "mark",
    "mk",
    "code",
    "line",
    "lane",
    "street",
    "building",
    "apartment",
    "floor",
    "channel",
    "station",
    "tower",
    "sites",
    "site",
    "camp",
    "ss",
    "su",
    "mig",
    "t",
];

const CURRENCY_BEFORE: &[&str] = &[
    "$", "€", "£", "¥", "₹", "₺", "₽", "₪", "us$", "usd", "eur", "gbp", "a$", "c$",
];

/// Words after "one"/"a" that make it a count ("one person", "one soldier", "one civilians").
const SINGULAR_COUNT_NOUNS: &[&str] = &[
    "person",
    "people",
    "man",
    "woman",
    "child",
    "boy",
    "girl",
    "baby",
    "infant",
    "civilian",
    "soldier",
    "fighter",
    "militant",
    "insurgent",
    "rebel",
    "officer",
    "policeman",
    "policewoman",
    "member",
    "student",
    "journalist",
    "reporter",
    "protester",
    "protestor",
    "demonstrator",
    "prisoner",
    "detainee",
    "inmate",
    "worker",
    "resident",
    "farmer",
    "doctor",
    "nurse",
    "teacher",
    "villager",
    "guard",
    "gunman",
    "attacker",
    "bomber",
    "commander",
    "leader",
    "official",
    "trooper",
    "marine",
    "sailor",
    "pilot",
    "policeman",
    "cop",
    "suspect",
    "hostage",
    "refugee",
    "migrant",
    "passenger",
    "driver",
    "pedestrian",
    "shepherd",
    "fisherman",
    "volunteer",
    "medic",
    "paramedic",
    "activist",
    "cleric",
    "imam",
    "priest",
    "judge",
    "lawyer",
    "employee",
    "staffer",
    "contractor",
    "mercenary",
    "jihadist",
    "combatant",
    "recruit",
    "conscript",
    "serviceman",
    "servicemember",
    "peacekeeper",
    "minor",
    "teenager",
    "adult",
    "victim",
    "casualty",
    "body",
    "corpse",
    "family",
    "household",
];

fn parse_digits(s: &str) -> Option<(u64, Option<(u64, u32)>)> {
    // returns integer value, or (integer part, fraction digits, fraction length) for decimals
    let clean: String = s.chars().filter(|c| *c != ',').collect();
    if let Some((a, b)) = clean.split_once('.') {
        let ia: u64 = a.parse().ok()?;
        let len = u32::try_from(b.len()).ok().filter(|l| *l <= 6)?;
        let fb: u64 = b.parse().ok()?;
        return Some((ia, Some((fb, len))));
    }
    Some((clean.parse().ok()?, None))
}

impl<'a> Scanner<'a> {
    fn w(&self, i: usize) -> &'a str {
        self.words.get(i).copied().unwrap_or("")
    }
    fn is(&self, i: usize, word: &str) -> bool {
        self.w(i).eq_ignore_ascii_case(word)
    }
    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.toks.get(i).map(|t| t.kind)
    }
    fn adjacent(&self, i: usize) -> bool {
        matches!((self.toks.get(i), self.toks.get(i + 1)), (Some(a), Some(b)) if a.span.end == b.span.start)
    }
    fn span(&self, start: usize, end: usize) -> Option<Span> {
        let a = self.toks.get(start)?;
        let b = self.toks.get(end.checked_sub(1)?)?;
        Some(Span::new(a.span.start, b.span.end))
    }

    fn at(&self, i: usize) -> Option<(NumberMention, usize)> {
        // "between 10 and 15"
        if self.is(i, "between") {
            if let Some(a) = self.base(i + 1) {
                if self.is(a.end, "and") {
                    if let Some(b) = self.base(a.end + 1) {
                        if b.value > a.value && !a.bare_one {
                            let q = Q {
                                start: i,
                                end: b.end,
                                value: a.value,
                                approximate: true,
                                min: Some(a.value),
                                max: Some(b.max.unwrap_or(b.value)),
                                ..b
                            };
                            return self.finish(q, a.start, b.end);
                        }
                    }
                }
            }
            return None;
        }
        // qualifier + quantity
        for (ws, effect) in QUALIFIERS {
            if ws.iter().enumerate().all(|(k, w)| self.is(i + k, w)) {
                let j = i + ws.len();
                if let Some(mut q) = self.quantity(j) {
                    if q.bare_one {
                        return None;
                    }
                    let core_start = q.start;
                    q.start = i;
                    q.approximate = true;
                    match effect {
                        'L' => q.min = Some(q.min.unwrap_or(q.value)),
                        'U' => q.max = Some(q.max.unwrap_or(q.value)),
                        _ => {}
                    }
                    return self.finish(q, core_start, q.end);
                }
                break;
            }
        }
        let q = self.quantity(i)?;
        self.finish(q, q.start, q.end)
    }

    /// Applies the exclusion rules to a candidate whose numeric core is tokens [cs, ce).
    fn finish(&self, q: Q, cs: usize, ce: usize) -> Option<(NumberMention, usize)> {
        let core = self.span(cs, ce)?;
        // dates
        if self.dates.iter().any(|d| d.overlaps(core)) {
            return None;
        }
        let prev = cs.checked_sub(1).map(|k| self.w(k)).unwrap_or("");
        let prev_adjacent = cs > 0 && self.adjacent(cs - 1);
        let next = self.w(ce);
        let next_adjacent = self.adjacent(ce - 1);
        // currency before
        if eq_any(prev, CURRENCY_BEFORE)
            || (prev_adjacent && self.kind(cs - 1) == Some(TokenKind::Symbol))
        {
            return None;
        }
        // identifier before ("Resolution 2254", "No. 5")
        if q.digits && eq_any(prev, IDENTIFIER_BEFORE) {
            return None;
        }
        // units/percent/time/money after
        if eq_any(next, UNITS_AFTER) || (next_adjacent && self.kind(ce) == Some(TokenKind::Symbol))
        {
            return None;
        }
        if next == "." && self.is(ce + 1, "m") {
            return None;
        }
        // times 10:30
        if (next == ":" && next_adjacent && self.kind(ce + 1) == Some(TokenKind::Number))
            || (prev == ":"
                && prev_adjacent
                && cs >= 2
                && self.kind(cs - 2) == Some(TokenKind::Number))
        {
            return None;
        }
        // parts of a number-like token with '/' or '.', e.g. "24/7", "1.2.3"
        if (next == "/" && next_adjacent) || (prev == "/" && prev_adjacent) {
            return None;
        }
        // day numbers next to a month name that did not form a valid date ("February 30")
        if q.digits
            && q.value <= 31
            && (month_capitalized(prev) || (cs + 1 == ce && month_capitalized(next)))
        {
            return None;
        }
        // years
        if q.year_like {
            let after_context = eq_any(
                prev,
                &[
                    "in",
                    "since",
                    "during",
                    "until",
                    "till",
                    "by",
                    "from",
                    "of",
                    "early",
                    "late",
                    "mid",
                    "before",
                    "after",
                    "throughout",
                    "between",
                    "and",
                    "to",
                    "the",
                    "this",
                ],
            ) || month_of(prev).is_some()
                || prev == ",";
            if after_context
                || is_dash_str(next)
                || next == "/"
                || ce == self.toks.len()
                || next == ","
                || next == "."
            {
                return None;
            }
        }
        // bare "one" / "a": only before a count noun
        if q.bare_one {
            let n = self.w(q.end);
            let plural = n.len() > 3
                && n.ends_with('s')
                && !n.ends_with("ss")
                && !n.ends_with("us")
                && n.chars().next().is_some_and(|c| c.is_lowercase())
                && !eq_any(
                    n,
                    &[
                        "was", "has", "is", "this", "his", "its", "thus", "does", "says", "seems",
                        "remains", "appears", "gets", "makes", "takes", "goes", "comes", "helps",
                        "needs", "less", "ones",
                    ],
                );
            if !(plural || eq_any(n, SINGULAR_COUNT_NOUNS)) {
                return None;
            }
        }
        let span = self.span(q.start, q.end)?;
        let (min, max) = (q.min, q.max);
        Some((
            NumberMention {
                span,
                value: q.value,
                approximate: q.approximate,
                min,
                max,
            },
            q.end,
        ))
    }

    /// A quantity at i, possibly a range "10-15" / "10 to 15" / "ten to fifteen".
    fn quantity(&self, i: usize) -> Option<Q> {
        let a = self.base(i)?;
        // ranges
        let dash = is_dash_str(self.w(a.end)) && self.adjacent(a.end - 1) && self.adjacent(a.end);
        if (dash || self.is(a.end, "to")) && !a.bare_one && a.min.is_none() {
            if let Some(b) = self.base(a.end + 1) {
                if b.value > a.value && b.digits == a.digits && !b.bare_one && b.min.is_none() {
                    return Some(Q {
                        start: a.start,
                        end: b.end,
                        value: a.value,
                        approximate: true,
                        min: Some(a.value),
                        max: Some(b.value),
                        digits: a.digits,
                        year_like: false,
                        bare_one: false,
                    });
                }
            }
        }
        Some(a)
    }

    /// A single quantity at i (no qualifier, no range).
    fn base(&self, i: usize) -> Option<Q> {
        let w = self.w(i);
        if w.is_empty() {
            return None;
        }
        let q = |end: usize, value: u64, approximate: bool, min: Option<u64>, max: Option<u64>| Q {
            start: i,
            end,
            value,
            approximate,
            min,
            max,
            digits: false,
            year_like: false,
            bare_one: false,
        };
        // vague quantities
        if eq_any(w, &["tens", "hundreds"]) && self.is(i + 1, "of") && self.is(i + 2, "thousands") {
            let v = if self.is(i, "tens") { 10_000 } else { 100_000 };
            return Some(q(i + 3, v, true, Some(v), Some(v * 10 - 1)));
        }
        if self.is(i, "tens") && self.is(i + 1, "of") && self.is(i + 2, "millions") {
            return Some(q(
                i + 3,
                10_000_000,
                true,
                Some(10_000_000),
                Some(99_999_999),
            ));
        }
        let vague: Option<(u64, u64)> = match w.to_ascii_lowercase().as_str() {
            "dozens" => Some((12, 99)),
            "scores" => Some((20, 99)),
            "hundreds" => Some((100, 999)),
            "thousands" => Some((1_000, 9_999)),
            "millions" => Some((1_000_000, 9_999_999)),
            "tens" if self.is(i + 1, "of") => Some((10, 99)),
            _ => None,
        };
        if let Some((v, max)) = vague {
            if w.chars().next().is_some_and(|c| c.is_lowercase()) || self.is(i + 1, "of") {
                return Some(q(i + 1, v, true, Some(v), Some(max)));
            }
            return None;
        }
        if self.is(i, "a") && self.is(i + 1, "dozen") {
            return Some(q(i + 2, 12, false, None, None));
        }
        if self.is(i, "a") || self.is(i, "an") {
            // "a hundred", "a thousand"
            let s = scale_word(self.w(i + 1))?;
            let (v, end) = self.scales(1, i + 1);
            let _ = s;
            return Some(q(end, v, false, None, None));
        }
        // digits
        if self.kind(i) == Some(TokenKind::Number) {
            let (int, frac) = parse_digits(w)?;
            let no_sep = !w.contains(',') && !w.contains('.');
            let mut j = i + 1;
            let mut value = int;
            let mut scaled = false;
            if let Some(s) = scale_word(self.w(j)) {
                value = match frac {
                    Some((f, len)) => int
                        .checked_mul(s)?
                        .checked_add(f.checked_mul(s)? / 10u64.checked_pow(len)?)?,
                    None => int.checked_mul(s)?,
                };
                j += 1;
                scaled = true;
                if let Some(s2) = scale_word(self.w(j)).filter(|s2| *s2 > s) {
                    value = value.checked_mul(s2)?;
                    j += 1;
                }
            } else if frac.is_some() {
                return None; // a bare decimal is not a count
            }
            if self.is(j, "dozen") {
                value = value.checked_mul(12)?;
                j += 1;
            }
            let mut r = q(j, value, false, None, None);
            r.digits = true;
            r.year_like = no_sep && !scaled && w.len() == 4 && (1900..=2100).contains(&int);
            return Some(r);
        }
        // number words
        let first = small_number_word(w)?;
        let (mut value, mut j) = (first, i + 1);
        // "twenty five" written apart
        if first >= 20 && first % 10 == 0 {
            if let Some(u) = small_number_word(self.w(j)).filter(|u| (1..=9).contains(u)) {
                value += u;
                j += 1;
            }
        }
        let (v, end) = self.scales(value, j);
        let mut r = q(end, v, false, None, None);
        if self.is(end, "dozen") {
            r.value = r.value.checked_mul(12)?;
            r.end += 1;
        }
        r.bare_one = first == 1 && r.end == i + 1;
        Some(r)
    }

    /// Applies scale words after a leading value: "two hundred and fifty thousand".
    fn scales(&self, lead: u64, mut j: usize) -> (u64, usize) {
        let mut total: u64 = 0;
        let mut current = lead;
        while let Some(s) = scale_word(self.w(j)) {
            if s == 100 {
                current = current.saturating_mul(100);
                j += 1;
                // "and fifty" / "fifty"
                let k = if self.is(j, "and") { j + 1 } else { j };
                if let Some(v) = small_number_word(self.w(k)).filter(|v| *v > 0) {
                    let mut v = v;
                    let mut k2 = k + 1;
                    if v >= 20 && v % 10 == 0 {
                        if let Some(u) =
                            small_number_word(self.w(k2)).filter(|u| (1..=9).contains(u))
                        {
                            v += u;
                            k2 += 1;
                        }
                    }
                    current += v;
                    j = k2;
                }
            } else {
                total = total.saturating_add(current.saturating_mul(s));
                current = 0;
                j += 1;
                let k = if self.is(j, "and") { j + 1 } else { j };
                if let Some(v) = small_number_word(self.w(k)).filter(|v| *v > 0) {
                    current = v;
                    j = k + 1;
                    if scale_word(self.w(j)).is_none() {
                        break;
                    }
                } else {
                    break;
                }
            }
        }
        (total.saturating_add(current), j)
    }
}

fn month_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase()) && month_of(w).is_some()
}

fn is_dash_str(s: &str) -> bool {
    matches!(s, "-" | "–" | "—" | "‐" | "‑")
}
