//! `sitrep event ID`: one event with its claims, sources, evidence and disputes.

use crate::output;
use crate::{exit, Global};
use anyhow::Context;
use sitrep_picture::figures::fmt_count;
use std::io::Write;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text.
    Text,
    /// The summary, the merged event (every claim with its full record) and the documents.
    Json,
}

/// Show one event: its claims, sources, figures and evidence.
///
/// Every claim (report) merged into the event, who says what, the figures of each source,
/// the evidence sentences and whether sources dispute it.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  sitrep events --type ESCAPE                    # the ID column lists event ids
  sitrep event 9acd9ec9c0bf                      # an id, or a unique prefix of one")]
pub struct Args {
    /// Event id (or a unique prefix of at least 4 characters, or the id of one of its claims).
    #[arg(value_name = "ID")]
    pub id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let Some(st) = super::events::open_existing(global)? else {
        return Ok(ExitCode::from(exit::FAILURE));
    };
    let detail = match st.event(&args.id) {
        Ok(d) => d,
        Err(e) if e.is_user_error() => {
            output::error(&e);
            return Ok(ExitCode::from(exit::FAILURE));
        }
        Err(e) => return Err(e.into()),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.format == Format::Json {
        serde_json::to_writer_pretty(&mut out, &detail)?;
        out.write_all(b"\n")?;
        out.flush().context("writing to standard output")?;
        return Ok(ExitCode::from(exit::OK));
    }
    let s = &detail.summary;
    let tm = match &s.mode {
        Some(m) if !m.is_empty() => format!("{}/{}", s.event_type, m),
        _ => s.event_type.to_string(),
    };
    writeln!(out, "event {}  {tm}", s.id)?;
    if let Some(a) = &s.acled {
        writeln!(out, "ACLED:     {} / {}", a.event_type, a.sub_event_type)?;
    }
    let date = match (s.date, s.reported) {
        (Some(d), _) if d.start == d.end => format!("{} ({:?})", d.start, d.precision).to_lowercase(),
        (Some(d), _) => format!("{} to {} ({:?})", d.start, d.end, d.precision).to_lowercase(),
        (None, Some(r)) => format!("unresolved (first reported {r})"),
        (None, None) => "unresolved".into(),
    };
    writeln!(out, "date:      {date}")?;
    if let Some(l) = &s.location {
        let mut p = match &l.facility {
            Some(f) => format!("{} ({}), {}", f.name, f.kind, l.name),
            None => l.name.clone(),
        };
        for x in [&l.admin1, &l.country].into_iter().flatten() {
            p.push_str(&format!(", {x}"));
        }
        if let (Some(a), Some(o)) = (l.lat, l.lon) {
            p.push_str(&format!(" [{a:.4}, {o:.4}]"));
        }
        writeln!(out, "place:     {p} (geo precision {})", l.precision)?;
    }
    writeln!(out, "actors:    {}", join(&s.actor_names()))?;
    writeln!(out, "recipients: {}", join(&s.recipient_names()))?;
    writeln!(
        out,
        "claims:    {} from {} document{}{}",
        s.claim_count,
        s.documents.len(),
        if s.documents.len() == 1 { "" } else { "s" },
        if s.disputed { "  DISPUTED" } else { "" }
    )?;
    for f in &s.figures {
        writeln!(
            out,
            "{}: best {}{} (low {}, high {}){}",
            f.kind.as_str(),
            if f.approximate { "~" } else { "" },
            fmt_count(f.best),
            fmt_count(f.low),
            fmt_count(f.high),
            if f.disputed { ", disputed" } else { "" }
        )?;
        for g in &f.figures {
            writeln!(out, "    {} \"{}\" according to {} [{}]", fmt_count(g.value), g.text, g.attribution(), g.doc_id)?;
        }
    }
    if s.framing_disputed {
        writeln!(out, "accounts differ:")?;
        for f in &s.framings {
            let by = f.source.clone().or_else(|| f.actors.first().cloned()).unwrap_or_else(|| "?".into());
            let m = f.mode.as_deref().map(|m| format!("/{m}")).unwrap_or_default();
            writeln!(out, "    {by}: {}{m} [{}]", f.event_type, f.doc_id)?;
        }
    }
    writeln!(out)?;
    for (i, c) in detail.event.claims.iter().enumerate() {
        let doc = detail.documents.iter().find(|d| d.id == c.doc.id).unwrap_or(&c.doc);
        let mode = c.event.mode.as_deref().map(|m| format!("/{m}")).unwrap_or_default();
        writeln!(out, "claim {} {}{mode}  ({})", i + 1, c.event.event_type, c.id)?;
        let mut from = doc.id.clone();
        if let Some(t) = &doc.title {
            from.push_str(&format!(" \"{}\"", output::truncate(t, 80)));
        }
        for x in [&doc.source].into_iter().flatten() {
            from.push_str(&format!(", {x}"));
        }
        if let Some(p) = doc.published {
            from.push_str(&format!(", {p}"));
        }
        writeln!(out, "  document: {from}")?;
        if let Some(u) = &doc.url {
            writeln!(out, "  url:      {u}")?;
        }
        if let Some(src) = c.attributed_source() {
            writeln!(out, "  source:   {src}")?;
        }
        writeln!(out, "  evidence: {}", output::truncate(&c.event.evidence.text, 300))?;
    }
    out.flush().context("writing to standard output")?;
    Ok(ExitCode::from(exit::OK))
}

fn join(v: &[String]) -> String {
    if v.is_empty() {
        "-".into()
    } else {
        v.join("; ")
    }
}
