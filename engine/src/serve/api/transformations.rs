//! Reading the transformation store over HTTP (hetida-compat §11.4): `GET
//! /api/transformations` with hetida's filters, `GET /api/transformations/{id}`, and the
//! service descriptions `GET /api/info` and `GET /engine/info`.

use super::error::ApiError;
use super::schema::{ApiInfo, DetailText, EngineInfo, ValidationErrors};
use super::Api;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rheo_core::model::request::normalize_uuid;
use rheo_core::model::transformation::TransformationRevision;
use serde_json::Value;
use std::sync::Arc;

/// The hetida version whose API Rheo speaks.
pub const HETIDA_VERSION: &str = "0.9.8";

/// hetida's filters of `GET /api/transformations`; every given one must match.
#[derive(Debug, Default)]
struct Filter {
    trafo_type: Option<String>,
    state: Option<String>,
    category: Option<String>,
    category_prefix: Option<String>,
    revision_group_id: Option<String>,
    ids: Vec<String>,
    names: Vec<String>,
    include_deprecated: bool,
}

impl Filter {
    /// Reads the filters from the query; unknown parameters are ignored (as FastAPI does),
    /// bad values are 422. `id` and `name` may be repeated.
    fn from_query(query: &[(String, String)]) -> Result<Self, ApiError> {
        let mut f = Filter {
            include_deprecated: true,
            ..Filter::default()
        };
        for (k, v) in query {
            match k.as_str() {
                "type" => f.trafo_type = Some(one_of(k, v, &["COMPONENT", "WORKFLOW"])?),
                "state" => f.state = Some(one_of(k, v, &["DRAFT", "RELEASED", "DISABLED"])?),
                "category" => f.category = Some(v.clone()),
                "category_prefix" => f.category_prefix = Some(v.clone()),
                "revision_group_id" => f.revision_group_id = Some(uuid_param("query", k, v)?),
                "id" => f.ids.push(uuid_param("query", k, v)?),
                "name" => f.names.push(v.clone()),
                "include_deprecated" => {
                    f.include_deprecated =
                        rheo_core::model::request::coerce_bool(k, &Value::from(v.as_str()))
                            .map_err(|e| ApiError::param("query", k, e.to_string()))?
                }
                _ => {}
            }
        }
        Ok(f)
    }

    fn matches(&self, t: &TransformationRevision) -> bool {
        let eq = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
        eq(&self.trafo_type, t.trafo_type.as_str())
            && eq(&self.state, t.state.as_str())
            && eq(&self.category, t.category_or_default())
            && self
                .category_prefix
                .as_deref()
                .is_none_or(|p| t.category_or_default().starts_with(p))
            && eq(&self.revision_group_id, &t.revision_group_id)
            && (self.ids.is_empty() || self.ids.contains(&t.id))
            && (self.names.is_empty() || self.names.contains(&t.name))
            && (self.include_deprecated || t.state.as_str() != "DISABLED")
    }
}

/// `v` upper-cased if it is one of `allowed`, else 422 naming them.
fn one_of(name: &str, v: &str, allowed: &[&str]) -> Result<String, ApiError> {
    let up = v.to_ascii_uppercase();
    if allowed.contains(&up.as_str()) {
        Ok(up)
    } else {
        Err(ApiError::param(
            "query",
            name,
            format!(
                "value is not a valid enumeration member; permitted: {}",
                allowed.join(", ")
            ),
        ))
    }
}

/// A UUID parameter in hetida's normal form, else 422.
pub(super) fn uuid_param(place: &str, name: &str, v: &str) -> Result<String, ApiError> {
    normalize_uuid(name, &Value::from(v)).map_err(|e| ApiError::param(place, name, e.to_string()))
}

#[utoipa::path(get, path = "/api/transformations", tag = "transformations",
    params(("type" = Option<String>, Query, description = "COMPONENT or WORKFLOW"),
        ("state" = Option<String>, Query, description = "DRAFT, RELEASED or DISABLED"),
        ("category" = Option<String>, Query), ("category_prefix" = Option<String>, Query),
        ("revision_group_id" = Option<String>, Query), ("id" = Option<String>, Query, description = "repeatable"),
        ("name" = Option<String>, Query, description = "repeatable"), ("include_deprecated" = Option<bool>, Query)),
    responses((status = 200, description = "Transformation revisions (hetida's JSON)", body = Vec<Object>), (status = 422, description = "Invalid request", body = ValidationErrors), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `GET /api/transformations`: the stored revisions the filters select, in the store's
/// order (type, category, name, version).
pub async fn list(
    State(api): State<Arc<Api>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let filter = Filter::from_query(&query)?;
    let store = api.executor.engine().store();
    // The whole store is about a megabyte of JSON: encoded off the async runtime.
    tokio::task::spawn_blocking(move || {
        let selected: Vec<&TransformationRevision> = store
            .all()
            .into_iter()
            .map(|t| t.as_ref())
            .filter(|t| filter.matches(t))
            .collect();
        json_response(&selected)
    })
    .await
    .map_err(|e| ApiError::Detail {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        detail: format!("listing the transformations failed: {e}"),
    })?
}

/// `value` as a JSON response (serialized here: the store's revisions are borrowed).
fn json_response<T: serde::Serialize>(value: &T) -> Result<Response, ApiError> {
    let body = serde_json::to_vec(value).map_err(|e| ApiError::Detail {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        detail: format!("encoding the transformations failed: {e}"),
    })?;
    Ok(([(CONTENT_TYPE, "application/json")], body).into_response())
}

#[utoipa::path(get, path = "/api/transformations/{id}", tag = "transformations",
    params(("id" = String, Path, description = "revision id")),
    responses((status = 200, description = "The revision (hetida's JSON)", body = Object), (status = 404, description = "Not found", body = DetailText), (status = 422, description = "Invalid request", body = ValidationErrors), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `GET /api/transformations/{id}`: one revision, 404 when it is not stored.
pub async fn one(
    State(api): State<Arc<Api>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = uuid_param("path", "id", &id)?;
    match api.executor.engine().store().get(&id) {
        Some(t) => json_response(t.as_ref()),
        None => Err(ApiError::not_found(format!(
            "Could not find transformation revision {id}:\n"
        ))),
    }
}

#[utoipa::path(get, path = "/api/info", tag = "service", responses((status = 200, body = ApiInfo), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `GET /api/info`: hetida's greeting, plus Rheo's own version.
pub async fn api_info() -> Json<ApiInfo> {
    Json(ApiInfo {
        msg: "Here I am",
        version: HETIDA_VERSION,
        rheo_version: env!("CARGO_PKG_VERSION"),
    })
}

#[utoipa::path(get, path = "/engine/info", tag = "service", responses((status = 200, body = EngineInfo), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `GET /engine/info`: the runtime's version, as hetida's runtime answers.
pub async fn engine_info() -> Json<EngineInfo> {
    Json(EngineInfo {
        version: HETIDA_VERSION,
    })
}
