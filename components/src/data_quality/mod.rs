//! Category "Data Quality": gap detection, range checks, substitution, interpolation.

pub mod apply_substitution_timeseries;
pub mod fixed_replacement_value;
pub mod gap_detection_intervals;
pub(crate) mod gaps;
pub mod interpolate_timeseries;
pub mod replacement_locations_for_gaps;
pub mod value_range_check;

use crate::Registry;
use std::sync::Arc;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    registry.register(Arc::new(
        apply_substitution_timeseries::ApplySubstitutionTimeseries,
    ));
    registry.register(Arc::new(fixed_replacement_value::FixedReplacementValue));
    registry.register(Arc::new(gap_detection_intervals::GapDetectionIntervals));
    registry.register(Arc::new(interpolate_timeseries::InterpolateTimeseries));
    registry.register(Arc::new(
        replacement_locations_for_gaps::ReplacementLocationsForGaps,
    ));
    registry.register(Arc::new(value_range_check::ValueRangeCheck));
}
