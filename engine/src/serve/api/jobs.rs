//! The jobs API: `POST /api/jobs` queues an execution request and answers 202 at once;
//! `GET /api/jobs[/{id}[/result]]` reads records and results; `DELETE /api/jobs/{id}`
//! cancels. Caller fields (`user_id`, `user_run_id`) come as query parameters or as extra
//! top-level fields of the body.

use super::error::ApiError;
use super::schema::{DetailText, JobAccepted, JobPage, ValidationErrors};
use super::templates::template_failed;
use super::transformations::uuid_param;
use super::Api;
use crate::jobs::db::{JobDb, JobDbError, NewJob};
use crate::jobs::record::JobRecord;
use crate::jobs::record::{JobFilter, JobStatus};
use crate::jobs::runner::{blocking, JobRunner};
use crate::jobs::templates::expand_if_template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rheo_core::model::request::{ExecutionRequest, Expected, Target};
use serde::Deserialize;
use serde_json::Value;
use std::sync::Arc;

/// Default and largest page of `GET /api/jobs`.
const DEFAULT_PAGE: u64 = 100;
const MAX_PAGE: u64 = 1000;

/// The caller's fields of a job body (read in a pass that skips everything else).
#[derive(Deserialize, Default)]
struct CallerFields {
    user_id: Option<Value>,
    user_run_id: Option<Value>,
}

fn db_failed(e: JobDbError) -> ApiError {
    match e {
        JobDbError::Duplicate(id) => ApiError::Detail {
            status: StatusCode::CONFLICT,
            detail: format!("a job with id {id} exists already"),
        },
        other => ApiError::Detail {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            detail: other.to_string(),
        },
    }
}

/// The job runner, or 503 when this service keeps no job database.
fn runner(api: &Api) -> Result<&Arc<JobRunner>, ApiError> {
    api.jobs.as_ref().ok_or_else(|| ApiError::Detail {
        status: StatusCode::SERVICE_UNAVAILABLE,
        detail: "this service keeps no job database (no store directory and no jobs_database)"
            .into(),
    })
}

/// A caller field as text (a number is accepted and written as such).
fn text(v: Option<Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

/// Reads a job body off the async runtime: expands a template call into its execution
/// request, parses that, and reads the caller's fields (from the body as sent).
async fn read_job(
    db: Arc<JobDb>,
    body: Bytes,
) -> Result<(Bytes, ExecutionRequest, CallerFields), ApiError> {
    let read = move || {
        let caller: CallerFields = serde_json::from_slice(&body).unwrap_or_default();
        let request = match expand_if_template(Some(&db), &body) {
            Ok(Some(expanded)) => Bytes::from(expanded),
            Ok(None) => body,
            Err(e) => return Err(template_failed(e)),
        };
        let req = ExecutionRequest::parse_expecting(&request, Expected::Any, None)
            .map_err(|e| ApiError::body(&e))?;
        Ok((request, req, caller))
    };
    tokio::task::spawn_blocking(read)
        .await
        .map_err(|e| ApiError::Detail {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            detail: format!("reading the job failed: {e}"),
        })?
}

#[utoipa::path(post, path = "/api/jobs", tag = "jobs",
    params(("user_id" = Option<String>, Query), ("user_run_id" = Option<String>, Query)),
    request_body(content = Object, description = "an execution request in any accepted form, or {\"template\": NAME, \"inputs\": {...}}", content_type = "application/json"),
    responses((status = 202, description = "Queued; Location names the job", body = JobAccepted),
        (status = 404, description = "Not found", body = DetailText), (status = 409, description = "Conflict", body = DetailText), (status = 422, description = "Invalid request", body = ValidationErrors), (status = 413, description = "Body over max_request_bytes"), (status = 503, description = "Busy, or no job database", body = DetailText), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `POST /api/jobs[?user_id=..&user_run_id=..]`: an execution request, or a template call
/// `{"template": NAME, "inputs": {...}}`.
pub async fn submit(
    State(api): State<Arc<Api>>,
    Query(query): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let runner = runner(&api)?.clone();
    let _held = api.hold_body(body.len())?;
    let (body, req, caller) = read_job(runner.db().clone(), body).await?;
    let trafo = api
        .executor
        .engine()
        .resolve(&req.target)
        .map_err(|e| ApiError::not_found(e.message))?;
    let from_query = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let job_id = req.job_id.to_string();
    let job = NewJob {
        job_id: job_id.clone(),
        source: "http",
        transformation_id: Some(trafo.id.clone()),
        revision_group_id: match &req.target {
            Target::LatestOfGroup(g) => Some(g.clone()),
            Target::Id(_) => None,
        },
        user_id: from_query("user_id").or_else(|| text(caller.user_id)),
        user_run_id: from_query("user_run_id").or_else(|| text(caller.user_run_id)),
        kafka: None,
        request: body.to_vec(),
    };
    let (queued, queued_bytes) = blocking(runner.db(), |db| db.queued_load())
        .await
        .map_err(db_failed)?;
    if queued >= api.max_queued.jobs {
        return Err(ApiError::Busy(format!(
            "{queued} jobs are queued, the limit (max_queued_jobs); submit it again later"
        )));
    }
    if queued_bytes.saturating_add(body.len() as u64) > api.max_queued.bytes {
        return Err(ApiError::Busy(format!(
            "the queued jobs hold {queued_bytes} request bytes; this one's {} would pass the limit of {} (max_queued_job_bytes); submit it again later",
            body.len(),
            api.max_queued.bytes
        )));
    }
    runner.submit(job).await.map_err(db_failed)?;
    Ok((
        StatusCode::ACCEPTED,
        [(LOCATION, format!("/api/jobs/{job_id}"))],
        Json(JobAccepted {
            job_id,
            status: "queued".into(),
        }),
    )
        .into_response())
}

/// Reads `GET /api/jobs`'s query: filters, `offset`, `limit`.
fn job_filter(query: &[(String, String)]) -> Result<JobFilter, ApiError> {
    let mut f = JobFilter {
        limit: DEFAULT_PAGE,
        ..JobFilter::default()
    };
    for (k, v) in query {
        let number = || {
            v.parse::<u64>().map_err(|_| {
                ApiError::param("query", k, "value is not a valid non-negative integer")
            })
        };
        let time = || {
            chrono::DateTime::parse_from_rfc3339(v)
                .map(|t| t.timestamp_micros())
                .map_err(|e| ApiError::param("query", k, format!("not an ISO 8601 time: {e}")))
        };
        match k.as_str() {
            "status" => {
                f.status = Some(JobStatus::parse(v).ok_or_else(|| {
                    let all: Vec<&str> = JobStatus::ALL.iter().map(|s| s.as_str()).collect();
                    ApiError::param("query", k, format!("permitted: {}", all.join(", ")))
                })?)
            }
            "user_id" => f.user_id = Some(v.clone()),
            "user_run_id" => f.user_run_id = Some(v.clone()),
            "transformation_id" => f.transformation_id = Some(uuid_param("query", k, v)?),
            "created_after" => f.created_after_us = Some(time()?),
            "created_before" => f.created_before_us = Some(time()?),
            "offset" => f.offset = number()?,
            "limit" => f.limit = number()?.clamp(1, MAX_PAGE),
            _ => {}
        }
    }
    Ok(f)
}

#[utoipa::path(get, path = "/api/jobs", tag = "jobs",
    params(("status" = Option<String>, Query), ("user_id" = Option<String>, Query), ("user_run_id" = Option<String>, Query),
        ("transformation_id" = Option<String>, Query), ("created_after" = Option<String>, Query, description = "ISO 8601"),
        ("created_before" = Option<String>, Query, description = "ISO 8601"), ("offset" = Option<u64>, Query),
        ("limit" = Option<u64>, Query, description = "at most 1000 (default 100)")),
    responses((status = 200, body = JobPage), (status = 422, description = "Invalid request", body = ValidationErrors), (status = 503, description = "Busy, or no job database", body = DetailText), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `GET /api/jobs`: records, newest first, `limit` (≤ 1000) from `offset`.
pub async fn list(
    State(api): State<Arc<Api>>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let filter = job_filter(&query)?;
    let (offset, limit) = (filter.offset, filter.limit);
    let jobs = blocking(runner(&api)?.db(), move |db| db.list(&filter))
        .await
        .map_err(db_failed)?;
    Ok(Json(JobPage {
        jobs,
        offset,
        limit,
    })
    .into_response())
}

fn job_not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("Could not find job {id}"))
}

#[utoipa::path(get, path = "/api/jobs/{id}", tag = "jobs", params(("id" = String, Path)),
    responses((status = 200, body = JobRecord), (status = 404, description = "Not found", body = DetailText), (status = 422, description = "Invalid request", body = ValidationErrors), (status = 503, description = "Busy, or no job database", body = DetailText), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `GET /api/jobs/{id}`.
pub async fn show(
    State(api): State<Arc<Api>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = uuid_param("path", "id", &id)?;
    let key = id.clone();
    match blocking(runner(&api)?.db(), move |db| db.get(&key))
        .await
        .map_err(db_failed)?
    {
        Some(record) => Ok(Json(record).into_response()),
        None => Err(job_not_found(&id)),
    }
}

#[utoipa::path(get, path = "/api/jobs/{id}/result", tag = "jobs", params(("id" = String, Path)),
    responses((status = 200, description = "The execution response, as execute answers it", body = Object),
        (status = 404, description = "Not found", body = DetailText), (status = 409, description = "Conflict", body = DetailText), (status = 422, description = "Invalid request", body = ValidationErrors), (status = 503, description = "Busy, or no job database", body = DetailText), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `GET /api/jobs/{id}/result`: the execution response exactly as `execute` answers it;
/// 409 while the job has none (queued, running, cancelled).
pub async fn result(
    State(api): State<Arc<Api>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = uuid_param("path", "id", &id)?;
    let key = id.clone();
    let stored = blocking(runner(&api)?.db(), move |db| db.result(&key))
        .await
        .map_err(db_failed)?
        .ok_or_else(|| job_not_found(&id))?;
    match stored.response {
        Some(body) => Ok(([(CONTENT_TYPE, "application/json")], body).into_response()),
        None => Err(ApiError::Detail {
            status: StatusCode::CONFLICT,
            detail: format!("job {id} is {} and has no result", stored.status.as_str()),
        }),
    }
}

#[utoipa::path(delete, path = "/api/jobs/{id}", tag = "jobs", params(("id" = String, Path)),
    responses((status = 200, description = "Cancelled", body = JobRecord), (status = 404, description = "Not found", body = DetailText), (status = 409, description = "Conflict", body = DetailText), (status = 422, description = "Invalid request", body = ValidationErrors), (status = 503, description = "Busy, or no job database", body = DetailText), (status = 401, description = "API token missing or wrong", body = DetailText)))]
/// `DELETE /api/jobs/{id}`: cancels a queued or running job; 409 for a finished one.
pub async fn cancel(
    State(api): State<Arc<Api>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = uuid_param("path", "id", &id)?;
    let record = runner(&api)?
        .cancel(&id)
        .await
        .map_err(db_failed)?
        .ok_or_else(|| job_not_found(&id))?;
    if record.status != JobStatus::Cancelled {
        return Err(ApiError::Detail {
            status: StatusCode::CONFLICT,
            detail: format!(
                "job {id} has finished ({}) and cannot be cancelled",
                record.status.as_str()
            ),
        });
    }
    Ok(Json(record).into_response())
}
