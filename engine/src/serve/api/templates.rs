//! Parameter templates over HTTP: `GET /api/templates`, and `GET` (`?version=N`), `PUT`
//! (stores the next version, 201) and `DELETE` (every version, 204)
//! `/api/templates/{name}`. Jobs and Kafka requests use them as
//! `{"template": NAME, "inputs": {...}}`.

use super::error::ApiError;
use super::schema::{DetailText, TemplateVersion, ValidationErrors};
use super::Api;
use crate::jobs::runner::blocking;
use crate::jobs::templates::Template;
use crate::jobs::templates::{self, TemplateError};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::sync::Arc;

/// The HTTP answer for a template problem.
pub fn template_failed(e: TemplateError) -> ApiError {
    match e {
        TemplateError::NotFound(_) => ApiError::not_found(e.to_string()),
        TemplateError::NoDatabase | TemplateError::Db(_) => ApiError::Detail {
            status: StatusCode::SERVICE_UNAVAILABLE,
            detail: e.to_string(),
        },
        TemplateError::BadName(_) => ApiError::param("path", "name", e.to_string()),
        TemplateError::FixedInput { .. } => ApiError::param("body", "inputs", e.to_string()),
        TemplateError::Invalid { .. } => ApiError::Invalid {
            loc: vec!["body".into()],
            msg: e.to_string(),
            kind: "value_error",
        },
    }
}

fn db(api: &Api) -> Result<&Arc<crate::jobs::db::JobDb>, ApiError> {
    api.jobs
        .as_ref()
        .map(|j| j.db())
        .ok_or_else(|| template_failed(TemplateError::NoDatabase))
}

#[utoipa::path(get, path = "/api/templates", tag = "templates",
    responses((status = 200, body = Vec<TemplateVersion>), (status = 503, description = "Busy, or no job database", body = DetailText), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `GET /api/templates`: names with their latest versions.
pub async fn list(State(api): State<Arc<Api>>) -> Result<Response, ApiError> {
    let names = blocking(db(&api)?, |db| db.template_names())
        .await
        .map_err(|e| template_failed(e.into()))?;
    let list: Vec<TemplateVersion> = names
        .into_iter()
        .map(|(name, version)| TemplateVersion { name, version })
        .collect();
    Ok(Json(list).into_response())
}

#[utoipa::path(get, path = "/api/templates/{name}", tag = "templates",
    params(("name" = String, Path), ("version" = Option<i64>, Query)),
    responses((status = 200, body = Template), (status = 404, description = "Not found", body = DetailText), (status = 422, description = "Invalid request", body = ValidationErrors), (status = 503, description = "Busy, or no job database", body = DetailText), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `GET /api/templates/{name}[?version=N]`.
pub async fn show(
    State(api): State<Arc<Api>>,
    Path(name): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    templates::check_name(&name).map_err(template_failed)?;
    let version = match query.iter().find(|(k, _)| k == "version") {
        Some((_, v)) => Some(
            v.parse::<i64>()
                .map_err(|_| ApiError::param("query", "version", "value is not a valid integer"))?,
        ),
        None => None,
    };
    let key = name.clone();
    let found = blocking(db(&api)?, move |db| db.template(&key, version))
        .await
        .map_err(|e| template_failed(e.into()))?;
    found
        .map(|t| Json(t).into_response())
        .ok_or_else(|| template_failed(TemplateError::NotFound(name)))
}

#[utoipa::path(put, path = "/api/templates/{name}", tag = "templates", params(("name" = String, Path)),
    request_body(content = Template, content_type = "application/json"),
    responses((status = 201, description = "Stored as the next version", body = Template), (status = 422, description = "Invalid request", body = ValidationErrors), (status = 413, description = "Body over max_request_bytes"), (status = 503, description = "Busy, or no job database", body = DetailText), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `PUT /api/templates/{name}`: checks the body and that its transformation is stored, and
/// stores it as the next version.
pub async fn put(
    State(api): State<Arc<Api>>,
    Path(name): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let t = templates::parse(&name, &body).map_err(template_failed)?;
    if let Err(e) = api.executor.engine().resolve(&t.target()) {
        return Err(ApiError::Invalid {
            loc: vec!["body".into()],
            msg: format!("template {name}: {}", e.message),
            kind: "value_error",
        });
    }
    let stored = blocking(db(&api)?, move |db| db.put_template(&t))
        .await
        .map_err(|e| template_failed(e.into()))?;
    Ok((StatusCode::CREATED, Json(stored)).into_response())
}

#[utoipa::path(delete, path = "/api/templates/{name}", tag = "templates", params(("name" = String, Path)),
    responses((status = 204, description = "Every version deleted"), (status = 404, description = "Not found", body = DetailText), (status = 422, description = "Invalid request", body = ValidationErrors), (status = 503, description = "Busy, or no job database", body = DetailText), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `DELETE /api/templates/{name}`: 204, or 404 when there is none.
pub async fn delete(
    State(api): State<Arc<Api>>,
    Path(name): Path<String>,
) -> Result<StatusCode, ApiError> {
    templates::check_name(&name).map_err(template_failed)?;
    let key = name.clone();
    let deleted = blocking(db(&api)?, move |db| db.delete_template(&key))
        .await
        .map_err(|e| template_failed(e.into()))?;
    if deleted == 0 {
        return Err(template_failed(TemplateError::NotFound(name)));
    }
    Ok(StatusCode::NO_CONTENT)
}
