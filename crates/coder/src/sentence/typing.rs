//! Typing: the event type and mode a trigger takes in its sentence (objects that decide the
//! reading, ordnance disposal, armed or custody context, light verbs after event nouns,
//! descriptions of events already reported), and weapon cues that refine ASSAULT modes.

use super::*;

/// Explosive ordnance that security forces clear, defuse or destroy.
pub(super) const ORDNANCE: &[&str] = &[
    "mines",
    "landmines",
    "mine",
    "landmine",
    "ied",
    "ieds",
    "improvised",
    "explosives",
    "explosive",
    "bombs",
    "ordnance",
    "munitions",
];
/// Verbs of clearing ordnance: an explosive noun after them is not an attack.
pub(super) const DISPOSAL_VERBS: &[&str] = &[
    "cleared",
    "clearing",
    "clear",
    "defused",
    "defusing",
    "defuse",
    "dismantled",
    "destroyed",
    "destroying",
    "removed",
    "removing",
    "neutralised",
    "neutralized",
    "found",
    "discovered",
    "seized",
    "recovered",
    "confiscated",
    "detected",
];
pub(super) const WEAPON_NOUNS: &[&str] = &[
    "barrel",
    "barrels",
    "munitions",
    "weapons",
    "weapon",
    "guns",
    "gun",
    "rifles",
    "rifle",
    "pistols",
    "pistol",
    "firearms",
    "ammunition",
    "rounds",
    "bullets",
    "explosives",
    "explosive",
    "ied",
    "ieds",
    "bomb",
    "bombs",
    "grenades",
    "grenade",
    "mines",
    "landmines",
    "cache",
    "arms",
    "missiles",
    "rockets",
    "drones",
    "drone",
    "detonators",
    "munitions",
    "ordnance",
    "shells",
    "mortars",
    "stones",
    "rocks",
    "bottles",
    "projectiles",
    "molotov",
    "petrol",
    "firebombs",
];

pub(super) const AGREEMENT_NOUNS: &[&str] = &[
    "agreement",
    "agreements",
    "deal",
    "deals",
    "treaty",
    "accord",
    "accords",
    "pact",
    "memorandum",
    "ceasefire",
    "cease-fire",
    "truce",
    "contract",
    "protocol",
    "declaration",
    "armistice",
    "settlement",
    "charter",
    "roadmap",
];
pub(super) const AID_NOUNS: &[&str] = &[
    "aid",
    "assistance",
    "supplies",
    "food",
    "medicine",
    "medicines",
    "medical",
    "weapons",
    "arms",
    "equipment",
    "goods",
    "funds",
    "funding",
    "money",
    "dollars",
    "euros",
    "vaccines",
    "tents",
    "intelligence",
    "humanitarian",
    "relief",
    "ammunition",
    "loans",
    "loan",
    "grant",
    "doses",
    "fuel",
    "water",
    "shelter",
    "asylum",
    "missiles",
    "tanks",
    "jets",
    "troops",
];
pub(super) const RESTRICTION_NOUNS: &[&str] = &[
    "curfew",
    "curfews",
    "restrictions",
    "restriction",
    "ban",
    "bans",
    "blockade",
    "siege",
    "sanctions",
    "emergency",
    "measures",
    "embargo",
    "lockdown",
    "law",
    "checkpoints",
];
pub(super) const RELATION_NOUNS: &[&str] = &[
    "relations",
    "ties",
    "aid",
    "talks",
    "cooperation",
    "links",
    "flights",
    "visit",
    "trade",
    "negotiations",
    "assistance",
    "funding",
    "mediation",
    "exports",
    "imports",
    "supplies",
];
pub(super) const BASE_NOUNS: &[&str] = &[
    "base",
    "bases",
    "post",
    "posts",
    "outpost",
    "outposts",
    "headquarters",
    "camp",
    "camps",
    "checkpoint",
    "checkpoints",
    "garrison",
    "position",
    "positions",
    "airbase",
    "airstrip",
    "barracks",
    "point",
    "points",
];
/// Armed formations whose creation ACLED codes as a change to a group's activity.
pub(super) const UNIT_NOUNS: &[&str] = &[
    "unit",
    "units",
    "brigade",
    "brigades",
    "battalion",
    "battalions",
    "regiment",
    "regiments",
    "militia",
    "militias",
    "division",
    "wing",
    "force",
    "forces",
    "faction",
    "entity",
    "group",
    "groups",
    "organisation",
    "organization",
];

/// The reading a trigger takes in its sentence.
pub(super) struct Typed {
    pub(super) et: EventType,
    pub(super) mode: Option<String>,
    pub(super) acled_override: Option<String>,
}

/// The type and mode of the trigger `h` in its sentence, or `None` when it is no event there.
pub(super) fn type_hit(cx: &Sent, h: &Hit, st: &DocState) -> Option<Typed> {
    let (lex, sa, words, n) = (cx.lex, cx.sa, &cx.words, cx.n);
    let t = &lex.triggers[h.trigger];
    let mut et = t.event_type;
    let mut mode = t.mode.clone();
    if t.flags.place_seize || t.flags.place_only {
        if place_object(sa, h.b) {
            et = EventType::Coerce;
            mode = Some("seize".to_string());
        } else if t.flags.place_only {
            return None;
        }
    }
    let near = |list: &[&str]| {
        let lo = if h.participle {
            h.a.saturating_sub(7)
        } else {
            h.b
        };
        (lo..(h.b + 7).min(n)).any(|j| (j < h.a || j >= h.b) && list.contains(&words[j]))
    };
    let weapon_after = near(WEAPON_NOUNS);
    if let Some(list) = t.flags.obj.as_deref() {
        let ok = match list {
            "agreement" => near(AGREEMENT_NOUNS),
            "base" => near(BASE_NOUNS),
            "unit" => near(UNIT_NOUNS),
            "aid" => near(AID_NOUNS),
            "restriction" => near(RESTRICTION_NOUNS),
            "relations" => near(RELATION_NOUNS),
            "weapon" => weapon_after,
            _ => true,
        };
        if !ok {
            return None;
        }
    }
    let mut acled_override = t.flags.acled.clone();
    // Destroying or clearing mines and bombs is disrupted weapons use, not an attack:
    // "forces destroyed 342 mines", "cleared 23,000 landmines".
    if et == EventType::Assault {
        let ordnance_after = (h.b..(h.b + 7).min(n)).any(|j| ORDNANCE.contains(&words[j]));
        let disposal_before = t.pos == Pos::Noun
            && mode.as_deref() == Some("explosives")
            && (h.a.saturating_sub(6)..h.a).any(|j| DISPOSAL_VERBS.contains(&words[j]));
        if disposal_before
            || (t.pos == Pos::Verb && mode.as_deref() == Some("destroy") && ordnance_after)
        {
            et = EventType::Coerce;
            mode = Some("seize".to_string());
            acled_override = Some("Disrupted weapons use".to_string());
        }
    }
    if t.flags.weapon_obj {
        if !weapon_after {
            return None;
        }
        acled_override = Some("Disrupted weapons use".to_string());
    } else if et == EventType::Coerce && mode.as_deref() == Some("seize") && weapon_after {
        acled_override = Some("Disrupted weapons use".to_string());
    }
    if t.flags.armed && !cx.armed {
        return None;
    }
    if t.flags.unarmed && cx.armed {
        return None;
    }
    if t.flags.needs_custody && has_cue(&lex.custody, sa, 0, n).is_none() {
        return None;
    }
    if t.flags.needs_blame && has_cue(&lex.blame, sa, h.b, (h.b + 10).min(n)).is_none() {
        return None;
    }
    // Light verb after an event noun: "fighting broke out" is the noun's event.
    if t.pos == Pos::Verb {
        let mut p = h.a;
        while p > 0 && (SKIPPABLE.contains(&words[p - 1]) || BE.contains(&words[p - 1])) {
            p -= 1;
        }
        if cx
            .hits
            .iter()
            .any(|o| o.b == p && o.a < h.a && (lex.triggers[o.trigger].pos == Pos::Noun || o.ing))
        {
            return None;
        }
    }
    // A definite description of an event already reported ("the escape happened").
    if t.pos == Pos::Noun {
        let prev = h.a.checked_sub(1).map(|j| words[j]).unwrap_or("");
        let prev2 = h.a.checked_sub(2).map(|j| words[j]).unwrap_or("");
        if (prev == "the"
            || prev == "this"
            || (prev2 == "the" && sa.toks[h.a - 1].kind == TokenKind::Word))
            && st.emitted.contains(&et)
        {
            return None;
        }
        // "no clashes", "no response" are not events.
        if prev == "no" {
            return None;
        }
    }
    Some(Typed {
        et,
        mode,
        acled_override,
    })
}

/// Weapon cues refine ASSAULT modes: the sentence's own weapon words, else the next
/// sentence's ("The attacks were carried out with grenades"). Returns the words of the
/// neighbouring sentence when its cue was used (the ACLED mapping reads them).
pub(super) fn refine_weapon_mode(cx: &Sent, st: &DocState, ty: &mut Typed) -> Vec<String> {
    if ty.et != EventType::Assault {
        return Vec::new();
    }
    let keep = matches!(
        ty.mode.as_deref(),
        Some("abduct" | "sexual" | "targeted" | "torture" | "beat")
    );
    if keep {
        return Vec::new();
    }
    if let Some(m) = best_weapon(cx.lex, &cx.sa.words) {
        ty.mode = Some(m);
    } else if ty.mode.is_none() {
        if let Some(m) = st.next_weapon.clone() {
            ty.mode = Some(m);
            return st.next_words.clone();
        }
    }
    Vec::new()
}
