//! ACLED event types and sub-event types (ACLED codebook), as enums so that a misspelt type
//! cannot compile. They serialise as ACLED's own spellings ("Explosions/Remote violence",
//! "Air/drone strike"), which is also what the CSV export writes.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(#[doc = $text] $variant,)*
        }

        impl $name {
            /// Every value, in the codebook's order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// ACLED's spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            /// The value with ACLED's spelling `s` (exact match).
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($text => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                $name::parse(&s).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        concat!("unknown ", stringify!($name), " {:?}"),
                        s
                    ))
                })
            }
        }
    };
}

string_enum! {
    /// ACLED's six event types.
    AcledEventType {
        Battles => "Battles",
        ExplosionsRemoteViolence => "Explosions/Remote violence",
        ViolenceAgainstCivilians => "Violence against civilians",
        Protests => "Protests",
        Riots => "Riots",
        StrategicDevelopments => "Strategic developments",
    }
}

string_enum! {
    /// ACLED's 25 sub-event types; each belongs to one event type ([`AcledSubEventType::event_type`]).
    AcledSubEventType {
        ArmedClash => "Armed clash",
        GovernmentRegainsTerritory => "Government regains territory",
        NonStateActorOvertakesTerritory => "Non-state actor overtakes territory",
        ChemicalWeapon => "Chemical weapon",
        AirDroneStrike => "Air/drone strike",
        SuicideBomb => "Suicide bomb",
        ShellingArtilleryMissileAttack => "Shelling/artillery/missile attack",
        RemoteExplosiveLandmineIed => "Remote explosive/landmine/IED",
        Grenade => "Grenade",
        SexualViolence => "Sexual violence",
        Attack => "Attack",
        AbductionForcedDisappearance => "Abduction/forced disappearance",
        PeacefulProtest => "Peaceful protest",
        ProtestWithIntervention => "Protest with intervention",
        ExcessiveForceAgainstProtesters => "Excessive force against protesters",
        ViolentDemonstration => "Violent demonstration",
        MobViolence => "Mob violence",
        Agreement => "Agreement",
        Arrests => "Arrests",
        ChangeToGroupActivity => "Change to group/activity",
        DisruptedWeaponsUse => "Disrupted weapons use",
        HeadquartersOrBaseEstablished => "Headquarters or base established",
        LootingPropertyDestruction => "Looting/property destruction",
        NonViolentTransferOfTerritory => "Non-violent transfer of territory",
        Other => "Other",
    }
}

impl AcledSubEventType {
    /// The event type this sub-event type belongs to.
    pub fn event_type(self) -> AcledEventType {
        use AcledEventType as T;
        use AcledSubEventType as S;
        match self {
            S::ArmedClash | S::GovernmentRegainsTerritory | S::NonStateActorOvertakesTerritory => {
                T::Battles
            }
            S::ChemicalWeapon
            | S::AirDroneStrike
            | S::SuicideBomb
            | S::ShellingArtilleryMissileAttack
            | S::RemoteExplosiveLandmineIed
            | S::Grenade => T::ExplosionsRemoteViolence,
            S::SexualViolence | S::Attack | S::AbductionForcedDisappearance => {
                T::ViolenceAgainstCivilians
            }
            S::PeacefulProtest
            | S::ProtestWithIntervention
            | S::ExcessiveForceAgainstProtesters => T::Protests,
            S::ViolentDemonstration | S::MobViolence => T::Riots,
            S::Agreement
            | S::Arrests
            | S::ChangeToGroupActivity
            | S::DisruptedWeaponsUse
            | S::HeadquartersOrBaseEstablished
            | S::LootingPropertyDestruction
            | S::NonViolentTransferOfTerritory
            | S::Other => T::StrategicDevelopments,
        }
    }
}

/// ACLED's event type and sub-event type of an event. Build it with [`Acled::new`], which takes
/// the event type from the sub-event type, so the two cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acled {
    pub event_type: AcledEventType,
    pub sub_event_type: AcledSubEventType,
}

impl Acled {
    pub fn new(sub_event_type: AcledSubEventType) -> Acled {
        Acled {
            event_type: sub_event_type.event_type(),
            sub_event_type,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_round_trips() {
        for &s in AcledSubEventType::ALL {
            assert_eq!(AcledSubEventType::parse(s.as_str()), Some(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(serde_json::from_str::<AcledSubEventType>(&json).unwrap(), s);
        }
        for &t in AcledEventType::ALL {
            assert_eq!(AcledEventType::parse(t.as_str()), Some(t));
        }
        assert_eq!(AcledSubEventType::ALL.len(), 25);
        assert_eq!(AcledEventType::ALL.len(), 6);
    }

    #[test]
    fn every_event_type_has_sub_event_types() {
        for &t in AcledEventType::ALL {
            assert!(
                AcledSubEventType::ALL.iter().any(|s| s.event_type() == t),
                "{t}"
            );
        }
    }

    #[test]
    fn an_unknown_spelling_is_a_deserialisation_error() {
        let err = serde_json::from_str::<Acled>(
            r#"{"event_type":"Battles","sub_event_type":"Armed clashes"}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("Armed clashes"), "{err}");
        let ok: Acled =
            serde_json::from_str(r#"{"event_type":"Battles","sub_event_type":"Armed clash"}"#)
                .unwrap();
        assert_eq!(ok, Acled::new(AcledSubEventType::ArmedClash));
    }
}
