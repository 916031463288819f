//! The SQLite store's storage primitives for the one ingest algorithm
//! ([`crate::ingest::Ingestor`]): documents, claims, candidate search, event rows, aliases,
//! inside the store's write transaction.

use crate::index::{
    start_bounds, CandidateSearch, ClaimIndex, EventIndex, SqlValue, MAX_CANDIDATES,
};
use crate::ingest::{IngestStorage, StoredDocument};
use crate::schema::index_event;
use crate::sqlite::{date_str, load_merged, parse_day};
use crate::Result;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use sitrep_picture::dates::range_of;
use sitrep_picture::{site_relevant, Claim, DocMeta, EventSummary, MergedEvent};
use std::collections::BTreeSet;

/// The storage primitives on an SQLite connection inside a write transaction (foreign keys
/// deferred to the commit: links are written before the rows of new events).
pub(crate) struct SqliteTx<'a>(pub(crate) &'a Connection);

impl IngestStorage for SqliteTx<'_> {
    fn find_document(&mut self, content_hash: &str) -> Result<Option<StoredDocument>> {
        Ok(self
            .0
            .prepare_cached("SELECT id, doc_id, published FROM documents WHERE content_hash = ?1")?
            .query_row(params![content_hash], |r| {
                Ok(StoredDocument {
                    row: r.get(0)?,
                    doc_id: r.get(1)?,
                    published: r
                        .get::<_, Option<String>>(2)?
                        .as_deref()
                        .and_then(parse_day),
                })
            })
            .optional()?)
    }

    fn doc_id_taken(&mut self, doc_id: &str) -> Result<bool> {
        Ok(self
            .0
            .prepare_cached("SELECT 1 FROM documents WHERE doc_id = ?1")?
            .query_row(params![doc_id], |_| Ok(true))
            .optional()?
            .unwrap_or(false))
    }

    fn insert_document(
        &mut self,
        meta: &DocMeta,
        content_hash: &str,
        text: &str,
    ) -> Result<Option<i64>> {
        self.0
            .prepare_cached(
                "INSERT INTO documents (doc_id, content_hash, title, url, published, source, text, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                meta.id,
                content_hash,
                meta.title,
                meta.url,
                meta.published.map(date_str),
                meta.source,
                text,
                chrono::Utc::now().to_rfc3339(),
            ])?;
        Ok(Some(self.0.last_insert_rowid()))
    }

    fn update_document(&mut self, row: i64, meta: &DocMeta) -> Result<()> {
        self.0
            .prepare_cached(
                "UPDATE documents SET title = ?2, url = ?3, published = ?4, source = ?5 WHERE id = ?1",
            )?
            .execute(params![
                row,
                meta.title,
                meta.url,
                meta.published.map(date_str),
                meta.source
            ])?;
        // Claims carry their publication day in their matching columns: the document's
        // claims are replaced by the caller.
        Ok(())
    }

    fn finish_document(
        &mut self,
        row: i64,
        meta: &DocMeta,
        content_hash: &str,
        claims: usize,
        status: &str,
    ) -> Result<()> {
        self.0
            .prepare_cached("UPDATE documents SET n_claims = ?2 WHERE id = ?1")?
            .execute(params![row, claims as i64])?;
        self.0
            .prepare_cached(
                "INSERT INTO ingest_log (at, doc_id, content_hash, document, status, claims, message)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL)",
            )?
            .execute(params![
                chrono::Utc::now().to_rfc3339(),
                meta.id,
                content_hash,
                row,
                status,
                claims as i64
            ])?;
        Ok(())
    }

    fn claim_exists(&mut self, id: &str) -> Result<bool> {
        Ok(self
            .0
            .prepare_cached("SELECT 1 FROM claims WHERE id = ?1")?
            .query_row(params![id], |_| Ok(true))
            .optional()?
            .unwrap_or(false))
    }

    fn insert_claim(&mut self, doc_row: i64, claim: &Claim) -> Result<()> {
        insert_claim(self.0, doc_row, claim)
    }

    fn link_claim(&mut self, claim: &str, event: &str) -> Result<()> {
        self.0
            .prepare_cached("INSERT INTO claim_events (claim, event) VALUES (?1, ?2)")?
            .execute(params![claim, event])?;
        Ok(())
    }

    fn search(&mut self, search: &CandidateSearch) -> Result<Vec<String>> {
        let tx = self.0;
        let mut ids = Vec::new();
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
        Ok(ids)
    }

    fn load_events(&mut self, ids: &[String]) -> Result<Vec<MergedEvent>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(load_merged(self.0, id)?);
        }
        Ok(out)
    }

    fn create_event(&mut self, _ev: &MergedEvent) -> Result<()> {
        // Its rows are written once, at the end of the transaction (`write_event`).
        Ok(())
    }

    fn write_event(&mut self, ev: &MergedEvent, created: bool) -> Result<EventSummary> {
        save_event(self.0, ev, created)
    }

    fn absorb_event(&mut self, into: &str, gone: &str) -> Result<()> {
        let tx = self.0;
        // Links first: the rows of `gone` are referenced until then.
        tx.prepare_cached("UPDATE claim_events SET event = ?1 WHERE event = ?2")?
            .execute(params![into, gone])?;
        tx.prepare_cached("UPDATE event_aliases SET event = ?1 WHERE event = ?2")?
            .execute(params![into, gone])?;
        delete_event_rows(tx, gone)?;
        tx.prepare_cached("INSERT OR REPLACE INTO event_aliases (alias, event) VALUES (?1, ?2)")?
            .execute(params![gone, into])?;
        Ok(())
    }

    fn mark_localities(&mut self, localities: &BTreeSet<String>) -> Result<()> {
        let mut mark = self
            .0
            .prepare_cached("INSERT OR IGNORE INTO dirty_localities (locality) VALUES (?1)")?;
        for l in localities {
            mark.execute(params![l])?;
        }
        Ok(())
    }

    fn cache_token(&mut self) -> Result<Option<i64>> {
        // Changes when another connection committed (our own commits leave it).
        Ok(Some(
            self.0.query_row("PRAGMA data_version", [], |r| r.get(0))?,
        ))
    }

    fn document_links(&mut self, doc_row: i64) -> Result<Vec<(String, String)>> {
        let mut st = self.0.prepare_cached(
            "SELECT c.id, ce.event FROM claims c JOIN claim_events ce ON ce.claim = c.id
             WHERE c.document = ?1 ORDER BY c.rowid",
        )?;
        let rows = st.query_map(params![doc_row], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn document_events(&mut self, doc_id: &str) -> Result<Vec<String>> {
        let mut st = self.0.prepare_cached(
            "SELECT DISTINCT ce.event FROM documents d JOIN claims c ON c.document = d.id
             JOIN claim_events ce ON ce.claim = c.id WHERE d.doc_id = ?1 ORDER BY ce.event",
        )?;
        let rows = st.query_map(params![doc_id], |r| r.get(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn dissolve_event(&mut self, id: &str) -> Result<Vec<String>> {
        let tx = self.0;
        let aliases: Vec<String> = {
            let mut st = tx.prepare_cached("SELECT alias FROM event_aliases WHERE event = ?1")?;
            let rows = st.query_map(params![id], |r| r.get(0))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        tx.prepare_cached("DELETE FROM event_aliases WHERE event = ?1")?
            .execute(params![id])?;
        tx.prepare_cached("DELETE FROM claim_events WHERE event = ?1")?
            .execute(params![id])?;
        delete_event_rows(tx, id)?;
        Ok(aliases)
    }

    fn delete_claims(&mut self, ids: &[String]) -> Result<()> {
        let mut st = self.0.prepare_cached("DELETE FROM claims WHERE id = ?1")?;
        for id in ids {
            st.execute(params![id])?;
        }
        Ok(())
    }

    fn event_of_claim(&mut self, claim: &str) -> Result<Option<String>> {
        Ok(self
            .0
            .prepare_cached("SELECT event FROM claim_events WHERE claim = ?1")?
            .query_row(params![claim], |r| r.get(0))
            .optional()?)
    }

    fn set_alias(&mut self, alias: &str, event: &str) -> Result<()> {
        self.0
            .prepare_cached("INSERT OR REPLACE INTO event_aliases (alias, event) VALUES (?1, ?2)")?
            .execute(params![alias, event])?;
        Ok(())
    }
}

fn insert_claim(tx: &Connection, docrow: i64, c: &Claim) -> Result<()> {
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

/// Inserts or updates the event row, its summary JSON and its actor, locality and
/// full-text rows; returns the summary. `is_new`: the event has no rows yet.
pub(crate) fn save_event(tx: &Connection, ev: &MergedEvent, is_new: bool) -> Result<EventSummary> {
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
