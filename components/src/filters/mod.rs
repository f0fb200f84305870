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
        Arc::new(correct_time_intervals_with_fixed_values::CorrectTimeIntervalsWithFixedValues),
        Arc::new(cut_values_above_limit::CutValuesAboveLimit),
        Arc::new(cut_values_below_limit::CutValuesBelowLimit),
        Arc::new(drop_duplicates::DropDuplicates),
        Arc::new(drop_nan_values::DropNanValues),
        Arc::new(eval_expression_on_dataframe::EvalExpressionOnDataFrame),
        Arc::new(eval_expression_on_series::EvalExpressionOnSeries),
        Arc::new(highpass_filter::HighpassFilter),
        Arc::new(lowpass_filter::LowpassFilter),
        Arc::new(reduce_data_set::ReduceDataSet),
        Arc::new(select_time_intervals::SelectTimeIntervals),
        Arc::new(mavg_outlier_filter::MavgOutlierFilter),
        Arc::new(mavg_smoothing::MavgSmoothing),
        Arc::new(moving_window_mad_band_filter::MovingWindowMadBandFilter),
    ]
}
