//! Category "Remaining Useful Life": trend extrapolation to a limit.

pub mod univariate_linear_rul_regression;

use rheo_core::component::Component;
use std::sync::Arc;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![Arc::new(univariate_linear_rul_regression::COMPONENT)]
}
