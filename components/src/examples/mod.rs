//! Category "Examples": Python object handling examples on ANY values.
//!
//! hetida's examples pass Python classes and instances between operators. Natively a
//! "class" is a JSON descriptor ([`example_class::class_descriptor`]) and an "instance" a
//! JSON object holding the class's attributes. The three TensorFlow/Keras examples fail
//! with `NotSupportedByNativeEngine` ([`unsupported::not_supported`]).

use rheo_core::component::Component;
use std::sync::Arc;

pub mod antirectifier_layer;
pub mod create_example_class_object;
pub mod example_class;
pub mod get_example_class_object_attributes;
pub mod test_keras_model;
pub mod train_keras_model_with_custom_layer;
pub mod unsupported;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(antirectifier_layer::COMPONENT),
        Arc::new(create_example_class_object::COMPONENT),
        Arc::new(example_class::COMPONENT),
        Arc::new(get_example_class_object_attributes::COMPONENT),
        Arc::new(test_keras_model::COMPONENT),
        Arc::new(train_keras_model_with_custom_layer::COMPONENT),
    ]
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
}
