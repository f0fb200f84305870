//! Category "Examples": Python object handling examples on ANY values.
//!
//! hetida's examples pass Python classes and instances between operators. Natively a
//! "class" is a JSON descriptor ([`example_class::class_descriptor`]) and an "instance" a
//! JSON object holding the class's attributes. The three TensorFlow/Keras examples fail
//! with `NotSupportedByNativeEngine` ([`not_supported`]).

use rheo_core::component::Component;
use rheo_core::component::ComponentSpec;
use rheo_core::ComponentError;
use std::sync::Arc;

pub mod antirectifier_layer;
pub mod create_example_class_object;
pub mod example_class;
pub mod get_example_class_object_attributes;
pub mod test_keras_model;
pub mod train_keras_model_with_custom_layer;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(antirectifier_layer::AntirectifierLayer),
        Arc::new(create_example_class_object::CreateExampleClassObject),
        Arc::new(example_class::ExampleClass),
        Arc::new(get_example_class_object_attributes::GetExampleClassObjectAttributes),
        Arc::new(test_keras_model::TestKerasModel),
        Arc::new(train_keras_model_with_custom_layer::TrainKerasModelWithCustomLayer),
    ]
}

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

    #[test]
    fn all_six_are_registered_in_category_examples() {
        let list = components();
        assert_eq!(list.len(), 6);
        assert!(list.iter().all(|c| c.spec().category == "Examples"));
    }

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
