//! Throw-away databases for tests of this crate and of its users (feature `test-db`).
//!
//! [`TestDb::create`] makes a fresh `sitrep_test_*` database on the server at
//! `SITREP_PG_URL` (default [`DEFAULT_URL`], a role that may create databases) and drops it
//! when the [`TestDb`] is dropped. When no server answers it prints `SKIPPED <test>: ...`
//! with instructions and returns `None`, so that the test can return early and pass.
//!
//! The helpers panic on failure (they are for tests only). The client is synchronous: call
//! them outside async code.

use postgres::NoTls;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The server used when `SITREP_PG_URL` is not set.
pub const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// The URL of the server's administrative database (`SITREP_PG_URL` or [`DEFAULT_URL`]).
pub fn server_url() -> String {
    std::env::var("SITREP_PG_URL").unwrap_or_else(|_| DEFAULT_URL.to_string())
}

/// A fresh database, dropped (with its sessions) at the end.
pub struct TestDb {
    /// The administrative URL it was created through.
    pub admin: String,
    /// The database's name.
    pub name: String,
    /// The database's URL.
    pub url: String,
}

impl TestDb {
    /// Creates a database for the test named `test`; `None` (after saying so on stderr)
    /// when no server answers.
    pub fn create(test: &str) -> Option<TestDb> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let admin = server_url();
        let mut client = match postgres::Client::connect(&admin, NoTls) {
            Ok(c) => c,
            Err(e) => {
                // Straight to stderr: the test harness captures `eprintln!` of passing tests.
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIPPED {test}: no PostgreSQL at {} ({e}). To run the PostgreSQL tests, start a \
                     server (e.g. `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`) \
                     or set SITREP_PG_URL to the URL of a role that may create databases, then run \
                     the tests again.",
                    crate::redact(&admin)
                );
                return None;
            }
        };
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "sitrep_test_{}_{}_{}",
            std::process::id(),
            nanos,
            N.fetch_add(1, Ordering::SeqCst)
        );
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create test database");
        let base = admin.split('?').next().unwrap_or(&admin);
        let (server, _) = base
            .rsplit_once('/')
            .filter(|(s, _)| s.contains("://") && !s.ends_with('/'))
            .unwrap_or((base, ""));
        let url = format!("{server}/{name}");
        Some(TestDb { admin, name, url })
    }

    /// A plain (no TLS) connection to the database.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, NoTls).expect("connect to the test database")
    }

    /// Terminates every session on the database (as a server restart or a network failure
    /// would) and waits until they are gone; returns how many there were.
    pub fn terminate_sessions(&self) -> usize {
        let mut admin =
            postgres::Client::connect(&self.admin, NoTls).expect("connect to the server");
        let killed = admin
            .query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE datname = $1 AND pid <> pg_backend_pid()",
                &[&self.name],
            )
            .expect("terminate sessions")
            .len();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left: i64 = admin
                .query_one(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = $1",
                    &[&self.name],
                )
                .expect("count sessions")
                .get(0);
            if left == 0 {
                return killed;
            }
            assert!(Instant::now() < deadline, "{left} sessions survive");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}
