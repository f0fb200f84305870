//! Prometheus metrics of the Kafka service, rendered as text for `GET /metrics`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;

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
    commits: AtomicU64,
    in_flight: AtomicI64,
    buckets: [AtomicU64; BUCKETS.len()],
    exec_count: AtomicU64,
    exec_sum_micros: AtomicU64,
    lag: Mutex<BTreeMap<(String, i32), i64>>,
}

impl Metrics {
    /// A request record was received.
    pub fn request_received(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.in_flight.fetch_add(1, Ordering::Relaxed);
    }

    /// A result was acknowledged by the broker.
    pub fn result_published(&self, ok: bool) {
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

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let c = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let _ = writeln!(s, "# HELP rheo_requests_total Execution request records received.\n# TYPE rheo_requests_total counter\nrheo_requests_total {}", c(&self.requests));
        let _ = writeln!(s, "# HELP rheo_results_total Results published, by result status.\n# TYPE rheo_results_total counter\nrheo_results_total{{status=\"ok\"}} {}\nrheo_results_total{{status=\"failure\"}} {}", c(&self.results_ok), c(&self.results_failure));
        let _ = writeln!(s, "# HELP rheo_dead_letters_total Bad request records copied to the dead-letter topic.\n# TYPE rheo_dead_letters_total counter\nrheo_dead_letters_total {}", c(&self.dead_letters));
        let _ = writeln!(s, "# HELP rheo_offset_stores_total Offsets stored for commit after their results were acknowledged.\n# TYPE rheo_offset_stores_total counter\nrheo_offset_stores_total {}", c(&self.commits));
        let _ = writeln!(s, "# HELP rheo_in_flight Requests received whose results are not yet acknowledged.\n# TYPE rheo_in_flight gauge\nrheo_in_flight {}", self.in_flight());
        let _ = writeln!(s, "# HELP rheo_execution_seconds Time to execute one request.\n# TYPE rheo_execution_seconds histogram");
        for (i, b) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                s,
                "rheo_execution_seconds_bucket{{le=\"{b}\"}} {}",
                c(&self.buckets[i])
            );
        }
        let count = c(&self.exec_count);
        let _ = writeln!(s, "rheo_execution_seconds_bucket{{le=\"+Inf\"}} {count}");
        let _ = writeln!(
            s,
            "rheo_execution_seconds_sum {}",
            c(&self.exec_sum_micros) as f64 / 1e6
        );
        let _ = writeln!(s, "rheo_execution_seconds_count {count}");
        let _ = writeln!(s, "# HELP rheo_consumer_lag Records not yet consumed, per partition.\n# TYPE rheo_consumer_lag gauge");
        for ((topic, partition), lag) in self.lag.lock().expect("metrics lock").iter() {
            let _ = writeln!(
                s,
                "rheo_consumer_lag{{topic=\"{topic}\",partition=\"{partition}\"}} {lag}"
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_cumulative_buckets() {
        let m = Metrics::default();
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
    }
}
