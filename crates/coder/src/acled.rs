//! Mapping from PLOVER (type, mode, actor sectors, wording) to ACLED event and sub-event
//! types. ACLED codes political violence, demonstrations and strategic developments only:
//! verbal events get `None`.

use crate::words::Words;
use sitrep_model::{Acled, AcledSubEventType as S, Entity, EventType};

fn acled(sub: S) -> Option<Acled> {
    Some(Acled::new(sub))
}

fn armed(e: &Entity) -> bool {
    e.country.as_deref() == Some("IMG")
        || e.sector
            .iter()
            .any(|s| matches!(s.as_str(), "MIL" | "REB" | "UAF" | "PRM" | "COP" | "SPY"))
}

fn state(e: &Entity) -> bool {
    e.sector
        .iter()
        .any(|s| matches!(s.as_str(), "MIL" | "GOV" | "COP" | "SPY"))
        && e.country.as_deref() != Some("IMG")
}

/// "without resistance", "no resistance", "without a fight", "without firing a shot".
fn without_fight(words: &[String]) -> bool {
    words.windows(2).any(|w| {
        matches!(w[0].as_str(), "without" | "no" | "little" | "any")
            && matches!(
                w[1].as_str(),
                "resistance" | "fight" | "fighting" | "firing"
            )
    }) || words
        .windows(3)
        .any(|w| w[0] == "without" && w[1] == "a" && matches!(w[2].as_str(), "fight" | "shot"))
}

/// "pulled out", "pulled back", "pull out".
fn pulled_out(words: &[String]) -> bool {
    words.windows(2).any(|w| {
        matches!(w[0].as_str(), "pulled" | "pull" | "pulls" | "pulling")
            && matches!(w[1].as_str(), "out" | "back")
    })
}

/// A side left and the other took over without fighting.
fn unopposed(w: &Words, words: &[String]) -> bool {
    (w.acled_unopposed.any(words) || without_fight(words) || pulled_out(words))
        && !w.acled_violent_takeover.any(words)
}

/// The place a withdrawing side left passed to someone else.
fn transferred(w: &Words, words: &[String]) -> bool {
    w.acled_transfer.any(words)
        || without_fight(words)
        // "forces have controlled the town" (not "the regime controlled area").
        || words.windows(2).any(|w| {
            w[1] == "controlled" && matches!(w[0].as_str(), "have" | "has" | "had" | "now")
        })
        || words
            .windows(2)
            .any(|w| matches!(w[0].as_str(), "moved" | "move" | "moves") && w[1] == "into")
}
/// ACLED event/sub-event type for a coded event.
///
/// `words` are the folded lowercase tokens of the event's sentence.
pub fn acled_for(
    w: &Words,
    et: EventType,
    mode: Option<&str>,
    actors: &[Entity],
    recipients: &[Entity],
    override_sub: Option<S>,
    words: &[String],
) -> Option<Acled> {
    if let Some(sub) = override_sub {
        return acled(sub);
    }
    let actor_state = actors.iter().any(state);
    let actor_armed = actors.iter().any(armed);
    let actor_nonstate_armed = actors.iter().any(|a| armed(a) && !state(a));
    match et {
        EventType::Assault => {
            if w.acled_mob.any(words) {
                return acled(S::MobViolence);
            }
            // Force used on demonstrators is coded as the protest's policing.
            if recipients.iter().any(|r| {
                let t = format!("{} {}", r.name, r.text).to_ascii_lowercase();
                t.contains("protest") || t.contains("demonstrat")
            }) && !matches!(mode, Some("sexual" | "abduct"))
            {
                return if w.acled_severe_force.any(words) {
                    acled(S::ExcessiveForceAgainstProtesters)
                } else {
                    acled(S::ProtestWithIntervention)
                };
            }
            let sub = match mode {
                Some("aerial") | Some("drone") => S::AirDroneStrike,
                Some("heavy-weapons") => S::ShellingArtilleryMissileAttack,
                Some("suicide-attack") => S::SuicideBomb,
                Some("unconventional") => S::ChemicalWeapon,
                Some("explosives") => {
                    if w.acled_grenade.any(words) {
                        S::Grenade
                    } else {
                        S::RemoteExplosiveLandmineIed
                    }
                }
                Some("sexual") => S::SexualViolence,
                Some("abduct") => S::AbductionForcedDisappearance,
                Some("destroy") if !w.acled_lethal.any(words) => S::LootingPropertyDestruction,
                Some("crowd-control") => {
                    if w.acled_severe_force.any(words) {
                        S::ExcessiveForceAgainstProtesters
                    } else {
                        S::ProtestWithIntervention
                    }
                }
                _ => {
                    let rcp_armed = recipients.iter().any(armed);
                    let rcp_civ = !recipients.is_empty() && !rcp_armed;
                    let two_armed_sides = rcp_armed && (actor_armed || actors.is_empty());
                    let reciprocal =
                        actors.len() >= 2 && actors.iter().filter(|a| armed(a)).count() >= 2;
                    // An armed group attacking a checkpoint, a base or a patrol fights the
                    // security forces there: a battle, unless civilians are named victims.
                    let generic_victims = recipients.iter().all(|r| {
                        r.name.eq_ignore_ascii_case("people") || armed(r) || r.sector.is_empty()
                    });
                    let security_target = actor_nonstate_armed
                        && !actor_state
                        && generic_victims
                        && w.acled_security_targets.any(words);
                    if two_armed_sides || reciprocal || security_target {
                        S::ArmedClash
                    } else if rcp_civ {
                        S::Attack
                    } else if w.acled_battle_words.any(words) {
                        S::ArmedClash
                    } else if w.acled_victim_words.any(words)
                        || (actor_nonstate_armed && !actor_state && recipients.is_empty())
                    {
                        S::Attack
                    } else {
                        S::ArmedClash
                    }
                }
            };
            acled(sub)
        }
        EventType::Coerce => {
            // Dispersing a crowd is the policing of a demonstration.
            let crowd = recipients.iter().any(|r| {
                let t = format!("{} {}", r.name, r.text).to_ascii_lowercase();
                ["protest", "demonstrat", "rioter", "crowd", "marcher"]
                    .iter()
                    .any(|k| t.contains(k))
            });
            if mode == Some("restrict")
                && (crowd || w.acled_disperse.any(words))
                && !actors.iter().any(|a| armed(a) && !state(a))
            {
                // "riot police" and "riot gear" are the police, not a riot.
                let rioting = words.iter().enumerate().any(|(i, w)| {
                    matches!(w.as_str(), "rioters" | "rioting" | "riot" | "riots")
                        && !words
                            .get(i + 1)
                            .is_some_and(|n| matches!(n.as_str(), "police" | "gear" | "squad"))
                });
                return if rioting {
                    acled(S::ViolentDemonstration)
                } else if w.acled_severe_force.any(words) {
                    acled(S::ExcessiveForceAgainstProtesters)
                } else {
                    acled(S::ProtestWithIntervention)
                };
            }
            let sub = match mode {
                Some("arrest") => S::Arrests,
                Some("deport") if !actor_armed => return None,
                Some("seize") => {
                    if w.acled_arrest.any(words) {
                        S::Arrests
                    } else if w.acled_weapons.any(words) && !w.acled_place_words.any(words) {
                        S::DisruptedWeaponsUse
                    } else if w.acled_looting.any(words) {
                        S::LootingPropertyDestruction
                    } else if (actor_state || actor_nonstate_armed) && unopposed(w, words) {
                        S::NonViolentTransferOfTerritory
                    } else if actor_state {
                        S::GovernmentRegainsTerritory
                    } else if actor_nonstate_armed {
                        S::NonStateActorOvertakesTerritory
                    } else if w.acled_place_words.any(words) {
                        S::NonViolentTransferOfTerritory
                    } else {
                        S::Other
                    }
                }
                _ => S::Other,
            };
            acled(sub)
        }
        EventType::Escape => {
            if w.acled_breakout.any(words) {
                acled(S::ArmedClash)
            } else {
                acled(S::Other)
            }
        }
        EventType::Retreat => match mode {
            Some("withdraw") => {
                // A withdrawal is a change of the group's activity unless the place passes
                // to someone else.
                if w.acled_place_words.any(words) && transferred(w, words) {
                    acled(S::NonViolentTransferOfTerritory)
                } else {
                    acled(S::ChangeToGroupActivity)
                }
            }
            Some("release") => acled(S::Other),
            Some("ceasefire") => acled(S::Agreement),
            Some("disarm") => acled(S::ChangeToGroupActivity),
            _ => None,
        },
        EventType::Agree => {
            if w.acled_conflict_agree.any(words) || actors.iter().chain(recipients).any(armed) {
                acled(S::Agreement)
            } else {
                None
            }
        }
        EventType::Consult => {
            if w.acled_peace_talks.any(words) {
                acled(S::Agreement)
            } else {
                None
            }
        }
        EventType::Protest => {
            let sub = if w.acled_mob.any(words) {
                S::MobViolence
            } else if mode == Some("riot") || w.acled_riot.any(words) {
                S::ViolentDemonstration
            } else if w.acled_severe_force.any(words) && w.acled_security_forces.any(words) {
                S::ExcessiveForceAgainstProtesters
            } else if w.acled_intervention.any(words) {
                S::ProtestWithIntervention
            } else {
                S::PeacefulProtest
            };
            acled(sub)
        }
        EventType::Mobilize => {
            if w.acled_base.any(words) && w.acled_establish.any(words) {
                acled(S::HeadquartersOrBaseEstablished)
            } else if actor_armed || w.acled_troops.any(words) {
                acled(S::ChangeToGroupActivity)
            } else {
                None
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(country: &str, sector: &str) -> Entity {
        Entity {
            text: "x".into(),
            name: "x".into(),
            country: Some(country.into()),
            sector: vec![sector.into()],
            span: None,
        }
    }

    fn words() -> &'static Words {
        static W: std::sync::OnceLock<Words> = std::sync::OnceLock::new();
        W.get_or_init(Words::embedded)
    }

    fn w(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    /// The sub-event type of an event coded from `text`.
    fn sub_event(et: EventType, mode: Option<&str>, actors: &[Entity], text: &str) -> &'static str {
        acled_for(words(), et, mode, actors, &[], None, &w(text))
            .map(|a| a.sub_event_type.as_str())
            .unwrap_or_default()
    }

    #[test]
    fn state_seizure_is_government_regains_territory() {
        let a = acled_for(
            words(),
            EventType::Coerce,
            Some("seize"),
            &[ent("SYR", "MIL")],
            &[ent("SYR", "REB")],
            None,
            &w("troops took control of the area"),
        );
        assert_eq!(
            a.unwrap().sub_event_type.as_str(),
            "Government regains territory"
        );
    }

    #[test]
    fn clash_between_armed_sides() {
        let a = acled_for(
            words(),
            EventType::Assault,
            None,
            &[ent("SYR", "MIL")],
            &[ent("SYR", "REB")],
            None,
            &w("fighting"),
        );
        assert_eq!(a.unwrap().sub_event_type.as_str(), "Armed clash");
    }

    #[test]
    fn aerial_mode_is_air_strike() {
        let a = acled_for(
            words(),
            EventType::Assault,
            Some("aerial"),
            &[],
            &[],
            None,
            &w("airstrike"),
        );
        assert_eq!(a.unwrap().event_type.as_str(), "Explosions/Remote violence");
    }

    #[test]
    fn verbal_events_have_no_acled_type() {
        assert!(acled_for(words(), EventType::Accuse, None, &[], &[], None, &[]).is_none());
        assert!(acled_for(words(), EventType::Request, None, &[], &[], None, &[]).is_none());
    }

    #[test]
    fn attack_on_civilians() {
        let a = acled_for(
            words(),
            EventType::Assault,
            Some("firearms"),
            &[ent("UAF", "UAF")],
            &[ent("NGA", "CVL")],
            None,
            &w("gunmen killed villagers"),
        );
        assert_eq!(a.unwrap().sub_event_type.as_str(), "Attack");
    }

    #[test]
    fn withdrawal_is_a_change_of_activity_unless_the_place_changes_hands() {
        let troops = [ent("YEM", "MIL")];
        let sub = |text: &str| sub_event(EventType::Retreat, Some("withdraw"), &troops, text);
        assert_eq!(
            sub("forces have withdrawn from the port city"),
            "Change to group/activity"
        );
        assert_eq!(
            sub("forces withdrew from the base and handed control to the army"),
            "Non-violent transfer of territory"
        );
        assert_eq!(
            sub("troops withdrew from the town and rebels moved into it"),
            "Non-violent transfer of territory"
        );
    }

    #[test]
    fn unopposed_takeover_is_a_non_violent_transfer() {
        let militants = [ent("IMG", "REB")];
        let sub = |text: &str| sub_event(EventType::Coerce, Some("seize"), &militants, text);
        assert_eq!(
            sub("militants seized the town after the withdrawal of the army"),
            "Non-violent transfer of territory"
        );
        assert_eq!(
            sub("militants recaptured the city after the army pulled out"),
            "Non-violent transfer of territory"
        );
        assert_eq!(
            sub("militants seized the town without resistance"),
            "Non-violent transfer of territory"
        );
        assert_eq!(
            sub("resistance fighters overran the town"),
            "Non-state actor overtakes territory"
        );
        assert_eq!(
            sub("militants seized the town after the withdrawal following heavy fighting"),
            "Non-state actor overtakes territory"
        );
    }

    #[test]
    fn agreement_over_a_territorial_dispute_is_coded() {
        let gov = [ent("CHL", "GOV")];
        assert_eq!(
            sub_event(
                EventType::Agree,
                None,
                &gov,
                "they agreed to settle the border dispute"
            ),
            "Agreement"
        );
        assert_eq!(
            sub_event(
                EventType::Agree,
                None,
                &gov,
                "they agreed on a trade package"
            ),
            ""
        );
    }

    #[test]
    fn injuring_protesters_is_excessive_force() {
        let sub = |text: &str| sub_event(EventType::Protest, None, &[], text);
        assert_eq!(
            sub("protesters were injured after security forces dispersed a demonstration"),
            "Excessive force against protesters"
        );
        assert_eq!(
            sub("police dispersed the demonstration"),
            "Protest with intervention"
        );
    }
}
