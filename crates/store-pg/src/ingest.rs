//! The PostgreSQL store's storage primitives for the one ingest algorithm
//! ([`sitrep_store::ingest::Ingestor`], the same code the SQLite store runs), and the site
//! rebuild.

use crate::{locks, PgError, Result};
use postgres::types::ToSql;
use postgres::Statement;
use postgres::{Client, GenericClient, Transaction};
use sitrep_model::Event;
use sitrep_picture::{
    build_sites, locality_of, site_relevant, Claim, DocMeta, EventSummary, MergedEvent,
};
use sitrep_store::index::{
    fts_body, start_bounds, CandidateSearch, ClaimIndex, EventIndex, SqlValue, MAX_CANDIDATES,
};
use sitrep_store::ingest::{IngestStorage, StoredDocument};
use sitrep_store::StoreError;
use std::collections::{BTreeSet, HashMap};

/// Advisory lock key of site rebuilds.
const SITES_LOCK: i64 = 0x5173_7265_7000_0002;

/// Prepared statements of one connection, by SQL text (a statement prepared once is
/// executed with one round trip instead of two; statements outlive transactions).
#[derive(Default)]
pub struct StmtCache(HashMap<String, Statement>);

impl StmtCache {
    pub(crate) fn prep<C: GenericClient>(&mut self, c: &mut C, sql: &str) -> Result<Statement> {
        if let Some(st) = self.0.get(sql) {
            return Ok(st.clone());
        }
        let st = c.prepare(sql)?;
        self.0.insert(sql.to_string(), st.clone());
        Ok(st)
    }
}

/// The storage primitives on a PostgreSQL write transaction that holds the merge locks of
/// its documents ([`crate::locks`]). Event rows are written when an event is created
/// (links reference them at once) and updated once per transaction.
pub(crate) struct PgTx<'a, 't> {
    pub(crate) tx: &'a mut Transaction<'t>,
    pub(crate) stmts: &'a mut StmtCache,
}

/// A PostgreSQL result as a store result.
fn st<T>(r: Result<T>) -> sitrep_store::Result<T> {
    r.map_err(StoreError::from)
}

impl PgTx<'_, '_> {
    fn exec(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        let stmt = self.stmts.prep(self.tx, sql)?;
        Ok(self.tx.execute(&stmt, params)?)
    }

    fn rows(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<postgres::Row>> {
        let stmt = self.stmts.prep(self.tx, sql)?;
        Ok(self.tx.query(&stmt, params)?)
    }

    fn search_ids(&mut self, search: &CandidateSearch) -> Result<Vec<String>> {
        let mut ids: Vec<String> = Vec::new();
        {
            let types: Vec<String> = search.types.iter().map(|t| t.to_string()).collect();
            let mut ps: Vec<Box<dyn ToSql + Sync>> = vec![Box::new(types)];
            let mut base = "event_type = ANY($1)".to_string();
            if let Some(country) = &search.country {
                ps.push(Box::new(country.clone()));
                base.push_str(&format!(" AND m_country IN ('', ${})", ps.len()));
            }
            let mut parts: Vec<String> = Vec::new();
            for br in &search.branches {
                let mut arg = |v: Box<dyn ToSql + Sync>| {
                    ps.push(v);
                    format!("${}", ps.len())
                };
                let place = br.place.sql(
                    &mut |v| {
                        arg(match v {
                            SqlValue::Real(x) => Box::new(x),
                            SqlValue::Int(x) => Box::new(x),
                            SqlValue::Text(x) => Box::new(x),
                        })
                    },
                    &|col, on| {
                        if on {
                            col.to_string()
                        } else {
                            format!("NOT {col}")
                        }
                    },
                );
                let (lo, hi) = (arg(Box::new(br.lo)), arg(Box::new(br.hi)));
                for (class, lower) in start_bounds(br.lo).into_iter().enumerate() {
                    let start = match lower {
                        Some(l) => format!("BETWEEN {} AND {hi}", arg(Box::new(l))),
                        None => format!("<= {hi}"),
                    };
                    parts.push(format!(
                    "SELECT id FROM claims WHERE {base} AND {place} AND span_class = {class} AND match_start {start} AND match_end >= {lo}"
                ));
                }
            }
            // The events of the matching claims, distinct, in id order, at most MAX_CANDIDATES
            // (as the SQLite store does); the claim being placed has no event yet.
            let sql = format!(
                "SELECT ce.event FROM ({}) m JOIN claim_events ce ON ce.claim = m.id
             GROUP BY ce.event ORDER BY ce.event COLLATE \"C\" LIMIT {MAX_CANDIDATES}",
                parts.join(" UNION ALL ")
            );
            let refs: Vec<&(dyn ToSql + Sync)> = ps.iter().map(|b| b.as_ref()).collect();
            let st = self.stmts.prep(self.tx, &sql)?;
            for r in self.tx.query(&st, &refs)? {
                ids.push(r.get(0));
            }
        }
        Ok(ids)
    }

    /// Locks the events `FOR UPDATE` (a concurrent merge into one of them waits and is
    /// then seen), follows the ids a concurrent transaction merged into another event while
    /// we waited, and loads them.
    fn lock_and_load(&mut self, ids: &[String]) -> Result<Vec<MergedEvent>> {
        // Lock in id order; statements after the lock see what a concurrent merge committed.
        let lock = self.stmts.prep(
            self.tx,
            "SELECT id FROM events WHERE id = ANY($1) ORDER BY id COLLATE \"C\" FOR UPDATE",
        )?;
        let alias = self.stmts.prep(
            self.tx,
            "SELECT DISTINCT event FROM event_aliases WHERE alias = ANY($1)",
        )?;
        let mut locked: Vec<String> = Vec::new();
        let mut want = ids.to_vec();
        // Candidates absorbed by a concurrent merge are followed to the event that took them
        // (a chain is followed at most a few steps; each step locks what it found).
        for _ in 0..4 {
            let got: Vec<String> = self
                .tx
                .query(&lock, &[&want])?
                .iter()
                .map(|r| r.get(0))
                .collect();
            let missing: Vec<String> = want.iter().filter(|w| !got.contains(w)).cloned().collect();
            locked.extend(got);
            if missing.is_empty() {
                break;
            }
            want = self
                .tx
                .query(&alias, &[&missing])?
                .iter()
                .map(|r| r.get::<_, String>(0))
                .filter(|e| !locked.contains(e))
                .collect();
            if want.is_empty() {
                break;
            }
        }
        locked.sort();
        locked.dedup();
        load_many(self.tx, self.stmts, &locked)
    }
}

impl IngestStorage for PgTx<'_, '_> {
    fn find_document(
        &mut self,
        content_hash: &str,
    ) -> sitrep_store::Result<Option<StoredDocument>> {
        let rows = st(self.rows(
            "SELECT id, doc_id, published FROM documents WHERE content_hash = $1",
            &[&content_hash],
        ))?;
        Ok(rows.first().map(|r| StoredDocument {
            row: r.get(0),
            doc_id: r.get(1),
            published: r.get(2),
        }))
    }

    fn doc_id_taken(&mut self, doc_id: &str) -> sitrep_store::Result<bool> {
        Ok(!st(self.rows(
            "SELECT 1 FROM documents WHERE doc_id = $1 LIMIT 1",
            &[&doc_id],
        ))?
        .is_empty())
    }

    fn insert_document(
        &mut self,
        meta: &DocMeta,
        content_hash: &str,
        text: &str,
    ) -> sitrep_store::Result<Option<i64>> {
        // A concurrent transaction storing the same text makes this wait, then do nothing.
        let rows = st(self.rows(
            "INSERT INTO documents (doc_id, content_hash, title, url, published, source, text)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (content_hash) DO NOTHING RETURNING id",
            &[
                &meta.id,
                &content_hash,
                &meta.title,
                &meta.url,
                &meta.published,
                &meta.source,
                &text,
            ],
        ))?;
        Ok(rows.first().map(|r| r.get(0)))
    }

    fn update_document(&mut self, row: i64, meta: &DocMeta) -> sitrep_store::Result<()> {
        st(self.exec(
            "UPDATE documents SET title = $2, url = $3, published = $4, source = $5 WHERE id = $1",
            &[&row, &meta.title, &meta.url, &meta.published, &meta.source],
        ))?;
        Ok(())
    }

    fn finish_document(
        &mut self,
        row: i64,
        meta: &DocMeta,
        content_hash: &str,
        claims: usize,
        status: &str,
    ) -> sitrep_store::Result<()> {
        let n = claims as i32;
        st(self.exec(
            "UPDATE documents SET n_claims = $2 WHERE id = $1",
            &[&row, &n],
        ))?;
        st(self.exec(
            "INSERT INTO ingest_log (doc_id, content_hash, document, status, claims)
             VALUES ($1, $2, $3, $4, $5)",
            &[&meta.id, &content_hash, &row, &status, &n],
        ))?;
        Ok(())
    }

    fn claim_exists(&mut self, id: &str) -> sitrep_store::Result<bool> {
        Ok(!st(self.rows("SELECT 1 FROM claims WHERE id = $1", &[&id]))?.is_empty())
    }

    fn insert_claim(&mut self, doc_row: i64, claim: &Claim) -> sitrep_store::Result<()> {
        if !st(insert_claim(self.tx, self.stmts, doc_row, claim))? {
            return Err(StoreError::Internal(format!(
                "claim {} exists already",
                claim.id
            )));
        }
        Ok(())
    }

    fn link_claim(&mut self, claim: &str, event: &str) -> sitrep_store::Result<()> {
        st(self.exec(
            "INSERT INTO claim_events (claim, event) VALUES ($1, $2)",
            &[&claim, &event],
        ))?;
        Ok(())
    }

    fn search(&mut self, search: &CandidateSearch) -> sitrep_store::Result<Vec<String>> {
        st(self.search_ids(search))
    }

    fn load_events(&mut self, ids: &[String]) -> sitrep_store::Result<Vec<MergedEvent>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        st(self.lock_and_load(ids))
    }

    fn create_event(&mut self, ev: &MergedEvent) -> sitrep_store::Result<()> {
        st(save_event(self.tx, self.stmts, ev, true)).map(|_| ())
    }

    fn write_event(
        &mut self,
        ev: &MergedEvent,
        _created: bool,
    ) -> sitrep_store::Result<EventSummary> {
        // The row exists since `create_event`.
        st(save_event(self.tx, self.stmts, ev, false))
    }

    fn absorb_event(&mut self, into: &str, gone: &str) -> sitrep_store::Result<()> {
        for sql in [
            "UPDATE claim_events SET event = $1 WHERE event = $2",
            "UPDATE event_aliases SET event = $1 WHERE event = $2",
        ] {
            st(self.exec(sql, &[&into, &gone]))?;
        }
        st(delete_event_rows(self, gone))?;
        st(self.exec(
            "INSERT INTO event_aliases (alias, event) VALUES ($1, $2)
             ON CONFLICT (alias) DO UPDATE SET event = excluded.event",
            &[&gone, &into],
        ))?;
        Ok(())
    }

    fn mark_localities(&mut self, localities: &BTreeSet<String>) -> sitrep_store::Result<()> {
        // In sorted order, once per transaction.
        for l in localities {
            st(self.exec(
                "INSERT INTO dirty_localities (locality) VALUES ($1)
                 ON CONFLICT (locality) DO UPDATE SET gen = dirty_localities.gen + 1",
                &[l],
            ))?;
        }
        Ok(())
    }

    fn cache_token(&mut self) -> sitrep_store::Result<Option<i64>> {
        // Other workers change events at any time: nothing is kept across transactions.
        Ok(None)
    }

    fn document_links(&mut self, doc_row: i64) -> sitrep_store::Result<Vec<(String, String)>> {
        let rows = st(self.rows(
            "SELECT c.id, ce.event FROM claims c JOIN claim_events ce ON ce.claim = c.id
             WHERE c.document = $1 ORDER BY c.seq",
            &[&doc_row],
        ))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn document_events(&mut self, doc_id: &str) -> sitrep_store::Result<Vec<String>> {
        let rows = st(self.rows(
            "SELECT ce.event FROM documents d JOIN claims c ON c.document = d.id
             JOIN claim_events ce ON ce.claim = c.id WHERE d.doc_id = $1
             GROUP BY ce.event ORDER BY ce.event COLLATE \"C\"",
            &[&doc_id],
        ))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn dissolve_event(&mut self, id: &str) -> sitrep_store::Result<Vec<String>> {
        let rows = st(self.rows(
            "DELETE FROM event_aliases WHERE event = $1 RETURNING alias",
            &[&id],
        ))?;
        st(self.exec("DELETE FROM claim_events WHERE event = $1", &[&id]))?;
        st(delete_event_rows(self, id))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn delete_claims(&mut self, ids: &[String]) -> sitrep_store::Result<()> {
        st(self.exec("DELETE FROM claims WHERE id = ANY($1)", &[&ids]))?;
        Ok(())
    }

    fn event_of_claim(&mut self, claim: &str) -> sitrep_store::Result<Option<String>> {
        let rows = st(self.rows("SELECT event FROM claim_events WHERE claim = $1", &[&claim]))?;
        Ok(rows.first().map(|r| r.get(0)))
    }

    fn set_alias(&mut self, alias: &str, event: &str) -> sitrep_store::Result<()> {
        st(self.exec(
            "INSERT INTO event_aliases (alias, event) VALUES ($1, $2)
             ON CONFLICT (alias) DO UPDATE SET event = excluded.event",
            &[&alias, &event],
        ))?;
        Ok(())
    }

    fn lock_claims(&mut self, claims: &[&Claim]) -> sitrep_store::Result<()> {
        let mut keys = locks::LockKeys::new();
        for c in claims {
            locks::add_claim(&mut keys, c.doc.published, &c.event);
        }
        locks::acquire(self.tx, &keys).map_err(|e| StoreError::from(PgError::Db(e)))
    }
}

/// Deletes an event's row and its index rows (not its claim links).
fn delete_event_rows(t: &mut PgTx<'_, '_>, id: &str) -> Result<()> {
    for sql in [
        "DELETE FROM event_actors WHERE event = $1",
        "DELETE FROM event_localities WHERE event = $1",
        "DELETE FROM event_summaries WHERE event = $1",
        "DELETE FROM events WHERE id = $1",
    ] {
        t.exec(sql, &[&id])?;
    }
    Ok(())
}

/// Inserts a claim; `false` when a claim with that id exists already.
fn insert_claim(
    tx: &mut Transaction<'_>,
    cache: &mut StmtCache,
    docrow: i64,
    c: &Claim,
) -> Result<bool> {
    let e = &c.event;
    let r = e.date.as_ref().and_then(sitrep_picture::dates::range_of);
    let l = e.location.as_ref();
    let precision: Option<String> = e.date.as_ref().and_then(|d| {
        serde_json::to_value(d.precision)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
    });
    let json = serde_json::to_value(e)?;
    let m = ClaimIndex::of(c);
    let st = cache.prep(
        tx,
        "INSERT INTO claims (id, document, event_type, mode, date_start, date_end, date_precision,
                             country, admin1, place, geonameid, lat, lon, source, json,
                             match_start, match_end, span_class, m_country, is_region)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
         ON CONFLICT (id) DO NOTHING",
    )?;
    let n = tx.execute(
        &st,
        &[
            &c.id,
            &docrow,
            &e.event_type.as_str(),
            &e.mode,
            &r.map(|r| r.start),
            &r.map(|r| r.end),
            &precision,
            &l.and_then(|l| l.country.clone()),
            &l.and_then(|l| l.admin1.clone()),
            &l.map(|l| l.name.clone()),
            &l.and_then(|l| l.geonameid.map(|g| g as i64)),
            &l.and_then(|l| l.lat),
            &l.and_then(|l| l.lon),
            &c.attributed_source(),
            &json,
            &m.match_start,
            &m.match_end,
            &(m.span_class as i16),
            &m.country,
            &m.is_region,
        ],
    )?;
    Ok(n == 1)
}

/// Loads one merged event with its claims in claim insertion order.
pub(crate) fn load_merged<C: GenericClient>(c: &mut C, id: &str) -> Result<Option<MergedEvent>> {
    let mut cache = StmtCache::default();
    Ok(load_many(c, &mut cache, &[id.to_string()])?.pop())
}

/// Loads merged events (in the order of `ids`; unknown ids are left out), each with its
/// claims in claim insertion order.
pub(crate) fn load_many<C: GenericClient>(
    c: &mut C,
    cache: &mut StmtCache,
    ids: &[String],
) -> Result<Vec<MergedEvent>> {
    let st = cache.prep(
        c,
        "SELECT ce.event, c.id, c.json::text, d.doc_id, d.title, d.url, d.published, d.source
         FROM claim_events ce JOIN claims c ON c.id = ce.claim JOIN documents d ON d.id = c.document
         WHERE ce.event = ANY($1) ORDER BY c.seq",
    )?;
    let mut by_event: HashMap<String, Vec<Claim>> = HashMap::new();
    for r in c.query(&st, &[&ids])? {
        // Parsed from text straight into the event (no intermediate JSON value).
        let json: &str = r.get(2);
        let event: Event = serde_json::from_str(json)?;
        by_event.entry(r.get(0)).or_default().push(Claim {
            id: r.get(1),
            doc: DocMeta {
                id: r.get(3),
                title: r.get(4),
                url: r.get(5),
                published: r.get(6),
                source: r.get(7),
            },
            event,
        });
    }
    Ok(ids
        .iter()
        .filter_map(|id| {
            by_event.remove(id).map(|claims| {
                let mut ev = MergedEvent {
                    id: id.clone(),
                    claims,
                };
                ev.canonicalize();
                ev
            })
        })
        .collect())
}

/// Inserts or updates the event row and its index rows; returns the summary.
pub(crate) fn save_event(
    tx: &mut Transaction<'_>,
    cache: &mut StmtCache,
    ev: &MergedEvent,
    is_new: bool,
) -> Result<EventSummary> {
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
    let values: [&(dyn ToSql + Sync); 20] = [
        &ev.id,
        &s.event_type.as_str(),
        &s.mode,
        &ds,
        &de,
        &ms,
        &me,
        &s.country().unwrap_or_default(),
        &l.and_then(|l| l.admin1.clone()),
        &place,
        &l.and_then(|l| l.geonameid.map(|g| g as i64)),
        &l.and_then(|l| l.lat),
        &l.and_then(|l| l.lon),
        &l.map(sitrep_picture::geo::is_region).unwrap_or(false),
        &(s.claim_count as i32),
        &s.disputed,
        &(s.fatalities() as i64),
        &coarse,
        &s.ceasefire,
        &sitrep_text::fold::fold_search(&fts_body(&s)),
    ];
    if is_new {
        let st = cache.prep(
            tx,
            "INSERT INTO events (id, event_type, mode, date_start, date_end, match_start, match_end, country,
                                 admin1, place, geonameid, lat, lon, is_region, n_claims, disputed, fatalities,
                                 coarse, ceasefire, fts)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                     to_tsvector('simple', $20))",
        )?;
        tx.execute(&st, &values)?;
    } else {
        let st = cache.prep(
            tx,
            "UPDATE events SET event_type = $2, mode = $3, date_start = $4, date_end = $5, match_start = $6,
                 match_end = $7, country = $8, admin1 = $9, place = $10, geonameid = $11, lat = $12, lon = $13,
                 is_region = $14, n_claims = $15, disputed = $16, fatalities = $17, coarse = $18,
                 ceasefire = $19, fts = to_tsvector('simple', $20)
             WHERE id = $1",
        )?;
        tx.execute(&st, &values)?;
    }
    let summary_json = serde_json::to_value(&s)?;
    let st = cache.prep(
        tx,
        "INSERT INTO event_summaries (event, summary) VALUES ($1, $2)
         ON CONFLICT (event) DO UPDATE SET summary = excluded.summary",
    )?;
    tx.execute(&st, &[&ev.id, &summary_json])?;
    index_event(tx, cache, &ev.id, &s, site_relevant(ev, &s))?;
    Ok(s)
}

/// Actor and locality index rows of one event.
fn index_event(
    tx: &mut Transaction<'_>,
    cache: &mut StmtCache,
    id: &str,
    s: &EventSummary,
    site_relevant: bool,
) -> Result<()> {
    let (mut roles, mut names, mut keys, mut countries) = (vec![], vec![], vec![], vec![]);
    for (role, list) in [("actor", &s.actors), ("recipient", &s.recipients)] {
        for e in list.iter() {
            let name = sitrep_picture::actors::display_name(e);
            if !name.is_empty() {
                roles.push(role.to_string());
                keys.push(name.to_lowercase());
                names.push(name);
                countries.push(e.country.clone());
            }
        }
    }
    // The first name of each (role, lower-case name) wins, as with INSERT OR IGNORE.
    let st = cache.prep(tx, "DELETE FROM event_actors WHERE event = $1")?;
    tx.execute(&st, &[&id])?;
    let st = cache.prep(
        tx,
        "INSERT INTO event_actors (event, role, name, name_key, country)
         SELECT DISTINCT ON (r, k) $1, r, n, k, c
         FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS u(r, n, k, c, i)
         ORDER BY r, k, i",
    )?;
    tx.execute(&st, &[&id, &roles, &names, &keys, &countries])?;
    let locality = s
        .location
        .as_ref()
        .and_then(locality_of)
        .filter(|_| site_relevant);
    let st = cache.prep(tx, "DELETE FROM event_localities WHERE event = $1")?;
    tx.execute(&st, &[&id])?;
    if let Some(loc) = locality {
        let st = cache.prep(
            tx,
            "INSERT INTO event_localities (locality, event) VALUES ($1, $2)",
        )?;
        tx.execute(&st, &[&loc, &id])?;
    }
    Ok(())
}

/// Rebuilds the sites of the dirty localities in one transaction. With `wait` false it
/// returns 0 at once when another session is rebuilding.
pub(crate) fn flush_sites(c: &mut Client, wait: bool) -> Result<usize> {
    let pending = c
        .query_opt("SELECT 1 FROM dirty_localities LIMIT 1", &[])?
        .is_some();
    if !pending {
        return Ok(0);
    }
    let mut tx = c.transaction()?;
    if wait {
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SITES_LOCK])?;
    } else {
        let got: bool = tx
            .query_one("SELECT pg_try_advisory_xact_lock($1)", &[&SITES_LOCK])?
            .get(0);
        if !got {
            return Ok(0);
        }
    }
    let dirty: Vec<(String, i64)> = tx
        .query(
            "SELECT locality, gen FROM dirty_localities ORDER BY locality",
            &[],
        )?
        .into_iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let localities: BTreeSet<String> = dirty.iter().map(|(l, _)| l.clone()).collect();
    rebuild_sites(&mut tx, &localities)?;
    for (l, gen) in &dirty {
        // A locality marked again meanwhile keeps its (newer) mark.
        tx.execute(
            "DELETE FROM dirty_localities WHERE locality = $1 AND gen = $2",
            &[l, gen],
        )?;
    }
    tx.commit()?;
    Ok(dirty.len())
}

/// Rebuilds the sites of the given localities from their site-relevant events.
fn rebuild_sites(tx: &mut Transaction<'_>, localities: &BTreeSet<String>) -> Result<()> {
    let mut cache = StmtCache::default();
    for loc in localities {
        let ids: Vec<String> = tx
            .query(
                "SELECT event FROM event_localities WHERE locality = $1 ORDER BY event COLLATE \"C\"",
                &[loc],
            )?
            .into_iter()
            .map(|r| r.get(0))
            .collect();
        let evs = load_many(tx, &mut cache, &ids)?;
        tx.execute(
            "DELETE FROM site_control WHERE site IN (SELECT id FROM sites WHERE locality = $1)",
            &[loc],
        )?;
        tx.execute("DELETE FROM sites WHERE locality = $1", &[loc])?;
        for site in build_sites(&evs) {
            tx.execute("DELETE FROM site_control WHERE site = $1", &[&site.id])?;
            tx.execute("DELETE FROM sites WHERE id = $1", &[&site.id])?;
            let json = serde_json::to_value(&site)?;
            tx.execute(
                "INSERT INTO sites (id, locality, name, kind, country, admin1, town, lat, lon, controller, last_change, json)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                &[
                    &site.id,
                    loc,
                    &site.name,
                    &site.kind,
                    &site.country,
                    &site.admin1,
                    &site.town,
                    &site.lat,
                    &site.lon,
                    &site.controller.join("; "),
                    &site.last_change,
                    &json,
                ],
            )?;
            for (i, c) in site.control.iter().enumerate() {
                tx.execute(
                    "INSERT INTO site_control (site, seq, date, from_actors, to_actors, how, event, disputed)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    &[
                        &site.id,
                        &(i as i32),
                        &c.date,
                        &c.from.join("; "),
                        &c.to.join("; "),
                        &c.how,
                        &c.event_id,
                        &c.disputed,
                    ],
                )?;
            }
        }
    }
    Ok(())
}

/// Fills the matching columns of claims stored before schema v2 (one transaction).
pub(crate) fn backfill_claims(c: &mut Client) -> Result<usize> {
    let mut tx = c.transaction()?;
    let rows = tx.query(
        "SELECT c.id, c.json::text, d.published FROM claims c JOIN documents d ON d.id = c.document
         WHERE c.match_start IS NULL",
        &[],
    )?;
    let up = tx.prepare(
        "UPDATE claims SET match_start = $2, match_end = $3, span_class = $4, m_country = $5,
             is_region = $6
         WHERE id = $1",
    )?;
    let mut n = 0;
    for r in rows {
        let json: &str = r.get(1);
        let claim = Claim {
            id: r.get(0),
            doc: DocMeta {
                published: r.get(2),
                ..DocMeta::default()
            },
            event: serde_json::from_str(json)?,
        };
        let m = ClaimIndex::of(&claim);
        n += tx.execute(
            &up,
            &[
                &claim.id,
                &m.match_start,
                &m.match_end,
                &(m.span_class as i16),
                &m.country,
                &m.is_region,
            ],
        )?;
    }
    tx.commit()?;
    Ok(n as usize)
}
