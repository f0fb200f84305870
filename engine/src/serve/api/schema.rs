//! The bodies of the API's answers as types, so that `/openapi.json` describes exactly
//! what the handlers send (hetida's execution request and response stay JSON objects:
//! their shapes are hetida's, documented in the README and hetida-compat).

use crate::jobs::record::JobRecord;
use serde::Serialize;
use utoipa::ToSchema;

/// One problem of a 422 answer (pydantic's error entry).
#[derive(Debug, Serialize, ToSchema)]
pub struct ValidationEntry {
    /// Where: `["body", "id"]`, `["query", "callback_url"]`, `["path", "id"]`, ….
    pub loc: Vec<String>,
    /// What is wrong.
    pub msg: String,
    /// pydantic's error type (`value_error.missing`, `value_error`, …).
    #[serde(rename = "type")]
    pub kind: String,
}

/// A 422 answer: the problems of the request.
#[derive(Debug, Serialize, ToSchema)]
pub struct ValidationErrors {
    /// The problems.
    pub detail: Vec<ValidationEntry>,
}

/// Any other refusal (401, 404, 409, 413, 503, …): a text.
#[derive(Debug, Serialize, ToSchema)]
pub struct DetailText {
    /// What happened.
    pub detail: String,
}

/// `POST /api/transformations/execute-async`: accepted.
#[derive(Debug, Serialize, ToSchema)]
pub struct AsyncAccepted {
    /// `Execution request with job id … accepted`.
    pub message: String,
}

/// `POST /api/jobs`: queued.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobAccepted {
    /// The job id (the execution's `job_id`).
    pub job_id: String,
    /// Always `queued`.
    pub status: String,
}

/// `GET /api/jobs`: one page of records, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobPage {
    /// The records.
    pub jobs: Vec<JobRecord>,
    /// Records skipped.
    pub offset: u64,
    /// Records asked for at most.
    pub limit: u64,
}

/// `GET /api/templates`: a template name with its latest version.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateVersion {
    /// Name.
    pub name: String,
    /// Latest version.
    pub version: i64,
}

/// `GET /api/info`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiInfo {
    /// `Here I am`, as hetida answers.
    pub msg: &'static str,
    /// The hetida version whose API this is.
    pub version: &'static str,
    /// Rheo's own version.
    pub rheo_version: &'static str,
}

/// `GET /engine/info`.
#[derive(Debug, Serialize, ToSchema)]
pub struct EngineInfo {
    /// The hetida version whose runtime API this is.
    pub version: &'static str,
}

/// `PUT /api/transformations`: what became of one entry of the list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportStatus {
    /// `SUCCESS`, `FAILED`, `IGNORED` or `NOT_TRIED` (after a failure with `abort_on_error`).
    pub status: String,
    /// Why it failed (empty otherwise).
    pub msg: String,
    /// The revision's name, when it could be read.
    pub name: Option<String>,
    /// Its version tag.
    pub version_tag: Option<String>,
}
