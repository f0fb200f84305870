//! Where the poison guard's markers live: partition 0 of a small topic (`guard_topic`),
//! keyed by group, topic and partition, whose latest record per key is the marker. Any
//! member of the group reads it before it starts records of a newly assigned partition, so
//! the markers survive the process and move between engines. (Commit metadata would be the
//! natural place, but not every broker keeps it: tansu drops it.)
//!
//! Writes go through an asynchronous producer of their own (each awaits its own delivery
//! report; markers never wait in a batch behind large results, nor share a produce request
//! with them); reads use a short-lived consumer on a blocking thread.

use super::config::ServeConfig;
use super::consumer::client_config;
use super::guard::Marker;
use super::offsets::Partition;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::util::Timeout;
use rdkafka::{Offset, TopicPartitionList};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tracing::warn;

/// How long a marker write may take before it is given up (and logged).
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Upper bound of one read of the guard topic.
const READ_LIMIT: Duration = Duration::from_secs(20);

/// Writes and reads markers.
pub struct GuardStore {
    producer: FutureProducer,
    config: ServeConfig,
}

impl GuardStore {
    /// A store on `config.guard_topic`; `None` when the guard is switched off (empty topic
    /// name) or its producer cannot be created (logged).
    pub fn new(config: &ServeConfig) -> Option<GuardStore> {
        if config.guard_topic.is_empty() {
            return None;
        }
        let producer = client_config(config, &config.producer)
            .set("linger.ms", "0")
            .create()
            .map_err(|e| warn!(error = %e, "poison guard off: no producer for its topic"))
            .ok()?;
        Some(GuardStore {
            producer,
            config: config.clone(),
        })
    }

    fn key(&self, (topic, partition): &Partition) -> String {
        format!("{}|{topic}|{partition}", self.config.group_id)
    }

    /// Sends one record to partition 0 and waits for the broker's acknowledgement.
    async fn send(&self, key: &str, value: &str) -> bool {
        let record = FutureRecord::<str, str>::to(&self.config.guard_topic)
            .partition(0)
            .key(key)
            .payload(value);
        match self
            .producer
            .send(record, Timeout::After(WRITE_TIMEOUT))
            .await
        {
            Ok(_) => true,
            Err((e, _)) => {
                warn!(error = %e, key, "poison guard record not written");
                false
            }
        }
    }

    /// Writes markers, each acknowledged by the broker. Returns whether all were written.
    pub async fn write(&self, markers: &[(Partition, Marker)]) -> bool {
        for (partition, marker) in markers {
            if !self.send(&self.key(partition), &marker.encode()).await {
                return false;
            }
        }
        true
    }

    /// The latest marker of each of `partitions`. The guard topic is read up to a sync
    /// record this call writes first, so every marker written before is seen, however slow
    /// the broker. Partitions without a marker are clean.
    pub async fn read(&self, partitions: &[Partition]) -> HashMap<Partition, Marker> {
        // One key for all sync records (compaction keeps one); the value tells ours apart.
        let sync = (
            format!("{}|sync", self.config.group_id),
            uuid::Uuid::new_v4().to_string(),
        );
        if !self.send(&sync.0, &sync.1).await {
            warn!("poison guard: the sync record was not written; markers not read");
            return HashMap::new();
        }
        let wanted: HashMap<String, Partition> = partitions
            .iter()
            .map(|p| (self.key(p), p.clone()))
            .collect();
        let config = self.config.clone();
        tokio::task::spawn_blocking(move || read_until(&config, &wanted, &sync))
            .await
            .unwrap_or_default()
    }
}

/// Reads the guard topic from its start until the record `sync` (key, value), keeping the
/// latest marker of every wanted key (blocking; at most [`READ_LIMIT`]).
fn read_until(
    config: &ServeConfig,
    wanted: &HashMap<String, Partition>,
    sync: &(String, String),
) -> HashMap<Partition, Marker> {
    let mut found = HashMap::new();
    let consumer: BaseConsumer = match client_config(config, &config.consumer)
        .set("group.id", format!("{}-guard-reader", config.group_id))
        .set("enable.auto.commit", "false")
        .set("auto.offset.reset", "earliest")
        .set("fetch.wait.max.ms", "10")
        .create()
    {
        Ok(c) => c,
        Err(e) => {
            warn!(error = %e, "poison guard markers not read");
            return found;
        }
    };
    let mut tpl = TopicPartitionList::new();
    // Offset 0 rather than a ListOffsets lookup (tansu's answers to those are not
    // reliable); a compacted-away start resets to the earliest offset.
    if tpl
        .add_partition_offset(&config.guard_topic, 0, Offset::Offset(0))
        .is_err()
        || consumer.assign(&tpl).is_err()
    {
        return found;
    }
    let started = Instant::now();
    while started.elapsed() < READ_LIMIT {
        let Some(Ok(m)) = consumer.poll(Duration::from_millis(50)) else {
            continue;
        };
        let key = m.key().map(String::from_utf8_lossy).unwrap_or_default();
        if key == sync.0 && m.payload() == Some(sync.1.as_bytes()) {
            return found;
        }
        if let Some(p) = wanted.get(key.as_ref()) {
            let text = m.payload().map(String::from_utf8_lossy).unwrap_or_default();
            found.insert(p.clone(), Marker::decode(&text));
        }
    }
    warn!("poison guard: the guard topic was not read to its end in time");
    found
}
