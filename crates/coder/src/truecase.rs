//! Text without normal capitalisation (lower-cased archives, all-caps wires, all-caps
//! headlines and slugs over a normal body): the document is coded on a recased copy and the
//! events are given back the document's own text.
//!
//! Every recogniser of the coder reads capitals: the sentence splitter (a sentence starts with
//! one), the actor lexicon (proper names and acronyms must be capitalised), the gazetteer
//! (capitalised n-grams) and the coder's proper-noun heuristics. When the document's
//! [`Casing`] is not normal, its capitals carry no information, so they are put back where
//! edited prose would have them, from evidence that does not depend on case:
//!
//! 1. sentences are split for lower-case text ([`sitrep_text::sentences_with`]) and the
//!    first word of each is capitalised;
//! 2. words the tagger reads as proper nouns are capitalised (it was trained to tag
//!    lower-cased sentences too), and so are month and weekday names read as nouns or next
//!    to a number ("jan. 23", not the modal "may");
//! 3. names of the gazetteer made of nouns and adjectives, not all of them frequent English
//!    words ("hasakah", "deir ez-zor"), are capitalised;
//! 4. names of the actor lexicon get their own capitals ("syrian democratic forces" ->
//!    "Syrian Democratic Forces", "sdf" -> "SDF") when they are several words long, dotted
//!    acronyms, proper nouns to the tagger, countries read as nouns (not "male students"),
//!    demonyms, nouns that are not frequent English words, or acronyms that are no
//!    everyday word of the tagger's treebank ("sdf", not "car"; "us" and "may" stay as
//!    they are).
//!
//! Only ASCII letters change case, so every byte offset of the copy is an offset of the
//! document: spans need no mapping, and [`restore`] only re-reads the verbatim texts.

use crate::Coder;
use sitrep_lexicon::NameKind;
use sitrep_model::{Event, Span};
use sitrep_syntax::Upos;
use sitrep_text::Casing;

/// Longest gazetteer name (in words) looked for in lower-case text.
const MAX_PLACE_WORDS: usize = 3;

/// The text with the capitals of edited prose (same length, same offsets) when its capitals
/// carry no information: the whole text when it is all lower or all upper case, else its
/// all-caps lines (headlines, wire slugs); `None` when there is nothing to recase.
pub(crate) fn recase(c: &Coder, text: &str) -> Option<String> {
    let regions: Vec<Span> = match Casing::detect(text) {
        Casing::Normal => sitrep_text::paragraph_spans_with(text, Casing::Lower)
            .into_iter()
            .filter(|p| p.slice(text).map(Casing::detect) == Some(Casing::Upper))
            .collect(),
        _ => vec![Span::new(0, text.len())],
    };
    (!regions.is_empty()).then(|| truecase(c, text, &regions))
}

/// `text` with the capitals of edited prose inside `regions` (whole lines); all-caps regions
/// are lower-cased first, lower-case ones keep the capitals they have.
fn truecase(c: &Coder, text: &str, regions: &[Span]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for r in regions {
        if r.slice(text).map(Casing::detect) == Some(Casing::Upper) {
            if let Some(b) = bytes.get_mut(r.start..r.end) {
                b.make_ascii_lowercase();
            }
        }
    }
    let low = String::from_utf8(bytes).unwrap_or_else(|_| text.to_string());
    let mut out = low.clone().into_bytes();
    let mut j = 0; // regions and sentences are in text order
    for s in sitrep_text::sentences_with(&low, Casing::Lower) {
        while regions.get(j).is_some_and(|r| r.end < s.span.end) {
            j += 1;
        }
        if !regions.get(j).is_some_and(|r| r.contains(s.span)) {
            continue;
        }
        let Some(sent) = s.span.slice(&low) else {
            continue;
        };
        let spans: Vec<Span> = c
            .syntax
            .tokenize(sent)
            .into_iter()
            .map(|sp| sp.shift(s.span.start))
            .collect();
        let words: Vec<&str> = spans
            .iter()
            .map(|sp| sp.slice(&low).unwrap_or(""))
            .collect();
        let tags: Vec<Upos> = c.syntax.tag(&words).into_iter().map(|t| t.0).collect();
        for (sp, tag) in spans.iter().zip(&tags) {
            if *tag == Upos::Propn {
                capitalise_name(&mut out, &low, *sp);
            }
        }
        for (k, sp) in spans.iter().enumerate() {
            if calendar_name(&words, &tags, k) {
                capitalise_name(&mut out, &low, *sp);
            }
        }
        places(c, &low, &spans, &words, &tags, &mut out);
        for n in c.actors.name_forms(&low, s.span) {
            let text = n.span.slice(&low).unwrap_or("");
            let at = spans.iter().position(|sp| sp.start == n.span.start);
            let tag = at.and_then(|k| tags.get(k).copied());
            // after a determiner a pronoun or auxiliary is misread: "the who", "the us" (a
            // noun is not: "a car")
            let after_det = at
                .and_then(|k| k.checked_sub(1))
                .is_some_and(|k| tags.get(k) == Some(&Upos::Det));
            let nominal = matches!(tag, Some(Upos::Noun | Upos::Adj | Upos::Propn | Upos::X));
            let accept = n.words >= 2
                || (n.kind == NameKind::Acronym && text.contains('.'))
                || (n.kind == NameKind::Acronym && after_det && !nominal)
                || tag == Some(Upos::Propn)
                // a country is a noun, even to a tagger that reads "beijing" as a verb; not
                // an adjective ("male students")
                || (n.kind == NameKind::Country
                    && matches!(tag, Some(Upos::Noun | Upos::Verb | Upos::X)))
                || (n.kind == NameKind::Demonym && nominal)
                || (nominal && !c.gazetteer.is_common_word(text))
                // an acronym that is no everyday word of the treebank ("sdf", "isis"; not
                // "car" or "ice")
                || (n.kind == NameKind::Acronym
                    && nominal
                    && c.syntax
                        .dictionary_tag(text)
                        .is_none_or(|t| t.0 == Upos::Propn));
            if accept && n.form.len() == n.span.len() {
                if let Some(dst) = out.get_mut(n.span.start..n.span.end) {
                    dst.copy_from_slice(n.form.as_bytes());
                }
            }
        }
        // The sentence's first word (after any opening quote or bracket), unless it is a
        // name's particle ("al-Bab ...").
        let first_word = spans.iter().find(|sp| {
            sp.slice(&low)
                .is_some_and(|w| w.starts_with(|ch: char| ch.is_alphanumeric()))
        });
        if let Some(first) = first_word {
            let w = first.slice(&low).unwrap_or("");
            let particle = w
                .split_once('-')
                .is_some_and(|(p, _)| sitrep_text::is_name_particle(p));
            if !particle {
                if let Some(b) = out.get_mut(first.start) {
                    b.make_ascii_uppercase();
                }
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Capitalises the parts of a name: each hyphen-separated part but a particle ("al-bab" ->
/// "al-Bab", "ras al-ain" -> "Ras al-Ain").
fn capitalise_name(out: &mut [u8], low: &str, sp: Span) {
    let Some(word) = sp.slice(low) else { return };
    let mut at = sp.start;
    let parts: Vec<&str> = word.split('-').collect();
    for (k, part) in parts.iter().enumerate() {
        let particle = k + 1 < parts.len() && sitrep_text::is_name_particle(part);
        if !particle && part.starts_with(|c: char| c.is_ascii_alphabetic()) {
            if let Some(b) = out.get_mut(at) {
                b.make_ascii_uppercase();
            }
        }
        at += part.len() + 1;
    }
}

/// A month or weekday name read as a noun or next to a number ("jan. 23", "on monday"; not
/// the modal "may" or the verb "march").
fn calendar_name(words: &[&str], tags: &[Upos], k: usize) -> bool {
    let w = words.get(k).map_or("", |w| w.trim_end_matches('.'));
    let named = (w.len() >= 3 && sitrep_text::month_of(w).is_some())
        || sitrep_text::WEEKDAY_NAMES
            .iter()
            .any(|d| d.eq_ignore_ascii_case(w));
    let number = |j: Option<usize>| {
        j.and_then(|j| words.get(j))
            .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
    };
    named
        && (matches!(tags.get(k), Some(Upos::Propn | Upos::Noun))
            || number(k.checked_sub(1))
            || number(Some(k + 1)))
}

/// Step 3: gazetteer names of one to three nouns, adjectives or proper nouns, not all of
/// them frequent English words, longest first.
fn places(c: &Coder, low: &str, spans: &[Span], words: &[&str], tags: &[Upos], out: &mut [u8]) {
    let nominal = |k: usize| {
        matches!(
            tags.get(k),
            Some(Upos::Noun | Upos::Propn | Upos::Adj | Upos::X)
        ) && words
            .get(k)
            .is_some_and(|w| w.chars().any(|ch| ch.is_alphabetic()))
    };
    let mut k = 0;
    while k < spans.len() {
        let mut matched = 0;
        for len in (1..=MAX_PLACE_WORDS).rev() {
            if k + len > spans.len() || !(k..k + len).all(nominal) {
                continue;
            }
            if (k..k + len).all(|j| c.gazetteer.is_common_word(words[j])) {
                continue;
            }
            let Some(name) = low.get(spans[k].start..spans[k + len - 1].end) else {
                continue;
            };
            if !c.gazetteer.lookup(name).is_empty() {
                matched = len;
                break;
            }
        }
        if matched == 0 {
            k += 1;
            continue;
        }
        for sp in &spans[k..k + matched] {
            capitalise_name(out, low, *sp);
        }
        k += matched;
    }
}

/// Gives an event coded on the recased copy the verbatim texts of the document (offsets are
/// the same) and recomputes its id.
pub(crate) fn restore(text: &str, ev: &mut Event) {
    let verbatim = |sp: Option<Span>, t: &mut String| {
        if let Some(s) = sp.and_then(|sp| sp.slice(text)) {
            *t = s.to_string();
        }
    };
    let evidence = Span::new(ev.evidence.start, ev.evidence.end);
    verbatim(Some(evidence), &mut ev.evidence.text);
    for e in ev
        .actor
        .iter_mut()
        .chain(ev.recipient.iter_mut())
        .chain(ev.source.iter_mut())
    {
        verbatim(e.span, &mut e.text);
    }
    if let Some(l) = ev.location.as_mut() {
        verbatim(l.span, &mut l.text);
    }
    if let Some(d) = ev.date.as_mut() {
        verbatim(d.span, &mut d.text);
    }
    for q in ev.quantities.iter_mut() {
        verbatim(q.span, &mut q.text);
    }
    if let Some(t) = ev.trigger.as_mut() {
        let hay = ev.evidence.text.to_ascii_lowercase();
        if let Some(at) = hay.find(&t.to_ascii_lowercase()) {
            if let Some(orig) = ev.evidence.text.get(at..at + t.len()) {
                *t = orig.to_string();
            }
        }
    }
    ev.id = Event::compute_id(
        &ev.doc_id,
        ev.event_type,
        ev.mode.as_deref(),
        &ev.evidence,
        ev.trigger.as_deref(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recased(t: &str) -> String {
        recase(Coder::embedded(), t).unwrap_or_else(|| t.to_string())
    }

    #[test]
    fn all_caps_lines_of_a_normal_text() {
        let t = "WHO IS BEHIND THE ATTACK ON THE SDF PRISON\nGunmen attacked the prison in \
                 al-Shaddadi on Monday. Nobody is sure who did it, the SDF said.";
        let r = recased(t);
        assert!(r.starts_with("Who is behind the attack on the SDF "), "{r}");
        assert_eq!(r.get(43..), t.get(43..));
        assert_eq!(
            recase(
                Coder::embedded(),
                "Rebels attacked the town. Nobody was hurt."
            ),
            None
        );
    }

    #[test]
    fn capitals_come_back_at_the_same_offsets() {
        let t = "the syrian democratic forces (sdf) said on monday that islamic state fighters \
                 attacked the prison in hasakah. us officials said the u.s. military may help.";
        for text in [t.to_string(), t.to_ascii_uppercase()] {
            let r = recased(&text);
            assert_eq!(r.len(), text.len());
            assert!(r.eq_ignore_ascii_case(&text));
            for want in [
                "The Syrian Democratic Forces (SDF)",
                "Islamic State",
                "Hasakah",
                "U.S.",
                "Monday",
            ] {
                assert!(r.contains(want), "{want:?} in {r:?}");
            }
            assert!(
                r.contains(". Us officials") || r.contains(". US officials"),
                "{r}"
            );
            assert!(r.contains(" may help"), "{r}");
        }
    }

    #[test]
    fn quoted_sentences_and_adjectives() {
        let r = recased(
            "the army spoke. \"coordinated strikes killed 50 fighters,\" it said. \"male students were freed.\"",
        );
        assert!(r.contains("\"Coordinated strikes"), "{r}");
        assert!(r.contains("\"Male students"), "{r}");
        let r = recased("the minister urged beijing to help and met male students in kabul.");
        assert!(r.contains("urged Beijing"), "{r}");
        assert!(r.contains(" male students in Kabul"), "{r}");
    }

    #[test]
    fn acronyms_that_are_not_everyday_words() {
        let syntax = Coder::embedded().syntax;
        assert_eq!(syntax.dictionary_tag("the").map(|t| t.0), Some(Upos::Det));
        assert_eq!(syntax.dictionary_tag("sdf"), None);
        let r = recased("the kurdish-led sdf said a car bomb killed two people in raqqa.");
        assert!(r.contains("Kurdish-led SDF"), "{r}");
        assert!(r.contains(" a car bomb"), "{r}");
    }

    #[test]
    fn acronyms_after_a_determiner() {
        let r = recased("they told us the who and the un said it is ready. is fighters left.");
        assert!(
            r.contains("told us the WHO and the UN said it is ready."),
            "{r}"
        );
    }

    #[test]
    fn particles_stay_lower_case() {
        let mut out = b"al-bab".to_vec();
        capitalise_name(&mut out, "al-bab", Span::new(0, 6));
        assert_eq!(out, b"al-Bab");
    }
}
