//! API errors: every error response is JSON `{"code": ..., "message": ...}` with a stable,
//! machine-readable `code` and the matching HTTP status.

use crate::ServeError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sitrep_store::StoreError;

/// Stable error codes of the API (the `code` field of error bodies).
pub mod codes {
    /// A query parameter has a bad value (400).
    pub const INVALID_PARAMETER: &str = "invalid_parameter";
    /// A query parameter the endpoint does not know (400).
    pub const UNKNOWN_PARAMETER: &str = "unknown_parameter";
    /// The request is malformed in another way (400), including a request that is not
    /// valid HTTP/1.1.
    pub const BAD_REQUEST: &str = "bad_request";
    /// `POST /api/documents` with an empty body (400).
    pub const EMPTY_BODY: &str = "empty_body";
    /// A write without the server's bearer token, or with a wrong one (401).
    pub const UNAUTHORIZED: &str = "unauthorized";
    /// The `Host` of the request is not this server's address or one of its allowed
    /// host names (403).
    pub const HOST_NOT_ALLOWED: &str = "host_not_allowed";
    /// The `Origin` of the request (the page that sent it) is not this server (403).
    pub const ORIGIN_NOT_ALLOWED: &str = "origin_not_allowed";
    /// No such document, event, site or path (404).
    pub const NOT_FOUND: &str = "not_found";
    /// An event id prefix that matches several events (409).
    pub const AMBIGUOUS_ID: &str = "ambiguous_id";
    /// The method is not allowed on this path (405).
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    /// The request body is larger than the server accepts (413).
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    /// The request URI is longer than the server accepts (414).
    pub const URI_TOO_LONG: &str = "uri_too_long";
    /// A write whose body is not declared as JSON or JSON Lines (415).
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
    /// The request's headers are more or larger than the server accepts (431).
    pub const HEADERS_TOO_LARGE: &str = "headers_too_large";
    /// The body of `POST /api/documents` holds no valid document (422).
    pub const NO_VALID_DOCUMENTS: &str = "no_valid_documents";
    /// The request took longer than the server allows (503).
    pub const TIMEOUT: &str = "timeout";
    /// The connection to the database was lost or cannot be opened (503); the next
    /// request connects again.
    pub const DATABASE_UNAVAILABLE: &str = "database_unavailable";
    /// A bug or an I/O problem on the server (500).
    pub const INTERNAL: &str = "internal";
}

/// An error answered as JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

#[derive(Serialize)]
struct Body<'a> {
    code: &'a str,
    message: &'a str,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn invalid(param: &str, message: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::INVALID_PARAMETER,
            format!("parameter `{param}`: {message}"),
        )
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, message)
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, codes::INTERNAL, message)
    }

    /// The error body for a bare status produced outside the handlers (body limit,
    /// timeout, unknown method).
    pub fn for_status(status: StatusCode) -> ApiError {
        let (code, message) = match status {
            StatusCode::NOT_FOUND => (codes::NOT_FOUND, "no such resource"),
            StatusCode::METHOD_NOT_ALLOWED => {
                (codes::METHOD_NOT_ALLOWED, "method not allowed on this path")
            }
            StatusCode::PAYLOAD_TOO_LARGE => (
                codes::PAYLOAD_TOO_LARGE,
                "request body is larger than the server accepts",
            ),
            StatusCode::URI_TOO_LONG => (
                codes::URI_TOO_LONG,
                "the request URI is longer than the server accepts",
            ),
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => (
                codes::HEADERS_TOO_LARGE,
                "the request's headers are larger than the server accepts",
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                (codes::UNSUPPORTED_MEDIA_TYPE, "unsupported content type")
            }
            StatusCode::REQUEST_TIMEOUT
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT => (
                codes::TIMEOUT,
                "the request took longer than the server allows",
            ),
            s if s.is_server_error() => (codes::INTERNAL, "internal server error"),
            _ => (codes::BAD_REQUEST, "bad request"),
        };
        ApiError::new(status, code, message)
    }
}

impl ApiError {
    /// The JSON body `{code, message}`.
    pub fn json_body(&self) -> Vec<u8> {
        serde_json::to_vec(&Body {
            code: self.code,
            message: &self.message,
        })
        .unwrap_or_else(|_| br#"{"code":"internal","message":"error"}"#.to_vec())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = self.json_body();
        (
            self.status,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        if sitrep_store_pg::is_store_connection_lost(&e) {
            return ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                codes::DATABASE_UNAVAILABLE,
                format!(
                    "lost the connection to the database ({e}); the next request connects again"
                ),
            );
        }
        match &e {
            StoreError::NotFound(_) => ApiError::not_found(e.to_string()),
            StoreError::AmbiguousId { .. } => {
                ApiError::new(StatusCode::CONFLICT, codes::AMBIGUOUS_ID, e.to_string())
            }
            StoreError::InvalidQuery(_) => ApiError::new(
                StatusCode::BAD_REQUEST,
                codes::INVALID_PARAMETER,
                e.to_string(),
            ),
            _ => ApiError::internal(e.to_string()),
        }
    }
}

impl From<ServeError> for ApiError {
    /// A connection that could not be opened again.
    fn from(e: ServeError) -> ApiError {
        match &e {
            ServeError::Postgres { error, .. } if error.is_connection_lost() => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                codes::DATABASE_UNAVAILABLE,
                e.to_string(),
            ),
            _ => ApiError::internal(e.to_string()),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
