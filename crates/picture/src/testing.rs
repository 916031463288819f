//! Builders for synthetic events (tests, benchmarks and demos without the coder).

use sitrep_model::{
    Acled, DatePrecision, Entity, Event, EventDate, EventType, Evidence, Location, Quantity,
    QuantityKind,
};

pub fn entity(name: &str, country: &str, sectors: &[&str]) -> Entity {
    Entity {
        text: name.to_string(),
        name: name.to_string(),
        country: (!country.is_empty()).then(|| country.to_string()),
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

/// Builds an [`Event`]; the id is recomputed from the document id and evidence.
pub struct EventBuilder(pub Event);

impl EventBuilder {
    /// An event of document `doc_id` whose evidence `text` starts at byte `start`.
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
        })
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
    pub fn acled(mut self, event_type: &str, sub_event_type: &str) -> Self {
        self.0.acled = Some(Acled {
            event_type: event_type.into(),
            sub_event_type: sub_event_type.into(),
        });
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
