//! `rheo serve`: the Kafka execution service.
//!
//! * [`config`] — settings from file and environment (hetida's variables included).
//! * [`consumer`] — the request consumer: settings, rebalance callbacks, commits, lag.
//! * [`intake`] — the dispatch loop with at-least-once offset handling; [`key_order`] — the
//!   per-key order option.
//! * [`guard`] — the poison-record guard (markers, isolation after a crash).
//! * [`guard_store`] — the guard topic that keeps the markers.
//! * [`limits`] — record-size limits that agree with the broker's.
//! * [`record`] — what happens to one request record.
//! * [`offsets`] — which offsets may be committed.
//! * [`metrics`] / [`http`] — `/metrics` and `/health`.
//! * [`api`] — hetida's HTTP execution API.
//! * [`embedded`] — the non-durable in-process development broker.

pub mod api;
pub mod config;
pub mod consumer;
pub mod embedded;
pub mod exposition;
pub mod guard;
pub mod guard_store;
pub mod http;
pub mod http_server;
pub mod intake;
pub mod key_order;
pub mod limits;
pub mod metrics;
pub mod offsets;
pub mod record;
pub mod tls;

use crate::engine::Engine;
use anyhow::{Context, Result};
use config::ServeConfig;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::error::RDKafkaErrorCode;
use rdkafka::producer::FutureProducer;
use std::future::Future;
use std::sync::{Arc, Mutex};
use tracing::{info, warn};

/// Partitions of topics the service creates itself.
pub const CREATED_TOPIC_PARTITIONS: i32 = 3;

/// Creates the service's topics where they do not exist (brokers without auto-creation,
/// such as tansu, need this).
pub async fn ensure_topics(config: &ServeConfig) -> Result<()> {
    let admin: AdminClient<DefaultClientContext> =
        consumer::client_config(config, &Default::default())
            .create()
            .context("creating the Kafka admin client")?;
    let mut names = vec![config.request_topic.as_str(), config.result_topic.as_str()];
    if let Some(d) = &config.dead_letter_topic {
        names.push(d);
    }
    let mut topics: Vec<NewTopic<'_>> = names
        .iter()
        .map(|n| NewTopic::new(n, CREATED_TOPIC_PARTITIONS, TopicReplication::Fixed(1)))
        .collect();
    if !config.guard_topic.is_empty() {
        // One partition; only the latest marker per key matters.
        topics.push(
            NewTopic::new(&config.guard_topic, 1, TopicReplication::Fixed(1))
                .set("cleanup.policy", "compact"),
        );
    }
    let opts = AdminOptions::new().operation_timeout(Some(std::time::Duration::from_secs(10)));
    match admin.create_topics(&topics, &opts).await {
        Ok(results) => {
            for r in results {
                match r {
                    Ok(t) => info!(topic = %t, "topic created"),
                    Err((t, RDKafkaErrorCode::TopicAlreadyExists)) => {
                        info!(topic = %t, "topic exists")
                    }
                    Err((t, e)) => warn!(topic = %t, error = %e, "could not create topic"),
                }
            }
        }
        Err(e) => warn!(error = %e, "could not create topics (they may exist already)"),
    }
    Ok(())
}

/// Runs the service until `shutdown` resolves; returns after in-flight work is published
/// and committed. `create_topics` makes sure the topics exist first.
pub async fn serve(
    engine: Arc<Engine>,
    config: ServeConfig,
    create_topics: bool,
    shutdown: impl Future<Output = ()>,
) -> Result<()> {
    config.validate()?;
    let metrics = Arc::new(metrics::Metrics::new(std::time::Duration::from_secs_f64(
        config.stall_after_seconds,
    )));
    let executor = Arc::new(crate::executor::Executor::new(
        engine,
        config.concurrency,
        config.execution_timeout(),
    ));
    let jobs = start_jobs(&config, &executor).await?;
    // The HTTP server stops when `_http_stop` is dropped, i.e. when `serve` returns.
    let _http_stop = start_http(&config, metrics.clone(), executor.clone(), jobs.clone()).await?;
    let jobs_db = jobs.as_ref().map(|j| j.db().clone());
    let recorder = jobs.as_ref().map(|j| j.recorder().clone());
    let python = executor.engine().python().cloned();
    let result = if config.consume_requests {
        let shared = Shared {
            executor,
            metrics,
            jobs_db,
            recorder,
        };
        consume(shared, config, create_topics, shutdown).await
    } else {
        info!("rheo serve: Kafka is off (--no-kafka); serving HTTP only");
        shutdown.await;
        Ok(())
    };
    if let Some(jobs) = &jobs {
        jobs.drain().await;
    }
    if let Some(pool) = python {
        pool.shutdown();
    }
    result
}

/// What the Kafka loop shares with the rest of the service.
struct Shared {
    executor: Arc<crate::executor::Executor>,
    metrics: Arc<metrics::Metrics>,
    jobs_db: Option<Arc<crate::jobs::db::JobDb>>,
    recorder: Option<Arc<crate::jobs::recorder::RunRecorder>>,
}

/// Consumes execution requests from Kafka until `shutdown` resolves; returns after
/// in-flight work is published and committed.
async fn consume(
    shared: Shared,
    config: ServeConfig,
    create_topics: bool,
    shutdown: impl Future<Output = ()>,
) -> Result<()> {
    let Shared {
        executor,
        metrics,
        jobs_db,
        recorder,
    } = shared;
    if create_topics {
        ensure_topics(&config).await?;
    }
    let mut producer_config = consumer::client_config(&config, &Default::default());
    // Results of large series outgrow librdkafka's 1 MB default; the broker still has the
    // last word (a refused result becomes a small `ResultTooLarge` failure).
    producer_config.set("message.max.bytes", limits::MAX_RESULT_BYTES.to_string());
    for (k, v) in &config.producer {
        producer_config.set(k, v);
    }
    let producer: FutureProducer = producer_config
        .create()
        .context("creating the Kafka producer")?;
    let tracker = Arc::new(Mutex::new(offsets::OffsetTracker::new()));
    let guard = guard_store::GuardStore::new(&config).map(Arc::new);
    let record_limit = limits::record_limit(&config, limits::topic_record_limit(&config).await);
    let kafka_consumer = Arc::new(consumer::create_consumer(
        &config,
        record_limit,
        metrics.clone(),
        tracker.clone(),
        guard.clone(),
    )?);
    info!(brokers = %config.brokers, request_topic = %config.request_topic, result_topic = %config.result_topic,
          group_id = %config.group_id, concurrency = config.concurrency, "rheo serve: consuming execution requests");
    let handler = Arc::new(record::Handler {
        executor,
        jobs_db,
        recorder,
        producer,
        metrics: metrics.clone(),
        config,
    });
    let lag = tokio::spawn(consumer::watch_lag(kafka_consumer.clone(), metrics.clone()));
    let result = intake::run(handler, kafka_consumer, tracker, metrics, guard, shutdown).await;
    lag.abort();
    result
}

/// Opens the job database (`database_url`, else `jobs.sqlite` in the store directory; none
/// without either, or with `keep_jobs = false`), prunes it now and hourly, and starts the job workers.
async fn start_jobs(
    config: &ServeConfig,
    executor: &Arc<crate::executor::Executor>,
) -> Result<Option<Arc<crate::jobs::runner::JobRunner>>> {
    use crate::jobs::{db, runner};
    let store = executor.engine().store();
    if !config.keep_jobs {
        return Ok(None);
    }
    let in_store = store
        .dir()
        .map(|d| db::Location::File(d.join(crate::store::JOBS_FILE)));
    let configured = config
        .database_url
        .as_ref()
        .map(|u| db::Location::parse(&u.0));
    let Some(location) = configured.or(in_store) else {
        warn!(
            "no store directory and no database_url: the jobs API is off and runs are not recorded"
        );
        return Ok(None);
    };
    let opened = location.clone();
    let jobs_db = tokio::task::spawn_blocking(move || db::JobDb::open(&opened))
        .await?
        .context("opening the job database")?;
    let jobs_db = Arc::new(jobs_db);
    let retention = std::time::Duration::from_secs_f64(config.jobs_retention_days * 86_400.0);
    let pruned = jobs_db.clone();
    tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            let before = db::now_us() - retention.as_micros() as i64;
            match runner::blocking(&pruned, move |db| db.prune(before)).await {
                Ok(n) if n > 0 => info!(jobs = n, "old jobs pruned"),
                Ok(_) => {}
                Err(e) => warn!(error = %e, "pruning old jobs failed"),
            }
        }
    });
    info!(database = %jobs_db.location(), "job database open");
    let workers = config.jobs_workers.unwrap_or(config.concurrency);
    let runner = runner::JobRunner::start(
        jobs_db,
        executor.clone(),
        workers,
        config.poison_after_crashes,
    )
    .await?;
    Ok(Some(runner))
}

/// Starts the HTTP endpoints (operational ones and hetida's API) unless `http_addr` is
/// empty; they stop when the returned sender is dropped.
async fn start_http(
    config: &ServeConfig,
    metrics: Arc<metrics::Metrics>,
    executor: Arc<crate::executor::Executor>,
    jobs: Option<Arc<crate::jobs::runner::JobRunner>>,
) -> Result<Option<tokio::sync::oneshot::Sender<()>>> {
    if config.http_addr.is_empty() {
        return Ok(None);
    }
    let limits = http_server::HttpLimits::from_config(config);
    let render = http::RenderLimits::from_config(config);
    let tls = tls_acceptor(config)?;
    let listener = tokio::net::TcpListener::bind(&config.http_addr)
        .await
        .with_context(|| format!("binding the HTTP address {}", config.http_addr))?;
    let addr = listener.local_addr()?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    info!(addr = %addr, client_certificates = config.tls_client_ca_file.is_some(), "HTTP: hetida's API at {scheme}://{addr}/api/..., health and metrics at /health and /metrics");
    let stats = Arc::new(http_server::HttpStats::default());
    let runs = executor.metrics().clone();
    if let Some(pool) = executor.engine().python() {
        runs.watch_python(pool.clone());
    }
    let mut api = api::Api::new(
        executor,
        config.max_in_flight,
        config.max_in_flight_bytes,
        config.execution_timeout(),
    );
    if let Some(jobs) = jobs {
        let limits = api::QueueLimits {
            jobs: config.max_queued_jobs,
            bytes: config.max_queued_job_bytes,
        };
        api = api.with_jobs(jobs, limits);
    }
    let api = Arc::new(api);
    let app = http::router(metrics, stats.clone(), render, runs).merge(api::router(
        api,
        config.max_request_bytes,
        config
            .api_token
            .as_ref()
            .map(|t| api::auth::Token::new(&t.0)),
    ));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let stopped = async move {
        let _ = stopped.await;
    };
    tokio::spawn(http_server::serve_http(
        listener, app, tls, limits, stats, stopped,
    ));
    Ok(Some(stop))
}

/// The TLS side of the HTTP port, when the configuration names a certificate.
fn tls_acceptor(config: &ServeConfig) -> Result<Option<tls::TlsAcceptor>> {
    let (Some(cert), Some(key)) = (&config.tls_cert_file, &config.tls_key_file) else {
        return Ok(None);
    };
    let files = tls::TlsFiles {
        cert,
        key,
        client_ca: config.tls_client_ca_file.as_deref(),
    };
    Ok(Some(tls::TlsAcceptor::new(&files)?))
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("installing the SIGTERM handler");
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
    info!("signal received");
}
