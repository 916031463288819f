//! Synthetic events for the tests (the coder is not needed to test the picture).
#![allow(dead_code, unused_imports)]

use chrono::NaiveDate;
use sitrep_model::*;
use sitrep_picture::{Claim, DocMeta};

pub use sitrep_model::testing::{day, entity as ent, quantity as qty, week, EventBuilder};

pub fn sdf() -> Entity {
    ent("Syrian Democratic Forces", "SYR", &["REB"])
}
pub fn gov() -> Entity {
    ent("Syria: Government", "SYR", &["GOV"])
}
pub fn army() -> Entity {
    ent("Syria: Military", "SYR", &["MIL"])
}
pub fn ministry() -> Entity {
    ent("Syria: Ministry of Interior", "SYR", &["GOV", "COP"])
}
pub fn isis() -> Entity {
    ent("Islamic State", "IMG", &[])
}

pub fn town(name: &str, gid: u64, lat: f64, lon: f64) -> Location {
    Location {
        text: name.to_string(),
        name: name.to_string(),
        geonameid: Some(gid),
        lat: Some(lat),
        lon: Some(lon),
        country: Some("SYR".into()),
        admin1: Some("Al-Hasakah".into()),
        feature: Some("PPL".into()),
        precision: 1,
        facility: None,
        span: None,
    }
}

pub fn shaddadi() -> Location {
    town("Ash Shaddadah", 170000, 36.056, 40.730)
}
pub fn hol() -> Location {
    town("Al-Hol", 170001, 36.378, 41.149)
}
pub fn raqqa() -> Location {
    let mut l = town("Raqqa", 163915, 35.950, 39.009);
    l.admin1 = Some("Ar-Raqqah".into());
    l.feature = Some("PPLA".into());
    l
}
pub fn facility(mut l: Location, kind: &str, name: &str) -> Location {
    l.facility = Some(Facility {
        kind: kind.into(),
        name: name.into(),
    });
    l
}
pub fn prison() -> Location {
    facility(shaddadi(), "prison", "al-Shaddadi prison")
}
pub fn camp() -> Location {
    facility(hol(), "camp", "al-Hol camp")
}
pub fn province(admin1: &str) -> Location {
    Location {
        text: admin1.into(),
        name: admin1.into(),
        geonameid: None,
        lat: Some(36.5),
        lon: Some(40.75),
        country: Some("SYR".into()),
        admin1: Some(admin1.into()),
        feature: Some("ADM1".into()),
        precision: 3,
        facility: None,
        span: None,
    }
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn doc(id: &str, outlet: &str, published: &str) -> DocMeta {
    DocMeta {
        id: id.into(),
        title: Some(format!("Report {id}")),
        url: Some(format!("https://news.example/{id}")),
        published: Some(date(published)),
        source: Some(outlet.into()),
    }
}

/// A synthetic event builder with `.claim(&doc)`.
pub struct E;

impl E {
    #[allow(clippy::new_ret_no_self)]
    pub fn new(doc_id: &str, t: EventType, mode: Option<&str>, evidence: &str) -> EventBuilder {
        EventBuilder::new(doc_id, t, mode, evidence, 0)
    }
}

pub trait ClaimExt {
    fn claim(self, d: &DocMeta) -> Claim;
}

impl ClaimExt for EventBuilder {
    fn claim(self, d: &DocMeta) -> Claim {
        Claim::new(d.clone(), self.in_doc(&d.id).build())
    }
}

/// The seed-article situation coded by hand, as the coder should produce it, plus a second
/// outlet that puts the escapees at 1,500.
pub fn seed_claims() -> Vec<Claim> {
    let voa = doc("voa-shaddadi", "VOA", "2026-01-21");
    let kurd = doc("kurdish-outlet", "Kurdish outlet", "2026-01-21");
    vec![
        E::new("", EventType::Escape, None, "According to the interior ministry, 120 prisoners escaped from al-Shaddadi prison, and 81 of them have already been recaptured.")
            .actor(isis()).at(prison()).q(qty(QuantityKind::Escaped, 120)).source(ministry())
            .acled(AcledSubEventType::Other).offset(147).claim(&voa),
        E::new("", EventType::Coerce, Some("arrest"), "According to the interior ministry, 120 prisoners escaped from al-Shaddadi prison, and 81 of them have already been recaptured.")
            .actor(ministry()).recipient(isis()).at(prison()).q(qty(QuantityKind::Arrested, 81)).source(ministry())
            .acled(AcledSubEventType::Arrests).offset(147).claim(&voa),
        E::new("", EventType::Coerce, Some("seize"), "The escape happened as Syrian government troops took control of the area from Kurdish-led forces.")
            .actor(army()).recipient(sdf()).at(shaddadi())
            .acled(AcledSubEventType::GovernmentRegainsTerritory).offset(347).claim(&voa),
        E::new("", EventType::Retreat, Some("withdraw"), "On Tuesday, the SDF announced its withdrawal from Al-Hol camp, which holds tens of thousands of civilians linked to ISIS fighters.")
            .cue(Cue::Leaving)
            .actor(sdf()).at(camp()).on(day("2026-01-20"))
            .q(Quantity { kind: QuantityKind::Size, value: 10000, approximate: true, min: Some(10000), max: Some(99999), text: "tens of thousands".into(), span: None })
            .acled(AcledSubEventType::NonViolentTransferOfTerritory).offset(813).claim(&voa),
        E::new("", EventType::Accuse, None, "Syrian authorities, however, claimed the SDF abandoned the camp and allowed detainees to leave.")
            .cue(Cue::Leaving).cue(Cue::Contrary)
            .actor(gov()).recipient(sdf()).at(camp()).source(gov()).offset(1058).claim(&voa),
        E::new("", EventType::Agree, None, "Although Syrian President Ahmad al-Sharaa announced a ceasefire agreement with the SDF, both sides reported further clashes afterward.")
            .cue(Cue::Ceasefire)
            .actor(ent("Ahmad al-Sharaa", "SYR", &["GOV"])).recipient(sdf())
            .acled(AcledSubEventType::Agreement).offset(1618).claim(&voa),
        E::new("", EventType::Assault, None, "Although Syrian President Ahmad al-Sharaa announced a ceasefire agreement with the SDF, both sides reported further clashes afterward.")
            .cue(Cue::Ceasefire)
            .actor(army()).actor(sdf()).at(province("Al-Hasakah"))
            .acled(AcledSubEventType::ArmedClash).offset(1700).claim(&voa),
        E::new("", EventType::Escape, None, "Kurdish sources said some 1,500 Islamic State detainees broke out of the prison in al-Shaddadi.")
            .actor(isis()).at(prison()).q(qty(QuantityKind::Escaped, 1500)).source(ent("Kurdish security sources", "SYR", &["REB"]))
            .acled(AcledSubEventType::Other).claim(&kurd),
    ]
}
