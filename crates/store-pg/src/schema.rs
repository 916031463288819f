//! Schema versions and migrations (table `schema_version`, one row per applied version).
//!
//! - v1: the store (documents, claims, events and their summaries and indexes, sites and
//!   their control history, the ingest log, dirty localities) with the same concepts as the
//!   SQLite store's v2, plus the work queue: `queue` holds *pending* work only (so the claim
//!   query's plan stays an index scan of a small table), finished work moves to `queue_done`
//!   and `queue_failed`, and `workers` records every worker seen.
//! - v2: `event_aliases` (ids of events merged into another one) and the claims' matching
//!   columns and index (merge candidates are looked up by claim), as in the SQLite store's
//!   v3; `PgStore::open` back-fills the columns of older claims.

use crate::PgError;
use postgres::Client;

pub const LATEST_VERSION: i64 = 2;

const V2: &str = r#"
CREATE TABLE event_aliases (
    alias TEXT PRIMARY KEY,
    event TEXT NOT NULL REFERENCES events(id)
);
CREATE INDEX event_aliases_event ON event_aliases(event);
ALTER TABLE claims
    ADD COLUMN match_start DATE,
    ADD COLUMN match_end DATE,
    ADD COLUMN span_class SMALLINT NOT NULL DEFAULT 0,
    ADD COLUMN m_country TEXT NOT NULL DEFAULT '',
    ADD COLUMN is_region BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX claims_match ON claims(event_type, m_country, span_class, match_start)
    INCLUDE (match_end, lat, lon, is_region, geonameid, admin1);
DROP INDEX IF EXISTS events_match;
DROP INDEX IF EXISTS events_coarse;
"#;

/// Advisory lock key serialising migrations of one database.
const MIGRATION_LOCK: i64 = 0x5173_7265_7000_0001;

const V1: &str = r#"
CREATE TABLE documents (
    id BIGSERIAL PRIMARY KEY,
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    title TEXT,
    url TEXT,
    published DATE,
    source TEXT,
    text TEXT NOT NULL,
    ingested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    n_claims INTEGER
);
CREATE INDEX documents_doc_id ON documents(doc_id);

CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    -- insertion order (the claims of an event are loaded in this order)
    seq BIGSERIAL NOT NULL,
    document BIGINT NOT NULL REFERENCES documents(id),
    event_type TEXT NOT NULL,
    mode TEXT,
    date_start DATE,
    date_end DATE,
    date_precision TEXT,
    country TEXT,
    admin1 TEXT,
    place TEXT,
    geonameid BIGINT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    source TEXT,
    json JSONB NOT NULL
);
CREATE INDEX claims_document ON claims(document);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    seq BIGSERIAL NOT NULL,
    event_type TEXT NOT NULL,
    mode TEXT,
    date_start DATE,
    date_end DATE,
    match_start DATE,
    match_end DATE,
    coarse BOOLEAN NOT NULL DEFAULT false,
    -- ISO alpha-3, '' when unknown
    country TEXT NOT NULL DEFAULT '',
    admin1 TEXT,
    place TEXT,
    geonameid BIGINT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    is_region BOOLEAN NOT NULL DEFAULT false,
    n_claims INTEGER NOT NULL,
    disputed BOOLEAN NOT NULL,
    fatalities BIGINT NOT NULL,
    ceasefire BOOLEAN NOT NULL DEFAULT false,
    fts TSVECTOR
);
CREATE INDEX events_date ON events(date_start, date_end);
CREATE INDEX events_country_date ON events(country, date_start);
CREATE INDEX events_match ON events(event_type, country, match_start);
CREATE INDEX events_coarse ON events(event_type, match_start) WHERE coarse;
CREATE INDEX events_geo ON events(lat, lon);
CREATE INDEX events_ceasefire ON events(ceasefire) WHERE ceasefire;
CREATE INDEX events_disputed ON events(disputed, date_start) WHERE disputed;
CREATE INDEX events_type_date ON events(event_type, date_start);
CREATE INDEX events_order ON events(date_start DESC, seq DESC);
CREATE INDEX events_fts ON events USING GIN (fts);

CREATE TABLE event_summaries (
    event TEXT PRIMARY KEY REFERENCES events(id),
    summary JSONB NOT NULL
);

CREATE TABLE claim_events (
    claim TEXT PRIMARY KEY REFERENCES claims(id),
    event TEXT NOT NULL REFERENCES events(id)
);
CREATE INDEX claim_events_event ON claim_events(event);

CREATE TABLE event_actors (
    event TEXT NOT NULL REFERENCES events(id),
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    -- lower(name): names that differ in case only are one actor (SQLite: COLLATE NOCASE)
    name_key TEXT NOT NULL,
    country TEXT,
    PRIMARY KEY (event, role, name_key)
);
CREATE INDEX event_actors_name ON event_actors(name_key);

CREATE TABLE event_localities (
    locality TEXT NOT NULL,
    event TEXT NOT NULL REFERENCES events(id),
    PRIMARY KEY (locality, event)
);
CREATE INDEX event_localities_event ON event_localities(event);

CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    locality TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    admin1 TEXT,
    town TEXT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    controller TEXT,
    last_change DATE,
    json JSONB NOT NULL
);
CREATE INDEX sites_locality ON sites(locality);
CREATE INDEX sites_country ON sites(country, name);

CREATE TABLE site_control (
    site TEXT NOT NULL REFERENCES sites(id),
    seq INTEGER NOT NULL,
    date DATE,
    from_actors TEXT NOT NULL,
    to_actors TEXT NOT NULL,
    how TEXT NOT NULL,
    event TEXT NOT NULL,
    disputed BOOLEAN NOT NULL,
    PRIMARY KEY (site, seq)
);

CREATE TABLE ingest_log (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL DEFAULT now(),
    doc_id TEXT,
    content_hash TEXT,
    document BIGINT,
    status TEXT NOT NULL,
    claims INTEGER,
    message TEXT
);

-- Localities whose sites must be rebuilt. `gen` grows with every mark, so a rebuild that
-- raced with a new mark leaves the locality dirty (it deletes only the generation it read).
CREATE TABLE dirty_localities (
    locality TEXT PRIMARY KEY,
    gen BIGINT NOT NULL DEFAULT 0
);

-- Pending work only: finished items move out, so this table stays small and the claim
-- query keeps its plan (index scan on id) however much work has been done.
CREATE TABLE queue (
    id BIGSERIAL PRIMARY KEY,
    doc_id TEXT NOT NULL,
    doc JSONB NOT NULL,
    enqueued_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    claimed_by TEXT,
    claimed_at TIMESTAMPTZ,
    attempts INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE queue_done (
    id BIGINT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    document BIGINT,
    outcome TEXT NOT NULL,
    claims INTEGER NOT NULL DEFAULT 0,
    worker TEXT NOT NULL,
    enqueued_at TIMESTAMPTZ NOT NULL,
    done_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE queue_failed (
    id BIGINT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    doc JSONB NOT NULL,
    reason TEXT NOT NULL,
    worker TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    failed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE workers (
    id TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    backend_pid INTEGER,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen TIMESTAMPTZ NOT NULL DEFAULT now(),
    done BIGINT NOT NULL DEFAULT 0,
    failed BIGINT NOT NULL DEFAULT 0,
    reconnects BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    state TEXT NOT NULL DEFAULT 'running'
);
"#;

/// The schema version of the database (0 when empty).
pub fn version(client: &mut Client) -> Result<i64, PgError> {
    let exists: bool = client
        .query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let v: Option<i64> = client
        .query_one("SELECT max(version) FROM schema_version", &[])?
        .get(0);
    Ok(v.unwrap_or(0))
}

/// Applies the missing migrations (concurrent callers wait for each other); returns the
/// version found before.
pub fn migrate(client: &mut Client) -> Result<i64, PgError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_version (
             version BIGINT PRIMARY KEY,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )?;
    let found: i64 = tx
        .query_one("SELECT COALESCE(max(version), 0) FROM schema_version", &[])?
        .get(0);
    if found > LATEST_VERSION {
        return Err(PgError::NewerSchema {
            found,
            supported: LATEST_VERSION,
        });
    }
    for v in (found + 1)..=LATEST_VERSION {
        let sql = match v {
            1 => V1,
            2 => V2,
            _ => "",
        };
        tx.batch_execute(sql).map_err(|e| PgError::Migration {
            version: v,
            message: crate::describe(&e),
        })?;
        tx.execute("INSERT INTO schema_version (version) VALUES ($1)", &[&v])?;
    }
    tx.commit()?;
    if (1..2).contains(&found) {
        // Claims stored before v2 become merge candidates (idempotent: only unfilled rows).
        crate::ingest::backfill_claims(client).map_err(|e| PgError::Migration {
            version: 2,
            message: e.to_string(),
        })?;
    }
    Ok(found)
}
