//! `rheo-adapters`: where workflow inputs come from and where outputs go.
//!
//! Layout: one module per adapter ([`direct_provisioning`], [`local_file`], [`sql`],
//! [`rest`], [`blob_storage`], [`kafka`]), each
//! implementing [`rheo_core::adapter::SourceAdapter`] and/or
//! [`rheo_core::adapter::SinkAdapter`]; [`settings`] holds what they are configured with
//! (TOML and hetida's environment variables); [`cells`] turns records from outside into
//! frames for every adapter that reads records; [`per_wiring`] is the source/sink plumbing
//! of the adapters that handle one wiring at a time; [`pickle`] reads and writes pickles of
//! plain Python values; [`Adapters`] is the set the engine dispatches
//! to by the wiring's `adapter_id`.

pub mod blob_storage;
pub mod cells;
pub mod direct_provisioning;
pub mod kafka;
pub mod local_file;
pub mod per_wiring;
pub mod pickle;
pub mod rest;
pub mod settings;
pub mod sql;

use per_wiring::OneByOne;
use rheo_core::adapter::{SinkAdapter, SourceAdapter};
use settings::{AdapterSettings, SettingsError};
use std::collections::HashMap;
use std::sync::Arc;

/// The adapters known to an engine, by adapter id.
#[derive(Clone, Default)]
pub struct Adapters {
    sources: HashMap<String, Arc<dyn SourceAdapter>>,
    sinks: HashMap<String, Arc<dyn SinkAdapter>>,
    kafka: Option<Arc<kafka::KafkaAdapter>>,
}

impl Adapters {
    /// The adapters that need no configuration (direct provisioning).
    pub fn builtin() -> Self {
        let mut a = Adapters::default();
        a.add_both(Arc::new(direct_provisioning::DirectProvisioning));
        a
    }

    /// Every adapter, set up from `settings`; a setting an adapter cannot use is an error
    /// naming it.
    pub fn from_settings(settings: &AdapterSettings) -> Result<Self, SettingsError> {
        let mut a = Self::builtin();
        a.add_both(Arc::new(OneByOne(local_file::LocalFileAdapter::new(
            local_file::LocalFileConfig {
                directories: settings.local_file_directories.clone(),
                generic_any_sinks: settings.local_file_generic_any_sinks,
                generic_dataframe_sinks: settings.local_file_generic_dataframe_sinks,
                max_file_bytes: settings.max_file_bytes,
            },
        ))));
        if settings.sql_adapter_active {
            let sql = sql::SqlAdapter::new(
                &settings.sql_databases,
                settings.external_timeout(),
                settings.max_file_bytes,
            )
            .map_err(|message| SettingsError {
                variable: "SQL_ADAPTER_SQL_DATABASES".into(),
                message,
            })?;
            a.add_both(Arc::new(OneByOne(sql)));
        }
        if let Some(blob) = blob_storage::BlobStorageAdapter::from_settings(
            &settings.blob_storage,
            settings.external_timeout(),
            settings.max_file_bytes,
        )? {
            a.add_both(Arc::new(OneByOne(blob)));
        }
        let http = rest::http::Http::new(
            settings.external_timeout(),
            settings.rest_verify_certs,
            settings.max_file_bytes,
        );
        if !settings.kafka.is_empty() {
            kafka::config::check_configs(&settings.kafka).map_err(|message| SettingsError {
                variable: "adapters.kafka".into(),
                message,
            })?;
            let kafka = Arc::new(kafka::KafkaAdapter::new(
                settings.kafka.clone(),
                settings.external_timeout(),
            ));
            a.add_both(kafka.clone());
            a.kafka = Some(kafka);
        }
        for config in &settings.rest {
            a.add_both(Arc::new(rest::RestAdapter::new(
                config.clone(),
                http.clone(),
            )));
        }
        Ok(a)
    }

    /// The Kafka adapter, when Kafka configs are set (consumption mode reads their
    /// settings and hands consumed messages to executions through it).
    pub fn kafka(&self) -> Option<&Arc<kafka::KafkaAdapter>> {
        self.kafka.as_ref()
    }

    /// These adapters with `source` in place of the source of the same id: one execution's
    /// view (consumption mode's consumed message as the `kafka` source).
    pub fn with_source(&self, source: Arc<dyn SourceAdapter>) -> Self {
        let mut a = self.clone();
        a.add_source(source);
        a
    }

    /// Registers an adapter that is both source and sink.
    pub fn add_both<A: SourceAdapter + SinkAdapter + 'static>(&mut self, adapter: Arc<A>) {
        self.add_source(adapter.clone());
        self.add_sink(adapter);
    }

    /// Registers a source adapter under its id.
    pub fn add_source(&mut self, adapter: Arc<dyn SourceAdapter>) {
        self.sources.insert(adapter.id().to_string(), adapter);
    }

    /// Registers a sink adapter under its id.
    pub fn add_sink(&mut self, adapter: Arc<dyn SinkAdapter>) {
        self.sinks.insert(adapter.id().to_string(), adapter);
    }

    /// The source adapter for a wiring's adapter key.
    pub fn source(&self, key: &str) -> Option<&Arc<dyn SourceAdapter>> {
        self.sources.get(key)
    }

    /// The sink adapter for a wiring's adapter key.
    pub fn sink(&self, key: &str) -> Option<&Arc<dyn SinkAdapter>> {
        self.sinks.get(key)
    }
}
