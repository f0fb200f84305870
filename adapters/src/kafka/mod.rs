//! The Kafka adapter (hetida-compat §7): workflow inputs read from and outputs written to
//! Kafka topics as hetida's messages.
//!
//! * [`config`] — a Kafka config (`HD_KAFKA_CONFIGS` entry) and its client settings;
//!   [`aiokafka`] maps hetida's aiokafka options onto librdkafka's.
//! * [`ids`] — source/sink ids, the wiring's reference and the `message_value_key` filter.
//! * [`message`] — the message in JSON, MessagePack or plain string form.
//! * [`consumption`] — consumption mode's settings and hetida's start-up rules.
//! * [`groups`] — wirings grouped into messages, with hetida's rules.
//! * [`sink`] — producing (one shared producer per config, every message acknowledged
//!   before the execution counts as sent).
//! * [`source`] — reading one message per group outside consumption mode, and the
//!   [`source::Consumed`] source through which consumption mode hands a message it
//!   already read to the execution.

pub mod aiokafka;
pub mod config;
pub mod consumption;
pub mod groups;
pub mod ids;
pub mod message;
pub mod sink;
pub mod source;

use config::KafkaConfigs;
use rdkafka::producer::FutureProducer;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The adapter key of the Kafka adapter in wirings.
pub const ID: &str = "kafka";

/// The Kafka adapter: configs, and a producer per config created on first use.
pub struct KafkaAdapter {
    configs: Arc<KafkaConfigs>,
    producers: Mutex<HashMap<String, FutureProducer>>,
    timeout: Duration,
}

impl KafkaAdapter {
    /// The adapter over `configs`; `timeout` bounds waiting for a message or an
    /// acknowledgement (`EXTERNAL_REQUEST_TIMEOUT`).
    pub fn new(configs: KafkaConfigs, timeout: Duration) -> Self {
        KafkaAdapter {
            configs: Arc::new(configs),
            producers: Mutex::default(),
            timeout,
        }
    }

    /// The configs by key.
    pub fn configs(&self) -> &Arc<KafkaConfigs> {
        &self.configs
    }
}
