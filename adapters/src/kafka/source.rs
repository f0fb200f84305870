//! Kafka sources. Outside consumption mode each group of input wirings reads one message
//! with a consumer of its own (hetida-compat §7.5; Rheo waits at most the external request
//! timeout where hetida waits forever). In consumption mode the message is already read:
//! [`Consumed`] hands it to the execution.

use super::config::{client_config, KafkaConfigs};
use super::groups::{group, Group, Member, WiringRef};
use super::ids::{canonical_external_type, Direction};
use super::message::{decode, Entry, Message};
use super::{KafkaAdapter, ID};
use crate::rest::send::nine_digit_z;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::Message as _;
use rheo_core::adapter::{AdapterError, AdapterFuture, SourceAdapter};
use rheo_core::model::wiring::InputWiring;
use rheo_core::value::parse::Raw;
use serde_json::{json, Value as Json};
use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Loaded values by workflow input name.
type Loaded<'w> = Vec<(String, Raw<'w>)>;

impl SourceAdapter for KafkaAdapter {
    fn id(&self) -> &str {
        ID
    }

    fn load<'a, 'w: 'a>(&'a self, wirings: &'a [&'w InputWiring]) -> AdapterFuture<'a, Loaded<'w>> {
        Box::pin(async move {
            let refs = input_refs(wirings)?;
            let mut loaded = Vec::with_capacity(wirings.len());
            for g in group(&refs, &self.configs, Direction::Source)? {
                let message = self.read_one(&g)?;
                loaded.extend(values_of(&g, &message)?);
            }
            Ok(loaded)
        })
    }
}

/// The grouping view of input wirings.
fn input_refs<'w>(
    wirings: &[&'w InputWiring],
) -> Result<Vec<(&'w InputWiring, WiringRef<'w>)>, AdapterError> {
    wirings
        .iter()
        .map(|w| {
            let name = &w.workflow_input_name;
            let r = WiringRef::of(name, w.ref_key.as_deref(), w.ref_id.as_deref(), &w.filters)?;
            Ok((*w, r))
        })
        .collect()
}

impl KafkaAdapter {
    /// Reads the next message of the group's topic with a consumer of its own, committing
    /// it when the config names a consumer group (without one, a throwaway group reads from
    /// `auto_offset_reset`, aiokafka's default being the end).
    fn read_one(&self, g: &Group<'_, &InputWiring>) -> Result<Message, AdapterError> {
        let config = g.members[0].endpoint.config;
        let (props, _) = config.consumer_properties(g.key);
        let mut c = client_config(&props);
        let group_id = config.group_id();
        if group_id.is_none() {
            c.set(
                "group.id",
                format!("rheo-kafka-source-{}", uuid::Uuid::new_v4()),
            );
        }
        c.set("enable.auto.commit", "false");
        let failed = |what: &str, e: rdkafka::error::KafkaError| {
            AdapterError::connection(format!("Kafka config '{}': {what} failed: {e}", g.key))
        };
        let consumer: BaseConsumer = c.create().map_err(|e| failed("creating the consumer", e))?;
        consumer
            .subscribe(&[&config.topic])
            .map_err(|e| failed("subscribing", e))?;
        let deadline = Instant::now() + self.timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(AdapterError::connection(format!(
                    "Kafka config '{}': no message arrived on topic '{}' within {} s (EXTERNAL_REQUEST_TIMEOUT)",
                    g.key,
                    config.topic,
                    self.timeout.as_secs_f64()
                )));
            }
            match consumer.poll(left.min(Duration::from_millis(200))) {
                None => continue,
                Some(Err(e)) => return Err(failed("reading", e)),
                Some(Ok(record)) => {
                    let message = decode(
                        record.payload().unwrap_or_default(),
                        config.serializer,
                        g.is_multi(),
                    )
                    .map_err(|e| unreadable(g.key, &config.topic, &e))?;
                    if group_id.is_some() {
                        consumer
                            .commit_message(&record, CommitMode::Sync)
                            .map_err(|e| failed("committing", e))?;
                    }
                    return Ok(message);
                }
            }
        }
    }
}

fn unreadable(key: &str, topic: &str, why: &str) -> AdapterError {
    AdapterError::handling(format!(
        "Kafka config '{key}': a message on topic '{topic}' cannot be read: {why}"
    ))
}

/// The values the group's wirings take from `message`: the single value, or the entries by
/// value key (each must be there; others are ignored).
fn values_of<'w>(
    g: &Group<'_, &'w InputWiring>,
    message: &Message,
) -> Result<Loaded<'w>, AdapterError> {
    g.members
        .iter()
        .map(|m| {
            let w = checked_type(m)?;
            let raw = match message {
                Message::Text(t) => Raw::Text(Cow::Owned(t.clone())),
                Message::Single(e) => entry_raw(e),
                Message::Multi(values) => entry_raw(values.get(&m.value_key).ok_or_else(|| {
                    AdapterError::handling(format!(
                        "the Kafka message has no value '{}' for workflow input '{}'",
                        m.value_key, w.workflow_input_name
                    ))
                })?),
            };
            Ok((w.workflow_input_name.clone(), raw))
        })
        .collect()
}

/// The wiring of `m`, whose `type` must be the type its id names.
fn checked_type<'w>(m: &Member<'_, &'w InputWiring>) -> Result<&'w InputWiring, AdapterError> {
    let w = m.wiring;
    let wired = w.external_type.as_deref().and_then(canonical_external_type);
    if wired == Some(m.endpoint.external_type) {
        return Ok(w);
    }
    Err(AdapterError::handling(format!(
        "Received wrong external type {} for workflow input '{}': its Kafka id names {}",
        w.external_type.as_deref().unwrap_or("(none)"),
        w.workflow_input_name,
        m.endpoint.external_type
    )))
}

/// The values the group's wirings take from a window of messages (event time in ns, in
/// arrival order): a `multitsframe` wiring gets every value as a long-format MULTITSFRAME
/// (metric = value key, or `value` for single-value messages), any other wiring a SERIES of
/// its value key's values indexed by event time.
fn window_values<'w>(
    g: &Group<'_, &'w InputWiring>,
    items: &[(i64, Message)],
) -> Result<Loaded<'w>, AdapterError> {
    g.members
        .iter()
        .map(|m| {
            let w = checked_type(m)?;
            let json = if m.endpoint.external_type == "multitsframe" {
                long_frame(items)
            } else {
                series(items, &m.value_key)
            };
            Ok((w.workflow_input_name.clone(), Raw::Json(Cow::Owned(json))))
        })
        .collect()
}

/// A window message's value for `value_key` (every value of a single-value or text message).
fn item_value(message: &Message, value_key: &str) -> Option<Json> {
    match message {
        Message::Text(t) => Some(Json::String(t.clone())),
        Message::Single(e) => Some(e.value.clone()),
        Message::Multi(values) => values.get(value_key).map(|e| e.value.clone()),
    }
}

/// hetida's wrapped SERIES (split orient) of the window's values for `value_key`.
fn series(items: &[(i64, Message)], value_key: &str) -> Json {
    let (index, data): (Vec<Json>, Vec<Json>) = items
        .iter()
        .filter_map(|(t, m)| Some((Json::from(nine_digit_z(*t)), item_value(m, value_key)?)))
        .unzip();
    json!({"__hd_wrapped_data_object__": "SERIES", "__metadata__": {},
           "__data__": {"name": null, "index": index, "data": data},
           "__data_parsing_options__": {"orient": "split"}})
}

/// The window as a long-format MULTITSFRAME: `timestamp`, `metric`, `value` columns.
fn long_frame(items: &[(i64, Message)]) -> Json {
    let (mut timestamp, mut metric, mut value) = (Vec::new(), Vec::new(), Vec::new());
    for (t, m) in items {
        let entries: Vec<(&str, Json)> = match m {
            Message::Multi(values) => values
                .iter()
                .map(|(k, e)| (k.as_str(), e.value.clone()))
                .collect(),
            other => item_value(other, "")
                .map(|v| ("value", v))
                .into_iter()
                .collect(),
        };
        for (k, v) in entries {
            timestamp.push(Json::from(nine_digit_z(*t)));
            metric.push(Json::from(k));
            value.push(v);
        }
    }
    json!({"timestamp": timestamp, "metric": metric, "value": value})
}

fn entry_raw(e: &Entry) -> Raw<'static> {
    Raw::Json(Cow::Owned(e.value.clone()))
}

/// What consumption mode read for one execution.
enum Held {
    /// One message.
    One(Message),
    /// A window's messages with their event times (ns).
    Window(Vec<(i64, Message)>),
}

/// A message (or a window of messages) consumption mode has read, as the `kafka` source of
/// one execution: its Kafka input wirings take their values from it instead of reading
/// again.
pub struct Consumed {
    configs: Arc<KafkaConfigs>,
    key: String,
    held: Held,
}

impl Consumed {
    /// `message`, read with Kafka config `key`.
    pub fn new(configs: Arc<KafkaConfigs>, key: String, message: Message) -> Self {
        Consumed {
            configs,
            key,
            held: Held::One(message),
        }
    }

    /// A window of messages (event time in ns, message), read with Kafka config `key`.
    pub fn window(configs: Arc<KafkaConfigs>, key: String, items: Vec<(i64, Message)>) -> Self {
        Consumed {
            configs,
            key,
            held: Held::Window(items),
        }
    }
}

impl SourceAdapter for Consumed {
    fn id(&self) -> &str {
        ID
    }

    fn load<'a, 'w: 'a>(&'a self, wirings: &'a [&'w InputWiring]) -> AdapterFuture<'a, Loaded<'w>> {
        let load = || {
            let refs = input_refs(wirings)?;
            let mut loaded = Vec::with_capacity(wirings.len());
            for g in group(&refs, &self.configs, Direction::Source)? {
                if g.key != self.key {
                    return Err(AdapterError::wiring_invalid(format!(
                        "consumption mode reads Kafka config '{}'; an input wiring names '{}'",
                        self.key, g.key
                    )));
                }
                loaded.extend(match &self.held {
                    Held::One(message) => values_of(&g, message)?,
                    Held::Window(items) => window_values(&g, items)?,
                });
            }
            Ok(loaded)
        };
        Box::pin(std::future::ready(load()))
    }

    fn waits(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rheo_core::datatype::DataType;
    use rheo_core::value::parse::parse;
    use rheo_core::value::Value;

    fn window() -> Vec<(i64, Message)> {
        let multi = |a: f64, b: f64| {
            let text = format!(
                r#"{{"values": {{"a": {{"value": {a}, "data_type": "metadata(float)"}},
                                 "b": {{"value": {b}, "data_type": "metadata(float)"}}}}}}"#
            );
            super::super::message::decode(
                text.as_bytes(),
                super::super::config::Serializer::Json,
                true,
            )
            .unwrap()
        };
        vec![
            (1_000_000_000, multi(1.0, 2.0)),
            (2_000_000_000, multi(3.0, 4.0)),
        ]
    }

    #[test]
    fn a_window_reads_as_a_series_per_value_key() {
        let v = parse(
            Raw::Json(Cow::Owned(series(&window(), "b"))),
            DataType::Series,
        )
        .unwrap();
        let Value::Series(s) = v else {
            panic!("a series")
        };
        assert_eq!(s.values.f64_values().unwrap().as_ref(), [2.0, 4.0]);
        assert_eq!(
            s.index.datetime_ns().unwrap().as_ref(),
            [1_000_000_000, 2_000_000_000]
        );
    }

    #[test]
    fn a_window_reads_as_a_long_multitsframe() {
        let v = parse(
            Raw::Json(Cow::Owned(long_frame(&window()))),
            DataType::MultiTsFrame,
        )
        .unwrap();
        let Value::Frame(f) = v else {
            panic!("a frame")
        };
        assert_eq!(f.height(), 4);
        assert_eq!(
            f.columns.keys().collect::<Vec<_>>(),
            ["timestamp", "metric", "value"]
        );
    }
}
