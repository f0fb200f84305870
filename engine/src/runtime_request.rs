//! Runtime-level requests (`POST /engine/runtime`, hetida-compat §1.6): a hetida backend that
//! delegates execution to a runtime service sends the whole workflow tree, its component
//! revisions and their code. Rheo maps the tree onto workflow revisions in a store of their
//! own (the request is self-contained and never touches the transformation store), plans it
//! without caching and runs it like any other request.

use crate::engine::{Engine, Timer};
use crate::plan::Plan;
use crate::py_component::component_from_py;
use crate::response::{ErrorInfo, ExecutionResponse, Stage};
use crate::store::Store;
use rheo_core::model::request::{ExecutionRequest, RequestForm, Target};
use rheo_core::model::runtime::{RuntimeInputError, WorkflowExecutionInput};
use rheo_core::model::transformation::TrafoType;
use rheo_core::ErrorKind;
use std::sync::Arc;
use uuid::Uuid;

impl Engine {
    /// Executes a runtime-level request. Blocking and CPU-bound: call it off any async
    /// runtime. The answer is hetida's `WorkflowExecutionResult`; problems with the tree
    /// (unknown operators, connectors or components) are failures of the parsing stage.
    pub fn execute_runtime(&self, input: &WorkflowExecutionInput) -> ExecutionResponse {
        let timers = (
            Timer::start("internal_full"),
            Timer::start("prepare_execution_input"),
        );
        let job_id = input.job_id.unwrap_or_else(Uuid::new_v4);
        let mut response = ExecutionResponse::new(job_id, RequestForm::Runtime);
        let store = self.store();
        let revisions = input.to_revisions(|id| {
            store
                .get(id)
                .filter(|t| t.trafo_type == TrafoType::Component)
                .map(|t| (**t).clone())
                .or_else(|| {
                    let c = self.registry().get(id)?;
                    Some(rheo_components::definition(c.spec()))
                })
        });
        let revisions = match revisions {
            Ok(r) => r,
            Err(e) => {
                response.error = Some(tree_failure(&e));
                return response;
            }
        };
        let mut own = Store::new();
        for mut rev in revisions.others {
            if rev.trafo_type == TrafoType::Component && rev.category.is_none() {
                rev.category = category_from_code(input, &rev.id);
            }
            own.insert(rev);
        }
        let plan = Plan::build(&revisions.root, &own, self.registry()).map(Arc::new);
        let req = ExecutionRequest {
            target: Target::Id(revisions.root.id.clone()),
            wiring: Some(input.workflow_wiring.clone()),
            run_pure_plot_operators: input.configuration.run_pure_plot_operators,
            job_id,
            form: RequestForm::Runtime,
            return_node_results: input.configuration.return_individual_node_results,
            reproducibility_references: None,
            record_key: None,
        };
        let run = crate::engine::Run {
            req: &req,
            adapters: self.adapters(),
        };
        self.execute_planned(&revisions.root, plan, run, response, timers)
    }
}

/// The category a component's code module declares in `COMPONENT_INFO`, which together with
/// name and version tag finds the native implementation of a component Rheo knows under
/// another id.
fn category_from_code(input: &WorkflowExecutionInput, component_id: &str) -> Option<String> {
    let component = input.components.iter().find(|c| c.uuid == component_id)?;
    let module_id = component
        .code_module_uuid
        .as_deref()
        .unwrap_or(component_id);
    let module = input.code_modules.iter().find(|m| m.uuid == module_id)?;
    component_from_py(&module.code).ok()?.category
}

/// A tree that does not hold together fails where hetida's would: while parsing the workflow.
fn tree_failure(e: &RuntimeInputError) -> ErrorInfo {
    let kind = match e {
        RuntimeInputError::UnknownComponent { .. } => {
            ErrorKind::Workflow("ComponentRevisionDoesNotExist")
        }
        RuntimeInputError::UnknownOperator { .. } | RuntimeInputError::UnknownConnector { .. } => {
            ErrorKind::Workflow("ConnectionInvalidError")
        }
        RuntimeInputError::NotUnique(_) | RuntimeInputError::Engine(_) => {
            ErrorKind::RequestValidationError
        }
    };
    ErrorInfo::new(kind, e.to_string(), Some(Stage::ParsingWorkflow))
}
