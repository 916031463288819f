//! The embedded SQLite backend.

use crate::index::{
    start_bounds, CandidateSearch, ClaimIndex, EventIndex, SqlValue, MAX_CANDIDATES,
};
use crate::schema::{index_event, migrate_to, user_version, LATEST_VERSION};
use crate::{
    EventDetail, EventQuery, EventStore, IngestOutcome, Page, Result, SiteQuery, Stats, StoreError,
};
use chrono::NaiveDate;
use rusqlite::types::{ToSql, Value};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};
use sitrep_model::{Document, Event};
use sitrep_picture::dates::range_of;
use sitrep_picture::merge::{place_claim, Placement};
use sitrep_picture::summary::best_location;
use sitrep_picture::{
    build_ceasefires, build_sites, locality_of, site_relevant, Ceasefire, Claim, DocMeta,
    EventSummary, MergedEvent, Site,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

/// The SQLite store. Cheap to open; one connection.
pub struct SqliteStore {
    conn: Connection,
    fail_after_claims: Option<usize>,
    cache: EventCache,
}

/// Merged events kept in memory between ingest transactions, so that a busy event is not
/// re-read and re-parsed from its claims' JSON for every report that meets it. The cache is
/// dropped when another connection has written to the database since (`PRAGMA
/// data_version`), when a transaction rolls back, and its least recently used half when it
/// holds more than [`CACHE_MAX_CLAIMS`] claims.
#[derive(Default)]
struct EventCache {
    events: HashMap<String, (MergedEvent, u64)>,
    claims: usize,
    tick: u64,
    data_version: Option<i64>,
}

/// Claims held by the event cache before it evicts (a claim is a few KB in memory).
const CACHE_MAX_CLAIMS: usize = 15_000;

impl EventCache {
    fn clear(&mut self) {
        self.events.clear();
        self.claims = 0;
    }

    /// Drops everything if another connection committed since the last check. Call inside
    /// the write transaction (no one else can commit until it ends).
    fn validate(&mut self, conn: &Connection) -> Result<()> {
        let v: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if self.data_version != Some(v) {
            self.clear();
            self.data_version = Some(v);
        }
        Ok(())
    }

    /// Loads an event into the cache; `false` when it does not exist.
    fn load(&mut self, conn: &Connection, id: &str) -> Result<bool> {
        self.tick += 1;
        if let Some(e) = self.events.get_mut(id) {
            e.1 = self.tick;
            return Ok(true);
        }
        match load_merged(conn, id)? {
            Some(ev) => {
                self.insert(ev);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn get(&self, id: &str) -> Option<&MergedEvent> {
        self.events.get(id).map(|e| &e.0)
    }

    fn insert(&mut self, ev: MergedEvent) {
        self.tick += 1;
        self.claims += ev.claims.len();
        if let Some(old) = self.events.insert(ev.id.clone(), (ev, self.tick)) {
            self.claims -= old.0.claims.len();
        }
    }

    fn remove(&mut self, id: &str) -> Option<MergedEvent> {
        let (ev, _) = self.events.remove(id)?;
        self.claims -= ev.claims.len();
        Some(ev)
    }

    /// Adds a claim to a cached event.
    fn push(&mut self, id: &str, claim: Claim) -> Option<&MergedEvent> {
        let e = self.events.get_mut(id)?;
        let before = e.0.claims.len();
        e.0.push(claim);
        self.claims += e.0.claims.len() - before;
        Some(&e.0)
    }

    /// Evicts the least recently used half when over budget (between transactions).
    fn trim(&mut self) {
        if self.claims <= CACHE_MAX_CLAIMS {
            return;
        }
        let mut ticks: Vec<u64> = self.events.values().map(|e| e.1).collect();
        ticks.sort_unstable();
        let cut = ticks.get(ticks.len() / 2).copied().unwrap_or(0);
        self.events.retain(|_, e| e.1 >= cut);
        self.claims = self.events.values().map(|e| e.0.claims.len()).sum();
    }
}

/// What one write transaction has changed so far, finished by [`finish_tx`].
#[derive(Default)]
struct TxState {
    /// Events whose row, summary, actor, locality and full-text rows are still to be
    /// written (once per transaction, however many claims joined them).
    dirty: HashSet<String>,
    /// `dirty` in the order the events became dirty: new events get their rows (and row
    /// ids, the tie-break of `events` listings) in the order they were created, as when each
    /// row was written at once.
    order: Vec<String>,
    /// Localities whose sites must be rebuilt.
    localities: BTreeSet<String>,
    /// Events created in this transaction (no row yet, no old index rows to delete).
    created: HashSet<String>,
}

/// `YYYY-MM-DD`, as chrono's `%Y-%m-%d` writes it (which parses its format string on every
/// call: this runs several times per stored claim).
fn date_str(d: NaiveDate) -> String {
    use chrono::Datelike;
    if (0..=9999).contains(&d.year()) {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    } else {
        d.format("%Y-%m-%d").to_string()
    }
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// FTS5 query from user words: each word quoted, all required.
fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    if words.is_empty() {
        None
    } else {
        Some(words.join(" "))
    }
}

fn like_pattern(s: &str) -> String {
    let escaped = s
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl SqliteStore {
    /// Opens (creating if needed) and upgrades the database at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore> {
        let path = path.as_ref();
        let conn = Connection::open(path)?;
        Self::setup(conn, true).map_err(|e| match e {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, m))
                if f.code == rusqlite::ErrorCode::NotADatabase =>
            {
                StoreError::NotADatabase {
                    path: path.display().to_string(),
                    message: m.unwrap_or_else(|| "file is not a database".into()),
                }
            }
            other => other,
        })
    }

    /// A fresh in-memory store (tests, one-off runs).
    pub fn open_in_memory() -> Result<SqliteStore> {
        Self::setup(Connection::open_in_memory()?, false)
    }

    fn setup(mut conn: Connection, file: bool) -> Result<SqliteStore> {
        if file {
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        if file {
            conn.pragma_update(None, "mmap_size", 268_435_456i64)?;
            // Checkpoint every ~16 MB of WAL instead of 4 MB: fewer fsyncs on long ingests.
            conn.pragma_update(None, "wal_autocheckpoint", 4000)?;
        }
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.set_prepared_statement_cache_capacity(128);
        let found = migrate_to(&mut conn, LATEST_VERSION)?;
        let mut store = SqliteStore {
            conn,
            fail_after_claims: None,
            cache: EventCache::default(),
        };
        if (1..3).contains(&found) {
            store.reindex_all()?;
        }
        Ok(store)
    }

    /// Opens an existing connection at a given schema version without upgrading it further
    /// (used to create old databases in migration tests; feature `testing`).
    #[cfg(feature = "testing")]
    pub fn create_at_version(path: impl AsRef<Path>, version: i64) -> Result<Connection> {
        let mut conn = Connection::open(path)?;
        migrate_to(&mut conn, version)?;
        Ok(conn)
    }

    /// Makes the next ingests fail after inserting `n` claims (crash-consistency tests;
    /// feature `testing`).
    #[cfg(feature = "testing")]
    pub fn fail_after_claims(&mut self, n: Option<usize>) {
        self.fail_after_claims = n;
    }

    pub fn schema_version(&self) -> Result<i64> {
        user_version(&self.conn)
    }

    /// The underlying connection (read-only uses such as ad-hoc SQL).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Recomputes every event summary, index row and site (after a migration, or after the
    /// merge rules changed).
    pub fn reindex_all(&mut self) -> Result<()> {
        self.cache.clear();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let ids: Vec<String> = {
            let mut st = tx.prepare("SELECT id FROM events")?;
            let it = st.query_map([], |r| r.get(0))?;
            it.collect::<std::result::Result<_, _>>()?
        };
        backfill_claims(&tx)?;
        let mut localities = BTreeSet::new();
        for id in &ids {
            if let Some(ev) = load_merged(&tx, id)? {
                let s = save_event(&tx, &ev, false)?;
                if let Some(l) = s.location.as_ref().and_then(locality_of) {
                    localities.insert(l);
                }
            }
        }
        tx.execute("DELETE FROM site_control", [])?;
        tx.execute("DELETE FROM sites", [])?;
        tx.execute("DELETE FROM dirty_localities", [])?;
        rebuild_sites(&tx, &localities)?;
        tx.commit()?;
        Ok(())
    }

    /// Rebuilds the sites of the localities touched since the last rebuild (one transaction).
    /// `sites` queries do this first; ingesting many documents and then flushing once is much
    /// faster than rebuilding a busy town's sites after every document.
    pub fn flush_sites(&self) -> Result<usize> {
        flush_sites(&self.conn)
    }

    /// Rebuilds the sites of every locality (after the picture's rules changed); returns
    /// how many localities were rebuilt.
    pub fn rebuild_all_sites(&self) -> Result<usize> {
        self.conn.execute(
            "INSERT OR IGNORE INTO dirty_localities (locality) SELECT DISTINCT locality FROM event_localities",
            [],
        )?;
        flush_sites(&self.conn)
    }

    /// Problems that would show an inconsistent store (empty when consistent): documents
    /// whose claim count differs from their claims, claims without an event, events without
    /// claims, dangling links, and SQLite's own integrity check.
    pub fn check_consistency(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let ic: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if ic != "ok" {
            problems.push(format!("integrity_check: {ic}"));
        }
        let checks = [
            ("documents with a wrong claim count", "SELECT COUNT(*) FROM documents d WHERE d.n_claims IS NULL OR d.n_claims != (SELECT COUNT(*) FROM claims c WHERE c.document = d.id)"),
            ("claims without an event", "SELECT COUNT(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM claim_events ce WHERE ce.claim = c.id)"),
            ("links to missing events", "SELECT COUNT(*) FROM claim_events ce WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = ce.event)"),
            ("events without claims", "SELECT COUNT(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM claim_events ce WHERE ce.event = e.id)"),
            ("events with a wrong claim count", "SELECT COUNT(*) FROM events e WHERE e.n_claims != (SELECT COUNT(*) FROM claim_events ce WHERE ce.event = e.id)"),
            ("events missing from the text index", "SELECT COUNT(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM events_fts f WHERE f.rowid = e.rowid)"),
        ];
        for (what, sql) in checks {
            let n: i64 = self.conn.query_row(sql, [], |r| r.get(0))?;
            if n > 0 {
                problems.push(format!("{n} {what}"));
            }
        }
        Ok(problems)
    }

    /// Stores one document inside the open transaction `tx`: its claims and their links,
    /// each merged into every event it reports the same happening as ([`place_claim`]).
    /// Candidate look-ups read only claims and links, so the events' rows, summaries and
    /// index rows are left in `state` for [`finish_tx`] (written once per transaction).
    fn ingest_doc(
        tx: &Transaction,
        cache: &mut EventCache,
        state: &mut TxState,
        doc: &Document,
        events: &[Event],
        fail_after_claims: Option<usize>,
    ) -> Result<IngestOutcome> {
        let hash = doc.content_hash();
        if let Some(id) = tx
            .prepare_cached("SELECT id FROM documents WHERE content_hash = ?1")?
            .query_row(params![hash], |r| r.get(0))
            .optional()?
        {
            return Ok(IngestOutcome::Duplicate { document: id });
        }
        let mut meta = DocMeta::from_document(doc);
        if meta.id.trim().is_empty() {
            meta.id = hash.get(..12).unwrap_or(&hash).to_string();
        }
        let taken: bool = tx
            .prepare_cached("SELECT 1 FROM documents WHERE doc_id = ?1")?
            .query_row(params![meta.id], |_| Ok(true))
            .optional()?
            .unwrap_or(false);
        if taken {
            // Same id, other content (an updated page): keep both, distinguishable.
            meta.id = format!("{}#{}", meta.id, hash.get(..8).unwrap_or(&hash));
        }
        tx.prepare_cached(
            "INSERT INTO documents (doc_id, content_hash, title, url, published, source, text, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
                meta.id,
                hash,
                meta.title,
                meta.url,
                meta.published.map(date_str),
                meta.source,
                doc.text,
                chrono::Utc::now().to_rfc3339(),
            ])?;
        let docrow = tx.last_insert_rowid();
        let (mut n_claims, mut new_events, mut merged) = (0usize, 0usize, 0usize);
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        // Events holding this document's claims (an absorbed one is skipped when loaded).
        let mut doc_events: Vec<String> = Vec::new();
        let mut memo = SearchMemo::default();
        for ev in events {
            if !seen.insert(ev.id.as_str()) {
                continue;
            }
            let mut claim_id = ev.id.clone();
            let exists = |id: &str| -> Result<bool> {
                Ok(tx
                    .prepare_cached("SELECT 1 FROM claims WHERE id = ?1")?
                    .query_row(params![id], |_| Ok(true))
                    .optional()?
                    .unwrap_or(false))
            };
            if claim_id.is_empty() || exists(&claim_id)? {
                claim_id = format!("{}-{}", ev.id, hash.get(..8).unwrap_or(&hash));
                if exists(&claim_id)? {
                    continue;
                }
            }
            let claim = Claim {
                id: claim_id,
                doc: meta.clone(),
                event: ev.clone(),
            };
            insert_claim(tx, docrow, &claim)?;
            n_claims += 1;
            if let Some(limit) = fail_after_claims {
                if n_claims > limit {
                    return Err(StoreError::Injected(format!("after {limit} claims")));
                }
            }
            let mut ids: Vec<String> = Vec::new();
            for id in candidate_ids(tx, &claim, &doc_events, &mut memo)? {
                if cache.load(tx, &id)? {
                    ids.push(id);
                }
            }
            let placement = {
                let refs: Vec<&MergedEvent> = ids.iter().filter_map(|id| cache.get(id)).collect();
                place_claim(&claim, &refs)
            };
            let claim_ref = claim.id.clone();
            let (event_id, is_new) = match placement {
                Placement::New => {
                    new_events += 1;
                    let e = MergedEvent::new(claim);
                    let id = e.id.clone();
                    cache.insert(e);
                    (id, true)
                }
                Placement::Join { target, absorbed } => {
                    merged += 1;
                    let tid = ids[target].clone();
                    for a in absorbed {
                        absorb_event(tx, cache, state, &tid, &ids[a])?;
                    }
                    if let Some(l) = cache
                        .get(&tid)
                        .and_then(best_location)
                        .and_then(locality_of)
                    {
                        state.localities.insert(l);
                    }
                    cache.push(&tid, claim);
                    (tid, false)
                }
            };
            tx.prepare_cached("INSERT INTO claim_events (claim, event) VALUES (?1, ?2)")?
                .execute(params![claim_ref, event_id])?;
            if is_new {
                state.created.insert(event_id.clone());
            }
            if !doc_events.contains(&event_id) {
                doc_events.push(event_id.clone());
            }
            if state.dirty.insert(event_id.clone()) {
                state.order.push(event_id);
            }
        }
        tx.prepare_cached("UPDATE documents SET n_claims = ?2 WHERE id = ?1")?
            .execute(params![docrow, n_claims as i64])?;
        tx.prepare_cached(
            "INSERT INTO ingest_log (at, doc_id, content_hash, document, status, claims, message)
             VALUES (?1, ?2, ?3, ?4, 'ok', ?5, NULL)",
        )?
        .execute(params![
            chrono::Utc::now().to_rfc3339(),
            meta.id,
            hash,
            docrow,
            n_claims as i64
        ])?;
        Ok(IngestOutcome::Added {
            document: docrow,
            claims: n_claims,
            new_events,
            merged,
        })
    }

    /// Ingests `items` in one transaction (all stored or none). On an error the transaction
    /// is rolled back and the error returned with the index of the failing item.
    fn ingest_in_tx(
        &mut self,
        items: &[(&Document, &[Event])],
    ) -> std::result::Result<Vec<IngestOutcome>, (usize, StoreError)> {
        let fail = self.fail_after_claims;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| (0, e.into()))?;
        // Links are written before the rows of new events (finish_tx); foreign keys are
        // checked at commit (the pragma resets when the transaction ends).
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")
            .map_err(|e| (0, e.into()))?;
        let cache = &mut self.cache;
        cache.validate(&tx).map_err(|e| (0, e))?;
        let mut state = TxState::default();
        let mut outs = Vec::with_capacity(items.len());
        for (i, (doc, events)) in items.iter().enumerate() {
            match Self::ingest_doc(&tx, cache, &mut state, doc, events, fail) {
                Ok(o) => outs.push(o),
                Err(e) => {
                    cache.clear();
                    return Err((i, e));
                }
            }
        }
        let done = finish_tx(&tx, cache, &state).and_then(|()| {
            if outs
                .iter()
                .all(|o| matches!(o, IngestOutcome::Duplicate { .. }))
            {
                // Nothing was written; rolling back keeps "re-ingest changes nothing" literal.
                tx.rollback()?;
            } else {
                tx.commit()?;
            }
            Ok(())
        });
        if let Err(e) = done {
            self.cache.clear();
            return Err((items.len().saturating_sub(1), e));
        }
        // Our own commit changed data_version only for other connections.
        self.cache.trim();
        Ok(outs)
    }

    fn where_clause(q: &EventQuery) -> Result<(String, Vec<Box<dyn ToSql>>)> {
        let mut conds: Vec<String> = Vec::new();
        let mut ps: Vec<Box<dyn ToSql>> = Vec::new();
        if let Some(c) = &q.country {
            conds.push("e.country = ?".into());
            ps.push(Box::new(c.trim().to_ascii_uppercase()));
        }
        if let Some(d) = q.since {
            conds.push("e.date_end >= ?".into());
            ps.push(Box::new(date_str(d)));
        }
        if let Some(d) = q.until {
            conds.push("e.date_start <= ?".into());
            ps.push(Box::new(date_str(d)));
        }
        if let Some(t) = q.event_type {
            conds.push("e.event_type = ?".into());
            ps.push(Box::new(t.as_str().to_string()));
        }
        if let Some(a) = &q.actor {
            conds.push(
                "e.id IN (SELECT event FROM event_actors WHERE name LIKE ? ESCAPE '\\')".into(),
            );
            ps.push(Box::new(like_pattern(a)));
        }
        if let Some(p) = &q.place {
            conds.push("(e.place LIKE ? ESCAPE '\\' OR e.admin1 LIKE ? ESCAPE '\\')".into());
            ps.push(Box::new(like_pattern(p)));
            ps.push(Box::new(like_pattern(p)));
        }
        if let Some((min_lon, min_lat, max_lon, max_lat)) = q.bbox {
            if !(min_lon <= max_lon && min_lat <= max_lat) {
                return Err(StoreError::InvalidQuery(
                    "bbox must be min_lon,min_lat,max_lon,max_lat with min <= max".into(),
                ));
            }
            conds.push("e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?".into());
            ps.push(Box::new(min_lat));
            ps.push(Box::new(max_lat));
            ps.push(Box::new(min_lon));
            ps.push(Box::new(max_lon));
        }
        if let Some(t) = &q.text {
            let fq =
                fts_query(t).ok_or_else(|| StoreError::InvalidQuery("empty text search".into()))?;
            conds.push("e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)".into());
            ps.push(Box::new(fq));
        }
        if q.disputed_only {
            conds.push("e.disputed = 1".into());
        }
        let w = if conds.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conds.join(" AND "))
        };
        Ok((w, ps))
    }

    fn event_ids(&self, q: &EventQuery) -> Result<(usize, Vec<(String, String)>)> {
        let (w, ps) = Self::where_clause(q)?;
        let total: i64 = self.conn.query_row(
            &format!("SELECT COUNT(*) FROM events e{w}"),
            params_from_iter(ps.iter()),
            |r| r.get(0),
        )?;
        let limit = q.limit.map(|l| l as i64).unwrap_or(-1);
        let sql = format!(
            "SELECT e.rowid FROM events e{w} ORDER BY e.date_start DESC, e.rowid DESC LIMIT {limit} OFFSET {}",
            q.offset
        );
        // Order and page over row ids only, then fetch the (large) summaries of the page.
        let rowids: Vec<i64> = {
            let mut st = self.conn.prepare(&sql)?;
            let rows = st.query_map(params_from_iter(ps.iter()), |r| r.get(0))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        let mut st = self.conn.prepare_cached(
            "SELECT e.id, s.summary FROM events e JOIN event_summaries s ON s.event = e.id WHERE e.rowid = ?1",
        )?;
        let mut items = Vec::with_capacity(rowids.len());
        for r in rowids {
            items.push(st.query_row(params![r], |r| Ok((r.get(0)?, r.get(1)?)))?);
        }
        Ok((total as usize, items))
    }

    fn resolve_id(&self, id: &str) -> Result<String> {
        let id = id.trim();
        if id.is_empty() {
            return Err(StoreError::InvalidQuery("empty event id".into()));
        }
        let exact: Option<String> = self
            .conn
            .query_row("SELECT id FROM events WHERE id = ?1", params![id], |r| {
                r.get(0)
            })
            .optional()?;
        if let Some(e) = exact {
            return Ok(e);
        }
        // An event merged into another answers to its old id.
        let via_alias: Option<String> = self
            .conn
            .query_row(
                "SELECT event FROM event_aliases WHERE alias = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(e) = via_alias {
            return Ok(e);
        }
        // A claim id names its event too.
        let via_claim: Option<String> = self
            .conn
            .query_row(
                "SELECT event FROM claim_events WHERE claim = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(e) = via_claim {
            return Ok(e);
        }
        if id.chars().count() < 4 {
            return Err(StoreError::NotFound(id.to_string()));
        }
        let mut st = self
            .conn
            .prepare("SELECT id FROM events WHERE id >= ?1 AND id < ?2 LIMIT 10")?;
        let upper = format!("{id}\u{10FFFF}");
        let found: Vec<String> = st
            .query_map(params![id, upper], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        match found.len() {
            0 => Err(StoreError::NotFound(id.to_string())),
            1 => Ok(found[0].clone()),
            n => Err(StoreError::AmbiguousId {
                prefix: id.to_string(),
                count: n,
            }),
        }
    }
}

fn insert_claim(tx: &Transaction, docrow: i64, c: &Claim) -> Result<()> {
    let e = &c.event;
    let r = e.date.as_ref().and_then(range_of);
    let l = e.location.as_ref();
    let m = ClaimIndex::of(c);
    tx.prepare_cached(
        "INSERT INTO claims (id, document, event_type, mode, date_start, date_end, date_precision,
                             country, admin1, place, geonameid, lat, lon, source, json,
                             match_start, match_end, span_class, m_country, is_region)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
    )?
    .execute(params![
        c.id,
        docrow,
        e.event_type.as_str(),
        e.mode,
        r.map(|r| date_str(r.start)),
        r.map(|r| date_str(r.end)),
        e.date.as_ref().map(|d| serde_json::to_value(d.precision)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))),
        l.and_then(|l| l.country.clone()),
        l.and_then(|l| l.admin1.clone()),
        l.map(|l| l.name.clone()),
        l.and_then(|l| l.geonameid.map(|g| g as i64)),
        l.and_then(|l| l.lat),
        l.and_then(|l| l.lon),
        c.attributed_source(),
        serde_json::to_string(e)?,
        m.match_start.map(date_str),
        m.match_end.map(date_str),
        m.span_class,
        m.country,
        i64::from(m.is_region),
    ])?;
    Ok(())
}

/// Fills the matching columns of claims stored before schema v3.
fn backfill_claims(tx: &Transaction) -> Result<()> {
    let rows: Vec<(String, String, Option<String>)> = {
        let mut st = tx.prepare(
            "SELECT c.id, c.json, d.published FROM claims c JOIN documents d ON d.id = c.document
             WHERE c.match_start IS NULL",
        )?;
        let it = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        it.collect::<std::result::Result<_, _>>()?
    };
    let mut up = tx.prepare(
        "UPDATE claims SET match_start = ?2, match_end = ?3, span_class = ?4, m_country = ?5, is_region = ?6,
             lat = ?7, lon = ?8, geonameid = ?9, admin1 = ?10
         WHERE id = ?1",
    )?;
    for (id, json, published) in rows {
        let claim = Claim {
            id: id.clone(),
            doc: DocMeta {
                published: published.as_deref().and_then(parse_day),
                ..DocMeta::default()
            },
            event: serde_json::from_str(&json)?,
        };
        let m = ClaimIndex::of(&claim);
        let l = claim.event.location.as_ref();
        up.execute(params![
            id,
            m.match_start.map(date_str),
            m.match_end.map(date_str),
            m.span_class,
            m.country,
            i64::from(m.is_region),
            l.and_then(|l| l.lat),
            l.and_then(|l| l.lon),
            l.and_then(|l| l.geonameid.map(|g| g as i64)),
            l.and_then(|l| l.admin1.clone()),
        ])?;
    }
    Ok(())
}

/// The candidate searches already run for one document's claims, with their results.
///
/// Claims of one report often ask the same question (the same type, place and day). Between
/// two claims of one document the store gains only that document's claims, whose events
/// are in its `doc_events`, and events absorbed since are skipped when loaded (their
/// absorbers hold claims of the document too); so an earlier result plus `doc_events` is
/// exactly what the query would return, unless the earlier result was cut at
/// [`MAX_CANDIDATES`] (such results are not kept).
#[derive(Default)]
struct SearchMemo(Vec<(CandidateSearch, Vec<String>)>);

/// Events a claim may merge with ([`CandidateSearch`]: same type cluster, same or unknown
/// country, a nearby place within the candidate window or a regional/unknown place within
/// the day tolerance); plus `doc_events`, the events that already hold claims of the same
/// document.
fn candidate_ids(
    tx: &Transaction,
    c: &Claim,
    doc_events: &[String],
    memo: &mut SearchMemo,
) -> Result<Vec<String>> {
    let mut ids: Vec<String> = Vec::new();
    let search = CandidateSearch::for_claim(c);
    if let Some(found) = search
        .as_ref()
        .and_then(|s| memo.0.iter().find(|(k, _)| k == s))
    {
        ids = found.1.clone();
    } else if let Some(search) = search {
        let mut base = format!(
            "event_type IN ({})",
            search
                .types
                .iter()
                .map(|t| format!("'{t}'"))
                .collect::<Vec<_>>()
                .join(",")
        );
        if search.country.is_some() {
            base.push_str(" AND m_country IN ('', ?)");
        }
        // One part per branch and span class; each binds its own parameters in order.
        let mut parts: Vec<String> = Vec::new();
        let mut all: Vec<Value> = Vec::new();
        for br in &search.branches {
            let mut place_ps: Vec<Value> = Vec::new();
            let place = br.place.sql(
                &mut |v| {
                    place_ps.push(match v {
                        SqlValue::Real(x) => Value::Real(x),
                        SqlValue::Int(x) => Value::Integer(x),
                        SqlValue::Text(x) => Value::Text(x),
                    });
                    "?".into()
                },
                &|col, on| format!("{col} = {}", i64::from(on)),
            );
            for (class, lower) in start_bounds(br.lo).into_iter().enumerate() {
                all.extend(search.country.iter().map(|c| Value::Text(c.clone())));
                all.extend(place_ps.iter().cloned());
                let start = match lower {
                    Some(l) => {
                        all.push(Value::Text(date_str(l)));
                        "BETWEEN ? AND ?"
                    }
                    None => "<= ?",
                };
                all.push(Value::Text(date_str(br.hi)));
                all.push(Value::Text(date_str(br.lo)));
                parts.push(format!(
                    "SELECT id FROM claims WHERE {base} AND {place} AND span_class = {class} AND match_start {start} AND match_end >= ?"
                ));
            }
        }
        // The events of the matching claims, distinct, in id order, at most MAX_CANDIDATES
        // (the PostgreSQL store keeps the same ones, so both merge alike even when a crowded
        // window is cut). The claim being placed has no event yet and drops out of the join.
        let sql = format!(
            "SELECT DISTINCT ce.event FROM ({}) m JOIN claim_events ce ON ce.claim = m.id
             ORDER BY ce.event LIMIT {MAX_CANDIDATES}",
            parts.join(" UNION ALL ")
        );
        let mut st = tx.prepare_cached(&sql)?;
        let rows = st.query_map(params_from_iter(all.iter()), |r| r.get::<_, String>(0))?;
        for r in rows {
            ids.push(r?);
        }
        if ids.len() < MAX_CANDIDATES {
            memo.0.push((search, ids.clone()));
        }
    }
    // Events already holding claims of this document.
    for id in doc_events {
        if !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    Ok(ids)
}

/// Loads one merged event with its claims in claim insertion order.
fn load_merged(conn: &Connection, id: &str) -> Result<Option<MergedEvent>> {
    let mut st = conn.prepare_cached(
        "SELECT c.id, c.json, d.doc_id, d.title, d.url, d.published, d.source
         FROM claim_events ce JOIN claims c ON c.id = ce.claim JOIN documents d ON d.id = c.document
         WHERE ce.event = ?1 ORDER BY c.rowid",
    )?;
    let rows = st.query_map(params![id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    let mut claims = Vec::new();
    for row in rows {
        let (cid, json, doc_id, title, url, published, source) = row?;
        let event: Event = serde_json::from_str(&json)?;
        claims.push(Claim {
            id: cid,
            doc: DocMeta {
                id: doc_id,
                title,
                url,
                published: published.as_deref().and_then(parse_day),
                source,
            },
            event,
        });
    }
    if claims.is_empty() {
        return Ok(None);
    }
    let mut ev = MergedEvent {
        id: id.to_string(),
        claims,
    };
    ev.canonicalize();
    Ok(Some(ev))
}

/// Inserts or updates the event row, its summary JSON and its actor, locality and
/// full-text rows; returns the summary. `is_new`: the event has no rows yet.
fn save_event(tx: &Connection, ev: &MergedEvent, is_new: bool) -> Result<EventSummary> {
    let s = ev.summary();
    let EventIndex {
        date_start: ds,
        date_end: de,
        match_start: ms,
        match_end: me,
        coarse,
        place,
    } = EventIndex::of(ev, &s);
    let l = s.location.as_ref();
    let values = params![
        ev.id,
        s.event_type.as_str(),
        s.mode,
        ds.map(date_str),
        de.map(date_str),
        ms.map(date_str),
        me.map(date_str),
        s.country().unwrap_or_default(),
        l.and_then(|l| l.admin1.clone()),
        place,
        l.and_then(|l| l.geonameid.map(|g| g as i64)),
        l.and_then(|l| l.lat),
        l.and_then(|l| l.lon),
        i64::from(l.map(sitrep_picture::geo::is_region).unwrap_or(false)),
        s.claim_count as i64,
        i64::from(s.disputed),
        s.fatalities() as i64,
        i64::from(coarse),
        i64::from(s.ceasefire),
    ];
    if is_new {
        tx.prepare_cached(
            "INSERT INTO events (id, event_type, mode, date_start, date_end, match_start, match_end, country,
                                 admin1, place, geonameid, lat, lon, is_region, n_claims, disputed, fatalities, coarse, ceasefire)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        )?
        .execute(values)?;
    } else {
        tx.prepare_cached(
            "UPDATE events SET event_type = ?2, mode = ?3, date_start = ?4, date_end = ?5, match_start = ?6,
                 match_end = ?7, country = ?8, admin1 = ?9, place = ?10, geonameid = ?11, lat = ?12, lon = ?13,
                 is_region = ?14, n_claims = ?15, disputed = ?16, fatalities = ?17, coarse = ?18, ceasefire = ?19
             WHERE id = ?1",
        )?
        .execute(values)?;
    }
    tx.prepare_cached(
        "INSERT INTO event_summaries (event, summary) VALUES (?1, ?2)
         ON CONFLICT(event) DO UPDATE SET summary = excluded.summary",
    )?
    .execute(params![ev.id, serde_json::to_string(&s)?])?;
    index_event(tx, &ev.id, &s, site_relevant(ev, &s), is_new)?;
    Ok(s)
}

/// Moves every claim of event `gone` into event `into` (a claim matched both: they are one
/// happening): links, cache, and the rows of `gone`, whose id becomes an alias of `into`.
fn absorb_event(
    tx: &Connection,
    cache: &mut EventCache,
    state: &mut TxState,
    into: &str,
    gone: &str,
) -> Result<()> {
    let Some(ev) = cache.remove(gone) else {
        return Ok(());
    };
    if let Some(l) = best_location(&ev).and_then(locality_of) {
        state.localities.insert(l);
    }
    state.dirty.remove(gone);
    // Links first: the rows of `gone` are referenced until then.
    tx.prepare_cached("UPDATE claim_events SET event = ?1 WHERE event = ?2")?
        .execute(params![into, gone])?;
    tx.prepare_cached("UPDATE event_aliases SET event = ?1 WHERE event = ?2")?
        .execute(params![into, gone])?;
    delete_event_rows(tx, gone)?;
    tx.prepare_cached("INSERT OR REPLACE INTO event_aliases (alias, event) VALUES (?1, ?2)")?
        .execute(params![gone, into])?;
    if let Some(target) = cache.remove(into) {
        let mut target = target;
        target.absorb(ev);
        cache.insert(target);
    }
    Ok(())
}

/// Deletes an event's row and its index rows (not its claim links).
fn delete_event_rows(tx: &Connection, id: &str) -> Result<()> {
    let rowid: Option<i64> = tx
        .prepare_cached("SELECT rowid FROM events WHERE id = ?1")?
        .query_row(params![id], |r| r.get(0))
        .optional()?;
    if let Some(r) = rowid {
        tx.prepare_cached("DELETE FROM events_fts WHERE rowid = ?1")?
            .execute(params![r])?;
    }
    for sql in [
        "DELETE FROM event_actors WHERE event = ?1",
        "DELETE FROM event_localities WHERE event = ?1",
        "DELETE FROM event_summaries WHERE event = ?1",
        "DELETE FROM events WHERE id = ?1",
    ] {
        tx.prepare_cached(sql)?.execute(params![id])?;
    }
    Ok(())
}

/// Writes what a transaction deferred: the dirty events' rows, summaries and index rows, and
/// the localities whose sites must be rebuilt (the events' localities before the
/// transaction were marked when claims joined or absorbed them; their localities now are
/// marked here).
fn finish_tx(tx: &Connection, cache: &EventCache, state: &TxState) -> Result<()> {
    let mut localities = state.localities.clone();
    for id in state.order.iter().filter(|id| state.dirty.contains(*id)) {
        let Some(ev) = cache.get(id) else {
            return Err(StoreError::Internal(format!(
                "event {id} is missing from the ingest cache"
            )));
        };
        let fresh = state.created.contains(id);
        let s = save_event(tx, ev, fresh)?;
        if site_relevant(ev, &s) {
            localities.extend(s.location.as_ref().and_then(locality_of));
        }
    }
    let mut mark =
        tx.prepare_cached("INSERT OR IGNORE INTO dirty_localities (locality) VALUES (?1)")?;
    for l in &localities {
        mark.execute(params![l])?;
    }
    Ok(())
}

fn flush_sites(conn: &Connection) -> Result<usize> {
    let dirty: BTreeSet<String> = {
        let mut st = conn.prepare_cached("SELECT locality FROM dirty_localities")?;
        let it = st.query_map([], |r| r.get(0))?;
        it.collect::<std::result::Result<_, _>>()?
    };
    if dirty.is_empty() {
        return Ok(0);
    }
    // BEGIN IMMEDIATE: take the write lock up front so that a concurrent writer makes us
    // wait (busy timeout) instead of failing on a read-to-write upgrade.
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let res = (|| -> Result<()> {
        rebuild_sites(conn, &dirty)?;
        conn.execute("DELETE FROM dirty_localities", [])?;
        Ok(())
    })();
    match res {
        Ok(()) => conn.execute_batch("COMMIT")?,
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e);
        }
    }
    Ok(dirty.len())
}

/// Rebuilds the sites of the given localities from their site-relevant events.
fn rebuild_sites(tx: &Connection, localities: &BTreeSet<String>) -> Result<()> {
    for loc in localities {
        let ids: Vec<String> = {
            let mut st =
                tx.prepare_cached("SELECT event FROM event_localities WHERE locality = ?1")?;
            let it = st.query_map(params![loc], |r| r.get(0))?;
            it.collect::<std::result::Result<_, _>>()?
        };
        let mut evs = Vec::with_capacity(ids.len());
        for id in &ids {
            if let Some(e) = load_merged(tx, id)? {
                evs.push(e);
            }
        }
        tx.execute(
            "DELETE FROM site_control WHERE site IN (SELECT id FROM sites WHERE locality = ?1)",
            params![loc],
        )?;
        tx.execute("DELETE FROM sites WHERE locality = ?1", params![loc])?;
        for site in build_sites(&evs) {
            // A site id belongs to one locality; an older row elsewhere is replaced.
            tx.execute("DELETE FROM site_control WHERE site = ?1", params![site.id])?;
            tx.execute("DELETE FROM sites WHERE id = ?1", params![site.id])?;
            tx.execute(
                "INSERT INTO sites (id, locality, name, kind, country, admin1, town, lat, lon, controller, last_change, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    site.id,
                    loc,
                    site.name,
                    site.kind,
                    site.country,
                    site.admin1,
                    site.town,
                    site.lat,
                    site.lon,
                    site.controller.join("; "),
                    site.last_change.map(date_str),
                    serde_json::to_string(&site)?,
                ],
            )?;
            for (i, c) in site.control.iter().enumerate() {
                tx.execute(
                    "INSERT INTO site_control (site, seq, date, from_actors, to_actors, how, event, disputed)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        site.id,
                        i as i64,
                        c.date.map(date_str),
                        c.from.join("; "),
                        c.to.join("; "),
                        c.how,
                        c.event_id,
                        i64::from(c.disputed),
                    ],
                )?;
            }
        }
    }
    Ok(())
}

impl EventStore for SqliteStore {
    fn flush(&mut self) -> Result<usize> {
        flush_sites(&self.conn)
    }

    fn ingest(&mut self, doc: &Document, events: &[Event]) -> Result<IngestOutcome> {
        match self.ingest_in_tx(&[(doc, events)]) {
            Ok(mut outs) => outs
                .pop()
                .ok_or_else(|| StoreError::Internal("no ingest outcome".into())),
            Err((_, e)) => Err(e),
        }
    }

    /// One transaction for the whole batch; if any document fails, the batch is rolled back
    /// and stored again one document per transaction, so only the failing ones are lost.
    fn ingest_batch(&mut self, items: &[(&Document, &[Event])]) -> Vec<Result<IngestOutcome>> {
        if items.len() > 1 {
            if let Ok(outs) = self.ingest_in_tx(items) {
                return outs.into_iter().map(Ok).collect();
            }
        }
        items
            .iter()
            .map(|(doc, events)| self.ingest(doc, events))
            .collect()
    }

    fn log_failure(&mut self, doc_id: &str, message: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO ingest_log (at, doc_id, status, message) VALUES (?1, ?2, 'error', ?3)",
            params![chrono::Utc::now().to_rfc3339(), doc_id, message],
        )?;
        Ok(())
    }

    fn events(&self, q: &EventQuery) -> Result<Page<EventSummary>> {
        let (total, rows) = self.event_ids(q)?;
        let mut items = Vec::with_capacity(rows.len());
        for (_, json) in rows {
            items.push(serde_json::from_str(&json)?);
        }
        Ok(Page {
            total,
            offset: q.offset,
            items,
        })
    }

    fn event(&self, id: &str) -> Result<EventDetail> {
        let id = self.resolve_id(id)?;
        let event =
            load_merged(&self.conn, &id)?.ok_or_else(|| StoreError::NotFound(id.clone()))?;
        let summary = event.summary();
        let docs: Vec<String> = summary.documents.clone();
        let documents = self.documents(&docs)?;
        Ok(EventDetail {
            summary,
            event,
            documents,
        })
    }

    fn merged_events(&self, q: &EventQuery) -> Result<Vec<MergedEvent>> {
        let (_, rows) = self.event_ids(q)?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, _) in rows {
            if let Some(e) = load_merged(&self.conn, &id)? {
                out.push(e);
            }
        }
        Ok(out)
    }

    fn sites(&self, q: &SiteQuery) -> Result<Vec<Site>> {
        flush_sites(&self.conn)?;
        let mut conds: Vec<&str> = Vec::new();
        let mut ps: Vec<Box<dyn ToSql>> = Vec::new();
        if let Some(c) = &q.country {
            conds.push("country = ?");
            ps.push(Box::new(c.trim().to_ascii_uppercase()));
        }
        if let Some(p) = &q.place {
            conds.push(
                "(name LIKE ? ESCAPE '\\' OR town LIKE ? ESCAPE '\\' OR admin1 LIKE ? ESCAPE '\\')",
            );
            for _ in 0..3 {
                ps.push(Box::new(like_pattern(p)));
            }
        }
        if let Some(k) = &q.kind {
            conds.push("kind = ?");
            ps.push(Box::new(k.trim().to_lowercase()));
        }
        let w = if conds.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conds.join(" AND "))
        };
        let mut st = self.conn.prepare(&format!(
            "SELECT json FROM sites{w} ORDER BY country, name, id"
        ))?;
        let rows = st.query_map(params_from_iter(ps.iter()), |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for r in rows {
            out.push(serde_json::from_str(&r?)?);
        }
        Ok(out)
    }

    fn ceasefires(&self, country: Option<&str>) -> Result<Vec<Ceasefire>> {
        let mut cf_q = String::from("SELECT id, date_start FROM events WHERE ceasefire = 1");
        let mut ps: Vec<Box<dyn ToSql>> = Vec::new();
        if let Some(c) = country {
            cf_q.push_str(" AND country = ?");
            ps.push(Box::new(c.trim().to_ascii_uppercase()));
        }
        let cfs: Vec<(String, Option<String>)> = {
            let mut st = self.conn.prepare(&cf_q)?;
            let it = st.query_map(params_from_iter(ps.iter()), |r| Ok((r.get(0)?, r.get(1)?)))?;
            it.collect::<std::result::Result<_, _>>()?
        };
        if cfs.is_empty() {
            return Ok(Vec::new());
        }
        let earliest = cfs.iter().filter_map(|(_, d)| d.clone()).min();
        let mut ids: Vec<String> = cfs.iter().map(|(i, _)| i.clone()).collect();
        let mut a_q = String::from("SELECT id FROM events WHERE event_type = 'ASSAULT'");
        let mut aps: Vec<Box<dyn ToSql>> = Vec::new();
        if let Some(d) = earliest {
            a_q.push_str(" AND date_end >= ?");
            aps.push(Box::new(d));
        }
        if let Some(c) = country {
            a_q.push_str(" AND country = ?");
            aps.push(Box::new(c.trim().to_ascii_uppercase()));
        }
        a_q.push_str(" ORDER BY date_start LIMIT 20000");
        {
            let mut st = self.conn.prepare(&a_q)?;
            for r in st.query_map(params_from_iter(aps.iter()), |r| r.get::<_, String>(0))? {
                ids.push(r?);
            }
        }
        let mut evs = Vec::with_capacity(ids.len());
        for id in &ids {
            if let Some(e) = load_merged(&self.conn, id)? {
                evs.push(e);
            }
        }
        Ok(build_ceasefires(&evs))
    }

    fn documents(&self, ids: &[String]) -> Result<Vec<DocMeta>> {
        let mut st = self.conn.prepare_cached(
            "SELECT doc_id, title, url, published, source FROM documents WHERE doc_id = ?1",
        )?;
        let mut out = Vec::new();
        for id in ids {
            let row = st
                .query_row(params![id], |r| {
                    Ok(DocMeta {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        url: r.get(2)?,
                        published: r
                            .get::<_, Option<String>>(3)?
                            .as_deref()
                            .and_then(parse_day),
                        source: r.get(4)?,
                    })
                })
                .optional()?;
            out.extend(row);
        }
        Ok(out)
    }

    fn stats(&self) -> Result<Stats> {
        flush_sites(&self.conn)?;
        let count = |t: &str| -> Result<usize> {
            let n: i64 = self
                .conn
                .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))?;
            Ok(n as usize)
        };
        Ok(Stats {
            documents: count("documents")?,
            claims: count("claims")?,
            events: count("events")?,
            sites: count("sites")?,
            schema_version: self.schema_version()?,
        })
    }
}

#[cfg(test)]
mod date_str_tests {
    use super::date_str;
    use chrono::NaiveDate;

    #[test]
    fn date_str_writes_what_chrono_writes() {
        for (y, m, d) in [
            (2026, 1, 20),
            (1, 2, 3),
            (999, 12, 31),
            (9999, 12, 31),
            (0, 1, 1),
            (-44, 3, 15),
            (10000, 1, 1),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(date_str(day), day.format("%Y-%m-%d").to_string());
        }
    }
}
