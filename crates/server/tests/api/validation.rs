//! What the API accepts and answers (issue 12): document ids, dates, the id in the ingest
//! answer, and an OpenAPI document that says so.

use super::security::{doc_line, document_count, EVENT};
use super::*;

/// Issue 12, finding 5: a 1 MB id and an id containing NUL were accepted.
#[tokio::test]
async fn oversized_id_and_id_with_nul_are_rejected() {
    let (_dir, app) = empty(Config::default());
    let body = format!(
        "{}{}",
        doc_line(&"a".repeat(1_000_000), EVENT),
        doc_line("a\u{0}b", EVENT)
    );
    let r = post(&app, "/api/documents", body).await;
    r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "no_valid_documents");
    let rejected = r.json()["rejected"].clone();
    assert_eq!(rejected[0]["code"], "bad_field");
    assert_eq!(rejected[0]["line"], 1);
    assert!(rejected[0]["message"]
        .as_str()
        .unwrap_or("")
        .contains("1000000 bytes"));
    assert_eq!(rejected[1]["code"], "bad_field");
    assert!(rejected[1]["message"]
        .as_str()
        .unwrap_or("")
        .contains("U+0000"));
    assert_eq!(document_count(&app).await, 0);
}

/// Issue 12, finding 5: `published=-0001-01-01` was accepted and stored.
#[tokio::test]
async fn published_out_of_range_is_rejected() {
    let (_dir, app) = empty(Config::default());
    for d in [
        "-0001-01-01",
        "0000-01-01",
        "1799-12-31",
        "2201-01-01",
        "+10000-01-01",
    ] {
        let r = post(
            &app,
            &format!("/api/documents?published={d}"),
            doc_line("x", EVENT),
        )
        .await;
        r.assert_error(StatusCode::BAD_REQUEST, "invalid_parameter");
        assert!(
            r.json()["message"]
                .as_str()
                .unwrap_or("")
                .contains("published"),
            "{d}"
        );
        get(&app, &format!("/api/events?since={d}"))
            .await
            .assert_error(StatusCode::BAD_REQUEST, "invalid_parameter");
    }
    assert_eq!(document_count(&app).await, 0);
    for d in ["1800-01-01", "2200-12-31"] {
        let r = post(
            &app,
            &format!("/api/documents?published={d}"),
            serde_json::json!({ "id": d, "text": format!("{EVENT} On {d}.") }).to_string(),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{d}: {}", r.text());
    }
}

/// Issue 12, finding 5: a "duplicate" answer echoed the posted id rather than the id the
/// text is stored under (and an id that clashed was answered without its suffix).
#[tokio::test]
async fn duplicate_answer_returns_the_stored_id() {
    let (_dir, app) = empty(Config::default());
    let r = post(&app, "/api/documents", doc_line("first", EVENT)).await;
    assert_eq!(r.json()["stored"][0]["id"], "first");
    let r = post(&app, "/api/documents", doc_line("second", EVENT)).await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["stored"][0]["status"], "duplicate");
    assert_eq!(v["stored"][0]["id"], "first");
    // The same id with another text is kept under a suffixed id, and says so.
    let r = post(
        &app,
        "/api/documents",
        doc_line("first", &format!("{EVENT} Updated.")),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let id = r.json()["stored"][0]["id"]
        .as_str()
        .expect("id")
        .to_string();
    assert!(
        id.starts_with("first#") && id.len() > "first#".len(),
        "{id}"
    );
    let d = get(&app, &format!("/api/documents/{}", enc(&id))).await;
    assert_eq!(d.status, StatusCode::OK, "{id}");
    assert!(d.json()["text"]
        .as_str()
        .unwrap_or("")
        .ends_with("Updated."));
}

/// The OpenAPI document names every error code, the write content types and the token.
#[tokio::test]
async fn openapi_describes_the_guards() {
    use sitrep_server::error::codes;
    let app = seeded();
    let v = get(&app, "/api/openapi.json").await.json();
    let description = v["info"]["description"].as_str().expect("description");
    for code in [
        codes::INVALID_PARAMETER,
        codes::UNKNOWN_PARAMETER,
        codes::BAD_REQUEST,
        codes::EMPTY_BODY,
        codes::UNAUTHORIZED,
        codes::HOST_NOT_ALLOWED,
        codes::ORIGIN_NOT_ALLOWED,
        codes::NOT_FOUND,
        codes::AMBIGUOUS_ID,
        codes::METHOD_NOT_ALLOWED,
        codes::PAYLOAD_TOO_LARGE,
        codes::URI_TOO_LONG,
        codes::UNSUPPORTED_MEDIA_TYPE,
        codes::HEADERS_TOO_LARGE,
        codes::NO_VALID_DOCUMENTS,
        codes::TIMEOUT,
        codes::DATABASE_UNAVAILABLE,
        codes::INTERNAL,
    ] {
        assert!(
            description.contains(code),
            "{code} missing from the OpenAPI description"
        );
    }
    let post = &v["paths"]["/api/documents"]["post"];
    for status in ["401", "403", "413", "415", "422"] {
        assert!(post["responses"].get(status).is_some(), "{status}");
    }
    let types = post["requestBody"]["content"].as_object().expect("content");
    assert!(types.contains_key("application/x-ndjson") && types.contains_key("application/json"));
    assert!(!types.keys().any(|t| t.starts_with("text/")));
    assert_eq!(
        v["components"]["securitySchemes"]["bearerAuth"]["scheme"],
        "bearer"
    );
}
