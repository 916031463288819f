//! Read-only queries used by the HTTP API (`sitrep-server`) beyond [`crate::EventStore`]:
//! the document list, one document with its text and the claims coded from it, and one site
//! by id. [`ServerQueries`] is the interface; the SQLite store implements it here, the
//! PostgreSQL store (`sitrep-store-pg`) with the same results for the same data.

use crate::{Page, Result, SqliteStore};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sitrep_model::Event;
use sitrep_picture::Site;

/// One stored document, without its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentInfo {
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    /// YYYY-MM-DD.
    pub published: Option<String>,
    pub source: Option<String>,
    /// Claims (coded events) stored for the document.
    pub claims: usize,
    /// RFC 3339 time of ingestion.
    pub ingested_at: String,
    /// Text length in bytes.
    pub length: usize,
}

/// One claim of a document: where its evidence is in the text and which event it joined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentClaim {
    pub claim_id: String,
    pub event_id: Option<String>,
    pub event: Event,
}

/// One document with its text and claims.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentText {
    #[serde(flatten)]
    pub info: DocumentInfo,
    pub text: String,
    pub claims: Vec<DocumentClaim>,
}

const INFO_COLUMNS: &str = "doc_id, title, url, published, source, \
     COALESCE(n_claims, (SELECT COUNT(*) FROM claims c WHERE c.document = documents.id)), \
     ingested_at, length(CAST(text AS BLOB))";

fn info_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentInfo> {
    Ok(DocumentInfo {
        id: r.get(0)?,
        title: r.get(1)?,
        url: r.get(2)?,
        published: r.get(3)?,
        source: r.get(4)?,
        claims: r.get::<_, i64>(5)?.max(0) as usize,
        ingested_at: r.get(6)?,
        length: r.get::<_, i64>(7)?.max(0) as usize,
    })
}

/// What the HTTP server needs of a store besides [`crate::EventStore`]. Every backend gives
/// the same answers for the same stored data (except `ingested_at`, the time of storing).
pub trait ServerQueries {
    /// Documents, most recently ingested first.
    fn list_documents(&self, limit: usize, offset: usize) -> Result<Page<DocumentInfo>>;
    /// One document by its id (the first stored under that id), with its text and its
    /// claims in insertion order; `None` when unknown.
    fn document_text(&self, doc_id: &str) -> Result<Option<DocumentText>>;
    /// The id of the document stored in row `row` (the row of an [`IngestOutcome`]: a
    /// duplicate's is the first document with that text, and a clash of ids gets a suffix);
    /// `None` when there is no such row.
    ///
    /// [`IngestOutcome`]: crate::IngestOutcome
    fn document_id(&self, row: i64) -> Result<Option<String>>;
    /// One site by id (sites touched by recent ingests are rebuilt first where the backend
    /// can); `None` when unknown.
    fn site(&self, id: &str) -> Result<Option<Site>>;
}

impl ServerQueries for SqliteStore {
    fn list_documents(&self, limit: usize, offset: usize) -> Result<Page<DocumentInfo>> {
        let conn = self.connection();
        let total: i64 = conn.query_row("SELECT COUNT(*) FROM documents", [], |r| r.get(0))?;
        let mut st = conn.prepare_cached(&format!(
            "SELECT {INFO_COLUMNS} FROM documents ORDER BY id DESC LIMIT ?1 OFFSET ?2"
        ))?;
        let items = st
            .query_map(
                params![
                    limit.min(i64::MAX as usize) as i64,
                    offset.min(i64::MAX as usize) as i64
                ],
                info_row,
            )?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(Page {
            total: total.max(0) as usize,
            offset,
            items,
        })
    }

    fn document_text(&self, doc_id: &str) -> Result<Option<DocumentText>> {
        let conn = self.connection();
        let row = conn
            .query_row(
                &format!("SELECT {INFO_COLUMNS}, id, text FROM documents WHERE doc_id = ?1 ORDER BY id LIMIT 1"),
                params![doc_id],
                |r| Ok((r.get::<_, i64>(8)?, info_row(r)?, r.get::<_, String>(9)?)),
            )
            .optional()?;
        let Some((rowid, info, text)) = row else {
            return Ok(None);
        };
        let mut st = conn.prepare_cached(
            "SELECT c.id, ce.event, c.json FROM claims c LEFT JOIN claim_events ce ON ce.claim = c.id
             WHERE c.document = ?1 ORDER BY c.rowid",
        )?;
        let rows = st.query_map(params![rowid], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut claims = Vec::new();
        for row in rows {
            let (claim_id, event_id, json) = row?;
            claims.push(DocumentClaim {
                claim_id,
                event_id,
                event: serde_json::from_str(&json)?,
            });
        }
        Ok(Some(DocumentText { info, text, claims }))
    }

    fn document_id(&self, row: i64) -> Result<Option<String>> {
        Ok(self
            .connection()
            .prepare_cached("SELECT doc_id FROM documents WHERE id = ?1")?
            .query_row(params![row], |r| r.get(0))
            .optional()?)
    }

    fn site(&self, id: &str) -> Result<Option<Site>> {
        self.flush_sites()?;
        let json: Option<String> = self
            .connection()
            .query_row("SELECT json FROM sites WHERE id = ?1", params![id], |r| {
                r.get(0)
            })
            .optional()?;
        match json {
            Some(j) => Ok(Some(serde_json::from_str(&j)?)),
            None => Ok(None),
        }
    }
}
