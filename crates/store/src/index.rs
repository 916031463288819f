//! Backend-independent index columns of a merged event: what the SQLite and the PostgreSQL
//! stores write beside the event's summary so their queries and candidate look-ups agree.

use chrono::NaiveDate;
use sitrep_model::EventType;
use sitrep_picture::dates::{range_of, DateRange};
use sitrep_picture::geo::is_region;
use sitrep_picture::merge::DAY_TOLERANCE;
use sitrep_picture::{Claim, EventSummary, MergedEvent};

/// Events whose claims span more than this many days are "coarse" (the `coarse` column);
/// claims whose period is longer are looked up in their own span class.
pub const COARSE_DAYS: i64 = 31;
/// Claims whose period spans more than this many days are "long" (looked up by a scan
/// without a lower bound; rare).
pub const LONG_DAYS: i64 = 400;

/// The period used for matching: the claim's resolved date, else its publication day.
pub fn claim_period(c: &Claim) -> Option<DateRange> {
    c.event
        .date
        .as_ref()
        .and_then(range_of)
        .or_else(|| c.doc.published.map(DateRange::day))
}

/// Text indexed for full-text search of an event (both stores: SQLite FTS5 indexes it as it
/// is, PostgreSQL folds it to lower case without diacritics first).
pub fn fts_body(s: &EventSummary) -> String {
    let mut parts: Vec<String> = vec![s.event_type.as_str().to_string()];
    parts.extend(s.mode.clone());
    parts.extend(s.actor_names());
    parts.extend(s.recipient_names());
    if let Some(l) = &s.location {
        parts.push(l.name.clone());
        parts.extend(l.admin1.clone());
        parts.extend(l.facility.as_ref().map(|f| f.name.clone()));
    }
    for f in &s.framings {
        // The same sentence reported by many outlets is indexed once.
        if !parts.contains(&f.evidence) {
            parts.push(f.evidence.clone());
        }
    }
    parts.extend(s.sources.clone());
    parts.join(" \n")
}

/// The matching columns of one claim row: what the candidate look-up of later claims reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimIndex {
    /// [`claim_period`].
    pub match_start: Option<NaiveDate>,
    pub match_end: Option<NaiveDate>,
    /// 0 when the period spans up to [`COARSE_DAYS`], 1 up to [`LONG_DAYS`], 2 longer.
    pub span_class: i64,
    /// ISO alpha-3, `""` when unknown.
    pub country: String,
    /// The place is a province or country (not a point).
    pub is_region: bool,
}

impl ClaimIndex {
    pub fn of(c: &Claim) -> ClaimIndex {
        let p = claim_period(c);
        let span = p.map(|p| (p.end - p.start).num_days()).unwrap_or(0);
        let loc = c.event.location.as_ref();
        ClaimIndex {
            match_start: p.map(|p| p.start),
            match_end: p.map(|p| p.end),
            span_class: i64::from(span > COARSE_DAYS) + i64::from(span > LONG_DAYS),
            country: loc
                .and_then(|l| l.country.as_deref())
                .map(|s| s.trim().to_string())
                .unwrap_or_default(),
            is_region: loc.map(is_region).unwrap_or(false),
        }
    }
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

/// Days added on both sides of a claim's period when looking for events it may merge with
/// at a nearby place (wider than any merge rule's date tolerance, which is at most
/// [`sitrep_picture::merge::UNRESOLVED_WINDOW_DAYS`] + 1).
pub const CANDIDATE_WINDOW_DAYS: i64 = 4;
/// Degrees around a claim's point when looking for candidate events (> 25 km).
pub const CANDIDATE_DEG_LAT: f64 = 0.3;
pub const CANDIDATE_DEG_LON: f64 = 0.45;
/// At most this many candidate events are compared with one claim.
pub const MAX_CANDIDATES: usize = 400;

/// The merge cluster of an event type: the types whose events a claim of this type may
/// join (a withdrawal may be the same happening as an accusation of abandoning, a seizure,
/// or a ceasefire agreement; see `sitrep_picture::merge::type_fit`).
pub fn type_cluster(t: EventType) -> Vec<&'static str> {
    use EventType::*;
    match t {
        Retreat | Accuse | Coerce | Agree => vec!["RETREAT", "ACCUSE", "COERCE", "AGREE"],
        other => vec![other.as_str()],
    }
}

/// Which places a branch of the candidate search accepts.
#[derive(Debug, Clone, PartialEq)]
pub enum PlaceFilter {
    /// Non-regional events whose point lies in the box, or events at the same GeoNames place.
    Near {
        lat: (f64, f64),
        lon: (f64, f64),
        geonameid: Option<i64>,
    },
    /// Events without a point, and regional events of the same (or no) province.
    LooseOf { admin1: Option<String> },
    /// Events of the same (or no) province, whatever their place.
    Province(String),
    /// Any place.
    Any,
}

/// A value bound into a backend's SQL.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlValue {
    Real(f64),
    Int(i64),
    Text(String),
}

impl PlaceFilter {
    /// The filter as an SQL condition over the `events` columns: `arg` binds a value and
    /// returns its placeholder (`?` or `$n`), `flag` renders a test of a boolean column
    /// (`is_region = 1` in SQLite, `is_region` in PostgreSQL).
    pub fn sql(
        &self,
        arg: &mut dyn FnMut(SqlValue) -> String,
        flag: &dyn Fn(&str, bool) -> String,
    ) -> String {
        match self {
            PlaceFilter::Near {
                lat,
                lon,
                geonameid,
            } => {
                let boxed = format!(
                    "({} AND lat BETWEEN {} AND {} AND lon BETWEEN {} AND {})",
                    flag("is_region", false),
                    arg(SqlValue::Real(lat.0)),
                    arg(SqlValue::Real(lat.1)),
                    arg(SqlValue::Real(lon.0)),
                    arg(SqlValue::Real(lon.1))
                );
                match geonameid {
                    Some(g) => format!("({boxed} OR geonameid = {})", arg(SqlValue::Int(*g))),
                    None => boxed,
                }
            }
            PlaceFilter::LooseOf { admin1: Some(a) } => format!(
                "(lat IS NULL OR ({} AND (admin1 IS NULL OR admin1 = {})))",
                flag("is_region", true),
                arg(SqlValue::Text(a.clone()))
            ),
            PlaceFilter::LooseOf { admin1: None } => {
                format!("(lat IS NULL OR {})", flag("is_region", true))
            }
            PlaceFilter::Province(a) => format!(
                "(admin1 IS NULL OR admin1 = {})",
                arg(SqlValue::Text(a.clone()))
            ),
            PlaceFilter::Any => "1 = 1".into(),
        }
    }
}

/// One branch of the candidate search: a place filter and a window that the events' match
/// periods must meet.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    pub place: PlaceFilter,
    pub lo: NaiveDate,
    pub hi: NaiveDate,
}

/// What a backend asks its `claims` table for the candidates of one claim: claims of the type
/// cluster, of the claim's country or none, meeting one of the branches (their match period
/// meets the branch window; the span class bounds where it can start). The candidates are the
/// events of those claims: looking up claims, not events, makes the result independent of how
/// an event's summary changed as claims joined it, so merging does not depend on arrival
/// order.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateSearch {
    pub types: Vec<&'static str>,
    pub country: Option<String>,
    pub branches: Vec<Branch>,
}

impl CandidateSearch {
    /// The search for a claim, or `None` when it has no period (then it can only merge
    /// with events of its own document).
    ///
    /// Mirrors `sitrep_picture::merge::claims_match`: a nearby place allows any date fit
    /// (window [`CANDIDATE_WINDOW_DAYS`]); a regional or missing place on either side needs
    /// a firm date across documents (not the publication-date proxy, not a month or year)
    /// within [`DAY_TOLERANCE`] days, so those candidates are searched with that window and
    /// only for claims with a firm date.
    pub fn for_claim(c: &Claim) -> Option<CandidateSearch> {
        let p = claim_period(c)?;
        let vague = match c.event.date.as_ref().and_then(range_of) {
            None => true,
            Some(r) => r.is_coarse(),
        };
        let widen = |days: i64| {
            (
                p.start
                    .checked_sub_signed(chrono::Duration::days(days))
                    .unwrap_or(p.start),
                p.end
                    .checked_add_signed(chrono::Duration::days(days))
                    .unwrap_or(p.end),
            )
        };
        let (lo, hi) = widen(CANDIDATE_WINDOW_DAYS);
        let (lo1, hi1) = widen(DAY_TOLERANCE);
        let loc = c.event.location.as_ref();
        let point = loc.and_then(|l| match (l.lat, l.lon) {
            (Some(a), Some(o)) if a.is_finite() && o.is_finite() && !is_region(l) => Some((a, o)),
            _ => None,
        });
        let mut branches = Vec::new();
        match (loc, point) {
            (Some(l), Some((lat, lon))) => {
                branches.push(Branch {
                    place: PlaceFilter::Near {
                        lat: (lat - CANDIDATE_DEG_LAT, lat + CANDIDATE_DEG_LAT),
                        lon: (lon - CANDIDATE_DEG_LON, lon + CANDIDATE_DEG_LON),
                        geonameid: l.geonameid.map(|g| g as i64),
                    },
                    lo,
                    hi,
                });
                if !vague {
                    branches.push(Branch {
                        place: PlaceFilter::LooseOf {
                            admin1: l.admin1.clone(),
                        },
                        lo: lo1,
                        hi: hi1,
                    });
                }
            }
            _ if !vague => branches.push(Branch {
                place: match loc.and_then(|l| l.admin1.clone()) {
                    Some(a) => PlaceFilter::Province(a),
                    None => PlaceFilter::Any,
                },
                lo: lo1,
                hi: hi1,
            }),
            _ => {}
        }
        if branches.is_empty() {
            return None;
        }
        Some(CandidateSearch {
            types: type_cluster(c.event.event_type),
            country: loc
                .and_then(|l| l.country.clone())
                .filter(|s| !s.trim().is_empty()),
            branches,
        })
    }
}

/// Lower bound of the match start of claims of each span class meeting a window starting
/// at `lo`: fine claims span at most [`COARSE_DAYS`], coarse ones at most [`LONG_DAYS`];
/// long ones have none.
pub fn start_bounds(lo: NaiveDate) -> [Option<NaiveDate>; 3] {
    let back = |d: i64| lo.checked_sub_signed(chrono::Duration::days(d));
    [back(COARSE_DAYS), back(LONG_DAYS), None]
}
