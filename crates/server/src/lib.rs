//! The sitrep HTTP server (`sitrep serve`): a JSON API over the event store and a web page
//! (map, timeline, site board, event panel) whose assets are all inside the binary.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let app = sitrep_server::App::open("sitrep.db".as_ref(), sitrep_server::Config::default())?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! sitrep_server::serve(listener, app).await?;
//! # Ok(()) }
//! ```
//!
//! Endpoints are listed in the OpenAPI document ([`OPENAPI`], served at `/api/openapi.json`).
//! Every error is JSON `{code, message}` ([`error::codes`]). Request bodies are bounded
//! ([`Config::max_body`]) and so is the time of a request ([`Config::timeout`]).

mod api;
mod assets;
pub mod error;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use error::ApiError;
use sitrep_store::{SqliteStore, StoreError};
use std::path::Path;
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
        }
    }
}

/// Errors opening the server's store.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot open the database: {0}")]
    Store(#[from] StoreError),
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

/// Connections to one store: several readers, one writer (SQLite in WAL mode lets readers
/// go on while the writer ingests).
pub(crate) struct Stores {
    readers: Vec<Mutex<SqliteStore>>,
    writer: Mutex<SqliteStore>,
    next: AtomicUsize,
}

fn lock(m: &Mutex<SqliteStore>) -> MutexGuard<'_, SqliteStore> {
    // A panic while holding a connection leaves it usable (SQLite rolls back).
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Stores {
    pub(crate) fn reader(&self) -> MutexGuard<'_, SqliteStore> {
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

    pub(crate) fn writer(&self) -> MutexGuard<'_, SqliteStore> {
        lock(&self.writer)
    }
}

/// The application: store connections and limits. Cheap to clone.
#[derive(Clone)]
pub struct App {
    pub(crate) stores: Arc<Stores>,
    pub(crate) config: Arc<Config>,
}

impl App {
    /// Opens (creating and upgrading if needed) the store at `db`.
    pub fn open(db: &Path, config: Config) -> Result<App, ServeError> {
        let writer = SqliteStore::open(db)?;
        let mut readers = Vec::new();
        for _ in 0..config.readers.max(1) {
            readers.push(Mutex::new(SqliteStore::open(db)?));
        }
        Ok(App {
            stores: Arc::new(Stores {
                readers,
                writer: Mutex::new(writer),
                next: AtomicUsize::new(0),
            }),
            config: Arc::new(config),
        })
    }

    /// Runs `f` on a read connection, off the async threads.
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore) -> Result<T, ApiError> + Send + 'static,
    {
        let stores = self.stores.clone();
        tokio::task::spawn_blocking(move || {
            let store = stores.reader();
            f(&store)
        })
        .await
        .map_err(|e| ApiError::internal(format!("query task failed: {e}")))?
    }

    /// Runs `f` on the write connection, off the async threads.
    pub(crate) async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut SqliteStore) -> Result<T, ApiError> + Send + 'static,
    {
        let stores = self.stores.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = stores.writer();
            f(&mut store)
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

/// The router: `/api/...` and the page.
pub fn router(app: App) -> Router {
    let max_body = app.config.max_body;
    let timeout = app.config.timeout;
    Router::new()
        .nest("/api", api::routes())
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
        .layer(CompressionLayer::new().gzip(true))
        .layer(axum::middleware::map_response(|mut res: Response| async {
            res.headers_mut().insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            res
        }))
}

/// Serves until Ctrl-C (or SIGTERM on Unix).
pub async fn serve(listener: tokio::net::TcpListener, app: App) -> std::io::Result<()> {
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown())
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
