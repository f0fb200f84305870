//! Category "Filters": value limits, smoothing, band and outlier filters, expression evaluation, interval selection.
//!
//! Shared helpers of the category live here: row selection and masking of Series/DataFrames
//! (`take_rows`, `mask_column`), missing-value detection (`missing_mask`), value
//! factorisation for duplicate detection (`factorize`) and Python-like errors for
//! non-pandas inputs ([`crate::kernels::elementwise::attribute_error`]). Port ids are hetida's own connector ids; the
//! Python-module components (Correct Time Intervals With Fixed Values, Select Time
//! Intervals, the two Eval Expression components) use hetida's seeded ids.

pub mod butterworth;
pub mod correct_time_intervals_with_fixed_values;
pub mod cut_values_above_limit;
pub mod cut_values_below_limit;
pub mod drop_duplicates;
pub mod drop_nan_values;
pub mod eval_expression_on_dataframe;
pub mod eval_expression_on_series;
pub mod expression;
pub mod highpass_filter;
pub mod lowpass_filter;
pub mod mavg_outlier_filter;
pub mod mavg_smoothing;
pub mod moving_window_mad_band_filter;
pub mod reduce_data_set;
pub mod select_time_intervals;
pub mod time_intervals;

use rheo_core::component::Component;
use std::sync::Arc;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(correct_time_intervals_with_fixed_values::COMPONENT),
        Arc::new(cut_values_above_limit::COMPONENT),
        Arc::new(cut_values_below_limit::COMPONENT),
        Arc::new(drop_duplicates::COMPONENT),
        Arc::new(drop_nan_values::COMPONENT),
        Arc::new(eval_expression_on_dataframe::COMPONENT),
        Arc::new(eval_expression_on_series::COMPONENT),
        Arc::new(highpass_filter::COMPONENT),
        Arc::new(lowpass_filter::COMPONENT),
        Arc::new(reduce_data_set::COMPONENT),
        Arc::new(select_time_intervals::COMPONENT),
        Arc::new(mavg_outlier_filter::COMPONENT),
        Arc::new(mavg_smoothing::COMPONENT),
        Arc::new(moving_window_mad_band_filter::COMPONENT),
    ]
}
