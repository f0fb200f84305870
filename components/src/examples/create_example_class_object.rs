//! Create ExampleClass Object (`81142909-2bd5-43ea-ba35-de5068a5f8d8`): instantiates the
//! class received from ExampleClass with `name`, `amount` and `value`.

use super::example_class::{ATTRIBUTES, CLASS_NAME};
use crate::kernels::elementwise::py_type;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::{Map, Value as Json};
use std::sync::Arc;

/// Identity and ports of Create ExampleClass Object 1.0.0 (hetida's connector ids,
/// workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "81142909-2bd5-43ea-ba35-de5068a5f8d8",
    revision_group_id: "1545b944-d54b-4de2-949a-f11ef530678d",
    name: "Create ExampleClass Object",
    category: "Examples",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Create an ExampleClass object",
    inputs: &[
        PortSpec::new(
            "ExampleClass",
            "18a6c776-bd73-48e7-814a-d86cbf3e87cc",
            DataType::Any,
        ),
        PortSpec::new(
            "name",
            "c53cec03-7ec0-4e69-92d1-7868ff26f4df",
            DataType::String,
        ),
        PortSpec::new(
            "amount",
            "cff50eea-8660-4e8a-8648-e381ab482a68",
            DataType::Int,
        ),
        PortSpec::new(
            "value",
            "9b8a1514-1756-4944-aec0-78abc2669367",
            DataType::Float,
        ),
    ],
    outputs: &[PortSpec::new(
        "example_class_object",
        "0b207b91-9be4-40cf-9575-0a7105e61ebd",
        DataType::Any,
    )],
};

/// Create ExampleClass Object as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// The attribute value stored in the JSON instance.
fn attribute(name: &str, v: &Value) -> Result<Json, ComponentError> {
    Ok(match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::Str(s) => Json::String(s.clone()),
        Value::Json(j) => j.clone(),
        Value::Series(_) | Value::Frame(_) => {
            return Err(ComponentError::type_error(format!(
                "attribute '{name}' of an ExampleClass object must be a JSON value natively, \
                 got a {}",
                py_type(v)
            )))
        }
    })
}

fn is_class(v: &Value) -> bool {
    matches!(v, Value::Json(Json::Object(o))
        if o.get("__class__").and_then(Json::as_str) == Some(CLASS_NAME))
}

/// Create ExampleClass Object: hetida calls the class object on the `ExampleClass` input
/// with the keyword arguments `name`, `amount`, `value`. Natively the input must be the
/// class descriptor emitted by ExampleClass (`{"__class__": "ExampleClass", …}`); the
/// output "instance" is the JSON object `{"name": name, "amount": amount, "value": value}`,
/// the three inputs stored as they arrive (no type coercion, as in the Python constructor;
/// a non-finite float becomes JSON null).
///
/// Errors: any other `ExampleClass` value raises TypeError "'`<type>`' object is not
/// callable", as calling a non-class would in Python (a JSON object that is not the
/// ExampleClass descriptor counts as a `dict`). Series, frames and nested JSON are accepted
/// as attribute values only where they are JSON (series/frames raise TypeError, since the
/// instance must be JSON).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let class = inputs.value("ExampleClass")?;
    let values = [
        inputs.value("name")?,
        inputs.value("amount")?,
        inputs.value("value")?,
    ];
    if !is_class(class) {
        return Err(ComponentError::type_error(format!(
            "'{}' object is not callable",
            py_type(class)
        )));
    }
    let mut obj = Map::new();
    for (name, v) in ATTRIBUTES.iter().zip(values) {
        obj.insert((*name).to_string(), attribute(name, v)?);
    }
    let mut out = Outputs::new();
    out.insert(
        "example_class_object",
        Arc::new(Value::Json(Json::Object(obj))),
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::example_class::class_descriptor;
    use super::*;
    use serde_json::json;

    fn run(
        class: Value,
        name: Value,
        amount: Value,
        value: Value,
    ) -> Result<Value, ComponentError> {
        let mut i = Inputs::new();
        i.insert("ExampleClass", Arc::new(class));
        i.insert("name", Arc::new(name));
        i.insert("amount", Arc::new(amount));
        i.insert("value", Arc::new(value));
        Ok(super::run(&i)?["example_class_object"].as_ref().clone())
    }

    #[test]
    fn instantiates_the_class() {
        let v = run(
            Value::Json(class_descriptor()),
            Value::Str("pump".into()),
            Value::Int(3),
            Value::Float(2.5),
        )
        .unwrap();
        assert_eq!(
            v,
            Value::Json(json!({"name": "pump", "amount": 3, "value": 2.5}))
        );
    }

    #[test]
    fn edge_values_are_kept_as_given() {
        // Empty name, negative amount, NaN value (→ null: JSON has no NaN).
        let v = run(
            Value::Json(class_descriptor()),
            Value::Str(String::new()),
            Value::Int(-1),
            Value::Float(f64::NAN),
        )
        .unwrap();
        assert_eq!(
            v,
            Value::Json(json!({"name": "", "amount": -1, "value": null}))
        );
    }

    #[test]
    fn non_class_is_not_callable() {
        let e = run(
            Value::Json(json!({"name": "x"})),
            Value::Str("a".into()),
            Value::Int(1),
            Value::Float(1.0),
        )
        .unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        assert_eq!(e.message, "'dict' object is not callable");
        let e = run(
            Value::Int(1),
            Value::Str("a".into()),
            Value::Int(1),
            Value::Float(1.0),
        )
        .unwrap_err();
        assert_eq!(e.message, "'int' object is not callable");
    }

    #[test]
    fn missing_input_is_a_type_error() {
        let mut i = Inputs::new();
        i.insert("ExampleClass", Arc::new(Value::Json(class_descriptor())));
        let e = super::run(&i).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        assert!(e.message.contains("'name'"));
    }
}
