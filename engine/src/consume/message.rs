//! What happens to one consumed message: it is read with the consumed config's
//! serializer, executed with a new job id through the shared executor (its Kafka inputs
//! read the message, its Kafka outputs are keyed with the message's key and acknowledged
//! before the execution ends), and, when it cannot be read or its execution fails, an error
//! record goes to the error topic instead of any output.

use crate::executor::Executor;
use crate::response::ErrorInfo;
use crate::serve::metrics::Metrics;
use rdkafka::message::OwnedMessage;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::util::Timeout;
use rdkafka::Message as _;
use rheo_adapters::kafka::consumption::{ConsumedSource, ConsumptionMode};
use rheo_adapters::kafka::message::decode;
use rheo_adapters::kafka::source::Consumed;
use rheo_adapters::kafka::KafkaAdapter;
use rheo_core::model::request::ExecutionRequest;
use rheo_core::ErrorKind;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::{info, warn};
use uuid::Uuid;

/// How long producing an error record may take before the message counts as unhandled.
const ERROR_RECORD_TIMEOUT: Duration = Duration::from_secs(30);

/// How a message ended.
pub enum Handled {
    /// Executed, or reported on the error topic: its offset may be committed.
    Done,
    /// It could not be read and consumption stops (hetida's
    /// `continue_consumption_after_exception: false`).
    Fatal(String),
}

/// What every partition worker shares.
pub struct MessageHandler {
    /// Runs the executions (bounded concurrency, timeout).
    pub executor: Arc<Executor>,
    /// `/metrics` and `/health`.
    pub metrics: Arc<Metrics>,
    /// The Kafka adapter (configs, producers of the sinks).
    pub kafka: Arc<KafkaAdapter>,
    /// The consumed config and message shape.
    pub source: ConsumedSource,
    /// The fixed execution.
    pub mode: ConsumptionMode,
    /// Producer of error records, when an error topic is set.
    pub error_producer: Option<FutureProducer>,
    /// Stop at a message that cannot be read.
    pub stop_on_unreadable: bool,
    /// Commit before handling (at most once) instead of after.
    pub commit_before: bool,
    /// Retries of transiently failed executions.
    pub retry: crate::executor::RetryPolicy,
}

impl MessageHandler {
    /// Handles one record.
    pub async fn handle(&self, record: &OwnedMessage) -> Handled {
        self.metrics.request_received();
        let started = Instant::now();
        let config = &self.kafka.configs()[&self.source.key];
        let decoded = match record.payload() {
            None => Err("the record has no value".to_string()),
            Some(bytes) => decode(bytes, config.serializer, self.source.multi),
        };
        let message = match decoded {
            Ok(m) => m,
            Err(why) => {
                let why = format!(
                    "the message cannot be read as a {} message: {why}",
                    config.serializer.name()
                );
                warn!(partition = record.partition(), offset = record.offset(), error = %why, "unreadable message");
                let error = ErrorInfo::new(ErrorKind::RequestValidationError, why.clone(), None);
                self.report(record, Uuid::new_v4(), &error).await;
                self.metrics.result_published(false);
                return if self.stop_on_unreadable {
                    Handled::Fatal(why)
                } else {
                    Handled::Done
                };
            }
        };
        let job_id = Uuid::new_v4();
        let mut req = ExecutionRequest::new(self.mode.id.clone(), Some(self.mode.wiring.clone()));
        req.job_id = job_id;
        req.run_pure_plot_operators = self.mode.run_pure_plot_operators;
        req.record_key = record.key().map(Arc::from);
        let consumed = Arc::new(Consumed::new(
            self.kafka.configs().clone(),
            self.source.key.clone(),
            message,
        ));
        let response = self
            .executor
            .run_retrying(job_id, self.retry, move |engine| {
                let adapters = engine.adapters().with_source(consumed.clone());
                engine.execute_using(&req, &adapters)
            })
            .await;
        let seconds = started.elapsed().as_secs_f64();
        self.metrics.observe_execution(seconds);
        self.metrics.result_published(response.error.is_none());
        match &response.error {
            None => {
                info!(job_id = %job_id, partition = record.partition(), offset = record.offset(), seconds, "message handled")
            }
            Some(e) => {
                warn!(job_id = %job_id, partition = record.partition(), offset = record.offset(), error_type = %e.kind, message = %e.message, "execution failed");
                self.report(record, job_id, e).await;
            }
        }
        Handled::Done
    }

    /// Produces an error record for `record` (keyed like it) to the error topic, when one
    /// is set, and waits for its acknowledgement.
    async fn report(&self, record: &OwnedMessage, job_id: Uuid, error: &ErrorInfo) {
        let (Some(producer), Some(topic)) = (&self.error_producer, &self.mode.error_topic) else {
            return;
        };
        let body = error_record(record, job_id, &self.mode.id, error).to_string();
        let mut out = FutureRecord::<[u8], [u8]>::to(topic).payload(body.as_bytes());
        if let Some(key) = record.key() {
            out = out.key(key);
        }
        match producer
            .send(out, Timeout::After(ERROR_RECORD_TIMEOUT))
            .await
        {
            Ok(_) => self.metrics.dead_lettered(),
            Err((e, _)) => {
                warn!(topic = %topic, error = %e, offset = record.offset(), "error record not produced")
            }
        }
    }
}

/// The error record: the consumed record's key and place, the job and the error.
fn error_record(
    record: &OwnedMessage,
    job_id: Uuid,
    transformation_id: &str,
    error: &ErrorInfo,
) -> serde_json::Value {
    let key = record
        .key()
        .map(|k| String::from_utf8_lossy(k).into_owned());
    json!({
        "key": key,
        "job_id": job_id.to_string(),
        "transformation_id": transformation_id,
        "error": {
            "type": error.kind.to_string(),
            "message": error.message,
            "process_stage": error.stage.map(|s| s.as_str()),
        },
        "source": {
            "topic": record.topic(),
            "partition": record.partition(),
            "offset": record.offset(),
        },
    })
}
