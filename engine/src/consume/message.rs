//! What happens to one consumed message: it is read with the consumed config's
//! serializer (with windows: added to its key's windows, each closed window executed in its
//! place), executed with a new job id through the shared executor (its Kafka inputs
//! read the message, its Kafka outputs are keyed with the message's key and acknowledged
//! before the execution ends), and, when it cannot be read or its execution fails, an error
//! record goes to the error topic instead of any output.

use super::window::{Refused, Windows};
use crate::executor::Executor;
use crate::response::ErrorInfo;
use crate::serve::metrics::Metrics;
use rdkafka::message::OwnedMessage;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::util::Timeout;
use rdkafka::Message as _;
use rheo_adapters::kafka::consumption::{ConsumedSource, ConsumptionMode};
use rheo_adapters::kafka::message::{decode_timed, Message};
use rheo_adapters::kafka::source::Consumed;
use rheo_adapters::kafka::KafkaAdapter;
use rheo_adapters::rest::send::nine_digit_z;
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
    /// Largest message value read (`max_request_bytes`); larger ones get an error record
    /// instead of being parsed.
    pub max_message_bytes: usize,
}

/// Where an error record points: the consumed record, and for a window the offsets of its
/// first and last message.
struct Place<'a> {
    record: &'a OwnedMessage,
    window: Option<(i64, i64)>,
}

impl MessageHandler {
    /// Handles one record: runs it, or (with windows) adds it to its key's windows and runs
    /// every window it closes.
    pub async fn handle(&self, record: &OwnedMessage, windows: Option<&mut Windows>) -> Handled {
        self.metrics.request_received();
        let (message, time) = match self.read(record) {
            Ok(read) => read,
            Err(why) => return self.unreadable(record, why).await,
        };
        let Some(windows) = windows else {
            let consumed = Consumed::new(
                self.kafka.configs().clone(),
                self.source.key.clone(),
                message,
            );
            self.run(
                Place {
                    record,
                    window: None,
                },
                consumed,
            )
            .await;
            return Handled::Done;
        };
        let key = record.key().map(<[u8]>::to_vec);
        let time = time.unwrap_or_else(|| record_time(record));
        match windows.add(key, record.offset(), time, message) {
            Ok(closed) => {
                for w in closed {
                    let place = Place {
                        record,
                        window: Some(w.offsets),
                    };
                    let consumed = Consumed::window(
                        self.kafka.configs().clone(),
                        self.source.key.clone(),
                        w.items,
                    );
                    self.run(place, consumed).await;
                }
            }
            Err(refused) => self.refused(record, refused).await,
        }
        Handled::Done
    }

    /// The record's message and, when windows take event time from a field, that time.
    fn read(&self, record: &OwnedMessage) -> Result<(Message, Option<i64>), String> {
        let config = &self.kafka.configs()[&self.source.key];
        let field = self
            .mode
            .window
            .as_ref()
            .and_then(|w| w.time_field.as_deref());
        let bytes = record.payload().ok_or("the record has no value")?;
        if bytes.len() > self.max_message_bytes {
            return Err(format!(
                "the message has {} bytes; the limit is {} (max_request_bytes)",
                bytes.len(),
                self.max_message_bytes
            ));
        }
        decode_timed(bytes, config.serializer, self.source.multi, field).map_err(|why| {
            format!(
                "the message cannot be read as a {} message: {why}",
                config.serializer.name()
            )
        })
    }

    /// Reports a record that cannot be read; stops consumption when so configured.
    async fn unreadable(&self, record: &OwnedMessage, why: String) -> Handled {
        warn!(partition = record.partition(), offset = record.offset(), error = %why, "unreadable message");
        let error = ErrorInfo::new(ErrorKind::RequestValidationError, why.clone(), None);
        self.report_unhandled(record, &error).await;
        if self.stop_on_unreadable {
            Handled::Fatal(why)
        } else {
            Handled::Done
        }
    }

    /// Reports a record no window took.
    async fn refused(&self, record: &OwnedMessage, refused: Refused) {
        let (kind, message) = match refused {
            Refused::Late { watermark } => (
                "LateMessage",
                format!(
                    "the message is later than allowed_lateness_seconds: every window of its event time has closed (watermark {})",
                    nine_digit_z(watermark)
                ),
            ),
            Refused::Full => (
                "WindowStateFull",
                "the open windows of this partition hold max_open_messages messages".to_string(),
            ),
        };
        warn!(partition = record.partition(), offset = record.offset(), error = %message, "message not windowed");
        let error = ErrorInfo::new(ErrorKind::Workflow(kind), message, None);
        self.report_unhandled(record, &error).await;
    }

    /// Reports a record that was not executed, and counts it as a failure.
    async fn report_unhandled(&self, record: &OwnedMessage, error: &ErrorInfo) {
        let place = Place {
            record,
            window: None,
        };
        self.report(place, Uuid::new_v4(), error).await;
        self.metrics.result_published(false);
    }

    /// Runs the fixed execution on `consumed` (keyed like the record), reporting a failure.
    async fn run(&self, place: Place<'_>, consumed: Consumed) {
        let started = Instant::now();
        let job_id = Uuid::new_v4();
        let mut req = ExecutionRequest::new(self.mode.id.clone(), Some(self.mode.wiring.clone()));
        req.job_id = job_id;
        req.run_pure_plot_operators = self.mode.run_pure_plot_operators;
        req.record_key = place.record.key().map(Arc::from);
        let consumed = Arc::new(consumed);
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
        let (partition, offset) = (place.record.partition(), place.record.offset());
        match &response.error {
            None => {
                info!(job_id = %job_id, partition, offset, window = ?place.window, seconds, "message handled")
            }
            Some(e) => {
                warn!(job_id = %job_id, partition, offset, window = ?place.window, error_type = %e.kind, message = %e.message, "execution failed");
                self.report(place, job_id, e).await;
            }
        }
    }

    /// Produces an error record for `place` (keyed like its record) to the error topic, when
    /// one is set, and waits for its acknowledgement.
    async fn report(&self, place: Place<'_>, job_id: Uuid, error: &ErrorInfo) {
        let (Some(producer), Some(topic)) = (&self.error_producer, &self.mode.error_topic) else {
            return;
        };
        let body = error_record(&place, job_id, &self.mode.id, error).to_string();
        let mut out = FutureRecord::<[u8], [u8]>::to(topic).payload(body.as_bytes());
        if let Some(key) = place.record.key() {
            out = out.key(key);
        }
        match producer
            .send(out, Timeout::After(ERROR_RECORD_TIMEOUT))
            .await
        {
            Ok(_) => self.metrics.dead_lettered(),
            Err((e, _)) => {
                warn!(topic = %topic, error = %e, offset = place.record.offset(), "error record not produced")
            }
        }
    }
}

/// The record's timestamp in ns (now when it has none).
fn record_time(record: &OwnedMessage) -> i64 {
    let ms = record
        .timestamp()
        .to_millis()
        .unwrap_or_else(|| chrono::Utc::now().timestamp_millis());
    ms.saturating_mul(1_000_000)
}

/// The error record: the consumed record's key and place, the job and the error.
fn error_record(
    place: &Place<'_>,
    job_id: Uuid,
    transformation_id: &str,
    error: &ErrorInfo,
) -> serde_json::Value {
    let record = place.record;
    let key = record
        .key()
        .map(|k| String::from_utf8_lossy(k).into_owned());
    let mut source = json!({
        "topic": record.topic(),
        "partition": record.partition(),
        "offset": record.offset(),
    });
    if let Some((first, last)) = place.window {
        source["window"] = json!({"first_offset": first, "last_offset": last});
    }
    json!({
        "key": key,
        "job_id": job_id.to_string(),
        "transformation_id": transformation_id,
        "error": {
            "type": error.kind.to_string(),
            "message": error.message,
            "process_stage": error.stage.map(|s| s.as_str()),
        },
        "source": source,
    })
}
