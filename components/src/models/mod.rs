//! Category "Models": components applying trained models. hetida passes pickled
//! scikit-learn objects; Rheo applies the models its own components train natively
//! ([`crate::kernels::estimators::native`]) and refuses anything else.

use rheo_core::component::Component;
use std::sync::Arc;

pub mod decision_function_sklearn_trained_model;
pub mod predict_sklearn_trained_model;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(decision_function_sklearn_trained_model::COMPONENT),
        Arc::new(predict_sklearn_trained_model::COMPONENT),
    ]
}
