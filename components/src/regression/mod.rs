//! Category "Regression": least-squares linear regressions.

use rheo_core::component::Component;
use std::sync::Arc;

pub mod linear_regression;
pub mod linear_regression_two_series;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(linear_regression::COMPONENT),
        Arc::new(linear_regression_two_series::COMPONENT),
    ]
}
