//! Metrics of the Kafka service: atomics updated where things happen, read at scrape time
//! into `GET /metrics` (see [`super::exposition`]).

use super::exposition;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::DescriptorEncoder;
use prometheus_client::metrics::MetricType;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Default of how long the consumer may sit idle while its partitions have lag before
/// `/health` calls it stalled.
pub const DEFAULT_STALL_AFTER: Duration = Duration::from_secs(30);

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// What `/health` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Health {
    /// Whether the service makes progress (or has nothing to do).
    pub ok: bool,
    /// Why not, when not.
    pub reason: Option<String>,
    /// Sum of the lag readings.
    pub lag: i64,
}

/// Upper bounds (seconds) of the execution-time histogram buckets.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0, 30.0,
];

/// Counters, gauges and the execution histogram; shared by the consumer loop and HTTP.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: AtomicU64,
    results_ok: AtomicU64,
    results_failure: AtomicU64,
    dead_letters: AtomicU64,
    refused: AtomicU64,
    commits: AtomicU64,
    in_flight: AtomicI64,
    buckets: [AtomicU64; BUCKETS.len()],
    exec_count: AtomicU64,
    exec_sum_micros: AtomicU64,
    lag: Mutex<BTreeMap<(String, i32), i64>>,
    consumer_errors: AtomicU64,
    last_error: Mutex<Option<String>>,
    /// Milliseconds since the epoch of the last record received or result published.
    last_activity_ms: AtomicU64,
    /// When the current run of client errors began (0: none since the last progress); a run
    /// ends when no error came for the stall limit.
    error_streak_since_ms: AtomicU64,
    /// When the client last reported an error.
    last_error_ms: AtomicU64,
    /// `None`: [`DEFAULT_STALL_AFTER`].
    stall_after: Option<Duration>,
}

impl Metrics {
    /// Metrics whose health check calls the consumer stalled after `stall_after` without
    /// progress while there is lag.
    pub fn new(stall_after: Duration) -> Self {
        let m = Metrics {
            stall_after: Some(stall_after),
            ..Default::default()
        };
        m.activity();
        m
    }

    fn activity(&self) {
        self.last_activity_ms.store(now_ms(), Ordering::Relaxed);
        self.error_streak_since_ms.store(0, Ordering::Relaxed);
    }

    fn stall_limit_ms(&self) -> u64 {
        self.stall_after.unwrap_or(DEFAULT_STALL_AFTER).as_millis() as u64
    }

    /// The Kafka client reported an error (or a receive failed).
    pub fn consumer_error(&self, reason: &str) {
        self.consumer_errors.fetch_add(1, Ordering::Relaxed);
        *self.last_error.lock().expect("metrics lock") = Some(reason.to_string());
        let now = now_ms();
        let previous = self.last_error_ms.swap(now, Ordering::Relaxed);
        let streak = self.error_streak_since_ms.load(Ordering::Relaxed);
        if streak == 0 || now.saturating_sub(previous) > self.stall_limit_ms() {
            self.error_streak_since_ms.store(now, Ordering::Relaxed);
        }
    }

    /// Seconds the consumer has been stalled (0 when it is not): nothing is held here and
    /// nothing was received or published for longer than the stall limit while records
    /// wait on the broker (lag > 0), or while the client kept reporting errors (lag may be
    /// unknown then: the errors can keep the lag reading from the broker as well).
    pub fn stalled_seconds(&self) -> f64 {
        if self.in_flight() > 0 {
            return 0.0;
        }
        let now = now_ms();
        let limit = self.stall_limit_ms();
        let lag: i64 = self.lag.lock().expect("metrics lock").values().sum();
        let idle_ms = now.saturating_sub(self.last_activity_ms.load(Ordering::Relaxed));
        if lag > 0 && idle_ms > limit {
            return idle_ms as f64 / 1e3;
        }
        let streak = self.error_streak_since_ms.load(Ordering::Relaxed);
        let since_last_error = now.saturating_sub(self.last_error_ms.load(Ordering::Relaxed));
        let erring_ms = now.saturating_sub(streak);
        if streak != 0 && erring_ms > limit && since_last_error <= limit {
            return erring_ms.min(idle_ms) as f64 / 1e3;
        }
        0.0
    }

    /// The service's health for `/health`.
    pub fn health(&self) -> Health {
        let lag: i64 = self.lag.lock().expect("metrics lock").values().sum();
        let stalled = self.stalled_seconds();
        if stalled == 0.0 {
            return Health {
                ok: true,
                reason: None,
                lag,
            };
        }
        let last = self.last_error.lock().expect("metrics lock").clone();
        let waiting = if lag > 0 {
            format!("while {lag} records wait on the broker")
        } else {
            "while the Kafka client kept reporting errors".to_string()
        };
        let reason = format!(
            "the consumer made no progress for {stalled:.0} s {waiting}; last client error: {}",
            last.as_deref().unwrap_or("none")
        );
        Health {
            ok: false,
            reason: Some(reason),
            lag,
        }
    }

    /// A request record was received.
    pub fn request_received(&self) {
        self.activity();
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.in_flight.fetch_add(1, Ordering::Relaxed);
    }

    /// A request was answered with `ServiceOverloaded` without being executed.
    pub fn request_refused(&self) {
        self.refused.fetch_add(1, Ordering::Relaxed);
    }

    /// A result was acknowledged by the broker.
    pub fn result_published(&self, ok: bool) {
        self.activity();
        if ok {
            self.results_ok.fetch_add(1, Ordering::Relaxed);
        } else {
            self.results_failure.fetch_add(1, Ordering::Relaxed);
        }
        self.in_flight.fetch_sub(1, Ordering::Relaxed);
    }

    /// A bad record went to the dead-letter topic.
    pub fn dead_lettered(&self) {
        self.dead_letters.fetch_add(1, Ordering::Relaxed);
    }

    /// An offset was stored for commit.
    pub fn offset_stored(&self) {
        self.commits.fetch_add(1, Ordering::Relaxed);
    }

    /// One execution took `seconds`.
    pub fn observe_execution(&self, seconds: f64) {
        for (i, b) in BUCKETS.iter().enumerate() {
            if seconds <= *b {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.exec_count.fetch_add(1, Ordering::Relaxed);
        self.exec_sum_micros
            .fetch_add((seconds * 1e6) as u64, Ordering::Relaxed);
    }

    /// The current consumer-lag readings.
    pub fn lag_readings(&self) -> BTreeMap<(String, i32), i64> {
        self.lag.lock().expect("metrics lock").clone()
    }

    /// Replaces the consumer-lag readings.
    pub fn set_lag(&self, lag: BTreeMap<(String, i32), i64>) {
        *self.lag.lock().expect("metrics lock") = lag;
    }

    /// Requests currently being handled.
    pub fn in_flight(&self) -> i64 {
        self.in_flight.load(Ordering::Relaxed)
    }

    /// Results published so far (ok + failure).
    pub fn results_total(&self) -> u64 {
        self.results_ok.load(Ordering::Relaxed) + self.results_failure.load(Ordering::Relaxed)
    }

    /// The metrics as OpenMetrics text (what `/metrics` includes).
    pub fn render(self: &Arc<Self>) -> String {
        exposition::text(vec![Box::new(self.clone())])
    }
}

impl Collector for Metrics {
    fn encode(&self, mut enc: DescriptorEncoder) -> fmt::Result {
        let c = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let e = &mut enc;
        exposition::counter(
            e,
            "rheo_requests",
            "Execution request records received.",
            c(&self.requests),
        )?;
        exposition::labelled_counter(
            e,
            (
                "rheo_results",
                "Results published, by result status.",
                "status",
            ),
            &[
                ("ok", c(&self.results_ok)),
                ("failure", c(&self.results_failure)),
            ],
        )?;
        exposition::counter(
            e,
            "rheo_dead_letters",
            "Bad request records copied to the dead-letter topic.",
            c(&self.dead_letters),
        )?;
        exposition::counter(
            e,
            "rheo_requests_refused",
            "Requests answered with ServiceOverloaded because the in-flight budget was used up.",
            c(&self.refused),
        )?;
        exposition::counter(
            e,
            "rheo_offset_stores",
            "Offsets stored for commit after their results were acknowledged.",
            c(&self.commits),
        )?;
        exposition::gauge(
            e,
            "rheo_in_flight",
            "Requests received whose results are not yet acknowledged.",
            self.in_flight(),
        )?;
        let cumulative: Vec<u64> = self.buckets.iter().map(c).collect();
        exposition::histogram(
            e,
            ("rheo_execution_seconds", "Time to execute one request."),
            &BUCKETS,
            &cumulative,
            (c(&self.exec_count), c(&self.exec_sum_micros) as f64 / 1e6),
        )?;
        exposition::counter(
            e,
            "rheo_consumer_errors",
            "Errors the Kafka client reported.",
            c(&self.consumer_errors),
        )?;
        exposition::float_gauge(
            e,
            "rheo_consumer_stalled_seconds",
            "How long the consumer has made no progress while records wait (0 when healthy).",
            self.stalled_seconds(),
        )?;
        let mut lag = e.encode_descriptor(
            "rheo_consumer_lag",
            "Records not yet consumed, per partition.",
            None,
            MetricType::Gauge,
        )?;
        for ((topic, partition), n) in self.lag.lock().expect("metrics lock").iter() {
            let partition = partition.to_string();
            let labels = [("topic", topic.as_str()), ("partition", partition.as_str())];
            lag.encode_family(&labels)?.encode_gauge(n)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn renders_counters_and_cumulative_buckets() {
        let m = Arc::new(Metrics::default());
        m.request_received();
        m.request_received();
        m.observe_execution(0.003);
        m.result_published(true);
        m.set_lag([(("t".to_string(), 0), 5)].into_iter().collect());
        let text = m.render();
        assert!(text.contains("rheo_requests_total 2"));
        assert!(text.contains("rheo_results_total{status=\"ok\"} 1"));
        assert!(text.contains("rheo_in_flight 1"));
        assert!(text.contains("rheo_execution_seconds_bucket{le=\"0.0025\"} 0"));
        assert!(text.contains("rheo_execution_seconds_bucket{le=\"0.005\"} 1"));
        assert!(text.contains("rheo_execution_seconds_bucket{le=\"+Inf\"} 1"));
        assert!(text.contains("rheo_consumer_lag{topic=\"t\",partition=\"0\"} 5"));
        assert!(text.contains("rheo_consumer_stalled_seconds 0"));
    }

    #[test]
    fn lag_without_progress_is_a_stall() {
        let m = Arc::new(Metrics::new(Duration::ZERO));
        assert!(m.health().ok, "no lag: healthy");
        m.consumer_error("Receive failed: Invalid response size");
        m.set_lag([(("t".to_string(), 0), 3)].into_iter().collect());
        std::thread::sleep(Duration::from_millis(5));
        let h = m.health();
        assert!(!h.ok);
        assert!(h.reason.unwrap().contains("Invalid response size"));
        assert!(m.render().contains("rheo_consumer_errors_total 1"));
        m.request_received();
        assert!(m.health().ok, "a record is held: not stalled");
    }

    #[test]
    fn persistent_client_errors_are_a_stall_without_a_lag_reading() {
        let m = Arc::new(Metrics::new(Duration::from_millis(200)));
        m.consumer_error("Receive failed: Invalid response size");
        assert!(m.health().ok, "one error is not a stall");
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(300) {
            std::thread::sleep(Duration::from_millis(10));
            m.consumer_error("Receive failed: Invalid response size");
        }
        let h = m.health();
        assert!(!h.ok, "errors for longer than the stall limit");
        let reason = h.reason.unwrap();
        assert!(
            reason.contains("no progress") && reason.contains("kept reporting errors"),
            "{reason}"
        );
        // Errors that stopped, or progress, end it.
        std::thread::sleep(Duration::from_millis(300));
        assert!(m.health().ok, "no error for the stall limit");
        m.consumer_error("again");
        m.request_received();
        m.result_published(true);
        assert!(m.health().ok);
    }
}
