mod common;
use common::*;
use sitrep_model::AcledSubEventType;
use sitrep_picture::export::{geojson, write_acled_csv, AcledOptions, Excluded, ACLED_COLUMNS};
use sitrep_picture::{build_sites, merge_all, DocMeta};

#[test]
fn acled_csv_rows() {
    let merged = merge_all(seed_claims());
    let sums: Vec<_> = merged.iter().map(|m| m.summary()).collect();
    let mut buf = Vec::new();
    let n = write_acled_csv(&mut buf, &sums, AcledOptions::default())
        .unwrap()
        .rows;
    // The accusation is folded into the withdrawal; every merged event has an ACLED type.
    assert_eq!(
        n,
        6,
        "{:#?}",
        sums.iter()
            .map(|s| (s.event_type, s.acled))
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
    let export = write_acled_csv(&mut buf, &sums, AcledOptions::default()).unwrap();
    assert_eq!(export.rows, 0);
    assert_eq!(export.excluded.get(&Excluded::NoAcledType), Some(&1));
    assert_eq!(export.left_out_text(), "1 verbal events (no ACLED type)");
    assert_eq!(
        String::from_utf8(buf).unwrap().lines().count(),
        1,
        "header only"
    );
}

/// Regression: events with an ACLED type but no date (undated reports, no date in the
/// text) were left out of the CSV without a word.
#[test]
fn undated_events_are_counted_and_can_be_included() {
    let undated_doc = DocMeta {
        published: None,
        ..doc("u", "U", "2026-01-21")
    };
    let dated = doc("a", "A", "2026-01-21");
    let attack = |d: &DocMeta, text: &str, place: sitrep_model::Location| {
        E::new("", sitrep_model::EventType::Assault, None, text)
            .actor(army())
            .recipient(sdf())
            .at(place)
            .acled(AcledSubEventType::ArmedClash)
            .claim(d)
    };
    let mut historical = E::new(
        "",
        sitrep_model::EventType::Assault,
        None,
        "Years ago the army attacked the SDF near Hasakah.",
    )
    .actor(army())
    .at(hol())
    .acled(AcledSubEventType::ArmedClash);
    historical.0.historical = true;
    let claims = vec![
        attack(&undated_doc, "The army attacked the SDF in Raqqa.", raqqa()),
        attack(
            &dated,
            "Troops shelled SDF positions in Hasakah.",
            shaddadi(),
        ),
        historical.claim(&dated),
    ];
    let sums: Vec<_> = merge_all(claims).iter().map(|m| m.summary()).collect();
    assert_eq!(sums.len(), 3, "{sums:#?}");

    let mut buf = Vec::new();
    let export = write_acled_csv(&mut buf, &sums, AcledOptions::default()).unwrap();
    assert_eq!(export.rows, 1);
    assert_eq!(export.left_out(), 2);
    assert_eq!(
        export.left_out_text(),
        "1 historical mentions, 1 undated events (no date in the text, no publication date)"
    );
    assert_eq!(String::from_utf8(buf).unwrap().lines().count(), 2);

    let mut buf = Vec::new();
    let opts = AcledOptions {
        include_undated: true,
    };
    let export = write_acled_csv(&mut buf, &sums, opts).unwrap();
    assert_eq!(export.rows, 2);
    assert_eq!(export.excluded.get(&Excluded::Undated), None);
    let text = String::from_utf8(buf).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let undated = rows
        .iter()
        .find(|r| r[col("event_date")].is_empty())
        .expect("the undated row");
    assert_eq!(&undated[col("year")], "");
    assert_eq!(&undated[col("location")], "Raqqa");
    assert!(undated[col("notes")].contains("[Undated:"), "{undated:?}");
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
