//! Wrap Keras Model with Custom Classes (`5576783d-421e-475b-bec8-5f2e6535c244`): packs a
//! Keras model and its custom classes for persistence — not available natively.

use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Wrap Keras Model with Custom Classes 1.0.0 (hetida's connector
/// ids, workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "5576783d-421e-475b-bec8-5f2e6535c244",
    revision_group_id: "e3a1e276-2aa1-460c-bbc9-c73fa88db2ce",
    name: "Wrap Keras Model with Custom Classes",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Wrap a Keras model together with the custom classes it needs",
    inputs: &[
        PortSpec::new(
            "model",
            "e57d0548-4f98-4245-8ebd-e03cd8daba81",
            DataType::Any,
        ),
        PortSpec::new(
            "custom_objects",
            "dc636b7c-086a-417d-9dd5-b6304eda4d68",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "wrapped_model_with_custom_objects",
        "d59f2ec0-d075-49ef-a517-058c6b3a2150",
        DataType::Any,
    )],
};

/// Wrap Keras Model with Custom Classes as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Wrap Keras Model with Custom Classes: in hetida a `WrappedModelWithCustomObjects`
/// container of a Keras model object and its custom layer classes. Rheo has no Keras model
/// objects, so running it always fails with NotSupportedByNativeEngine naming the component
/// (after the usual check that both inputs are present).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    inputs.shared("model")?;
    inputs.shared("custom_objects")?;
    Err(ComponentError::not_supported(
        "Wrap Keras Model with Custom Classes (5576783d-421e-475b-bec8-5f2e6535c244) needs \
         Keras model objects, which the native engine does not support",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rheo_core::Value;
    use std::sync::Arc;

    #[test]
    fn is_not_supported() {
        let mut i = Inputs::new();
        i.insert("model", Arc::new(Value::Null));
        i.insert(
            "custom_objects",
            Arc::new(Value::Json(serde_json::json!({}))),
        );
        let e = run(&i).unwrap_err();
        assert_eq!(e.type_name, "NotSupportedByNativeEngine");
        assert!(e.message.contains("Wrap Keras Model with Custom Classes"));
    }

    #[test]
    fn missing_input_is_a_type_error() {
        let mut i = Inputs::new();
        i.insert("model", Arc::new(Value::Null));
        let e = run(&i).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        assert!(e.message.contains("'custom_objects'"));
    }
}
