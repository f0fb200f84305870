//! `rheo bench-kafka`: request→result latency and throughput through a broker.
//!
//! Sends the same request `count` times with unique keys, reads the result topic, and
//! measures per-request latency (enqueue at the producer → result received) and overall
//! requests per second. Without `--brokers` it starts the embedded broker and an in-process
//! `rheo serve`, so the figure is reproducible on one machine.

use anyhow::{bail, Context, Result};
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer, StreamConsumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::Message;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{Offset, TopicPartitionList};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Throughput and latency of one load run.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadReport {
    /// Requests sent and answered.
    pub count: usize,
    /// Wall time from the first send to the last result, seconds.
    pub seconds: f64,
    /// `count / seconds`.
    pub requests_per_second: f64,
    /// Median request→result latency, ms.
    pub p50_ms: f64,
    /// 99th percentile latency, ms.
    pub p99_ms: f64,
    /// Worst latency, ms.
    pub max_ms: f64,
    /// Results whose `result` was not ok.
    pub failures: usize,
}

/// Sends `payload` `count` times and waits for every result (bounded by `timeout`).
pub async fn run_load(
    brokers: &str,
    request_topic: &str,
    result_topic: &str,
    payload: &[u8],
    count: usize,
    timeout: Duration,
) -> Result<LoadReport> {
    let mut common = ClientConfig::new();
    common
        .set("bootstrap.servers", brokers)
        .set("client.id", "rheo-bench");
    let results: StreamConsumer = common
        .clone()
        .set("group.id", format!("rheo-bench-{}", uuid::Uuid::new_v4()))
        .set("enable.auto.commit", "false")
        .set("fetch.wait.max.ms", "5")
        .create()?;
    let probe: BaseConsumer = common
        .clone()
        .set("group.id", "rheo-bench-probe")
        .create()?;
    let meta = probe.fetch_metadata(Some(result_topic), Duration::from_secs(10))?;
    let mut tpl = TopicPartitionList::new();
    for t in meta.topics() {
        for p in t.partitions() {
            let (_, high) =
                probe.fetch_watermarks(result_topic, p.id(), Duration::from_secs(10))?;
            tpl.add_partition_offset(result_topic, p.id(), Offset::Offset(high))?;
        }
    }
    if tpl.count() == 0 {
        bail!("result topic {result_topic} has no partitions");
    }
    results.assign(&tpl)?;

    let producer: FutureProducer = common.clone().set("linger.ms", "1").create()?;
    let run_id = uuid::Uuid::new_v4().simple().to_string();
    let mut sent_at: HashMap<String, Instant> = HashMap::with_capacity(count);
    let start = Instant::now();
    let mut deliveries = Vec::with_capacity(count);
    for i in 0..count {
        let key = format!("bench-{run_id}-{i}");
        sent_at.insert(key.clone(), Instant::now());
        loop {
            let record = FutureRecord::<str, [u8]>::to(request_topic)
                .key(&key)
                .payload(payload);
            match producer.send_result(record) {
                Ok(delivery) => {
                    deliveries.push(delivery);
                    break;
                }
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), _)) => {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
                Err((e, _)) => return Err(e).context("sending a request"),
            }
        }
    }
    let sending = tokio::spawn(async move {
        for d in deliveries {
            match d.await {
                Ok(Ok(_)) => {}
                Ok(Err((e, _))) => return Err(anyhow::Error::from(e)),
                Err(_) => bail!("the producer was dropped before delivery"),
            }
        }
        Ok(())
    });

    let deadline = start + timeout;
    let mut latencies = Vec::with_capacity(count);
    let mut failures = 0;
    let mut last = start;
    while latencies.len() < count {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            bail!("timed out: {} of {count} results arrived", latencies.len());
        }
        let Ok(msg) = tokio::time::timeout(left, results.recv()).await else {
            continue;
        };
        let msg = msg.context("reading results")?;
        let Some(key) = msg.key().map(|k| String::from_utf8_lossy(k).into_owned()) else {
            continue;
        };
        if let Some(t0) = sent_at.remove(&key) {
            last = Instant::now();
            latencies.push(last.duration_since(t0).as_secs_f64() * 1e3);
            let body = msg.payload().unwrap_or_default();
            let ok = std::str::from_utf8(body).is_ok_and(|b| {
                b.contains("\"result\":\"ok\"") || b.starts_with("{\"success\":true")
            });
            if !ok {
                failures += 1;
            }
        }
    }
    sending.await??;
    latencies.sort_by(|a, b| a.total_cmp(b));
    let pick = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    let seconds = last.duration_since(start).as_secs_f64();
    Ok(LoadReport {
        count,
        seconds,
        requests_per_second: count as f64 / seconds,
        p50_ms: pick(0.5),
        p99_ms: pick(0.99),
        max_ms: pick(1.0),
        failures,
    })
}
