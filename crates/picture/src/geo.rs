//! Place comparison.

use crate::normalize_name;
use sitrep_model::{haversine_km, Location};

/// Distance within which two precision-1 places are the same place.
pub const SAME_PLACE_KM: f64 = 10.0;
/// Distance within which two precision-2 ("near X", part of a region) places are the same.
pub const NEAR_PLACE_KM: f64 = 25.0;

/// How well two locations fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlaceFit {
    /// Different places.
    No,
    /// At least one side has no location: only merge when everything else matches.
    Unknown,
    /// Same province (or country) at precision 3: only merge when everything else matches.
    Region,
    /// Same place within the looser precision-2 radius.
    Near,
    /// Same place (same geonameid, same name, or within [`SAME_PLACE_KM`]).
    Exact,
}

fn coords(l: &Location) -> Option<(f64, f64)> {
    match (l.lat, l.lon) {
        (Some(a), Some(b)) if a.is_finite() && b.is_finite() => Some((a, b)),
        _ => None,
    }
}

fn same_opt(a: &Option<String>, b: &Option<String>) -> Option<bool> {
    match (a, b) {
        (Some(x), Some(y)) => Some(normalize_name(x) == normalize_name(y)),
        _ => None,
    }
}

/// Whether the location is only a province/country (ACLED geo_precision 3) or an
/// administrative area.
pub fn is_region(l: &Location) -> bool {
    l.precision >= 3
        || l.feature
            .as_deref()
            .map(|f| f.starts_with("ADM") || f.starts_with("PCL"))
            .unwrap_or(false)
}

/// Compares two locations within their precision.
pub fn place_fit(a: Option<&Location>, b: Option<&Location>) -> PlaceFit {
    let (a, b) = match (a, b) {
        (Some(a), Some(b)) => (a, b),
        _ => return PlaceFit::Unknown,
    };
    // Countries, when both known, must agree.
    if same_opt(&a.country, &b.country) == Some(false) {
        return PlaceFit::No;
    }
    // Two different named facilities are two places even in one town.
    if let (Some(fa), Some(fb)) = (&a.facility, &b.facility) {
        // Same kind with other wording ("al-Shaddadi prison", "Shaddadi central prison") is
        // left to the town comparison below.
        if normalize_name(&fa.name) != normalize_name(&fb.name) && fa.kind != fb.kind {
            return PlaceFit::No;
        }
    }
    if is_region(a) || is_region(b) {
        // Province level: same admin1 (or same country when an admin1 is missing).
        return match same_opt(&a.admin1, &b.admin1) {
            Some(true) => PlaceFit::Region,
            Some(false) => {
                // A town inside the province the other names also fits at region level.
                let (ra, rb) = (is_region(a), is_region(b));
                let name_eq = |r: &Location, o: &Location| {
                    o.admin1.as_deref().map(normalize_name) == Some(normalize_name(&r.name))
                };
                if (ra && name_eq(a, b)) || (rb && name_eq(b, a)) {
                    PlaceFit::Region
                } else {
                    PlaceFit::No
                }
            }
            None => {
                if same_opt(&a.country, &b.country) == Some(true) {
                    PlaceFit::Region
                } else {
                    PlaceFit::No
                }
            }
        };
    }
    if let (Some(x), Some(y)) = (a.geonameid, b.geonameid) {
        if x == y {
            return PlaceFit::Exact;
        }
    }
    if let (Some((la, lo)), Some((lb, lob))) = (coords(a), coords(b)) {
        let d = haversine_km(la, lo, lb, lob);
        let p = a.precision.max(b.precision);
        if d <= SAME_PLACE_KM {
            return PlaceFit::Exact;
        }
        if p >= 2 && d <= NEAR_PLACE_KM {
            return PlaceFit::Near;
        }
        return PlaceFit::No;
    }
    // No coordinates on one side: compare names.
    let na = normalize_name(&a.name);
    let nb = normalize_name(&b.name);
    if !na.is_empty() && na == nb {
        return PlaceFit::Exact;
    }
    PlaceFit::No
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(name: &str, lat: f64, lon: f64, p: u8) -> Location {
        Location {
            text: name.into(),
            name: name.into(),
            geonameid: None,
            lat: Some(lat),
            lon: Some(lon),
            country: Some("SYR".into()),
            admin1: Some("Al-Hasakah".into()),
            feature: Some("PPL".into()),
            precision: p,
            facility: None,
            span: None,
        }
    }

    #[test]
    fn fits() {
        let a = loc("Shaddadi", 36.056, 40.730, 1);
        let b = loc("al-Shaddadi", 36.06, 40.74, 1);
        let c = loc("al-Hol", 36.378, 41.149, 1);
        assert_eq!(place_fit(Some(&a), Some(&b)), PlaceFit::Exact);
        assert_eq!(place_fit(Some(&a), Some(&c)), PlaceFit::No);
        assert_eq!(place_fit(Some(&a), None), PlaceFit::Unknown);
        let mut r = loc("Al-Hasakah", 36.5, 40.75, 3);
        r.feature = Some("ADM1".into());
        assert_eq!(place_fit(Some(&a), Some(&r)), PlaceFit::Region);
        let mut other_country = c.clone();
        other_country.country = Some("IRQ".into());
        assert_eq!(place_fit(Some(&a), Some(&other_country)), PlaceFit::No);
    }
}
