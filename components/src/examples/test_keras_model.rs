//! Test Keras Model (`0c4f85b7-1cf1-48be-8cfb-19f228c1f88e`): evaluates a trained Keras
//! model on MNIST — not available natively.

use super::unsupported::not_supported;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Test Keras Model 1.0.0 (hetida's connector ids, workflows.md
/// Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "0c4f85b7-1cf1-48be-8cfb-19f228c1f88e",
    revision_group_id: "5673a16b-7179-48fc-9472-ab6a169896ab",
    name: "Test Keras Model",
    category: "Examples",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Test tensorflow keras model with custom AntirectifierLayer",
    inputs: &[PortSpec::new(
        "trained_model",
        "caeec8a9-7486-49e1-a031-99f1154b8721",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "metrics",
        "bc2a9598-5d1d-47f4-a9e4-781f62151008",
        DataType::Any,
    )],
};

/// Test Keras Model as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Test Keras Model: in hetida downloads the MNIST test split and returns
/// `trained_model.evaluate(...)` as a metric dict. Rheo has neither TensorFlow models nor
/// network datasets, so running it always fails with NotSupportedByNativeEngine naming the
/// component (after the usual check that the input is present).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    inputs.shared("trained_model")?;
    Err(not_supported(
        &SPEC,
        "a trained TensorFlow/Keras model and the MNIST dataset",
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
        i.insert("trained_model", Arc::new(Value::Null));
        let e = run(&i).unwrap_err();
        assert_eq!(e.type_name, "NotSupportedByNativeEngine");
        assert!(e.message.starts_with("Test Keras Model (0c4f85b7-"));
    }

    #[test]
    fn missing_input_is_a_type_error() {
        let e = run(&Inputs::new()).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
    }
}
