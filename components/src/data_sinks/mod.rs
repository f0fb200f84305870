//! Category "Data Sinks": storing objects.

use crate::Registry;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    let _ = registry;
}
