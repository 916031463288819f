//! The readers and scorers never panic, whatever the input.

use proptest::prelude::*;
use sitrep_eval::gold::{score, GoldDoc};
use sitrep_eval::recase::Recase;
use sitrep_eval::testing::event;
use sitrep_eval::{case, petrarch, plover, text};
use sitrep_model::EventType;

const GOLD: &str = r#"{"document": {"id": "t"},
  "entities": {"A": {"aliases": ["alpha"], "country": ["XYZ"], "sectors": ["MIL"]}},
  "places": {"P": {"aliases": ["pville"], "lat": 1.0, "lon": 2.0, "radius_km": 10}},
  "events": [{"id": "e", "span": [0, 4], "types": ["ASSAULT"], "actor": "A", "location": "P"}],
  "optional": [{"span": [2, 6], "types": ["COERCE"]}],
  "historical": [{"span": [5, 6]}]}"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn readers_return_errors_not_panics(s in "\\PC{0,200}", bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let lossy = String::from_utf8_lossy(&bytes).into_owned();
        for input in [&s, &lossy] {
            let _ = case::parse_tsv(input, "x");
            let _ = plover::parse(input, "x");
            let _ = petrarch::parse(input, "x");
            let _ = petrarch::CameoMap::parse(input, "x");
            let _ = GoldDoc::from_json(input, input.clone(), "x");
            let _ = text::contains_word(input, "ab");
            let _ = text::contains_word("ab cd", input);
            let _ = text::char_to_byte(input, bytes.len());
        }
    }

    #[test]
    fn recasing_keeps_every_offset(s in "\\PC{0,200}") {
        for r in [Recase::Original, Recase::Lower, Recase::Upper] {
            let t = r.apply(&s);
            prop_assert_eq!(t.len(), s.len());
            prop_assert!(s.char_indices().all(|(i, _)| t.is_char_boundary(i)));
            prop_assert_eq!(t.chars().count(), s.chars().count());
        }
    }

    #[test]
    fn xmlish_fragments_do_not_panic(parts in proptest::collection::vec(
        prop_oneof![
            Just("<Sentence id=\"a\">".to_string()),
            Just("<EventCoding eventcode=\"190\" sourcecode=\"USA\"/>".to_string()),
            Just("<EventCoding noevents=\"True\"/>".to_string()),
            Just("<Text>".to_string()),
            Just("</Text>".to_string()),
            Just("<Parse>".to_string()),
            Just("</Parse>".to_string()),
            Just("<!--".to_string()),
            Just("-->".to_string()),
            Just("&amp;".to_string()),
            Just("&#x;".to_string()),
            "\\PC{0,10}",
        ], 0..20)) {
        let _ = petrarch::parse(&parts.concat(), "x");
    }

    #[test]
    fn scoring_arbitrary_events_does_not_panic(
        evs in proptest::collection::vec((0usize..20, 0usize..20, 0usize..17, any::<bool>()), 0..12),
        text_s in "\\PC{6,30}",
    ) {
        let doc = GoldDoc::from_json(GOLD, text_s.clone(), "g").expect("gold fits any 6+ char text");
        let events: Vec<_> = evs.iter().map(|&(a, b, t, h)| {
            let mut e = event(EventType::ALL[t % EventType::ALL.len()], &text_s, a, b);
            e.historical = h;
            e
        }).collect();
        let r = score(&doc, &events);
        prop_assert!(r.found <= r.required);
        prop_assert!((0.0..=1.0).contains(&r.precision) && (0.0..=1.0).contains(&r.recall));
        prop_assert_eq!(r.emitted_events.len(), events.len());
        let _ = r.to_string();
        prop_assert!(!case::label_for(&events).is_empty());
    }
}
