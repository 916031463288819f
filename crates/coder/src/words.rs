//! The coder's word sets: one typed loader for `data/coder/words.tsv`.
//!
//! Each set of the file is a named field of [`Words`] (the `word_sets!` list below), so a
//! misspelt set name in code does not compile, and one in the data file is a load error, as is
//! a set the code expects but the file does not fill.

use sitrep_text::fxhash::FxHashSet;
use sitrep_text::{parse_word_sets, WordListError};

const WORDS_TSV: &str = include_str!("../../../data/coder/words.tsv");

/// A set of folded lowercase words.
#[derive(Debug, Default, Clone)]
pub struct WordSet(FxHashSet<String>);

impl WordSet {
    pub fn contains(&self, w: &str) -> bool {
        self.0.contains(w)
    }

    /// Whether any of `words` is in the set.
    pub fn any<S: AsRef<str>>(&self, words: &[S]) -> bool {
        words.iter().any(|w| self.0.contains(w.as_ref()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

macro_rules! word_sets {
    ($($(#[$doc:meta])* $field:ident = $name:literal;)*) => {
        /// The word sets of `data/coder/words.tsv`, one field per set.
        #[derive(Debug, Default, Clone)]
        pub struct Words {
            $($(#[$doc])* pub $field: WordSet,)*
        }

        impl Words {
            /// The names of the sets, as written in the data file.
            pub const NAMES: &'static [&'static str] = &[$($name),*];

            /// Parses `set<TAB>word` lines ([`sitrep_text::parse_word_sets`]: `#` comments and
            /// blank lines skipped; an unknown set, a malformed line, a word that is not one
            /// word and an empty set are errors naming the line).
            pub fn parse(tsv: &str) -> Result<Words, WordListError> {
                let mut w = Words::default();
                parse_word_sets("data/coder/words.tsv", tsv, Self::NAMES, |e| {
                    if e.value.is_some() {
                        return Err("want set<TAB>word, no value".into());
                    }
                    if e.word.contains(char::is_whitespace) {
                        return Err(format!("{:?} is not one word", e.word));
                    }
                    let target = match e.name {
                        $($name => &mut w.$field,)*
                        other => return Err(format!("set {other:?} has no field")),
                    };
                    target.0.insert(e.word.to_string());
                    Ok(())
                })?;
                Ok(w)
            }
        }
    };
}

word_sets! {
    /// Prepositions: a mention right after one is not a subject.
    preps = "preps";
    /// Locative prepositions: a country or capital after one is a place, not an actor.
    loc_preps = "loc-preps";
    /// Forms of "be" and "get": a participle after one is passive.
    be = "be";
    /// Adverbs and auxiliaries skipped when looking left of a verb for its subject or auxiliary.
    skippable = "skippable";
    /// Determiners and quantifiers skipped before a noun.
    determiners = "determiners";
    /// Verbs whose object noun names the event ("launched an offensive", "announced a truce").
    light_verbs = "light-verbs";
    /// Subordinating conjunctions that open an adverbial clause: a place in a segment they open
    /// is that clause's.
    clause_openers = "clause-openers";
    /// Nouns of a border area ("Mexico's northern border").
    border_nouns = "border-nouns";
    /// Words that open a relative clause.
    relative_openers = "relative-openers";
    /// Nouns of places: a seizure verb with one as object takes territory ("captured the town").
    place_nouns = "place-nouns";
    /// Singular people nouns that can be victims without a number ("lynched a man").
    person_nouns = "person-nouns";
    /// Explosive ordnance that security forces clear, defuse or destroy.
    ordnance = "ordnance";
    /// Verbs of clearing ordnance: an explosive noun after them is not an attack.
    disposal_verbs = "disposal-verbs";
    /// Weapons: as the object of a seizure, the event is disrupted weapons use.
    weapon_nouns = "weapon-nouns";
    /// Agreements: "sign" and similar verbs are AGREE only with one as object.
    agreement_nouns = "agreement-nouns";
    /// Aid: "provide", "send" and similar verbs are AID only with one as object.
    aid_nouns = "aid-nouns";
    /// Restrictions: "impose", "lift" and similar verbs code only with one as object.
    restriction_nouns = "restriction-nouns";
    /// Relations: "cut", "suspend", "restore" and similar verbs code only with one as object.
    relation_nouns = "relation-nouns";
    /// Bases: "set up", "establish" and similar verbs code only with one as object.
    base_nouns = "base-nouns";
    /// Armed formations whose creation ACLED codes as a change to a group's activity.
    unit_nouns = "unit-nouns";
    /// Battle words: an attack with them is an ACLED "Armed clash".
    acled_battle_words = "acled-battle-words";
    /// Places and people that are security forces: attacking them is fighting them.
    acled_security_targets = "acled-security-targets";
    /// Victims: an attack with them is ACLED "Attack" (violence against civilians).
    acled_victim_words = "acled-victim-words";
    /// Place nouns: a withdrawal or seizure with them concerns territory.
    acled_place_words = "acled-place-words";
    /// Intervention words: a protest with them is "Protest with intervention".
    acled_intervention = "acled-intervention";
    /// Lethal words: destruction with them is not mere property destruction.
    acled_lethal = "acled-lethal";
    /// Force against demonstrators that ACLED codes as excessive: lethal, or causing serious injury, or live ammunition.
    acled_severe_force = "acled-severe-force";
    /// Words that make a territorial change violent (fighting, bombardment, casualties).
    acled_violent_takeover = "acled-violent-takeover";
    /// Cues that a side left before the other took over: ACLED's non-violent transfer.
    acled_unopposed = "acled-unopposed";
    /// Cues that a withdrawal handed a place to someone (else it is a change of activity).
    acled_transfer = "acled-transfer";
    /// Riot words: a protest with them is a "Violent demonstration".
    acled_riot = "acled-riot";
    /// Mob words: violence with them is "Mob violence".
    acled_mob = "acled-mob";
    /// Conflict words: an agreement about them is ACLED "Agreement".
    acled_conflict_agree = "acled-conflict-agree";
    /// Weapons: a seizure of them is "Disrupted weapons use".
    acled_weapons = "acled-weapons";
    /// Grenade words: an explosives attack with them is ACLED "Grenade".
    acled_grenade = "acled-grenade";
    /// Dispersing words: restricting a crowd with them is the policing of a demonstration.
    acled_disperse = "acled-disperse";
    /// Arrest words: a seizure with them is ACLED "Arrests".
    acled_arrest = "acled-arrest";
    /// Looting words: a seizure with them is ACLED "Looting/property destruction".
    acled_looting = "acled-looting";
    /// Words of an armed break-out: an escape with them is ACLED "Armed clash".
    acled_breakout = "acled-breakout";
    /// Peace-process words: talks about them are ACLED "Agreement".
    acled_peace_talks = "acled-peace-talks";
    /// Security forces: severe force by them against protesters is "Excessive force against protesters".
    acled_security_forces = "acled-security-forces";
    /// Bases: establishing one is ACLED "Headquarters or base established".
    acled_base = "acled-base";
    /// Verbs of establishing a base.
    acled_establish = "acled-establish";
    /// Troop words: a mobilisation with them is ACLED "Change to group/activity".
    acled_troops = "acled-troops";
    /// Modal auxiliaries (lemmas) that put their clause in the future.
    modal_future = "modal-future";
    /// Modal auxiliaries (lemmas) of possibility and obligation: the clause asserts no event.
    modal_hypothetical = "modal-hypothetical";
    /// Verbs and adjectives (lemmas) whose "to"-complement is intended, planned, asked for or
    /// announced, not done.
    governor_future = "governor-future";
    /// Verbs (lemmas) whose "to"-complement or object did not happen.
    governor_negative = "governor-negative";
    /// Subordinating markers that make their clause a condition or a question.
    conditional_markers = "conditional-markers";
    /// Nouns (lemmas) whose "to"-complement is a plan, a demand or an ability.
    plan_nouns = "plan-nouns";
    /// Adverbs (lemmas) that make a clause habitual or background.
    habitual_adverbs = "habitual-adverbs";
    /// Verbs (lemmas) whose object names an event without presenting it as a happening.
    noun_object_unasserted = "noun-object-unasserted";
    /// Nouns (lemmas) of documents and statements ("released a report" is publishing).
    document_nouns = "document-nouns";
    /// Event types that describe a relation when their verb is a participle modifying a noun.
    descriptive_types = "descriptive-types";
    /// Prepositions before an event noun that name an event not (yet) happened.
    non_event_cases = "non-event-cases";
    /// Nouns (lemmas) of measure and succession ("days of fighting", "a wave of arrests").
    measure_nouns = "measure-nouns";
    /// Case markers that present an event noun as something that happened.
    event_cases = "event-cases";
    /// Framing cue: leaving a place ("abandoned", "withdrew", "pulled+out").
    leaving_cues = "leaving-cues";
    /// Framing cue: contesting another account ("denied", "blamed", "however").
    contrary_cues = "contrary-cues";
    /// Framing cue: a ceasefire or truce.
    ceasefire_cues = "ceasefire-cues";
    /// Phrases after a number of people still free after an escape ("at+large", "the+run").
    at_large_cues = "at-large-cues";
    /// Nouns of a death toll ("toll"): with a [`Words::toll_verbs`] verb, its new value.
    toll_nouns = "toll-nouns";
    /// Verbs that give a toll's new value ("rose", "climbed", "stood").
    toll_verbs = "toll-verbs";
    /// Prepositions of a destination: a place after one is not a seized place.
    destination_preps = "destination-preps";
    /// Perfect auxiliaries ("have", "has", "had").
    perfect_aux = "perfect-aux";
    /// Words of people who escaped custody ("escapees", "fugitives", "escaped"): finding or
    /// catching them is a recapture.
    escapee_words = "escapee-words";
    /// Words of a whole group ("all"): "all of them have been recaptured" counts everyone
    /// who escaped.
    totality_words = "totality-words";
    /// Words that may follow "all" in a group of escapees ("all of them", "all the
    /// remaining"), besides escapee and custody words.
    totality_fillers = "totality-fillers";
    /// Relative pronouns: an auxiliary right after one is the relative clause's, not the
    /// verb group of a partitive ("12 of the 40 inmates who had escaped were caught").
    relative_pronouns = "relative-pronouns";
    /// Adjectives (lemmas) that put an event noun in the future ("future negotiations").
    future_modifiers = "future-modifiers";
    /// Adjectives (lemmas) that make an event noun a possibility ("a possible attack").
    hypothetical_modifiers = "hypothetical-modifiers";
    /// Nouns (lemmas) of risk: an event in their "of" complement has not happened.
    risk_nouns = "risk-nouns";
    /// Buildings: a siege of one is an armed assault on the people inside ("hotel siege").
    building_nouns = "building-nouns";
    /// Subordinating markers ("from", "without", "instead of") whose clause did not happen.
    negating_markers = "negating-markers";
    /// Words of a journalist's request for comment ("declined to comment"): no verbal event.
    press_inquiry_words = "press-inquiry-words";
    /// Determiners with which an event noun re-mentions an event ("that warning").
    anaphoric_determiners = "anaphoric-determiners";
    /// Adjectives (lemmas) whose "to"-clause is a possibility or a need ("difficult to deploy").
    irrealis_adjectives = "irrealis-adjectives";
    /// Prepositions of a limit: a date after one is a deadline ("until April 2").
    deadline_preps = "deadline-preps";
    /// First-person pronouns: in a speaker's reported words they stand for the speaker.
    first_person = "first-person";
    /// Nouns (lemmas) of something said: rejecting one answers its author.
    said_nouns = "said-nouns";
    /// Words that open an embedded question ("asked whether ...").
    question_words = "question-words";
    /// Nouns (lemmas) of long spans: "for years" makes a clause a state of affairs.
    duration_nouns = "duration-nouns";
}

impl Words {
    /// The bundled word sets (built and tested with the crate: an error here is a build defect).
    pub fn embedded() -> Words {
        Words::parse(WORDS_TSV).unwrap_or_else(|e| panic!("embedded word sets are corrupt: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_word_sets_parse_and_fill_every_set() {
        let w = Words::parse(WORDS_TSV).expect("words.tsv parses");
        assert!(w.preps.contains("from"));
        assert!(w.acled_grenade.contains("grenades"));
        assert!(Words::NAMES.len() > 30);
    }

    #[test]
    fn unknown_set_malformed_line_and_empty_set_are_errors() {
        let all: String = Words::NAMES.iter().map(|n| format!("{n}\tx\n")).collect();
        assert!(Words::parse(&all).is_ok());
        let e = Words::parse(&format!("{all}nosuchset\tword\n")).unwrap_err();
        assert!(matches!(e, WordListError::UnknownSet { .. }), "{e}");
        assert_eq!(e.line(), Some(Words::NAMES.len() + 1));
        let e = Words::parse(&format!("{all}preps two words\n")).unwrap_err();
        assert!(e.to_string().contains("set<TAB>word"), "{e}");
        let e = Words::parse(&format!("{all}preps\ttwo words\n")).unwrap_err();
        assert!(e.to_string().contains("not one word"), "{e}");
        let e = Words::parse(&format!("{all}preps\ttwo\twords\n")).unwrap_err();
        assert!(e.to_string().contains("no value"), "{e}");
        let missing: String = Words::NAMES[1..]
            .iter()
            .map(|n| format!("{n}\tx\n"))
            .collect();
        let e = Words::parse(&missing).unwrap_err();
        assert_eq!(
            e.to_string(),
            "data/coder/words.tsv: set \"preps\" is empty"
        );
    }
}
