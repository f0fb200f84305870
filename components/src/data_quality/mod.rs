//! Category "Data Quality": gap detection, range checks, substitution, interpolation.

pub mod apply_substitution_timeseries;
pub mod fixed_replacement_value;
pub mod gap_detection_intervals;
pub(crate) mod gaps;
pub mod interpolate_timeseries;
pub mod replacement_locations_for_gaps;
pub mod value_range_check;

use rheo_core::component::Component;
use std::sync::Arc;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(apply_substitution_timeseries::COMPONENT),
        Arc::new(fixed_replacement_value::COMPONENT),
        Arc::new(gap_detection_intervals::COMPONENT),
        Arc::new(interpolate_timeseries::COMPONENT),
        Arc::new(replacement_locations_for_gaps::COMPONENT),
        Arc::new(value_range_check::COMPONENT),
    ]
}
