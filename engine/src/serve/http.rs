//! HTTP endpoints of `rheo serve`: `GET /health` and `GET /metrics` (Prometheus text).

use super::metrics::Metrics;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use std::sync::Arc;

/// The router with the operational endpoints.
pub fn router(metrics: Arc<Metrics>) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/metrics", get(metrics_text))
        .with_state(metrics)
}

async fn health(State(m): State<Arc<Metrics>>) -> impl IntoResponse {
    Json(
        serde_json::json!({"status": "ok", "in_flight": m.in_flight(), "results_total": m.results_total()}),
    )
}

async fn metrics_text(State(m): State<Arc<Metrics>>) -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/plain; version=0.0.4")], m.render())
}
