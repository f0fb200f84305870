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
pub mod standard_deviation;
pub mod standard_scale;

#[cfg(test)]
mod tests;

use rheo_core::component::Component;
use std::sync::Arc;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(average::Average),
        Arc::new(infer_window_size::InferWindowSize),
        Arc::new(maximum::Maximum),
        Arc::new(median::Median),
        Arc::new(minimum::Minimum),
        Arc::new(standard_deviation::StandardDeviation),
        Arc::new(standard_scale::StandardScale),
        Arc::new(moving_average_number::MovingAverageNumber),
        Arc::new(moving_average_time::MovingAverageTime),
        Arc::new(moving_maximum_number::MovingMaximumNumber),
        Arc::new(moving_maximum_time::MovingMaximumTime),
        Arc::new(moving_median_number::MovingMedianNumber),
        Arc::new(moving_median_time::MovingMedianTime),
        Arc::new(moving_minimum_number::MovingMinimumNumber),
        Arc::new(moving_minimum_time::MovingMinimumTime),
        Arc::new(moving_standard_deviation_number::MovingStandardDeviationNumber),
        Arc::new(moving_standard_deviation_time::MovingStandardDeviationTime),
        Arc::new(moving_time_window_mean::MovingTimeWindowMean),
        Arc::new(moving_time_window_median::MovingTimeWindowMedian),
    ]
}
