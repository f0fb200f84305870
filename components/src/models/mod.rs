//! Category "Models": components applying trained models. hetida passes pickled
//! scikit-learn objects; Rheo applies the models its own components train natively
//! ([`native`]) and refuses anything else.

use crate::Registry;
use std::sync::Arc;

pub mod decision_function_sklearn_trained_model;
pub mod native;
pub mod predict_sklearn_trained_model;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    registry.register(Arc::new(
        decision_function_sklearn_trained_model::DecisionFunctionSklearnTrainedModel,
    ));
    registry.register(Arc::new(
        predict_sklearn_trained_model::PredictSklearnTrainedModel,
    ));
}
