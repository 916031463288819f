//! Synthetic coded documents for tests and benchmarks (no coder needed).
//!
//! [`generate`] produces documents that vary templates over places, dates, actors and
//! figures with a fixed-seed PRNG: each document reports one to four happenings; about one
//! happening in six is a second report of an earlier one by another outlet (same type,
//! place and day, a different figure), so merging is exercised at scale.

use chrono::{Duration, NaiveDate};
use sitrep_model::{
    AcledSubEventType, Cue, Document, Entity, Event, EventDate, EventType, Facility, Location,
    Quantity, QuantityKind,
};

/// A document with the events a coder would have produced for it.
#[derive(Debug, Clone)]
pub struct CodedDocument {
    pub document: Document,
    pub events: Vec<Event>,
}

pub use sitrep_model::testing::{entity, quantity, EventBuilder};

#[allow(clippy::too_many_arguments)]
pub fn place(
    name: &str,
    geonameid: u64,
    lat: f64,
    lon: f64,
    country: &str,
    admin1: &str,
    feature: &str,
    facility: Option<(&str, &str)>,
) -> Location {
    Location {
        text: name.to_string(),
        name: name.to_string(),
        geonameid: Some(geonameid),
        lat: Some(lat),
        lon: Some(lon),
        country: Some(country.to_string()),
        admin1: Some(admin1.to_string()),
        feature: Some(feature.to_string()),
        precision: 1,
        facility: facility.map(|(kind, name)| Facility {
            kind: kind.to_string(),
            name: name.to_string(),
        }),
        span: None,
    }
}

pub fn day(d: NaiveDate) -> EventDate {
    sitrep_model::testing::day(&d.to_string())
}

/// An event of `doc` whose evidence is the first occurrence of `evidence` in its text.
pub fn event(doc: &Document, t: EventType, mode: Option<&str>, evidence: &str) -> EventBuilder {
    let start = doc.text.find(evidence).unwrap_or(0);
    EventBuilder::new(&doc.id, t, mode, evidence, start)
}

fn doc(id: &str, outlet: &str, published: NaiveDate, text: String) -> Document {
    let mut d = Document::new(id, text);
    d.title = Some(format!("{outlet} report {id}"));
    d.url = Some(format!("https://news.example/{id}"));
    d.published = Some(published);
    d.source = Some(outlet.to_string());
    d
}

/// The seed situation (an escape from a prison with recaptures, a takeover of the town, a
/// camp withdrawal the government frames as abandonment, a ceasefire and later clashes) and a
/// second outlet that puts the escapees at 1,500.
pub fn seed_documents() -> Vec<CodedDocument> {
    let published = NaiveDate::from_ymd_opt(2026, 1, 21).unwrap_or_default();
    let syr = |n: &str, s: &[&str]| entity(n, "SYR", s);
    let sdf = syr("Syrian Democratic Forces", &["REB"]);
    let army = syr("Syria: Military", &["MIL"]);
    let gov = syr("Syria: Government", &["GOV"]);
    let ministry = syr("Syria: Ministry of Interior", &["GOV", "COP"]);
    let isis = entity("Islamic State", "IMG", &[]);
    let town = place(
        "Ash Shaddadah",
        170000,
        36.056,
        40.730,
        "SYR",
        "Al-Hasakah",
        "PPL",
        None,
    );
    let prison = place(
        "Ash Shaddadah",
        170000,
        36.056,
        40.730,
        "SYR",
        "Al-Hasakah",
        "PPL",
        Some(("prison", "al-Shaddadi prison")),
    );
    let camp = place(
        "Al-Hol",
        170001,
        36.378,
        41.149,
        "SYR",
        "Al-Hasakah",
        "PPL",
        Some(("camp", "al-Hol camp")),
    );
    let mut province = place(
        "Al-Hasakah",
        173813,
        36.5,
        40.75,
        "SYR",
        "Al-Hasakah",
        "ADM1",
        None,
    );
    province.precision = 3;
    let s_escape = "According to the interior ministry, 120 prisoners escaped from al-Shaddadi prison, and 81 of them have already been recaptured.";
    let s_take = "The escape happened as Syrian government troops took control of the area from Kurdish-led forces.";
    let s_hol = "On Tuesday, the SDF announced its withdrawal from Al-Hol camp, which holds tens of thousands of civilians linked to ISIS fighters.";
    let s_abandon = "Syrian authorities, however, claimed the SDF abandoned the camp and allowed detainees to leave.";
    let s_cf = "Although Syrian President Ahmad al-Sharaa announced a ceasefire agreement with the SDF, both sides reported further clashes afterward.";
    let voa = doc(
        "voa-shaddadi",
        "VOA",
        published,
        [s_escape, s_take, s_hol, s_abandon, s_cf].join(" "),
    );
    let pop = Quantity {
        kind: QuantityKind::Size,
        value: 10000,
        approximate: true,
        min: Some(10000),
        max: Some(99999),
        text: "tens of thousands".into(),
        span: None,
    };
    let mut clash = event(&voa, EventType::Assault, None, s_cf)
        .actor(army.clone())
        .actor(sdf.clone())
        .at(province)
        .acled(AcledSubEventType::ArmedClash)
        .build();
    // Evidence of the clash starts later in the sentence than the agreement.
    clash.evidence.start += 60;
    clash.evidence.end = clash.evidence.start;
    clash.evidence.text = String::new();
    clash.id = Event::compute_id(&voa.id, clash.event_type, None, &clash.evidence, None);
    let voa_events = vec![
        event(&voa, EventType::Escape, None, s_escape)
            .actor(isis.clone())
            .at(prison.clone())
            .q(quantity(QuantityKind::Escaped, 120))
            .source(ministry.clone())
            .acled(AcledSubEventType::Other)
            .build(),
        event(&voa, EventType::Coerce, Some("arrest"), s_escape)
            .actor(ministry.clone())
            .recipient(isis.clone())
            .at(prison.clone())
            .q(quantity(QuantityKind::Arrested, 81))
            .source(ministry)
            .acled(AcledSubEventType::Arrests)
            .build(),
        event(&voa, EventType::Coerce, Some("seize"), s_take)
            .actor(army)
            .recipient(sdf.clone())
            .at(town)
            .acled(AcledSubEventType::GovernmentRegainsTerritory)
            .build(),
        event(&voa, EventType::Retreat, Some("withdraw"), s_hol)
            .cue(Cue::Leaving)
            .actor(sdf.clone())
            .at(camp.clone())
            .on(day(NaiveDate::from_ymd_opt(2026, 1, 20).unwrap_or_default()))
            .q(pop)
            .acled(AcledSubEventType::NonViolentTransferOfTerritory)
            .build(),
        event(&voa, EventType::Accuse, None, s_abandon)
            .cue(Cue::Leaving)
            .cue(Cue::Contrary)
            .actor(gov.clone())
            .recipient(sdf.clone())
            .at(camp)
            .source(gov)
            .build(),
        event(&voa, EventType::Agree, None, s_cf)
            .cue(Cue::Ceasefire)
            .actor(syr("Ahmad al-Sharaa", &["GOV"]))
            .recipient(sdf)
            .acled(AcledSubEventType::Agreement)
            .build(),
        clash,
    ];
    let s_kurd = "Kurdish sources said some 1,500 Islamic State detainees broke out of the prison in al-Shaddadi.";
    let kurd = doc(
        "kurdish-outlet",
        "Kurdish outlet",
        published,
        s_kurd.to_string(),
    );
    let kurd_events = vec![event(&kurd, EventType::Escape, None, s_kurd)
        .actor(isis)
        .at(prison)
        .q(quantity(QuantityKind::Escaped, 1500))
        .source(syr("Kurdish security sources", &["REB"]))
        .acled(AcledSubEventType::Other)
        .build()];
    vec![
        CodedDocument {
            document: voa,
            events: voa_events,
        },
        CodedDocument {
            document: kurd,
            events: kurd_events,
        },
    ]
}

/// Deterministic xorshift PRNG (no dependency, same sequence everywhere).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }
}

struct Town {
    name: &'static str,
    lat: f64,
    lon: f64,
    country: &'static str,
    admin1: &'static str,
}

const TOWNS: &[Town] = &[
    Town {
        name: "Raqqa",
        lat: 35.95,
        lon: 39.01,
        country: "SYR",
        admin1: "Ar-Raqqah",
    },
    Town {
        name: "Tabqa",
        lat: 35.84,
        lon: 38.55,
        country: "SYR",
        admin1: "Ar-Raqqah",
    },
    Town {
        name: "Hasakah",
        lat: 36.50,
        lon: 40.75,
        country: "SYR",
        admin1: "Al-Hasakah",
    },
    Town {
        name: "Qamishli",
        lat: 37.05,
        lon: 41.23,
        country: "SYR",
        admin1: "Al-Hasakah",
    },
    Town {
        name: "Shaddadi",
        lat: 36.06,
        lon: 40.73,
        country: "SYR",
        admin1: "Al-Hasakah",
    },
    Town {
        name: "Deir ez-Zor",
        lat: 35.34,
        lon: 40.14,
        country: "SYR",
        admin1: "Deir ez-Zor",
    },
    Town {
        name: "Mayadin",
        lat: 35.02,
        lon: 40.45,
        country: "SYR",
        admin1: "Deir ez-Zor",
    },
    Town {
        name: "Aleppo",
        lat: 36.20,
        lon: 37.16,
        country: "SYR",
        admin1: "Aleppo",
    },
    Town {
        name: "Manbij",
        lat: 36.53,
        lon: 37.95,
        country: "SYR",
        admin1: "Aleppo",
    },
    Town {
        name: "Idlib",
        lat: 35.93,
        lon: 36.63,
        country: "SYR",
        admin1: "Idlib",
    },
    Town {
        name: "Homs",
        lat: 34.73,
        lon: 36.71,
        country: "SYR",
        admin1: "Homs",
    },
    Town {
        name: "Palmyra",
        lat: 34.56,
        lon: 38.28,
        country: "SYR",
        admin1: "Homs",
    },
    Town {
        name: "Mosul",
        lat: 36.34,
        lon: 43.13,
        country: "IRQ",
        admin1: "Nineveh",
    },
    Town {
        name: "Sinjar",
        lat: 36.32,
        lon: 41.88,
        country: "IRQ",
        admin1: "Nineveh",
    },
    Town {
        name: "Kirkuk",
        lat: 35.47,
        lon: 44.39,
        country: "IRQ",
        admin1: "Kirkuk",
    },
    Town {
        name: "Tikrit",
        lat: 34.60,
        lon: 43.68,
        country: "IRQ",
        admin1: "Salah ad-Din",
    },
    Town {
        name: "Ramadi",
        lat: 33.42,
        lon: 43.30,
        country: "IRQ",
        admin1: "Anbar",
    },
    Town {
        name: "Fallujah",
        lat: 33.35,
        lon: 43.78,
        country: "IRQ",
        admin1: "Anbar",
    },
    Town {
        name: "Goma",
        lat: -1.68,
        lon: 29.22,
        country: "COD",
        admin1: "North Kivu",
    },
    Town {
        name: "Bunia",
        lat: 1.57,
        lon: 30.25,
        country: "COD",
        admin1: "Ituri",
    },
    Town {
        name: "Beni",
        lat: 0.49,
        lon: 29.47,
        country: "COD",
        admin1: "North Kivu",
    },
    Town {
        name: "Maiduguri",
        lat: 11.85,
        lon: 13.16,
        country: "NGA",
        admin1: "Borno",
    },
    Town {
        name: "Gao",
        lat: 16.27,
        lon: -0.04,
        country: "MLI",
        admin1: "Gao",
    },
    Town {
        name: "Timbuktu",
        lat: 16.77,
        lon: -3.01,
        country: "MLI",
        admin1: "Tombouctou",
    },
    Town {
        name: "El Fasher",
        lat: 13.63,
        lon: 25.35,
        country: "SDN",
        admin1: "North Darfur",
    },
    Town {
        name: "Nyala",
        lat: 12.05,
        lon: 24.88,
        country: "SDN",
        admin1: "South Darfur",
    },
    Town {
        name: "Kharkiv",
        lat: 49.99,
        lon: 36.23,
        country: "UKR",
        admin1: "Kharkiv",
    },
    Town {
        name: "Kherson",
        lat: 46.64,
        lon: 32.61,
        country: "UKR",
        admin1: "Kherson",
    },
    Town {
        name: "Sittwe",
        lat: 20.15,
        lon: 92.90,
        country: "MMR",
        admin1: "Rakhine",
    },
    Town {
        name: "Lashio",
        lat: 22.93,
        lon: 97.75,
        country: "MMR",
        admin1: "Shan",
    },
];

const FACILITIES: &[(&str, &str)] = &[
    ("prison", "central prison"),
    ("camp", "displacement camp"),
    ("airbase", "air base"),
    ("airport", "airport"),
];

fn actors_for(country: &str) -> Vec<Entity> {
    let state = |n: &str, s: &str| entity(&format!("{}: {}", country, n), country, &[s]);
    let mut v = vec![state("Military", "MIL"), state("Police", "COP")];
    let groups: &[&str] = match country {
        "SYR" => &[
            "Syrian Democratic Forces",
            "Hayat Tahrir al-Sham",
            "Syrian National Army",
        ],
        "IRQ" => &["Popular Mobilization Forces", "Peshmerga"],
        "COD" => &["M23", "Allied Democratic Forces", "CODECO"],
        "NGA" => &["Boko Haram", "ISWAP"],
        "MLI" => &["JNIM", "Azawad Liberation Front"],
        "SDN" => &["Rapid Support Forces", "Sudan Liberation Movement"],
        "UKR" => &["Russia: Military"],
        _ => &["Arakan Army", "Ta'ang National Liberation Army"],
    };
    for g in groups {
        if g.contains(':') {
            v.push(entity(g, "RUS", &["MIL"]));
        } else {
            v.push(entity(g, country, &["REB"]));
        }
    }
    v.push(entity("Islamic State", "IMG", &[]));
    v
}

/// One happening that documents report.
#[derive(Clone)]
struct Happening {
    kind: u64,
    town: usize,
    facility: Option<usize>,
    date: NaiveDate,
    a: usize,
    b: usize,
    figure: u64,
}

/// Generates documents until they hold at least `events` claims. Document ids are
/// `syn-{seed}-{n}`; outlets rotate over six names.
pub fn generate(claims: usize, seed: u64) -> impl Iterator<Item = CodedDocument> {
    let mut rng = Rng::new(seed ^ 0x9E37_79B9_7F4A_7C15);
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    let outlets = [
        "VOA",
        "Wire A",
        "Local radio",
        "Kurdish outlet",
        "Ministry site",
        "Monitor",
    ];
    let mut made = 0usize;
    let mut n = 0u64;
    let mut recent: Vec<Happening> = Vec::new();
    std::iter::from_fn(move || {
        if made >= claims {
            return None;
        }
        n += 1;
        let id = format!("syn-{seed}-{n}");
        let outlet = *rng.pick(&outlets);
        let k = 1 + rng.below(4) as usize;
        let mut happenings = Vec::with_capacity(k);
        for _ in 0..k {
            let again = !recent.is_empty() && rng.below(6) == 0;
            let h = if again {
                let mut h = rng.pick(&recent).clone();
                h.figure = h.figure * (2 + rng.below(10)) / 3 + 1;
                h
            } else {
                let town = rng.below(TOWNS.len() as u64) as usize;
                let h = Happening {
                    kind: rng.below(8),
                    town,
                    facility: (rng.below(3) == 0)
                        .then(|| rng.below(FACILITIES.len() as u64) as usize),
                    date: start + Duration::days(rng.below(730) as i64),
                    a: rng.below(6) as usize,
                    b: rng.below(6) as usize,
                    figure: 1 + rng.below(300),
                };
                if recent.len() >= 200 {
                    let i = rng.below(200) as usize;
                    recent[i] = h.clone();
                } else {
                    recent.push(h.clone());
                }
                h
            };
            happenings.push(h);
        }
        let published =
            happenings.iter().map(|h| h.date).max().unwrap_or(start) + Duration::days(1);
        let mut sentences = Vec::new();
        let mut specs = Vec::new();
        for (i, h) in happenings.iter().enumerate() {
            let t = &TOWNS[h.town];
            let actors = actors_for(t.country);
            let a = actors[h.a % actors.len()].clone();
            let mut b = actors[h.b % actors.len()].clone();
            if b.name == a.name {
                b = actors[(h.b + 1) % actors.len()].clone();
            }
            let fac = h.facility.map(|f| FACILITIES[f]);
            let fac_name = fac.map(|(_, n)| format!("{} {}", t.name, n));
            let gid = 900_000 + h.town as u64;
            let loc = place(
                t.name,
                gid,
                t.lat,
                t.lon,
                t.country,
                t.admin1,
                "PPL",
                fac.map(|(k, _)| k).zip(fac_name.as_deref()),
            );
            let where_ = fac_name.clone().unwrap_or_else(|| t.name.to_string());
            let (sentence, ty, mode, qk, acled) = match h.kind {
                0 => (
                    format!(
                        "{} fighters clashed with {} near {} on {} ({i}).",
                        a.name, b.name, where_, h.date
                    ),
                    EventType::Assault,
                    None,
                    Some(QuantityKind::Killed),
                    AcledSubEventType::ArmedClash,
                ),
                1 => (
                    format!(
                        "{} detainees escaped from {} on {} ({i}).",
                        h.figure, where_, h.date
                    ),
                    EventType::Escape,
                    None,
                    Some(QuantityKind::Escaped),
                    AcledSubEventType::Other,
                ),
                2 => (
                    format!(
                        "{} arrested {} people in {} on {} ({i}).",
                        a.name, h.figure, where_, h.date
                    ),
                    EventType::Coerce,
                    Some("arrest"),
                    Some(QuantityKind::Arrested),
                    AcledSubEventType::Arrests,
                ),
                3 => (
                    format!(
                        "{} took control of {} from {} on {} ({i}).",
                        a.name, where_, b.name, h.date
                    ),
                    EventType::Coerce,
                    Some("seize"),
                    None,
                    AcledSubEventType::NonStateActorOvertakesTerritory,
                ),
                4 => (
                    format!("{} withdrew from {} on {} ({i}).", a.name, where_, h.date),
                    EventType::Retreat,
                    Some("withdraw"),
                    None,
                    AcledSubEventType::NonViolentTransferOfTerritory,
                ),
                5 => (
                    format!(
                        "A drone strike by {} on {} killed {} on {} ({i}).",
                        a.name, where_, h.figure, h.date
                    ),
                    EventType::Assault,
                    Some("drone"),
                    Some(QuantityKind::Killed),
                    AcledSubEventType::AirDroneStrike,
                ),
                6 => (
                    format!("Hundreds protested in {} on {} ({i}).", where_, h.date),
                    EventType::Protest,
                    None,
                    Some(QuantityKind::Size),
                    AcledSubEventType::PeacefulProtest,
                ),
                _ => (
                    format!(
                        "{} deployed troops to {} on {} ({i}).",
                        a.name, where_, h.date
                    ),
                    EventType::Mobilize,
                    None,
                    None,
                    AcledSubEventType::ChangeToGroupActivity,
                ),
            };
            sentences.push(sentence.clone());
            specs.push((sentence, ty, mode, qk, acled, a, b, loc, h.clone()));
        }
        let document = doc(&id, outlet, published, sentences.join(" "));
        let mut events = Vec::with_capacity(specs.len());
        for (sentence, ty, mode, qk, acled, a, b, loc, h) in specs {
            let mut e = event(&document, ty, mode, &sentence)
                .at(loc)
                .on(day(h.date))
                .acled(acled);
            e = match ty {
                EventType::Escape | EventType::Protest => e,
                EventType::Retreat | EventType::Mobilize => e.actor(a),
                EventType::Assault if mode.is_none() => e.actor(a).actor(b),
                _ => e.actor(a).recipient(b),
            };
            if let Some(k) = qk {
                e = e.q(quantity(k, h.figure));
            }
            if rng.below(3) == 0 {
                e = e.source(entity(&format!("{outlet} correspondent"), "", &["JRN"]));
            }
            events.push(e.build());
        }
        made += events.len();
        Some(CodedDocument { document, events })
    })
}
