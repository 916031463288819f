//! Unit tests of the gold-case harness (`tests/cases.rs`): the matching of expected items to
//! emitted events, the field checks, known failures, the record contract and case validation.

use super::*;
use sitrep_eval::testing::{entity, event};
use sitrep_model::{
    Acled, AcledSubEventType, DatePrecision, EventDate, Facility, Location, Quantity,
};

const TEXT: &str =
    "According to the interior ministry, 120 prisoners escaped from al-Shaddadi prison on Tuesday.";

fn case(toml_text: &str) -> Case {
    let f: CaseFile = toml::from_str(toml_text).expect("valid case TOML");
    f.case.into_iter().next().expect("one case")
}

fn escape_event() -> Event {
    let mut e = event(EventType::Escape, TEXT, 0, TEXT.len());
    e.actor = vec![entity("prisoners", Some("SYR"), &["CRM"])];
    e.source = Some(entity("interior ministry", Some("SYR"), &["GOV"]));
    e.location = Some(Location {
        text: "al-Shaddadi".into(),
        name: "Ash Shaddadah".into(),
        country: Some("SYR".into()),
        precision: 1,
        facility: Some(Facility {
            kind: "prison".into(),
            name: "al-Shaddadi prison".into(),
        }),
        ..Default::default()
    });
    e.date = Some(EventDate {
        text: "Tuesday".into(),
        value: Some("2026-01-20".into()),
        end: None,
        precision: DatePrecision::Day,
        span: None,
    });
    e.quantities = vec![Quantity {
        kind: QuantityKind::Escaped,
        value: 120,
        approximate: false,
        min: None,
        max: None,
        text: "120".into(),
        span: None,
    }];
    e.acled = Some(Acled::new(AcledSubEventType::Other));
    e
}

const FULL: &str = r#"
[[case]]
name = "escape"
published = "2026-01-21"
text = "According to the interior ministry, 120 prisoners escaped from al-Shaddadi prison on Tuesday."
only = true

[[case.expect]]
types = ["ESCAPE"]
actor = ["prisoners", "detainees"]
actor_country = "SYR"
actor_sector = "CRM"
location = ["Shaddadah", "Shaddadi"]
location_country = "SYR"
precision = 1
facility = "prison"
source = ["interior ministry"]
date = "2026-01-20"
date_precision = "day"
quantities = [{ kind = "escaped", value = 120, approximate = false }]
historical = false
future = false
hypothetical = false
negated = false
acled = ["Other"]

[[case.reject]]
types = ["ASSAULT"]
"#;

#[test]
fn full_match_passes() {
    let c = case(FULL);
    assert!(validate(&c).is_empty());
    let out = evaluate(&c, &[escape_event()]);
    assert!(out.passed, "{}", out.report);
    assert!(out.report.contains("[1] ok (event #0)"));
}

#[test]
fn nothing_emitted_fails() {
    let out = evaluate(&case(FULL), &[]);
    assert!(!out.passed);
    assert!(
        out.report.contains("no event of type ESCAPE"),
        "{}",
        out.report
    );
}

#[test]
fn each_wrong_field_is_reported() {
    let c = case(FULL);
    type Breaker = Box<dyn Fn(&mut Event)>;
    let breakers: Vec<(&str, Breaker)> = vec![
        (
            "actor:",
            Box::new(|e| e.actor[0] = entity("guards", Some("SYR"), &["CRM"])),
        ),
        ("actor_sector", Box::new(|e| e.actor[0].sector.clear())),
        ("location:", Box::new(|e| e.location = None)),
        (
            "precision",
            Box::new(|e| e.location.as_mut().expect("loc").precision = 2),
        ),
        (
            "facility",
            Box::new(|e| e.location.as_mut().expect("loc").facility = None),
        ),
        ("source", Box::new(|e| e.source = None)),
        (
            "date:",
            Box::new(|e| e.date.as_mut().expect("date").value = Some("2026-01-21".into())),
        ),
        (
            "date_precision",
            Box::new(|e| e.date.as_mut().expect("date").precision = DatePrecision::Week),
        ),
        (
            "quantities",
            Box::new(|e| e.quantities[0].approximate = true),
        ),
        ("negated", Box::new(|e| e.negated = true)),
        ("acled", Box::new(|e| e.acled = None)),
    ];
    for (field, breaker) in breakers {
        let mut e = escape_event();
        breaker(&mut e);
        let out = evaluate(&c, &[e]);
        assert!(!out.passed, "{field} should fail");
        assert!(
            out.report.contains(&format!("          {field}")),
            "{field}: {}",
            out.report
        );
    }
}

#[test]
fn word_matching_is_whole_word_for_actors_only() {
    let c = case(
        r#"[[case]]
name = "w"
text = "x"
[[case.expect]]
types = ["ASSAULT"]
actor = ["men"]
location = ["Shabelle"]
"#,
    );
    let mut e = event(EventType::Assault, "x", 0, 1);
    e.actor = vec![entity("gunmen", None, &[])];
    e.location = Some(Location {
        text: "Middle Shabelle region".into(),
        ..Default::default()
    });
    assert!(!evaluate(&c, &[e.clone()]).passed);
    e.actor = vec![entity("armed men", None, &[])];
    assert!(evaluate(&c, &[e]).passed);
}

#[test]
fn items_need_distinct_events_and_only_counts_leftovers() {
    let c = case(
        r#"[[case]]
name = "two"
text = "x"
only = true
[[case.expect]]
types = ["ASSAULT"]
[[case.expect]]
types = ["ASSAULT", "COERCE"]
"#,
    );
    let a = event(EventType::Assault, "x", 0, 1);
    let out = evaluate(&c, std::slice::from_ref(&a));
    assert!(!out.passed);
    assert!(
        out.report.contains("already matched another item"),
        "{}",
        out.report
    );
    assert!(evaluate(&c, &[a.clone(), event(EventType::Coerce, "x", 0, 1)]).passed);
    let extra = evaluate(
        &c,
        &[a.clone(), a.clone(), event(EventType::Accuse, "x", 0, 1)],
    );
    assert!(!extra.passed);
    assert!(
        extra.report.contains("unexpected event #2 (only = true)"),
        "{}",
        extra.report
    );
    // Historical events are ignored by `only`.
    let mut h = event(EventType::Accuse, "x", 0, 1);
    h.historical = true;
    assert!(evaluate(&c, &[a.clone(), a, h]).passed);
}

#[test]
fn empty_only_case_and_reject() {
    let c = case("[[case]]\nname = \"quiet\"\ntext = \"x\"\nonly = true\n");
    assert!(evaluate(&c, &[]).passed);
    assert!(!evaluate(&c, &[event(EventType::Consult, "x", 0, 1)]).passed);
    let r = case("[[case]]\nname = \"r\"\ntext = \"x\"\n[[case.reject]]\ntypes = [\"ASSAULT\"]\n");
    assert!(evaluate(&r, &[event(EventType::Consult, "x", 0, 1)]).passed);
    let out = evaluate(&r, &[event(EventType::Assault, "x", 0, 1)]);
    assert!(
        !out.passed && out.report.contains("rejected type ASSAULT"),
        "{}",
        out.report
    );
    let mut h = event(EventType::Assault, "x", 0, 1);
    h.historical = true;
    assert!(evaluate(&r, &[h]).passed);
}

#[test]
fn acled_none_and_no_source() {
    let c = case(
        "[[case]]\nname = \"n\"\ntext = \"x\"\n[[case.expect]]\ntypes = [\"ACCUSE\"]\nacled = [\"none\"]\nno_source = true\n",
    );
    let e = event(EventType::Accuse, "x", 0, 1);
    assert!(evaluate(&c, std::slice::from_ref(&e)).passed);
    let mut with_acled = e.clone();
    with_acled.acled = Some(Acled::new(AcledSubEventType::ArmedClash));
    assert!(!evaluate(&c, &[with_acled]).passed);
    let mut sourced = e;
    sourced.source = Some(entity("officials", None, &[]));
    assert!(!evaluate(&c, &[sourced]).passed);
}

#[test]
fn quantity_range_is_checked_when_given() {
    let c = case(
        "[[case]]\nname = \"q\"\ntext = \"x\"\n[[case.expect]]\ntypes = [\"ASSAULT\"]\nquantities = [{ kind = \"dead\", value = 10, min = 10, max = 15 }]\n",
    );
    let mut e = event(EventType::Assault, "x", 0, 1);
    e.quantities = vec![Quantity {
        kind: QuantityKind::Killed,
        value: 10,
        approximate: true,
        min: Some(10),
        max: Some(15),
        text: "10 to 15".into(),
        span: None,
    }];
    assert!(evaluate(&c, std::slice::from_ref(&e)).passed);
    e.quantities[0].max = None;
    assert!(!evaluate(&c, &[e]).passed);
}

#[test]
fn known_failure_logic() {
    let mut c = case(FULL);
    c.known_failure = Some("coder lacks X".into());
    assert_eq!(status(&c, &evaluate(&c, &[])), Status::KnownFailure);
    assert_eq!(
        status(&c, &evaluate(&c, &[escape_event()])),
        Status::UnexpectedPass
    );
    c.known_failure = None;
    assert_eq!(status(&c, &evaluate(&c, &[])), Status::Fail);
    assert_eq!(status(&c, &evaluate(&c, &[escape_event()])), Status::Pass);
}

#[test]
fn contract_violations_fail_the_case() {
    let c = case("[[case]]\nname = \"c\"\ntext = \"abc\"\n");
    let mut e = event(EventType::Assault, "abc", 0, 2);
    assert!(evaluate(&c, std::slice::from_ref(&e)).passed);
    e.evidence.end = 99;
    let out = evaluate(&c, &[e.clone()]);
    assert!(
        !out.passed && out.report.contains("not a valid byte range"),
        "{}",
        out.report
    );
    e.evidence.end = 2;
    e.evidence.text = "zz".into();
    assert!(!evaluate(&c, &[e]).passed);
}

#[test]
fn malformed_cases_are_caught() {
    assert!(
        toml::from_str::<CaseFile>("[[case]]\nname = \"x\"\ntext = \"y\"\nonyl = true\n").is_err()
    );
    assert!(toml::from_str::<CaseFile>("[[case]]\nname = \"x\"\n").is_err());
    let bad = case(
        "[[case]]\nname = \"x\"\ntext = \"y\"\npublished = \"21/01/2026\"\n[[case.expect]]\ntypes = [\"FIGHTING\"]\nquantities = [{ kind = \"eaten\", value = 1 }]\ndate_precision = \"daily\"\n",
    );
    let problems = validate(&bad).join("\n");
    for want in [
        "publication date",
        "unknown event type",
        "unknown quantity kind",
        "date_precision",
    ] {
        assert!(problems.contains(want), "{want}: {problems}");
    }
}
