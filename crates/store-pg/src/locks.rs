//! Advisory locks that serialise the merging of claims that could be one happening.
//!
//! A claim can only merge with events of its type cluster whose period meets the claim's
//! period widened by the candidate window (see the candidate query in `ingest`). The merge
//! buckets are therefore (type cluster, ISO week) of the widened period, refined by country:
//!
//! - a claim with a known country X takes `week:C:X:W` exclusively and `week:C:*:W` shared;
//!   a claim with no country (it may merge with any country) takes `week:C:*:W` exclusively,
//!   so claims of different countries run in parallel and unknown-country claims wait;
//! - claims with short periods take `year:C:Y` shared; a claim whose widened period is long
//!   (month or year precision) takes `year:C:Y` exclusively for each year it spans instead of
//!   dozens of weeks (and `all:C` exclusively beyond a few years; everyone else takes it
//!   shared);
//! - the document id is locked too (two documents with the same id and different text get
//!   distinguishable ids in the same way as one after the other).
//!
//! Keys are 64-bit hashes of those names; a collision only serialises two unrelated
//! transactions. Every transaction takes all its keys at its start, in ascending key order,
//! so advisory locks cannot deadlock among themselves.

use chrono::{Datelike, Duration, NaiveDate};
use postgres::Transaction;
use sha2::{Digest, Sha256};
use sitrep_model::{Document, Event, EventType};
use sitrep_picture::dates::{range_of, DateRange};
use std::collections::BTreeMap;

/// Must be at least the store's widest candidate window.
const WINDOW_DAYS: i64 = sitrep_store::index::CANDIDATE_WINDOW_DAYS;
/// Widened periods longer than this lock years instead of weeks.
const WEEKS_MAX_DAYS: i64 = 45;
/// Widened periods spanning more years than this lock the whole cluster.
const YEARS_MAX: i32 = 3;

/// Lock keys with their mode (`true` = exclusive), in ascending key order.
pub type LockKeys = BTreeMap<i64, bool>;

fn key(name: &str) -> i64 {
    let digest = Sha256::digest(name.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(bytes)
}

fn add(keys: &mut LockKeys, name: &str, exclusive: bool) {
    let e = keys.entry(key(name)).or_insert(false);
    *e |= exclusive;
}

/// The merge cluster of an event type (types that may merge with each other share one):
/// the first type of the store's candidate type cluster.
pub(crate) fn cluster(t: EventType) -> &'static str {
    sitrep_store::index::type_cluster(t)
        .first()
        .copied()
        .unwrap_or("ANY")
}

/// The period a claim of `ev` is matched by: its resolved date, else the publication day.
pub(crate) fn period(published: Option<NaiveDate>, ev: &Event) -> Option<DateRange> {
    ev.date
        .as_ref()
        .and_then(range_of)
        .or_else(|| published.map(DateRange::day))
}

fn week_of(d: NaiveDate) -> i32 {
    d.num_days_from_ce().div_euclid(7)
}

/// The lock keys of ingesting `doc` with `events`.
pub fn lock_keys(doc: &Document, events: &[Event]) -> LockKeys {
    let mut keys = LockKeys::new();
    let hash = doc.content_hash();
    let id = if doc.id.trim().is_empty() {
        hash.get(..12).unwrap_or(&hash).to_string()
    } else {
        doc.id.clone()
    };
    add(&mut keys, &format!("doc:{id}"), true);
    for ev in events {
        add_event(&mut keys, doc, ev);
    }
    keys
}

/// Adds the keys of one claim of `doc`.
pub(crate) fn add_event(keys: &mut LockKeys, doc: &Document, ev: &Event) {
    add_claim(keys, doc.published, ev);
}

/// Adds the keys of one claim whose document was published on `published`.
pub(crate) fn add_claim(keys: &mut LockKeys, published: Option<NaiveDate>, ev: &Event) {
    // Without any period a claim is only compared with events of its own document.
    let Some(p) = period(published, ev) else {
        return;
    };
    let c = cluster(ev.event_type);
    let w = Duration::days(WINDOW_DAYS);
    let lo = p.start.checked_sub_signed(w).unwrap_or(p.start);
    let hi = p.end.checked_add_signed(w).unwrap_or(p.end);
    let (y0, y1) = (lo.year(), hi.year());
    if y1 - y0 > YEARS_MAX {
        add(keys, &format!("all:{c}"), true);
        return;
    }
    add(keys, &format!("all:{c}"), false);
    if (hi - lo).num_days() > WEEKS_MAX_DAYS {
        for y in y0..=y1 {
            add(keys, &format!("year:{c}:{y}"), true);
        }
        return;
    }
    for y in y0..=y1 {
        add(keys, &format!("year:{c}:{y}"), false);
    }
    let country = ev
        .location
        .as_ref()
        .and_then(|l| l.country.as_deref())
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty());
    for wk in week_of(lo)..=week_of(hi) {
        match &country {
            Some(x) => {
                add(keys, &format!("week:{c}:{x}:{wk}"), true);
                add(keys, &format!("week:{c}:*:{wk}"), false);
            }
            None => add(keys, &format!("week:{c}:*:{wk}"), true),
        }
    }
}

/// Takes the keys (transaction-scoped) in ascending order.
pub fn acquire(tx: &mut Transaction<'_>, keys: &LockKeys) -> Result<(), postgres::Error> {
    let excl = tx.prepare("SELECT pg_advisory_xact_lock($1)")?;
    let shared = tx.prepare("SELECT pg_advisory_xact_lock_shared($1)")?;
    for (k, exclusive) in keys {
        let st = if *exclusive { &excl } else { &shared };
        tx.execute(st, &[k])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_merge_modes_exclusive_wins() {
        let mut k = LockKeys::new();
        add(&mut k, "week:ASSAULT:*:1", false);
        add(&mut k, "week:ASSAULT:*:1", true);
        add(&mut k, "week:ASSAULT:*:1", false);
        assert_eq!(k.len(), 1);
        assert_eq!(k.values().copied().collect::<Vec<_>>(), vec![true]);
        assert_ne!(key("year:ASSAULT:2026"), key("year:ASSAULT:2025"));
    }

    #[test]
    fn weeks_are_seven_days() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 21).unwrap_or_default();
        let later = d + Duration::days(7);
        assert_eq!(week_of(later) - week_of(d), 1);
    }
}
