//! Wirings: which adapter feeds each workflow input and receives each output (§2).

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use std::fmt;

/// An adapter id: hetida accepts the int `1` or a string (`"direct_provisioning"`, …).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AdapterId {
    /// Integer id (only `1`, direct provisioning, is registered).
    Int(i64),
    /// String key.
    Str(String),
}

impl AdapterId {
    /// The key adapters are registered under: int `1` means `direct_provisioning`.
    pub fn key(&self) -> String {
        match self {
            AdapterId::Int(1) => "direct_provisioning".to_string(),
            AdapterId::Int(n) => n.to_string(),
            AdapterId::Str(s) => s.clone(),
        }
    }
}

impl fmt::Display for AdapterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdapterId::Int(n) => write!(f, "{n}"),
            AdapterId::Str(s) => f.write_str(s),
        }
    }
}

/// Filter values are strings; hetida (pydantic v1) coerces scalars and maps null to "".
fn filters_from_json<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<indexmap::IndexMap<String, String>, D::Error> {
    let raw: Option<Map<String, Json>> = Option::deserialize(d)?;
    let mut out = indexmap::IndexMap::new();
    for (k, v) in raw.unwrap_or_default() {
        let s = match v {
            Json::String(s) => s,
            Json::Null => String::new(),
            Json::Bool(true) => "True".into(),
            Json::Bool(false) => "False".into(),
            Json::Number(n) => n.to_string(),
            Json::Array(_) | Json::Object(_) => {
                return Err(de::Error::custom(format!(
                    "filter '{k}': str type expected, got an object or array"
                )))
            }
        };
        out.insert(k, s);
    }
    Ok(out)
}

/// Where one workflow input comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputWiring {
    /// The workflow input's name.
    pub workflow_input_name: String,
    /// The adapter that provides it.
    pub adapter_id: AdapterId,
    /// Source / thing-node id inside the adapter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_id: Option<String>,
    /// SOURCE, SINK or THINGNODE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_id_type: Option<String>,
    /// Metadata key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_key: Option<String>,
    /// External type (`timeseries(float)`, `metadata(int)`, …).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub external_type: Option<String>,
    /// Use the input's default instead of loading.
    #[serde(default)]
    pub use_default_value: bool,
    /// Adapter-specific filters; direct provisioning reads `value`.
    #[serde(default, deserialize_with = "filters_from_json")]
    pub filters: indexmap::IndexMap<String, String>,
    /// Unknown fields (e.g. legacy `source_id`), kept for export.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
}

/// Where one workflow output goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputWiring {
    /// The workflow output's name.
    pub workflow_output_name: String,
    /// The adapter that receives it.
    pub adapter_id: AdapterId,
    /// Sink / thing-node id inside the adapter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_id: Option<String>,
    /// SOURCE, SINK or THINGNODE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_id_type: Option<String>,
    /// Metadata key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_key: Option<String>,
    /// External type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub external_type: Option<String>,
    /// Adapter-specific filters.
    #[serde(default, deserialize_with = "filters_from_json")]
    pub filters: indexmap::IndexMap<String, String>,
    /// Unknown fields (e.g. legacy `sink_id`), kept for export.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
}

impl OutputWiring {
    /// The wiring hetida adds for an unwired output: direct provisioning.
    pub fn direct(name: &str) -> Self {
        OutputWiring {
            workflow_output_name: name.to_string(),
            adapter_id: AdapterId::Int(1),
            ref_id: None,
            ref_id_type: None,
            ref_key: None,
            external_type: None,
            filters: Default::default(),
            extra: Map::new(),
        }
    }
}

/// The wiring of a whole execution.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WorkflowWiring {
    /// Input wirings.
    #[serde(default)]
    pub input_wirings: Vec<InputWiring>,
    /// Output wirings.
    #[serde(default)]
    pub output_wirings: Vec<OutputWiring>,
    /// Dashboard layout (ignored by execution).
    #[serde(default)]
    pub dashboard_positionings: Vec<Json>,
    /// Unknown fields, kept for export.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
}

impl WorkflowWiring {
    /// Maps legacy `source_id`/`sink_id` (≤0.6) onto `ref_id` where `ref_id` is unset.
    pub fn adopt_legacy_ids(&mut self) {
        for w in &mut self.input_wirings {
            if w.ref_id.is_none() {
                if let Some(Json::String(s)) = w.extra.remove("source_id") {
                    w.ref_id = Some(s);
                }
            }
        }
        for w in &mut self.output_wirings {
            if w.ref_id.is_none() {
                if let Some(Json::String(s)) = w.extra.remove("sink_id") {
                    w.ref_id = Some(s);
                }
            }
        }
    }
}
