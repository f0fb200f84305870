//! Category "Index Operations": sorting, common index, time-shifted tables.

use crate::Registry;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    let _ = registry;
}
