//! The adapters' settings, shared by every entry point (`rheo run`, `rheo serve`, …): the
//! `[adapters]` table of Rheo's TOML config, then hetida's environment variables (later
//! wins), so a hetida deployment's settings carry over unchanged.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use thiserror::Error;

/// A setting that cannot be used, naming the variable.
#[derive(Debug, Error, PartialEq)]
#[error("{variable}: {message}")]
pub struct SettingsError {
    /// The environment variable or config key.
    pub variable: String,
    /// What is wrong with its value.
    pub message: String,
}

/// Everything the adapters are configured with.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdapterSettings {
    /// Root directories of the local file adapter
    /// (`RUNTIME_LOCAL_FILE_ADAPTER_LOCAL_DIRECTORIES`, a JSON list). Empty: every local
    /// file wiring is refused.
    pub local_file_directories: Vec<PathBuf>,
    /// Whether every directory offers a generic ANY sink
    /// (`RUNTIME_LOCAL_FILE_ADAPTER_GENERIC_ANY_SINKS`).
    pub local_file_generic_any_sinks: bool,
    /// Whether every directory offers a generic DATAFRAME sink
    /// (`RUNTIME_LOCAL_FILE_ADAPTER_GENERIC_DATAFRAME_SINKS`).
    pub local_file_generic_dataframe_sinks: bool,
    /// Largest file an adapter reads, after decompression (`RHEO_ADAPTER_MAX_FILE_BYTES`;
    /// default 1 GiB).
    pub max_file_bytes: u64,
    /// Databases of the SQL adapter (`SQL_ADAPTER_SQL_DATABASES`, a JSON list in hetida's
    /// form; `[[adapters.sql_databases]]` in TOML).
    pub sql_databases: Vec<crate::sql::config::SqlDatabase>,
    /// Whether the SQL adapter is offered (`SQL_ADAPTER_ACTIVE`).
    pub sql_adapter_active: bool,
    /// Seconds an adapter waits for an external system: connecting, a statement, a request
    /// (`EXTERNAL_REQUEST_TIMEOUT`).
    pub external_request_timeout_seconds: f64,
    /// Generic REST adapters (`HETIDA_DESIGNER_ADAPTERS`: `id|name|url|internalUrl` entries,
    /// comma-separated; `[[adapters.rest]]` tables with `id`, `name`, `url`, `internal_url`
    /// in TOML). Entries naming a built-in adapter are skipped.
    pub rest: Vec<crate::rest::RestAdapterConfig>,
    /// Whether the REST adapters' TLS certificates are checked
    /// (`HETIDA_DESIGNER_ADAPTERS_VERIFY_CERTS`).
    pub rest_verify_certs: bool,
    /// The blob storage adapter (`BLOB_STORAGE_*` and `AWS_*` variables;
    /// `[adapters.blob_storage]` in TOML). Offered only when a hierarchy file is set.
    pub blob_storage: crate::blob_storage::settings::BlobStorageSettings,
    /// Kafka configs of the Kafka adapter by config key (`HD_KAFKA_CONFIGS`, a JSON object;
    /// `[adapters.kafka.KEY]` tables in TOML). Empty: no Kafka adapter.
    pub kafka: crate::kafka::config::KafkaConfigs,
}

/// Adapter keys that are built in and never registered as REST adapters.
pub const BUILT_IN: &[&str] = &[
    "direct_provisioning",
    "local-file-adapter",
    "sql-adapter",
    "kafka",
    "blob-storage-adapter",
];

/// Reads `HETIDA_DESIGNER_ADAPTERS`.
fn rest_adapters(v: &str) -> Result<Vec<crate::rest::RestAdapterConfig>, SettingsError> {
    v.split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|entry| match entry.split('|').collect::<Vec<_>>()[..] {
            [id, name, url, internal] => Ok(crate::rest::RestAdapterConfig {
                id: id.into(),
                name: name.into(),
                url: url.into(),
                internal_url: internal.into(),
            }),
            _ => Err(SettingsError {
                variable: "HETIDA_DESIGNER_ADAPTERS".into(),
                message: format!("entry '{entry}' is not id|name|url|internalUrl"),
            }),
        })
        .filter(|r| !matches!(r, Ok(c) if BUILT_IN.contains(&c.id.as_str())))
        .collect()
}

impl Default for AdapterSettings {
    fn default() -> Self {
        AdapterSettings {
            local_file_directories: Vec::new(),
            local_file_generic_any_sinks: true,
            local_file_generic_dataframe_sinks: true,
            max_file_bytes: 1 << 30,
            sql_databases: Vec::new(),
            sql_adapter_active: true,
            external_request_timeout_seconds: 30.0,
            rest: Vec::new(),
            rest_verify_certs: true,
            blob_storage: Default::default(),
            kafka: Default::default(),
        }
    }
}

impl AdapterSettings {
    /// The external request timeout as a duration.
    pub fn external_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(
            self.external_request_timeout_seconds.clamp(0.001, 86_400.0),
        )
    }

    /// Applies the environment variables hetida reads (and Rheo's own).
    pub fn apply_env(&mut self, env: &BTreeMap<String, String>) -> Result<(), SettingsError> {
        let get = |k: &str| env.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
        if let Some(v) = get("RUNTIME_LOCAL_FILE_ADAPTER_LOCAL_DIRECTORIES") {
            self.local_file_directories = serde_json::from_str(v).map_err(|e| SettingsError {
                variable: "RUNTIME_LOCAL_FILE_ADAPTER_LOCAL_DIRECTORIES".into(),
                message: format!("expected a JSON list of directories: {e}"),
            })?;
        }
        if let Some(v) = get("SQL_ADAPTER_SQL_DATABASES") {
            self.sql_databases = serde_json::from_str(v).map_err(|e| SettingsError {
                variable: "SQL_ADAPTER_SQL_DATABASES".into(),
                message: format!("expected a JSON list of databases: {e}"),
            })?;
        }
        if let Some(v) = get("EXTERNAL_REQUEST_TIMEOUT") {
            self.external_request_timeout_seconds = v
                .parse::<f64>()
                .ok()
                .filter(|t| t.is_finite() && *t > 0.0)
                .ok_or_else(|| SettingsError {
                    variable: "EXTERNAL_REQUEST_TIMEOUT".into(),
                    message: format!("expected a positive number of seconds, got '{v}'"),
                })?;
        }
        if let Some(v) = get("HETIDA_DESIGNER_ADAPTERS") {
            self.rest = rest_adapters(v)?;
        }
        for (var, field) in [
            (
                "HETIDA_DESIGNER_ADAPTERS_VERIFY_CERTS",
                &mut self.rest_verify_certs,
            ),
            ("SQL_ADAPTER_ACTIVE", &mut self.sql_adapter_active),
            (
                "RUNTIME_LOCAL_FILE_ADAPTER_GENERIC_ANY_SINKS",
                &mut self.local_file_generic_any_sinks,
            ),
            (
                "RUNTIME_LOCAL_FILE_ADAPTER_GENERIC_DATAFRAME_SINKS",
                &mut self.local_file_generic_dataframe_sinks,
            ),
        ] {
            if let Some(v) = get(var) {
                *field = rheo_core::value::parse::bool_word(v).ok_or_else(|| SettingsError {
                    variable: var.into(),
                    message: format!("expected true or false, got '{v}'"),
                })?;
            }
        }
        self.blob_storage.apply_env(env)?;
        if let Some(v) = get("HD_KAFKA_CONFIGS") {
            self.kafka =
                crate::kafka::config::parse_configs(v).map_err(|message| SettingsError {
                    variable: "HD_KAFKA_CONFIGS".into(),
                    message,
                })?;
        }
        if let Some(v) = get("RHEO_ADAPTER_MAX_FILE_BYTES") {
            self.max_file_bytes = v.parse().map_err(|_| SettingsError {
                variable: "RHEO_ADAPTER_MAX_FILE_BYTES".into(),
                message: format!("expected a byte count, got '{v}'"),
            })?;
        }
        Ok(())
    }
}

/// An environment of `(variable, value)` pairs, for the settings tests of every adapter.
#[cfg(test)]
pub(crate) fn test_env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use test_env as env;

    #[test]
    fn hetidas_variables_are_read() {
        let mut s = AdapterSettings::default();
        s.apply_env(&env(&[
            (
                "RUNTIME_LOCAL_FILE_ADAPTER_LOCAL_DIRECTORIES",
                r#"["/mnt/a", "/mnt/b"]"#,
            ),
            ("RUNTIME_LOCAL_FILE_ADAPTER_GENERIC_ANY_SINKS", "false"),
        ]))
        .unwrap();
        assert_eq!(
            s.local_file_directories,
            vec![PathBuf::from("/mnt/a"), PathBuf::from("/mnt/b")]
        );
        assert!(!s.local_file_generic_any_sinks);
        assert!(s.local_file_generic_dataframe_sinks);
    }

    #[test]
    fn rest_adapters_are_read_and_built_ins_skipped() {
        let mut s = AdapterSettings::default();
        s.apply_env(&env(&[(
            "HETIDA_DESIGNER_ADAPTERS",
            "demo-adapter-python|Python-Demo-Adapter|http://localhost:8092|http://python-demo-adapter:8092,local-file-adapter|Local Files|http://x|http://y",
        )]))
        .unwrap();
        assert_eq!(s.rest.len(), 1);
        assert_eq!(s.rest[0].internal_url, "http://python-demo-adapter:8092");
        let e = s
            .apply_env(&env(&[("HETIDA_DESIGNER_ADAPTERS", "a|b|c")]))
            .unwrap_err();
        assert!(e.message.contains("a|b|c"));
    }

    #[test]
    fn bad_values_name_the_variable() {
        let mut s = AdapterSettings::default();
        let e = s
            .apply_env(&env(&[(
                "RUNTIME_LOCAL_FILE_ADAPTER_LOCAL_DIRECTORIES",
                "/mnt/a",
            )]))
            .unwrap_err();
        assert_eq!(e.variable, "RUNTIME_LOCAL_FILE_ADAPTER_LOCAL_DIRECTORIES");
    }

    #[test]
    fn the_toml_table_is_read() {
        let s: AdapterSettings =
            toml::from_str("local_file_directories = [\"/data\"]\nmax_file_bytes = 10\n").unwrap();
        assert_eq!(s.local_file_directories, vec![PathBuf::from("/data")]);
        assert_eq!(s.max_file_bytes, 10);
    }
}
