//! Changing the transformation store over HTTP: `PUT /api/transformations/{id}` (update or
//! create, with hetida's rules of §11.4) and `DELETE /api/transformations/{id}`. Changes are
//! written to the store directory and take effect for executions that start afterwards.

use super::error::ApiError;
use super::schema::{DetailText, ValidationErrors};
use super::transformations::uuid_param;
use super::Api;
use crate::store::{Store, StoreError};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rheo_core::model::request::coerce_bool;
use rheo_core::model::transformation::{State as TrafoState, TransformationRevision};
use rheo_core::value::timestamp::now_isoformat;
use serde_json::Value;
use std::sync::Arc;

/// A refused change (409 with a text).
fn conflict(detail: String) -> ApiError {
    ApiError::Detail {
        status: StatusCode::CONFLICT,
        detail,
    }
}

/// A boolean query flag (pydantic's coercion), `false` when absent.
pub(super) fn flag(query: &[(String, String)], name: &str) -> Result<bool, ApiError> {
    match query.iter().find(|(k, _)| k == name) {
        None => Ok(false),
        Some((_, v)) => coerce_bool(name, &Value::from(v.as_str()))
            .map_err(|e| ApiError::param("query", name, e.to_string())),
    }
}

/// Runs a store change off the async runtime (it writes files).
async fn change_store<T: Send + 'static>(
    api: &Arc<Api>,
    change: impl FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let engine = api.executor.engine().clone();
    tokio::task::spawn_blocking(move || engine.update_store(change))
        .await
        .map_err(|e| ApiError::Detail {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            detail: format!("the store change failed: {e}"),
        })?
}

pub(super) fn store_failed(e: StoreError) -> ApiError {
    ApiError::Detail {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        detail: format!("could not write the store: {e}"),
    }
}

#[utoipa::path(put, path = "/api/transformations/{id}", tag = "transformations",
    params(("id" = String, Path), ("allow_overwrite_released" = Option<bool>, Query)),
    request_body(content = Object, description = "a transformation revision (hetida's JSON)", content_type = "application/json"),
    responses((status = 201, description = "Stored", body = Object), (status = 409, description = "Conflict", body = DetailText), (status = 422, description = "Invalid request", body = ValidationErrors), (status = 413, description = "Body over max_request_bytes"), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `PUT /api/transformations/{id}[?allow_overwrite_released=true]`: stores the revision in
/// the body; 201 with what was stored.
pub async fn put(
    State(api): State<Arc<Api>>,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let id = uuid_param("path", "id", &id)?;
    let allow = flag(&query, "allow_overwrite_released")?;
    let mut trafo: TransformationRevision =
        serde_json::from_slice(&body).map_err(|e| ApiError::Invalid {
            loc: vec!["body".into()],
            msg: format!("not a transformation revision: {e}"),
            kind: "value_error",
        })?;
    trafo.id = uuid_param("body", "id", &trafo.id)?;
    if trafo.id != id {
        return Err(conflict(format!(
            "The id {id} does not match the id of the transformation revision {}",
            trafo.id
        )));
    }
    let stored = change_store(&api, move |store| {
        let next = updated(store.get(&trafo.id).map(|t| t.as_ref()), trafo, allow)?;
        store.put(next).map_err(store_failed)
    })
    .await?;
    let body = serde_json::to_vec(stored.as_ref()).unwrap_or_default();
    Ok((
        StatusCode::CREATED,
        [(CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response())
}

/// hetida's update-or-create rules: what to store when `new` arrives and `stored` is held.
pub(super) fn updated(
    stored: Option<&TransformationRevision>,
    mut new: TransformationRevision,
    allow_overwrite_released: bool,
) -> Result<TransformationRevision, ApiError> {
    let Some(old) = stored else {
        if new.state == TrafoState::Released && new.released_timestamp.is_none() {
            new.released_timestamp = Some(now_isoformat());
        }
        return Ok(new);
    };
    if old.trafo_type != new.trafo_type {
        return Err(conflict(format!(
            "The type of transformation revision {} cannot change ({} to {})",
            new.id,
            old.trafo_type.as_str(),
            new.trafo_type.as_str()
        )));
    }
    if !allow_overwrite_released && !only_wiring_or_docs_differ(old, &new) {
        let refused = match old.state {
            TrafoState::Disabled => true,
            TrafoState::Released => new.state != TrafoState::Disabled,
            TrafoState::Draft => false,
        };
        if refused {
            return Err(conflict(format!(
                "Transformation revision {} is {} and cannot be overwritten (set allow_overwrite_released=true, or only change its test wiring or documentation)",
                new.id,
                old.state.as_str()
            )));
        }
    }
    match (old.state, new.state) {
        (TrafoState::Draft, TrafoState::Released) => new.released_timestamp = Some(now_isoformat()),
        (TrafoState::Released, TrafoState::Disabled) => {
            new.disabled_timestamp = Some(now_isoformat())
        }
        _ => {}
    }
    Ok(new)
}

/// Whether `new` equals `old` but for its test wiring and documentation.
fn only_wiring_or_docs_differ(old: &TransformationRevision, new: &TransformationRevision) -> bool {
    let mut same = new.clone();
    same.test_wiring = old.test_wiring.clone();
    same.documentation = old.documentation.clone();
    same == *old
}

#[utoipa::path(delete, path = "/api/transformations/{id}", tag = "transformations",
    params(("id" = String, Path), ("ignore_state" = Option<bool>, Query)),
    responses((status = 204, description = "Deleted"), (status = 404, description = "Not found", body = DetailText), (status = 409, description = "Conflict", body = DetailText), (status = 422, description = "Invalid request", body = ValidationErrors), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `DELETE /api/transformations/{id}[?ignore_state=true]`: 204; only DRAFT revisions
/// unless `ignore_state`, and never one a stored workflow runs (409 naming it).
pub async fn delete(
    State(api): State<Arc<Api>>,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<StatusCode, ApiError> {
    let id = uuid_param("path", "id", &id)?;
    let ignore_state = flag(&query, "ignore_state")?;
    change_store(&api, move |store| {
        let Some(t) = store.get(&id) else {
            return Err(ApiError::not_found(format!(
                "Could not find transformation revision {id}:\n"
            )));
        };
        if t.state != TrafoState::Draft && !ignore_state {
            return Err(conflict(format!(
                "Transformation revision {id} cannot be deleted since it is in state {} (set ignore_state=true)",
                t.state.as_str()
            )));
        }
        if let Some(user) = store.users_of(&id).first() {
            return Err(conflict(format!(
                "Transformation revision {id} is used by workflow '{}' ({}) and cannot be deleted",
                user.name, user.id
            )));
        }
        store.remove(&id).map_err(store_failed)
    })
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
