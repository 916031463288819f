//! The coder's own lexicons: event triggers and cue phrases, loaded from the TSV files in
//! `data/coder/` (embedded at compile time) into hash indexes keyed by the first word.

use crate::words::Words;
use sitrep_model::{AcledSubEventType, EventType, QuantityKind};
use sitrep_text::fxhash::{FxHashMap, FxHashSet};
use std::collections::HashMap;

const TRIGGERS_TSV: &str = include_str!("../../../data/coder/triggers.tsv");
const IRREGULAR_TSV: &str = include_str!("../../../data/coder/irregular_verbs.tsv");
const CUES_TSV: &str = include_str!("../../../data/coder/cues.tsv");
const CAMEO_TSV: &str = include_str!("../../../data/coder/cameo_verbs.tsv");

/// Part of speech of a trigger pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    Verb,
    Noun,
    Fixed,
}

/// Where a trigger entry comes from (curated entries win over derived ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Curated,
    Cameo,
}

#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub qty: Option<QuantityKind>,
    pub subj_victim: bool,
    pub from_rcp: bool,
    pub with_actor: bool,
    pub absorb: bool,
    pub armed: bool,
    pub weak: bool,
    pub acled: Option<AcledSubEventType>,
    pub context: Vec<String>,
    pub claim: bool,
    pub noobj: bool,
    pub needs_arg: bool,
    pub needs_actor: bool,
    pub needs_custody: bool,
    /// ESCAPE with custody context, else DISPLACE with a displacement context, else nothing.
    pub or_displace: bool,
    pub needs_blame: bool,
    pub unarmed: bool,
    pub place_seize: bool,
    pub place_only: bool,
    pub weapon_obj: bool,
    /// A modal of obligation ("Y must ..."): the reporting speaker demands, its subject is
    /// the recipient; without a speaker it is no event.
    pub speaker_demand: bool,
    /// Only a trigger when a word of this list (weapon, agreement, base) is its object.
    pub obj: Option<String>,
    /// An intransitive sense: with a direct object in the parse the verb means something else
    /// ("demonstrates a disregard" is showing, "rallied support" is gathering).
    pub intrans: bool,
    /// A military operation that anyone may carry out (a siege, a blockade): never given the
    /// security forces that unattributed police work implies.
    pub no_police: bool,
}

#[derive(Debug, Clone)]
pub struct Trigger {
    pub pattern: String,
    pub pos: Pos,
    pub event_type: EventType,
    pub mode: Option<String>,
    pub flags: Flags,
    pub origin: Origin,
    /// For CAMEO-derived entries: words that must follow (the object of the pattern).
    pub object: Vec<String>,
}

/// One surface form of a trigger: the words to match (with `*` gaps) and whether the
/// first (verb) word is a past participle form.
#[derive(Debug, Clone)]
pub struct Form {
    pub words: Vec<String>,
    pub trigger: usize,
    pub participle: bool,
    pub ing: bool,
}

/// A set of multi-word phrases indexed by their first word.
#[derive(Debug, Default)]
pub struct PhraseSet {
    by_first: FxHashMap<String, Vec<(Vec<String>, String)>>,
}

impl PhraseSet {
    pub fn insert(&mut self, phrase: &str, value: &str) {
        let words: Vec<String> = phrase.split_whitespace().map(str::to_string).collect();
        if let Some(first) = words.first().cloned() {
            let v = self.by_first.entry(first).or_default();
            v.push((words, value.to_string()));
            v.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
    }

    /// Longest phrase starting at token `i`: (number of tokens, value).
    pub fn match_at<'a, S: AsRef<str>>(
        &'a self,
        words: &[S],
        i: usize,
    ) -> Option<(usize, &'a str)> {
        let first = words.get(i)?;
        let cands = self.by_first.get(first.as_ref())?;
        // every phrase of `cands` starts with `first`: compare from the second word on
        for (w, v) in cands {
            if i + w.len() <= words.len()
                && w.iter()
                    .zip(&words[i..])
                    .skip(1)
                    .all(|(a, b)| a == b.as_ref())
            {
                return Some((w.len(), v.as_str()));
            }
        }
        None
    }
}

pub struct Lexicon {
    pub words: Words,
    pub triggers: Vec<Trigger>,
    pub forms: FxHashMap<String, Vec<Form>>,
    pub report: PhraseSet,
    pub neg: PhraseSet,
    pub fut: PhraseSet,
    pub hyp: PhraseSet,
    pub hist: PhraseSet,
    pub weapon: PhraseSet,
    pub qty: PhraseSet,
    pub armed: PhraseSet,
    pub custody: PhraseSet,
    pub displacement: PhraseSet,
    pub blame: PhraseSet,
    pub nonpol: PhraseSet,
    pub anaphor: PhraseSet,
    /// Rows of the curated files the loader did not understand (unknown flag, category,
    /// part of speech or type): empty for the bundled data (a test checks it).
    pub problems: Vec<String>,
}

fn parse_flags(s: &str, problems: &mut Vec<String>) -> Flags {
    let mut f = Flags::default();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if let Some(k) = part.strip_prefix("q=") {
            f.qty = QuantityKind::parse(k);
        } else if let Some(a) = part.strip_prefix("acled=") {
            f.acled = AcledSubEventType::parse(a);
            if f.acled.is_none() {
                problems.push(format!("triggers.tsv: unknown ACLED sub-event type {a:?}"));
            }
        } else if let Some(o) = part.strip_prefix("obj=") {
            f.obj = Some(o.to_string());
        } else if let Some(c) = part.strip_prefix("ctx=") {
            f.context.push(c.to_string());
        } else {
            match part {
                "subj_victim" => f.subj_victim = true,
                "from_rcp" => f.from_rcp = true,
                "with_actor" => f.with_actor = true,
                "absorb" => f.absorb = true,
                "armed" => f.armed = true,
                "weak" => f.weak = true,
                "claim" => f.claim = true,
                "noobj" => f.noobj = true,
                "needs_arg" => f.needs_arg = true,
                "needs_actor" => f.needs_actor = true,
                "needs_custody" => f.needs_custody = true,
                "or_displace" => f.or_displace = true,
                "needs_blame" => f.needs_blame = true,
                "unarmed" => f.unarmed = true,
                "place_seize" => f.place_seize = true,
                "place_only" => f.place_only = true,
                "weapon_obj" => f.weapon_obj = true,
                "speaker_demand" => f.speaker_demand = true,
                "intrans" => f.intrans = true,
                "no_police" => f.no_police = true,
                other => problems.push(format!("triggers.tsv: unknown flag {other:?}")),
            }
        }
    }
    f
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Plural / third-person-singular form.
pub fn add_s(w: &str) -> String {
    if w.ends_with('s')
        || w.ends_with('x')
        || w.ends_with('z')
        || w.ends_with("ch")
        || w.ends_with("sh")
    {
        format!("{w}es")
    } else if w.len() > 1 && w.ends_with('y') && !w[..w.len() - 1].ends_with(|c: char| is_vowel(c))
    {
        format!("{}ies", &w[..w.len() - 1])
    } else {
        format!("{w}s")
    }
}

/// Short consonant-vowel-consonant stems double the final consonant ("stab" -> "stabbed").
fn doubles(w: &str) -> bool {
    let c: Vec<char> = w.chars().collect();
    let n = c.len();
    (3..=4).contains(&n)
        && !is_vowel(c[n - 1])
        && !matches!(c[n - 1], 'w' | 'x' | 'y')
        && is_vowel(c[n - 2])
        && !is_vowel(c[n - 3])
}

fn regular_past(w: &str) -> Vec<String> {
    let mut out = Vec::new();
    if w.ends_with('e') {
        out.push(format!("{w}d"));
    } else if w.len() > 1 && w.ends_with('y') && !w[..w.len() - 1].ends_with(|c: char| is_vowel(c))
    {
        out.push(format!("{}ied", &w[..w.len() - 1]));
    } else {
        out.push(format!("{w}ed"));
        if doubles(w) {
            let last = w.chars().last().unwrap_or('x');
            out.push(format!("{w}{last}ed"));
        }
    }
    out
}

fn ing(w: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(stem) = w.strip_suffix("ie") {
        out.push(format!("{stem}ying"));
    } else if w.ends_with('e') && !w.ends_with("ee") && w.len() > 2 {
        out.push(format!("{}ing", &w[..w.len() - 1]));
    } else {
        out.push(format!("{w}ing"));
        if doubles(w) {
            let last = w.chars().last().unwrap_or('x');
            out.push(format!("{w}{last}ing"));
        }
    }
    out
}

impl Lexicon {
    pub fn load() -> Lexicon {
        let mut irregular: HashMap<String, (String, String)> = HashMap::new();
        for line in IRREGULAR_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() >= 3 {
                irregular.insert(
                    cols[0].to_string(),
                    (cols[1].to_string(), cols[2].to_string()),
                );
            }
        }

        let mut lex = Lexicon {
            words: Words::embedded(),
            triggers: Vec::new(),
            forms: FxHashMap::default(),
            report: PhraseSet::default(),
            neg: PhraseSet::default(),
            fut: PhraseSet::default(),
            hyp: PhraseSet::default(),
            hist: PhraseSet::default(),
            weapon: PhraseSet::default(),
            qty: PhraseSet::default(),
            armed: PhraseSet::default(),
            custody: PhraseSet::default(),
            displacement: PhraseSet::default(),
            blame: PhraseSet::default(),
            nonpol: PhraseSet::default(),
            anaphor: PhraseSet::default(),
            problems: Vec::new(),
        };

        for line in TRIGGERS_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 3 {
                lex.problems
                    .push(format!("triggers.tsv: short row {line:?}"));
                continue;
            }
            let pos = match cols[1] {
                "v" => Pos::Verb,
                "n" => Pos::Noun,
                "x" => Pos::Fixed,
                other => {
                    lex.problems
                        .push(format!("triggers.tsv: unknown part of speech {other:?}"));
                    Pos::Fixed
                }
            };
            let Some(event_type) = EventType::parse(cols[2]) else {
                lex.problems
                    .push(format!("triggers.tsv: unknown type {:?}", cols[2]));
                continue;
            };
            let mode = cols
                .get(3)
                .map(|m| m.trim())
                .filter(|m| !m.is_empty())
                .map(str::to_string);
            let flags = parse_flags(cols.get(4).copied().unwrap_or(""), &mut lex.problems);
            lex.add_trigger(
                Trigger {
                    pattern: cols[0].to_string(),
                    pos,
                    event_type,
                    mode,
                    flags,
                    origin: Origin::Curated,
                    object: Vec::new(),
                },
                &irregular,
            );
        }

        // CAMEO-derived verbs: rows are already inflected surface forms.
        let curated_first: FxHashSet<String> = lex.forms.keys().cloned().collect();
        for line in CAMEO_TSV.lines().skip(1) {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 5 {
                continue;
            }
            let Some(event_type) = EventType::parse(cols[3]) else {
                continue;
            };
            // Curated entries own their verbs completely.
            match cols[0].split_whitespace().next() {
                Some(first) if !curated_first.contains(first) => {}
                _ => continue,
            }
            let words: Vec<String> = cols[0].split_whitespace().map(str::to_string).collect();
            let Some(first) = words.first() else { continue };
            let object: Vec<String> = cols[1].split_whitespace().map(str::to_string).collect();
            let mode = Some(cols[4].trim())
                .filter(|m| !m.is_empty())
                .map(str::to_string);
            let context: Vec<String> = cols
                .get(5)
                .map(|c| {
                    c.split([',', ' ', ';'])
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let participle = first.ends_with("ed") || first.ends_with("en");
            let ing = first.ends_with("ing");
            let idx = lex.triggers.len();
            lex.triggers.push(Trigger {
                pattern: cols[0].to_string(),
                pos: Pos::Verb,
                event_type,
                mode,
                flags: Flags {
                    weak: true,
                    absorb: false,
                    context,
                    ..Flags::default()
                },
                origin: Origin::Cameo,
                object,
            });
            let form = Form {
                words,
                trigger: idx,
                participle,
                ing,
            };
            match lex.forms.get_mut(form.words[0].as_str()) {
                Some(v) => v.push(form),
                None => {
                    lex.forms.insert(form.words[0].clone(), vec![form]);
                }
            }
        }
        for forms in lex.forms.values_mut() {
            forms.sort_by_key(|f| std::cmp::Reverse(f.words.len()));
        }

        for line in CUES_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 2 {
                continue;
            }
            let value = cols.get(2).copied().unwrap_or("");
            let set = match cols[0] {
                "report" => &mut lex.report,
                "neg" => &mut lex.neg,
                "fut" => &mut lex.fut,
                "hyp" => &mut lex.hyp,
                "hist" => &mut lex.hist,
                "weapon" => &mut lex.weapon,
                "qty" => &mut lex.qty,
                "armed" => &mut lex.armed,
                "custody" => &mut lex.custody,
                "blame" => &mut lex.blame,
                "nonpol" => &mut lex.nonpol,
                "anaphor" => &mut lex.anaphor,
                "displacement" => &mut lex.displacement,
                other => {
                    lex.problems
                        .push(format!("cues.tsv: unknown category {other:?}"));
                    continue;
                }
            };
            set.insert(cols[1], value);
        }
        lex
    }

    fn add_trigger(&mut self, t: Trigger, irregular: &HashMap<String, (String, String)>) {
        let idx = self.triggers.len();
        let words: Vec<String> = t.pattern.split_whitespace().map(str::to_string).collect();
        if words.is_empty() {
            return;
        }
        let mut variants: Vec<(Vec<String>, bool, bool)> = Vec::new();
        match t.pos {
            Pos::Verb => {
                // The verb is the first word, or the second after an adverb ("sexually
                // assault").
                let adverb = words[0].ends_with("ly")
                    && !matches!(
                        words[0].as_str(),
                        "ally" | "apply" | "comply" | "fly" | "rally" | "reply" | "rely" | "supply"
                    );
                let vi = usize::from(words.len() > 1 && adverb);
                let base = &words[vi];
                let mut push = |verb: String, participle: bool, ing: bool| {
                    let mut w = words.clone();
                    w[vi] = verb;
                    variants.push((w, participle, ing));
                };
                push(base.clone(), false, false);
                push(add_s(base), false, false);
                if let Some((past, pp)) = irregular.get(base) {
                    push(past.clone(), past == pp, false);
                    if pp != past {
                        push(pp.clone(), true, false);
                    }
                } else {
                    for p in regular_past(base) {
                        push(p, true, false);
                    }
                }
                for g in ing(base) {
                    push(g, false, true);
                }
            }
            Pos::Noun => {
                variants.push((words.clone(), false, false));
                let mut pl = words.clone();
                if let Some(last) = pl.last_mut() {
                    *last = add_s(last);
                }
                variants.push((pl, false, false));
            }
            Pos::Fixed => variants.push((words.clone(), false, false)),
        }
        self.triggers.push(t);
        for (w, participle, ing) in variants {
            let first = w[0].clone();
            self.forms.entry(first).or_default().push(Form {
                words: w,
                trigger: idx,
                participle,
                ing,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_triggers_and_cues_have_no_unknown_rows() {
        let lex = Lexicon::load();
        assert!(lex.problems.is_empty(), "{:#?}", lex.problems);
        let mut problems = Vec::new();
        parse_flags("q=killed,armed,nosuchflag", &mut problems);
        assert_eq!(problems.len(), 1, "{problems:?}");
    }

    #[test]
    fn inflects_verbs() {
        assert_eq!(add_s("clash"), "clashes");
        assert_eq!(add_s("ally"), "allies");
        assert_eq!(regular_past("stab"), vec!["stabed", "stabbed"]);
        assert_eq!(regular_past("seize"), vec!["seized"]);
        assert_eq!(ing("die"), vec!["dying"]);
        assert_eq!(ing("seize"), vec!["seizing"]);
    }

    #[test]
    fn loads_all_files() {
        let lex = Lexicon::load();
        assert!(lex.triggers.len() > 300);
        assert!(lex.forms.contains_key("killed"));
        assert!(lex.forms.contains_key("withdrew"));
        assert!(lex.forms.contains_key("took"));
        assert!(lex.report.match_at(&["said"], 0).is_some());
    }

    #[test]
    fn an_adverb_before_the_verb_is_not_inflected() {
        let lex = Lexicon::load();
        let forms = lex
            .forms
            .get("sexually")
            .expect("indexed by its first word");
        let sexual = |w: &str| forms.iter().any(|f| f.words.iter().any(|x| x == w));
        assert!(sexual("assaulted"));
        assert!(!sexual("sexuallied"));
    }
}
