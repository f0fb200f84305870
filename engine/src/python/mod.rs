//! Users' own components, run in Python (opt-in: `python` / `RHEO_PYTHON`).
//!
//! A stored component revision without a native implementation becomes a
//! [`PythonComponent`]: its operators send their inputs to a pool of long-lived Python
//! workers ([`pool`]), which load the revision's code the way hetida's runtime does and call
//! its `main`. Native operators of the same workflow keep running natively. Only code stored
//! through `rheo import` or the HTTP API runs this way; code carried inside a request (the
//! runtime-level `POST /engine/runtime`) never does.
//!
//! Values cross as JSON: series and frames in hetida's wrapped form with their pandas
//! dtypes (Rheo's exact storage encoding), so a component receives what hetida would pass it.

pub mod pool;

use pool::PythonPool;
use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::model::transformation::{Content, TransformationRevision};
use rheo_core::value::json_out::{self, Style};
use rheo_core::value::parse::exact::parse_exact;
use rheo_core::value::parse::{self, Raw};
use rheo_core::ComponentError;
use serde::Deserialize;
use serde_json::Value as Json;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

/// A component revision whose code runs in the Python pool.
pub struct PythonComponent {
    spec: &'static ComponentSpec,
    code: String,
    code_hash: String,
    pool: Arc<PythonPool>,
}

impl PythonComponent {
    /// The Python operator of a stored component revision (`None` for a workflow).
    pub fn of(trafo: &TransformationRevision, pool: Arc<PythonPool>) -> Option<Self> {
        let Content::Code(code) = &trafo.content else {
            return None;
        };
        let code_hash = format!("{:x}", Sha256::digest(code.as_bytes()));
        Some(PythonComponent {
            spec: interned_spec(trafo, &code_hash),
            code: code.clone(),
            code_hash,
            pool,
        })
    }

    /// Python code under a native component's spec.
    fn with_spec(spec: &'static ComponentSpec, code: &str, pool: Arc<PythonPool>) -> Self {
        PythonComponent {
            spec,
            code: code.to_string(),
            code_hash: format!("{:x}", Sha256::digest(code.as_bytes())),
            pool,
        }
    }

    /// The request frame: code, inputs (exact JSON), their types and the wanted outputs.
    fn request(&self, inputs: &Inputs) -> Result<String, ComponentError> {
        let mut body = String::with_capacity(self.code.len() + 256);
        let _ = write!(
            body,
            "{{\"code_hash\":\"{}\",\"code\":{},\"inputs\":{{",
            self.code_hash,
            Json::from(self.code.as_str())
        );
        let mut first = true;
        for port in self.spec.inputs {
            let Ok(value) = inputs.value(port.name) else {
                continue;
            };
            let text = json_out::to_json_string(value, Style::Exact)
                .map_err(|e| ComponentError::value_error(e.to_string()))?;
            if !first {
                body.push(',');
            }
            first = false;
            let _ = write!(body, "{}:{text}", Json::from(port.name));
        }
        let types: serde_json::Map<String, Json> = self
            .spec
            .inputs
            .iter()
            .map(|p| (p.name.to_string(), Json::from(p.data_type.as_str())))
            .collect();
        let outputs: Vec<&str> = self.spec.outputs.iter().map(|p| p.name).collect();
        let _ = write!(
            body,
            "}},\"types\":{},\"outputs\":{}}}",
            Json::Object(types),
            Json::from(outputs)
        );
        Ok(body)
    }

    /// The worker's answer as outputs (parsed by their declared types) or the component's
    /// exception.
    fn outputs(&self, answer: &[u8]) -> Result<Outputs, ComponentError> {
        let answer: Answer = serde_json::from_slice(answer).map_err(|e| {
            ComponentError::new(
                "RuntimeError",
                format!("the Python worker answered something unreadable: {e}"),
            )
        })?;
        if let Some(e) = answer.error {
            return Err(e.into_component_error());
        }
        let mut values = answer.outputs.unwrap_or_default();
        let mut outputs = Outputs::with_capacity(self.spec.outputs.len());
        for port in self.spec.outputs {
            let Some(raw) = values.remove(port.name) else {
                continue;
            };
            let wrapped = raw.get("__hd_wrapped_data_object__").is_some();
            let value = if wrapped {
                parse_exact(raw).map_err(|e| e.to_string())
            } else {
                parse::parse(Raw::Json(Cow::Owned(raw)), port.data_type).map_err(|e| e.to_string())
            }
            .map_err(|e| {
                ComponentError::new(
                    "TypeError",
                    format!(
                        "output '{}' is not a valid {}: {e}",
                        port.name, port.data_type
                    ),
                )
            })?;
            outputs.insert(port.name, Arc::new(value));
        }
        Ok(outputs)
    }
}

impl Component for PythonComponent {
    fn spec(&self) -> &'static ComponentSpec {
        self.spec
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        let request = self.request(inputs)?;
        let answer = self.pool.call(request.as_bytes())?;
        self.outputs(&answer)
    }
}

/// The components whose hetida versions apply a scikit-learn model object: when the model
/// is a Python object (trained by a component run in Python), they run these lines in
/// Python; Rheo's own JSON models still go to the native implementation.
const MODEL_APPLIERS: [(&str, &str); 2] = [
    (
        // Predict Sklearn Trained Model: a frame on data's index, columns 0, 1, …
        "41e8bf16-0a16-6021-33c9-88c2f8336df8",
        "import pandas as pd\n\n\ndef main(*, data, trained_model):\n    \
         return {\"predictions\": pd.DataFrame(trained_model.predict(data), index=data.index)}\n",
    ),
    (
        // Decision Function Sklearn Trained Model: a float series on data's index.
        "f35c4918-0a5d-d29c-f3fa-6cfcd425b0f7",
        "import pandas as pd\n\n\ndef main(*, data, trained_model):\n    \
         values = trained_model.decision_function(data)\n    \
         return {\"predictions\": pd.Series(values, index=data.index, name=\"decision_function_values\")}\n",
    ),
];

/// `native`, or for a model applier the component that sends Python model objects to
/// Python and everything else to `native`.
pub fn with_model_fallback(
    native: Arc<dyn Component>,
    pool: &Arc<PythonPool>,
) -> Arc<dyn Component> {
    let spec = native.spec();
    match MODEL_APPLIERS.iter().find(|(id, _)| *id == spec.id) {
        Some((_, code)) => Arc::new(ModelFallback {
            python: PythonComponent::with_spec(spec, code, pool.clone()),
            native,
        }),
        None => native,
    }
}

/// A model applier that runs in Python when its `trained_model` is a Python object.
struct ModelFallback {
    native: Arc<dyn Component>,
    python: PythonComponent,
}

impl Component for ModelFallback {
    fn spec(&self) -> &'static ComponentSpec {
        self.native.spec()
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        let python_model = matches!(
            inputs.value("trained_model"),
            Ok(rheo_core::Value::Json(Json::Object(m))) if m.contains_key(PYTHON_OBJECT)
        );
        if python_model {
            self.python.run(inputs)
        } else {
            self.native.run(inputs)
        }
    }
}

/// The key of a Python object value (a signed pickle made by a worker).
const PYTHON_OBJECT: &str = "__rheo_python_object__";

/// A worker's answer.
#[derive(Deserialize)]
struct Answer {
    outputs: Option<serde_json::Map<String, Json>>,
    error: Option<Raised>,
}

/// An exception raised by component code.
#[derive(Deserialize)]
struct Raised {
    #[serde(rename = "type")]
    type_name: String,
    message: String,
    error_code: Option<Json>,
    extra_information: Option<Json>,
    traceback: Option<String>,
}

impl Raised {
    fn into_component_error(self) -> ComponentError {
        let mut e = ComponentError::new(self.type_name, self.message);
        e.error_code = self.error_code.filter(|c| !c.is_null()).map(Box::new);
        e.extra_information = self
            .extra_information
            .filter(|x| !x.is_null())
            .map(Box::new);
        e.traceback = self.traceback.map(Box::new);
        e
    }
}

/// Specs of Python components, made once per revision and code (the registry's specs are
/// `'static`; these live as long as the process, a few hundred bytes per revision seen).
fn interned_spec(trafo: &TransformationRevision, code_hash: &str) -> &'static ComponentSpec {
    static SPECS: OnceLock<Mutex<HashMap<(String, String), &'static ComponentSpec>>> =
        OnceLock::new();
    let key = (trafo.id.clone(), code_hash.to_string());
    let mut specs = SPECS
        .get_or_init(Default::default)
        .lock()
        .expect("spec lock");
    specs.entry(key).or_insert_with(|| leak_spec(trafo))
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

fn leak_spec(t: &TransformationRevision) -> &'static ComponentSpec {
    let inputs: Vec<PortSpec> = t
        .io_interface
        .inputs
        .iter()
        .map(|i| PortSpec {
            name: leak(i.name.as_deref().unwrap_or_default()),
            id: leak(&i.id),
            data_type: i.data_type,
            default: None,
        })
        .collect();
    let outputs: Vec<PortSpec> = t
        .io_interface
        .outputs
        .iter()
        .map(|o| {
            PortSpec::new(
                leak(o.name.as_deref().unwrap_or_default()),
                leak(&o.id),
                o.data_type,
            )
        })
        .collect();
    Box::leak(Box::new(ComponentSpec {
        id: leak(&t.id),
        revision_group_id: leak(&t.revision_group_id),
        name: leak(&t.name),
        category: leak(t.category_or_default()),
        version_tag: leak(&t.version_tag),
        state: t.state,
        description: leak(t.description.as_deref().unwrap_or_default()),
        inputs: Box::leak(inputs.into_boxed_slice()),
        outputs: Box::leak(outputs.into_boxed_slice()),
    }))
}
