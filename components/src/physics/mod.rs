//! Category "Physics": time to length.

use crate::Registry;
use std::sync::Arc;

pub mod time_to_length;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    registry.register(Arc::new(time_to_length::TimeToLength));
}
