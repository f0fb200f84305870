//! aiokafka's keyword options (what hetida's Kafka settings hold) as librdkafka properties.
//!
//! hetida passes `consumer_config` / `producer_config` and its `..._OPTIONS` variables to
//! aiokafka as keyword arguments; Rheo's clients are librdkafka, so each known option is
//! mapped onto its property. A key with a dot is taken as a librdkafka property already
//! (Rheo's extension for settings aiokafka has no keyword for). Options that have no
//! equivalent (`enable_auto_commit`: Rheo commits itself) are reported, not applied.

use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// librdkafka properties and the notes on options that were not applied.
pub type Translated = (BTreeMap<String, String>, Vec<String>);

/// The librdkafka property of an aiokafka keyword, where there is one.
fn property(keyword: &str) -> Option<&'static str> {
    Some(match keyword {
        "bootstrap_servers" => "bootstrap.servers",
        "group_id" => "group.id",
        "client_id" => "client.id",
        "security_protocol" => "security.protocol",
        "sasl_mechanism" => "sasl.mechanism",
        "sasl_plain_username" => "sasl.username",
        "sasl_plain_password" => "sasl.password",
        "ssl_cafile" => "ssl.ca.location",
        "auto_offset_reset" => "auto.offset.reset",
        "auto_commit_interval_ms" => "auto.commit.interval.ms",
        "compression_type" => "compression.type",
        "acks" => "acks",
        "max_request_size" => "message.max.bytes",
        "request_timeout_ms" => "request.timeout.ms",
        "session_timeout_ms" => "session.timeout.ms",
        "heartbeat_interval_ms" => "heartbeat.interval.ms",
        "max_poll_interval_ms" => "max.poll.interval.ms",
        "linger_ms" => "linger.ms",
        "fetch_max_wait_ms" => "fetch.wait.max.ms",
        "fetch_max_bytes" => "fetch.max.bytes",
        "fetch_min_bytes" => "fetch.min.bytes",
        "max_partition_fetch_bytes" => "max.partition.fetch.bytes",
        "isolation_level" => "isolation.level",
        "metadata_max_age_ms" => "metadata.max.age.ms",
        "retry_backoff_ms" => "retry.backoff.ms",
        "connections_max_idle_ms" => "connections.max.idle.ms",
        "enable_idempotence" => "enable.idempotence",
        "transactional_id" => "transactional.id",
        "transaction_timeout_ms" => "transaction.timeout.ms",
        _ => return None,
    })
}

/// An option value as librdkafka text: strings as they are, lists comma-joined (aiokafka
/// takes a list of bootstrap servers), numbers and booleans as JSON writes them.
fn text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(","),
        other => other.to_string(),
    }
}

/// Maps `options` (named `what` in notes) onto librdkafka properties.
pub fn translate(options: &Map<String, Json>, what: &str) -> Translated {
    let mut props = BTreeMap::new();
    let mut ignored = Vec::new();
    for (k, v) in options {
        let prop = if k.contains('.') {
            k.as_str()
        } else if let Some(p) = property(k) {
            p
        } else {
            ignored.push(format!(
                "{what}: option '{k}' has no librdkafka equivalent and is ignored (Rheo manages commits itself)"
            ));
            continue;
        };
        let value = match (prop, text(v)) {
            ("compression.type", t) if t == "null" => "none".to_string(),
            (_, t) => t,
        };
        props.insert(prop.to_string(), value);
    }
    (props, ignored)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_properties_and_the_rest_is_reported() {
        let options: Map<String, Json> = serde_json::from_str(
            r#"{"bootstrap_servers": ["a:9092", "b:9092"], "group_id": "g", "acks": "all",
                "enable_auto_commit": true, "fetch.wait.max.ms": 10, "compression_type": null}"#,
        )
        .unwrap();
        let (props, ignored) = translate(&options, "HD_KAFKA_CONFIGS.x.consumer_config");
        assert_eq!(props["bootstrap.servers"], "a:9092,b:9092");
        assert_eq!(props["group.id"], "g");
        assert_eq!(props["acks"], "all");
        assert_eq!(props["fetch.wait.max.ms"], "10");
        assert_eq!(props["compression.type"], "none");
        assert_eq!(ignored.len(), 1);
        assert!(ignored[0].contains("enable_auto_commit"));
    }
}
