//! hetida's wiring completeness check (§2.4) and the auto-added output wirings.

use crate::plan::Plan;
use rheo_core::model::wiring::{OutputWiring, WorkflowWiring};
use std::collections::HashSet;

/// Validates `wiring` against the plan's inputs and outputs and appends a direct-provisioning
/// output wiring for every unwired output. Returns hetida's message on the first problem.
pub fn complete_wiring(plan: &Plan, wiring: &mut WorkflowWiring) -> Result<(), String> {
    let mut seen = HashSet::new();
    for w in &wiring.input_wirings {
        if !seen.insert(w.workflow_input_name.as_str()) {
            return Err(
                "Duplicates in workflow input names occuring in the input wirings not allowed."
                    .into(),
            );
        }
    }
    let mut seen = HashSet::new();
    for w in &wiring.output_wirings {
        if !seen.insert(w.workflow_output_name.as_str()) {
            return Err(
                "Duplicates in workflow output names occuring in the output wirings not allowed."
                    .into(),
            );
        }
    }
    for input in plan.inputs.iter().filter(|i| i.default.is_none()) {
        if !wiring
            .input_wirings
            .iter()
            .any(|w| w.workflow_input_name == input.name)
        {
            return Err(format!(
                "Wiring Incomplete: Workflow Input '{}' has no wiring!",
                input.name
            ));
        }
    }
    for w in &wiring.input_wirings {
        if !plan.inputs.iter().any(|i| i.name == w.workflow_input_name) {
            return Err(format!(
                "Wiring does not match: There is no workflow input '{}'!",
                w.workflow_input_name
            ));
        }
    }
    for out in &plan.outputs {
        if !wiring
            .output_wirings
            .iter()
            .any(|w| w.workflow_output_name == out.name)
        {
            wiring.output_wirings.push(OutputWiring::direct(&out.name));
        }
    }
    for w in &wiring.output_wirings {
        if !plan
            .outputs
            .iter()
            .any(|o| o.name == w.workflow_output_name)
        {
            return Err(format!(
                "Wiring does not match: There is no workflow output '{}'!",
                w.workflow_output_name
            ));
        }
    }
    Ok(())
}
