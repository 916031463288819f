//! Data-driven place cases from `tests/places.tsv`.
use sitrep_gazetteer::{fold::fold, Gazetteer, PlaceKind, Span};

fn sentences(text: &str) -> Vec<Span> {
    vec![Span::new(0, text.len())]
}

fn kind_name(k: PlaceKind) -> &'static str {
    match k {
        PlaceKind::Facility => "Facility",
        PlaceKind::Settlement => "Settlement",
        PlaceKind::Admin1 => "Admin1",
        PlaceKind::Admin2 => "Admin2",
        PlaceKind::Region => "Region",
        PlaceKind::Country => "Country",
        PlaceKind::Water => "Water",
    }
}

#[test]
fn places_table() {
    let g = Gazetteer::embedded();
    let data = include_str!("places.tsv");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in data.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        n += 1;
        let cols: Vec<&str> = line.split('\t').collect();
        let text = cols[0];
        let got = g.places_in(text, &sentences(text));
        let shown: Vec<String> = got
            .iter()
            .map(|m| {
                let l = &m.location;
                format!(
                    "{:?} '{}' -> {} {} p{} {}",
                    m.kind,
                    l.text,
                    l.name,
                    l.country.as_deref().unwrap_or(""),
                    l.precision,
                    l.feature.as_deref().unwrap_or("")
                )
            })
            .collect();
        for m in &got {
            assert!(m.span.slice(text).is_some(), "bad span in {text}");
        }
        if cols.get(1) == Some(&"-") {
            if !got.is_empty() {
                failures.push(format!("{text}\n   expected no place, got {shown:?}"));
            }
            continue;
        }
        let (name, country, prec, feature, kind) = (cols[1], cols[2], cols[3], cols[4], cols[5]);
        let ok = got.iter().any(|m| {
            let l = &m.location;
            fold(&l.name) == fold(name)
                && l.country.as_deref() == Some(country).filter(|c| *c != "-")
                && l.precision.to_string() == prec
                && l.feature.as_deref() == Some(feature)
                && kind_name(m.kind) == kind
        });
        if !ok {
            failures.push(format!(
                "{text}\n   expected {name} {country} p{prec} {feature} {kind}, got {shown:?}"
            ));
        }
    }
    assert!(n >= 5);
    assert!(
        failures.is_empty(),
        "{} of {} place cases failed:\n{}",
        failures.len(),
        n,
        failures.join("\n")
    );
}
