//! Category "Filters": value limits, smoothing, band and outlier filters, expression evaluation, interval selection.

use crate::Registry;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    let _ = registry;
}
