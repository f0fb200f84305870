//! The error of the examples that need TensorFlow/Keras objects.

use rheo_core::component::ComponentSpec;
use rheo_core::ComponentError;

/// The `NotSupportedByNativeEngine` error of a component that needs TensorFlow/Keras
/// objects, naming the component and its id.
pub fn not_supported(spec: &ComponentSpec, needs: &str) -> ComponentError {
    ComponentError::not_supported(format!(
        "{} ({}) needs {needs}; not supported by the native engine",
        spec.name, spec.id
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::example_class;

    #[test]
    fn not_supported_names_the_component() {
        let e = not_supported(&example_class::SPEC, "X");
        assert_eq!(e.type_name, "NotSupportedByNativeEngine");
        assert_eq!(
            e.message,
            "ExampleClass (fd0464cb-4691-4ce1-bb2b-9efbcc7626f4) needs X; not supported by \
             the native engine"
        );
    }
}
