//! The situation picture: pure functions over coded events, no I/O.
//!
//! A [`Claim`] is one event as extracted from one document. Claims that report the same
//! happening are merged ([`merge`]) into a [`MergedEvent`], which keeps every claim. From a
//! merged event come its summary ([`EventSummary`]: type, date, place, actors, one
//! low/best/high [`FigureSummary`] per quantity kind, the framings, `disputed`), and from a
//! set of merged events the situation picture ([`sites`]: sites, control, detention
//! figures, population, ceasefires), a Markdown situation report ([`report`]) and exports
//! ([`export`]: ACLED-style CSV, GeoJSON).
//!
//! Numbers are never averaged: every figure keeps its claim and source; `best` is the most
//! conservative well-sourced figure (ACLED's rule).
//!
//! The storage backends (`sitrep-store` on SQLite, `sitrep-store-pg` on PostgreSQL) call these
//! functions and persist their results; they never re-implement the rules.

pub mod actors;
pub mod ceasefires;
pub mod control;
pub mod countries;
pub mod dates;
pub mod detention;
pub mod export;
pub mod figures;
pub mod geo;
mod identity;
pub mod key;
pub mod markdown;
pub mod merge;
pub mod report;
pub mod site_words;
pub mod sites;
pub mod summary;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sitrep_model::{Document, Event};

pub use figures::{Figure, FigureSummary};
pub use merge::{claims_match, place_claim, MergeFit, Placement};
pub use sites::{build_ceasefires, build_sites, locality_of, site_relevant, Ceasefire, Site};
/// The key under which places, facilities and actors are compared ("al-Shaddadi prison" =
/// "Shaddadi Prison"): [`sitrep_text::fold::name_key`].
pub use sitrep_text::fold::name_key as normalize_name;
pub use summary::{EventSummary, Framing};

/// What a claim needs to know about the document it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DocMeta {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub published: Option<NaiveDate>,
    /// The outlet ("VOA").
    #[serde(default)]
    pub source: Option<String>,
}

impl DocMeta {
    pub fn from_document(doc: &Document) -> DocMeta {
        DocMeta {
            id: doc.id.clone(),
            title: doc.title.clone(),
            url: doc.url.clone(),
            published: doc.published,
            source: doc.source.clone(),
        }
    }
}

/// One extracted event of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Unique claim id (the event's content id, see `Event::compute_id`).
    pub id: String,
    pub doc: DocMeta,
    pub event: Event,
}

impl Claim {
    pub fn new(doc: DocMeta, event: Event) -> Claim {
        Claim {
            id: event.id.clone(),
            doc,
            event,
        }
    }

    /// Who makes the claim: the attributed source inside the text ("the interior ministry"),
    /// else `None`.
    pub fn attributed_source(&self) -> Option<&str> {
        self.event
            .source
            .as_ref()
            .map(|s| {
                if s.name.is_empty() {
                    s.text.as_str()
                } else {
                    s.name.as_str()
                }
            })
            .filter(|s| !s.trim().is_empty())
            .or_else(|| {
                self.event
                    .attribution
                    .as_deref()
                    .filter(|s| !s.trim().is_empty())
            })
    }

    /// The order of claims inside a merged event: by publication date (undated documents
    /// last), document id, position of the evidence in the text, claim id. It depends only on
    /// the claims, never on the order they were stored in, so an event's summary is the same
    /// whichever worker stored which report first.
    pub fn canonical_key(&self) -> (bool, Option<NaiveDate>, &str, usize, &str) {
        (
            self.doc.published.is_none(),
            self.doc.published,
            self.doc.id.as_str(),
            self.event.evidence.start,
            self.id.as_str(),
        )
    }

    /// Whether the claim names who says so (a source in the text); ACLED prefers those figures.
    pub fn is_attributed(&self) -> bool {
        self.attributed_source().is_some()
    }
}

/// Claims merged into one happening. `id` is the id of the claim that founded the event, so
/// it is stable once assigned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedEvent {
    pub id: String,
    pub claims: Vec<Claim>,
}

impl MergedEvent {
    pub fn new(first: Claim) -> MergedEvent {
        MergedEvent {
            id: first.id.clone(),
            claims: vec![first],
        }
    }

    /// Adds a claim unless a claim with the same id is already there, keeping the claims in
    /// [canonical order](Claim::canonical_key).
    pub fn push(&mut self, claim: Claim) {
        if self.claims.iter().any(|c| c.id == claim.id) {
            return;
        }
        self.push_new(claim);
    }

    /// [`MergedEvent::push`] for a claim the caller knows is not in the event yet (a store
    /// whose claim ids are unique): no scan of the claims, so adding stays cheap however
    /// many claims the event has.
    pub fn push_new(&mut self, claim: Claim) {
        let key = claim.canonical_key();
        let at = self.claims.partition_point(|c| c.canonical_key() <= key);
        self.claims.insert(at, claim);
    }

    /// Takes every claim of `other` (two events found to be one happening, joined by a claim
    /// that matches both). `self` keeps its id.
    pub fn absorb(&mut self, other: MergedEvent) {
        for c in other.claims {
            self.push(c);
        }
    }

    /// Puts the claims in canonical order (after loading them in any order).
    pub fn canonicalize(&mut self) {
        self.claims
            .sort_by(|a, b| a.canonical_key().cmp(&b.canonical_key()));
        self.claims.dedup_by(|a, b| a.id == b.id);
    }

    pub fn summary(&self) -> EventSummary {
        EventSummary::of(self)
    }
}

/// Merges claims: the events are the connected components of the "same happening" relation
/// ([`claims_match`]) over all claims. Each claim joins every existing event one of whose
/// claims it matches; when it matches several, they become one event (it showed they report
/// one happening). The result does not depend on the order of the claims (up to which
/// claim's id an event carries). This is the reference implementation of what a store does
/// incrementally.
pub fn merge_all(claims: impl IntoIterator<Item = Claim>) -> Vec<MergedEvent> {
    let mut events: Vec<MergedEvent> = Vec::new();
    for claim in claims {
        let refs: Vec<&MergedEvent> = events.iter().collect();
        match merge::place_claim(&claim, &refs) {
            merge::Placement::New => events.push(MergedEvent::new(claim)),
            merge::Placement::Join { target, absorbed } => {
                match merge::take_join(&mut events, target, &absorbed) {
                    Some((at, mut ev, gone)) => {
                        for g in gone {
                            ev.absorb(g);
                        }
                        ev.push(claim);
                        events.insert(at, ev);
                    }
                    None => events.push(MergedEvent::new(claim)),
                }
            }
        }
    }
    events
}
