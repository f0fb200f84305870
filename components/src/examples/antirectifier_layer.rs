//! AntirectifierLayer (`b871f417-a28a-420a-8a5f-752a31d613db`): returns a custom Keras
//! layer class — not available natively.

use super::unsupported::not_supported;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of AntirectifierLayer 1.0.0 (hetida's connector ids, workflows.md
/// Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "b871f417-a28a-420a-8a5f-752a31d613db",
    revision_group_id: "58d842e6-b98a-4085-a832-7ff974471981",
    name: "AntirectifierLayer",
    category: "Examples",
    version_tag: "1.0.0",
    state: State::Released,
    description: "AntirectifierLayer",
    inputs: &[],
    outputs: &[PortSpec::new(
        "AntirectifierLayer",
        "1aa929d4-24f3-400d-8318-cd337958a964",
        DataType::Any,
    )],
};

/// AntirectifierLayer as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// AntirectifierLayer: in hetida a TensorFlow/Keras layer *class* (centre over the last
/// axis, concatenate relu(x) and relu(-x), multiply by a trainable kernel). Rheo has no
/// Keras, so running it always fails with NotSupportedByNativeEngine naming the component.
pub fn run(_inputs: &Inputs) -> Result<Outputs, ComponentError> {
    Err(not_supported(&SPEC, "a TensorFlow/Keras layer class"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_not_supported() {
        let e = run(&Inputs::new()).unwrap_err();
        assert_eq!(e.type_name, "NotSupportedByNativeEngine");
        assert!(e.message.starts_with("AntirectifierLayer (b871f417-"));
    }
}
