//! Get ExampleClass Object Attributes (`47880b66-dbad-4c89-98c9-d39dd13163dd`): reads
//! `name`, `amount` and `value` from an ExampleClass object.

use crate::kernels::elementwise::attribute_error;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::parse::{parse, Raw};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::Value as Json;
use std::borrow::Cow;
use std::sync::Arc;

/// Identity and ports of Get ExampleClass Object Attributes 1.0.0 (hetida's connector
/// ids, workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "47880b66-dbad-4c89-98c9-d39dd13163dd",
    revision_group_id: "da990513-b0ce-41e1-ba1b-4c62c0ad798a",
    name: "Get ExampleClass Object Attributes",
    category: "Examples",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Output all attributes of a given ExampleClass entity",
    inputs: &[PortSpec::new(
        "example_class_object",
        "ae9ad473-be37-4e0c-8e78-2a01b24ffd3e",
        DataType::Any,
    )],
    outputs: &[
        PortSpec::new(
            "name",
            "6462b468-7b45-4c75-87d1-644981a20cd9",
            DataType::String,
        ),
        PortSpec::new(
            "amount",
            "8c5ba5ca-9103-4852-9374-6693a57ba044",
            DataType::Int,
        ),
        PortSpec::new(
            "value",
            "5cbe117e-dae2-420b-81aa-f5c438a5eeb3",
            DataType::Float,
        ),
    ],
};

/// Get ExampleClass Object Attributes as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Get ExampleClass Object Attributes: hetida reads the attributes `name`, `amount`,
/// `value` of the given object and returns them unchanged (no type coercion). Natively an
/// ExampleClass object is a JSON object (as built by Create ExampleClass Object, loaded by
/// Load Object or given as a workflow input); the three keys are returned as values (JSON
/// numbers become INT/FLOAT, strings STRING, null None, nested JSON stays JSON).
///
/// Errors: a missing key raises AttributeError "'dict' object has no attribute '`<key>`'";
/// a value that is not a JSON object raises AttributeError naming its Python type (as
/// attribute access on e.g. an int would).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let v = inputs.value("example_class_object")?;
    let Value::Json(Json::Object(obj)) = v else {
        return Err(attribute_error(v, "name"));
    };
    let mut out = Outputs::new();
    for (key, port) in [("name", "name"), ("amount", "amount"), ("value", "value")] {
        let j = obj.get(key).ok_or_else(|| attribute_error(v, key))?;
        let value = match j {
            // A JSON string stays a string (ANY parsing would try to decode it).
            Json::String(s) => Value::Str(s.clone()),
            Json::Null => Value::Null,
            other => parse(Raw::Json(Cow::Borrowed(other)), DataType::Any)
                .map_err(|e| ComponentError::value_error(e.message))?,
        };
        out.insert(port, Arc::new(value));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(v: Value) -> Result<Outputs, ComponentError> {
        let mut i = Inputs::new();
        i.insert("example_class_object", Arc::new(v));
        super::run(&i)
    }

    #[test]
    fn reads_the_three_attributes() {
        let out = run(Value::Json(
            json!({"name": "pump", "amount": 3, "value": 2.5, "extra": true}),
        ))
        .unwrap();
        assert_eq!(
            out.keys().copied().collect::<Vec<_>>(),
            ["name", "amount", "value"]
        );
        assert_eq!(*out["name"], Value::Str("pump".into()));
        assert_eq!(*out["amount"], Value::Int(3));
        assert_eq!(*out["value"], Value::Float(2.5));
    }

    #[test]
    fn values_are_not_coerced() {
        // A string that looks like JSON stays a string; null stays None; an integral
        // "value" stays an int, as Python would return it.
        let out = run(Value::Json(
            json!({"name": "42", "amount": null, "value": 1}),
        ))
        .unwrap();
        assert_eq!(*out["name"], Value::Str("42".into()));
        assert_eq!(*out["amount"], Value::Null);
        assert_eq!(*out["value"], Value::Int(1));
    }

    #[test]
    fn missing_attribute_is_an_attribute_error() {
        let e = run(Value::Json(json!({"name": "a", "value": 1.0}))).unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
        assert_eq!(e.message, "'dict' object has no attribute 'amount'");
        let e = run(Value::Int(5)).unwrap_err();
        assert_eq!(e.message, "'int' object has no attribute 'name'");
    }
}
