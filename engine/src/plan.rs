//! Planning: turns a component or workflow revision into an executable [`Plan`] — a flat DAG
//! of component nodes with nested workflows expanded in place, constants and defaults parsed
//! once, and every validation problem reported together.

use rheo_components::Registry;
use rheo_core::component::Component;
use rheo_core::model::transformation::{TrafoType, TransformationRevision};
use rheo_core::model::workflow::{Operator, OperatorInput, WorkflowContent, WorkflowIo};
use rheo_core::model::InputType;
use rheo_core::value::parse::{parse, parse_default, Raw};
use rheo_core::{DataType, Shared};
use serde_json::Value as Json;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use crate::python::pool::PythonPool;
use crate::python::PythonComponent;
use crate::store::Store;

/// Name hetida gives the ad-hoc workflow that wraps a component executed directly (§5.5).
pub const WRAPPER_NAME: &str = "COMPONENT EXECUTION WRAPPER WORKFLOW";

/// How deep workflows may nest before planning gives up (guards against self-reference).
const MAX_NESTING: usize = 32;

/// Identity of a transformation, as reported in `operator_info.transformation_info`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrafoInfo {
    /// Revision id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Version tag.
    pub tag: String,
    /// COMPONENT or WORKFLOW.
    pub trafo_type: TrafoType,
}

impl TrafoInfo {
    fn of(t: &TransformationRevision) -> Self {
        TrafoInfo {
            id: t.id.clone(),
            name: t.name.clone(),
            tag: t.version_tag.clone(),
            trafo_type: t.trafo_type,
        }
    }
}

/// Where an operator input gets its value.
#[derive(Debug, Clone)]
pub enum Source {
    /// An output of another node.
    Node {
        /// The producing node.
        node: usize,
        /// Its output name.
        output: String,
    },
    /// A constant, a default, or a value fixed at plan time.
    Const(Shared),
    /// A root workflow input (loaded data or the input's default).
    Input(usize),
}

/// One component operator instance of the flattened graph.
pub struct Node {
    /// The native implementation.
    pub component: Arc<dyn Component>,
    /// The component revision (for error reports).
    pub info: TrafoInfo,
    /// Operator names from below the root down to this operator.
    pub path_names: Vec<String>,
    /// Operator ids along the same path.
    pub path_ids: Vec<String>,
    /// Inputs by port name.
    pub inputs: Vec<(String, Source)>,
    /// Whether all outputs are PLOTLYJSON (skipped unless plots are requested).
    pub pure_plot: bool,
    /// Nodes whose outputs this node reads.
    pub deps: Vec<usize>,
    /// Duration of this node's last run in nanoseconds (0 = not run yet); decides whether a
    /// wave is worth spreading over threads.
    pub last_cost_ns: std::sync::atomic::AtomicU64,
}

/// A dynamic input of the executed (root) transformation.
#[derive(Debug, Clone)]
pub struct PlanInput {
    /// Input name (used by wirings).
    pub name: String,
    /// Declared type; loaded values are parsed by it.
    pub data_type: DataType,
    /// The parsed default of an OPTIONAL input; `None` for REQUIRED inputs.
    pub default: Option<Shared>,
}

/// An output of the executed transformation.
#[derive(Debug, Clone)]
pub struct PlanOutput {
    /// Output name.
    pub name: String,
    /// Declared type (reported in `output_types_by_output_name`).
    pub data_type: DataType,
    /// Where its value comes from.
    pub source: Source,
}

/// An executable graph for one transformation revision.
pub struct Plan {
    /// The executed revision.
    pub info: TrafoInfo,
    /// Root name in error hierarchies (the workflow name or the component wrapper's name).
    pub root_name: String,
    /// Root inputs in interface order.
    pub inputs: Vec<PlanInput>,
    /// Root outputs in interface order.
    pub outputs: Vec<PlanOutput>,
    /// Component nodes; `deps` always point to lower indices' producers (any order is fine).
    pub nodes: Vec<Node>,
}

/// What kind of problem a plan has; mapped to hetida's error type names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueKind {
    /// A referenced transformation is missing or has no native implementation.
    ComponentRevisionDoesNotExist,
    /// A link names an unknown operator or connector.
    ConnectionInvalidError,
    /// A link joins incompatible data types.
    LinkTypeMismatch,
    /// Links form a cycle.
    CircularDependency,
    /// A required operator input has no source.
    MissingInputSource,
    /// A default or constant value does not parse.
    WorkflowInputDataValidationError,
    /// Unnamed workflow inputs/outputs (DRAFT workflows).
    UnnamedWorkflowIo,
}

impl IssueKind {
    /// hetida-style error type name.
    pub fn as_str(self) -> &'static str {
        match self {
            IssueKind::ComponentRevisionDoesNotExist => "ComponentRevisionDoesNotExist",
            IssueKind::ConnectionInvalidError => "ConnectionInvalidError",
            IssueKind::LinkTypeMismatch => "LinkTypeMismatch",
            IssueKind::CircularDependency => "CircularDependency",
            IssueKind::MissingInputSource => "MissingInputSource",
            IssueKind::WorkflowInputDataValidationError => "WorkflowInputDataValidationError",
            IssueKind::UnnamedWorkflowIo => "UnnamedWorkflowIo",
        }
    }
}

/// One validation problem, located by operator names and ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanIssue {
    /// The kind.
    pub kind: IssueKind,
    /// A message naming the operator (hierarchical name and id) and what is wrong.
    pub message: String,
}

/// All problems found while planning.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.issues.iter().map(|i| i.message.as_str()).collect::<Vec<_>>().join("\n"))]
pub struct PlanError {
    /// The problems, in the order found.
    pub issues: Vec<PlanIssue>,
}

struct Planner<'a> {
    store: &'a Store,
    registry: &'a Registry,
    python: Option<&'a Arc<PythonPool>>,
    nodes: Vec<Node>,
    issues: Vec<PlanIssue>,
}

/// Where a level's workflow input is fed from, by input name.
type LevelInputs = HashMap<String, Source>;

/// One workflow level being expanded: its content, operators by id, its hierarchical name
/// and where it sits in the root workflow.
struct Level<'c, 'p> {
    content: &'c WorkflowContent,
    ops: HashMap<&'c str, &'c Operator>,
    name: String,
    path_names: &'p [String],
    path_ids: &'p [String],
    root: &'p str,
    depth: usize,
}

impl Level<'_, '_> {
    /// How issues name an operator of this level.
    fn op_label(&self, op: &Operator) -> String {
        format!("operator '{}{}\\' ({})", self.name, op.name, op.id)
    }
}

/// Which operator output feeds each operator input: (target op, input) ← (source op, output).
type Feeds<'c> = HashMap<(&'c str, String), (&'c str, String)>;

/// Sources of the outputs of the operators expanded so far: (operator id, output name).
type Produced = HashMap<(String, String), Source>;

/// Everything an operator input of a level can be wired to.
struct Wires<'c, 'i> {
    feeds: Feeds<'c>,
    inputs_at: HashMap<(&'c str, &'c str), &'c WorkflowIo>,
    constants_at: HashMap<(&'c str, &'c str), &'c WorkflowIo>,
    level_inputs: &'i LevelInputs,
}

/// hetida's hierarchical name of a place in a workflow: `\root\op\nested op\`, the
/// form operator timings and errors use.
pub(crate) fn hier_name(root: &str, path: &[String]) -> String {
    let mut s = format!("\\{root}\\");
    for p in path {
        s.push_str(p);
        s.push('\\');
    }
    s
}

impl Plan {
    /// Plans the revision `trafo` using `store` for nested workflows and component
    /// definitions and `registry` for native implementations.
    pub fn build(
        trafo: &TransformationRevision,
        store: &Store,
        registry: &Registry,
    ) -> Result<Plan, PlanError> {
        Self::build_with(trafo, store, registry, None)
    }

    /// [`Plan::build`], with stored components that have no native implementation run by
    /// `python`'s workers when it is given.
    pub fn build_with(
        trafo: &TransformationRevision,
        store: &Store,
        registry: &Registry,
        python: Option<&Arc<PythonPool>>,
    ) -> Result<Plan, PlanError> {
        let mut p = Planner {
            store,
            registry,
            python,
            nodes: Vec::new(),
            issues: Vec::new(),
        };
        let plan = match trafo.workflow() {
            None => p.component_plan(trafo),
            Some(content) => p.workflow_plan(trafo, content),
        };
        if p.issues.is_empty() {
            Ok(Plan {
                nodes: p.nodes,
                ..plan
            })
        } else {
            Err(PlanError { issues: p.issues })
        }
    }
}

impl Planner<'_> {
    fn issue(&mut self, kind: IssueKind, message: String) {
        self.issues.push(PlanIssue { kind, message });
    }

    fn parse_input_default(&mut self, value: Option<&Json>, dt: DataType, what: &str) -> Shared {
        match parse_default(value, dt) {
            Ok(v) => Arc::new(v),
            Err(e) => {
                self.issue(
                    IssueKind::WorkflowInputDataValidationError,
                    format!("Some default values could not be parsed into the respective workflow input datatypes: {what} ({dt}): {e}"),
                );
                Arc::new(rheo_core::Value::Null)
            }
        }
    }

    fn component_plan(&mut self, trafo: &TransformationRevision) -> Plan {
        let op_id = uuid::Uuid::new_v4().to_string();
        let mut inputs = Vec::new();
        let mut level_inputs = LevelInputs::new();
        for (i, io) in trafo.io_interface.inputs.iter().enumerate() {
            let name = io.name.clone().unwrap_or_default();
            let default = (io.input_type == InputType::Optional).then(|| {
                self.parse_input_default(
                    io.value.as_ref(),
                    io.data_type,
                    &format!("input '{name}'"),
                )
            });
            level_inputs.insert(name.clone(), Source::Input(i));
            inputs.push(PlanInput {
                name,
                data_type: io.data_type,
                default,
            });
        }
        let node = self.component_node(
            trafo,
            std::slice::from_ref(&trafo.name),
            &[op_id],
            WRAPPER_NAME,
            |port| level_inputs.get(port).cloned(),
        );
        let outputs = trafo
            .io_interface
            .outputs
            .iter()
            .map(|o| {
                let name = o.name.clone().unwrap_or_default();
                PlanOutput {
                    source: match node {
                        Some(n) => Source::Node {
                            node: n,
                            output: name.clone(),
                        },
                        None => Source::Const(Arc::new(rheo_core::Value::Null)),
                    },
                    name,
                    data_type: o.data_type,
                }
            })
            .collect();
        Plan {
            info: TrafoInfo::of(trafo),
            root_name: WRAPPER_NAME.to_string(),
            inputs,
            outputs,
            nodes: Vec::new(),
        }
    }

    /// Adds a node for a component revision; `source_of(port)` says what feeds each port.
    fn component_node(
        &mut self,
        trafo: &TransformationRevision,
        path_names: &[String],
        path_ids: &[String],
        root: &str,
        source_of: impl Fn(&str) -> Option<Source>,
    ) -> Option<usize> {
        let where_ = format!(
            "operator '{}' ({})",
            hier_name(root, path_names),
            path_ids.last().map(String::as_str).unwrap_or("")
        );
        let component = self.registry.get(&trafo.id).or_else(|| {
            self.registry
                .find(trafo.category_or_default(), &trafo.name, &trafo.version_tag)
        });
        let component = component.cloned().map(|native| match self.python {
            Some(pool) => crate::python::with_model_fallback(native, pool),
            None => native,
        });
        let component = component.or_else(|| {
            let pool = self.python?.clone();
            let python = PythonComponent::of(trafo, pool)?;
            Some(Arc::new(python) as Arc<dyn Component>)
        });
        let Some(component) = component else {
            let hint = if self.python.is_none() {
                " (set RHEO_PYTHON to run components in Python)"
            } else {
                ""
            };
            self.issue(
                IssueKind::ComponentRevisionDoesNotExist,
                format!(
                    "{where_}: component '{}' {} ({}) has no native implementation in Rheo{hint}",
                    trafo.name, trafo.version_tag, trafo.id
                ),
            );
            return None;
        };
        let spec = component.spec();
        let mut inputs = Vec::with_capacity(spec.inputs.len());
        let mut deps = Vec::new();
        for port in spec.inputs {
            let source = match source_of(port.name) {
                Some(s) => s,
                None => {
                    // Unexposed/unfed optional input: the component's own default applies.
                    let stored = trafo
                        .io_interface
                        .inputs
                        .iter()
                        .find(|i| i.name.as_deref() == Some(port.name));
                    let default = match (stored, port.default) {
                        (Some(s), _) if s.input_type == InputType::Optional => s.value.clone(),
                        (_, Some(lit)) => Some(serde_json::from_str(lit).unwrap_or(Json::Null)),
                        _ => {
                            self.issue(
                                IssueKind::MissingInputSource,
                                format!(
                                    "{where_}: required input '{}' ({}) is not wired (no link, workflow input or constant)",
                                    port.name, port.data_type
                                ),
                            );
                            continue;
                        }
                    };
                    let v = self.parse_input_default(
                        default.as_ref(),
                        port.data_type,
                        &format!("{where_}, input '{}'", port.name),
                    );
                    Source::Const(v)
                }
            };
            if let Source::Node { node, .. } = &source {
                deps.push(*node);
            }
            inputs.push((port.name.to_string(), source));
        }
        self.nodes.push(Node {
            pure_plot: spec.is_pure_plot(),
            component,
            info: TrafoInfo::of(trafo),
            path_names: path_names.to_vec(),
            path_ids: path_ids.to_vec(),
            inputs,
            deps,
            last_cost_ns: Default::default(),
        });
        Some(self.nodes.len() - 1)
    }

    fn workflow_plan(&mut self, trafo: &TransformationRevision, content: &WorkflowContent) -> Plan {
        let mut inputs = Vec::new();
        let mut level_inputs = LevelInputs::new();
        for io in &content.inputs {
            let Some(name) = io.name.clone().filter(|n| !n.is_empty()) else {
                self.issue(
                    IssueKind::UnnamedWorkflowIo,
                    format!(
                        "workflow '{}' ({}): workflow input {} is unnamed; name it before executing",
                        trafo.name, trafo.id, io.id
                    ),
                );
                continue;
            };
            let default = (io.input_type == Some(InputType::Optional)).then(|| {
                self.parse_input_default(
                    io.value.as_ref(),
                    io.data_type,
                    &format!("workflow input '{name}'"),
                )
            });
            level_inputs.insert(name.clone(), Source::Input(inputs.len()));
            inputs.push(PlanInput {
                name,
                data_type: io.data_type,
                default,
            });
        }
        let outs = self.flatten(content, &[], &[], &trafo.name, &level_inputs, 0);
        let outputs = content
            .outputs
            .iter()
            .filter_map(|o| {
                let name = o.name.clone()?;
                Some(PlanOutput {
                    source: outs
                        .get(&name)
                        .cloned()
                        .unwrap_or_else(|| Source::Const(Arc::new(rheo_core::Value::Null))),
                    name,
                    data_type: o.data_type,
                })
            })
            .collect();
        Plan {
            info: TrafoInfo::of(trafo),
            root_name: trafo.name.clone(),
            inputs,
            outputs,
            nodes: Vec::new(),
        }
    }

    /// Expands one workflow level; returns the sources of its named outputs.
    fn flatten(
        &mut self,
        content: &WorkflowContent,
        path_names: &[String],
        path_ids: &[String],
        root: &str,
        level_inputs: &LevelInputs,
        depth: usize,
    ) -> HashMap<String, Source> {
        let lv = Level {
            content,
            ops: content
                .operators
                .iter()
                .map(|o| (o.id.as_str(), o))
                .collect(),
            name: hier_name(root, path_names),
            path_names,
            path_ids,
            root,
            depth,
        };
        let (feeds, preds) = self.links(&lv);
        let order = match topo_order(&content.operators, &preds) {
            Ok(order) => order,
            Err(cycle) => {
                let names: Vec<String> = cycle.iter().map(|o| lv.op_label(o)).collect();
                self.issue(
                    IssueKind::CircularDependency,
                    format!(
                        "workflow '{}': links form a cycle through {}",
                        lv.name,
                        names.join(", ")
                    ),
                );
                return HashMap::new();
            }
        };
        let wires = Wires {
            feeds,
            inputs_at: content
                .inputs
                .iter()
                .map(|i| ((i.operator_id.as_str(), i.connector_id.as_str()), i))
                .collect(),
            constants_at: content
                .constants
                .iter()
                .map(|c| ((c.operator_id.as_str(), c.connector_id.as_str()), c))
                .collect(),
            level_inputs,
        };
        let mut produced: Produced = HashMap::new();
        for op in order {
            let mut sources: HashMap<String, Source> = HashMap::new();
            for conn in &op.inputs {
                match self.input_source(&lv, &wires, &produced, op, conn) {
                    Some(s) => {
                        sources.insert(conn.name.clone(), s);
                    }
                    None if conn.input_type == InputType::Optional || !conn.exposed => {}
                    None => self.issue(
                        IssueKind::MissingInputSource,
                        format!(
                            "{}: required input '{}' ({}) is not wired (no link, workflow input or constant)",
                            lv.op_label(op), conn.name, conn.data_type
                        ),
                    ),
                }
            }
            self.expand_operator(&lv, op, sources, &mut produced);
        }
        self.level_outputs(&lv, &produced)
    }

    /// The level's operator-to-operator links, checked: which output feeds each input, and
    /// each operator's predecessors.
    fn links<'c>(&mut self, lv: &Level<'c, '_>) -> (Feeds<'c>, HashMap<&'c str, Vec<&'c str>>) {
        let mut feeds: Feeds<'c> = HashMap::new();
        let mut preds: HashMap<&'c str, Vec<&'c str>> = HashMap::new();
        for link in &lv.content.links {
            let (Some(s_id), Some(e_id)) = (&link.start.operator, &link.end.operator) else {
                continue; // workflow-side links only document `inputs`/`outputs`/`constants`
            };
            let (Some(s_op), Some(e_op)) = (lv.ops.get(s_id.as_str()), lv.ops.get(e_id.as_str()))
            else {
                let missing = if lv.ops.contains_key(s_id.as_str()) {
                    e_id
                } else {
                    s_id
                };
                self.issue(
                    IssueKind::ConnectionInvalidError,
                    format!("workflow '{}': link {} references operator {missing}, which does not exist", lv.name, link.id),
                );
                continue;
            };
            let out = s_op
                .outputs
                .iter()
                .find(|c| c.id == link.start.connector.id);
            let inp = e_op.inputs.iter().find(|c| c.id == link.end.connector.id);
            let (Some(out), Some(inp)) = (out, inp) else {
                let (op, conn) = if out.is_none() {
                    (s_op, &link.start.connector.id)
                } else {
                    (e_op, &link.end.connector.id)
                };
                self.issue(
                    IssueKind::ConnectionInvalidError,
                    format!(
                        "{}: link {} references connector {conn}, which the operator does not have",
                        lv.op_label(op),
                        link.id
                    ),
                );
                continue;
            };
            if !out.data_type.link_compatible(inp.data_type) {
                self.issue(
                    IssueKind::LinkTypeMismatch,
                    format!(
                        "link {} from {} output '{}' ({}) to {} input '{}' ({}): data types of both link ends must be the same",
                        link.id, lv.op_label(s_op), out.name, out.data_type, lv.op_label(e_op), inp.name, inp.data_type
                    ),
                );
                continue;
            }
            feeds.insert(
                (e_op.id.as_str(), inp.name.clone()),
                (s_op.id.as_str(), out.name.clone()),
            );
            preds
                .entry(e_op.id.as_str())
                .or_default()
                .push(s_op.id.as_str());
        }
        (feeds, preds)
    }

    /// Where input `conn` of `op` gets its value: a workflow input of this level (or its
    /// default), a constant, or the output of an operator that feeds it.
    fn input_source(
        &mut self,
        lv: &Level,
        wires: &Wires,
        produced: &Produced,
        op: &Operator,
        conn: &OperatorInput,
    ) -> Option<Source> {
        let key = (op.id.as_str(), conn.id.as_str());
        let from_input = wires.inputs_at.get(&key).and_then(|wi| {
            let name = wi.name.as_deref()?;
            wires.level_inputs.get(name).cloned().or_else(|| {
                (wi.input_type == Some(InputType::Optional)).then(|| {
                    Source::Const(self.parse_input_default(
                        wi.value.as_ref(),
                        wi.data_type,
                        &format!("workflow '{}', input '{name}'", lv.name),
                    ))
                })
            })
        });
        from_input
            .or_else(|| {
                let c = wires.constants_at.get(&key)?;
                Some(Source::Const(self.parse_constant(lv, op, conn, c)))
            })
            .or_else(|| {
                let (s, o) = wires.feeds.get(&(op.id.as_str(), conn.name.clone()))?;
                produced.get(&(s.to_string(), o.clone())).cloned()
            })
    }

    /// The value of a constant wired to an operator input (null, with an issue, when it
    /// does not parse).
    fn parse_constant(
        &mut self,
        lv: &Level,
        op: &Operator,
        conn: &OperatorInput,
        c: &WorkflowIo,
    ) -> Shared {
        let text = match &c.value {
            Some(Json::String(s)) => Cow::Borrowed(s.as_str()),
            Some(other) => Cow::Owned(other.to_string()),
            None => Cow::Borrowed(""),
        };
        match parse(Raw::Text(text), c.data_type) {
            Ok(v) => Arc::new(v),
            Err(e) => {
                self.issue(
                    IssueKind::WorkflowInputDataValidationError,
                    format!(
                        "Some constant values could not be parsed into the respective workflow input datatypes: {}, input '{}' ({}): {e}",
                        lv.op_label(op), conn.name, c.data_type
                    ),
                );
                Arc::new(rheo_core::Value::Null)
            }
        }
    }

    /// Adds `op` to the plan: a component becomes a node, a nested workflow is expanded.
    fn expand_operator(
        &mut self,
        lv: &Level,
        op: &Operator,
        sources: HashMap<String, Source>,
        produced: &mut Produced,
    ) {
        let mut names = lv.path_names.to_vec();
        names.push(op.name.clone());
        let mut ids = lv.path_ids.to_vec();
        ids.push(op.id.clone());
        let root = lv.root;
        let Some(target) = self.store.get(&op.transformation_id).cloned() else {
            // Components can still be resolved natively without a stored definition.
            if op.operator_type == TrafoType::Component {
                if let Some(c) = self.registry.get(&op.transformation_id).cloned() {
                    let def = rheo_components::definition(c.spec());
                    self.add_component_op(&def, op, &names, &ids, root, sources, produced);
                    return;
                }
            }
            self.issue(
                IssueKind::ComponentRevisionDoesNotExist,
                format!(
                    "{}: references {} '{}' {} ({}), which is not in the store",
                    lv.op_label(op),
                    op.operator_type.as_str().to_lowercase(),
                    op.name,
                    op.version_tag,
                    op.transformation_id
                ),
            );
            return;
        };
        match target.workflow() {
            None => self.add_component_op(&target, op, &names, &ids, root, sources, produced),
            Some(_) if lv.depth >= MAX_NESTING => self.issue(
                IssueKind::CircularDependency,
                format!(
                    "{}: workflows nest deeper than {MAX_NESTING} levels (self-reference?)",
                    lv.op_label(op)
                ),
            ),
            Some(nested) => {
                let outs = self.flatten(nested, &names, &ids, root, &sources, lv.depth + 1);
                for (name, src) in outs {
                    produced.insert((op.id.clone(), name), src);
                }
            }
        }
    }

    /// The sources of the level's named outputs.
    fn level_outputs(&mut self, lv: &Level, produced: &Produced) -> HashMap<String, Source> {
        let mut outs = HashMap::new();
        for o in &lv.content.outputs {
            let Some(name) = o.name.clone().filter(|n| !n.is_empty()) else {
                self.issue(
                    IssueKind::UnnamedWorkflowIo,
                    format!(
                        "workflow '{}': workflow output {} is unnamed; name it before executing",
                        lv.name, o.id
                    ),
                );
                continue;
            };
            let conn_name = lv
                .ops
                .get(o.operator_id.as_str())
                .and_then(|op| op.outputs.iter().find(|c| c.id == o.connector_id))
                .map(|c| c.name.clone());
            match conn_name.and_then(|c| produced.get(&(o.operator_id.clone(), c)).cloned()) {
                Some(src) => {
                    outs.insert(name, src);
                }
                None => {
                    if lv.ops.contains_key(o.operator_id.as_str()) || self.issues.is_empty() {
                        self.issue(
                            IssueKind::ConnectionInvalidError,
                            format!(
                                "workflow '{}': output '{name}' is attached to operator {} connector {}, which produces nothing",
                                lv.name, o.operator_id, o.connector_id
                            ),
                        );
                    }
                }
            }
        }
        outs
    }

    #[allow(clippy::too_many_arguments)]
    fn add_component_op(
        &mut self,
        def: &TransformationRevision,
        op: &Operator,
        names: &[String],
        ids: &[String],
        root: &str,
        sources: HashMap<String, Source>,
        produced: &mut HashMap<(String, String), Source>,
    ) {
        if let Some(node) =
            self.component_node(def, names, ids, root, |port| sources.get(port).cloned())
        {
            for out in &op.outputs {
                produced.insert(
                    (op.id.clone(), out.name.clone()),
                    Source::Node {
                        node,
                        output: out.name.clone(),
                    },
                );
            }
        }
    }
}

/// Kahn's algorithm in operator list order; on a cycle returns the operators left over.
fn topo_order<'a>(
    ops: &'a [Operator],
    preds: &HashMap<&str, Vec<&str>>,
) -> Result<Vec<&'a Operator>, Vec<&'a Operator>> {
    let mut remaining: Vec<&Operator> = ops.iter().collect();
    let mut done: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut order = Vec::with_capacity(ops.len());
    while !remaining.is_empty() {
        let before = remaining.len();
        remaining.retain(|op| {
            let ready = preds
                .get(op.id.as_str())
                .is_none_or(|ps| ps.iter().all(|p| done.contains(p)));
            if ready {
                done.insert(op.id.as_str());
                order.push(*op);
            }
            !ready
        });
        if remaining.len() == before {
            return Err(remaining);
        }
    }
    Ok(order)
}
