//! Execution of a [`Plan`]: runs the needed nodes in dependency waves, independent nodes of a
//! wave in parallel on rayon's pool when they are expensive enough to pay for the hand-off,
//! and records per-node timings.

use crate::plan::{Plan, Source};
use indexmap::IndexMap;
use rayon::prelude::*;
use rheo_core::cancel;
use rheo_core::component::{Inputs, Outputs};
use rheo_core::{ComponentError, Shared, Value};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

/// A node is "expensive" when its last run took longer than this; a wave with at least two
/// expensive nodes runs in parallel. Cheaper nodes run inline: handing work to another
/// thread costs tens of microseconds.
const PARALLEL_MIN_NS: u64 = 200_000;

/// Per-operator timing of one execution.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeTiming {
    /// Index of the node in the plan.
    pub node: usize,
    /// Wall time of the component call, in seconds.
    pub seconds: f64,
}

/// The outputs of a successful run.
#[derive(Debug, Clone)]
pub struct RunOutput {
    /// Root outputs by name, in interface order.
    pub outputs: IndexMap<String, Shared>,
    /// Timings of the nodes that ran, in completion order.
    pub timings: Vec<NodeTiming>,
    /// Every node's outputs, by node index (`None` for nodes that did not run); kept for
    /// runtime-level requests that ask for individual node results.
    pub node_outputs: Vec<Option<Outputs>>,
}

/// A node failed.
#[derive(Debug, Clone)]
pub struct NodeFailure {
    /// The failing node.
    pub node: usize,
    /// What it raised (or what the engine found wrong with its result).
    pub error: ComponentError,
}

/// Which nodes must run: all of them with plots on; otherwise every node that is not pure
/// plot, plus whatever those read (a plot feeding another operator still runs, §5.6).
pub fn needed_nodes(plan: &Plan, run_pure_plot_operators: bool) -> Vec<bool> {
    let n = plan.nodes.len();
    if run_pure_plot_operators {
        return vec![true; n];
    }
    let mut needed = vec![false; n];
    let mut stack: Vec<usize> = (0..n).filter(|&i| !plan.nodes[i].pure_plot).collect();
    while let Some(i) = stack.pop() {
        if needed[i] {
            continue;
        }
        needed[i] = true;
        stack.extend(plan.nodes[i].deps.iter().copied());
    }
    needed
}

/// Dependency waves: every node of wave k reads only nodes of earlier waves. Iterative (an
/// explicit stack), so a workflow with a very long chain of operators cannot overflow the
/// thread's stack.
fn waves(plan: &Plan, needed: &[bool]) -> Vec<Vec<usize>> {
    let n = plan.nodes.len();
    let mut depth: Vec<Option<usize>> = vec![None; n];
    let mut out: Vec<Vec<usize>> = Vec::new();
    for i in (0..n).filter(|&i| needed[i]) {
        let d = depth_of(plan, i, &mut depth);
        if out.len() <= d {
            out.resize_with(d + 1, Vec::new);
        }
        out[d].push(i);
    }
    out
}

/// Longest dependency path below node `i` (memoised in `depth`); the plan is acyclic.
fn depth_of(plan: &Plan, i: usize, depth: &mut [Option<usize>]) -> usize {
    let mut stack = vec![i];
    while let Some(&top) = stack.last() {
        if depth[top].is_some() {
            stack.pop();
            continue;
        }
        let pending: Vec<usize> = plan.nodes[top]
            .deps
            .iter()
            .copied()
            .filter(|&j| depth[j].is_none())
            .collect();
        if pending.is_empty() {
            let d = plan.nodes[top]
                .deps
                .iter()
                .filter_map(|&j| depth[j])
                .map(|d| d + 1)
                .max()
                .unwrap_or(0);
            depth[top] = Some(d);
            stack.pop();
        } else {
            stack.extend(pending);
        }
    }
    depth[i].unwrap_or(0)
}

fn resolve(source: &Source, inputs: &[Shared], results: &[Option<Outputs>]) -> Option<Shared> {
    match source {
        Source::Const(v) => Some(v.clone()),
        Source::Input(i) => inputs.get(*i).cloned(),
        Source::Node { node, output } => results[*node]
            .as_ref()
            .and_then(|o| o.get(output.as_str()).cloned()),
    }
}

/// For every node, the outputs that a node which runs (or a root output that is not
/// skipped) reads.
fn demanded_outputs(
    plan: &Plan,
    needed: &[bool],
    run_pure_plot_operators: bool,
) -> Vec<Vec<&'static str>> {
    let mut demand: Vec<Vec<&'static str>> = vec![Vec::new(); plan.nodes.len()];
    let mut mark = |source: &Source| {
        if let Source::Node { node, output } = source {
            let spec = plan.nodes[*node].component.spec();
            if let Some(port) = spec.outputs.iter().find(|p| p.name == output) {
                if !demand[*node].contains(&port.name) {
                    demand[*node].push(port.name);
                }
            }
        }
    };
    for (i, node) in plan.nodes.iter().enumerate() {
        if needed[i] {
            node.inputs.iter().for_each(|(_, s)| mark(s));
        }
    }
    for out in &plan.outputs {
        let skipped = matches!(&out.source, Source::Node { node, .. } if !run_pure_plot_operators && plan.nodes[*node].pure_plot);
        if !skipped {
            mark(&out.source);
        }
    }
    demand
}

fn run_node(
    plan: &Plan,
    i: usize,
    inputs: &[Shared],
    results: &[Option<Outputs>],
    demand: &[&'static str],
) -> Result<(Outputs, f64), NodeFailure> {
    let node = &plan.nodes[i];
    cancel::checkpoint().map_err(|error| NodeFailure { node: i, error })?;
    let mut args = Inputs::new();
    args.set_demand(demand.to_vec());
    for (name, source) in &node.inputs {
        match resolve(source, inputs, results) {
            Some(v) => args.insert(name.clone(), v),
            None => {
                return Err(NodeFailure {
                    node: i,
                    error: ComponentError::new(
                        "MissingOutputException",
                        "Could not obtain output result from another node while preparing to run operator",
                    ),
                })
            }
        }
    }
    let start = Instant::now();
    let outputs = node
        .component
        .run(&args)
        .map_err(|error| NodeFailure { node: i, error })?;
    // A kernel that saw the cancellation may have stopped early: never use its outputs.
    cancel::checkpoint().map_err(|error| NodeFailure { node: i, error })?;
    let seconds = start.elapsed().as_secs_f64();
    for port in node
        .component
        .spec()
        .outputs
        .iter()
        .filter(|p| demand.contains(&p.name))
    {
        if !outputs.contains_key(port.name) {
            return Err(NodeFailure {
                node: i,
                error: ComponentError::new(
                    "MissingOutputException",
                    format!(
                        "Declared output '{}' not contained in returned dictionary.",
                        port.name
                    ),
                ),
            });
        }
    }
    Ok((outputs, seconds))
}

/// Runs `plan` with one value per root input (loaded data or defaults).
pub fn run(
    plan: &Plan,
    inputs: &[Shared],
    run_pure_plot_operators: bool,
) -> Result<RunOutput, NodeFailure> {
    let needed = needed_nodes(plan, run_pure_plot_operators);
    let demand = demanded_outputs(plan, &needed, run_pure_plot_operators);
    let mut results: Vec<Option<Outputs>> = vec![None; plan.nodes.len()];
    let mut timings = Vec::with_capacity(plan.nodes.len());
    for wave in waves(plan, &needed) {
        let expensive = wave
            .iter()
            .filter(|&&i| plan.nodes[i].last_cost_ns.load(Ordering::Relaxed) > PARALLEL_MIN_NS)
            .count();
        let done: Vec<Result<(usize, Outputs, f64), NodeFailure>> = if expensive < 2 {
            wave.iter()
                .map(|&i| run_node(plan, i, inputs, &results, &demand[i]).map(|(o, s)| (i, o, s)))
                .collect()
        } else {
            // Worker threads see this execution's cancellation token too.
            let token = cancel::current().unwrap_or_default();
            wave.par_iter()
                .map(|&i| {
                    cancel::scope(&token, || run_node(plan, i, inputs, &results, &demand[i]))
                        .map(|(o, s)| (i, o, s))
                })
                .collect()
        };
        for r in done {
            let (i, outputs, seconds) = r?;
            plan.nodes[i]
                .last_cost_ns
                .store((seconds * 1e9) as u64, Ordering::Relaxed);
            results[i] = Some(outputs);
            timings.push(NodeTiming { node: i, seconds });
        }
    }
    let empty_plot: Shared = Arc::new(Value::Json(serde_json::Value::Object(Default::default())));
    let mut outputs = IndexMap::with_capacity(plan.outputs.len());
    for out in &plan.outputs {
        let value = match &out.source {
            Source::Node { node, .. }
                if !run_pure_plot_operators && plan.nodes[*node].pure_plot =>
            {
                empty_plot.clone()
            }
            source => resolve(source, inputs, &results).unwrap_or_else(|| Arc::new(Value::Null)),
        };
        outputs.insert(out.name.clone(), value);
    }
    Ok(RunOutput {
        outputs,
        timings,
        node_outputs: results,
    })
}
