//! Lemmatiser: learned suffix rules per PTB tag, plus a table of the (form, tag) pairs of the
//! training data that the rules get wrong (irregular verbs and nouns, clitics, ...).

use std::collections::HashMap;

use crate::hash::{f2, hash_str};
use crate::types::Xpos;
use crate::weights::IdMap;

/// Longest suffix (in characters) a rule looks at.
pub const MAX_SUFFIX: usize = 6;

/// Turns a base form into a lemma: drop `strip` characters, then append `append`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Edit {
    pub strip: u8,
    pub append: String,
}

impl Edit {
    /// The edit that turns `base` into `lemma`.
    pub fn between(base: &str, lemma: &str) -> Edit {
        let common = base
            .chars()
            .zip(lemma.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let n = base.chars().count();
        Edit {
            strip: (n - common).min(255) as u8,
            append: lemma.chars().skip(common).collect(),
        }
    }

    /// Applies the edit, `None` if it strips more than the word has.
    pub fn apply(&self, base: &str) -> Option<String> {
        let n = base.chars().count();
        let keep = n.checked_sub(self.strip as usize)?;
        let end = base.char_indices().nth(keep).map_or(base.len(), |(i, _)| i);
        let mut s = String::with_capacity(end + self.append.len());
        s.push_str(&base[..end]);
        s.push_str(&self.append);
        Some(s)
    }
}

#[derive(Clone, Debug, Default)]
pub struct Lemmatizer {
    pub edits: Vec<Edit>,
    /// `f2(8, hash(base), tag)` -> edit.
    pub exceptions: IdMap<u32>,
    /// `f2(9, hash(suffix), tag)` -> edit.
    pub rules: IdMap<u32>,
}

/// The form the lemma is derived from: proper nouns keep their case, other words are
/// lower-cased.
pub fn base_form(form: &str, xpos: Xpos) -> String {
    if matches!(xpos, Xpos::Nnp | Xpos::Nnps) {
        form.to_string()
    } else {
        form.to_lowercase()
    }
}

fn suffix(base: &str, k: usize) -> Option<&str> {
    let n = base.chars().count();
    if k > n {
        return None;
    }
    let start = base
        .char_indices()
        .nth(n - k)
        .map_or(base.len(), |(i, _)| i);
    Some(&base[start..])
}

impl Lemmatizer {
    /// The edit the suffix rules give for `base` (identity if none).
    fn rule_edit(&self, base: &str, xpos: Xpos, max_k: usize) -> Option<u32> {
        let t = u64::from(xpos.code());
        for k in (1..=max_k.min(MAX_SUFFIX)).rev() {
            let Some(s) = suffix(base, k) else {
                continue;
            };
            if let Some(&e) = self.rules.get(&f2(9, hash_str(s), t)) {
                return Some(e);
            }
        }
        None
    }

    pub fn lemma(&self, form: &str, xpos: Xpos) -> String {
        // EWT writes numbers without thousands separators: "1,200" -> "1200"
        if xpos == Xpos::Cd
            && form.contains(',')
            && form
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
            && form.starts_with(|c: char| c.is_ascii_digit())
        {
            return form.replace(',', "");
        }
        let base = base_form(form, xpos);
        let t = u64::from(xpos.code());
        if let Some(edit) = self
            .exceptions
            .get(&f2(8, hash_str(&base), t))
            .and_then(|&e| self.edits.get(e as usize))
        {
            return edit.apply(&base).unwrap_or(base);
        }
        match self
            .rule_edit(&base, xpos, MAX_SUFFIX)
            .and_then(|e| self.edits.get(e as usize))
        {
            // a suffix rule must leave a word with a vowel ("string" mistagged as VBG keeps
            // its form rather than become "str")
            Some(edit) => match edit.apply(&base) {
                Some(l)
                    if l.chars()
                        .any(|c| "aeiouyAEIOUY".contains(c) || !c.is_ascii()) =>
                {
                    l
                }
                // a vowelless word ("Dr", "St") may take the rule, unless it would empty it
                // (a lone "S" read as a plural)
                Some(l) if !l.is_empty() && !base.chars().any(|c| "aeiouyAEIOUY".contains(c)) => l,
                _ => base,
            },
            None => base,
        }
    }

    /// Learns rules and exceptions from `(form, tag, lemma)` triples (tokens of a treebank).
    pub fn train<'a>(tokens: impl Iterator<Item = (&'a str, Xpos, &'a str)>) -> Lemmatizer {
        // (base, tag) -> edit counts
        let mut types: HashMap<(String, Xpos), HashMap<Edit, usize>> = HashMap::new();
        for (form, xpos, lemma) in tokens {
            let base = base_form(form, xpos);
            let edit = Edit::between(&base, lemma);
            *types
                .entry((base, xpos))
                .or_default()
                .entry(edit)
                .or_default() += 1;
        }
        let majority = |m: &HashMap<Edit, usize>| -> Edit {
            let mut v: Vec<(&Edit, &usize)> = m.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            v[0].0.clone()
        };
        let mut typed: Vec<((String, Xpos), Edit)> = types
            .iter()
            .map(|(k, m)| (k.clone(), majority(m)))
            .collect();
        typed.sort();
        let mut lem = Lemmatizer::default();
        let mut edit_ids: HashMap<Edit, u32> = HashMap::new();
        let mut intern = |lem: &mut Lemmatizer, e: &Edit| -> u32 {
            *edit_ids.entry(e.clone()).or_insert_with(|| {
                lem.edits.push(e.clone());
                (lem.edits.len() - 1) as u32
            })
        };
        let identity = Edit {
            strip: 0,
            append: String::new(),
        };
        intern(&mut lem, &identity);
        // suffix rules, shortest first, kept when they change what shorter rules say
        for k in 1..=MAX_SUFFIX {
            let mut counts: HashMap<(String, Xpos), HashMap<Edit, usize>> = HashMap::new();
            for ((base, xpos), edit) in &typed {
                if edit.strip as usize > k {
                    continue;
                }
                if let Some(s) = suffix(base, k) {
                    *counts
                        .entry((s.to_string(), *xpos))
                        .or_default()
                        .entry(edit.clone())
                        .or_default() += 1;
                }
            }
            let mut cands: Vec<((String, Xpos), Edit, usize)> = counts
                .iter()
                .map(|(key, m)| {
                    let e = majority(m);
                    let c = m[&e];
                    (key.clone(), e, c)
                })
                .filter(|c| c.2 >= 2)
                .collect();
            cands.sort();
            for ((s, xpos), e, _) in cands {
                let current = lem
                    .rule_edit(&s, xpos, k - 1)
                    .map_or(identity.clone(), |i| lem.edits[i as usize].clone());
                if current != e {
                    let id = intern(&mut lem, &e);
                    lem.rules
                        .insert(f2(9, hash_str(&s), u64::from(xpos.code())), id);
                }
            }
        }
        for ((base, xpos), edit) in &typed {
            let got = lem
                .rule_edit(base, *xpos, MAX_SUFFIX)
                .map_or(identity.clone(), |i| lem.edits[i as usize].clone());
            if got.apply(base) != edit.apply(base) {
                let id = intern(&mut lem, edit);
                lem.exceptions
                    .insert(f2(8, hash_str(base), u64::from(xpos.code())), id);
            }
        }
        lem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits() {
        let e = Edit::between("went", "go");
        assert_eq!(e.strip, 4);
        assert_eq!(e.apply("went").as_deref(), Some("go"));
        let e = Edit::between("attacked", "attack");
        assert_eq!(e.apply("shelled").as_deref(), Some("shell"));
        assert_eq!(e.apply("a"), None);
    }

    #[test]
    fn learns_rules_and_exceptions() {
        let data = [
            ("attacked", Xpos::Vbd, "attack"),
            ("killed", Xpos::Vbd, "kill"),
            ("shelled", Xpos::Vbd, "shell"),
            ("went", Xpos::Vbd, "go"),
            ("cities", Xpos::Nns, "city"),
            ("bodies", Xpos::Nns, "body"),
            ("troops", Xpos::Nns, "troop"),
            ("guns", Xpos::Nns, "gun"),
            ("Americans", Xpos::Nnps, "American"),
            ("Canadians", Xpos::Nnps, "Canadian"),
        ];
        let l = Lemmatizer::train(data.iter().map(|(a, b, c)| (*a, *b, *c)));
        assert_eq!(l.lemma("went", Xpos::Vbd), "go");
        assert_eq!(l.lemma("WENT", Xpos::Vbd), "go");
        assert_eq!(l.lemma("bombed", Xpos::Vbd), "bomb");
        assert_eq!(l.lemma("militias", Xpos::Nns), "militia");
        assert_eq!(l.lemma("parties", Xpos::Nns), "party");
        assert_eq!(l.lemma("Iraqis", Xpos::Nnps), "Iraqi");
        assert_eq!(l.lemma("Obama", Xpos::Nnp), "Obama");
        assert_eq!(l.lemma("1,200", Xpos::Cd), "1200");
        // a rule never leaves a word without a vowel
        assert_eq!(l.lemma("shed", Xpos::Vbd), "shed");
        assert_eq!(l.lemma("1st", Xpos::Vbd), "1st");
        assert_eq!(l.lemma("3.5", Xpos::Cd), "3.5");
    }
}
