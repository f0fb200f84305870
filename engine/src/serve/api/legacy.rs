//! hetida's deprecated execution routes, still present in 0.9.8 (hetida-compat §1.4):
//! `POST /api/workflows/{id}/execute` and `POST /api/components/{id}/execute` with a
//! camelCase `WiringFrontendDto` body and `run_pure_plot_operators` / `job_id` as query
//! parameters. They are turned into an `execute` request and answered like it.

use super::error::ApiError;
use super::execute::run_by_id;
use super::revisions::flag;
use super::schema::{DetailText, ValidationErrors};
use super::transformations::uuid_param;
use super::Api;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use rheo_core::model::transformation::TrafoType;
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// The camelCase keys of a frontend wiring entry and their names in a current wiring.
const KEYS: [(&str, &str); 8] = [
    ("workflowInputName", "workflow_input_name"),
    ("workflowOutputName", "workflow_output_name"),
    ("adapterId", "adapter_id"),
    ("refId", "ref_id"),
    ("refIdType", "ref_id_type"),
    ("refKey", "ref_key"),
    ("type", "type"),
    ("filters", "filters"),
];

/// One wiring entry in the current form (unknown keys, such as the entry's own `id`, are
/// dropped as hetida's conversion drops them).
fn entry(v: &Value) -> Value {
    let mut out = Map::new();
    for (camel, snake) in KEYS {
        if let Some(x) = v.get(camel) {
            out.insert(snake.to_string(), x.clone());
        }
    }
    Value::Object(out)
}

/// The `WiringFrontendDto` body as a current `WorkflowWiring`.
fn wiring(dto: &Value) -> Result<Value, ApiError> {
    let list = |key: &str| -> Result<Vec<Value>, ApiError> {
        match dto.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items.iter().map(entry).collect()),
            Some(_) => Err(ApiError::Invalid {
                loc: vec!["body".into(), key.into()],
                msg: "value is not a valid list".into(),
                kind: "type_error.list",
            }),
        }
    };
    Ok(json!({"input_wirings": list("inputWirings")?, "output_wirings": list("outputWirings")?}))
}

/// Builds the `execute` request of a legacy call for a revision of type `expected`.
async fn legacy(
    api: Arc<Api>,
    id: String,
    query: Vec<(String, String)>,
    body: Bytes,
    expected: TrafoType,
) -> Result<Response, ApiError> {
    let id = uuid_param("path", "id", &id)?;
    if let Ok(t) = api
        .executor
        .engine()
        .resolve(&rheo_core::model::request::Target::Id(id.clone()))
    {
        if t.trafo_type != expected {
            return Err(ApiError::not_found(format!(
                "Transformation revision {id} is a {}, not a {}",
                t.trafo_type.as_str(),
                expected.as_str()
            )));
        }
    }
    let dto: Value = serde_json::from_slice(&body).map_err(|e| ApiError::Invalid {
        loc: vec!["body".into()],
        msg: format!("invalid JSON: {e}"),
        kind: "value_error.jsondecode",
    })?;
    let mut request = json!({
        "id": id,
        "wiring": wiring(&dto)?,
        "run_pure_plot_operators": flag(&query, "run_pure_plot_operators")?,
    });
    if let Some((_, job_id)) = query.iter().find(|(k, _)| k == "job_id") {
        request["job_id"] = json!(job_id);
    }
    run_by_id(&api, Bytes::from(request.to_string())).await
}

#[utoipa::path(post, path = "/api/workflows/{id}/execute", tag = "execution",
    params(("id" = String, Path), ("run_pure_plot_operators" = Option<bool>, Query), ("job_id" = Option<String>, Query)),
    request_body(content = Object, description = "hetida's camelCase WiringFrontendDto (deprecated route)", content_type = "application/json"),
    responses((status = 200, description = "The execution response", body = Object),
        (status = 404, description = "Not found, or not a workflow", body = DetailText),
        (status = 422, description = "Invalid request", body = ValidationErrors)))]
/// `POST /api/workflows/{id}/execute` (deprecated in hetida, kept for its clients).
pub async fn workflow(
    State(api): State<Arc<Api>>,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    legacy(api, id, query, body, TrafoType::Workflow).await
}

#[utoipa::path(post, path = "/api/components/{id}/execute", tag = "execution",
    params(("id" = String, Path), ("run_pure_plot_operators" = Option<bool>, Query), ("job_id" = Option<String>, Query)),
    request_body(content = Object, description = "hetida's camelCase WiringFrontendDto (deprecated route)", content_type = "application/json"),
    responses((status = 200, description = "The execution response", body = Object),
        (status = 404, description = "Not found, or not a component", body = DetailText),
        (status = 422, description = "Invalid request", body = ValidationErrors)))]
/// `POST /api/components/{id}/execute` (deprecated in hetida, kept for its clients).
pub async fn component(
    State(api): State<Arc<Api>>,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    legacy(api, id, query, body, TrafoType::Component).await
}
