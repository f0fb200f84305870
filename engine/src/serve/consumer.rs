//! The consumer loop of `rheo serve`: receives request records, runs each in its own task,
//! stores offsets in per-partition order once results are acknowledged, pauses fetching when
//! too much is in flight, and drains on shutdown.

use super::config::ServeConfig;
use super::metrics::Metrics;
use super::offsets::{OffsetTracker, Partition};
use super::record::{Handler, Record};
use anyhow::{Context, Result};
use rdkafka::client::ClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{
    BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance, StreamConsumer,
};
use rdkafka::message::Message;
use rdkafka::{Offset, TopicPartitionList};
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;
use tracing::{debug, info, warn};

/// Forwards partition revocations to the offset tracker.
pub struct RebalanceContext {
    tracker: Arc<Mutex<OffsetTracker>>,
}

impl ClientContext for RebalanceContext {}

impl ConsumerContext for RebalanceContext {
    fn pre_rebalance(&self, _consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Revoke(tpl) = rebalance {
            let revoked: Vec<Partition> = tpl
                .elements()
                .iter()
                .map(|e| (e.topic().to_string(), e.partition()))
                .collect();
            info!(partitions = ?revoked, "partitions revoked; their unfinished records go to the next owner");
            self.tracker.lock().expect("tracker lock").revoke(&revoked);
        }
    }

    fn post_rebalance(&self, _consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Assign(tpl) = rebalance {
            let assigned: Vec<Partition> = tpl
                .elements()
                .iter()
                .map(|e| (e.topic().to_string(), e.partition()))
                .collect();
            info!(partitions = ?assigned, "partitions assigned");
        }
    }
}

/// Builds a librdkafka configuration from the settings plus `extra` properties.
pub fn client_config(config: &ServeConfig, extra: &BTreeMap<String, String>) -> ClientConfig {
    let mut c = ClientConfig::new();
    c.set("bootstrap.servers", &config.brokers);
    c.set("client.id", "rheo");
    for (k, v) in config.kafka.iter().chain(extra.iter()) {
        c.set(k, v);
    }
    c
}

/// Creates the request consumer (offsets stored manually, committed automatically).
pub fn create_consumer(
    config: &ServeConfig,
    tracker: Arc<Mutex<OffsetTracker>>,
) -> Result<StreamConsumer<RebalanceContext>> {
    let mut c = client_config(config, &BTreeMap::new());
    c.set("group.id", &config.group_id)
        .set("enable.auto.commit", "true")
        .set("auto.commit.interval.ms", "1000")
        .set("enable.auto.offset.store", "false")
        .set("auto.offset.reset", "earliest")
        // Resuming after a pause waits for a fetch; keep that short (librdkafka: 500 ms).
        .set("fetch.wait.max.ms", "100");
    for (k, v) in &config.consumer {
        c.set(k, v);
    }
    let consumer: StreamConsumer<RebalanceContext> = c
        .create_with_context(RebalanceContext { tracker })
        .context("creating the Kafka consumer")?;
    consumer
        .subscribe(&[&config.request_topic])
        .with_context(|| format!("subscribing to {}", config.request_topic))?;
    Ok(consumer)
}

struct Done {
    partition: Partition,
    offset: i64,
    generation: u64,
    bytes: usize,
}

/// Runs the loop until `shutdown` resolves, then finishes in-flight work, publishes its
/// results, commits and returns.
pub async fn run(
    handler: Arc<Handler>,
    consumer: Arc<StreamConsumer<RebalanceContext>>,
    tracker: Arc<Mutex<OffsetTracker>>,
    metrics: Arc<Metrics>,
    shutdown: impl Future<Output = ()>,
) -> Result<()> {
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<Done>();
    let max_in_flight = handler.config.max_in_flight;
    let max_bytes = handler.config.max_in_flight_bytes;
    let mut running = 0usize;
    let mut running_bytes = 0usize;
    let mut paused: Option<TopicPartitionList> = None;
    tokio::pin!(shutdown);

    // Marks a record finished; returns whether an offset was stored (a commit is due).
    let finish = |d: Done, consumer: &StreamConsumer<RebalanceContext>| -> bool {
        let next =
            tracker
                .lock()
                .expect("tracker lock")
                .finish(&d.partition, d.offset, d.generation);
        let Some(next) = next else { return false };
        let mut tpl = TopicPartitionList::new();
        if tpl
            .add_partition_offset(&d.partition.0, d.partition.1, Offset::Offset(next))
            .is_err()
        {
            return false;
        }
        match consumer.store_offsets(&tpl) {
            Ok(()) => {
                metrics.offset_stored();
                true
            }
            Err(e) => {
                debug!(error = %e, partition = d.partition.1, "offset not stored (partition no longer assigned)");
                false
            }
        }
    };

    loop {
        tokio::select! {
            biased;
            _ = &mut shutdown => {
                info!(in_flight = running, "shutting down: no new records; finishing in-flight work");
                break;
            }
            Some(d) = done_rx.recv() => {
                // Take every completion that is ready, then commit once: immediately at low
                // load, batched under load. A crash then redoes only work whose commit was
                // not sent yet (librdkafka's auto-commit alone would wait up to a second).
                let mut stored = false;
                let mut next = Some(d);
                while let Some(d) = next {
                    running -= 1;
                    running_bytes -= d.bytes;
                    stored |= finish(d, &consumer);
                    next = done_rx.try_recv().ok();
                }
                if stored {
                    if let Err(e) = consumer.commit_consumer_state(CommitMode::Async) {
                        debug!(error = %e, "commit request failed; auto-commit retries");
                    }
                }
                if running < max_in_flight && running_bytes < max_bytes {
                    if let Some(tpl) = paused.take() {
                        if let Err(e) = consumer.resume(&tpl) {
                            warn!(error = %e, "resuming fetch failed");
                        }
                    }
                }
            }
            msg = consumer.recv() => {
                let msg = match msg {
                    Ok(m) => m,
                    Err(e) => {
                        warn!(error = %e, "consumer error");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let record = Record {
                    topic: msg.topic().to_string(),
                    partition: msg.partition(),
                    offset: msg.offset(),
                    key: msg.key().map(<[u8]>::to_vec),
                    payload: msg.payload().map(<[u8]>::to_vec),
                };
                drop(msg);
                let partition = (record.topic.clone(), record.partition);
                let generation = tracker.lock().expect("tracker lock").begin(&partition, record.offset);
                metrics.request_received();
                let bytes = record.payload.as_ref().map_or(0, Vec::len);
                running += 1;
                running_bytes += bytes;
                let (h, tx, offset) = (handler.clone(), done_tx.clone(), record.offset);
                tokio::spawn(async move {
                    h.handle(record).await;
                    let _ = tx.send(Done { partition, offset, generation, bytes });
                });
                if (running >= max_in_flight || running_bytes >= max_bytes) && paused.is_none() {
                    if let Ok(tpl) = consumer.assignment() {
                        if consumer.pause(&tpl).is_ok() {
                            debug!(running, "fetching paused");
                            paused = Some(tpl);
                        }
                    }
                }
            }
        }
    }

    while running > 0 {
        let Some(d) = done_rx.recv().await else { break };
        running -= 1;
        finish(d, &consumer);
    }
    match consumer.commit_consumer_state(CommitMode::Sync) {
        Ok(()) => info!("offsets committed"),
        Err(e) => debug!(error = %e, "final commit: nothing to commit"),
    }
    Ok(())
}

/// Periodically reads the consumer lag (high watermark − position) into the metrics.
pub async fn watch_lag(consumer: Arc<StreamConsumer<RebalanceContext>>, metrics: Arc<Metrics>) {
    loop {
        tokio::time::sleep(Duration::from_secs(5)).await;
        let c = consumer.clone();
        let lag = tokio::task::spawn_blocking(move || {
            let mut lag = BTreeMap::new();
            let Ok(positions) = c.position() else {
                return lag;
            };
            for e in positions.elements() {
                let Offset::Offset(pos) = e.offset() else {
                    continue;
                };
                if let Ok((_, high)) =
                    c.fetch_watermarks(e.topic(), e.partition(), Duration::from_secs(2))
                {
                    lag.insert((e.topic().to_string(), e.partition()), (high - pos).max(0));
                }
            }
            lag
        })
        .await;
        if let Ok(lag) = lag {
            metrics.set_lag(lag);
        }
    }
}
