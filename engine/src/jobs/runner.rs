//! [`JobRunner`]: the worker pool of the jobs API. Workers take queued jobs from the
//! [`JobDb`] in submission order, run them on the shared [`Executor`] and record how they
//! ended; a job cancelled while running has its execution's cancel token raised.

use super::db::{now_us, Claimed, JobDb, JobDbError, NewJob, Outcome};
use super::record::{JobRecord, JobStatus};
use super::recorder::RunRecorder;
use crate::executor::{failure, Executor};
use crate::response::ExecutionResponse;
use rheo_core::cancel::CancelToken;
use rheo_core::ErrorKind;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;
use tracing::{error, info, warn};
use uuid::Uuid;

/// How long an idle worker waits before looking at the queue again without being woken
/// (a job queued by another process sharing the database).
const IDLE_POLL: Duration = Duration::from_secs(1);

/// How long a running job's lease lasts; a process renews its leases three times as often,
/// and a job whose lease ran out (its process died) is queued again by any process.
const LEASE: Duration = Duration::from_secs(15);

/// Runs `f` on the database off the async runtime.
pub async fn blocking<T: Send + 'static>(
    db: &Arc<JobDb>,
    f: impl FnOnce(&JobDb) -> Result<T, JobDbError> + Send + 'static,
) -> Result<T, JobDbError> {
    let db = db.clone();
    match tokio::task::spawn_blocking(move || f(&db)).await {
        Ok(r) => r,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// How an execution response ends a job (whose response is kept).
pub fn outcome_of(resp: &ExecutionResponse, started_us: i64) -> Outcome {
    let result = resp.to_json().into_bytes();
    Outcome {
        result_bytes: result.len(),
        result,
        ..outcome_for_record(resp, started_us, 0)
    }
}

/// How an execution ended, for a run record: the response (already sent, of
/// `result_bytes`) is not kept, so it is not encoded again.
pub fn outcome_for_record(
    resp: &ExecutionResponse,
    started_us: i64,
    result_bytes: usize,
) -> Outcome {
    let status = match &resp.error {
        None => JobStatus::Succeeded,
        Some(e) if e.kind == ErrorKind::ExecutionTimeout => JobStatus::TimedOut,
        Some(_) => JobStatus::Failed,
    };
    let operators: Vec<serde_json::Value> = resp
        .operator_timings
        .iter()
        .map(|t| serde_json::json!({"operator": t.operator, "operator_id": t.operator_id, "seconds": t.seconds}))
        .collect();
    Outcome {
        status,
        started_us,
        finished_us: now_us(),
        result: Vec::new(),
        result_bytes,
        error_type: resp.error.as_ref().map(|e| e.kind.as_str().to_string()),
        error_message: resp.error.as_ref().map(|e| e.message.clone()),
        measured_steps: resp.measured_steps.to_json().to_string(),
        operator_durations: serde_json::Value::Array(operators).to_string(),
    }
}

/// The worker pool and the running jobs' cancel tokens.
pub struct JobRunner {
    db: Arc<JobDb>,
    /// Records the runs of executions that are not jobs (Kafka records, `execute`).
    recorder: Arc<RunRecorder>,
    /// This process's id as the owner of the leases of the jobs it runs.
    owner: String,
    /// Process deaths while running a job after which it fails instead of running again.
    poison_after: u32,
    executor: Arc<Executor>,
    wake: Notify,
    running: Mutex<HashMap<String, CancelToken>>,
    stop: watch::Sender<bool>,
    workers: Mutex<Vec<JoinHandle<()>>>,
}

impl JobRunner {
    /// Starts `workers` workers (none: jobs are only accepted, for another process to run)
    /// and the lease keeper, which renews this process's leases and queues again the jobs
    /// of processes that died.
    pub async fn start(
        db: Arc<JobDb>,
        executor: Arc<Executor>,
        workers: usize,
        poison_after: u32,
    ) -> Result<Arc<JobRunner>, JobDbError> {
        let recorder = RunRecorder::start(db.clone()).map_err(|e| JobDbError::Database {
            location: db.location().to_string(),
            what: "starting the run recorder",
            message: e.to_string(),
        })?;
        let runner = Arc::new(JobRunner {
            recorder,
            db,
            owner: Uuid::new_v4().to_string(),
            poison_after,
            executor,
            wake: Notify::new(),
            running: Mutex::new(HashMap::new()),
            stop: watch::channel(false).0,
            workers: Mutex::new(Vec::new()),
        });
        runner.recover_abandoned().await?;
        let mut handles: Vec<_> = (0..workers)
            .map(|_| tokio::spawn(runner.clone().work()))
            .collect();
        handles.push(tokio::spawn(runner.clone().keep_leases()));
        *runner.workers.lock().expect("workers lock") = handles;
        Ok(runner)
    }

    /// The job database.
    pub fn db(&self) -> &Arc<JobDb> {
        &self.db
    }

    /// The recorder of runs that are not jobs.
    pub fn recorder(&self) -> &Arc<RunRecorder> {
        &self.recorder
    }

    /// Queues a job and wakes a worker.
    pub async fn submit(&self, job: NewJob) -> Result<(), JobDbError> {
        blocking(&self.db, move |db| db.submit(&job)).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Cancels a job: a queued one never starts, a running one is told to stop. Returns its
    /// record (`None`: unknown job).
    pub async fn cancel(&self, job_id: &str) -> Result<Option<JobRecord>, JobDbError> {
        let id = job_id.to_string();
        let record = blocking(&self.db, move |db| db.cancel(&id)).await?;
        if let Some(token) = self.running.lock().expect("running lock").get(job_id) {
            token.cancel();
        }
        Ok(record)
    }

    /// Stops taking jobs and waits for the running ones to end.
    pub async fn drain(&self) {
        let _ = self.stop.send(true);
        self.wake.notify_waiters();
        let handles: Vec<_> = std::mem::take(&mut *self.workers.lock().expect("workers lock"));
        for h in handles {
            let _ = h.await;
        }
    }

    /// Queues again the running jobs whose lease ran out, and wakes the workers for them.
    async fn recover_abandoned(&self) -> Result<(), JobDbError> {
        let poison_after = self.poison_after;
        let (recovered, poisoned) = blocking(&self.db, move |db| {
            db.recover(poison_after, poison_response)
        })
        .await?;
        if poisoned > 0 {
            warn!(jobs = poisoned, "jobs whose processes died {poison_after} times while running them failed as PoisonRecord");
        }
        if recovered > 0 {
            warn!(
                jobs = recovered,
                "jobs whose process died while running them are queued again"
            );
            self.wake.notify_waiters();
        }
        Ok(())
    }

    /// Renews this process's leases and recovers abandoned jobs, every third of a lease,
    /// until told to stop.
    async fn keep_leases(self: Arc<Self>) {
        let mut stop = self.stop.subscribe();
        let lease_us = LEASE.as_micros() as i64;
        while !*stop.borrow() {
            tokio::select! {
                _ = tokio::time::sleep(LEASE / 3) => {}
                _ = stop.changed() => continue,
            }
            let owner = self.owner.clone();
            if let Err(e) = blocking(&self.db, move |db| db.renew(&owner, lease_us)).await {
                error!(error = %e, "renewing job leases failed");
            }
            if let Err(e) = self.recover_abandoned().await {
                error!(error = %e, "recovering abandoned jobs failed");
            }
        }
    }

    /// One worker: takes jobs until told to stop.
    async fn work(self: Arc<Self>) {
        let mut stop = self.stop.subscribe();
        while !*stop.borrow() {
            let owner = self.owner.clone();
            let lease_us = LEASE.as_micros() as i64;
            match blocking(&self.db, move |db| db.claim_next(&owner, lease_us)).await {
                Ok(Some(job)) => self.run(job).await,
                Ok(None) => {
                    tokio::select! {
                        _ = self.wake.notified() => {}
                        _ = tokio::time::sleep(IDLE_POLL) => {}
                        _ = stop.changed() => {}
                    }
                }
                Err(e) => {
                    error!(error = %e, "taking a job failed; retrying");
                    tokio::time::sleep(IDLE_POLL).await;
                }
            }
        }
    }

    /// Runs one claimed job and records how it ended.
    async fn run(&self, job: Claimed) {
        let token = CancelToken::new();
        self.running
            .lock()
            .expect("running lock")
            .insert(job.job_id.clone(), token.clone());
        let job_uuid = Uuid::parse_str(&job.job_id).unwrap_or_else(|_| Uuid::new_v4());
        if fault_abort_requested(&job.job_id) {
            error!(job_id = %job.job_id, "RHEO_FAULT_ABORT_ON_JOB: aborting the process");
            std::process::abort();
        }
        let request = job.request;
        let resp = self
            .executor
            .run_with(job_uuid, token, move |engine| {
                engine.execute_payload_with_job_id(&request, Some(job_uuid))
            })
            .await;
        self.running
            .lock()
            .expect("running lock")
            .remove(&job.job_id);
        let outcome = outcome_of(&resp, job.started_us);
        let status = outcome.status;
        let id = job.job_id.clone();
        match blocking(&self.db, move |db| db.finish(&id, &outcome)).await {
            Ok(true) => info!(job_id = %job.job_id, status = status.as_str(), "job finished"),
            Ok(false) => info!(job_id = %job.job_id, "job was cancelled while running"),
            Err(e) => error!(job_id = %job.job_id, error = %e, "recording a finished job failed"),
        }
    }
}

/// The stored result of a job failed as a poison record: the failure response its caller
/// reads from `GET /api/jobs/{id}/result`.
fn poison_response(job_id: &str, message: &str) -> Vec<u8> {
    let job_uuid = Uuid::parse_str(job_id).unwrap_or_else(|_| Uuid::new_v4());
    failure(job_uuid, ErrorKind::PoisonRecord, message)
        .to_json()
        .into_bytes()
}

/// Fault injection for the poison tests: when `RHEO_FAULT_ABORT_ON_JOB` names a job, the
/// process aborts where that job's execution would start (as a stack overflow in a component
/// would). Unset in production.
fn fault_abort_requested(job_id: &str) -> bool {
    std::env::var("RHEO_FAULT_ABORT_ON_JOB").is_ok_and(|j| !j.is_empty() && j == job_id)
}
