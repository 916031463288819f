//! The one ingest algorithm of every backend: storing a document's claims and placing each
//! claim into events ([`sitrep_picture::merge::place_claim_among`]), written once over the
//! storage primitives of [`IngestStorage`] (the SQLite store and the PostgreSQL store each
//! implement them inside their own transaction).
//!
//! What it does for a batch of documents inside one open transaction:
//! 1. a document whose text is stored already is a duplicate, unless its publication date
//!    differs (or [`IngestOptions::reprocess`] is set): then its claims are replaced
//!    ([`Ingestor`]'s re-coding, below);
//! 2. each new claim (at most [`IngestOptions::max_claims_per_document`] per document) gets
//!    its row, then its candidate events: the events of the claims found by the
//!    backend-independent [`CandidateSearch`] plus the events already holding claims of the
//!    same document (of the claim's type cluster); it joins every candidate that has a claim
//!    reporting the same happening, and joins them into one;
//! 3. the events a transaction touched get their rows, summaries and index rows once, at
//!    the end, and the localities whose sites must be rebuilt are marked.
//!
//! **Bounded work per claim.** A claim is compared with a bounded set of claims standing for
//! each candidate event ([`Representatives`]): one claim per distinct *content* (everything
//! of a claim but its id, offsets, spans and confidence, with its document and publication
//! date), at most [`MAX_REPRESENTATIVES`] of them. Claims with the same content compare
//! alike with any claim, so an event with up to that many distinct contents is compared
//! exactly as claim by claim; a document that repeats one sentence thousands of times adds
//! one representative, not thousands. Beyond the bound (events no news report makes), the
//! representatives are the contents with the smallest hashes, which depends only on the
//! event's claims, not on their order. The same-document candidates are bounded too
//! ([`MAX_DOCUMENT_CANDIDATES`] per type cluster, the most recent).
//!
//! **Re-coding** (a document ingested again with another publication date, or with
//! `reprocess`): the document's old claims are deleted and every event that held one of
//! them is dissolved; the dissolved events' founding claims are placed again first (so that
//! the events keep their ids where they can), then the document's new claims, then the
//! dissolved events' other claims; the id of a dissolved event that did not come back, and
//! the aliases that pointed to it, point to the event that now holds its claims. Events are
//! the connected components of the merge relation, so the result is what ingesting the
//! corrected document in the first place would have given.

use crate::index::{type_cluster, CandidateSearch, PlaceFilter, MAX_CANDIDATES};
use crate::{IngestOutcome, Result, StoreError};
use chrono::NaiveDate;
use sitrep_model::{Document, Event};
use sitrep_picture::merge::{place_claim_among, Candidate, Placement};
use sitrep_picture::summary::best_location;
use sitrep_picture::{locality_of, site_relevant, Claim, DocMeta, EventSummary, MergedEvent};
use std::collections::{BTreeSet, HashMap, HashSet};

mod cache;
mod cancel;
mod recode;

use cache::EventCache;
pub use cache::{Representatives, CACHE_MAX_CLAIMS, MAX_REPRESENTATIVES, SMALL_EVENT};
pub use cancel::{Cancel, CommitGuard};

/// Claims stored per document at most by default: far above any news report (a long one has
/// a few hundred), so that a pathological document (one sentence repeated a million times)
/// cannot fill the store; the rest is dropped with a warning ([`IngestOutcome::Added`]'s
/// `dropped_claims`).
pub const MAX_CLAIMS_PER_DOCUMENT: usize = 20_000;
/// Events of the same document (per type cluster, the most recent) that are candidates of a
/// claim beside the ones the candidate search finds.
pub const MAX_DOCUMENT_CANDIDATES: usize = MAX_CANDIDATES;

/// How documents are ingested.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Re-code documents that are stored already (replace their claims) even when their
    /// publication date did not change.
    pub reprocess: bool,
    /// Claims stored per document at most (the rest is dropped and reported).
    pub max_claims_per_document: usize,
    /// Stops the ingest (checked before every claim).
    pub cancel: Option<Cancel>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            reprocess: false,
            max_claims_per_document: MAX_CLAIMS_PER_DOCUMENT,
            cancel: None,
        }
    }
}

impl IngestOptions {
    fn check(&self) -> Result<()> {
        match &self.cancel {
            Some(c) => c.check(),
            None => Ok(()),
        }
    }
}

/// A stored document found by its content hash.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDocument {
    pub row: i64,
    /// Its id as stored (`doc_id`).
    pub doc_id: String,
    pub published: Option<NaiveDate>,
}

/// The storage primitives the ingest algorithm needs, implemented by each backend inside
/// an open write transaction. None of them decides anything about merging.
pub trait IngestStorage {
    /// The document with this content hash.
    fn find_document(&mut self, content_hash: &str) -> Result<Option<StoredDocument>>;
    /// Whether a document with this id is stored.
    fn doc_id_taken(&mut self, doc_id: &str) -> Result<bool>;
    /// Inserts a document row and returns its row id; `None` when a concurrent writer
    /// stored the same text first (then it is a duplicate).
    fn insert_document(
        &mut self,
        meta: &DocMeta,
        content_hash: &str,
        text: &str,
    ) -> Result<Option<i64>>;
    /// Replaces the metadata (title, url, publication date, source) of a stored document.
    fn update_document(&mut self, row: i64, meta: &DocMeta) -> Result<()>;
    /// Sets the document's claim count and writes its ingest-log row (`status` is `ok` or
    /// `reprocessed`).
    fn finish_document(
        &mut self,
        row: i64,
        meta: &DocMeta,
        content_hash: &str,
        claims: usize,
        status: &str,
    ) -> Result<()>;
    fn claim_exists(&mut self, id: &str) -> Result<bool>;
    /// Inserts a claim row (with its matching columns, [`crate::index::ClaimIndex`]).
    fn insert_claim(&mut self, doc_row: i64, claim: &Claim) -> Result<()>;
    /// Links a claim to its event.
    fn link_claim(&mut self, claim: &str, event: &str) -> Result<()>;
    /// The events of the claims a [`CandidateSearch`] finds: distinct, in id order, at most
    /// [`MAX_CANDIDATES`].
    fn search(&mut self, search: &CandidateSearch) -> Result<Vec<String>>;
    /// Loads events with their claims (in canonical order), ready to be changed: a backend
    /// with concurrent writers locks them, and replaces an id that a concurrent writer
    /// merged into another event by that event. Unknown ids are left out.
    fn load_events(&mut self, ids: &[String]) -> Result<Vec<MergedEvent>>;
    /// A new event was created (a backend may write its row now or in
    /// [`IngestStorage::write_event`]).
    fn create_event(&mut self, ev: &MergedEvent) -> Result<()>;
    /// Writes the event's row, summary and index rows (once per transaction per event);
    /// `created`: it was created in this transaction. Returns the summary.
    fn write_event(&mut self, ev: &MergedEvent, created: bool) -> Result<EventSummary>;
    /// Moves the links and aliases of event `gone` to `into`, deletes the rows of `gone`
    /// and makes its id an alias of `into`.
    fn absorb_event(&mut self, into: &str, gone: &str) -> Result<()>;
    /// Marks localities whose sites must be rebuilt.
    fn mark_localities(&mut self, localities: &BTreeSet<String>) -> Result<()>;
    /// Cached events stay valid across transactions while this token stays the same (it
    /// changes when another connection writes); `None`: never keep them.
    fn cache_token(&mut self) -> Result<Option<i64>>;

    // --- re-coding a stored document ---
    /// The claims of a stored document with their events.
    fn document_links(&mut self, doc_row: i64) -> Result<Vec<(String, String)>>;
    /// The events holding claims of the document with this id.
    fn document_events(&mut self, doc_id: &str) -> Result<Vec<String>>;
    /// Deletes an event's claim links, its rows, and the aliases pointing to it; returns
    /// those aliases.
    fn dissolve_event(&mut self, id: &str) -> Result<Vec<String>>;
    /// Deletes claim rows (already unlinked).
    fn delete_claims(&mut self, ids: &[String]) -> Result<()>;
    /// The event a claim is linked to.
    fn event_of_claim(&mut self, claim: &str) -> Result<Option<String>>;
    /// Makes `alias` answer for `event`.
    fn set_alias(&mut self, alias: &str, event: &str) -> Result<()>;
    /// Serialises with concurrent writers that could merge with these claims (a backend
    /// with concurrent writers takes their merge locks; the others do nothing).
    fn lock_claims(&mut self, _claims: &[&Claim]) -> Result<()> {
        Ok(())
    }
}

/// What one transaction changed so far.
#[derive(Default)]
struct TxState {
    /// Events whose rows, summaries and index rows are still to be written.
    dirty: HashSet<String>,
    /// `dirty` in the order the events became dirty (new events get their rows, and row
    /// ids, in the order they were created).
    order: Vec<String>,
    /// Localities whose sites must be rebuilt.
    localities: BTreeSet<String>,
    /// Events created in this transaction.
    created: HashSet<String>,
}

impl TxState {
    fn dirty(&mut self, id: &str) {
        if self.dirty.insert(id.to_string()) {
            self.order.push(id.to_string());
        }
    }
}

/// The events holding claims of the document being stored, by type cluster, in the order
/// they were first met.
#[derive(Default)]
struct DocEvents {
    by_cluster: HashMap<&'static str, (Vec<String>, HashSet<String>)>,
}

fn cluster_of(t: sitrep_model::EventType) -> &'static str {
    type_cluster(t).first().copied().unwrap_or("")
}

impl DocEvents {
    fn add(&mut self, cluster: &'static str, id: &str) {
        let (order, set) = self.by_cluster.entry(cluster).or_default();
        if set.insert(id.to_string()) {
            order.push(id.to_string());
        }
    }

    fn remove(&mut self, id: &str) {
        for (order, set) in self.by_cluster.values_mut() {
            if set.remove(id) {
                order.retain(|x| x != id);
            }
        }
    }

    /// The candidates of a claim of `cluster` (claims of other clusters never match).
    fn candidates(&self, cluster: &'static str) -> &[String] {
        let v = self
            .by_cluster
            .get(cluster)
            .map(|(order, _)| order.as_slice())
            .unwrap_or(&[]);
        &v[v.len().saturating_sub(MAX_DOCUMENT_CANDIDATES)..]
    }
}

/// The candidate searches already run for one document's claims, with their results.
///
/// Claims of one report often ask the same question (the same type, place and day). Between
/// two claims of one document the store gains only that document's claims, whose events
/// are among the document's events, and events absorbed since are skipped when loaded (their
/// absorbers hold claims of the document too); so an earlier result plus the document's
/// events is exactly what the search would return, unless the earlier result was cut at
/// [`MAX_CANDIDATES`] (such results are not kept).
#[derive(Default)]
struct SearchMemo(HashMap<u64, Vec<(CandidateSearch, Vec<String>)>>);

impl SearchMemo {
    fn key(s: &CandidateSearch) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        s.types.hash(&mut h);
        s.country.hash(&mut h);
        for b in &s.branches {
            (b.lo, b.hi).hash(&mut h);
            match &b.place {
                PlaceFilter::Near {
                    lat,
                    lon,
                    geonameid,
                } => (
                    0u8,
                    lat.0.to_bits(),
                    lat.1.to_bits(),
                    lon.0.to_bits(),
                    lon.1.to_bits(),
                    geonameid,
                )
                    .hash(&mut h),
                PlaceFilter::LooseOf { admin1 } => (1u8, admin1).hash(&mut h),
                PlaceFilter::Province(a) => (2u8, a).hash(&mut h),
                PlaceFilter::Any => 3u8.hash(&mut h),
            }
        }
        h.finish()
    }

    fn get(&self, s: &CandidateSearch) -> Option<&Vec<String>> {
        self.0
            .get(&Self::key(s))?
            .iter()
            .find(|(k, _)| k == s)
            .map(|(_, ids)| ids)
    }

    fn insert(&mut self, s: CandidateSearch, ids: Vec<String>) {
        self.0.entry(Self::key(&s)).or_default().push((s, ids));
    }
}

/// Counters of the work done (for tests and benchmarks).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestCounters {
    /// Claims placed.
    pub claims: u64,
    /// Candidate events considered.
    pub candidates: u64,
    /// Claims a placed claim was compared with (representatives of the candidates).
    pub comparisons: u64,
}

/// The ingest algorithm with its event cache. A backend keeps one per connection.
#[derive(Default)]
pub struct Ingestor {
    cache: EventCache,
    counters: IngestCounters,
    fail_after_claims: Option<usize>,
}

/// A claim to place: a new one (with its document row) or a stored one placed again.
struct ToPlace {
    claim: Claim,
    cluster: &'static str,
}

impl Ingestor {
    pub fn new() -> Ingestor {
        Ingestor::default()
    }

    /// The work done so far.
    pub fn counters(&self) -> IngestCounters {
        self.counters
    }

    /// Makes the next ingests fail after inserting `n` claims (crash-consistency tests).
    #[doc(hidden)]
    pub fn fail_after_claims(&mut self, n: Option<usize>) {
        self.fail_after_claims = n;
    }

    /// Forgets every cached event (after a rollback, or when the store changed behind it).
    pub fn forget(&mut self) {
        self.cache.clear();
    }

    /// Stores `items` inside the open transaction of `st` (which the caller commits, or
    /// rolls back on an error, then calls [`Ingestor::forget`]). On an error, returns the
    /// index of the failing item.
    pub fn ingest_in_tx(
        &mut self,
        st: &mut dyn IngestStorage,
        items: &[(&Document, &[Event])],
        opts: &IngestOptions,
    ) -> std::result::Result<Vec<IngestOutcome>, (usize, StoreError)> {
        let token = st.cache_token().map_err(|e| (0, e))?;
        if token.is_none() || token != self.cache.token {
            self.cache.clear();
            self.cache.token = token;
        }
        let mut state = TxState::default();
        let mut outs = Vec::with_capacity(items.len());
        for (i, (doc, events)) in items.iter().enumerate() {
            match self.ingest_doc(st, &mut state, doc, events, opts) {
                Ok(o) => outs.push(o),
                Err(e) => {
                    self.cache.clear();
                    return Err((i, e));
                }
            }
        }
        if let Err(e) = self.finish(st, &state) {
            self.cache.clear();
            return Err((items.len().saturating_sub(1), e));
        }
        Ok(outs)
    }

    /// After the caller committed: the cache is kept (trimmed) when the backend allows.
    pub fn committed(&mut self) {
        if self.cache.token.is_none() {
            self.cache.clear();
        } else {
            self.cache.trim();
        }
    }

    fn ingest_doc(
        &mut self,
        st: &mut dyn IngestStorage,
        state: &mut TxState,
        doc: &Document,
        events: &[Event],
        opts: &IngestOptions,
    ) -> Result<IngestOutcome> {
        opts.check()?;
        let hash = doc.content_hash();
        let mut meta = DocMeta::from_document(doc);
        let stored = st.find_document(&hash)?;
        let (docrow, replaced) = match stored {
            Some(s) => {
                let new_date = meta.published.is_some() && meta.published != s.published;
                if !(opts.reprocess || new_date) {
                    return Ok(IngestOutcome::Duplicate { document: s.row });
                }
                // Keep what the new reading does not give.
                meta.id = s.doc_id.clone();
                if meta.published.is_none() {
                    meta.published = s.published;
                }
                let dissolved = self.dissolve_document(st, state, s.row)?;
                st.update_document(s.row, &meta)?;
                self.place_again(st, state, &dissolved, true, opts)?;
                (s.row, Some(dissolved))
            }
            None => {
                if meta.id.trim().is_empty() {
                    meta.id = hash.get(..12).unwrap_or(&hash).to_string();
                }
                if st.doc_id_taken(&meta.id)? {
                    // Same id, other content (an updated page): keep both, distinguishable.
                    meta.id = format!("{}#{}", meta.id, hash.get(..8).unwrap_or(&hash));
                }
                match st.insert_document(&meta, &hash, &doc.text)? {
                    Some(row) => (row, None),
                    None => match st.find_document(&hash)? {
                        Some(s) => return Ok(IngestOutcome::Duplicate { document: s.row }),
                        None => {
                            return Err(StoreError::Internal(format!(
                                "document {} vanished while being stored",
                                meta.id
                            )))
                        }
                    },
                }
            }
        };
        let (mut n_claims, mut new_events, mut merged, mut dropped) = (0usize, 0, 0, 0);
        let mut seen: HashSet<&str> = HashSet::new();
        let mut doc_events = DocEvents::default();
        let mut memo = SearchMemo::default();
        for ev in events {
            if !seen.insert(ev.id.as_str()) {
                continue;
            }
            if n_claims >= opts.max_claims_per_document {
                dropped += 1;
                continue;
            }
            opts.check()?;
            let mut claim_id = ev.id.clone();
            if claim_id.is_empty() || st.claim_exists(&claim_id)? {
                claim_id = format!("{}-{}", ev.id, hash.get(..8).unwrap_or(&hash));
                if st.claim_exists(&claim_id)? {
                    continue;
                }
            }
            let claim = Claim {
                id: claim_id,
                doc: meta.clone(),
                event: ev.clone(),
            };
            st.insert_claim(docrow, &claim)?;
            n_claims += 1;
            if let Some(limit) = self.fail_after_claims {
                if n_claims > limit {
                    return Err(StoreError::Injected(format!("after {limit} claims")));
                }
            }
            let joined = self.place(
                st,
                state,
                ToPlace {
                    cluster: cluster_of(claim.event.event_type),
                    claim,
                },
                &mut doc_events,
                &mut memo,
            )?;
            if joined {
                merged += 1;
            } else {
                new_events += 1;
            }
        }
        let status = if let Some(dissolved) = replaced {
            self.place_again(st, state, &dissolved, false, opts)?;
            self.point_aliases(st, &dissolved)?;
            "reprocessed"
        } else {
            "ok"
        };
        st.finish_document(docrow, &meta, &hash, n_claims, status)?;
        Ok(match status {
            "reprocessed" => IngestOutcome::Reprocessed {
                document: docrow,
                claims: n_claims,
                new_events,
                merged,
                dropped_claims: dropped,
            },
            _ => IngestOutcome::Added {
                document: docrow,
                claims: n_claims,
                new_events,
                merged,
                dropped_claims: dropped,
            },
        })
    }

    /// Loads the candidate events of a claim into the cache; returns their ids.
    fn candidates(
        &mut self,
        st: &mut dyn IngestStorage,
        p: &ToPlace,
        doc_events: &DocEvents,
        memo: &mut SearchMemo,
    ) -> Result<Vec<String>> {
        let mut ids: Vec<String> = Vec::new();
        if let Some(search) = CandidateSearch::for_claim(&p.claim) {
            match memo.get(&search) {
                Some(found) => ids = found.clone(),
                None => {
                    ids = st.search(&search)?;
                    if ids.len() < MAX_CANDIDATES {
                        memo.insert(search, ids.clone());
                    }
                }
            }
        }
        // The document's events that the search did not return (the search's ids are
        // distinct; few document events are new to them).
        let extra: Vec<String> = {
            let have: HashSet<&str> = ids.iter().map(String::as_str).collect();
            doc_events
                .candidates(p.cluster)
                .iter()
                .filter(|id| !have.contains(id.as_str()))
                .cloned()
                .collect()
        };
        ids.extend(extra);
        let mut found: Vec<String> = Vec::with_capacity(ids.len());
        let mut missing: Vec<String> = Vec::new();
        for id in ids {
            if self.cache.touch(&id) {
                found.push(id);
            } else {
                missing.push(id);
            }
        }
        if !missing.is_empty() {
            // Events absorbed earlier in this transaction are not found, or found as the
            // event that absorbed them (which may be a candidate already).
            let mut have: HashSet<String> = found.iter().cloned().collect();
            for ev in st.load_events(&missing)? {
                let id = ev.id.clone();
                if self.cache.get(&id).is_none() {
                    self.cache.insert(ev);
                }
                if have.insert(id.clone()) {
                    found.push(id);
                }
            }
        }
        Ok(found)
    }

    /// Places one claim (its row exists): it joins every candidate event with a claim
    /// reporting the same happening, or founds a new event. Returns whether it joined.
    fn place(
        &mut self,
        st: &mut dyn IngestStorage,
        state: &mut TxState,
        p: ToPlace,
        doc_events: &mut DocEvents,
        memo: &mut SearchMemo,
    ) -> Result<bool> {
        let ids = self.candidates(st, &p, doc_events, memo)?;
        for id in &ids {
            self.cache.prepare(id);
        }
        let placement = {
            let views: Vec<Candidate<'_>> = ids
                .iter()
                .filter_map(|id| self.cache.get(id))
                .map(|c| Candidate {
                    id: &c.ev.id,
                    claim_count: c.ev.claims.len(),
                    claims: c.compared(),
                })
                .collect();
            self.counters.claims += 1;
            self.counters.candidates += views.len() as u64;
            self.counters.comparisons += views.iter().map(|v| v.claims.len() as u64).sum::<u64>();
            match place_claim_among(&p.claim, &views) {
                Placement::New => None,
                Placement::Join { target, absorbed } => Some((
                    views[target].id.to_string(),
                    absorbed
                        .iter()
                        .filter_map(|&a| views.get(a).map(|v| v.id.to_string()))
                        .collect::<Vec<_>>(),
                )),
            }
        };
        let ToPlace { claim, cluster } = p;
        let claim_id = claim.id.clone();
        let (event_id, joined) = match placement {
            None => {
                let e = MergedEvent::new(claim);
                let id = e.id.clone();
                st.create_event(&e)?;
                self.cache.insert(e);
                state.created.insert(id.clone());
                (id, false)
            }
            Some((target, absorbed)) => {
                for gone in &absorbed {
                    self.absorb(st, state, &target, gone)?;
                    doc_events.remove(gone);
                }
                if let Some(l) = self
                    .cache
                    .get(&target)
                    .and_then(|c| best_location(&c.ev))
                    .and_then(locality_of)
                {
                    state.localities.insert(l);
                }
                self.cache.push(&target, claim);
                (target, true)
            }
        };
        st.link_claim(&claim_id, &event_id)?;
        doc_events.add(cluster, &event_id);
        state.dirty(&event_id);
        Ok(joined)
    }

    /// Moves every claim of event `gone` into `into` (a claim matched both).
    fn absorb(
        &mut self,
        st: &mut dyn IngestStorage,
        state: &mut TxState,
        into: &str,
        gone: &str,
    ) -> Result<()> {
        let Some(g) = self.cache.remove(gone) else {
            return Ok(());
        };
        if let Some(l) = best_location(&g.ev).and_then(locality_of) {
            state.localities.insert(l);
        }
        state.dirty.remove(gone);
        st.absorb_event(into, gone)?;
        if let Some(mut t) = self.cache.remove(into) {
            t.ev.absorb(g.ev);
            // Representatives are rebuilt when needed unless both sides had them.
            let reps = match (t.reps, g.reps) {
                (Some(mut a), Some(b)) => {
                    a.absorb(&b, &t.ev);
                    Some(a)
                }
                _ => None,
            };
            self.cache.insert_with(t.ev, reps);
        }
        Ok(())
    }

    /// Writes the dirty events' rows and marks the localities to rebuild (the events'
    /// localities before the transaction were marked as claims joined them; the ones after
    /// are marked here).
    fn finish(&mut self, st: &mut dyn IngestStorage, state: &TxState) -> Result<()> {
        let mut localities = state.localities.clone();
        for id in state.order.iter().filter(|id| state.dirty.contains(*id)) {
            let Some(c) = self.cache.get(id) else {
                return Err(StoreError::Internal(format!(
                    "event {id} is missing from the ingest cache"
                )));
            };
            let s = st.write_event(&c.ev, state.created.contains(id))?;
            if site_relevant(&c.ev, &s) {
                localities.extend(s.location.as_ref().and_then(locality_of));
            }
        }
        st.mark_localities(&localities)
    }
}

/// Stores a batch with `run` (one transaction for the batch); when a document of it fails,
/// stores the documents again one per transaction, so that only the failing ones are lost.
/// Returns one result per item, in order.
pub fn ingest_with_fallback<T>(
    items: &[(&Document, &[Event])],
    mut run: impl FnMut(&[(&Document, &[Event])]) -> std::result::Result<Vec<T>, (usize, StoreError)>,
) -> Vec<Result<T>> {
    if items.len() > 1 {
        match run(items) {
            Ok(outs) => return outs.into_iter().map(Ok).collect(),
            // A cancelled batch stays cancelled: nothing of it is stored.
            Err((_, StoreError::Cancelled)) => {
                return items.iter().map(|_| Err(StoreError::Cancelled)).collect()
            }
            Err(_) => {}
        }
    }
    items
        .iter()
        .map(|item| match run(std::slice::from_ref(item)) {
            Ok(mut outs) => outs
                .pop()
                .ok_or_else(|| StoreError::Internal("no ingest outcome".into())),
            Err((_, e)) => Err(e),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_stores_the_good_documents_of_a_failing_batch() {
        let docs: Vec<Document> = (0..3)
            .map(|i| Document::new(format!("d{i}"), "x"))
            .collect();
        let items: Vec<(&Document, &[Event])> = docs.iter().map(|d| (d, &[][..])).collect();
        let mut calls = Vec::new();
        let out = ingest_with_fallback(&items, |batch| {
            calls.push(batch.len());
            if batch.iter().any(|(d, _)| d.id == "d1") {
                return Err((0, StoreError::Internal("bad".into())));
            }
            Ok(batch
                .iter()
                .map(|_| IngestOutcome::Duplicate { document: 1 })
                .collect())
        });
        assert_eq!(calls, [3, 1, 1, 1]);
        assert!(out[0].is_ok() && out[1].is_err() && out[2].is_ok());
        // A cancelled batch is not retried document by document.
        let out: Vec<Result<IngestOutcome>> =
            ingest_with_fallback(&items, |_| Err((0, StoreError::Cancelled)));
        assert!(out.iter().all(|r| matches!(r, Err(StoreError::Cancelled))));
    }
}
