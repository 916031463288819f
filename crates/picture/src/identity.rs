//! Site identity: one site per real facility. Facilities of one kind in one town whose names
//! differ only by descriptive words and spelling are one site (under its most reported name;
//! the other names are its aliases); a pure description ("the prison in X") joins the town's
//! one named facility of its kind; detention figures reported for a town belong to its one
//! detention facility.

use crate::site_words::SiteWords;
use crate::sites::Site;
use std::collections::BTreeMap;

/// How the facilities of a set of events resolve.
pub(crate) struct Identity {
    /// Facility site id -> (its site, its town key, how many events are at it).
    pub facs: BTreeMap<String, (Site, Option<String>, usize)>,
    /// Facility site id -> the site id it is one with.
    pub remap: BTreeMap<String, String>,
    /// Site id -> the other names it goes by.
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Town key -> its one detention facility (`None` when it has several).
    pub town_prison: BTreeMap<String, Option<String>>,
}

/// A facility of a town and kind: (site id, name stem, events at it, name).
type Member = (String, String, usize, String);

/// Resolves facilities given as (site id, fresh site, town key), one entry per event at them.
pub(crate) fn resolve(facilities: &[(&str, &Site, Option<&str>)], words: &SiteWords) -> Identity {
    let mut facs: BTreeMap<String, (Site, Option<String>, usize)> = BTreeMap::new();
    for (id, site, town) in facilities {
        let e =
            facs.entry(id.to_string())
                .or_insert(((*site).clone(), town.map(str::to_string), 0));
        e.2 += 1;
    }
    let mut remap: BTreeMap<String, String> = BTreeMap::new();
    let mut groups: BTreeMap<(Option<String>, String), Vec<Member>> = BTreeMap::new();
    for (id, (site, town, n)) in &facs {
        let stem = words.facility_stem(&site.name, site.town.as_deref());
        groups
            .entry((town.clone(), site.kind.clone()))
            .or_default()
            .push((id.clone(), stem, *n, site.name.clone()));
    }
    for members in groups.values() {
        let mut stems: Vec<&str> = members
            .iter()
            .map(|m| m.1.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        stems.sort();
        stems.dedup();
        let class_of = |stem: &str| -> String {
            if stem.is_empty() && stems.len() == 1 {
                stems[0].to_string()
            } else {
                stem.to_string()
            }
        };
        let mut classes: BTreeMap<String, Vec<&Member>> = BTreeMap::new();
        for m in members {
            classes.entry(class_of(&m.1)).or_default().push(m);
        }
        for ms in classes.values() {
            let Some(lead) = ms
                .iter()
                .max_by(|a, b| a.2.cmp(&b.2).then_with(|| b.0.cmp(&a.0)))
            else {
                continue;
            };
            for m in ms {
                if m.0 != lead.0 {
                    remap.insert(m.0.clone(), lead.0.clone());
                }
            }
        }
    }
    let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (from, to) in &remap {
        if let Some((site, _, _)) = facs.get(from) {
            aliases
                .entry(to.clone())
                .or_default()
                .push(site.name.clone());
        }
    }
    // Detention figures reported for a town belong to its one detention facility.
    let mut town_prison: BTreeMap<String, Option<String>> = BTreeMap::new();
    for (id, (site, town, _)) in &facs {
        if remap.contains_key(id) || !words.is_detention_kind(&site.kind) {
            continue;
        }
        if let Some(tk) = town {
            town_prison
                .entry(tk.clone())
                .and_modify(|v| *v = None)
                .or_insert(Some(id.clone()));
        }
    }
    Identity {
        facs,
        remap,
        aliases,
        town_prison,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_model::Location;

    fn fac(id: &str, name: &str, kind: &str) -> Site {
        let l = Location {
            text: name.into(),
            name: "Mora".into(),
            geonameid: Some(1),
            lat: None,
            lon: None,
            country: Some("CMR".into()),
            admin1: None,
            feature: None,
            precision: 1,
            span: None,
            facility: None,
        };
        let (mut s, _) = crate::sites::site_of(&l).unwrap_or_else(|| unreachable!());
        s.id = id.into();
        s.name = name.into();
        s.kind = kind.into();
        s.town = Some("Mora".into());
        s
    }

    #[test]
    fn a_description_joins_the_towns_named_facility() {
        let a = fac(
            "fac:geo:1:military base in mora",
            "military base in Mora",
            "base",
        );
        let b = fac("fac:geo:1:base in mora", "base in Mora", "base");
        let c = fac("fac:geo:1:mora prison", "Mora prison", "prison");
        let t = Some("geo:1");
        let id = resolve(
            &[
                (a.id.as_str(), &a, t),
                (a.id.as_str(), &a, t),
                (b.id.as_str(), &b, t),
                (c.id.as_str(), &c, t),
            ],
            SiteWords::embedded(),
        );
        assert_eq!(id.remap.get(&b.id), Some(&a.id), "one base");
        assert_eq!(
            id.aliases.get(&a.id),
            Some(&vec!["base in Mora".to_string()])
        );
        assert!(!id.remap.contains_key(&c.id), "a prison is no base");
        assert_eq!(id.town_prison.get("geo:1"), Some(&Some(c.id.clone())));
    }
}
