//! Category "Visualization": components producing plotly figures (PLOTLYJSON), plus the
//! shared [`plotly`] figure builders, the further trace builders in [`traces`] and the
//! [`plot_util`] input/layout helpers of the time series plots.

pub mod band_filter_plot;
pub mod compare_timeshifted_timeseries;
pub mod compare_two_timeseries_plot;
pub mod contour_plot;
pub mod correlation_matrix_heatmap_plot;
pub mod dataframe_plot_with_multiple_x_and_y_axes;
pub mod display_table;
pub mod moving_window_aggregated_timeseries_plot;
pub mod multitsframe_plot_with_multiple_y_axes;
pub mod pie_chart_plot;
pub mod plot_time_series_and_value_intervals;
pub mod plot_util;
pub mod plotly;
pub mod rul_regression_result_plot;
pub mod scatter_2d_colored_by_index;
pub mod scatter_2d_colored_by_other_series;
pub mod simple_scatter_map_plot;
pub mod single_timeseries_plot;
pub mod timeseries_and_alerts_plot;
pub mod timeseries_dataframe_plot;
pub mod timeseries_dataframe_plot_with_multiple_y_axes;
pub mod timeseries_interval_boxplots;
pub mod timeseries_plot_with_multiple_movable_x_and_y_axes;
pub mod timeseries_substitution_plot;
pub mod traces;
pub mod two_d_grid_generator;
pub mod two_timeseries_with_two_y_axes_plot;
pub mod vertical_bar_plot;

#[cfg(test)]
pub(crate) mod schema;
#[cfg(test)]
pub(crate) mod test_support;

use rheo_core::component::Component;
use std::sync::Arc;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(rul_regression_result_plot::COMPONENT),
        Arc::new(band_filter_plot::COMPONENT),
        Arc::new(compare_timeshifted_timeseries::COMPONENT),
        Arc::new(compare_two_timeseries_plot::COMPONENT),
        Arc::new(dataframe_plot_with_multiple_x_and_y_axes::COMPONENT),
        Arc::new(multitsframe_plot_with_multiple_y_axes::COMPONENT),
        Arc::new(plot_time_series_and_value_intervals::COMPONENT),
        Arc::new(single_timeseries_plot::COMPONENT),
        Arc::new(timeseries_and_alerts_plot::COMPONENT),
        Arc::new(timeseries_dataframe_plot::COMPONENT),
        Arc::new(timeseries_dataframe_plot_with_multiple_y_axes::COMPONENT),
        Arc::new(timeseries_plot_with_multiple_movable_x_and_y_axes::COMPONENT),
        Arc::new(timeseries_substitution_plot::COMPONENT),
        Arc::new(two_timeseries_with_two_y_axes_plot::COMPONENT),
        Arc::new(two_d_grid_generator::COMPONENT),
        Arc::new(contour_plot::COMPONENT),
        Arc::new(correlation_matrix_heatmap_plot::COMPONENT),
        Arc::new(display_table::COMPONENT),
        Arc::new(display_table::COMPONENT_1_0_0),
        Arc::new(moving_window_aggregated_timeseries_plot::COMPONENT),
        Arc::new(pie_chart_plot::COMPONENT),
        Arc::new(scatter_2d_colored_by_index::COMPONENT),
        Arc::new(scatter_2d_colored_by_other_series::COMPONENT),
        Arc::new(simple_scatter_map_plot::COMPONENT),
        Arc::new(timeseries_interval_boxplots::COMPONENT),
        Arc::new(vertical_bar_plot::COMPONENT),
    ]
}
