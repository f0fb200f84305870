//! Category "Test": CPU-bound load and time-series summaries for testing deployments.

use crate::Registry;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    let _ = registry;
}
