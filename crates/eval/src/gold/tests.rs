use super::*;
use sitrep_model::{Acled, EventDate, Evidence, Quantity};

const TEXT: &str = "Rebels attacked Town A on Monday. Police arrested 5 men in Town B. Long ago the group held Town C.";

fn gold_json() -> String {
    r#"{
          "document": {"id": "t", "published": "2026-01-21"},
          "entities": {
            "REB": {"aliases": ["rebels"], "country": ["XYZ"], "sectors": ["REB"]},
            "POL": {"aliases": ["police"], "country": ["XYZ"], "sectors": ["COP"]},
            "MEN": {"aliases": ["men"], "country": [], "sectors": []}
          },
          "places": {
            "A": {"aliases": ["town a"], "lat": 10.0, "lon": 10.0, "radius_km": 5},
            "B": {"aliases": ["town b"], "lat": 20.0, "lon": 20.0, "radius_km": 5}
          },
          "events": [
            {"id": "attack", "span": [0, 33], "types": ["ASSAULT"], "actor": "REB", "location": "A",
             "date": {"value": "2026-01-19"}, "acled_sub_event_types": ["Armed clash", "Attack"]},
            {"id": "arrest", "span": [34, 66], "types": ["COERCE"], "modes": ["arrest"], "actor": "POL",
             "recipient": "MEN", "quantities": [{"kinds": ["arrested"], "value": 5}], "location": "B"}
          ],
          "optional": [{"span": [34, 66], "types": ["MOBILIZE"]}],
          "historical": [{"span": [67, 98]}]
        }"#
        .to_string()
}

fn doc() -> GoldDoc {
    GoldDoc::from_json(&gold_json(), TEXT.to_string(), "test").expect("valid gold")
}

fn ent(text: &str, country: Option<&str>, sector: &[&str]) -> Entity {
    crate::testing::entity(text, country, sector)
}

fn loc(text: &str, lat: Option<f64>, lon: Option<f64>) -> Location {
    Location {
        text: text.into(),
        name: text.into(),
        lat,
        lon,
        precision: 1,
        ..Default::default()
    }
}

fn ev(t: EventType, start: usize, end: usize) -> Event {
    let mut e = crate::testing::event(t, TEXT, start, end);
    e.confidence = 0.9;
    e
}

fn perfect() -> Vec<Event> {
    let mut a = ev(EventType::Assault, 0, 33);
    a.actor = vec![ent("Rebels", None, &[])];
    a.location = Some(loc("Town A", None, None));
    a.date = Some(EventDate {
        text: "Monday".into(),
        value: Some("2026-01-19".into()),
        end: None,
        precision: sitrep_model::DatePrecision::Day,
        span: None,
    });
    a.acled = Some(Acled::new(sitrep_model::AcledSubEventType::ArmedClash));
    let mut b = ev(EventType::Coerce, 34, 66);
    b.mode = Some("arrest".into());
    b.actor = vec![ent("Police", None, &[])];
    b.recipient = vec![ent("5 men", None, &[])];
    b.location = Some(loc("somewhere", Some(20.01), Some(20.01)));
    b.quantities = vec![Quantity {
        kind: QuantityKind::Arrested,
        value: 5,
        approximate: false,
        min: None,
        max: None,
        text: "5".into(),
        span: None,
    }];
    vec![a, b]
}

#[test]
fn perfect_output_scores_one() {
    let r = score(&doc(), &perfect());
    assert_eq!((r.found, r.required, r.emitted), (2, 2, 2));
    assert_eq!(r.precision, 1.0);
    assert_eq!(r.recall, 1.0);
    assert_eq!(r.f1, 1.0);
    assert_eq!((r.args_right, r.args_total), (9, 9), "{r}");
    assert_eq!(r.arg_accuracy, 1.0);
    let shown = r.to_string();
    assert!(shown.contains("| event F1 | 1.000 |"), "{shown}");
}

#[test]
fn nothing_emitted_scores_zero() {
    let r = score(&doc(), &[]);
    assert_eq!(r.found, 0);
    assert_eq!(r.recall, 0.0);
    assert_eq!(r.f1, 0.0);
    assert_eq!(r.args_total, 0);
}

#[test]
fn wrong_type_and_wrong_place_score_zero() {
    // Right sentence, wrong type; right type, wrong sentence.
    let events = vec![ev(EventType::Protest, 0, 33), ev(EventType::Coerce, 0, 33)];
    let r = score(&doc(), &events);
    assert_eq!(r.found, 0);
    assert_eq!(r.f1, 0.0);
    assert_eq!(r.false_positives, 2);
    assert_eq!(r.precision, 0.0);
    assert_eq!(r.items[0].near_misses.len(), 2);
}

#[test]
fn field_failures_are_explained() {
    let mut events = perfect();
    events[0].actor = vec![ent("Police", Some("XYZ"), &["COP"])];
    events[0].date = None;
    events[1].quantities[0].value = 6;
    events[1].mode = Some("seize".into());
    let r = score(&doc(), &events);
    assert_eq!(r.f1, 1.0);
    assert_eq!((r.args_right, r.args_total), (5, 9));
    let wrong: Vec<&str> = r
        .items
        .iter()
        .flat_map(|i| i.fields.iter().filter(|c| !c.ok).map(|c| c.field.as_str()))
        .collect();
    assert_eq!(wrong, ["actor", "date", "modes", "quantities"]);
    let q = r.items[1]
        .fields
        .iter()
        .find(|c| c.field == "quantities")
        .expect("checked");
    assert!(q.got.contains("missing arrested=5"), "{}", q.got);
}

#[test]
fn entity_matching_rules() {
    let d = doc();
    let reb = &d.gold.entities["REB"];
    assert!(entity_matches(reb, &ent("the rebels", None, &[])));
    assert!(entity_matches(
        reb,
        &ent("fighters", Some("XYZ"), &["REB", "UAF"])
    ));
    assert!(!entity_matches(
        reb,
        &ent("fighters", Some("XYZ"), &["MIL"])
    ));
    assert!(!entity_matches(reb, &ent("rebelsxyz", None, &[])));
    let set = EntitySet {
        aliases: vec![],
        country: vec!["IMG".into()],
        sectors: vec![],
    };
    assert!(entity_matches(&set, &ent("militants", Some("IMG"), &[])));
}

#[test]
fn unasserted_events_are_not_counted_and_do_not_match() {
    // Only a future/hypothetical/negated reading of each required item: nothing is found,
    // and the marked events are neither accepted nor false positives.
    let mut events = perfect();
    for (k, e) in events.iter_mut().enumerate() {
        match k % 3 {
            0 => e.future = true,
            1 => e.hypothetical = true,
            _ => e.negated = true,
        }
    }
    let n = events.len();
    events.push(ev(EventType::Assault, 200, 210)); // an unmarked false positive
    let r = score(&doc(), &events);
    assert_eq!(r.found, 0);
    assert_eq!(r.unasserted_ignored, n);
    assert_eq!(r.emitted, 1);
    assert_eq!(r.false_positives, 1);
}

#[test]
fn duplicates_optional_and_historical() {
    let mut events = perfect();
    events.push(ev(EventType::Assault, 0, 20)); // duplicate of attack
    events.push(ev(EventType::Mobilize, 34, 66)); // optional
    let mut hist = ev(EventType::Coerce, 67, 98);
    hist.historical = true; // ignored
    events.push(hist);
    events.push(ev(EventType::Coerce, 67, 98)); // unmarked in historical span
    let r = score(&doc(), &events);
    assert_eq!(r.found, 2);
    assert_eq!(r.duplicates, 1);
    assert_eq!(r.optional_ok, 1);
    assert_eq!(r.historical_ignored, 1);
    assert_eq!(r.historical_violations, 1);
    assert_eq!(r.emitted, 5);
    assert!((r.precision - 0.8).abs() < 1e-9);
    // The better-argued duplicate is the one assigned to the item.
    assert_eq!(r.items[0].event_index, Some(0));
    assert_eq!(r.args_right, 9);
}

#[test]
fn one_event_cannot_satisfy_two_items() {
    let json = gold_json().replace(
        r#""span": [34, 66], "types": ["COERCE"]"#,
        r#""span": [0, 66], "types": ["COERCE", "ASSAULT"]"#,
    );
    let d = GoldDoc::from_json(&json, TEXT.to_string(), "test").expect("valid");
    let r = score(&d, &[ev(EventType::Assault, 0, 33)]);
    assert_eq!(r.found, 1);
    let r = score(
        &d,
        &[ev(EventType::Assault, 0, 33), ev(EventType::Assault, 5, 40)],
    );
    assert_eq!(r.found, 2);
}

#[test]
fn reciprocal_event_satisfies_recipient_any() {
    let json = r#"{"document": {"id": "t"},
          "entities": {"A": {"aliases": ["alpha"]}, "B": {"aliases": ["beta"]}},
          "events": [{"id": "blame", "span": [0, 10], "types": ["ACCUSE"],
                      "actor_any": ["A", "B"], "recipient_any": ["A", "B"]}]}"#;
    let d =
        GoldDoc::from_json(json, "Alpha and Beta blamed each other.".into(), "t").expect("valid");
    let mut e = ev(EventType::Accuse, 0, 33);
    e.actor = vec![ent("Alpha", None, &[]), ent("Beta", None, &[])];
    let r = score(&d, &[e.clone()]);
    assert_eq!((r.args_right, r.args_total), (2, 2));
    e.actor.truncate(1);
    let r = score(&d, &[e]);
    assert_eq!((r.args_right, r.args_total), (1, 2));
}

#[test]
fn char_offsets_become_byte_offsets() {
    let text = "Ça va. Rebels attacked Ürümqi.";
    let json = r#"{"document": {"id": "u"}, "entities": {}, "places": {},
          "events": [{"id": "x", "span": [7, 30], "types": ["ASSAULT"]}]}"#;
    let d = GoldDoc::from_json(json, text.into(), "u").expect("valid");
    let start = text.find("Rebels").expect("present");
    let mut e = ev(EventType::Assault, 0, 0);
    e.evidence = Evidence {
        start,
        end: text.len(),
        text: String::new(),
    };
    assert_eq!(score(&d, &[e.clone()]).found, 1);
    // Evidence on the first sentence only (bytes 0..7 = "Ça va." + space) does not overlap.
    e.evidence.start = 0;
    e.evidence.end = start - 1;
    assert_eq!(score(&d, &[e]).found, 0);
}

#[test]
fn malformed_gold_is_an_error_not_a_panic() {
    let bad = [
        ("{", "EOF"),
        (
            r#"{"document": {"id": "t"}, "events": [{"id": "x", "span": [0, 999], "types": ["ASSAULT"]}]}"#,
            "outside",
        ),
        (
            r#"{"document": {"id": "t"}, "events": [{"id": "x", "span": [5, 1], "types": ["ASSAULT"]}]}"#,
            "reversed",
        ),
        (
            r#"{"document": {"id": "t"}, "events": [{"id": "x", "span": [0, 5], "types": ["FIGHTING"]}]}"#,
            "unknown event type",
        ),
        (
            r#"{"document": {"id": "t"}, "events": [{"id": "x", "span": [0, 5], "types": ["ASSAULT"], "actor": "NOPE"}]}"#,
            "not defined",
        ),
        (
            r#"{"document": {"id": "t"}, "events": [{"id": "x", "span": [0, 5], "types": ["ASSAULT"], "actr": "A"}]}"#,
            "unknown field",
        ),
        (
            r#"{"document": {"id": "t"}, "events": [{"id": "x", "span": [0, 5], "types": ["ASSAULT"], "quantities": [{"kinds": ["eaten"], "value": 1}]}]}"#,
            "quantity kind",
        ),
        (
            r#"{"document": {"id": "t"}, "events": [{"id": "x", "span": [0, 5], "types": ["ASSAULT"], "date": {"value": "Monday"}}]}"#,
            "bad date",
        ),
    ];
    for (json, want) in bad {
        let err = GoldDoc::from_json(json, TEXT.into(), "g.json").expect_err(json);
        let msg = err.to_string();
        assert!(msg.starts_with("g.json"), "{msg}");
        assert!(msg.contains(want), "{msg} should mention {want}");
        assert!(err.is_user_error());
    }
}

#[test]
fn assignment_maximises_cardinality_then_weight() {
    // Row 0 prefers col 0, but only col 0 fits row 1.
    let w = vec![vec![1_000_900, 1_000_100], vec![1_000_500, 0]];
    assert_eq!(max_weight_assignment(&w), vec![Some(1), Some(0)]);
    assert_eq!(max_weight_assignment(&[vec![0, 0]]), vec![None]);
    assert_eq!(
        max_weight_assignment(&[vec![5], vec![7]]),
        vec![None, Some(0)]
    );
    assert_eq!(max_weight_assignment(&[]), Vec::<Option<usize>>::new());
}

#[test]
fn summary_is_micro_averaged() {
    let a = score(&doc(), &perfect());
    let b = score(&doc(), &[]);
    let s = GoldSummary::new(vec![a, b]);
    assert_eq!((s.found, s.required), (2, 4));
    assert_eq!(s.precision, 1.0);
    assert!((s.recall - 0.5).abs() < 1e-9);
    assert!(s.to_string().contains("**all (micro)**"));
}

#[test]
fn sites_are_compared() {
    let json = r#"{"document": {"id": "s"},
          "entities": {"GOV": {"aliases": ["government"]}, "REB": {"aliases": ["rebels"]}},
          "places": {"P": {"aliases": ["pville"], "lat": 10.0, "lon": 10.0, "radius_km": 5},
                     "C": {"aliases": ["camp c"]}},
          "sites": [{"id": "P", "kind": "prison", "escaped": 10, "recaptured": 4, "at_large": 6,
                     "controller_before": "REB", "controller_after": "GOV"},
                    {"id": "C", "kind": "camp", "population": {"approximate": true, "min": 1000, "max": 5000}}]}"#;
    let d = GoldDoc::from_json(json, "x".into(), "s").expect("valid");
    let good = vec![
        SiteSummary {
            name: "Pville town".into(),
            kind: "town".into(),
            ..Default::default()
        },
        SiteSummary {
            name: "central prison".into(),
            kind: "prison".into(),
            lat: Some(10.01),
            lon: Some(10.0),
            escaped: Some(10),
            recaptured: Some(4),
            at_large: Some(6),
            controller_before: vec!["the rebels".into()],
            controller_after: vec!["Syrian government forces".into()],
            ..Default::default()
        },
        SiteSummary {
            name: "Camp C".into(),
            kind: "camp".into(),
            population: Some(2000),
            ..Default::default()
        },
    ];
    let r = score_sites(&d, &good);
    assert_eq!(
        (r.found, r.total, r.fields_right, r.fields_total),
        (2, 2, 8, 8),
        "{r}"
    );
    assert_eq!(r.sites[0].site.as_deref(), Some("central prison"));
    let r = score_sites(&d, &[]);
    assert_eq!((r.found, r.fields_total), (0, 0));
    let mut bad = good;
    bad[1].at_large = Some(5);
    bad[1].controller_after.clear();
    bad[2].population = Some(50_000);
    let r = score_sites(&d, &bad);
    assert_eq!((r.fields_right, r.fields_total), (5, 8));
    assert!(r.to_string().contains("at_large: want 6, got 5"), "{r}");
}
