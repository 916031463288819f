//! Schema versions and migrations (SQLite `PRAGMA user_version`).
//!
//! - v1: documents, claims, events, claim → event links.
//! - v2: actor and locality indexes of events, sites and their control history, the ingest
//!   log, full-text search, the `ceasefire` flag and `documents.n_claims`; existing events are
//!   back-filled from their stored summaries.
//! - v3: `event_aliases`: ids of events that were merged into another one (a later report
//!   showed two events to be one happening) and the event they now belong to; the claims'
//!   matching columns and index (merge candidates are looked up by claim); summaries are
//!   recomputed (claims in canonical order) and the claims' matching columns back-filled.

use crate::{Result, StoreError};
use rusqlite::{params, Connection, Transaction};
use sitrep_picture::{locality_of, EventSummary};

pub const LATEST_VERSION: i64 = 3;

const V1: &str = r#"
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    title TEXT,
    url TEXT,
    published TEXT,
    source TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_doc_id ON documents(doc_id);

CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    document INTEGER NOT NULL REFERENCES documents(id),
    event_type TEXT NOT NULL,
    mode TEXT,
    date_start TEXT,
    date_end TEXT,
    date_precision TEXT,
    country TEXT,
    admin1 TEXT,
    place TEXT,
    geonameid INTEGER,
    lat REAL,
    lon REAL,
    source TEXT,
    json TEXT NOT NULL
);
CREATE INDEX claims_document ON claims(document);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    mode TEXT,
    date_start TEXT,
    date_end TEXT,
    match_start TEXT,
    match_end TEXT,
    -- 1 when the claims' periods span more than a month (candidate look-up by a wider window)
    coarse INTEGER NOT NULL DEFAULT 0,
    -- ISO alpha-3, '' when unknown
    country TEXT NOT NULL DEFAULT '',
    admin1 TEXT,
    place TEXT,
    geonameid INTEGER,
    lat REAL,
    lon REAL,
    is_region INTEGER NOT NULL DEFAULT 0,
    n_claims INTEGER NOT NULL,
    disputed INTEGER NOT NULL,
    fatalities INTEGER NOT NULL
);
-- The picture's summary of each event (JSON), kept apart so that scans of `events` stay
-- narrow.
CREATE TABLE event_summaries (
    event TEXT PRIMARY KEY REFERENCES events(id),
    summary TEXT NOT NULL
);
CREATE INDEX events_date ON events(date_start, date_end);
CREATE INDEX events_country_date ON events(country, date_start);
-- Merge-candidate look-up: covering indexes (no table row is read while scanning).
CREATE INDEX events_match ON events(event_type, country, coarse, match_start, match_end, lat, lon, geonameid, is_region, admin1, id);
CREATE INDEX events_geo ON events(lat, lon);

CREATE TABLE claim_events (
    claim TEXT PRIMARY KEY REFERENCES claims(id),
    event TEXT NOT NULL REFERENCES events(id)
);
CREATE INDEX claim_events_event ON claim_events(event);
"#;

const V2: &str = r#"
ALTER TABLE events ADD COLUMN ceasefire INTEGER NOT NULL DEFAULT 0;
CREATE INDEX events_ceasefire ON events(ceasefire) WHERE ceasefire = 1;
ALTER TABLE documents ADD COLUMN n_claims INTEGER;
CREATE INDEX events_disputed ON events(disputed, date_start) WHERE disputed = 1;
CREATE INDEX events_type_date ON events(event_type, date_start);

CREATE TABLE event_actors (
    event TEXT NOT NULL REFERENCES events(id),
    role TEXT NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE,
    country TEXT,
    PRIMARY KEY (event, role, name)
) WITHOUT ROWID;
CREATE INDEX event_actors_name ON event_actors(name);

CREATE TABLE event_localities (
    locality TEXT NOT NULL,
    event TEXT NOT NULL REFERENCES events(id),
    PRIMARY KEY (locality, event)
) WITHOUT ROWID;
CREATE INDEX event_localities_event ON event_localities(event);

CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    locality TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    admin1 TEXT,
    town TEXT,
    lat REAL,
    lon REAL,
    controller TEXT,
    last_change TEXT,
    json TEXT NOT NULL
);
CREATE INDEX sites_locality ON sites(locality);
CREATE INDEX sites_country ON sites(country, name);

CREATE TABLE site_control (
    site TEXT NOT NULL REFERENCES sites(id),
    seq INTEGER NOT NULL,
    date TEXT,
    from_actors TEXT NOT NULL,
    to_actors TEXT NOT NULL,
    how TEXT NOT NULL,
    event TEXT NOT NULL,
    disputed INTEGER NOT NULL,
    PRIMARY KEY (site, seq)
) WITHOUT ROWID;

CREATE TABLE ingest_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    doc_id TEXT,
    content_hash TEXT,
    document INTEGER,
    status TEXT NOT NULL,
    claims INTEGER,
    message TEXT
);

-- Localities whose sites must be rebuilt (sites are a cache derived from events; ingest
-- marks, `flush_sites` rebuilds, in one transaction each).
CREATE TABLE dirty_localities (locality TEXT PRIMARY KEY) WITHOUT ROWID;

CREATE VIRTUAL TABLE events_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
"#;

const V3: &str = r#"
-- An event merged into another keeps answering to its id.
CREATE TABLE event_aliases (
    alias TEXT PRIMARY KEY,
    event TEXT NOT NULL REFERENCES events(id)
) WITHOUT ROWID;
CREATE INDEX event_aliases_event ON event_aliases(event);

-- Merge candidates are looked up by claim (a new claim joins the events of the claims it
-- matches), so the look-up does not depend on how an event's summary changed as claims
-- joined it: the matching period (resolved date, else publication day), the span class
-- (0 up to 31 days, 1 up to 400, 2 longer), the country ('' when unknown) and whether the
-- place is a region, in one covering index.
ALTER TABLE claims ADD COLUMN match_start TEXT;
ALTER TABLE claims ADD COLUMN match_end TEXT;
ALTER TABLE claims ADD COLUMN span_class INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN m_country TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN is_region INTEGER NOT NULL DEFAULT 0;
CREATE INDEX claims_match ON claims(event_type, m_country, span_class, match_start, match_end, lat, lon, geonameid, is_region, admin1, id);
DROP INDEX IF EXISTS events_match;
"#;

/// Writes the v2 index rows of one event (actors, locality, full text; the `ceasefire` flag
/// is written with the event row); `fresh`: the event has none yet (nothing to delete first).
pub(crate) fn index_event(
    tx: &Connection,
    id: &str,
    s: &EventSummary,
    site_relevant: bool,
    fresh: bool,
) -> Result<()> {
    if !fresh {
        tx.prepare_cached("DELETE FROM event_actors WHERE event = ?1")?
            .execute(params![id])?;
        tx.prepare_cached("DELETE FROM event_localities WHERE event = ?1")?
            .execute(params![id])?;
    }
    let mut ins = tx.prepare_cached(
        "INSERT OR IGNORE INTO event_actors (event, role, name, country) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (role, list) in [("actor", &s.actors), ("recipient", &s.recipients)] {
        for e in list.iter() {
            let name = sitrep_picture::actors::display_name(e);
            if !name.is_empty() {
                ins.execute(params![id, role, name, e.country])?;
            }
        }
    }
    if let Some(loc) = s
        .location
        .as_ref()
        .and_then(locality_of)
        .filter(|_| site_relevant)
    {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO event_localities (locality, event) VALUES (?1, ?2)",
        )?
        .execute(params![loc, id])?;
    }
    let rowid: i64 = tx
        .prepare_cached("SELECT rowid FROM events WHERE id = ?1")?
        .query_row(params![id], |r| r.get(0))?;
    if !fresh {
        tx.prepare_cached("DELETE FROM events_fts WHERE rowid = ?1")?
            .execute(params![rowid])?;
    }
    tx.prepare_cached("INSERT INTO events_fts (rowid, body) VALUES (?1, ?2)")?
        .execute(params![rowid, crate::index::fts_body(s)])?;
    Ok(())
}

fn migrate_v2(tx: &Transaction) -> Result<()> {
    tx.execute_batch(V2)?;
    tx.execute(
        "UPDATE documents SET n_claims = (SELECT COUNT(*) FROM claims WHERE claims.document = documents.id)",
        [],
    )?;
    // The new per-event indexes and the sites are back-filled by the caller, which can load
    // merged events (see `SqliteStore::reindex_all`).
    Ok(())
}

pub(crate) fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies migrations up to `target`; returns the version found before.
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<i64> {
    let found = user_version(conn)?;
    if found > LATEST_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            supported: LATEST_VERSION,
        });
    }
    for version in (found + 1)..=target.min(LATEST_VERSION) {
        let tx = conn.transaction()?;
        let res = match version {
            1 => tx.execute_batch(V1).map_err(StoreError::from),
            2 => migrate_v2(&tx),
            3 => tx.execute_batch(V3).map_err(StoreError::from),
            _ => Ok(()),
        };
        res.map_err(|e| StoreError::Migration {
            version,
            message: e.to_string(),
        })?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(found)
}
