//! Handling of one request record: checks, execution off the async runtime with a timeout,
//! dead-lettering of bad records, and publishing of the keyed result.

use super::config::ServeConfig;
use super::metrics::Metrics;
use crate::executor::{failure as reject, Executor};
use crate::jobs::db::{now_us, FinishedRun, JobDb, NewJob};
use crate::jobs::record::KafkaOrigin;
use crate::jobs::recorder::RunRecorder;
use crate::jobs::runner::outcome_for_record;
use crate::jobs::templates::expand_if_template;
use crate::response::ExecutionResponse;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::util::Timeout;
use rheo_core::model::request::split_key;
use rheo_core::ErrorKind;
use std::sync::Arc;
use std::time::{Duration, Instant};
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
    /// Runs the executions.
    pub executor: Arc<Executor>,
    /// The job database, for template calls (`None`: templates are refused).
    pub jobs_db: Option<Arc<JobDb>>,
    /// Records every handled record's run as a job (`None`: not recorded).
    pub recorder: Option<Arc<RunRecorder>>,
    /// Producer for results and dead letters.
    pub producer: FutureProducer,
    /// Settings.
    pub config: ServeConfig,
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

/// The record's key (the Kafka key, else a console-producer `key:` prefix of the value) and
/// where the request starts in the value.
/// The request's key: the Kafka key, else a `key:` prefix of the value.
pub fn key_of(rec: &Record) -> Option<Vec<u8>> {
    split_record(rec).0
}

fn split_record(rec: &Record) -> (Option<Vec<u8>>, usize) {
    match (&rec.key, rec.payload.as_deref()) {
        (Some(k), _) => (Some(k.clone()), 0),
        (None, Some(p)) => {
            let (k, rest) = split_key(p);
            // `split_key` returns a suffix of the value.
            (k.map(<[u8]>::to_vec), p.len() - rest.len())
        }
        (None, None) => (None, 0),
    }
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

    /// Handles one record to the end (check → execute → dead-letter → publish): returns
    /// once its result (and dead letter, if any) is acknowledged by the broker. Returns
    /// whether the result was `ok`.
    pub async fn handle(&self, rec: Record) -> bool {
        let job_id = derived_job_id(&rec.topic, rec.partition, rec.offset);
        let (key, start) = split_record(&rec);
        let key_text = key
            .as_deref()
            .map(String::from_utf8_lossy)
            .unwrap_or_default()
            .to_string();
        let started = Instant::now();
        let started_us = now_us();
        let response = match self.check(&rec, start, job_id) {
            Err(refused) => *refused,
            Ok(payload) => {
                if fault_abort_requested(&key_text) {
                    error!(key = %key_text, "RHEO_FAULT_ABORT_ON_KEY: aborting the process");
                    std::process::abort();
                }
                let record_key = key.as_deref().map(Arc::<[u8]>::from);
                self.execute(payload, start, job_id, record_key).await
            }
        };
        self.log_handled(&rec, &key_text, &response, started.elapsed().as_secs_f64());
        if response
            .error
            .as_ref()
            .is_some_and(|e| e.kind.dead_letters())
        {
            self.dead_letter(&rec, &response).await;
        }
        let body = response.to_json();
        let ok = self.publish_result(key.as_deref(), &response, &body).await;
        self.record_run(&rec, key_text, &response, started_us, body.len());
        ok
    }

    /// Hands the run to the recorder (the result is already published; recording never
    /// holds up the record).
    fn record_run(
        &self,
        rec: &Record,
        key: String,
        response: &ExecutionResponse,
        started_us: i64,
        result_bytes: usize,
    ) {
        let Some(recorder) = &self.recorder else {
            return;
        };
        let job = NewJob {
            job_id: response.job_id.to_string(),
            source: "kafka",
            transformation_id: response.transformation_id.clone(),
            kafka: Some(KafkaOrigin {
                key: (!key.is_empty()).then_some(key),
                topic: rec.topic.clone(),
                partition: rec.partition,
                offset: rec.offset,
            }),
            ..NewJob::default()
        };
        recorder.record(FinishedRun {
            job,
            request_bytes: rec.bytes(),
            outcome: outcome_for_record(response, started_us, result_bytes),
        });
    }

    /// The checks before execution: a refusal verdict, a missing, oversized or non-UTF-8
    /// value each give a failure response; otherwise the record's value (the request is
    /// `value[start..]`).
    fn check(
        &self,
        rec: &Record,
        start: usize,
        job_id: Uuid,
    ) -> Result<Arc<[u8]>, Box<ExecutionResponse>> {
        if let Some(verdict) = rec.verdict {
            return Err(Box::new(self.refusal(job_id, verdict)));
        }
        let Some(payload) = rec.payload.clone() else {
            return Err(Box::new(reject(
                job_id,
                ErrorKind::RequestValidationError,
                "the record has no value (expected a JSON execution request)",
            )));
        };
        let request = &payload[start..];
        if request.len() > self.config.max_request_bytes {
            return Err(Box::new(reject(
                job_id,
                ErrorKind::RequestTooLarge,
                &format!(
                    "the request has {} bytes; the limit is {} (max_request_bytes)",
                    request.len(),
                    self.config.max_request_bytes
                ),
            )));
        }
        if let Err(e) = std::str::from_utf8(request) {
            return Err(Box::new(reject(
                job_id,
                ErrorKind::InvalidUtf8,
                &format!("the record value is not valid UTF-8: {e}"),
            )));
        }
        Ok(payload)
    }

    /// Logs the outcome and observes the handling time.
    fn log_handled(&self, rec: &Record, key: &str, response: &ExecutionResponse, seconds: f64) {
        self.metrics.observe_execution(seconds);
        info!(job_id = %response.job_id, key = %key, partition = rec.partition, offset = rec.offset,
              result = response.status(), seconds, "request handled");
        if let Some(e) = &response.error {
            warn!(job_id = %response.job_id, key = %key, error_type = %e.kind, message = %e.message, "request failed");
        }
    }

    /// Copies a bad record unchanged to the dead-letter topic (when one is configured),
    /// with headers saying why and where it came from.
    async fn dead_letter(&self, rec: &Record, response: &ExecutionResponse) {
        let (Some(dlq), Some(e)) = (&self.config.dead_letter_topic, &response.error) else {
            return;
        };
        let partition = rec.partition.to_string();
        let offset = rec.offset.to_string();
        let job_id = response.job_id.to_string();
        let headers = [
            ("error_type", e.kind.as_str()),
            ("error_message", e.message.as_str()),
            ("source_topic", rec.topic.as_str()),
            ("source_partition", partition.as_str()),
            ("source_offset", offset.as_str()),
            ("job_id", job_id.as_str()),
        ]
        .into_iter()
        .fold(OwnedHeaders::new(), |h, (key, value)| {
            h.insert(Header {
                key,
                value: Some(value.as_bytes()),
            })
        });
        let value = rec.payload.as_deref().unwrap_or_default();
        self.publish(dlq, rec.key.as_deref(), value, headers).await;
        self.metrics.dead_lettered();
    }

    /// Publishes the result under the request's key; a result too large for the broker is
    /// replaced by a small `ResultTooLarge` failure. Returns whether an `ok` result went out.
    async fn publish_result(
        &self,
        key: Option<&[u8]>,
        response: &ExecutionResponse,
        body: &str,
    ) -> bool {
        let topic = &self.config.result_topic;
        if self
            .publish(topic, key, body.as_bytes(), result_headers(response))
            .await
        {
            self.metrics.result_published(response.is_ok());
            return response.is_ok();
        }
        let small = ExecutionResponse {
            form: response.form,
            ..reject(
                response.job_id,
                ErrorKind::ResultTooLarge,
                &format!(
                    "the result has {} bytes, more than the broker accepts",
                    body.len()
                ),
            )
        };
        let headers = result_headers(&small);
        self.publish(topic, key, small.to_json().as_bytes(), headers)
            .await;
        self.metrics.result_published(false);
        false
    }

    /// Runs the request (`payload[start..]`, after a `key:` prefix) on the executor, a
    /// template call expanded first; the record's bytes are shared with the task, not copied.
    async fn execute(
        &self,
        payload: Arc<[u8]>,
        start: usize,
        job_default: Uuid,
        record_key: Option<Arc<[u8]>>,
    ) -> ExecutionResponse {
        let records = self.jobs_db.clone();
        let retry = self.config.retry_policy();
        self.executor
            .run_retrying(job_default, retry, move |engine| {
                let request = &payload[start..];
                let key = record_key.clone();
                match expand_if_template(records.as_deref(), request) {
                    Ok(None) => engine.execute_record(request, Some(job_default), key),
                    Ok(Some(expanded)) => engine.execute_record(&expanded, Some(job_default), key),
                    Err(e) => reject(
                        job_default,
                        ErrorKind::RequestValidationError,
                        &e.to_string(),
                    ),
                }
            })
            .await
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
