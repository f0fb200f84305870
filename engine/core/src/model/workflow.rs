//! A workflow's `content` (hetida-compat §5.2).

use super::{InputType, Position};
use crate::DataType;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

/// The graph of a workflow revision.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WorkflowContent {
    /// Operator instances.
    #[serde(default)]
    pub operators: Vec<Operator>,
    /// Links between operators and to workflow IO.
    #[serde(default)]
    pub links: Vec<Link>,
    /// Constant values fed into operator inputs.
    #[serde(default)]
    pub constants: Vec<WorkflowIo>,
    /// Dynamic workflow inputs.
    #[serde(default)]
    pub inputs: Vec<WorkflowIo>,
    /// Workflow outputs.
    #[serde(default)]
    pub outputs: Vec<WorkflowIo>,
    /// Unknown fields, kept for export.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
}

/// An instance of a released component or workflow inside a workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operator {
    /// Operator id (unique within the workflow).
    pub id: String,
    /// Revision group of the referenced transformation.
    pub revision_group_id: String,
    /// Operator name (appears in error hierarchies).
    pub name: String,
    /// COMPONENT or WORKFLOW.
    #[serde(rename = "type")]
    pub operator_type: super::transformation::TrafoType,
    /// State of the referenced revision.
    pub state: super::transformation::State,
    /// Version tag of the referenced revision.
    pub version_tag: String,
    /// The referenced transformation revision.
    pub transformation_id: String,
    /// Input connectors.
    #[serde(default)]
    pub inputs: Vec<OperatorInput>,
    /// Output connectors.
    #[serde(default)]
    pub outputs: Vec<OperatorOutput>,
    /// Canvas position.
    #[serde(default)]
    pub position: Position,
    /// Unknown fields, kept for export.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
}

fn default_true() -> bool {
    true
}

/// An input connector of an operator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperatorInput {
    /// Connector id (= the referenced io_interface input id).
    pub id: String,
    /// Connector name.
    pub name: String,
    /// Data type.
    pub data_type: DataType,
    /// REQUIRED or OPTIONAL.
    #[serde(rename = "type", default)]
    pub input_type: InputType,
    /// Stored default of an OPTIONAL input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Json>,
    /// Whether the input is visible (unexposed optional inputs use the component default).
    #[serde(default = "default_true")]
    pub exposed: bool,
    /// Canvas position.
    #[serde(default)]
    pub position: Position,
    /// Unknown fields, kept for export.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
}

/// An output connector of an operator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperatorOutput {
    /// Connector id.
    pub id: String,
    /// Connector name.
    pub name: String,
    /// Data type.
    pub data_type: DataType,
    /// Canvas position.
    #[serde(default)]
    pub position: Position,
    /// Unknown fields, kept for export.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
}

/// A connector reference at one end of a link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Connector {
    /// Connector id (operator connector, or workflow input/output/constant id).
    pub id: String,
    /// Connector name (absent at constants).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Data type.
    pub data_type: DataType,
    /// Canvas position.
    #[serde(default)]
    pub position: Position,
    /// Unknown fields, kept for export.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
}

/// One end of a link; `operator` is absent at workflow inputs, outputs and constants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkEnd {
    /// Operator id, if the end is at an operator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// The connector.
    pub connector: Connector,
    /// Unknown fields, kept for export.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
}

/// A directed edge of the workflow graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Link id.
    pub id: String,
    /// Source end.
    pub start: LinkEnd,
    /// Target end.
    pub end: LinkEnd,
    /// Bend points.
    #[serde(default)]
    pub path: Vec<Position>,
    /// Unknown fields, kept for export.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
}

/// A workflow input, output or constant, attached to an operator connector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowIo {
    /// Id (the io_interface id for inputs/outputs).
    pub id: String,
    /// Name (absent for constants and unnamed DRAFT IO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Data type.
    pub data_type: DataType,
    /// REQUIRED or OPTIONAL (inputs only).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub input_type: Option<InputType>,
    /// Default (OPTIONAL inputs) or constant value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Json>,
    /// The operator this IO is attached to.
    pub operator_id: String,
    /// The operator connector id.
    pub connector_id: String,
    /// Cached operator name (may be stale; never used for resolution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_name: Option<String>,
    /// Cached connector name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connector_name: Option<String>,
    /// Canvas position.
    #[serde(default)]
    pub position: Position,
    /// Unknown fields, kept for export.
    #[serde(flatten)]
    pub extra: Map<String, Json>,
}
