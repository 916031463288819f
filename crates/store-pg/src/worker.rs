//! The worker loop: claim a batch, code it outside any transaction, store it in one
//! transaction (merge locks, claims, events, queue rows moved to `queue_done`), repeat.
//!
//! A lost connection (server restart, network, `pg_terminate_backend`) is reported and the
//! worker reconnects with exponential backoff; the batch it was storing was rolled back by
//! the server, and since the worker claims its own earlier items again, nothing waits for
//! the lease. Deadlocks and serialisation failures retry the batch transaction.

use crate::ingest::flush_sites;
use crate::queue::{self, Item};
use crate::{
    connect, is_store_connection_lost, schema, store_in_tx, PgError, Result, TxHooks, Writer,
};
use postgres::{Client, Transaction};
use serde::Serialize;
use sitrep_model::{Document, Event};
use sitrep_store::ingest::ingest_with_fallback;
use sitrep_store::pipeline::{code_each, Outcome, Pipeline, Target};
use sitrep_store::{IngestOptions, IngestOutcome, StoreError};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a worker reports while it runs (the CLI prints these to standard error).
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerNotice {
    Connected {
        worker: String,
        backend_pid: i32,
    },
    /// The connection broke; the worker will reconnect.
    ConnectionLost {
        worker: String,
        error: String,
    },
    /// Reconnecting failed; the next attempt comes after `delay`.
    Reconnecting {
        worker: String,
        attempt: u32,
        delay: Duration,
        error: String,
    },
    Reconnected {
        worker: String,
        attempts: u32,
    },
    /// A deadlock or serialisation failure; the batch is stored again.
    Conflict {
        worker: String,
        attempt: u32,
        error: String,
    },
    Batch {
        worker: String,
        stored: usize,
        duplicates: usize,
        failed: usize,
        skipped: usize,
        elapsed: Duration,
    },
    Failed {
        worker: String,
        doc_id: String,
        reason: String,
    },
}

pub type Notify = Arc<dyn Fn(&WorkerNotice) + Send + Sync>;

/// How a worker runs.
#[derive(Clone)]
pub struct WorkerConfig {
    pub url: String,
    /// Worker id (recorded in `workers` and on claimed items); unique per thread.
    pub id: String,
    /// Documents per claim and per storing transaction.
    pub batch: usize,
    /// Claims older than this are abandoned and claimed again by others.
    pub lease: Duration,
    /// Sleep between claims when nothing is claimable.
    pub poll: Duration,
    /// Stop when the queue is empty (nothing pending, nothing in progress).
    pub exit_when_idle: bool,
    /// Items claimed more often than this go to `queue_failed` (a document that kills its
    /// workers must not stall the queue).
    pub max_attempts: i32,
    /// Give up reconnecting after this long.
    pub reconnect_for: Duration,
    /// Rebuild dirty sites every this many batches (and when idle).
    pub flush_every: usize,
    pub notify: Option<Notify>,
    /// Set to stop after the current batch.
    pub stop: Option<Arc<AtomicBool>>,
    /// Test hook: inside the first batch's transaction, after the first document is
    /// stored, sleep this long (to kill the worker or its connection mid-batch).
    #[doc(hidden)]
    pub pause_in_first_batch: Option<Duration>,
}

impl WorkerConfig {
    pub fn new(url: &str) -> WorkerConfig {
        WorkerConfig {
            url: url.to_string(),
            id: default_worker_id(),
            batch: 10,
            lease: Duration::from_secs(300),
            poll: Duration::from_millis(500),
            exit_when_idle: false,
            max_attempts: 5,
            reconnect_for: Duration::from_secs(300),
            flush_every: 20,
            notify: None,
            stop: None,
            pause_in_first_batch: None,
        }
    }

    fn tell(&self, n: WorkerNotice) {
        if let Some(f) = &self.notify {
            f(&n);
        }
    }

    fn stopping(&self) -> bool {
        self.stop
            .as_ref()
            .map(|s| s.load(Ordering::Relaxed))
            .unwrap_or(false)
    }
}

/// `host:pid`.
pub fn default_worker_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_string());
    format!("{host}:{}", std::process::id())
}

/// What a worker did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WorkerReport {
    /// Documents stored (new).
    pub stored: usize,
    /// Documents whose text was already stored.
    pub duplicates: usize,
    /// Items moved to `queue_failed`.
    pub failed: usize,
    /// Claimed items another worker had taken over (lease expired) or finished.
    pub skipped: usize,
    pub batches: usize,
    /// Connections lost and re-established.
    pub reconnects: usize,
    /// Batch transactions retried after a deadlock or serialisation failure.
    pub conflicts: usize,
}

impl WorkerReport {
    fn add(&mut self, o: &WorkerReport) {
        self.stored += o.stored;
        self.duplicates += o.duplicates;
        self.failed += o.failed;
        self.skipped += o.skipped;
        self.batches += o.batches;
        self.reconnects += o.reconnects;
        self.conflicts += o.conflicts;
    }
}

/// Backoff before retrying a conflicting transaction (with jitter).
pub(crate) fn conflict_backoff(attempt: u32) -> Duration {
    let base = 10u64.saturating_mul(1u64 << attempt.min(7));
    let jitter = u64::from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
            % 10,
    );
    Duration::from_millis(base.min(1000) + jitter)
}

/// Runs `threads` workers (ids `<id>-<n>`) until they stop; returns their summed report.
pub fn run_workers(
    cfg: &WorkerConfig,
    threads: usize,
    code: &(dyn Fn(&Document) -> Vec<Event> + Sync),
) -> Result<WorkerReport> {
    if threads <= 1 {
        return run_worker(cfg, code);
    }
    let results: Vec<Result<WorkerReport>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let mut c = cfg.clone();
                c.id = format!("{}-{i}", cfg.id);
                s.spawn(move || run_worker(&c, code))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(PgError::Store(sitrep_store::StoreError::Injected(
                        "a worker thread panicked".into(),
                    )))
                })
            })
            .collect()
    });
    let mut total = WorkerReport::default();
    for r in results {
        total.add(&r?);
    }
    Ok(total)
}

fn register(c: &mut Client, cfg: &WorkerConfig, report: &WorkerReport) -> Result<i32> {
    let host = cfg.id.split(':').next().unwrap_or("").to_string();
    let r = c.query_one(
        "INSERT INTO workers (id, host, pid, backend_pid, reconnects, state)
         VALUES ($1, $2, $3, pg_backend_pid(), $4, 'running')
         ON CONFLICT (id) DO UPDATE SET backend_pid = pg_backend_pid(), last_seen = now(),
             reconnects = excluded.reconnects, state = 'running'
         RETURNING backend_pid",
        &[
            &cfg.id,
            &host,
            &(std::process::id() as i32),
            &(report.reconnects as i64),
        ],
    )?;
    Ok(r.get(0))
}

fn set_state(c: &mut Client, id: &str, state: &str, error: Option<&str>) -> Result<()> {
    c.execute(
        "UPDATE workers SET state = $2, last_seen = now(), last_error = COALESCE($3, last_error)
         WHERE id = $1",
        &[&id, &state, &error],
    )?;
    Ok(())
}

/// Reconnects with exponential backoff (100 ms doubling to 10 s) for up to
/// `cfg.reconnect_for`.
fn reconnect(cfg: &WorkerConfig, first_error: &str) -> Result<Client> {
    let start = Instant::now();
    let mut delay = Duration::from_millis(100);
    let mut attempt = 0u32;
    let mut error = first_error.to_string();
    loop {
        attempt += 1;
        cfg.tell(WorkerNotice::Reconnecting {
            worker: cfg.id.clone(),
            attempt,
            delay,
            error: error.clone(),
        });
        std::thread::sleep(delay);
        match connect(&cfg.url) {
            Ok(c) => {
                cfg.tell(WorkerNotice::Reconnected {
                    worker: cfg.id.clone(),
                    attempts: attempt,
                });
                return Ok(c);
            }
            Err(e) if e.is_connection_lost() && start.elapsed() < cfg.reconnect_for => {
                error = e.to_string();
                delay = (delay * 2).min(Duration::from_secs(10));
            }
            Err(e) => return Err(e),
        }
    }
}

enum Step {
    Worked,
    Idle,
}

/// Runs one worker until the queue is empty (`exit_when_idle`), `stop` is set, or an error
/// that is not a lost connection.
pub fn run_worker(
    cfg: &WorkerConfig,
    code: &(dyn Fn(&Document) -> Vec<Event> + Sync),
) -> Result<WorkerReport> {
    let mut report = WorkerReport::default();
    let mut client = connect(&cfg.url)?;
    schema::migrate(&mut client)?;
    let pid = register(&mut client, cfg, &report)?;
    cfg.tell(WorkerNotice::Connected {
        worker: cfg.id.clone(),
        backend_pid: pid,
    });
    let mut conn = Some(client);
    let mut writer = Writer::default();
    let mut pause = cfg.pause_in_first_batch;
    let mut since_flush = 0usize;
    loop {
        if cfg.stopping() {
            break;
        }
        let c = match conn.as_mut() {
            Some(c) => c,
            None => {
                let mut c = reconnect(cfg, "connection lost")?;
                report.reconnects += 1;
                match register(&mut c, cfg, &report) {
                    Ok(pid) => {
                        cfg.tell(WorkerNotice::Connected {
                            worker: cfg.id.clone(),
                            backend_pid: pid,
                        });
                        conn = Some(c);
                        writer = Writer::default();
                    }
                    Err(e) if e.is_connection_lost() => {}
                    Err(e) => return Err(e),
                }
                continue;
            }
        };
        let res = step(c, &mut writer, cfg, code, &mut report, &mut pause).and_then(|s| {
            since_flush += 1;
            match s {
                Step::Worked => {
                    refresh_statistics(c, report.batches)?;
                    if since_flush >= cfg.flush_every.max(1) {
                        since_flush = 0;
                        flush_sites(c, false)?;
                    }
                    Ok(false)
                }
                Step::Idle => {
                    flush_sites(c, false)?;
                    if cfg.exit_when_idle {
                        let left: i64 = c.query_one("SELECT COUNT(*) FROM queue", &[])?.get(0);
                        if left == 0 {
                            // Finish the site rebuild before a batch run ends.
                            flush_sites(c, true)?;
                            return Ok(true);
                        }
                    }
                    set_state(c, &cfg.id, "idle", None)?;
                    std::thread::sleep(cfg.poll);
                    Ok(false)
                }
            }
        });
        match res {
            Ok(true) => break,
            Ok(false) => {}
            Err(e) if e.is_connection_lost() => {
                cfg.tell(WorkerNotice::ConnectionLost {
                    worker: cfg.id.clone(),
                    error: e.to_string(),
                });
                conn = None;
            }
            Err(e) => {
                let _ = set_state(c, &cfg.id, "error", Some(&e.to_string()));
                return Err(e);
            }
        }
    }
    if let Some(c) = conn.as_mut() {
        let _ = set_state(c, &cfg.id, "stopped", None);
    }
    Ok(report)
}

/// Planner statistics of the merge tables after batch 1, 2, 4, ... 1024 and then every
/// 1024 batches: a store that grows from empty would otherwise be planned as the empty
/// tables autovacuum last saw (sequential scans per claim) until autovacuum catches up.
fn refresh_statistics(c: &mut Client, batches: usize) -> Result<()> {
    if batches == 0 || !(batches.is_power_of_two() && batches <= 1024 || batches & 1023 == 0) {
        return Ok(());
    }
    c.batch_execute("ANALYZE documents, claims, claim_events, events, event_localities")?;
    Ok(())
}

fn step(
    c: &mut Client,
    writer: &mut Writer,
    cfg: &WorkerConfig,
    code: &(dyn Fn(&Document) -> Vec<Event> + Sync),
    report: &mut WorkerReport,
    pause: &mut Option<Duration>,
) -> Result<Step> {
    let items = queue::claim(c, &cfg.id, cfg.batch.max(1), cfg.lease)?;
    if items.is_empty() {
        return Ok(Step::Idle);
    }
    let started = Instant::now();
    let mut batch = BatchResult::default();
    // Items that cannot be coded: unreadable, or given up on.
    let mut docs: Vec<(&Item, &Document)> = Vec::new();
    for item in &items {
        let reason = if item.attempts > cfg.max_attempts {
            format!(
                "gave up after {} attempts (its workers died or lost their lease)",
                item.attempts - 1
            )
        } else {
            match &item.doc {
                Ok(d) => {
                    docs.push((item, d));
                    continue;
                }
                Err(reason) => reason.clone(),
            }
        };
        batch.fail(c, cfg, item, reason)?;
    }
    // The documents go through the batching loop of every entry point: coded, then stored
    // in one transaction that also moves their queue items to `queue_done`.
    let coder = |d: &[&Document]| code_each(code, d);
    let pipeline = Pipeline {
        code: &coder,
        options: IngestOptions::default(),
    };
    let refs: Vec<&Document> = docs.iter().map(|(_, d)| *d).collect();
    let outcomes = {
        let mut target = QueueTarget {
            c: &mut *c,
            writer,
            cfg,
            items: &docs,
            pause,
            conflicts: 0,
        };
        let outs = pipeline.store_batch(&mut target, &refs);
        report.conflicts += target.conflicts;
        outs
    };
    for ((item, _), outcome) in docs.iter().zip(outcomes) {
        match outcome {
            Outcome::Stored(IngestOutcome::Duplicate { .. }) => batch.duplicates += 1,
            Outcome::Stored(_) => batch.stored += 1,
            Outcome::Skipped => batch.skipped += 1,
            Outcome::CodingFailed(reason) => batch.fail(c, cfg, item, reason)?,
            Outcome::StoreFailed(e) if is_store_connection_lost(&e) => {
                // The item stays claimed by us: we claim it again after reconnecting.
                return Err(PgError::Store(e));
            }
            Outcome::StoreFailed(e) => batch.fail(c, cfg, item, format!("storing failed: {e}"))?,
        }
    }
    c.execute(
        "UPDATE workers SET failed = failed + $2, last_seen = now(), state = 'running' WHERE id = $1",
        &[&cfg.id, &(batch.failed as i64)],
    )?;
    report.stored += batch.stored;
    report.duplicates += batch.duplicates;
    report.failed += batch.failed;
    report.skipped += batch.skipped;
    report.batches += 1;
    for (doc_id, reason) in &batch.failures {
        cfg.tell(WorkerNotice::Failed {
            worker: cfg.id.clone(),
            doc_id: doc_id.clone(),
            reason: reason.clone(),
        });
    }
    cfg.tell(WorkerNotice::Batch {
        worker: cfg.id.clone(),
        stored: batch.stored,
        duplicates: batch.duplicates,
        failed: batch.failed,
        skipped: batch.skipped,
        elapsed: started.elapsed(),
    });
    Ok(Step::Worked)
}

#[derive(Default)]
struct BatchResult {
    stored: usize,
    duplicates: usize,
    failed: usize,
    skipped: usize,
    failures: Vec<(String, String)>,
}

impl BatchResult {
    /// Moves an item to `queue_failed` with the reason.
    fn fail(
        &mut self,
        c: &mut Client,
        cfg: &WorkerConfig,
        item: &Item,
        reason: String,
    ) -> Result<()> {
        queue::mark_failed(c, item.id, &cfg.id, &reason)?;
        self.failed += 1;
        self.failures.push((item.doc_id.clone(), reason));
        Ok(())
    }
}

/// The worker's storing target: a transaction that stores the coded documents of queue
/// items this worker still owns and moves the items to `queue_done`.
struct QueueTarget<'a> {
    c: &'a mut Client,
    writer: &'a mut Writer,
    cfg: &'a WorkerConfig,
    items: &'a [(&'a Item, &'a Document)],
    pause: &'a mut Option<Duration>,
    conflicts: usize,
}

struct QueueHooks<'a> {
    cfg: &'a WorkerConfig,
    ids: Vec<i64>,
    pause: &'a mut Option<Duration>,
    conflicts: &'a mut usize,
}

impl TxHooks for QueueHooks<'_> {
    fn keep(&mut self, tx: &mut Transaction<'_>, _items: usize) -> Result<Vec<bool>> {
        let owned = queue::lock_owned(tx, &self.cfg.id, &self.ids)?;
        Ok(self.ids.iter().map(|id| owned.contains(id)).collect())
    }

    fn before_commit(
        &mut self,
        tx: &mut Transaction<'_>,
        outs: &[Option<IngestOutcome>],
    ) -> Result<()> {
        let mut done = 0i64;
        for (id, out) in self.ids.iter().zip(outs) {
            let (what, document, claims) = match out {
                None => continue,
                Some(IngestOutcome::Added {
                    document, claims, ..
                }) => ("added", *document, *claims),
                Some(IngestOutcome::Reprocessed {
                    document, claims, ..
                }) => ("reprocessed", *document, *claims),
                Some(IngestOutcome::Duplicate { document }) => ("duplicate", *document, 0),
            };
            queue::mark_done(tx, *id, &self.cfg.id, what, Some(document), claims)?;
            done += 1;
        }
        tx.execute(
            "UPDATE workers SET done = done + $2, last_seen = now(), state = 'running' WHERE id = $1",
            &[&self.cfg.id, &done],
        )?;
        if let Some(d) = self.pause.take() {
            std::thread::sleep(d);
        }
        Ok(())
    }

    fn retrying(&mut self, attempt: u32, error: &StoreError) {
        *self.conflicts += 1;
        self.cfg.tell(WorkerNotice::Conflict {
            worker: self.cfg.id.clone(),
            attempt,
            error: error.to_string(),
        });
    }
}

impl Target for QueueTarget<'_> {
    fn store(
        &mut self,
        docs: &[(&Document, &[Event])],
        opts: &IngestOptions,
    ) -> Vec<std::result::Result<Option<IngestOutcome>, StoreError>> {
        let QueueTarget {
            c,
            writer,
            cfg,
            items,
            pause,
            conflicts,
        } = self;
        ingest_with_fallback(docs, |batch| {
            let ids = batch
                .iter()
                .map(|(d, _)| {
                    items
                        .iter()
                        .find(|(_, doc)| std::ptr::eq(*doc, *d))
                        .map(|(item, _)| item.id)
                        .unwrap_or(-1)
                })
                .collect();
            let mut hooks = QueueHooks {
                cfg,
                ids,
                pause,
                conflicts,
            };
            store_in_tx(c, writer, batch, opts, &mut hooks)
        })
    }
}
