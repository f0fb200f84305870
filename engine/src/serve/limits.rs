//! Record-size limits that agree on both sides of the broker.
//!
//! `max_request_bytes` is what Rheo executes; the request topic's `max.message.bytes` is
//! what the broker lets producers write. The consumer must be able to *receive* the larger
//! of the two, so that a record over `max_request_bytes` is answered with `RequestTooLarge`
//! instead of failing every fetch of its partition (librdkafka refuses a response larger
//! than `receive.message.max.bytes` and retries it forever).

use super::config::ServeConfig;
use rdkafka::admin::{AdminClient, AdminOptions, ResourceSpecifier};
use rdkafka::client::DefaultClientContext;
use std::time::Duration;
use tracing::{info, warn};

/// Largest result record the service produces (larger ones become a `ResultTooLarge`
/// failure); clients reading results must be able to receive it.
pub const MAX_RESULT_BYTES: usize = 100 << 20;

/// The properties a Kafka client of the service (`rheo submit`, `rheo bench-kafka`) needs
/// so that its limits agree with the service's: it may send requests up to the default
/// `max_request_bytes` and receive results up to [`MAX_RESULT_BYTES`].
pub fn client_limits() -> Vec<(&'static str, String)> {
    let message_max = super::config::ServeConfig::default().max_request_bytes + (1 << 20);
    // librdkafka wants fetch.max.bytes >= message.max.bytes in a client's configuration.
    let receive = MAX_RESULT_BYTES.max(message_max) + RESPONSE_OVERHEAD;
    vec![
        ("message.max.bytes", message_max.to_string()),
        ("fetch.max.bytes", message_max.to_string()),
        ("receive.message.max.bytes", receive.to_string()),
    ]
}

/// Record limit assumed when the topic's `max.message.bytes` cannot be read (1 GiB).
pub const UNKNOWN_TOPIC_LIMIT: usize = 1 << 30;

/// How long the broker may take to describe the topic (a broker that cannot, such as
/// librdkafka's mock cluster, never answers).
const DESCRIBE_TIMEOUT: Duration = Duration::from_secs(2);

/// librdkafka's ceiling for `receive.message.max.bytes`.
const RECEIVE_CEILING: usize = 2_147_483_647;

/// Head room for the fetch response around the largest record.
const RESPONSE_OVERHEAD: usize = 2 << 20;

/// The consumer properties that let it receive records of up to `record_limit` bytes.
pub fn fetch_limits(record_limit: usize) -> Vec<(&'static str, String)> {
    let fetch_max = 52_428_800usize.min(record_limit.max(1 << 20));
    let receive = (record_limit.max(fetch_max) + RESPONSE_OVERHEAD).min(RECEIVE_CEILING);
    vec![
        ("fetch.max.bytes", fetch_max.to_string()),
        ("receive.message.max.bytes", receive.to_string()),
    ]
}

/// Reads the request topic's `max.message.bytes` (`None` if the broker does not say).
pub async fn topic_record_limit(config: &ServeConfig) -> Option<usize> {
    let admin: AdminClient<DefaultClientContext> =
        super::consumer::client_config(config, &Default::default())
            .create()
            .ok()?;
    let opts = AdminOptions::new().request_timeout(Some(DESCRIBE_TIMEOUT));
    let topic = ResourceSpecifier::Topic(&config.request_topic);
    let described = admin.describe_configs([&topic], &opts);
    let results = tokio::time::timeout(DESCRIBE_TIMEOUT, described)
        .await
        .ok()?
        .ok()?;
    let resource = results.into_iter().next()?.ok()?;
    resource
        .get("max.message.bytes")?
        .value
        .as_deref()?
        .parse()
        .ok()
}

/// The largest record the consumer must receive, with a warning when the topic and
/// `max_request_bytes` disagree.
pub fn record_limit(config: &ServeConfig, topic_limit: Option<usize>) -> usize {
    let ours = config.max_request_bytes;
    match topic_limit {
        None => {
            warn!(topic = %config.request_topic, assumed = UNKNOWN_TOPIC_LIMIT,
                  "could not read the request topic's max.message.bytes; records up to the assumed size are received and larger ones fail their partition's fetches");
            ours.max(UNKNOWN_TOPIC_LIMIT)
        }
        Some(topic) if topic < ours => {
            warn!(topic = %config.request_topic, topic_max_message_bytes = topic, max_request_bytes = ours,
                  "the broker refuses requests above the topic's max.message.bytes, below max_request_bytes");
            ours
        }
        Some(topic) => {
            if topic > ours {
                info!(topic = %config.request_topic, topic_max_message_bytes = topic, max_request_bytes = ours,
                      "records above max_request_bytes are answered with RequestTooLarge");
            }
            topic
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(props: &[(&'static str, String)], k: &str) -> usize {
        props
            .iter()
            .find(|(n, _)| *n == k)
            .unwrap()
            .1
            .parse()
            .unwrap()
    }

    #[test]
    fn the_consumer_receives_the_largest_record_with_head_room() {
        let p = fetch_limits(110 << 20);
        assert!(get(&p, "receive.message.max.bytes") > 110 << 20);
        assert!(get(&p, "receive.message.max.bytes") >= get(&p, "fetch.max.bytes") + 512);
        let small = fetch_limits(1000);
        assert!(get(&small, "receive.message.max.bytes") >= get(&small, "fetch.max.bytes") + 512);
        let huge = fetch_limits(usize::MAX / 2);
        assert_eq!(get(&huge, "receive.message.max.bytes"), RECEIVE_CEILING);
    }

    #[test]
    fn clients_send_the_largest_request_and_receive_the_largest_result() {
        let p = client_limits();
        let request_max = ServeConfig::default().max_request_bytes;
        assert!(get(&p, "message.max.bytes") > request_max);
        assert!(get(&p, "fetch.max.bytes") >= get(&p, "message.max.bytes"));
        assert!(get(&p, "receive.message.max.bytes") > MAX_RESULT_BYTES);
        assert!(get(&p, "receive.message.max.bytes") >= get(&p, "fetch.max.bytes") + 512);
        // librdkafka accepts the combination.
        let mut c = rdkafka::ClientConfig::new();
        for (k, v) in &p {
            c.set(*k, v);
        }
        c.set("group.id", "limits-test");
        let consumer: Result<rdkafka::consumer::BaseConsumer, _> = c.create();
        assert!(consumer.is_ok(), "{:?}", consumer.err());
        let producer: Result<rdkafka::producer::BaseProducer, _> = c.create();
        assert!(producer.is_ok());
    }

    #[test]
    fn the_record_limit_is_the_larger_side() {
        let c = ServeConfig::default();
        assert_eq!(record_limit(&c, Some(200 << 20)), 200 << 20);
        assert_eq!(record_limit(&c, Some(1 << 20)), c.max_request_bytes);
        assert_eq!(record_limit(&c, None), UNKNOWN_TOPIC_LIMIT);
    }
}
