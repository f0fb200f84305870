//! ExampleClass (`fd0464cb-4691-4ce1-bb2b-9efbcc7626f4`): emits the "ExampleClass" class
//! (attributes `name`, `amount`, `value`) as a JSON class descriptor.

use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::{json, Value as Json};
use std::sync::Arc;

/// Identity and ports of ExampleClass 1.0.0 (hetida's connector ids, workflows.md
/// Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "fd0464cb-4691-4ce1-bb2b-9efbcc7626f4",
    revision_group_id: "59cc4583-0b84-4fef-8076-468b6f150edd",
    name: "ExampleClass",
    category: "Examples",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Define a class named ExampleClass",
    inputs: &[],
    outputs: &[PortSpec::new(
        "ExampleClass",
        "c00635c2-3183-4e10-9fbb-18ac16f4660c",
        DataType::Any,
    )],
};

/// The class name carried by the descriptor.
pub const CLASS_NAME: &str = "ExampleClass";
/// The attributes an ExampleClass instance has, in constructor order.
pub const ATTRIBUTES: [&str; 3] = ["name", "amount", "value"];

/// The JSON stand-in for the Python class: `{"__class__": "ExampleClass",
/// "__attributes__": ["name", "amount", "value"]}`.
pub fn class_descriptor() -> Json {
    json!({ "__class__": CLASS_NAME, "__attributes__": ATTRIBUTES })
}

/// ExampleClass as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// ExampleClass: in hetida the output is a Python class object whose constructor sets
/// `name`, `amount` and `value`. Rheo has no Python classes; the output is the JSON class
/// descriptor of [`class_descriptor`], which Create ExampleClass Object "calls" to build an
/// instance (a JSON object with the three attributes). Deviation: the descriptor is plain
/// JSON, so — unlike a Python class — it also survives JSON serialisation (workflow
/// outputs, Store Object).
pub fn run(_inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let mut out = Outputs::new();
    out.insert("ExampleClass", Arc::new(Value::Json(class_descriptor())));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emits_the_class_descriptor() {
        let out = run(&Inputs::new()).unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(
            *out["ExampleClass"],
            Value::Json(json!({
                "__class__": "ExampleClass",
                "__attributes__": ["name", "amount", "value"]
            }))
        );
    }

    #[test]
    fn ignores_unexpected_inputs() {
        // hetida would reject extra keyword arguments before calling; the engine only ever
        // passes declared inputs, so extra ones are simply not read.
        let mut i = Inputs::new();
        i.insert("x", Arc::new(Value::Int(1)));
        let out = run(&i).unwrap();
        assert_eq!(*out["ExampleClass"], Value::Json(class_descriptor()));
    }
}
