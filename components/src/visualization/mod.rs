//! Category "Visualization": components producing plotly figures (PLOTLYJSON), plus the
//! shared [`plotly`] figure builders and the further trace builders in [`traces`].

pub mod contour_plot;
pub mod correlation_matrix_heatmap_plot;
pub mod display_table;
pub mod moving_window_aggregated_timeseries_plot;
pub mod pie_chart_plot;
pub mod plotly;
pub mod rul_regression_result_plot;
pub mod scatter_2d_colored_by_index;
pub mod scatter_2d_colored_by_other_series;
pub mod simple_scatter_map_plot;
pub mod timeseries_interval_boxplots;
pub mod traces;
pub mod two_d_grid_generator;
pub mod vertical_bar_plot;

use crate::Registry;
use std::sync::Arc;

/// Adds the Visualization components that have no explicit line in
/// [`Registry::builtin`] (all but the RUL result plot) to `registry`.
pub fn register(registry: &mut Registry) {
    registry.register(Arc::new(two_d_grid_generator::TwoDGridGenerator));
    registry.register(Arc::new(contour_plot::ContourPlot));
    registry.register(Arc::new(
        correlation_matrix_heatmap_plot::CorrelationMatrixHeatmapPlot,
    ));
    registry.register(Arc::new(display_table::DisplayTable));
    registry.register(Arc::new(display_table::DisplayTable100));
    registry.register(Arc::new(
        moving_window_aggregated_timeseries_plot::MovingWindowAggregatedTimeseriesPlot,
    ));
    registry.register(Arc::new(pie_chart_plot::PieChartPlot));
    registry.register(Arc::new(
        scatter_2d_colored_by_index::Scatter2dColoredByIndex,
    ));
    registry.register(Arc::new(
        scatter_2d_colored_by_other_series::Scatter2dColoredByOtherSeries,
    ));
    registry.register(Arc::new(simple_scatter_map_plot::SimpleScatterMapPlot));
    registry.register(Arc::new(
        timeseries_interval_boxplots::TimeseriesIntervalBoxplots,
    ));
    registry.register(Arc::new(vertical_bar_plot::VerticalBarPlot));
}
