//! The web page: every asset is compiled into the binary.

use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

const INDEX: &str = include_str!("../web/index.html");
const APP_JS: &str = include_str!("../web/app.js");
const STYLE: &str = include_str!("../web/style.css");
const BASEMAP: &[u8] = include_bytes!("../../../data/basemap/basemap.json");

/// The content security policy and the other security headers are on every answer
/// (`crate::guard::SECURITY_HEADERS`).
fn with_headers(body: Response, cache: &'static str) -> Response {
    let mut res = body;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}

pub(crate) async fn index() -> Response {
    with_headers(
        ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX).into_response(),
        "no-cache",
    )
}

pub(crate) async fn asset(Path(name): Path<String>) -> Response {
    let (ctype, body): (&'static str, &'static [u8]) = match name.as_str() {
        "app.js" => ("text/javascript; charset=utf-8", APP_JS.as_bytes()),
        "style.css" => ("text/css; charset=utf-8", STYLE.as_bytes()),
        "basemap.json" => ("application/json", BASEMAP),
        _ => return ApiError::not_found(format!("no asset {name}")).into_response(),
    };
    with_headers(
        ([(header::CONTENT_TYPE, ctype)], body).into_response(),
        "no-cache",
    )
}
