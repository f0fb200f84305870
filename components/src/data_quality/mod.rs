//! Category "Data Quality": gap detection, range checks, substitution, interpolation.

use crate::Registry;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    let _ = registry;
}
