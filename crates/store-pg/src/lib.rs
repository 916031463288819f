//! The sitrep event store on PostgreSQL, for scale-out: many stateless workers on many
//! machines around one database, with the same results as the embedded SQLite store.
//!
//! - [`PgStore`] implements [`sitrep_store::EventStore`] with the same concepts as the
//!   SQLite store (documents, claims, merged events, sites, ingest log) and reuses the pure
//!   merge, summary and site rules of `sitrep-picture`, so both backends give the same events.
//! - [`queue`]: a work queue of documents in the database. Pending work lives in its own table
//!   (`queue`); workers claim batches with `FOR UPDATE SKIP LOCKED` and a lease, and move
//!   finished items to `queue_done` / `queue_failed` in the transaction that stores their
//!   claims, so a document is stored exactly once whatever dies when.
//! - [`worker`]: the worker loop (claim, code outside any transaction, store in one
//!   transaction), reconnecting with backoff when the connection is lost.
//!
//! **Concurrent merging** uses transaction-scoped advisory locks keyed by the merge bucket
//! (type cluster × ISO week × country, with shared/exclusive levels for unknown countries and
//! for claims with long periods), taken in sorted key order before anything is written, plus
//! row locks on the candidate events a claim is compared with. Two reports of one happening
//! coded at the same moment therefore merge as they would one after the other; deadlocks
//! (40P01) and serialisation failures (40001) are retried. See `docs/scale-out.md`.

mod ingest;
mod locks;
mod queries;
pub mod queue;
pub mod schema;
mod server_queries;
#[cfg(any(test, feature = "test-db"))]
pub mod test_db;
pub mod tls;
pub mod worker;

pub use queue::{QueueStatus, WorkerInfo};
pub use worker::{run_worker, run_workers, WorkerConfig, WorkerNotice, WorkerReport};

use postgres::{Client, NoTls};
use sitrep_model::{Document, Event};
use sitrep_picture::{Ceasefire, DocMeta, EventSummary, MergedEvent, Site};
use sitrep_store::ingest::{ingest_with_fallback, Ingestor};
use sitrep_store::{
    EventDetail, EventQuery, EventStore, IngestOptions, IngestOutcome, Page, SiteQuery, Stats,
    StoreError,
};
use std::sync::Mutex;

/// Errors of the PostgreSQL backend, its queue and workers.
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    // --- user errors (bad input, bad URL, unreachable server) ---
    #[error("invalid PostgreSQL URL {url}: {message}")]
    BadUrl { url: String, message: String },
    #[error("cannot connect to PostgreSQL at {url}: {message}")]
    Connect { url: String, message: String },
    #[error("the database has schema version {found}, newer than this sitrep supports ({supported}); upgrade sitrep")]
    NewerSchema { found: i64, supported: i64 },
    /// A read-only connection ([`PgStore::open_read_only`]) to a database whose schema is
    /// older than this sitrep's (or absent): it cannot upgrade it.
    #[error("the database at {url} has schema version {found}, this sitrep needs {supported}; a read-only connection does not create or upgrade it (run a sitrep command against the primary database first)")]
    OlderSchema {
        url: String,
        found: i64,
        supported: i64,
    },
    #[error("{0}")]
    Store(StoreError),

    // --- internal errors ---
    #[error("PostgreSQL error: {}", describe(.0))]
    Db(#[from] postgres::Error),
    #[error("stored JSON is invalid: {0}")]
    Json(#[from] serde_json::Error),
    #[error("migration to schema version {version} failed: {message}")]
    Migration { version: i64, message: String },
}

impl PgError {
    /// Whether the error is the user's (bad input, URL or environment) rather than internal.
    pub fn is_user_error(&self) -> bool {
        match self {
            PgError::BadUrl { .. }
            | PgError::Connect { .. }
            | PgError::NewerSchema { .. }
            | PgError::OlderSchema { .. } => true,
            PgError::Store(e) => e.is_user_error(),
            _ => false,
        }
    }

    /// The connection is gone (server restart, network, `pg_terminate_backend`): reconnect.
    pub fn is_connection_lost(&self) -> bool {
        match self {
            PgError::Db(e) => is_connection_error(e),
            PgError::Connect { .. } => true,
            PgError::Store(e) => is_store_connection_lost(e),
            _ => false,
        }
    }

    /// A deadlock (40P01) or serialisation failure (40001): retry the transaction.
    pub fn is_conflict(&self) -> bool {
        match self {
            PgError::Db(e) => is_conflict(e),
            PgError::Store(e) => is_store_conflict(e),
            _ => false,
        }
    }
}

impl From<StoreError> for PgError {
    fn from(e: StoreError) -> Self {
        PgError::Store(e)
    }
}

/// A PostgreSQL error carried inside [`StoreError`] (which has no backend-neutral variant
/// yet): displayed as "database error: <PostgreSQL message>"; remembers whether the
/// connection was lost ([`is_store_connection_lost`]).
#[derive(Debug)]
struct BackendMessage {
    message: String,
    connection_lost: bool,
    conflict: bool,
}

impl std::fmt::Display for BackendMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BackendMessage {}

/// Whether a [`StoreError`] returned by a [`PgStore`] is a deadlock or serialisation
/// failure ([`PgError::is_conflict`]): the transaction may simply be run again.
pub fn is_store_conflict(e: &StoreError) -> bool {
    match e {
        StoreError::Backend(b) => b
            .downcast_ref::<BackendMessage>()
            .is_some_and(|m| m.conflict),
        _ => false,
    }
}

/// Whether a [`StoreError`] returned by a [`PgStore`] means that its connection is gone
/// ([`PgError::is_connection_lost`]): the store is unusable and must be opened again.
pub fn is_store_connection_lost(e: &StoreError) -> bool {
    match e {
        StoreError::Backend(b) => b
            .downcast_ref::<BackendMessage>()
            .is_some_and(|m| m.connection_lost),
        _ => false,
    }
}

impl From<PgError> for StoreError {
    fn from(e: PgError) -> Self {
        match e {
            PgError::Store(e) => e,
            PgError::NewerSchema { found, supported } => {
                StoreError::NewerSchema { found, supported }
            }
            PgError::BadUrl { url, message } | PgError::Connect { url, message } => {
                StoreError::NotADatabase { path: url, message }
            }
            PgError::OlderSchema {
                url,
                found,
                supported,
            } => StoreError::NotADatabase {
                path: url,
                message: format!(
                    "it has schema version {found}, this sitrep needs {supported}, and a read-only \
                     connection does not create or upgrade it"
                ),
            },
            PgError::Json(e) => StoreError::Json(e),
            PgError::Migration { version, message } => StoreError::Migration { version, message },
            other @ PgError::Db(_) => StoreError::Backend(Box::new(BackendMessage {
                connection_lost: other.is_connection_lost(),
                conflict: other.is_conflict(),
                message: format!("PostgreSQL: {other}"),
            })),
        }
    }
}

pub type Result<T, E = PgError> = std::result::Result<T, E>;

/// The message of a PostgreSQL error with its SQLSTATE (the `Display` of the client error
/// is only "db error").
pub fn describe(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut s = format!("{} ({})", db.message(), db.code().code());
        if let Some(d) = db.detail() {
            s.push_str(": ");
            s.push_str(d);
        }
        return s;
    }
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s
}

fn sqlstate(e: &postgres::Error) -> Option<&str> {
    e.code().map(|c| c.code())
}

/// The connection is unusable: closed, an I/O error, class 08 (connection exception) or
/// 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now).
pub fn is_connection_error(e: &postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    match sqlstate(e) {
        Some(code) => code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03"),
        // No SQLSTATE: an I/O or protocol error of the connection itself.
        None => e.as_db_error().is_none(),
    }
}

/// A serialisation failure or deadlock: the transaction may simply be run again.
pub fn is_conflict(e: &postgres::Error) -> bool {
    matches!(sqlstate(e), Some("40001" | "40P01"))
}

/// Settings of storing transactions: every statement of a merge is an index look-up by key
/// (candidate window, event ids, claim ids); a sequential scan, which the planner picks for
/// e.g. a few hundred candidate ids on a table it believes small, reads the whole table once
/// per claim and made ingest slow down as the store grew. With sequential scans ruled out,
/// the storing statements use generic plans: planned once per connection instead of at every
/// execution (planning the candidate look-up cost more than running it).
pub(crate) const WRITE_SETTINGS: &str =
    "SET LOCAL enable_seqscan = off; SET LOCAL plan_cache_mode = force_generic_plan";

/// Whether `db` names a PostgreSQL database (`postgres://` or `postgresql://` URL).
pub fn is_postgres_url(db: &str) -> bool {
    let lower = db.trim().to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// Connects to the database at `url` without touching the schema. TLS follows the URL's
/// `sslmode` ([`tls`]: plain TCP unless `sslmode=prefer` or `require`).
pub fn connect(url: &str) -> Result<Client> {
    let config: postgres::Config = url.parse().map_err(|e: postgres::Error| PgError::BadUrl {
        url: redact(url),
        message: describe(&e),
    })?;
    let bad = |message: String| PgError::BadUrl {
        url: redact(url),
        message,
    };
    let mode = tls::ssl_mode(url).map_err(bad)?;
    let connected = match mode {
        tls::SslMode::Disable => config.connect(NoTls),
        _ => {
            let tls_config = tls::client_config(mode).map_err(bad)?;
            config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls_config))
        }
    };
    let mut client = connected.map_err(|e| PgError::Connect {
        url: redact(url),
        message: describe(&e),
    })?;
    // Statements are prepared once per connection while the tables grow from empty: a
    // generic plan chosen early (sequential scans of tiny tables) would stay. Plan each
    // execution with its parameters and the tables' current size instead.
    client.batch_execute("SET plan_cache_mode = force_custom_plan")?;
    Ok(client)
}

/// The URL without its password (for messages).
pub fn redact(url: &str) -> String {
    // postgres://user:password@host/db -> postgres://user:***@host/db
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = url.get(scheme_end + 3..).unwrap_or("");
    let Some(at) = rest.rfind('@') else {
        return url.to_string();
    };
    let userinfo = rest.get(..at).unwrap_or("");
    match userinfo.find(':') {
        Some(colon) => format!(
            "{}{}:***{}",
            url.get(..scheme_end + 3).unwrap_or(""),
            userinfo.get(..colon).unwrap_or(""),
            rest.get(at..).unwrap_or("")
        ),
        None => url.to_string(),
    }
}

/// The PostgreSQL store: one connection (behind a mutex, so `&self` queries work).
pub struct PgStore {
    client: Mutex<Client>,
    writer: Mutex<Writer>,
    url: String,
    /// Opened by [`PgStore::open_read_only`]: queries never write (no site rebuilds).
    read_only: bool,
}

impl PgStore {
    /// Connects and upgrades the schema.
    pub fn open(url: &str) -> Result<PgStore> {
        let mut client = connect(url)?;
        schema::migrate(&mut client)?;
        Ok(PgStore {
            client: Mutex::new(client),
            writer: Mutex::new(Writer::default()),
            url: url.to_string(),
            read_only: false,
        })
    }

    /// Connects for queries only, writing nothing: for a read replica (a hot standby) or a
    /// read-only role. The session is read-only, the schema must already be at this
    /// sitrep's version (it is not created or upgraded), and `sites`/`stats` serve the sites
    /// as last rebuilt (by workers or a writable store) instead of rebuilding the ones
    /// touched since.
    pub fn open_read_only(url: &str) -> Result<PgStore> {
        let mut client = connect(url)?;
        client.batch_execute("SET default_transaction_read_only = on")?;
        let found = schema::version(&mut client)?;
        if found > schema::LATEST_VERSION {
            return Err(PgError::NewerSchema {
                found,
                supported: schema::LATEST_VERSION,
            });
        }
        if found < schema::LATEST_VERSION {
            return Err(PgError::OlderSchema {
                url: redact(url),
                found,
                supported: schema::LATEST_VERSION,
            });
        }
        Ok(PgStore {
            client: Mutex::new(client),
            writer: Mutex::new(Writer::default()),
            url: url.to_string(),
            read_only: true,
        })
    }

    /// Whether the store was opened with [`PgStore::open_read_only`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Rebuilds dirty sites before a query, unless the store is read-only.
    pub(crate) fn flush_before_read(&self, c: &mut Client) -> Result<()> {
        if !self.read_only {
            ingest::flush_sites(c, true)?;
        }
        Ok(())
    }

    /// The URL this store was opened with.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut Client) -> Result<T>) -> Result<T> {
        let mut guard = self
            .client
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut guard)
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.with(schema::version)
    }

    /// Rebuilds the sites of the localities touched since the last rebuild; returns how many.
    pub fn flush_sites(&self) -> Result<usize> {
        self.with(|c| ingest::flush_sites(c, true))
    }

    /// Adds documents to the work queue; returns how many were queued.
    pub fn enqueue<'a>(&self, docs: impl IntoIterator<Item = &'a Document>) -> Result<usize> {
        self.with(|c| queue::enqueue(c, docs))
    }

    /// Queue depth, progress, failures and workers (`lease`: claims older than this count
    /// as abandoned).
    pub fn queue_status(&self, lease: std::time::Duration) -> Result<QueueStatus> {
        self.with(|c| queue::status(c, lease))
    }

    /// Problems that would show an inconsistent store (empty when consistent).
    pub fn check_consistency(&self) -> Result<Vec<String>> {
        self.with(queries::check_consistency)
    }

    /// Stores documents in one transaction (the shared ingest algorithm over
    /// [`ingest::PgTx`]), holding the merge locks of their claims; deadlocks and
    /// serialisation failures run the transaction again. On an error, returns the index
    /// of the failing item.
    fn ingest_in_tx(
        &self,
        items: &[(&Document, &[Event])],
        opts: &IngestOptions,
    ) -> std::result::Result<Vec<IngestOutcome>, (usize, StoreError)> {
        self.with(|c| {
            let mut w = self
                .writer
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            // Without hooks every item is stored, so every outcome is there.
            Ok(
                store_in_tx(c, &mut w, items, opts, &mut NoHooks).and_then(|outs| {
                    outs.into_iter()
                        .enumerate()
                        .map(|(i, o)| {
                            o.ok_or_else(|| {
                                (i, StoreError::Internal("a document was not stored".into()))
                            })
                        })
                        .collect()
                }),
            )
        })
        .unwrap_or_else(|e| Err((0, e.into())))
    }
}

/// The statement cache and ingest algorithm of a writing connection.
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) stmts: ingest::StmtCache,
    pub(crate) ingestor: Ingestor,
}

/// Hooks of a storing transaction (the worker moves its queue items in the same
/// transaction).
pub(crate) trait TxHooks {
    /// Called first: which of the items to store (the others are skipped: `None`).
    fn keep(&mut self, _tx: &mut postgres::Transaction<'_>, items: usize) -> Result<Vec<bool>> {
        Ok(vec![true; items])
    }
    /// A deadlock or serialisation failure: the transaction runs again.
    fn retrying(&mut self, _attempt: u32, _error: &StoreError) {}
    /// Called after the items were stored, before the commit.
    fn before_commit(
        &mut self,
        _tx: &mut postgres::Transaction<'_>,
        _outs: &[Option<IngestOutcome>],
    ) -> Result<()> {
        Ok(())
    }
}

/// No hooks: store every item.
pub(crate) struct NoHooks;
impl TxHooks for NoHooks {}

/// One storing transaction: the items `hooks` keeps, the merge locks of their claims, the
/// shared ingest algorithm, `hooks.before_commit`, commit; deadlocks and serialisation
/// failures run it again (at most 8 times). On an error the transaction is rolled back
/// and the ingestor's events forgotten; the error comes with the index of the failing item.
pub(crate) fn store_in_tx(
    c: &mut Client,
    w: &mut Writer,
    items: &[(&Document, &[Event])],
    opts: &IngestOptions,
    hooks: &mut dyn TxHooks,
) -> std::result::Result<Vec<Option<IngestOutcome>>, (usize, StoreError)> {
    let mut attempt = 0u32;
    loop {
        let res = store_once(c, w, items, opts, hooks);
        match &res {
            Ok(_) => w.ingestor.committed(),
            Err(_) => w.ingestor.forget(),
        }
        match res {
            Err((_, e)) if is_store_conflict(&e) && attempt < 8 => {
                attempt += 1;
                hooks.retrying(attempt, &e);
                std::thread::sleep(worker::conflict_backoff(attempt));
            }
            other => return other,
        }
    }
}

fn store_once(
    c: &mut Client,
    w: &mut Writer,
    items: &[(&Document, &[Event])],
    opts: &IngestOptions,
    hooks: &mut dyn TxHooks,
) -> std::result::Result<Vec<Option<IngestOutcome>>, (usize, StoreError)> {
    let last = items.len().saturating_sub(1);
    let fail = |e: PgError| (0usize, StoreError::from(e));
    let mut tx = c.transaction().map_err(|e| fail(e.into()))?;
    tx.batch_execute(WRITE_SETTINGS)
        .map_err(|e| fail(e.into()))?;
    let keep = hooks.keep(&mut tx, items.len()).map_err(fail)?;
    let kept: Vec<usize> = (0..items.len())
        .filter(|&i| keep.get(i) == Some(&true))
        .collect();
    let batch: Vec<(&Document, &[Event])> = kept.iter().map(|&i| items[i]).collect();
    let mut keys = locks::LockKeys::new();
    for (doc, events) in &batch {
        for (k, excl) in locks::lock_keys(doc, events) {
            *keys.entry(k).or_insert(false) |= excl;
        }
    }
    locks::acquire(&mut tx, &keys).map_err(|e| fail(e.into()))?;
    let stored = w
        .ingestor
        .ingest_in_tx(
            &mut ingest::PgTx {
                tx: &mut tx,
                stmts: &mut w.stmts,
            },
            &batch,
            opts,
        )
        .map_err(|(i, e)| (kept.get(i).copied().unwrap_or(0), e))?;
    let mut outs: Vec<Option<IngestOutcome>> = vec![None; items.len()];
    for (i, o) in kept.into_iter().zip(stored) {
        outs[i] = Some(o);
    }
    hooks
        .before_commit(&mut tx, &outs)
        .map_err(|e| (last, e.into()))?;
    let _commit = match &opts.cancel {
        Some(cancel) => Some(cancel.begin_commit().map_err(|e| (last, e))?),
        None => None,
    };
    tx.commit().map_err(|e| (last, PgError::Db(e).into()))?;
    Ok(outs)
}

/// Opens the store named by `--db`: a PostgreSQL URL opens [`PgStore`], anything else the
/// SQLite file.
pub fn open_store(db: &str) -> std::result::Result<Box<dyn EventStore + Send>, StoreError> {
    if is_postgres_url(db) {
        Ok(Box::new(PgStore::open(db)?))
    } else {
        Ok(Box::new(sitrep_store::SqliteStore::open(db)?))
    }
}

impl EventStore for PgStore {
    fn ingest_batch_with(
        &mut self,
        items: &[(&Document, &[Event])],
        opts: &IngestOptions,
    ) -> Vec<std::result::Result<IngestOutcome, StoreError>> {
        ingest_with_fallback(items, |batch| self.ingest_in_tx(batch, opts))
    }

    fn stored_publication_date(
        &self,
        content_hash: &str,
    ) -> std::result::Result<Option<chrono::NaiveDate>, StoreError> {
        Ok(self.with(|c| {
            Ok(c.query_opt(
                "SELECT published FROM documents WHERE content_hash = $1",
                &[&content_hash],
            )?
            .and_then(|r| r.get::<_, Option<chrono::NaiveDate>>(0)))
        })?)
    }

    fn log_failure(&mut self, doc_id: &str, message: &str) -> std::result::Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "INSERT INTO ingest_log (doc_id, status, message) VALUES ($1, 'error', $2)",
                &[&doc_id, &message],
            )?;
            Ok(())
        })?;
        Ok(())
    }

    fn events(&self, q: &EventQuery) -> std::result::Result<Page<EventSummary>, StoreError> {
        Ok(self.with(|c| queries::events(c, q))?)
    }

    fn event(&self, id: &str) -> std::result::Result<EventDetail, StoreError> {
        Ok(self.with(|c| queries::event(c, id))?)
    }

    fn merged_events(&self, q: &EventQuery) -> std::result::Result<Vec<MergedEvent>, StoreError> {
        Ok(self.with(|c| queries::merged_events(c, q))?)
    }

    fn sites(&self, q: &SiteQuery) -> std::result::Result<Vec<Site>, StoreError> {
        Ok(self.with(|c| {
            self.flush_before_read(c)?;
            queries::sites(c, q)
        })?)
    }

    fn ceasefires(&self, country: Option<&str>) -> std::result::Result<Vec<Ceasefire>, StoreError> {
        Ok(self.with(|c| queries::ceasefires(c, country))?)
    }

    fn documents(&self, ids: &[String]) -> std::result::Result<Vec<DocMeta>, StoreError> {
        Ok(self.with(|c| queries::documents(c, ids))?)
    }

    fn stats(&self) -> std::result::Result<Stats, StoreError> {
        Ok(self.with(|c| {
            self.flush_before_read(c)?;
            queries::stats(c)
        })?)
    }
}
