//! hetida designer's HTTP API on `rheo serve`'s HTTP port (hetida-compat §0–§1), on the
//! same engine and CPU slots as the Kafka requests:
//!
//! * [`execute`] — `POST /api/transformations/execute[-latest][-async]`; [`legacy`] — the
//!   deprecated `POST /api/workflows|components/{id}/execute`;
//! * [`transformations`] — `GET /api/transformations[/{id}]`, `GET /api/info`,
//!   `GET /engine/info`;
//! * [`runtime`] — the runtime-level `POST /engine/runtime` a hetida backend sends;
//! * [`revisions`] — `PUT`/`DELETE /api/transformations/{id}`; [`import`] — `PUT
//!   /api/transformations` (a list, answered 207);
//! * [`jobs`] — `POST`/`GET /api/jobs`, `GET /api/jobs/{id}[/result]`, `DELETE /api/jobs/{id}`;
//! * [`templates`] — `GET /api/templates`, `GET`/`PUT`/`DELETE /api/templates/{name}`;
//! * [`error`] — the 4xx answers in FastAPI's shapes;
//! * [`auth`] — the optional bearer token;
//! * [`schema`] — the answers' bodies as types; [`docs`] — `/openapi.json` and `/docs`,
//!   generated from the handlers' annotations and those types.
//!
//! Every route also answers with a trailing slash, as hetida registers them. Bodies are
//! bounded by `max_request_bytes` (413), the bodies held at once by `max_in_flight_bytes`
//! and background executions by `max_in_flight` (503).

pub mod auth;
pub mod docs;
pub mod error;
pub mod execute;
pub mod import;
pub mod jobs;
pub mod legacy;
pub mod revisions;
pub mod runtime;
pub mod schema;
pub mod templates;
pub mod transformations;

use crate::executor::Executor;
use crate::response::ExecutionResponse;
use axum::extract::DefaultBodyLimit;
use axum::Router;
use rheo_adapters::rest::http::Http;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tracing::{info, warn};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};
use utoipa_axum::routes;

/// The router the documented routes are collected in.
type ApiRouter = OpenApiRouter<Arc<Api>>;

/// Bodies up to this size are parsed on the async runtime; larger ones on a blocking thread.
const INLINE_PARSE_BYTES: usize = 64 * 1024;

/// Parses `body` with `parse`: inline when it is small, else on a blocking thread, so that
/// a large body does not hold up the runtime's other connections.
async fn parse_body<T: Send + 'static>(
    body: axum::body::Bytes,
    parse: impl FnOnce(&[u8]) -> T + Send + 'static,
) -> Result<T, error::ApiError> {
    if body.len() <= INLINE_PARSE_BYTES {
        return Ok(parse(&body));
    }
    tokio::task::spawn_blocking(move || parse(&body))
        .await
        .map_err(|e| error::ApiError::Detail {
            status: axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            detail: format!("parsing the request failed: {e}"),
        })
}

/// Largest callback answer read (it is only logged).
const CALLBACK_REPLY_BYTES: u64 = 64 * 1024;

/// How much may wait in the job queue.
#[derive(Debug, Clone, Copy)]
pub struct QueueLimits {
    /// Queued jobs (`max_queued_jobs`).
    pub jobs: u64,
    /// Their request bytes (`max_queued_job_bytes`).
    pub bytes: u64,
}

/// What a run record of an HTTP execution names besides the response.
struct Recorded {
    job_id: uuid::Uuid,
    revision_group_id: Option<String>,
    request_bytes: usize,
}

/// What the API's handlers share.
pub struct Api {
    executor: Arc<Executor>,
    /// Slots of asynchronous executions accepted and not yet called back.
    background: Arc<Semaphore>,
    background_limit: usize,
    /// KiB of request bodies being read, executed or waiting (synchronous and asynchronous
    /// executions, job submissions): bounds the memory requests hold.
    body_kib: Arc<Semaphore>,
    body_kib_limit: u32,
    callbacks: Http,
    /// The job workers and database (`None`: no job database, the jobs API answers 503).
    jobs: Option<Arc<crate::jobs::runner::JobRunner>>,
    /// Queued jobs (count, request bytes) beyond which `POST /api/jobs` answers 503.
    max_queued: QueueLimits,
}

impl Api {
    /// The API over `executor`, with at most `background_limit` asynchronous executions and
    /// `body_bytes` of request bodies at once, and callbacks that time out after
    /// `callback_timeout`.
    pub fn new(
        executor: Arc<Executor>,
        background_limit: usize,
        body_bytes: usize,
        callback_timeout: Duration,
    ) -> Self {
        let background_limit = background_limit.max(1);
        let body_kib_limit = u32::try_from(body_bytes / 1024).unwrap_or(u32::MAX).max(1);
        Api {
            executor,
            background: Arc::new(Semaphore::new(background_limit)),
            background_limit,
            body_kib: Arc::new(Semaphore::new(body_kib_limit as usize)),
            body_kib_limit,
            callbacks: Http::new(callback_timeout, true, CALLBACK_REPLY_BYTES),
            jobs: None,
            max_queued: QueueLimits { jobs: 0, bytes: 0 },
        }
    }

    /// The API with the jobs endpoints served by `runner`, refusing new jobs while
    /// `max_queued` wait.
    pub fn with_jobs(
        mut self,
        runner: Arc<crate::jobs::runner::JobRunner>,
        max_queued: QueueLimits,
    ) -> Self {
        self.jobs = Some(runner);
        self.max_queued = max_queued;
        self
    }

    /// Reserves room for a request body of `len` bytes until the permit is dropped; 503 when
    /// the bodies already held fill `max_in_flight_bytes`.
    fn hold_body(&self, len: usize) -> Result<tokio::sync::OwnedSemaphorePermit, error::ApiError> {
        let kib = u32::try_from(len / 1024 + 1)
            .unwrap_or(u32::MAX)
            .min(self.body_kib_limit);
        self.body_kib.clone().try_acquire_many_owned(kib).map_err(|_| {
            error::ApiError::Busy(format!(
                "the request bodies being executed or waiting fill the limit of {} KiB (max_in_flight_bytes); send it again later",
                self.body_kib_limit
            ))
        })
    }

    /// Executes a parsed request (of `request_bytes`) on the shared executor, encodes the
    /// response once and records the run; returns the response and its JSON.
    async fn execute(
        &self,
        req: rheo_core::model::request::ExecutionRequest,
        request_bytes: usize,
    ) -> (ExecutionResponse, String) {
        let revision_group_id = match &req.target {
            rheo_core::model::request::Target::LatestOfGroup(g) => Some(g.clone()),
            rheo_core::model::request::Target::Id(_) => None,
        };
        let job_id = req.job_id;
        let run = Recorded {
            job_id,
            revision_group_id,
            request_bytes,
        };
        self.execute_recorded(run, move |engine| engine.execute(&req))
            .await
    }

    /// Runs `work` on the shared executor, encodes its response once and records the run.
    async fn execute_recorded<F>(&self, run: Recorded, work: F) -> (ExecutionResponse, String)
    where
        F: FnOnce(&crate::engine::Engine) -> ExecutionResponse + Send + 'static,
    {
        let started_us = crate::jobs::db::now_us();
        let resp = self.executor.run(run.job_id, work).await;
        let json = resp.to_json();
        if let Some(jobs) = &self.jobs {
            jobs.recorder().record(crate::jobs::db::FinishedRun {
                job: crate::jobs::db::NewJob {
                    job_id: resp.job_id.to_string(),
                    source: "http",
                    transformation_id: resp.transformation_id.clone(),
                    revision_group_id: run.revision_group_id,
                    ..Default::default()
                },
                request_bytes: run.request_bytes,
                outcome: crate::jobs::runner::outcome_for_record(&resp, started_us, json.len()),
            });
        }
        (resp, json)
    }

    /// POSTs the response to the callback URL (off the async runtime); failures are logged,
    /// as hetida does.
    async fn post_callback(&self, url: &str, job_id: uuid::Uuid, json: String) {
        let http = self.callbacks.clone();
        let target = url.to_string();
        let sent =
            tokio::task::spawn_blocking(move || http.post_json(&target, json.as_bytes(), None))
                .await;
        match sent {
            Ok(Ok(reply)) if (200..300).contains(&reply.status) => {
                info!(job_id = %job_id, callback_url = %url, status = reply.status, "callback delivered")
            }
            Ok(Ok(reply)) => {
                warn!(job_id = %job_id, callback_url = %url, status = reply.status, "callback refused")
            }
            Ok(Err(e)) => {
                warn!(job_id = %job_id, callback_url = %url, error = %e, "callback failed")
            }
            Err(e) => {
                warn!(job_id = %job_id, callback_url = %url, error = %e, "callback task failed")
            }
        }
    }
}

/// Registers the routes of one path (documented) and the same handlers under the path
/// with a trailing slash (hetida registers both; the document lists the path once).
fn both(router: ApiRouter, routes: UtoipaMethodRouter<Arc<Api>>) -> ApiRouter {
    let (schemas, paths, handlers) = routes;
    let slashed: Vec<String> = paths.paths.keys().map(|p| format!("{p}/")).collect();
    let mut router = router.routes((schemas, paths, handlers.clone()));
    for path in slashed {
        router = router.route(&path, handlers.clone());
    }
    router
}

/// The documented routes of the API.
fn documented() -> ApiRouter {
    let info = utoipa::openapi::InfoBuilder::new()
        .title("Rheo: hetida designer's execution API, jobs and templates")
        .version(env!("CARGO_PKG_VERSION"))
        .build();
    let mut r = ApiRouter::with_openapi(utoipa::openapi::OpenApiBuilder::new().info(info).build());
    r = both(r, routes!(execute::by_id));
    r = both(r, routes!(execute::latest));
    r = both(r, routes!(execute::by_id_async));
    r = both(r, routes!(execute::latest_async));
    r = both(r, routes!(legacy::workflow));
    r = both(r, routes!(legacy::component));
    r = both(r, routes!(transformations::list, import::put_many));
    r = both(
        r,
        routes!(transformations::one, revisions::put, revisions::delete),
    );
    r = both(r, routes!(jobs::list, jobs::submit));
    r = both(r, routes!(jobs::show, jobs::cancel));
    r = both(r, routes!(jobs::result));
    r = both(r, routes!(templates::list));
    r = both(
        r,
        routes!(templates::show, templates::put, templates::delete),
    );
    r = both(r, routes!(runtime::run));
    r = both(r, routes!(transformations::api_info));
    both(r, routes!(transformations::engine_info))
}

/// The API's routes, `/openapi.json` (the document generated from the handlers) and
/// `/docs` (a page listing it); request bodies over `max_body_bytes` get 413; with a
/// `token`, API requests without it get 401 (the document stays open).
pub fn router(api: Arc<Api>, max_body_bytes: usize, token: Option<auth::Token>) -> Router {
    let (mut r, doc) = documented().split_for_parts();
    r = r.layer(DefaultBodyLimit::max(max_body_bytes));
    if let Some(token) = token {
        r = r.layer(axum::middleware::from_fn_with_state(token, auth::require));
    }
    r.with_state(api).merge(docs::router(doc))
}
