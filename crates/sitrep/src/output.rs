//! Printing: diagnostics on stderr, events as JSON Lines or a compact table on stdout.

use sitrep_model::{Entity, Event};
use std::io::{self, Write};

/// True when the error chain ends in a closed pipe (`sitrep extract ... | head`).
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

pub fn error(msg: impl std::fmt::Display) {
    eprintln!("sitrep: error: {msg}");
}

pub fn warning(msg: impl std::fmt::Display) {
    eprintln!("sitrep: warning: {msg}");
}

/// Truncates to `max` characters, marking the cut with `…`; newlines become spaces.
pub fn truncate(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let flat = flat.trim();
    if flat.chars().count() <= max {
        return flat.to_string();
    }
    let mut out: String = flat.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn pad(s: &str, width: usize) -> String {
    let s = truncate(s, width);
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

fn entity_name(e: &Entity) -> &str {
    if e.name.is_empty() {
        &e.text
    } else {
        &e.name
    }
}

fn entities(list: &[Entity]) -> String {
    match list {
        [] => "-".to_string(),
        [one] => entity_name(one).to_string(),
        [first, rest @ ..] => format!("{} +{}", entity_name(first), rest.len()),
    }
}

/// Column widths of the table (the evidence column takes the rest of the line).
const COLS: [(&str, usize); 8] = [
    ("DOC", 12),
    ("TYPE/MODE", 20),
    ("ACTOR → RECIPIENT", 34),
    ("PLACE", 18),
    ("DATE", 10),
    ("QUANTITIES", 18),
    ("SOURCE", 14),
    ("MARK", 4),
];
const EVIDENCE_WIDTH: usize = 70;

pub fn table_header() -> String {
    let mut line = String::new();
    for (name, w) in COLS {
        line.push_str(&pad(name, w));
        line.push(' ');
    }
    line.push_str("EVIDENCE");
    line
}

/// One table row for an event.
pub fn table_row(ev: &Event) -> String {
    let type_mode = match &ev.mode {
        Some(m) if !m.is_empty() => format!("{}/{}", ev.event_type, m),
        _ => ev.event_type.to_string(),
    };
    let who = format!("{} → {}", entities(&ev.actor), entities(&ev.recipient));
    let place = ev.location.as_ref().map(|l| {
        if l.name.is_empty() {
            l.text.clone()
        } else {
            l.name.clone()
        }
    });
    let date = ev
        .date
        .as_ref()
        .map(|d| d.value.clone().unwrap_or_else(|| format!("{}?", d.text)));
    let quantities = ev
        .quantities
        .iter()
        .map(|q| {
            format!(
                "{}{}{}",
                q.kind.as_str(),
                if q.approximate { "~" } else { "=" },
                q.value
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let source = ev.source.as_ref().map(|s| entity_name(s).to_string());
    let mut marks = String::new();
    for (on, c) in [
        (ev.historical, 'H'),
        (ev.future, 'F'),
        (ev.hypothetical, '?'),
        (ev.negated, 'N'),
    ] {
        if on {
            marks.push(c);
        }
    }
    let cells = [
        ev.doc_id.clone(),
        type_mode,
        who,
        place.unwrap_or_else(|| "-".into()),
        date.unwrap_or_else(|| "-".into()),
        if quantities.is_empty() {
            "-".into()
        } else {
            quantities
        },
        source.unwrap_or_else(|| "-".into()),
        if marks.is_empty() { "-".into() } else { marks },
    ];
    let mut line = String::new();
    for (cell, (_, w)) in cells.iter().zip(COLS) {
        line.push_str(&pad(cell, w));
        line.push(' ');
    }
    line.push_str(&truncate(&ev.evidence.text, EVIDENCE_WIDTH));
    line.trim_end().to_string()
}

/// Writes one event as a JSON line.
pub fn write_jsonl(out: &mut impl Write, ev: &Event) -> io::Result<()> {
    serde_json::to_writer(&mut *out, ev).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_row_shows_the_event_compactly() {
        use sitrep_model::*;
        let ent = |name: &str| Entity {
            text: name.to_lowercase(),
            name: name.into(),
            ..Default::default()
        };
        let evidence = Evidence {
            start: 0,
            end: 30,
            text: "Rebels\nattacked the army post.".into(),
        };
        let ev = Event {
            doc_id: "a-very-long-document-id".into(),
            id: "x".into(),
            event_type: EventType::Assault,
            mode: Some("armed".into()),
            context: vec![],
            confidence: 0.8,
            actor: vec![ent("Rebels")],
            recipient: vec![ent("Army"), ent("Police")],
            location: Some(Location {
                name: "Homs".into(),
                precision: 1,
                ..Default::default()
            }),
            date: Some(EventDate {
                text: "Monday".into(),
                value: None,
                end: None,
                precision: DatePrecision::Unresolved,
                span: None,
            }),
            quantities: vec![Quantity {
                kind: QuantityKind::Killed,
                value: 12,
                approximate: true,
                min: None,
                max: None,
                text: "dozens".into(),
                span: None,
            }],
            source: Some(ent("Officials")),
            attribution: Some("said".into()),
            historical: true,
            future: false,
            hypothetical: false,
            negated: true,
            acled: None,
            evidence,
            trigger: Some("attacked".into()),
            cues: vec![],
        };
        let row = table_row(&ev);
        assert_eq!(
            row,
            "a-very-long… ASSAULT/armed        Rebels → Army +1                   Homs               Monday?    killed~12          \
             Officials      HN   Rebels attacked the army post."
        );
        // Columns line up (in characters).
        let col = |line: &str, needle: &str| line.find(needle).map(|b| line[..b].chars().count());
        assert_eq!(
            col(&table_header(), "EVIDENCE"),
            col(&row, "Rebels attacked")
        );
    }

    #[test]
    fn truncation_is_by_characters() {
        assert_eq!(truncate("héllo\nworld", 20), "héllo world");
        assert_eq!(truncate("ééééé", 3), "éé…");
        assert_eq!(pad("ab", 4), "ab  ");
    }
}
