//! Consumption mode's settings and hetida's start-up rules for them (hetida-compat §7.6).
//!
//! hetida reads them from `HETIDA_DESIGNER_KAFKA_CONSUMPTION_MODE` (an `ExecByIdBase`);
//! Rheo also from the `[consume]` table of its TOML config. The loop that runs them is the
//! engine's (`rheo consume`).

use super::config::KafkaConfigs;
use super::ids::{self, Direction};
use rheo_core::model::wiring::WorkflowWiring;
use serde::Deserialize;
use serde_json::Value as Json;

/// The fixed execution run on every consumed message, and where failures go.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsumptionMode {
    /// The transformation revision to run.
    pub id: String,
    /// Its wiring: Kafka input wirings read the consumed message.
    #[serde(default)]
    pub wiring: WorkflowWiring,
    /// Whether operators whose outputs are all plots run.
    #[serde(default)]
    pub run_pure_plot_operators: bool,
    /// Topic for error records of messages that could not be read or whose execution
    /// failed (`RHEO_CONSUME_ERROR_TOPIC`); without one such messages are only logged.
    #[serde(default)]
    pub error_topic: Option<String>,
    /// Accepted and ignored, as hetida does (every message gets a new job id).
    #[serde(default)]
    pub job_id: Option<Json>,
    /// Rheo: gather messages per Kafka key into windows and run once per window.
    #[serde(default)]
    pub window: Option<WindowSettings>,
}

/// What a window is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowBy {
    /// Messages per key.
    Count,
    /// Event time: a message field or the record timestamp.
    EventTime,
}

/// Windows over the messages of each Kafka key: tumbling (`advance` absent) or hopping.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowSettings {
    /// Count or event time.
    pub by: WindowBy,
    /// Messages (by count) or seconds (by event time) per window.
    pub size: f64,
    /// Messages or seconds from one window's start to the next; absent: `size` (tumbling).
    #[serde(default)]
    pub advance: Option<f64>,
    /// Event time: the top-level message field holding it (ISO-8601 text or epoch
    /// milliseconds); absent: the record's timestamp.
    #[serde(default)]
    pub time_field: Option<String>,
    /// Event time: seconds a window stays open after its end for late messages.
    #[serde(default)]
    pub allowed_lateness_seconds: f64,
    /// Messages a partition's open windows may hold together; a message beyond it is
    /// reported instead of kept (default 100,000).
    #[serde(default = "default_max_open")]
    pub max_open_messages: usize,
}

fn default_max_open() -> usize {
    100_000
}

/// Largest count window.
const MAX_COUNT: f64 = 1_000_000.0;

impl WindowSettings {
    /// The advance (the size for tumbling windows).
    pub fn step(&self) -> f64 {
        self.advance.unwrap_or(self.size)
    }

    /// Sizes are positive (whole messages by count, at most a million); a time field needs
    /// event time.
    pub fn check(&self) -> Result<(), String> {
        let (size, step) = (self.size, self.step());
        let whole = |v: f64| v.fract() == 0.0 && (1.0..=MAX_COUNT).contains(&v);
        match self.by {
            WindowBy::Count if !whole(size) || !whole(step) => Err(format!(
                "window: by count, size and advance are whole numbers of messages from 1 to {MAX_COUNT}"
            )),
            WindowBy::Count if self.time_field.is_some() => {
                Err("window: time_field needs by = \"event_time\"".into())
            }
            WindowBy::EventTime if !(size > 0.0 && step > 0.0 && size.is_finite() && step.is_finite()) => {
                Err("window: by event time, size and advance are positive seconds".into())
            }
            _ if !(self.allowed_lateness_seconds >= 0.0 && self.allowed_lateness_seconds.is_finite()) => {
                Err("window: allowed_lateness_seconds is not negative".into())
            }
            _ if self.max_open_messages == 0 => Err("window: max_open_messages is at least 1".into()),
            _ => Ok(()),
        }
    }
}

/// Where consumption mode reads: the one Kafka config and message identifier every Kafka
/// input wiring names, and whether messages are multi-value ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsumedSource {
    /// The Kafka config key.
    pub key: String,
    /// The message identifier of `message_value_key`.
    pub message_identifier: String,
    /// Whether messages are multi-value ones.
    pub multi: bool,
}

/// Reads `HETIDA_DESIGNER_KAFKA_CONSUMPTION_MODE`.
pub fn parse(json: &str) -> Result<ConsumptionMode, String> {
    serde_json::from_str(json)
        .map_err(|e| format!("expected {{\"id\": ..., \"wiring\": ...}}: {e}"))
}

/// hetida's start-up rules: at least one Kafka input wiring; all of them name one consumable
/// config and one message identifier; multi-value messages (more than one value key, or a
/// non-empty first one) need a value key in every wiring. Rheo also resolves every Kafka
/// id, inputs and outputs, so a typo stops the start instead of failing every message.
pub fn validate(mode: &ConsumptionMode, configs: &KafkaConfigs) -> Result<ConsumedSource, String> {
    if let Some(w) = &mode.window {
        w.check()?;
    }
    let kafka_inputs: Vec<_> = mode
        .wiring
        .input_wirings
        .iter()
        .filter(|w| w.adapter_id.key() == super::ID && !w.use_default_value)
        .collect();
    if kafka_inputs.is_empty() {
        return Err(
            "consumption mode needs at least one input wiring with adapter_id \"kafka\"".into(),
        );
    }
    let mut parts = Vec::with_capacity(kafka_inputs.len());
    for w in &kafka_inputs {
        let id = ids::wiring_id(
            w.ref_key.as_deref(),
            w.ref_id.as_deref(),
            &w.workflow_input_name,
        )
        .map_err(|e| e.message)?;
        let endpoint = ids::resolve(id, configs, Direction::Source).map_err(|e| e.message)?;
        let (identifier, value_key) =
            ids::value_key_filter(w.filters.get("message_value_key").map(String::as_str));
        parts.push((endpoint.key, identifier, value_key, &w.workflow_input_name));
    }
    let (key, identifier, first_value_key, _) = parts[0];
    if let Some((k, i, _, name)) = parts.iter().find(|p| p.0 != key || p.1 != identifier) {
        return Err(format!(
            "all Kafka input wirings must read the same Kafka config and message identifier: \
             '{name}' reads config '{k}' with identifier '{i}', the first one config '{key}' with '{identifier}'"
        ));
    }
    let distinct: std::collections::HashSet<&str> = parts.iter().map(|p| p.2).collect();
    let multi = distinct.len() > 1 || !first_value_key.is_empty();
    if let Some(p) = parts.iter().find(|p| multi && p.2.is_empty()) {
        return Err(format!(
            "messages are multi-value ones, so input wiring '{}' needs a value key in message_value_key",
            p.3
        ));
    }
    for w in mode
        .wiring
        .output_wirings
        .iter()
        .filter(|w| w.adapter_id.key() == super::ID)
    {
        let id = ids::wiring_id(
            w.ref_key.as_deref(),
            w.ref_id.as_deref(),
            &w.workflow_output_name,
        )
        .map_err(|e| e.message)?;
        ids::resolve(id, configs, Direction::Sink).map_err(|e| e.message)?;
    }
    Ok(ConsumedSource {
        key: key.to_string(),
        message_identifier: identifier.to_string(),
        multi,
    })
}

#[cfg(test)]
mod tests {
    use super::super::config::parse_configs;
    use super::*;

    fn configs() -> KafkaConfigs {
        parse_configs(
            r#"{"in": {"display_name": "In", "topic": "i", "consumable": true},
                "other": {"display_name": "O", "topic": "o", "consumable": true},
                "closed": {"display_name": "C", "topic": "c"}}"#,
        )
        .unwrap()
    }

    fn mode(inputs: &str) -> ConsumptionMode {
        parse(&format!(
            r#"{{"id": "x", "wiring": {{"input_wirings": [{inputs}]}}}}"#
        ))
        .unwrap()
    }

    fn input(name: &str, id: &str, filter: &str) -> String {
        format!(
            r#"{{"workflow_input_name": "{name}", "adapter_id": "kafka", "ref_id": "{id}",
                "type": "metadata(any)", "filters": {{"message_value_key": "{filter}"}}}}"#
        )
    }

    #[test]
    fn hetidas_example_is_valid() {
        let m = parse(
            r#"{"id": "1946d5f8-44a8-724c-176f-16f3e49963af", "run_pure_plot_operators": true,
                "wiring": {"input_wirings": [{"workflow_input_name": "input", "adapter_id": "kafka",
                "ref_id": "base", "ref_id_type": "THINGNODE", "ref_key": "in_metadata(any)",
                "type": "metadata(any)", "use_default_value": false,
                "filters": {"message_value_key": "analytic_result"}}], "output_wirings": []}}"#,
        )
        .unwrap();
        let s = validate(&m, &configs()).unwrap();
        assert_eq!((s.key.as_str(), s.multi), ("in", true));
    }

    #[test]
    fn single_and_multi_value_messages_are_told_apart() {
        let s = validate(&mode(&input("a", "in_metadata(any)", "")), &configs()).unwrap();
        assert!(!s.multi);
        let two = format!(
            "{},{}",
            input("a", "in_metadata(any)", "m:x"),
            input("b", "in_metadata(any)", "m:y")
        );
        let s = validate(&mode(&two), &configs()).unwrap();
        assert!(s.multi);
        assert_eq!(s.message_identifier, "m");
    }

    #[test]
    fn windows_are_checked() {
        let mut m = mode(&input("a", "in_metadata(any)", ""));
        for (window, ok) in [
            (r#"{"by": "count", "size": 10}"#, true),
            (r#"{"by": "count", "size": 10, "advance": 2.5}"#, false),
            (r#"{"by": "count", "size": 0}"#, false),
            (r#"{"by": "count", "size": 5, "time_field": "ts"}"#, false),
            (
                r#"{"by": "event_time", "size": 0.5, "time_field": "ts", "allowed_lateness_seconds": 2}"#,
                true,
            ),
            (
                r#"{"by": "event_time", "size": 60, "allowed_lateness_seconds": -1}"#,
                false,
            ),
        ] {
            m.window = Some(serde_json::from_str(window).unwrap());
            assert_eq!(validate(&m, &configs()).is_ok(), ok, "{window}");
        }
    }

    #[test]
    fn hetidas_rules_stop_the_start() {
        for (inputs, says) in [
            (String::new(), "at least one"),
            (
                format!(
                    "{},{}",
                    input("a", "in_metadata(any)", "x"),
                    input("b", "other_metadata(any)", "y")
                ),
                "same Kafka config",
            ),
            (
                format!(
                    "{},{}",
                    input("a", "in_metadata(any)", "m:x"),
                    input("b", "in_metadata(any)", "n:y")
                ),
                "same Kafka config",
            ),
            (
                format!(
                    "{},{}",
                    input("a", "in_metadata(any)", "x"),
                    input("b", "in_metadata(any)", "")
                ),
                "needs a value key",
            ),
            (input("a", "closed_metadata(any)", ""), "not consumable"),
            (input("a", "nope_metadata(any)", ""), "no Kafka config"),
        ] {
            let e = validate(&mode(&inputs), &configs()).unwrap_err();
            assert!(e.contains(says), "{inputs}: {e}");
        }
    }
}
