//! Transformation revisions: hetida's stored form of components and workflows.

use super::wiring::WorkflowWiring;
use super::workflow::WorkflowContent;
use super::InputType;
use crate::DataType;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

/// Lifecycle state of a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum State {
    /// Editable, not yet released.
    Draft,
    /// Released; may be used in workflows.
    Released,
    /// Deprecated.
    Disabled,
}

impl State {
    /// hetida's name of the state (`RELEASED`, `DRAFT`, `DISABLED`).
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "DRAFT",
            State::Released => "RELEASED",
            State::Disabled => "DISABLED",
        }
    }
}

/// Component or workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TrafoType {
    /// A component (code in hetida; a native implementation in Rheo).
    Component,
    /// A workflow of operators.
    Workflow,
}

impl TrafoType {
    /// hetida's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TrafoType::Component => "COMPONENT",
            TrafoType::Workflow => "WORKFLOW",
        }
    }
}

/// The `content` field: Python code for components, a graph for workflows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Content {
    /// Component code (never executed by Rheo; kept for round-trip).
    Code(String),
    /// Workflow graph.
    Workflow(Box<WorkflowContent>),
}

/// An input of a transformation's io_interface.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IoInput {
    /// Connector id.
    pub id: String,
    /// Input name (absent only for unnamed DRAFT inputs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Data type.
    pub data_type: DataType,
    /// REQUIRED or OPTIONAL.
    #[serde(rename = "type", default)]
    pub input_type: InputType,
    /// Default value of an OPTIONAL input (usually a string in §3.2 format, or null).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Json>,
    /// Unknown fields, kept for export.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
}

/// An output of a transformation's io_interface.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IoOutput {
    /// Connector id.
    pub id: String,
    /// Output name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Data type.
    pub data_type: DataType,
    /// Unknown fields, kept for export.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
}

/// Inputs and outputs of a transformation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct IoInterface {
    /// Inputs in order.
    #[serde(default)]
    pub inputs: Vec<IoInput>,
    /// Outputs in order.
    #[serde(default)]
    pub outputs: Vec<IoOutput>,
    /// Unknown fields, kept for export.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
}

/// A component or workflow revision in hetida's JSON format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransformationRevision {
    /// Revision id.
    pub id: String,
    /// Revision group id.
    pub revision_group_id: String,
    /// Name.
    pub name: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Category (hetida default "Other").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Version tag.
    pub version_tag: String,
    /// Release time (ISO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released_timestamp: Option<String>,
    /// Deprecation time (ISO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_timestamp: Option<String>,
    /// State.
    pub state: State,
    /// COMPONENT or WORKFLOW.
    #[serde(rename = "type")]
    pub trafo_type: TrafoType,
    /// Markdown documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation: Option<String>,
    /// Code or workflow graph.
    pub content: Content,
    /// Inputs and outputs.
    pub io_interface: IoInterface,
    /// Stored test wiring (used when a request carries none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_wiring: Option<WorkflowWiring>,
    /// Unknown fields, kept for export.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
}

impl TransformationRevision {
    /// The workflow graph, if this is a workflow.
    pub fn workflow(&self) -> Option<&WorkflowContent> {
        match &self.content {
            Content::Workflow(w) => Some(w),
            Content::Code(_) => None,
        }
    }

    /// The category or hetida's default.
    pub fn category_or_default(&self) -> &str {
        self.category.as_deref().unwrap_or("Other")
    }
}
