//! Execution requests: hetida 0.9.8 `execute` (`ExecByIdInput`), `execute-latest`
//! (`ExecLatestByGroupIdInput`) and the legacy ≤0.6 Kafka payload, mapped onto one
//! [`ExecutionRequest`] (hetida-compat §1).

use super::wiring::WorkflowWiring;
use serde::Deserialize;
use serde_json::Value as Json;
use thiserror::Error;
use uuid::Uuid;

/// Which transformation a request wants executed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A revision by id.
    Id(String),
    /// The latest RELEASED revision of a revision group.
    LatestOfGroup(String),
}

/// The payload form a request arrived in; the response is written in the matching form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestForm {
    /// 0.9.8 `execute` or `execute-latest` payload.
    Current,
    /// hetida ≤0.6 Kafka payload (`workflowId`, `configuration`, `workflow_wiring`).
    Legacy,
    /// The runtime-level `WorkflowExecutionInput` (`POST /engine/runtime`, §1.6): answered
    /// as `WorkflowExecutionResult`.
    Runtime,
}

/// One execution request, whatever form it came in.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionRequest {
    /// What to run.
    pub target: Target,
    /// The wiring; `None` means "use the stored test wiring" (only for [`Target::Id`]).
    pub wiring: Option<WorkflowWiring>,
    /// Whether operators whose outputs are all PLOTLYJSON run (§5.6).
    pub run_pure_plot_operators: bool,
    /// The job id (generated when the request has none).
    pub job_id: Uuid,
    /// The form the request came in.
    pub form: RequestForm,
    /// Whether the response lists every operator's results (runtime-level requests'
    /// `return_individual_node_results`; false for every other form).
    pub return_node_results: bool,
    /// `resolved_reproducibility_references` of newer hetida requests: echoed in the
    /// response, never interpreted (Rheo's components need no stored references).
    pub reproducibility_references: Option<Json>,
    /// The Kafka key of the record that asked for this execution (a request in `rheo
    /// serve`, a consumed message in `rheo consume`): Kafka sinks key their messages with it.
    pub record_key: Option<std::sync::Arc<[u8]>>,
}

/// Which request form an entry point accepts: Kafka takes any; hetida's HTTP endpoints
/// each take one and answer 422 naming the missing field otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// Any form (`id`, `revision_group_id` or the legacy `workflowId`).
    Any,
    /// `POST /api/transformations/execute`: `ExecByIdInput` (`id` required).
    ById,
    /// `POST /api/transformations/execute-latest`: `ExecLatestByGroupIdInput`
    /// (`revision_group_id` and `wiring` required).
    LatestOfGroup,
}

/// Why a request could not be understood.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum RequestError {
    /// A field the entry point requires is absent (pydantic's "field required").
    #[error("invalid request: {0}: field required")]
    MissingField(&'static str),
    /// Not valid JSON, or JSON of the wrong shape.
    #[error("invalid request JSON: {0}")]
    InvalidJson(String),
    /// Valid JSON, but no known request form matches.
    #[error("invalid request: {0}")]
    Invalid(String),
    /// Valid JSON, but not an object: serde would otherwise read an array positionally as
    /// the request's fields and answer with a confusing "expected struct WorkflowWiring".
    #[error(
        "invalid request: the request must be a JSON object (an execution request), found {found}"
    )]
    NotAnObject {
        /// What the payload is instead, with its article ("an array", "a string", …).
        found: &'static str,
    },
}

/// All fields of all request forms; decides the form in one parse of the payload.
#[derive(Deserialize)]
struct Envelope {
    id: Option<Json>,
    revision_group_id: Option<Json>,
    wiring: Option<WorkflowWiring>,
    run_pure_plot_operators: Option<Json>,
    job_id: Option<Json>,
    #[serde(rename = "workflowId")]
    workflow_id: Option<Json>,
    configuration: Option<LegacyConfiguration>,
    workflow_wiring: Option<WorkflowWiring>,
    resolved_reproducibility_references: Option<Json>,
}

impl Envelope {
    /// Drops the fields of the forms `expected` excludes; fails when its own required field
    /// is missing.
    fn restricted_to(mut self, expected: Expected) -> Result<Self, RequestError> {
        match expected {
            Expected::Any => {}
            Expected::ById => {
                if self.id.is_none() {
                    return Err(RequestError::MissingField("id"));
                }
                self.revision_group_id = None;
                self.workflow_id = None;
            }
            Expected::LatestOfGroup => {
                if self.revision_group_id.is_none() {
                    return Err(RequestError::MissingField("revision_group_id"));
                }
                if self.wiring.is_none() {
                    return Err(RequestError::MissingField("wiring"));
                }
                self.id = None;
                self.workflow_id = None;
            }
        }
        Ok(self)
    }
}

#[derive(Deserialize)]
struct LegacyConfiguration {
    run_pure_plot_operators: Option<Json>,
}

/// Parses a UUID in any form pydantic accepts and returns it lower-case hyphenated.
pub fn normalize_uuid(field: &str, v: &Json) -> Result<String, RequestError> {
    let s = v
        .as_str()
        .ok_or_else(|| RequestError::Invalid(format!("{field}: value is not a valid uuid")))?;
    Uuid::parse_str(s.trim_start_matches('{').trim_end_matches('}'))
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| RequestError::Invalid(format!("{field}: value is not a valid uuid ({s:?})")))
}

/// pydantic v1 boolean coercion (`true`, `"yes"`, `1`, …).
pub fn coerce_bool(field: &str, v: &Json) -> Result<bool, RequestError> {
    let err = || RequestError::Invalid(format!("{field}: value could not be parsed to a boolean"));
    match v {
        Json::Bool(b) => Ok(*b),
        Json::Number(n) => match n.as_i64() {
            Some(1) => Ok(true),
            Some(0) => Ok(false),
            _ => Err(err()),
        },
        Json::String(s) => match s.to_ascii_lowercase().as_str() {
            "1" | "on" | "t" | "true" | "y" | "yes" => Ok(true),
            "0" | "off" | "f" | "false" | "n" | "no" => Ok(false),
            _ => Err(err()),
        },
        _ => Err(err()),
    }
}

/// Fails unless the payload starts with `{` (after JSON whitespace): valid JSON of another
/// kind gets [`RequestError::NotAnObject`] (its kind told by its first byte), invalid JSON
/// [`RequestError::InvalidJson`]. Only the first byte is looked at for an object, so valid
/// requests are parsed once.
fn reject_non_object(bytes: &[u8]) -> Result<(), RequestError> {
    let first = bytes
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if first == Some(&b'{') {
        return Ok(());
    }
    // Validate without building a tree: a large array would cost many times its size.
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes)
        .map_err(|e| RequestError::InvalidJson(e.to_string()))?;
    let found = match first {
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    };
    Err(RequestError::NotAnObject { found })
}

impl ExecutionRequest {
    /// A request for revision `id` with the given wiring and a fresh job id.
    pub fn new(id: impl Into<String>, wiring: Option<WorkflowWiring>) -> Self {
        ExecutionRequest {
            target: Target::Id(id.into()),
            wiring,
            run_pure_plot_operators: false,
            job_id: Uuid::new_v4(),
            form: RequestForm::Current,
            return_node_results: false,
            reproducibility_references: None,
            record_key: None,
        }
    }

    /// Parses a request payload in any supported form; a request without `job_id` gets a
    /// fresh random one.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, RequestError> {
        Self::from_slice_with_job_id(bytes, None)
    }

    /// Like [`ExecutionRequest::from_slice`], but a request without `job_id` gets
    /// `default_job_id` (the Kafka service derives it from the record's position, so a
    /// redelivered record keeps its job id).
    pub fn from_slice_with_job_id(
        bytes: &[u8],
        default_job_id: Option<Uuid>,
    ) -> Result<Self, RequestError> {
        Self::parse_expecting(bytes, Expected::Any, default_job_id)
    }

    /// Parses a request that must come in the `expected` form; fields of other forms are
    /// ignored, as pydantic ignores unknown fields.
    pub fn parse_expecting(
        bytes: &[u8],
        expected: Expected,
        default_job_id: Option<Uuid>,
    ) -> Result<Self, RequestError> {
        reject_non_object(bytes)?;
        let env: Envelope = serde_json::from_slice(bytes).map_err(|e| {
            if e.is_data() {
                RequestError::Invalid(e.to_string())
            } else {
                RequestError::InvalidJson(e.to_string())
            }
        })?;
        let env = env.restricted_to(expected)?;
        Self::from_envelope(env, default_job_id)
    }

    fn from_envelope(env: Envelope, default_job_id: Option<Uuid>) -> Result<Self, RequestError> {
        let job_id = match &env.job_id {
            None | Some(Json::Null) => default_job_id.unwrap_or_else(Uuid::new_v4),
            Some(v) => Uuid::parse_str(&normalize_uuid("job_id", v)?)
                .map_err(|e| RequestError::Invalid(e.to_string()))?,
        };
        let plots = |v: &Option<Json>| match v {
            None | Some(Json::Null) => Ok(false),
            Some(v) => coerce_bool("run_pure_plot_operators", v),
        };
        if let Some(id) = &env.id {
            return Ok(ExecutionRequest {
                target: Target::Id(normalize_uuid("id", id)?),
                wiring: env.wiring,
                run_pure_plot_operators: plots(&env.run_pure_plot_operators)?,
                job_id,
                form: RequestForm::Current,
                return_node_results: false,
                reproducibility_references: env.resolved_reproducibility_references,
                record_key: None,
            });
        }
        if let Some(gid) = &env.revision_group_id {
            let wiring = env.wiring.ok_or_else(|| {
                RequestError::Invalid(
                    "wiring: field required (execute-latest needs a wiring)".into(),
                )
            })?;
            return Ok(ExecutionRequest {
                target: Target::LatestOfGroup(normalize_uuid("revision_group_id", gid)?),
                wiring: Some(wiring),
                run_pure_plot_operators: plots(&env.run_pure_plot_operators)?,
                job_id,
                form: RequestForm::Current,
                return_node_results: false,
                reproducibility_references: env.resolved_reproducibility_references,
                record_key: None,
            });
        }
        if let Some(wid) = &env.workflow_id {
            let mut wiring = env.workflow_wiring.ok_or_else(|| {
                RequestError::Invalid("workflow_wiring: field required in a legacy request".into())
            })?;
            wiring.adopt_legacy_ids();
            let run_plots = match env.configuration {
                Some(c) => plots(&c.run_pure_plot_operators)?,
                None => false,
            };
            return Ok(ExecutionRequest {
                target: Target::Id(normalize_uuid("workflowId", wid)?),
                wiring: Some(wiring),
                run_pure_plot_operators: run_plots,
                job_id,
                form: RequestForm::Legacy,
                return_node_results: false,
                reproducibility_references: None,
                record_key: None,
            });
        }
        Err(RequestError::Invalid(
            "the request names no transformation: expected `id` (execute), `revision_group_id` \
             (execute-latest) or `workflowId` (legacy ≤0.6 payload)"
                .into(),
        ))
    }
}

/// Splits a console-producer line `key:{...}` into key and JSON; a plain JSON payload has no
/// key. The key is everything before the first `:` that precedes the first `{`.
pub fn split_key(payload: &[u8]) -> (Option<&[u8]>, &[u8]) {
    let trimmed_start = payload
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let p = &payload[trimmed_start..];
    if p.first() == Some(&b'{') {
        return (None, p);
    }
    let brace = p.iter().position(|&b| b == b'{');
    let colon = p.iter().position(|&b| b == b':');
    match (colon, brace) {
        (Some(c), Some(b)) if c < b => (Some(&p[..c]), &p[c + 1..]),
        _ => (None, p),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn splits_console_producer_lines() {
        assert_eq!(split_key(b"{\"a\":1}"), (None, &b"{\"a\":1}"[..]));
        assert_eq!(
            split_key(b"test_executionissuer_1:{\"a\":\"x:y\"}"),
            (
                Some(&b"test_executionissuer_1"[..]),
                &b"{\"a\":\"x:y\"}"[..]
            )
        );
        assert_eq!(split_key(b"  {\"a\":1}"), (None, &b"{\"a\":1}"[..]));
    }
    use super::*;

    #[test]
    fn each_http_endpoint_takes_its_own_form_only() {
        let gid = "57eea09f-d28e-89af-4e81-2027697a3f0f";
        let latest = format!(r#"{{"revision_group_id": "{gid}", "wiring": {{}}}}"#);
        assert_eq!(
            ExecutionRequest::parse_expecting(latest.as_bytes(), Expected::ById, None),
            Err(RequestError::MissingField("id"))
        );
        let r = ExecutionRequest::parse_expecting(latest.as_bytes(), Expected::LatestOfGroup, None)
            .unwrap();
        assert_eq!(r.target, Target::LatestOfGroup(gid.into()));
        let no_wiring = format!(r#"{{"revision_group_id": "{gid}", "id": "{gid}"}}"#);
        assert_eq!(
            ExecutionRequest::parse_expecting(no_wiring.as_bytes(), Expected::LatestOfGroup, None),
            Err(RequestError::MissingField("wiring"))
        );
        // Fields of another form are ignored, not used.
        let both = format!(r#"{{"id": "{gid}", "workflowId": "x", "revision_group_id": 7}}"#);
        let r = ExecutionRequest::parse_expecting(both.as_bytes(), Expected::ById, None).unwrap();
        assert_eq!(r.target, Target::Id(gid.into()));
    }

    #[test]
    fn parses_current_form_with_defaults() {
        let r = ExecutionRequest::from_slice(
            br#"{"id": "57EEA09F-D28E-89AF-4E81-2027697A3F0F", "foo": 1}"#,
        )
        .unwrap();
        assert_eq!(
            r.target,
            Target::Id("57eea09f-d28e-89af-4e81-2027697a3f0f".into())
        );
        assert!(r.wiring.is_none());
        assert!(!r.run_pure_plot_operators);
        assert_eq!(r.form, RequestForm::Current);
    }

    #[test]
    fn parses_execute_latest_and_requires_wiring() {
        let r = ExecutionRequest::from_slice(
            br#"{"revision_group_id": "57eea09f-d28e-89af-4e81-2027697a3f0f", "wiring": {}, "run_pure_plot_operators": "yes"}"#,
        )
        .unwrap();
        assert!(matches!(r.target, Target::LatestOfGroup(_)));
        assert!(r.run_pure_plot_operators);
        let e = ExecutionRequest::from_slice(
            br#"{"revision_group_id": "57eea09f-d28e-89af-4e81-2027697a3f0f"}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("wiring"), "{e}");
    }

    #[test]
    fn parses_legacy_form_and_maps_source_ids() {
        let r = ExecutionRequest::from_slice(
            br#"{"workflowId":"806df1b9-2fc8-4463-943f-3d258c569663","configuration":{"engine":"plain","name":"806df1b9-2fc8-4463-943f-3d258c569663","run_pure_plot_operators":true},
                "workflow_wiring":{"input_wirings":[{"workflow_input_name":"x","adapter_id":"local-file-adapter","source_id":"a.csv","filters":{}}],
                "output_wirings":[{"workflow_output_name":"y","adapter_id":"direct_provisioning","sink_id":null}]}}"#,
        )
        .unwrap();
        assert_eq!(r.form, RequestForm::Legacy);
        assert!(r.run_pure_plot_operators);
        let w = r.wiring.unwrap();
        assert_eq!(w.input_wirings[0].ref_id.as_deref(), Some("a.csv"));
    }

    #[test]
    fn rejects_bad_payloads_with_clear_messages() {
        let e = ExecutionRequest::from_slice(b"{not json").unwrap_err();
        assert!(matches!(e, RequestError::InvalidJson(_)));
        let e = ExecutionRequest::from_slice(br#"{"wiring": {}}"#).unwrap_err();
        assert!(e.to_string().contains("names no transformation"));
        let e = ExecutionRequest::from_slice(br#"{"id": "nope"}"#).unwrap_err();
        assert!(e.to_string().contains("not a valid uuid"));
        let e = ExecutionRequest::from_slice(
            br#"{"id": "57eea09f-d28e-89af-4e81-2027697a3f0f", "wiring": {"input_wirings": [{"workflow_input_name": "a", "adapter_id": 1, "filters": {"value": [1]}}]}}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("str type expected"), "{e}");
    }

    #[test]
    fn rejects_json_that_is_not_an_object() {
        for (payload, found) in [
            (
                &br#"[{"id": "57eea09f-d28e-89af-4e81-2027697a3f0f"}]"#[..],
                "an array",
            ),
            (
                br#"["57eea09f-d28e-89af-4e81-2027697a3f0f", null, 1]"#,
                "an array",
            ),
            (b" \n[]", "an array"),
            (br#""{\"id\": 1}""#, "a string"),
            (b"42", "a number"),
            (b"true", "a boolean"),
            (b"null", "null"),
        ] {
            let e = ExecutionRequest::from_slice(payload).unwrap_err();
            assert_eq!(e, RequestError::NotAnObject { found }, "{e}");
            assert_eq!(
                e.to_string(),
                format!(
                    "invalid request: the request must be a JSON object (an execution request), found {found}"
                )
            );
        }
        let e = ExecutionRequest::from_slice(b"[1, ").unwrap_err();
        assert!(matches!(e, RequestError::InvalidJson(_)), "{e}");
        let e = ExecutionRequest::from_slice(b"").unwrap_err();
        assert!(matches!(e, RequestError::InvalidJson(_)), "{e}");
    }

    #[test]
    fn coerces_filter_scalars_like_pydantic() {
        let w: WorkflowWiring = serde_json::from_str(
            r#"{"input_wirings": [{"workflow_input_name": "a", "adapter_id": 1, "filters": {"value": 5, "other": null, "flag": true}}]}"#,
        )
        .unwrap();
        let f = &w.input_wirings[0].filters;
        assert_eq!(f["value"], "5");
        assert_eq!(f["other"], "");
        assert_eq!(f["flag"], "True");
    }
}
