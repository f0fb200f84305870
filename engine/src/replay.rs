//! `rheo replay`: sends records of the dead-letter topic (or any topic) back to the request
//! topic, all of them or those with given keys or error types, once the cause is fixed (a
//! transformation imported, a limit raised).
//!
//! The source is read from its beginning until every partition has been read past the end
//! the broker reported at the start and nothing new has come for [`QUIET`] (some brokers —
//! tansu — report a stale end), without committing anything, so a replay can be repeated.
//! Each record keeps its key and value and gains headers naming where it came from.

use anyhow::{bail, Context, Result};
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Header, Headers, Message, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::util::Timeout;
use rdkafka::{Offset, TopicPartitionList};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How long the source must stay quiet after its reported end before reading stops.
pub const QUIET: Duration = Duration::from_secs(1);

/// What to replay.
#[derive(Debug, Clone, Default)]
pub struct ReplayPlan {
    /// Bootstrap servers.
    pub brokers: String,
    /// The topic records are read from (the dead-letter topic).
    pub from: String,
    /// The topic they are sent to (the request topic).
    pub to: String,
    /// Only records with one of these keys (none: any key).
    pub keys: Vec<String>,
    /// Only records whose `error_type` header is one of these (none: any).
    pub error_types: Vec<String>,
    /// How long reading the source may take in all.
    pub timeout: Duration,
}

/// What a replay did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplayReport {
    /// Records read from the source.
    pub read: usize,
    /// Records sent to the target, by error type (`-` when the record had none).
    pub sent: BTreeMap<String, usize>,
}

impl ReplayReport {
    /// Records sent in all.
    pub fn sent_total(&self) -> usize {
        self.sent.values().sum()
    }
}

/// One record read from the source.
struct Found {
    key: Option<Vec<u8>>,
    value: Option<Vec<u8>>,
    error_type: Option<String>,
    partition: i32,
    offset: i64,
}

impl ReplayPlan {
    fn wants(&self, f: &Found) -> bool {
        let key_ok = self.keys.is_empty()
            || f.key
                .as_deref()
                .is_some_and(|k| self.keys.iter().any(|w| w.as_bytes() == k));
        let type_ok = self.error_types.is_empty()
            || f.error_type
                .as_deref()
                .is_some_and(|t| self.error_types.iter().any(|w| w == t));
        key_ok && type_ok
    }
}

fn client(brokers: &str) -> ClientConfig {
    let mut c = ClientConfig::new();
    c.set("bootstrap.servers", brokers)
        .set("client.id", "rheo-replay");
    for (k, v) in crate::serve::limits::client_limits() {
        c.set(k, v);
    }
    c
}

/// Reads the snapshot of `plan.from` and sends the wanted records to `plan.to`.
pub async fn replay(plan: &ReplayPlan) -> Result<ReplayReport> {
    if plan.from == plan.to {
        bail!(
            "--from and --to name the same topic {}: replaying would loop",
            plan.from
        );
    }
    let found = read_snapshot(plan)?;
    let producer: FutureProducer = client(&plan.brokers)
        .create()
        .context("creating the producer")?;
    let mut report = ReplayReport {
        read: found.len(),
        ..Default::default()
    };
    for f in found.iter().filter(|f| plan.wants(f)) {
        let (partition, offset) = (f.partition.to_string(), f.offset.to_string());
        let headers = [
            ("replayed_from_topic", plan.from.as_str()),
            ("replayed_from_partition", partition.as_str()),
            ("replayed_from_offset", offset.as_str()),
        ]
        .into_iter()
        .fold(OwnedHeaders::new(), |h, (key, value)| {
            h.insert(Header {
                key,
                value: Some(value.as_bytes()),
            })
        });
        let mut record = FutureRecord::<[u8], [u8]>::to(&plan.to).headers(headers);
        if let Some(k) = &f.key {
            record = record.key(k.as_slice());
        }
        if let Some(v) = &f.value {
            record = record.payload(v.as_slice());
        }
        producer
            .send(record, Timeout::After(Duration::from_secs(30)))
            .await
            .map_err(|(e, _)| e)
            .with_context(|| format!("sending {}:{} to {}", f.partition, f.offset, plan.to))?;
        let kind = f.error_type.clone().unwrap_or_else(|| "-".into());
        *report.sent.entry(kind).or_default() += 1;
    }
    Ok(report)
}

/// Every record of the source from its beginning to the end it has now.
fn read_snapshot(plan: &ReplayPlan) -> Result<Vec<Found>> {
    let consumer: BaseConsumer = client(&plan.brokers)
        .set("group.id", format!("rheo-replay-{}", uuid::Uuid::new_v4()))
        .set("enable.auto.commit", "false")
        .set("fetch.wait.max.ms", "50")
        .create()
        .context("creating the consumer")?;
    let meta = consumer
        .fetch_metadata(Some(&plan.from), Duration::from_secs(10))
        .with_context(|| format!("reading metadata of {}", plan.from))?;
    let mut ends: BTreeMap<i32, i64> = BTreeMap::new();
    let mut tpl = TopicPartitionList::new();
    for t in meta.topics() {
        for p in t.partitions() {
            let (low, high) = consumer
                .fetch_watermarks(&plan.from, p.id(), Duration::from_secs(10))
                .with_context(|| format!("reading the offsets of {}/{}", plan.from, p.id()))?;
            if high > low {
                ends.insert(p.id(), high);
                tpl.add_partition_offset(&plan.from, p.id(), Offset::Offset(low))?;
            }
        }
    }
    if meta.topics().iter().all(|t| t.partitions().is_empty()) {
        bail!("topic {} does not exist or has no partitions", plan.from);
    }
    let mut found = Vec::new();
    if ends.is_empty() {
        return Ok(found);
    }
    consumer.assign(&tpl)?;
    let deadline = Instant::now() + plan.timeout;
    let mut last_record = Instant::now();
    while !ends.is_empty() || last_record.elapsed() < QUIET {
        if Instant::now() >= deadline {
            if ends.is_empty() {
                break; // records keep arriving: replay what was read by now
            }
            bail!(
                "timed out reading {}: partitions {:?} not read to their end",
                plan.from,
                ends.keys().collect::<Vec<_>>()
            );
        }
        let Some(msg) = consumer.poll(Duration::from_millis(100)) else {
            continue;
        };
        let msg = msg.with_context(|| format!("reading {}", plan.from))?;
        last_record = Instant::now();
        let (partition, offset) = (msg.partition(), msg.offset());
        found.push(Found {
            key: msg.key().map(<[u8]>::to_vec),
            value: msg.payload().map(<[u8]>::to_vec),
            error_type: msg.headers().and_then(|h| {
                h.iter()
                    .find(|h| h.key == "error_type")
                    .and_then(|h| h.value)
                    .map(|v| String::from_utf8_lossy(v).into_owned())
            }),
            partition,
            offset,
        });
        if ends.get(&partition).is_some_and(|&end| offset + 1 >= end) {
            ends.remove(&partition);
        }
    }
    Ok(found)
}
