//! What Rheo records of every execution: [`JobRecord`] (status, who asked, where it came
//! from, timings, sizes, the error) and the [`JobStatus`] life cycle.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// Where a job is in its life: `queued` → `running` → `succeeded` | `failed` |
/// `timed_out`; `cancelled` from `queued` or `running`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Waiting for a worker.
    Queued,
    /// Being executed.
    Running,
    /// Finished with result `ok`.
    Succeeded,
    /// Finished with result `failure`.
    Failed,
    /// Cancelled by `DELETE /api/jobs/{id}`.
    Cancelled,
    /// Stopped by the execution timeout.
    TimedOut,
}

impl JobStatus {
    /// Every status, for parsing and documentation.
    pub const ALL: [JobStatus; 6] = [
        JobStatus::Queued,
        JobStatus::Running,
        JobStatus::Succeeded,
        JobStatus::Failed,
        JobStatus::Cancelled,
        JobStatus::TimedOut,
    ];

    /// The stored and displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Succeeded => "succeeded",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
            JobStatus::TimedOut => "timed_out",
        }
    }

    /// The status named `s`.
    pub fn parse(s: &str) -> Option<JobStatus> {
        JobStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Whether the job will not change any more.
    pub fn is_final(self) -> bool {
        !matches!(self, JobStatus::Queued | JobStatus::Running)
    }
}

/// Where a Kafka-triggered execution's request record was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct KafkaOrigin {
    /// The record's key (lossy UTF-8), if it had one.
    pub key: Option<String>,
    /// Topic.
    pub topic: String,
    /// Partition.
    pub partition: i32,
    /// Offset.
    pub offset: i64,
}

/// One execution as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct JobRecord {
    /// The job id (the execution's `job_id`).
    pub job_id: String,
    /// Its status.
    pub status: JobStatus,
    /// `http` (the jobs API) or `kafka` (a request record).
    pub source: String,
    /// The revision id the request named (or that of its latest released revision).
    pub transformation_id: Option<String>,
    /// The revision group of an `execute-latest` request.
    pub revision_group_id: Option<String>,
    /// The caller's user id.
    pub user_id: Option<String>,
    /// The caller's own id for the run, to correlate with its records.
    pub user_run_id: Option<String>,
    /// The request record of a Kafka-triggered execution.
    pub kafka: Option<KafkaOrigin>,
    /// When it was submitted (ISO 8601, UTC).
    pub created_at: String,
    /// When its (last) run started.
    pub started_at: Option<String>,
    /// When it finished or was cancelled.
    pub finished_at: Option<String>,
    /// Seconds its last run took.
    pub duration_seconds: Option<f64>,
    /// Runs started (more than one when the service died while it ran).
    pub attempts: u32,
    /// Times it was queued again because the service died while it ran.
    pub recovered: u32,
    /// Size of the request body in bytes.
    pub request_bytes: u64,
    /// Size of the execution response in bytes.
    pub result_bytes: Option<u64>,
    /// The error's type, when it failed.
    pub error_type: Option<String>,
    /// The error's message.
    pub error_message: Option<String>,
    /// hetida's `measured_steps` of the run.
    #[schema(value_type = Option<Object>)]
    pub measured_steps: Option<Value>,
    /// Seconds per operator (`[{"operator", "operator_id", "seconds"}]`).
    #[schema(value_type = Option<Vec<Object>>)]
    pub operator_durations: Option<Value>,
}

/// What `GET /api/jobs` selects: every given field must match.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobFilter {
    /// Status.
    pub status: Option<JobStatus>,
    /// Caller's user id.
    pub user_id: Option<String>,
    /// Caller's run id.
    pub user_run_id: Option<String>,
    /// Revision id.
    pub transformation_id: Option<String>,
    /// Created at or after (microseconds since the epoch).
    pub created_after_us: Option<i64>,
    /// Created before (microseconds since the epoch).
    pub created_before_us: Option<i64>,
    /// Jobs skipped (newest first).
    pub offset: u64,
    /// Jobs returned at most.
    pub limit: u64,
}
