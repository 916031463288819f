//! The sitrep HTTP server (`sitrep serve`): a JSON API over the event store and a web page
//! (map, timeline, site board, event panel) whose assets are all inside the binary.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // An SQLite file, or a URL such as "postgres://sitrep@dbhost/sitrep".
//! let app = sitrep_server::App::open("sitrep.db", sitrep_server::Config::default())?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! sitrep_server::serve(listener, app).await?;
//! # Ok(()) }
//! ```
//!
//! Endpoints are listed in the OpenAPI document ([`OPENAPI`], served at `/api/openapi.json`).
//! Every error is JSON `{code, message}` ([`error::codes`]), hyper's own answers to
//! requests it cannot parse included ([`serve`]). Request bodies are bounded
//! ([`Config::max_body`]) and so is the time of a request ([`Config::timeout`]). Requests
//! for other hosts or from other origins are refused, writes need a JSON content type and
//! the token when one is set, and every answer carries the security headers (see
//! [`guard`] and SECURITY.md).

mod api;
mod assets;
mod conn;
pub mod error;
pub mod guard;

pub use conn::ConnAddrs;
pub use guard::Token;

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use error::ApiError;
use sitrep_store::{EventStore, ServerQueries, SqliteStore, StoreError};
use sitrep_store_pg::{PgError, PgStore};
use std::ffi::OsStr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// The OpenAPI 3.1 description of the API.
pub const OPENAPI: &str = include_str!("openapi.json");

/// Server limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Largest accepted request body, in bytes.
    pub max_body: usize,
    /// Longest time a request may take.
    pub timeout: Duration,
    /// Read connections to the database (queries run in parallel on them).
    pub readers: usize,
    /// A PostgreSQL URL the read connections use instead of the store's (a streaming
    /// replica of it): read-only sessions that never write, so sites are served as the
    /// workers last rebuilt them. Ingest (`POST /api/documents`) still writes to the store.
    pub read_db: Option<String>,
    /// Names (`sitrep.example.org`, any port) or `HOST:PORT`s that requests may give in
    /// `Host` and `Origin` besides the address they connected to (the name of a reverse
    /// proxy in front of the server, a DNS name of the machine).
    pub allowed_hosts: Vec<String>,
    /// The bearer token that writes must carry (`Authorization: Bearer TOKEN`).
    pub token: Option<Token>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_body: 16 * 1024 * 1024,
            timeout: Duration::from_secs(60),
            readers: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
                .clamp(1, 8),
            read_db: None,
            allowed_hosts: Vec::new(),
            token: None,
        }
    }
}

/// Errors opening the server's store.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot open the database: {0}")]
    Store(#[from] StoreError),
    /// A PostgreSQL store that cannot be opened (bad URL, server unreachable, ...); `url`
    /// has no password.
    #[error("{}", pg_message(.url, .error))]
    Postgres { url: String, error: PgError },
    /// Options that do not fit together (e.g. a read URL for an SQLite store).
    #[error("{0}")]
    Usage(String),
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

fn pg_message(url: &str, error: &PgError) -> String {
    match error {
        // These name the (redacted) URL already.
        PgError::BadUrl { .. } | PgError::Connect { .. } => error.to_string(),
        _ => format!("PostgreSQL database {url}: {error}"),
    }
}

impl ServeError {
    /// Whether the error is the user's (bad path or URL, unreachable server, a database of
    /// a newer sitrep) rather than internal.
    pub fn is_user_error(&self) -> bool {
        match self {
            ServeError::Store(e) => e.is_user_error(),
            ServeError::Postgres { error, .. } => error.is_user_error(),
            ServeError::Usage(_) => true,
            ServeError::Io(_) => false,
        }
    }
}

/// What the server needs of a store connection: the store interface, the server's own
/// queries, and moving between threads. [`SqliteStore`] and [`PgStore`] have it.
pub trait ServerStore: EventStore + ServerQueries + Send {}

impl<T: EventStore + ServerQueries + Send> ServerStore for T {}

/// The database served: an SQLite file or a PostgreSQL URL (read-only for the readers of
/// [`Config::read_db`]).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Database {
    Sqlite(PathBuf),
    Postgres(String),
    PostgresReadOnly(String),
}

impl Database {
    fn parse(db: &OsStr) -> Database {
        match db.to_str() {
            Some(url) if sitrep_store_pg::is_postgres_url(url) => {
                Database::Postgres(url.to_string())
            }
            _ => Database::Sqlite(PathBuf::from(db)),
        }
    }

    /// The name for messages (a URL without its password).
    fn name(&self) -> String {
        match self {
            Database::Sqlite(path) => path.display().to_string(),
            Database::Postgres(url) | Database::PostgresReadOnly(url) => {
                sitrep_store_pg::redact(url)
            }
        }
    }

    /// Opens one connection (creating and upgrading the store if needed).
    fn open(&self) -> Result<Box<dyn ServerStore>, ServeError> {
        outside_async(|| self.open_here())
    }

    fn open_here(&self) -> Result<Box<dyn ServerStore>, ServeError> {
        match self {
            Database::Sqlite(path) => Ok(Box::new(SqliteStore::open(path)?)),
            Database::Postgres(url) => Self::pg(url, PgStore::open(url)),
            Database::PostgresReadOnly(url) => Self::pg(url, PgStore::open_read_only(url)),
        }
    }

    fn pg(url: &str, opened: Result<PgStore, PgError>) -> Result<Box<dyn ServerStore>, ServeError> {
        match opened {
            Ok(store) => Ok(Box::new(store)),
            Err(error) => Err(ServeError::Postgres {
                url: sitrep_store_pg::redact(url),
                error,
            }),
        }
    }
}

/// Runs `f` (opening or closing a connection) where it may block on its own runtime. The
/// synchronous PostgreSQL client drives each connection with a small runtime of its own,
/// which panics when entered on a thread that runs async tasks (e.g. when an [`App`] is
/// opened or dropped inside `async` code); there `f` runs on a short-lived thread.
fn outside_async<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    if tokio::runtime::Handle::try_current().is_err() {
        return f();
    }
    std::thread::scope(|s| s.spawn(f).join()).unwrap_or_else(|p| std::panic::resume_unwind(p))
}

/// One connection; `None` after it was lost (opened again on its next use).
type Slot = Option<Box<dyn ServerStore>>;

/// Connections to one store: several readers, one writer (SQLite in WAL mode lets readers
/// go on while the writer ingests; PostgreSQL readers are independent sessions).
pub(crate) struct Stores {
    /// The store (the writer's).
    database: Database,
    /// The readers' database: the store, or [`Config::read_db`].
    read_database: Database,
    readers: Vec<Mutex<Slot>>,
    writer: Mutex<Slot>,
    next: AtomicUsize,
}

fn lock(m: &Mutex<Slot>) -> MutexGuard<'_, Slot> {
    // A panic while holding a connection leaves it usable (SQLite rolls back; a PostgreSQL
    // transaction is rolled back when dropped).
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Stores {
    fn reader(&self) -> MutexGuard<'_, Slot> {
        let n = self.readers.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for i in 0..n {
            if let Some(m) = self.readers.get((start + i) % n) {
                if let Ok(g) = m.try_lock() {
                    return g;
                }
            }
        }
        match self.readers.get(start % n.max(1)) {
            Some(m) => lock(m),
            None => lock(&self.writer),
        }
    }

    fn writer(&self) -> MutexGuard<'_, Slot> {
        lock(&self.writer)
    }

    /// Runs `f` on the connection of `slot` (to `database`), opening it first if it was
    /// lost. A request that finds the connection lost fails with `database_unavailable` and
    /// drops it, so that the next request on this slot connects again.
    fn run<T>(
        database: &Database,
        slot: &mut Slot,
        f: impl FnOnce(&mut dyn ServerStore) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        if slot.is_none() {
            *slot = Some(database.open()?);
        }
        let Some(store) = slot.as_mut() else {
            return Err(ApiError::internal("no database connection"));
        };
        let out = f(store.as_mut());
        if matches!(&out, Err(e) if e.code == error::codes::DATABASE_UNAVAILABLE) {
            let lost = slot.take();
            outside_async(move || drop(lost));
        }
        out
    }
}

impl Drop for Stores {
    fn drop(&mut self) {
        let mut slots: Vec<Slot> = Vec::with_capacity(self.readers.len() + 1);
        for m in self
            .readers
            .iter_mut()
            .chain(std::iter::once(&mut self.writer))
        {
            slots.push(m.get_mut().unwrap_or_else(|p| p.into_inner()).take());
        }
        outside_async(move || drop(slots));
    }
}

/// The application: store connections and limits. Cheap to clone.
#[derive(Clone)]
pub struct App {
    pub(crate) stores: Arc<Stores>,
    pub(crate) config: Arc<Config>,
    pub(crate) access: Arc<guard::Access>,
    /// Set when the server shuts down: running ingests are cancelled.
    pub(crate) shutdown: Arc<Shutdown>,
}

/// The server's shutdown, as seen by requests that must stop early (an ingest).
#[derive(Default)]
pub(crate) struct Shutdown {
    started: std::sync::atomic::AtomicBool,
    notify: tokio::sync::Notify,
}

impl Shutdown {
    fn start(&self) {
        self.started.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    /// Returns once the shutdown started.
    pub(crate) async fn wait(&self) {
        loop {
            let notified = self.notify.notified();
            if self.started.load(Ordering::SeqCst) {
                return;
            }
            notified.await;
        }
    }
}

impl App {
    /// Opens the store named by `db` (as `--db`): a `postgres://` or `postgresql://` URL
    /// opens [`Config::readers`] + 1 PostgreSQL connections, anything else the SQLite file
    /// (created if missing). The store's schema is created or upgraded if needed. With
    /// [`Config::read_db`] (PostgreSQL stores only) the readers connect there, read-only.
    pub fn open(db: impl AsRef<OsStr>, config: Config) -> Result<App, ServeError> {
        let access = guard::Access::new(&config.allowed_hosts, config.token.clone())?;
        let database = Database::parse(db.as_ref());
        let read_database = match (&config.read_db, &database) {
            (None, _) => database.clone(),
            (Some(url), Database::Postgres(_)) if sitrep_store_pg::is_postgres_url(url) => {
                Database::PostgresReadOnly(url.clone())
            }
            (Some(url), Database::Postgres(_)) => {
                return Err(ServeError::Usage(format!(
                    "the read database must be a postgres:// URL, not {url}"
                )))
            }
            (Some(_), _) => {
                return Err(ServeError::Usage(format!(
                    "a read database needs a PostgreSQL store, not the SQLite file {}",
                    database.name()
                )))
            }
        };
        let writer = database.open()?;
        let mut readers = Vec::new();
        for _ in 0..config.readers.max(1) {
            readers.push(Mutex::new(Some(read_database.open()?)));
        }
        Ok(App {
            stores: Arc::new(Stores {
                database,
                read_database,
                readers,
                writer: Mutex::new(Some(writer)),
                next: AtomicUsize::new(0),
            }),
            config: Arc::new(config),
            access: Arc::new(access),
            shutdown: Arc::new(Shutdown::default()),
        })
    }

    /// The database served, for messages (PostgreSQL URLs without their password), with
    /// the read database if there is one.
    pub fn database(&self) -> String {
        let stores = &self.stores;
        if stores.read_database == stores.database {
            stores.database.name()
        } else {
            format!(
                "{} (reads from {})",
                stores.database.name(),
                stores.read_database.name()
            )
        }
    }

    /// Runs `f` on a read connection, off the async threads.
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn ServerStore) -> Result<T, ApiError> + Send + 'static,
    {
        let stores = self.stores.clone();
        tokio::task::spawn_blocking(move || {
            let mut slot = stores.reader();
            Stores::run(&stores.read_database, &mut slot, |store| f(store))
        })
        .await
        .map_err(|e| ApiError::internal(format!("query task failed: {e}")))?
    }

    /// Runs `f` on the write connection, off the async threads.
    pub(crate) async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn ServerStore) -> Result<T, ApiError> + Send + 'static,
    {
        let stores = self.stores.clone();
        tokio::task::spawn_blocking(move || {
            let mut slot = stores.writer();
            Stores::run(&stores.database, &mut slot, f)
        })
        .await
        .map_err(|e| ApiError::internal(format!("ingest task failed: {e}")))?
    }
}

/// Turns every error response that is not JSON yet (body limit, timeout, unknown method,
/// extractor rejections) into the API's `{code, message}` form.
async fn json_errors(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return res;
    }
    let allow = res.headers().get(header::ALLOW).cloned();
    let mut out = ApiError::for_status(status).into_response();
    if let Some(a) = allow {
        out.headers_mut().insert(header::ALLOW, a);
    }
    out
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such resource")
}

/// The router: `/api/...` and the page. Served by [`serve`], it knows the address each
/// connection was made to ([`ConnAddrs`]), which the Host and Origin checks accept;
/// used alone (without that connect info) only [`Config::allowed_hosts`] are accepted in
/// `Host` and `Origin`, and requests without either header pass.
pub fn router(app: App) -> Router {
    let max_body = app.config.max_body;
    let timeout = app.config.timeout;
    let access = app.access.clone();
    Router::new()
        .nest("/api", api::routes(access.clone()))
        .route("/", get(assets::index))
        .route("/static/{name}", get(assets::asset))
        .fallback(not_found)
        .with_state(app)
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            timeout,
        ))
        .layer(middleware::from_fn(json_errors))
        .layer(middleware::from_fn_with_state(
            access,
            guard::check_host_and_origin,
        ))
        .layer(CompressionLayer::new().gzip(true))
        .layer(middleware::map_response(guard::security_headers))
}

/// Serves until Ctrl-C (or SIGTERM on Unix). Requests hyper cannot parse are answered
/// with JSON errors too (`bad_request`, `uri_too_long`, `headers_too_large`). On shutdown no
/// new connection is accepted, running ingests are cancelled (rolled back; their requests
/// answer 503) and the requests in flight finish.
pub async fn serve(listener: tokio::net::TcpListener, app: App) -> std::io::Result<()> {
    serve_until(listener, app, shutdown()).await
}

/// [`serve`] until `signal` completes (tests, embedding).
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    app: App,
    signal: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let stop = app.shutdown.clone();
    let service = router(app).into_make_service_with_connect_info::<ConnAddrs>();
    axum::serve(conn::Listener(listener), service)
        .with_graceful_shutdown(async move {
            signal.await;
            stop.start();
        })
        .await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
