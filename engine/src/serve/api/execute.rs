//! hetida's execution endpoints (hetida-compat §1.1–§1.3): `execute` and `execute-latest`
//! answer with the execution response; their `-async` variants answer 202 at once and POST
//! the response to the caller's `callback_url` when the execution has finished.

use super::error::ApiError;
use super::schema::{AsyncAccepted, DetailText, ValidationErrors};
use super::{parse_body, Api};
use crate::response::ExecutionResponse;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rheo_core::model::request::{ExecutionRequest, Expected, Target};
use rheo_core::ErrorKind;
use std::sync::Arc;
use tracing::{info, warn};

#[utoipa::path(post, path = "/api/transformations/execute", tag = "execution",
    request_body(content = Object, description = "hetida's execution request (hetida-compat §1)", content_type = "application/json"),
    responses((status = 200, description = "The execution response, failures included", body = Object),
        (status = 404, description = "Not found", body = DetailText), (status = 422, description = "Invalid request", body = ValidationErrors), (status = 413, description = "Body over max_request_bytes"), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `POST /api/transformations/execute`.
pub async fn by_id(State(api): State<Arc<Api>>, body: Bytes) -> Result<Response, ApiError> {
    run_by_id(&api, body).await
}

/// Accepts, executes and answers an `ExecByIdInput` body (also for the legacy routes).
pub(super) async fn run_by_id(api: &Api, body: Bytes) -> Result<Response, ApiError> {
    let size = body.len();
    let _held = api.hold_body(size)?;
    let req = accept(api, body, Expected::ById).await?;
    let (resp, json) = api.execute(req, size).await;
    answer(&resp, json)
}

#[utoipa::path(post, path = "/api/transformations/execute-latest", tag = "execution",
    request_body(content = Object, description = "hetida's execution request (hetida-compat §1)", content_type = "application/json"),
    responses((status = 200, description = "The execution response of the latest released revision", body = Object),
        (status = 404, description = "Not found", body = DetailText), (status = 422, description = "Invalid request", body = ValidationErrors), (status = 413, description = "Body over max_request_bytes"), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `POST /api/transformations/execute-latest`.
pub async fn latest(State(api): State<Arc<Api>>, body: Bytes) -> Result<Response, ApiError> {
    let size = body.len();
    let _held = api.hold_body(size)?;
    let req = accept(&api, body, Expected::LatestOfGroup).await?;
    let (resp, json) = api.execute(req, size).await;
    answer(&resp, json)
}

#[utoipa::path(post, path = "/api/transformations/execute-async", tag = "execution",
    params(("callback_url" = String, Query, description = "http(s) URL the response is POSTed to")),
    request_body(content = Object, description = "hetida's execution request (hetida-compat §1)", content_type = "application/json"),
    responses((status = 202, description = "Accepted", body = AsyncAccepted),
        (status = 404, description = "Not found", body = DetailText), (status = 422, description = "Invalid request", body = ValidationErrors), (status = 503, description = "Busy, or no job database", body = DetailText), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `POST /api/transformations/execute-async?callback_url=URL`.
pub async fn by_id_async(
    State(api): State<Arc<Api>>,
    Query(query): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    start_async(api, &query, body, Expected::ById).await
}

#[utoipa::path(post, path = "/api/transformations/execute-latest-async", tag = "execution",
    params(("callback_url" = String, Query, description = "http(s) URL the response is POSTed to")),
    request_body(content = Object, description = "hetida's execution request (hetida-compat §1)", content_type = "application/json"),
    responses((status = 202, description = "Accepted", body = AsyncAccepted),
        (status = 404, description = "Not found", body = DetailText), (status = 422, description = "Invalid request", body = ValidationErrors), (status = 503, description = "Busy, or no job database", body = DetailText), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `POST /api/transformations/execute-latest-async?callback_url=URL`.
pub async fn latest_async(
    State(api): State<Arc<Api>>,
    Query(query): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    start_async(api, &query, body, Expected::LatestOfGroup).await
}

/// Parses the body as the endpoint's request form (422 otherwise) and checks that its
/// transformation exists (404 otherwise, with hetida's text).
async fn accept(api: &Api, body: Bytes, expected: Expected) -> Result<ExecutionRequest, ApiError> {
    let parsed = parse_body(body, move |b| {
        ExecutionRequest::parse_expecting(b, expected, None)
    })
    .await?;
    let req = parsed.map_err(|e| ApiError::body(&e))?;
    if api.executor.engine().resolve(&req.target).is_err() {
        return Err(ApiError::not_found(not_found_text(&req.target)));
    }
    Ok(req)
}

/// hetida's 404 texts (§1.1, §1.2).
fn not_found_text(target: &Target) -> String {
    match target {
        Target::Id(id) => format!("Could not find transformation revision {id}:\n"),
        Target::LatestOfGroup(gid) => format!(
            "Could not find any transformation revision with revision group id {gid}:\n\
             no released transformation revisions with revision group id {gid} found in the database"
        ),
    }
}

/// The HTTP answer for a finished execution: 200 with the response (failures included, as
/// hetida does), except an incomplete wiring, which hetida refuses with 422.
fn answer(resp: &ExecutionResponse, json: String) -> Result<Response, ApiError> {
    if let Some(detail) = wiring_refusal(resp) {
        return Err(ApiError::Detail {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            detail,
        });
    }
    Ok(([(CONTENT_TYPE, "application/json")], json).into_response())
}

/// hetida's 422 text when the wiring did not validate.
fn wiring_refusal(resp: &ExecutionResponse) -> Option<String> {
    let e = resp.error.as_ref()?;
    (e.kind == ErrorKind::WiringValidationError).then(|| {
        format!(
            "Could not validate execution input (job_id {}):\n{}",
            resp.job_id, e.message
        )
    })
}

/// Checks the callback URL and request, takes a background slot (503 when none is free)
/// and starts the execution; answers 202.
async fn start_async(
    api: Arc<Api>,
    query: &[(String, String)],
    body: Bytes,
    expected: Expected,
) -> Result<Response, ApiError> {
    let url = callback_url(query)?;
    let size = body.len();
    let held = api.hold_body(size)?;
    let req = accept(&api, body, expected).await?;
    let slot = api.background.clone().try_acquire_owned().map_err(|_| {
        ApiError::Busy(format!(
            "{} asynchronous executions are running or waiting, the limit; send it again later",
            api.background_limit
        ))
    })?;
    let job_id = req.job_id;
    info!(job_id = %job_id, callback_url = %url, "asynchronous execution accepted");
    tokio::spawn(async move {
        let (resp, json) = api.execute(req, size).await;
        if let Some(reason) = wiring_refusal(&resp) {
            // hetida posts nothing for a request its validation refuses.
            warn!(job_id = %job_id, reason = %reason, "asynchronous execution refused; no callback");
        } else {
            api.post_callback(&url, resp.job_id, json).await;
        }
        drop((slot, held));
    });
    let message = match expected {
        Expected::LatestOfGroup => {
            format!("Execution request for latest revision with job id {job_id} accepted")
        }
        _ => format!("Execution request with job id {job_id} accepted"),
    };
    Ok((StatusCode::ACCEPTED, Json(AsyncAccepted { message })).into_response())
}

/// The `callback_url` query parameter: required, an absolute http(s) URL with a host.
/// (hetida also demands a top-level domain, which rules out `localhost`; Rheo does not.)
fn callback_url(query: &[(String, String)]) -> Result<String, ApiError> {
    let bad = |msg: &str| ApiError::param("query", "callback_url", msg);
    let Some((_, raw)) = query.iter().find(|(k, _)| k == "callback_url") else {
        return Err(ApiError::Invalid {
            loc: vec!["query".into(), "callback_url".into()],
            msg: "field required".into(),
            kind: "value_error.missing",
        });
    };
    let uri: Uri = raw
        .parse()
        .map_err(|_| bad("invalid or missing URL scheme"))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        _ => return Err(bad("URL scheme not permitted (use http or https)")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(bad("URL host invalid"));
    }
    Ok(raw.clone())
}
