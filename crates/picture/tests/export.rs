mod common;
use common::*;
use sitrep_picture::export::{geojson, write_acled_csv, ACLED_COLUMNS};
use sitrep_picture::{build_sites, merge_all};

#[test]
fn acled_csv_rows() {
    let merged = merge_all(seed_claims());
    let sums: Vec<_> = merged.iter().map(|m| m.summary()).collect();
    let mut buf = Vec::new();
    let n = write_acled_csv(&mut buf, &sums).unwrap();
    // The accusation is folded into the withdrawal; every merged event has an ACLED type.
    assert_eq!(
        n,
        6,
        "{:#?}",
        sums.iter()
            .map(|s| (s.event_type, s.acled.clone()))
            .collect::<Vec<_>>()
    );
    let text = String::from_utf8(buf).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .unwrap()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        headers,
        ACLED_COLUMNS
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 6);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let escape = rows
        .iter()
        .find(|r| r[col("notes")].contains("Disputed escaped"))
        .expect("escape row");
    assert_eq!(&escape[col("country")], "Syria");
    assert_eq!(&escape[col("event_type")], "Strategic developments");
    assert_eq!(&escape[col("admin1")], "Al-Hasakah");
    assert_eq!(&escape[col("location")], "Ash Shaddadah");
    assert_eq!(&escape[col("geo_precision")], "1");
    assert_eq!(&escape[col("event_date")], "2026-01-21");
    assert_eq!(&escape[col("time_precision")], "3");
    assert!(escape[col("notes")].contains("Disputed escaped: sources give 120 to 1,500; coded 120"));
    assert!(escape[col("tags")].contains("disputed"));
    assert!(escape[col("event_id_cnty")].starts_with("SYR"));
    let withdraw = rows
        .iter()
        .find(|r| r[col("notes")].contains("withdrawal"))
        .unwrap();
    assert_eq!(&withdraw[col("event_date")], "2026-01-20");
    assert_eq!(&withdraw[col("time_precision")], "1");
    assert_eq!(&withdraw[col("actor1")], "Syrian Democratic Forces");
    assert_eq!(&withdraw[col("inter1")], "Rebel group");
    let clash = rows
        .iter()
        .find(|r| &r[col("sub_event_type")] == "Armed clash")
        .unwrap();
    assert_eq!(&clash[col("actor1")], "Syria: Military");
    assert_eq!(&clash[col("actor2")], "Syrian Democratic Forces");
    assert_eq!(&clash[col("interaction")], "State forces-Rebel group");
    assert_eq!(&clash[col("disorder_type")], "Political violence");
    assert_eq!(&clash[col("geo_precision")], "3");
}

#[test]
fn verbal_events_are_not_exported() {
    let d = doc("a", "A", "2026-01-21");
    let acc = E::new(
        "",
        sitrep_model::EventType::Accuse,
        None,
        "The SDF accused the coalition.",
    )
    .actor(sdf())
    .claim(&d);
    let sums: Vec<_> = merge_all(vec![acc]).iter().map(|m| m.summary()).collect();
    let mut buf = Vec::new();
    assert_eq!(write_acled_csv(&mut buf, &sums).unwrap(), 0);
    assert_eq!(
        String::from_utf8(buf).unwrap().lines().count(),
        1,
        "header only"
    );
}

#[test]
fn geojson_feature_collection() {
    let merged = merge_all(seed_claims());
    let sums: Vec<_> = merged.iter().map(|m| m.summary()).collect();
    let sites = build_sites(&merged);
    let g = geojson(&sums, &sites);
    assert_eq!(g["type"], "FeatureCollection");
    let feats = g["features"].as_array().unwrap();
    assert_eq!(feats.len(), sums.len() + sites.len());
    let prison = feats
        .iter()
        .find(|f| f["properties"]["name"] == "al-Shaddadi prison")
        .unwrap();
    assert_eq!(prison["geometry"]["type"], "Point");
    assert_eq!(prison["geometry"]["coordinates"][0], 40.730);
    assert_eq!(prison["geometry"]["coordinates"][1], 36.056);
    assert_eq!(prison["properties"]["at_large"], 39);
    let escape = feats
        .iter()
        .find(|f| f["properties"]["event_type"] == "ESCAPE")
        .unwrap();
    assert_eq!(escape["properties"]["figures"]["escaped"]["best"], 120);
    assert_eq!(escape["properties"]["disputed"], true);
    for f in feats {
        assert_eq!(f["type"], "Feature");
        assert!(f["geometry"].is_null() || f["geometry"]["type"] == "Point");
    }
}
