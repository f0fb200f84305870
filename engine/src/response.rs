//! Execution responses: hetida 0.9.8's `ExecutionResponseFrontendDto` (§4) and the legacy
//! ≤0.6 result shape, written as compact JSON with already-encoded outputs spliced in.

use crate::plan::TrafoInfo;
use indexmap::IndexMap;
use rheo_core::model::request::RequestForm;
use rheo_core::DataType;
use rheo_core::ErrorKind;
use serde_json::{json, Value as Json};
use std::fmt::Write as _;
use uuid::Uuid;

/// hetida's process stages (`error.process_stage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Building the executable graph.
    ParsingWorkflow,
    /// Adapters loading inputs.
    LoadingData,
    /// Parsing loaded inputs by type (hetida never reports it; Rheo does).
    ParsingLoadedData,
    /// Running components.
    ExecutingComponentCode,
    /// Adapters receiving outputs.
    SendingData,
    /// Encoding results.
    EncodingResults,
}

impl Stage {
    /// hetida's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::ParsingWorkflow => "PARSING_WORKFLOW",
            Stage::LoadingData => "LOADING_DATA_FROM_ADAPTERS",
            Stage::ParsingLoadedData => "PARSING_LOADED_DATA",
            Stage::ExecutingComponentCode => "EXECUTING_COMPONENT_CODE",
            Stage::SendingData => "SENDING_DATA_TO_ADAPTERS",
            Stage::EncodingResults => "ENCODING_RESULTS_TO_JSON",
        }
    }
}

/// Where in the workflow an error happened (`error.operator_info`).
#[derive(Debug, Clone, PartialEq)]
pub struct OperatorInfo {
    /// The transformation whose code or graph failed.
    pub transformation: TrafoInfo,
    /// Names from the root workflow down to the failing operator.
    pub by_name: Vec<String>,
    /// Ids along the same path (the root id is fresh per execution).
    pub by_id: Vec<String>,
}

/// The `error` object of a failure response.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorInfo {
    /// What went wrong; its name is the result's `error.type`.
    pub kind: ErrorKind,
    /// hetida `error_code`.
    pub error_code: Option<Json>,
    /// The message.
    pub message: String,
    /// hetida `extra_information`.
    pub extra_information: Option<Json>,
    /// The stage; `None` for problems with the request itself.
    pub stage: Option<Stage>,
    /// The failing operator, where there is one.
    pub operator_info: Option<OperatorInfo>,
    /// The Python traceback, for an exception of component code run in Python.
    pub traceback: Option<String>,
}

impl ErrorInfo {
    /// An error without operator context.
    pub fn new(kind: ErrorKind, message: impl Into<String>, stage: Option<Stage>) -> Self {
        ErrorInfo {
            kind,
            error_code: None,
            message: message.into(),
            extra_information: None,
            stage,
            operator_info: None,
            traceback: None,
        }
    }

    fn to_json(&self) -> Json {
        let operator_info = self.operator_info.as_ref().map(|o| {
            json!({
                "transformation_info": {
                    "id": o.transformation.id,
                    "name": o.transformation.name,
                    "tag": o.transformation.tag,
                    "type": o.transformation.trafo_type.as_str(),
                },
                "hierarchy_in_workflow": {"by_name": o.by_name, "by_id": o.by_id},
            })
        });
        let in_component = self.stage == Some(Stage::ExecutingComponentCode)
            && self.operator_info.as_ref().is_some_and(|o| {
                o.transformation.trafo_type
                    == rheo_core::model::transformation::TrafoType::Component
            });
        json!({
            "type": self.kind.as_str(),
            "error_code": self.error_code,
            "message": self.message,
            "extra_information": self.extra_information,
            "process_stage": self.stage.map(Stage::as_str),
            "operator_info": operator_info,
            "location": {
                "file": if in_component { "COMPONENT CODE" } else { "rheo-engine" },
                "function_name": if in_component { "main" } else { self.stage.map(Stage::as_str).unwrap_or("request") },
                "line_number": 0,
            },
        })
    }
}

/// One entry of `measured_steps`.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// hetida's step name.
    pub name: &'static str,
    /// Start (Python isoformat, UTC).
    pub start: String,
    /// End.
    pub end: String,
    /// Seconds.
    pub duration: f64,
}

/// hetida's `measured_steps` (§4.1).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeasuredSteps {
    /// Whole handling.
    pub internal_full: Option<Step>,
    /// Resolving, planning, wiring checks.
    pub prepare_execution_input: Option<Step>,
    /// Running.
    pub run_execution_input: Option<Step>,
    /// Runtime part of running.
    pub runtime_service_handling: Option<Step>,
    /// Component code.
    pub pure_execution: Option<Step>,
    /// Adapters loading.
    pub load_data: Option<Step>,
    /// Adapters sending.
    pub send_data: Option<Step>,
}

impl MeasuredSteps {
    /// hetida's `measured_steps` object.
    pub fn to_json(&self) -> Json {
        let s = |step: &Option<Step>| {
            step.as_ref().map(
                |s| json!({"name": s.name, "start": s.start, "end": s.end, "duration": s.duration}),
            )
        };
        json!({
            "internal_full": s(&self.internal_full),
            "prepare_execution_input": s(&self.prepare_execution_input),
            "run_execution_input": s(&self.run_execution_input),
            "runtime_service_handling": s(&self.runtime_service_handling),
            "pure_execution": s(&self.pure_execution),
            "load_data": s(&self.load_data),
            "send_data": s(&self.send_data),
        })
    }
}

/// Timing of one operator (not part of hetida's body; logged and shown by the CLI).
#[derive(Debug, Clone, PartialEq)]
pub struct OperatorTiming {
    /// Hierarchical operator name (`\Root\Operator\`).
    pub operator: String,
    /// Operator id.
    pub operator_id: String,
    /// Seconds.
    pub seconds: f64,
}

/// The result of one execution request.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionResponse {
    /// `None` on success.
    pub error: Option<ErrorInfo>,
    /// Outputs delivered by direct provisioning, already encoded as JSON text.
    pub outputs: IndexMap<String, String>,
    /// Informational trace of the failure.
    pub traceback: Option<String>,
    /// The job id.
    pub job_id: Uuid,
    /// Step timings.
    pub measured_steps: MeasuredSteps,
    /// Every root output's declared type.
    pub output_types: IndexMap<String, DataType>,
    /// OS process id.
    pub process_id: Option<u32>,
    /// The request form, which decides the response shape.
    pub form: RequestForm,
    /// Per-operator timings of the run.
    pub operator_timings: Vec<OperatorTiming>,
    /// The revision that ran (for run records; not part of hetida's body).
    pub transformation_id: Option<String>,
    /// Every operator's results, when a runtime-level request asked for them.
    pub node_results: Option<String>,
    /// The request's `resolved_reproducibility_references`, echoed (newer hetida versions
    /// answer with this field).
    pub reproducibility_references: Option<Json>,
}

impl ExecutionResponse {
    /// Whether the execution succeeded.
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }

    /// `"ok"` or `"failure"`.
    pub fn status(&self) -> &'static str {
        if self.is_ok() {
            "ok"
        } else {
            "failure"
        }
    }

    /// A failure response for a request that could not be executed at all.
    pub fn rejected(job_id: Uuid, form: RequestForm, error: ErrorInfo) -> Self {
        ExecutionResponse {
            error: Some(error),
            ..Self::new(job_id, form)
        }
    }

    /// An empty successful response, filled in while executing.
    pub fn new(job_id: Uuid, form: RequestForm) -> Self {
        ExecutionResponse {
            error: None,
            outputs: IndexMap::new(),
            traceback: None,
            job_id,
            measured_steps: MeasuredSteps::default(),
            output_types: IndexMap::new(),
            process_id: Some(std::process::id()),
            form,
            operator_timings: Vec::new(),
            transformation_id: None,
            node_results: None,
            reproducibility_references: None,
        }
    }

    /// The response body in the shape of the request's form, as compact JSON.
    pub fn to_json(&self) -> String {
        match self.form {
            RequestForm::Current => self.to_json_current(),
            RequestForm::Legacy => self.to_json_legacy(),
            RequestForm::Runtime => self.to_json_runtime(),
        }
    }

    fn write_outputs(&self, out: &mut String) {
        out.push('{');
        for (i, (name, json)) in self.outputs.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&Json::from(name.as_str()).to_string());
            out.push(':');
            out.push_str(json);
        }
        out.push('}');
    }

    fn types_json(&self) -> Json {
        Json::Object(
            self.output_types
                .iter()
                .map(|(k, t)| (k.clone(), Json::from(t.as_str())))
                .collect(),
        )
    }

    /// The fields both the current and the runtime-level shape open with, up to `result`
    /// (the object left open).
    fn write_common(&self) -> String {
        let mut out =
            String::with_capacity(256 + self.outputs.values().map(String::len).sum::<usize>());
        out.push_str("{\"error\":");
        out.push_str(&self.error_json().to_string());
        out.push_str(",\"output_results_by_output_name\":");
        self.write_outputs(&mut out);
        let _ = write!(
            out,
            ",\"traceback\":{},\"job_id\":\"{}\",\"measured_steps\":{},\"result\":\"{}\"",
            Json::from(self.traceback.clone()),
            self.job_id.hyphenated(),
            self.measured_steps.to_json(),
            self.status(),
        );
        out
    }

    fn to_json_current(&self) -> String {
        let mut out = self.write_common();
        let _ = write!(
            out,
            ",\"output_types_by_output_name\":{},\"process_id\":{}",
            self.types_json(),
            self.process_id
                .map(|p| p.to_string())
                .unwrap_or_else(|| "null".into()),
        );
        if let Some(refs) = &self.reproducibility_references {
            let _ = write!(out, ",\"resolved_reproducibility_references\":{refs}");
        }
        out.push('}');
        out
    }

    /// hetida's `WorkflowExecutionResult` (§1.6): the current shape without
    /// `output_types_by_output_name` and `process_id`, with `node_results`.
    fn to_json_runtime(&self) -> String {
        let mut out = self.write_common();
        let _ = write!(
            out,
            ",\"node_results\":{}}}",
            Json::from(self.node_results.clone())
        );
        out
    }

    fn error_json(&self) -> Json {
        self.error
            .as_ref()
            .map(ErrorInfo::to_json)
            .unwrap_or(Json::Null)
    }

    fn to_json_legacy(&self) -> String {
        let mut out =
            String::with_capacity(128 + self.outputs.values().map(String::len).sum::<usize>());
        match &self.error {
            None => {
                out.push_str("{\"success\":true,\"errors\":[],\"output_results_by_output_name\":");
                self.write_outputs(&mut out);
                let _ = write!(
                    out,
                    ",\"output_types_by_output_name\":{}}}",
                    self.types_json()
                );
            }
            Some(e) => {
                let _ = write!(
                    out,
                    "{{\"success\":false,\"errors\":[{}],\"output_results_by_output_name\":null,\"output_types_by_output_name\":null}}",
                    json!({"code": "WORKFLOW_EXECUTION_ERROR", "message": format!("{}: {}", e.kind, e.message)})
                );
            }
        }
        out
    }
}
