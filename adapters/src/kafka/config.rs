//! What one Kafka config (an entry of hetida's `HD_KAFKA_CONFIGS`, `[adapters.kafka.NAME]`
//! in TOML) holds, and how it becomes librdkafka client settings.

use super::aiokafka;
use super::ids::canonical_external_type;
use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// How a config's messages are written and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Serializer {
    /// hetida's message format (§7.3) as JSON: the default.
    #[default]
    Json,
    /// The same structure in MessagePack (between the jobs of a chain).
    Msgpack,
    /// The whole record value is one STRING (plain text at the edges of a chain).
    String,
}

impl Serializer {
    /// The name used in configs and messages.
    pub fn name(self) -> &'static str {
        match self {
            Serializer::Json => "json",
            Serializer::Msgpack => "msgpack",
            Serializer::String => "string",
        }
    }
}

fn yes() -> bool {
    true
}

/// One Kafka config: hetida's `KafkaConfig` fields plus Rheo's `serializer` and
/// `message_key`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KafkaConfig {
    /// Shown in source and sink names.
    pub display_name: String,
    /// The topic read from and written to.
    pub topic: String,
    /// Accepted for compatibility; hetida 0.9.8 does not use it either.
    #[serde(default)]
    pub kafka_cluster_config: Option<Json>,
    /// External types offered and accepted (all when absent).
    #[serde(default)]
    pub types: Option<Vec<String>>,
    /// Whether the config offers sinks.
    #[serde(default = "yes")]
    pub producable: bool,
    /// Whether the config offers sources (and may feed consumption mode).
    #[serde(default)]
    pub consumable: bool,
    /// aiokafka producer options (librdkafka properties where a key has a dot).
    #[serde(default)]
    pub producer_config: Map<String, Json>,
    /// aiokafka consumer options, `group_id` among them.
    #[serde(default)]
    pub consumer_config: Map<String, Json>,
    /// Consumption mode: commit after each handled message (Rheo always does; kept for
    /// compatibility).
    #[serde(default)]
    pub consumer_commit_after: bool,
    /// Consumption mode: commit *before* handling each message (at most once).
    #[serde(default)]
    pub consumer_commit_before: bool,
    /// Accepted for compatibility (Rheo always closes its consumer cleanly).
    #[serde(default = "yes")]
    pub call_consumer_stop_method_after_exception: bool,
    /// Consumption mode: go on after a message that cannot be read. Unset means Rheo's
    /// default (go on, with an error record); `false` keeps hetida's stop.
    #[serde(default)]
    pub continue_consumption_after_exception: Option<bool>,
    /// Accepted for compatibility (not evaluated by hetida either).
    #[serde(default = "yes")]
    pub offer_sources_and_sinks: bool,
    /// How messages are written and read.
    #[serde(default)]
    pub serializer: Serializer,
    /// The Kafka key of produced messages. Unset: the key of the record that asked for the
    /// execution (the request in `rheo serve`, the consumed message in `rheo consume`);
    /// hetida always writes a null key.
    #[serde(default)]
    pub message_key: Option<String>,
}

/// The configs by key, in the order given.
pub type KafkaConfigs = IndexMap<String, KafkaConfig>;

/// Reads `HD_KAFKA_CONFIGS` (a JSON object of configs) and checks every entry.
pub fn parse_configs(json: &str) -> Result<KafkaConfigs, String> {
    let configs: KafkaConfigs = serde_json::from_str(json)
        .map_err(|e| format!("expected a JSON object of Kafka configs: {e}"))?;
    check_configs(&configs)?;
    Ok(configs)
}

/// hetida's field rules: the key, display name and topic are not empty and `types` holds
/// external types.
pub fn check_configs(configs: &KafkaConfigs) -> Result<(), String> {
    for (key, c) in configs {
        let fail = |what: String| Err(format!("Kafka config '{key}': {what}"));
        if key.is_empty() {
            return Err("a Kafka config key must not be empty".into());
        }
        if c.display_name.is_empty() {
            return fail("display_name must not be empty".into());
        }
        if c.topic.is_empty() {
            return fail("topic must not be empty".into());
        }
        for t in c.types.iter().flatten() {
            if canonical_external_type(t).is_none() {
                return fail(format!("'{t}' in types is not an external type"));
            }
        }
    }
    Ok(())
}

impl KafkaConfig {
    /// Whether the config accepts values of (canonical) external type `t`.
    pub fn allows(&self, t: &str) -> bool {
        self.types
            .as_ref()
            .is_none_or(|types| types.iter().any(|x| canonical_external_type(x) == Some(t)))
    }

    /// The consumer's librdkafka properties and notes on options not applied.
    pub fn consumer_properties(&self, key: &str) -> aiokafka::Translated {
        aiokafka::translate(
            &self.consumer_config,
            &format!("Kafka config '{key}' consumer_config"),
        )
    }

    /// The producer's librdkafka properties and notes on options not applied.
    pub fn producer_properties(&self, key: &str) -> aiokafka::Translated {
        aiokafka::translate(
            &self.producer_config,
            &format!("Kafka config '{key}' producer_config"),
        )
    }

    /// The consumer group, when one is configured.
    pub fn group_id(&self) -> Option<String> {
        self.consumer_config
            .get("group_id")
            .or_else(|| self.consumer_config.get("group.id"))
            .and_then(Json::as_str)
            .filter(|g| !g.is_empty())
            .map(str::to_string)
    }

    /// Points producer and consumer at `brokers` (`RHEO_BROKERS`).
    pub fn set_brokers(&mut self, brokers: &str) {
        for options in [&mut self.consumer_config, &mut self.producer_config] {
            options.remove("bootstrap.servers");
            options.insert("bootstrap_servers".into(), Json::from(brokers));
        }
    }
}

/// Sets `RHEO_BROKERS` on every config.
pub fn set_brokers(configs: &mut KafkaConfigs, brokers: &str) {
    for c in configs.values_mut() {
        c.set_brokers(brokers);
    }
}

/// Applies librdkafka `props` to a client configuration.
pub fn client_config(props: &BTreeMap<String, String>) -> rdkafka::ClientConfig {
    let mut c = rdkafka::ClientConfig::new();
    c.set("client.id", "rheo");
    for (k, v) in props {
        c.set(k, v);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hetidas_config_is_read_with_its_defaults() {
        let c = parse_configs(
            r#"{"ingestion": {"display_name": "Ingestion", "topic": "in",
                "consumable": true, "types": ["metadata(str)", "timeseries(float)"],
                "consumer_config": {"group_id": "g", "bootstrap_servers": "k:9092"}}}"#,
        )
        .unwrap();
        let c = &c["ingestion"];
        assert!(c.producable && c.consumable);
        assert_eq!(c.serializer, Serializer::Json);
        assert!(c.allows("metadata(string)"));
        assert!(!c.allows("dataframe"));
        assert_eq!(c.group_id().as_deref(), Some("g"));
        assert_eq!(c.continue_consumption_after_exception, None);
    }

    #[test]
    fn bad_configs_name_the_config_and_field() {
        let e = parse_configs(r#"{"a": {"display_name": "", "topic": "t"}}"#).unwrap_err();
        assert!(e.contains("'a'") && e.contains("display_name"), "{e}");
        let e = parse_configs(r#"{"a": {"display_name": "A", "topic": "t", "types": ["blob"]}}"#)
            .unwrap_err();
        assert!(e.contains("blob"), "{e}");
        let e =
            parse_configs(r#"{"a": {"display_name": "A", "topic": "t", "topc": 1}}"#).unwrap_err();
        assert!(e.contains("topc"), "{e}");
        assert!(parse_configs("[1]").is_err());
    }

    #[test]
    fn brokers_are_overridden_everywhere() {
        let mut c = parse_configs(
            r#"{"a": {"display_name": "A", "topic": "t", "producer_config": {"bootstrap.servers": "x"}}}"#,
        )
        .unwrap();
        set_brokers(&mut c, "127.0.0.1:1");
        let (props, _) = c["a"].producer_properties("a");
        assert_eq!(props["bootstrap.servers"], "127.0.0.1:1");
        let (props, _) = c["a"].consumer_properties("a");
        assert_eq!(props["bootstrap.servers"], "127.0.0.1:1");
    }
}
