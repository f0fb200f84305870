//! Category "Regression": least-squares linear regressions.

use crate::Registry;
use std::sync::Arc;

pub mod linear_regression;
pub mod linear_regression_two_series;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    registry.register(Arc::new(linear_regression::LinearRegression));
    registry.register(Arc::new(
        linear_regression_two_series::LinearRegressionTwoSeries,
    ));
}
