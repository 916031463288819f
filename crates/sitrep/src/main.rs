//! `sitrep`: the command-line interface.
//!
//! Each command is a module under `src/cmd/` exposing `Args` (a `clap::Args` struct whose
//! doc comment is the command's help) and `run(Args, &Global) -> anyhow::Result<ExitCode>`.
//! To add a command, add one line to the `commands!` list below.

use clap::{CommandFactory, FromArgMatches, Parser};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: glibc malloc/free took about a fifth of the
/// CPU of `sitrep ingest` (perf); with mimalloc ingest needs about 25% less CPU (see
/// crates/store/BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod batch;
mod output;
mod progress;
mod source;

/// Declares the command modules (files `src/cmd/<module>.rs`), the `Command` enum and
/// its dispatch, from one list.
macro_rules! commands {
    ($($module:ident => $variant:ident),* $(,)?) => {
        mod cmd {
            $(pub mod $module;)*
        }

        #[derive(clap::Subcommand)]
        enum Command {
            $($variant(cmd::$module::Args),)*
        }

        impl Command {
            fn run(self, global: &Global) -> anyhow::Result<ExitCode> {
                match self {
                    $(Command::$variant(args) => cmd::$module::run(args, global),)*
                }
            }
        }
    };
}

// In the order of the top-level help: the everyday commands, then the PostgreSQL
// scale-out ones (`SCALE_OUT`, listed in a group of their own).
commands! {
    extract => Extract,
    ingest => Ingest,
    events => Events,
    event => Event,
    sites => Sites,
    report => Report,
    export => Export,
    serve => Serve,
    eval => Eval,
    enqueue => Enqueue,
    worker => Worker,
    status => Status,
}

/// Commands for many workers around one PostgreSQL database, listed apart in the help.
const SCALE_OUT: [&str; 3] = ["enqueue", "worker", "status"];
/// Commands that use no event database (their help does not list `--db`).
const NO_STORE: [&str; 2] = ["extract", "eval"];
/// Width of the help text.
const HELP_WIDTH: usize = 100;

/// sitrep: turns news reports about armed conflict into coded, sourced event data.
#[derive(Parser)]
#[command(
    name = "sitrep",
    version,
    propagate_version = true,
    max_term_width = HELP_WIDTH,
    subcommand_help_heading = "Commands"
)]
struct Cli {
    /// Event database used by the commands that store or query events.
    #[arg(long, value_name = "PATH", default_value = "sitrep.db")]
    db: PathBuf,

    #[command(subcommand)]
    command: Command,
}

/// Options shared by every command.
pub struct Global {
    pub db: PathBuf,
}

/// Exit codes: 0 = everything read and coded, 1 = some inputs failed, 2 = usage error or
/// nothing could be read.
pub mod exit {
    pub const OK: u8 = 0;
    pub const PARTIAL: u8 = 1;
    pub const FAILURE: u8 = 2;
}

/// The command line with its help arranged: everyday commands first, the scale-out ones in a
/// group of their own after them, `--db` only where a command uses it, examples last.
fn command() -> clap::Command {
    let mut cmd = Cli::command();
    // `--db` before the command (the top-level option) or after it, for the commands that
    // use a store.
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|n| !NO_STORE.contains(&n.as_str()))
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |sub| {
            sub.arg(
                clap::Arg::new("db")
                    .long("db")
                    .value_name("PATH")
                    .value_parser(clap::value_parser!(PathBuf))
                    .help("Event database (default: sitrep.db; the same as `sitrep --db PATH COMMAND`)"),
            )
        });
    }
    let width = cmd
        .get_subcommands()
        .map(|s| s.get_name().len())
        .max()
        .unwrap_or(0);
    let mut after = String::from(
        "PostgreSQL scale-out commands (many workers around one database; docs/scale-out.md):\n",
    );
    for name in SCALE_OUT {
        let about = cmd
            .find_subcommand(name)
            .and_then(|s| s.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default();
        after.push_str(&help_line(name, width, &about));
        cmd = cmd.mut_subcommand(name, |sub| sub.hide(true));
    }
    after.push_str(
        "\nExamples (from the repository's root):
  sitrep extract --published 2026-01-21 crates/coder/tests/fixtures/shaddadi/article.txt
  sitrep ingest data/examples/ && sitrep events --country Syria
  sitrep COMMAND --help                  # options and examples of one command",
    );
    cmd.after_help(after)
}

/// One line of a command list as clap writes it ("  NAME  about"), wrapped to the help
/// width with the about's column kept.
fn help_line(name: &str, width: usize, about: &str) -> String {
    let indent = 2 + width + 2;
    let mut out = format!("  {name:<width$}  ");
    let mut col = indent;
    for word in about.split_whitespace() {
        let len = word.chars().count();
        if col > indent && col + 1 + len > HELP_WIDTH {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            col = indent;
        } else if col > indent {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += len;
    }
    out.push('\n');
    out
}

fn main() -> ExitCode {
    // A panic is a bug in sitrep: say so in one line instead of a backtrace dump.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("sitrep: internal error (please report): {info}");
    }));
    let matches = command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let db_after = matches
        .subcommand()
        .and_then(|(_, m)| m.try_get_one::<PathBuf>("db").ok().flatten().cloned());
    let global = Global {
        db: db_after.unwrap_or(cli.db),
    };
    match cli.command.run(&global) {
        Ok(code) => code,
        Err(e) => {
            if output::is_broken_pipe(&e) {
                return ExitCode::from(exit::OK);
            }
            eprintln!("sitrep: error: {e:#}");
            ExitCode::from(exit::FAILURE)
        }
    }
}
