mod common;
use common::*;
use sitrep_model::{Cue, EventType};
use sitrep_picture::report::{render_report, ReportScope};
use sitrep_picture::{build_ceasefires, build_sites, merge_all, DocMeta};

fn site<'a>(sites: &'a [sitrep_picture::Site], name: &str) -> &'a sitrep_picture::Site {
    sites.iter().find(|s| s.name == name).unwrap_or_else(|| {
        panic!(
            "no site {name}: {:#?}",
            sites.iter().map(|s| &s.name).collect::<Vec<_>>()
        )
    })
}

#[test]
fn seed_sites_picture() {
    let merged = merge_all(seed_claims());
    let sites = build_sites(&merged);
    let p = site(&sites, "al-Shaddadi prison");
    assert_eq!(p.kind, "prison");
    assert_eq!(p.country.as_deref(), Some("SYR"));
    assert_eq!(p.admin1.as_deref(), Some("Al-Hasakah"));
    let d = &p.detention;
    let esc = d.escaped.as_ref().unwrap();
    let rec = d.recaptured.as_ref().unwrap();
    let at = d.at_large.as_ref().unwrap();
    // Best is the conservative attributed figure; the Kurdish 1,500 is kept and flagged.
    assert_eq!((esc.value, rec.value, at.value), (120, 81, 39));
    assert!(esc.disputed);
    assert_eq!(esc.high, 1500);
    assert!(esc
        .sources
        .iter()
        .any(|s| s.source.as_deref() == Some("Syria: Ministry of Interior")));
    assert!(rec
        .sources
        .iter()
        .all(|s| s.source.as_deref() == Some("Syria: Ministry of Interior")));
    assert!(at.sources.iter().any(|s| s.doc_id == "voa-shaddadi"));
    // Control passes from the SDF to government forces (reported for the town).
    assert_eq!(
        p.controller_before,
        vec!["Syrian Democratic Forces".to_string()]
    );
    assert_eq!(p.controller, vec!["Syria: Military".to_string()]);
    assert_eq!(p.control.len(), 1);
    assert!(p.control[0].via.is_some());

    let c = site(&sites, "al-Hol camp");
    assert_eq!(c.kind, "camp");
    let pop = c.population.as_ref().unwrap();
    assert!(pop.approximate);
    assert_eq!(pop.value, 10000);
    assert_eq!(pop.text.as_deref(), Some("tens of thousands"));
    assert_eq!(c.control.len(), 1);
    assert!(
        c.control[0].disputed,
        "SDF withdrew vs. government says abandoned"
    );
    assert_eq!(
        c.control[0].from,
        vec!["Syrian Democratic Forces".to_string()]
    );
    assert_eq!(c.control[0].date, Some(date("2026-01-20")));
    assert_eq!(c.control[0].framings.len(), 2);
    assert_eq!(c.last_change, Some(date("2026-01-20")));
    assert!(
        c.controller.is_empty(),
        "nobody is reported to hold it after the withdrawal"
    );
}

#[test]
fn control_passes_from_actor_to_actor_over_time() {
    let a = doc("a", "A", "2026-01-05");
    let b = doc("b", "B", "2026-01-12");
    let c = doc("c", "C", "2026-01-20");
    let tribes = ent("Tribal fighters", "SYR", &["PRM"]);
    let claims = vec![
        E::new(
            "",
            EventType::Coerce,
            Some("seize"),
            "Government forces seized Raqqa from the SDF.",
        )
        .actor(army())
        .recipient(sdf())
        .at(raqqa())
        .on(day("2026-01-11"))
        .claim(&b),
        E::new(
            "",
            EventType::Coerce,
            Some("seize"),
            "The SDF took Raqqa from tribal fighters.",
        )
        .actor(sdf())
        .recipient(tribes.clone())
        .at(raqqa())
        .on(day("2026-01-04"))
        .claim(&a),
        E::new(
            "",
            EventType::Retreat,
            Some("withdraw"),
            "Government forces withdrew from Raqqa, handing it to tribal fighters.",
        )
        .actor(army())
        .recipient(tribes)
        .at(raqqa())
        .on(day("2026-01-19"))
        .claim(&c),
    ];
    let sites = build_sites(&merge_all(claims));
    let r = site(&sites, "Raqqa");
    assert_eq!(r.kind, "city");
    let seq: Vec<(String, String)> = r
        .control
        .iter()
        .map(|c| (c.from.join(","), c.to.join(",")))
        .collect();
    assert_eq!(
        seq,
        vec![
            (
                "Tribal fighters".to_string(),
                "Syrian Democratic Forces".to_string()
            ),
            (
                "Syrian Democratic Forces".to_string(),
                "Syria: Military".to_string()
            ),
            ("Syria: Military".to_string(), "Tribal fighters".to_string()),
        ]
    );
    assert_eq!(r.controller, vec!["Tribal fighters".to_string()]);
    assert_eq!(r.controller_before, vec!["Tribal fighters".to_string()]);
    assert_eq!(r.last_change, Some(date("2026-01-19")));
    assert_eq!(r.events.len(), 3);
}

#[test]
fn arrests_without_an_escape_are_not_recaptures_and_plain_towns_are_not_sites() {
    let a = doc("a", "A", "2026-01-05");
    let claims = vec![
        E::new(
            "",
            EventType::Coerce,
            Some("arrest"),
            "Police arrested 12 people in Raqqa.",
        )
        .actor(ministry())
        .at(raqqa())
        .on(day("2026-01-04"))
        .q(qty(sitrep_model::QuantityKind::Arrested, 12))
        .claim(&a),
        E::new("", EventType::Assault, None, "Shelling hit Hol.")
            .actor(army())
            .at(hol())
            .on(day("2026-01-04"))
            .claim(&a),
    ];
    let sites = build_sites(&merge_all(claims));
    assert!(sites.is_empty(), "{sites:#?}");
}

#[test]
fn recaptures_before_the_escape_do_not_count() {
    let a = doc("a", "A", "2026-01-10");
    let claims = vec![
        E::new("", EventType::Escape, None, "50 escaped from the prison.")
            .at(prison())
            .on(day("2026-01-08"))
            .q(qty(sitrep_model::QuantityKind::Escaped, 50))
            .claim(&a),
        E::new(
            "",
            EventType::Coerce,
            Some("arrest"),
            "Police arrested 7 at the prison.",
        )
        .actor(ministry())
        .at(prison())
        .on(day("2026-01-02"))
        .q(qty(sitrep_model::QuantityKind::Arrested, 7))
        .claim(&a),
        E::new(
            "",
            EventType::Coerce,
            Some("arrest"),
            "Police recaptured 20 in Shaddadi.",
        )
        .actor(ministry())
        .at(shaddadi())
        .on(day("2026-01-09"))
        .q(qty(sitrep_model::QuantityKind::Arrested, 20))
        .claim(&a),
    ];
    let mut claims = claims;
    // Arrests long after the escape are not its recaptures.
    claims.push(
        E::new(
            "",
            EventType::Coerce,
            Some("arrest"),
            "Police arrested 5 in Shaddadi.",
        )
        .actor(ministry())
        .at(shaddadi())
        .on(day("2026-09-01"))
        .q(qty(sitrep_model::QuantityKind::Arrested, 5))
        .claim(&doc("later", "B", "2026-09-02")),
    );
    let sites = build_sites(&merge_all(claims));
    let p = site(&sites, "al-Shaddadi prison");
    assert_eq!(p.detention.escaped.as_ref().unwrap().value, 50);
    assert_eq!(
        p.detention.recaptured.as_ref().unwrap().value,
        20,
        "arrests in the town after the escape count, earlier ones do not"
    );
    assert_eq!(p.detention.at_large.as_ref().unwrap().value, 30);
}

#[test]
fn ceasefire_and_its_violations() {
    let merged = merge_all(seed_claims());
    let cfs = build_ceasefires(&merged);
    assert_eq!(cfs.len(), 1);
    let cf = &cfs[0];
    assert_eq!(cf.agreed_by, vec!["Ahmad al-Sharaa".to_string()]);
    assert!(cf.parties.contains(&"Syrian Democratic Forces".to_string()));
    assert_eq!(cf.violations.len(), 1, "the clashes reported afterwards");
    // A clash between other parties, or before the ceasefire, is no violation.
    let a = doc("a", "A", "2026-01-05");
    let b = doc("b", "B", "2026-01-25");
    let claims = vec![
        E::new(
            "",
            EventType::Agree,
            None,
            "The two sides agreed a ceasefire.",
        )
        .cue(Cue::Ceasefire)
        .actor(gov())
        .recipient(sdf())
        .on(day("2026-01-10"))
        .claim(&a),
        E::new("", EventType::Assault, None, "Clashes")
            .actor(army())
            .recipient(sdf())
            .at(raqqa())
            .on(day("2026-01-08"))
            .claim(&a),
        E::new("", EventType::Assault, None, "Clashes")
            .actor(army())
            .recipient(isis())
            .at(raqqa())
            .on(day("2026-01-20"))
            .claim(&b),
        E::new("", EventType::Assault, None, "Clashes")
            .actor(sdf())
            .recipient(army())
            .at(hol())
            .on(day("2026-01-21"))
            .claim(&b),
    ];
    let cfs = build_ceasefires(&merge_all(claims));
    assert_eq!(cfs.len(), 1);
    assert_eq!(cfs[0].date, Some(date("2026-01-10")));
    assert_eq!(cfs[0].violations.len(), 1);
    assert_eq!(cfs[0].violations[0].date, Some(date("2026-01-21")));
}

fn docs() -> Vec<DocMeta> {
    vec![
        doc("voa-shaddadi", "VOA", "2026-01-21"),
        doc("kurdish-outlet", "Kurdish outlet", "2026-01-21"),
    ]
}

#[test]
fn report_snapshot() {
    let merged = merge_all(seed_claims());
    let sites = build_sites(&merged);
    let cfs = build_ceasefires(&merged);
    let scope = ReportScope {
        country: Some("SYR".into()),
        since: Some(date("2026-01-14")),
        ..Default::default()
    };
    let md = render_report(&merged, &sites, &cfs, &docs(), &scope);
    insta::assert_snapshot!("seed_report", md);
}

#[test]
fn report_scope_filters() {
    let merged = merge_all(seed_claims());
    let sites = build_sites(&merged);
    let cfs = build_ceasefires(&merged);
    let scope = ReportScope {
        place: Some("Hol".into()),
        ..Default::default()
    };
    let md = render_report(&merged, &sites, &cfs, &docs(), &scope);
    assert!(md.contains("al-Hol camp"));
    assert!(!md.contains("al-Shaddadi prison |"), "{md}");
    let later = ReportScope {
        since: Some(date("2026-02-01")),
        ..Default::default()
    };
    let md = render_report(&merged, &sites, &cfs, &docs(), &later);
    assert!(md.contains("No events reported in this scope."));
    let other = ReportScope {
        country: Some("IRQ".into()),
        ..Default::default()
    };
    let md = render_report(&merged, &sites, &cfs, &docs(), &other);
    assert!(md.contains("# Situation report: Iraq"));
    assert!(md.contains("No sites in this scope."));
}

/// Issue 12, finding 2 (stored script injection): raw HTML in a document's title, source,
/// id or text and a `javascript:` URL passed through the report into its HTML. Every
/// value from documents is text now, and only http(s) URLs are links.
#[test]
fn stored_script_injection_in_the_report_is_text() {
    use sitrep_model::{Quantity, QuantityKind};
    const P: &str = "<script>alert(1)</script> <img src=x onerror=alert(2)> [a](javascript:alert(3)) <javascript:alert(4)>\n# h";
    let meta = |id: &str, url: &str| DocMeta {
        id: format!("{id}{P}"),
        title: Some(format!("{P} title")),
        url: Some(url.into()),
        published: Some(date("2026-01-21")),
        source: Some(format!("{P} outlet")),
    };
    let d1 = meta("one", "javascript:alert(5)");
    let d2 = meta("two", "https://news.example/two?a=1&b=\"x\"");
    let named = |n: &str| ent(&format!("{P} {n}"), "SYR", &["REB"]);
    let place = facility(town(P, 1, 36.0, 40.7), "prison", &format!("{P} prison"));
    let escaped = |v: u64| Quantity {
        kind: QuantityKind::Escaped,
        value: v,
        approximate: true,
        min: None,
        max: None,
        text: format!("{P} dozens"),
        span: None,
    };
    let evidence = format!("{P} 120 prisoners escaped from the prison.");
    let claims = vec![
        E::new("", EventType::Escape, None, &evidence)
            .actor(named("group"))
            .at(place.clone())
            .q(escaped(120))
            .source(named("ministry"))
            .claim(&d1),
        E::new("", EventType::Escape, None, &evidence)
            .actor(named("group"))
            .at(place)
            .q(escaped(1500))
            .source(named("sources"))
            .claim(&d2),
    ];
    let merged = merge_all(claims);
    let sites = build_sites(&merged);
    let cfs = build_ceasefires(&merged);
    let scope = ReportScope {
        place: Some(P.into()),
        ..Default::default()
    };
    let md = render_report(&merged, &sites, &cfs, &[d1, d2], &scope);
    assert!(md.contains("## Disputed figures"), "{md}");
    let html = sitrep_picture::report::to_html(&md);
    for bad in [
        "<script",
        "<img",
        "javascript:alert(5)\"",
        "<h1>h",
        "href=\"javascript",
    ] {
        assert!(!html.contains(bad), "{bad} in\n{html}");
    }
    // Every link is the one http(s) URL; the payloads are shown as text.
    assert_eq!(html.matches("<a ").count(), 1, "{html}");
    assert!(
        html.contains("<a href=\"https://news.example/two?a=1&amp;b=%22x%22\">"),
        "{html}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "{html}"
    );
    assert!(html.contains("[a](javascript:alert(3))"), "{html}");
}

/// Regression: a report of one event said "1 events from 1 documents", and a withdrawal
/// handing a place over read "withdrew from Raqqa , handing over to ...".
#[test]
fn report_of_one_withdrawal_reads_well() {
    let d = doc("a", "A", "2026-01-21");
    let withdrawal = E::new(
        "",
        EventType::Retreat,
        Some("withdraw"),
        "The SDF withdrew from Raqqa, handing it over to government troops.",
    )
    .actor(sdf())
    .recipient(army())
    .at(raqqa())
    .on(day("2026-01-20"))
    .claim(&d);
    let merged = merge_all(vec![withdrawal]);
    let md = render_report(&merged, &[], &[], &[d], &ReportScope::default());
    assert!(md.contains("1 event from 1 document;"), "{md}");
    assert!(
        md.contains("Syrian Democratic Forces withdrew from Raqqa (Ar-Raqqah), handing over to Syria: Military"),
        "{md}"
    );
    assert!(!md.contains(" ,"), "{md}");
}

/// Regression: a sanction on a ship "that left Gaolan port" made the port a site in the
/// picture of a story with nothing site-like in it. A statement or a sanction that names a
/// facility makes no site; fighting there does, and a prison or camp is one whatever happens.
#[test]
fn a_sanction_naming_a_port_makes_no_site() {
    let d = doc("d1", "outlet", "2025-02-13");
    let port = facility(town("Gaolan", 7, 28.0, 114.7), "port", "Gaolan port");
    let sanction = E::new(
        "",
        EventType::Sanction,
        None,
        "The Treasury sanctioned the ship.",
    )
    .actor(gov())
    .at(port.clone())
    .claim(&d);
    assert!(build_sites(&merge_all(vec![sanction.clone()])).is_empty());
    let attack = E::new("", EventType::Assault, None, "A drone struck the port.")
        .actor(isis())
        .at(port)
        .claim(&d);
    let sites = build_sites(&merge_all(vec![sanction, attack]));
    assert_eq!(sites.len(), 1, "{sites:?}");
    let statement = E::new(
        "",
        EventType::Accuse,
        None,
        "The ministry criticised the camp.",
    )
    .actor(gov())
    .at(camp())
    .claim(&d);
    assert_eq!(build_sites(&merge_all(vec![statement])).len(), 1);
}
