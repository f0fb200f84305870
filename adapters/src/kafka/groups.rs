//! Kafka wirings grouped into messages: one message per (config key, message identifier),
//! holding the wirings' values by value key (hetida-compat §7.4–§7.5).

use super::config::KafkaConfigs;
use super::ids::{self, Direction, Endpoint};
use indexmap::IndexMap;
use rheo_core::adapter::AdapterError;

/// One wiring in its message: its value key (empty: single-value message) and endpoint.
pub struct Member<'c, W> {
    /// The value key from `message_value_key`.
    pub value_key: String,
    /// The wiring.
    pub wiring: W,
    /// What the wiring's id names.
    pub endpoint: Endpoint<'c>,
}

/// The wirings of one message.
pub struct Group<'c, W> {
    /// The Kafka config key.
    pub key: &'c str,
    /// The message identifier from `message_value_key` (before the first colon).
    pub message_identifier: String,
    /// The wirings, in wiring order.
    pub members: Vec<Member<'c, W>>,
}

impl<W> Group<'_, W> {
    /// Whether the message is a multi-value one (its value keys are not empty).
    pub fn is_multi(&self) -> bool {
        self.members.iter().any(|m| !m.value_key.is_empty())
    }
}

/// What grouping needs to know of a wiring.
pub struct WiringRef<'w> {
    /// The workflow input or output name.
    pub name: &'w str,
    /// `ref_key`, else `ref_id`.
    pub id: &'w str,
    /// The `message_value_key` filter.
    pub filter: Option<&'w str>,
}

impl<'w> WiringRef<'w> {
    /// The grouping view of a wiring named `name` with these reference fields and filters.
    pub fn of(
        name: &'w str,
        ref_key: Option<&'w str>,
        ref_id: Option<&'w str>,
        filters: &'w IndexMap<String, String>,
    ) -> Result<Self, AdapterError> {
        Ok(WiringRef {
            name,
            id: ids::wiring_id(ref_key, ref_id, name)?,
            filter: filters.get("message_value_key").map(String::as_str),
        })
    }
}

/// Groups `wirings` and checks hetida's rules: a single-value message holds one value,
/// value keys are unique within a message.
pub fn group<'c, W: Copy>(
    wirings: &[(W, WiringRef<'_>)],
    configs: &'c KafkaConfigs,
    direction: Direction,
) -> Result<Vec<Group<'c, W>>, AdapterError> {
    let mut groups: IndexMap<(&'c str, String), Vec<Member<'c, W>>> = IndexMap::new();
    for (wiring, r) in wirings {
        let endpoint = ids::resolve(r.id, configs, direction)?;
        let (identifier, value_key) = ids::value_key_filter(r.filter);
        groups
            .entry((endpoint.key, identifier.to_string()))
            .or_default()
            .push(Member {
                value_key: value_key.to_string(),
                wiring: *wiring,
                endpoint,
            });
    }
    groups
        .into_iter()
        .map(|((key, message_identifier), members)| {
            check_members(key, &message_identifier, &members)?;
            Ok(Group {
                key,
                message_identifier,
                members,
            })
        })
        .collect()
}

fn check_members<W>(
    key: &str,
    identifier: &str,
    members: &[Member<'_, W>],
) -> Result<(), AdapterError> {
    let message =
        || format!("the Kafka message of config '{key}' with message identifier '{identifier}'");
    if members.len() > 1 && members.iter().any(|m| m.value_key.is_empty()) {
        return Err(AdapterError::handling(format!(
            "{} holds {} values, so every one needs a value key in message_value_key \
             (an empty value key means a single-value message)",
            message(),
            members.len()
        )));
    }
    let mut seen = std::collections::HashSet::new();
    for m in members {
        if !seen.insert(m.value_key.as_str()) {
            return Err(AdapterError::handling(format!(
                "{} has value key '{}' twice",
                message(),
                m.value_key
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::config::parse_configs;
    use super::*;

    fn grouped(wirings: &[(&str, &str)]) -> Result<Vec<(String, String, Vec<String>)>, String> {
        let configs = parse_configs(
            r#"{"a": {"display_name": "A", "topic": "ta"}, "b": {"display_name": "B", "topic": "tb"}}"#,
        )
        .unwrap();
        let refs: Vec<(usize, WiringRef<'_>)> = wirings
            .iter()
            .enumerate()
            .map(|(i, (id, filter))| {
                (
                    i,
                    WiringRef {
                        name: "x",
                        id,
                        filter: Some(filter),
                    },
                )
            })
            .collect();
        group(&refs, &configs, Direction::Sink)
            .map(|gs| {
                gs.into_iter()
                    .map(|g| {
                        let keys = g.members.iter().map(|m| m.value_key.clone()).collect();
                        (g.key.to_string(), g.message_identifier, keys)
                    })
                    .collect()
            })
            .map_err(|e| e.message)
    }

    #[test]
    fn messages_are_grouped_by_config_and_identifier() {
        let g = grouped(&[
            ("a_metadata(int)", "m1:x"),
            ("b_metadata(int)", ""),
            ("a_metadata(int)", "m1:y"),
            ("a_metadata(int)", "m2:x"),
        ])
        .unwrap();
        assert_eq!(g.len(), 3);
        assert_eq!(
            g[0],
            ("a".into(), "m1".into(), vec!["x".into(), "y".into()])
        );
        assert_eq!(g[1], ("b".into(), "".into(), vec!["".into()]));
        assert_eq!(g[2].1, "m2");
    }

    #[test]
    fn hetidas_rules_for_one_message() {
        let e = grouped(&[("a_metadata(int)", "k"), ("a_metadata(int)", "k")]).unwrap_err();
        assert!(e.contains("value key 'k' twice"), "{e}");
        // An empty value key next to another, in either order (hetida detects only one).
        for pair in [
            [("a_metadata(int)", "k"), ("a_metadata(int)", "")],
            [("a_metadata(int)", ""), ("a_metadata(int)", "k")],
        ] {
            let e = grouped(&pair).unwrap_err();
            assert!(e.contains("every one needs a value key"), "{e}");
        }
    }
}
