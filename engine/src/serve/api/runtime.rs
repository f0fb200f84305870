//! `POST /engine/runtime` (hetida-compat §1.6): the runtime-level request a hetida backend
//! sends to its runtime service when the two run apart. With it, Rheo can stand in for
//! hetida's runtime behind an unchanged hetida backend
//! (`HETIDA_DESIGNER_RUNTIME_ENGINE_URL=http://rheo:PORT/engine/`).

use super::error::ApiError;
use super::schema::{DetailText, ValidationErrors};
use super::{parse_body, Api, Recorded};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use rheo_core::model::runtime::{RuntimeInputError, WorkflowExecutionInput};
use std::sync::Arc;
use uuid::Uuid;

#[utoipa::path(post, path = "/engine/runtime", tag = "execution",
    request_body(content = Object, description = "hetida's runtime-level WorkflowExecutionInput (hetida-compat §1.6)", content_type = "application/json"),
    responses((status = 200, description = "hetida's WorkflowExecutionResult, failures included", body = Object),
        (status = 422, description = "Invalid request", body = ValidationErrors), (status = 413, description = "Body over max_request_bytes"), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `POST /engine/runtime`: executes a workflow tree sent whole, with its components.
pub async fn run(State(api): State<Arc<Api>>, body: Bytes) -> Result<Response, ApiError> {
    let size = body.len();
    let _held = api.hold_body(size)?;
    let mut input = parse(body).await?;
    let job_id = *input.job_id.get_or_insert_with(Uuid::new_v4);
    let run = Recorded {
        job_id,
        revision_group_id: None,
        request_bytes: size,
    };
    let (_, json) = api
        .execute_recorded(run, move |engine| engine.execute_runtime(&input))
        .await;
    Ok(([(CONTENT_TYPE, "application/json")], json).into_response())
}

/// The body as a `WorkflowExecutionInput` checked by hetida's request-level rules; 422
/// naming the problem otherwise.
async fn parse(body: Bytes) -> Result<WorkflowExecutionInput, ApiError> {
    let parsed = parse_body(body, |b| {
        serde_json::from_slice::<WorkflowExecutionInput>(b)
    })
    .await?;
    let input = parsed.map_err(|e| invalid_body(&e))?;
    input.validate().map_err(|e| {
        let field = match e {
            RuntimeInputError::NotUnique("Code Modules") => "code_modules",
            RuntimeInputError::NotUnique(_) => "components",
            _ => "configuration",
        };
        ApiError::Invalid {
            loc: vec!["body".into(), field.into()],
            msg: e.to_string(),
            kind: "value_error",
        }
    })?;
    Ok(input)
}

/// 422 for a body serde could not read: a missing field as pydantic words it, anything else
/// with serde's line and column.
fn invalid_body(e: &serde_json::Error) -> ApiError {
    let text = e.to_string();
    if let Some(field) = text
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        return ApiError::Invalid {
            loc: vec!["body".into(), field.into()],
            msg: "field required".into(),
            kind: "value_error.missing",
        };
    }
    let kind = if e.is_syntax() || e.is_eof() {
        "value_error.jsondecode"
    } else {
        "value_error"
    };
    ApiError::Invalid {
        loc: vec!["body".into()],
        msg: format!("invalid WorkflowExecutionInput: {text}"),
        kind,
    }
}
