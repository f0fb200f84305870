//! The `rheo` command line: `run`, `import`, `list`, `bench`, `render`, `serve`, `submit`,
//! `bench-kafka`, `jobs`, `consume`, `replay`.

use crate::engine::Engine;
use crate::serve::config::ServeConfig;
use crate::store::Store;
use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use rheo_adapters::Adapters;
use rheo_components::Registry;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

mod bench;
mod consume;
mod import_cmd;
mod jobs;
mod list;
mod render;
mod replay;
mod run;
mod serve;
mod submit;

use bench::{bench_command, bench_kafka, print_kafka_report};
use consume::{apply_args, run_consume, ConsumeArgs};
use import_cmd::import_command;
use jobs::{jobs_command, JobsArgs};
use list::list_command;
use render::render_command;
use run::run_command;

use replay::{replay_command, ReplayArgs};
pub use run::render_outputs;
use serve::run_serve;
use submit::{submit_command, Topics};

/// Rheo: runs hetida designer workflows natively.
#[derive(Debug, Parser)]
#[command(name = "rheo", version, about)]
pub struct Cli {
    /// Store directory for imported transformations
    /// (default: $XDG_DATA_HOME/rheo/store or ~/.local/share/rheo/store).
    #[arg(long, global = true, env = "RHEO_STORE")]
    pub store: Option<PathBuf>,
    /// TOML config file (see README): the service's settings and the `[adapters]` table
    /// every command that executes requests reads.
    #[arg(long, global = true, env = "RHEO_CONFIG")]
    pub config: Option<PathBuf>,
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
    /// Consumption mode: run one fixed transformation on every message of a Kafka topic
    /// (`HETIDA_DESIGNER_KAFKA_CONSUMPTION_MODE` and `HD_KAFKA_CONFIGS`, or `--config FILE`
    /// with a `[consume]` table and `[adapters.kafka.<key>]` tables).
    Consume(ConsumeArgs),
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
    /// Send records of the dead-letter topic back to the request topic (all, or by key or
    /// error type) once their cause is fixed.
    Replay(ReplayArgs),
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
    /// The jobs of a running `rheo serve`: list, show, result, cancel.
    Jobs(JobsArgs),
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
    /// HTTP address for hetida's API, /health and /metrics (`""` disables).
    #[arg(long)]
    pub http_addr: Option<String>,
    /// Serve the HTTP API only: read no execution requests from Kafka, start no broker.
    #[arg(long, conflicts_with = "embedded")]
    pub no_kafka: bool,
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

/// The settings file (if any) with the environment applied; warnings are logged.
fn load_config(path: Option<&Path>) -> Result<ServeConfig> {
    let mut config = match path {
        Some(p) => ServeConfig::from_file(p)?,
        None => ServeConfig::default(),
    };
    let env: std::collections::BTreeMap<String, String> = std::env::vars().collect();
    for w in config.apply_env(&env)? {
        tracing::warn!("{w}");
    }
    Ok(config)
}

/// The engine over the store, with the configured adapters and, when `python` is set and
/// an interpreter is configured, Python workers for components without a native
/// implementation.
fn open_engine(store_dir: Option<&Path>, config: &ServeConfig, python: bool) -> Result<Engine> {
    let store = Store::open(store_dir).context("opening the transformation store")?;
    let engine = Engine::new(
        store,
        Registry::builtin(),
        Adapters::from_settings(&config.adapters)?,
    );
    let Some(interpreter) = config.python.interpreter.clone().filter(|_| python) else {
        return Ok(engine);
    };
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let pool = crate::python::pool::PythonPool::start(crate::python::pool::PythonSettings {
        interpreter,
        workers: config.python.workers.unwrap_or(cpus),
        memory_limit_bytes: config.python.memory_limit_bytes,
    })?;
    Ok(engine.with_python(std::sync::Arc::new(pool)))
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
    let config_file = cli.config.clone();
    let config = || load_config(config_file.as_deref());
    let open = |python| open_engine(store_dir, &config()?, python);
    match cli.command {
        Command::Run {
            request,
            pretty,
            timings,
            render,
        } => run_command(open(true)?, &request, pretty, timings, render.as_deref()),
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
        Command::List { json } => list_command(open(false)?, json),
        Command::Serve(args) => {
            let config = config()?;
            let engine = std::sync::Arc::new(open_engine(store_dir, &config, true)?);
            run_serve(engine, config, args)
        }
        Command::Consume(args) => {
            let mut config = config()?;
            apply_args(&mut config, &args);
            let engine = std::sync::Arc::new(open_engine(store_dir, &config, true)?);
            run_consume(engine, config)
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
            let engine = std::sync::Arc::new(open(true)?);
            let report = bench_kafka(engine, &request, count, sequential, brokers, &topics)?;
            print_kafka_report(&report, json)?;
            Ok(if report.failures == 0 { 0 } else { 1 })
        }
        Command::Bench {
            request,
            iterations,
            warmup,
            json,
        } => bench_command(open(true)?, &request, iterations, warmup, json),
        Command::Jobs(args) => jobs_command(args),
        Command::Replay(args) => replay_command(args),
    }
}
