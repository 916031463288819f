//! The sitrep event store.
//!
//! Concepts (shared by every backend: this crate's SQLite store and `sitrep-store-pg` on
//! PostgreSQL):
//! - **document**: one input text, stored once per content hash;
//! - **claim**: one extracted event of one document (full JSON plus indexed columns);
//! - **event**: claims merged into one happening by the rules of `sitrep-picture`
//!   (claim → event links); the event row caches the picture's summary;
//! - **site**: the situation picture of a place (control history, detention figures, ...),
//!   recomputed for the locality of every event an ingest touches;
//! - **ingest log**: one row per ingested (or failed) document.
//!
//! Ingesting one document (or one batch of documents, [`EventStore::ingest_batch`]) is one
//! transaction: the documents, their claims, the merges and the marks of the affected sites
//! are all written or none is, so a killed process leaves a consistent store and ingesting
//! the same input again completes the work (documents already there are skipped by content
//! hash).
//!
//! Merging is order-independent: events are the connected components of the picture's
//! "same happening" relation over all claims (`sitrep_picture::merge::place_claim`); a claim
//! that matches two events merges them, and the absorbed event's id stays an alias.

pub mod index;
pub mod ingest;
pub mod pipeline;
mod schema;
pub mod server_queries;
mod sqlite;
mod sqlite_ingest;
#[cfg(feature = "testing")]
pub mod synthetic;

pub use ingest::{Cancel, IngestOptions, MAX_CLAIMS_PER_DOCUMENT};
pub use schema::LATEST_VERSION;
pub use server_queries::ServerQueries;
pub use sqlite::SqliteStore;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sitrep_model::{Document, Event, EventType};
use sitrep_picture::{Ceasefire, DocMeta, EventSummary, MergedEvent, Site};

/// Default database file.
pub const DEFAULT_DB: &str = "sitrep.db";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    // --- user errors (bad input or bad request) ---
    /// No event with that id (or id prefix).
    #[error("no event with id {0}")]
    NotFound(String),
    /// An id prefix that matches several events.
    #[error("event id prefix {prefix} is ambiguous ({count} events match); give more characters")]
    AmbiguousId { prefix: String, count: usize },
    /// A query parameter that cannot be used (e.g. an empty text search).
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    /// The database was written by a newer sitrep.
    #[error("the database has schema version {found}, newer than this sitrep supports ({supported}); upgrade sitrep")]
    NewerSchema { found: i64, supported: i64 },
    /// The file is not a sitrep (SQLite) database.
    #[error("{path} is not a sitrep database: {message}")]
    NotADatabase { path: String, message: String },

    // --- internal errors ---
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored JSON is invalid: {0}")]
    Json(#[from] serde_json::Error),
    /// An error of another backend's database driver (e.g. PostgreSQL).
    #[error("database error: {0}")]
    Backend(Box<dyn std::error::Error + Send + Sync + 'static>),
    #[error("migration to schema version {version} failed: {message}")]
    Migration { version: i64, message: String },
    /// A broken invariant of the store itself (a bug, never the input's fault).
    #[error("internal store error: {0}")]
    Internal(String),
    /// Injected failure (tests of crash consistency).
    #[error("injected failure: {0}")]
    Injected(String),
    /// The ingest was stopped ([`Cancel`]: a request timeout, a shutdown); its transaction
    /// was rolled back.
    #[error("the ingest was cancelled (nothing of it was stored)")]
    Cancelled,
}

impl StoreError {
    /// Whether the error is the user's (bad input or request) rather than internal.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            StoreError::NotFound(_)
                | StoreError::AmbiguousId { .. }
                | StoreError::InvalidQuery(_)
                | StoreError::NewerSchema { .. }
                | StoreError::NotADatabase { .. }
        )
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What ingesting one document did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IngestOutcome {
    /// New document stored with its claims.
    Added {
        document: i64,
        claims: usize,
        /// Claims that founded a new event.
        new_events: usize,
        /// Claims merged into an existing event.
        merged: usize,
        /// Claims beyond [`IngestOptions::max_claims_per_document`], not stored.
        #[serde(default)]
        dropped_claims: usize,
    },
    /// A document with the same content hash is already stored; nothing changed.
    Duplicate { document: i64 },
    /// A stored document was coded again (another publication date, or
    /// [`IngestOptions::reprocess`]): its old claims were replaced by these, the events
    /// they were in merged again and their sites marked for a rebuild.
    Reprocessed {
        document: i64,
        claims: usize,
        new_events: usize,
        merged: usize,
        #[serde(default)]
        dropped_claims: usize,
    },
}

impl IngestOutcome {
    /// Claims beyond the per-document limit that were not stored.
    pub fn dropped_claims(&self) -> usize {
        match self {
            IngestOutcome::Added { dropped_claims, .. }
            | IngestOutcome::Reprocessed { dropped_claims, .. } => *dropped_claims,
            IngestOutcome::Duplicate { .. } => 0,
        }
    }
}

/// Filters of `events` queries. All filters combine with AND.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventQuery {
    /// ISO alpha-3.
    pub country: Option<String>,
    /// Events whose period ends on or after this day.
    pub since: Option<NaiveDate>,
    /// Events whose period starts on or before this day.
    pub until: Option<NaiveDate>,
    pub event_type: Option<EventType>,
    /// Case-insensitive substring of an actor or recipient name.
    pub actor: Option<String>,
    /// Case-insensitive substring of the place, facility or province name.
    pub place: Option<String>,
    /// (min_lon, min_lat, max_lon, max_lat).
    pub bbox: Option<(f64, f64, f64, f64)>,
    /// Full-text search over evidence, actors and places (FTS5 syntax; plain words AND).
    pub text: Option<String>,
    pub disputed_only: bool,
    /// Page size; `None` for all.
    pub limit: Option<usize>,
    pub offset: usize,
}

/// A page of results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    pub total: usize,
    pub offset: usize,
    pub items: Vec<T>,
}

/// Filters of `sites` queries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteQuery {
    pub country: Option<String>,
    /// Case-insensitive substring of the site, town or province name.
    pub place: Option<String>,
    /// prison, camp, town, ...
    pub kind: Option<String>,
}

/// One event with everything behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventDetail {
    pub summary: EventSummary,
    pub event: MergedEvent,
    pub documents: Vec<DocMeta>,
}

/// Counts of the store's tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub documents: usize,
    pub claims: usize,
    pub events: usize,
    pub sites: usize,
    pub schema_version: i64,
}

/// The store interface: what any backend offers.
pub trait EventStore {
    /// Stores a document and its coded events in one transaction, merging the claims into
    /// events and updating the sites they touch.
    fn ingest(&mut self, doc: &Document, events: &[Event]) -> Result<IngestOutcome> {
        self.ingest_batch_with(&[(doc, events)], &IngestOptions::default())
            .pop()
            .unwrap_or_else(|| Err(StoreError::Internal("no ingest outcome".into())))
    }
    /// Stores several documents, with one result per document in order: one transaction
    /// for the batch, and, when a document of it fails, one per document
    /// ([`ingest::ingest_with_fallback`]), so an interrupted batch is stored entirely or not
    /// at all and a bad document loses only itself. Every backend runs the same algorithm
    /// ([`ingest::Ingestor`]).
    fn ingest_batch_with(
        &mut self,
        items: &[(&Document, &[Event])],
        opts: &IngestOptions,
    ) -> Vec<Result<IngestOutcome>>;
    /// [`EventStore::ingest_batch_with`] with the default options.
    fn ingest_batch(&mut self, items: &[(&Document, &[Event])]) -> Vec<Result<IngestOutcome>> {
        self.ingest_batch_with(items, &IngestOptions::default())
    }
    /// The publication date stored for the document with this text (content hash);
    /// `None` when it is not stored or has no date. Re-coding a stored document that the
    /// input gives no date uses it.
    fn stored_publication_date(&self, content_hash: &str) -> Result<Option<NaiveDate>>;
    /// Records a document that could not be read or coded.
    fn log_failure(&mut self, doc_id: &str, message: &str) -> Result<()>;
    fn events(&self, q: &EventQuery) -> Result<Page<EventSummary>>;
    /// One event by id or unique id prefix (at least 4 characters).
    fn event(&self, id: &str) -> Result<EventDetail>;
    /// Merged events with all their claims (for reports and exports).
    fn merged_events(&self, q: &EventQuery) -> Result<Vec<MergedEvent>>;
    fn sites(&self, q: &SiteQuery) -> Result<Vec<Site>>;
    fn ceasefires(&self, country: Option<&str>) -> Result<Vec<Ceasefire>>;
    /// Document metadata for ids (unknown ids are skipped).
    fn documents(&self, ids: &[String]) -> Result<Vec<DocMeta>>;
    fn stats(&self) -> Result<Stats>;
    /// Finishes deferred work (the SQLite store rebuilds the sites of the localities touched
    /// by ingests here, and before any `sites`/`stats` query); returns how many localities
    /// were updated. Backends without deferred work keep the default.
    fn flush(&mut self) -> Result<usize> {
        Ok(0)
    }
}
