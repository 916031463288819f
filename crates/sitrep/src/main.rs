//! `sitrep`: the command-line interface.
//!
//! Each command is a module under `src/cmd/` exposing `Args` (a `clap::Args` struct whose
//! doc comment is the command's help) and `run(Args, &Global) -> anyhow::Result<ExitCode>`.
//! To add a command, add one line to the `commands!` list below.

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: glibc malloc/free took about a fifth of the
/// CPU of `sitrep ingest` (perf); with mimalloc ingest needs about 25% less CPU (see
/// crates/store/BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod batch;
mod output;
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

commands! {
    extract => Extract,
    eval => Eval,
    serve => Serve,
    enqueue => Enqueue,
    worker => Worker,
    status => Status,
    ingest => Ingest,
    events => Events,
    event => Event,
    sites => Sites,
    report => Report,
    export => Export,
}

/// sitrep: turns news reports about armed conflict into coded, sourced event data.
#[derive(Parser)]
#[command(name = "sitrep", version, propagate_version = true)]
struct Cli {
    /// Event database used by the commands that store or query events.
    #[arg(long, global = true, value_name = "PATH", default_value = "sitrep.db")]
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

fn main() -> ExitCode {
    // A panic is a bug in sitrep: say so in one line instead of a backtrace dump.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("sitrep: internal error (please report): {info}");
    }));
    let cli = Cli::parse();
    let global = Global { db: cli.db };
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
