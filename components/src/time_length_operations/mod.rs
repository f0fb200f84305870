//! Category "Time length operations": resampling, interpolation, shifting, gaps, level crossings.
//!
//! Shared helpers of the category live here: the pandas resampling grid (origin
//! "start_day", left-closed, left-labelled bins of a fixed frequency), `pd.to_datetime` on an
//! index, `pd.Timedelta` string parsing, numpy's `interp` fill of NaN runs, and small
//! accessors that treat a Series and a DataFrame alike (index + value columns).

pub mod add_timedelta_to_index;
pub mod count_level_crossings;
pub mod linear_interpolation_datetime_index;
pub mod linear_interpolation_numeric_index;
pub mod merge_timeseries_deduplicating_timestamps;
pub mod resample_datetime_index_using_mean;
pub mod resample_numeric_index_using_mean;
pub mod shift_datetime_index;
pub mod shift_values;
pub mod time_gaps;

use rheo_core::component::Component;
use std::sync::Arc;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(add_timedelta_to_index::COMPONENT),
        Arc::new(count_level_crossings::COMPONENT),
        Arc::new(linear_interpolation_datetime_index::COMPONENT),
        Arc::new(linear_interpolation_numeric_index::COMPONENT),
        Arc::new(merge_timeseries_deduplicating_timestamps::COMPONENT),
        Arc::new(resample_datetime_index_using_mean::COMPONENT),
        Arc::new(resample_numeric_index_using_mean::COMPONENT),
        Arc::new(shift_datetime_index::COMPONENT),
        Arc::new(shift_values::COMPONENT),
        Arc::new(time_gaps::COMPONENT),
    ]
}
