//! The events an ingest works on, kept in memory, with the bounded set of claims a new
//! claim is compared with per event.

use sitrep_model::Event;
use sitrep_picture::{Claim, MergedEvent};
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// Distinct claim contents a new claim is compared with per candidate event.
pub const MAX_REPRESENTATIVES: usize = 256;

/// A content hash of everything of a claim that the merge rules may read: the event
/// without its id, offsets, spans and confidence, and the document's id and publication
/// date. Two claims with the same content compare alike with any claim.
fn content_key(c: &Claim) -> u64 {
    struct HashWriter(std::collections::hash_map::DefaultHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut e: Event = c.event.clone();
    e.id.clear();
    e.confidence = 0.0;
    e.evidence.start = 0;
    e.evidence.end = 0;
    for ent in e.actor.iter_mut().chain(e.recipient.iter_mut()) {
        ent.span = None;
    }
    if let Some(s) = e.source.as_mut() {
        s.span = None;
    }
    if let Some(l) = e.location.as_mut() {
        l.span = None;
    }
    if let Some(d) = e.date.as_mut() {
        d.span = None;
    }
    for q in &mut e.quantities {
        q.span = None;
    }
    let mut w = HashWriter(std::collections::hash_map::DefaultHasher::new());
    // Serialising into a hasher cannot fail; were it to, the claim keeps a key of its own.
    if serde_json::to_writer(&mut w, &e).is_err() {
        c.id.hash(&mut w.0);
    }
    c.doc.id.hash(&mut w.0);
    c.doc.published.hash(&mut w.0);
    w.0.finish()
}

/// The claims a new claim is compared with for one event: one per distinct content
/// (`content_key`), at most [`MAX_REPRESENTATIVES`] (those with the smallest keys).
#[derive(Debug, Clone, Default)]
pub struct Representatives {
    seen: HashSet<u64>,
    /// Keys in ascending order, and their claims in the same order.
    keys: Vec<u64>,
    claims: Vec<Claim>,
}

impl Representatives {
    pub(super) fn of(ev: &MergedEvent) -> Representatives {
        let mut r = Representatives::default();
        for c in &ev.claims {
            r.add(c);
        }
        r
    }

    pub(super) fn add(&mut self, c: &Claim) {
        let k = content_key(c);
        if !self.seen.insert(k) {
            return;
        }
        if self.keys.len() >= MAX_REPRESENTATIVES && self.keys.last().is_some_and(|&m| k > m) {
            return;
        }
        let at = self.keys.partition_point(|&x| x < k);
        self.keys.insert(at, k);
        self.claims.insert(at, c.clone());
        if self.keys.len() > MAX_REPRESENTATIVES {
            self.keys.pop();
            self.claims.pop();
        }
    }

    pub(super) fn absorb(&mut self, other: &Representatives, ev: &MergedEvent) {
        if other.seen.len() > other.keys.len() {
            // The other side was cut: recompute from the joined claims.
            *self = Representatives::of(ev);
            return;
        }
        for c in &other.claims {
            self.add(c);
        }
    }

    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }
}

/// Events with at most this many claims are compared claim by claim (the same answer as
/// their representatives give, without computing content keys).
pub const SMALL_EVENT: usize = 32;

pub(super) struct Cached {
    pub(super) ev: MergedEvent,
    /// Built when the event is compared and has more than [`SMALL_EVENT`] claims.
    pub(super) reps: Option<Representatives>,
    tick: u64,
}

impl Cached {
    /// The claims a new claim is compared with (call [`EventCache::prepare`] first).
    pub(super) fn compared(&self) -> &[Claim] {
        match &self.reps {
            Some(r) if self.ev.claims.len() > SMALL_EVENT => r.claims(),
            _ => &self.ev.claims,
        }
    }
}

/// Merged events kept in memory: the events a transaction works on, and (for a backend
/// whose [`IngestStorage::cache_token`] allows it) between transactions, so that a busy event
/// is not re-read for every batch. Dropped when the token changes or a transaction rolls
/// back; its least recently used half goes when it holds more than [`CACHE_MAX_CLAIMS`]
/// claims after a commit.
#[derive(Default)]
pub(super) struct EventCache {
    events: HashMap<String, Cached>,
    claims: usize,
    tick: u64,
    pub(super) token: Option<i64>,
}

/// Claims held by the event cache between transactions (a claim is a few KB in memory).
pub const CACHE_MAX_CLAIMS: usize = 15_000;

impl EventCache {
    pub(super) fn clear(&mut self) {
        self.events.clear();
        self.claims = 0;
        self.token = None;
    }

    pub(super) fn get(&self, id: &str) -> Option<&Cached> {
        self.events.get(id)
    }

    pub(super) fn touch(&mut self, id: &str) -> bool {
        self.tick += 1;
        match self.events.get_mut(id) {
            Some(c) => {
                c.tick = self.tick;
                true
            }
            None => false,
        }
    }

    pub(super) fn insert(&mut self, ev: MergedEvent) {
        self.insert_with(ev, None);
    }

    /// Builds the representatives of a large event before it is compared.
    pub(super) fn prepare(&mut self, id: &str) {
        if let Some(c) = self.events.get_mut(id) {
            if c.reps.is_none() && c.ev.claims.len() > SMALL_EVENT {
                c.reps = Some(Representatives::of(&c.ev));
            }
        }
    }

    pub(super) fn insert_with(&mut self, ev: MergedEvent, reps: Option<Representatives>) {
        self.tick += 1;
        self.claims += ev.claims.len();
        let c = Cached {
            ev,
            reps,
            tick: self.tick,
        };
        if let Some(old) = self.events.insert(c.ev.id.clone(), c) {
            self.claims -= old.ev.claims.len();
        }
    }

    pub(super) fn remove(&mut self, id: &str) -> Option<Cached> {
        let c = self.events.remove(id)?;
        self.claims -= c.ev.claims.len();
        Some(c)
    }

    pub(super) fn push(&mut self, id: &str, claim: Claim) {
        if let Some(c) = self.events.get_mut(id) {
            if let Some(r) = c.reps.as_mut() {
                r.add(&claim);
            }
            c.ev.push_new(claim);
            self.claims += 1;
        }
    }

    pub(super) fn trim(&mut self) {
        if self.claims <= CACHE_MAX_CLAIMS {
            return;
        }
        let mut ticks: Vec<u64> = self.events.values().map(|e| e.tick).collect();
        ticks.sort_unstable();
        let cut = ticks.get(ticks.len() / 2).copied().unwrap_or(0);
        self.events.retain(|_, e| e.tick >= cut);
        self.claims = self.events.values().map(|e| e.ev.claims.len()).sum();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_model::testing::{day, entity, EventBuilder};
    use sitrep_model::EventType;
    use sitrep_picture::DocMeta;

    fn claim(doc: &str, start: usize, actor: &str) -> Claim {
        let ev = EventBuilder::new(doc, EventType::Assault, None, "Gunmen attacked.", start)
            .actor(entity(actor, "SYR", &["REB"]))
            .on(day("2026-01-20"))
            .build();
        Claim::new(
            DocMeta {
                id: doc.into(),
                ..DocMeta::default()
            },
            ev,
        )
    }

    #[test]
    fn one_representative_per_content() {
        // One sentence repeated: the same content at other offsets.
        let mut ev = MergedEvent::new(claim("a", 0, "Gunmen"));
        for i in 1..1000 {
            ev.push_new(claim("a", i * 20, "Gunmen"));
        }
        assert_eq!(Representatives::of(&ev).claims().len(), 1);
        // Another document or other content is another representative.
        ev.push_new(claim("b", 0, "Gunmen"));
        ev.push_new(claim("a", 30_000, "Rebels"));
        assert_eq!(Representatives::of(&ev).claims().len(), 3);
    }

    #[test]
    fn representatives_are_bounded_and_do_not_depend_on_order() {
        let claims: Vec<Claim> = (0..MAX_REPRESENTATIVES + 50)
            .map(|i| claim(&format!("doc{i}"), 0, "Gunmen"))
            .collect();
        let mut fwd = Representatives::default();
        for c in &claims {
            fwd.add(c);
        }
        let mut back = Representatives::default();
        for c in claims.iter().rev() {
            back.add(c);
        }
        assert_eq!(fwd.claims().len(), MAX_REPRESENTATIVES);
        let ids = |r: &Representatives| r.claims().iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&fwd), ids(&back));
    }
}
