//! `rheo bench` and `rheo bench-kafka`: in-process and through-Kafka benchmarks.

use super::submit::Topics;
use super::{print_line, read_request};
use crate::bench::bench;
use crate::engine::Engine;
use anyhow::{bail, Result};
use rheo_core::model::request::split_key;

/// The embedded broker and in-process service `bench-kafka` starts without `--brokers`.
struct BenchService {
    broker: crate::serve::embedded::EmbeddedBroker,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<()>>,
}

/// `rheo bench-kafka`: measures request→result latency through a broker (by default an
/// embedded broker with an in-process service).
pub(super) fn bench_kafka(
    engine: std::sync::Arc<Engine>,
    request: &str,
    count: usize,
    sequential: usize,
    brokers: Option<String>,
    topics: &Topics,
) -> Result<crate::loadtest::LoadReport> {
    let bytes = read_request(request)?;
    let (_key, payload) = split_key(&bytes);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let (mut service, brokers) = match brokers {
        Some(b) => (None, b),
        None => {
            let service = start_bench_service(&rt, engine, topics)?;
            let b = service.broker.bootstrap_servers();
            (Some(service), b)
        }
    };
    let load = crate::loadtest::run_load(
        &brokers,
        &topics.request,
        &topics.result,
        payload,
        count,
        sequential,
        std::time::Duration::from_secs(600),
    );
    // An in-process service that stops (it could not start) ends the benchmark at once.
    let report = rt.block_on(async {
        match service.as_mut() {
            None => Ok(load.await),
            Some(s) => tokio::select! {
                report = load => Ok(report),
                ended = &mut s.task => Err(match ended {
                    Ok(Ok(())) => anyhow::anyhow!("the in-process service stopped"),
                    Ok(Err(e)) => e.context("the in-process service stopped"),
                    Err(e) => anyhow::anyhow!("the in-process service failed: {e}"),
                }),
            },
        }
    })?;
    if let Some(BenchService { broker, stop, task }) = service {
        let _ = stop.send(());
        rt.block_on(task)??;
        // Stop every task (and its Kafka clients) before the embedded broker goes away.
        drop(rt);
        drop(broker);
    }
    report
}

/// Starts the embedded broker and an in-process `rheo serve` on it.
fn start_bench_service(
    rt: &tokio::runtime::Runtime,
    engine: std::sync::Arc<Engine>,
    topics: &Topics,
) -> Result<BenchService> {
    let broker = crate::serve::embedded::EmbeddedBroker::start(
        &[&topics.request, &topics.result],
        crate::serve::embedded::PARTITIONS,
        false,
    )?;
    let mut config = crate::serve::config::ServeConfig {
        brokers: broker.bootstrap_servers(),
        request_topic: topics.request.clone(),
        result_topic: topics.result.clone(),
        group_id: format!("rheo-bench-{}", uuid::Uuid::new_v4()),
        http_addr: String::new(),
        // A benchmark leaves no run records behind.
        keep_jobs: false,
        ..Default::default()
    };
    crate::serve::embedded::tune_service(&mut config);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = rt.spawn(crate::serve::serve(engine, config, false, async move {
        let _ = stopped.await;
    }));
    Ok(BenchService { broker, stop, task })
}

/// Prints a `bench-kafka` report as text or JSON.
pub(super) fn print_kafka_report(r: &crate::loadtest::LoadReport, json: bool) -> Result<()> {
    if json {
        return print_line(
            serde_json::json!({"count": r.count, "seconds": r.seconds, "requests_per_second": r.requests_per_second,
            "p50_ms": r.burst.p50_ms, "p99_ms": r.burst.p99_ms, "max_ms": r.burst.max_ms,
            "sequential_count": r.sequential_count, "sequential_p50_ms": r.sequential.p50_ms,
            "sequential_p99_ms": r.sequential.p99_ms, "sequential_max_ms": r.sequential.max_ms,
            "failures": r.failures}),
        );
    }
    print_line(format_args!(
        "one at a time ({} round trips): request→result p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms\n\
         burst of {} requests: {:.2} s, {:.0} requests/s; request→result p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms\n\
         {} failure result(s)",
        r.sequential_count, r.sequential.p50_ms, r.sequential.p99_ms, r.sequential.max_ms,
        r.count, r.seconds, r.requests_per_second, r.burst.p50_ms, r.burst.p99_ms, r.burst.max_ms,
        r.failures
    ))
}

/// `rheo bench`: runs a request repeatedly and prints latency and memory figures.
pub(super) fn bench_command(
    engine: Engine,
    request: &str,
    iterations: usize,
    warmup: usize,
    json: bool,
) -> Result<i32> {
    let bytes = read_request(request)?;
    let (_key, payload) = split_key(&bytes);
    let first = engine.execute_payload(payload);
    if !first.is_ok() {
        bail!(
            "the request fails, nothing to benchmark: {}",
            first.to_json()
        );
    }
    let r = bench(&engine, payload, warmup, iterations);
    if json {
        print_line(serde_json::json!({
            "iterations": r.iterations, "min_ms": r.min * 1e3, "median_ms": r.median * 1e3,
            "p99_ms": r.p99 * 1e3, "peak_rss_kb": r.peak_rss_kb, "baseline_rss_kb": r.baseline_rss_kb,
            "request_bytes": payload.len(),
        }))?;
    } else {
        print_line(format_args!(
            "{} iterations, request {} bytes: min {:.3} ms, median {:.3} ms, p99 {:.3} ms; peak RSS {} (before runs {})",
            r.iterations,
            payload.len(),
            r.min * 1e3,
            r.median * 1e3,
            r.p99 * 1e3,
            fmt_kb(r.peak_rss_kb),
            fmt_kb(r.baseline_rss_kb)
        ))?;
    }
    Ok(if r.all_ok { 0 } else { 1 })
}

fn fmt_kb(kb: Option<u64>) -> String {
    match kb {
        Some(kb) => format!("{:.1} MB", kb as f64 / 1024.0),
        None => "unknown".into(),
    }
}
