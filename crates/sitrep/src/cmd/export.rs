//! `sitrep export`: stored events as ACLED-style CSV or GeoJSON files.

use crate::output;
use crate::{exit, Global};
use anyhow::Context;
use sitrep_picture::export::{geojson, write_acled_csv};
use sitrep_store::{EventQuery, SiteQuery};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Export stored events: ACLED-style CSV (ACLED's column names; one row per merged event
/// that ACLED would code, with the conservative figures and disputes in the notes) and/or a
/// GeoJSON FeatureCollection of events and sites. `-` writes to standard output.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Write ACLED-style CSV to this file.
    #[arg(long, value_name = "FILE")]
    pub acled_csv: Option<PathBuf>,
    /// Write GeoJSON (events and sites) to this file.
    #[arg(long, value_name = "FILE")]
    pub geojson: Option<PathBuf>,
    #[command(flatten)]
    pub filters: super::events::Filters,
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
        let n = write_acled_csv(&mut w, &events).with_context(|| format!("writing {}", path.display()))?;
        w.flush().with_context(|| format!("writing {}", path.display()))?;
        eprintln!(
            "sitrep: {n} ACLED rows to {} ({} events; verbal events have no ACLED type)",
            path.display(),
            events.len()
        );
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
        eprintln!("sitrep: {} events and {} sites to {}", events.len(), sites.len(), path.display());
    }
    Ok(ExitCode::from(exit::OK))
}
