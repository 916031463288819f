//! `sitrep serve`: the HTTP API and web page over the event store.

use crate::{exit, output, Global};
use anyhow::Context;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

/// Serve the JSON API and the web page (map, timeline, sites, events) from the store.
///
/// The store is the global --db: an SQLite file or a postgres:// URL (a PostgreSQL store
/// shared with workers).
///
/// The API is described at /api/openapi.json; the page is at /. Every asset is inside the
/// binary (no internet needed). Stop with Ctrl-C or SIGTERM (an ingest in progress is
/// cancelled and stores nothing).
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  sitrep --db demo.db serve                      # then open http://127.0.0.1:8080
  sitrep --db demo.db serve --addr 0.0.0.0:8080  # reachable from other machines")]
pub struct Args {
    /// Address to listen on (HOST:PORT; port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub addr: SocketAddr,

    /// Largest accepted request body, in MiB.
    #[arg(long, default_value_t = 16, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub max_body: u64,

    /// Longest time one request may take, in seconds.
    #[arg(long, default_value_t = 60, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,

    /// Send the page's reads to this PostgreSQL URL (a streaming replica of the --db
    /// PostgreSQL database), in read-only sessions; POST /api/documents still writes to --db.
    #[arg(long, value_name = "URL")]
    pub read_db: Option<String>,

    /// A host name (any port) or HOST:PORT that browsers may use for this server besides
    /// the address they connect to, e.g. the public name of a reverse proxy; repeatable.
    /// Requests naming another host in Host or Origin are refused (SECURITY.md).
    #[arg(long = "allowed-host", value_name = "HOST")]
    pub allowed_hosts: Vec<String>,

    /// Require `Authorization: Bearer TOKEN` on writes (POST /api/documents), with the
    /// token read from this file (at least 16 characters; e.g. `openssl rand -hex 32`).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<std::path::PathBuf>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let token = match args.token_file.as_deref().map(sitrep_server::Token::read_file) {
        None => None,
        Some(Ok(t)) => Some(t),
        Some(Err(e)) => {
            output::error(format!("--token-file {e}"));
            return Ok(ExitCode::from(exit::FAILURE));
        }
    };
    let config = sitrep_server::Config {
        max_body: (args.max_body * 1024 * 1024) as usize,
        timeout: Duration::from_secs(args.timeout),
        read_db: args.read_db,
        allowed_hosts: args.allowed_hosts,
        token,
        ..sitrep_server::Config::default()
    };
    // An SQLite file, or a PostgreSQL URL (readers and the writer are separate sessions).
    let app = match sitrep_server::App::open(&global.db, config) {
        Ok(app) => app,
        Err(e) if e.is_user_error() => {
            // PostgreSQL errors name the URL (without its password) themselves.
            match e {
                sitrep_server::ServeError::Postgres { .. }
                | sitrep_server::ServeError::Usage(_) => output::error(&e),
                _ => output::error(format!("{}: {e}", global.db.display())),
            }
            return Ok(ExitCode::from(exit::FAILURE));
        }
        Err(e) => {
            let name = global.db.to_string_lossy();
            return Err(anyhow::Error::new(e)
                .context(format!("opening {}", sitrep_store_pg::redact(&name))));
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let local = listener.local_addr().context("listening address")?;
        // The first line on stdout is the address (scripts read it when port 0 was asked).
        println!("sitrep: serving {} on http://{local}/", app.database());
        use std::io::Write;
        let _ = std::io::stdout().flush();
        sitrep_server::serve(listener, app)
            .await
            .context("server error")?;
        anyhow::Ok(())
    })?;
    // Cancelled ingests roll back at their next claim, but a document being coded cannot
    // be interrupted: do not wait for it (its transaction never commits).
    rt.shutdown_timeout(Duration::from_secs(2));
    Ok(ExitCode::from(exit::OK))
}
