//! Category "Statistic": rolling windows by count and time, aggregates, scaling.

use crate::Registry;
use std::sync::Arc;

pub mod average;
pub mod infer_window_size;
pub mod maximum;
pub mod median;
pub mod minimum;
mod reduce;
pub mod standard_deviation;
pub mod standard_scale;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    registry.register(Arc::new(average::Average));
    registry.register(Arc::new(infer_window_size::InferWindowSize));
    registry.register(Arc::new(maximum::Maximum));
    registry.register(Arc::new(median::Median));
    registry.register(Arc::new(minimum::Minimum));
    registry.register(Arc::new(standard_deviation::StandardDeviation));
    registry.register(Arc::new(standard_scale::StandardScale));
}
