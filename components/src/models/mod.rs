//! Category "Models": components applying pickled scikit-learn models (not supported natively).

use crate::Registry;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    let _ = registry;
}
