//! Read queries of the PostgreSQL store (the SQLite store's queries, in PostgreSQL SQL).

use crate::ingest::load_merged;
use crate::{PgError, Result};
use postgres::types::ToSql;
use postgres::Client;
use sitrep_picture::{build_ceasefires, Ceasefire, DocMeta, EventSummary, MergedEvent, Site};
use sitrep_store::{EventDetail, EventQuery, Page, SiteQuery, Stats, StoreError};
use sitrep_text::fold;

type Params = Vec<Box<dyn ToSql + Sync>>;

fn refs(ps: &Params) -> Vec<&(dyn ToSql + Sync)> {
    ps.iter().map(|b| b.as_ref()).collect()
}

fn like_pattern(s: &str) -> String {
    let escaped = s
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// A `to_tsquery` expression from user words: each word a lexeme, all required.
fn ts_query(text: &str) -> Option<String> {
    let folded = fold(text);
    let words: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("'{w}'"))
        .collect();
    if words.is_empty() {
        None
    } else {
        Some(words.join(" & "))
    }
}

fn user(e: StoreError) -> PgError {
    PgError::Store(e)
}

fn where_clause(q: &EventQuery) -> Result<(String, Params)> {
    let mut conds: Vec<String> = Vec::new();
    let mut ps: Params = Vec::new();
    if let Some(c) = &q.country {
        ps.push(Box::new(c.trim().to_ascii_uppercase()));
        conds.push(format!("e.country = ${}", ps.len()));
    }
    if let Some(d) = q.since {
        ps.push(Box::new(d));
        conds.push(format!("e.date_end >= ${}", ps.len()));
    }
    if let Some(d) = q.until {
        ps.push(Box::new(d));
        conds.push(format!("e.date_start <= ${}", ps.len()));
    }
    if let Some(t) = q.event_type {
        ps.push(Box::new(t.as_str().to_string()));
        conds.push(format!("e.event_type = ${}", ps.len()));
    }
    if let Some(a) = &q.actor {
        ps.push(Box::new(like_pattern(&a.to_lowercase())));
        conds.push(format!(
            "e.id IN (SELECT event FROM event_actors WHERE name_key LIKE ${} ESCAPE '\\')",
            ps.len()
        ));
    }
    if let Some(p) = &q.place {
        ps.push(Box::new(like_pattern(p)));
        let n = ps.len();
        conds.push(format!(
            "(e.place ILIKE ${n} ESCAPE '\\' OR e.admin1 ILIKE ${n} ESCAPE '\\')"
        ));
    }
    if let Some((min_lon, min_lat, max_lon, max_lat)) = q.bbox {
        if !(min_lon <= max_lon && min_lat <= max_lat) {
            return Err(user(StoreError::InvalidQuery(
                "bbox must be min_lon,min_lat,max_lon,max_lat with min <= max".into(),
            )));
        }
        let n = ps.len();
        ps.push(Box::new(min_lat));
        ps.push(Box::new(max_lat));
        ps.push(Box::new(min_lon));
        ps.push(Box::new(max_lon));
        conds.push(format!(
            "e.lat BETWEEN ${} AND ${} AND e.lon BETWEEN ${} AND ${}",
            n + 1,
            n + 2,
            n + 3,
            n + 4
        ));
    }
    if let Some(t) = &q.text {
        let tq = ts_query(t)
            .ok_or_else(|| user(StoreError::InvalidQuery("empty text search".into())))?;
        ps.push(Box::new(tq));
        conds.push(format!("e.fts @@ to_tsquery('simple', ${})", ps.len()));
    }
    if q.disputed_only {
        conds.push("e.disputed".into());
    }
    let w = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    Ok((w, ps))
}

/// (total, [(id, summary JSON)]) of one page, newest first.
fn event_page(c: &mut Client, q: &EventQuery) -> Result<(usize, Vec<(String, serde_json::Value)>)> {
    let (w, ps) = where_clause(q)?;
    let total: i64 = c
        .query_one(
            format!("SELECT COUNT(*) FROM events e{w}").as_str(),
            &refs(&ps),
        )?
        .get(0);
    let limit = match q.limit {
        Some(l) => format!(" LIMIT {l}"),
        None => String::new(),
    };
    let sql = format!(
        "SELECT e.id, s.summary FROM events e JOIN event_summaries s ON s.event = e.id{w}
         ORDER BY e.date_start DESC NULLS LAST, e.seq DESC{limit} OFFSET {}",
        q.offset
    );
    let rows = c.query(sql.as_str(), &refs(&ps))?;
    Ok((
        total.max(0) as usize,
        rows.into_iter().map(|r| (r.get(0), r.get(1))).collect(),
    ))
}

pub(crate) fn events(c: &mut Client, q: &EventQuery) -> Result<Page<EventSummary>> {
    let (total, rows) = event_page(c, q)?;
    let mut items = Vec::with_capacity(rows.len());
    for (_, json) in rows {
        items.push(serde_json::from_value(json)?);
    }
    Ok(Page {
        total,
        offset: q.offset,
        items,
    })
}

pub(crate) fn merged_events(c: &mut Client, q: &EventQuery) -> Result<Vec<MergedEvent>> {
    let (w, ps) = where_clause(q)?;
    let limit = match q.limit {
        Some(l) => format!(" LIMIT {l}"),
        None => String::new(),
    };
    let sql = format!(
        "SELECT e.id FROM events e{w} ORDER BY e.date_start DESC NULLS LAST, e.seq DESC{limit} OFFSET {}",
        q.offset
    );
    let ids: Vec<String> = c
        .query(sql.as_str(), &refs(&ps))?
        .into_iter()
        .map(|r| r.get(0))
        .collect();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(e) = load_merged(c, &id)? {
            out.push(e);
        }
    }
    Ok(out)
}

fn resolve_id(c: &mut Client, id: &str) -> Result<String> {
    let id = id.trim();
    if id.is_empty() {
        return Err(user(StoreError::InvalidQuery("empty event id".into())));
    }
    if let Some(r) = c.query_opt("SELECT id FROM events WHERE id = $1", &[&id])? {
        return Ok(r.get(0));
    }
    // An event merged into another answers to its old id.
    if let Some(r) = c.query_opt("SELECT event FROM event_aliases WHERE alias = $1", &[&id])? {
        return Ok(r.get(0));
    }
    if let Some(r) = c.query_opt("SELECT event FROM claim_events WHERE claim = $1", &[&id])? {
        return Ok(r.get(0));
    }
    if id.chars().count() < 4 {
        return Err(user(StoreError::NotFound(id.to_string())));
    }
    let found: Vec<String> = c
        .query(
            "SELECT id FROM events WHERE starts_with(id, $1) ORDER BY id LIMIT 10",
            &[&id],
        )?
        .into_iter()
        .map(|r| r.get(0))
        .collect();
    match found.as_slice() {
        [] => Err(user(StoreError::NotFound(id.to_string()))),
        [one] => Ok(one.clone()),
        many => Err(user(StoreError::AmbiguousId {
            prefix: id.to_string(),
            count: many.len(),
        })),
    }
}

pub(crate) fn event(c: &mut Client, id: &str) -> Result<EventDetail> {
    let id = resolve_id(c, id)?;
    let event = load_merged(c, &id)?.ok_or_else(|| user(StoreError::NotFound(id.clone())))?;
    let summary = event.summary();
    let documents = documents(c, &summary.documents)?;
    Ok(EventDetail {
        summary,
        event,
        documents,
    })
}

pub(crate) fn sites(c: &mut Client, q: &SiteQuery) -> Result<Vec<Site>> {
    let mut conds: Vec<String> = Vec::new();
    let mut ps: Params = Vec::new();
    if let Some(country) = &q.country {
        ps.push(Box::new(country.trim().to_ascii_uppercase()));
        conds.push(format!("country = ${}", ps.len()));
    }
    if let Some(p) = &q.place {
        ps.push(Box::new(like_pattern(p)));
        let n = ps.len();
        conds.push(format!(
            "(name ILIKE ${n} ESCAPE '\\' OR town ILIKE ${n} ESCAPE '\\' OR admin1 ILIKE ${n} ESCAPE '\\')"
        ));
    }
    if let Some(k) = &q.kind {
        ps.push(Box::new(k.trim().to_lowercase()));
        conds.push(format!("kind = ${}", ps.len()));
    }
    let w = if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    };
    let rows = c.query(
        format!("SELECT json FROM sites{w} ORDER BY country, name, id").as_str(),
        &refs(&ps),
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(serde_json::from_value(r.get(0))?);
    }
    Ok(out)
}

pub(crate) fn ceasefires(c: &mut Client, country: Option<&str>) -> Result<Vec<Ceasefire>> {
    let country = country.map(|s| s.trim().to_ascii_uppercase());
    let cfs: Vec<(String, Option<chrono::NaiveDate>)> = c
        .query(
            "SELECT id, date_start FROM events WHERE ceasefire AND ($1::text IS NULL OR country = $1)",
            &[&country],
        )?
        .into_iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    if cfs.is_empty() {
        return Ok(Vec::new());
    }
    let earliest = cfs.iter().filter_map(|(_, d)| *d).min();
    let mut ids: Vec<String> = cfs.iter().map(|(i, _)| i.clone()).collect();
    for r in c.query(
        "SELECT id FROM events WHERE event_type = 'ASSAULT'
           AND ($1::date IS NULL OR date_end >= $1)
           AND ($2::text IS NULL OR country = $2)
         ORDER BY date_start LIMIT 20000",
        &[&earliest, &country],
    )? {
        ids.push(r.get(0));
    }
    let mut evs = Vec::with_capacity(ids.len());
    for id in &ids {
        if let Some(e) = load_merged(c, id)? {
            evs.push(e);
        }
    }
    Ok(build_ceasefires(&evs))
}

pub(crate) fn documents(c: &mut Client, ids: &[String]) -> Result<Vec<DocMeta>> {
    let st = c.prepare(
        "SELECT doc_id, title, url, published, source FROM documents WHERE doc_id = $1 ORDER BY id LIMIT 1",
    )?;
    let mut out = Vec::new();
    for id in ids {
        if let Some(r) = c.query_opt(&st, &[id])? {
            out.push(DocMeta {
                id: r.get(0),
                title: r.get(1),
                url: r.get(2),
                published: r.get(3),
                source: r.get(4),
            });
        }
    }
    Ok(out)
}

pub(crate) fn stats(c: &mut Client) -> Result<Stats> {
    let r = c.query_one(
        "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM claims),
                (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM sites),
                (SELECT COALESCE(max(version), 0) FROM schema_version)",
        &[],
    )?;
    let n = |i: usize| -> usize { r.get::<_, i64>(i).max(0) as usize };
    Ok(Stats {
        documents: n(0),
        claims: n(1),
        events: n(2),
        sites: n(3),
        schema_version: r.get(4),
    })
}

pub(crate) fn check_consistency(c: &mut Client) -> Result<Vec<String>> {
    let checks = [
        ("documents with a wrong claim count", "SELECT COUNT(*) FROM documents d WHERE d.n_claims IS NULL OR d.n_claims != (SELECT COUNT(*) FROM claims c WHERE c.document = d.id)"),
        ("claims without an event", "SELECT COUNT(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM claim_events ce WHERE ce.claim = c.id)"),
        ("events without claims", "SELECT COUNT(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM claim_events ce WHERE ce.event = e.id)"),
        ("events with a wrong claim count", "SELECT COUNT(*) FROM events e WHERE e.n_claims != (SELECT COUNT(*) FROM claim_events ce WHERE ce.event = e.id)"),
        ("events without a summary", "SELECT COUNT(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM event_summaries s WHERE s.event = e.id)"),
        ("queue items both pending and done", "SELECT COUNT(*) FROM queue q WHERE EXISTS (SELECT 1 FROM queue_done d WHERE d.id = q.id)"),
    ];
    let mut problems = Vec::new();
    for (what, sql) in checks {
        let n: i64 = c.query_one(sql, &[])?.get(0);
        if n > 0 {
            problems.push(format!("{n} {what}"));
        }
    }
    Ok(problems)
}
