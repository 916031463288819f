//! The JSON API handlers.

use crate::error::{codes, ApiError, ApiResult};
use crate::guard::{self, Access};
use crate::App;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Value};
use sitrep_input::{ErrorKind, Format, InputError, ReadOptions, UserError};
use sitrep_model::{Document, EventType};
use sitrep_picture::report::{render_report, ReportScope};
use sitrep_picture::{DocMeta, EventSummary, Site};
use sitrep_store::pipeline::{code_each, Outcome, Pipeline};
use sitrep_store::{Cancel, EventQuery, IngestOptions, IngestOutcome, SiteQuery, StoreError};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Default and largest page sizes of list endpoints.
pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 5000;
/// Largest accepted offset.
pub const MAX_OFFSET: usize = 1_000_000_000;
/// Events a situation report covers at most.
const MAX_REPORT_EVENTS: usize = 20_000;

pub(crate) fn routes(access: Arc<Access>) -> Router<App> {
    // Writes need the token (when one is set) and a JSON content type (crate::guard).
    let write = axum::middleware::from_fn_with_state(access, guard::check_write);
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/stats", get(stats))
        .route(
            "/documents",
            get(list_documents).merge(post(post_documents).route_layer(write)),
        )
        .route("/documents/{id}", get(document))
        .route("/events", get(events))
        .route("/events/{id}", get(event))
        .route("/sites", get(sites))
        .route("/sites/{id}", get(site))
        .route("/report", get(report))
}

/// Query parameters, checked against the names an endpoint accepts.
struct Params(Vec<(String, String)>);

impl Params {
    fn new(q: Vec<(String, String)>, allowed: &[&str]) -> ApiResult<Params> {
        for (k, _) in &q {
            if !allowed.contains(&k.as_str()) {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    codes::UNKNOWN_PARAMETER,
                    format!("unknown parameter `{k}` (accepted: {})", allowed.join(", ")),
                ));
            }
        }
        Ok(Params(q))
    }

    /// The last non-empty value of a parameter.
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    fn string(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_string)
    }

    /// A `YYYY-MM-DD` date within the years sitrep accepts for publication dates.
    fn date(&self, name: &str) -> ApiResult<Option<NaiveDate>> {
        self.get(name)
            .map(|v| {
                let d = NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
                    ApiError::invalid(name, format!("`{v}` is not a YYYY-MM-DD date"))
                })?;
                if !sitrep_input::is_plausible_date(d) {
                    return Err(ApiError::invalid(
                        name,
                        format!(
                            "`{v}` is outside the years {} to {}",
                            sitrep_input::MIN_YEAR,
                            sitrep_input::MAX_YEAR
                        ),
                    ));
                }
                Ok(d)
            })
            .transpose()
    }

    fn usize(&self, name: &str, default: usize, max: usize) -> ApiResult<usize> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                Ok(_) => Err(ApiError::invalid(name, format!("at most {max}"))),
                Err(_) => Err(ApiError::invalid(
                    name,
                    format!("`{v}` is not a non-negative integer"),
                )),
            },
        }
    }

    fn bool(&self, name: &str) -> ApiResult<bool> {
        match self.get(name) {
            None => Ok(false),
            Some("true" | "1" | "yes") => Ok(true),
            Some("false" | "0" | "no") => Ok(false),
            Some(v) => Err(ApiError::invalid(
                name,
                format!("`{v}` is not true or false"),
            )),
        }
    }

    /// An ISO 3166 code, English name or demonym, as the alpha-3 code events carry.
    fn country(&self) -> ApiResult<Option<String>> {
        self.get("country")
            .map(|c| {
                sitrep_gazetteer::Countries::embedded()
                    .resolve(c)
                    .map(|country| country.iso3.clone())
                    .map_err(|e| ApiError::invalid("country", e.to_string()))
            })
            .transpose()
    }

    fn period(&self) -> ApiResult<(Option<NaiveDate>, Option<NaiveDate>)> {
        let since = self.date("since")?;
        let until = self.date("until")?;
        if let (Some(a), Some(b)) = (since, until) {
            if a > b {
                return Err(ApiError::invalid("since", "`since` is after `until`"));
            }
        }
        Ok((since, until))
    }
}

type RawQuery = Query<Vec<(String, String)>>;

fn raw(
    q: Result<RawQuery, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Vec<(String, String)>> {
    q.map(|Query(v)| v).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
            format!("malformed query string: {e}"),
        )
    })
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], crate::OPENAPI).into_response()
}

async fn stats(State(app): State<App>) -> ApiResult<Json<Value>> {
    let s = app.read(|s| Ok(s.stats()?)).await?;
    Ok(Json(json!(s)))
}

async fn list_documents(
    State(app): State<App>,
    q: Result<RawQuery, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Value>> {
    let p = Params::new(raw(q)?, &["limit", "offset"])?;
    let limit = p.usize("limit", DEFAULT_LIMIT, MAX_LIMIT)?;
    let offset = p.usize("offset", 0, MAX_OFFSET)?;
    let page = app
        .read(move |s| Ok(s.list_documents(limit, offset)?))
        .await?;
    Ok(Json(json!(page)))
}

async fn document(State(app): State<App>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let doc = app
        .read(move |s| {
            s.document_text(&id)?
                .ok_or_else(|| ApiError::not_found(format!("no document with id {id}")))
        })
        .await?;
    Ok(Json(json!(doc)))
}

/// The filters of `/api/events` (the same as `sitrep events`).
fn event_query(p: &Params) -> ApiResult<EventQuery> {
    let (since, until) = p.period()?;
    let event_type = match p.get("type") {
        None => None,
        Some(t) => Some(EventType::parse(t).ok_or_else(|| {
            ApiError::invalid(
                "type",
                format!(
                    "`{t}` is not an event type ({})",
                    EventType::ALL.map(|t| t.as_str()).join(", ")
                ),
            )
        })?),
    };
    let bbox = match p.get("bbox") {
        None => None,
        Some(b) => {
            let nums: Vec<f64> = b
                .split(',')
                .map(|x| x.trim().parse::<f64>())
                .collect::<Result<_, _>>()
                .map_err(|_| {
                    ApiError::invalid("bbox", "expected min_lon,min_lat,max_lon,max_lat")
                })?;
            match nums.as_slice() {
                [a, b, c, d] if nums.iter().all(|x| x.is_finite()) && a <= c && b <= d => {
                    Some((*a, *b, *c, *d))
                }
                _ => return Err(ApiError::invalid(
                    "bbox",
                    "expected four finite numbers min_lon,min_lat,max_lon,max_lat with min <= max",
                )),
            }
        }
    };
    let text = match p.get("q") {
        None => None,
        Some(t) if t.chars().any(char::is_alphanumeric) => Some(t.to_string()),
        Some(_) => return Err(ApiError::invalid("q", "the search has no words")),
    };
    Ok(EventQuery {
        country: p.country()?,
        since,
        until,
        event_type,
        actor: p.string("actor"),
        place: p.string("place"),
        bbox,
        text,
        disputed_only: p.bool("disputed")?,
        limit: Some(p.usize("limit", DEFAULT_LIMIT, MAX_LIMIT)?),
        offset: p.usize("offset", 0, MAX_OFFSET)?,
    })
}

const EVENT_PARAMS: &[&str] = &[
    "type", "country", "actor", "place", "since", "until", "bbox", "q", "disputed", "limit",
    "offset",
];

async fn events(
    State(app): State<App>,
    q: Result<RawQuery, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Value>> {
    let p = Params::new(raw(q)?, EVENT_PARAMS)?;
    let query = event_query(&p)?;
    let page = app.read(move |s| Ok(s.events(&query)?)).await?;
    Ok(Json(json!(page)))
}

async fn event(State(app): State<App>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let detail = app.read(move |s| Ok(s.event(&id)?)).await?;
    Ok(Json(json!(detail)))
}

async fn sites(
    State(app): State<App>,
    q: Result<RawQuery, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<Vec<Value>>> {
    let p = Params::new(raw(q)?, &["country", "place", "kind", "brief"])?;
    let query = SiteQuery {
        country: p.country()?,
        place: p.string("place"),
        kind: p.string("kind"),
    };
    let brief = p.bool("brief")?;
    let sites = app.read(move |s| Ok(s.sites(&query)?)).await?;
    Ok(Json(sites.iter().map(|s| site_json(s, brief)).collect()))
}

/// Control changes kept per site in brief listings.
const BRIEF_CONTROL: usize = 3;

/// A site as JSON; `brief` drops the event list and keeps the last control changes only
/// (the site board and the map need no more; `/api/sites/{id}` has everything).
fn site_json(s: &Site, brief: bool) -> Value {
    let mut v = json!(s);
    if brief {
        if let Some(o) = v.as_object_mut() {
            o.remove("events");
            if let Some(Value::Array(c)) = o.get_mut("control") {
                let n = c.len();
                c.drain(..n.saturating_sub(BRIEF_CONTROL));
            }
            for k in ["population"] {
                if let Some(Value::Object(c)) = o.get_mut(k) {
                    c.remove("events");
                }
            }
            if let Some(Value::Object(d)) = o.get_mut("detention") {
                for c in d.values_mut() {
                    if let Value::Object(c) = c {
                        c.remove("events");
                    }
                }
            }
        }
    }
    v
}

#[derive(Serialize)]
struct SiteTimeline {
    site: Site,
    /// The site's events in date order (the timeline).
    timeline: Vec<EventSummary>,
}

async fn site(State(app): State<App>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let out = app
        .read(move |s| {
            let site = s
                .site(&id)?
                .ok_or_else(|| ApiError::not_found(format!("no site with id {id}")))?;
            let mut timeline = Vec::with_capacity(site.events.len());
            for e in &site.events {
                match s.event(e) {
                    Ok(d) => timeline.push(d.summary),
                    Err(sitrep_store::StoreError::NotFound(_)) => {}
                    Err(err) => return Err(err.into()),
                }
            }
            timeline.sort_by(|a, b| {
                a.effective_date()
                    .cmp(&b.effective_date())
                    .then_with(|| a.id.cmp(&b.id))
            });
            Ok(SiteTimeline { site, timeline })
        })
        .await?;
    Ok(Json(json!(out)))
}

async fn report(
    State(app): State<App>,
    q: Result<RawQuery, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Response> {
    let p = Params::new(raw(q)?, &["country", "place", "since", "until", "format"])?;
    let (since, until) = p.period()?;
    let country = p.country()?;
    let html = match p.get("format") {
        None | Some("markdown" | "md") => false,
        Some("html") => true,
        Some(f) => {
            return Err(ApiError::invalid(
                "format",
                format!("`{f}` is not markdown or html"),
            ))
        }
    };
    let scope = ReportScope {
        country: country.clone(),
        place: p.string("place"),
        since,
        until,
    };
    let md = app
        .read(move |s| {
            let q = EventQuery {
                country: country.clone(),
                since,
                until,
                limit: Some(MAX_REPORT_EVENTS),
                ..EventQuery::default()
            };
            let events = s.merged_events(&q)?;
            let sites = s.sites(&SiteQuery {
                country: country.clone(),
                ..SiteQuery::default()
            })?;
            let ceasefires = s.ceasefires(country.as_deref())?;
            let mut docs: BTreeMap<String, DocMeta> = BTreeMap::new();
            for e in &events {
                for c in &e.claims {
                    docs.entry(c.doc.id.clone())
                        .or_insert_with(|| c.doc.clone());
                }
            }
            let docs: Vec<DocMeta> = docs.into_values().collect();
            Ok(render_report(&events, &sites, &ceasefires, &docs, &scope))
        })
        .await?;
    if html {
        // Raw HTML is text and only http(s) URLs are links; the response carries the
        // page's security headers (crate::guard).
        let body = sitrep_picture::report::to_html(&md);
        Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response())
    } else {
        Ok(([(header::CONTENT_TYPE, "text/markdown; charset=utf-8")], md).into_response())
    }
}

#[derive(Serialize)]
struct Stored {
    /// Document id (as stored: a clash with another text of the same id gets a suffix).
    id: String,
    /// `added`, `duplicate` (same text already stored) or `reprocessed` (same text stored
    /// with another publication date: its claims were replaced).
    status: &'static str,
    /// Line of the body the document came from.
    line: Option<u64>,
    claims: usize,
    new_events: usize,
    merged: usize,
    /// Claims beyond the per-document limit, not stored.
    #[serde(skip_serializing_if = "is_zero")]
    dropped_claims: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct Rejected {
    line: Option<u64>,
    code: &'static str,
    message: String,
}

fn input_code(e: &InputError) -> &'static str {
    match &e.kind {
        ErrorKind::Internal(_) => codes::INTERNAL,
        ErrorKind::User(u) => match u {
            UserError::TooLarge { .. } => "too_large",
            UserError::InvalidUtf8 => "invalid_utf8",
            UserError::MalformedJson(_) => "malformed_json",
            UserError::NotAnObject(_) => "not_an_object",
            UserError::BadField { .. } => "bad_field",
            UserError::MissingText => "missing_text",
            UserError::EmptyText => "empty_text",
            _ => "unreadable",
        },
    }
}

/// The id under which document row `row` is stored: the document's own id, or another
/// one for a duplicate (the first text stored) or a clash (`id#hash`).
fn stored_id(store: &dyn crate::ServerStore, row: i64, doc: &Document) -> ApiResult<String> {
    Ok(store.document_id(row)?.unwrap_or_else(|| doc.id.clone()))
}

/// How much earlier than the server's request timeout an ingest gives up, so that the
/// timeout answer is this handler's (after cancelling the ingest) and not the middleware's.
fn ingest_deadline(timeout: std::time::Duration) -> std::time::Duration {
    timeout.saturating_sub((timeout / 10).min(std::time::Duration::from_millis(500)))
}

/// Cancels the ingest when the request goes away (client gone, middleware timeout).
struct CancelOnDrop(Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// `POST /api/documents`: the body's documents are coded and stored by the ingest
/// pipeline of every entry point, in one transaction. When the request's time runs out or
/// the server shuts down, the ingest is cancelled and rolled back before the answer (503)
/// goes out: nothing is stored after it.
async fn post_documents(
    State(app): State<App>,
    q: Result<RawQuery, axum::extract::rejection::QueryRejection>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<Response> {
    let p = Params::new(raw(q)?, &["published"])?;
    let published = p.date("published")?;
    let body = body.map_err(|e| {
        let status = e.status();
        let mut err = ApiError::for_status(status);
        if status != StatusCode::PAYLOAD_TOO_LARGE {
            err.message = e.body_text();
        }
        err
    })?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::EMPTY_BODY,
            "the body is empty; send JSON Lines documents ({\"id\",\"text\",\"published\"?,...} per line)",
        ));
    }
    let max_size = app.config.max_body as u64;
    let cancel = Cancel::new();
    let _cancel_on_drop = CancelOnDrop(cancel.clone());
    let task_cancel = cancel.clone();
    let task = app.write(move |store| {
        let opts = ReadOptions {
            published,
            max_size,
            format: Some(Format::JsonLines),
        };
        let mut rejected = Vec::new();
        let mut records = Vec::new();
        for item in sitrep_input::read_bytes("body", &body, Some(Format::JsonLines), &opts) {
            match item {
                Err(e) => rejected.push(Rejected {
                    line: e.origin.line,
                    code: input_code(&e),
                    message: e.kind.to_string(),
                }),
                Ok(rec) => records.push(rec),
            }
        }
        let coder = |docs: &[&Document]| {
            let coder = sitrep_coder::Coder::embedded();
            code_each(&|d: &Document| coder.code(d), docs)
        };
        let pipeline = Pipeline {
            code: &coder,
            options: IngestOptions {
                cancel: Some(task_cancel),
                ..IngestOptions::default()
            },
        };
        let docs: Vec<&Document> = records.iter().map(|r| &r.document).collect();
        let outcomes = pipeline.store_batch(store, &docs);
        let mut stored = Vec::new();
        for (rec, outcome) in records.iter().zip(outcomes) {
            let (doc, line) = (&rec.document, rec.origin.line);
            let entry = |id, status, claims, new_events, merged, dropped_claims| Stored {
                id,
                status,
                line,
                claims,
                new_events,
                merged,
                dropped_claims,
            };
            match outcome {
                Outcome::Stored(IngestOutcome::Added {
                    document,
                    claims,
                    new_events,
                    merged,
                    dropped_claims,
                }) => stored.push(entry(
                    stored_id(store, document, doc)?,
                    "added",
                    claims,
                    new_events,
                    merged,
                    dropped_claims,
                )),
                Outcome::Stored(IngestOutcome::Reprocessed {
                    document,
                    claims,
                    new_events,
                    merged,
                    dropped_claims,
                    ..
                }) => stored.push(entry(
                    stored_id(store, document, doc)?,
                    "reprocessed",
                    claims,
                    new_events,
                    merged,
                    dropped_claims,
                )),
                Outcome::Stored(IngestOutcome::Duplicate { document }) => stored.push(entry(
                    stored_id(store, document, doc)?,
                    "duplicate",
                    0,
                    0,
                    0,
                    0,
                )),
                Outcome::StoreFailed(StoreError::Cancelled) => {
                    return Err(ingest_cancelled(
                        "the request took longer than the server allows",
                    ))
                }
                Outcome::CodingFailed(message) => {
                    let _ = store.log_failure(&doc.id, &message);
                    rejected.push(Rejected {
                        line,
                        code: codes::INTERNAL,
                        message,
                    })
                }
                Outcome::StoreFailed(e) => {
                    let _ = store.log_failure(&doc.id, &e.to_string());
                    if !e.is_user_error() {
                        // Internal (500), or a lost connection (503).
                        return Err(e.into());
                    }
                    rejected.push(Rejected {
                        line,
                        code: codes::BAD_REQUEST,
                        message: e.to_string(),
                    })
                }
                Outcome::Skipped => {}
            }
        }
        Ok((stored, rejected))
    });
    tokio::pin!(task);
    let why = tokio::select! {
        r = &mut task => return ingest_response(r?),
        _ = tokio::time::sleep(ingest_deadline(app.config.timeout)) => {
            "the request took longer than the server allows"
        }
        _ = app.shutdown.wait() => "the server is shutting down",
    };
    // Stop the ingest; a commit already under way finishes first, and then its answer is
    // the request's.
    loop {
        if cancel.cancel() {
            return Err(ingest_cancelled(why));
        }
        tokio::select! {
            r = &mut task => return ingest_response(r?),
            _ = tokio::time::sleep(std::time::Duration::from_millis(2)) => {}
        }
    }
}

/// The answer to an ingest that was cancelled before anything was committed.
fn ingest_cancelled(why: &str) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        codes::TIMEOUT,
        format!("{why}; nothing of the request was stored"),
    )
}

fn ingest_response((stored, rejected): (Vec<Stored>, Vec<Rejected>)) -> ApiResult<Response> {
    if stored.is_empty() {
        let message = match rejected.first() {
            Some(r) => format!(
                "no valid document in the body ({} rejected; first: line {}: {})",
                rejected.len(),
                r.line.map(|l| l.to_string()).unwrap_or_else(|| "?".into()),
                r.message
            ),
            None => "no document in the body".to_string(),
        };
        let body = json!({
            "code": codes::NO_VALID_DOCUMENTS,
            "message": message,
            "rejected": rejected,
        });
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
    }
    let status = if stored.iter().any(|s| s.status == "added") {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(json!({ "stored": stored, "rejected": rejected })),
    )
        .into_response())
}
