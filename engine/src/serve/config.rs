//! Settings of `rheo serve`: defaults, a TOML config file, hetida 0.9.8's environment
//! variables and Rheo's own, applied in that order (later wins).

use anyhow::{bail, Context, Result};
use rheo_adapters::kafka::consumption::ConsumptionMode;
use rheo_adapters::settings::AdapterSettings;
use rheo_core::value::parse::bool_word;
use serde::Deserialize;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Default request topic (hetida ≤0.6 and the seed's examples).
pub const DEFAULT_REQUEST_TOPIC: &str = "designer_initialize_job";
/// Default result topic.
pub const DEFAULT_RESULT_TOPIC: &str = "designer_job_result";
/// Default `http_header_read_timeout_seconds`.
pub const DEFAULT_HTTP_HEADER_READ_TIMEOUT_SECONDS: f64 = 10.0;
/// Default `http_idle_timeout_seconds`.
pub const DEFAULT_HTTP_IDLE_TIMEOUT_SECONDS: f64 = 30.0;
/// Default `http_request_timeout_seconds`.
pub const DEFAULT_HTTP_REQUEST_TIMEOUT_SECONDS: f64 = 60.0;
/// Default `render_max_body_bytes`: 16 MiB (a 400,000-point timestamp series).
pub const DEFAULT_RENDER_MAX_BODY_BYTES: usize = 16 << 20;
/// Default `render_concurrency`.
pub const DEFAULT_RENDER_CONCURRENCY: usize = 2;
/// Default `render_max_values`: about a million x/y points (rendering such a figure peaks
/// at 200 to 400 MB).
pub const DEFAULT_RENDER_MAX_VALUES: u64 = 2_000_000;
/// Default topic of the poison guard's markers.
pub const DEFAULT_GUARD_TOPIC: &str = "rheo_poison_guard";
/// Default consumer group.
pub const DEFAULT_GROUP_ID: &str = "rheo";

/// A setting that must not appear in logs or debug output (it prints as `***`).
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Everything `rheo serve` needs to know.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServeConfig {
    /// Kafka bootstrap servers; empty means: start the embedded development broker.
    pub brokers: String,
    /// Topic execution requests are read from.
    pub request_topic: String,
    /// Topic results are written to.
    pub result_topic: String,
    /// Consumer group id (processes with the same id share the partitions).
    pub group_id: String,
    /// Optional topic that receives bad request records unchanged, with headers saying why.
    pub dead_letter_topic: Option<String>,
    /// Executions running at once (default: number of CPUs).
    pub concurrency: usize,
    /// Records accepted but not finished before fetching pauses (default 10,000). A pause
    /// and resume costs the broker round trips (up to a second on some brokers), so this is
    /// a backstop; `max_in_flight_bytes` bounds the memory the waiting records take.
    pub max_in_flight: usize,
    /// Records with the same key are executed and answered in the order received (records
    /// with different keys still run in parallel); default off.
    pub per_key_order: bool,
    /// Request bytes accepted but not finished before fetching pauses (default 256 MiB).
    pub max_in_flight_bytes: usize,
    /// What happens to a record that arrives while the in-flight budget is used up: `true`
    /// answers it at once with `ServiceOverloaded`, `false` pauses fetching (the record
    /// waits on the broker). Unset: refuse on the embedded broker (which drops unread
    /// records once a partition's log is full), pause on Kafka.
    pub refuse_when_full: Option<bool>,
    /// Per-execution timeout in seconds; a timed-out execution yields a failure result.
    pub execution_timeout_seconds: f64,
    /// How often a Kafka-triggered execution that failed transiently (an adapter's backend
    /// unreachable or too slow) is tried again before its failure is published.
    pub transient_retries: u32,
    /// Pause before the first such retry, in seconds; each further pause doubles (≤ 60 s).
    pub retry_first_delay_seconds: f64,
    /// Larger request records get a failure result without being parsed.
    pub max_request_bytes: usize,
    /// Address of the HTTP endpoints (hetida's API, `/health`, `/metrics`, `/render`);
    /// empty disables them.
    pub http_addr: String,
    /// Bearer token every `/api/...` and `/engine/...` request must carry
    /// (`Authorization: Bearer TOKEN`); unset, the API is open (bind it to loopback, the
    /// default `http_addr`). `/health` and `/metrics` stay open.
    pub api_token: Option<Secret>,
    /// PEM certificate chain of the HTTP port: set (with `tls_key_file`), the port speaks
    /// HTTPS only.
    pub tls_cert_file: Option<PathBuf>,
    /// PEM private key of `tls_cert_file`.
    pub tls_key_file: Option<PathBuf>,
    /// PEM CA certificates that sign the clients' certificates: set, every HTTPS connection
    /// must present a client certificate they sign (mutual TLS).
    pub tls_client_ca_file: Option<PathBuf>,
    /// Whether the service keeps a job database: the jobs API, templates and run records
    /// (`false`: none of them; `rheo bench-kafka` measures without).
    pub keep_jobs: bool,
    /// The job database: a SQLite file path (`sqlite://PATH` too) or a PostgreSQL URL
    /// (`postgres://user:password@host:port/db`); unset: `jobs.sqlite` in the store
    /// directory.
    pub database_url: Option<Secret>,
    /// Days finished jobs are kept (their records and results); older ones are deleted at
    /// start and every hour.
    pub jobs_retention_days: f64,
    /// Queued jobs beyond which `POST /api/jobs` answers 503.
    pub max_queued_jobs: u64,
    /// Request bytes of queued jobs beyond which `POST /api/jobs` answers 503 (the queue
    /// lives in the job database: this bounds its disk use).
    pub max_queued_job_bytes: u64,
    /// Workers taking queued jobs (unset: `concurrency`); 0 makes a service that only
    /// accepts jobs for other processes sharing its job database.
    pub jobs_workers: Option<usize>,
    /// Whether execution requests are read from Kafka (default); `false` (`rheo serve
    /// --no-kafka`) serves the HTTP API only and needs no broker.
    pub consume_requests: bool,
    /// Engine crashes a record may be involved in before it is answered with `PoisonRecord`
    /// instead of being executed again (at least 2: the first crash is counted for every
    /// record that may have been running, later ones for the record that ran alone).
    pub poison_after_crashes: u32,
    /// Topic (one partition, compacted) that keeps the poison guard's markers; empty
    /// switches the guard off.
    pub guard_topic: String,
    /// Seconds without progress, while records wait on the broker, after which `/health`
    /// reports the consumer as stalled.
    pub stall_after_seconds: f64,
    /// Seconds from the first byte of an HTTP request head to its end.
    pub http_header_read_timeout_seconds: f64,
    /// Seconds an HTTP connection may stay open with no request in flight.
    pub http_idle_timeout_seconds: f64,
    /// Seconds from a complete HTTP request head to its response (then 503).
    pub http_request_timeout_seconds: f64,
    /// Open HTTP connections at most (default: 256, fewer when `RLIMIT_NOFILE` leaves less
    /// than that above a reserve of descriptors for the Kafka clients).
    pub http_max_connections: Option<usize>,
    /// Largest `POST /render` body in bytes (413 above).
    pub render_max_body_bytes: usize,
    /// Figures read and rendered at once (503 beyond).
    pub render_concurrency: usize,
    /// Most JSON values a figure may have (413 above).
    pub render_max_values: u64,
    /// librdkafka properties for both consumer and producer (security.protocol, sasl.*, ssl.*, …).
    pub kafka: BTreeMap<String, String>,
    /// librdkafka properties for the consumer only.
    pub consumer: BTreeMap<String, String>,
    /// librdkafka properties for the producer only (compression.type, acks, …).
    pub producer: BTreeMap<String, String>,
    /// Where adapters find their data (the `[adapters]` table; shared with `rheo run`).
    pub adapters: AdapterSettings,
    /// Python for components without a native implementation (the `[python]` table; shared
    /// with `rheo run`).
    pub python: PythonConfig,
    /// `rheo consume`'s fixed execution (the `[consume]` table;
    /// `HETIDA_DESIGNER_KAFKA_CONSUMPTION_MODE`).
    pub consume: Option<ConsumptionMode>,
}

/// The `[python]` table: off unless an interpreter is named.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PythonConfig {
    /// The interpreter (with pandas) that runs stored components Rheo has no native
    /// implementation for; unset: such components fail at planning.
    pub interpreter: Option<PathBuf>,
    /// Most Python workers at once (unset: the number of CPUs).
    pub workers: Option<usize>,
    /// Address-space limit of each worker in bytes (0: none).
    pub memory_limit_bytes: u64,
}

impl Default for PythonConfig {
    fn default() -> Self {
        PythonConfig {
            interpreter: None,
            workers: None,
            memory_limit_bytes: 4 * 1024 * 1024 * 1024,
        }
    }
}

impl Default for ServeConfig {
    fn default() -> Self {
        let cpus = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        ServeConfig {
            brokers: String::new(),
            request_topic: DEFAULT_REQUEST_TOPIC.into(),
            result_topic: DEFAULT_RESULT_TOPIC.into(),
            group_id: DEFAULT_GROUP_ID.into(),
            dead_letter_topic: None,
            concurrency: cpus,
            max_in_flight: 10_000,
            max_in_flight_bytes: 256 * 1024 * 1024,
            refuse_when_full: None,
            execution_timeout_seconds: 300.0,
            transient_retries: 3,
            per_key_order: false,
            retry_first_delay_seconds: 0.5,
            max_request_bytes: 64 * 1024 * 1024,
            http_addr: "127.0.0.1:8090".into(),
            consume_requests: true,
            keep_jobs: true,
            database_url: None,
            jobs_retention_days: 30.0,
            max_queued_jobs: 100_000,
            max_queued_job_bytes: 4 * 1024 * 1024 * 1024,
            jobs_workers: None,
            api_token: None,
            tls_cert_file: None,
            tls_key_file: None,
            tls_client_ca_file: None,
            poison_after_crashes: 2,
            guard_topic: DEFAULT_GUARD_TOPIC.into(),
            stall_after_seconds: 30.0,
            http_header_read_timeout_seconds: DEFAULT_HTTP_HEADER_READ_TIMEOUT_SECONDS,
            http_idle_timeout_seconds: DEFAULT_HTTP_IDLE_TIMEOUT_SECONDS,
            http_request_timeout_seconds: DEFAULT_HTTP_REQUEST_TIMEOUT_SECONDS,
            http_max_connections: None,
            render_max_body_bytes: DEFAULT_RENDER_MAX_BODY_BYTES,
            render_concurrency: DEFAULT_RENDER_CONCURRENCY,
            render_max_values: DEFAULT_RENDER_MAX_VALUES,
            kafka: BTreeMap::new(),
            consumer: BTreeMap::new(),
            producer: BTreeMap::new(),
            adapters: AdapterSettings::default(),
            python: PythonConfig::default(),
            consume: None,
        }
    }
}

/// Maps aiokafka keyword options (hetida's `..._CONSUMER_OPTIONS`/`..._PRODUCER_OPTIONS`)
/// onto librdkafka properties. Unknown options are reported and skipped.
pub fn aiokafka_options(json: &str, var: &str) -> Result<(BTreeMap<String, String>, Vec<String>)> {
    let map: serde_json::Map<String, Json> =
        serde_json::from_str(json).with_context(|| format!("{var} must be a JSON object"))?;
    Ok(rheo_adapters::kafka::aiokafka::translate(&map, var))
}

/// The truth value of environment variable `k` (`true`/`false`, `1`/`0`, `yes`/`no`,
/// `on`/`off`, … as [`bool_word`] reads them).
fn parse_bool(k: &str, v: &str) -> Result<bool> {
    bool_word(v).with_context(|| format!("{k} must be true or false, got {v:?}"))
}

impl ServeConfig {
    /// Whether a record arriving while the in-flight budget is used up is refused (see
    /// `refuse_when_full`).
    pub fn refuses_when_full(&self) -> bool {
        self.refuse_when_full.unwrap_or(false)
    }

    /// Reads a TOML config file.
    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading config file {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("parsing config file {}", path.display()))
    }

    /// Applies environment variables: hetida 0.9.8's `HETIDA_DESIGNER_KAFKA_*` first, then
    /// `RHEO_*` (`RHEO_KAFKA_SECURITY_PROTOCOL=SSL` sets `security.protocol`). Returns
    /// warnings about ignored settings.
    pub fn apply_env(&mut self, env: &BTreeMap<String, String>) -> Result<Vec<String>> {
        let mut warnings = Vec::new();
        self.adapters.apply_env(env)?;
        let get = |k: &str| env.get(k).filter(|v| !v.is_empty());
        if let Some(v) = get("HETIDA_DESIGNER_KAFKA_CONSUMPTION_MODE") {
            self.consume = Some(
                rheo_adapters::kafka::consumption::parse(v)
                    .map_err(|e| anyhow::anyhow!("HETIDA_DESIGNER_KAFKA_CONSUMPTION_MODE: {e}"))?,
            );
        }
        if let Some(t) = get("HETIDA_DESIGNER_KAFKA_CONSUMER_TOPIC") {
            self.request_topic = t.clone();
        }
        if let Some(t) = get("HETIDA_DESIGNER_KAFKA_RESPONSE_TOPIC") {
            self.result_topic = t.clone();
        }
        for (var, is_consumer) in [
            ("HETIDA_DESIGNER_KAFKA_CONSUMER_OPTIONS", true),
            ("HETIDA_DESIGNER_KAFKA_PRODUCER_OPTIONS", false),
        ] {
            if let Some(json) = get(var) {
                let (mut props, ignored) = aiokafka_options(json, var)?;
                warnings.extend(ignored);
                if let Some(b) = props.remove("bootstrap.servers") {
                    self.brokers = b;
                }
                if let Some(g) = props.remove("group.id") {
                    self.group_id = g;
                }
                let target = if is_consumer {
                    &mut self.consumer
                } else {
                    &mut self.producer
                };
                target.extend(props);
            }
        }
        let parse_num = |k: &str, v: &str| -> Result<f64> {
            v.parse::<f64>()
                .with_context(|| format!("{k} must be a number, got {v:?}"))
        };
        for (k, v) in env
            .iter()
            .filter(|(k, v)| k.starts_with("RHEO_") && !v.is_empty())
        {
            match k.as_str() {
                "RHEO_BROKERS" => self.brokers = v.clone(),
                "RHEO_REQUEST_TOPIC" => self.request_topic = v.clone(),
                "RHEO_RESULT_TOPIC" => self.result_topic = v.clone(),
                "RHEO_GROUP_ID" => self.group_id = v.clone(),
                "RHEO_DEAD_LETTER_TOPIC" => self.dead_letter_topic = Some(v.clone()),
                "RHEO_CONCURRENCY" => self.concurrency = parse_num(k, v)? as usize,
                "RHEO_MAX_IN_FLIGHT" => self.max_in_flight = parse_num(k, v)? as usize,
                "RHEO_MAX_IN_FLIGHT_BYTES" => self.max_in_flight_bytes = parse_num(k, v)? as usize,
                "RHEO_REFUSE_WHEN_FULL" => {
                    self.refuse_when_full = Some(parse_bool(k, v)?);
                }
                "RHEO_PER_KEY_ORDER" => self.per_key_order = parse_bool(k, v)?,
                "RHEO_TRANSIENT_RETRIES" => self.transient_retries = parse_num(k, v)? as u32,
                "RHEO_RETRY_FIRST_DELAY_SECONDS" => {
                    self.retry_first_delay_seconds = parse_num(k, v)?
                }
                "RHEO_EXECUTION_TIMEOUT_SECONDS" => {
                    self.execution_timeout_seconds = parse_num(k, v)?
                }
                "RHEO_MAX_REQUEST_BYTES" => self.max_request_bytes = parse_num(k, v)? as usize,
                "RHEO_HTTP_ADDR" => self.http_addr = v.clone(),
                "RHEO_KEEP_JOBS" => self.keep_jobs = parse_bool(k, v)?,
                "RHEO_DATABASE_URL" => self.database_url = Some(Secret(v.clone())),
                "RHEO_JOBS_RETENTION_DAYS" => self.jobs_retention_days = parse_num(k, v)?,
                "RHEO_JOBS_WORKERS" => self.jobs_workers = Some(parse_num(k, v)? as usize),
                "RHEO_MAX_QUEUED_JOBS" => self.max_queued_jobs = parse_num(k, v)? as u64,
                "RHEO_MAX_QUEUED_JOB_BYTES" => self.max_queued_job_bytes = parse_num(k, v)? as u64,
                "RHEO_API_TOKEN" => self.api_token = Some(Secret(v.clone())),
                "RHEO_PYTHON" => self.python.interpreter = Some(v.into()),
                "RHEO_PYTHON_WORKERS" => self.python.workers = Some(parse_num(k, v)? as usize),
                "RHEO_PYTHON_MEMORY_LIMIT_BYTES" => {
                    self.python.memory_limit_bytes = parse_num(k, v)? as u64
                }
                "RHEO_TLS_CERT_FILE" => self.tls_cert_file = Some(v.into()),
                "RHEO_TLS_KEY_FILE" => self.tls_key_file = Some(v.into()),
                "RHEO_TLS_CLIENT_CA_FILE" => self.tls_client_ca_file = Some(v.into()),
                "RHEO_GUARD_TOPIC" => self.guard_topic = v.clone(),
                "RHEO_CONSUME_ERROR_TOPIC" => {
                    if let Some(c) = &mut self.consume {
                        c.error_topic = Some(v.clone());
                    }
                }
                "RHEO_POISON_AFTER_CRASHES" => self.poison_after_crashes = parse_num(k, v)? as u32,
                "RHEO_STALL_AFTER_SECONDS" => self.stall_after_seconds = parse_num(k, v)?,
                "RHEO_HTTP_HEADER_READ_TIMEOUT_SECONDS" => {
                    self.http_header_read_timeout_seconds = parse_num(k, v)?
                }
                "RHEO_HTTP_IDLE_TIMEOUT_SECONDS" => {
                    self.http_idle_timeout_seconds = parse_num(k, v)?
                }
                "RHEO_HTTP_REQUEST_TIMEOUT_SECONDS" => {
                    self.http_request_timeout_seconds = parse_num(k, v)?
                }
                "RHEO_HTTP_MAX_CONNECTIONS" => {
                    self.http_max_connections = Some(parse_num(k, v)? as usize)
                }
                "RHEO_RENDER_MAX_BODY_BYTES" => {
                    self.render_max_body_bytes = parse_num(k, v)? as usize
                }
                "RHEO_RENDER_CONCURRENCY" => self.render_concurrency = parse_num(k, v)? as usize,
                "RHEO_RENDER_MAX_VALUES" => self.render_max_values = parse_num(k, v)? as u64,
                _ => {
                    let prop = |prefix: &str| {
                        k.strip_prefix(prefix)
                            .map(|p| p.to_ascii_lowercase().replace('_', "."))
                    };
                    if let Some(p) = prop("RHEO_KAFKA_CONSUMER_") {
                        self.consumer.insert(p, v.clone());
                    } else if let Some(p) = prop("RHEO_KAFKA_PRODUCER_") {
                        self.producer.insert(p, v.clone());
                    } else if let Some(p) = prop("RHEO_KAFKA_") {
                        self.kafka.insert(p, v.clone());
                    }
                }
            }
        }
        Ok(warnings)
    }

    /// Checks the settings for contradictions.
    pub fn validate(&self) -> Result<()> {
        if self.request_topic.is_empty() || self.result_topic.is_empty() {
            bail!("request_topic and result_topic must not be empty");
        }
        if self.request_topic == self.result_topic {
            bail!("request_topic and result_topic must differ (results would be read as requests)");
        }
        if self.concurrency == 0 || self.max_in_flight == 0 || self.max_in_flight_bytes == 0 {
            bail!("concurrency, max_in_flight and max_in_flight_bytes must be at least 1");
        }
        if self
            .api_token
            .as_ref()
            .is_some_and(|t| t.0.trim().is_empty())
        {
            bail!("api_token must not be blank");
        }
        if self.tls_cert_file.is_some() != self.tls_key_file.is_some() {
            bail!("tls_cert_file and tls_key_file go together: set both or neither");
        }
        if self.tls_client_ca_file.is_some() && self.tls_cert_file.is_none() {
            bail!("tls_client_ca_file (client certificates) needs TLS: set tls_cert_file and tls_key_file too");
        }
        if !self.consume_requests && self.http_addr.is_empty() {
            bail!("with consume_requests = false (--no-kafka) the HTTP address must not be empty: nothing would be served");
        }
        if self.execution_timeout_seconds <= 0.0 {
            bail!("execution_timeout_seconds must be positive");
        }
        if self.poison_after_crashes < 2 {
            bail!("poison_after_crashes must be at least 2 (a first crash cannot tell which record caused it)");
        }
        for (name, seconds) in [
            ("stall_after_seconds", self.stall_after_seconds),
            (
                "http_header_read_timeout_seconds",
                self.http_header_read_timeout_seconds,
            ),
            ("http_idle_timeout_seconds", self.http_idle_timeout_seconds),
            (
                "http_request_timeout_seconds",
                self.http_request_timeout_seconds,
            ),
        ] {
            if !(seconds.is_finite() && seconds > 0.0) {
                bail!("{name} must be a positive number of seconds, got {seconds}");
            }
        }
        if self.http_max_connections == Some(0)
            || self.render_max_body_bytes == 0
            || self.render_concurrency == 0
            || self.render_max_values == 0
        {
            bail!("http_max_connections, render_max_body_bytes, render_concurrency and render_max_values must be at least 1");
        }
        Ok(())
    }

    /// The per-execution timeout.
    pub fn execution_timeout(&self) -> Duration {
        Duration::from_secs_f64(self.execution_timeout_seconds)
    }

    /// The retries of transiently failed Kafka-triggered executions.
    pub fn retry_policy(&self) -> crate::executor::RetryPolicy {
        crate::executor::RetryPolicy {
            retries: self.transient_retries,
            first_delay: Duration::from_secs_f64(self.retry_first_delay_seconds.clamp(0.0, 60.0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn python_and_tls_tables_read_as_users_write_them_and_are_checked() {
        let c: ServeConfig = toml::from_str(
            "tls_cert_file = \"/etc/rheo/cert.pem\"\ntls_key_file = \"/etc/rheo/key.pem\"\n\
             max_queued_job_bytes = 1024\n\
             [python]\ninterpreter = \"/opt/venv/bin/python\"\nworkers = 3\nmemory_limit_bytes = 0\n",
        )
        .unwrap();
        assert_eq!(
            c.python.interpreter.as_deref(),
            Some(Path::new("/opt/venv/bin/python"))
        );
        assert_eq!(
            (c.python.workers, c.python.memory_limit_bytes),
            (Some(3), 0)
        );
        assert_eq!(c.max_queued_job_bytes, 1024);
        c.validate().unwrap();
        assert!(toml::from_str::<ServeConfig>("[python]\ninterpeter = \"x\"\n").is_err());
        let mut half = ServeConfig::default();
        half.apply_env(&env(&[("RHEO_TLS_KEY_FILE", "/k.pem")]))
            .unwrap();
        assert!(half.validate().is_err(), "a key without a certificate");
        let mut ca_only = ServeConfig::default();
        ca_only
            .apply_env(&env(&[("RHEO_TLS_CLIENT_CA_FILE", "/ca.pem")]))
            .unwrap();
        assert!(ca_only.validate().is_err(), "client CAs without TLS");
    }

    #[test]
    fn defaults_match_the_hetida_topics() {
        let c = ServeConfig::default();
        assert_eq!(c.request_topic, "designer_initialize_job");
        assert_eq!(c.result_topic, "designer_job_result");
        c.validate().unwrap();
    }

    #[test]
    fn hetida_variables_are_understood() {
        let mut c = ServeConfig::default();
        let warnings = c
            .apply_env(&env(&[
                ("HETIDA_DESIGNER_KAFKA_CONSUMER_TOPIC", "hd-execution-topic"),
                ("HETIDA_DESIGNER_KAFKA_RESPONSE_TOPIC", "hd-execution-response-topic"),
                (
                    "HETIDA_DESIGNER_KAFKA_CONSUMER_OPTIONS",
                    r#"{"bootstrap_servers": ["kafka:19092", "kafka2:19092"], "group_id": "hd_kafka_consumer_group", "security_protocol": "SASL_SSL", "enable_auto_commit": false}"#,
                ),
                ("HETIDA_DESIGNER_KAFKA_PRODUCER_OPTIONS", r#"{"bootstrap_servers": "kafka:19092", "compression_type": "gzip"}"#),
            ]))
            .unwrap();
        assert_eq!(c.request_topic, "hd-execution-topic");
        assert_eq!(c.result_topic, "hd-execution-response-topic");
        assert_eq!(c.brokers, "kafka:19092");
        assert_eq!(c.group_id, "hd_kafka_consumer_group");
        assert_eq!(c.consumer["security.protocol"], "SASL_SSL");
        assert_eq!(c.producer["compression.type"], "gzip");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("enable_auto_commit"));
    }

    #[test]
    fn rheo_variables_win_and_map_properties() {
        let mut c = ServeConfig::default();
        c.apply_env(&env(&[
            ("HETIDA_DESIGNER_KAFKA_CONSUMER_TOPIC", "a"),
            ("RHEO_REQUEST_TOPIC", "b"),
            ("RHEO_BROKERS", "127.0.0.1:9092"),
            ("RHEO_CONCURRENCY", "3"),
            ("RHEO_KAFKA_SECURITY_PROTOCOL", "SSL"),
            ("RHEO_KAFKA_PRODUCER_COMPRESSION_TYPE", "zstd"),
        ]))
        .unwrap();
        assert_eq!(c.request_topic, "b");
        assert_eq!(c.brokers, "127.0.0.1:9092");
        assert_eq!(c.concurrency, 3);
        assert_eq!(c.kafka["security.protocol"], "SSL");
        assert_eq!(c.producer["compression.type"], "zstd");
        let e = c
            .apply_env(&env(&[("RHEO_CONCURRENCY", "many")]))
            .unwrap_err();
        assert!(e.to_string().contains("RHEO_CONCURRENCY"));
    }

    #[test]
    fn http_and_render_limits_come_from_the_environment_and_are_checked() {
        let mut c = ServeConfig::default();
        c.apply_env(&env(&[
            ("RHEO_HTTP_IDLE_TIMEOUT_SECONDS", "2"),
            ("RHEO_HTTP_HEADER_READ_TIMEOUT_SECONDS", "0.5"),
            ("RHEO_HTTP_MAX_CONNECTIONS", "7"),
            ("RHEO_RENDER_CONCURRENCY", "3"),
        ]))
        .unwrap();
        assert_eq!(c.http_idle_timeout_seconds, 2.0);
        assert_eq!(c.http_header_read_timeout_seconds, 0.5);
        assert_eq!(c.http_max_connections, Some(7));
        assert_eq!(c.render_concurrency, 3);
        assert_eq!(c.render_max_values, DEFAULT_RENDER_MAX_VALUES);
        c.validate().unwrap();
        for bad in ["0", "-1", "NaN", "inf"] {
            let mut c = ServeConfig::default();
            c.apply_env(&env(&[("RHEO_HTTP_IDLE_TIMEOUT_SECONDS", bad)]))
                .unwrap();
            let e = c.validate().unwrap_err();
            assert!(e.to_string().contains("http_idle_timeout_seconds"), "{e}");
        }
        let e = ServeConfig::default()
            .apply_env(&env(&[("RHEO_RENDER_MAX_VALUES", "lots")]))
            .unwrap_err();
        assert!(e.to_string().contains("RHEO_RENDER_MAX_VALUES"), "{e}");
        let mut zero = ServeConfig::default();
        zero.apply_env(&env(&[("RHEO_HTTP_MAX_CONNECTIONS", "0")]))
            .unwrap();
        assert!(zero.validate().is_err());
    }

    #[test]
    fn config_file_is_toml_and_strict() {
        let dir = std::env::temp_dir().join(format!("rheo-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("rheo.toml");
        std::fs::write(
            &p,
            "brokers = \"k:9092\"\nconcurrency = 2\n[producer]\n\"compression.type\" = \"lz4\"\n",
        )
        .unwrap();
        let c = ServeConfig::from_file(&p).unwrap();
        assert_eq!(c.brokers, "k:9092");
        assert_eq!(c.producer["compression.type"], "lz4");
        assert_eq!(c.result_topic, DEFAULT_RESULT_TOPIC);
        std::fs::write(&p, "brokerz = 1\n").unwrap();
        assert!(ServeConfig::from_file(&p).is_err());
        std::fs::remove_dir_all(&dir).ok();
        let mut same = ServeConfig::default();
        same.result_topic = same.request_topic.clone();
        assert!(same.validate().is_err());
    }

    #[test]
    fn refusing_when_full_is_the_embedded_default_and_can_be_set() {
        let mut kafka = ServeConfig::default();
        assert!(!kafka.refuses_when_full());
        kafka
            .apply_env(&env(&[("RHEO_REFUSE_WHEN_FULL", "yes")]))
            .unwrap();
        assert!(kafka.refuses_when_full());
        let mut embedded = ServeConfig::default();
        super::super::embedded::tune_service(&mut embedded);
        assert!(embedded.refuses_when_full());
        let mut chosen = ServeConfig::default();
        chosen
            .apply_env(&env(&[("RHEO_REFUSE_WHEN_FULL", "false")]))
            .unwrap();
        super::super::embedded::tune_service(&mut chosen);
        assert!(!chosen.refuses_when_full());
        let e = ServeConfig::default()
            .apply_env(&env(&[("RHEO_REFUSE_WHEN_FULL", "maybe")]))
            .unwrap_err();
        assert!(e.to_string().contains("RHEO_REFUSE_WHEN_FULL"), "{e}");
    }
}
