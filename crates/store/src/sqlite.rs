//! The embedded SQLite backend.

use crate::index::ClaimIndex;
use crate::ingest::{ingest_with_fallback, IngestCounters, IngestOptions, Ingestor};
use crate::schema::{migrate_to, user_version, LATEST_VERSION};
use crate::sqlite_ingest::{save_event, SqliteTx};
use crate::{
    EventDetail, EventQuery, EventStore, IngestOutcome, Page, Result, SiteQuery, Stats, StoreError,
};
use chrono::NaiveDate;
use rusqlite::types::ToSql;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};
use sitrep_model::{Document, Event};
use sitrep_picture::{
    build_ceasefires, build_sites, locality_of, Ceasefire, Claim, DocMeta, EventSummary,
    MergedEvent, Site,
};
use std::collections::BTreeSet;
use std::path::Path;

/// The SQLite store. Cheap to open; one connection.
pub struct SqliteStore {
    conn: Connection,
    ingestor: Ingestor,
}

/// `YYYY-MM-DD`, as chrono's `%Y-%m-%d` writes it (which parses its format string on every
/// call: this runs several times per stored claim).
pub(crate) fn date_str(d: NaiveDate) -> String {
    use chrono::Datelike;
    if (0..=9999).contains(&d.year()) {
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    } else {
        d.format("%Y-%m-%d").to_string()
    }
}

pub(crate) fn parse_day(s: &str) -> Option<NaiveDate> {
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
            ingestor: Ingestor::new(),
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
        self.ingestor.fail_after_claims(n);
    }

    /// The work the ingest algorithm did on this connection (claims placed, candidates,
    /// comparisons).
    pub fn ingest_counters(&self) -> IngestCounters {
        self.ingestor.counters()
    }

    /// Ingests `items` in one transaction (all stored or none). On an error the transaction
    /// is rolled back and the error returned with the index of the failing item.
    fn ingest_in_tx(
        &mut self,
        items: &[(&Document, &[Event])],
        opts: &IngestOptions,
    ) -> std::result::Result<Vec<IngestOutcome>, (usize, StoreError)> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| (0, e.into()))?;
        // Links are written before the rows of new events; foreign keys are checked at
        // commit (the pragma resets when the transaction ends).
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")
            .map_err(|e| (0, e.into()))?;
        let outs = self
            .ingestor
            .ingest_in_tx(&mut SqliteTx(&tx), items, opts)?;
        let done = (|| -> Result<()> {
            let _commit = match &opts.cancel {
                Some(c) => Some(c.begin_commit()?),
                None => None,
            };
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
        })();
        match done {
            Ok(()) => {
                self.ingestor.committed();
                Ok(outs)
            }
            Err(e) => {
                self.ingestor.forget();
                Err((items.len().saturating_sub(1), e))
            }
        }
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
        self.ingestor.forget();
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

/// Loads one merged event with its claims in claim insertion order.
pub(crate) fn load_merged(conn: &Connection, id: &str) -> Result<Option<MergedEvent>> {
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

fn flush_sites(conn: &Connection) -> Result<usize> {
    let any: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM dirty_localities)", [], |r| {
        r.get(0)
    })?;
    if !any {
        return Ok(0);
    }
    // BEGIN IMMEDIATE: take the write lock up front so that a concurrent writer makes us
    // wait (busy timeout) instead of failing on a read-to-write upgrade. The dirty set is read
    // under that lock: read before it, a locality another process marked in between would be
    // deleted below without being rebuilt.
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let res = (|| -> Result<usize> {
        let dirty: BTreeSet<String> = {
            let mut st = conn.prepare_cached("SELECT locality FROM dirty_localities")?;
            let it = st.query_map([], |r| r.get(0))?;
            it.collect::<std::result::Result<_, _>>()?
        };
        rebuild_sites(conn, &dirty)?;
        conn.execute("DELETE FROM dirty_localities", [])?;
        Ok(dirty.len())
    })();
    match res {
        Ok(n) => {
            conn.execute_batch("COMMIT")?;
            Ok(n)
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
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

    fn ingest_batch_with(
        &mut self,
        items: &[(&Document, &[Event])],
        opts: &IngestOptions,
    ) -> Vec<Result<IngestOutcome>> {
        ingest_with_fallback(items, |batch| self.ingest_in_tx(batch, opts))
    }

    fn stored_publication_date(&self, content_hash: &str) -> Result<Option<NaiveDate>> {
        let found: Option<Option<String>> = self
            .conn
            .prepare_cached("SELECT published FROM documents WHERE content_hash = ?1")?
            .query_row(params![content_hash], |r| r.get(0))
            .optional()?;
        Ok(found.flatten().as_deref().and_then(parse_day))
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
