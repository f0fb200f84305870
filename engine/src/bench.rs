//! `rheo bench`: runs one request repeatedly and reports latency percentiles and memory.

use crate::engine::Engine;
use std::time::Instant;

/// Latency and memory figures of a benchmark run.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchReport {
    /// Measured iterations.
    pub iterations: usize,
    /// Fastest run, seconds.
    pub min: f64,
    /// Median, seconds.
    pub median: f64,
    /// 99th percentile, seconds.
    pub p99: f64,
    /// Peak resident memory of the process (kB), if the OS tells.
    pub peak_rss_kb: Option<u64>,
    /// Resident memory before the first run (kB).
    pub baseline_rss_kb: Option<u64>,
    /// Whether every run succeeded.
    pub all_ok: bool,
}

/// Reads a `/proc/self/status` field in kB (Linux only).
fn proc_status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

/// Executes `payload` `warmup` times unmeasured, then `iterations` times measured. Each run
/// parses the payload anew, as a request arriving from Kafka would be.
pub fn bench(engine: &Engine, payload: &[u8], warmup: usize, iterations: usize) -> BenchReport {
    let baseline = proc_status_kb("VmRSS:");
    let mut all_ok = true;
    for _ in 0..warmup {
        all_ok &= engine.execute_payload(payload).is_ok();
    }
    let mut times = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let t0 = Instant::now();
        let resp = engine.execute_payload(payload);
        let body = resp.to_json();
        times.push(t0.elapsed().as_secs_f64());
        all_ok &= resp.is_ok();
        std::hint::black_box(body);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let pick = |q: f64| {
        if times.is_empty() {
            0.0
        } else {
            times[((times.len() - 1) as f64 * q).round() as usize]
        }
    };
    BenchReport {
        iterations,
        min: pick(0.0),
        median: pick(0.5),
        p99: pick(0.99),
        peak_rss_kb: proc_status_kb("VmHWM:"),
        baseline_rss_kb: baseline,
        all_ok,
    }
}
