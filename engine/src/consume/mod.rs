//! `rheo consume`: hetida's consumption mode (hetida-compat §7.6) — one fixed
//! transformation and wiring run on every message of one topic, outputs to Kafka sinks and
//! any other adapter.
//!
//! * [`message`] — what happens to one consumed message (execution, error record).
//! * [`window`] — messages gathered per key into windows, and how far commits may go.
//! * this module — start-up checks, the consumer, one worker per partition (records of a
//!   partition in order, partitions in parallel), offsets stored only once a message is
//!   handled and its outputs acknowledged, and the drain on SIGTERM.

pub mod message;
pub mod window;

use crate::engine::Engine;
use crate::executor::Executor;
use crate::serve::config::ServeConfig;
use crate::serve::metrics::Metrics;
use anyhow::{bail, Context, Result};
use message::{Handled, MessageHandler};
use rdkafka::client::ClientContext;
use rdkafka::consumer::{CommitMode, Consumer, ConsumerContext, StreamConsumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::OwnedMessage;
use rdkafka::producer::FutureProducer;
use rdkafka::Message as _;
use rheo_adapters::kafka::config::client_config;
use rheo_adapters::kafka::consumption::validate;
use rheo_core::model::request::Target;
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tracing::{error, info, warn};

/// Records a partition worker may have queued before the reader waits for it.
const PARTITION_QUEUE: usize = 64;

/// Counts client errors for `/health` and logs them.
struct ConsumeContext {
    metrics: Arc<Metrics>,
}

impl ClientContext for ConsumeContext {
    fn error(&self, error: KafkaError, reason: &str) {
        if error.rdkafka_error_code() == Some(RDKafkaErrorCode::PartitionEOF) {
            return;
        }
        warn!(error = %error, reason, "Kafka client error");
        self.metrics.consumer_error(reason);
    }
}

impl ConsumerContext for ConsumeContext {}

/// The consumer of the consumed topic.
type MessageConsumer = StreamConsumer<ConsumeContext>;

/// Runs consumption mode until `shutdown` resolves (or, with hetida's
/// `continue_consumption_after_exception: false`, until a message cannot be read, which is
/// an error). Handled messages are committed before it returns.
pub async fn consume(
    engine: Arc<Engine>,
    config: ServeConfig,
    shutdown: impl Future<Output = ()>,
) -> Result<()> {
    let mode = config.consume.clone().context(
        "no consumption mode: set HETIDA_DESIGNER_KAFKA_CONSUMPTION_MODE or a [consume] table",
    )?;
    let kafka = engine
        .adapters()
        .kafka()
        .cloned()
        .context("no Kafka configs: set HD_KAFKA_CONFIGS or [adapters.kafka.<key>] tables")?;
    let source =
        validate(&mode, kafka.configs()).map_err(|e| anyhow::anyhow!("consumption mode: {e}"))?;
    engine.resolve(&Target::Id(mode.id.clone())).map_err(|e| {
        anyhow::anyhow!(
            "consumption mode: transformation {}: {}",
            mode.id,
            e.message
        )
    })?;
    let kafka_config = kafka.configs()[&source.key].clone();
    let metrics = Arc::new(Metrics::new(std::time::Duration::from_secs_f64(
        config.stall_after_seconds,
    )));
    let executor = Arc::new(Executor::new(
        engine.clone(),
        config.concurrency,
        config.execution_timeout(),
    ));
    let _http = start_http(&config, metrics.clone(), &executor).await?;
    let consumer = Arc::new(create_consumer(
        &source.key,
        &kafka_config,
        &config,
        metrics.clone(),
    )?);
    let handler = Arc::new(MessageHandler {
        executor,
        metrics: metrics.clone(),
        kafka,
        source,
        mode,
        error_producer: error_producer(&kafka_config, &config)?,
        stop_on_unreadable: kafka_config.continue_consumption_after_exception == Some(false),
        commit_before: kafka_config.consumer_commit_before,
        retry: config.retry_policy(),
        max_message_bytes: config.max_request_bytes,
    });
    info!(topic = %kafka_config.topic, transformation = %handler.mode.id, config = %handler.source.key,
          error_topic = handler.mode.error_topic.as_deref().unwrap_or("-"), "rheo consume: consuming");
    let lag = tokio::spawn(crate::serve::consumer::watch_lag(consumer.clone(), metrics));
    let result = read_loop(&consumer, &handler, shutdown).await;
    lag.abort();
    // A synchronous commit waits for the broker: off the runtime's threads.
    let committing = consumer.clone();
    let committed =
        tokio::task::spawn_blocking(move || committing.commit_consumer_state(CommitMode::Sync))
            .await;
    if let Ok(Err(e)) = committed {
        if e.rdkafka_error_code() != Some(RDKafkaErrorCode::NoOffset) {
            warn!(error = %e, "final commit failed");
        }
    }
    result
}

/// Reads records and hands each to its partition's worker until shutdown or a fatal
/// message, then lets the workers finish what they hold.
async fn read_loop(
    consumer: &Arc<MessageConsumer>,
    handler: &Arc<MessageHandler>,
    shutdown: impl Future<Output = ()>,
) -> Result<()> {
    let (fatal_tx, mut fatal_rx) = mpsc::channel::<String>(1);
    let mut workers: HashMap<(String, i32), (mpsc::Sender<OwnedMessage>, JoinHandle<()>)> =
        HashMap::new();
    tokio::pin!(shutdown);
    let outcome = loop {
        tokio::select! {
            () = &mut shutdown => break Ok(()),
            Some(why) = fatal_rx.recv() => break Err(why),
            received = consumer.recv() => match received {
                Err(e) => {
                    warn!(error = %e, "receiving failed");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Ok(record) => {
                    let record = record.detach();
                    let slot = (record.topic().to_string(), record.partition());
                    let (tx, _) = workers.entry(slot).or_insert_with(|| {
                        spawn_worker(consumer.clone(), handler.clone(), fatal_tx.clone())
                    });
                    if tx.send(record).await.is_err() {
                        break Err("a partition worker stopped".into());
                    }
                }
            }
        }
    };
    info!("rheo consume: stopping; finishing the messages already read");
    for (_, (tx, task)) in workers.drain() {
        drop(tx);
        let _ = task.await;
    }
    match outcome {
        Ok(()) => Ok(()),
        Err(why) => bail!("consumption stopped: {why}"),
    }
}

/// A worker handling one partition's records in order; it stores each offset once the
/// record is handled and stops at a fatal one.
fn spawn_worker(
    consumer: Arc<MessageConsumer>,
    handler: Arc<MessageHandler>,
    fatal: mpsc::Sender<String>,
) -> (mpsc::Sender<OwnedMessage>, JoinHandle<()>) {
    let (tx, mut rx) = mpsc::channel::<OwnedMessage>(PARTITION_QUEUE);
    let task = tokio::spawn(async move {
        let mut windows = handler.mode.window.clone().map(window::Windows::new);
        while let Some(record) = rx.recv().await {
            if handler.commit_before {
                store(&consumer, &handler, &record, record.offset() + 1);
            }
            match handler.handle(&record, windows.as_mut()).await {
                Handled::Done => {}
                Handled::Fatal(why) => {
                    error!(partition = record.partition(), offset = record.offset(), error = %why, "stopping (continue_consumption_after_exception is false)");
                    let _ = fatal.send(why).await;
                    return;
                }
            }
            if !handler.commit_before {
                // Open windows hold their messages' offsets back: a restart reads them again.
                let next = windows
                    .as_ref()
                    .and_then(window::Windows::first_needed_offset)
                    .unwrap_or(record.offset() + 1);
                store(&consumer, &handler, &record, next);
            }
        }
    });
    (tx, task)
}

/// Lets commits of `record`'s partition go up to `next` (the next offset to read after a
/// restart).
fn store(consumer: &MessageConsumer, handler: &MessageHandler, record: &OwnedMessage, next: i64) {
    if next <= 0 {
        return;
    }
    // librdkafka stores `offset + 1`.
    match consumer.store_offset(record.topic(), record.partition(), next - 1) {
        Ok(()) => handler.metrics.offset_stored(),
        // The partition moved to another consumer; it reads the record again.
        Err(e) => {
            warn!(partition = record.partition(), offset = record.offset(), error = %e, "offset not stored")
        }
    }
}

/// The consumer: the config's `consumer_config` (then `RHEO_KAFKA_*` and
/// `RHEO_KAFKA_CONSUMER_*` properties), offsets stored by the workers and committed every
/// second (and at the end). Without a `group_id` a throwaway group reads from
/// `auto_offset_reset` (aiokafka's default: the end), and nothing is resumed later.
fn create_consumer(
    key: &str,
    config: &rheo_adapters::kafka::config::KafkaConfig,
    serve: &ServeConfig,
    metrics: Arc<Metrics>,
) -> Result<MessageConsumer> {
    let (props, ignored) = config.consumer_properties(key);
    for note in ignored {
        warn!("{note}");
    }
    let mut c = client_config(&props);
    if config.group_id().is_none() {
        warn!(config = key, "no group_id in consumer_config: nothing is committed, and a restart starts at auto_offset_reset");
        c.set("group.id", format!("rheo-consume-{}", uuid::Uuid::new_v4()));
    }
    for (k, v) in [
        ("auto.commit.interval.ms", "1000"),
        ("fetch.wait.max.ms", "100"),
    ] {
        if !props.contains_key(k) {
            c.set(k, v);
        }
    }
    for (k, v) in serve.kafka.iter().chain(&serve.consumer) {
        c.set(k, v);
    }
    c.set("enable.auto.commit", "true")
        .set("enable.auto.offset.store", "false");
    let consumer: MessageConsumer = c
        .create_with_context(ConsumeContext { metrics })
        .with_context(|| format!("Kafka config '{key}': creating the consumer"))?;
    consumer
        .subscribe(&[&config.topic])
        .with_context(|| format!("subscribing to {}", config.topic))?;
    Ok(consumer)
}

/// The producer of error records: the consumed config's producer settings, or its
/// consumer's brokers.
fn error_producer(
    config: &rheo_adapters::kafka::config::KafkaConfig,
    serve: &ServeConfig,
) -> Result<Option<FutureProducer>> {
    if serve
        .consume
        .as_ref()
        .and_then(|c| c.error_topic.as_ref())
        .is_none()
    {
        return Ok(None);
    }
    let (mut props, _) = config.producer_properties("error topic");
    if !props.contains_key("bootstrap.servers") {
        let (consumer, _) = config.consumer_properties("error topic");
        if let Some(b) = consumer.get("bootstrap.servers") {
            props.insert("bootstrap.servers".into(), b.clone());
        }
    }
    let producer = client_config(&props)
        .create()
        .context("creating the error topic's producer")?;
    Ok(Some(producer))
}

/// `/health` and `/metrics` (no execution API: consumption mode runs one fixed execution).
async fn start_http(
    config: &ServeConfig,
    metrics: Arc<Metrics>,
    executor: &Arc<Executor>,
) -> Result<Option<tokio::sync::oneshot::Sender<()>>> {
    use crate::serve::{http, http_server};
    if config.http_addr.is_empty() {
        return Ok(None);
    }
    let listener = tokio::net::TcpListener::bind(&config.http_addr)
        .await
        .with_context(|| format!("binding the HTTP address {}", config.http_addr))?;
    info!(addr = %listener.local_addr()?, "HTTP: /health and /metrics");
    let stats = Arc::new(http_server::HttpStats::default());
    let app = http::router(
        metrics,
        stats.clone(),
        http::RenderLimits::from_config(config),
        executor.metrics().clone(),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(http_server::serve_http(
        listener,
        app,
        None,
        http_server::HttpLimits::from_config(config),
        stats,
        async move {
            let _ = stopped.await;
        },
    ));
    Ok(Some(stop))
}
