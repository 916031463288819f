//! Counts: digits, number words, vague quantities and ranges.

use crate::dates::{dates_in, YEARS};
use crate::lexicon::{
    eq_any, month_of, number_words, scale_word, small_number_word, weekday_of, words,
};
use crate::tokens::{TokView, TokenKind};
use sitrep_model::Span;
use std::sync::OnceLock;

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
    let v = TokView::new(text, within);
    let marks: Vec<bool> = (0..v.len()).map(|i| numberish(&v, i)).collect();
    if !marks.contains(&true) {
        return Vec::new();
    }
    // Dates can only swallow digits (days, years); spelled-out numbers in "two weeks ago" are
    // excluded by the unit that follows them.
    let has_digits = (0..v.len()).any(|i| v.kind(i) == Some(TokenKind::Number));
    let dates: Vec<Span> = if has_digits {
        dates_in(&v, None).into_iter().map(|d| d.span).collect()
    } else {
        Vec::new()
    };
    let s = Scanner {
        v: &v,
        dates: &dates,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        // nothing numeric close ahead: no expression can start here
        if !marks.iter().skip(i).take(MAX_LEAD + 1).any(|m| *m) {
            i += 1;
            continue;
        }
        match s.at(i) {
            Some(Step::Emit(m, next)) => {
                out.push(m);
                i = next.max(i + 1);
            }
            Some(Step::Skip(next)) => i = next.max(i + 1),
            None => i += 1,
        }
    }
    out
}

/// Whether a token can be (part of) the numeric core of a count.
fn numberish(v: &TokView<'_>, i: usize) -> bool {
    if v.kind(i) == Some(TokenKind::Number) {
        return true;
    }
    let w = v.w(i);
    w.len() <= 24
        && (small_number_word(w).is_some()
            || scale_word(w).is_some()
            || glued_scale(w).is_some()
            || eq_any(w, &words().vague_numbers))
}

/// Longest qualifier ("no fewer than") plus "between": a count core starts at most this many
/// tokens after the start of its expression.
const MAX_LEAD: usize = 3;

struct Scanner<'a, 'v> {
    v: &'a TokView<'v>,
    dates: &'a [Span],
}

/// Outcome of a match: a count, or tokens consumed by something that is not a count
/// (a year, a time, money ...), up to the exclusive token index.
enum Step {
    Emit(NumberMention, usize),
    Skip(usize),
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

/// Qualifiers before a number (`data/text/words.tsv`: the lower-bound, upper-bound and about
/// qualifiers, in that order), split into words, with what each says about the number; checked
/// in order at each token.
fn qualifiers() -> &'static [(Vec<&'static str>, Bound)] {
    static Q: OnceLock<Vec<(Vec<&'static str>, Bound)>> = OnceLock::new();
    Q.get_or_init(|| {
        let w = words();
        let tagged = |list: &'static [&'static str], bound: Bound| {
            list.iter()
                .map(move |q| (q.split_whitespace().collect(), bound))
        };
        tagged(&w.lower_bound_qualifiers, Bound::Lower)
            .chain(tagged(&w.upper_bound_qualifiers, Bound::Upper))
            .chain(tagged(&w.about_qualifiers, Bound::About))
            .collect()
    })
}

/// What a qualifier says about the number after it.
#[derive(Clone, Copy)]
enum Bound {
    /// "at least 20": 20 is a lower bound
    Lower,
    /// "nearly 20": 20 is an upper bound
    Upper,
    /// "about 20"
    About,
}

/// Value of "2m", "1.5bn", "30k" (digits with a glued abbreviated scale).
fn glued_scale(w: &str) -> Option<u64> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let scale = match w.get(digits.len()..)? {
        "k" | "K" => 1_000,
        "m" | "M" | "mn" => 1_000_000,
        "bn" => 1_000_000_000,
        _ => return None,
    };
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (int, frac) = parse_digits(digits)?;
    scaled(int, frac, scale)
}

/// `int.frac * scale`, exact for up to six fraction digits.
fn scaled(int: u64, frac: Option<(u64, u32)>, scale: u64) -> Option<u64> {
    let whole = int.checked_mul(scale)?;
    match frac {
        Some((f, len)) => whole.checked_add(f.checked_mul(scale)? / 10u64.checked_pow(len)?),
        None => Some(whole),
    }
}

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

impl Scanner<'_, '_> {
    fn at(&self, i: usize) -> Option<Step> {
        // "between 10 and 15"
        if self.v.is(i, "between") {
            if let Some(a) = self.base(i + 1) {
                if self.v.is(a.end, "and") {
                    if let Some(b) = self.base(a.end + 1) {
                        if b.value > a.value {
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
        for (ws, bound) in qualifiers() {
            if ws.iter().enumerate().all(|(k, w)| self.v.is(i + k, w)) {
                let j = i + ws.len();
                if let Some(mut q) = self.quantity(j) {
                    let core_start = q.start;
                    q.start = i;
                    q.approximate = true;
                    match bound {
                        Bound::Lower => q.min = Some(q.min.unwrap_or(q.value)),
                        Bound::Upper => q.max = Some(q.max.unwrap_or(q.value)),
                        Bound::About => {}
                    }
                    return self.finish(q, core_start, q.end);
                }
                break;
            }
        }
        let q = self.quantity(i)?;
        self.finish(q, q.start, q.end)
    }

    /// Emits a candidate whose numeric core is tokens `cs..ce`, unless it is not a count.
    fn finish(&self, q: Q, cs: usize, ce: usize) -> Option<Step> {
        if self.excluded(&q, cs, ce)? {
            return Some(Step::Skip(q.end));
        }
        let span = self.v.span(q.start, q.end)?;
        let m = NumberMention {
            span,
            value: q.value,
            approximate: q.approximate,
            min: q.min,
            max: q.max,
        };
        Some(Step::Emit(m, q.end))
    }

    /// Whether the candidate is something other than a count: part of a date, a year, a time,
    /// money, a percentage, a measurement or duration, an identifier or an age.
    fn excluded(&self, q: &Q, cs: usize, ce: usize) -> Option<bool> {
        let v = self.v;
        let core = v.span(cs, ce)?;
        let prev = v.prev(cs);
        let prev2 = cs.checked_sub(1).map(|k| v.prev(k)).unwrap_or("");
        let prev_adjacent = cs > 0 && v.adjacent(cs - 1);
        let next = v.w(ce);
        let next_adjacent = v.adjacent(ce - 1);
        let single_digits = q.digits && cs + 1 == ce;
        let qualified = q.start < cs;
        let rules = [
            // inside a date expression
            self.dates.iter().any(|d| d.overlaps(core)),
            // money: "$5 million", "US$ 20"; symbols glued before: "#5", "+963"
            eq_any(prev, &words().currency_before)
                || (prev_adjacent && v.kind(cs - 1) == Some(TokenKind::Symbol)),
            // identifiers: "Resolution 2254", "No. 5", "S&P 500 fell"
            single_digits && eq_any(prev, &words().identifier_before),
            single_digits && !qualified && self.name_before(cs) && !v.capitalized(ce),
            // ages: "under the age of five", "younger than 18", "Khoshbo, 33, said"
            prev.eq_ignore_ascii_case("of") && eq_any(prev2, &["age", "ages"]),
            prev.eq_ignore_ascii_case("than") && eq_any(prev2, &["younger", "older"]),
            single_digits && prev == "," && next == "," && cs >= 2 && v.capitalized(cs - 2),
            // units, percentages, currencies and times after; glued symbols ("40%")
            eq_any(next, &words().units_after)
                || (next_adjacent && v.kind(ce) == Some(TokenKind::Symbol)),
            next == "." && v.is(ce + 1, "m"),
            // clock times "10:30" and parts of "24/7"
            next == ":" && next_adjacent && v.kind(ce + 1) == Some(TokenKind::Number),
            prev == ":" && prev_adjacent && cs >= 2 && v.kind(cs - 2) == Some(TokenKind::Number),
            (next == "/" && next_adjacent) || (prev == "/" && prev_adjacent),
            // a day number next to a month name that did not make a valid date ("February 30")
            q.digits
                && q.value <= 31
                && (month_capitalized(prev) || (cs + 1 == ce && month_capitalized(next))),
            // years: only a count when a count noun follows ("2000 people")
            q.year_like
                && (q.max.is_some()
                    || eq_any(prev, &words().year_context)
                    || !self.count_noun_at(ce, 1)),
            // bare "one"/"zero": only before a count noun ("one soldier", not "one of the")
            q.bare_one && !self.count_noun_at(q.end, 3),
        ];
        Some(rules.iter().any(|r| *r))
    }

    /// The word before `cs` looks like part of a name ("Index", "S&P", "Boeing"): capitalised,
    /// not the first word of the span and not a function word.
    fn name_before(&self, cs: usize) -> bool {
        let v = self.v;
        let Some(k) = cs.checked_sub(1) else {
            return false;
        };
        k > 0
            && v.kind(k) == Some(TokenKind::Word)
            && v.capitalized(k)
            && !eq_any(v.w(k), &words().capitalised_function_words)
            && month_of(v.w(k)).is_none()
            && weekday_of(v.w(k)).is_none()
    }

    /// A count noun ("soldier", "people", any lowercase plural) among the next `window` words,
    /// before a function word or punctuation ends the phrase.
    fn count_noun_at(&self, j: usize, window: usize) -> bool {
        let v = self.v;
        for k in j..j + window {
            let n = v.w(k);
            if v.kind(k) != Some(TokenKind::Word) || eq_any(n, &words().count_phrase_stops) {
                return false;
            }
            let plural = n.len() > 3
                && n.ends_with('s')
                && !n.ends_with("ss")
                && !n.ends_with("us")
                && n.starts_with(|c: char| c.is_lowercase())
                && !eq_any(n, &words().not_plurals);
            if plural || eq_any(n, &words().singular_count_nouns) {
                return true;
            }
        }
        false
    }

    /// A quantity at i, possibly a range "10-15" / "10 to 15" / "ten to fifteen".
    fn quantity(&self, i: usize) -> Option<Q> {
        let a = self.base(i)?;
        // ranges
        let dash =
            is_dash_str(self.v.w(a.end)) && self.v.adjacent(a.end - 1) && self.v.adjacent(a.end);
        if (dash || self.v.is(a.end, "to")) && a.min.is_none() {
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
                        year_like: a.year_like && b.year_like,
                        bare_one: false,
                    });
                }
            }
        }
        Some(a)
    }

    /// A single quantity at i (no qualifier, no range).
    fn base(&self, i: usize) -> Option<Q> {
        let w = self.v.w(i);
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
        if eq_any(w, &["tens", "hundreds"])
            && self.v.is(i + 1, "of")
            && self.v.is(i + 2, "thousands")
        {
            let v = if self.v.is(i, "tens") {
                10_000
            } else {
                100_000
            };
            return Some(q(i + 3, v, true, Some(v), Some(v * 10 - 1)));
        }
        if self.v.is(i, "tens") && self.v.is(i + 1, "of") && self.v.is(i + 2, "millions") {
            return Some(q(
                i + 3,
                10_000_000,
                true,
                Some(10_000_000),
                Some(99_999_999),
            ));
        }
        let vague = number_words()
            .vague
            .iter()
            .find(|(n, ..)| n.eq_ignore_ascii_case(w))
            .filter(|(n, ..)| *n != "tens" || self.v.is(i + 1, "of"))
            .map(|&(_, v, max)| (v, max));
        if let Some((v, max)) = vague {
            return Some(q(i + 1, v, true, Some(v), Some(max)));
        }
        if self.v.is(i, "a") && self.v.is(i + 1, "dozen") {
            return Some(q(i + 2, 12, false, None, None));
        }
        if self.v.is(i, "a") || self.v.is(i, "an") {
            // "a hundred", "a thousand"
            scale_word(self.v.w(i + 1))?;
            let (v, end) = self.scales(1, i + 1);
            return Some(q(end, v, false, None, None));
        }
        // "2m people", "1.5bn" (abbreviated scale glued to the digits): only before a count noun
        if let Some(value) = glued_scale(w).filter(|_| self.count_noun_at(i + 1, 1)) {
            let mut r = q(i + 1, value, false, None, None);
            r.digits = true;
            return Some(r);
        }
        // digits
        if self.v.kind(i) == Some(TokenKind::Number) {
            let (int, frac) = parse_digits(w)?;
            let no_sep = !w.contains(',') && !w.contains('.');
            let mut j = i + 1;
            let mut value = int;
            let mut has_scale = false;
            if let Some(s) = scale_word(self.v.w(j)) {
                value = scaled(int, frac, s)?;
                j += 1;
                has_scale = true;
                if let Some(s2) = scale_word(self.v.w(j)).filter(|s2| *s2 > s) {
                    value = value.checked_mul(s2)?;
                    j += 1;
                }
            } else if frac.is_some() {
                return None; // a bare decimal is not a count
            }
            if self.v.is(j, "dozen") {
                value = value.checked_mul(12)?;
                j += 1;
            }
            let mut r = q(j, value, false, None, None);
            r.digits = true;
            r.year_like = no_sep
                && !has_scale
                && w.len() == 4
                && i32::try_from(int).is_ok_and(|y| YEARS.contains(&y));
            return Some(r);
        }
        // number words
        let (value, j) = self.small_at(i)?;
        let (v, end) = self.scales(value, j);
        let mut r = q(end, v, false, None, None);
        if self.v.is(end, "dozen") {
            r.value = r.value.checked_mul(12)?;
            r.end += 1;
        }
        r.bare_one = value <= 1 && r.end == i + 1;
        Some(r)
    }

    /// A number word below 100 at `j` ("five", "twenty-five", "twenty five"); returns the value
    /// and the next token index.
    fn small_at(&self, j: usize) -> Option<(u64, usize)> {
        let v = small_number_word(self.v.w(j))?;
        if v >= 20 && v % 10 == 0 {
            if let Some(u) = small_number_word(self.v.w(j + 1)).filter(|u| (1..=9).contains(u)) {
                return Some((v + u, j + 2));
            }
        }
        Some((v, j + 1))
    }

    /// Applies scale words after a leading value: "two hundred and fifty thousand".
    fn scales(&self, lead: u64, mut j: usize) -> (u64, usize) {
        let mut total: u64 = 0;
        let mut current = lead;
        while let Some(s) = scale_word(self.v.w(j)) {
            if s == 100 {
                current = current.saturating_mul(100);
                j += 1;
                // "and fifty" / "fifty"
                let k = if self.v.is(j, "and") { j + 1 } else { j };
                if let Some((v, next)) = self.small_at(k).filter(|(v, _)| *v > 0) {
                    current += v;
                    j = next;
                }
            } else {
                total = total.saturating_add(current.saturating_mul(s));
                current = 0;
                j += 1;
                let k = if self.v.is(j, "and") { j + 1 } else { j };
                if let Some((v, next)) = self.small_at(k).filter(|(v, _)| *v > 0) {
                    current = v;
                    j = next;
                    if scale_word(self.v.w(j)).is_none() {
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
