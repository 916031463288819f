//! Scoring a situation picture against the gold `sites`.

use super::*;

/// One site of a situation picture, as [`score_sites`] needs it (the caller builds it from
/// whatever holds the picture).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SiteSummary {
    pub name: String,
    /// prison, camp, base, ..., town.
    pub kind: String,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub escaped: Option<u64>,
    #[serde(default)]
    pub recaptured: Option<u64>,
    #[serde(default)]
    pub at_large: Option<u64>,
    #[serde(default)]
    pub population: Option<u64>,
    /// Names of who held the site before the first change.
    #[serde(default)]
    pub controller_before: Vec<String>,
    /// Names of who holds it now.
    #[serde(default)]
    pub controller_after: Vec<String>,
}

/// The outcome for one gold site.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteResult {
    pub id: String,
    pub found: bool,
    /// Name of the picture site that was compared.
    pub site: Option<String>,
    pub fields: Vec<FieldCheck>,
}

/// How well a situation picture matches the gold `sites`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SitesReport {
    pub doc_id: String,
    pub total: usize,
    pub found: usize,
    pub fields_right: usize,
    pub fields_total: usize,
    pub sites: Vec<SiteResult>,
}

fn site_fields(doc: &GoldDoc, g: &GoldSite, s: &SiteSummary) -> Vec<FieldCheck> {
    let mut out = Vec::new();
    let show = |v: Option<u64>| v.map_or("(none)".to_string(), |v| v.to_string());
    if let Some(k) = &g.kind {
        out.push(FieldCheck {
            field: "kind".into(),
            ok: k.trim().eq_ignore_ascii_case(s.kind.trim()),
            expected: k.clone(),
            got: s.kind.clone(),
        });
    }
    for (field, want, got) in [
        ("escaped", g.escaped, s.escaped),
        ("recaptured", g.recaptured, s.recaptured),
        ("at_large", g.at_large, s.at_large),
    ] {
        if let Some(w) = want {
            out.push(FieldCheck {
                field: field.into(),
                ok: got == Some(w),
                expected: w.to_string(),
                got: show(got),
            });
        }
    }
    if let Some(r) = &g.population {
        let ok = s
            .population
            .is_some_and(|v| r.min.map_or(true, |m| v >= m) && r.max.map_or(true, |m| v <= m));
        out.push(FieldCheck {
            field: "population".into(),
            ok,
            expected: format!("{}..{}", show(r.min), show(r.max)),
            got: show(s.population),
        });
    }
    for (field, want, names) in [
        (
            "controller_before",
            &g.controller_before,
            &s.controller_before,
        ),
        ("controller_after", &g.controller_after, &s.controller_after),
    ] {
        if let Some(key) = want {
            let ok = doc.gold.entities.get(key).is_some_and(|set| {
                names.iter().any(|n| {
                    let e = Entity {
                        text: n.clone(),
                        name: n.clone(),
                        ..Default::default()
                    };
                    entity_matches(set, &e)
                })
            });
            out.push(FieldCheck {
                field: field.into(),
                ok,
                expected: key.clone(),
                got: if names.is_empty() {
                    "(none)".into()
                } else {
                    names.join(", ")
                },
            });
        }
    }
    out
}

/// Compares a situation picture with the gold `sites`. A gold site's `id` names a place set;
/// the picture site compared with it is one whose name contains an alias of that place or whose
/// point lies within its radius, preferring the right kind and then the most fields right.
pub fn score_sites(doc: &GoldDoc, sites: &[SiteSummary]) -> SitesReport {
    let mut results = Vec::new();
    for g in &doc.gold.sites {
        let place = doc.gold.places.get(&g.id);
        let best = sites
            .iter()
            .filter(|s| {
                place.is_some_and(|p| {
                    let loc = Location {
                        text: s.name.clone(),
                        name: s.name.clone(),
                        lat: s.lat,
                        lon: s.lon,
                        ..Default::default()
                    };
                    place_matches(p, &loc)
                })
            })
            .map(|s| (s, site_fields(doc, g, s)))
            .max_by_key(|(s, f)| {
                let kind_ok = g
                    .kind
                    .as_ref()
                    .is_some_and(|k| k.eq_ignore_ascii_case(&s.kind));
                (kind_ok, f.iter().filter(|c| c.ok).count())
            });
        results.push(match best {
            Some((s, fields)) => SiteResult {
                id: g.id.clone(),
                found: true,
                site: Some(s.name.clone()),
                fields,
            },
            None => SiteResult {
                id: g.id.clone(),
                found: false,
                site: None,
                fields: Vec::new(),
            },
        });
    }
    SitesReport {
        doc_id: doc.gold.document.id.clone(),
        total: results.len(),
        found: results.iter().filter(|r| r.found).count(),
        fields_right: results
            .iter()
            .flat_map(|r| &r.fields)
            .filter(|c| c.ok)
            .count(),
        fields_total: results.iter().map(|r| r.fields.len()).sum(),
        sites: results,
    }
}

impl fmt::Display for SitesReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "#### Sites of `{}`: found {}, fields {}\n",
            self.doc_id,
            frac(self.found, self.total),
            frac(self.fields_right, self.fields_total)
        )?;
        let rows: Vec<Vec<String>> = self
            .sites
            .iter()
            .map(|r| {
                vec![
                    r.id.clone(),
                    r.site.clone().unwrap_or_else(|| "**not found**".into()),
                    format!(
                        "{}/{}",
                        r.fields.iter().filter(|c| c.ok).count(),
                        r.fields.len()
                    ),
                    r.fields
                        .iter()
                        .filter(|c| !c.ok)
                        .map(|c| format!("{}: want {}, got {}", c.field, c.expected, c.got))
                        .collect::<Vec<_>>()
                        .join("; "),
                ]
            })
            .collect();
        write!(
            f,
            "{}",
            markdown(
                &["gold site", "picture site", "fields", "wrong fields"],
                &rows
            )
        )
    }
}
