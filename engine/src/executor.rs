//! [`Executor`]: runs executions off the async runtime for every entry point of `rheo serve`
//! (Kafka records, the HTTP execution API), so they share one bound on concurrently running
//! executions and one execution timeout.

use crate::engine::Engine;
use crate::response::{ErrorInfo, ExecutionResponse};
use crate::run_metrics::RunMetrics;
use rheo_core::cancel::{self, CancelToken};
use rheo_core::model::request::RequestForm;
use rheo_core::ErrorKind;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tracing::{error, warn};
use uuid::Uuid;

/// What awaiting an execution task under the timeout gives.
type TaskOutcome =
    Result<Result<ExecutionResponse, tokio::task::JoinError>, tokio::time::error::Elapsed>;

/// How often, and after which pauses, an execution that failed transiently (an adapter's
/// backend unreachable or too slow, see [`ErrorKind::is_transient`]) is tried again before
/// its failure is the answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Further attempts after the first (0: none).
    pub retries: u32,
    /// The pause before the first retry; each further pause is twice the one before, at
    /// most [`RetryPolicy::MAX_DELAY`].
    pub first_delay: Duration,
}

impl RetryPolicy {
    /// The longest pause between two attempts.
    pub const MAX_DELAY: Duration = Duration::from_secs(60);

    /// The pause before retry number `retry` (0-based).
    pub fn delay(&self, retry: u32) -> Duration {
        self.first_delay
            .saturating_mul(2u32.saturating_pow(retry.min(30)))
            .min(Self::MAX_DELAY)
    }
}

/// The engine with its CPU slots and timeout.
pub struct Executor {
    engine: Arc<Engine>,
    cpu: Arc<Semaphore>,
    timeout: Duration,
    metrics: Arc<RunMetrics>,
}

impl Executor {
    /// An executor running at most `concurrency` executions at once, each for at most
    /// `timeout`.
    pub fn new(engine: Arc<Engine>, concurrency: usize, timeout: Duration) -> Self {
        Executor {
            engine,
            cpu: Arc::new(Semaphore::new(concurrency.max(1))),
            timeout,
            metrics: Arc::default(),
        }
    }

    /// Executions counted per transformation.
    pub fn metrics(&self) -> &Arc<RunMetrics> {
        &self.metrics
    }

    /// The engine (for lookups that do not execute).
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// Runs `work` on a blocking thread once a CPU slot is free. On timeout the work's
    /// cancel token is raised (it stops at its next operator or kernel check) and the caller
    /// gets an `ExecutionTimeout` failure at once; the slot moves with the work and is freed
    /// only when it has stopped. A panic becomes an `InternalError` failure.
    pub async fn run<F>(&self, job_id: Uuid, work: F) -> ExecutionResponse
    where
        F: FnOnce(&Engine) -> ExecutionResponse + Send + 'static,
    {
        self.run_with(job_id, CancelToken::new(), work).await
    }

    /// [`Executor::run`], tried again by `policy` while it fails transiently. Every attempt
    /// has the same job id; the last answer is returned.
    pub async fn run_retrying<F>(
        &self,
        job_id: Uuid,
        policy: RetryPolicy,
        work: F,
    ) -> ExecutionResponse
    where
        F: Fn(&Engine) -> ExecutionResponse + Clone + Send + 'static,
    {
        let mut retry = 0;
        loop {
            let response = self.run(job_id, work.clone()).await;
            let transient = response.error.as_ref().filter(|e| e.kind.is_transient());
            let Some(error) = transient.filter(|_| retry < policy.retries) else {
                return response;
            };
            let delay = policy.delay(retry);
            warn!(job_id = %job_id, retry = retry + 1, of = policy.retries, delay_seconds = delay.as_secs_f64(),
                  error = %error.message, "transient failure; retrying");
            self.metrics.retried();
            tokio::time::sleep(delay).await;
            retry += 1;
        }
    }

    /// [`Executor::run`] with the caller's cancel token, so that it can stop the work too
    /// (a cancelled job).
    pub async fn run_with<F>(&self, job_id: Uuid, token: CancelToken, work: F) -> ExecutionResponse
    where
        F: FnOnce(&Engine) -> ExecutionResponse + Send + 'static,
    {
        let permit = self
            .cpu
            .clone()
            .acquire_owned()
            .await
            .expect("semaphore never closes");
        let engine = self.engine.clone();
        let work_token = token.clone();
        let (slots, runtime) = (self.cpu.clone(), tokio::runtime::Handle::current());
        let task = tokio::task::spawn_blocking(move || {
            // The slot moves with the work (the engine lends it back during adapter calls)
            // and is freed when the work has stopped.
            crate::cpu_slot::hold(permit, slots, runtime, || {
                cancel::scope(&work_token, || work(&engine))
            })
        });
        let mut abandoned = CancelOnDrop(Some(token.clone()));
        let started = std::time::Instant::now();
        let outcome = tokio::time::timeout(self.timeout, task).await;
        abandoned.0 = None;
        let response = self.response_of(job_id, outcome, &token);
        self.metrics
            .observe(&response, started.elapsed().as_secs_f64());
        response
    }

    /// The response of a finished, failed or timed-out execution task.
    fn response_of(
        &self,
        job_id: Uuid,
        outcome: TaskOutcome,
        token: &CancelToken,
    ) -> ExecutionResponse {
        match outcome {
            Ok(Ok(resp)) => resp,
            Ok(Err(join)) => {
                error!(job_id = %job_id, error = %join, "execution panicked");
                failure(
                    job_id,
                    ErrorKind::InternalError,
                    &format!("the execution panicked: {join}"),
                )
            }
            Err(_) => {
                token.cancel();
                warn!(job_id = %job_id, "execution timed out; cancelled at its next operator or kernel check");
                failure(
                    job_id,
                    ErrorKind::ExecutionTimeout,
                    &format!(
                        "the execution did not finish within {} s (execution_timeout_seconds)",
                        self.timeout.as_secs_f64()
                    ),
                )
            }
        }
    }
}

/// Raises its token when dropped while armed: an execution whose caller went away (an HTTP
/// client that disconnected, an HTTP request timeout) stops at its next check instead of
/// holding its CPU slot to the end.
struct CancelOnDrop(Option<CancelToken>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(token) = self.0.take() {
            token.cancel();
        }
    }
}

/// A failure response of the current form for a request that was not (fully) executed.
pub fn failure(job_id: Uuid, kind: ErrorKind, message: &str) -> ExecutionResponse {
    ExecutionResponse::rejected(
        job_id,
        RequestForm::Current,
        ErrorInfo::new(kind, message, None),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_pauses_double_up_to_a_minute() {
        let p = RetryPolicy {
            retries: 50,
            first_delay: Duration::from_millis(500),
        };
        assert_eq!(p.delay(0), Duration::from_millis(500));
        assert_eq!(p.delay(3), Duration::from_secs(4));
        assert_eq!(p.delay(40), RetryPolicy::MAX_DELAY);
    }
}
