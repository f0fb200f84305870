//! Category "Anomaly Detection": volatility scores, alerts from scores, a seeded isolation forest.

use crate::Registry;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    let _ = registry;
}
