//! `rheo submit`: sends execution requests to the request topic and prints the matching
//! results, so trying the service needs no Kafka console tools.

use crate::serve::record::derived_job_id;
use anyhow::{bail, Context, Result};
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer, StreamConsumer};
use rdkafka::message::{Headers, Message};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::util::Timeout;
use rdkafka::{Offset, TopicPartitionList};
use rheo_core::model::request::split_key;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// One request to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// Kafka key (the text before `:` in a console-producer line).
    pub key: Option<String>,
    /// The JSON payload.
    pub payload: String,
}

/// Splits input into requests: one JSON document, or lines of `key:JSON` / `JSON`.
pub fn parse_requests(input: &str) -> Result<Vec<Outgoing>> {
    let trimmed = input.trim();
    if serde_json::from_str::<serde_json::Value>(trimmed).is_ok() {
        return Ok(vec![Outgoing {
            key: None,
            payload: trimmed.to_string(),
        }]);
    }
    let mut out = Vec::new();
    for (n, line) in input
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let (key, payload) = split_key(line.as_bytes());
        let payload = std::str::from_utf8(payload).context("request is not UTF-8")?;
        if serde_json::from_str::<serde_json::Value>(payload).is_err() {
            bail!("line {}: not a JSON request nor a `key:JSON` line", n + 1);
        }
        out.push(Outgoing {
            key: key.map(|k| String::from_utf8_lossy(k).into_owned()),
            payload: payload.to_string(),
        });
    }
    Ok(out)
}

fn payload_job_id(payload: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(payload).ok()?;
    v.get("job_id")?.as_str().map(|s| s.to_lowercase())
}

/// A consumer assigned to every partition of `topic` at its current end, so it sees only
/// results published from now on (used by `submit` and `bench-kafka`).
pub fn result_consumer_at_end(
    common: &ClientConfig,
    topic: &str,
    client: &str,
) -> Result<StreamConsumer> {
    let results: StreamConsumer = common
        .clone()
        .set("group.id", format!("{client}-{}", uuid::Uuid::new_v4()))
        .set("enable.auto.commit", "false")
        .set("fetch.wait.max.ms", "5")
        .create()
        .context("creating the result consumer")?;
    let probe: BaseConsumer = common
        .clone()
        .set("group.id", format!("{client}-probe"))
        .create()?;
    let meta = probe
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .with_context(|| format!("reading metadata of {topic}"))?;
    let mut tpl = TopicPartitionList::new();
    for t in meta.topics() {
        for p in t.partitions() {
            let (_, high) = probe
                .fetch_watermarks(topic, p.id(), Duration::from_secs(10))
                .unwrap_or((0, 0));
            tpl.add_partition_offset(topic, p.id(), Offset::Offset(high))?;
        }
    }
    if tpl.count() == 0 {
        bail!("topic {topic} has no partitions (is the service running?)");
    }
    results.assign(&tpl)?;
    Ok(results)
}

/// Sends `requests` and returns `(key, result JSON)` in the order results arrive.
pub async fn submit(
    brokers: &str,
    request_topic: &str,
    result_topic: &str,
    requests: &[Outgoing],
    timeout: Duration,
) -> Result<Vec<(Option<String>, String)>> {
    let mut common = ClientConfig::new();
    common
        .set("bootstrap.servers", brokers)
        .set("client.id", "rheo-submit");
    for (k, v) in crate::serve::limits::client_limits() {
        common.set(k, v);
    }
    // Start reading results at the current end of every partition, before sending.
    let results = result_consumer_at_end(&common, result_topic, "rheo-submit")?;

    let producer: FutureProducer = common.create().context("creating the producer")?;
    let mut waiting: HashMap<String, Option<String>> = HashMap::new();
    for r in requests {
        let mut record = FutureRecord::<str, str>::to(request_topic).payload(&r.payload);
        if let Some(k) = &r.key {
            record = record.key(k);
        }
        let delivery = producer
            .send(record, Timeout::After(Duration::from_secs(30)))
            .await
            .map_err(|(e, _)| e)
            .context("sending a request")?;
        let job = payload_job_id(&r.payload).unwrap_or_else(|| {
            derived_job_id(request_topic, delivery.partition, delivery.offset).to_string()
        });
        waiting.insert(job, r.key.clone());
    }

    let deadline = Instant::now() + timeout;
    let mut out = Vec::new();
    while !waiting.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            bail!("timed out waiting for {} result(s)", waiting.len());
        }
        let Ok(msg) = tokio::time::timeout(left, results.recv()).await else {
            continue;
        };
        let msg = msg?;
        let job = msg.headers().and_then(|h| {
            h.iter()
                .find(|h| h.key == "job_id")
                .and_then(|h| h.value)
                .map(|v| String::from_utf8_lossy(v).to_lowercase())
        });
        if let Some(key) = job.and_then(|j| waiting.remove(&j)) {
            let body = String::from_utf8_lossy(msg.payload().unwrap_or_default()).into_owned();
            out.push((key, body));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_document_or_console_lines() {
        let one = parse_requests("{\n \"id\": \"x\"\n}\n").unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].key, None);
        let lines = parse_requests("a:{\"id\": 1}\n\n{\"id\": 2}\nb:{\"id\": \"x:y\"}\n").unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].key.as_deref(), Some("a"));
        assert_eq!(lines[1].key, None);
        assert_eq!(lines[2].key.as_deref(), Some("b"));
        assert_eq!(lines[2].payload, "{\"id\": \"x:y\"}");
        assert!(parse_requests("not json\n").is_err());
    }
}
