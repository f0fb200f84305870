//! Where the poison guard's markers live: partition 0 of a small topic (`guard_topic`),
//! keyed by group, topic and partition, whose latest record per key is the marker. Any
//! member of the group reads it when it is assigned a partition, so the markers survive
//! the process and move between engines. (Commit metadata would be the natural place, but
//! not every broker keeps it: tansu drops it.)

use super::config::ServeConfig;
use super::consumer::client_config;
use super::guard::Marker;
use super::offsets::Partition;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::{Offset, TopicPartitionList};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tracing::warn;

/// How long a marker write may take before it is given up (and logged).
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Upper bound of one read of the guard topic.
const READ_LIMIT: Duration = Duration::from_secs(20);

/// Writes and reads markers; cheap to share.
pub struct GuardStore {
    producer: BaseProducer,
    config: ServeConfig,
}

impl GuardStore {
    /// A store on `config.guard_topic`; `None` when the guard is switched off (empty topic
    /// name) or the producer cannot be created.
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

    /// Writes markers and waits until the broker has them (blocking; at most ten
    /// seconds). Returns whether they were written.
    pub fn write(&self, markers: &[(Partition, Marker)]) -> bool {
        for (partition, marker) in markers {
            let key = self.key(partition);
            let value = marker.encode();
            let record = BaseRecord::<str, str>::to(&self.config.guard_topic)
                .partition(0)
                .key(&key)
                .payload(&value);
            if let Err((e, _)) = self.producer.send(record) {
                warn!(error = %e, topic = %partition.0, partition = partition.1, "poison guard marker not written");
                return false;
            }
        }
        match self.producer.flush(WRITE_TIMEOUT) {
            Ok(()) => true,
            Err(e) => {
                warn!(error = %e, "poison guard markers not confirmed by the broker");
                false
            }
        }
    }

    /// The latest marker of each of `partitions` (blocking). The guard topic is read up to
    /// a sync record this call writes first, so every marker written before is seen,
    /// however slow the broker. Partitions without a marker are clean.
    pub fn read(&self, partitions: &[Partition]) -> HashMap<Partition, Marker> {
        // One key for all sync records (compaction keeps one); the value tells ours apart.
        let sync_key = format!("{}|sync", self.config.group_id);
        let sync_id = uuid::Uuid::new_v4().to_string();
        let sync = BaseRecord::<str, str>::to(&self.config.guard_topic)
            .partition(0)
            .key(&sync_key)
            .payload(&sync_id);
        if self.producer.send(sync).is_err() || self.producer.flush(WRITE_TIMEOUT).is_err() {
            warn!("poison guard: the sync record was not written; markers not read");
            return HashMap::new();
        }
        let wanted: HashMap<String, Partition> = partitions
            .iter()
            .map(|p| (self.key(p), p.clone()))
            .collect();
        let mut found = HashMap::new();
        let consumer: BaseConsumer = match client_config(&self.config, &self.config.consumer)
            .set("group.id", format!("{}-guard-reader", self.config.group_id))
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
        if tpl
            // Offset 0 rather than a ListOffsets lookup (tansu's answers to those are not
            // reliable); a compacted-away start resets to the earliest offset.
            .add_partition_offset(&self.config.guard_topic, 0, Offset::Offset(0))
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
            if key == sync_key && m.payload() == Some(sync_id.as_bytes()) {
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
}
