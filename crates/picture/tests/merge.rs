mod common;
use common::*;
use sitrep_model::{Cue, EventType, QuantityKind};
use sitrep_picture::{claims_match, merge_all};

#[test]
fn second_report_of_the_escape_merges_and_is_disputed() {
    let claims = seed_claims();
    let escapes: Vec<_> = claims
        .iter()
        .filter(|c| c.event.event_type == EventType::Escape)
        .cloned()
        .collect();
    assert_eq!(escapes.len(), 2);
    let merged = merge_all(escapes);
    assert_eq!(merged.len(), 1, "the two escape reports are one happening");
    let s = merged[0].summary();
    assert_eq!(s.claim_count, 2);
    assert!(s.disputed);
    let f = s.figure(QuantityKind::Escaped).expect("escaped figure");
    assert_eq!((f.low, f.best, f.high), (120, 120, 1500));
    assert!(f.disputed);
    let sources: Vec<_> = f
        .figures
        .iter()
        .map(|g| g.source.clone().unwrap_or_default())
        .collect();
    assert!(sources.contains(&"Syria: Ministry of Interior".to_string()));
    assert!(sources.contains(&"Kurdish security sources".to_string()));
    assert_eq!(s.documents.len(), 2);
}

#[test]
fn whole_seed_merges_into_the_expected_events() {
    let merged = merge_all(seed_claims());
    // escape (2 claims), arrest, seizure, withdrawal + accusation, ceasefire, clash
    assert_eq!(
        merged.len(),
        6,
        "{:#?}",
        merged
            .iter()
            .map(|m| m.summary().event_type)
            .collect::<Vec<_>>()
    );
    let hol = merged
        .iter()
        .find(|m| m.summary().event_type == EventType::Retreat)
        .unwrap();
    assert_eq!(hol.claims.len(), 2);
    let s = hol.summary();
    assert!(s.framing_disputed && s.disputed);
    assert_eq!(s.framings.len(), 2);
    assert!(s.framings.iter().any(|f| f.event_type == EventType::Accuse));
}

#[test]
fn same_place_different_week_does_not_merge() {
    let a = doc("a", "A", "2026-01-11");
    let b = doc("b", "B", "2026-01-18");
    let c1 = E::new("", EventType::Assault, None, "Clashes in Shaddadi.")
        .actor(army())
        .actor(sdf())
        .at(shaddadi())
        .on(day("2026-01-10"))
        .claim(&a);
    let c2 = E::new("", EventType::Assault, None, "Clashes in Shaddadi again.")
        .actor(army())
        .actor(sdf())
        .at(shaddadi())
        .on(day("2026-01-17"))
        .claim(&b);
    assert!(claims_match(&c1, &c2).is_none());
    assert_eq!(merge_all(vec![c1, c2]).len(), 2);
}

#[test]
fn same_day_different_place_does_not_merge() {
    let a = doc("a", "A", "2026-01-11");
    let b = doc("b", "B", "2026-01-11");
    let c1 = E::new("", EventType::Assault, None, "Clashes in Shaddadi.")
        .actor(army())
        .actor(sdf())
        .at(shaddadi())
        .on(day("2026-01-10"))
        .claim(&a);
    let c2 = E::new("", EventType::Assault, None, "Clashes in al-Hol.")
        .actor(army())
        .actor(sdf())
        .at(hol())
        .on(day("2026-01-10"))
        .claim(&b);
    assert!(claims_match(&c1, &c2).is_none());
}

#[test]
fn same_day_same_place_same_actors_merges_across_outlets() {
    // Published the same day: the figures compare (a later report would be an update).
    let a = doc("a", "A", "2026-01-11");
    let b = doc("b", "B", "2026-01-11");
    let mut near = shaddadi();
    near.geonameid = Some(999);
    near.lat = Some(36.07);
    near.lon = Some(40.75); // about 2 km away, other gazetteer entry
    let c1 = E::new(
        "",
        EventType::Assault,
        Some("firearms"),
        "Clashes in Shaddadi killed 3.",
    )
    .actor(army())
    .recipient(sdf())
    .at(shaddadi())
    .on(day("2026-01-10"))
    .q(qty(QuantityKind::Killed, 3))
    .claim(&a);
    let c2 = E::new(
        "",
        EventType::Assault,
        Some("heavy-weapons"),
        "Shelling near Shaddadi killed 5.",
    )
    .actor(gov())
    .recipient(sdf())
    .at(near)
    .on(day("2026-01-11"))
    .q(qty(QuantityKind::Killed, 5))
    .claim(&b);
    let m = merge_all(vec![c1, c2]);
    assert_eq!(m.len(), 1);
    let s = m[0].summary();
    assert_eq!(
        s.fatalities(),
        3,
        "the lowest figure when no source is named"
    );
}

#[test]
fn disjoint_actors_do_not_merge() {
    let a = doc("a", "A", "2026-01-11");
    let c1 = E::new("", EventType::Assault, None, "x")
        .actor(army())
        .recipient(sdf())
        .at(shaddadi())
        .on(day("2026-01-10"))
        .claim(&a);
    let c2 = E::new("", EventType::Assault, None, "y")
        .actor(ent("Turkey: Military", "TUR", &["MIL"]))
        .recipient(ent("Kurdistan Workers Party", "TUR", &["REB"]))
        .at(shaddadi())
        .on(day("2026-01-10"))
        .claim(&a);
    assert!(claims_match(&c1, &c2).is_none());
}

#[test]
fn one_attack_told_with_different_victims_merges() {
    // "killing seven soldiers" / "seven soldiers and five passengers were killed": the same
    // attackers, day and place; the outlets name different victims.
    let a = doc("a", "A", "2026-01-10");
    let b = doc("b", "B", "2026-01-11");
    let c1 = E::new(
        "",
        EventType::Assault,
        None,
        "attacked the base, killing seven soldiers",
    )
    .actor(isis())
    .recipient(army())
    .at(shaddadi())
    .on(day("2026-01-09"))
    .q(qty(QuantityKind::Killed, 7))
    .claim(&a);
    let c2 = E::new(
        "",
        EventType::Assault,
        None,
        "seven soldiers and five passengers were killed",
    )
    .actor(isis())
    .recipient(ent("Passengers", None, &["CVL"]))
    .at(shaddadi())
    .on(day("2026-01-09"))
    .q(qty(QuantityKind::Killed, 12))
    .claim(&b);
    assert!(claims_match(&c1, &c2).is_some());
    // Arrests and a seizure by the same forces are not one happening when their recipients
    // differ.
    let seize = E::new(
        "",
        EventType::Coerce,
        Some("seize"),
        "took the prison from the SDF",
    )
    .actor(army())
    .recipient(sdf())
    .at(shaddadi())
    .on(day("2026-01-09"))
    .claim(&a);
    let arrest = E::new(
        "",
        EventType::Coerce,
        Some("seize"),
        "rearrested 81 escapees",
    )
    .actor(army())
    .recipient(isis())
    .at(shaddadi())
    .on(day("2026-01-09"))
    .claim(&b);
    assert!(claims_match(&seize, &arrest).is_none());
}

#[test]
fn different_modes_and_negation_do_not_merge() {
    let a = doc("a", "A", "2026-01-11");
    let seize = E::new("", EventType::Coerce, Some("seize"), "x")
        .actor(army())
        .recipient(sdf())
        .at(shaddadi())
        .on(day("2026-01-10"))
        .claim(&a);
    let arrest = E::new("", EventType::Coerce, Some("arrest"), "y")
        .actor(army())
        .recipient(sdf())
        .at(shaddadi())
        .on(day("2026-01-10"))
        .claim(&a);
    assert!(claims_match(&seize, &arrest).is_none());
    let mut neg = E::new("", EventType::Coerce, Some("seize"), "z")
        .actor(army())
        .recipient(sdf())
        .at(shaddadi())
        .on(day("2026-01-10"));
    neg.0.negated = true;
    assert!(claims_match(&seize, &neg.claim(&a)).is_none());
}

#[test]
fn withdrawal_and_seizure_of_the_same_site_are_one_handover() {
    let a = doc("a", "A", "2026-01-21");
    let b = doc("b", "B", "2026-01-21");
    let w = E::new(
        "",
        EventType::Retreat,
        Some("withdraw"),
        "The SDF withdrew from the camp.",
    )
    .actor(sdf())
    .at(camp())
    .on(day("2026-01-20"))
    .claim(&a);
    let s = E::new(
        "",
        EventType::Coerce,
        Some("seize"),
        "Government forces took control of the camp.",
    )
    .actor(army())
    .recipient(sdf())
    .at(camp())
    .on(day("2026-01-20"))
    .claim(&b);
    let m = merge_all(vec![w, s]);
    assert_eq!(m.len(), 1);
    assert!(
        !m[0].summary().framing_disputed,
        "a handover is not a contrary account"
    );
    // An unrelated party withdrawing is not this handover.
    let other = E::new(
        "",
        EventType::Retreat,
        Some("withdraw"),
        "The coalition withdrew.",
    )
    .actor(ent("United States: Military", "USA", &["MIL"]))
    .at(camp())
    .on(day("2026-01-20"))
    .claim(&a);
    let s2 = E::new(
        "",
        EventType::Coerce,
        Some("seize"),
        "Government forces took control of the camp.",
    )
    .actor(army())
    .recipient(sdf())
    .at(camp())
    .on(day("2026-01-20"))
    .claim(&b);
    assert!(claims_match(&other, &s2).is_none());
}

#[test]
fn accusation_without_leaving_wording_is_not_a_framing() {
    let a = doc("a", "A", "2026-01-21");
    let w = E::new(
        "",
        EventType::Retreat,
        Some("withdraw"),
        "The SDF withdrew from the camp.",
    )
    .actor(sdf())
    .at(camp())
    .on(day("2026-01-20"))
    .claim(&a);
    let acc = E::new(
        "",
        EventType::Accuse,
        None,
        "The government accused the SDF of torture at the camp.",
    )
    .actor(gov())
    .recipient(sdf())
    .at(camp())
    .claim(&a);
    assert!(claims_match(&w, &acc).is_none());
}

#[test]
fn unresolved_dates_only_merge_near_the_publication_date() {
    let a = doc("a", "A", "2026-01-21");
    let late = doc("late", "B", "2026-02-10");
    let dated = E::new("", EventType::Escape, None, "x")
        .at(prison())
        .on(day("2026-01-19"))
        .claim(&a);
    let undated_near = E::new("", EventType::Escape, None, "y")
        .at(prison())
        .claim(&doc("near", "C", "2026-01-22"));
    let undated_late = E::new("", EventType::Escape, None, "z")
        .at(prison())
        .claim(&late);
    assert!(claims_match(&dated, &undated_near).is_some());
    assert!(claims_match(&dated, &undated_late).is_none());
}

#[test]
fn week_period_overlaps_a_day_inside_it() {
    let a = doc("a", "A", "2026-01-21");
    let b = doc("b", "B", "2026-01-19");
    let wk = E::new("", EventType::Coerce, Some("seize"), "Over the weekend...")
        .actor(army())
        .recipient(sdf())
        .at(shaddadi())
        .on(week("2026-01-17", "2026-01-18"))
        .claim(&a);
    let d = E::new("", EventType::Coerce, Some("seize"), "On Sunday...")
        .actor(army())
        .recipient(sdf())
        .at(shaddadi())
        .on(day("2026-01-18"))
        .claim(&b);
    let d_out = E::new(
        "",
        EventType::Coerce,
        Some("seize"),
        "On Saturday a week later...",
    )
    .actor(army())
    .recipient(sdf())
    .at(shaddadi())
    .on(day("2026-01-24"))
    .claim(&b);
    assert!(claims_match(&wk, &d).is_some());
    assert!(claims_match(&wk, &d_out).is_none());
}

#[test]
fn province_level_places_merge_only_when_everything_else_matches() {
    let a = doc("a", "A", "2026-01-21");
    let b = doc("b", "B", "2026-01-21");
    let town_ev = E::new("", EventType::Coerce, Some("seize"), "x")
        .actor(army())
        .recipient(sdf())
        .at(shaddadi())
        .on(day("2026-01-20"))
        .claim(&a);
    let prov_ev = E::new("", EventType::Coerce, Some("seize"), "y")
        .actor(gov())
        .recipient(sdf())
        .at(province("Al-Hasakah"))
        .on(day("2026-01-20"))
        .claim(&b);
    assert!(claims_match(&town_ev, &prov_ev).is_some());
    // Actors unknown on one side: not enough at province level.
    let prov_anon = E::new("", EventType::Coerce, Some("seize"), "z")
        .at(province("Al-Hasakah"))
        .on(day("2026-01-20"))
        .claim(&b);
    assert!(claims_match(&town_ev, &prov_anon).is_none());
    // Another province.
    let other_prov = E::new("", EventType::Coerce, Some("seize"), "w")
        .actor(gov())
        .recipient(sdf())
        .at(province("Ar-Raqqah"))
        .on(day("2026-01-20"))
        .claim(&b);
    assert!(claims_match(&town_ev, &other_prov).is_none());
    // Town in another province is not a match either.
    let raqqa_ev = E::new("", EventType::Coerce, Some("seize"), "v")
        .actor(gov())
        .recipient(sdf())
        .at(raqqa())
        .on(day("2026-01-20"))
        .claim(&b);
    assert!(claims_match(&town_ev, &raqqa_ev).is_none());
}

#[test]
fn merge_order_does_not_change_the_grouping() {
    let claims = seed_claims();
    let mut rev = claims.clone();
    rev.reverse();
    let mut a: Vec<usize> = merge_all(claims).iter().map(|m| m.claims.len()).collect();
    let mut b: Vec<usize> = merge_all(rev).iter().map(|m| m.claims.len()).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn statements_merge_role_by_role() {
    let a = doc("a", "A", "2026-01-21");
    let coalition = ent("US-led coalition", "IGO", &["MIL"]);
    let c1 = E::new(
        "",
        EventType::Accuse,
        None,
        "The SDF accused the coalition of failing to help.",
    )
    .actor(sdf())
    .recipient(coalition.clone())
    .at(hol())
    .claim(&a);
    let c2 = E::new(
        "",
        EventType::Accuse,
        None,
        "The SDF blamed the government.",
    )
    .actor(sdf())
    .recipient(gov())
    .at(hol())
    .claim(&a);
    let c3 = E::new(
        "",
        EventType::Accuse,
        None,
        "The government accused the SDF.",
    )
    .actor(gov())
    .recipient(sdf())
    .at(hol())
    .claim(&a);
    let c4 = E::new(
        "",
        EventType::Accuse,
        None,
        "The SDF again accused the coalition.",
    )
    .actor(sdf())
    .recipient(coalition)
    .at(hol())
    .claim(&doc("b", "B", "2026-01-21"));
    assert!(claims_match(&c1, &c2).is_none(), "other addressee");
    assert!(
        claims_match(&c2, &c3).is_none(),
        "roles swapped: two statements"
    );
    assert!(
        claims_match(&c1, &c4).is_some(),
        "same speaker, same addressee, same place and day"
    );
}

#[test]
fn escapees_described_differently_still_merge() {
    let a = doc("a", "A", "2026-01-21");
    let b = doc("b", "B", "2026-01-21");
    let detainees = ent("Detainees", "", &[]);
    let c1 = E::new("", EventType::Escape, None, "x")
        .actor(isis())
        .at(prison())
        .claim(&a);
    let c2 = E::new("", EventType::Escape, None, "y")
        .actor(detainees)
        .at(prison())
        .claim(&b);
    assert!(claims_match(&c1, &c2).is_some());
}

#[test]
fn same_type_with_other_targets_does_not_merge() {
    let a = doc("a", "A", "2026-01-21");
    let search = E::new(
        "",
        EventType::Coerce,
        None,
        "Authorities are searching for ISIS detainees.",
    )
    .actor(gov())
    .recipient(isis())
    .at(shaddadi())
    .claim(&a);
    let seize = E::new(
        "",
        EventType::Coerce,
        Some("seize"),
        "Troops took control of the area from the SDF.",
    )
    .actor(army())
    .recipient(sdf())
    .at(shaddadi())
    .claim(&a);
    assert!(claims_match(&search, &seize).is_none());
}

#[test]
fn a_third_party_contrary_account_of_the_same_type_is_a_dispute() {
    let a = doc("a", "A", "2026-01-21");
    let own = E::new(
        "",
        EventType::Retreat,
        Some("withdraw"),
        "The SDF announced its withdrawal from the camp.",
    )
    .actor(sdf())
    .source(sdf())
    .at(camp())
    .on(day("2026-01-20"))
    .claim(&a);
    let other = E::new(
        "",
        EventType::Retreat,
        Some("withdraw"),
        "Syrian authorities, however, said the SDF abandoned the camp.",
    )
    .cue(Cue::Leaving)
    .cue(Cue::Contrary)
    .actor(sdf())
    .source(gov())
    .at(camp())
    .on(day("2026-01-20"))
    .claim(&a);
    let m = merge_all(vec![own.clone(), other]);
    assert_eq!(m.len(), 1);
    assert!(m[0].summary().framing_disputed);
    // Two neutral reports of the withdrawal are not a dispute.
    let neutral = E::new(
        "",
        EventType::Retreat,
        Some("withdraw"),
        "The SDF left the camp, officials said.",
    )
    .actor(sdf())
    .source(gov())
    .at(camp())
    .on(day("2026-01-20"))
    .claim(&doc("b", "B", "2026-01-21"));
    let m = merge_all(vec![own, neutral]);
    assert_eq!(m.len(), 1);
    assert!(!m[0].summary().framing_disputed);
}

#[test]
fn a_claim_matching_two_events_joins_them() {
    // Clashes on the 10th and 12th do not match each other (two days apart); a report of the
    // 11th matches both, so all three are one happening whichever order they come in.
    let mk = |id: &str, d: &str| {
        E::new(
            "",
            EventType::Assault,
            None,
            &format!("Clashes in Shaddadi ({id})."),
        )
        .actor(army())
        .actor(sdf())
        .at(shaddadi())
        .on(day(d))
        .claim(&doc(id, id, d))
    };
    let (a, b, c) = (
        mk("a", "2026-01-10"),
        mk("b", "2026-01-11"),
        mk("c", "2026-01-12"),
    );
    assert!(claims_match(&a, &c).is_none());
    for order in [
        vec![a.clone(), c.clone(), b.clone()],
        vec![b.clone(), a.clone(), c.clone()],
        vec![c.clone(), b.clone(), a.clone()],
    ] {
        let merged = merge_all(order);
        assert_eq!(merged.len(), 1);
        let docs: Vec<&str> = merged[0].claims.iter().map(|c| c.doc.id.as_str()).collect();
        // Claims are kept in canonical order (publication date, document), not arrival order.
        assert_eq!(docs, vec!["a", "b", "c"]);
    }
}
