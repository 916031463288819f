//! `sitrep export`: stored events as ACLED-style CSV or GeoJSON files.

use crate::output;
use crate::{exit, Global};
use anyhow::Context;
use sitrep_picture::export::{geojson, write_acled_csv, AcledExport, AcledOptions, Excluded};
use sitrep_store::{EventQuery, SiteQuery};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Export stored events as ACLED-style CSV and/or GeoJSON.
///
/// ACLED-style CSV: ACLED's column names, one row per merged event that ACLED would code,
/// with the conservative figures and disputes in the notes; the summary line counts the
/// events left out and why (verbal, historical, negated, hypothetical, future, undated).
/// GeoJSON: a FeatureCollection of events and sites. `-` writes to standard output.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  sitrep export --acled-csv events.csv --geojson events.geojson
  sitrep export --acled-csv - --include-undated --country Syria")]
pub struct Args {
    /// Write ACLED-style CSV to this file.
    #[arg(long, value_name = "FILE")]
    pub acled_csv: Option<PathBuf>,
    /// Write GeoJSON (events and sites) to this file.
    #[arg(long, value_name = "FILE")]
    pub geojson: Option<PathBuf>,
    #[command(flatten)]
    pub acled: AcledArgs,
    #[command(flatten)]
    pub filters: super::events::Filters,
}

/// Options of the ACLED CSV (`export --acled-csv`, `events --format csv`).
#[derive(clap::Args, Debug, Clone, Copy, Default)]
pub struct AcledArgs {
    /// Give undated events (no date in the text, no publication date) a CSV row with an
    /// empty event_date and year instead of leaving them out.
    #[arg(long)]
    pub include_undated: bool,
}

impl AcledArgs {
    pub fn options(self) -> AcledOptions {
        AcledOptions {
            include_undated: self.include_undated,
        }
    }
}

/// The summary line of an ACLED export of `events` events written to `to`: the rows, and
/// the events left out with why, so that none is dropped silently.
pub fn acled_summary(export: &AcledExport, events: usize, to: &str) -> String {
    let mut line = format!(
        "sitrep: {} ACLED row{} to {to} from {events} event{}",
        export.rows,
        if export.rows == 1 { "" } else { "s" },
        if events == 1 { "" } else { "s" }
    );
    if export.left_out() > 0 {
        line.push_str(&format!("; left out: {}", export.left_out_text()));
        if export.excluded.contains_key(&Excluded::Undated) {
            line.push_str(" (--include-undated gives them a row with an empty date)");
        }
    }
    line
}

fn create(path: &PathBuf) -> anyhow::Result<Box<dyn Write>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdout().lock()));
    }
    let f = std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    Ok(Box::new(std::io::BufWriter::new(f)))
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    if args.acled_csv.is_none() && args.geojson.is_none() {
        output::error("nothing to export: give --acled-csv FILE and/or --geojson FILE");
        return Ok(ExitCode::from(exit::FAILURE));
    }
    let Some(st) = super::events::open_existing(global)? else {
        return Ok(ExitCode::from(exit::FAILURE));
    };
    let f = &args.filters;
    let q = EventQuery {
        country: f.country.clone(),
        since: f.since,
        until: f.until,
        ..Default::default()
    };
    let events = st.events(&q)?.items;
    if let Some(path) = &args.acled_csv {
        let mut w = create(path)?;
        let export = write_acled_csv(&mut w, &events, args.acled.options())
            .with_context(|| format!("writing {}", path.display()))?;
        w.flush().with_context(|| format!("writing {}", path.display()))?;
        let to = if path.as_os_str() == "-" { "standard output".to_string() } else { path.display().to_string() };
        eprintln!("{}", acled_summary(&export, events.len(), &to));
    }
    if let Some(path) = &args.geojson {
        let sites = st.sites(&SiteQuery {
            country: f.country.clone(),
            ..Default::default()
        })?;
        let mut w = create(path)?;
        serde_json::to_writer(&mut w, &geojson(&events, &sites)).with_context(|| format!("writing {}", path.display()))?;
        w.write_all(b"\n")?;
        w.flush().with_context(|| format!("writing {}", path.display()))?;
        eprintln!(
            "sitrep: {} event{} and {} site{} to {}",
            events.len(),
            if events.len() == 1 { "" } else { "s" },
            sites.len(),
            if sites.len() == 1 { "" } else { "s" },
            path.display()
        );
    }
    Ok(ExitCode::from(exit::OK))
}
