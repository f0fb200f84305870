//! The `rheo` command line: `run`, `import`, `list`, `bench`, `render`, `serve`, `submit`,
//! `bench-kafka`.

use crate::bench::bench;
use crate::store::Store;
use crate::Engine;
use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use rheo_adapters::Adapters;
use rheo_components::Registry;
use rheo_core::model::request::split_key;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Rheo: runs hetida designer workflows natively.
#[derive(Debug, Parser)]
#[command(name = "rheo", version, about)]
pub struct Cli {
    /// Store directory for imported transformations
    /// (default: $XDG_DATA_HOME/rheo/store or ~/.local/share/rheo/store).
    #[arg(long, global = true, env = "RHEO_STORE")]
    pub store: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Execute one request in-process and print the response JSON.
    Run {
        /// Request file (`-` for stdin): a JSON payload or a `key:JSON` line.
        request: String,
        /// Pretty-print the response.
        #[arg(long)]
        pretty: bool,
        /// Print per-operator timings to stderr.
        #[arg(long)]
        timings: bool,
        /// Also write every PLOTLYJSON output as `DIR/<output name>.svg` and .png.
        #[arg(long, value_name = "DIR")]
        render: Option<PathBuf>,
    },
    /// Render a plotly figure JSON file (a PLOTLYJSON value) to PNG or SVG.
    Render {
        /// Figure file (`-` for stdin): `{"data": [...], "layout": {...}}`.
        figure: String,
        /// Output file; its extension (.png or .svg) selects the format.
        #[arg(short, long)]
        output: PathBuf,
        /// Image width in pixels (default: the figure's layout.width, else 700).
        #[arg(long)]
        width: Option<u32>,
        /// Image height in pixels (default: the figure's layout.height, else 450).
        #[arg(long)]
        height: Option<u32>,
    },
    /// Import hetida-format transformation files from a directory into the store.
    Import {
        /// Directory (hetida export layout or any tree of JSON files).
        dir: PathBuf,
    },
    /// List known transformations.
    List {
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Run the Kafka execution service: consume requests, publish keyed results.
    Serve(ServeArgs),
    /// Send requests (a JSON file, or `key:JSON` lines) and print the results by key.
    Submit {
        /// Request file (`-` for stdin).
        request: String,
        /// Bootstrap servers (default: RHEO_BROKERS, else the running embedded broker).
        #[arg(long, env = "RHEO_BROKERS")]
        brokers: Option<String>,
        /// Request topic.
        #[arg(long, default_value = crate::serve::config::DEFAULT_REQUEST_TOPIC)]
        request_topic: String,
        /// Result topic.
        #[arg(long, default_value = crate::serve::config::DEFAULT_RESULT_TOPIC)]
        result_topic: String,
        /// Seconds to wait for all results.
        #[arg(long, default_value_t = 60.0)]
        timeout: f64,
    },
    /// Measure request→result latency and requests/s through Kafka (default: the embedded
    /// broker with an in-process `rheo serve`).
    BenchKafka {
        /// Request file (a JSON payload or a `key:JSON` line).
        request: String,
        /// Requests in the burst.
        #[arg(long, default_value_t = 1000)]
        count: usize,
        /// One-at-a-time round trips measured before the burst.
        #[arg(long, default_value_t = 200)]
        sequential: usize,
        /// Bootstrap servers of a running service; without, an embedded broker and service are started.
        #[arg(long)]
        brokers: Option<String>,
        /// Request topic.
        #[arg(long, default_value = crate::serve::config::DEFAULT_REQUEST_TOPIC)]
        request_topic: String,
        /// Result topic.
        #[arg(long, default_value = crate::serve::config::DEFAULT_RESULT_TOPIC)]
        result_topic: String,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Execute a request repeatedly and report min/median/p99 latency and peak memory.
    Bench {
        /// Request file (`-` for stdin).
        request: String,
        /// Measured iterations.
        #[arg(long, default_value_t = 200)]
        iterations: usize,
        /// Unmeasured warm-up iterations.
        #[arg(long, default_value_t = 20)]
        warmup: usize,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Options of `rheo serve` (each overrides the config file and environment).
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// TOML config file (see README).
    #[arg(long, env = "RHEO_CONFIG")]
    pub config: Option<PathBuf>,
    /// Bootstrap servers; without any, the embedded development broker is started.
    #[arg(long)]
    pub brokers: Option<String>,
    /// Start the embedded, non-durable development broker (in-process, 127.0.0.1).
    #[arg(long)]
    pub embedded: bool,
    /// Consumer group id.
    #[arg(long)]
    pub group_id: Option<String>,
    /// Request topic.
    #[arg(long)]
    pub request_topic: Option<String>,
    /// Result topic.
    #[arg(long)]
    pub result_topic: Option<String>,
    /// Dead-letter topic for bad request records.
    #[arg(long)]
    pub dead_letter_topic: Option<String>,
    /// Executions running at once.
    #[arg(long)]
    pub concurrency: Option<usize>,
    /// Per-execution timeout in seconds.
    #[arg(long)]
    pub execution_timeout_seconds: Option<f64>,
    /// HTTP address for /health and /metrics (`""` disables).
    #[arg(long)]
    pub http_addr: Option<String>,
}

/// The default store directory under the user's data directory.
pub fn default_store_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("rheo").join("store"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/rheo/store"))
}

/// Reads a request file or stdin.
pub fn read_request(path: &str) -> Result<Vec<u8>> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("reading the request from stdin")?;
        Ok(buf)
    } else {
        std::fs::read(path).with_context(|| format!("reading request file {path}"))
    }
}

/// Writes every PLOTLYJSON output of a response (`output_types_by_output_name`, current
/// and legacy form) as `DIR/<name>.svg` and `DIR/<name>.png`. Empty figures (pure-plot
/// operators not run) are skipped with a note; returns the files written.
pub fn render_outputs(response_json: &str, dir: &Path) -> Result<Vec<PathBuf>> {
    let response: serde_json::Value =
        serde_json::from_str(response_json).context("the response is not JSON")?;
    let types = response["output_types_by_output_name"].as_object();
    let results = &response["output_results_by_output_name"];
    let mut written = Vec::new();
    let Some(types) = types else {
        return Ok(written);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, ty) in types {
        if ty != "PLOTLYJSON" {
            continue;
        }
        let fig = &results[name.as_str()];
        if fig.as_object().is_none_or(|o| o.is_empty()) {
            eprintln!(
                "{name}: no figure to render (the request did not run the pure plot operators)"
            );
            continue;
        }
        let stem: String = name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        for format in [rheo_render::Format::Svg, rheo_render::Format::Png] {
            let path = dir.join(format!("{stem}.{}", format.extension()));
            let image = rheo_render::render(fig, format, &Default::default())
                .with_context(|| format!("rendering output {name}"))?;
            std::fs::write(&path, image).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("rendered {}", path.display());
            written.push(path);
        }
    }
    Ok(written)
}

fn open_engine(store_dir: Option<&Path>) -> Result<Engine> {
    let store = Store::open(store_dir).context("opening the transformation store")?;
    Ok(Engine::new(store, Registry::builtin(), Adapters::builtin()))
}

/// The reader of stdout went away (`rheo list | head`). Not a failure: the binary exits
/// quietly with code 0 instead of panicking in `println!` or reporting an error.
#[derive(Debug, thiserror::Error)]
#[error("stdout was closed by its reader")]
pub struct StdoutClosed;

/// Writes command output through a locked stdout and flushes it. A closed pipe becomes
/// [`StdoutClosed`]; any other failure an error saying that writing stdout failed.
pub fn write_stdout(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let mut out = std::io::stdout().lock();
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => anyhow::Error::new(StdoutClosed),
            _ => anyhow::Error::new(e).context("writing to stdout"),
        })
}

/// Writes one line of command output (see [`write_stdout`]).
fn print_line(line: impl std::fmt::Display) -> Result<()> {
    write_stdout(|out| writeln!(out, "{line}"))
}

/// Runs the command line; returns the process exit code.
pub fn main_with(cli: Cli) -> Result<i32> {
    let store_dir = cli.store.clone().or_else(default_store_dir);
    let store_dir = store_dir.as_deref();
    match cli.command {
        Command::Run {
            request,
            pretty,
            timings,
            render,
        } => run_command(store_dir, &request, pretty, timings, render.as_deref()),
        Command::Render {
            figure,
            output,
            width,
            height,
        } => render_command(
            &figure,
            &output,
            &rheo_render::RenderOptions { width, height },
        ),
        Command::Import { dir } => import_command(store_dir, &dir),
        Command::List { json } => list_command(store_dir, json),
        Command::Serve(args) => {
            let engine = std::sync::Arc::new(open_engine(store_dir)?);
            run_serve(engine, args)
        }
        Command::Submit {
            request,
            brokers,
            request_topic,
            result_topic,
            timeout,
        } => {
            let topics = Topics {
                request: request_topic,
                result: result_topic,
            };
            submit_command(&request, brokers, &topics, timeout)
        }
        Command::BenchKafka {
            request,
            count,
            sequential,
            brokers,
            request_topic,
            result_topic,
            json,
        } => {
            let topics = Topics {
                request: request_topic,
                result: result_topic,
            };
            let engine = std::sync::Arc::new(open_engine(store_dir)?);
            let report = bench_kafka(engine, &request, count, sequential, brokers, &topics)?;
            print_kafka_report(&report, json)?;
            Ok(if report.failures == 0 { 0 } else { 1 })
        }
        Command::Bench {
            request,
            iterations,
            warmup,
            json,
        } => bench_command(store_dir, &request, iterations, warmup, json),
    }
}

/// `rheo run`: executes one request and prints the response.
fn run_command(
    store_dir: Option<&Path>,
    request: &str,
    pretty: bool,
    timings: bool,
    render: Option<&Path>,
) -> Result<i32> {
    let engine = open_engine(store_dir)?;
    let bytes = read_request(request)?;
    let (_key, payload) = split_key(&bytes);
    let response = engine.execute_payload(payload);
    if timings {
        for t in &response.operator_timings {
            eprintln!(
                "{:>12.6} ms  {} ({})",
                t.seconds * 1e3,
                t.operator,
                t.operator_id
            );
        }
    }
    let body = response.to_json();
    if let Some(dir) = render {
        render_outputs(&body, dir)?;
    }
    if pretty {
        let v: serde_json::Value = serde_json::from_str(&body)?;
        print_line(serde_json::to_string_pretty(&v)?)?;
    } else {
        print_line(&body)?;
    }
    Ok(if response.is_ok() { 0 } else { 1 })
}

/// `rheo render`: renders a figure file to PNG or SVG.
fn render_command(
    figure: &str,
    output: &Path,
    options: &rheo_render::RenderOptions,
) -> Result<i32> {
    let bytes = read_request(figure)?;
    let fig: serde_json::Value =
        serde_json::from_slice(&bytes).with_context(|| format!("{figure} is not JSON"))?;
    let format = output
        .extension()
        .and_then(|e| e.to_str())
        .and_then(rheo_render::Format::from_name)
        .with_context(|| {
            format!(
                "{}: the output file must end in .png or .svg",
                output.display()
            )
        })?;
    let image = rheo_render::render(&fig, format, options)?;
    std::fs::write(output, image).with_context(|| format!("writing {}", output.display()))?;
    Ok(0)
}

/// `rheo import`: imports a directory and prints what was imported and what was skipped.
fn import_command(store_dir: Option<&Path>, dir: &Path) -> Result<i32> {
    let Some(store_dir) = store_dir else {
        bail!("no store directory: pass --store DIR or set RHEO_STORE");
    };
    let mut store = Store::open(Some(store_dir))?;
    let report = store
        .import_dir(dir)
        .with_context(|| format!("importing {}", dir.display()))?;
    write_stdout(|out| {
        writeln!(
            out,
            "imported {} transformation(s) into {}",
            report.imported,
            store_dir.display()
        )?;
        if !report.skipped.is_empty() {
            writeln!(
                out,
                "skipped {} file(s) ({} symbolic link(s), never followed):",
                report.skipped.len(),
                report.symlinks()
            )?;
        }
        for s in &report.skipped {
            writeln!(out, "  {s}")?;
        }
        Ok(())
    })?;
    Ok(0)
}

/// `rheo list`: one row per known transformation, as a table or JSON.
fn list_command(store_dir: Option<&Path>, json: bool) -> Result<i32> {
    let engine = open_engine(store_dir)?;
    let rows: Vec<serde_json::Value> = engine
        .store()
        .all()
        .into_iter()
        .map(|t| {
            let native = match t.workflow() {
                None => engine.registry().get(&t.id).is_some(),
                Some(_) => engine.plan(t).is_ok(),
            };
            serde_json::json!({
                "id": t.id,
                "type": t.trafo_type.as_str(),
                "category": t.category_or_default(),
                "name": t.name,
                "version_tag": t.version_tag,
                "native": native,
            })
        })
        .collect();
    if json {
        print_line(serde_json::to_string_pretty(&rows)?)?;
        return Ok(0);
    }
    write_stdout(|out| {
        writeln!(
            out,
            "{:<36}  {:<9}  {:<24}  {:<48}  {:<8}  native",
            "id", "type", "category", "name", "version"
        )?;
        for r in &rows {
            writeln!(
                out,
                "{:<36}  {:<9}  {:<24}  {:<48}  {:<8}  {}",
                r["id"].as_str().unwrap_or(""),
                r["type"].as_str().unwrap_or(""),
                r["category"].as_str().unwrap_or(""),
                r["name"].as_str().unwrap_or(""),
                r["version_tag"].as_str().unwrap_or(""),
                if r["native"] == true { "yes" } else { "no" }
            )?;
        }
        Ok(())
    })?;
    Ok(0)
}

/// The request and result topics of `submit` and `bench-kafka`.
struct Topics {
    request: String,
    result: String,
}

/// `rheo submit`: sends requests through Kafka and prints the results by key.
fn submit_command(
    request: &str,
    brokers: Option<String>,
    topics: &Topics,
    timeout: f64,
) -> Result<i32> {
    let brokers = match brokers {
        Some(b) => b,
        None => std::fs::read_to_string(crate::serve::embedded::address_file())
            .context("no --brokers/RHEO_BROKERS given and no embedded broker is running (start `rheo serve`)")?,
    };
    let input = String::from_utf8(read_request(request)?).context("requests must be UTF-8")?;
    let requests = crate::submit::parse_requests(&input)?;
    let rt = tokio::runtime::Runtime::new()?;
    let results = rt.block_on(crate::submit::submit(
        brokers.trim(),
        &topics.request,
        &topics.result,
        &requests,
        std::time::Duration::from_secs_f64(timeout),
    ))?;
    let mut all_ok = true;
    for (key, body) in results {
        let v: serde_json::Value = serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
        all_ok &= v["result"] == "ok" || v["success"] == true;
        match key {
            Some(k) => print_line(format_args!("{k}:{body}"))?,
            None => print_line(&body)?,
        }
    }
    Ok(if all_ok { 0 } else { 1 })
}

/// The embedded broker and in-process service `bench-kafka` starts without `--brokers`.
struct BenchService {
    broker: crate::serve::embedded::EmbeddedBroker,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<()>>,
}

/// `rheo bench-kafka`: measures request→result latency through a broker (by default an
/// embedded broker with an in-process service).
fn bench_kafka(
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
    let (service, brokers) = match brokers {
        Some(b) => (None, b),
        None => {
            let service = start_bench_service(&rt, engine, topics)?;
            let b = service.broker.bootstrap_servers();
            (Some(service), b)
        }
    };
    let report = rt.block_on(crate::loadtest::run_load(
        &brokers,
        &topics.request,
        &topics.result,
        payload,
        count,
        sequential,
        std::time::Duration::from_secs(600),
    ));
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
fn print_kafka_report(r: &crate::loadtest::LoadReport, json: bool) -> Result<()> {
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
fn bench_command(
    store_dir: Option<&Path>,
    request: &str,
    iterations: usize,
    warmup: usize,
    json: bool,
) -> Result<i32> {
    let engine = open_engine(store_dir)?;
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

fn run_serve(engine: std::sync::Arc<Engine>, args: ServeArgs) -> Result<i32> {
    use crate::serve::config::ServeConfig;
    let mut config = match &args.config {
        Some(p) => ServeConfig::from_file(p)?,
        None => ServeConfig::default(),
    };
    let env: std::collections::BTreeMap<String, String> = std::env::vars().collect();
    for w in config.apply_env(&env)? {
        tracing::warn!("{w}");
    }
    if let Some(v) = args.brokers {
        config.brokers = v;
    }
    if let Some(v) = args.group_id {
        config.group_id = v;
    }
    if let Some(v) = args.request_topic {
        config.request_topic = v;
    }
    if let Some(v) = args.result_topic {
        config.result_topic = v;
    }
    if let Some(v) = args.dead_letter_topic {
        config.dead_letter_topic = Some(v);
    }
    if let Some(v) = args.concurrency {
        config.concurrency = v;
        config.max_in_flight = config.max_in_flight.max(v);
    }
    if let Some(v) = args.execution_timeout_seconds {
        config.execution_timeout_seconds = v;
    }
    if let Some(v) = args.http_addr {
        config.http_addr = v;
    }
    config.validate()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let _embedded = if args.embedded || config.brokers.is_empty() {
        let mut topics = vec![config.request_topic.as_str(), config.result_topic.as_str()];
        if let Some(d) = &config.dead_letter_topic {
            topics.push(d);
        }
        if !config.guard_topic.is_empty() {
            topics.push(&config.guard_topic);
        }
        let broker = crate::serve::embedded::EmbeddedBroker::start(
            &topics,
            crate::serve::embedded::PARTITIONS,
            true,
        )?;
        config.brokers = broker.bootstrap_servers();
        crate::serve::embedded::tune_service(&mut config);
        eprintln!(
            "rheo: started the EMBEDDED development broker at {} (in-process, NOT durable: everything is lost when rheo stops).\n\
             rheo: send requests to topic '{}' (e.g. `rheo submit tests/data/seed-rul-console-line.txt`); results appear on '{}' with the request's key.",
            config.brokers, config.request_topic, config.result_topic
        );
        Some(broker)
    } else {
        None
    };
    let create_topics = _embedded.is_none();
    let result = rt.block_on(crate::serve::serve(
        engine,
        config,
        create_topics,
        crate::serve::shutdown_signal(),
    ));
    // Stop every task (and its Kafka clients) before the embedded broker goes away.
    drop(rt);
    result?;
    Ok(0)
}

fn fmt_kb(kb: Option<u64>) -> String {
    match kb {
        Some(kb) => format!("{:.1} MB", kb as f64 / 1024.0),
        None => "unknown".into(),
    }
}
