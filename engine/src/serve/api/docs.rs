//! `GET /openapi.json`, the API's OpenAPI document (generated at start from the handlers'
//! `#[utoipa::path]` annotations and the answer types), and `GET /docs`, a page listing its
//! operations that works without network access (no script from elsewhere).

use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use axum::Router;
use std::fmt::Write;
use std::sync::Arc;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::OpenApi;

/// The operations of a path, with their methods.
fn operations(item: &PathItem) -> Vec<(&'static str, &Operation)> {
    [
        ("GET", &item.get),
        ("POST", &item.post),
        ("PUT", &item.put),
        ("DELETE", &item.delete),
        ("PATCH", &item.patch),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
    .collect()
}

/// `text` with HTML's special characters escaped.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The `/docs` page: every operation with its summary and description.
fn page(doc: &OpenApi) -> String {
    let mut html = String::from(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Rheo API</title>\
         <style>body{font-family:sans-serif;max-width:60em;margin:2em auto}code{background:#eee}\
         h2{font-size:1.1em;margin-top:1.5em}</style></head><body><h1>Rheo API</h1>\
         <p>The machine-readable document: <a href=\"/openapi.json\">/openapi.json</a>. \
         Every route also answers with a trailing slash.</p>",
    );
    for (path, item) in &doc.paths.paths {
        for (method, op) in operations(item) {
            let summary = op.summary.as_deref().unwrap_or_default();
            let description = op.description.as_deref().unwrap_or_default();
            let _ = write!(
                html,
                "<h2><code>{method} {}</code></h2><p>{}</p><p>{}</p>",
                escape(path),
                escape(summary),
                escape(description)
            );
        }
    }
    html.push_str("</body></html>");
    html
}

/// The routes of the document and the page.
pub fn router(doc: OpenApi) -> Router {
    let json: Arc<str> = doc.to_pretty_json().unwrap_or_default().into();
    let html: Arc<str> = page(&doc).into();
    Router::new()
        .route(
            "/openapi.json",
            get(move || async move { ([(CONTENT_TYPE, "application/json")], json.to_string()) }),
        )
        .route(
            "/docs",
            get(move || async move {
                (
                    [(CONTENT_TYPE, "text/html; charset=utf-8")],
                    html.to_string(),
                )
            }),
        )
}
