//! `sitrep eval`: score the coder against reference annotations.

use crate::{exit, output, Global};
use std::path::PathBuf;
use std::process::ExitCode;

/// Score the coder against reference annotations and print a Markdown report.
///
/// `sitrep eval GOLD.json [--article PATH]` scores a hand-annotated article;
/// `--case TSV`, `--plover JSON` and `--petrarch XML` score the reference sets.
#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("set").required(true).args(["gold", "case", "plover", "petrarch"])))]
pub struct Args {
    /// A gold annotation file (`gold.json`).
    #[arg(value_name = "GOLD.json")]
    pub gold: Option<PathBuf>,

    /// The article the gold file annotates (default: its `document.file`, next to it).
    #[arg(long, value_name = "PATH", requires = "gold")]
    pub article: Option<PathBuf>,

    /// CASE 2021 task 2 snippets (TSV).
    #[arg(long, value_name = "TSV")]
    pub case: Option<PathBuf>,

    /// PLOVER gold standard records (JSON).
    #[arg(long, value_name = "JSON")]
    pub plover: Option<PathBuf>,

    /// PETRARCH-2 validation sentences (XML).
    #[arg(long, value_name = "XML")]
    pub petrarch: Option<PathBuf>,
}

pub fn run(_args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    output::error("eval is not wired yet");
    Ok(ExitCode::from(exit::FAILURE))
}
