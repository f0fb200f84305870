//! Category "Filters": value limits, smoothing, band and outlier filters, expression evaluation, interval selection.

pub mod mavg_outlier_filter;
pub mod mavg_smoothing;
pub mod moving_window_mad_band_filter;

use crate::Registry;
use std::sync::Arc;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    registry.register(Arc::new(mavg_outlier_filter::MavgOutlierFilter));
    registry.register(Arc::new(mavg_smoothing::MavgSmoothing));
    registry.register(Arc::new(
        moving_window_mad_band_filter::MovingWindowMadBandFilter,
    ));
}
