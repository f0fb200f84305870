//! [`Engine`]: resolves a request's transformation, plans it (cached), loads inputs through
//! adapters, runs the plan, delivers outputs and builds the hetida response.

use crate::exec::{self, NodeFailure};
use crate::plan::{hier_name, Plan, PlanError};
use crate::python::pool::PythonPool;
use crate::response::{
    ErrorInfo, ExecutionResponse, MeasuredSteps, OperatorInfo, OperatorTiming, Stage, Step,
};
use crate::store::Store;
use crate::wiring_check::complete_wiring;
use indexmap::IndexMap;
use rheo_adapters::Adapters;
use rheo_components::Registry;
use rheo_core::adapter::{AdapterError, SendContext};
use rheo_core::model::request::{ExecutionRequest, RequestForm, Target};
use rheo_core::model::transformation::TransformationRevision;
use rheo_core::model::wiring::{InputWiring, OutputWiring, WorkflowWiring};
use rheo_core::value::json_out::{self, Style};
use rheo_core::value::parse::{self, Raw};
use rheo_core::value::timestamp::now_isoformat;
use rheo_core::ErrorKind;
use rheo_core::Shared;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;
use uuid::Uuid;

/// Everything needed to execute requests: transformations, native components, adapters,
/// and a cache of plans by revision id. Cheap to share behind an `Arc`.
///
/// The store is an immutable snapshot swapped whole when the HTTP API changes it: an
/// execution keeps the snapshot it started with, and the plan cache is emptied on a swap
/// (a changed component changes the plans of the workflows using it).
pub struct Engine {
    store: RwLock<Arc<Store>>,
    registry: Registry,
    adapters: Adapters,
    plans: Mutex<HashMap<String, Arc<Plan>>>,
    python: Option<Arc<PythonPool>>,
}

/// The failure for a target the store does not hold.
fn not_found(target: &Target) -> ErrorInfo {
    let message = match target {
        Target::Id(id) => format!("Could not find transformation revision {id}"),
        Target::LatestOfGroup(gid) => format!(
            "Could not find any transformation revision with revision group id {gid}: \
             no released transformation revisions with revision group id {gid} found"
        ),
    };
    ErrorInfo::new(ErrorKind::TransformationNotFound, message, None)
}

/// A started measured step.
pub(crate) struct Timer {
    name: &'static str,
    start: String,
    t0: Instant,
}

impl Timer {
    pub(crate) fn start(name: &'static str) -> Self {
        Timer {
            name,
            start: now_isoformat(),
            t0: Instant::now(),
        }
    }

    fn stop(self) -> Step {
        Step {
            name: self.name,
            duration: self.t0.elapsed().as_secs_f64(),
            start: self.start,
            end: now_isoformat(),
        }
    }
}

/// Why the run part of an execution failed (boxed: errors are rare and large).
struct Failure(Box<ErrorInfo>);

impl From<ErrorInfo> for Failure {
    fn from(e: ErrorInfo) -> Self {
        Failure(Box::new(e))
    }
}

impl Engine {
    /// An engine over the given store, components and adapters.
    pub fn new(store: Store, registry: Registry, adapters: Adapters) -> Self {
        Engine {
            store: RwLock::new(Arc::new(store)),
            registry,
            adapters,
            plans: Mutex::new(HashMap::new()),
            python: None,
        }
    }

    /// The engine with `pool` running stored components that have no native
    /// implementation.
    pub fn with_python(mut self, pool: Arc<PythonPool>) -> Self {
        self.python = Some(pool);
        self
    }

    /// The Python workers, when configured (for `/metrics` and shutdown).
    pub fn python(&self) -> Option<&Arc<PythonPool>> {
        self.python.as_ref()
    }

    /// The current snapshot of the transformation store.
    pub fn store(&self) -> Arc<Store> {
        self.store.read().expect("store lock").clone()
    }

    /// Replaces the store by what `change` makes of a copy of it (revisions are shared, not
    /// copied), unless it fails; empties the plan cache. Changes are applied one at a time.
    pub fn update_store<T, E>(
        &self,
        change: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut current = self.store.write().expect("store lock");
        let mut next = Store::clone(&current);
        let out = change(&mut next)?;
        *current = Arc::new(next);
        self.plans.lock().expect("plan cache lock").clear();
        Ok(out)
    }

    /// The native component registry.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Parses a request payload in any supported form and executes it; a payload that is
    /// not a valid request yields a failure response saying why.
    pub fn execute_payload(&self, payload: &[u8]) -> ExecutionResponse {
        self.execute_payload_with_job_id(payload, None)
    }

    /// Like [`Engine::execute_payload`]; a request without `job_id` (and an unparsable one)
    /// gets `default_job_id` instead of a random one.
    pub fn execute_payload_with_job_id(
        &self,
        payload: &[u8],
        default_job_id: Option<Uuid>,
    ) -> ExecutionResponse {
        self.execute_record(payload, default_job_id, None)
    }

    /// Like [`Engine::execute_payload_with_job_id`] for a request that came as a Kafka
    /// record with `key`, which Kafka sinks then key their messages with.
    pub fn execute_record(
        &self,
        payload: &[u8],
        default_job_id: Option<Uuid>,
        key: Option<Arc<[u8]>>,
    ) -> ExecutionResponse {
        match ExecutionRequest::from_slice_with_job_id(payload, default_job_id) {
            Ok(mut req) => {
                req.record_key = key;
                self.execute(&req)
            }
            Err(e) => ExecutionResponse::rejected(
                default_job_id.unwrap_or_else(Uuid::new_v4),
                guess_form(payload),
                ErrorInfo::new(ErrorKind::RequestValidationError, e.to_string(), None),
            ),
        }
    }

    /// Resolves the request's target revision.
    pub fn resolve(&self, target: &Target) -> Result<Arc<TransformationRevision>, Box<ErrorInfo>> {
        let store = self.store();
        let found = match target {
            Target::Id(id) => store.get(id),
            Target::LatestOfGroup(gid) => store.latest_released(gid),
        };
        found.cloned().ok_or_else(|| Box::new(not_found(target)))
    }

    /// The (cached) plan of a revision.
    pub fn plan(&self, trafo: &TransformationRevision) -> Result<Arc<Plan>, PlanError> {
        if let Some(p) = self.plans.lock().expect("plan cache lock").get(&trafo.id) {
            return Ok(p.clone());
        }
        let plan = Arc::new(Plan::build_with(
            trafo,
            &self.store(),
            &self.registry,
            self.python.as_ref(),
        )?);
        self.plans
            .lock()
            .expect("plan cache lock")
            .insert(trafo.id.clone(), plan.clone());
        Ok(plan)
    }

    /// The adapters executions load from and send to.
    pub fn adapters(&self) -> &Adapters {
        &self.adapters
    }

    /// Executes one request. Blocking and CPU-bound: call it off any async runtime.
    pub fn execute(&self, req: &ExecutionRequest) -> ExecutionResponse {
        self.execute_using(req, &self.adapters)
    }

    /// Executes one request with `adapters` instead of the engine's own (one execution's
    /// view, such as consumption mode's consumed message as its Kafka source).
    pub fn execute_using(&self, req: &ExecutionRequest, adapters: &Adapters) -> ExecutionResponse {
        let timers = (
            Timer::start("internal_full"),
            Timer::start("prepare_execution_input"),
        );
        let mut response = ExecutionResponse::new(req.job_id, req.form);
        response
            .reproducibility_references
            .clone_from(&req.reproducibility_references);
        let trafo = match self.resolve(&req.target) {
            Ok(t) => t,
            Err(e) => {
                response.error = Some(*e);
                return response;
            }
        };
        let plan = self.plan(&trafo);
        let run = Run { req, adapters };
        self.execute_planned(&trafo, plan, run, response, timers)
    }

    /// Executes a resolved revision with its plan (or reports why it has none): completes
    /// the wiring, runs, and fills `response`. `timers` are the full and preparation steps,
    /// started by the caller.
    pub(crate) fn execute_planned(
        &self,
        trafo: &TransformationRevision,
        plan: Result<Arc<Plan>, PlanError>,
        execution: Run<'_>,
        mut response: ExecutionResponse,
        (full, prepare): (Timer, Timer),
    ) -> ExecutionResponse {
        let req = execution.req;
        response.transformation_id = Some(trafo.id.clone());
        response.output_types = trafo
            .io_interface
            .outputs
            .iter()
            .map(|o| (o.name.clone().unwrap_or_default(), o.data_type))
            .collect();
        let plan = match plan {
            Ok(p) => p,
            Err(e) => {
                response.error = Some(plan_failure(&e));
                response.measured_steps = MeasuredSteps {
                    prepare_execution_input: Some(prepare.stop()),
                    internal_full: Some(full.stop()),
                    ..Default::default()
                };
                return response;
            }
        };
        let mut wiring = req
            .wiring
            .clone()
            .or_else(|| trafo.test_wiring.clone())
            .unwrap_or_default();
        if let Err(message) = complete_wiring(&plan, &mut wiring) {
            response.error = Some(ErrorInfo::new(
                ErrorKind::WiringValidationError,
                message,
                None,
            ));
            return response;
        }
        let prepare = prepare.stop();

        let run = Timer::start("run_execution_input");
        let runtime = Timer::start("RUNTIME_SERVICE");
        let outcome = self.run(&plan, &wiring, execution, &trafo.id);
        let mut steps = outcome.steps;
        steps.runtime_service_handling = Some(runtime.stop());
        steps.run_execution_input = Some(run.stop());
        steps.prepare_execution_input = Some(prepare);
        response.operator_timings = outcome.operator_timings;
        response.node_results = outcome.node_results;
        match outcome.outputs {
            Ok(outputs) => response.outputs = outputs,
            Err(Failure(e)) => {
                response.traceback = e.traceback.clone();
                response.error = Some(*e);
                steps.runtime_service_handling = None;
                steps.pure_execution = None;
                steps.load_data = None;
                steps.send_data = None;
            }
        }
        steps.internal_full = Some(full.stop());
        response.measured_steps = steps;
        response
    }

    /// Runs a planned workflow: loads and parses its inputs, executes the operators, sends
    /// and encodes the outputs, measuring each step.
    fn run(
        &self,
        plan: &Plan,
        wiring: &WorkflowWiring,
        run: Run<'_>,
        trafo_id: &str,
    ) -> RunOutcome {
        let Run { req, adapters } = run;
        let style = match req.form {
            RequestForm::Legacy => Style::Legacy,
            RequestForm::Current | RequestForm::Runtime => Style::Current,
        };
        let mut steps = MeasuredSteps::default();
        let load = Timer::start("LOADING_DATA_FROM_ADAPTERS");
        let inputs = match workflow_inputs(adapters, plan, &wiring.input_wirings) {
            Ok(inputs) => inputs,
            Err(f) => return RunOutcome::failed(f, steps),
        };
        steps.load_data = Some(load.stop());

        let pure = Timer::start("EXECUTING_COMPONENT_CODE");
        let root_id = Uuid::new_v4().to_string();
        let out = match exec::run(plan, &inputs, req.run_pure_plot_operators) {
            Ok(out) => out,
            Err(f) => return RunOutcome::failed(node_error(plan, f, &root_id), steps),
        };
        steps.pure_execution = Some(pure.stop());
        let operator_timings = operator_timings(plan, &out.timings);

        let send = Timer::start("SENDING_DATA_TO_ADAPTERS");
        let context = SendContext {
            job_id: req.job_id,
            transformation_id: trafo_id,
            record_key: req.record_key.as_deref(),
        };
        let outputs = send_outputs(adapters, &wiring.output_wirings, &out.outputs, context)
            .and_then(|delivered| encode_outputs(&delivered, style));
        steps.send_data = Some(send.stop());
        let node_results = req
            .return_node_results
            .then(|| node_results_text(plan, &out.node_outputs));
        RunOutcome {
            outputs,
            steps,
            operator_timings,
            node_results,
        }
    }
}

/// The workflow's input values, in plan order: loaded by the adapters and parsed into
/// their declared types, or the inputs' defaults.
fn workflow_inputs(
    adapters: &Adapters,
    plan: &Plan,
    wirings: &[InputWiring],
) -> Result<Vec<Shared>, Failure> {
    let mut loaded = load_inputs(adapters, wirings)?;
    let mut inputs: Vec<Shared> = Vec::with_capacity(plan.inputs.len());
    for input in &plan.inputs {
        let value = match loaded.remove(&input.name) {
            Some(raw) => parse::parse(raw, input.data_type)
                .map(Arc::new)
                .map_err(|e| {
                    ErrorInfo::new(
                        ErrorKind::InputParsingError,
                        format!(
                            "Could not parse the value of workflow input '{}' as {}: {e}",
                            input.name, input.data_type
                        ),
                        Some(Stage::ParsingLoadedData),
                    )
                })?,
            None => match &input.default {
                Some(d) => d.clone(),
                None => {
                    return Err(ErrorInfo::new(
                        ErrorKind::Workflow("MissingInputSource"),
                        format!(
                            "Workflow input '{}' has neither loaded data nor a default",
                            input.name
                        ),
                        Some(Stage::ExecutingComponentCode),
                    )
                    .into())
                }
            },
        };
        inputs.push(value);
    }
    Ok(inputs)
}

/// Loads the wired inputs: one call per adapter with all of its wirings (hetida's
/// grouping), every adapter at once. Blocks the calling thread until all have answered
/// or one failed; adapters bound their own waiting (`external_request_timeout_seconds`).
fn load_inputs<'w>(
    adapters: &Adapters,
    wirings: &'w [InputWiring],
) -> Result<HashMap<String, Raw<'w>>, Failure> {
    let mut groups: IndexMap<String, Vec<&'w InputWiring>> = IndexMap::new();
    for w in wirings.iter().filter(|w| !w.use_default_value) {
        groups.entry(w.adapter_id.key()).or_default().push(w);
    }
    let mut calls = Vec::with_capacity(groups.len());
    let mut waits = false;
    for (key, group) in &groups {
        let adapter = adapters.source(key).ok_or_else(|| {
            missing_adapter(
                "source",
                key,
                &group[0].workflow_input_name,
                Stage::LoadingData,
            )
        })?;
        waits |= adapter.waits();
        calls.push(adapter.load(group));
    }
    let loaded = off_slot_if(waits, || each_on_its_thread(calls))
        .map_err(|e| adapter_failure(e, Stage::LoadingData))?;
    Ok(loaded.into_iter().flatten().collect())
}

/// Sends the outputs to their sinks, every adapter at once; resolves to the outputs no
/// sink took (those the response carries).
fn send_outputs(
    adapters: &Adapters,
    wirings: &[OutputWiring],
    results: &IndexMap<String, Shared>,
    context: SendContext<'_>,
) -> Result<IndexMap<String, Shared>, Failure> {
    let mut groups: IndexMap<String, Vec<&OutputWiring>> = IndexMap::new();
    for w in wirings {
        groups.entry(w.adapter_id.key()).or_default().push(w);
    }
    let mut calls = Vec::with_capacity(groups.len());
    let mut waits = false;
    for (key, group) in &groups {
        let adapter = adapters.sink(key).ok_or_else(|| {
            missing_adapter(
                "sink",
                key,
                &group[0].workflow_output_name,
                Stage::SendingData,
            )
        })?;
        waits |= adapter.waits();
        calls.push(adapter.send(group, results, context));
    }
    let rest = off_slot_if(waits, || each_on_its_thread(calls))
        .map_err(|e| adapter_failure(e, Stage::SendingData))?;
    Ok(rest.into_iter().flatten().collect())
}

/// One execution: the request and the adapters it loads from and sends to.
#[derive(Clone, Copy)]
pub(crate) struct Run<'a> {
    /// The request.
    pub req: &'a ExecutionRequest,
    /// The adapters.
    pub adapters: &'a Adapters,
}

/// Drives the adapter calls of one request to completion at the same time: the first on
/// this thread, every further one on a scoped thread of its own (adapters may block on files
/// and database connections). The first failure in call order is returned; an adapter that
/// panics (a reader meeting a file it cannot handle) fails its call, not the process.
/// Runs adapter `calls` without the execution's CPU slot when one of the adapters `waits`
/// for I/O: waiting must not hold a slot other requests could compute in.
fn off_slot_if<R>(waits: bool, calls: impl FnOnce() -> R) -> R {
    if waits {
        crate::cpu_slot::released_while(calls)
    } else {
        calls()
    }
}

fn each_on_its_thread<T: Send>(
    calls: Vec<rheo_core::adapter::AdapterFuture<'_, T>>,
) -> Result<Vec<T>, AdapterError> {
    let mut calls = calls.into_iter();
    let Some(first) = calls.next() else {
        return Ok(Vec::new());
    };
    let guarded = |call: rheo_core::adapter::AdapterFuture<'_, T>| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            futures::executor::block_on(call)
        }))
        .unwrap_or_else(|panic| Err(adapter_panicked(panic.as_ref())))
    };
    std::thread::scope(|scope| {
        let others: Vec<_> = calls
            .map(|call| scope.spawn(move || guarded(call)))
            .collect();
        let mut results = vec![guarded(first)];
        for handle in others {
            results.push(
                handle
                    .join()
                    .unwrap_or_else(|p| Err(adapter_panicked(p.as_ref()))),
            );
        }
        results.into_iter().collect()
    })
}

fn adapter_panicked(panic: &(dyn std::any::Any + Send)) -> AdapterError {
    let what = rheo_core::error::panic_message(panic);
    AdapterError::handling(format!("the adapter failed unexpectedly: {what}"))
}

/// A wiring names an adapter this instance does not have (not configured, or unknown).
fn missing_adapter(direction: &str, key: &str, wired: &str, stage: Stage) -> Failure {
    let what = if direction == "source" {
        "input"
    } else {
        "output"
    };
    let hint = match key {
        "local-file-adapter" => "; set RUNTIME_LOCAL_FILE_ADAPTER_LOCAL_DIRECTORIES",
        "sql-adapter" => "; set SQL_ADAPTER_SQL_DATABASES (and SQL_ADAPTER_ACTIVE)",
        "blob-storage-adapter" => "; set BLOB_STORAGE_ADAPTER_HIERARCHY_LOCATION",
        "kafka" => "",
        _ => {
            "; register generic REST adapters in HETIDA_DESIGNER_ADAPTERS (id|name|url|internalUrl)"
        }
    };
    ErrorInfo::new(
        ErrorKind::Adapter("AdapterHandlingException".into()),
        format!(
            "No {direction} adapter '{key}' is available in this Rheo instance (wired for {what} '{wired}'){hint}"
        ),
        Some(stage),
    )
    .into()
}

/// An adapter's own failure, at the stage it happened in.
fn adapter_failure(e: AdapterError, stage: Stage) -> Failure {
    ErrorInfo::new(ErrorKind::Adapter(e.type_name), e.message, Some(stage)).into()
}

/// What [`Engine::run`] produced: the encoded outputs (or the failure), the measured steps
/// and the operators' timings.
struct RunOutcome {
    outputs: Result<IndexMap<String, String>, Failure>,
    steps: MeasuredSteps,
    operator_timings: Vec<OperatorTiming>,
    node_results: Option<String>,
}

impl RunOutcome {
    fn failed(failure: Failure, steps: MeasuredSteps) -> Self {
        RunOutcome {
            outputs: Err(failure),
            steps,
            operator_timings: Vec::new(),
            node_results: None,
        }
    }
}

/// Each operator's execution time, named by its place in the workflow.
fn operator_timings(plan: &Plan, timings: &[exec::NodeTiming]) -> Vec<OperatorTiming> {
    timings
        .iter()
        .map(|t| {
            let node = &plan.nodes[t.node];
            OperatorTiming {
                operator: hier_name(&plan.root_name, &node.path_names),
                operator_id: node.path_ids.last().cloned().unwrap_or_default(),
                seconds: t.seconds,
            }
        })
        .collect()
}

/// The failure of a revision that could not be planned: every problem the planner found,
/// the first one's kind as the error type.
fn plan_failure(e: &PlanError) -> ErrorInfo {
    let mut info = ErrorInfo::new(
        ErrorKind::Workflow(e.issues[0].kind.as_str()),
        e.to_string(),
        Some(Stage::ParsingWorkflow),
    );
    info.extra_information = Some(serde_json::json!({
        "issues": e.issues.iter().map(|i| serde_json::json!({"type": i.kind.as_str(), "message": i.message})).collect::<Vec<_>>()
    }));
    info
}

/// `node_results` of a runtime-level response: a line per operator that ran, in plan order,
/// naming it and giving its outputs as JSON (hetida concatenates Python's `str()` of each
/// result instead, which has no stable form to copy).
fn node_results_text(plan: &Plan, outputs: &[Option<rheo_core::component::Outputs>]) -> String {
    let mut text = String::new();
    for (node, outs) in plan.nodes.iter().zip(outputs) {
        let Some(outs) = outs else { continue };
        let mut fields = Vec::with_capacity(outs.len());
        for (name, value) in outs.iter() {
            let json = json_out::to_json_string(value, Style::Current)
                .unwrap_or_else(|e| Json::from(format!("<not encodable: {e}>")).to_string());
            fields.push(format!("{}:{json}", Json::from(*name)));
        }
        let _ = writeln!(
            text,
            "{} ({}): {{{}}}",
            hier_name(&plan.root_name, &node.path_names),
            node.path_ids.last().map(String::as_str).unwrap_or(""),
            fields.join(",")
        );
    }
    text
}

/// The delivered outputs as JSON text in the request's response style.
fn encode_outputs(
    delivered: &IndexMap<String, Shared>,
    style: Style,
) -> Result<IndexMap<String, String>, Failure> {
    let mut encoded = IndexMap::with_capacity(delivered.len());
    for (name, value) in delivered {
        let json = json_out::to_json_string(value, style).map_err(|e| {
            ErrorInfo::new(
                ErrorKind::Raised("ValueError".into()),
                format!("Could not encode output '{name}': {e}"),
                Some(Stage::EncodingResults),
            )
        })?;
        encoded.insert(name.clone(), json);
    }
    Ok(encoded)
}

fn node_error(plan: &Plan, f: NodeFailure, root_id: &str) -> Failure {
    let node = &plan.nodes[f.node];
    let mut by_name = vec![plan.root_name.clone()];
    by_name.extend(node.path_names.iter().cloned());
    let mut by_id = vec![root_id.to_string()];
    by_id.extend(node.path_ids.iter().cloned());
    let message = f.error.message.clone();
    Failure(Box::new(ErrorInfo {
        kind: ErrorKind::Raised(f.error.type_name),
        error_code: f.error.error_code.map(|b| *b),
        message,
        extra_information: f.error.extra_information.map(|b| *b),
        traceback: f.error.traceback.map(|b| *b),
        stage: Some(Stage::ExecutingComponentCode),
        operator_info: Some(OperatorInfo {
            transformation: node.info.clone(),
            by_name,
            by_id,
        }),
    }))
}

/// Whether an unparsable payload looks like a legacy request (to answer in its shape).
fn guess_form(payload: &[u8]) -> RequestForm {
    let head = &payload[..payload.len().min(4096)];
    if head.windows(12).any(|w| w == b"\"workflowId\"") {
        RequestForm::Legacy
    } else {
        RequestForm::Current
    }
}
