//! Category "Visualization": components producing plotly figures (PLOTLYJSON), plus the
//! shared [`plotly`] figure builders.

pub mod plotly;
pub mod rul_regression_result_plot;

use crate::Registry;

/// Adds the Visualization components that have no explicit line in
/// [`Registry::builtin`] (all but the RUL result plot) to `registry`.
pub fn register(registry: &mut Registry) {
    let _ = registry;
}
