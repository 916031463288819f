//! Actor comparison: by canonical name, or by country and sector.

use crate::normalize_name;
use sitrep_model::Entity;

/// Sectors of the state apparatus: "the government", "the army", "security forces" and
/// "the interior ministry" of one country are one side.
pub const STATE_SECTORS: [&str; 6] = ["GOV", "MIL", "COP", "SPY", "JUD", "LEG"];

pub fn is_state(e: &Entity) -> bool {
    e.sector.iter().any(|s| STATE_SECTORS.contains(&s.as_str()))
}

/// Display name of an entity: canonical name, else its text.
pub fn display_name(e: &Entity) -> &str {
    if e.name.trim().is_empty() {
        e.text.trim()
    } else {
        e.name.trim()
    }
}

/// A specifically named group ("Hayat Tahrir al-Sham") as opposed to a generic mention
/// ("rebels", "gunmen") or a country-and-role label ("Syria: Rebels").
fn is_specific(e: &Entity) -> bool {
    let n = e.name.trim();
    !n.is_empty() && n.chars().next().map(|c| c.is_uppercase()).unwrap_or(false) && !n.contains(':')
}

/// Whether two entity mentions refer to the same actor (or the same side).
pub fn same_actor(a: &Entity, b: &Entity) -> bool {
    let (na, nb) = (
        normalize_name(display_name(a)),
        normalize_name(display_name(b)),
    );
    if !na.is_empty() && na == nb {
        return true;
    }
    let country_eq = match (&a.country, &b.country) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => false,
    };
    if !country_eq {
        return false;
    }
    if is_state(a) && is_state(b) {
        return true;
    }
    let shared_sector = a.sector.iter().any(|s| b.sector.contains(s));
    if !shared_sector {
        return false;
    }
    // Two differently named non-state groups of one country are not the same actor just
    // because both are, say, rebels; a generic mention ("rebels", "militants") is.
    !(is_specific(a) && is_specific(b))
}

/// How two lists of participants relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ActorFit {
    /// Both sides name participants and none is shared.
    Disjoint,
    /// One side names nobody.
    Neutral,
    /// At least one shared participant.
    Overlap,
}

pub fn actor_fit(a: &[&Entity], b: &[&Entity]) -> ActorFit {
    if a.is_empty() || b.is_empty() {
        return ActorFit::Neutral;
    }
    if a.iter().any(|x| b.iter().any(|y| same_actor(x, y))) {
        ActorFit::Overlap
    } else {
        ActorFit::Disjoint
    }
}

/// Adds entities not yet represented (the same actor by [`same_actor`]) to `into`.
pub fn union_into(into: &mut Vec<sitrep_model::Entity>, more: &[sitrep_model::Entity]) {
    for e in more {
        let n = normalize_name(display_name(e));
        if n.is_empty() {
            continue;
        }
        if !into.iter().any(|x| same_actor(x, e)) {
            into.push(e.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn ent(name: &str, country: &str, sectors: &[&str]) -> Entity {
        Entity {
            text: name.into(),
            name: name.into(),
            country: Some(country.into()),
            sector: sectors.iter().map(|s| s.to_string()).collect(),
            span: None,
        }
    }

    #[test]
    fn matching() {
        let gov = ent("Syrian government", "SYR", &["GOV"]);
        let army = ent("Syrian Arab Army", "SYR", &["MIL"]);
        let sdf = ent("Syrian Democratic Forces", "SYR", &["REB"]);
        let hts = ent("Hayat Tahrir al-Sham", "SYR", &["REB"]);
        let rebels = ent("rebels", "SYR", &["REB"]);
        assert!(same_actor(&gov, &army));
        assert!(!same_actor(&gov, &sdf));
        assert!(!same_actor(&sdf, &hts));
        assert!(same_actor(&sdf, &rebels));
        assert!(same_actor(&sdf, &ent("SYRIAN DEMOCRATIC FORCES", "", &[])));
        assert_eq!(actor_fit(&[&gov], &[&army, &sdf]), ActorFit::Overlap);
        assert_eq!(actor_fit(&[&gov], &[&sdf]), ActorFit::Disjoint);
        assert_eq!(actor_fit(&[], &[&sdf]), ActorFit::Neutral);
    }
}
