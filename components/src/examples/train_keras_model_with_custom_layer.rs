//! Train Keras Model with Custom Layer (`66fad534-24b0-4188-a4ad-62429497d8f1`): trains a
//! Keras model on MNIST — not available natively.

use super::unsupported::not_supported;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Train Keras Model with Custom Layer 1.0.0 (hetida's connector
/// ids, workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "66fad534-24b0-4188-a4ad-62429497d8f1",
    revision_group_id: "1fb6b27d-53b6-4442-98d9-e053d07aa8a2",
    name: "Train Keras Model with Custom Layer",
    category: "Examples",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Train tensorflow keras model with custom AntirectifierLayer",
    inputs: &[PortSpec::new(
        "AntirectifierLayer",
        "8891fc29-bb60-4cb3-8eed-7288c58a2777",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "trained_model",
        "8fd0c821-349e-4d1c-a722-1052e0cefbff",
        DataType::Any,
    )],
};

/// Train Keras Model with Custom Layer as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Train Keras Model with Custom Layer: in hetida builds a Sequential model around the
/// AntirectifierLayer class and trains it for 20 epochs on MNIST. Rheo has no TensorFlow,
/// so running it always fails with NotSupportedByNativeEngine naming the component (after
/// the usual check that the input is present).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    inputs.shared("AntirectifierLayer")?;
    Err(not_supported(
        &SPEC,
        "TensorFlow/Keras to train a model on the MNIST dataset",
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
        i.insert("AntirectifierLayer", Arc::new(Value::Null));
        let e = run(&i).unwrap_err();
        assert_eq!(e.type_name, "NotSupportedByNativeEngine");
        assert!(e
            .message
            .starts_with("Train Keras Model with Custom Layer (66fad534-"));
    }

    #[test]
    fn missing_input_is_a_type_error() {
        let e = run(&Inputs::new()).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
    }
}
