//! Mapping from PLOVER (type, mode, actor sectors, wording) to ACLED event and sub-event
//! types. ACLED codes political violence, demonstrations and strategic developments only:
//! verbal events get `None`.

use sitrep_model::{Acled, Entity, EventType};

/// ACLED event type of each sub-event type.
pub const SUB_EVENT_TYPES: &[(&str, &str)] = &[
    ("Armed clash", "Battles"),
    ("Government regains territory", "Battles"),
    ("Non-state actor overtakes territory", "Battles"),
    ("Chemical weapon", "Explosions/Remote violence"),
    ("Air/drone strike", "Explosions/Remote violence"),
    ("Suicide bomb", "Explosions/Remote violence"),
    (
        "Shelling/artillery/missile attack",
        "Explosions/Remote violence",
    ),
    (
        "Remote explosive/landmine/IED",
        "Explosions/Remote violence",
    ),
    ("Grenade", "Explosions/Remote violence"),
    ("Sexual violence", "Violence against civilians"),
    ("Attack", "Violence against civilians"),
    (
        "Abduction/forced disappearance",
        "Violence against civilians",
    ),
    ("Peaceful protest", "Protests"),
    ("Protest with intervention", "Protests"),
    ("Excessive force against protesters", "Protests"),
    ("Violent demonstration", "Riots"),
    ("Mob violence", "Riots"),
    ("Agreement", "Strategic developments"),
    ("Arrests", "Strategic developments"),
    ("Change to group/activity", "Strategic developments"),
    ("Disrupted weapons use", "Strategic developments"),
    ("Headquarters or base established", "Strategic developments"),
    ("Looting/property destruction", "Strategic developments"),
    (
        "Non-violent transfer of territory",
        "Strategic developments",
    ),
    ("Other", "Strategic developments"),
];

fn acled(sub: &str) -> Option<Acled> {
    SUB_EVENT_TYPES
        .iter()
        .find(|(s, _)| *s == sub)
        .map(|(s, t)| Acled {
            event_type: (*t).to_string(),
            sub_event_type: (*s).to_string(),
        })
}

fn any(words: &[String], list: &[&str]) -> bool {
    words.iter().any(|w| list.contains(&w.as_str()))
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

const BATTLE_WORDS: &[&str] = &[
    "clash",
    "clashes",
    "clashed",
    "fighting",
    "fought",
    "battle",
    "battles",
    "battled",
    "firefight",
    "gunfight",
    "skirmish",
    "skirmishes",
    "exchange",
    "repelled",
    "repulsed",
    "offensive",
    "frontline",
    "front",
];
/// Places and people that are security forces: attacking them is fighting them.
const SECURITY_TARGETS: &[&str] = &[
    "checkpoint",
    "checkpoints",
    "base",
    "bases",
    "barracks",
    "outpost",
    "outposts",
    "garrison",
    "convoy",
    "patrol",
    "patrols",
    "positions",
    "soldiers",
    "troops",
    "policemen",
    "militias",
    "militiamen",
];
const VICTIM_WORDS: &[&str] = &[
    "civilians",
    "civilian",
    "villagers",
    "residents",
    "worshippers",
    "children",
    "women",
    "students",
    "farmers",
    "herders",
    "journalist",
    "journalists",
    "aid",
    "workers",
    "people",
    "family",
    "families",
    "passengers",
    "pupils",
    "teachers",
    "doctors",
    "patients",
    "man",
    "woman",
    "boy",
    "girl",
    "shepherd",
    "traders",
    "miners",
];
const PLACE_WORDS: &[&str] = &[
    "camp",
    "town",
    "city",
    "village",
    "villages",
    "base",
    "territory",
    "area",
    "areas",
    "positions",
    "region",
    "prison",
    "province",
    "district",
    "neighbourhood",
    "neighborhood",
    "checkpoint",
    "airport",
    "border",
    "crossing",
    "towns",
    "cities",
    "port",
    "corridor",
    "bridge",
    "dam",
    "airbase",
    "village",
    "hill",
    "valley",
    "zone",
];
const INTERVENTION: &[&str] = &[
    "tear",
    "dispersed",
    "disperse",
    "arrested",
    "detained",
    "rubber",
    "cannon",
    "batons",
    "intervened",
    "crackdown",
    "dispersing",
    "broke",
    "pepper",
    "pepper-sprayed",
    "forcibly",
    "arrests",
    "detaining",
    "arresting",
    "detain",
    "arrest",
    "suppressed",
    "suppress",
    "halted",
];
const LETHAL: &[&str] = &["killed", "dead", "died", "killing", "shot"];
/// Force against demonstrators that ACLED codes as excessive: lethal, or causing serious
/// injury, or live ammunition.
const SEVERE_FORCE: &[&str] = &[
    "killed",
    "dead",
    "died",
    "killing",
    "shot",
    "injured",
    "injuring",
    "wounded",
    "wounding",
    "live",
    "excessive",
    "brutally",
    "beaten",
];
/// Words that make a territorial change violent (fighting, bombardment, casualties).
const VIOLENT_TAKEOVER: &[&str] = &[
    "clash",
    "clashes",
    "fighting",
    "fought",
    "battle",
    "battles",
    "offensive",
    "assault",
    "attack",
    "attacks",
    "attacked",
    "stormed",
    "bombardment",
    "shelling",
    "airstrikes",
    "killed",
    "killing",
    "forcing",
    "forced",
    "repelled",
    "overran",
    "overrun",
    "stormed",
];
/// Cues that a side left before the other took over: ACLED's non-violent transfer.
const UNOPPOSED: &[&str] = &[
    "withdrawal",
    "withdrew",
    "withdrawn",
    "pullout",
    "deserted",
    "unopposed",
    "handover",
    "handed",
];

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
fn unopposed(words: &[String]) -> bool {
    (any(words, UNOPPOSED) || without_fight(words) || pulled_out(words))
        && !any(words, VIOLENT_TAKEOVER)
}

/// The place a withdrawing side left passed to someone else.
fn transferred(words: &[String]) -> bool {
    any(words, TRANSFER)
        || without_fight(words)
        // "forces have controlled the town" (not "the regime controlled area").
        || words.windows(2).any(|w| {
            w[1] == "controlled" && matches!(w[0].as_str(), "have" | "has" | "had" | "now")
        })
        || words
            .windows(2)
            .any(|w| matches!(w[0].as_str(), "moved" | "move" | "moves") && w[1] == "into")
}
/// Cues that a withdrawal handed a place to someone (else it is a change of activity).
const TRANSFER: &[&str] = &[
    "handed",
    "handing",
    "handover",
    "hand",
    "hands",
    "transferred",
    "entered",
    "took",
    "taken",
    "seized",
    "captured",
    "recaptured",
    "retook",
    "takeover",
    "replaced",
    "seize",
    "seizes",
    "seizing",
    "regain",
    "regained",
    "regains",
    "recovered",
    "control",
];
const RIOT: &[&str] = &[
    "stones",
    "rocks",
    "burned",
    "burnt",
    "torched",
    "vandalised",
    "vandalized",
    "looted",
    "smashed",
    "clashed",
    "violent",
    "set",
    "molotov",
    "barricades",
    "clashes",
    "clash",
    "violence",
    "aggressive",
    "battle",
    "battled",
    "bottles",
    "debris",
    "mace",
    "rampage",
    "rampaged",
    "rioting",
    "rioted",
    "riots",
];
const MOB: &[&str] = &[
    "mob",
    "lynched",
    "lynch",
    "vigilantes",
    "vigilante",
    "mobs",
    "lynching",
];
const CONFLICT_AGREE: &[&str] = &[
    "ceasefire",
    "cease-fire",
    "truce",
    "peace",
    "armistice",
    "prisoner",
    "prisoners",
    "swap",
    "exchange",
    "disarmament",
    "surrender",
    "withdrawal",
    "hostages",
    "rebels",
    "militants",
    "troops",
    "forces",
    "dispute",
    "disputed",
];
const WEAPONS: &[&str] = &[
    "weapons",
    "ammunition",
    "cache",
    "explosives",
    "bomb",
    "bombs",
    "ied",
    "ieds",
    "mines",
    "drone",
    "drones",
    "missile",
    "missiles",
    "rockets",
    "arms",
];

/// ACLED event/sub-event type for a coded event.
///
/// `words` are the folded lowercase tokens of the event's sentence.
pub fn acled_for(
    et: EventType,
    mode: Option<&str>,
    actors: &[Entity],
    recipients: &[Entity],
    override_sub: Option<&str>,
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
            if any(words, MOB) {
                return acled("Mob violence");
            }
            // Force used on demonstrators is coded as the protest's policing.
            if recipients.iter().any(|r| {
                let t = format!("{} {}", r.name, r.text).to_ascii_lowercase();
                t.contains("protest") || t.contains("demonstrat")
            }) && !matches!(mode, Some("sexual" | "abduct"))
            {
                return if any(words, SEVERE_FORCE) {
                    acled("Excessive force against protesters")
                } else {
                    acled("Protest with intervention")
                };
            }
            let sub = match mode {
                Some("aerial") | Some("drone") => "Air/drone strike",
                Some("heavy-weapons") => "Shelling/artillery/missile attack",
                Some("suicide-attack") => "Suicide bomb",
                Some("unconventional") => "Chemical weapon",
                Some("explosives") => {
                    if any(words, &["grenade", "grenades"]) {
                        "Grenade"
                    } else {
                        "Remote explosive/landmine/IED"
                    }
                }
                Some("sexual") => "Sexual violence",
                Some("abduct") => "Abduction/forced disappearance",
                Some("destroy") if !any(words, LETHAL) => "Looting/property destruction",
                Some("crowd-control") => {
                    if any(words, SEVERE_FORCE) {
                        "Excessive force against protesters"
                    } else {
                        "Protest with intervention"
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
                        && any(words, SECURITY_TARGETS);
                    if two_armed_sides || reciprocal || security_target {
                        "Armed clash"
                    } else if rcp_civ {
                        "Attack"
                    } else if any(words, BATTLE_WORDS) {
                        "Armed clash"
                    } else if any(words, VICTIM_WORDS)
                        || (actor_nonstate_armed && !actor_state && recipients.is_empty())
                    {
                        "Attack"
                    } else {
                        "Armed clash"
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
                && (crowd || any(words, &["dispersed", "disperse", "dispersing"]))
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
                    acled("Violent demonstration")
                } else if any(words, SEVERE_FORCE) {
                    acled("Excessive force against protesters")
                } else {
                    acled("Protest with intervention")
                };
            }
            let sub = match mode {
                Some("arrest") => "Arrests",
                Some("deport") if !actor_armed => return None,
                Some("seize") => {
                    if any(words, &["arrested", "detained", "arrests", "arresting"]) {
                        "Arrests"
                    } else if any(words, WEAPONS) && !any(words, PLACE_WORDS) {
                        "Disrupted weapons use"
                    } else if any(
                        words,
                        &["looted", "looting", "plundered", "stole", "stolen"],
                    ) {
                        "Looting/property destruction"
                    } else if (actor_state || actor_nonstate_armed) && unopposed(words) {
                        "Non-violent transfer of territory"
                    } else if actor_state {
                        "Government regains territory"
                    } else if actor_nonstate_armed {
                        "Non-state actor overtakes territory"
                    } else if any(words, PLACE_WORDS) {
                        "Non-violent transfer of territory"
                    } else {
                        "Other"
                    }
                }
                _ => "Other",
            };
            acled(sub)
        }
        EventType::Escape => {
            if any(
                words,
                &["stormed", "attacked", "assault", "attack", "gunmen"],
            ) {
                acled("Armed clash")
            } else {
                acled("Other")
            }
        }
        EventType::Retreat => match mode {
            Some("withdraw") => {
                // A withdrawal is a change of the group's activity unless the place passes
                // to someone else.
                if any(words, PLACE_WORDS) && transferred(words) {
                    acled("Non-violent transfer of territory")
                } else {
                    acled("Change to group/activity")
                }
            }
            Some("release") => acled("Other"),
            Some("ceasefire") => acled("Agreement"),
            Some("disarm") => acled("Change to group/activity"),
            _ => None,
        },
        EventType::Agree => {
            if any(words, CONFLICT_AGREE) || actors.iter().chain(recipients).any(armed) {
                acled("Agreement")
            } else {
                None
            }
        }
        EventType::Consult => {
            if any(
                words,
                &[
                    "peace",
                    "ceasefire",
                    "cease-fire",
                    "truce",
                    "dispute",
                    "disputed",
                ],
            ) {
                acled("Agreement")
            } else {
                None
            }
        }
        EventType::Protest => {
            let sub = if any(words, MOB) {
                "Mob violence"
            } else if mode == Some("riot") || any(words, RIOT) {
                "Violent demonstration"
            } else if any(words, SEVERE_FORCE)
                && any(
                    words,
                    &["police", "forces", "troops", "soldiers", "security"],
                )
            {
                "Excessive force against protesters"
            } else if any(words, INTERVENTION) {
                "Protest with intervention"
            } else {
                "Peaceful protest"
            };
            acled(sub)
        }
        EventType::Mobilize => {
            if any(words, &["base", "bases", "headquarters", "outpost", "camp"])
                && any(
                    words,
                    &[
                        "established",
                        "set",
                        "setting",
                        "establish",
                        "built",
                        "opened",
                    ],
                )
            {
                acled("Headquarters or base established")
            } else if actor_armed || any(words, &["troops", "forces", "fighters", "soldiers"]) {
                acled("Change to group/activity")
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

    fn w(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    /// The sub-event type of an event coded from `text`.
    fn sub_event(et: EventType, mode: Option<&str>, actors: &[Entity], text: &str) -> String {
        acled_for(et, mode, actors, &[], None, &w(text))
            .map(|a| a.sub_event_type)
            .unwrap_or_default()
    }

    #[test]
    fn state_seizure_is_government_regains_territory() {
        let a = acled_for(
            EventType::Coerce,
            Some("seize"),
            &[ent("SYR", "MIL")],
            &[ent("SYR", "REB")],
            None,
            &w("troops took control of the area"),
        );
        assert_eq!(a.unwrap().sub_event_type, "Government regains territory");
    }

    #[test]
    fn clash_between_armed_sides() {
        let a = acled_for(
            EventType::Assault,
            None,
            &[ent("SYR", "MIL")],
            &[ent("SYR", "REB")],
            None,
            &w("fighting"),
        );
        assert_eq!(a.unwrap().sub_event_type, "Armed clash");
    }

    #[test]
    fn aerial_mode_is_air_strike() {
        let a = acled_for(
            EventType::Assault,
            Some("aerial"),
            &[],
            &[],
            None,
            &w("airstrike"),
        );
        assert_eq!(a.unwrap().event_type, "Explosions/Remote violence");
    }

    #[test]
    fn verbal_events_have_no_acled_type() {
        assert!(acled_for(EventType::Accuse, None, &[], &[], None, &[]).is_none());
        assert!(acled_for(EventType::Request, None, &[], &[], None, &[]).is_none());
    }

    #[test]
    fn attack_on_civilians() {
        let a = acled_for(
            EventType::Assault,
            Some("firearms"),
            &[ent("UAF", "UAF")],
            &[ent("NGA", "CVL")],
            None,
            &w("gunmen killed villagers"),
        );
        assert_eq!(a.unwrap().sub_event_type, "Attack");
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
