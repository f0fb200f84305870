//! [`ApiError`]: the 4xx/5xx answers of hetida's HTTP API, in FastAPI's shapes: validation
//! problems as `{"detail": [{"loc", "msg", "type"}]}` (422), deliberate refusals as
//! `{"detail": "<text>"}` with their status.

use super::schema::{DetailText, ValidationEntry, ValidationErrors};
use axum::http::header::{RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rheo_core::model::request::RequestError;

/// Why an API request got no 2xx answer.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A field failed validation (422, pydantic's error list with one entry).
    #[error("{msg} (at {loc:?})")]
    Invalid {
        /// Where: `["body", "id"]`, `["query", "callback_url"]`, ….
        loc: Vec<String>,
        /// What is wrong.
        msg: String,
        /// pydantic's error type (`value_error.missing`, `value_error`, …).
        kind: &'static str,
    },
    /// A deliberate refusal with a text (`{"detail": "..."}`).
    #[error("{status}: {detail}")]
    Detail {
        /// The status code.
        status: StatusCode,
        /// The text.
        detail: String,
    },
    /// The API token is required and was missing or wrong (401).
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    /// Every slot for background executions is taken (503 with `Retry-After`).
    #[error("busy: {0}")]
    Busy(String),
}

impl ApiError {
    /// 404 with hetida's "could not find" text.
    pub fn not_found(detail: String) -> Self {
        ApiError::Detail {
            status: StatusCode::NOT_FOUND,
            detail,
        }
    }

    /// 422 for a bad request body.
    pub fn body(e: &RequestError) -> Self {
        match e {
            RequestError::MissingField(field) => ApiError::Invalid {
                loc: vec!["body".into(), (*field).into()],
                msg: "field required".into(),
                kind: "value_error.missing",
            },
            RequestError::InvalidJson(m) => ApiError::Invalid {
                loc: vec!["body".into()],
                msg: format!("invalid JSON: {m}"),
                kind: "value_error.jsondecode",
            },
            other => ApiError::Invalid {
                loc: vec!["body".into()],
                msg: other.to_string(),
                kind: "value_error",
            },
        }
    }

    /// 422 for a bad query or path parameter.
    pub fn param(place: &str, name: &str, msg: impl Into<String>) -> Self {
        ApiError::Invalid {
            loc: vec![place.into(), name.into()],
            msg: msg.into(),
            kind: "value_error",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Invalid { loc, msg, kind } => {
                let detail = vec![ValidationEntry {
                    loc,
                    msg,
                    kind: kind.to_string(),
                }];
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Json(ValidationErrors { detail }),
                )
                    .into_response()
            }
            ApiError::Detail { status, detail } => {
                (status, Json(DetailText { detail })).into_response()
            }
            ApiError::Unauthorized(detail) => (
                StatusCode::UNAUTHORIZED,
                [(WWW_AUTHENTICATE, "Bearer")],
                Json(DetailText {
                    detail: detail.to_string(),
                }),
            )
                .into_response(),
            ApiError::Busy(detail) => (
                StatusCode::SERVICE_UNAVAILABLE,
                [(RETRY_AFTER, "1")],
                Json(DetailText { detail }),
            )
                .into_response(),
        }
    }
}
