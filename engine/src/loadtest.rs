//! `rheo bench-kafka`: request→result latency and throughput through a broker.
//!
//! After a warm-up request (which waits until the service owns its partitions), it measures
//! (1) one-at-a-time round trips: send a request, wait for its result, repeat — the latency a
//! caller sees on an idle service; and (2) a burst of `count` requests sent at once — the
//! throughput, and the latency when requests queue. Requests carry unique keys; results are
//! matched by key. Without `--brokers` the CLI starts the embedded broker and an in-process
//! `rheo serve`, so the figures are reproducible on one machine.

use anyhow::{bail, Context, Result};
use rdkafka::config::ClientConfig;
use rdkafka::consumer::StreamConsumer;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::Message;
use rdkafka::producer::{FutureProducer, FutureRecord};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Latency percentiles of a set of round trips, in milliseconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Latency {
    /// Median.
    pub p50_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Worst.
    pub max_ms: f64,
}

/// Throughput and latency of one load run.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadReport {
    /// Requests in the burst.
    pub count: usize,
    /// Wall time from the first send of the burst to its last result, seconds.
    pub seconds: f64,
    /// Burst requests per second.
    pub requests_per_second: f64,
    /// Latency of burst requests (includes queueing behind the others).
    pub burst: Latency,
    /// Sequential round trips measured.
    pub sequential_count: usize,
    /// Latency of one request at a time.
    pub sequential: Latency,
    /// Results whose `result` was not ok.
    pub failures: usize,
}

struct Session<'a> {
    request_topic: &'a str,
    payload: &'a [u8],
    producer: FutureProducer,
    results: StreamConsumer,
    run_id: String,
    next: usize,
    failures: usize,
}

fn latency(mut ms: Vec<f64>) -> Latency {
    ms.sort_by(|a, b| a.total_cmp(b));
    let pick = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    Latency {
        p50_ms: pick(0.5),
        p99_ms: pick(0.99),
        max_ms: pick(1.0),
    }
}

impl Session<'_> {
    /// Sends `n` requests at once and waits for their results; returns per-request latency
    /// (ms) and the time of the last result.
    async fn round(&mut self, n: usize, deadline: Instant) -> Result<(Vec<f64>, Instant)> {
        let mut sent_at: HashMap<String, Instant> = HashMap::with_capacity(n);
        let mut deliveries = Vec::with_capacity(n);
        for _ in 0..n {
            let key = format!("bench-{}-{}", self.run_id, self.next);
            self.next += 1;
            sent_at.insert(key.clone(), Instant::now());
            loop {
                let record = FutureRecord::<str, [u8]>::to(self.request_topic)
                    .key(&key)
                    .payload(self.payload);
                match self.producer.send_result(record) {
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
        let mut latencies = Vec::with_capacity(n);
        let mut last = Instant::now();
        while !sent_at.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                bail!("timed out: {} result(s) missing", sent_at.len());
            }
            let Ok(msg) = tokio::time::timeout(left, self.results.recv()).await else {
                continue;
            };
            let msg = msg.context("reading results")?;
            let Some(key) = msg.key().map(|k| String::from_utf8_lossy(k).into_owned()) else {
                continue;
            };
            if let Some(t0) = sent_at.remove(&key) {
                last = Instant::now();
                latencies.push(last.duration_since(t0).as_secs_f64() * 1e3);
                let body = std::str::from_utf8(msg.payload().unwrap_or_default()).unwrap_or("");
                if !(body.contains("\"result\":\"ok\"") || body.starts_with("{\"success\":true")) {
                    self.failures += 1;
                }
            }
        }
        sending.await??;
        Ok((latencies, last))
    }
}

/// Warms up, then measures `sequential` one-at-a-time round trips and a burst of `count`.
pub async fn run_load(
    brokers: &str,
    request_topic: &str,
    result_topic: &str,
    payload: &[u8],
    count: usize,
    sequential: usize,
    timeout: Duration,
) -> Result<LoadReport> {
    let mut common = ClientConfig::new();
    common
        .set("bootstrap.servers", brokers)
        .set("client.id", "rheo-bench");
    for (k, v) in crate::serve::limits::client_limits() {
        common.set(k, v);
    }
    let results = crate::submit::result_consumer_at_end(&common, result_topic, "rheo-bench")?;
    let producer: FutureProducer = common.clone().set("linger.ms", "1").create()?;
    let mut session = Session {
        request_topic,
        payload,
        producer,
        results,
        run_id: uuid::Uuid::new_v4().simple().to_string(),
        next: 0,
        failures: 0,
    };
    let deadline = Instant::now() + timeout;
    // Warm-up: the first result arrives once the service has joined its group.
    session.round(3, deadline).await.context("warm-up")?;
    session.failures = 0;

    let mut seq = Vec::with_capacity(sequential);
    for _ in 0..sequential {
        let (ms, _) = session.round(1, deadline).await?;
        seq.extend(ms);
    }
    let start = Instant::now();
    let (burst, last) = session.round(count, deadline).await?;
    let seconds = last.duration_since(start).as_secs_f64();
    Ok(LoadReport {
        count,
        seconds,
        requests_per_second: count as f64 / seconds,
        burst: latency(burst),
        sequential_count: sequential,
        sequential: if seq.is_empty() {
            Latency {
                p50_ms: 0.0,
                p99_ms: 0.0,
                max_ms: 0.0,
            }
        } else {
            latency(seq)
        },
        failures: session.failures,
    })
}
