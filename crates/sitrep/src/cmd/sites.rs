//! `sitrep sites`: the situation picture.

use crate::output;
use crate::{exit, Global};
use anyhow::Context;
use sitrep_picture::figures::fmt_count;
use sitrep_picture::sites::Count;
use sitrep_store::SiteQuery;
use std::io::Write;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table of sites, then the ceasefires.
    Table,
    /// `{"sites": [...], "ceasefires": [...]}` with every figure's sources and events.
    Json,
    /// A GeoJSON FeatureCollection of the sites.
    Geojson,
}

/// Show the situation picture: sites, who controls them, detainees, ceasefires.
///
/// Sites (prisons, camps, bases, towns, ...) with who controls them, detention figures
/// (escaped, recaptured, still at large), population and the last change; and ceasefires
/// with the violations reported since.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  sitrep sites --country Syria
  sitrep sites --kind prison --format json")]
pub struct Args {
    /// Country: ISO 3166 code, English name or demonym (SYR, Syria, Syrian, ...).
    #[arg(long, value_name = "COUNTRY", value_parser = super::events::parse_country)]
    pub country: Option<String>,
    /// Site, town or province name contains this text.
    #[arg(long, value_name = "TEXT")]
    pub place: Option<String>,
    /// Site kind (prison, camp, airbase, town, city, region, ...).
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

fn count(c: &Option<Count>) -> String {
    match c {
        None => "-".into(),
        Some(c) => format!(
            "{}{}{}",
            if c.approximate { "~" } else { "" },
            fmt_count(c.value),
            if c.disputed { "*" } else { "" }
        ),
    }
}

fn pad(s: &str, w: usize) -> String {
    let t = output::truncate(s, w);
    let n = t.chars().count();
    format!("{t}{}", " ".repeat(w.saturating_sub(n)))
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let Some(st) = super::events::open_existing(global)? else {
        return Ok(ExitCode::from(exit::FAILURE));
    };
    let q = SiteQuery {
        country: args.country.clone(),
        place: args.place.clone(),
        kind: args.kind.clone(),
    };
    let sites = st.sites(&q)?;
    let ceasefires = st.ceasefires(args.country.as_deref())?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &serde_json::json!({"sites": sites, "ceasefires": ceasefires}))?;
            out.write_all(b"\n")?;
        }
        Format::Geojson => {
            serde_json::to_writer_pretty(&mut out, &sitrep_picture::export::geojson(&[], &sites))?;
            out.write_all(b"\n")?;
        }
        Format::Table => {
            writeln!(
                out,
                "{} {} {} {} {} {} {} {} LAST CHANGE",
                pad("SITE", 26),
                pad("KIND", 8),
                pad("PLACE", 22),
                pad("CONTROL (before → now)", 40),
                pad("ESCAPED", 8),
                pad("RECAPT.", 8),
                pad("AT LARGE", 8),
                pad("POPULATION", 18),
            )?;
            for s in &sites {
                let place = [s.town.clone(), s.admin1.clone(), s.country.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ");
                let control = if s.control.is_empty() {
                    "-".to_string()
                } else {
                    let before = if s.controller_before.is_empty() { "?".to_string() } else { s.controller_before.join(", ") };
                    let now = if s.controller.is_empty() { "unclear".to_string() } else { s.controller.join(", ") };
                    let d = if s.control.iter().any(|c| c.disputed) { " (disputed)" } else { "" };
                    format!("{before} → {now}{d}")
                };
                let pop = match &s.population {
                    None => "-".to_string(),
                    Some(c) => match (&c.text, c.approximate) {
                        (Some(t), true) => t.clone(),
                        _ => count(&s.population),
                    },
                };
                writeln!(
                    out,
                    "{} {} {} {} {} {} {} {} {}",
                    pad(&s.name, 26),
                    pad(&s.kind, 8),
                    pad(&place, 22),
                    pad(&control, 40),
                    pad(&count(&s.detention.escaped), 8),
                    pad(&count(&s.detention.recaptured), 8),
                    pad(&count(&s.detention.at_large), 8),
                    pad(&pop, 18),
                    s.last_change.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
                )?;
            }
            if !ceasefires.is_empty() {
                writeln!(out)?;
                writeln!(out, "CEASEFIRES")?;
                for c in &ceasefires {
                    let when = match (c.date, c.reported) {
                        (Some(d), _) => d.to_string(),
                        (None, Some(r)) => format!("reported {r}"),
                        (None, None) => "undated".into(),
                    };
                    writeln!(
                        out,
                        "{when}: {} (announced by {}); {} violation{} reported since",
                        c.parties.join(" / "),
                        if c.agreed_by.is_empty() { "?".to_string() } else { c.agreed_by.join(", ") },
                        c.violations.len(),
                        if c.violations.len() == 1 { "" } else { "s" }
                    )?;
                }
            }
            out.flush()?;
            eprintln!(
                "sitrep: {} site{}, {} ceasefire{} (* = sources disagree; ~ = approximate; `--format json` lists every figure's sources)",
                sites.len(),
                if sites.len() == 1 { "" } else { "s" },
                ceasefires.len(),
                if ceasefires.len() == 1 { "" } else { "s" }
            );
        }
    }
    out.flush().context("writing to standard output")?;
    Ok(ExitCode::from(exit::OK))
}
