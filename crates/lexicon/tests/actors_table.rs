//! Runs the data-driven cases of `tests/actors.tsv`.

use chrono::NaiveDate;
use sitrep_lexicon::{ActorLexicon, ActorMention, MentionKind, Span};

const CASES: &str = include_str!("actors.tsv");

fn kind_name(k: MentionKind) -> &'static str {
    match k {
        MentionKind::Named => "Named",
        MentionKind::Country => "Country",
        MentionKind::Leader => "Leader",
        MentionKind::Agent => "Agent",
        MentionKind::Pronoun => "Pronoun",
    }
}

fn describe(ms: &[ActorMention]) -> String {
    ms.iter()
        .map(|m| {
            format!(
                "[{} | {} | {:?} | {} | {}]",
                m.entity.text,
                m.entity.name,
                m.entity.country,
                m.entity.sector.join(","),
                kind_name(m.kind)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn check(line: usize, f: &[&str]) -> Result<(), String> {
    let [date, context, mention, name, country, sectors, kind] = f else {
        return Err(format!("line {line}: expected 7 columns, got {}", f.len()));
    };
    let date = match *date {
        "-" => None,
        d => Some(
            NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|e| format!("line {line}: {e}"))?,
        ),
    };
    let lex = ActorLexicon::embedded();
    let ms = lex.find(context, Span::new(0, context.len()), date);
    if let Some(neg) = mention.strip_prefix('!') {
        let start = context
            .find(neg)
            .ok_or(format!("line {line}: {neg:?} not in context"))?;
        let sp = Span::new(start, start + neg.len());
        if let Some(m) = ms.iter().find(|m| m.span.overlaps(sp)) {
            return Err(format!(
                "line {line}: unexpected mention {:?} in {context:?}",
                m.entity.text
            ));
        }
        return Ok(());
    }
    let Some(m) = ms.iter().find(|m| m.entity.text == *mention) else {
        return Err(format!(
            "line {line}: no mention {mention:?} in {context:?}; got {}",
            describe(&ms)
        ));
    };
    let mut errs = Vec::new();
    if *name != "*" && m.entity.name != *name {
        errs.push(format!("name {:?} != {name:?}", m.entity.name));
    }
    let want_country = match *country {
        "-" => Some(None),
        "*" => None,
        c => Some(Some(c.to_string())),
    };
    if let Some(c) = want_country {
        if m.entity.country != c {
            errs.push(format!("country {:?} != {c:?}", m.entity.country));
        }
    }
    if *sectors != "*" {
        let want: Vec<&str> = if *sectors == "-" {
            Vec::new()
        } else {
            sectors.split(',').collect()
        };
        if m.entity.sector != want {
            errs.push(format!("sectors {:?} != {want:?}", m.entity.sector));
        }
    }
    if *kind != "*" && kind_name(m.kind) != *kind {
        errs.push(format!("kind {} != {kind}", kind_name(m.kind)));
    }
    if m.entity.span != Some(m.span) || m.span.slice(context) != Some(m.entity.text.as_str()) {
        errs.push("span does not match text".to_string());
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(format!("line {line}: {mention:?}: {}", errs.join("; ")))
    }
}

#[test]
fn actor_table() {
    let mut n = 0;
    let mut failures = Vec::new();
    for (i, l) in CASES.lines().enumerate() {
        if l.trim().is_empty() || l.starts_with('#') || l.starts_with("date\t") {
            continue;
        }
        n += 1;
        let f: Vec<&str> = l.split('\t').collect();
        if let Err(e) = check(i + 1, &f) {
            failures.push(e);
        }
    }
    assert!(n >= 80, "only {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
