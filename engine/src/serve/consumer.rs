//! The request consumer of `rheo serve`: its librdkafka settings, the rebalance callbacks
//! that read and write the poison guard's markers, explicit commits, and the lag watcher. The loop that dispatches records is [`super::intake`].

use super::config::ServeConfig;
use super::guard::Marker;
use super::guard_store::GuardStore;
use super::metrics::Metrics;
use super::offsets::{OffsetTracker, Partition};
use anyhow::{Context, Result};
use rdkafka::client::ClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::StreamConsumer;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::{Offset, TopicPartitionList};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing::{debug, info, warn};

/// Commits what is done on revocation, notes assignments (the dispatch loop reads their
/// guard markers before it starts their records) and counts client errors for `/health`.
/// The callbacks run on the thread that polls the consumer (a runtime worker), so they do
/// no more than the one commit a revocation needs.
pub struct RebalanceContext {
    tracker: Arc<Mutex<OffsetTracker>>,
    metrics: Arc<Metrics>,
    guard: Option<Arc<GuardStore>>,
}

impl ClientContext for RebalanceContext {
    fn error(&self, error: KafkaError, reason: &str) {
        if error.rdkafka_error_code() == Some(RDKafkaErrorCode::PartitionEOF) {
            return; // an event (the end of a partition was reached), not a failure
        }
        warn!(error = %error, reason, "Kafka client error");
        self.metrics.consumer_error(reason);
    }
}

impl ConsumerContext for RebalanceContext {
    fn pre_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Revoke(tpl) = rebalance {
            let revoked = partitions_of(tpl);
            info!(partitions = ?revoked, "partitions revoked; their unfinished records go to the next owner");
            let mut tracker = self.tracker.lock().expect("tracker lock");
            let done: Vec<_> = tracker
                .stopping_commit_state()
                .into_iter()
                .filter(|(p, _, _)| revoked.contains(p))
                .collect();
            tracker.revoke(&revoked);
            drop(tracker);
            if let Err(e) = commit_now(consumer, &done, CommitMode::Sync) {
                debug!(error = %e, "commit on revocation failed");
            }
            self.write_markers_later(done.into_iter().map(|(p, _, m)| (p, m)).collect());
        }
    }

    fn post_rebalance(&self, _consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Assign(tpl) = rebalance {
            let assigned = partitions_of(tpl);
            info!(partitions = ?assigned, "partitions assigned");
            self.tracker
                .lock()
                .expect("tracker lock")
                .assign_pending(&assigned);
        }
    }
}

impl RebalanceContext {
    /// Writes the markers of revoked partitions in the background. A late write only
    /// makes the next owner isolate records it need not; without a runtime (the consumer
    /// closing at shutdown, whose drain wrote them already) nothing is written.
    fn write_markers_later(&self, markers: Vec<(Partition, Marker)>) {
        let (Some(guard), Ok(rt)) = (&self.guard, tokio::runtime::Handle::try_current()) else {
            return;
        };
        let guard = guard.clone();
        rt.spawn(async move { guard.write(&markers).await });
    }
}

fn partitions_of(tpl: &TopicPartitionList) -> Vec<Partition> {
    tpl.elements()
        .iter()
        .map(|e| (e.topic().to_string(), e.partition()))
        .collect()
}

/// Commits the positions of `entries` (their markers go to the guard store, not here).
pub fn commit_now<C: Consumer<X>, X: ConsumerContext>(
    consumer: &C,
    entries: &[(Partition, i64, Marker)],
    mode: CommitMode,
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut tpl = TopicPartitionList::new();
    for ((topic, partition), position, _) in entries {
        tpl.add_partition_offset(topic, *partition, Offset::Offset(*position))?;
    }
    consumer.commit(&tpl, mode)?;
    Ok(())
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

/// Creates the request consumer. Offsets are committed explicitly (with the poison guard's
/// markers as metadata), never automatically.
/// `record_limit` is the largest record the consumer must be able to receive (see
/// [`super::limits`]).
pub fn create_consumer(
    config: &ServeConfig,
    record_limit: usize,
    metrics: Arc<Metrics>,
    tracker: Arc<Mutex<OffsetTracker>>,
    guard: Option<Arc<GuardStore>>,
) -> Result<StreamConsumer<RebalanceContext>> {
    let mut c = client_config(config, &BTreeMap::new());
    c.set("group.id", &config.group_id)
        .set("enable.auto.commit", "false")
        .set("enable.auto.offset.store", "false")
        .set("auto.offset.reset", "earliest")
        // End-of-partition events end the poison guard's isolation early.
        .set("enable.partition.eof", "true")
        // Resuming after a pause waits for a fetch; keep that short (librdkafka: 500 ms).
        .set("fetch.wait.max.ms", "100");
    for (k, v) in super::limits::fetch_limits(record_limit) {
        c.set(k, v);
    }
    for (k, v) in &config.consumer {
        c.set(k, v);
    }
    let consumer: StreamConsumer<RebalanceContext> = c
        .create_with_context(RebalanceContext {
            tracker,
            metrics,
            guard,
        })
        .context("creating the Kafka consumer")?;
    consumer
        .subscribe(&[&config.request_topic])
        .with_context(|| format!("subscribing to {}", config.request_topic))?;
    Ok(consumer)
}

/// Periodically reads the consumer lag (high watermark − position) into the metrics.
pub async fn watch_lag<X: ConsumerContext + 'static>(
    consumer: Arc<StreamConsumer<X>>,
    metrics: Arc<Metrics>,
) {
    loop {
        tokio::time::sleep(Duration::from_secs(5)).await;
        let c = consumer.clone();
        // A partition whose watermarks cannot be read now keeps its last reading (the
        // broker connection may be failing, which is when the lag matters).
        let previous = metrics.lag_readings();
        let lag = tokio::task::spawn_blocking(move || {
            let mut lag = BTreeMap::new();
            let Ok(positions) = c.position() else {
                return lag;
            };
            // A partition whose fetches fail has no position yet: measure from its commit.
            let committed = c.committed(Duration::from_secs(2)).ok();
            for e in positions.elements() {
                let pos = match e.offset() {
                    Offset::Offset(pos) => pos,
                    _ => match committed
                        .as_ref()
                        .and_then(|t| t.find_partition(e.topic(), e.partition()))
                        .map(|c| c.offset())
                    {
                        Some(Offset::Offset(pos)) => pos,
                        _ => 0,
                    },
                };
                let key = (e.topic().to_string(), e.partition());
                match c.fetch_watermarks(e.topic(), e.partition(), Duration::from_secs(2)) {
                    Ok((_, high)) => {
                        lag.insert(key, (high - pos).max(0));
                    }
                    Err(_) => {
                        if let Some(&before) = previous.get(&key) {
                            lag.insert(key, before);
                        }
                    }
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
