//! Distances on the globe: the one great-circle formula of sitrep (the gazetteer's
//! disambiguation, the picture's merge rules and the gold scorer's place radii all use it).

/// Radius of the sphere the distances are measured on, in kilometres.
pub const EARTH_RADIUS_KM: f64 = 6371.0;

/// Great-circle (haversine) distance in kilometres between two points given in degrees.
/// (Inline: the gazetteer calls it in hot loops, and is optimised even in debug builds.)
#[inline]
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_is_sane() {
        // Shaddadi to al-Hol is about 50 km.
        let d = haversine_km(36.056, 40.730, 36.378, 41.149);
        assert!((45.0..55.0).contains(&d), "{d}");
        assert!(haversine_km(1.0, 1.0, 1.0, 1.0) < 1e-9);
        // symmetric, and a quarter of the equator is a quarter of the circumference
        assert_eq!(
            haversine_km(36.056, 40.730, 36.378, 41.149),
            haversine_km(36.378, 41.149, 36.056, 40.730)
        );
        let quarter = haversine_km(0.0, 0.0, 0.0, 90.0);
        assert!((quarter - EARTH_RADIUS_KM * std::f64::consts::FRAC_PI_2).abs() < 1e-6);
        // antipodes: the clamp keeps asin in range
        let half = haversine_km(0.0, 0.0, 0.0, 180.0);
        assert!((half - EARTH_RADIUS_KM * std::f64::consts::PI).abs() < 1e-6);
    }
}
