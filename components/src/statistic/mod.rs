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
        Arc::new(average::COMPONENT),
        Arc::new(infer_window_size::COMPONENT),
        Arc::new(maximum::COMPONENT),
        Arc::new(median::COMPONENT),
        Arc::new(minimum::COMPONENT),
        Arc::new(standard_deviation::COMPONENT),
        Arc::new(standard_scale::COMPONENT),
        Arc::new(moving_average_number::COMPONENT),
        Arc::new(moving_average_time::COMPONENT),
        Arc::new(moving_maximum_number::COMPONENT),
        Arc::new(moving_maximum_time::COMPONENT),
        Arc::new(moving_median_number::COMPONENT),
        Arc::new(moving_median_time::COMPONENT),
        Arc::new(moving_minimum_number::COMPONENT),
        Arc::new(moving_minimum_time::COMPONENT),
        Arc::new(moving_standard_deviation_number::COMPONENT),
        Arc::new(moving_standard_deviation_time::COMPONENT),
        Arc::new(moving_time_window_mean::COMPONENT),
        Arc::new(moving_time_window_median::COMPONENT),
    ]
}
