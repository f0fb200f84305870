//! Category "Statistic": rolling windows by count and time, aggregates, scaling.

pub mod average;
pub mod infer_window_size;
pub mod maximum;
pub mod median;
pub mod minimum;
pub mod moving_average_number;
pub mod moving_average_time;
pub mod moving_maximum_number;
pub mod moving_maximum_time;
pub mod moving_median_number;
pub mod moving_median_time;
pub mod moving_minimum_number;
pub mod moving_minimum_time;
pub mod moving_standard_deviation_number;
pub mod moving_standard_deviation_time;
pub mod moving_time_window_mean;
pub mod moving_time_window_median;
mod reduce;
pub mod rolling;
pub mod standard_deviation;
pub mod standard_scale;

use crate::Registry;
use std::sync::Arc;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    registry.register(Arc::new(average::Average));
    registry.register(Arc::new(infer_window_size::InferWindowSize));
    registry.register(Arc::new(maximum::Maximum));
    registry.register(Arc::new(median::Median));
    registry.register(Arc::new(minimum::Minimum));
    registry.register(Arc::new(standard_deviation::StandardDeviation));
    registry.register(Arc::new(standard_scale::StandardScale));
    registry.register(Arc::new(moving_average_number::MovingAverageNumber));
    registry.register(Arc::new(moving_average_time::MovingAverageTime));
    registry.register(Arc::new(moving_maximum_number::MovingMaximumNumber));
    registry.register(Arc::new(moving_maximum_time::MovingMaximumTime));
    registry.register(Arc::new(moving_median_number::MovingMedianNumber));
    registry.register(Arc::new(moving_median_time::MovingMedianTime));
    registry.register(Arc::new(moving_minimum_number::MovingMinimumNumber));
    registry.register(Arc::new(moving_minimum_time::MovingMinimumTime));
    registry.register(Arc::new(
        moving_standard_deviation_number::MovingStandardDeviationNumber,
    ));
    registry.register(Arc::new(
        moving_standard_deviation_time::MovingStandardDeviationTime,
    ));
    registry.register(Arc::new(moving_time_window_mean::MovingTimeWindowMean));
    registry.register(Arc::new(moving_time_window_median::MovingTimeWindowMedian));
}
