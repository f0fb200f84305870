//! `PUT /api/transformations`: imports a list of revisions (hetida's export objects and
//! component code strings, as `GET /api/transformations` lists them) with the update rules
//! of `PUT /api/transformations/{id}`, and answers 207 with one status per entry (SUCCESS,
//! FAILED, IGNORED, NOT_TRIED), as hetida does. Workflows are stored after what they nest;
//! the whole import is one store change.

use super::error::ApiError;
use super::revisions::{store_failed, updated};
use super::schema::{DetailText, ImportStatus, ValidationErrors};
use super::Api;
use crate::py_component::component_from_py;
use crate::store::{nesting_order, Store, StoreError};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use indexmap::IndexMap;
use rheo_core::model::transformation::TransformationRevision;
use serde_json::Value;
use std::sync::Arc;

/// An entry of the list, read: its key in the answer and the revision (or why not).
type Entry = (String, Result<TransformationRevision, String>);

/// The key of an entry in the answer: the revision id, else the code string itself, else
/// its position.
fn read_entry(i: usize, v: Value) -> Entry {
    match v {
        Value::String(code) => {
            let read = component_from_py(&code).map_err(|e| e.to_string());
            (code, read)
        }
        other => {
            let key = other
                .get("id")
                .and_then(Value::as_str)
                .map_or_else(|| i.to_string(), str::to_string);
            let read = serde_json::from_value(other)
                .map_err(|e| format!("not a transformation revision: {e}"));
            (key, read)
        }
    }
}

fn status(status: &str, msg: String, t: Option<&TransformationRevision>) -> ImportStatus {
    ImportStatus {
        status: status.into(),
        msg,
        name: t.map(|t| t.name.clone()),
        version_tag: t.map(|t| t.version_tag.clone()),
    }
}

/// The text of a refusal, without its status.
fn text_of(e: ApiError) -> String {
    match e {
        ApiError::Detail { detail, .. } => detail,
        other => other.to_string(),
    }
}

/// Options of the import (query parameters).
#[derive(Debug, Clone, Copy, Default)]
struct Options {
    allow_overwrite_released: bool,
    abort_on_error: bool,
    strip_wirings: bool,
}

#[utoipa::path(put, path = "/api/transformations", tag = "transformations",
    params(("allow_overwrite_released" = Option<bool>, Query), ("abort_on_error" = Option<bool>, Query),
        ("strip_wirings" = Option<bool>, Query, description = "store every test wiring empty")),
    request_body(content = Vec<Object>, description = "revisions (hetida's JSON) and component code strings", content_type = "application/json"),
    responses((status = 207, description = "One status per entry", body = std::collections::BTreeMap<String, ImportStatus>),
        (status = 422, description = "Invalid request", body = ValidationErrors),
        (status = 413, description = "Body over max_request_bytes"),
        (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `PUT /api/transformations`: imports the list; 207 with a status per entry.
pub async fn put_many(
    State(api): State<Arc<Api>>,
    Query(query): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let options = Options {
        allow_overwrite_released: super::revisions::flag(&query, "allow_overwrite_released")?,
        abort_on_error: super::revisions::flag(&query, "abort_on_error")?,
        strip_wirings: super::revisions::flag(&query, "strip_wirings")?,
    };
    let list: Vec<Value> = serde_json::from_slice(&body).map_err(|e| ApiError::Invalid {
        loc: vec!["body".into()],
        msg: format!("expected a list of transformation revisions and code strings: {e}"),
        kind: "type_error.list",
    })?;
    let engine = api.executor.engine().clone();
    let statuses = tokio::task::spawn_blocking(move || {
        let entries: Vec<Entry> = list
            .into_iter()
            .enumerate()
            .map(|(i, v)| read_entry(i, v))
            .collect();
        engine.update_store(|store| Ok::<_, ApiError>(import(store, entries, options)))
    })
    .await
    .map_err(|e| ApiError::Detail {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        detail: format!("the import failed: {e}"),
    })??;
    Ok((StatusCode::MULTI_STATUS, Json(statuses)).into_response())
}

/// Stores what can be stored, in nesting order; every entry gets a status.
fn import(
    store: &mut Store,
    entries: Vec<Entry>,
    options: Options,
) -> IndexMap<String, ImportStatus> {
    let mut out = IndexMap::new();
    let mut readable = Vec::new();
    let mut keys = std::collections::HashMap::new();
    for (key, read) in entries {
        match read {
            Ok(mut t) => {
                if options.strip_wirings {
                    t.test_wiring = Some(Default::default());
                }
                keys.insert(t.id.clone(), key.clone());
                out.insert(key, status("NOT_TRIED", String::new(), Some(&t)));
                readable.push(t);
            }
            Err(msg) => {
                out.insert(key, status("FAILED", msg, None));
            }
        }
    }
    let ordered = loop {
        match nesting_order(&readable, store) {
            Ok(o) => break o,
            Err(StoreError::MissingNested { id, missing, .. }) => {
                readable.retain(|t| t.id != id);
                let msg = format!("it nests {missing}, which is neither stored nor in the list");
                out.insert(keys[&id].clone(), status("FAILED", msg, None));
            }
            Err(e) => {
                for t in &readable {
                    out.insert(
                        keys[&t.id].clone(),
                        status("FAILED", e.to_string(), Some(t)),
                    );
                }
                return out;
            }
        }
    };
    let mut failed = out.values().any(|s| s.status == "FAILED");
    for t in ordered {
        let key = keys[&t.id].clone();
        if failed && options.abort_on_error {
            continue; // stays NOT_TRIED
        }
        let result = match updated(
            store.get(&t.id).map(|s| s.as_ref()),
            t.clone(),
            options.allow_overwrite_released,
        ) {
            Ok(next) => store.put(next).map_err(|e| text_of(store_failed(e))),
            Err(e) => Err(text_of(e)),
        };
        let entry = match result {
            Ok(_) => status("SUCCESS", String::new(), Some(&t)),
            Err(msg) => {
                failed = true;
                status("FAILED", msg, Some(&t))
            }
        };
        out.insert(key, entry);
    }
    out
}
