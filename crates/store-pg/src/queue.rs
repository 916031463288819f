//! The work queue: pending documents in `queue`, finished ones in `queue_done` and
//! `queue_failed`, workers in `workers`.
//!
//! A claim sets `claimed_by` and `claimed_at` on up to `n` pending rows chosen with
//! `FOR UPDATE SKIP LOCKED` (so concurrent claimers never wait for or take each other's
//! rows). A claim whose `claimed_at` is older than the lease is abandoned (its worker died or
//! lost its connection) and can be claimed again. Completion re-checks ownership under a row
//! lock in the transaction that stores the document, so an item is stored at most once, and
//! since it leaves `queue` only in that transaction, at least once.

use crate::{PgError, Result};
use postgres::{Client, Transaction};
use serde::Serialize;
use sitrep_model::Document;
use std::time::Duration;

/// Rows per enqueue statement.
const ENQUEUE_CHUNK: usize = 500;

/// One claimed item.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: i64,
    pub doc_id: String,
    /// `Err` with the reason when the stored JSON is not a document.
    pub doc: std::result::Result<Document, String>,
    pub attempts: i32,
}

/// Adds documents to the queue in chunks; returns how many were queued.
pub fn enqueue<'a>(c: &mut Client, docs: impl IntoIterator<Item = &'a Document>) -> Result<usize> {
    let mut n = 0usize;
    let mut ids: Vec<String> = Vec::with_capacity(ENQUEUE_CHUNK);
    let mut jsons: Vec<serde_json::Value> = Vec::with_capacity(ENQUEUE_CHUNK);
    let flush = |c: &mut Client, ids: &mut Vec<String>, jsons: &mut Vec<serde_json::Value>| {
        if ids.is_empty() {
            return Ok::<usize, PgError>(0);
        }
        let k = c.execute(
            "INSERT INTO queue (doc_id, doc) SELECT * FROM UNNEST($1::text[], $2::jsonb[])",
            &[&*ids, &*jsons],
        )?;
        ids.clear();
        jsons.clear();
        Ok(k as usize)
    };
    for d in docs {
        ids.push(d.id.clone());
        jsons.push(serde_json::to_value(d)?);
        if ids.len() >= ENQUEUE_CHUNK {
            n += flush(c, &mut ids, &mut jsons)?;
        }
    }
    n += flush(c, &mut ids, &mut jsons)?;
    Ok(n)
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// Claims up to `n` items for `worker`: unclaimed ones, ones whose lease expired, and ones
/// this worker claimed before (after a reconnect). Commits at once.
pub fn claim(c: &mut Client, worker: &str, n: usize, lease: Duration) -> Result<Vec<Item>> {
    let rows = c.query(
        "WITH c AS (
             SELECT id FROM queue
             WHERE claimed_at IS NULL OR claimed_by = $1
                OR claimed_at < now() - make_interval(secs => $3)
             ORDER BY id LIMIT $2
             FOR UPDATE SKIP LOCKED)
         UPDATE queue q SET claimed_by = $1, claimed_at = now(), attempts = q.attempts + 1
         FROM c WHERE q.id = c.id
         RETURNING q.id, q.doc_id, q.doc, q.attempts",
        &[&worker, &(n as i64), &secs(lease)],
    )?;
    let mut items: Vec<Item> = rows
        .into_iter()
        .map(|r| {
            let json: serde_json::Value = r.get(2);
            Item {
                id: r.get(0),
                doc_id: r.get(1),
                doc: serde_json::from_value(json).map_err(|e| format!("not a document: {e}")),
                attempts: r.get(3),
            }
        })
        .collect();
    items.sort_by_key(|i| i.id);
    Ok(items)
}

/// Locks the items still claimed by `worker` (in id order) and returns their ids; items
/// another worker took over after our lease expired, or finished, are left out.
pub(crate) fn lock_owned(tx: &mut Transaction<'_>, worker: &str, ids: &[i64]) -> Result<Vec<i64>> {
    Ok(tx
        .query(
            "SELECT id FROM queue WHERE id = ANY($1) AND claimed_by = $2 ORDER BY id FOR UPDATE",
            &[&ids, &worker],
        )?
        .into_iter()
        .map(|r| r.get(0))
        .collect())
}

/// Moves an item to `queue_done` (inside the storing transaction).
pub(crate) fn mark_done(
    tx: &mut Transaction<'_>,
    id: i64,
    worker: &str,
    outcome: &str,
    document: Option<i64>,
    claims: usize,
) -> Result<()> {
    tx.execute(
        "WITH d AS (DELETE FROM queue WHERE id = $1 RETURNING id, doc_id, enqueued_at)
         INSERT INTO queue_done (id, doc_id, document, outcome, claims, worker, enqueued_at)
         SELECT id, doc_id, $2, $3, $4, $5, enqueued_at FROM d",
        &[&id, &document, &outcome, &(claims as i32), &worker],
    )?;
    Ok(())
}

/// Moves an item to `queue_failed` with the reason.
pub(crate) fn mark_failed<C: postgres::GenericClient>(
    tx: &mut C,
    id: i64,
    worker: &str,
    reason: &str,
) -> Result<()> {
    tx.execute(
        "WITH d AS (DELETE FROM queue WHERE id = $1 RETURNING id, doc_id, doc, attempts)
         INSERT INTO queue_failed (id, doc_id, doc, reason, worker, attempts)
         SELECT id, doc_id, doc, $2, $3, attempts FROM d",
        &[&id, &reason, &worker],
    )?;
    Ok(())
}

/// Puts failed items back in the queue (all, or those whose reason contains `matching`);
/// returns how many.
pub fn requeue_failed(c: &mut Client, matching: Option<&str>) -> Result<usize> {
    let n = c.execute(
        "WITH f AS (DELETE FROM queue_failed WHERE $1::text IS NULL OR strpos(reason, $1) > 0
                    RETURNING id, doc_id, doc)
         INSERT INTO queue (id, doc_id, doc) SELECT id, doc_id, doc FROM f",
        &[&matching],
    )?;
    Ok(n as usize)
}

/// One worker as recorded in `workers`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkerInfo {
    pub id: String,
    pub host: String,
    pub pid: i32,
    pub state: String,
    pub started_at: String,
    pub last_seen: String,
    /// Seconds since the worker was last heard from.
    pub idle_secs: f64,
    pub done: i64,
    pub failed: i64,
    pub reconnects: i64,
    pub last_error: Option<String>,
}

/// Failures grouped by reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailureGroup {
    pub reason: String,
    pub count: i64,
    /// Up to five document ids.
    pub examples: Vec<String>,
}

/// What `sitrep status` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueStatus {
    /// Items waiting to be claimed (unclaimed or with an expired lease).
    pub pending: i64,
    /// Items claimed under a live lease.
    pub in_progress: i64,
    pub done: i64,
    pub failed: i64,
    /// Items finished in the last minute.
    pub done_last_minute: i64,
    pub failures: Vec<FailureGroup>,
    pub workers: Vec<WorkerInfo>,
}

pub fn status(c: &mut Client, lease: Duration) -> Result<QueueStatus> {
    let r = c.query_one(
        "SELECT
           (SELECT COUNT(*) FROM queue WHERE claimed_at IS NULL OR claimed_at < now() - make_interval(secs => $1)),
           (SELECT COUNT(*) FROM queue WHERE claimed_at >= now() - make_interval(secs => $1)),
           (SELECT COUNT(*) FROM queue_done),
           (SELECT COUNT(*) FROM queue_failed),
           (SELECT COUNT(*) FROM queue_done WHERE done_at > now() - interval '1 minute')",
        &[&secs(lease)],
    )?;
    let failures = c
        .query(
            "SELECT reason, COUNT(*), (array_agg(doc_id ORDER BY id))[1:5]
             FROM queue_failed GROUP BY reason ORDER BY COUNT(*) DESC, reason LIMIT 20",
            &[],
        )?
        .into_iter()
        .map(|r| FailureGroup {
            reason: r.get(0),
            count: r.get(1),
            examples: r.get(2),
        })
        .collect();
    let workers = c
        .query(
            "SELECT id, host, pid, state, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                    to_char(last_seen AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                    EXTRACT(EPOCH FROM now() - last_seen)::float8, done, failed, reconnects, last_error
             FROM workers ORDER BY last_seen DESC, id LIMIT 200",
            &[],
        )?
        .into_iter()
        .map(|r| WorkerInfo {
            id: r.get(0),
            host: r.get(1),
            pid: r.get(2),
            state: r.get(3),
            started_at: r.get(4),
            last_seen: r.get(5),
            idle_secs: r.get(6),
            done: r.get(7),
            failed: r.get(8),
            reconnects: r.get(9),
            last_error: r.get(10),
        })
        .collect();
    Ok(QueueStatus {
        pending: r.get(0),
        in_progress: r.get(1),
        done: r.get(2),
        failed: r.get(3),
        done_last_minute: r.get(4),
        failures,
        workers,
    })
}
