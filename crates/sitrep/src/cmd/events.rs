//! `sitrep events`: list stored (merged) events.

use crate::output;
use crate::{exit, Global};
use anyhow::Context;
use chrono::NaiveDate;
use sitrep_model::EventType;
use sitrep_picture::export::{geojson, write_acled_csv};
use sitrep_picture::figures::fmt_count;
use sitrep_picture::EventSummary;
use sitrep_store::{EventQuery, EventStore, SqliteStore};
use std::io::Write;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A compact table (newest first).
    Table,
    /// One JSON event summary per line (figures, framings, sources).
    Jsonl,
    /// ACLED-style CSV (ACLED's column names).
    Csv,
    /// A GeoJSON FeatureCollection.
    Geojson,
}

/// Filters shared by `events`, `report` and `export`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct Filters {
    /// Country: ISO 3166 code, English name or demonym (SYR, Syria, Syrian, ...).
    #[arg(long, value_name = "COUNTRY", value_parser = parse_country)]
    pub country: Option<String>,
    /// Only events on or after this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub since: Option<NaiveDate>,
    /// Only events on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub until: Option<NaiveDate>,
}

/// List stored events: claims merged across reports, newest first.
///
/// Each event shows its best figures (the most conservative well-sourced number), how
/// many claims (reports) it merges, and whether sources dispute it.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  sitrep events --country Syria --since 2026-01-01
  sitrep events --type ESCAPE --format jsonl")]
pub struct Args {
    #[command(flatten)]
    pub filters: Filters,
    /// PLOVER event type (ASSAULT, COERCE, ESCAPE, ...).
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_type)]
    pub event_type: Option<EventType>,
    /// Actor or recipient name contains this text.
    #[arg(long, value_name = "TEXT")]
    pub actor: Option<String>,
    /// Place, facility or province name contains this text.
    #[arg(long, value_name = "TEXT")]
    pub place: Option<String>,
    /// Bounding box: min_lon,min_lat,max_lon,max_lat.
    #[arg(long, value_name = "W,S,E,N", value_parser = parse_bbox, allow_hyphen_values = true)]
    pub bbox: Option<(f64, f64, f64, f64)>,
    /// Full-text search (all words must occur).
    #[arg(long, value_name = "WORDS")]
    pub text: Option<String>,
    /// Only events whose sources disagree.
    #[arg(long)]
    pub disputed: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// At most this many events (default: 50 for the table, all otherwise).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Skip this many events (paging).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    #[command(flatten)]
    pub acled: super::export::AcledArgs,
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("`{s}` is not a date of the form YYYY-MM-DD"))
}

/// A `--country` value as the ISO 3166 alpha-3 code that events and sites carry; an
/// unknown value is a usage error naming the closest countries.
pub fn parse_country(s: &str) -> Result<String, String> {
    sitrep_gazetteer::Countries::embedded()
        .resolve(s)
        .map(|c| c.iso3.clone())
        .map_err(|e| e.to_string())
}

fn parse_type(s: &str) -> Result<EventType, String> {
    EventType::parse(s).ok_or_else(|| {
        let all: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
        format!("`{s}` is not an event type; one of {}", all.join(", "))
    })
}

fn parse_bbox(s: &str) -> Result<(f64, f64, f64, f64), String> {
    let v: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("`{s}` is not four numbers min_lon,min_lat,max_lon,max_lat"))?;
    match v.as_slice() {
        [a, b, c, d] if a <= c && b <= d => Ok((*a, *b, *c, *d)),
        [_, _, _, _] => Err("bbox: min must not exceed max".into()),
        _ => Err(format!("`{s}` is not four numbers min_lon,min_lat,max_lon,max_lat")),
    }
}

/// Opens the event store named by `--db` (the one place where commands open it, so that
/// other backends plug in here). `create`: a missing SQLite file is created (ingest) rather
/// than reported.
pub fn open_store(global: &Global, create: bool) -> anyhow::Result<Option<Box<dyn EventStore>>> {
    let name = global.db.to_string_lossy();
    if sitrep_store_pg::is_postgres_url(&name) {
        return match sitrep_store_pg::open_store(&name) {
            Ok(st) => Ok(Some(st)),
            Err(e) if e.is_user_error() => {
                output::error(format!("{}: {e}", sitrep_store_pg::redact(&name)));
                Ok(None)
            }
            Err(e) => Err(anyhow::Error::new(e).context(format!("opening {}", sitrep_store_pg::redact(&name)))),
        };
    }
    if !create && !global.db.exists() {
        output::error(format!(
            "no event database at {} (run `sitrep ingest` first, or give --db PATH)",
            global.db.display()
        ));
        return Ok(None);
    }
    match SqliteStore::open(&global.db) {
        Ok(st) => Ok(Some(Box::new(st))),
        Err(e) if e.is_user_error() => {
            output::error(format!("{}: {e}", global.db.display()));
            Ok(None)
        }
        Err(e) => Err(anyhow::Error::new(e).context(format!("opening {}", global.db.display()))),
    }
}

/// Opens an existing store for a query; a missing database is a usage error, not a new
/// empty file.
pub fn open_existing(global: &Global) -> anyhow::Result<Option<Box<dyn EventStore>>> {
    open_store(global, false)
}

fn date_cell(s: &EventSummary) -> String {
    match (s.date, s.reported) {
        (Some(d), _) if d.start == d.end => d.start.to_string(),
        (Some(d), _) => format!("{}+", d.start),
        (None, Some(r)) => format!("~{r}"),
        (None, None) => "-".into(),
    }
}

fn pad(s: &str, w: usize) -> String {
    let t = output::truncate(s, w);
    let n = t.chars().count();
    format!("{t}{}", " ".repeat(w.saturating_sub(n)))
}

pub fn table_header() -> String {
    format!(
        "{} {} {} {} {} {} {} {}",
        pad("ID", 12),
        pad("DATE", 11),
        pad("TYPE/MODE", 18),
        pad("ACTOR → RECIPIENT", 36),
        pad("PLACE", 24),
        pad("FIGURES (best)", 22),
        pad("CLAIMS", 6),
        "DISPUTED"
    )
}

pub fn table_row(s: &EventSummary) -> String {
    let tm = match &s.mode {
        Some(m) if !m.is_empty() => format!("{}/{}", s.event_type, m),
        _ => s.event_type.to_string(),
    };
    let names = |v: Vec<String>| match v.as_slice() {
        [] => "-".to_string(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} +{}", rest.len()),
    };
    let who = format!("{} → {}", names(s.actor_names()), names(s.recipient_names()));
    let place = s
        .location
        .as_ref()
        .map(|l| match &l.facility {
            Some(f) => f.name.clone(),
            None => l.name.clone(),
        })
        .unwrap_or_else(|| "-".into());
    let figs = s
        .figures
        .iter()
        .map(|f| format!("{}={}{}", f.kind.as_str(), if f.approximate { "~" } else { "" }, fmt_count(f.best)))
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "{} {} {} {} {} {} {} {}",
        pad(&s.id.chars().take(12).collect::<String>(), 12),
        pad(&date_cell(s), 11),
        pad(&tm, 18),
        pad(&who, 36),
        pad(&place, 24),
        pad(if figs.is_empty() { "-" } else { &figs }, 22),
        pad(&s.claim_count.to_string(), 6),
        if s.disputed { "yes" } else { "" }
    )
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let Some(st) = open_existing(global)? else {
        return Ok(ExitCode::from(exit::FAILURE));
    };
    let limit = match (args.limit, args.format) {
        (Some(l), _) => Some(l),
        (None, Format::Table) => Some(50),
        (None, _) => None,
    };
    let q = EventQuery {
        country: args.filters.country.clone(),
        since: args.filters.since,
        until: args.filters.until,
        event_type: args.event_type,
        actor: args.actor.clone(),
        place: args.place.clone(),
        bbox: args.bbox,
        text: args.text.clone(),
        disputed_only: args.disputed,
        limit,
        offset: args.offset,
    };
    let page = match st.events(&q) {
        Ok(p) => p,
        Err(e) if e.is_user_error() => {
            output::error(&e);
            return Ok(ExitCode::from(exit::FAILURE));
        }
        Err(e) => return Err(e.into()),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Table => {
            writeln!(out, "{}", table_header())?;
            for s in &page.items {
                writeln!(out, "{}", table_row(s))?;
            }
            out.flush()?;
            let shown = page.items.len();
            eprintln!(
                "sitrep: {} of {} event{}{}",
                shown,
                page.total,
                if page.total == 1 { "" } else { "s" },
                if shown < page.total {
                    format!(" (use --offset {} for more)", page.offset + shown)
                } else {
                    String::new()
                }
            );
        }
        Format::Jsonl => {
            for s in &page.items {
                serde_json::to_writer(&mut out, s)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Csv => {
            let export = write_acled_csv(&mut out, &page.items, args.acled.options())?;
            out.flush().context("writing to standard output")?;
            eprintln!("{}", super::export::acled_summary(&export, page.items.len(), "standard output"));
        }
        Format::Geojson => {
            serde_json::to_writer_pretty(&mut out, &geojson(&page.items, &[]))?;
            out.write_all(b"\n")?;
        }
    }
    out.flush().context("writing to standard output")?;
    Ok(ExitCode::from(exit::OK))
}
