//! hetida's runtime-level request `WorkflowExecutionInput` (`POST /engine/runtime`,
//! hetida-compat §1.6 and §5.4): a self-contained execution input in which the workflow
//! arrives as a tree of nodes that refer to their connectors by *name*, components arrive as
//! revisions plus code modules, and nested workflows are inlined rather than referenced.
//!
//! A hetida backend sends it to a separate runtime service. Rheo maps it onto its own
//! transformation model ([`WorkflowExecutionInput::to_revisions`]): every workflow node
//! becomes a workflow revision whose operators, links, inputs, constants and outputs use
//! connector ids, and every component revision becomes a component revision, so that the
//! planner runs it like any stored workflow.

use super::transformation::{
    Content, IoInput, IoInterface, IoOutput, State, TrafoType, TransformationRevision,
};
use super::wiring::WorkflowWiring;
use super::workflow::{
    Connector, Link, LinkEnd, Operator, OperatorInput, OperatorOutput, WorkflowContent, WorkflowIo,
};
use super::InputType;
use crate::DataType;
use serde::Deserialize;
use serde_json::Value as Json;
use std::collections::{HashMap, HashSet};
use thiserror::Error;
use uuid::Uuid;

/// The whole runtime-level request.
#[derive(Debug, Clone, Deserialize)]
pub struct WorkflowExecutionInput {
    /// Component code, one module per component revision.
    pub code_modules: Vec<CodeModule>,
    /// The component revisions the workflow uses.
    pub components: Vec<ComponentRevision>,
    /// The root workflow node.
    pub workflow: WorkflowNode,
    /// Execution options.
    #[serde(default)]
    pub configuration: RuntimeConfiguration,
    /// Where inputs come from and outputs go.
    pub workflow_wiring: WorkflowWiring,
    /// The job id (random when absent).
    #[serde(default)]
    pub job_id: Option<Uuid>,
    /// The transformation the backend was asked to run (for logs and run records).
    #[serde(default)]
    pub trafo_id: Option<String>,
}

/// A component's Python module (kept for its `COMPONENT_INFO`; Rheo runs components natively).
#[derive(Debug, Clone, Deserialize)]
pub struct CodeModule {
    /// The module's id (the component revision's id in hetida's backend).
    pub uuid: String,
    /// The module source.
    pub code: String,
}

/// A component revision as the runtime sees it.
#[derive(Debug, Clone, Deserialize)]
pub struct ComponentRevision {
    /// The component revision id.
    pub uuid: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its version tag.
    #[serde(default)]
    pub tag: String,
    /// The code module holding it.
    #[serde(default)]
    pub code_module_uuid: Option<String>,
    /// The function hetida calls (`main`).
    #[serde(default)]
    pub function_name: Option<String>,
    /// Its inputs.
    #[serde(default)]
    pub inputs: Vec<ComponentInput>,
    /// Its outputs.
    #[serde(default)]
    pub outputs: Vec<ComponentOutput>,
}

/// An input of a component revision.
#[derive(Debug, Clone, Deserialize)]
pub struct ComponentInput {
    /// Connector id.
    pub id: String,
    /// Connector name (the keyword argument).
    pub name: String,
    /// Data type.
    #[serde(rename = "type")]
    pub data_type: DataType,
    /// Whether the input has a default (OPTIONAL).
    #[serde(default)]
    pub default: bool,
    /// The default's text.
    #[serde(default)]
    pub default_value: Option<Json>,
}

/// An output of a component revision.
#[derive(Debug, Clone, Deserialize)]
pub struct ComponentOutput {
    /// Connector id.
    pub id: String,
    /// Connector name.
    pub name: String,
    /// Data type.
    #[serde(rename = "type")]
    pub data_type: DataType,
}

/// A workflow node: an operator tree level.
#[derive(Debug, Clone, Deserialize)]
pub struct WorkflowNode {
    /// Node id: a fresh id at the root, the operator id below.
    pub id: String,
    /// Node name: the transformation name at the root, the operator name below.
    #[serde(default)]
    pub name: Option<String>,
    /// The workflow revision this node was built from.
    #[serde(default)]
    pub tr_id: Option<String>,
    /// Its name.
    #[serde(default)]
    pub tr_name: Option<String>,
    /// Its version tag.
    #[serde(default)]
    pub tr_tag: Option<String>,
    /// Operators, in operator order.
    pub sub_nodes: Vec<SubNode>,
    /// Operator-to-operator links.
    #[serde(default)]
    pub connections: Vec<Connection>,
    /// Dynamic inputs, then constants.
    #[serde(default)]
    pub inputs: Vec<NodeInput>,
    /// Outputs.
    #[serde(default)]
    pub outputs: Vec<NodeOutput>,
}

/// An operator: a component by reference, or a nested workflow inline.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum SubNode {
    /// A component operator (has `component_uuid`).
    Component(ComponentNode),
    /// A nested workflow (has `sub_nodes`).
    Workflow(Box<WorkflowNode>),
}

/// A component operator.
#[derive(Debug, Clone, Deserialize)]
pub struct ComponentNode {
    /// Operator id.
    pub id: String,
    /// The component revision it runs.
    pub component_uuid: String,
    /// Operator name.
    #[serde(default)]
    pub name: Option<String>,
}

/// A link, named from the source side: output `input_name` of node `input_in_workflow_id`
/// feeds input `output_name` of node `output_in_workflow_id`.
#[derive(Debug, Clone, Deserialize)]
pub struct Connection {
    /// Source operator id.
    pub input_in_workflow_id: String,
    /// Source connector name.
    pub input_name: String,
    /// Target operator id.
    pub output_in_workflow_id: String,
    /// Target connector name.
    pub output_name: String,
}

/// A workflow input or constant attached to an operator input.
#[derive(Debug, Clone, Deserialize)]
pub struct NodeInput {
    /// Id.
    pub id: String,
    /// Name (null at constants).
    #[serde(default)]
    pub name: Option<String>,
    /// Data type.
    #[serde(rename = "type")]
    pub data_type: DataType,
    /// The operator it feeds.
    pub id_of_sub_node: String,
    /// The operator input's name.
    pub name_in_subnode: String,
    /// Whether this is a constant.
    #[serde(default)]
    pub constant: bool,
    /// `{"value": TEXT}` at constants.
    #[serde(default, rename = "constantValue")]
    pub constant_value: Option<Json>,
    /// Whether the input is OPTIONAL.
    #[serde(default)]
    pub default: bool,
    /// The default's text.
    #[serde(default)]
    pub default_value: Option<Json>,
}

/// A workflow output taken from an operator output.
#[derive(Debug, Clone, Deserialize)]
pub struct NodeOutput {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Data type.
    #[serde(rename = "type")]
    pub data_type: DataType,
    /// The producing operator.
    pub id_of_sub_node: String,
    /// Its output's name.
    pub name_in_subnode: String,
}

/// `configuration` of the request.
#[derive(Debug, Clone, Deserialize)]
pub struct RuntimeConfiguration {
    /// A name for logs (hetida's backend sends the transformation id).
    #[serde(default)]
    pub name: Option<String>,
    /// Always `plain`.
    #[serde(default)]
    pub engine: Option<String>,
    /// Whether operators whose outputs are all plots run (default true at this level).
    #[serde(default = "yes")]
    pub run_pure_plot_operators: bool,
    /// Whether the response lists every operator's results (`node_results`).
    #[serde(default)]
    pub return_individual_node_results: bool,
}

impl Default for RuntimeConfiguration {
    fn default() -> Self {
        RuntimeConfiguration {
            name: None,
            engine: None,
            run_pure_plot_operators: true,
            return_individual_node_results: false,
        }
    }
}

fn yes() -> bool {
    true
}

/// Why a runtime-level request cannot be mapped onto a workflow; each names the node and
/// connector at fault. hetida answers these with 422 (validation) or a parsing failure.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum RuntimeInputError {
    /// Two code modules or component revisions share an id.
    #[error("{0} not unique!")]
    NotUnique(&'static str),
    /// The configuration names an engine other than `plain`.
    #[error("configuration.engine must be \"plain\", not {0:?}")]
    Engine(String),
    /// A connection, input or output names an operator the node does not have.
    #[error("workflow node '{node}': {what} refers to operator {operator}, which the node does not have")]
    UnknownOperator {
        /// The workflow node.
        node: String,
        /// What refers to it.
        what: String,
        /// The missing operator id.
        operator: String,
    },
    /// A connection, input or output names a connector the operator does not have.
    #[error("workflow node '{node}': {what} refers to {side} '{connector}' of operator {operator}, which it does not have")]
    UnknownConnector {
        /// The workflow node.
        node: String,
        /// What refers to it.
        what: String,
        /// `input` or `output`.
        side: &'static str,
        /// The connector name.
        connector: String,
        /// The operator id.
        operator: String,
    },
    /// A component operator names a component revision the request does not carry and Rheo
    /// does not know.
    #[error("workflow node '{node}': operator {operator} runs component {component}, which is not among the request's components")]
    UnknownComponent {
        /// The workflow node.
        node: String,
        /// The operator id.
        operator: String,
        /// The component revision id.
        component: String,
    },
}

/// The request's revisions: the root workflow and everything it uses.
#[derive(Debug, Clone)]
pub struct RuntimeRevisions {
    /// The root workflow revision.
    pub root: TransformationRevision,
    /// Nested workflow and component revisions.
    pub others: Vec<TransformationRevision>,
}

impl WorkflowExecutionInput {
    /// Checks hetida's request-level rules (§1.6): unique code modules and components, the
    /// `plain` engine.
    pub fn validate(&self) -> Result<(), RuntimeInputError> {
        let mut seen = HashSet::new();
        if !self
            .code_modules
            .iter()
            .all(|m| seen.insert(m.uuid.as_str()))
        {
            return Err(RuntimeInputError::NotUnique("Code Modules"));
        }
        seen.clear();
        if !self.components.iter().all(|c| seen.insert(c.uuid.as_str())) {
            return Err(RuntimeInputError::NotUnique("Components"));
        }
        match self.configuration.engine.as_deref() {
            None | Some("plain") => Ok(()),
            Some(other) => Err(RuntimeInputError::Engine(other.to_string())),
        }
    }

    /// The request as transformation revisions. `known(id)` says whether Rheo itself knows a
    /// component revision the request does not carry (a native component by id).
    pub fn to_revisions(
        &self,
        known: impl Fn(&str) -> Option<TransformationRevision>,
    ) -> Result<RuntimeRevisions, RuntimeInputError> {
        self.validate()?;
        let mut cx = Converter {
            components: self
                .components
                .iter()
                .map(|c| (c.uuid.as_str(), c))
                .collect(),
            known: &known,
            used_components: HashMap::new(),
            workflows: Vec::new(),
            ids: HashSet::new(),
        };
        let root_id = self
            .trafo_id
            .clone()
            .or_else(|| self.workflow.tr_id.clone())
            .unwrap_or_else(|| self.workflow.id.clone());
        let mut root = cx.workflow_revision(&self.workflow, root_id)?;
        if root.name.is_empty() {
            root.name = self.configuration.name.clone().unwrap_or_default();
        }
        let mut others = cx.workflows;
        others.extend(cx.used_components.into_values());
        Ok(RuntimeRevisions { root, others })
    }
}

/// State of one conversion: the component revisions in use and the nested workflows made.
struct Converter<'a, K> {
    components: HashMap<&'a str, &'a ComponentRevision>,
    known: &'a K,
    used_components: HashMap<String, TransformationRevision>,
    workflows: Vec<TransformationRevision>,
    ids: HashSet<String>,
}

/// An operator's connectors by name: (id, data type, OPTIONAL default).
#[derive(Default)]
struct Connectors {
    inputs: Vec<OperatorInput>,
    outputs: Vec<OperatorOutput>,
}

impl<K: Fn(&str) -> Option<TransformationRevision>> Converter<'_, K> {
    /// The revision of `node` under `id` (a second node claiming a taken id gets its own).
    fn workflow_revision(
        &mut self,
        node: &WorkflowNode,
        id: String,
    ) -> Result<TransformationRevision, RuntimeInputError> {
        let id = if self.ids.insert(id.clone()) {
            id
        } else {
            let own = format!("{id}@{}", node.id);
            self.ids.insert(own.clone());
            own
        };
        let label = node.name.clone().unwrap_or_else(|| node.id.clone());
        let mut operators = Vec::with_capacity(node.sub_nodes.len());
        for sub in &node.sub_nodes {
            operators.push(self.operator(sub, &label)?);
        }
        let content = NodeContent {
            node,
            label: &label,
            ops: operators.iter().map(|o| (o.id.as_str(), o)).collect(),
        };
        let links = content.links()?;
        let (inputs, constants) = content.inputs()?;
        let outputs = content.outputs()?;
        let io_interface = IoInterface {
            inputs: inputs.iter().map(io_input).collect(),
            outputs: outputs.iter().map(io_output).collect(),
            extra: Default::default(),
        };
        Ok(TransformationRevision {
            revision_group_id: id.clone(),
            id,
            name: node
                .tr_name
                .clone()
                .or(node.name.clone())
                .unwrap_or_default(),
            description: None,
            category: None,
            version_tag: node.tr_tag.clone().unwrap_or_default(),
            released_timestamp: None,
            disabled_timestamp: None,
            state: State::Released,
            trafo_type: TrafoType::Workflow,
            documentation: None,
            content: Content::Workflow(Box::new(WorkflowContent {
                operators,
                links,
                constants,
                inputs,
                outputs,
                extra: Default::default(),
            })),
            io_interface,
            test_wiring: None,
            extra: Default::default(),
        })
    }

    /// The operator of one sub node (converting a nested workflow on the way).
    fn operator(&mut self, sub: &SubNode, label: &str) -> Result<Operator, RuntimeInputError> {
        let (id, name, trafo, conns) = match sub {
            SubNode::Component(c) => {
                let trafo = self.component(c, label)?;
                let conns = connectors_of(&trafo);
                (c.id.clone(), c.name.clone(), trafo, conns)
            }
            SubNode::Workflow(w) => {
                let id = w.tr_id.clone().unwrap_or_else(|| w.id.clone());
                let trafo = self.workflow_revision(w, id)?;
                let conns = connectors_of(&trafo);
                self.workflows.push(trafo.clone());
                (w.id.clone(), w.name.clone(), trafo, conns)
            }
        };
        Ok(Operator {
            id,
            revision_group_id: trafo.revision_group_id.clone(),
            name: name.unwrap_or_else(|| trafo.name.clone()),
            operator_type: trafo.trafo_type,
            state: State::Released,
            version_tag: trafo.version_tag.clone(),
            transformation_id: trafo.id.clone(),
            inputs: conns.inputs,
            outputs: conns.outputs,
            position: Default::default(),
            extra: Default::default(),
        })
    }

    /// The component revision an operator runs: from the request, else one Rheo knows.
    fn component(
        &mut self,
        c: &ComponentNode,
        label: &str,
    ) -> Result<TransformationRevision, RuntimeInputError> {
        if let Some(t) = self.used_components.get(&c.component_uuid) {
            return Ok(t.clone());
        }
        let trafo = match self.components.get(c.component_uuid.as_str()) {
            Some(rev) => component_revision(rev),
            None => (self.known)(&c.component_uuid).ok_or_else(|| {
                RuntimeInputError::UnknownComponent {
                    node: label.to_string(),
                    operator: c.id.clone(),
                    component: c.component_uuid.clone(),
                }
            })?,
        };
        self.used_components
            .insert(c.component_uuid.clone(), trafo.clone());
        Ok(trafo)
    }
}

/// A component revision of the request in Rheo's model (category unknown until its code
/// is read: see the engine).
fn component_revision(rev: &ComponentRevision) -> TransformationRevision {
    let inputs = rev
        .inputs
        .iter()
        .map(|i| IoInput {
            id: i.id.clone(),
            name: Some(i.name.clone()),
            data_type: i.data_type,
            input_type: if i.default {
                InputType::Optional
            } else {
                InputType::Required
            },
            value: i
                .default
                .then(|| i.default_value.clone().unwrap_or(Json::Null)),
            extra: Default::default(),
        })
        .collect();
    let outputs = rev
        .outputs
        .iter()
        .map(|o| IoOutput {
            id: o.id.clone(),
            name: Some(o.name.clone()),
            data_type: o.data_type,
            extra: Default::default(),
        })
        .collect();
    TransformationRevision {
        id: rev.uuid.clone(),
        revision_group_id: rev.uuid.clone(),
        name: rev.name.clone().unwrap_or_default(),
        description: None,
        category: None,
        version_tag: rev.tag.clone(),
        released_timestamp: None,
        disabled_timestamp: None,
        state: State::Released,
        trafo_type: TrafoType::Component,
        documentation: None,
        content: Content::Code(String::new()),
        io_interface: IoInterface {
            inputs,
            outputs,
            extra: Default::default(),
        },
        test_wiring: None,
        extra: Default::default(),
    }
}

/// The operator connectors of a revision: its io_interface.
fn connectors_of(t: &TransformationRevision) -> Connectors {
    Connectors {
        inputs: t
            .io_interface
            .inputs
            .iter()
            .map(|i| OperatorInput {
                id: i.id.clone(),
                name: i.name.clone().unwrap_or_default(),
                data_type: i.data_type,
                input_type: i.input_type,
                value: i.value.clone(),
                exposed: true,
                position: Default::default(),
                extra: Default::default(),
            })
            .collect(),
        outputs: t
            .io_interface
            .outputs
            .iter()
            .map(|o| OperatorOutput {
                id: o.id.clone(),
                name: o.name.clone().unwrap_or_default(),
                data_type: o.data_type,
                position: Default::default(),
                extra: Default::default(),
            })
            .collect(),
    }
}

fn io_input(w: &WorkflowIo) -> IoInput {
    IoInput {
        id: w.id.clone(),
        name: w.name.clone(),
        data_type: w.data_type,
        input_type: w.input_type.unwrap_or_default(),
        value: w.value.clone(),
        extra: Default::default(),
    }
}

fn io_output(w: &WorkflowIo) -> IoOutput {
    IoOutput {
        id: w.id.clone(),
        name: w.name.clone(),
        data_type: w.data_type,
        extra: Default::default(),
    }
}

/// One node's name-based wiring, resolved against its operators' connectors.
struct NodeContent<'a> {
    node: &'a WorkflowNode,
    label: &'a str,
    ops: HashMap<&'a str, &'a Operator>,
}

impl NodeContent<'_> {
    fn op(&self, id: &str, what: &str) -> Result<&Operator, RuntimeInputError> {
        self.ops
            .get(id)
            .copied()
            .ok_or_else(|| RuntimeInputError::UnknownOperator {
                node: self.label.to_string(),
                what: what.to_string(),
                operator: id.to_string(),
            })
    }

    fn missing(&self, what: &str, side: &'static str, name: &str, op: &str) -> RuntimeInputError {
        RuntimeInputError::UnknownConnector {
            node: self.label.to_string(),
            what: what.to_string(),
            side,
            connector: name.to_string(),
            operator: op.to_string(),
        }
    }

    fn input_of(
        &self,
        op: &str,
        name: &str,
        what: &str,
    ) -> Result<&OperatorInput, RuntimeInputError> {
        let o = self.op(op, what)?;
        o.inputs
            .iter()
            .find(|c| c.name == name)
            .ok_or_else(|| self.missing(what, "input", name, op))
    }

    fn output_of(
        &self,
        op: &str,
        name: &str,
        what: &str,
    ) -> Result<&OperatorOutput, RuntimeInputError> {
        let o = self.op(op, what)?;
        o.outputs
            .iter()
            .find(|c| c.name == name)
            .ok_or_else(|| self.missing(what, "output", name, op))
    }

    fn links(&self) -> Result<Vec<Link>, RuntimeInputError> {
        let mut links = Vec::with_capacity(self.node.connections.len());
        for (i, c) in self.node.connections.iter().enumerate() {
            let what = format!("connection {i}");
            let out = self.output_of(&c.input_in_workflow_id, &c.input_name, &what)?;
            let inp = self.input_of(&c.output_in_workflow_id, &c.output_name, &what)?;
            links.push(Link {
                id: format!("{}-{i}", self.node.id),
                start: link_end(&c.input_in_workflow_id, &out.id, &out.name, out.data_type),
                end: link_end(&c.output_in_workflow_id, &inp.id, &inp.name, inp.data_type),
                path: Vec::new(),
                extra: Default::default(),
            });
        }
        Ok(links)
    }

    /// The node's dynamic inputs and its constants.
    fn inputs(&self) -> Result<(Vec<WorkflowIo>, Vec<WorkflowIo>), RuntimeInputError> {
        let (mut inputs, mut constants) = (Vec::new(), Vec::new());
        for i in &self.node.inputs {
            let what = format!("input {}", i.name.as_deref().unwrap_or(&i.id));
            let conn = self.input_of(&i.id_of_sub_node, &i.name_in_subnode, &what)?;
            let conn = (conn.id.as_str(), conn.name.as_str());
            let mut io = workflow_io(&i.id, i.name.clone(), i.data_type, &i.id_of_sub_node, conn);
            if i.constant {
                io.value = Some(constant_text(i.constant_value.as_ref()));
                constants.push(io);
            } else {
                io.input_type = Some(if i.default {
                    InputType::Optional
                } else {
                    InputType::Required
                });
                io.value = i
                    .default
                    .then(|| i.default_value.clone().unwrap_or(Json::Null));
                inputs.push(io);
            }
        }
        Ok((inputs, constants))
    }

    fn outputs(&self) -> Result<Vec<WorkflowIo>, RuntimeInputError> {
        let mut outputs = Vec::with_capacity(self.node.outputs.len());
        for o in &self.node.outputs {
            let what = format!("output {}", o.name);
            let conn = self.output_of(&o.id_of_sub_node, &o.name_in_subnode, &what)?;
            outputs.push(workflow_io(
                &o.id,
                Some(o.name.clone()),
                o.data_type,
                &o.id_of_sub_node,
                (conn.id.as_str(), conn.name.as_str()),
            ));
        }
        Ok(outputs)
    }
}

/// A workflow IO attached to the connector `conn` of operator `op`.
fn workflow_io(
    id: &str,
    name: Option<String>,
    data_type: DataType,
    op: &str,
    (conn_id, conn_name): (&str, &str),
) -> WorkflowIo {
    WorkflowIo {
        id: id.to_string(),
        name,
        data_type,
        input_type: None,
        value: None,
        operator_id: op.to_string(),
        connector_id: conn_id.to_string(),
        operator_name: None,
        connector_name: Some(conn_name.to_string()),
        position: Default::default(),
        extra: Default::default(),
    }
}

/// A constant's text: `constantValue.value` (a non-string value as its JSON text).
fn constant_text(v: Option<&Json>) -> Json {
    match v.and_then(|c| c.get("value")) {
        Some(Json::String(s)) => Json::String(s.clone()),
        Some(Json::Null) | None => Json::String(String::new()),
        Some(other) => Json::String(other.to_string()),
    }
}

fn link_end(op: &str, id: &str, name: &str, data_type: DataType) -> LinkEnd {
    LinkEnd {
        operator: Some(op.to_string()),
        connector: Connector {
            id: id.to_string(),
            name: Some(name.to_string()),
            data_type,
            position: Default::default(),
            extra: Default::default(),
        },
        extra: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn component(uuid: &str, inputs: &[&str], output: &str) -> Json {
        json!({
            "uuid": uuid, "name": format!("C {uuid}"), "tag": "1.0.0",
            "code_module_uuid": uuid, "function_name": "main",
            "inputs": inputs.iter().map(|n| json!({"id": format!("{uuid}-{n}"), "name": n, "type": "FLOAT"})).collect::<Vec<_>>(),
            "outputs": [{"id": format!("{uuid}-{output}"), "name": output, "type": "FLOAT"}],
        })
    }

    fn request(workflow: Json) -> WorkflowExecutionInput {
        serde_json::from_value(json!({
            "code_modules": [{"uuid": "c1", "code": ""}],
            "components": [component("c1", &["a", "b"], "sum")],
            "workflow": workflow,
            "workflow_wiring": {},
        }))
        .unwrap()
    }

    fn nested() -> Json {
        json!({
            "id": "n1", "name": "inner", "tr_id": "w-inner", "tr_name": "Inner", "tr_tag": "2",
            "sub_nodes": [{"id": "op1", "component_uuid": "c1", "name": "Add"}],
            "connections": [],
            "inputs": [
                {"id": "i1", "name": "x", "type": "FLOAT", "id_of_sub_node": "op1", "name_in_subnode": "a"},
                {"id": "k1", "name": null, "type": "FLOAT", "id_of_sub_node": "op1", "name_in_subnode": "b",
                 "constant": true, "constantValue": {"value": "2"}}
            ],
            "outputs": [{"id": "o1", "name": "y", "type": "FLOAT", "id_of_sub_node": "op1", "name_in_subnode": "sum"}]
        })
    }

    #[test]
    fn nodes_become_revisions_with_connector_ids() {
        let req = request(json!({
            "id": "root", "name": "Outer", "tr_id": "w-outer", "tr_name": "Outer", "tr_tag": "1",
            "sub_nodes": [nested(), {"id": "op2", "component_uuid": "c1", "name": "Add 2"}],
            "connections": [{"input_in_workflow_id": "n1", "input_name": "y",
                             "output_in_workflow_id": "op2", "output_name": "a"}],
            "inputs": [
                {"id": "ri", "name": "x", "type": "FLOAT", "id_of_sub_node": "n1", "name_in_subnode": "x"},
                {"id": "rb", "name": "b", "type": "FLOAT", "id_of_sub_node": "op2", "name_in_subnode": "b",
                 "default": true, "default_value": "1.5"}
            ],
            "outputs": [{"id": "ro", "name": "z", "type": "FLOAT", "id_of_sub_node": "op2", "name_in_subnode": "sum"}]
        }));
        let revs = req.to_revisions(|_| None).unwrap();
        let root = revs.root.workflow().unwrap();
        assert_eq!(revs.root.id, "w-outer");
        assert_eq!(root.operators[0].transformation_id, "w-inner");
        assert_eq!(root.operators[0].inputs[0].id, "i1");
        assert_eq!(root.links[0].start.connector.id, "o1");
        assert_eq!(root.links[0].end.connector.id, "c1-a");
        assert_eq!(root.inputs[1].input_type, Some(InputType::Optional));
        assert_eq!(root.inputs[1].value, Some(json!("1.5")));
        assert_eq!(root.outputs[0].connector_id, "c1-sum");
        let inner = revs.others.iter().find(|r| r.id == "w-inner").unwrap();
        let inner_c = inner.workflow().unwrap();
        assert_eq!(inner_c.constants[0].value, Some(json!("2")));
        assert_eq!(inner_c.constants[0].connector_id, "c1-b");
        assert_eq!(inner.io_interface.inputs.len(), 1);
        assert!(revs.others.iter().any(|r| r.id == "c1"));
    }

    #[test]
    fn unknown_names_and_duplicates_are_named() {
        let mut bad = nested();
        bad["outputs"][0]["name_in_subnode"] = json!("nope");
        let e = request(bad).to_revisions(|_| None).unwrap_err();
        assert!(
            e.to_string().contains("output 'nope' of operator op1"),
            "{e}"
        );

        let mut bad = nested();
        bad["sub_nodes"][0]["component_uuid"] = json!("c9");
        let e = request(bad).to_revisions(|_| None).unwrap_err();
        assert!(
            matches!(e, RuntimeInputError::UnknownComponent { .. }),
            "{e}"
        );

        let mut req = request(nested());
        req.components.push(req.components[0].clone());
        assert_eq!(
            req.validate().unwrap_err().to_string(),
            "Components not unique!"
        );
    }
}
