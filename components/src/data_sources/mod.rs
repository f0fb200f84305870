//! Category "Data Sources": loading stored objects and R datasets.

use crate::Registry;
use std::sync::Arc;

pub mod get_r_dataset;
pub mod load_object;

/// Adds every component of this category to `registry`.
pub fn register(registry: &mut Registry) {
    registry.register(Arc::new(get_r_dataset::GetRDataset));
    registry.register(Arc::new(load_object::LoadObject));
}
