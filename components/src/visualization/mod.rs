//! Category "Visualization": components producing plotly figures (PLOTLYJSON), plus the
//! shared [`plotly`] figure builders.

pub mod plotly;
pub mod rul_regression_result_plot;
