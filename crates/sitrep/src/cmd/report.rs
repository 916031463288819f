//! `sitrep report`: a Markdown situation report with citations.

use crate::{exit, Global};
use anyhow::Context;
use sitrep_picture::report::{render_report, ReportScope};
use sitrep_store::{EventQuery, SiteQuery};
use std::io::Write;
use std::process::ExitCode;

/// Write a Markdown situation report for a country or place and a period.
///
/// Key developments in date order, each citing its documents (`[1]`, `[2]` with a reference
/// list), a table of sites, ceasefires, and the disputed figures and accounts.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  sitrep report --country Syria --since 2026-01-14 > sitrep.md
  sitrep report --place Hasakah")]
pub struct Args {
    #[command(flatten)]
    pub filters: super::events::Filters,
    /// Place, facility or province name contains this text.
    #[arg(long, value_name = "TEXT")]
    pub place: Option<String>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let Some(st) = super::events::open_existing(global)? else {
        return Ok(ExitCode::from(exit::FAILURE));
    };
    let f = &args.filters;
    let q = EventQuery {
        country: f.country.clone(),
        since: f.since,
        until: f.until,
        place: args.place.clone(),
        ..Default::default()
    };
    let events = st.merged_events(&q)?;
    let sites = st.sites(&SiteQuery {
        country: f.country.clone(),
        place: args.place.clone(),
        kind: None,
    })?;
    let ceasefires = st.ceasefires(f.country.as_deref())?;
    let mut doc_ids: Vec<String> = Vec::new();
    for e in &events {
        for c in &e.claims {
            if !doc_ids.contains(&c.doc.id) {
                doc_ids.push(c.doc.id.clone());
            }
        }
    }
    for s in &sites {
        let figs = [&s.detention.escaped, &s.detention.recaptured, &s.detention.released, &s.population];
        for c in figs.into_iter().flatten() {
            for r in &c.sources {
                if !doc_ids.contains(&r.doc_id) {
                    doc_ids.push(r.doc_id.clone());
                }
            }
        }
        for c in &s.control {
            for r in &c.sources {
                if !doc_ids.contains(&r.doc_id) {
                    doc_ids.push(r.doc_id.clone());
                }
            }
        }
    }
    for c in &ceasefires {
        for r in c.sources.iter().chain(c.violations.iter().flat_map(|v| v.sources.iter())) {
            if !doc_ids.contains(&r.doc_id) {
                doc_ids.push(r.doc_id.clone());
            }
        }
    }
    let docs = st.documents(&doc_ids)?;
    let scope = ReportScope {
        country: f.country.clone(),
        place: args.place.clone(),
        since: f.since,
        until: f.until,
    };
    let md = render_report(&events, &sites, &ceasefires, &docs, &scope);
    let mut out = std::io::stdout().lock();
    out.write_all(md.as_bytes()).context("writing to standard output")?;
    out.flush().context("writing to standard output")?;
    Ok(ExitCode::from(exit::OK))
}
