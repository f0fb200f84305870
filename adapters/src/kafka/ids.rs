//! Kafka source and sink ids (`<config key>_<external type>`), the wiring's reference and
//! the `message_value_key` filter (hetida-compat §7.1–§7.2).

use super::config::{KafkaConfig, KafkaConfigs};
use rheo_core::adapter::AdapterError;

/// Canonical external types (hetida-compat §2.6).
const CANONICAL: &[&str] = &[
    "metadata(int)",
    "metadata(float)",
    "metadata(string)",
    "metadata(boolean)",
    "metadata(any)",
    "timeseries(int)",
    "timeseries(float)",
    "timeseries(string)",
    "timeseries(boolean)",
    "timeseries(any)",
    "series(int)",
    "series(float)",
    "series(string)",
    "series(boolean)",
    "series(any)",
    "multitsframe",
    "dataframe",
];

/// The canonical form of an external type or one of its aliases, `None` for anything else.
pub fn canonical_external_type(t: &str) -> Option<&'static str> {
    if let Some(c) = CANONICAL.iter().find(|c| **c == t) {
        return Some(c);
    }
    let (kind, inner) = t.strip_suffix(')')?.split_once('(')?;
    let inner = match inner {
        "integer" => "int",
        "str" => "string",
        "bool" => "boolean",
        "object" if kind != "metadata" => "any",
        _ => return None,
    };
    let canonical = format!("{kind}({inner})");
    CANONICAL.iter().find(|c| **c == canonical).copied()
}

/// Which direction an id is used in: sources need a consumable config, sinks a producable
/// one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A workflow input.
    Source,
    /// A workflow output.
    Sink,
}

/// What a source or sink id names.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint<'c> {
    /// The Kafka config key.
    pub key: &'c str,
    /// The config.
    pub config: &'c KafkaConfig,
    /// The canonical external type.
    pub external_type: &'static str,
}

/// Resolves `id`: split at the last underscore into config key and external type, which
/// must be known, allowed by the config's `types` and usable in `direction`.
pub fn resolve<'c>(
    id: &str,
    configs: &'c KafkaConfigs,
    direction: Direction,
) -> Result<Endpoint<'c>, AdapterError> {
    let invalid = |why: String| AdapterError::wiring_invalid(format!("Kafka id '{id}': {why}"));
    let (key, t) = id
        .rsplit_once('_')
        .ok_or_else(|| invalid("expected <kafka config key>_<external type>".into()))?;
    let external_type = canonical_external_type(t)
        .ok_or_else(|| invalid(format!("'{t}' is not an external type")))?;
    let (key, config) = configs
        .get_key_value(key)
        .ok_or_else(|| invalid(format!("no Kafka config '{key}' (HD_KAFKA_CONFIGS)")))?;
    if !config.allows(external_type) {
        return Err(invalid(format!(
            "Kafka config '{key}' does not allow type {external_type}"
        )));
    }
    match direction {
        Direction::Source if !config.consumable => Err(invalid(format!(
            "Kafka config '{key}' is not consumable, so it offers no sources"
        ))),
        Direction::Sink if !config.producable => Err(invalid(format!(
            "Kafka config '{key}' is not producable, so it offers no sinks"
        ))),
        _ => Ok(Endpoint {
            key,
            config,
            external_type,
        }),
    }
}

/// The id a wiring refers to: `ref_key` when set (metadata wirings reference the thing node
/// `base` and name the id there), else `ref_id`.
pub fn wiring_id<'w>(
    ref_key: Option<&'w str>,
    ref_id: Option<&'w str>,
    workflow_name: &str,
) -> Result<&'w str, AdapterError> {
    ref_key.or(ref_id).ok_or_else(|| {
        AdapterError::wiring_invalid(format!(
            "the Kafka wiring of '{workflow_name}' has neither ref_key nor ref_id"
        ))
    })
}

/// The `message_value_key` filter split at its first colon into message identifier and
/// value key (an absent filter is `""`: single-value message, no identifier).
pub fn value_key_filter(filter: Option<&str>) -> (&str, &str) {
    let filter = filter.unwrap_or("");
    filter.split_once(':').unwrap_or(("", filter))
}

#[cfg(test)]
mod tests {
    use super::super::config::parse_configs;
    use super::*;

    #[test]
    fn aliases_become_canonical() {
        assert_eq!(
            canonical_external_type("metadata(str)"),
            Some("metadata(string)")
        );
        assert_eq!(
            canonical_external_type("timeseries(object)"),
            Some("timeseries(any)")
        );
        assert_eq!(canonical_external_type("metadata(object)"), None);
        assert_eq!(canonical_external_type("dataframe"), Some("dataframe"));
        assert_eq!(canonical_external_type("frame"), None);
    }

    #[test]
    fn ids_split_at_the_last_underscore() {
        let configs = parse_configs(
            r#"{"ingestion_status": {"display_name": "S", "topic": "t", "consumable": true,
                "types": ["metadata(any)"]},
                "out": {"display_name": "O", "topic": "o", "producable": false}}"#,
        )
        .unwrap();
        let e = resolve(
            "ingestion_status_metadata(any)",
            &configs,
            Direction::Source,
        )
        .unwrap();
        assert_eq!(
            (e.key, e.external_type),
            ("ingestion_status", "metadata(any)")
        );
        for (id, dir, says) in [
            (
                "ingestion_status_dataframe",
                Direction::Sink,
                "does not allow",
            ),
            ("nope_dataframe", Direction::Sink, "no Kafka config 'nope'"),
            ("out_dataframe", Direction::Sink, "not producable"),
            ("out_dataframe", Direction::Source, "not consumable"),
            (
                "ingestion_status_blob",
                Direction::Source,
                "not an external type",
            ),
            ("plain", Direction::Source, "expected"),
        ] {
            let m = resolve(id, &configs, dir).unwrap_err().message;
            assert!(m.contains(says), "{id}: {m}");
        }
    }

    #[test]
    fn the_filter_splits_at_the_first_colon() {
        assert_eq!(value_key_filter(None), ("", ""));
        assert_eq!(value_key_filter(Some("score")), ("", "score"));
        assert_eq!(value_key_filter(Some("m1:score:x")), ("m1", "score:x"));
        assert_eq!(value_key_filter(Some("m1:")), ("m1", ""));
    }
}
