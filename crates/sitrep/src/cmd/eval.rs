//! `sitrep eval`: score the coder against reference annotations.

use crate::{exit, output, Global};
use anyhow::Context;
use rayon::prelude::*;
use sitrep_coder::Coder;
use sitrep_eval::recase::Recase;
use sitrep_eval::{case, gold, make_document, petrarch, plover, EvalError};
use sitrep_model::{Document, Event};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Score the coder against reference annotations and print a Markdown report.
///
/// `sitrep eval GOLD.json... [--article PATH]` scores hand-annotated articles (a
/// directory stands for its `gold.json`); `--case TSV`, `--plover JSON` and
/// `--petrarch XML` score the reference sets. Several may be given at once.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  sitrep eval crates/coder/tests/fixtures/shaddadi/gold.json
  sitrep eval --case case2021-task2-dev.tsv      # the CASE 2021 data is not bundled: EVALUATION.md
  sitrep eval --recase lower crates/coder/tests/fixtures/shaddadi/gold.json")]
#[command(group(
    clap::ArgGroup::new("set")
        .required(true)
        .multiple(true)
        .args(["gold", "case", "plover", "petrarch"])
))]
pub struct Args {
    /// Gold annotation files (`gold.json`), or directories holding one.
    #[arg(value_name = "GOLD.json")]
    pub gold: Vec<PathBuf>,

    /// The article a single gold file annotates (default: its `document.file`, next to it).
    #[arg(long, value_name = "PATH", requires = "gold")]
    pub article: Option<PathBuf>,

    /// CASE 2021 task 2 snippets (TSV: id, snippet, label).
    #[arg(long, value_name = "TSV")]
    pub case: Option<PathBuf>,

    /// PLOVER gold standard records (`PLOVER_GSR_CAMEO.json`).
    #[arg(long, value_name = "JSON")]
    pub plover: Option<PathBuf>,

    /// PETRARCH-2 validation sentences (`PETR2_GSR_validation.xml`).
    #[arg(long, value_name = "XML")]
    pub petrarch: Option<PathBuf>,

    /// Score a case-changed copy of every set: `lower` or `upper` changes the ASCII letters
    /// of the texts (and of the gold's verbatim span texts) before coding; offsets are kept.
    #[arg(long, value_name = "CASE", default_value = "original")]
    pub recase: Recase,

    /// Print the reports as JSON instead of Markdown.
    #[arg(long)]
    pub json: bool,

    /// Coding threads.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: u16,
}

/// Codes documents, in parallel when a pool is given; results in input order.
fn code_all(pool: &Option<rayon::ThreadPool>, docs: &[Document]) -> Vec<Vec<Event>> {
    let coder = Coder::embedded();
    match pool {
        Some(p) => p.install(|| docs.par_iter().map(|d| coder.code(d)).collect()),
        None => docs.iter().map(|d| coder.code(d)).collect(),
    }
}

/// A document whose date is read leniently (`20080804`, RFC 3339, ...) and dropped, with
/// a warning, when it cannot be read.
fn document(id: &str, text: &str, published: Option<&str>, recase: Recase) -> Result<Document, EvalError> {
    let text = &recase.apply(text);
    let iso = published.map(|p| sitrep_input::parse_published(p).map(|d| d.to_string()).unwrap_or_else(|| p.to_string()));
    let published = iso.as_deref();
    match make_document(id, text, published) {
        Ok(d) => Ok(d),
        Err(e) if published.is_some() => {
            output::warning(format!("{e}; coding without a publication date"));
            make_document(id, text, None)
        }
        Err(e) => Err(e),
    }
}

/// The gold file and article for a GOLD argument.
fn load_gold(arg: &Path, article: Option<&Path>, recase: Recase) -> Result<gold::GoldDoc, EvalError> {
    let gold_path = if arg.is_dir() { arg.join("gold.json") } else { arg.to_path_buf() };
    let json = sitrep_eval::read_file(&gold_path)?;
    let origin = gold_path.display().to_string();
    let article_path = match article {
        Some(a) => a.to_path_buf(),
        None => {
            let value: serde_json::Value = serde_json::from_str(&json)
                .map_err(|e| EvalError::Parse { file: origin.clone(), line: e.line(), message: e.to_string() })?;
            let file = value
                .get("document")
                .and_then(|d| d.get("file"))
                .and_then(|f| f.as_str())
                .unwrap_or("article.txt");
            gold_path.parent().unwrap_or(Path::new(".")).join(file)
        }
    };
    let text = sitrep_eval::read_file(&article_path)?;
    let mut parsed = gold::parse_gold(&json, &origin)?;
    recase.apply_to_gold(&mut parsed);
    gold::GoldDoc::new(parsed, recase.apply(&text), &origin)
}

struct Printer {
    json: bool,
    out: std::io::StdoutLock<'static>,
}

impl Printer {
    fn print<T: serde::Serialize + std::fmt::Display>(&mut self, report: &T) -> anyhow::Result<()> {
        if self.json {
            // One report per line (JSON Lines), whatever was asked for together.
            serde_json::to_writer(&mut self.out, report).context("writing the report")?;
            writeln!(self.out).context("writing the report")?;
        } else {
            writeln!(self.out, "{report}").context("writing the report")?;
        }
        Ok(())
    }
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    if args.article.is_some() && args.gold.len() > 1 {
        output::error("--article applies to a single GOLD file");
        return Ok(ExitCode::from(exit::FAILURE));
    }
    let pool = crate::batch::coding_pool(args.threads)?;
    let mut p = Printer { json: args.json, out: std::io::stdout().lock() };
    let mut failures = 0usize;
    let mut successes = 0usize;
    let mut fail = |e: &dyn std::fmt::Display| {
        output::error(e);
        failures += 1;
    };

    let mut reports = Vec::new();
    for g in &args.gold {
        match load_gold(g, args.article.as_deref(), args.recase).and_then(|doc| Ok((doc.document()?, doc))) {
            Ok((document, doc)) => {
                let events = code_all(&pool, std::slice::from_ref(&document)).pop().unwrap_or_default();
                reports.push(gold::score(&doc, &events));
            }
            Err(e) => fail(&e),
        }
    }
    successes += reports.len();
    if reports.len() > 1 {
        // The summary holds every document's report: in JSON it is printed alone.
        if !p.json {
            for r in &reports {
                p.print(r)?;
            }
        }
        p.print(&gold::GoldSummary::new(reports))?;
    } else if let Some(r) = reports.first() {
        p.print(r)?;
    }

    if let Some(path) = &args.case {
        match case::load_tsv(path) {
            Ok(snippets) => {
                let docs: Result<Vec<Document>, _> = snippets.iter().map(|s| document(&s.id, &s.text, None, args.recase)).collect();
                match docs {
                    Ok(docs) => {
                        let events = code_all(&pool, &docs);
                        let report =
                            case::CaseReport::from_events(snippets.iter().zip(events.iter().map(|e| e.as_slice())));
                        p.print(&report)?;
                        successes += 1;
                    }
                    Err(e) => fail(&e),
                }
            }
            Err(e) => fail(&e),
        }
    }

    if let Some(path) = &args.plover {
        match plover::load(path) {
            Ok(records) => {
                // Every record carries the same placeholder date (2000-01-01), which is not
                // when its sentence was published: code them without a publication date, so
                // that "in late February" is not read as ten months old.
                let docs: Result<Vec<Document>, _> =
                    records.iter().map(|r| document(&r.id, &r.text, None, args.recase)).collect();
                match docs {
                    Ok(docs) => {
                        let events = code_all(&pool, &docs);
                        let mut report = plover::PloverReport::new();
                        for (r, evs) in records.iter().zip(&events) {
                            report.add(r, evs);
                        }
                        p.print(&report)?;
                        successes += 1;
                    }
                    Err(e) => fail(&e),
                }
            }
            Err(e) => fail(&e),
        }
    }

    if let Some(path) = &args.petrarch {
        match petrarch::load(path).and_then(|s| Ok((s, petrarch::CameoMap::embedded()?))) {
            Ok((sentences, map)) => {
                let docs: Result<Vec<Document>, _> =
                    sentences.iter().map(|s| document(&s.id, &s.text, s.date.as_deref(), args.recase)).collect();
                match docs {
                    Ok(docs) => {
                        let events = code_all(&pool, &docs);
                        let mut report = petrarch::PetrarchReport::new();
                        for (s, evs) in sentences.iter().zip(&events) {
                            report.add(&map, s, evs);
                        }
                        p.print(&report)?;
                        successes += 1;
                    }
                    Err(e) => fail(&e),
                }
            }
            Err(e) => fail(&e),
        }
    }

    p.out.flush().context("writing the report")?;
    Ok(ExitCode::from(if failures == 0 {
        exit::OK
    } else if successes > 0 {
        exit::PARTIAL
    } else {
        exit::FAILURE
    }))
}
