//! Category "Data Sinks": storing objects.
//!
//! [`object_store`] is the local object store shared with Load Object (Data Sources).

use crate::Registry;
use std::sync::Arc;

pub mod object_store;
pub mod store_object;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    registry.register(Arc::new(store_object::StoreObject));
}
