//! Names of the lexicon found without looking at capitals, with the capitals they are
//! written with: what a recaser needs to restore the names of text written without normal
//! capitalisation (all lower or all upper case).

use crate::{ActorLexicon, CaseMode, Kind, Span};

/// What kind of name a [`NameForm`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// A country name or capital ("syria", "damascus").
    Country,
    /// A demonym or a capitalised identity modifier ("syrians", "kurdish").
    Demonym,
    /// An acronym written in capitals ("sdf", "u.s.").
    Acronym,
    /// Any other name (organisations, groups, people).
    Other,
}

/// A name of the lexicon in the text, matched whatever its capitals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameForm {
    pub span: Span,
    /// The text of `span` with the capitals of the name ("syrian democratic forces" ->
    /// "Syrian Democratic Forces", "sdf" -> "SDF"); same length as the span.
    pub form: String,
    /// Number of words of the name.
    pub words: usize,
    pub kind: NameKind,
}

impl ActorLexicon {
    /// The names (aliases that want capitals: acronyms and proper names) inside `within`,
    /// matched without regard to case, leftmost-longest and non-overlapping. Generic agents
    /// ("troops") and lower-case modifiers ("tribal") are not names. The caller decides which ones to believe: a name that is
    /// also a common word ("us", "may") needs other evidence.
    pub fn name_forms(&self, text: &str, within: Span) -> Vec<NameForm> {
        let Some((_, _, pieces)) = self.scan(text, within, |en, _| {
            en.case != CaseMode::Any && en.kind != Kind::Pronoun
        }) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for p in pieces {
            let (Some(en), Some(surface)) = (self.entry(p.entry), text.get(p.start..p.end)) else {
                continue;
            };
            let (s, e) = (p.start, p.end);
            let kind = match en.kind {
                _ if en.case == CaseMode::Exact => NameKind::Acronym,
                Kind::CountryName | Kind::Capital => NameKind::Country,
                Kind::Demonym | Kind::DemonymPlural | Kind::Modifier => NameKind::Demonym,
                _ => NameKind::Other,
            };
            out.push(NameForm {
                span: Span::new(s, e),
                form: cased_like(surface, &en.alias, en.case),
                words: surface.split([' ', '-']).filter(|w| !w.is_empty()).count(),
                kind,
            });
        }
        out
    }
}

/// `surface` with the capitals of `alias`: copied letter by letter when the alias is written
/// in mixed case and lines up with the surface; all capitals for an acronym; else each
/// word capitalised except short joining words ("of", "the", "al").
fn cased_like(surface: &str, alias: &str, case: CaseMode) -> String {
    let a = alias.as_bytes();
    let mut out = surface.as_bytes().to_vec();
    let mixed = a.iter().any(u8::is_ascii_lowercase) && a.iter().any(u8::is_ascii_uppercase);
    if case == CaseMode::Exact {
        out.make_ascii_uppercase();
    } else if mixed && a.len() == out.len() {
        for (o, x) in out.iter_mut().zip(a) {
            if x.is_ascii_uppercase() {
                o.make_ascii_uppercase();
            } else if x.is_ascii_lowercase() {
                o.make_ascii_lowercase();
            }
        }
    } else {
        out.make_ascii_lowercase();
        let in_word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80 || b == b'\'';
        let mut i = 0;
        let mut first = true;
        while i < out.len() {
            if !in_word(out[i]) {
                i += 1;
                continue;
            }
            let j = (i..out.len())
                .find(|&k| !in_word(out[k]))
                .unwrap_or(out.len());
            let small = matches!(
                out.get(i..j).unwrap_or_default(),
                b"of"
                    | b"the"
                    | b"and"
                    | b"for"
                    | b"in"
                    | b"on"
                    | b"al"
                    | b"el"
                    | b"de"
                    | b"bin"
                    | b"ibn"
            );
            if first || !small {
                out[i].make_ascii_uppercase();
            }
            first = false;
            i = j;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| surface.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(text: &str) -> Vec<(String, usize, NameKind)> {
        ActorLexicon::embedded()
            .name_forms(text, Span::new(0, text.len()))
            .into_iter()
            .map(|n| (n.form, n.words, n.kind))
            .collect()
    }

    #[test]
    fn names_keep_offsets_and_take_their_capitals() {
        let t = "the syrian democratic forces (sdf) and al-qaeda fought troops near damascus.";
        let f = ActorLexicon::embedded().name_forms(t, Span::new(0, t.len()));
        for n in &f {
            assert_eq!(n.form.len(), n.span.len());
            assert!(n.form.eq_ignore_ascii_case(n.span.slice(t).unwrap()));
        }
        let got = forms(t);
        let has = |s: &str| got.iter().any(|g| g.0 == s);
        assert!(has("Syrian Democratic Forces"), "{got:?}");
        assert!(has("SDF"), "{got:?}");
        assert!(has("al-Qaeda"), "{got:?}");
        assert!(got
            .iter()
            .any(|g| g.0 == "Damascus" && g.2 == NameKind::Country));
        assert!(!got.iter().any(|g| g.0.eq_ignore_ascii_case("troops")));
        // Upper-case text gets the same capitals.
        let u = t.to_ascii_uppercase();
        assert_eq!(forms(&u), got);
    }

    #[test]
    fn casing_rules() {
        assert_eq!(cased_like("sdf", "SDF", CaseMode::Exact), "SDF");
        assert_eq!(
            cased_like("al-qaeda", "al-Qaeda", CaseMode::Proper),
            "al-Qaeda"
        );
        assert_eq!(
            cased_like(
                "ministry of interior",
                "MINISTRY OF INTERIOR",
                CaseMode::Proper
            ),
            "Ministry of Interior"
        );
        assert_eq!(
            cased_like("bashar al-assad", "BASHAR AL ASSAD", CaseMode::Proper),
            "Bashar al-Assad"
        );
        assert_eq!(
            cased_like("ürümqi city", "ÜRÜMQI CITY", CaseMode::Proper),
            "ürümqi City"
        );
    }
}
