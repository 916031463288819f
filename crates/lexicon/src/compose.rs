//! Composition of adjacent alias pieces into actor mentions.

use crate::compose_words::words as compose_words;
use crate::text::title_case;
use crate::{ActorLexicon, ActorMention, Entry, Kind, MentionKind, Piece, Role};
use chrono::NaiveDate;
use sitrep_model::{Entity, Span};

/// What separates two adjacent pieces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gap {
    /// Whitespace only.
    Space,
    /// A possessive: "Syria's army", "the Kurds' forces".
    Possessive,
    /// A sponsorship compound: "U.S.-backed", "Kurdish-led".
    Sponsor,
    /// Anything else: the pieces are not part of one phrase.
    Break,
}

fn gap_kind(gap: &str) -> Gap {
    if gap.is_empty() {
        return Gap::Break;
    }
    if gap.chars().all(char::is_whitespace) {
        return Gap::Space;
    }
    let g = gap.trim_end();
    if g.len() == gap.len() {
        return Gap::Break; // must be followed by a space
    }
    if matches!(g, "'s" | "\u{2019}s" | "'" | "\u{2019}") {
        return Gap::Possessive;
    }
    if let Some(w) = g.strip_prefix('-').or_else(|| g.strip_prefix('\u{2011}')) {
        if compose_words()
            .sponsor_words
            .iter()
            .any(|s| s.eq_ignore_ascii_case(w))
        {
            return Gap::Sponsor;
        }
    }
    Gap::Break
}

fn previous_word(text: &str, pos: usize) -> Option<String> {
    let before = text.get(..pos)?;
    let trimmed = before.trim_end();
    if trimmed.len() == before.len() && !before.is_empty() {
        return None; // not separated by whitespace
    }
    let word: String = trimmed
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if word.is_empty() {
        None
    } else {
        Some(word.to_lowercase())
    }
}

/// Picks the role of a person for a publication date.
pub(crate) fn pick_role(
    roles: &[Role],
    date: Option<NaiveDate>,
) -> Option<(Option<String>, Vec<String>)> {
    let is_eli = |r: &Role| r.sectors.iter().any(|s| s == "ELI");
    match date {
        Some(d) => {
            let mut covering: Vec<&Role> = roles
                .iter()
                .filter(|r| !r.undated() && r.covers(d))
                .collect();
            covering.sort_by_key(|r| (!is_eli(r), r.start));
            if let Some(r) = covering.last() {
                return Some((r.country.clone(), r.sectors.clone()));
            }
            // The undated role is the dictionary's "otherwise" (usually ELI); a non-ELI one
            // only applies to people with no dated role at all.
            let dated = roles.iter().any(|r| !r.undated());
            if let Some(r) = roles.iter().find(|r| r.undated() && (!dated || is_eli(r))) {
                return Some((r.country.clone(), r.sectors.clone()));
            }
            // Outside every dated role: a former (or future) official.
            let latest = roles.iter().max_by_key(|r| (r.end.or(r.start), r.start))?;
            Some((latest.country.clone(), vec!["ELI".to_string()]))
        }
        None => {
            // The current role: open-ended dated roles first, then the undated one, then the latest.
            let open = roles
                .iter()
                .filter(|r| r.end.is_none() && r.start.is_some() && !is_eli(r))
                .max_by_key(|r| r.start);
            let r = open
                .or_else(|| roles.iter().find(|r| r.undated()))
                .or_else(|| roles.iter().max_by_key(|r| (r.end, r.start)))?;
            Some((r.country.clone(), r.sectors.clone()))
        }
    }
}

/// Whether every dated role ended more than ten years before `date` (undated roles may only
/// say "former official").
fn stale(roles: &[Role], date: Option<NaiveDate>) -> bool {
    let Some(d) = date else { return false };
    let Some(cutoff) = d.checked_sub_months(chrono::Months::new(120)) else {
        return false;
    };
    let former = |r: &Role| r.undated() && r.sectors.iter().all(|s| s == "ELI");
    roles.iter().any(|r| !r.undated())
        && roles
            .iter()
            .all(|r| former(r) || r.end.is_some_and(|e| e < cutoff))
}

#[derive(Clone)]
struct Group<'a> {
    start: usize,
    end: usize,
    /// Country from a name/demonym/capital prefix.
    country: Option<&'a Entry>,
    country_end: usize,
    modifier: Option<&'a Entry>,
    /// An organisation running an agent ("Houthi-run ministry"): gives the agent its country.
    sponsor: Option<&'a Entry>,
    /// An alignment prefix ("pro-Russian") that names but does not code the actor.
    descriptor: Option<&'a str>,
    aligned_start: Option<usize>,
    agents: Vec<(&'a Entry, &'a str)>,
    head: Option<&'a Entry>,
    /// Agents after a named head ("ISIS fighters").
    trailing: Vec<&'a Entry>,
    /// Number of pieces consumed.
    used: usize,
}

pub(crate) fn compose(
    lex: &ActorLexicon,
    text: &str,
    lo: usize,
    hi: usize,
    pieces: &[Piece],
    date: Option<NaiveDate>,
) -> Vec<ActorMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let mut g = group(lex, text, &pieces[i..]);
        let used = g.used.max(1);
        if let Some(shared) =
            coordinated_head(lex, text, &g, &pieces[(i + used).min(pieces.len())..])
        {
            // "U.S. and Iraqi officials": the first country shares the head of the last.
            g.end = g.country_end;
            g.agents = shared.agents;
            g.modifier = shared.modifier;
        }
        i += used;
        if let Some(m) = mention(lex, text, lo, hi, &g, date) {
            // A mention may extend over later pieces ("... Forces (SDF)").
            while pieces.get(i).is_some_and(|p| p.start < m.span.end) {
                i += 1;
            }
            out.push(m);
        }
    }
    out
}

/// Start of a "pro-" / "anti-" prefix glued to the piece starting at `pos`.
fn alignment_prefix(text: &str, pos: usize) -> Option<usize> {
    let before = text.get(..pos)?;
    for p in ["pro-", "anti-", "Pro-", "Anti-", "PRO-", "ANTI-"] {
        if let Some(rest) = before.strip_suffix(p) {
            if !rest.chars().next_back().is_some_and(char::is_alphanumeric) {
                return Some(rest.len());
            }
        }
    }
    None
}

/// Whether the text between two pieces is a coordinating conjunction (", ", " and ", " or ").
fn is_conjunction(gap: &str) -> bool {
    let g = gap.trim();
    matches!(g, "," | "and" | "or" | ", and" | ", or" | "&") && gap.len() > g.len() || gap == ", "
}

/// For a group that is only a country ("U.S." in "U.S. and Iraqi officials"), the agent
/// group of a following coordinated country, if any (up to five conjuncts).
fn coordinated_head<'a>(
    lex: &'a ActorLexicon,
    text: &'a str,
    g: &Group<'a>,
    rest: &[Piece],
) -> Option<Group<'a>> {
    let only_country = |g: &Group<'_>| {
        g.country
            .is_some_and(|c| matches!(c.kind, Kind::CountryName | Kind::Demonym))
            && g.agents.is_empty()
            && g.head.is_none()
            && g.modifier.is_none()
            && g.end == g.country_end
    };
    if !only_country(g) {
        return None;
    }
    let mut prev_end = g.end;
    let mut k = 0;
    for _ in 0..5 {
        let next = rest.get(k)?;
        if !is_conjunction(text.get(prev_end..next.start)?) {
            return None;
        }
        let ng = group(lex, text, rest.get(k..)?);
        if ng.country.is_some() && !ng.agents.is_empty() && ng.head.is_none() {
            return Some(ng);
        }
        if !only_country(&ng) || ng.used == 0 {
            return None;
        }
        prev_end = ng.end;
        k += ng.used;
    }
    None
}

fn group<'a>(lex: &'a ActorLexicon, text: &'a str, pieces: &[Piece]) -> Group<'a> {
    let mut g = Group {
        start: 0,
        end: 0,
        country: None,
        country_end: 0,
        modifier: None,
        descriptor: None,
        aligned_start: None,
        sponsor: None,
        agents: Vec::new(),
        head: None,
        trailing: Vec::new(),
        used: 0,
    };
    // Stage: 0 prefix, 1 agents, 2 after named head, 3 closed.
    let mut stage = 0;
    let mut prev_gap = Gap::Space;
    for (k, p) in pieces.iter().enumerate() {
        let Some(e) = lex.entry(p.entry) else { break };
        let surface = text.get(p.start..p.end).unwrap_or("");
        if k > 0 {
            prev_gap = gap_kind(text.get(g.end..p.start).unwrap_or(""));
            if prev_gap == Gap::Break {
                break;
            }
            // "... tariffs on the U.S. Sheinbaum said": an abbreviation's period may end a
            // sentence; a person's bare name does not follow a country inside one phrase.
            let prev_surface = text.get(..g.end).unwrap_or("");
            let after_country = stage == 0 && g.country.is_some() && g.end == g.country_end;
            if after_country && prev_surface.ends_with('.') && e.kind == Kind::Leader {
                break;
            }
            // A possessive only follows a country; a sponsor compound only a prefix.
            let prev_is_prefix = stage == 0;
            match prev_gap {
                Gap::Possessive
                    if !(prev_is_prefix && g.country.is_some() && g.modifier.is_none()) =>
                {
                    break
                }
                // "Houthi-run health ministry": an organisation sponsoring an agent.
                Gap::Sponsor if stage == 2 && g.trailing.is_empty() && e.kind == Kind::Agent => {
                    g.sponsor = g.head.take();
                    stage = 1;
                }
                Gap::Sponsor if !prev_is_prefix => break,
                _ => {}
            }
        }
        let accepted = match e.kind {
            Kind::Block => {
                if k == 0 {
                    g.used = 1;
                }
                break;
            }
            Kind::Pronoun => {
                if k == 0 {
                    g.head = Some(e);
                    stage = 3;
                    true
                } else {
                    false
                }
            }
            Kind::CountryName | Kind::Demonym | Kind::DemonymPlural | Kind::Capital
                if k == 0 && alignment_prefix(text, p.start).is_some() =>
            {
                // "pro-Russian separatists", "anti-Iranian militias": an alignment, not a country.
                let from = alignment_prefix(text, p.start).unwrap_or(p.start);
                g.descriptor = text.get(from..p.end);
                g.aligned_start = Some(from);
                true
            }
            Kind::CountryName | Kind::Demonym | Kind::DemonymPlural | Kind::Capital => {
                if stage == 0 && g.country.is_none() && prev_gap != Gap::Sponsor {
                    g.country = Some(e);
                    g.country_end = p.end;
                    true
                } else {
                    false
                }
            }
            Kind::Modifier => {
                if stage == 0 && g.modifier.is_none() && prev_gap != Gap::Sponsor {
                    g.modifier = Some(e);
                    true
                } else {
                    false
                }
            }
            Kind::Agent => match stage {
                0 | 1 => {
                    g.agents.push((e, surface));
                    stage = 1;
                    true
                }
                // "ISIS fighters", "AU troops", "ISIS detainees" (members of an armed group),
                // but not "UN children" or "EU citizens".
                2 if prev_gap == Gap::Space
                    && g.trailing.is_empty()
                    && !e.victim
                    && (e.sectors.is_empty()
                        || is_official(&e.sectors)
                        || g.head.is_some_and(is_armed_group)) =>
                {
                    g.trailing.push(e);
                    true
                }
                _ => false,
            },
            Kind::Named => {
                if stage <= 1 {
                    g.head = Some(e);
                    stage = 2;
                    true
                } else {
                    false
                }
            }
            Kind::Leader => {
                if stage <= 2 && prev_gap != Gap::Sponsor {
                    // "Hamas leader Yahya Sinwar": the organisation becomes the affiliation.
                    if stage == 2 {
                        g.trailing.clear();
                    }
                    g.head = Some(e);
                    stage = 3;
                    true
                } else {
                    false
                }
            }
        };
        if !accepted {
            break;
        }
        if k == 0 {
            g.start = g.aligned_start.unwrap_or(p.start);
        }
        // A sponsor compound's prefix ("U.S.-backed") describes, but is not, the actor.
        if prev_gap == Gap::Sponsor && k > 0 {
            g.country = None;
        }
        g.end = p.end;
        g.used = k + 1;
        if stage == 3 {
            break;
        }
    }
    g
}

fn sector_vec(v: &[String]) -> Vec<String> {
    v.to_vec()
}

/// State or armed sectors an organisation can lend its name to ("AU troops", "EU officials");
/// not "U.N. children" or "UNHCR refugees".
fn is_official(sectors: &[String]) -> bool {
    sectors.iter().any(|s| {
        matches!(
            s.as_str(),
            "MIL" | "COP" | "GOV" | "SPY" | "LEG" | "JUD" | "PRM" | "REB" | "UAF"
        )
    })
}

/// An armed non-state group (IMG, REB, PRM, UAF, armed gangs: CRM).
fn is_armed_group(e: &Entry) -> bool {
    e.country.as_deref() == Some("IMG")
        || e.sectors
            .iter()
            .any(|s| matches!(s.as_str(), "REB" | "PRM" | "UAF" | "CRM"))
        || e.roles.iter().any(|r| r.sectors.iter().any(|s| s == "REB"))
}

fn is_armed(sectors: &[String]) -> bool {
    sectors.is_empty()
        || sectors
            .iter()
            .any(|s| matches!(s.as_str(), "UAF" | "REB" | "MIL" | "PRM"))
}

/// Extends a named mention over a following parenthesised acronym: "... Forces (SDF)".
fn acronym_extension(text: &str, end: usize, hi: usize) -> usize {
    let Some(rest) = text.get(end..hi) else {
        return end;
    };
    let trimmed = rest.trim_start_matches(' ');
    let skipped = rest.len() - trimmed.len();
    if skipped > 1 || !trimmed.starts_with('(') {
        return end;
    }
    let Some(close) = trimmed.find(')') else {
        return end;
    };
    let inner = trimmed.get(1..close).unwrap_or("");
    let ok = (2..=12).contains(&inner.len())
        && inner.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '/' | ' ' | '\''))
        && inner.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2;
    if ok {
        end + skipped + close + 1
    } else {
        end
    }
}

fn mention(
    lex: &ActorLexicon,
    text: &str,
    lo: usize,
    hi: usize,
    g: &Group<'_>,
    date: Option<NaiveDate>,
) -> Option<ActorMention> {
    if g.used == 0 {
        return None;
    }
    let country_code = g.country.and_then(|c| c.country.clone());
    let country_name = g
        .country
        .and_then(|c| c.country.as_deref())
        .and_then(|c| lex.country_name(c))
        .map(str::to_string)
        .or_else(|| g.country.map(|c| c.name.clone()));
    let mut start = g.start;
    let mut end = g.end;
    let mut kind;
    let name;
    let mut country;
    let mut sectors: Vec<String>;
    let mut generic = false;
    let mut plural = false;

    if let Some(h) = g.head {
        match h.kind {
            Kind::Named => {
                kind = MentionKind::Named;
                name = h.name.clone();
                if h.roles.is_empty() {
                    country = h.country.clone().or(country_code);
                    sectors = sector_vec(&h.sectors);
                } else {
                    let (c, s) =
                        pick_role(&h.roles, date).unwrap_or((h.country.clone(), h.sectors.clone()));
                    country = c.or(country_code);
                    sectors = s;
                }
                if let Some(t) = g.trailing.last() {
                    plural = t.plural;
                    // "African Union troops": an organisation without sectors takes the agent's.
                    if sectors.is_empty() && is_official(&t.sectors) {
                        sectors = sector_vec(&t.sectors);
                    }
                }
                end = acronym_extension(text, end, hi);
            }
            Kind::Leader => {
                if !h.curated && stale(&h.roles, date) {
                    // A dictionary person whose roles all ended long before the text:
                    // more likely a namesake than the official.
                    return None;
                }
                kind = MentionKind::Leader;
                name = h.name.clone();
                let (c, s) =
                    pick_role(&h.roles, date).unwrap_or((h.country.clone(), h.sectors.clone()));
                country = c.or(country_code);
                sectors = s;
            }
            _ => {
                // Pronoun rows ("the group", "they"): named by their own words.
                kind = MentionKind::Pronoun;
                name = text.get(start..end).unwrap_or_default().to_lowercase();
                country = h.country.clone();
                sectors = sector_vec(&h.sectors);
                generic = true;
                plural = h.plural;
            }
        }
    } else if let Some(&(last, _)) = g.agents.last() {
        if g.country.is_none() && g.modifier.is_none() && g.agents.iter().all(|(a, _)| a.weak) {
            return None;
        }
        kind = MentionKind::Agent;
        generic = true;
        plural = last.plural;
        sectors = sector_vec(&last.sectors);
        for (a, _) in g.agents.iter().rev().skip(1) {
            for s in &a.sectors {
                if !sectors.contains(s) {
                    sectors.push(s.clone());
                }
            }
        }
        if let Some(m) = g.modifier {
            if !m.sectors.is_empty() && is_armed(&sectors) {
                sectors = sector_vec(&m.sectors);
            }
        }
        country = country_code
            .or_else(|| g.sponsor.and_then(|s| s.country.clone()))
            .or_else(|| g.agents.iter().rev().find_map(|(a, _)| a.country.clone()));
        if g.modifier.is_some_and(|m| m.country.is_some()) && g.country.is_none() {
            country = g.modifier.and_then(|m| m.country.clone());
        }
        let agent_text: Vec<String> = g
            .agents
            .iter()
            .map(|(_, s)| {
                s.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            })
            .collect();
        let agent_text = agent_text.join(" ");
        let agent_text = match g.agents.as_slice() {
            [(a, _)] if a.curated => a.name.clone(),
            _ => title_case(&agent_text),
        };
        name = match (&country_name, g.modifier) {
            (Some(cn), Some(m)) if g.country.is_some() => {
                format!("{cn}: {} {}", m.name, agent_text)
            }
            (Some(cn), None) if g.country.is_some() => format!("{cn}: {agent_text}"),
            (_, Some(m)) => format!("{} {}", m.name, agent_text),
            _ => match (g.descriptor, g.sponsor) {
                (Some(d), _) => format!("{} {agent_text}", title_case(d)),
                (None, Some(sp)) => format!("{}: {agent_text}", sp.name),
                (None, None) => agent_text.clone(),
            },
        };
        // "the militants", "the ministry": a bare one-word agent after "the" is an anaphor.
        let bare = g.country.is_none()
            && g.sponsor.is_none()
            && g.modifier.is_none()
            && g.descriptor.is_none()
            && g.agents.len() == 1
            && g.agents
                .first()
                .is_some_and(|(_, s)| !s.trim().contains(char::is_whitespace));
        if bare {
            if let Some(before) = text.get(lo..start) {
                let b = before.trim_end_matches(' ');
                if before.len() - b.len() == 1 {
                    let lower = b.to_ascii_lowercase();
                    if lower.ends_with("the")
                        && !crate::text::is_word_char_before(text, lo + b.len() - 3)
                    {
                        kind = MentionKind::Pronoun;
                        start = lo + b.len() - 3;
                    }
                }
            }
        }
    } else if let Some(c) = g.country {
        // Only a prefix: a country as an actor.
        let prev = previous_word(text, start);
        let loc = prev
            .as_deref()
            .is_some_and(|w| compose_words().locatives.contains(&w));
        let cap_loc = c.kind == Kind::Capital
            && prev
                .as_deref()
                .is_some_and(|w| compose_words().capital_locatives.contains(&w));
        match c.kind {
            Kind::CountryName | Kind::Capital | Kind::DemonymPlural if !loc && !cap_loc => {}
            _ => return None,
        }
        // A modifier after the country ("Syria Kurdish") is not part of it.
        end = g.country_end;
        kind = MentionKind::Country;
        name = country_name.unwrap_or_else(|| c.name.clone());
        country = c.country.clone();
        sectors = if c.kind == Kind::Capital {
            vec!["GOV".to_string()]
        } else {
            sector_vec(&c.sectors)
        };
        plural = c.kind == Kind::DemonymPlural;
    } else {
        return None;
    }
    if start < lo || end > hi || start >= end {
        return None;
    }
    let span = Span::new_checked(text, start, end).ok()?;
    let verbatim = span.slice(text)?.to_string();
    Some(ActorMention {
        span,
        entity: Entity {
            text: verbatim,
            name,
            country,
            sector: sectors,
            span: Some(span),
        },
        kind,
        generic,
        plural,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps() {
        assert_eq!(gap_kind(" "), Gap::Space);
        assert_eq!(gap_kind("'s "), Gap::Possessive);
        assert_eq!(gap_kind("-led "), Gap::Sponsor);
        assert_eq!(gap_kind("-Backed "), Gap::Sponsor);
        assert_eq!(gap_kind(", "), Gap::Break);
        assert_eq!(gap_kind(""), Gap::Break);
        assert_eq!(gap_kind("-led"), Gap::Break);
    }

    #[test]
    fn acronyms() {
        let t = "Syrian Democratic Forces (SDF) said";
        assert_eq!(acronym_extension(t, 24, t.len()), 30);
        let t = "Hamas (which rules Gaza)";
        assert_eq!(acronym_extension(t, 5, t.len()), 5);
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn roles_by_date() {
        let roles = vec![
            Role {
                country: Some("SYR".into()),
                sectors: vec!["REB".into()],
                start: None,
                end: Some(d("2024-12-07")),
            },
            Role {
                country: Some("SYR".into()),
                sectors: vec!["GOV".into()],
                start: Some(d("2024-12-08")),
                end: None,
            },
        ];
        assert_eq!(
            pick_role(&roles, Some(d("2025-03-01"))).unwrap().1,
            vec!["GOV"]
        );
        assert_eq!(
            pick_role(&roles, Some(d("2020-03-01"))).unwrap().1,
            vec!["REB"]
        );
        assert_eq!(pick_role(&roles, None).unwrap().1, vec!["GOV"]);
        let closed = vec![Role {
            country: Some("USA".into()),
            sectors: vec!["GOV".into()],
            start: Some(d("2017-01-20")),
            end: Some(d("2021-01-20")),
        }];
        assert_eq!(
            pick_role(&closed, Some(d("2023-01-01"))).unwrap().1,
            vec!["ELI"]
        );
    }
}
