//! Backend-independent index columns of a merged event: what the SQLite and the PostgreSQL
//! stores write beside the event's summary so their queries and candidate look-ups agree.

use chrono::NaiveDate;
use sitrep_picture::dates::{range_of, DateRange};
use sitrep_picture::{Claim, EventSummary, MergedEvent};

/// Events whose claims span more than this many days are "coarse" (looked up apart).
pub const COARSE_DAYS: i64 = 31;

/// The period used for matching: the claim's resolved date, else its publication day.
pub fn claim_period(c: &Claim) -> Option<DateRange> {
    c.event
        .date
        .as_ref()
        .and_then(range_of)
        .or_else(|| c.doc.published.map(DateRange::day))
}

/// The derived columns of one event row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventIndex {
    /// The event's date (else the day it was reported).
    pub date_start: Option<NaiveDate>,
    pub date_end: Option<NaiveDate>,
    /// The span of every claim's matching period.
    pub match_start: Option<NaiveDate>,
    pub match_end: Option<NaiveDate>,
    /// The claims span more than [`COARSE_DAYS`].
    pub coarse: bool,
    /// "facility / town" or the place name.
    pub place: Option<String>,
}

impl EventIndex {
    pub fn of(ev: &MergedEvent, s: &EventSummary) -> EventIndex {
        let (date_start, date_end) = match (s.date, s.reported) {
            (Some(d), _) => (Some(d.start), Some(d.end)),
            (None, Some(r)) => (Some(r), Some(r)),
            (None, None) => (None, None),
        };
        let periods: Vec<DateRange> = ev.claims.iter().filter_map(claim_period).collect();
        let match_start = periods.iter().map(|p| p.start).min();
        let match_end = periods.iter().map(|p| p.end).max();
        let coarse = match (match_start, match_end) {
            (Some(a), Some(b)) => (b - a).num_days() > COARSE_DAYS,
            _ => false,
        };
        let place = s.location.as_ref().map(|l| match &l.facility {
            Some(f) => format!("{} / {}", f.name, l.name),
            None => l.name.clone(),
        });
        EventIndex {
            date_start,
            date_end,
            match_start,
            match_end,
            coarse,
            place,
        }
    }
}
