//! Builders for synthetic events, for unit tests of scorers and harnesses.

use sitrep_model::{Entity, Event, EventType, Evidence};

/// An event of type `t` with evidence `start..end` and nothing else set (confidence 0.5).
/// The evidence text is taken from `text` when the range is valid there.
pub fn event(t: EventType, text: &str, start: usize, end: usize) -> Event {
    let evidence = Evidence {
        start,
        end,
        text: text.get(start..end).unwrap_or("").to_string(),
    };
    Event {
        doc_id: "test".into(),
        id: Event::compute_id("test", t, None, &evidence, None),
        event_type: t,
        mode: None,
        context: vec![],
        confidence: 0.5,
        actor: vec![],
        recipient: vec![],
        location: None,
        date: None,
        quantities: vec![],
        source: None,
        attribution: None,
        historical: false,
        future: false,
        hypothetical: false,
        negated: false,
        acled: None,
        evidence,
        trigger: None,
    }
}

/// An entity whose text and name are `text`.
pub fn entity(text: &str, country: Option<&str>, sectors: &[&str]) -> Entity {
    Entity {
        text: text.into(),
        name: text.into(),
        country: country.map(Into::into),
        sector: sectors.iter().map(|s| s.to_string()).collect(),
        span: None,
    }
}
