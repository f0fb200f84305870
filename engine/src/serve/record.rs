//! Handling of one request record: checks, execution off the async runtime with a timeout,
//! dead-lettering of bad records, and publishing of the keyed result.

use super::config::ServeConfig;
use super::metrics::Metrics;
use crate::response::{ErrorInfo, ExecutionResponse};
use crate::Engine;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::util::Timeout;
use rheo_core::cancel::{self, CancelToken};
use rheo_core::model::request::split_key;
use rheo_core::model::request::RequestForm;
use rheo_core::ErrorKind;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tracing::{error, info, warn};
use uuid::Uuid;

/// A request record as received (owned, so it can move to a task).
#[derive(Debug, Clone)]
pub struct Record {
    /// Topic.
    pub topic: String,
    /// Partition.
    pub partition: i32,
    /// Offset.
    pub offset: i64,
    /// Kafka key.
    pub key: Option<Vec<u8>>,
    /// Value.
    pub payload: Option<Arc<[u8]>>,
    /// Set by the dispatch loop when the record is answered without being executed.
    pub verdict: Option<Verdict>,
}

/// Why a record is answered with a failure instead of being executed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The poison guard counted this many engine crashes for the record.
    Poison {
        /// Counted crashes.
        crashes: u32,
    },
    /// The service already held its in-flight budget when the record arrived and is set to
    /// refuse rather than pause (`refuse_when_full`, the embedded broker's default).
    Overloaded {
        /// Records in flight when it arrived.
        running: usize,
        /// Request bytes in flight when it arrived.
        running_bytes: usize,
    },
}

impl Record {
    /// Size of the value, for the in-flight byte budget.
    pub fn bytes(&self) -> usize {
        self.payload.as_ref().map_or(0, |p| p.len())
    }
}

/// Fault injection for the poison guard's tests: when `RHEO_FAULT_ABORT_ON_KEY` is set, a
/// record with exactly that key aborts the process where an execution would start (as a
/// stack overflow in a component would). Unset in production.
fn fault_abort_requested(key: &str) -> bool {
    std::env::var("RHEO_FAULT_ABORT_ON_KEY").is_ok_and(|k| !k.is_empty() && k == key)
}

/// The shared pieces every record task needs.
pub struct Handler {
    /// The engine.
    pub engine: Arc<Engine>,
    /// Producer for results and dead letters.
    pub producer: FutureProducer,
    /// Settings.
    pub config: ServeConfig,
    /// Limits concurrently running executions.
    pub cpu: Arc<Semaphore>,
    /// Metrics.
    pub metrics: Arc<Metrics>,
}

/// The job id of a record without `job_id`: derived from its position, so a redelivered
/// record gets the same one.
pub fn derived_job_id(topic: &str, partition: i32, offset: i64) -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_URL,
        format!("kafka://{topic}/{partition}/{offset}").as_bytes(),
    )
}

/// Whether the response's error means "the record itself is bad" (dead-letter candidates).
fn is_bad_record(resp: &ExecutionResponse) -> bool {
    resp.error.as_ref().is_some_and(|e| e.kind.dead_letters())
}

impl Handler {
    /// The failure response for a record the dispatch loop refused.
    fn refusal(&self, job_id: Uuid, verdict: Verdict) -> ExecutionResponse {
        match verdict {
            Verdict::Poison { crashes } => reject(
                job_id,
                ErrorKind::PoisonRecord,
                &format!(
                    "engine processes died {crashes} times while this record may have been executing (the last time it ran alone); it is not executed again (poison_after_crashes = {})",
                    self.config.poison_after_crashes
                ),
            ),
            Verdict::Overloaded {
                running,
                running_bytes,
            } => reject(
                job_id,
                ErrorKind::ServiceOverloaded,
                &format!(
                    "not executed: {running} requests ({running_bytes} bytes) were waiting or executing, the service's limit (max_in_flight = {}, max_in_flight_bytes = {}); send it again later",
                    self.config.max_in_flight, self.config.max_in_flight_bytes
                ),
            ),
        }
    }

    /// Handles one record to the end: returns once its result (and dead letter, if any) is
    /// acknowledged by the broker. Returns whether the result was `ok`.
    pub async fn handle(&self, rec: Record) -> bool {
        let job_default = derived_job_id(&rec.topic, rec.partition, rec.offset);
        let (key, payload) = match (&rec.key, rec.payload.as_deref()) {
            (Some(k), Some(p)) => (Some(k.clone()), Some(p)),
            (None, Some(p)) => {
                let (k, rest) = split_key(p);
                (k.map(<[u8]>::to_vec), Some(rest))
            }
            (k, None) => (k.clone(), None),
        };
        let key_text = key
            .as_deref()
            .map(String::from_utf8_lossy)
            .unwrap_or_default()
            .to_string();
        let started = Instant::now();
        let response = match payload {
            _ if rec.verdict.is_some() => self.refusal(job_default, rec.verdict.expect("some")),
            None => reject(
                job_default,
                ErrorKind::RequestValidationError,
                "the record has no value (expected a JSON execution request)",
            ),
            Some(p) if p.len() > self.config.max_request_bytes => reject(
                job_default,
                ErrorKind::RequestTooLarge,
                &format!(
                    "the request has {} bytes; the limit is {} (max_request_bytes)",
                    p.len(),
                    self.config.max_request_bytes
                ),
            ),
            Some(p) => match std::str::from_utf8(p) {
                Err(e) => reject(
                    job_default,
                    ErrorKind::InvalidUtf8,
                    &format!("the record value is not valid UTF-8: {e}"),
                ),
                Ok(_) => {
                    if fault_abort_requested(&key_text) {
                        error!(key = %key_text, "RHEO_FAULT_ABORT_ON_KEY: aborting the process");
                        std::process::abort();
                    }
                    let whole = rec.payload.clone().expect("a value was found above");
                    // `split_key` leaves a suffix of the value.
                    let start = whole.len() - p.len();
                    self.execute(whole, start, job_default).await
                }
            },
        };
        let seconds = started.elapsed().as_secs_f64();
        self.metrics.observe_execution(seconds);
        let ok = response.is_ok();
        info!(job_id = %response.job_id, key = %key_text, partition = rec.partition, offset = rec.offset,
              result = response.status(), seconds, "request handled");
        if let Some(e) = &response.error {
            warn!(job_id = %response.job_id, key = %key_text, error_type = %e.kind, message = %e.message, "request failed");
        }
        if is_bad_record(&response) {
            if let Some(dlq) = &self.config.dead_letter_topic {
                let e = response.error.as_ref().expect("bad records carry an error");
                let headers = OwnedHeaders::new()
                    .insert(Header {
                        key: "error_type",
                        value: Some(e.kind.as_str().as_bytes()),
                    })
                    .insert(Header {
                        key: "error_message",
                        value: Some(e.message.as_bytes()),
                    })
                    .insert(Header {
                        key: "source_topic",
                        value: Some(rec.topic.as_bytes()),
                    })
                    .insert(Header {
                        key: "source_partition",
                        value: Some(rec.partition.to_string().as_bytes()),
                    })
                    .insert(Header {
                        key: "source_offset",
                        value: Some(rec.offset.to_string().as_bytes()),
                    })
                    .insert(Header {
                        key: "job_id",
                        value: Some(response.job_id.to_string().as_bytes()),
                    });
                self.publish(
                    dlq,
                    rec.key.as_deref(),
                    rec.payload.as_deref().unwrap_or_default(),
                    headers,
                )
                .await;
                self.metrics.dead_lettered();
            }
        }
        let body = response.to_json();
        let headers = result_headers(&response);
        if !self
            .publish(
                &self.config.result_topic,
                key.as_deref(),
                body.as_bytes(),
                headers,
            )
            .await
        {
            // The result is too large for the broker: answer with a small failure instead.
            let small = reject(
                response.job_id,
                ErrorKind::ResultTooLarge,
                &format!(
                    "the result has {} bytes, more than the broker accepts",
                    body.len()
                ),
            );
            let small = ExecutionResponse {
                form: response.form,
                ..small
            };
            self.publish(
                &self.config.result_topic,
                key.as_deref(),
                small.to_json().as_bytes(),
                result_headers(&small),
            )
            .await;
            self.metrics.result_published(false);
            return false;
        }
        self.metrics.result_published(ok);
        ok
    }

    /// Runs the request on a blocking thread. On timeout the execution's token is raised;
    /// the concurrency permit moves with the work and is freed only when it has stopped.
    /// The request is `payload[start..]` (after a `key:` prefix); the record's bytes are
    /// shared with the task, not copied.
    async fn execute(
        &self,
        payload: Arc<[u8]>,
        start: usize,
        job_default: Uuid,
    ) -> ExecutionResponse {
        let permit = self
            .cpu
            .clone()
            .acquire_owned()
            .await
            .expect("semaphore never closes");
        let engine = self.engine.clone();
        let token = CancelToken::new();
        let work_token = token.clone();
        let task = tokio::task::spawn_blocking(move || {
            let response = cancel::scope(&work_token, || {
                engine.execute_payload_with_job_id(&payload[start..], Some(job_default))
            });
            drop(permit);
            response
        });
        match tokio::time::timeout(self.config.execution_timeout(), task).await {
            Ok(Ok(resp)) => resp,
            Ok(Err(join)) => {
                error!(job_id = %job_default, error = %join, "execution panicked");
                reject(
                    job_default,
                    ErrorKind::InternalError,
                    &format!("the execution panicked: {join}"),
                )
            }
            Err(_) => {
                token.cancel();
                warn!(job_id = %job_default, "execution timed out; cancelled at its next operator or kernel check");
                reject(
                    job_default,
                    ErrorKind::ExecutionTimeout,
                    &format!(
                        "the execution did not finish within {} s (execution_timeout_seconds)",
                        self.config.execution_timeout_seconds
                    ),
                )
            }
        }
    }

    /// Produces one record and waits for the broker's acknowledgement, retrying transient
    /// errors forever (the offset is not committed before this returns). Returns false only
    /// when the broker refuses the record for its size.
    async fn publish(
        &self,
        topic: &str,
        key: Option<&[u8]>,
        payload: &[u8],
        headers: OwnedHeaders,
    ) -> bool {
        let mut backoff = Duration::from_millis(100);
        loop {
            let mut record = FutureRecord::<[u8], [u8]>::to(topic)
                .payload(payload)
                .headers(headers.clone());
            if let Some(k) = key {
                record = record.key(k);
            }
            match self.producer.send(record, Timeout::Never).await {
                Ok(_) => return true,
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::MessageSizeTooLarge), _)) => {
                    error!(
                        topic,
                        bytes = payload.len(),
                        "record too large for the broker"
                    );
                    return false;
                }
                Err((e, _)) => {
                    warn!(topic, error = %e, "publishing failed; retrying");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(5));
                }
            }
        }
    }
}

fn result_headers(resp: &ExecutionResponse) -> OwnedHeaders {
    OwnedHeaders::new()
        .insert(Header {
            key: "job_id",
            value: Some(resp.job_id.to_string().as_bytes()),
        })
        .insert(Header {
            key: "result",
            value: Some(resp.status().as_bytes()),
        })
}

fn reject(job_id: Uuid, kind: ErrorKind, message: &str) -> ExecutionResponse {
    ExecutionResponse::rejected(
        job_id,
        RequestForm::Current,
        ErrorInfo::new(kind, message, None),
    )
}
