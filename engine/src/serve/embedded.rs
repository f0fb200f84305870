//! The embedded development broker: librdkafka's in-process mock cluster on 127.0.0.1.
//! It is **not durable** (everything is lost when the process ends) and exists so the engine
//! can be tried without installing Kafka.
//!
//! The mock cluster keeps at most [`PARTITION_LOG_BYTES`] per partition and drops the oldest
//! records beyond that, read or not (librdkafka hard-codes the limit, and its only way to
//! fail a produce, injected request errors, would hit the service's own results too). So the
//! embedded topics get [`PARTITIONS`] partitions, the in-process service reads requests into
//! its own memory as soon as they arrive (up to [`IN_FLIGHT_BYTES`]), and beyond that it
//! never pauses fetching (which would leave records where the mock cluster drops them) but
//! answers each further request at once with a `ServiceOverloaded` failure result under the
//! request's key: the caller sees the refusal and no accepted request goes unanswered.

use anyhow::{Context, Result};
use rdkafka::mocking::MockCluster;
use rdkafka::producer::DefaultProducerContext;
use std::path::PathBuf;

/// Partitions of every embedded topic.
pub const PARTITIONS: i32 = 128;
/// What the mock cluster keeps of one partition (librdkafka's `rdkafka_mock.c`).
pub const PARTITION_LOG_BYTES: usize = 5 << 20;
/// Requests the in-process service takes into memory before it stops fetching, in embedded
/// mode (unless configured).
pub const IN_FLIGHT_BYTES: usize = 1 << 30;
/// Records the in-process service takes into memory, in embedded mode (unless configured).
pub const IN_FLIGHT_RECORDS: usize = 100_000;

/// A running mock cluster with the service's topics.
pub struct EmbeddedBroker {
    cluster: MockCluster<'static, DefaultProducerContext>,
    published: bool,
}

/// Where the embedded broker's address is written, so `rheo submit` finds it.
pub fn address_file() -> PathBuf {
    std::env::temp_dir().join("rheo-embedded-brokers")
}

impl EmbeddedBroker {
    /// Starts the broker and creates `topics` with `partitions` partitions each. With
    /// `publish`, its address is written to [`address_file`] for `rheo submit`.
    pub fn start(topics: &[&str], partitions: i32, publish: bool) -> Result<Self> {
        let cluster = MockCluster::new(1).context("starting the embedded development broker")?;
        for t in topics {
            cluster
                .create_topic(t, partitions, 1)
                .with_context(|| format!("creating topic {t} on the embedded broker"))?;
        }
        let broker = EmbeddedBroker {
            cluster,
            published: publish,
        };
        if publish {
            std::fs::write(address_file(), broker.bootstrap_servers()).ok();
        }
        Ok(broker)
    }

    /// `host:port` of the broker.
    pub fn bootstrap_servers(&self) -> String {
        self.cluster.bootstrap_servers()
    }
}

/// Settings of a service on the embedded broker: the mock cluster answers a fetch only when
/// `fetch.wait.max.ms` has passed, even when data is waiting (a real broker answers at
/// once), so the service polls it often; and it reads requests into its own memory rather
/// than leave them where the mock cluster would drop them (module docs). Settings the user
/// made are kept.
pub fn tune_service(config: &mut super::config::ServeConfig) {
    config
        .consumer
        .entry("fetch.wait.max.ms".to_string())
        .or_insert_with(|| "5".to_string());
    let defaults = super::config::ServeConfig::default();
    if config.max_in_flight_bytes == defaults.max_in_flight_bytes {
        config.max_in_flight_bytes = IN_FLIGHT_BYTES;
    }
    if config.max_in_flight == defaults.max_in_flight {
        config.max_in_flight = IN_FLIGHT_RECORDS;
    }
    config.refuse_when_full.get_or_insert(true);
}

impl Drop for EmbeddedBroker {
    fn drop(&mut self) {
        if self.published
            && std::fs::read_to_string(address_file()).ok().as_deref()
                == Some(&self.bootstrap_servers())
        {
            std::fs::remove_file(address_file()).ok();
        }
    }
}
