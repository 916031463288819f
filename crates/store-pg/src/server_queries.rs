//! The HTTP server's queries ([`ServerQueries`]) on PostgreSQL: the same answers as the
//! SQLite store's (`sitrep_store::server_queries`) for the same stored data.

use crate::{PgStore, Result};
use postgres::{Client, Row};
use sitrep_picture::Site;
use sitrep_store::server_queries::{DocumentClaim, DocumentInfo, DocumentText, ServerQueries};
use sitrep_store::{Page, StoreError};

/// The columns of [`DocumentInfo`], in the order [`info_row`] reads them (as in the SQLite
/// store: the stored claim count, else a count; the text length in bytes).
const INFO_COLUMNS: &str = "doc_id, title, url, published, source, \
     COALESCE(n_claims, (SELECT COUNT(*) FROM claims c WHERE c.document = documents.id))::bigint, \
     ingested_at, octet_length(text)::bigint";

fn info_row(r: &Row) -> Result<DocumentInfo> {
    let published: Option<chrono::NaiveDate> = r.try_get(3)?;
    let ingested_at: chrono::DateTime<chrono::Utc> = r.try_get(6)?;
    Ok(DocumentInfo {
        id: r.try_get(0)?,
        title: r.try_get(1)?,
        url: r.try_get(2)?,
        // The SQLite store keeps dates as YYYY-MM-DD and times as RFC 3339 text.
        published: published.map(|d| d.format("%Y-%m-%d").to_string()),
        source: r.try_get(4)?,
        claims: r.try_get::<_, i64>(5)?.max(0) as usize,
        ingested_at: ingested_at.to_rfc3339(),
        length: r.try_get::<_, i64>(7)?.max(0) as usize,
    })
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub(crate) fn list_documents(
    c: &mut Client,
    limit: usize,
    offset: usize,
) -> Result<Page<DocumentInfo>> {
    let total: i64 = c.query_one("SELECT COUNT(*) FROM documents", &[])?.get(0);
    let rows = c.query(
        format!("SELECT {INFO_COLUMNS} FROM documents ORDER BY id DESC LIMIT $1 OFFSET $2")
            .as_str(),
        &[&to_i64(limit), &to_i64(offset)],
    )?;
    let items = rows.iter().map(info_row).collect::<Result<Vec<_>>>()?;
    Ok(Page {
        total: total.max(0) as usize,
        offset,
        items,
    })
}

pub(crate) fn document_text(c: &mut Client, doc_id: &str) -> Result<Option<DocumentText>> {
    let Some(row) = c.query_opt(
        format!(
            "SELECT {INFO_COLUMNS}, id, text FROM documents WHERE doc_id = $1 ORDER BY id LIMIT 1"
        )
        .as_str(),
        &[&doc_id],
    )?
    else {
        return Ok(None);
    };
    let info = info_row(&row)?;
    let rowid: i64 = row.try_get(8)?;
    let text: String = row.try_get(9)?;
    let mut claims = Vec::new();
    for r in c.query(
        "SELECT c.id, ce.event, c.json::text FROM claims c
         LEFT JOIN claim_events ce ON ce.claim = c.id
         WHERE c.document = $1 ORDER BY c.seq",
        &[&rowid],
    )? {
        let json: &str = r.try_get(2)?;
        claims.push(DocumentClaim {
            claim_id: r.try_get(0)?,
            event_id: r.try_get(1)?,
            event: serde_json::from_str(json)?,
        });
    }
    Ok(Some(DocumentText { info, text, claims }))
}

pub(crate) fn site(c: &mut Client, id: &str) -> Result<Option<Site>> {
    match c.query_opt("SELECT json::text FROM sites WHERE id = $1", &[&id])? {
        Some(r) => Ok(Some(serde_json::from_str(r.try_get::<_, &str>(0)?)?)),
        None => Ok(None),
    }
}

impl ServerQueries for PgStore {
    fn list_documents(
        &self,
        limit: usize,
        offset: usize,
    ) -> std::result::Result<Page<DocumentInfo>, StoreError> {
        Ok(self.with(|c| list_documents(c, limit, offset))?)
    }

    fn document_text(&self, doc_id: &str) -> std::result::Result<Option<DocumentText>, StoreError> {
        Ok(self.with(|c| document_text(c, doc_id))?)
    }

    fn document_id(&self, row: i64) -> std::result::Result<Option<String>, StoreError> {
        Ok(self.with(|c| {
            Ok(
                c.query_opt("SELECT doc_id FROM documents WHERE id = $1", &[&row])?
                    .map(|r| r.get(0)),
            )
        })?)
    }

    fn site(&self, id: &str) -> std::result::Result<Option<Site>, StoreError> {
        Ok(self.with(|c| {
            self.flush_before_read(c)?;
            site(c, id)
        })?)
    }
}
