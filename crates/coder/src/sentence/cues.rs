//! Framing cues of an event's clause (`Event::cues`): leaving a place, contesting another
//! account, a ceasefire. The words are the `*-cues` sets of `data/coder/words.tsv`; a `+`
//! joins the words of a phrase ("pulled+out"), which also match with a hyphen between them.

use crate::words::{WordSet, Words};
use sitrep_model::Cue;

/// Whether the folded words hold a word or phrase of `set`.
pub(super) fn holds(set: &WordSet, words: &[&str]) -> bool {
    // One buffer for the phrase keys of the whole clause.
    let mut key = String::with_capacity(32);
    words.iter().enumerate().any(|(i, w)| {
        if set.contains(w) {
            return true;
        }
        let next = match words.get(i + 1) {
            Some(&"-") => words.get(i + 2),
            n => n,
        };
        next.is_some_and(|n| {
            key.clear();
            key.push_str(w);
            key.push('+');
            key.push_str(n);
            set.contains(&key)
        })
    })
}

/// The cues of the clause whose folded words are `words`, in [`Cue`] order.
pub(super) fn cues_of(ws: &Words, words: &[&str]) -> Vec<Cue> {
    let mut out = Vec::new();
    for (cue, set) in [
        (Cue::Leaving, &ws.leaving_cues),
        (Cue::Contrary, &ws.contrary_cues),
        (Cue::Ceasefire, &ws.ceasefire_cues),
    ] {
        if holds(set, words) {
            out.push(cue);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(s: &str) -> Vec<Cue> {
        let ws = Words::embedded();
        let words: Vec<&str> = s.split(' ').collect();
        cues_of(&ws, &words)
    }

    #[test]
    fn phrases_and_single_words() {
        assert_eq!(cues("the sdf pulled out of the camp"), vec![Cue::Leaving]);
        assert_eq!(cues("troops handed - over the town"), vec![Cue::Leaving]);
        assert_eq!(
            cues("officials accused the sdf of having abandoned the camp"),
            vec![Cue::Leaving, Cue::Contrary]
        );
        assert_eq!(cues("a cease fire took hold"), vec![Cue::Ceasefire]);
        assert_eq!(cues("the truce was announced"), vec![Cue::Ceasefire]);
        assert!(cues("gunmen attacked the prison").is_empty());
        // "handed out" is no leaving.
        assert!(cues("they handed out food").is_empty());
    }
}
