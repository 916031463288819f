//! Builders for synthetic events, for the tests, benchmarks and demos that need events without
//! the coder (feature `testing`; not part of the library users build).

use crate::{
    Acled, AcledSubEventType, DatePrecision, Entity, Event, EventDate, EventType, Evidence,
    Location, Quantity, QuantityKind,
};

/// An entity whose text and name are `name`; a missing or empty `country` is none.
/// `country` is a code (`"SYR"`) or an `Option` of one.
pub fn entity<'a>(name: &str, country: impl Into<Option<&'a str>>, sectors: &[&str]) -> Entity {
    Entity {
        text: name.to_string(),
        name: name.to_string(),
        country: country.into().filter(|c| !c.is_empty()).map(str::to_string),
        sector: sectors.iter().map(|s| s.to_string()).collect(),
        span: None,
    }
}

/// A day-precision date from `YYYY-MM-DD` text.
pub fn day(value: &str) -> EventDate {
    EventDate {
        text: value.to_string(),
        value: Some(value.to_string()),
        end: None,
        precision: DatePrecision::Day,
        span: None,
    }
}

/// A week-precision period ("over the weekend").
pub fn week(start: &str, end: &str) -> EventDate {
    EventDate {
        text: format!("{start}..{end}"),
        value: Some(start.to_string()),
        end: Some(end.to_string()),
        precision: DatePrecision::Week,
        span: None,
    }
}

/// An exact figure.
pub fn quantity(kind: QuantityKind, value: u64) -> Quantity {
    Quantity {
        kind,
        value,
        approximate: false,
        min: None,
        max: None,
        text: value.to_string(),
        span: None,
    }
}

/// An event of document `test` with evidence `start..end` and nothing else set (confidence
/// 0.5). The evidence text is taken from `text` when the range is valid there, else empty.
pub fn event(t: EventType, text: &str, start: usize, end: usize) -> Event {
    let mut b = EventBuilder::new("test", t, None, text.get(start..end).unwrap_or(""), start);
    b.0.evidence.end = end;
    b.0.confidence = 0.5;
    b.rehash().build()
}

/// Builds an [`Event`]; the id is recomputed from the document id and evidence.
pub struct EventBuilder(pub Event);

impl EventBuilder {
    /// An event of document `doc_id` whose evidence `text` starts at byte `start`
    /// (confidence 0.8).
    pub fn new(
        doc_id: &str,
        t: EventType,
        mode: Option<&str>,
        text: &str,
        start: usize,
    ) -> EventBuilder {
        let evidence = Evidence {
            start,
            end: start + text.len(),
            text: text.to_string(),
        };
        let id = Event::compute_id(doc_id, t, mode, &evidence, None);
        EventBuilder(Event {
            doc_id: doc_id.to_string(),
            id,
            event_type: t,
            mode: mode.map(str::to_string),
            context: vec![],
            confidence: 0.8,
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
            cues: vec![],
        })
    }
    pub fn cue(mut self, c: crate::Cue) -> Self {
        if !self.0.cues.contains(&c) {
            self.0.cues.push(c);
        }
        self
    }
    pub fn actor(mut self, e: Entity) -> Self {
        self.0.actor.push(e);
        self
    }
    pub fn recipient(mut self, e: Entity) -> Self {
        self.0.recipient.push(e);
        self
    }
    pub fn at(mut self, l: Location) -> Self {
        self.0.location = Some(l);
        self
    }
    pub fn on(mut self, d: EventDate) -> Self {
        self.0.date = Some(d);
        self
    }
    pub fn q(mut self, q: Quantity) -> Self {
        self.0.quantities.push(q);
        self
    }
    pub fn source(mut self, e: Entity) -> Self {
        self.0.source = Some(e);
        self
    }
    pub fn acled(mut self, sub_event_type: AcledSubEventType) -> Self {
        self.0.acled = Some(Acled::new(sub_event_type));
        self
    }
    /// Moves the event to another document (recomputing its id).
    pub fn in_doc(mut self, doc_id: &str) -> Self {
        self.0.doc_id = doc_id.to_string();
        self.rehash()
    }
    /// Sets the evidence start offset (recomputing the id).
    pub fn offset(mut self, start: usize) -> Self {
        let len = self.0.evidence.end.saturating_sub(self.0.evidence.start);
        self.0.evidence.start = start;
        self.0.evidence.end = start + len;
        self.rehash()
    }
    fn rehash(mut self) -> Self {
        let e = &self.0;
        self.0.id = Event::compute_id(
            &e.doc_id,
            e.event_type,
            e.mode.as_deref(),
            &e.evidence,
            e.trigger.as_deref(),
        );
        self
    }
    pub fn build(self) -> Event {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_keeps_the_id_of_its_evidence() {
        let text = "Gunmen attacked the camp.";
        let e = event(EventType::Assault, text, 0, 6);
        assert_eq!(e.evidence.text, "Gunmen");
        assert_eq!((e.doc_id.as_str(), e.confidence), ("test", 0.5));
        let ev = Evidence {
            start: 0,
            end: 6,
            text: "Gunmen".into(),
        };
        assert_eq!(
            e.id,
            Event::compute_id("test", EventType::Assault, None, &ev, None)
        );
        // an invalid range keeps its offsets with empty text
        let e = event(EventType::Assault, "", 3, 9);
        assert_eq!(
            (e.evidence.start, e.evidence.end, e.evidence.text.as_str()),
            (3, 9, "")
        );
    }

    #[test]
    fn entity_country_forms() {
        assert_eq!(entity("x", "SYR", &[]).country.as_deref(), Some("SYR"));
        assert_eq!(entity("x", Some("SYR"), &["MIL"]).sector, vec!["MIL"]);
        assert_eq!(entity("x", "", &[]).country, None);
        assert_eq!(entity("x", None, &[]).country, None);
    }

    #[test]
    fn builder_moves_recompute_the_id() {
        let b = EventBuilder::new("d1", EventType::Coerce, Some("seize"), "seized", 10);
        let id = b.0.id.clone();
        let moved = b.in_doc("d2").build();
        assert_ne!(moved.id, id);
        let shifted = EventBuilder::new("d1", EventType::Coerce, Some("seize"), "seized", 10)
            .offset(20)
            .build();
        assert_eq!((shifted.evidence.start, shifted.evidence.end), (20, 26));
        assert_ne!(shifted.id, id);
    }
}
