//! The embedded development broker: librdkafka's in-process mock cluster on 127.0.0.1.
//! It is **not durable** (everything is lost when the process ends) and exists so the engine
//! can be tried without installing Kafka.

use anyhow::{Context, Result};
use rdkafka::mocking::MockCluster;
use rdkafka::producer::DefaultProducerContext;
use std::path::PathBuf;

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

/// The mock cluster answers a fetch only when `fetch.wait.max.ms` has passed, even when data
/// is waiting (a real broker answers at once), so the service polls it often.
pub fn tune_consumer(config: &mut super::config::ServeConfig) {
    config
        .consumer
        .entry("fetch.wait.max.ms".to_string())
        .or_insert_with(|| "5".to_string());
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
